"""Rich tables for a fact-checker at a terminal: `report`, `incidents`, `show ID`, `sources` and `claims`.

Untrusted strings reach rich only as `Text` objects (never parsed as markup) after `safe_text`
(no escape sequences or control characters), so an article cannot restyle or hijack the terminal.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections import Counter
from collections.abc import Iterable
from datetime import date

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from ..errors import ReconcileError
from ..models import Claim, Finding, FindingKind, Incident, Report
from .base import Renderer, sorted_findings
from .text import claim_figure, clip, day, num, parts_text, safe_text, scope_note, source_order, what

KIND_STYLES = {
    FindingKind.contradiction: "bold red",
    FindingKind.revision: "yellow",
    FindingKind.agreement: "green",
    FindingKind.unverified: "magenta",
    FindingKind.unsourced: "dim",
}
GRADE_STYLES = {"contested": "bold red", "confirmed": "green", "fair": "yellow", "weak": "dim"}
# Kinds in reading order, as the overview counts them
KINDS = tuple(KIND_STYLES)
QUOTE_LIMIT = 160
"""Quotes in the report tables are cut to this many characters; `show` prints them whole."""
UNTIED = "Not tied to an incident"


def use_color(stream=None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org)."""
    stream = sys.stdout if stream is None else stream
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def t(s: str | None, style: str = "") -> Text:
    """Untrusted S as a Text: sanitised, and never parsed as rich markup."""
    return Text(safe_text(s), style=style)


