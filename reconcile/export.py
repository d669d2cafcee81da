"""The report as a SQLite database, for Datasette and SQL: `reconcile export DB.sqlite`.

The rows are the JSON report's (`report_json`), and the columns and their types come from the
models of the JSON Schema (`schema.py`), which a test keeps in step with the JSON: the database
says what `--format json` says, with relations instead of nested lists. Tables:

    sources         id (primary key) and the source keys of the report
    claims          id, source -> sources, incident -> incidents, and the claim keys
    incidents       id and the incident keys (places, sources, claims, covering, summary as JSON)
    findings        id (1, 2, ... in the report's order), incident -> incidents, and the finding keys
    finding_claims  finding -> findings, claim -> claims, position: which claims each finding names
    incident_places, incident_sources, incident_claims, incident_figures, claim_places
                    the JSON lists of incidents and claims as rows, for joins and Datasette facets
    claims_fts      full-text index of claims.quote (FTS5, Porter stemming), kept current by triggers

claims also get `figure` (what the claim says, as the terminal shows it) and `label` (who says
it), which the JSON has not: Datasette shows a claim by its label wherever a key points at it.
`datasette_metadata` gives titles, descriptions, label columns and canned queries for Datasette.

The file is written whole into a temporary file beside DB and renamed over it, so a reader never
sees half a database, and a failed run leaves the old one as it was. Only a database that an
earlier export wrote is replaced (its `PRAGMA application_id` says so): any other file at DB is
left alone and the export fails. A symlink at DB keeps pointing where it did and its target is
replaced; a FIFO or a device is written into, never replaced (`reconcile.writing`).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import sqlite_utils
from pydantic import BaseModel

from .errors import ReconcileError
from .models import Report
from .render.json import report_json
from .render.jsontext import indented
from .render.text import asserted, figure, what
from .schema import ClaimDoc, FigureDoc, FindingDoc, IncidentDoc, SourceDoc
from .writing import check_writable, is_regular, output_target, replacing, write_atomic

APPLICATION_ID = 0x52434E43
"""`PRAGMA application_id` of an export ("RCNC"): marks a file this module may replace."""
LAYOUT_VERSION = 1
"""`PRAGMA user_version`: the layout of the tables, raised when it changes incompatibly."""

_HEADER = b"SQLite format 3\x00"
# JSON Schema types as SQLite column types. Numbers are INTEGER: SQLite keeps 14 as an integer
# and 12.5 as a real in such a column, so counts do not show as 14.0.
_TYPES = {"string": str, "integer": int, "number": int, "boolean": int}

TABLES = ("sources", "claims", "incidents", "findings", "finding_claims")
"""The tables of the JSON report's objects (counted on stderr)."""
JOIN_TABLES = ("incident_places", "incident_sources", "incident_claims", "incident_figures", "claim_places")
"""The JSON lists as rows."""
_FIGURE_LISTS = ("claims", "parts")
"""Keys of an incident's figure that stay in incidents.summary (JSON), not in incident_figures."""
METADATA_SOURCE = "reconcile export"
"""The `source` of metadata files an export writes: marks a file it may replace."""


def _columns(doc: type[BaseModel]) -> dict[str, type]:
    """Column name -> type for the keys of DOC, in the JSON's order; lists and objects are JSON text."""
    columns = {}
    for name, prop in doc.model_json_schema(by_alias=True)["properties"].items():
        kinds = [p.get("type") for p in prop.get("anyOf", [prop]) if p.get("type") not in (None, "null")]
        columns[name] = _TYPES.get(kinds[0], str) if kinds else str
    return columns


