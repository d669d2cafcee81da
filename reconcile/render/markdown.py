"""A Markdown report for editors: reads well on GitHub and pastes into a CMS.

Every untrusted string goes through `md_escape` / `md_cell` / `md_link` (see render/text.py), so a
quote cannot break a table, inject HTML or links, or start a heading. Output is sorted, so the
same report always renders to the same bytes.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime

from ..models import AsOf, Claim, Finding, FindingKind, Incident, Report
from ..perf import fewer_collections
from .base import Renderer, sorted_findings, sorted_incidents
from .text import claim_figure, day, figure, md_cell, md_escape, md_link, md_quote, scope_note, source_order
from .words import label_words, reason_words, what_words, word

SECTIONS = {
    FindingKind.contradiction: "Contradictions",
    FindingKind.revision: "Revisions",
    FindingKind.agreement: "Agreements",
    FindingKind.unverified: "Unverified",
    FindingKind.unsourced: "Unsourced",
}
"""Finding kinds in the order their sections appear."""
CELL_LIMIT = 200
"""Quotes in table cells are cut to this many characters; blockquotes keep them whole."""


def parse_only(only: Iterable[str | FindingKind] | None) -> set[FindingKind]:
    """The finding kinds to show: all when ONLY is None; plurals ("contradictions") accepted."""
    if only is None:
        return set(FindingKind)
    kinds = set()
    for name in only:
        value = name.value if isinstance(name, FindingKind) else name.strip().lower()
        if value not in FindingKind.__members__:
            value = value.removesuffix("s")
        if value not in FindingKind.__members__:
            known = ", ".join(k.value for k in FindingKind)
            raise ValueError(f"unknown finding kind '{name}' (one of {known})")
        kinds.add(FindingKind(value))
    return kinds


class MarkdownRenderer(Renderer):
    """Title, scope, summary table, one section per finding kind, and the sources."""

    def __init__(self, only: set[str] | None = None, title: str | None = None, sort: str = "grade",
                 generated: date | None = None):
        """
        Args:
            only: finding kinds to show (e.g. {"contradiction", "revision"}); None shows all.
            title: replaces the title made from the content (places, dates, contradictions).
            sort: the order of the incidents in the summary and in each section (`base.SORTS`).
            generated: the date the report says it was made; None: today, or SOURCE_DATE_EPOCH's.
        """
        self.only = parse_only(only)
        self.title = title
        self.sort = sort
        self.generated = generated

    @fewer_collections
    def render(self, report: Report) -> str:
        """See `Renderer.render`."""
        index = _Index(report, self.only, self.sort)
        title = self.title or _default_title(report, FindingKind.contradiction in self.only)
        blocks = [f"# {md_escape(title)}", _scope(report, self.generated or generated_on()),
                  "## Summary", self._summary(index)]
        for kind, heading in SECTIONS.items():
            if kind in self.only:
                findings = index.findings_of_kind(kind)
                blocks.append(f"## {heading} ({len(findings)})")
                blocks.extend(_section(index, kind, findings))
        blocks += ["## Sources", _sources_table(report)]
        return "\n\n".join(blocks) + "\n"

    def _summary(self, index: _Index) -> str:
        """One row per incident with its grade and finding counts (only the kinds shown)."""
        kinds = [k for k in SECTIONS if k in self.only]
        header = ["Incident", "ID", "Date", "Grade"] + [SECTIONS[k] for k in kinds]
        counts = Counter((None if index.untied(f) else f.incident, f.kind) for f in index.findings)
        rows = []
        for incident in index.incidents:
            # the date has a column of its own: not repeated in the label
            label = label_words(incident.label).replace(f", {day(incident.date)}:", ":")
            rows.append([md_cell(label), md_cell(incident.id), day(incident.date),
                         md_cell(incident.grade)] + [str(counts[incident.id, k]) for k in kinds])
        untied = [str(counts[None, k]) for k in kinds]
        if any(counts[None, k] for k in kinds):
            rows.append(["*Not tied to an incident*", "—", "—", "—"] + untied)
        if not rows:
            return "No incidents."
        return _table(header, rows, right=set(range(4, len(header))))


class _Index:
    """Lookups over one report, and the findings to show in reading order."""

    def __init__(self, report: Report, only: set[FindingKind], sort: str = "grade"):
        self.claims = report.claim_index()
        self.sources = report.source_index()
        self.incident_by_id = {i.id: i for i in report.incidents}
        self.incidents = sorted_incidents(report, sort)
        # each section in the summary's order of incidents; those tied to none last
        place = {incident.id: n for n, incident in enumerate(self.incidents)}
        self.findings = sorted((f for f in sorted_findings(report) if f.kind in only),
                               key=lambda f: place.get(f.incident or "", len(place)))

    def findings_of_kind(self, kind: FindingKind) -> list[Finding]:
        return [f for f in self.findings if f.kind is kind]

    def untied(self, finding: Finding) -> bool:
        """No incident, or one this report does not carry."""
        return finding.incident not in self.incident_by_id

    def claims_of(self, finding: Finding) -> list[Claim]:
        return [self.claims[c] for c in finding.claims if c in self.claims]

    def incident_name(self, finding: Finding) -> str:
        """ "Label (2024-03-15)", escaped; "not tied to an incident" when there is none."""
        incident: Incident | None = self.incident_by_id.get(finding.incident or "")
        if incident is None:
            return "not tied to an incident"
        label = label_words(incident.label)
        when = day(incident.date)
        return md_escape(label) if when in label else f"{md_escape(label)} ({when})"

    def outlet(self, claim: Claim) -> str:
        """The outlet, linked to the source's URL when it is a web address."""
        source = self.sources.get(claim.source)
        if source is None:
            return f"{md_escape(claim.source)} (source not loaded)"
        return md_link(source.outlet, source.url)

    def reported(self, claim: Claim) -> str:
        source = self.sources.get(claim.source)
        return day(source.published_at or source.published) if source else "—"

    def origin(self, claim: Claim | None) -> str:
        """Who a figure comes from: the speaker, else the outlet in its own voice."""
        if claim is None:
            return "—"
        if claim.speaker and not claim.vague:
            return md_escape(claim.speaker)
        source = self.sources.get(claim.source)
        return f"{md_escape(source.outlet if source else claim.source)} (own voice)"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _default_title(report: Report, contradictions_shown: bool = True) -> str:
    """A title from what the report covers: its places, its dates and whether accounts contradict.

    "Puerto Rico, Belgorod, Kaluga and 5 more places, 2017-09-20 to 2025-07-01: 5 contradictions"
    """
    places = list(dict.fromkeys(i.places[0] for i in sorted_incidents(report) if i.places))
    where = ", ".join(places[:3]) + (f" and {_n(len(places) - 3, 'more place')}" if len(places) > 3 else "")
    if len(report.incidents) == 1:
        where = label_words(report.incidents[0].label).partition(": ")[0]
    dates = sorted({i.date for i in report.incidents if i.date}) or \
        sorted({s.published for s in report.sources if s.published})
    when = "" if not dates else dates[0].isoformat() if dates[0] == dates[-1] else \
        f"{dates[0].isoformat()} to {dates[-1].isoformat()}"
    if not report.incidents:
        return f"{when}: no incidents found" if when else "No incidents found"
    title = ", ".join(part for part in (where, when) if part)
    if not contradictions_shown:
        return title
    count = sum(1 for f in report.findings if f.kind is FindingKind.contradiction)
    return f"{title}: {_n(count, 'contradiction') if count else 'no contradictions'}"


