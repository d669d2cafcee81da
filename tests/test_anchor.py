"""reconcile.anchor: a quote found in its source whatever the whitespace, quote-mark and dash style."""

from __future__ import annotations

import pytest

from reconcile.anchor import find_quote, fold

BODY = (
    "Rescuers worked through the night.\n\n"
    "The mayor said \u201cat least three\u201d homes were hit \u2014 and that the school\u2019s roof\n"
    "was  damaged in the\u00a0blast.\n"
)


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ('said "at least three" homes were hit - and', 'said \u201cat least three\u201d homes were hit \u2014 and'),
        ("the school's roof was damaged", "the school\u2019s roof\nwas  damaged"),
        ("damaged in the blast.", "damaged in the\u00a0blast."),
        ("was damaged in the blast", "was  damaged in the\u00a0blast"),
        ("  Rescuers worked through the night.  ", "Rescuers worked through the night."),
        ("the MAYOR said", "The mayor said"),
        ("homes were hit \u2013 and", "homes were hit \u2014 and"),
        ("said \u201eat least three\u201c homes", "said \u201cat least three\u201d homes"),
    ],
    ids=["straight-quotes-and-hyphen", "apostrophe-and-line-break", "nbsp", "double-space", "outer-space",
         "case", "en-for-em-dash", "low-9-for-curly"],
)
def test_tolerant_match_returns_the_span_in_the_body(quote, expected):
    span = find_quote(BODY, quote)
    assert span is not None
    start, end = span
    assert BODY[start:end] == expected


def test_exact_match_first():
    body = "two drones; two drones"
    assert find_quote(body, "two drones") == (0, 10)


def test_span_indexes_the_original_text_after_a_long_space_run():
    body = "A\n\n\n   B said five\u2014six."
    start, end = find_quote(body, "B said five-six")
    assert body[start:end] == "B said five\u2014six"


@pytest.mark.parametrize("quote", ["four homes were hit", "", "   ", "roof was damaged by fire"])
def test_absent_or_empty_quotes(quote):
    assert find_quote(BODY, quote) is None


def test_case_folding_that_changes_length_keeps_offsets():
    # "İ".lower() is two characters; offsets after it must still point at the quote
    body = "İstanbul desk: The Governor said nine drones fell."
    start, end = find_quote(body, "the governor said NINE drones")
    assert body[start:end] == "The Governor said nine drones"


def test_fold():
    assert fold("  \u201cYes\u201d \u2014 it\u2019s\n\tdone\u00a0now ") == '"Yes" - it\'s done now'
