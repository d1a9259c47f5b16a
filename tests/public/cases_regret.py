"""Cases of the last regret helpers (issue 11): the sparse study's three cached runs,
the lemma studies' test sequences, Theorem 4.1's right-hand side along a run and the
walled witnesses. Every valid call is tiny (T, d and seeds of a few)."""

from __future__ import annotations

import harness
import numpy as np
from harness import (
    RAGGED,
    Arg,
    Case,
    also,
    array,
    count,
    instance,
    interval,
    nonnegative,
    positive,
    seed,
    unit,
)

from adamtheory.paper.regret import sparse as rg_sparse
from adamtheory.paper.regret import studies as rg_studies
from adamtheory.paper.regret import theorem as rg_theorem

A = Arg


def case(fn, /, call=None, finite=True, run_valid=True, **args) -> Case:
    return Case(fn, args, call=call, finite=finite, run_valid=run_valid)


def counts(*refused, allowed=()) -> harness.Kind:
    """A tuple of whole numbers (dimensions, horizons): a string, a ragged list, a float
    or bool entry, and an entry below 1 are refused; a list is accepted (normalised to a
    tuple, so that the cache sees one key)."""
    bad = ("x", None, 3, RAGGED, (2, 2.5), (2, 4.0), (True, 4), (0, 4), (-1, 4), ("2", "4"))
    kind = harness.Kind("object", bad + refused, harness.st.nothing(), lambda x: False)
    return kind._replace(allowed=allowed)


G = np.array([[0.5, -1.0], [0.25, 0.0], [1.0, 0.5]])

REGRET_MORE = [
    case(
        rg_sparse.bound_factors,
        T=A(50, count(1, huge=False)),
        # a slope in d needs two different d
        ds=A((2, 4, 8), counts((), (4,), (4, 4), allowed=([2, 4, 8], (4, 2)))),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        rg_sparse.regrets_in_d,
        T=A(4, count(1, huge=False)),
        ds=A((2, 3), counts((), allowed=([2, 3],))),
        # no dense family is a valid request (the table then has the sparse rows only)
        dense_ds=A((2,), counts(allowed=((), [2]))),
        seeds=A(1, count(1, huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        rg_sparse.regrets_in_t,
        # at least three increasing horizons (a fitted exponent with an interval)
        ts=A((10, 20, 40), counts((10, 20), (20, 10, 40), (10, 20, 20), allowed=([10, 20, 40],))),
        d=A(3, count(1, huge=False)),
        a=A(2.0, also(positive(), 2)),  # an integral a is the same family
        seeds=A(2, count(1, huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        rg_studies.test_sequences,
        T=A(5, count(1, huge=False)),
        rng=A(np.random.default_rng(0), instance(0, np.random.RandomState(0))),
        n=A(3, count(1, huge=False)),
    ),  # fmt: skip
    case(
        rg_theorem.rhs_along,
        # the rounds 1..n of g's rows: anything else would misplace the bias correction
        ts=A(np.arange(1.0, 4.0), array((3,), wrong=((2,), (3, 1)))),
        g=A(G, array((3, 2), wrong=((2, 2), (3,), (3, 2, 1)), empty_ok=False)),
        alpha=A(0.1, positive()),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        lam=A(0.5, interval(0.0, 1.0)),
        D=A(2.0, nonnegative()),
        D_inf=A(2.0, nonnegative()),
    ),  # fmt: skip
    case(
        rg_theorem.walled_witnesses,
        T=A(5, count(1, huge=False)),
        beta1=A(0.3, unit()),
        lam=A(0.5, interval(0.0, 1.0)),
    ),  # fmt: skip
]
