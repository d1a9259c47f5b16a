"""Multiclass logistic regression with L2 (Section 6.1), dense or bag-of-words input.

.. math:: L(W, b) = \\frac1n \\sum_i -\\log \\operatorname{softmax}(x_i W + b)_{y_i}
          + \\frac{\\lambda}{2} \\lVert W \\rVert^2,

    \\nabla_W L = X^\\top (P - Y) / n + \\lambda W, \\qquad \\nabla_b L = \\mathbf 1^\\top (P - Y) / n,

with P the softmax probabilities and Y the one-hot labels. ``input_dropout`` is the
paper's "50% dropout noise" on the bag-of-words features: each feature of each
example is zeroed with that probability during training (and the rest scaled by
1/(1 - p)); it works on a sparse CSR input without densifying it.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..core import validation
from .base import Model
from .layers import dropout_mask, softmax_cross_entropy

__all__ = ["LogisticRegression"]


class LogisticRegression(Model):
    def __init__(self, n_features: int, n_classes: int, l2: float = 1e-4, input_dropout=0.0):
        self.n_features = validation.count("n_features", n_features)
        self.n_classes = validation.count("n_classes", n_classes, minimum=2)
        self.l2 = validation.nonnegative("l2", l2)
        self.input_dropout = validation.in_interval("input_dropout", input_dropout, 0.0, 1.0)
        self.shapes = {"W": (self.n_features, self.n_classes), "b": (self.n_classes,)}
        self._layout()

    def init(self, seed: int = 0, dtype=np.float32) -> np.ndarray:
        """Zeros: the problem is convex, and every run starts from the same point."""
        return np.zeros(self.size, dtype=dtype)

    def _inputs(self, X, rng, dtype):
        if sp.issparse(X):
            X = sp.csr_matrix(X, dtype=dtype)
            mask = dropout_mask(rng, X.data.shape, self.input_dropout, dtype)
            if mask is not None:
                X = sp.csr_matrix((X.data * mask, X.indices, X.indptr), shape=X.shape)
            return X
        X = np.asarray(X, dtype=dtype).reshape(len(X), -1)
        mask = dropout_mask(rng, X.shape, self.input_dropout, dtype)
        return X if mask is None else X * mask

    def forward_backward(self, params, X, y, rng, grads) -> float:
        W, b = params["W"], params["b"]
        X = self._inputs(X, rng, W.dtype)
        if X.shape[1] != self.n_features:
            raise ValueError(f"X must have {self.n_features} features, got {X.shape[1]}")
        logits = X @ W + b
        loss, d_logits = softmax_cross_entropy(logits, np.asarray(y))
        loss += 0.5 * self.l2 * float(np.vdot(W, W))
        if grads is not None:
            grads["W"][...] = X.T @ d_logits + self.l2 * W
            grads["b"][...] = d_logits.sum(axis=0)
        return loss
