"""reconcile.check: the rules, suppressions, selection, fingerprints and the baseline."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from reconcile.check import (
    Baseline,
    Severity,
    active_rules,
    baseline_json,
    fingerprint,
    is_vague,
    parse_selectors,
    quote_location,
    read_baseline,
    rules,
    run_check,
)
from reconcile.errors import DataError, ReconcileError
from reconcile.models import Source
from reconcile.pipeline import Config

MILL = """\
The mill owner, Oksana Hrytsenko, said that two workers were hurt when a drone hit the grain store.

Air defence units shot down fourteen drones over the district, the regional governor said.

The army's press office said only five drones were shot down over the district.

A warehouse fire was reportedly put out by morning.
"""

FERRY = """\
Harbour master Pavlo Rudenko said the ferry terminal was closed for the day.
"""

CLEAN = """\
[[claim]]
id = "mill-hurt"
source = "mill-gazette"
quote = "two workers were hurt when a drone hit the grain store"
speaker = "Oksana Hrytsenko"
action = "injured"
object = "people"
value = 2
places = ["Kharkiv"]
date = 2024-06-10
"""


def write_source(folder: Path, name: str, body: str, **front: str) -> Path:
    """An article file with +++ front matter (outlet, published, title)."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"outlet": name.replace("-", " ").title(), "published": "2024-06-10", "title": "Night of drones"}
    meta |= front
    lines = [f'{k} = "{v}"' if k != "published" else f"{k} = {v}" for k, v in meta.items()]
    path = folder / f"{name}.md"
    path.write_text("+++\n" + "\n".join(lines) + "\n+++\n" + body, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder with sources/ (two articles) and a function that writes claims.toml and returns a Config."""
    monkeypatch.chdir(tmp_path)
    write_source(tmp_path / "sources", "mill-gazette", MILL)
    write_source(tmp_path / "sources", "ferry-news", FERRY, outlet="Ferry News")

    def configure(claims: str, paths: list[str] | None = None) -> Config:
        (tmp_path / "claims.toml").write_text(claims, encoding="utf-8")
        return Config(paths=[Path(p) for p in paths or ["sources"]], claims_path=Path("claims.toml"))

    return configure


def toml(text: str) -> str:
    """TEXT without the indentation of the test source, starting on line 1."""
    return textwrap.dedent(text).lstrip("\n")


def codes(result) -> list[str]:
    return [p.code for p in result.problems]


# --- the rule table ------------------------------------------------------------------------------

EXPECTED_RULES = {
    "RC101": ("unsourced-claim", "error", True),
    "RC102": ("vague-attribution", "warning", True),
    "RC201": ("unknown-source", "error", True),
    "RC202": ("quote-not-found", "error", True),
    "RC203": ("duplicate-claim-id", "error", True),
    "RC301": ("missing-place-or-date", "warning", False),
    "RC401": ("unverified-claim", "info", False),
    "RC501": ("contradiction", "warning", False),
    "RC901": ("suppression-without-reason", "error", True),
    "RC902": ("unused-suppression", "warning", True),
}


def test_rule_table_matches_the_documented_defaults():
    table = {r.code: (r.name, r.severity.value, r.enabled) for r in rules()}
    assert table == EXPECTED_RULES
    assert all(r.description and "\n" not in r.description for r in rules())


@pytest.mark.parametrize("speaker, vague", [
    ("sources", True), ("Sources", True), ("some media reports", True), ("reports", True),
    ("officials", True), ("unnamed officials", True), ("according to reports", True),
    ("sources familiar with the matter", True), ("the authorities", True),
    ("Russian officials", False), ("Oksana Hrytsenko", False), ("the regional governor", False),
    ("some", False), ("Reuters", False),
])
def test_is_vague(speaker, vague):
    assert is_vague(speaker) is vague


# --- each rule -----------------------------------------------------------------------------------

CASES = {
    "RC101": toml("""
        [[claim]]
        id = "no-speaker"
        source = "mill-gazette"
        quote = "a warehouse fire was reportedly put out by morning"
        action = "damaged"
        object = "buildings"
        value = 1
        places = ["Kharkiv"]
        """),
    "RC102": toml("""
        [[claim]]
        id = "vague"
        source = "mill-gazette"
        quote = "two workers were hurt"
        speaker = "some media reports"
        action = "injured"
        object = "people"
        value = 2
        places = ["Kharkiv"]
        """),
    "RC201": toml("""
        [[claim]]
        id = "elsewhere"
        source = "no-such-article"
        quote = "anything"
        speaker = "Oksana Hrytsenko"
        action = "injured"
        value = 2
        places = ["Kharkiv"]
        """),
    "RC202": toml("""
        [[claim]]
        id = "misquoted"
        source = "mill-gazette"
        quote = "three workers were hurt"
        speaker = "Oksana Hrytsenko"
        action = "injured"
        object = "people"
        value = 3
        places = ["Kharkiv"]
        """),
    "RC203": CLEAN + "\n" + toml("""
        [[claim]]
        id = "mill-hurt"
        source = "ferry-news"
        quote = "the ferry terminal was closed"
        speaker = "Pavlo Rudenko"
        action = "damaged"
        value = 0
        places = ["Odesa"]
        """),
    "RC301": toml("""
        [[claim]]
        id = "nowhere"
        source = "ferry-news"
        quote = "the ferry terminal was closed"
        speaker = "Pavlo Rudenko"
        action = "damaged"
        value = 0
        """),
    "RC401": toml("""
        [[claim]]
        id = "hedged"
        source = "mill-gazette"
        quote = "A warehouse fire was reportedly put out"
        speaker = "Oksana Hrytsenko"
        action = "damaged"
        object = "buildings"
        value = 1
        places = ["Kharkiv"]
        hedge = "reportedly"
        """),
    "RC501": toml("""
        [[claim]]
        id = "governor-downed"
        source = "mill-gazette"
        quote = "shot down fourteen drones over the district"
        speaker = "regional governor"
        action = "downed"
        object = "drones"
        value = 14
        places = ["Kharkiv"]
        date = 2024-06-10

        [[claim]]
        id = "army-downed"
        source = "mill-gazette"
        quote = "only five drones were shot down over the district"
        speaker = "army press office"
        action = "downed"
        object = "drones"
        value = 5
        places = ["Kharkiv"]
        date = 2024-06-10
        """),
    "RC901": toml("""
        [[claim]]
        id = "unexplained"
        source = "mill-gazette"
        quote = "two workers were hurt"
        action = "injured"
        object = "people"
        value = 2
        places = ["Kharkiv"]
        ignore = ["RC101"]
        """),
    "RC902": toml("""
        [[claim]]
        id = "stale"
        source = "mill-gazette"
        quote = "two workers were hurt"
        speaker = "Oksana Hrytsenko"
        action = "injured"
        object = "people"
        value = 2
        places = ["Kharkiv"]
        ignore = ["RC202"]
        reason = "the quote used to be paraphrased"
        """),
}


@pytest.mark.parametrize("code", sorted(CASES), ids=sorted(CASES))
def test_each_rule_fires(project, code):
    result = run_check(project(CASES[code]), select=["ALL"])
    assert code in codes(result)
    problem = next(p for p in result.problems if p.code == code)
    assert problem.name == EXPECTED_RULES[code][0]
    assert problem.severity.value == EXPECTED_RULES[code][1]
    assert problem.path == "claims.toml"


@pytest.mark.parametrize("code", sorted(CASES), ids=sorted(CASES))
def test_each_rule_is_quiet_when_not_selected(project, code):
    others = [c for c in EXPECTED_RULES if c != code]
    assert code not in codes(run_check(project(CASES[code]), select=others))


def test_clean_claim_has_no_problems(project):
    result = run_check(project(CLEAN), select=["ALL"])
    assert result.problems == []
    assert result.claims == 1
    assert not result.failed


def test_rc501_names_both_claims_and_points_at_their_quotes(project):
    result = run_check(project(CASES["RC501"]), select=["RC501"])
    assert [(p.claim, p.line) for p in result.problems] == [("governor-downed", 1), ("army-downed", 12)]
    first = result.problems[0]
    assert "14" in first.message and "5" in first.message
    assert first.related is not None
    # Front matter is 5 lines; the governor's sentence is the third line of the body.
    assert (first.related.path, first.related.line) == ("sources/mill-gazette.md", 8)
    assert first.related.snippet == "shot down fourteen drones over the district"
    body_line = MILL.splitlines()[2]
    assert first.related.column == body_line.index("shot down") + 1
    assert first.related.end_column == first.related.column + len(first.related.snippet)


def test_problem_lines_point_at_the_field(project):
    claims = toml("""\
        # curated by hand

          [[claim]]
          id = "misquoted"
          source = "mill-gazette"
          speaker = "Oksana Hrytsenko"
          action = "injured"
          object = "people"
          value = 3
          quote = "three workers were hurt"
        """)
    result = run_check(project(claims), select=["RC202", "RC301"])
    by_code = {p.code: p for p in result.problems}
    assert (by_code["RC202"].line, by_code["RC202"].column) == (10, 3)
    assert (by_code["RC301"].line, by_code["RC301"].column) == (3, 3)
    assert by_code["RC202"].related is None


def test_unknown_source_is_reported_when_paths_name_a_subset(project):
    config = project(CASES["RC203"], paths=["sources/mill-gazette.md"])
    result = run_check(config, select=["RC2"])
    assert [(p.code, p.claim) for p in result.problems] == [("RC203", "mill-hurt"), ("RC201", "mill-hurt")]
    assert "(sources/mill-gazette.md)" in result.problems[1].message


def test_no_claims_file_is_clean(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_source(tmp_path / "sources", "ferry-news", FERRY)
    result = run_check(Config(paths=[Path("sources")]))
    assert result.problems == [] and result.path is None and result.claims == 0


def test_unreadable_value_stops_the_check(project):
    broken = CLEAN.replace("value = 2", 'value = "a great many"')
    with pytest.raises(DataError, match="cannot read the quantity"):
        run_check(project(broken))


# --- suppressions --------------------------------------------------------------------------------

def test_suppression_with_reason_hides_the_problem(project):
    claims = CASES["RC901"] + 'reason = "the outlet speaks in its own voice here"\n'
    result = run_check(project(claims))
    assert codes(result) == []
    assert result.suppressed == 1


def test_suppression_without_reason_still_suppresses_but_fails(project):
    result = run_check(project(CASES["RC901"]))
    assert codes(result) == ["RC901"]
    assert result.problems[0].line == 9  # the `ignore` line
    assert result.suppressed == 1
    assert result.failed


def test_blank_reason_counts_as_none(project):
    result = run_check(project(CASES["RC901"] + 'reason = "  "\n'))
    assert codes(result) == ["RC901"]
    assert result.problems[0].line == 10  # the `reason` line


def test_unused_suppression(project):
    result = run_check(project(CASES["RC902"]))
    assert codes(result) == ["RC902"]
    assert "'RC202'" in result.problems[0].message
    assert not result.failed  # a warning


def test_suppression_of_a_disabled_rule_that_fires_is_used(project):
    # RC301 is off by default but does fire on this claim: the ignore is not stale.
    claims = CASES["RC301"] + 'ignore = ["RC301"]\nreason = "the terminal notice has no date"\n'
    assert codes(run_check(project(claims))) == []


def test_suppression_by_prefix_and_unknown_codes(project):
    claims = CASES["RC101"] + 'ignore = ["RC1", "RC777", "RC901"]\nreason = "editorial voice"\n'
    result = run_check(project(claims))
    messages = [p.message for p in result.problems]
    assert codes(result) == ["RC902", "RC902"]
    assert any("'RC777' is not a rule code" in m for m in messages)
    assert any("'RC901' cannot be suppressed" in m for m in messages)
    assert len({p.fingerprint for p in result.problems}) == 2


def test_suppressing_rc501_runs_the_contradiction_check(project):
    claims = CASES["RC501"].replace('date = 2024-06-10\n', 'date = 2024-06-10\nignore = ["RC501"]\n'
                                    'reason = "the army counts only its own units"\n', 1)
    result = run_check(project(claims))
    assert codes(result) == []


# --- selection -----------------------------------------------------------------------------------

def test_default_selection():
    assert set(active_rules(None, [], {})) == {c for c, (_, _, on) in EXPECTED_RULES.items() if on}


def test_selection_by_prefix_and_specificity():
    assert set(active_rules(["RC2"], ["RC202"], {})) == {"RC201", "RC203"}
    assert set(active_rules(["RC202"], ["RC2"], {})) == {"RC202"}
    assert set(active_rules(["RC2"], ["RC2"], {})) == set()
    assert set(active_rules(["ALL"], ["RC9"], {})) == {c for c in EXPECTED_RULES if not c.startswith("RC9")}
    assert set(active_rules(None, ["RC1"], {})) == {"RC201", "RC202", "RC203", "RC901", "RC902"}


def test_severity_override_longest_match_wins():
    active = active_rules(["RC1", "RC2"], [], {"RC2": "info", "RC202": "warning"})
    assert active["RC101"] is Severity.error
    assert active["RC201"] is Severity.info
    assert active["RC202"] is Severity.warning


def test_parse_selectors():
    assert parse_selectors(["rc1, RC201", "RC9"], "--select") == ["RC1", "RC201", "RC9"]
    assert parse_selectors(None, "--select") is None
    with pytest.raises(ReconcileError, match="unknown rule code or prefix 'RC7'"):
        parse_selectors(["RC7"], "--select")


def test_check_table_selects_and_flags_override(project):
    claims = '[check]\nselect = ["RC3"]\nseverity = { RC301 = "error" }\nfail_level = "warning"\n' \
        + CASES["RC301"] + CASES["RC101"]
    result = run_check(project(claims))
    assert codes(result) == ["RC301"]
    assert {p.severity for p in result.problems} == {Severity.error}
    assert result.fail_level is Severity.warning
    flagged = run_check(project(claims), select=["RC1"])
    assert codes(flagged) == ["RC101"]
    assert codes(run_check(project(claims), ignore=["RC301"])) == []


def test_unknown_code_in_check_table_names_file_and_line(project):
    with pytest.raises(DataError) as err:
        run_check(project('[check]\nignore = ["RC123"]\n'))
    assert str(err.value).startswith("claims.toml:2: [check] ignore: unknown rule code or prefix 'RC123'")


def test_fail_level():
    from reconcile.check import CheckResult, Problem

    warning = Problem(code="RC102", name="vague-attribution", severity=Severity.warning, message="m",
                      path="claims.toml", line=1, fingerprint="f")
    result = CheckResult(problems=[warning], rules=rules(), active={})
    assert not result.failed
    assert result.with_fail_level("warning").failed
    assert result.with_fail_level("info").failed
    assert result.with_fail_level(None) is result
    assert result.counts() == {"error": 0, "warning": 1, "info": 0}


# --- fingerprints and the baseline ---------------------------------------------------------------

def test_fingerprint_ignores_layout_but_not_content():
    base = fingerprint("RC101", "c1", "“Two” workers were  hurt — badly")
    assert base == fingerprint("RC101", "c1", '"two" workers were\nhurt - badly')
    assert base != fingerprint("RC101", "c2", '"two" workers were hurt - badly')
    assert base != fingerprint("RC102", "c1", '"two" workers were hurt - badly')
    assert base != fingerprint("RC101", "c1", "three workers were hurt")
    assert base.startswith("RC101/c1/")


def test_fingerprints_survive_an_unrelated_claim_above(project):
    before = run_check(project(CASES["RC202"]))
    after = run_check(project(CLEAN + "\n" + CASES["RC202"]))
    assert [p.fingerprint for p in before.problems] == [p.fingerprint for p in after.problems]
    assert before.problems[0].line != after.problems[0].line


def test_baseline_hides_known_problems_only(project):
    config = project(CASES["RC202"])
    known = run_check(config)
    baseline = Baseline(fingerprints=[p.fingerprint for p in known.problems])
    assert codes(run_check(config, baseline=baseline)) == []
    both = project(CASES["RC101"] + CASES["RC202"])
    result = run_check(both, baseline=baseline)
    assert codes(result) == ["RC101"]
    assert result.baselined == 1


def test_baseline_file_round_trip(project, tmp_path):
    result = run_check(project(CASES["RC202"] + CASES["RC101"]))
    path = tmp_path / "baseline.json"
    path.write_text(baseline_json(result), encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == "reconcile/check-baseline@1"
    assert {row["code"] for row in data["problems"]} == {"RC101", "RC202"}
    assert sorted(read_baseline(path).fingerprints) == sorted(p.fingerprint for p in result.problems)
    assert codes(run_check(project(CASES["RC202"] + CASES["RC101"]), baseline=path)) == []


@pytest.mark.parametrize("text, message", [
    ("{not json", "baseline is not JSON"),
    ('{"schema": "something/else", "problems": []}', "not a reconcile baseline"),
    ('{"schema": "reconcile/check-baseline@1", "problems": [{"code": "RC101"}]}', "needs a 'fingerprint'"),
])
def test_bad_baseline(tmp_path, text, message):
    path = tmp_path / "b.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message) as err:
        read_baseline(path)
    assert str(err.value).startswith(str(path))


def test_quote_location_counts_from_the_body_line():
    source = Source(id="s", path="sources/s.md", outlet="S", text="first line\r\nsecond “quoted” line\n",
                    body_line=6)
    where = quote_location(source, 'second "quoted"')
    assert (where.line, where.column, where.end_line, where.end_column) == (7, 1, 7, 16)
    assert quote_location(source, "absent") is None
