"""The verdict rules of ``reddi-thm1``, ``reddi-thm2``, ``reddi-thm3``, ``amsgrad-regret``
and ``zhang-phase-diagram``: pure functions of the evidence records of ``studies``,
``amsgrad`` and ``phases``, thresholds as named constants."""

from __future__ import annotations

import math
from collections.abc import Mapping

from ...core.verdict import Check, Verdict, verdict
from . import amsgrad, phases, studies

__all__ = [
    "AT_PLUS_ONE",
    "CHECKS",
    "CONVERGE_TOP_MIN",
    "DIVERGE_BOTTOM_MIN",
    "PROFILE_DROP_MAX",
    "amsgrad_regret_rule",
    "reddi_thm1_rule",
    "reddi_thm2_rule",
    "reddi_thm3_rule",
    "zhang_phase_diagram_rule",
]

AT_PLUS_ONE = 1.0
"""Adam fails when its iterate is exactly +1 at *every* period start of the tail: that
forces each period's regret >= 2(C - P + 1), so R/T >= 2(C-P+1)/P there (2/C in
Theorem 2), with no threshold on R/T to tune. One period start below +1 and the
inequality no longer follows for that period, so nothing less than all counts."""


def reddi_thm1_rule(evidence: Mapping) -> Verdict:
    """Supported when every Adam variant sits at +1 at every tail period start; refuted
    when one leaves (then R/T need not stay away from 0)."""
    fractions = {k: evidence[f"{k.replace('-', '_')}_at_plus_one"] for k in studies.ADAM_VARIANTS}
    worst = min(fractions, key=fractions.get)
    stuck = fractions[worst] >= AT_PLUS_ONE
    condition = (
        f"T={evidence['T']}, beta=({evidence['beta1']:g}, {evidence['beta2']:.3g}): Adam's x_t = +1 "
        f"at {fractions[worst]:.0%} of {evidence['tail_period_starts']} tail period starts ({worst}), "
        f"so R/T >= {evidence['forced_average_regret']:.3g} (measured "
        f"{evidence['adam_bc_eps_average_regret']:.3g}); AMSGrad at +1 at "
        f"{evidence['amsgrad_at_plus_one']:.0%}, R/T {evidence['amsgrad_average_regret']:.3g}"
    )
    return verdict("supported" if stuck else "refuted", condition)


def reddi_thm2_rule(evidence: Mapping) -> Verdict:
    """Supported when, for every (beta1, beta2) pair, Adam (every variant) is at +1 at every
    tail period start of its period-C problem; refuted at the first pair where it is not."""
    rows = list(zip(evidence["pairs"], evidence["C"], evidence["adam_at_plus_one"], strict=True))
    failing = [r for r in rows if r[2] < AT_PLUS_ONE]
    ams = max(evidence["amsgrad_at_plus_one"])
    tail = (
        f"AMSGrad at +1 at <= {ams:.0%} of them (max tail x "
        f"{max(evidence['amsgrad_x_max']):.2f}) on the same problems"
    )
    if failing:
        pair, C, frac = failing[0]
        return verdict(
            "refuted",
            f"beta={pair}, C={C}, T={evidence['T']}: Adam's x_t = +1 at only {frac:.0%} of the "
            f"tail period starts; {tail}",
        )
    worst = max(range(len(rows)), key=lambda k: evidence["C"][k])
    return verdict(
        "supported",
        f"{len(rows)}/{len(rows)} pairs, T={evidence['T']}: Adam's x_t = +1 at every tail period "
        f"start, so R/T >= 2/C (e.g. beta={rows[worst][0]}, C={rows[worst][1]}: R/T "
        f"{evidence['adam_average_regret'][worst]:.3g} >= {evidence['forced_average_regret'][worst]:.3g}); "
        + tail,
    )


def reddi_thm3_rule(evidence: Mapping) -> Verdict:
    r"""Supported when Adam's expected suboptimality :math:`\delta(x+1)` over the tail is at
    least :math:`\delta` for every pair (the iterates on the wrong half, :math:`x \ge 0`);
    refuted otherwise."""
    delta = evidence["delta"]
    adam = min(evidence["adam_expected_gap"])
    condition = (
        f"F(x) = {delta:g}x on [-1, 1], T={evidence['T']}, {evidence['seeds']} seeds: Adam's "
        f"F(x)-F(-1) over the tail >= {adam:.3g} (max {2 * delta:g}; Adam fails when >= {delta:g}), "
        f"AMSGrad's <= {max(evidence['amsgrad_expected_gap']):.2g}"
    )
    return verdict("supported" if adam >= delta else "refuted", condition)


