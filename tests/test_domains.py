"""Beyond war reporting: domain packs, [settings] packs, and the speakers and parties of other domains."""

from __future__ import annotations

from click.testing import CliRunner

from reconcile.claimsfile import parse_claims_text
from reconcile.cli import cli
from reconcile.errors import DataError
from reconcile.lexicons import events_table, pack_names, pack_table, packs_for, speakers, vocabulary


def test_the_packs_are_conflict_and_disaster():
    assert {"conflict", "disaster"} <= set(pack_names())


def test_every_pack_has_cues_and_loads_into_the_core():
    core = events_table(())
    full = events_table()
    for name in pack_names():
        assert pack_table(name).get("cues"), f"{name}: an article must be able to say the pack's words"
    # the core has the casualty words of every domain and none of the war's
    assert {"killed", "missing", "rescued", "displaced", "homeless"} <= {t["action"] for t in core["trigger"]}
    assert not {"downed", "launched"} & {t["action"] for t in core["trigger"]}
    assert "drones" not in core["objects"] and "drones" in full["objects"]
    assert "attackers" not in core and "attackers" in full


def test_pack_actions_and_objects_are_vocabulary():
    actions, objects = set(vocabulary().actions), set(vocabulary().objects)
    for name in pack_names():
        data = pack_table(name)
        assert {t["action"] for t in data.get("trigger", [])} <= actions, name
        assert {m["action"] for m in data.get("measure", [])} <= actions, name
        for group in data.get("group", []):
            assert set(group["actions"]) <= actions and set(group.get("objects", [])) <= objects, name


def test_an_article_uses_the_packs_it_speaks():
    assert packs_for("A magnitude 6.1 earthquake struck the coast.") == ("disaster",)
    assert packs_for("Air defences shot down 12 drones.") == ("conflict",)
    assert set(packs_for("Shelling started a fire in the warehouse.")) == {"conflict", "disaster"}
    # a text that says no pack's words uses them all; [settings] packs narrows them first
    assert set(packs_for("Two people were hurt.")) == set(pack_names())
    assert packs_for("Two people were hurt.", ("disaster",)) == ("disaster",)
    assert packs_for("Air defences shot down 12 drones.", ("disaster",)) == ("disaster",)


def test_settings_packs_narrow_and_are_validated():
    assert parse_claims_text('[settings]\npacks = ["disaster"]\n').settings.packs == ["disaster"]
    assert parse_claims_text("").settings.packs is None
    try:
        parse_claims_text('[settings]\ndate_window_days = 1\npacks = ["war"]\n', "c.toml")
    except DataError as err:
        assert err.line == 3 and "unknown pack 'war'" in str(err) and "conflict" in str(err)
    else:  # pragma: no cover
        raise AssertionError("an unknown pack must be an error")


def test_unknown_pack_exits_2_with_file_and_line(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.md").write_text("Two people were hurt, the mayor said.\n", encoding="utf-8")
    (tmp_path / "claims.toml").write_text('[settings]\npacks = ["floods"]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(tmp_path / "sources"), "--claims", str(tmp_path / "claims.toml")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "claims.toml:2:" in lines[0]
    assert "unknown pack 'floods'" in lines[0]


def test_the_new_parties_are_independent_of_each_other():
    parties = vocabulary().parties
    new = ["official", "agency", "ngo", "research", "media"]
    assert set(new) <= set(parties)
    # each its own side: none opposes another, so their agreement is independent and their
    # differences are not a war's
    assert len({parties[p].side for p in new}) == len(new)
    assert all(s.opponent is None or s.opponent not in {parties[p].side for p in new} for s in vocabulary().side)


def test_institutions_are_built_in_speakers():
    by_name = {s.name: s for s in speakers().speaker}
    assert by_name["World Health Organization"].party == "agency"
    assert by_name["Red Crescent"].party == "ngo"
    assert by_name["Harvard University"].party == "research"
    assert by_name["FEMA"].party == "agency"
    # the conflict speakers are still there
    assert by_name["Russian Ministry of Defence"].party == "russia-official"
