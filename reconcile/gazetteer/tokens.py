"""Words of a text as the scanner reads them, and the hits it makes of them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from .names import TOKEN, fold

_JOIN_GAP = re.compile(r"(?:['’ʼ]s)?[ \t\u00a0\"“”‘’'«»\-‐‑]{1,4}")
_ABBREV_GAP = re.compile(r"\.[ \t\u00a0]?")
SPACE_GAP = re.compile(r"[ \t\u00a0]{1,3}")
SENTENCE_BREAK = re.compile(r"[.;:!?()\n]")
LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|&)\s+)", re.IGNORECASE)


class Tok(NamedTuple):
    """A word: a tuple, made in C by `tokens` for every word of every sentence the scanner reads."""

    start: int
    end: int
    word: str
    key: str
    cap: bool


_new_tok = tuple.__new__


@dataclass
class Hit:
    first: int
    last: int
    """Token index range (inclusive)."""
    cands: list[tuple[float, str, str]]
    start: int
    end: int


def tokens(text: str) -> list[Tok]:
    """The words of TEXT, a possessive 's left out (as ``names.word_spans`` gives them)."""
    out = []
    append = out.append
    for m in TOKEN.finditer(text):  # one pass; this runs on every word of every sentence
        start, end = m.span()
        word = m.group()
        if end - start > 3 and word[-1] in "sS" and word[-2] in "'’ʼ`":
            end -= 2
            word = word[:-2]
        append(_new_tok(Tok, (start, end, word, fold(word), word[0].isupper() or word[0].isdigit())))
    return out


def joined(text: str, a: Tok, b: Tok) -> bool:
    gap = text[a.end:b.start]
    if _JOIN_GAP.fullmatch(gap):
        return True
    return len(a.word) <= 3 and bool(_ABBREV_GAP.fullmatch(gap))