def _create(db: sqlite_utils.Database) -> None:
    """The empty tables, with their keys: created up front so that an empty report has them too."""
    db["sources"].create(_columns(SourceDoc), pk="id")
    db["incidents"].create(_columns(IncidentDoc), pk="id")
    db["claims"].create({**_columns(ClaimDoc), "figure": str, "label": str}, pk="id",
                        foreign_keys=[("source", "sources", "id"), ("incident", "incidents", "id")])
    finding_columns = {"id": int, **{k: v for k, v in _columns(FindingDoc).items() if k != "claims"}}
    db["findings"].create(finding_columns, pk="id", foreign_keys=[("incident", "incidents", "id")])
    db["finding_claims"].create({"finding": int, "claim": str, "position": int}, pk=("finding", "claim"),
                                foreign_keys=[("finding", "findings", "id"), ("claim", "claims", "id")])
    db["claims"].create_index(["source"])
    db["claims"].create_index(["incident"])
    db["claims"].create_index(["action", "object"])
    db["findings"].create_index(["kind"])
    db["findings"].create_index(["incident"])
    db["finding_claims"].create_index(["claim"])
    _create_joins(db)


def _create_joins(db: sqlite_utils.Database) -> None:
    """The tables that hold the JSON lists as rows, one row per item, with its position."""
    incident = ("incident", "incidents", "id")
    db["incident_places"].create({"incident": str, "position": int, "place": str}, pk=("incident", "position"),
                                 foreign_keys=[incident])
    db["incident_sources"].create({"incident": str, "position": int, "source": str}, pk=("incident", "source"),
                                  foreign_keys=[incident, ("source", "sources", "id")])
    db["incident_claims"].create({"incident": str, "position": int, "claim": str, "covering": int},
                                 pk=("incident", "claim", "covering"),
                                 foreign_keys=[incident, ("claim", "claims", "id")])
    figure_columns = {k: v for k, v in _columns(FigureDoc).items() if k not in _FIGURE_LISTS}
    db["incident_figures"].create({"incident": str, "position": int, **figure_columns, "figure": str},
                                  pk=("incident", "position"), foreign_keys=[incident])
    db["claim_places"].create({"claim": str, "position": int, "place": str}, pk=("claim", "position"),
                              foreign_keys=[("claim", "claims", "id")])
    for table, column in (("incident_places", "place"), ("incident_sources", "source"),
                          ("incident_claims", "claim"), ("claim_places", "place")):
        db[table].create_index([column])


def _fill(db: sqlite_utils.Database, data: dict[str, Any]) -> None:
    # alter=True: a key the JSON gains before schema.py describes it becomes a column, not an error
    db["sources"].insert_all(data["sources"], alter=True)
    db["incidents"].insert_all(data["incidents"], alter=True)
    outlets = {s["id"]: s["outlet"] for s in data["sources"]}
    db["claims"].insert_all(({**c, **_claim_words(c, outlets)} for c in data["claims"]), alter=True)
    findings, links = [], []
    for number, finding in enumerate(data["findings"], 1):
        findings.append({"id": number, **{k: v for k, v in finding.items() if k != "claims"}})
        # dict.fromkeys: a claim named twice by one finding is one link
        links.extend({"finding": number, "claim": claim, "position": i}
                     for i, claim in enumerate(dict.fromkeys(finding["claims"])))
    db["findings"].insert_all(findings, alter=True)
    db["finding_claims"].insert_all(links)
    _fill_joins(db, data)
    # Triggers keep the index in step when the database is edited after the export
    db["claims"].enable_fts(["quote"], tokenize="porter", create_triggers=True)


def _claim_words(claim: dict[str, Any], outlets: dict[str, str]) -> dict[str, str]:
    """`figure` ("~25", "denies civilian") and `label` ("Ivan Fedorov: 5 killed people") of a claim."""
    said = asserted(claim["low"], claim["high"], claim["approx"], claim["value"], claim["polarity"])
    who = claim["speaker"] or outlets.get(claim["source"]) or claim["source"]
    return {"figure": said, "label": f"{who}: {said} {what(claim['action'], claim['object'])}"}


