"""The building blocks of Section 6's models, forward and backward, in NumPy.

Each ``*_forward`` returns its output and a cache; the matching ``*_backward`` takes
the gradient of the loss with respect to that output (``d_out``) and the cache and
returns the gradients with respect to the inputs and weights. Images are laid out
(batch, height, width, channels), so that a convolution is one matrix product.
Everything keeps the dtype it is given (float32 in training, float64 in the tests).

Bad input (issue 11, kept O(1) per call, issue 13): a wrong type (not a floating-point
array, a cache from the wrong layer, a dtype that is not a float) is a ``TypeError``, a
wrong shape or value (mismatched channels, labels out of range, a rate outside [0, 1))
a ``ValueError``, each naming the argument. The values themselves are not scanned: these
kernels run inside every training step, and ``models.train.train`` checks theta and X
finite once at entry. NaN or inf in, or an overflow, gives NaN or inf out, quietly (no
RuntimeWarning): ``train`` sees the non-finite loss or gradient and reports the run as
``History.diverged``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy.special import expit, log_softmax

from ..core import validation

__all__ = [
    "ConvCache",
    "PoolCache",
    "conv_backward",
    "conv_forward",
    "dropout_mask",
    "maxpool_backward",
    "maxpool_forward",
    "sigmoid",
    "softmax_cross_entropy",
    "softplus",
]


_QUIET = {"over": "ignore", "invalid": "ignore"}
"""NaN/inf pass through a kernel without a RuntimeWarning (module docstring)."""


class ConvCache(NamedTuple):
    """What :func:`conv_backward` needs from :func:`conv_forward`."""

    x_shape: tuple[int, ...]
    cols: np.ndarray
    weight: np.ndarray


class PoolCache(NamedTuple):
    """What :func:`maxpool_backward` needs from :func:`maxpool_forward`."""

    x: np.ndarray
    out: np.ndarray
    size: int
    stride: int


def _floats(name: str, value, ndim: int) -> np.ndarray:
    """``value`` as a floating-point array of ``ndim`` dimensions, its dtype kept (O(1)
    for an array: the entries are not scanned)."""
    if isinstance(value, bool | np.bool_ | str | bytes) or value is None:
        raise TypeError(f"{name} must be a floating-point array, got {type(value).__name__}")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be a floating-point array, got {value!r}") from exc
    if array.dtype.kind != "f":
        raise TypeError(f"{name} must be a floating-point array, got dtype {array.dtype}")
    if array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {array.shape}")
    return array


def _cache(value, kind: type, maker: str):
    if not isinstance(value, kind):
        raise TypeError(
            f"cache must be the {kind.__name__} of {maker}, got {type(value).__name__}"
        )
    return value


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

    d/dlogits of the mean is (softmax(logits) - onehot(labels)) / n. ``logits`` is a
    floating-point (n, k) array with n >= 1; ``labels`` n integers in [0, k) (anything
    else is refused by name; a range check over the n labels, not the n k logits).
    """
    logits = _floats("logits", logits, 2)
    n, k = logits.shape
    if n == 0 or k == 0:
        raise ValueError(f"logits must have at least one row and column, got {logits.shape}")
    labels = validation.class_labels("labels", labels, n, k, "logits", "logits")
    rows = np.arange(n)
    with np.errstate(**_QUIET):
        log_p = log_softmax(logits, axis=1)
        loss = -float(np.mean(log_p[rows, labels], dtype=np.float64))
        d_logits = np.exp(log_p)
        d_logits[rows, labels] -= 1
        d_logits /= n
    return loss, d_logits


def dropout_mask(rng: np.random.Generator | None, shape, rate: float, dtype) -> np.ndarray | None:
    """Inverted dropout: each unit kept with probability 1 - rate and scaled by 1/(1 - rate),
    so the expected activation is unchanged; None (no noise) without a generator or rate.

    Refused by name: an ``rng`` that is neither None nor a ``np.random.Generator``, a
    ``shape`` that is not whole numbers >= 0, a ``rate`` outside [0, 1), a ``dtype`` that
    is not a floating-point type (an integer mask would truncate the scale 1/(1 - rate)).
    """
    if rng is not None:
        validation.generator("rng", rng)
    shape = _shape(shape)
    rate = validation.in_interval("rate", rate, 0.0, 1.0)
    dtype = _float_dtype(dtype)
    if rng is None or rate == 0:
        return None
    keep = rng.random(shape, dtype=np.float32) >= rate
    return keep.astype(dtype) * (1.0 / (1.0 - rate))


def _shape(value) -> tuple[int, ...]:
    if isinstance(value, tuple | list):
        return tuple(validation.count("shape", s, minimum=0) for s in value)
    return (validation.count("shape", value, minimum=0),)


