"""`reconcile schema` and reconcile/schema.py: the JSON Schema must describe what `report --format json` emits.

The real pipeline runs on a small invented corpus (claims extracted and curated, one finding of
each kind, revisions with their as-of steps, agreements with their independence) and its output
must validate against the schema, with every emitted key described there. The schema allows
unknown keys, as DESIGN.md's contract does, so the key check is explicit.
"""

from __future__ import annotations

import json
import textwrap

import jsonschema
import pytest
from click.testing import CliRunner

from reconcile.cli import cli
from reconcile.schema import report_schema

# The required keys of DESIGN.md, "The JSON contract"
CONTRACT = {
    "ReportDoc": {"schema", "sources", "claims", "incidents", "findings"},
    "SourceDoc": {"id", "outlet", "published", "title", "url", "path"},
    "ClaimDoc": {"id", "source", "speaker", "party", "quote", "start", "end", "action", "object", "low", "high",
                 "approx", "value", "polarity", "hedge", "places", "event_date", "incident", "origin"},
    "IncidentDoc": {"id", "label", "date", "places", "sources", "claims"},
    "FindingDoc": {"kind", "incident", "action", "object", "claims", "summary"},
}

MILL = """\
+++
outlet = "Valley Courier"
published = 2024-10-04
title = "Drones strike the Dnipro steel mill"
url = "https://valley.example/mill"
+++
Governor Serhiy Lysak said three people were killed when drones hit the steel mill in Dnipro on Friday night.

The Ukrainian Air Force said it shot down 14 drones over the region.

Smoke could be seen from 20 km away.
"""

WIRE = """\
+++
outlet = "Eastern Wire"
published = 2024-10-04T18:30:00
title = "Mill strike toll"
+++
The Kestrel monitoring group said three people died at the Dnipro mill.

Kestrel counted 14 drones brought down over the region.

Kestrel said two cars were reportedly destroyed near the mill.

Russia's defence ministry said the mill was a military target.
"""

LATER = """\
+++
outlet = "Valley Courier"
published = 2024-10-05
title = "Mill toll rises"
+++
Lysak said on Saturday that five workers had died at the Dnipro mill.
"""

CLAIMS = textwrap.dedent("""\
    [[speaker]]
    name = "Kestrel monitoring group"
    aliases = ["Kestrel"]
    party = "independent-media"

    [[claim]]
    id = "kestrel-killed"
    source = "wire"
    quote = "three people died at the Dnipro mill"
    speaker = "Kestrel"
    action = "killed"
    object = "people"
    value = 3
    places = ["Dnipro"]
    date = 2024-10-04

    [[claim]]
    id = "mod-target"
    source = "wire"
    quote = "the mill was a military target"
    speaker = "Russian Ministry of Defence"
    action = "target"
    value = "military"
    places = ["Dnipro"]
    date = 2024-10-04

    [[claim]]
    id = "courier-target"
    source = "mill"
    quote = "drones hit the steel mill"
    speaker = "Serhiy Lysak"
    action = "target"
    value = "civilian"
    places = ["Dnipro"]
    date = 2024-10-04

    [[claim]]
    id = "not-in-source"
    source = "mill"
    quote = "a quote the article never printed"
    speaker = "Serhiy Lysak"
    action = "injured"
    object = "people"
    value = 2
    places = ["Dnipro"]
    date = 2024-10-04
    """)


@pytest.fixture
def output(tmp_path, monkeypatch) -> dict:
    """`reconcile report --format json` on the corpus, claims extracted and curated."""
    monkeypatch.chdir(tmp_path)
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, text in (("mill", MILL), ("wire", WIRE), ("later", LATER)):
        (sources / f"{name}.md").write_text(text, encoding="utf-8")
    (tmp_path / "claims.toml").write_text(CLAIMS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def undescribed(schema: dict, node: dict, value, where: str = "$") -> list[str]:
    """Paths of the keys in VALUE that NODE (a part of SCHEMA) does not describe."""
    node = resolve(schema, node)
    if "anyOf" in node:
        kind = "object" if isinstance(value, dict) else "array" if isinstance(value, list) else None
        for option in node["anyOf"]:
            if resolve(schema, option).get("type") == kind:
                return undescribed(schema, option, value, where)
        return []
    missing = []
    if isinstance(value, dict):
        properties = node.get("properties", {})
        for key, item in value.items():
            if key not in properties:
                missing.append(f"{where}.{key}")
            else:
                missing += undescribed(schema, properties[key], item, f"{where}.{key}")
    elif isinstance(value, list) and "items" in node:
        for i, item in enumerate(value):
            missing += undescribed(schema, node["items"], item, f"{where}[{i}]")
    return missing


def test_fixture_exercises_every_part_of_the_report(output):
    kinds = {f["kind"] for f in output["findings"]}
    assert kinds == {"agreement", "contradiction", "revision", "unverified", "unsourced"}
    assert any("as_of" in f for f in output["findings"]) and any("independent" in f for f in output["findings"])
    assert {c["origin"] for c in output["claims"]} == {"extracted", "curated"}
    assert any(i["summary"] for i in output["incidents"])
    assert any(s["published_at"] for s in output["sources"])
    assert any(c["start"] is None for c in output["claims"])


def test_real_output_validates(output):
    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(output), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_every_emitted_key_is_described(output):
    schema = report_schema()
    assert undescribed(schema, schema, output) == []


def test_undescribed_keys_are_caught(output):
    """The check above would notice a key the renderer adds without the schema."""
    output["claims"][0]["confidence"] = 0.9
    output["findings"][0]["as_of"] = [{"claim": "x", "as_of": None, "low": 1, "high": 1, "note": "new"}]
    schema = report_schema()
    assert undescribed(schema, schema, output) == ["$.claims[0].confidence", "$.findings[0].as_of[0].note"]


def test_required_keys_are_the_contract():
    schema = report_schema()
    assert set(schema["required"]) == CONTRACT["ReportDoc"]
    for name, keys in CONTRACT.items():
        if name != "ReportDoc":
            assert set(schema["$defs"][name]["required"]) == keys, name
    assert schema["properties"]["schema"]["const"] == "reconcile/report@1"
    assert set(schema["$defs"]["FindingKind"]["enum"]) == {"agreement", "contradiction", "revision", "unverified",
                                                          "unsourced"}


@pytest.mark.parametrize("break_it", [
    lambda d: d["claims"][0].pop("quote"),
    lambda d: d.update(schema="reconcile/report@2"),
    lambda d: d["findings"][0].update(kind="rumour"),
    lambda d: d["claims"][0].update(polarity="maybe"),
    lambda d: d["incidents"][0].update(claims="c1"),
    lambda d: d["findings"][0].update(independent=None),
])
def test_schema_rejects_broken_reports(output, break_it):
    break_it(output)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(output, report_schema(), cls=jsonschema.Draft202012Validator)


def test_extra_keys_are_allowed_by_the_contract(output):
    output["generator"] = "something else"
    output["sources"][0]["language"] = "en"
    jsonschema.validate(output, report_schema(), cls=jsonschema.Draft202012Validator)


def test_schema_command(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == report_schema()
    out = tmp_path / "report.schema.json"
    result = runner.invoke(cli, ["schema", "-o", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == report_schema()


def test_schema_help_ends_with_an_example():
    result = CliRunner().invoke(cli, ["schema", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout and "reconcile schema -o report.schema.json" in result.stdout
