"""The gazetteer's public types."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    key: str
    """Stable id: "geo:554840", "region:RU-80", "facility:kupol-plant", "country:UA"."""
    name: str
    """Canonical English name."""
    kind: str
    """"country" | "region" | "city" | "facility"."""
    country: str | None
    lat: float | None
    lon: float | None
    parents: tuple[str, ...] = ()
    """Keys of the places that contain this one, nearest first (town, region, country)."""


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place
