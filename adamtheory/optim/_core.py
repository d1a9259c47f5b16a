"""The optimizer contract shared by every method: an ``(init, update)`` pair.

An optimizer is built by a factory (``adam(alpha=...)``) and used as::

    state = opt.init(theta0)                 # moments shaped like theta0, t = 0
    step, state = opt.update(grad, state)    # theta_t = theta_{t-1} + step

``update`` is pure: it never writes into ``grad`` or into the arrays of the state
it is given, so a trace of states or steps can be kept without copies. Methods
that need a second gradient evaluation (Nesterov) take it through ``update`` too:
see their docstrings.

Hyperparameters are floats, arrays that broadcast against theta (theta of shape
``(K, d)`` with ``alpha`` of shape ``(K, 1)`` runs K configurations at once), or
schedules: callables of the step count t = 1, 2, ... (see ``adamtheory.schedules``).

Arithmetic policy (one for every method), each error naming the step t:

- a NaN or inf gradient raises ``ValueError``; the state given is left untouched;
- a finite gradient whose arithmetic leaves float64 (a squared entry above
  ~1.3e154, an accumulator or a step that overflows) raises ``FloatingPointError``;
- with ``eps = 0`` a second moment that underflows to 0 under a non-zero first
  moment (|g| below ~5e-161 at beta2 = 0.999) raises ``FloatingPointError``
  instead of returning a silent zero step.

dtype: theta's floating dtype is kept (float64 by default; float32 for training in
single precision): states, gradients and steps take theta's dtype.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from ..core import validation

__all__ = [
    "Hyperparameter",
    "Interval",
    "Optimizer",
    "as_theta",
    "build",
    "check_finite_moment",
    "check_grad",
    "check_grad_norm",
    "hyper",
    "safe_ratio",
]


class Optimizer(NamedTuple):
    """A gradient transformation: ``init(theta) -> state``, ``update(g, state) -> (step, state)``.

    ``step(theta, g, state) -> state`` adds the step to ``theta`` in place: the fast
    path for long runs (Adam writes into its state's buffers, so the old state is
    consumed). Its result equals ``update``'s to rounding; tests hold them together.
    ``name`` and ``hyperparameters`` are there for reprs, tables and legends.
    """

    init: Callable[[Any], Any]
    update: Callable[[Any, Any], tuple[np.ndarray, Any]]
    name: str
    hyperparameters: dict[str, Any]
    apply: Callable[[np.ndarray, Any, Any], Any] | None = None

    def step(self, theta: np.ndarray, grad: Any, state: Any) -> Any:
        """Add one step to ``theta`` in place and return the new state.

        ``theta`` must be a writable floating ndarray of the state's shape (a list
        or a tuple cannot be updated in place: ``TypeError``).
        """
        check_theta_for_step(theta, state)
        if self.apply is not None:
            return self.apply(theta, grad, state)
        step, state = self.update(grad, state)
        theta += step
        return state

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={_short(v)}" for k, v in self.hyperparameters.items())
        return f"{self.name}({args})"


def _short(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"array{value.shape}"
    return repr(value)


def state_shape(state: Any) -> tuple[int, ...]:
    """The shape of theta that ``state`` belongs to (its ``shape`` or first array field)."""
    if isinstance(state, tuple) and len(state) > 1:
        first = state[1]  # every state is (t, moment or shape, ...)
        if isinstance(first, np.ndarray):
            return first.shape
        if isinstance(first, tuple):
            return first
    for field in state if isinstance(state, tuple) else ():
        if isinstance(field, np.ndarray):
            return field.shape
    raise TypeError(f"state must be an optimizer state, got {type(state).__name__}")


def check_theta_for_step(theta: Any, state: Any) -> None:
    """``theta`` for the in-place ``step``: a writable float ndarray of the state's shape."""
    if not isinstance(theta, np.ndarray):
        raise TypeError(
            f"theta must be a numpy array for step (it is updated in place), got "
            f"{type(theta).__name__}; use update() for the pure form"
        )
    if theta.dtype.kind != "f":
        raise TypeError(f"theta must have a floating dtype for step, got {theta.dtype}")
    if not theta.flags.writeable:
        raise ValueError("theta must be writable for step (it is updated in place)")
    shape = state_shape(state)
    if theta.shape != shape:
        raise ValueError(f"theta has shape {theta.shape}, but the state has shape {shape}")


@dataclass(frozen=True)
class Interval:
    """A real interval with open or closed ends, used to validate hyperparameters."""

    low: float = -math.inf
    high: float = math.inf
    low_closed: bool = True
    high_closed: bool = True

    def contains(self, values: np.ndarray) -> bool:
        above = values >= self.low if self.low_closed else values > self.low
        below = values <= self.high if self.high_closed else values < self.high
        return bool(np.all(above & below))

    def __str__(self) -> str:
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{self.low:g}, {self.high:g}{right}"


