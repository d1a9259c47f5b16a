"""Notebook 09's part: Reddi et al.'s Theorems 1-3, AMSGrad's Theorem 4, Zhang et al.'s
phase diagram. (a) every rule reaches every verdict it can give, from hand-made records;
(b) the studies' mathematics against independent references (plain loops, the optimizer's
own ``update``, closed forms); (c) today's verdicts through the session's ledger run;
(d) bad input raises errors that name the argument."""

import math

import numpy as np
import pytest
import sympy as sp

from adamtheory import online, optim
from adamtheory import problems as ce
from adamtheory.optim import schedules
from adamtheory.paper.failures import amsgrad, checks, derivation, phases, proof, studies

IDS = ["reddi-thm1", "reddi-thm2", "reddi-thm3", "amsgrad-regret", "zhang-phase-diagram"]

# ----------------------------------------------------------------------------- (a) rules


def _thm1(adam_frac=1.0, amsgrad_frac=0.0):
    ev = {"T": 10**5, "beta1": 0.0, "beta2": 0.1, "tail_period_starts": 3334,
          "forced_average_regret": 2 / 3, "adam_bc_eps_average_regret": 0.667,
          "amsgrad_at_plus_one": amsgrad_frac, "amsgrad_average_regret": 0.0158}  # fmt: skip
    for k in ("adam", "adam_bc", "adam_bc_eps"):
        ev[f"{k}_at_plus_one"] = adam_frac
    return ev


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (_thm1(), "supported"),
        (_thm1(adam_frac=0.999), "refuted"),  # one period start below +1
        (_thm1(adam_frac=0.0, amsgrad_frac=0.0), "refuted"),  # AMSGrad's record as Adam's
    ],
)
def test_reddi_thm1_rule_reaches_both_verdicts(record, expected):
    assert checks.reddi_thm1_rule(record).verdict == expected


def _thm2(adam, amsgrad=(0.0, 0.0, 0.0)):
    return {"T": 10**5, "pairs": ["(0, 0.1)", "(0.5, 0.9)", "(0.7, 0.6)"], "C": [6, 204, 30],
            "adam_at_plus_one": list(adam), "amsgrad_at_plus_one": list(amsgrad),
            "amsgrad_x_max": [-0.8, 0.77, 0.82], "adam_average_regret": [0.334, 0.0135, 0.0674],
            "forced_average_regret": [1 / 3, 1 / 102, 1 / 15]}  # fmt: skip


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (_thm2([1.0, 1.0, 1.0]), "supported"),
        (_thm2([1.0, 0.5, 1.0]), "refuted"),
        # issue 10 item 1: AMSGrad's numbers fed as Adam's must not pass (they did with R/T)
        (_thm2([0.0, 0.0, 0.0]), "refuted"),
    ],
)
def test_reddi_thm2_rule_reaches_both_verdicts(record, expected):
    assert checks.reddi_thm2_rule(record).verdict == expected


@pytest.mark.parametrize(
    ("adam", "expected"), [((1.99, 1.99), "supported"), ((1.99, 0.4), "refuted")]
)
def test_reddi_thm3_rule_reaches_both_verdicts(adam, expected):
    record = {"delta": 1.0, "T": 2 * 10**5, "seeds": 4, "adam_expected_gap": list(adam),
              "amsgrad_expected_gap": [2e-4, 2e-4]}  # fmt: skip
    assert checks.reddi_thm3_rule(record).verdict == expected


@pytest.mark.parametrize(
    ("ratios", "rates", "expected"),
    [
        ((0.18, 0.19, 0.0018), (0.01, 0.11, 0.86), "supported"),  # slope 0.86 does not refute
        ((0.18, 1.02, 0.0018), (0.01, 0.11, 0.2), "refuted"),  # the bound broken does
    ],
)
def test_amsgrad_rule_is_decided_by_the_bound_not_the_slope(ratios, rates, expected):
    record = {"T": 10**6, "problems": ["a", "b", "c"], "max_ratio": list(ratios),
              "rate_last_two_decades": list(rates)}  # fmt: skip
    assert checks.amsgrad_regret_rule(record).verdict == expected


