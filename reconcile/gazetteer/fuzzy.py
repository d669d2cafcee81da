"""Spellings the index lacks: transliteration variants and typos of prominent names."""

from __future__ import annotations

from functools import cache, lru_cache

from .index import gazetteer
from .model import Place
from .names import TRANSLITERATED, skeleton
from .tables import region_table


def fuzzy_region(stem: str) -> Place | None:
    """The region whose bare stem STEM misspells ("kurst" -> Kursk Oblast)."""
    from rapidfuzz import fuzz, process

    g = gazetteer()
    if stem in g.region_stems:
        return g.places[g.region_stems[stem]]
    hit = process.extractOne(stem, list(g.region_stems), scorer=fuzz.ratio, score_cutoff=78)
    if hit and hit[0][0] == stem[0]:
        return g.places[g.region_stems[hit[0]]]
    return None


@cache
def _prominent_keys() -> list[str]:
    """Names worth a fuzzy match: the regions, facilities and sizeable cities of the core countries."""
    g = gazetteer()
    core = set(region_table().geonames.core_countries)
    keys = []
    for k, cands in g.exact.items():
        rank, key, src = cands[0]
        place = g.places[key]
        if len(k) < 5 or k in g.stopwords or place.kind == "country" or place.country not in core:
            continue
        if src in ("curated", "variant") or (src == "geo" and g.population.get(key, 0) >= 50_000):
            keys.append(k)
    return keys


@cache
def _prominent_shapes() -> frozenset[tuple[str, int]]:
    """(first letter, length) of every name of `_prominent_keys`."""
    return frozenset((k[0], len(k)) for k in _prominent_keys())


@cache
def _core_shapes() -> frozenset[tuple[str, int]]:
    """(first letter, length) of every name of `_core_keys`."""
    return frozenset((k[0], len(k)) for k in _core_keys())


@cache
def core_countries() -> frozenset[str]:
    return frozenset(region_table().geonames.core_countries)


@cache
def _core_keys() -> list[str]:
    """Every name of a core-country place, for fuzzy lookups of one name."""
    g = gazetteer()
    core = set(region_table().geonames.core_countries)
    return [k for k, cands in g.exact.items()
            if len(k) >= 8 and cands[0][2] in ("geo", "alt") and g.places[cands[0][1]].country in core]


@lru_cache(maxsize=8192)
@lru_cache(maxsize=100_000)
def fuzzy_place(key: str, strict: bool) -> Place | None:
    """The entry KEY misspells: a prominent name (region, facility, big city) at a high score; when
    not STRICT, also any core-country name at a higher one, for long names only (villages a letter
    apart are different villages)."""
    from rapidfuzz import fuzz, process

    g = gazetteer()
    if len(key) < 6 or key in g.stopwords:
        return None
    pools = [(_prominent_keys(), _prominent_shapes(), 90 if strict else 88, 2)]
    if not strict and len(key) >= 9:
        pools.append((_core_keys(), _core_shapes(), 93, 1))
    from rapidfuzz.distance import OSA

    for pool, shapes, cutoff, slack in pools:
        if not any((key[0], len(key) + d) in shapes for d in range(-slack, slack + 1)):
            # no name of the pool could pass the checks below: none begins with KEY's letter at
            # about KEY's length (most phrases a speaker is named by, "russia fired 138 missiles")
            continue
        hit = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit is None and slack == 2:
            # one slip of the keyboard (a swapped, missing or wrong letter) scores under the cutoff in
            # short names ("Plotava", "Volodga"): allow exactly one edit, a swap counting as one
            near = process.extractOne(key, pool, scorer=OSA.distance, score_cutoff=1)
            hit = (near[0], cutoff, near[2]) if near else None
        if hit is None or hit[0][0] != key[0] or abs(len(hit[0]) - len(key)) > slack:
            continue
        if strict and (key.startswith(hit[0]) or hit[0].startswith(key)):
            continue  # a derived word, not a typo: "Estonian", "Kyivan"
        if strict and not (TRANSLITERATED.search(key) or TRANSLITERATED.search(hit[0])):
            continue  # an English-looking word near a name: "Pollock"
        return g.best(hit[0])
    return None


@cache
def skeleton_index() -> dict[str, list[tuple[float, str, str]]]:
    g = gazetteer()
    index: dict[str, list[tuple[float, str, str]]] = {}
    for k, cands in g.exact.items():
        named = [c for c in cands if c[2] != "alt"]
        if named and len(k) >= 5:
            index.setdefault(skeleton(k), []).extend(named)
    for cands in index.values():
        cands.sort(key=lambda c: -c[0])
    return index
