"""Regression tests of the bugs the public-input property test found (issue 11), one
test per fix: each failed (raw error, hang, or silent answer) before its fix."""

from __future__ import annotations

import math

import numpy as np
import pytest

from adamtheory import online, optim, problems
from adamtheory.core import fit, report
from adamtheory.online import arguments

RAGGED = [1.0, [2.0, 3.0]]


@pytest.mark.parametrize("name", sorted(optim.ALL))
def test_ragged_theta_is_a_type_error_naming_theta(name):
    # was: numpy's "setting an array element with a sequence" (a ValueError naming nothing)
    with pytest.raises(TypeError, match="theta"):
        optim.ALL[name]().init(RAGGED)


@pytest.mark.parametrize("cls", [online.Box, online.Ball])
@pytest.mark.parametrize("radius", ["0.1", True])
def test_domain_radius_of_the_wrong_type_is_refused(cls, radius):
    # was: Box("0.1") a box of radius 0.1, Box(True) of radius 1
    with pytest.raises(TypeError, match="radius"):
        cls(radius)


def test_report_refuses_strings_and_bad_floors():
    # was: at_most("0.1") -> "0.1", at_most(True) -> "1", floor=-1 ignored silently
    with pytest.raises(TypeError, match="x"):
        report.at_most("0.1")
    with pytest.raises(TypeError, match="x"):
        report.rounded(True)
    with pytest.raises(ValueError, match="floor"):
        report.at_most(1e-15, floor=-1.0)
    with pytest.raises(TypeError, match="digits"):
        report.rounded(1.0, digits=2.5)
    assert report.at_most(math.nan) == "nan"  # NaN still prints as such


def test_huge_horizon_and_batch_are_refused_by_name():
    linear = problems.random_linear(5, 3)
    # was: OverflowError "Python int too large to convert to C long"
    with pytest.raises(ValueError, match="T"):
        online.run(optim.adam(), linear, 10**30)
    # was: numpy "Maximum allowed dimension exceeded"
    with pytest.raises(ValueError, match="batch"):
        online.run(optim.adam(), problems.random_linear(5, 3), 5, batch=10**30)


def test_record_count_beyond_T_records_every_round():
    # was: numpy "Maximum allowed size exceeded" for record=10**30
    assert np.array_equal(arguments.record_rounds(5, 10**30), np.arange(1, 6))


@pytest.mark.parametrize("problem", [None, "x", 3, problems.random_linear(5, 3).grad])
def test_a_runner_given_no_problem_says_so(problem):
    # was: AttributeError "'NoneType' object has no attribute 'batch'"
    with pytest.raises(TypeError, match="problem"):
        online.run(optim.adam(), problem, 5)


@pytest.mark.parametrize("theta0", ["x", RAGGED, np.ones(3) * 1j])
def test_bad_theta0_names_theta0(theta0):
    # was: numpy conversion errors or a ComplexWarning that dropped the imaginary part
    with pytest.raises(TypeError, match="theta0"):
        online.run(optim.adam(), problems.random_linear(5, 3), 5, theta0=theta0)


def test_initial_theta_checks_K():
    # was: K=0 returned an empty (0, d) array; K=2.5 a raw numpy TypeError
    with pytest.raises(ValueError, match="K"):
        arguments.initial_theta(problems.random_linear(5, 3), None, 0)
    with pytest.raises(TypeError, match="K"):
        arguments.initial_theta(problems.random_linear(5, 3), None, 2.5)


@pytest.mark.parametrize(
    "make",
    [
        lambda: problems.power_law_frequencies(1e300, 2.0),
        lambda: problems.sparse_hinge(5, 1e300),
        lambda: problems.dense_hinge(5, 2.5),
        lambda: problems.random_linear(5, 3.0),
        lambda: problems.logistic_stream(5, "3"),
    ],
)
def test_float_dimensions_are_type_errors_naming_d(make):
    # was: sparse_hinge(d=1e300) allocated np.arange(1e300) (20 GB, then a hang)
    with pytest.raises(TypeError, match="d"):
        make()


def test_generators_check_seed_drift_and_noise():
    with pytest.raises(ValueError, match="seed"):
        problems.random_linear(5, 3, seed=-1)
    with pytest.raises(ValueError, match="drift"):
        problems.random_linear(5, 3, drift=math.nan)
    with pytest.raises(ValueError, match="noise"):
        problems.logistic_stream(5, 3, noise=1.5)  # a flip probability


def test_fit_power_law_checks_level_and_types():
    x = np.arange(1.0, 9.0)
    # was: level=nan or 1.5 gave an interval of NaNs silently
    with pytest.raises(ValueError, match="level"):
        fit.fit_power_law(x, x**-0.5, level=1.5)
    with pytest.raises(TypeError, match="y"):
        fit.fit_power_law(x, x * 1j)


