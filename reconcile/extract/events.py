"""Which event a sentence reports: "the collapse", "Hurricane Maria", "the demolition".

A report of a lasting event (a collapse, an earthquake, a storm) may come days or months after it
struck; the matcher joins such reports to the incident of the day it struck. The event kinds are
data (``[[event]]`` in the disaster pack); conflict reporting has none of its own, so an article
that speaks the conflict pack's words records no event ("the building collapsed after the
strike" is part of the strike).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicons import events_table
from ..patterns import alternation


@dataclass(frozen=True)
class EventKind:
    kind: str
    pattern: re.Pattern
    named: re.Pattern | None
    lasting: bool
    lasting_days: int
    wide: bool = False
    """Strikes many regions at once (an earthquake, a storm), not one place (a fire, a collapse)."""


def _alt(words, ignorecase: bool = True) -> str:
    return alternation(set(words), ignorecase)


@cache
def event_kinds(packs: tuple[str, ...] | None = None) -> tuple[EventKind, ...]:
    out = []
    for row in events_table(packs).get("event", []):
        named = rf"\b(?:{_alt(row['named'], ignorecase=False)})\s+(?P<name>[A-Z][a-z]+)\b" if row.get("named") else None
        out.append(EventKind(row["kind"], re.compile(rf"(?<![\w-])(?:{_alt(row['words'])})(?![\w-])", re.IGNORECASE),
                             re.compile(named) if named else None, bool(row.get("lasting")),
                             int(row.get("lasting_days", 0)), bool(row.get("wide"))))
    return tuple(out)


def lasting_days(event: str, packs: tuple[str, ...] | None = None) -> int:
    """How many days after it struck a report of EVENT ("storm:maria") still belongs to it."""
    kind = event.split(":")[0]
    return next((k.lasting_days for k in event_kinds(packs) if k.kind == kind), 0)


def spans_regions(event: str, packs: tuple[str, ...] | None = None) -> bool:
    """Whether EVENT ("earthquake", "storm:maria") strikes many regions of a country at once."""
    kind = event.split(":")[0]
    return any(k.wide for k in event_kinds(packs) if k.kind == kind)


def find_event(text: str, packs: tuple[str, ...] | None = None) -> tuple[str, bool] | None:
    """The event TEXT names first: (key, lasting), the key a kind or "kind:name" ("storm:maria")."""
    best = None
    for kind in event_kinds(packs):
        m = kind.pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            name = kind.named.search(text) if kind.named else None
            key = f"{kind.kind}:{name.group('name').lower()}" if name else kind.kind
            best = (m.start() if not name else min(m.start(), name.start()), key, kind.lasting)
    return (best[1], best[2]) if best else None


def same_event(a: str, b: str) -> bool:
    """Whether two event keys can name one event: one kind, and no two different names."""
    kind_a, _, name_a = a.partition(":")
    kind_b, _, name_b = b.partition(":")
    return kind_a == kind_b and (not name_a or not name_b or name_a == name_b)


class Events:
    """The event of each sentence of one article: its own, else its paragraph's, else the article's
    lasting event (the first one it names, the title included)."""

    def __init__(self, title: str | None, body: str, packs: tuple[str, ...]):
        self.packs = packs
        self.active = "disaster" in packs and "conflict" not in packs
        self.paragraph = -1
        self.current: str | None = None
        self.article: str | None = None
        if self.active:
            for text in (title or "", body):
                found = self._lasting_in(text)
                if found:
                    self.article = found
                    break

    def _lasting_in(self, text: str) -> str | None:
        for line in text.splitlines():
            found = find_event(line, self.packs)
            if found and found[1]:
                return found[0]
        return None

    def event_for(self, text: str, paragraph: int) -> str | None:
        """The lasting event the sentence TEXT (in PARAGRAPH) reports, or None."""
        if not self.active:
            return None
        if paragraph != self.paragraph:
            self.paragraph, self.current = paragraph, None
        found = find_event(text, self.packs)
        if found:
            # a demolition or an aftershock is an event of its own day: it names no lasting event
            self.current = found[0] if found[1] else ""
        if self.current is not None:
            return self.current or None
        return self.article


__all__ = ["Events", "event_kinds", "find_event", "lasting_days", "same_event", "spans_regions"]
