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
