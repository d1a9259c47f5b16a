"""Cases of the paper's regret part (``paper.regret``): its studies' ``scale``; the
lemma sides of Lemmas 10.3 / 10.4 (``lemmas``) and their search; Theorem 4.1's bound, its
right-hand side along a run, the witnesses and the benign runs (``theorem``); the sparse
study's bounds and cached runs (``sparse``) and the lemma studies' test sequences.
Studies that run for seconds use ``run_valid=False``; every other valid call is tiny."""

from __future__ import annotations

import harness
import numpy as np
from harness import (
    RAGGED,
    A,
    also,
    array,
    case,
    count,
    evidence_cases,
    instance,
    interval,
    nonnegative,
    positive,
    seed,
    steps,
    unit,
)

from adamtheory.paper.regret import derivation as rg_derivation
from adamtheory.paper.regret import lemmas
from adamtheory.paper.regret import sparse as rg_sparse
from adamtheory.paper.regret import studies as rg_studies
from adamtheory.paper.regret import theorem as rg_theorem

LEMMA_G = np.array([[0.5, -1.0, 0.25, 1.0]])
LEMMA_G_KIND = array((1, 4), empty_ok=False)
"""One round of 4-d gradients for the lemma sides."""


def _corrected_rhs(kw: dict) -> np.ndarray:
    """lemma104_corrected_rhs, whose docstring says "Returns inf where beta1 >= sqrt(beta2)
    (no bound of this form)": that documented inf is checked here and masked, so every
    other entry must still be finite."""
    out = lemmas.lemma104_corrected_rhs(**kw)
    if np.all(np.asarray(kw["beta1"]) >= np.sqrt(kw["beta2"])):  # scalar betas here
        assert np.all(np.isinf(out)), out
        return np.zeros_like(out)
    return out


def counts(*refused, allowed=()) -> harness.Kind:
    """A tuple of whole numbers (dimensions, horizons): a string, a ragged list, a float
    or bool entry, and an entry below 1 are refused; a list is accepted (normalised to a
    tuple, so that the cache sees one key)."""
    bad = ("x", None, 3, RAGGED, (2, 2.5), (2, 4.0), (True, 4), (0, 4), (-1, 4), ("2", "4"))
    kind = harness.Kind("object", bad + refused, harness.st.nothing(), lambda x: False)
    return kind._replace(allowed=allowed)


"""Three rounds of 2-d gradients for Theorem 4.1's right-hand side along a run."""

CASES = [
    *evidence_cases("regret"),
    # ---------------------------------------------------------------- lemmas
    case(lemmas.harmonic, T=A(10, steps())),
    case(lemmas.lemma103_sides, g=A(LEMMA_G, LEMMA_G_KIND), G_inf=A(None, positive())),
    case(lemmas.lemma103_corrected_rhs, g=A(LEMMA_G, LEMMA_G_KIND)),
    case(
        lemmas.lemma104_sides,
        g=A(LEMMA_G, LEMMA_G_KIND),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        G_inf=A(None, positive()),
    ),  # fmt: skip
    case(
        lemmas.lemma104_corrected_rhs,
        call=_corrected_rhs,
        g=A(LEMMA_G, LEMMA_G_KIND),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
    ),  # fmt: skip
    case(
        lemmas.adam_moment_sequences,
        g=A(LEMMA_G, LEMMA_G_KIND),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
    ),  # fmt: skip
    # ---------------------------------------------------------------- derivation, studies
    case(
        rg_derivation.lemma103_first_failure,
        G=A(1, count(1, huge=False)),
        limit=A(100, count(1, huge=False)),
    ),  # fmt: skip
    case(
        rg_studies.lemma104_search,
        T=A(10, count(1, huge=False)),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        restarts=A(1, count(0, huge=False)),
        run_valid=False,
    ),  # fmt: skip
    # ---------------------------------------------------------------- theorem
    case(
        rg_theorem.adam_theorem41,
        alpha=A(0.01, positive()),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        lam=A(0.99, interval(0.0, 1.0, True)),
        eps=A(1e-8, nonnegative()),
        finite=False,
    ),  # fmt: skip
    case(rg_theorem.benign_grid, T=A(20, count(1, huge=False))),
    case(rg_theorem.reddi_witness, T=A(20, count(1, huge=False)), run_valid=False),
    case(
        rg_theorem.iterate_d_witness,
        T=A(20, count(1, huge=False)),
        alpha=A(1e-3, positive()),
        beta2=A(0.999, unit()),
        run_valid=False,
    ),  # fmt: skip
    case(
        rg_theorem.benign_regret_curve,
        T=A(20, count(1, huge=False)),
        batch=A(2, count(1, huge=False)),
        seed=A(1, seed()),
        run_valid=False,
    ),  # fmt: skip
    case(
        rg_theorem.exceedance,
        ts=A(np.array([1.0, 2.0, 3.0]), array((3,))),
        R=A(np.array([0.1, 0.2, 0.3]), array((3,))),
        rhs=A(np.array([1.0, 1.0, 0.1]), array((3,))),
    ),  # fmt: skip
    # ---------------------------------------------------------------- sparse
    case(rg_sparse.adagrad_bound, alpha=A(0.1, positive()), factor=A(2.0, nonnegative())),
    case(
        rg_sparse.slope_in_d,
        d=A(np.array([2.0, 4.0, 8.0]), array((3,))),
        y=A(np.array([1.0, 2.0, 4.0]), array((3,))),
    ),  # fmt: skip
    case(rg_sparse.sparse_methods, alpha=A(np.array([0.1, 0.2]), array((2,)))),
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
        rg_theorem.walled_witnesses,
        T=A(5, count(1, huge=False)),
        beta1=A(0.3, unit()),
        lam=A(0.5, interval(0.0, 1.0)),
    ),  # fmt: skip
]
