"""How places relate: containment, distance, a country's capital, a place's region."""

from __future__ import annotations

import math

from .geonames import country_info
from .index import gazetteer
from .model import Place
from .names import normalize


def is_capital(place: Place) -> bool:
    """Whether PLACE is its country's capital: "Kyiv said", "Moscow denies" name a government."""
    if place.kind != "city" or not place.country:
        return False
    capital = country_info().get(place.country, {}).get("capital") or ""
    return normalize(capital) == normalize(place.name)


def contains(outer: Place, inner: Place) -> bool:
    """Whether INNER is OUTER or lies inside it."""
    return inner.key == outer.key or outer.key in inner.parents


def region_of(place: Place) -> Place:
    """The region (or country) a place lies in; regions and countries are their own."""
    if place.kind in ("region", "country"):
        return place
    for key in place.parents:
        parent = gazetteer().places.get(key)
        if parent is not None and parent.kind in ("region", "country"):
            return parent
    return place


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two places' coordinates, if both have them."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def related(a: Place, b: Place, max_km: float = 50.0) -> bool:
    """Same place, one inside the other, or within MAX_KM (countries relate by containment only)."""
    if contains(a, b) or contains(b, a):
        return True
    if a.kind == "country" or b.kind == "country":
        return False
    d = distance_km(a, b)
    return d is not None and d <= max_km
