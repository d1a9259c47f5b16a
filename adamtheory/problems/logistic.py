r"""Logistic losses :math:`f_t(\theta) = \log(1 + e^{-y_t\langle x_t,\theta\rangle})`, a
stream of examples; comparator by L-BFGS-B with a certified Frank-Wolfe gap."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core import validation
from ..online import Ball, OnlineProblem
from .linear import _max_norm, as_domain

__all__ = ["LogisticStream", "logistic_stream"]


# ----------------------------------------------------------------------------- logistic


class LogisticStream(OnlineProblem):
    r"""Online logistic regression :math:`f_t(\theta) = \log(1 + \exp(-y_t\langle x_t,\theta\rangle))`.

    ``features`` (K_p, T, d), ``labels`` (K_p, T) in {-1, +1}. Gradient
    :math:`-y_t\,\sigma(-y_t\langle x_t,\theta\rangle)\,x_t`, so
    :math:`\|\nabla f_t\|_\infty \le \|x_t\|_\infty`. The comparator minimizes the
    smooth total loss by L-BFGS-B (:func:`adamtheory.online.best_fixed_scipy`),
    its accuracy certified by the Frank-Wolfe gap.
    """

    def __init__(self, features: Any, labels: Any, domain: Any = None):
        X = validation.real_array("features", features)
        if not np.all(np.isfinite(X)):
            raise ValueError("features must be finite")
        y = validation.real_array("labels", labels)
        if X.ndim == 2:
            X, y = X[None], y[None]
        if X.ndim != 3 or y.shape != X.shape[:2]:
            raise ValueError(
                f"features (K, T, d) and labels (K, T) do not match: {X.shape}, {y.shape}"
            )
        if not np.all(np.abs(y) == 1):
            raise ValueError("labels must be -1 or +1")
        self.features, self.labels = X, y
        self.batch, self.horizon, self.dim = X.shape
        self.domain = as_domain(Ball(10.0) if domain is None else domain)
        self.G_inf = float(np.max(np.abs(X), initial=0.0))
        self.G = _max_norm(X)

    def _margin(self, t: int, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if t > self.horizon:
            raise ValueError(f"t={t} is beyond the stored horizon {self.horizon}")
        x = np.broadcast_to(self.features[:, t - 1], theta.shape)
        return x, self.labels[:, t - 1] * np.einsum("kd,kd->k", x, theta)

    def loss(self, t: int, theta: np.ndarray) -> np.ndarray:
        return np.logaddexp(0.0, -self._margin(t, theta)[1])

    def grad(self, t: int, theta: np.ndarray) -> np.ndarray:
        x, margin = self._margin(t, theta)
        weight = -self.labels[:, t - 1] * _sigmoid(-margin)
        return weight[:, None] * x

    def total(self, T: int, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        X, y = self.features[:, :T], self.labels[:, :T]
        margin = y * np.einsum("ktd,kd->kt", X, theta)
        weight = -y * _sigmoid(-margin)
        return np.logaddexp(0.0, -margin).sum(axis=1), np.einsum("kt,ktd->kd", weight, X)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def logistic_stream(
    T: int, d: int, batch: int = 1, seed: int = 0, noise: float = 0.1, domain: Any = None
) -> LogisticStream:
    r"""A seeded stream: :math:`x_t \sim N(0, I_d)`, labels :math:`\mathrm{sign}\langle w, x_t\rangle`
    for a random unit :math:`w`, each flipped with probability ``noise``."""
    T, d, batch = (validation.count(n, v) for n, v in (("T", T), ("d", d), ("batch", batch)))
    noise = validation.in_interval("noise", noise, 0.0, 1.0, closed_high=True)
    rng = np.random.default_rng(validation.count("seed", seed, minimum=0))
    X = rng.standard_normal((batch, T, d))
    w = rng.standard_normal((batch, d))
    w /= np.linalg.norm(w, axis=1, keepdims=True)
    y = np.where(np.einsum("ktd,kd->kt", X, w) >= 0, 1.0, -1.0)
    y = np.where(rng.random((batch, T)) < noise, -y, y)
    return LogisticStream(X, y, domain=domain)
