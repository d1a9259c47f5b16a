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

Non-finite gradients (NaN or inf) raise ``ValueError`` at the step they appear:
an optimizer never absorbs them silently into its moments.

Precision: theta's dtype decides. float64 is the default (integers and lists become
float64); a float32 theta keeps float32: its state is created like it, a gradient is
cast to it, and every step comes back in it (Section 6 trains its models in float32).
Hyperparameters stay float64 numbers or arrays.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

__all__ = ["Hyperparameter", "Interval", "Optimizer", "as_theta", "check_grad", "hyper"]


class Optimizer(NamedTuple):
    """A gradient transformation: ``init(theta) -> state``, ``update(g, state) -> (step, state)``.

    ``apply(theta, g, state) -> state`` is the fast path for long runs: it adds the
    step to ``theta`` in place and may reuse the buffers of ``state`` (the old state
    is consumed). Its result equals ``update``'s to rounding; tests hold them together.
    ``name`` and ``hyperparameters`` are there for reprs, tables and legends.
    """

    init: Callable[[Any], Any]
    update: Callable[[Any, Any], tuple[np.ndarray, Any]]
    name: str
    hyperparameters: dict[str, Any]
    apply: Callable[[np.ndarray, Any, Any], Any] | None = None

    def step(self, theta: np.ndarray, grad: Any, state: Any) -> Any:
        """Add one step to ``theta`` in place and return the new state (fast path if any)."""
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


def _as_real_array(name: str, value: Any) -> np.ndarray:
    if isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be a real number or array, got bool")
    try:
        array = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(
            f"{name} must be a real number or array, got {type(value).__name__}"
        ) from exc
    if array.dtype.kind not in "fiu":
        raise TypeError(f"{name} must be real, got dtype {array.dtype}")
    return array.astype(np.float64, copy=False)


