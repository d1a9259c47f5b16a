r"""Classic two-dimensional test surfaces, with their gradients, for the tour of optimizers.

Every surface takes points of shape ``(..., 2)`` (any batch of points in the plane)
and returns values of shape ``(...)`` and gradients of shape ``(..., 2)``, so a grid
for a contour plot and K optimizer runs side by side are one call each.

- :func:`ravine`: :math:`\tfrac12(u^2 + \kappa v^2)`, the coordinates (u, v) turned by
  ``angle`` from (x, y): an ill-conditioned valley (condition number :math:`\kappa`),
  the terrain of momentum (seed 001's "ravine").
- :func:`rosenbrock`: :math:`(a-x)^2 + b(y-x^2)^2`, a curved valley; minimum (a, a^2).
- :func:`beale`: Beale's function; minimum (3, 1/2), steep walls and flat arms.
- :func:`saddle`: :math:`x^2 - y^2`, unbounded below; the saddle at the origin.
- :func:`plateau`: :math:`\tfrac12 x^2 + y^6/6 - y^4/4`: a *degenerate* saddle at the
  origin (the Hessian is diag(1, 0)), so the gradient along y is :math:`O(y^3)`,
  a plateau, before two minima at :math:`(0, \pm1)` with value -1/12.

:func:`descend` runs any ``adamtheory.optim`` optimizer on a surface, with optional
Gaussian noise added to the gradient (the stochastic case), and records the path.

>>> import numpy as np
>>> from adamtheory.problems import surfaces
>>> surfaces.rosenbrock()(np.array([1.0, 1.0]))
0.0
>>> surfaces.beale().grad(np.array([3.0, 0.5])).tolist()
[0.0, 0.0]
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core import validation

__all__ = [
    "DIVERGED",
    "SURFACES",
    "Descent",
    "Surface",
    "beale",
    "descend",
    "plateau",
    "ravine",
    "rosenbrock",
    "saddle",
]


def _points(points: Any, name: str = "points") -> np.ndarray:
    array = validation.real_array(name, points)
    if array.ndim == 0 or array.shape[-1] != 2:
        raise ValueError(f"{name} must have shape (..., 2), got shape {array.shape}")
    return array


@dataclass(frozen=True)
class Surface:
    """A loss on the plane: ``surface(points)`` values, ``surface.grad(points)`` gradients.

    ``minima`` (k, 2) and ``f_min`` are the closed-form global minimizers and minimum
    (``None`` for a surface unbounded below); ``start`` is the usual starting point and
    ``xlim``, ``ylim`` a window that shows the interesting part.
    """

    name: str
    title: str
    value_fn: Callable[[np.ndarray, np.ndarray], np.ndarray]
    grad_fn: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
    start: tuple[float, float]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    minima: tuple[tuple[float, float], ...] | None = None
    f_min: float | None = None

    def __call__(self, points: Any) -> np.ndarray | float:
        p = _points(points)
        out = self.value_fn(p[..., 0], p[..., 1])
        return float(out) if np.ndim(out) == 0 else out

    def grad(self, points: Any) -> np.ndarray:
        p = _points(points)
        gx, gy = self.grad_fn(p[..., 0], p[..., 1])
        return np.stack(np.broadcast_arrays(gx, gy), axis=-1)

    def grid(self, n: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``X, Y, Z`` on an n x n grid over the window, for ``contour``."""
        n = validation.count("n", n, minimum=2)
        X, Y = np.meshgrid(np.linspace(*self.xlim, n), np.linspace(*self.ylim, n))
        return X, Y, self.value_fn(X, Y)

    def distance_to_minimum(self, points: Any) -> np.ndarray:
        """Euclidean distance to the nearest global minimizer (``inf`` if there is none)."""
        p = _points(points)
        if self.minima is None:
            return np.full(p.shape[:-1], np.inf)
        minima = np.asarray(self.minima)
        return np.min(np.linalg.norm(p[..., None, :] - minima, axis=-1), axis=-1)


def ravine(kappa: float = 25.0, angle: float = 0.0) -> Surface:
    r""":math:`f = \tfrac12(u^2 + \kappa v^2)`, :math:`(u, v)` = (x, y) turned by ``angle``
    (radians). Minimum 0 at the origin. SGD is stable only for :math:`\alpha < 2/\kappa`."""
    kappa = validation.positive("kappa", kappa)
    angle = validation.finite_float("angle", angle)
    c, s = np.cos(angle), np.sin(angle)

    def value(x, y):
        u, v = c * x + s * y, -s * x + c * y
        return 0.5 * (u * u + kappa * v * v)

    def grad(x, y):
        u, v = c * x + s * y, -s * x + c * y
        return c * u - s * kappa * v, s * u + c * kappa * v

    return Surface(
        "ravine",
        rf"ravine $\frac{{1}}{{2}}(x^2 + {kappa:g}\,y^2)$"
        if angle == 0
        else rf"ravine, $\kappa = {kappa:g}$",
        value,
        grad,
        start=(-4.0, 1.0),
        xlim=(-4.5, 1.5),
        ylim=(-1.5, 1.5),
        minima=((0.0, 0.0),),
        f_min=0.0,
    )


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    r""":math:`f = (a-x)^2 + b(y-x^2)^2`; minimum 0 at :math:`(a, a^2)`."""
    a, b = validation.finite_float("a", a), validation.positive("b", b)
    if not math.isfinite(a * a):
        raise FloatingPointError(f"a: the minimum (a, a^2) leaves float64 for a = {a!r}")

    def value(x, y):
        return (a - x) ** 2 + b * (y - x * x) ** 2

    def grad(x, y):
        r = y - x * x
        return -2 * (a - x) - 4 * b * x * r, 2 * b * r

    return Surface(
        "rosenbrock",
        r"Rosenbrock $(1-x)^2 + 100(y-x^2)^2$",
        value,
        grad,
        start=(-1.5, 2.0),
        xlim=(-2.0, 2.0),
        ylim=(-1.0, 3.0),
        minima=((a, a * a),),
        f_min=0.0,
    )


