"""Section 6.3: the CNN, Adam against AdaGrad and SGD-Nesterov, and the size of v-hat.

The paper: "although both Adam and Adagrad make rapid progress lowering the cost in
the initial stage of the training [...] Adam and SGD eventually converge considerably
faster than Adagrad for CNNs" and "the second moment estimate v_t vanishes to zeros
after a few epochs and is dominated by the epsilon in algorithm 1". We measure the
second: after every epoch of each Adam run, the fraction of the parameters whose
sqrt(v-hat) is below eps (where eps dominates Algorithm 1's denominator), and the
median of sqrt(v-hat).

No package ships CIFAR-10: the network runs on the MNIST digits unless the real
CIFAR-10 pickles are under the data root (paper scale). At the default scale the
digits are averaged down to 14x14 and padded to 16x16 (three 3x3/2 poolings need
at least 15 pixels) and the network is narrower (c8-c8-c16, 100 hidden units).
"""

from __future__ import annotations

import numpy as np

from ... import data, models
from ...core import validation
from ...data import files
from . import _records
from .protocol import GRIDS, checked_scale, describe, methods, run_grid, summary

__all__ = ["CNN_CONFIG", "EPS", "cnn_evidence", "cnn_images", "cnn_runs", "cnn_summary"]

CNN_CONFIG = {
    "default": {"n": 1280, "channels": (8, 8, 16), "hidden": 100, "half": True,
                "epochs": 6, "early": 3, "seeds": (0, 1)},
    "paper": {"n": None, "channels": (64, 64, 128), "hidden": 1000, "half": False,
              "epochs": 45, "early": 3, "seeds": (0, 1, 2)},
}  # fmt: skip
"""Sizes per scale; ``early`` is the number of epochs the paper's Figure 3 (left) shows
for the "initial stage" (three, of 45; three of six at the default scale, whose
first epoch is only ten steps)."""

EPS = 1e-8
"""Adam's epsilon (Algorithm 1's default), against which sqrt(v-hat) is measured."""


def cnn_images(cfg: dict, seed: int = 0) -> data.Dataset:
    """Whitened images (n, h, w, c): CIFAR-10 if its files are there (paper scale), else
    the MNIST digits (halved to 14x14 and padded to 16x16 when ``cfg["half"]``).

    "Whitening" here: every pixel centred on its mean over the images, all divided by
    one global standard deviation (the paper does not say which whitening it used).

    Refused: a ``cfg`` without ``n`` (a count, or None for all) and ``half`` (a bool),
    a ``seed`` that is not an integer >= 0.
    """
    validation.record("cfg", cfg, ("n", "half"))
    validation.flag("cfg['half']", cfg["half"])
    if cfg["n"] is not None:
        validation.count("cfg['n']", cfg["n"])
    seed = validation.count("seed", seed, 0)
    if not cfg["half"] and files.dataset_folder("cifar10") is not None:
        images = data.load_cifar10(cfg["n"], seed=seed)
        X, name = images.X, images.name
    else:
        images = data.load_mnist(cfg["n"], seed=seed)
        X, name = images.X[..., None], images.name
        if cfg["half"]:
            n = len(X)
            X = X.reshape(n, 14, 2, 14, 2, 1).mean(axis=(2, 4))
            X = np.pad(X, ((0, 0), (1, 1), (1, 1), (0, 0)))
            name += ", halved to 14x14 and padded to 16x16"
    X = X - X.mean(axis=0)
    X = (X / X.std()).astype(np.float32)
    return data.Dataset(X, images.y, name, images.source)


class _VhatMonitor:
    """Per-epoch statistics of sqrt(v-hat) for the Adam runs."""

    def __init__(self):
        self.records = {}

    def factory(self, method, alpha, seed):
        if method.name != "adam":
            return None
        rows = self.records.setdefault((alpha, seed), [])

        def callback(epoch, theta, state):
            root = np.sqrt(state.v / (1 - state.beta2_power))
            rows.append((float(np.mean(root < EPS)), float(np.median(root))))

        return callback