class TerminalRenderer(Renderer):
    """Rich tables, in colour on a terminal and plain text (no ANSI codes at all) elsewhere."""

    def __init__(self, color: bool | None = None, width: int | None = None):
        """
        Args:
            color: force colour on or off; None decides from stdout being a terminal and NO_COLOR.
            width: columns to lay out for; None means the terminal width, or 120 off a terminal.
        """
        self.color = use_color() if color is None else color
        if width is None:
            width = shutil.get_terminal_size((120, 24)).columns if sys.stdout.isatty() else 120
        self.width = width

    # -- public commands

    def render(self, report: Report) -> str:
        """See `Renderer.render`: the overview, then each incident's findings, contradictions first."""
        view = _View(report)
        console, out = self._console()
        scope = [_many(len(report.sources), "source"), _many(len(report.incidents), "incident"),
                 _many(len(report.claims), "claim"), _many(len(report.findings), "finding")]
        console.print(Text(" · ".join(scope), style="bold"))
        console.print(self._overview(view))
        for incident in view.incidents:
            console.print()
            console.rule(_incident_title(incident), align="left", style="dim")
            for line in _figure_lines(incident):
                console.print(line)
            findings = view.findings_of(incident.id)
            console.print(self._findings_table(view, findings, QUOTE_LIMIT) if findings
                          else Text("No findings.", "dim"))
        untied = view.untied_findings()
        if untied:
            console.print()
            console.rule(Text(UNTIED, style="bold"), align="left", style="dim")
            console.print(self._findings_table(view, untied, QUOTE_LIMIT))
        return _finish(out)

    def render_incidents(self, report: Report) -> str:
        """One row per incident: id, date, places, grade, sources, claims and findings by kind."""
        console, out = self._console()
        console.print(self._overview(_View(report)))
        return _finish(out)

    def render_incident(self, report: Report, incident_id: str, why: bool = False) -> str:
        """One incident in full: figures, every claim with its quote, findings, and with WHY the evidence."""
        view = _View(report)
        incident = view.incident_by_id.get(incident_id)
        if incident is None:
            raise ReconcileError(f"no incident '{incident_id}' (see `reconcile incidents`)")
        console, out = self._console()
        console.rule(_incident_title(incident), align="left", style="dim")
        console.print(Text.assemble(("id: ", "dim"), t(incident.id),
                                    ("  places: ", "dim"), t(", ".join(incident.places) or "—"),
                                    ("  sources: ", "dim"), str(len(incident.sources))))
        if incident.summary:
            console.print(_summary_table(incident, view.claims))
        console.print(self._claims_table(view, view.claims_of(incident)))
        findings = view.findings_of(incident.id)
        console.print(self._findings_table(view, findings, None) if findings else Text("No findings.", "dim"))
        if why:
            console.print(Text("Why these claims joined", style="bold"))
            for line in incident.evidence or ["(no evidence recorded)"]:
                console.print(Text("  • ") + t(line))
        return _finish(out)

    def render_sources(self, report: Report) -> str:
        """The loaded sources: id, outlet, published, party, number of claims and path."""
        counts = Counter(c.source for c in report.claims)
        table = Table(title="Sources", title_justify="left", box=box.SIMPLE_HEAD)
        for name, justify in (("id", "left"), ("outlet", "left"), ("published", "left"),
                              ("party", "left"), ("claims", "right"), ("path", "left")):
            table.add_column(name, justify=justify, overflow="fold")
        for source in sorted(report.sources, key=source_order):
            table.add_row(t(source.id), t(source.outlet), day(source.published_at or source.published),
                          t(source.party or "—"), str(counts[source.id]), t(source.path))
        console, out = self._console()
        console.print(table if report.sources else Text("No sources.", "dim"))
        return _finish(out)

    def render_claims(self, report: Report) -> str:
        """Every claim in reading order: id, who, outlet and date, figure and hedge, and the quote."""
        view = _View(report)
        console, out = self._console()
        console.print(self._claims_table(view, view.in_reading_order(report.claims)))
        return _finish(out)

    # -- pieces

    def _console(self) -> tuple[Console, io.StringIO]:
        """A console writing to a buffer: ANSI styles only when colour is on, never markup in data."""
        out = io.StringIO()
        console = Console(
            file=out, width=self.width, force_terminal=self.color,
            color_system="auto" if self.color else None,
            # An explicit color=True wins over NO_COLOR, as the convention allows
            no_color=not self.color, highlight=False, emoji=False, markup=False,
            legacy_windows=False, soft_wrap=False,
        )
        return console, out

    def _overview(self, view: _View) -> RenderableType:
        if not view.incidents:
            return Text("No incidents.", "dim")
        table = Table(title="Incidents", title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("id", overflow="fold")
        table.add_column("date", no_wrap=True)
        table.add_column("places", overflow="fold")
        table.add_column("grade")
        table.add_column("sources", justify="right")
        table.add_column("claims", justify="right")
        table.add_column("findings")
        for incident in view.incidents:
            counts = Counter(f.kind for f in view.findings_of(incident.id))
            table.add_row(t(incident.id), day(incident.date), t(", ".join(incident.places) or "—"),
                          _grade(incident.grade), str(len(incident.sources)),
                          str(len(view.claims_of(incident))), _counts(counts))
        untied = view.untied_findings()
        if untied:
            table.caption = f"{_many(len(untied), 'finding')} not tied to an incident"
            table.caption_justify = "left"
        return table

    def _findings_table(self, view: _View, findings: Iterable[Finding], limit: int | None) -> Table:
        """One row per claim of each finding; the kind and reason on its first row."""
        # Rich sizes columns by their content; capping the reason leaves most of the width to the quote
        table = Table(box=box.SIMPLE)
        table.add_column("kind", no_wrap=True)
        table.add_column("what", overflow="fold")
        table.add_column("who, outlet, date", overflow="fold")
        table.add_column("quote", overflow="fold")
        table.add_column("reason", max_width=24, overflow="fold")  # leave the width to the quote
        for finding in findings:
            claims = [view.claims[c] for c in finding.claims if c in view.claims]
            kind = Text(finding.kind.value, style=KIND_STYLES[finding.kind])
            if finding.kind is FindingKind.agreement and finding.independent is not None:
                kind.append("\nindependent" if finding.independent else "\nsame party", style="dim")
            reason = t(finding.reason or finding.summary)
            if not claims:  # the finding names claims this report does not carry
                table.add_row(kind, t(what(finding.action, finding.object)), "—",
                              t(finding.summary), reason, end_section=True)
                continue
            for i, claim in enumerate(claims):
                first, last = i == 0, i == len(claims) - 1
                table.add_row(kind if first else "", _claim_what(claim), view.attribution(claim),
                              _quote(claim, limit), reason if first else "", end_section=last)
        return table

    def _claims_table(self, view: _View, claims: list[Claim]) -> RenderableType:
        if not claims:
            return Text("No claims.", "dim")
        # Figure and hedge share the "what" cell so the quote keeps a readable width
        table = Table(title="Claims", title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column("id", max_width=24, overflow="fold")
        table.add_column("who, outlet, date", overflow="fold")
        table.add_column("what, figure, hedge", max_width=24, overflow="fold")
        table.add_column("quote", overflow="fold")
        for claim in claims:
            table.add_row(t(claim.id, "dim"), view.attribution(claim), _claim_what(claim),
                          _quote(claim, None))
        return table


class ClaimsTableRenderer(TerminalRenderer):
    """`reconcile claims`: see `TerminalRenderer.render_claims`."""

    def render(self, report: Report) -> str:
        return self.render_claims(report)


class _View:
    """Indexes over one report, and the orders things are shown in."""

    def __init__(self, report: Report):
        self.claims = report.claim_index()
        self.sources = report.source_index()
        self.incidents = sorted(report.incidents, key=lambda i: (i.date or date.max, i.id))
        self.incident_by_id = {i.id: i for i in report.incidents}
        # Grouped once: a report may hold many thousands of claims and incidents
        self._claims_by_incident: dict[str, set[str]] = {}
        for claim in report.claims:
            if claim.incident is not None:
                self._claims_by_incident.setdefault(claim.incident, set()).add(claim.id)
        self._findings: dict[str | None, list[Finding]] = {}
        for finding in sorted_findings(report):
            key = finding.incident if finding.incident in self.incident_by_id else None
            self._findings.setdefault(key, []).append(finding)

    def findings_of(self, incident_id: str) -> list[Finding]:
        return self._findings.get(incident_id, [])

    def untied_findings(self) -> list[Finding]:
        """Findings with no incident, or with one this report does not carry."""
        return self._findings.get(None, [])

    def claims_of(self, incident: Incident) -> list[Claim]:
        """The incident's claims in the order they were reported."""
        ids = set(incident.claims) | self._claims_by_incident.get(incident.id, set())
        return self.in_reading_order(self.claims[c] for c in ids if c in self.claims)

    def in_reading_order(self, claims: Iterable[Claim]) -> list[Claim]:
        """CLAIMS by their source's publication, then by where they stand in it."""
        return sorted(claims, key=self._claim_order)

    def _claim_order(self, claim: Claim) -> tuple:
        source = self.sources.get(claim.source)
        where = source_order(source) if source else (True, date.max, "", claim.source)
        return (where, claim.start or 0, claim.id)

    def outlet(self, claim: Claim) -> Text:
        source = self.sources.get(claim.source)
        if source is None:
            return t(f"{claim.source} (not loaded)", "dim")
        return t(source.outlet)

    def reported(self, claim: Claim) -> str:
        source = self.sources.get(claim.source)
        return day(source.published_at or source.published) if source else "—"

    def attribution(self, claim: Claim) -> Text:
        """Speaker and party, then the outlet and the date it published the claim, one per line."""
        return Text.assemble(_who(claim), "\n", self.outlet(claim), "\n", (self.reported(claim), "dim"))


def _many(n: int, noun: str) -> str:
    """ "1 source", "2 sources"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _finish(out: io.StringIO) -> str:
    """The captured text without the padding rich leaves at line ends, nor double blank lines."""
    lines = [line.rstrip(" ") for line in out.getvalue().splitlines()]
    # Tables end in a blank line and sections start with one; keep one of the two
    kept = [line for i, line in enumerate(lines) if line or i == 0 or lines[i - 1]]
    return "".join(line + "\n" for line in kept)


def _incident_title(incident: Incident) -> Text:
    title = Text.assemble(t(incident.label, "bold"), ("  ", ""), (day(incident.date), "dim"))
    title.append("  grade: ", style="dim")
    title.append_text(_grade(incident.grade))
    return title


def _grade(grade: str | None) -> Text:
    return t(grade or "—", GRADE_STYLES.get(grade or "", ""))


def _figure_lines(incident: Incident) -> list[Text]:
    """One line per figure of the incident: low, best and high across origins."""
    lines = []
    for fig in incident.summary:
        line = Text("  ") + t(what(fig.action, fig.object), "bold")
        line.append(f": low {num(fig.low)} · best {num(fig.best)} · "
                    f"high {'∞' if fig.high is None else num(fig.high)}")
        line.append(f"  ({fig.origins} origin{'s' if fig.origins != 1 else ''})", style="dim")
        lines.append(line)
    return lines


def _summary_table(incident: Incident, claims: dict[str, Claim]) -> Table:
    """Low, best and high per figure and scope; a total shows its parts beside it."""
    table = Table(title="Figures", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("what")
    table.add_column("scope")
    for name in ("low", "best", "high", "conservative", "origins"):
        table.add_column(name, justify="right")
    table.add_column("parts", overflow="fold")
    for fig in incident.summary:
        parts = parts_text([claims[c] for c in fig.parts if c in claims])
        table.add_row(t(what(fig.action, fig.object)), t(fig.scope, "dim"), num(fig.low), num(fig.best),
                      "∞" if fig.high is None else num(fig.high), num(fig.conservative), str(fig.origins),
                      t(parts or "—", "dim"))
    return table


def _counts(counts: Counter) -> Text:
    """Finding counts by kind, in reading order and coloured: "1 contradiction, 2 agreements"."""
    parts = [Text(kind_count(k, counts[k]), style=KIND_STYLES[k]) for k in KINDS if counts[k]]
    return Text(", ").join(parts) if parts else Text("—", "dim")


def kind_count(kind: FindingKind, n: int) -> str:
    """ "2 contradictions", "1 revision", "3 unverified" (the adjectives take no plural)."""
    plural = n != 1 and kind not in (FindingKind.unverified, FindingKind.unsourced)
    return f"{n} {kind.value}{'s' if plural else ''}"


def _claim_what(claim: Claim) -> Text:
    """Action, object and figure: "killed people 14"."""
    text = t(what(claim.action, claim.object))
    text.append(" ")
    text.append_text(t(claim_figure(claim), "bold"))
    if scope_note(claim):
        text.append_text(t(scope_note(claim), "cyan"))
    if claim.hedge:
        text.append_text(t(f" ({claim.hedge})", "magenta"))
    return text


def _who(claim: Claim) -> Text:
    """The speaker and party; the outlet's own voice or the vague attribution when there is none."""
    if claim.speaker and not claim.vague:
        who = t(claim.speaker)
    elif claim.vague and claim.speaker_text:
        who = t(f"“{claim.speaker_text}” (vague)", "dim")
    else:
        who = Text("— (outlet's own voice)", "dim")
    if claim.party:
        who.append("\n")
        who.append_text(t(claim.party, "dim"))
    return who


def _quote(claim: Claim, limit: int | None) -> Text:
    return t(f"“{clip(claim.quote, limit)}”", "italic")
