r"""SymPy derivations of notebook 09 (symbols from :mod:`adamtheory.core.symbols`).

- :func:`theorem1_cycle`: with :math:`\beta_1 = 0` and the gradients repeating
  :math:`C, -1, -1` (Reddi et al.'s Theorem 1), Adam's :math:`v_t` settles into three
  values :math:`v_1, v_2, v_3` (right after C, then after each -1): three linear
  equations, solved exactly; ``c`` plays C.
- :func:`theorem1_drift`: the move per period divided by :math:`\alpha_t` (for large t
  :math:`\alpha_t` is almost constant within a period): Adam's
  :math:`-C/\sqrt{v_1} + 1/\sqrt{v_2} + 1/\sqrt{v_3}` and AMSGrad's
  :math:`(2 - C)/\sqrt{v_1}` (its :math:`\hat v` is the maximum, :math:`v_1`).
- :func:`period_regret_at_plus_one`: the regret of a period that starts at +1.
- :func:`amsgrad_middle_term_growth`: :math:`\sum_{i\le t}\sqrt i \sim \tfrac23 t^{3/2}`,
  why Theorem 4's middle term is vacuous for a constant :math:`\beta_1 > 0`.
"""

from __future__ import annotations

import sympy as sp

from ...core import validation
from ...core.symbols import beta2, c, i, t, v

__all__ = [
    "amsgrad_middle_term_growth",
    "period_regret_at_plus_one",
    "theorem1_cycle",
    "theorem1_drift",
]


def theorem1_cycle(theorem1_beta2: bool = True) -> dict[sp.Expr, sp.Expr]:
    r"""The stationary :math:`v_1, v_2, v_3` of the cycle :math:`C, -1, -1` (``c`` is C),
    at :math:`\beta_2 = 1/(1+C^2)` when ``theorem1_beta2`` (Theorem 1's choice), else
    as functions of :math:`\beta_2`."""
    equations = [
        sp.Eq(v[1], beta2 * v[3] + (1 - beta2) * c**2),
        sp.Eq(v[2], beta2 * v[1] + (1 - beta2)),
        sp.Eq(v[3], beta2 * v[2] + (1 - beta2)),
    ]
    solution = sp.solve(equations, [v[1], v[2], v[3]], dict=True)[0]
    if validation.flag("theorem1_beta2", theorem1_beta2):
        solution = {
            k: sp.factor(sp.simplify(e.subs(beta2, 1 / (1 + c**2)))) for k, e in solution.items()
        }
    return solution


def theorem1_drift() -> tuple[sp.Expr, sp.Expr]:
    r"""(Adam's, AMSGrad's) move per period over :math:`\alpha_t` at Theorem 1's
    :math:`\beta_2`: positive means toward +1, away from :math:`x^* = -1`."""
    s = theorem1_cycle()
    adam = -c / sp.sqrt(s[v[1]]) + 1 / sp.sqrt(s[v[2]]) + 1 / sp.sqrt(s[v[3]])
    amsgrad = (2 - c) / sp.sqrt(s[v[1]])
    return adam, amsgrad


def period_regret_at_plus_one(period: int | sp.Expr) -> sp.Expr:
    r"""The least regret against :math:`x^* = -1` of a period of length ``period`` (P) that
    starts at :math:`x = +1`: :math:`C(1+1) - (P-1)\cdot 2` (the other rounds pay at most
    :math:`x_t + 1 \le 2` each). P = 3 for Theorem 1 (:math:`2C - 4`), P = C for
    Theorem 2 (pass ``c``: 2 per period, so :math:`R/T \ge 2/C`)."""
    if isinstance(period, bool) or not isinstance(period, int | sp.Expr):
        raise TypeError(f"period must be an integer or a SymPy expression, got {period!r}")
    if isinstance(period, int):
        validation.count("period", period, 2)
    return sp.expand(c * 2 - (period - 1) * 2)


def amsgrad_middle_term_growth() -> sp.Expr:
    r""":math:`\int_0^t \sqrt i\,di = \tfrac23 t^{3/2}`, the order of
    :math:`\sum_{i\le t}\beta_1\hat v_i^{1/2}/\alpha_i \propto \sum_{i\le t}\sqrt i` in Theorem 4's
    middle term when :math:`\beta_{1,i} = \beta_1 > 0` is constant."""
    return sp.integrate(sp.sqrt(i), (i, 0, t))
