"""Transitional: the checks not yet moved into ``adamtheory.paper.<part>``.

Each module registers its old-style checks with ``@check(id)``; a module is deleted
when its part moves, and this package with the last of them.
"""

import importlib

from ._registry import SCALES, VERDICTS, Result, Row, check, run_claim, run_ledger

for _name in ("algorithm", "bias_correction", "failures", "limits", "regret", "update_rule"):
    try:
        importlib.import_module(f".{_name}", __name__)
    except ModuleNotFoundError as _exc:
        if _exc.name != f"{__name__}.{_name}":
            raise

__all__ = ["SCALES", "VERDICTS", "Result", "Row", "check", "run_claim", "run_ledger"]
