"""Algorithm 1 and the efficient order: the rules reach every verdict, the derivation,
the independent reference against exact (mpmath) arithmetic, bad input, today's verdicts."""

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from adamtheory import optim
from adamtheory.core.symbols import beta2, eps, eps_hat, t
from adamtheory.paper.algorithm import checks, derivation, studies

# --- rules: every verdict reachable ----------------------------------------------------

ALG1 = {
    "steps": 2000,
    "max_relative_error": 1e-15,
    "worst_sequence": "drifting",
    "defaults_match_paper": True,
    "first_step_relative_error_at_g=1e-4": 0.0,
    "seed002_variant_max_relative_error": 1.0,
}


@pytest.mark.parametrize(
    "change, expected",
    [
        ({}, "verified"),
        ({"max_relative_error": 1e-7}, "refuted"),  # a float32 Algorithm 1, say
        ({"defaults_match_paper": False}, "refuted"),
        ({"first_step_relative_error_at_g=1e-4": 0.29}, "refuted"),  # eps inside the sqrt
        ({"seed002_variant_max_relative_error": 1e-12}, "supported"),  # no power
    ],
)
def test_alg1_rule_reaches_every_verdict(change, expected):
    assert checks.alg1_rule(ALG1 | change).verdict == expected


EFFICIENT = {
    "eps_hat_t": "epsilon*sqrt(1 - beta_2**t)",
    "sympy_residual_zero": True,
    "eps_hat_depends_on_t": True,
    "max_relative_difference_matched": 1e-14,
    "gradient_scales": [1e-7, 1.0],
    "relative_difference_constant_by_scale": [0.7, 1e-7],
    "largest_difference_constant": 0.7,
    "largest_difference_at_scale": 1e-7,
}


@pytest.mark.parametrize(
    "change, expected",
    [
        ({}, "qualified"),
        ({"relative_difference_constant_by_scale": [1e-5, 1e-7]}, "verified"),
        ({"eps_hat_depends_on_t": False}, "qualified"),  # the numbers decide
        ({"sympy_residual_zero": False}, "refuted"),
        ({"max_relative_difference_matched": 1e-3}, "refuted"),
    ],
)
def test_efficient_order_rule_reaches_every_verdict(change, expected):
    assert checks.efficient_order_rule(EFFICIENT | change).verdict == expected


def test_conditions_print_no_round_off_digits():
    condition = checks.alg1_rule(ALG1).condition
    assert "< 1e-12" in condition and "e-15" not in condition


# --- the derivation -------------------------------------------------------------------


def test_eps_hat_is_eps_sqrt_one_minus_beta2_power():
    d = derivation.efficient_order()
    assert sp.simplify(d.eps_hat_solution - eps * sp.sqrt(1 - beta2**t)) == 0
    assert d.residual == 0 and d.depends_on_t
    assert sp.simplify(d.effective_eps - eps_hat / sp.sqrt(1 - beta2**t)) == 0
    # substituting back: the efficient step with eps_hat_t is Algorithm 1's step
    diff = d.efficient_step.subs(eps_hat, d.eps_hat_solution) - d.algorithm1_step
    point = {sp.Symbol("alpha", positive=True): 0.1, eps: 1e-3, beta2: 0.99, t: 3}
    assert abs(float(diff.subs(point).subs({s: 0.5 for s in diff.free_symbols}))) < 1e-15


# --- the reference against exact arithmetic -------------------------------------------


def exact_algorithm1(column, alpha=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    """Algorithm 1 in 40-digit arithmetic: a reference with no float64 rounding."""
    mpmath.mp.dps = 40
    a, b1, b2, e = (mpmath.mpf(x) for x in (alpha, b1, b2, eps))
    theta, m, v, path = mpmath.mpf(0), mpmath.mpf(0), mpmath.mpf(0), []
    for k, g in enumerate(column, start=1):
        g = mpmath.mpf(float(g))
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        theta -= a * (m / (1 - b1**k)) / (mpmath.sqrt(v / (1 - b2**k)) + e)
        path.append(float(theta))
    return np.array(path)


def test_reference_and_package_agree_with_exact_arithmetic():
    grads = studies.gradient_sequences(300)
    exact = np.column_stack([exact_algorithm1(col) for col in grads.T])
    size = np.maximum(np.abs(exact), 1e-3)
    for path in (studies.algorithm1_reference(grads), studies.package_path(optim.adam(), grads)):
        # 300 steps x ROUNDING_PER_STEP is the rule's bound; the measured error is ~1e-15
        assert np.max(np.abs(path - exact) / size) < 300 * checks.ROUNDING_PER_STEP


def test_seed002_variant_first_step():
    g = np.array([[1e-4]])
    step = studies.algorithm1_reference(g, eps_inside_sqrt=True)[0, 0]
    assert step == pytest.approx(-1e-3 * 1e-4 / math.sqrt(1e-8 + 1e-8), rel=1e-12)


def test_constant_eps_hat_first_step_and_matched_schedule():
    runs = studies.efficient_order_by_scale(50, scales=[1e-7, 1.0])
    assert runs["matched"].max() < 1e-12
    # first step: -alpha g/(|g| + eps/sqrt(1-beta2)) against -alpha g/(|g| + eps)
    g1 = np.abs(1e-7 * np.random.default_rng(studies.SEED + 1).standard_normal(2)[0])
    expected = (g1 + 1e-8) / (g1 + 1e-8 / math.sqrt(1e-3))
    assert runs["first_step_ratio"][0] == pytest.approx(expected, rel=1e-9)
    assert runs["constant"][0] > 0.1 > 1e-5 > runs["constant"][1]  # eps/|g| ~ 3e-7 per step


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, error, name",
    [
        (lambda: studies.algorithm1_reference("x"), TypeError, "grads"),
        (lambda: studies.algorithm1_reference(np.ones(3)), ValueError, "grads"),
        (lambda: studies.algorithm1_reference([[np.nan]]), ValueError, "grads"),
        (lambda: studies.algorithm1_reference([[1.0]], alpha=-1), ValueError, "alpha"),
        (lambda: studies.algorithm1_reference([[1.0]], beta2=1.0), ValueError, "beta2"),
        (lambda: studies.algorithm1_reference([[1.0]], eps_inside_sqrt="no"), TypeError, "eps"),
        (lambda: studies.package_path(optim.adam, [[1.0]]), TypeError, "opt"),
        (lambda: studies.gradient_sequences(0), ValueError, "steps"),
        (lambda: studies.gradient_sequences(2.5), TypeError, "steps"),
        (lambda: studies.efficient_order_by_scale(10, scales=[-1.0]), ValueError, "scales"),
        (lambda: studies.alg1_evidence("huge"), ValueError, "scale"),
        (lambda: studies.efficient_order_evidence(1), TypeError, "scale"),
    ],
)
def test_bad_input_names_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()


# --- today's verdicts -----------------------------------------------------------------


@pytest.mark.parametrize(
    "claim_id, expected", [("alg1", "verified"), ("efficient-order", "qualified")]
)
def test_verdicts(ledger, claim_id, expected):
    assert ledger[claim_id].verdict == expected
