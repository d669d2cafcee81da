"""README.md and docs/ document the real CLI: commands, formats, options, rule codes and the quick start.

These tests parse README.md and docs/*.md and introspect `reconcile.cli.cli`, so a new command,
format, option or rule fails here until it is documented somewhere (sqlite-utils
`tests/test_docs.py` does the same). README.md is the short front page: it keeps the Quick start
that `.ci/run` follows, links to every page in docs/, and stays under MAX_README_LINES. The
`--help` texts and sample outputs that the docs quote are compared with what the commands print.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from reconcile.check import rules
from reconcile.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
CI_SCRIPT = ROOT / ".ci" / "run"
MAX_README_LINES = 300

QUICK_START = (
    'pip install . && reconcile report',
    'pip install ".[test]" && pytest',
)
"""The two commands a fresh machine must be able to run, exactly as README shows them."""

EXCERPTS = [
    ("README.md", "reconcile report --no-extract"),
    ("docs/sample.md", "reconcile check"),
    ("docs/ci.md", "reconcile check --list-rules"),
    ("docs/ci.md", "reconcile check --select ALL"),
    ("docs/commands.md", "reconcile report nope/"),
    ("docs/commands.md", "reconcile check --select RC999"),
    ("docs/commands.md", "reconcile diff claims.toml claims.toml"),
    ("docs/exports.md", "reconcile export sources/volga-monitor-2024-03-15.md"),
    ("docs/exports.md", "reconcile export missing/reconcile.sqlite"),
]
"""Sample outputs in the docs that are checked against the real command, run on the bundled corpus.

