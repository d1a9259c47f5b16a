"""The paper's protocol for Section 6, shared by its studies.

"We use the same parameter initialization when comparing different optimization
algorithms. The hyper-parameters, such as learning rate and momentum, are searched
over a dense grid and the results are reported using the best hyper-parameter
setting." Here: every method is run at every step size of its grid, from the same
initial point, for each seed (the seed sets the initial point, the minibatch order
and the noise); the best step size is the one with the lowest training cost averaged
over the epochs and the seeds (:data:`SELECTION`); a diverged run counts as +inf.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from ... import optim
from ...core import validation
from ...core.verdict import SCALES
from ...data import Dataset
from ...models import train
from ...optim import Optimizer, schedules
from . import _records

__all__ = [
    "BATCH",
    "GRIDS",
    "METHOD_NAMES",
    "MOMENTUM",
    "SELECTION",
    "Method",
    "Progress",
    "best_index",
    "blas_threads",
    "checked_scale",
    "describe",
    "methods",
    "run_grid",
    "summary",
]

BATCH = 128
"""The paper's minibatch size, in every experiment of Section 6."""

SELECTION = "lowest training cost averaged over the epochs and the seeds (area under the curve)"
"""How the best step size of a grid is chosen (stated in every evidence record)."""


@dataclass(frozen=True)
class Method:
    """An optimizer to compare: a display name, its step-size grid and ``alpha -> Optimizer``.

    Refused: a ``name`` that is not a string, a ``grid`` that is not a non-empty 1-d
    sequence of finite step sizes > 0 (it is kept as a tuple of floats), a ``make`` that
    cannot be called.
    """

    name: str
    grid: tuple[float, ...]
    make: Callable[[float], Optimizer]

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a string, got {type(self.name).__name__}")
        object.__setattr__(self, "grid", _records.grid("grid", self.grid))
        if not callable(self.make):
            raise TypeError(f"make must be a callable alpha -> Optimizer, got {self.make!r}")


GRIDS = {
    "default": {
        "logreg": {"adam": (0.01, 0.03, 0.1, 0.3), "nesterov": (0.1, 0.3, 1.0, 3.0),
                   "adagrad": (0.01, 0.03, 0.1, 0.3)},
        "net": {"adam": (3e-3, 1e-2, 3e-2), "nesterov": (0.03, 0.1, 0.3),
                "adagrad": (3e-3, 1e-2, 3e-2), "rmsprop": (1e-3, 3e-3, 1e-2),
                "adadelta": (1.0, 3.0, 10.0)},
        "cnn": {"adam": (1e-3, 3e-3), "nesterov": (3e-3, 1e-2), "adagrad": (1e-2, 3e-2)},
    },
    "paper": {
        "logreg": {"adam": tuple(np.logspace(-3, 0, 7)), "nesterov": tuple(np.logspace(-2, 1, 7)),
                   "adagrad": tuple(np.logspace(-3, 0, 7))},
        "net": {"adam": tuple(np.logspace(-4.5, -2, 6)), "nesterov": tuple(np.logspace(-3, -0.5, 6)),
                "adagrad": tuple(np.logspace(-3.5, -1, 6)), "rmsprop": tuple(np.logspace(-4.5, -2, 6)),
                "adadelta": (0.3, 1.0, 3.0, 10.0)},
        "cnn": {"adam": tuple(np.logspace(-4, -2, 5)), "nesterov": tuple(np.logspace(-3, -1, 5)),
                "adagrad": tuple(np.logspace(-3, -1, 5))},
    },
}  # fmt: skip
"""Step-size grids, a few points a factor ~3 apart (two for the CNN at the default scale) around each method's usual range
(the paper searched "a dense grid"; the paper scale searches a denser one)."""

MOMENTUM = 0.9
"""SGD's Nesterov momentum (Sutskever et al. 2013's usual value)."""


METHOD_NAMES = ("adam", "nesterov", "adagrad", "rmsprop", "adadelta")
"""The methods Section 6 compares (the names :func:`methods` builds)."""


def _names(names: Any) -> tuple[str, ...]:
    """Distinct names of :data:`METHOD_NAMES` methods."""
    names = tuple(_records.sequence("names", names, "method names"))
    for name in names:
        validation.choice("names", name, METHOD_NAMES)
    _records.distinct("names", names)
    return names


