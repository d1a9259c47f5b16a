"""The machinery of the public-input property test: argument kinds, their bad values,
the case table's record type, and the judge that accepts only the documented outcomes.

Loaded by the test files of this folder through ``load_harness`` (pytest runs in
``--import-mode=importlib``, so a sibling module is not importable by name).

Policy (README "Bad input", ``core.validation``, ``optim._core``): a wrong type raises
``TypeError``, a right type out of range ``ValueError``, both naming the argument; finite
input whose float64 arithmetic overflows raises ``FloatingPointError``. Anything else
(IndexError, AttributeError, a NumPy error from deep inside, a RuntimeWarning, a
non-finite result, or silence on an invalid value) fails.
"""

from __future__ import annotations

import dataclasses
import importlib
import math
import numbers
import re
import warnings
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

NAN, INF = math.nan, math.inf
RAGGED = [1.0, [2.0, 3.0]]
EXTREMES = (5e-324, 1e-308, 1e-170, 1e154, 1e200, 1.7976931348623157e308)


class Kind(NamedTuple):
    """An argument kind: values that must be refused, values that may pass (if the
    function succeeds, its output must be finite), a hypothesis strategy, and the
    documented domain used to sort drawn values into the two groups."""

    name: str
    refused: tuple
    strategy: st.SearchStrategy
    valid: Callable[[Any], bool]
    allowed: tuple = ()


def _is_real_scalar(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool | np.bool_)


def _finite_real(x: Any) -> bool:
    return _is_real_scalar(x) and math.isfinite(float(x))


_NOT_A_NUMBER = ("0.1", True, None, 1j, RAGGED, NAN, INF, -INF)
_DRAWN_REALS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
    st.sampled_from(EXTREMES + tuple(-x for x in EXTREMES)),
    st.integers(-(10**20), 10**20),
)


def real() -> Kind:
    """Any finite real scalar (a drift, a mean, a target)."""
    return Kind("real", _NOT_A_NUMBER, _DRAWN_REALS, _finite_real)


def positive(bad_schedules: bool = False) -> Kind:
    """A finite real > 0; with ``bad_schedules`` (optimizer hyperparameters) also
    schedules whose value is negative, a string, or does not broadcast."""
    refused = _NOT_A_NUMBER + (-1.0, 0.0)
    if bad_schedules:
        refused += (lambda t: -1.0, lambda t: "x", lambda t: np.ones((2, 3)))
    return Kind("positive", refused, _DRAWN_REALS, lambda x: _finite_real(x) and x > 0)


def nonnegative() -> Kind:
    return Kind("nonnegative", _NOT_A_NUMBER + (-1.0,), _DRAWN_REALS,
                lambda x: _finite_real(x) and x >= 0)  # fmt: skip


def interval(low: float, high: float, closed_high: bool = False) -> Kind:
    """A finite real in [low, high) (or [low, high])."""
    outside = (low - 0.5, high + 0.5) + (() if closed_high else (high,))

    def valid(x: Any) -> bool:
        return _finite_real(x) and low <= x and (x <= high if closed_high else x < high)

    drawn = st.one_of(_DRAWN_REALS, st.floats(low - 1, high + 1))
    return Kind(f"interval[{low}, {high}]", _NOT_A_NUMBER + outside, drawn, valid)


def unit() -> Kind:
    """A decay rate in [0, 1)."""
    return interval(0.0, 1.0)


def count(minimum: int = 1, huge: bool = True) -> Kind:
    """A whole number >= minimum; 10**30 must be refused or computed (``huge``)."""
    refused = ("2", True, None, 2.5, NAN, INF, 1j, minimum - 1, -1)
    drawn = st.one_of(st.integers(-1000, minimum + 20), st.floats(allow_nan=True))

    def valid(x: Any) -> bool:
        return isinstance(x, numbers.Integral) and not isinstance(x, bool) and x >= minimum

    return Kind("count", refused, drawn, valid, allowed=(10**30,) if huge else ())


def steps() -> Kind:
    """A step count t >= 1 (integral floats pass)."""
    refused = ("3", True, None, 2.5, NAN, INF, -INF, 1j, 0, -2)
    drawn = st.one_of(st.integers(-(10**6), 10**6), st.floats(allow_nan=True))

    def valid(x: Any) -> bool:
        return _finite_real(x) and x >= 1 and float(x) == math.floor(x)

    return Kind("steps", refused, drawn, valid, allowed=(10**30, 10**20))


def also(kind: Kind, *values: Any) -> Kind:
    """``kind`` plus documented special values (``t=None``: the limit; ``r=inf``)."""

    def listed(v: Any) -> bool:
        return any(v is w or (isinstance(v, float) and isinstance(w, float) and v == w)
                   for w in values)  # fmt: skip

    refused = tuple(v for v in kind.refused if not listed(v))
    return kind._replace(refused=refused, allowed=kind.allowed + values)


def optional(kind: Kind) -> Kind:
    """``kind``, or None where None is documented (``t=None``: the limit t -> inf)."""
    return also(kind, None)


def seed() -> Kind:
    refused = ("0", True, None, 2.5, -1)
    return Kind("seed", refused, st.integers(-5, 10**6), lambda x: isinstance(x, int) and x >= 0)


def flag() -> Kind:
    return Kind("flag", ("no", 1, 0, None, 2.5), st.sampled_from([True, False]), lambda x: True)


def choice(*options: str) -> Kind:
    return Kind("choice", ("nonexistent", None, 3, True), st.sampled_from(options), lambda x: True)


