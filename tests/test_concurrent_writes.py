"""`extract --write` from several processes at once: one writer at a time, nothing lost or repeated."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reconcile.writing import lock_path, locked

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from conftest import write_articles  # noqa: E402

CLAIMS = """# Curator's notes: keep me.
[settings]
date_window_days = 0   # stay strict

[[speaker]]
name = "Harbour Police"   # added by hand
aliases = ["the harbour police"]
"""


@pytest.fixture
def workdir(tmp_path):
    write_articles(tmp_path / "sources", 12, seed=11)
    (tmp_path / "claims.toml").write_text(CLAIMS, encoding="utf-8")
    return tmp_path


def _writer(workdir: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    env.pop("CI", None)
    return subprocess.Popen([sys.executable, "-m", "reconcile", "extract", "--write", *args],
                            cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _ids(workdir: Path) -> list[str]:
    return [c["id"] for c in tomllib.loads((workdir / "claims.toml").read_text(encoding="utf-8"))["claim"]]


def _single_writer_result(workdir: Path, tmp_path_factory) -> list[str]:
    other = tmp_path_factory.mktemp("single")
    for path in (workdir / "sources").iterdir():
        (other / "sources").mkdir(exist_ok=True)
        (other / "sources" / path.name).write_bytes(path.read_bytes())
    (other / "claims.toml").write_text(CLAIMS, encoding="utf-8")
    done = _writer(other)
    assert done.wait(60) == 0, done.stderr.read()
    return _ids(other)


def test_two_writers_at_once_append_every_claim_once_and_keep_every_comment(workdir, tmp_path_factory):
    writers = [_writer(workdir), _writer(workdir)]
    results = [(w.wait(120), w.stdout.read(), w.stderr.read()) for w in writers]
    for code, _, err in results:
        assert code == 0, err
        assert "Traceback" not in err
    text = (workdir / "claims.toml").read_text(encoding="utf-8")
    assert text.startswith(CLAIMS)  # every byte and comment a person wrote
    ids = _ids(workdir)
    assert len(ids) == len(set(ids)), "an id was written twice"
    # together they wrote exactly what one writer alone writes: the second appended nothing new
    assert sorted(ids) == sorted(_single_writer_result(workdir, tmp_path_factory))
    appended = sorted(int(err.split("appended ", 1)[1].split()[0]) for _, _, err in results)
    assert appended[0] == 0 and appended[1] == len(ids)


def test_a_waiting_writer_reads_the_file_again_under_the_lock(workdir):
    target = workdir / "claims.toml"
    hand_written = '\n# added while the writer waited\n[[speaker]]\nname = "Port Authority"\n'
    with locked(target):
        writer = _writer(workdir)
        # the writer says it waits, on stderr, before it can take the lock
        line = writer.stderr.readline()
        assert "waiting for another writer" in line and str(lock_path(Path("claims.toml"))) in line
        target.write_text(target.read_text(encoding="utf-8") + hand_written, encoding="utf-8")
    assert writer.wait(60) == 0, writer.stderr.read()
    text = target.read_text(encoding="utf-8")
    assert text.startswith(CLAIMS + hand_written)
    ids = _ids(workdir)
    assert ids and len(ids) == len(set(ids))


def test_a_writer_gives_up_after_the_timeout_with_one_line_and_exit_2(workdir):
    target = workdir / "claims.toml"
    before = target.read_bytes()
    with locked(target):
        writer = _writer(workdir, "--lock-timeout", "0.5")
        code = writer.wait(60)
        err = writer.stderr.read()
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("waiting")]
    assert len(lines) == 1, err
    assert lines[0].startswith("Error: claims.toml: ") and "nothing was written" in lines[0]
    assert "Traceback" not in err
    assert target.read_bytes() == before
