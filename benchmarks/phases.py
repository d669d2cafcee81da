"""Where match_incidents and reconcile spend their time, step by step, without a profiler's overhead.

Wraps the private steps of `reconcile.incidents` and `reconcile.findings` (whichever of the names
below exist) in timers for one run, and reports seconds and calls per step, the rest of each
function as "(rest)", and the same run again with the cyclic garbage collector frozen after loading
(`gc.freeze()`), to show how much the collector costs at that size.

    python -m benchmarks.phases --size 100000
"""

from __future__ import annotations

import argparse
import functools
import gc
import time
from collections import defaultdict
from collections.abc import Callable

from benchmarks.bench_match import OUT, load, warm_gazetteer
from benchmarks.common import table
from benchmarks.generate_claims import ensure

MATCH_STEPS = ["_reference", "_merge_unresolved_names", "_cluster_refs", "_absorb_single_region",
               "_attach_unplaced", "_apply_pins", "_covering", "_label", "Incident"]
RECONCILE_STEPS = ["_Comparer.run", "_grade", "_summary", "Finding"]
COPY = "Claim/Incident.model_copy"


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


def _patch(timers: Timers) -> list[tuple[object, str, object]]:
    """Wrap every step that exists; returns what to restore."""
    from reconcile import findings, incidents
    from reconcile.models import Claim, Incident

    undo = []

    def swap(owner: object, attr: str, name: str) -> None:
        original = owner.__dict__.get(attr) if isinstance(owner, type) else getattr(owner, attr, None)
        if original is None:
            return
        undo.append((owner, attr, original))
        setattr(owner, attr, timers.wrap(name, original))

    for name in MATCH_STEPS:
        swap(incidents, name, name)
    for name in RECONCILE_STEPS:
        if "." in name:
            cls, method = name.split(".")
            if hasattr(findings, cls):
                swap(getattr(findings, cls), method, name)
        else:
            swap(findings, name, name)
    for model in (Claim, Incident):
        undo.append((model, "model_copy", model.__dict__.get("model_copy")))
        model.model_copy = timers.wrap(COPY, model.model_copy)
    return undo


def _restore(undo: list[tuple[object, str, object]]) -> None:
    for owner, attr, original in reversed(undo):
        if original is None:
            delattr(owner, attr)
        else:
            setattr(owner, attr, original)


def run(size: int, seed: int, freeze: bool) -> tuple[float, float, Timers]:
    """(match s, reconcile s, per-step timers) of one run at SIZE."""
    from reconcile.claimsfile import Settings
    from reconcile.findings import reconcile
    from reconcile.incidents import match_incidents

    sources, claims, _, _ = load(ensure(size, seed, OUT / f"claims-{size}"))
    if freeze:
        gc.freeze()
    timers = Timers()
    undo = _patch(timers)
    try:
        start = time.perf_counter()
        found, matched = match_incidents(claims, sources, Settings())
        match_s = time.perf_counter() - start
        match_copy, match_copies = timers.seconds[COPY], timers.calls[COPY]
        start = time.perf_counter()
        reconcile(found, matched, sources)
        reconcile_s = time.perf_counter() - start
    finally:
        _restore(undo)
        gc.unfreeze()
    timers.seconds["match copy"], timers.calls["match copy"] = match_copy, match_copies
    timers.seconds["reconcile copy"] = timers.seconds.pop(COPY) - match_copy
    timers.calls["reconcile copy"] = timers.calls.pop(COPY) - match_copies
    return match_s, reconcile_s, timers


def report(size: int, seed: int) -> None:
    warm_gazetteer()
    match_s, reconcile_s, t = run(size, seed, freeze=False)
    rows = []
    for total, steps, copy in [(match_s, MATCH_STEPS, "match copy"), (reconcile_s, RECONCILE_STEPS, "reconcile copy")]:
        done = 0.0
        for name in [*steps, copy]:
            if name in t.seconds:
                rows.append([name, t.calls[name], t.seconds[name],
                             100 * t.seconds[name] / total])
                done += t.seconds[name]
        rows.append(["(rest)", "", total - done, 100 * (total - done) / total])
        rows.append(["= total", "", total, 100.0])
    print(f"# Steps of match_incidents and reconcile at {size:,} claims\n")
    print(table(["step", "calls", "s", "%"], rows))
    frozen_match, frozen_rec, _ = run(size, seed, freeze=True)
    print(f"\nwith gc.freeze() after loading: match {frozen_match:.2f} s (was {match_s:.2f}), "
          f"reconcile {frozen_rec:.2f} s (was {reconcile_s:.2f}); the timers add a little to both runs")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    report(args.size, args.seed)


if __name__ == "__main__":
    main()
