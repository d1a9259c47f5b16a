"""The optimizers against their defining formulas, in float64.

Reference values are written out by hand from each method's equations for the first
steps: relative error <= 1e-12, a few hundred ulps, room for the different but
equivalent order of floating-point operations.
"""

import math

import numpy as np
import pytest

from adamtheory import optim
from adamtheory.optim import schedules

RTOL = 1e-12
STEPS = 5


@pytest.fixture
def grads():
    rng = np.random.default_rng(1)
    return rng.standard_normal((STEPS, 4)) * np.array([1.0, 1e-3, 1e3, 0.5])


def trajectory(opt, grads):
    state = opt.init(np.zeros(grads.shape[1:]))
    steps = []
    for g in grads:
        step, state = opt.update(g, state)
        steps.append(step)
    return np.array(steps)


def hand_sgd(gs, a=0.01):
    return [-a * g for g in gs]


def hand_momentum(gs, a=0.01, mu=0.9):
    v, out = 0.0, []
    for g in gs:
        v = mu * v - a * g
        out.append(v)
    return out


def hand_nesterov(gs, a=0.01, mu=0.9):
    v, out = 0.0, []
    for g in gs:
        v = mu * v - a * g
        out.append(mu * v - a * g)
    return out


def hand_adagrad(gs, a=0.01, eps=1e-8):
    G, out = 0.0, []
    for g in gs:
        G = G + g**2
        out.append(-a * g / (np.sqrt(G) + eps))
    return out


def hand_adadelta(gs, a=1.0, rho=0.95, eps=1e-6):
    Eg, Ed, out = 0.0, 0.0, []
    for g in gs:
        Eg = rho * Eg + (1 - rho) * g**2
        d = -np.sqrt(Ed + eps) / np.sqrt(Eg + eps) * g
        Ed = rho * Ed + (1 - rho) * d**2
        out.append(a * d)
    return out


def hand_rmsprop(gs, a=0.001, rho=0.9, eps=1e-8, mu=0.0, centered=False):
    r, mean, b, out = 0.0, 0.0, 0.0, []
    for g in gs:
        r = rho * r + (1 - rho) * g**2
        mean = rho * mean + (1 - rho) * g
        var = r - mean**2 if centered else r
        b = mu * b + g / (np.sqrt(var) + eps)
        out.append(-a * b)
    return out


