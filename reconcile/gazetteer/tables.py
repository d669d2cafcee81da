"""The gazetteer's hand-edited tables (reconcile/data/*.toml), validated and cached."""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import Field, model_validator

from ..lexicons import Row as _Row
from ..lexicons import validated_table


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
    arabic_countries: list[str] = Field(default_factory=list)
    arabic_articles: list[str] = Field(default_factory=list)


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
    context_only: list[str] = Field(default_factory=list)
    phrases: list[str] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list)
    given_names: list[str] = Field(default_factory=list)
    street_words: list[str] = Field(default_factory=list)
    name_words: list[str] = Field(default_factory=list)


@cache
def region_table() -> RegionTable:
    return validated_table(RegionTable, "regions")


@cache
def facility_table() -> FacilityTable:
    return validated_table(FacilityTable, "facilities")


@cache
def locality_table() -> LocalityTable:
    return validated_table(LocalityTable, "localities")


@cache
def stopword_table() -> StopwordTable:
    return validated_table(StopwordTable, "place_stopwords")


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
    particles: list[str] = Field(default_factory=list)
    """Lower-case words inside a town's name ("Deir ez-Zor")."""
    after_towns: list[str] = Field(default_factory=list)
    """Words after a minor town's name that show it is a place ("the Jenin refugee camp")."""


@cache
def division_table() -> DivisionTable:
    return validated_table(DivisionTable, "divisions")


@cache
def site_table() -> SiteTable:
    return validated_table(SiteTable, "sites")


class DemonymTable(_Row):
    demonyms: dict[str, str] = Field(default_factory=dict)
    """Country adjective as written ("Lebanese") -> ISO country code."""
    landmarks: list[str] = Field(default_factory=list)
    """Words before a country that make it a reference point, not where towns named with it lie."""


@cache
def demonym_table() -> DemonymTable:
    return validated_table(DemonymTable, "demonyms")
