"""Run the checks: study -> evidence -> rule -> verdict, one :class:`Row` per claim.

A crash in a study or a rule is caught and shown as its own verdict, ``error``, with
its message (never as ``not-checked``, which means that no check exists yet).
"""

from __future__ import annotations

import math
import numbers
import sys
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.verdict import SCALES, VERDICTS, Verdict
from .catalog import CATALOG
from .registry import checks

__all__ = ["LEDGER_VERDICTS", "Row", "run_claim", "run_ledger"]

LEDGER_VERDICTS = VERDICTS + ("not-checked", "error")
"""A rule's four verdicts, plus the ledger's own: no check yet; the check crashed."""


@dataclass(frozen=True)
class Row:
    """One line of the ledger: the claim, its verdict and evidence, how long it took."""

    id: str
    section: str
    claim: str
    notebook: str
    verdict: str
    summary: str
    evidence: dict[str, Any]
    seconds: float
    scale: str
    error: str | None = None  # the traceback of a crashed check

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section,
            "claim": self.claim,
            "verdict": self.verdict,
            "summary": self.summary,
            "evidence": self.evidence,
            "notebook": self.notebook,
            "seconds": round(self.seconds, 2),
            "scale": self.scale,
        }


def _decide(claim_id: str, scale: str) -> tuple[str, str, dict[str, Any]]:
    check = checks().get(claim_id)
    if check is None:
        return "not-checked", "no check yet: " + CATALOG[claim_id].pending, {}
    evidence = dict(check.study(scale))
    decision = check.rule(evidence)
    if not isinstance(decision, Verdict) or decision.verdict not in VERDICTS:
        raise TypeError(f"the rule of {claim_id} returned {decision!r}, not a Verdict")
    return decision.verdict, decision.condition, evidence


def run_claim(claim_id: str, scale: str = "default") -> Row:
    """Run the check of one claim; a crash becomes a row with verdict ``error``."""
    if not isinstance(claim_id, str) or claim_id not in CATALOG:
        raise ValueError(
            f"claim_id must be one of the ids of 'python -m adamtheory list', got {claim_id!r}"
        )
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, got {scale!r}")
    entry = CATALOG[claim_id]
    start = time.perf_counter()
    error = None
    try:
        verdict, summary, evidence = _decide(claim_id, scale)
    except Exception as exc:  # the ledger reports a crashed check; it does not die
        message = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        verdict, summary, evidence = "error", f"check crashed: {message}", {"error": message}
        error = traceback.format_exc()
    seconds = time.perf_counter() - start
    return Row(
        claim_id,
        entry.section,
        entry.claim,
        entry.notebook,
        verdict,
        summary,
        {k: plain(v) for k, v in evidence.items()},
        seconds,
        scale,
        error,
    )


def run_ledger(
    ids: Iterable[str] | None = None, scale: str = "default", progress: str | None = None
) -> list[Row]:
    """Run the checks of ``ids`` (all claims by default, duplicates dropped), in order.

    ``progress``: ``"bar"`` (a tqdm bar on stderr), ``"lines"`` (one plain line per
    claim on stderr as it finishes: for logs), or ``None``.
    """
    if ids is not None and (isinstance(ids, str | bytes) or not hasattr(ids, "__iter__")):
        raise TypeError(f"ids must be an iterable of claim ids (strings) or None, got {ids!r}")
    ids = list(CATALOG) if ids is None else list(dict.fromkeys(ids))
    for claim_id in ids:
        if not isinstance(claim_id, str) or claim_id not in CATALOG:
            raise ValueError(f"unknown claim id {claim_id!r}; see 'python -m adamtheory list'")
    if progress not in (None, "bar", "lines"):
        raise ValueError(f"progress must be None, 'bar' or 'lines', got {progress!r}")
    rows = []
    bar = None
    if progress == "bar":
        from tqdm.auto import tqdm

        bar = tqdm(total=len(ids), desc="checking claims", unit="claim", leave=False)
    for n, claim_id in enumerate(ids, start=1):
        if bar is not None:
            bar.set_postfix_str(claim_id)
        row = run_claim(claim_id, scale)
        rows.append(row)
        if bar is not None:
            bar.update()
        elif progress == "lines":
            print(
                f"[{n}/{len(ids)}] {row.id} {row.verdict} {row.seconds:.1f}s",
                file=sys.stderr,
                flush=True,
            )
    if bar is not None:
        bar.close()
    return rows


def plain(value: Any) -> Any:
    """Evidence as JSON-ready Python values, floats rounded to 6 significant digits."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.ravel().tolist()]
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        x = float(value)
        if math.isfinite(x) and x != 0:
            return float(f"{x:.6g}")
        return x if math.isfinite(x) else str(x)
    return str(value)
