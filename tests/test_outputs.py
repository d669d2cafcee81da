"""Outputs never destroy what a user points at (#21): `-o FILE` of every command, `export DB`,
`check --write-baseline` and `extract --write` through symlinks, into FIFOs and devices, under
the umask, with no temporary file left behind."""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import one_line_error

from reconcile.writing import replacing, sweep_stale, write_atomic

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symlinks, FIFOs and modes are POSIX")

# Every command that writes a file, as (arguments before the path, arguments after it)
WRITERS = {
    "report": (["report", "--no-extract", "--format", "json", "-o"], []),
    "report-markdown": (["report", "--no-extract", "--format", "markdown", "-o"], []),
    "claims": (["claims", "--no-extract", "--format", "csv", "-o"], []),
    "schema": (["schema", "-o"], []),
    "check": (["check", "--no-extract", "--format", "json", "--exit-zero", "-o"], []),
    "write-baseline": (["check", "--no-extract", "--write-baseline"], []),
    "export": (["export"], ["--no-extract"]),
}


def write(run_cli, writer: str, target: Path | str):
    before, after = WRITERS[writer]
    return run_cli(*before, target, *after)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)



# -- symlinks: the link stays, its target gets the content


@pytest.mark.usefixtures("claims_file")
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_output_through_a_symlink_writes_its_target(run_cli, tmp_path, writer):
    shared = tmp_path / "shared"
    shared.mkdir()
    target = shared / "out.file"
    link = tmp_path / "out.link"
    link.symlink_to(target)
    result = write(run_cli, writer, "out.link")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.is_file() and target.stat().st_size > 0
    assert leftovers(tmp_path) == leftovers(shared) == []
    # and again, over the file the first run wrote (export replaces only its own databases)
    assert write(run_cli, writer, "out.link").exit_code == 0
    assert link.is_symlink() and target.is_file()


@pytest.mark.usefixtures("claims_file")
def test_output_through_a_relative_symlink_chain(run_cli, tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "report.json").write_text("old", encoding="utf-8")
    (tmp_path / "middle.json").symlink_to("real/report.json")
    (tmp_path / "first.json").symlink_to("middle.json")
    assert write(run_cli, "report", "first.json").exit_code == 0
    assert (tmp_path / "first.json").is_symlink() and (tmp_path / "middle.json").is_symlink()
    assert (tmp_path / "real" / "report.json").read_text(encoding="utf-8").startswith("{")


# -- FIFOs and devices are written into, never replaced


def _reader(fifo: Path) -> int:
    """A reading end of FIFO, opened before the writer so that the writer never blocks."""
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)  # room for a whole report
    except OSError:
        pass
    return fd


def _drain(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks)


@pytest.mark.usefixtures("claims_file")
@pytest.mark.parametrize("writer", ["report", "schema", "check", "write-baseline", "export"])
def test_a_fifo_is_written_into_not_replaced(run_cli, tmp_path, writer):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    fd = _reader(fifo)
    result = write(run_cli, writer, fifo)
    received = _drain(fd)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO was replaced by a file"
    assert received, "the reader got nothing"
    if writer == "export":
        assert received.startswith(b"SQLite format 3\x00")
    assert leftovers(tmp_path) == []


@pytest.fixture
def char_device(tmp_path) -> Path:
    """A private copy of /dev/null (the real one is never risked by a test)."""
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("creating a device needs root")
    return device


@pytest.mark.usefixtures("claims_file")
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_device_stays_a_device(run_cli, tmp_path, char_device, writer):
    result = write(run_cli, writer, char_device)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(char_device.lstat().st_mode), "the device was replaced by a file"
    assert leftovers(tmp_path) == []


def test_write_atomic_into_a_device_keeps_it(char_device):
    write_atomic(char_device, "nothing to see\n")
    assert stat.S_ISCHR(char_device.lstat().st_mode)


# -- permissions: the umask for new files, the old mode for replaced ones, read-only refused


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.usefixtures("claims_file", "umask_022")
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_new_files_follow_the_umask(run_cli, tmp_path, writer):
    assert write(run_cli, writer, "new.out").exit_code == 0
    assert stat.S_IMODE((tmp_path / "new.out").stat().st_mode) == 0o644


@pytest.mark.usefixtures("claims_file", "umask_022")
def test_a_replaced_file_keeps_its_mode(run_cli, tmp_path):
    out = tmp_path / "report.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    assert write(run_cli, "report", out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


@pytest.mark.usefixtures("claims_file")
@pytest.mark.parametrize("writer", ["report", "schema", "write-baseline", "export"])
def test_a_read_only_output_is_refused(run_cli, tmp_path, writer):
    out = tmp_path / "kept.out"
    out.write_bytes(b"")  # empty: export would replace an empty file, but not a read-only one
    out.chmod(0o444)
    result = write(run_cli, writer, out)
    one_line_error(result, "kept.out", "read-only")
    assert out.read_bytes() == b"" and stat.S_IMODE(out.stat().st_mode) == 0o444


# -- temporary files: removed on every way out, stale ones swept


def test_a_failed_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("before", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "a lone surrogate \ud800 cannot be UTF-8")
    assert target.read_text(encoding="utf-8") == "before"
    assert leftovers(tmp_path) == []


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path):
    with pytest.raises(SystemExit) as stopped:
        with replacing(tmp_path / "out.db") as tmp:
            tmp.write_text("half", encoding="utf-8")
            os.kill(os.getpid(), signal.SIGTERM)
    assert stopped.value.code == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler is put back


