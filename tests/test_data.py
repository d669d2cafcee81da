"""The hand-edited tables in reconcile/data/: each loads, and they agree with one another.

(The gazetteer tables, regions/localities/facilities, are checked in test_places.py.)
"""

from __future__ import annotations

from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from reconcile.claimsfile import load_claims_file
from reconcile.lexicons import events_table, read_table, speakers, vocabulary
from reconcile.speakers import speaker_key

DATA = resources.files("reconcile") / "data"
TABLES = sorted(p.name.removesuffix(".toml") for p in DATA.iterdir() if p.name.endswith(".toml"))
SAMPLE_CLAIMS = Path(__file__).resolve().parent.parent / "claims.toml"
SPEAKER_KINDS = {"person", "organisation", "media", "group"}


def test_there_are_tables():
    assert {"vocabulary", "speakers", "quantities", "hedges"} <= set(TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_every_table_loads(name):
    data = read_table(name)
    assert isinstance(data, dict) and data, f"{name}.toml is empty"


def test_validated_tables_load():
    assert vocabulary().action and vocabulary().object and vocabulary().party
    assert speakers().speaker


# -- vocabulary.toml


@pytest.mark.parametrize("table", ["action", "object", "party", "side"])
def test_vocabulary_names_are_unique(table):
    names = [row.name for row in getattr(vocabulary(), table)]
    assert len(names) == len(set(names)), f"duplicate {table} names"
    assert all(name == name.strip() and name for name in names)


def test_design_vocabulary_is_present():
    # DESIGN.md, "Claims": the actions, objects and parties every other stage relies on
    assert {"killed", "injured", "seriously_injured", "missing", "launched", "downed", "hit", "damaged",
            "destroyed", "evacuated", "distance", "outcome", "target"} <= set(vocabulary().actions)
    assert {"people", "children", "civilians", "soldiers", "drones", "missiles", "rockets", "bombs", "munitions",
            "homes", "apartments", "buildings", "vehicles", "km"} <= set(vocabulary().objects)
    assert {"russia-official", "ukraine-official", "russia-media", "ukraine-media", "independent-media",
            "other"} <= set(vocabulary().parties)


def test_action_kinds():
    for action in vocabulary().action:
        assert action.kind in {"count", "category"}, action.name
        if action.kind == "category":
            assert action.values, f"{action.name}: a category needs values"
            assert len(action.values) == len(set(action.values))
            for pair in action.opposites:
                assert set(pair) <= set(action.values), f"{action.name}: opposite {pair} is not among its values"
                assert pair[0] != pair[1]
        else:
            assert not action.values and not action.opposites, f"{action.name}: a count has no values"
    assert {v for a in vocabulary().action if a.name == "outcome" for v in a.values} >= {"hit", "foiled", "no_damage"}
    assert {v for a in vocabulary().action if a.name == "target" for v in a.values} >= {"military", "civilian",
                                                                                       "residential"}


def test_objects_are_part_of_known_objects():
    objects = vocabulary().objects
    for obj in objects.values():
        seen = {obj.name}
        parent = obj.part_of
        while parent is not None:
            assert parent in objects, f"{obj.name}: part_of '{parent}' is not an object"
            assert parent not in seen, f"{obj.name}: part_of makes a cycle"
            seen.add(parent)
            parent = objects[parent].part_of


def test_sides_and_parties():
    sides = {side.name: side for side in vocabulary().side}
    for side in sides.values():
        assert side.opponent is None or side.opponent in sides, f"side {side.name}: unknown opponent"
        assert side.countries
    for party in vocabulary().party:
        assert party.side, party.name
        if party.official:
            assert party.side in sides, f"{party.name}: an official party needs a declared side"


# -- speakers.toml


def _aliases_by_key(entries) -> dict[str, set[str]]:
    names: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for alias in (entry.name, *entry.aliases):
            names[speaker_key(alias)].add(entry.name)
    return names


def test_no_alias_names_two_speakers():
    clashes = {key: sorted(names) for key, names in _aliases_by_key(speakers().speaker).items() if len(names) > 1}
    assert clashes == {}


def test_speaker_names_are_unique():
    names = [s.name for s in speakers().speaker]
    assert len(names) == len(set(names))


def test_every_speaker_party_exists():
    parties = set(vocabulary().parties)
    unknown = {s.name: s.party for s in speakers().speaker if s.party not in parties}
    assert unknown == {}


def test_speaker_kinds():
    assert {s.name: s.kind for s in speakers().speaker if s.kind not in SPEAKER_KINDS} == {}


def test_sample_claims_speakers_are_consistent():
    claims = load_claims_file(SAMPLE_CLAIMS)
    clashes = {key: sorted(names) for key, names in _aliases_by_key(claims.speakers).items() if len(names) > 1}
    assert clashes == {}
    parties = set(vocabulary().parties)
    assert {s.name for s in claims.speakers if s.party is not None and s.party not in parties} == set()


# -- the other tables


def test_party_cue_sides_are_declared():
    sides = {side.name for side in vocabulary().side}
    cues = read_table("attribution")["party_cues"]
    assert set(cues) - {"media"} <= sides


def test_attacker_sides_are_declared():
    # the attackers are in the conflict pack; events_table() is the core with every pack
    sides = {side.name for side in vocabulary().side}
    assert set(events_table()["attackers"]["sides"]) <= sides


def test_event_objects_are_vocabulary_objects():
    # "miles" is a unit the extractor converts to km, and [conversions] units (acres) convert too:
    # they are not objects of their own
    data = events_table()
    units = {"miles", *data.get("conversions", {})}
    assert set(data["objects"]) - units <= set(vocabulary().objects)
    assert {row["object"] for row in data.get("conversions", {}).values()} <= set(vocabulary().objects)


def test_event_word_lists_are_top_level_keys():
    # a key written after a [[group]] table belongs to that group: the extractor would see no list
    data = read_table("events")
    for key in ("estimates", "interval_cues", "left_over", "left_over_before", "noun_phrase_words", "found_dead"):
        assert data.get(key), f"events.toml: {key} is not a top-level list"
    known = {"name", "objects", "actions", "default_action"}
    for group in data.get("group", []):
        assert set(group) <= known, f"events.toml [[group]] {group['name']}: unknown keys {set(group) - known}"


def test_hedges_are_unique_phrases():
    phrases = [h["phrase"].lower() for h in read_table("hedges")["hedge"]]
    assert len(phrases) == len(set(phrases))
    assert all(p.strip() == p and p for p in phrases)


def test_quantity_tables():
    data = read_table("quantities")
    assert all(isinstance(v, int) and v >= 0 for v in data["numbers"].values())
    assert all(isinstance(v, int) and v > 1 for v in data["multipliers"].values())
    for word, (low, high) in data["vague"].items():
        assert low >= 0 and (high == -1 or high >= low), word
    keys = [k.lower() for table in ("qualifiers", "post_qualifiers", "vague") for k in data[table]]
    assert len(keys) == len(set(keys)), "a phrase is in two quantity tables"
