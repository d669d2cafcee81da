"""The renderer interface: a Report in, text out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from datetime import date

from ..models import Incident, Report


class Renderer(ABC):
    """Turns a Report into the text of one output format."""

    @abstractmethod
    def render(self, report: Report) -> str:
        """The whole report as text."""

    def chunks(self, report: Report) -> Iterator[str]:
        """The text of `render` in pieces, for writing as it is made (one piece unless overridden)."""
        yield self.render(report)


def sorted_findings(report: Report, first: tuple[str, ...] = ("contradiction", "revision", "agreement",
                                                               "unverified", "unsourced")):
    """Findings in reading order: contradictions first, then by incident and claims."""
    order = {kind: i for i, kind in enumerate(first)}
    return sorted(report.findings, key=lambda f: (order.get(f.kind.value, 99), f.incident or "", f.action or "",
                                                  f.object or "", f.claims))


SORTS = ("grade", "date", "findings")
"""Orders of the incidents in `report` and `incidents`; "grade" (contested first) is the default."""


def sorted_incidents(report: Report, sort: str = "grade") -> list[Incident]:
    """REPORT's incidents in the order SORT names, for triage.

    grade: contested first (most contradictions first), then weak, fair and confirmed, each with
    the most findings first; date: by incident date; findings: the most findings first. Ties go
    by date, then id.
    """
    from collections import Counter

    from .words import grade_rank

    if sort not in SORTS:
        raise ValueError(f"unknown sort '{sort}' (one of {', '.join(SORTS)})")
    every = Counter(f.incident for f in report.findings)
    contradictions = Counter(f.incident for f in report.findings if f.kind.value == "contradiction")

    def key(incident: Incident) -> tuple:
        when = (incident.date or date.max, incident.id)
        if sort == "date":
            return when
        if sort == "findings":
            return (-every[incident.id], *when)
        return (grade_rank(incident.grade), -contradictions[incident.id], -every[incident.id], *when)

    return sorted(report.incidents, key=key)