def _storable(value: Any) -> Any:
    """VALUE, or as a REAL when it is an integer past SQLite's 64 bits (a sum of huge figures can be);
    incidents.summary keeps it exact as JSON text."""
    return float(value) if isinstance(value, int) and not -(2**63) <= value < 2**63 else value


def _fill_joins(db: sqlite_utils.Database, data: dict[str, Any]) -> None:
    places, sources, claims, figures = [], [], [], []
    for inc in data["incidents"]:
        places += [{"incident": inc["id"], "position": i, "place": p} for i, p in enumerate(inc["places"])]
        sources += [{"incident": inc["id"], "position": i, "source": s}
                    for i, s in enumerate(dict.fromkeys(inc["sources"]))]
        for covering, key in ((0, "claims"), (1, "covering")):
            claims += [{"incident": inc["id"], "position": i, "claim": c, "covering": covering}
                       for i, c in enumerate(dict.fromkeys(inc.get(key) or []))]
        figures += [{"incident": inc["id"], "position": i,
                     **{k: _storable(v) for k, v in f.items() if k not in _FIGURE_LISTS},
                     "figure": figure(f["low"], f["high"])} for i, f in enumerate(inc.get("summary") or [])]
    db["incident_places"].insert_all(places)
    db["incident_sources"].insert_all(sources)
    db["incident_claims"].insert_all(claims)
    db["incident_figures"].insert_all(figures, alter=True)
    db["claim_places"].insert_all({"claim": c["id"], "position": i, "place": p}
                                  for c in data["claims"] for i, p in enumerate(c["places"]))


def check_target(path: str | Path) -> None:
    """Refuse a DB path that cannot be written, or whose file an export did not write.

    A symlink is followed: its target is checked, and later replaced, while the link stays. A
    FIFO or a device is not read (reading a FIFO would wait for a writer), only written into.
    """
    path = Path(path)
    target = output_target(path)
    folder = target.parent
    if not folder.is_dir():
        raise ReconcileError(f"cannot write: no such folder '{folder}'", path)
    check_writable(path)
    if not is_regular(target) or not target.exists() or target.stat().st_size == 0:
        return
    try:
        with target.open("rb") as handle:
            header = handle.read(100)
    except OSError as err:
        raise ReconcileError(f"cannot read: {err.strerror or err}", path) from None
    if not header.startswith(_HEADER) or len(header) < 72 or int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise ReconcileError("exists and is not a database written by `reconcile export`; "
                             "not replacing it (remove it or choose another file)", path)


def _build(data: dict[str, Any], tmp: Path) -> dict[str, int]:
    """The database of DATA in the empty file TMP; returns the rows of each table."""
    db = sqlite_utils.Database(tmp)
    try:
        with db.conn:
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {LAYOUT_VERSION}")
            _create(db)
            _fill(db, data)
        return {name: db[name].count for name in TABLES}
    finally:
        db.close()


def export_sqlite(report: Report, path: str | Path) -> dict[str, int]:
    """Write REPORT to the SQLite database PATH, replacing an earlier export whole.

    A regular file is replaced atomically (through its symlinks: the link stays); a FIFO or a
    device gets the finished database's bytes written into it.

    Args:
        report: the pipeline's result (`pipeline.run`).
        path: the database file; its folder must exist.

    Returns:
        The number of rows in each table, by table name.

    Example:
        >>> export_sqlite(run(Config(extract=False)), "reconcile.sqlite")  # the bundled corpus
        {'sources': 8, 'claims': 25, 'incidents': 6, 'findings': 18, 'finding_claims': 27}
    """
    path = Path(path)
    check_target(path)
    data = report_json(report)
    _check_integers(data, path)
    try:
        if is_regular(path):
            with replacing(path) as tmp:
                counts = _build(data, tmp)
            return counts
        # A FIFO or device: built aside, then streamed whole into it
        with tempfile.TemporaryDirectory(prefix="reconcile-export-") as folder:
            tmp = Path(folder) / "export.sqlite"
            counts = _build(data, tmp)
            with open(output_target(path), "wb") as out, open(tmp, "rb") as db_file:
                shutil.copyfileobj(db_file, out)
        return counts
    except (OSError, sqlite3.Error) as err:
        raise ReconcileError(f"cannot write: {getattr(err, 'strerror', None) or err}", path) from None


