"""The output formats of `reconcile check`: text, GitHub workflow commands, JSON and SARIF 2.1.0."""

from __future__ import annotations

from abc import ABC, abstractmethod
from urllib.parse import quote

from ..check import SCHEMA, CheckResult, Problem, Rule, Severity
from .jsontext import indented
from .text import clip, safe_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
_SARIF_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}
_GITHUB_COMMAND = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}


class ProblemFormat(ABC):
    """Turns a CheckResult into the text of one output format."""

    @abstractmethod
    def render(self, result: CheckResult) -> str:
        """Every problem of RESULT as text (the summary line goes to stderr separately)."""


# ANSI styles of the text format: by severity, as ruff and Vale colour them
_STYLE = {Severity.error: "1;31", Severity.warning: "1;33", Severity.info: "1;34"}
QUOTE_LIMIT = 160
"""The quote under a problem is cut to this many characters, at a word."""


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{style}m{text}\x1b[0m" if color else text


def _context(problem: Problem) -> str | None:
    """The line under a problem: where the claim's quote is in its article, else the quote itself."""
    where = problem.related
    if where is not None:
        return f"{safe_text(where.path)}:{where.line}:{where.column}: “{clip(where.snippet, QUOTE_LIMIT)}”"
    if problem.quote and problem.quote.strip():
        return f"quote: “{clip(problem.quote, QUOTE_LIMIT)}”"
    return None


class TextFormat(ProblemFormat):
    """`path:line:col: CODE [severity] message`, with the claim's quote indented under it.

    One problem per unindented line, in file order, so `grep` and editors that read `path:line:col:`
    still work. COLOR adds ANSI colour (the CLI decides: a terminal, and NO_COLOR not set).
    See `ProblemFormat.render`.
    """

    def __init__(self, color: bool = False, context: bool = True):
        self.color = color
        self.context = context

    def render(self, result: CheckResult) -> str:
        lines = []
        for p in result.problems:
            # messages quote claims.toml and articles: untrusted, so no control characters reach the terminal
            where = _paint(f"{safe_text(p.path)}:{p.line}:{p.column}:", "1", self.color)
            code = _paint(p.code, _STYLE[p.severity], self.color)
            level = _paint(f"[{p.severity.value}]", _STYLE[p.severity], self.color)
            lines.append(f"{where} {code} {level} {safe_text(p.message)}\n")
            context = _context(p) if self.context else None
            if context:
                lines.append(f"    {_paint(context, '2', self.color)}\n")
        return "".join(lines)


class StatisticsFormat(ProblemFormat):
    """Problems per rule (`--statistics`), as ruff counts them: text columns, or JSON. See `ProblemFormat.render`."""

    def __init__(self, as_json: bool = False, color: bool = False):
        self.as_json = as_json
        self.color = color

    def render(self, result: CheckResult) -> str:
        stats = result.statistics()
        if self.as_json:
            return indented([{"code": r.code, "name": r.name, "severity": level.value, "count": n,
                              "help_uri": r.help_uri} for r, level, n in stats])
        if not stats:
            return ""
        width = max(len(str(n)) for _, _, n in stats)
        level_width = max(len(level.value) for _, level, _ in stats)
        return "".join(
            f"{str(n).rjust(width)}  {_paint(r.code, _STYLE[level], self.color)}  "
            f"{_paint(level.value.ljust(level_width), _STYLE[level], self.color)}  {r.name}\n"
            for r, level, n in stats)


def github_data(text: str) -> str:
    """TEXT escaped as the message of a workflow command (as @actions/core escapes it)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """TEXT escaped as a property value of a workflow command."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormat(ProblemFormat):
    """GitHub Actions workflow commands, shown as annotations. See `ProblemFormat.render`."""

    def render(self, result: CheckResult) -> str:
        rules = {r.code: r for r in result.rules}
        lines = []
        for p in result.problems:
            props = ",".join(f"{key}={github_property(str(value))}" for key, value in (
                ("file", p.path), ("line", p.line), ("col", p.column), ("title", f"{p.code} {p.name}")))
            # The annotation's body: the message, the quote, then how to fix it and where the rule is explained
            body = [safe_text(p.message)]
            context = _context(p)
            if context:
                body.append(context)
            rule = rules.get(p.code)
            if rule is not None:
                body.append(f"help: {rule.help + ' ' if rule.help else ''}{rule.help_uri}")
            lines.append(f"::{_GITHUB_COMMAND[p.severity]} {props}::{github_data(chr(10).join(body))}\n")
        return "".join(lines)


def summary_json(result: CheckResult) -> dict:
    return {
        "claims": result.claims, "problems": len(result.problems), **result.counts(),
        "suppressed": result.suppressed, "baselined": result.baselined,
        "fail_level": result.fail_level.value, "failed": result.failed,
        "rules": sorted(result.active),
    }


def problem_json(problem: Problem) -> dict:
    out = {
        "code": problem.code, "name": problem.name, "severity": problem.severity.value,
        "message": problem.message, "path": problem.path, "line": problem.line, "column": problem.column,
        "claim": problem.claim, "fingerprint": problem.fingerprint, "quote": problem.quote,
    }
    out["related"] = problem.related.model_dump(mode="json") if problem.related else None
    return out


class JsonFormat(ProblemFormat):
    """The schema reconcile/check@1. See `ProblemFormat.render`."""

    def render(self, result: CheckResult) -> str:
        data = {"schema": SCHEMA, "problems": [problem_json(p) for p in result.problems],
                "summary": summary_json(result)}
        return indented(data)


def _uri(path: str) -> str:
    """PATH as a URI reference: relative when the path is, else a file: URI."""
    posix = path.replace("\\", "/")
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/")
    if len(posix) > 2 and posix[1] == ":" and posix[2] == "/":  # C:/... on Windows
        return "file:///" + quote(posix, safe="/:")
    return quote(posix, safe="/")


def _sarif_rule(rule: Rule) -> dict:
    out = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.description},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity], "enabled": rule.enabled},
    }
    if rule.help:
        out["fullDescription"] = {"text": f"{rule.description} {rule.help}"}
        out["help"] = {"text": rule.help, "markdown": f"{rule.help} [Docs]({rule.help_uri})"}
    return out


