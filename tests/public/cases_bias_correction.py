"""Cases of the paper's bias-correction part (``paper.bias_correction``): its studies'
``scale``; the SymPy derivation helpers (``expected_ema``, ``solve_ema_recurrence``,
``zeta_sum``, the EMA weights, the unrolled moments); the gradient models of
``gradients``; the sparse-data training of ``instability``; and the Monte Carlo, step-size
and record builders of ``studies``. The valid inputs of the record builders are tiny real
results, built once at import."""

from __future__ import annotations

import numpy as np
import sympy as sp
from fixtures import GRADS, GRADS_KIND
from harness import (
    BAD_SCALE,
    A,
    also,
    array,
    case,
    count,
    evidence_cases,
    instance,
    interval,
    nonnegative,
    positive,
    real,
    seed,
    steps,
    unit,
)

from adamtheory.core.symbols import beta1, beta2, g
from adamtheory.paper.bias_correction import derivation, gradients, instability, studies

# A decay rate for the derivations: a SymPy symbol/expression, or a number in (0, 1)
# (documented in derivation._decay). 0 is refused by name (the kind's [0, 1) lets it
# through as "valid", where a named ValueError is also accepted). A SymPy symbol is the
# documented default; a list, a string SymPy would parse, a complex number are refused.
DECAY = also(interval(0.0, 1.0), beta2, sp.Rational(1, 2))
DECAY = DECAY._replace(refused=DECAY.refused + ([0.5], "beta2", sp.I, sp.Integer(2)))

# A profile i -> E[y_i]: a callable returning a SymPy expression. Not a callable, an
# IndexedBase, or a callable whose value is not an expression (a string, a list, None,
# one that fails on a SymPy index) is refused by name.
PROFILE = instance(
    "s", [1.0], sp.IndexedBase("y"), lambda k: "x", lambda k: [k], lambda k: None, len
)

# y: abstract data (an IndexedBase, documented) or a profile, refused as PROFILE is.
Y = also(
    instance("g", [1.0], lambda k: "x", lambda k: [k], lambda k: None, len), sp.IndexedBase("h")
)

# A tiny Monte Carlo of the five standard models (the linear and geometric drifts are
# the ones the record reads); enough sequences that no standard error is 0.
_MODELS = gradients.standard_models()
_MC = studies.monte_carlo_moments(_MODELS, steps=4, sequences=400, seed=0)
_FEW = studies.monte_carlo_moments(_MODELS[:1], steps=4, sequences=400, seed=0)  # no drifts
_ZERO_SE = studies.monte_carlo_moments(_MODELS, steps=4, sequences=2, seed=0)  # se = 0
_RUN = studies.step_sizes_first_steps(studies.BETA2S, (0.9, 0.0), steps=3, dim=2, seed=0)
_FEATURES, _LABELS = instability.sparse_logistic_data(examples=20, dim=3, seed=0)
_TRAIN = instability.logistic_minibatch_training(_FEATURES, _LABELS, epochs=1, batch=8)
_TRAIN_NARROW = instability.logistic_minibatch_training(
    _FEATURES, _LABELS, epochs=1, batch=8, beta2s=(0.99,)
)  # a grid without 0.999 and 0.9999
_RUN_OTHER = studies.step_sizes_first_steps((0.9,), (0.9,), steps=3, dim=2, seed=0)


def _labels_kind():
    """Labels 0/1 of shape (20,): other values, shapes, and non-real arrays refused."""
    kind = array((20,), wrong=((19,), (20, 1)), empty_ok=False)
    return kind._replace(
        refused=kind.refused + (np.full(20, 0.5), np.full(20, 2.0)),
        valid=lambda x: isinstance(x, np.ndarray) and bool(np.all((x == 0) | (x == 1))),
    )


def _grid_kind(low_refused):
    """A 1-d grid of hyperparameters (2 values): empty grids and bad entries refused."""
    kind = array((2,), wrong=((2, 2),), empty_ok=False)
    return kind._replace(refused=kind.refused + (True, np.array([0.5, low_refused])))


SEQUENCE_OF_RATES = instance("x", (1.5,), (-0.1,), (np.nan,))

