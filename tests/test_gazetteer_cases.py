"""Table-driven gazetteer cases (tests/cases/places/*.toml), and the package's layout (#19)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import tomllib

from reconcile import gazetteer
from reconcile.gazetteer import find_places

CASES = Path(__file__).parent / "cases" / "places"
PACKAGE = Path(gazetteer.__file__).parent


def _cases() -> list[dict]:
    out = []
    for path in sorted(CASES.glob("*.toml")):
        out.extend(tomllib.loads(path.read_text("utf-8")).get("case", []))  # venues.toml: test_venues.py
    return out


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["id"])
def test_place_case(case):
    start = case["text"].index(case["mention"])
    found = [m for m in find_places(case["text"], context=frozenset(case.get("context", ())))
             if m.start <= start < m.end]
    if case.get("none"):
        assert found == [], found
        return
    assert found, f"no place at {case['mention']!r}"
    place = found[0].place
    assert place.country == case["country"], place
    if "name" in case:
        assert place.name == case["name"], place
    if "kind" in case:
        assert place.kind == case["kind"], place


def _order() -> list[str]:
    """The modules in the order the package's docstring lists them: each imports only earlier ones."""
    doc = gazetteer.__doc__ or ""
    listed = doc.split("Modules, each importing only those above it:")[1].split(".")[0]
    return [name.strip() for name in listed.replace("\n", " ").split(",")]


def test_modules_import_only_those_listed_before_them():
    order = _order()
    assert sorted(order) == sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    for n, name in enumerate(order):
        tree = ast.parse((PACKAGE / f"{name}.py").read_text("utf-8"))
        imported = {node.module for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                     and node.level == 1 and node.module is None for alias in node.names}
        assert imported <= set(order[:n]), f"{name} imports {imported - set(order[:n])}"


def test_no_function_is_longer_than_80_lines():
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef):
                assert node.end_lineno - node.lineno < 80, f"{path.name}: {node.name}"
