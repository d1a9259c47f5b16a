import numpy as np
import pytest

from adamtheory.optim import schedules


def test_values_of_each_schedule():
    t = np.arange(1, 7)
    np.testing.assert_allclose(schedules.constant(0.1)(t), 0.1)
    np.testing.assert_allclose(schedules.inverse_sqrt(0.1)(t), 0.1 / np.sqrt(t), rtol=1e-15)
    np.testing.assert_allclose(schedules.beta1_decay(0.9, 0.5)(t), 0.9 * 0.5 ** (t - 1))
    np.testing.assert_allclose(
        schedules.step_decay(1.0, 0.1, 2)(t), [1, 1, 0.1, 0.1, 0.01, 0.01], rtol=1e-15
    )
    np.testing.assert_allclose(schedules.exponential_decay(1.0, 0.5)(t), 0.5 ** (t - 1))


def test_a_scalar_step_gives_a_python_float():
    value = schedules.inverse_sqrt(0.1)(4)
    assert isinstance(value, float) and value == pytest.approx(0.05)


def test_array_parameters_broadcast_over_configurations():
    alpha = np.array([[0.1], [1.0]])
    values = schedules.inverse_sqrt(alpha)(4)
    np.testing.assert_allclose(values, [[0.05], [0.5]])


# ----------------------------------------------------------------------------- cosine, warm-up


def test_cosine_against_its_closed_form_and_optax_convention():
    """Independent reference: optax's cosine_decay_schedule(init, decay_steps, alpha) is
    init * ((1 - alpha) * 0.5 * (1 + cos(pi * min(count, T) / T)) + alpha) at count = t - 1."""
    T, a, a_min = 10, 0.2, 0.02
    t = np.arange(1, 15)
    count = np.minimum(t - 1, T)
    expected = a * ((1 - a_min / a) * 0.5 * (1 + np.cos(np.pi * count / T)) + a_min / a)
    np.testing.assert_allclose(schedules.cosine(a, T, a_min)(t), expected, rtol=1e-14)
    sched = schedules.cosine(1.0, 4)
    assert sched(1) == 1.0
    assert sched(3) == pytest.approx(0.5)  # half-way: cos(pi/2) = 0
    assert sched(4) > 0 and sched(5) == pytest.approx(0.0, abs=1e-16)
    assert np.all(np.diff(sched(np.arange(1, 6))) < 0)  # decreasing until T + 1


def test_linear_warmup_ramps_then_hands_over():
    t = np.arange(1, 9)
    np.testing.assert_allclose(
        schedules.linear_warmup(0.4, 4)(t), [0.1, 0.2, 0.3, 0.4, 0.4, 0.4, 0.4, 0.4]
    )
    then = schedules.inverse_sqrt(0.4)
    combined = schedules.linear_warmup(0.4, 4, then=then)(t)
    np.testing.assert_allclose(combined[:4], [0.1, 0.2, 0.3, 0.4])
    np.testing.assert_allclose(combined[4:], 0.4 / np.sqrt([1, 2, 3, 4]))
    assert schedules.linear_warmup(0.4, 4, then=then)(6) == pytest.approx(0.4 / np.sqrt(2))


def test_warmup_then_cosine_drives_an_optimizer():
    """A schedule is a hyperparameter: Adam takes it and uses alpha_t at step t."""
    from adamtheory import optim

    sched = schedules.linear_warmup(0.1, 5, then=schedules.cosine(0.1, 20))
    opt = optim.sgd(sched)
    theta, state = np.zeros(1), opt.init(np.zeros(1))
    for t in range(1, 26):
        before = theta.copy()
        state = opt.step(theta, np.ones(1), state)
        assert before[0] - theta[0] == pytest.approx(sched(t), rel=1e-15)


def test_new_schedules_broadcast_over_configurations():
    alpha = np.array([[0.1], [1.0]])
    np.testing.assert_allclose(schedules.cosine(alpha, 10)(1), alpha)
    np.testing.assert_allclose(schedules.linear_warmup(alpha, 2)(1), alpha / 2)


