"""Feasible sets of the online game: a box, a ball, the whole space (Section 4).

Each projects (Euclidean), tests membership, and gives its diameters in the 2- and
infinity-norms (Theorem 4.1's D and D_inf) and its linear minimizer (for
certified comparator gaps). A radius may be an array of shape (K, 1): one domain per run.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core import validation

__all__ = ["Ball", "Box", "Whole"]


# ----------------------------------------------------------------------------- feasible sets


def _radius(value: Any) -> np.ndarray | float:
    array = np.asarray(validation.positive("radius", value), dtype=np.float64)
    return array.item() if array.ndim == 0 else array


class Box:
    r"""The :math:`\ell_\infty` box :math:`\{\theta: |\theta_i| \le r\}` (r scalar, (d,), or (K, 1)).

    Projection: coordinate-wise clipping. Diameters: :math:`D_\infty = 2r`,
    :math:`D = 2r\sqrt d` (for a scalar r).
    """

    def __init__(self, radius: Any = 1.0):
        self.radius = _radius(radius)

    def project(self, theta: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """Clip every coordinate to [-r, r] (in place when ``out is theta``)."""
        return np.clip(theta, -self.radius, self.radius, out=out)

    def contains(self, theta: np.ndarray, tol: float = 1e-12) -> np.ndarray:
        return np.all(np.abs(theta) <= self.radius + tol, axis=-1)

    def _radii(self, d: int) -> np.ndarray:
        return np.broadcast_to(self.radius, np.broadcast_shapes(np.shape(self.radius), (d,)))

    def diameter(self, d: int) -> np.ndarray:
        """The l2 diameter: 2 sqrt(sum_i r_i^2) (2 r sqrt(d) for a scalar r)."""
        return 2.0 * np.sqrt(np.sum(np.square(self._radii(d)), axis=-1))

    def diameter_inf(self, d: int) -> np.ndarray:
        """The l-inf diameter: 2 max_i r_i."""
        return 2.0 * np.max(self._radii(d), axis=-1)

    def linear_minimizer(self, s: np.ndarray) -> np.ndarray:
        r"""A minimizer of :math:`\langle s, \theta\rangle` over the box: :math:`-r\,\mathrm{sign}(s)`
        (0 where :math:`s_i = 0`, where every point of the edge is a minimizer)."""
        return -self.radius * np.sign(s)

    def __repr__(self) -> str:
        return f"Box(radius={self.radius!r})"


class Ball:
    r"""The :math:`\ell_2` ball :math:`\{\theta: \|\theta\|_2 \le r\}` (r scalar or (K, 1)).

    Projection: :math:`\theta \min(1, r/\|\theta\|_2)` row by row. Diameters
    :math:`D = 2r`, :math:`D_\infty = 2r`.
    """

    def __init__(self, radius: Any = 1.0):
        self.radius = _radius(radius)
        if np.ndim(self.radius) == 1:
            raise ValueError("radius of a Ball is a scalar or shape (K, 1), got a vector")

    def project(self, theta: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        norm = np.sqrt(np.einsum("...i,...i->...", theta, theta))[..., None]
        scale = np.minimum(1.0, self.radius / np.maximum(norm, np.finfo(float).tiny))
        return np.multiply(theta, scale, out=out)

    def contains(self, theta: np.ndarray, tol: float = 1e-12) -> np.ndarray:
        r = np.squeeze(np.asarray(self.radius), -1) if np.ndim(self.radius) == 2 else self.radius
        return np.linalg.norm(theta, axis=-1) <= r + tol

    def diameter(self, d: int) -> np.ndarray:
        r = np.asarray(self.radius)
        return 2.0 * (r[..., 0] if r.ndim == 2 else r)

    def diameter_inf(self, d: int) -> np.ndarray:
        return self.diameter(d)

    def linear_minimizer(self, s: np.ndarray) -> np.ndarray:
        r""":math:`-r\, s/\|s\|_2` (0 where s = 0)."""
        norm = np.linalg.norm(s, axis=-1, keepdims=True)
        return -self.radius * np.divide(s, norm, out=np.zeros_like(s), where=norm > 0)

    def __repr__(self) -> str:
        return f"Ball(radius={self.radius!r})"


class Whole:
    """The whole space R^d: projection is the identity, diameters are infinite."""

    radius = np.inf

    def project(self, theta: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        if out is None:
            return theta.copy()
        if out is not theta:
            out[...] = theta
        return out

    def contains(self, theta: np.ndarray, tol: float = 0.0) -> np.ndarray:
        return np.all(np.isfinite(theta), axis=-1)

    def diameter(self, d: int) -> float:
        return np.inf

    def diameter_inf(self, d: int) -> float:
        return np.inf

    def linear_minimizer(self, s: np.ndarray) -> np.ndarray:
        raise ValueError("a linear loss has no minimizer on the whole space; use a Box or a Ball")

    def __repr__(self) -> str:
        return "Whole()"
