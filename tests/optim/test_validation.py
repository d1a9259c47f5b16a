"""Bad input gets a ValueError or TypeError that names the argument, never a NumPy
traceback from deep inside and never a silent wrong answer."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adamtheory import optim
from adamtheory.optim import schedules

BETAS = ("adam", "amsgrad", "adamax")


@pytest.mark.parametrize(
    ("factory", "kwargs", "name"),
    [
        (optim.adam, {"alpha": 0.0}, "alpha"),
        (optim.adam, {"alpha": -1e-3}, "alpha"),
        (optim.adam, {"beta1": 1.0}, "beta1"),
        (optim.adam, {"beta1": -0.1}, "beta1"),
        (optim.adam, {"beta2": 1.5}, "beta2"),
        (optim.adam, {"eps": -1e-8}, "eps"),
        (optim.adam, {"alpha": math.nan}, "alpha"),
        (optim.adam, {"alpha": np.array([1e-3, -1.0])}, "alpha"),
        (optim.momentum, {"mu": 1.0}, "mu"),
        (optim.rmsprop, {"rho": 1.0}, "rho"),
        (optim.adadelta, {"eps": 0.0}, "eps"),
        (optim.adagrad, {"initial_accumulator": -1.0}, "initial_accumulator"),
        (optim.amsgrad, {"variant": "keras"}, "variant"),
    ],
)
def test_out_of_range_hyperparameters_name_the_argument(factory, kwargs, name):
    with pytest.raises(ValueError, match=name):
        factory(**kwargs)


@pytest.mark.parametrize("value", ["0.1", 1j, [1, [2]], True, None])
def test_non_real_hyperparameters_raise_type_error(value):
    with pytest.raises(TypeError, match="alpha"):
        optim.adam(alpha=value)


def test_a_schedule_is_validated_at_the_step_it_goes_wrong():
    opt = optim.adam(beta1=lambda t: 0.9 if t < 3 else 1.0)
    state = opt.init(np.zeros(2))
    for _ in range(2):
        _, state = opt.update(np.ones(2), state)
    with pytest.raises(ValueError, match=r"beta1 must lie in \[0, 1\) at t=3"):
        opt.update(np.ones(2), state)


def test_hyperparameter_that_does_not_broadcast():
    opt = optim.adam(alpha=np.ones(3))
    with pytest.raises(ValueError, match=r"alpha of shape \(3,\) does not broadcast"):
        opt.init(np.zeros((4, 2)))
    with pytest.raises(ValueError, match="alpha"):  # would grow theta from (4,) to (2, 4)
        optim.adam(alpha=np.ones((2, 1))).init(np.zeros(4))


def test_gradient_of_another_shape_or_dtype():
    opt = optim.adam()
    state = opt.init(np.zeros(3))
    with pytest.raises(ValueError, match=r"grad has shape \(2,\), but theta has shape \(3,\)"):
        opt.update(np.zeros(2), state)
    with pytest.raises(TypeError, match="grad must be real"):
        opt.update(np.zeros(3, dtype=complex), state)
    with pytest.raises(TypeError, match="grad"):
        opt.update(np.array(["a", "b", "c"]), state)


def test_theta_must_be_real_finite_and_non_empty():
    with pytest.raises(ValueError, match="theta must not be empty"):
        optim.sgd().init([])
    with pytest.raises(ValueError, match="theta must be finite"):
        optim.sgd().init([1.0, math.inf])
    with pytest.raises(TypeError, match="theta"):
        optim.sgd().init(["x"])


@pytest.mark.parametrize("name", list(optim.ALL))
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_gradients_raise_and_leave_the_state_alone(name, bad):
    """The policy: a NaN or inf gradient raises ValueError naming the step; the state
    passed in is untouched, so a caller can skip or clip that gradient and go on."""
    opt = optim.ALL[name]()
    state = opt.init(np.zeros(3))
    _, state = opt.update(np.ones(3), state)
    before = [np.copy(x) for x in state]
    with pytest.raises(ValueError, match="non-finite.*t=2"):
        opt.update(np.array([1.0, bad, 0.0]), state)
    theta = np.zeros(3)
    with pytest.raises(ValueError, match="non-finite"):
        opt.step(theta, np.array([bad, 0.0, 0.0]), state)
    for old, new in zip(before, state, strict=True):
        np.testing.assert_array_equal(old, new)
    np.testing.assert_array_equal(theta, 0.0)


def test_huge_finite_gradients_are_not_mistaken_for_non_finite():
    """The sum of 1e308 and 1e308 overflows, the gradient itself is finite."""
    opt = optim.sgd(alpha=1e-10)
    step, _ = opt.update(np.array([1e308, 1e308]), opt.init(np.zeros(2)))
    assert np.all(np.isfinite(step))


def test_second_moment_overflow_raises_floating_point_error():
    opt = optim.adam()
    with pytest.raises(FloatingPointError, match="overflow"):
        opt.update(np.array([1e200]), opt.init(np.zeros(1)))


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(list(optim.ALL)),
    key=st.sampled_from(["alpha", "beta1", "beta2", "eps", "mu", "rho"]),
    value=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-5, 5),
        st.text(max_size=3),
        st.none(),
        st.lists(st.floats(), max_size=3),
        st.complex_numbers(),
    ),
    grad=st.one_of(
        st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=0, max_size=4),
        st.floats(allow_nan=True),
        st.text(max_size=2),
    ),
)
def test_random_bad_input_raises_only_named_errors(name, key, value, grad):
    """Whatever goes in, the only exceptions out are ValueError/TypeError/FloatingPointError
    (and TypeError for an unknown keyword), each with a message naming what is wrong."""
    try:
        opt = optim.ALL[name](**{key: value})
        state = opt.init(np.zeros(3))
        step, state = opt.update(grad, state)
    except TypeError as exc:
        assert str(exc)
    except (ValueError, FloatingPointError) as exc:
        assert any(word in str(exc) for word in (key, "grad", "theta", "v_t"))
    else:
        assert np.all(np.isfinite(step))


def test_schedules_validate_their_arguments():
    with pytest.raises(ValueError, match="alpha"):
        schedules.inverse_sqrt(0.0)
    with pytest.raises(ValueError, match="lam"):
        schedules.beta1_decay(0.9, 1.5)
    with pytest.raises(ValueError, match="beta1"):
        schedules.beta1_decay(1.0, 0.5)
    with pytest.raises(ValueError, match="every"):
        schedules.step_decay(0.1, 0.5, 0)
    with pytest.raises(ValueError, match="t must be >= 1"):
        schedules.inverse_sqrt(0.1)(0)
    with pytest.raises(TypeError, match="whole numbers"):
        schedules.inverse_sqrt(0.1)(1.5)


@pytest.mark.parametrize("name", ["adam", "amsgrad", "adagrad", "rmsprop"])
def test_underflowed_second_moment_with_zero_eps_raises(name):
    """|g| = 1e-170: g^2 underflows to 0 while m does not; with eps = 0 that would be a
    silent zero step, so it raises instead. With eps > 0 the step is finite."""
    opt = optim.ALL[name](eps=0.0)
    with pytest.raises(FloatingPointError, match="underflowed"):
        opt.update(np.array([1e-170, 1.0]), opt.init(np.zeros(2)))
    opt = optim.ALL[name]()
    step, _ = opt.update(np.array([1e-170, 1.0]), opt.init(np.zeros(2)))
    assert np.all(np.isfinite(step))
