"""Measure the pipeline on annotated coverage: a gold file, the articles, and the measures of docs/eval.md."""

from __future__ import annotations

from pathlib import Path

from .gold import Gold, load_gold, parse_gold
from .measures import MEASURES, Evaluation, IncidentScore, Miss, evaluate

__all__ = ["MEASURES", "Evaluation", "Gold", "IncidentScore", "Miss", "evaluate", "evaluate_run", "load_gold",
           "parse_gold"]


def evaluate_run(gold_path: Path, config) -> tuple[Evaluation, list[str]]:
    """Run the pipeline as CONFIG says and score its report against the gold file; also the run's notes.

    Example: `evaluate_run(Path("eval/dev/gold.toml"), Config(paths=[Path("eval/dev")]))`
    """
    from ..pipeline import run
    from ..render.json import report_json

    gold = load_gold(gold_path)
    report = run(config)
    return evaluate(report_json(report), gold), list(report.notes)
