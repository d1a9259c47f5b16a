"""SymPy derivations, each a function that returns expressions a notebook shows and a
test checks with ``simplify(result - expected) == 0``.

Symbols follow the paper: ``t`` the step, ``beta1``, ``beta2`` the decay rates,
``alpha`` the step size, ``eps`` Algorithm 1's epsilon.
"""

from __future__ import annotations

from typing import NamedTuple

import sympy as sp

__all__ = ["EfficientOrder", "alpha", "beta1", "beta2", "efficient_order", "eps", "eps_hat", "t"]

t = sp.Symbol("t", positive=True, integer=True)
alpha, eps, eps_hat = sp.symbols("alpha epsilon epsilon_hat", positive=True)
beta1, beta2 = sp.symbols("beta_1 beta_2", positive=True)
m_t, v_t = sp.symbols("m_t v_t", positive=True)


class EfficientOrder(NamedTuple):
    """Algorithm 1's step, the efficient-order step, and the eps-hat that equates them."""

    algorithm1_step: sp.Expr
    efficient_step: sp.Expr
    eps_hat_solution: sp.Expr
    residual: sp.Expr  # algorithm1_step - efficient_step at the solution; simplifies to 0


def efficient_order() -> EfficientOrder:
    r"""Derive the :math:`\hat\epsilon` for which the efficient order equals Algorithm 1.

    Algorithm 1: :math:`\Delta = -\alpha \hat m_t/(\sqrt{\hat v_t}+\epsilon)` with
    :math:`\hat m_t = m_t/(1-\beta_1^t)`, :math:`\hat v_t = v_t/(1-\beta_2^t)`.
    Efficient order (end of Section 2): :math:`\Delta = -\alpha_t m_t/(\sqrt{v_t}+\hat\epsilon)`
    with :math:`\alpha_t = \alpha\sqrt{1-\beta_2^t}/(1-\beta_1^t)`. Solving
    :math:`\Delta_{\text{Alg. 1}} = \Delta_{\text{eff}}` for :math:`\hat\epsilon` gives
    :math:`\hat\epsilon_t = \epsilon\sqrt{1-\beta_2^t}`, which depends on t.
    """
    # 1 - beta^t lies in (0, 1] for beta in [0, 1): positive symbols let SymPy
    # cancel sqrt(c2) * sqrt(1/c2); they are replaced by their values at the end.
    c1, c2 = sp.symbols("c_1 c_2", positive=True)
    back = {c1: 1 - beta1**t, c2: 1 - beta2**t}
    m_hat, v_hat = m_t / c1, v_t / c2
    algorithm1_step = -alpha * m_hat / (sp.sqrt(v_hat) + eps)
    alpha_t = alpha * sp.sqrt(c2) / c1
    efficient_step = -alpha_t * m_t / (sp.sqrt(v_t) + eps_hat)
    (solution,) = sp.solve(sp.Eq(algorithm1_step, efficient_step), eps_hat)
    residual = sp.simplify(algorithm1_step - efficient_step.subs(eps_hat, solution))
    return EfficientOrder(
        algorithm1_step.subs(back),
        efficient_step.subs(back),
        sp.simplify(solution).subs(back),
        residual.subs(back),
    )