Only commands whose output does not depend on the extractor (which is still changing) are here.
"""


def _pages() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


@pytest.fixture(scope="module")
def readme() -> str:
    assert README.is_file(), "README.md is missing"
    return README.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def docs() -> str:
    """README.md and every docs/*.md page, one after the other: "documented somewhere"."""
    assert DOCS.is_dir(), "docs/ is missing"
    return "\n\n".join(page.read_text(encoding="utf-8") for page in _pages())


def _page(name: str) -> str:
    path = ROOT / name
    assert path.is_file(), f"{name} is missing"
    return path.read_text(encoding="utf-8")


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


def _prose(text: str) -> list[str]:
    """TEXT's lines outside fenced code blocks (fenced lines become empty, so numbers stay)."""
    out, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            out.append("")
            continue
        out.append("" if fenced else line)
    return out


def _blocks(text: str) -> list[list[str]]:
    """The lines of each fenced code block in TEXT."""
    blocks, current = [], None
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            if current is None:
                current = []
            else:
                blocks.append(current)
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    """The #anchors of TEXT's headings, with GitHub's -1, -2 suffixes for repeated ones."""
    seen: dict[str, int] = {}
    out = set()
    for line in _prose(text):
        match = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        base = slug(match.group(1))
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _links() -> list[tuple[str, str]]:
    """(page, target) for every Markdown link in README.md and docs/, outside code blocks."""
    out = []
    for page in _pages():
        for line in _prose(page.read_text(encoding="utf-8")):
            out.extend((str(page.relative_to(ROOT)), target) for target in _LINK.findall(line))
    return out


def test_the_cli_has_commands():
    # Guards the parametrized tests below against passing vacuously
    assert {"report", "check", "extract"} <= set(cli.commands)


def test_there_are_docs_pages():
    assert len(_pages()) >= 8, "docs/ holds the reference that README.md links to"


# -- README: short, with the quick start, the commands and links to the rest


def test_readme_is_short(readme):
    lines = readme.count("\n")
    assert lines <= MAX_README_LINES, f"README.md has {lines} lines; move detail to docs/"


@pytest.mark.parametrize("page", sorted(p.name for p in DOCS.glob("*.md")))
def test_readme_links_every_docs_page(readme, page):
    assert f"](docs/{page})" in readme or f"](docs/{page}#" in readme, f"README.md does not link docs/{page}"


@pytest.mark.parametrize("name", _commands())
def test_readme_lists_every_command(readme, name):
    commands = readme.split("\n## Commands", 1)[-1].split("\n## ", 1)[0]
    assert re.search(rf"^\| \[?`reconcile {re.escape(name)}\b", commands, re.MULTILINE), \
        f"README.md's Commands table has no row for `reconcile {name}`"


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


# -- links


def test_there_are_links():
    assert len(_links()) >= 20


def test_slugs_follow_github():
    assert slug("`reconcile check` in CI") == "reconcile-check-in-ci"
    assert slug("What changed: `reconcile diff`") == "what-changed-reconcile-diff"
    assert slug("ClaimReview (JSON-LD)") == "claimreview-json-ld"
    assert anchors("# A\n```\n# not a heading\n```\n## A\n") == {"a", "a-1"}


@pytest.mark.parametrize(("page", "target"), _links(), ids=lambda v: v)
def test_links_resolve(page, target):
    if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: and the like are not checked here
        return
    path, _, anchor = target.partition("#")
    where = (ROOT / page).parent / path if path else ROOT / page
    assert where.exists(), f"{page}: link to {target}: {path} does not exist"
    if anchor:
        assert where.suffix == ".md", f"{page}: link to {target}: anchors are checked in Markdown only"
        assert anchor in anchors(where.read_text(encoding="utf-8")), \
            f"{page}: link to {target}: {where.name} has no heading with that anchor"


# -- commands, options, formats, rules: documented somewhere in README.md or docs/


@pytest.mark.parametrize("name", _commands())
def test_every_command_is_documented(docs, name):
    assert re.search(rf"`?reconcile {re.escape(name)}\b", docs), \
        f"README.md and docs/ do not mention `reconcile {name}`"


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_a_section(name):
    assert re.search(rf"^#+ reconcile {re.escape(name)}\s*$", _page("docs/commands.md"), re.MULTILINE), \
        f"docs/commands.md has no '## reconcile {name}' section"


@pytest.mark.parametrize("args", [[]] + [[name] for name in _commands()], ids=lambda a: " ".join(a) or "reconcile")
def test_every_help_has_an_example(args):
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`reconcile {' '.join(args)} --help` shows no example"


@pytest.mark.parametrize("args", [[]] + [[name] for name in _commands()], ids=lambda a: " ".join(a) or "reconcile")
def test_help_in_the_docs_is_the_real_help(args):
    """docs/commands.md quotes each --help whole, as a 100-column terminal shows it."""
    result = CliRunner().invoke(cli, [*args, "--help"], prog_name="reconcile", terminal_width=100)
    assert result.exit_code == 0, result.output
    usage = f"Usage: reconcile {args[0]} " if args else "Usage: reconcile [OPTIONS] COMMAND"
    quoted = [block for block in _blocks(_page("docs/commands.md"))
              if any(line.startswith(usage) for line in block[:2])]
    assert quoted, f"docs/commands.md does not quote `reconcile {' '.join(args)} --help`"
    text = "\n".join(line for line in quoted[0] if not line.startswith("$ ")) + "\n"
    assert text == result.output, "docs/commands.md quotes an outdated --help: paste the new one"


@pytest.mark.parametrize("code", [r.code for r in rules()])
def test_every_rule_code_is_documented(docs, code):
    assert re.search(rf"\b{code}\b", docs), f"README.md and docs/ do not document rule {code}"


def test_there_are_rules():
    assert len(rules()) >= 5


@pytest.mark.parametrize("fmt", _choices("report"))
def test_every_report_format_is_documented(docs, fmt):
    assert f"--format {fmt}" in docs, f"README.md and docs/ do not show `reconcile report --format {fmt}`"


@pytest.mark.parametrize(("command", "fmt"), [(c, f) for c in ("check", "diff") for f in _choices(c)])
def test_every_other_format_is_documented(docs, command, fmt):
    assert f"--format {fmt}" in docs, f"README.md and docs/ do not show `reconcile {command} --format {fmt}`"


@pytest.mark.parametrize(("command", "option"), _options(), ids=lambda v: v)
def test_every_option_is_documented(docs, command, option):
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", docs), \
        f"README.md and docs/ do not mention `reconcile {command} {option}`"


@pytest.mark.parametrize("kind", ["agreement", "contradiction", "revision", "unverified", "unsourced"])
def test_every_finding_kind_has_a_section(kind):
    assert re.search(rf"^### {kind}\s*$", _page("docs/rules.md"), re.MULTILINE), \
        f"docs/rules.md has no '### {kind}' section"


@pytest.mark.parametrize("grade", ["confirmed", "fair", "weak", "contested"])
def test_every_grade_is_defined(grade):
    assert f"**{grade}**" in _page("docs/grades.md"), f"docs/grades.md does not define '{grade}'"


def test_docs_name_the_json_schema():
    from reconcile.models import SCHEMA

    assert SCHEMA in _page("docs/json.md")


# -- sample outputs quoted in the docs are what the commands print


def excerpt(page: str, command: str) -> tuple[list[str], int | None]:
    """The output PAGE shows under `$ COMMAND`, and the exit status when an `echo $?` follows."""
    for block in _blocks(_page(page)):
        if f"$ {command}" not in block:
            continue
        rest = block[block.index(f"$ {command}") + 1:]
        cut = next((i for i, line in enumerate(rest) if line.startswith("$ ")), len(rest))
        status = int(rest[cut + 1]) if rest[cut:cut + 1] == ["$ echo $?"] else None
        return rest[:cut], status
    raise AssertionError(f"{page} shows no `$ {command}`")


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether the lines SHOWN are ACTUAL's, in order, where a line "…" stands for lines left out.

    Without a leading "…" the excerpt starts where the output starts, and without a trailing one
    it ends where the output ends.
    """
    chunks, current = [], []
    for line in shown:
        if line.strip() == "…":
            chunks.append(current)
            current = []
        else:
            current.append(line.rstrip())
    chunks.append(current)
    actual = [line.rstrip() for line in actual]
    at = 0
    for i, chunk in enumerate(chunks):
        if not chunk:
            continue
        first, last = i == 0, i == len(chunks) - 1
        starts = [at] if first else range(at, len(actual) - len(chunk) + 1)
        found = next((s for s in starts if actual[s:s + len(chunk)] == chunk), None)
        if found is None or (last and found + len(chunk) != len(actual)):
            return False
        at = found + len(chunk)
    return True


def test_matches_gaps_and_ends():
    assert matches(["a", "…", "c"], ["a", "b", "c"])
    assert matches(["a", "…"], ["a", "b"])
    assert not matches(["a"], ["a", "b"]), "an excerpt without a trailing … shows the whole output"
    assert not matches(["b", "…"], ["a", "b"]), "an excerpt without a leading … starts at the top"
    assert not matches(["a", "…", "a"], ["a"])


@pytest.mark.parametrize(("page", "command"), EXCERPTS, ids=lambda v: v)
def test_sample_outputs_are_real(page, command, monkeypatch):
    shown, status = excerpt(page, command)
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = CliRunner().invoke(cli, shlex.split(command)[1:], prog_name="reconcile")
    assert "Traceback" not in result.output
    assert matches(shown, result.output.splitlines()), \
        f"{page}: the output shown under `$ {command}` is not what it prints now:\n{result.output}"
    if status is not None:
        assert result.exit_code == status
