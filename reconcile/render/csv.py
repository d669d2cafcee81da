"""CSV for spreadsheets: findings one row per (finding, claim), and the claims listing.

Article text is untrusted. A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a
formula, and a leading tab or carriage return can hide one: a quote such as `=HYPERLINK(...)`
would become a live link or worse. Such cells get a leading `'`, which spreadsheets show as
text. The CSV may also be printed to a terminal, so strings pass through `safe_text` first, as in
the terminal tables: escape sequences are dropped, line breaks and tabs become spaces, other
controls are made visible. Otherwise every cell is the JSON report's value as it is.
RFC 4180: comma-separated, CRLF line ends, fields quoted where needed, UTF-8 without a BOM.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from ..models import Report
from .base import Renderer
from .json import report_json
from .rows import CLAIM_COLUMNS, FINDING_COLUMNS, claim_rows, finding_rows
from .text import num, safe_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP's list)."""
_FORMULA_SIGNS = ("=", "+", "-", "@")


def csv_cell(value: object) -> str:
    """VALUE as a CSV cell: "" for None, true/false, 14 not 14.0, text made safe, formulas defused with "'".

    Example:
        >>> csv_cell("=1+1"), csv_cell(None), csv_cell(14.0), csv_cell("three drones")
        ("'=1+1", '', '14', 'three drones')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return num(value)
    raw = str(value)
    text = safe_text(raw)
    # Checked past leading spaces too: an import that trims them would otherwise uncover a formula
    return "'" + text if raw.startswith(FORMULA_STARTS) or text.lstrip().startswith(_FORMULA_SIGNS) else text


def csv_text(columns: Sequence[str], rows: Iterable[dict]) -> str:
    """A header of COLUMNS, then one line per row (missing keys are empty cells)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in columns])
    return out.getvalue()


class FindingsCsvRenderer(Renderer):
    """See `Renderer.render`: `reconcile report --format csv`."""

    def render(self, report: Report) -> str:
        return csv_text(FINDING_COLUMNS, finding_rows(report_json(report)))


class ClaimsCsvRenderer(Renderer):
    """See `Renderer.render`: `reconcile claims --format csv`."""

    def render(self, report: Report) -> str:
        return csv_text(CLAIM_COLUMNS, claim_rows(report_json(report)))
