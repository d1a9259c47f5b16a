"""Verdict rules for Section 6 (and the instability half of Section 3's claim).

An ordering ("A beats B") holds when A's training cost is below B's by more than the
seed-to-seed spread, is *reversed* when B's is below A's by more than the spread,
and is a tie otherwise. A claim is refuted when one of its orderings is reversed,
supported when all hold, and qualified when some are ties (or a remark the paper
makes does not show). Each rule reads only its evidence record.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from ...core import validation
from ...core.verdict import Check, Evidence, Verdict, verdict
from . import studies

__all__ = [
    "CHECKS",
    "EPS_DOMINATES",
    "METRICS",
    "BLOWUP_FACTOR",
    "RELATIVE_TIE",
    "SPREAD_FACTOR",
    "STEP_RATIO",
    "bias_correction_rule",
    "cnn_rule",
    "compare",
    "logreg_bow_rule",
    "logreg_mnist_rule",
    "mlp_rule",
    "no_correction_instability_rule",
]

SPREAD_FACTOR = 2.0
"""A gap counts when it exceeds twice the standard deviation of the difference of two
seed-averaged costs, sqrt(sd_a^2 + sd_b^2): about a 95% level for a normal spread."""

RELATIVE_TIE = 0.02
"""Gaps below 2% of the smaller cost are ties whatever the spread: with two or three
seeds the standard deviation is itself uncertain, and 2% of training cost is what a
denser step-size grid can move."""

EPS_DOMINATES = 0.5
"""The v-hat remark of 6.3 shows when eps exceeds sqrt(v-hat) for at least half of
the parameters after the last epoch ("dominated by the eps")."""

BLOWUP_FACTOR = 2.0
"""A setting is unstable without the correction when the uncorrected run's early loss is
more than twice the corrected run's (or infinite: it diverged) while the corrected
run's is finite: a gap far beyond any seed spread, the corrected run being trainable."""

STEP_RATIO = 3.0
"""The uncorrected initial steps are "much larger" when at least 3x the corrected ones
(Section 3 predicts (1 - beta1)/sqrt(1 - beta2) = 10 for beta1 = 0.9, beta2 = 0.9999)."""


METRICS = ("cost", "early", "final")
"""The costs a summary records per method (:func:`.protocol.summary`)."""


def _entry(evidence: Evidence, key: str, spread: bool) -> float:
    """A mean (not NaN; inf for a diverged run) or a standard deviation (not negative)."""
    value = validation.real_array(f"evidence[{key!r}]", evidence[key])
    what = "a spread >= 0" if spread else "a mean (not NaN)"
    if value.ndim != 0 or (value < 0 if spread else np.isnan(value)):
        raise ValueError(f"evidence[{key!r}] must be {what}, got {evidence[key]!r}")
    return float(value)


