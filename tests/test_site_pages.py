"""The lecture site's generated pages (site/generate.py): pure functions from the ledger's
JSON records, the notebooks and the README to MyST Markdown. No Sphinx, no browser
(those are site/tests, run after a build)."""

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("site_generate", ROOT / "site" / "generate.py")
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)

NOTEBOOKS = {
    "notebooks/01_adam_algorithm.ipynb": "01 · Adam, Algorithm 1, line by line",
    "notebooks/04_regret.ipynb": r"04 · Regret and $O(\log d\,\sqrt T)$",
}


def record(claim_id, verdict="verified", notebook="notebooks/01_adam_algorithm.ipynb", **extra):
    return {
        "id": claim_id,
        "section": "2.1",
        "claim": f"claim of {claim_id}",
        "verdict": verdict,
        "summary": f"summary of {claim_id}",
        "evidence": {"ratio": 1.5},
        "notebook": notebook,
        **extra,
    }


RECORDS = [
    record("alg1"),
    record("sec2.1-bound-sparse", "refuted", claim="|Delta_t| <= alpha (1-beta1)/sqrt(1-beta2)"),
    record("efficient-order", "qualified"),
    record("thm4.1-regret-bound", "refuted", "notebooks/04_regret.ipynb"),
    record("sec6.1-logreg-mnist", "not-checked", "notebooks/06_experiments.ipynb"),
    record("crashy", "error", evidence={"error": "ZeroDivisionError: division by zero"}),
    record("no-notebook", "supported", None, seconds=0.25, scale="default"),
]


def table_rows(page: str) -> list[str]:
    """The rows of the ledger page's verdict table (its first table)."""
    block = page.split("| claim | section | verdict | notebook |\n| --- | --- | --- | --- |\n")[1]
    return block.split("\n\n")[0].splitlines()


