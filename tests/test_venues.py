"""Which places of a sentence are where its event happened (reconcile/extract/where.py): a table
of sentences in tests/cases/places/venues.toml (#19)."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomllib

from reconcile.extract.where import venues
from reconcile.gazetteer import find_places

CASES = tomllib.loads((Path(__file__).parent / "cases" / "places" / "venues.toml").read_text("utf-8"))["venue"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_venues(case):
    text = case["text"]
    assert [m.text for m in venues(text, find_places(text))] == case["venues"]
