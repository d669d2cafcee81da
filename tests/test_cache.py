"""Tables kept on disk between runs: read back while their inputs are unchanged, built again
otherwise, and never a reason for a run to fail."""

from __future__ import annotations

import sys

import pytest

from reconcile.cache import ENV, cache_dir, cached
from reconcile.gazetteer import geonames as world


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "input.txt"
    path.write_text("one", encoding="utf-8")
    return path


def counting(data):
    calls = []

    def build():
        calls.append(1)
        return data

    return build, calls


def test_built_once_then_read_back(folder, source):
    build, calls = counting({"kharkiv": [1, 2]})
    assert cached("table", [source], build) == {"kharkiv": [1, 2]}
    assert cached("table", [source], build) == {"kharkiv": [1, 2]}
    assert len(calls) == 1
    assert [p.name.startswith("table-") for p in folder.iterdir()] == [True]


def test_a_changed_input_builds_again_beside_the_old_entry(folder, source):
    build, calls = counting([1])
    cached("table", [source], build)
    source.write_text("two, longer", encoding="utf-8")
    cached("table", [source], build)
    assert len(calls) == 2
    assert len(list(folder.glob("table-*.json"))) == 2


def test_two_installs_keep_their_own_entries(folder, tmp_path):
    # Two installs differ in where their files are: each must find its entry after the other ran.
    first, second = tmp_path / "venv-a" / "data.txt", tmp_path / "venv-b" / "data.txt"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text("same", encoding="utf-8")
    build_a, calls_a = counting(["a"])
    build_b, calls_b = counting(["b"])
    for _ in range(3):
        assert cached("table", [first], build_a) == ["a"]
        assert cached("table", [second], build_b) == ["b"]
    assert (len(calls_a), len(calls_b)) == (1, 1)


def test_another_version_has_its_own_entry(folder, source, monkeypatch):
    from reconcile import cache

    build, calls = counting([1])
    cached("table", [source], build)
    monkeypatch.setattr(cache, "_version", lambda: "99.0")
    cached("table", [source], build)
    cached("table", [source], build)
    monkeypatch.undo()
    monkeypatch.setenv(ENV, str(folder))
    cached("table", [source], build)
    assert len(calls) == 2


def test_entries_are_bounded_and_the_least_recently_used_go(folder, tmp_path):
    from reconcile.cache import KEEP

    inputs = []
    for i in range(KEEP + 2):
        path = tmp_path / f"install-{i}" / "data.txt"
        path.parent.mkdir()
        path.write_text("x", encoding="utf-8")
        inputs.append(path)
    build, calls = counting([1])
    for i, path in enumerate(inputs):
        cached("table", [path], build)
        if i >= 1:
            cached("table", [inputs[0]], build)  # the first install keeps being used
    assert len(list(folder.glob("table-*.json"))) == KEEP
    built = len(calls)
    cached("table", [inputs[0]], build)
    cached("table", [inputs[-1]], build)
    assert len(calls) == built  # the most recently used were kept
    cached("table", [inputs[1]], build)
    assert len(calls) == built + 1  # the one unused longest was dropped


def test_a_broken_or_misshapen_file_is_built_again(folder, source):
    build, calls = counting({"a": [1]})
    cached("table", [source], build)
    (stored,) = folder.glob("table-*.json")
    stored.write_bytes(b"{not json")
    assert cached("table", [source], build) == {"a": [1]}
    stored.write_bytes(b"[1, 2]")
    assert cached("table", [source], build, valid=lambda d: isinstance(d, dict)) == {"a": [1]}
    assert len(calls) == 3


def test_an_unusable_directory_only_costs_time(tmp_path, monkeypatch, source):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(ENV, str(blocker / "cache"))  # a directory under a file: cannot be made
    build, calls = counting({"a": [1]})
    assert cached("table", [source], build) == {"a": [1]}
    assert cached("table", [source], build) == {"a": [1]}
    assert len(calls) == 2


@pytest.mark.parametrize("value", ["off", ""])
def test_the_cache_can_be_turned_off(tmp_path, monkeypatch, source, value):
    monkeypatch.setenv(ENV, value)
    assert cache_dir() is None
    build, calls = counting([1])
    cached("table", [source], build)
    cached("table", [source], build)
    assert len(calls) == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG applies on Linux")
def test_the_default_is_the_users_cache_directory(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "reconcile"


def test_the_town_index_read_back_is_the_index_built(folder):
    built = world._build_minor_index()
    world.minor_index.cache_clear()
    try:
        first = world.minor_index()
        world.minor_index.cache_clear()
        again = world.minor_index()
    finally:
        world.minor_index.cache_clear()
    assert first == built == again
    assert len(list(folder.glob("minor-towns-*.json"))) == 1
    assert len(built) > 100_000


def test_the_gazetteer_records_read_back_are_the_records_picked(folder):
    from reconcile.gazetteer import tables

    settings = tables.region_table().geonames
    capitals = {cc: info.get("capital", "") for cc, info in world.country_info().items()}
    picked = world.pick_records(world.cities_path(), settings, capitals)
    assert world.geonames_records(settings, capitals) == picked  # built and stored
    assert world.geonames_records(settings, capitals) == picked  # read back
    assert len(list(folder.glob("geonames-records-*.json"))) == 1
    assert len(picked) > 10_000
