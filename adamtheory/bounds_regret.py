r"""Theorem 4.1's right-hand side and both sides of Lemmas 10.3 and 10.4 (Section 4, Appendix).

Everything is vectorized: gradient sequences have shape (..., T) (one coordinate i
of many sequences at once), run quantities have shape (K,) or (K, d).

Theorem 4.1 (the paper's statement, :math:`\gamma = \beta_1^2/\sqrt{\beta_2}`):

.. math::
    R(T) \le \frac{D^2}{2\alpha(1-\beta_1)}\sum_i\sqrt{T\hat v_{T,i}}
      + \frac{\alpha(1+\beta_1)G_\infty}{(1-\beta_1)\sqrt{1-\beta_2}(1-\gamma)^2}\sum_i\|g_{1:T,i}\|_2
      + \sum_i\frac{D_\infty^2 G_\infty\sqrt{1-\beta_2}}{2\alpha(1-\beta_1)(1-\lambda)^2}.

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
A corrected inequality (proof in :func:`lemma104_corrected_rhs`), for
:math:`\gamma_1 = \beta_1/\sqrt{\beta_2} < 1`:

.. math:: \sum_{t\le T}\frac{\hat m_{t,i}^2}{\sqrt{t\hat v_{t,i}}} \le
          \frac{\sqrt{H_T}}{(1-\gamma_1)\sqrt{1-\beta_2}}\|g_{1:T,i}\|_2 .
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

__all__ = [
    "LemmaSides",
    "adam_moment_sequences",
    "harmonic",
    "lemma103_corrected_rhs",
    "lemma103_sides",
    "lemma104_corrected_rhs",
    "lemma104_sides",
]


def harmonic(T: Any) -> np.ndarray:
    r""":math:`H_T = \sum_{t\le T} 1/t`: a table up to T = 1000, beyond it the series
    :math:`\ln T + \gamma_E + 1/(2T) - 1/(12T^2)` (error below :math:`1/(120T^4) < 10^{-13}`)."""
    T = np.asarray(T)
    table = np.cumsum(1.0 / np.arange(1, 1001))
    euler_gamma = 0.5772156649015329
    Tf = np.maximum(T, 1).astype(float)
    series = np.log(Tf) + euler_gamma + 1 / (2 * Tf) - 1 / (12 * Tf**2)
    return np.where(T <= 1000, table[np.clip(T, 1, 1000) - 1], series)


class LemmaSides(NamedTuple):
    """Left side and the right sides of one inequality, each of shape (...,)."""

    lhs: np.ndarray
    rhs: np.ndarray  # the paper's statement
    rhs_proof: np.ndarray  # the form the proof ends on (Lemma 10.4); = rhs for Lemma 10.3
    rhs_corrected: np.ndarray


def lemma103_sides(g: Any, G_inf: Any = None) -> LemmaSides:
    r"""Lemma 10.3 for sequences ``g`` of shape (..., T): :math:`\sum_t |g_t|/\sqrt t` against
    :math:`2G_\infty\|g\|_2` (``G_inf`` defaults to :math:`\max_t|g_t|`, the smallest valid
    bound) and against the corrected :math:`\sqrt{H_T}\|g\|_2`."""
    g = np.asarray(g, dtype=float)
    T = g.shape[-1]
    G_inf = np.max(np.abs(g), axis=-1) if G_inf is None else np.asarray(G_inf, float)
    lhs = np.sum(np.abs(g) / np.sqrt(np.arange(1, T + 1)), axis=-1)
    norm = np.linalg.norm(g, axis=-1)
    rhs = 2 * G_inf * norm
    return LemmaSides(lhs, rhs, rhs, lemma103_corrected_rhs(g))


def lemma103_corrected_rhs(g: Any) -> np.ndarray:
    r""":math:`\sqrt{H_T}\|g_{1:T}\|_2`. Proof: Cauchy-Schwarz,
    :math:`\sum_t |g_t|\,t^{-1/2} \le (\sum_t g_t^2)^{1/2}(\sum_t 1/t)^{1/2}`; equality iff
    :math:`|g_t| \propto t^{-1/2}`, so the constant is sharp."""
    g = np.asarray(g, dtype=float)
    return np.sqrt(harmonic(g.shape[-1])) * np.linalg.norm(g, axis=-1)


def adam_moment_sequences(g: Any, beta1: Any, beta2: Any) -> tuple[np.ndarray, np.ndarray]:
    r"""Bias-corrected :math:`\hat m_t, \hat v_t` (constant betas) for sequences (..., T)."""
    g = np.asarray(g, dtype=float)
    b1, b2 = np.asarray(beta1, float), np.asarray(beta2, float)
    shape = np.broadcast_shapes(g.shape[:-1], b1.shape, b2.shape)
    g = np.broadcast_to(g, shape + g.shape[-1:])
    m, v = np.zeros(shape), np.zeros(shape)
    m_hat, v_hat = np.empty_like(g), np.empty_like(g)
    for t in range(g.shape[-1]):
        m = b1 * m + (1 - b1) * g[..., t]
        v = b2 * v + (1 - b2) * g[..., t] ** 2
        m_hat[..., t] = m / (1 - b1 ** (t + 1))
        v_hat[..., t] = v / (1 - b2 ** (t + 1))
    return m_hat, v_hat


def lemma104_sides(g: Any, beta1: Any, beta2: Any, G_inf: Any = None) -> LemmaSides:
    r"""Lemma 10.4 for sequences (..., T) of one coordinate, constant betas (broadcasting
    against the leading axes). Terms with :math:`\hat v_t = 0` (all gradients so far
    zero, so :math:`\hat m_t = 0`) count 0.

    ``rhs``: the statement :math:`\frac{2}{(1-\gamma)\sqrt{1-\beta_2}}\|g\|_2`;
    ``rhs_proof``: the proof's end :math:`\frac{2G_\infty}{(1-\gamma)^2\sqrt{1-\beta_2}}\|g\|_2`;
    ``rhs_corrected``: :func:`lemma104_corrected_rhs` (inf when :math:`\beta_1 \ge \sqrt{\beta_2}`).
    """
    g = np.asarray(g, dtype=float)
    b1, b2 = np.asarray(beta1, float), np.asarray(beta2, float)
    T = g.shape[-1]
    m_hat, v_hat = adam_moment_sequences(g, b1, b2)
    t = np.arange(1, T + 1)
    denom = np.sqrt(t * v_hat)
    terms = np.divide(m_hat**2, denom, out=np.zeros_like(denom), where=denom > 0)
    lhs = terms.sum(axis=-1)
    norm = np.linalg.norm(g, axis=-1)
    gamma = b1**2 / np.sqrt(b2)
    G_inf = np.max(np.abs(g), axis=-1) if G_inf is None else np.asarray(G_inf, float)
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
    :math:`\sqrt{H_T}\|g\|_2` for :math:`g_t = 1/\sqrt t`.
    """
    g = np.asarray(g, dtype=float)
    b1, b2 = np.asarray(beta1, float), np.asarray(beta2, float)
    gamma1 = b1 / np.sqrt(b2)
    with np.errstate(divide="ignore"):
        factor = np.where(gamma1 < 1, 1 / (np.abs(1 - gamma1) * np.sqrt(1 - b2)), np.inf)
    return factor * np.sqrt(harmonic(g.shape[-1])) * np.linalg.norm(g, axis=-1)