def _check_integers(data: dict[str, Any], path: Path) -> None:
    """Refuse figures SQLite cannot store as INTEGER (the report keeps them in range; this is the guard)."""
    for claim in data["claims"]:
        for key in ("low", "high"):
            value = claim.get(key)
            if isinstance(value, int) and not -(2**63) <= value < 2**63:
                raise ReconcileError(f"claim '{claim['id']}': figure {value} is too large for SQLite", path)




# -- Datasette metadata


_EXTRA_COLUMNS = {
    "claims": {"figure": "What the claim says, as the terminal shows it: 14, 24+, up to 158, ~22–28, hit.",
               "label": "Who says what: the speaker (else the outlet), the figure, the action and object."},
}
_DOCS = {"sources": SourceDoc, "claims": ClaimDoc, "incidents": IncidentDoc, "findings": FindingDoc,
         "incident_figures": FigureDoc}
_NOT_STORED = {"findings": ("claims",), "incident_figures": _FIGURE_LISTS}


def _column_descriptions(table: str) -> dict[str, str]:
    """Column -> description, from the JSON Schema's descriptions of the report's keys."""
    doc = _DOCS.get(table)
    skip = _NOT_STORED.get(table, ())
    found = {} if doc is None else {name: prop["description"] for name, prop in
                                    doc.model_json_schema(by_alias=True)["properties"].items()
                                    if "description" in prop and name not in skip}
    return found | _EXTRA_COLUMNS.get(table, {})


def datasette_metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for an export opened as DATABASE (the file name without its extension).

    Titles, table and column descriptions, label columns (what a link to a row shows) and the
    canned queries of the docs, from reconcile/data/datasette.toml.
    """
    from .lexicons import read_table

    data = read_table("datasette")
    tables = {}
    for name, table in data["tables"].items():
        tables[name] = dict(table)
        columns = _column_descriptions(name)
        if columns:
            tables[name]["columns"] = columns
    queries = {q["name"]: {"title": q["title"], "description": q["description"],
                           "sql": q["sql"].strip().rstrip(";")} for q in data["query"]}
    return {"title": data["title"], "description": data["description"], "source": METADATA_SOURCE,
            "databases": {database: {"tables": tables, "queries": queries}}}


def check_metadata_target(path: str | Path) -> None:
    """Refuse a metadata path that cannot be written, or whose file an export did not write."""
    path = Path(path)
    target = output_target(path)
    if not target.parent.is_dir():
        raise ReconcileError(f"cannot write: no such folder '{target.parent}'", path)
    check_writable(path)
    if not is_regular(target) or not target.exists() or target.stat().st_size == 0:
        return
    try:
        with target.open("rb") as handle:
            old = json.loads(handle.read(1_000_000).decode("utf-8"))
    except OSError as err:
        raise ReconcileError(f"cannot read: {err.strerror or err}", path) from None
    except ValueError:  # not UTF-8, not JSON, or cut short: not ours
        old = None
    if not isinstance(old, dict) or old.get("source") != METADATA_SOURCE:
        raise ReconcileError("exists and is not metadata written by `reconcile export`; "
                             "not replacing it (remove it or choose another file)", path)


def write_metadata(path: str | Path, db: str | Path) -> None:
    """Write the Datasette metadata of the export DB to PATH, atomically (`reconcile.writing`)."""
    check_metadata_target(path)
    try:
        write_atomic(path, indented(datasette_metadata(Path(db).stem)))
    except OSError as err:
        raise ReconcileError(f"cannot write: {err.strerror or err}", path) from None
