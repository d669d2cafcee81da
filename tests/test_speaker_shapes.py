"""Every speaker the tool names in eval/ is a noun phrase that can speak.

A speaker is headed by a person, an organisation, an office or role, or a group noun. It is
never an adverbial ("In the eastern region of Valencia"), a time ("Last week the ISF"), a
clause ("Russia has consistently"), the thing counted ("Nine deaths from the fire"), a town on
its own, or a fragment cut at a bracket. The shapes are checked, not the names: the corpus is
real reporting the rules were not written for (eval/check) as well as what they were written
against (eval/dev).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from reconcile.gazetteer import is_capital, resolve_place
from reconcile.lexicons import read_table
from reconcile.pipeline import Config, run
from reconcile.speakers import SpeakerIndex

EVAL = Path(__file__).resolve().parents[1] / "eval"


@cache
def _speakers() -> dict[str, list[str]]:
    """Each distinct speaker in eval/ and the quotes it speaks in (the first few)."""
    report = run(Config(paths=[EVAL], claims_default=False, jobs=1))
    out: dict[str, list[str]] = {}
    for claim in report.claims:
        if claim.speaker:
            out.setdefault(claim.speaker, []).append(claim.quote[:120])
    return out


@cache
def _words() -> dict[str, frozenset[str]]:
    phrase = read_table("attribution")["noun_phrase"]
    numbers = [w for w, n in read_table("quantities")["numbers"].items() if n != 1]
    return {
        "openers": frozenset(w.lower() for w in [*phrase["prepositions"], *phrase["conjunctions"]]),
        "clause": frozenset(w.lower() for w in phrase["clause_words"]),
        "counted": frozenset(w.lower() for w in [*phrase["counted_heads"], *numbers]),
    }


def _problem(speaker: str) -> str | None:
    words = _words()
    tokens = re.findall(r"[\w'’.-]+", speaker)
    lower = [t.lower() for t in tokens]
    if not tokens:
        return "empty"
    if speaker.count("(") != speaker.count(")"):
        return "an unbalanced bracket"
    if lower[0] in words["openers"]:
        return f"opens with '{tokens[0]}' (an adverbial or a conjunction)"
    if set(lower[1:]) & words["clause"]:
        return "holds a clause"
    if lower[0] in words["counted"] or lower[-1] in words["counted"] or lower[0].isdigit():
        return "names what is counted"
    if lower[-1] in {"a", "an", "the", "of", "to", "and", "what", "in", "on", "at"}:
        return "is cut off"
    if SpeakerIndex().resolve(speaker, fuzzy=False) is None:
        place = resolve_place(speaker)
        if place is not None and place.kind in ("city", "region", "county") and not is_capital(place):
            return "is a place on its own"
    return None


def test_eval_has_speakers():
    # guards the test below against passing on an empty corpus
    assert len(_speakers()) >= 100


def test_every_speaker_is_a_noun_phrase_that_can_speak():
    bad = {s: (_problem(s), q[0]) for s, q in sorted(_speakers().items()) if _problem(s)}
    assert not bad, "speakers that are not noun phrases:\n" + "\n".join(
        f"  {s!r}: {why} -- {quote}" for s, (why, quote) in bad.items())


@pytest.mark.parametrize(("speaker", "problem"), [
    ("In the eastern region of Valencia", "adverbial"),
    ("Russia has consistently", "clause"),
    ("Nine deaths from the Palisades fire", "counted"),
    ("Russia's Federal Security Service (FSB", "bracket"),
    ("Hamas-run health ministry denounced what", "cut off"),
    ("Vinnytsia", "place"),
])
def test_the_shape_check_catches_each_kind(speaker, problem):
    found = _problem(speaker)
    assert found is not None and problem.split()[0] in found, (speaker, found)
