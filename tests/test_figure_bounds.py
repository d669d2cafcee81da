"""Figures are counts (#21): no traceback, no null, inf, nan or negative figure anywhere. Curated
ones out of range are an error at file:line; extracted ones are skipped with one note; whole
figures stay exact ints up to SQLite's INTEGER."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date

import jsonschema
import pytest
from conftest import one_line_error

from reconcile.models import Interval
from reconcile.quantities import MAX_FIGURE, find_quantities, number_value, out_of_range, parse_quantity, shaped

SOURCE = "river-courier-2024-05-02"
QUOTE = "eleven drones were shot down over the Odesa region"


def claims_with(value_line: str) -> str:
    """A claims.toml whose one claim (its figure on line 7) says VALUE_LINE."""
    return (f'[[claim]]\nid = "odd"\nsource = "{SOURCE}"\nquote = "{QUOTE}"\n'
            f'action = "downed"\nobject = "drones"\n{value_line}\n')



@pytest.mark.usefixtures("corpus_dir")
@pytest.mark.parametrize(("value_line", "words"), [
    ('value = "about ' + "9" * 309 + '"', "larger than"),
    ('value = "about ' + "9" * 5000 + '"', "larger than"),
    ("value = " + "9" * 309, "larger than"),
    ("value = inf", "infinite"),
    ("value = 1e400", "infinite"),
    ("value = nan", "not a number"),
    ("value = -5", "negative"),
    ("value = -0.5", "negative"),
    (f"value = {2**63}", "larger than"),
    (f'value = "{2**63:,}"', "larger than"),
    (f'value = "over {2**63 - 1}"', "larger than"),
    ("low = -1", "negative"),
    ("low = 1\nhigh = inf", ":8: [[claim]] 'odd': 'high'"),
    (f"low = {2**64}", "larger than"),
])
@pytest.mark.parametrize("command", [("report", "--format", "json"), ("check",), ("export", "out.db"),
                                     ("claims",), ("incidents",)])
def test_a_curated_figure_out_of_range_is_an_error_at_its_line(run_cli, tmp_path, value_line, words, command):
    (tmp_path / "claims.toml").write_text(claims_with(value_line), encoding="utf-8")
    result = run_cli(*command)
    message = one_line_error(result, "claims.toml:", "'odd'", words)
    assert "claims.toml:7: " in message or "\nhigh" in value_line
    assert len(message) < 300, "a 309-digit figure is cut short in the message"
    assert not (tmp_path / "out.db").exists()


@pytest.mark.usefixtures("corpus_dir")
@pytest.mark.parametrize("figure", [MAX_FIGURE, 2**53 + 1, 9_007_199_254_740_993_123])
def test_whole_figures_stay_exact_through_json_and_export(run_cli, tmp_path, figure):
    if figure > MAX_FIGURE:
        figure = MAX_FIGURE - 2
    (tmp_path / "claims.toml").write_text(claims_with(f"value = {figure}"), encoding="utf-8")
    report = run_cli("report", "--no-extract", "--format", "json")
    assert report.exit_code == 0, report.output
    claim = next(c for c in json.loads(report.stdout)["claims"] if c["id"] == "odd")
    assert claim["low"] == claim["high"] == figure and isinstance(claim["low"], int)
    assert run_cli("export", "out.db", "--no-extract").exit_code == 0
    with sqlite3.connect(tmp_path / "out.db") as db:
        assert db.execute("select low, high from claims where id = 'odd'").fetchone() == (figure, figure)


def test_a_string_figure_past_2_53_is_exact():
    assert parse_quantity("9,007,199,254,740,993") == Interval(low=9_007_199_254_740_993, high=9_007_199_254_740_993)
    assert number_value("9007199254740993") == 9_007_199_254_740_993
    assert number_value("1.1 million") == 1_100_000 and isinstance(number_value("1.1 million"), int)
    about = shaped(9_007_199_254_740_993, "about")
    assert (about.low, about.high) == (8_106_479_329_266_893, 9_907_919_180_215_093)


@pytest.mark.parametrize("value", [-1, -0.5, float("inf"), float("-inf"), float("nan"), MAX_FIGURE + 1, True, "7"])
def test_out_of_range(value):
    assert out_of_range(value)


@pytest.mark.parametrize("value", [0, 0.5, 14, MAX_FIGURE, None])
def test_in_range(value):
    assert out_of_range(value) is None


@pytest.mark.parametrize("text", [
    "9" * 30, f"{2**63:,}", "about 9223372036854775807", "over 9223372036854775807",
    "ten quintillion", "nine hundred quintillion", " ".join(["dozen"] * 20), "9" * 6000, "1" * 400 + ".5 million",
])
def test_the_scanner_skips_figures_out_of_range(text):
    found = find_quantities(f"Officials said {text} drones were shot down.")
    assert found == []


def test_repeated_scale_words_are_figures_each():
    # "hundred hundred" is no number the library reads: two figures of a hundred, never ten thousand
    found = find_quantities("Officials said hundred hundred drones were shot down.")
    assert [(q.interval.low, q.interval.high) for q in found] == [(100, 100), (100, 100)]


ARTICLE_WITH_HUGE_FIGURES = f"""\
Governor Oleh Kiper said {"9" * 400} drones were shot down over Odesa on Thursday.

