"""Section 6: every verdict of every rule from hand-made evidence; the protocol's
arithmetic by hand; the studies end to end at a tiny size; Section 3's step sizes."""

import itertools
import math

import numpy as np
import pytest

from adamtheory.paper.experiments import checks, cnn_study, protocol, studies, vae_study

HEADER = {"scale": "default", "n_examples": 100, "variant": "none"}


def comparison(sd=0.01, **means):
    """Evidence with the given mean cost per method (the same for every metric)."""
    evidence = dict(HEADER)
    for name, mean in means.items():
        for metric in ("cost", "early", "final"):
            evidence[f"{name}_{metric}_mean"] = mean
            evidence[f"{name}_{metric}_sd"] = sd
    return evidence


def test_compare_uses_the_spread_and_a_relative_floor():
    ev = comparison(sd=0.1, a=1.0, b=1.2)  # margin 2 * 0.1414 = 0.283 > 0.2
    assert checks.compare(ev, "a", "b")[0] == "="
    ev = comparison(sd=0.05, a=1.0, b=1.2)  # margin 0.141 < 0.2
    assert checks.compare(ev, "a", "b")[0] == "<" and checks.compare(ev, "b", "a")[0] == ">"
    ev = comparison(sd=0.0, a=1.0, b=1.015)  # below the 2% floor
    assert checks.compare(ev, "a", "b")[0] == "="
    ev = comparison(sd=0.0, a=1.0, b=math.inf)  # a diverged run loses
    assert checks.compare(ev, "a", "b")[0] == "<"


@pytest.mark.parametrize(
    "means, expected",
    [
        ({"adam": 0.30, "nesterov": 0.30, "adagrad": 0.40}, "supported"),
        ({"adam": 0.25, "nesterov": 0.30, "adagrad": 0.40}, "qualified"),  # adam faster
        ({"adam": 0.30, "nesterov": 0.30, "adagrad": 0.302}, "qualified"),  # a tie
        ({"adam": 0.35, "nesterov": 0.30, "adagrad": 0.40}, "refuted"),  # adam slower
        ({"adam": 0.30, "nesterov": 0.40, "adagrad": 0.33}, "refuted"),  # nesterov > adagrad
    ],
)
def test_logreg_mnist_rule(means, expected):
    assert checks.logreg_mnist_rule(comparison(**means)).verdict == expected


@pytest.mark.parametrize(
    "means, expected",
    [
        ({"adam": 0.30, "nesterov": 0.40, "adagrad": 0.30}, "supported"),
        ({"adam": 0.20, "nesterov": 0.40, "adagrad": 0.30}, "supported"),  # adam faster
        ({"adam": 0.30, "nesterov": 0.302, "adagrad": 0.30}, "qualified"),
        ({"adam": 0.30, "nesterov": 0.25, "adagrad": 0.30}, "refuted"),
        ({"adam": 0.40, "nesterov": 0.50, "adagrad": 0.30}, "refuted"),
    ],
)
def test_logreg_bow_rule(means, expected):
    assert checks.logreg_bow_rule(comparison(**means)).verdict == expected


@pytest.mark.parametrize(
    "adam, expected", [(0.2, "supported"), (0.5, "qualified"), (0.7, "refuted")]
)
def test_mlp_rule(adam, expected):
    ev = comparison(adam=adam, adagrad=0.5, rmsprop=0.6, nesterov=0.55, adadelta=0.65)
    assert checks.mlp_rule(ev).verdict == expected


def cnn_evidence(early, final, fractions=(0.1, 0.6, 0.9), complete=True):
    ev = dict(HEADER, eps_dominates_fraction=list(fractions), vhat_run_complete=complete)
    for name in ("adam", "adagrad", "nesterov"):
        for metric, values in (("early", early), ("final", final), ("cost", final)):
            ev[f"{name}_{metric}_mean"], ev[f"{name}_{metric}_sd"] = values[name], 0.01
    return ev


PAPER_CNN = (
    {"adam": 1.0, "adagrad": 1.0, "nesterov": 1.5},
    {"adam": 0.2, "adagrad": 0.5, "nesterov": 0.22},
)