def test_in_place_adapter_missing_gradient_is_a_value_error():
    # was: a raw KeyError
    with pytest.raises(ValueError, match="grads"):
        optim.InPlace(optim.adam()).update({"w": np.zeros(3)}, {})


def test_lp_adam_schedule_that_does_not_broadcast_is_named():
    # was: numpy "non-broadcastable output operand with shape (3,)"
    opt = optim.lp_adam(alpha=lambda t: np.ones((2, 3)))
    with pytest.raises(ValueError, match="alpha"):
        opt.update(np.ones(3), opt.init(np.zeros(3)))


def test_best_fixed_scipy_checks_T_and_tol():
    linear = problems.random_linear(5, 3)
    # was: T=0 returned a zero comparator, tol=-1 a wrong comparator with a gap of 4.6
    with pytest.raises(ValueError, match="T"):
        online.best_fixed_scipy(linear, 0)
    with pytest.raises(ValueError, match="tol"):
        online.best_fixed_scipy(linear, 5, tol=-1.0)


def test_frank_wolfe_gap_checks_its_arguments():
    theta = np.zeros((1, 3))
    # was: AttributeError for a non-domain, NaN/inf gaps returned silently
    with pytest.raises(TypeError, match="domain"):
        online.frank_wolfe_gap("box", theta, theta)
    with pytest.raises(ValueError, match="total_grad"):
        online.frank_wolfe_gap(online.Box(), theta, np.full((1, 3), math.nan))


@pytest.mark.parametrize(
    "make, name",
    [
        (lambda: problems.LinearLosses("x"), "coefficients"),
        (lambda: problems.LogisticStream(np.ones((4, 3)), "x"), "labels"),
        (lambda: problems.LogisticStream(RAGGED, np.ones(2)), "features"),
        (lambda: problems.HingeStream("x", np.ones(4)), "features"),
    ],
)
def test_problem_data_of_the_wrong_type_names_the_argument(make, name):
    # was: numpy "could not convert string to float" naming nothing
    with pytest.raises(TypeError, match=name):
        make()


def test_descend_names_surface_and_start():
    from adamtheory.problems import surfaces

    # was: AttributeError "'NoneType' object has no attribute 'start'"
    with pytest.raises(TypeError, match="surface"):
        surfaces.descend(None, optim.adam(), 5)
    # was: "points must be ..." (an internal name)
    with pytest.raises(TypeError, match="start"):
        surfaces.descend(surfaces.rosenbrock(), optim.adam(), 5, start="x")


def test_ema_helpers_validate_beta_t_and_arrays():
    from adamtheory.core import ema

    # was: debias(g, beta='0.1', t) accepted the string; t=2.5, t=0 and beta=1 computed
    with pytest.raises(TypeError, match="beta"):
        ema.debias(np.ones(3), "0.1", 3)
    with pytest.raises(TypeError, match="t"):
        ema.one_minus_power(0.9, 2.5)
    with pytest.raises(ValueError, match="beta"):
        ema.one_minus_power(1.0, 3)  # 1 - 1^t = 0: debias would divide by zero
    with pytest.raises(ValueError, match="x"):
        ema.ema(np.array([1.0, np.nan]), 0.9)


def test_playground_names_C_and_optimizer():
    from adamtheory import playground

    # was: phase_diagram(C="2") a raw "'<' not supported"; an unknown optimizer was
    # reported as "name must be one of ..." (optimizer_for's internal name)
    with pytest.raises(TypeError, match="C"):
        playground.phase_diagram(n=2, T=10, C="2")
    with pytest.raises(ValueError, match="optimizer"):
        playground.trajectory_figure(optimizer="nothing")


def test_theorem41_rhs_overflow_is_a_floating_point_error():
    # was: a RuntimeWarning and an inf right-hand side (D**2 overflows)
    kwargs = dict(alpha=0.01, beta1=0.9, beta2=0.999, lam=0.99, D_inf=1.0, G_inf=1.0)
    with pytest.raises(FloatingPointError):
        online.theorem41_rhs(100, D=1e200, v_hat=np.full(3, 0.5), grad_norms=np.ones(3), **kwargs)


def test_non_finite_hinge_features_and_descent_start_are_refused():
    from adamtheory.problems import surfaces

    # was: a NaN feature gave NaN losses; a NaN start was reported as "theta must be finite"
    with pytest.raises(ValueError, match="features"):
        problems.HingeStream(np.full((4, 3), np.nan), np.ones(4))
    with pytest.raises(ValueError, match="start"):
        surfaces.descend(surfaces.rosenbrock(), optim.adam(), 5, start=[np.nan, 0.0])
