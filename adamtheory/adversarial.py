r"""Numerical checks of the closed forms in ``adamtheory.bounds``: search and sampling.

Two independent ways to approach :math:`\sup_g |\hat m_t/\sqrt{\hat v_t}|` (Section
2.1) from below, neither of which uses the closed form:

* :func:`search_max_ratio`: an adversary. SciPy's L-BFGS-B maximises the ratio over
  gradient sequences :math:`g \in \mathbb R^t`, for a batch of :math:`(\beta_1,\beta_2)`
  and several random restarts in one call (the objective is a sum of independent
  ratios, so its gradient separates). The variables are the whitened gradients
  :math:`h_i = \sqrt{b_i}\,g_i` with :math:`v_t = \sum_i b_i g_i^2` (Section 3's
  unrolled sum), a diagonal preconditioner that makes :math:`v_t = |h|^2`; the
  maximiser is then found, not assumed. The best sequence is re-scored by running
  Algorithm 1's recursion (:func:`adam_ratio`).
* :func:`sampled_max_ratio`: random, sparse and heavy-tailed sequences run through
  ``optim.adam`` itself (eps = 0, alpha = 1, so the step is :math:`-\hat m_t/\sqrt{\hat v_t}`).

Both must stay at or below the closed form; the search must reach it.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import optimize

from . import optim
from .bounds import _betas

__all__ = ["SearchResult", "adam_ratio", "adamax_ratio", "sampled_max_ratio", "search_max_ratio"]


def adam_ratio(grads, beta1, beta2, bias_correction: bool = True) -> np.ndarray:
    r""":math:`|\hat m_t/\sqrt{\hat v_t}|` at the last step of ``grads`` (shape (..., t)).

    Algorithm 1's recursion, vectorized over the leading axes; ``beta1``, ``beta2``
    broadcast against them. 0/0 (all-zero sequences) gives 0.
    """
    g = np.asarray(grads, dtype=np.float64)
    b1, b2 = _betas(beta1, beta2)
    m = v = np.zeros(np.broadcast_shapes(g.shape[:-1], b1.shape))
    for k in range(g.shape[-1]):
        m = b1 * m + (1 - b1) * g[..., k]
        v = b2 * v + (1 - b2) * g[..., k] ** 2
    t = g.shape[-1]
    if bias_correction:
        m, v = m / (1 - b1**t), v / (1 - b2**t)
    root = np.sqrt(v)
    return np.abs(np.divide(m, root, out=np.zeros_like(m), where=root > 0))


def adamax_ratio(grads, beta1, beta2) -> np.ndarray:
    r""":math:`|m_t|/((1-\beta_1^t) u_t)` at the last step (Algorithm 2), vectorized like :func:`adam_ratio`."""
    g = np.asarray(grads, dtype=np.float64)
    b1, b2 = _betas(beta1, beta2)
    m = u = np.zeros(np.broadcast_shapes(g.shape[:-1], b1.shape))
    for k in range(g.shape[-1]):
        m = b1 * m + (1 - b1) * g[..., k]
        u = np.maximum(b2 * u, np.abs(g[..., k]))
    m = m / (1 - b1 ** g.shape[-1])
    return np.abs(np.divide(m, u, out=np.zeros_like(m), where=u > 0))


class SearchResult(NamedTuple):
    best: np.ndarray  # (K,) best ratio found, re-scored by Algorithm 1's recursion
    grads: np.ndarray  # (K, t) the best gradient sequence, scaled to max |g_i| = 1
    highest_seen: np.ndarray  # (K,) the largest ratio at any point the optimizer evaluated
    evaluations: int


def _unrolled_weights(b1, b2, t, bias_correction):
    r"""Weights of :math:`\hat m_t = \sum a_i g_i` and :math:`\hat v_t = \sum b_i g_i^2`, shape (K, t)."""
    lag = np.arange(t - 1, -1, -1, dtype=np.float64)
    a = (1 - b1[:, None]) * b1[:, None] ** lag
    b = (1 - b2[:, None]) * b2[:, None] ** lag
    if bias_correction:
        a = a / (1 - b1[:, None] ** t)
        b = b / (1 - b2[:, None] ** t)
    return a, b


def search_max_ratio(
    beta1, beta2, t: int, restarts: int = 6, seed: int = 0, bias_correction: bool = True
) -> SearchResult:
    r"""Maximise :math:`|\hat m_t/\sqrt{\hat v_t}|` over :math:`g \in \mathbb R^t` with L-BFGS-B.

    One SciPy call for K = len(beta1) configurations times ``restarts`` random
    starts (standard normal in the whitened variables). Needs ``beta2 > 0`` (with
    :math:`\beta_2 = 0` the supremum is infinite for t >= 2).
    """
    b1, b2 = (np.atleast_1d(x).ravel() for x in _betas(beta1, beta2))
    if np.any(b2 == 0):
        raise ValueError("beta2 must be > 0 for the search (v_t is not positive definite)")
    if not isinstance(t, int | np.integer) or t < 1:
        raise ValueError(f"t must be an integer >= 1, got {t!r}")
    if restarts < 1:
        raise ValueError(f"restarts must be >= 1, got {restarts!r}")
    a, b = _unrolled_weights(b1, b2, int(t), bias_correction)
    w = a / np.sqrt(b)  # whitened weights: m-hat = w . h, v-hat = |h|^2
    # Each ratio is divided by its best one-spike value max_i |w_i| (the paper's sparse
    # case): the K * restarts problems then share one scale, and L-BFGS one line search.
    spike = np.max(np.abs(w), axis=-1, keepdims=True)
    w = (w / spike)[:, None, :]
    shape = (len(b1), restarts, int(t))
    highest = np.zeros(len(b1))
    evaluations = 0

    def negative_total(x):
        nonlocal evaluations
        h = x.reshape(shape)
        norm = np.maximum(np.linalg.norm(h, axis=-1, keepdims=True), 1e-300)
        dot = np.sum(w * h, axis=-1, keepdims=True)
        ratio = dot / norm  # signed; maximising it also maximises |ratio| by symmetry
        highest[:] = np.maximum(highest, (np.abs(ratio[..., 0]) * spike).max(axis=1))
        evaluations += 1
        grad = w / norm - dot * h / norm**3
        return -float(ratio.sum()), -grad.ravel()

    x0 = np.random.default_rng(seed).standard_normal(np.prod(shape))
    options = {"maxiter": 5000, "ftol": 1e-16, "gtol": 1e-13, "maxcor": 20}
    solution = optimize.minimize(negative_total, x0, jac=True, method="L-BFGS-B", options=options)
    h = solution.x.reshape(shape)
    g = h / np.sqrt(b)[:, None, :]
    g = g / np.max(np.abs(g), axis=-1, keepdims=True)
    scores = adam_ratio(g, b1[:, None], b2[:, None], bias_correction)
    pick = np.argmax(scores, axis=1)
    rows = np.arange(len(b1))
    return SearchResult(scores[rows, pick], g[rows, pick], highest, evaluations)


def sampled_max_ratio(beta1, beta2, steps: int, sequences: int = 200, seed: int = 0):
    r"""Largest :math:`|\hat m_t/\sqrt{\hat v_t}|` on random sequences, through ``optim.adam``.

    For each configuration (K = len(beta1)) and each of three families (Gaussian,
    sparse: 5% non-zero, heavy-tailed: Cauchy) ``sequences`` independent gradient
    sequences run as the coordinates of one theta of shape (K, 3 * sequences), eps = 0,
    alpha = 1. Returns ``ratios`` of shape (steps, K, 3): the maximum over sequences
    of :math:`|\Delta_t|/\alpha` at every step t, per family.
    """
    b1, b2 = (np.atleast_1d(x).ravel()[:, None] for x in _betas(beta1, beta2))
    rng = np.random.default_rng(seed)
    k, n = len(b1), sequences
    opt = optim.adam(alpha=1.0, beta1=b1, beta2=b2, eps=0.0)
    state = opt.init(np.zeros((k, 3 * n)))
    out = np.empty((steps, k, 3))
    for t in range(steps):
        g = np.concatenate(
            [
                rng.standard_normal((k, n)),
                rng.standard_normal((k, n)) * (rng.random((k, n)) < 0.05),
                rng.standard_cauchy((k, n)),
            ],
            axis=1,
        )
        step, state = opt.update(g, state)
        out[t] = np.abs(step).reshape(k, 3, n).max(axis=-1)
    return out
