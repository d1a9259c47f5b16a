r"""SymPy derivations for Section 7.2 (temporal averaging of the parameters), notebook 08.

.. math:: \bar\theta_t = \beta_2\bar\theta_{t-1} + (1-\beta_2)\theta_t, \quad \bar\theta_0 = 0,
          \qquad \hat\theta_t = \bar\theta_t/(1-\beta_2^t).

Every symbol comes from :mod:`adamtheory.core.symbols` (t, i, beta2, theta, c); the
parameters of the noisy converging sequence that the table does not hold (``amplitude``,
``rho``, ``sigma``, ``target``) are module constants here, public so notebooks and
tests use the same objects.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import sympy as sp

from ...core.symbols import beta2, c, i, t, theta

__all__ = [
    "ParameterEMA",
    "amplitude",
    "average_errors",
    "average_weights",
    "parameter_ema_correction",
    "rho",
    "sigma",
    "target",
]

amplitude = sp.Symbol("A", real=True)  # the transient's amplitude, theta_0 - theta^*
rho = sp.Symbol("rho", positive=True)  # the transient's geometric rate
sigma = sp.Symbol("sigma", positive=True)  # the noise's standard deviation
target = sp.Symbol("theta^*", real=True)  # the optimum


def average_weights() -> dict[str, sp.Expr]:
    r"""The weight of :math:`\theta_i` in each average at step t, :math:`1 \le i \le t`.

    The EMA's weights come from unrolling its recurrence: each step multiplies the old
    weights by :math:`\beta_2` and gives :math:`\theta_t` the weight :math:`1-\beta_2`, so
    :math:`\theta_i` carries :math:`(1-\beta_2)\beta_2^{t-i}`. Corrected: divided by the
    paper's factor :math:`1-\beta_2^t`. Polyak: :math:`1/t`.
    """
    ema = (1 - beta2) * beta2 ** (t - i)
    return {"ema": ema, "ema_corrected": ema / (1 - beta2**t), "polyak": 1 / t}


def _generic(expr: sp.Expr) -> sp.Expr:
    """The generic branch of a Piecewise from a summation (beta2 != 1, beta2 != rho)."""
    expr = sp.piecewise_fold(expr)
    return expr.args[-1][0] if isinstance(expr, sp.Piecewise) else expr


class ParameterEMA(NamedTuple):
    """Section 7.2: the EMA of the iterates and its bias correction."""

    average: sp.Sum  # theta-bar_t = (1 - beta2) sum beta2^(t-i) theta_i
    weight_sum: sp.Expr  # sum of the EMA's weights: 1 - beta2^t
    constant_average: sp.Expr  # theta-bar_t for theta_i = c, by rsolve: c (1 - beta2^t)
    constant_corrected: sp.Expr  # theta-hat_t for theta_i = c: c
    corrected_weight_sum: sp.Expr  # the weights of theta-hat_t sum to 1
    residual: sp.Expr  # theta-bar_{t+1} - beta2 theta-bar_t - (1-beta2) theta_{t+1}: 0


def parameter_ema_correction() -> ParameterEMA:
    r"""Section 7.2's estimator, derived and checked three ways.

    - the unrolled sum :math:`\bar\theta_t = (1-\beta_2)\sum_{i\le t}\beta_2^{t-i}\theta_i`
      satisfies the recurrence for a *symbolic* t: peeling the last term off
      :math:`\bar\theta_{t+1}` leaves :math:`\beta_2\bar\theta_t`;
    - its weights sum to :math:`1-\beta_2^t` (SymPy sums them), so
      :math:`\hat\theta_t`'s weights sum to 1;
    - for a constant sequence :math:`\theta_i = c`, ``rsolve`` solves the recurrence
      outright: :math:`\bar\theta_t = c(1-\beta_2^t)`, :math:`\hat\theta_t = c` at every t.
    """
    weight = average_weights()["ema"]
    average = sp.Sum(weight * theta[i], (i, 1, t))
    following = sp.Sum(weight.subs(t, t + 1) * theta[i], (i, 1, t))  # theta-bar_{t+1}, i <= t
    last = weight.subs(t, t + 1).subs(i, t + 1) * theta[t + 1]  # and its last term
    peeled = sp.simplify(following.function - beta2 * average.function)  # 0 term by term
    residual = sp.simplify(peeled + last - (1 - beta2) * theta[t + 1])
    avg = sp.Function("theta_bar")
    constant = sp.rsolve(avg(t) - beta2 * avg(t - 1) - (1 - beta2) * c, avg(t), {avg(0): 0})
    weight_sum = sp.simplify(_generic(sp.summation(weight, (i, 1, t))))
    return ParameterEMA(
        average,
        weight_sum,
        sp.factor(constant),
        sp.simplify(constant / (1 - beta2**t)),
        sp.simplify(weight_sum / (1 - beta2**t)),  # SymPy's sum over the paper's factor
        residual,
    )


def average_errors() -> dict[str, tuple[sp.Expr, sp.Expr]]:
    r"""Bias and variance of each average on :math:`\theta_i = \theta^* + A\rho^i + \sigma\xi_i`.

    :math:`\xi_i` i.i.d. N(0, 1): a transient that decays geometrically, then noise that
    does not shrink (stochastic optimisation with a constant step). Each average is
    :math:`\sum_i w_i\theta_i`, so its bias is :math:`\sum_i w_i(\theta^* + A\rho^i) -
    \theta^*` and its variance :math:`\sigma^2\sum_i w_i^2`, summed by SymPy. Returns
    ``{name: (bias, variance)}`` for ``ema``, ``ema_corrected``, ``polyak``. The corrected
    EMA's weights are the EMA's over :math:`1-\beta_2^t`, a constant in i: its mean and
    variance are the EMA's divided by :math:`1-\beta_2^t` and its square.
    """
    return dict(_average_errors())  # a copy: the cached dict stays intact


@cache
def _average_errors() -> dict[str, tuple[sp.Expr, sp.Expr]]:
    weights = average_weights()
    means, variances = {}, {}
    for name in ("ema", "polyak"):
        mean = sp.summation(weights[name] * (target + amplitude * rho**i), (i, 1, t))
        means[name] = _generic(mean)
        variances[name] = _generic(sp.summation(sigma**2 * weights[name] ** 2, (i, 1, t)))
    correction = 1 - beta2**t
    means["ema_corrected"] = means["ema"] / correction
    variances["ema_corrected"] = variances["ema"] / correction**2
    return {
        name: (
            sp.factor(sp.simplify(means[name] - target)),
            sp.factor(sp.simplify(variances[name])),
        )
        for name in ("ema", "ema_corrected", "polyak")
    }
