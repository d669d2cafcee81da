"""The article's own text: boilerplate dropped, split into paragraphs and sentences with offsets."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache

from ..anchor import fold_keep_length
from ..lexicons import read_table


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    heading: bool = False
    """A title, caption or link-list line: read for places and dates, never for claims."""
    repeated: bool = False
    """The same words appeared earlier in the article (a caption repeating the body)."""
    cut: bool = False
    """A piece of a run of text longer than MAX_SENTENCE with no sentence end, cut at a space."""


MAX_SENTENCE = 1_000
"""Characters in the longest sentence read whole; a longer run is cut into pieces this long at most.

The longest sentence in the evaluation articles has 414 characters. Text without sentence ends
(word lists, scraped tables, a dump with the punctuation stripped) would otherwise make one
sentence of a whole article, and the per-sentence steps, which look back over the sentence for
each word they find, take time in the square of its length."""


@dataclass(frozen=True)
class _Cleanup:
    drop: re.Pattern
    heading_max_words: int


@cache
def _cleanup() -> _Cleanup:
    data = read_table("cleanup")
    drop = re.compile("|".join(f"(?:{p})" for p in data["drop_lines"]), re.IGNORECASE)
    return _Cleanup(drop, int(data["heading_max_words"]))


_ABBREVIATIONS = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|vs|"
    # titles before a name: "Regional Gov. Oleh Kiper said"
    r"Gov|Sen|Rep|Adm|Brig|Cmdr|Supt|Insp|Prof|Rev|Gov't|"
    r"approx|incl|est|U\.S|U\.K|a\.m|p\.m|e\.g|i\.e|etc)\.$", re.IGNORECASE)
# A sentence ends at . ! ? before a capital; a clause at a semicolon, before ", while", or before
# ", but" or ", and" that gives a speaker of its own: the clauses they join often have different speakers
# ("Fedorov first spoke of three; police later said four", "Kyiv said it hit a depot, but the
# governor said no damage was done").
_END = re.compile(r"[.!?…]+[\"'”’»)]*(?=\s+[\"'“‘«(\[]?[A-Z0-9А-Я])|;(?=\s)|,(?=\s+(?:while|whereas)\s)"
                  r"|,(?=\s+but\s+[^,.;:]{0,60}?\b(?:said|says|told|reported|claimed|insisted|denied|wrote)\b)"
                  # ", and Georgia has reported 17": a subject of its own that reports
                  r"|,(?=\s+and\s+(?!(?:that|then|also|later|has|had|have|said|says)\b)[^,.;:\d]{1,60}?\s+"
                  r"(?:has\s+|have\s+|had\s+)?(?:said|says|told|reported|confirmed|claimed|wrote)\b)"
                  r"|[.!?…]+[\"'”’»)]*\s*$")
_BULLET = re.compile(r"^\s*(?:[•·▪\-–—*]|\d+[.)])\s+")
_LETTERS = re.compile(r"[A-Za-z]")


# The longest abbreviation with its full stop ("approx.") and the character before it
_ABBREVIATION_REACH = 8


def _split_sentences(text: str, offset: int) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        # Only the last few characters before the full stop can be an abbreviation; searching just
        # those keeps a run of "No." or "St." from rescanning the sentence each time
        if end < len(text) and _ABBREVIATIONS.search(text, max(start, match.start() - _ABBREVIATION_REACH),
                                                     match.start() + 1):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        out.append((offset + s + lead, offset + s + trail))
    return out


def _cut(body: str, start: int, end: int, limit: int = MAX_SENTENCE) -> list[tuple[int, int]]:
    """The span START..END of BODY in pieces of at most LIMIT characters, cut after white space."""
    pieces = []
    while end - start > limit:
        space = max(body.rfind(" ", start, start + limit), body.rfind("\n", start, start + limit))
        cut = space + 1 if space > start else start + limit  # one word longer than LIMIT: cut inside it
        piece_end = cut
        while piece_end > start and body[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((start, piece_end))
        start = cut
        while start < end and body[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


_NOT_KEY = re.compile(r"[^a-z0-9]+")


def _key(text: str) -> str | bytes:
    """What two sentences with the same words share; a digest for long ones, so the keys of a large
    article do not hold a second copy of its text."""
    # (fold_keep_length: white space needs no folding of its own, every other character is cut)
    key = _NOT_KEY.sub(" ", fold_keep_length(text).lower()).strip()
    return key if len(key) <= 64 else hashlib.blake2b(key.encode(), digest_size=16).digest()


def _paragraphs(body: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank-line separated blocks, or single lines where lines are paragraphs."""
    lines = []
    pos = 0
    for line in body.splitlines(keepends=True):
        lines.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    paragraphs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for s, e in lines:
        text = body[s:e].strip()
        if not text:
            if current:
                paragraphs.append(current)
                current = []
            continue
        if current:
            prev = body[current[-1][0]:current[-1][1]].rstrip()
            # A hard-wrapped line continues its paragraph: the previous line ends mid-sentence
            # and this one starts in lower case.
            if prev and prev[-1] not in ".!?:\"'”’»" and text[:1].islower():
                current.append((s, e))
                continue
            paragraphs.append(current)
            current = []
        current.append((s, e))
    if current:
        paragraphs.append(current)
    return [(p[0][0], p[-1][1]) for p in paragraphs]


# A factbox line, "Dead: 501", "Injured: more than 1,523": a figure under its label, no heading
_FACT_LINE = re.compile(r"^[A-Z][\w'’ -]{1,30}:\s*(?:(?:about|at least|more than|over|some|nearly|around)\s+)?"
                        r"\d[\d,.]*\+?$", re.IGNORECASE)


def _is_heading(text: str, limit: int) -> bool:
    """A line with no closing punctuation and few words: a title, caption or link."""
    stripped = text.strip().rstrip("\"'”’»)")
    if not stripped:
        return True
    if _FACT_LINE.match(stripped):
        return False
    if stripped[-1] in ".!?…:;,":
        # a clause cut before ", while" or ", but" ends in its comma: part of a sentence
        return False
    return len(stripped.split()) <= limit


def split_text(body: str) -> list[Sentence]:
    """Sentences of the article body, boilerplate dropped, in order, offsets into BODY.

    A run of more than MAX_SENTENCE characters without a sentence end comes in pieces, each
    marked `cut`.
    """
    cleanup = _cleanup()
    sentences: list[Sentence] = []
    seen: set[str | bytes] = set()
    for number, (p_start, p_end) in enumerate(_paragraphs(body)):
        raw = body[p_start:p_end]
        bullet = _BULLET.match(raw)
        skip = bullet.end() if bullet else 0
        stripped = raw[skip:].strip()
        if not stripped or not _LETTERS.search(stripped) or cleanup.drop.fullmatch(stripped):
            continue
        for s, e, cut in _spans(body, _split_sentences(raw[skip:], p_start + skip)):
            text = body[s:e]
            heading = _is_heading(text, cleanup.heading_max_words)
            if cleanup.drop.fullmatch(text.strip()):
                continue
            key = _key(text)
            repeated = key in seen
            seen.add(key)
            sentences.append(Sentence(s, e, text, number, heading=heading, repeated=repeated, cut=cut))
    return sentences


def _spans(body: str, spans: list[tuple[int, int]]):
    """(start, end, cut) of each sentence span, over-long ones in pieces."""
    for s, e in spans:
        if e - s <= MAX_SENTENCE:
            yield s, e, False
        else:
            for piece in _cut(body, s, e):
                yield (*piece, True)
