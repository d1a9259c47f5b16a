"""Argument checks shared by every layer, each raising an error that names the argument.

The policy (README, "Bad input"): a wrong *type* (a string, a bool where a number is
meant, a complex number, a float where a count is meant) raises ``TypeError``; a value
of the right type outside its range (alpha <= 0, beta outside [0, 1), t < 1, NaN)
raises ``ValueError``. Both messages start with the argument's name.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

__all__ = [
    "betas",
    "choice",
    "class_labels",
    "count",
    "counts",
    "finite_float",
    "flag",
    "generator",
    "grid",
    "in_interval",
    "nonnegative",
    "positive",
    "real_array",
    "record",
    "steps",
    "unit",
]


def real_array(name: str, value: Any) -> np.ndarray:
    """``value`` as a float64 array; ``TypeError`` for bools, strings, complex, objects.

    Float32 input is cast to float64 here: callers that keep a dtype (the optimizers'
    theta) check it themselves.
    """
    if isinstance(value, bool | np.bool_ | str | bytes):
        raise TypeError(f"{name} must be a real number or array, got {type(value).__name__}")
    try:
        array = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(
            f"{name} must be a real number or array, got {type(value).__name__}"
        ) from exc
    if array.dtype.kind not in "fiu":
        raise TypeError(f"{name} must be real, got dtype {array.dtype}")
    return array.astype(np.float64, copy=False)


def _finite(name: str, array: np.ndarray, value: Any) -> None:
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got {value!r}")


def _plain(array: np.ndarray) -> float | np.ndarray:
    return float(array) if array.ndim == 0 else array


def positive(name: str, value: Any) -> float | np.ndarray:
    """A finite value (or array) > 0, as a float (or float64 array)."""
    array = real_array(name, value)
    _finite(name, array, value)
    if not np.all(array > 0):
        raise ValueError(f"{name} must be positive, got {value!r}")
    return _plain(array)


def nonnegative(name: str, value: Any) -> float | np.ndarray:
    """A finite value (or array) >= 0."""
    array = real_array(name, value)
    _finite(name, array, value)
    if not np.all(array >= 0):
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return _plain(array)


def in_interval(
    name: str, value: Any, low: float, high: float, *, closed_low=True, closed_high=False
) -> float | np.ndarray:
    """A finite value (or array) in the interval from ``low`` to ``high``."""
    array = real_array(name, value)
    _finite(name, array, value)
    above = array >= low if closed_low else array > low
    below = array <= high if closed_high else array < high
    if not np.all(above & below):
        left, right = "[" if closed_low else "(", "]" if closed_high else ")"
        raise ValueError(f"{name} must lie in {left}{low:g}, {high:g}{right}, got {value!r}")
    return _plain(array)


def unit(name: str, value: Any) -> float | np.ndarray:
    """A decay rate or momentum in [0, 1)."""
    return in_interval(name, value, 0.0, 1.0)


def betas(beta1: Any, beta2: Any) -> tuple[np.ndarray, np.ndarray]:
    """``beta1``, ``beta2`` in [0, 1), broadcast against each other as float64 arrays."""
    b1, b2 = np.asarray(unit("beta1", beta1)), np.asarray(unit("beta2", beta2))
    try:
        return tuple(np.broadcast_arrays(b1, b2))
    except ValueError as exc:
        raise ValueError(
            f"beta1 of shape {b1.shape} and beta2 of shape {b2.shape} do not broadcast"
        ) from exc


def count(name: str, value: Any, minimum: int = 1) -> int:
    """A whole number >= ``minimum`` (a round count, a horizon, a batch size, a period).

    Bools and non-integral floats raise ``TypeError``: ``T=True`` or ``batch=2.5`` is
    a mistake, not a request for 1 round or 2 samples.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def counts(name: str, value: Any, *, minimum: int = 1, least: int = 1) -> tuple[int, ...]:
    """Whole numbers >= ``minimum`` (horizons, dimensions, seeds: a list, a tuple or an
    integer array), at least ``least`` of them, as a tuple of ints (hashable: a cache key).

    A string or a non-iterable is a ``TypeError``; a float or bool entry is refused naming
    the entry (``ts[2]``); fewer than ``least`` entries is a ``ValueError``.
    """
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a sequence of integers >= {minimum}, got {value!r}")
    out = tuple(count(f"{name}[{k}]", v, minimum) for k, v in enumerate(value))
    if len(out) < least:
        raise ValueError(f"{name} must hold at least {least} integers >= {minimum}, got {value!r}")
    return out