CASES = [
    *evidence_cases("bias_correction"),
    # ---------------------------------------------------------------- derivation
    case(
        derivation.expected_ema,
        profile=A(lambda k: derivation.s, PROFILE),
        beta=A(beta2, DECAY),
    ),
    case(derivation.solve_ema_recurrence, y=A(g, Y), beta=A(beta1, DECAY)),
    case(
        derivation.zeta_sum,
        profile=A(lambda k: derivation.s * k, PROFILE),
        beta=A(beta2, DECAY),
    ),
    case(derivation.ema_weight_sum, beta=A(0.5, unit())),
    case(derivation.unrolled_moments, check_steps=A(3, count(huge=False))),
    # ---------------------------------------------------------------- instability
    case(
        instability.logistic_minibatch_training,
        features=A(_FEATURES, array((20, 3), wrong=((20,), (19, 3)), empty_ok=False)),
        labels=A(_LABELS, _labels_kind()),
        epochs=A(1, count(huge=False)),
        batch=A(8, count()),
        alphas=A(np.array([1e-3, 1e-1]), _grid_kind(0.0)),
        beta1s=A(np.array([0.0, 0.9]), _grid_kind(1.0)),
        beta2s=A(np.array([0.99, 0.999]), _grid_kind(1.0)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        instability.sparse_logistic_data,
        examples=A(16, count(huge=False)),
        dim=A(4, count(huge=False)),
        rarest=A(0.1, interval(0.0, 1.0, True)),
        seed=A(0, seed()),
    ),  # fmt: skip
    # ---------------------------------------------------------------- studies
    case(
        studies.expectation_record,
        mc=A(_MC, instance([], {}, _MODELS, _FEW, _ZERO_SE, _RUN)),
        models=A(_MODELS, instance([], [1], _MODELS[:1], _MODELS[::-1], _MC)),
        scale=A("default", BAD_SCALE),
    ),  # fmt: skip
    case(
        studies.large_steps_record,
        run=A(_RUN, instance([], {}, _TRAIN, _RUN_OTHER)),
        train=A(_TRAIN, instance([], {}, _RUN, _TRAIN_NARROW)),
        scale=A("default", BAD_SCALE),
    ),  # fmt: skip
    case(
        studies.bonferroni_z,
        comparisons=A(10, count(huge=False)),
        family_level=A(1e-3, interval(0.0, 1.0)),
    ),  # fmt: skip
    case(studies.unrolled_sum, grads=A(GRADS, GRADS_KIND), beta2=A(0.9, unit())),
    case(
        studies.monte_carlo_moments,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        steps=A(5, count(huge=False)),
        sequences=A(20, count(2, huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        studies.step_sizes_first_steps,
        beta2s=A((0.99,), SEQUENCE_OF_RATES),
        beta1s=A((0.9,), SEQUENCE_OF_RATES),
        steps=A(5, count(huge=False)),
        dim=A(4, count(huge=False)),
        alpha=A(1e-3, positive()),
        noise=A(1.0, nonnegative()),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        studies.zeta_formula,
        models=A(_MODELS, instance([], [1], "stationary", _MC)),
        t_values=A(np.arange(1, 5), steps()._replace(refused=steps().refused + (np.array([]),))),
        beta2=A(0.999, interval(0.0, 1.0)),
    ),  # fmt: skip
    # ---------------------------------------------------------------- gradients
    case(
        gradients.model_tuple,
        models=A(_MODELS, instance([], [1], "stationary", _MC, _MODELS[0])),
    ),
    case(gradients.stationary_gradients, mu=A(0.5, real()), sigma=A(1.0, nonnegative())),
    case(
        gradients.geometric_drift_gradients,
        mu=A(0.5, real()),
        sigma=A(1.0, nonnegative()),
        rho=A(0.98, unit()),
    ),  # fmt: skip
    case(gradients.heavy_tailed_gradients, dof=A(5.0, positive()), mu=A(0.5, real())),
    case(
        gradients.linear_drift_gradients,
        mu=A(0.5, real()),
        variance0=A(1.0, positive()),
        drift=A(0.05, real()),
    ),  # fmt: skip
    case(
        gradients.sparse_gradients,
        density=A(0.05, interval(0.0, 1.0, True)),
        mu=A(0.5, real()),
        sigma=A(1.0, nonnegative()),
    ),  # fmt: skip
]
