"""Incident matching: places, dates, neighbours, multi-region claims, editors' pins, determinism."""

from __future__ import annotations

import random
from datetime import date

import pytest

from reconcile.claimsfile import IncidentPin, Settings
from reconcile.findings import reconcile
from reconcile.incidents import match_incidents, place_keys
from reconcile.models import Claim, Source


def source(sid: str, day: date, outlet: str = "Test Wire") -> Source:
    return Source(id=sid, path=f"sources/{sid}.md", outlet=outlet, published=day, text="x" * 400)


def claim(cid: str, src: str, places: list[str], day: date | None, basis: str = "stated", **extra) -> Claim:
    fields = {"action": "injured", "object": "people", "low": 2, "high": 2, "speaker": "Someone",
              "party": "other", "quote": "x", "start": 0, "end": 1}
    fields.update(extra)
    return Claim(id=cid, source=src, places=places, place_keys=place_keys(places), event_date=day,
                 date_basis=basis, **fields)


def grouping(claims, sources, settings=None, pins=()):
    incidents, updated = match_incidents(claims, sources, settings or Settings(), list(pins))
    return {c.id: c.incident for c in updated}, incidents


D1, D2, D3 = date(2024, 3, 15), date(2024, 3, 16), date(2024, 8, 21)
SOURCES = [source("a", D1), source("b", D1), source("c", D2), source("d", D3)]


@pytest.mark.parametrize("first, second", [
    ("Kharkiv", "Kharkov"), ("Kyiv", "Kiev"), ("Oryol", "Orel"), ("Pervyi Zavod", "Pervyy Zavod"),
    ("Kursk Oblast", "Kursk region"),
])
def test_spelling_variants_are_one_incident(first, second):
    got, _ = grouping([claim("x", "a", [first], D1), claim("y", "b", [second], D1)], SOURCES)
    assert got["x"] == got["y"]


@pytest.mark.parametrize("inner, outer", [
    ("Polotnyany Zavod", "Kaluga Oblast"), ("Izhevsk", "Udmurtia"), ("Kupol plant", "Izhevsk"),
    ("Podolsk", "Moscow Oblast"),
])
def test_a_place_inside_another_is_one_incident(inner, outer):
    got, _ = grouping([claim("x", "a", [inner], D1), claim("y", "b", [outer], D1)], SOURCES)
    assert got["x"] == got["y"]


def test_neighbouring_towns_across_a_regional_border_merge_within_the_distance():
    # Podolsk (Moscow Oblast) lies some 37 km from central Moscow (a region of its own)
    got, incidents = grouping([claim("x", "a", ["Podolsk"], D1), claim("y", "b", ["Moscow"], D1)], SOURCES)
    assert got["x"] == got["y"]
    assert any("within" in line for i in incidents for line in i.evidence)
    got, _ = grouping([claim("x", "a", ["Podolsk"], D1), claim("y", "b", ["Moscow"], D1)], SOURCES,
                      Settings(place_distance_km=10))
    assert got["x"] != got["y"]


def test_same_place_on_another_day_is_another_incident():
    got, _ = grouping([claim("x", "a", ["Belgorod"], D1), claim("y", "d", ["Belgorod"], D3)], SOURCES)
    assert got["x"] != got["y"]


def test_stated_dates_one_day_apart_are_two_incidents_but_a_publication_date_may_be_the_next_day():
    stated = [claim("x", "a", ["Kaluga"], D1), claim("y", "c", ["Kaluga"], D2)]
    got, _ = grouping(stated, SOURCES)
    assert got["x"] != got["y"]
    loose = [claim("x", "a", ["Kaluga"], D1), claim("y", "c", ["Kaluga"], D2, basis="published")]
    got, _ = grouping(loose, SOURCES)
    assert got["x"] == got["y"]
    got, _ = grouping(stated, SOURCES, Settings(date_window_days=1))
    assert got["x"] == got["y"]


def test_different_regions_the_same_day_are_different_incidents():
    got, _ = grouping([claim("x", "a", ["Belgorod"], D1), claim("y", "a", ["Kharkiv"], D1)], SOURCES)
    assert got["x"] != got["y"]


def test_a_claim_over_several_regions_covers_each_without_being_counted_there():
    wide = claim("wide", "a", ["Belgorod Oblast", "Kaluga Oblast"], D1, action="outcome", object=None,
                 low=None, high=None, value="foiled", speaker="Russian Ministry of Defence",
                 party="russia-official")
    local = claim("local", "b", ["Kaluga Oblast"], D1, action="outcome", object=None, low=None, high=None,
                  value="hit", speaker="ASTRA", party="independent-media")
    count = claim("count", "b", ["Kaluga Oblast"], D1)
    got, incidents = grouping([wide, local, count], SOURCES)
    assert got["wide"] != got["local"]
    kaluga = next(i for i in incidents if i.id == got["local"])
    assert kaluga.covering == ["wide"] and "wide" not in kaluga.claims
    findings, graded = reconcile(incidents, match_incidents([wide, local, count], SOURCES)[1], SOURCES)
    contradiction = [f for f in findings if f.kind.value == "contradiction"]
    assert contradiction and contradiction[0].incident == kaluga.id
    assert set(contradiction[0].claims) == {"wide", "local"}
    summary = next(i for i in graded if i.id == kaluga.id).summary
    assert [(f.action, f.origins) for f in summary] == [("injured", 1)]


def test_editors_pins_merge_and_split():
    claims = [claim("x", "a", ["Belgorod"], D1), claim("y", "d", ["Belgorod"], D3),
              claim("z", "a", ["Kharkiv"], D1), claim("w", "b", ["Kharkiv"], D1)]
    pins = [IncidentPin(id="pinned", label="One story", merge=["x", "y"]), IncidentPin(split=["z", "w"])]
    got, incidents = grouping(claims, SOURCES, pins=pins)
    assert got["x"] == got["y"] == "pinned"
    assert got["z"] != got["w"]
    assert next(i for i in incidents if i.id == "pinned").label == "One story"


def test_curated_incident_labels_group_and_name_claims():
    claims = [claim("x", "a", ["Belgorod"], D1, incident_hint="the-cafe"),
              claim("y", "d", ["Kharkiv"], D3, incident_hint="the-cafe")]
    got, _ = grouping(claims, SOURCES)
    assert got["x"] == got["y"] == "the-cafe"


def test_claims_without_a_place_join_the_nearest_placed_claim_of_their_article():
    claims = [claim("x", "a", ["Belgorod"], D1, start=10, end=20), claim("y", "a", [], D1, start=30, end=40),
              claim("z", "b", ["Kharkiv"], D1)]
    got, _ = grouping(claims, SOURCES)
    assert got["y"] == got["x"] != got["z"]


def test_matching_is_deterministic_whatever_the_input_order():
    claims = [claim(f"c{n}", "ab"[n % 2], [place], D1 if n % 3 else D3)
              for n, place in enumerate(["Belgorod", "Kharkiv", "Kharkov", "Kursk", "Kaluga", "Belgorod Oblast"] * 3)]
    first, incidents = grouping(claims, SOURCES)
    shuffled = claims[:]
    random.Random(7).shuffle(shuffled)
    second, again = grouping(shuffled, SOURCES)
    assert first == second
    assert [i.id for i in incidents] == [i.id for i in again]
