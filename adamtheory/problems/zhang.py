r"""Zhang et al. (NeurIPS 2022): Adam's (beta1, beta2) phase diagram on a convex problem.

the same period-n linear
  sequence, but on the whole line, continued for :math:`x < -1` by quadratics so
  that :math:`f = \sum_i f_i` is convex with a finite minimum:

  .. math::
      f_0(x) = \begin{cases} n x & x \ge -1 \\ \tfrac n2 (x+2)^2 - \tfrac{3n}2 & x < -1\end{cases},
      \qquad
      f_{i>0}(x) = \begin{cases} -x & x \ge -1 \\ -\tfrac12 (x+2)^2 + \tfrac32 & x < -1\end{cases},

  so :math:`f(x) = x` on :math:`x \ge -1` and :math:`\tfrac12(x+2)^2 - \tfrac32` below,
  :math:`x^* = -2`. Where Reddi's Adam gets stuck at the wall :math:`+1`, here it runs
  off to :math:`+\infty` (diverges) for small :math:`\beta_2`, and converges to
  :math:`-2` once :math:`\beta_2` is large enough for n: their phase transition.
  (Our reconstruction of their divergence example: the mechanism and the phase
  diagram are theirs; the quadratic continuation's constants are ours.)

"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..online import Comparator, OnlineProblem, Whole

__all__ = ["ZhangDivergence"]


# ----------------------------------------------------------------------------- Zhang et al.


class ZhangDivergence(OnlineProblem):
    r"""Zhang et al. (2022)'s setting: :math:`f = \sum_{i<n} f_i` on the whole line, cyclic order.

    Round t plays :math:`f_{(t-1) \bmod n}` (module docstring for the :math:`f_i`).
    On :math:`x \ge -1` it is Reddi's period-n linear sequence (gradients n, then
    n-1 times -1); for :math:`x < -1` the gradients are :math:`n(x+2)` and
    :math:`-(x+2)`, so one cycle's gradient sums to :math:`f'(x) = x + 2` there.
    Minimizer of f: :math:`x^* = -2`.
    """

    def __init__(self, n: int = 10):
        if not isinstance(n, int | np.integer) or n < 3:
            raise ValueError(f"n must be an integer >= 3, got {n!r}")
        self.n, self.dim, self.batch = int(n), 1, 1
        self.domain = Whole()
        self.x_star = -2.0

    def _weight(self, t: int) -> float:
        return float(self.n) if (t - 1) % self.n == 0 else -1.0

    def loss(self, t: int, theta: np.ndarray) -> np.ndarray:
        return self._weight(t) * self._shape(theta[:, 0])

    def grad(self, t: int, theta: np.ndarray) -> np.ndarray:
        x = theta[:, :1]
        return self._weight(t) * np.where(x >= -1, 1.0, x + 2.0)

    @staticmethod
    def _shape(x: np.ndarray) -> np.ndarray:
        """h(x) = x on x >= -1, (x+2)^2/2 - 3/2 below: f_0 = n h, f_i = -h."""
        return np.where(x >= -1, x, 0.5 * (x + 2.0) ** 2 - 1.5)

    def objective(self, x: Any) -> np.ndarray:
        r""":math:`f(x) = \sum_i f_i(x) = h(x)`: x on :math:`x \ge -1`, :math:`(x+2)^2/2 - 3/2` below."""
        return self._shape(np.asarray(x, dtype=np.float64))

    def total(self, T: int, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        full, rest = divmod(T, self.n)
        weight = (full + (rest > 0)) * self.n - (T - full - (rest > 0))
        x = theta[:, :1]
        return weight * self._shape(x[:, 0]), weight * np.where(x >= -1, 1.0, x + 2.0)

    def best_fixed(self, T: int) -> Comparator:
        r"""Closed form: the weighted sum is :math:`w\,h(x)`, :math:`w = n N_0 - N_1`
        (:math:`N_0` rounds of :math:`f_0`, :math:`N_1` of the others); for w > 0 its
        minimizer is :math:`x^* = -2`."""
        F, _ = self.total(T, np.array([[-2.0]]))
        if F[0] > 0:  # w <= 0: the sum is unbounded below on the whole line
            raise ValueError(f"the first {T} losses have no minimizer on the whole line")
        return Comparator(np.array([[-2.0]]), F, "exact", np.zeros(1))

    def __repr__(self) -> str:
        return f"ZhangDivergence(n={self.n})"
