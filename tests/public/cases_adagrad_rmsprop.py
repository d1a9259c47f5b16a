"""Cases of the paper's AdaGrad / RMSProp part (``paper.adagrad_rmsprop``): its studies'
``scale``, the pointwise step ratio, RMSProp's relation to Adam (steps and derivation),
the AdaGrad limit study (1 - beta2 -> 0), the unrolled v-hat and the EMA weights."""

from __future__ import annotations

import numpy as np
from fixtures import GRADS, GRADS_KIND
from harness import A, case, count, evidence_cases, fit_grid, flag, interval, positive, seed, unit

from adamtheory.paper.adagrad_rmsprop import derivation as ar_derivation
from adamtheory.paper.adagrad_rmsprop import studies as ar_studies

CASES = [
    *evidence_cases("adagrad_rmsprop"),
    case(
        ar_studies.pointwise_step_ratio,
        T=A(10, count(huge=False)),
        one_minus_beta2=A(0.01, interval(0.0, 1.0, True)),
        alpha=A(0.1, positive()),
    ),  # fmt: skip
    case(
        ar_studies.rmsprop_relation_steps,
        grads=A(GRADS, GRADS_KIND),
        alpha=A(0.01, positive()),
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
    ),  # fmt: skip
    # the limit study: the fit needs >= 3 points (2 give a slope interval of +-inf)
    case(
        ar_studies.adagrad_limit_study,
        one_minus_beta2=A(np.array([1e-4, 1e-3, 1e-2]), fit_grid(3, 0.0, 1.5)),
        T=A(5, count(huge=False)),
        alpha=A(0.1, positive()),
        d=A(2, count(huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(ar_derivation.rmsprop_relation, T=A(2, count(huge=False))),
    case(
        ar_derivation.unrolled_v_hat, T=A(3, count(huge=False)), bias_correction=A(True, flag())
    ),  # fmt: skip
    case(ar_derivation.ema_weight, beta=A(0.5, unit())),
]
