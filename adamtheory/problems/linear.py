r"""Linear losses :math:`f_t(\theta) = \langle c_t, \theta\rangle`: a periodic sequence of
coefficients, with an exact comparator (a vertex of a box, a point of the sphere) and
the exact prefix regret. Reddi et al.'s counterexamples are linear losses.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core import validation
from ..online import Ball, Box, Comparator, OnlineProblem, Whole

__all__ = ["LinearLosses", "WalledLinear", "as_domain", "random_linear"]


def as_domain(domain: Any) -> Any:
    if not isinstance(domain, Box | Ball | Whole):
        raise TypeError(f"domain must be a Box, Ball or Whole, got {type(domain).__name__}")
    return domain


# ----------------------------------------------------------------------------- linear


class LinearLosses(OnlineProblem):
    r"""Linear losses :math:`f_t(\theta) = \langle c_t, \theta\rangle`, :math:`c_t = C_{(t-1) \bmod P}`.

    ``coefficients``: shape (P, d) (one sequence for every run) or (K, P, d) (one per
    run), cycled with period P; pass P = T for a non-periodic sequence.
    Gradient :math:`c_t` everywhere, so :math:`G_\infty = \max|C|`.

    The comparator is exact: with :math:`S_T = \sum_{t\le T} c_t`, the minimum of
    :math:`\langle S_T,\theta\rangle` is :math:`-r\|S_T\|_1` at the vertex
    :math:`-r\,\mathrm{sign}(S_T)` of a box and :math:`-r\|S_T\|_2` on a ball.
    """

    def __init__(self, coefficients: Any, domain: Any = None):
        c = np.array(validation.real_array("coefficients", coefficients))
        if c.ndim == 2:
            c = c[None]
        if c.ndim != 3 or c.shape[1] < 1 or c.shape[2] < 1:
            raise ValueError(
                f"coefficients must have shape (P, d) or (K, P, d), got {np.shape(coefficients)}"
            )
        if not np.all(np.isfinite(c)):
            raise ValueError("coefficients must be finite")
        self.coefficients = c
        self.batch, self.period, self.dim = c.shape
        self.domain = as_domain(Box(1.0) if domain is None else domain)
        with np.errstate(over="raise"):  # S_t beyond float64 raises FloatingPointError
            self._cumsum = np.concatenate(
                [np.zeros((self.batch, 1, self.dim)), np.cumsum(c, axis=1)], axis=1
            )
        self.G_inf = float(np.max(np.abs(c)))
        self.G = _max_norm(c)
        self._view = None

    def _rows(self, K: int) -> np.ndarray:
        """The coefficients as a (P, K, d) view (stride 0 over K for a shared sequence)."""
        if self._view is None or self._view.shape[1] != K:
            self._view = np.broadcast_to(
                self.coefficients.transpose(1, 0, 2), (self.period, K, self.dim)
            )
        return self._view

    def loss(self, t: int, theta: np.ndarray) -> np.ndarray:
        c = self._rows(theta.shape[0])[(t - 1) % self.period]
        return np.einsum("kd,kd->k", c, theta)

    def grad(self, t: int, theta: np.ndarray) -> np.ndarray:
        return self._rows(theta.shape[0])[(t - 1) % self.period]

    def linear_gradients(self, ts: Any) -> np.ndarray:
        """:math:`g_t` for the rounds ``ts``: (len(ts), K_p, d) (``adamtheory.online.fast``)."""
        return np.moveaxis(self.coefficients[:, (np.asarray(ts) - 1) % self.period], 1, 0)

    def prefix_total(self, ts: Any, theta: np.ndarray) -> np.ndarray:
        r""":math:`\sum_{s\le t} f_s(\theta)` for the rounds ``ts`` and rows of ``theta``: (len(ts), K)."""
        S = self.coefficient_sum(np.asarray(ts))  # (n, K_p, d)
        return np.einsum("nkd,kd->nk", np.broadcast_to(S, (S.shape[0],) + theta.shape), theta)

    def coefficient_sum(self, t: Any) -> np.ndarray:
        r""":math:`S_t = \sum_{s\le t} c_s` for an int or array of t: shape (..., K_p, d)."""
        ts = np.atleast_1d(np.asarray(t, dtype=np.int64))
        full, rest = np.divmod(ts, self.period)
        S = full[:, None, None] * self._cumsum[None, :, -1] + np.moveaxis(
            self._cumsum[:, rest], 1, 0
        )
        return S if np.ndim(t) else S[0]

    def prefix_best_total(self, ts: Any) -> np.ndarray:
        r""":math:`\min_\theta \langle S_t, \theta\rangle` for each t of ``ts``: (len(ts), K_p)."""
        S = self.coefficient_sum(np.asarray(ts))
        return np.einsum("nkd,nkd->nk", S, self.domain.linear_minimizer(S))

    def best_fixed(self, T: int) -> Comparator:
        S = self.coefficient_sum(T)
        theta = np.broadcast_to(self.domain.linear_minimizer(S), S.shape).copy()
        return Comparator(theta, np.einsum("kd,kd->k", S, theta), "exact", np.zeros(self.batch))

    def __repr__(self) -> str:
        return f"LinearLosses(batch={self.batch}, period={self.period}, dim={self.dim}, domain={self.domain})"


def _max_norm(x: np.ndarray) -> float:
    r""":math:`\max \|x\|_2` over the rows of ``x`` (norms along the last axis), scaled by
    max|x| so that entries near 1e154 do not overflow in the squares; a norm beyond
    float64 raises ``FloatingPointError``."""
    scale = float(np.max(np.abs(x), initial=0.0))
    if scale == 0.0:
        return 0.0
    with np.errstate(over="raise"):
        return float(scale * np.max(np.linalg.norm(x / scale, axis=-1)))


def random_linear(
    T: int, d: int, batch: int = 1, seed: int = 0, drift: float = 0.0, domain: Any = None
) -> LinearLosses:
    r"""Gaussian linear losses :math:`c_t \sim N(\mu, I_d)`, :math:`\mu = \text{drift}\cdot\mathbf 1`,
    stored for T rounds (K, T, d). ``drift = 0`` is the hardest case for the comparator
    (regret of order :math:`\sqrt{dT}`); a drift gives a clear best vertex."""
    T, d = validation.count("T", T), validation.count("d", d)
    batch, drift = validation.count("batch", batch), validation.finite_float("drift", drift)
    rng = np.random.default_rng(validation.count("seed", seed, minimum=0))
    return LinearLosses(drift + rng.standard_normal((batch, T, d)), domain=domain)


# ----------------------------------------------------------------------------- walls


class WalledLinear(OnlineProblem):
    r"""Linear losses plus convex walls, played on the whole space (no projection):

    .. math:: f_t(\theta) = \langle c_t, \theta\rangle
              + \kappa \sum_i \max(0, |\theta_i| - r).

    Algorithm 1 has no projection; the walls keep its iterates bounded instead (outside
    the box :math:`[-r, r]^d` every gradient points back once :math:`\kappa > \max|c_t|`).
    Subgradient :math:`c_t + \kappa\,\mathrm{sign}(\theta)\,1\{|\theta| > r\}` (0 on the
    wall's kink). ``linear`` is a :class:`LinearLosses` (its domain is ignored).

    Comparator, exact: :math:`\sum_{t\le T} f_t(\theta) = \langle S_T,\theta\rangle
    + T\kappa\sum_i\max(0, |\theta_i| - r)`; when :math:`|S_{T,i}| \le T\kappa` its minimum
    is :math:`-r\|S_T\|_1` at :math:`-r\,\mathrm{sign}(S_T)`, else it is unbounded below
    (``ValueError``: raise ``wall``).
    """

    def __init__(self, linear: LinearLosses, wall: float, radius: float = 1.0):
        if not isinstance(linear, LinearLosses):
            raise TypeError(f"linear must be a LinearLosses, got {type(linear).__name__}")
        self.linear = linear
        self.wall = float(validation.positive("wall", wall))
        self.radius = float(validation.positive("radius", radius))
        self.dim, self.batch, self.domain = linear.dim, linear.batch, Whole()
        self.G_inf = linear.G_inf + self.wall

    def _walls(self, theta: np.ndarray) -> np.ndarray:
        return np.maximum(0.0, np.abs(theta) - self.radius)

    def loss(self, t: int, theta: np.ndarray) -> np.ndarray:
        return self.linear.loss(t, theta) + self.wall * self._walls(theta).sum(axis=-1)

    def grad(self, t: int, theta: np.ndarray) -> np.ndarray:
        outside = np.abs(theta) > self.radius
        return self.linear.grad(t, theta) + self.wall * np.sign(theta) * outside

    def gradients(self, ts: Any, thetas: Any) -> np.ndarray:
        r""":math:`g_t` at the played :math:`\theta_t` for the rounds ``ts`` (n,) and iterates
        ``thetas`` (n, K, d), all at once (Theorem 4.1's quantities along a traced run)."""
        thetas = np.asarray(thetas, dtype=np.float64)
        c = self.linear.linear_gradients(ts)  # (n, K_p, d)
        outside = np.abs(thetas) > self.radius
        return c + self.wall * np.sign(thetas) * outside

    def prefix_total(self, ts: Any, theta: np.ndarray) -> np.ndarray:
        ts = np.asarray(ts)
        walls = self.wall * self._walls(theta).sum(axis=-1)  # (K,)
        return self.linear.prefix_total(ts, theta) + ts[:, None] * walls[None, :]

    def prefix_best_total(self, ts: Any) -> np.ndarray:
        ts = np.asarray(ts)
        S = self.linear.coefficient_sum(ts)  # (n, K_p, d)
        if np.any(np.abs(S) > ts[:, None, None] * self.wall):
            raise ValueError("a prefix sum exceeds t * wall: the comparator is unbounded")
        return -self.radius * np.abs(S).sum(axis=-1)

    def best_fixed(self, T: int) -> Comparator:
        S = self.linear.coefficient_sum(T)  # (K_p, d)
        if np.any(np.abs(S) > T * self.wall):
            raise ValueError(f"|S_T| exceeds T * wall = {T * self.wall}: unbounded comparator")
        theta = -self.radius * np.sign(S)
        return Comparator(
            theta, -self.radius * np.abs(S).sum(axis=-1), "exact", np.zeros(S.shape[0])
        )

    def __repr__(self) -> str:
        return f"WalledLinear({self.linear!r}, wall={self.wall:g}, radius={self.radius:g})"
