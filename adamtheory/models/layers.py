"""The building blocks of Section 6's models, forward and backward, in NumPy.

Each ``*_forward`` returns its output and a cache; the matching ``*_backward`` takes
the gradient of the loss with respect to that output (``d_out``) and the cache and
returns the gradients with respect to the inputs and weights. Images are laid out
(batch, height, width, channels), so that a convolution is one matrix product.
Everything keeps the dtype it is given (float32 in training, float64 in the tests).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.special import expit, log_softmax

__all__ = [
    "conv_backward",
    "conv_forward",
    "dropout_mask",
    "maxpool_backward",
    "maxpool_forward",
    "sigmoid",
    "softmax_cross_entropy",
    "softplus",
]


def softplus(a: np.ndarray) -> np.ndarray:
    """log(1 + e^a) = max(a, 0) + log(1 + e^-|a|), without overflow; its derivative is
    the logistic sigmoid. (``np.logaddexp(0, a)`` is the same, ~15x slower in float32.)"""
    out = np.abs(a)
    np.negative(out, out=out)
    np.exp(out, out=out)
    np.log1p(out, out=out)
    out += np.maximum(a, 0)
    return out


def sigmoid(a: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-a), without overflow."""
    return expit(a)


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of integer ``labels`` under softmax(``logits``), and its gradient.

    d/dlogits of the mean is (softmax(logits) - onehot(labels)) / n.
    """
    n = logits.shape[0]
    log_p = log_softmax(logits, axis=1)
    rows = np.arange(n)
    loss = -float(np.mean(log_p[rows, labels], dtype=np.float64))
    d_logits = np.exp(log_p)
    d_logits[rows, labels] -= 1
    d_logits /= n
    return loss, d_logits


def dropout_mask(rng: np.random.Generator | None, shape, rate: float, dtype) -> np.ndarray | None:
    """Inverted dropout: each unit kept with probability 1 - rate and scaled by 1/(1 - rate),
    so the expected activation is unchanged; None (no noise) without a generator or rate."""
    if rng is None or rate == 0:
        return None
    keep = rng.random(shape, dtype=np.float32) >= rate
    return keep.astype(dtype) * (1.0 / (1.0 - rate))


def _im2col(x: np.ndarray, k: int) -> np.ndarray:
    """Columns (n h w, k k c) of the k x k patches of ``x`` padded by k // 2 ('same')."""
    p = k // 2
    padded = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))
    windows = sliding_window_view(padded, (k, k), axis=(1, 2))  # (n, h, w, c, k, k)
    n, h, w, c = x.shape
    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * h * w, k * k * c)


def conv_forward(x: np.ndarray, weight: np.ndarray, bias: np.ndarray):
    """'Same' convolution, stride 1: ``weight`` (k, k, c_in, c_out); im2col + one product.

    (Cross-correlation, as every deep-learning library computes it.)
    """
    k, _, c_in, c_out = weight.shape
    n, h, w, _ = x.shape
    cols = _im2col(x, k)
    out = cols @ weight.reshape(k * k * c_in, c_out)
    out += bias
    return out.reshape(n, h, w, c_out), (x.shape, cols, weight)


def conv_backward(d_out: np.ndarray, cache, input_grad: bool = True):
    """Gradients of :func:`conv_forward`: (d_x, d_weight, d_bias).

    col2im as k*k shifted adds, one small product per kernel offset (contiguous
    writes). ``input_grad=False`` skips d_x (the first layer needs none) and returns None.
    """
    x_shape, cols, weight = cache
    k, _, c_in, c_out = weight.shape
    n, h, w, _ = x_shape
    flat = d_out.reshape(-1, c_out)
    d_weight = (cols.T @ flat).reshape(weight.shape)
    d_bias = flat.sum(axis=0)
    if not input_grad:
        return None, d_weight, d_bias
    p = k // 2
    d_padded = np.zeros((n, h + 2 * p, w + 2 * p, c_in), dtype=d_out.dtype)
    for i in range(k):
        for j in range(k):
            shifted = (flat @ weight[i, j].T).reshape(n, h, w, c_in)
            d_padded[:, i : i + h, j : j + w, :] += shifted
    return d_padded[:, p : p + h, p : p + w, :], d_weight, d_bias


def _pool_views(x: np.ndarray, size: int, stride: int):
    n, h, w, c = x.shape
    ho, wo = (h - size) // stride + 1, (w - size) // stride + 1
    views = [
        (
            i,
            j,
            x[:, i : i + stride * (ho - 1) + 1 : stride, j : j + stride * (wo - 1) + 1 : stride],
        )
        for i in range(size)
        for j in range(size)
    ]
    return views, (ho, wo)


def maxpool_forward(x: np.ndarray, size: int = 3, stride: int = 2):
    """Max over size x size windows at the given stride, no padding (PyTorch's floor rule)."""
    views, _ = _pool_views(x, size, stride)
    out = views[0][2].copy()
    for _, _, view in views[1:]:
        np.maximum(out, view, out=out)
    return out, (x, out, size, stride)


def maxpool_backward(d_out: np.ndarray, cache) -> np.ndarray:
    """Route each output's gradient to the input that was its maximum (the first one, in
    window order, when several tie, as PyTorch does)."""
    x, out, size, stride = cache
    d_x = np.zeros(x.shape, dtype=d_out.dtype)
    taken = np.zeros(out.shape, dtype=bool)
    hit = np.empty(out.shape, dtype=bool)
    for (_, _, view), (_, _, d_view) in zip(
        _pool_views(x, size, stride)[0], _pool_views(d_x, size, stride)[0], strict=True
    ):
        np.equal(view, out, out=hit)
        hit &= ~taken
        taken |= hit
        d_view += np.where(hit, d_out, 0)
    return d_x
