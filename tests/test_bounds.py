"""Figure-dense text stays bounded: a sentence yields at most MAX_CLAIMS claims (with one note),
and the JSON report is written in pieces that make the same text as a whole."""

from __future__ import annotations

import json
from datetime import date

from reconcile.extract import MAX_CLAIMS, extract_source
from reconcile.models import Source
from reconcile.pipeline import Config, run
from reconcile.render.json import ClaimsJsonRenderer, JsonRenderer, report_json
from reconcile.render.jsontext import Stream, indented, indented_chunks
from reconcile.speakers import SpeakerIndex

TOWNS = ["Kharkiv", "Sumy", "Odesa", "Dnipro", "Poltava", "Kherson", "Kursk", "Belgorod", "Bryansk", "Lviv"]


def _run_on(clauses: int) -> str:
    """One sentence of CLAUSES figure clauses joined by commas, each with its own town."""
    parts = [f"{n + 2} drones were shot down over {TOWNS[n % len(TOWNS)]}" for n in range(clauses)]
    return "Governor Oleh Kiper said " + ", ".join(parts) + "."


def test_a_sentence_yields_at_most_max_claims():
    source = Source(id="dense", path="dense.md", outlet="Wire", text=_run_on(3 * MAX_CLAIMS),
                    published=date(2024, 5, 2))
    extraction = extract_source(source, SpeakerIndex())
    assert len(extraction.claims) == MAX_CLAIMS
    assert extraction.capped_sentences == 1
    # the claims kept are the sentence's first figures, in order
    assert [c.low for c in extraction.claims] == list(range(2, 2 + MAX_CLAIMS))


def test_a_sentence_under_the_cap_keeps_every_claim():
    source = Source(id="short", path="short.md", outlet="Wire", text=_run_on(MAX_CLAIMS - 2),
                    published=date(2024, 5, 2))
    extraction = extract_source(source, SpeakerIndex())
    assert len(extraction.claims) == MAX_CLAIMS - 2
    assert extraction.capped_sentences == 0


def test_the_cap_is_one_note_for_the_run(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    for n in range(3):
        (folder / f"dense-{n}.md").write_text(_run_on(2 * MAX_CLAIMS) + " " + _run_on(2 * MAX_CLAIMS + 1) + "\n",
                                              encoding="utf-8")
    report = run(Config(paths=[folder], claims_default=False))
    notes = [n for n in report.notes if f"more than {MAX_CLAIMS} figures" in n]
    assert len(notes) == 1
    assert notes[0].startswith("6 sentence(s)")


def _lazy(data: dict) -> dict:
    return {k: Stream(v, lambda item: item) if isinstance(v, list) else v for k, v in data.items()}


def test_pieces_make_the_text_of_the_whole():
    awkward = [
        {},
        {"a": []},
        {"schema": "x", "a": [], "b": [{}], "c": {"d": []}},
        {"claims": [{"quote": "line\nbreak \"quoted\" ’ é 中", "places": [], "n": None, "f": 1.5,
                     "nested": {"k": [1, [2, []]]}}] * 3, "z": [[]]},
        {"big": [2 ** 70, -(2 ** 65)], "lone": ["\ud800 surrogate"], "tail": "end"},
        {"many": [{"i": i, "text": "word " * 50} for i in range(3000)]},  # more than one piece
    ]
    for data in awkward:
        assert "".join(indented_chunks(_lazy(data))) == indented(data)
    assert len(list(indented_chunks(_lazy(awkward[-1])))) > 1


def test_the_json_report_in_pieces_is_the_report_json(corpus_dir, claims_file):
    report = run(Config(paths=[corpus_dir], claims_path=claims_file))
    assert report.claims and report.findings
    whole = indented(report_json(report))
    assert JsonRenderer().render(report) == whole == "".join(JsonRenderer().chunks(report))
    listing = json.loads(ClaimsJsonRenderer().render(report))
    assert listing["claims"] == json.loads(whole)["claims"]
