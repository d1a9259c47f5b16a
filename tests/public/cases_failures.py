"""Cases of the paper's failures part (``paper.failures``): its studies' ``scale``; the
AMSGrad case and bound (``amsgrad``); the phase diagrams of Reddi's and Zhang's settings,
their summary and record (``phases``); Theorem 4.1's proof pieces and assumptions
(``proof``); the derivation's period regret and Theorem 1 cycle; and the studies' Adam
variants, horizons and period-start iterates. The valid inputs of the summaries are tiny
real results, built once at import."""

from __future__ import annotations

import harness
import numpy as np
from fixtures import SEQ, SEQ_KIND
from harness import (
    BAD_SCALE,
    A,
    Kind,
    array,
    case,
    choice,
    count,
    evidence_cases,
    flag,
    instance,
    positive,
    real,
    seed,
    unit,
)
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from adamtheory import online, optim, problems
from adamtheory.paper.failures import amsgrad, phases, proof
from adamtheory.paper.failures import derivation as f_derivation
from adamtheory.paper.failures import studies as f_studies
from adamtheory.problems import reddi

CHECKPOINTS = harness.Kind(
    "object", ("x", None, (0,), (-5,), (2.5,), (20, 10)), harness.st.nothing(), lambda x: False
)
"""Increasing rounds (a single round, e.g. 3, is valid)."""
DIST = np.array([0.01, 1.0, 20.0])
V2 = np.array([[0.1, 0.2], [0.2, 0.3], [0.4, 0.3]])


# --- phase_summary: a (beta1 x beta2) diagram of phase codes 0, 1, 2 --------------------
_SHAPE = (2, 5)
_PHASE = np.array([[2, 2, 1, 0, 0], [2, 1, 1, 1, 0]])
_REGION = np.ones(_SHAPE, dtype=bool)
_BETA2 = phases.grid(5)[1]


def _phase_kind() -> Kind:
    """Integer codes 0 (converges), 1 (stays away), 2 (diverges), of the diagram's shape."""
    refused = ("x", None, True, [1.0, [2.0, 3.0]], np.full(_SHAPE, np.nan), np.full(_SHAPE, 3),
               np.full(_SHAPE, 0.5), np.ones(5), np.ones((2, 4)), np.zeros((0, 5)))  # fmt: skip
    drawn = hnp.arrays(np.int64, _SHAPE, elements=st.integers(-1, 3))
    return Kind("phase codes", refused, drawn, lambda x: bool(np.all((x >= 0) & (x <= 2))))


def _region_kind() -> Kind:
    """A bool mask of the diagram's shape with a cell at the largest beta2 and one among
    the three smallest (else a fraction of no cells)."""
    empty_top = _REGION.copy()
    empty_top[:, -1] = False
    refused = ("x", None, True, np.ones(_SHAPE), np.ones((2, 4), dtype=bool),
               np.zeros(_SHAPE, dtype=bool), empty_top)  # fmt: skip
    drawn = hnp.arrays(np.bool_, _SHAPE)
    return Kind(
        "region", refused, drawn, lambda x: bool(x[:, -1].any() and x[:, :3].any())
    )  # fmt: skip


def _beta2_kind() -> Kind:
    """The diagram's beta2 grid: increasing, in [0, 1), one per column."""
    kind = array((5,), wrong=((4,), (2, 5)), empty_ok=False)
    increasing = lambda x: bool(np.all(np.diff(x) > 0) and np.all((x >= 0) & (x < 1)))  # noqa: E731
    return kind._replace(
        refused=kind.refused + (_BETA2[::-1], np.full(5, 0.5), np.append(_BETA2[:4], 1.0)),
        valid=lambda x: isinstance(x, np.ndarray) and bool(np.all(np.isfinite(x))) and increasing(x),
    )  # fmt: skip


# --- zhang_record: tiny real diagrams (4 x 4 grid, 20 rounds) ---------------------------
_DIAGRAMS = {
    s: phases.zhang_phase_diagram(4, (10, 20), sampling=s)
    for s in ("shuffle", "replacement", "cyclic")
}
_REDDI = phases.reddi_phase_diagram(4, T=20, C=3)  # a diagram of another study


# --- theorem41_assumptions: 20 rounds of Adam on Reddi's Theorem 1 witness --------------
_W = problems.reddi_theorem1_witness()
_OPT = f_studies.adam_variants(_W.beta1, _W.beta2, _W.alpha)["adam-bc-eps"]
_RUN = online.fast.run(_OPT, _W.problem, 20, theta0=[_W.theta0])
_NO_BOUNDS = problems.ZhangDivergence(10, 1.0)  # an online problem without a-priori G


