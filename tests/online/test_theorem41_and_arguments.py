"""Theorem 4.1's one right-hand side (by hand, vectorized, bad inputs) and the runners'
argument checks (issue 11, items 6, 8, 9): each case used to be silent or a raw error."""

import numpy as np
import pytest

from adamtheory import online, optim
from adamtheory.optim import schedules
from adamtheory.problems import LinearLosses, WalledLinear, reddi_theorem1

BASE = dict(
    alpha=1.0, beta1=0.0, beta2=0.75, lam=0.5, D=2.0, D_inf=2.0, G_inf=1.0,
    v_hat=np.array([[1.0]]), grad_norms=np.array([[2.0]]),
)  # fmt: skip


def test_theorem41_rhs_by_hand():
    # d = 1, T = 4, alpha = 1, beta1 = 0, beta2 = 0.75 (gamma = 0), lam = 0.5:
    # 4/2 * sqrt(4 * 1) + 1 * 1 * 1 / (1 * 0.5 * 1) * 2 + 4 * 1 * 0.5 / (2 * 0.25)
    terms = online.theorem41_rhs(4, **BASE)
    assert terms.distance[0] == pytest.approx(4.0)
    assert terms.gradient[0] == pytest.approx(4.0)
    assert terms.momentum[0] == pytest.approx(4.0)
    assert terms.total[0] == pytest.approx(12.0)


@pytest.mark.parametrize("T", [1, 7, 40])
def test_rhs_along_a_run_equals_the_rhs_of_the_run_stopped_at_T(T):
    # independent reference: the runner measures v-hat from the optimizer's own state, the
    # norms and G_inf from the played gradients; rhs_along rebuilds them from g alone
    g = np.random.default_rng(T).normal(size=(40, 3))
    hyper = dict(alpha=0.1, beta1=0.0, beta2=0.9, lam=0.0, D=2.0, D_inf=2.0)
    opt = optim.adam(alpha=schedules.inverse_sqrt(0.1), beta1=0.0, beta2=0.9, eps=1e-8)
    run = online.run(opt, LinearLosses(g[:T]), T)
    measured = online.theorem41_rhs(
        T, G_inf=run.G_inf[0], v_hat=run.v_hat[0], grad_norms=run.grad_norms[0], **hyper
    ).total
    along = online.theorem41_rhs_along(g, **hyper).total
    assert along[T - 1] == pytest.approx(float(measured), rel=1e-12)


def test_theorem41_rhs_is_vectorized_over_T():
    T = np.array([1, 4, 9])
    v_hat = np.ones((3, 1))
    terms = online.theorem41_rhs(T, **(BASE | {"v_hat": v_hat, "grad_norms": np.ones((3, 1))}))
    assert np.allclose(terms.distance, 2 * np.sqrt(T))  # D^2/(2 alpha) sqrt(T v_hat) = 2 sqrt T


@pytest.mark.parametrize(
    "change, name",
    [
        ({"alpha": -1.0}, "alpha"),
        ({"beta2": 1.0}, "beta2"),
        ({"beta1": float("nan")}, "beta1"),
        ({"lam": 0.0, "beta1": 0.5}, "lam"),
        ({"beta1": 0.9, "beta2": 0.5}, "gamma"),
        ({"D": -1.0}, "D"),
        ({"G_inf": float("nan")}, "G_inf"),
        ({"v_hat": np.array([])}, "v_hat"),
    ],
)
def test_theorem41_rhs_rejects_bad_hyperparameters(change, name):
    with pytest.raises(ValueError, match=name):
        online.theorem41_rhs(4, **(BASE | change))


@pytest.mark.parametrize("T, error", [(-100, ValueError), (0, ValueError), (2.5, TypeError),
                                      (True, TypeError)])  # fmt: skip
def test_theorem41_rhs_rejects_bad_horizons(T, error):
    with pytest.raises(error, match="T"):
        online.theorem41_rhs(T, **BASE)


def test_lam_zero_is_allowed_only_without_momentum():
    assert online.theorem41_rhs(4, **(BASE | {"lam": 0.0})).momentum[0] == pytest.approx(1.0)


# ----------------------------------------------------------------------------- run's arguments

PROBLEM = LinearLosses([[1.0], [-1.0]], domain=online.Box(1.0))


