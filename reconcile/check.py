"""`reconcile check`: rules over the curated claims in claims.toml, for CI.

Each rule has a code (RC101), a name, a default severity and a one-line description, all kept in
data/rules.toml. A claim may suppress codes with `ignore = [...]` and a `reason`; a baseline file
hides problems that were already known. Problems are identified by a fingerprint that does not
change when unrelated lines move: code, claim id and a hash of the normalised quote.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .anchor import find_quote, fold
from .claimsfile import ClaimsFile, CuratedClaim
from .curated import curated_claims
from .errors import DataError, ReconcileError
from .lexicons import read_table
from .models import FindingKind, Source
from .pipeline import Config, read_claims_file, run
from .render.jsontext import indented
from .sources import load_sources
from .speakers import SpeakerIndex, is_vague

SCHEMA = "reconcile/check@1"
BASELINE_SCHEMA = "reconcile/check-baseline@1"
ALL = "ALL"
"""The selector that matches every rule."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Severity(str, Enum):
    """How bad a problem is; `--fail-level` fails the run on problems at or above it."""

    info = "info"
    warning = "warning"
    error = "error"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class Rule(_Frozen):
    """One check, as listed by `reconcile check --list-rules`."""

    code: str = Field(pattern=r"^RC\d{3}$")
    """Stable identifier, never reused (RC101)."""
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    severity: Severity
    """The default severity; [check] severity overrides it."""
    enabled: bool
    """Whether the rule runs when nothing is selected."""
    description: str
    help: str | None = None

    @property
    def anchor(self) -> str:
        """The rule's section of docs/ci.md: `rc101-unsourced-claim`."""
        return f"{self.code.lower()}-{self.name}"

    @property
    def help_uri(self) -> str:
        """The absolute URL of the rule's documentation."""
        return f"{rule_table().docs_url}#{self.anchor}"


class VagueAttributions(_Frozen):
    """Speakers that name nobody ("sources", "some media reports")."""

    qualifiers: list[str]
    phrases: list[str]


class RuleTable(_Frozen):
    """data/rules.toml."""

    docs_url: str = Field(pattern=r"^https?://[^\s#]+$")
    """The page that documents the rules, one section per rule."""
    rule: list[Rule]
    vague: VagueAttributions

    @model_validator(mode="after")
    def _unique(self) -> RuleTable:
        for key in ("code", "name"):
            seen = Counter(getattr(r, key) for r in self.rule)
            twice = [k for k, n in seen.items() if n > 1]
            if twice:
                raise ValueError(f"rule {key} used twice: {', '.join(twice)}")
        return self


class Location(_Frozen):
    """A span of a file; columns count Unicode code points, and the end column is exclusive."""

    path: str
    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    snippet: str | None = None


class Problem(_Frozen):
    """One rule firing on one claim."""

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    """claims.toml as shown to the user (relative to the working directory when inside it)."""
    line: int
    """The line of the claim's field the problem is about, else of its [[claim]] header."""
    column: int = 1
    claim: str | None = None
    fingerprint: str
    """code/claim/hash of the normalised quote: stable when unrelated lines move."""
    related: Location | None = None
    """Where the claim's quote is in its source, when it is found there."""
    quote: str | None = None
    """The claim's quote as claims.toml has it, for context under the problem."""


class CheckResult(_Frozen):
    """The whole outcome of a check; the exit status is computed from it once."""

    schema_: str = Field(default=SCHEMA, alias="schema")
    problems: list[Problem]
    """Problems to report: enabled rules, not suppressed, not in the baseline; sorted by place."""
    rules: list[Rule]
    """Every rule, with its default settings."""
    active: dict[str, Severity]
    """The enabled rules and their effective severity."""
    path: str | None = None
    """The claims file checked; None when there is none."""
    claims: int = 0
    """How many [[claim]] tables were checked."""
    suppressed: int = 0
    """Problems hidden by a claim's `ignore`."""
    baselined: int = 0
    """Problems hidden because the baseline lists them."""
    fail_level: Severity = Severity.error

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def statistics(self) -> list[tuple[Rule, Severity, int]]:
        """(rule, effective severity, problems) per rule that fired, most problems first, then by code."""
        table = {r.code: r for r in self.rules}
        found = Counter(p.code for p in self.problems)
        levels = {p.code: p.severity for p in self.problems}
        return [(table[code], levels[code], n) for code, n in sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))]

    def counts(self) -> dict[str, int]:
        """Problems per severity, error first."""
        found = Counter(p.severity.value for p in self.problems)
        return {s.value: found.get(s.value, 0) for s in reversed(Severity)}

    @property
    def failed(self) -> bool:
        """Whether any problem is at or above `fail_level`."""
        return any(p.severity.rank >= self.fail_level.rank for p in self.problems)

    def with_fail_level(self, level: Severity | str | None) -> CheckResult:
        return self if level is None else self.model_copy(update={"fail_level": Severity(level)})


