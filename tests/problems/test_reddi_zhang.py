"""Reddi et al.'s and Zhang et al.'s problems, and the fast path on them.

The fast path (``online.fast.run``) must reproduce the generic runner (``online.run``):
both perform the same multiply-adds per round; the fast path sums the steps of a
block and the losses of a segment in another order, a few ulps per operation.
Over T <= 3000 rounds of values <= C = 3 these stay far below 1e-10 (measured
~1e-12 on cumulative regrets of size ~2000), so 1e-10 is the tolerance.
"""

import numpy as np
import pytest

from adamtheory import online, optim
from adamtheory import problems as ce
from adamtheory.optim import schedules

TOL = 1e-10
RATE = schedules.inverse_sqrt(0.5)
B1 = np.array([[0.0], [0.3], [0.6]])
B2 = np.array([[0.1], [0.5], [0.99]])

OPTIMIZERS = {
    "adam-raw": optim.adam(RATE, 0.0, 0.1, 0.0, bias_correction=False),
    "adam-bc-eps": optim.adam(RATE, 0.0, 0.1, 1e-8),
    "adam-batch": optim.adam(RATE, B1, B2, 1e-3),
    "adam-batch-raw": optim.adam(RATE, B1, B2, 0.0, bias_correction=False),
    "amsgrad-batch": optim.amsgrad(RATE, B1, B2, 0.0),
    "amsgrad-pytorch": optim.amsgrad(RATE, 0.5, 0.9, 1e-8, variant="pytorch"),
}


def _compare(opt, problem, T, K, theta0):
    slow = online.run(opt, problem, T, theta0=theta0, batch=K)
    fast = online.fast.run(opt, problem, T, theta0=theta0, batch=K, chunk=700)  # several chunks
    np.testing.assert_allclose(fast.losses, slow.losses, rtol=0, atol=TOL)
    np.testing.assert_allclose(fast.regret, slow.regret, rtol=0, atol=TOL)
    np.testing.assert_allclose(fast.theta, slow.theta, rtol=0, atol=TOL)
    np.testing.assert_allclose(fast.v_hat, slow.v_hat, rtol=0, atol=TOL)
    np.testing.assert_allclose(fast.D_inf, slow.D_inf, rtol=0, atol=TOL)
    np.testing.assert_allclose(fast.prefix_regret, slow.prefix_regret, rtol=0, atol=TOL)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_fast_path_equals_generic_runner(name):
    opt = OPTIMIZERS[name]
    K = 3 if "batch" in name else 1
    _compare(opt, ce.reddi_theorem1(3.0), 2500, K, np.ones((K, 1)))


def test_fast_path_equals_generic_runner_stochastic_batch():
    problem = ce.StochasticLinear(20.0, 1.0, batch=2, seed=3)
    _compare(OPTIMIZERS["adam-bc-eps"], problem, 2000, 2, np.zeros((2, 1)))


def test_fast_path_equals_generic_runner_on_the_section5_problem():
    _compare(optim.amsgrad(RATE, 0.9, 0.99, 0.0), ce.reddi_synthetic(), 1500, 1, np.ones((1, 1)))


def test_clamp_scan_matches_the_sequential_recursion():
    rng = np.random.default_rng(0)
    s = rng.normal(scale=0.4, size=(997, 3))
    x, expected = np.array([0.0, 0.5, -1.0]), []
    for step in s:
        x = np.clip(x + step, -1.0, 1.0)
        expected.append(x)
    got = online.fast.clamp_scan(np.array([0.0, 0.5, -1.0]), s, -1.0, 1.0)
    np.testing.assert_allclose(got, np.array(expected), atol=1e-12)  # block sums: a few ulps


def test_fast_path_rejects_what_it_cannot_reproduce():
    problem = ce.reddi_theorem1(3.0)
    with pytest.raises(ValueError, match="opt must be"):
        online.fast.run(optim.sgd(0.1), problem, 10)
    with pytest.raises(ValueError, match="beta1 must be a constant"):
        online.fast.run(optim.adam(0.1, schedules.beta1_decay(0.9, 0.99)), problem, 10)
    with pytest.raises(TypeError, match="linear_gradients"):
        online.fast.run(optim.adam(0.1), ce.ZhangDivergence(10), 10)


def test_the_one_theorem1_witness():
    w = ce.reddi_theorem1_witness()
    assert (w.problem.C, w.problem.period, w.beta1, w.beta2, w.alpha, w.theta0) == (
        3.0,
        3,
        0.0,
        0.1,
        0.1,
        1.0,
    )
    assert w.alpha == ce.WITNESS_ALPHA


