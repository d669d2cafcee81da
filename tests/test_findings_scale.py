"""Findings on incidents with very many origins: pairwise comparisons are capped, with one note."""

from __future__ import annotations

from datetime import date

from reconcile.findings import MAX_ORIGINS, reconcile
from reconcile.models import Claim, FindingKind, Incident, Source


def _incident(origins: int, denials: int = 0) -> tuple[list[Incident], list[Claim], list[Source]]:
    text = "x" * 10
    sources = [Source(id=f"s{n}", path=f"s{n}.md", outlet=f"Outlet {n}", published=date(2024, 3, n % 28 + 1),
                      text=text) for n in range(origins + denials)]
    claims = [Claim(id=f"c{n:03d}", source=f"s{n}", speaker=f"Speaker {n:03d}", party="other", quote="x",
                    start=0, end=1, action="killed", object="people", low=10 * n + 1, high=10 * n + 1,
                    incident="i") for n in range(origins)]
    claims += [Claim(id=f"d{n:03d}", source=f"s{origins + n}", speaker=f"Denier {n:03d}", party="other",
                     quote="x", start=0, end=1, action="killed", object="people", low=1, high=None,
                     polarity="deny", incident="i") for n in range(denials)]
    incident = Incident(id="i", label="i", date=date(2024, 3, 1), places=[], sources=[s.id for s in sources],
                        claims=[c.id for c in claims])
    return [incident], claims, sources


def test_up_to_the_cap_every_pair_of_origins_is_compared():
    incidents, claims, sources = _incident(MAX_ORIGINS)
    notes: list[str] = []
    findings, _ = reconcile(incidents, claims, sources, notes)
    disagree = [f for f in findings if f.kind in (FindingKind.contradiction, FindingKind.revision)]
    assert disagree and not notes


def test_past_the_cap_the_first_origins_are_compared_and_one_note_says_so():
    incidents, claims, sources = _incident(MAX_ORIGINS * 4, denials=MAX_ORIGINS * 2)
    notes: list[str] = []
    findings, _ = reconcile(incidents, claims, sources, notes)
    compared = [f for f in findings if f.kind in (FindingKind.contradiction, FindingKind.revision,
                                                  FindingKind.agreement)]
    involved = {c for f in compared for c in f.claims}
    affirmed = sorted((c for c in claims if c.polarity == "affirm"),
                      key=lambda c: (sources[int(c.source[1:])].published, c.speaker))
    first = {c.id for c in affirmed[:MAX_ORIGINS]}
    # the first origins to report are the ones compared (sources are dated by their number)
    assert involved & {c.id for c in affirmed} == first
    denials = [f for f in findings if f.kind is FindingKind.contradiction and any(c.startswith("d") for c in f.claims)]
    assert 0 < len(denials) <= MAX_ORIGINS * MAX_ORIGINS
    assert len(compared) <= MAX_ORIGINS * (MAX_ORIGINS - 1) // 2 + MAX_ORIGINS * MAX_ORIGINS + 1
    assert len(notes) == 1 and f"more than {MAX_ORIGINS} origins" in notes[0] and "(i)" in notes[0]