@dataclass(frozen=True)
class Hyperparameter:
    """A named hyperparameter: a constant (float or array) or a schedule ``t -> value``.

    ``at(t)`` returns the value at step t, validated against ``interval``; constants
    are validated once, when the optimizer is built.
    """

    name: str
    value: Any
    interval: Interval

    def __post_init__(self) -> None:
        if not callable(self.value):
            constant = self._validated(_as_real_array(self.name, self.value), where="")
            object.__setattr__(self, "value", constant.item() if constant.ndim == 0 else constant)

    @property
    def is_schedule(self) -> bool:
        return callable(self.value)

    def at(self, t: int) -> float | np.ndarray:
        if not self.is_schedule:
            return self.value
        raw = self._validated(_as_real_array(self.name, self.value(t)), where=f" at t={t}")
        return raw.item() if raw.ndim == 0 else raw  # a Python float keeps float32 steps float32

    def check_broadcast(self, shape: tuple[int, ...]) -> None:
        """Raise unless the value broadcasts against theta without changing its shape."""
        if self.is_schedule:
            return
        value_shape = np.shape(self.value)
        try:
            out = np.broadcast_shapes(value_shape, shape)
        except ValueError:
            out = None
        if out != shape:
            raise ValueError(
                f"{self.name} of shape {value_shape} does not broadcast against theta of "
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


def _working_dtype(value: Any) -> type:
    """float32 for a float32 array, float64 for everything else."""
    return np.float32 if getattr(value, "dtype", None) == np.float32 else np.float64


def as_theta(theta: Any) -> np.ndarray:
    """Validate and copy the initial point: a non-empty, finite, real array, float64
    unless it is float32 (which it stays)."""
    array = _as_real_array("theta", theta)
    if array.size == 0:
        raise ValueError("theta must not be empty")
    if not np.all(np.isfinite(array)):
        raise ValueError("theta must be finite")
    return np.array(theta, dtype=_working_dtype(theta))


def check_grad(grad: Any, shape: tuple[int, ...], t: int) -> np.ndarray:
    """Validate a gradient: real, of theta's shape, finite. Returns it as float64, or
    float32 when it is float32."""
    return check_grad_norm(grad, shape, t)[0]


def check_grad_norm(grad: Any, shape: tuple[int, ...], t: int) -> tuple[np.ndarray, float]:
    """:func:`check_grad` that also returns the squared norm of the gradient.

    The finiteness test is the squared norm first (one pass, no allocation); only when
    it is not finite does the exact element-wise test run, since the squares of large
    finite entries (above ~1.3e154) overflow too. A finite squared norm tells a caller
    that no ``g_i**2`` overflows.
    """
    if isinstance(grad, numbers.Number) and not isinstance(grad, numbers.Real):
        raise TypeError(f"grad must be real, got {type(grad).__name__}")
    if isinstance(grad, np.ndarray) and grad.dtype == np.float32:
        g = grad  # float32 stays float32
    else:
        g = _as_real_array("grad", grad)
    if g.shape != shape:
        raise ValueError(f"grad has shape {g.shape}, but theta has shape {shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        flat = g.reshape(-1)
        squared_norm = float(np.einsum("i,i->", flat, flat))  # no BLAS threads
    if not math.isfinite(squared_norm) and not np.all(np.isfinite(g)):
        bad = int(np.size(g) - np.count_nonzero(np.isfinite(g)))
        raise ValueError(
            f"grad has {bad} non-finite entries (nan or inf) at step t={t}; "
            "adamtheory optimizers do not absorb them into their moments"
        )
    return g, squared_norm


def _sum_is_finite(array: np.ndarray) -> bool:
    with np.errstate(over="ignore", invalid="ignore"):
        return math.isfinite(float(np.sum(array)))


def check_finite_moment(name: str, moment: np.ndarray, t: int) -> None:
    """Raise ``FloatingPointError`` when a moment overflowed float64 (|g| > ~1.3e154)."""
    if not _sum_is_finite(moment) and not np.all(np.isfinite(moment)):
        raise FloatingPointError(
            f"{name} overflowed float64 at step t={t} (a gradient entry above ~1.3e154 "
            "squares to inf); rescale the objective"
        )


def build(
    name: str,
    hypers: tuple[Hyperparameter, ...],
    init_state: Callable[[np.ndarray], Any],
    update: Callable[[Any, Any], tuple[np.ndarray, Any]],
    apply: Callable[[np.ndarray, Any, Any], Any] | None = None,
    **options: Any,
) -> Optimizer:
    """Assemble an :class:`Optimizer`: ``init`` validates theta and the broadcasting of
    every hyperparameter before it builds the state."""

    def init(theta: Any) -> Any:
        theta = as_theta(theta)
        for h in hypers:
            h.check_broadcast(theta.shape)
        return init_state(theta)

    def typed_update(grad: Any, state: Any) -> tuple[np.ndarray, Any]:
        if _state_dtype(state) is not np.float32:
            return update(grad, state)
        step, state = update(_to_float32(grad), state)
        return step.astype(np.float32, copy=False), _state_to_float32(state, step.shape)

    def typed_apply(theta: np.ndarray, grad: Any, state: Any) -> Any:
        if _state_dtype(state) is not np.float32:
            return apply(theta, grad, state)
        return _state_to_float32(apply(theta, _to_float32(grad), state), theta.shape)

    described = {h.name: h.value for h in hypers} | options
    fast = typed_apply if apply is not None else None
    return Optimizer(init, typed_update, name, described, fast)


def _state_dtype(state: Any) -> type | None:
    """The dtype of theta, read off the first array of the state (created like theta)."""
    for field in state:
        if isinstance(field, np.ndarray):
            return _working_dtype(field)
    return None  # a state without arrays (SGD): its step follows the gradient's dtype


def _to_float32(grad: Any) -> Any:
    """A float64 gradient array for a float32 theta, cast down (anything else untouched,
    so that :func:`check_grad` still names the argument of a wrong type)."""
    if isinstance(grad, np.ndarray) and grad.dtype == np.float64:
        return grad.astype(np.float32)
    return grad


def _state_to_float32(state: Any, shape: tuple[int, ...]) -> Any:
    """Cast theta-shaped float64 arrays of a state back to float32 (array-valued float64
    hyperparameters promote the moments)."""
    promoted = {
        name: value.astype(np.float32)
        for name, value in state._asdict().items()
        if isinstance(value, np.ndarray) and value.dtype == np.float64 and value.shape == shape
    }
    return state._replace(**promoted) if promoted else state


def safe_ratio(numerator: np.ndarray, root: np.ndarray, eps: float | np.ndarray) -> np.ndarray:
    """``numerator / (root + eps)``, with 0/0 := 0 where ``eps`` is 0.

    With eps = 0 a coordinate whose gradients were all zero has zero moments; its
    step is 0, not NaN. A zero denominator under a non-zero numerator means the
    squares underflowed (|g| below ~1e-162): that raises ``FloatingPointError``
    rather than returning a silent zero step. With eps > 0 this is the plain quotient.
    """
    denominator = root + eps
    if np.all(np.asarray(eps) > 0):
        return numerator / denominator
    zero = denominator == 0
    if np.any(zero & (numerator != 0)):
        raise FloatingPointError(
            "the second moment underflowed to 0 under a non-zero first moment "
            "(|g| below ~1e-162 with eps = 0); use eps > 0 or rescale the objective"
        )
    out = np.zeros(np.broadcast_shapes(np.shape(numerator), np.shape(denominator)))
    return np.divide(numerator, denominator, out=out, where=~zero)