POSITIVE = Interval(0.0, math.inf, low_closed=False)
NONNEGATIVE = Interval(0.0, math.inf)
UNIT = Interval(0.0, 1.0, high_closed=False)  # [0, 1): the betas and momenta


@dataclass(frozen=True)
class Hyperparameter:
    """A named hyperparameter: a constant (float or array) or a schedule ``t -> value``.

    ``at(t, shape)`` returns the value at step t; constants are validated once, when
    the optimizer is built (and against theta's shape at ``init``), a schedule's
    value at every step (range, finiteness, broadcasting against theta).
    """

    name: str
    value: Any
    interval: Interval

    def __post_init__(self) -> None:
        if not callable(self.value):
            constant = self._validated(validation.real_array(self.name, self.value), where="")
            object.__setattr__(self, "value", constant.item() if constant.ndim == 0 else constant)

    @property
    def is_schedule(self) -> bool:
        return callable(self.value)

    def at(self, t: int, shape: tuple[int, ...] | None = None) -> float | np.ndarray:
        if not callable(self.value):
            return self.value
        raw = self._validated(validation.real_array(self.name, self.value(t)), f" at t={t}")
        if shape is not None:
            self._check_shape(np.shape(raw), shape, f" at t={t}")
        return raw.item() if raw.ndim == 0 else raw

    def check_broadcast(self, shape: tuple[int, ...]) -> None:
        """Raise unless a constant value broadcasts against theta without changing its shape."""
        if not self.is_schedule:
            self._check_shape(np.shape(self.value), shape, "")

    def _check_shape(self, value_shape, shape, where: str) -> None:
        try:
            out = np.broadcast_shapes(value_shape, shape)
        except ValueError:
            out = None
        if out != shape:
            raise ValueError(
                f"{self.name}{where} of shape {value_shape} does not broadcast against theta of "
                f"shape {shape}; use shape (K, 1) for K configurations of theta (K, d)"
            )

    def _validated(self, array: np.ndarray, where: str) -> np.ndarray:
        if not np.all(np.isfinite(array)):
            raise ValueError(f"{self.name} must be finite{where}, got {array}")
        if not self.interval.contains(array):
            raise ValueError(f"{self.name} must lie in {self.interval}{where}, got {array}")
        return array


def hyper(name: str, value: Any, interval: Interval) -> Hyperparameter:
    return Hyperparameter(name, value, interval)


def as_theta(theta: Any) -> np.ndarray:
    """Validate and copy the initial point: a non-empty, finite, real, C-ordered array.

    float32 and float64 input keep their dtype; integers and other reals become float64.
    """
    if isinstance(theta, bool | np.bool_ | str | bytes):
        raise TypeError(f"theta must be a real number or array, got {type(theta).__name__}")
    try:
        raw = np.asarray(theta) if not isinstance(theta, np.ndarray) else theta
    except ValueError as exc:  # a ragged list
        raise TypeError(f"theta must be a real number or array, got {theta!r}") from exc
    dtype = raw.dtype if raw.dtype in (np.float32, np.float64) else np.float64
    array = np.array(validation.real_array("theta", raw), dtype=dtype, order="C")
    if array.size == 0:
        raise ValueError("theta must not be empty")
    if not np.all(np.isfinite(array)):
        raise ValueError("theta must be finite")
    return array


def check_grad(grad: Any, shape: tuple[int, ...], t: int, dtype=np.float64) -> np.ndarray:
    """Validate a gradient: real, of theta's shape, finite. Returns it in ``dtype``."""
    return check_grad_norm(grad, shape, t, dtype)[0]


def check_grad_norm(
    grad: Any, shape: tuple[int, ...], t: int, dtype=np.float64
) -> tuple[np.ndarray, float]:
    """:func:`check_grad` that also returns the squared norm of the gradient.

    The finiteness test is the squared norm first (one pass, no allocation); only when
    it is not finite does the exact element-wise test run, since the squares of large
    finite entries (above ~1.3e154) overflow too. A finite squared norm tells a caller
    that no ``g_i**2`` overflows.
    """
    if type(grad) is np.ndarray and grad.dtype == dtype:  # the common case, fast
        g = grad
    else:
        g = validation.real_array("grad", grad).astype(dtype, copy=False)
    if g.shape != shape:
        raise ValueError(f"grad has shape {g.shape}, but theta has shape {shape}")
    flat = g.reshape(-1)
    with np.errstate(over="ignore", invalid="ignore"):
        squared_norm = float(flat.dot(flat) if flat.size <= SMALL else _einsum_dot(flat))
    if not math.isfinite(squared_norm) and not np.all(np.isfinite(g)):
        bad = int(np.size(g) - np.count_nonzero(np.isfinite(g)))
        raise ValueError(
            f"grad has {bad} non-finite entries (nan or inf) at step t={t}; "
            "adamtheory optimizers do not absorb them into their moments"
        )
    return g, squared_norm


