"""Rich tables for a fact-checker at a terminal: `report`, `incidents`, `show ID`, `sources` and `claims`.

Untrusted strings reach rich only as `Text` objects (never parsed as markup) after `safe_text`
(no escape sequences or control characters), so an article cannot restyle or hijack the terminal.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rich import box
from rich.cells import cell_len
from rich.color import ColorSystem
from rich.console import Console, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from ..errors import ReconcileError
from ..models import Claim, Finding, FindingKind, Incident, Report
from ..perf import fewer_collections
from .base import Renderer, sorted_findings, sorted_incidents
from .text import claim_figure, day, num, parts_text, quote_window, safe_text, scope_note, source_order, what
from .words import grades, label_words

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
Segment = tuple[str, str]
"""Text, made safe, and its style ("" for none)."""
Cell = list[list[Segment]]
"""A table cell as lines of segments."""


COMPACT_BELOW = 100
"""Under this many columns the report is laid out as a list, not as wide tables."""
COLORS = ("auto", "always", "never")


def use_color(stream=None, mode: str = "auto") -> bool:
    """Whether to colour: MODE "always" or "never" as asked; "auto" colours on a terminal.

    With "auto", NO_COLOR set to anything turns colour off (https://no-color.org) and FORCE_COLOR
    set to anything but "0" turns it on even when the output is piped (https://force-color.org).
    """
    if mode in ("always", "never"):
        return mode == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    stream = sys.stdout if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def terminal_width(stream=None) -> int:
    """COLUMNS when it is set (piped or not), else the terminal's width, else 120 off a terminal."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    stream = sys.stdout if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    if isatty and isatty():
        return shutil.get_terminal_size((120, 24)).columns
    return 120


def t(s: str | None, style: str = "") -> Text:
    """Untrusted S as a Text: sanitised, and never parsed as rich markup."""
    return Text(safe_text(s), style=style)


class TerminalRenderer(Renderer):
    """Rich tables, in colour on a terminal and plain text (no ANSI codes at all) elsewhere."""

    def __init__(self, color: bool | None = None, width: int | None = None, sort: str = "grade"):
        """
        Args:
            color: force colour on or off; None decides by `use_color` (terminal, NO_COLOR, FORCE_COLOR).
            width: columns to lay out for; None means `terminal_width` (COLUMNS, the terminal, or 120).
            sort: the order of the incidents, one of `base.SORTS` (default: contested first).
        """
        self.color = use_color() if color is None else color
        self.width = terminal_width() if width is None else width
        self.sort = sort

    @property
    def compact(self) -> bool:
        return self.width < COMPACT_BELOW

    # -- public commands

    @fewer_collections
    def render(self, report: Report) -> str:
        """See `Renderer.render`: the overview, then each incident's findings, contradictions first.

        The overview and the findings tables are laid out by `_Grid`, not by rich's Table: a report
        of thousands of incidents would otherwise spend seconds measuring cells (docs/performance.md).
        """
        view = _View(report, self.sort)
        console, _ = self._console()
        lines = _Lines(self.width, self.color, console)
        scope = [_many(len(report.sources), "source"), _many(len(report.incidents), "incident"),
                 _many(len(report.claims), "claim"), _many(len(report.findings), "finding")]
        lines.text(Text(" · ".join(scope), style="bold"))
        lines.add(self._overview(view))
        _legend(lines, view.incidents)
        for incident in view.incidents:
            lines.blank()
            lines.rule(_incident_title(incident))
            lines.text(_incident_line(incident, len(view.claims_of(incident))))
            for line in _figure_lines(incident):
                lines.text(line)
            self._findings(lines, view, view.findings_of(incident.id), QUOTE_LIMIT)
        untied = view.untied_findings()
        if untied:
            lines.blank()
            lines.rule(Text(UNTIED, style="bold"))
            self._findings(lines, view, untied, QUOTE_LIMIT)
        return _finish_lines(lines.out)

    def _findings(self, lines: _Lines, view: _View, findings: list[Finding], limit: int | None) -> None:
        """FINDINGS as a table, or under COMPACT_BELOW columns as a list."""
        if not findings:
            lines.text(Text("No findings.", "dim"))
        elif self.compact:
            _findings_list(lines, view, findings, limit)
        else:
            lines.add(self._findings_table(view, findings, limit))

    @fewer_collections
    def render_incidents(self, report: Report) -> str:
        """One row per incident: id, date, places, grade, sources, claims and findings by kind."""
        console, _ = self._console()
        lines = _Lines(self.width, self.color, console)
        view = _View(report, self.sort)
        lines.add(self._overview(view))
        _legend(lines, view.incidents)
        return _finish_lines(lines.out)

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
        lines = _Lines(self.width, self.color, console)
        if self.compact and view.claims_of(incident):
            lines.text(Text("Claims", style="italic"))
            _claims_list(lines, view, view.claims_of(incident))
            lines.blank()
        else:
            console.print(self._claims_table(view, view.claims_of(incident)))
        self._findings(lines, view, view.findings_of(incident.id), None)
        out.write(lines.value())
        if why:
            console.print(Text("Why these claims joined", style="bold"))
            console.print(_why_list(incident, view.claims_of(incident)))
        return _finish(out)

    def render_sources(self, report: Report) -> str:
        """The loaded sources: id, outlet, published, party, number of claims and path."""
        counts = Counter(c.source for c in report.claims)
        table = Table(title="Sources", title_justify="left", box=box.SIMPLE_HEAD)
        for name, justify in (("id", "left"), ("outlet", "left"), ("published", "left"),
                              ("party", "left"), ("claims", "right"), ("path", "left")):
            # an id is kept whole, to be copied; the other columns wrap round it
            longest = max((cell_len(safe_text(s.id)) for s in report.sources), default=2)
            table.add_column(name, justify=justify, overflow="fold", no_wrap=name == "id",
                             min_width=longest if name == "id" else None)
        for source in sorted(report.sources, key=source_order):
            table.add_row(t(source.id), t(source.outlet), day(source.published_at or source.published),
                          t(source.party or "—"), str(counts[source.id]), t(source.path))
        console, out = self._console()
        console.print(table if report.sources else Text("No sources.", "dim"))
        return _finish(out)

    def render_claims(self, report: Report) -> str:
        """Every claim in reading order: id, who, outlet and date, figure and hedge, the quote and its incident."""
        view = _View(report)
        console, out = self._console()
        console.print(self._claims_table(view, view.in_reading_order(report.claims), incident=True))
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

    def _overview(self, view: _View) -> _Grid | Text:
        """The incidents table: columns sized to the content, fewer of them on a narrow terminal."""
        if not view.incidents:
            return Text("No incidents.", "dim")
        # the date column only when some id does not already end with its date
        dated = not self.compact and any(not i.id.endswith(day(i.date)) for i in view.incidents)
        table = _Grid(title="Incidents", head_rule=True)
        table.column("id", no_wrap=True)  # whole, to be copied into `reconcile show`
        if dated:
            table.column("date", no_wrap=True)
        if not self.compact:  # narrow: places and counts are in each incident's section
            table.column("places", max_width=24)  # the findings need the width more
        table.column("grade")
        if not self.compact:
            table.column("sources", right=True)
            table.column("claims", right=True)
        table.column("findings", grow=True)
        for incident in view.incidents:
            counts = Counter(f.kind for f in view.findings_of(incident.id))
            grade = [[(safe_text(incident.grade or "—"), GRADE_STYLES.get(incident.grade or "", ""))]]
            if self.compact:
                table.row(safe_text(incident.id), grade, _counts_cell(counts))
                continue
            when = [day(incident.date)] if dated else []
            table.row(safe_text(incident.id), *when, safe_text(", ".join(incident.places) or "—"),
                      grade, str(len(incident.sources)), str(len(view.claims_of(incident))), _counts_cell(counts))
        untied = view.untied_findings()
        if untied:
            table.caption = f"{_many(len(untied), 'finding')} not tied to an incident"
        return table

    def _findings_table(self, view: _View, findings: Iterable[Finding], limit: int | None) -> _Grid:
        """One row per claim of each finding, the kind on its first; the reason below, full width."""
        table = _Grid(head_rule=True)
        table.column("kind", no_wrap=True)
        table.column("what", max_width=22)
        table.column("who, outlet, date")
        table.column("quote", grow=True)  # the quote takes what the others leave
        for finding in findings:
            claims = [view.claims[c] for c in finding.claims if c in view.claims]
            if not claims:  # the finding names claims this report does not carry
                table.row(_kind_cell(finding), t(what(finding.action, finding.object)), "—", t(finding.summary))
            for i, claim in enumerate(claims):
                table.row(_kind_cell(finding) if i == 0 else "", _claim_what_cell(claim),
                          view.attribution_cell(claim), _quote_cell(claim, limit))
            # a reason cites every claim: under the rows, as wide as the table, not a narrow column
            table.note([("why: ", "dim"), (safe_text(finding.reason or finding.summary), "")], end_section=True)
        return table

    def _claims_table(self, view: _View, claims: list[Claim], incident: bool = False) -> RenderableType:
        """The CLAIMS, one row each; with INCIDENT a last column names the incident of each."""
        if not claims:
            return Text("No claims.", "dim")
        # Figure and hedge share the "what" cell so the quote keeps a readable width
        table = Table(title="Claims", title_justify="left", box=box.SIMPLE_HEAD)
        # ids whole, to be copied into claims.toml or a search; the other columns wrap round them
        table.add_column("id", no_wrap=True, min_width=max(cell_len(safe_text(c.id)) for c in claims))
        table.add_column("who, outlet, date", overflow="fold")
        table.add_column("what, figure, hedge", max_width=24, overflow="fold")
        table.add_column("quote", overflow="fold")
        if incident:
            # as wide as the longest id up to 30 columns, so an id is not folded when there is room
            longest = max((len(c.incident or "") for c in claims), default=1)
            table.add_column("incident", min_width=min(longest, 30), max_width=30, overflow="fold")
        for claim in claims:
            cells = [t(claim.id, "dim"), view.attribution(claim), _claim_what(claim), _quote(claim, None)]
            if incident:
                cells.append(t(claim.incident or "—"))
            table.add_row(*cells)
        return table


class ClaimsTableRenderer(TerminalRenderer):
    """`reconcile claims`: see `TerminalRenderer.render_claims`."""

    def render(self, report: Report) -> str:
        return self.render_claims(report)


def _why_list(incident: Incident, claims: list[Claim]) -> Table:
    """Each claim with the matching step that joined it; wrapped lines hang under their text.

    A claim no step names is one the incident grew from (the first, in reading order) or one that
    came with a group whose step is listed on its own (an area joining another).
    """
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column(overflow="fold")
    # A step reads "<claim id>: ..."; ids have no spaces but may have colons (extracted ones do)
    named = {line.split(": ", 1)[0] for line in incident.evidence}
    first = True
    for claim in claims:
        if claim.id in named:
            continue
        where = ", ".join(claim.places) or "no place"
        when = day(claim.event_date) if claim.event_date else "no date"
        step = "the incident starts from it" if first else "joined with its place and date; no step of its own"
        grid.add_row("•", t(f"{claim.id}: {where}; {when}: {step}"))
        first = False
    for line in incident.evidence:
        grid.add_row("•", t(line))
    if not claims and not incident.evidence:
        grid.add_row("•", t("(no evidence recorded)"))
    return grid


class _View:
    """Indexes over one report, and the orders things are shown in."""

    def __init__(self, report: Report, sort: str = "grade"):
        self.claims = report.claim_index()
        self.sources = report.source_index()
        self.incidents = sorted_incidents(report, sort)
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
        return _as_text(self.attribution_cell(claim))

    def attribution_cell(self, claim: Claim) -> Cell:
        """See `attribution`."""
        source = self.sources.get(claim.source)
        outlet = [(safe_text(source.outlet), "")] if source else [(safe_text(f"{claim.source} (not loaded)"), "dim")]
        return [*_who_cell(claim), outlet, [(self.reported(claim), "dim")]]


def _many(n: int, noun: str) -> str:
    """ "1 source", "2 sources"."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _finish(out: io.StringIO) -> str:
    """The captured text without the padding rich leaves at line ends, nor double blank lines."""
    return _finish_lines(out.getvalue().splitlines())


def _finish_lines(lines: list[str]) -> str:
    """See `_finish`."""
    lines = [line.rstrip(" ") for line in lines]
    # Tables end in a blank line and sections start with one; keep one of the two
    kept = [line for i, line in enumerate(lines) if line or i == 0 or lines[i - 1]]
    return "".join(line + "\n" for line in kept)


def _incident_title(incident: Incident) -> Text:
    """The label in words and the grade; the id goes on the line below, where it is never cut."""
    title = Text.assemble(t(label_words(incident.label), "bold"))
    title.append("  grade: ", style="dim")
    title.append_text(_grade(incident.grade))
    return title


def _incident_line(incident: Incident, claims: int) -> Text:
    """ "id: puerto-rico-2017-09-20 · 3 sources · 6 claims", the id whole to be copied."""
    return Text.assemble(("  id: ", "dim"), t(incident.id), (f" · {_many(len(incident.sources), 'source')}"
                                                             f" · {_many(claims, 'claim')}", "dim"))


def _legend(lines: _Lines, incidents: list[Incident]) -> None:
    """What the grades shown mean, one line each (docs/grades.md)."""
    shown = {i.grade for i in incidents}
    meanings = [(grade, meaning) for grade, meaning in grades().items() if grade in shown]
    if not meanings:
        return
    for grade, meaning in meanings:
        lines.hang([(grade, GRADE_STYLES.get(grade, "")), (f": {meaning}", "dim")], 2, 4)


def _kind_cell(finding: Finding) -> Cell:
    kind: Cell = [[(finding.kind.value, KIND_STYLES[finding.kind])]]
    if finding.kind is FindingKind.agreement and finding.independent is not None:
        kind.append([("independent" if finding.independent else "same party", "dim")])
    return kind


def _said_line(view: _View, claim: Claim, bare: bool = False) -> list[Segment]:
    """ "64 · Government of Puerto Rico, official, Caribbean Health Review, 2018-05-29"."""
    who = [seg for line in view.attribution_cell(claim) for seg in [("", "")] + line][1:]
    said = [*_claim_what_cell(claim, bare=bare)[0], (" · ", "dim")]
    return said + [seg if seg[0] else (", ", "dim") for seg in who]


def _claims_list(lines: _Lines, view: _View, claims: list[Claim]) -> None:
    """`show`'s claims on a narrow terminal: the id whole, what was said by whom, the quote whole."""
    for claim in claims:
        lines.blank()
        lines.hang([(safe_text(claim.id), "dim")], 2, 2)
        lines.hang(_said_line(view, claim), 4, 6)
        lines.hang(_quote_cell(claim, None)[0], 6, 6)


def _findings_list(lines: _Lines, view: _View, findings: list[Finding], limit: int | None) -> None:
    """Findings for a narrow terminal: the kind and what, each claim with its quote below, the reason."""
    for finding in findings:
        lines.blank()
        head: list[Segment] = [(finding.kind.value, KIND_STYLES[finding.kind])]
        if finding.kind is FindingKind.agreement and finding.independent is not None:
            head.append((" (independent)" if finding.independent else " (same party)", "dim"))
        head.append((f" · {safe_text(what(finding.action, finding.object))}", "bold"))
        lines.hang(head, 2, 4)
        claims = [view.claims[c] for c in finding.claims if c in view.claims]
        for claim in claims:
            bare = (claim.action, claim.object) == (finding.action, finding.object)
            lines.hang(_said_line(view, claim, bare), 4, 6)
            lines.hang(_quote_cell(claim, limit)[0], 6, 6)
        if not claims:
            lines.hang([(safe_text(finding.summary), "")], 4, 6)
        lines.hang([("why: ", "dim"), (safe_text(finding.reason or finding.summary), "")], 4, 6)


def _grade(grade: str | None) -> Text:
    return t(grade or "—", GRADE_STYLES.get(grade or "", ""))


def _figure_lines(incident: Incident) -> list[Text]:
    """One line per figure of the incident: low, best and high across origins."""
    lines = []
    for fig in incident.summary:
        line = Text("  ") + t(what(fig.action, fig.object), "bold")
        basis = "" if fig.best_basis == "stated" else f" ({fig.best_basis})"
        line.append(f": low {num(fig.low)} · best {num(fig.best)}{basis} · "
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
        best = num(fig.best) + ("" if fig.best_basis == "stated" else f" ({fig.best_basis})")
        table.add_row(t(what(fig.action, fig.object)), t(fig.scope, "dim"), num(fig.low), best,
                      "∞" if fig.high is None else num(fig.high), num(fig.conservative), str(fig.origins),
                      t(parts or "—", "dim"))
    return table


def _counts(counts: Counter) -> Text:
    """Finding counts by kind, in reading order and coloured: "1 contradiction, 2 agreements"."""
    parts = [Text(kind_count(k, counts[k]), style=KIND_STYLES[k]) for k in KINDS if counts[k]]
    return Text(", ").join(parts) if parts else Text("—", "dim")


def _counts_cell(counts: Counter) -> Cell:
    """See `_counts`."""
    line: list[Segment] = []
    for k in KINDS:
        if counts[k]:
            if line:
                line.append((", ", ""))
            line.append((kind_count(k, counts[k]), KIND_STYLES[k]))
    return [line or [("—", "dim")]]


def kind_count(kind: FindingKind, n: int) -> str:
    """ "2 contradictions", "1 revision", "3 unverified" (the adjectives take no plural)."""
    plural = n != 1 and kind not in (FindingKind.unverified, FindingKind.unsourced)
    return f"{n} {kind.value}{'s' if plural else ''}"


def _claim_what(claim: Claim) -> Text:
    """Action, object and figure: "killed people 14"."""
    return _as_text(_claim_what_cell(claim))


def _claim_what_cell(claim: Claim, bare: bool = False) -> Cell:
    """See `_claim_what`; BARE leaves out the action and object (the finding's heading says them)."""
    line = [] if bare else [(safe_text(what(claim.action, claim.object)) + " ", "")]
    line.append((safe_text(claim_figure(claim)), "bold"))
    if scope_note(claim):
        line.append((safe_text(scope_note(claim)), "cyan"))
    if claim.hedge:
        line.append((safe_text(f" ({claim.hedge})"), "magenta"))
    return [line]


def _who(claim: Claim) -> Text:
    """The speaker and party; the outlet's own voice or the vague attribution when there is none."""
    return _as_text(_who_cell(claim))


def _who_cell(claim: Claim) -> Cell:
    """See `_who`."""
    if claim.speaker and not claim.vague:
        who = [[(safe_text(claim.speaker), "")]]
        if claim.via:
            who.append([(safe_text(f"via {claim.via}"), "dim")])
    elif claim.vague and claim.speaker_text:
        who = [[(safe_text(f"“{claim.speaker_text}” (vague)"), "dim")]]
    else:
        who = [[("— (outlet's own voice)", "dim")]]
    if claim.party:
        who.append([(safe_text(claim.party), "dim")])
    return who


def _quote(claim: Claim, limit: int | None) -> Text:
    return _as_text(_quote_cell(claim, limit))


def _quote_cell(claim: Claim, limit: int | None) -> Cell:
    return [[(f"“{quote_window(claim, limit)}”", "italic")]]


def _as_text(cell: Cell) -> Text:
    """CELL (lines of styled segments) as one rich Text, for rich's own tables."""
    text = Text()
    for n, line in enumerate(cell):
        if n:
            text.append("\n")
        for piece, style in line:
            text.append(piece, style or None)
    return text


# -- fast tables
#
# rich's Table measures and wraps every cell through its general layout machinery, which costs
# about a millisecond a row: seconds for a report of thousands of incidents. The report's big
# tables are plain (text cells, no nesting), so `_Grid` lays them out directly, in the look of
# rich's SIMPLE box: the same columns, headers, rule and spacing, styles as ANSI codes.

_WORDS = re.compile(r"\S+|\s+")
_SYSTEMS = {"standard": ColorSystem.STANDARD, "256": ColorSystem.EIGHT_BIT, "truecolor": ColorSystem.TRUECOLOR,
            "windows": ColorSystem.WINDOWS}


# Characters other than those one cell wide in every terminal: Latin, Greek, Cyrillic, general
# punctuation (quotes, dashes, ·, …), arrows, maths and box drawing. Text without them is measured by len()
_NOT_NARROW = re.compile("[^\x20-\x7e\xa0-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1fff\u2010-\u2027\u2030-\u205e"
                         "\u20a0-\u20bf\u2190-\u22ff\u2500-\u257f]")


def _narrow(text: str) -> bool:
    return text.isascii() or not _NOT_NARROW.search(text)


def _cells(text: str) -> int:
    return len(text) if _narrow(text) else cell_len(text)


def _width(segments: list[Segment]) -> int:
    return sum(_cells(text) for text, _ in segments)


def _lines_of(value: Cell | Text | str) -> Cell:
    """VALUE as logical lines of styled segments (a Text's spans layered on its own style)."""
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [[(line, "")] for line in value.split("\n")]
    plain, base = value.plain, str(value.style or "")
    spans = [(sp.start, sp.end, str(sp.style)) for sp in value.spans if sp.end > sp.start]
    if spans:
        cuts = sorted({0, len(plain), *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
        pieces = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            styles = [base, *(st for sa, sb, st in spans if sa <= a and b <= sb)]
            pieces.append((plain[a:b], " ".join(x for x in styles if x)))
    else:
        pieces = [(plain, base)]
    lines: list[list[Segment]] = [[]]
    for piece, style in pieces:
        parts = piece.split("\n")
        for n, part in enumerate(parts):
            if n:
                lines.append([])
            if part:
                lines[-1].append((part, style))
    return lines


def _tokens(line: list[Segment]) -> list[list[Segment]]:
    """LINE as words and runs of spaces, each a list of segments (a word may change style inside:
    "2 unverified" then ", " is the one word "unverified,")."""
    plain = "".join(text for text, _ in line)
    bounds, at = [], 0
    for text, style in line:
        bounds.append((at, at + len(text), style))
        at += len(text)
    tokens = []
    i = 0
    for m in _WORDS.finditer(plain):
        a, b = m.span()
        parts = []
        while i < len(bounds) and bounds[i][1] <= a:
            i += 1
        j = i
        while j < len(bounds) and bounds[j][0] < b:
            sa, sb, style = bounds[j]
            parts.append((plain[max(a, sa):min(b, sb)], style))
            j += 1
        tokens.append(parts)
    return tokens


def _wrap(line: list[Segment], width: int) -> list[list[Segment]]:
    """LINE in lines of at most WIDTH cells: at spaces, a word longer than WIDTH folded."""
    if sum(_cells(text) for text, _ in line) <= width:
        return [line]
    if len(line) == 1 and _narrow(line[0][0]) and "  " not in line[0][0].lstrip(" ") and "\t" not in line[0][0]:
        return _wrap_plain(*line[0], width)
    out: list[list[Segment]] = []
    current: list[Segment] = []
    used = 0
    pending: list[Segment] | None = None  # a space, written only if a word follows on the same line
    for token in _tokens(line):
        size = sum(_cells(text) for text, _ in token)
        if token[0][0][:1].isspace():
            if not current and not out:  # an indent opening the line stays
                current.extend(token)
                used += size
            elif current:
                pending = token
            continue
        gap = sum(_cells(text) for text, _ in pending) if pending else 0
        if current and used + gap + size <= width:
            current.extend(pending or [])
            current.extend(token)
            used += gap + size
        else:
            if current:
                out.append(current)
                current, used = [], 0
            while size > width:  # fold
                head, token = _split_cells(token, width)
                out.append(head)
                size = sum(_cells(text) for text, _ in token)
            current, used = list(token), size
        pending = None
    if current or not out:
        out.append(current)
    return out


def _wrap_plain(text: str, style: str, width: int) -> list[list[Segment]]:
    """`_wrap` for one run of narrow text in one style: the common case (quotes, reasons), made quick."""
    out: list[list[Segment]] = []
    indent = len(text) - len(text.lstrip(" "))
    words = text.split()
    current = text[:indent]
    for word in words:
        if current.strip() and len(current) + 1 + len(word) <= width:
            current += " " + word
            continue
        if current.strip() or (current and len(current) + len(word) > width):
            out.append([(current, style)])
            current = ""
        if current and len(current) + len(word) <= width:  # after the indent
            current += word
            continue
        while len(word) > width:
            out.append([(word[:width], style)])
            word = word[width:]
        current = word
    if current or not out:
        out.append([(current, style)])
    return out


def _drop(segments: list[Segment], count: int) -> list[Segment]:
    """SEGMENTS without their first COUNT characters, and the spaces after them."""
    out: list[Segment] = []
    for text, style in segments:
        if count >= len(text):
            count -= len(text)
            continue
        out.append((text[count:], style))
        count = 0
    if out:
        out[0] = (out[0][0].lstrip(" "), out[0][1])
    return [seg for seg in out if seg[0]]


def _split_cells(token: list[Segment], width: int) -> tuple[list[Segment], list[Segment]]:
    """TOKEN cut after WIDTH cells (at least one character)."""
    head: list[Segment] = []
    used = 0
    for n, (text, style) in enumerate(token):
        size = _cells(text)
        if used + size <= width:
            head.append((text, style))
            used += size
            continue
        cut = width - used if _narrow(text) else _fit(text, width - used)
        if cut == 0 and not head:
            cut = 1
        if cut:
            head.append((text[:cut], style))
        return head, [(text[cut:], style), *token[n + 1:]]
    return head, []


def _fit(text: str, cells: int) -> int:
    """How many characters of TEXT fit in CELLS."""
    used = 0
    for i, ch in enumerate(text):
        used += cell_len(ch)
        if used > cells:
            return i
    return len(text)


@lru_cache(maxsize=256)
def _style(style: str) -> Style:
    return Style.parse(style)


_GROW_FLOOR = 30
"""Cells a `grow` column keeps before the other columns are made narrower than _SOFT_MAX."""
_SOFT_MAX = 32
"""Cells the other columns may take, when the table is too wide, before the `grow` column gives way."""
_WORD_FLOOR = 20
"""A column is made narrower than its longest word, up to this many cells, only as a last resort."""


@dataclass
class _Column:
    header: str
    right: bool = False
    no_wrap: bool = False
    max_width: int | None = None
    grow: bool = False
    keep: bool = False


@dataclass
class _Grid:
    """A table of text cells drawn like rich's box.SIMPLE (see the note above `Segment`)."""

    title: str | None = None
    caption: str | None = None
    head_rule: bool = True
    columns: list[_Column] = field(default_factory=list)
    rows: list[tuple[list[list[list[Segment]]], bool]] = field(default_factory=list)
    notes: dict[int, list[Segment]] = field(default_factory=dict)
    """Lines as wide as the table, printed below the row of their index (a finding's reason)."""

    def column(self, header: str, **options) -> None:
        self.columns.append(_Column(header, **options))

    def row(self, *cells: Text | str, end_section: bool = False) -> None:
        # each logical line with its width in cells, measured once
        self.rows.append(([[(line, _width(line)) for line in _lines_of(c)] for c in cells], end_section))

    def note(self, segments: list[Segment], end_section: bool = False) -> None:
        """SEGMENTS below the last row, from the second column to the table's edge."""
        if self.rows:
            self.notes[len(self.rows) - 1] = segments
            self.rows[-1] = (self.rows[-1][0], end_section)

    def widths(self, width: int) -> list[int]:
        """Each column's width: its widest line, unless the table would not fit WIDTH.

        Then the other columns are held to _SOFT_MAX cells and the `grow` column (the quote) takes
        the rest, at least _GROW_FLOOR; if that is still too wide, the widest columns give way, down
        to their longest word (at most _WORD_FLOOR cells; a `keep` column, the incident id, to its
        widest line up to 30, so that ids can be copied whole); only then further.
        """
        natural = []
        for n, col in enumerate(self.columns):
            longest = max(_cells(col.header), max((size for row, _ in self.rows for _, size in row[n]), default=0))
            natural.append(max(min(longest, col.max_width or longest), 1))
        widths = list(natural)
        room = width - 4 - 3 * (len(widths) - 1)
        if sum(widths) <= room:
            return widths
        floors = []
        for n, col in enumerate(self.columns):
            if col.no_wrap or col.keep:
                floors.append(natural[n])  # ids whole, so that they can be copied
                continue
            words = [w for row, _ in self.rows for line, _ in row[n] for t, _ in line for w in t.split()]
            word = max((_cells(w) for w in set(words + col.header.split())), default=1)
            floors.append(min(natural[n], _GROW_FLOOR) if col.grow else min(word, _WORD_FLOOR, natural[n]))
        grow = next((n for n, col in enumerate(self.columns) if col.grow), None)
        if grow is not None:
            # the others at most _SOFT_MAX wide, the quote takes the rest if that is enough
            for n, col in enumerate(self.columns):
                if n != grow and not col.no_wrap and not col.keep:
                    widths[n] = min(widths[n], _SOFT_MAX)
            rest = room - sum(w for n, w in enumerate(widths) if n != grow)
            widths[grow] = min(natural[grow], max(rest, _GROW_FLOOR))
        last = [w if col.no_wrap or col.keep else 1 for w, col in zip(floors, self.columns, strict=True)]
        for floor in (floors, last):
            while sum(widths) > room:
                shrinkable = [n for n, w in enumerate(widths) if w > floor[n]]
                if not shrinkable:
                    break
                top = max(widths[n] for n in shrinkable)
                second = max([widths[n] for n in shrinkable if widths[n] < top], default=0)
                for n in shrinkable:
                    excess = sum(widths) - room
                    if widths[n] == top and excess > 0:
                        widths[n] -= max(1, min(excess, top - max(second, floor[n])))
        return widths

    def lines(self, width: int, paint) -> list[str]:
        widths = self.widths(width)
        out: list[str] = []
        if self.title:
            out.append(paint([(self.title, "italic")]))
        out.append("")
        out.append(self._line([[([(c.header, "bold")], _cells(c.header))] for c in self.columns], widths, paint)[0])
        if self.head_rule:
            out.append(" " + "─" * (sum(w + 2 for w in widths) + len(widths) - 1))
        indent = 2 + (widths[0] + 3 if len(widths) > 1 else 0)
        for n, (cells, end_section) in enumerate(self.rows):
            out.extend(self._line(cells, widths, paint))
            if n in self.notes:
                room = max(sum(w + 3 for w in widths) - 1 - indent, 20)
                out.extend(" " * indent + paint(piece) for piece in _wrap(self.notes[n], room))
            if end_section and n < len(self.rows) - 1:
                out.append("")
        out.append("")
        if self.caption:
            out.append(paint([(self.caption, "dim italic")]))
        return out

    def _line(self, cells: list[list[list[Segment]]], widths: list[int], paint) -> list[str]:
        """One table row: each cell wrapped to its column, side by side, as many lines as the tallest."""
        wrapped = []
        for cell, w in zip(cells, widths, strict=True):
            pieces = []
            for line, size in cell:
                if size <= w:
                    pieces.append((line, size))
                else:
                    pieces.extend((piece, _width(piece)) for piece in _wrap(line, w))
            wrapped.append(pieces)
        height = max(len(c) for c in wrapped)
        lines = []
        columns = list(zip(wrapped, widths, [c.right for c in self.columns], strict=True))
        for i in range(height):
            parts = []
            for cell, w, right in columns:
                if i >= len(cell):
                    parts.append(" " * w)
                    continue
                segments, size = cell[i]
                body = paint(segments) if segments else ""
                parts.append(" " * (w - size) + body if right else body + " " * (w - size))
            lines.append("  " + "   ".join(parts))
        return lines


class _Lines:
    """Output lines, written as rich would print them: wrapped to the width, styled when in colour."""

    def __init__(self, width: int, color: bool, console: Console):
        self.width = width
        self.system = _SYSTEMS.get(console.color_system or "", ColorSystem.STANDARD) if color else None
        self.out: list[str] = []
        self._made: dict[str, tuple[str, str]] = {}

    def paint(self, segments: list[Segment]) -> str:
        if self.system is None:
            return segments[0][0] if len(segments) == 1 else "".join(text for text, _ in segments)
        runs: list[list[str]] = []  # neighbours of one style share one pair of codes
        for text, style in segments:
            if runs and runs[-1][1] == style:
                runs[-1][0] += text
            else:
                runs.append([text, style])
        return "".join(f"{self._codes(style)[0]}{text}{self._codes(style)[1]}" if style else text
                       for text, style in runs)

    def _codes(self, style: str) -> tuple[str, str]:
        """The escape codes rich writes before and after text in STYLE, worked out once per style."""
        codes = self._made.get(style)
        if codes is None:
            before, _, after = _style(style).render("\0", color_system=self.system).partition("\0")
            codes = self._made[style] = (before, after)
        return codes

    def blank(self) -> None:
        self.out.append("")

    def text(self, value: Text) -> None:
        for line in _lines_of(value):
            self.out.extend(self.paint(piece) for piece in _wrap(line, self.width))

    def rule(self, title: Text) -> None:
        """The title, then a line to the edge, as `Console.rule(align="left")` draws it."""
        segments = [seg for line in _lines_of(title) for seg in line]
        size = sum(_cells(text) for text, _ in segments)
        if size + 2 > self.width:
            segments = _wrap(segments, self.width - 2)[0]
            segments.append(("…", ""))
            size = sum(_cells(text) for text, _ in segments)
        rest = self.width - size - 1
        self.out.append(self.paint(segments) + (" " + self.paint([("─" * rest, "dim")]) if rest > 0 else ""))

    def hang(self, segments: list[Segment], first: int, rest: int) -> None:
        """SEGMENTS wrapped to the width, the first line indented FIRST spaces and the others REST."""
        room = max(self.width - rest, 20)
        pieces = _wrap(segments, max(self.width - first, 20))
        if len(pieces) > 1 and rest != first:  # rewrap what follows the first line to its own width
            used = sum(len(text) for piece in pieces[:1] for text, _ in piece)
            rest_text = _drop(segments, used)
            pieces = pieces[:1] + _wrap(rest_text, room)
        for n, piece in enumerate(pieces):
            self.out.append(" " * (first if n == 0 else rest) + self.paint(piece))

    def add(self, item: _Grid | Text) -> None:
        if isinstance(item, _Grid):
            self.out.extend(item.lines(self.width, self.paint))
        else:
            self.text(item)

    def value(self) -> str:
        return "".join(line + "\n" for line in self.out)