@pytest.mark.usefixtures("claims_file")
def test_an_export_that_fails_leaves_no_temporary_file(run_cli, tmp_path, monkeypatch):
    import reconcile.export

    def broken(db, data):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(reconcile.export, "_fill", broken)
    result = run_cli("export", "out.db", "--no-extract")
    one_line_error(result, "out.db", "disk I/O error")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.usefixtures("claims_file")
def test_stale_temporary_files_of_killed_writers_are_swept(run_cli, tmp_path):
    dead, alive = _dead_pid(), os.getppid()
    stale = [tmp_path / f".out.db.{dead}-k1ll3d.tmp", tmp_path / f".out.db.{dead}-k1ll3d.tmp-journal"]
    running = tmp_path / f".out.db.{alive}-busy.tmp"
    other = tmp_path / f".notes.txt.{dead}-k1ll3d.tmp"
    for path in [*stale, running, other]:
        path.write_bytes(b"half a database")
    assert run_cli("export", "out.db", "--no-extract").exit_code == 0
    assert not any(p.exists() for p in stale)
    assert running.exists() and other.exists(), "only the stale files of this output are swept"


def test_sweep_needs_the_name_this_module_makes(tmp_path):
    dead = _dead_pid()
    theirs = tmp_path / f".out.txt.{dead}.tmp"  # not ours: no "-XXXX" after the pid
    theirs.write_text("x", encoding="utf-8")
    assert sweep_stale(tmp_path / "out.txt") == []
    assert theirs.exists()


@pytest.mark.usefixtures("claims_file")
def test_kill_9_during_export_is_swept_by_the_next_one(tmp_path):
    """A writer killed outright leaves its temporary file; the next export removes it."""
    script = (
        "import os, sys, time\n"
        "from reconcile.writing import replacing\n"
        "with replacing(sys.argv[1]) as tmp:\n"
        "    tmp.write_bytes(b'half'); print(tmp, flush=True); time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "out.db")], stdout=subprocess.PIPE,
                             text=True)
    left = Path(child.stdout.readline().strip())
    child.kill()
    child.wait()
    assert left.exists()
    assert sweep_stale(tmp_path / "out.db") == [left]


# -- claims.toml for `extract --write`

ARTICLE = """+++
outlet = "Harbour Courier"
published = 2024-05-02
+++
Governor Oleh Kiper said on Thursday that four people were injured when a drone hit a warehouse in Odesa.

The Ukrainian Air Force said it shot down 12 of the 15 drones launched overnight.
"""

CLAIMS = """# Hand-written notes: keep me.
[settings]
date_window_days = 0

[[claim]]
id = "odesa-injured"
source = "harbour-courier-2024-05-02"
quote = "four people were injured"
speaker = "Oleh Kiper"
action = "injured"
object = "people"
value = 4
"""


@pytest.fixture
def drafts_dir(tmp_path: Path) -> Path:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "harbour-courier-2024-05-02.md").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def test_extract_write_through_a_symlink_locks_and_writes_the_target(run_cli, drafts_dir):
    shared = drafts_dir / "team"
    shared.mkdir()
    (shared / "claims.toml").write_text(CLAIMS, encoding="utf-8")
    (drafts_dir / "claims.toml").symlink_to(shared / "claims.toml")
    result = run_cli("extract", "--write")
    assert result.exit_code == 0, result.output
    assert (drafts_dir / "claims.toml").is_symlink()
    text = (shared / "claims.toml").read_text(encoding="utf-8")
    assert text.startswith(CLAIMS) and text.count("[[claim]]") > 1
    # one lock for every link to the file: beside the file, not beside the link
    assert (shared / "claims.toml.lock").exists() and not (drafts_dir / "claims.toml.lock").exists()
    assert leftovers(drafts_dir) == leftovers(shared) == []


def test_extract_write_refuses_a_read_only_claims_file(run_cli, drafts_dir):
    path = drafts_dir / "claims.toml"
    path.write_text(CLAIMS, encoding="utf-8")
    path.chmod(0o444)
    result = run_cli("extract", "--write")
    one_line_error(result, "claims.toml", "read-only")
    assert path.read_text(encoding="utf-8") == CLAIMS


def test_extract_write_refuses_a_fifo_claims_file(run_cli, drafts_dir):
    os.mkfifo(drafts_dir / "claims.toml")
    result = run_cli("extract", "--write", "--claims", "claims.toml")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_extract_write_keeps_crlf_line_endings(run_cli, drafts_dir):
    original = CLAIMS.replace("\n", "\r\n").encode("utf-8")
    (drafts_dir / "claims.toml").write_bytes(original)
    result = run_cli("extract", "--write")
    assert result.exit_code == 0, result.output
    written = (drafts_dir / "claims.toml").read_bytes()
    assert written.startswith(original), "an existing byte changed"
    added = written[len(original):]
    assert b"[[claim]]" in added
    assert added.count(b"\n") == added.count(b"\r\n"), "a new line ends in LF alone"
    assert b"\r\r" not in added


def test_extract_write_keeps_a_byte_order_mark(run_cli, drafts_dir):
    original = b"\xef\xbb\xbf" + CLAIMS.encode("utf-8")
    (drafts_dir / "claims.toml").write_bytes(original)
    result = run_cli("extract", "--write")
    assert result.exit_code == 0, result.output
    assert (drafts_dir / "claims.toml").read_bytes().startswith(original)
