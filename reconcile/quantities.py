"""Figures in text as intervals: "at least 14" -> [14, inf), "about 25" -> [22, 28], "two" -> [2, 2]."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from .lexicons import read_table
from .models import Interval


@dataclass(frozen=True)
class QuantityMention:
    """A figure found in a text, with the span that expresses it (qualifier included)."""

    start: int
    end: int
    interval: Interval
    number_start: int
    """Where the figure itself starts (after any qualifier)."""
    value: float | None = None
    """The figure as written, before its qualifier shaped it."""
    shape: str | None = None
    """The qualifier's shape: at_least, over, up_to, under, nearly, about; None for a plain figure."""


@dataclass(frozen=True)
class _Lexicon:
    numbers: dict[str, int]
    multipliers: dict[str, int]
    vague: dict[str, tuple[int, int | None]]
    qualifiers: dict[str, str]
    post_qualifiers: dict[str, str]
    pattern: re.Pattern


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _lexicon() -> _Lexicon:
    data = read_table("quantities")
    numbers = {k.lower(): int(v) for k, v in data["numbers"].items()}
    multipliers = {k.lower(): int(v) for k, v in data["multipliers"].items()}
    vague = {k.lower(): (int(lo), None if hi < 0 else int(hi)) for k, (lo, hi) in data["vague"].items()}
    qualifiers = {k.lower(): v for k, v in data["qualifiers"].items()}
    post = {k.lower(): v for k, v in data["post_qualifiers"].items()}
    # Number words that are too ambiguous to stand alone ("a", "no", "some") only count
    # when the caller asks for whole-text parsing; in scanning they need a following noun.
    digits = r"\d{1,3}(?:[,\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    words = _alternation([w for w in numbers if w not in {"a", "an", "no", "none", "single"}])
    # "one hundred and twelve": "and" only right after a multiplier ("two and three" is a list)
    mult = _alternation(multipliers)
    compound = rf"(?:{words})(?:[- ](?:{mult}|{words})|(?:(?<=hundred)|(?<=thousand))\s+and\s+(?:{words}))*"
    figure = rf"(?:{digits}|{compound})(?:\s+(?:{_alternation(multipliers)}))?"
    pattern = re.compile(
        rf"(?<![\w.,-])(?:(?P<qual>{_alternation(qualifiers)})\s+)?"
        # "10-15", "10 to 15", "between 10 and 15"; a bare "15 and 17" is a list, not a range
        rf"(?:between\s+(?P<between_lo>{digits})\s+and\s+(?P<between_hi>{digits})"
        rf"|(?P<range_lo>{digits})\s*(?:-|–|—|to)\s*(?P<range_hi>{digits})"
        rf"|(?P<vague>{_alternation(vague)})"
        rf"|(?P<fig>{figure}))"
        rf"(?:\s+(?P<post>{_alternation(post)}))?(?![\w])(?!-[a-z])",
        re.IGNORECASE,
    )
    return _Lexicon(numbers, multipliers, vague, qualifiers, post, pattern)


def _digits_value(text: str) -> float | None:
    """"1,300", "1 300" or "2.5" as a number; None when TEXT is not digits."""
    digits = re.sub(r"[,\u00a0 ](?=\d{3}\b)", "", text)
    return float(digits) if re.fullmatch(r"\d+(?:\.\d+)?", digits) else None


