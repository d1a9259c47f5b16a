"""Regression tests of the bugs the public-input property test found in the online layer
(``adamtheory.online``): each failed before its fix."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from adamtheory import online, optim, problems
from adamtheory.online import arguments

sys.path.insert(0, str(Path(__file__).parent))
from harness import RAGGED  # noqa: E402


@pytest.mark.parametrize("cls", [online.Box, online.Ball])
@pytest.mark.parametrize("radius", ["0.1", True])
def test_domain_radius_of_the_wrong_type_is_refused(cls, radius):
    # was: Box("0.1") a box of radius 0.1, Box(True) of radius 1
    with pytest.raises(TypeError, match="radius"):
        cls(radius)


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


def test_theorem41_rhs_overflow_is_a_floating_point_error():
    # was: a RuntimeWarning and an inf right-hand side (D**2 overflows)
    kwargs = dict(alpha=0.01, beta1=0.9, beta2=0.999, lam=0.99, D_inf=1.0, G_inf=1.0)
    with pytest.raises(FloatingPointError):
        online.theorem41_rhs(100, D=1e200, v_hat=np.full(3, 0.5), grad_norms=np.ones(3), **kwargs)


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


# ------------------------------------------------------------ theorem41_rhs_along
# (was paper.regret.theorem.rhs_along(ts, g, ...); the rounds are now implied by g's rows)
RHS = dict(alpha=0.1, beta1=0.5, beta2=0.9, lam=0.5, D=2.0, D_inf=2.0)
G = np.array([[0.5, -1.0], [0.25, 0.0], [1.0, 0.5]])


@pytest.mark.parametrize(
    "g, hyper, error, name",
    [
        (G, dict(beta2="0.1"), TypeError, "beta2"),  # was: "beta"
        (G, dict(beta2=1.5), ValueError, "beta2"),  # was: "beta"
        (G, dict(beta2=[0.9, 0.99]), ValueError, "beta2"),  # one run: one beta2
        (RAGGED, {}, TypeError, "g"),  # was: NumPy's inhomogeneous-shape ValueError
        (np.full((3, 2), np.inf), {}, ValueError, "g"),  # was: "x"
        (G[:, 0], {}, ValueError, "g"),  # rounds on the rows: (n, d)
        (G, dict(alpha=[0.1, 0.2]), ValueError, "alpha"),  # was: NumPy's broadcast error
        (G, dict(lam=[0.5, 0.6]), ValueError, "lam"),
        (G, dict(D=np.ones(2)), ValueError, "D"),  # neither a scalar nor one per round
    ],
)
def test_theorem41_rhs_along_refuses_by_name(g, hyper, error, name):
    with pytest.raises(error, match=name):
        online.theorem41_rhs_along(g, **(RHS | hyper))


def test_theorem41_rhs_along_overflow_raises_and_matches_a_round_by_hand():
    with pytest.raises(FloatingPointError):  # was: a RuntimeWarning and inf
        online.theorem41_rhs_along(np.full((3, 2), 1e200), **RHS)
    # one round by hand: v_hat = g^2, ||g_1||_2 = |g|, G_inf = 1, gamma = 0.25/sqrt(0.9)
    gamma = 0.25 / np.sqrt(0.9)
    distance = 4 / (2 * 0.1 * 0.5) * 1.5
    gradient = 0.1 * 1.5 / (0.5 * np.sqrt(0.1) * (1 - gamma) ** 2) * 1.5
    momentum = 2 * 4 * np.sqrt(0.1) / (2 * 0.1 * 0.5 * 0.25)
    got = online.theorem41_rhs_along(G[:1], **RHS).total
    assert got[0] == pytest.approx(distance + gradient + momentum, rel=1e-12)
