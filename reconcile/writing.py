"""Safe writes: atomic (a temporary file in the same folder, then a rename, so a crash never leaves
half a file) and, for files several processes update, one writer at a time (a sidecar lock)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import DataError

LOCK_TIMEOUT = 30.0
"""Seconds a writer waits for another to finish with a file before it gives up."""


def write_atomic(path: Path, text: str) -> None:
    """Replace PATH with TEXT in one step."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def lock_path(path: Path) -> Path:
    """The sidecar lock file of PATH: `claims.toml.lock` beside `claims.toml`.

    It stays after the lock is released (removing it would race with a writer about to open it);
    it is empty, and safe to delete when no writer runs.
    """
    path = Path(path)
    return path.with_name(f"{path.name}.lock")


@contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT, on_wait: Callable[[Path], None] | None = None) -> Iterator[None]:
    """Hold the exclusive lock on PATH; ON_WAIT(lock file) is called once if another process holds it.

    The lock is on a sidecar file, not on PATH itself: PATH is replaced by a rename on every write,
    so a lock on its inode would outlive the file it guards. Raises DataError after TIMEOUT seconds.
    """
    from filelock import FileLock, Timeout

    sidecar = lock_path(path)
    lock = FileLock(sidecar)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if on_wait is not None:
            on_wait(sidecar)
        try:
            lock.acquire(timeout=max(timeout, 0))
        except Timeout:
            raise DataError(f"another process still holds the lock {sidecar} after {timeout:g} s; "
                            f"nothing was written", path=str(path)) from None
    try:
        yield
    finally:
        lock.release()