@pytest.mark.parametrize(
    "kwargs, error, name",
    [
        ({"T": True}, TypeError, "T"),
        ({"T": 0}, ValueError, "T"),
        ({"T": 4, "batch": 2.5}, TypeError, "batch"),
        ({"T": 4, "batch": "2"}, TypeError, "batch"),
        ({"T": 4, "batch": -1}, ValueError, "batch"),
        ({"T": 4, "record": 3.7}, TypeError, "record"),
        ({"T": 4, "record": "3"}, TypeError, "record"),
        ({"T": 4, "comparator": "x"}, TypeError, "comparator"),
        ({"T": 4, "trace": "yes"}, TypeError, "trace"),
    ],
)
@pytest.mark.parametrize("runner", [online.run, online.fast.run])
def test_run_rejects_bad_arguments_by_name(runner, kwargs, error, name):
    opt = optim.adam(alpha=0.1)
    if runner is online.fast.run and "trace" in kwargs:
        pytest.skip("the fast runner has no trace")
    with pytest.raises(error, match=name):
        runner(opt, PROBLEM, **kwargs)


@pytest.mark.parametrize("runner", [online.run, online.fast.run])
def test_run_rejects_an_optimizer_factory(runner):
    with pytest.raises(TypeError, match=r"optim\.adam\(\)"):
        runner(optim.adam, PROBLEM, 4)


@pytest.mark.parametrize("chunk, error", [(-1, ValueError), (0, ValueError), (2.5, TypeError)])
def test_fast_run_rejects_bad_chunks(chunk, error):
    with pytest.raises(error, match="chunk"):
        online.fast.run(optim.adam(alpha=0.1), PROBLEM, 10, chunk=chunk)


def test_both_runners_share_the_underflow_rule():
    # eps = 0 and |g| = 1e-170: g^2 underflows to 0 under a non-zero m (optim's safe_ratio)
    tiny = LinearLosses([[1e-170]], domain=online.Box(1.0))
    opt = optim.adam(alpha=0.1, eps=0.0)
    for runner in (online.run, online.fast.run):
        with pytest.raises(FloatingPointError, match="underflow"):
            runner(opt, tiny, 3)


def test_trace_keeps_the_played_iterates():
    result = online.run(optim.sgd(alpha=0.25), LinearLosses([[1.0]]), 4, trace=True)
    assert result.thetas[:, 0, 0].tolist() == [0.0, -0.25, -0.5, -0.75]
    assert online.run(optim.sgd(alpha=0.25), LinearLosses([[1.0]]), 2).thetas is None


# ----------------------------------------------------------------------------- walls


def test_walled_losses_by_hand():
    problem = WalledLinear(reddi_theorem1(3.0), wall=3.0)
    theta = np.array([[1.5], [0.5], [-2.0]])
    assert problem.loss(1, theta).tolist() == [4.5 + 1.5, 1.5, -6.0 + 3.0]
    assert problem.grad(2, theta)[:, 0].tolist() == [-1 + 3.0, -1.0, -1 - 3.0]
    assert np.allclose(problem.gradients(np.array([2]), theta[None])[0], problem.grad(2, theta))
    # sum_t f_t(x) = S_T x + 3T max(0, |x|-1), S_6 = 2: the minimum is -2 at x = -1
    comparator = problem.best_fixed(6)
    assert comparator.theta[0, 0] == -1.0 and comparator.total_loss[0] == -2.0
    assert problem.prefix_best_total(np.array([1, 2, 3]))[:, 0].tolist() == [-3.0, -2.0, -1.0]


def test_unprojected_adam_stays_bounded_by_the_walls():
    problem = WalledLinear(reddi_theorem1(3.0), wall=3.0)
    opt = optim.adam(alpha=schedules.inverse_sqrt(0.1), beta1=0.0, beta2=0.1, eps=1e-8)
    result = online.run(opt, problem, 600, theta0=[1.0])
    assert -1 < result.theta_min[0, 0] and result.theta_max[0, 0] < 1.1
    assert result.prefix_regret[-1, 0] / 600 > 0.6  # parked near +1 while x* = -1


def test_walls_need_a_positive_slope_and_linear_losses():
    with pytest.raises(ValueError, match="wall"):
        WalledLinear(reddi_theorem1(3.0), wall=0.0)
    with pytest.raises(TypeError, match="linear"):
        WalledLinear("x", wall=1.0)
