"""Regression tests of the bugs the public-input property test found in the paper's
update_rule part (``adamtheory.paper.update_rule``): each failed before its fix."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from adamtheory.paper.update_rule import derivation
from adamtheory.paper.update_rule import studies as ur_studies
from adamtheory.paper.update_rule.typical import snr_run


@pytest.mark.parametrize("arg", ["n", "dim", "seed"])
def test_logistic_data_refuses_bad_counts_by_name(arg):
    from adamtheory.paper.update_rule import typical

    with pytest.raises((TypeError, ValueError), match=arg):
        typical.logistic_data(**{"n": 10, "dim": 2, "seed": 0, arg: "2" if arg != "n" else 0})


def test_ratio_quantiles_refuses_nan_by_name():
    from adamtheory.paper.update_rule import typical

    with pytest.raises(ValueError, match="ratios"):
        typical.ratio_quantiles(np.array([np.nan, 1.0]))


def test_maximiser_check_refuses_n_zero_by_name():
    from adamtheory.paper.update_rule import derivation

    with pytest.raises(ValueError, match="n"):
        derivation.maximiser_check(n=0)


def test_first_t_above_refuses_a_string_level_by_name():
    from adamtheory.paper.update_rule import studies

    with pytest.raises(TypeError, match="level"):
        studies.first_t_above(0.9, 0.999, level="0.1", horizon=10)


def test_sampled_max_ratio_refuses_a_string_seed_by_name():
    from adamtheory.paper.update_rule import search

    with pytest.raises(TypeError, match="seed"):
        search.sampled_max_ratio(0.5, 0.9, steps=3, sequences=2, seed="0")


@pytest.mark.parametrize("name", ["adam_ratio", "adamax_ratio"])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_ratios_refuse_non_finite_grads_by_name(name, bad):
    from adamtheory.paper.update_rule import search

    with pytest.raises(ValueError, match="grads"):
        getattr(search, name)(np.array([1.0, bad]), 0.5, 0.9)


def test_adam_ratio_overflow_raises_floating_point_error():
    from adamtheory.paper.update_rule import search

    with pytest.raises(FloatingPointError):
        search.adam_ratio(np.full(3, 1.3407807929942597e154), 0.5, 0.9)


def test_adamax_box_search_tiny_beta2_raises_floating_point_error():
    from adamtheory.paper.update_rule import search

    with pytest.raises(FloatingPointError):
        search.adamax_box_search(0.5, 5e-324, 3)


def test_sup_ratio_refuses_a_non_flag_by_name():
    from adamtheory.paper.update_rule import derivation

    with pytest.raises(TypeError, match="bias_correction"):
        derivation.sup_ratio(bias_correction="no")


def test_adam_ratio_exact_refuses_nan_grads_by_name():
    from adamtheory.paper.update_rule import search

    with pytest.raises(ValueError, match="grads"):
        search.adam_ratio_exact(np.array([1.0, np.nan]), 0.5, 0.9)


def test_scale_invariance_refuses_ragged_scales_by_name():
    from adamtheory.paper.update_rule import invariance

    with pytest.raises(TypeError, match="scales"):
        invariance.scale_invariance([1.0, [2.0, 3.0]], steps=3, dim=2)


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
