"""The checks behind Section 6's protocol: its arguments and the run records it returns.

Private to this part: :mod:`.protocol`, :mod:`.studies`, :mod:`.cnn_study` and
:mod:`.vae_study` call them at the entry of their public functions, so that a bad
argument or a record of the wrong shape is refused with a ``TypeError``/``ValueError``
naming it (``core.validation``), never a ``KeyError`` from deep inside. Each public
function that uses them has its public-input case (tests/public).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy import sparse

from ...core import validation
from ...models import CNN, MLP, LogisticRegression, Model


def grid(name: str, value: Any) -> tuple[float, ...]:
    """A non-empty 1-d sequence of step sizes > 0, as a tuple of floats."""
    return tuple(float(a) for a in validation.grid(name, value, validation.positive))


def sequence(name: str, value: Any, what: str) -> Sequence:
    """A non-empty list or tuple (a string is one value, not a sequence of them)."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a list or tuple of {what}, got {value!r}")
    if len(value) == 0:
        raise ValueError(f"{name} must hold at least one of {what}, got {value!r}")
    return value


def distinct(name: str, values: Sequence) -> None:
    """Refuse a repeated entry (a repeated method or seed would be counted twice)."""
    if len(set(values)) != len(values):
        raise ValueError(f"{name} must not repeat an entry, got {list(values)!r}")


def seeds(name: str, seeds: Any) -> tuple[int, ...]:
    """Distinct seeds (integers >= 0), as plain ints (a repeated seed would count twice)."""
    seeds = validation.counts(name, seeds, minimum=0)
    distinct(name, seeds)
    return seeds


def model(model: Any) -> Model:
    """One of the package's models (:class:`adamtheory.models.Model`)."""
    if not isinstance(model, Model):
        raise TypeError(f"model must be an adamtheory.models model, got {type(model).__name__}")
    return model


def labels(y: Any, n: int, model: Model) -> np.ndarray | None:
    """Integer labels, one per example, below the number of classes of the package's
    classifiers (the size of their output bias), as an array; None only for a model
    without labels (the VAE)."""
    classifier = isinstance(model, LogisticRegression | MLP | CNN)
    if y is None and not classifier:
        return None
    classes = model.shapes[list(model.shapes)[-1]][0] if classifier else np.iinfo(np.int64).max
    return validation.class_labels("y", y, n, classes, "X", "model")


def rows(X: Any) -> int:
    """The number of examples of ``X`` (an array or a sparse matrix); none is refused."""
    shape = X.shape if isinstance(X, np.ndarray) or sparse.issparse(X) else None
    if shape is None:
        shape = validation.real_array("X", X).shape
    if len(shape) < 1 or shape[0] < 1:
        raise ValueError(f"X must hold at least one example (rows), got shape {shape}")
    return shape[0]


def run_record(name: str, record: Any, keys: tuple[str, ...]) -> Mapping:
    """A method's record of :func:`.protocol.run_grid` holding ``keys``: ``epoch_cost`` a real
    (alphas, seeds, epochs) array (NaN marks a diverged run), ``alphas`` the grid,
    ``diverged`` a bool (alphas, seeds) array."""
    record = validation.record(name, record, ("epoch_cost", *keys))
    cost = validation.real_array(f"{name}['epoch_cost']", record["epoch_cost"])
    if cost.ndim != 3 or 0 in cost.shape:
        raise ValueError(
            f"{name}['epoch_cost'] must be a non-empty (alphas, seeds, epochs) array, "
            f"got shape {cost.shape}"
        )
    if "alphas" in keys and len(grid(f"{name}['alphas']", record["alphas"])) != len(cost):
        raise ValueError(f"{name}['alphas'] must give one step size per row of its epoch_cost")
    if "diverged" in keys:
        diverged = np.asarray(record["diverged"])
        if diverged.dtype != bool or diverged.shape != cost.shape[:2]:
            raise ValueError(
                f"{name}['diverged'] must be bools of shape {cost.shape[:2]}, "
                f"got {diverged.dtype} {diverged.shape}"
            )
    return record


def sd(values: np.ndarray) -> float:
    """The standard deviation over seeds (ddof 1): 0 for one seed, inf when a run
    diverged (its cost is inf: the spread is unbounded)."""
    if len(values) < 2:
        return 0.0
    return float(values.std(ddof=1)) if np.all(np.isfinite(values)) else float("inf")


def runs(name: str, runs: Any, early_epochs: Any = 1) -> dict[str, Mapping]:
    """``runs`` as :func:`.protocol.run_grid` returns them (method name -> record), and an
    ``early_epochs`` that the runs have; refused by ``name`` otherwise."""
    validation.record(name, runs)
    if not runs:
        raise ValueError(f"{name} must hold at least one method's record, got {{}}")
    for method in runs:
        if not isinstance(method, str):
            raise TypeError(f"{name} must be keyed by method names, got {method!r}")
    keys = ("alphas", "epoch_cost", "diverged")
    runs = {m: run_record(f"{name}[{m!r}]", r, keys) for m, r in runs.items()}
    early = validation.count("early_epochs", early_epochs)
    epochs = min(np.shape(r["epoch_cost"])[2] for r in runs.values())
    if early > epochs:
        raise ValueError(f"early_epochs must be at most the runs' {epochs} epochs, got {early}")
    return runs
