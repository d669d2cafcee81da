"""The property-based tests, long: 10,000 generated examples per property, timed (#21).

    .venv/bin/python -m benchmarks.properties                 # the "long" profile: about an hour
    .venv/bin/python -m benchmarks.properties --profile ci    # what CI runs: about 30 s
    .venv/bin/python -m benchmarks.properties -k extraction   # some properties only

Runs `pytest tests/test_properties.py --hypothesis-profile PROFILE` in its own interpreter and
prints one row per property: examples that passed, failed and were set aside (`assume`), seconds,
and the result. Exit status: pytest's (0 when every property held).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent

_TEST = re.compile(r"^tests/test_properties\.py::(\w+):\s*$")
_COUNTS = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid test cases")
_PHASE = re.compile(r"during (\w+) phase \(([\d.]+) seconds\)")
_RESULT = re.compile(r"^(PASSED|FAILED|ERROR) tests/test_properties\.py::(\w+)|^tests/test_properties\.py::(\w+) "
                     r"(PASSED|FAILED|ERROR)")


def summarize(output: str) -> list[dict]:
    """Per property: examples passing, failing and invalid (over every phase), seconds, result."""
    rows: dict[str, dict] = {}
    current = None
    for line in output.splitlines():
        test = _TEST.match(line)
        if test:
            current = rows.setdefault(test.group(1), {"name": test.group(1), "passing": 0, "failing": 0,
                                                      "invalid": 0, "seconds": 0.0, "result": "?"})
            continue
        result = _RESULT.match(line)
        if result:
            name = result.group(2) or result.group(3)
            rows.setdefault(name, {"name": name, "passing": 0, "failing": 0, "invalid": 0, "seconds": 0.0})
            rows[name]["result"] = result.group(1) or result.group(4)
            continue
        if current is None:
            continue
        phase = _PHASE.search(line)
        if phase:
            current["seconds"] += float(phase.group(2))
        counts = _COUNTS.search(line)
        if counts:
            current["passing"] += int(counts.group(1))
            current["failing"] += int(counts.group(2))
            current["invalid"] += int(counts.group(3))
    return list(rows.values())


def table(rows: list[dict], profile: str, wall: float, status: int) -> str:
    lines = [f"### Properties (`--hypothesis-profile {profile}`)", "",
             "| property | passing | failing | invalid | seconds | result |", "|---|---:|---:|---:|---:|---|"]
    for row in rows:
        lines.append(f"| `{row['name']}` | {row['passing']:,} | {row['failing']:,} | {row['invalid']:,} | "
                     f"{row['seconds']:.0f} | {row.get('result', '?')} |")
    total = sum(r["passing"] + r["failing"] for r in rows)
    lines += ["", f"{total:,} examples in {wall:.0f} s; pytest exit status {status}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="long", help="hypothesis profile: long (10,000 examples) or ci")
    parser.add_argument("-k", dest="keyword", help="only the properties whose name matches (pytest -k)")
    args = parser.parse_args(argv)
    command = [sys.executable, "-m", "pytest", "tests/test_properties.py", "-p", "no:cacheprovider", "-rA",
               f"--hypothesis-profile={args.profile}", "--hypothesis-show-statistics", "-q"]
    if args.keyword:
        command += ["-k", args.keyword]
    print(f"$ {' '.join(command[1:])}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stdout, file=sys.stderr)
    print(table(summarize(done.stdout), args.profile, wall, done.returncode))
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
