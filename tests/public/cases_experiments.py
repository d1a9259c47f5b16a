"""Cases of the paper's experiments part (Section 6, ``paper.experiments``): its studies'
``scale`` (and the runs behind them), the protocol (``protocol``), the comparisons
(``checks``), the CNN and VAE studies and their summaries, and the softmax derivation. One
valid call per public callable. The summaries take a study's result dict: the valid value is
a small REAL result, built once here at tiny sizes (a 2-class logistic grid on 40 samples,
the CNN study on 16 digits with 2-channel filters, the VAE grid on 8 digits with 2 hidden
units; about 0.2 s in all), the way ``tests/paper/test_experiments.py`` shrinks the studies:
their size tables are patched for the one call and restored at once (the VAE runs bypass
their cache, so the real study's cached result is never the tiny one). The bad records: not
a dict, ``{}``, a record missing an entry the function reads, and a record of another study.
"""

from __future__ import annotations

import math
from unittest import mock

import numpy as np
from harness import (
    BAD_SCALE,
    A,
    also,
    array,
    case,
    choice,
    count,
    evidence_cases,
    flag,
    instance,
    optional,
    seed,
    text,
    unit,
)

from adamtheory import models, optim
from adamtheory.paper.experiments import checks, cnn_study, protocol, vae_study
from adamtheory.paper.experiments import derivation as ex_derivation
from adamtheory.paper.experiments import studies as ex_studies

# --- a tiny real comparison: 2-class logistic regression, 40 samples, 1 epoch, 1 seed
_X = np.random.default_rng(0).normal(size=(40, 4))
_Y = np.arange(40) % 2
_MODEL = models.LogisticRegression(4, 2)
_NAMES = ("adam", "adagrad")
_GRIDS = {"adam": (0.1,), "adagrad": (0.1,)}
_METHODS = protocol.methods(_NAMES, _GRIDS, True)
_RUNS = protocol.run_grid(_MODEL, _X, _Y, _METHODS, epochs=1, seeds=(0,))
_CFG = {"n": 40, "epochs": 1, "seeds": (0,)}
_DIGITS = cnn_study.cnn_images({"n": 16, "half": True})
_PROTOCOL = protocol.describe("default", _CFG, _DIGITS, _MODEL, _NAMES, True)
_COMPARISON = {"runs": _RUNS, "protocol": _PROTOCOL}
_EVIDENCE = ex_studies.comparison_summary(_COMPARISON)

# --- the CNN study at a tiny size (16 digits, c2-c2-c2-4, one point per grid)
_TINY_CNN = {"n": 16, "channels": (2, 2, 2), "hidden": 4, "epochs": 1, "early": 1, "seeds": (0,)}
_TINY_CNN_GRID = {"adam": (1e-3,), "adagrad": (1e-2,), "nesterov": (1e-2,)}
with (
    mock.patch.dict(cnn_study.CNN_CONFIG["default"], _TINY_CNN),
    mock.patch.dict(protocol.GRIDS["default"], {"cnn": _TINY_CNN_GRID}),
):
    _CNN = cnn_study.cnn_runs("default")

# --- the VAE grid at a tiny size (8 digits, 784-2-1, epochs 1 and 2), past the cache
_TINY_VAE = {"n": 8, "hidden": 2, "latent": 1, "early": 1, "late": 2}
with mock.patch.dict(vae_study.VAE_CONFIG, {"default": _TINY_VAE}):
    _VAE = vae_study._bias_correction_runs.__wrapped__("default")


def _without(record: dict, key) -> dict:
    return {k: v for k, v in record.items() if k != key}


def _with(record: dict, key, value) -> dict:
    return record | {key: value}


