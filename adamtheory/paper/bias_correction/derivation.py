r"""SymPy derivations for Section 3 (initialisation bias correction), notebook 03.

Every function derives its result from the recurrence that defines it, never from a
typed answer, and returns SymPy expressions: notebooks show them, tests check them with
``simplify(result - expected) == 0``.

The one recurrence behind all of Section 3 and 7.2 is the zero-initialised exponential
moving average (EMA)

.. math:: x_t = \beta x_{t-1} + (1-\beta) y_t, \qquad x_0 = 0,

with :math:`(x, y, \beta) = (m, g, \beta_1)` or :math:`(v, g^2, \beta_2)`.
:func:`solve_ema_recurrence` solves it once.

Every symbol comes from :mod:`adamtheory.core.symbols` (t, i, beta1, beta2, g, c,
delta), so an expression built here and one built in a notebook or test from the same
table simplify against each other. The few parameters of the drift models that the
table does not hold (``s``, ``rho``, ``mu``, ``sigma2``) are module constants here,
public so notebooks and tests use the same objects.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import sympy as sp

from ...core.symbols import alpha, beta1, beta2, c, delta, g, i, m_t, t, v_t
from ...core.validation import count

__all__ = [
    "BiasCorrectionFactors",
    "ExpectedMoment",
    "UnrolledMoments",
    "bias_correction_factors",
    "ema_weight_sum",
    "expected_ema",
    "linear_drift_zeta",
    "geometric_drift_zeta",
    "mu",
    "rho",
    "s",
    "second_moment_t",
    "sigma2",
    "solve_ema_recurrence",
    "uncorrected_step_ratio",
    "unrolled_moments",
    "zeta",
    "zeta_sum",
]

s = sp.Symbol("s", positive=True)  # a stationary second moment, or the drift's start
rho = sp.Symbol("rho", positive=True)  # the geometric drift's rate, E[g_i^2] = s rho^i
mu = sp.Symbol("mu", real=True, nonzero=True)  # a stationary first moment E[g_i] != 0
sigma2 = sp.Symbol("sigma2", positive=True)  # a stationary second moment E[g_i^2]
zeta = sp.Symbol("zeta", real=True)  # Section 3's zeta, as a symbol
second_moment_t = sp.Symbol("E[g_t^2]", positive=True)  # E[g_t^2] at the current step


def _ema_residual(x_t: sp.Expr, y, beta: sp.Expr) -> sp.Expr:
    r""":math:`x_{t+1} - \beta x_t - (1-\beta) y_{t+1}` for an unrolled ``x_t``.

    ``x_t`` is :math:`\beta^t S_t` with :math:`S_t` a sum up to t; SymPy's
    ``difference_delta`` gives :math:`S_{t+1} - S_t` for a symbolic t, so the check
    holds for every t, not only for the values one tries.
    """
    summand = sp.powsimp(sp.expand(x_t.function / beta**t))  # beta^t pulled out of the sum
    s_t = sp.Sum(summand, *x_t.limits)
    s_next = s_t + sp.difference_delta(s_t, t)
    return sp.simplify(beta ** (t + 1) * s_next - beta * beta**t * s_t - (1 - beta) * y[t + 1])


def solve_ema_recurrence(y, beta: sp.Expr) -> sp.Sum:
    r"""Solve :math:`x_t = \beta x_{t-1} + (1-\beta) y_t`, :math:`x_0 = 0`, by summation.

    Substituting :math:`x_t = \beta^t w_t` turns the recurrence into a pure increment,
    :math:`w_t - w_{t-1} = (1-\beta)\beta^{-t} y_t` (SymPy solves for it); telescoping
    from :math:`w_0 = x_0 = 0` gives :math:`w_t = \sum_{i=1}^t (1-\beta)\beta^{-i} y_i`, so

    .. math:: x_t = (1-\beta)\sum_{i=1}^t \beta^{t-i} y_i .

    ``y`` is an ``IndexedBase`` (abstract data) or a callable of the index (a profile)
    whose value is a SymPy expression or a number; anything else (a string, a list, a
    callable that returns one or fails on a SymPy index) is a ``TypeError`` naming ``y``.
    """
    beta = _decay(beta)
    if not isinstance(y, sp.IndexedBase):
        y = _profile(y, "y")
    w = sp.Function("w")
    y_at = y if callable(y) and not isinstance(y, sp.IndexedBase) else y.__getitem__
    recurrence = sp.Eq(beta**t * w(t), beta * beta ** (t - 1) * w(t - 1) + (1 - beta) * y_at(t))
    (w_t,) = sp.solve(recurrence, w(t))
    increment = sp.simplify(w_t - w(t - 1))  # (1 - beta) beta^(-t) y_t
    summand = sp.powsimp(beta**t * increment.subs(t, i))
    return sp.Sum(summand, (i, 1, t))


class UnrolledMoments(NamedTuple):
    """Section 3, eq. (1): the moments as weighted sums of the past gradients."""

    m_t: sp.Sum  # (1 - beta1) sum beta1^(t-i) g_i
    v_t: sp.Sum  # (1 - beta2) sum beta2^(t-i) g_i^2
    m_residual: sp.Expr  # m_{t+1} - beta1 m_t - (1-beta1) g_{t+1}: 0 for every t
    v_residual: sp.Expr
    iterated_residual: sp.Expr  # recurrence iterated 6 times minus the sum at t = 6: 0


def unrolled_moments(check_steps: int = 6) -> UnrolledMoments:
    r"""Unroll Algorithm 1's moments, :math:`v_t = (1-\beta_2)\sum_{i=1}^t \beta_2^{t-i} g_i^2`
    (Section 3, eq. 1) and the same for :math:`m_t` with :math:`\beta_1` and :math:`g_i`.

    Derived by :func:`solve_ema_recurrence`; checked twice: the residual of the
    recurrence for a symbolic t, and the recurrence iterated ``check_steps`` times
    from :math:`m_0 = v_0 = 0` against the sums at that t.
    """
    check_steps = count("check_steps", check_steps)
    g2 = sp.IndexedBase("g2")  # stands for g_i^2 while solving; substituted back below
    m_t = solve_ema_recurrence(g, beta1)
    v_t = solve_ema_recurrence(g2, beta2).replace(g2[i], g[i] ** 2)
    squares = sp.Lambda(i, g[i] ** 2)
    m, v = sp.Integer(0), sp.Integer(0)
    for k in range(1, check_steps + 1):
        m = beta1 * m + (1 - beta1) * g[k]
        v = beta2 * v + (1 - beta2) * g[k] ** 2
    at_k = {t: check_steps}
    iterated = sp.expand(m - m_t.subs(at_k).doit()) + sp.expand(v - v_t.subs(at_k).doit())
    return UnrolledMoments(
        m_t,
        v_t,
        _ema_residual(m_t, g, beta1),
        _ema_residual(v_t, _Indexable(squares), beta2),
        sp.simplify(iterated),
    )


class _Indexable:
    """``f[k]`` for a Lambda ``f``: lets a profile stand where an IndexedBase would."""

    def __init__(self, f):
        self.f = f

    def __getitem__(self, k):
        return self.f(k)


def ema_weight_sum(beta: sp.Expr) -> sp.Expr:
    r""":math:`\sum_{i=1}^t (1-\beta)\beta^{t-i} = 1-\beta^t`, the total weight of a
    zero-initialised EMA after t steps (summed by SymPy)."""
    weights = solve_ema_recurrence(lambda k: sp.Integer(1), _decay(beta))
    return sp.simplify(_generic(weights.doit()))


def _decay(beta) -> sp.Expr:
    """A decay rate for the derivations: a SymPy symbol or expression, or a number in
    (0, 1) (at 0 the EMA has no memory and the sums degenerate)."""
    if isinstance(beta, bool | str) or not isinstance(beta, sp.Expr | int | float):
        raise TypeError(f"beta must be a SymPy expression or a number, got {beta!r}")
    beta = sp.sympify(beta)
    if beta.is_number and not (beta.is_real and beta.is_finite and 0 < beta < 1):
        raise ValueError(f"beta must lie in (0, 1), got {beta}")
    return beta


def _profile(profile, name: str = "profile"):
    """A callable of the index whose value at a SymPy index is an expression or a number."""
    if not callable(profile) or isinstance(profile, sp.IndexedBase):
        raise TypeError(f"{name} must be a callable of the index (i -> E[y_i]), got {profile!r}")
    try:
        value = profile(i)
    except Exception as exc:  # noqa: BLE001 - any failure on a SymPy index is the caller's
        raise TypeError(f"{name} must accept a SymPy index: {name}(i) raised {exc!r}") from exc
    if isinstance(value, bool) or not isinstance(value, sp.Expr | int | float):
        raise TypeError(f"{name}(i) must be a SymPy expression or a number, got {value!r}")
    return profile


def _generic(expr: sp.Expr) -> sp.Expr:
    """The generic branch of a Piecewise from ``Sum.doit()`` (beta != 1, rho != beta)."""
    expr = sp.piecewise_fold(expr)
    if isinstance(expr, sp.Piecewise):
        return expr.args[-1][0]
    return expr


class ExpectedMoment(NamedTuple):
    """Section 3, eqs. (2)-(4): the expectation of a zero-initialised EMA."""

    expectation: sp.Expr  # E[x_t], summed in closed form
    zeta: sp.Expr  # E[x_t] - E[y_t] (1 - beta^t), closed form
    zeta_as_sum: sp.Sum  # (1-beta) sum beta^(t-i) (E[y_i] - E[y_t])
    residual: sp.Expr  # E[x_t] - (E[y_t](1-beta^t) + zeta_as_sum), summed: 0


def zeta_sum(profile, beta: sp.Expr = beta2) -> sp.Sum:
    r"""The paper's :math:`\zeta` written out (Section 3, eq. 3):

    .. math:: \zeta = (1-\beta)\sum_{i=1}^t \beta^{t-i}\,(E[y_i] - E[y_t]),

    what is left of :math:`E[x_t]` once :math:`E[y_t]` is pulled out of the sum.
    ``profile`` maps the index i to :math:`E[y_i]` (for v: :math:`E[g_i^2]`), a SymPy
    expression or a number; ``beta`` is a symbol or a number in (0, 1). Anything else
    (a string, a list, None) is a ``TypeError`` naming the argument.
    """
    beta, profile = _decay(beta), _profile(profile)
    return sp.Sum((1 - beta) * beta ** (t - i) * (profile(i) - profile(t)), (i, 1, t))


def expected_ema(profile, beta: sp.Expr = beta2) -> ExpectedMoment:
    r""":math:`E[x_t] = E[y_t](1-\beta^t) + \zeta` for a moment profile :math:`E[y_i]`.

    Expectation is linear, so :math:`E[x_t] = (1-\beta)\sum_i \beta^{t-i} E[y_i]`: the
    unrolled sum of :func:`solve_ema_recurrence` with the profile in place of the data,
    summed by SymPy. :math:`\zeta` is what remains after subtracting
    :math:`E[y_t](1-\beta^t)`; it vanishes when the profile is constant (stationary).
    For :math:`(y, \beta) = (g^2, \beta_2)` this is Section 3's :math:`E[v_t]`; for
    :math:`(g, \beta_1)` the same argument gives :math:`E[m_t]`. Refused by name as in
    :func:`zeta_sum`.
    """
    beta, profile = _decay(beta), _profile(profile)
    expectation = sp.simplify(_generic(solve_ema_recurrence(profile, beta).doit()))
    zeta = sp.simplify(expectation - profile(t) * (1 - beta**t))
    zeta_as_sum = zeta_sum(profile, beta)
    split = profile(t) * (1 - beta**t) + _generic(zeta_as_sum.doit())
    return ExpectedMoment(expectation, zeta, zeta_as_sum, sp.simplify(expectation - split))


def linear_drift_zeta() -> dict[str, sp.Expr]:
    r""":math:`\zeta` when :math:`E[g_i^2] = s + \delta i` drifts linearly (Section 3).

    Returns the closed form, its limit :math:`t\to\infty`, :math:`\zeta_\infty =
    -\delta\beta_2/(1-\beta_2)` (the EMA lags :math:`\beta_2/(1-\beta_2)` steps behind
    the drift), the rsolve solution of the expected recurrence as an independent check,
    and the relative bias :math:`\zeta_\infty / E[g_t^2]`. :math:`\zeta` is small when the
    drift over the EMA's memory, :math:`\delta\beta_2/(1-\beta_2)`, is small against
    :math:`E[g_t^2]`: a condition on :math:`\beta_2`, not on :math:`\beta_1`.
    """
    return dict(_linear_drift_zeta())  # a copy: the cached dict stays intact


@cache
def _linear_drift_zeta() -> dict[str, sp.Expr]:
    lam = sp.Symbol("lambda", positive=True)  # only to tell SymPy that 0 < beta2 < 1
    moment = expected_ema(lambda k: s + delta * k, beta2)
    ev = sp.Function("E_v")
    solved = sp.rsolve(
        ev(t) - beta2 * ev(t - 1) - (1 - beta2) * (s + delta * t), ev(t), {ev(0): 0}
    )
    # beta2 = 1/(1+lambda) with lambda > 0 tells SymPy that 0 < beta2 < 1
    limit = sp.limit(moment.zeta.subs(beta2, 1 / (1 + lam)), t, sp.oo)
    limit = sp.simplify(limit.subs(lam, 1 / beta2 - 1))
    return {
        "zeta": moment.zeta,
        "zeta_as_sum": moment.zeta_as_sum,
        "residual": moment.residual,
        "rsolve_minus_sum": sp.simplify(solved - moment.expectation),
        "zeta_limit": limit,
        "relative_limit": limit / (s + delta * t),
    }


def geometric_drift_zeta() -> dict[str, sp.Expr]:
    r""":math:`\zeta` when :math:`E[g_i^2] = s\rho^i` grows or decays geometrically.

    :math:`E[v_t] = (1-\beta_2)s\rho(\rho^t-\beta_2^t)/(\rho-\beta_2)` and, for
    :math:`\rho > \beta_2`, the relative bias tends to
    :math:`\zeta/E[g_t^2] \to \beta_2(1-\rho)/(\rho-\beta_2)`: small only when the
    per-step drift :math:`|1-\rho|` is small against :math:`1-\beta_2`. For
    :math:`\rho < \beta_2` (a second moment that decays faster than the EMA forgets)
    :math:`E[v_t]/E[g_t^2]` grows like :math:`(\beta_2/\rho)^t`: :math:`\zeta` is not small.
    """
    return dict(_geometric_drift_zeta())  # a copy: the cached dict stays intact


@cache
def _geometric_drift_zeta() -> dict[str, sp.Expr]:
    power, rho_power = sp.symbols("P R", positive=True)  # stand for beta2^t and rho^t
    moment = expected_ema(lambda k: s * rho**k, beta2)
    relative = sp.simplify(moment.zeta / (s * rho**t))
    # For 0 < beta2 < rho every term with P = beta2^t is P or P/R = (beta2/rho)^t: -> 0.
    split = sp.expand(sp.expand_power_exp(sp.expand(relative)))
    split = split.subs({beta2**t: power, rho**t: rho_power})
    vanishing = [a for a in sp.Add.make_args(split) if a.has(power)]
    for term in vanishing:  # each is c P or c P/R with c free of t
        coefficient = sp.simplify(term / power)
        if coefficient.has(power) or all(
            sp.simplify(coefficient * rho_power**k).has(rho_power) for k in (0, 1)
        ):
            raise AssertionError(f"unexpected term {term} in the geometric-drift zeta")
    limit = sp.factor(sp.simplify(split.subs(power, 0)))
    if limit.has(rho_power):
        raise AssertionError("the geometric-drift limit still depends on rho^t")
    return {
        "expectation": moment.expectation,
        "zeta": moment.zeta,
        "zeta_as_sum": moment.zeta_as_sum,
        "residual": moment.residual,
        "relative_zeta": relative,
        "relative_limit_rho_above_beta2": limit,
    }


class BiasCorrectionFactors(NamedTuple):
    """Section 3: the factors that make m-hat and v-hat unbiased when stationary."""

    m_factor: sp.Expr  # 1 / (1 - beta1^t), solved for
    v_factor: sp.Expr  # 1 / (1 - beta2^t)
    m_hat_bias: sp.Expr  # E[m-hat_t] - E[g] in the stationary case: 0
    v_hat_bias: sp.Expr  # E[v-hat_t] - E[g^2] in the stationary case: 0
    v_hat_nonstationary: sp.Expr  # E[v-hat_t] = E[g_t^2] + zeta / (1 - beta2^t)


def bias_correction_factors() -> BiasCorrectionFactors:
    r"""Solve for the factor c with :math:`E[c\,v_t] = E[g^2]` when :math:`E[g_i^2]` is
    stationary, and likewise for :math:`m_t`: :math:`c = 1/(1-\beta^t)`, the inverse of
    the total EMA weight :func:`ema_weight_sum`. Dividing by it gives Algorithm 1's
    :math:`\hat m_t, \hat v_t`, whose bias is then 0 for every t (the proof is
    :func:`expected_ema` with a constant profile). In general
    :math:`E[\hat v_t] = E[g_t^2] + \zeta/(1-\beta_2^t)`.
    """
    m_mean = expected_ema(lambda k: mu, beta1).expectation
    v_mean = expected_ema(lambda k: sigma2, beta2).expectation
    (m_factor,) = sp.solve(sp.Eq(c * m_mean, mu), c)
    (v_factor,) = sp.solve(sp.Eq(c * v_mean, sigma2), c)
    return BiasCorrectionFactors(
        m_factor,
        v_factor,
        sp.simplify(m_factor * m_mean - mu),
        sp.simplify(v_factor * v_mean - sigma2),
        sp.expand(v_factor * (second_moment_t * (1 - beta2**t) + zeta)),
    )


def uncorrected_step_ratio() -> dict[str, sp.Expr]:
    r"""How much larger the step is without bias correction (Section 3, 6.4), eps = 0.

    Both variants see the same :math:`m_t, v_t`;
    :math:`|\Delta_t^{\text{no corr}}| / |\Delta_t| = (1-\beta_1^t)/\sqrt{1-\beta_2^t}`,
    whatever the gradients. At t = 1 it is :math:`(1-\beta_1)/\sqrt{1-\beta_2}`, above 1
    exactly in Section 2.1's case :math:`(1-\beta_1) > \sqrt{1-\beta_2}`; in general it
    exceeds 1 iff :math:`(1-\beta_1^t)^2 > 1-\beta_2^t`.
    """
    c1, c2 = sp.symbols("c_1 c_2", positive=True)  # 1 - beta^t in (0, 1]
    corrected = alpha * (m_t / c1) / sp.sqrt(v_t / c2)
    uncorrected = alpha * m_t / sp.sqrt(v_t)
    ratio = sp.simplify(uncorrected / corrected).subs({c1: 1 - beta1**t, c2: 1 - beta2**t})
    return {
        "corrected_step": corrected.subs({c1: 1 - beta1**t, c2: 1 - beta2**t}),
        "uncorrected_step": uncorrected,
        "ratio": ratio,
        "ratio_at_t1": ratio.subs(t, 1),
    }
