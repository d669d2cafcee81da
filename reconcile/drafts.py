"""Draft [[claim]] tables from extracted claims, and appending them to claims.toml without losing a byte."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import tomlkit

from .claimsfile import ClaimsFile, load_claims_file, parse_claims_text
from .errors import DataError, OutputError
from .incidents import slug
from .models import Claim, Source
from .writing import LOCK_TIMEOUT, check_writable, is_regular, locked, output_target, write_atomic

HEADER = "# Draft claims extracted by `reconcile extract`: review each before relying on it."

# Characters tomlkit leaves raw in strings that a terminal or an editor shows misleadingly: the
# bidirectional controls reorder the line they are on ("Trojan Source"), and the Unicode line
# breaks split it. Drafts write them as \uXXXX escapes, which TOML reads back as the same
# characters, so a draft's quote still anchors to its article.
_UNSEEN = re.compile(r"[\u0085\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


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
    quote with the same action and object. Claims that would make the same table (they differ
    only in what a draft does not say, such as the scope the extractor gave a figure) are
    drafted once: a second table would be a twin under a `-2` id.
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
    drafted: set[str] = set()
    for claim in claims:
        if claim.origin != "extracted" or _already_there(claim, spans):
            continue
        table = tomlkit.dumps(_draft_table(claim, ""))
        if table in drafted:
            continue
        drafted.add(table)
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
        # Only strings hold such characters (keys are ours), and tomlkit writes strings as basic
        # "..." strings, where \uXXXX is an escape
        chunks.append(_UNSEEN.sub(lambda m: f"\\u{ord(m.group()):04X}", tomlkit.dumps(doc).strip()))
    return "\n\n".join(chunks) + "\n"


def check_claims_target(path: Path) -> Path:
    """The claims file that `--write` appends to, PATH's symlinks followed; raises DataError when it
    must not be written: a folder, a FIFO or a device (appending reads it whole first, and a
    partial claims file would mislead), or a read-only file."""
    path = Path(path)
    target = output_target(path)
    if not is_regular(target):
        raise DataError("is not a regular file; drafts are appended only to a regular claims file", path=str(path))
    try:
        return check_writable(path)
    except OutputError as err:
        raise DataError(err.message, path=str(path)) from None


def _line_ending(text: str) -> str:
    """The line ending TEXT uses (its first one), so that appended lines match the file's own."""
    end = text.find("\n")
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def append_drafts(path: Path, drafts: list[tuple[str, Claim]]) -> int:
    """Append DRAFTS to the claims file at PATH atomically; every existing byte is kept.

    The drafts take the file's line ending (CRLF stays CRLF), and a byte-order mark stays where
    it is. Returns the number of claims appended. The result is parsed before it replaces the
    file, so a write never leaves a claims.toml that reconcile cannot read. This takes no lock:
    where another process may write the same file, use `write_drafts`.
    """
    if not drafts:
        return 0
    target = check_claims_target(path)
    try:
        # bytes, not read_text: universal newlines would turn every CRLF into LF on the way back
        original = target.read_bytes().decode("utf-8") if target.exists() else ""
    except OSError as err:
        raise DataError(f"cannot read: {err.strerror or err}", path=str(path)) from None
    except UnicodeDecodeError:
        raise DataError("not UTF-8 text", path=str(path)) from None
    eol = _line_ending(original)
    if not original or original == "\ufeff" or original.endswith(eol * 2):
        separator = ""
    else:
        separator = eol if original.endswith(("\n", "\r")) else eol * 2
    text = original + separator + render_drafts(drafts).replace("\n", eol)
    parse_claims_text(text, str(path))  # raises DataError rather than write a broken file
    write_atomic(target, text)
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
    # Through a symlink the shared file is the one locked, read and written; the link stays
    target = check_claims_target(Path(path))
    with locked(target, timeout, on_wait):
        current = load_claims_file(target) if target.exists() else ClaimsFile()
        return append_drafts(target, draft_claims(claims, current, sources))


__all__ = ["append_drafts", "check_claims_target", "draft_claims", "render_drafts", "write_drafts"]
