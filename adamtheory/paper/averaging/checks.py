"""The verdict rule of Section 7.2: a pure function of :func:`.studies.averaging_evidence`."""

from __future__ import annotations

from collections.abc import Mapping

from ...core.report import at_most, rounded
from ...core.verdict import Check, Verdict, verdict
from . import studies

__all__ = ["CHECKS", "CONSTANT_TOLERANCE", "RMS_TOLERANCE", "averaging_rule"]

CONSTANT_TOLERANCE = 1e-10
"""theta-hat_t / c - 1 on a constant sequence: 1 - beta2^t carries a rounding of about
1e-16 / (1 - beta2^t) <= 1e-12 at t = 1, beta2 = 0.9999, and the EMA's own rounding
grows like t * 1e-16 <= 2e-12 over 2 * 10^4 steps; 1e-10 leaves a margin."""

RMS_TOLERANCE = 0.1
"""Measured RMS error over n runs against SymPy's sqrt(bias^2 + variance): its relative
standard error is about 1/sqrt(2n) = 2.2 % for n = 1000, so 10 % is 4.5 standard errors
(per step; steps of one run are strongly correlated, so the family is far from 1000
independent tests)."""


def averaging_rule(evidence: Mapping) -> Verdict:
    """Verified when SymPy proves theta-hat_t exact for constants (weights summing to 1),
    the package's ``ema_average`` is exact on constant sequences to rounding, and its
    errors on a noisy converging sequence match the derived ones; refuted otherwise."""
    worst = evidence["constant_sequence_max_relative_error"]
    rms_gap = evidence["rms_measured_vs_sympy_max_relative"]
    if not evidence["symbolic_exact"]:
        failed = ", ".join(evidence["failed_identities"])
        return verdict("refuted", f"SymPy: these identities fail: {failed}")
    if not worst < CONSTANT_TOLERANCE:
        return verdict(
            "refuted",
            f"the corrected EMA of a constant sequence is off by {rounded(worst)} (relative), "
            f"above {CONSTANT_TOLERANCE:g}",
        )
    if not rms_gap < RMS_TOLERANCE:
        return verdict(
            "refuted",
            f"the averages' RMS error departs from the derived one by {rounded(rms_gap)} "
            f"(relative), above {RMS_TOLERANCE:g}",
        )
    return verdict(
        "verified",
        "SymPy (rsolve): theta-bar_t = c(1-beta2^t) for theta_i = c, so theta-hat_t = c; the "
        f"weights of theta-hat_t sum to 1; ema_average exact to {at_most(worst)} over "
        f"{evidence['constant_sequence_steps']} steps; noisy-sequence RMS within "
        f"{rounded(rms_gap, 2)} of the derivation",
    )


CHECKS = {"sec7.2-averaging-correction": Check(studies.averaging_evidence, averaging_rule)}