class Baseline(_Frozen):
    """Fingerprints of known problems; each one hides one problem (a multiset)."""

    fingerprints: list[str] = Field(default_factory=list)


@cache
def rule_table() -> RuleTable:
    """data/rules.toml, validated."""
    try:
        return RuleTable.model_validate(read_table("rules"))
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise DataError(f"{field}: {first['msg']}", path="reconcile/data/rules.toml") from err


def rules() -> list[Rule]:
    """Every rule, in code order."""
    return sorted(rule_table().rule, key=lambda r: r.code)


# --- selection -----------------------------------------------------------------------------------


def parse_selectors(values: Iterable[str] | None, where: str, path: str | None = None,
                    line: int | None = None) -> list[str] | None:
    """Codes or code prefixes ("RC1", "RC201", "ALL"), comma-separated or not; None stays None.

    An unknown code raises ReconcileError (DataError at PATH:LINE when they are given).
    """
    if values is None:
        return None
    codes = {r.code for r in rules()}
    out: list[str] = []
    for value in values:
        for part in str(value).split(","):
            selector = part.strip().upper()
            if not selector:
                continue
            if selector != ALL and not any(code.startswith(selector) for code in codes):
                message = (f"{where}: unknown rule code or prefix '{part.strip()}' "
                           f"(see `reconcile check --list-rules`)")
                raise DataError(message, path=path, line=line) if path else ReconcileError(message)
            out.append(selector)
    return out


def _longest(selectors: Iterable[str], code: str) -> str | None:
    """The most specific selector matching CODE (ALL is the least), or None."""
    matching = [s for s in selectors if s == ALL or code.startswith(s)]
    return max(matching, key=lambda s: 0 if s == ALL else len(s)) if matching else None


def _specificity(selector: str | None) -> int | None:
    return None if selector is None else 0 if selector == ALL else len(selector)


def active_rules(select: list[str] | None, ignore: list[str],
                 severity: dict[str, str]) -> dict[str, Severity]:
    """The enabled rules and their severity.

    Without SELECT the rules enabled by default run. The most specific selector decides, as in
    ruff: `--select RC2 --ignore RC202` runs RC201 and RC203; `--ignore RC2 --select RC202` runs RC202.
    A tie goes to IGNORE. SEVERITY maps codes or prefixes to a severity, the longest match winning.
    """
    out: dict[str, Severity] = {}
    for rule in rules():
        if select is None:
            chosen = -1 if rule.enabled else None
        else:
            chosen = _specificity(_longest(select, rule.code))
        dropped = _specificity(_longest(ignore, rule.code))
        if chosen is None or (dropped is not None and dropped >= chosen):
            continue
        level = _longest(severity, rule.code)
        out[rule.code] = Severity(severity[level]) if level else rule.severity
    return out


def _check_line(text: str, key: str) -> int | None:
    """Line of KEY in the [check] table of claims.toml TEXT (else of the table header)."""
    header: int | None = None
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            if header is not None:
                break
            if stripped.split("#")[0].strip() == "[check]":
                header = n
        elif header is not None and stripped.split("=")[0].strip() == key:
            return n
    return header


