"""Table-driven incident cases: articles in, incidents and findings out, through the whole pipeline.

Every `[[case]]` of every `tests/cases/incidents/*.toml` file is one test. A case gives its
`articles` (id, published, title?, text), optional `settings` for claims.toml, and checks:

    together   lists of article ids: every claim of these articles is in one incident
    apart      lists of article ids: no two of these articles share an incident
    date       {article = id, date = TOML date}: the incident of that article's claims has this date
    expect     finding specs ({kind, action?, object?}) that must match a finding
    forbid     finding specs that must match none

Adding a case means editing data only.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reconcile.pipeline import Config, run

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CASES = Path(__file__).parent / "cases" / "incidents"
CASE_KEYS = {"name", "note", "articles", "settings", "together", "apart", "date", "expect", "forbid"}


def _load() -> list:
    params = []
    for path in sorted(CASES.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8")).get("case", []):
            params.append(pytest.param(case, id=f"{path.stem}:{case['name']}"))
    return params


CASE_PARAMS = _load()


def _report(case: dict, tmp_path: Path):
    folder = tmp_path / "sources"
    folder.mkdir()
    for article in case["articles"]:
        front = [f"published = {article['published'].isoformat()}", f'outlet = "Outlet {article["id"]}"']
        if "title" in article:
            front.append(f"title = {article['title']!r}".replace("'", '"'))
        (folder / f"{article['id']}.md").write_text("+++\n" + "\n".join(front) + "\n+++\n" + article["text"],
                                                    encoding="utf-8")
    settings = case.get("settings", {"date_window_days": 1})
    claims = tmp_path / "claims.toml"
    claims.write_text("[settings]\n" + "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in settings.items()),
                      encoding="utf-8")
    return run(Config(paths=[folder], claims_path=claims))


def _matches(finding, spec: dict) -> bool:
    return all(getattr(finding, k) == (v.value if hasattr(v, "value") else v) or
               (k == "kind" and finding.kind.value == v) for k, v in spec.items() if k != "note")


def test_case_files_are_well_formed():
    assert CASE_PARAMS
    for param in CASE_PARAMS:
        assert set(param.values[0]) <= CASE_KEYS, param.id


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_incident_case(case: dict, tmp_path: Path):
    report = _report(case, tmp_path)
    by_source: dict[str, set[str]] = {}
    for claim in report.claims:
        by_source.setdefault(claim.source, set()).add(claim.incident)
    listing = "\n".join(f"  {c.source} {c.action} {c.low} {c.places} {c.event_date} event={c.event} -> {c.incident}"
                        for c in report.claims)
    for group in case.get("together", []):
        incidents = set().union(*(by_source.get(a, set()) for a in group))
        assert len(incidents) == 1 and all(by_source.get(a) for a in group), f"not together: {group}\n{listing}"
    for group in case.get("apart", []):
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                assert not by_source.get(a, set()) & by_source.get(b, set()), f"together: {a}, {b}\n{listing}"
    for want in case.get("date", []):
        incident_ids = by_source.get(want["article"], set())
        dates = {i.date for i in report.incidents if i.id in incident_ids}
        assert dates == {want["date"]}, f"{want}: {dates}\n{listing}"
    for spec in case.get("expect", []):
        assert any(_matches(f, spec) for f in report.findings), f"missing {spec}\n{listing}"
    for spec in case.get("forbid", []):
        assert not any(_matches(f, spec) for f in report.findings), f"forbidden {spec}\n{listing}"
