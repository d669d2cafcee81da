"""`reconcile diff OLD.json NEW.json`: new, resolved and changed findings, and regraded incidents.

The corpus is invented: two outlets report a drone strike on a fuel depot in Kherson, and one of
them updates the death toll the next day. Between the two runs a monitor's drone count changes
from six (against the air command's eleven: a contradiction) to eleven (an agreement), a curator
corrects a hedged tank count, and an article about another incident is added.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from reconcile.cli import cli
from reconcile.diff import diff_reports, finding_key, load_report, quote_hash
from reconcile.errors import DataError
from reconcile.schema import ReportDoc

HERALD = """\
+++
outlet = "Harbour Herald"
published = 2024-06-02
title = "Drones hit the Kherson fuel depot"
url = "https://harbour.example/2024/06/02/depot"
+++
{preamble}Regional governor Mira Sokol said four people were killed when drones struck the fuel depot in Kherson.

Sokol said 12 people were injured and taken to hospital.

The Southern Air Command said air defences shot down eleven drones over Kherson.

Plant workers reportedly saw several storage tanks burn.

Smoke over the depot could be seen from 30 km away.
"""

POST = """\
+++
outlet = "River Post"
published = 2024-06-02
title = "Monitors count the wounded at the Kherson depot"
url = "https://river.example/kherson-depot"
+++
The Kestrel monitoring group said at least ten people were wounded in the strike on the Kherson depot.

