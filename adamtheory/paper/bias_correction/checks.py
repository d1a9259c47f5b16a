"""Verdict rules of Section 3: pure functions of the evidence records of :mod:`.studies`."""

from __future__ import annotations

from collections.abc import Mapping

from ...core.report import at_most, rounded
from ...core.verdict import Check, Verdict, verdict
from . import studies

__all__ = [
    "CHECKS",
    "FORMULA_TOLERANCE",
    "MUCH_LARGER",
    "NO_WORSE",
    "RECURSION_TOLERANCE",
    "SUM_TOLERANCE",
    "SYMPY_TOLERANCE",
    "UNSTABLE_FACTOR",
    "expectation_rule",
    "large_steps_rule",
    "unrolled_rule",
]

SUM_TOLERANCE = 1e-10
"""Relative gap allowed between the package's v_t and eq. (1)'s sum: a sum of up to
10^5 positive terms, each rounded at 1.1e-16, stays below 1e-11; 1e-10 leaves a margin
and is still six orders below any error in a coefficient (>= 1e-4 at beta2 = 0.9999)."""

RECURSION_TOLERANCE = 1e-9
"""Relative gap allowed between the SymPy closed forms of E[v_t] and the exact
expectation recursion: the closed forms divide by 1 - beta2 = 1e-3 and rho - beta2 ~ 0.02,
which costs about five of float64's sixteen digits."""


def unrolled_rule(evidence: Mapping) -> Verdict:
    """``sec3-unrolled``: verified when SymPy's residuals are 0 for symbolic t and the
    package's v_t is eq. (1)'s sum to rounding; refuted otherwise (which one failed)."""
    error = evidence["package_max_relative_error"]
    if not (evidence["symbolic_residuals_zero"] and evidence["matches_paper_eq1"]):
        residuals = ", ".join(evidence["nonzero_residuals"]) or "the summand differs from eq. (1)"
        return verdict("refuted", f"the unrolled sum does not solve the recurrence: {residuals}")
    if not error < SUM_TOLERANCE:
        return verdict(
            "refuted",
            f"Algorithm 1's v_t differs from eq. (1)'s sum by {rounded(error)} (relative) "
            f"after {evidence['steps']} steps, above {SUM_TOLERANCE:g}",
        )
    return verdict(
        "verified",
        "SymPy solves the EMA recurrence by telescoping: v_t = (1-beta2) sum beta2^(t-i) g_i^2, "
        f"residual 0 for symbolic t; package v_t = the sum to {at_most(error)} (relative) "
        f"after {evidence['steps']} steps",
    )


def expectation_rule(evidence: Mapping) -> Verdict:
    """``sec3-expectation``: verified when the SymPy identities hold and the Monte Carlo
    agrees with them (every |z| under the Bonferroni threshold) while detecting the known
    bias of the raw v_t (the test has power); refuted when an identity fails, a |z|
    exceeds the threshold or the closed form departs from the recursion."""
    z_star = evidence["bonferroni_z"]
    mc_z, zeta_z = evidence["mc_max_abs_z"], evidence["zeta_measured_vs_formula_max_abs_z"]
    gap = evidence["zeta_closed_form_vs_recursion_max_relative"]
    if not evidence["symbolic_identities_hold"]:
        failed = ", ".join(evidence["failed_identities"])
        return verdict("refuted", f"SymPy: these identities do not simplify to 0: {failed}")
    if not (mc_z < z_star and zeta_z < z_star):
        return verdict(
            "refuted",
            f"Monte Carlo contradicts the derivation: max |z| = {rounded(max(mc_z, zeta_z))} "
            f">= Bonferroni threshold {rounded(z_star)} (family level {evidence['family_level']:g})",
        )
    if not gap < RECURSION_TOLERANCE:
        return verdict(
            "refuted", f"closed form of zeta departs from the recursion by {rounded(gap)}"
        )
    if not evidence["uncorrected_v_min_abs_z"] > z_star:
        return verdict(
            "refuted",
            "the Monte Carlo cannot tell the raw v_t from E[g^2] (min |z| "
            f"{rounded(evidence['uncorrected_v_min_abs_z'])} <= {rounded(z_star)}): the check "
            "has no power, and the correction's premise (v_t biased by 1-beta2^t) fails",
        )
    wording = (
        "; finding: the paper says beta1 keeps zeta small, but zeta depends on beta2 only"
        if evidence["zeta_depends_on_beta2"] and not evidence["zeta_depends_on_beta1"]
        else ""
    )
    return verdict(
        "verified",
        "SymPy: E[v_t] = E[g_t^2](1-beta2^t) + zeta, zeta = 0 when stationary, so m-hat, v-hat "
        f"unbiased; Monte Carlo ({evidence['sequences']} sequences x {evidence['steps']} steps "
        f"x {len(evidence['models'])} models) max |z| = {rounded(mc_z)} < {rounded(z_star)}"
        + wording,
    )


