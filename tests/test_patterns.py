"""Word lists as tries (`reconcile.patterns`) match exactly what the flat lists, longest first, match."""

from __future__ import annotations

import random
import re

import pytest

from reconcile.patterns import Screened, WordScan, alternation


def _flat(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


CONTEXTS = [(r"(?<![\w-])(?:", r")(?![\w-])"), (r"\b(?:", r")\b"), ("(?:", ")"), (r"^\W*(?:", r")\b"),
            (r"(?:(?:", r")\b[\s,]*)+"), ("(?P<w>", r")\s+x")]


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("seed", range(3))
def test_a_trie_matches_as_the_flat_list_does(seed):
    rng = random.Random(seed)
    letters = "abAB -'.é("
    for _ in range(200):
        words = {"".join(rng.choice(letters) for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(1, 12))}
        text = "".join(rng.choice(letters + "xyzİ") for _ in range(60))
        for flags in (re.IGNORECASE, 0):
            for before, after in CONTEXTS:
                flat = re.compile(before + _flat(words) + after, flags)
                trie = re.compile(before + alternation(words, ignorecase=bool(flags)) + after, flags)
                assert _spans(trie, text) == _spans(flat, text), (words, text, flags, before)


def test_a_trie_shares_its_prefixes():
    assert alternation(["kill", "killed", "killed outright", "wound"]) == r"(?:kill(?:ed(?:\ outright)?)?|wound)"
    assert alternation([]) == "" == _flat([])


@pytest.mark.parametrize("seed", range(3))
def test_a_word_scan_gives_what_each_pattern_gives(seed):
    rng = random.Random(seed)
    letters = "abAB -'.ksSſK"  # (a Kelvin sign and a long s match k and s under IGNORECASE)
    for _ in range(300):
        lists = [list({"".join(rng.choice(letters) for _ in range(rng.randint(1, 4)))
                       for _ in range(rng.randint(0, 6))}) for _ in range(rng.randint(1, 5))]
        text = "".join(rng.choice(letters + "xyz_KS") for _ in range(80))
        flat = [re.compile(rf"(?<![\w-])(?:{_flat(set(words))})(?![\w-])", re.IGNORECASE) for words in lists]
        scanned = WordScan(lists).finditer(text)
        assert [[(m.start(), m.end()) for m in found] for found in scanned] == [_spans(p, text) for p in flat]


def _found(match: re.Match | None) -> tuple[int, int, str] | None:
    return (match.start(), match.end(), match.group(0)) if match else None


@pytest.mark.parametrize("seed", range(3))
def test_a_screened_search_finds_what_the_pattern_finds(seed):
    rng = random.Random(seed)
    letters = "abAB"
    for _ in range(300):
        # phrases of words with letters at both ends, as Screened requires of its literals
        phrases = list({" ".join("".join(rng.choice(letters) for _ in range(rng.randint(1, 3)))
                                 for _ in range(rng.randint(1, 2))) for _ in range(rng.randint(1, 4))})
        modals = list({"".join(rng.choice(letters) for _ in range(2)) for _ in range(2)})
        # an unless-clause after the phrases, and a modal with a gap before a last word
        source = (rf"\b(?:(?:{_flat(phrases)})(?!\s+b\b)|(?:{_flat(modals)})(?:\s+\w+){{0,2}}?\s+ab)\b")
        text = "".join(rng.choice(letters + "  -,.x1") for _ in range(rng.randint(0, 60)))
        for flags in (re.IGNORECASE, 0):
            pattern = re.compile(source, flags)
            screened = Screened(pattern, phrases + modals)
            assert _found(screened.search(text)) == _found(pattern.search(text)), (source, text, flags)


def test_the_hedges_are_found_where_the_full_patterns_find_them():
    from reconcile.extract import _hedges

    sentences = ["The toll could rise to 3,000, officials said.", "Reuters could not independently verify the claim.",
                 "The attack claimed the lives of four people.", "The ministry claimed 40 drones were downed.",
                 "Mayor Smith said the count may in the end top 200.", "Nothing hedged here at all.",
                 "It was reportedly hit; the figures could not be verified", "UNVERIFIED reports of 12 dead", ""]
    for screened in _hedges():
        for sentence in sentences:
            assert _found(screened.search(sentence)) == _found(screened.pattern.search(sentence)), sentence
    inline, back = _hedges()
    assert inline.search(sentences[0]).group(0) == "could rise to"
    assert back.search(sentences[1]).group(0) == "could not independently verify"
    assert inline.search(sentences[5]) is None