Kestrel put the death toll at four and counted {downed} drones brought down.
"""

UPDATE = """\
+++
outlet = "Harbour Herald"
published = 2024-06-03
title = "Kherson depot toll rises"
url = "https://harbour.example/2024/06/03/depot-toll"
+++
Governor Mira Sokol said on Monday that six people had now died after the strike on the Kherson depot.
"""

PORT = """\
+++
outlet = "Steppe Wire"
published = 2024-06-05
title = "Missile hits Odesa port"
url = "https://steppe.example/odesa"
+++
The port authority said two cranes were destroyed in Odesa.
"""


def claim(id: str, source: str, quote: str, action: str, value, *, speaker: str | None = None,
          party: str | None = None, obj: str | None = None, hedge: str | None = None,
          incident: str = "kherson-depot", place: str = "Kherson", day: str = "2024-06-02") -> str:
    lines = ['[[claim]]', f'id = "{id}"', f'source = "{source}"', f'quote = "{quote}"', f'action = "{action}"',
             f"value = {json.dumps(value)}", f'places = ["{place}"]', f"date = {day}", f'incident = "{incident}"']
    lines += [f'{key} = "{val}"' for key, val in
              (("speaker", speaker), ("party", party), ("object", obj), ("hedge", hedge)) if val]
    return "\n".join(lines) + "\n"


def claims_toml(downed: int, tanks: int, port: bool = False) -> str:
    herald, post, update = "harbour-herald-2024-06-02", "river-post-2024-06-02", "harbour-herald-2024-06-03"
    tables = [
        textwrap.dedent("""\
            [[speaker]]
            name = "Kestrel monitoring group"
            aliases = ["Kestrel"]
            party = "independent-media"
            """),
        claim("sokol-killed", herald, "four people were killed when drones struck the fuel depot", "killed", 4,
              speaker="Mira Sokol", party="ukraine-official", obj="people"),
        claim("sokol-injured", herald, "12 people were injured", "injured", 12,
              speaker="Mira Sokol", party="ukraine-official", obj="people"),
        claim("command-downed", herald, "air defences shot down eleven drones over Kherson", "downed", 11,
              speaker="Southern Air Command", party="ukraine-official", obj="drones"),
        claim("workers-tanks", herald, "Plant workers reportedly saw several storage tanks burn", "damaged", tanks,
              speaker="plant workers", party="other", obj="buildings", hedge="reportedly"),
        claim("smoke-distance", herald, "could be seen from 30 km away", "distance", 30, obj="km"),
        claim("kestrel-injured", post, "at least ten people were wounded", "injured", "at least 10",
              speaker="Kestrel", obj="people"),
        claim("kestrel-killed", post, "put the death toll at four", "killed", 4, speaker="Kestrel", obj="people"),
        claim("kestrel-downed", post, f"counted {WORDS[downed]} drones brought down", "downed", downed,
              speaker="Kestrel", obj="drones"),
        claim("sokol-killed-update", update, "six people had now died", "killed", 6,
              speaker="Mira Sokol", party="ukraine-official", obj="people", day="2024-06-03"),
    ]
    if port:
        tables.append(claim("port-cranes", "steppe-wire-2024-06-05", "two cranes were destroyed in Odesa",
                            "destroyed", 2, speaker="port authority", party="other", obj="vehicles",
                            incident="odesa-port", place="Odesa", day="2024-06-05"))
    return "\n".join(tables)


WORDS = {6: "six", 11: "eleven"}


def write_corpus(folder: Path, *, downed: int = 6, tanks: int = 2, port: bool = False, preamble: str = "") -> None:
    """The articles under FOLDER/sources and FOLDER/claims.toml, replacing what was there."""
    sources = folder / "sources"
    sources.mkdir(exist_ok=True)
    for old in sources.iterdir():
        old.unlink()
    (sources / "harbour-herald-2024-06-02.md").write_text(HERALD.format(preamble=preamble), encoding="utf-8")
    (sources / "river-post-2024-06-02.md").write_text(POST.format(downed=WORDS[downed]), encoding="utf-8")
    (sources / "harbour-herald-2024-06-03.md").write_text(UPDATE, encoding="utf-8")
    if port:
        (sources / "steppe-wire-2024-06-05.md").write_text(PORT, encoding="utf-8")
    (folder / "claims.toml").write_text(claims_toml(downed, tanks, port), encoding="utf-8")


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def report_to(path: str, *extra: str) -> Path:
    result = invoke("report", "--format", "json", "-o", path, *extra)
    assert result.exit_code == 0, result.output
    return Path(path)


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def reports(folder) -> tuple[Path, Path]:
    """before.json: the drone counts contradict; after.json: they agree, tanks corrected, Odesa added."""
    write_corpus(folder)
    before = report_to("before.json", "--no-extract")
    write_corpus(folder, downed=11, tanks=3, port=True)
    after = report_to("after.json", "--no-extract")
    return before, after


def diff_json(old: Path, new: Path) -> dict:
    result = invoke("diff", str(old), str(new), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def kinds(findings: list[dict]) -> list[tuple[str, str | None, str | None]]:
    return sorted((f["kind"], f["action"], f["object"]) for f in findings)


def test_fixture_has_the_findings_the_diff_is_about(reports):
    before, after = (json.loads(p.read_text(encoding="utf-8")) for p in reports)
    assert ("contradiction", "downed", "drones") in kinds(before["findings"])
    assert ("contradiction", "downed", "drones") not in kinds(after["findings"])
    assert {i["id"]: i["grade"] for i in before["incidents"]}["kherson-depot"] == "contested"


def test_resolved_new_and_changed_findings(reports):
    data = diff_json(*reports)
    assert data["schema"] == "reconcile/diff@1"
    findings = data["findings"]
    assert kinds(findings["resolved"]) == [("contradiction", "downed", "drones")]
    resolved = findings["resolved"][0]
    assert {c["id"] for c in resolved["claims"]} == {"command-downed", "kestrel-downed"}
    assert "6" in resolved["summary"] and "11" in resolved["summary"]
    assert ("agreement", "downed", "drones") in kinds(findings["new"])
    # The Odesa article brings the only other new findings
    assert {f["incident"] for f in findings["new"] if f["action"] != "downed"} == {"odesa-port"}

    [changed] = findings["changed"]
    assert (changed["old"]["kind"], changed["old"]["action"]) == ("unverified", "damaged")
    assert set(changed["changes"]) >= {"summary", "figures"}
    assert changed["old"]["claims"][0]["low"] == 2 and changed["new"]["claims"][0]["low"] == 3
    assert changed["old"]["key"] == changed["new"]["key"] == changed["key"]
    # The revision of the toll, the agreement on the wounded and the unsourced distance stay put
    assert findings["unchanged"] >= 3


def test_contradiction_is_new_the_other_way_round(reports):
    before, after = reports
    data = diff_json(after, before)
    assert ("contradiction", "downed", "drones") in kinds(data["findings"]["new"])
    assert ("agreement", "downed", "drones") in kinds(data["findings"]["resolved"])
    assert [i["id"] for i in data["incidents"]["removed"]] == ["odesa-port"]


def test_grades_per_incident(reports):
    incidents = diff_json(*reports)["incidents"]
    [regraded] = incidents["regraded"]
    assert regraded["id"] == "kherson-depot"
    assert regraded["old_grade"] == "contested" and regraded["new_grade"] not in (None, "contested")
    assert [i["id"] for i in incidents["new"]] == ["odesa-port"]
    assert incidents["new"][0]["old_grade"] is None and incidents["new"][0]["new_grade"]
    assert incidents["removed"] == []


def test_same_report_has_no_differences(reports):
    before, _ = reports
    data = diff_json(before, before)
    assert data["findings"]["new"] == data["findings"]["resolved"] == data["findings"]["changed"] == []
    assert data["findings"]["unchanged"] == len(json.loads(before.read_text(encoding="utf-8"))["findings"])
    result = invoke("diff", str(before), str(before))
    assert result.exit_code == 0
    assert "No differences." in result.stdout


def test_identity_survives_a_sentence_inserted_earlier(folder):
    """Extracted claim ids carry offsets; the inserted sentence shifts them, the findings stay the same."""
    def run(name: str) -> Path:
        # Only the speaker table: every claim comes from the text
        (folder / "claims.toml").write_text(claims_toml(6, 2).split("[[claim]]")[0], encoding="utf-8")
        return report_to(name)

    write_corpus(folder)
    before = run("before.json")
    write_corpus(folder, preamble="Residents said the sirens sounded shortly after midnight.\n\n")
    after = run("after.json")

    old, new = (json.loads(p.read_text(encoding="utf-8")) for p in (before, after))
    extracted = lambda doc: {c["id"] for c in doc["claims"] if c["origin"] == "extracted"}  # noqa: E731
    assert extracted(old) and extracted(old) != extracted(new), "the fixture must shift extracted claim ids"
    assert any(set(f["claims"]) & extracted(old) for f in old["findings"])

    data = diff_json(before, after)
    assert data["findings"]["new"] == [] and data["findings"]["resolved"] == []
    assert data["findings"]["changed"] == []
    assert data["findings"]["unchanged"] == len(old["findings"])


def _doc(claims: list[dict], findings: list[dict]) -> ReportDoc:
    base = {"source": "s", "speaker": "Kestrel", "party": None, "start": 0, "end": 5, "action": "killed",
            "object": "people", "low": 4, "high": 4, "approx": False, "value": None, "polarity": "affirm",
            "hedge": None, "places": [], "event_date": None, "incident": "i", "origin": "extracted"}
    return ReportDoc.model_validate({
        "schema": "reconcile/report@1",
        "sources": [{"id": "s", "outlet": "S", "published": None, "title": None, "url": None, "path": "s.md"}],
        "claims": [base | c for c in claims],
        "incidents": [{"id": "i", "label": "I", "date": None, "places": [], "sources": ["s"], "claims": [],
                       "grade": "weak"}],
        "findings": [{"incident": "i", "action": "killed", "object": "people", "summary": "x"} | f
                     for f in findings]})


def test_identity_ignores_claim_ids_and_typography():
    old = _doc([{"id": "s:10:killed-a", "quote": "put the toll at “four”  people"}],
               [{"kind": "unverified", "claims": ["s:10:killed-a"]}])
    new = _doc([{"id": "s:74:killed-b", "quote": "put the toll at \"four\" people", "start": 64}],
               [{"kind": "unverified", "claims": ["s:74:killed-b"]}])
    key = finding_key(old.findings[0], {c.id: c for c in old.claims})
    assert key == finding_key(new.findings[0], {c.id: c for c in new.claims})
    assert key[4] == (("s", "Kestrel", quote_hash("put the toll at four people".replace("four", '"four"'))),)
    result = diff_reports(old, new)
    assert result.empty and result.unchanged_findings == 1


def test_identity_depends_on_speaker_and_kind():
    old = _doc([{"id": "a", "quote": "four died"}], [{"kind": "unverified", "claims": ["a"]}])
    other_speaker = _doc([{"id": "a", "quote": "four died", "speaker": "Osprey"}],
                         [{"kind": "unverified", "claims": ["a"]}])
    other_kind = _doc([{"id": "a", "quote": "four died"}], [{"kind": "unsourced", "claims": ["a"]}])
    for new in (other_speaker, other_kind):
        result = diff_reports(old, new)
        assert len(result.new) == len(result.resolved) == 1 and not result.changed


def test_formats_and_output_file(reports):
    before, after = reports
    table = invoke("diff", str(before), str(after))
    assert table.exit_code == 0
    for text in ("Resolved findings (1)", "New findings", "Changed findings (1)", "contradiction", "kherson-depot",
                 "contested", "odesa-port"):
        assert text in table.stdout
    assert "\x1b[" not in table.stdout

    markdown = invoke("diff", str(before), str(after), "--format", "markdown", "-o", "changes.md")
    assert markdown.exit_code == 0
    text = Path("changes.md").read_text(encoding="utf-8")
    assert text.startswith("# Report diff\n")
    assert "## Resolved findings (1)" in text and "## Changed findings (1)" in text
    assert "| kherson-depot |" in text and "**Figures after:**" in text


def test_untrusted_text_in_a_report_stays_text(reports, folder):
    before, after = reports
    data = json.loads(after.read_text(encoding="utf-8"))
    data["findings"].append({"kind": "unsourced", "incident": None, "action": None, "object": None,
                             "claims": [], "summary": "<img src=x> [bold]boom[/bold] \x1b[2J | # head"})
    hostile = folder / "hostile.json"
    hostile.write_text(json.dumps(data), encoding="utf-8")
    table = invoke("diff", str(before), str(hostile))
    assert table.exit_code == 0 and "\x1b" not in table.stdout and "[bold]boom[/bold]" in table.stdout
    markdown = invoke("diff", str(before), str(hostile), "--format", "markdown")
    assert "<img" not in markdown.stdout and "&lt;img src=x&gt;" in markdown.stdout


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"),
    ('[1, 2, 3]', "not a reconcile/report@1 report"),
    ('{"schema": "reconcile/report@2", "sources": []}', "not a reconcile/report@1 report"),
    ('{"schema": "reconcile/report@1", "sources": [], "claims": {}, "incidents": [], "findings": []}',
     "not a valid reconcile/report@1 report: claims"),
    (b"\xff\xfe{}", "not UTF-8"),
])
def test_bad_input_is_one_line_naming_the_file(reports, folder, content, message):
    before, _ = reports
    bad = folder / "bad.json"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content, encoding="utf-8")
    for args in ((str(before), str(bad)), (str(bad), str(before))):
        result = invoke("diff", *args)
        assert result.exit_code == 2
        lines = result.output.strip().splitlines()
        assert len(lines) == 1, result.output
        assert "bad.json" in lines[0] and message in lines[0]
        assert "Traceback" not in result.output


def test_missing_file_exits_2(reports):
    before, _ = reports
    result = invoke("diff", str(before), "nowhere.json")
    assert result.exit_code == 2
    assert "nowhere.json" in result.output and len(result.output.strip().splitlines()) == 1


def test_load_report_raises_data_error(folder):
    (folder / "x.json").write_text('{"schema": "something else"}', encoding="utf-8")
    with pytest.raises(DataError, match="x.json: not a reconcile/report@1 report"):
        load_report(folder / "x.json")


def test_help_ends_with_an_example():
    result = invoke("diff", "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "reconcile diff before.json after.json" in result.stdout
    assert "--format" in result.stdout and "-o, --output" in result.stdout
