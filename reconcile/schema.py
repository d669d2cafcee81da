"""The JSON report (schema reconcile/report@1) as pydantic models, and its JSON Schema.

These models mirror what `render/json.py` emits, key for key; `tests/test_schema.py` runs the
pipeline and fails when the two drift apart. Required keys are those of DESIGN.md's contract;
the other keys the renderer emits are described but optional, and unknown keys are allowed
(the contract permits extra keys), so a consumer's validator keeps working as the report grows.

`reconcile diff` parses its input with `ReportDoc`, so a file that is not a report is refused.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from .models import SCHEMA, FindingKind

Number = int | float
Grade = Literal["confirmed", "fair", "weak", "contested"]


def _no_default(schema: dict[str, Any]) -> None:
    """A key that may be absent but is never null has no `"default": null` either."""
    schema.pop("default", None)


class _Doc(BaseModel):
    # Extra keys are allowed by the contract; the test checks that none is left undescribed.
    model_config = ConfigDict(frozen=True, extra="allow")


class SourceDoc(_Doc):
    """One article."""

    id: str = Field(description="File name without the extension; unique within a run.")
    outlet: str
    published: date | None = Field(description="Publication date, from the front matter.")
    title: str | None
    url: str | None
    path: str
    published_at: datetime | None = Field(default=None, description="Full publication timestamp, when known.")
    party: str | None = Field(default=None, description="The outlet's affiliation.")


class ClaimDoc(_Doc):
    """One attributed assertion, anchored to a span of its source's body."""

    id: str
    source: str = Field(description="Id of the source the quote is in.")
    speaker: str | None = Field(description="Canonical speaker; null when the outlet speaks in its own voice, or for "
                                            "reports, sources and bare media; a vague group as written "
                                            "(\"officials\").")
    party: str | None
    quote: str
    start: int | None = Field(description="Offset of the quote in the source body (after front matter).")
    end: int | None
    action: str
    object: str | None
    low: Number | None
    high: Number | None = Field(description="null means unbounded above; an exact figure has low == high.")
    approx: bool
    value: str | None = Field(description="The value of a categorical claim (outcome, target).")
    polarity: Literal["affirm", "deny"]
    hedge: str | None
    places: list[str]
    event_date: date | None
    incident: str | None
    origin: Literal["extracted", "curated"]
    speaker_text: str | None = Field(default=None, description="The attribution as written.")
    via: str | None = Field(default=None, description="The medium that relays the speaker's words (\"TASS quoted "
                                                       "the minister as saying\": TASS); absent when none.")
    vague: bool = Field(default=False, description="Attributed to no origin a reader could check (unnamed "
                                                   "sources, \"officials\"): counted as unsourced.")
    date_basis: Literal["stated", "relative", "overnight", "statement", "published", "none"] | None = Field(
        default=None, description="How event_date was found: stated, relative to publication, overnight, the "
                                  "day of the statement, only the publication date, or none.")
    scope: Literal["local", "part", "total", "national"] | None = Field(
        default=None, description="What the figure covers: the incident's place, one part of a breakdown, a "
                                  "tally over several places, or a whole country; figures compare within one scope.")
    part_of: str | None = Field(default=None, description="For a part of a breakdown: the id of its total's claim.")


class FigureDoc(_Doc):
    """Low, best and high figures for one action/object of an incident."""

    action: str
    object: str | None
    low: Number
    best: Number
    high: Number | None
    conservative: Number
    origins: int
    claims: list[str]
    scope: str = Field(default="local", description='"local", "total over A, B" or "nationwide (C)".')
    parts: list[str] = Field(default_factory=list, description="For a total: the claims of its parts.")
    best_basis: str = Field(default="stated", description='How `best` was chosen: "stated", "midpoint" or "median".')


class IncidentDoc(_Doc):
    """One event at one place on one day."""

    id: str
    label: str
    date: date | None
    places: list[str]
    sources: list[str]
    claims: list[str]
    covering: list[str] = Field(
        default_factory=list,
        description="Claims about several regions that include this incident's: compared here, not counted.")
    grade: Grade | None = Field(default=None, description="confirmed | fair | weak | contested.")
    summary: list[FigureDoc] = Field(default_factory=list)


class AsOfDoc(_Doc):
    """One step of a revision."""

    claim: str
    as_of: datetime | date | None
    low: Number | None
    high: Number | None


class FindingDoc(_Doc):
    """What the comparison of claims shows."""

    kind: FindingKind
    incident: str | None
    action: str | None
    object: str | None
    claims: list[str]
    summary: str
    reason: str | None = None
    # Present only on agreements and revisions: absent there, never null
    independent: bool | SkipJsonSchema[None] = Field(
        default=None, description="On agreements: whether the origins belong to different parties.",
        json_schema_extra=_no_default)
    as_of: list[AsOfDoc] | SkipJsonSchema[None] = Field(
        default=None, description="On revisions: each figure with the date it was reported.",
        json_schema_extra=_no_default)


class ReportDoc(_Doc):
    """The whole report, as `reconcile report --format json` writes it."""

    schema_: Literal[SCHEMA] = Field(alias="schema")  # type: ignore[valid-type]
    sources: list[SourceDoc]
    claims: list[ClaimDoc]
    incidents: list[IncidentDoc]
    findings: list[FindingDoc]

    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True)


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the JSON report, as `reconcile schema` prints it.

    Example:
        >>> report_schema()["properties"]["schema"]["const"]
        'reconcile/report@1'
    """
    schema = ReportDoc.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "reconcile report",
        "description": f"The JSON report of `reconcile report --format json`, schema {SCHEMA}.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }
