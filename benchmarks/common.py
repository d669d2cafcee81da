"""Helpers shared by the benchmarks: the machine, peak memory, timers and plain-text tables."""

from __future__ import annotations

import functools
import hashlib
import os
import platform
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
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


def load_note(before: float) -> str:
    """The 1-minute load average before and after a run: other work on the machine skews timings."""
    return f"load average {before:.2f} before, {os.getloadavg()[0]:.2f} after (other processes share the cores)"


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


class Timers:
    """Seconds and calls per wrapped name; nested calls of one name are counted once."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.depth: dict[str, int] = defaultdict(int)

    def wrap(self, name: str, func: Callable) -> Callable:
        @functools.wraps(func)
        def timed(*args, **kwargs):
            self.calls[name] += 1
            self.depth[name] += 1
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.depth[name] -= 1
                if self.depth[name] == 0:
                    self.seconds[name] += time.perf_counter() - start

        return timed


def instrument(timers: Timers, targets: list[tuple[object, str, str]]) -> list[tuple[object, str, object]]:
    """Wrap each (module or class, attribute, label) of TARGETS that exists in a timer; returns the undo list.

    A class attribute it inherits rather than defines is restored by deleting the wrapper.
    """
    undo = []
    for owner, attr, label in targets:
        current = getattr(owner, attr, None)
        if current is None:
            continue
        undo.append((owner, attr, owner.__dict__.get(attr)))
        setattr(owner, attr, timers.wrap(label, current))
    return undo


def restore(undo: list[tuple[object, str, object]]) -> None:
    """Put back what `instrument` wrapped."""
    for owner, attr, original in reversed(undo):
        if original is None:
            delattr(owner, attr)
        else:
            setattr(owner, attr, original)


def versions(*modules: str) -> str:
    """Short content hashes of the reconcile modules measured (the code changes under the benchmark)."""
    root = Path(__file__).parent.parent / "reconcile"
    parts = []
    for name in modules:
        path = root / f"{name.replace('.', '/')}.py"
        if path.is_file():
            parts.append(f"{name}.py {hashlib.sha1(path.read_bytes()).hexdigest()[:8]}")
    return "measured code: " + ", ".join(parts)


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
