r"""Both sides of Lemmas 10.3 and 10.4 (the Appendix), their witnesses and corrected forms.

Everything is vectorized: gradient sequences have shape (..., T), one coordinate i of
many sequences at once. Theorem 4.1's right-hand side is not here: it exists once, as
:func:`adamtheory.online.theorem41_rhs`.

Lemma 10.3: :math:`\sum_{t\le T}\sqrt{g_{t,i}^2/t} \le 2G_\infty\|g_{1:T,i}\|_2`.
Its two sides scale as :math:`c` and :math:`c^2` under :math:`g \to cg`, so it cannot
hold for small gradients; and by Cauchy-Schwarz the sharp inequality is

.. math:: \sum_{t\le T}\frac{|g_{t,i}|}{\sqrt t} \le \sqrt{H_T}\,\|g_{1:T,i}\|_2,
          \qquad H_T = \sum_{t\le T} 1/t \le 1 + \ln T,

with equality for :math:`g_t \propto 1/\sqrt t`. So Lemma 10.3 holds for every
sequence bounded by :math:`G_\infty` iff :math:`G_\infty \ge \sqrt{H_T}/2`.

Lemma 10.4, statement: :math:`\sum_t \hat m_{t,i}^2/\sqrt{t\hat v_{t,i}} \le
\frac{2}{(1-\gamma)\sqrt{1-\beta_2}}\|g_{1:T,i}\|_2`; the proof's last line (which
Theorem 4.1 uses): :math:`\frac{2G_\infty}{(1-\gamma)^2\sqrt{1-\beta_2}}\|g_{1:T,i}\|_2`.
The proof has two invalid steps: (1) it ends by applying Lemma 10.3, which is false
(above), and (2) it bounds :math:`\sum_{j=0}^{T-t} t\gamma^j` by the arithmetic-geometric
sum :math:`1/(1-\gamma)^2`, while :math:`\sum_{j=0}^{T-t} t\gamma^j =
t(1-\gamma^{T-t+1})/(1-\gamma)` grows with t (the factor is t, not j: at
:math:`\gamma = 0` the step claims :math:`t \le 1`). A corrected inequality (proof in
:func:`lemma104_corrected_rhs`), for :math:`\gamma_1 = \beta_1/\sqrt{\beta_2} < 1`:

.. math:: \sum_{t\le T}\frac{\hat m_{t,i}^2}{\sqrt{t\hat v_{t,i}}} \le
          \frac{\sqrt{H_T}}{(1-\gamma_1)\sqrt{1-\beta_2}}\|g_{1:T,i}\|_2 .
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ...core import validation
from ...core.ema import debias, ema

__all__ = [
    "LemmaSides",
    "adam_moment_sequences",
    "harmonic",
    "lemma103_corrected_rhs",
    "lemma103_sides",
    "lemma104_corrected_rhs",
    "lemma104_sides",
]

_TABLE = np.cumsum(1.0 / np.arange(1, 1001))
_EULER_GAMMA = 0.5772156649015329


def harmonic(T: Any) -> np.ndarray | float:
    r""":math:`H_T = \sum_{t\le T} 1/t` for a whole number or array T >= 1: a table up to
    T = 1000, beyond it the series :math:`\ln T + \gamma_E + 1/(2T) - 1/(12T^2)` (error below
    :math:`1/(120T^4) < 10^{-13}`). ``T < 1`` raises ``ValueError``, ``2.5`` ``TypeError``."""
    Tf = validation.steps(T, "T")  # float64 array, whole numbers >= 1
    small = np.minimum(Tf, 1000.0).astype(np.int64) - 1
    series = np.log(Tf) + _EULER_GAMMA + 1 / (2 * Tf) - 1 / (12 * Tf**2)
    out = np.where(Tf <= 1000, _TABLE[small], series)
    return float(out) if out.ndim == 0 else out


def _sequences(g: Any) -> np.ndarray:
    """``g`` as a float64 array (..., T) with T >= 1, finite."""
    g = validation.real_array("g", g)
    if g.ndim == 0 or g.shape[-1] == 0:
        raise ValueError(f"g must hold sequences of length T >= 1 on its last axis, got {g.shape}")
    if not np.all(np.isfinite(g)):
        raise ValueError("g must be finite")
    return g


def _norm(g: np.ndarray) -> np.ndarray:
    r""":math:`\|g\|_2` along the last axis, scaled by max|g| so that g near 1e154 does
    not overflow in the squares (the norm itself is then finite)."""
    scale = np.max(np.abs(g), axis=-1, keepdims=True)
    safe = np.where(scale > 0, scale, 1.0)
    return safe[..., 0] * np.linalg.norm(g / safe, axis=-1)


def _finite_result(*arrays: np.ndarray) -> None:
    """Finite input whose float64 arithmetic overflows raises ``FloatingPointError``
    (the package's arithmetic policy, ``optim._core``)."""
    for array in arrays:
        if not np.all(np.isfinite(array)):
            raise FloatingPointError("g: the lemma's sides overflow float64 for these gradients")


def _bound(g: np.ndarray, G_inf: Any) -> np.ndarray:
    """``G_inf`` validated (>= max|g| of each sequence), or that maximum when None."""
    largest = np.max(np.abs(g), axis=-1)
    if G_inf is None:
        return largest
    G_inf = np.asarray(validation.nonnegative("G_inf", G_inf))
    if np.any(G_inf < largest):
        raise ValueError("G_inf must bound the gradients: G_inf >= max_t |g_t|")
    return G_inf


class LemmaSides(NamedTuple):
    """Left side and the right sides of one inequality, each of shape (...,)."""

    lhs: np.ndarray
    rhs: np.ndarray  # the paper's statement
    rhs_proof: np.ndarray  # the form the proof ends on (Lemma 10.4); = rhs for Lemma 10.3
    rhs_corrected: np.ndarray


def lemma103_sides(g: Any, G_inf: Any = None) -> LemmaSides:
    r"""Lemma 10.3 for sequences ``g`` of shape (..., T): :math:`\sum_t |g_t|/\sqrt t` against
    :math:`2G_\infty\|g\|_2` (``G_inf`` >= max|g|, default :math:`\max_t|g_t|`, the smallest
    valid bound) and against the corrected :math:`\sqrt{H_T}\|g\|_2`."""
    g = _sequences(g)
    G_inf = _bound(g, G_inf)
    T = g.shape[-1]
    with np.errstate(over="raise"):
        lhs = np.sum(np.abs(g) / np.sqrt(np.arange(1, T + 1)), axis=-1)
        rhs = 2 * G_inf * _norm(g)
    return LemmaSides(lhs, rhs, rhs, lemma103_corrected_rhs(g))


def lemma103_corrected_rhs(g: Any) -> np.ndarray:
    r""":math:`\sqrt{H_T}\|g_{1:T}\|_2`. Proof: Cauchy-Schwarz,
    :math:`\sum_t |g_t|\,t^{-1/2} \le (\sum_t g_t^2)^{1/2}(\sum_t 1/t)^{1/2}`; equality iff
    :math:`|g_t| \propto t^{-1/2}`, so the constant is sharp."""
    g = _sequences(g)
    with np.errstate(over="raise"):
        return np.sqrt(harmonic(g.shape[-1])) * _norm(g)


def adam_moment_sequences(g: Any, beta1: Any, beta2: Any) -> tuple[np.ndarray, np.ndarray]:
    r"""Bias-corrected :math:`\hat m_t, \hat v_t` (constant betas, Algorithm 1) for sequences
    (..., T); the betas broadcast against the leading axes. Through ``core.ema``."""
    g = _sequences(g)
    b1, b2 = validation.betas(beta1, beta2)
    shape = np.broadcast_shapes(g.shape[:-1], b1.shape)
    g = np.broadcast_to(g, shape + g.shape[-1:])
    t = np.arange(1, g.shape[-1] + 1)
    flat_g = np.moveaxis(g.reshape(-1, g.shape[-1]), -1, 0)  # (T, K)
    flat_b1 = np.broadcast_to(b1, shape).reshape(-1)
    flat_b2 = np.broadcast_to(b2, shape).reshape(-1)
    with np.errstate(over="raise"):  # g^2 above ~1.3e154 leaves float64
        m = ema(flat_g, flat_b1) if flat_b1.size else flat_g
        v = ema(flat_g * flat_g, flat_b2) if flat_b2.size else flat_g
        m_hat = debias(m, flat_b1[None], t[:, None])
        v_hat = debias(v, flat_b2[None], t[:, None])
    _finite_result(m_hat, v_hat)
    back = lambda x: np.moveaxis(x, 0, -1).reshape(g.shape)  # noqa: E731
    return back(m_hat), back(v_hat)


def lemma104_sides(g: Any, beta1: Any, beta2: Any, G_inf: Any = None) -> LemmaSides:
    r"""Lemma 10.4 for sequences (..., T) of one coordinate, constant betas in [0, 1)
    (broadcasting against the leading axes) with :math:`\gamma = \beta_1^2/\sqrt{\beta_2} < 1`.
    Terms with :math:`\hat v_t = 0` (all gradients so far zero, so :math:`\hat m_t = 0`)
    count 0.

    ``rhs``: the statement :math:`\frac{2}{(1-\gamma)\sqrt{1-\beta_2}}\|g\|_2`;
    ``rhs_proof``: the proof's end :math:`\frac{2G_\infty}{(1-\gamma)^2\sqrt{1-\beta_2}}\|g\|_2`;
    ``rhs_corrected``: :func:`lemma104_corrected_rhs` (inf when :math:`\beta_1 \ge \sqrt{\beta_2}`).
    """
    g = _sequences(g)
    b1, b2 = validation.betas(beta1, beta2)
    gamma = np.divide(b1**2, np.sqrt(b2), out=np.full(b1.shape, np.inf), where=b2 > 0)
    gamma = np.where(b1 == 0, 0.0, gamma)
    if not np.all(gamma < 1):
        raise ValueError(f"Lemma 10.4 needs gamma = beta1^2/sqrt(beta2) < 1, got {gamma}")
    G_inf = _bound(g, G_inf)
    m_hat, v_hat = adam_moment_sequences(g, b1, b2)
    t = np.arange(1, g.shape[-1] + 1)
    with np.errstate(over="raise"):
        denom = np.sqrt(t * v_hat)
        terms = np.divide(m_hat**2, denom, out=np.zeros_like(denom), where=denom > 0)
        lhs = terms.sum(axis=-1)
        norm = _norm(g)
        rhs = 2 / ((1 - gamma) * np.sqrt(1 - b2)) * norm
        rhs_proof = 2 * G_inf / ((1 - gamma) ** 2 * np.sqrt(1 - b2)) * norm
    return LemmaSides(lhs, rhs, rhs_proof, lemma104_corrected_rhs(g, b1, b2))


def lemma104_corrected_rhs(g: Any, beta1: Any, beta2: Any) -> np.ndarray:
    r"""A corrected Lemma 10.4: for :math:`\gamma_1 = \beta_1/\sqrt{\beta_2} < 1`,

    .. math:: \sum_{t\le T}\frac{\hat m_t^2}{\sqrt{t\hat v_t}} \le
              \frac{\sqrt{H_T}}{(1-\gamma_1)\sqrt{1-\beta_2}}\|g_{1:T}\|_2 .

    Proof. Cauchy-Schwarz with the weights :math:`\beta_1^{t-k}`:
    :math:`m_t^2 \le (1-\beta_1)^2(\sum_k\beta_1^{t-k})(\sum_k\beta_1^{t-k}g_k^2)
    = (1-\beta_1)(1-\beta_1^t)\sum_k\beta_1^{t-k}g_k^2`, so
    :math:`\hat m_t^2 \le \sum_{k\le t}\beta_1^{t-k}g_k^2` (as :math:`1-\beta_1 \le 1-\beta_1^t`).
    For each k, :math:`\sqrt{\hat v_t} \ge \sqrt{v_t} \ge \sqrt{(1-\beta_2)\beta_2^{t-k}}\,|g_k|`,
    hence :math:`\hat m_t^2/\sqrt{\hat v_t} \le (1-\beta_2)^{-1/2}\sum_{k\le t}\gamma_1^{t-k}|g_k|`.
    Summing with :math:`1/\sqrt t \le 1/\sqrt k` for :math:`t \ge k`:
    :math:`\sum_t \le \frac{1}{(1-\gamma_1)\sqrt{1-\beta_2}}\sum_k |g_k|/\sqrt k`, and
    Lemma 10.3's corrected form (Cauchy-Schwarz) ends the proof. The factor
    :math:`\sqrt{H_T}` is needed: with :math:`\beta_1 = 0`, :math:`\beta_2 \to 0` the
    left side tends to :math:`\sum_t |g_t|/\sqrt t`, which equals
    :math:`\sqrt{H_T}\|g\|_2` for :math:`g_t = 1/\sqrt t`. Returns inf where
    :math:`\beta_1 \ge \sqrt{\beta_2}` (no bound of this form).
    """
    g = _sequences(g)
    b1, b2 = validation.betas(beta1, beta2)
    root = np.sqrt(b2)
    gamma1 = np.divide(b1, root, out=np.full(b1.shape, np.inf), where=root > 0)
    gamma1 = np.where(b1 == 0, 0.0, gamma1)
    with np.errstate(divide="ignore"):
        factor = np.where(gamma1 < 1, 1 / (np.abs(1 - gamma1) * np.sqrt(1 - b2)), np.inf)
    no_bound = np.isinf(factor)  # documented inf; any other overflow raises
    with np.errstate(over="raise"):
        bound = np.where(no_bound, 0.0, factor) * (np.sqrt(harmonic(g.shape[-1])) * _norm(g))
    return np.where(no_bound, np.inf, bound)
