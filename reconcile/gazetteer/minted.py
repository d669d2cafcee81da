"""Places made while reading text: small towns the main index leaves out, and named sites
("Champlain Towers South"), found by the shape of their name (``reconcile/data/sites.toml``)."""

from __future__ import annotations

import re
from functools import cache

from .divisions import state_abbreviations
from .geonames import Town, towns_named
from .index import CURATED, Gazetteer
from .model import Place
from .names import display_name, fold, normalize, slug
from .tables import site_table
from .tokens import SPACE_GAP, Hit, Tok


@cache
def site_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], re.Pattern, frozenset[str]]:
    """(site heads, suffixes, words that open no site name, locative words before a town, words no town is)."""
    table = site_table()
    preps = "|".join(re.escape(p) for p in sorted(table.prepositions, key=len, reverse=True))
    directions = "|".join(re.escape(d) for d in sorted(table.directions, key=len, reverse=True)) or "(?!)"
    return (frozenset(fold(w) for w in table.heads), frozenset(fold(w) for w in table.suffixes),
            frozenset(normalize(w) for w in table.not_names),
            re.compile(rf"(?:^|[^\w])(?:{preps})\s+(?:the\s+)?(?:(?:{directions})\s+)?$", re.IGNORECASE),
            frozenset(normalize(w) for w in table.not_towns))


@cache
def particles() -> frozenset[str]:
    """Lower-case words inside a town's name ("Deir ez-Zor")."""
    return frozenset(site_table().particles)


@cache
def after_town() -> re.Pattern:
    """Words after a small town's name that show it is a place ("the Jenin refugee camp")."""
    words = "|".join(re.escape(w) for w in sorted(site_table().after_towns, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"[ \t]+(?:{words})\b", re.IGNORECASE)


def site_at(g: Gazetteer, text: str, toks: list[Tok], i: int) -> Hit | None:
    """A named site at token I: capitalised words ending in a site word ("Champlain Towers South")."""
    heads, suffixes, not_names, _, _ = site_words()
    if toks[i].key in not_names or toks[i].word.isupper() or toks[i].key in g.stopwords:
        return None
    j = i + 1
    while j < len(toks) and j - i <= 4 and toks[j].cap and SPACE_GAP.fullmatch(text[toks[j - 1].end:toks[j].start]):
        if toks[j].key in heads:
            last = j
            if j + 1 < len(toks) and toks[j + 1].key in suffixes and toks[j + 1].cap and \
                    SPACE_GAP.fullmatch(text[toks[j].end:toks[j + 1].start]):
                last = j + 1
            return Hit(i, last, [(CURATED, site_place(g, text[toks[i].start:toks[last].end], toks[i:j]), "site")],
                        toks[i].start, toks[last].end)
        j += 1
    return None


def site_place(g: Gazetteer, name: str, words: list[Tok]) -> str:
    """The key of the site NAME, made a place (inside the town its first WORDS name, if any)."""
    key = f"site:{slug(name)}"
    if key not in g.places:
        town = None
        for n in range(len(words), 0, -1):
            cands = g.exact.get(" ".join(w.key for w in words[:n]))
            if cands and g.places[cands[0][1]].kind in ("city", "region", "county"):
                town = g.places[cands[0][1]]
                break
        parents = (town.key, *town.parents) if town else ()
        g.places[key] = Place(key, " ".join(name.split()), "facility", town.country if town else None,
                              town.lat if town else None, town.lon if town else None, parents)
        g.minted.append(key)
    return key


def town_place(g: Gazetteer, town: Town) -> str:
    """The key of a minor TOWN, made a place inside its region (or country)."""
    key = f"geo:{town.geonameid}"
    if key not in g.places:
        region = g.admin1.get((town.country, town.admin1))
        parents = (region, f"country:{town.country}") if region else (f"country:{town.country}",)
        g.places[key] = Place(key, display_name(town.name), "city", town.country, town.lat, town.lon, parents)
        g.population[key] = town.population
        g.minted.append(key)
    return key


OWN_NAME = 10
"""How much more a town bearing a name as its own counts than a town bearing it as another name."""


def minor_towns(g: Gazetteer, key: str) -> list[Town]:
    """The towns named KEY, in countries the gazetteer knows, those bearing it as their own name
    first: those the main index leaves out, and those it holds by other names ("Raqqa" for Ar
    Raqqah, whose other names it does not hold)."""
    if key in g.stopwords or key in g.phrases or key in g.given_names or key in g.titles or key in site_words()[4]:
        return []
    found = {c[1] for c in g.exact.get(key, ())}
    towns = [t for t in towns_named(key) if f"country:{t.country}" in g.places and f"geo:{t.geonameid}" not in found]
    if len(towns) < 2:
        return towns if key not in g.context_only or all(normalize(t.name) == key for t in towns) else []
    if key in g.context_only:  # "Victoria" is no other name of Hong Kong here
        towns = [t for t in towns if normalize(t.name) == key]
    # a town's own name weighs ten times another name of a bigger one
    return sorted(towns, key=lambda t: -t.population * (OWN_NAME if normalize(t.name) == key else 1))


_AFTER_COMMA = re.compile(r",[ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2})")


def outer_after(g: Gazetteer, text: str, end: int) -> Place | None:
    """The state, region or country named right after a comma at END ("Surfside, Florida")."""
    found = named_after(g, text, end)
    return found[0] if found else None


def named_after(g: Gazetteer, text: str, end: int) -> tuple[Place, int, int, bool] | None:
    """(place, start, end, abbreviated) of the state, region or country named after a comma at END."""
    m = _AFTER_COMMA.match(text, end)
    if not m:
        return None
    words = list(re.finditer(r"\S+", m.group(1)))
    for n in range(len(words), 0, -1):
        span = m.group(1)[:words[n - 1].end()]
        key = normalize(span)
        cands = g.exact.get(key)
        place = g.places[cands[0][1]] if cands else None
        if place and place.kind in ("region", "country", "county"):
            return place, m.start(1), m.start(1) + len(span), False
        state = state_abbreviations().get(key)
        if state and state in g.places:
            return g.places[state], m.start(1), m.start(1) + len(span), True
    return None
