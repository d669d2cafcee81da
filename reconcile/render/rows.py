"""Flat rows for spreadsheets, built from the JSON report (`report_json`), not from the models.

Building on the JSON keeps one mapping from models to data: the CSV and SQLite outputs carry the
same values as `--format json`, and a key added there is one place to look. A row is a dict from
column name to a str, number, bool or None; `render/csv.py` turns the values into cells.
"""

from __future__ import annotations

from collections.abc import Iterator

from .text import asserted

FINDING_COLUMNS = (
    "finding", "incident", "kind", "action", "object", "figure", "speaker", "party", "outlet", "date",
    "quote", "url", "claim", "claim_action", "claim_object", "low", "high", "hedge", "speaker_text", "source",
    "independent", "summary", "reason",
)
"""One row per (finding, claim): the finding's columns, then its claim's, then the finding's words."""

CLAIM_COLUMNS = (
    "claim", "source", "outlet", "date", "url", "speaker", "speaker_text", "party", "action", "object",
    "figure", "low", "high", "approx", "polarity", "hedge", "places", "event_date", "incident", "origin",
    "findings", "quote",
)
"""One row per claim; `findings` names the kinds of the findings that cite it."""


def _reported(source: dict) -> str | None:
    """When the outlet published: the full timestamp when known, else the day."""
    return source.get("published_at") or source.get("published")


def _figure(claim: dict) -> str | None:
    if not claim:
        return None
    return asserted(claim["low"], claim["high"], claim["approx"], claim["value"], claim["polarity"])


def finding_rows(data: dict) -> Iterator[dict]:
    """One row per claim of each finding of DATA, a JSON report, in the report's order.

    `finding` numbers the findings from 1 in the order of `data["findings"]` (the same number is
    the `findings.id` of the SQLite export). A claim the report does not carry (left out by
    `--incident`) still gets its row, with only its id.

    Example:
        >>> rows = list(finding_rows(report_json(report)))  # the bundled corpus, --no-extract
        >>> rows[0]["finding"], rows[0]["kind"], rows[0]["claim"], rows[1]["claim"]
        (1, 'agreement', 'izhevsk-baza-injured', 'izhevsk-brechalov-injured')
    """
    claims = {c["id"]: c for c in data["claims"]}
    sources = {s["id"]: s for s in data["sources"]}
    for number, finding in enumerate(data["findings"], 1):
        for claim_id in finding["claims"]:
            claim = claims.get(claim_id, {})
            source = sources.get(claim.get("source"), {})
            yield {
                "finding": number, "incident": finding["incident"], "kind": finding["kind"],
                "action": finding["action"], "object": finding["object"], "figure": _figure(claim),
                "speaker": claim.get("speaker"), "party": claim.get("party"), "outlet": source.get("outlet"),
                "date": _reported(source), "quote": claim.get("quote"), "url": source.get("url"),
                "claim": claim_id, "claim_action": claim.get("action"), "claim_object": claim.get("object"),
                "low": claim.get("low"), "high": claim.get("high"), "hedge": claim.get("hedge"),
                "speaker_text": claim.get("speaker_text"), "source": claim.get("source"),
                "independent": finding.get("independent"), "summary": finding["summary"],
                "reason": finding.get("reason"),
            }


def claim_rows(data: dict) -> Iterator[dict]:
    """One row per claim of DATA, a JSON report, in the report's order, with its source's outlet and link."""
    sources = {s["id"]: s for s in data["sources"]}
    kinds: dict[str, list[str]] = {}
    for finding in data["findings"]:
        for claim_id in finding["claims"]:
            named = kinds.setdefault(claim_id, [])
            if finding["kind"] not in named:
                named.append(finding["kind"])
    for claim in data["claims"]:
        source = sources.get(claim["source"], {})
        yield {
            "claim": claim["id"], "source": claim["source"], "outlet": source.get("outlet"),
            "date": _reported(source), "url": source.get("url"), "speaker": claim["speaker"],
            "speaker_text": claim.get("speaker_text"), "party": claim["party"], "action": claim["action"],
            "object": claim["object"], "figure": _figure(claim), "low": claim["low"], "high": claim["high"],
            "approx": claim["approx"], "polarity": claim["polarity"], "hedge": claim["hedge"],
            "places": "; ".join(claim["places"]), "event_date": claim["event_date"],
            "incident": claim["incident"], "origin": claim["origin"],
            "findings": ", ".join(kinds.get(claim["id"], [])), "quote": claim["quote"],
        }
