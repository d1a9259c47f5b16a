"""The generated pages of the lecture site: pure functions from data to MyST Markdown.

- ``ledger_markdown(records, notebooks)``: the ledger page, from the records of
  ``python -m adamtheory verify --json`` (a list of objects with ``id``, ``section``,
  ``claim``, ``verdict``, ``summary``, ``evidence``, ``notebook``; other keys ignored);
- ``summary_markdown(records)``: the landing page's headline findings;
- ``commands_markdown(readme)``: the README's commands, for the landing page;
- ``toc_yaml(notebooks)``: the book's table of contents, one chapter per notebook.

No Sphinx, no I/O: ``site/build.py`` reads the files and runs the tools, and
``tests/test_site_pages.py`` tests these functions on hand-made records.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence

VERDICT_ORDER = ("verified", "supported", "qualified", "refuted", "not-checked", "error")
"""The ledger's verdicts, strongest first; anything else sorts after them."""

LEDGER_DOC = "ledger"
"""The ledger page's document name (``ledger.md`` at the book's root)."""

_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|$~^&:=])")


def md_escape(text: object) -> str:
    """``text`` as literal Markdown: the punctuation that Markdown, MyST or a table
    could read backslash-escaped (CommonMark allows it for any ASCII punctuation), so
    ``|`` cannot end a table cell, ``$`` cannot open math, ``*`` cannot start
    emphasis, ``{`` cannot start a role; newlines become spaces."""
    flat = " ".join(str(text).split())
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", flat)


def claim_ref(claim_id: object) -> str:
    """A ``{ref}`` role to a claim's section, titled with its id (role text is not
    Markdown, so it is not escaped; the characters of the role's syntax and the table's
    ``|`` are dropped)."""
    title = re.sub(r"[`<>|]", "", str(claim_id)).strip() or "?"
    return f"{{ref}}`{title} <{claim_label(claim_id)}>`"


def claim_label(claim_id: object) -> str:
    """The Sphinx label of a claim's section on the ledger page."""
    return "claim-" + re.sub(r"[^a-z0-9]+", "-", str(claim_id).lower()).strip("-")


def verdict_badge(verdict: object) -> str:
    """The verdict as an inline HTML badge (``<span class="verdict verdict-...">``)."""
    text = str(verdict)
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unknown"
    return f'<span class="verdict verdict-{slug}">{html.escape(text)}</span>'


def format_value(value: object) -> str:
    """An evidence value as Markdown: strings as text, lists joined, the rest as JSON."""
    if isinstance(value, str):
        return md_escape(value)
    if isinstance(value, (list, tuple)):
        return md_escape(", ".join(v if isinstance(v, str) else _json(v) for v in value))
    return md_escape(_json(value))


