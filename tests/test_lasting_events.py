"""Multi-day events: reports of a lasting disaster over days or months join the incident of the
day it struck; a different event at the same place, or another storm, is another incident."""

from __future__ import annotations

from datetime import date

from reconcile.claimsfile import Settings
from reconcile.extract.events import Events, find_event, same_event
from reconcile.findings import reconcile
from reconcile.incidents import match_incidents, place_keys
from reconcile.models import Claim, FindingKind, Source

STRUCK, WEEK, MONTH, YEAR = date(2021, 6, 24), date(2021, 7, 1), date(2021, 7, 24), date(2022, 6, 20)


def source(sid: str, day: date) -> Source:
    return Source(id=sid, path=f"sources/{sid}.md", outlet=f"Outlet {sid}", published=day, text="x" * 400)


def claim(cid: str, src: str, places: list[str], day: date, event: str | None, low: int = 4, **extra) -> Claim:
    fields = {"action": "killed", "object": "people", "low": low, "high": low, "speaker": "County mayor",
              "party": "official", "quote": "x", "start": 0, "end": 1}
    fields.update(extra)
    return Claim(id=cid, source=src, places=places, place_keys=place_keys(places), event_date=day,
                 date_basis="stated", event=event, **fields)


def incidents_of(claims, sources):
    incidents, updated = match_incidents(claims, sources, Settings(date_window_days=1))
    return {c.id: c.incident for c in updated}, incidents, updated


def test_event_words():
    assert find_event("the collapse of Champlain Towers South") == ("collapse", True)
    assert find_event("Hurricane Maria struck the island") == ("storm:maria", True)
    assert find_event("the demolition of the remaining tower") == ("demolition", False)
    assert same_event("storm:maria", "storm") and not same_event("storm:maria", "storm:irma")
    assert not same_event("collapse", "demolition")


def test_an_article_about_the_collapse_a_week_later_joins_the_day_it_struck():
    sources = [source("day1", STRUCK), source("week", WEEK), source("month", MONTH)]
    claims = [
        claim("first", "day1", ["Surfside, Florida"], STRUCK, "collapse", 4),
        claim("later", "week", ["Champlain Towers South", "Surfside, Florida"], WEEK, "collapse", 9),
        claim("latest", "month", ["Champlain Towers South"], MONTH, "collapse", 24),
    ]
    owner, incidents, updated = incidents_of(claims, sources)
    assert owner["first"] == owner["later"] == owner["latest"]
    incident = next(i for i in incidents if i.id == owner["first"])
    assert incident.date == STRUCK
    findings, _ = reconcile(incidents, updated, sources)
    revisions = [f for f in findings if f.kind == FindingKind.revision]
    assert [f.claims for f in revisions] == [["first", "later", "latest"]]
    assert not [f for f in findings if f.kind == FindingKind.contradiction]


def test_a_different_event_at_the_same_place_is_another_incident():
    sources = [source("day1", STRUCK), source("demo", WEEK)]
    claims = [
        claim("collapse", "day1", ["Surfside, Florida"], STRUCK, "collapse"),
        claim("demolition", "demo", ["Surfside, Florida"], WEEK, None, action="displaced", low=30),
    ]
    owner, _, _ = incidents_of(claims, sources)
    assert owner["collapse"] != owner["demolition"]


def test_another_storm_at_the_same_place_is_another_incident():
    sources = [source("maria", date(2017, 9, 20)), source("fiona", date(2018, 9, 19))]
    claims = [
        claim("maria", "maria", ["San Juan, Puerto Rico"], date(2017, 9, 20), "storm:maria"),
        claim("other", "fiona", ["San Juan, Puerto Rico"], date(2018, 9, 19), "storm:fiona"),
        claim("toll", "fiona", ["San Juan, Puerto Rico"], date(2018, 8, 28), "storm:maria", low=2975,
              speaker="George Washington University", party="research", estimate=True),
    ]
    owner, _, _ = incidents_of(claims, sources)
    assert owner["maria"] == owner["toll"] != owner["other"]


def test_lasting_events_have_a_limit():
    sources = [source("day1", STRUCK), source("years", date(2023, 6, 24))]
    claims = [
        claim("first", "day1", ["Surfside, Florida"], STRUCK, "collapse"),
        claim("years", "years", ["Surfside, Florida"], date(2023, 6, 24), "collapse"),
    ]
    owner, _, _ = incidents_of(claims, sources)
    assert owner["first"] != owner["years"]


def test_without_an_event_a_later_report_stays_on_its_day():
    sources = [source("day1", STRUCK), source("week", WEEK)]
    claims = [claim("first", "day1", ["Surfside, Florida"], STRUCK, None),
              claim("later", "week", ["Surfside, Florida"], WEEK, None)]
    owner, _, _ = incidents_of(claims, sources)
    assert owner["first"] != owner["later"]


def test_sentences_inherit_their_articles_lasting_event():
    body = ("A demolition crew brought down the rest of the tower on Sunday.\n\n"
            "The death toll rose to 24, the mayor said.")
    events = Events("Toll from the collapse rises to 24", body, ("disaster",))
    assert events.event_for("A demolition crew brought down the rest of the tower on Sunday.", 0) is None
    assert events.event_for("The death toll rose to 24, the mayor said.", 1) == "collapse"
    # war reporting records no events: "collapsed after the strike" is part of the strike
    assert Events(None, "The building collapsed after the strike.", ("conflict", "disaster")).event_for(
        "The building collapsed after the strike.", 0) is None
