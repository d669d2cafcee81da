"""`reconcile extract`: drafts as [[claim]] TOML, and --write appending to claims.toml without loss."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from reconcile.cli import cli

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ARTICLE = """+++
outlet = "Harbour Courier"
published = 2024-05-02
+++
Governor Oleh Kiper said on Thursday that four people were injured when a drone hit a warehouse in Odesa.

The Ukrainian Air Force said it shot down 12 of the 15 drones launched overnight.
"""

CLAIMS = """# Hand-written notes: keep me.
[settings]
date_window_days = 0   # stay strict

[[claim]]
id = "odesa-injured"   # the governor's count
source = "harbour-courier-2024-05-02"
quote = "four people were injured"
speaker = "Oleh Kiper"
action = "injured"
object = "people"
value = 4
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "harbour-courier-2024-05-02.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "claims.toml").write_text(CLAIMS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_extract_prints_valid_claim_tables_without_the_curated_ones(workdir):
    result = run("extract")
    assert result.exit_code == 0, result.output
    drafts = tomllib.loads(result.stdout)["claim"]
    assert {(d["action"], d.get("object"), d.get("value")) for d in drafts} >= {("downed", "drones", 12)}
    # the curated claim anchors the injured count already: no draft repeats it
    assert not any(d["action"] == "injured" for d in drafts)
    assert all(d["quote"] in ARTICLE for d in drafts)


def test_write_appends_keeping_every_byte_and_comment(workdir):
    result = run("extract", "--write")
    assert result.exit_code == 0, result.output
    text = (workdir / "claims.toml").read_text(encoding="utf-8")
    assert text.startswith(CLAIMS)
    assert "# Hand-written notes: keep me." in text and "# stay strict" in text
    data = tomllib.loads(text)
    ids = [c["id"] for c in data["claim"]]
    assert ids[0] == "odesa-injured" and len(ids) == len(set(ids)) > 1
    assert not list(workdir.glob(".claims.toml.*"))  # no temporary file left behind


def test_write_twice_adds_nothing_the_second_time(workdir):
    run("extract", "--write")
    once = (workdir / "claims.toml").read_text(encoding="utf-8")
    result = run("extract", "--write")
    assert result.exit_code == 0
    assert (workdir / "claims.toml").read_text(encoding="utf-8") == once
    assert "appended 0" in result.stderr


def test_written_drafts_are_read_back_as_curated_claims(workdir):
    run("extract", "--write")
    report = run("report", "--format", "json", "--no-extract")
    assert report.exit_code == 0
    import json

    claims = json.loads(report.stdout)["claims"]
    assert all(c["origin"] == "curated" for c in claims)
    assert any(c["action"] == "downed" and c["low"] == 12 for c in claims)


def test_write_creates_a_claims_file_when_there_is_none(workdir):
    (workdir / "claims.toml").unlink()
    result = run("extract", "--write")
    assert result.exit_code == 0
    assert tomllib.loads((workdir / "claims.toml").read_text(encoding="utf-8"))["claim"]


def test_a_broken_claims_file_is_never_overwritten(workdir):
    broken = CLAIMS + "\n[[claim]\n"
    (workdir / "claims.toml").write_text(broken, encoding="utf-8")
    result = run("extract", "--write")
    assert result.exit_code == 2
    assert "claims.toml" in result.output and "Traceback" not in result.output
    assert (workdir / "claims.toml").read_text(encoding="utf-8") == broken


# -- #21: what a draft shows, and what `extract` offers

BIDI_ARTICLE = """+++
outlet = "Harbour Courier"
published = 2024-05-02
+++
Governor Oleh Kiper said on Thursday that four people were injured in \u202eOdesa\u202c when a drone hit a warehouse.
"""


def test_drafts_escape_bidi_controls_and_still_anchor(workdir):
    (workdir / "sources" / "harbour-courier-2024-05-02.md").write_text(BIDI_ARTICLE, encoding="utf-8")
    (workdir / "claims.toml").unlink()
    result = run("extract")
    assert result.exit_code == 0, result.output
    assert "\u202e" not in result.stdout and "\u202c" not in result.stdout
    assert "\\u202E" in result.stdout
    drafts = tomllib.loads(result.stdout)["claim"]
    quote = next(d["quote"] for d in drafts if d["action"] == "injured")
    assert "\u202eOdesa\u202c" in quote and quote in BIDI_ARTICLE
    assert run("extract", "--write").exit_code == 0
    import json

    report = json.loads(run("report", "--format", "json", "--no-extract").stdout)
    assert report["claims"] and all(c["start"] is not None for c in report["claims"]), "a quote lost its anchor"


APPOSITION_ARTICLE = (
    '+++\noutlet = "Harbour Courier"\npublished = 2024-08-21\n+++\n'
    "Governor Ivan Fedorov said a Russian strike hit a cafe in Malokaterynivka on Tuesday. "
    "One child, a 14-year-old boy, was killed.\n\n"
    "In Belgorod region, Governor Vyacheslav Gladkov said on Friday that shelling had killed a man he "
    'described as an active member of the local "territorial defence".\n'
)


def test_one_sentence_gives_one_claim_once(workdir):
    (workdir / "sources" / "harbour-courier-2024-05-02.md").write_text(APPOSITION_ARTICLE, encoding="utf-8")
    (workdir / "claims.toml").unlink()
    result = run("extract")
    assert result.exit_code == 0, result.output
    drafts = tomllib.loads(result.stdout)["claim"]
    killed = [(d["quote"], d.get("object"), d.get("value")) for d in drafts if d["action"] == "killed"]
    assert len(killed) == len(set(killed)) == 2, killed
    assert not any(d["id"].endswith("-2") for d in drafts), [d["id"] for d in drafts]


def test_extract_does_not_offer_no_extract():
    result = CliRunner().invoke(cli, ["extract", "--help"])
    assert result.exit_code == 0 and "--no-extract" not in result.output
    assert CliRunner().invoke(cli, ["extract", "--no-extract"]).exit_code == 2


def test_the_lock_file_is_ignored_by_git():
    from fnmatch import fnmatch
    from pathlib import Path

    patterns = [line.strip() for line in (Path(__file__).parents[1] / ".gitignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    assert any(fnmatch("claims.toml.lock", p.lstrip("/")) for p in patterns)


def test_parts_of_a_repeated_total_are_one_claim():
    """Found by tests/test_properties.py: once a repeated total is dropped, its parts are alike too."""
    from collections import Counter

    from reconcile.models import Source
    from reconcile.parallel import extract_sources
    from reconcile.speakers import SpeakerIndex

    text = "0 adults and 0 of them were killed in Odesa, including 0 children and " * 5
    [extraction] = extract_sources([Source(id="g", path="g.md", outlet="G", text=text)], SpeakerIndex())
    alike = Counter(tuple(repr(getattr(c, f)) for f in type(c).model_fields if f != "id") for c in extraction.claims)
    assert extraction.claims and max(alike.values()) == 1
    ids = {c.id for c in extraction.claims}
    assert all(c.part_of in ids for c in extraction.claims if c.part_of)