def generated_on() -> date:
    """Today (UTC), or the day of SOURCE_DATE_EPOCH for reproducible output (reproducible-builds.org)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(UTC).date()


def _scope(report: Report, generated: date) -> str:
    return (f"Generated {generated.isoformat()} by reconcile from {_n(len(report.sources), 'source')}: "
            f"{_n(len(report.incidents), 'incident')}, {_n(len(report.claims), 'claim')}.")


def _section(index: _Index, kind: FindingKind, findings: list[Finding]) -> list[str]:
    if not findings:
        return ["None found."]
    if kind is FindingKind.contradiction:
        return [_contradiction(index, f) for f in findings]
    if kind is FindingKind.revision:
        return [_revision(index, f) for f in findings]
    if kind is FindingKind.agreement:
        return [_agreement(index, f) for f in findings]
    return _claims_list(index, findings)


def _heading(index: _Index, finding: Finding) -> str:
    return f"### {md_escape(what_words(finding.action, finding.object))} — {index.incident_name(finding)}"


def _who(claim: Claim) -> str:
    """**Speaker** (party), or the outlet's own voice / a vague attribution, in italics."""
    if claim.speaker and not claim.vague:
        who = f"**{md_escape(claim.speaker)}**" + (f" via {md_escape(claim.via)}" if claim.via else "")
    elif claim.vague and claim.speaker_text:
        who = f"*“{md_escape(claim.speaker_text)}” (vague attribution)*"
    else:
        who = "*the outlet's own voice*"
    return f"{who} ({md_escape(word(claim.party))})" if claim.party else who