def _json(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(value)


def _code(text: object) -> str:
    """``text`` in a code span (long enough backtick fence; pipes escaped for tables)."""
    body = " ".join(str(text).split()).replace("|", "\\|")
    fence = "`" * (max((len(m) for m in re.findall(r"`+", body)), default=0) + 1)
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def verdict_counts(records: Iterable[Mapping]) -> dict[str, int]:
    """How many claims have each verdict, in ``VERDICT_ORDER`` then first-seen order."""
    counts: dict[str, int] = {}
    for record in records:
        verdict = str(record.get("verdict", "error"))
        counts[verdict] = counts.get(verdict, 0) + 1
    known = [v for v in VERDICT_ORDER if v in counts]
    return {v: counts[v] for v in known + [v for v in counts if v not in VERDICT_ORDER]}


def notebook_doc(path: object, notebooks: Mapping[str, str]) -> str | None:
    """The book's document for a record's ``notebook`` path, or None when the book does
    not have that notebook (not written yet, or no notebook)."""
    if not isinstance(path, str) or not path:
        return None
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    doc = "notebooks/" + name
    return doc if doc in notebooks else None


def _link_text(title: str) -> str:
    """A notebook's title (Markdown, math included) as link text: kept as written,
    only the characters that would end the link or the table cell escaped."""
    flat = " ".join(title.split())
    return re.sub(r"([\[\]|])", r"\\\1", flat)


def notebook_link(path: object, notebooks: Mapping[str, str]) -> str:
    """A Markdown link to a record's notebook chapter, or plain text saying why not."""
    doc = notebook_doc(path, notebooks)
    if doc is not None:
        return f"[{_link_text(notebooks[doc])}]({doc})"
    if isinstance(path, str) and path:
        return f"{_code(path)} (not in the book yet)"
    return "none"


def ledger_markdown(records: Sequence[Mapping], notebooks: Mapping[str, str]) -> str:
    """The ledger page: a verdict table, then one section per claim with its evidence.

    ``notebooks`` maps the book's notebook documents (``"notebooks/01_x.ipynb"``) to
    their titles; a record whose notebook is not among them is shown unlinked.
    """
    counts = verdict_counts(records)
    lines = [
        "# The ledger: one verdict per claim",
        "",
        "Generated from `python -m adamtheory verify --json` when this site was built, so "
        "the site and the ledger cannot drift. A refuted claim is a finding, not a failure.",
        "",
        "**" + ", ".join(f"{n} {v}" for v, n in counts.items()) + f"** ({len(records)} claims).",
        "",
        "| claim | section | verdict | notebook |",
        "| --- | --- | --- | --- |",
    ]
    for record in records:
        lines.append(
            f"| {claim_ref(record.get('id'))} "
            f"| {md_escape(record.get('section', ''))} "
            f"| {verdict_badge(record.get('verdict', 'error'))} "
            f"| {notebook_link(record.get('notebook'), notebooks)} |"
        )
    for record in records:
        lines += [""] + claim_section(record, notebooks)
    return "\n".join(lines) + "\n"


def claim_section(record: Mapping, notebooks: Mapping[str, str]) -> list[str]:
    """One claim's section of the ledger page: label, verdict, claim, summary, evidence."""
    lines = [
        f"({claim_label(record.get('id'))})=",
        f"## {md_escape(record.get('id'))}",
        "",
        f"{verdict_badge(record.get('verdict', 'error'))} "
        f"**Section {md_escape(record.get('section', '?'))}.** {md_escape(record.get('claim', ''))}",
        "",
    ]
    if record.get("summary"):
        lines += [md_escape(record["summary"]), ""]
    evidence = record.get("evidence")
    if isinstance(evidence, Mapping) and evidence:
        lines += ["| evidence | value |", "| --- | --- |"]
        lines += [f"| {_code(key)} | {format_value(value)} |" for key, value in evidence.items()]
        lines.append("")
    elif evidence:
        lines += [f"Evidence: {format_value(evidence)}", ""]
    lines.append(f"Notebook: {notebook_link(record.get('notebook'), notebooks)}")
    return lines


def summary_markdown(records: Sequence[Mapping]) -> str:
    """The landing page's headline findings: the counts, then the refuted and the
    qualified claims (and any that crashed), each linked to its ledger section."""
    counts = verdict_counts(records)
    lines = [
        f"The ledger gives {len(records)} claims a verdict: "
        + ", ".join(f"{verdict_badge(v)} {n}" for v, n in counts.items())
        + f". The full table, with every claim's evidence, is {{doc}}`the ledger <{LEDGER_DOC}>`.",
    ]
    for verdict, heading in (
        ("refuted", "Refuted: a counterexample exists"),
        ("qualified", "Qualified: true only under a condition the paper does not state"),
        ("error", "Error: the check crashed"),
    ):
        chosen = [r for r in records if r.get("verdict") == verdict]
        if not chosen:
            continue
        lines += ["", f"**{heading}.**", ""]
        lines += [
            f"- {claim_ref(r.get('id'))} "
            f"(§{md_escape(r.get('section', '?'))}): {md_escape(r.get('summary') or r.get('claim', ''))}"
            for r in chosen
        ]
    return "\n".join(lines) + "\n"


def readme_block(readme: str, marker: str) -> str | None:
    """The command line between ``<!-- marker -->`` markers of the README, or None."""
    block = re.search(rf"<!-- {marker} -->\n(.*?)\n<!-- {marker} -->", readme, re.S)
    if not block:
        return None
    lines = [line for line in block.group(1).splitlines() if line.startswith("python")]
    return lines[0] if lines else None


def commands_markdown(readme: str) -> str:
    """The README's commands (ledger, tests, site) as code blocks for the landing page."""
    parts = []
    for marker, what in (
        ("main-command", "Set up and run the ledger:"),
        ("test-command", "Run every test, the unit tests and every notebook under nbval:"),
        ("site-command", "Build this site (it prints the folder to open last):"),
    ):
        command = readme_block(readme, marker)
        if command:
            parts += [what, "", "```bash", command, "```", ""]
    return "\n".join(parts)


def fill(template: str, blocks: Mapping[str, str]) -> str:
    """``template`` with each line ``<!-- name -->`` replaced by ``blocks[name]``."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in blocks:
            raise KeyError(f"no block for <!-- {name} --> in the template")
        return blocks[name].rstrip("\n")

    return re.sub(r"^<!-- ([a-z-]+) -->$", replace, template, flags=re.M)


def notebook_title(notebook: Mapping, fallback: str) -> str:
    """The first Markdown heading of a notebook (what Sphinx takes as its title)."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        for line in text.splitlines():
            heading = re.match(r"^#{1,6}\s+(.*\S)", line)
            if heading:
                return heading.group(1).strip()
    return fallback


def toc_yaml(notebooks: Sequence[str]) -> str:
    """The book's ``_toc.yml``: the landing page, one chapter per notebook in the order
    given (``"notebooks/01_x.ipynb"``), then the ledger page."""
    lines = ["# Generated by site/build.py: do not edit.", "format: jb-book", "root: intro"]
    lines.append("parts:")
    if notebooks:
        lines += ["  - caption: Lectures", "    chapters:"]
        lines += [f"      - file: {doc.removesuffix('.ipynb')}" for doc in notebooks]
    lines += ["  - caption: The ledger", "    chapters:", f"      - file: {LEDGER_DOC}"]
    return "\n".join(lines) + "\n"
