"""Cases of the paper's regret helpers (theorem, sparse, studies, derivation). One valid
call per public callable; studies that run for seconds use ``run_valid=False`` (the bad
values must still be refused before any work)."""

from __future__ import annotations

import numpy as np
from harness import (
    Arg,
    Case,
    array,
    choice,
    count,
    flag,
    nonnegative,
    optional,
    positive,
    seed,
    unit,
)

from adamtheory import playground
from adamtheory.paper.regret import derivation as rg_derivation
from adamtheory.paper.regret import sparse as rg_sparse
from adamtheory.paper.regret import studies as rg_studies
from adamtheory.paper.regret import theorem as rg_theorem
from adamtheory.paper.update_rule import derivation as ur_derivation
from adamtheory.paper.update_rule import invariance as ur_invariance
from adamtheory.paper.update_rule import mlp as ur_mlp
from adamtheory.paper.update_rule import search as ur_search
from adamtheory.paper.update_rule import studies as ur_studies
from adamtheory.paper.update_rule import typical as ur_typical

A = Arg


def case(fn, /, call=None, finite=True, run_valid=True, **args) -> Case:
    return Case(fn, args, call=call, finite=finite, run_valid=run_valid)


REGRET = [
    case(
        rg_derivation.lemma103_first_failure,
        G=A(1, count(1, huge=False)),
        limit=A(100, count(1, huge=False)),
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
    case(rg_sparse.adagrad_bound, alpha=A(0.1, positive()), factor=A(2.0, nonnegative())),
    case(
        rg_sparse.slope_in_d,
        d=A(np.array([2.0, 4.0, 8.0]), array((3,))),
        y=A(np.array([1.0, 2.0, 4.0]), array((3,))),
    ),  # fmt: skip
    case(
        rg_studies.lemma104_search,
        T=A(10, count(1, huge=False)),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        restarts=A(1, count(0, huge=False)),
        run_valid=False,
    ),  # fmt: skip
]


UPDATE_RULE = [
    case(
        ur_typical.logistic_data,
        n=A(50, count(1, huge=False)),
        dim=A(3, count(1, huge=False)),
        seed=A(1, seed()),
    ),  # fmt: skip
    case(
        ur_typical.logistic_regression_ratios,
        steps=A(5, count(1, huge=False)),
        batch=A(4, count(1, huge=False)),
        l2=A(1e-4, nonnegative()),
        seed=A(1, seed()),
        run_valid=False,
    ),  # fmt: skip
    case(
        ur_typical.noisy_quadratic_ratios,
        steps=A(5, count(1, huge=False)),
        dim=A(3, count(1, huge=False)),
        noise=A("gaussian", choice("gaussian")),
        seed=A(1, seed()),
        run_valid=False,
    ),  # fmt: skip
    case(ur_typical.ratio_quantiles, ratios=A(np.array([0.1, 0.5, 0.9]), array((3,)))),
    case(ur_derivation.maximiser_check, n=A(2, count(1, huge=False)), run_valid=False),
    case(
        ur_mlp.mlp_problem,
        n=A(16, count(1, huge=False)),
        features=A(3, count(1, huge=False)),
        hidden=A(4, count(1, huge=False)),
        classes=A(2, count(2, huge=False)),
        seed=A(0, seed()),
        finite=False,
    ),  # fmt: skip
    case(
        ur_search.sampled_max_ratio,
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        steps=A(5, count(1, huge=False)),
        sequences=A(4, count(1, huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        ur_search.search_max_ratio,
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        t=A(5, count(1, huge=False)),
        restarts=A(1, count(1, huge=False)),
        seed=A(0, seed()),
        run_valid=False,
    ),  # fmt: skip
    case(
        ur_studies.first_t_above,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        level=A(1.0, positive()),
        horizon=A(100, count(1, huge=False)),
        run_valid=False,
    ),  # fmt: skip
    case(
        ur_studies.witness,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        t=A(10, count(1, huge=False)),
        run_valid=False,
    ),  # fmt: skip
    case(ur_studies.region_grid, n=A(5, count(1, huge=False)), run_valid=False),
]


LATER = [
    case(
        playground.explore_step_bound,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        run_valid=False,
    ),  # fmt: skip
    case(
        ur_search.adam_ratio,
        grads=A(np.array([1.0, 0.5, 0.2]), array((3,))),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
    ),  # fmt: skip
    case(
        ur_search.adamax_ratio,
        grads=A(np.array([1.0, 0.5, 0.2]), array((3,))),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
    ),  # fmt: skip
    case(
        ur_search.adamax_box_search,
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        t=A(3, count(1, huge=False)),
    ),  # fmt: skip
]


EXTRA = [
    case(ur_derivation.sup_ratio, bias_correction=A(True, flag())),
    case(
        ur_search.adam_ratio_exact,
        grads=A(np.array([1.0, 0.5, 0.2]), array((3,))),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        digits=A(20, count(1, huge=False)),
    ),  # fmt: skip
    case(
        ur_typical.mlp_ratios,
        steps=A(5, count(1, huge=False)),
        batch=A(4, optional(count(1, huge=False))),
        seed=A(1, seed()),
        run_valid=False,
    ),  # fmt: skip
    case(
        ur_invariance.scale_invariance,
        scales=A(np.array([1.0, 10.0]), array((2,))),
        eps=A(0.0, nonnegative()),
        steps=A(5, count(1, huge=False)),
        dim=A(3, count(1, huge=False)),
        seed=A(1, seed()),
        run_valid=False,
    ),  # fmt: skip
    case(ur_studies.closed_form_agreement, scale=A("default", choice("default")), run_valid=False),
    case(ur_studies.snr_runs, scale=A("default", choice("default")), run_valid=False),
    case(ur_studies.trust_region_runs, scale=A("default", choice("default")), run_valid=False),
    case(rg_sparse.sparse_methods, alpha=A(np.array([0.1, 0.2]), array((2,)))),
]


LAST = [
    case(
        rg_theorem.exceedance,
        ts=A(np.array([1.0, 2.0, 3.0]), array((3,))),
        R=A(np.array([0.1, 0.2, 0.3]), array((3,))),
        rhs=A(np.array([1.0, 1.0, 0.1]), array((3,))),
    ),  # fmt: skip
    case(
        ur_typical.snr_run,
        beta1=A(0.5, unit()),
        steps=A(1000, count(1000, huge=False)),
        replicas=A(2, count(1, huge=False)),
        alpha=A(0.01, positive()),
        noise=A("additive", choice("additive")),
        seed=A(1, seed()),
        run_valid=False,
    ),  # fmt: skip
]
