"""The multilayer perceptron of Section 6.2: fully connected ReLU layers with dropout.

Forward, for hidden layers l = 1..L (dropout mask :math:`D_l`, inverted scaling):

.. math:: a_l = h_{l-1} W_l + b_l, \\quad h_l = \\max(a_l, 0) \\odot D_l, \\quad
          \\text{logits} = h_L W_{L+1} + b_{L+1},

and backward, from :math:`\\delta = (P - Y)/n` at the logits:
:math:`\\nabla W_l = h_{l-1}^\\top \\delta_l`, :math:`\\delta_{l-1} = (\\delta_l W_l^\\top)
\\odot D_{l-1} \\odot [a_{l-1} > 0]`. The paper's network: 784-1000-1000-10.
"""

from __future__ import annotations

import numpy as np

from ..core import validation
from .base import Model
from .layers import dropout_mask, softmax_cross_entropy

__all__ = ["MLP"]


class MLP(Model):
    def __init__(self, sizes=(784, 1000, 1000, 10), dropout: float = 0.5, input_dropout=0.0):
        if not isinstance(sizes, tuple | list):
            raise TypeError(f"sizes must be a tuple of layer sizes, got {sizes!r}")
        if len(sizes) < 2:
            raise ValueError(f"sizes must list at least the input and output sizes, got {sizes}")
        self.sizes = tuple(validation.count("sizes", s) for s in sizes)
        self.dropout = validation.in_interval("dropout", dropout, 0.0, 1.0)
        self.input_dropout = validation.in_interval("input_dropout", input_dropout, 0.0, 1.0)
        self.shapes = {}
        for layer, (fan_in, fan_out) in enumerate(
            zip(self.sizes[:-1], self.sizes[1:], strict=True), start=1
        ):
            self.shapes[f"W{layer}"] = (fan_in, fan_out)
            self.shapes[f"b{layer}"] = (fan_out,)
        self._layout()

    def forward_backward(self, params, X, y, rng, grads) -> float:
        depth = len(self.sizes) - 1
        dtype = params["W1"].dtype
        h = np.asarray(X, dtype=dtype).reshape(len(X), -1)
        mask = dropout_mask(rng, h.shape, self.input_dropout, dtype)
        h = h if mask is None else h * mask
        inputs, masks = [h], []
        for layer in range(1, depth):
            a = h @ params[f"W{layer}"] + params[f"b{layer}"]
            h = np.maximum(a, 0)
            mask = dropout_mask(rng, h.shape, self.dropout, dtype)
            if mask is not None:
                h *= mask
            inputs.append(h)
            masks.append(mask)
        logits = h @ params[f"W{depth}"] + params[f"b{depth}"]
        loss, delta = softmax_cross_entropy(logits, np.asarray(y))
        if grads is None:
            return loss
        for layer in range(depth, 0, -1):
            h = inputs[layer - 1]
            grads[f"W{layer}"][...] = h.T @ delta
            grads[f"b{layer}"][...] = delta.sum(axis=0)
            if layer > 1:
                delta = delta @ params[f"W{layer}"].T
                delta *= h > 0  # ReLU (a dropped unit has h = 0 too)
                if masks[layer - 2] is not None:
                    delta *= masks[layer - 2]
        return loss
