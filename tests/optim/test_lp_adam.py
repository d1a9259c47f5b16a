"""L^p-Adam (Section 7.1): against Adam at p = 2, against the naive formula, no overflow,
the AdaMax limit, and named errors for bad input."""

import numpy as np
import pytest

from adamtheory import optim


def steps_of(opt, grads):
    state, out = opt.init(np.zeros(grads.shape[1:])), []
    for grad in grads:
        step, state = opt.update(grad, state)
        out.append(step)
    return np.array(out)


def test_p2_is_adam_with_beta2_squared():
    grads = np.random.default_rng(4).standard_cauchy(size=(60, 3, 4))
    lp = steps_of(optim.lp_adam(alpha=0.01, beta2=0.99, p=2.0), grads)
    adam = steps_of(optim.adam(alpha=0.01, beta2=0.99**2, eps=0.0), grads)
    np.testing.assert_allclose(lp, adam, rtol=1e-12, atol=1e-18)  # a few ulps


@pytest.mark.parametrize("p", [1.0, 3.0, 8.0, 20.0])
def test_matches_the_naive_formula(p):
    grads = np.random.default_rng(5).normal(size=(40, 6))
    m, v, naive = np.zeros(6), np.zeros(6), []
    b1, b2 = 0.9, 0.99
    for k, grad in enumerate(grads, 1):
        m = b1 * m + (1 - b1) * grad
        v = b2**p * v + (1 - b2**p) * np.abs(grad) ** p
        naive.append(-0.01 * (m / (1 - b1**k)) / (v / (1 - b2 ** (p * k))) ** (1 / p))
    lp = steps_of(optim.lp_adam(alpha=0.01, beta1=b1, beta2=b2, p=p), grads)
    np.testing.assert_allclose(lp, naive, rtol=1e-12)


def test_does_not_overflow():
    grads = np.random.default_rng(6).normal(size=(30, 1, 5))
    ps = np.array([[2.0], [64.0], [1000.0]])
    base = np.broadcast_to(grads, (30, 3, 5))
    with np.errstate(over="raise", under="ignore"):
        unit = steps_of(optim.lp_adam(p=ps), base)
        huge = steps_of(optim.lp_adam(p=ps), 1e100 * base)  # |g|^64 would be 1e6400
        tiny = steps_of(optim.lp_adam(p=ps), 1e-100 * base)
    # eps = 0: the step is invariant to the gradient scale, to rounding
    np.testing.assert_allclose(huge, unit, rtol=1e-12)
    np.testing.assert_allclose(tiny, unit, rtol=1e-12)


def test_large_p_is_adamax():
    grads = np.random.default_rng(7).normal(size=(50, 4))
    adamax = steps_of(optim.adamax(alpha=0.002), grads)
    lp = steps_of(optim.lp_adam(alpha=0.002, p=1e5), grads)
    # (1-beta2^p)^(1/p) = 1 and t^(1/p) - 1 <= log(50)/1e5 = 4e-5
    np.testing.assert_allclose(lp, adamax, rtol=1e-4)


def test_zero_gradients_give_zero_steps():
    assert np.all(steps_of(optim.lp_adam(p=4.0), np.zeros((3, 2))) == 0)


def test_fast_step_equals_update():
    grads = np.random.default_rng(8).normal(size=(20, 3))
    theta = np.zeros(3)
    opt = optim.lp_adam(p=8.0)
    state = opt.init(theta)
    for grad in grads:
        state = opt.step(theta, grad, state)
    np.testing.assert_allclose(theta, steps_of(opt, grads).sum(axis=0), rtol=1e-12)


@pytest.mark.parametrize(
    "kwargs, error, name",
    [
        ({"p": 0.5}, ValueError, "p"),
        ({"p": np.nan}, ValueError, "p"),
        ({"p": "8"}, TypeError, "p"),
        ({"beta2": 1.0}, ValueError, "beta2"),
        ({"beta1": -0.1}, ValueError, "beta1"),
        ({"alpha": 0.0}, ValueError, "alpha"),
        ({"alpha": True}, TypeError, "alpha"),
        ({"eps": -1.0}, ValueError, "eps"),
    ],
)
def test_rejects_bad_hyperparameters(kwargs, error, name):
    with pytest.raises(error, match=name):
        optim.lp_adam(**kwargs)


def test_rejects_bad_gradients_and_shapes():
    opt = optim.lp_adam(p=np.ones((2, 1)) * 4)
    with pytest.raises(ValueError, match="p of shape"):
        opt.init(np.zeros((3, 2)))
    state = optim.lp_adam().init(np.zeros(3))
    with pytest.raises(ValueError, match="grad"):
        optim.lp_adam().update(np.zeros(2), state)
    with pytest.raises(ValueError, match="grad"):
        optim.lp_adam().update(np.array([np.inf, 0, 0]), state)
    with pytest.raises(TypeError, match="grad"):
        optim.lp_adam().update("abc", state)