def amsgrad_regret_rule(evidence: Mapping) -> Verdict:
    """Decided by Theorem 4's bound, not by a fitted slope: supported when R(t) <= bound(t)
    at every recorded horizon of every problem, refuted at the first problem where not."""
    ratios = evidence["max_ratio"]
    rates = ", ".join(f"{r:.2f}" for r in evidence["rate_last_two_decades"])
    worst = max(range(len(ratios)), key=ratios.__getitem__)
    condition = (
        f"T={evidence['T']}, {len(ratios)} problems: max R(t)/bound(t) = {ratios[worst]:.3g} "
        f"({evidence['problems'][worst]}); regret log-log rates over the last two decades "
        f"{rates} (transients, not read as rates); constant beta1 > 0 satisfies Thm 4 but its "
        "bound grows like T^1.5"
    )
    return verdict("supported" if ratios[worst] <= 1.0 else "refuted", condition)


CONVERGE_TOP_MIN = 0.9
"""'Converges once beta2 is large enough': at least 90% of the rows with beta1 < sqrt(beta2)
converge at the largest beta2 (0.9999); 10% leaves room for rows next to beta1 = sqrt(beta2),
where the theorem's constants blow up and a finite T may not suffice."""

DIVERGE_BOTTOM_MIN = 0.9
"""'Diverges for small beta2': at least 90% of the cells of the three smallest beta2 columns
inside beta1 < sqrt(beta2) run off (|x - x*| > 5 |x_1 - x*|)."""

PROFILE_DROP_MAX = 0.1
"""A phase *transition* in beta2: the column-wise converging fraction may fall by at most
0.1 (four of 40 rows) as beta2 grows; sampling noise flips single cells next to the
boundary, a larger fall is a second boundary."""


def _scheme(evidence: Mapping, name: str) -> dict[str, float]:
    boundary = evidence[f"{name}_boundary"]
    shift = abs(boundary[-1] - boundary[-2]) if len(boundary) > 1 else math.nan
    return {
        "top": evidence[f"{name}_converge_top"][-1],
        "bottom": evidence[f"{name}_diverge_bottom"][-1],
        "drop": evidence[f"{name}_profile_drop"][-1],
        "shift": shift,
        "boundary": boundary[-1],
    }


def zhang_phase_diagram_rule(evidence: Mapping) -> Verdict:
    """At the last checkpoint, for both of the source's sampling schemes: refuted if the
    large-beta2 column does not converge or the small-beta2 columns do not diverge;
    qualified if both ends hold but the transition between them is not monotone in beta2;
    supported otherwise. The boundary's move since the previous checkpoint is reported,
    not decided on: with other seeds of the sampled order it moves 0.1 to 0.4 decades of
    1 - beta2 between T = 10^4 and 10^5 (the 10^4 boundary is itself noisy, the largest
    beta2 not having converged yet). The cyclic extra is not read."""
    T = evidence["checkpoints"][-1]
    s = {name: _scheme(evidence, name) for name in ("shuffle", "replacement")}
    text = "; ".join(
        f"{name}: {v['top']:.0%} converge at beta2=0.9999, {v['bottom']:.0%} diverge at beta2<=0.38, "
        f"drop {v['drop']:.2f}, boundary 1-beta2=10^-{v['boundary']:.2f} (moved {v['shift']:.2f})"
        for name, v in s.items()
    )
    head = f"Zhang's example n=10, a=1, {evidence['grid']} grid, T={T}, no bias correction: "
    if any(v["top"] < CONVERGE_TOP_MIN or v["bottom"] < DIVERGE_BOTTOM_MIN for v in s.values()):
        return verdict("refuted", head + text)
    if any(v["drop"] > PROFILE_DROP_MAX for v in s.values()):
        return verdict("qualified", head + "transition not monotone in beta2: " + text)
    return verdict("supported", head + text)


CHECKS = {
    "reddi-thm1": Check(studies.reddi_thm1_evidence, reddi_thm1_rule),
    "reddi-thm2": Check(studies.reddi_thm2_evidence, reddi_thm2_rule),
    "reddi-thm3": Check(studies.reddi_thm3_evidence, reddi_thm3_rule),
    "amsgrad-regret": Check(amsgrad.amsgrad_regret_evidence, amsgrad_regret_rule),
    "zhang-phase-diagram": Check(phases.zhang_evidence, zhang_phase_diagram_rule),
}