def methods(names, grids, decay: bool) -> list[Method]:
    """The paper's methods with their grids; ``decay`` gives Adam and SGD-Nesterov
    alpha_t = alpha / sqrt(t) (Section 6.1). AdaGrad keeps a constant alpha: its
    accumulator already decays its steps like 1/sqrt(t), and a second decay would
    slow it twice. RMSProp decays with rho = 0.9, AdaDelta with rho = 0.95.

    Refused: ``names`` that are not a non-empty list of distinct :data:`METHOD_NAMES` names,
    ``grids`` without a valid grid for one of them, a ``decay`` that is not a bool.
    """
    names = _names(names)
    validation.record("grids", grids, names)
    grids = {name: _records.grid(f"grids[{name!r}]", grids[name]) for name in names}
    decay = validation.flag("decay", decay)

    def step(alpha):
        return schedules.inverse_sqrt(alpha) if decay else alpha

    factories = {
        "adam": lambda a: optim.adam(alpha=step(a)),
        "nesterov": lambda a: optim.nesterov(alpha=step(a), mu=MOMENTUM),
        "adagrad": lambda a: optim.adagrad(alpha=a),
        "rmsprop": lambda a: optim.rmsprop(alpha=a, rho=0.9),
        "adadelta": lambda a: optim.adadelta(alpha=a, rho=0.95, eps=1e-6),
    }
    return [Method(name, grids[name], factories[name]) for name in names]


def describe(scale, cfg, dataset, model, names, decay) -> dict:
    """The protocol part of a study's evidence record: data, sizes, methods, selection.

    Refused: an unknown ``scale``; a ``cfg`` without ``epochs`` (a count) and ``seeds``
    (distinct seeds); a ``dataset`` that is not a :class:`adamtheory.data.Dataset`; a
    ``model`` that is not a package model; ``names`` and ``decay`` as :func:`methods`.
    """
    scale = checked_scale(scale)
    validation.record("cfg", cfg, ("epochs", "seeds"))
    epochs = validation.count("cfg['epochs']", cfg["epochs"])
    seeds = _records.seeds("cfg['seeds']", cfg["seeds"])
    if not isinstance(dataset, Dataset):
        raise TypeError(
            f"dataset must be an adamtheory.data.Dataset, got {type(dataset).__name__}"
        )
    model, names, decay = _records.model(model), _names(names), validation.flag("decay", decay)
    return {
        "data": dataset.name,
        "data_source": dataset.source,
        "n_examples": int(dataset.X.shape[0]),
        "scale": scale,
        "epochs": epochs,
        "seeds": len(seeds),
        "batch": BATCH,
        "model": repr(model),
        "methods": list(names),
        "step_size": "alpha/sqrt(t) for adam and nesterov" if decay else "constant alpha",
        "selection": SELECTION,
    }


def checked_scale(scale: str) -> str:
    return validation.choice("scale", scale, SCALES)


def blas_threads(scale: str):
    """One BLAS thread at the default scale: its matrices (a minibatch of 128 against a
    few hundred units) are too small to share, and on a busy machine extra threads
    slow each product tenfold. The paper scale keeps the library's own choice."""
    if validation.choice("scale", scale, SCALES) == "default":
        return threadpool_limits(limits=1, user_api="blas")
    return contextlib.nullcontext()


