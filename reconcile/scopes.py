"""The scope a figure covers, and which figures are alike enough to compare.

A figure counts something over a scope: the incident's place (`local`), one part of a
breakdown (`part`: "11 over Kursk" of "40 drones overnight"), a tally over several places
(`total`), or a whole country (`national`). Two figures are compared only within one scope:
a nationwide total is never contradicted by one region's figure, nor a total by its parts.
"""

from __future__ import annotations

from .gazetteer import contains, place_by_key, region_of
from .models import Claim, ScopeKind

ScopeKey = tuple[str, frozenset[str]]


def scope_of(claim: Claim) -> ScopeKind:
    """CLAIM's scope: as extracted or curated, else inferred from its places."""
    if claim.scope is not None:
        return claim.scope
    # A figure placed only at a country is not taken for a national one: "Puerto Rico" may be the
    # whole scene of a storm. The text says when a figure is national ("across the country").
    return "total" if len(_regions(claim)) > 1 else "local"


def _regions(claim: Claim) -> set[str]:
    """The regions CLAIM's places lie in (places of no known region count for none)."""
    regions = (region_of(p) for p in (place_by_key(k) for k in claim.place_keys) if p and p.kind != "country")
    return {r.key for r in regions if r.kind == "region"}


def scope_key(claim: Claim) -> ScopeKey:
    """What must be equal for two figures to be compared.

    Local figures and parts are compared within their incident (the matcher already put them
    at one place); totals only with totals over the same regions, national figures only with
    national figures of the same country.
    """
    kind = scope_of(claim)
    if kind == "total":
        return "total", frozenset(_regions(claim))
    if kind == "national":
        places = (place_by_key(k) for k in claim.place_keys)
        return "national", frozenset(f"country:{p.country}" if p.country else p.key for p in places if p)
    if kind == "part" and not claim.part_of:
        # "in one of the houses a woman was hurt": part of the incident, but which part is unknown
        return "part", frozenset({claim.id})
    return "local", frozenset()


def like_spots(a: Claim, b: Claim) -> bool:
    """Whether two local figures of one incident count at spots where they could contradict.

    An incident may hold a region and several towns in it: "at least 30 dead in Ishikawa
    prefecture", "15 in Wajima" and "23 in Suzu" are one earthquake, and none contradicts
    another. Figures at two different towns never contradict; a region's figure and a town's in
    it do only when the region's is the smaller (a region counts at least what its town does).
    Figures at the same spot, or with no place, compare as before. A site or facility counts
    at its town.
    """
    spot_a, spot_b = _spot(a, countries=True), _spot(b, countries=True)
    if _meet(spot_a, spot_b):
        return True
    rank_a, rank_b = _rank(spot_a), _rank(spot_b)
    if rank_a == rank_b:
        return False
    (region, regions), (town, towns) = ((a, spot_a), (b, spot_b)) if rank_a > rank_b else ((b, spot_b), (a, spot_a))
    inside = any(contains(r, t) for r in map(place_by_key, regions) for t in map(place_by_key, towns) if r and t)
    return inside and region.interval.high is not None and region.interval.high < town.interval.low


def same_spot(a: Claim, b: Claim) -> bool:
    """Whether two figures count at one spot (or either at none): a town's toll and its region's
    are not successive versions of one figure."""
    return _meet(_spot(a), _spot(b))


def _meet(spot_a: frozenset[str], spot_b: frozenset[str]) -> bool:
    return not spot_a or not spot_b or bool(spot_a & spot_b)


def _rank(spot: frozenset[str]) -> int:
    """How wide a spot (see `_spot`) is: 0 towns or sites, 1 regions, 2 countries."""
    kinds = {p.kind for p in map(place_by_key, spot) if p is not None}
    return 2 if kinds == {"country"} else 1 if kinds and kinds <= {"region", "county"} else 0


def _spot(claim: Claim, countries: bool = False) -> frozenset[str]:
    """The towns (sites at their towns), else the regions, CLAIM counts at; else, with COUNTRIES,
    its countries (a figure for a whole country holds each region's), else none."""
    places = [p for p in (place_by_key(k) for k in claim.place_keys) if p]
    towns = set()
    for place in places:
        if place.kind == "city":
            towns.add(place.key)
        elif place.kind == "facility":
            # a site counts at its town; one no data places in a town, at itself
            parent = next((q for q in (place_by_key(k) for k in place.parents) if q and q.kind == "city"), None)
            towns.add(parent.key if parent else place.key)
    if towns:
        return frozenset(towns)
    regions = frozenset(p.key for p in places if p.kind in ("region", "county"))
    return regions or frozenset(p.key for p in places if countries and p.kind == "country")


def _names(keys: frozenset[str]) -> str:
    return ", ".join(sorted(p.name if (p := place_by_key(k)) else k for k in keys))


def scope_label(claim: Claim) -> str:
    """The scope as a reader sees it: "local", "part", "total over A, B", "nationwide (Russia)"."""
    kind, keys = scope_key(claim)
    if kind == "total":
        return f"total over {_names(keys)}" if keys else "total"
    if kind == "national":
        return f"nationwide ({_names(keys)})" if keys else "nationwide"
    return scope_of(claim)


def key_label(key: ScopeKey) -> str:
    """A comparison scope in a finding's reason."""
    kind, keys = key
    if kind == "total":
        return f"a total over {_names(keys)}" if keys else "a total"
    if kind == "national":
        return f"a nationwide figure ({_names(keys)})" if keys else "a nationwide figure"
    if kind == "part":
        return "one unnamed part of the incident"
    return "the incident's own place"


__all__ = ["ScopeKey", "key_label", "like_spots", "same_spot", "scope_key", "scope_label", "scope_of"]