@pytest.mark.parametrize(
    "case, expected",
    [
        (cnn_evidence(*PAPER_CNN), "supported"),
        (cnn_evidence(*PAPER_CNN, fractions=(0.0, 0.001)), "qualified"),  # v-hat stays large
        (cnn_evidence(*PAPER_CNN, complete=False), "qualified"),
        (cnn_evidence(PAPER_CNN[0], {"adam": 0.2, "adagrad": 0.21, "nesterov": 0.2}), "qualified"),
        (cnn_evidence(PAPER_CNN[0], {"adam": 0.6, "adagrad": 0.5, "nesterov": 0.2}), "refuted"),
        (cnn_evidence({"adam": 2.0, "adagrad": 1.0, "nesterov": 1.5}, PAPER_CNN[1]), "refuted"),
    ],
)
def test_cnn_rule(case, expected):
    assert checks.cnn_rule(case).verdict == expected


def vae_evidence(
    uncorrected_early, uncorrected_late=None, seed_sd=1.0, steps=(1.0, 10.0), corrected=None
):
    """30 settings with corrected loss 100 (or ``corrected``); the uncorrected loss by
    (beta1, beta2, log10 alpha)."""
    grid = list(itertools.product((0.0, 0.9), (0.99, 0.999, 0.9999), range(-5, 0)))
    late = uncorrected_late or uncorrected_early
    corrected = corrected or (lambda *key: 100.0)
    return dict(
        HEADER,
        beta1_grid=[0.0, 0.9],
        beta2_grid=[0.99, 0.999, 0.9999],
        corrected_early=[corrected(*key) for key in grid],
        corrected_late=[corrected(*key) for key in grid],
        uncorrected_early=[uncorrected_early(*key) for key in grid],
        uncorrected_late=[late(*key) for key in grid],
        seed_sd=seed_sd,
        loss_scale=100.0,
        **{
            "initial_step_corrected_beta1_0.9_beta2_0.9999": steps[0],
            "initial_step_uncorrected_beta1_0.9_beta2_0.9999": steps[1],
        },
    )


def unstable_near_one(b1, b2, log_alpha):
    """The paper's picture: beta2 = 0.9999 without correction is worse at large steps."""
    if b2 == 0.9999 and log_alpha >= -3:
        return math.inf if log_alpha == -1 else 250.0
    return 100.0


@pytest.mark.parametrize(
    "case, expected",
    [
        (vae_evidence(unstable_near_one), "supported"),
        (vae_evidence(lambda b1, b2, a: 250.0 if a == -1 and b2 != 0.999 else 100.0), "qualified"),
        (vae_evidence(lambda *key: 100.0), "refuted"),  # no instability at all
        (
            vae_evidence(lambda b1, b2, a: 80.0 if a == -4 else unstable_near_one(b1, b2, a)),
            "refuted",
        ),
        (
            vae_evidence(lambda b1, b2, a: 103.0 if a == -4 else unstable_near_one(b1, b2, a)),
            "supported",
        ),
        # the uncorrected run wins at one small step size, not at the best one: qualified
        (
            vae_evidence(
                lambda b1, b2, a: 150.0 if a == -4 else unstable_near_one(b1, b2, a),
                corrected=lambda b1, b2, a: 200.0 if a == -4 else 100.0,
            ),
            "qualified",
        ),
        # both diverge everywhere: no instability of the uncorrected run to speak of
        (vae_evidence(lambda *key: None, corrected=lambda *key: None), "refuted"),
    ],
)
def test_bias_correction_rule(case, expected):
    assert checks.bias_correction_rule(case).verdict == expected


@pytest.mark.parametrize(
    "case, expected",
    [
        (vae_evidence(unstable_near_one), "supported"),
        (vae_evidence(unstable_near_one, steps=(1.0, 2.0)), "qualified"),  # steps not much larger
        (vae_evidence(lambda b1, b2, a: 250.0 if a >= -3 else 100.0), "qualified"),  # same at 0.99
        (vae_evidence(lambda *key: 100.0), "refuted"),
        (vae_evidence(unstable_near_one, steps=(1.0, 0.5)), "refuted"),
    ],
)
def test_no_correction_instability_rule(case, expected):
    assert checks.no_correction_instability_rule(case).verdict == expected


