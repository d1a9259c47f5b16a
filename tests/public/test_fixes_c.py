"""Regression tests of the fixes found by the cases in ``more_cases_c.py``."""

from __future__ import annotations

import numpy as np
import pytest

from adamtheory.paper.adagrad_rmsprop import studies as ar_studies
from adamtheory.paper.adamax import studies as ax_studies


def test_adamax_limit_study_refuses_a_two_point_fit():
    # was: a fit on 2 points with low = -inf, high = inf
    with pytest.raises(ValueError, match="fit_from"):
        ax_studies.adamax_limit_study([1.0, 8.0, 16.0], T=5, fit_from=8.0)


@pytest.mark.parametrize("fit_from", [0.0, -1.0])
def test_adamax_limit_study_refuses_a_nonpositive_fit_from(fit_from):
    with pytest.raises(ValueError, match="fit_from"):
        ax_studies.adamax_limit_study(T=5, fit_from=fit_from)


def test_adamax_limit_study_fit_is_finite_or_raises():
    study = ax_studies.adamax_limit_study([1.0, 4.0, 8.0, 16.0], T=5, fit_from=2.0)
    assert all(np.isfinite(v) for v in study.fit)
    with pytest.raises(FloatingPointError):  # was: a raw ValueError of the log-log fit
        ax_studies.adamax_limit_study(T=5, alpha=5e-324)
    with pytest.raises(FloatingPointError):  # was: a nan fit
        ax_studies.adamax_limit_study(T=5, beta2=0.0)


def test_adagrad_limit_study_refuses_a_two_point_fit_and_overflow():
    with pytest.raises(ValueError, match="one_minus_beta2"):
        ar_studies.adagrad_limit_study([1e-3, 1e-2], T=5)
    with pytest.raises(FloatingPointError):  # was: a raw RuntimeWarning
        ar_studies.adagrad_limit_study([1e-4, 1e-3, 1e-2], T=5, alpha=1.2e308)


@pytest.mark.parametrize("problem", [None, "x", 3])
def test_failures_helpers_name_a_non_problem(problem):
    # was: a raw AttributeError ('NoneType' object has no attribute 'batch' / 'period')
    from adamtheory import optim
    from adamtheory.paper.failures import amsgrad
    from adamtheory.paper.failures import studies as f_studies

    with pytest.raises(TypeError, match="problem"):
        amsgrad.amsgrad_case(problem, 0.0, 0.5, 100)
    with pytest.raises(TypeError, match="problem"):
        f_studies.period_start_iterates(optim.adam(alpha=0.1), problem, 30)


def test_period_start_iterates_names_opt_and_theta0():
    # was: "T = 6 is too short" or a raw error, whatever the bad argument
    from adamtheory import optim
    from adamtheory.paper.failures import studies as f_studies
    from adamtheory.problems import reddi

    problem = reddi.PeriodicLinear(C=3.0, period=3)
    with pytest.raises(TypeError, match="opt"):
        f_studies.period_start_iterates(None, problem, 30)
    with pytest.raises(ValueError, match="theta0"):
        f_studies.period_start_iterates(optim.adam(alpha=0.1), problem, 30, theta0=np.nan)


@pytest.mark.parametrize("name", ["theta", "X"])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_train_refuses_a_non_finite_theta_or_x_at_entry(name, bad):
    # was: a nan activation (models.layers.sigmoid / softplus) and a silent "diverged" run
    import importlib

    from adamtheory import optim
    from adamtheory.models import logistic

    train = importlib.import_module("adamtheory.models.train").train
    model = logistic.LogisticRegression(4, 3)
    args = {"theta": model.init(), "X": np.ones((6, 4))}
    args[name] = np.full_like(args[name], bad)
    with pytest.raises(ValueError, match=name):
        train(model, optim.adam(alpha=0.01), args["theta"], args["X"], np.arange(6) % 3, epochs=1)


@pytest.mark.parametrize("beta", [3, 1.0, -0.5, float("nan")])
def test_ema_weight_refuses_a_numeric_beta_outside_0_1(beta):
    # was: ema_weight(3) = -2*3**(t - i), silently
    from adamtheory.paper.adagrad_rmsprop import derivation

    with pytest.raises(ValueError, match="beta"):
        derivation.ema_weight(beta)


def test_ema_weight_sum_names_beta_for_nan():
    # was: a TypeError "Invalid NaN comparison" from SymPy
    from adamtheory.paper.bias_correction import derivation

    with pytest.raises(ValueError, match="beta"):
        derivation.ema_weight_sum(float("nan"))


def test_train_accepts_a_sparse_x_and_refuses_a_nan_entry_in_it():
    import importlib

    from scipy import sparse

    from adamtheory import optim
    from adamtheory.models import logistic

    train = importlib.import_module("adamtheory.models.train").train
    model = logistic.LogisticRegression(4, 3)
    X = sparse.csr_matrix(np.eye(6, 4))
    history = train(model, optim.adam(alpha=0.01), model.init(), X, np.arange(6) % 3, epochs=1)
    assert not history.diverged
    X.data[0] = np.nan
    with pytest.raises(ValueError, match="X"):
        train(model, optim.adam(alpha=0.01), model.init(), X, np.arange(6) % 3, epochs=1)
