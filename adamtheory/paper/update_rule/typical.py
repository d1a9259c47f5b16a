r"""The typical step and the "signal-to-noise ratio" (Section 2.1): runs of Adam.

* Trust region: :math:`|\Delta_{t,i}|/\alpha` of Adam at its defaults, every coordinate at
  every step, on a noisy quadratic (Gaussian, Student-t(2) and Cauchy noise), minibatch
  logistic regression, and a small MLP (minibatch and full batch, :mod:`.mlp`).
* SNR: :math:`\hat m_t/\sqrt{\hat v_t}` along runs toward the optimum of
  :math:`\theta^2/2`, with exact gradients, with noise that vanishes at the optimum, and
  with additive noise (which stops it at a floor).
"""

from __future__ import annotations

import numpy as np

from ... import optim
from ...core import validation
from ...core.ema import debias, ema_update
from ...core.fit import fit_power_law
from .mlp import mlp_problem

__all__ = [
    "NOISES",
    "SEED",
    "logistic_data",
    "logistic_regression_ratios",
    "mlp_ratios",
    "noisy_quadratic_ratios",
    "ratio_quantiles",
    "snr_run",
]

SEED = 20150102
NOISES = ("gaussian", "student-t2", "cauchy")


def ratio_quantiles(ratios) -> dict:
    """Median, 90/99/99.9% quantiles, maximum and the fraction above 1 of |Delta|/alpha."""
    ratios = validation.real_array("ratios", ratios)
    if ratios.size == 0 or not np.all(np.isfinite(ratios)):
        raise ValueError(f"ratios must be a nonempty finite array, got {ratios!r}")
    q = np.quantile(ratios, [0.5, 0.9, 0.99, 0.999])
    return {
        "median": float(q[0]),
        "q90": float(q[1]),
        "q99": float(q[2]),
        "q999": float(q[3]),
        "max": float(ratios.max()),
        "fraction_above_1": float(np.mean(ratios > 1)),
    }


def _noise(rng: np.random.Generator, kind: str, size: int) -> np.ndarray:
    if kind == "gaussian":
        return rng.standard_normal(size)
    if kind == "student-t2":
        return rng.standard_t(2, size)
    return rng.standard_cauchy(size)


def noisy_quadratic_ratios(
    steps: int = 2000, dim: int = 200, noise: str = "gaussian", seed: int = SEED
) -> np.ndarray:
    r""":math:`|\Delta_{t,i}|/\alpha` of default Adam (alpha = 0.01) on
    :math:`f(\theta) = \frac12\sum_i h_i\theta_i^2` plus gradient noise of scale 1
    (``noise``: Gaussian, Student-t with 2 degrees of freedom, or Cauchy), curvatures
    :math:`h_i` log-uniform in [0.01, 100], :math:`\theta_0 \sim N(0, 1)`. Shape (steps, dim)."""
    steps, dim = validation.count("steps", steps), validation.count("dim", dim)
    noise = validation.choice("noise", noise, NOISES)
    rng = np.random.default_rng(validation.count("seed", seed, 0))
    h = np.logspace(-2, 2, dim)
    theta = rng.standard_normal(dim)
    opt = optim.adam(alpha=1e-2)
    state, out = opt.init(theta), np.empty((steps, dim))
    for t in range(steps):
        step, state = opt.update(h * theta + _noise(rng, noise, dim), state)
        theta += step
        out[t] = np.abs(step) / 1e-2
    return out


def logistic_data(n: int = 4000, dim: int = 50, seed: int = SEED):
    """Features with scales from 0.1 to 10, labels from a logistic model with noise."""
    n, dim = validation.count("n", n), validation.count("dim", dim)
    rng = np.random.default_rng(validation.count("seed", seed, 0))
    x = rng.standard_normal((n, dim)) * np.logspace(-1, 1, dim)
    w_true = rng.standard_normal(dim) / np.sqrt(dim)
    y = (rng.random(n) < 1 / (1 + np.exp(-x @ w_true))).astype(np.float64)
    return x, y


def logistic_regression_ratios(
    steps: int = 2000, batch: int = 128, l2: float = 1e-4, seed: int = SEED
) -> np.ndarray:
    r""":math:`|\Delta_{t,i}|/\alpha` of default Adam (alpha = 1e-3) on minibatch
    L2-regularised logistic regression (:func:`logistic_data`). Shape (steps, dim)."""
    steps, batch = validation.count("steps", steps), validation.count("batch", batch)
    l2 = validation.nonnegative("l2", l2)
    x, y = logistic_data(seed=seed)
    rng = np.random.default_rng(seed + 1)
    w = np.zeros(x.shape[1])
    opt = optim.adam()
    state, out = opt.init(w), np.empty((steps, x.shape[1]))
    for t in range(steps):
        idx = rng.integers(0, len(y), batch)
        p = 1 / (1 + np.exp(-x[idx] @ w))
        grad = x[idx].T @ (p - y[idx]) / batch + l2 * w
        step, state = opt.update(grad, state)
        w += step
        out[t] = np.abs(step) / 1e-3
    return out


