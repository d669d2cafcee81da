"""Figures in text as intervals: "at least 14" -> [14, inf), "about 25" -> [22, 28], "two" -> [2, 2]."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from text_to_num import text2num

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
    risen: re.Pattern = re.compile(r"(?!)")
    """A verb of motion before "up to": "has gone up to 86" is 86, not at most 86."""
    pronoun_before: re.Pattern = re.compile(r"(?!)")
    pronoun_after: re.Pattern = re.compile(r"(?!)")
    after_the_one: re.Pattern = re.compile(r"(?!)")
    """What makes "one" a pronoun: "no one", "another one", "one cannot", "the one who"."""


def _alternation(words) -> str:
    """WORDS as a regex alternation, longest first; one that matches nothing when there are none."""
    return alternation(words) or "(?!)"


# The scales text2num does not read (it stops at billions): ours, splitting the words at each
_LARGE_SCALES = ("quintillion", "quadrillion", "trillion")


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
    words = _alternation([w for w in numbers if w not in {"a", "an", "no", "none", "single"}] + list(multipliers))
    # A run of number words, read (and split into numbers) by `_word_figures`: "one hundred and
    # twelve"; "and" only right after a scale word ("two and three" is a list)
    mult = _alternation(multipliers)
    compound = rf"(?:{words})(?:(?:-|[ \t]+)(?:{words})|(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))" \
               rf"\s+and\s+(?:{words}))*"
    figure = rf"(?:{digits})(?:\s+(?:{mult}))?|{compound}"
    number = rf"(?:{digits}|{compound})"
    pattern = re.compile(
        rf"(?<![\w.,-])(?:(?P<qual>{_alternation(qualifiers)})\s+)?"
        # "10-15", "10 to 15", "between 10 and 15", "two to four", "20 through 100", "1 to 2 million";
        # a bare "15 and 17" is a list, not a range
        rf"(?:between\s+(?P<between_lo>{number})\s+and\s+(?P<between_hi>{number})"
        # a hyphen between words joins them ("twenty-one"); between digits it is a range
        # (the first figure of a range is read once, as `fig`: trying the number words twice at every
        # position of the text doubled the cost of scanning)
        rf"|(?P<vague>{_alternation(vague)})"
        rf"|(?P<fig>{figure})"
        rf"(?:(?:(?<=\d)\s*-\s*(?=\d)|\s*[–—]\s*|\s+(?:to|through)\s+)(?P<range_hi>{number}))?)"
        rf"(?:(?<=\d)\s+(?P<range_mult>{mult}))?"
        # a unit glued to its digits ends the figure too: "35km", "5.8km", "10kg"
        rf"(?:\s+(?P<post>{_alternation(post)}))?(?:(?![\w])|(?<=\d)(?=(?:km|kg|mi|ft|mph|kmh)\b))(?!-[a-z])",
        re.IGNORECASE,
    )
    verbs = _alternation(data.get("change", {}).get("verbs", []))
    change = re.compile(rf"\b(?:{verbs})\s+(?:[\w'’-]+\s+){{0,3}}?from\s+$", re.IGNORECASE)
    pronoun = data.get("pronoun_one", {})
    before = re.compile(rf"\b(?:{_alternation(pronoun.get('before', []))})\s+$", re.IGNORECASE)
    after = re.compile(rf"^\s+(?:{_alternation(pronoun.get('after', []))})\b", re.IGNORECASE)
    the = re.compile(rf"^\s+(?:{_alternation(pronoun.get('after_the', []))})\b", re.IGNORECASE)
    motion = _alternation(data.get("change", {}).get("motion", []))
    risen = re.compile(rf"\b(?:{motion})\s+(?:(?:the|its|their)\s+(?:[\w-]+\s+){{0,3}}?)?$", re.IGNORECASE)
    return _Lexicon(numbers, multipliers, vague, qualifiers, post, pattern, change, risen, before, after, the)


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


_GROUPING = re.compile(r"[,\u00a0 ](?=\d{3}\b)")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def _digits_value(text: str) -> int | float | None:
    """"1,300", "1 300" or "2.5" as a number (whole numbers as exact ints); None when TEXT is not digits."""
    digits = _GROUPING.sub("", text)
    if not _DIGITS.fullmatch(digits):
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
    return _words_value(text)


def _words_value(words: str) -> int | None:
    """Number words read as one number by text2num, or None when they are not one number
    ("one two three" is three). Ours around it: the phrases of quantities.toml ("a dozen", "both"),
    "a" for one ("a hundred and two"), dozens, and the scales past billions."""
    lex = _lexicon()
    if words in lex.numbers:
        return lex.numbers[words]
    first, _, rest = words.partition(" ")
    if first in ("a", "an") and rest:
        words = f"one {rest}"
    head, _, last = words.rpartition(" ")
    if last == "dozen" and head:  # "three dozen"
        value = _words_value(head)
        return None if value is None else value * 12
    tokens = words.split(" ")
    for scale in _LARGE_SCALES:
        if scale in tokens:
            # "four quintillion three hundred ...": the words before the scale multiply it, those after add
            at = tokens.index(scale)
            high = _words_value(" ".join(tokens[:at])) if at else 1
            low = _words_value(" ".join(tokens[at + 1:])) if at + 1 < len(tokens) else 0
            size = lex.multipliers[scale]
            if high is None or low is None or low >= size:
                return None
            return high * size + low
    try:
        return text2num(words, "en")
    except ValueError:
        return None


_MAX_RUN = 24
"""The most number words read as one number: a longer run is split before that, whatever it says."""


def _word_figures(run: str) -> list[tuple[int, int, int]]:
    """The numbers in a run of number words, as (start, end, value) in RUN: each the longest
    stretch the library reads as one number, so "one two three" is three numbers, never six."""
    tokens = [(m.start(), m.end(), m.group(0).lower()) for m in re.finditer(r"[^\s-]+", run)]
    out = []
    i = 0
    while i < len(tokens):
        for j in range(min(len(tokens), i + _MAX_RUN), i, -1):
            if tokens[j - 1][2] == "and":
                continue
            value = _words_value(" ".join(run[tokens[i][0]:tokens[j - 1][1]].lower().split()))
            if value is not None:
                out.append((tokens[i][0], tokens[j - 1][1], value))
                i = j
                break
        else:
            i += 1
    return out


def _as_number(value: int | float) -> int | float:
    return _exact(value)


_ARITHMETIC = frozenset({"over", "under", "nearly", "about"})
"""The shapes whose bounds `shaped` computes from the figure (exactly, with fractions)."""


def shaped(value: int | float, shape: str | None, width: float = 0.1) -> Interval:
    """The interval a qualifier SHAPE makes of a figure.

    Computed exactly (a float's decimal digits as written, not its binary approximation), so
    "about 100" is [90, 110] and a whole figure past 2**53 loses no digit. A figure that is not
    finite comes back as it is, for `interval_problem` to refuse.
    """
    n = _as_number(value)
    if isinstance(n, float) and not math.isfinite(n):
        return Interval(low=n, high=n)
    if shape == "at_least":
        return Interval(low=n, high=None)
    if shape == "up_to":
        return Interval(low=0, high=n)
    if shape not in _ARITHMETIC:  # most figures: no fractions to make
        return Interval(low=n, high=n)
    exact = Fraction(n) if isinstance(n, int) else Fraction(repr(n))
    w = Fraction(repr(float(width)))
    if shape == "over":
        return Interval(low=math.floor(exact) + 1, high=None)
    if shape == "under":
        # "under 1" leaves only 0; "under 0" leaves nothing a count can be, and is kept as 0
        return Interval(low=0, high=max(math.ceil(exact) - 1, 0))
    if shape == "nearly":
        return Interval(low=math.floor(exact * (1 - w)), high=n, approx=True)
    if shape == "about":
        return Interval(low=math.floor(exact * (1 - w)), high=math.ceil(exact * (1 + w)), approx=True)
    return Interval(low=n, high=n)


def _qualifier(text: str, match: re.Match) -> str | None:
    """The shape the qualifier before MATCH gives, if any. "Up" of a verb of motion is no ceiling:
    "the toll has gone up to 86", "brought the number up to 40" (86 and 40 exactly)."""
    lex = _lexicon()
    written = match.group("qual")
    if not written or (written.lower().startswith("up") and
                       lex.risen.search(text, max(0, match.start() - 40), match.start()) is not None):
        return None
    return lex.qualifiers.get(written.lower())


def _interval_of(match: re.Match, width: float, qual: str | None) -> Interval | None:
    lex = _lexicon()
    post = lex.post_qualifiers.get((match.group("post") or "").lower())
    if match.group("range_hi") or match.group("between_lo"):
        lo = number_value(match.group("fig") or match.group("between_lo"))
        hi = number_value(match.group("range_hi") or match.group("between_hi"))
        if lo is None or hi is None or lo > hi:
            return None
        if match.group("range_mult"):
            # "1 to 2 million": the scale after the second figure scales both (not "2 million to 3 million")
            factor = lex.multipliers[match.group("range_mult").lower()]
            if not re.search(r"[a-z]", match.group("fig") or match.group("between_lo"), re.IGNORECASE):
                lo = _exact(Fraction(str(lo)) * factor)
            hi = _exact(Fraction(str(hi)) * factor)
            if lo > hi:
                return None
        return Interval(low=_as_number(lo), high=_as_number(hi), approx=qual in ("about", "nearly"))
    if match.group("vague"):
        lo, hi = lex.vague[match.group("vague").lower()]
        return Interval(low=lo, high=hi, approx=True)
    value = number_value(match.group("fig"))
    if value is None:
        return None
    return shaped(value, qual or post, width)


# Before a vague amount, no figure: "How many died is contested", "there were no hundreds of bodies"
_NO_AMOUNT_BEFORE = re.compile(r"\b(?:how|no)\s+$", re.IGNORECASE)


def _pronoun(text: str, start: int, end: int) -> bool:
    """Whether text[START:END] is the pronoun "one": "no one", "another one", "the one who", "one cannot"."""
    if text[start:end].lower() != "one":
        return False
    lex = _lexicon()
    before = text[max(0, start - 12):start]
    return bool(lex.pronoun_before.search(before) or lex.pronoun_after.match(text[end:end + 12]) or
                (re.search(r"\bthe\s+$", before, re.IGNORECASE) and lex.after_the_one.match(text[end:end + 12])))


def find_quantities(text: str, width: float = 0.1) -> list[QuantityMention]:
    """Every figure in TEXT with its interval, in order."""
    found = []
    lex = _lexicon()
    for match in lex.pattern.finditer(text):
        fig = match.group("fig")
        ranged = match.group("range_hi") is not None
        if fig and not ranged and not fig[0].isdigit() and fig.lower() not in lex.numbers:
            # number words: the library says how many numbers they are ("one two three" is three)
            found.extend(_worded(text, match, width))
            continue
        if _pronoun(text, match.start(), match.end()) or \
                (match.group("vague") and _NO_AMOUNT_BEFORE.search(text, max(0, match.start() - 8), match.start())):
            continue
        qual = _qualifier(text, match)
        interval = _interval_of(match, width, qual)
        if interval is None:
            continue
        if interval_problem(interval):
            _SKIPPED.append(match.group(0))
            continue
        body = match.start("between_lo") if match.group("between_lo") else (
            match.start("vague") if match.group("vague") else match.start("fig"))
        shape = qual or lex.post_qualifiers.get((match.group("post") or "").lower())
        value = number_value(fig) if fig and not ranged else None
        if ranged and lex.change.search(text[max(0, match.start() - 60):match.start()]):
            # "rose from 59 to 120": the figure before, then the figure now
            found.extend(_changed(match))
            continue
        found.append(QuantityMention(match.start(), match.end(), interval, body, value, shape))
    return found


def _worded(text: str, match: re.Match, width: float) -> list[QuantityMention]:
    """The figures of a run of number words: the qualifier before it shapes the first, the one
    after it the last ("at least two or three" is not asked of it: that is a list)."""
    lex = _lexicon()
    qual = _qualifier(text, match)
    post = lex.post_qualifiers.get((match.group("post") or "").lower())
    at = match.start("fig")
    pieces = _word_figures(match.group("fig"))
    out = []
    for k, (start, end, value) in enumerate(pieces):
        first, last = k == 0, k == len(pieces) - 1
        shape = (qual if first else None) or (post if last else None)
        interval = shaped(value, shape, width)
        span = text[at + start:at + end]
        if len(pieces) == 1 and _pronoun(text, at + start, at + end):
            continue
        if interval_problem(interval):
            _SKIPPED.append(span)
            continue
        out.append(QuantityMention(match.start() if first else at + start, match.end() if last else at + end,
                                   interval, at + start, value, shape))
    return out


def _changed(match: re.Match) -> list[QuantityMention]:
    """The two figures of "from X to Y" after a verb of change, each exact."""
    out = []
    for group in ("fig", "range_hi"):
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
    return _interval_of(match, width, _qualifier(phrase, match)) if match else None
