r"""SymPy derivations of Section 2.1 and of AdaMax's step (Section 7.1), shown in notebook 02.

Every symbol comes from ``adamtheory.core.symbols``. Unroll the moments (Section 3):
:math:`m_t = \sum_i a_i g_i`, :math:`v_t = \sum_i b_i g_i^2` with
:math:`a_i = (1-\beta_1)\beta_1^{t-i}`, :math:`b_i = (1-\beta_2)\beta_2^{t-i}`. Cauchy-Schwarz
gives :math:`\sup_g |m_t|/\sqrt{v_t} = (\sum_i a_i^2/b_i)^{1/2}`, attained at
:math:`g_i \propto a_i/b_i`; the functions below build each step of that argument.
"""

from __future__ import annotations

import numbers

import numpy as np
import sympy as sp

from ...core import validation
from ...core.symbols import alpha, beta1, beta2, c, eps, g, i, m_t, t, v_t

__all__ = [
    "adamax_limit_excess",
    "adamax_sup",
    "diagonal_sup",
    "equal_curve_limit_squared",
    "geometric_sum",
    "limit_excess",
    "maximiser_check",
    "scale_residual",
    "shrinkage",
    "sup_limit",
    "sup_ratio",
    "term_ratio",
    "unrolled_weights",
]

r = beta1**2 / beta2


def unrolled_weights(step=t) -> tuple[sp.Expr, sp.Expr]:
    r""":math:`(a_i, b_i)`: the weights of :math:`g_i` in :math:`m_t` and of :math:`g_i^2` in :math:`v_t`.

    ``step``: the step t, a SymPy symbol (the default ``t``) or a whole number >= 1 (a
    Python, NumPy or SymPy integer); anything else (a float, a string, a bool, pi) is
    refused, naming ``step``."""
    step = _step(step)
    return (1 - beta1) * beta1 ** (step - i), (1 - beta2) * beta2 ** (step - i)


def _step(step) -> sp.Expr:
    if isinstance(step, sp.Symbol):
        return step
    if isinstance(step, sp.Integer):
        step = int(step)
    if isinstance(step, bool | np.bool_) or not isinstance(step, numbers.Integral):
        raise TypeError(f"step must be a SymPy symbol or an integer >= 1, got {step!r}")
    return sp.Integer(validation.count("step", step))


def term_ratio() -> tuple[sp.Expr, sp.Expr]:
    r""":math:`a_i^2/b_i`, simplified, and its difference from
    :math:`(1-\beta_1)^2/(1-\beta_2)\, r^{t-i}` with :math:`r = \beta_1^2/\beta_2` (0: a proof)."""
    a, b = unrolled_weights()
    term = sp.powsimp(sp.simplify(a**2 / b), force=True)
    return term, sp.simplify(term - (1 - beta1) ** 2 / (1 - beta2) * r ** (t - i))


def geometric_sum() -> sp.Expr:
    r""":math:`S_t = \sum_{i=1}^t r^{t-i}` with :math:`r = \beta_1^2/\beta_2`, summed by SymPy."""
    return sp.summation(r ** (t - i), (i, 1, t))


def sup_ratio(bias_correction: bool = True) -> sp.Expr:
    r""":math:`\sup_g |\hat m_t/\sqrt{\hat v_t}|`: :math:`(\sum_{i=1}^t a_i^2/b_i)^{1/2}
    = \frac{1-\beta_1}{\sqrt{1-\beta_2}}\sqrt{(1-r^t)/(1-r)}` (:func:`term_ratio`, and
    :func:`geometric_sum` for :math:`r \ne 1`), times the bias corrections
    :math:`\sqrt{1-\beta_2^t}/(1-\beta_1^t)`."""
    bias_correction = validation.flag("bias_correction", bias_correction)
    uncorrected = (1 - beta1) / sp.sqrt(1 - beta2) * sp.sqrt((1 - r**t) / (1 - r))
    if not bias_correction:
        return uncorrected
    return uncorrected * sp.sqrt(1 - beta2**t) / (1 - beta1**t)


