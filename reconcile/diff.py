"""Compare two JSON reports: new, resolved and changed findings, and incidents whose grade moved.

A finding's identity across runs is what it is about, not the ids of its claims: the ids of
extracted claims carry character offsets, so inserting one sentence early in an article renames
every claim after it. Two findings are the same finding when they share

    (kind, incident, action, object, {(source, speaker, quote hash) of each claim})

where the quote hash is taken over the quote with white space, quote marks, dashes and case
folded (as `anchor.fold` does), so re-typesetting an article does not change it. Incident ids
are part of the identity: they are built from place and date, not offsets. A finding with the
same identity but another summary, other figures or another independence verdict is *changed*;
one only in NEW is *new*, one only in OLD is *resolved*. Grades are compared per incident id.

Example:
    >>> d = diff_files("before.json", "after.json")
    >>> [f.summary for f in d.new]
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .anchor import fold
from .errors import DataError, ReconcileError
from .models import SCHEMA, FindingKind, Number
from .schema import ClaimDoc, FindingDoc, IncidentDoc, ReportDoc, SourceDoc

DIFF_SCHEMA = "reconcile/diff@1"
KIND_ORDER = ("contradiction", "revision", "agreement", "unverified", "unsourced")
"""Reading order of finding kinds, as in the report."""

ClaimKey = tuple[str, str, str]
"""(source id, speaker or "", quote hash) of one claim."""
FindingKey = tuple[str, str, str, str, tuple[ClaimKey, ...]]
"""(kind, incident, action, object, sorted claim keys); "" for a missing value."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DiffClaim(_Frozen):
    """A claim of a finding, with what a reader needs to recognise it."""

    id: str
    source: str
    outlet: str | None = None
    published: date | None = None
    speaker: str | None = None
    quote: str | None = None
    low: Number | None = None
    high: Number | None = None
    approx: bool = False
    value: str | None = None
    polarity: str = "affirm"
    hedge: str | None = None


class DiffFinding(_Frozen):
    """One finding of one report, keyed by its identity."""

    key: str
    """A short hash of the identity: the same for the same finding in both reports."""
    kind: FindingKind
    incident: str | None
    incident_label: str | None = None
    action: str | None
    object: str | None
    summary: str
    reason: str | None = None
    independent: bool | None = None
    claims: list[DiffClaim]


class ChangedFinding(_Frozen):
    """A finding in both reports whose summary, figures or independence differ."""

    key: str
    changes: list[Literal["summary", "figures", "independent"]]
    old: DiffFinding
    new: DiffFinding


class IncidentChange(_Frozen):
    """An incident only in one report, or whose grade differs between them."""

    id: str
    status: Literal["new", "removed", "regraded"]
    label: str
    date: date | None
    old_grade: str | None = None
    new_grade: str | None = None


class ReportDiff(_Frozen):
    """What changed from OLD to NEW."""

    old_path: str
    new_path: str
    new: list[DiffFinding] = Field(default_factory=list)
    resolved: list[DiffFinding] = Field(default_factory=list)
    changed: list[ChangedFinding] = Field(default_factory=list)
    incidents: list[IncidentChange] = Field(default_factory=list)
    unchanged_findings: int = 0
    unchanged_incidents: int = 0
    old_counts: dict[str, int] = Field(default_factory=dict)
    """Sources, claims, incidents and findings in OLD."""
    new_counts: dict[str, int] = Field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.new or self.resolved or self.changed or self.incidents)


def load_report(path: str | Path) -> ReportDoc:
    """The JSON report at PATH; a DataError naming the file when it is not a reconcile/report@1 report."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DataError("not UTF-8 text, so not a JSON report", path=path) from None
    except OSError as err:
        raise ReconcileError(f"cannot read: {err.strerror or err}", path=path) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataError(f"not valid JSON: {err.msg} (column {err.colno})", path=path, line=err.lineno) from None
    except RecursionError:
        raise DataError("not valid JSON: nested too deeply", path=path) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else None
        what = f"its schema is {str(found)[:40]!r}" if isinstance(found, str) else "no \"schema\" key"
        raise DataError(f"not a {SCHEMA} report ({what}; make one with `reconcile report --format json`)",
                        path=path)
    try:
        return ReportDoc.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise DataError(f"not a valid {SCHEMA} report: {where}: {first['msg']}", path=path) from None


def quote_hash(quote: str | None) -> str:
    """A short hash of QUOTE that ignores white space, quote-mark and dash styles and case."""
    return hashlib.sha1(fold(quote or "").casefold().encode()).hexdigest()[:12]


def claim_key(claim: ClaimDoc) -> ClaimKey:
    return (claim.source, claim.speaker or "", quote_hash(claim.quote))


def finding_key(finding: FindingDoc, claims: dict[str, ClaimDoc]) -> FindingKey:
    """The identity of FINDING across runs (see the module docstring)."""
    # A claim id the report does not list (a filtered report) stands for itself
    keys = {claim_key(claims[c]) if c in claims else ("", "", f"id:{c}") for c in finding.claims}
    return (finding.kind.value, finding.incident or "", finding.action or "", finding.object or "",
            tuple(sorted(keys)))


def key_hash(key: FindingKey) -> str:
    return hashlib.sha1(json.dumps(key).encode()).hexdigest()[:12]


class _Side:
    """One report's findings grouped by identity, with lookups to describe them."""

    def __init__(self, report: ReportDoc):
        self.claims = {c.id: c for c in report.claims}
        self.sources: dict[str, SourceDoc] = {s.id: s for s in report.sources}
        self.incidents: dict[str, IncidentDoc] = {i.id: i for i in report.incidents}
        self.by_key: dict[FindingKey, list[FindingDoc]] = defaultdict(list)
        for finding in report.findings:
            self.by_key[finding_key(finding, self.claims)].append(finding)
        self.counts = {"sources": len(report.sources), "claims": len(report.claims),
                       "incidents": len(report.incidents), "findings": len(report.findings)}

    def describe(self, finding: FindingDoc, key: FindingKey) -> DiffFinding:
        incident = self.incidents.get(finding.incident or "")
        return DiffFinding(
            key=key_hash(key), kind=finding.kind, incident=finding.incident,
            incident_label=incident.label if incident else None, action=finding.action,
            object=finding.object, summary=finding.summary, reason=finding.reason,
            independent=finding.independent, claims=[self._claim(c) for c in finding.claims])

    def _claim(self, claim_id: str) -> DiffClaim:
        claim = self.claims.get(claim_id)
        if claim is None:
            return DiffClaim(id=claim_id, source="")
        source = self.sources.get(claim.source)
        return DiffClaim(
            id=claim.id, source=claim.source, outlet=source.outlet if source else None,
            published=source.published if source else None, speaker=claim.speaker, quote=claim.quote,
            low=claim.low, high=claim.high, approx=claim.approx, value=claim.value,
            polarity=claim.polarity, hedge=claim.hedge)


