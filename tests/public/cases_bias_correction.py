"""Cases of the bias_correction helpers still without one (issue 11): the SymPy
derivation helpers (``expected_ema``, ``solve_ema_recurrence``, ``zeta_sum``), the
training of ``instability`` and the record builders of ``studies``. The valid inputs are
tiny real results, built once at import."""

from __future__ import annotations

import numpy as np
import sympy as sp
from harness import Arg, Case, also, array, count, instance, interval, seed, steps

from adamtheory.core.symbols import beta1, beta2, g
from adamtheory.paper.bias_correction import derivation, gradients, instability, studies

A = Arg
BAD_SCALE = instance("nonexistent", 3, True, "Default")


def case(fn, /, call=None, finite=True, run_valid=True, **args) -> Case:
    return Case(fn, args, call=call, finite=finite, run_valid=run_valid)


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


BIAS_CORRECTION = [
    case(
        derivation.expected_ema, profile=A(lambda k: derivation.s, PROFILE), beta=A(beta2, DECAY)
    ),
    case(derivation.solve_ema_recurrence, y=A(g, Y), beta=A(beta1, DECAY)),
    case(
        derivation.zeta_sum, profile=A(lambda k: derivation.s * k, PROFILE), beta=A(beta2, DECAY)
    ),
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
        gradients.model_tuple, models=A(_MODELS, instance([], [1], "stationary", _MC, _MODELS[0]))
    ),
    case(
        studies.zeta_formula,
        models=A(_MODELS, instance([], [1], "stationary", _MC)),
        t_values=A(np.arange(1, 5), steps()._replace(refused=steps().refused + (np.array([]),))),
        beta2=A(0.999, interval(0.0, 1.0)),
    ),  # fmt: skip
]
