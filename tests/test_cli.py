"""The command line through CliRunner: every command and format, exit codes, and hostile or broken input.

Bad input either stops the run with exit status 2 and one line on stderr naming the file (and the
line, where there is one), or is neutralised in the output; it never produces a traceback
(`run_cli` lets any exception other than SystemExit fail the test).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import CORPUS_CLAIM_IDS, dedent, toml_value

from reconcile import __version__
from reconcile.cli import ReportFormat, cli
from reconcile.lexicons import vocabulary
from reconcile.models import SCHEMA, FindingKind
from reconcile.sources import load_source

INCIDENT = "odesa-2024-05-02"
COMMANDS = sorted(cli.commands)


def stderr_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def assert_input_error(result, file: str | Path, line: int | None = None, words: str = "") -> str:
    """Exit 2, nothing on stdout, one line on stderr naming FILE (and LINE); the message."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = stderr_lines(result)
    assert len(lines) == 1, f"not one line: {result.stderr!r}"
    message = lines[0]
    where = f"{file}:{line}: " if line is not None else f"{file}: "
    assert message.startswith("Error: "), message
    assert where in message, f"{where!r} not in {message!r}"
    assert words in message
    return message


def report_json(run_cli, *args: str) -> dict:
    result = run_cli("report", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def write_claims(tmp_path: Path, text: str, name: str = "claims.toml") -> Path:
    path = tmp_path / name
    path.write_text(dedent(text), encoding="utf-8")
    return path


def claim_row(**fields: object) -> str:
    return "[[claim]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in fields.items()) + "\n"


# -- the JSON contract (DESIGN.md), checked on every JSON report below


def check_contract(data: dict, root: Path | None = None) -> None:
    """DATA follows reconcile/report@1: required keys, types, references and low/high semantics."""
    assert data["schema"] == SCHEMA == "reconcile/report@1"
    assert {"schema", "sources", "claims", "incidents", "findings"} <= set(data)
    actions, objects, parties = vocabulary().actions, vocabulary().objects, vocabulary().parties

    def optional(value, kind) -> bool:
        return value is None or isinstance(value, kind)

    def iso_day(value) -> bool:
        return value is None or (isinstance(value, str) and date.fromisoformat(value) is not None)

    source_ids = set()
    for s in data["sources"]:
        assert {"id", "outlet", "published", "title", "url", "path"} <= set(s)
        assert isinstance(s["id"], str) and s["id"] and s["id"] not in source_ids
        source_ids.add(s["id"])
        assert isinstance(s["outlet"], str) and s["outlet"]
        assert iso_day(s["published"])
        assert optional(s["title"], str) and optional(s["url"], str)
        assert isinstance(s["path"], str) and not Path(s["path"]).is_absolute(), "paths are relative"
        assert Path(s["path"]).stem == s["id"]
        if root is not None:
            body = load_source(root / s["path"]).text
            for c in data["claims"]:
                if c["source"] == s["id"] and c["start"] is not None:
                    assert body[c["start"]:c["end"]] == c["quote"], "start/end index the source body"

    claim_ids = set()
    incident_ids = {i["id"] for i in data["incidents"]}
    for c in data["claims"]:
        assert {"id", "source", "speaker", "party", "quote", "start", "end", "action", "object", "low", "high",
                "approx", "value", "polarity", "hedge", "places", "event_date", "incident", "origin"} <= set(c)
        assert isinstance(c["id"], str) and c["id"] not in claim_ids
        claim_ids.add(c["id"])
        assert c["source"] in source_ids
        assert optional(c["speaker"], str)
        assert c["party"] is None or c["party"] in parties
        assert isinstance(c["quote"], str) and c["quote"]
        assert (c["start"] is None) == (c["end"] is None)
        if c["start"] is not None:
            assert isinstance(c["start"], int) and isinstance(c["end"], int) and 0 <= c["start"] < c["end"]
        assert c["action"] in actions
        assert c["object"] is None or c["object"] in objects
        assert isinstance(c["approx"], bool)
        assert c["polarity"] in ("affirm", "deny")
        assert optional(c["hedge"], str)
        assert isinstance(c["places"], list) and all(isinstance(p, str) for p in c["places"])
        assert iso_day(c["event_date"])
        assert c["incident"] is None or c["incident"] in incident_ids
        assert c["origin"] in ("extracted", "curated")
        # low/high: a count has low (and high, or null for unbounded above); a category has a value
        if actions[c["action"]].kind == "category":
            assert c["value"] in actions[c["action"]].values
            assert c["low"] is None and c["high"] is None
        else:
            assert c["value"] is None
            assert isinstance(c["low"], (int, float)) and not isinstance(c["low"], bool) and c["low"] >= 0
            assert c["high"] is None or (isinstance(c["high"], (int, float)) and c["high"] >= c["low"])

    claims_by_id = {c["id"]: c for c in data["claims"]}
    for i in data["incidents"]:
        assert {"id", "label", "date", "places", "sources", "claims"} <= set(i)
        assert isinstance(i["id"], str) and isinstance(i["label"], str) and i["label"]
        assert iso_day(i["date"])
        assert isinstance(i["places"], list) and all(isinstance(p, str) for p in i["places"])
        assert set(i["sources"]) <= source_ids
        assert set(i["claims"]) <= claim_ids
        for claim_id in i["claims"]:
            assert claims_by_id[claim_id]["incident"] == i["id"]
            assert claims_by_id[claim_id]["source"] in i["sources"]

    kinds = {k.value for k in FindingKind}
    incidents = {i["id"]: i for i in data["incidents"]}
    for f in data["findings"]:
        assert {"kind", "incident", "action", "object", "claims", "summary"} <= set(f)
        assert f["kind"] in kinds
        assert f["incident"] is None or f["incident"] in incident_ids
        if f["incident"] is not None:
            # a finding compares its incident's claims, and claims about wider areas that cover it
            incident = incidents[f["incident"]]
            assert set(f["claims"]) <= set(incident["claims"]) | set(incident.get("covering", []))
        assert f["action"] is None or f["action"] in actions
        assert f["object"] is None or f["object"] in objects
        assert f["claims"] and set(f["claims"]) <= claim_ids
        assert isinstance(f["summary"], str) and f["summary"]


# -- version and help


def test_version(run_cli):
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"reconcile, version {__version__}\n"


def test_group_help(run_cli):
    result = run_cli("--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    for command in ("report", "incidents", "show", "sources"):
        assert command in result.stdout


def test_no_command_is_usage(run_cli):
    result = run_cli()
    assert result.exit_code in (0, 2)
    assert "Usage" in result.output


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help_with_an_example(run_cli, command, flag):
    result = run_cli(command, flag)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: ")
    assert "Example" in result.stdout


def test_unknown_command_and_option(run_cli):
    assert run_cli("explode").exit_code == 2
    assert run_cli("report", "--colour").exit_code == 2
    assert run_cli("report", "--format", "pdf").exit_code == 2


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_every_report_format_resolves_to_a_renderer(fmt):
    renderer = fmt.to_renderer()
    assert hasattr(renderer, "render")


# -- report


@pytest.mark.usefixtures("claims_file")
def test_report_table(run_cli):
    result = run_cli("report", "--no-extract")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("2 sources · 1 incident · 6 claims")
    assert INCIDENT in out
    assert "contradiction" in out
    assert "Petra Danko" in out and "River Courier" in out
    assert "\x1b" not in out, "no colour when stdout is not a terminal"


@pytest.mark.usefixtures("claims_file")
def test_report_markdown(run_cli):
    result = run_cli("report", "--no-extract", "--format", "markdown")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# ")
    assert "## Contradictions" in out
    assert "Petra Danko" in out
    assert "\x1b" not in out


@pytest.mark.usefixtures("claims_file")
def test_report_json_is_the_contract(run_cli, tmp_path):
    data = report_json(run_cli, "--no-extract")
    check_contract(data, root=tmp_path)
    assert sorted(c["id"] for c in data["claims"]) == sorted(CORPUS_CLAIM_IDS)
    assert all(c["origin"] == "curated" for c in data["claims"])
    assert [s["path"] for s in data["sources"]] == ["sources/black-sea-wire-2024-05-02.md",
                                                    "sources/river-courier-2024-05-02.md"]
    courier = next(s for s in data["sources"] if s["id"] == "river-courier-2024-05-02")
    assert courier == {**courier, "outlet": "River Courier", "published": "2024-05-02",
                       "title": "Night drone raid on Odesa", "url": "https://river-courier.example/odesa-raid"}
    claims = {c["id"]: c for c in data["claims"]}
    assert claims["danko-injured"] | {} == {**claims["danko-injured"], "speaker": "Petra Danko",
                                            "party": "ukraine-official", "low": 3, "high": 3, "approx": False,
                                            "value": None, "event_date": "2024-05-02", "incident": INCIDENT}
    assert claims["aircommand-downed"]["speaker"] == "Odesa Air Command"
    assert (claims["aircommand-downed"]["low"], claims["aircommand-downed"]["high"]) == (11, 11)
    assert (claims["mod-target"]["value"], claims["mod-target"]["low"]) == ("military", None)
    assert claims["courier-fire"]["speaker"] is None
    assert claims["courier-fire"]["hedge"] == "reportedly"
    kinds = {f["kind"] for f in data["findings"]}
    assert {"contradiction", "unsourced"} <= kinds


def test_json_low_high_semantics(run_cli, corpus_dir, tmp_path):
    source = "river-courier-2024-05-02"
    write_claims(tmp_path, "".join([
        claim_row(id="exact", source=source, quote="three people were injured", speaker="Mayor Petra Danko",
                  action="injured", object="people", value=3),
        claim_row(id="at-least", source=source, quote="three people were injured", speaker="Mayor Petra Danko",
                  action="injured", object="people", value="at least 3"),
        claim_row(id="about", source=source, quote="eleven drones were shot down", speaker="Air command",
                  action="downed", object="drones", value="about 11"),
        claim_row(id="up-to", source=source, quote="eleven drones were shot down", speaker="Air command",
                  action="downed", object="drones", value="up to 11"),
        claim_row(id="range", source=source, quote="eleven drones were shot down", speaker="Air command",
                  action="downed", object="drones", low=10, high=12),
    ]))
    claims = {c["id"]: c for c in report_json(run_cli, "--no-extract")["claims"]}
    got = {k: (c["low"], c["high"], c["approx"]) for k, c in claims.items()}
    assert got == {"exact": (3, 3, False), "at-least": (3, None, False), "about": (9, 13, True),
                   "up-to": (0, 11, False), "range": (10, 12, False)}


@pytest.mark.usefixtures("claims_file")
@pytest.mark.parametrize("fmt", [f.value for f in ReportFormat])
def test_report_to_a_file(run_cli, tmp_path, fmt):
    printed = run_cli("report", "--no-extract", "--format", fmt)
    result = run_cli("report", "--no-extract", "--format", fmt, "-o", "report.out")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    lines = stderr_lines(result)
    # ClaimReview warns first that claims.toml sets no [settings] publisher or review_url (#22)
    warned = 2 if fmt == "claimreview" else 0
    assert [line.startswith("warning:") for line in lines] == [True] * warned + [False]
    assert lines[-1] == "wrote report.out"
    assert (tmp_path / "report.out").read_text(encoding="utf-8") == printed.stdout


@pytest.mark.usefixtures("claims_file")
def test_report_to_a_file_replaces_it(run_cli, tmp_path):
    target = tmp_path / "report.md"
    target.write_text("old contents that are much longer than anything " * 100, encoding="utf-8")
    assert run_cli("report", "--no-extract", "--format", "markdown", "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# ")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.usefixtures("claims_file")
def test_report_to_an_unwritable_place(run_cli, tmp_path):
    result = run_cli("report", "--no-extract", "-o", tmp_path / "no-such-folder" / "report.md")
    assert_input_error(result, tmp_path / "no-such-folder" / "report.md", words="cannot write")
    assert list((tmp_path).glob("**/*.tmp")) == []


@pytest.mark.usefixtures("claims_file")
def test_report_output_name_with_markup(run_cli, tmp_path):
    (tmp_path / "[" / "b]").mkdir(parents=True)
    result = run_cli("report", "--no-extract", "-o", "[/b]/report.txt")
    assert result.exit_code == 0, result.output
    assert stderr_lines(result) == ["wrote [/b]/report.txt"]


@pytest.mark.usefixtures("claims_file")
@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_report_one_incident(run_cli, fmt):
    whole = report_json(run_cli, "--no-extract")
    data = report_json(run_cli, "--no-extract", "--incident", INCIDENT)
    check_contract(data)
    assert [i["id"] for i in data["incidents"]] == [INCIDENT]
    assert all(c["incident"] == INCIDENT for c in data["claims"])
    assert all(f["incident"] == INCIDENT for f in data["findings"])
    assert len(data["findings"]) == len([f for f in whole["findings"] if f["incident"] == INCIDENT])
    result = run_cli("report", "--no-extract", "--incident", INCIDENT, "--format", fmt)
    assert result.exit_code == 0
    assert INCIDENT in result.stdout


@pytest.mark.usefixtures("claims_file")
@pytest.mark.parametrize("only", ["contradictions", "contradiction", "unsourced", "contradictions,unsourced",
                                  "Revisions, agreements"])
def test_report_only_some_kinds(run_cli, only):
    kinds = {w.strip().lower().removesuffix("s") for w in only.split(",")}
    whole = report_json(run_cli, "--no-extract")
    data = report_json(run_cli, "--no-extract", "--only", only)
    check_contract(data)
    assert {f["kind"] for f in data["findings"]} <= kinds
    assert len(data["findings"]) == len([f for f in whole["findings"] if f["kind"] in kinds])
    table = run_cli("report", "--no-extract", "--only", only)
    assert table.exit_code == 0


@pytest.mark.usefixtures("claims_file")
@pytest.mark.parametrize(("args", "words"), [
    (["--incident", "kyiv-1999-01-01"], "no incident 'kyiv-1999-01-01'"),
    (["--incident", "../../etc/passwd"], "no incident '../../etc/passwd'"),
    (["--only", "rumours"], "unknown finding kind 'rumours'"),
])
def test_report_bad_selection(run_cli, args, words):
    result = run_cli("report", "--no-extract", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = stderr_lines(result)
    assert words in line


# -- incidents, show, sources


@pytest.mark.usefixtures("claims_file")
def test_incidents(run_cli):
    result = run_cli("incidents", "--no-extract")
    assert result.exit_code == 0, result.output
    assert INCIDENT in result.stdout
    assert "2024-05-02" in result.stdout and "Odesa" in result.stdout


@pytest.mark.usefixtures("claims_file")
def test_show(run_cli):
    result = run_cli("show", INCIDENT, "--no-extract")
    assert result.exit_code == 0, result.output
    for claim_id in CORPUS_CLAIM_IDS:
        assert claim_id in result.stdout
    assert "Why these claims joined" not in result.stdout


@pytest.mark.usefixtures("claims_file")
def test_show_why(run_cli):
    result = run_cli("show", INCIDENT, "--no-extract", "--why")
    assert result.exit_code == 0, result.output
    assert "Why these claims joined" in result.stdout


@pytest.mark.usefixtures("claims_file")
@pytest.mark.parametrize("incident", ["nowhere-2024-01-01", "../../etc/passwd", "[bold]x[/bold]"])
def test_show_unknown_incident(run_cli, incident):
    result = run_cli("show", incident, "--no-extract")
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = stderr_lines(result)
    assert line == f"Error: no incident '{incident}' (see `reconcile incidents`)"


def test_show_needs_an_id(run_cli):
    result = run_cli("show")
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


@pytest.mark.usefixtures("claims_file")
def test_sources(run_cli):
    result = run_cli("sources", "--no-extract")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "river-courier-2024-05-02" in out and "Black Sea Wire" in out
    # the path column is last, so a folded path reads whole once spaces and breaks are gone
    assert str(Path("sources") / "river-courier-2024-05-02.md") in "".join(out.split())


def test_commands_on_an_empty_folder(run_cli, tmp_path):
    (tmp_path / "sources").mkdir()
    for args in (["report"], ["incidents"], ["sources"], ["report", "--format", "json"],
                 ["report", "--format", "markdown"]):
        result = run_cli(*args)
        assert result.exit_code == 0, (args, result.output)
    data = report_json(run_cli)
    check_contract(data)
    assert data["sources"] == data["claims"] == data["incidents"] == data["findings"] == []


def test_explicit_paths_and_claims_option(run_cli, claims_file, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    moved = claims_file.rename(elsewhere / "curated.toml")
    data = report_json(run_cli, "--no-extract", "sources/river-courier-2024-05-02.md", "--claims", moved)
    assert [s["id"] for s in data["sources"]] == ["river-courier-2024-05-02"]
    assert {c["source"] for c in data["claims"]} == {"river-courier-2024-05-02"}


def test_claims_left_out_when_their_source_is_not_loaded(run_cli, claims_file):
    result = run_cli("report", "--no-extract", "--format", "json", "sources/river-courier-2024-05-02.md")
    assert result.exit_code == 0
    notes = stderr_lines(result)
    assert len(notes) == 1
    assert "2 curated claim(s) left out" in notes[0] and "mod-target" in notes[0] and "local-injured" in notes[0]
    check_contract(json.loads(result.stdout))


# -- extraction on (default): the extractor is still changing, so only the shape is checked


@pytest.mark.usefixtures("claims_file")
def test_report_with_extraction(run_cli, tmp_path):
    data = report_json(run_cli)
    check_contract(data, root=tmp_path)
    curated = {c["id"] for c in data["claims"] if c["origin"] == "curated"}
    assert curated == set(CORPUS_CLAIM_IDS), "curated claims are all kept beside extracted ones"
    for fmt in ("table", "markdown"):
        result = run_cli("report", "--format", fmt)
        assert result.exit_code == 0, result.output


def test_extraction_without_claims_file(run_cli, corpus_dir, tmp_path):
    data = report_json(run_cli)
    check_contract(data, root=tmp_path)
    assert all(c["origin"] == "extracted" for c in data["claims"])


# -- bad input: exit 2 with file and line


def test_malformed_claims_toml(run_cli, corpus_dir, tmp_path):
    write_claims(tmp_path, '[settings]\ndate_window_days = 1\n\n[[claim]]\nid = "broken\n')
    assert_input_error(run_cli("report"), "claims.toml", 5, "invalid TOML")


def test_malformed_claims_toml_given_with_option(run_cli, corpus_dir, tmp_path):
    path = write_claims(tmp_path, "[[claim]]\nid = 'a'\nid = 'b'\n", name="other.toml")
    assert_input_error(run_cli("report", "--claims", path), path, 3, "invalid TOML")


@pytest.mark.parametrize(
    ("row", "line", "words"),
    [
        ({"id": "c", "source": "river-courier-2024-05-02", "action": "injured", "value": 1}, 3,
         "'quote': required field is missing"),
        ({"id": "c", "source": "river-courier-2024-05-02", "quote": "q", "action": "flew", "value": 1}, 7,
         "unknown action 'flew'"),
        ({"id": "c", "source": "../../etc/passwd", "quote": "q", "action": "injured", "value": 1}, 5,
         "'source'"),
        ({"id": "c", "source": "river-courier-2024-05-02", "quote": "q", "action": "injured", "value": "lots"}, 8,
         "cannot read the quantity 'lots'"),
        ({"id": "c", "source": "river-courier-2024-05-02", "quote": "q", "action": "injured", "value": 1,
          "colour": "red"}, 9, "'colour': unknown field"),
    ],
    ids=["missing-field", "unknown-action", "source-with-dotdot", "bad-value", "unknown-field"],
)
def test_bad_claim(run_cli, corpus_dir, tmp_path, row, line, words):
    write_claims(tmp_path, "# curated\n\n" + claim_row(**row))
    for command in (["report"], ["incidents"], ["sources"], ["show", INCIDENT], ["report", "--format", "json"]):
        assert_input_error(run_cli(*command), "claims.toml", line, words)


@pytest.mark.parametrize(
    ("front", "line", "words"),
    [
        ('outlet = "A"\npublished = "the other day"\n', 3, "'published' must be a TOML date"),
        ('outlet = "A"\nauthors = ["x"]\n', 3, "unknown front matter field 'authors'"),
        ('outlet = "A\n', 2, "invalid front matter"),
        ('outlet = "A"\nparty = "rebels"\n', 3, "'party' must be one of"),
    ],
    ids=["published", "unknown-field", "bad-toml", "unknown-party"],
)
def test_bad_front_matter(run_cli, make_source, front, line, words):
    make_source("broken-front", "Body.\n", raw_front=front)
    assert_input_error(run_cli("report"), str(Path("sources") / "broken-front.md"), line, words)


def test_unclosed_front_matter(run_cli, tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "open.md").write_text('+++\noutlet = "Open"\nThe body never starts.\n', encoding="utf-8")
    assert_input_error(run_cli("report"), str(Path("sources") / "open.md"), 1, "never closed")


def test_binary_file(run_cli, corpus_dir):
    (corpus_dir / "scan.md").write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff\xfe binary")
    assert_input_error(run_cli("report"), str(Path("sources") / "scan.md"), words="binary")


def test_missing_path(run_cli):
    assert_input_error(run_cli("report", "no-such-folder"), "no-such-folder", words="no such file or folder")


def test_missing_claims_option_file(run_cli, corpus_dir):
    assert_input_error(run_cli("report", "--claims", "absent.toml"), "absent.toml", words="no such file")


def test_source_file_name_with_dotdot(run_cli, corpus_dir):
    (corpus_dir / "a..b.md").write_text("Text.\n", encoding="utf-8")
    assert_input_error(run_cli("report"), str(Path("sources") / "a..b.md"), words="unusable source id")


def test_duplicate_source_ids(run_cli, make_source):
    make_source("same", "One.\n", folder="sources/a")
    make_source("same", "Two.\n", folder="sources/b")
    assert_input_error(run_cli("report"), str(Path("sources") / "b" / "same.md"), words="duplicate source id")


def test_error_message_is_sanitised(run_cli, tmp_path):
    (tmp_path / "sources").mkdir()
    name = "evil\x1b[2Jname.md"
    (tmp_path / "sources" / name).write_bytes(b"\x00\x00binary")
    result = run_cli("report", color=True)
    assert result.exit_code == 2
    assert "\x1b" not in result.output
    assert len(stderr_lines(result)) == 1


def test_error_message_quoting_a_value_is_one_line(run_cli, corpus_dir, tmp_path):
    write_claims(tmp_path, claim_row(id="c", source="river-courier-2024-05-02", quote="q",
                                     action="in\njured\x1b[31m", value=1))
    result = run_cli("report", color=True)
    message = assert_input_error(result, "claims.toml", 5, "unknown action")
    assert "\x1b" not in message


# -- bad input that is neutralised: the run goes on and says so


def test_unknown_source_is_left_out_with_a_note(run_cli, claims_file):
    with claims_file.open("a", encoding="utf-8") as handle:
        handle.write("\n" + claim_row(id="ghost", source="ghost-gazette", quote="boo", speaker="Nobody",
                                      action="injured", object="people", value=2))
    result = run_cli("report", "--no-extract", "--format", "json")
    assert result.exit_code == 0
    (note,) = stderr_lines(result)
    assert "left out" in note and "ghost" in note
    data = json.loads(result.stdout)
    assert "ghost" not in {c["id"] for c in data["claims"]}
    check_contract(data)


def test_quote_not_in_source_is_unsourced(run_cli, claims_file):
    with claims_file.open("a", encoding="utf-8") as handle:
        handle.write("\n" + claim_row(id="misquote", source="river-courier-2024-05-02",
                                      quote="ninety drones were shot down", speaker="Mayor Petra Danko",
                                      action="downed", object="drones", value=90))
    data = report_json(run_cli, "--no-extract")
    check_contract(data)
    claim = next(c for c in data["claims"] if c["id"] == "misquote")
    assert claim["start"] is None and claim["end"] is None
    assert claim["quote"] == "ninety drones were shot down"
    assert any(f["kind"] == "unsourced" and f["claims"] == ["misquote"] for f in data["findings"])


def test_duplicate_claim_ids_keep_the_first_with_a_note(run_cli, claims_file):
    lines = claims_file.read_text(encoding="utf-8").count("\n")
    with claims_file.open("a", encoding="utf-8") as handle:
        handle.write("\n" + claim_row(id="danko-injured", source="river-courier-2024-05-02",
                                      quote="three people were injured", speaker="Danko", action="injured",
                                      object="people", value=30))
    result = run_cli("report", "--no-extract", "--format", "json")
    assert result.exit_code == 0
    (note,) = stderr_lines(result)
    assert f"claims.toml:{lines + 2}: duplicate claim id 'danko-injured'" in note
    claims = [c for c in json.loads(result.stdout)["claims"] if c["id"] == "danko-injured"]
    assert len(claims) == 1 and claims[0]["low"] == 3


def test_cp1251_article_is_read_with_a_note(run_cli, make_source, tmp_path):
    body = ("Губернатор заявил, что в результате ночной атаки беспилотников в Одессе пострадали три человека. "
            "Пожар на складе был потушен к утру.\n")
    make_source("odesa-vestnik-2024-05-02", body, encoding="cp1251", outlet="Odesa Vestnik",
                published=date(2024, 5, 2))
    write_claims(tmp_path, claim_row(id="cyr", source="odesa-vestnik-2024-05-02", quote="пострадали три человека",
                                     speaker="Губернатор", party="ukraine-official", action="injured",
                                     object="people", value=3))
    result = run_cli("report", "--no-extract", "--format", "json")
    assert result.exit_code == 0, result.output
    (note,) = stderr_lines(result)
    assert str(Path("sources") / "odesa-vestnik-2024-05-02.md") in note and "not UTF-8" in note
    data = json.loads(result.stdout)
    check_contract(data, root=tmp_path)
    (claim,) = data["claims"]
    assert claim["quote"] == "пострадали три человека" and claim["start"] is not None
    assert run_cli("report").exit_code == 0


def test_empty_files_are_skipped_with_a_note(run_cli, corpus_dir, tmp_path):
    (corpus_dir / "empty.md").write_bytes(b"")
    (corpus_dir / "blank.txt").write_text("\n  \n", encoding="utf-8")
    result = run_cli("report", "--no-extract", "--format", "json")
    assert result.exit_code == 0
    notes = stderr_lines(result)
    assert sorted(notes) == [f"note: {Path('sources') / 'blank.txt'}: empty article, skipped",
                             f"note: {Path('sources') / 'empty.md'}: empty article, skipped"]
    assert {s["id"] for s in json.loads(result.stdout)["sources"]} == {"river-courier-2024-05-02",
                                                                      "black-sea-wire-2024-05-02"}


def test_missing_front_matter_fields_fall_back(run_cli, make_source):
    make_source("quayside-notes", "The harbour master said two cranes were damaged in Odesa on Monday night.\n")
    make_source("pier-bulletin", "Officials said one boat sank.\n", title="Pier news")
    result = run_cli("report", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    check_contract(data)
    sources = {s["id"]: s for s in data["sources"]}
    assert sources["quayside-notes"]["outlet"] == "quayside-notes"
    assert sources["quayside-notes"]["published"] is None
    assert sources["pier-bulletin"]["outlet"] == "pier-bulletin" and sources["pier-bulletin"]["title"] == "Pier news"
    (note,) = stderr_lines(result)
    assert "2 source(s) have no publication date" in note, "said once, not per source"


def test_notes_are_one_line_each(run_cli, make_source):
    for n in range(12):
        make_source(f"undated-article-with-a-rather-long-file-name-{n:02d}", "The mayor said two people were hurt.\n")
    result = run_cli("report", "--format", "json")
    assert result.exit_code == 0
    assert len(stderr_lines(result)) == 1


# -- hostile text: rich markup and ANSI escapes in articles and quotes

HOSTILE_BODY = (
    "The port authority said [bold red]nine[/bold red] cranes were damaged \x1b[31mbadly\x1b[0m "
    "[link=https://evil.example]here[/link] overnight in Odesa.\n\n"
    "Mayor Petra Danko said three people were injured \x1b]8;;https://evil.example\x07there\x1b]8;;\x07 "
    "in the [blink]city[/blink].\n"
)
HOSTILE_QUOTE = ("said [bold red]nine[/bold red] cranes were damaged \x1b[31mbadly\x1b[0m "
                 "[link=https://evil.example]here[/link]")


@pytest.fixture
def hostile(make_source, tmp_path):
    make_source("harbour-wire-2024-05-02", HOSTILE_BODY, outlet="Harbour [bold]Wire[/bold] \x1b[5m",
                published=date(2024, 5, 2), title="Cranes [link=https://evil.example]damaged[/link]",
                party="independent-media")
    write_claims(tmp_path, "".join([
        claim_row(id="cranes", source="harbour-wire-2024-05-02", quote=HOSTILE_QUOTE,
                  speaker="Port [italic]authority[/italic]", party="other", action="damaged", object="vehicles",
                  value=9, places=["Odesa"], date=date(2024, 5, 2)),
        claim_row(id="hurt", source="harbour-wire-2024-05-02",
                  quote="three people were injured \x1b]8;;https://evil.example\x07there\x1b]8;;\x07 in the "
                        "[blink]city[/blink]",
                  speaker="Mayor Petra Danko", party="ukraine-official", action="injured", object="people",
                  value=3, places=["Odesa"], date=date(2024, 5, 2)),
    ]))


def words(text: str) -> set[str]:
    return set(text.split())


@pytest.mark.usefixtures("hostile")
@pytest.mark.parametrize("command", [["report"], ["report", "--no-extract"], ["show", INCIDENT, "--why"],
                                     ["incidents"], ["sources"]])
def test_hostile_text_in_tables(run_cli, command):
    result = run_cli(*command)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    # Markup is shown as written, never applied; links in escape sequences are dropped
    if command[0] in ("report", "show"):
        assert "Port [italic]authority[/italic]" in out
        assert "[blink]city[/blink]" in out
        assert "evil.example\x07" not in out and "8;;" not in out
    if command == ["report", "--no-extract"]:
        assert "\u201csaid [bold red]nine[/bold" in out
    if command[0] == "show":
        assert "[bold red]nine[/bold red]" in out
        assert "[link=https://evil.example]here[/link]" in out
    if command[0] == "sources":
        assert "[bold]Wire[/bold]" in out


@pytest.mark.usefixtures("hostile")
def test_hostile_text_in_markdown(run_cli):
    result = run_cli("report", "--no-extract", "--format", "markdown")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "[bold red]nine" not in out, "markup brackets are escaped in Markdown"
    assert "\\[bold red\\]nine\\[/bold red\\]" in out
    assert "[link=https://evil.example]here" not in out
    assert "](https://evil.example" not in out, "no link is made from article text"


@pytest.mark.usefixtures("hostile")
def test_hostile_text_in_json_is_kept_as_data(run_cli, tmp_path):
    data = report_json(run_cli, "--no-extract")
    check_contract(data, root=tmp_path)
    claims = {c["id"]: c for c in data["claims"]}
    assert claims["cranes"]["quote"] == HOSTILE_QUOTE, "JSON carries the quote exactly; consumers escape it"
    assert claims["cranes"]["start"] is not None


def test_hostile_notes_on_stderr(run_cli, make_source):
    make_source("undated", "", folder="sources/[bold]dir[/bold]\x1b[31m")
    result = run_cli("report", color=True)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stderr
    (note,) = stderr_lines(result)
    assert note == f"note: {Path('sources') / '[bold]dir[/bold]' / 'undated.md'}: empty article, skipped"


def test_a_source_id_with_markup_is_refused(run_cli, make_source):
    make_source("[bold]x", "Text.\n")
    assert_input_error(run_cli("report"), str(Path("sources") / "[bold]x.md"), words="unusable source id")