def array(shape: tuple[int, ...], wrong: tuple = (), empty_ok: bool = True) -> Kind:
    """A finite real array of ``shape``; ``wrong`` lists shapes that must be refused."""
    refused = ("x", None, True, RAGGED, np.full(shape, NAN), np.full(shape, INF),
               np.ones(shape) * 1j, np.ones(shape, dtype=object))  # fmt: skip
    refused += tuple(np.ones(s) for s in wrong)
    if not empty_ok:
        refused += (np.zeros((0,) * max(len(shape), 1)),)
    elements = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)
    drawn = hnp.arrays(np.float64, shape, elements=elements)

    def valid(x: Any) -> bool:
        return isinstance(x, np.ndarray) and bool(np.all(np.isfinite(x)))

    return Kind(f"array{shape}", refused, drawn, valid)


def instance(*refused: Any) -> Kind:
    """An object argument (an optimizer, a problem, a domain): the given values are refused."""
    return Kind("object", refused + (None, "x", 3), st.nothing(), lambda x: False)


def text() -> Kind:
    """A free-text argument (a condition, a label): only non-strings are refused."""
    return Kind("object", (None, 3, b"x"), st.nothing(), lambda x: False)


BAD_SCALE = instance("nonexistent", 3, True, "Default")
"""A study's ``scale`` ("default" or "paper"): anything else is refused by name."""


def fit_grid(n: int, low: float, high: float) -> Kind:
    """A 1-d grid of ``n`` points for a fit (a limit study): 1-element grids (too few for
    the fit), grids of ``low`` or ``high`` only, and bad entries are refused."""
    kind = array((n,), wrong=((1,),), empty_ok=False)
    return kind._replace(refused=kind.refused + (np.full(n, low), np.full(n, high)))


@dataclasses.dataclass
class Arg:
    value: Any
    kind: Kind
    names: tuple[str, ...] = ()


@dataclasses.dataclass
class Case:
    """One valid call of a public callable, with the kind of each argument.

    ``call`` turns the keyword arguments into a result (default: ``fn(**kwargs)``);
    ``finite`` says every float in the result must be finite; ``run_valid=False``
    skips the valid call itself (a study that runs for seconds) but still throws the
    bad values, which must be refused before any work is done.
    """

    fn: Callable
    args: dict[str, Arg]
    call: Callable[[dict[str, Any]], Any] | None = None
    finite: bool = True
    run_valid: bool = True
    known: dict[str, str] = dataclasses.field(default_factory=dict)

    def invoke(self, kwargs: dict[str, Any]) -> Any:
        return self.call(kwargs) if self.call is not None else self.fn(**kwargs)

    def kwargs(self) -> dict[str, Any]:
        return {name: arg.value for name, arg in self.args.items()}


A = Arg
"""The short name the case tables use: ``A(valid_value, kind)``."""


def case(fn: Callable, /, call=None, finite=True, run_valid=True, **args: Arg) -> Case:
    """A ``Case`` of ``fn`` whose arguments are the keywords: ``case(fn, x=A(1.0, real()))``."""
    return Case(fn, args, call=call, finite=finite, run_valid=run_valid)


def evidence_cases(part: str) -> list[Case]:
    """Every ``*_evidence(scale)`` that ``adamtheory.paper.<part>.studies`` exports: a bad
    scale is refused before any work (no valid call: a study runs for seconds)."""
    module = importlib.import_module(f"adamtheory.paper.{part}.studies")
    names = [name for name in getattr(module, "__all__", ()) if name.endswith("_evidence")]
    return [
        case(getattr(module, name), run_valid=False, scale=A("default", BAD_SCALE))
        for name in names
    ]


def key(obj: Any) -> str:
    return f"{obj.__module__}.{obj.__qualname__}"


def non_finite(value: Any, depth: int = 0) -> str | None:
    """Where a float in ``value`` is not finite (None if all are)."""
    if depth > 4:
        return None
    if isinstance(value, bool | np.bool_ | str | bytes) or value is None:
        return None
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc" and not np.all(np.isfinite(value)):
            return "an array entry"
        return None
    if isinstance(value, numbers.Number):
        return None if np.isfinite(complex(value)).all() else repr(value)
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, tuple | list):
        items = enumerate(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
    else:
        return None
    for name, item in items:
        where = non_finite(item, depth + 1)
        if where is not None:
            return f"{name}: {where}"
    return None


def names_argument(message: str, name: str) -> bool:
    """Whether ``message`` names ``name`` as a word: ``d`` in "d must be >= 1", not the
    ``d`` inside "must be a dict" (one-letter names would otherwise always match)."""
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", message) is not None


def judge(case: Case, name: str, value: Any, refused: bool) -> str | None:
    """None if calling ``case`` with ``name=value`` does what the policy allows, else why not."""
    kwargs = case.kwargs()
    kwargs[name] = value
    names = case.args[name].names or (name,)
    label = f"{key(case.fn)}({name}={value!r})"
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            result = case.invoke(kwargs)
        except (TypeError, ValueError) as exc:
            if any(names_argument(str(exc), n) for n in names):
                return None
            return f"{label}: {type(exc).__name__} without naming {names}: {exc}"
        except FloatingPointError:
            return None
        except Exception as exc:  # noqa: BLE001 - the point is to catch everything else
            return f"{label}: raw {type(exc).__name__}: {exc}"
    if refused:
        return f"{label}: accepted silently (returned {_short(result)})"
    if case.finite:
        where = non_finite(result)
        if where is not None:
            return f"{label}: non-finite result at {where}"
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 120 else text[:117] + "..."