def _selection(claims_file: ClaimsFile, select, ignore) -> tuple[list[str] | None, list[str], dict[str, str]]:
    """(select, ignore, severity) from the flags, else from [check]; flags override the file key by key."""
    path = claims_file.path

    def from_file(values, key):
        line = _check_line(claims_file.text, key)
        return parse_selectors(values, f"[check] {key}", path or "claims.toml", line)

    selected = parse_selectors(select, "--select") if select is not None \
        else from_file(claims_file.check.select, "select")
    ignored = parse_selectors(ignore, "--ignore") if ignore is not None \
        else from_file(claims_file.check.ignore, "ignore")
    severity: dict[str, str] = {}
    for key, level in claims_file.check.severity.items():
        for selector in from_file([key], "severity") or []:
            severity[selector] = level
    return selected, ignored or [], severity


# --- the rules -----------------------------------------------------------------------------------


def fingerprint(code: str, claim_id: str, quote: str, detail: str = "") -> str:
    """CODE/CLAIM/hash: the same problem keeps it when lines move or unrelated claims change."""
    # The quote is folded like anchoring folds it, so retyping quote marks or wrapping lines
    # does not make a known problem look new.
    digest = hashlib.sha256(f"{fold(quote).lower()}\x1f{detail}".encode()).hexdigest()[:16]
    return f"{code}/{claim_id}/{digest}"


@dataclass
class _Hit:
    code: str
    message: str
    field: str | None = None
    """The claim's key the problem is about; None for the [[claim]] header."""
    detail: str = ""
    """Tells apart two hits of one code on one claim (RC902 on two codes)."""


@dataclass
class _Context:
    sources: dict[str, Source]
    first_line: dict[str, int]
    contradictions: dict[str, list[str]]
    shown_paths: str


def _claim_hits(entry: CuratedClaim, duplicate: bool, quoted: Location | None, ctx: _Context) -> list[_Hit]:
    """The rules of RC1-RC5 that fire on ENTRY; QUOTED is where its quote is in its source."""
    hits: list[_Hit] = []
    speaker = (entry.speaker or "").strip()
    if not speaker:
        hits.append(_Hit("RC101", f"claim '{entry.id}' has no speaker: who makes this assertion?", "speaker"))
    elif is_vague(speaker):
        hits.append(_Hit("RC102", f"claim '{entry.id}' is attributed only to '{speaker}', which names nobody",
                         "speaker"))
    source = ctx.sources.get(entry.source)
    if source is None:
        hits.append(_Hit("RC201", f"claim '{entry.id}' names source '{entry.source}', which is not among the "
                                  f"loaded sources ({ctx.shown_paths})", "source"))
    elif quoted is None:
        hits.append(_Hit("RC202", f"claim '{entry.id}': the quote is not in {source.path}", "quote"))
    if duplicate:
        first = ctx.first_line.get(entry.id)
        hits.append(_Hit("RC203", f"claim id '{entry.id}' is already used"
                                  + (f" on line {first}" if first else "") + "; this claim is ignored"))
    if not entry.places and entry.date is None:
        hits.append(_Hit("RC301", f"claim '{entry.id}' has neither `places` nor `date`"))
    if entry.hedge:
        hits.append(_Hit("RC401", f"claim '{entry.id}' is hedged ('{entry.hedge}')", "hedge"))
    if not duplicate and entry.id in ctx.contradictions:
        hits.append(_Hit("RC501", f"claim '{entry.id}' is contradicted: "
                                  + "; ".join(ctx.contradictions[entry.id])))
    return hits


def _suppression_hits(entry: CuratedClaim, hits: list[_Hit]) -> tuple[list[_Hit], list[_Hit]]:
    """(HITS left after the claim's `ignore`, hits of RC901/RC902 about the `ignore` itself)."""
    kept: list[_Hit] = []
    used: set[str] = set()
    selectors = [s.strip().upper() for s in entry.ignore]
    for hit in hits:
        by = [s for s in selectors if s and not s.startswith("RC9") and (s == ALL or hit.code.startswith(s))]
        used.update(by)
        if not by:
            kept.append(hit)
    meta: list[_Hit] = []
    if entry.ignore and not (entry.reason or "").strip():
        meta.append(_Hit("RC901", f"claim '{entry.id}' ignores {', '.join(entry.ignore)} without a `reason`",
                         "reason" if entry.reason is not None else "ignore"))
    codes = {r.code for r in rules()}
    for raw, selector in zip(entry.ignore, selectors, strict=True):
        if selector in used:
            continue
        if selector.startswith("RC9"):
            why = f"'{raw}' cannot be suppressed on a claim; use [check] ignore"
        elif not selector or (selector != ALL and not any(c.startswith(selector) for c in codes)):
            why = f"'{raw}' is not a rule code (see `reconcile check --list-rules`)"
        else:
            why = f"'{raw}' is ignored but does not fire on claim '{entry.id}'"
        meta.append(_Hit("RC902", why, "ignore", detail=selector))
    return kept, meta


