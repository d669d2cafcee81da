"""Find a quote in a source body, tolerant of whitespace, quote-mark and dash styles."""

from __future__ import annotations

import re
from functools import lru_cache

# Curly quotes, primes and guillemets read as straight quotes; every dash as a hyphen.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ",
})
_SPACE = re.compile(r"\s+")


def fold_keep_length(text: str) -> str:
    """TEXT with quote marks and dashes made plain, character for character (offsets stay valid)."""
    return text.translate(_FOLD)


def fold(text: str) -> str:
    """TEXT with quote marks and dashes made plain and white space runs made one space."""
    return _SPACE.sub(" ", text.translate(_FOLD)).strip()


def _folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the offset it came from in TEXT."""
    chars: list[str] = []
    offsets: list[int] = []
    in_space = False
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            if not in_space and chars:
                chars.append(" ")
                offsets.append(i)
            in_space = True
            continue
        in_space = False
        chars.append(ch)
        offsets.append(i)
    return "".join(chars), offsets


def _lower(text: str) -> str:
    """TEXT in lower case, character for character (str.lower turns "İ" into two, shifting offsets)."""
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def find_quote(body: str, quote: str) -> tuple[int, int] | None:
    """The (start, end) span of QUOTE in BODY, or None when it does not occur there."""
    needle = fold(quote)
    if not needle:
        return None
    exact = body.find(quote)
    if exact >= 0:
        return exact, exact + len(quote)
    haystack, offsets = _folded_with_offsets(body)
    at = haystack.find(needle)
    if at < 0:
        at = _lower(haystack).find(_lower(needle))
        if at < 0:
            return None
    last = at + len(needle) - 1
    return offsets[at], offsets[last] + 1


@lru_cache(maxsize=8192)  # articles repeat their speakers' names: the same key again and again
def speaker_key(text: str) -> str:
    """The comparable form of a name: folded, lower case, no leading article or trailing possessive."""
    key = fold(text).lower().strip(" ,.:;\"'")
    key = re.sub(r"^(the|a|an)\s+", "", key)
    key = re.sub(r"'s$|'$", "", key)
    return key
