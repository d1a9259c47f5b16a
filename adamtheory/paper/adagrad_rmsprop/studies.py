r"""Experiments for Section 5: each evidence function returns a record for its rule.

* The AdaGrad limit: Adam with :math:`\beta_1 = 0`, :math:`\alpha_t = \alpha/\sqrt t`,
  :math:`\epsilon = 0` and every :math:`1-\beta_2` of a grid as one row of a batch
  (theta (K, d), beta2 (K, 1)) against AdaGrad on one noisy quadratic
  (:mod:`adamtheory.problems.quadratic`); the trajectory distance is fitted against
  :math:`1-\beta_2` on log-log axes (:func:`adamtheory.core.fit.fit_power_law`).
* The RMSProp relation: Adam without correction and RMSProp with momentum on one fixed
  gradient sequence, and their closed-form difference, every EMA through
  :mod:`adamtheory.core.ema`.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import sympy as sp

from ... import optim
from ...core import validation
from ...core.ema import debias, ema
from ...core.fit import PowerLaw, fit_convergence_rate
from ...core.symbols import alpha, beta2, delta, g, i, is_zero, t
from ...optim import schedules
from ...problems.quadratic import noisy_quadratic
from . import derivation

__all__ = [
    "ONE_MINUS_BETA2",
    "SEED",
    "AdaGradLimitStudy",
    "adagrad_limit_evidence",
    "adagrad_limit_study",
    "pointwise_step_ratio",
    "rmsprop_relation_evidence",
    "rmsprop_relation_steps",
]

SEED = 20150101
ONE_MINUS_BETA2 = np.logspace(-8, -3, 11)
"""T (1 - beta2) <= 0.2 for T = 200: the fixed-t regime where the limit is taken."""


def _scale(scale: str) -> bool:
    return validation.choice("scale", scale, ("default", "paper")) == "paper"


class AdaGradLimitStudy(NamedTuple):
    """Trajectory distance to AdaGrad, one per value of 1 - beta2, and its power-law fit."""

    one_minus_beta2: np.ndarray
    distance: np.ndarray  # max_t ||theta_t^Adam - theta_t^AdaGrad||_2
    fit: PowerLaw  # distance ~ fit.scale * (1 - beta2) ** fit.rate


def adagrad_limit_study(
    one_minus_beta2: Any = ONE_MINUS_BETA2,
    *,
    T: int = 200,
    alpha: float = 0.1,
    bias_correction: bool = True,
    d: int = 4,
    seed: int = SEED,
) -> AdaGradLimitStudy:
    r"""Adam (:math:`\beta_1 = 0`, :math:`\alpha_t = \alpha/\sqrt t`, :math:`\epsilon = 0`)
    against AdaGrad (``optim.adagrad(alpha, eps=0)``) on one noisy quadratic.

    With the correction, :math:`\hat v_t - t^{-1}\sum_i g_i^2 = O(t(1-\beta_2))` for
    :math:`t(1-\beta_2) \ll 1`, so the distance falls like :math:`(1-\beta_2)^1`.
    Without it the steps are :math:`1/\sqrt{1-\beta_2^t} \approx 1/\sqrt{t(1-\beta_2)}`
    times larger, and the distance grows like :math:`(1-\beta_2)^{-1/2}`.

    Keep :math:`1-\beta_2 \gtrsim 10^{-8}`: float64 stores :math:`\beta_2^t` with an
    absolute error of a few ulps, a relative error of about
    :math:`10^{-16}/(t(1-\beta_2))` in :math:`1-\beta_2^t`, which floors the distance
    near :math:`10^{-9}` on this problem.
    """
    x = np.ravel(
        validation.in_interval("one_minus_beta2", one_minus_beta2, 0.0, 1.0, closed_low=False)
    )
    if x.size < 3:  # with 2 points the fitted slope's interval is (-inf, inf)
        raise ValueError(f"one_minus_beta2 needs >= 3 values in (0, 1), got {one_minus_beta2!r}")
    validation.flag("bias_correction", bias_correction)
    problem = noisy_quadratic(T, d, seed=seed)
    adagrad = optim.adagrad(alpha=alpha, eps=0.0)
    adam = optim.adam(
        alpha=schedules.inverse_sqrt(alpha),
        beta1=0.0,
        beta2=(1.0 - x)[:, None],
        eps=0.0,
        bias_correction=bias_correction,
    )
    with np.errstate(over="raise", invalid="raise"):
        adam_paths = problem.run(adam, np.zeros((x.size, d)))
        adagrad_path = problem.run(adagrad, np.zeros(d))
        distance = np.linalg.norm(adam_paths - adagrad_path[:, None, :], axis=-1).max(axis=0)
    return AdaGradLimitStudy(x, distance, fit_convergence_rate(x, distance))


def pointwise_step_ratio(T: int, one_minus_beta2: Any, alpha: float = 0.1) -> np.ndarray:
    r""":math:`\max_j|\Delta^{\rm Adam}_{t,j}/\Delta^{\rm AdaGrad}_{t,j} - 1|` for t = 1..T on
    AdaGrad's own gradients (its run on the noisy quadratic, seed :data:`SEED`):
    :math:`\sqrt{t^{-1}\sum_{i\le t} g_i^2/\hat v_t} - 1`. Shape (T, K), one column per
    value of :math:`1-\beta_2`: the limit is pointwise in t."""
    gaps = np.ravel(
        validation.in_interval("one_minus_beta2", one_minus_beta2, 0.0, 1.0, closed_low=False)
    )
    T, alpha = validation.count("T", T), validation.positive("alpha", alpha)
    if np.any(1.0 - gaps == 1.0):
        raise ValueError(f"one_minus_beta2 too small: 1 - {one_minus_beta2} rounds to 1")
    with np.errstate(over="raise"):  # finite input, overflowing: named
        return _pointwise_step_ratio(T, gaps, alpha)


def _pointwise_step_ratio(T: int, gaps: np.ndarray, alpha: float) -> np.ndarray:
    problem = noisy_quadratic(T)
    path = problem.run(optim.adagrad(alpha=alpha, eps=0.0), np.zeros(problem.curvature.size))
    grads = problem.curvature * (path[:-1] - problem.optimum) + problem.noise  # g_1..g_T
    steps = np.arange(1, problem.horizon + 1)
    mean_square = np.cumsum(grads**2, axis=0) / steps[:, None]
    v = ema(grads[:, None, :] ** 2, 1.0 - gaps)  # (T, K, d), one decay per column
    v_hat = debias(v, (1.0 - gaps)[None, :, None], steps[:, None, None])
    return np.abs(np.sqrt(mean_square[:, None, :] / v_hat) - 1).max(axis=2)


def _adagrad_symbolic() -> dict[str, bool]:
    """The SymPy half: the weight's limit, the step, the uncorrected limits, and the
    limit of the unrolled definition itself for t = 1..4."""
    d = derivation.adagrad_limit()
    expected_step = -alpha * g[t] / sp.sqrt(sp.Sum(g[i] ** 2, (i, 1, t)))
    unrolled = []
    for T in (1, 2, 3, 4):
        mean_square = sum(g[k] ** 2 for k in range(1, T + 1)) / T
        v_hat = derivation.unrolled_v_hat(T).subs(beta2, 1 - delta)
        unrolled.append(is_zero(sp.limit(v_hat, delta, 0, "+") - mean_square))
    return {
        "weight_limit_is_1/t": is_zero(d.weight_limit - 1 / t),
        "step_is_adagrad": is_zero(d.adagrad_step - expected_step),
        "unrolled_limit_t1..4": all(unrolled),
        "uncorrected_v_to_0": d.uncorrected_weight_limit == 0,
        "uncorrected_step_ratio_to_oo": d.uncorrected_ratio_limit == sp.oo,
    }


def adagrad_limit_evidence(scale: str = "default") -> dict[str, Any]:
    """SymPy's limit for symbolic t, and the fitted rates with and without correction."""
    paper = _scale(scale)
    T = 2000 if paper else 200
    grid = np.logspace(-8, -4, 25) if paper else ONE_MINUS_BETA2
    corrected = adagrad_limit_study(grid, T=T)
    uncorrected = adagrad_limit_study(grid, T=T, bias_correction=False)
    # the limit is pointwise in t: at t (1 - beta2) = 10 Adam has forgotten early gradients
    long_run = adagrad_limit_study([1e-4, 1e-3, 1e-2], T=1000)
    return {
        "setting": f"noisy quadratic d = 4, T = {T}, alpha = 0.1, beta1 = 0, eps = 0",
        **_adagrad_symbolic(),
        "one_minus_beta2_range": f"{grid[0]:.0e}..{grid[-1]:.0e} ({grid.size} values)",
        "rate_corrected": corrected.fit.rate,
        "rate_corrected_95ci": [corrected.fit.low, corrected.fit.high],
        "rate_uncorrected": uncorrected.fit.rate,
        "rate_uncorrected_95ci": [uncorrected.fit.low, uncorrected.fit.high],
        "largest_distance_corrected": float(corrected.distance.max()),
        "smallest_distance_uncorrected": float(uncorrected.distance.min()),
        "distance_T1000_beta2_0.99": float(long_run.distance[2]),
    }


