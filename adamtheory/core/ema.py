r"""Exponential moving averages and their bias correction, written once.

Every moment of Adam's family is an EMA, :math:`y_t = \beta y_{t-1} + (1-\beta) x_t`,
:math:`y_0` given (0 in Algorithm 1). Its weights sum to :math:`1-\beta^t`, so
:math:`y_t/(1-\beta^t)` is the bias-corrected estimate of Section 3.

- :func:`ema_update`: one step, for the optimizers' ``update``.
- :func:`ema`: a whole sequence at once along axis 0, as a first-order IIR filter
  (``scipy.signal.lfilter``), for studies and the online fast runner.
- :func:`one_minus_power` and :func:`debias`: the correction, without cancellation.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.signal import lfilter

from . import validation

__all__ = ["debias", "ema", "ema_update", "one_minus_power"]

_NOT_ARRAYS = (bool, np.bool_, str, bytes)


def ema_update(previous: Any, value: Any, beta: Any) -> np.ndarray:
    r""":math:`\beta y_{t-1} + (1-\beta) x_t`: one step of an EMA (Algorithm 1, lines 5-6).

    Computed as :math:`y_{t-1} + (1-\beta)(x_t - y_{t-1})`, equal in exact arithmetic,
    with one new array instead of three (Adam's fast path writes the same expression
    into its buffers, so both paths round alike). Never writes into its arguments.

    A kernel run at every optimizer step, so its checks cost O(1): ``previous`` and
    ``value`` are real (float) arrays or numbers that broadcast, else ``TypeError`` or
    ``ValueError`` naming them; ``beta`` in [0, 1) (a float: two comparisons; other
    scalars through ``validation.unit``). Not checked here, as each would cost a pass
    over an array at every step (the caller's contract): the finiteness of
    ``previous`` and ``value`` (the optimizers check each gradient once per step,
    ``optim.check_grad``; NaN or inf propagates to the result by IEEE arithmetic) and
    the range of a float64 *array* ``beta`` (the optimizers and studies validate it
    once, ``validation.betas``/``optim.hyper``).
    """
    if isinstance(beta, float):  # a scalar: two comparisons
        if not 0.0 <= beta < 1.0:
            validation.unit("beta", beta)  # raises, naming beta
    elif not (type(beta) is np.ndarray and beta.dtype.kind == "f"):
        beta = validation.unit("beta", beta)
    if isinstance(previous, _NOT_ARRAYS) or isinstance(value, _NOT_ARRAYS):
        raise TypeError(f"previous and value must be real arrays, got {previous!r}, {value!r}")
    try:
        out = np.subtract(value, previous)
        out *= 1 - beta
        out += previous
    except (TypeError, ValueError) as exc:  # UFuncTypeError is a TypeError
        raise type(exc)(f"previous and value must be real arrays that broadcast: {exc}") from exc
    if out.dtype.kind != "f":  # complex or object input: not an EMA of reals
        raise TypeError(f"previous and value must be real, got dtype {out.dtype}")
    return out


def one_minus_power(beta: Any, t: Any) -> np.ndarray:
    r""":math:`1-\beta^t` without cancellation for :math:`\beta` near 1 (beta = 0 gives 1)."""
    beta, t = np.asarray(validation.unit("beta", beta)), validation.steps(t)
    with np.errstate(divide="ignore"):
        safe = np.where(beta > 0, beta, 0.5)
        return np.where(beta > 0, -np.expm1(t * np.log(safe)), 1.0)


def debias(average: Any, beta: Any, t: Any) -> np.ndarray:
    r""":math:`y_t/(1-\beta^t)`, the bias-corrected EMA of Section 3 (t >= 1).

    Elementwise: ``average``, ``beta`` and ``t`` broadcast against each other."""
    return _finite("average", average) / one_minus_power(beta, t)


def _finite(name: str, value: Any) -> np.ndarray:
    array = validation.real_array(name, value)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite")
    return array


def ema(x: Any, beta: Any, initial: Any = 0.0) -> np.ndarray:
    r"""The EMA of a whole sequence along axis 0: :math:`y_t` for t = 1..L.

    Two forms:

    - ``beta`` a scalar: ``x`` of any shape (L, ...), ``initial`` broadcasting
      against ``x[0]``. Returns ``x``'s shape.
    - ``beta`` of shape (K,), one decay per run: ``x`` of shape (L, K, ...) or
      (L, 1, ...) (one sequence shared by every run), ``initial`` of shape
      (K, ...). Returns (L, K, ...). One ``lfilter`` call per *distinct* value of
      beta over every run that shares it, so a (beta1, beta2) grid of 1600 runs
      on one shared sequence costs 40 + 40 filters.

    Equal to the step-by-step recursion to rounding (``tests/core``).
    """
    x, initial = _finite("x", x), _finite("initial", initial)
    beta = validation.unit("beta", beta)
    if np.ndim(beta) == 0:
        b = float(beta)
        zi = (b * np.broadcast_to(np.asarray(initial, dtype=np.float64), x.shape[1:]))[None]
        return lfilter([1.0 - b], [1.0, -b], x, axis=0, zi=zi)[0]
    beta = np.asarray(beta, dtype=np.float64)
    K = beta.shape[0]
    if x.ndim < 2 or x.shape[1] not in (1, K):
        raise ValueError(f"x must have shape (L, {K}, ...) or (L, 1, ...), got {x.shape}")
    initial = np.broadcast_to(np.asarray(initial, dtype=np.float64), (K,) + x.shape[2:])
    out = np.empty((x.shape[0], K) + x.shape[2:])
    shared = x.shape[1] == 1
    values, which = np.unique(beta, return_inverse=True)
    for index, b in enumerate(values):
        runs = np.flatnonzero(which == index)
        # lfilter's state for y = b0 x + b y_prev is zi = b * y_prev (direct form II transposed)
        first = runs[:1] if shared and np.all(initial[runs] == initial[runs[:1]]) else runs
        zi = (b * initial[first])[None]
        source = x if len(first) == 1 and shared else np.broadcast_to(x, out.shape)[:, first]
        y, _ = lfilter([1.0 - b], [1.0, -b], source, axis=0, zi=zi)
        out[:, runs] = y
    return out
