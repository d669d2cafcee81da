"""Event dates: "15 March", "December 29", "on Saturday", "last night", "the day prior", against publication."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from ..lexicons import read_table
from ..patterns import alternation


@dataclass(frozen=True)
class When:
    day: date | None
    basis: str
    """stated | relative | overnight | statement | published | background | none"""
    start: int = -1
    """Where the date phrase starts in the text it was found in."""
    end: int = -1
    """Where it ends."""


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]
    absolute: re.Pattern
    weekday: re.Pattern
    relative_re: re.Pattern
    weekend: re.Pattern
    background: re.Pattern
    month_year: re.Pattern
    date_words: frozenset[str]
    """A quick test: the words a date could be made of (any date phrase holds one of them)."""
    holidays: dict[str, tuple[int, int]]
    """Days of fixed date by name, apostrophes straight: "new year's day" -> (1, 1)."""
    holiday: re.Pattern
    names_event: re.Pattern
    """After a date, an event it dates: "the January 14 Russian attack", "Saturday's strike"."""
    stamp_words: frozenset[str]
    """Words of a time stamp line besides dates and clock times ("Updated", "GMT")."""
    stamp_mark: re.Pattern
    """Words that make a line of dates a stamp ("Updated", "Published")."""


_WORD = re.compile(r"[a-z]+")
_NOT_DATE_WORDS = frozenset({"the", "in", "on", "of", "at", "this", "last", "early", "past"})


def _alt(words) -> str:
    return alternation(words)


@cache
def _lexicon() -> _Lexicon:
    data = read_table("dates")
    months = {k.lower(): int(v) for k, v in data["months"].items()}
    weekdays = {k.lower(): int(v) for k, v in data["weekdays"].items()}
    month = rf"(?P<m>{_alt(months)})\.?"
    month2 = rf"(?P<m2>{_alt(months)})\.?"
    absolute = re.compile(
        rf"\b(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{month}|{month2}\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b)"
        rf"(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?", re.IGNORECASE)
    holidays = {k.lower().replace("’", "'"): tuple(int(x) for x in v.split("-"))
                for k, v in data.get("holidays", {}).items()}
    # either apostrophe in the text ("New Year’s Day")
    # (a flat list: a trie's branches would no longer differ in their first character)
    named_days = "|".join(re.escape(w) for w in sorted(holidays, key=len, reverse=True)).replace("'", "['’]") or "(?!)"
    event_nouns = alternation(data["event_nouns"])
    return _Lexicon(
        # (no article between: in "said on Monday the strike had killed 40" the day is the statement's)
        names_event=re.compile(rf"(?:['’]s)?\s+(?:(?!(?:the|a|an|that|this|its|their)\b)[\w-]+\s+){{0,2}}?"
                               rf"(?:{event_nouns})\b", re.IGNORECASE),
        holidays=holidays,
        stamp_words=frozenset(w for phrase in data.get("stamp_words", []) for w in _WORD.findall(phrase.lower())),
        stamp_mark=re.compile(rf"\b(?:{_alt(data['stamp_marks'])})\b", re.IGNORECASE) if data.get("stamp_marks")
        else re.compile(r"(?!)"),
        holiday=re.compile(rf"\b(?:{named_days})\b", re.IGNORECASE),
        months=months,
        weekdays=weekdays,
        relative={k.lower(): int(v) for k, v in data["relative"].items()},
        absolute=absolute,
        weekday=re.compile(rf"\b(?:(?:on|last|this|early|late)\s+)?(?P<w>{_alt(weekdays)})\b", re.IGNORECASE),
        relative_re=re.compile(rf"\b(?:{_alt(data['relative'])})\b", re.IGNORECASE),
        weekend=re.compile(rf"\b(?:{_alt(data['weekend'])})\b", re.IGNORECASE),
        background=re.compile(rf"\b(?:{_alt(data['background'])})\b", re.IGNORECASE),
        date_words=frozenset(w for phrase in [*months, *weekdays, *data["relative"], *data["weekend"],
                                              *data["background"], *holidays]
                             for w in re.findall(r"[a-z]+", phrase.lower())
                             if len(w) > 1 and w not in _NOT_DATE_WORDS),
        month_year=re.compile(rf"\b(?:in|since|last|early|late|mid-?)\s+(?P<m>{_alt(months)})(?:\s+(?P<y>(?:19|20)\d{{2}}))?\b",
                              re.IGNORECASE),
    )


def _with_year(month: int, day: int, year: int | None, published: date | None) -> date | None:
    if year is None:
        if published is None:
            return None
        year = published.year
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        # "December 29" in a January article is last year's
        if candidate > published + timedelta(days=2):
            year -= 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


_SPAN_JOIN = re.compile(r"\s*(?:into|to|and|-|–|—)\s+(?:the\s+)?(?:(?:early\s+)?(?:hours|morning)\s+of\s+)?",
                        re.IGNORECASE)


def _night_span(text: str, at: int, first: date | None, published: date | None) -> date | None:
    """The morning of "overnight from March 14 into March 15": a night is dated by the day it
    ends on, as "overnight into Friday" is, so that reports of one night agree on its day."""
    join = _SPAN_JOIN.match(text, at)
    if first is None or join is None:
        return None
    lex = _lexicon()
    m = lex.absolute.match(text, join.end())
    if not m:
        return None
    month = lex.months[(m.group("m") or m.group("m2")).lower()]
    second = _with_year(month, int(m.group("d") or m.group("d2")),
                        int(m.group("y")) if m.group("y") else first.year, published)
    return second if second and (second - first).days == 1 else None


_NAME_BEFORE = re.compile(r"\b[A-Z][\w.&-]*[ \t]+$")


def month_names() -> str:
    """The month names and abbreviations of dates.toml as a regex alternation (case as compiled)."""
    return alternation(_lexicon().months)


def weekday_names() -> str:
    """The weekday names of dates.toml as a regex alternation."""
    return alternation(_lexicon().weekdays)


def dates_an_event(text: str, when: When) -> bool:
    """Whether the date WHEN found in TEXT qualifies an event noun right after it ("said the
    January 14 Russian attack killed 41", "Saturday's strike"): the event's day, even inside a
    statement."""
    return when.end >= 0 and _lexicon().names_event.match(text, when.end) is not None


def is_date_phrase(text: str) -> bool:
    """Whether every word of TEXT is a word of dates: "Thursday", "on Monday evening", "last night"."""
    words = _WORD.findall(text.lower())
    return bool(words) and all(w in _lexicon().date_words or w in ("on", "in", "at", "the") for w in words)


STAMP_CHARS = 120
"""Longer lines are prose, never a time stamp (a cheap screen before the word test)."""
_TIME = re.compile(r"\b\d{1,2}[.:]\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)
_CLOCK = re.compile(r"\b\d{1,2}[.:]\d{2}(?:\s*[ap]\.?m\b\.?)?|\b\d{1,2}\s*[ap]\.?m\b\.?|\b\d{1,4}(?:st|nd|rd|th)?\b",
                    re.IGNORECASE)


def is_stamp(text: str) -> bool:
    """Whether TEXT is a time stamp line and nothing more ("January 15 2023, 1.15pm Updated: January
    15 2023, 5.09pm"): when the article was filed, not when anything happened."""
    if len(text) > STAMP_CHARS or _DIGIT.search(text) is None:
        return False
    lex = _lexicon()
    # a time zone's abbreviation ("PKT", "CEST") ends in T; a weekday's is its first three letters
    # a clock time or "Updated" tells a stamp from a heading's date ("May 29, 2022")
    if _TIME.search(text) is None and lex.stamp_mark.search(text) is None:
        return False
    words = _WORD.findall(_ZONE.sub(" ", _CLOCK.sub(" ", text)).lower())
    days = {w for w in words if w in lex.weekdays or any(d.startswith(w) for d in lex.weekdays if len(w) >= 3)}
    return any(w in lex.months or w in days for w in words) and \
        all(w in lex.months or w in days or w in lex.stamp_words for w in words)


_ZONE = re.compile(r"\b[A-Z]{1,4}T\b")
_DIGIT = re.compile(r"\d")


def find_date(text: str, published: date | None) -> When | None:
    """The event date TEXT states or implies, or None when it says nothing about time."""
    lex = _lexicon()
    if lex.date_words.isdisjoint(_WORD.findall(text.lower())):
        return _past_year(text, published)
    m = lex.absolute.search(text)
    if m:
        month = lex.months[(m.group("m") or m.group("m2")).lower()]
        day = int(m.group("d") or m.group("d2"))
        year = int(m.group("y")) if m.group("y") else None
        found = _with_year(month, day, year, published)
        night = _night_span(text, m.end(), found, published)
        if night:
            return When(night, "overnight", m.start(), m.end())
        if found:
            return When(found, "stated", m.start(), m.end())
    m = lex.holiday.search(text)
    if m:
        # "on New Year's Day", "on Christmas Eve": the day of that name before publication
        month, day = lex.holidays[m.group(0).lower().replace("’", "'")]
        found = _with_year(month, day, None, published)
        if found:
            return When(found, "stated", m.start(), m.end())
    if published is not None:
        m = lex.weekday.search(text)
        if m:
            back = (published.weekday() - lex.weekdays[m.group("w").lower()]) % 7
            return When(published - timedelta(days=back), "relative", m.start(), m.end())
        m = lex.weekend.search(text)
        if m:
            back = (published.weekday() - 6) % 7
            return When(published - timedelta(days=back), "relative", m.start(), m.end())
        # (not inside a name: "USA Today", "Russia Today")
        m = next((r for r in lex.relative_re.finditer(text) if not (
            r.group(0)[0].isupper() and _NAME_BEFORE.search(text, 0, r.start()))), None)
        if m:
            phrase = m.group(0).lower()
            days = lex.relative[phrase]
            basis = "overnight" if phrase in ("overnight", "last night", "on the night of", "tonight") else "relative"
            return When(published - timedelta(days=days), basis, m.start(), m.end())
    m = lex.month_year.search(text)
    if m:
        month = lex.months[m.group("m").lower()]
        year = int(m.group("y")) if m.group("y") else None
        if year is None and published is not None:
            year = published.year if month <= published.month else published.year - 1
        if year is not None and (published is None or (year, month) != (published.year, published.month)):
            return When(date(year, month, 1), "background")
    return _past_year(text, published) or (When(None, "background") if lex.background.search(text) else None)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_YEAR_AFTER = re.compile(r"\b(?:in|during|of)\s+$", re.IGNORECASE)


def _past_year(text: str, published: date | None) -> When | None:
    """ "its worst mining disaster came in 2014": an event of an earlier year than publication,
    recalled (dated to its year's first day, as "in May 2014" is to the month's)."""
    if published is None:
        return None
    # the year first: digits are rarer than "in" and "of"
    m = next((m for m in _YEAR.finditer(text) if int(m.group(0)) < published.year and
              _YEAR_AFTER.search(text, max(m.start() - 8, 0), m.start())), None)
    return When(date(int(m.group(0)), 1, 1), "background", m.start(), m.end()) if m else None