def _zhang(top=1.0, bottom=1.0, drop=0.0, boundary=(1.4, 1.45)):
    ev = {"checkpoints": [10**4, 10**5], "grid": "40x40"}
    for s in ("shuffle", "replacement"):
        ev |= {f"{s}_converge_top": [0.5, top], f"{s}_diverge_bottom": [1.0, bottom],
               f"{s}_profile_drop": [1.0, drop], f"{s}_boundary": list(boundary)}  # fmt: skip
    return ev


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (_zhang(), "supported"),
        (_zhang(top=0.0), "refuted"),  # large beta2 does not converge
        (_zhang(bottom=0.2), "refuted"),  # small beta2 does not diverge
        (_zhang(drop=1.0), "qualified"),  # the shuffle at T = 10^4: 0 monotone rows
        (_zhang(boundary=(1.4, 2.4)), "supported"),  # the boundary's move is reported only
    ],
)
def test_zhang_rule_reaches_every_verdict(record, expected):
    assert checks.zhang_phase_diagram_rule(record).verdict == expected


def test_checks_table_names_the_five_claims_and_thresholds_are_documented():
    assert list(checks.CHECKS) == IDS
    for name in ("AT_PLUS_ONE", "CONVERGE_TOP_MIN", "DIVERGE_BOTTOM_MIN", "PROFILE_DROP_MAX"):
        assert getattr(checks, name) is not None


# ----------------------------------------------------------------------------- (b) mathematics


def test_theorem1_cycle_matches_a_plain_recursion():
    """SymPy's stationary v_1, v_2, v_3 against 300 periods of v = b v + (1-b) g^2 in a loop."""
    C, b2 = 3.0, 0.1
    vv, seen = 0.0, []
    for k in range(900):
        vv = b2 * vv + (1 - b2) * (C * C if k % 3 == 0 else 1.0)
        seen.append(vv)
    cycle = derivation.theorem1_cycle()
    for j in (1, 2, 3):
        assert float(cycle[derivation.v[j]].subs(derivation.c, C)) == pytest.approx(seen[-4 + j])


def test_theorem1_drift_signs_for_every_c_above_2():
    adam, ams = derivation.theorem1_drift()
    for C in (2.01, 3, 10, 1000):
        assert float(adam.subs(derivation.c, C)) > 0 > float(ams.subs(derivation.c, C))


def test_period_regret_and_middle_term():
    assert derivation.period_regret_at_plus_one(derivation.c) == 2  # Theorem 2: P = C
    assert derivation.period_regret_at_plus_one(3) == 2 * derivation.c - 4
    assert derivation.amsgrad_middle_term_growth() == sp.Rational(
        2, 3
    ) * derivation.t ** sp.Rational(3, 2)


def test_period_start_witness_forces_the_regret_bound():
    """x = +1 at every tail period start implies R/T >= 2/C on the tail: check it on a run."""
    problem = ce.reddi_theorem2(0.5, 0.9)
    opts = studies.adam_variants(0.5, 0.9)
    adam = studies.period_start_iterates(opts["adam"], problem, 50_000)
    ams = studies.period_start_iterates(opts["amsgrad"], problem, 50_000)
    assert adam["at_plus_one"] == 1.0 and adam["average_regret"] >= problem.parked_regret(1.0)
    assert ams["at_plus_one"] == 0.0 and ams["x_max"] < 0.9


def _reference_iterates(opt, problem, T):
    """A plain loop of opt.update with the projection, the iterate at every round."""
    x, state, xs = np.array([1.0]), opt.init(np.array([1.0])), []
    for t in range(1, T + 1):
        xs.append(x[0])
        step, state = opt.update(problem.grad(t, x[None])[0], state)
        x = np.clip(x + step, -1, 1)
    return np.array(xs)


def test_period_start_iterates_agree_with_a_reference_loop():
    problem = ce.reddi_theorem2(0.0, 0.1)
    for name, opt in studies.adam_variants(0.0, 0.1).items():
        xs = _reference_iterates(opt, problem, 600)
        got = studies.period_start_iterates(opt, problem, 600)
        starts = np.arange(1, 601, problem.period)
        expected = xs[starts[starts > 540] - 1]
        np.testing.assert_allclose(got["x_starts"], expected, atol=1e-12, err_msg=name)


def test_amsgrad_bound_matches_a_term_by_term_loop():
    rng = np.random.default_rng(1)
    g = rng.normal(size=50)
    b1, b2, a, D = 0.5, 0.9, 0.3, 2.0
    vv, vmax, acc_mid, acc_g2, expected = 0.0, 0.0, 0.0, 0.0, []
    for t in range(1, 51):
        vv = b2 * vv + (1 - b2) * g[t - 1] ** 2
        vmax = max(vmax, vv)
        acc_mid += b1 * math.sqrt(vmax) / (a / math.sqrt(t))
        acc_g2 += g[t - 1] ** 2
        gam = b1 / math.sqrt(b2)
        expected.append(
            D**2 * math.sqrt(t) * math.sqrt(vmax) / (a * (1 - b1))
            + D**2 / (2 * (1 - b1)) * acc_mid
            + a * math.sqrt(1 + math.log(t)) * math.sqrt(acc_g2) / ((1 - b1) ** 2 * (1 - gam) * math.sqrt(1 - b2))
        )  # fmt: skip
    v_max = np.maximum.accumulate(
        np.array([sum((1 - b2) * b2 ** (t - s) * g[s - 1] ** 2 for s in range(1, t + 1)) for t in range(1, 51)])
    )  # fmt: skip
    got = amsgrad.amsgrad_bound(v_max, g * g, D_inf=D, alpha=a, beta1=b1, beta2=b2)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_amsgrad_case_holds_its_bound_on_the_section5_problem():
    case = amsgrad.amsgrad_case(ce.reddi_synthetic(), 0.9, 0.99, 20_000)
    assert case["max_ratio"] < 1 and np.all(case["regret_curve"] <= case["bound_curve"])


