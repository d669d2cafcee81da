"""`reconcile diff` output: rich tables, Markdown or JSON, from a `ReportDiff`.

Quotes, speakers, summaries, labels and paths come from the compared reports and are untrusted:
the table renders them as rich `Text` after `safe_text`, Markdown through `md_escape` /
`md_cell`, and JSON escapes them itself.
"""

from __future__ import annotations

import io
import shutil
import sys
from abc import ABC, abstractmethod

from ..diff import DIFF_SCHEMA, ChangedFinding, DiffClaim, DiffFinding, IncidentChange, ReportDiff
from .jsontext import indented
from .text import day, figure, md_cell, md_escape, quote_window, safe_text, what

QUOTE_LIMIT = 120
"""Quotes are cut to this many characters in tables; JSON keeps them whole."""
IDENTITY = ("kind, incident, action, object and the set of (source, speaker, quote hash) of its claims; "
            "claim ids are not used, as extracted claim ids shift when text is edited")


class DiffRenderer(ABC):
    """Turns a ReportDiff into the text of one output format."""

    @abstractmethod
    def render(self, diff: ReportDiff) -> str:
        """The whole diff as text."""


def _claim_figure(claim: DiffClaim) -> str:
    said = figure(claim.low, claim.high, claim.approx) if claim.low is not None else (claim.value or "—")
    return f"denies {said}" if claim.polarity == "deny" else said


def figures_text(finding: DiffFinding) -> str:
    """What each claim says: "Baza: 7; Alexander Brechalov: 10 (reportedly)"."""
    return "; ".join(f"{c.speaker or c.outlet or c.source or c.id}: {_claim_figure(c)}"
                     f"{f' ({c.hedge})' if c.hedge else ''}" for c in finding.claims)


def _counts(diff: ReportDiff) -> dict[str, int]:
    by_status = {s: sum(1 for i in diff.incidents if i.status == s) for s in ("new", "removed", "regraded")}
    return {"new": len(diff.new), "resolved": len(diff.resolved), "changed": len(diff.changed), **{
        f"incidents_{s}": n for s, n in by_status.items()}}


def summary_line(diff: ReportDiff) -> str:
    """ "2 new, 1 resolved, 0 changed findings; incidents: 1 regraded, 0 new, 0 removed"."""
    n = _counts(diff)
    return (f"{n['new']} new, {n['resolved']} resolved, {n['changed']} changed finding(s) "
            f"({diff.unchanged_findings} unchanged); incidents: {n['incidents_regraded']} regraded, "
            f"{n['incidents_new']} new, {n['incidents_removed']} removed")


# -- JSON


def diff_json(diff: ReportDiff) -> dict:
    """The diff as plain JSON data, schema reconcile/diff@1."""

    def incidents(status: str) -> list[dict]:
        return [i.model_dump(mode="json", exclude={"status"}) for i in diff.incidents if i.status == status]

    return {
        "schema": DIFF_SCHEMA,
        "identity": IDENTITY,
        "old": {"path": diff.old_path, **diff.old_counts},
        "new": {"path": diff.new_path, **diff.new_counts},
        "findings": {
            "new": [f.model_dump(mode="json") for f in diff.new],
            "resolved": [f.model_dump(mode="json") for f in diff.resolved],
            "changed": [c.model_dump(mode="json") for c in diff.changed],
            "unchanged": diff.unchanged_findings,
        },
        "incidents": {
            "new": incidents("new"), "removed": incidents("removed"), "regraded": incidents("regraded"),
            "unchanged": diff.unchanged_incidents,
        },
    }


class DiffJsonRenderer(DiffRenderer):
    """See `DiffRenderer.render`."""

    def render(self, diff: ReportDiff) -> str:
        return indented(diff_json(diff))


# -- Markdown


def _md_who(claim: DiffClaim) -> str:
    who = f"**{md_escape(claim.speaker)}**" if claim.speaker else "*the outlet's own voice*"
    where = md_escape(claim.outlet or claim.source or "unknown source")
    return f"{who} in {where}, {day(claim.published)}"


def _md_claims(finding: DiffFinding) -> list[str]:
    return [f"- {_md_who(c)}: {md_escape(what(finding.action, finding.object))} "
            f"**{md_escape(_claim_figure(c))}** — “{md_escape(quote_window(c, QUOTE_LIMIT))}”"
            for c in finding.claims]


def _md_heading(finding: DiffFinding) -> str:
    place = finding.incident_label or finding.incident or "not tied to an incident"
    return f"### {finding.kind.value}: {md_escape(what(finding.action, finding.object))} — {md_escape(place)}"


def _md_finding(finding: DiffFinding) -> str:
    return "\n".join([_md_heading(finding), "", md_escape(finding.summary), "", *_md_claims(finding)])


def _md_changed(change: ChangedFinding) -> str:
    lines = [_md_heading(change.new), "", f"Changed: {', '.join(change.changes)}.", "",
             f"- **Before:** {md_escape(change.old.summary)}", f"- **After:** {md_escape(change.new.summary)}"]
    if "figures" in change.changes:
        lines += [f"- **Figures before:** {md_escape(figures_text(change.old))}",
                  f"- **Figures after:** {md_escape(figures_text(change.new))}"]
    if "independent" in change.changes:
        lines.append(f"- **Independent:** {change.old.independent} → {change.new.independent}")
    return "\n".join([*lines, "", *_md_claims(change.new)])


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def _md_incidents(changes: list[IncidentChange]) -> str:
    rows = [[md_cell(i.id), md_cell(i.label), day(i.date), md_cell(i.old_grade), md_cell(i.new_grade), i.status]
            for i in changes]
    return _md_table(["Incident", "Label", "Date", "Before", "After", "Status"], rows)


