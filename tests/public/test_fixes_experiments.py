"""Regression tests of the bugs the public-input property test found in the paper's
experiments part (``adamtheory.paper.experiments``): each failed before its fix. A test that
checks several parts sits with the first part it calls:
``test_experiments_and_failures_helpers_name_bad_arguments`` also checks failures,
``test_initial_steps_and_slope_in_d_name_their_own_arguments`` regret."""

from __future__ import annotations

import math
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from adamtheory import models, optim
from adamtheory.paper.experiments import checks, cnn_study, protocol, studies, vae_study

sys.path.insert(0, str(Path(__file__).parent))
from cases_experiments import _CNN, _COMPARISON, _EVIDENCE, _RUNS, _VAE  # noqa: E402

_X = np.random.default_rng(0).normal(size=(40, 4))
_Y = np.arange(40) % 2
_MODEL = models.LogisticRegression(4, 2)
_METHODS = protocol.methods(("adam",), {"adam": (0.1,)}, False)


@pytest.mark.parametrize("bad", [[], {}, {"adam_cost_mean": 1.0}])
def test_compare_names_a_bad_evidence_record(bad):
    # was: "list indices must be integers", a raw KeyError 'adam_cost_mean'
    with pytest.raises((TypeError, ValueError), match="evidence"):
        checks.compare(bad, "adam", "adagrad")


def test_compare_refuses_bad_names_metric_and_entries():
    with pytest.raises(TypeError, match="a must"):  # was: KeyError 'None_cost_mean'
        checks.compare(_EVIDENCE, None, "adagrad")
    with pytest.raises(ValueError, match="metric"):  # was: KeyError 'adam_nonexistent_mean'
        checks.compare(_EVIDENCE, "adam", "adagrad", metric="nonexistent")
    with pytest.raises(ValueError, match="evidence"):  # was: a silent '=' on a NaN mean
        checks.compare(_EVIDENCE | {"adam_cost_mean": math.nan}, "adam", "adagrad")
    with pytest.raises(ValueError, match="evidence"):  # was: a negative spread accepted
        checks.compare(_EVIDENCE | {"adagrad_cost_sd": -1.0}, "adam", "adagrad")
    ev = {"a_cost_mean": 1.0, "a_cost_sd": 0.0, "b_cost_mean": math.inf, "b_cost_sd": math.nan}
    assert checks.compare(ev, "a", "b")[0] == "<"  # a diverged run still loses


@pytest.mark.parametrize(
    "cfg", [{"n": 16}, {"n": 0, "half": True}, {"n": 16, "half": "yes"}, {"n": 16, "half": 1}]
)
def test_cnn_images_names_a_bad_cfg(cfg):
    # was: KeyError 'half'; "n must be ..." without cfg; 'yes' and 1 taken as True
    with pytest.raises((TypeError, ValueError), match="cfg"):
        cnn_study.cnn_images(cfg)


@pytest.mark.parametrize(
    "bad",
    [
        {k: v for k, v in _CNN.items() if k != "vhat"},
        _CNN | {"vhat": {}},
        _CNN | {"protocol": _CNN["protocol"] | {"early_epochs": 5}},
        _COMPARISON,
        _VAE,
    ],
)
def test_cnn_summary_names_a_bad_result(bad):
    # was: KeyError 'vhat' / (alpha, 0) / 'early_epochs'; early_epochs > epochs silently
    with pytest.raises((TypeError, ValueError), match="result"):
        cnn_study.cnn_summary(bad)


def test_cnn_summary_of_a_valid_result_is_unchanged():
    ev = cnn_study.cnn_summary(_CNN)
    assert ev["vhat_epochs_measured"] == 1 and ev["vhat_run_complete"]
    assert len(ev["eps_dominates_fraction"]) == len(ev["root_vhat_median"]) == 1


