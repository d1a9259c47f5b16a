r"""SymPy derivations of Section 7.1: the AdaMax limit and why u_t needs no correction.

Limits :math:`p \to \infty` take :math:`\beta_2 = e^{-\kappa}`, :math:`\kappa > 0`, so
SymPy knows :math:`\beta_2 < 1` (it cannot decide the sign of :math:`\log\beta_2`
otherwise). All symbols come from :mod:`adamtheory.core.symbols`; the auxiliary ones
(M, S, sigma, x, s, q, u_0) are local to one proof step each.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import sympy as sp

from ...core import validation
from ...core.symbols import beta2, c, g, i, kappa, p, t

__all__ = [
    "AdaMaxLimit",
    "AdaMaxNoCorrection",
    "adamax_limit",
    "adamax_no_correction",
    "adamax_recursion_residual",
    "lp_weight",
    "lp_weight_induction",
    "unrolled_lp_moment",
]


def lp_weight() -> sp.Expr:
    r"""The weight of :math:`|g_i|^p` in :math:`v_t = \beta_2^p v_{t-1} + (1-\beta_2^p)|g_t|^p`,
    :math:`v_0 = 0`: :math:`(1-\beta_2^p)\beta_2^{p(t-i)}` (checked by
    :func:`lp_weight_induction` and :func:`unrolled_lp_moment`)."""
    return (1 - beta2**p) * beta2 ** (p * (t - i))


def lp_weight_induction() -> tuple[sp.Expr, sp.Expr]:
    r"""Induction on t for :func:`lp_weight`: the weight enters as :math:`1-\beta_2^p`
    at t = i, and each later step multiplies it by :math:`\beta_2^p`. Returns the two
    residuals (base case, step), both 0 for symbolic t, i, p."""
    w = lp_weight()
    return sp.simplify(w.subs(t, i) - (1 - beta2**p)), sp.simplify(w.subs(t, t + 1) - beta2**p * w)


def unrolled_lp_moment(T: int) -> sp.Expr:
    r"""The L^p recurrence iterated T times from :math:`v_0 = 0` minus
    :math:`\sum_{i\le T}` :func:`lp_weight` :math:`|g_i|^p`, simplified (0)."""
    T = validation.count("T", T)
    v_t = sp.Integer(0)
    for step in range(1, T + 1):
        v_t = beta2**p * v_t + (1 - beta2**p) * sp.Abs(g[step]) ** p
    closed = sum(lp_weight().subs({t: T, i: k}) * sp.Abs(g[k]) ** p for k in range(1, T + 1))
    return sp.simplify(sp.expand(v_t - closed))


class AdaMaxLimit(NamedTuple):
    r"""The steps of :math:`\lim_{p\to\infty} v_t^{1/p} = \max_i \beta_2^{t-i}|g_i|`, every t."""

    lp_weight: sp.Expr  # weight of |g_i|^p in v_t: (1 - b2^p) b2^(p(t-i))  (by induction)
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
    weight = lp_weight()
    lp_moment = sp.Sum(weight * sp.Abs(g[i]) ** p, (i, 1, t))
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
        weight,
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
    constant_gradient_moment: sp.Expr  # v_t for |g_i| = |c|: |c|^p (1 - b2^(p t))
    constant_gradient_residual: sp.Expr  # it solves the recurrence from v_0 = 0: 0
    constant_gradient_u: sp.Expr  # lim v_t^(1/p) = |c|: u_t = |c| at every t, no shrinkage to 0
    first_step_u: sp.Expr  # u_1 = max(b2 u_0, |g_1|) = |g_1| for every u_0 <= |g_1|/b2


@functools.cache
def adamax_no_correction() -> AdaMaxNoCorrection:
    r"""L^p-Adam corrects :math:`v_t` by :math:`1-\beta_2^{pt}`, which divides
    :math:`v_t^{1/p}` by :math:`(1-\beta_2^{pt})^{1/p} \to 1`: in the limit the
    correction disappears. For a constant magnitude :math:`|g_i| = |c|`,
    :math:`v_t = |c|^p(1-\beta_2^{pt})` (the zero start shrinks it), while
    :math:`u_t = |c|` exactly at every t: the maximum forgets :math:`u_0 = 0` at the
    first step, :math:`u_1 = |g_1|`, where :math:`m_1` and :math:`v_1` are still
    :math:`1-\beta` times their target.
    """
    b2 = sp.exp(-kappa)
    correction = (1 - beta2 ** (p * t)) ** (1 / p)
    correction_limit = sp.limit(correction.subs(beta2, b2), p, sp.oo)

    size = sp.Abs(c)  # the constant gradient magnitude |g_i| = |c|
    moment = size**p * (1 - beta2 ** (p * t))
    recurrence = moment - (beta2**p * moment.subs(t, t - 1) + (1 - beta2**p) * size**p)
    residual = sp.simplify(recurrence) + moment.subs(t, 0)
    # v_t^(1/p) = |c| (1 - b2^(p t))^(1/p): q stands for the factor, positive for b2 in (0, 1).
    q = sp.Symbol("q", positive=True)
    root = sp.simplify((size**p * q) ** (1 / p)).subs(q, 1 - beta2 ** (p * t))
    u_limit = sp.limit(root.subs(beta2, b2), p, sp.oo)

    u0 = sp.Symbol("u_0", nonnegative=True)
    s = sp.Symbol("s", nonnegative=True)  # u_0 = (|g_1| - s)/b2 <= |g_1|/b2
    abs_g1 = sp.Abs(g[1])
    first = sp.Max(beta2 * u0, abs_g1).subs(u0, (abs_g1 - s) / beta2)
    return AdaMaxNoCorrection(
        correction, correction_limit, moment, residual, u_limit, sp.simplify(first)
    )
