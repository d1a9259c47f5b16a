r"""Zhang et al.'s divergence example: the problem of their (beta1, beta2) phase diagram.

Zhang, Chen, Shi, Sun & Luo, *Adam Can Converge Without Any Modification on Update
Rules* (NeurIPS 2022), and Yushun Zhang's thesis, eq. (2.5): n functions with a
parameter :math:`a > 0`, on the whole line,

.. math::
    f_0(x) = (1 + (n-1)a)\,h(x), \qquad f_{i}(x) = -a\,h(x)\quad (i = 1..n-1),
    \qquad h(x) = \begin{cases} x & x \ge -1 \\ \tfrac12 (x+2)^2 - \tfrac32 & x < -1\end{cases},

so :math:`f = \sum_i f_i = h` is convex with its minimum at :math:`x^* = -2`. On
:math:`x \ge -1` this is Reddi's period-n linear sequence scaled by a (one large
gradient :math:`1 + (n-1)a`, n - 1 small ones :math:`-a`); below -1 the quadratic
continuation keeps f bounded below. Where Reddi's Adam is stuck at the wall
:math:`+1`, here it runs off to :math:`+\infty` for small :math:`\beta_2`.

Reconstructed: PAPER.md quotes the thesis's :math:`f_0, f_i` for :math:`x \ge -1`
and "quadratic continuation below"; the continuation's constants (value and slope
matched at -1, minimum of f at -2) are ours.

:class:`ZhangDivergence` plays the :math:`f_i` in cyclic order for
``adamtheory.online.run`` (the project's earlier variant); the sampled orders of the
source (random shuffling, uniform with replacement) are in
``adamtheory.paper.failures.phases``, which uses :meth:`ZhangDivergence.weights`
and :meth:`ZhangDivergence.shape_grad`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core import validation
from ..online import Comparator, OnlineProblem, Whole

__all__ = ["ZhangDivergence"]


class ZhangDivergence(OnlineProblem):
    r"""Zhang et al.'s n functions with parameter ``a`` (module docstring), cyclic order.

    Round t plays :math:`f_{(t-1) \bmod n}`. ``n`` >= 2 (an integer), ``a`` > 0.
    Minimizer of :math:`f = \sum_i f_i`: :math:`x^* = -2`.
    """

    def __init__(self, n: int = 10, a: float = 1.0):
        self.n = validation.count("n", n, 2)
        self.a = float(validation.positive("a", a))
        self.dim, self.batch = 1, 1
        self.domain = Whole()
        self.x_star = -2.0

    def weights(self) -> np.ndarray:
        r"""The factors :math:`w_i` with :math:`f_i = w_i h`: :math:`1 + (n-1)a`, then
        n - 1 times :math:`-a` (they sum to 1)."""
        w = np.full(self.n, -self.a)
        w[0] = 1.0 + (self.n - 1) * self.a
        return w

    def _weight(self, t: int) -> float:
        return float(self.weights()[(t - 1) % self.n])

    def loss(self, t: int, theta: np.ndarray) -> np.ndarray:
        return self._weight(t) * self.shape(theta[:, 0])

    def grad(self, t: int, theta: np.ndarray) -> np.ndarray:
        return self._weight(t) * self.shape_grad(theta[:, :1])

    @staticmethod
    def shape(x: Any) -> np.ndarray:
        """h(x) = x on x >= -1, (x+2)^2/2 - 3/2 below: f_i = w_i h."""
        x = np.asarray(x, dtype=np.float64)
        return np.where(x >= -1, x, 0.5 * (x + 2.0) ** 2 - 1.5)

    @staticmethod
    def shape_grad(x: Any) -> np.ndarray:
        """h'(x) = 1 on x >= -1, x + 2 below."""
        x = np.asarray(x, dtype=np.float64)
        return np.where(x >= -1, 1.0, x + 2.0)

    def objective(self, x: Any) -> np.ndarray:
        r""":math:`f(x) = \sum_i f_i(x) = h(x)`: x on :math:`x \ge -1`, :math:`(x+2)^2/2 - 3/2` below."""
        return self.shape(validation.real_array("x", x))

    def total(self, T: int, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        T = validation.count("T", T)
        full, rest = divmod(T, self.n)
        weight = full * 1.0 + float(np.sum(self.weights()[:rest]))
        x = theta[:, :1]
        return weight * self.shape(x[:, 0]), weight * self.shape_grad(x)

    def best_fixed(self, T: int) -> Comparator:
        r"""Closed form: the first T losses sum to :math:`w\,h(x)`; for w > 0 the minimizer
        is :math:`x^* = -2`; for w <= 0 the sum has no minimum on the line."""
        F, _ = self.total(T, np.array([[-2.0]]))
        if F[0] > 0:  # w <= 0: the sum is unbounded below on the whole line
            raise ValueError(f"the first {T} losses have no minimizer on the whole line")
        return Comparator(np.array([[-2.0]]), F, "exact", np.zeros(1))

    def __repr__(self) -> str:
        return f"ZhangDivergence(n={self.n}, a={self.a:g})"
