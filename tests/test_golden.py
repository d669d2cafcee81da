"""Golden files: the Markdown and JSON report of the bundled sample corpus, byte for byte.

The corpus is `sources/` and `claims.toml` at the repository root, run from there with
`--no-extract`: curated claims only, so the files stay stable while the extractor changes (they
do change when matching, findings or rendering change, and the diff shows how).

To regenerate tests/golden/report.json and tests/golden/report.md after an intended change:

    RECONCILE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py

then review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_cli import check_contract

from reconcile.cli import cli

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("RECONCILE_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize(("fmt", "name"), [("json", "report.json"), ("markdown", "report.md")])
def test_sample_corpus_report(fmt, name, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the Markdown's "Generated" date: 2026-01-01
    result = CliRunner().invoke(cli, ["report", "--no-extract", "--format", fmt], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    output = result.stdout_bytes
    assert str(ROOT).encode() not in output, "paths in the report must be relative"
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(output)
        return
    assert path.is_file(), f"{path} is missing: run RECONCILE_UPDATE_GOLDEN=1 pytest {Path(__file__).name}"
    expected = path.read_bytes()
    if output != expected:
        # Show a readable diff of the first difference rather than two walls of bytes
        assert output.decode("utf-8").splitlines() == expected.decode("utf-8").splitlines()
    assert output == expected


def test_golden_json_is_the_sample_corpus():
    data = json.loads((GOLDEN / "report.json").read_text(encoding="utf-8"))
    assert data["schema"] == "reconcile/report@1"
    assert {s["path"] for s in data["sources"]} == {
        f"sources/{p.name}" for p in (ROOT / "sources").iterdir() if p.suffix in (".md", ".txt")}
    assert all(c["origin"] == "curated" for c in data["claims"])


def test_golden_json_follows_the_contract():
    check_contract(json.loads((GOLDEN / "report.json").read_text(encoding="utf-8")), root=ROOT)


def test_sample_corpus_with_extraction_follows_the_contract(monkeypatch):
    # Extraction on: the extractor is still changing, so only the shape of the report is checked
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["report", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    check_contract(data, root=ROOT)
    curated = json.loads((GOLDEN / "report.json").read_text(encoding="utf-8"))["claims"]
    assert {c["id"] for c in curated} <= {c["id"] for c in data["claims"] if c["origin"] == "curated"}
    assert any(c["origin"] == "extracted" for c in data["claims"])
