"""Which of the places of one name a mention means (#19).

A town inside a region the text names comes first ("Paris, Texas"; a village "Novoselivka" in
the text's "Kharkiv region"), then one inside a country the text names, by name or adjective
("Tripoli, northern Lebanon", "Lebanese troops in Tripoli"), then one inside an area the article
named before; else the likeliest (the main index's rank: population, with the core countries first).
Namesakes are the main index's candidates and the small towns of the name (``geonames.minor_index``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..patterns import NOT_IN_WORDS, after_last
from .geonames import BIG_CITY, Town, minor_index, towns_named
from .index import Gazetteer
from .minted import town_place
from .names import normalize, strip_the
from .tables import demonym_table
from .tokens import Hit, Tok

COUNTRY_SHARE = 20
"""A town in a named country displaces a likelier namesake at most this many times its size
("Tripoli" in Lebanon, 230,000, against Libya's 1.1 million): a village does not displace a city."""
MIN_TOWN = 1000
"""Smaller places GeoNames lists (farms, hamlets) are not chosen by the region or country alone."""
MIN_BY_COUNTRY = 10_000
"""A name the main index lacks is read as a town of a country the text names only when the town
is this big ("Goma, the main city of eastern Congo"; not "Eaton" in a story that names America)."""


@dataclass(frozen=True)
class _Option:
    """A place the mention may mean: a key of the main index, or a small town not yet made a place."""

    key: str
    country: str | None
    region: str | None
    population: int
    town: Town | None = None


@cache
def _demonyms() -> tuple[re.Pattern, dict[str, str]]:
    table = demonym_table().demonyms
    words = "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"\b({words})\b"), table


@cache
def _plain_landmarks() -> bool:
    """Whether every landmark word is ASCII letters and spaces (`_areas` then reads back less)."""
    return all(ch.isascii() and (ch.isalpha() or ch.isspace()) for word in demonym_table().landmarks for ch in word)


@cache
def _landmark() -> re.Pattern:
    words = "|".join(re.escape(w) for w in sorted(demonym_table().landmarks, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"\b(?:{words})\s+(?:the\s+)?$", re.IGNORECASE)


def nationals_country(word: str) -> str | None:
    """The country whose people WORD names ("Indonesians" -> "ID", "Lebanese" -> "LB"), if known."""
    table = demonym_table().demonyms
    for form in (word, word[:-1] if word.endswith("s") else None, word[:-2] + "an" if word.endswith("ans") else None):
        if form and form in table:
            return table[form]
    return None


def adjective_countries(text: str) -> set[str]:
    """The countries TEXT names by adjective ("Lebanese troops" -> {"LB"})."""
    pattern, table = _demonyms()
    return {table[m.group(1)] for m in pattern.finditer(text)}


class NamedAreas:
    """The regions and countries a text names (a country by name or adjective) and those the
    article named before it; read once, on first use."""

    def __init__(self, g: Gazetteer, text: str, toks: list[Tok], context: frozenset[str]):
        self.g, self.text, self.toks, self.context = g, text, toks, context
        self._found: tuple[set[str], set[str]] | None = None

    def get(self) -> tuple[set[str], set[str]]:
        """(region keys, country codes)."""
        if self._found is None:
            self._found = self._read()
        return self._found

    def _read(self) -> tuple[set[str], set[str]]:
        g, toks = self.g, self.toks
        regions = {k for k in self.context if not k.startswith("country:")}
        countries = adjective_countries(self.text) | {k[8:] for k in self.context if k.startswith("country:")}
        for i, tok in enumerate(toks):
            if not tok.cap:
                continue
            for n in range(min(len(toks) - i, g.first_len.get(tok.key, 0)), 0, -1):
                cands = g.exact.get(" ".join(t.key for t in toks[i:i + n]))
                if cands and cands[0][2] != "alt" and all(t.cap for t in toks[i:i + n]):
                    place = g.places[cands[0][1]]
                    if place.kind in ("region", "county"):
                        regions.update(p for p in (place.key, *place.parents) if not p.startswith("country:"))
                    elif place.kind == "country" and place.country:
                        countries.add(place.country)
                    break
        return regions, countries


def _areas(g: Gazetteer, text: str, hits: list[Hit], chosen: list[str],
           context: frozenset[str]) -> tuple[set[str], set[str], set[str], set[str]]:
    """(regions, countries) the text names, then (regions, countries) the article named before it (CONTEXT)."""
    regions, countries = set(), adjective_countries(text)
    landmark = _landmark()
    # (landmark words are letters and spaces: each searched back only to the last mark or digit)
    starts = after_last(NOT_IN_WORDS, text, [h.start for h in hits]) if _plain_landmarks() else [0] * len(hits)
    for hit, key, start in zip(hits, chosen, starts, strict=True):
        place = g.places[key]
        if landmark.search(text, start, hit.start):
            continue  # "on the border with Egypt": a reference point, not where the towns lie
        if place.kind == "country" and place.country:
            countries.add(place.country)
        # a name read as a city names no region ("Odessa" is not Odesa Oblast); one read as a
        # country may be the state of that name ("Athens, Georgia")
        for _, cand, _ in hit.cands if place.kind != "city" else ():
            other = g.places[cand]
            if other.kind in ("region", "county"):
                regions.update(p for p in (cand, *other.parents) if not p.startswith("country:"))
                if cand == key and other.country:
                    countries.add(other.country)
    before_regions = {k for k in context if not k.startswith("country:")}
    before_countries = {k[8:] for k in context if k.startswith("country:")}
    return regions, countries, before_regions, before_countries


def _options(g: Gazetteer, text: str, hit: Hit) -> list[_Option]:
    out = []
    for n, (_, key, src) in enumerate(hit.cands):
        place = g.places[key]
        # a namesake by its own name, not by a name it once had ("Pokrovsk" for Engels)
        if place.kind == "city" and (n == 0 or src == "geo"):
            region = next((p for p in place.parents if not p.startswith("country:")), None)
            out.append(_Option(key, place.country, region, g.population.get(key, 0)))
    # every town of the name, those of the main index too ("Basra" is another name of Al Basrah)
    named = {o.key for o in out}
    for town in towns_named(strip_the(normalize(text[hit.start:hit.end]))):
        key = f"geo:{town.geonameid}"
        if key not in named and f"country:{town.country}" in g.places:
            out.append(_Option(key, town.country, g.admin1.get((town.country, town.admin1)), town.population,
                               None if key in g.places else town))
    return out


def _has_namesake(g: Gazetteer, text: str, hit: Hit) -> bool:
    if sum(g.places[c[1]].kind == "city" for c in hit.cands) > 1:
        return True
    return isinstance(minor_index().get(strip_the(normalize(text[hit.start:hit.end]))), list)


def _by_named_area(g: Gazetteer, text: str, hits: list[Hit], chosen: list[str], context: frozenset[str]) -> None:
    # only a city with a namesake can be another place: most sentences have none
    if not any(g.places[key].kind == "city" and _has_namesake(g, text, hit)
               for hit, key in zip(hits, chosen, strict=True)):
        return
    regions, countries, before_regions, before_countries = _areas(g, text, hits, chosen, context)
    if not (regions or countries or before_regions or before_countries):
        return
    for n, hit in enumerate(hits):
        top = g.places[chosen[n]]
        if top.kind != "city":
            continue
        options = None
        for in_regions, in_countries in ((regions, countries), (before_regions, before_countries)):
            if any(p in in_regions for p in top.parents) or top.country in in_countries:
                break
            if options is None:
                options = _options(g, text, hit)
            fits = [o for o in options if o.region in in_regions] or [
                o for o in options if o.country in in_countries and o.population >= MIN_TOWN
                and o.population * COUNTRY_SHARE >= g.population.get(top.key, 0)]
            if fits:
                best = max(fits, key=lambda o: o.population)
                chosen[n] = town_place(g, best.town) if best.town else best.key
                break


def _by_region(g: Gazetteer, hits: list[Hit], chosen: list[str]) -> None:
    """A small city gives way to a namesake in a region another mention names."""
    areas = [{k for k in (key, *g.places[key].parents) if not k.startswith("country:")} for key in chosen]
    for n, hit in enumerate(hits):
        top = g.places[chosen[n]]
        if top.kind != "city" or g.population.get(top.key, 0) >= BIG_CITY:
            continue
        # a place bearing the name as its own comes before one that had it as another name
        cities = [key for _, key, src in sorted(hit.cands, key=lambda c: (c[2] != "geo", -c[0]))
                  if g.places[key].kind == "city"]
        if len(cities) < 2:
            continue
        context = set().union(*(a for m, a in enumerate(areas) if m != n))

        def fits(key: str, context: set[str] = context) -> bool:
            return any(p in context for p in g.places[key].parents if not p.startswith("country:"))

        if not fits(top.key):
            chosen[n] = next((key for key in cities if fits(key)), top.key)


def _states_over_countries(g: Gazetteer, hits: list[Hit], chosen: list[str]) -> None:
    """"Georgia" among Florida and the Carolinas is the state: a country no other place of the text
    lies in gives way to a region of its name in the country they do lie in."""
    for n, hit in enumerate(hits):
        top = g.places[chosen[n]]
        if top.kind != "country":
            continue
        others = {g.places[k].country for k in chosen if k != top.key} - {None}
        if top.country in others:
            continue
        chosen[n] = next((key for _, key, _ in hit.cands
                          if g.places[key].kind == "region" and g.places[key].country in others), top.key)


def choose(g: Gazetteer, text: str, hits: list[Hit], context: frozenset[str] = frozenset()) -> list[str]:
    """The key of the place each hit stands for (see the module's docstring)."""
    if not hits:  # most sentences name no place
        return []
    chosen = [h.cands[0][1] for h in hits]
    _by_region(g, hits, chosen)
    _by_named_area(g, text, hits, chosen, context)
    _states_over_countries(g, hits, chosen)
    return chosen