def _attribution(index: _Index, claim: Claim) -> str:
    """Who said it, where and when, and what: the line above a quote."""
    hedge = f" ({md_escape(claim.hedge)})" if claim.hedge else ""
    return (f"{_who(claim)} in {index.outlet(claim)}, {index.reported(claim)}: "
            f"{md_escape(what_words(claim.action, claim.object))} **{md_escape(claim_figure(claim))}**"
            f"{md_escape(scope_note(claim))}{hedge}")


def _blockquote(claim: Claim) -> str:
    return f"> {md_escape(claim.quote) or '(no quote)'}"


def _why(finding: Finding) -> str:
    return f"**Why:** {md_escape(reason_words(finding.reason or finding.summary))}"


def _contradiction(index: _Index, finding: Finding) -> str:
    """Both (all) sides, each attributed and quoted in full, then the reason."""
    lines = [_heading(index, finding), "", md_escape(reason_words(finding.summary))]
    for claim in index.claims_of(finding):
        lines += ["", _attribution(index, claim), "", _blockquote(claim)]
    lines += ["", _why(finding)]
    return "\n".join(lines)


def _revision(index: _Index, finding: Finding) -> str:
    """Each step of the rising figure: figure, origin, outlet, as-of date and quote."""
    steps = finding.as_of or [AsOf(claim=c.id, as_of=None, low=c.low, high=c.high)
                              for c in index.claims_of(finding)]
    rows = []
    for i, step in enumerate(steps, 1):
        claim = index.claims.get(step.claim)
        approx = claim.approx if claim else False
        as_of = day(step.as_of) if step.as_of else (index.reported(claim) if claim else "—")
        rows.append([str(i), md_cell(figure(step.low, step.high, approx)), index.origin(claim),
                     index.outlet(claim) if claim else "—", as_of,
                     md_quote(claim, CELL_LIMIT)])
    table = _table(["Step", "Figure", "Origin", "Outlet", "As of", "Quote"], rows, right={0, 1})
    summary = md_escape(reason_words(finding.summary))
    return "\n".join([_heading(index, finding), "", summary, "", table, "", _why(finding)])


def _agreement(index: _Index, finding: Finding) -> str:
    """The agreeing claims, and whether they corroborate each other independently."""
    if finding.independent is None:
        verdict = "**Corroboration:** independence not assessed."
    elif finding.independent:
        one_party = len({claim.party for claim in index.claims_of(finding)}) == 1
        verdict = "**Independent corroboration:** " + (
            "distinct origins, each its own source." if one_party else "the origins belong to different parties.")
    else:
        verdict = "**Not independent:** the origins belong to one party."
    lines = [_heading(index, finding), "", md_escape(reason_words(finding.summary)), "", verdict, ""]
    for claim in index.claims_of(finding):
        lines.append(f"- {_attribution(index, claim)} — “{md_escape(claim.quote)}”")
    lines += ["", _why(finding)]
    return "\n".join(lines)


def _claims_list(index: _Index, findings: list[Finding]) -> list[str]:
    """Unverified and unsourced findings: a list under each incident, one item per claim."""
    blocks: list[str] = []
    items: list[str] = []
    current: object = object()
    for finding in findings:
        if finding.incident != current:
            if items:
                blocks.append("\n".join(items))
            blocks.append(f"**{index.incident_name(finding)}**")
            items, current = [], finding.incident
        why = f" — *{md_escape(reason_words(finding.reason or finding.summary))}*"
        claims = index.claims_of(finding)
        if not claims:
            items.append(f"- {md_escape(reason_words(finding.summary))}{why}")
        for claim in claims:
            items.append(f"- {_attribution(index, claim)} — “{md_quote(claim, CELL_LIMIT)}”{why}")
    if items:
        blocks.append("\n".join(items))
    return blocks


def _sources_table(report: Report) -> str:
    """The appendix: every source with its outlet, date and title linked to its URL."""
    if not report.sources:
        return "No sources."
    rows = [[md_cell(s.outlet), day(s.published_at or s.published), md_link(s.title or s.id, s.url),
             md_cell(word(s.party)), md_cell(s.id)]
            for s in sorted(report.sources, key=source_order)]
    return _table(["Outlet", "Date", "Title", "Party", "ID"], rows)


def _table(header: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> str:
    """A GFM table; cells must already be escaped (md_cell, md_link)."""
    rule = ["---:" if i in right else "---" for i in range(len(header))]
    lines = [header, rule, *rows]
    return "\n".join("| " + " | ".join(cell or "—" for cell in line) + " |" for line in lines)

