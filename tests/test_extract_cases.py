"""Table-driven extraction cases: article text in, claims out (see tests/cases/README.md).

Every `[[case]]` of every `tests/cases/claims/*.toml` file is one test. Adding a case means
editing data only.
"""

from __future__ import annotations

import math
import sys
from datetime import date
from pathlib import Path

import pytest

from reconcile.extract import extract_claims
from reconcile.lexicons import SpeakerEntry
from reconcile.models import Claim, Source
from reconcile.speakers import SpeakerIndex

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CASES = Path(__file__).parent / "cases" / "claims"

CASE_KEYS = {"name", "text", "published", "title", "outlet", "party", "expect", "forbid", "count", "note",
             "speakers", "packs"}
# Keys compared with == (after "null" -> None).
PLAIN_KEYS = {"action", "object", "value", "polarity", "speaker", "party", "vague", "approx", "date_basis", "scope",
              "estimate", "via"}
SPEC_KEYS = PLAIN_KEYS | {
    "low", "high", "contains", "low_lt", "high_gt", "low_min", "low_max", "high_min", "high_max",
    "hedge", "places", "places_exact", "places_not", "place_keys", "event_date", "quote_contains",
    "speaker_contains", "speaker_not", "times", "note", "part_of",
}
NULL = "null"
INF = "inf"


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


def _num(value):
    return None if value in (NULL, INF) else value


def _hi(claim: Claim) -> float:
    return math.inf if claim.high is None else claim.high


def matches(claim: Claim, spec: dict) -> bool:
    """Whether CLAIM has every property SPEC names (see tests/cases/README.md)."""
    for key, want in spec.items():
        if key in ("times", "note"):
            continue
        if key in PLAIN_KEYS:
            if getattr(claim, key) != _none(want):
                return False
        elif key in ("low", "high"):
            if getattr(claim, key) is None or _num(want) is None:
                if getattr(claim, key) != _num(want):
                    return False
            elif not math.isclose(getattr(claim, key), want, abs_tol=1e-6):
                return False
        elif key == "contains":
            if claim.low is None or not (claim.low <= want <= _hi(claim)):
                return False
        elif key == "low_lt":
            if claim.low is None or not claim.low < want:
                return False
        elif key == "high_gt":
            if claim.low is None or not _hi(claim) > want:
                return False
        elif key == "low_min":
            if claim.low is None or claim.low < want:
                return False
        elif key == "low_max":
            if claim.low is None or claim.low > want:
                return False
        elif key == "high_min":
            if claim.low is None or _hi(claim) < want:
                return False
        elif key == "high_max":
            if claim.low is None or _hi(claim) > want:
                return False
        elif key == "hedge":
            if want is True:
                if claim.hedge is None:
                    return False
            elif want is False or want == NULL:
                if claim.hedge is not None:
                    return False
            elif claim.hedge is None or want.lower() not in claim.hedge.lower():
                return False
        elif key == "places":
            if not set(want) <= set(claim.places):
                return False
        elif key == "places_exact":
            if sorted(want) != sorted(claim.places):
                return False
        elif key == "places_not":
            if set(want) & set(claim.places):
                return False
        elif key == "place_keys":
            if not set(want) <= set(claim.place_keys):
                return False
        elif key == "event_date":
            if claim.event_date != _none(want):
                return False
        elif key == "quote_contains":
            if want not in claim.quote:
                return False
        elif key == "speaker_contains":
            if claim.speaker is None or want.lower() not in claim.speaker.lower():
                return False
        elif key == "speaker_not":
            if claim.speaker is not None and claim.speaker == want:
                return False
        elif key == "part_of":
            if (claim.part_of is not None) != want:
                return False
        else:  # pragma: no cover - guarded by test_case_files_are_well_formed
            raise KeyError(key)
    return True


def show(claim: Claim) -> str:
    """One compact line per claim, for failure messages."""
    if claim.value is not None:
        what = f"{claim.action}={claim.value}"
    else:
        hi = "inf" if claim.high is None and claim.low is not None else claim.high
        what = f"{claim.action} {claim.object} [{claim.low},{hi}]{'~' if claim.approx else ''}"
    bits = [what]
    if claim.polarity != "affirm":
        bits.append(claim.polarity)
    bits.append(f"speaker={claim.speaker!r}" + (f"/{claim.party}" if claim.party else "")
                + (" vague" if claim.vague else ""))
    if claim.hedge:
        bits.append(f"hedge={claim.hedge!r}")
    bits.append(f"places={claim.places}")
    bits.append(f"date={claim.event_date}({claim.date_basis})")
    quote = claim.quote if len(claim.quote) <= 70 else claim.quote[:67] + "..."
    bits.append(f"quote={quote!r}")
    return "  ".join(bits)


def spec_text(spec: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in spec.items() if k != "note")


def _source(case: dict) -> Source:
    published = case.get("published")
    if published is not None and not isinstance(published, date):
        raise TypeError(f"{case['name']}: published must be a TOML date")
    return Source(id=case["name"], path=f"sources/{case['name']}.md", outlet=case.get("outlet", "Test Outlet"),
                  published=published, title=case.get("title"), party=case.get("party"), text=case["text"])


CASE_PARAMS = _load()


def test_case_files_are_well_formed():
    assert CASE_PARAMS, f"no cases under {CASES}"
    for param in CASE_PARAMS:
        case = param.values[0]
        assert set(case) <= CASE_KEYS, (param.id, set(case) - CASE_KEYS)
        assert case.get("expect") or case.get("forbid") or "count" in case, param.id
        for spec in [*case.get("expect", []), *case.get("forbid", [])]:
            assert set(spec) <= SPEC_KEYS, (param.id, set(spec) - SPEC_KEYS)


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_extraction_case(case: dict):
    source = _source(case)
    # [[speaker]] rows of the case stand for a claims.toml's, which win over the built-in table
    speakers = [SpeakerEntry.model_validate(row) for row in case.get("speakers", [])]
    packs = tuple(case["packs"]) if "packs" in case else None  # [settings] packs
    claims = extract_claims(source, SpeakerIndex(speakers), packs=packs)
    listing = "\n".join("    " + show(c) for c in claims) or "    (no claims)"
    problems = []
    for claim in claims:
        if claim.start is None or source.text[claim.start:claim.end] != claim.quote:
            problems.append(f"quote is not body[start:end]: {claim.start}:{claim.end} {claim.quote!r}")
    for spec in case.get("expect", []):
        found = [c for c in claims if matches(c, spec)]
        times = spec.get("times")
        if times is None and not found:
            problems.append(f"missing: {spec_text(spec)}")
        elif times is not None and len(found) != times:
            problems.append(f"expected {times}x, got {len(found)}x: {spec_text(spec)}")
    for spec in case.get("forbid", []):
        for claim in claims:
            if matches(claim, spec):
                problems.append(f"forbidden ({spec_text(spec)}): {show(claim)}")
    if "count" in case and len(claims) != case["count"]:
        problems.append(f"expected {case['count']} claims, got {len(claims)}")
    assert not problems, "\n  " + "\n  ".join(problems) + "\n  extracted:\n" + listing
