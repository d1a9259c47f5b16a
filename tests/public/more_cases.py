"""Cases of the modules that arrived after the property test: problems.reddi and
problems.zhang, the dataset loaders, the models, and the paper's failures / experiments /
update_rule helpers. One valid call per public callable; documented special values via
``also``/``optional``. Argument kinds that ``harness.py`` lacks are defined here."""

from __future__ import annotations

from harness import (
    Arg,
    Case,
    count,
    positive,
    seed,
    unit,
)

from adamtheory.problems import reddi, zhang

A = Arg


def case(fn, /, call=None, finite=True, run_valid=True, **args) -> Case:
    return Case(fn, args, call=call, finite=finite, run_valid=run_valid)


PROBLEMS_MORE = [
    case(reddi.PeriodicLinear, C=A(3.0, positive()), period=A(3, count(2, huge=False))),
    case(reddi.reddi_theorem1, C=A(3.0, positive())),
    case(reddi.reddi_theorem1_betas, C=A(3.0, positive())),
    case(reddi.reddi_theorem1_witness, C=A(3.0, positive())),
    case(reddi.reddi_theorem2, beta1=A(0.5, unit()), beta2=A(0.9, unit())),
    case(
        reddi.reddi_theorem2_conditions,
        C=A(3.0, positive()),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
    ),  # fmt: skip
    case(
        reddi.reddi_theorem2_period,
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        C_max=A(10**4, count(4, huge=False)),
    ),  # fmt: skip
    case(
        reddi.StochasticLinear,
        C=A(3.0, positive()),
        delta=A(1.0, positive()),
        batch=A(1, count(huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        reddi.reddi_theorem3,
        beta1=A(0.0, unit()),
        beta2=A(0.9, unit()),
        delta=A(1.0, positive()),
        batch=A(1, count(huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        reddi.reddi_theorem3_constant,
        beta1=A(0.0, unit()),
        beta2=A(0.9, unit()),
        delta=A(1.0, positive()),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        reddi.expected_direction,
        C=A(3.0, positive()),
        delta=A(1.0, positive()),
        beta1=A(0.0, unit()),
        beta2=A(0.9, unit()),
        n=A(1024, count(128, huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        reddi.reddi_synthetic,
        large=A(1010.0, positive()),
        small=A(10.0, positive()),
        period=A(101, count(2, huge=False)),
    ),  # fmt: skip
    case(zhang.ZhangDivergence, n=A(10, count(2, huge=False)), a=A(1.0, positive())),
]

MORE = PROBLEMS_MORE
