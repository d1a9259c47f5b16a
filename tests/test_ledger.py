"""The ledger contract of DESIGN.md: the table, --json, --only, exit codes, and the
verdicts of Algorithm 1's claims pinned so a regression shows."""

import json
from pathlib import Path

import pytest

from adamtheory.__main__ import main
from adamtheory.claims import CATALOG, VERDICTS, Result, _registry, run_claim, run_ledger

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT.parent / "shared" / "PAPER.md"


def test_alg1_is_verified_against_an_independent_implementation():
    row = run_claim("alg1")
    assert row.result.verdict == "verified"
    assert row.result.evidence["max_relative_error"] < 1e-12
    assert row.result.evidence["defaults_match_paper"] is True


def test_efficient_order_is_qualified_by_the_step_dependent_eps_hat():
    row = run_claim("efficient-order")
    assert row.result.verdict == "qualified"
    assert row.result.evidence["eps_hat_t"] == "epsilon*sqrt(1 - beta_2**t)"
    assert row.result.evidence["max_relative_error_with_eps_hat_t"] < 1e-12
    assert row.result.evidence["max_relative_error_with_constant_eps_hat"] > 1e-3


@pytest.mark.skipif(not PAPER.exists(), reason="shared/PAPER.md is not beside the repo")
def test_the_catalog_holds_every_claim_id_of_the_paper():
    import re

    ids = set(
        re.findall(r"`([a-z][a-z0-9.]*(?:-[a-z0-9.]+)+|alg1|lemma10\.\d)`", PAPER.read_text())
    )
    assert ids == set(CATALOG)


def test_json_output_follows_the_contract(capsys):
    assert main(["verify", "--json", "--only", "alg1", "--only", "sec6.2-mlp"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["alg1", "sec6.2-mlp"]
    for row in rows:
        assert {"id", "section", "claim", "verdict", "evidence", "notebook"} <= set(row)
        assert row["verdict"] in VERDICTS
    assert rows[1]["verdict"] == "not-checked"


def test_table_output_and_unknown_ids(capsys):
    assert main(["verify", "--only", "alg1"]) == 0
    out = capsys.readouterr().out
    assert "alg1" in out and "verified" in out
    assert main(["verify", "--only", "no-such-claim"]) == 2
    assert "unknown claim id" in capsys.readouterr().err


def test_a_crashing_check_is_reported_and_exits_non_zero(monkeypatch, capsys):
    def broken(scale):
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(_registry._CHECKS, "sec6.2-mlp", broken)
    assert main(["verify", "--only", "sec6.2-mlp"]) == 1
    captured = capsys.readouterr()
    assert "crashed" in captured.out and "ZeroDivisionError" in captured.err


def test_a_verdict_without_evidence_is_refused():
    with pytest.raises(ValueError, match="evidence"):
        Result("verified", "trust me")
    with pytest.raises(ValueError, match="verdict"):
        Result("probably", "x", {"a": 1})


def test_every_checked_claim_names_an_existing_notebook():
    for claim_id in _registry._CHECKS:
        assert (ROOT / CATALOG[claim_id].notebook).exists(), claim_id


def test_run_ledger_keeps_the_order_asked_for():
    rows = run_ledger(["efficient-order", "alg1"])
    assert [row.id for row in rows] == ["efficient-order", "alg1"]
