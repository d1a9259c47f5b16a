r"""Monte Carlo checks of Section 3 (bias correction), vectorized over many sequences.

Section 3 claims :math:`E[v_t] = E[g_t^2](1-\beta_2^t) + \zeta`, with :math:`\zeta = 0`
for a stationary second moment, so that :math:`\hat v_t = v_t/(1-\beta_2^t)` (and
likewise :math:`\hat m_t`) is unbiased. Here the moments of ``optim.adam`` are run on
``sequences`` independent gradient sequences at once (one array axis), for several
gradient models at once (another axis), and their sample means are compared with the
truth with standard errors.

The truth: expectation is linear, so :math:`E[v_t] = \beta_2 E[v_{t-1}] +
(1-\beta_2) E[g_t^2]` exactly; :func:`ema_expectation` runs that recursion on the
model's known moments. For the drifting models, :math:`\zeta` is also evaluated from
the SymPy closed forms of ``symbolic.linear_drift_zeta`` / ``geometric_drift_zeta``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import sympy as sp
from scipy import stats

from . import optim, symbolic

__all__ = [
    "QUANTITIES",
    "SEED",
    "GradientModel",
    "MomentsMC",
    "StepSizes",
    "average_iterates",
    "bonferroni_z",
    "ema_expectation",
    "geometric_drift_gradients",
    "heavy_tailed_gradients",
    "linear_drift_gradients",
    "monte_carlo_moments",
    "noisy_converging_sequence",
    "sparse_gradients",
    "standard_models",
    "stationary_gradients",
    "step_sizes_first_steps",
    "zeta_formula",
]

SEED = 20150103
QUANTITIES = ("m_hat", "v", "v_hat")  # what the Monte Carlo estimates at every t


class GradientModel(NamedTuple):
    """A distribution of gradient sequences with known moments.

    ``sample(rng, t, n)`` draws :math:`g_t` for n independent sequences;
    ``mean(t)`` and ``second_moment(t)`` are :math:`E[g_t]` and :math:`E[g_t^2]` for
    an integer array t; ``zeta(t, beta2)`` is Section 3's :math:`\\zeta_t` from the
    SymPy closed form (0 for the stationary models).
    """

    name: str
    sample: Callable[[np.random.Generator, int, int], np.ndarray]
    mean: Callable[[np.ndarray], np.ndarray]
    second_moment: Callable[[np.ndarray], np.ndarray]
    zeta: Callable[[np.ndarray, float], np.ndarray]


def _no_zeta(t, beta2):
    return np.zeros(np.shape(t))


def _constant(value):
    return lambda t: np.full(np.shape(t), float(value))


def _positive(name, value):
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def stationary_gradients(mu=0.5, sigma=1.0) -> GradientModel:
    """:math:`g_t \\sim N(\\mu, \\sigma^2)`: :math:`E[g^2] = \\mu^2 + \\sigma^2` for every t."""
    sigma = _positive("sigma", sigma)
    return GradientModel(
        "stationary",
        lambda rng, t, n: mu + sigma * rng.standard_normal(n),
        _constant(mu),
        _constant(mu * mu + sigma * sigma),
        _no_zeta,
    )


def linear_drift_gradients(mu=0.5, variance0=1.0, drift=0.05) -> GradientModel:
    """:math:`g_t = \\mu + \\sqrt{\\sigma_0^2 + \\delta t}\\,z`: :math:`E[g_t^2] = s + \\delta t`
    with :math:`s = \\mu^2 + \\sigma_0^2`, the linear drift of ``symbolic.linear_drift_zeta``."""
    variance0, drift = _positive("variance0", variance0), _positive("drift", drift)
    s = mu * mu + variance0
    zeta = _lambdify_zeta(symbolic.linear_drift_zeta()["zeta"], {"s": s, "delta": drift})
    return GradientModel(
        "linear drift",
        lambda rng, t, n: mu + np.sqrt(variance0 + drift * t) * rng.standard_normal(n),
        _constant(mu),
        lambda t: s + drift * np.asarray(t, dtype=float),
        zeta,
    )


def geometric_drift_gradients(mu=0.5, sigma=1.0, rho=0.98) -> GradientModel:
    """:math:`g_t = \\rho^{t/2}(\\mu + \\sigma z)`: :math:`E[g_t^2] = (\\mu^2+\\sigma^2)\\rho^t`,
    a second moment that decays (rho < 1) as it does when training converges."""
    sigma, rho = _positive("sigma", sigma), _positive("rho", rho)
    s = mu * mu + sigma * sigma
    zeta = _lambdify_zeta(symbolic.geometric_drift_zeta()["zeta"], {"s": s, "rho": rho})
    return GradientModel(
        "geometric drift",
        lambda rng, t, n: rho ** (t / 2) * (mu + sigma * rng.standard_normal(n)),
        lambda t: mu * rho ** (np.asarray(t) / 2),
        lambda t: s * rho ** np.asarray(t, dtype=float),
        zeta,
    )


def sparse_gradients(density=0.05, mu=0.5, sigma=1.0) -> GradientModel:
    """:math:`g_t = b_t(\\mu + \\sigma z)`, :math:`b_t \\sim` Bernoulli(density): the
    sparse case for which Section 3 recommends :math:`\\beta_2` near 1."""
    density, sigma = _positive("density", density), _positive("sigma", sigma)
    if density > 1:
        raise ValueError(f"density must lie in (0, 1], got {density!r}")
    return GradientModel(
        "sparse",
        lambda rng, t, n: (rng.random(n) < density) * (mu + sigma * rng.standard_normal(n)),
        _constant(density * mu),
        _constant(density * (mu * mu + sigma * sigma)),
        _no_zeta,
    )


def heavy_tailed_gradients(dof=5.0, mu=0.5) -> GradientModel:
    """:math:`g_t = \\mu + T_\\nu`, Student's t with :math:`\\nu` degrees of freedom.

    :math:`E[g^2] = \\mu^2 + \\nu/(\\nu-2)` needs :math:`\\nu > 2`; a confidence interval
    for the mean of :math:`v_t` needs :math:`\\mathrm{Var}(g^2) < \\infty`, i.e. :math:`\\nu > 4`.
    (Cauchy gradients, :math:`\\nu = 1`, have no :math:`E[g^2]`: Section 3 says nothing then.)
    """
    dof = _positive("dof", dof)
    if dof <= 4:
        raise ValueError(f"dof must exceed 4 (finite Var(g^2)), got {dof!r}")
    return GradientModel(
        "heavy-tailed",
        lambda rng, t, n: mu + rng.standard_t(dof, n),
        _constant(mu),
        _constant(mu * mu + dof / (dof - 2)),
        _no_zeta,
    )


def standard_models() -> tuple[GradientModel, ...]:
    """The five models of the ledger and notebook 03, in their default parameters."""
    return (
        stationary_gradients(),
        linear_drift_gradients(),
        geometric_drift_gradients(),
        sparse_gradients(),
        heavy_tailed_gradients(),
    )


def _lambdify_zeta(zeta: sp.Expr, values: dict[str, float]):
    names = {s.name: s for s in zeta.free_symbols}
    fixed = zeta.subs({names[k]: v for k, v in values.items() if k in names})
    f = sp.lambdify((symbolic.t, symbolic.beta2), fixed, "numpy")
    return lambda t, beta2: np.asarray(f(np.asarray(t, dtype=float), beta2), dtype=float)


def ema_expectation(values: np.ndarray, beta: float) -> np.ndarray:
    r""":math:`E[x_t]` for :math:`x_t = \beta x_{t-1} + (1-\beta) y_t`, :math:`x_0 = 0`, from
    :math:`E[y_1], \dots, E[y_T]` given along axis 0 (exact: expectation is linear)."""
    values = np.asarray(values, dtype=float)
    out, x = np.empty_like(values), np.zeros(values.shape[1:])
    for k, y in enumerate(values):
        x = beta * x + (1 - beta) * y
        out[k] = x
    return out


class MomentsMC(NamedTuple):
    """Monte Carlo means, standard errors and the truth, each of shape (steps, models)."""

    t: np.ndarray
    names: tuple[str, ...]
    mean: dict[str, np.ndarray]  # keys QUANTITIES
    se: dict[str, np.ndarray]
    truth: dict[str, np.ndarray]
    second_moment: np.ndarray  # E[g_t^2], (steps, models)
    beta1: float
    beta2: float
    sequences: int

    def z(self, quantity: str) -> np.ndarray:
        """(mean - truth) / standard error: approximately N(0, 1) at each t and model."""
        return (self.mean[quantity] - self.truth[quantity]) / self.se[quantity]

    def max_abs_z(self) -> float:
        return float(max(np.max(np.abs(self.z(q))) for q in QUANTITIES))

    def comparisons(self) -> int:
        return len(QUANTITIES) * self.t.size * len(self.names)

    def zeta_measured(self) -> tuple[np.ndarray, np.ndarray]:
        r""":math:`\hat\zeta_t = \overline{v_t} - E[g_t^2](1-\beta_2^t)` and its standard error."""
        bias = (1 - self.beta2**self.t)[:, None]
        return self.mean["v"] - self.second_moment * bias, self.se["v"]


def monte_carlo_moments(
    models=None, beta1=0.9, beta2=0.999, steps=100, sequences=100_000, seed=SEED
) -> MomentsMC:
    r"""Run Adam's moments on ``sequences`` gradient sequences of every model at once.

    The state of ``optim.adam(beta1, beta2)`` holds :math:`m_t, v_t` for an array of
    shape (models, sequences); :math:`\hat m_t = m_t/(1-\beta_1^t)`,
    :math:`\hat v_t = v_t/(1-\beta_2^t)`. At every t the sample mean and the standard
    error (sample sd / sqrt(sequences)) of :math:`\hat m_t, v_t, \hat v_t` are kept,
    next to the truth from :func:`ema_expectation`.
    """
    models = standard_models() if models is None else tuple(models)
    if steps < 1 or sequences < 2:
        raise ValueError(f"steps must be >= 1 and sequences >= 2, got {steps}, {sequences}")
    rng = np.random.default_rng(seed)
    opt = optim.adam(beta1=beta1, beta2=beta2)
    state = opt.init(np.zeros((len(models), sequences)))
    ts = np.arange(1, steps + 1)
    mean = {q: np.empty((steps, len(models))) for q in QUANTITIES}
    se = {q: np.empty((steps, len(models))) for q in QUANTITIES}
    for k, t in enumerate(ts):
        g = np.stack([model.sample(rng, t, sequences) for model in models])
        _, state = opt.update(g, state)
        values = {
            "m_hat": state.m / (1 - state.beta1_power),
            "v": state.v,
            "v_hat": state.v / (1 - state.beta2_power),
        }
        for q, x in values.items():
            mean[q][k] = x.mean(axis=1)
            se[q][k] = x.std(axis=1, ddof=1) / np.sqrt(sequences)
    first = np.column_stack([model.mean(ts) for model in models])
    second = np.column_stack([model.second_moment(ts) for model in models])
    e_v = ema_expectation(second, beta2)
    truth = {
        "m_hat": ema_expectation(first, beta1) / (1 - beta1**ts)[:, None],
        "v": e_v,
        "v_hat": e_v / (1 - beta2**ts)[:, None],
    }
    names = tuple(model.name for model in models)
    return MomentsMC(ts, names, mean, se, truth, second, beta1, beta2, sequences)


def zeta_formula(models, t: np.ndarray, beta2: float) -> np.ndarray:
    """Section 3's zeta from the SymPy closed forms, shape (len(t), models)."""
    return np.column_stack([model.zeta(t, beta2) for model in models])