def compare(evidence: Evidence, a: str, b: str, metric: str = "cost") -> tuple[str, str]:
    """'<' when method ``a``'s ``metric`` is below ``b``'s beyond the spread, '>' when
    above, '=' otherwise; and a short text with the numbers.

    Refused: method names ``a``/``b`` that are not strings, a ``metric`` not in
    :data:`METRICS`, an ``evidence`` record without both methods' ``_mean`` (a number,
    not NaN) and ``_sd`` (a number >= 0) of that metric.
    """
    for name, value in (("a", a), ("b", b)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a method name (a string), got {value!r}")
    metric = validation.choice("metric", metric, METRICS)
    keys = [f"{m}_{metric}_{s}" for m in (a, b) for s in ("mean", "sd")]
    validation.record("evidence", evidence, keys)
    ma, sa, mb, sb = (_entry(evidence, k, k.endswith("_sd")) for k in keys)
    margin = max(SPREAD_FACTOR * math.hypot(sa, sb), RELATIVE_TIE * min(abs(ma), abs(mb)))
    sign = "=" if abs(ma - mb) <= margin or not math.isfinite(margin) else "<>"[ma > mb]
    if not (math.isfinite(ma) and math.isfinite(mb)):
        sign = "=" if ma == mb else "<>"[ma > mb]
    return sign, f"{a} {ma:.4g} {sign} {b} {mb:.4g} (margin {margin:.2g})"


def _decide(relations: list[tuple[str, str, str]], what: str) -> Verdict:
    """``relations``: (outcome, text, claimed) with outcome 'holds', 'tie' or 'reversed'."""
    reversed_ = [text for outcome, text, _ in relations if outcome == "reversed"]
    ties = [
        f"{text} [claimed {claimed}]" for outcome, text, claimed in relations if outcome == "tie"
    ]
    if reversed_:
        return verdict(
            "refuted", f"{what}: reversed beyond the seed spread: {'; '.join(reversed_)}"
        )
    if ties:
        return verdict("qualified", f"{what}: not shown beyond the seed spread: {'; '.join(ties)}")
    return verdict("supported", f"{what}: {'; '.join(text for _, text, _ in relations)}")


def _beats(evidence, a, b, metric="cost"):
    """The claim "a beats b": holds on '<', reversed on '>', tie on '='."""
    sign, text = compare(evidence, a, b, metric)
    return {"<": "holds", ">": "reversed", "=": "tie"}[sign], text, f"{a} < {b}"


def _as_fast(evidence, a, b, metric="cost"):
    """The claim "a is as fast as b": holds unless a is slower beyond the spread."""
    sign, text = compare(evidence, a, b, metric)
    return ("reversed" if sign == ">" else "holds"), text, f"{a} <= {b}"


def _like(evidence, a, b, metric="cost"):
    """The claim "a converges like b": holds on a tie; a slower is reversed; a faster
    is a tie-class outcome (qualified: the paper undersells it)."""
    sign, text = compare(evidence, a, b, metric)
    return {"=": "holds", ">": "reversed", "<": "tie"}[sign], text, f"{a} ~ {b}"


def _header(evidence: Evidence) -> str:
    variant = evidence.get("variant", "none")
    return f"{evidence['scale']} scale, {evidence['n_examples']} examples" + (
        "" if variant == "none" else f", variant {variant}"
    )


def logreg_mnist_rule(evidence: Evidence) -> Verdict:
    """``sec6.1-logreg-mnist``: Adam converges like SGD-Nesterov, both faster than AdaGrad
    (training cost averaged over the epochs, each method at its best step size)."""
    relations = [
        _like(evidence, "adam", "nesterov"),
        _beats(evidence, "adam", "adagrad"),
        _beats(evidence, "nesterov", "adagrad"),
    ]
    return _decide(relations, _header(evidence))


def logreg_bow_rule(evidence: Evidence) -> Verdict:
    """``sec6.1-logreg-bow``: AdaGrad beats SGD-Nesterov; Adam is as fast as AdaGrad."""
    relations = [_beats(evidence, "adagrad", "nesterov"), _as_fast(evidence, "adam", "adagrad")]
    return _decide(relations, _header(evidence))


def mlp_rule(evidence: Evidence) -> Verdict:
    """``sec6.2-mlp``: Adam beats AdaGrad, RMSProp, SGD-Nesterov and AdaDelta."""
    others = ("adagrad", "rmsprop", "nesterov", "adadelta")
    return _decide([_beats(evidence, "adam", other) for other in others], _header(evidence))


def cnn_rule(evidence: Evidence) -> Verdict:
    """``sec6.3-cnn``: early, Adam and AdaGrad beat SGD-Nesterov; at the end Adam and
    SGD-Nesterov beat AdaGrad; and eps dominates sqrt(v-hat) after a few epochs
    (:data:`EPS_DOMINATES` of the parameters). A missing remark qualifies the claim."""
    relations = [
        _beats(evidence, "adam", "nesterov", "early"),
        _beats(evidence, "adagrad", "nesterov", "early"),
        _beats(evidence, "adam", "adagrad", "final"),
        _beats(evidence, "nesterov", "adagrad", "final"),
    ]
    fractions = evidence["eps_dominates_fraction"]
    last = fractions[-1] if fractions and evidence["vhat_run_complete"] else float("nan")
    shown = last >= EPS_DOMINATES
    relations.append(
        ("holds" if shown else "tie", f"eps > sqrt(v-hat) for {last:.1%} of parameters",
         f">= {EPS_DOMINATES:.0%}")
    )  # fmt: skip
    return _decide(relations, _header(evidence))


def _grid(evidence: Evidence, key: str) -> np.ndarray:
    """A grid list as an array (beta1, beta2, log10 alpha); a diverged run (None) is inf."""
    shape = (len(evidence["beta1_grid"]), len(evidence["beta2_grid"]), -1)
    values = [math.inf if v is None else v for v in evidence[key]]  # None: diverged
    return np.asarray(values, dtype=float).reshape(shape)


def _worse(evidence: Evidence, when: str) -> np.ndarray:
    """Where the uncorrected loss is above the corrected one beyond the tolerance (True),
    below it beyond the tolerance (-1 as 'better'), per setting: returns (worse, better)."""
    on, off = _grid(evidence, f"corrected_{when}"), _grid(evidence, f"uncorrected_{when}")
    base = np.minimum(np.abs(on), np.abs(off))
    tolerance = np.maximum(
        SPREAD_FACTOR * math.sqrt(2) * evidence["seed_sd"], RELATIVE_TIE * np.where(
            np.isfinite(base), base, evidence["loss_scale"])
    )  # fmt: skip
    with np.errstate(invalid="ignore"):
        gap = off - on
        worse = (gap > tolerance) | (np.isinf(off) & np.isfinite(on))
        better = (-gap > tolerance) | (np.isinf(on) & np.isfinite(off))
    return worse, better


def _instability(evidence: Evidence) -> tuple[int, int]:
    """Unstable settings (:data:`BLOWUP_FACTOR`) at the early epoch, over beta1 and the
    step sizes: (at the largest beta2, at the smallest beta2)."""
    on, off = _grid(evidence, "corrected_early"), _grid(evidence, "uncorrected_early")
    with np.errstate(invalid="ignore"):
        unstable = np.isfinite(on) & ~(off <= BLOWUP_FACTOR * on)
    b2 = list(evidence["beta2_grid"])
    return int(unstable[:, b2.index(max(b2))].sum()), int(unstable[:, b2.index(min(b2))].sum())


def _best_alpha_reversals(evidence: Evidence) -> int:
    """(beta1, beta2, epoch) where the uncorrected run's best step size beats the corrected
    run's best beyond the tolerance: the comparison of the paper's Figure 4 curves."""
    count = 0
    for when in ("early", "late"):
        on = _grid(evidence, f"corrected_{when}").min(axis=2)
        off = _grid(evidence, f"uncorrected_{when}").min(axis=2)
        tolerance = np.maximum(
            SPREAD_FACTOR * math.sqrt(2) * evidence["seed_sd"], RELATIVE_TIE * np.minimum(on, off)
        )
        with np.errstate(invalid="ignore"):  # inf - inf: both diverged, no reversal
            count += int(np.sum(on - off > tolerance))
    return count


def bias_correction_rule(evidence: Evidence) -> Verdict:
    """``sec6.4-bias-correction-vae``: "Adam performed equal or better than RMSProp [Adam
    without correction], regardless of hyper-parameter setting", and without correction
    beta2 near 1 is unstable. Refuted when the uncorrected run wins at the best step
    size of some (beta1, beta2) or shows no instability; qualified when it wins only at
    some step sizes (setting by setting) or is unstable at fewer than
    :data:`INSTABLE_SHARE` of them."""
    counts = {w: [int(a.sum()) for a in _worse(evidence, w)] for w in ("early", "late")}
    better = counts["early"][1] + counts["late"][1]  # settings where the uncorrected wins
    at_best = _best_alpha_reversals(evidence)
    near, far = _instability(evidence)
    settings = len(evidence["corrected_early"])
    text = (f"{_header(evidence)}: uncorrected better beyond the spread at {better} of "
            f"{2 * settings} (setting, epoch) pairs and at {at_best} (beta1, beta2, epoch) "
            f"best step sizes; worse at {counts['early'][0]} early and {counts['late'][0]} "
            f"late; unstable without correction (early loss > {BLOWUP_FACTOR:g}x or diverged) "
            f"at {near} settings with beta2 = 0.9999, {far} with 0.99")  # fmt: skip
    if at_best > 0 or near == 0:
        return verdict("refuted", text)
    if better > 0 or near <= far:
        return verdict("qualified", text)
    return verdict("supported", text)


def no_correction_instability_rule(evidence: Evidence) -> Verdict:
    """Instability half of ``sec3-no-correction-large-steps``: without correction and
    with beta2 = 0.9999 the first steps are much larger (:data:`STEP_RATIO`) and the
    training is unstable at more settings than with beta2 = 0.99 (:data:`BLOWUP_FACTOR`)."""
    on = evidence["initial_step_corrected_beta1_0.9_beta2_0.9999"]
    off = evidence["initial_step_uncorrected_beta1_0.9_beta2_0.9999"]
    ratio = off / on
    near, far = _instability(evidence)
    text = (f"{_header(evidence)}: first steps |Delta|/alpha {off:.3g} without vs {on:.3g} "
            f"with correction (x{ratio:.3g}); unstable without correction (early loss > "
            f"{BLOWUP_FACTOR:g}x or diverged) at {near} settings with beta2 = 0.9999, {far} "
            f"with 0.99")  # fmt: skip
    if ratio < 1 or near == 0:
        return verdict("refuted", text)
    if ratio >= STEP_RATIO and near > far:
        return verdict("supported", text)
    return verdict("qualified", text)


CHECKS: Mapping[str, Check] = {
    "sec6.1-logreg-mnist": Check(studies.logreg_mnist_evidence, logreg_mnist_rule),
    "sec6.1-logreg-bow": Check(studies.logreg_bow_evidence, logreg_bow_rule),
    "sec6.2-mlp": Check(studies.mlp_evidence, mlp_rule),
    "sec6.3-cnn": Check(studies.cnn_evidence, cnn_rule),
    "sec6.4-bias-correction-vae": Check(studies.bias_correction_evidence, bias_correction_rule),
}
"""Section 6's claims. The instability half of ``sec3-no-correction-large-steps`` is
:func:`studies.no_correction_instability_evidence` with
:func:`no_correction_instability_rule`, for the lead to combine with Section 3's part."""
