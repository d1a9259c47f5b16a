"""Cases of the lowest layer, ``adamtheory.core``: the EMA helpers (``ema``), the power-law
fits (``fit``), the report formatters (``report``), ``verdict.verdict`` and every argument
check of ``validation`` (each fed the user's value under the name it reports)."""

from __future__ import annotations

import numpy as np
from fixtures import ARR3, GRAD
from harness import (
    A,
    Case,
    array,
    case,
    choice,
    count,
    flag,
    instance,
    interval,
    nonnegative,
    positive,
    real,
    steps,
    text,
    unit,
)

from adamtheory.core import ema, fit, report, validation, verdict

_ANY_FLOATS = ARR3._replace(
    refused=tuple(
        v
        for v in ARR3.refused
        if not (isinstance(v, np.ndarray) and v.dtype.kind == "f" and v.shape == (3,))
    ),
    valid=lambda x: isinstance(x, np.ndarray),
)
"""ARR3 where NaN and inf entries are allowed (a kernel whose caller checks finiteness)."""


def printable():
    """A number to print: NaN and inf print as such; strings and bools are refused."""
    kind = real()
    refused = tuple(v for v in kind.refused if not isinstance(v, float))
    return kind._replace(refused=refused, valid=lambda x: harness_real(x))


def any_real_array():
    """real_array's input: any real array, NaN and inf included (it checks the type only)."""
    kind = array((3,))
    refused = tuple(v for v in kind.refused
                    if not (isinstance(v, np.ndarray) and v.dtype == float))  # fmt: skip
    return kind._replace(refused=refused, valid=lambda x: True)


def harness_real(x) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def validator(fn, name, kind, valid=0.5, **fixed) -> Case:
    """A core.validation check: its ``value`` is the user's input, named ``name``."""

    def call(kw):
        return fn(name=name, value=kw["value"], **fixed)

    return Case(fn, {"value": A(valid, kind, names=(name,))}, call=call)


CASES = [
    # ema.ema_update's docstring: finiteness is the caller's contract (an O(d) check at
    # every optimizer step); NaN/inf propagate by IEEE arithmetic: no finite result asked
    case(
        ema.ema_update,
        finite=False,
        previous=A(GRAD, _ANY_FLOATS),
        value=A(GRAD, _ANY_FLOATS),
        beta=A(0.9, unit()),
    ),  # fmt: skip
    case(
        ema.ema, x=A(np.arange(5.0), array((5,))), beta=A(0.9, unit()), initial=A(0.0, real())
    ),  # fmt: skip
    case(ema.one_minus_power, beta=A(0.9, unit()), t=A(3, steps())),
    # ema.debias: "average, beta and t broadcast" (elementwise), so no shape is wrong
    case(ema.debias, average=A(GRAD, array((3,))), beta=A(0.9, unit()), t=A(3, steps())),
    case(
        fit.fit_power_law,
        x=A(np.arange(1.0, 9.0), array((8,), wrong=((3,),))),
        y=A(np.arange(1.0, 9.0) ** -0.5, array((8,), wrong=((3,),))),
        level=A(0.95, interval(0.0, 1.0)),
    ),  # fmt: skip
    case(
        fit.fit_convergence_rate,
        x=A(np.arange(1.0, 9.0), array((8,), wrong=((3,),))),
        distance=A(np.arange(1.0, 9.0) ** -0.5, array((8,), wrong=((3,),))),
    ),  # fmt: skip
    case(report.at_most, x=A(1e-15, printable()), floor=A(1e-12, positive())),
    case(report.rounded, x=A(3.14159, printable()), digits=A(3, count(huge=False))),
    case(
        verdict.verdict,
        word=A("supported", choice(*verdict.VERDICTS), names=("verdict", "word")),
        condition=A("ok", text()),
    ),  # fmt: skip
    validator(validation.positive, "alpha", positive()),
    validator(validation.nonnegative, "eps", nonnegative()),
    validator(validation.unit, "beta1", unit()),
    validator(validation.in_interval, "p", interval(1.0, 3.0), 2.0, low=1.0, high=3.0),
    case(validation.betas, beta1=A(0.9, unit()), beta2=A(0.999, unit())),
    validator(validation.count, "T", count(), 3),
    validator(validation.steps, "t", steps(), 3),
    validator(validation.flag, "centered", flag(), True),
    validator(validation.choice, "scale", choice("a", "b"), "a", options=("a", "b")),
    validator(validation.finite_float, "x", real()),
    validator(
        validation.record,
        "result",
        instance([("cost", 1.0)], {}, {"other": 1.0}),
        {"cost": 1.0},
        keys=("cost",),
    ),
    validator(
        validation.generator,
        "rng",
        instance(0, np.random.RandomState(0)),
        np.random.default_rng(0),
    ),
    # horizons: a string, floats, bools, a 0 and an empty list are refused
    validator(
        validation.counts,
        "ts",
        instance([1.5, 2], [True, 2], [0, 2], [], "12", [[1, 2]]),
        [10, 20, 40],
    ),
    # a grid of step sizes: empty, 2-d, a negative, NaN or a string entry are refused
    validator(
        validation.grid,
        "alphas",
        instance([], [[0.1]], [0.1, -1.0], [0.1, float("nan")], ["0.1"], 0.1),
        [1e-3, 1e-2],
        check=validation.positive,
    ),
    # labels of 3 examples in 2 classes: -1 (not "the last class"), 2, floats, bools,
    # a ragged list and the wrong count are refused
    validator(
        validation.class_labels,
        "labels",
        instance([0, 1, -1], [0, 1, 2], [0.0, 1.0, 1.0], [True, False, True], [0, [1]], [0, 1]),
        np.array([0, 1, 1]),
        n=3,
        classes=2,
        rows_of="logits",
        classes_of="logits",
    ),
    Case(
        validation.real_array,
        {"value": A(GRAD, any_real_array(), names=("g",))},
        call=lambda kw: validation.real_array("g", kw["value"]),
        finite=False,
    ),  # fmt: skip
]