class Progress:
    """A tqdm bar on a terminal, one plain line per run otherwise; silent when disabled.

    Refused: a ``total`` that is not an integer >= 0, a ``desc`` that is not a string,
    an ``enabled`` that is not a bool.
    """

    def __init__(self, total: int, desc: str, enabled: bool):
        total, enabled = validation.count("total", total, 0), validation.flag("enabled", enabled)
        if not isinstance(desc, str):
            raise TypeError(f"desc must be a string, got {type(desc).__name__}")
        self.bar, self.done, self.total, self.desc = None, 0, total, desc
        self.enabled = enabled
        if enabled and sys.stderr.isatty():
            from tqdm.auto import tqdm

            self.bar = tqdm(total=total, desc=desc, file=sys.stderr)

    def update(self, what: str) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        elif self.enabled:
            print(f"{self.desc}: {self.done}/{self.total} {what}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _methods(methods: Any) -> tuple[Method, ...]:
    methods = tuple(_records.sequence("methods", methods, "Method records"))
    for method in methods:
        if not isinstance(method, Method):
            raise TypeError(f"methods must hold Method records, got {type(method).__name__}")
    _records.distinct("methods", [m.name for m in methods])
    return methods


def run_grid(
    model,
    X,
    y,
    methods: Sequence[Method],
    *,
    epochs: int,
    seeds: Sequence[int],
    batch: int = BATCH,
    scale: str = "default",
    callback_factory=None,
) -> dict[str, dict]:
    """Train every (method, step size, seed); return per method the grid and the costs.

    Each method's record: ``alphas`` (the grid), ``epoch_cost`` of shape
    (alphas, seeds, epochs), ``iteration_cost`` of shape (alphas, seeds, steps) and
    ``diverged`` (alphas, seeds). ``callback_factory(method, alpha, seed)`` may return
    a per-epoch callback for :func:`adamtheory.models.train`. The paper scale shows
    a progress bar (:class:`Progress`).

    Refused before any run: a ``model`` that is not a package model; an ``X`` without
    rows; ``y`` that are not integer labels, one per row, below the classifier's number
    of classes (None only for the VAE); ``methods`` that are not distinct
    :class:`Method` records; ``seeds`` that are not distinct integers >= 0; bad
    ``epochs``, ``batch``, ``scale``; a ``callback_factory`` that cannot be called.
    (``X`` itself is checked finite by :func:`adamtheory.models.train`.)
    """
    model = _records.model(model)
    y = _records.labels(y, _records.rows(X), model)
    methods, seeds = _methods(methods), _records.seeds("seeds", seeds)
    epochs, batch = validation.count("epochs", epochs), validation.count("batch", batch)
    if callback_factory is not None and not callable(callback_factory):
        raise TypeError(f"callback_factory must be callable or None, got {callback_factory!r}")
    total = sum(len(m.grid) for m in methods) * len(seeds)
    bar = Progress(total, "runs", checked_scale(scale) == "paper")
    out = {}
    with blas_threads(scale):
        for method in methods:
            out[method.name] = _run_method(
                model, X, y, method, epochs, seeds, batch, bar, callback_factory
            )
    bar.close()
    return out


def _run_method(model, X, y, method, epochs, seeds, batch, bar, callback_factory) -> dict:
    """Every step size of ``method``'s grid, for every seed."""
    epoch_cost, iteration_cost, diverged = [], [], []
    for alpha in method.grid:
        rows = []
        for seed in seeds:
            callback = callback_factory(method, alpha, seed) if callback_factory else None
            history = train(
                model, method.make(alpha), model.init(seed), X, y,
                epochs=epochs, batch=batch, seed=seed, callback=callback,
            )  # fmt: skip
            rows.append(history)
            bar.update(f"{method.name} alpha={alpha:g} seed={seed}")
        epoch_cost.append([h.epoch_cost for h in rows])
        iteration_cost.append([h.iteration_cost for h in rows])
        diverged.append([h.diverged for h in rows])
    return {
        "alphas": np.array(method.grid),
        "epoch_cost": np.array(epoch_cost),
        "iteration_cost": np.array(iteration_cost),
        "diverged": np.array(diverged),
    }


def best_index(record: dict) -> int:
    """Index of the best step size (:data:`SELECTION`); ties go to the smaller step.

    Refused: a ``record`` that is not a :func:`run_grid` method record (see
    :func:`summary`)."""
    cost = validation.real_array("record", _records.run_record("record", record, ())["epoch_cost"])
    cost = np.where(np.isfinite(cost), cost, np.inf)
    return int(np.argmin(cost.mean(axis=(1, 2))))


def _rounded(values) -> list[float]:
    return [float(f"{v:.4g}") for v in np.asarray(values, dtype=float)]


def summary(runs: dict[str, dict], early_epochs: int = 1) -> dict:
    """Flat evidence for each method at its best step size.

    ``<m>_alpha``; ``<m>_cost_mean``/``_sd``: the training cost averaged over the
    epochs (the area under the curve: lower is faster), its mean and standard
    deviation over seeds (inf when a run diverged); ``<m>_early_mean``/``_sd``: the
    same over the first ``early_epochs`` epochs; ``<m>_final_mean``/``_sd``: the last
    epoch's cost; ``<m>_curve``: the mean cost per epoch; ``<m>_at_grid_edge``: whether
    the best step size is the grid's smallest or largest; ``<m>_diverged``: runs that
    diverged.

    Refused: ``runs`` that are not a non-empty mapping of method names to
    :func:`run_grid` records (``alphas``, ``epoch_cost``, ``diverged``), and an
    ``early_epochs`` that is not a count of at most the runs' epochs.
    """
    runs = _records.runs("runs", runs, early_epochs)
    evidence = {}
    for name, record in runs.items():
        i = best_index(record)
        costs = validation.real_array("runs", record["epoch_cost"])[i]  # (seeds, epochs)
        finite = np.where(np.isfinite(costs), costs, np.inf)
        area, early, final = (
            finite.mean(axis=1),
            finite[:, :early_epochs].mean(axis=1),
            finite[:, -1],
        )
        evidence |= {
            f"{name}_alpha": float(record["alphas"][i]),
            f"{name}_cost_mean": float(area.mean()),
            f"{name}_cost_sd": _records.sd(area),
            f"{name}_early_mean": float(early.mean()),
            f"{name}_early_sd": _records.sd(early),
            f"{name}_final_mean": float(final.mean()),
            f"{name}_final_sd": _records.sd(final),
            f"{name}_curve": _rounded(costs.mean(axis=0)),
            f"{name}_at_grid_edge": bool(i in (0, len(record["alphas"]) - 1)),
            f"{name}_diverged": int(np.sum(record["diverged"])),
        }
    return evidence
