"""The report as a SQLite database, for Datasette and SQL: `reconcile export DB.sqlite`.

The rows are the JSON report's (`report_json`), and the columns and their types come from the
models of the JSON Schema (`schema.py`), which a test keeps in step with the JSON: the database
says what `--format json` says, with relations instead of nested lists. Tables:

    sources         id (primary key) and the source keys of the report
    claims          id, source -> sources, incident -> incidents, and the claim keys
    incidents       id and the incident keys (places, sources, claims, covering, summary as JSON)
    findings        id (1, 2, ... in the report's order), incident -> incidents, and the finding keys
    finding_claims  finding -> findings, claim -> claims, position: which claims each finding names
    claims_fts      full-text index of claims.quote (FTS5, Porter stemming)

The file is written whole into a temporary file beside DB and renamed over it, so a reader never
sees half a database, and a failed run leaves the old one as it was. Only a database that an
earlier export wrote is replaced (its `PRAGMA application_id` says so): any other file at DB is
left alone and the export fails. A symlink at DB keeps pointing where it did and its target is
replaced; a FIFO or a device is written into, never replaced (`reconcile.writing`).
"""

from __future__ import annotations

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
from .schema import ClaimDoc, FindingDoc, IncidentDoc, SourceDoc
from .writing import check_writable, is_regular, output_target, replacing

APPLICATION_ID = 0x52434E43
"""`PRAGMA application_id` of an export ("RCNC"): marks a file this module may replace."""
LAYOUT_VERSION = 1
"""`PRAGMA user_version`: the layout of the tables, raised when it changes incompatibly."""

_HEADER = b"SQLite format 3\x00"
# JSON Schema types as SQLite column types. Numbers are INTEGER: SQLite keeps 14 as an integer
# and 12.5 as a real in such a column, so counts do not show as 14.0.
_TYPES = {"string": str, "integer": int, "number": int, "boolean": int}

TABLES = ("sources", "claims", "incidents", "findings", "finding_claims")


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
    db["claims"].create(_columns(ClaimDoc), pk="id",
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


def _fill(db: sqlite_utils.Database, data: dict[str, Any]) -> None:
    # alter=True: a key the JSON gains before schema.py describes it becomes a column, not an error
    db["sources"].insert_all(data["sources"], alter=True)
    db["incidents"].insert_all(data["incidents"], alter=True)
    db["claims"].insert_all(data["claims"], alter=True)
    findings, links = [], []
    for number, finding in enumerate(data["findings"], 1):
        findings.append({"id": number, **{k: v for k, v in finding.items() if k != "claims"}})
        # dict.fromkeys: a claim named twice by one finding is one link
        links.extend({"finding": number, "claim": claim, "position": i}
                     for i, claim in enumerate(dict.fromkeys(finding["claims"])))
    db["findings"].insert_all(findings, alter=True)
    db["finding_claims"].insert_all(links)
    db["claims"].enable_fts(["quote"], tokenize="porter")


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


