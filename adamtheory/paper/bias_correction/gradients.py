r"""Gradient models with known moments, for the Monte Carlo of Section 3.

Each model draws :math:`g_t` for many independent sequences at once and knows
:math:`E[g_t]`, :math:`E[g_t^2]` and Section 3's :math:`\zeta_t` (from the SymPy closed
forms of :mod:`.derivation`, 0 for the stationary models).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

import numpy as np
import sympy as sp

from ...core.symbols import beta2, t
from ...core.validation import finite_float, in_interval, positive
from . import derivation

__all__ = [
    "GradientModel",
    "geometric_drift_gradients",
    "heavy_tailed_gradients",
    "linear_drift_gradients",
    "model_tuple",
    "sparse_gradients",
    "standard_models",
    "stationary_gradients",
]


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


def stationary_gradients(mu=0.5, sigma=1.0) -> GradientModel:
    """:math:`g_t \\sim N(\\mu, \\sigma^2)`: :math:`E[g^2] = \\mu^2 + \\sigma^2` for every t."""
    mu, sigma = finite_float("mu", mu), positive("sigma", sigma)
    return GradientModel(
        "stationary",
        lambda rng, t, n: mu + sigma * rng.standard_normal(n),
        _constant(mu),
        _constant(mu * mu + sigma * sigma),
        _no_zeta,
    )


def linear_drift_gradients(mu=0.5, variance0=1.0, drift=0.05) -> GradientModel:
    """:math:`g_t = \\mu + \\sqrt{\\sigma_0^2 + \\delta t}\\,z`: :math:`E[g_t^2] = s + \\delta t`
    with :math:`s = \\mu^2 + \\sigma_0^2`, the linear drift of ``derivation.linear_drift_zeta``."""
    mu = finite_float("mu", mu)
    variance0, drift = positive("variance0", variance0), positive("drift", drift)
    s = mu * mu + variance0
    zeta = _lambdify_zeta(
        derivation.linear_drift_zeta()["zeta"], {derivation.s: s, derivation.delta: drift}
    )
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
    mu, sigma = finite_float("mu", mu), positive("sigma", sigma)
    rho = in_interval("rho", rho, 0.0, 1.0, closed_low=False)  # decays: rho < 1
    s = mu * mu + sigma * sigma
    zeta = _lambdify_zeta(
        derivation.geometric_drift_zeta()["zeta"], {derivation.s: s, derivation.rho: rho}
    )
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
    density = in_interval("density", density, 0.0, 1.0, closed_low=False, closed_high=True)
    mu, sigma = finite_float("mu", mu), positive("sigma", sigma)
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
    dof, mu = positive("dof", dof), finite_float("mu", mu)
    if dof <= 4:
        raise ValueError(f"dof must exceed 4 (finite Var(g^2)), got {dof!r}")
    return GradientModel(
        "heavy-tailed",
        lambda rng, t, n: mu + rng.standard_t(dof, n),
        _constant(mu),
        _constant(mu * mu + dof / (dof - 2)),
        _no_zeta,
    )


def model_tuple(models) -> tuple[GradientModel, ...]:
    """``models`` as a tuple: a non-empty sequence of GradientModel, else a TypeError
    naming ``models`` (a string, a single model, a Monte Carlo result...)."""
    if isinstance(models, str | bytes | GradientModel) or not isinstance(models, Iterable):
        raise TypeError(f"models must be a sequence of GradientModel, got {models!r:.80}")
    models = tuple(models)
    if not models or not all(isinstance(m, GradientModel) for m in models):
        raise TypeError(
            f"models must be a non-empty sequence of GradientModel, got {models!r:.80}"
        )
    return models


def standard_models() -> tuple[GradientModel, ...]:
    """The five models of the ledger and notebook 03, in their default parameters."""
    return (
        stationary_gradients(),
        linear_drift_gradients(),
        geometric_drift_gradients(),
        sparse_gradients(),
        heavy_tailed_gradients(),
    )


def _lambdify_zeta(zeta: sp.Expr, values: dict[sp.Symbol, float]):
    f = sp.lambdify((t, beta2), zeta.subs(values), "numpy")
    return lambda t, beta2: np.asarray(f(np.asarray(t, dtype=float), beta2), dtype=float)
