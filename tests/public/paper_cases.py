"""Cases of the paper's parts (helpers that notebooks call with their own numbers) and
of modules still arriving on main."""

from __future__ import annotations

PAPER: list = []
ARRIVING_CASES: list = []