def _position(text: str, offset: int, first_line: int) -> tuple[int, int]:
    """1-based (line, column) of OFFSET in TEXT, whose first line is FIRST_LINE of its file."""
    before = text[:offset]
    return first_line + before.count("\n"), offset - (before.rfind("\n") + 1) + 1


def quote_location(source: Source, quote: str) -> Location | None:
    """Where QUOTE is in SOURCE's file, or None when it is not there."""
    span = find_quote(source.text, quote)
    if span is None:
        return None
    line, column = _position(source.text, span[0], source.body_line)
    end_line, end_column = _position(source.text, span[1], source.body_line)
    return Location(path=source.path, line=line, column=column, end_line=end_line, end_column=end_column,
                    snippet=source.text[span[0]:span[1]])


def _shown(path: str | Path) -> str:
    """PATH relative to the working directory when it is inside it, with forward slashes."""
    path = Path(path)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            pass
    return path.as_posix()


def _field_position(claims_file: ClaimsFile, entry: CuratedClaim, field: str | None) -> tuple[int, int]:
    line = (entry.field_lines.get(field) if field else None) or entry.line or 1
    lines = claims_file.text.splitlines()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return line, len(text) - len(text.lstrip()) + 1


def _contradictions(config: Config) -> dict[str, list[str]]:
    """Claim id -> summaries of the contradictions it is part of, among curated claims only."""
    report = run(replace(config, extract=False, progress=None))
    out: dict[str, list[str]] = defaultdict(list)
    for finding in report.findings:
        if finding.kind is FindingKind.contradiction:
            for claim_id in finding.claims:
                out[claim_id].append(finding.summary)
    return out


def _apply_baseline(problems: list[Problem], baseline: Baseline | None) -> tuple[list[Problem], int]:
    if baseline is None:
        return problems, 0
    known = Counter(baseline.fingerprints)
    kept: list[Problem] = []
    for problem in problems:
        if known[problem.fingerprint] > 0:
            known[problem.fingerprint] -= 1
        else:
            kept.append(problem)
    return kept, len(problems) - len(kept)


