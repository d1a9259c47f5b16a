"""The command line: ``python -m adamtheory verify | list``.

Exit codes: 0 when every check ran, whatever the verdicts (a refuted claim is a
finding); 1 when a check crashed (its row says ``error``); 2 for a usage error
(an unknown claim id, a bad option).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from . import __version__
from .ledger import CATALOG, SCALES, run_ledger

WIDTH = 100
"""Table width: rows stay readable in a 100-column terminal or log."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m adamtheory",
        description="Check the claims of Kingma & Ba, Adam (ICLR 2015), one verdict per claim.",
        epilog="exit codes: 0 every check ran; 1 a check crashed; 2 usage error",
    )
    parser.add_argument("--version", action="version", version=f"adamtheory {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="run the ledger and print one verdict per claim")
    verify.add_argument(
        "--json", action="store_true", help="print a JSON array instead of a table"
    )
    verify.add_argument(
        "--only", action="append", metavar="ID", help="run only this claim (repeatable)"
    )
    verify.add_argument(
        "--scale", choices=SCALES, default="default", help="'paper' runs the long versions"
    )
    verify.add_argument(
        "--no-progress", action="store_true", help="no progress bar or progress lines on stderr"
    )
    commands.add_parser("list", help="list the claim ids")
    return parser


def table(rows) -> str:
    """The ledger as text: a header line per claim, its evidence wrapped and indented."""
    lines = [f"{'id':<34} {'section':<20} {'verdict':<12} {'seconds':>8}", "-" * WIDTH]
    for row in rows:
        lines.append(f"{row.id:<34} {row.section:<20} {row.verdict:<12} {row.seconds:>8.1f}")
        lines += textwrap.wrap(
            row.summary, width=WIDTH, initial_indent="    ", subsequent_indent="    "
        )
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.verdict] = counts.get(row.verdict, 0) + 1
    lines.append("-" * WIDTH)
    lines.append(", ".join(f"{n} {verdict}" for verdict, n in counts.items()))
    return "\n".join(lines)


def _progress(args) -> str | None:
    if args.no_progress:
        return None
    return "bar" if sys.stderr.isatty() else "lines"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "list":
        for claim_id, entry in CATALOG.items():
            print(f"{claim_id:<34} {entry.section:<20} {entry.claim}")
        return 0
    unknown = [i for i in args.only or [] if i not in CATALOG]
    if unknown:
        print(
            f"unknown claim id(s): {', '.join(unknown)}; see 'python -m adamtheory list'",
            file=sys.stderr,
        )
        return 2
    if args.scale == "paper":
        print(
            "scale: paper (the paper's horizons and full grids; this takes long)", file=sys.stderr
        )
    rows = run_ledger(args.only, scale=args.scale, progress=_progress(args))
    if args.json:
        print(json.dumps([row.as_dict() for row in rows], indent=2))
    else:
        print(f"scale: {args.scale}")
        print(table(rows))
    for row in rows:
        if row.error:
            print(f"\ncheck {row.id} crashed:\n{row.error}", file=sys.stderr)
    return 1 if any(row.verdict == "error" for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
