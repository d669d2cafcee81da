"""Extraction over worker processes: the same claims, in the same order, for any number of jobs."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

import pytest
from conftest import write_articles

import reconcile.parallel as parallel
from reconcile.errors import SourceError
from reconcile.parallel import ExtractionError, available_cores, extract_sources
from reconcile.sources import load_sources
from reconcile.speakers import SpeakerIndex


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> list:
    folder = tmp_path_factory.mktemp("many") / "sources"
    write_articles(folder, 40, seed=3)
    return load_sources([folder])


def _dump(extractions) -> list:
    return [([c.model_dump() for c in e.claims], e.cut_sentences) for e in extractions]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_two_jobs_give_what_one_gives(articles, method):
    if method not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip(f"no {method} here")
    one = extract_sources(articles, SpeakerIndex(), jobs=1)
    two = extract_sources(articles, SpeakerIndex(), jobs=2, min_chars=0, start_method=method)
    assert len(two) == len(articles)
    assert sum(len(e.claims) for e in one) > 100
    assert _dump(two) == _dump(one)


def test_progress_counts_articles_across_workers(articles):
    seen = []
    extract_sources(articles, SpeakerIndex(), jobs=2, min_chars=0, progress=lambda done, total: seen.append((done,
                                                                                                          total)))
    assert seen[-1] == (len(articles), len(articles))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and len(seen) > 2


def test_small_inputs_start_no_pool(articles, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started")

    monkeypatch.setattr(parallel, "_extract_in_pool", no_pool)
    assert sum(len(s.text) for s in articles) < parallel.POOL_MIN_CHARS
    extract_sources(articles, SpeakerIndex(), jobs=2)
    extract_sources(articles[:1], SpeakerIndex(), jobs=8, min_chars=0)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_article_is_named_in_one_error(articles, monkeypatch, jobs):
    import reconcile.extract as extract

    real = extract.extract_source

    def fails_on_one(source, index, width=0.1, packs=None):
        if source.id == articles[17].id:
            raise IndexError("list index out of range")
        return real(source, index, width, packs)

    monkeypatch.setattr(extract, "extract_source", fails_on_one)
    with pytest.raises(ExtractionError) as caught:
        extract_sources(articles, SpeakerIndex(), jobs=jobs, min_chars=0, start_method="fork")
    assert caught.value.path == articles[17].path
    assert str(caught.value).startswith(f"{articles[17].path}: cannot extract claims (IndexError")


def test_errors_keep_their_file_and_line_across_processes():
    err = pickle.loads(pickle.dumps(SourceError("bad", path="a.md", line=3)))
    assert (type(err), err.path, err.line, str(err)) == (SourceError, "a.md", 3, "a.md:3: bad")


def test_available_cores_is_at_least_one():
    assert available_cores() >= 1


def test_report_json_is_byte_identical_for_one_and_two_jobs(run_cli, tmp_path, monkeypatch):
    # enough text that the command line really starts a pool
    write_articles(tmp_path / "sources", 200, seed=5)
    assert sum(len(s.text) for s in load_sources([tmp_path / "sources"])) >= parallel.POOL_MIN_CHARS
    pools = []
    real = parallel._extract_in_pool
    monkeypatch.setattr(parallel, "_extract_in_pool", lambda *args: pools.append(args[4]) or real(*args))
    one = run_cli("report", "--format", "json", "--jobs", "1")
    two = run_cli("report", "--format", "json", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0, two.stderr
    assert pools == [2]
    assert one.stdout == two.stdout
    assert len(one.stdout) > 100_000


def test_fresh_processes_give_the_same_report_for_one_and_two_jobs(tmp_path):
    # Small towns and named sites become places only when an article names them, so in a worker
    # and not here; the report must still place their claims. Fresh processes: no earlier run
    # may have made those places here first.
    paths = write_articles(tmp_path / "sources", 200, seed=11)
    for path in paths[::40]:
        path.write_text(path.read_text("utf-8") + "\nOfficials in Mayfield, Kentucky said 3 people were killed "
                        "when a tornado hit the Dunmore Grain Terminal on Friday.\n", encoding="utf-8")
    assert sum(len(s.text) for s in load_sources([tmp_path / "sources"])) >= parallel.POOL_MIN_CHARS

    def report(jobs: str) -> str:
        done = subprocess.run([sys.executable, "-m", "reconcile", "report", "--format", "json", "--jobs", jobs],
                              cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "CI": "1"})
        assert done.returncode == 0, done.stderr
        return done.stdout

    two, one = report("2"), report("1")
    assert two == one
    placed = [c for c in json.loads(one)["claims"] if {"Mayfield", "Dunmore Grain Terminal"} & set(c["places"])]
    assert len(placed) >= 5 and all(c["incident"].startswith(("mayfield-", "dunmore-")) for c in placed)


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_bad_jobs_is_a_usage_error(run_cli, corpus_dir, value):
    result = run_cli("report", "--jobs", value)
    assert result.exit_code == 2
    assert "--jobs" in result.stderr and "Traceback" not in result.stderr


def test_jobs_is_accepted_wherever_sources_are_read(run_cli, corpus_dir):
    for command in (["report"], ["incidents"], ["sources"], ["extract"], ["check", "--exit-zero"]):
        result = run_cli(*command, "--jobs", "2")
        assert result.exit_code == 0, (command, result.stderr)
