"""Verdict rules for Section 5: ``sec5-adagrad-limit`` and ``sec5-rmsprop-relation``."""

from __future__ import annotations

from collections.abc import Mapping

from ...core.report import at_most
from ...core.verdict import Check, Verdict, verdict
from . import studies

__all__ = [
    "CHECKS",
    "CLOSED_FORM_TOLERANCE",
    "GAP_THRESHOLD",
    "RATE_TOLERANCE",
    "SYMBOLIC_KEYS",
    "adagrad_limit_rule",
    "rmsprop_relation_rule",
]

RATE_TOLERANCE = 0.05
"""The theory's rates are 1 (with correction) and -1/2 (without) up to a relative
second-order term <= T (1 - beta2) = 0.2 at the largest grid point, which moves a
fitted slope by well under 0.05 (measured 1.0002 and -0.502, 95 % intervals +-0.001)."""

SYMBOLIC_KEYS = (
    "weight_limit_is_1/t",
    "step_is_adagrad",
    "unrolled_limit_t1..4",
    "uncorrected_v_to_0",
    "uncorrected_step_ratio_to_oo",
)
"""The SymPy results the AdaGrad limit rests on (the evidence's booleans)."""

CLOSED_FORM_TOLERANCE = 1e-12
"""The closed form against the two optimizers' steps, relative to the largest step: two
EMA evaluations that differ only in rounding (report.ROUND_OFF)."""

GAP_THRESHOLD = 1e-3
"""A difference of 0.1 % of Adam's largest step on generic gradients is a real one:
round-off is 1e-15 here, and the gap when v is constant is at that level."""


def adagrad_limit_rule(evidence: Mapping) -> Verdict:
    """refuted: a SymPy step fails, the corrected distance does not fall as
    1 - beta2 -> 0 (rate <= 0), or the uncorrected one falls too (rate >= 0: the
    correspondence would not break); verified: SymPy holds and both fitted rates are
    the theory's (1 and -1/2) within ``RATE_TOLERANCE``; supported: the directions
    are right but a rate is off the theory's."""
    failed = [key for key in SYMBOLIC_KEYS if not evidence[key]]
    rc, ru = evidence["rate_corrected"], evidence["rate_uncorrected"]
    rates = f"distance ~ (1-beta2)^{rc:.3f} with correction, ^{ru:.3f} without"
    if failed:
        return verdict("refuted", f"SymPy fails: {', '.join(failed)}; {rates}")
    if rc <= 0:
        return verdict("refuted", f"Adam does not approach AdaGrad as beta2 -> 1: {rates}")
    if ru >= 0:
        return verdict("refuted", f"without correction Adam approaches AdaGrad too: {rates}")
    if abs(rc - 1) > RATE_TOLERANCE or abs(ru + 0.5) > RATE_TOLERANCE:
        return verdict("supported", f"SymPy limit holds; {rates} (theory 1 and -0.5)")
    return verdict(
        "verified",
        f"SymPy: lim v-hat_t = (1/t) sum g_i^2 for every t, step -> AdaGrad's; {rates} "
        f"(theory 1, -0.5: the correspondence breaks) over 1 - beta2 = "
        f"{evidence['one_minus_beta2_range']}",
    )


def rmsprop_relation_rule(evidence: Mapping) -> Verdict:
    """refuted: the two methods coincide on generic gradients (gap below
    ``GAP_THRESHOLD``: no difference to speak of); verified: the gap is real, the
    closed form explains it (SymPy for t <= 4, numerically to round-off) and vanishes
    when v is constant; supported: the gap is real but the closed form does not match."""
    gap = evidence["max_gap_relative_to_adam_step"]
    error = evidence["closed_form_relative_error"]
    constant = evidence["gap_when_v_constant_relative"]
    if gap < GAP_THRESHOLD:
        return verdict(
            "refuted", f"RMSProp + momentum = Adam without correction to {at_most(gap)}"
        )
    explained = (
        evidence["symbolic_residuals_zero_t1..4"]
        and error <= CLOSED_FORM_TOLERANCE
        and constant <= CLOSED_FORM_TOLERANCE
    )
    if not explained:
        return verdict(
            "supported",
            f"the steps differ by up to {gap:.2g} of Adam's step, but the closed form is off "
            f"by {at_most(error)} (v constant: {at_most(constant)})",
        )
    return verdict(
        "verified",
        f"Adam - RMSProp = alpha(1-beta1) sum beta1^(t-i) g_i (v_i^-1/2 - v_t^-1/2) (SymPy, "
        f"t <= 4; numerically {at_most(error)}); largest gap {gap:.2g} of Adam's step; "
        f"{at_most(constant)} when v is constant",
    )


CHECKS = {
    "sec5-adagrad-limit": Check(studies.adagrad_limit_evidence, adagrad_limit_rule),
    "sec5-rmsprop-relation": Check(studies.rmsprop_relation_evidence, rmsprop_relation_rule),
}
