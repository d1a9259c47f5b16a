"""Cases of the paper's averaging part (``paper.averaging``): its studies' ``scale``, the
averaged iterates, the RMS error theory, and the constant and noisy converging sequences
the averages are measured on."""

from __future__ import annotations

import numpy as np
from fixtures import SEQ, SEQ_KIND
from harness import A, case, count, evidence_cases, instance, nonnegative, real, seed, unit

from adamtheory.paper.averaging import studies as av_studies

CASES = [
    *evidence_cases("averaging"),
    case(av_studies.average_iterates, sequence=A(SEQ, SEQ_KIND), beta=A(0.99, unit())),
    case(
        av_studies.rms_theory,
        steps=A(10, count(huge=False)),
        beta=A(0.9, unit()),
        theta0=A(1.0, real()),
        target=A(2.0, real()),
        rho=A(0.98, unit()),
        noise=A(0.5, nonnegative()),
    ),  # fmt: skip
    case(
        av_studies.constant_sequence_error,
        betas=A((0.9, 0.99), instance("x", (1.5,), (-0.1,))),
        constants=A((1.0, -3.0), instance("x", (np.nan,), (np.inf,))),
        steps=A(20, count(huge=False)),
    ),  # fmt: skip
    case(
        av_studies.noisy_converging_sequence,
        steps=A(20, count(huge=False)),
        runs=A(5, count(huge=False)),
        theta0=A(1.0, real()),
        target=A(2.0, real()),
        rho=A(0.98, unit()),
        noise=A(0.5, nonnegative()),
        seed=A(0, seed()),
    ),  # fmt: skip
]
