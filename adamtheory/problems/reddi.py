r"""Reddi's counterexamples: the problems on which Adam fails, Reddi, Kale & Kumar (ICLR 2018).

Reddi et al.'s framework (their Algorithm 1) is projected online learning on
:math:`\mathcal F = [-1, 1]` with :math:`\alpha_t = \alpha/\sqrt t`,
:math:`m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t`, :math:`v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2`,
:math:`x_{t+1} = \Pi_{\mathcal F}(x_t - \alpha_t m_t/\sqrt{v_t})`: Adam without bias
correction and without :math:`\epsilon` ("our arguments also apply to the debiased
version"; the runs here check both, and :math:`\epsilon > 0`).

- **Theorem 1** (:func:`reddi_theorem1`): :math:`f_t(x) = Cx` if :math:`t \bmod 3 = 1`,
  else :math:`-x`, :math:`C > 2`, with :math:`\beta_1 = 0`, :math:`\beta_2 = 1/(1+C^2)`.
  Over a period the gradients sum to :math:`C - 2 > 0`, so :math:`x^* = -1`; Adam
  drifts to :math:`+1`: one large gradient C is forgotten within a period, two small
  ones (-1) each get a full-size step.
- **Theorem 2** (:func:`reddi_theorem2`): for every :math:`\beta_1 < \sqrt{\beta_2}`,
  :math:`f_t(x) = Cx` if :math:`t \bmod C = 1`, else :math:`-x`, with the period
  :math:`C \in 2\mathbb N` chosen (their proof, Appendix) so that, with
  :math:`\gamma = \beta_1/\sqrt{\beta_2} < 1`,

  .. math::
      (1-\beta_1)\beta_1^{C-1} C \le 1-\beta_1^{C-1}, \qquad
      \beta_2^{(C-2)/2} C^2 \le 1, \qquad
      \frac{3(1-\beta_1)}{2\sqrt{1-\beta_2}}\Big(1 + \frac{\gamma(1-\gamma^{C-1})}{1-\gamma}\Big)
      + \frac{\beta_1^{C/2-1}}{1-\beta_1} < \frac C3.

  Sources: at :math:`\beta_1 = 0` the second and third reduce to
  :math:`\beta_2 \le C^{-4/(C-2)}` and :math:`\beta_2 < 1 - (9/(2C))^2`, the bound
  quoted from Reddi et al. in ``bourbaki-blogchain/bourbaki-blogchain.github.io``
  (``_posts/2022-03-25-does-adam.md``; ``tests/problems`` checks the reduction); the
  :math:`\beta_1`-dependent parts (the first condition, the :math:`\gamma` and
  :math:`\beta_1^{C/2-1}` terms) are not in a stored source and are reconstructed.
  :func:`reddi_theorem2_conditions` evaluates them (vectorized, for overlays);
  :func:`reddi_theorem2_period` returns the smallest even C that meets all three.
  Over a period the gradients sum to 1, so :math:`x^* = -1` and a learner parked
  at :math:`+1` pays :math:`2/C` per round.
- **Theorem 3** (:func:`reddi_theorem3`): i.i.d. :math:`f_t(x) = Cx` with probability
  :math:`p = (1+\delta)/(C+1)`, else :math:`-x`; the expected loss is
  :math:`F(x) = \delta x`, minimized at :math:`-1`. Their proof takes C "large
  enough" that Adam's expected step :math:`E[\Delta_t] \ge 0`;
  :func:`reddi_theorem3_constant` finds the smallest such C on a grid by
  evaluating :math:`E[m_t/\sqrt{v_t}]` at stationarity (Monte Carlo, seeded).
Every problem follows :mod:`adamtheory.online`'s protocol; the linear ones also
offer ``linear_gradients(ts)`` for :mod:`adamtheory.online.fast`.
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

import numpy as np

from ..core import validation
from ..core.ema import ema
from ..online import Box, Comparator, OnlineProblem
from .linear import LinearLosses

__all__ = [
    "PeriodicLinear",
    "StochasticLinear",
    "Theorem1Witness",
    "WITNESS_ALPHA",
    "expected_direction",
    "reddi_theorem1",
    "reddi_theorem1_betas",
    "reddi_theorem1_witness",
    "reddi_theorem2",
    "reddi_theorem2_conditions",
    "reddi_theorem2_period",
    "reddi_theorem3",
    "reddi_theorem3_constant",
    "reddi_synthetic",
]


# ----------------------------------------------------------------------------- Theorems 1, 2


class PeriodicLinear(LinearLosses):
    r"""Reddi's sequence :math:`f_t(x) = Cx` if :math:`t \bmod P = 1`, else :math:`-x`, on [-1, 1].

    Theorem 1 is P = 3, Theorem 2 is P = C. Over a period the gradients sum to
    :math:`C - (P-1)`; for :math:`C > P - 1` the best fixed point is :math:`x^* = -1`.
    A learner at :math:`x` pays :math:`(x+1)(C-P+1)/P` per round on average
    above :math:`x^*` (see :meth:`parked_regret`).
    """

    def __init__(self, C: float, period: int):
        C = _coefficient("C", C)
        period = validation.count("period", period, 2)
        if C <= period - 1:
            raise ValueError(
                f"C must exceed period - 1 = {period - 1} (else x* is not -1), got {C}"
            )
        coefficients = -np.ones((int(period), 1))
        coefficients[0] = C
        super().__init__(coefficients, domain=Box(1.0))
        self.C = C

    def linear_gradients(self, ts: np.ndarray) -> np.ndarray:
        """:math:`g_t` for the rounds ``ts``: shape (len(ts), 1, 1)."""
        return np.moveaxis(self.coefficients[:, (np.asarray(ts) - 1) % self.period], 1, 0)

    def parked_regret(self, x: float = 1.0) -> float:
        """The average regret per round of a learner that stays at ``x``: (x+1)(C-P+1)/P."""
        x = validation.in_interval("x", x, -1.0, 1.0, closed_high=True)
        return (x + 1.0) * (self.C - self.period + 1) / self.period

    def __repr__(self) -> str:
        return f"PeriodicLinear(C={self.C:g}, period={self.period})"


MAX_COEFFICIENT = 1e100
"""Largest gradient coefficient accepted: regrets sum C over up to ~1e8 rounds and square
it in v_t, which must stay finite in float64 (1e100**2 * 1e8 < 1.8e308)."""


def _coefficient(name: str, value: Any) -> float:
    value = validation.positive(name, value)
    if value > MAX_COEFFICIENT:
        raise ValueError(f"{name} must be at most {MAX_COEFFICIENT:g}, got {value!r}")
    return value


def reddi_theorem1(C: float = 3.0) -> PeriodicLinear:
    r"""Reddi et al.'s Theorem 1 problem: :math:`f_t = Cx` once every 3 rounds, else :math:`-x`
    (C > 2). Pair it with :func:`reddi_theorem1_betas`."""
    if validation.positive("C", C) <= 2:
        raise ValueError(f"C must exceed 2 (Theorem 1), got {C}")
    return PeriodicLinear(C, 3)


def reddi_theorem1_betas(C: float = 3.0) -> tuple[float, float]:
    r"""Theorem 1's hyperparameters :math:`(\beta_1, \beta_2) = (0, 1/(1+C^2))`."""
    return 0.0, 1.0 / (1.0 + _coefficient("C", C) ** 2)