def test_theorem2_period_meets_the_conditions_and_is_smallest():
    for b1, b2 in [(0.0, 0.1), (0.5, 0.9), (0.9, 0.99)]:
        C = ce.reddi_theorem2_period(b1, b2)
        assert C % 2 == 0 and ce.reddi_theorem2_conditions(C, b1, b2)["all"]
        assert not ce.reddi_theorem2_conditions(C - 2, b1, b2)["all"]
    assert ce.reddi_theorem2_period(0.9, 0.999) == 42622
    with pytest.raises(ValueError, match="sqrt"):
        ce.reddi_theorem2_period(0.9, 0.5)


def test_theorem2_conditions_at_beta1_zero_match_the_quoted_bound():
    """At beta1 = 0 the conditions reduce to the bound quoted from Reddi et al.
    (bourbaki-blogchain, _posts/2022-03-25-does-adam.md): 'forgetting'
    beta2^((C-2)/2) C^2 <= 1 is beta2 <= C^(-4/(C-2)), and 'drift'
    3/(2 sqrt(1-beta2)) < C/3 is beta2 < 1 - (9/(2C))^2."""
    for C in (6.0, 10.0, 30.0):
        edge = C ** (-4 / (C - 2))
        assert ce.reddi_theorem2_conditions(C, 0.0, edge * 0.999)["forgetting"]
        assert not ce.reddi_theorem2_conditions(C, 0.0, min(edge * 1.001, 0.999))["forgetting"]
    for C in (6.0, 10.0, 30.0):
        edge = 1 - (9 / (2 * C)) ** 2
        below, above = max(edge - 1e-6, 0.0), edge + 1e-6
        if edge > 0:
            assert ce.reddi_theorem2_conditions(C, 0.0, below)["drift"]
        assert not ce.reddi_theorem2_conditions(C, 0.0, above)["drift"]


def test_stochastic_gradients_are_reproducible_in_any_order():
    problem = ce.StochasticLinear(10.0, 1.0, batch=2, seed=7)
    ts = np.array([70_000, 5, 1, 65_537])
    again = ce.StochasticLinear(10.0, 1.0, batch=2, seed=7).linear_gradients(ts[::-1])[::-1]
    np.testing.assert_array_equal(problem.linear_gradients(ts), again)
    g = problem.linear_gradients(np.arange(1, 200_001))
    assert abs(np.mean(g) - 1.0) < 0.1  # E g = delta = 1


def test_section5_problem_sums_to_ten_per_period():
    p = ce.reddi_synthetic()
    g = p.linear_gradients(np.arange(1, 102))[:, 0, 0]
    assert g[0] == 1010 and np.all(g[1:] == -10) and g.sum() == 10
    assert p.best_fixed(1010).theta[0, 0] == -1


@pytest.mark.parametrize(("n", "a"), [(10, 1.0), (5, 0.3), (2, 4.0)])
def test_zhang_problem_sum_is_convex_with_minimum_at_minus_two(n, a):
    problem = ce.ZhangDivergence(n, a)
    assert problem.weights().sum() == pytest.approx(1.0)
    x = np.linspace(-4, 3, 141)[:, None]
    F, dF = problem.total(n, x)
    assert np.all(np.diff(dF[:, 0]) >= 0)  # convex: the gradient never decreases
    assert x[np.argmin(F), 0] == pytest.approx(-2.0)
    assert problem.best_fixed(5 * n).theta[0, 0] == -2.0
    h = problem.shape(np.array([-1.0 - 1e-9, -1.0]))
    assert h[0] == pytest.approx(h[1], abs=1e-8)  # continuous at -1


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: ce.ZhangDivergence(2.5), TypeError, "n"),
        (lambda: ce.ZhangDivergence(10, a=-1), ValueError, "a"),
        (lambda: ce.ZhangDivergence(10).objective("x"), TypeError, "x"),
        (lambda: ce.PeriodicLinear(3.0, True), TypeError, "period"),
        (lambda: ce.PeriodicLinear(-3.0, 3), ValueError, "C"),
        (lambda: ce.reddi_theorem1(2.0), ValueError, "C"),
        (lambda: ce.reddi_theorem2_period(0.5, 0.9, C_max=2.5), TypeError, "C_max"),
        (lambda: ce.StochasticLinear(10.0, batch=0), ValueError, "batch"),
        (lambda: ce.StochasticLinear(10.0, seed=-1), ValueError, "seed"),
        (lambda: ce.expected_direction(10.0, 1.0, 1.2, 0.9), ValueError, "beta1"),
        (lambda: ce.expected_direction(10.0, 1.0, 0.0, 0.9, n=3), ValueError, "n"),
        (lambda: ce.reddi_theorem3_constant(0.0, 0.9, delta=-1.0), ValueError, "delta"),
        (lambda: ce.reddi_synthetic(large=10.0), ValueError, "large"),
        (lambda: ce.reddi_theorem1().parked_regret(2.0), ValueError, "x"),
        (lambda: ce.reddi_synthetic(period="101"), TypeError, "period"),
    ],
)
def test_bad_input_raises_named_errors(call, error, name):
    with pytest.raises(error, match=name):
        call()
