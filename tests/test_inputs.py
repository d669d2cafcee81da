"""Inputs are read as the docs say (#21): a byte-order mark on claims.toml, UTF-16/32 articles by
their mark, NUL bytes anywhere refused, and in a sources folder no symlink out of it followed and
no special file read, each skipped entry with a note."""

from __future__ import annotations

import codecs
import json
import os
import sys
from pathlib import Path

import pytest
from conftest import RIVER_COURIER as RIVER_BODY
from conftest import one_line_error

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symlinks and FIFOs are POSIX")


def notes(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("note:")]


def report(run_cli, *args: str) -> dict:
    result = run_cli("report", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- claims.toml


@pytest.mark.usefixtures("corpus_dir")
def test_claims_toml_with_a_byte_order_mark(run_cli, claims_file):
    text = claims_file.read_text(encoding="utf-8")
    without = run_cli("check", "--format", "json")
    claims_file.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    data = report(run_cli, "--no-extract")
    assert {c["id"] for c in data["claims"]} >= {"danko-injured", "aircommand-downed"}
    checked = run_cli("check", "--format", "json")
    assert (checked.exit_code, checked.stdout) == (without.exit_code, without.stdout)


@pytest.mark.usefixtures("corpus_dir")
def test_errors_in_a_claims_toml_with_a_byte_order_mark_keep_their_line(run_cli, claims_file):
    text = claims_file.read_text(encoding="utf-8").replace('action = "target"', 'action = "targeted"', 1)
    claims_file.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    line = text[:text.index('action = "targeted"')].count("\n") + 1
    one_line_error(run_cli("report"), f"claims.toml:{line}: ", "unknown action")


# -- encodings of articles


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8"])
def test_articles_in_utf16_and_utf32_are_read_by_their_byte_order_mark(run_cli, tmp_path, codec):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE,
           "utf-32-be": codecs.BOM_UTF32_BE, "utf-8": codecs.BOM_UTF8}[codec]
    text = '+++\noutlet = "Odesa Wire — Одеса"\npublished = 2024-05-02\n+++\n' + RIVER_BODY
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "odesa-wire.md").write_bytes(bom + text.encode(codec))
    result = run_cli("report", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sources"][0]["outlet"] == "Odesa Wire — Одеса"
    assert any(c["action"] == "injured" and c["low"] == 3 for c in data["claims"])
    assert not notes(result), "a byte-order mark names the encoding: nothing to warn about"


def test_utf16_quotes_anchor_and_check(run_cli, tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "odesa-wire.md").write_bytes(codecs.BOM_UTF16_LE + RIVER_BODY.encode("utf-16-le"))
    (tmp_path / "claims.toml").write_text(
        '[[claim]]\nid = "x"\nsource = "odesa-wire"\nquote = "three people were injured"\nspeaker = "Mayor"\n'
        'action = "injured"\nobject = "people"\nvalue = 3\n', encoding="utf-8")
    data = report(run_cli, "--no-extract")
    assert data["claims"][0]["start"] is not None


@pytest.mark.parametrize("where", [0, 100, 5000, -1])
def test_a_nul_byte_anywhere_is_refused_as_binary(run_cli, tmp_path, where):
    body = (RIVER_BODY * 40).encode("utf-8")
    at = len(body) - 1 if where == -1 else where
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "odd.md").write_bytes(body[:at] + b"\x00" + body[at:])
    one_line_error(run_cli("report"), "sources/odd.md: ", "binary")


def test_a_nul_character_after_a_utf16_mark_is_refused(run_cli, tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "odd.md").write_bytes(codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"))
    one_line_error(run_cli("report"), "sources/odd.md: ", "binary")


# -- what a sources folder holds


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "odesa-wire-2024-05-02.md").write_text(RIVER_BODY, encoding="utf-8")
    return sources


def test_a_symlink_out_of_the_folder_is_not_followed(run_cli, tmp_path, folder):
    secret = tmp_path / "elsewhere" / "passwd.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:Governor Oleh Kiper said 99 people were killed in Odesa:/root:/bin/sh\n",
                      encoding="utf-8")
    (folder / "passwd.txt").symlink_to(secret)
    (folder / "escape").symlink_to(secret.parent, target_is_directory=True)
    result = run_cli("report", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [s["id"] for s in json.loads(result.stdout)["sources"]] == ["odesa-wire-2024-05-02"]
    skipped = [n for n in notes(result) if "symlink out of" in n]
    assert len(skipped) == 2, result.stderr
    assert any("sources/passwd.txt" in n for n in skipped) and any("sources/escape" in n for n in skipped)


def test_a_symlink_inside_the_folder_is_read(run_cli, folder):
    (folder / "mirror").mkdir()
    (folder / "mirror" / "odesa-copy.md").symlink_to(folder / "odesa-wire-2024-05-02.md")
    result = run_cli("sources")
    assert result.exit_code == 0, result.output
    assert "odesa-copy" in result.stdout and not [n for n in notes(result) if "skipped" in n]


def test_a_folder_given_through_a_symlink_is_read(run_cli, tmp_path, folder):
    (tmp_path / "linked").symlink_to(folder, target_is_directory=True)
    data = report(run_cli, "linked")
    assert [s["id"] for s in data["sources"]] == ["odesa-wire-2024-05-02"]


def test_dangling_links_and_special_files_are_skipped_with_a_note(run_cli, folder):
    (folder / "gone.md").symlink_to(folder / "never-was.md")
    os.mkfifo(folder / "pipe.md")
    os.mkfifo(folder / "pipe.dat")  # not an article's name: nothing to say
    result = run_cli("report", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [s["id"] for s in json.loads(result.stdout)["sources"]] == ["odesa-wire-2024-05-02"]
    said = notes(result)
    assert any("sources/gone.md" in n and "symlink to nothing" in n for n in said), said
    assert any("sources/pipe.md" in n and "not a regular file" in n for n in said), said
    assert not any("pipe.dat" in n for n in said)


def test_a_fifo_named_on_the_command_line_is_an_error(run_cli, folder):
    os.mkfifo(folder / "pipe.md")
    one_line_error(run_cli("report", "sources/pipe.md"), "sources/pipe.md: ", "not a regular file")
