"""Cases of the paper's experiments / bias_correction / failures helpers, the models'
training loop and the AdaMax / AdaGrad limit studies (the NO_CASE_YET entries of those
parts). One valid call per public callable; ``run_valid=False`` for the slow studies."""

from __future__ import annotations

import importlib

import numpy as np
from harness import Arg, Case, array, count, instance, positive, real, seed, unit

from adamtheory import optim
from adamtheory.models import logistic
from adamtheory.paper.adagrad_rmsprop import derivation as ar_derivation
from adamtheory.paper.adagrad_rmsprop import studies as ar_studies
from adamtheory.paper.adamax import studies as ax_studies
from adamtheory.paper.algorithm import studies as alg_studies
from adamtheory.paper.bias_correction import derivation as bc_derivation
from adamtheory.paper.experiments import cnn_study, vae_study
from adamtheory.paper.experiments import studies as ex_studies
from adamtheory.paper.failures import amsgrad
from adamtheory.paper.failures import studies as f_studies
from adamtheory.problems import reddi

A = Arg
train_module = importlib.import_module("adamtheory.models.train")  # models.train is the function
_MODEL = logistic.LogisticRegression(4, 3)
_X = np.random.default_rng(0).normal(size=(20, 4))
_Y = np.arange(20) % 3
BAD_SCALE = instance("nonexistent", 3, True, "Default")


def case(fn, /, call=None, finite=True, run_valid=True, **args) -> Case:
    return Case(fn, args, call=call, finite=finite, run_valid=run_valid)


def _grid(n: int, low: float, high: float):
    """A 1-d grid argument: 1-element grids (too few for the fit) and bad entries refused."""
    kind = array((n,), wrong=((1,),), empty_ok=False)
    return kind._replace(refused=kind.refused + (np.full(n, low), np.full(n, high)))


MORE_C = [
    # the limit studies: the fit needs >= 3 points (2 give a slope interval of +-inf)
    case(
        ax_studies.adamax_limit_study,
        ps=A(np.array([1.0, 4.0, 8.0, 16.0]), _grid(4, 0.5, np.inf)),
        T=A(5, count(huge=False)),
        alpha=A(0.02, positive()),
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        d=A(2, count(huge=False)),
        seed=A(0, seed()),
        fit_from=A(2.0, positive()._replace(refused=positive().refused + (100.0,))),
    ),  # fmt: skip
    case(
        ar_studies.adagrad_limit_study,
        one_minus_beta2=A(np.array([1e-4, 1e-3, 1e-2]), _grid(3, 0.0, 1.5)),
        T=A(5, count(huge=False)),
        alpha=A(0.1, positive()),
        d=A(2, count(huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    # experiments: each study runs for seconds; its scale is refused before any work
    case(ex_studies.mlp_runs, run_valid=False, scale=A("default", BAD_SCALE)),
    case(ex_studies.logreg_bow_runs, run_valid=False, scale=A("default", BAD_SCALE)),
    case(ex_studies.logreg_mnist_runs, run_valid=False, scale=A("default", BAD_SCALE)),
    case(cnn_study.cnn_runs, run_valid=False, scale=A("default", BAD_SCALE)),
    case(vae_study.bias_correction_runs, run_valid=False, scale=A("default", BAD_SCALE)),
    # bias_correction derivation
    case(ar_derivation.ema_weight, beta=A(0.5, unit())),
    case(bc_derivation.ema_weight_sum, beta=A(0.5, unit())),
    case(bc_derivation.unrolled_moments, check_steps=A(3, count(huge=False))),
    # failures
    case(
        amsgrad.amsgrad_case,
        problem=A(reddi.PeriodicLinear(C=3.0, period=3), instance()),
        beta1=A(0.0, unit()),
        beta2=A(0.5, unit()),
        T=A(100, count(100, huge=False)),
    ),  # fmt: skip
    case(
        f_studies.period_start_iterates,
        opt=A(optim.adam(alpha=0.1, beta1=0.0, beta2=0.5), instance()),
        problem=A(reddi.PeriodicLinear(C=3.0, period=3), instance()),
        T=A(30, count(huge=False)),
        theta0=A(1.0, real()),
    ),  # fmt: skip
    case(
        alg_studies.package_path,
        opt=A(optim.adam(alpha=0.1), instance()),
        grads=A(np.array([[1.0, -2.0], [0.5, 0.25]]), array((2, 2))),
    ),  # fmt: skip
    # models: train checks theta and X once (not the per-step layers); a drawn valid X of
    # 1e308 makes a run that diverges, reported by History.diverged with nan costs
    case(
        train_module.train,
        call=lambda kw: train_module.train(_MODEL, y=_Y, **kw),
        finite=False,
        opt=A(optim.adam(alpha=0.01), instance()),
        theta=A(_MODEL.init(), array((15,), empty_ok=False)),
        X=A(_X, array((20, 4), empty_ok=False)),
        epochs=A(1, count(huge=False)),
        batch=A(8, count(huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
]
