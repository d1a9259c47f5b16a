"""Section 7.1: the squeeze and the no-correction derivations, the closed form of u_t,
the startup bias against exact quadrature, the rules' reachable verdicts, bad input and
today's verdicts."""

import numpy as np
import pytest
import sympy as sp
from scipy import integrate, special

from adamtheory.core.symbols import beta2, c, g, i, is_zero, p, t
from adamtheory.paper.adamax import checks, derivation, studies

# --- rules: every verdict reachable ----------------------------------------------------

LIMIT = {
    "symbolic_squeeze_ok": True,
    "symbolic_recursion_ok": True,
    "recursion_vs_closed_form_max_rel_gap": 2e-15,
    "p": [1.0, 64.0],
    "distance": [0.9, 0.038],
    "distance_decreasing": True,
    "rate": -1.02,
    "fit_range": "p = 4..64 (4 values)",
}


@pytest.mark.parametrize(
    "change, expected",
    [
        ({}, "verified"),
        ({"rate": -0.3}, "supported"),
        ({"rate": -2.5}, "supported"),
        ({"rate": 0.2, "distance_decreasing": False}, "refuted"),
        ({"distance_decreasing": False}, "refuted"),
        ({"symbolic_squeeze_ok": False}, "refuted"),
        ({"recursion_vs_closed_form_max_rel_gap": 1e-3}, "refuted"),
    ],
)
def test_adamax_limit_rule_reaches_every_verdict(change, expected):
    assert checks.adamax_limit_rule(LIMIT | change).verdict == expected


NO_CORRECTION = {
    "correction_limit_is_1": True,
    "constant_gradient_u_is_|c|": True,
    "first_step_u_is_|g_1|": True,
    "constant_magnitude_u_gap": 0.0,
    "noisy_u_ratio_t1": 0.29,
    "noisy_u_ratio_t10": 0.68,
    "noisy_u_ratio_t100": 0.95,
    "noisy_u_steps_to_0.95": 96,
    "adam_corrected_ratio_t1": 0.80,
    "adam_uncorrected_ratio_t1": 0.025,
}


@pytest.mark.parametrize(
    "change, expected",
    [
        ({}, "qualified"),
        ({"noisy_u_ratio_t1": 0.79}, "verified"),  # as calibrated as corrected Adam
        ({"noisy_u_ratio_t1": 0.03}, "refuted"),  # as biased as uncorrected Adam
        ({"constant_magnitude_u_gap": 0.5}, "refuted"),  # the zero start enters u_t
        ({"correction_limit_is_1": False}, "refuted"),
    ],
)
def test_adamax_no_correction_rule_reaches_every_verdict(change, expected):
    assert checks.adamax_no_correction_rule(NO_CORRECTION | change).verdict == expected


# --- SymPy ----------------------------------------------------------------------------


def test_lp_weight_by_induction_and_unrolling():
    assert derivation.lp_weight_induction() == (0, 0)
    assert all(derivation.unrolled_lp_moment(T) == 0 for T in (1, 2, 3, 4))


def test_adamax_squeeze_for_every_t():
    d = derivation.adamax_limit()
    assert is_zero(d.lp_weight - (1 - beta2**p) * beta2 ** (p * (t - i)))
    assert d.decay_root_limit == 1 and d.factorisation_residual == 0
    assert d.term_bound and d.root_increasing
    assert d.terms_count == t  # t symbolic: the squeeze is not a special case
    assert d.lower_limit == 1 and d.upper_limit == 1
    assert d.recursion_residual == 0


def test_adamax_needs_no_correction_for_the_zero_start():
    d = derivation.adamax_no_correction()
    assert d.lp_correction_limit == 1
    assert d.constant_gradient_residual == 0
    assert is_zero(d.constant_gradient_moment - sp.Abs(c) ** p * (1 - beta2 ** (p * t)))
    assert is_zero(d.constant_gradient_u - sp.Abs(c))
    assert is_zero(d.first_step_u - sp.Abs(g[1]))


