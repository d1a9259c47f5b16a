"""Section 5: the SymPy derivations, the numerical limit and its rate, the closed-form
RMSProp difference, the rules' reachable verdicts, bad input and today's verdicts."""

import numpy as np
import pytest
import sympy as sp

from adamtheory import optim
from adamtheory.core.symbols import alpha, beta1, beta2, delta, g, i, is_zero, t, v
from adamtheory.paper.adagrad_rmsprop import checks, derivation, studies

# --- rules: every verdict reachable ----------------------------------------------------

ADAGRAD = {key: True for key in checks.SYMBOLIC_KEYS} | {
    "rate_corrected": 1.0002,
    "rate_uncorrected": -0.502,
    "one_minus_beta2_range": "1e-08..1e-03 (11 values)",
}


@pytest.mark.parametrize(
    "change, expected",
    [
        ({}, "verified"),
        ({"rate_corrected": 0.7}, "supported"),
        ({"rate_uncorrected": -0.3}, "supported"),
        ({"rate_corrected": -0.1}, "refuted"),  # Adam does not approach AdaGrad
        ({"rate_uncorrected": 0.5}, "refuted"),  # the correspondence would not break
        ({"step_is_adagrad": False}, "refuted"),
        ({"unrolled_limit_t1..4": False}, "refuted"),
    ],
)
def test_adagrad_limit_rule_reaches_every_verdict(change, expected):
    assert checks.adagrad_limit_rule(ADAGRAD | change).verdict == expected


RMSPROP = {
    "symbolic_residuals_zero_t1..4": True,
    "closed_form_relative_error": 6e-16,
    "max_gap_relative_to_adam_step": 0.9,
    "gap_when_v_constant_relative": 3e-16,
}


@pytest.mark.parametrize(
    "change, expected",
    [
        ({}, "verified"),
        ({"max_gap_relative_to_adam_step": 1e-16}, "refuted"),  # the two would coincide
        ({"closed_form_relative_error": 0.1}, "supported"),
        ({"symbolic_residuals_zero_t1..4": False}, "supported"),
        ({"gap_when_v_constant_relative": 0.2}, "supported"),
    ],
)
def test_rmsprop_relation_rule_reaches_every_verdict(change, expected):
    assert checks.rmsprop_relation_rule(RMSPROP | change).verdict == expected


# --- SymPy ----------------------------------------------------------------------------


def test_ema_weight_solves_the_recurrence():
    assert is_zero(derivation.ema_weight(beta2) - (1 - beta2) * beta2 ** (t - i))


def test_adagrad_limit_for_every_t():
    d = derivation.adagrad_limit()
    assert is_zero(d.weight_limit - 1 / t)
    assert is_zero(d.v_hat_limit - sp.Sum(g[i] ** 2, (i, 1, t)) / t)
    assert is_zero(d.adagrad_step + alpha * g[t] / sp.sqrt(sp.Sum(g[i] ** 2, (i, 1, t))))


def test_without_correction_v_vanishes_and_steps_blow_up():
    d = derivation.adagrad_limit()
    assert d.uncorrected_weight_limit == 0
    assert is_zero(d.uncorrected_step_ratio - 1 / sp.sqrt(1 - beta2**t))
    assert d.uncorrected_ratio_limit == sp.oo
    assert d.uncorrected_ratio_leading == 1  # ratio ~ 1/sqrt(t (1 - beta2))


@pytest.mark.parametrize("T", [1, 2, 3, 5])
def test_limit_of_the_unrolled_definition(T):
    v_hat = derivation.unrolled_v_hat(T).subs(beta2, 1 - delta)
    assert is_zero(sp.limit(v_hat, delta, 0, "+") - sum(g[k] ** 2 for k in range(1, T + 1)) / T)
    v_raw = derivation.unrolled_v_hat(T, bias_correction=False).subs(beta2, 1 - delta)
    assert sp.limit(v_raw, delta, 0, "+") == 0


@pytest.mark.parametrize("T", [1, 2, 3, 4])
def test_rmsprop_difference_closed_form(T):
    r = derivation.rmsprop_relation(T)
    assert r.residual == 0
    assert is_zero(r.difference - r.closed_form)


def test_rmsprop_difference_after_two_gradients():
    r = derivation.rmsprop_relation(2)
    expected = alpha * beta1 * (1 - beta1) * g[1] * (1 / sp.sqrt(v[1]) - 1 / sp.sqrt(v[2]))
    assert is_zero(r.difference - expected)
    assert is_zero(r.difference.subs(v[2], v[1])) and is_zero(r.difference.subs(beta1, 0))
    # v_1 = v_2 means g_2^2 = (1 - beta2) g_1^2
    assert is_zero(r.difference_in_gradients.subs({g[1]: 2, g[2]: 2 * sp.sqrt(1 - beta2)}))


