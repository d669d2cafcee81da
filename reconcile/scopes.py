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
    if kind == "total":
        return "total", frozenset(_regions(claim))
    if kind == "national":
        places = (place_by_key(k) for k in claim.place_keys)
        return "national", frozenset(f"country:{p.country}" if p.country else p.key for p in places if p)
    if kind == "part" and not claim.part_of:
        # "in one of the houses a woman was hurt": part of the incident, but which part is unknown
        return "part", frozenset({claim.id})
    return "local", frozenset()


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


__all__ = ["ScopeKey", "key_label", "scope_key", "scope_label", "scope_of"]
