r"""Does training become unstable without bias correction? (Section 3, tested in 6.4)

Section 3 ends: without the correction, :math:`\beta_2` close to 1 gives much larger
initial steps, "and training becomes unstable" (Section 6.4 shows it on a VAE). Until
the Section 6.4 part lands, this module shows it on a small model of its own, labelled
as a variant: **L2-free logistic regression on seeded synthetic sparse features**
(feature j active with probability falling geometrically from 1 to 0.01, the sparse
case for which Section 3 recommends :math:`\beta_2` near 1), minibatches of 128,
trained by Adam with and without bias correction over Section 6.4's grid
:math:`\beta_1 \in \{0, 0.9\}`, :math:`\beta_2 \in \{0.99, 0.999, 0.9999\}`,
:math:`\log_{10}\alpha \in \{-5, \dots, -1\}`. All 30 configurations of one variant run
at once: theta has shape (30, d), the hyperparameters shape (30, 1).

The loss recorded is each minibatch's loss before its step (the training curve). It
starts at :math:`\log 2` (theta = 0): a loss far above that means the optimizer made
the model much worse than not training at all, which is what "unstable" means here.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.special import expit

from ... import optim
from ...core import validation
from ...core.validation import (
    choice,
    count,
    finite_float,
    in_interval,
    real_array,
)

__all__ = [
    "ALPHAS",
    "BETA1S",
    "BETA2S",
    "InstabilityRun",
    "logistic_minibatch_training",
    "sparse_logistic_data",
]

ALPHAS = (1e-5, 1e-4, 1e-3, 1e-2, 1e-1)  # Section 6.4: log10 alpha in {-5, ..., -1}
BETA1S = (0.0, 0.9)  # Section 6.4
BETA2S = (0.99, 0.999, 0.9999)  # Section 6.4


def sparse_logistic_data(
    examples: int = 4096, dim: int = 100, rarest: float = 0.01, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    r"""Seeded data: :math:`x_{nj} = b_{nj} z_{nj}`, :math:`z \sim N(0,1)`, :math:`b_{nj}`
    Bernoulli with probability :math:`p_j` from 1 down to ``rarest`` geometrically; labels
    :math:`y_n \in \{0, 1\}` drawn from a logistic teacher :math:`\sigma(\langle w, x_n\rangle)`,
    :math:`w \sim N(0, 4/d)`, so the data are not separable."""
    examples, dim = count("examples", examples, 2), count("dim", dim)
    rarest = in_interval("rarest", rarest, 0.0, 1.0, closed_low=False, closed_high=True)
    rng = np.random.default_rng(count("seed", seed, 0))
    active = rng.random((examples, dim)) < np.geomspace(1.0, rarest, dim)
    features = active * rng.standard_normal((examples, dim))
    teacher = rng.standard_normal(dim) * 2 / np.sqrt(dim)
    labels = (rng.random(examples) < expit(features @ teacher)).astype(np.float64)
    return features, labels


class InstabilityRun(NamedTuple):
    """Minibatch losses, shape (steps, configs), for the grid's configurations."""

    alpha: np.ndarray  # (configs,)
    beta1: np.ndarray
    beta2: np.ndarray
    corrected: np.ndarray  # Algorithm 1
    uncorrected: np.ndarray  # bias_correction=False, same minibatches
    initial_loss: float  # log 2: the loss of theta = 0
    setting: str  # examples, dimension, minibatch, epochs

    def worst(self, variant: str, beta2: float) -> float:
        """The largest minibatch loss over the (alpha, beta1) grid at this beta2."""
        return float(self._at(variant, beta2).max())

    def unstable_runs(self, variant: str, beta2: float, level: float) -> int:
        """How many (alpha, beta1) runs at this beta2 have a loss above ``level``."""
        return int(np.sum(self._at(variant, beta2).max(axis=0) > finite_float("level", level)))

    def _at(self, variant: str, beta2: float) -> np.ndarray:
        choice("variant", variant, ("corrected", "uncorrected"))
        losses = self.corrected if variant == "corrected" else self.uncorrected
        runs = self.beta2 == finite_float("beta2", beta2)
        if not np.any(runs):
            raise ValueError(
                f"beta2 must be one of {sorted(set(self.beta2.tolist()))}, got {beta2}"
            )
        return losses[:, runs]


def logistic_minibatch_training(
    features,
    labels,
    epochs: int = 10,
    batch: int = 128,
    alphas=ALPHAS,
    beta1s=BETA1S,
    beta2s=BETA2S,
    seed: int = 0,
) -> InstabilityRun:
    r"""Train logistic regression by Adam with and without bias correction, whole grid at once.

    Loss :math:`\frac1B\sum_n \log(1+e^{z_n}) - y_n z_n`, :math:`z_n = \langle\theta, x_n\rangle`,
    gradient :math:`\frac1B\sum_n (\sigma(z_n) - y_n) x_n`. Both variants see the same
    minibatches (one seeded shuffle per epoch) from theta = 0.

    Refused by name: ``features`` that are not a finite non-empty (n, d) real array,
    ``labels`` that are not n values 0 or 1, grids that are not non-empty 1-d sequences
    in their domain (alpha > 0, betas in [0, 1)). A run whose float64 arithmetic
    overflows (a huge alpha or feature) raises ``FloatingPointError``.
    """
    X = real_array("features", features)
    if X.ndim != 2 or X.size == 0 or not np.all(np.isfinite(X)):
        raise ValueError(f"features must be a finite non-empty (n, d) array, got {X.shape}")
    y = real_array("labels", labels)
    if y.shape != X.shape[:1]:
        raise ValueError(f"labels must have shape ({X.shape[0]},) as features, got {y.shape}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("labels must be 0 or 1")
    epochs, batch = count("epochs", epochs), count("batch", batch)
    grid = np.meshgrid(
        validation.grid("alphas", alphas, validation.positive),
        validation.grid("beta1s", beta1s, validation.unit),
        validation.grid("beta2s", beta2s, validation.unit),
        indexing="ij",
    )
    alpha, beta1, beta2 = (np.ravel(a) for a in grid)
    order = np.random.default_rng(count("seed", seed, 0))
    batches = [
        perm[k : k + batch]
        for perm in (order.permutation(len(y)) for _ in range(epochs))
        for k in range(0, len(y), batch)
    ]
    losses = {}
    with np.errstate(over="raise", invalid="raise"):  # finite input, overflowing: named
        for corrected in (True, False):
            losses[corrected] = _train(X, y, batches, alpha, beta1, beta2, corrected)
    setting = f"{len(y)} examples, d = {X.shape[1]}, minibatch {batch}, {epochs} epochs"
    return InstabilityRun(
        alpha, beta1, beta2, losses[True], losses[False], float(np.log(2)), setting
    )


def _train(X, y, batches, alpha, beta1, beta2, corrected: bool) -> np.ndarray:
    """The minibatch losses of one variant (with or without bias correction), (steps, K)."""
    opt = optim.adam(
        alpha=alpha[:, None],
        beta1=beta1[:, None],
        beta2=beta2[:, None],
        bias_correction=corrected,
    )
    theta = np.zeros((alpha.size, X.shape[1]))
    state = opt.init(theta)
    trace = np.empty((len(batches), alpha.size))
    for k, rows in enumerate(batches):
        z = theta @ X[rows].T  # (configs, B)
        trace[k] = np.mean(np.logaddexp(0.0, z) - y[rows] * z, axis=1)
        state = opt.step(theta, (expit(z) - y[rows]) @ X[rows] / len(rows), state)
    return trace
