"""The noisy quadratic of the limit studies: seeded, its gradient, its runner, bad input."""

import numpy as np
import pytest

from adamtheory import optim
from adamtheory.problems.quadratic import noisy_quadratic


def test_seeded_and_shaped():
    a, b = noisy_quadratic(10, d=3), noisy_quadratic(10, d=3)
    assert a.noise.shape == (10, 3) and a.horizon == 10
    np.testing.assert_array_equal(a.noise, b.noise)
    assert np.all((a.curvature >= 0.5) & (a.curvature <= 2.0))
    assert np.all(noisy_quadratic(5, noise=0.0).noise == 0)


def test_run_equals_a_hand_loop_and_batches_rows():
    problem = noisy_quadratic(30)
    opt = optim.adam(alpha=0.05)
    path = problem.run(opt, np.zeros(4))
    theta, state = np.zeros(4), opt.init(np.zeros(4))
    for t in range(1, 31):
        step, state = opt.update(problem.grad(theta, t), state)
        theta = theta + step
        np.testing.assert_allclose(path[t], theta, rtol=1e-12)
    batched = problem.run(opt, np.zeros((2, 4)))
    np.testing.assert_allclose(batched[:, 1], path, rtol=1e-12)  # common random numbers


@pytest.mark.parametrize(
    "call, error, name",
    [
        (lambda: noisy_quadratic(0), ValueError, "T"),
        (lambda: noisy_quadratic(5.0), TypeError, "T"),
        (lambda: noisy_quadratic(5, d=True), TypeError, "d"),
        (lambda: noisy_quadratic(5, noise=-1.0), ValueError, "noise"),
        (lambda: noisy_quadratic(5, seed=-1), ValueError, "seed"),
        (lambda: noisy_quadratic(5).grad(np.zeros(4), 6), ValueError, "t"),
        (lambda: noisy_quadratic(5).run(optim.adam, np.zeros(4)), TypeError, "opt"),
        (lambda: noisy_quadratic(5).run(optim.adam(), np.zeros(3)), ValueError, "theta0"),
    ],
)
def test_bad_input_names_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()
