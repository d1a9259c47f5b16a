"""The one SymPy symbol table: every derivation of every part uses these symbols.

Two parts that each made their own ``g`` would build expressions whose difference
never simplifies to 0; importing the symbols from here makes them the same objects.
Assumptions follow the paper: t, i count steps from 1; alpha, epsilon are positive;
beta1, beta2 lie in (0, 1) (declared positive; derivations that need beta < 1
substitute or state it).
"""

from __future__ import annotations

import sympy as sp

__all__ = [
    "alpha",
    "beta1",
    "beta2",
    "c",
    "delta",
    "eps",
    "eps_hat",
    "g",
    "i",
    "is_zero",
    "kappa",
    "m_t",
    "p",
    "t",
    "theta",
    "v",
    "v_t",
]

t = sp.Symbol("t", positive=True, integer=True)  # the step, t = 1, 2, ...
i = sp.Symbol("i", positive=True, integer=True)  # summation index, 1 <= i <= t
alpha, eps, eps_hat = sp.symbols("alpha epsilon epsilon_hat", positive=True)
beta1, beta2 = sp.symbols("beta_1 beta_2", positive=True)
m_t, v_t = sp.symbols("m_t v_t", positive=True)  # the raw moments at step t
g = sp.IndexedBase("g", real=True)  # g[i]: the gradient at step i
v = sp.IndexedBase("v", positive=True)  # v[i]: the raw second moment at step i
theta = sp.IndexedBase("theta", real=True)  # theta[i]: the iterates (Section 7.2)
c = sp.Symbol("c", real=True)  # a constant (sequence value, gradient scale)
delta = sp.Symbol("delta", positive=True)  # beta2 = 1 - delta, delta -> 0+
kappa = sp.Symbol("kappa", positive=True)  # beta2 = exp(-kappa) in (0, 1)
p = sp.Symbol("p", positive=True)  # the L^p exponent of Section 7.1


def is_zero(expr: sp.Expr) -> bool:
    """True when SymPy simplifies ``expr`` to exactly 0 (a proof, not a float test)."""
    return sp.simplify(expr) == 0