def test_method_validates_its_fields():
    # was: Method(None, 'x', 3) accepted, failing later inside run_grid
    with pytest.raises(TypeError, match="name"):
        protocol.Method(None, (0.1,), optim.adam)
    for grid in ((), (0.1, -1.0), "x", 0.1, np.ones((2, 2))):
        with pytest.raises((TypeError, ValueError), match="grid"):
            protocol.Method("adam", grid, optim.adam)
    with pytest.raises(TypeError, match="make"):
        protocol.Method("adam", (0.1,), 3)
    assert protocol.Method("adam", np.array([0.1, 1]), optim.adam).grid == (0.1, 1.0)


def test_progress_validates_its_arguments():
    for total in ("2", True, -1, 2.5):  # was: accepted, a TypeError later in update()
        with pytest.raises((TypeError, ValueError), match="total"):
            protocol.Progress(total, "runs", False)
    with pytest.raises(TypeError, match="desc"):
        protocol.Progress(3, None, False)
    with pytest.raises(TypeError, match="enabled"):
        protocol.Progress(3, "runs", "no")  # was: a truthy 'no' printed progress lines


@pytest.mark.parametrize("bad", [[], {}, {"epoch_cost": np.ones(3)}, {"alphas": (0.1,)}])
def test_best_index_names_a_bad_record(bad):
    # was: "list indices must be integers", KeyError 'epoch_cost', an AxisError
    with pytest.raises((TypeError, ValueError), match="record"):
        protocol.best_index(bad)


def test_describe_and_methods_name_bad_arguments():
    digits = cnn_study.cnn_images({"n": 16, "half": True})
    cfg = {"epochs": 1, "seeds": (0,)}
    args = ("default", cfg, digits, _MODEL, ("adam",), True)
    for i, (name, bad) in enumerate(
        [
            ("scale", "huge"),  # was: accepted
            ("cfg", {"epochs": 1}),  # was: KeyError 'seeds'
            ("dataset", (1, 2, 3, 4)),  # was: AttributeError
            ("model", optim.adam(0.1)),  # was: accepted
            ("names", "adam"),  # was: ['a', 'd', 'a', 'm'] accepted
            ("decay", "no"),  # was: a truthy 'no'
        ]
    ):
        with pytest.raises((TypeError, ValueError), match=name):
            protocol.describe(*args[:i], bad, *args[i + 1 :])
    with pytest.raises(ValueError, match="names"):  # was: KeyError 'sgd'
        protocol.methods(("sgd",), {"sgd": (0.1,)}, True)
    with pytest.raises(ValueError, match="grids"):  # was: KeyError 'adagrad'
        protocol.methods(("adam", "adagrad"), {"adam": (0.1,)}, True)
    with pytest.raises(ValueError, match="grids"):  # was: an empty grid accepted
        protocol.methods(("adam",), {"adam": ()}, True)


@pytest.mark.parametrize(
    "name, bad",
    [
        ("model", optim.adam(0.1)),  # was: AttributeError 'init'
        ("y", np.full(40, 2)),  # was: IndexError in softmax_cross_entropy
        ("y", np.arange(39) % 2),  # was: IndexError
        ("y", None),  # was: a raw error inside the loss
        ("methods", []),  # was: {} returned silently
        ("methods", [_METHODS[0], _METHODS[0]]),  # was: the second run overwrote the first
        ("seeds", (0, 0)),  # was: one seed counted twice
        ("seeds", 0),  # was: TypeError 'int' object is not iterable
        ("callback_factory", 3),  # was: TypeError 'int' object is not callable
    ],
)
def test_run_grid_names_bad_arguments(name, bad):
    kwargs = {"model": _MODEL, "X": _X, "y": _Y, "methods": _METHODS, "seeds": (0,)} | {name: bad}
    with pytest.raises((TypeError, ValueError), match=name):
        protocol.run_grid(**kwargs, epochs=1)


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"adam": {k: v for k, v in _RUNS["adam"].items() if k != "alphas"}},
        {"adam": _RUNS["adam"] | {"alphas": np.array([0.1, 0.3])}},
        _COMPARISON,
    ],
)
def test_summary_names_bad_runs(bad):
    # was: {} silently; KeyError 'alphas'; a 2-point grid read for 1 cost row; KeyError
    with pytest.raises((TypeError, ValueError), match="runs"):
        protocol.summary(bad)


