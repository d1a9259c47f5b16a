r"""Verdict rules of Section 2.1 and of AdaMax's step bound: evidence record -> verdict.

Each rule is a pure function of the record its study (:mod:`.studies`) returns; the
thresholds are the named constants below. Every rule can reach its contrary verdict
(``tests/paper/test_update_rule.py`` feeds each one hand-made records).
"""

from __future__ import annotations

from collections.abc import Mapping

from ...core.report import at_most
from ...core.verdict import Check, Verdict, verdict
from . import studies

__all__ = [
    "CHECKS",
    "EXACT",
    "MAJORITY",
    "REFUTE_ABOVE",
    "REFUTE_Q99",
    "ROUNDING",
    "SNR_FALLS",
    "SNR_TO_ZERO",
    "SUPPORT_ABOVE",
    "SUPPORT_Q99",
    "adamax_step_bound_rule",
    "bound_otherwise_rule",
    "bound_sparse_rule",
    "equal_case_rule",
    "scale_invariance_rule",
    "snr_annealing_rule",
    "trust_region_rule",
]

ROUNDING = 1e-12
"""Relative tolerance for "a ratio equals its bound" and "the search stays below the
closed form": the recursions behind these ratios take at most a few thousand float64
operations at 1.1e-16 each, and any real excess in these checks is above 1e-3."""

MAJORITY = 0.5
"""A step bound that fails on at least half of its own region (the grid's share) is
refuted even if it held at the witness point; failing on a minority only qualifies it."""

SUPPORT_Q99 = 1.1
""""|Delta_t| is about alpha or less" for 99% of the steps: the 99th percentile of
|Delta|/alpha within 10% of 1 in every scenario."""

SUPPORT_ABOVE = 0.01
"""... and at most 1% of the steps above alpha in every scenario (the same 1% as the
percentile above: a bound that holds for all but one step in a hundred)."""

REFUTE_ABOVE = 0.1
"""More than one step in ten above alpha in a common scenario: alpha no longer bounds
the step in any useful sense (a trust region that is left every tenth step)."""

REFUTE_Q99 = 2.0
"""The top percent of steps beyond twice alpha: "|Delta_t| <~ alpha" is off by a factor
that no reading of "approximately" covers."""

SNR_FALLS = 0.5
"""The SNR "falls" when its RMS near the optimum is below half its RMS at the start."""

SNR_TO_ZERO = 0.01
"""The SNR goes "toward 0" when it falls a hundredfold: the annealing the paper
describes, comparable to what alpha/sqrt(t) (Theorem 4.1's schedule) gives by
t = 10^4. A floor that stays above 1% of the start is not 0."""

EXACT = 1e-14
"""|Delta(c g) - Delta(g)|/alpha and the eps-shrinkage formula's error must stay within a
few ulps of a step of size ~1 (|Delta| <= sup ~ 7 alpha at the defaults): 1e-14."""


# --------------------------------------------------------------------------- bounds
def _bound_rule(evidence: Mapping, name: str) -> Verdict:
    """Shared by the step-bound claims: the exact sup against the claimed bound."""
    fraction = evidence["fraction_holding"]
    point = f"beta = ({evidence['beta1']:g}, {evidence['beta2']:g}), t = {evidence['t']}"
    searched = evidence.get("search_excess", 0.0) <= ROUNDING
    if fraction >= 1 and evidence["holds_at_point"] and searched:
        return verdict("verified", f"{name} holds on every point of its region's grid")
    shown = (
        f"{name}: |Delta|/alpha = {evidence['ratio']:.4g} > {evidence['bound']:.4g} at {point}"
        if not evidence["holds_at_point"]
        else f"{name} holds at {point}"
    )
    where = f"holds on {fraction:.1%} of its region (only if {evidence['holds_only_if']})"
    if not evidence["holds_at_point"] or fraction < MAJORITY:
        return verdict("refuted", f"{shown}; {where}")
    return verdict("qualified", f"{shown}; {where}")


