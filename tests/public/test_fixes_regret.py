"""Regression tests of the bugs the public-input property test found in the paper's regret
part (``adamtheory.paper.regret``): each failed before its fix. ``sparse.slope_in_d``'s own
names are also checked in test_fixes_experiments.py (a test that checks several parts sits
with the first part it calls)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from adamtheory.paper.regret import derivation as rg_derivation
from adamtheory.paper.regret import sparse, studies, theorem
from adamtheory.paper.regret import sparse as rg_sparse

sys.path.insert(0, str(Path(__file__).parent))
from harness import RAGGED  # noqa: E402


def test_regret_lemmas_huge_gradients_are_exact_or_floating_point_errors():
    from adamtheory.paper.regret import lemmas

    g = np.full((1, 6), 6.7e153)
    # was: inf; the norm is 6.7e153 * sqrt(6), finite
    rhs = lemmas.lemma103_corrected_rhs(g)
    assert math.isclose(rhs[0], math.sqrt(lemmas.harmonic(6)) * 6.7e153 * math.sqrt(6))
    with pytest.raises(FloatingPointError):
        lemmas.lemma103_sides(g)  # 2 G_inf ||g|| overflows
    with pytest.raises(FloatingPointError):
        lemmas.adam_moment_sequences(np.full((1, 6), 1.35e154), 0.5, 0.9)  # g^2 overflows
    with pytest.raises(FloatingPointError):
        lemmas.lemma104_sides(np.ones((1, 6)), 0.5, 0.9, G_inf=1e307)  # was: RuntimeWarning
    # documented: inf where beta1 >= sqrt(beta2), without a warning
    assert np.isinf(lemmas.lemma104_corrected_rhs(np.ones((1, 6)), 0.5, 0.0)).all()
    assert np.isinf(lemmas.lemma104_corrected_rhs(np.zeros((1, 6)), 0.5, 0.0)).all()


@pytest.mark.parametrize("G", [0, -1, 2.5, True, None, float("nan")])
def test_lemma103_first_failure_refuses_a_bad_G_by_name(G):
    with pytest.raises((TypeError, ValueError), match="G"):
        rg_derivation.lemma103_first_failure(G=G)


def test_lemma103_first_failure_refuses_a_bad_limit_by_name():
    with pytest.raises((TypeError, ValueError), match="limit"):
        rg_derivation.lemma103_first_failure(limit=0)


def test_adagrad_bound_overflow_raises_floating_point_error():
    with pytest.raises(FloatingPointError):
        rg_sparse.adagrad_bound(alpha=8.98846567431158e307, factor=2.0)


@pytest.mark.parametrize("bad", ["x", np.ones(3) * 1j, np.ones(3, dtype=object), [np.nan] * 3])
def test_slope_in_d_refuses_bad_arrays_by_name(bad):
    with pytest.raises((TypeError, ValueError), match="y"):
        rg_sparse.slope_in_d(d=[2.0, 4.0, 8.0], y=bad)


@pytest.mark.parametrize("name", ["ts", "R", "rhs"])
def test_exceedance_refuses_non_finite_arrays_by_name(name):
    from adamtheory.paper.regret import theorem

    args = {"ts": np.array([1.0, 2.0]), "R": np.array([0.1, 0.2]), "rhs": np.array([1.0, 0.1])}
    args[name] = np.array([np.inf, np.inf])
    with pytest.raises(ValueError, match=name):
        theorem.exceedance(**args)


# ------------------------------------------------------------ the cached runs
def test_cached_runs_take_lists_and_normalise_the_cache_key():
    # was: TypeError "unhashable type: 'list'" from lru_cache; and 2 vs 2.0 two entries
    # (bound_factors and regrets_in_t return copies of their cached dicts: count the hits)
    for fn, cached, args, same in [
        (sparse.bound_factors, sparse._bound_factors, (50, [2, 4, 8], 0), (50, (2, 4, 8), 0)),
        (sparse.regrets_in_t, sparse._regrets_in_t, ([10, 20, 40], 3, 2, 2, 0),
         ((10, 20, 40), 3, 2.0, 2, 0)),
    ]:  # fmt: skip
        first = fn(*args)
        hits = cached.cache_info().hits
        assert fn(*same) == first and cached.cache_info().hits == hits + 1
    assert sparse.regrets_in_d(4, [2, 3], [2], 1, 0) is sparse.regrets_in_d(4, (2, 3), (2,), 1, 0)
    assert theorem.walled_witnesses(5, np.float64(0.3), 0.5) is theorem.walled_witnesses(
        5, 0.3, 0.5
    )


@pytest.mark.parametrize(
    "call, error, name",
    [
        (lambda: sparse.bound_factors(50, RAGGED, 0), TypeError, "ds"),  # was: unhashable
        (lambda: sparse.bound_factors(50, (0, 4), 0), ValueError, "ds"),  # was: names "d"
        (lambda: sparse.bound_factors(50, (4,), 0), ValueError, "ds"),  # was: the fit's error
        (lambda: sparse.bound_factors(50, (4, 4), 0), ValueError, "ds"),  # was: linregress
        (lambda: sparse.bound_factors(50, (2, 4), -1), ValueError, "seed"),  # was: NumPy's
        (lambda: sparse.bound_factors(50, (2, 4), None), TypeError, "seed"),  # was: silent
        (lambda: sparse.bound_factors(2**63, (2, 4), 0), ValueError, "T"),  # was: C long
        (lambda: sparse.regrets_in_d(4, (), (2,), 1, 0), ValueError, "ds"),  # was: silent
        (lambda: sparse.regrets_in_d(4, (2,), "x", 1, 0), TypeError, "dense_ds"),
        (lambda: sparse.regrets_in_d(4, (2,), (2,), True, 0), TypeError, "seeds"),  # silent
        (lambda: sparse.regrets_in_d(4, (2,), (2,), 1, -1), ValueError, "seed"),  # silent
        (lambda: sparse.regrets_in_t(None, 3, 2.0, 1, 0), TypeError, "ts"),
        (lambda: sparse.regrets_in_t((10, 20, 40), 3, 2.0, True, 0), TypeError, "seeds"),
        (lambda: theorem.walled_witnesses(5, RAGGED), TypeError, "beta1"),  # was: unhashable
        (lambda: theorem.walled_witnesses(5, 0.5, RAGGED), TypeError, "lam"),
        (lambda: theorem.walled_witnesses(5, 0.9), ValueError, "beta1"),  # gamma >= 1
    ],
)
def test_cached_runs_refuse_bad_arguments_by_name(call, error, name):
    with pytest.raises(error, match=name):
        call()


def test_regrets_in_t_constant_regret_has_a_finite_interval():
    # was: OGD_exponent_CI95 = [nan, nan] (linregress's 0/0 standard error)
    out = sparse.regrets_in_t((3, 5, 8), 3, 2.0, 1, 0)
    assert out["OGD_regret"] == [1.0, 1.0, 1.0]
    assert out["OGD_exponent"] == 0.0
    assert out["OGD_exponent_CI95"] == [0.0, 0.0]


# ------------------------------------------------------------ test sequences
@pytest.mark.parametrize(
    "kwargs, error, name",
    [
        (dict(rng=0), TypeError, "rng"),  # was: AttributeError
        (dict(rng=np.random.RandomState(0)), TypeError, "rng"),  # was: silent
        (dict(T=0), ValueError, "T"),  # was: IndexError
        (dict(T=2.5), TypeError, "T"),
        (dict(n=0), ValueError, "n"),
    ],
)
def test_test_sequences_refuses_bad_arguments_by_name(kwargs, error, name):
    args = dict(T=5, rng=np.random.default_rng(0), n=3) | kwargs
    with pytest.raises(error, match=name):
        studies.test_sequences(**args)


def test_cached_results_are_copies_a_caller_may_change():
    # was: sparse_log_d_evidence popped "T" from bound_factors' cached dict, so a second
    # call in one process (the notebook, then the ledger) raised KeyError: 'T'
    first = sparse.bound_factors(64, (2, 4, 8), 0)
    first.pop("T")
    assert sparse.bound_factors(64, (2, 4, 8), 0)["T"] == 64
    with pytest.raises(ValueError, match="T must be at most"):
        sparse.bound_factors(2**63, (2, 4), 0)
