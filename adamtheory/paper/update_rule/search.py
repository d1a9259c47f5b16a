r"""Numerical checks of the closed forms in :mod:`.bounds`: search, sampling, a linear program.

Ways to approach :math:`\sup_g |\hat m_t/\sqrt{\hat v_t}|` (Section 2.1) from below that
do not use the closed form or its Cauchy-Schwarz structure:

* :func:`search_max_ratio`: an adversary in the **raw gradients** :math:`g \in \mathbb R^t`.
  The two moments are linear in :math:`g` and :math:`g^2` with the weights of the
  moment filters (their impulse responses, read off ``core.ema``); the objective is their
  ratio, with its exact gradient. BFGS from many random starts (Gaussian,
  heavy-tailed, and growing or shrinking sequences) for each (beta1, beta2); the best
  sequences are re-scored in 50-digit arithmetic (``decimal``), so the
  comparison with the closed form carries no float64 rounding. An earlier version
  searched in whitened variables :math:`h_i = \sqrt{b_i} g_i`, where the objective
  *is* the Cauchy-Schwarz form :math:`w\cdot h/|h|`: agreement with the closed form
  then proved little (issue 10, item 11).
* :func:`sampled_max_ratio`: random, sparse and heavy-tailed sequences run through
  ``optim.adam`` itself (eps = 0, alpha = 1, so the step is :math:`-\hat m_t/\sqrt{\hat v_t}`).
* :func:`adamax_box_search`: AdaMax's supremum as a linear program (HiGHS).

All must stay at or below the closed form; the search must reach it.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import NamedTuple

import numpy as np
from scipy import optimize

from ... import optim
from ...core import validation
from ...core.ema import debias, ema, ema_update, one_minus_power

__all__ = [
    "SearchResult",
    "adam_ratio",
    "adam_ratio_exact",
    "adamax_box_search",
    "adamax_ratio",
    "sampled_max_ratio",
    "search_max_ratio",
]

PRECISION = 50
"""Decimal digits of the re-scoring: far beyond float64's 16, so the re-scored ratio
of a sequence is its exact value for every comparison made here."""


def adam_ratio(grads, beta1, beta2, bias_correction: bool = True) -> np.ndarray:
    r""":math:`|\hat m_t/\sqrt{\hat v_t}|` at the last step of ``grads`` (shape (..., t)).

    Algorithm 1's recursion (``core.ema.ema_update``), vectorized over the leading axes;
    ``beta1``, ``beta2`` broadcast against them. 0/0 (all-zero sequences) gives 0.
    """
    g = validation.real_array("grads", grads)
    if g.ndim == 0 or g.shape[-1] == 0:
        raise ValueError(f"grads must have at least one step on its last axis, got {g.shape}")
    if not np.all(np.isfinite(g)):
        raise ValueError("grads must be finite")
    b1, b2 = validation.betas(beta1, beta2)
    bias_correction = validation.flag("bias_correction", bias_correction)
    m = v = np.zeros(np.broadcast_shapes(g.shape[:-1], b1.shape))
    with np.errstate(over="raise", invalid="raise"):
        for k in range(g.shape[-1]):
            m = ema_update(m, g[..., k], b1)
            v = ema_update(v, g[..., k] ** 2, b2)
    t = g.shape[-1]
    if bias_correction:
        m, v = debias(m, b1, t), debias(v, b2, t)
    root = np.sqrt(v)
    return np.abs(np.divide(m, root, out=np.zeros_like(m), where=root > 0))


def adam_ratio_exact(grads, beta1: float, beta2: float, digits: int = PRECISION) -> float:
    r""":math:`|\hat m_t/\sqrt{\hat v_t}|` of one sequence in ``digits``-digit arithmetic.

    Algorithm 1 step by step in ``decimal`` (the betas and gradients as the exact values
    of the float64 numbers given).
    """
    g = validation.real_array("grads", grads)
    if not np.all(np.isfinite(g)):
        raise ValueError("grads must be finite")
    if g.ndim != 1 or g.size == 0:
        raise ValueError(f"grads must be one non-empty sequence, got shape {g.shape}")
    b1, b2 = (float(b) for b in validation.betas(beta1, beta2))
    with localcontext() as context:
        context.prec = validation.count("digits", digits)
        one, p1, p2 = Decimal(1), Decimal(b1), Decimal(b2)  # the floats' exact values
        m = v = Decimal(0)
        for x in g.tolist():
            x = Decimal(x)
            m = p1 * m + (one - p1) * x
            v = p2 * v + (one - p2) * x * x
        t = len(g)
        m_hat, v_hat = m / (one - p1**t), v / (one - p2**t)
        return float(abs(m_hat) / v_hat.sqrt()) if v_hat > 0 else 0.0


def adamax_ratio(grads, beta1, beta2) -> np.ndarray:
    r""":math:`|m_t|/((1-\beta_1^t) u_t)` at the last step (Algorithm 2), like :func:`adam_ratio`."""
    g = validation.real_array("grads", grads)
    if g.ndim == 0 or g.shape[-1] == 0:
        raise ValueError(f"grads must have at least one step on its last axis, got {g.shape}")
    if not np.all(np.isfinite(g)):
        raise ValueError("grads must be finite")
    b1, b2 = validation.betas(beta1, beta2)
    m = u = np.zeros(np.broadcast_shapes(g.shape[:-1], b1.shape))
    for k in range(g.shape[-1]):
        m = ema_update(m, g[..., k], b1)
        u = np.maximum(b2 * u, np.abs(g[..., k]))
    m = debias(m, b1, g.shape[-1])
    return np.abs(np.divide(m, u, out=np.zeros_like(m), where=u > 0))


class SearchResult(NamedTuple):
    best: np.ndarray  # (K,) best ratio found, re-scored in PRECISION digits
    grads: np.ndarray  # (K, t) the best raw gradient sequence, scaled to max |g_i| = 1
    highest_seen: np.ndarray  # (K,) the largest float64 ratio at any point evaluated
    evaluations: int


def _sensitivities(b: np.ndarray, t: int) -> np.ndarray:
    r""":math:`\partial \hat y_t/\partial x_i` of a debiased EMA, shape (K, t): the filter's
    impulse response (``core.ema`` on a unit impulse) read backwards, over :math:`1-\beta^t`."""
    impulse = np.zeros((t, 1))
    impulse[0] = 1.0
    response = ema(impulse, b)  # (t, K): (1 - b) b^k, k = 0..t-1
    return response[::-1].T / one_minus_power(b, t)[:, None]


def _starts(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Random raw sequences: Gaussian, Cauchy, and geometric growth or decay with noise."""
    k, restarts, t = shape
    family = np.arange(restarts) % 4
    x = rng.standard_normal(shape)
    x[:, family == 1] = rng.standard_cauchy((k, int(np.sum(family == 1)), t))
    lag = np.arange(t - 1, -1, -1, dtype=np.float64)
    for which, rate in ((2, -0.05), (3, 0.05)):  # e^{-0.05 lag}: growing; e^{+0.05 lag}: shrinking
        chosen = family == which
        x[:, chosen] = np.exp(rate * lag) * (1 + 0.5 * rng.standard_normal((k, chosen.sum(), t)))
    return x


