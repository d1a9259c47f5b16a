r"""Online convex problems for Section 4: linear, logistic, and sparse hinge losses.

Each class follows the protocol of :mod:`adamtheory.online` (``dim``, ``batch``,
``domain``, ``loss(t, theta)``, ``grad(t, theta)``, ``best_fixed(T)``), vectorized
over a leading batch axis of K runs. The losses are oblivious: fixed before the run.

- :class:`LinearLosses`: :math:`f_t(\theta) = \langle c_t, \theta\rangle`, a
  periodic sequence of coefficients; exact comparator (a vertex of a box, a point
  of the sphere) and exact prefix regret. Reddi et al.'s Theorem 1 is one of them.
- :class:`LogisticStream`: :math:`f_t(\theta) = \log(1 + e^{-y_t\langle x_t,\theta\rangle})`;
  comparator by L-BFGS-B with a certified Frank-Wolfe gap.
- :class:`HingeStream`: :math:`f_t(\theta) = \max(0, 1 - y_t\langle z_t, \theta\rangle)`,
  the setting of Duchi, Hazan & Singer (2011, Section 1.2): features
  :math:`z_t \in \{-1,0,1\}^d`, coordinate i active with probability
  :math:`p_i = \min(1, c\, i^{-a})`, the box :math:`\|\theta\|_\infty \le 1`;
  comparator by linear programming (HiGHS) with its duality gap.
  :func:`sparse_hinge` builds it, :func:`dense_hinge` its dense counterpart
  (every coordinate active) with the same d.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import optimize, sparse

from ..online import Ball, Box, Comparator, OnlineProblem, Whole

__all__ = [
    "HingeStream",
    "LinearLosses",
    "LogisticStream",
    "dense_hinge",
    "logistic_stream",
    "power_law_frequencies",
    "random_linear",
    "sparse_hinge",
]


def _domain(domain: Any) -> Any:
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
        c = np.array(coefficients, dtype=np.float64)
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
        self.domain = _domain(Box(1.0) if domain is None else domain)
        self._cumsum = np.concatenate(
            [np.zeros((self.batch, 1, self.dim)), np.cumsum(c, axis=1)], axis=1
        )
        self.G_inf = float(np.max(np.abs(c)))
        self.G = float(np.max(np.linalg.norm(c, axis=2)))
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
        """:math:`g_t` for the rounds ``ts``: (len(ts), K_p, d) (``adamtheory.online_fast``)."""
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


def random_linear(
    T: int, d: int, batch: int = 1, seed: int = 0, drift: float = 0.0, domain: Any = None
) -> LinearLosses:
    r"""Gaussian linear losses :math:`c_t \sim N(\mu, I_d)`, :math:`\mu = \text{drift}\cdot\mathbf 1`,
    stored for T rounds (K, T, d). ``drift = 0`` is the hardest case for the comparator
    (regret of order :math:`\sqrt{dT}`); a drift gives a clear best vertex."""
    rng = np.random.default_rng(seed)
    return LinearLosses(drift + rng.standard_normal((batch, T, d)), domain=domain)


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
        X = np.asarray(features, dtype=np.float64)
        y = np.asarray(labels, dtype=np.float64)
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
        self.domain = _domain(Ball(10.0) if domain is None else domain)
        self.G_inf = float(np.max(np.abs(X)))
        self.G = float(np.max(np.linalg.norm(X, axis=2)))

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
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((batch, T, d))
    w = rng.standard_normal((batch, d))
    w /= np.linalg.norm(w, axis=1, keepdims=True)
    y = np.where(np.einsum("ktd,kd->kt", X, w) >= 0, 1.0, -1.0)
    y = np.where(rng.random((batch, T)) < noise, -y, y)
    return LogisticStream(X, y, domain=domain)


# ----------------------------------------------------------------------------- hinge


def power_law_frequencies(d: int, a: float, c: float = 1.0) -> np.ndarray:
    r""":math:`p_i = \min(1, c\, i^{-a})`, i = 1..d (Duchi, Hazan & Singer 2011, Section 1.2)."""
    if d < 1 or a <= 0 or c <= 0:
        raise ValueError(f"need d >= 1, a > 0, c > 0; got d={d}, a={a}, c={c}")
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
        Z = sparse.csr_matrix(features, dtype=np.float64)
        y = np.asarray(labels, dtype=np.float64)
        if y.ndim == 1:
            y = y[:, None]
        self.horizon, self.batch = y.shape
        if Z.shape[0] != self.horizon * self.batch:
            raise ValueError(
                f"features need T*K = {self.horizon * self.batch} rows, got {Z.shape[0]}"
            )
        if not np.all(np.abs(y) == 1):
            raise ValueError("labels must be -1 or +1")
        self.features, self.labels, self.dim = Z, y, Z.shape[1]
        self.domain = _domain(Box(1.0) if domain is None else domain)
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
    rng = np.random.default_rng(seed)
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
    rng = np.random.default_rng(seed)
    n = T * batch
    rows = np.repeat(np.arange(n), d)
    cols = np.tile(np.arange(d), n)
    return _hinge_from_activity((rows, cols), T, d, batch, rng, domain)
