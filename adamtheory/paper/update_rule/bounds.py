r"""Closed forms for Section 2.1: the paper's step bounds and the exact worst case.

Adam's effective step (Kingma & Ba 2015, Section 2.1, with :math:`\epsilon = 0`) is
:math:`\Delta_t = \alpha\,\hat m_t/\sqrt{\hat v_t}`. The paper bounds it by
:math:`\alpha(1-\beta_1)/\sqrt{1-\beta_2}` when :math:`(1-\beta_1) > \sqrt{1-\beta_2}`
and by :math:`\alpha` otherwise. This module computes the *exact* supremum of
:math:`|\hat m_t/\sqrt{\hat v_t}|` over every real gradient sequence.

**Theorem** (exact worst case). Unroll the moments (Section 3):
:math:`m_t = \sum_i a_i g_i` with :math:`a_i = (1-\beta_1)\beta_1^{t-i}` and
:math:`v_t = \sum_i b_i g_i^2` with :math:`b_i = (1-\beta_2)\beta_2^{t-i} > 0`
(for :math:`\beta_2 > 0`). By Cauchy-Schwarz on :math:`a_i g_i =
(a_i/\sqrt{b_i})(\sqrt{b_i} g_i)`,

.. math::
    \frac{|m_t|}{\sqrt{v_t}} \le \Big(\sum_{i=1}^t \frac{a_i^2}{b_i}\Big)^{1/2}
    = \frac{1-\beta_1}{\sqrt{1-\beta_2}}\sqrt{S_t(r)}, \qquad
    r = \frac{\beta_1^2}{\beta_2}, \quad S_t(r) = \sum_{k=0}^{t-1} r^k,

with equality iff :math:`g_i \propto a_i/b_i \propto (\beta_1/\beta_2)^{t-i}`.
The bias corrections are constants for fixed t, so

.. math::
    \sup_g \Big|\frac{\hat m_t}{\sqrt{\hat v_t}}\Big|
    = \frac{1-\beta_1}{1-\beta_1^t}\sqrt{\frac{1-\beta_2^t}{1-\beta_2}}\sqrt{S_t(r)}
    \xrightarrow{t\to\infty}
    \frac{1-\beta_1}{\sqrt{(1-\beta_2)(1-\beta_1^2/\beta_2)}}
    \quad (\beta_1^2 < \beta_2),

and :math:`+\infty` in the limit when :math:`\beta_1^2 \ge \beta_2`. For
:math:`\beta_2 = 0`, :math:`v_t = g_t^2` only: the ratio is 1 at t = 1 and
unbounded for t >= 2 when :math:`\beta_1 > 0` (take :math:`g_t \to 0`).

**AdaMax** (Section 7.1, Algorithm 2): :math:`u_t = \max_i \beta_2^{t-i}|g_i|`, so
:math:`|g_i| \le u_t \beta_2^{-(t-i)}` and

.. math::
    \sup_g \frac{|m_t|}{(1-\beta_1^t)\,u_t}
    = \frac{1-\beta_1}{1-\beta_1^t}\sum_{k=0}^{t-1}\Big(\frac{\beta_1}{\beta_2}\Big)^k
    \xrightarrow{t\to\infty} \frac{(1-\beta_1)\beta_2}{\beta_2-\beta_1}
    \quad (\beta_1 < \beta_2),

attained at :math:`g_i = \beta_2^{-(t-i)}` (every term of the maximum ties).

Every function broadcasts over arrays of ``beta1``, ``beta2`` (and ``t``) and
returns a float for scalar input. ``notebooks/02_update_rule.ipynb`` derives these
forms with SymPy and tests them against an adversarial search
(:func:`~adamtheory.paper.update_rule.search.search_max_ratio`, in the raw gradients).
"""

from __future__ import annotations

import math

import numpy as np

from ...core import validation
from ...core.ema import one_minus_power

__all__ = [
    "MAX_SEQUENCE",
    "geometric_sum",
    "max_effective_step",
    "max_effective_step_adamax",
    "paper_step_bound",
    "worst_case_gradients",
    "worst_case_gradients_adamax",
]

MAX_SEQUENCE = 10**7
"""The longest maximising sequence built in memory (80 MB of float64)."""


def _steps(t) -> np.ndarray | None:
    """``t``: None (the limit t -> inf) or whole numbers >= 1 (scalar or array), as float64."""
    return None if t is None else validation.steps(t, "t")


def _out(array: np.ndarray):
    """A float for a 0-d result, else the array."""
    return float(array) if np.ndim(array) == 0 else array


