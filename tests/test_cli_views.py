"""Smaller fixes of #22: the incident column of `claims`, `show --why`, and the progress line.

The corpus is conftest's invented night in Odesa (two articles, six curated claims).
"""

from __future__ import annotations

import io
import re

import pytest
from conftest import CORPUS_CLAIM_IDS
from rich.console import Console

from reconcile import cli
from reconcile.models import Claim, Incident
from reconcile.pipeline import Config, run
from reconcile.render.terminal import TerminalRenderer, _why_list

INCIDENT = "odesa-2024-05-02"


@pytest.mark.usefixtures("claims_file")
def test_claims_table_names_each_claims_incident(run_cli):
    result = run_cli("claims", "--no-extract", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if line.strip().startswith("id"))
    assert header.split()[-1] == "incident"
    rows = {line.split()[0]: line for line in result.stdout.splitlines()
            if line.strip() and line.split()[0] in CORPUS_CLAIM_IDS}
    assert set(rows) == set(CORPUS_CLAIM_IDS)
    assert all(line.rstrip().endswith(INCIDENT) for line in rows.values())


@pytest.mark.usefixtures("claims_file")
def test_show_why_lists_every_claim(run_cli):
    result = run_cli("show", INCIDENT, "--no-extract", "--why")
    assert result.exit_code == 0, result.output
    why = result.stdout.split("Why these claims joined", 1)[1]
    report = run(Config(extract=False))
    [incident] = [i for i in report.incidents if i.id == INCIDENT]
    # Every claim of the incident is there, the first included, with a step or "starts from it"
    mentioned = set(re.findall(r"• (\S+?):", " ".join(why.split())))
    assert set(incident.claims) <= mentioned
    assert why.count("the incident starts from it") == 1


def test_why_lines_wrap_under_their_text():
    # extracted ids have colons in them: "source:offset:action-object-hash"
    claims = [Claim(id=f"src:{n}:claim-{n}", source="s", quote="q", action="killed", places=["Zaporizhzhia"] * 3)
              for n in range(2)]
    incident = Incident(id="i", label="i", date=None, places=[], sources=["s"], claims=[c.id for c in claims],
                        evidence=["src:1:claim-1: area oblast:zaporizhzhia; Zaporizhzhia ~ Zaporizhzhia; 0 day(s) from "
                                  "2024-01-01, and a good deal more text so that the line wraps twice over"])
    console = Console(file=io.StringIO(), width=40, color_system=None)
    console.print(_why_list(incident, claims))
    lines = console.file.getvalue().splitlines()
    assert len(lines) > 4
    starts = [line for line in lines if line.lstrip().startswith("•")]
    assert len(starts) == 2  # claim-0 (no step: the start) and claim-1's step
    for line in lines:
        if not line.lstrip().startswith("•"):
            assert line.startswith("    "), line  # a wrapped line hangs under the text, not at column 0
    assert "claim-0" in starts[0] and "the incident starts from it" in " ".join(" ".join(lines).split())


def test_why_with_a_claim_in_the_incident_renders():
    report = run(Config(extract=False))
    out = TerminalRenderer(width=80).render_incident(report, report.incidents[0].id, why=True)
    assert "Why these claims joined" in out and "•" in out.split("Why these claims joined")[1]


# -- progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _progress_run(monkeypatch, job) -> str:
    """JOB run under the progress line, stderr a terminal; returns what reached it, without styles."""
    err = _Tty()
    monkeypatch.setattr(cli.sys, "stderr", err)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(cli, "_stderr", lambda: Console(file=err, force_terminal=True, width=100))
    cli._with_progress(job, Config())
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", err.getvalue())


def test_progress_counts_articles_and_names_the_stages(monkeypatch):
    def job(config):
        config.stage("reading")
        config.stage("extracting")
        for done in range(4):
            config.progress(done, 3)
        config.stage("matching")
        config.stage("reconciling")

    shown = _progress_run(monkeypatch, job)
    for text in ("reading articles", "extracting claims", "0/3 articles", "2/3 articles", "3/3 articles",
                 "matching incidents", "finding agreements and contradictions"):
        assert text in shown, text
    assert "0/?" not in shown and "/0" not in shown


def test_no_progress_off_a_terminal(monkeypatch, capsys):
    monkeypatch.delenv("CI", raising=False)
    called = []
    cli._with_progress(lambda config: called.append((config.stage, config.progress)), Config())
    assert called == [(None, None)]  # nothing hooked in, nothing drawn
    assert capsys.readouterr().err == ""


@pytest.mark.usefixtures("claims_file")
def test_pipeline_reports_its_stages_and_counts_from_zero(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    stages, counts = [], []
    run(Config(stage=stages.append, progress=lambda done, total: counts.append((done, total)), jobs=1))
    assert stages == ["reading", "extracting", "matching", "reconciling"]
    assert counts[0] == (0, 2) and counts[-1] == (2, 2)
    stages.clear()
    run(Config(extract=False, stage=stages.append))
    assert stages == ["reading", "matching", "reconciling"]