def bound_sparse_rule(evidence: Mapping) -> Verdict:
    """``sec2.1-bound-sparse``: refuted, with the first t at which the bound fails."""
    decided = _bound_rule(evidence, "(1-b1)/sqrt(1-b2)")
    first = evidence["first_t_above_bound"]
    timing = (
        f"at the defaults the bound holds up to t = {first - 1} and fails from t = {first}"
        if first
        else "at the defaults the bound holds at every t checked"
    )
    agreement = f"raw-gradient search = closed form to {at_most(evidence['search_rel_error'])}"
    return verdict(decided.verdict, f"{decided.condition}; {timing}; {agreement}")


def bound_otherwise_rule(evidence: Mapping) -> Verdict:
    """``sec2.1-bound-otherwise``: the witness lies inside the claim's own region."""
    decided = _bound_rule(evidence, "|Delta_t| <= alpha")
    unbounded = f"unbounded on {evidence['unbounded_fraction']:.1%} (beta1^2 >= beta2)"
    return verdict(decided.verdict, f"{decided.condition}; {unbounded}")


def adamax_step_bound_rule(evidence: Mapping) -> Verdict:
    """``sec7.1-adamax-step-bound``: AdaMax's exact sup (1-b1) b2/(b2-b1) against 1."""
    decided = _bound_rule(evidence, "AdaMax |Delta_t| <= alpha")
    limit = f"limit {evidence['exact_sup_limit']:.4g} at the defaults"
    return verdict(decided.verdict, f"{decided.condition}; {limit}")


def equal_case_rule(evidence: Mapping) -> Verdict:
    """``sec2.1-equal-case``: tested as "<= 1", so a refutation rests on a ratio above 1.

    refuted: the ratio exceeds 1 at the witness point or on most of the curve;
    qualified: "<= 1" holds but a constant gradient reaches 1 (so "< 1" is only "<= 1");
    verified: below 1 everywhere.
    """
    ratio, point = evidence["ratio"], f"({evidence['beta1']:g}, {evidence['beta2']:g})"
    fraction = evidence["fraction_at_most_1"]
    if ratio > 1 + ROUNDING or fraction < MAJORITY:
        return verdict(
            "refuted",
            f"even '<= 1' fails: |m-hat/sqrt(v-hat)| = {ratio:.4g} at {point}, "
            f"t = {evidence['t']} (> 1 from t = {evidence['first_t_above_1']}); "
            f"'<= 1' holds on {fraction:.0%} of the curve (only if {evidence['holds_only_if']})",
        )
    constant = evidence["constant_gradient_ratio"]
    if constant >= 1 - ROUNDING:
        return verdict(
            "qualified",
            f"'<= 1' holds on the curve, not '< 1': a constant gradient gives {constant:.4g}",
        )
    return verdict("verified", f"'< 1' holds: sup {evidence['largest_sup_on_curve']:.4g}")


# ----------------------------------------------------------------- typical case
def trust_region_rule(evidence: Mapping) -> Verdict:
    """``sec2.1-trust-region``: the share of steps above alpha, scenario by scenario."""
    names = evidence["scenarios"]
    above = {n: evidence[f"{n}_fraction_above_1"] for n in names}
    q99 = {n: evidence[f"{n}_q99"] for n in names}
    medians = [evidence[f"{n}_median"] for n in names]
    worst = max(names, key=lambda n: above[n])
    reason = (
        f"the paper's reason (m-hat/sqrt(v-hat) ~ +-1) does not describe the typical step: "
        f"medians {min(medians):.2g}-{max(medians):.2g}"
    )
    largest = max(evidence[f"{n}_max"] for n in names)
    if any(above[n] > REFUTE_ABOVE or q99[n] > REFUTE_Q99 for n in names):
        bad = max(names, key=lambda n: q99[n])
        return verdict(
            "refuted",
            f"{bad}: {above[bad]:.1%} of steps above alpha, q99 {q99[bad]:.3g} alpha; {reason}",
        )
    if all(above[n] <= SUPPORT_ABOVE and q99[n] <= SUPPORT_Q99 for n in names):
        return verdict(
            "supported",
            f"99% of steps <= {max(q99.values()):.3g} alpha in all {len(names)} scenarios, "
            f"<= {above[worst]:.2%} above alpha, max {largest:.3g}; {reason}",
        )
    broken = [n for n in names if above[n] > SUPPORT_ABOVE or q99[n] > SUPPORT_Q99]
    return verdict(
        "qualified",
        f"99% of steps <= {max(q99.values()):.3g} alpha, but not a bound: "
        + ", ".join(f"{n} {above[n]:.2%} above alpha" for n in broken)
        + f" (max {largest:.3g} alpha); {reason}",
    )


