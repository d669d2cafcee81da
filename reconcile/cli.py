"""The command line: thin click commands over the library (reconcile.pipeline, reconcile.check)."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterable
from enum import Enum, IntEnum
from pathlib import Path

import click

from . import __version__
from .errors import ReconcileError
from .pipeline import Config, run
from .writing import LOCK_TIMEOUT


class ExitCode(IntEnum):
    """0: ran, nothing to flag; 1: `check` found problems; 2: could not run."""

    OK = 0
    PROBLEMS = 1
    CANNOT_RUN = 2


class InputError(click.ClickException):
    """Unreadable or invalid input: exit status 2, not 1 (which means `check` found problems)."""

    exit_code = ExitCode.CANNOT_RUN

    def format_message(self) -> str:
        from .render.text import safe_text

        # One line, whatever the library put in the message; a file name or a value quoted
        # from the input must not send escape sequences to the terminal
        return " ".join(safe_text(self.message).split())


class ReportFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"
    claimreview = "claimreview"
    csv = "csv"

    def to_renderer(self, **options):
        from . import render

        if self is ReportFormat.table:
            from .render.terminal import TerminalRenderer

            return TerminalRenderer(**options)
        if self is ReportFormat.markdown:
            from .render.markdown import MarkdownRenderer

            return MarkdownRenderer(**options)
        if self is ReportFormat.json:
            return render.JsonRenderer()
        if self is ReportFormat.claimreview:
            from .render.claimreview import ClaimReviewRenderer

            return ClaimReviewRenderer(**options)
        if self is ReportFormat.csv:
            from .render.csv import FindingsCsvRenderer

            return FindingsCsvRenderer()
        raise AssertionError(f"unhandled format {self}")  # pragma: no cover


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


class ClaimsFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"

    def to_renderer(self):
        from . import render

        if self is ClaimsFormat.table:
            from .render.terminal import ClaimsTableRenderer

            return ClaimsTableRenderer()
        if self is ClaimsFormat.json:
            return render.ClaimsJsonRenderer()
        if self is ClaimsFormat.csv:
            from .render.csv import ClaimsCsvRenderer

            return ClaimsCsvRenderer()
        raise AssertionError(f"unhandled format {self}")  # pragma: no cover


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _note(message: str) -> None:
    from rich.markup import escape

    from .render.text import safe_text

    # soft_wrap: one note is one line, however narrow the terminal
    _stderr().print(f"[yellow]note:[/yellow] {escape(safe_text(message))}", soft_wrap=True)


def _warn(message: str) -> None:
    from rich.markup import escape

    from .render.text import safe_text

    _stderr().print(f"[yellow]warning:[/yellow] {escape(safe_text(message))}", soft_wrap=True)


def library_errors(func):
    """Turn library errors into one-line messages and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ReconcileError as err:
            raise InputError(str(err)) from None
        except (OSError, UnicodeError) as err:
            raise InputError(str(err)) from None

    return wrapper