# --- numerics -------------------------------------------------------------------------


def test_adagrad_limit_rates():
    corrected = studies.adagrad_limit_study()
    uncorrected = studies.adagrad_limit_study(bias_correction=False)
    # theory 1 and -1/2, with a second-order term <= T (1-beta2) = 0.2 (measured 1.0002, -0.502)
    assert corrected.fit.rate == pytest.approx(1.0, abs=0.05)
    assert uncorrected.fit.rate == pytest.approx(-0.5, abs=0.05)
    assert corrected.distance.max() < 1e-2 < 1 < uncorrected.distance.min()


def test_adagrad_limit_rows_are_independent():
    grid = np.array([1e-6, 1e-5, 1e-4])
    both = studies.adagrad_limit_study(grid, T=50)
    alone = [studies.adagrad_limit_study([x, 0.25, 0.5], T=50).distance[0] for x in grid]
    np.testing.assert_allclose(both.distance, alone, rtol=1e-12)


def test_pointwise_step_ratio_against_a_step_by_step_loop():
    ratio = studies.pointwise_step_ratio(300, [1e-2, 1e-3])
    from adamtheory.problems.quadratic import noisy_quadratic

    problem = noisy_quadratic(300)
    path = problem.run(optim.adagrad(alpha=0.1, eps=0.0), np.zeros(4))
    grads = problem.curvature * (path[:-1] - problem.optimum) + problem.noise
    for k, gap in enumerate([1e-2, 1e-3]):
        vt, total = np.zeros(4), np.zeros(4)
        for step, grad in enumerate(grads, start=1):
            vt = (1 - gap) * vt + gap * grad**2
            total += grad**2
            expected = np.abs(np.sqrt((total / step) / (vt / (1 - (1 - gap) ** step))) - 1).max()
            assert ratio[step - 1, k] == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_rmsprop_relation_steps_match_the_closed_form():
    grads = np.random.default_rng(3).normal(size=(40, 5, 3))
    adam, rms, closed = studies.rmsprop_relation_steps(grads, alpha=0.01)
    scale = np.abs(adam).max()
    np.testing.assert_allclose(adam - rms, closed, atol=1e-13 * scale)  # rounding only
    assert np.abs(adam - rms).max() > 0.1 * scale
    np.testing.assert_allclose(adam[0], rms[0], rtol=1e-14)  # one gradient: identical


def test_rmsprop_relation_zero_gradients_give_zero_closed_form():
    adam, rms, closed = studies.rmsprop_relation_steps(np.zeros((5, 2)))
    assert np.all(adam == 0) and np.all(rms == 0) and np.all(closed == 0)


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, error, name",
    [
        (lambda: derivation.unrolled_v_hat(0), ValueError, "T"),
        (lambda: derivation.unrolled_v_hat(2.0), TypeError, "T"),
        (lambda: derivation.unrolled_v_hat(2, bias_correction="no"), TypeError, "bias"),
        (lambda: derivation.rmsprop_relation(-1), ValueError, "T"),
        (lambda: derivation.rmsprop_relation(True), TypeError, "T"),
        (lambda: derivation.ema_weight("beta"), TypeError, "beta"),
        (lambda: studies.adagrad_limit_study([1.5, 0.1]), ValueError, "one_minus_beta2"),
        (lambda: studies.adagrad_limit_study([0.1]), ValueError, "one_minus_beta2"),
        (lambda: studies.adagrad_limit_study(bias_correction="no"), TypeError, "bias"),
        (lambda: studies.adagrad_limit_study(T=0), ValueError, "T"),
        (lambda: studies.pointwise_step_ratio(10, [0.0]), ValueError, "one_minus_beta2"),
        (lambda: studies.rmsprop_relation_steps("x"), TypeError, "grads"),
        (lambda: studies.rmsprop_relation_steps(np.ones((0, 2))), ValueError, "grads"),
        (lambda: studies.rmsprop_relation_steps(np.ones((3, 2)), beta1=1.0), ValueError, "beta1"),
        (lambda: studies.rmsprop_relation_steps(np.ones((3, 2)), alpha=0), ValueError, "alpha"),
        (lambda: studies.adagrad_limit_evidence("huge"), ValueError, "scale"),
        (lambda: studies.rmsprop_relation_evidence(None), TypeError, "scale"),
    ],
)
def test_bad_input_names_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()


# --- today's verdicts -----------------------------------------------------------------


@pytest.mark.parametrize("claim_id", ["sec5-adagrad-limit", "sec5-rmsprop-relation"])
def test_verdicts(ledger, claim_id):
    assert ledger[claim_id].verdict == "verified"