def _bfgs(a: np.ndarray, b: np.ndarray, x0: np.ndarray, seen: list) -> np.ndarray:
    """One BFGS run on the raw sequence; ``seen`` collects every ratio evaluated."""

    def negative_ratio(g):
        m, v = a @ g, max(b @ (g * g), 1e-300)
        ratio = m / np.sqrt(v)  # signed: maximising it maximises |ratio| by symmetry g -> -g
        seen.append(abs(ratio))
        return -ratio, -(a / np.sqrt(v) - m * b * g / v**1.5)

    options = {"gtol": 1e-13, "maxiter": MAX_ITERATIONS}
    return optimize.minimize(negative_ratio, x0, jac=True, method="BFGS", options=options).x


MAX_ITERATIONS = 3000
"""BFGS iterations per start: at t <= 50 every start converges in a few hundred; the
badly scaled cases at larger t (beta1^2 > beta2: the maximiser spans 1.125^t) stop here."""


def search_max_ratio(
    beta1, beta2, t: int, restarts: int = 6, seed: int = 0, bias_correction: bool = True
) -> SearchResult:
    r"""Maximise :math:`|\hat m_t/\sqrt{\hat v_t}|` over raw :math:`g \in \mathbb R^t` (BFGS).

    For each of the K = len(beta1) configurations, ``restarts`` BFGS runs from the
    starts of :func:`_starts`. The objective is :math:`\hat m_t/\sqrt{\hat v_t}` as a
    function of the raw gradients, with :math:`\hat m_t = \sum_i a_i g_i`,
    :math:`\hat v_t = \sum_i b_i g_i^2` and the weights :math:`a_i, b_i` read off the
    moment filters (``core.ema``); the best sequence of each configuration is re-scored
    by Algorithm 1's recursion in ``decimal`` (:func:`adam_ratio_exact`). Needs
    ``beta2 > 0`` (with :math:`\beta_2 = 0` the supremum is infinite for t >= 2).
    """
    b1, b2 = (np.atleast_1d(x).ravel() for x in validation.betas(beta1, beta2))
    if np.any(b2 == 0):
        raise ValueError("beta2 must be > 0 for the search (v_t is not positive definite)")
    t = validation.count("t", t)
    restarts = validation.count("restarts", restarts)
    bias_correction = validation.flag("bias_correction", bias_correction)
    a, b = _sensitivities(b1, t), _sensitivities(b2, t)
    if not bias_correction:
        a = a * one_minus_power(b1, t)[:, None]
        b = b * one_minus_power(b2, t)[:, None]
    starts = _starts(
        np.random.default_rng(validation.count("seed", seed, 0)), (len(b1), restarts, t)
    )
    starts = starts / np.max(np.abs(starts), axis=-1, keepdims=True)  # the ratio is scale-free
    best, grads, highest, evaluations = [], [], [], 0
    for k in range(len(b1)):
        seen: list = []
        found = np.array([_bfgs(a[k], b[k], x0, seen) for x0 in starts[k]])
        found = found / np.max(np.abs(found), axis=-1, keepdims=True)
        scores = adam_ratio(found, b1[k], b2[k], bias_correction)
        winner = found[int(np.argmax(scores))]
        if bias_correction:
            best.append(adam_ratio_exact(winner, b1[k], b2[k]))
        else:
            best.append(float(np.max(scores)))
        grads.append(winner)
        highest.append(max(seen))
        evaluations += len(seen)
    return SearchResult(np.array(best), np.array(grads), np.array(highest), evaluations)


