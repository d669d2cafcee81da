"""Figures in text as intervals: "at least 14" -> [14, inf), "about 25" -> [22, 28], "two" -> [2, 2]."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from .lexicons import read_table
from .models import Interval
from .patterns import alternation


@dataclass(frozen=True)
class QuantityMention:
    """A figure found in a text, with the span that expresses it (qualifier included)."""

    start: int
    end: int
    interval: Interval
    number_start: int
    """Where the figure itself starts (after any qualifier)."""
    value: int | float | None = None
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
    change: re.Pattern = re.compile(r"(?!)")
    """A verb of change before "from": "leapt from 59 to 120" is two figures, not a range."""


def _alternation(words) -> str:
    return alternation(words)


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
    verbs = _alternation(data.get("change", {}).get("verbs", []))
    change = re.compile(rf"\b(?:{verbs})\s+(?:[\w'’-]+\s+){{0,3}}?from\s+$", re.IGNORECASE) if verbs else \
        re.compile(r"(?!)")
    return _Lexicon(numbers, multipliers, vague, qualifiers, post, pattern, change)


MAX_FIGURE = 2**63 - 1
"""The largest figure kept: SQLite's largest INTEGER (`export`), and far past any count in the news.
Figures are whole numbers where the text gives whole numbers, so every one up to here is exact."""

_MAX_DIGITS = 40
"""Longer runs of digits are out of range whatever they say; no need to build the number."""
_PAST = MAX_FIGURE + 1
"""What `number_value` gives for a figure it stopped reading once it was past MAX_FIGURE."""


def out_of_range(value: object) -> str | None:
    """Why VALUE cannot be a figure's bound (negative, infinite, not a number, over MAX_FIGURE), or None.

    Example:
        >>> out_of_range(-5)
        'is negative'
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "is not a number"
    if isinstance(value, float) and math.isnan(value):
        return "is not a number"
    if isinstance(value, float) and math.isinf(value):
        return "is infinite (or too large for a number)" if value > 0 else "is negative"
    if value < 0:
        return "is negative"
    if value > MAX_FIGURE:
        return f"is larger than {MAX_FIGURE:,}, the largest figure reconcile keeps"
    return None


def interval_problem(interval: Interval) -> str | None:
    """Why INTERVAL cannot be a claim's figure (see `out_of_range`), or None."""
    return out_of_range(interval.low) or out_of_range(interval.high)


# Figures `find_quantities` left out as out of range since the last `take_skipped`, as written:
# the extractor cannot hand them back itself, so `reconcile.parallel` collects them for a note
_SKIPPED: list[str] = []


def take_skipped() -> list[str]:
    """The out-of-range figures `find_quantities` skipped since the last call, and forget them."""
    taken = list(_SKIPPED)
    _SKIPPED.clear()
    return taken


def _exact(value: int | float | Fraction) -> int | float:
    """VALUE as an int when it is whole (so 1.5 million is 1500000, not 1500000.0), else a float."""
    if isinstance(value, float) and not math.isfinite(value):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return int(value) if value.is_integer() else value


def _digits_value(text: str) -> int | float | None:
    """"1,300", "1 300" or "2.5" as a number (whole numbers as exact ints); None when TEXT is not digits."""
    digits = re.sub(r"[,\u00a0 ](?=\d{3}\b)", "", text)
    if not re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return None
    whole = digits.partition(".")[0].lstrip("0")
    if len(whole) > _MAX_DIGITS:
        return _PAST
    return _exact(Fraction(digits)) if "." in digits else int(digits)


def number_value(text: str) -> int | float | None:
    """The value of a figure written in digits or words: "1,300" -> 1300, "twenty-one" -> 21.

    Whole numbers are ints, exact at any size up to MAX_FIGURE; past it, any value past it.
    """
    lex = _lexicon()
    text = " ".join(text.strip().lower().split())
    # Whole phrases first: "a dozen" is 12, not "a" (1) plus "dozen" (12)
    if text in lex.numbers:
        return lex.numbers[text]
    value = _digits_value(text)
    if value is not None:
        return value
    head, _, last = text.rpartition(" ")
    if last in lex.multipliers and head:
        value = _digits_value(head)
        if value is not None:  # "1.5 million", "2 dozen"
            if value > MAX_FIGURE:
                return _PAST
            # through Fraction: 1.1 * 1000000 in floats is 1100000.0000000002
            return _exact(Fraction(str(value)) * lex.multipliers[last])
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
        if total > MAX_FIGURE or current > MAX_FIGURE:  # "hundred hundred hundred ...": no need to go on
            return _PAST
    return total + current


def _as_number(value: int | float) -> int | float:
    return _exact(value)


def shaped(value: int | float, shape: str | None, width: float = 0.1) -> Interval:
    """The interval a qualifier SHAPE makes of a figure.

    Computed exactly (a float's decimal digits as written, not its binary approximation), so
    "about 100" is [90, 110] and a whole figure past 2**53 loses no digit. A figure that is not
    finite comes back as it is, for `interval_problem` to refuse.
    """
    n = _as_number(value)
    if isinstance(n, float) and not math.isfinite(n):
        return Interval(low=n, high=n)
    exact = Fraction(n) if isinstance(n, int) else Fraction(repr(n))
    w = Fraction(repr(float(width)))
    if shape == "at_least":
        return Interval(low=n, high=None)
    if shape == "over":
        return Interval(low=math.floor(exact) + 1, high=None)
    if shape == "up_to":
        return Interval(low=0, high=n)
    if shape == "under":
        # "under 1" leaves only 0; "under 0" leaves nothing a count can be, and is kept as 0
        return Interval(low=0, high=max(math.ceil(exact) - 1, 0))
    if shape == "nearly":
        return Interval(low=math.floor(exact * (1 - w)), high=n, approx=True)
    if shape == "about":
        return Interval(low=math.floor(exact * (1 - w)), high=math.ceil(exact * (1 + w)), approx=True)
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
        if interval_problem(interval):
            _SKIPPED.append(match.group(0))
            continue
        body = match.start("range_lo") if match.group("range_lo") else match.start("between_lo") if \
            match.group("between_lo") else (
            match.start("vague") if match.group("vague") else match.start("fig"))
        lex = _lexicon()
        shape = lex.qualifiers.get((match.group("qual") or "").lower()) or \
            lex.post_qualifiers.get((match.group("post") or "").lower())
        value = number_value(match.group("fig")) if match.group("fig") else None
        if match.group("range_lo") and lex.change.search(text[max(0, match.start() - 60):match.start()]):
            # "rose from 59 to 120": the figure before, then the figure now
            found.extend(_changed(match))
            continue
        found.append(QuantityMention(match.start(), match.end(), interval, body, value, shape))
    return found


def _changed(match: re.Match) -> list[QuantityMention]:
    """The two figures of "from X to Y" after a verb of change, each exact."""
    out = []
    for group in ("range_lo", "range_hi"):
        n = _as_number(number_value(match.group(group)))
        out.append(QuantityMention(match.start(group), match.end(group), Interval(low=n, high=n),
                                   match.start(group), n, None))
    return out


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
