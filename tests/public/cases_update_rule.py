"""Cases of the last update-rule helpers (issue 11): the unrolled weights of the
derivation, the two records built from a study's runs and their checks. The runs are real, tiny
ones (built once at import: about half a second)."""

from __future__ import annotations

import harness
import numpy as np
import sympy as sp
from harness import RAGGED, Arg, Case, instance

from adamtheory.paper.update_rule import derivation as ur_derivation
from adamtheory.paper.update_rule import records as ur_records
from adamtheory.paper.update_rule import studies as ur_studies
from adamtheory.paper.update_rule.typical import snr_run

A = Arg


def case(fn, /, call=None, finite=True, run_valid=True, **args) -> Case:
    return Case(fn, args, call=call, finite=finite, run_valid=run_valid)


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

UPDATE_RULE_MORE = [
    case(ur_derivation.unrolled_weights, step=A(ur_derivation.t, STEP)),
    case(ur_studies.snr_record, runs=A(SNR_RUNS, BAD_SNR)),
    case(ur_studies.trust_region_record, runs=A(TRUST_RUNS, BAD_TRUST)),
    case(ur_records.checked_snr_runs, runs=A(SNR_RUNS, BAD_SNR)),
    case(ur_records.checked_trust_runs, runs=A(TRUST_RUNS, BAD_TRUST)),
]
