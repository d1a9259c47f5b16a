r"""Studies of Section 7.2: the package's averages against the derivation.

- :func:`constant_sequence_error`: ``optim.ema_average`` on constant sequences, several
  rates at once; the corrected estimate must be exact at every t.
- :func:`noisy_converging_sequence` and :func:`average_iterates`: a converging, noisy
  sequence and its three averages (EMA, corrected EMA, Polyak), all runs at once.
- :func:`averaging_evidence`: the evidence record of ``sec7.2-averaging-correction``.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from ... import optim
from ...core.symbols import beta2, c, is_zero, t
from ...core.validation import (
    choice,
    count,
    finite_float,
    in_interval,
    nonnegative,
    real_array,
    unit,
)
from ...core.verdict import SCALES
from . import derivation

__all__ = [
    "BETAS",
    "NOISY_BETA",
    "SEED",
    "average_iterates",
    "averaging_evidence",
    "constant_sequence_error",
    "noisy_converging_sequence",
    "rms_theory",
]

SEED = 20150702
BETAS = (0.99, 0.999, 0.9999)  # three averaging rates at once (beta2 of Section 6.4)
NOISY_BETA = 0.99  # the averaging rate on the noisy sequence: t ~ 1/(1-beta) = 100 visible


def constant_sequence_error(betas=BETAS, constants=(-3.0, 0.5, 7.0, 1e6), steps=1000):
    r"""Run ``optim.ema_average`` on :math:`\theta_t = c` for every rate at once.

    Returns (max over t and c of :math:`|\hat\theta_t/c - 1|`, :math:`\bar\theta_1/c` per
    rate): theta has shape (rates, constants), the rate shape (rates, 1).
    """
    rates = np.atleast_1d(unit("betas", real_array("betas", betas)))[:, None]
    values = real_array("constants", constants)
    if values.ndim != 1 or not np.all(np.isfinite(values)) or np.any(values == 0):
        raise ValueError(f"constants must be finite non-zero numbers, got {constants!r}")
    theta = np.broadcast_to(values, (rates.shape[0], values.size)).copy()
    corrected = optim.ema_average(rates)
    raw = optim.ema_average(rates, bias_correction=False)
    state, raw_state = corrected.init(theta), raw.init(theta)
    worst, first = 0.0, None
    for _ in range(count("steps", steps)):
        estimate, state = corrected.update(theta, state)
        biased, raw_state = raw.update(theta, raw_state)
        worst = max(worst, float(np.max(np.abs(estimate / theta - 1))))
        first = biased[:, 0] / theta[:, 0] if first is None else first
    return worst, first


def noisy_converging_sequence(
    steps=2000, runs=1000, theta0=1.0, target=2.0, rho=0.98, noise=0.5, seed=SEED
) -> np.ndarray:
    r"""Iterates that converge and keep jittering, shape (steps, runs):

    .. math:: \theta_t = \theta^* + (\theta_0 - \theta^*)\rho^t + \text{noise}\cdot\xi_t,
              \qquad \xi_t \sim N(0, 1),

    the picture of stochastic optimisation with a constant step: a transient that
    decays geometrically, then noise around the optimum that does not shrink.
    """
    steps, runs = count("steps", steps), count("runs", runs)
    theta0, target = finite_float("theta0", theta0), finite_float("target", target)
    rho = in_interval("rho", rho, 0.0, 1.0, closed_low=False)
    noise = nonnegative("noise", noise)
    rng = np.random.default_rng(count("seed", seed, 0))
    ts = np.arange(1, steps + 1)[:, None]
    return target + (theta0 - target) * rho**ts + noise * rng.standard_normal((steps, runs))


def average_iterates(sequence, beta=0.99) -> dict[str, np.ndarray]:
    r"""Run the averages of Section 7.2 along axis 0 of ``sequence`` (all runs at once).

    Returns ``ema`` (:math:`\bar\theta_t`, biased toward :math:`\bar\theta_0 = 0`),
    ``ema_corrected`` (:math:`\hat\theta_t = \bar\theta_t/(1-\beta^t)`) and ``polyak``
    (:math:`\frac1t\sum_{k\le t}\theta_k`), each shaped like ``sequence``; ``beta`` may be
    an array broadcasting against one row.
    """
    beta = unit("beta", beta)  # named here: the averagers call it beta2
    sequence = real_array("sequence", sequence)
    if not np.all(np.isfinite(sequence)):
        raise ValueError("sequence must be finite")
    if sequence.ndim < 1 or sequence.shape[0] < 1:
        raise ValueError(
            f"sequence must have at least one step along axis 0, got {sequence.shape}"
        )
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


def rms_theory(steps, beta, theta0, target, rho, noise) -> dict[str, np.ndarray]:
    r""":math:`\sqrt{\text{bias}^2 + \text{variance}}` of each average at t = 1..steps, from
    :func:`derivation.average_errors` (SymPy, lambdified)."""
    d = derivation
    values = {
        beta2: unit("beta", beta),
        d.amplitude: finite_float("theta0", theta0) - finite_float("target", target),
        d.rho: in_interval("rho", rho, 0.0, 1.0, closed_low=False),
        d.sigma: nonnegative("noise", noise),
        d.target: target,
    }
    ts = np.arange(1, count("steps", steps) + 1, dtype=np.float64)
    out = {}
    for name, (bias, variance) in d.average_errors().items():
        f = sp.lambdify(t, sp.sqrt(bias**2 + variance).subs(values), "numpy")
        with np.errstate(over="raise"):  # finite input, overflowing: named
            out[name] = np.asarray(f(ts), dtype=np.float64) * np.ones(ts.size)
    return out


def averaging_evidence(scale: str = "default") -> dict:
    """``sec7.2-averaging-correction``: SymPy, constant sequences, and a noisy sequence."""
    default = choice("scale", scale, SCALES) == "default"
    steps, runs = (1000, 1000) if default else (20_000, 10_000)
    ema = derivation.parameter_ema_correction()
    identities = {
        "theta-hat_t = c for theta_i = c": ema.constant_corrected - c,
        "weights of theta-hat_t sum to 1": ema.corrected_weight_sum - 1,
        "weights of theta-bar_t sum to 1 - beta2^t": ema.weight_sum - (1 - beta2**t),
        "recurrence residual, symbolic t": ema.residual,
    }
    failed = [name for name, expr in identities.items() if not is_zero(expr)]
    worst, first = constant_sequence_error(BETAS, steps=steps)
    setting = {"theta0": 1.0, "target": 2.0, "rho": 0.98, "noise": 0.5}
    sequence = noisy_converging_sequence(steps=steps, runs=runs, seed=SEED, **setting)
    averages = average_iterates(sequence, beta=NOISY_BETA)
    theory = rms_theory(steps, NOISY_BETA, **setting)
    rms = {k: np.sqrt(np.mean((v - setting["target"]) ** 2, axis=1)) for k, v in averages.items()}
    return {
        "symbolic_exact": not failed,
        "failed_identities": failed,
        "constant_sequence_max_relative_error": worst,
        "constant_sequence_steps": steps,
        "uncorrected_at_t=1_over_c": list(first),
        "beta2": list(BETAS),
        "noisy_runs": runs,
        "noisy_setting": str(setting | {"beta": NOISY_BETA}),
        "rms_measured_vs_sympy_max_relative": float(
            max(np.max(np.abs(rms[k] / theory[k] - 1)) for k in theory)
        ),
        "rms_t=50": {k: float(v[49]) for k, v in rms.items()},
        "rms_last": {k: float(v[-1]) for k, v in rms.items()},
        "scale": scale,
    }
