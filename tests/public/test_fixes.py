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
    # was: "grad must be a real number or array": the entry of grads was not named
    with pytest.raises(TypeError, match=r"^grads\['w'\]: grad must"):
        optim.InPlace(optim.adam()).update({"w": np.zeros(3)}, {"w": "x"})


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


# ---------------------------------------------------------------- the q1 fixes


def test_ema_update_refuses_strings_bools_complex_and_mismatches_by_name():
    from adamtheory.core import ema

    g = np.array([0.1, -0.2, 0.3])
    # was: numpy's UFuncTypeError / "unsupported operand type(s)" naming nothing
    with pytest.raises(TypeError, match="previous and value"):
        ema.ema_update("x", g, 0.9)
    with pytest.raises(TypeError, match="beta"):
        ema.ema_update(g, g, "0.1")
    # was: True taken as 1.0, complex and object arrays averaged silently
    with pytest.raises(TypeError, match="previous and value"):
        ema.ema_update(g, True, 0.9)
    with pytest.raises(TypeError, match="previous and value"):
        ema.ema_update(g, g * 1j, 0.9)
    with pytest.raises(ValueError, match="previous and value"):
        ema.ema_update(g, np.ones(4), 0.9)
    # was: beta = 1.0 (the average never moves) and beta = 1.5 accepted
    for beta in (1.0, 1.5, -0.5, math.nan, True):
        with pytest.raises((TypeError, ValueError), match="beta"):
            ema.ema_update(g, g, beta)
    # the happy path is unchanged (a NumPy float beta, an array beta)
    assert np.allclose(ema.ema_update(g, 2 * g, np.float64(0.5)), 1.5 * g)
    assert np.allclose(ema.ema_update(g, 2 * g, np.array([0.5, 0.0, 0.5])), [0.15, -0.4, 0.45])


def test_debias_broadcasts_average_against_beta_and_t():
    from adamtheory.core import ema

    # documented (elementwise); the harness had refused (2, 5) and (4,) averages
    out = ema.debias(np.ones((2, 5)), 0.5, 1)
    assert out.shape == (2, 5) and np.allclose(out, 2.0)


def test_clamp_scan_checks_its_arguments_and_overflow():
    from adamtheory.online import fast

    s = np.full((4, 3), 0.1)
    with pytest.raises(TypeError, match="s"):
        fast.clamp_scan(np.zeros(3), "x", -1.0, 1.0)  # was: AttributeError .shape
    with pytest.raises(TypeError, match="x0"):
        fast.clamp_scan("x", s, -1.0, 1.0)
    with pytest.raises(ValueError, match="x0"):
        fast.clamp_scan(np.zeros(4), s, -1.0, 1.0)  # was: a broadcast error naming nothing
    with pytest.raises(TypeError, match="lo"):
        fast.clamp_scan(np.zeros(3), s, True, 1.0)  # was: a box [1, 1]
    with pytest.raises(ValueError, match="lo"):
        fast.clamp_scan(np.zeros(3), s, 1.0, -1.0)
    with pytest.raises(FloatingPointError, match="s"):
        fast.clamp_scan(np.zeros(3), np.full((4, 3), 9e307), -np.inf, np.inf)
    # huge steps inside a box: the composite sums overflow but the iterates are exact
    big = fast.clamp_scan(np.zeros(3), np.full((9, 3), 9e307), -1.0, 1.0)
    assert np.array_equal(big, np.ones((9, 3)))
    assert np.allclose(fast.clamp_scan(np.zeros(3), s, -np.inf, np.inf)[-1], 0.4)


def test_v_hat_of_and_best_fixed_scipy_check_their_objects():
    from adamtheory.online import runner

    opt = optim.adam()
    state = opt.update(np.ones(3), opt.init(np.zeros(3)))[1]
    with pytest.raises(TypeError, match="opt"):
        runner.v_hat_of(optim.adam, state)  # was: a v_hat from the factory
    with pytest.raises(TypeError, match="state"):
        runner.v_hat_of(opt, None)  # was: None, silently
    linear = problems.random_linear(5, 3)
    with pytest.raises(TypeError, match="problem"):
        online.best_fixed_scipy(linear.grad, 5)  # was: AttributeError deep inside


def test_run_ledger_names_ids():
    from adamtheory.ledger import runner

    with pytest.raises(TypeError, match="ids"):
        runner.run_ledger(3)  # was: "'int' object is not iterable"
    with pytest.raises(TypeError, match="ids"):
        runner.run_ledger("alg-1")  # was: one unknown id per character


def test_trajectory_figure_needs_a_step():
    from adamtheory import playground

    with pytest.raises(ValueError, match="steps"):
        playground.trajectory_figure(steps=0)  # was: an empty path drawn


def test_streams_name_labels_and_refuse_non_finite_features():
    features = np.ones((6, 3))
    with pytest.raises(ValueError, match="labels"):
        problems.HingeStream(features, np.ones(5))  # was: "features need T*K rows"
    with pytest.raises(ValueError, match="features"):
        problems.LogisticStream(np.full((6, 3), np.nan), np.ones(6))  # was: accepted


def test_huge_problem_data_is_computed_or_raises_floating_point_error():
    # norms scaled by max|c|: entries near 1e154 give the right G, not inf with a warning
    c = np.full((5, 3), 7.7e153)
    assert math.isclose(problems.LinearLosses(c).G, 7.7e153 * math.sqrt(3))
    assert math.isclose(problems.LogisticStream(c, np.ones(5)).G, 7.7e153 * math.sqrt(3))
    assert np.isfinite(problems.random_linear(5, 3, drift=7.7e153).G)
    with pytest.raises(FloatingPointError):
        problems.LinearLosses(np.full((5, 3), 1e308))  # S_T = 5e308
    with pytest.raises(FloatingPointError):
        problems.quadratic.noisy_quadratic(5, noise=7.7e307)
    with pytest.raises(FloatingPointError, match="a"):
        problems.surfaces.rosenbrock(a=1.35e154)  # the minimum (a, a^2)


def test_regret_lemmas_huge_gradients_are_exact_or_floating_point_errors():
    from adamtheory.paper.regret import lemmas

    g = np.full((1, 6), 6.7e153)
    # was: inf; the norm is 6.7e153 * sqrt(6), finite
    rhs = lemmas.lemma103_corrected_rhs(g)
    assert math.isclose(rhs[0], math.sqrt(lemmas.harmonic(6)) * 6.7e153 * math.sqrt(6))
    with pytest.raises(FloatingPointError):
        lemmas.lemma103_sides(g)  # 2 G_inf ||g|| overflows
    with pytest.raises(FloatingPointError):
        lemmas.adam_moment_sequences(np.full((1, 6), 1.35e154), 0.5, 0.9)  # g^2 overflows
    with pytest.raises(FloatingPointError):
        lemmas.lemma104_sides(np.ones((1, 6)), 0.5, 0.9, G_inf=1e307)  # was: RuntimeWarning
    # documented: inf where beta1 >= sqrt(beta2), without a warning
    assert np.isinf(lemmas.lemma104_corrected_rhs(np.ones((1, 6)), 0.5, 0.0)).all()
    assert np.isinf(lemmas.lemma104_corrected_rhs(np.zeros((1, 6)), 0.5, 0.0)).all()