def cnn_runs(scale: str = "default") -> dict:
    """Train the CNN with Adam, AdaGrad and SGD-Nesterov over their grids and seeds."""
    scale = checked_scale(scale)
    cfg = CNN_CONFIG[scale]
    images = cnn_images(cfg)
    model = models.CNN(images.X.shape[1:], cfg["channels"], cfg["hidden"], dropout=0.5)
    names = ("adam", "adagrad", "nesterov")
    protocol = describe(scale, cfg, images, model, names, False)  # checked before the runs
    monitor = _VhatMonitor()
    runs = run_grid(
        model, images.X, images.y, methods(names, GRIDS[scale]["cnn"], False),
        epochs=cfg["epochs"], seeds=cfg["seeds"], scale=scale,
        callback_factory=monitor.factory,
    )  # fmt: skip
    paper_like = cfg["channels"] == (64, 64, 128) and cfg["hidden"] == 1000
    variant = "none" if paper_like else (
        f"c{'-c'.join(map(str, cfg['channels']))}-{cfg['hidden']} on {images.X.shape[1]}x"
        f"{images.X.shape[2]} images (the paper's: c64-c64-c128-1000 on CIFAR-10)"
    )  # fmt: skip
    if "CIFAR" not in images.name and paper_like:
        variant = "MNIST digits in place of CIFAR-10 (no package ships CIFAR-10)"
    protocol |= {"early_epochs": cfg["early"], "variant": variant, "dropout": "input 0.2, fc 0.5"}
    return {"runs": runs, "protocol": protocol, "vhat": monitor.records}


def cnn_evidence(scale: str = "default") -> dict:
    """Evidence for ``sec6.3-cnn``: early and final costs at each method's best step
    size, and sqrt(v-hat) against eps for Adam's best run (first seed)."""
    return cnn_summary(cnn_runs(scale))


def _vhat_rows(result: dict, alpha: float) -> np.ndarray:
    """The (fraction, median) rows of Adam's run at ``alpha``, seed 0 (none if it
    diverged in its first epoch)."""
    vhat = validation.record("result['vhat']", result["vhat"])
    if (alpha, 0) not in vhat:
        raise ValueError(
            f"result['vhat'] has no record of Adam's best run (alpha={alpha:g}, seed 0)"
        )
    rows = validation.real_array("result['vhat']", vhat[alpha, 0])
    if len(rows) and (rows.ndim != 2 or rows.shape[1] != 2):
        raise ValueError(f"result['vhat'] rows must be (fraction, median) pairs, got {rows.shape}")
    return rows


def cnn_summary(result: dict) -> dict:
    """The evidence record of a :func:`cnn_runs` result.

    Refused: a ``result`` without ``runs`` (with Adam's), ``protocol`` (whose
    ``epochs`` are the runs' and ``early_epochs`` at most that) and ``vhat`` (with a
    record of Adam's best run, seed 0): another study's result, say.
    """
    validation.record("result", result, ("runs", "protocol", "vhat"))
    where = "result['protocol']"
    protocol = validation.record(where, result["protocol"], ("epochs", "early_epochs"))
    runs = _records.runs("result['runs']", result["runs"])
    validation.record("result['runs']", runs, ("adam",))
    epochs = np.shape(runs["adam"]["epoch_cost"])[2]
    if protocol["epochs"] != epochs:
        raise ValueError(
            f"{where}['epochs'] must be the runs' {epochs}, got {protocol['epochs']!r}"
        )
    early = validation.count(f"{where}['early_epochs']", protocol["early_epochs"])
    if early > epochs:  # named as the protocol's entry (summary would say early_epochs)
        raise ValueError(f"{where}['early_epochs'] must be at most {epochs}, got {early}")
    evidence = dict(protocol) | summary(runs, early)
    rows = _vhat_rows(result, evidence["adam_alpha"])
    complete = len(rows) == evidence["epochs"]
    return evidence | {
        "eps": EPS,
        "vhat_epochs_measured": len(rows),
        "vhat_run_complete": complete,
        "eps_dominates_fraction": [round(float(f), 4) for f in rows[:, 0]] if len(rows) else [],
        "root_vhat_median": [float(f"{m:.3g}") for m in rows[:, 1]] if len(rows) else [],
        "adam_grid": [float(a) for a in runs["adam"]["alphas"]],
    }
