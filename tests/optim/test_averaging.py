"""Parameter averaging (Section 7.2)."""

import numpy as np
import pytest

from adamtheory import optim


def run(averager, thetas):
    state = averager.init(thetas[0])
    estimates = []
    for theta in thetas:
        estimate, state = averager.update(theta, state)
        estimates.append(estimate)
    return np.array(estimates)


def test_polyak_average_is_the_running_mean():
    thetas = np.random.default_rng(0).standard_normal((50, 3))
    expected = np.cumsum(thetas, axis=0) / np.arange(1, 51)[:, None]
    np.testing.assert_allclose(run(optim.polyak_average(), thetas), expected, rtol=1e-13)


def test_corrected_ema_is_exact_for_a_constant_sequence():
    """theta-bar_t = (1 - beta2^t) c, so dividing by 1 - beta2^t gives c at every t."""
    thetas = np.full((200, 2), 3.7)
    corrected = run(optim.ema_average(beta2=0.999), thetas)
    np.testing.assert_allclose(corrected, 3.7, rtol=1e-12)
    biased = run(optim.ema_average(beta2=0.999, bias_correction=False), thetas)
    np.testing.assert_allclose(biased[:, 0], 3.7 * (1 - 0.999 ** np.arange(1, 201)), rtol=1e-12)


def test_ema_matches_its_definition():
    thetas = np.random.default_rng(1).standard_normal((30, 2))
    bar, expected = 0.0, []
    for t, theta in enumerate(thetas, start=1):
        bar = 0.9 * bar + 0.1 * theta
        expected.append(bar / (1 - 0.9**t))
    np.testing.assert_allclose(run(optim.ema_average(beta2=0.9), thetas), expected, rtol=1e-13)


def test_averagers_reject_bad_input():
    with pytest.raises(ValueError, match="beta2"):
        optim.ema_average(beta2=1.0)
    averager = optim.polyak_average()
    state = averager.init(np.zeros(2))
    with pytest.raises(ValueError, match="shape"):
        averager.update(np.zeros(3), state)
    with pytest.raises(ValueError, match="theta must be finite"):
        averager.update(np.array([np.nan, 0.0]), state)
