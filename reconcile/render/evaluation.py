"""`reconcile eval` output: a table by measure and by incident, or JSON.

Quotes, speakers and summaries come from articles and the gold file: the table renders them as
rich `Text` after `safe_text`; JSON escapes them itself.
"""

from __future__ import annotations

import io
import shutil
import sys

from ..evaluation import Evaluation, Miss
from .jsontext import indented
from .text import clip, safe_text

EVAL_SCHEMA = "reconcile/eval@1"
QUOTE_LIMIT = 160

_MEANING = {
    "facts": "gold figures found with the right source, action, object and interval",
    "attributed": "found with the right speaker as well",
    "grouping": "pairwise F1: two found figures share an incident exactly when the gold says so",
    "distinct": "same-place, other-day incidents kept apart",
    "contradictions": "gold contradictions reported, both sides attributed",
    "contra_precision": "reported contradictions that the gold lists (the rest are false alarms)",
    "consistent": "look-alike figures not reported as contradictions",
    "revisions": "gold revisions (a figure rising over reports) found",
    "agreements": "gold agreements between origins found",
    "unsourced": "unattributed assertions flagged",
    "unverified": "hedged assertions flagged",
}


def summary_line(evaluation: Evaluation, failed: list[str] = ()) -> str:
    """One line for logs: "facts=0.81 attributed=0.80 ... self_agreements=0", after the bars not met."""
    scores = " ".join(f"{k}={v:.2f}" for k, v in evaluation.scores.items())
    line = f"{scores} self_agreements={evaluation.self_agreements}".strip()
    return ("FAIL " + "; ".join(failed) + " | " if failed else "") + line


def evaluation_json(evaluation: Evaluation, failed: list[str] = ()) -> str:
    """`reconcile eval --format json`: scores, counts, per-incident tallies, misses and false alarms."""
    data = {
        "schema": EVAL_SCHEMA,
        "scores": {k: round(v, 4) for k, v in evaluation.scores.items()},
        "counts": evaluation.counts,
        "self_agreements": evaluation.self_agreements,
        "size": evaluation.size,
        "failed": list(failed),
        "incidents": [{
            "id": i.id, "facts": i.facts, "found": i.found, "attributed": i.attributed,
            "report_incidents": sorted(i.predicted),
            "contradictions": i.contradictions, "revisions": i.revisions, "agreements": i.agreements,
        } for i in evaluation.incidents],
        "misses": [{"measure": m.measure, "incident": m.incident, "what": m.what, "quotes": m.quotes,
                    "false_alarm": m.false_alarm} for m in evaluation.misses],
    }
    return indented(data)


def _t(s: str | None, style: str = ""):
    from rich.text import Text

    return Text(safe_text(s), style=style)


def _pair(pair: list[int]) -> str:
    return f"{pair[0]}/{pair[1]}" if pair[1] else "—"


class EvaluationTableRenderer:
    """The scores as rich tables; with VERBOSE, every miss and false alarm with its quotes."""

    def __init__(self, color: bool | None = None, width: int | None = None, verbose: bool = False):
        from .terminal import use_color

        self.color = use_color() if color is None else color
        if width is None:
            width = shutil.get_terminal_size((120, 24)).columns if sys.stdout.isatty() else 120
        self.width = width
        self.verbose = verbose

    def render(self, evaluation: Evaluation, failed: list[str] = ()) -> str:
        from rich.console import Console

        out = io.StringIO()
        console = Console(file=out, width=self.width, force_terminal=self.color,
                          color_system="auto" if self.color else None, no_color=not self.color,
                          highlight=False, emoji=False, markup=False, legacy_windows=False, soft_wrap=False)
        size = evaluation.size
        console.print(_t(f"{size.get('sources', 0)} sources · {size.get('claims', 0)} claims · "
                         f"{size.get('incidents', 0)} incidents · {size.get('findings', 0)} findings", "dim"))
        console.print(self._measures(evaluation))
        console.print(self._incidents(evaluation))
        if self.verbose:
            for table in self._misses(evaluation.misses):
                console.print(table)
        console.print(_t(summary_line(evaluation, failed), "bold red" if failed else "bold"), soft_wrap=True)
        lines = [line.rstrip(" ") for line in out.getvalue().splitlines()]
        return "".join(line + "\n" for line in lines)

    def _table(self, title: str, *columns: tuple[str, str]):
        from rich import box
        from rich.table import Table

        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=False)
        for name, justify in columns:
            table.add_column(name, justify=justify, overflow="fold")
        return table

    def _measures(self, evaluation: Evaluation):
        table = self._table("Measures", ("measure", "left"), ("score", "right"), ("count", "left"),
                            ("what it counts", "left"))
        for name, score in evaluation.scores.items():
            style = "green" if score >= 0.9 else "yellow" if score >= 0.7 else "red"
            table.add_row(name, _t(f"{score:.2f}", style), _t(evaluation.counts.get(name, "")),
                          _t(_MEANING.get(name, ""), "dim"))
        style = "green" if evaluation.self_agreements == 0 else "red"
        table.add_row("self_agreements", _t(str(evaluation.self_agreements), style), "",
                      _t("agreements of one speaker in one source with itself (should be 0)", "dim"))
        return table

    def _incidents(self, evaluation: Evaluation):
        table = self._table("By incident", ("incident", "left"), ("facts", "right"), ("attributed", "right"),
                            ("report incidents", "right"), ("contradictions", "right"), ("revisions", "right"),
                            ("agreements", "right"))
        for i in evaluation.incidents:
            spread = len(i.predicted)
            table.add_row(_t(i.id), f"{i.found}/{i.facts}", f"{i.attributed}/{i.facts}",
                          _t(str(spread), "red" if spread > 1 else ""), _pair(i.contradictions),
                          _pair(i.revisions), _pair(i.agreements))
        return table

    def _misses(self, misses: list[Miss]):
        grouped: dict[str, list[Miss]] = {}
        for miss in misses:
            grouped.setdefault(miss.measure, []).append(miss)
        for measure, rows in grouped.items():
            alarms = rows[0].false_alarm
            table = self._table(f"{'False alarms' if alarms else 'Missed'}: {measure} ({len(rows)})",
                                ("incident", "left"), ("what", "left"), ("claims", "left"))
            for miss in rows:
                quotes = "\n".join(clip(q, QUOTE_LIMIT) for q in miss.quotes)
                table.add_row(_t(miss.incident or "—"), _t(miss.what), _t(quotes, "dim"))
            yield table
