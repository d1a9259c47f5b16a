"""The convolutional network of Section 6.3, with convolution as im2col + matrix product.

Three stages of [5x5 'same' convolution -> ReLU -> 3x3 max-pool, stride 2] with
c64-c64-c128 channels, then a fully connected layer of 1000 ReLU units with dropout
and a softmax over the classes. Dropout noise is also applied to the input, as the
paper says ("dropout noise is applied to the input layer and fully connected layer").
``channels`` and ``hidden`` shrink the network for laptop runs (a labelled variant).
"""

from __future__ import annotations

import math

import numpy as np

from ..core import validation
from .base import Model
from .layers import (
    conv_backward,
    conv_forward,
    dropout_mask,
    maxpool_backward,
    maxpool_forward,
    softmax_cross_entropy,
)

__all__ = ["CNN"]


def _triple(name: str, value) -> tuple[int, int, int]:
    """Three whole numbers >= 1 (an image's (h, w, c), or the three stages' channels)."""
    if not isinstance(value, tuple | list) or len(value) != 3:
        raise TypeError(f"{name} must be a tuple of three integers, got {value!r}")
    return tuple(validation.count(name, s) for s in value)


class CNN(Model):
    def __init__(
        self,
        image_shape=(32, 32, 3),
        channels=(64, 64, 128),
        hidden: int = 1000,
        n_classes: int = 10,
        kernel: int = 5,
        dropout: float = 0.5,
        input_dropout: float = 0.2,
    ):
        self.image_shape = _triple("image_shape", image_shape)
        self.channels = _triple("channels", channels)
        self.hidden = validation.count("hidden", hidden)
        self.kernel = validation.count("kernel", kernel)
        if self.kernel % 2 == 0:
            raise ValueError(f"kernel must be odd ('same' padding), got {kernel}")
        self.dropout = validation.in_interval("dropout", dropout, 0.0, 1.0)
        self.input_dropout = validation.in_interval("input_dropout", input_dropout, 0.0, 1.0)
        h, w, c_in = self.image_shape
        self.shapes = {}
        for stage, c_out in enumerate(self.channels, start=1):
            self.shapes[f"Wc{stage}"] = (kernel, kernel, c_in, c_out)
            self.shapes[f"bc{stage}"] = (c_out,)
            h, w, c_in = (h - 3) // 2 + 1, (w - 3) // 2 + 1, c_out
            if h < 1 or w < 1:
                raise ValueError(f"image_shape {image_shape} is too small for three poolings")
        self.flat = h * w * c_in
        self.shapes["Wf"] = (self.flat, self.hidden)
        self.shapes["bf"] = (self.hidden,)
        self.shapes["Wo"] = (self.hidden, validation.count("n_classes", n_classes, minimum=2))
        self.shapes["bo"] = (self.shapes["Wo"][1],)
        self._layout()

    def init(self, seed: int = 0, dtype=np.float32) -> np.ndarray:
        """He-normal weights (variance 2/fan-in, fan-in k*k*c for the filters) before each
        ReLU, a small variance 0.01/fan-in for the softmax layer (initial loss near
        log(classes): max-pooled ReLU features are large); zero biases."""
        rng = np.random.default_rng(seed)
        theta = np.zeros(self.size, dtype=dtype)
        for name, view in self.unpack(theta).items():
            if name.startswith("W"):
                gain = 0.01 if name == "Wo" else 2.0
                fan_in = math.prod(view.shape[:-1])
                view[...] = rng.standard_normal(view.shape) * math.sqrt(gain / fan_in)
        return theta

    def forward_backward(self, params, X, y, rng, grads) -> float:
        dtype = params["Wf"].dtype
        x = np.asarray(X, dtype=dtype).reshape((len(X), *self.image_shape))
        mask_in = dropout_mask(rng, x.shape, self.input_dropout, dtype)
        x = x if mask_in is None else x * mask_in
        caches = []
        for stage in range(1, len(self.channels) + 1):
            a, conv_cache = conv_forward(x, params[f"Wc{stage}"], params[f"bc{stage}"])
            np.maximum(a, 0, out=a)
            x, pool_cache = maxpool_forward(a, 3, 2)
            caches.append((conv_cache, a, pool_cache))
        flat = x.reshape(len(x), -1)
        hid = np.maximum(flat @ params["Wf"] + params["bf"], 0)
        mask = dropout_mask(rng, hid.shape, self.dropout, dtype)
        if mask is not None:
            hid *= mask
        logits = hid @ params["Wo"] + params["bo"]
        loss, delta = softmax_cross_entropy(logits, np.asarray(y))
        if grads is None:
            return loss
        grads["Wo"][...] = hid.T @ delta
        grads["bo"][...] = delta.sum(axis=0)
        d_hid = delta @ params["Wo"].T
        d_hid *= hid > 0
        if mask is not None:
            d_hid *= mask
        grads["Wf"][...] = flat.T @ d_hid
        grads["bf"][...] = d_hid.sum(axis=0)
        d_x = (d_hid @ params["Wf"].T).reshape(x.shape)
        for stage in range(len(self.channels), 0, -1):
            conv_cache, a, pool_cache = caches[stage - 1]
            d_a = maxpool_backward(d_x, pool_cache)
            d_a *= a > 0
            d_x, grads[f"Wc{stage}"][...], grads[f"bc{stage}"][...] = conv_backward(
                d_a, conv_cache, input_grad=stage > 1
            )
        return loss