class Theorem1Witness(NamedTuple):
    """The one setting in which every part of the project runs Reddi's Theorem 1."""

    problem: PeriodicLinear
    beta1: float
    beta2: float
    alpha: float  # alpha_t = alpha / sqrt(t)
    theta0: float  # x_1


WITNESS_ALPHA = 0.1
"""The base step of :math:`\\alpha_t = \\alpha/\\sqrt t` on Reddi's problems. Their
theorems hold for every alpha; one value keeps the notebooks, the ledger and the
README on the same numbers (where R(T) first exceeds Theorem 4.1's bound, say)."""


def reddi_theorem1_witness(C: float = 3.0) -> Theorem1Witness:
    """Theorem 1's problem, its betas, :data:`WITNESS_ALPHA` and :math:`x_1 = 1`."""
    beta1, beta2 = reddi_theorem1_betas(C)
    return Theorem1Witness(reddi_theorem1(C), beta1, beta2, WITNESS_ALPHA, 1.0)


def reddi_theorem2_conditions(C: Any, beta1: Any, beta2: Any) -> dict[str, np.ndarray]:
    r"""The three conditions on the period C of Reddi et al.'s proof of Theorem 2.

    Returns boolean arrays (broadcast over C, beta1, beta2) under the keys
    ``"momentum"``: :math:`(1-\beta_1)\beta_1^{C-1}C \le 1-\beta_1^{C-1}`;
    ``"forgetting"``: :math:`\beta_2^{(C-2)/2} C^2 \le 1` (the large gradient is
    forgotten within half a period); ``"drift"``: the third inequality of the
    module docstring; ``"even"``: C even; and ``"all"``. Points with
    :math:`\beta_1 \ge \sqrt{\beta_2}` (outside the theorem) are False.
    """
    b1, b2 = validation.betas(beta1, beta2)
    C = np.asarray(validation.positive("C", C), dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        gamma = b1 / np.sqrt(b2)
        inside = gamma < 1
        b1_pow = np.power(b1, C - 1)
        momentum = (1 - b1) * b1_pow * C <= 1 - b1_pow
        forgetting = np.power(b2, (C - 2) / 2) * C**2 <= 1
        geometric = np.where(gamma > 0, gamma * (1 - gamma ** (C - 1)) / (1 - gamma), 0.0)
        lhs = 3 * (1 - b1) / (2 * np.sqrt(1 - b2)) * (1 + geometric)
        lhs = lhs + np.power(b1, C / 2 - 1) / (1 - b1)
        drift = lhs < C / 3
    even = np.mod(C, 2) == 0
    out = {
        "momentum": momentum & inside,
        "forgetting": forgetting & inside,
        "drift": drift & inside,
        "even": np.broadcast_to(even, np.shape(momentum)),
    }
    out["all"] = out["momentum"] & out["forgetting"] & out["drift"] & out["even"]
    return out


def reddi_theorem2_period(beta1: float, beta2: float, C_max: int = 10**8) -> int:
    r"""The smallest even C meeting :func:`reddi_theorem2_conditions` (:math:`\beta_1 < \sqrt{\beta_2}`).

    The conditions fail for small C and hold for all large C; the search doubles C
    until they hold, then bisects over even C (checking the answer directly).
    """
    b1, b2 = (float(b) for b in validation.betas(beta1, beta2))
    C_max = validation.count("C_max", C_max, 4)
    if not b1 < np.sqrt(b2):
        raise ValueError(f"Theorem 2 needs beta1 < sqrt(beta2), got {beta1}, {beta2}")

    def holds(C: int) -> bool:
        return bool(reddi_theorem2_conditions(C, b1, b2)["all"])

    high = 4
    while not holds(high):
        high *= 2
        if high > C_max:
            raise ValueError(
                f"no period C <= C_max = {C_max} meets the conditions for {beta1}, {beta2}"
            )
    low = max(2, high // 2)  # low fails or is below 4; find the first even C that holds
    while high - low > 2:
        mid = (low + high) // 2 // 2 * 2
        if holds(mid):
            high = mid
        else:
            low = mid
    C = high
    while C - 2 >= 4 and holds(C - 2):  # the conditions are monotone in practice; make sure
        C -= 2
    return C


def reddi_theorem2(beta1: float, beta2: float) -> PeriodicLinear:
    r"""Theorem 2's problem for :math:`(\beta_1, \beta_2)`: period and large gradient
    C = :func:`reddi_theorem2_period`."""
    C = reddi_theorem2_period(beta1, beta2)
    return PeriodicLinear(float(C), C)


# ----------------------------------------------------------------------------- Theorem 3


class StochasticLinear(OnlineProblem):
    r"""Reddi's Theorem 3: i.i.d. :math:`f_t(x) = Cx` w.p. :math:`p = (1+\delta)/(C+1)`, else :math:`-x`.

    On [-1, 1]; :math:`E f_t(x) = F(x) = \delta x`, minimized at :math:`x = -1`.
    ``batch`` independent sequences (seeded): the draws of round t come from
    block ``(t-1) // BLOCK`` of a generator seeded with ``(seed, block)``, so any
    round can be read in any order (the generic runner round by round, the fast
    path in chunks) and gives the same gradients.
    """

    BLOCK = 1 << 16

    def __init__(self, C: float, delta: float = 1.0, batch: int = 1, seed: int = 0):
        self.C = validation.positive("C", C)
        self.delta = validation.positive("delta", delta)
        if self.delta >= self.C:
            raise ValueError(f"delta must be below C (p < 1), got delta={delta}, C={C}")
        batch = validation.count("batch", batch)
        self.p = (1 + self.delta) / (self.C + 1)
        self.batch, self.dim, self.seed = batch, 1, validation.count("seed", seed, 0)
        self.domain = Box(1.0)
        self.G = self.G_inf = self.C
        self._cache: dict[int, np.ndarray] = {}

    def _block(self, b: int) -> np.ndarray:
        """The gradients of block b: (batch, BLOCK)."""
        if b not in self._cache:
            if len(self._cache) > 4:
                self._cache.clear()
            rng = np.random.default_rng([self.seed, b])
            big = rng.random((self.batch, self.BLOCK)) < self.p
            self._cache[b] = np.where(big, self.C, -1.0)
        return self._cache[b]

    def linear_gradients(self, ts: np.ndarray) -> np.ndarray:
        """:math:`g_t` for the rounds ``ts``: (len(ts), batch, 1)."""
        ts = np.asarray(ts) - 1
        out = np.empty((ts.size, self.batch))
        blocks = ts // self.BLOCK
        for b in np.unique(blocks):
            here = blocks == b
            out[here] = self._block(int(b))[:, ts[here] % self.BLOCK].T
        return out[:, :, None]

    def loss(self, t: int, theta: np.ndarray) -> np.ndarray:
        return self.linear_gradients(np.array([t]))[0][:, 0] * theta[:, 0]

    def grad(self, t: int, theta: np.ndarray) -> np.ndarray:
        return np.broadcast_to(self.linear_gradients(np.array([t]))[0], theta.shape)

    def gradient_sum(self, ts: Any) -> np.ndarray:
        r""":math:`S_t = \sum_{s\le t} g_s` for each t of ``ts``: (len(ts), batch)."""
        ts = np.atleast_1d(np.asarray(ts, dtype=np.int64))
        last = int(ts.max())
        out = np.empty((ts.size, self.batch))
        total = np.zeros(self.batch)
        for b in range(-(-last // self.BLOCK)):
            start = b * self.BLOCK
            block = np.cumsum(self._block(b), axis=1) + total[:, None]
            here = (ts > start) & (ts <= start + self.BLOCK)
            out[here] = block[:, ts[here] - start - 1].T
            total = block[:, -1]
        return out

    def prefix_best_total(self, ts: Any) -> np.ndarray:
        """:math:`\\min_{|x|\\le 1} S_t x = -|S_t|`: (len(ts), batch)."""
        return -np.abs(self.gradient_sum(ts))

    def best_fixed(self, T: int) -> Comparator:
        S = self.gradient_sum([T])[0]
        theta = -np.sign(S)[:, None]
        return Comparator(theta, -np.abs(S), "exact", np.zeros(self.batch))

    def expected_suboptimality(self, theta: Any) -> np.ndarray:
        r""":math:`F(x) - F(-1) = \delta (x + 1)`."""
        return self.delta * (np.asarray(theta, dtype=np.float64) + 1.0)

    def __repr__(self) -> str:
        return f"StochasticLinear(C={self.C:g}, delta={self.delta:g}, p={self.p:.4g}, batch={self.batch})"


def expected_direction(
    C: float, delta: float, beta1: float, beta2: float, n: int = 1 << 20, seed: int = 0
) -> tuple[float, float]:
    r"""Monte Carlo estimate of :math:`E[m_t/\sqrt{v_t}]` at stationarity, and its standard error.

    Adam's expected step is :math:`E[\Delta_t] = -\alpha_t E[m_t/\sqrt{v_t}]`: a
    negative value here means Adam drifts *away* from :math:`x^* = -1`. One long
    seeded sequence, the moments by ``core.ema.ema``, the first
    :math:`\lceil 40/(1-\beta_2)\rceil` rounds dropped (burn-in), and a standard
    error from 64 batch means.
    """
    C, delta = validation.positive("C", C), validation.positive("delta", delta)
    b1, b2 = (float(b) for b in validation.betas(beta1, beta2))
    n = validation.count("n", n, 128)
    rng = np.random.default_rng(validation.count("seed", seed, 0))
    if delta >= C:
        raise ValueError(f"delta must be below C (p < 1), got delta={delta}, C={C}")
    beta1, beta2 = b1, b2
    p = (1 + delta) / (C + 1)
    g = np.where(rng.random(n) < p, C, -1.0)
    m = ema(g, beta1)
    v = ema(g * g, beta2)
    burn = min(n // 2, int(np.ceil(40 / (1 - max(beta1, beta2)))))
    ratio = (m / np.sqrt(v))[burn:]
    means = ratio[: ratio.size // 64 * 64].reshape(64, -1).mean(axis=1)
    return float(ratio.mean()), float(means.std(ddof=1) / 8.0)


def reddi_theorem3_constant(
    beta1: float, beta2: float, delta: float = 1.0, seed: int = 0
) -> float:
    r"""The smallest C in 3, 4, 6, 8, 12, 16, ... (factors of :math:`\sqrt 2`, rounded) for
    which Adam's expected step points away from the optimum by more than three standard
    errors: :math:`E[m_t/\sqrt{v_t}] < -3\,\mathrm{se}` (:func:`expected_direction`),
    the inequality :math:`E[\Delta_t] \ge 0` of Reddi et al.'s proof of Theorem 3."""
    b1, b2 = (float(b) for b in validation.betas(beta1, beta2))
    delta = validation.positive("delta", delta)
    if not b1 < np.sqrt(b2):
        raise ValueError(f"Theorem 3 needs beta1 < sqrt(beta2), got {beta1}, {beta2}")
    return _theorem3_constant(b1, b2, float(delta), validation.count("seed", seed, 0))


@functools.lru_cache(maxsize=64)
def _theorem3_constant(b1: float, b2: float, delta: float, seed: int) -> float:
    """The search of :func:`reddi_theorem3_constant` on validated (hashable) arguments."""
    for k in range(2, 60):
        C = float(np.round(2 ** (k / 2)))
        if C <= delta + 1:
            continue
        mean, se = expected_direction(C, delta, float(b1), float(b2), seed=seed)
        if mean < -3 * se:
            return C
    raise ValueError(f"no C up to 2^30 makes the expected step point away for delta={delta}")


def reddi_theorem3(
    beta1: float = 0.0, beta2: float = 0.9, delta: float = 1.0, batch: int = 1, seed: int = 0
) -> StochasticLinear:
    r"""Theorem 3's stochastic problem with C = :func:`reddi_theorem3_constant`."""
    return StochasticLinear(reddi_theorem3_constant(beta1, beta2, delta), delta, batch, seed)


# ----------------------------------------------------------------------------- Section 5


def reddi_synthetic(large: float = 1010.0, small: float = 10.0, period: int = 101) -> LinearLosses:
    r"""Reddi et al.'s Section 5 synthetic problem: :math:`f_t(x) = 1010x` once every 101
    rounds (:math:`t \bmod 101 = 1`), else :math:`-10x`, on [-1, 1] (they run it with
    :math:`\beta = (0.9, 0.99)`). Over a period the gradients sum to
    ``large - (period-1) * small`` (10 > 0), so :math:`x^* = -1`."""
    large, small = _coefficient("large", large), _coefficient("small", small)
    period = validation.count("period", period, 2)
    if large <= (period - 1) * small:
        raise ValueError(
            f"large must exceed (period - 1) * small = {(period - 1) * small:g} (x* = -1)"
        )
    coefficients = np.full((period, 1), -small)
    coefficients[0] = large
    return LinearLosses(coefficients, domain=Box(1.0))
