"""Regression tests of the bugs the public-input property test found in the paper's
bias_correction part (``adamtheory.paper.bias_correction``): each failed before its fix. A
test that checks several parts sits with the first part it calls:
``test_decay_arguments_out_of_range_are_named`` also checks adagrad_rmsprop;
``studies.unrolled_sum`` is also checked in test_fixes_failures.py."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from adamtheory.core.symbols import beta2
from adamtheory.paper.bias_correction import derivation, gradients, instability, studies


@pytest.mark.parametrize("profile", [lambda k: "x", lambda k: [k], lambda k: None, len])
def test_derivations_name_a_profile_that_gives_no_expression(profile):
    # was: a raw TypeError from SymPy ("can't multiply sequence by non-int of type 'Add'",
    # "object of type 'Symbol' has no len()")
    for helper in (derivation.expected_ema, derivation.zeta_sum):
        with pytest.raises(TypeError, match="profile"):
            helper(profile)
    with pytest.raises(TypeError, match="y"):
        derivation.solve_ema_recurrence(profile, beta2)


def test_derivations_still_take_a_number_profile_and_an_indexed_base():
    assert derivation.expected_ema(lambda k: 2, sp.Rational(1, 2)).zeta == 0
    assert derivation.solve_ema_recurrence(sp.IndexedBase("h"), beta2).has(sp.IndexedBase("h"))


FEATURES, LABELS = instability.sparse_logistic_data(examples=20, dim=3, seed=0)


def _train(**changes):
    args = dict(features=FEATURES, labels=LABELS, epochs=1, batch=8, alphas=(1e-3,),
                beta1s=(0.9,), beta2s=(0.999,))  # fmt: skip
    return instability.logistic_minibatch_training(**(args | changes))


@pytest.mark.parametrize(
    "name, bad, error",
    [
        ("features", "x", TypeError),  # was: ValueError "could not convert string to float"
        ("features", np.full((20, 3), np.nan), ValueError),  # was: a RuntimeWarning, nan losses
        ("features", np.ones((20, 3), dtype=object), TypeError),  # was: accepted
        ("features", np.ones((20, 3)) * 1j, TypeError),  # was: a ComplexWarning
        ("labels", "x", TypeError),
        ("labels", np.ones(20, dtype=object), TypeError),  # was: accepted
        ("alphas", True, TypeError),  # was: accepted as alpha = 1
        ("alphas", np.ones((2, 2)), ValueError),  # was: a 2-d grid flattened silently
        ("alphas", [], ValueError),  # was: "theta must not be empty"
        ("beta1s", [], ValueError),
        ("beta2s", [1.0, [2.0, 3.0]], TypeError),  # was: an unnamed ragged-array ValueError
    ],
)
def test_logistic_minibatch_training_names_bad_input(name, bad, error):
    with pytest.raises(error, match=name):
        _train(**{name: bad})


def test_logistic_minibatch_training_overflow_is_a_floating_point_error():
    # was: a RuntimeWarning (overflow in divide / invalid in matmul) and inf/nan losses
    with pytest.raises(FloatingPointError):
        _train(alphas=(1.7e308,))
    run = _train()
    assert np.all(np.isfinite(run.corrected)) and np.all(np.isfinite(run.uncorrected))


MODELS = gradients.standard_models()
MC = studies.monte_carlo_moments(MODELS, steps=4, sequences=400, seed=0)


@pytest.mark.parametrize("models", [[], [1], "stationary", None, MC, MODELS[0]])
def test_zeta_formula_and_expectation_record_name_bad_models(models):
    # was: a raw AttributeError ('int' object has no attribute 'zeta') or an unnamed
    # "need at least one array to concatenate"
    with pytest.raises(TypeError, match="models"):
        studies.zeta_formula(models, [1, 2], 0.999)
    with pytest.raises(TypeError, match="models"):
        studies.expectation_record(MC, models)


@pytest.mark.parametrize("t_values", ["3", True, 2.5, 0, -2, [], np.nan])
def test_zeta_formula_names_bad_steps(t_values):
    # was: accepted ("3", True, 0, -2: a zeta at t <= 0) or "beta2 = 0.999 is a pole"
    with pytest.raises((TypeError, ValueError), match="t_values"):
        studies.zeta_formula(MODELS, t_values, 0.999)


def test_expectation_record_refuses_another_monte_carlo_or_models():
    few = studies.monte_carlo_moments(MODELS[:1], steps=4, sequences=400, seed=0)
    with pytest.raises(ValueError, match="mc"):  # was: KeyError 'linear drift'
        studies.expectation_record(few, MODELS[:1])
    zero_se = studies.monte_carlo_moments(MODELS, steps=4, sequences=2, seed=0)
    with pytest.raises(ValueError, match="mc"):  # was: RuntimeWarning, z = inf
        studies.expectation_record(zero_se, MODELS)
    with pytest.raises(ValueError, match="models"):  # was: a record of mismatched models
        studies.expectation_record(MC, MODELS[::-1])
    with pytest.raises(ValueError, match="scale"):  # was: any scale recorded
        studies.expectation_record(MC, MODELS, "nonexistent")


def test_large_steps_record_names_train_and_scale():
    run = studies.step_sizes_first_steps(studies.BETA2S, (0.9, 0.0), steps=3, dim=2, seed=0)
    narrow = _train(beta2s=(0.99,))
    with pytest.raises(ValueError, match="train"):  # was: "beta2 must be one of [0.99]"
        studies.large_steps_record(run, narrow)
    with pytest.raises(TypeError, match="train"):
        studies.large_steps_record(run, {})
    with pytest.raises(ValueError, match="scale"):  # was: accepted
        studies.large_steps_record(run, _train(beta2s=studies.BETA2S), "Default")


def test_ema_weight_sum_names_beta_for_nan():
    # was: a TypeError "Invalid NaN comparison" from SymPy
    from adamtheory.paper.bias_correction import derivation

    with pytest.raises(ValueError, match="beta"):
        derivation.ema_weight_sum(float("nan"))


def test_decay_arguments_out_of_range_are_named():
    from adamtheory.paper.adagrad_rmsprop import studies as ar
    from adamtheory.paper.bias_correction import gradients

    with pytest.raises(ValueError, match="rho"):
        gradients.geometric_drift_gradients(rho=1.5)
    with pytest.raises(ValueError, match="one_minus_beta2"):
        ar.pointwise_step_ratio(5, 1e-95)


def test_step_sizes_first_steps_names_bad_rates_and_overflow():
    from adamtheory.paper.bias_correction import studies

    with pytest.raises(TypeError, match="beta2s"):
        studies.step_sizes_first_steps(beta2s="x", steps=2, dim=2)
    with pytest.raises(FloatingPointError):
        studies.step_sizes_first_steps(beta2s=(0.99,), beta1s=(0.9,), steps=2, dim=2, alpha=4e307)