_BEALE = (1.5, 2.25, 2.625)


def beale() -> Surface:
    r"""Beale's function :math:`\sum_{k=1}^3 (c_k - x + x y^k)^2`, c = (1.5, 2.25, 2.625);
    minimum 0 at (3, 1/2)."""

    def value(x, y):
        return sum((ck - x + x * y**k) ** 2 for k, ck in enumerate(_BEALE, start=1))

    def grad(x, y):
        gx, gy = 0.0, 0.0
        for k, ck in enumerate(_BEALE, start=1):
            r = ck - x + x * y**k
            gx = gx + 2 * r * (y**k - 1)
            gy = gy + 2 * r * k * x * y ** (k - 1)
        return gx, gy

    return Surface(
        "beale",
        "Beale's function",
        value,
        grad,
        start=(1.0, 1.4),
        xlim=(-0.5, 4.0),
        ylim=(-1.0, 2.0),
        minima=((3.0, 0.5),),
        f_min=0.0,
    )


def saddle() -> Surface:
    r""":math:`f = x^2 - y^2`: a saddle at the origin, unbounded below (no minimum)."""

    def value(x, y):
        return x * x - y * y

    def grad(x, y):
        return 2 * x, -2 * y

    return Surface(
        "saddle",
        r"saddle $x^2 - y^2$",
        value,
        grad,
        start=(1.0, 1e-3),
        xlim=(-1.5, 1.5),
        ylim=(-1.5, 1.5),
    )


def plateau() -> Surface:
    r""":math:`f = \tfrac12 x^2 + y^6/6 - y^4/4`: a degenerate saddle at the origin in a
    plateau (:math:`\partial f/\partial y = y^3(y^2-1)`), minima -1/12 at :math:`(0, \pm1)`."""

    def value(x, y):
        y2 = y * y
        return 0.5 * x * x + y2 * y2 * (y2 / 6 - 0.25)

    def grad(x, y):
        y2 = y * y
        return x + 0.0 * y, y * y2 * (y2 - 1)

    return Surface(
        "plateau",
        r"plateau $\frac{1}{2}x^2 + \frac{y^6}{6} - \frac{y^4}{4}$",
        value,
        grad,
        start=(1.0, 0.05),
        xlim=(-1.2, 1.2),
        ylim=(-0.4, 1.4),
        minima=((0.0, 1.0), (0.0, -1.0)),
        f_min=-1.0 / 12.0,
    )


DIVERGED = 1e8
"""A run whose coordinates exceed this in absolute value has diverged (:func:`descend`)."""

SURFACES = {
    "ravine": ravine,
    "rosenbrock": rosenbrock,
    "beale": beale,
    "saddle": saddle,
    "plateau": plateau,
}
"""Every surface factory by name (default arguments give the tour's surfaces)."""


@dataclass(frozen=True)
class Descent:
    """A recorded descent: ``points`` (steps + 1, ..., 2) and ``losses`` (steps + 1, ...)."""

    points: np.ndarray
    losses: np.ndarray


def descend(
    surface: Surface,
    opt: Any,
    steps: int,
    start: Any = None,
    noise: float = 0.0,
    seed: int = 0,
) -> Descent:
    r"""Run ``opt`` (an ``adamtheory.optim`` optimizer) for ``steps`` steps on ``surface``.

    ``start``: a point (2,) or a batch of K points (K, 2) run side by side (default
    ``surface.start``). ``noise``: the standard deviation of Gaussian noise added to
    every gradient coordinate, :math:`\tilde g_t = \nabla f(\theta_{t-1}) + \sigma \xi_t`,
    drawn from ``np.random.default_rng(seed)``. Losses are those of the noiseless surface.
    A run that diverges (a non-finite gradient, or a coordinate beyond ``DIVERGED``)
    is NaN from there on; the other runs of the batch go on.
    """
    steps = validation.count("steps", steps, minimum=0)
    noise = validation.nonnegative("noise", noise)
    if not hasattr(opt, "init") or not hasattr(opt, "step"):
        raise TypeError(f"opt must be an optimizer such as optim.adam(), got {type(opt).__name__}")
    if not isinstance(surface, Surface):
        raise TypeError(f"surface must be a Surface (surfaces.rosenbrock()...), got {surface!r}")
    theta = _points(surface.start if start is None else start, "start").copy()
    if not np.all(np.isfinite(theta)):
        raise ValueError(f"start must be finite, got {start!r}")
    rng = np.random.default_rng(validation.count("seed", seed, minimum=0))
    state = opt.init(theta)
    points = np.full((steps + 1, *theta.shape), np.nan)
    points[0] = theta
    diverged = np.zeros(theta.shape[:-1], dtype=bool)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            g = surface.grad(theta)
            if noise > 0:
                g = g + noise * rng.standard_normal(theta.shape)
            diverged |= ~np.all(np.isfinite(g), axis=-1) | (np.abs(theta).max(axis=-1) > DIVERGED)
            if np.all(diverged):
                break
            g[diverged] = 0.0  # a diverged run is frozen out: the others go on
            state = opt.step(theta, g, state)
            points[t] = np.where(diverged[..., None], np.nan, theta)
        losses = surface.value_fn(points[..., 0], points[..., 1])
    return Descent(points, losses)
