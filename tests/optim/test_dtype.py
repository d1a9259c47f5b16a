"""float32 parameters keep their dtype through every optimizer; float64 stays the default."""

import numpy as np
import pytest

from adamtheory import optim
from adamtheory.optim import schedules

NAMES = sorted(optim.ALL)


def _gradients(shape, n=20, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape) for _ in range(n)]


def _state_arrays(state):
    return [field for field in state if isinstance(field, np.ndarray) and field.ndim > 0]


@pytest.mark.parametrize("name", NAMES)
def test_float32_theta_gives_float32_state_and_steps(name):
    opt = optim.ALL[name]()
    state = opt.init(np.zeros(5, dtype=np.float32))
    assert all(a.dtype == np.float32 for a in _state_arrays(state))
    for g in _gradients(5):
        step, state = opt.update(g.astype(np.float32), state)
        assert step.dtype == np.float32
    assert all(a.dtype == np.float32 for a in _state_arrays(state))


@pytest.mark.parametrize("name", NAMES)
def test_float32_run_follows_the_float64_run(name):
    """Same gradients, two precisions: the float32 iterates agree to float32 rounding
    accumulated over 20 steps (relative 1e-4 of the run's scale is ~1000 ulps)."""
    opt = optim.ALL[name]()
    theta64, theta32 = np.zeros(5), np.zeros(5, dtype=np.float32)
    s64, s32 = opt.init(theta64), opt.init(theta32)
    for g in _gradients(5):
        s64 = opt.step(theta64, g, s64)
        s32 = opt.step(theta32, g.astype(np.float32), s32)
    assert theta32.dtype == np.float32
    scale = max(np.max(np.abs(theta64)), 1e-12)
    assert np.max(np.abs(theta32 - theta64)) <= 1e-4 * scale


@pytest.mark.parametrize("name", ["adam", "adagrad", "rmsprop", "nesterov", "adadelta"])
def test_float64_gradient_is_cast_to_a_float32_theta(name):
    opt = optim.ALL[name]()
    state = opt.init(np.zeros(3, dtype=np.float32))
    step, state = opt.update(np.ones(3), state)
    assert step.dtype == np.float32
    assert all(a.dtype == np.float32 for a in _state_arrays(state))


def test_schedules_and_array_hyperparameters_keep_float32():
    theta = np.zeros((2, 4), dtype=np.float32)
    opt = optim.adam(alpha=schedules.inverse_sqrt(np.array([[1e-3], [1e-2]])), beta2=0.99)
    state = opt.init(theta)
    for g in _gradients((2, 4), n=5):
        state = opt.step(theta, g.astype(np.float32), state)
    assert theta.dtype == np.float32 and state.m.dtype == np.float32
    sgd = optim.sgd(alpha=schedules.inverse_sqrt(0.1))
    step, _ = sgd.update(np.ones(3, dtype=np.float32), sgd.init(np.zeros(3, dtype=np.float32)))
    assert step.dtype == np.float32


@pytest.mark.parametrize("theta", [[1, 2], np.arange(3), np.zeros(2, dtype=np.float16), [0.5]])
def test_everything_but_float32_is_float64(theta):
    state = optim.adam().init(theta)
    assert state.m.dtype == np.float64


def test_float32_gradient_into_float64_theta_gives_float64():
    opt = optim.adam()
    step, state = opt.update(np.ones(2, dtype=np.float32), opt.init(np.zeros(2)))
    assert step.dtype == np.float64 and state.m.dtype == np.float64


def test_bad_gradients_are_still_named_for_float32_theta():
    opt = optim.adam()
    state = opt.init(np.zeros(2, dtype=np.float32))
    with pytest.raises(ValueError, match="grad"):
        opt.update(np.array([np.nan, 1.0], dtype=np.float32), state)
    with pytest.raises(TypeError, match="grad"):
        opt.update("ab", state)
    with pytest.raises(ValueError, match="shape"):
        opt.update(np.ones(3, dtype=np.float32), state)
