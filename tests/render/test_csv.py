"""The CSV renderers: one row per (finding, claim) and per claim, the JSON's values, formulas defused."""

from __future__ import annotations

import csv
import io
import json

import pytest

from reconcile.models import Report
from reconcile.render.csv import FORMULA_STARTS, ClaimsCsvRenderer, FindingsCsvRenderer, csv_cell
from reconcile.render.json import JsonRenderer
from reconcile.render.rows import CLAIM_COLUMNS, FINDING_COLUMNS
from reconcile.render.text import safe_text

from .conftest import HOSTILE_QUOTE


def parse(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_cells():
    assert csv_cell(None) == ""
    assert csv_cell(True) == "true" and csv_cell(False) == "false"
    assert csv_cell(14.0) == "14" and csv_cell(12.5) == "12.5" and csv_cell(0) == "0"
    assert csv_cell("three drones") == "three drones"
    assert csv_cell("") == ""
    for start in "=+-@":
        assert csv_cell(f"{start}1+1") == f"'{start}1+1"
    # A leading tab or CR is defused too, and like every tab and line break becomes a space
    assert csv_cell("\t=1+1") == "' =1+1" and csv_cell("\r=1+1") == "' =1+1" and csv_cell("\tx") == "' x"
    # Spaces do not hide a formula from an import that trims them
    assert csv_cell("  =1") == "'  =1"
    # A formula sign inside the text is harmless
    assert csv_cell("a = b") == "a = b" and csv_cell("drones - 3") == "drones - 3"


def test_cells_are_safe_for_a_terminal():
    assert csv_cell("red \x1b[31malert\x07\nnext") == "red alert\u2407 next"
    assert csv_cell("\x1b]8;;https://evil.example\x07link\x1b]8;;\x07") == "link"


def test_findings_header_and_rows(report):
    header, rows = parse(FindingsCsvRenderer().render(report))
    assert header == list(FINDING_COLUMNS)
    data = json.loads(JsonRenderer().render(report))
    assert len(rows) == sum(len(f["claims"]) for f in data["findings"])


def test_findings_rows_are_the_json_findings(report):
    """Grouped by `finding`, the rows give back each JSON finding, its claims in order, and their values."""
    data = json.loads(JsonRenderer().render(report))
    claims = {c["id"]: c for c in data["claims"]}
    sources = {s["id"]: s for s in data["sources"]}
    _, rows = parse(FindingsCsvRenderer().render(report))
    grouped: dict[int, list[dict[str, str]]] = {}
    for row in rows:
        grouped.setdefault(int(row["finding"]), []).append(row)
    assert sorted(grouped) == list(range(1, len(data["findings"]) + 1))
    for number, finding in enumerate(data["findings"], 1):
        group = grouped[number]
        assert [r["claim"] for r in group] == finding["claims"]
        for row in group:
            for key in ("kind", "incident", "action", "object", "summary", "reason"):
                assert row[key] == (finding[key] or ""), key
            assert row["independent"] == {True: "true", False: "false", None: ""}[finding.get("independent")]
            claim = claims[row["claim"]]
            source = sources[claim["source"]]
            # the quote as the terminal would show it (safe_text), with a ' where it would start a formula
            assert row["quote"] in (safe_text(claim["quote"]), "'" + safe_text(claim["quote"]))
            assert row["speaker"] == (claim["speaker"] or "")
            assert row["party"] == (claim["party"] or "")
            assert row["outlet"] == source["outlet"]
            assert row["url"] == (source["url"] or "")
            assert row["date"] == (source["published_at"] or source["published"])
            assert row["claim_action"] == claim["action"] and row["claim_object"] == (claim["object"] or "")
            assert float(row["low"]) == claim["low"]
            assert (row["high"] == "") == (claim["high"] is None)


def test_figures_read_as_people_say_them(report):
    _, rows = parse(FindingsCsvRenderer().render(report))
    by_claim = {r["claim"]: r for r in rows}
    assert by_claim["c3"]["figure"] == "5" and by_claim["c3"]["low"] == "5" and by_claim["c3"]["high"] == "5"
    assert by_claim["c6"]["hedge"] == "reportedly"
    assert by_claim["c7"]["speaker"] == "" and by_claim["c7"]["incident"] == ""


def test_hostile_quote(report):
    text = FindingsCsvRenderer().render(report)
    assert "\x1b" not in text and "\x07" not in text, "no escape sequence reaches a terminal"
    _, rows = parse(text)
    (row,) = [r for r in rows if r["claim"] == "c2" and r["kind"] == "contradiction"]
    # Markup, HTML and pipes mean nothing in CSV and stay as written
    assert row["quote"] == HOSTILE_QUOTE.replace("\x1b[31m", "").replace("\x07", "\u2407")
    assert "<script>alert(1)</script> [bold red]x[/bold red]" in row["quote"]


@pytest.fixture
def formula_report(report) -> Report:
    """REPORT with formulas where an article or claims.toml could put them."""
    sources = [s.model_copy(update={"outlet": "=cmd|' /C calc'!A0", "url": "@SUM(1+1)*cmd|' /C calc'!A0"})
               for s in report.sources]
    claims = []
    for i, claim in enumerate(report.claims):
        attack = ['=HYPERLINK("http://evil.example","click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
                  "\t=1+1", "\r=1+1", "=1"][i % 7]
        claims.append(claim.model_copy(update={"quote": attack, "speaker": "=" + (claim.speaker or "x"),
                                               "hedge": "-reportedly" if claim.hedge else None}))
    findings = [f.model_copy(update={"summary": "=" + f.summary, "reason": "+" + (f.reason or "")})
                for f in report.findings]
    return report.model_copy(update={"sources": sources, "claims": claims, "findings": findings})


@pytest.mark.parametrize("renderer", [FindingsCsvRenderer(), ClaimsCsvRenderer()], ids=["findings", "claims"])
def test_no_cell_starts_a_formula(formula_report, renderer):
    _, rows = parse(renderer.render(formula_report))
    assert rows
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(FORMULA_STARTS), (column, cell)
            assert not cell.lstrip().startswith(("=", "+", "-", "@")), (column, cell)
    quotes = {r["quote"] for r in rows}
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in quotes, "defused, and otherwise kept as written"
    assert "' =1+1" in quotes and "'-2+3" in quotes and "'@SUM(A1:A9)" in quotes


def test_claims_rows_are_the_json_claims(report):
    data = json.loads(JsonRenderer().render(report))
    header, rows = parse(ClaimsCsvRenderer().render(report))
    assert header == list(CLAIM_COLUMNS)
    assert [r["claim"] for r in rows] == [c["id"] for c in data["claims"]]
    kinds: dict[str, set[str]] = {}
    for finding in data["findings"]:
        for claim_id in finding["claims"]:
            kinds.setdefault(claim_id, set()).add(finding["kind"])
    for row, claim in zip(rows, data["claims"], strict=True):
        assert row["source"] == claim["source"]
        assert row["speaker"] == (claim["speaker"] or "")
        assert row["places"].split("; ") == claim["places"] or (row["places"] == "" and not claim["places"])
        assert row["approx"] == ("true" if claim["approx"] else "false")
        assert set(filter(None, row["findings"].split(", "))) == kinds.get(claim["id"], set())
    c6 = next(r for r in rows if r["claim"] == "c6")
    assert c6["findings"] == "unverified" and c6["hedge"] == "reportedly" and c6["outlet"] == "Steppe Courier"
    assert c6["date"] == "2024-05-03T09:30:00", "the full timestamp when the front matter gives one"


def test_csv_lines_end_in_crlf(report):
    text = FindingsCsvRenderer().render(report)
    assert text.endswith("\r\n")
    assert text.count("\r\n") == len(text.splitlines()), "every record ends in CRLF (RFC 4180)"


def test_an_empty_report_is_a_header(report):
    empty = report.model_copy(update={"sources": [], "claims": [], "incidents": [], "findings": []})
    assert FindingsCsvRenderer().render(empty) == ",".join(FINDING_COLUMNS) + "\r\n"
    assert ClaimsCsvRenderer().render(empty) == ",".join(CLAIM_COLUMNS) + "\r\n"


def test_deterministic(report):
    assert FindingsCsvRenderer().render(report) == FindingsCsvRenderer().render(report)