# A run record of run_grid (alphas, epoch_cost, diverged) and its bad variants.
_RECORD = _RUNS["adam"]
_BAD_RECORDS = (
    [],
    {},
    _without(_RECORD, "epoch_cost"),
    _with(_RECORD, "epoch_cost", "x"),
    _with(_RECORD, "epoch_cost", np.ones(3)),  # not (alphas, seeds, epochs)
    _with(_RECORD, "epoch_cost", np.ones((0, 1, 1))),  # no step size
    _with(_RECORD, "epoch_cost", np.ones((1, 1, 1)) * 1j),
    _EVIDENCE,  # an evidence record, not a run record
)
_BAD_RUNS = (
    [],
    {},
    {"adam": _without(_RECORD, "alphas")},
    {"adam": _without(_RECORD, "diverged")},
    {"adam": _with(_RECORD, "alphas", np.array([0.1, 0.3]))},  # 2 step sizes, 1 cost row
    {"adam": _with(_RECORD, "alphas", np.array([-0.1]))},
    {"adam": _with(_RECORD, "diverged", np.array([[1.0]]))},  # not bools
    {"adam": _with(_RECORD, "diverged", np.zeros((2, 1), bool))},  # wrong shape
    {3: _RECORD},  # a method name that is not a string
    {"adam": []},
    _RECORD,  # one run record, not a mapping of methods to records
    _COMPARISON,  # the whole result, not its runs
)
_BAD_COMPARISONS = (
    [],
    {},
    _without(_COMPARISON, "runs"),
    _without(_COMPARISON, "protocol"),
    _with(_COMPARISON, "protocol", []),
    _with(_COMPARISON, "runs", {"adam": []}),
    _with(_COMPARISON, "runs", {}),
    _EVIDENCE,  # the evidence, not the result
    _VAE,  # another study's result
)
_BAD_CNN = (
    [],
    {},
    _without(_CNN, "vhat"),
    _without(_CNN, "runs"),
    _without(_CNN, "protocol"),
    _with(_CNN, "vhat", {}),  # no v-hat record of Adam's best run
    _with(_CNN, "vhat", {(1e-3, 0): "x"}),
    _with(_CNN, "vhat", {(1e-3, 0): [(0.5,)]}),  # rows are (fraction, median) pairs
    _with(_CNN, "protocol", _without(_CNN["protocol"], "early_epochs")),
    _with(_CNN, "protocol", _with(_CNN["protocol"], "early_epochs", 5)),  # > epochs
    _with(_CNN, "protocol", _with(_CNN["protocol"], "epochs", 3)),  # not the runs' epochs
    _with(_CNN, "runs", _without(_CNN["runs"], "adam")),
    _COMPARISON,  # the logistic comparison: no Adam v-hat
    _VAE,
)
_BAD_VAE = (
    [],
    {},
    _without(_VAE, "spread"),
    _without(_VAE, "losses"),
    _without(_VAE, "cfg"),
    _with(_VAE, "losses", {}),
    _with(_VAE, "losses", {k: "x" for k in _VAE["losses"]}),
    _with(_VAE, "grid", _VAE["grid"][:3]),  # not the study's grid
    _with(_VAE, "grid", 3),
    _with(_VAE, "spread", {True: _VAE["spread"][True]}),
    _with(_VAE, "spread", {True: [(1.0, 2.0)], False: [(1.0, 2.0)]}),  # one seed: no spread
    _with(_VAE, "cfg", _without(_VAE["cfg"], "late")),
    _with(_VAE, "data", "MNIST"),
    _with(_VAE, "scale", "huge"),
    _CNN,
)
_EV_KEYS = [f"{m}_cost_{s}" for m in _NAMES for s in ("mean", "sd")]
_BAD_EVIDENCE = (
    [],
    {},
    _without(_EVIDENCE, "adam_cost_sd"),
    _with(_EVIDENCE, "adam_cost_mean", "x"),
    _with(_EVIDENCE, "adam_cost_mean", math.nan),
    _with(_EVIDENCE, "adam_cost_mean", True),
    _with(_EVIDENCE, "adagrad_cost_sd", -1.0),
    _with(_EVIDENCE, "adagrad_cost_sd", np.ones(2)),
    _CNN,  # a result, not an evidence record
)
_BAD_GRIDS = (
    [],
    {},
    {"adam": (0.1,)},  # no grid for adagrad
    {"adam": (), "adagrad": (0.1,)},
    {"adam": (-0.1,), "adagrad": (0.1,)},
    {"adam": (0.0,), "adagrad": (0.1,)},
    {"adam": (math.nan,), "adagrad": (0.1,)},
    {"adam": "x", "adagrad": (0.1,)},
    {"adam": 0.1, "adagrad": (0.1,)},  # a number, not a grid
)
_BAD_NAMES = ((), "adam", ["adam", "adam"], ["sgd"], [3], ("adam", None))
_BAD_SEEDS = ((), 0, [-1], ["0"], [True], [2.5], (0, 0), [None])
_GRID_KIND = array((2,), wrong=((2, 2),), empty_ok=False)
_GRID_KIND = _GRID_KIND._replace(
    refused=_GRID_KIND.refused + ((), (0.1, -1.0), (0.0, 0.1), 0.1, np.ones((1, 1)))
)
_SCALE = choice("default", "paper")


def _adam(alpha):
    return optim.adam(alpha=alpha)


