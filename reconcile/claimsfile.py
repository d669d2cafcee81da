"""Read claims.toml: [settings], [[speaker]], [[claim]], [[incident]] and [check], with line numbers."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from string import Formatter
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, ValidationError, field_validator

from .errors import DataError
from .lexicons import SpeakerEntry, pack_names, vocabulary
from .sources import is_source_id
from .tomlrows import (
    array_rows,
    field_lines,
    parse_toml,
    read_toml_text,
    table_lines,
    table_lines_single,
    validation_error,
)

if sys.version_info >= (3, 11):
    pass
else:  # pragma: no cover
    pass

FILENAME = "claims.toml"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _web_url(value: str) -> str:
    """VALUE when it is an absolute http(s) URL with a host; raises ValueError otherwise."""
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value.strip()):
        raise ValueError(f"'{value}' is not an http(s) URL with a host")
    return value.strip()


REVIEW_URL_FIELDS = ("incident", "claim")
"""The placeholders of [settings] review_url."""


class Publisher(_Strict):
    """The organisation that publishes the fact checks: the ClaimReview `author`."""

    name: str = Field(min_length=1)
    url: str | None = None

    @field_validator("name")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return None if value is None else _web_url(value)


def review_url_fields(template: str) -> list[str]:
    """The placeholders of TEMPLATE; raises ValueError on a malformed or unknown one."""
    try:
        parsed = list(Formatter().parse(template))
    except ValueError as err:
        raise ValueError(f"malformed placeholder ({err}); write {{incident}} or {{claim}}, "
                         f"and {{{{ or }}}} for a literal brace") from None
    fields = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in REVIEW_URL_FIELDS:
            raise ValueError(f"unknown placeholder '{{{name}}}' (use {{incident}} and {{claim}})")
        if spec or conversion:
            raise ValueError(f"placeholder '{{{name}}}' takes no format or conversion")
        fields.append(name)
    return fields


class Settings(_Strict):
    """Thresholds; every one has a default."""

    date_window_days: int = Field(default=0, ge=0)
    """How many days apart two stated event dates of one incident may be (claims dated only by
    publication, or overnight, may also fall on the day before)."""
    approx_width: float = Field(default=0.1, ge=0, lt=1)
    """Relative half-width of "about N": N ± width·N."""
    place_distance_km: float = Field(default=50.0, ge=0)
    """Two places this close count as one location."""
    place_score: float = Field(default=88.0, ge=0, le=100)
    """rapidfuzz score above which two place names are spelling variants."""
    extract: bool = True
    """Extract claims from the article text beside the curated ones."""
    packs: list[str] | None = None
    """The domain packs of vocabulary to extract with (reconcile/data/packs/); None: all of them."""

    publisher: Publisher | None = None
    """Who publishes the fact checks (the ClaimReview `author`): `{ name = "...", url = "..." }`."""
    review_url: str | None = None
    """Where each review is published, with {incident} and {claim} filled in (ClaimReview `url`)."""

    @field_validator("review_url")
    @classmethod
    def _review_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        review_url_fields(value)
        try:
            _web_url(value.format(**dict.fromkeys(REVIEW_URL_FIELDS, "x")))
        except ValueError:
            raise ValueError(f"'{value}' is not an http(s) URL with a host") from None
        return value.strip()

    @field_validator("packs")
    @classmethod
    def _known_packs(cls, value: list[str] | None) -> list[str] | None:
        unknown = [p for p in value or [] if p not in pack_names()]
        if unknown:
            raise ValueError(f"unknown pack '{unknown[0]}' (one of {', '.join(pack_names())})")
        return value


class CuratedClaim(_Strict):
    """A [[claim]] table as written by a person."""

    id: str
    source: str
    quote: str
    speaker: str | None = None
    party: str | None = None
    action: str
    object: str | None = None
    # Strict: TOML `true` is not the figure 1
    value: StrictInt | StrictFloat | str | None = None
    low: StrictInt | StrictFloat | None = None
    high: StrictInt | StrictFloat | None = None
    approx: bool | None = None
    places: list[str] = Field(default_factory=list)
    date: dt.date | None = None
    hedge: str | None = None
    polarity: Literal["affirm", "deny"] = "affirm"
    estimate: bool | None = None
    """A statistical estimate rather than a count; by default read from the quote and the party."""
    event: str | None = None
    """The lasting event the claim reports ("collapse", "storm:maria"); by default read from the
    quote, else from its article."""
    incident: str | None = None
    ignore: list[str] = Field(default_factory=list)
    reason: str | None = None
    line: int = 0
    field_lines: dict[str, int] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("must be letters, digits, '-', '_', '.' or ':' and start with a letter or digit")
        return value

    @field_validator("source")
    @classmethod
    def _source_id(cls, value: str) -> str:
        # A source id is a file stem; "../x" or "a/b" never names a loaded source
        if not is_source_id(value):
            raise ValueError(f"'{value}' is not a source id (the article's file name without extension)")
        return value

    @field_validator("action")
    @classmethod
    def _known_action(cls, value: str) -> str:
        if value not in vocabulary().actions:
            raise ValueError(f"unknown action '{value}' (one of {', '.join(vocabulary().actions)})")
        return value

    @field_validator("object")
    @classmethod
    def _known_object(cls, value: str | None) -> str | None:
        if value is not None and value not in vocabulary().objects:
            raise ValueError(f"unknown object '{value}' (one of {', '.join(vocabulary().objects)})")
        return value

    @field_validator("party")
    @classmethod
    def _known_party(cls, value: str | None) -> str | None:
        if value is not None and value not in vocabulary().parties:
            raise ValueError(f"unknown party '{value}' (one of {', '.join(vocabulary().parties)})")
        return value


class IncidentPin(_Strict):
    """An editor's decision: these claims form one incident (merge), or never share one (split)."""

    id: str | None = None
    label: str | None = None
    merge: list[str] = Field(default_factory=list)
    split: list[str] = Field(default_factory=list)
    line: int = 0


