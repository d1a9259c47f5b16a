"""Section 2.1 (paper.update_rule): every rule reaches every verdict it can give, today's
verdicts pinned through the shared ledger run, and the studies' mathematics against
independent references (SymPy, finite differences, the noise-floor formula)."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from adamtheory import optim
from adamtheory.core.symbols import beta1, beta2, is_zero, t
from adamtheory.paper.update_rule import checks, derivation, studies
from adamtheory.paper.update_rule.bounds import max_effective_step, max_effective_step_adamax
from adamtheory.paper.update_rule.invariance import scale_invariance
from adamtheory.paper.update_rule.mlp import mlp_problem
from adamtheory.paper.update_rule.typical import (
    mlp_ratios,
    noisy_quadratic_ratios,
    ratio_quantiles,
    snr_run,
)

VERDICTS = {
    "sec2.1-bound-sparse": "refuted",
    "sec2.1-bound-otherwise": "refuted",
    "sec2.1-equal-case": "refuted",
    "sec2.1-trust-region": "qualified",  # was supported: heavy tails and a full-batch MLP
    "sec2.1-snr-annealing": "qualified",
    "sec2.1-scale-invariance": "verified",
    "sec7.1-adamax-step-bound": "refuted",
}


@pytest.mark.parametrize(("claim_id", "verdict"), VERDICTS.items())
def test_verdicts(ledger, claim_id, verdict):
    assert ledger[claim_id].verdict == verdict, ledger[claim_id].summary


def test_every_claim_of_the_part_has_a_check():
    assert set(checks.CHECKS) == set(VERDICTS)


# ------------------------------------------------------------- reachability
BOUND = {
    "beta1": 0.9,
    "beta2": 0.999,
    "t": 1000,
    "ratio": 5.78,
    "bound": 3.16,
    "holds_at_point": False,
    "fraction_holding": 0.012,
    "unbounded_fraction": 0.0,
    "holds_only_if": "beta1 = 0",
    "search_rel_error": 1e-15,
    "search_excess": 1e-16,
    "first_t_above_bound": 210,
    "exact_sup_limit": 7.27,
}
HOLDS = {"ratio": 1.0, "bound": 1.0, "holds_at_point": True, "fraction_holding": 1.0}


@pytest.mark.parametrize(
    "rule", [checks.bound_sparse_rule, checks.bound_otherwise_rule, checks.adamax_step_bound_rule]
)
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, "refuted"),  # fails at the point
        ({**HOLDS, "fraction_holding": 0.3}, "refuted"),  # holds at the point, fails mostly
        ({**HOLDS, "fraction_holding": 0.8}, "qualified"),  # fails on a minority only
        (HOLDS, "verified"),
        ({**HOLDS, "search_excess": 1e-3}, "qualified"),  # the search beat the closed form
        ({**HOLDS, "first_t_above_bound": 0}, "verified"),
    ],
)
def test_bound_rules_reach_every_verdict(rule, change, expected):
    assert rule({**BOUND, **change}).verdict == expected


def test_bound_sparse_condition_names_the_first_failing_step():
    condition = checks.bound_sparse_rule(BOUND).condition
    assert "holds up to t = 209 and fails from t = 210" in condition


EQUAL = {
    "beta1": 0.9,
    "beta2": 0.99,
    "t": 1000,
    "ratio": 2.345,
    "first_t_above_1": 2,
    "fraction_at_most_1": 0.01,
    "largest_sup_on_curve": 7.1,
    "constant_gradient_ratio": 1.0,
    "holds_only_if": "beta1 = 0",
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, "refuted"),
        ({"ratio": 1.0, "fraction_at_most_1": 0.2}, "refuted"),
        ({"ratio": 1.0, "fraction_at_most_1": 1.0}, "qualified"),  # "<= 1", not "< 1"
        (
            {
                "ratio": 0.9,
                "fraction_at_most_1": 1.0,
                "constant_gradient_ratio": 0.9,
                "largest_sup_on_curve": 0.95,
            },
            "verified",
        ),
    ],
)
def test_equal_case_rule_reaches_every_verdict(change, expected):
    assert checks.equal_case_rule({**EQUAL, **change}).verdict == expected


SCENARIOS = ["quadratic_gaussian", "mlp_full_batch"]


def _trust(above: float, q99: float) -> dict:
    evidence = {"scenarios": SCENARIOS}
    for name in SCENARIOS:
        evidence |= {
            f"{name}_fraction_above_1": 0.0003,
            f"{name}_q99": 0.8,
            f"{name}_median": 0.13,
            f"{name}_max": 1.05,
        }
    evidence |= {"mlp_full_batch_fraction_above_1": above, "mlp_full_batch_q99": q99}
    return evidence


@pytest.mark.parametrize(
    ("above", "q99", "expected"),
    [
        (0.005, 0.9, "supported"),
        (0.0133, 1.05, "qualified"),  # today's full-batch MLP
        (0.005, 1.5, "qualified"),
        (0.2, 1.5, "refuted"),  # alpha left every fifth step
        (0.05, 2.5, "refuted"),  # the top percent beyond 2 alpha
    ],
)
def test_trust_region_rule_reaches_every_verdict(above, q99, expected):
    assert checks.trust_region_rule(_trust(above, q99)).verdict == expected


SNR = {
    "exact_start": 0.99,
    "exact_end": 1e-80,
    "vanishing_start": 0.8,
    "vanishing_end": 1e-50,
    "additive_start": 0.95,
    "additive_end": 0.23,
    "noise_floor_theory": 0.229,
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, "qualified"),  # today: to 0 without noise at the optimum, a floor with it
        ({"additive_end": 0.005}, "supported"),  # a floor below 1% of the start
        ({"exact_end": 0.9, "vanishing_end": 0.7}, "refuted"),  # no annealing at all
        ({"exact_end": 0.3, "vanishing_end": 0.3}, "qualified"),  # falls, not to 0
    ],
)
def test_snr_rule_reaches_every_verdict(change, expected):
    decided = checks.snr_annealing_rule({**SNR, **change})
    assert decided.verdict == expected
    if expected == "qualified" and not change:
        assert "vanishes at the optimum" in decided.condition


INVARIANT = {
    "sympy_residual": "0",
    "eps0_max_abs_error_over_alpha": 7.8e-16,
    "eps0_power_of_two_bitwise": True,
    "eps_formula_max_abs_error_over_alpha": 7.8e-16,
    "eps_1e-8_max_deviation_c1e-8": 0.994,
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, "verified"),
        ({"sympy_residual": "c - 1"}, "refuted"),
        ({"eps0_max_abs_error_over_alpha": 1e-6}, "refuted"),
        ({"eps0_power_of_two_bitwise": False}, "refuted"),
        ({"eps_formula_max_abs_error_over_alpha": 1e-3}, "refuted"),
    ],
)
def test_scale_invariance_rule_reaches_every_verdict(change, expected):
    assert checks.scale_invariance_rule({**INVARIANT, **change}).verdict == expected


# ------------------------------------------------------------ the mathematics
def test_symbolic_sup_matches_the_package():
    sup, limit = derivation.sup_ratio(), derivation.sup_limit()
    adamax = derivation.adamax_sup()
    for x1, x2, n in [(0.9, 0.999, 10), (0.5, 0.9, 7), (0.99, 0.9999, 1000), (0.9, 0.8, 50)]:
        point = {beta1: sp.Float(x1, 30), beta2: sp.Float(x2, 30), t: n}
        assert float(sup.evalf(30, subs=point)) == pytest.approx(
            max_effective_step(x1, x2, n), rel=1e-12
        )
        assert float(adamax.evalf(30, subs=point)) == pytest.approx(
            max_effective_step_adamax(x1, x2, n), rel=1e-12
        )
    point = {beta1: sp.Rational(9, 10), beta2: sp.Rational(999, 1000)}
    assert float(limit.subs(point)) == pytest.approx(max_effective_step(0.9, 0.999), rel=1e-12)


def test_derivation_steps_are_proofs():
    assert derivation.term_ratio()[1] == 0
    value, gradient = derivation.maximiser_check(3)
    assert value == 0 and all(x == 0 for x in gradient)
    assert derivation.diagonal_sup() == 1
    excess = (beta1 - beta2) ** 2 / ((1 - beta2) * (beta2 - beta1**2))
    assert is_zero(derivation.limit_excess() - excess)
    assert is_zero(derivation.equal_curve_limit_squared() - (2 - beta1) / (2 * (1 - beta1)))
    assert is_zero(derivation.adamax_limit_excess() - beta1 * (1 - beta2) / (beta2 - beta1))
    assert derivation.scale_residual() == 0


def test_bound_sparse_first_failing_step_is_210():
    # computed independently of the closed form: Algorithm 1 on the maximising sequence
    assert studies.first_t_above(0.9, 0.999, 0.1 / math.sqrt(0.001)) == 210
    bound = 0.1 / math.sqrt(0.001)
    assert studies.witness(0.9, 0.999, 209)["ratio"] <= bound
    assert studies.witness(0.9, 0.999, 210)["ratio"] > bound
    # and no t <= 209 exceeds it: the supremum grows with t
    assert np.all(max_effective_step(0.9, 0.999, np.arange(1, 210)) <= bound)


def test_bound_otherwise_witness_is_inside_its_region():
    evidence = studies.bound_otherwise_evidence()
    b1, b2 = evidence["beta1"], evidence["beta2"]
    assert (1 - b1) <= math.sqrt(1 - b2)
    assert not evidence["holds_at_point"]


def test_equal_case_constant_gradient_gives_exactly_one():
    evidence = studies.equal_case_evidence()
    assert evidence["constant_gradient_ratio"] == pytest.approx(1.0, abs=1e-12)
    assert evidence["fraction_at_most_1"] == pytest.approx(0.01)  # beta1 = 0 only


def test_snr_stops_at_the_noise_floor():
    run = snr_run(beta1=(0.0, 0.9), steps=5000, replicas=100)
    # 100 replicas x 1000 steps of correlated samples: a few % of sampling error
    np.testing.assert_allclose(run["floor"], run["floor_theory"], rtol=0.05)


@pytest.mark.parametrize("noise", ["exact", "vanishing"])
def test_snr_goes_to_zero_when_the_noise_vanishes_at_the_optimum(noise):
    run = snr_run(beta1=(0.9,), steps=3000, replicas=20, noise=noise)
    assert run["rms_snr"][:20, 0].mean() > 0.5
    assert run["floor"][0] < 1e-6


def test_ratio_quantiles():
    q = ratio_quantiles(np.array([0.0, 0.5, 2.0, 1.0]))
    assert q["max"] == 2.0 and q["fraction_above_1"] == 0.25 and q["median"] == 0.75


def test_quadratic_noise_kinds_and_bad_input():
    gaussian = noisy_quadratic_ratios(200, dim=20, noise="gaussian")
    cauchy = noisy_quadratic_ratios(200, dim=20, noise="cauchy")
    assert gaussian.shape == cauchy.shape == (200, 20)
    assert not np.array_equal(gaussian, cauchy)
    with pytest.raises(ValueError, match="noise"):
        noisy_quadratic_ratios(10, noise="laplace")
    with pytest.raises(TypeError, match="steps"):
        noisy_quadratic_ratios(10.5)


def test_mlp_gradient_against_finite_differences():
    problem = mlp_problem(n=40, seed=3)
    flat = problem.init(np.random.default_rng(4))
    _, grad = problem.loss_and_grad(flat)
    rng = np.random.default_rng(5)
    for index in rng.choice(problem.size, 12, replace=False):
        bump = np.zeros_like(flat)
        bump[index] = 1e-6
        plus, _ = problem.loss_and_grad(flat + bump)
        minus, _ = problem.loss_and_grad(flat - bump)
        # central differences: O(h^2) truncation, ~1e-10 rounding of the loss over 2h
        assert grad[index] == pytest.approx((plus - minus) / 2e-6, rel=1e-5, abs=1e-8)


def test_mlp_full_batch_is_deterministic_and_bad_input_is_named():
    a = mlp_ratios(30, batch=None)
    np.testing.assert_array_equal(a, mlp_ratios(30, batch=None))
    assert a.shape == (30, mlp_problem().size)
    with pytest.raises(TypeError, match="batch"):
        mlp_ratios(10, batch=2.5)
    with pytest.raises(ValueError, match="classes"):
        mlp_problem(classes=1)


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: studies.trust_region_evidence("huge"), ValueError, "scale"),
        (lambda: studies.first_t_above(0.9, 0.999, 3.0, horizon=0), ValueError, "horizon"),
        (lambda: studies.region_grid(1), ValueError, "n must"),
        (lambda: snr_run(beta1=(1.2,)), ValueError, "beta1"),
        (lambda: snr_run(noise="none"), ValueError, "noise"),
        (lambda: snr_run(steps=10), ValueError, "steps"),
        (lambda: scale_invariance([-1.0]), ValueError, "scales"),
        (lambda: scale_invariance([1.0], eps=-1e-8), ValueError, "eps"),
    ],
)
def test_studies_name_the_bad_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()


# ---------------------------------------------------------- scale invariance
@settings(max_examples=25, deadline=None)
@given(
    log_c=st.floats(-8, 8),
    # |g| above 1e-100: c g stays far from where g^2 underflows (tested separately)
    grads=st.lists(
        st.floats(-1e3, 1e3).filter(lambda x: x == 0 or abs(x) > 1e-100), min_size=1, max_size=30
    ),
    beta1=st.floats(0, 0.99),
    beta2=st.floats(0.5, 0.9999),
)
def test_eps_zero_step_is_scale_invariant(log_c, grads, beta1, beta2):
    c = 10.0**log_c
    g = np.array(grads)[:, None]
    opt = optim.adam(alpha=1.0, beta1=beta1, beta2=beta2, eps=0.0)
    state, scaled = opt.init(np.zeros(1)), opt.init(np.zeros(1))
    for gt in g:
        step, state = opt.update(gt, state)
        step_c, scaled = opt.update(c * gt, scaled)
        # |Delta| <= sup (<= ~1e2 here) and each is computed to a few ulps of that scale
        # relative to alpha; an element-wise relative bar would fail where m_t cancels
        assert abs(step_c[0] - step[0]) <= 1e-14 * max(1.0, abs(step[0]))


def test_eps_zero_invariance_over_sixteen_decades():
    run = scale_invariance(10.0 ** np.arange(-8, 9), steps=200)
    assert np.max(np.abs(run["steps"] - run["reference"][:, None])) <= 1e-14


def test_powers_of_two_are_bitwise_invariant():
    run = scale_invariance(2.0 ** np.arange(-20, 21, 5), steps=100)
    assert np.array_equal(
        run["steps"], np.broadcast_to(run["reference"][:, None], run["steps"].shape)
    )


@settings(max_examples=15, deadline=None)
@given(log_c=st.floats(-10, 6), log_eps=st.floats(-12, -4))
def test_eps_deviation_matches_the_formula(log_c, log_eps):
    run = scale_invariance([10.0**log_c], eps=10.0**log_eps, steps=60, dim=10)
    predicted = (1 - run["predicted_deviation"]) * run["reference"][:, None]
    # Delta(c) = Delta0 (1 - eps/(c sqrt(vhat) + eps)): exact algebra; float64 rounding
    # of a few ulps on a scale of alpha = 1 (|Delta| <= sup ~ 7 at the defaults)
    assert np.max(np.abs(run["steps"] - predicted)) <= 1e-14


def test_float64_edges_never_give_nan():
    with pytest.raises(FloatingPointError, match="overflow"):
        scale_invariance([1e155], steps=3)
    for c in (1e-156, 1e-170):
        assert not np.isnan(scale_invariance([c], eps=1e-8, steps=20)["steps"]).any()
    assert not np.isnan(scale_invariance([1e-156], eps=0.0, steps=20)["steps"]).any()
    with pytest.raises(FloatingPointError, match="underflow"):  # g^2 = 0 under m != 0
        scale_invariance([1e-170], eps=0.0, steps=3)


def test_underflow_threshold_is_5e_161_at_the_default_beta2():
    # (1 - beta2) g^2 rounds to 0 below half the smallest subnormal, 2.47e-324:
    # |g| < sqrt(2.47e-324 / 1e-3) = 4.97e-161
    threshold = math.sqrt(5e-324 / 2 / (1 - 0.999))
    assert threshold == pytest.approx(4.97e-161, rel=1e-2)
    opt = optim.adam(eps=0.0)
    opt.update(np.array([6e-161]), opt.init(np.zeros(1)))
    with pytest.raises(FloatingPointError):
        opt.update(np.array([4e-161]), opt.init(np.zeros(1)))
