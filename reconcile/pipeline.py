"""Run the stages in order: load -> extract -> match -> reconcile, and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .claimsfile import FILENAME, ClaimsFile, load_claims_file
from .curated import curated_claims
from .findings import reconcile
from .incidents import match_incidents, place_keys
from .models import Claim, Report, Source
from .sources import load_sources
from .speakers import SpeakerIndex


@dataclass
class Config:
    """What to run on: article paths and the claims file."""

    paths: list[Path] = field(default_factory=lambda: [Path("sources")])
    claims_path: Path | None = None
    """claims.toml; None reads ./claims.toml when it exists (and `claims_default` is set)."""
    claims_default: bool = True
    """Read ./claims.toml when `claims_path` is None; `reconcile eval` reads only what it is given."""
    extract: bool | None = None
    """Extract claims from the text; None follows [settings] extract."""
    progress: Callable[[int, int], None] | None = None
    """Called as (done, total) while extracting, first as (0, total) before any article is done."""
    stage: Callable[[str], None] | None = None
    """Called with the name of each stage as it starts: reading, extracting, matching, reconciling."""
    jobs: int = 1
    """Processes to extract with (1: in this process); the report is the same for any number."""


def find_claims_file(config: Config) -> Path | None:
    if config.claims_path is not None:
        return config.claims_path
    if not config.claims_default:
        return None
    default = Path(FILENAME)
    return default if default.is_file() else None


def read_claims_file(config: Config) -> ClaimsFile:
    path = find_claims_file(config)
    return load_claims_file(path) if path else ClaimsFile()


def _with_places(claim: Claim) -> Claim:
    if claim.place_keys or not claim.places:
        return claim
    return claim.model_copy(update={"place_keys": place_keys(claim.places)})


def collect_claims(sources: list[Source], claims_file: ClaimsFile, extract: bool,
                   progress: Callable[[int, int], None] | None = None, jobs: int = 1) -> tuple[list[Claim], list[str]]:
    """Curated claims and, when EXTRACT, claims from the text; a curated claim wins on its quote."""
    notes: list[str] = []
    index = SpeakerIndex(claims_file.speakers)
    by_id = {s.id: s for s in sources}
    curated = [_with_places(c) for c in curated_claims(claims_file, by_id, index)]
    left_out = [c.id for c in claims_file.claims if c.source not in by_id]
    if left_out:
        notes.append(f"{len(left_out)} curated claim(s) left out: their source is not loaded "
                     f"({', '.join(left_out[:5])}{', ...' if len(left_out) > 5 else ''})")
    for dup in claims_file.duplicates:
        notes.append(f"{claims_file.path}:{dup.line}: duplicate claim id '{dup.id}' ignored")
    extracted: list[Claim] = []
    if extract:
        extracted = extract_all(sources, index, claims_file.settings.approx_width, progress, jobs, notes,
                                claims_file.settings.packs)
        spans: dict[str, list[tuple[int, int]]] = {}
        for c in curated:
            if c.start is not None:
                spans.setdefault(c.source, []).append((c.start, c.end))
        taken = {c.id for c in curated}
        # A curated claim replaces extracted claims on the quote it anchors.
        extracted = [c for c in extracted if c.id not in taken and not any(
            s <= c.start < e or c.start <= s < c.end for s, e in spans.get(c.source, []))]
    if any(s.published is None for s in sources) and extract:
        undated = [s.id for s in sources if s.published is None]
        notes.append(f"{len(undated)} source(s) have no publication date; relative dates there stay "
                     f"unresolved ({', '.join(undated[:3])}{', ...' if len(undated) > 3 else ''})")
    return curated + extracted, notes


def extract_all(sources: list[Source], index: SpeakerIndex, width: float,
                progress: Callable[[int, int], None] | None = None, jobs: int = 1,
                notes: list[str] | None = None, packs: list[str] | None = None) -> list[Claim]:
    """Claims extracted from every source, in source order, reporting (done, total) to PROGRESS.

    JOBS processes share the articles out (see `reconcile.parallel`); the claims are the same for
    any number. A note on over-long sentences read in pieces, and one on figures out of range
    left out, go to NOTES, once for all sources.
    PACKS narrows the domain packs ([settings] packs).
    """
    from .parallel import extract_sources

    if progress and sources:
        progress(0, len(sources))  # the count shows from the start, not after the first article
    extractions = extract_sources(sources, index, width, jobs=jobs, progress=progress,
                                  packs=None if packs is None else tuple(packs), notes=notes)
    cut = [(source.path, e.cut_sentences) for source, e in zip(sources, extractions, strict=True) if e.cut_sentences]
    if cut and notes is not None:
        from .extract import MAX_SENTENCE

        shown = ", ".join(path for path, _ in cut[:3]) + (", ..." if len(cut) > 3 else "")
        notes.append(f"{sum(n for _, n in cut)} stretch(es) of text longer than {MAX_SENTENCE:,} characters with "
                     f"no sentence end were read in pieces, so claims there may be cut apart ({shown})")
    capped = [(source.path, e.capped_sentences) for source, e in zip(sources, extractions, strict=True)
              if e.capped_sentences]
    if capped and notes is not None:
        from .extract import MAX_CLAIMS

        shown = ", ".join(path for path, _ in capped[:3]) + (", ..." if len(capped) > 3 else "")
        notes.append(f"{sum(n for _, n in capped)} sentence(s) held more than {MAX_CLAIMS} figures; only their "
                     f"first {MAX_CLAIMS} claims were kept ({shown})")
    return [claim for e in extractions for claim in e.claims]


def extract_drafts(config: Config) -> tuple[list[Source], ClaimsFile, list[Claim], list[str]]:
    """Load and extract only (no matching): the sources, the claims file and the extracted claims."""
    notes: list[str] = []
    if config.stage:
        config.stage("reading")
    claims_file = read_claims_file(config)
    sources = load_sources(config.paths, warnings=notes)
    index = SpeakerIndex(claims_file.speakers)
    if config.stage:
        config.stage("extracting")
    claims = extract_all(sources, index, claims_file.settings.approx_width, config.progress, config.jobs, notes,
                         claims_file.settings.packs)
    return sources, claims_file, claims, notes


def run(config: Config) -> Report:
    """Load, extract, match and reconcile; the Report every renderer draws.

    Args:
        config: paths to articles and the claims file.

    Example:
        >>> report = run(Config(paths=[Path("sources")]))
        >>> [f.kind for f in report.findings]
    """
    stage = config.stage or (lambda _name: None)
    notes: list[str] = []
    stage("reading")
    claims_file = read_claims_file(config)
    sources = load_sources(config.paths, warnings=notes)
    extract = claims_file.settings.extract if config.extract is None else config.extract
    if extract:
        stage("extracting")
    claims, more = collect_claims(sources, claims_file, extract, config.progress, config.jobs)
    notes.extend(more)
    stage("matching")
    incidents, claims = match_incidents(claims, sources, claims_file.settings, claims_file.incidents)
    stage("reconciling")
    findings, incidents = reconcile(incidents, claims, sources, notes)
    claims.sort(key=lambda c: (c.source, c.start if c.start is not None else -1, c.id))
    return Report(sources=sources, claims=claims, incidents=incidents, findings=findings, notes=notes)


__all__ = ["Config", "collect_claims", "extract_all", "extract_drafts", "read_claims_file", "run"]