def run_check(config: Config, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
              baseline: Baseline | Path | None = None) -> CheckResult:
    """Check the curated claims of CONFIG's claims.toml against the sources under its paths.

    Args:
        config: paths to articles and the claims file (extraction settings are not used).
        select: rule codes or prefixes to run; None follows [check] select, else the defaults.
        ignore: rule codes or prefixes not to run; None follows [check] ignore.
        baseline: known problems not to report again (a Baseline or a path to one).

    Raises:
        ReconcileError: claims.toml, a source or the baseline cannot be read (`check` exits 2).

    Example:
        >>> result = run_check(Config(paths=[Path("sources")]), select=["RC2"])
        >>> [f"{p.line}: {p.code}" for p in result.problems]
    """
    claims_file = read_claims_file(config)
    active = active_rules(*_selection(claims_file, select, ignore))
    if isinstance(baseline, (str, Path)):
        baseline = read_baseline(Path(baseline))

    loaded = load_sources(config.paths)
    sources = {s.id: s for s in loaded}
    # Other commands stop on a claim whose value cannot be read; so does the gate.
    curated_claims(claims_file, sources, SpeakerIndex(claims_file.speakers))
    entries = [(c, False) for c in claims_file.claims] + [(c, True) for c in claims_file.duplicates]
    entries.sort(key=lambda item: item[0].line)
    # RC501 runs the pipeline: only when it is enabled, or a claim's `ignore` names it (RC902 must know).
    wanted = "RC501" in active or any(
        _longest([s.strip().upper()], "RC501") for c, _ in entries for s in c.ignore if s.strip())
    ctx = _Context(
        sources=sources,
        first_line={c.id: c.line for c in claims_file.claims},
        contradictions=_contradictions(config) if wanted and claims_file.claims else {},
        shown_paths=", ".join(_shown(p) for p in config.paths) or "none",
    )
    path = _shown(claims_file.path) if claims_file.path else "claims.toml"
    table = {r.code: r for r in rules()}
    problems: list[Problem] = []
    suppressed = 0
    for entry, duplicate in entries:
        source = sources.get(entry.source)
        related = quote_location(source, entry.quote) if source else None
        hits = _claim_hits(entry, duplicate, related, ctx)
        kept, meta = _suppression_hits(entry, hits)
        suppressed += sum(1 for h in hits if h not in kept and h.code in active)
        for hit in kept + meta:
            if hit.code not in active:
                continue
            line, column = _field_position(claims_file, entry, hit.field)
            problems.append(Problem(
                code=hit.code, name=table[hit.code].name, severity=active[hit.code], message=hit.message,
                path=path, line=line, column=column, claim=entry.id,
                fingerprint=fingerprint(hit.code, entry.id, entry.quote, hit.detail), related=related,
                quote=entry.quote,
            ))
    problems.sort(key=lambda p: (p.path, p.line, p.column, p.code, p.claim or "", p.message))
    problems, baselined = _apply_baseline(problems, baseline)
    level = claims_file.check.fail_level
    return CheckResult(
        problems=problems, rules=rules(), active=active,
        path=path if claims_file.path else None, claims=len(entries), suppressed=suppressed,
        baselined=baselined, fail_level=Severity(level) if level else Severity.error,
    )


# --- baseline ------------------------------------------------------------------------------------


def baseline_json(result: CheckResult) -> str:
    """The baseline file for RESULT's problems: their fingerprints, with what they were, for review."""
    rows = [{"fingerprint": p.fingerprint, "code": p.code, "claim": p.claim, "message": p.message}
            for p in sorted(result.problems, key=lambda p: (p.fingerprint, p.message))]
    return indented({"schema": BASELINE_SCHEMA, "problems": rows})


def write_baseline(path: Path, result: CheckResult) -> None:
    """Write RESULT's problems to PATH as a baseline, atomically."""
    from .writing import write_atomic

    write_atomic(path, baseline_json(result))


class _BaselineFile(_Frozen):
    schema_: str = Field(alias="schema")
    problems: list[dict]

    @field_validator("schema_")
    @classmethod
    def _known(cls, value: str) -> str:
        if value != BASELINE_SCHEMA:
            raise ValueError(f"expected '{BASELINE_SCHEMA}'")
        return value


def read_baseline(path: Path) -> Baseline:
    """The baseline at PATH; raises DataError naming the file when it is not one."""
    shown = os.fspath(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise DataError(f"cannot read baseline: {err.strerror}", path=shown) from None
    except UnicodeDecodeError:
        raise DataError("baseline is not UTF-8 text", path=shown) from None
    except json.JSONDecodeError as err:
        raise DataError(f"baseline is not JSON: {err.msg}", path=shown, line=err.lineno) from None
    try:
        parsed = _BaselineFile.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        raise DataError(f"not a reconcile baseline: '{'.'.join(str(p) for p in first['loc'])}': "
                        f"{first['msg'].removeprefix('Value error, ')}", path=shown) from None
    prints = [row.get("fingerprint") for row in parsed.problems]
    if not all(isinstance(p, str) and p for p in prints):
        raise DataError("not a reconcile baseline: every problem needs a 'fingerprint'", path=shown)
    return Baseline(fingerprints=prints)


__all__ = [
    "Baseline", "CheckResult", "Location", "Problem", "Rule", "Severity", "active_rules", "baseline_json",
    "fingerprint", "is_vague", "parse_selectors", "quote_location", "read_baseline", "rules", "run_check",
    "write_baseline",
]
