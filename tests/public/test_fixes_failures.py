"""Regression tests of the bugs the public-input property test found in the paper's failures
part (``adamtheory.paper.failures``): each failed before its fix. A test that checks several
parts sits with the first part it calls:
``test_finite_input_that_overflows_raises_floating_point_error`` also checks algorithm,
adagrad_rmsprop and averaging,
``test_second_moments_unrolled_sum_constant_error_name_bad_input`` bias_correction and
averaging; phases and derivation are also checked by
``test_experiments_and_failures_helpers_name_bad_arguments`` in test_fixes_experiments.py."""

from __future__ import annotations

import numpy as np
import pytest

from adamtheory import online, optim, problems
from adamtheory.paper.failures import phases, proof
from adamtheory.paper.failures import studies as f_studies

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


@pytest.mark.parametrize("problem", [None, "x", 3])
def test_failures_helpers_name_a_non_problem(problem):
    # was: a raw AttributeError ('NoneType' object has no attribute 'batch' / 'period')
    from adamtheory import optim
    from adamtheory.paper.failures import amsgrad
    from adamtheory.paper.failures import studies as f_studies

    with pytest.raises(TypeError, match="problem"):
        amsgrad.amsgrad_case(problem, 0.0, 0.5, 100)
    with pytest.raises(TypeError, match="problem"):
        f_studies.period_start_iterates(optim.adam(alpha=0.1), problem, 30)


def test_period_start_iterates_names_opt_and_theta0():
    # was: "T = 6 is too short" or a raw error, whatever the bad argument
    from adamtheory import optim
    from adamtheory.paper.failures import studies as f_studies
    from adamtheory.problems import reddi

    problem = reddi.PeriodicLinear(C=3.0, period=3)
    with pytest.raises(TypeError, match="opt"):
        f_studies.period_start_iterates(None, problem, 30)
    with pytest.raises(ValueError, match="theta0"):
        f_studies.period_start_iterates(optim.adam(alpha=0.1), problem, 30, theta0=np.nan)


def test_failures_horizon_refuses_bad_counts_by_name():
    from adamtheory.paper.failures import studies

    with pytest.raises(ValueError, match="default"):
        studies.horizon("default", 0)
    with pytest.raises(TypeError, match="paper"):
        studies.horizon("paper", 100, paper=2.5)


def test_finite_input_that_overflows_raises_floating_point_error():
    from adamtheory.paper.adagrad_rmsprop import studies as ar
    from adamtheory.paper.algorithm import studies as alg
    from adamtheory.paper.averaging import studies as av
    from adamtheory.paper.failures import proof

    with pytest.raises(FloatingPointError):
        proof.gamma(np.array([0.1, 0.2]), alpha=5e-324)
    with pytest.raises(FloatingPointError):
        alg.algorithm1_reference(np.full((2, 2), 1e155))
    with pytest.raises(FloatingPointError):
        ar.pointwise_step_ratio(5, 0.01, alpha=1e308)
    with pytest.raises(FloatingPointError):
        av.rms_theory(5, 0.9, 1e300, -1e300, 0.98, 0.5)


def test_second_moments_unrolled_sum_constant_error_name_bad_input():
    from adamtheory.paper.averaging import studies as av
    from adamtheory.paper.bias_correction import studies as bc
    from adamtheory.paper.failures import proof

    with pytest.raises(ValueError, match="g must be finite"):
        proof.second_moments(np.array([1.0, np.nan]), 0.9, bias_correction=True)
    with pytest.raises(FloatingPointError):
        proof.second_moments(np.full(3, 1e155), 0.9, bias_correction=True)
    with pytest.raises(ValueError, match="grads"):
        bc.unrolled_sum(np.array([[np.inf, 1.0]]), 0.9)
    with pytest.raises(FloatingPointError):
        bc.unrolled_sum(np.full((2, 2), 1e155), 0.9)
    with pytest.raises(TypeError, match="betas"):
        av.constant_sequence_error(betas="x")
    with pytest.raises(TypeError, match="constants"):
        av.constant_sequence_error(constants="x")
    with pytest.raises(ValueError, match="family_level"):
        bc.bonferroni_z(10, 5e-324)


def test_zhang_grids_and_amsgrad_bound_name_bad_input():
    from adamtheory.paper.failures import amsgrad, phases

    with pytest.raises(ValueError, match="n_grid"):
        phases.zhang_phase_diagram(n_grid=1)
    with pytest.raises(TypeError, match="n_grid"):
        phases.zhang_diagrams("default", n_grid=2.5)
    v = np.array([[0.1], [0.2]])
    with pytest.raises(FloatingPointError):
        amsgrad.amsgrad_bound(v, v, D_inf=1.3e154, alpha=0.1, beta1=0.5, beta2=0.9)
    with pytest.raises(FloatingPointError):
        amsgrad.amsgrad_bound(v, v, D_inf=2.0, alpha=5e-324, beta1=0.5, beta2=0.9)