def grid(name: str, value: Any, check: Callable[[str, Any], Any]) -> np.ndarray:
    """A non-empty 1-d grid of hyperparameters as a float64 array, every value checked by
    ``check`` (``positive`` for step sizes, ``unit`` for decay rates), naming ``name``."""
    array = real_array(name, value)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-d grid, got shape {array.shape}")
    return np.asarray(check(name, array), dtype=np.float64)


def steps(value: Any, name: str = "t") -> np.ndarray:
    """Step counts t = 1, 2, ...: a whole number or an integer array, as float64.

    Integral floats (``3.0``) pass; ``2.5``, ``inf``, NaN, bools and strings do not.
    Large counts (``10**20``) are fine: the result is float64, as the formulas use it.
    """
    if isinstance(value, bool | np.bool_ | str | bytes):
        raise TypeError(f"{name} must be an integer >= 1, got {value!r}")
    if isinstance(value, numbers.Integral):
        array = np.asarray(float(value))
    else:
        try:
            array = np.asarray(value)
        except ValueError as exc:  # a ragged list
            raise TypeError(f"{name} must be an integer >= 1 or an array of them") from exc
        if array.dtype == object or array.dtype.kind not in "fiu":
            raise TypeError(f"{name} must be an integer >= 1, got {value!r}")
        array = array.astype(np.float64)
        if not np.all(np.isfinite(array)) or np.any(array != np.floor(array)):
            raise TypeError(f"{name} must be whole numbers >= 1, got {value!r}")
    if np.any(array < 1):
        raise ValueError(f"{name} must be >= 1 (steps count from 1), got {value!r}")
    return array


def flag(name: str, value: Any) -> bool:
    """A real bool: a string such as ``'no'`` is a ``TypeError``, not a truthy True."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def choice(name: str, value: Any, options: tuple[str, ...]) -> str:
    """One of ``options`` (strings): another string is a ``ValueError``, a value that is
    not a string (``3``, ``None``, ``True``) a ``TypeError``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {options}, got {value!r}")
    if value not in options:
        raise ValueError(f"{name} must be one of {options}, got {value!r}")
    return value


def finite_float(name: str, value: Any) -> float:
    """A finite real scalar."""
    array = real_array(name, value)
    if array.ndim != 0:
        raise ValueError(f"{name} must be a scalar, got shape {array.shape}")
    if not math.isfinite(float(array)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return float(array)


def record(name: str, value: Any, keys: Iterable[str] = ()) -> Mapping:
    """A mapping (a study's result or evidence record) holding every one of ``keys``.

    A value that is not a mapping is a ``TypeError``; a mapping without a key the
    caller reads is a ``ValueError`` naming the missing keys, not a bare ``KeyError``.
    """
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict (a study's record), got {type(value).__name__}")
    missing = [k for k in keys if k not in value]
    if missing:
        raise ValueError(f"{name} lacks the entries {missing} (has {sorted(map(str, value))})")
    return value


def generator(name: str, value: Any) -> np.random.Generator:
    """A ``numpy.random.Generator`` (``np.random.default_rng(seed)``): a bare seed or
    the legacy ``RandomState`` is a ``TypeError``, so every draw comes from a seeded stream."""
    if not isinstance(value, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy.random.Generator (np.random.default_rng(seed)), "
            f"got {type(value).__name__}"
        )
    return value


def class_labels(
    name: str, value: Any, n: int, classes: int, rows_of: str, classes_of: str
) -> np.ndarray:
    """``n`` integer class labels in [0, ``classes``), as an array: one per row of
    ``rows_of``, a class of ``classes_of`` (both named in the messages).

    Floats and bools are a ``TypeError`` (1.0 or True is not a class index); a label of
    -1 is a ``ValueError``, not NumPy's "last class". Costs a min and a max over the labels.
    """
    if isinstance(value, str | bytes) or value is None:
        raise TypeError(f"{name} must be an integer array of labels, got {type(value).__name__}")
    try:
        labels = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be an integer array of labels, got {value!r}") from exc
    if labels.dtype.kind not in "iu":
        raise TypeError(f"{name} must be an integer array of labels, got dtype {labels.dtype}")
    if labels.shape != (n,):
        raise ValueError(
            f"{name} must hold one label per row of {rows_of} ({n}), got shape {labels.shape}"
        )
    if n and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(
            f"{name} must lie in [0, {classes}) (the classes of {classes_of}), "
            f"got [{labels.min()}, {labels.max()}]"
        )
    return labels
