"""Safe writes: atomic (a temporary file in the same folder, then a rename, so a crash never leaves
half a file) and, for files several processes update, one writer at a time (a sidecar lock).

Nothing a user points at is replaced by something else: a symlink keeps pointing where it did
(its target gets the new content), a FIFO or a device is written into, never renamed over, and a
file without write permission is refused. See docs/security.md.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import DataError, OutputError

LOCK_TIMEOUT = 30.0
"""Seconds a writer waits for another to finish with a file before it gives up."""


def output_target(path: str | Path) -> Path:
    """The file a write to PATH lands in: PATH itself, or the end of the symlinks it is.

    A dangling link's target is created, as a shell's `>` would.
    """
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def is_regular(path: str | Path) -> bool:
    """Whether PATH (after its symlinks) is a regular file or nothing yet: a file an atomic write may replace."""
    st = _stat(output_target(path))
    return st is None or stat.S_ISREG(st.st_mode)


def check_writable(path: str | Path, shown: str | Path | None = None) -> Path:
    """The target of PATH (see `output_target`), once it is known a write there may go ahead.

    Raises OutputError for a folder, and for a file with no write permission: a rename would
    replace even a read-only file, and its owner made it read-only for a reason (root included,
    whom `os.access` never refuses).
    """
    target = output_target(path)
    shown = str(shown if shown is not None else path)
    st = _stat(target)
    if st is None:
        return target
    if stat.S_ISDIR(st.st_mode):
        raise OutputError("is a folder, not a file", path=shown)
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise OutputError("is read-only; not writing it (make it writable, or choose another file)", path=shown)
    return target


def new_file_mode() -> int:
    """The permissions a new file gets under the current umask (mkstemp's own are 0600)."""
    try:
        # Linux shows the umask without changing it, which is safe with other threads running
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


# -- temporary files

_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp(?:-journal|-wal|-shm)?$")


def _temp_prefix(target: Path) -> str:
    # The pid in the name tells a stale file (its writer is gone) from one being written now
    return f".{target.name}.{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # another user's process, or a pid we may not ask about
    return True


def sweep_stale(target: Path) -> list[Path]:
    """Remove the temporary files beside TARGET that a killed writer left; returns what was removed.

    Only names this module makes (`.NAME.PID-XXXX.tmp`, and SQLite's `-journal` beside them) whose
    process is gone are touched, so another writer's file in progress stays.
    """
    folder = target.parent if str(target.parent) else Path(".")
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP.match(entry.name)
        if not match or match.group("name") != target.name:
            continue
        pid = int(match.group("pid"))
        if pid == os.getpid() or _alive(pid):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


@contextmanager
def _signals_exit() -> Iterator[None]:
    """While a temporary file exists, SIGTERM and SIGHUP end the process through `finally` blocks
    (Python's default for them ends it at once, leaving the file behind)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum, frame):
        raise SystemExit(128 + signum)

    wanted = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None]
    previous = {}
    for sig in wanted:
        try:
            if signal.getsignal(sig) in (signal.SIG_DFL, None):
                previous[sig] = signal.signal(sig, leave)
        except (OSError, ValueError):
            pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _unlink_quietly(path: str) -> None:
    for name in (path, f"{path}-journal", f"{path}-wal", f"{path}-shm"):
        try:
            os.unlink(name)
        except FileNotFoundError:
            pass
        except OSError:
            pass


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A temporary file to fill, which then replaces PATH's target in one step.

    The temporary file sits beside the target (a rename does not cross file systems), takes the
    mode of the file it replaces or the umask's for a new one, and is removed on every way out:
    an exception, Ctrl-C, SIGTERM or SIGHUP. Stale ones of killed writers are swept first.
    The target must be a regular file or missing (see `write_atomic` for the others).

    Example:
        >>> with replacing("report.sqlite") as tmp:
        ...     build_database(tmp)
    """
    target = check_writable(path)
    st = _stat(target)
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OutputError("is not a regular file; not replacing it", path=str(path))
    folder = target.parent if str(target.parent) else Path(".")
    sweep_stale(target)
    with _signals_exit():
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=".tmp", dir=folder)
        os.close(fd)
        try:
            yield Path(tmp)
            os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else new_file_mode())
            if st is not None and hasattr(os, "chown") and st.st_uid != os.geteuid():
                try:  # root replacing someone's file leaves it theirs
                    os.chown(tmp, st.st_uid, st.st_gid)
                except OSError:
                    pass
            os.replace(tmp, target)
        finally:
            _unlink_quietly(tmp)


def write_atomic(path: str | Path, text: str | Iterable[str]) -> None:
    """Write TEXT (UTF-8, line endings as they are; a string, or pieces written as they come) to PATH.

    A regular file (or a new one) is replaced in one step, through its symlinks: the link stays
    and its target is replaced. A FIFO, a device or a socket is written into directly: replacing
    it would break whoever reads it (`-o /dev/null` must leave /dev/null a device).
    """
    target = check_writable(path)
    if not is_regular(target):
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
        return
    with replacing(target) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())


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
