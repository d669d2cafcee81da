"""reconcile.sources: finding article files, decoding them, and reading their +++ front matter."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from reconcile.errors import SourceError
from reconcile.sources import decode, load_source, load_sources, source_files, split_front_matter

BODY = "The harbour master said two cranes were damaged by falling debris.\n"


def test_front_matter_fields(make_source):
    path = make_source("harbour-news-2024-04-02", BODY, outlet="Harbour News", published=date(2024, 4, 2),
                       title="Cranes hit", url="https://harbour.example/cranes", party="independent-media")
    source = load_source(path)
    assert source.id == "harbour-news-2024-04-02"
    assert source.outlet == "Harbour News"
    assert source.published == date(2024, 4, 2)
    assert source.published_at is None
    assert source.title == "Cranes hit"
    assert source.url == "https://harbour.example/cranes"
    assert source.party == "independent-media"
    assert source.text == BODY
    assert source.body_line == 8
    assert source.encoding == "utf-8"


def test_published_datetime_keeps_the_timestamp(make_source):
    path = make_source("a", BODY, outlet="A", published=datetime(2024, 4, 2, 18, 45))
    source = load_source(path)
    assert source.published == date(2024, 4, 2)
    assert source.published_at == datetime(2024, 4, 2, 18, 45)


def test_no_front_matter_uses_the_file_stem(make_source):
    source = load_source(make_source("quay-gazette", BODY))
    assert source.outlet == "quay-gazette"
    assert source.published is None
    assert source.title is None and source.url is None and source.party is None
    assert source.text == BODY
    assert source.body_line == 1


def test_missing_front_matter_fields_fall_back(make_source):
    # Every field is optional: no outlet means the stem, no date means unknown
    source = load_source(make_source("quay-gazette", BODY, title="Only a title"))
    assert source.outlet == "quay-gazette"
    assert source.published is None
    assert source.title == "Only a title"


def test_offsets_index_the_body_after_front_matter(make_source):
    source = load_source(make_source("a", BODY, outlet="A"))
    start = source.text.index("two cranes")
    assert source.text[start:start + 10] == "two cranes"
    assert not source.text.startswith("+++")


def test_crlf_front_matter(make_source, tmp_path):
    path = tmp_path / "crlf.md"
    path.write_bytes(b'+++\r\noutlet = "Windows Weekly"\r\npublished = 2024-04-02\r\n+++\r\nBody line.\r\n')
    source = load_source(path)
    assert source.outlet == "Windows Weekly"
    assert source.published == date(2024, 4, 2)
    assert source.text == "Body line.\r\n"
    assert source.body_line == 5


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes(b'\xef\xbb\xbf+++\noutlet = "Bom"\n+++\nText.\n')
    source = load_source(path)
    assert source.outlet == "Bom"
    assert source.text == "Text.\n"


@pytest.mark.parametrize(
    ("front", "line", "words"),
    [
        ('outlet = "A"\nbogus = 1\n', 3, "unknown front matter field 'bogus'"),
        ('outlet = "A"\npublished = "last Tuesday"\n', 3, "'published' must be a TOML date"),
        ('outlet = 7\n', 2, "'outlet' must be a string"),
        ('outlet = "  "\n', 2, "'outlet' is empty"),
        ('outlet = "A"\nparty = "rebels"\n', 3, "'party' must be one of"),
        ('outlet = "A"\ntitle = "unterminated\n', 3, "invalid front matter"),
        ('outlet = "A"\npublished = 2024-13-45\n', 3, "invalid front matter"),
    ],
    ids=["unknown-field", "published-not-a-date", "outlet-not-a-string", "outlet-empty", "unknown-party",
         "bad-toml", "impossible-date"],
)
def test_bad_front_matter_names_file_and_line(make_source, front, line, words):
    path = make_source("bad", BODY, raw_front=front)
    with pytest.raises(SourceError) as err:
        load_source(path)
    assert err.value.line == line
    assert err.value.path == str(path)
    assert words in err.value.message
    assert str(err.value).startswith(f"{path}:{line}: ")


def test_unclosed_front_matter(make_source, tmp_path):
    path = tmp_path / "open.md"
    path.write_text('+++\noutlet = "A"\nBody without a closing line.\n', encoding="utf-8")
    with pytest.raises(SourceError, match="never closed") as err:
        load_source(path)
    assert err.value.line == 1


def test_split_front_matter_returns_the_body_line():
    meta, body, line = split_front_matter('+++\nurl = "https://x.example"\n+++\nHello\n', Path("x.md"))
    assert meta == {"url": "https://x.example"}
    assert body == "Hello\n"
    assert line == 4


def test_plus_signs_later_in_the_file_are_body(make_source):
    source = load_source(make_source("a", "First line.\n+++\nnot front matter\n"))
    assert source.text == "First line.\n+++\nnot front matter\n"


# -- encodings and odd files


def test_cp1251_is_detected_with_a_warning(make_source):
    body = "Мэр заявил, что два человека получили ранения при атаке беспилотников на город ночью. " * 3
    path = make_source("cyrillic", body, encoding="cp1251", outlet="Cyrillic Courier")
    warnings: list[str] = []
    source = load_source(path, warnings=warnings)
    assert source.text == body
    assert source.outlet == "Cyrillic Courier"
    assert source.encoding.lower().replace("_", "").replace("-", "") in {"cp1251", "windows1251"}
    assert len(warnings) == 1 and str(path) in warnings[0] and "not UTF-8" in warnings[0]


def test_utf8_has_no_warning(make_source):
    warnings: list[str] = []
    load_source(make_source("a", "Plain ASCII and a curly ’ quote.\n"), warnings=warnings)
    assert warnings == []


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "picture.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    with pytest.raises(SourceError, match="binary") as err:
        load_source(path)
    assert err.value.path == str(path)


def test_decode_utf8():
    assert decode("Київ".encode(), Path("k.md")) == ("Київ", "utf-8", None)


def test_empty_file_is_skipped_with_a_warning(make_source, tmp_path):
    make_source("empty", "")
    make_source("only-front", "", outlet="Only Front")
    make_source("blank", "\n\n   \n")
    make_source("real", BODY, outlet="Real")
    warnings: list[str] = []
    sources = load_sources([tmp_path / "sources"], warnings=warnings)
    assert [s.id for s in sources] == ["real"]
    for name, warning in zip(("blank", "empty", "only-front"), sorted(warnings), strict=True):
        assert warning == f"{tmp_path / 'sources' / name}.md: empty article, skipped"
    assert all("empty article" in w for w in warnings)


# -- ids and files


@pytest.mark.parametrize("stem", ["..", "a..b", "-dash-first", ".hidden-looking"])
def test_unsafe_source_ids_are_refused(tmp_path, stem):
    path = tmp_path / f"{stem}.md"
    path.write_text(BODY, encoding="utf-8")
    with pytest.raises(SourceError, match="unusable source id"):
        load_source(path)


def test_source_id_is_the_stem(make_source):
    assert load_source(make_source("kyiv-post-2024-03-15", BODY, suffix=".txt")).id == "kyiv-post-2024-03-15"


def test_source_files_recurse_sort_and_filter(make_source, tmp_path):
    make_source("b", BODY)
    make_source("a", BODY, folder="sources/nested")
    make_source("c", BODY, suffix=".txt")
    make_source("notes", BODY, suffix=".html")
    make_source(".draft", BODY)
    files = source_files([tmp_path / "sources"])
    assert [f.relative_to(tmp_path / "sources").as_posix() for f in files] == ["b.md", "c.txt", "nested/a.md"]


def test_source_files_each_once(make_source, tmp_path):
    path = make_source("a", BODY)
    assert source_files([tmp_path / "sources", path, tmp_path / "sources"]) == [path]


def test_an_explicit_file_is_read_whatever_its_suffix(make_source):
    path = make_source("clipping", BODY, suffix=".html")
    assert source_files([path]) == [path]


def test_missing_path(tmp_path):
    with pytest.raises(SourceError, match="no such file or folder") as err:
        source_files([tmp_path / "nowhere"])
    assert err.value.path == str(tmp_path / "nowhere")


def test_duplicate_ids_in_two_folders(make_source, tmp_path):
    make_source("same", BODY, folder="sources/one")
    make_source("same", BODY, folder="sources/two")
    with pytest.raises(SourceError, match="duplicate source id 'same'"):
        load_sources([tmp_path / "sources"])


def test_paths_are_shown_relative_to_the_working_directory(make_source, tmp_path, monkeypatch):
    make_source("a", BODY, outlet="A")
    monkeypatch.chdir(tmp_path)
    (source,) = load_sources([Path("sources")])
    assert source.path == str(Path("sources") / "a.md")
    (source,) = load_sources([tmp_path / "sources"])
    assert source.path == str(Path("sources") / "a.md")