CASES = [
    *evidence_cases("failures"),
    # ---------------------------------------------------------------- amsgrad
    case(amsgrad.amsgrad_regret_evidence, run_valid=False, scale=A("default", BAD_SCALE)),
    case(
        amsgrad.amsgrad_bound,
        v_max=A(V2, array((3, 2), wrong=((2, 5),))),
        grad_squares=A(V2, array((3, 2), wrong=((2, 5),))),
        D_inf=A(2.0, positive()),
        alpha=A(0.1, positive()),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
    ),  # fmt: skip
    case(
        amsgrad.amsgrad_case,
        problem=A(reddi.PeriodicLinear(C=3.0, period=3), instance()),
        beta1=A(0.0, unit()),
        beta2=A(0.5, unit()),
        T=A(100, count(100, huge=False)),
    ),  # fmt: skip
    # ---------------------------------------------------------------- phases
    case(phases.zhang_evidence, run_valid=False, scale=A("default", BAD_SCALE)),
    case(phases.grid, n=A(4, count(2, huge=False))),
    case(
        phases.zhang_adam,
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        checkpoints=A((10, 20), CHECKPOINTS),
        n=A(4, count(2, huge=False)),
        a=A(1.0, positive()),
        sampling=A("shuffle", choice("shuffle", "replacement", "cyclic")),
        alpha=A(1.0, positive()),
        seed=A(0, seed()),
        init=A("max", choice("max")),
        finite=False,
    ),  # fmt: skip
    case(
        phases.reddi_phase_diagram,
        run_valid=False,
        n_grid=A(3, count(2, huge=False)),
        T=A(50, count(huge=False)),
        C=A(10, count(2, huge=False)),
    ),  # fmt: skip
    case(
        phases.classify,
        distance=A(DIST, array((3,))),
        initial_distance=A(2.0, positive()),
        tol=A(0.1, positive()),
    ),  # fmt: skip
    case(
        phases.zhang_phase_diagram,
        run_valid=False,
        n_grid=A(3, count(2, huge=False)),
        checkpoints=A((10, 20), CHECKPOINTS),
        sampling=A("shuffle", choice("shuffle", "replacement", "cyclic")),
        n=A(4, count(2, huge=False)),
        a=A(1.0, positive()),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        phases.zhang_diagrams,
        run_valid=False,
        scale=A("default", BAD_SCALE),
        n_grid=A(3, count(2, huge=False)),
    ),  # fmt: skip
    case(
        phases.phase_summary,
        finite=False,  # boundary / diverge_edge: nan when no column qualifies (documented)
        phase=A(_PHASE, _phase_kind()),
        region=A(_REGION, _region_kind()),
        beta2=A(_BETA2, _beta2_kind()),
    ),  # fmt: skip
    case(
        phases.zhang_record,
        finite=False,  # the summaries' boundary is nan when no column converges (documented)
        diagrams=A(
            _DIAGRAMS,
            instance(
                [],
                {},
                _REDDI,
                {"shuffle": _DIAGRAMS["shuffle"]},
                {"shuffle": _REDDI, "replacement": _REDDI, "cyclic": _REDDI},
                {**_DIAGRAMS, "cyclic": [1.0]},
            ),
        ),
        scale=A("default", BAD_SCALE),
    ),  # fmt: skip
    # ---------------------------------------------------------------- proof
    case(proof.gamma, v_hat=A(np.array([0.1, 0.2, 0.4]), array((3,))), alpha=A(0.1, positive())),
    case(
        proof.second_moments,
        g=A(SEQ, SEQ_KIND),
        beta2=A(0.9, unit()),
        bias_correction=A(True, flag()),
        running_max=A(False, flag()),
    ),  # fmt: skip
    case(proof.theorem1_run, run_valid=False, T=A(30, count(huge=False))),
    case(
        proof.theorem41_assumptions,
        run=A(_RUN, instance([], {}, _W.problem, _OPT)),
        problem=A(_W.problem, instance([], {}, _RUN, _NO_BOUNDS, problems.ZhangDivergence)),
        opt=A(_OPT, instance([], {}, optim.adam, optim.sgd(0.1), _RUN)),
    ),  # fmt: skip
    # ---------------------------------------------------------------- derivation
    case(f_derivation.period_regret_at_plus_one, period=A(3, count(2, huge=False))),
    case(f_derivation.theorem1_cycle, theorem1_beta2=A(True, flag())),
    # ---------------------------------------------------------------- studies
    case(
        f_studies.adam_variants,
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        alpha=A(0.1, positive()),
    ),  # fmt: skip
    case(
        f_studies.horizon,
        scale=A("default", BAD_SCALE),
        default=A(100, count(huge=False)),
        paper=A(1000, count(huge=False)),
    ),  # fmt: skip
    case(
        f_studies.period_start_iterates,
        opt=A(optim.adam(alpha=0.1, beta1=0.0, beta2=0.5), instance()),
        problem=A(reddi.PeriodicLinear(C=3.0, period=3), instance()),
        T=A(30, count(huge=False)),
        theta0=A(1.0, real()),
    ),  # fmt: skip
]