@pytest.mark.parametrize(
    ("sampling", "init"), [("shuffle", "max"), ("replacement", "max"), ("shuffle", "zero")]
)
def test_zhang_adam_equals_the_optimizers_update_without_bias_correction(sampling, init):
    """Same order, same initial v_0: optim.adam(bias_correction=False).update step by step."""
    b1, b2 = np.array([0.0, 0.5, 0.9]), np.array([0.5, 0.9, 0.999])
    got = phases.zhang_adam(b1, b2, [50, 300], sampling=sampling, n=5, a=2.0, seed=3, init=init)
    problem = ce.ZhangDivergence(5, 2.0)
    order = phases._order(sampling, 5, 300, 3)  # noqa: SLF001 - the same seeded order
    opt = optim.adam(
        schedules.inverse_sqrt(1.0), b1[:, None], b2[:, None], 0.0, bias_correction=False
    )
    x = np.zeros((3, 1))
    state = opt.init(x)._replace(v=np.full((3, 1), (1 + 4 * 2.0) ** 2 if init == "max" else 0.0))
    for t in range(1, 301):
        step, state = opt.update(problem.weights()[order[t - 1]] * problem.shape_grad(x), state)
        x = x + step
        if t == 50:
            np.testing.assert_allclose(got[0], x[:, 0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(got[1], x[:, 0], rtol=0, atol=1e-12)


def test_zhang_cyclic_extra_equals_online_run_with_bias_correction():
    b1, b2 = np.array([0.0, 0.7]), np.array([0.3, 0.99])
    got = phases.zhang_adam(b1, b2, [200], sampling="cyclic")
    opt = optim.adam(schedules.inverse_sqrt(1.0), b1[:, None], b2[:, None], 0.0)
    run = online.run(opt, ce.ZhangDivergence(10), 200, theta0=np.zeros((2, 1)), record=2)
    np.testing.assert_allclose(got[0], run.theta[:, 0], rtol=1e-9, atol=1e-9)


def test_sampled_orders_are_seeded_permutations_or_uniform():
    order = phases._order("shuffle", 10, 1000, 7)  # noqa: SLF001
    assert all(sorted(order[k : k + 10]) == list(range(10)) for k in range(0, 1000, 10))
    np.testing.assert_array_equal(order, phases._order("shuffle", 10, 1000, 7))  # noqa: SLF001
    draws = phases._order("replacement", 10, 100_000, 7)  # noqa: SLF001
    assert np.all(np.abs(np.bincount(draws) / 1e4 - 1) < 0.05)  # 4-5 sigma of a binomial


def test_phase_summary_and_classify_on_hand_made_diagrams():
    beta2 = 1 - np.logspace(0, -4, 5)
    phase = np.array([[2, 2, 1, 0, 0], [2, 2, 0, 0, 0], [2, 1, 1, 0, 1]])
    s = phases.phase_summary(phase, np.ones_like(phase, bool), beta2)
    assert s["converge_top"] == pytest.approx(2 / 3) and s["diverge_bottom"] == pytest.approx(
        5 / 9
    )
    assert s["profile_drop"] == pytest.approx(1 / 3) and s["monotone_rows"] == pytest.approx(2 / 3)
    assert s["boundary"] == pytest.approx(3.0) and s["diverge_edge"] == pytest.approx(1.0)
    assert phases.classify(np.array([0.05, 1.0, 11.0]), 2.0, 0.1).tolist() == [0, 1, 2]


def test_reddi_phase_diagram_fails_wherever_theorem2_guarantees_it():
    d = phases.reddi_phase_diagram(n_grid=40, T=3000)
    assert d["reddi_condition"].any() and np.all(d["phase"][d["reddi_condition"]] == 1)


def test_theorem1_run_first_violation_is_exact_and_gamma_turns_negative():
    run = proof.theorem1_run(5000)
    assert run["assumptions_hold"] and run["first_negative_gamma_t"] == 2
    k = run["first_violation"] - 1
    assert run["regret"][k] > run["rhs"][k] and np.all(run["regret"][:k] <= run["rhs"][:k])
    j = run["violated_from"] - 1
    assert np.all(run["regret"][j:] > run["rhs"][j:]) and run["regret"][j - 1] <= run["rhs"][j - 1]
    g = ce.reddi_theorem1(3.0).linear_gradients(np.arange(1, 301))[:, 0, 0]
    v_max = proof.second_moments(g, 0.1, bias_correction=False, running_max=True)
    assert proof.gamma(v_max, 0.1).min() >= 0


# ----------------------------------------------------------------------------- (c) verdicts


@pytest.mark.parametrize("claim", IDS)
def test_verdicts(ledger, claim):
    assert ledger[claim].error is None
    assert ledger[claim].verdict == "supported"


def test_ledger_evidence_carries_the_witnesses(ledger):
    ev = ledger["reddi-thm2"].evidence
    assert min(ev["adam_at_plus_one"]) == 1.0 and max(ev["amsgrad_at_plus_one"]) == 0.0
    assert max(ledger["amsgrad-regret"].evidence["rate_last_two_decades"]) > 0.6
    z = ledger["zhang-phase-diagram"].evidence
    assert z["shuffle_monotone_rows"][1] == 0.0  # issue 10 item 2: at T = 10^4 it fails
    assert "variant" in z["cyclic_extra"]


# ----------------------------------------------------------------------------- (d) bad input


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: studies.reddi_thm1_evidence("huge"), ValueError, "scale"),
        (lambda: studies.adam_variants(0.0, 0.1, alpha=-1), ValueError, "alpha"),
        (lambda: studies.adam_variants(1.5, 0.1), ValueError, "beta1"),
        (
            lambda: studies.period_start_iterates(optim.adam(), ce.reddi_theorem1(), 2.5),
            TypeError,
            "T",
        ),
        (
            lambda: amsgrad.amsgrad_bound([1.0], [1.0, 2.0], D_inf=2, alpha=1, beta1=0, beta2=0.5),
            ValueError,
            "v_max",
        ),
        (
            lambda: amsgrad.amsgrad_bound([1.0], [1.0], D_inf=-2, alpha=1, beta1=0, beta2=0.5),
            ValueError,
            "D_inf",
        ),
        (
            lambda: amsgrad.amsgrad_bound([1.0], [1.0], D_inf=2, alpha=1, beta1=0.9, beta2=0.5),
            ValueError,
            "gamma",
        ),
        (lambda: amsgrad.amsgrad_case(ce.reddi_theorem1(), 0.0, 0.1, True), TypeError, "T"),
        (lambda: proof.gamma([1.0], 0.1), ValueError, "v_hat"),
        (lambda: proof.gamma([1.0, 2.0], 0), ValueError, "alpha"),
        (
            lambda: proof.second_moments([1.0], 0.1, bias_correction="no"),
            TypeError,
            "bias_correction",
        ),
        (lambda: proof.theorem1_run(0), ValueError, "T"),
        (
            lambda: proof.theorem41_assumptions(None, ce.reddi_theorem1(), optim.adam),
            TypeError,
            "opt",
        ),
        (lambda: phases.zhang_adam([0.5], [0.9], [10], sampling="random"), ValueError, "sampling"),
        (lambda: phases.zhang_adam([0.5], [0.9], [10, 5]), ValueError, "checkpoints"),
        (lambda: phases.zhang_adam([0.5], [0.9], [10], init="ones"), ValueError, "init"),
        (lambda: phases.zhang_adam([0.5], [0.9], [2.5]), TypeError, "checkpoints"),
        (lambda: phases.zhang_adam([0.5], [0.9], [10], a=0), ValueError, "a"),
        (lambda: phases.zhang_adam([0.5], [0.9], [10], n=1), ValueError, "n"),
        (lambda: phases.zhang_adam([0.5], [1.0], [10]), ValueError, "beta2"),
        (lambda: phases.classify([0.1], 0.0, 0.1), ValueError, "initial_distance"),
        (lambda: phases.grid(1), ValueError, "n"),
        (lambda: phases.reddi_phase_diagram(T=-1), ValueError, "T"),
        (lambda: phases.zhang_evidence("fast"), ValueError, "scale"),
        (lambda: derivation.period_regret_at_plus_one("3"), TypeError, "period"),
    ],
)
def test_bad_input_raises_named_errors(call, error, name):
    with pytest.raises(error, match=name):
        call()