def rmsprop_relation_steps(
    grads: Any, alpha: float = 0.01, beta1: float = 0.9, beta2: float = 0.999
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""The steps of Adam without correction and of RMSProp with momentum on a fixed
    gradient sequence ``grads`` of shape (T, ...) (every trailing axis is a batch), and
    the closed form of their difference (:func:`derivation.rmsprop_difference_closed_form`).

    Adam: ``optim.adam(alpha, beta1, beta2, eps=0, bias_correction=False)``.
    RMSProp: ``optim.rmsprop(alpha * (1 - beta1), rho=beta2, mu=beta1, eps=0)``: its
    buffer :math:`\sum_i \beta_1^{t-i} g_i/\sqrt{v_i}` times :math:`1-\beta_1` is Adam's
    normalisation of the momentum. Returns ``(adam, rmsprop, closed_form)``, each (T, ...),
    with :math:`\text{closed\_form}_t = \alpha(1-\beta_1)\sum_{i\le t}\beta_1^{t-i}
    g_i(v_i^{-1/2} - v_t^{-1/2})`, evaluated as :math:`\alpha({\rm EMA}_{\beta_1}(g/\sqrt v)_t
    - {\rm EMA}_{\beta_1}(g)_t/\sqrt{v_t})`.
    """
    grads = validation.real_array("grads", grads)
    if grads.ndim < 1 or grads.shape[0] < 1:
        raise ValueError(f"grads must have shape (T, ...) with T >= 1, got {grads.shape}")
    if not np.all(np.isfinite(grads)):
        raise ValueError("grads must be finite")
    alpha = validation.positive("alpha", alpha)
    beta1, beta2 = validation.unit("beta1", beta1), validation.unit("beta2", beta2)
    adam = optim.adam(alpha=alpha, beta1=beta1, beta2=beta2, eps=0.0, bias_correction=False)
    rms = optim.rmsprop(alpha=alpha * (1 - beta1), rho=beta2, mu=beta1, eps=0.0)
    adam_state, rms_state = adam.init(grads[0]), rms.init(grads[0])
    adam_steps, rms_steps = np.empty_like(grads), np.empty_like(grads)
    for k, g_t in enumerate(grads):
        adam_steps[k], adam_state = adam.update(g_t, adam_state)
        rms_steps[k], rms_state = rms.update(g_t, rms_state)
    root = np.sqrt(ema(grads * grads, beta2))
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = np.where(root > 0, grads / root, 0.0)  # 0/0 := 0, as the optimizers do
        closed_form = alpha * (
            ema(scaled, beta1) - np.where(root > 0, ema(grads, beta1) / root, 0.0)
        )
    return adam_steps, rms_steps, closed_form


def rmsprop_relation_evidence(scale: str = "default") -> dict[str, Any]:
    """SymPy's closed form for t = 1..4; numerically the closed form, the size of the gap
    on Gaussian gradients, and the gap when v is constant (beta2 = 0, |g_t| = 1)."""
    residuals = [derivation.rmsprop_relation(T).residual for T in (1, 2, 3, 4)]
    rng = np.random.default_rng(SEED)
    T = 1000 if _scale(scale) else 100
    grads = rng.normal(size=(T, 64, 4))  # 256 sequences in one batch
    adam, rms, closed = rmsprop_relation_steps(grads, alpha=0.01)
    largest = float(np.abs(adam).max())
    signs = rng.choice([-1.0, 1.0], size=(T, 8))
    adam_c, rms_c, _ = rmsprop_relation_steps(signs, alpha=0.01, beta2=0.0)
    return {
        "setting": f"alpha = 0.01, beta = (0.9, 0.999), eps = 0, {T} N(0,1) gradients x 256",
        "symbolic_residuals_zero_t1..4": all(r == 0 for r in residuals),
        "one_step_difference_zero": is_zero(derivation.rmsprop_relation(1).difference),
        "closed_form_relative_error": float(np.abs((adam - rms) - closed).max() / largest),
        "max_gap_relative_to_adam_step": float(np.abs(adam - rms).max() / largest),
        "gap_when_v_constant_relative": float(np.abs(adam_c - rms_c).max() / np.abs(adam_c).max()),
        "difference_t2": str(derivation.rmsprop_relation(2).closed_form),
        "first_step_over_alpha_rmsprop": float(np.abs(rms[0]).max() / 0.01),
    }
