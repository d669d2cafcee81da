"""Extraction never fails on odd text, and every claim's quote is the text at its span."""

from __future__ import annotations

import random
from datetime import date

import pytest

from reconcile.extract import extract_claims
from reconcile.findings import reconcile
from reconcile.incidents import match_incidents
from reconcile.models import Source
from reconcile.speakers import SpeakerIndex

WORDS = (
    "said Russia Ukraine killed 12 drones over the Kyiv region at least ; , . \" ' “ ” according to governor "
    "he she it they no one several dozens 1,300 km miles overnight Monday 15 March 2024 denied allegedly "
    "[bold] \x1b[31m | < > ( ) Kharkov Belgorod oblast Kurst of the which : - — his its their Izhevsk Kupol "
    "plant 14-year-old aged of them including and up to nearly"
).split()


@pytest.mark.parametrize("seed", range(4))
def test_word_salad_extracts_anchored_claims_and_matches_without_error(seed):
    rnd = random.Random(seed)
    sources, claims = [], []
    for n in range(150):
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 60)))
        if rnd.random() < 0.3:
            text = text.replace(". ", ".\n\n")
        source = Source(id=f"s{n}", path=f"s{n}.md", outlet="Salad", text=text,
                        published=date(2024, 3, 15) if rnd.random() < 0.7 else None)
        sources.append(source)
        for claim in extract_claims(source, SpeakerIndex()):
            assert source.text[claim.start:claim.end] == claim.quote
            claims.append(claim)
    incidents, claims = match_incidents(claims, sources)
    findings, _ = reconcile(incidents, claims, sources)
    assert {c.incident for c in claims} <= {i.id for i in incidents}
    assert all(set(f.claims) <= {c.id for c in claims} for f in findings)
