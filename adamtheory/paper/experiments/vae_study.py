"""Section 6.4: Adam with and without bias correction on a VAE, over the paper's grid.

Grid: beta1 in {0, 0.9}, beta2 in {0.99, 0.999, 0.9999}, log10 alpha in {-5, ..., -1},
each with and without the bias correction (without it, Adam is the paper's "RMSProp
with momentum", Section 5). The loss (negative ELBO per example, nats) is recorded
after an early and a late epoch: 10 and 100 in the paper; 2 and 6 at the default
scale, on 768 digits and a narrower VAE (100 hidden, 20 latent). Both runs of a
setting share the seed (initial point, minibatch order, noise), so each setting is
a paired comparison; the seed-to-seed spread is measured on three seeds at the
paper's default setting (beta1 = 0.9, beta2 = 0.999, alpha = 1e-3).

The initial step sizes are measured too: the largest |step| / alpha over the first
ten steps, which Section 3 predicts near (1 - beta1)/sqrt(1 - beta2) without the
correction (10 for beta1 = 0.9, beta2 = 0.9999) and near 1 with it.
"""

from __future__ import annotations

import itertools
import math
from functools import lru_cache

import numpy as np

from ... import data, models, optim
from ...core import validation
from ...core.verdict import SCALES
from ...models import train
from .protocol import BATCH, Progress, blas_threads, checked_scale

__all__ = [
    "BETA1",
    "BETA2",
    "GRID",
    "LOG_ALPHA",
    "VAE_CONFIG",
    "bias_correction_evidence",
    "bias_correction_runs",
    "bias_correction_summary",
    "instability_summary",
    "initial_steps",
    "no_correction_instability_evidence",
]

BETA1 = (0.0, 0.9)
BETA2 = (0.99, 0.999, 0.9999)
LOG_ALPHA = (-5, -4, -3, -2, -1)
GRID = tuple(itertools.product(BETA1, BETA2, LOG_ALPHA))
"""The settings (beta1, beta2, log10 alpha) in the order the evidence lists them."""

VAE_CONFIG = {
    "default": {"n": 768, "hidden": 100, "latent": 20, "early": 2, "late": 6},
    "paper": {"n": None, "hidden": 500, "latent": 50, "early": 10, "late": 100},
}
"""Sizes per scale (``n=None``: all 5,000 bundled digits, or the real MNIST)."""

SPREAD_SEEDS = (0, 1, 2)


def _loss_at(history, epoch: int) -> float:
    """Mean minibatch loss of the given epoch (1-based); inf after a divergence."""
    value = history.epoch_cost[epoch - 1]
    return float(value) if np.isfinite(value) else float("inf")


def _run(model, X, cfg, b1, b2, alpha, correct, seed):
    opt = optim.adam(alpha=alpha, beta1=b1, beta2=b2, bias_correction=correct)
    history = train(
        model, opt, model.init(seed), X, None, epochs=cfg["late"], batch=BATCH, seed=seed
    )
    return _loss_at(history, cfg["early"]), _loss_at(history, cfg["late"])


def bias_correction_runs(scale: str = "default") -> dict:
    """Every setting of the grid with and without correction: losses (early, late).

    Cached per scale: ``sec6.4`` and the instability half of ``sec3`` read the same runs.
    """
    return _bias_correction_runs(checked_scale(scale))


@lru_cache(maxsize=2)
def _bias_correction_runs(scale: str) -> dict:
    cfg = VAE_CONFIG[scale]
    digits = data.load_mnist(cfg["n"], seed=0)
    X = digits.X.reshape(len(digits.X), -1)
    model = models.VAE(784, cfg["hidden"], cfg["latent"])
    grid = list(GRID)
    bar = Progress(2 * len(grid) + 2, "VAE runs", scale == "paper")
    losses, spread = {}, {}
    with blas_threads(scale):
        for (b1, b2, log_alpha), correct in itertools.product(grid, (True, False)):
            alpha = 10.0**log_alpha
            losses[b1, b2, log_alpha, correct] = _run(model, X, cfg, b1, b2, alpha, correct, 0)
            bar.update(f"beta1={b1} beta2={b2} alpha=1e{log_alpha} correction={correct}")
        for correct in (True, False):
            spread[correct] = [
                _run(model, X, cfg, 0.9, 0.999, 1e-3, correct, s) for s in SPREAD_SEEDS
            ]
            bar.update(f"spread correction={correct}")
    bar.close()
    return {"losses": losses, "spread": spread, "grid": grid, "cfg": cfg, "data": digits,
            "model": model, "scale": scale}  # fmt: skip


def initial_steps(beta1: float, beta2: float, correct: bool, steps: int = 10, seed: int = 0):
    """max_t<=steps max_i |step_i| / alpha of Adam on the VAE's first minibatches."""
    steps, seed = validation.count("steps", steps), validation.count("seed", seed, 0)
    correct = validation.flag("correct", correct)
    opt = optim.adam(alpha=1.0, beta1=beta1, beta2=beta2, bias_correction=correct)
    digits = data.load_mnist(BATCH * steps, seed=seed)
    X = digits.X.reshape(len(digits.X), -1)
    model = models.VAE(784, 100, 20)
    theta = model.init(seed)
    state = opt.init(theta)
    rng = np.random.default_rng(seed)
    with np.errstate(over="raise"):  # finite input, overflowing: named
        return _largest_step(model, opt, theta, state, X, steps, rng)


