"""Inputs that once gave a silent wrong answer or a raw NumPy error (issue: no silent
wrong answer), each pinned: a named error, or the right result."""

import numpy as np
import pytest

from adamtheory import optim

ALL = list(optim.ALL)
SQUARING = ["adagrad", "adadelta", "rmsprop", "adam", "amsgrad"]  # methods that square g


def test_fast_path_with_a_fortran_ordered_start_updates_the_state():
    """A state from a Fortran-ordered theta used to be stepped on copies of m and v."""
    start = np.asfortranarray(np.arange(12.0).reshape(3, 4) / 10)
    g = np.asfortranarray(np.linspace(-1, 1, 12).reshape(3, 4))
    opt = optim.adam(alpha=0.01)
    fast_state, theta = opt.init(start), np.array(start)
    pure_state, reference = opt.init(start), np.array(start)
    for _ in range(5):
        fast_state = opt.step(theta, g, fast_state)
        step, pure_state = opt.update(g, pure_state)
        reference = reference + step
    assert fast_state.m.flags.c_contiguous
    np.testing.assert_allclose(fast_state.m, pure_state.m, rtol=1e-14)
    np.testing.assert_allclose(theta, reference, rtol=1e-14, atol=1e-16)


@pytest.mark.parametrize("name", ALL)
def test_step_refuses_a_theta_of_another_shape(name):
    opt = optim.ALL[name]()
    state = opt.init(np.zeros(10))
    with pytest.raises(ValueError, match="theta has shape"):
        opt.step(np.zeros((2, 5)), np.ones(10), state)


@pytest.mark.parametrize("name", ALL)
def test_step_refuses_a_list_theta(name):
    """``list += ndarray`` makes a new object: the caller's theta would never move."""
    opt = optim.ALL[name]()
    state = opt.init([1.0, 2.0])
    with pytest.raises(TypeError, match="theta must be a numpy array"):
        opt.step([1.0, 2.0], np.ones(2), state)
    with pytest.raises(TypeError, match="floating dtype"):
        opt.step(np.array([1, 2]), np.ones(2), state)
    frozen = np.zeros(2)
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="writable"):
        opt.step(frozen, np.ones(2), state)


@pytest.mark.parametrize("name", SQUARING)
def test_a_gradient_that_squares_to_inf_raises_and_leaves_the_state(name):
    """AdaGrad, RMSProp, Adadelta used to take a -0 step and keep an inf accumulator."""
    opt = optim.ALL[name]()
    state = opt.init(np.zeros(3))
    with pytest.raises(FloatingPointError, match="t=1"):
        opt.update(np.array([1e200, 0.0, 1.0]), state)
    step, _ = opt.update(np.array([1.0, 0.0, 1.0]), state)  # the old state still works
    assert np.all(np.isfinite(step))


@pytest.mark.parametrize("name", ["sgd", "momentum", "nesterov"])
def test_a_step_that_overflows_raises(name):
    """SGD, momentum and Nesterov used to return -inf steps with only a warning."""
    opt = optim.ALL[name](alpha=1.34e154)
    state = opt.init(np.zeros(2))
    with pytest.raises(FloatingPointError, match="step overflowed"):
        opt.update(np.array([1e155, 1.0]), state)
    theta = np.zeros(2)
    with pytest.raises(FloatingPointError):
        opt.step(theta, np.array([1e155, 1.0]), state)
    assert np.all(theta == 0)


def test_adam_huge_alpha_gives_the_same_finite_step_on_both_paths():
    """``adam(alpha=1e308)``: ``update`` was finite while the fast path wrote inf."""
    opt = optim.adam(alpha=1e308)
    g = np.array([1.0, -2.0, 0.5])
    step, _ = opt.update(g, opt.init(np.zeros(3)))
    theta = np.zeros(3)
    opt.step(theta, g, opt.init(np.zeros(3)))
    assert np.all(np.isfinite(step))
    np.testing.assert_allclose(theta, step, rtol=1e-12)


@pytest.mark.parametrize("name", ["adam", "amsgrad", "adagrad", "rmsprop", "sgd", "momentum"])
def test_a_schedule_value_must_broadcast_against_theta(name):
    opt = optim.ALL[name](alpha=lambda t: np.ones((2, 3)))
    state = opt.init(np.zeros(3))
    with pytest.raises(ValueError, match="alpha at t=1 of shape"):
        opt.update(np.ones(3), state)


@pytest.mark.parametrize(
    ("factory", "flag"),
    [
        (optim.adam, "bias_correction"),
        (optim.adam, "efficient_order"),
        (optim.rmsprop, "centered"),
        (optim.ema_average, "bias_correction"),
    ],
)
@pytest.mark.parametrize("value", ["no", "False", 0, 1, None])
def test_flags_must_be_bools(factory, flag, value):
    """``adam(bias_correction='no')`` used to keep the correction (a truthy string)."""
    with pytest.raises(TypeError, match=flag):
        factory(**{flag: value})


def test_amsgrad_variant_is_checked():
    with pytest.raises(TypeError, match="variant"):
        optim.amsgrad(variant=True)


@pytest.mark.parametrize("name", ALL)
def test_float32_parameters_keep_their_dtype(name):
    opt = optim.ALL[name]()
    theta = np.linspace(-1, 1, 6, dtype=np.float32)
    state = opt.init(theta)
    g = np.linspace(1, 2, 6)  # float64 gradients are cast to theta's dtype
    step, new_state = opt.update(g, state)
    assert step.dtype == np.float32
    assert all(a.dtype == np.float32 for a in new_state if isinstance(a, np.ndarray))
    before = theta.copy()
    opt.step(theta, g, opt.init(theta))
    assert theta.dtype == np.float32
    np.testing.assert_allclose(theta - before, step, atol=2e-7)  # float32 ulp near |theta| = 1
    reference, _ = optim.ALL[name]().update(g, optim.ALL[name]().init(theta.astype(np.float64)))
    np.testing.assert_allclose(step, reference, rtol=1e-5, atol=1e-7)
