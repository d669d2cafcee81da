"""The gazetteer beyond the core countries: US states and counties, divisions.toml, small towns
anywhere, named sites, and start-up that builds none of it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reconcile.gazetteer import contains, find_places, geonames, normalize, place_by_key, resolve_place, tables
from reconcile.gazetteer.names import without_article


def names(text: str) -> list[str]:
    return [m.place.name for m in find_places(text)]


def test_help_builds_no_gazetteer():
    code = (
        "from click.testing import CliRunner\n"
        "import reconcile.gazetteer.index as i, reconcile.gazetteer.geonames as w\n"
        "from reconcile.cli import cli\n"
        "assert CliRunner().invoke(cli, ['--help']).exit_code == 0\n"
        "assert CliRunner().invoke(cli, ['report', '--help']).exit_code == 0\n"
        "assert i.gazetteer.cache_info().currsize == 0, 'gazetteer built by --help'\n"
        "assert w.minor_index.cache_info().currsize == 0, 'town index built by --help'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_us_states_and_counties():
    florida = resolve_place("Florida")
    assert florida.key == "region:US-FL" and florida.kind == "region"
    county = resolve_place("Miami-Dade County")
    assert county.kind == "county" and county.parents[0] == "region:US-FL"
    assert resolve_place("Orleans Parish").parents[0] == "region:US-LA"
    # a town of a state lies in it; big cities keep their names against the states
    assert contains(florida, resolve_place("Surfside, Florida"))
    assert resolve_place("Surfside") is None  # a small town by name alone: write "Town, State"
    assert resolve_place("New York").kind == "city"
    assert resolve_place("Georgia").kind == "country"


@pytest.mark.parametrize("row", tables.division_table().division, ids=lambda r: r.name)
def test_division_admin1_codes_match_their_town(row):
    towns = [t for t in geonames.towns_named(normalize(row.town)) if t.country == row.country]
    assert towns, f"{row.name}: no town {row.town!r} in {row.country}"
    assert towns[0].admin1 == row.admin1, f"{row.name}: {row.town} is in admin1 {towns[0].admin1}"
    assert resolve_place(row.name).key == f"region:{row.country}-{row.admin1}"


def test_divisions_contain_their_towns():
    hatay = resolve_place("Hatay Province")
    assert contains(hatay, resolve_place("Antakya, Turkey"))
    # the province form only: the bare name of a big city stays the city
    assert resolve_place("Gaziantep").kind == "city"


def test_state_abbreviations_only_after_a_town():
    assert names("PARADISE, Calif. — crews searched.") == ["Paradise", "California"]
    assert resolve_place("Paradise, California").parents[0] == "region:US-CA"
    # "Miss." alone is no state
    assert names("Miss. Smith said.") == []


def test_small_towns_need_a_sign_that_they_are_places():
    assert names("Surfside, Florida") == ["Surfside", "Florida"]
    assert names("the collapse in Surfside") == ["Surfside"]
    assert names("the town of Surfside") == ["Surfside"]
    assert names("Surfside officials said") == []
    # a town followed by its state wins over another of the name: Surfside, Florida, not Australia's
    assert find_places("Surfside, Florida")[0].place.country == "US"
    # a comma before the next clause's subject names no state: the known city stays, rather than
    # a small namesake elsewhere that does not lie in that country either
    tula = find_places("In Tula, Ukraine sent drones overnight.")[0].place
    assert (tula.name, tula.country) == ("Tula", "RU")


@pytest.mark.parametrize("text", [
    "Hope is fading, said Mayor Charles Burkett.",
    "In Congress, senators spoke in English.",
    "Researchers at Harvard said the count was low.",
    "Victory and Liberty were the names of the rescue dogs.",
    "Officials in Normal said Friday was calm.",
    "The mayor spoke at a news conference on Monday evening.",
    "In Time, the agency said, the count would rise.",
])
def test_ordinary_sentences_have_no_spurious_places(text):
    assert names(text) == []


def test_places_made_while_reading_travel_to_another_process():
    # Both ends are fresh processes, so no earlier test has made these places in either
    reader = (
        "import pickle, sys\n"
        "import reconcile.gazetteer as p\n"
        "mark = p.minted_count()\n"
        "town = p.find_places('the tornado in Mayfield, Kentucky')[0].place\n"
        "site = p.find_places('the Dunmore Grain Terminal in Mayfield')[0].place\n"
        "minted = p.minted_since(mark)\n"
        "assert {m.key for m, _ in minted} >= {town.key, site.key}, minted\n"
        "sys.stdout.buffer.write(pickle.dumps((town.key, site.key, minted)))\n"
    )
    adopter = (
        "import pickle, sys\n"
        "import reconcile.gazetteer as p\n"
        "town, site, minted = pickle.loads(sys.stdin.buffer.read())\n"
        "assert p.place_by_key(town) is None and p.place_by_key(site) is None\n"
        "p.adopt_places(minted)\n"
        "p.adopt_places(minted)\n"
        "assert p.place_by_key(town).name == 'Mayfield', p.place_by_key(town)\n"
        "assert p.place_by_key(town).parents[0] == 'region:US-KY'\n"
        "assert p.place_by_key(site).kind == 'facility'\n"
        "assert p.minted_count() == len(minted)\n"
    )
    read = subprocess.run([sys.executable, "-c", reader], capture_output=True, check=True)
    subprocess.run([sys.executable, "-c", adopter], input=read.stdout, check=True)


def test_a_country_gives_way_to_a_state_of_its_name_among_that_countrys_places():
    keys = [m.place.key for m in find_places("South Carolina reported 19 deaths, and Georgia 15.")]
    assert keys == ["region:US-SC", "region:US-GA"]
    # among other countries, Georgia is the country
    assert find_places("Georgia said it would send aid to Ukraine.")[0].place.key == "country:GE"
    assert find_places("Georgia said it would send aid.")[0].place.key == "country:GE"


def test_the_nations_of_the_united_kingdom_are_divisions():
    assert [m.place.key for m in find_places("Storms hit Wales and Northern Ireland.")] == ["region:GB-WLS",
                                                                                         "region:GB-NIR"]
    assert find_places("Ireland said")[0].place.key == "country:IE"


def test_named_sites():
    mention = find_places("the collapse of Champlain Towers South in Surfside")[0]
    assert mention.text == "Champlain Towers South" and mention.place.kind == "facility"
    assert mention.place.parents == ()  # placed by the matcher, from the towns reports name with it
    mall = find_places("the Nairobi Westgate Mall")[0].place
    assert place_by_key(mall.parents[0]).name == "Nairobi"
    # curated facilities win over the shape of a name
    assert find_places("the Kupol plant")[0].place.key.startswith("facility:")
    # words that open a sentence or an institution's name open no site
    assert names("The Fire Station was closed.") == []
    assert resolve_place("Champlain Towers South").key == "site:champlain-towers-south"


def test_every_offset_of_the_town_index_points_at_a_town_of_that_name():
    assert [t.name for t in geonames.towns_named("khan younis")][:1] == ["Khān Yūnis"]
    import random

    index = geonames.minor_index()
    articles = frozenset(tables.region_table().geonames.arabic_articles)
    keys = random.Random(5).sample(sorted(index), 3000)
    for key in keys:
        offsets = index[key]
        for offset in [offsets] if isinstance(offsets, int) else offsets:
            town = geonames.town_at(offset)
            # a town of 20,000 or more is also listed under its other spellings, and an Arabic
            # name also without its article ("Az Zintan" for Zintan, "Qamishli" for Al Qamishli)
            assert town is not None, key
            own = normalize(town.name)
            assert own == key or town.population >= 20_000 or without_article(own, articles) == key \
                or without_article(key, articles) == own, (key, town)
