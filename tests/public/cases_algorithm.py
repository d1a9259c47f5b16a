"""Cases of the paper's Algorithm 1 part (``paper.algorithm``): its studies' ``scale``,
the reference implementation of Algorithm 1, the gradient sequences it is run on, the
efficient-order comparison by gradient scale and the package's own path."""

from __future__ import annotations

import harness
import numpy as np
from fixtures import GRADS, GRADS_KIND
from harness import (
    A,
    array,
    case,
    count,
    evidence_cases,
    flag,
    instance,
    nonnegative,
    positive,
    seed,
    unit,
)

from adamtheory import optim
from adamtheory.paper.algorithm import studies as alg_studies

SCALES_KIND = harness.Kind(
    "object", ("x", None, (0.0,), (-1.0,), (np.nan,)), harness.st.nothing(), lambda x: False
)
"""Positive gradient scales (a single number, e.g. 3, is one scale: valid)."""

CASES = [
    *evidence_cases("algorithm"),
    case(
        alg_studies.algorithm1_reference,
        grads=A(GRADS, GRADS_KIND),
        alpha=A(0.001, positive()),
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        eps=A(1e-8, nonnegative()),
        eps_inside_sqrt=A(False, flag()),
    ),  # fmt: skip
    case(alg_studies.gradient_sequences, steps=A(10, count(huge=False)), seed=A(0, seed())),
    case(
        alg_studies.efficient_order_by_scale,
        steps=A(5, count(huge=False)),
        scales=A((1e-3, 1.0), SCALES_KIND),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        alg_studies.package_path,
        opt=A(optim.adam(alpha=0.1), instance()),
        grads=A(np.array([[1.0, -2.0], [0.5, 0.25]]), array((2, 2))),
    ),  # fmt: skip
]
