"""The plain data that flows between pipeline stages: Source -> Claim -> Incident -> Finding -> Report."""

from __future__ import annotations

import math
from datetime import date, datetime
from enum import Enum
from functools import cached_property, lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .perf import shared_fields

SCHEMA = "reconcile/report@1"

ScopeKind = Literal["local", "part", "total", "national"]
"""What a figure covers: the incident's place, one part of a breakdown, a tally over several
places, or a whole country. Figures are compared only within the same scope."""

Number = int | float


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    """One article, loaded from one file."""

    id: str
    """File name without the extension; unique within a run."""
    path: str
    outlet: str
    """From front matter, else the file stem."""
    published: date | None = None
    published_at: datetime | None = None
    """The full timestamp when the front matter gives one; orders reports of the same day."""
    title: str | None = None
    url: str | None = None
    party: str | None = None
    """The outlet's affiliation, for independence of corroboration."""
    text: str
    """The body after front matter; claim offsets index into it."""
    body_line: int = 1
    """1-based line of the file on which the body starts, for error messages."""
    encoding: str = "utf-8"


class Interval(_Frozen):
    """A quantity as the closed range of values a claim allows; high None means unbounded."""

    low: Number
    high: Number | None
    approx: bool = False

    def contains(self, other: Interval) -> bool:
        hi = math.inf if self.high is None else self.high
        other_hi = math.inf if other.high is None else other.high
        return self.low <= other.low and other_hi <= hi

    def overlaps(self, other: Interval) -> bool:
        hi = math.inf if self.high is None else self.high
        other_hi = math.inf if other.high is None else other.high
        return self.low <= other_hi and other.low <= hi

    @property
    def exact(self) -> bool:
        return self.high is not None and self.low == self.high and not self.approx


@lru_cache(maxsize=4096, typed=True)
def _interval(low: Number, high: Number | None, approx: bool) -> Interval:
    """One frozen Interval for equal figures of one type: figure-dense text has tens of thousands
    of claims, most of them with small numbers (its set of field names shared likewise)."""
    return shared_fields(Interval.model_construct(low=low, high=high, approx=approx))


class Claim(_Frozen):
    """One attributed assertion, anchored to a span of its source."""

    id: str
    source: str
    speaker: str | None = None
    """Canonical speaker; None when the outlet speaks in its own voice or the attribution is vague."""
    party: str | None = None
    quote: str
    start: int | None = None
    """Offset of the quote in the source body; None when a curated quote is not found there."""
    end: int | None = None
    action: str
    object: str | None = None
    low: Number | None = None
    high: Number | None = None
    approx: bool = False
    value: str | None = None
    """The value of a categorical claim (outcome, target)."""
    polarity: Literal["affirm", "deny"] = "affirm"
    hedge: str | None = None
    places: list[str] = Field(default_factory=list)
    event_date: date | None = None
    date_basis: Literal["stated", "relative", "overnight", "statement", "published", "none"] = "none"
    """How the event date was found: stated in the text, relative to publication ("yesterday"),
    an overnight span, the day a statement was made ("said on Saturday"), or only the publication
    date; the last three are upper bounds, so matched loosely."""
    incident: str | None = None
    origin: Literal["extracted", "curated"] = "extracted"
    scope: ScopeKind | None = None
    """What the figure covers; None infers it from `places` (see `findings.scope_of`)."""
    part_of: str | None = None
    """For a part of a breakdown ("11 over Kursk" of "40 drones"): the id of the total's claim."""
    speaker_text: str | None = None
    """The attribution as written ("the governor", "Russian officials")."""
    via: str | None = None
    """The medium that relays the speaker's words ("TASS quoted the minister as saying": TASS)."""
    vague: bool = False
    """Attributed to no origin a reader could check ("some media reports", "officials"): counted as
    unsourced. A vague group keeps its name as `speaker`."""
    place_keys: list[str] = Field(default_factory=list)
    """Gazetteer keys of `places`, used by the matcher."""
    incident_hint: str | None = None
    """A curated claim's `incident` label: claims with the same hint share an incident."""
    line: int | None = None
    """Line of the curated claim's [[claim]] header in claims.toml."""
    event: str | None = None
    """The lasting event the claim reports ("collapse", "storm:maria"): reports of it over the days
    after it struck join the incident of the day it struck."""
    estimate: bool = False
    """A statistical estimate (a study's, "excess deaths"), not a count: against a count from another
    origin it contradicts rather than revises."""
    figure_span: tuple[int, int] | None = None
    """Where the figure stands in `quote` (start, end), when the extractor found it there; a shortened
    quote keeps it (`render.text.quote_window`)."""
    cue_span: tuple[int, int] | None = None
    """Where the attribution ("according to regional officials") stands in `quote`, likewise."""

    @cached_property
    def interval(self) -> Interval | None:
        """The claim's figure as an interval (built once: comparisons ask for it many times)."""
        if self.low is None:
            return None
        return _interval(self.low, self.high, self.approx)

    @property
    def numeric(self) -> bool:
        return self.low is not None


class Figure(_Frozen):
    """Low, best and high figures for one action/object across origins, as UCDP reports them."""

    action: str
    object: str | None
    low: Number
    best: Number
    high: Number | None
    conservative: Number
    """The lowest figure any origin gives (as ACLED codes fatalities)."""
    origins: int
    claims: list[str]
    scope: str = "local"
    """The scope the figure covers: "local", or a total's or a country's ("total: A, B")."""
    parts: list[str] = Field(default_factory=list)
    """For a total: the claims of its parts, shown beside it."""
    best_basis: str = "stated"
    """How `best` was chosen: "stated" (the one origin's figure), "midpoint" (of the one origin's
    range) or "median" (of several origins' figures, which no origin may have given)."""


class Incident(_Frozen):
    """One event at one place on one day, with the claims that refer to it."""

    id: str
    label: str
    date: date | None
    places: list[str]
    sources: list[str]
    claims: list[str]
    place_keys: list[str] = Field(default_factory=list)
    covering: list[str] = Field(default_factory=list)
    """Claims about several regions that include this incident's (compared, not counted, here)."""
    grade: str | None = None
    """confirmed | fair | weak | contested (see docs/grades.md)."""
    summary: list[Figure] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    """Why each claim joined: area, place relation and days apart (shown by `show --why`)."""


class FindingKind(str, Enum):
    agreement = "agreement"
    contradiction = "contradiction"
    revision = "revision"
    unverified = "unverified"
    unsourced = "unsourced"


class AsOf(_Frozen):
    """One step of a revision: a figure and when it was reported."""

    claim: str
    as_of: date | datetime | None
    low: Number | None
    high: Number | None


class Finding(_Frozen):
    """What the comparison of claims shows; every finding names its claims."""

    kind: FindingKind
    incident: str | None
    action: str | None = None
    object: str | None = None
    claims: list[str]
    summary: str
    independent: bool | None = None
    """On agreements: whether the agreeing origins belong to different parties."""
    reason: str | None = None
    """Why the finding was made: which intervals, origins and dates."""
    as_of: list[AsOf] | None = None
    """On revisions: each figure in the chain with the date it was reported."""


class Report(_Frozen):
    """The whole result of a run, as rendered in every format."""

    schema_: str = Field(default=SCHEMA, alias="schema")
    sources: list[Source]
    claims: list[Claim]
    incidents: list[Incident]
    findings: list[Finding]
    notes: list[str] = Field(default_factory=list)
    """Diagnostics for stderr (left-out claims, unresolved dates)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def claim_index(self) -> dict[str, Claim]:
        return {c.id: c for c in self.claims}

    def source_index(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}
