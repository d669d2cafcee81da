"""`reconcile eval`: gold files, the measures, and agreement with the shared reference scorer.

The reports and gold files here are invented; the agreement tests also score the shared
development sets when ../shared/eval is beside the checkout (as in CI).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reconcile.errors import DataError
from reconcile.evaluation import evaluate, parse_gold

SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
REFERENCE = SHARED_EVAL / "score.py"


def _claim(cid, source, action, low, high=None, speaker=None, obj="people", incident="i1", quote="", **more):
    return {"id": cid, "source": source, "speaker": speaker, "action": action, "object": obj, "low": low,
            "high": low if high is None else high, "incident": incident, "quote": quote or f"{cid} quote", **more}


def _report(claims, findings=(), sources=("wire-a", "wire-b", "daily-c")):
    outlets = {"wire-a": "Wire A", "wire-b": "Wire B", "daily-c": "Daily C"}
    return {"schema": "reconcile/report@1",
            "sources": [{"id": s, "outlet": outlets[s]} for s in sources],
            "claims": list(claims), "incidents": [], "findings": list(findings)}


GOLD = """\
[[incident]]
id = "harbour-fire"
date = "2025-03-01"
places = ["Portview"]
sources = ["wire-a", "wire-b"]

[[incident]]
id = "harbour-fire-later"
date = "2025-03-09"
places = ["Portview"]
sources = ["daily-c"]

[[fact]]
incident = "harbour-fire"
action = "killed"
value = 4
speaker = "Mara Olsen, fire chief"
sources = ["wire-a"]

[[fact]]
incident = "harbour-fire"
metric = "injured"
low = 10
speaker = "Portview hospital"
speaker_keys = ["hospital"]
sources = ["wire-b"]

[[fact]]
incident = "harbour-fire"
action = "killed"
value = 6
approx = true
speaker = "Wire B"
sources = ["wire-b"]

[[fact]]
incident = "harbour-fire-later"
action = "killed"
value = 1
speaker = "police"
sources = ["daily-c"]

[[fact]]
incident = "harbour-fire"
metric = "ships_burned"
value = 2
speaker = "unattributed"
sources = ["wire-a"]

[[contradiction]]
incident = "harbour-fire"
action = "killed"
a = "Mara Olsen: 4"
b = "Port union: 9"
why = "same toll, same evening, two origins"

[[revision]]
incident = "harbour-fire"
action = "injured"
values = [10, 14]
speakers = ["hospital", "hospital"]

[[agreement]]
incident = "harbour-fire"
action = "killed"
value = 4
speakers = ["Olsen", "union"]

[[consistent]]
incident = "harbour-fire-later"
action = "killed"
why = "one figure only"

[[unsourced]]
source = "wire-b"
keys = ["about six"]

