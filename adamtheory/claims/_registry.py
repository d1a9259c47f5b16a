"""The ledger's machinery: claims, verdicts, evidence, and the registry of checks.

A check is a function ``check(scale) -> Result`` registered for one claim id with
``@check("id")``; ``scale`` is ``"default"`` (the whole ledger in about two minutes
on a 2-core machine) or ``"paper"`` (the paper's horizons and full grids).
"""

from __future__ import annotations

import math
import numbers
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..ledger.catalog import CATALOG

VERDICTS = ("verified", "supported", "qualified", "refuted", "not-checked")
SCALES = ("default", "paper")

__all__ = ["SCALES", "VERDICTS", "Result", "Row", "check", "run_claim", "run_ledger"]


@dataclass(frozen=True)
class Result:
    """What a check found: a verdict, a one-line summary, and the named evidence.

    ``evidence`` maps names to numbers, short strings, booleans or short lists of
    them: the witness of a refutation, a fitted exponent, a measured ratio.
    """

    verdict: str
    summary: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")
        if self.verdict != "not-checked" and not self.evidence:
            raise ValueError("a verdict needs evidence")
        object.__setattr__(self, "evidence", {k: _plain(v) for k, v in self.evidence.items()})


@dataclass(frozen=True)
class Row:
    """One line of the ledger: the claim, its verdict and evidence, and how long it took."""

    id: str
    section: str
    claim: str
    notebook: str
    result: Result
    seconds: float
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section,
            "claim": self.claim,
            "verdict": self.result.verdict,
            "summary": self.result.summary,
            "evidence": self.result.evidence,
            "notebook": self.notebook,
        }


_CHECKS: dict[str, Callable[[str], Result]] = {}


def check(claim_id: str) -> Callable[[Callable[[str], Result]], Callable[[str], Result]]:
    """Register ``fn(scale) -> Result`` as the check of ``claim_id``."""
    if claim_id not in CATALOG:
        raise KeyError(f"unknown claim id {claim_id!r}; add it to ledger/catalog.py first")

    def register(fn: Callable[[str], Result]) -> Callable[[str], Result]:
        if claim_id in _CHECKS:
            raise KeyError(f"claim {claim_id!r} already has a check")
        _CHECKS[claim_id] = fn
        return fn

    return register


def run_claim(claim_id: str, scale: str = "default") -> Row:
    """Run the check of one claim; a crash becomes a row with ``error`` set."""
    if claim_id not in CATALOG:
        known = ", ".join(CATALOG)
        raise ValueError(f"unknown claim id {claim_id!r}; known ids: {known}")
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, got {scale!r}")
    entry = CATALOG[claim_id]
    fn = _CHECKS.get(claim_id)
    start = time.perf_counter()
    error = None
    if fn is None:
        result = Result("not-checked", "no check yet: " + entry.pending)
    else:
        try:
            result = fn(scale)
            if not isinstance(result, Result):
                raise TypeError(f"check returned {type(result).__name__}, not Result")
        except Exception as exc:  # the ledger reports a crashed check, it does not die
            error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            result = Result("not-checked", f"check crashed: {error}")
            error = traceback.format_exc()
    seconds = time.perf_counter() - start
    return Row(claim_id, entry.section, entry.claim, entry.notebook, result, seconds, error)


def run_ledger(ids=None, scale: str = "default", progress: bool = False) -> list[Row]:
    """Run the checks of ``ids`` (all claims by default), in the paper's order."""
    ids = list(CATALOG) if ids is None else list(ids)
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(ids, desc="checking claims", unit="claim", leave=False)
        rows = []
        for claim_id in bar:
            bar.set_postfix_str(claim_id)
            rows.append(run_claim(claim_id, scale))
        return rows
    return [run_claim(claim_id, scale) for claim_id in ids]


def _plain(value: Any) -> Any:
    """Evidence as JSON-ready Python values, floats rounded to 6 significant digits."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.ravel().tolist()]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
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
