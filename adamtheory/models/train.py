"""Minibatch training: the loop every Section 6 experiment runs.

Each epoch visits the examples in a fresh random order (seeded), in minibatches of
``batch`` (128 in the paper; the last, smaller batch is kept), and takes one
optimizer step per minibatch. The training cost the paper plots is recorded per
iteration and as its mean over each epoch. A run whose loss or gradient stops being
finite, or whose optimizer moments overflow, is stopped and marked ``diverged`` (its
remaining costs are NaN).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from scipy import sparse

from ..core import validation
from ..optim import Optimizer

__all__ = ["History", "train"]


class History(NamedTuple):
    iteration_cost: np.ndarray  # minibatch cost at every step (NaN after a divergence)
    epoch_cost: np.ndarray  # mean minibatch cost of each epoch
    diverged: bool
    theta: np.ndarray  # the final parameters
    state: Any  # the optimizer's final state


def _finite_input(name: str, value: Any) -> np.ndarray:
    """``value`` as a non-empty finite real array (or sparse matrix), its dtype kept."""
    if isinstance(value, bool | np.bool_ | str | bytes) or value is None:
        raise TypeError(f"{name} must be a real array, got {type(value).__name__}")
    if sparse.issparse(value):  # the bag-of-words features: check the stored entries
        if value.shape[0] < 1 or not np.all(np.isfinite(value.data)):
            raise ValueError(f"{name} must be a non-empty finite matrix")
        return value
    try:
        array = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be a real array, got {type(value).__name__}") from exc
    if array.dtype.kind not in "fiu":
        raise TypeError(f"{name} must be real, got dtype {array.dtype}")
    if array.ndim < 1 or array.shape[0] < 1:
        raise ValueError(f"{name} must be a non-empty array, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite")
    return array


def train(
    model,
    opt: Optimizer,
    theta: np.ndarray,
    X: Any,
    y: Any,
    *,
    epochs: int,
    batch: int = 128,
    seed: int = 0,
    callback: Callable[[int, np.ndarray, Any], None] | None = None,
) -> History:
    """Train ``theta`` (a copy is taken) with ``opt`` for ``epochs`` passes over (X, y).

    ``y`` may be None (the VAE). ``callback(epoch, theta, state)`` runs after each epoch.
    """
    epochs = validation.count("epochs", epochs)
    batch = validation.count("batch", batch)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise (ValueError if isinstance(seed, int) and not isinstance(seed, bool) else TypeError)(
            f"seed must be an integer >= 0, got {seed!r}"
        )
    if not isinstance(opt, Optimizer):
        raise TypeError(f"opt must be an adamtheory optimizer, got {type(opt).__name__}")
    # Checked once here, not in the per-step layers (models.layers.sigmoid / softplus):
    # a finite theta and X keep every activation finite until the run itself diverges,
    # which the loop below reports as ``diverged``.
    theta = _finite_input("theta", theta)
    X = _finite_input("X", X)
    n = X.shape[0]
    per_epoch = -(-n // batch)
    rng = np.random.default_rng(seed)
    theta = np.array(theta)
    state = opt.init(theta)
    costs = np.full(epochs * per_epoch, np.nan)
    diverged = False
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(epochs):
            order = rng.permutation(n)
            for b in range(per_epoch):
                rows = order[b * batch : (b + 1) * batch]
                target = None if y is None else y[rows]
                loss, grad = model.loss_and_grad(theta, X[rows], target, rng)
                if not (np.isfinite(loss) and np.all(np.isfinite(grad))):
                    diverged = True
                    break
                costs[epoch * per_epoch + b] = loss
                try:
                    state = opt.step(theta, grad, state)
                except FloatingPointError:  # a moment overflowed: the run blew up
                    diverged = True
                    break
            if diverged:
                break
            if callback is not None:
                callback(epoch, theta, state)
    epoch_cost = costs.reshape(epochs, per_epoch).mean(axis=1)
    return History(costs, epoch_cost, diverged, theta, state)