FORMULA_TOLERANCE = 1e-5
"""Fed the same gradients, the uncorrected/corrected step ratio equals
(1-beta1^t)/sqrt(1-beta2^t) up to eps/sqrt(v_t) <= 1e-8 / 1e-3 = 1e-5 on the noisy
quadratic (|g| >= ~1e-3)."""

SYMPY_TOLERANCE = 1e-12
"""SymPy's ratio, lambdified, against NumPy's one_minus_power form: two float64
evaluations of the same expression, O(1) values: round-off only."""

MUCH_LARGER = 10.0
"""'Much larger' initial steps: at least an order of magnitude at beta2 = 0.9999 (the
largest beta2 of Section 6.4), with the default beta1 = 0.9."""

UNSTABLE_FACTOR = 2.0
"""Training is unstable when a minibatch loss exceeds twice the loss of the untrained
model (log 2 at theta = 0): the optimizer then made the model much worse than not
training at all, which no stable descent does (corrected Adam stays below 1.2 log 2)."""

NO_WORSE = 1.05
"""The uncorrected run is 'no less stable' when its worst loss is within 5 % of the
corrected run's: then the claim that training becomes unstable is refuted."""


def _increasing(values) -> bool:
    return all(a < b for a, b in zip(values, values[1:], strict=False))


def _instability(evidence: Mapping) -> tuple[str, str]:
    """'unstable', 'partial' or 'stable', and the numbers that decided it."""
    level = UNSTABLE_FACTOR * evidence["initial_loss"]
    without, with_ = evidence["max_loss_uncorrected"], evidence["max_loss_corrected"]
    numbers = (
        "max training loss without correction "
        + " / ".join(rounded(x) for x in without)
        + " vs with <= "
        + rounded(max(with_))
        + f" (beta2 = {', '.join(map(str, evidence['beta2']))}; unstable above {rounded(level)})"
    )
    if without[-1] <= NO_WORSE * with_[-1]:
        return "stable", numbers
    grows = _increasing(without)
    if without[-1] > level and with_[-1] <= level and grows:
        return "unstable", numbers
    return "partial", numbers


def large_steps_rule(evidence: Mapping) -> Verdict:
    """``sec3-no-correction-large-steps``: both halves of the claim.

    Steps: the ratio formula holds and reaches MUCH_LARGER at beta2 = 0.9999, growing with
    beta2. Instability: without correction the worst training loss exceeds UNSTABLE_FACTOR
    times the initial loss at the largest beta2, grows with beta2, and the corrected run
    stays below. Supported when both hold; refuted when the formula fails, the steps are
    not much larger, or the uncorrected training is no less stable (NO_WORSE); qualified
    when the uncorrected training is worse but short of the instability criterion.
    """
    deviation = evidence["same_gradients_max_relative_deviation"]
    ratios = evidence["max_ratio_first_100_steps_beta1=0.9"]
    if not (
        deviation < FORMULA_TOLERANCE
        and evidence["sympy_vs_numpy_formula_max_relative"] < SYMPY_TOLERANCE
    ):
        return verdict(
            "refuted",
            f"the step ratio departs from (1-beta1^t)/sqrt(1-beta2^t) by {rounded(deviation)}",
        )
    steps = "without correction the step is (1-beta1^t)/sqrt(1-beta2^t) times larger, " + (
        "max " + ", ".join(rounded(r) for r in ratios) + " (beta1 = 0.9)"
    )
    if not (ratios[-1] >= MUCH_LARGER and _increasing(ratios)):
        return verdict("refuted", f"steps not much larger: {steps} < {MUCH_LARGER:g}")
    state, numbers = _instability(evidence)
    if state == "stable":
        return verdict("refuted", f"{steps}; but training is no less stable: {numbers}")
    if state == "partial":
        return verdict("qualified", f"{steps}; training worse but not unstable: {numbers}")
    return verdict("supported", f"{steps}; training unstable (variant model): {numbers}")


CHECKS = {
    "sec3-unrolled": Check(studies.unrolled_evidence, unrolled_rule),
    "sec3-expectation": Check(studies.expectation_evidence, expectation_rule),
    "sec3-no-correction-large-steps": Check(studies.large_steps_evidence, large_steps_rule),
}
