"""Cases of the paper's update-rule part (``paper.update_rule``): its studies' ``scale``;
the step bounds (``bounds``); the derivation's maximiser check, supremum and unrolled
weights; the scale invariance, the MLP problem, the ratio searches (``search``); the
studies' helpers and the records built from their runs (``studies``, ``records``); and the
typical ratios and SNR runs (``typical``). The runs fed to the records are real, tiny ones
(built once at import: about half a second); the slow studies use ``run_valid=False``."""

from __future__ import annotations

import math

import harness
import numpy as np
import sympy as sp
from harness import (
    RAGGED,
    A,
    also,
    array,
    case,
    choice,
    count,
    evidence_cases,
    flag,
    instance,
    nonnegative,
    optional,
    positive,
    seed,
    steps,
    unit,
)

from adamtheory.paper.update_rule import bounds
from adamtheory.paper.update_rule import derivation as ur_derivation
from adamtheory.paper.update_rule import invariance as ur_invariance
from adamtheory.paper.update_rule import mlp as ur_mlp
from adamtheory.paper.update_rule import records as ur_records
from adamtheory.paper.update_rule import search as ur_search
from adamtheory.paper.update_rule import studies as ur_studies
from adamtheory.paper.update_rule import typical as ur_typical
from adamtheory.paper.update_rule.typical import snr_run

SNR_RUNS = {
    "additive": snr_run(beta1=(0.5, 0.9), steps=1000, replicas=2),
    "exact": snr_run(beta1=(0.9,), steps=1000, replicas=1, noise="exact"),
    "vanishing": snr_run(beta1=(0.9,), steps=1000, replicas=1, noise="vanishing"),
}
"""A real result of the shape of ``studies.snr_runs`` (the least steps snr_run allows)."""

TRUST_RUNS = {
    name: np.abs(np.random.default_rng(k).standard_normal(ur_studies.TRUST_STEPS))
    for k, name in enumerate(("quadratic_gaussian", "mlp_full_batch"))
}
"""|Delta|/alpha of ``studies.TRUST_STEPS`` steps per scenario, one run each (hand-made)."""

_NO_FIT = SNR_RUNS | {"additive": {k: v for k, v in SNR_RUNS["additive"].items() if k != "fit"}}
BAD_SNR = instance(
    [], {}, SNR_RUNS["additive"], TRUST_RUNS,  # a list, empty, the wrong study's record
    {k: v for k, v in SNR_RUNS.items() if k != "exact"},  # a setting missing
    SNR_RUNS | {"exact": {}},  # a setting without its entries
    SNR_RUNS | {"exact": [1.0]},
    _NO_FIT,  # an additive run over a single beta1: no fit
    SNR_RUNS | {"additive": snr_run(beta1=(0.5, 0.7), steps=1000, replicas=1)},  # no 0.9
    SNR_RUNS | {"exact": snr_run(beta1=(0.5,), steps=1000, replicas=1, noise="exact")},
    SNR_RUNS | {"exact": SNR_RUNS["exact"] | {"rms_snr": np.full((1000, 1), np.nan)}},
)  # fmt: skip
BAD_TRUST = instance(
    [], {}, SNR_RUNS,  # a list, empty, the wrong study's record (dicts, not arrays)
    {"quadratic_gaussian": "x"}, {"quadratic_gaussian": np.array([np.nan, 1.0])},
    {"quadratic_gaussian": np.ones(ur_studies.TRUST_STEPS), "mlp": np.ones(3)},  # not TRUST_STEPS
    {"quadratic_gaussian": -np.ones(ur_studies.TRUST_STEPS)},  # |Delta| / alpha >= 0
)  # fmt: skip

STEP = harness.Kind(
    "object",
    ("3", True, None, 2.5, 3.0, 0, -1, 1j, RAGGED, np.nan, sp.Integer(0), sp.Float(2.5), sp.pi),
    harness.st.nothing(),
    lambda x: False,
    allowed=(1, 7, np.int64(3), sp.Integer(4), sp.Symbol("n", positive=True)),
)
"""``step``: a SymPy symbol (the default t) or a whole number >= 1."""

CASES = [
    *evidence_cases("update_rule"),
    # ---------------------------------------------------------------- bounds
    case(
        bounds.geometric_sum,
        r=A(0.5, also(nonnegative(), math.inf)),  # r = inf is documented
        t=A(3, optional(steps())),  # t = None: the limit
        finite=False,
    ),
    case(bounds.paper_step_bound, beta1=A(0.9, unit()), beta2=A(0.999, unit())),
    case(
        bounds.max_effective_step,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        t=A(None, steps()),
        finite=False,  # the supremum is +inf where beta1^2 >= beta2 (documented)
    ),  # fmt: skip
    case(
        bounds.max_effective_step_adamax,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        t=A(None, steps()),
        finite=False,  # +inf where beta1 > beta2 (documented)
    ),  # fmt: skip
    case(
        bounds.worst_case_gradients,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        t=A(10, count(huge=False)),
    ),  # fmt: skip
    case(
        bounds.worst_case_gradients_adamax,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        t=A(10, count(huge=False)),
    ),  # fmt: skip
    # ---------------------------------------------------------------- derivation
    case(ur_derivation.maximiser_check, n=A(2, count(1, huge=False)), run_valid=False),
    case(ur_derivation.sup_ratio, bias_correction=A(True, flag())),
    case(ur_derivation.unrolled_weights, step=A(ur_derivation.t, STEP)),
    # ---------------------------------------------------------------- invariance, mlp
    case(
        ur_invariance.scale_invariance,
        scales=A(np.array([1.0, 10.0]), array((2,))),
        eps=A(0.0, nonnegative()),
        steps=A(5, count(1, huge=False)),
        dim=A(3, count(1, huge=False)),
        seed=A(1, seed()),
        run_valid=False,
    ),  # fmt: skip
    case(
        ur_mlp.mlp_problem,
        n=A(16, count(1, huge=False)),
        features=A(3, count(1, huge=False)),
        hidden=A(4, count(1, huge=False)),
        classes=A(2, count(2, huge=False)),
        seed=A(0, seed()),
        finite=False,
    ),  # fmt: skip
    # ---------------------------------------------------------------- search
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
    case(
        ur_search.adam_ratio_exact,
        grads=A(np.array([1.0, 0.5, 0.2]), array((3,))),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        digits=A(20, count(1, huge=False)),
    ),  # fmt: skip
    # ---------------------------------------------------------------- studies, records
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
    case(ur_studies.closed_form_agreement, scale=A("default", choice("default")), run_valid=False),
    case(ur_studies.snr_runs, scale=A("default", choice("default")), run_valid=False),
    case(ur_studies.trust_region_runs, scale=A("default", choice("default")), run_valid=False),
    case(ur_studies.snr_record, runs=A(SNR_RUNS, BAD_SNR)),
    case(ur_studies.trust_region_record, runs=A(TRUST_RUNS, BAD_TRUST)),
    case(ur_records.checked_snr_runs, runs=A(SNR_RUNS, BAD_SNR)),
    case(ur_records.checked_trust_runs, runs=A(TRUST_RUNS, BAD_TRUST)),
    # ---------------------------------------------------------------- typical
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
    case(
        ur_typical.mlp_ratios,
        steps=A(5, count(1, huge=False)),
        batch=A(4, optional(count(1, huge=False))),
        seed=A(1, seed()),
        run_valid=False,
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