def test_summary_refuses_more_early_epochs_than_the_runs_have():
    with pytest.raises(ValueError, match="early_epochs"):  # was: all epochs, silently
        protocol.summary(_RUNS, early_epochs=5)
    with pytest.raises(ValueError, match="early_epochs"):
        studies.comparison_summary(_COMPARISON, early_epochs=5)


def test_summary_of_runs_that_all_diverged_warns_nothing():
    nan = np.full((1, 2, 1), np.nan)
    record = {"alphas": (0.1,), "epoch_cost": nan, "diverged": np.ones((1, 2), bool)}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # was: RuntimeWarning: invalid value (inf - inf)
        ev = protocol.summary({"adam": record})
    assert ev["adam_cost_mean"] == math.inf and ev["adam_cost_sd"] == math.inf


@pytest.mark.parametrize("bad", [[], {}, {"runs": _RUNS}, _VAE])
def test_comparison_summary_names_a_bad_result(bad):
    # was: "list indices must be integers", KeyError 'protocol'
    with pytest.raises((TypeError, ValueError), match="result"):
        studies.comparison_summary(bad)


@pytest.mark.parametrize(
    "bad",
    [
        [],
        {k: v for k, v in _VAE.items() if k != "spread"},
        _VAE | {"grid": _VAE["grid"][:3]},
        _VAE | {"spread": {True: [(1.0, 2.0)], False: [(1.0, 2.0)]}},
        _CNN,
    ],
)
def test_vae_summaries_name_a_bad_result(bad):
    # was: KeyError 'spread'; a 3-setting grid reported as the 30-setting one; a NaN
    # seed_sd with a RuntimeWarning; KeyError 'losses'
    for summary in (vae_study.bias_correction_summary, vae_study.instability_summary):
        with pytest.raises((TypeError, ValueError), match="result"):
            summary(bad)


def test_bias_correction_summary_reads_array_spreads_as_lists():
    # was: arrays of (early, late) losses were ADDED (True + False), not concatenated
    arrays = _VAE | {"spread": {c: np.array(v) for c, v in _VAE["spread"].items()}}
    assert vae_study.bias_correction_summary(arrays) == vae_study.bias_correction_summary(_VAE)


def test_experiments_and_failures_helpers_name_bad_arguments():
    from adamtheory.paper.experiments import derivation, protocol, vae_study
    from adamtheory.paper.failures import derivation as fd
    from adamtheory.paper.failures import phases

    with pytest.raises(ValueError, match="scale"):
        protocol.blas_threads("nonexistent")
    with pytest.raises(ValueError, match="label"):
        derivation.softmax_cross_entropy(3, label=-1)
    with pytest.raises(TypeError, match="classes"):
        derivation.softmax_cross_entropy(True)
    with pytest.raises(ValueError, match="period"):
        fd.period_regret_at_plus_one(1)
    with pytest.raises(TypeError, match="theorem1_beta2"):
        fd.theorem1_cycle("no")
    with pytest.raises(ValueError, match="n_grid"):
        phases.reddi_phase_diagram(n_grid=1)
    with pytest.raises(TypeError, match="steps"):
        vae_study.initial_steps(0.9, 0.999, True, steps=True)


def test_initial_steps_and_slope_in_d_name_their_own_arguments():
    # was: "bias_correction must be True or False" for initial_steps(correct='no'), and
    # "x and y must be finite" (core.fit's names) for slope_in_d(d=[nan, ...])
    from adamtheory.paper.experiments import vae_study
    from adamtheory.paper.regret import sparse

    with pytest.raises(TypeError, match=r"^correct must"):
        vae_study.initial_steps(0.9, 0.999, "no")
    with pytest.raises(ValueError, match=r"^d must"):
        sparse.slope_in_d([np.nan, 2.0, 4.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"^d and y must have one shape"):
        sparse.slope_in_d([1.0, 2.0, 4.0], [1.0, 2.0])
