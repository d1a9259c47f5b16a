r"""SymPy derivations of Section 5: the AdaGrad limit and the RMSProp relation, each
computed from the definitions, not typed in.

Conventions. :math:`g_i` is the gradient at step i (``g[i]``), :math:`v_i` the
uncorrected second moment (``v[i]``); all symbols come from :mod:`adamtheory.core.symbols`.
Limits :math:`\beta_2 \to 1` are taken as :math:`\beta_2 = 1 - \delta`,
:math:`\delta \to 0^+`: the assumption then carries :math:`\beta_2 < 1` into SymPy
(without it SymPy 1.14 returns ``-oo`` for ``limit(1/sqrt(1 - b**2), b, 1, "-")``).
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import sympy as sp

from ...core import validation
from ...core.symbols import alpha, beta1, beta2, delta, g, i, t, v

__all__ = [
    "AdaGradLimit",
    "RMSPropRelation",
    "adagrad_limit",
    "ema_weight",
    "rmsprop_difference_closed_form",
    "rmsprop_relation",
    "unrolled_v_hat",
]


def ema_weight(beta: sp.Expr = beta2) -> sp.Expr:
    r"""The weight of :math:`x_i` in :math:`e_t = \beta e_{t-1} + (1-\beta) x_t`, :math:`e_0 = 0`.

    Solved with ``rsolve`` from the recurrence of the coefficient: it is
    :math:`1-\beta` at step :math:`t = i` and is multiplied by :math:`\beta` at every
    later step, so with :math:`n = t - i`: :math:`w_{n+1} = \beta w_n`,
    :math:`w_0 = 1-\beta`. Returns :math:`w` as a function of ``t`` and ``i``:
    :math:`(1-\beta)\beta^{t-i}`.
    """
    if isinstance(beta, bool) or not isinstance(beta, sp.Expr | int | float):
        raise TypeError(f"beta must be a SymPy expression or a number, got {beta!r}")
    beta = sp.sympify(beta)
    if beta.is_number and not (beta.is_real and 0 <= beta < 1):
        raise ValueError(f"beta must lie in [0, 1), got {beta}")
    n = sp.Symbol("n", integer=True, nonnegative=True)
    w = sp.Function("w")
    solution = sp.rsolve(w(n + 1) - beta * w(n), w(n), {w(0): 1 - beta})
    return solution.subs(n, t - i)


class AdaGradLimit(NamedTuple):
    """Section 5: beta1 = 0, beta2 -> 1, alpha_t = alpha/sqrt(t) turns Adam into AdaGrad."""

    weight: sp.Expr  # weight of g_i^2 in v-hat_t: (1-b2) b2^(t-i) / (1-b2^t)
    weight_limit: sp.Expr  # lim_{b2 -> 1}: 1/t
    v_hat: sp.Expr  # Sum(weight g_i^2, (i, 1, t))
    v_hat_limit: sp.Expr  # Sum(g_i^2)/t
    adam_step: sp.Expr  # -alpha/sqrt(t) g_t / sqrt(v-hat_t), beta1 = 0 (m-hat_t = g_t)
    adagrad_step: sp.Expr  # its limit: -alpha g_t / sqrt(Sum g_i^2)
    uncorrected_weight_limit: sp.Expr  # weight of g_i^2 in v_t as b2 -> 1: 0, so v_t -> 0
    uncorrected_step_ratio: sp.Expr  # (uncorrected step)/(corrected step) = 1/sqrt(1-b2^t)
    uncorrected_ratio_limit: sp.Expr  # oo: the uncorrected steps blow up
    uncorrected_ratio_leading: sp.Expr  # lim ratio * sqrt(t (1-b2)) = 1


@functools.cache
def adagrad_limit() -> AdaGradLimit:
    r"""Derive Section 5's AdaGrad limit for every t.

    Unrolled (weights from :func:`ema_weight`),
    :math:`\hat v_t = \sum_{i=1}^t w_{t,i}\, g_i^2` with
    :math:`w_{t,i} = (1-\beta_2)\beta_2^{t-i}/(1-\beta_2^t)`, and
    :math:`\lim_{\beta_2\to 1} w_{t,i} = 1/t` (SymPy's ``limit``, t and i symbolic).
    The sum has t terms, finitely many, so the limit passes inside it:
    :math:`\lim \hat v_t = t^{-1}\sum_i g_i^2`. With :math:`\beta_1 = 0`,
    :math:`\hat m_t = g_t`; with :math:`\alpha_t = \alpha/\sqrt t` the step becomes
    AdaGrad's :math:`-\alpha g_t/\sqrt{\sum_{i\le t} g_i^2}`.

    Without the correction the weight :math:`(1-\beta_2)\beta_2^{t-i} \to 0`: the
    uncorrected :math:`v_t \to 0` and the step is :math:`1/\sqrt{1-\beta_2^t}` times
    the corrected one, which grows like :math:`1/\sqrt{t(1-\beta_2)}`.
    """
    weight = ema_weight(beta2) / (1 - beta2**t)
    near_one = {beta2: 1 - delta}
    weight_limit = sp.limit(weight.subs(near_one), delta, 0, "+")
    v_hat = sp.Sum(weight * g[i] ** 2, (i, 1, t))
    v_hat_limit = sp.simplify(sp.Sum(weight_limit * g[i] ** 2, (i, 1, t)))

    # Sum g_i^2 > 0 as a positive symbol, so that SymPy may cancel the square roots.
    sum_sq = sp.Symbol("S_t", positive=True)
    sum_sq_expr = sp.Sum(g[i] ** 2, (i, 1, t))
    v_hat_s = v_hat_limit.subs(sum_sq_expr, sum_sq)
    vhat_t = sp.Symbol("vhat_t", positive=True)
    step = -(alpha / sp.sqrt(t)) * g[t] / sp.sqrt(vhat_t)
    adam_step = step.subs(vhat_t, v_hat)
    adagrad_step = sp.simplify(step.subs(vhat_t, v_hat_s)).subs(sum_sq, sum_sq_expr)

    uncorrected_weight_limit = sp.limit(ema_weight(beta2).subs(near_one), delta, 0, "+")
    # v_t = (1 - b2^t) v-hat_t, so the uncorrected step is the corrected one times:
    ratio = 1 / sp.sqrt(1 - beta2**t)
    ratio_limit = sp.limit(ratio.subs(near_one), delta, 0, "+")
    leading = sp.limit((ratio * sp.sqrt(t * (1 - beta2))).subs(near_one), delta, 0, "+")
    return AdaGradLimit(
        weight,
        weight_limit,
        v_hat,
        v_hat_limit,
        adam_step,
        adagrad_step,
        uncorrected_weight_limit,
        ratio,
        ratio_limit,
        leading,
    )


def unrolled_v_hat(T: int, bias_correction: bool = True) -> sp.Expr:
    r"""(:math:`\hat v_T` or :math:`v_T`) in :math:`g_1, \dots, g_T`, by iterating Algorithm 1's
    recurrence :math:`v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2` from :math:`v_0 = 0`.

    For a concrete T, so that ``sp.limit`` can act on the definition itself.
    """
    T = validation.count("T", T)
    validation.flag("bias_correction", bias_correction)
    v_t = sp.Integer(0)
    for step in range(1, T + 1):
        v_t = beta2 * v_t + (1 - beta2) * g[step] ** 2
    return v_t / (1 - beta2**T) if bias_correction else v_t


# --- Section 5: RMSProp with momentum against Adam without correction -----------------


class RMSPropRelation(NamedTuple):
    """Both steps after T gradients, their difference, and the closed form of it."""

    adam_step: sp.Expr  # -alpha m_T / sqrt(v_T): average, then rescale
    rmsprop_step: (
        sp.Expr
    )  # -alpha b_T, b_t = b1 b_{t-1} + (1-b1) g_t/sqrt(v_t): rescale, then average
    difference: sp.Expr  # adam_step - rmsprop_step
    closed_form: sp.Expr  # rmsprop_difference_closed_form() at t = T
    residual: sp.Expr  # difference - closed_form, simplified: 0
    difference_in_gradients: sp.Expr  # difference with v_i = the EMA of g_i^2 substituted


def rmsprop_difference_closed_form() -> sp.Expr:
    r""":math:`\Delta^{\rm Adam}_t - \Delta^{\rm RMSProp}_t =
    \alpha(1-\beta_1)\sum_{i=1}^t \beta_1^{t-i} g_i\,(v_i^{-1/2} - v_t^{-1/2})`.

    Adam divides the average :math:`m_t = (1-\beta_1)\sum \beta_1^{t-i} g_i` by today's
    :math:`\sqrt{v_t}`; RMSProp with momentum averages :math:`g_i/\sqrt{v_i}`, each
    gradient scaled by the :math:`v` of its own step. The difference vanishes for every
    gradient sequence only when :math:`\beta_1 = 0` or :math:`v_i = v_t` for all i.
    """
    return (
        alpha
        * (1 - beta1)
        * sp.Sum(beta1 ** (t - i) * g[i] * (1 / sp.sqrt(v[i]) - 1 / sp.sqrt(v[t])), (i, 1, t))
    )


def rmsprop_relation(T: int = 2) -> RMSPropRelation:
    r"""Adam without bias correction against RMSProp with momentum, after T gradients.

    Both recurrences are iterated from zero with the same :math:`v_t` (RMSProp's
    :math:`r_t` with :math:`\rho = \beta_2`) and :math:`\epsilon = 0`:

    * Adam: :math:`m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t`,
      :math:`\Delta_t = -\alpha m_t/\sqrt{v_t}`;
    * RMSProp with momentum, in the same normalisation:
      :math:`b_t = \beta_1 b_{t-1} + (1-\beta_1) g_t/\sqrt{v_t}`,
      :math:`\Delta_t = -\alpha b_t` (``optim.rmsprop(alpha=alpha*(1-beta1), mu=beta1,
      rho=beta2)``, whose buffer is :math:`b_t/(1-\beta_1)`).

    For T = 2 the difference is :math:`\alpha\beta_1(1-\beta_1) g_1 (v_1^{-1/2} - v_2^{-1/2})`.
    """
    T = validation.count("T", T)
    m_t = b_t = sp.Integer(0)
    for step in range(1, T + 1):
        m_t = beta1 * m_t + (1 - beta1) * g[step]
        b_t = beta1 * b_t + (1 - beta1) * g[step] / sp.sqrt(v[step])
    adam_step = -alpha * m_t / sp.sqrt(v[T])
    rmsprop_step = -alpha * b_t
    difference = adam_step - rmsprop_step
    closed_form = rmsprop_difference_closed_form().subs(t, T).doit()
    residual = sp.simplify(difference - closed_form)

    # v_i from its own definition: v_i = b2 v_{i-1} + (1 - b2) g_i^2, v_0 = 0.
    v_of_g, v_prev = {}, sp.Integer(0)
    for step in range(1, T + 1):
        v_prev = beta2 * v_prev + (1 - beta2) * g[step] ** 2
        v_of_g[v[step]] = v_prev
    return RMSPropRelation(
        adam_step,
        rmsprop_step,
        difference,
        closed_form,
        residual,
        difference.subs(v_of_g),
    )