def geometric_sum(r, t=None):
    r""":math:`S_t(r) = \sum_{k=0}^{t-1} r^k` for r >= 0 (r = inf allowed), stably.

    ``r`` is a ratio of decay rates here (:math:`\beta_1^2/\beta_2` or
    :math:`\beta_1/\beta_2`), so only r >= 0 is accepted: a negative r or NaN raises
    ``ValueError`` naming ``r`` (the stable form below takes :math:`\log r`).
    ``t=None`` is the limit: :math:`1/(1-r)` for r < 1, ``inf`` otherwise. Near
    r = 1 it uses :math:`\mathrm{expm1}(t\log r)/\mathrm{expm1}(\log r)`, which
    keeps full precision where :math:`(1-r^t)/(1-r)` cancels.
    """
    given, r = r, validation.real_array("r", r)
    if np.any(np.isnan(r)) or np.any(r < 0):
        raise ValueError(f"r must be >= 0 (inf allowed), got {given!r}")
    steps = _steps(t)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if steps is None:
            return _out(np.where(r < 1, 1 / (1 - np.where(r < 1, r, 0.0)), np.inf))
        log_r = np.log(np.where((r > 0) & np.isfinite(r), r, 2.0))
        general = np.expm1(steps * log_r) / np.expm1(log_r)
        s = np.where(r == 1, steps, general)
        s = np.where(r == 0, 1.0, s)
        s = np.where(np.isinf(r), np.where(steps == 1, 1.0, np.inf), s)
    return _out(s)


def paper_step_bound(beta1, beta2):
    r"""The bound of Section 2.1 on :math:`|\Delta_t|/\alpha`.

    :math:`(1-\beta_1)/\sqrt{1-\beta_2}` in the case :math:`(1-\beta_1) > \sqrt{1-\beta_2}`
    (``sec2.1-bound-sparse``), and 1 otherwise (``sec2.1-bound-otherwise``).
    """
    b1, b2 = validation.betas(beta1, beta2)
    sparse = (1 - b1) > np.sqrt(1 - b2)
    return _out(np.where(sparse, (1 - b1) / np.sqrt(1 - b2), 1.0))


