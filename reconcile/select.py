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


def parse_grades(grades: str) -> set[str]:
    """--grade "contested,weak" as a set; an unknown grade is an error naming the known ones."""
    from .render.words import grades as known_grades

    known = list(known_grades())
    chosen = {g.strip().lower() for g in grades.split(",") if g.strip()}
    for grade in sorted(chosen - set(known)):
        raise ReconcileError(f"--grade: unknown grade '{grade}' (one of {', '.join(known)})")
    return chosen


def select_report(report: Report, incident_id: str | None = None, only: str | None = None,
                  grades: str | None = None) -> Report:
    """REPORT with only INCIDENT_ID's incident, the kinds in ONLY and the incidents graded GRADES.

    With ONLY, an incident left without findings is left out, with its claims: `--only
    contradictions` lists the contested incidents, not every incident with "No findings.".
    """
    incidents, claims, findings = report.incidents, report.claims, report.findings
    if incident_id is not None:
        if incident_id not in {i.id for i in incidents}:
            raise ReconcileError(f"no incident '{incident_id}' (see `reconcile incidents`)")
        incidents = [i for i in incidents if i.id == incident_id]
    if grades:
        chosen = parse_grades(grades)
        incidents = [i for i in incidents if i.grade in chosen]
    if only:
        kinds = parse_kinds(only)
        findings = [f for f in findings if f.kind.value in kinds]
        with_findings = {f.incident for f in findings}
        incidents = [i for i in incidents if i.id in with_findings]
    if incidents is not report.incidents:
        kept = {i.id for i in incidents}
        # claims and findings of the incidents kept; those tied to none stay unless one was asked for
        untied = incident_id is None and not grades
        claims = [c for c in claims if c.incident in kept or (untied and c.incident is None)]
        findings = [f for f in findings if f.incident in kept or (untied and f.incident is None)]
    return report.model_copy(update={"incidents": incidents, "claims": claims, "findings": findings})
