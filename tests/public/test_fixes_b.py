"""Regression tests of the fixes found by the cases of ``more_cases_b.py`` (regret
helpers): each bad input raises a named ValueError/TypeError or FloatingPointError."""

from __future__ import annotations

import numpy as np
import pytest

from adamtheory.paper.regret import derivation as rg_derivation
from adamtheory.paper.regret import sparse as rg_sparse


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


@pytest.mark.parametrize("arg", ["n", "dim", "seed"])
def test_logistic_data_refuses_bad_counts_by_name(arg):
    from adamtheory.paper.update_rule import typical

    with pytest.raises((TypeError, ValueError), match=arg):
        typical.logistic_data(**{"n": 10, "dim": 2, "seed": 0, arg: "2" if arg != "n" else 0})


def test_ratio_quantiles_refuses_nan_by_name():
    from adamtheory.paper.update_rule import typical

    with pytest.raises(ValueError, match="ratios"):
        typical.ratio_quantiles(np.array([np.nan, 1.0]))


def test_maximiser_check_refuses_n_zero_by_name():
    from adamtheory.paper.update_rule import derivation

    with pytest.raises(ValueError, match="n"):
        derivation.maximiser_check(n=0)


def test_first_t_above_refuses_a_string_level_by_name():
    from adamtheory.paper.update_rule import studies

    with pytest.raises(TypeError, match="level"):
        studies.first_t_above(0.9, 0.999, level="0.1", horizon=10)


def test_sampled_max_ratio_refuses_a_string_seed_by_name():
    from adamtheory.paper.update_rule import search

    with pytest.raises(TypeError, match="seed"):
        search.sampled_max_ratio(0.5, 0.9, steps=3, sequences=2, seed="0")


@pytest.mark.parametrize("name", ["adam_ratio", "adamax_ratio"])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_ratios_refuse_non_finite_grads_by_name(name, bad):
    from adamtheory.paper.update_rule import search

    with pytest.raises(ValueError, match="grads"):
        getattr(search, name)(np.array([1.0, bad]), 0.5, 0.9)


def test_adam_ratio_overflow_raises_floating_point_error():
    from adamtheory.paper.update_rule import search

    with pytest.raises(FloatingPointError):
        search.adam_ratio(np.full(3, 1.3407807929942597e154), 0.5, 0.9)


def test_adamax_box_search_tiny_beta2_raises_floating_point_error():
    from adamtheory.paper.update_rule import search

    with pytest.raises(FloatingPointError):
        search.adamax_box_search(0.5, 5e-324, 3)


def test_sup_ratio_refuses_a_non_flag_by_name():
    from adamtheory.paper.update_rule import derivation

    with pytest.raises(TypeError, match="bias_correction"):
        derivation.sup_ratio(bias_correction="no")


def test_adam_ratio_exact_refuses_nan_grads_by_name():
    from adamtheory.paper.update_rule import search

    with pytest.raises(ValueError, match="grads"):
        search.adam_ratio_exact(np.array([1.0, np.nan]), 0.5, 0.9)


def test_scale_invariance_refuses_ragged_scales_by_name():
    from adamtheory.paper.update_rule import invariance

    with pytest.raises(TypeError, match="scales"):
        invariance.scale_invariance([1.0, [2.0, 3.0]], steps=3, dim=2)


@pytest.mark.parametrize("name", ["ts", "R", "rhs"])
def test_exceedance_refuses_non_finite_arrays_by_name(name):
    from adamtheory.paper.regret import theorem

    args = {"ts": np.array([1.0, 2.0]), "R": np.array([0.1, 0.2]), "rhs": np.array([1.0, 0.1])}
    args[name] = np.array([np.inf, np.inf])
    with pytest.raises(ValueError, match=name):
        theorem.exceedance(**args)
