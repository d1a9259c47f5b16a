"""Regression tests of the fixes found by the cases in ``cases_bias_correction.py`` and
``cases_failures.py`` (issue 11): each failed before its fix (the comment says how)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from adamtheory import online, optim, problems
from adamtheory.core.symbols import beta2
from adamtheory.paper.bias_correction import derivation, gradients, instability, studies
from adamtheory.paper.failures import phases, proof
from adamtheory.paper.failures import studies as f_studies

# ------------------------------------------------------------------ bias_correction


@pytest.mark.parametrize("profile", [lambda k: "x", lambda k: [k], lambda k: None, len])
def test_derivations_name_a_profile_that_gives_no_expression(profile):
    # was: a raw TypeError from SymPy ("can't multiply sequence by non-int of type 'Add'",
    # "object of type 'Symbol' has no len()")
    for helper in (derivation.expected_ema, derivation.zeta_sum):
        with pytest.raises(TypeError, match="profile"):
            helper(profile)
    with pytest.raises(TypeError, match="y"):
        derivation.solve_ema_recurrence(profile, beta2)


def test_derivations_still_take_a_number_profile_and_an_indexed_base():
    assert derivation.expected_ema(lambda k: 2, sp.Rational(1, 2)).zeta == 0
    assert derivation.solve_ema_recurrence(sp.IndexedBase("h"), beta2).has(sp.IndexedBase("h"))


FEATURES, LABELS = instability.sparse_logistic_data(examples=20, dim=3, seed=0)


def _train(**changes):
    args = dict(features=FEATURES, labels=LABELS, epochs=1, batch=8, alphas=(1e-3,),
                beta1s=(0.9,), beta2s=(0.999,))  # fmt: skip
    return instability.logistic_minibatch_training(**(args | changes))


@pytest.mark.parametrize(
    "name, bad, error",
    [
        ("features", "x", TypeError),  # was: ValueError "could not convert string to float"
        ("features", np.full((20, 3), np.nan), ValueError),  # was: a RuntimeWarning, nan losses
        ("features", np.ones((20, 3), dtype=object), TypeError),  # was: accepted
        ("features", np.ones((20, 3)) * 1j, TypeError),  # was: a ComplexWarning
        ("labels", "x", TypeError),
        ("labels", np.ones(20, dtype=object), TypeError),  # was: accepted
        ("alphas", True, TypeError),  # was: accepted as alpha = 1
        ("alphas", np.ones((2, 2)), ValueError),  # was: a 2-d grid flattened silently
        ("alphas", [], ValueError),  # was: "theta must not be empty"
        ("beta1s", [], ValueError),
        ("beta2s", [1.0, [2.0, 3.0]], TypeError),  # was: an unnamed ragged-array ValueError
    ],
)
def test_logistic_minibatch_training_names_bad_input(name, bad, error):
    with pytest.raises(error, match=name):
        _train(**{name: bad})


def test_logistic_minibatch_training_overflow_is_a_floating_point_error():
    # was: a RuntimeWarning (overflow in divide / invalid in matmul) and inf/nan losses
    with pytest.raises(FloatingPointError):
        _train(alphas=(1.7e308,))
    run = _train()
    assert np.all(np.isfinite(run.corrected)) and np.all(np.isfinite(run.uncorrected))


MODELS = gradients.standard_models()
MC = studies.monte_carlo_moments(MODELS, steps=4, sequences=400, seed=0)


@pytest.mark.parametrize("models", [[], [1], "stationary", None, MC, MODELS[0]])
def test_zeta_formula_and_expectation_record_name_bad_models(models):
    # was: a raw AttributeError ('int' object has no attribute 'zeta') or an unnamed
    # "need at least one array to concatenate"
    with pytest.raises(TypeError, match="models"):
        studies.zeta_formula(models, [1, 2], 0.999)
    with pytest.raises(TypeError, match="models"):
        studies.expectation_record(MC, models)


@pytest.mark.parametrize("t_values", ["3", True, 2.5, 0, -2, [], np.nan])
def test_zeta_formula_names_bad_steps(t_values):
    # was: accepted ("3", True, 0, -2: a zeta at t <= 0) or "beta2 = 0.999 is a pole"
    with pytest.raises((TypeError, ValueError), match="t_values"):
        studies.zeta_formula(MODELS, t_values, 0.999)


def test_expectation_record_refuses_another_monte_carlo_or_models():
    few = studies.monte_carlo_moments(MODELS[:1], steps=4, sequences=400, seed=0)
    with pytest.raises(ValueError, match="mc"):  # was: KeyError 'linear drift'
        studies.expectation_record(few, MODELS[:1])
    zero_se = studies.monte_carlo_moments(MODELS, steps=4, sequences=2, seed=0)
    with pytest.raises(ValueError, match="mc"):  # was: RuntimeWarning, z = inf
        studies.expectation_record(zero_se, MODELS)
    with pytest.raises(ValueError, match="models"):  # was: a record of mismatched models
        studies.expectation_record(MC, MODELS[::-1])
    with pytest.raises(ValueError, match="scale"):  # was: any scale recorded
        studies.expectation_record(MC, MODELS, "nonexistent")


def test_large_steps_record_names_train_and_scale():
    run = studies.step_sizes_first_steps(studies.BETA2S, (0.9, 0.0), steps=3, dim=2, seed=0)
    narrow = _train(beta2s=(0.99,))
    with pytest.raises(ValueError, match="train"):  # was: "beta2 must be one of [0.99]"
        studies.large_steps_record(run, narrow)
    with pytest.raises(TypeError, match="train"):
        studies.large_steps_record(run, {})
    with pytest.raises(ValueError, match="scale"):  # was: accepted
        studies.large_steps_record(run, _train(beta2s=studies.BETA2S), "Default")


# ------------------------------------------------------------------ failures

BETA2 = phases.grid(5)[1]
PHASE = np.array([[2, 2, 1, 0, 0], [2, 1, 1, 1, 0]])
REGION = np.ones(PHASE.shape, dtype=bool)


@pytest.mark.parametrize(
    "name, bad",
    [
        ("phase", "x"),  # was: IndexError "tuple index out of range"
        ("phase", np.full(PHASE.shape, 3)),  # was: accepted (codes other than 0, 1, 2)
        ("phase", np.full(PHASE.shape, np.nan)),  # was: accepted
        ("phase", np.ones((2, 4))),  # was: IndexError (boolean index did not match)
        ("region", None),  # was: IndexError (0-dimensional)
        ("region", np.ones(PHASE.shape)),  # was: a float mask accepted
        ("region", np.zeros(PHASE.shape, dtype=bool)),  # was: RuntimeWarning, nan fractions
        ("beta2", None),  # was: TypeError "'NoneType' object is not subscriptable"
        ("beta2", BETA2[::-1]),  # was: accepted (a decreasing grid, a wrong boundary)
        ("beta2", np.append(BETA2[:4], 1.0)),  # was: RuntimeWarning (log10 of 0)
        ("beta2", BETA2[:4]),  # was: accepted
    ],
)
def test_phase_summary_names_a_bad_diagram(name, bad):
    args = {"phase": PHASE, "region": REGION, "beta2": BETA2} | {name: bad}
    with pytest.raises((TypeError, ValueError), match=name):
        phases.phase_summary(**args)


def test_zhang_record_names_bad_diagrams_and_scale():
    diagrams = {s: phases.zhang_phase_diagram(4, (10, 20), sampling=s) for s in phases.SAMPLINGS}
    reddi = phases.reddi_phase_diagram(4, T=20, C=3)
    for bad in ({}, reddi, {"shuffle": reddi, "replacement": reddi, "cyclic": reddi}):
        with pytest.raises(ValueError, match="diagrams"):  # was: KeyError 'shuffle' / 'n'
            phases.zhang_record(bad)
    with pytest.raises(TypeError, match="diagrams"):  # was: "list indices must be integers"
        phases.zhang_record([])
    broken = {**diagrams, "cyclic": {**diagrams["cyclic"], "phase": np.full((2, 4, 4), 7)}}
    with pytest.raises(ValueError, match="diagrams"):
        phases.zhang_record(broken)
    with pytest.raises(ValueError, match="scale"):  # was: accepted
        phases.zhang_record(diagrams, "Default")
    assert phases.zhang_record(diagrams)["grid"] == "4x4"


def test_theorem41_assumptions_names_run_and_problem():
    w = problems.reddi_theorem1_witness()
    opt = f_studies.adam_variants(w.beta1, w.beta2, w.alpha)["adam-bc-eps"]
    run = online.fast.run(opt, w.problem, 20, theta0=[w.theta0])
    assert len(proof.theorem41_assumptions(run, w.problem, opt)) == 7
    with pytest.raises(TypeError, match="run"):  # was: AttributeError (no attribute 'T')
        proof.theorem41_assumptions(w.problem, w.problem, opt)
    with pytest.raises(ValueError, match="problem"):  # was: "unsupported format string"
        proof.theorem41_assumptions(run, problems.ZhangDivergence(10, 1.0), opt)
    with pytest.raises(TypeError, match="problem"):  # was: AttributeError (no 'dim')
        proof.theorem41_assumptions(run, problems.ZhangDivergence, opt)
    with pytest.raises(TypeError, match="opt"):
        proof.theorem41_assumptions(run, w.problem, optim.sgd(0.1))
