"""Which places of a sentence are where its event happened (reconcile/extract/where.py): a table
of sentences in tests/cases/places/venues.toml (#19)."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomllib

from reconcile.extract.where import dateline_end, venues
from reconcile.gazetteer import find_places

CASES = tomllib.loads((Path(__file__).parent / "cases" / "places" / "venues.toml").read_text("utf-8"))["venue"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_venues(case):
    text = case["text"]
    assert [m.text for m in venues(text, find_places(text))] == case["venues"]


@pytest.mark.parametrize(("text", "rest"), [
    ("KYIV, Ukraine (AP) — Far from the front, missiles hit a city.", "Far from"),
    ("Sanaa, April 19 (IANS) Health authorities said 80 had died.", "Health"),
    ("DUBAI, April 18. /TASS/. US air strikes hit a fuel port.", "US air"),
    ("Ahmedabad: The number of people killed reached 270.", "The number"),
    ("Update at 07:35: Taburets said three had died.", "Update"),
    ("The toll rose to 4/5 of those on board.", "The toll"),
])
def test_dateline_end(text, rest):
    """Where the filing bureau's dateline ends: a town with an agency's tag, a dash, or a colon."""
    assert text[dateline_end(text):].startswith(rest)
