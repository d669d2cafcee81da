"""Where match_incidents and reconcile spend their time, step by step, without a profiler's overhead.

Wraps the private steps of `reconcile.incidents` and `reconcile.findings` (whichever of the names
below exist) in timers for one run, and reports seconds and calls per step, with the rest of each
function as "(rest)". Then, without timers, the best of a few runs with the cyclic garbage
collector on, frozen after loading (`gc.freeze()`) and off, to show what the collector costs.

    python -m benchmarks.phases --size 100000
"""

from __future__ import annotations

import argparse
import gc
import time

from benchmarks.bench_match import OUT, load, match_and_reconcile, warm_gazetteer
from benchmarks.common import Timers, instrument, restore, table, versions
from benchmarks.generate_claims import ensure

MATCH_STEPS = ["_reference", "_merge_unresolved_names", "_cluster_refs", "_merge_neighbours", "_absorb_single_region",
               "_attach_unplaced", "_apply_pins", "_covering", "_label", "Incident"]
RECONCILE_STEPS = ["_Comparer.run", "_grade", "_summary", "Finding"]
COPY = "Claim/Incident.model_copy"
THRESHOLD = (100_000, 50, 100)
"""A collector that runs far less often than the default (700, 10, 10), for comparison."""


def _targets() -> list[tuple[object, str, str]]:
    """The steps to time: module functions, a method, and the models' copies."""
    from reconcile import findings, incidents
    from reconcile.models import Claim, Incident

    targets = [(incidents, name, name) for name in MATCH_STEPS]
    for name in RECONCILE_STEPS:
        owner, _, attr = name.rpartition(".")
        targets.append((getattr(findings, owner, None) if owner else findings, attr, name))
    return [t for t in targets if t[0] is not None] + [(Claim, "model_copy", COPY), (Incident, "model_copy", COPY)]


def run(size: int, seed: int) -> tuple[float, float, Timers]:
    """(match s, reconcile s, per-step timers) of one instrumented run at SIZE."""
    from reconcile.claimsfile import Settings
    from reconcile.findings import reconcile
    from reconcile.incidents import match_incidents

    sources, claims, _, _ = load(ensure(size, seed, OUT / f"claims-{size}"))
    timers = Timers()
    undo = instrument(timers, _targets())
    try:
        start = time.perf_counter()
        found, matched = match_incidents(claims, sources, Settings())
        match_s = time.perf_counter() - start
        match_copy, match_copies = timers.seconds[COPY], timers.calls[COPY]
        start = time.perf_counter()
        reconcile(found, matched, sources)
        reconcile_s = time.perf_counter() - start
    finally:
        restore(undo)
    timers.seconds["match copy"], timers.calls["match copy"] = match_copy, match_copies
    timers.seconds["reconcile copy"] = timers.seconds.pop(COPY) - match_copy
    timers.calls["reconcile copy"] = timers.calls.pop(COPY) - match_copies
    return match_s, reconcile_s, timers


def gc_effect(size: int, seed: int, repeat: int) -> list[list[object]]:
    """Rows (collector setting, best match s, best reconcile s) without instrumentation."""
    sources, claims, _, _ = load(ensure(size, seed, OUT / f"claims-{size}"))
    rows = []
    default = gc.get_threshold()
    for label in ("on (default)", "gc.freeze() after loading", f"gc.set_threshold{THRESHOLD}", "gc.disable()"):
        if label.startswith("gc.freeze"):
            gc.collect()
            gc.freeze()
        elif label.startswith("gc.set_threshold"):
            gc.set_threshold(*THRESHOLD)
        elif label.startswith("gc.disable"):
            gc.disable()
        *_, match_s, reconcile_s = match_and_reconcile(claims, sources, repeat)
        gc.enable()
        gc.unfreeze()
        gc.set_threshold(*default)
        rows.append([label, match_s, reconcile_s, match_s + reconcile_s])
    return rows


def report(size: int, seed: int, repeat: int) -> None:
    measured = versions("incidents", "findings")
    warm_gazetteer()
    match_s, reconcile_s, t = run(size, seed)
    rows = []
    for total, steps, copy in [(match_s, MATCH_STEPS, "match copy"), (reconcile_s, RECONCILE_STEPS, "reconcile copy")]:
        done = 0.0
        for name in [*steps, copy]:
            if name in t.seconds:
                rows.append([name, t.calls[name], t.seconds[name], 100 * t.seconds[name] / total])
                done += t.seconds[name]
        rows.append(["(rest)", "", total - done, 100 * (total - done) / total])
        rows.append(["= total", "", total, 100.0])
    print(f"# Steps of match_incidents and reconcile at {size:,} claims\n\n{measured}\n")
    print(table(["step", "calls", "s", "%"], rows))
    print(f"\nthe garbage collector's share (best of {repeat} runs each, no timers):\n")
    print(table(["collector", "match s", "reconcile s", "both s"], gc_effect(size, seed, repeat)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs per collector setting (default 3)")
    args = parser.parse_args(argv)
    report(args.size, args.seed, args.repeat)


if __name__ == "__main__":
    main()
