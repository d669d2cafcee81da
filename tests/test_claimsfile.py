"""reconcile.claimsfile: claims.toml parsed and validated, every error at a file and line."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import CORPUS_CLAIM_IDS, CORPUS_CLAIMS, dedent

from reconcile.claimsfile import ClaimsFile, Settings, load_claims_file, parse_claims_text
from reconcile.errors import DataError

CLAIM = dedent("""
    [[claim]]
    id = "pier-injured"
    source = "pier-post-2024-06-01"
    quote = "four dock workers were hurt"
    speaker = "Harbour master"
    action = "injured"
    object = "people"
    value = 4
    """)


def parse(text: str) -> ClaimsFile:
    return parse_claims_text(dedent(text), "claims.toml")


def error(text: str) -> DataError:
    with pytest.raises(DataError) as err:
        parse(text)
    return err.value


def test_the_test_corpus_file_parses():
    parsed = parse_claims_text(CORPUS_CLAIMS, "claims.toml")
    assert [c.id for c in parsed.claims] == CORPUS_CLAIM_IDS
    assert [s.name for s in parsed.speakers] == ["Petra Danko", "Odesa Air Command"]
    assert parsed.settings.date_window_days == 1
    assert parsed.duplicates == []


def test_empty_file_is_all_defaults():
    parsed = parse("")
    assert parsed.claims == [] and parsed.speakers == [] and parsed.incidents == []
    assert parsed.settings == Settings()


def test_claim_fields_and_lines():
    parsed = parse("# header comment\n\n" + CLAIM + "places = ['Odesa']\ndate = 2024-06-01\n")
    (claim,) = parsed.claims
    assert claim.id == "pier-injured"
    assert claim.value == 4
    assert claim.places == ["Odesa"]
    assert claim.date == date(2024, 6, 1)
    assert claim.line == 3
    assert claim.field_lines["quote"] == 6
    assert claim.field_lines["date"] == 12


def test_second_claim_line():
    parsed = parse(CLAIM + "\n" + CLAIM.replace("pier-injured", "pier-injured-2"))
    assert [c.line for c in parsed.claims] == [1, 10]


def test_settings():
    parsed = parse("[settings]\ndate_window_days = 3\napprox_width = 0.2\nextract = false\n")
    assert parsed.settings.date_window_days == 3
    assert parsed.settings.approx_width == 0.2
    assert parsed.settings.extract is False


def test_load_claims_file(tmp_path):
    path = tmp_path / "claims.toml"
    path.write_text(CLAIM, encoding="utf-8")
    parsed = load_claims_file(path)
    assert parsed.path == str(path)
    assert [c.id for c in parsed.claims] == ["pier-injured"]


def test_duplicate_ids_are_kept_apart_with_their_line():
    parsed = parse(CLAIM + "\n" + CLAIM)
    assert [c.id for c in parsed.claims] == ["pier-injured"]
    assert [(c.id, c.line) for c in parsed.duplicates] == [("pier-injured", 10)]


# -- errors: the file and the line of the offending key


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[[claim]]\nid = "x\n', 2, "invalid TOML"),
        ("[[claim]]\nid = 'a'\nid = 'b'\n", 3, "invalid TOML"),
        (CLAIM.replace("value = 4\n", "value = 4\nweight = 2\n"), 9, "'weight': unknown field"),
        (CLAIM.replace('quote = "four dock workers were hurt"\n', ""), 1, "'quote': required field is missing"),
        (CLAIM.replace('action = "injured"', 'action = "exploded"'), 6, "unknown action 'exploded'"),
        (CLAIM.replace('object = "people"', 'object = "cranes"'), 7, "unknown object 'cranes'"),
        (CLAIM + 'party = "pirates"\n', 9, "unknown party 'pirates'"),
        (CLAIM.replace('id = "pier-injured"', 'id = "pier injured!"'), 2, "'id'"),
        (CLAIM + "date = 'yesterday'\n", 9, "'date'"),
        (CLAIM + "places = 'Odesa'\n", 9, "'places'"),
        ("[settings]\ndate_window_days = -1\n", 2, "[settings]: 'date_window_days'"),
        ("[settings]\n\nwindow = 2\n", 3, "[settings]: 'window': unknown field"),
        ('[[speaker]]\nname = "A"\nparty = "pirates"\n', 3, "unknown party 'pirates'"),
        ('[[speaker]]\naliases = ["A"]\n', 1, "[[speaker]]: 'name': required field is missing"),
        ('[[incident]]\nmerge = "a"\n', 2, "[[incident]]: 'merge'"),
    ],
    ids=["unterminated-string", "duplicate-key", "unknown-field", "missing-quote", "unknown-action",
         "unknown-object", "unknown-party", "bad-id", "bad-date", "places-not-a-list", "negative-window",
         "unknown-setting", "speaker-party", "speaker-name", "incident-merge"],
)
def test_errors_name_the_file_and_line(text, line, words):
    err = error(text)
    assert err.path == "claims.toml"
    assert err.line == line
    assert words in err.message
    assert str(err).startswith(f"claims.toml:{line}: ")
    assert "\n" not in str(err).strip() or words == "invalid TOML"


def test_unknown_table():
    err = error("[[claims]]\nid = 'x'\n")
    assert "unknown table 'claims'" in err.message
    assert err.path == "claims.toml"


@pytest.mark.parametrize("text", ["claim = 3\n", "claim = ['a', 'b']\n"])
def test_claim_must_be_an_array_of_tables(text):
    assert "array of tables" in error(text).message


@pytest.mark.parametrize("source", ["../secret", "../../etc/passwd", "sub/article", "..\\windows", "..", ""])
def test_a_source_id_is_not_a_path(source):
    err = error(CLAIM.replace('source = "pier-post-2024-06-01"', f"source = {source!r}"))
    assert err.line == 3
    assert "'source'" in err.message


def test_unreadable_files(tmp_path):
    with pytest.raises(DataError, match="cannot read") as err:
        load_claims_file(tmp_path / "absent.toml")
    assert err.value.path == str(tmp_path / "absent.toml")
    binary = tmp_path / "claims.toml"
    binary.write_bytes(b"\xff\xfe\x00\x00garbage")
    with pytest.raises(DataError, match="not UTF-8") as err:
        load_claims_file(binary)
    assert err.value.path == str(binary)


def test_cp1251_claims_file(tmp_path):
    path = tmp_path / "claims.toml"
    path.write_bytes(CLAIM.replace("Harbour master", "Начальник порта").encode("cp1251"))
    with pytest.raises(DataError, match="not UTF-8"):
        load_claims_file(path)
