"""Figure-dense text: one long line of sentences that each hold figures, speakers and places.

The worst case for memory: every sentence yields claims, so a MB of text yields tens of
thousands of claims and tens of MB of JSON. Each size runs `reconcile report DIR --format json
--jobs 1` in a fresh process and reports its wall and CPU seconds, peak RSS (from `wait4`),
claims and JSON size, against the goals: peak RSS under 150 MB + 20 MB per MB of the article,
and under 5 s (CPU) per MB.

    python -m benchmarks.bench_dense                 # 1 and 5 MB
    python -m benchmarks.bench_dense --sizes 1 --repeat 3
    python -m benchmarks.bench_dense --sentences     # the same sentences with their full stops
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import load_note, machine, table, versions
from benchmarks.generate_articles import generate

OUT = Path(__file__).parent / "out"
BUDGET_BASE_MB, BUDGET_PER_MB = 150, 20
GOAL_S_PER_MB = 5.0

_HAS_FIGURE = re.compile(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds)\b")


def dense_text(mb: float, seed: int = 1, run_on: bool = True) -> str:
    """About MB of sentences of generated articles that hold a figure, shuffled, on one line.

    RUN_ON joins them by commas without their full stops, so the line has no sentence end: it
    is read in pieces of MAX_SENTENCE characters that each hold a dozen figures or more, and
    every claim quotes its whole piece (the worst case for the JSON's size)."""
    sentences = []
    for source in generate(300, 3):
        for sentence in re.split(r"(?<=[.!?])\s+", source.text.replace("\n", " ")):
            if _HAS_FIGURE.search(sentence) and sentence.endswith((".", "!", "?")):
                sentences.append(sentence)
    if run_on:
        sentences = [s.rstrip(".!?") for s in sentences]
    rng = random.Random(seed)
    out, size = [], 0
    while size < mb * 1e6:
        sentence = rng.choice(sentences)
        out.append(sentence)
        size += len(sentence.encode()) + 2
    return (", " if run_on else " ").join(out) + "\n"


def _command() -> list[str]:
    script = Path(sys.executable).with_name("reconcile")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reconcile"]


def run_once(folder: Path) -> dict:
    """Wall s, CPU s, peak RSS MB, JSON bytes and its sha1 of one report of FOLDER."""
    started = time.perf_counter()
    proc = subprocess.Popen([*_command(), "report", str(folder), "--format", "json", "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=OUT)
    digest, size = hashlib.sha1(), 0
    assert proc.stdout is not None
    for chunk in iter(lambda: proc.stdout.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
    errors = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"report of {folder} failed with status {code}: {errors[-500:]}")
    peak = usage.ru_maxrss / 1e3 if sys.platform != "darwin" else usage.ru_maxrss / 1e6
    return {"wall": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime, "peak": peak,
            "json_mb": size / 1e6, "sha1": digest.hexdigest()[:12], "notes": errors.strip().splitlines()}


def bench(sizes: list[float], repeat: int, run_on: bool) -> list[list[object]]:
    rows = []
    for mb in sizes:
        folder = OUT / f"dense-{'run' if run_on else 'sentences'}-{mb:g}"
        path = folder / f"dense-{mb:g}.md"
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(dense_text(mb, run_on=run_on), encoding="utf-8")
        size = path.stat().st_size / 1e6
        runs = [run_once(folder) for _ in range(repeat)]
        best = min(runs, key=lambda r: r["cpu"])
        peak = max(r["peak"] for r in runs)
        budget = BUDGET_BASE_MB + BUDGET_PER_MB * size
        per_mb = best["cpu"] / size
        met = peak <= budget and per_mb <= GOAL_S_PER_MB
        rows.append([size, best["wall"], best["cpu"], per_mb, peak, budget, best["json_mb"],
                     "met" if met else "MISSED", best["sha1"]])
        for note in best["notes"]:
            print(f"  note ({size:g} MB): {note}")
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1.0, 5.0], help="MB of text (default 1 5)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the least CPU is shown")
    parser.add_argument("--sentences", action="store_true",
                        help="keep the sentences' full stops (default: one run-on line without sentence ends)")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    load = os.getloadavg()[0]
    rows = bench(args.sizes, args.repeat, not args.sentences)
    shape = "sentences on one line" if args.sentences else "one run-on line without sentence ends"
    print(f"# Figure-dense text ({shape}), `report --format json --jobs 1`\n\n{machine()}\n{load_note(load)}\n"
          f"{versions('extract/__init__', 'render/jsontext')}\n")
    print(table(["MB", "wall s", "CPU s", "CPU s per MB", "peak RSS MB", "budget MB", "JSON MB", "goals",
                 "sha1"], rows))
    print(f"\nGoals: peak RSS <= {BUDGET_BASE_MB} MB + {BUDGET_PER_MB} MB per MB; <= {GOAL_S_PER_MB:g} CPU s per MB.")


if __name__ == "__main__":
    main()
