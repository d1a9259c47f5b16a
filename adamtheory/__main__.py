"""``python -m adamtheory verify [--json] [--only ID ...] [--scale paper]``: the ledger."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from .claims import CATALOG, SCALES, run_ledger


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m adamtheory",
        description="Check the claims of Kingma & Ba, Adam (ICLR 2015), one verdict per claim.",
    )
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
    verify.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    commands.add_parser("list", help="list the claim ids")
    return parser


def _table(rows) -> str:
    lines = [f"{'id':<32} {'section':<18} {'verdict':<12} evidence"]
    lines.append("-" * 110)
    for row in rows:
        summary = textwrap.shorten(row.result.summary, width=200, placeholder=" ...")
        lines.append(f"{row.id:<32} {row.section:<18} {row.result.verdict:<12} {summary}")
    counts = {}
    for row in rows:
        counts[row.result.verdict] = counts.get(row.result.verdict, 0) + 1
    lines.append("-" * 110)
    lines.append(", ".join(f"{n} {verdict}" for verdict, n in counts.items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "list":
        for claim_id, entry in CATALOG.items():
            print(f"{claim_id:<32} {entry.section:<18} {entry.claim}")
        return 0
    unknown = [i for i in args.only or [] if i not in CATALOG]
    if unknown:
        print(
            f"unknown claim id(s): {', '.join(unknown)}; see 'python -m adamtheory list'",
            file=sys.stderr,
        )
        return 2
    progress = not (args.no_progress or args.json) and sys.stderr.isatty()
    if args.scale == "paper":
        print(
            "scale: paper (the paper's horizons and full grids; this takes long)", file=sys.stderr
        )
    rows = run_ledger(args.only, scale=args.scale, progress=progress)
    if args.json:
        print(json.dumps([row.as_dict() for row in rows], indent=2))
    else:
        if args.scale == "paper":
            print("scale: paper")
        print(_table(rows))
    crashed = [row for row in rows if row.error]
    for row in crashed:
        print(f"\ncheck {row.id} crashed:\n{row.error}", file=sys.stderr)
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
