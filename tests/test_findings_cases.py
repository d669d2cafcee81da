"""Table-driven findings cases: claims in, findings, grades and figure summaries out.

Every `[[case]]` of every `tests/cases/findings/*.toml` file is one test. A case lists its
`sources` and `claims`; all claims form one incident (place keys from `place_keys`) unless the
case gives `incidents`. The test builds Source, Claim and Incident models, runs `reconcile()`,
and checks `expect`, `forbid`, `grade` and `summary`. Adding a case means editing data only.

Case keys:
    name, note
    sources   [{id, outlet, published (TOML date or datetime), party?}]
    claims    [{id, source, speaker?, party?, action, object?, low?, high?, approx?, value?,
                polarity?, hedge?, vague?, speaker_text?, quote?, start? ("none": quote not found),
                incident? (only with `incidents`), scope? (local | part | total | national),
                part_of? (the total's claim id), place_keys?, places?, event_date?, date_basis?}]
              `low` alone is an exact figure (high = low); `high = "inf"` is unbounded above.
              Quotes default to a sentence made from the claim; a source's body is its claims'
              quotes in order, so two claims with the same quote in one source are a sentence
              repeated in one article (a caption).
    place_keys   the incident's place keys (default none)
    incidents [{id, place_keys?, claims, grade?}]   several incidents; unlisted claims have none
    expect    [finding spec]   each must match at least one finding (`times`: exactly that many)
    forbid    [finding spec]   none may match any finding
    grade     the grade of the single incident
    summary   [{action, object?, low?, best?, high?, conservative?, origins?, claims?, includes?, scope?,
               parts?}]

Finding spec keys (all optional but `kind`):
    kind, action, object ("null" for none), incident ("null" for none)
    claims     the finding's claims, as a set
    includes   claims the finding names (among others)
    origins    how many distinct origins (speakers quoted; an outlet's own voice is its own) it names
    independent, reason (a case-insensitive substring of the finding's reason)
    chain      on revisions: the claims of `as_of`, in order; each step's `as_of` must be its
               source's publication time and its low/high the claim's
    times, note
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from reconcile.findings import reconcile
from reconcile.models import Claim, Figure, Finding, Incident, Source

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CASES = Path(__file__).parent / "cases" / "findings"

CASE_KEYS = {"name", "note", "sources", "claims", "place_keys", "incidents", "expect", "forbid", "grade",
             "summary"}
SOURCE_KEYS = {"id", "outlet", "published", "party"}
CLAIM_KEYS = {"id", "source", "speaker", "party", "action", "object", "low", "high", "approx", "value",
              "polarity", "hedge", "vague", "speaker_text", "quote", "start", "incident", "scope", "part_of",
              "place_keys", "places", "event_date", "date_basis", "estimate"}
INCIDENT_KEYS = {"id", "place_keys", "claims", "grade"}
SPEC_KEYS = {"kind", "action", "object", "incident", "claims", "includes", "origins", "independent", "reason",
             "chain", "times", "note"}
FIGURE_KEYS = {"action", "object", "low", "best", "high", "conservative", "origins", "claims", "includes",
               "incident", "note", "scope", "parts"}
NULL = "null"
INF = "inf"
DEFAULT_INCIDENT = "incident-1"


def _load() -> list:
    params, names = [], set()
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in data.get("case", []):
            case_id = f"{path.stem}:{case['name']}"
            assert case_id not in names, f"duplicate case name {case_id}"
            names.add(case_id)
            params.append(pytest.param(case, id=case_id))
    return params


def _none(value):
    return None if value == NULL else value


# -- building the models


def _quote(spec: dict) -> str:
    who = spec.get("speaker") or spec.get("speaker_text") or "The outlet"
    if spec.get("value") is not None:
        what = f"{spec['action']} {spec['value']}"
    else:
        what = f"{spec['action']} {spec.get('object') or ''} {spec.get('low', '')}".strip()
    verb = "denied" if spec.get("polarity") == "deny" else "said"
    return f"{who} {verb}: {what} [{spec['id']}]."


def _sources_and_claims(case: dict) -> tuple[list[Source], list[Claim]]:
    bodies: dict[str, str] = {s["id"]: "" for s in case.get("sources", [])}
    claims = []
    for spec in case["claims"]:
        quote = spec.get("quote") or _quote(spec)
        if spec.get("start") == "none":
            start = end = None
        elif spec["source"] in bodies:
            if bodies[spec["source"]]:
                bodies[spec["source"]] += "\n\n"
            start = len(bodies[spec["source"]])
            bodies[spec["source"]] += quote
            end = start + len(quote)
        else:  # a source the run did not load
            start, end = 0, len(quote)
        low = spec.get("low")
        high = spec.get("high", low)
        claims.append(Claim(
            id=spec["id"], source=spec["source"], speaker=spec.get("speaker"), party=spec.get("party"),
            quote=quote, start=start, end=end, action=spec["action"], object=spec.get("object"),
            low=low, high=None if high == INF else high, approx=spec.get("approx", False),
            value=spec.get("value"), polarity=spec.get("polarity", "affirm"), hedge=spec.get("hedge"),
            vague=spec.get("vague", False), speaker_text=spec.get("speaker_text"), origin="curated",
            scope=spec.get("scope"), part_of=spec.get("part_of"), place_keys=spec.get("place_keys", []),
            places=spec.get("places", []), event_date=spec.get("event_date"),
            date_basis=spec.get("date_basis", "none"),
            estimate=spec.get("estimate", False),
        ))
    sources = []
    for spec in case.get("sources", []):
        published = spec.get("published")
        at = published if isinstance(published, datetime) else None
        day = published.date() if isinstance(published, datetime) else published
        sources.append(Source(id=spec["id"], path=f"sources/{spec['id']}.md", outlet=spec["outlet"],
                              published=day, published_at=at, party=spec.get("party"), text=bodies[spec["id"]]))
    return sources, claims


def _incidents(case: dict, sources: list[Source], claims: list[Claim]) -> tuple[list[Incident], list[Claim]]:
    specs = case.get("incidents") or [{"id": DEFAULT_INCIDENT, "place_keys": case.get("place_keys", []),
                                       "claims": [c["id"] for c in case["claims"]]}]
    where = {cid: spec["id"] for spec in specs for cid in spec["claims"]}
    claims = [c.model_copy(update={"incident": where.get(c.id)}) for c in claims]
    days = {s.id: s.published for s in sources}
    incidents = []
    for spec in specs:
        members = [c for c in claims if c.incident == spec["id"]]
        dates = sorted(d for d in (days.get(c.source) for c in members) if d)
        incidents.append(Incident(
            id=spec["id"], label=spec["id"], date=dates[0] if dates else None, places=[],
            sources=sorted({c.source for c in members}), claims=[c.id for c in members],
            place_keys=spec.get("place_keys", []),
        ))
    return incidents, claims


# -- matching


def _origin(claim: Claim, sources: dict[str, Source]) -> str:
    """The speaker quoted; an outlet speaking in its own voice (or vaguely) is its own origin."""
    if claim.speaker and not claim.vague:
        return claim.speaker
    source = sources.get(claim.source)
    return f"{source.outlet if source else claim.source} (own voice)"


def _published(source: Source | None):
    if source is None:
        return None
    return source.published_at or source.published


def matches(finding: Finding, spec: dict, claims: dict[str, Claim], sources: dict[str, Source]) -> bool:
    """Whether FINDING has every property SPEC names (see the module docstring)."""
    for key, want in spec.items():
        if key in ("times", "note"):
            continue
        if key == "kind":
            if finding.kind.value != want:
                return False
        elif key in ("action", "object", "incident", "independent"):
            if getattr(finding, key) != _none(want):
                return False
        elif key == "claims":
            if sorted(finding.claims) != sorted(want):
                return False
        elif key == "includes":
            if not set(want) <= set(finding.claims):
                return False
        elif key == "origins":
            if len({_origin(claims[c], sources) for c in finding.claims}) != want:
                return False
        elif key == "reason":
            if finding.reason is None or want.lower() not in finding.reason.lower():
                return False
        elif key == "chain":
            if not finding.as_of or [step.claim for step in finding.as_of] != want:
                return False
            for step in finding.as_of:
                claim = claims[step.claim]
                if step.as_of != _published(sources.get(claim.source)) or \
                        (step.low, step.high) != (claim.low, claim.high):
                    return False
        else:  # pragma: no cover - guarded by test_case_files_are_well_formed
            raise KeyError(key)
    return True


def _figure_matches(figure: Figure, spec: dict) -> list[str]:
    wrong = []
    for key, want in spec.items():
        if key in ("action", "object", "incident", "note"):
            continue
        got = getattr(figure, key) if key != "includes" else figure.claims
        if key == "high":
            ok = got == (None if want == INF else want)
        elif key in ("claims", "parts"):
            ok = sorted(got) == sorted(want)
        elif key == "includes":
            ok = set(want) <= set(got)
        else:
            ok = got == want
        if not ok:
            wrong.append(f"{key}={got!r} (want {want!r})")
    return wrong


# -- failure messages


def show_finding(finding: Finding) -> str:
    what = "/".join(str(x) for x in (finding.action, finding.object) if x is not None) or "-"
    bits = [f"{finding.kind.value:13} {what:18} {finding.claims}"]
    if finding.independent is not None:
        bits.append(f"independent={finding.independent}")
    if finding.as_of:
        bits.append("as_of=" + ", ".join(f"{s.claim}@{s.as_of}" for s in finding.as_of))
    if finding.reason:
        bits.append(f"reason={finding.reason!r}")
    return "  ".join(bits)


def show_figure(figure: Figure) -> str:
    return (f"{figure.action}/{figure.object}: low={figure.low} best={figure.best} high={figure.high} "
            f"conservative={figure.conservative} origins={figure.origins} claims={figure.claims}")


def show_claim(claim: Claim) -> str:
    if claim.value is not None:
        what = f"{claim.action}={claim.value}"
    elif claim.low is not None:
        hi = "inf" if claim.high is None else claim.high
        what = f"{claim.action}/{claim.object} [{claim.low},{hi}]{'~' if claim.approx else ''}"
    else:
        what = f"{claim.action}/{claim.object}"
    bits = [f"{claim.id}: {what}"]
    if claim.polarity != "affirm":
        bits.append(claim.polarity)
    bits.append(f"{claim.speaker!r}/{claim.party}" + (" vague" if claim.vague else ""))
    if claim.hedge:
        bits.append(f"hedge={claim.hedge!r}")
    bits.append(f"in {claim.source}" + (" (quote not found)" if claim.start is None else ""))
    return "  ".join(bits)


def spec_text(spec: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in spec.items() if k != "note")


CASE_PARAMS = _load()


def test_case_files_are_well_formed():
    assert CASE_PARAMS, f"no cases under {CASES}"
    for param in CASE_PARAMS:
        case = param.values[0]
        assert set(case) <= CASE_KEYS, (param.id, set(case) - CASE_KEYS)
        assert case.get("expect") or case.get("forbid") or "grade" in case or "summary" in case, param.id
        ids = [c["id"] for c in case["claims"]]
        assert len(ids) == len(set(ids)), (param.id, "duplicate claim id")
        for source in case.get("sources", []):
            assert set(source) <= SOURCE_KEYS, (param.id, set(source) - SOURCE_KEYS)
            assert isinstance(source.get("published"), (date, type(None))), (param.id, source["id"])
        for claim in case["claims"]:
            assert set(claim) <= CLAIM_KEYS, (param.id, claim["id"], set(claim) - CLAIM_KEYS)
        for incident in case.get("incidents", []):
            assert set(incident) <= INCIDENT_KEYS, (param.id, set(incident) - INCIDENT_KEYS)
            assert set(incident["claims"]) <= set(ids), (param.id, incident["id"])
        for spec in [*case.get("expect", []), *case.get("forbid", [])]:
            assert set(spec) <= SPEC_KEYS, (param.id, set(spec) - SPEC_KEYS)
            assert "kind" in spec, (param.id, spec)
            named = set(spec.get("claims", [])) | set(spec.get("includes", [])) | set(spec.get("chain", []))
            assert named <= set(ids), (param.id, named - set(ids))
        for spec in case.get("summary", []):
            assert set(spec) <= FIGURE_KEYS, (param.id, set(spec) - FIGURE_KEYS)


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_findings_case(case: dict):
    sources, claims = _sources_and_claims(case)
    incidents, claims = _incidents(case, sources, claims)
    findings, graded = reconcile(incidents, claims, sources)
    by_claim = {c.id: c for c in claims}
    by_source = {s.id: s for s in sources}
    problems = []
    for spec in case.get("expect", []):
        found = [f for f in findings if matches(f, spec, by_claim, by_source)]
        times = spec.get("times")
        if times is None and not found:
            problems.append(f"missing: {spec_text(spec)}")
        elif times is not None and len(found) != times:
            problems.append(f"expected {times}x, got {len(found)}x: {spec_text(spec)}")
    for spec in case.get("forbid", []):
        for finding in findings:
            if matches(finding, spec, by_claim, by_source):
                problems.append(f"forbidden ({spec_text(spec)}): {show_finding(finding)}")
    grades = {i.id: i.grade for i in graded}
    wanted = {i["id"]: i["grade"] for i in case.get("incidents", []) if "grade" in i}
    if "grade" in case:
        wanted[DEFAULT_INCIDENT if not case.get("incidents") else case["incidents"][0]["id"]] = case["grade"]
    for incident_id, grade in wanted.items():
        if grades.get(incident_id) != grade:
            problems.append(f"grade of {incident_id}: {grades.get(incident_id)} (want {grade})")
    figures = {(i.id, f.action, f.object): f for i in graded for f in i.summary}
    for spec in case.get("summary", []):
        key = (spec.get("incident", graded[0].id), spec["action"], _none(spec.get("object", NULL)))
        figure = figures.get(key)
        if figure is None:
            problems.append(f"no summary figure for {key[1]}/{key[2]}")
        else:
            wrong = _figure_matches(figure, spec)
            if wrong:
                problems.append(f"summary {key[1]}/{key[2]}: " + ", ".join(wrong))
    assert not problems, "\n  " + "\n  ".join(problems) + (
        "\n  claims:\n" + "\n".join("    " + show_claim(c) for c in claims)
        + "\n  findings:\n" + ("\n".join("    " + show_finding(f) for f in findings) or "    (none)")
        + "\n  grades: " + ", ".join(f"{k}={v}" for k, v in grades.items())
        + "\n  summary:\n" + ("\n".join("    " + show_figure(f) for i in graded for f in i.summary) or "    (none)"))
