r"""SymPy derivations of Section 5 (AdaGrad limit, RMSProp relation) and Section 7.1
(the AdaMax limit), each computed from the definitions, not typed in.

Conventions. :math:`g_i` is the gradient at step i (``g[i]``, an indexed symbol),
:math:`v_i` the uncorrected second moment. Limits :math:`\beta_2 \to 1` are taken as
:math:`\beta_2 = 1 - \delta`, :math:`\delta \to 0^+`, and limits :math:`p \to \infty`
with :math:`\beta_2 = e^{-\kappa}`, :math:`\kappa > 0`: the assumptions then carry
:math:`\beta_2 < 1` into SymPy. (Without them SymPy 1.14 returns ``-oo`` for
``limit(1/sqrt(1 - b**2), b, 1, "-")`` and cannot decide the sign of
:math:`\log\beta_2`.)
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import sympy as sp

from .algorithm import alpha, beta1, beta2, t

__all__ = [
    "AdaGradLimit",
    "AdaMaxLimit",
    "AdaMaxNoCorrection",
    "RMSPropRelation",
    "adagrad_limit",
    "adamax_limit",
    "adamax_no_correction",
    "adamax_recursion_residual",
    "delta",
    "ema_weight",
    "g",
    "i",
    "kappa",
    "p",
    "rmsprop_difference_closed_form",
    "rmsprop_relation",
    "unrolled_v_hat",
]

i = sp.Symbol("i", positive=True, integer=True)  # summation index, 1 <= i <= t
g = sp.IndexedBase("g", real=True)  # g[i]: the gradient at step i
v = sp.IndexedBase("v", positive=True)  # v[i]: the (uncorrected) second moment at step i
delta = sp.Symbol("delta", positive=True)  # beta2 = 1 - delta, delta -> 0+
kappa = sp.Symbol("kappa", positive=True)  # beta2 = exp(-kappa) in (0, 1)
p = sp.Symbol("p", positive=True)  # the L^p exponent


def ema_weight(beta: sp.Expr = beta2) -> sp.Expr:
    r"""The weight of :math:`x_i` in :math:`e_t = \beta e_{t-1} + (1-\beta) x_t`, :math:`e_0 = 0`.

    Solved with ``rsolve`` from the recurrence of the coefficient: it is
    :math:`1-\beta` at step :math:`t = i` and is multiplied by :math:`\beta` at every
    later step, so with :math:`n = t - i`: :math:`w_{n+1} = \beta w_n`,
    :math:`w_0 = 1-\beta`. Returns :math:`w` as a function of ``t`` and ``i``:
    :math:`(1-\beta)\beta^{t-i}`.
    """
    n = sp.Symbol("n", integer=True, nonnegative=True)
    w = sp.Function("w")
    solution = sp.rsolve(w(n + 1) - beta * w(n), w(n), {w(0): 1 - beta})
    return solution.subs(n, t - i)


# --- Section 5: the AdaGrad limit -----------------------------------------------------


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
    if not isinstance(T, int) or T < 1:
        raise ValueError(f"T must be an int >= 1, got {T!r}")
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
    if not isinstance(T, int) or T < 1:
        raise ValueError(f"T must be an int >= 1, got {T!r}")
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


# --- Section 7.1: the AdaMax limit ----------------------------------------------------


class AdaMaxLimit(NamedTuple):
    r"""The steps of :math:`\lim_{p\to\infty} v_t^{1/p} = \max_i \beta_2^{t-i}|g_i|`, every t."""

    lp_weight: sp.Expr  # weight of |g_i|^p in v_t: (1 - b2^p) b2^(p(t-i))  (rsolve)
    lp_moment: sp.Expr  # v_t = Sum(lp_weight |g_i|^p, (i, 1, t))
    decay_root_limit: sp.Expr  # lim_p (1 - b2^p)^(1/p) = 1,  b2 = exp(-kappa)
    factorisation_residual: sp.Expr  # (M^p S)^(1/p) - M S^(1/p): 0
    term_bound: bool  # r^p <= 1 for 0 < r <= 1: each term of S = Sum (a_i/M)^p is in (0, 1]
    terms_count: sp.Expr  # Sum(1, (i, 1, t)) = t: so 1 <= S <= t
    root_increasing: bool  # d/dS S^(1/p) > 0: so 1 <= S^(1/p) <= t^(1/p)
    lower_limit: sp.Expr  # lim_p 1^(1/p) = 1
    upper_limit: sp.Expr  # lim_p t^(1/p) = 1, t symbolic: the squeeze closes for every t
    recursion_residual: sp.Expr  # max(b2 x, b2 y) - b2 max(x, y) in both orders: 0


@functools.cache
def adamax_limit() -> AdaMaxLimit:
    r"""Derive the AdaMax limit of Section 7.1 for every t, by a squeeze.

    The L^p moment, :math:`v_t = \beta_2^p v_{t-1} + (1-\beta_2^p)|g_t|^p`, unrolls to
    :math:`v_t = (1-\beta_2^p)\sum_i \beta_2^{p(t-i)}|g_i|^p
    = (1-\beta_2^p)\sum_i a_i^p` with :math:`a_i = \beta_2^{t-i}|g_i|`
    (weights :math:`\beta_2^{t-i}\in(0,1]`). Let :math:`M = \max_i a_i > 0` and
    :math:`S = \sum_i (a_i/M)^p`. Then

    1. :math:`(\sum a_i^p)^{1/p} = (M^p S)^{1/p} = M S^{1/p}`;
    2. every term :math:`(a_i/M)^p` lies in :math:`(0, 1]`, one of them equals 1, and
       there are t terms: :math:`1 \le S \le t`;
    3. :math:`S^{1/p}` increases with S, so :math:`M \le (\sum a_i^p)^{1/p} \le t^{1/p} M`;
    4. :math:`t^{1/p} \to 1` and :math:`(1-\beta_2^p)^{1/p} \to 1` as :math:`p\to\infty`.

    Hence :math:`u_t = \lim_p v_t^{1/p} = M = \max(\beta_2^{t-1}|g_1|, \dots, |g_t|)`,
    and since :math:`\max_i \beta_2 c_i = \beta_2 \max_i c_i` for :math:`\beta_2 \ge 0`,
    :math:`u_t = \max(\beta_2 u_{t-1}, |g_t|)`. SymPy checks each numbered step with
    t symbolic; (if all :math:`g_i = 0`, :math:`v_t = 0 = u_t` trivially).
    """
    b2p = beta2**p
    lp_weight = ema_weight(b2p)
    lp_moment = sp.Sum(lp_weight * sp.Abs(g[i]) ** p, (i, 1, t))
    decay_root_limit = sp.limit((1 - sp.exp(-kappa) ** p) ** (1 / p), p, sp.oo)

    big_m, big_s = sp.symbols("M S", positive=True)
    factorisation_residual = sp.simplify((big_m**p * big_s) ** (1 / p) - big_m * big_s ** (1 / p))
    sigma = sp.Symbol("sigma", nonnegative=True)  # a ratio r = a_i/M in (0, 1] is exp(-sigma)
    # exp is increasing, so r^p = exp(-sigma p) <= exp(0) = 1 iff -sigma p <= 0:
    term_bound = bool((-sigma * p).is_nonpositive)
    terms_count = sp.Sum(1, (i, 1, t)).doit()
    root_increasing = bool(sp.diff(big_s ** (1 / p), big_s).is_positive)
    lower_limit = sp.limit(sp.Integer(1) ** (1 / p), p, sp.oo)
    upper_limit = sp.limit(terms_count ** (1 / p), p, sp.oo)
    return AdaMaxLimit(
        lp_weight,
        lp_moment,
        decay_root_limit,
        factorisation_residual,
        term_bound,
        terms_count,
        root_increasing,
        lower_limit,
        upper_limit,
        adamax_recursion_residual(),
    )


def adamax_recursion_residual() -> sp.Expr:
    r"""Positive homogeneity of the maximum, :math:`\max(\beta x, \beta y) = \beta\max(x, y)`
    for :math:`\beta > 0`, checked in its two cases (:math:`x = y + s` and
    :math:`y = x + s`, :math:`s \ge 0`). With it, splitting the last term off
    :math:`u_t = \max_{i \le t}\beta_2^{t-i}|g_i|` gives
    :math:`\max(|g_t|, \beta_2 \max_{i<t}\beta_2^{t-1-i}|g_i|) = \max(|g_t|, \beta_2 u_{t-1})`.
    Returns the sum of the two case residuals (0)."""
    x, s = sp.symbols("x s", nonnegative=True)
    case_x_larger = sp.Max(beta2 * (x + s), beta2 * x) - beta2 * sp.Max(x + s, x)
    case_y_larger = sp.Max(beta2 * x, beta2 * (x + s)) - beta2 * sp.Max(x, x + s)
    return sp.simplify(case_x_larger + case_y_larger)


class AdaMaxNoCorrection(NamedTuple):
    """Why u_t needs no bias correction (Section 7.1)."""

    lp_correction: sp.Expr  # (1 - b2^(p t))^(1/p): the p-th root of L^p-Adam's correction
    lp_correction_limit: sp.Expr  # -> 1 as p -> oo
    constant_gradient_moment: sp.Expr  # v_t for |g_i| = c: c^p (1 - b2^(p t))
    constant_gradient_residual: sp.Expr  # it solves the recurrence from v_0 = 0: 0
    constant_gradient_u: sp.Expr  # lim v_t^(1/p) = c: u_t = c at every t, no shrinkage to 0
    first_step_u: sp.Expr  # u_1 = max(b2 u_0, |g_1|) = |g_1| for every u_0 <= |g_1|/b2


@functools.cache
def adamax_no_correction() -> AdaMaxNoCorrection:
    r"""L^p-Adam corrects :math:`v_t` by :math:`1-\beta_2^{pt}`, which divides
    :math:`v_t^{1/p}` by :math:`(1-\beta_2^{pt})^{1/p} \to 1`: in the limit the
    correction disappears. For constant :math:`|g_i| = c`,
    :math:`v_t = c^p(1-\beta_2^{pt})` (the zero start shrinks it), while
    :math:`u_t = c` exactly at every t: the maximum forgets :math:`u_0 = 0` at the
    first step, :math:`u_1 = |g_1|`, where :math:`m_1` and :math:`v_1` are still
    :math:`1-\beta` times their target.
    """
    b2 = sp.exp(-kappa)
    correction = (1 - beta2 ** (p * t)) ** (1 / p)
    correction_limit = sp.limit(correction.subs(beta2, b2), p, sp.oo)

    c = sp.Symbol("c", positive=True)
    moment = c**p * (1 - beta2 ** (p * t))
    recurrence = moment - (beta2**p * moment.subs(t, t - 1) + (1 - beta2**p) * c**p)
    residual = sp.simplify(recurrence) + moment.subs(t, 0)
    # v_t^(1/p) = c (1 - b2^(p t))^(1/p): q stands for the factor, positive for b2 in (0, 1).
    q = sp.Symbol("q", positive=True)
    root = sp.simplify((c**p * q) ** (1 / p)).subs(q, 1 - beta2 ** (p * t))
    u_limit = sp.limit(root.subs(beta2, b2), p, sp.oo)

    u0 = sp.Symbol("u_0", nonnegative=True)
    s = sp.Symbol("s", nonnegative=True)  # u_0 = (|g_1| - s)/b2 <= |g_1|/b2
    abs_g1 = sp.Symbol("|g_1|", positive=True)
    first = sp.Max(beta2 * u0, abs_g1).subs(u0, (abs_g1 - s) / beta2)
    return AdaMaxNoCorrection(
        correction, correction_limit, moment, residual, u_limit, sp.simplify(first)
    )
