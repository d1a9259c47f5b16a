"""The ledger: one verdict per claim of the paper, each with its evidence.

``run_ledger()`` runs every check, ``run_claim("alg1")`` one. The checks live in the
parts of ``adamtheory.paper`` (``paper.<part>.checks.CHECKS``); the ledger only
collects, runs and reports them, and nothing below it imports it.
"""

from ..core.verdict import SCALES, VERDICTS
from .catalog import CATALOG, Entry
from .registry import PARTS, checks
from .runner import LEDGER_VERDICTS, Row, plain, run_claim, run_ledger

__all__ = [
    "CATALOG",
    "LEDGER_VERDICTS",
    "PARTS",
    "SCALES",
    "VERDICTS",
    "Entry",
    "Row",
    "checks",
    "plain",
    "run_claim",
    "run_ledger",
]
