"""The verdict contract: a claim's check is a study and a rule (DESIGN.md).

A *study* ``study(scale) -> evidence`` runs the experiment or the derivation and
returns an evidence record: a flat ``dict`` of named numbers, booleans and short
strings (the witness of a refutation, a fitted exponent, the data and scale used).
A *rule* ``rule(evidence) -> Verdict`` is a pure function of that record alone: its
thresholds are named module constants with a docstring that says why that value.
Tests feed rules hand-made records and reach every verdict a rule can give.

Each part of the paper (``adamtheory.paper.<part>.checks``) exports ``CHECKS``, a
mapping from claim id to :class:`Check`; the ledger collects them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

__all__ = ["SCALES", "VERDICTS", "Check", "Evidence", "Verdict", "verdict"]

VERDICTS = ("verified", "supported", "qualified", "refuted")
"""What a rule may say: proved or exact; evidence agrees; true only under a condition
the paper does not state; a counterexample exists."""

SCALES = ("default", "paper")
"""``default``: the whole ledger in minutes on 2 cores; ``paper``: the paper's horizons."""

Evidence = Mapping[str, Any]


class Verdict(NamedTuple):
    """A rule's decision: one of :data:`VERDICTS` and a one-line condition.

    ``condition`` says what holds and under which condition, with the numbers that
    decided it (the ledger prints it as the row's evidence line).
    """

    verdict: str
    condition: str


def verdict(word: str, condition: str) -> Verdict:
    """Build a :class:`Verdict`, rejecting a word outside :data:`VERDICTS`."""
    if word not in VERDICTS:
        raise ValueError(f"verdict must be one of {VERDICTS}, got {word!r}")
    if not isinstance(condition, str) or not condition:
        raise ValueError("condition must be a non-empty string")
    return Verdict(word, condition)


class Check(NamedTuple):
    """One claim's check: ``study(scale) -> evidence`` and ``rule(evidence) -> Verdict``."""

    study: Callable[[str], dict[str, Any]]
    rule: Callable[[Evidence], Verdict]
