"""Run every benchmark and keep the output: extraction throughput and start-up, matching at scale, then scale
and robustness (--jobs, long articles, concurrent writers, the terminal report).

    .venv/bin/python -m benchmarks.run              # from the repository root; about 12 minutes
    .venv/bin/python -m benchmarks.run --quick      # 200 articles, 1k and 10k claims
    .venv/bin/python -m benchmarks.run --diagnose   # also the per-step timings of extraction and matching

Each benchmark runs in its own interpreter; the combined report is printed and written to
benchmarks/out/results.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent
OUT = Path(__file__).parent / "out"


def _run(module: str, *args: str) -> str:
    """The standard output of `python -m MODULE ARGS`, echoed as it is collected."""
    command = [sys.executable, "-m", module, *args]
    print(f"$ {' '.join(['python', '-m', module, *args])}", file=sys.stderr, flush=True)
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"{module} failed with status {done.returncode}")
    print(done.stdout, flush=True)
    return done.stdout


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller corpora, for a first look")
    parser.add_argument("--diagnose", action="store_true", help="also time each step of extraction and matching")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    articles = "200" if args.quick else "1000"
    sizes = ["1000", "10000"] if args.quick else ["1000", "10000", "100000"]
    parts = [_run("benchmarks.bench_extract", "-n", articles)]
    parts.append(_run("benchmarks.bench_match", "--sizes", *sizes, "--explain"))
    parts.append(_run("benchmarks.bench_scale", *(["--quick"] if args.quick else [])))
    if args.diagnose:
        parts.append(_run("benchmarks.bench_extract", "-n", "300", "--stages"))
        parts.append(_run("benchmarks.phases", "--size", sizes[-1]))
    OUT.mkdir(exist_ok=True)
    (OUT / "results.md").write_text("\n\n".join(parts), encoding="utf-8")
    print(f"(all benchmarks: {time.perf_counter() - started:.0f} s; written to {OUT / 'results.md'})", file=sys.stderr)


if __name__ == "__main__":
    main()