# --- numerics -------------------------------------------------------------------------


def test_u_closed_form_against_the_recursion_loop():
    grads = np.random.default_rng(1).standard_cauchy(size=(300, 5))
    grads[3:9, 1] = 0.0  # zero gradients: log 0 = -inf inside, no warning outside
    u, expected = np.zeros(5), []
    for grad in grads:
        u = np.maximum(0.99 * u, np.abs(grad))
        expected.append(u)
    np.testing.assert_allclose(studies.u_closed_form(grads, 0.99), expected, rtol=1e-12)


def exact_mean_u(t, beta2=0.999):
    """E[u_t] for N(0,1) gradients by quadrature: P(u_t <= x) = prod_{k<t} P(|g| <= x beta2^-k)."""
    k = np.arange(t)

    def tail(x):
        return 1.0 - np.prod(special.erf(x * beta2**-k / np.sqrt(2)))

    return integrate.quad(tail, 0, 12, limit=200)[0]


def test_startup_bias_against_quadrature():
    bias = studies.startup_bias()
    u_inf = exact_mean_u(8000)  # beta2^8000 = 3e-4: stationary to far below the MC error
    for t_ in (1, 10, 100):
        mc = bias.adamax_u[t_ - 1]
        exact = exact_mean_u(t_) / u_inf
        # 4 Monte Carlo standard errors (se ~0.007 at t = 1, smaller later); the
        # stationary denominator adds ~0.2 %
        assert mc == pytest.approx(exact, abs=4 * bias.u1_standard_error + 0.005)
    assert exact_mean_u(1) == pytest.approx(np.sqrt(2 / np.pi), rel=1e-8)  # E|g|


def test_startup_bias_adam_ratios():
    bias = studies.startup_bias(T=4000, paths=500, beta2=0.99)
    # uncorrected: sqrt(v_1) = sqrt(1 - beta2) |g_1|, so its ratio is sqrt(1 - beta2) times
    # the corrected one exactly, path by path
    assert bias.adam_uncorrected[0] == pytest.approx(np.sqrt(0.01) * bias.adam_corrected[0])
    assert bias.adam_corrected[-1] == pytest.approx(1.0, abs=0.02)


def test_adamax_limit_rate():
    study = studies.adamax_limit_study()
    assert np.all(np.diff(study.distance) < 0)
    assert checks.RATE_BAND[0] < study.fit.rate < checks.RATE_BAND[1]


def test_adamax_limit_study_large_p_meets_adamax():
    study = studies.adamax_limit_study([4.0, 8.0, 1e5], T=50)
    assert study.distance[2] < 1e-4  # t^(1/p) - 1 <= log(50)/1e5


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, error, name",
    [
        (lambda: derivation.unrolled_lp_moment(0), ValueError, "T"),
        (lambda: studies.adamax_limit_study([0.5, 2]), ValueError, "ps"),
        (lambda: studies.adamax_limit_study([1, 2]), ValueError, "fit_from"),
        (lambda: studies.adamax_limit_study(["a"]), TypeError, "ps"),
        (lambda: studies.u_closed_form("x"), TypeError, "grads"),
        (lambda: studies.u_closed_form([[1.0]], beta2=1.0), ValueError, "beta2"),
        (lambda: studies.startup_bias(T=2), ValueError, "T"),
        (lambda: studies.startup_bias(paths=1.5), TypeError, "paths"),
        (lambda: studies.startup_bias(T=10**6), ValueError, "T"),
        (lambda: studies.adamax_limit_evidence("x"), ValueError, "scale"),
        (lambda: studies.adamax_no_correction_evidence("x"), ValueError, "scale"),
    ],
)
def test_bad_input_names_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()


# --- today's verdicts -----------------------------------------------------------------


@pytest.mark.parametrize(
    "claim_id, expected",
    [("sec7.1-adamax-limit", "verified"), ("sec7.1-adamax-no-correction", "qualified")],
)
def test_verdicts(ledger, claim_id, expected):
    assert ledger[claim_id].verdict == expected