def mlp_ratios(steps: int = 2000, batch: int | None = 64, seed: int = SEED) -> np.ndarray:
    r""":math:`|\Delta_{t,i}|/\alpha` of default Adam (alpha = 1e-3) training the MLP of
    :func:`.mlp.mlp_problem` (512 points): minibatches of ``batch`` drawn with
    replacement, or the full batch (``batch=None``: deterministic gradients).
    Shape (steps, 1827)."""
    steps = validation.count("steps", steps)
    if batch is not None:
        batch = validation.count("batch", batch)
    problem = mlp_problem(seed=seed)
    rng = np.random.default_rng(seed + 1)
    flat = problem.init(rng)
    opt = optim.adam()
    state, out = opt.init(flat), np.empty((steps, problem.size))
    n = len(problem.y)
    for t in range(steps):
        rows = slice(None) if batch is None else rng.integers(0, n, batch)
        _, grad = problem.loss_and_grad(flat, rows)
        step, state = opt.update(grad, state)
        flat += step
        out[t] = np.abs(step) / 1e-3
    return out


def _snr_gradient(true_grad: np.ndarray, noise: str, rng: np.random.Generator) -> np.ndarray:
    if noise == "additive":
        return true_grad + rng.standard_normal(true_grad.shape)
    if noise == "vanishing":
        return true_grad * (1 + rng.standard_normal(true_grad.shape))
    return true_grad.copy()


def snr_run(
    beta1=(0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99),
    steps: int = 6000,
    replicas: int = 500,
    alpha: float = 1e-2,
    noise: str = "additive",
    seed: int = SEED,
) -> dict:
    r"""SNR :math:`\hat m_t/\sqrt{\hat v_t}` along Adam runs toward the optimum of
    :math:`f(\theta) = \theta^2/2` from :math:`\theta_0 = 3`.

    ``noise``: ``"additive"`` (:math:`g = \theta + \xi`, unit Gaussian: the noise does
    not vanish at the optimum), ``"vanishing"`` (:math:`g = \theta(1 + \xi)`: a
    minibatch gradient of a consistent least-squares problem, zero at the optimum), or
    ``"exact"`` (:math:`g = \theta`). One optimizer, theta of shape (K, replicas): K
    values of ``beta1`` (beta2 = 0.999, eps = 0, so the SNR is exactly -step/alpha).
    Returns

    * ``rms_snr`` (steps, K): the RMS of the SNR over replicas;
    * ``model`` (steps, K), for additive noise: the moment model with no free parameter,
      :math:`\mathrm{SNR}^2 \approx (\overline{\hat m(\nabla f)^2} + c_t\sigma^2)/
      (\overline{\hat v(\nabla f)} + \sigma^2)`, bias-corrected EMAs of the noise-free
      gradient, :math:`c_t = \frac{(1-\beta_1)(1+\beta_1^t)}{(1+\beta_1)(1-\beta_1^t)}`
      the variance of :math:`\hat m_t` for white noise of variance :math:`\sigma^2 = 1`;
    * ``floor`` (K,): the RMS SNR over the last 1000 steps, and ``floor_theory``
      :math:`\sqrt{(1-\beta_1)/(1+\beta_1)}`, the model's limit at the optimum (additive);
    * ``fit``: ``core.fit.fit_power_law`` of the floor against the theory (additive).
    """
    b1 = validation.unit("beta1", np.atleast_1d(validation.real_array("beta1", beta1)))[:, None]
    steps = validation.count("steps", steps, 1000)
    replicas = validation.count("replicas", replicas)
    alpha = validation.positive("alpha", alpha)
    noise = validation.choice("noise", noise, ("additive", "vanishing", "exact"))
    b2 = 0.999
    rng = np.random.default_rng(validation.count("seed", seed, 0))
    theta = np.full((len(b1), replicas), 3.0)
    opt = optim.adam(alpha=alpha, beta1=b1, beta2=b2, eps=0.0)
    state = opt.init(theta)
    rms, model = np.empty((steps, len(b1))), np.empty((steps, len(b1)))
    m_signal, v_signal = np.zeros_like(theta), np.zeros_like(theta)
    for t in range(1, steps + 1):
        true_grad = theta  # f = theta^2 / 2
        grad = _snr_gradient(true_grad, noise, rng)
        m_signal = ema_update(m_signal, true_grad, b1)
        v_signal = ema_update(v_signal, true_grad**2, b2)
        step, state = opt.update(grad, state)
        theta += step
        rms[t - 1] = np.sqrt(np.mean((step / alpha) ** 2, axis=1))
        c_t = (1 - b1) * (1 + b1**t) / ((1 + b1) * (1 - b1**t))
        m_part = np.mean(debias(m_signal, b1, t) ** 2, axis=1, keepdims=True)
        v_part = np.mean(debias(v_signal, b2, t), axis=1, keepdims=True)
        model[t - 1] = np.sqrt((m_part + c_t) / (v_part + 1.0)).ravel()
    floor = np.sqrt(np.mean(rms[-1000:] ** 2, axis=0))
    theory = np.sqrt((1 - b1) / (1 + b1)).ravel()
    out = {"beta1": b1.ravel(), "noise": noise, "rms_snr": rms, "floor": floor}
    if noise == "additive":
        out |= {"model": model, "floor_theory": theory}
        if len(theory) >= 2:
            fit = fit_power_law(theory, floor)
            out["fit"] = {"exponent": fit.rate, "prefactor": fit.scale}
    return out