def _float_dtype(value) -> np.dtype:
    if value is None:  # np.dtype(None) is float64: a missing dtype, not a choice
        raise TypeError("dtype must be a floating-point type such as np.float32, got None")
    try:
        dtype = np.dtype(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"dtype must be a floating-point type, got {value!r}") from exc
    if dtype.kind != "f":
        raise TypeError(f"dtype must be a floating-point type, got {dtype}")
    return dtype


def _im2col(x: np.ndarray, k: int) -> np.ndarray:
    """Columns (n h w, k k c) of the k x k patches of ``x`` padded by k // 2 ('same')."""
    p = k // 2
    padded = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))
    windows = sliding_window_view(padded, (k, k), axis=(1, 2))  # (n, h, w, c, k, k)
    n, h, w, c = x.shape
    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * h * w, k * k * c)


def conv_forward(x: np.ndarray, weight: np.ndarray, bias: np.ndarray):
    """'Same' convolution, stride 1: ``weight`` (k, k, c_in, c_out); im2col + one product.

    (Cross-correlation, as every deep-learning library computes it.) Refused by name:
    arrays that are not floating-point, ``x`` not (n, h, w, c_in), ``weight`` not an odd
    square kernel over x's channels, ``bias`` not (c_out,).
    """
    x = _floats("x", x, 4)
    weight = _floats("weight", weight, 4)
    bias = _floats("bias", bias, 1)
    k, k2, c_in, c_out = weight.shape
    if k != k2 or k % 2 == 0:
        raise ValueError(f"weight must be an odd square kernel (k, k, c_in, c_out) for "
                         f"'same' padding, got shape {weight.shape}")  # fmt: skip
    if c_in != x.shape[3]:
        raise ValueError(f"weight has {c_in} input channels but x has {x.shape[3]} "
                         f"(weight {weight.shape}, x {x.shape})")  # fmt: skip
    if bias.shape != (c_out,):
        raise ValueError(f"bias must have shape ({c_out},) (weight's output channels), "
                         f"got {bias.shape}")  # fmt: skip
    n, h, w, _ = x.shape
    with np.errstate(**_QUIET):
        cols = _im2col(x, k)
        out = cols @ weight.reshape(k * k * c_in, c_out)
        out += bias
    return out.reshape(n, h, w, c_out), ConvCache(x.shape, cols, weight)


def conv_backward(d_out: np.ndarray, cache: ConvCache, input_grad: bool = True):
    """Gradients of :func:`conv_forward`: (d_x, d_weight, d_bias).

    col2im as k*k shifted adds, one small product per kernel offset (contiguous
    writes). ``input_grad=False`` skips d_x (the first layer needs none) and returns None.
    Refused by name: a ``cache`` that is not conv_forward's, a ``d_out`` that is not a
    floating-point array of the forward output's shape, an ``input_grad`` not a bool.
    """
    x_shape, cols, weight = _cache(cache, ConvCache, "conv_forward")
    input_grad = validation.flag("input_grad", input_grad)
    k, _, c_in, c_out = weight.shape
    n, h, w, _ = x_shape
    d_out = _floats("d_out", d_out, 4)
    if d_out.shape != (n, h, w, c_out):
        raise ValueError(f"d_out must have the forward output's shape {(n, h, w, c_out)}, "
                         f"got {d_out.shape}")  # fmt: skip
    flat = d_out.reshape(-1, c_out)
    with np.errstate(**_QUIET):
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
    """Max over size x size windows at the given stride, no padding (PyTorch's floor rule).

    Refused by name: ``x`` not a floating-point (n, h, w, c) array at least size x size,
    ``size`` or ``stride`` not whole numbers >= 1.
    """
    x = _floats("x", x, 4)
    size = validation.count("size", size)
    stride = validation.count("stride", stride)
    if x.shape[1] < size or x.shape[2] < size:
        raise ValueError(f"x of shape {x.shape} is smaller than the window size {size}")
    views, _ = _pool_views(x, size, stride)
    out = views[0][2].copy()
    for _, _, view in views[1:]:
        np.maximum(out, view, out=out)
    return out, PoolCache(x, out, size, stride)


def maxpool_backward(d_out: np.ndarray, cache: PoolCache) -> np.ndarray:
    """Route each output's gradient to the input that was its maximum (the first one, in
    window order, when several tie, as PyTorch does). Refused by name: a ``cache`` that is
    not maxpool_forward's, a ``d_out`` that is not a floating-point array of its output's
    shape."""
    x, out, size, stride = _cache(cache, PoolCache, "maxpool_forward")
    d_out = _floats("d_out", d_out, 4)
    if d_out.shape != out.shape:
        raise ValueError(f"d_out must have the forward output's shape {out.shape}, "
                         f"got {d_out.shape}")  # fmt: skip
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