def _largest_step(model, opt, theta, state, X, steps, rng) -> float:
    largest = 0.0
    for t in range(steps):
        _, grad = model.loss_and_grad(theta, X[t * BATCH : (t + 1) * BATCH], None, rng)
        step, state = opt.update(grad, state)
        largest = max(largest, float(np.max(np.abs(step))))
        theta += 1e-4 * step  # a small alpha, so that the gradients stay those of training
    return largest


def _record(result) -> dict:
    cfg, digits = result["cfg"], result["data"]
    return {
        "data": digits.name,
        "data_source": digits.source,
        "n_examples": int(digits.X.shape[0]),
        "scale": result["scale"],
        "model": repr(result["model"]),
        "variant": "none" if cfg["hidden"] == 500 else
        f"VAE 784-{cfg['hidden']}-{cfg['latent']} (the paper's: 500 hidden, 50 latent)",
        "batch": BATCH,
        "early_epoch": cfg["early"],
        "late_epoch": cfg["late"],
        "grid_order": "beta1 x beta2 x log10 alpha, alpha fastest",
        "beta1_grid": list(BETA1),
        "beta2_grid": list(BETA2),
        "log10_alpha_grid": list(LOG_ALPHA),
    }  # fmt: skip


def _checked(result) -> dict:
    """A :func:`bias_correction_runs` result, refused by name: its entries, the study's
    grid, a loss pair (early, late) per setting and correction (not NaN; inf for a
    divergence), at least two seeds of spread per correction."""
    keys = ("losses", "spread", "grid", "cfg", "data", "model", "scale")
    validation.record("result", result, keys)
    validation.record("result['cfg']", result["cfg"], ("hidden", "latent", "early", "late"))
    grid = result["grid"]
    if not isinstance(grid, list | tuple) or list(grid) != list(GRID):
        raise ValueError("result['grid'] must be the study's grid (vae_study.GRID)")
    if not isinstance(result["data"], data.Dataset):
        raise TypeError(f"result['data'] must be a data.Dataset, got {result['data']!r:.60}")
    validation.choice("result['scale']", result["scale"], SCALES)
    settings = [(*key, correct) for key in GRID for correct in (True, False)]
    validation.record("result['losses']", result["losses"], settings)
    _pairs("result['losses']", [result["losses"][k] for k in settings], 1)
    validation.record("result['spread']", result["spread"], (True, False))
    for correct in (True, False):
        _pairs(f"result['spread'][{correct}]", result["spread"][correct], 2)
    return result


def _pairs(name: str, value, least: int) -> np.ndarray:
    """At least ``least`` (early, late) loss pairs, not NaN (inf: the run diverged)."""
    array = validation.real_array(name, value)
    if array.ndim != 2 or array.shape[1] != 2 or len(array) < least or np.isnan(array).any():
        raise ValueError(f"{name} must be >= {least} (early, late) losses, not NaN")
    return array


def _lists(result, correct: bool, which: int) -> list[float | None]:
    """Losses in grid order, 5 significant digits; None for a run that diverged (so the
    record stays strict JSON)."""
    values = [result["losses"][(*key, correct)][which] for key in result["grid"]]
    return [float(f"{v:.5g}") if np.isfinite(v) else None for v in values]


def bias_correction_evidence(scale: str = "default") -> dict:
    """Evidence for ``sec6.4-bias-correction-vae``: the loss with and without correction
    at every setting, early and late, and the seed-to-seed spread."""
    return bias_correction_summary(bias_correction_runs(scale))


def _max_sd(losses: np.ndarray) -> float:
    """The largest seed-to-seed standard deviation (ddof 1) of the early and late losses;
    inf when a spread run diverged."""
    return float(np.std(losses, axis=0, ddof=1).max()) if np.isfinite(losses).all() else math.inf


def bias_correction_summary(result: dict) -> dict:
    """The evidence record of a :func:`bias_correction_runs` result.

    Refused: a ``result`` that is not one (a dict without its entries, another grid,
    losses that are not (early, late) pairs, fewer than two seeds of spread): another
    study's result, say.
    """
    _checked(result)
    runs = [np.asarray(result["spread"][c], dtype=float) for c in (True, False)]
    spread = np.concatenate(runs)  # (seeds * 2, 2)
    finite = spread[np.isfinite(spread)]
    return _record(result) | {
        "corrected_early": _lists(result, True, 0),
        "uncorrected_early": _lists(result, False, 0),
        "corrected_late": _lists(result, True, 1),
        "uncorrected_late": _lists(result, False, 1),
        "seed_sd": max(_max_sd(r) for r in runs),
        "loss_scale": float(np.median(finite)) if finite.size else math.inf,
    }


def no_correction_instability_evidence(scale: str = "default") -> dict:
    """Evidence for the instability half of ``sec3-no-correction-large-steps``: the VAE
    grid's early losses, and the measured initial steps |Delta| / alpha."""
    return instability_summary(bias_correction_runs(scale))


def instability_summary(result: dict) -> dict:
    """The grid's evidence plus the measured first steps, with and without correction.

    Refused, before any step is measured: a ``result`` that :func:`bias_correction_summary`
    refuses.
    """
    evidence = bias_correction_summary(result)
    steps = {}
    for b1, correct in itertools.product(BETA1, (True, False)):
        tag = "corrected" if correct else "uncorrected"
        steps[f"initial_step_{tag}_beta1_{b1:g}_beta2_0.9999"] = initial_steps(b1, 0.9999, correct)
    return evidence | steps | {"initial_step_model": "VAE 784-100-20, first 10 minibatches"}
