"""Section 7.2 (temporal averaging): the rule's reachable verdicts, the derivation against
independent references, bad input, and today's verdict through the shared ledger run.
(The averagers of ``optim.averaging`` are tested in tests/optim/test_averaging.py.)"""

import numpy as np
import pytest
import sympy as sp

from adamtheory.core.symbols import beta2, c, i, is_zero, t, theta
from adamtheory.paper.averaging import checks, derivation, studies


def evidence(**change):
    record = {
        "symbolic_exact": True,
        "failed_identities": [],
        "constant_sequence_max_relative_error": 2.5e-13,
        "constant_sequence_steps": 1000,
        "rms_measured_vs_sympy_max_relative": 0.054,
    }
    return record | change


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (evidence(), "verified"),
        (evidence(symbolic_exact=False, failed_identities=["residual"]), "refuted"),
        (evidence(constant_sequence_max_relative_error=1e-3), "refuted"),
        (evidence(rms_measured_vs_sympy_max_relative=0.5), "refuted"),
    ],
)
def test_averaging_rule_reaches(record, expected):
    assert checks.averaging_rule(record).verdict == expected


def test_averaging_rule_prints_no_round_off_digits():
    for error in (2.5e-13, 3.1e-15):
        condition = checks.averaging_rule(
            evidence(constant_sequence_max_relative_error=error)
        ).condition
        assert "< 1e-12" in condition and "e-13" not in condition and "e-15" not in condition


def test_parameter_ema_correction_is_exact_for_constants():
    ema = derivation.parameter_ema_correction()
    assert is_zero(ema.constant_average - c * (1 - beta2**t))
    assert is_zero(ema.constant_corrected - c)
    assert is_zero(ema.corrected_weight_sum - 1)
    assert is_zero(ema.weight_sum - (1 - beta2**t))
    assert is_zero(ema.residual)
    assert is_zero(ema.average.function - (1 - beta2) * beta2 ** (t - i) * theta[i])


def test_unrolled_average_equals_the_iteration_at_small_t():
    average = derivation.parameter_ema_correction().average
    x = sp.Integer(0)
    for k in range(1, 5):
        x = beta2 * x + (1 - beta2) * theta[k]
        assert is_zero(x - average.subs(t, k).doit())


def test_average_errors_against_weighted_sums():
    # the SymPy closed forms against the weighted sums evaluated directly in NumPy
    setting = {"beta": 0.95, "theta0": -1.0, "target": 0.5, "rho": 0.9, "noise": 0.3}
    theory = studies.rms_theory(60, **setting)
    ts = np.arange(1, 61)
    for n in (1, 7, 60):
        idx = np.arange(1, n + 1)
        means = setting["target"] + (setting["theta0"] - setting["target"]) * setting["rho"] ** idx
        ema = (1 - setting["beta"]) * setting["beta"] ** (n - idx)
        for name, w in (("ema", ema), ("ema_corrected", ema / ema.sum()), ("polyak", 1 / n)):
            w = np.broadcast_to(w, idx.shape)
            bias = w @ means - setting["target"]
            rms = np.sqrt(bias**2 + setting["noise"] ** 2 * np.sum(w**2))
            assert theory[name][ts == n][0] == pytest.approx(rms, rel=1e-10)


def test_constant_sequence_error_and_first_uncorrected_value():
    worst, first = studies.constant_sequence_error((0.9, 0.999), steps=200)
    assert worst < 1e-12
    np.testing.assert_allclose(first, [0.1, 0.001], rtol=1e-12)


def test_average_iterates():
    sequence = studies.noisy_converging_sequence(steps=300, runs=20, seed=1)
    averages = studies.average_iterates(sequence, beta=0.9)
    ts = np.arange(1, 301)[:, None]
    np.testing.assert_allclose(averages["polyak"], np.cumsum(sequence, 0) / ts, rtol=1e-12)
    np.testing.assert_allclose(averages["ema_corrected"] * (1 - 0.9**ts), averages["ema"])
    constant = studies.average_iterates(np.full((100, 3), 2.5), beta=0.999)
    np.testing.assert_allclose(constant["ema_corrected"], 2.5, rtol=1e-12)


@pytest.mark.parametrize(
    ("make", "error", "name"),
    [
        (lambda: studies.noisy_converging_sequence(steps=0), ValueError, "steps"),
        (lambda: studies.noisy_converging_sequence(runs=2.5), TypeError, "runs"),
        (lambda: studies.noisy_converging_sequence(rho=1.5), ValueError, "rho"),
        (lambda: studies.noisy_converging_sequence(noise=-1), ValueError, "noise"),
        (lambda: studies.noisy_converging_sequence(target="2"), TypeError, "target"),
        (lambda: studies.constant_sequence_error(betas=(1.0,)), ValueError, "betas"),
        (lambda: studies.constant_sequence_error(constants=(0.0,)), ValueError, "constants"),
        (lambda: studies.constant_sequence_error(steps=-3), ValueError, "steps"),
        (lambda: studies.average_iterates(np.ones((0, 2))), ValueError, "sequence"),
        (lambda: studies.average_iterates(np.ones((5, 2)), beta=1.0), ValueError, "beta"),
        (lambda: studies.rms_theory(10, 1.0, 1.0, 2.0, 0.9, 0.5), ValueError, "beta"),
        (lambda: studies.averaging_evidence("huge"), ValueError, "scale"),
    ],
)
def test_bad_input_raises_a_named_error(make, error, name):
    with pytest.raises(error, match=name):
        make()


def test_verdict(ledger):
    row = ledger["sec7.2-averaging-correction"]
    assert row.verdict == "verified", row.summary
    assert row.evidence["uncorrected_at_t=1_over_c"] == pytest.approx([0.01, 0.001, 0.0001])