def cells(row: str) -> list[str]:
    """A Markdown table row split on its unescaped pipes."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]


def test_the_ledger_page_lists_every_claim_in_order_with_its_verdict():
    page = generate.ledger_markdown(RECORDS, NOTEBOOKS)
    rows = table_rows(page)
    assert len(rows) == len(RECORDS)
    for rec, row in zip(RECORDS, rows, strict=True):
        claim, _section, verdict, _notebook = cells(row)
        assert claim == f"{{ref}}`{rec['id']} <{generate.claim_label(rec['id'])}>`"
        assert verdict == f'<span class="verdict verdict-{rec["verdict"]}">{rec["verdict"]}</span>'
    assert "**1 verified, 1 supported, 1 qualified, 2 refuted, 1 not-checked, 1 error** (7 claims)" in page  # fmt: skip


def test_every_claim_has_a_labelled_section_with_its_evidence():
    page = generate.ledger_markdown(RECORDS, NOTEBOOKS)
    labels = re.findall(r"^\((claim-[a-z0-9-]+)\)=$", page, re.M)
    assert labels == [generate.claim_label(r["id"]) for r in RECORDS]
    assert len(set(labels)) == len(labels)
    assert "| `ratio` | 1\\.5 |" in page
    assert "| `error` | ZeroDivisionError\\: division by zero |" in page
    assert "seconds" not in page and "scale" not in page  # unknown keys are not shown


def test_claims_link_to_their_notebook_chapter_or_say_why_not():
    page = generate.ledger_markdown(RECORDS, NOTEBOOKS)
    notebook_cells = [cells(row)[3] for row in table_rows(page)]
    assert notebook_cells[0] == "[01 · Adam, Algorithm 1, line by line](notebooks/01_adam_algorithm.ipynb)"  # fmt: skip
    # a title's math stays math (MathJax typesets it), it is not escaped
    assert (
        notebook_cells[3] == r"[04 · Regret and $O(\log d\,\sqrt T)$](notebooks/04_regret.ipynb)"
    )
    assert notebook_cells[4] == "`notebooks/06_experiments.ipynb` (not in the book yet)"
    assert notebook_cells[6] == "none"


def test_a_notebook_that_lands_is_linked_without_editing_anything():
    landed = {**NOTEBOOKS, "notebooks/06_experiments.ipynb": "06 · Experiments"}
    row = table_rows(generate.ledger_markdown(RECORDS, landed))[4]
    assert cells(row)[3] == "[06 · Experiments](notebooks/06_experiments.ipynb)"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("|Delta_t| <= alpha", r"\|Delta\_t\| \<\= alpha"),
        ("$x$ and *y* and [z](w)", r"\$x\$ and \*y\* and \[z\]\(w\)"),
        ("two\nlines", "two lines"),
        ("{{ sub }}", r"\{\{ sub \}\}"),
        ("plain words", "plain words"),
    ],
)
def test_text_is_escaped_so_it_renders_literally(text, escaped):
    assert generate.md_escape(text) == escaped


def test_a_claim_with_pipes_and_dollars_keeps_the_table_whole():
    nasty = record("x|y", "refuted", section="2|1", claim="$a$ | b", summary="c | $d$")
    row = table_rows(generate.ledger_markdown([nasty], NOTEBOOKS))[0]
    assert len(cells(row)) == 4
    evidence = generate.ledger_markdown([{**nasty, "evidence": {"a|b": "c|d"}}], NOTEBOOKS)
    assert "| `a\\|b` | c\\|d |" in evidence


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "true"),
        (2.77556e-14, "2\\.77556e\\-14"),
        (["a", 1], "a, 1"),
        ({"k": 1}, '\\{"k"\\: 1\\}'),
        (None, "null"),
    ],  # fmt: skip
)
def test_evidence_values_are_formatted(value, shown):
    assert generate.format_value(value) == shown


def test_unknown_verdicts_still_get_a_badge_and_sort_last():
    assert (
        generate.verdict_badge("<odd>") == '<span class="verdict verdict-odd">&lt;odd&gt;</span>'
    )
    counts = generate.verdict_counts([record("a", "weird"), record("b", "refuted"), record("c")])
    assert list(counts) == ["verified", "refuted", "weird"]


def test_the_landing_summary_counts_and_lists_the_findings():
    summary = generate.summary_markdown(RECORDS)
    assert summary.startswith("The ledger gives 7 claims a verdict: ")
    assert '<span class="verdict verdict-refuted">refuted</span> 2' in summary
    for heading in ("**Refuted", "**Qualified", "**Error"):
        assert heading in summary
    assert "{ref}`thm4.1-regret-bound <claim-thm4-1-regret-bound>`" in summary
    assert "{doc}`the ledger <ledger>`" in summary
    assert "**Error" not in generate.summary_markdown(RECORDS[:2])


def test_the_toc_has_one_chapter_per_notebook_in_order_then_the_ledger():
    yaml = pytest.importorskip("yaml")
    docs = ["notebooks/00_tour.ipynb", "notebooks/01_adam_algorithm.ipynb"]
    toc = yaml.safe_load(generate.toc_yaml(docs))
    assert toc["format"] == "jb-book" and toc["root"] == "intro"
    lectures, ledger = toc["parts"]
    assert [c["file"] for c in lectures["chapters"]] == ["notebooks/00_tour", "notebooks/01_adam_algorithm"]  # fmt: skip
    assert ledger["chapters"] == [{"file": "ledger"}]
    assert yaml.safe_load(generate.toc_yaml([]))["parts"] == [ledger]


def test_a_notebook_title_is_its_first_heading():
    notebook = {
        "cells": [
            {"cell_type": "code", "source": "# not a heading, a comment"},
            {"cell_type": "markdown", "source": ["Some text\n", "# 03 · Bias correction\n"]},
        ]
    }
    assert generate.notebook_title(notebook, "fallback") == "03 · Bias correction"
    assert generate.notebook_title({"cells": []}, "fallback") == "fallback"


def test_the_landing_page_shows_the_readme_commands():
    commands = generate.commands_markdown((ROOT / "README.md").read_text())
    assert "adamtheory verify" in commands and "pytest" in commands
    assert commands.count("```bash") == len(re.findall(r"<!-- (main|test|site)-command -->\n", (ROOT / "README.md").read_text())) // 2  # fmt: skip


def test_fill_replaces_marker_lines_and_refuses_unknown_ones():
    assert generate.fill("a\n<!-- x -->\nb", {"x": "X\n"}) == "a\nX\nb"
    assert generate.fill("inline <!-- x --> stays", {}) == "inline <!-- x --> stays"
    with pytest.raises(KeyError, match="no block"):
        generate.fill("<!-- y -->", {"x": "X"})


def test_the_landing_template_has_the_generated_blocks():
    template = (ROOT / "site" / "intro.md").read_text()
    filled = generate.fill(template, {"ledger-summary": "SUMMARY", "commands": "COMMANDS"})
    assert "SUMMARY" in filled and "COMMANDS" in filled
