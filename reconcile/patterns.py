"""Word lists as regular expressions that cost little per character of text.

A lexicon becomes an alternation of literals, longest first: `(?:killed outright|killed|kill)`.
The regex engine tries every alternative at every position of the text, so a list of 300 names
costs 300 comparisons a character. `alternation` writes the same list as a trie,
`(?:kill(?:ed(?: outright)?)?)`: one comparison per branch point, and it matches exactly what
the flat alternation matches, at the same places (see the proof in `alternation`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable


def alternation(words: Iterable[str], ignorecase: bool = True) -> str:
    """A regex source that matches what `|`.join of the escaped WORDS, longest first, matches.

    Written as a trie. At a branch point the children begin with different characters (compared
    as IGNORECASE compares them), so at most one can go on matching; the only choice left is to
    stop at a word's end or go on to a longer word, and a greedy optional group tries the longer
    one first, then backs off to the shorter: the longest-first order of the flat alternation.
    What follows the group in the caller's pattern is the same for every word, so it is checked
    in the same order too. IGNORECASE must be what the pattern is compiled with. An empty list
    gives "", as the flat alternation of nothing does.
    """
    trie: dict = {}
    end = ""  # a key no character equals: the end of a word
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(_fold(ch) if ignorecase else ch, {})
        node[end] = {}
    return _source(trie, end) if trie else ""


def _fold(ch: str) -> str:
    # the engine folds one character to one character; a longer lower case ("İ") is left as is
    lower = ch.lower()
    return lower if len(lower) == 1 else ch


def _source(node: dict, end: str) -> str:
    branches = [re.escape(ch) + _source(child, end) for ch, child in node.items() if ch != end]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end in node:
        return f"{body}?" if _single(body) else f"(?:{body})?"
    return body


def _single(body: str) -> bool:
    """Whether BODY is one (escaped) character, which `?` can follow without a group."""
    return len(body) == 1 or (len(body) == 2 and body[0] == "\\")


class WordScan:
    r"""Many word-list patterns over one text, at the cost of about one.

    Each pattern is `(?<![\w-])(?:WORDS)(?![\w-])` for its own list of words, and `finditer`
    gives what each pattern's own `finditer` gives. One pattern of all the words finds every
    place where any list's word starts (overlaps included); each pattern is then tried only at
    those places, in order, past the end of its last match: the leftmost-first scan `finditer`
    makes, which could start nowhere else.
    """

    def __init__(self, lists: list[list[str]]):
        self.patterns = [re.compile(rf"{_BEFORE}(?:{alternation(words)}){_AFTER}", re.IGNORECASE) for words in lists]
        self._empty = [not words for words in lists]  # an empty list matches the empty string: scanned itself
        every = alternation({w for words in lists for w in words})
        self._starts = re.compile(rf"{_BEFORE}(?=(?:{every}){_AFTER})", re.IGNORECASE) if every else None
        # The lists worth trying where a text's character starts a word: a list matches there only
        # with a word beginning with that character, as IGNORECASE compares an ASCII character
        # (a word beginning with another character, or an empty word, is tried everywhere)
        scanned = [n for n, words in enumerate(lists) if words]
        anywhere = {n for n in scanned if any(not w or not w[0].isascii() for w in lists[n])}
        firsts = {n: {w[0].lower() for w in lists[n] if w} for n in scanned}
        self._all = scanned
        self._anywhere = sorted(anywhere)
        self._by_first = {ch: [n for n in scanned if n in anywhere or ch in firsts[n]]
                          for ch in set().union(*firsts.values()) if ch.isascii()}

    def finditer(self, text: str) -> list[list[re.Match]]:
        """The matches of each pattern in TEXT, as its `finditer` gives them."""
        out: list[list[re.Match]] = [[] for _ in self.patterns]
        after = [0] * len(self.patterns)
        for start in self._starts.finditer(text) if self._starts else ():
            at = start.start()
            ch = text[at:at + 1]
            for n in self._by_first.get(ch.lower(), self._anywhere) if ch.isascii() and ch else self._all:
                # each list in order of its starts, past the end of its last match: as its finditer
                if at >= after[n] and (m := self.patterns[n].match(text, at)):
                    out[n].append(m)
                    after[n] = m.end()
        for n, empty in enumerate(self._empty):
            if empty:
                out[n] = list(self.patterns[n].finditer(text))
        return out


class Screened:
    r"""A pattern whose every match starts with one of a few literals, searched only from the first
    place one of them stands.

    STARTS must hold, for every match the pattern can make, a literal the text has at the match's
    start, standing there as a whole word (`\b` on both sides; words of letters at both ends). No
    match can then start before the screen's first hit, and `search(text, pos)` still sees the text
    before `pos` for `\b` and lookbehinds: `search` gives what the pattern's own `search` gives, and
    a sentence without any of the literals costs one scan of a trie.
    """

    def __init__(self, pattern: re.Pattern, starts: Iterable[str]):
        self.pattern = pattern
        ignorecase = bool(pattern.flags & re.IGNORECASE)
        words = alternation(set(starts), ignorecase=ignorecase)
        self._screen = re.compile(rf"\b(?:{words})\b", re.IGNORECASE if ignorecase else 0) if words else None

    def search(self, text: str) -> re.Match | None:
        hit = self._screen.search(text) if self._screen else None
        return self.pattern.search(text, hit.start()) if hit else None


NOT_IN_WORDS = re.compile(r"[^\w\s]|[\d_]")
"""A character no match of a pattern of letters and spaces can hold (a digit, a mark)."""


def after_last(marks: re.Pattern, text: str, ends: list[int]) -> list[int]:
    r"""For each of ENDS, the position just after the last match of MARKS in TEXT that ends at or
    before it (0 if none).

    A pattern read back from a place ("north of", "accused") whose matches cannot hold what MARKS
    matches can begin no earlier: `pattern.search(text, that, end)` finds what
    `pattern.search(text[:end])` finds (`\b` and lookbehinds still see the text before it),
    without reading the whole sentence again for each of a dozen places."""
    found = [m.end() for m in marks.finditer(text)] if ends else []
    return [found[bisect_left(found, end + 1) - 1] if found and found[0] <= end else 0 for end in ends]


_BEFORE = r"(?<![\w-])"
_AFTER = r"(?![\w-])"


__all__ = ["NOT_IN_WORDS", "Screened", "WordScan", "after_last", "alternation"]
