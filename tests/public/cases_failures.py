"""Cases of the failures helpers still without one (issue 11): the phase-diagram
summary and record (``phases``) and Theorem 4.1's assumptions (``proof``). The valid
inputs are tiny real results, built once at import."""

from __future__ import annotations

import numpy as np
from harness import Arg, Case, Kind, array, instance
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from adamtheory import online, optim, problems
from adamtheory.paper.failures import phases, proof
from adamtheory.paper.failures import studies as f_studies

A = Arg
BAD_SCALE = instance("nonexistent", 3, True, "Default")


def case(fn, /, call=None, finite=True, run_valid=True, **args) -> Case:
    return Case(fn, args, call=call, finite=finite, run_valid=run_valid)


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


FAILURES = [
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
    case(
        proof.theorem41_assumptions,
        run=A(_RUN, instance([], {}, _W.problem, _OPT)),
        problem=A(_W.problem, instance([], {}, _RUN, _NO_BOUNDS, problems.ZhangDivergence)),
        opt=A(_OPT, instance([], {}, optim.adam, optim.sgd(0.1), _RUN)),
    ),  # fmt: skip
]
