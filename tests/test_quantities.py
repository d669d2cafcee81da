"""reconcile.quantities: figures as intervals, table-driven over reconcile/data/quantities.toml."""

from __future__ import annotations

import pytest

from reconcile.lexicons import read_table
from reconcile.models import Interval
from reconcile.quantities import find_quantities, number_value, parse_quantity, shaped

DATA = read_table("quantities")

# What each qualifier shape makes of the figure 100 at the default width 0.1 (see quantities.toml)
SHAPES = {
    "at_least": (100, None, False),
    "over": (101, None, False),
    "up_to": (0, 100, False),
    "under": (0, 99, False),
    "nearly": (90, 100, True),
    "about": (90, 110, True),
}


def interval(text, width=0.1):
    parsed = parse_quantity(text, width)
    return None if parsed is None else (parsed.low, parsed.high, parsed.approx)


def test_every_shape_in_the_data_is_tested():
    used = set(DATA["qualifiers"].values()) | set(DATA["post_qualifiers"].values())
    assert used <= set(SHAPES), f"untested shapes: {used - set(SHAPES)}"


@pytest.mark.parametrize(("qualifier", "shape"), sorted(DATA["qualifiers"].items()), ids=sorted(DATA["qualifiers"]))
def test_every_qualifier(qualifier, shape):
    assert interval(f"{qualifier} 100") == SHAPES[shape]
    assert interval(f"{qualifier.upper()} 100") == SHAPES[shape], "qualifiers are case-insensitive"


@pytest.mark.parametrize(("qualifier", "shape"), sorted(DATA["post_qualifiers"].items()),
                         ids=sorted(DATA["post_qualifiers"]))
def test_every_post_qualifier(qualifier, shape):
    assert interval(f"100 {qualifier}") == SHAPES[shape]


@pytest.mark.parametrize(("word", "bounds"), sorted(DATA["vague"].items()), ids=sorted(DATA["vague"]))
def test_every_vague_amount(word, bounds):
    low, high = bounds
    assert interval(word) == (low, None if high < 0 else high, True)


@pytest.mark.parametrize(("word", "value"), sorted(DATA["numbers"].items()), ids=sorted(DATA["numbers"]))
def test_every_number_word(word, value):
    assert interval(word) == (value, value, False)
    assert interval(word.capitalize()) == (value, value, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # DESIGN.md's examples
        ("14", (14, 14, False)),
        ("at least 14", (14, None, False)),
        ("over 100", (101, None, False)),
        ("up to 158", (0, 158, False)),
        ("nearly 150", (135, 150, True)),
        ("about 25", (22, 28, True)),
        ("some 70", (63, 77, True)),
        ("dozens", (24, None, True)),
        # rounding: the edges are whole numbers, and 1.1 * 100 is not 110.00000000000001
        ("about 100", (90, 110, True)),
        ("around 1200", (1080, 1320, True)),
        ("about 10", (9, 11, True)),
        ("more than 2.5", (3, None, False)),
        ("fewer than 10", (0, 9, False)),
        # figures in digits and words
        ("1,300", (1300, 1300, False)),
        ("1 300", (1300, 1300, False)),
        ("12,500", (12500, 12500, False)),
        ("2.5", (2.5, 2.5, False)),
        ("0", (0, 0, False)),
        ("twenty-one", (21, 21, False)),
        ("twenty one", (21, 21, False)),
        ("Forty-Two", (42, 42, False)),
        ("two hundred", (200, 200, False)),
        ("three thousand", (3000, 3000, False)),
        ("1.5 million", (1_500_000, 1_500_000, False)),
        ("a dozen", (12, 12, False)),
        ("two dozen", (24, 24, False)),
        ("at least a dozen", (12, None, False)),
        ("nearly two thousand", (1800, 2000, True)),
        ("three dozen", (36, 36, False)),
        ("2 dozen", (24, 24, False)),
        ("one thousand two hundred", (1200, 1200, False)),
        ("twenty-one thousand", (21000, 21000, False)),
        ("at least 1,300", (1300, None, False)),
        ("14 or more", (14, None, False)),
        # ranges
        ("5-7", (5, 7, False)),
        ("5 - 7", (5, 7, False)),
        ("5\u20137", (5, 7, False)),
        ("5 to 7", (5, 7, False)),
        ("1,000 to 1,500", (1000, 1500, False)),
        ("about 10-12", (10, 12, True)),
        # number words read by text2num, decimals and scales, worded ranges (#18)
        ("three billion", (3_000_000_000, 3_000_000_000, False)),
        ("a million", (1_000_000, 1_000_000, False)),
        ("1.25 million", (1_250_000, 1_250_000, False)),
        ("nineteen billion and nineteen", (19_000_000_019, 19_000_000_019, False)),
        ("two trillion five hundred billion", (2_500_000_000_000, 2_500_000_000_000, False)),
        ("between two and four", (2, 4, False)),
        ("twenty to thirty", (20, 30, False)),
        ("20 through 100", (20, 100, False)),
        ("1 to 2 million", (1_000_000, 2_000_000, False)),
        ("in the region of 4,000–5,000", (4000, 5000, True)),
        ("several hundred", (300, 900, True)),
        ("tens of thousands", (20000, None, True)),
        ("as high as 3,000", (0, 3000, False)),
        ("greater than 10", (11, None, False)),
    ],
)
def test_phrases(text, expected):
    assert interval(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "drones", "7 to 5", "fourteen-ish", "at least", "many many"])