def bonferroni_z(comparisons: int, family_level: float = 1e-3) -> float:
    r"""The |z| threshold that all ``comparisons`` stay under with probability at least
    :math:`1 - \text{family\_level}` if every estimate is unbiased (Bonferroni: level
    ``family_level/comparisons`` per two-sided comparison; valid under any correlation
    between them, as between the steps of one sequence)."""
    if comparisons < 1 or not 0 < family_level < 1:
        raise ValueError("comparisons must be >= 1 and family_level in (0, 1)")
    return float(stats.norm.isf(family_level / (2 * comparisons)))


class StepSizes(NamedTuple):
    """Mean |Delta_t| / alpha over coordinates, shape (steps, configs), and the formula."""

    t: np.ndarray
    beta1: np.ndarray  # (configs,)
    beta2: np.ndarray
    corrected: np.ndarray  # Algorithm 1
    uncorrected: np.ndarray  # bias_correction=False on its own trajectory
    same_gradient_ratio: np.ndarray  # |Delta| without / with, fed the same gradients
    formula: np.ndarray  # (1 - beta1^t) / sqrt(1 - beta2^t)


def step_sizes_first_steps(
    beta2s=(0.99, 0.999, 0.9999),
    beta1s=(0.9, 0.0),
    steps=100,
    dim=1000,
    alpha=1e-3,
    noise=1.0,
    seed=SEED,
) -> StepSizes:
    r"""The first ``steps`` Adam steps with and without bias correction (Section 3, 6.4).

    All (beta1, beta2) pairs run at once: theta of shape (configs, dim) with beta1 and
    beta2 of shape (configs, 1). The problem is the noisy quadratic
    :math:`f(\theta) = \frac12\|\theta\|^2`, :math:`g = \theta + \text{noise}\,\xi`,
    from :math:`\theta_0 = 1`, the same noise for both variants. A third run without
    correction is fed the corrected run's gradients: its step ratio is
    :math:`(1-\beta_1^t)/\sqrt{1-\beta_2^t}` up to :math:`\epsilon`.
    """
    beta1 = np.repeat(np.asarray(beta1s, dtype=float), len(beta2s))
    beta2 = np.tile(np.asarray(beta2s, dtype=float), len(beta1s))
    b1, b2 = beta1[:, None], beta2[:, None]
    shape = (beta1.size, dim)
    rng = np.random.default_rng(seed)
    corrected = optim.adam(alpha=alpha, beta1=b1, beta2=b2)
    uncorrected = optim.adam(alpha=alpha, beta1=b1, beta2=b2, bias_correction=False)
    theta_c, theta_u = np.ones(shape), np.ones(shape)
    state_c, state_u, state_s = (
        opt.init(theta_c) for opt in (corrected, uncorrected, uncorrected)
    )
    ts = np.arange(1, steps + 1)
    size_c, size_u, ratio = (np.empty((steps, beta1.size)) for _ in range(3))
    for k in range(steps):
        xi = noise * rng.standard_normal(shape)
        g_c = theta_c + xi
        step_c, state_c = corrected.update(g_c, state_c)
        step_u, state_u = uncorrected.update(theta_u + xi, state_u)
        step_s, state_s = uncorrected.update(g_c, state_s)
        theta_c += step_c
        theta_u += step_u
        size_c[k] = np.abs(step_c).mean(axis=1) / alpha
        size_u[k] = np.abs(step_u).mean(axis=1) / alpha
        ratio[k] = np.median(np.abs(step_s) / np.abs(step_c), axis=1)
    formula = (1 - beta1 ** ts[:, None]) / np.sqrt(1 - beta2 ** ts[:, None])
    return StepSizes(ts, beta1, beta2, size_c, size_u, ratio, formula)


