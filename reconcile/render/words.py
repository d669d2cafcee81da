"""Words for readers in place of internal names: categories, parties, grades and reason terms.

The table is reconcile/data/words.toml; a name it lacks reads with its "_" and "-" as spaces.
"""

from __future__ import annotations

import re
from functools import cache

from ..lexicons import read_table

# "[2658, 3290]", "[64, 64]", "[4, ∞]": the intervals a finding's reason cites
_INTERVAL = re.compile(r"\[(-?[\d.]+), (-?[\d.]+|∞)\]")
# "russia-official", "storm_category": names joined by "-" or "_", replaced when the table has them
_JOINED = re.compile(r"\b[a-z]+(?:[-_][a-z]+)+\b")


@cache
def _table() -> dict:
    return read_table("words")


@cache
def _reason_pattern() -> tuple[re.Pattern | None, dict[str, str]]:
    terms = _table().get("reason", {})
    if not terms:
        return None, {}
    ordered = sorted(terms, key=len, reverse=True)  # the longest term wins where two overlap
    return re.compile("|".join(re.escape(term) for term in ordered)), terms


def grades() -> dict[str, str]:
    """Each grade's meaning, in triage order (contested first)."""
    return {row["name"]: row["meaning"] for row in _table().get("grade", [])}


def grade_rank(grade: str | None) -> int:
    """A grade's place in triage order; an unknown or missing grade last."""
    order = list(grades())
    return order.index(grade) if grade in order else len(order)


def word(name: str | None) -> str:
    """NAME as words: "storm_category" → "storm category", "russia-official" → "Russian officials"."""
    if not name:
        return ""
    known = _table().get("names", {}).get(name)
    return known if known is not None else name.replace("_", " ").replace("-", " ")


def what_words(action: str | None, obj: str | None) -> str:
    """An action and object in words: "killed people", "storm category"."""
    return " ".join(word(w) for w in (action, obj) if w) or "—"


def _interval(match: re.Match) -> str:
    low, high = match.group(1), match.group(2)
    if high == "∞":
        return f"{low} or more"
    return low if low == high else f"{low}–{high}"


def reason_words(reason: str | None) -> str:
    """A finding's reason with its terms in words and its intervals as figures ("[64, 64]" → "64")."""
    if not reason:
        return ""
    pattern, terms = _reason_pattern()
    if pattern is not None:
        reason = pattern.sub(lambda m: terms[m.group()], reason)
    names = _table().get("names", {})
    reason = _JOINED.sub(lambda m: names.get(m.group(), m.group()), reason)
    return _INTERVAL.sub(_interval, reason)


def label_words(label: str) -> str:
    """An incident label with the names after its colon in words: "X, 2017-09-20: killed, storm category"."""
    head, colon, names = label.partition(": ")
    if not colon:
        return label
    return f"{head}: {', '.join(word(n.strip()) for n in names.split(','))}"
