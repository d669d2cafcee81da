"""The scope a figure covers, and which figures are alike enough to compare.

A figure counts something over a scope: the incident's place (`local`), one part of a
breakdown (`part`: "11 over Kursk" of "40 drones overnight"), a tally over several places
(`total`), or a whole country (`national`). Two figures are compared only within one scope:
a nationwide total is never contradicted by one region's figure, nor a total by its parts.
"""

from __future__ import annotations

from .models import Claim, ScopeKind
from .places import place_by_key, region_of

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
    places = [p for p in (place_by_key(k) for k in claim.place_keys) if p]
    if kind == "total":
        return "total", frozenset(_regions(claim))
    if kind == "national":
        return "national", frozenset(p.country or p.key for p in places)
    if kind == "part" and not claim.part_of:
        # "in one of the houses a woman was hurt": part of the incident, but which part is unknown
        return "part", frozenset({claim.id})
    return "local", frozenset()


def scope_label(claim: Claim) -> str:
    """The scope as a reader sees it: "local", "part", "total over A, B", "nationwide (Russia)"."""
    kind = scope_of(claim)
    if kind == "total":
        regions = sorted({region_of(p).name for p in (place_by_key(k) for k in claim.place_keys)
                          if p and p.kind != "country"})
        return f"total over {', '.join(regions)}" if regions else "total"
    if kind == "national":
        countries = sorted({p.name for p in (place_by_key(k) for k in claim.place_keys) if p and p.kind == "country"})
        return f"nationwide ({', '.join(countries)})" if countries else "nationwide"
    return kind


def key_label(key: ScopeKey) -> str:
    """A comparison scope in a finding's reason."""
    kind, places = key
    if kind == "local":
        return "the incident's own place"
    names = sorted(p.name if (p := place_by_key(k)) else k for k in places)
    if kind == "total":
        return f"a total over {', '.join(names)}" if names else "a total"
    return f"a nationwide figure ({', '.join(names)})" if names else "a nationwide figure"


__all__ = ["ScopeKey", "key_label", "scope_key", "scope_label", "scope_of"]