class CheckConfig(_Strict):
    """The [check] table: which CI rules apply and how severe they are."""

    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    fail_level: Literal["error", "warning", "info"] | None = None


class ClaimsFile(_Strict):
    """Everything claims.toml says; `duplicates` holds claims whose id was already taken."""

    path: str | None = None
    settings: Settings = Settings()
    speakers: list[SpeakerEntry] = Field(default_factory=list)
    claims: list[CuratedClaim] = Field(default_factory=list)
    duplicates: list[CuratedClaim] = Field(default_factory=list)
    incidents: list[IncidentPin] = Field(default_factory=list)
    check: CheckConfig = CheckConfig()
    text: str = ""


def load_claims_file(path: Path) -> ClaimsFile:
    """Parse and validate claims.toml; raises DataError naming the file and line."""
    return parse_claims_text(read_toml_text(path), str(path))


def parse_claims_text(text: str, path: str = FILENAME) -> ClaimsFile:
    """claims.toml content as a ClaimsFile."""
    # A byte-order mark, as some editors save UTF-8, is no TOML; line numbers are unchanged without it
    text = text.removeprefix("\ufeff")
    data = parse_toml(text, path)
    known = {"settings", "speaker", "claim", "incident", "check"}
    for key in data:
        if key not in known:
            raise DataError(f"unknown table '{key}' (expected one of {', '.join(sorted(known))})", path=path)

    def validated(model, row, header, what):
        fields = field_lines(text, header) if header else {}
        try:
            return model.model_validate({**row, "line": header, **(
                {"field_lines": fields} if model is CuratedClaim else {})})
        except ValidationError as err:
            raise validation_error(err, path, header, fields, what) from None

    settings_line = next(iter(table_lines_single(text, "settings")), 0)
    try:
        settings = Settings.model_validate(data.get("settings", {}))
    except ValidationError as err:
        fields = field_lines(text, settings_line)
        # publisher may be a table of its own, [settings.publisher]: point at its key's line there
        publisher_line = next(iter(table_lines_single(text, "settings.publisher")), 0)
        loc = err.errors()[0]["loc"]
        if publisher_line and loc[0] == "publisher":
            nested = field_lines(text, publisher_line)
            fields["publisher"] = nested.get(str(loc[1]), publisher_line) if len(loc) > 1 else publisher_line
        raise validation_error(err, path, settings_line, fields, "[settings]") from None
    check_line = next(iter(table_lines_single(text, "check")), 0)
    try:
        check = CheckConfig.model_validate(data.get("check", {}))
    except ValidationError as err:
        raise validation_error(err, path, check_line, field_lines(text, check_line), "[check]") from None

    speaker_lines = table_lines(text, "speaker")
    speakers = []
    for i, row in enumerate(array_rows(data, "speaker", path)):
        header = speaker_lines[i] if i < len(speaker_lines) else 0
        fields = field_lines(text, header) if header else {}
        try:
            entry = SpeakerEntry.model_validate(row)
        except ValidationError as err:
            raise validation_error(err, path, header, fields, "[[speaker]]") from None
        if entry.party is not None and entry.party not in vocabulary().parties:
            raise DataError(f"[[speaker]]: unknown party '{entry.party}'", path=path, line=fields.get("party", header))
        speakers.append(entry)

    claim_lines = table_lines(text, "claim")
    claims: list[CuratedClaim] = []
    duplicates: list[CuratedClaim] = []
    seen: set[str] = set()
    for i, row in enumerate(array_rows(data, "claim", path)):
        header = claim_lines[i] if i < len(claim_lines) else 0
        claim = validated(CuratedClaim, row, header, "[[claim]]")
        (duplicates if claim.id in seen else claims).append(claim)
        seen.add(claim.id)

    incident_lines = table_lines(text, "incident")
    pins = [validated(IncidentPin, row, incident_lines[i] if i < len(incident_lines) else 0, "[[incident]]")
            for i, row in enumerate(array_rows(data, "incident", path))]
    return ClaimsFile(path=path, settings=settings, speakers=speakers, claims=claims, duplicates=duplicates,
                      incidents=pins, check=check, text=text)
