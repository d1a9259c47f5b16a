r"""SymPy: the efficient order of Section 2 and the :math:`\hat\epsilon` it needs.

All symbols come from :mod:`adamtheory.core.symbols`.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import sympy as sp

from ...core.symbols import alpha, beta1, beta2, eps, eps_hat, m_t, t, v_t

__all__ = ["EfficientOrder", "efficient_order"]


class EfficientOrder(NamedTuple):
    """Algorithm 1's step, the efficient-order step, and the eps-hat that equates them."""

    algorithm1_step: sp.Expr
    efficient_step: sp.Expr
    eps_hat_solution: sp.Expr  # eps sqrt(1 - beta2^t)
    residual: sp.Expr  # algorithm1_step - efficient_step at the solution; simplifies to 0
    depends_on_t: bool  # d(eps_hat_solution)/dt != 0: no constant eps-hat does it
    effective_eps: sp.Expr  # Algorithm 1's eps that a constant eps_hat amounts to at step t


@functools.cache
def efficient_order() -> EfficientOrder:
    r"""Derive the :math:`\hat\epsilon` for which the efficient order equals Algorithm 1.

    Algorithm 1: :math:`\Delta = -\alpha \hat m_t/(\sqrt{\hat v_t}+\epsilon)` with
    :math:`\hat m_t = m_t/(1-\beta_1^t)`, :math:`\hat v_t = v_t/(1-\beta_2^t)`.
    Efficient order (end of Section 2): :math:`\Delta = -\alpha_t m_t/(\sqrt{v_t}+\hat\epsilon)`
    with :math:`\alpha_t = \alpha\sqrt{1-\beta_2^t}/(1-\beta_1^t)`. Solving
    :math:`\Delta_{\text{Alg. 1}} = \Delta_{\text{eff}}` for :math:`\hat\epsilon` gives
    :math:`\hat\epsilon_t = \epsilon\sqrt{1-\beta_2^t}`, which depends on t. Read the
    other way, a constant :math:`\hat\epsilon` is Algorithm 1 with
    :math:`\epsilon_t = \hat\epsilon/\sqrt{1-\beta_2^t}` (31.6 times larger at t = 1 for
    :math:`\beta_2 = 0.999`).
    """
    # 1 - beta^t lies in (0, 1] for beta in [0, 1): two positive placeholders (not paper
    # symbols) let SymPy cancel sqrt(c2) * sqrt(1/c2); they are replaced at the end.
    c1, c2 = sp.symbols("c_1 c_2", positive=True)
    back = {c1: 1 - beta1**t, c2: 1 - beta2**t}
    m_hat, v_hat = m_t / c1, v_t / c2
    algorithm1_step = -alpha * m_hat / (sp.sqrt(v_hat) + eps)
    alpha_t = alpha * sp.sqrt(c2) / c1
    efficient_step = -alpha_t * m_t / (sp.sqrt(v_t) + eps_hat)
    (solution,) = sp.solve(sp.Eq(algorithm1_step, efficient_step), eps_hat)
    residual = sp.simplify(algorithm1_step - efficient_step.subs(eps_hat, solution))
    (effective,) = sp.solve(sp.Eq(algorithm1_step, efficient_step), eps)
    solution = sp.simplify(solution).subs(back)
    return EfficientOrder(
        algorithm1_step.subs(back),
        efficient_step.subs(back),
        solution,
        residual.subs(back),
        sp.simplify(sp.diff(solution, t)) != 0,
        sp.simplify(effective).subs(back),
    )
