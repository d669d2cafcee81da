"""The stable JSON contract, schema reconcile/report@1 (see DESIGN.md), and the claims listing."""

from __future__ import annotations

from collections.abc import Iterator

from ..models import Claim, Finding, Incident, Report, Source
from ..perf import fewer_collections
from ..scopes import scope_of
from .base import Renderer
from .jsontext import Stream, indented_chunks


def source_json(source: Source) -> dict:
    return {
        "id": source.id, "outlet": source.outlet,
        "published": source.published.isoformat() if source.published else None,
        "published_at": source.published_at.isoformat() if source.published_at else None,
        "title": source.title, "url": source.url, "path": source.path, "party": source.party,
    }


def claim_json(claim: Claim) -> dict:
    out = {
        "id": claim.id, "source": claim.source, "speaker": claim.speaker, "party": claim.party,
        "quote": claim.quote, "start": claim.start, "end": claim.end,
        "action": claim.action, "object": claim.object, "low": claim.low, "high": claim.high,
        "approx": claim.approx, "value": claim.value, "polarity": claim.polarity, "hedge": claim.hedge,
        "places": claim.places, "event_date": claim.event_date.isoformat() if claim.event_date else None,
        "incident": claim.incident, "origin": claim.origin,
        "speaker_text": claim.speaker_text, "vague": claim.vague, "date_basis": claim.date_basis,
        "scope": scope_of(claim), "part_of": claim.part_of,
    }
    if claim.via:
        out["via"] = claim.via
    if claim.estimate:
        out["estimate"] = True
    if claim.event:
        out["event"] = claim.event
    return out


def incident_json(incident: Incident) -> dict:
    return {
        "id": incident.id, "label": incident.label,
        "date": incident.date.isoformat() if incident.date else None,
        "places": incident.places, "sources": incident.sources, "claims": incident.claims,
        "covering": incident.covering, "grade": incident.grade,
        "summary": [f.model_dump(mode="json") for f in incident.summary],
    }


def finding_json(finding: Finding) -> dict:
    out = {
        "kind": finding.kind.value, "incident": finding.incident, "action": finding.action,
        "object": finding.object, "claims": finding.claims, "summary": finding.summary,
        "reason": finding.reason,
    }
    if finding.independent is not None:
        out["independent"] = finding.independent
    if finding.as_of is not None:
        out["as_of"] = [a.model_dump(mode="json") for a in finding.as_of]
    return out


def report_json(report: Report) -> dict:
    return {
        "schema": report.schema_,
        "sources": [source_json(s) for s in report.sources],
        "claims": [claim_json(c) for c in report.claims],
        "incidents": [incident_json(i) for i in report.incidents],
        "findings": [finding_json(f) for f in report.findings],
    }


def _report_fields(report: Report) -> dict[str, object]:
    """`report_json` with its lists made an item at a time as they are written (`indented_chunks`)."""
    return {
        "schema": report.schema_,
        "sources": Stream(report.sources, source_json),
        "claims": Stream(report.claims, claim_json),
        "incidents": Stream(report.incidents, incident_json),
        "findings": Stream(report.findings, finding_json),
    }


class JsonRenderer(Renderer):
    """See `Renderer.render`."""

    def render(self, report: Report) -> str:
        return "".join(self.chunks(report))

    def chunks(self, report: Report) -> Iterator[str]:
        """The text in pieces: a report of figure-dense text has tens of MB of JSON, built and
        written a piece at a time rather than held whole (as a tree of dicts, bytes and text)."""
        with fewer_collections():
            yield from indented_chunks(_report_fields(report))


CLAIMS_SCHEMA = "reconcile/claims@1"


class ClaimsJsonRenderer(Renderer):
    """See `Renderer.render`: `reconcile claims --format json`, the report's sources and claims."""

    def render(self, report: Report) -> str:
        return "".join(self.chunks(report))

    def chunks(self, report: Report) -> Iterator[str]:
        """See `JsonRenderer.chunks`."""
        with fewer_collections():
            yield from indented_chunks({"schema": CLAIMS_SCHEMA, "sources": Stream(report.sources, source_json),
                                        "claims": Stream(report.claims, claim_json)})