def _ratio(b1: np.ndarray, b2: np.ndarray, power: int) -> np.ndarray:
    r""":math:`\beta_1^p/\beta_2` with 0/0 := 0 and x/0 := inf."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # beta1^p/tiny = inf
        return np.where(
            b1 == 0, 0.0, np.where(b2 == 0, np.inf, b1**power / np.where(b2 == 0, 1, b2))
        )


def max_effective_step(beta1, beta2, t=None, bias_correction: bool = True):
    r"""Exact :math:`\sup_g |\hat m_t/\sqrt{\hat v_t}|` over real gradient sequences (eps = 0).

    ``t=None`` gives the limit t -> inf: :math:`(1-\beta_1)/\sqrt{(1-\beta_2)
    (1-\beta_1^2/\beta_2)}` for :math:`\beta_1^2 < \beta_2`, ``inf`` otherwise.
    ``bias_correction=False`` bounds :math:`|m_t|/\sqrt{v_t}` (the same limit).
    The supremum is attained, for finite t, by :func:`worst_case_gradients`.
    Multiply by alpha for :math:`|\Delta_t|`. See the module docstring for the proof.
    """
    b1, b2 = validation.betas(beta1, beta2)
    bias_correction = validation.flag("bias_correction", bias_correction)
    steps = _steps(t)
    s = geometric_sum(_ratio(b1, b2, 2), t)
    uncorrected = (1 - b1) / np.sqrt(1 - b2) * np.sqrt(s)
    if steps is None or not bias_correction:
        return _out(uncorrected)
    correction = np.sqrt(one_minus_power(b2, steps)) / one_minus_power(b1, steps)
    with np.errstate(invalid="ignore"):
        return _out(np.where(np.isinf(uncorrected), np.inf, uncorrected * correction))


def _scalar_case(beta1, beta2, t) -> tuple[float, float, int]:
    b1, b2 = validation.betas(beta1, beta2)
    if b1.ndim or b2.ndim:
        raise ValueError("beta1 and beta2 must be scalars for a maximising sequence")
    t = validation.count("t", t)
    if t > MAX_SEQUENCE:
        raise ValueError(f"t must be <= {MAX_SEQUENCE} for a maximising sequence, got {t!r}")
    return float(b1), float(b2), t


def worst_case_gradients(beta1, beta2, t):
    r"""The gradient sequence :math:`g_1, \dots, g_t` that attains :func:`max_effective_step`.

    :math:`g_i = (\beta_1/\beta_2)^{t-i}`, scaled to 1 at the entry of most weight
    (the ratio is invariant under scaling). With :math:`\beta_1 = 0` it is
    :math:`e_t`, a single gradient at the last step (the paper's "most severe case
    of sparsity"). With :math:`\beta_2 = 0` and t >= 2 the supremum is not attained
    (it is infinite unless :math:`\beta_1 = 0`): ``ValueError``.
    Entries beyond float64's range are set to 0 where their weight is negligible,
    else ``ValueError`` (see ``_anchored``).
    """
    b1, b2, t = _scalar_case(beta1, beta2, t)
    if b2 == 0 and b1 > 0 and t > 1:
        raise ValueError("beta2 = 0 with beta1 > 0: the supremum is infinite, no maximiser")
    lag = np.arange(t - 1, -1, -1, dtype=np.float64)  # t - i for i = 1..t
    if b1 == 0 or t == 1:
        return (lag == 0).astype(np.float64)
    # g_i = q^lag with q = beta1/beta2; the i-th term of the Cauchy-Schwarz sum weighs r^lag
    # (logs of the ratios, not the ratios: beta1^2 of a tiny beta1 underflows to 0)
    log_b1, log_b2 = math.log(b1), math.log(b2)
    return _anchored(lag, log_b1 - log_b2, 2 * log_b1 - log_b2)


def _anchored(lag: np.ndarray, log_q: float, log_weight: float) -> np.ndarray:
    """``exp(lag * log_q)`` scaled to 1 at the entry of most weight in the ratio.

    Term i weighs ``exp(lag * log_weight)`` in the supremum. Entries above 1e150 (whose
    squares would near float64's overflow) become 0 and entries below ~1e-308 underflow
    to 0; if the zeroed entries carry more than 1e-15 of the weight, the sequence is not
    representable in float64 and ``ValueError`` names t.
    """
    log_w = lag * log_weight
    heaviest = int(np.argmax(log_w))
    log_g = lag * log_q - lag[heaviest] * log_q
    too_large = log_g > math.log(1e150)
    weight = np.exp(log_w - log_w[heaviest])
    if weight[too_large].sum() > 1e-15 * weight.sum():
        raise ValueError(
            f"t={len(lag)} is too large for these betas: the maximising sequence spans "
            "more than float64's range"
        )
    return np.where(too_large, 0.0, np.exp(np.where(too_large, 0.0, log_g)))


def max_effective_step_adamax(beta1, beta2, t=None):
    r"""Exact :math:`\sup_g |m_t|/((1-\beta_1^t) u_t)` for AdaMax (Algorithm 2, Section 7.1).

    :math:`\frac{1-\beta_1}{1-\beta_1^t}\sum_{k<t}(\beta_1/\beta_2)^k`; the limit
    t -> inf is :math:`(1-\beta_1)\beta_2/(\beta_2-\beta_1)` for
    :math:`\beta_1 < \beta_2`, ``inf`` otherwise. It exceeds 1 (the paper's
    :math:`|\Delta_t| \le \alpha`) for every :math:`\beta_1 > 0` and large t.
    """
    b1, b2 = validation.betas(beta1, beta2)
    steps = _steps(t)
    s = geometric_sum(_ratio(b1, b2, 1), t)
    if steps is None:
        return _out((1 - b1) * s)
    with np.errstate(invalid="ignore"):
        value = (1 - b1) / one_minus_power(b1, steps) * s
    return _out(np.where(np.isinf(s), np.inf, value))


def worst_case_gradients_adamax(beta1, beta2, t):
    r"""The AdaMax maximiser :math:`g_i = \beta_2^{-(t-i)}` (scaled, see :func:`worst_case_gradients`).

    Every term of :math:`u_t = \max_i \beta_2^{t-i}|g_i|` then ties, while
    :math:`m_t` remembers the larger past gradients. ``ValueError`` for
    :math:`\beta_2 = 0` with :math:`\beta_1 > 0` and t >= 2 (unbounded).
    """
    b1, b2, t = _scalar_case(beta1, beta2, t)
    if b2 == 0 and b1 > 0 and t > 1:
        raise ValueError("beta2 = 0 with beta1 > 0: the supremum is infinite, no maximiser")
    lag = np.arange(t - 1, -1, -1, dtype=np.float64)
    if b1 == 0:
        return (lag == 0).astype(np.float64)
    # g_i = beta2^-lag; the i-th term of m_t weighs (beta1/beta2)^lag
    return _anchored(lag, -math.log(b2), math.log(b1 / b2))
