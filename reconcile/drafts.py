"""Draft [[claim]] tables from extracted claims, and appending them to claims.toml without losing a byte."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import tomlkit

from .claimsfile import ClaimsFile, load_claims_file, parse_claims_text
from .errors import DataError
from .incidents import slug
from .models import Claim, Source
from .writing import LOCK_TIMEOUT, locked, write_atomic

HEADER = "# Draft claims extracted by `reconcile extract`: review each before relying on it."


def _draft_table(claim: Claim, claim_id: str) -> tomlkit.items.Table:
    table = tomlkit.table()
    table.add("id", claim_id)
    table.add("source", claim.source)
    table.add("quote", claim.quote)
    if claim.speaker:
        table.add("speaker", claim.speaker)
    if claim.party:
        table.add("party", claim.party)
    table.add("action", claim.action)
    if claim.object:
        table.add("object", claim.object)
    if claim.value is not None:
        table.add("value", claim.value)
    elif claim.high is not None and claim.low == claim.high and not claim.approx:
        table.add("value", claim.low)
    else:
        table.add("low", claim.low)
        if claim.high is not None:
            table.add("high", claim.high)
        if claim.approx:
            table.add("approx", True)
    if claim.places:
        table.add("places", claim.places)
    if claim.event_date:
        table.add("date", claim.event_date)
    if claim.hedge:
        table.add("hedge", claim.hedge)
    if claim.polarity != "affirm":
        table.add("polarity", claim.polarity)
    return table


Spans = dict[str, list[tuple[int, int, str, str | None]]]
"""Per source: the (start, end, action, object) of each curated claim's anchored quote."""


def _already_there(claim: Claim, spans: Spans) -> bool:
    for start, end, action, obj in spans.get(claim.source, []):
        if claim.start is not None and start < claim.end and claim.start < end and \
                (action, obj) == (claim.action, claim.object):
            return True
    return False


def draft_claims(claims: list[Claim], existing: ClaimsFile, sources: list[Source]) -> list[tuple[str, Claim]]:
    """The extracted CLAIMS not yet in EXISTING, each with a fresh id: [(id, claim)].

    A claim is already there when a curated claim of the same source anchors an overlapping
    quote with the same action and object.
    """
    from .anchor import find_quote

    texts = {s.id: s.text for s in sources}
    spans: Spans = {}
    for entry in existing.claims:
        span = find_quote(texts[entry.source], entry.quote) if entry.source in texts else None
        if span:
            spans.setdefault(entry.source, []).append((*span, entry.action, entry.object))
    taken = {c.id for c in existing.claims} | {c.id for c in existing.duplicates}
    out = []
    for claim in claims:
        if claim.origin != "extracted" or _already_there(claim, spans):
            continue
        base = slug(f"{claim.source}-{claim.action}-{claim.object or claim.value or ''}")
        claim_id, n = base, 2
        while claim_id in taken:
            claim_id, n = f"{base}-{n}", n + 1
        taken.add(claim_id)
        out.append((claim_id, claim))
    return out


def render_drafts(drafts: list[tuple[str, Claim]]) -> str:
    """DRAFTS as [[claim]] TOML, one commented table each."""
    if not drafts:
        return ""
    chunks = [HEADER]
    for claim_id, claim in drafts:
        doc = tomlkit.document()
        aot = tomlkit.aot()
        aot.append(_draft_table(claim, claim_id))
        doc.add("claim", aot)
        chunks.append(tomlkit.dumps(doc).strip())
    return "\n\n".join(chunks) + "\n"


def append_drafts(path: Path, drafts: list[tuple[str, Claim]]) -> int:
    """Append DRAFTS to the claims file at PATH atomically; every existing byte is kept.

    Returns the number of claims appended. The result is parsed before it replaces the file, so
    a write never leaves a claims.toml that reconcile cannot read. This takes no lock: where
    another process may write the same file, use `write_drafts`.
    """
    if not drafts:
        return 0
    try:
        original = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(f"cannot read: {err}", path=str(path)) from None
    separator = "" if not original or original.endswith("\n\n") else ("\n" if original.endswith("\n") else "\n\n")
    text = original + separator + render_drafts(drafts)
    parse_claims_text(text, str(path))  # raises DataError rather than write a broken file
    write_atomic(path, text)
    return len(drafts)


def write_drafts(path: Path, claims: list[Claim], sources: list[Source], timeout: float = LOCK_TIMEOUT,
                 on_wait: Callable[[Path], None] | None = None) -> int:
    """Append the extracted CLAIMS that the claims file at PATH lacks, safely against other writers.

    Under an exclusive lock (see `locked`), the file is read again and the drafts are made against
    what it holds now, so claims another writer appended meanwhile are neither repeated nor given
    a taken id. Returns the number of claims appended.

    Args:
        path: claims.toml; created when missing.
        claims: extracted claims, as `extract_drafts` returns them.
        sources: the loaded sources the claims come from.
        timeout: seconds to wait for the lock before raising DataError.
        on_wait: called once with the lock file's path when another writer holds it.

    Example:
        >>> sources, claims_file, claims, notes = extract_drafts(Config())
        >>> write_drafts(Path("claims.toml"), claims, sources)
    """
    path = Path(path)
    with locked(path, timeout, on_wait):
        current = load_claims_file(path) if path.exists() else ClaimsFile()
        return append_drafts(path, draft_claims(claims, current, sources))


__all__ = ["append_drafts", "draft_claims", "render_drafts", "write_drafts"]
