"""Helpers shared by the benchmarks: the machine, peak memory, timers and plain-text tables."""

from __future__ import annotations

import os
import platform
import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def machine() -> str:
    """One line about where the numbers come from: cores, CPU model, Python."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (f"nproc {os.cpu_count()}, {model}, Python {platform.python_version()} "
            f"({sys.implementation.name}), {platform.system()} {platform.machine()}")


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux reports KB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3


@dataclass
class Stopwatch:
    """Wall-clock seconds of a `with stopwatch() as w:` block, in `w.seconds`."""

    seconds: float = 0.0


@contextmanager
def stopwatch() -> Iterator[Stopwatch]:
    watch = Stopwatch()
    start = time.perf_counter()
    try:
        yield watch
    finally:
        watch.seconds = time.perf_counter() - start


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A Markdown table (also readable as plain text), numbers right-aligned."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    numeric = [all(_is_number(row[i]) for row in rows) for i in range(len(headers))]

    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.rjust(w) if n else v.ljust(w)
                                 for v, w, n in zip(values, widths, numeric, strict=True)) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if n else ("-" * (w + 2))
                          for w, n in zip(widths, numeric, strict=True)) + "|"
    return "\n".join([line(headers), rule, *(line(r) for r in cells)])


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) or value in ("-", "")


def _cell(value: object) -> str:
    if isinstance(value, float):
        if value >= 100:
            return f"{value:,.0f}"
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
