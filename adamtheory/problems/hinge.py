r"""Hinge losses on sparse features, the setting of Duchi, Hazan & Singer (2011, Section 1.2).

:math:`f_t(\theta) = \max(0, 1 - y_t\langle z_t, \theta\rangle)`, features
:math:`z_t \in \{-1,0,1\}^d`, coordinate i active with probability
:math:`p_i = \min(1, c\, i^{-a})`, the box :math:`\|\theta\|_\infty \le 1`; comparator by
linear programming (HiGHS) with its duality gap. :func:`sparse_hinge` builds it,
:func:`dense_hinge` its dense counterpart (every coordinate active) with the same d.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import optimize, sparse

from ..core import validation
from ..online import Box, Comparator, OnlineProblem
from .linear import as_domain

__all__ = ["HingeStream", "dense_hinge", "power_law_frequencies", "sparse_hinge"]


# ----------------------------------------------------------------------------- hinge


def power_law_frequencies(d: int, a: float, c: float = 1.0) -> np.ndarray:
    r""":math:`p_i = \min(1, c\, i^{-a})`, i = 1..d (Duchi, Hazan & Singer 2011, Section 1.2)."""
    d = validation.count("d", d)
    a, c = validation.positive("a", a), validation.positive("c", c)
    return np.minimum(1.0, c * np.arange(1, d + 1, dtype=float) ** (-a))


class HingeStream(OnlineProblem):
    r"""Hinge losses :math:`f_t(\theta) = \max(0, 1 - y_t\langle z_t, \theta\rangle)` on a box.

    ``features``: a SciPy sparse matrix of shape (T K_p, d), row :math:`(t-1)K_p + k`
    holding :math:`z_t` of sequence k (entries in {-1, 0, 1}); ``labels`` (T, K_p).
    Subgradient :math:`-y_t z_t` where the margin is below 1, else 0: so
    :math:`\|g_{1:T,i}\|_2 \le \sqrt{\#\{t: z_{t,i} \ne 0\}}`, the quantity behind
    the :math:`\log d\sqrt T` bound.

    The comparator solves the linear program
    :math:`\min \sum_t s_t` s.t. :math:`s_t \ge 1 - y_t\langle z_t,\theta\rangle`,
    :math:`s \ge 0`, :math:`|\theta_i| \le r` with HiGHS; ``gap`` is the total loss of
    the returned point minus the LP's dual bound (about 1e-7 relative).
    """

    def __init__(self, features: Any, labels: Any, domain: Any = None):
        if not sparse.issparse(features):
            features = validation.real_array("features", features)
            if not np.all(np.isfinite(features)):
                raise ValueError("features must be finite")
        Z = sparse.csr_matrix(features, dtype=np.float64)
        y = validation.real_array("labels", labels)
        if y.ndim == 1:
            y = y[:, None]
        self.horizon, self.batch = y.shape
        if Z.shape[0] != self.horizon * self.batch:
            raise ValueError(
                f"features and labels do not match: features need T*K = "
                f"{self.horizon * self.batch} rows (labels of shape {y.shape}), got {Z.shape[0]}"
            )
        if not np.all(np.abs(y) == 1):
            raise ValueError("labels must be -1 or +1")
        self.features, self.labels, self.dim = Z, y, Z.shape[1]
        self.domain = as_domain(Box(1.0) if domain is None else domain)
        if not isinstance(self.domain, Box):
            raise TypeError("HingeStream's comparator (a linear program) needs a Box domain")
        self._indptr, self._indices, self._data = Z.indptr, Z.indices, Z.data
        self.G_inf = 1.0
        self.G = float(np.sqrt(np.max(np.diff(Z.indptr)))) if Z.nnz else 0.0

    def _round(self, t: int):
        """The nonzeros of round t: row ids (into the batch), columns, values."""
        if t > self.horizon:
            raise ValueError(f"t={t} is beyond the stored horizon {self.horizon}")
        lo, hi = self._indptr[(t - 1) * self.batch], self._indptr[t * self.batch]
        rows = np.repeat(
            np.arange(self.batch), np.diff(self._indptr[(t - 1) * self.batch : t * self.batch + 1])
        )
        return rows, self._indices[lo:hi], self._data[lo:hi]

    def _margins(self, t: int, theta: np.ndarray):
        rows, cols, vals = self._round(t)
        y = self.labels[t - 1]
        if self.batch == 1:
            margin = y[0] * (theta[:, cols] @ vals)
        else:
            margin = y * np.bincount(rows, weights=theta[rows, cols] * vals, minlength=self.batch)
        return rows, cols, vals, y, margin

    def loss(self, t: int, theta: np.ndarray) -> np.ndarray:
        return np.maximum(0.0, 1.0 - self._margins(t, theta)[4])

    def grad(self, t: int, theta: np.ndarray) -> np.ndarray:
        rows, cols, vals, y, margin = self._margins(t, theta)
        active = np.where(margin < 1.0, -1.0, 0.0) * np.broadcast_to(y, margin.shape)
        g = np.zeros(theta.shape)
        if self.batch == 1:
            g[:, cols] = active[:, None] * vals
        else:
            g[rows, cols] = active[rows] * vals
        return g

    def total_loss(self, T: int, theta: np.ndarray) -> np.ndarray:
        """sum_{t<=T} f_t(theta_k) for theta of shape (K_p, d)."""
        Z = self.features[: T * self.batch]
        k = np.tile(np.arange(self.batch), T)
        margins = self.labels[:T].ravel() * np.asarray((Z.multiply(theta[k])).sum(axis=1)).ravel()
        return np.maximum(0.0, 1.0 - margins).reshape(T, self.batch).sum(axis=0)

    def best_fixed(self, T: int) -> Comparator:
        K, d, n = self.batch, self.dim, T * self.batch
        Z = self.features[:n].tocoo()
        k = Z.row % K  # the sequence of each row
        y = self.labels[:T].ravel()
        # variables: theta (K d), then slacks s (n); rows: -y z.theta_k - s <= -1
        A_theta = sparse.csr_matrix((-y[Z.row] * Z.data, (Z.row, k * d + Z.col)), shape=(n, K * d))
        A = sparse.hstack([A_theta, -sparse.identity(n, format="csr")], format="csr")
        r = (
            np.broadcast_to(self.domain.radius, (K, d)).ravel()
            if np.ndim(self.domain.radius)
            else np.full(K * d, float(self.domain.radius))
        )
        bounds = np.concatenate([np.stack([-r, r], 1), np.tile([0.0, np.inf], (n, 1))])
        cost = np.concatenate([np.zeros(K * d), np.ones(n)])
        res = optimize.linprog(cost, A_ub=A, b_ub=-np.ones(n), bounds=bounds, method="highs")
        if res.status != 0:
            raise RuntimeError(f"linprog failed: {res.message}")
        theta = self.domain.project(res.x[: K * d].reshape(K, d))
        total = self.total_loss(T, theta)
        dual = _lp_dual_bound(res, -np.ones(n), bounds)
        gap = np.full(K, max(float(total.sum() - dual), 0.0))  # the gap of the sum bounds each
        return Comparator(theta, total, "linprog (HiGHS)", gap)

    def repeat(self, r: int) -> HingeStream:
        """The same sequences, each repeated r times in a row (sequence k becomes runs
        k r, ..., k r + r - 1): a hyperparameter grid per sequence in one batch.
        Reuse the comparator: ``Comparator(*(np.repeat(x, r, 0) ...))``."""
        T, K = self.horizon, self.batch
        rows = (np.arange(T)[:, None] * K + np.arange(K * r)[None, :] // r).ravel()
        return HingeStream(
            self.features[rows], np.repeat(self.labels, r, axis=1), domain=self.domain
        )

    def __repr__(self) -> str:
        return f"HingeStream(T={self.horizon}, batch={self.batch}, dim={self.dim}, nnz={self.features.nnz})"


def _lp_dual_bound(res: Any, b_ub: np.ndarray, bounds: np.ndarray) -> float:
    """The LP's dual objective from HiGHS's marginals (a lower bound of the optimum)."""
    lower, upper = bounds[:, 0], bounds[:, 1]
    value = float(b_ub @ res.ineqlin.marginals)
    value += float(np.sum(np.where(np.isfinite(lower), lower, 0.0) * res.lower.marginals))
    value += float(np.sum(np.where(np.isfinite(upper), upper, 0.0) * res.upper.marginals))
    return value


def _hinge_from_activity(
    active: Any, T: int, d: int, batch: int, rng: np.random.Generator, domain: Any
) -> HingeStream:
    """Random signs on the active entries, labels from a random sign vector x° in the box
    (ties broken at random), so a good comparator exists and rare coordinates matter."""
    rows, cols = active
    signs = rng.choice([-1.0, 1.0], size=rows.size)
    Z = sparse.csr_matrix((signs, (rows, cols)), shape=(T * batch, d))
    Z.sort_indices()
    x_ref = rng.choice([-1.0, 1.0], size=(batch, d))
    k = np.tile(np.arange(batch), T)
    score = np.asarray(Z.multiply(x_ref[k]).sum(axis=1)).ravel()
    labels = np.where(
        score > 0, 1.0, np.where(score < 0, -1.0, rng.choice([-1.0, 1.0], size=score.size))
    )
    return HingeStream(Z, labels.reshape(T, batch), domain=Box(1.0) if domain is None else domain)


def _sizes(T: Any, batch: Any) -> tuple[int, int]:
    return validation.count("T", T), validation.count("batch", batch)


def _rng(seed: Any) -> np.random.Generator:
    return np.random.default_rng(validation.count("seed", seed, minimum=0))


def sparse_hinge(
    T: int,
    d: int,
    a: float = 2.0,
    c: float = 1.0,
    batch: int = 1,
    seed: int = 0,
    domain: Any = None,
) -> HingeStream:
    r"""Duchi, Hazan & Singer's sparse family: :math:`z_{t,i} \ne 0` with probability
    :math:`p_i = \min(1, c\,i^{-a})`, a random sign; box :math:`\|\theta\|_\infty\le 1`.

    Sampled per coordinate (how many of the T K rows it is active in, then which),
    so the cost is O(nnz + d), not O(T d).
    """
    T, batch = _sizes(T, batch)
    rng = _rng(seed)
    p = power_law_frequencies(d, a, c)
    n = T * batch
    counts = rng.binomial(n, p)
    rows = (
        np.concatenate([rng.choice(n, size=m, replace=False) for m in counts])
        if d
        else np.zeros(0, int)
    )
    cols = np.repeat(np.arange(d), counts)
    return _hinge_from_activity((rows, cols), T, d, batch, rng, domain)


def dense_hinge(T: int, d: int, batch: int = 1, seed: int = 0, domain: Any = None) -> HingeStream:
    r"""The dense counterpart with the same d: every coordinate active at every round
    (:math:`z_t \in \{-1, 1\}^d`), labels made the same way."""
    T, batch = _sizes(T, batch)
    d = validation.count("d", d)
    rng = _rng(seed)
    n = T * batch
    rows = np.repeat(np.arange(n), d)
    cols = np.tile(np.arange(d), n)
    return _hinge_from_activity((rows, cols), T, d, batch, rng, domain)
