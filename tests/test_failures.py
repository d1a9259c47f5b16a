"""Reddi et al.'s counterexamples, AMSGrad, Zhang et al.'s phase diagram, and the fast path.

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
from adamtheory.claims import failures as fl
from adamtheory.claims import run_claim
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


def test_theorem1_adam_parks_at_plus_one_amsgrad_finds_minus_one():
    problem = ce.reddi_theorem1(3.0)
    opts = fl.adam_variants(*ce.reddi_theorem1_betas(3.0))
    for name, opt in opts.items():
        run = online.fast.run(opt, problem, 30_000, theta0=[1.0], record=2)
        if name == "amsgrad":
            assert run.theta[0, 0] < -0.99
        else:
            assert run.theta[0, 0] > 0.99
            assert run.final_regret[0] / run.T == pytest.approx(problem.parked_regret(), rel=0.01)


def test_theorem2_period_meets_the_conditions_and_is_smallest():
    for b1, b2 in [(0.0, 0.1), (0.5, 0.9), (0.9, 0.99)]:
        C = ce.reddi_theorem2_period(b1, b2)
        assert C % 2 == 0 and ce.reddi_theorem2_conditions(C, b1, b2)["all"]
        assert not ce.reddi_theorem2_conditions(C - 2, b1, b2)["all"]
    assert ce.reddi_theorem2_period(0.9, 0.999) == 42622
    with pytest.raises(ValueError, match="sqrt"):
        ce.reddi_theorem2_period(0.9, 0.5)


def test_stochastic_gradients_are_reproducible_in_any_order():
    problem = ce.StochasticLinear(10.0, 1.0, batch=2, seed=7)
    ts = np.array([70_000, 5, 1, 65_537])
    again = ce.StochasticLinear(10.0, 1.0, batch=2, seed=7).linear_gradients(ts[::-1])[::-1]
    np.testing.assert_array_equal(problem.linear_gradients(ts), again)
    g = problem.linear_gradients(np.arange(1, 200_001))
    assert abs(np.mean(g) - 1.0) < 0.1  # E g = delta = 1


def test_zhang_problem_sum_is_convex_with_minimum_at_minus_two():
    problem = ce.ZhangDivergence(10)
    x = np.linspace(-4, 3, 141)[:, None]
    F, dF = problem.total(10, x)
    assert np.all(np.diff(dF[:, 0]) >= 0)  # convex: the gradient never decreases
    assert x[np.argmin(F), 0] == pytest.approx(-2.0)
    assert problem.best_fixed(25).theta[0, 0] == -2.0


def test_gamma_goes_negative_for_adam_but_not_for_amsgrad():
    witness = fl.reddi_theorem1_witness(T=5000)
    assert witness["assumptions_hold"]
    assert witness["gamma_min"] < 0 and witness["first_negative_gamma_t"] == 2
    assert witness["bound_violated"] and witness["average_regret"] > 0.6
    g = ce.reddi_theorem1(3.0).linear_gradients(np.arange(1, 301))[:, 0, 0]
    v_max = np.maximum.accumulate(fl._moments_1d(g, 0.1, bias_correction=False))
    assert fl.gamma(v_max, 0.1).min() >= 0


def test_classify_rule():
    phase = fl.classify(np.array([0.05, 1.0, 11.0]), initial_distance=2.0, tol=0.1)
    assert phase.tolist() == [0, 1, 2]


@pytest.mark.parametrize(
    "claim",
    ["reddi-thm1", "reddi-thm2", "reddi-thm3", "amsgrad-regret", "zhang-phase-diagram"],
)
def test_verdicts(claim):
    row = run_claim(claim)
    assert row.error is None
    assert row.result.verdict == "supported"
