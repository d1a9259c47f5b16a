"""Section 6's experiments: the paper's protocol on real data, at laptop or paper scale.

Each ``*_runs(scale)`` trains every method over its step-size grid and seeds and
returns the full record (the notebook draws the paper's figures from it); each
``*_evidence(scale)`` reduces it to the flat evidence record the rule reads. The
default scale keeps each study to seconds on two cores by taking a subset of the
data, fewer epochs and, for the MLP, the CNN and the VAE, narrower networks: the
evidence says which variant ran (``variant``). ``scale="paper"`` runs the paper's
sizes and epochs on all of the stand-in data (or the real files, see
:mod:`adamtheory.data`), with a progress bar.
"""

from __future__ import annotations

import numpy as np

from ... import data, models
from ...core import validation
from . import _records
from .cnn_study import cnn_evidence, cnn_runs, cnn_summary
from .protocol import GRIDS, checked_scale, describe, methods, run_grid, summary
from .vae_study import (
    bias_correction_evidence,
    bias_correction_runs,
    bias_correction_summary,
    initial_steps,
    instability_summary,
    no_correction_instability_evidence,
)

__all__ = [
    "CONFIG",
    "bias_correction_evidence",
    "bias_correction_runs",
    "no_correction_instability_evidence",
    "cnn_evidence",
    "cnn_runs",
    "cnn_summary",
    "comparison_summary",
    "bias_correction_summary",
    "initial_steps",
    "instability_summary",
    "logreg_bow_evidence",
    "logreg_bow_runs",
    "logreg_mnist_evidence",
    "logreg_mnist_runs",
    "mlp_evidence",
    "mlp_runs",
]

SEED = 0

CONFIG = {
    "logreg-mnist": {
        "default": {"n": None, "epochs": 8, "seeds": (0, 1, 2), "l2": 1e-4},
        "paper": {"n": None, "epochs": 45, "seeds": (0, 1, 2), "l2": 1e-4},
    },
    "logreg-bow": {
        "default": {"n": 4000, "epochs": 8, "seeds": (0, 1, 2), "l2": 1e-4},
        "paper": {"n": None, "epochs": 160, "seeds": (0, 1, 2), "l2": 1e-4},
    },
    "mlp": {
        "default": {"n": 2000, "hidden": 100, "epochs": 6, "seeds": (0, 1, 2)},
        "paper": {"n": None, "hidden": 1000, "epochs": 200, "seeds": (0, 1, 2)},
    },
}  # fmt: skip
"""Sizes per study and scale. ``n=None`` takes all of the data (5,000 bundled digits,
25,000 reviews); the paper's epochs are read off its figures (45 for Figure 1's
MNIST panel and Figure 3, 160 for the IMDB panel, 200 for Figure 2)."""


def comparison_summary(result: dict, early_epochs: int = 1) -> dict:
    """The evidence record of a ``*_runs`` result: its protocol and each method's
    summary at its best step size (:func:`protocol.summary`).

    Refused: a ``result`` without ``protocol`` (a dict) and ``runs`` (as
    :func:`protocol.run_grid` returns them), an ``early_epochs`` that is not a count of
    at most the runs' epochs.
    """
    validation.record("result", result, ("protocol", "runs"))
    protocol = validation.record("result['protocol']", result["protocol"])
    runs = _records.runs("result['runs']", result["runs"], early_epochs)
    return dict(protocol) | summary(runs, early_epochs)


def _flat_images(X):
    return X.reshape(len(X), -1)


def logreg_mnist_runs(scale: str = "default") -> dict:
    """Section 6.1, Figure 1 (left): L2 logistic regression on MNIST digits."""
    scale = checked_scale(scale)
    cfg = CONFIG["logreg-mnist"][scale]
    digits = data.load_mnist(cfg["n"], seed=SEED)
    model = models.LogisticRegression(784, 10, l2=cfg["l2"])
    names = ("adam", "nesterov", "adagrad")
    protocol = describe(scale, cfg, digits, model, names, True)
    runs = run_grid(
        model, _flat_images(digits.X), digits.y, methods(names, GRIDS[scale]["logreg"], True),
        epochs=cfg["epochs"], seeds=cfg["seeds"], scale=scale,
    )  # fmt: skip
    return {"runs": runs, "protocol": protocol | {"l2": cfg["l2"], "variant": "none"}}


def logreg_mnist_evidence(scale: str = "default") -> dict:
    """Evidence for ``sec6.1-logreg-mnist``: Adam like SGD-Nesterov, both faster than AdaGrad."""
    return comparison_summary(logreg_mnist_runs(scale))


def logreg_bow_runs(scale: str = "default") -> dict:
    """Section 6.1, Figure 1 (right): logistic regression on IMDB bags of words with
    50% dropout noise on the features."""
    scale = checked_scale(scale)
    cfg = CONFIG["logreg-bow"][scale]
    reviews = data.load_imdb_bow(cfg["n"], words=10_000, seed=SEED)
    model = models.LogisticRegression(reviews.X.shape[1], 2, l2=cfg["l2"], input_dropout=0.5)
    names = ("adam", "nesterov", "adagrad")
    protocol = describe(scale, cfg, reviews, model, names, True)
    runs = run_grid(
        model, reviews.X, reviews.y, methods(names, GRIDS[scale]["logreg"], True),
        epochs=cfg["epochs"], seeds=cfg["seeds"], scale=scale,
    )  # fmt: skip
    density = reviews.X.nnz / np.prod(reviews.X.shape)
    variant = "none" if cfg["n"] is None else f"{cfg['n']} of the 25,000 reviews"
    extra = {
        "l2": cfg["l2"],
        "feature_dropout": 0.5,
        "density": float(density),
        "variant": variant,
    }
    return {"runs": runs, "protocol": protocol | extra}


def logreg_bow_evidence(scale: str = "default") -> dict:
    """Evidence for ``sec6.1-logreg-bow``: AdaGrad beats SGD-Nesterov; Adam as fast as AdaGrad."""
    return comparison_summary(logreg_bow_runs(scale))


def mlp_runs(scale: str = "default") -> dict:
    """Section 6.2, Figure 2 (a): the MLP with dropout on MNIST digits."""
    scale = checked_scale(scale)
    cfg = CONFIG["mlp"][scale]
    digits = data.load_mnist(cfg["n"], seed=SEED)
    h = cfg["hidden"]
    model = models.MLP((784, h, h, 10), dropout=0.5)
    names = ("adam", "adagrad", "rmsprop", "nesterov", "adadelta")
    protocol = describe(scale, cfg, digits, model, names, False)
    runs = run_grid(
        model, _flat_images(digits.X), digits.y, methods(names, GRIDS[scale]["net"], False),
        epochs=cfg["epochs"], seeds=cfg["seeds"], scale=scale,
    )  # fmt: skip
    variant = "none" if h == 1000 else f"784-{h}-{h}-10 (the paper's is 784-1000-1000-10)"
    return {"runs": runs, "protocol": protocol | {"dropout": 0.5, "variant": variant}}


def mlp_evidence(scale: str = "default") -> dict:
    """Evidence for ``sec6.2-mlp``: Adam beats AdaGrad, RMSProp, SGD-Nesterov, AdaDelta."""
    return comparison_summary(mlp_runs(scale))