def hand_adam(gs, a=0.001, b1=0.9, b2=0.999, eps=1e-8, correct=True):
    m, v, out = 0.0, 0.0, []
    for t, g in enumerate(gs, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        mh, vh = (m / (1 - b1**t), v / (1 - b2**t)) if correct else (m, v)
        out.append(-a * mh / (np.sqrt(vh) + eps))
    return out


def hand_amsgrad(gs, a=0.001, b1=0.9, b2=0.999, eps=1e-8, pytorch=False):
    m, v, vmax, out = 0.0, 0.0, 0.0, []
    for t, g in enumerate(gs, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        vmax = np.maximum(vmax, v)
        if pytorch:
            out.append(-a * (m / (1 - b1**t)) / (np.sqrt(vmax / (1 - b2**t)) + eps))
        else:
            out.append(-a * m / (np.sqrt(vmax) + eps))
    return out


def hand_adamax(gs, a=0.002, b1=0.9, b2=0.999):
    m, u, out = 0.0, 0.0, []
    for t, g in enumerate(gs, start=1):
        m = b1 * m + (1 - b1) * g
        u = np.maximum(b2 * u, np.abs(g))
        out.append(-(a / (1 - b1**t)) * m / u)
    return out


CASES = [
    (optim.sgd(), hand_sgd, {}),
    (optim.momentum(), hand_momentum, {}),
    (optim.nesterov(), hand_nesterov, {}),
    (optim.adagrad(), hand_adagrad, {}),
    (optim.adadelta(), hand_adadelta, {}),
    (optim.rmsprop(), hand_rmsprop, {}),
    (optim.rmsprop(mu=0.9), hand_rmsprop, {"mu": 0.9}),
    (optim.rmsprop(centered=True), hand_rmsprop, {"centered": True}),
    (optim.adam(), hand_adam, {}),
    (optim.adam(bias_correction=False), hand_adam, {"correct": False}),
    (optim.amsgrad(), hand_amsgrad, {}),
    (optim.amsgrad(variant="pytorch"), hand_amsgrad, {"pytorch": True}),
    (optim.adamax(), hand_adamax, {}),
]


@pytest.mark.parametrize(("opt", "hand", "kwargs"), CASES, ids=lambda c: repr(c)[:40])
def test_first_steps_match_the_defining_formulas(opt, hand, kwargs, grads):
    expected = np.array(hand(list(grads), **kwargs))
    np.testing.assert_allclose(trajectory(opt, grads), expected, rtol=RTOL, atol=0)


@pytest.mark.parametrize("name", list(optim.ALL))
def test_update_is_pure(name, grads):
    opt = optim.ALL[name]()
    state = opt.init(np.zeros(4))
    _, state = opt.update(grads[0], state)
    snapshot = [np.copy(x) for x in state]
    g = grads[1].copy()
    opt.update(g, state)
    for before, after in zip(snapshot, state, strict=True):
        np.testing.assert_array_equal(before, after)
    np.testing.assert_array_equal(g, grads[1])


@pytest.mark.parametrize("name", list(optim.ALL))
def test_a_batch_of_configurations_equals_separate_runs(name):
    """K configurations in one call (theta (K, d), alpha (K, 1)) == K separate runs, exactly."""
    rng = np.random.default_rng(2)
    K, d = 5, 3
    alphas = np.array([1e-3, 3e-3, 1e-2, 3e-2, 0.1])
    grads = rng.standard_normal((STEPS, K, d))
    batched = trajectory(optim.ALL[name](alpha=alphas[:, None]), grads)
    for k in range(K):
        single = trajectory(optim.ALL[name](alpha=alphas[k]), grads[:, k])
        np.testing.assert_allclose(batched[:, k], single, rtol=1e-15, atol=0)


def test_batched_betas_and_schedules():
    rng = np.random.default_rng(3)
    grads = rng.standard_normal((STEPS, 3, 2))
    betas = np.array([[0.0], [0.5], [0.9]])
    alpha = schedules.inverse_sqrt(0.1)
    batched = trajectory(optim.adam(alpha=alpha, beta1=betas), grads)
    for k, b1 in enumerate(betas[:, 0]):
        single = np.array(hand_adam(list(grads[:, k]), b1=b1, a=1.0))
        single *= (0.1 / np.sqrt(np.arange(1, STEPS + 1)))[:, None]
        np.testing.assert_allclose(batched[:, k], single, rtol=RTOL)


def test_beta1_schedule_corrects_by_the_product_of_betas():
    """beta1_t = beta1 lambda^(t-1): m-hat divides by 1 - prod beta1_i, its weight sum."""
    g = np.array([[1.0], [2.0], [-1.0]])
    b1 = schedules.beta1_decay(0.9, 0.5)
    steps = trajectory(optim.adam(beta1=b1, eps=0.0), g)
    m, v, p1 = 0.0, 0.0, 1.0
    for t, gt in enumerate(g[:, 0], start=1):
        beta = 0.9 * 0.5 ** (t - 1)
        m, v, p1 = beta * m + (1 - beta) * gt, 0.999 * v + 0.001 * gt**2, p1 * beta
        expected = -0.001 * (m / (1 - p1)) / math.sqrt(v / (1 - 0.999**t))
        assert steps[t - 1, 0] == pytest.approx(expected, rel=RTOL)


def test_efficient_order_equals_algorithm1_with_the_derived_eps_hat():
    """eps_hat_t = eps sqrt(1 - beta2^t) (notebook 01) makes the two orders agree."""
    rng = np.random.default_rng(4)
    grads = 1e-6 * rng.standard_normal((200, 3))  # small gradients: eps matters
    reference = trajectory(optim.adam(), grads)

    def eps_hat(t):
        return 1e-8 * math.sqrt(1 - 0.999**t)

    matched = trajectory(optim.adam(eps=eps_hat, efficient_order=True), grads)
    np.testing.assert_allclose(matched, reference, rtol=RTOL)
    constant = trajectory(optim.adam(efficient_order=True), grads)
    first_step_ratio = constant[0] / reference[0]
    # with a constant eps_hat = eps the first step is -alpha g / (|g| + eps / sqrt(1 - beta2)):
    # the effective epsilon is sqrt(1000) ~ 31.6 times Algorithm 1's
    g1 = np.abs(grads[0])
    expected = (g1 + 1e-8) / (g1 + 1e-8 / math.sqrt(0.001))
    np.testing.assert_allclose(first_step_ratio, expected, rtol=1e-9)


def test_efficient_order_needs_bias_correction():
    with pytest.raises(ValueError, match="bias_correction"):
        optim.adam(efficient_order=True, bias_correction=False)


@pytest.mark.parametrize(
    "opt",
    [optim.adam(), optim.adam(eps=0.0), optim.adam(alpha=np.array([[1e-3], [1e-2]]))],
    ids=["default", "eps0", "batched-alpha"],
)
def test_fast_path_equals_the_reference_path(opt):
    rng = np.random.default_rng(5)
    shape = (2, 7)
    grads = rng.standard_normal((50, *shape))
    theta_fast = np.ones(shape)
    state_fast = opt.init(theta_fast)
    theta_ref, state_ref = np.ones(shape), opt.init(np.ones(shape))
    for g in grads:
        state_fast = opt.step(theta_fast, g, state_fast)
        step, state_ref = opt.update(g, state_ref)
        theta_ref = theta_ref + step
    np.testing.assert_allclose(theta_fast, theta_ref, rtol=RTOL)


def test_zero_gradient_with_zero_eps_is_a_zero_step():
    for name in ("adam", "amsgrad", "adamax", "adagrad", "rmsprop"):
        opt = optim.ALL[name](eps=0.0)
        step, _ = opt.update(np.zeros(3), opt.init(np.ones(3)))
        np.testing.assert_array_equal(step, 0.0)


@pytest.mark.parametrize("name", list(optim.ALL))
def test_loss_falls_on_an_ill_conditioned_quadratic(name):
    """f(x) = x^T H x / 2 with condition number 100: every method lowers the loss."""
    H = np.diag([1.0, 100.0])
    alpha = {"sgd": 0.005, "momentum": 0.002, "nesterov": 0.002, "adadelta": 1.0}.get(name, 0.05)
    opt = optim.ALL[name](alpha=alpha)
    theta = np.array([1.0, 1.0])
    state = opt.init(theta)
    start = 0.5 * theta @ H @ theta
    for _ in range(300):
        state = opt.step(theta, H @ theta, state)
    assert 0.5 * theta @ H @ theta < 0.1 * start