def test_not_a_quantity(text):
    assert parse_quantity(text) is None


def test_width_comes_from_the_settings():
    assert interval("about 100", width=0.2) == (80, 120, True)
    assert interval("nearly 100", width=0.05) == (95, 100, True)
    assert interval("about 100", width=0) == (100, 100, True)


def test_numbers_pass_through():
    assert parse_quantity(14) == Interval(low=14, high=14)
    assert parse_quantity(2.5) == Interval(low=2.5, high=2.5)
    assert parse_quantity(True) is None


def test_shaped():
    assert shaped(14, None) == Interval(low=14, high=14)
    assert shaped(14.0, "at_least") == Interval(low=14, high=None)
    assert isinstance(shaped(14.0, None).low, int)


@pytest.mark.parametrize(("text", "value"), [("1,300", 1300), ("twenty-one", 21), ("seven", 7), ("2 thousand", 2000),
                                             ("a dozen", 12), ("sixty-five", 65), ("three dozen", 36),
                                             ("one thousand two hundred", 1200), ("lots", None)])
def test_number_value(text, value):
    assert number_value(text) == value


def test_find_quantities_in_a_sentence():
    text = "At least 14 people died, about 25 were hurt and dozens of homes lost power; 1,300 left."
    found = find_quantities(text)
    assert [text[m.start:m.end] for m in found] == ["At least 14", "about 25", "dozens of", "1,300"]
    assert [(m.interval.low, m.interval.high) for m in found] == [(14, None), (22, 28), (24, None), (1300, 1300)]
    assert [text[m.number_start:m.end] for m in found] == ["14", "25", "dozens of", "1,300"]


def test_find_quantities_number_words():
    text = "Officials said two people were killed, twenty-one hurt and a dozen homes burned."
    found = find_quantities(text)
    assert [(text[m.start:m.end], m.interval.low) for m in found] == [("two", 2), ("twenty-one", 21), ("a dozen", 12)]


def test_find_quantities_ignores_figures_inside_words():
    assert find_quantities("The A-10 and the B52 flew over Su-34 wreckage.") == []


@pytest.mark.parametrize("text, value", [
    ("one hundred and twelve", 112), ("a hundred and ten", 110), ("five hundred and six", 506),
    ("two hundred and fifty", 250), ("half a dozen", 6),
])
def test_number_words_joined_by_and_after_hundred(text, value):
    found = find_quantities(f"Officials said {text} people were hurt.")
    assert [(q.interval.low, q.interval.high) for q in found] == [(value, value)]


def test_and_between_small_numbers_is_a_list():
    assert [q.interval.low for q in find_quantities("two and three people")] == [2, 3]


@pytest.mark.parametrize(("text", "values"), [
    ("one two three", [1, 2, 3]),
    ("fifty sixty thirty and eleven", [50, 60, 30, 11]),
    ("two thousand thousand", [2000, 1000]),
    ("thirty four", [34]),
    ("FIFTEEN ONE TEN", [15, 1, 10]),
])
def test_adjacent_number_words_are_never_summed(text, values):
    assert [q.interval.low for q in find_quantities(text)] == values


@pytest.mark.parametrize("text", ["No one was hurt.", "Another one was seen later.", "It is the one who called.",
                                  "One cannot tell.", "They blamed one another."])
def test_the_pronoun_one_is_no_figure(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize("text", ["One person was hurt.", "One of them died.", "the one child who was hurt"])
def test_one_that_counts_is_a_figure(text):
    assert [q.interval.low for q in find_quantities(text)] == [1]
