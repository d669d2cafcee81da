"""reconcile.curated: [[claim]] tables as Claims, with figures, categories, anchored quotes and speakers."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import dedent, toml_value

from reconcile.claimsfile import parse_claims_text
from reconcile.curated import curated_claims
from reconcile.errors import DataError
from reconcile.models import Claim, Source
from reconcile.speakers import SpeakerIndex

BODY = (
    "Rescue crews in Mykolaiv worked until dawn.\n\n"
    "Russia\u2019s defence ministry said its forces struck \u201cmilitary infrastructure\u201d \u2014 nothing else.\n\n"
    "Mayor Ostap Vovk told reporters that at least 14 people were hurt and that two\n"
    "cars   were destroyed.\n\n"
    "A fire was reportedly put out by noon.\n"
)
SOURCE = Source(id="delta-daily-2024-07-09", path="sources/delta-daily-2024-07-09.md", outlet="Delta Daily",
                published=date(2024, 7, 9), text=BODY)
SPEAKERS = dedent("""
    [[speaker]]
    name = "Ostap Vovk"
    aliases = ["Mayor Ostap Vovk", "Vovk", "the mayor"]
    party = "ukraine-official"
    """)


def claims(rows: str, speakers: str = SPEAKERS, sources: list[Source] = (SOURCE,)) -> list[Claim]:
    parsed = parse_claims_text(speakers + "\n" + dedent(rows), "claims.toml")
    return curated_claims(parsed, {s.id: s for s in sources}, SpeakerIndex(parsed.speakers))


def one(quote: str = "at least 14 people were hurt", **fields: object) -> Claim:
    figure = {} if {"value", "low", "high"} & set(fields) else {"value": 14}
    fields = {"id": "c1", "source": SOURCE.id, "quote": quote, "speaker": "Vovk", "action": "injured",
              "object": "people", **figure, **fields}
    row = "[[claim]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in fields.items() if v is not None)
    (claim,) = claims(row)
    return claim


def error(**fields: object) -> DataError:
    with pytest.raises(DataError) as err:
        one(**fields)
    return err.value


# -- figures


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"value": 14}, (14, 14, False)),
        ({"value": 2.5}, (2.5, 2.5, False)),
        ({"value": "at least 14"}, (14, None, False)),
        ({"value": "over 100"}, (101, None, False)),
        ({"value": "up to 158"}, (0, 158, False)),
        ({"value": "about 25"}, (22, 28, True)),
        ({"value": "about 25", "approx": False}, (22, 28, False)),
        ({"value": 14, "approx": True}, (14, 14, True)),
        ({"value": "dozens"}, (24, None, True)),
        ({"value": "fourteen"}, (14, 14, False)),
        ({"value": "1,300"}, (1300, 1300, False)),
        ({"low": 10, "high": 20}, (10, 20, False)),
        ({"low": 14}, (14, None, False)),
        ({"high": 20}, (0, 20, False)),
        ({"low": 3, "high": 3, "approx": True}, (3, 3, True)),
    ],
    ids=lambda v: str(v) if not isinstance(v, dict) else ",".join(f"{k}={v[k]}" for k in v),
)
def test_figures(fields, expected):
    claim = one(**fields)
    assert (claim.low, claim.high, claim.approx) == expected
    assert claim.value is None


def test_approx_width_comes_from_settings():
    parsed = parse_claims_text(dedent("""
        [settings]
        approx_width = 0.2

        [[claim]]
        id = "c1"
        source = "delta-daily-2024-07-09"
        quote = "at least 14 people were hurt"
        action = "injured"
        value = "about 100"
        """), "claims.toml")
    (claim,) = curated_claims(parsed, {SOURCE.id: SOURCE}, SpeakerIndex())
    assert (claim.low, claim.high) == (80, 120)


@pytest.mark.parametrize(
    ("fields", "words", "line"),
    [
        ({"value": "a great many"}, "cannot read the quantity 'a great many'", 13),
        ({"value": True}, "'value': should be a valid integer", 13),
        ({"low": False}, "'low': should be a valid integer or a valid number, not false", 13),
        ({"value": None}, "needs `value`, or `low`/`high`", 6),
        ({"low": 20, "high": 10}, "high is below low", 14),
        ({"action": "outcome", "object": None, "value": 3}, "needs a text value", 12),
        ({"action": "outcome", "object": None, "value": "exploded"}, "'exploded' is not one of", 12),
    ],
    ids=["unreadable", "boolean", "boolean-low", "no-figure", "high-below-low", "category-number", "category-unknown"],
)
def test_figure_errors_name_the_line(fields, words, line):
    err = error(**fields)
    assert words in err.message
    assert err.path == "claims.toml"
    assert err.line == line
    assert "'c1'" in err.message or err.message.startswith("[[claim]]: ")


# -- categories


@pytest.mark.parametrize(
    ("action", "value"),
    [("outcome", "hit"), ("outcome", "foiled"), ("outcome", "no_damage"), ("target", "military"),
     ("target", "residential")],
)
def test_categorical_values(action, value):
    claim = one(quote="struck \u201cmilitary infrastructure\u201d", action=action, object=None, value=value)
    assert claim.value == value
    assert claim.low is None and claim.high is None
    assert not claim.numeric


# -- quotes


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("at least 14 people were hurt", "at least 14 people were hurt"),
        ("that two cars were destroyed", "that two\ncars   were destroyed"),
        ("Russia's defence ministry said", "Russia\u2019s defence ministry said"),
        ('struck "military infrastructure" - nothing else',
         "struck \u201cmilitary infrastructure\u201d \u2014 nothing else"),
        ("struck \u201emilitary infrastructure\u201c \u2013 nothing",
         "struck \u201cmilitary infrastructure\u201d \u2014 nothing"),
        ("  a fire was REPORTEDLY put out  ", "A fire was reportedly put out"),
    ],
    ids=["exact", "line-break-and-spaces", "apostrophe", "quotes-and-dash", "other-quotes-and-dash", "case"],
)
def test_quotes_anchor_tolerantly(quote, expected):
    claim = one(quote=quote)
    assert claim.quote == expected, "the claim carries the text as the source has it"
    assert BODY[claim.start:claim.end] == expected


def test_quote_not_in_source_keeps_no_span():
    claim = one(quote="nine people were hurt")
    assert claim.start is None and claim.end is None
    assert claim.quote == "nine people were hurt"


def test_claims_of_sources_not_loaded_are_left_out():
    assert claims('[[claim]]\nid = "x"\nsource = "elsewhere"\nquote = "q"\naction = "injured"\nvalue = 1\n') == []


# -- speakers


@pytest.mark.parametrize(
    ("written", "name", "party"),
    [
        ("Vovk", "Ostap Vovk", "ukraine-official"),
        ("Mayor Ostap Vovk", "Ostap Vovk", "ukraine-official"),
        ("the mayor", "Ostap Vovk", "ukraine-official"),
        ("Russian MoD", "Russian Ministry of Defence", "russia-official"),
        ("Russia\u2019s defence ministry", "Russian Ministry of Defence", "russia-official"),
        ("Russia's defense ministry", "Russian Ministry of Defence", "russia-official"),
        ("Kremlin spokesman Dmitry Peskov", "Dmitry Peskov", "russia-official"),
    ],
)
def test_speaker_aliases_resolve(written, name, party):
    claim = one(speaker=written)
    assert claim.speaker == name
    assert claim.party == party
    assert claim.speaker_text == written


def test_claims_toml_speakers_win_over_the_builtin_table():
    own = dedent("""
        [[speaker]]
        name = "Defence ministry press office"
        aliases = ["Russian MoD"]
        party = "other"
        """)
    row = ('[[claim]]\nid = "c1"\nsource = "delta-daily-2024-07-09"\nquote = "its forces struck"\n'
           'speaker = "Russian MoD"\naction = "target"\nvalue = "military"\n')
    (claim,) = claims(row, speakers=own)
    assert (claim.speaker, claim.party) == ("Defence ministry press office", "other")


def test_a_claims_party_wins_over_the_speakers():
    claim = one(speaker="Vovk", party="other")
    assert (claim.speaker, claim.party) == ("Ostap Vovk", "other")


def test_unknown_speaker_is_kept_as_written():
    claim = one(speaker="the harbour pilot", party="other")
    assert claim.speaker == "Harbour pilot"
    assert claim.party == "other"


def test_no_speaker_is_unsourced():
    claim = one(speaker=None)
    assert claim.speaker is None and claim.party is None


# -- the rest of the row


def test_other_fields_are_carried():
    claim = one(places=["Mykolaiv"], date=date(2024, 7, 8), hedge="reportedly", polarity="deny",
                incident="mykolaiv-night")
    assert claim.places == ["Mykolaiv"]
    assert claim.event_date == date(2024, 7, 8)
    assert claim.hedge == "reportedly"
    assert claim.polarity == "deny"
    assert claim.incident_hint == "mykolaiv-night"
    assert claim.origin == "curated"
    assert claim.line == 6
    assert claim.source == SOURCE.id
    assert claim.id == "c1"


def test_a_curated_claim_with_a_vague_speaker_is_unsourced(tmp_path):
    """ "some media reports" names nobody: the claim keeps what was written but has no speaker."""
    from reconcile.claimsfile import parse_claims_text
    from reconcile.curated import curated_claims
    from reconcile.models import Source
    from reconcile.speakers import SpeakerIndex

    source = Source(id="wire", path="sources/wire.md", outlet="Wire", text="Two people were hurt in Sumy.")
    parsed = parse_claims_text(
        '[[claim]]\nid = "c"\nsource = "wire"\nquote = "Two people were hurt"\n'
        'speaker = "some media reports"\naction = "injured"\nobject = "people"\nvalue = 2\n')
    [claim] = curated_claims(parsed, {"wire": source}, SpeakerIndex())
    assert claim.speaker is None and claim.vague and claim.speaker_text == "some media reports"