def noisy_converging_sequence(
    steps=2000, runs=1000, theta0=1.0, target=2.0, rho=0.98, noise=0.5, seed=SEED
) -> np.ndarray:
    r"""Iterates that converge and keep jittering, shape (steps, runs) (Section 7.2):

    .. math:: \theta_t = \theta^* + (\theta_0 - \theta^*)\rho^t + \text{noise}\cdot\xi_t,
              \qquad \xi_t \sim N(0, 1),

    the picture of stochastic optimisation with a constant step: a transient that
    decays geometrically, then noise around the optimum that does not shrink.
    """
    rng = np.random.default_rng(seed)
    ts = np.arange(1, steps + 1)[:, None]
    return target + (theta0 - target) * rho**ts + noise * rng.standard_normal((steps, runs))


def average_iterates(sequence: np.ndarray, beta=0.99) -> dict[str, np.ndarray]:
    r"""Run the averages of Section 7.2 along axis 0 of ``sequence`` (all runs at once).

    Returns ``ema`` (:math:`\bar\theta_t`, biased toward :math:`\bar\theta_0 = 0`),
    ``ema_corrected`` (:math:`\hat\theta_t = \bar\theta_t/(1-\beta^t)`) and ``polyak``
    (:math:`\frac1t\sum_{k\le t}\theta_k`), each shaped like ``sequence``; ``beta`` may be
    an array broadcasting against one row.
    """
    sequence = np.asarray(sequence, dtype=float)
    averagers = {
        "ema": optim.ema_average(beta, bias_correction=False),
        "ema_corrected": optim.ema_average(beta),
        "polyak": optim.polyak_average(),
    }
    out = {name: np.empty_like(sequence) for name in averagers}
    states = {name: a.init(sequence[0]) for name, a in averagers.items()}
    for k, theta in enumerate(sequence):
        for name, averager in averagers.items():
            out[name][k], states[name] = averager.update(theta, states[name])
    return out