class DiffMarkdownRenderer(DiffRenderer):
    """Title, the two reports, counts, then a section per kind of change."""

    def render(self, diff: ReportDiff) -> str:
        """See `DiffRenderer.render`."""
        blocks = ["# Report diff",
                  f"From {md_escape(diff.old_path)} ({diff.old_counts.get('findings', 0)} findings) "
                  f"to {md_escape(diff.new_path)} ({diff.new_counts.get('findings', 0)} findings).",
                  md_escape(summary_line(diff)) + "."]
        sections = [("New findings", [_md_finding(f) for f in diff.new]),
                    ("Resolved findings", [_md_finding(f) for f in diff.resolved]),
                    ("Changed findings", [_md_changed(c) for c in diff.changed])]
        for heading, items in sections:
            blocks.append(f"## {heading} ({len(items)})")
            blocks.extend(items or ["None."])
        blocks.append(f"## Incidents ({len(diff.incidents)})")
        blocks.append(_md_incidents(diff.incidents) if diff.incidents else "No new, removed or regraded incidents.")
        blocks.append(f"*Findings are matched by {md_escape(IDENTITY)}.*")
        return "\n\n".join(blocks) + "\n"


# -- rich tables


class DiffTableRenderer(DiffRenderer):
    """Rich tables, in colour on a terminal and plain text elsewhere (see `TerminalRenderer`)."""

    def __init__(self, color: bool | None = None, width: int | None = None):
        from .terminal import use_color

        self.color = use_color() if color is None else color
        if width is None:
            width = shutil.get_terminal_size((120, 24)).columns if sys.stdout.isatty() else 120
        self.width = width

    def render(self, diff: ReportDiff) -> str:
        """See `DiffRenderer.render`."""
        from rich.console import Console
        from rich.text import Text

        out = io.StringIO()
        console = Console(file=out, width=self.width, force_terminal=self.color,
                          color_system="auto" if self.color else None, no_color=not self.color,
                          highlight=False, emoji=False, markup=False, legacy_windows=False, soft_wrap=False)
        console.print(Text.assemble(("old: ", "dim"), _t(diff.old_path), ("  new: ", "dim"), _t(diff.new_path)))
        console.print(Text(summary_line(diff), style="bold"))
        if diff.empty:
            console.print(Text("No differences.", "dim"))
        for title, findings in (("New findings", diff.new), ("Resolved findings", diff.resolved)):
            if findings:
                console.print(self._findings(title, findings))
        if diff.changed:
            console.print(self._changed(diff.changed))
        if diff.incidents:
            console.print(self._incidents(diff.incidents))
        lines = [line.rstrip(" ") for line in out.getvalue().splitlines()]
        return "".join(line + "\n" for line in lines)

    def _table(self, title: str, *columns: str):
        from rich import box
        from rich.table import Table

        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_lines=False, expand=False)
        for name in columns:
            table.add_column(name, overflow="fold")
        return table

    def _findings(self, title: str, findings: list[DiffFinding]):
        table = self._table(f"{title} ({len(findings)})", "Kind", "Incident", "What", "Summary", "Claims")
        for f in findings:
            table.add_row(_kind(f), _t(f.incident or "—"), _t(what(f.action, f.object)), _t(f.summary), _claims(f))
        return table

    def _changed(self, changes: list[ChangedFinding]):
        table = self._table(f"Changed findings ({len(changes)})", "Kind", "Incident", "What", "Before", "After",
                            "Changed")
        for c in changes:
            table.add_row(_kind(c.new), _t(c.new.incident or "—"), _t(what(c.new.action, c.new.object)),
                          _before_after(c, c.old), _before_after(c, c.new), _t(", ".join(c.changes)))
        return table

    def _incidents(self, changes: list[IncidentChange]):
        table = self._table(f"Incidents ({len(changes)})", "Incident", "Label", "Date", "Before", "After", "Status")
        for i in changes:
            table.add_row(_t(i.id), _t(i.label), day(i.date), _grade(i.old_grade), _grade(i.new_grade), i.status)
        return table


def _t(s: str | None, style: str = ""):
    """Untrusted S as a rich Text: sanitised and never parsed as markup."""
    from rich.text import Text

    return Text(safe_text(s), style=style)


def _kind(finding: DiffFinding):
    from .terminal import KIND_STYLES

    return _t(finding.kind.value, KIND_STYLES.get(finding.kind, ""))


def _grade(grade: str | None):
    from .terminal import GRADE_STYLES

    return _t(grade or "—", GRADE_STYLES.get(grade or "", "dim"))


def _before_after(change: ChangedFinding, finding: DiffFinding):
    """The summary, and what each claim says when the figures are what changed."""
    text = _t(finding.summary)
    if "figures" in change.changes:
        text.append("\n")
        text.append_text(_t(figures_text(finding), "dim"))
    if "independent" in change.changes:
        text.append_text(_t(f"\nindependent: {finding.independent}", "dim"))
    return text


def _claims(finding: DiffFinding):
    from rich.text import Text

    text = Text()
    for n, c in enumerate(finding.claims):
        if n:
            text.append("\n")
        text.append_text(_t(c.speaker or "(own voice)", "bold"))
        text.append_text(_t(f" · {c.outlet or c.source}: {_claim_figure(c)} “{quote_window(c, QUOTE_LIMIT)}”"))
    return text
