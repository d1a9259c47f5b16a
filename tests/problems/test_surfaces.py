"""The tour's 2-D surfaces: closed-form minima, gradients against finite differences
(an independent reference: only the values are used), batching, and the descent loop."""

import numpy as np
import pytest

from adamtheory import optim
from adamtheory.problems import surfaces

ALL = [factory() for factory in surfaces.SURFACES.values()] + [
    surfaces.ravine(kappa=10.0, angle=0.7),
    surfaces.rosenbrock(a=-0.5, b=3.0),
]
IDS = [s.name for s in ALL[:-2]] + ["ravine-turned", "rosenbrock-a-b"]


def central_difference(surface, points, h=1e-6):
    grads = []
    for axis in range(2):
        e = np.zeros(2)
        e[axis] = h
        grads.append((surface(points + e) - surface(points - e)) / (2 * h))
    return np.stack(grads, axis=-1)


@pytest.mark.parametrize("surface", ALL, ids=IDS)
def test_gradient_matches_central_differences(surface):
    rng = np.random.default_rng(0)
    (x0, x1), (y0, y1) = surface.xlim, surface.ylim
    points = np.stack([rng.uniform(x0, x1, 200), rng.uniform(y0, y1, 200)], axis=-1)
    exact = surface.grad(points)
    # central differences err by O(h^2 f''') + O(eps f / h): 1e-5 relative to the scale
    scale = 1.0 + np.abs(exact).max()
    np.testing.assert_allclose(central_difference(surface, points), exact, atol=1e-5 * scale)


@pytest.mark.parametrize("surface", [s for s in ALL if s.minima is not None], ids=lambda s: s.name)
def test_closed_form_minima_are_stationary_and_global_on_the_window(surface):
    minima = np.asarray(surface.minima)
    np.testing.assert_allclose(surface.grad(minima), 0.0, atol=1e-12)
    np.testing.assert_allclose(surface(minima), surface.f_min, atol=1e-15)
    X, Y, Z = surface.grid(301)
    assert Z.min() >= surface.f_min - 1e-12
    assert np.all(surface.distance_to_minimum(minima) == 0)


def test_known_values():
    assert surfaces.rosenbrock()(np.array([0.0, 0.0])) == 1.0
    assert surfaces.beale()(np.array([0.0, 0.0])) == pytest.approx(1.5**2 + 2.25**2 + 2.625**2)
    assert surfaces.saddle()(np.array([2.0, 3.0])) == -5.0
    assert surfaces.plateau()(np.array([0.0, 1.0])) == pytest.approx(-1 / 12)
    assert surfaces.ravine(4.0)(np.array([1.0, 1.0])) == 2.5
    turned = surfaces.ravine(4.0, angle=np.pi / 2)  # u = y, v = -x
    assert turned(np.array([1.0, 0.0])) == pytest.approx(2.0)


def test_hessians_at_the_saddles():
    """The saddle has curvatures (2, -2); the plateau's is degenerate (1, 0): its gradient
    along y is O(y^3), a thousand times smaller at y = 0.1 than the saddle's O(y)."""
    h = 1e-5
    for surface, expected in ((surfaces.saddle(), (2.0, -2.0)), (surfaces.plateau(), (1.0, 0.0))):
        hess = [
            (surface.grad(h * e) - surface.grad(-h * e))[i] / (2 * h)
            for i, e in enumerate(np.eye(2))
        ]
        np.testing.assert_allclose(hess, expected, atol=1e-6)
    assert abs(surfaces.plateau().grad(np.array([0.0, 0.1]))[1]) < 1e-3
    assert abs(surfaces.saddle().grad(np.array([0.0, 0.1]))[1]) == pytest.approx(0.2)


@pytest.mark.parametrize("surface", ALL, ids=IDS)
def test_batches_of_any_shape(surface):
    points = np.random.default_rng(1).normal(size=(3, 4, 2))
    values, grads = surface(points), surface.grad(points)
    assert values.shape == (3, 4) and grads.shape == (3, 4, 2)
    for i in range(3):
        for j in range(4):
            assert values[i, j] == surface(points[i, j])
            np.testing.assert_array_equal(grads[i, j], surface.grad(points[i, j]))


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: surfaces.rosenbrock()(np.zeros(3)), ValueError, "points"),
        (lambda: surfaces.beale().grad("1, 2"), TypeError, "points"),
        (lambda: surfaces.ravine(kappa=0.0), ValueError, "kappa"),
        (lambda: surfaces.ravine(angle=np.nan), ValueError, "angle"),
        (lambda: surfaces.rosenbrock(b=-1), ValueError, "b"),
        (lambda: surfaces.descend(surfaces.saddle(), optim.sgd(), 2.5), TypeError, "steps"),
        (
            lambda: surfaces.descend(surfaces.saddle(), optim.sgd(), 5, noise=-1),
            ValueError,
            "noise",
        ),
        (lambda: surfaces.descend(surfaces.saddle(), optim.sgd, 5), TypeError, "opt"),
        (lambda: surfaces.saddle().grid(1), ValueError, "n"),
    ],
)
def test_bad_input_names_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()


def test_descend_is_plain_gradient_descent_for_sgd():
    surface, alpha = surfaces.ravine(10.0), 0.05
    path = surfaces.descend(surface, optim.sgd(alpha), 20)
    theta = np.array(surface.start)
    for t in range(1, 21):
        theta = theta - alpha * surface.grad(theta)
        np.testing.assert_allclose(path.points[t], theta, rtol=1e-14)
    np.testing.assert_allclose(path.losses, surface(path.points), rtol=1e-15)
    # closed form on the ravine: each coordinate contracts by (1 - alpha * curvature)
    np.testing.assert_allclose(
        path.points[-1], np.array(surface.start) * (1 - alpha * np.array([1.0, 10.0])) ** 20
    )


def test_descend_batches_starts_and_seeds_its_noise():
    surface = surfaces.rosenbrock()
    starts = np.array([[-1.5, 2.0], [0.5, 0.5]])
    batched = surfaces.descend(surface, optim.adam(0.05), 30, start=starts, noise=0.1, seed=3)
    again = surfaces.descend(surface, optim.adam(0.05), 30, start=starts, noise=0.1, seed=3)
    assert batched.points.shape == (31, 2, 2) and batched.losses.shape == (31, 2)
    np.testing.assert_array_equal(batched.points, again.points)
    clean = [surfaces.descend(surface, optim.adam(0.05), 30, start=s) for s in starts]
    for k in range(2):
        np.testing.assert_allclose(
            surfaces.descend(surface, optim.adam(0.05), 30, start=starts[k]).points,
            clean[k].points,
        )
    assert not np.allclose(batched.points[:, 0], clean[0].points)  # the noise is there


def test_descend_marks_a_divergence_with_nan():
    path = surfaces.descend(surfaces.saddle(), optim.momentum(0.5, 0.9), 2000)
    assert np.isnan(path.points[-1]).all() and np.isfinite(path.points[:5]).all()


def test_a_diverging_run_does_not_stop_the_others():
    """alpha of 0.01 and 0.5 on the ravine (kappa = 25): SGD is stable for alpha < 0.08."""
    surface = surfaces.ravine(25.0)
    opt = optim.sgd(np.array([[0.01], [0.5]]))
    path = surfaces.descend(surface, opt, 200, start=np.tile(surface.start, (2, 1)))
    assert np.isnan(path.points[-1, 1]).all() and np.isfinite(path.points[:, 0]).all()
    np.testing.assert_allclose(
        path.points[-1, 0], np.array(surface.start) * (1 - 0.01 * np.array([1.0, 25.0])) ** 200
    )