CASES = [
    *evidence_cases("experiments"),
    # the studies behind the evidence: each runs for seconds; its scale is refused before
    # any work
    case(ex_studies.mlp_runs, run_valid=False, scale=A("default", BAD_SCALE)),
    case(ex_studies.logreg_bow_runs, run_valid=False, scale=A("default", BAD_SCALE)),
    case(ex_studies.logreg_mnist_runs, run_valid=False, scale=A("default", BAD_SCALE)),
    case(cnn_study.cnn_runs, run_valid=False, scale=A("default", BAD_SCALE)),
    case(vae_study.bias_correction_runs, run_valid=False, scale=A("default", BAD_SCALE)),
    case(protocol.checked_scale, scale=A("default", BAD_SCALE)),
    case(protocol.blas_threads, run_valid=False, scale=A("default", BAD_SCALE)),
    case(
        vae_study.initial_steps,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        correct=A(True, flag()),
        steps=A(3, count(huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        ex_derivation.softmax_cross_entropy,
        classes=A(3, count(2, huge=False)),
        label=A(0, also(count(0, huge=False), 5)),
    ),  # fmt: skip
    # the summaries and the protocol
    case(
        checks.compare,
        evidence=A(_EVIDENCE, instance(*_BAD_EVIDENCE)),
        a=A("adam", text()),
        b=A("adagrad", text()),
        metric=A("cost", choice("cost", "early", "final")),
    ),  # fmt: skip
    case(
        cnn_study.cnn_images,
        cfg=A(
            {"n": 16, "half": True},
            instance(
                [],
                {},
                {"n": 16},
                {"half": True},
                {"n": 0, "half": True},
                {"n": 2.5, "half": True},
                {"n": "16", "half": True},
                {"n": 16, "half": "yes"},
                {"n": 16, "half": 1},
            ),
        ),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(cnn_study.cnn_summary, result=A(_CNN, instance(*_BAD_CNN))),
    case(
        protocol.Method,
        name=A("adam", text()),
        grid=A((0.01, 0.1), _GRID_KIND),
        make=A(_adam, instance()),
    ),  # fmt: skip
    # a total of 0 runs is an empty progress (a grid with no method): documented, allowed
    case(
        protocol.Progress, total=A(3, count(0)), desc=A("runs", text()), enabled=A(False, flag())
    ),
    case(protocol.best_index, record=A(_RECORD, instance(*_BAD_RECORDS))),
    case(
        protocol.describe,
        scale=A("default", _SCALE),
        cfg=A(
            _CFG,
            instance(
                [],
                {},
                {"epochs": 1},
                {"seeds": (0,)},
                {"epochs": 0, "seeds": (0,)},
                {"epochs": "1", "seeds": (0,)},
                *({"epochs": 1, "seeds": s} for s in _BAD_SEEDS),
            ),
        ),
        dataset=A(_DIGITS, instance(_DIGITS.X, (1, 2, 3, 4), {"X": 1})),
        model=A(_MODEL, instance(_adam(0.1), protocol.Method("adam", (0.1,), _adam))),
        names=A(_NAMES, instance(*_BAD_NAMES)),
        decay=A(True, flag()),
    ),  # fmt: skip
    case(
        protocol.methods,
        names=A(_NAMES, instance(*_BAD_NAMES)),
        grids=A(_GRIDS, instance(*_BAD_GRIDS)),
        decay=A(True, flag()),
    ),  # fmt: skip
    # finite=False: a drawn X of 1e308 makes a run that diverges, whose costs are NaN
    # (documented: models.train's History, run_grid's ``diverged``)
    case(
        protocol.run_grid,
        finite=False,
        model=A(_MODEL, instance(_adam(0.1), _DIGITS)),
        X=A(_X, array((40, 4), wrong=((40, 3), (39, 4), (40,)), empty_ok=False)),
        y=A(
            _Y,
            array((40,), wrong=((39,), (40, 1)))._replace(
                refused=array((40,), wrong=((39,), (40, 1))).refused
                + (
                    np.full(40, 2),
                    np.full(40, -1),
                    _Y.astype(float),
                    _Y.tolist() + [0],
                ),
            ),
        ),
        methods=A(
            _METHODS,
            instance(
                [],
                (),
                _METHODS[0],
                [_METHODS[0], _METHODS[0]],
                ["adam"],
                [_adam],
            ),
        ),
        epochs=A(1, count(huge=False)),
        seeds=A((0,), instance(*_BAD_SEEDS)),
        batch=A(128, count()),
        scale=A("default", _SCALE),
        callback_factory=A(None, optional(instance())),
    ),  # fmt: skip
    case(
        protocol.summary,
        runs=A(_RUNS, instance(*_BAD_RUNS)),
        early_epochs=A(1, count()),  # more than the runs' epochs is refused by name
    ),  # fmt: skip
    case(
        ex_studies.comparison_summary,
        result=A(_COMPARISON, instance(*_BAD_COMPARISONS)),
        early_epochs=A(1, count()),
    ),  # fmt: skip
    case(vae_study.bias_correction_summary, result=A(_VAE, instance(*_BAD_VAE))),
    # measures Adam's first steps on the VAE four times (seconds): the bad records are
    # refused by the grid's summary before any of that work
    case(vae_study.instability_summary, run_valid=False, result=A(_VAE, instance(*_BAD_VAE))),
]