def _figures(finding: DiffFinding) -> list[tuple]:
    """What each claim of FINDING asserts, in an order that ignores claim ids."""
    return sorted(((c.source, c.speaker or "", quote_hash(c.quote), c.low, c.high, c.approx, c.value or "",
                    c.polarity, c.hedge or "") for c in finding.claims), key=repr)


def _changes(old: DiffFinding, new: DiffFinding) -> list[str]:
    changes = []
    if old.summary != new.summary:
        changes.append("summary")
    if _figures(old) != _figures(new):
        changes.append("figures")
    if old.independent != new.independent:
        changes.append("independent")
    return changes


def _finding_order(finding: DiffFinding) -> tuple:
    kind = KIND_ORDER.index(finding.kind.value) if finding.kind.value in KIND_ORDER else len(KIND_ORDER)
    return (kind, finding.incident or "", finding.action or "", finding.object or "", finding.key)


def diff_reports(old: ReportDoc, new: ReportDoc, old_path: str = "OLD", new_path: str = "NEW") -> ReportDiff:
    """The findings new in NEW, resolved since OLD and changed between them, and the incidents.

    Args:
        old: the earlier report (see `load_report`).
        new: the later report.
        old_path, new_path: how to name the two reports in the output.

    Example:
        >>> diff_reports(load_report("before.json"), load_report("after.json")).changed
    """
    before, after = _Side(old), _Side(new)
    added: list[DiffFinding] = []
    resolved: list[DiffFinding] = []
    changed: list[ChangedFinding] = []
    unchanged = 0
    for key in before.by_key.keys() | after.by_key.keys():
        olds, news = before.by_key.get(key, []), after.by_key.get(key, [])
        # The same identity twice in one report (a sentence repeated) pairs off in order
        for old_f, new_f in zip(olds, news, strict=False):
            a, b = before.describe(old_f, key), after.describe(new_f, key)
            changes = _changes(a, b)
            if changes:
                changed.append(ChangedFinding(key=a.key, changes=changes, old=a, new=b))
            else:
                unchanged += 1
        resolved += [before.describe(f, key) for f in olds[len(news):]]
        added += [after.describe(f, key) for f in news[len(olds):]]

    incidents: list[IncidentChange] = []
    same = 0
    for incident_id in sorted(before.incidents.keys() | after.incidents.keys()):
        was, now = before.incidents.get(incident_id), after.incidents.get(incident_id)
        if was is not None and now is not None and was.grade == now.grade:
            same += 1
            continue
        status = "new" if was is None else "removed" if now is None else "regraded"
        shown = now or was
        incidents.append(IncidentChange(
            id=incident_id, status=status, label=shown.label, date=shown.date,
            old_grade=was.grade if was else None, new_grade=now.grade if now else None))
    incidents.sort(key=lambda i: (("regraded", "new", "removed").index(i.status), i.date or date.max, i.id))

    return ReportDiff(
        old_path=old_path, new_path=new_path,
        new=sorted(added, key=_finding_order), resolved=sorted(resolved, key=_finding_order),
        changed=sorted(changed, key=lambda c: _finding_order(c.new)), incidents=incidents,
        unchanged_findings=unchanged, unchanged_incidents=same,
        old_counts=before.counts, new_counts=after.counts)


def diff_files(old_path: str | Path, new_path: str | Path) -> ReportDiff:
    """`diff_reports` on two JSON report files; a ReconcileError naming the file that cannot be read."""
    old = load_report(old_path)
    new = load_report(new_path)
    return diff_reports(old, new, old_path=str(old_path), new_path=str(new_path))
