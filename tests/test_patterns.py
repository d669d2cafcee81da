"""Word lists as tries (`reconcile.patterns`) match exactly what the flat lists, longest first, match."""

from __future__ import annotations

import random
import re

import pytest

from reconcile.patterns import WordScan, alternation


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
    letters = "abAB -'."
    for _ in range(300):
        lists = [list({"".join(rng.choice(letters) for _ in range(rng.randint(1, 4)))
                       for _ in range(rng.randint(0, 6))}) for _ in range(rng.randint(1, 5))]
        text = "".join(rng.choice(letters + "xyz_") for _ in range(80))
        flat = [re.compile(rf"(?<![\w-])(?:{_flat(set(words))})(?![\w-])", re.IGNORECASE) for words in lists]
        scanned = WordScan(lists).finditer(text)
        assert [[(m.start(), m.end()) for m in found] for found in scanned] == [_spans(p, text) for p in flat]
