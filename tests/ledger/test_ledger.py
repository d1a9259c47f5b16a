"""The ledger contract of DESIGN.md: the table, --json, --only, exit codes, errors, and
the catalog against the paper's claim ids."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from adamtheory import __version__
from adamtheory.__main__ import main
from adamtheory.core.verdict import Check, verdict
from adamtheory.ledger import CATALOG, LEDGER_VERDICTS, checks, run_claim, run_ledger

ROOT = Path(__file__).resolve().parents[2]
PAPER = ROOT.parent / "shared" / "PAPER.md"
IDS = [
    line.strip()
    for line in (ROOT / "tests" / "paper_ids.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]


def test_the_catalog_holds_every_claim_id_of_the_paper_in_order():
    assert list(CATALOG) == IDS


@pytest.mark.skipif(not PAPER.exists(), reason="shared/PAPER.md is not beside the repo")
def test_the_committed_id_list_matches_paper_md():
    pattern = r"`([a-z][a-z0-9.]*(?:-[a-z0-9.]+)+|alg1|lemma10\.\d)`"
    assert list(dict.fromkeys(re.findall(pattern, PAPER.read_text()))) == IDS


def test_every_claim_has_a_check_and_names_an_existing_notebook(ledger):
    for claim_id, row in ledger.items():
        assert row.verdict in LEDGER_VERDICTS, claim_id
        assert (ROOT / CATALOG[claim_id].notebook).exists() or row.verdict == "not-checked"


def test_no_check_crashes_at_default_scale(ledger):
    crashed = {i: r.summary for i, r in ledger.items() if r.verdict == "error"}
    assert not crashed


def test_json_output_follows_the_contract(capsys):
    assert main(["verify", "--json", "--no-progress", "--only", "alg1"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["alg1"]
    assert {
        "id",
        "section",
        "claim",
        "verdict",
        "evidence",
        "notebook",
        "seconds",
        "scale",
    } <= set(rows[0])
    assert rows[0]["scale"] == "default"


def test_only_twice_runs_the_claim_once(capsys):
    assert main(["verify", "--json", "--no-progress", "--only", "alg1", "--only", "alg1"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == ["alg1"]


def test_table_rows_fit_in_100_columns(capsys):
    assert main(["verify", "--no-progress", "--only", "alg1"]) == 0
    out = capsys.readouterr().out
    assert "alg1" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_unknown_ids_are_a_usage_error(capsys):
    assert main(["verify", "--only", "no-such-claim"]) == 2
    assert "unknown claim id" in capsys.readouterr().err
    with pytest.raises(ValueError, match="claim_id"):
        run_claim("no-such-claim")
    with pytest.raises(ValueError, match="scale"):
        run_claim("alg1", scale="huge")


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert __version__ in capsys.readouterr().out


def _fine_study(scale):
    return {"x": 1.0}


def _fine_rule(evidence):
    return verdict("supported", f"x = {evidence['x']}")


def _boom(*_):
    raise ZeroDivisionError("boom")


def _crashing_check(monkeypatch, where):
    claim_id = "alg1"
    broken = Check(_boom, _fine_rule) if where == "study" else Check(_fine_study, _boom)
    monkeypatch.setitem(checks(), claim_id, broken)
    return claim_id


@pytest.mark.parametrize("where", ["study", "rule"])
def test_a_crashing_check_is_an_error_row_and_exit_1(monkeypatch, capsys, where):
    claim_id = _crashing_check(monkeypatch, where)
    assert main(["verify", "--json", "--no-progress", "--only", claim_id]) == 1
    captured = capsys.readouterr()
    (row,) = json.loads(captured.out)
    assert row["verdict"] == "error"
    assert "ZeroDivisionError: boom" in row["summary"]
    assert "ZeroDivisionError" in row["evidence"]["error"]
    assert "Traceback" in captured.err


def test_a_rule_must_return_a_verdict(monkeypatch):
    monkeypatch.setitem(checks(), "alg1", Check(_fine_study, lambda e: "verified"))
    assert run_claim("alg1").verdict == "error"
    monkeypatch.setitem(checks(), "alg1", Check(_fine_study, _fine_rule))
    row = run_claim("alg1")
    assert (row.verdict, row.summary, row.evidence) == ("supported", "x = 1.0", {"x": 1.0})


def test_verdict_words_are_checked():
    with pytest.raises(ValueError, match="verdict"):
        verdict("probably", "x")
    with pytest.raises(ValueError, match="condition"):
        verdict("verified", "")


def test_progress_lines_in_a_log():
    """Without a terminal the ledger prints one line per claim as it finishes."""
    out = subprocess.run(
        [sys.executable, "-m", "adamtheory", "verify", "--only", "alg1"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert re.search(r"\[1/1\] alg1 \w+ \d+\.\ds", out.stderr)


def test_run_ledger_keeps_the_order_asked_for():
    rows = run_ledger(["efficient-order", "alg1"])
    assert [row.id for row in rows] == ["efficient-order", "alg1"]
