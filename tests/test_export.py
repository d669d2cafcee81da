"""`reconcile export DB`: the JSON report as a SQLite database, checked with sqlite3 and sqlite-utils.

Row counts and values must be the JSON report's, the foreign keys must hold, the full-text index
must find quotes, the queries the README and docs/exports.md show must run and give what the
JSON says, and a re-run must replace the database in one step without touching other files.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS_CLAIM_IDS
from sqlite_utils.cli import cli as sqlite_utils_cli
from test_cli import assert_input_error, claim_row, stderr_lines, write_claims

from reconcile import export
from reconcile.cli import cli
from reconcile.errors import ReconcileError
from reconcile.export import APPLICATION_ID, TABLES, export_sqlite
from reconcile.pipeline import Config, run
from reconcile.render.json import report_json

ROOT = Path(__file__).resolve().parent.parent
QUERY_PAGES = ("README.md", "docs/exports.md")


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def table_counts(path: Path) -> dict[str, int]:
    """`sqlite-utils tables DB --counts`, as a person would run it."""
    result = CliRunner().invoke(sqlite_utils_cli, ["tables", str(path), "--counts"])
    assert result.exit_code == 0, result.output
    return {t["table"]: t["count"] for t in json.loads(result.output)}


def expected_counts(data: dict) -> dict[str, int]:
    return {"sources": len(data["sources"]), "claims": len(data["claims"]), "incidents": len(data["incidents"]),
            "findings": len(data["findings"]),
            "finding_claims": sum(len(set(f["claims"])) for f in data["findings"])}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, dict]:
    """The bundled corpus (extraction on, as `reconcile export` runs by default) exported, and its JSON."""
    db = tmp_path_factory.mktemp("export") / "reconcile.sqlite"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        mp.delenv("NO_COLOR", raising=False)
        runner = CliRunner()
        result = runner.invoke(cli, ["export", str(db)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        report = runner.invoke(cli, ["report", "--format", "json"], catch_exceptions=False)
        assert report.exit_code == 0
    return db, json.loads(report.stdout)


# -- the sample corpus


def test_row_counts_are_the_json_reports(sample):
    db, data = sample
    counts = table_counts(db)
    assert {t: counts[t] for t in TABLES} == expected_counts(data)
    assert counts["sources"] == 14 and counts["claims"] > 38 and counts["findings"] > 0
    assert counts["claims_fts"] == counts["claims"]


def test_foreign_keys_hold(sample):
    db, _ = sample
    with connect(db) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        declared = {(table, row["from"], row["table"], row["to"])
                    for table in TABLES for row in conn.execute(f"PRAGMA foreign_key_list({table})")}
    assert declared == {
        ("claims", "source", "sources", "id"), ("claims", "incident", "incidents", "id"),
        ("findings", "incident", "incidents", "id"),
        ("finding_claims", "finding", "findings", "id"), ("finding_claims", "claim", "claims", "id"),
    }


def test_keys_and_indexes(sample):
    db, _ = sample
    with connect(db) as conn:
        pks = {table: [r["name"] for r in sorted(conn.execute(f"PRAGMA table_info({table})"), key=lambda r: r["pk"])
                       if r["pk"]] for table in TABLES}
        indexed = {(table, tuple(conn.execute(f"PRAGMA index_info('{index['name']}')").fetchall()[0]))
                   for table in TABLES for index in conn.execute(f"PRAGMA index_list({table})")}
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert pks == {"sources": ["id"], "claims": ["id"], "incidents": ["id"], "findings": ["id"],
                   "finding_claims": ["finding", "claim"]}
    columns = {(table, info[2]) for table, info in indexed}
    assert {("claims", "source"), ("claims", "incident"), ("claims", "action"), ("findings", "kind"),
            ("findings", "incident"), ("finding_claims", "claim")} <= columns


def test_rows_are_the_json_values(sample):
    """Every claim, source, incident and finding reads back as the JSON has it (lists as JSON text)."""
    db, data = sample

    def same(row: sqlite3.Row, item: dict, skip: tuple[str, ...] = ()) -> None:
        for key, value in item.items():
            if key in skip:
                continue
            stored = row[key]
            if isinstance(value, (list, dict)):
                assert json.loads(stored) == value, key
            elif isinstance(value, bool):
                assert stored == int(value), key
            else:
                assert stored == value, key

    with connect(db) as conn:
        for table in ("sources", "claims", "incidents"):
            rows = {r["id"]: r for r in conn.execute(f"SELECT * FROM {table}")}
            assert list(rows) == [item["id"] for item in data[table]], "in the report's order"
            for item in data[table]:
                same(rows[item["id"]], item)
        findings = conn.execute("SELECT * FROM findings ORDER BY id").fetchall()
        links = conn.execute("SELECT finding, claim FROM finding_claims ORDER BY finding, position").fetchall()
    assert [r["id"] for r in findings] == list(range(1, len(data["findings"]) + 1))
    for row, finding in zip(findings, data["findings"], strict=True):
        same(row, finding, skip=("claims",))
        if "independent" not in finding:
            assert row["independent"] is None
    assert [(f, c) for f, c in links] == [(n, c) for n, f in enumerate(data["findings"], 1)
                                          for c in dict.fromkeys(f["claims"])]


def test_full_text_search_finds_a_quote_word(sample):
    db, data = sample
    expected = {c["id"] for c in data["claims"] if re.search(r"\brefiner(y|ies)\b", c["quote"], re.IGNORECASE)}
    assert expected, "the sample corpus quotes a refinery"
    with connect(db) as conn:
        found = {r[0] for r in conn.execute(
            "SELECT claims.id FROM claims_fts JOIN claims ON claims.rowid = claims_fts.rowid "
            "WHERE claims_fts MATCH ?", ["refinery"])}
    assert found == expected
    result = CliRunner().invoke(sqlite_utils_cli, ["search", str(db), "claims", "refinery", "-c", "id"])
    assert result.exit_code == 0, result.output
    assert {r["id"] for r in json.loads(result.output)} == expected


# -- the queries in README.md and docs/exports.md


def sql_blocks(page: str) -> list[str]:
    text = (ROOT / page).read_text(encoding="utf-8")
    return re.findall(r"```sql\n(.*?)```", text, re.DOTALL)


def documented_queries() -> list[tuple[str, str]]:
    return [(page, sql) for page in QUERY_PAGES for sql in sql_blocks(page)]


def test_the_docs_show_queries():
    assert len(sql_blocks("README.md")) >= 2
    assert len(documented_queries()) >= 4


@pytest.mark.parametrize(("page", "sql"), documented_queries(), ids=lambda v: v.split("\n")[0][:50])
def test_documented_queries_run(sample, page, sql):
    db, _ = sample
    with connect(db) as conn:
        rows = conn.execute(sql).fetchall()
    assert rows, f"{page}: the query returns nothing on the bundled corpus"


def _cited(data: dict, kind: str) -> list[tuple[str, str]]:
    """(finding index, claim id) for every claim that a finding of KIND names."""
    return [(i, c) for i, f in enumerate(data["findings"]) if f["kind"] == kind for c in f["claims"]]


@pytest.mark.parametrize("page", QUERY_PAGES)
def test_contradictions_by_outlet_is_right(sample, page):
    db, data = sample
    (sql,) = [q for q in sql_blocks(page) if "AS contradictions" in q]
    claims = {c["id"]: c for c in data["claims"]}
    outlets = {s["id"]: s["outlet"] for s in data["sources"]}
    expected: dict[str, set[int]] = {}
    for index, claim_id in _cited(data, "contradiction"):
        expected.setdefault(outlets[claims[claim_id]["source"]], set()).add(index)
    with connect(db) as conn:
        got = {r[0]: r[1] for r in conn.execute(sql)}
    assert got == {outlet: len(found) for outlet, found in expected.items()}


@pytest.mark.parametrize("page", QUERY_PAGES)
def test_unsourced_claims_per_source_is_right(sample, page):
    db, data = sample
    (sql,) = [q for q in sql_blocks(page) if "AS unsourced_claims" in q]
    claims = {c["id"]: c for c in data["claims"]}
    expected: dict[str, set[str]] = {}
    for _, claim_id in _cited(data, "unsourced"):
        expected.setdefault(claims[claim_id]["source"], set()).add(claim_id)
    with connect(db) as conn:
        got = {r["source"]: r["unsourced_claims"] for r in conn.execute(sql)}
    assert got == {source: len(ids) for source, ids in expected.items()}


# -- the command line on the test corpus


@pytest.mark.usefixtures("claims_file")
def test_export_says_what_it_wrote(run_cli, tmp_path):
    result = run_cli("export", "out.sqlite", "--no-extract")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = report_json(run(Config(extract=False)))
    counts = expected_counts(data)
    assert stderr_lines(result) == ["wrote out.sqlite (" + ", ".join(f"{n} {t}" for t, n in counts.items()) + ")"]
    assert table_counts(tmp_path / "out.sqlite")["claims"] == len(CORPUS_CLAIM_IDS)


@pytest.mark.usefixtures("claims_file")
def test_rerun_replaces_the_rows(run_cli, tmp_path):
    db = tmp_path / "out.sqlite"
    assert run_cli("export", db, "--no-extract").exit_code == 0
    os.chmod(db, 0o640)
    before = table_counts(db)
    # The second run reads one article: the database holds that run, nothing of the first
    result = run_cli("export", db, "--no-extract", "sources/river-courier-2024-05-02.md")
    assert result.exit_code == 0, result.output
    after = table_counts(db)
    assert after["sources"] == 1 < before["sources"]
    with connect(db) as conn:
        assert {r[0] for r in conn.execute("SELECT source FROM claims")} == {"river-courier-2024-05-02"}
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert stat.S_IMODE(db.stat().st_mode) == 0o640, "the replaced file keeps its permissions"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["claims.toml", "out.sqlite"], \
        "no temporary file is left behind"


def test_a_failed_export_leaves_the_old_database(run_cli, claims_file, tmp_path, monkeypatch):
    db = tmp_path / "out.sqlite"
    assert run_cli("export", db, "--no-extract").exit_code == 0
    old = db.read_bytes()

    def broken(*args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(export, "_fill", broken)
    message = assert_input_error(run_cli("export", db, "--no-extract"), "out.sqlite", words="cannot write")
    assert "disk is full" in message
    assert db.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["claims.toml", "out.sqlite"]


@pytest.mark.usefixtures("claims_file")
def test_db_in_a_missing_folder(run_cli):
    message = assert_input_error(run_cli("export", "nowhere/out.sqlite"), "nowhere/out.sqlite",
                                 words="cannot write")
    assert message == "Error: nowhere/out.sqlite: cannot write: no such folder 'nowhere'"


@pytest.mark.usefixtures("claims_file")
def test_db_that_is_a_folder(run_cli):
    assert_input_error(run_cli("export", "sources"), "sources", words="is a folder")


@pytest.mark.usefixtures("claims_file")
def test_an_article_is_never_overwritten(run_cli, corpus_dir):
    article = corpus_dir / "river-courier-2024-05-02.md"
    before = article.read_bytes()
    assert_input_error(run_cli("export", article), str(article), words="not a database written by")
    assert article.read_bytes() == before


@pytest.mark.usefixtures("claims_file")
def test_another_database_is_never_overwritten(run_cli, tmp_path):
    other = tmp_path / "newsroom.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE stories (id INTEGER PRIMARY KEY, headline TEXT)")
    before = other.read_bytes()
    assert_input_error(run_cli("export", other), str(other), words="not a database written by")
    assert other.read_bytes() == before


@pytest.mark.usefixtures("claims_file")
def test_an_empty_file_may_be_replaced(run_cli, tmp_path):
    (tmp_path / "new.sqlite").touch()
    assert run_cli("export", "new.sqlite", "--no-extract").exit_code == 0
    assert table_counts(tmp_path / "new.sqlite")["sources"] == 2


def test_bad_claims_file_is_one_line(run_cli, corpus_dir, tmp_path):
    write_claims(tmp_path, '[[claim]]\nid = "broken\n')
    assert_input_error(run_cli("export", "out.sqlite"), "claims.toml", 2, "invalid TOML")
    assert not (tmp_path / "out.sqlite").exists()


def test_export_needs_a_db(run_cli):
    result = run_cli("export")
    assert result.exit_code == 2
    assert "Missing argument 'DB'" in result.stderr


def test_an_empty_corpus_has_the_tables(run_cli, tmp_path):
    (tmp_path / "sources").mkdir()
    assert run_cli("export", "empty.sqlite").exit_code == 0
    db = tmp_path / "empty.sqlite"
    assert {t: n for t, n in table_counts(db).items() if t in TABLES} == dict.fromkeys(TABLES, 0)
    with connect(db) as conn:
        for _, sql in documented_queries():
            assert conn.execute(sql).fetchall() == []


# -- hostile text is data


def test_hostile_quotes_are_stored_as_written(run_cli, make_source, tmp_path):
    body = ("The mayor said '); DROP TABLE claims; -- two people were hurt \x1b[31mtoday\x1b[0m.\n\n"
            'The port said "quoted" <b>three</b> drones were downed OR 1=1.\n')
    make_source("drop-post-2024-05-02", body, outlet="Robert'); DROP TABLE sources;--",
                published=date(2024, 5, 2))
    quotes = ["'); DROP TABLE claims; -- two people were hurt \x1b[31mtoday\x1b[0m",
              '"quoted" <b>three</b> drones were downed OR 1=1']
    write_claims(tmp_path, "".join([
        claim_row(id="drop", source="drop-post-2024-05-02", quote=quotes[0], speaker="Mayor", party="other",
                  action="injured", object="people", value=2, places=["Odesa"], date=date(2024, 5, 2)),
        claim_row(id="quoted", source="drop-post-2024-05-02", quote=quotes[1], speaker="Port", party="other",
                  action="downed", object="drones", value=3, places=["Odesa"], date=date(2024, 5, 2)),
    ]))
    assert run_cli("export", "out.sqlite", "--no-extract").exit_code == 0
    with connect(tmp_path / "out.sqlite") as conn:
        assert [r[0] for r in conn.execute("SELECT quote FROM claims ORDER BY id")] == [quotes[0], quotes[1]]
        assert conn.execute("SELECT outlet FROM sources").fetchone()[0] == "Robert'); DROP TABLE sources;--"
        assert {r[0] for r in conn.execute("SELECT id FROM claims_fts JOIN claims ON claims.rowid = "
                                           "claims_fts.rowid WHERE claims_fts MATCH 'drop'")} == {"drop"}


def test_library_error_names_the_file(tmp_path):
    with pytest.raises(ReconcileError) as caught:
        export_sqlite(run(Config(paths=[tmp_path])), tmp_path / "missing" / "x.sqlite")
    assert str(caught.value).startswith(f"{tmp_path / 'missing' / 'x.sqlite'}: cannot write")


# -- join tables, figure and label columns, triggers, Datasette metadata (#22)


def test_join_tables_hold_the_json_lists(sample):
    db, data = sample
    with connect(db) as conn:
        def rows(sql: str) -> dict[str, list]:
            out: dict[str, list] = {}
            for key, value in conn.execute(sql):
                out.setdefault(key, []).append(value)
            return out

        places = rows("SELECT incident, place FROM incident_places ORDER BY incident, position")
        sources = rows("SELECT incident, source FROM incident_sources ORDER BY incident, position")
        claims = rows("SELECT incident, claim FROM incident_claims WHERE covering = 0 ORDER BY incident, position")
        covering = rows("SELECT incident, claim FROM incident_claims WHERE covering = 1 ORDER BY incident, position")
        claim_places = rows("SELECT claim, place FROM claim_places ORDER BY claim, position")
        figures = {(r["incident"], r["position"]): dict(r) for r in conn.execute("SELECT * FROM incident_figures")}
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    for incident in data["incidents"]:
        assert places.get(incident["id"], []) == incident["places"]
        assert sources.get(incident["id"], []) == list(dict.fromkeys(incident["sources"]))
        assert claims.get(incident["id"], []) == list(dict.fromkeys(incident["claims"]))
        assert covering.get(incident["id"], []) == list(dict.fromkeys(incident["covering"]))
        for i, summary in enumerate(incident["summary"]):
            row = figures.pop((incident["id"], i))
            for key in ("action", "object", "low", "best", "high", "conservative", "origins", "scope"):
                assert row[key] == summary[key], key
    assert figures == {}  # no row the JSON has not
    assert any(covering.values()) or not any(i["covering"] for i in data["incidents"])
    for claim in data["claims"]:
        assert claim_places.get(claim["id"], []) == claim["places"]


def test_claims_have_a_figure_and_a_label(sample):
    from reconcile.render.text import asserted

    db, data = sample
    outlets = {s["id"]: s["outlet"] for s in data["sources"]}
    with connect(db) as conn:
        stored = {r["id"]: (r["figure"], r["label"]) for r in conn.execute("SELECT id, figure, label FROM claims")}
    for claim in data["claims"]:
        said = asserted(claim["low"], claim["high"], claim["approx"], claim["value"], claim["polarity"])
        figure, label = stored[claim["id"]]
        assert figure == said
        assert label.startswith(f"{claim['speaker'] or outlets[claim['source']]}: {said} ")
    # the CSV's figure column says the same
    assert stored["izhevsk-baza-injured"][0] == "24+"


def test_full_text_index_follows_edits(tmp_path):
    """Triggers keep claims_fts current when the exported database is edited."""
    db = tmp_path / "out.sqlite"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        export_sqlite(run(Config(extract=False)), db)
    search = "SELECT claims.id FROM claims_fts JOIN claims ON claims.rowid = claims_fts.rowid WHERE claims_fts MATCH ?"
    with connect(db) as conn:
        assert conn.execute(search, ["zeppelin"]).fetchall() == []
        conn.execute("UPDATE claims SET quote = 'a zeppelin was seen' WHERE id = 'izhevsk-baza-injured'")
        assert [r[0] for r in conn.execute(search, ["zeppelins"])] == ["izhevsk-baza-injured"]  # stemmed
        assert conn.execute(search, ["refinery"]).fetchall() != []  # the rest of the index is intact
        conn.execute("DELETE FROM claims WHERE id = 'izhevsk-baza-injured'")
        assert conn.execute(search, ["zeppelin"]).fetchall() == []
        conn.execute("INSERT INTO claims (id, source, quote, action, approx, polarity, origin, places) "
                     "VALUES ('new', 'volga-monitor-2024-03-15', 'a blimp overhead', 'hit', 0, 'affirm', "
                     "'curated', '[]')")
        assert [r[0] for r in conn.execute(search, ["blimp"])] == ["new"]


def metadata_queries() -> list[dict]:
    from reconcile.lexicons import read_table

    return read_table("datasette")["query"]


def _normal(sql: str) -> str:
    return " ".join(sql.split()).rstrip(";")


def test_canned_queries_are_the_docs_queries():
    """Every query in datasette.toml is shown in the docs word for word (with its example value), and back."""
    shown = {_normal(sql) for page in QUERY_PAGES for sql in sql_blocks(page)}
    canned = set()
    for query in metadata_queries():
        sql = query["sql"]
        for name, value in query.get("docs", {}).items():
            sql = sql.replace(f":{name}", f"'{value}'")
        canned.add(_normal(sql))
    assert canned == shown


def test_export_writes_datasette_metadata(run_cli, claims_file, tmp_path):
    result = run_cli("export", "news.sqlite", "--metadata", "metadata.json", "--no-extract")
    assert result.exit_code == 0
    assert stderr_lines(result)[-1] == "wrote metadata.json"
    meta = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    assert meta["title"] and meta["description"] and meta["source"] == "reconcile export"
    (database,) = meta["databases"]
    assert database == "news"  # as Datasette names news.sqlite
    tables = meta["databases"]["news"]["tables"]
    with connect(tmp_path / "news.sqlite") as conn:
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert set(tables) == set(TABLES) | set(export.JOIN_TABLES)
        assert set(tables) <= present
        for name, table in tables.items():
            assert table["description"], name
            columns = {r["name"] for r in conn.execute(f"PRAGMA table_info({name})")}
            assert set(table.get("columns", {})) <= columns, name
            if "label_column" in table:
                assert table["label_column"] in columns
        assert {n: t.get("label_column") for n, t in tables.items() if n in TABLES} == {
            "sources": "title", "incidents": "label", "claims": "label", "findings": "summary",
            "finding_claims": None}
        # Every canned query runs on the export, its parameters filled in
        queries = meta["databases"]["news"]["queries"]
        assert len(queries) == len(metadata_queries())
        for query in queries.values():
            assert query["title"] and query["description"] and not query["sql"].endswith(";")
            params = dict.fromkeys(re.findall(r":(\w+)", query["sql"]), "drone")
            conn.execute(query["sql"], params).fetchall()
        found = conn.execute(queries["search_quotes"]["sql"], {"word": "drone"}).fetchall()
        assert found and all("drones" in r["quote"].lower() for r in found)


def test_metadata_replaces_its_own_file_only(run_cli, claims_file, tmp_path):
    assert run_cli("export", "out.sqlite", "--metadata", "meta.json", "--no-extract").exit_code == 0
    first = (tmp_path / "meta.json").read_text(encoding="utf-8")
    # A re-run replaces an earlier export's metadata
    assert run_cli("export", "out.sqlite", "--metadata", "meta.json", "--no-extract").exit_code == 0
    assert (tmp_path / "meta.json").read_text(encoding="utf-8") == first
    # Any other file is refused before the run, and the database is not written either
    for name, text in (("notes.json", '{"title": "my own notes"}'), ("draft.md", "# notes\n"),
                       ("odd.json", "\udcff".encode("utf-8", "surrogateescape").decode("latin-1"))):
        (tmp_path / name).write_text(text, encoding="utf-8")
        message = assert_input_error(run_cli("export", "new.sqlite", "--metadata", name, "--no-extract"), name)
        assert "is not metadata written by `reconcile export`" in message
        assert (tmp_path / name).read_text(encoding="utf-8") == text
        assert not (tmp_path / "new.sqlite").exists()
    (tmp_path / "folder.json").mkdir()
    assert run_cli("export", "new.sqlite", "--metadata", "folder.json", "--no-extract").exit_code == 2
    assert_input_error(run_cli("export", "new.sqlite", "--metadata", "nowhere/m.json", "--no-extract"),
                       "nowhere/m.json", words="no such folder")


def test_metadata_through_a_symlink_keeps_the_link(run_cli, claims_file, tmp_path):
    real = tmp_path / "real.json"
    assert run_cli("export", "out.sqlite", "--metadata", real, "--no-extract").exit_code == 0
    (tmp_path / "link.json").symlink_to("real.json")
    assert run_cli("export", "out.sqlite", "--metadata", "link.json", "--no-extract").exit_code == 0
    assert (tmp_path / "link.json").is_symlink() and json.loads(real.read_text(encoding="utf-8"))["databases"]