SMALL = 4096
"""Up to this size the squared norm is one BLAS ``dot`` (cheapest per call); above it an
``einsum``, which stays on one thread: a multi-threaded BLAS reduction on a busy
2-core machine costs more than the whole Adam step. Only its finiteness is used."""


def _einsum_dot(flat: np.ndarray) -> float:
    return np.einsum("i,i->", flat, flat)


def check_squares(g: np.ndarray, squared_norm: float, t: int) -> None:
    """Raise ``FloatingPointError`` when an entry of ``g`` squares to inf in its dtype
    (|g| above ~1.3e154 in float64, ~1.8e19 in float32)."""
    if math.isfinite(squared_norm):
        return
    limit = math.sqrt(float(np.finfo(g.dtype).max))
    if float(np.max(np.abs(g))) > limit:
        raise FloatingPointError(
            f"grad squared overflows {g.dtype} at step t={t} (an entry above ~{limit:.1e}); "
            "rescale the objective"
        )


def _sum_is_finite(array: np.ndarray) -> bool:
    with np.errstate(over="ignore", invalid="ignore"):
        return math.isfinite(float(np.sum(array)))


def check_finite_moment(name: str, moment: np.ndarray, t: int) -> None:
    """Raise ``FloatingPointError`` when a moment or accumulator overflowed float64."""
    if not _sum_is_finite(moment) and not np.all(np.isfinite(moment)):
        raise FloatingPointError(
            f"{name} overflowed float64 at step t={t} (a gradient entry above ~1.3e154 "
            "squares to inf); rescale the objective"
        )


def check_finite_step(step: np.ndarray, t: int) -> None:
    """Raise ``FloatingPointError`` when the step overflowed (alpha |g| beyond float64)."""
    if not _sum_is_finite(step) and not np.all(np.isfinite(step)):
        raise FloatingPointError(
            f"the step overflowed float64 at step t={t} (alpha times the gradient is beyond "
            "~1.8e308); use a smaller alpha or rescale the objective"
        )


def build(
    name: str,
    hypers: tuple[Hyperparameter, ...],
    init_state: Callable[[np.ndarray], Any],
    update: Callable[[Any, Any], tuple[np.ndarray, Any]],
    apply: Callable[[np.ndarray, Any, Any], Any] | None = None,
    steps_checked: bool = False,
    **options: Any,
) -> Optimizer:
    """Assemble an :class:`Optimizer`: ``init`` validates theta and the broadcasting of
    every hyperparameter before it builds the state; ``update`` refuses a step that
    overflowed (the policy of this module's docstring), unless the method does it
    itself (``steps_checked=True``, Adam's fused path)."""

    def init(theta: Any) -> Any:
        theta = as_theta(theta)
        for h in hypers:
            h.check_broadcast(theta.shape)
        return init_state(theta)

    def checked_update(grad: Any, state: Any) -> tuple[np.ndarray, Any]:
        with np.errstate(over="ignore", invalid="ignore"):  # overflow raises just below
            step, new_state = update(grad, state)
        check_finite_step(step, new_state.t)
        return step, new_state

    described = {h.name: h.value for h in hypers} | options
    return Optimizer(init, update if steps_checked else checked_update, name, described, apply)


def safe_ratio(numerator: np.ndarray, root: np.ndarray, eps: float | np.ndarray) -> np.ndarray:
    """``numerator / (root + eps)``, with 0/0 := 0 where ``eps`` is 0.

    With eps = 0 a coordinate whose gradients were all zero has zero moments; its
    step is 0, not NaN. A zero denominator under a non-zero numerator means the
    squares underflowed (|g| below ~5e-161 at beta2 = 0.999: (1-beta2) g^2 is below
    the smallest subnormal, 4.9e-324): that raises ``FloatingPointError`` rather than
    returning a silent zero step. With eps > 0 this is the plain quotient.
    """
    denominator = root + eps
    if np.all(np.asarray(eps) > 0):
        return numerator / denominator
    zero = denominator == 0
    if np.any(zero & (numerator != 0)):
        raise FloatingPointError(
            "the second moment underflowed to 0 under a non-zero first moment "
            "(|g| below ~5e-161 at beta2 = 0.999, with eps = 0); use eps > 0 or rescale "
            "the objective"
        )
    shape = np.broadcast_shapes(np.shape(numerator), np.shape(denominator))
    out = np.zeros(shape, dtype=np.result_type(numerator, denominator))
    return np.divide(numerator, denominator, out=out, where=~zero)
