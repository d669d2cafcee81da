"""Editor-grade terminal output (#22): fits the terminal, ids whole, colour and pager as asked, triage."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reconcile.cli import cli
from reconcile.render.words import grades, reason_words, word

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def sample_json() -> dict:
    """The bundled sample's report, curated claims only (as the golden files)."""
    result = CliRunner().invoke(cli, ["report", "--no-extract", "--format", "json", str(ROOT / "sources"),
                                      "--claims", str(ROOT / "claims.toml")], catch_exceptions=False)
    return json.loads(result.stdout)


def sample(*args: str, env: dict[str, str] | None = None):
    env = {"NO_COLOR": "", "FORCE_COLOR": "", "COLUMNS": "", **(env or {})}
    return CliRunner().invoke(cli, [*args, str(ROOT / "sources"), "--claims", str(ROOT / "claims.toml")],
                              catch_exceptions=False, env=env)


@pytest.mark.parametrize("columns", ["80", "120", "200"])
def test_sample_report_keeps_every_incident_id_whole(sample_json, columns):
    result = sample("report", "--no-extract", env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= int(columns)  # COLUMNS is honoured though piped
    for incident in sample_json["incidents"]:
        whole = [line for line in lines if re.search(rf"(?<![\w-]){re.escape(incident['id'])}(?![\w-])", line)]
        assert whole, f"{incident['id']} is not whole on any line at {columns} columns"


def test_sample_report_with_extraction_keeps_ids_whole_at_80_columns():
    # the sample as a user first runs it: curated and extracted claims, every incident
    ids = [i["id"] for i in json.loads(sample("report", "--format", "json").stdout)["incidents"]]
    lines = sample("report", env={"COLUMNS": "80"}).stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    for incident_id in ids:
        assert any(re.search(rf"(?<![\w-]){re.escape(incident_id)}(?![\w-])", line) for line in lines), incident_id


def test_eighty_columns_is_a_compact_list(sample_json):
    out = sample("report", "--no-extract", env={"COLUMNS": "80"}).stdout
    overview = out.split("\n\n")[1]
    # one or two lines per incident in the overview, not a table of folded cells
    assert len(overview.splitlines()) <= 2 + 2 * len(sample_json["incidents"])
    assert "why: " in out and "  kind " not in out


def test_wide_reasons_are_full_width_not_a_narrow_column():
    out = sample("report", "--no-extract", env={"COLUMNS": "200"}).stdout
    why = [line for line in out.splitlines() if line.lstrip().startswith("why: ")]
    assert why and max(len(line) for line in why) > 120


def test_color_modes(monkeypatch):
    assert ANSI.search(sample("incidents", "--no-extract", "--color", "always").stdout)
    assert not ANSI.search(sample("incidents", "--no-extract", "--color", "never",
                                  env={"FORCE_COLOR": "1"}).stdout)
    assert ANSI.search(sample("incidents", "--no-extract", env={"FORCE_COLOR": "1"}).stdout)
    assert not ANSI.search(sample("incidents", "--no-extract", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout)
    assert not ANSI.search(sample("incidents", "--no-extract").stdout)  # piped: no colour


def test_no_pager_when_piped(monkeypatch):
    monkeypatch.setenv("PAGER", "false")  # would lose the output if it ran
    assert "puerto-rico-2017-09-20" in sample("report", "--no-extract").stdout


def test_pager_on_a_terminal(tmp_path, monkeypatch):
    from reconcile import cli as cli_module

    paged = tmp_path / "paged.txt"
    script = f"import sys; open({str(paged)!r}, 'w').write(sys.stdin.read())"
    monkeypatch.setenv("PAGER", f'{sys.executable} -c "{script}"')
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    cli_module._page("line\n" * 500, no_pager=False)
    assert paged.read_text() == "line\n" * 500
    paged.unlink()
    cli_module._page("line\n" * 500, no_pager=True)
    assert not paged.exists()


def test_a_pager_that_cannot_run_prints_instead(monkeypatch, capsys):
    from reconcile.pager import page

    monkeypatch.setenv("PAGER", "/nonexistent/pager-of-nobody")
    page("text to read\n")
    assert capsys.readouterr().out == "text to read\n"


def test_default_order_is_contested_first(sample_json):
    out = sample("incidents", "--no-extract", env={"COLUMNS": "200"}).stdout
    order = [i["id"] for i in sample_json["incidents"]]
    shown = sorted(order, key=out.index)
    graded = {i["id"]: i["grade"] for i in sample_json["incidents"]}
    ranks = list(grades())
    assert [ranks.index(graded[i]) for i in shown] == sorted(ranks.index(graded[i]) for i in shown)
    by_date = sample("incidents", "--no-extract", "--sort", "date", env={"COLUMNS": "200"}).stdout
    dated = {i["id"]: i["date"] or "9999" for i in sample_json["incidents"]}
    in_date_order = sorted(order, key=by_date.index)
    assert [dated[i] for i in in_date_order] == sorted(dated[i] for i in in_date_order)


def test_grade_filter_and_legend(sample_json):
    out = sample("incidents", "--no-extract", "--grade", "contested", env={"COLUMNS": "200"}).stdout
    for incident in sample_json["incidents"]:
        assert (incident["id"] in out) == (incident["grade"] == "contested")
    assert "contested: " + grades()["contested"] in out and "weak: " not in out
    bad = sample("incidents", "--no-extract", "--grade", "shaky")
    assert bad.exit_code == 2 and "unknown grade 'shaky'" in bad.output


def test_only_leaves_out_incidents_without_findings(sample_json):
    out = sample("report", "--no-extract", "--only", "contradictions", env={"COLUMNS": "200"}).stdout
    contested = {f["incident"] for f in sample_json["findings"] if f["kind"] == "contradiction"}
    assert "No findings." not in out
    for incident in sample_json["incidents"]:
        assert (f"id: {incident['id']}" in out) == (incident["id"] in contested)
    data = json.loads(sample("report", "--no-extract", "--only", "contradictions", "--format", "json").stdout)
    assert {i["id"] for i in data["incidents"]} == contested
    assert all(c["incident"] in contested or c["incident"] is None for c in data["claims"])


def test_words_for_names():
    assert word("storm_category") == "storm category"
    assert word("russia-official") == "Russian officials"
    assert word("some_new-name") == "some new name"  # the readable fallback
    assert reason_words("disjoint intervals within the incident's own place: [64, 64] from A; [4, ∞] from B") == \
        "figures that cannot both be right, for the same place: 64 from A; 4 or more from B"
    assert reason_words("[2658, 3290]") == "2658–3290"


# -- the Markdown report, ready to paste (#22)


@pytest.fixture(scope="module")
def sample_md() -> str:
    result = sample("report", "--no-extract", "--format", "markdown", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_markdown_title_and_date_say_what_it_holds(sample_md, sample_json):
    title = sample_md.splitlines()[0]
    contradictions = sum(1 for f in sample_json["findings"] if f["kind"] == "contradiction")
    assert title.startswith("# Puerto Rico, ") and title.endswith(f": {contradictions} contradictions")
    assert "\nGenerated 2026-01-01 by reconcile from 14 sources" in sample_md


def test_markdown_has_no_internal_names(sample_md, sample_json):
    for name in ("storm_category", "russia-official", "ukraine-official", "independent-media",
                 "disjoint intervals", "[64, 64]", "seriously_injured"):
        assert name not in sample_md, name
    assert "storm category" in sample_md and "Russian officials" in sample_md


def test_markdown_escapes_without_backslash_sequences_renderers_show(sample_md):
    for shown_literally in ("\\~", "\\$", "\\:", "\\="):
        assert shown_literally not in sample_md
    assert "&#126;" in sample_md  # an approximate figure, "~2658–3290"


def test_markdown_sections_follow_the_summary(sample_md, sample_json):
    from reconcile.render.words import label_words

    summary = sample_md.split("## Summary")[1].split("\n## ")[0]
    order = [row.split(" | ")[1] for row in summary.splitlines()[4:] if row.startswith("| ")]
    assert sorted(order) == sorted(i["id"] for i in sample_json["incidents"])
    label = {i["id"]: label_words(i["label"]) for i in sample_json["incidents"]}
    for section in ("## Contradictions", "## Revisions", "## Unverified"):
        body = sample_md.split(section)[1].split("\n## ")[0]
        heads = [line for line in body.splitlines()
                 if line.startswith("### ") or line.startswith("**") and line.endswith("**")]
        seen = [next(i for i in order if label[i] in head) for head in heads if any(label[i] in head for i in order)]
        assert seen and seen == sorted(seen, key=order.index), section


def test_markdown_unverified_is_a_compact_list(sample_md):
    body = sample_md.split("## Unverified")[1].split("\n## ")[0]
    assert "| --- |" not in body
    items = [line for line in body.splitlines() if line.startswith("- ")]
    assert items and all(" — “" in item for item in items)
