"""Narrow a Report to one incident or to some finding kinds, for `report --incident/--only`."""

from __future__ import annotations

from .errors import ReconcileError
from .models import FindingKind, Report

_PLURALS = {f"{kind.value}s": kind.value for kind in FindingKind} | {
    "unsourced": "unsourced", "unverified": "unverified"}


def parse_kinds(only: str) -> set[str]:
    kinds = set()
    for word in only.split(","):
        word = word.strip().lower()
        if not word:
            continue
        kind = _PLURALS.get(word, word)
        if kind not in {k.value for k in FindingKind}:
            raise ReconcileError(f"--only: unknown finding kind '{word}' (one of "
                                 f"{', '.join(k.value for k in FindingKind)})")
        kinds.add(kind)
    return kinds


def select_report(report: Report, incident_id: str | None = None, only: str | None = None) -> Report:
    """REPORT with only INCIDENT_ID's incident, claims and findings, and only the kinds in ONLY."""
    incidents, claims, findings = report.incidents, report.claims, report.findings
    if incident_id is not None:
        if incident_id not in {i.id for i in incidents}:
            raise ReconcileError(f"no incident '{incident_id}' (see `reconcile incidents`)")
        incidents = [i for i in incidents if i.id == incident_id]
        claims = [c for c in claims if c.incident == incident_id]
        findings = [f for f in findings if f.incident == incident_id]
    if only:
        kinds = parse_kinds(only)
        findings = [f for f in findings if f.kind.value in kinds]
    return report.model_copy(update={"incidents": incidents, "claims": claims, "findings": findings})
