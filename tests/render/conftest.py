"""One small hand-made Report, run through every renderer.

Two invented outlets report on two invented incidents; there is one finding of each kind. One
quote carries everything an article could use to attack the output: a table pipe, HTML, rich
markup, a rich hyperlink and an ANSI colour escape.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from reconcile.models import AsOf, Claim, Figure, Finding, FindingKind, Incident, Report, Source

HOSTILE_QUOTE = (
    "The ministry put the dead at 12 | 14 <script>alert(1)</script> "
    "[bold red]x[/bold red] [link=http://evil.example]click[/link] \x1b[31mnot 3\x07"
)
PORT = "harbor-city-2024-05-02"
DEPOT = "steppe-town-2024-05-03"


def _sources() -> list[Source]:
    return [
        Source(id="harbor-gazette-2024-05-02", path="sources/harbor-gazette-2024-05-02.md",
               outlet="Harbor Gazette", published=date(2024, 5, 2),
               title="Night attack on the river port", url="https://harbor.example/night attack (update)",
               party="independent-media", text="(body)"),
        Source(id="steppe-courier-2024-05-03", path="sources/steppe-courier-2024-05-03.md",
               outlet="Steppe Courier", published=date(2024, 5, 3),
               published_at=datetime(2024, 5, 3, 9, 30),
               title="Port toll rises | officials *differ*", url="javascript:alert(1)",
               party="russia-media", text="(body)"),
    ]


def _claims() -> list[Claim]:
    gazette, courier = "harbor-gazette-2024-05-02", "steppe-courier-2024-05-03"
    return [
        Claim(id="c1", source=gazette, speaker="Governor Ilya Marsh", party="russia-official",
              quote="Governor Ilya Marsh said three people died when the warehouse burned.",
              start=0, end=70, action="killed", object="people", low=3, high=3, incident=PORT),
        Claim(id="c2", source=courier, speaker="Defence Ministry", party="ukraine-official",
              quote=HOSTILE_QUOTE, start=0, end=len(HOSTILE_QUOTE), action="killed", object="people",
              low=12, high=12, incident=PORT),
        Claim(id="c3", source=courier, speaker="Governor Ilya Marsh", party="russia-official",
              quote="By morning the governor counted five dead.", start=200, end=242,
              action="killed", object="people", low=5, high=5, incident=PORT),
        Claim(id="c4", source=gazette, speaker="Air Defence Command", party="russia-official",
              quote="Air Defence Command said six drones were brought down over the bay.",
              start=100, end=168, action="downed", object="drones", low=6, high=6, incident=PORT),
        Claim(id="c5", source=courier, speaker="Open Sky monitors", party="independent-media",
              quote="Open Sky monitors tracked six drones falling short of the port.",
              start=300, end=363, action="downed", object="drones", low=6, high=6, incident=PORT),
        Claim(id="c6", source=courier, speaker="Depot staff", party="other",
              quote="Depot staff reportedly saw two storage tanks hit.", start=400, end=449,
              action="hit", object="buildings", low=2, high=2, hedge="reportedly", incident=DEPOT),
        Claim(id="c7", source=gazette, speaker=None, party=None,
              quote="Four homes nearby were left without windows.", start=500, end=545,
              action="damaged", object="homes", low=4, high=4),
    ]


def _incidents() -> list[Incident]:
    return [
        # Listed out of date order on purpose: renderers sort
        Incident(id=DEPOT, label="Fuel depot fire, Steppe Town", date=date(2024, 5, 3),
                 places=["Steppe Town"], sources=["steppe-courier-2024-05-03"], claims=["c6"], grade="weak",
                 evidence=["c6: place Steppe Town, same day"]),
        Incident(id=PORT, label="Drone strike on the river port, Harbor City", date=date(2024, 5, 2),
                 places=["Harbor City"], sources=["harbor-gazette-2024-05-02", "steppe-courier-2024-05-03"],
                 claims=["c1", "c2", "c3", "c4", "c5"], grade="contested",
                 summary=[
                     Figure(action="downed", object="drones", low=6, best=6, high=6, conservative=6,
                            origins=2, claims=["c4", "c5"]),
                     Figure(action="killed", object="people", low=5, best=8.5, high=12, conservative=5,
                            origins=2, claims=["c2", "c3"]),
                 ],
                 evidence=["c2: place Harbor City matches the port, 1 day apart",
                           "c3: same speaker as c1, 1 day apart"]),
    ]


def _findings() -> list[Finding]:
    # Out of reading order on purpose: renderers put contradictions first
    return [
        Finding(kind=FindingKind.unsourced, incident=None, action="damaged", object="homes", claims=["c7"],
                summary="damaged homes 4: in the outlet's own voice", reason="no speaker"),
        Finding(kind=FindingKind.unverified, incident=DEPOT, action="hit", object="buildings", claims=["c6"],
                summary="hit buildings 2: the text hedges it ('reportedly')", reason="hedge: reportedly"),
        Finding(kind=FindingKind.agreement, incident=PORT, action="downed", object="drones",
                claims=["c4", "c5"], independent=True,
                summary="downed drones: 2 origins agree (Air Defence Command: 6, Open Sky monitors: 6)",
                reason="origins of different parties: Air Defence Command (russia-official), "
                       "Open Sky monitors (independent-media)"),
        Finding(kind=FindingKind.revision, incident=PORT, action="killed", object="people",
                claims=["c1", "c3"],
                summary="killed people rose over successive reports: 3 → 5; latest 5",
                reason="later reports raise an accumulating count; the latest supersedes",
                as_of=[AsOf(claim="c1", as_of=date(2024, 5, 2), low=3, high=3),
                       AsOf(claim="c3", as_of=datetime(2024, 5, 3, 9, 30), low=5, high=5)]),
        Finding(kind=FindingKind.contradiction, incident=PORT, action="killed", object="people",
                claims=["c3", "c2"],
                summary="killed people: Governor Ilya Marsh says 5, Defence Ministry says 12",
                reason="disjoint intervals [5, 5] and [12, 12]; opposing parties"),
    ]


def make_report() -> Report:
    """A fresh copy of the fixture report."""
    return Report(sources=_sources(), claims=_claims(), incidents=_incidents(), findings=_findings())


@pytest.fixture
def report() -> Report:
    return make_report()


@pytest.fixture
def shuffled_report() -> Report:
    """The same report with every list reversed: rendering must not depend on input order."""
    r = make_report()
    return r.model_copy(update={"sources": r.sources[::-1], "claims": r.claims[::-1],
                                "incidents": r.incidents[::-1], "findings": r.findings[::-1]})