def input_options(func=None, *, no_extract: bool = True):
    """PATH... and --claims, shared by every command that reads sources; --no-extract where it matters."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, paths, claims_path, jobs, no_extract=False, **kwargs):
            if claims_path is not None and not claims_path.is_file():
                raise InputError(f"{claims_path}: no such file")
            from .parallel import available_cores

            config = Config(paths=list(paths) or [Path("sources")], claims_path=claims_path,
                            extract=False if no_extract else None, jobs=jobs or available_cores())
            return func(*args, config=config, **kwargs)

        options = [
            click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
            click.option("--claims", "claims_path", type=click.Path(path_type=Path, dir_okay=False),
                         help="claims.toml to read (default: ./claims.toml when present)."),
            # `extract` always extracts: the flag would do nothing there, so it is not offered
            *([click.option("--no-extract", is_flag=True,
                            help="Use only the curated claims; do not read claims from the text.")]
              if no_extract else []),
            click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
                         help="Processes to extract with (default: the cores available; 1: no worker processes)."),
        ]
        for option in reversed(options):
            wrapper = option(wrapper)
        return wrapper

    return decorate(func) if func is not None else decorate


def _writable_output(path: Path | None) -> None:
    """Refuse, before a run that may take a while, an output file that must not be written."""
    if path is None:
        return
    from .writing import check_writable

    try:
        check_writable(path)
    except ReconcileError as err:
        raise InputError(str(err)) from None


def output_options(formats: type[Enum], default: str):
    """--format and -o/--output, shared by the commands that write a report."""

    def decorate(func):
        @click.option("--format", "fmt", type=click.Choice([f.value for f in formats]), default=default,
                      show_default=True, help="Output format.")
        @click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
                      help="Write to FILE instead of standard output.")
        @functools.wraps(func)
        def wrapper(*args, fmt, output, **kwargs):
            _writable_output(output)
            return func(*args, fmt=formats(fmt), output=output, **kwargs)

        return wrapper

    return decorate


STAGES = {"reading": "reading articles", "extracting": "extracting claims",
          "matching": "matching incidents", "reconciling": "finding agreements and contradictions"}
"""What the progress line says during each stage of the pipeline."""


def display_options(sort: bool = True):
    """--color and --no-pager (and --sort, --grade) for the commands that print tables."""

    def decorate(func):
        options = [
            click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                         help="Colour the tables; auto: on a terminal, unless NO_COLOR is set or FORCE_COLOR is."),
            click.option("--no-pager", is_flag=True,
                         help="Do not page long output on a terminal (it is never paged when piped)."),
        ]
        if sort:
            options += [
                click.option("--sort", type=click.Choice(["grade", "date", "findings"]), default="grade",
                             show_default=True,
                             help="Order of the incidents; grade: contested first, then weak, fair, confirmed."),
                click.option("--grade", "grades", metavar="GRADES",
                             help="Only incidents of these grades, comma-separated (e.g. contested,weak)."),
            ]
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _terminal(color: str, **options):
    """The terminal renderer for --color (width from COLUMNS or the terminal)."""
    from .render.terminal import TerminalRenderer, use_color

    return TerminalRenderer(color=use_color(mode=color), **options)


def _page(text: str, no_pager: bool) -> None:
    """TEXT to stdout, through a pager when stdout is a terminal and TEXT is taller than it."""
    import shutil

    if no_pager or not sys.stdout.isatty() or text.count("\n") < shutil.get_terminal_size().lines:
        # the renderer chose colour (--color, FORCE_COLOR): click must not strip it when piped
        click.echo(text, nl=False, color=True)
        return
    from .pager import page

    page(text)


def _with_progress(job, config: Config):
    """JOB(config), with a progress line on stderr when stderr is a terminal (and not in CI).

    It names the stage, and while extracting counts the articles done: `extracting claims
    ━━━━━━━━━━ 12/40 articles 0:00:03`. It is gone when the job ends.
    """
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return job(config)
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    # Redrawn on each update rather than by a thread of its own: a process with one thread can
    # fork its extraction workers, which then inherit the loaded gazetteer (reconcile.parallel)
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[count]}"),
               TimeElapsedColumn())
    with Progress(*columns, transient=True, console=_stderr(), auto_refresh=False) as progress:
        task = progress.add_task(STAGES["reading"], total=None, count="")

        def stage(name: str) -> None:
            # Only extraction has a count; the other stages show their name and the time
            progress.update(task, description=STAGES.get(name, name), total=None, completed=0, count="",
                            refresh=True)

        def advance(done: int, total: int) -> None:
            progress.update(task, description=STAGES["extracting"], completed=done, total=total,
                            count=f"{done}/{total} articles", refresh=True)

        config.stage, config.progress = stage, advance
        return job(config)


def _run(config: Config):
    """The pipeline, its notes on stderr."""
    report = _with_progress(run, config)
    for note in report.notes:
        _note(note)
    return report


def _write(text: str | Iterable[str], output: Path | None) -> None:
    """TEXT (or its pieces, written as they come) to OUTPUT, else to stdout."""
    if output is None:
        for piece in [text] if isinstance(text, str) else text:
            click.echo(piece, nl=False)
        return
    from rich.markup import escape

    from .render.text import safe_text
    from .writing import write_atomic

    try:
        write_atomic(output, text)
    except OSError as err:
        raise InputError(f"{output}: cannot write: {err.strerror or err}") from None
    _stderr().print(f"wrote {escape(safe_text(str(output)))}", soft_wrap=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="reconcile")
def cli():
    """Reconcile news reports: who claims what about which incident, and where accounts disagree.

    \b
    Example:
        reconcile report                       # sources/ and ./claims.toml
        reconcile report --format markdown -o report.md
        reconcile check --format github
    """


@cli.command()
@input_options
@output_options(ReportFormat, "table")
@click.option("--incident", "incident_id", help="Only this incident.")
@click.option("--only", help="Only these finding kinds, comma-separated (e.g. contradictions,revisions); "
                             "incidents left without findings are left out.")
@display_options()
@library_errors
def report(config: Config, fmt: ReportFormat, output: Path | None, incident_id: str | None, only: str | None,
           color: str, no_pager: bool, sort: str, grades: str | None):
    """Incidents and their agreements, contradictions, revisions and unverified claims.

    The table fits the terminal (COLUMNS when set, even when piped); under 100 columns it is a
    list. Long output is paged on a terminal ($PAGER, else less).

    \b
    Example:
        reconcile report --only contradictions --grade contested
        reconcile report sources/ --format json | jq '.findings[] | select(.kind=="contradiction")'
    """
    from .select import parse_kinds, select_report

    if grades:
        from .select import parse_grades

        parse_grades(grades)  # a wrong grade fails before the run, which may take a while
    result = select_report(_run(config), incident_id=incident_id, only=only, grades=grades)
    if fmt is ReportFormat.table:
        # to a file, colour only when asked for
        text = _terminal(color if output is None or color == "always" else "never", sort=sort).render(result)
        if output is None:
            _page(text, no_pager)
            return
        _write(text, output)
        return
    options = {"sort": sort} if fmt is ReportFormat.markdown else {}
    if only and fmt is ReportFormat.markdown:
        # the Markdown report leaves out the sections of kinds not asked for, rather than print them empty
        options["only"] = parse_kinds(only)
    if fmt is ReportFormat.claimreview:
        from .pipeline import read_claims_file

        settings = read_claims_file(config).settings
        options = {"publisher": settings.publisher, "review_url": settings.review_url}
    renderer = fmt.to_renderer(**options)
    for missing in getattr(renderer, "missing_settings", list)():
        _warn(f"{missing} (set it in claims.toml: see docs/file-formats.md)")
    _write(renderer.chunks(result), output)


@cli.command()
@input_options
@output_options(ClaimsFormat, "table")
@library_errors
def claims(config: Config, fmt: ClaimsFormat, output: Path | None):
    """Every claim, curated and extracted: who, outlet, date, figure, quote and incident.

    The CSV has one row per claim, with the kinds of the findings that cite it; cells that a
    spreadsheet would run as a formula start with ' (see docs/exports.md).

    \b
    Example:
        reconcile claims
        reconcile claims --no-extract --format csv -o claims.csv
    """
    _write(fmt.to_renderer().chunks(_run(config)), output)


@cli.command()
@click.argument("db", type=click.Path(path_type=Path), metavar="DB")
@input_options
@click.option("--metadata", "metadata_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write Datasette metadata to FILE: titles, descriptions, label columns, canned queries.")
@library_errors
def export(db: Path, config: Config, metadata_path: Path | None):
    """Write the report to the SQLite database DB, for Datasette, sqlite-utils or any SQL client.

    Tables: sources, claims, incidents, findings and finding_claims (which claims each finding
    names), the incidents' and claims' lists as join tables, keys, foreign keys and full-text
    search on the quotes (claims_fts, kept current by triggers). DB is replaced whole,
    atomically; a file there that an earlier export did not write is refused, and so is one at
    --metadata FILE.

    \b
    Example:
        reconcile export reconcile.sqlite --metadata metadata.json
        datasette reconcile.sqlite --metadata metadata.json
        sqlite-utils tables reconcile.sqlite --counts
    """
    from rich.markup import escape

    from .export import check_metadata_target, check_target, export_sqlite, write_metadata
    from .render.text import safe_text

    # before the run, which may take a while, not after it
    check_target(db)
    if metadata_path is not None:
        check_metadata_target(metadata_path)
    counts = export_sqlite(_run(config), db)
    rows = ", ".join(f"{n} {table}" for table, n in counts.items())
    _stderr().print(f"wrote {escape(safe_text(str(db)))} ({rows})", soft_wrap=True)
    if metadata_path is not None:
        write_metadata(metadata_path, db)
        _stderr().print(f"wrote {escape(safe_text(str(metadata_path)))}", soft_wrap=True)


@cli.command()
@input_options
@display_options()
@library_errors
def incidents(config: Config, color: str, no_pager: bool, sort: str, grades: str | None):
    """One row per incident: date, place, grade, sources, claims and findings.

    \b
    Example:
        reconcile incidents sources/ --grade contested
    """
    from .select import parse_grades, select_report

    if grades:
        parse_grades(grades)
    result = select_report(_run(config), grades=grades)
    _page(_terminal(color, sort=sort).render_incidents(result), no_pager)


@cli.command()
@click.argument("incident_id", metavar="ID")
@input_options
@click.option("--why", is_flag=True, help="Show the evidence for each merge (place, date, event).")
@display_options(sort=False)
@library_errors
def show(incident_id: str, config: Config, why: bool, color: str, no_pager: bool):
    """One incident in full: its claims, findings and figures.

    \b
    Example:
        reconcile show kaluga-2024-03-15 --why
    """

    result = _run(config)
    if incident_id not in {i.id for i in result.incidents}:
        raise InputError(f"no incident '{incident_id}' (see `reconcile incidents`)")
    _page(_terminal(color).render_incident(result, incident_id, why=why), no_pager)


@cli.command()
@input_options
@library_errors
def sources(config: Config):
    """The loaded sources: id, outlet, date, party and number of claims.

    \b
    Example:
        reconcile sources sources/
    """
    from .render.terminal import TerminalRenderer

    click.echo(TerminalRenderer().render_sources(_run(config)), nl=False)


class DiffFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    json = "json"

    def to_renderer(self):
        from .render import diff as diff_render

        if self is DiffFormat.table:
            return diff_render.DiffTableRenderer()
        if self is DiffFormat.markdown:
            return diff_render.DiffMarkdownRenderer()
        if self is DiffFormat.json:
            return diff_render.DiffJsonRenderer()
        raise AssertionError(f"unhandled format {self}")  # pragma: no cover


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@output_options(DiffFormat, "table")
@library_errors
def diff(old: Path, new: Path, fmt: DiffFormat, output: Path | None):
    """What changed between two JSON reports: new, resolved and changed findings, and grades.

    OLD and NEW are `reconcile report --format json` output. A finding is the same in both when
    its kind, incident, action, object and the (source, speaker, quote) of its claims match;
    claim ids are not compared, as extracted ids move when an article is edited.

    \b
    Example:
        reconcile report --format json -o before.json
        reconcile report --format json -o after.json     # after editing sources/ or claims.toml
        reconcile diff before.json after.json --format markdown -o changes.md
    """
    from .diff import diff_files

    _write(fmt.to_renderer().render(diff_files(old, new)), output)


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to FILE instead of standard output.")
@library_errors
def schema(output: Path | None):
    """The JSON Schema of the JSON report (reconcile/report@1), generated from its models.

    Required keys are those of the stable contract; other keys are allowed, as the contract says.

    \b
    Example:
        reconcile schema -o report.schema.json
        reconcile report --format json -o report.json
        check-jsonschema --schemafile report.schema.json report.json
    """

    from .render.jsontext import indented
    from .schema import report_schema

    _write(indented(report_schema()), output)


class CheckFormat(str, Enum):
    text = "text"
    github = "github"
    json = "json"
    sarif = "sarif"

    def to_renderer(self, color: bool = False, statistics: bool = False):
        from .render import problems

        if statistics:
            if self not in (CheckFormat.text, CheckFormat.json):
                raise click.UsageError("--statistics works with --format text or json")
            return problems.StatisticsFormat(as_json=self is CheckFormat.json, color=color)
        if self is CheckFormat.text:
            return problems.TextFormat(color=color)
        if self is CheckFormat.github:
            return problems.GithubFormat()
        if self is CheckFormat.json:
            return problems.JsonFormat()
        if self is CheckFormat.sarif:
            return problems.SarifFormat(version=__version__)
        raise AssertionError(f"unhandled format {self}")  # pragma: no cover


def _color(output: Path | None) -> bool:
    """Colour on standard output: only on a terminal, and not when NO_COLOR is set (no-color.org)."""
    return output is None and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def _codes(values: tuple[str, ...]) -> list[str] | None:
    """Repeated and comma-separated --select/--ignore values; None when the flag is not given."""
    return [part for value in values for part in value.split(",")] if values else None


@cli.command()
@input_options
@output_options(CheckFormat, "text")
@click.option("--select", multiple=True, metavar="CODES",
              help="Run only these rules: codes or prefixes, comma-separated (e.g. RC1,RC201; ALL). "
                   "Overrides [check] select.")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="Do not run these rules: codes or prefixes. Overrides [check] ignore.")
@click.option("--fail-level", type=click.Choice(["error", "warning", "info"]), default=None,
              help="Exit 1 on problems at or above this severity. [default: [check] fail_level, else error]")
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even when there are problems (2 still means it could not run).")
@click.option("--baseline", "baseline_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Report only problems not in this baseline file.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the current problems to this baseline file and exit 0.")
@click.option("--statistics", is_flag=True,
              help="Print the number of problems of each rule instead of the problems (text or json).")
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
@library_errors
def check(config: Config, fmt: CheckFormat, output: Path | None, select: tuple[str, ...],
          ignore: tuple[str, ...], fail_level: str | None, exit_zero: bool, baseline_path: Path | None,
          write_baseline_path: Path | None, statistics: bool, list_rules: bool):
    """Check the curated claims in claims.toml: speakers, sources and quotes (the CI gate).

    Exit status: 0 no problems at or above --fail-level, 1 there are, 2 could not run.
    A claim suppresses rules with `ignore = ["RC101"]` and a `reason`; the [check] table of
    claims.toml sets `select`, `ignore`, `severity` and `fail_level`, which flags override.

    \b
    Example:
        reconcile check --format github
        reconcile check --select RC2,RC501 --fail-level warning
        reconcile check --statistics
        reconcile check --write-baseline .reconcile-baseline.json
        reconcile check --baseline .reconcile-baseline.json --format sarif -o check.sarif
    """
    from rich.markup import escape

    from .check import read_baseline, rules, run_check, write_baseline
    from .render.problems import rules_table, summary_line

    _writable_output(write_baseline_path)
    renderer = fmt.to_renderer(color=_color(output), statistics=statistics)  # a bad combination fails first
    if list_rules:
        _write(rules_table(rules()), output)
        return
    baseline = read_baseline(baseline_path) if baseline_path and not write_baseline_path else None
    result = run_check(config, select=_codes(select), ignore=_codes(ignore), baseline=baseline)
    result = result.with_fail_level(fail_level)
    if write_baseline_path is not None:
        write_baseline(write_baseline_path, result)
        _stderr().print(f"wrote {len(result.problems)} problem(s) to {escape(str(write_baseline_path))}",
                        soft_wrap=True)
        return
    _write(renderer.render(result), output)
    _stderr().print(escape(summary_line(result, exit_zero)), soft_wrap=True)
    code = ExitCode.PROBLEMS if result.failed and not exit_zero else ExitCode.OK
    click.get_current_context().exit(code)


@cli.command()
@input_options(no_extract=False)
@click.option("--write", is_flag=True,
              help="Append the drafts to claims.toml (or --claims FILE), keeping every comment and entry.")
@click.option("--lock-timeout", type=click.FloatRange(min=0), default=LOCK_TIMEOUT, show_default=True,
              metavar="SECONDS", help="With --write: how long to wait for another writer of the claims file.")
@library_errors
def extract(config: Config, write: bool, lock_timeout: float):
    """Draft [[claim]] tables from the articles' text, for review.

    Prints the claims the extractor finds as TOML. With --write they are appended to
    claims.toml atomically; claims whose quote is already curated there are not repeated.
    Writers take turns: a second `extract --write` on the same file waits for the first,
    then reads the file again before it appends.

    \b
    Example:
        reconcile extract sources/ > drafts.toml
        reconcile extract sources/ --write
    """
    from rich.markup import escape

    from .claimsfile import FILENAME
    from .drafts import draft_claims, render_drafts, write_drafts
    from .pipeline import extract_drafts
    from .render.text import safe_text

    target = config.claims_path or Path(FILENAME)
    if write:
        from .drafts import check_claims_target

        check_claims_target(target)  # before the run, which may take a while, not after it
    found, claims_file, claims, notes = _with_progress(extract_drafts, config)
    for note in notes:
        _note(note)
    if not write:
        drafts = draft_claims(claims, claims_file, found)
        click.echo(render_drafts(drafts), nl=False)
        _stderr().print(f"{len(drafts)} draft claim(s) from {len(found)} source(s)")
        return

    def waiting(lock: Path) -> None:
        _stderr().print(f"waiting for another writer of {escape(safe_text(str(target)))} "
                        f"(lock {escape(safe_text(str(lock)))}, up to {lock_timeout:g} s)", soft_wrap=True)

    added = write_drafts(target, claims, found, timeout=lock_timeout, on_wait=waiting)
    _stderr().print(f"appended {added} draft claim(s) to {target} ({len(claims) - added} already there or curated)")


def _bars(values: tuple[str, ...]) -> dict[str, float]:
    """--min NAME=VALUE options as {name: value}; a wrong name or value is a usage error (exit 2)."""
    from .evaluation import MEASURES

    known = (*MEASURES, "self_agreements")
    bars = {}
    for text in values:
        name, _, value = text.partition("=")
        if name not in known:
            raise click.BadParameter(f"'{name}' is not a measure (one of {', '.join(known)})", param_hint="--min")
        try:
            bars[name] = float(value)
        except ValueError:
            raise click.BadParameter(f"'{text}' needs a number after '='", param_hint="--min") from None
    return bars


@cli.command("eval")
@click.argument("gold_path", metavar="GOLD", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--claims", "claims_path", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="claims.toml to read (default: none; ./claims.toml is not read).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Processes to extract with (default: the cores available; 1: no worker processes).")
@output_options(EvalFormat, "table")
@click.option("--min", "bars", multiple=True, metavar="NAME=VALUE",
              help="A bar to meet, e.g. facts=0.8 (self_agreements: at most); exit 1 when one is not.")
@click.option("-v", "--verbose", is_flag=True, help="List every miss and false alarm with its quotes.")
@library_errors
def evaluate(gold_path: Path, paths: tuple[Path, ...], claims_path: Path | None, jobs: int | None,
             fmt: EvalFormat, output: Path | None, bars: tuple[str, ...], verbose: bool):
    """Score the tool against a gold file: what a careful fact-checker finds in the articles.

    Runs the report on PATH... (default: the gold file's folder) and measures facts,
    attribution, grouping, contradictions and their precision, revisions, agreements and
    flags against GOLD (format: docs/eval.md). Exit status: 0 every --min bar met, 1 one is
    not, 2 could not run.

    \b
    Example:
        reconcile eval eval/dev/gold.toml
        reconcile eval eval/check/gold.toml eval/check -v
        reconcile eval eval/dev/gold.toml --min facts=0.8 --min contra_precision=0.9
        reconcile eval eval/dev/gold.toml --format json -o scores.json
    """
    from .evaluation import evaluate_run
    from .parallel import available_cores
    from .render.evaluation import EvaluationTableRenderer, evaluation_json, summary_line

    wanted = _bars(bars)
    config = Config(paths=list(paths) or [gold_path.parent], claims_path=claims_path, claims_default=False,
                    jobs=jobs or available_cores())
    evaluation, notes = _with_progress(lambda c: evaluate_run(gold_path, c), config)
    for note in notes:
        _note(note)
    failed = evaluation.failed_bars(wanted)
    if fmt is EvalFormat.json:
        _write(evaluation_json(evaluation, failed), output)
    else:
        _write(EvaluationTableRenderer(verbose=verbose).render(evaluation, failed), output)
        if output is not None:
            _stderr().print(summary_line(evaluation, failed), soft_wrap=True, markup=False)
    click.get_current_context().exit(ExitCode.PROBLEMS if failed else ExitCode.OK)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="reconcile")