def sup_limit() -> sp.Expr:
    r""":math:`\lim_{t\to\infty}\sup_g|\hat m_t/\sqrt{\hat v_t}|` for :math:`\beta_1^2 < \beta_2`."""
    return (1 - beta1) / sp.sqrt((1 - beta2) * (1 - r))


def limit_excess() -> sp.Expr:
    r""":math:`(\lim\sup)^2 - 1`, factored: :math:`(\beta_1-\beta_2)^2/((1-\beta_2)(\beta_2-\beta_1^2))`."""
    return sp.factor(sp.together(sup_limit() ** 2 - 1))


def equal_curve_limit_squared() -> sp.Expr:
    r""":math:`(\lim\sup)^2` on the paper's equal-case curve :math:`(1-\beta_1) = \sqrt{1-\beta_2}`."""
    return sp.factor(sp.together(sup_limit().subs(beta2, 1 - (1 - beta1) ** 2) ** 2))


def diagonal_sup() -> sp.Expr:
    r"""The supremum at :math:`\beta_1 = \beta_2`, every t: 1.

    The square roots are merged (``powsimp(force=True)``), which is valid here: every
    radicand is positive for :math:`0 < \beta_1 < 1` and t >= 1."""
    return sp.simplify(sp.powsimp(sup_ratio().subs(beta2, beta1), force=True))


def adamax_sup() -> sp.Expr:
    r"""AdaMax: :math:`\frac{1-\beta_1}{1-\beta_1^t}\sum_{i=1}^t(\beta_1/\beta_2)^{t-i}`."""
    total = sp.summation((beta1 / beta2) ** (t - i), (i, 1, t))
    return (1 - beta1) / (1 - beta1**t) * total


def adamax_limit_excess() -> sp.Expr:
    r""":math:`\lim_t` of AdaMax's supremum minus 1: :math:`\beta_1(1-\beta_2)/(\beta_2-\beta_1)`."""
    return sp.factor(sp.together((1 - beta1) / (1 - beta1 / beta2) - 1))


def maximiser_check(n: int = 3) -> tuple[sp.Expr, list[sp.Expr]]:
    r"""At :math:`g_i = a_i/b_i` (t = n): the ratio minus :math:`\sqrt{\sum a_i^2/b_i}`, and the
    ratio's gradient there. Both 0: the maximiser, checked without the argument."""
    n = validation.count("n", n)
    a = [unrolled_weights(n)[0].subs(i, k) for k in range(1, n + 1)]
    b = [unrolled_weights(n)[1].subs(i, k) for k in range(1, n + 1)]
    gs = [g[k] for k in range(1, n + 1)]
    ratio = sum(x * y for x, y in zip(a, gs, strict=True)) / sp.sqrt(
        sum(x * y**2 for x, y in zip(b, gs, strict=True))
    )
    at_max = {y: x / z for y, x, z in zip(gs, a, b, strict=True)}
    value = sp.simplify(
        ratio.subs(at_max) - sp.sqrt(sum(x**2 / z for x, z in zip(a, b, strict=True)))
    )
    return value, [sp.simplify(sp.diff(ratio, y).subs(at_max)) for y in gs]


def scale_residual() -> sp.Expr:
    r""":math:`\Delta_t(c\,g) - \Delta_t(g)` over alpha with eps = 0, for c > 0: 0."""
    expr = alpha * (c * m_t) / sp.sqrt(c**2 * v_t) - alpha * m_t / sp.sqrt(v_t)
    return sp.simplify(sp.refine(expr, sp.Q.positive(c)))


def shrinkage() -> sp.Expr:
    r""":math:`D = 1 - \Delta_t(c)/\Delta_t^{(0)}` with eps after the root (Algorithm 1)."""
    with_eps = c * m_t / (c * sp.sqrt(v_t) + eps)
    return sp.simplify(sp.refine(1 - with_eps / (m_t / sp.sqrt(v_t)), sp.Q.positive(c)))
