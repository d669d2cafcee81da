"""The gazetteer: resolving names, finding places in text, containment and distance, and its data."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict

import pytest

from reconcile.gazetteer import (
    contains,
    distance_km,
    find_places,
    index,
    normalize,
    place_by_key,
    place_candidates,
    related,
    resolve_place,
    tables,
)


def names(text: str) -> list[tuple[str, str]]:
    """(text as written, canonical name) of every place mention in TEXT."""
    return [(m.text, m.place.name) for m in find_places(text)]


def parent_names(name: str) -> list[str]:
    place = resolve_place(name)
    assert place is not None, name
    return [place_by_key(k).name for k in place.parents]


# ---------------------------------------------------------------------------- loading


def test_import_does_not_build_the_index():
    code = (
        "import reconcile.gazetteer as p, reconcile.gazetteer.index as i\n"
        "assert i.gazetteer.cache_info().currsize == 0, 'index built on import'\n"
        "assert p.resolve_place('Kyiv') is not None\n"
        "assert i.gazetteer.cache_info().currsize == 1\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------------- spelling variants


@pytest.mark.parametrize("variants", [
    ["Kharkiv", "Kharkov", "KHARKIV", "Khar'kov"],
    ["Kyiv", "Kiev", "kyiv"],
    ["Oryol", "Orel", "Orël"],
    ["Zaporizhzhia", "Zaporozhye", "Zaporizhia", "Zaporizhzhya"],
    ["Malokaterynivka", "Malokaterinovka", "Malokaterinivka"],
    ["Pervyi Zavod", "Pervy Zavod", "Pervyy Zavod", "the Pervyi Zavod refinery"],
    ["Kupol", "the Kupol plant", "Kupol Electromechanical Plant", "Izhevsk Electromechanical Plant Kupol"],
    ["Odesa", "Odessa"],
    ["Saint Petersburg", "St. Petersburg", "St Petersburg"],
])
def test_variants_resolve_to_one_place(variants):
    keys = {resolve_place(v).key for v in variants}
    assert len(keys) == 1, {v: resolve_place(v) for v in variants}


def test_izhevsk_is_a_city_in_udmurtia():
    izhevsk = resolve_place("Izhevsk")
    udmurtia = resolve_place("Udmurtia")
    assert izhevsk.kind == "city" and izhevsk.key == "geo:554840"
    assert udmurtia.kind == "region" and udmurtia.name == "Udmurt Republic"
    assert resolve_place("Udmurt Republic") == udmurtia
    assert izhevsk.parents == (udmurtia.key, "country:RU")
    assert contains(udmurtia, izhevsk)


def test_podolsk_is_in_moscow_oblast():
    assert parent_names("Podolsk") == ["Moscow Oblast", "Russia"]


def test_polotnyany_zavod_is_in_kaluga_oblast():
    place = resolve_place("Polotnyany Zavod")
    assert place.kind == "city"
    assert contains(resolve_place("Kaluga Oblast"), place)


def test_pervyi_zavod_is_a_facility_in_kaluga_oblast():
    refinery = resolve_place("Pervyy Zavod")
    assert refinery.kind == "facility"
    assert contains(resolve_place("Kaluga region"), refinery)
    assert related(refinery, resolve_place("Polotnyany Zavod"))


def test_kupol_is_a_facility_in_izhevsk():
    kupol = resolve_place("the Kupol plant")
    assert kupol.kind == "facility"
    assert kupol.parents[0] == resolve_place("Izhevsk").key
    assert contains(resolve_place("Udmurtia"), kupol)
    assert contains(resolve_place("Russia"), kupol)


def test_region_words_pick_the_region_and_a_bare_name_the_city():
    region = resolve_place("Belgorod region")
    assert region.kind == "region" and region.name == "Belgorod Oblast"
    for form in ("Belgorod Oblast", "Belgorod Region", "belgorod oblast", "Belgorod province"):
        assert resolve_place(form) == region
    city = resolve_place("Belgorod")
    assert city.kind == "city"
    assert city.parents[0] == region.key


def test_zaporizhzhia_region_and_city():
    oblast = resolve_place("Zaporizhzhia region")
    assert oblast.kind == "region"
    assert resolve_place("Zaporizhia Oblast") == oblast
    assert resolve_place("Zaporozhye region") == oblast
    city = resolve_place("Zaporozhye")
    assert city.kind == "city" and city.name == "Zaporizhzhia"
    assert contains(oblast, city)
    assert contains(oblast, resolve_place("Malokaterinovka"))


def test_moscow_region_is_the_oblast_and_moscow_the_city():
    assert resolve_place("Moscow region").name == "Moscow Oblast"
    moscow = resolve_place("Moscow")
    assert moscow.kind == "city" and moscow.country == "RU"


def test_a_region_without_a_city_of_its_name():
    assert resolve_place("Zakarpattia").name == "Zakarpattia Oblast"
    assert resolve_place("Crimea").kind == "region"


def test_typo_next_to_a_region_word():
    assert resolve_place("Kurst oblast").name == "Kursk Oblast"
    assert resolve_place("Kurks Region").name == "Kursk Oblast"
    assert resolve_place("Belgorot region").name == "Belgorod Oblast"


def test_typo_of_a_prominent_name():
    assert resolve_place("Dnipropetrovks Oblast").name == "Dnipropetrovsk Oblast"
    assert resolve_place("Zaporizzhia").name == "Zaporizhzhia"


def test_town_and_region_disambiguates():
    place = resolve_place("Ukrainka, Kyiv Oblast")
    assert contains(resolve_place("Kyiv Oblast"), place)


def test_candidates_of_an_ambiguous_name():
    regions = {p.parents[0] for p in place_candidates("Novoselivka")}
    assert len(regions) > 3


@pytest.mark.parametrize("word", [
    "Read", "Putin", "Tuesday", "Telegram", "Moscow Times", "Kremlin", "Police", "Many", "Video",
    "Most", "Union", "Mayak", "May", "Russian", "Governor",
])
def test_common_words_are_not_places(word):
    assert resolve_place(word) is None


def test_normalize():
    assert normalize("Khar’kov") == normalize("Khar'kov") == "kharkov"
    assert normalize("Rostov-on-Don") == "rostov on don"
    assert normalize("Russia’s") == "russia"
    assert normalize("Orël") == "orel"


# ---------------------------------------------------------------------------- places in text


def test_find_places_in_order_with_spans():
    text = "Drones struck Kharkov overnight, and Kyiv said air defences worked near Odesa."
    mentions = find_places(text)
    assert [m.text for m in mentions] == ["Kharkov", "Kyiv", "Odesa"]
    for m in mentions:
        assert text[m.start:m.end] == m.text
    assert mentions[0].place == resolve_place("Kharkiv")


def test_longest_match_wins():
    assert names("A fire broke out in the Kaluga region on Friday.") == [("Kaluga region", "Kaluga Oblast")]
    assert names("The Moscow region governor spoke.") == [("Moscow region", "Moscow Oblast")]
    assert names("Officials in Moscow spoke.") == [("Moscow", "Moscow")]
    assert names("Fighting near Chasiv Yar went on.") == [("Chasiv Yar", "Chasiv Yar")]


def test_facility_mentions():
    text = "Drones hit the Kupol plant in Izhevsk, and the Pervy Zavod refinery burned."
    assert names(text) == [("Kupol plant", "Kupol plant"), ("Izhevsk", "Izhevsk"),
                           ("Pervy Zavod refinery", "Pervyi Zavod refinery")]


def test_facility_name_in_quotes():
    found = find_places("Ukraine said it hit the ‘Typhoon’ plant overnight.")
    assert [m.place.name for m in found] == ["Ukraine", "Typhoon plant"]


def test_possessives_still_find_the_place():
    assert names("Ukraine's army and Russia’s navy") == [("Ukraine", "Ukraine"), ("Russia", "Russia")]


def test_hyphenated_and_abbreviated_names():
    found = names("A Kharkiv-based group moved to St. Petersburg, then to Rostov-on-Don.")
    assert [n for _, n in found] == ["Kharkiv", "Saint Petersburg", "Rostov-on-Don"]


def test_typo_before_a_region_word_in_text():
    assert names("Drones were downed over the Kurst oblast.") == [("Kurst oblast", "Kursk Oblast")]


def test_names_listed_before_a_plural_region_word_are_regions():
    found = names("Attacks on the Bryansk, Oryol and Kursk regions continued.")
    assert [n for _, n in found] == ["Bryansk Oblast", "Oryol Oblast", "Kursk Oblast"]
    assert names("the Kherson and Zaporizhzhia oblasts") == [
        ("Kherson", "Kherson Oblast"), ("Zaporizhzhia oblasts", "Zaporizhzhia Oblast")]


def test_region_and_city_forms_in_one_text():
    found = find_places("Belgorod came under fire; the Belgorod region governor said so.")
    assert [m.place.kind for m in found] == ["city", "region"]
    assert contains(found[1].place, found[0].place)


def test_a_name_before_governor_is_the_region():
    found = find_places("Belgorod Governor Vyacheslav Gladkov said a drone hit Belgorod.")
    assert [m.place.name for m in found] == ["Belgorod Oblast", "Belgorod"]


def test_common_words_in_text_are_not_places():
    text = ("Read more: Most of the drones were downed, Police said on Tuesday. Many videos on "
            "Telegram showed the Union flag. The Kremlin and The Moscow Times said Mayak radio and "
            "President Putin were silent. Video: Star players.")
    assert find_places(text) == []


def test_people_are_not_places():
    assert names("Vladimir Putin spoke in Vladimir.") == [("Vladimir", "Vladimir")]
    assert find_places("Governor Vyacheslav Gladkov and Anna Petrova spoke.") == []


def test_street_names_are_skipped():
    assert names("A drone hit a house on Lenina Street in Kursk.") == [("Kursk", "Kursk")]


def test_outlet_names_are_not_places():
    assert names("The Kyiv Independent and the Kyiv Post reported from Kyiv.") == [("Kyiv", "Kyiv")]


def test_adjectives_are_not_fuzzy_matches():
    assert find_places("Estonian and Latvian officials, a Kyivan poet.") == []


def test_context_picks_the_village_in_the_named_region():
    text = "Shelling hit Novoselivka, a village in the Donetsk region."
    village = find_places(text)[0].place
    assert contains(resolve_place("Donetsk Oblast"), village)


def test_hyphenated_facility_code_is_not_the_city():
    found = find_places("Explosions at Engels-2 and in Engels.")
    assert [m.place.kind for m in found] == ["facility", "city"]


# ---------------------------------------------------------------------------- relations


def test_contains_and_related():
    kursk_oblast, kursk = resolve_place("Kursk Oblast"), resolve_place("Kursk")
    russia, ukraine = resolve_place("Russia"), resolve_place("Ukraine")
    assert contains(kursk_oblast, kursk) and not contains(kursk, kursk_oblast)
    assert contains(russia, kursk) and contains(russia, kursk_oblast) and contains(kursk, kursk)
    assert related(kursk, kursk_oblast) and related(kursk_oblast, kursk)
    assert not related(kursk, resolve_place("Belgorod"))
    # a country relates by containment only, never by distance
    assert not related(ukraine, kursk, max_km=10_000)


def test_distance():
    d = distance_km(resolve_place("Kyiv"), resolve_place("Kharkiv"))
    assert 400 < d < 440
    assert related(resolve_place("Kyiv"), resolve_place("Brovary"))
    assert distance_km(resolve_place("Belgorod"), resolve_place("Belgorod")) == 0
    assert distance_km(resolve_place("Kyiv"), resolve_place("United States")) is None


def test_place_by_key():
    assert place_by_key("country:UA").name == "Ukraine"
    assert place_by_key("geo:554840").name == "Izhevsk"
    assert place_by_key("region:RU-80").name == "Udmurt Republic"
    assert place_by_key("nothing:here") is None


# ---------------------------------------------------------------------------- data integrity


def _duplicates(rows) -> dict[str, set[str]]:
    seen: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for name in (row.name, *row.aliases):
            seen[normalize(name)].add(row.name)
    return {k: v for k, v in seen.items() if len(v) > 1}


def test_region_rows_are_complete():
    table = tables.region_table()
    assert table.designators and table.plural_designators
    for row in table.region:
        assert row.name and row.kind in ("country", "region") and len(row.country) == 2
        if row.kind == "region":
            assert row.admin1 and row.lat is not None and row.lon is not None


def test_facility_rows_are_complete():
    for row in tables.facility_table().facility:
        assert row.name and row.kind == "facility" and row.town
        assert -90 <= row.lat <= 90 and -180 <= row.lon <= 180


@pytest.mark.parametrize("table", ["regions", "facilities", "localities"])
def test_no_alias_names_two_entries(table):
    rows = {
        "regions": tables.region_table().region,
        "facilities": tables.facility_table().facility,
        "localities": tables.locality_table().locality,
    }[table]
    assert _duplicates(rows) == {}


def test_admin1_codes_are_unique_and_hold_cities():
    table = tables.region_table()
    codes = [(r.country, r.admin1) for r in table.region if r.kind == "region"]
    assert len(codes) == len(set(codes))
    cities = defaultdict(list)
    g = index.gazetteer()
    for place in g.places.values():
        if place.kind == "city":
            cities[place.parents[0]].append(place)
    for row in table.region:
        if row.kind != "region":
            continue
        region = resolve_place(row.name)
        assert region.kind == "region", row.name
        inside = cities[region.key]
        assert inside, f"no city has admin1 {row.admin1} of {row.name}"
        # the centroid lies among the region's own places (catches a wrong code or coordinate)
        assert min(distance_km(region, c) for c in inside) < 350, row.name


def test_every_facility_town_resolves_and_is_near():
    g = index.gazetteer()
    for row in tables.facility_table().facility:
        facility = resolve_place(row.name)
        assert facility.kind == "facility", row.name
        town = place_by_key(facility.parents[0])
        assert town is not None and town.kind in ("city", "region"), row.town
        assert town == resolve_place(row.town), row.town
        if town.kind == "city":
            assert distance_km(facility, town) < 40, row.name
        else:
            inside = [p for p in g.places.values() if p.kind == "city" and town.key in p.parents]
            assert min(distance_km(facility, c) for c in inside) < 40, row.name
        for alias in row.aliases:
            assert resolve_place(alias) == facility, alias


def test_localities_exist():
    for row in tables.locality_table().locality:
        place = resolve_place(row.name)
        assert place is not None and place.name == row.name, row.name
        if row.geonameid is not None:
            assert place.key == f"geo:{row.geonameid}"
        for alias in row.aliases:
            assert resolve_place(alias) == place, alias


def test_curated_names_are_not_stopwords():
    stop = {normalize(w) for w in (*tables.stopword_table().stopwords, *tables.stopword_table().titles)}
    rows_of = (tables.region_table().region, tables.facility_table().facility,
               tables.locality_table().locality)
    for rows in rows_of:
        for row in rows:
            for name in (row.name, *row.aliases):
                assert normalize(name) not in stop, name


def test_every_region_alias_resolves_to_its_region():
    for row in tables.region_table().region:
        target = resolve_place(row.name)
        for alias in row.aliases:
            assert resolve_place(alias) == target, alias
