"""Section 4 and the Appendix: the rules reach every verdict, the mathematics against
independent references, the bad inputs, and today's verdicts through the shared ledger."""

import copy

import numpy as np
import pytest
from scipy import special

from adamtheory.paper.regret import checks, sparse, studies, theorem
from adamtheory.paper.regret.lemmas import (
    adam_moment_sequences,
    harmonic,
    lemma103_sides,
    lemma104_corrected_rhs,
    lemma104_sides,
)

# ----------------------------------------------------------------------------- hand-made evidence

THM = {
    "walls_max_ratio": 2.77, "walls_first_T_over": 1500,
    "decaying_max_ratio": 1.2, "decaying_first_T_over": 4782,
    "iterate_D_max_ratio": 48.0, "iterate_D_T_at_max_ratio": 1000,
    "iterate_D_diameter": 0.06, "benign_violations_with_theta*": 0,
    "benign_max_ratio_with_theta*": 0.045, "benign_configurations": 96,
    "reddi_first_T_over": 1179, "reddi_over_from_T": 7673,
}  # fmt: skip
THM_HOLDS = THM | {
    "walls_max_ratio": 0.9, "walls_first_T_over": 0, "decaying_max_ratio": 0.5,
    "decaying_first_T_over": 0, "iterate_D_max_ratio": 0.04,
}  # fmt: skip
COR = {
    "walls_exponent": 0.99, "walls_exponent_CI95": [0.986, 0.993], "walls_R_over_T": 0.669,
    "walls_T": 10**4, "reddi_exponent": 0.99, "benign_exponent_mean": 0.49,
}  # fmt: skip
L103 = {
    "witness_1_lhs_rhs": [0.1, 0.02], "witness_2_lhs_rhs": [5.19, 4.56],
    "random_violations": 519, "random_tested": 960, "holds_iff": "G_inf >= sqrt(H_T)/2",
    "corrected_worst_ratio": 1.0,
}  # fmt: skip
L104 = {
    "witness_statement_lhs_rhs": [5.18, 4.58], "witness_proof_form_lhs_rhs": [5e-5, 5.6e-7],
    "random_statement_violations": 16, "random_tested": 960,
    "corrected_worst_ratio_random": 0.99, "search_max_ratio_b1_0_b2_0.1": 0.94,
}  # fmt: skip
SPARSE = {
    "factor_a2_slope_adaptive": 0.20, "factor_a2_slope_closed_form": 0.20,
    "factor_a1.5_slope_adaptive": 0.35, "factor_a2_slope_ogd": 0.51, "factor_T": 10**6,
    "factor_a2_realized_over_closed_min": 0.99, "adagrad_max_ratio_to_bound_in_d": 0.37,
    "in_T_adagrad_max_ratio_to_bound": 0.2, "in_T_T": [250, 2000],
    "in_T_AdaGrad_exponent": 0.75, "in_T_Adam_exponent": 0.75, "in_T_OGD_exponent": 0.9,
    "theorem41_witness_first_T_over": 1500, "a2_regret_slope_OGD": 0.04,
    "a2_adaptive_over_OGD_at_dmax": 0.98,
}  # fmt: skip
SPARSE_CLEAN = SPARSE | {
    "factor_a1.5_slope_adaptive": 0.2, "theorem41_witness_first_T_over": 0,
    "a2_regret_slope_OGD": 0.5,
}  # fmt: skip


@pytest.mark.parametrize(
    "rule, evidence, expected",
    [
        (checks.theorem41_rule, THM, "refuted"),
        (checks.theorem41_rule, THM_HOLDS, "supported"),
        (checks.theorem41_rule, THM_HOLDS | {"benign_violations_with_theta*": 1}, "refuted"),
        (checks.theorem41_rule, THM_HOLDS | {"iterate_D_max_ratio": 1.5}, "refuted"),
        # the projected variant alone does not decide (Algorithm 1 has no projection)
        (checks.theorem41_rule, THM_HOLDS | {"reddi_first_T_over": 5}, "supported"),
        (checks.corollary42_rule, COR, "refuted"),
        (checks.corollary42_rule, COR | {"walls_exponent_CI95": [0.45, 0.55]}, "supported"),
        (checks.corollary42_rule, COR | {"walls_exponent_CI95": [0.51, 0.6]}, "refuted"),
        (checks.lemma103_rule, L103, "refuted"),
        (
            checks.lemma103_rule,
            L103
            | {
                "witness_1_lhs_rhs": [0.1, 0.2],
                "witness_2_lhs_rhs": [4.0, 4.5],
                "random_violations": 0,
            },
            "supported",
        ),  # fmt: skip
        (checks.lemma104_rule, L104, "refuted"),
        (
            checks.lemma104_rule,
            L104
            | {
                "witness_statement_lhs_rhs": [4.0, 4.5],
                "random_statement_violations": 0,
                "witness_proof_form_lhs_rhs": [1.0, 2.0],
            },
            "supported",
        ),  # fmt: skip
        (checks.sparse_log_d_rule, SPARSE, "qualified"),
        (checks.sparse_log_d_rule, SPARSE_CLEAN, "supported"),
        (checks.sparse_log_d_rule, SPARSE | {"factor_a2_slope_adaptive": 0.35}, "refuted"),
        (checks.sparse_log_d_rule, SPARSE | {"factor_a2_slope_ogd": 0.2}, "refuted"),
        (checks.sparse_log_d_rule, SPARSE | {"in_T_adagrad_max_ratio_to_bound": 1.1}, "refuted"),
        (
            checks.sparse_log_d_rule,
            SPARSE_CLEAN | {"factor_a2_realized_over_closed_min": 0.6},
            "qualified",
        ),
    ],
)
def test_each_rule_reaches_each_of_its_verdicts(rule, evidence, expected):
    before = copy.deepcopy(evidence)
    assert rule(evidence).verdict == expected
    assert evidence == before  # pure: the record is not touched