# ----------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("build", "error", "name"),
    [
        (lambda: schedules.inverse_sqrt("0.1"), TypeError, "alpha"),
        (lambda: schedules.inverse_sqrt(True), TypeError, "alpha"),
        (lambda: schedules.inverse_sqrt(np.nan), ValueError, "alpha"),
        (lambda: schedules.inverse_sqrt(-1.0), ValueError, "alpha"),
        (lambda: schedules.constant("1"), TypeError, "alpha"),
        (lambda: schedules.constant(np.nan), ValueError, "alpha"),
        (lambda: schedules.beta1_decay("0.9", 0.5), TypeError, "beta1"),
        (lambda: schedules.beta1_decay(0.9, np.nan), ValueError, "lam"),
        (lambda: schedules.beta1_decay(0.9, 0.0), ValueError, "lam"),
        (lambda: schedules.step_decay(0.1, 0.5, 2.5), TypeError, "every"),
        (lambda: schedules.step_decay(0.1, 0.5, True), TypeError, "every"),
        (lambda: schedules.step_decay(0.1, 1.5, 2), ValueError, "factor"),
        (lambda: schedules.step_decay(0.1, "0.5", 2), TypeError, "factor"),
        (lambda: schedules.exponential_decay(0.1, np.nan), ValueError, "rate"),
        (lambda: schedules.exponential_decay(False, 0.9), TypeError, "alpha"),
        (lambda: schedules.cosine(0.1, 0), ValueError, "T"),
        (lambda: schedules.cosine(0.1, 10.0), TypeError, "T"),
        (lambda: schedules.cosine(0.1, 10, -0.1), ValueError, "alpha_min"),
        (lambda: schedules.cosine(0.1, 10, 0.2), ValueError, "alpha_min"),
        (lambda: schedules.cosine("0.1", 10), TypeError, "alpha"),
        (lambda: schedules.linear_warmup(0.1, 0), ValueError, "warmup"),
        (lambda: schedules.linear_warmup(0.1, "5"), TypeError, "warmup"),
        (lambda: schedules.linear_warmup(0.1, 5, then=0.1), TypeError, "then"),
        (lambda: schedules.linear_warmup(np.nan, 5), ValueError, "alpha"),
    ],
)
def test_bad_arguments_fail_at_construction_naming_the_argument(build, error, name):
    with pytest.raises(error, match=name):
        build()


ALL_SCHEDULES = [
    schedules.constant(0.1),
    schedules.inverse_sqrt(0.1),
    schedules.beta1_decay(0.9, 0.5),
    schedules.step_decay(0.1, 0.5, 3),
    schedules.exponential_decay(0.1, 0.9),
    schedules.cosine(0.1, 100),
    schedules.linear_warmup(0.1, 5, then=schedules.cosine(0.1, 10)),
]


@pytest.mark.parametrize("schedule", ALL_SCHEDULES, ids=lambda s: type(s).__name__)
@pytest.mark.parametrize(
    ("t", "error"),
    [
        (np.inf, TypeError),
        (np.nan, TypeError),
        (2.5, TypeError),
        (True, TypeError),
        ("3", TypeError),
        (0, ValueError),
        (-3, ValueError),
        (np.array([1, 0]), ValueError),
    ],
)
def test_bad_step_counts_raise_naming_t(schedule, t, error):
    with pytest.raises(error, match="t must"):
        schedule(t)


@pytest.mark.parametrize("schedule", ALL_SCHEDULES, ids=lambda s: type(s).__name__)
def test_huge_and_float_whole_step_counts_work(schedule):
    assert np.isfinite(schedule(10**30))
    assert schedule(3.0) == schedule(3)
    assert schedule(np.int64(3)) == schedule(3)


def test_inverse_sqrt_at_huge_t_is_the_formula_not_an_error():
    assert schedules.inverse_sqrt(0.1)(10**30) == pytest.approx(1e-16, rel=1e-15)
    assert schedules.exponential_decay(0.1, 0.5)(10**30) == 0.0  # underflows, correctly


def test_validated_arguments_are_stored_as_floats():
    assert schedules.inverse_sqrt(1).alpha == 1.0
    assert isinstance(schedules.step_decay(np.float32(0.5), 0.5, np.int64(3)).every, int)


def test_module_keeps_no_private_copies_of_core_validation():
    for private in ("_positive", "_steps", "_in_open_unit"):
        assert not hasattr(schedules, private)
