"""The renderer interface: a Report in, text out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator

from ..models import Report


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