def test_every_claim_of_the_part_has_a_check():
    assert set(checks.CHECKS) == {
        "thm4.1-regret-bound",
        "cor4.2-average-regret",
        "lemma10.3",
        "lemma10.4",
        "sec4-sparse-log-d",
    }


# ----------------------------------------------------------------------------- mathematics


def test_harmonic_numbers_against_scipy_digamma():
    T = np.array([1, 2, 4, 999, 1000, 1001, 5000, 10**6])
    # H_T = digamma(T + 1) + Euler's gamma: an independent closed form
    assert np.allclose(harmonic(T), special.digamma(T + 1.0) + np.euler_gamma, rtol=1e-13)
    assert harmonic(10**20) == pytest.approx(np.log(1e20) + np.euler_gamma, rel=1e-15)


@pytest.mark.parametrize("bad, error", [(0, ValueError), (-3, ValueError), (2.5, TypeError),
                                        (True, TypeError), ("4", TypeError)])  # fmt: skip
def test_harmonic_rejects_what_is_not_a_step_count(bad, error):
    with pytest.raises(error, match="T"):
        harmonic(bad)


def test_lemma103_witnesses_and_sharp_corrected_form():
    one = lemma103_sides(np.array([0.1]))  # sides scale as c and c^2
    assert one.lhs == pytest.approx(0.1) and one.rhs == pytest.approx(0.02)
    g = 1 / np.sqrt(np.arange(1, 101))  # equality case of Cauchy-Schwarz
    sides = lemma103_sides(g)
    assert sides.lhs > sides.rhs
    assert sides.lhs == pytest.approx(sides.rhs_corrected, rel=1e-12)
    rng = np.random.default_rng(0)
    random = lemma103_sides(rng.standard_normal((500, 50)) * rng.exponential(size=(500, 1)))
    assert np.all(random.lhs <= random.rhs_corrected * (1 + 1e-12))


def test_moments_match_algorithm1_by_hand_and_a_loop():
    m_hat, v_hat = adam_moment_sequences(np.array([1.0, 3.0]), 0.5, 0.5)
    # m = 0.5, 0.25 + 1.5 = 1.75; m_hat = 1, 1.75/0.75; v = 0.5, 0.25 + 4.5; v_hat = 1, 4.75/0.75
    assert np.allclose(m_hat, [1.0, 1.75 / 0.75]) and np.allclose(v_hat, [1.0, 4.75 / 0.75])
    g = np.random.default_rng(3).standard_normal((2, 3, 7))
    b1 = np.array([[0.0], [0.9]])
    m_hat, v_hat = adam_moment_sequences(g, b1, 0.99)
    for k in range(2):  # an independent loop, written differently
        m = v = 0.0
        for t in range(7):
            m = b1[k, 0] * m + (1 - b1[k, 0]) * g[k, :, t]
            v = 0.99 * v + 0.01 * g[k, :, t] ** 2
            assert np.allclose(m_hat[k, :, t], m / (1 - b1[k, 0] ** (t + 1)))
            assert np.allclose(v_hat[k, :, t], v / (1 - 0.99 ** (t + 1)))


def test_lemma104_one_round_by_hand():
    # T = 1: m_hat = g, v_hat = g^2, LHS = |g|; statement RHS = 2|g| / ((1-gamma) sqrt(1-beta2))
    sides = lemma104_sides(np.array([-0.3]), 0.5, 0.64)
    gamma = 0.25 / 0.8
    assert sides.lhs == pytest.approx(0.3)
    assert sides.rhs == pytest.approx(2 * 0.3 / ((1 - gamma) * 0.6))
    assert sides.rhs_proof == pytest.approx(2 * 0.3 * 0.3 / ((1 - gamma) ** 2 * 0.6))