[[distinct]]
a = "harbour-fire"
b = "harbour-fire-later"
"""


def _claims():
    return [
        _claim("a1", "wire-a", "killed", 4, speaker="Fire chief Mara Olsen", incident="r1"),
        _claim("a2", "wire-a", "killed", 9, speaker="Port union", incident="r1"),
        _claim("b1", "wire-b", "injured", 10, speaker="Portview hospital", incident="r1"),
        _claim("b2", "wire-b", "killed", 5, 7, approx=True, incident="r1", quote="about six dead, Wire B learned"),
        _claim("b3", "wire-b", "injured", 14, speaker="Portview Hospital", incident="r1"),
        _claim("c1", "daily-c", "killed", 1, speaker="police", incident="r2"),
        _claim("c2", "daily-c", "killed", 3, speaker="a neighbour", incident="r2"),
    ]


def _findings():
    return [
        {"kind": "contradiction", "incident": "r1", "action": "killed", "claims": ["a1", "a2"], "summary": "4 vs 9"},
        {"kind": "contradiction", "incident": "r2", "action": "killed", "claims": ["c1", "c2"], "summary": "1 vs 3"},
        {"kind": "revision", "incident": "r1", "action": "injured", "claims": ["b1", "b3"], "summary": "10 -> 14"},
        {"kind": "agreement", "incident": "r1", "action": "killed", "claims": ["a1", "a2"], "summary": "odd"},
        {"kind": "agreement", "incident": "r1", "action": "killed", "claims": ["c1"], "summary": "alone"},
        {"kind": "unsourced", "incident": "r1", "action": "killed", "claims": ["b2"], "summary": "no speaker"},
    ]


def _b1_open(claims):
    """b1 says "at least 10": unbounded above."""
    return [dict(c, high=None) if c["id"] == "b1" else c for c in claims]


def test_every_measure_on_a_small_report():
    evaluation = evaluate(_report(_b1_open(_claims()), _findings()), parse_gold(GOLD))
    s = evaluation.scores
    assert s["facts"] == 1.0 and s["attributed"] == 1.0
    assert evaluation.counts["facts"] == "4/4, 1 outside the vocabulary skipped"
    assert s["distinct"] == 1.0 and s["grouping"] == 1.0
    assert s["contradictions"] == 1.0 and s["contra_precision"] == 0.5
    assert s["consistent"] == 0.0  # the 1-vs-3 contradiction in the later fire
    assert s["revisions"] == 1.0 and s["agreements"] == 1.0 and s["unsourced"] == 1.0
    assert evaluation.self_agreements == 1
    alarms = [m for m in evaluation.misses if m.false_alarm and m.measure == "contra_precision"]
    assert [m.what for m in alarms] == ["1 vs 3"]
    assert any("a neighbour (daily-c)" in q for q in alarms[0].quotes)


def test_a_contradiction_the_gold_lists_spoils_no_look_alike_of_its_action():
    gold = GOLD + """