def sampled_max_ratio(beta1, beta2, steps: int, sequences: int = 200, seed: int = 0):
    r"""Largest :math:`|\hat m_t/\sqrt{\hat v_t}|` on random sequences, through ``optim.adam``.

    For each configuration (K = len(beta1)) and each of three families (Gaussian,
    sparse: 5% non-zero, heavy-tailed: Cauchy) ``sequences`` independent gradient
    sequences run as the coordinates of one theta of shape (K, 3 * sequences), eps = 0,
    alpha = 1. Returns ``ratios`` of shape (steps, K, 3): the maximum over sequences
    of :math:`|\Delta_t|/\alpha` at every step t, per family.
    """
    b1, b2 = (np.atleast_1d(x).ravel()[:, None] for x in validation.betas(beta1, beta2))
    steps = validation.count("steps", steps)
    n = validation.count("sequences", sequences)
    rng = np.random.default_rng(validation.count("seed", seed, 0))
    k = len(b1)
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


def adamax_box_search(beta1, beta2, t: int) -> np.ndarray:
    r"""AdaMax's :math:`\sup_g |m_t|/((1-\beta_1^t)u_t)` by a linear program, shape (K,).

    By scale invariance fix :math:`u_t \le 1`, i.e. the box :math:`|g_i| \le \beta_2^{-(t-i)}`;
    maximise :math:`\hat m_t = \sum_i a_i g_i` over it, every configuration stacked in one
    HiGHS call; the solution is re-scored by Algorithm 2's recursion (:func:`adamax_ratio`).
    """
    b1, b2 = (np.atleast_1d(x).ravel() for x in validation.betas(beta1, beta2))
    if np.any(b2 == 0):
        raise ValueError("beta2 must be > 0 for the box search")
    t = validation.count("t", t)
    lag = np.arange(t - 1, -1, -1, dtype=np.float64)
    a = (1 - b1[:, None]) * b1[:, None] ** lag / one_minus_power(b1, t)[:, None]
    with np.errstate(over="raise"):
        limit = (b2[:, None] ** -lag).ravel()
    solution = optimize.linprog(
        -a.ravel(), bounds=np.column_stack([-limit, limit]), method="highs"
    )
    return adamax_ratio(solution.x.reshape(a.shape), b1, b2)
