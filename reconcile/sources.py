"""Load articles: one file each, optional +++ TOML front matter, UTF-8 or a detected encoding."""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from datetime import date, datetime
from pathlib import Path

from pydantic import ValidationError

from .errors import SourceError
from .lexicons import vocabulary
from .models import Source

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SUFFIXES = (".md", ".txt")
FRONT_FIELDS = {"outlet", "published", "title", "url", "party", "author", "language"}
_SAFE_ID = re.compile(r"^[\w][\w.\- ]*$")
_TOML_LINE = re.compile(r"at line (\d+)")


def is_source_id(text: str) -> bool:
    """Whether TEXT can be a source id: a file stem, never a path ("../x", "a/b") or hidden name."""
    return bool(_SAFE_ID.match(text)) and ".." not in text


def _is_article(name: str) -> bool:
    return Path(name).suffix.lower() in SUFFIXES and not name.startswith(".")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _walk(folder: Path, notes: list[str] | None) -> list[Path]:
    """The article files in FOLDER and below, sorted. Symlinks are followed only to files inside
    FOLDER (a link to /etc/passwd is no article); links out of it, dangling links and special
    files with an article's name (FIFOs, devices, sockets) are skipped, with one note each."""
    root = os.path.realpath(folder)
    found: list[Path] = []

    def note(path: Path, why: str) -> None:
        if notes is not None:
            notes.append(f"{path}: {why}, skipped")

    for here, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        files.sort()
        for name in [*files, *dirs]:
            path = Path(here) / name
            if not path.is_symlink():
                continue
            # os.walk lists a link to a folder among the folders, and does not enter it
            real = os.path.realpath(path)
            if not os.path.exists(real):
                if _is_article(name):
                    note(path, "a symlink to nothing")
            elif not _inside(real, root):
                if _is_article(name) or os.path.isdir(real):
                    note(path, f"a symlink out of {folder} (to {real}), not followed")
        for name in files:
            if not _is_article(name):
                continue
            path = Path(here) / name
            if path.is_symlink() and not _inside(os.path.realpath(path), root):
                continue  # noted above
            try:
                mode = path.stat().st_mode
            except OSError:
                continue  # a dangling link, noted above
            if stat.S_ISREG(mode):
                found.append(path)
            else:
                note(path, "not a regular file (a FIFO, device or socket)")
    return sorted(found)


def source_files(paths: list[Path], notes: list[str] | None = None) -> list[Path]:
    """The article files under PATHS (files or folders, recursively), sorted, each once.

    A file named on its own is read wherever it is; within a folder see `_walk`. Skipped
    entries get a note in NOTES.
    """
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for file in _walk(path, notes):
                found[file] = None
        elif path.is_file():
            found[path] = None
        elif path.exists():
            raise SourceError("not a regular file or a folder (a FIFO, device or socket)", path=path)
        elif path.is_symlink():
            raise SourceError("a symlink to nothing", path=path)
        else:
            raise SourceError("no such file or folder", path=path)
    return list(found)


# Byte-order marks, longest first: UTF-32's little-endian mark starts with UTF-16's
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes, path: Path) -> tuple[str, str, str | None]:
    """(text, encoding, warning): UTF-8 when it is, else the detected encoding, with a warning.

    A byte-order mark names the encoding (UTF-8, UTF-16 or UTF-32, read without a warning).
    Without one, a NUL byte anywhere means a binary file, not an article, and is refused.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError as err:
                raise SourceError(f"not valid {codec.removesuffix('-sig').upper()} after its byte-order mark "
                                  f"(byte {err.start})", path=path) from None
            if "\x00" in text:
                raise SourceError("binary file, not an article (NUL characters)", path=path)
            return text, codec.removesuffix("-sig"), None
    if b"\x00" in raw:
        raise SourceError("binary file, not an article (NUL bytes)", path=path)
    try:
        return raw.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise SourceError("cannot detect the text encoding (not UTF-8)", path=path)
    encoding = best.encoding
    return str(best), encoding, f"{path}: not UTF-8; read as {encoding}"


def split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
    """(front matter, body, line of the body) for a file that may start with +++ TOML +++."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "+++":
        return {}, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() == "+++":
            block = "".join(lines[1:i])
            try:
                meta = tomllib.loads(block)
            except tomllib.TOMLDecodeError as err:
                line = _TOML_LINE.search(str(err))
                at = int(line.group(1)) + 1 if line else 1
                raise SourceError(f"invalid front matter: {err}", path=path, line=at) from None
            return meta, "".join(lines[i + 1 :]), i + 2
    raise SourceError("front matter opened with +++ is never closed", path=path, line=1)


