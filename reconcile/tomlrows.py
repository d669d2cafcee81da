"""TOML files people edit (claims.toml, gold files): parse and validate with file and line in every error."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from pydantic import ValidationError

from .errors import DataError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_TOML_LINE = re.compile(r"at line (\d+)")


def read_toml_text(path: Path) -> str:
    """The text of a TOML file a person edits; a DataError names it when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise DataError(f"cannot read: {err.strerror or err}", path=str(path)) from None
    except UnicodeDecodeError:
        raise DataError("not UTF-8 text", path=str(path)) from None


def parse_toml(text: str, path: str) -> dict:
    """TEXT as TOML; a DataError names PATH and the line where parsing broke off."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = _TOML_LINE.search(str(err))
        # "at end of document" names no line: the last one is where the document broke off
        at = int(line.group(1)) if line else (text.count("\n") + (0 if text.endswith("\n") else 1) or None)
        raise DataError(f"invalid TOML: {err}", path=path, line=at) from None


def table_lines(text: str, table: str) -> list[int]:
    """Lines (1-based) of each [[TABLE]] header, in order."""
    header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
    return [n for n, line in enumerate(text.splitlines(), start=1) if header.match(line)]


def field_lines(text: str, start: int) -> dict[str, int]:
    """Lines of the `key = ...` entries of the table whose header is on line START."""
    lines = text.splitlines()
    found: dict[str, int] = {}
    for n in range(start, len(lines)):
        line = lines[n]
        if re.match(r"^\s*\[", line):
            break
        key = re.match(r"^\s*([A-Za-z_][\w-]*)\s*=", line)
        if key and key.group(1) not in found:
            found[key.group(1)] = n + 1
    return found


# Pydantic names the member of a union that failed ("value.int"); the user wrote "value"
_UNION_TAGS = {"int", "float", "str", "bool", "date", "datetime", "list", "dict", "none"}


def validation_error(err: ValidationError, path: str, header_line: int, fields: dict[str, int], what: str) -> DataError:
    errors = err.errors()
    first = errors[0]
    loc = [str(p) for p in first["loc"]]
    field = loc[0] if loc else ""
    line = fields.get(field, header_line) or None
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "missing":
        message = "required field is missing"
    elif first["type"] == "extra_forbidden":
        message = "unknown field"
    elif len(loc) > 1 and loc[-1] in _UNION_TAGS:
        loc = loc[:-1]
        wanted = [e["msg"].removeprefix("Input should be ") for e in errors
                  if [str(p) for p in e["loc"]][:-1] == loc]
        got = json.dumps(first["input"], default=str, ensure_ascii=False)
        message = f"should be {' or '.join(dict.fromkeys(wanted))}, not {got}"
    return DataError(f"{what}: '{'.'.join(loc)}': {message}", path=path, line=line)


def array_rows(data: dict, key: str, path: str) -> list[dict]:
    rows = data.get(key, [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise DataError(f"'{key}' must be an array of tables ([[{key}]])", path=path)
    return rows


def table_lines_single(text: str, table: str) -> list[int]:
    header = re.compile(rf"^\s*\[\s*{re.escape(table)}\s*\]")
    return [n for n, line in enumerate(text.splitlines(), start=1) if header.match(line)]