def test_lemma104_statement_fails_and_corrected_form_holds():
    witness = lemma104_sides(1 / np.sqrt(np.arange(1, 101)), 0.0, 0.01)
    assert witness.lhs > witness.rhs
    rng = np.random.default_rng(1)
    seqs = rng.standard_normal((200, 60)) * (rng.random((200, 60)) < 0.3)
    for b1, b2 in [(0.0, 0.01), (0.5, 0.5), (0.9, 0.999)]:
        sides = lemma104_sides(seqs, b1, b2)
        assert np.all(sides.lhs <= sides.rhs_corrected * (1 + 1e-12))
    assert np.isinf(lemma104_corrected_rhs(np.ones(3), 0.9, 0.5))  # beta1 >= sqrt(beta2)


def test_lemma104_proofs_second_invalid_step():
    # sum_{j=0}^{T-t} t gamma^j = t (1 - gamma^(T-t+1)) / (1 - gamma): not <= 1/(1-gamma)^2
    T, gamma = 50, 0.3
    for t in (2, 10, 40):
        total = sum(t * gamma**j for j in range(T - t + 1))
        assert total == pytest.approx(t * (1 - gamma ** (T - t + 1)) / (1 - gamma))
        assert total > 1 / (1 - gamma) ** 2


@pytest.mark.parametrize(
    "call",
    [
        lambda: lemma103_sides(np.ones(3), G_inf=-1.0),
        lambda: lemma103_sides(np.ones(3), G_inf=0.5),  # does not bound the gradients
        lambda: lemma103_sides(np.array([])),
        lambda: lemma103_sides(np.array([1.0, np.nan])),
        lambda: lemma104_sides(np.ones(3), 1.5, 0.9),
        lambda: lemma104_sides(np.ones(3), 0.9, 0.5),  # gamma >= 1
        lambda: lemma104_sides(np.zeros((2, 0)), 0.9, 0.999),
        lambda: studies.lemma104_search(0, 0.0, 0.1),
        lambda: studies.theorem41_evidence("huge"),
    ],
)
def test_bad_inputs_raise_named_errors(call):
    with pytest.raises((ValueError, TypeError)):
        call()


def test_lemma_errors_name_the_argument():
    with pytest.raises(ValueError, match="G_inf"):
        lemma103_sides(np.ones(3), G_inf=-1)
    with pytest.raises(ValueError, match="beta1"):
        lemma104_sides(np.ones(3), 1.5, 0.9)
    with pytest.raises(ValueError, match="g must"):
        lemma104_sides(np.zeros(0), 0.9, 0.999)


def test_reddi_witness_parks_at_one_and_rhs_is_the_online_copy():
    w = theorem.reddi_witness(3000)
    assert w["theta_T"] > 0.99  # parked at +1 while x* = -1
    assert abs(w["R_over_T"] - 2 / 3) < 0.01  # (C - 2)(x + 1)/3 = 2/3 per round
    assert w["first_T_over"] == 1179  # measured; the bound fails first here (alpha = 0.1)


def test_exceedance_reports_first_and_lasting_crossings():
    ts = np.arange(1, 7)
    R = np.array([0, 2, 0, 2, 2, 2.0])
    assert theorem.exceedance(ts, R, np.ones(6)) == (2, 4)
    assert theorem.exceedance(ts, np.zeros(6), np.ones(6)) == (0, 0)
    assert theorem.exceedance(ts, R[::-1] * 0 + np.array([0, 2, 0, 0, 0, 0.0]), np.ones(6)) == (
        2,
        0,
    )


# ----------------------------------------------------------------------------- today's verdicts


@pytest.mark.parametrize(
    "claim_id, expected",
    [
        ("thm4.1-regret-bound", "refuted"),
        ("cor4.2-average-regret", "refuted"),
        ("lemma10.3", "refuted"),
        ("lemma10.4", "refuted"),
        ("sec4-sparse-log-d", "qualified"),
    ],
)
def test_verdicts(ledger, claim_id, expected):
    assert ledger[claim_id].verdict == expected, ledger[claim_id]


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: theorem.reddi_witness(0), ValueError),
        (lambda: theorem.reddi_witness(True), TypeError),
        (lambda: theorem.walled_witnesses(100, 1.5), ValueError),
        (lambda: theorem.walled_witnesses(100, 0.3, 0.0), ValueError),
        (lambda: theorem.iterate_d_witness(2.5), TypeError),
        (lambda: theorem.benign_regret_curve(100, batch=1), ValueError),
        (lambda: theorem.exceedance(np.arange(1, 4), np.ones(3), np.ones(2)), ValueError),
        (lambda: sparse.adagrad_bound(-1.0, 3.0), ValueError),
        (lambda: sparse.bound_factors(0, (10,), 1), ValueError),
        (lambda: sparse.regrets_in_t((500, 250, 1000), 10, 2.0, 1, 0), ValueError),
    ],
)
def test_the_parts_run_functions_reject_bad_arguments(call, error):
    with pytest.raises(error):
        call()


def test_adagrad_bound_by_hand():
    # (D_inf^2/(2 alpha) + alpha) * factor with D_inf = 2, alpha = 1: (2 + 1) * 5
    assert sparse.adagrad_bound(1.0, 5.0, eps=0.0) == pytest.approx(15.0)