def _sarif_result(problem: Problem, index: dict[str, int]) -> dict:
    out = {
        "ruleId": problem.code,
        "ruleIndex": index[problem.code],
        "level": _SARIF_LEVEL[problem.severity],
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(problem.path)},
            "region": {"startLine": problem.line, "startColumn": problem.column},
        }}],
        "partialFingerprints": {"reconcile/v1": problem.fingerprint},
    }
    if problem.related is not None:
        where = problem.related
        region = {"startLine": where.line, "startColumn": where.column}
        if where.end_line is not None:
            region |= {"endLine": where.end_line, "endColumn": where.end_column}
        if where.snippet is not None:
            region["snippet"] = {"text": where.snippet}
        out["relatedLocations"] = [{
            "id": 1,
            "message": {"text": f"the quote of claim '{problem.claim}'"},
            "physicalLocation": {"artifactLocation": {"uri": _uri(where.path)}, "region": region},
        }]
    return out


class SarifFormat(ProblemFormat):
    """SARIF 2.1.0, for code-scanning dashboards. See `ProblemFormat.render`."""

    def __init__(self, version: str | None = None):
        self.version = version

    def render(self, result: CheckResult) -> str:
        index = {rule.code: i for i, rule in enumerate(result.rules)}
        driver = {"name": "reconcile", "rules": [_sarif_rule(r) for r in result.rules]}
        if self.version:
            driver["version"] = self.version
        run = {
            "tool": {"driver": driver},
            # Columns are counted in code points, as Python strings index them.
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": True}],
            "results": [_sarif_result(p, index) for p in result.problems],
        }
        data = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
        return indented(data)


def rules_table(rules: list[Rule]) -> str:
    """Plain text: code, name, default severity, enabled by default, description."""
    head = ("code", "name", "severity", "default", "description")
    rows = [head] + [(r.code, r.name, r.severity.value, "on" if r.enabled else "off", r.description)
                     for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head) - 1)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
             for row in rows]
    return "\n".join(lines) + "\n"


def summary_line(result: CheckResult, exit_zero: bool = False) -> str:
    """One line for stderr: how many problems of which severity, and what was hidden."""
    counts = result.counts()
    extra = []
    if result.suppressed:
        extra.append(f"{result.suppressed} suppressed")
    if result.baselined:
        extra.append(f"{result.baselined} in the baseline")
    tail = f" ({', '.join(extra)})" if extra else ""
    where = result.path or "no claims.toml"
    checked = f"{result.claims} claim{'s' if result.claims != 1 else ''} in {where}"
    if not result.problems:
        return f"No problems in {checked}{tail}."
    parts = [f"{n} {level}{'s' if n != 1 and level != 'info' else ''}" for level, n in counts.items() if n]
    n = len(result.problems)
    verdict = f"fails at --fail-level {result.fail_level.value}" if result.failed \
        else f"none at or above --fail-level {result.fail_level.value}"
    if result.failed and exit_zero:
        verdict += " (exit status 0: --exit-zero)"
    return f"{n} problem{'s' if n != 1 else ''} ({', '.join(parts)}) in {checked}{tail}; {verdict}."