def number_value(text: str) -> float | None:
    """The value of a figure written in digits or words: "1,300" -> 1300, "twenty-one" -> 21."""
    lex = _lexicon()
    text = " ".join(text.strip().lower().split())
    # Whole phrases first: "a dozen" is 12, not "a" (1) plus "dozen" (12)
    if text in lex.numbers:
        return float(lex.numbers[text])
    value = _digits_value(text)
    if value is not None:
        return value
    head, _, last = text.rpartition(" ")
    if last in lex.multipliers and head:
        value = _digits_value(head)
        if value is not None:  # "1.5 million", "2 dozen"
            return value * lex.multipliers[last]
    parts = [p for p in re.split(r"[- ]+", text) if p != "and"]
    if not parts or any(p not in lex.numbers and p not in lex.multipliers for p in parts):
        return None
    # "one thousand two hundred": a multiplier scales what came before it; thousands and up
    # close a group, so the hundreds after them add on instead of multiplying again
    total = current = 0
    for part in parts:
        if part in lex.multipliers:
            factor = lex.multipliers[part]
            if factor >= 1000:
                total += max(current, 1) * factor
                current = 0
            else:
                current = max(current, 1) * factor
        else:
            current += lex.numbers[part]
    return float(total + current)


def _as_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _floor(x: float) -> int:
    # Rounded first: 100 * 1.1 is 110.00000000000001, which must not become 111
    return math.floor(round(x, 9))


def _ceil(x: float) -> int:
    return math.ceil(round(x, 9))


def shaped(value: float, shape: str | None, width: float = 0.1) -> Interval:
    """The interval a qualifier SHAPE makes of a figure."""
    n = _as_number(value)
    if shape == "at_least":
        return Interval(low=n, high=None)
    if shape == "over":
        return Interval(low=_as_number(math.floor(value) + 1), high=None)
    if shape == "up_to":
        return Interval(low=0, high=n)
    if shape == "under":
        return Interval(low=0, high=_as_number(math.ceil(value) - 1))
    if shape == "nearly":
        return Interval(low=_floor(value * (1 - width)), high=n, approx=True)
    if shape == "about":
        return Interval(low=_floor(value * (1 - width)), high=_ceil(value * (1 + width)), approx=True)
    return Interval(low=n, high=n)


def _interval_of(match: re.Match, width: float) -> Interval | None:
    lex = _lexicon()
    qual = lex.qualifiers.get((match.group("qual") or "").lower())
    post = lex.post_qualifiers.get((match.group("post") or "").lower())
    if match.group("range_lo") or match.group("between_lo"):
        lo = number_value(match.group("range_lo") or match.group("between_lo"))
        hi = number_value(match.group("range_hi") or match.group("between_hi"))
        if lo is None or hi is None or lo > hi:
            return None
        return Interval(low=_as_number(lo), high=_as_number(hi), approx=qual in ("about", "nearly"))
    if match.group("vague"):
        lo, hi = lex.vague[match.group("vague").lower()]
        return Interval(low=lo, high=hi, approx=True)
    value = number_value(match.group("fig"))
    if value is None:
        return None
    return shaped(value, qual or post, width)


def find_quantities(text: str, width: float = 0.1) -> list[QuantityMention]:
    """Every figure in TEXT with its interval, in order."""
    found = []
    for match in _lexicon().pattern.finditer(text):
        interval = _interval_of(match, width)
        if interval is None:
            continue
        body = match.start("range_lo") if match.group("range_lo") else match.start("between_lo") if \
            match.group("between_lo") else (
            match.start("vague") if match.group("vague") else match.start("fig"))
        lex = _lexicon()
        shape = lex.qualifiers.get((match.group("qual") or "").lower()) or \
            lex.post_qualifiers.get((match.group("post") or "").lower())
        value = number_value(match.group("fig")) if match.group("fig") else None
        found.append(QuantityMention(match.start(), match.end(), interval, body, value, shape))
    return found


def parse_quantity(text: str | int | float, width: float = 0.1) -> Interval | None:
    """A whole phrase as an interval: 14, "at least 14", "up to 158", "about 25", "dozens"."""
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return Interval(low=_as_number(text), high=_as_number(text))
    phrase = text.strip()
    lex = _lexicon()
    if phrase.lower() in lex.numbers:
        n = lex.numbers[phrase.lower()]
        return Interval(low=n, high=n)
    match = lex.pattern.fullmatch(phrase)
    return _interval_of(match, width) if match else None
