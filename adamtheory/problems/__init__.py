"""Loss sequences for the online game (``adamtheory.online``'s protocol).

``linear`` (periodic linear losses, exact comparator), ``logistic`` (a logistic
stream), ``hinge`` (Duchi et al.'s sparse hinge losses), ``reddi`` (Reddi, Kale &
Kumar's counterexamples), ``zhang`` (Zhang et al.'s phase-diagram problem),
``quadratic`` (a noisy quadratic for the limit studies), ``surfaces`` (the classic 2-D
test surfaces of the tour: ravine, Rosenbrock, Beale, saddle, plateau).
"""

from . import quadratic, surfaces
from .hinge import HingeStream, dense_hinge, power_law_frequencies, sparse_hinge
from .linear import LinearLosses, WalledLinear, as_domain, random_linear
from .logistic import LogisticStream, logistic_stream
from .reddi import (
    WITNESS_ALPHA,
    PeriodicLinear,
    StochasticLinear,
    Theorem1Witness,
    expected_direction,
    reddi_synthetic,
    reddi_theorem1,
    reddi_theorem1_betas,
    reddi_theorem1_witness,
    reddi_theorem2,
    reddi_theorem2_conditions,
    reddi_theorem2_period,
    reddi_theorem3,
    reddi_theorem3_constant,
)
from .zhang import ZhangDivergence

__all__ = [
    "quadratic",
    "surfaces",
    "HingeStream",
    "LinearLosses",
    "LogisticStream",
    "PeriodicLinear",
    "StochasticLinear",
    "Theorem1Witness",
    "WITNESS_ALPHA",
    "WalledLinear",
    "ZhangDivergence",
    "as_domain",
    "dense_hinge",
    "expected_direction",
    "logistic_stream",
    "power_law_frequencies",
    "random_linear",
    "reddi_theorem1",
    "reddi_theorem1_betas",
    "reddi_theorem1_witness",
    "reddi_theorem2",
    "reddi_theorem2_conditions",
    "reddi_theorem2_period",
    "reddi_theorem3",
    "reddi_synthetic",
    "reddi_theorem3_constant",
    "sparse_hinge",
]
