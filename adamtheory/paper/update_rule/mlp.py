r"""A small multilayer perceptron in NumPy: the trust-region study's neural-network problem.

Two hidden ReLU layers and a softmax cross-entropy on generated data (a random teacher
network with label noise), parameters in one flat vector so that ``optim.adam`` steps
them all at once. Small on purpose (20-32-32-3, 1827 parameters, 512 points): the
question is the distribution of Adam's per-coordinate step |Delta_t|/alpha on a
non-convex loss, minibatch and full-batch, not accuracy. Section 6's models (the
paper's architectures) belong to ``adamtheory.models``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ...core import validation

__all__ = ["BLOCK", "MLP", "mlp_problem"]

BLOCK = 256
"""Rows per block of the forward and backward pass: 2000 full-batch steps take 1.9 s in
blocks of 256 rows, 3.2 s in blocks of 64 and 26 s as one product of 512 rows (OpenBLAS
threads on a busy 2-core machine)."""


class MLP(NamedTuple):
    x: np.ndarray  # (n, d) features
    y: np.ndarray  # (n,) class labels
    shapes: tuple[tuple[int, ...], ...]  # W1, b1, W2, b2, W3, b3

    @property
    def size(self) -> int:
        return int(sum(np.prod(s) for s in self.shapes))

    def init(self, rng: np.random.Generator) -> np.ndarray:
        """He-initialised weights, zero biases, as one flat vector."""
        parts = [
            rng.standard_normal(s) * np.sqrt(2 / s[0]) if len(s) == 2 else np.zeros(s)
            for s in self.shapes
        ]
        return np.concatenate([p.ravel() for p in parts])

    def _unpack(self, flat: np.ndarray) -> list[np.ndarray]:
        parts, offset = [], 0
        for s in self.shapes:
            n = int(np.prod(s))
            parts.append(flat[offset : offset + n].reshape(s))
            offset += n
        return parts

    def loss_and_grad(self, flat: np.ndarray, rows=slice(None)) -> tuple[float, np.ndarray]:
        """Mean cross-entropy on ``rows`` of the data and its gradient (backpropagation).

        Computed in blocks of :data:`BLOCK` rows and summed: small matrix products stay
        on one thread of the BLAS, which on a busy machine is several times faster.
        """
        x, y = self.x[rows], self.y[rows]
        loss, grad = 0.0, np.zeros_like(flat)
        for start in range(0, len(y), BLOCK):
            part_loss, part_grad = self._block(
                flat, x[start : start + BLOCK], y[start : start + BLOCK]
            )
            loss += part_loss
            grad += part_grad
        return loss / len(y), grad / len(y)

    def _block(self, flat: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        """Summed (not averaged) loss and gradient over the rows of one block."""
        w1, b1, w2, b2, w3, b3 = self._unpack(flat)
        h1 = np.maximum(x @ w1 + b1, 0)
        h2 = np.maximum(h1 @ w2 + b2, 0)
        z = h2 @ w3 + b3
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        n = len(y)
        loss = float(-np.sum(np.log(p[np.arange(n), y])))
        p[np.arange(n), y] -= 1
        dz = p
        dh2 = (dz @ w3.T) * (h2 > 0)
        dh1 = (dh2 @ w2.T) * (h1 > 0)
        grads = (x.T @ dh1, dh1.sum(0), h1.T @ dh2, dh2.sum(0), h2.T @ dz, dz.sum(0))
        return loss, np.concatenate([g.ravel() for g in grads])


def mlp_problem(
    n: int = 512, features: int = 20, hidden: int = 32, classes: int = 3, seed: int = 0
) -> MLP:
    """Data from a random one-hidden-layer tanh teacher with Gaussian logit noise (sd 0.5)."""
    n, features = validation.count("n", n), validation.count("features", features)
    hidden, classes = validation.count("hidden", hidden), validation.count("classes", classes, 2)
    rng = np.random.default_rng(validation.count("seed", seed, 0))
    x = rng.standard_normal((n, features))
    teacher_in = rng.standard_normal((features, 16))
    teacher_out = rng.standard_normal((16, classes))
    logits = np.tanh(x @ teacher_in) @ teacher_out + 0.5 * rng.standard_normal((n, classes))
    shapes = (
        (features, hidden),
        (hidden,),
        (hidden, hidden),
        (hidden,),
        (hidden, classes),
        (classes,),
    )
    return MLP(x, np.argmax(logits, axis=1), shapes)
