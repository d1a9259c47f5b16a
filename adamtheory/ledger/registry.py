"""Which check decides which claim: every part's ``CHECKS``, collected in one table.

Each package ``adamtheory.paper.<part>`` has a module ``checks`` exporting
``CHECKS: dict[claim_id, Check]``. :data:`PARTS` lists the parts in the order of
the paper; :func:`checks` imports them and refuses an unknown or doubly-claimed id.
"""

from __future__ import annotations

import importlib
from functools import cache

from ..core.verdict import Check
from .catalog import CATALOG

__all__ = ["PARTS", "checks"]

PARTS = (
    "algorithm",
    "update_rule",
    "bias_correction",
    "regret",
    "failures",
    "adagrad_rmsprop",
    "experiments",
    "adamax",
    "averaging",
)
"""The packages of ``adamtheory.paper``, one per notebook, in the paper's order."""


def _part_checks(part: str) -> dict[str, Check]:
    try:
        module = importlib.import_module(f"adamtheory.paper.{part}.checks")
    except ModuleNotFoundError as exc:
        if exc.name in (f"adamtheory.paper.{part}", f"adamtheory.paper.{part}.checks"):
            return {}  # that part has not landed
        raise
    return dict(module.CHECKS)


@cache
def checks() -> dict[str, Check]:
    """Claim id -> :class:`Check`, from every part that has landed."""
    table: dict[str, Check] = {}
    for part in PARTS:
        for claim_id, check in _part_checks(part).items():
            if claim_id not in CATALOG:
                raise KeyError(f"paper.{part} checks unknown claim id {claim_id!r}")
            if claim_id in table:
                raise KeyError(f"claim {claim_id!r} is checked by two parts")
            if not isinstance(check, Check):
                raise TypeError(f"paper.{part}: CHECKS[{claim_id!r}] is not a Check")
            table[claim_id] = check
    return table
