"""Read a gold file (docs/eval.md): what a careful fact-checker finds in a set of articles."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import DataError
from ..lexicons import validated_table
from ..tomlrows import array_rows, field_lines, parse_toml, read_toml_text, table_lines, validation_error

Number = int | float


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    line: int = 0
    """Where the row's header stands in the gold file (0: unknown)."""
    note: str | None = None
    why: str | None = None


class GoldIncident(_Row):
    id: str
    date: dt.date | str | None = None
    places: list[str] = Field(default_factory=list)
    facilities: list[str] = Field(default_factory=list)
    summary: str | None = None
    sources: list[str] = Field(default_factory=list)
    """The articles mainly about this incident."""
    mentions: list[str] = Field(default_factory=list)
    """Articles about another incident that recall this one."""


class _Metric(_Row):
    """A figure named by `action` (+ `object`) or by one `metric` ("drones_downed")."""

    incident: str
    metric: str | None = None
    action: str | None = None
    object: str | None = None
    scope: str | None = None
    """What the figure covers when not the whole incident."""


class GoldFact(_Metric):
    value: Number | None = None
    low: Number | None = None
    high: Number | None = None
    approx: bool = False
    category: str | list[str] | None = None
    speaker: str = ""
    speaker_keys: list[str] = Field(default_factory=list)
    """Fragments of the speaker's name, any of which identifies them in a claim's speaker."""
    party: str | None = None
    sources: list[str] = Field(default_factory=list)
    source: str | None = None
    part: str | None = None
    """The place within a multi-place incident the figure covers; "-" for a tally over several."""
    quote: str | None = None

    @model_validator(mode="after")
    def _named_and_valued(self):
        if self.metric is None and self.action is None:
            raise ValueError("a fact names an 'action' or a 'metric'")
        if self.value is None and self.low is None and self.high is None and self.category is None:
            raise ValueError("a fact needs 'value', 'low'/'high' or 'category'")
        if not self.sources and not self.source:
            raise ValueError("a fact names its 'sources'")
        return self

    @property
    def source_ids(self) -> frozenset[str]:
        return frozenset([self.source] if self.source else self.sources)


class GoldContradiction(_Metric):
    kind: str | None = None
    a: str | None = None
    """"Speaker: value" of one side."""
    b: str | None = None
    speakers_a: list[str] | None = None
    speakers_b: list[str] | None = None


class GoldRevision(_Metric):
    values: list[Number]
    speakers: list[str] = Field(default_factory=list)


class GoldAgreement(_Metric):
    value: Number | str | None = None
    speakers: list[str]


class GoldConsistent(_Metric):
    pass


class GoldFlag(_Row):
    """An assertion a fact-checker flags as unsourced or unverified: a quote in SOURCE holding KEYS."""

    source: str
    keys: list[str]


class GoldDistinct(_Row):
    a: str
    b: str


class GoldSpeaker(_Row):
    name: str
    variants: list[str] = Field(default_factory=list)
    party: str | None = None


class Gold(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: str = ""
    incidents: list[GoldIncident] = Field(default_factory=list)
    facts: list[GoldFact] = Field(default_factory=list)
    contradictions: list[GoldContradiction] = Field(default_factory=list)
    revisions: list[GoldRevision] = Field(default_factory=list)
    agreements: list[GoldAgreement] = Field(default_factory=list)
    consistent: list[GoldConsistent] = Field(default_factory=list)
    unsourced: list[GoldFlag] = Field(default_factory=list)
    unverified: list[GoldFlag] = Field(default_factory=list)
    distinct: list[GoldDistinct] = Field(default_factory=list)
    speakers: list[GoldSpeaker] = Field(default_factory=list)


# TOML table name -> (Gold field, row model)
_TABLES: dict[str, tuple[str, type[_Row]]] = {
    "incident": ("incidents", GoldIncident),
    "fact": ("facts", GoldFact),
    "contradiction": ("contradictions", GoldContradiction),
    "revision": ("revisions", GoldRevision),
    "agreement": ("agreements", GoldAgreement),
    "consistent": ("consistent", GoldConsistent),
    "unsourced": ("unsourced", GoldFlag),
    "unverified": ("unverified", GoldFlag),
    "distinct": ("distinct", GoldDistinct),
    "speaker": ("speakers", GoldSpeaker),
}


def load_gold(path: Path) -> Gold:
    """Parse and validate a gold file; a DataError names the file and line."""
    return parse_gold(read_toml_text(path).removeprefix("\ufeff"), str(path))


def parse_gold(text: str, path: str = "gold.toml") -> Gold:
    """Gold file content as a Gold; every row keeps the line of its header."""
    data = parse_toml(text, path)
    unknown = sorted(set(data) - set(_TABLES))
    if unknown:
        raise DataError(f"unknown table '{unknown[0]}' (expected one of {', '.join(sorted(_TABLES))})", path=path)
    tables: dict[str, list] = {}
    for table, (name, model) in _TABLES.items():
        headers = table_lines(text, table)
        rows = []
        for i, row in enumerate(array_rows(data, table, path)):
            header = headers[i] if i < len(headers) else 0
            try:
                rows.append(model.model_validate({**row, "line": header}))
            except ValidationError as err:
                fields = field_lines(text, header) if header else {}
                raise validation_error(err, path, header, fields, f"[[{table}]]") from None
        tables[name] = rows
    gold = Gold(path=path, **tables)
    _check_references(gold)
    return gold


def _check_references(gold: Gold) -> None:
    """Every row that names an incident names one the file defines."""
    ids = {i.id for i in gold.incidents}
    for rows in (gold.facts, gold.contradictions, gold.revisions, gold.agreements, gold.consistent):
        for row in rows:
            if row.incident not in ids:
                raise DataError(f"unknown incident '{row.incident}' (not an [[incident]] of this file)",
                                path=gold.path, line=row.line or None)


class _MetricRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = ""
    word: str = ""
    action: str
    object: str | None = None


class _People(BaseModel):
    kinds: list[str]


class EvaluationTable(BaseModel):
    """reconcile/data/evaluation.toml: how gold metrics map onto the report vocabulary."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scored_actions: list[str]
    measures: list[str]
    object_twins: dict[str, str]
    people: _People
    metric: list[_MetricRule]
    suffix: list[_MetricRule]
    prefix: list[_MetricRule]


@cache
def metric_table() -> EvaluationTable:
    return validated_table(EvaluationTable, "evaluation")


def action_and_object(row: _Metric) -> tuple[str, str | None]:
    """The (action, object) a gold row's `action`/`object` or `metric` names."""
    table = metric_table()
    if row.action is not None:
        default = None if row.action in table.measures else "people"
        return row.action, row.object if row.object is not None or "object" in row.model_fields_set else default
    metric = row.metric or ""
    for rule in table.metric:
        if metric == rule.name:
            return rule.action, rule.object
    for rule in table.suffix:
        if metric == rule.word:
            return rule.action, "people"
        if metric.endswith("_" + rule.word):
            return rule.action, metric[: -len(rule.word) - 1]
    for rule in table.prefix:
        if metric.startswith(rule.word):
            return rule.action, rule.object
    return metric, "people"
