"""Lookups of one name or key, and the places made while reading text in this process."""

from __future__ import annotations

from functools import lru_cache

from .fuzzy import fuzzy_place, fuzzy_region, skeleton_index
from .index import gazetteer
from .minted import minor_towns, site_at, town_place
from .model import Place
from .names import normalize, skeleton, strip_the
from .relations import contains
from .tokens import tokens


def place_by_key(key: str) -> Place | None:
    return gazetteer().places.get(key)


MintedPlace = tuple[Place, int | None]
"""A place made while reading text, with its population (None for a site)."""


def minted_count() -> int:
    """How many places reading text has made in this process so far (a mark for `minted_since`)."""
    return len(gazetteer().minted)


def minted_since(mark: int) -> list[MintedPlace]:
    """The places made in this process after MARK, for another process to `adopt_places`."""
    g = gazetteer()
    return [(g.places[k], g.population.get(k)) for k in g.minted[mark:]]


def adopt_places(minted: list[MintedPlace]) -> None:
    """Know the places another process made, so that its claims' place keys resolve here too.

    A place is made the same way from the same key in any process, so adopting is idempotent.
    """
    g = gazetteer()
    for place, population in minted:
        if place.key not in g.places:
            g.places[place.key] = place
            if population is not None:
                g.population[place.key] = population
            g.minted.append(place.key)


def place_candidates(name: str) -> list[Place]:
    """Every gazetteer entry NAME can denote, the likeliest first (exact and variant spellings only)."""
    g = gazetteer()
    key = strip_the(normalize(name))
    if not key or key in g.stopwords:
        return []
    cands = g.exact.get(key)
    if not cands and len(key) >= 5:
        cands = skeleton_index().get(skeleton(key))
    return [g.places[c[1]] for c in cands or []]


@lru_cache(maxsize=8192)
def resolve_place(name: str) -> Place | None:
    """A name as written (any case, variant, transliteration, small typo) to its gazetteer entry.

    "Town, Region" picks the town of that name inside the region.
    """
    g = gazetteer()
    head, _, context = name.partition(",")
    if context.strip():
        outer = resolve_place(context)
        cands = place_candidates(head)
        if outer is not None:
            inside = [p for p in cands if contains(outer, p)]
            if inside:
                return inside[0]
            towns = [p for p in (g.places[town_place(g, t)] for t in minor_towns(g, strip_the(normalize(head))))
                     if contains(outer, p)]
            if towns:
                return towns[0]
        return cands[0] if cands else resolve_place(head)
    key = strip_the(normalize(name))
    if not key or key in g.stopwords or key in g.phrases:
        return None
    if key in g.exact:
        return g.best(key)
    words = key.split(" ")
    for d, n in g.designators.items():
        if len(words) > n and " ".join(words[-n:]) == d:
            return fuzzy_region(" ".join(words[:-n]))
    if len(key) >= 5:
        cands = skeleton_index().get(skeleton(key))
        if cands:
            return g.places[cands[0][1]]
    # a named site as written by a person (claims.toml); a small town needs its state or country
    # ("Surfside, Florida"): a bare "Many" or "Most" is a word, wherever some town bears it
    words = tokens(name)
    site = site_at(g, name, words, 0) if words else None
    if site is not None and site.last == len(words) - 1:
        return g.places[site.cands[0][1]]
    return fuzzy_place(key, strict=False)