def _field_line(text: str, field: str) -> int:
    for n, line in enumerate(text.splitlines()[:50], start=1):
        if re.match(rf"\s*{re.escape(field)}\s*=", line):
            return n
    return 1


def _check_meta(meta: dict, text: str, path: Path) -> None:
    for key in meta:
        if key not in FRONT_FIELDS:
            raise SourceError(f"unknown front matter field '{key}'", path=path, line=_field_line(text, key))
    for key in ("outlet", "title", "url", "party"):
        if key in meta and not isinstance(meta[key], str):
            raise SourceError(f"front matter '{key}' must be a string", path=path, line=_field_line(text, key))
    if "outlet" in meta and not meta["outlet"].strip():
        raise SourceError("front matter 'outlet' is empty", path=path, line=_field_line(text, "outlet"))
    if "published" in meta and not isinstance(meta["published"], (date, datetime)):
        raise SourceError(
            "front matter 'published' must be a TOML date (2024-03-15) or datetime",
            path=path, line=_field_line(text, "published"),
        )
    if "party" in meta and meta["party"] not in vocabulary().parties:
        known = ", ".join(vocabulary().parties)
        raise SourceError(
            f"front matter 'party' must be one of {known}", path=path, line=_field_line(text, "party"))


def load_source(path: Path, root: Path | None = None, warnings: list[str] | None = None) -> Source:
    """One article file as a Source.

    Args:
        path: a .md or .txt file.
        root: shown paths are relative to it when possible.
        warnings: collects non-fatal notes (an encoding that was guessed).
    """
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise SourceError(f"cannot read: {err.strerror}", path=path) from None
    text, encoding, warning = decode(raw, path)
    if warning and warnings is not None:
        warnings.append(warning)
    meta, body, body_line = split_front_matter(text, path)
    _check_meta(meta, text, path)
    source_id = path.stem
    if not is_source_id(source_id):
        raise SourceError(f"unusable source id '{source_id}' (file name)", path=path)
    published = meta.get("published")
    published_at = published if isinstance(published, datetime) else None
    if isinstance(published, datetime):
        published = published.date()
    try:
        shown = str(path.relative_to(root)) if root else str(path)
    except ValueError:
        shown = str(path)
    try:
        return Source(
            id=source_id,
            path=shown,
            outlet=meta.get("outlet") or path.stem,
            published=published,
            published_at=published_at,
            title=meta.get("title"),
            url=meta.get("url"),
            party=meta.get("party"),
            text=body,
            body_line=body_line,
            encoding=encoding,
        )
    except ValidationError as err:  # pragma: no cover - fields are checked above
        raise SourceError(str(err.errors()[0]["msg"]), path=path) from None


def load_sources(paths: list[Path], warnings: list[str] | None = None) -> list[Source]:
    """Every article under PATHS; two files with one id are an error."""
    sources: list[Source] = []
    seen: dict[str, Path] = {}
    cwd = Path.cwd()
    for path in source_files(paths, warnings):
        source = load_source(path, root=cwd, warnings=warnings)
        if source.id in seen:
            raise SourceError(f"duplicate source id '{source.id}' (also {seen[source.id]})", path=path)
        seen[source.id] = path
        if not source.text.strip():
            if warnings is not None:
                warnings.append(f"{source.path}: empty article, skipped")
            continue
        sources.append(source)
    return sources