[[consistent]]
incident = "harbour-fire"
action = "killed"
why = "the union's early estimate and the chief's count are compared only as a contradiction"
"""
    true_alarm = [f for f in _findings() if f["claims"] == ["a1", "a2"] and f["kind"] == "contradiction"]
    evaluation = evaluate(_report(_b1_open(_claims()), true_alarm), parse_gold(gold))
    assert evaluation.scores["consistent"] == 1.0 and evaluation.scores["contra_precision"] == 1.0
    false_alarm = {"kind": "contradiction", "incident": "r1", "action": "killed", "claims": ["a1", "b2"],
                   "summary": "4 vs about six"}
    evaluation = evaluate(_report(_b1_open(_claims()), [*true_alarm, false_alarm]), parse_gold(gold))
    assert evaluation.counts["consistent"] == "1/2"


def test_the_outlets_own_voice_is_no_speaker():
    claims = [dict(c, speaker="Wire B") if c["id"] == "b2" else c for c in _b1_open(_claims())]
    evaluation = evaluate(_report(claims), parse_gold(GOLD))
    assert evaluation.scores["facts"] == 1.0
    assert evaluation.scores["attributed"] == 0.75


def test_an_exact_gold_figure_needs_the_exact_interval():
    claims = [c for c in _claims() if c["id"] != "a1"] + [_claim("a1", "wire-a", "killed", 4, 5, speaker="Olsen",
                                                                incident="r1")]
    evaluation = evaluate(_report(_b1_open(claims)), parse_gold(GOLD))
    assert evaluation.counts["facts"].startswith("3/4")
    assert any(m.measure == "facts" and "killed/people 4" in m.what for m in evaluation.misses)


def test_a_merged_pair_of_days_fails_grouping_and_distinct():
    claims = [dict(c, incident="r1") for c in _b1_open(_claims())]
    evaluation = evaluate(_report(claims), parse_gold(GOLD))
    assert evaluation.scores["distinct"] == 0.0
    assert evaluation.scores["grouping"] < 1.0
    assert evaluation.counts["grouping"] == "P=0.50 R=1.00"


def test_per_incident_tallies_show_a_split():
    claims = [dict(c, incident="r9") if c["id"] == "b1" else c for c in _b1_open(_claims())]
    evaluation = evaluate(_report(claims), parse_gold(GOLD))
    fire = next(i for i in evaluation.incidents if i.id == "harbour-fire")
    assert fire.predicted == {"r1", "r9"} and fire.found == 3 and fire.facts == 3


def test_bars():
    evaluation = evaluate(_report(_b1_open(_claims()), _findings()), parse_gold(GOLD))
    assert evaluation.failed_bars({"facts": 1.0, "self_agreements": 1}) == []
    assert evaluation.failed_bars({"contra_precision": 0.9}) == ["contra_precision 0.50 (bar 0.9)"]
    assert evaluation.failed_bars({"self_agreements": 0}) == ["self_agreements 1 (bar 0)"]
    assert "not measured" in evaluation.failed_bars({"unverified": 0.5})[0]


@pytest.mark.parametrize(("text", "where", "message"), [
    ('[[incident]]\nid = "x"\n[[fact]]\nincident = "x"\naction = "killed"\nvaule = 3\nsources = ["s"]\n',
     ":6:", "'vaule': unknown field"),
    ('[[incident]]\nid = "x"\n\n[[fact]]\nincident = "y"\naction = "killed"\nvalue = 3\nsources = ["s"]\n',
     ":4:", "unknown incident 'y'"),
    ('[[incident]]\nid = "x"\n[[fact]]\nincident = "x"\naction = "killed"\nsources = ["s"]\n',
     ":3:", "needs 'value'"),
    ('[[incident]]\nid = "x"\n[[fact]\n', ":3:", "invalid TOML"),
    ('[[incidents]]\nid = "x"\n', "", "unknown table 'incidents'"),
])
def test_gold_errors_name_the_line(text, where, message):
    with pytest.raises(DataError) as err:
        parse_gold(text, "gold.toml")
    assert where in str(err.value) and message in str(err.value)


# -- the command


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "harbour-wire-2025-03-01.md").write_text(textwrap.dedent("""\
        +++
        outlet = "Harbour Wire"
        published = 2025-03-01
        +++
        Fire chief Mara Olsen said four people were killed in the warehouse fire in Odesa on Saturday.

        The port union said nine workers died in the fire in Odesa.
        """), encoding="utf-8")
    (folder / "gold.toml").write_text(textwrap.dedent("""\
        [[incident]]
        id = "odesa-fire"
        date = "2025-03-01"
        places = ["Odesa"]
        sources = ["harbour-wire-2025-03-01"]

        [[fact]]
        incident = "odesa-fire"
        action = "killed"
        value = 4
        speaker = "Mara Olsen"
        sources = ["harbour-wire-2025-03-01"]

        [[fact]]
        incident = "odesa-fire"
        action = "killed"
        value = 9
        speaker = "port union"
        speaker_keys = ["union"]
        sources = ["harbour-wire-2025-03-01"]
        """), encoding="utf-8")
    return folder


def test_eval_command_scores_a_folder(tmp_path, run_cli):
    folder = _corpus(tmp_path)
    result = run_cli(*["eval", str(folder / "gold.toml"), "--min", "facts=0.5"])
    assert result.exit_code == 0, result.output
    assert "facts=1.00" in result.output and "By incident" in result.output and "odesa-fire" in result.output


def test_eval_command_json_and_failed_bars(tmp_path, run_cli):
    folder = _corpus(tmp_path)
    result = run_cli(*["eval", str(folder / "gold.toml"), str(folder), "--format", "json", "--min", "facts=1.01"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["schema"] == "reconcile/eval@1"
    assert data["scores"]["facts"] == 1.0
    assert data["failed"] == ["facts 1.00 (bar 1.01)"]
    assert data["incidents"][0]["id"] == "odesa-fire"


def test_eval_command_rejects_an_unknown_measure(tmp_path, run_cli):
    folder = _corpus(tmp_path)
    result = run_cli(*["eval", str(folder / "gold.toml"), "--min", "fact=0.5"])
    assert result.exit_code == 2 and "'fact' is not a measure" in result.output


def test_eval_command_bad_gold_is_exit_2(tmp_path, run_cli):
    gold = tmp_path / "gold.toml"
    gold.write_text('[[incident]]\nid = "x"\n[[fact]]\nincident = "nope"\naction = "killed"\nvalue = 1\n'
                    'sources = ["s"]\n', encoding="utf-8")
    result = run_cli(*["eval", str(gold), str(tmp_path)])
    assert result.exit_code == 2
    assert f"{gold}:3: unknown incident 'nope'" in result.output
    assert "Traceback" not in result.output


def test_eval_ignores_claims_toml_in_the_working_directory(tmp_path, run_cli):
    folder = _corpus(tmp_path)
    (tmp_path / "claims.toml").write_text("this is not toml", encoding="utf-8")
    result = run_cli(*["eval", str(folder / "gold.toml")])
    assert result.exit_code == 0, result.output


# -- agreement with the reference scorer (../shared/eval/score.py)


def _reference(corpus: Path, gold: Path, report_path: Path) -> dict[str, float]:
    run = subprocess.run([sys.executable, str(REFERENCE), str(corpus), str(gold), "--json", str(report_path)],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode in (0, 1), run.stderr
    last = run.stdout.strip().splitlines()[-1]
    return {k: float(v) for k, v in (pair.split("=") for pair in last.split()) if k != "self_agreements"}


@pytest.mark.skipif(not REFERENCE.is_file(), reason="the shared reference scorer is not beside this checkout")
def test_agrees_with_the_reference_on_a_small_report(tmp_path):
    folder = tmp_path / "set"
    folder.mkdir()
    for sid, outlet in (("wire-a", "Wire A"), ("wire-b", "Wire B"), ("daily-c", "Daily C")):
        (folder / f"{sid}.md").write_text(f'+++\noutlet = "{outlet}"\n+++\nText.\n', encoding="utf-8")
    gold = tmp_path / "gold.toml"
    gold.write_text(GOLD, encoding="utf-8")
    report = _report(_b1_open(_claims()), _findings())
    (tmp_path / "report.json").write_text(json.dumps(report), encoding="utf-8")
    ours = evaluate(report, parse_gold(GOLD)).scores
    theirs = _reference(folder, gold, tmp_path / "report.json")
    assert theirs.keys() == ours.keys()
    assert all(abs(ours[k] - theirs[k]) <= 0.01 for k in ours), (ours, theirs)


@pytest.mark.skipif(not REFERENCE.is_file(), reason="the shared reference scorer is not beside this checkout")
@pytest.mark.parametrize("name", ["seeds", "multi", "wider"])
def test_agrees_with_the_reference_on_the_shared_sets(name, tmp_path):
    from reconcile.evaluation import load_gold
    from reconcile.pipeline import Config, run
    from reconcile.render.json import report_json

    corpus, gold = SHARED_EVAL / name, SHARED_EVAL / f"{name}-gold.toml"
    report = report_json(run(Config(paths=[corpus], claims_default=False)))
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    ours = evaluate(report, load_gold(gold)).scores
    theirs = _reference(corpus, gold, path)
    assert theirs.keys() == ours.keys()
    assert all(abs(ours[k] - theirs[k]) <= 0.01 for k in ours), (ours, theirs)


def test_the_relay_is_kept_beside_the_origin(tmp_path, run_cli):
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "wire-2024-03-27.md").write_text(
        '+++\noutlet = "Harbour Wire"\npublished = 2024-03-27\n+++\n'
        "As of Wednesday, 80 of the injured were still in hospital in Odesa, TASS quoted the health minister, "
        "Pavel Orlov, as saying.\n", encoding="utf-8")
    result = run_cli("report", str(folder), "--format", "json")
    claims = json.loads(result.stdout)["claims"]
    relayed = [c for c in claims if c["action"] == "injured"]
    assert relayed and relayed[0]["speaker"] == "Pavel Orlov" and relayed[0]["via"] == "TASS"
    result = run_cli("report", str(folder), "--format", "markdown")
    assert "**Pavel Orlov** via TASS" in result.stdout