Mayor Petra Danko said {2**63} people were injured in Odesa, and three homes were damaged.

The regional air command said about 9,223,372,036,854,775,000 missiles were launched at Odesa.

Officials said {2**62} homes and {2**62} apartments were destroyed in Odesa, and {"9" * 30} miles away a
further {2**62} were hit.
"""


@pytest.mark.parametrize("fmt", ["json", "markdown", "table", "csv", "claimreview"])
def test_extracted_figures_out_of_range_are_skipped_with_one_note(run_cli, make_source, tmp_path, fmt):
    make_source("odesa-wire-2024-05-02", ARTICLE_WITH_HUGE_FIGURES, outlet="Odesa Wire", published=date(2024, 5, 2))
    result = run_cli("report", "--format", fmt)
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "out of range" in line]
    assert len(notes) == 1, result.stderr
    assert "sources/odesa-wire-2024-05-02.md" in notes[0]
    assert not re.search(r"\b(?:inf|infinity|nan)\b", result.stdout, re.IGNORECASE)
    if fmt == "json":
        data = json.loads(result.stdout)
        schema = json.loads(run_cli("schema").stdout)
        jsonschema.validate(data, schema)
        figures = [c[k] for c in data["claims"] for k in ("low", "high") if c[k] is not None]
        assert all(0 <= f <= MAX_FIGURE for f in figures)
        assert any(c["action"] == "damaged" and c["low"] == 3 for c in data["claims"]), "the rest is still read"


def test_export_of_extracted_figures_out_of_range(run_cli, make_source, tmp_path):
    make_source("odesa-wire-2024-05-02", ARTICLE_WITH_HUGE_FIGURES, outlet="Odesa Wire", published=date(2024, 5, 2))
    result = run_cli("export", "out.db")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "out.db") as db:
        assert db.execute("select max(low), max(high) from claims").fetchone()[0] <= MAX_FIGURE


def test_check_fails_a_negative_figure_instead_of_passing_it(run_cli, corpus_dir, tmp_path):
    (tmp_path / "claims.toml").write_text(claims_with("value = -5"), encoding="utf-8")
    one_line_error(run_cli("check"), "negative")


def test_a_sum_with_a_decimal_part_stays_an_int_when_whole():
    """Found by tests/test_properties.py: the extractor sums 1125899905842624 and 1000000.1 in floats."""
    from reconcile.models import Source
    from reconcile.parallel import extract_sources
    from reconcile.speakers import SpeakerIndex

    text = "1125899905842624 adults and 1000000.1 people were killed in Odesa, including 1000000.1 children."
    [extraction] = extract_sources([Source(id="g", path="g.md", outlet="G", text=text)], SpeakerIndex())
    bounds = [b for c in extraction.claims for b in (c.low, c.high) if b is not None]
    assert bounds and all(not isinstance(b, float) or not b.is_integer() for b in bounds), bounds
