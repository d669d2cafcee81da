"""Shortened quotes keep their evidence: the figure and the attribution, "…" where cut (#22)."""

from __future__ import annotations

import pytest

from reconcile.models import Claim
from reconcile.render.text import focus_spans, md_quote, quote_window

LONG = ("In the attack on the town on Tuesday, which came after a week of shelling along the whole of the "
        "front line and the evacuation of two villages, regional officials said, 39 were killed.")


def claim(quote: str = LONG, **fields) -> Claim:
    base = {"id": "c", "source": "s", "action": "killed", "low": 39, "high": 39, "speaker_text": "regional officials"}
    return Claim(quote=quote, **(base | fields))


@pytest.mark.parametrize("limit", [40, 60, 80, 120])
def test_the_figure_and_the_cue_stay_in_the_window(limit):
    shown = quote_window(claim(), limit)
    assert len(shown) <= limit
    assert "39" in shown and "regional officials" in shown
    assert shown.startswith("…")  # cut before the evidence
    assert limit < 60 or not shown.endswith("…")  # and, with room, the end kept


def test_a_short_quote_is_whole():
    assert quote_window(claim("Officials said 39 were killed."), 160) == "Officials said 39 were killed."
    assert quote_window(claim(), None) == LONG


def test_evidence_at_the_start_cuts_the_end_only():
    quote = "Officials said 39 were killed " + "and a great deal more happened after that " * 5
    shown = quote_window(claim(quote, speaker_text="Officials"), 60)
    assert shown.startswith("Officials said 39") and shown.endswith("…") and len(shown) <= 60


def test_a_range_is_kept_whole():
    quote = ("Researchers at the university estimated that 2,975 people died as a result of the storm in the "
             "six months after it struck, with a range of 2,658 to 3,290, in a study the government ordered.")
    shown = quote_window(claim(quote, low=2658, high=3290, approx=True, speaker_text="Researchers"), 100)
    assert "2,658 to 3,290" in shown and "Researchers" in shown and len(shown) <= 100


def test_figure_and_cue_far_apart_get_a_window_each():
    quote = "According to regional officials, " + "the night went on with sirens and more sirens " * 6 + \
        "and in the end 39 were killed."
    shown = quote_window(claim(quote, speaker_text="regional officials"), 80)
    assert "regional officials" in shown and "39 were killed" in shown and " … " in shown
    assert len(shown) <= 80


def test_recorded_spans_win_over_searching():
    quote = "The 12 buses carried people away; 39 were killed, officials said, " + "later that day " * 10
    recorded = claim(quote, figure_span=(34, 36), cue_span=(50, 64), speaker_text=None)
    assert focus_spans(recorded) == [(34, 36), (50, 64)]
    assert "39 were killed, officials said" in quote_window(recorded, 60)


def test_no_evidence_found_cuts_at_the_end():
    shown = quote_window(claim(LONG, low=None, high=None, speaker_text=None), 50)
    assert shown.startswith("In the attack") and shown.endswith("…")


def test_the_window_is_escaped_for_markdown():
    quote = "[click](http://x) <b>" + " padding" * 30 + " officials said 39 died"
    cell = md_quote(claim(quote, speaker_text="officials"), 60)
    assert "<b>" not in cell and "39 died" in cell and "](http" not in cell
