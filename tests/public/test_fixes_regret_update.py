"""Regression tests of the fixes found by the cases in ``cases_regret.py`` and
``cases_update_rule.py`` (issue 11): each failed before its fix."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from adamtheory.paper.regret import sparse, studies, theorem
from adamtheory.paper.update_rule import derivation
from adamtheory.paper.update_rule import studies as ur_studies
from adamtheory.paper.update_rule.typical import snr_run

RAGGED = [1.0, [2.0, 3.0]]


# ------------------------------------------------------------ the cached runs
def test_cached_runs_take_lists_and_normalise_the_cache_key():
    # was: TypeError "unhashable type: 'list'" from lru_cache; and 2 vs 2.0 two entries
    assert sparse.bound_factors(50, [2, 4, 8], 0) is sparse.bound_factors(50, (2, 4, 8), 0)
    assert sparse.regrets_in_d(4, [2, 3], [2], 1, 0) is sparse.regrets_in_d(4, (2, 3), (2,), 1, 0)
    assert sparse.regrets_in_t([10, 20, 40], 3, 2, 2, 0) is sparse.regrets_in_t(
        (10, 20, 40), 3, 2.0, 2, 0
    )
    assert theorem.walled_witnesses(5, np.float64(0.3), 0.5) is theorem.walled_witnesses(
        5, 0.3, 0.5
    )


@pytest.mark.parametrize(
    "call, error, name",
    [
        (lambda: sparse.bound_factors(50, RAGGED, 0), TypeError, "ds"),  # was: unhashable
        (lambda: sparse.bound_factors(50, (0, 4), 0), ValueError, "ds"),  # was: names "d"
        (lambda: sparse.bound_factors(50, (4,), 0), ValueError, "ds"),  # was: the fit's error
        (lambda: sparse.bound_factors(50, (4, 4), 0), ValueError, "ds"),  # was: linregress
        (lambda: sparse.bound_factors(50, (2, 4), -1), ValueError, "seed"),  # was: NumPy's
        (lambda: sparse.bound_factors(50, (2, 4), None), TypeError, "seed"),  # was: silent
        (lambda: sparse.bound_factors(2**63, (2, 4), 0), ValueError, "T"),  # was: C long
        (lambda: sparse.regrets_in_d(4, (), (2,), 1, 0), ValueError, "ds"),  # was: silent
        (lambda: sparse.regrets_in_d(4, (2,), "x", 1, 0), TypeError, "dense_ds"),
        (lambda: sparse.regrets_in_d(4, (2,), (2,), True, 0), TypeError, "seeds"),  # silent
        (lambda: sparse.regrets_in_d(4, (2,), (2,), 1, -1), ValueError, "seed"),  # silent
        (lambda: sparse.regrets_in_t(None, 3, 2.0, 1, 0), TypeError, "ts"),
        (lambda: sparse.regrets_in_t((10, 20, 40), 3, 2.0, True, 0), TypeError, "seeds"),
        (lambda: theorem.walled_witnesses(5, RAGGED), TypeError, "beta1"),  # was: unhashable
        (lambda: theorem.walled_witnesses(5, 0.5, RAGGED), TypeError, "lam"),
        (lambda: theorem.walled_witnesses(5, 0.9), ValueError, "beta1"),  # gamma >= 1
    ],
)
def test_cached_runs_refuse_bad_arguments_by_name(call, error, name):
    with pytest.raises(error, match=name):
        call()


def test_regrets_in_t_constant_regret_has_a_finite_interval():
    # was: OGD_exponent_CI95 = [nan, nan] (linregress's 0/0 standard error)
    out = sparse.regrets_in_t((3, 5, 8), 3, 2.0, 1, 0)
    assert out["OGD_regret"] == [1.0, 1.0, 1.0]
    assert out["OGD_exponent"] == 0.0
    assert out["OGD_exponent_CI95"] == [0.0, 0.0]


# ------------------------------------------------------------ test sequences
@pytest.mark.parametrize(
    "kwargs, error, name",
    [
        (dict(rng=0), TypeError, "rng"),  # was: AttributeError
        (dict(rng=np.random.RandomState(0)), TypeError, "rng"),  # was: silent
        (dict(T=0), ValueError, "T"),  # was: IndexError
        (dict(T=2.5), TypeError, "T"),
        (dict(n=0), ValueError, "n"),
    ],
)
def test_test_sequences_refuses_bad_arguments_by_name(kwargs, error, name):
    args = dict(T=5, rng=np.random.default_rng(0), n=3) | kwargs
    with pytest.raises(error, match=name):
        studies.test_sequences(**args)


# ------------------------------------------------------------ rhs_along
RHS = dict(alpha=0.1, beta1=0.5, beta2=0.9, lam=0.5, D=2.0, D_inf=2.0)
G = np.array([[0.5, -1.0], [0.25, 0.0], [1.0, 0.5]])


@pytest.mark.parametrize(
    "ts, g, hyper, error, name",
    [
        (np.arange(1.0, 4.0), G, dict(beta2="0.1"), TypeError, "beta2"),  # was: "beta"
        (np.arange(1.0, 4.0), G, dict(beta2=1.5), ValueError, "beta2"),  # was: "beta"
        (np.arange(2.0, 5.0), G, {}, ValueError, "ts"),  # was: silent (bias correction)
        (RAGGED, G, {}, TypeError, "ts"),  # was: NumPy's inhomogeneous-shape ValueError
        (np.arange(1.0, 4.0), np.full((3, 2), np.inf), {}, ValueError, "g"),  # was: "x"
    ],
)
def test_rhs_along_refuses_by_name(ts, g, hyper, error, name):
    with pytest.raises(error, match=name):
        theorem.rhs_along(ts, g, **(RHS | hyper))


def test_rhs_along_overflow_raises_and_matches_theorem41():
    with pytest.raises(FloatingPointError):  # was: a RuntimeWarning and inf
        theorem.rhs_along(np.arange(1.0, 4.0), np.full((3, 2), 1e200), **RHS)
    # one round by hand: v_hat = g^2, ||g_1||_2 = |g|, G_inf = 1, gamma = 0.25/sqrt(0.9)
    gamma = 0.25 / np.sqrt(0.9)
    distance = 4 / (2 * 0.1 * 0.5) * 1.5
    gradient = 0.1 * 1.5 / (0.5 * np.sqrt(0.1) * (1 - gamma) ** 2) * 1.5
    momentum = 2 * 4 * np.sqrt(0.1) / (2 * 0.1 * 0.5 * 0.25)
    got = theorem.rhs_along(np.array([1.0]), G[:1], **RHS)
    assert got[0] == pytest.approx(distance + gradient + momentum, rel=1e-12)


# ------------------------------------------------------------ update rule
@pytest.mark.parametrize("step", [2.5, 3.0, 1j, np.nan, sp.pi, "3", True, None])
def test_unrolled_weights_refuses_a_non_integer_step(step):
    with pytest.raises(TypeError, match="step"):  # was: silent (2.5, 1j, nan, pi)
        derivation.unrolled_weights(step)


@pytest.mark.parametrize("step", [0, -1, sp.Integer(0)])
def test_unrolled_weights_refuses_a_step_below_one(step):
    with pytest.raises(ValueError, match="step"):  # was: silent
        derivation.unrolled_weights(step)


def test_unrolled_weights_takes_symbols_and_integers():
    beta1 = derivation.beta1
    a, _ = derivation.unrolled_weights(np.int64(3))
    assert sp.simplify(a.subs(derivation.i, 3) - (1 - beta1)) == 0
    assert derivation.unrolled_weights() == derivation.unrolled_weights(derivation.t)


SNR = {
    "additive": snr_run(beta1=(0.5, 0.9), steps=1000, replicas=2),
    "exact": snr_run(beta1=(0.9,), steps=1000, replicas=1, noise="exact"),
    "vanishing": snr_run(beta1=(0.9,), steps=1000, replicas=1, noise="vanishing"),
}


@pytest.mark.parametrize(
    "runs, error",
    [
        (SNR | {"additive": {k: v for k, v in SNR["additive"].items() if k != "fit"}}, ValueError),
        (SNR | {"exact": {}}, ValueError),  # was: KeyError
        (SNR | {"exact": [1.0]}, TypeError),  # was: "list indices must be integers"
        (SNR | {"exact": SNR["exact"] | {"rms_snr": np.full((1000, 1), np.nan)}}, ValueError),
        (SNR | {"additive": snr_run(beta1=(0.5, 0.7), steps=1000, replicas=1)}, ValueError),
        (
            SNR | {"exact": snr_run(beta1=(0.5,), steps=1000, replicas=1, noise="exact")},
            ValueError,
        ),
    ],
)
def test_snr_record_refuses_bad_runs_by_name(runs, error):
    # was: a KeyError (no fit, no entries), a nan evidence entry, and silently the
    # floor of beta1 = 0.7 (or 0.5) reported as beta1 = 0.9
    with pytest.raises(error, match="runs"):
        ur_studies.snr_record(runs)


def test_snr_record_of_a_real_run():
    evidence = ur_studies.snr_record(SNR)
    assert evidence["noise_floor_theory"] == pytest.approx(np.sqrt(0.1 / 1.9))


@pytest.mark.parametrize(
    "runs",
    [
        {"q": np.ones(3)},  # was: runs_per_scenario = 0, silently
        {"q": np.ones(ur_studies.TRUST_STEPS), "m": np.ones(2 * ur_studies.TRUST_STEPS)},
        {"q": -np.ones(ur_studies.TRUST_STEPS)},  # was: silent
        {"q": np.full(ur_studies.TRUST_STEPS, np.nan)},  # was: ratios named, not runs
        {},
    ],
)
def test_trust_region_record_refuses_bad_runs_by_name(runs):
    with pytest.raises(ValueError, match="runs"):
        ur_studies.trust_region_record(runs)


def test_trust_region_record_counts_whole_runs():
    steps = ur_studies.TRUST_STEPS
    evidence = ur_studies.trust_region_record({"q": np.full((2 * steps, 3), 0.5)})
    assert evidence["runs_per_scenario"] == 2
    assert evidence["q_median"] == 0.5
