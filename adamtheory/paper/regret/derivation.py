r"""SymPy derivations of notebook 04 (Section 4 and the Appendix), with the shared symbols.

Each function returns expressions the notebook shows; none hides a numerical shortcut.
"""

from __future__ import annotations

import sympy as sp

from ...core import validation
from ...core.symbols import beta2, c, g, i, t

__all__ = [
    "C",
    "G_inf",
    "T",
    "gamma",
    "lemma103_first_failure",
    "lemma103_scaling",
    "lemma104_geometric_step",
    "reddi_parked_regret",
    "v_hat_weights",
    "x",
]

# Symbols of this part only (the shared table, core.symbols, has no horizon, bound, gamma
# or Reddi's C): the lead may move them down.
T = sp.Symbol("T", positive=True, integer=True)
G_inf = sp.Symbol("G_infty", positive=True)
gamma = sp.Symbol("gamma", nonnegative=True)
x = sp.Symbol("x", real=True)
C = sp.Symbol("C", positive=True)


def lemma103_scaling() -> tuple[sp.Expr, sp.Expr]:
    r"""Both sides of Lemma 10.3 with every gradient scaled by c (so :math:`G_\infty \to cG_\infty`):
    the left side is linear in c, the right side quadratic."""
    lhs = sp.Sum(sp.sqrt((c * g[t]) ** 2 / t), (t, 1, T))
    rhs = 2 * (c * G_inf) * sp.sqrt(sp.Sum((c * g[t]) ** 2, (t, 1, T)))
    positive = sp.Q.positive(c)
    return sp.refine(sp.simplify(lhs.doit()), positive), sp.refine(sp.simplify(rhs), positive)


def lemma103_first_failure(G: int = 1, limit: int = 10**4) -> int:
    r"""The smallest T with :math:`\sqrt{H_T} > 2G_\infty` (exact harmonic numbers): from there
    on :math:`g_t = G_\infty/\sqrt t` (bounded by :math:`G_\infty`) breaks the lemma."""
    G = validation.count("G", G)
    limit = validation.count("limit", limit)
    for n in range(1, limit):
        if sp.harmonic(n) > 4 * G**2:
            return n
    raise ValueError(f"no T below {limit}")


def v_hat_weights() -> sp.Expr:
    r"""The weights of :math:`\hat v_t = \sum_{i\le t} \frac{(1-\beta_2)\beta_2^{t-i}}{1-\beta_2^t} g_i^2`
    sum to 1: so :math:`\sqrt{\hat v_t} \le G_\infty`, not :math:`G_\infty\sqrt{1-\beta_2}`."""
    total = sp.Sum((1 - beta2) * beta2 ** (t - i), (i, 1, t)).doit() / (1 - beta2**t)
    return sp.simplify(total)


def lemma104_geometric_step() -> tuple[sp.Expr, sp.Expr]:
    r"""The proof's step :math:`\sum_{j=0}^{T-t} t\gamma^j \le 1/(1-\gamma)^2`: the exact sum
    (t is a constant factor, not the summation index) and the claimed bound."""
    j = sp.Symbol("j", integer=True, nonnegative=True)
    exact = sp.simplify(sp.Sum(t * gamma**j, (j, 0, T - t)).doit())
    return exact, 1 / (1 - gamma) ** 2


def reddi_parked_regret() -> sp.Expr:
    r"""Average regret per round of a learner parked at x on Reddi's Theorem 1 sequence
    (:math:`Cx, -x, -x`), against :math:`x^* = -1`: :math:`(C-2)(x+1)/3`."""
    period = (C * x - x - x) - (C * (-1) + 1 + 1)
    return sp.factor(sp.simplify(period / 3))
