"""README.md documents the real CLI: commands, formats, options, rule codes and the quick start.

These tests parse README.md and introspect `reconcile.cli.cli`, so a new command, format, option
or rule fails here until it is documented (sqlite-utils `tests/test_docs.py` does the same).
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reconcile.check import rules
from reconcile.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CI_SCRIPT = ROOT / ".ci" / "run"

QUICK_START = (
    'pip install . && reconcile report',
    'pip install ".[test]" && pytest',
)
"""The two commands a fresh machine must be able to run, exactly as README shows them."""


@pytest.fixture(scope="module")
def readme() -> str:
    assert README.is_file(), "README.md is missing"
    return README.read_text(encoding="utf-8")


def _commands() -> list[str]:
    return sorted(cli.commands)


def _choices(command: str, option: str = "fmt") -> list[str]:
    """The choices of COMMAND's option whose parameter name is OPTION."""
    param = next(p for p in cli.commands[command].params if p.name == option)
    assert isinstance(param.type, click.Choice), f"{command} {option} is not a choice"
    return list(param.type.choices)


def _options() -> list[tuple[str, str]]:
    """(command, long option) for every option of every command, --help aside."""
    out = []
    for name in _commands():
        for param in cli.commands[name].params:
            if isinstance(param, click.Option):
                longs = [o for o in param.opts if o.startswith("--")] or param.opts
                out.extend((name, opt) for opt in longs if opt != "--help")
    return out


def test_the_cli_has_commands():
    # Guards the parametrized tests below against passing vacuously
    assert {"report", "check", "extract"} <= set(cli.commands)


@pytest.mark.parametrize("name", _commands())
def test_every_command_is_documented(readme, name):
    assert re.search(rf"`?reconcile {re.escape(name)}\b", readme), \
        f"README.md does not mention `reconcile {name}`"


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_a_section(readme, name):
    assert re.search(rf"^#+ reconcile {re.escape(name)}\s*$", readme, re.MULTILINE), \
        f"README.md has no '### reconcile {name}' section in the command reference"


@pytest.mark.parametrize("args", [[]] + [[name] for name in _commands()], ids=lambda a: " ".join(a) or "reconcile")
def test_every_help_has_an_example(args):
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`reconcile {' '.join(args)} --help` shows no example"


@pytest.mark.parametrize("command", QUICK_START)
def test_quick_start_commands_verbatim(readme, command):
    assert command in readme, f"README.md lacks the quick-start command `{command}`"
    quick_start = readme.split("## Quick start", 1)[-1].split("\n## ", 1)[0]
    assert "## Quick start" in readme and command in quick_start, \
        f"`{command}` is not in README.md's Quick start section"


def test_quick_start_mentions_a_virtual_environment(readme):
    quick_start = readme.split("## Quick start", 1)[-1].split("\n## ", 1)[0]
    assert "python3 -m venv .venv && . .venv/bin/activate" in quick_start


@pytest.mark.parametrize("command", QUICK_START)
def test_ci_runs_the_quick_start(command):
    """.ci/run installs and tests exactly as README says (its --quiet and redirects aside)."""
    if not CI_SCRIPT.is_file():
        pytest.skip(".ci/run is not in this checkout")
    lines = []
    for line in CI_SCRIPT.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0] if line.lstrip().startswith("#") else line
        line = re.sub(r"\s+--quiet\b", "", line)
        line = re.sub(r"\s*>\s*/dev/null", "", line)
        line = re.sub(r"\s+-q\b", "", line)
        lines.append(line.strip())
    assert command in lines, f".ci/run does not run `{command}` as README.md shows it"


@pytest.mark.parametrize("code", [r.code for r in rules()])
def test_every_rule_code_is_documented(readme, code):
    assert re.search(rf"\b{code}\b", readme), f"README.md does not document rule {code}"


def test_there_are_rules():
    assert len(rules()) >= 5


@pytest.mark.parametrize("fmt", _choices("report"))
def test_every_report_format_is_documented(readme, fmt):
    assert f"--format {fmt}" in readme, f"README.md does not show `reconcile report --format {fmt}`"


@pytest.mark.parametrize(("command", "fmt"), [(c, f) for c in ("check", "diff") for f in _choices(c)])
def test_every_other_format_is_documented(readme, command, fmt):
    assert f"--format {fmt}" in readme, f"README.md does not show `reconcile {command} --format {fmt}`"


@pytest.mark.parametrize(("command", "option"), _options(), ids=lambda v: v)
def test_every_option_is_documented(readme, command, option):
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", readme), \
        f"README.md does not mention `reconcile {command} {option}`"


@pytest.mark.parametrize("kind", ["agreement", "contradiction", "revision", "unverified", "unsourced"])
def test_every_finding_kind_has_a_section(readme, kind):
    assert re.search(rf"^### {kind}\s*$", readme, re.MULTILINE), f"README.md has no '### {kind}' section"


@pytest.mark.parametrize("grade", ["confirmed", "fair", "weak", "contested"])
def test_every_grade_is_defined(readme, grade):
    grades = readme.split("\n## Grades", 1)[-1].split("\n## ", 1)[0]
    assert f"**{grade}**" in grades, f"README.md's Grades section does not define '{grade}'"


def test_readme_names_the_json_schema(readme):
    from reconcile.models import SCHEMA

    assert SCHEMA in readme
