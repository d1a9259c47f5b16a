"""Verdict rules for Section 7.1: ``sec7.1-adamax-limit`` and ``sec7.1-adamax-no-correction``."""

from __future__ import annotations

from collections.abc import Mapping

from ...core.report import at_most
from ...core.verdict import Check, Verdict, verdict
from . import studies

__all__ = [
    "CHECKS",
    "MONTE_CARLO_TOLERANCE",
    "RATE_BAND",
    "RECURSION_TOLERANCE",
    "adamax_limit_rule",
    "adamax_no_correction_rule",
]

RECURSION_TOLERANCE = 1e-13
"""AdaMax's recursion against the closed form max_i beta2^(t-i)|g_i| (log domain):
beta2^(t-i) as one power against t-i products, ~t ulps for t = 50 (measured 2e-15)."""

RATE_BAND = (-1.4, -0.8)
"""The fitted rate of the distance in p on p = 4..64. The error model
log(1/(p(1-beta2)))/p has local slopes -1.2..-1.4 on that range, and the distance
saturates towards small p, which flattens a fit (measured -1.02); a rate outside
[-1.4, -0.8] would mean the distance does not follow the squeeze's 1/p (up to logs)."""

MONTE_CARLO_TOLERANCE = 0.02
"""E[u_1]/E[u_oo] is a Monte Carlo ratio with standard error ~0.007 (1000 paths): two
ratios closer than 0.02 (about 3 standard errors) are not told apart."""


def adamax_limit_rule(evidence: Mapping) -> Verdict:
    """refuted: a SymPy step of the squeeze or the recursion fails, AdaMax's recursion
    differs from the closed form, or L^p-Adam's distance to AdaMax does not fall with p;
    verified: all hold and the fitted rate lies in ``RATE_BAND``; supported: the
    distance falls, but at a rate outside the band."""
    gap = evidence["recursion_vs_closed_form_max_rel_gap"]
    rate, fit_range = evidence["rate"], evidence["fit_range"]
    if not (evidence["symbolic_squeeze_ok"] and evidence["symbolic_recursion_ok"]):
        return verdict("refuted", "a SymPy step of the squeeze or of the recursion fails")
    if gap > RECURSION_TOLERANCE:
        return verdict("refuted", f"u_t by the recursion differs from the max by {gap:.2g}")
    if not evidence["distance_decreasing"] or rate >= 0:
        return verdict(
            "refuted", f"L^p-Adam does not approach AdaMax: distance ~ p^{rate:.2f} ({fit_range})"
        )
    low, high = RATE_BAND
    distances = evidence["distance"]
    numbers = (
        f"L^p-Adam -> AdaMax, distance {distances[0]:.2f} -> {distances[-1]:.2g} over "
        f"p = {evidence['p'][0]:g}..{evidence['p'][-1]:g}, ~ p^{rate:.2f} fitted on {fit_range}"
    )
    if not low <= rate <= high:
        return verdict("supported", f"SymPy squeeze holds; {numbers}, outside [{low}, {high}]")
    return verdict(
        "verified",
        f"SymPy squeeze M <= (sum a_i^p)^(1/p) <= t^(1/p) M for every t, (1-beta2^p)^(1/p) "
        f"-> 1; recursion = max to {at_most(gap)}; {numbers}",
    )


def adamax_no_correction_rule(evidence: Mapping) -> Verdict:
    """The narrow sense: L^p-Adam's correction tends to 1, the zero start never enters the
    maximum (u_t = |c| exactly for constant |g| = |c|). Under noisy gradients compare
    u_1's startup ratio E[u_1]/E[u_oo] with Adam's on the same draws.

    refuted: the narrow sense fails, or u_t starts as low as Adam's *uncorrected*
    sqrt(v_t) (a correction is needed as much as in Adam); verified: u_t starts at least
    as close to its stationary value as Adam's *corrected* sqrt(v-hat_t) (within
    ``MONTE_CARLO_TOLERANCE``); qualified: in between: no correction for the zero start
    itself, but a startup bias the paper does not mention."""
    narrow = (
        evidence["correction_limit_is_1"]
        and evidence["constant_gradient_u_is_|c|"]
        and evidence["first_step_u_is_|g_1|"]
        and evidence["constant_magnitude_u_gap"] == 0
    )
    ratio = evidence["noisy_u_ratio_t1"]
    corrected, uncorrected = (
        evidence["adam_corrected_ratio_t1"],
        evidence["adam_uncorrected_ratio_t1"],
    )
    startup = (
        f"N(0,1) gradients: E[u_t]/E[u_oo] = {ratio:.2f}, {evidence['noisy_u_ratio_t10']:.2f}, "
        f"{evidence['noisy_u_ratio_t100']:.2f} at t = 1, 10, 100 (Adam's sqrt(v-hat_1): "
        f"{corrected:.2f} corrected, {uncorrected:.2g} uncorrected)"
    )
    if not narrow:
        return verdict("refuted", f"the zero start enters u_t even for constant |g|; {startup}")
    if ratio <= uncorrected + MONTE_CARLO_TOLERANCE:
        return verdict("refuted", f"u_t is as biased as Adam's uncorrected moment: {startup}")
    if ratio >= corrected - MONTE_CARLO_TOLERANCE:
        return verdict(
            "verified", f"(1-beta2^(pt))^(1/p) -> 1 and u_t = |c| for constant |g|; {startup}"
        )
    return verdict(
        "qualified",
        f"no correction for the zero start itself ((1-beta2^(pt))^(1/p) -> 1; u_t = |c| "
        f"exactly for constant |g|), but under noise u_t starts low for "
        f"~{evidence['noisy_u_steps_to_0.95']} steps: {startup}",
    )


CHECKS = {
    "sec7.1-adamax-limit": Check(studies.adamax_limit_evidence, adamax_limit_rule),
    "sec7.1-adamax-no-correction": Check(
        studies.adamax_no_correction_evidence, adamax_no_correction_rule
    ),
}