def test_every_rule_condition_names_its_numbers():
    condition = checks.logreg_mnist_rule(comparison(adam=0.3, nesterov=0.3, adagrad=0.4)).condition
    assert "0.3" in condition and "0.4" in condition and "default scale" in condition


def test_best_step_size_and_summary_by_hand():
    cost = np.array(
        [[[3.0, 2.0], [3.2, 2.2]], [[2.0, 1.0], [2.5, np.nan]], [[2.5, 1.5], [2.6, 1.6]]]
    )
    record = {
        "alphas": np.array([0.1, 0.3, 1.0]),
        "epoch_cost": cost,
        "diverged": np.isnan(cost).any(axis=2),
    }
    assert protocol.best_index(record) == 2  # the diverged run makes alpha = 0.3 infinite
    ev = protocol.summary({"m": record})
    assert ev["m_alpha"] == 1.0 and ev["m_at_grid_edge"] and ev["m_diverged"] == 1
    assert ev["m_cost_mean"] == pytest.approx((2.0 + 2.1) / 2)
    assert ev["m_cost_sd"] == pytest.approx(np.std([2.0, 2.1], ddof=1))
    assert ev["m_final_mean"] == pytest.approx(1.55) and ev["m_curve"] == [2.55, 1.55]


@pytest.mark.parametrize("beta1", [0.0, 0.9])
def test_first_step_sizes_are_section_3s(beta1):
    """Step 1: |Delta|/alpha = (1 - beta1)/sqrt(1 - beta2) uncorrected, 1 corrected
    (eps = 1e-8 changes it by < 1e-4 relative for gradients above 1e-4... and float32)."""
    assert vae_study.initial_steps(beta1, 0.9999, False, steps=1) == pytest.approx(
        (1 - beta1) / math.sqrt(1 - 0.9999), rel=1e-3
    )
    assert vae_study.initial_steps(beta1, 0.9999, True, steps=1) == pytest.approx(1.0, rel=1e-3)


@pytest.fixture
def tiny(monkeypatch):
    """The studies at a tiny size, both scales' code paths (grids, progress lines), in seconds."""
    for scale in ("default", "paper"):
        for key in studies.CONFIG:
            cfg = dict(studies.CONFIG[key][scale], n=256, epochs=2, seeds=(0, 1))
            monkeypatch.setitem(studies.CONFIG[key], scale, cfg | {"hidden": 8})
        cnn = dict(cnn_study.CNN_CONFIG[scale], n=128, channels=(2, 2, 2), hidden=8, epochs=2)
        monkeypatch.setitem(cnn_study.CNN_CONFIG, scale, cnn | {"seeds": (0, 1), "early": 1})
        vae = {"n": 128, "hidden": 8, "latent": 2, "early": 1, "late": 2}
        monkeypatch.setitem(vae_study.VAE_CONFIG, scale, vae)
    vae_study._bias_correction_runs.cache_clear()
    yield
    vae_study._bias_correction_runs.cache_clear()


@pytest.mark.parametrize("claim", sorted(checks.CHECKS))
def test_studies_feed_their_rules(tiny, claim):
    study, rule = checks.CHECKS[claim]
    evidence = study("default")
    assert evidence["scale"] == "default" and evidence["batch"] == 128
    assert rule(evidence).verdict in ("supported", "qualified", "refuted")


@pytest.mark.parametrize(
    "claim", ["sec6.1-logreg-mnist", "sec6.3-cnn", "sec6.4-bias-correction-vae"]
)
def test_paper_scale_reports_progress_and_feeds_its_rule(tiny, claim, capsys):
    study, rule = checks.CHECKS[claim]
    evidence = study("paper")
    assert evidence["scale"] == "paper"
    assert rule(evidence).verdict in ("supported", "qualified", "refuted")
    lines = capsys.readouterr().err.splitlines()  # not a terminal: one plain line per run
    assert lines and all("runs: " in line for line in lines)


def test_instability_study_feeds_its_rule(tiny):
    evidence = studies.no_correction_instability_evidence("default")
    assert checks.no_correction_instability_rule(evidence).verdict in (
        "supported",
        "qualified",
        "refuted",
    )


def test_scale_is_checked():
    with pytest.raises(ValueError, match="scale"):
        studies.mlp_evidence("huge")
