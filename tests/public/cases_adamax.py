"""Cases of the paper's AdaMax part (``paper.adamax``): its studies' ``scale``, the closed
form of AdaMax's u_t, its start-up bias, the p -> infinity limit study of Lp-Adam and the
unrolled Lp moment of the derivation."""

from __future__ import annotations

import numpy as np
from fixtures import GRADS, GRADS_KIND
from harness import A, case, count, evidence_cases, fit_grid, positive, seed, unit

from adamtheory.paper.adamax import derivation as ax_derivation
from adamtheory.paper.adamax import studies as ax_studies

CASES = [
    *evidence_cases("adamax"),
    case(ax_studies.u_closed_form, grads=A(GRADS, GRADS_KIND), beta2=A(0.999, unit())),
    case(
        ax_studies.startup_bias,
        T=A(20, count(huge=False)),
        paths=A(10, count(huge=False)),
        beta2=A(0.999, unit()),
        seed=A(0, seed()),
    ),  # fmt: skip
    # the limit study: the fit needs >= 3 points (2 give a slope interval of +-inf)
    case(
        ax_studies.adamax_limit_study,
        ps=A(np.array([1.0, 4.0, 8.0, 16.0]), fit_grid(4, 0.5, np.inf)),
        T=A(5, count(huge=False)),
        alpha=A(0.02, positive()),
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        d=A(2, count(huge=False)),
        seed=A(0, seed()),
        fit_from=A(2.0, positive()._replace(refused=positive().refused + (100.0,))),
    ),  # fmt: skip
    case(ax_derivation.unrolled_lp_moment, T=A(3, count(huge=False))),
]