def snr_annealing_rule(evidence: Mapping) -> Verdict:
    """``sec2.1-snr-annealing``: does the SNR fall toward 0, and under which noise?"""

    def ratio(kind: str) -> float:
        return evidence[f"{kind}_end"] / evidence[f"{kind}_start"]

    exact, vanishing, additive = ratio("exact"), ratio("vanishing"), ratio("additive")
    numbers = (
        f"RMS SNR end/start: exact gradients {at_most(exact, 1e-6)}, noise vanishing at the "
        f"optimum {at_most(vanishing, 1e-6)}, additive noise {additive:.2g} (floor "
        f"{evidence['additive_end']:.3g} vs sqrt((1-b1)/(1+b1)) = "
        f"{evidence['noise_floor_theory']:.3g})"
    )
    if exact >= SNR_FALLS and vanishing >= SNR_FALLS:
        return verdict("refuted", f"the SNR does not fall near the optimum: {numbers}")
    if max(exact, vanishing, additive) < SNR_TO_ZERO:
        return verdict("supported", f"the SNR falls toward 0 in every setting: {numbers}")
    return verdict(
        "qualified",
        f"the SNR goes to 0 only when the gradient noise vanishes at the optimum; "
        f"additive noise stops it at a floor: {numbers}",
    )


def scale_invariance_rule(evidence: Mapping) -> Verdict:
    """``sec2.1-scale-invariance``: exact with eps = 0 (SymPy, float64), eps's shrinkage."""
    error = evidence["eps0_max_abs_error_over_alpha"]
    formula = evidence["eps_formula_max_abs_error_over_alpha"]
    exact = (
        evidence["sympy_residual"] == "0"
        and error <= EXACT
        and evidence["eps0_power_of_two_bitwise"]
        and formula <= EXACT
    )
    condition = (
        f"eps = 0: Delta(c g) = Delta(g) (SymPy residual {evidence['sympy_residual']}; float64 "
        f"within {at_most(error)} alpha for c in [1e-8, 1e8], bitwise for c = 2^k: "
        f"{evidence['eps0_power_of_two_bitwise']}); eps = 1e-8 shrinks Delta by "
        f"eps/(c sqrt(vhat)+eps) (formula to {at_most(formula)} alpha; "
        f"{evidence['eps_1e-8_max_deviation_c1e-8']:.3g} at c = 1e-8); |c g| > 1.3e154 "
        f"raises, and so does |c g| < 5e-161 with eps = 0 ((1-b2) g^2 underflows)"
    )
    return verdict("verified" if exact else "refuted", condition)


CHECKS = {
    "sec2.1-bound-sparse": Check(studies.bound_sparse_evidence, bound_sparse_rule),
    "sec2.1-bound-otherwise": Check(studies.bound_otherwise_evidence, bound_otherwise_rule),
    "sec2.1-equal-case": Check(studies.equal_case_evidence, equal_case_rule),
    "sec2.1-trust-region": Check(studies.trust_region_evidence, trust_region_rule),
    "sec2.1-snr-annealing": Check(studies.snr_annealing_evidence, snr_annealing_rule),
    "sec2.1-scale-invariance": Check(studies.scale_invariance_evidence, scale_invariance_rule),
    "sec7.1-adamax-step-bound": Check(studies.adamax_step_bound_evidence, adamax_step_bound_rule),
}
