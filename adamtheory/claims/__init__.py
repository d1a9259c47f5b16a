"""The ledger: one verdict per claim of the paper, each with its evidence.

``run_ledger()`` runs every check; ``run_claim("alg1")`` one. The checks live in one
module per part of the paper and register themselves with ``@check(id)``.
"""

from . import algorithm, bias_correction, failures, limits, regret, update_rule  # noqa: F401  (registers)
from ._registry import SCALES, VERDICTS, Result, Row, check, run_claim, run_ledger
from .catalog import CATALOG

__all__ = ["CATALOG", "SCALES", "VERDICTS", "Result", "Row", "check", "run_claim", "run_ledger"]
