"""Matching at scale: load, match and reconcile synthetic corpora of 1k, 10k and 100k claims.

Per size, in a fresh interpreter (so peak memory is that size's own): seconds to load (read and
validate the JSON-lines into pydantic models, then resolve each claim's place names to gazetteer
keys as the pipeline does), to match (`match_incidents`) and to reconcile (`reconcile`); peak
resident memory; pairwise precision/recall/F1 against the known incidents; and the same for the
naive all-pairs matcher (benchmarks/naive.py) where it finishes in reasonable time.

    python -m benchmarks.bench_match                      # 1k, 10k, 100k; naive up to 10k
    python -m benchmarks.bench_match --sizes 1000 10000 --explain
    python -m benchmarks.bench_match --profile 100000     # cProfile of match + reconcile
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import load_note, machine, peak_rss_mb, stopwatch, table, versions
from benchmarks.evaluate import diagnose, pairwise, resolution_table
from benchmarks.generate_claims import ensure

OUT = Path(__file__).parent / "out"
SIZES = [1_000, 10_000, 100_000]
NAIVE_MAX = 10_000
"""The naive matcher makes n²/2 comparisons: about 25 s at 10k, some 40 minutes at 100k, so it stops here."""


# ---------------------------------------------------------------------------- one size


def load(folder: Path) -> tuple[list, list, dict, dict[str, float]]:
    """(sources, claims with place keys, truth, seconds per step) of the corpus in FOLDER."""
    from reconcile.incidents import place_keys
    from reconcile.models import Claim, Source

    with stopwatch() as read:
        with open(folder / "sources.jsonl", encoding="utf-8") as f:
            sources = [Source.model_validate_json(line) for line in f]
        with open(folder / "claims.jsonl", encoding="utf-8") as f:
            claims = [Claim.model_validate_json(line) for line in f]
    with stopwatch() as resolve:
        # as reconcile.pipeline does for curated claims: names -> gazetteer keys
        claims = [c.model_copy(update={"place_keys": place_keys(c.places)}) if c.places and not c.place_keys
                  else c for c in claims]
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return sources, claims, truth, {"read+validate": read.seconds, "place keys": resolve.seconds}


def warm_gazetteer() -> tuple[float, float]:
    """(seconds, RSS MB after): build the gazetteer and its variant index before anything is timed."""
    from reconcile.incidents import place_keys

    with stopwatch() as watch:
        place_keys(["Kharkov", "Kurst oblast", "Zaporizhzhya"])
    return watch.seconds, peak_rss_mb()


def match_and_reconcile(claims: list, sources: list, repeat: int) -> tuple[list, list, list, float, float]:
    """(incidents, matched claims, findings, best match s, best reconcile s) over REPEAT runs."""
    from reconcile.claimsfile import Settings
    from reconcile.findings import reconcile
    from reconcile.incidents import match_incidents

    match_s, reconcile_s = [], []
    for _ in range(repeat):
        incidents = matched = findings = None  # let the previous run's results go first
        with stopwatch() as match:
            incidents, matched = match_incidents(claims, sources, Settings())
        with stopwatch() as rec:
            findings, _ = reconcile(incidents, matched, sources)
        match_s.append(match.seconds)
        reconcile_s.append(rec.seconds)
    return incidents, matched, findings, min(match_s), min(reconcile_s)


def run_size(size: int, seed: int, naive: bool, explain: bool, repeat: int = 1) -> dict:
    """Every measurement of one corpus size, as a dict."""
    measured = versions("incidents", "findings", "places")
    gazetteer_s, base_mb = warm_gazetteer()
    folder = ensure(size, seed, OUT / f"claims-{size}")
    sources, claims, truth, steps = load(folder)
    loaded_mb = peak_rss_mb()
    incidents, matched, findings, match_s, reconcile_s = match_and_reconcile(claims, sources, repeat)
    peak = peak_rss_mb()
    predicted = [c.incident for c in matched]
    true = [truth["incident_of"][c.id] for c in claims]
    scores = pairwise(predicted, true)
    result = {
        "size": size, "versions": measured, "claims": len(claims), "sources": len(sources),
        "true incidents": len(set(true)), "found incidents": len(incidents), "findings": len(findings),
        "gazetteer s": gazetteer_s, "base MB": base_mb, "loaded MB": loaded_mb, "peak MB": peak,
        "load s": sum(steps.values()), "load steps": steps, "match s": match_s, "reconcile s": reconcile_s,
        "repeat": repeat, "precision": scores.precision, "recall": scores.recall, "f1": scores.f1,
        "resolution": resolution_table(claims, truth),
    }
    if explain:
        result["diagnosis"] = _explain(matched, predicted, truth)
    if naive:
        result.update(_run_naive(claims, sources, true))
    return result


def _run_naive(claims: list, sources: list, true: list) -> dict:
    from benchmarks.naive import naive_match

    with stopwatch() as watch:
        labels = naive_match(claims, sources)
    scores = pairwise(labels, true)
    return {"naive s": watch.seconds, "naive f1": scores.f1, "naive precision": scores.precision,
            "naive recall": scores.recall}


def _explain(claims: list, predicted: list, truth: dict) -> dict:
    """False merges by cause and false splits by noise, each with one example, as plain data."""
    found = diagnose(claims, predicted, truth)
    by_id = {c.id: c for c in claims}

    def show(claim_id: str) -> str:
        c = by_id[claim_id]
        return (f"{c.id} {c.source} places={c.places} keys={c.place_keys} "
                f"date={c.event_date} ({c.date_basis}) -> {c.incident}")

    def incident(incident_id: str) -> str:
        i = truth["incidents"][incident_id]
        members = [cid for cid, t in truth["incident_of"].items() if t == incident_id][:2]
        return f"{incident_id} {i['kind']} {i['place']} {i['day']}: " + "; ".join(show(m) for m in members)

    return {
        "false merges (pairs)": [[cause, n, incident(a), incident(b)]
                                 for cause, n in found.merges.most_common() for a, b in [found.merge_examples[cause]]],
        "false splits (claims)": [[f"{tag} / {how}", n, show(found.split_examples[(tag, how)])]
                                  for (tag, how), n in found.splits.most_common()],
    }


# ---------------------------------------------------------------------------- all sizes


def _child(size: int, args: argparse.Namespace) -> dict:
    """run_size in a fresh interpreter, for a clean peak-memory figure (the corpus made beforehand)."""
    root = Path(__file__).parent.parent
    subprocess.run([sys.executable, "-c", f"from benchmarks.generate_claims import ensure; from pathlib import Path; "
                    f"ensure({size}, {args.seed}, Path({str(OUT / f'claims-{size}')!r}))"], check=True, cwd=root)
    command = [sys.executable, "-m", "benchmarks.bench_match", "--one", str(size), "--seed", str(args.seed),
               "--repeat", str(args.repeat)]
    if size > args.naive_max:
        command.append("--no-naive")
    if args.explain:
        command.append("--explain")
    done = subprocess.run(command, capture_output=True, text=True, cwd=root)
    if done.returncode != 0:
        sys.exit(f"size {size} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def summary(results: list[dict]) -> str:
    """The results table and the goals, as Markdown."""
    rows = []
    for r in results:
        naive = "naive s" in r
        rows.append([
            r["claims"], r["true incidents"], r["found incidents"], r["load s"], r["match s"], r["reconcile s"],
            r["peak MB"], r["precision"], r["recall"], r["f1"],
            r["naive s"] if naive else "-", r["naive f1"] if naive else "-",
            r["naive s"] / r["match s"] if naive else "-",
        ])
    out = [table(["claims", "true inc.", "found inc.", "load s", "match s", "reconcile s", "peak MB",
                  "P", "R", "F1", "naive s", "naive F1", "speedup"], rows)]
    out.append("\nload = read+validate + place keys: " + "; ".join(
        f"{r['size']:,}: {r['load steps']['read+validate']:.2f} + {r['load steps']['place keys']:.2f} s"
        for r in results))
    out.append(f"gazetteer built before timing: {results[0]['gazetteer s']:.2f} s, "
               f"RSS {results[0]['base MB']:.0f} MB after it; match and reconcile: best of {results[0]['repeat']} runs")
    out.append("peak RSS after loading: " + "; ".join(f"{r['size']:,}: {r['loaded MB']:.0f} MB" for r in results))
    out.append("\n" + "\n".join(goals(results)))
    return "\n".join(out)


def goals(results: list[dict]) -> list[str]:
    """The issue's goals, each with its verdict."""
    by = {r["size"]: r for r in results}
    lines = []

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    def work(r: dict) -> float:
        return r["match s"] + r["reconcile s"]

    if 100_000 in by:
        r = by[100_000]
        lines.append(f"- 100k matched+reconciled in {work(r):.2f} s (goal <= 10 s): {verdict(work(r) <= 10)}")
        lines.append(f"- ... = {work(r) / r['load s']:.2f}x load {r['load s']:.2f} s (goal <= 3x): "
                     f"{verdict(work(r) <= 3 * r['load s'])}")
        if 10_000 in by:
            growth = work(r) / work(by[10_000])
            lines.append(f"- growth 10k -> 100k: {growth:.1f}x (goal <= 15x): {verdict(growth <= 15)}")
    if 10_000 in by and "naive s" in by[10_000]:
        r = by[10_000]
        speed = r["naive s"] / r["match s"]
        lines.append(f"- 10k: {speed:.0f}x faster than naive (goal >= 20x): {verdict(speed >= 20)}; "
                     f"F1 {r['f1']:.3f} vs naive {r['naive f1']:.3f}: {verdict(r['f1'] >= r['naive f1'])}")
    for r in results:
        lines.append(f"- F1 at {r['size']:,}: {r['f1']:.3f} (goal >= 0.95): {verdict(r['f1'] >= 0.95)}")
    return lines


def details(results: list[dict]) -> str:
    """Place resolution by spelling noise, and the diagnosis when --explain was given."""
    r = results[-1]
    out = [f"\nplace resolution at {r['size']:,} claims, by how the name was written:\n",
           table(["noise", "claims", "% right", "% unresolved", "% wrong"], r["resolution"])]
    for r in results:
        if "diagnosis" not in r:
            continue
        out.append(f"\n## Errors at {r['size']:,} claims\n")
        out.append(table(["false merge cause", "pairs", "example incident", "other incident"],
                         r["diagnosis"]["false merges (pairs)"][:12]))
        out.append("")
        out.append(table(["cut-off claims: noise / resolution", "claims", "example"],
                         r["diagnosis"]["false splits (claims)"][:12]))
    return "\n".join(out)


def profile(size: int, seed: int, top: int) -> None:
    """cProfile of match_incidents and reconcile at SIZE: top functions by cumulative and by own time.

    The garbage collector is off while profiling, so that its pauses are not charged to whichever
    function happened to allocate (benchmarks/phases.py measures what the collector costs).
    """
    from reconcile.claimsfile import Settings
    from reconcile.findings import reconcile
    from reconcile.incidents import match_incidents

    warm_gazetteer()
    sources, claims, _, _ = load(ensure(size, seed, OUT / f"claims-{size}"))
    incidents, matched = match_incidents(claims, sources, Settings())
    steps = [("match_incidents", lambda: match_incidents(claims, sources, Settings())),
             ("reconcile", lambda: reconcile(incidents, matched, sources))]
    for name, call in steps:
        gc.collect()
        gc.disable()
        profiler = cProfile.Profile()
        profiler.enable()
        call()
        profiler.disable()
        gc.enable()
        print(f"\n### {name} at {size:,} claims (gc off)\n")
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES, help="claims per corpus (default 1k 10k 100k)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--naive-max", type=int, default=NAIVE_MAX,
                        help=f"largest size to run the naive matcher on (default {NAIVE_MAX:,})")
    parser.add_argument("--explain", action="store_true", help="diagnose false merges and splits, with examples")
    parser.add_argument("--profile", type=int, metavar="SIZE", help="cProfile match and reconcile at SIZE")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of match + reconcile per size; the best is reported (default 3)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--no-naive", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_size(args.one, args.seed, not args.no_naive, args.explain, args.repeat), default=str))
        return
    if args.profile:
        profile(args.profile, args.seed, 30)
        return
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    results = []
    for size in args.sizes:
        print(f"running {size:,} claims ...", file=sys.stderr, flush=True)
        results.append(_child(size, args))
    print(f"# Matching at scale\n\n{machine()}\n{load_note(load_before)}")
    measured = sorted({r["versions"] for r in results})
    print("\n".join(measured) + ("  (the code changed during the run!)" if len(measured) > 1 else "") + "\n")
    print(summary(results))
    print(details(results))
    print(f"\n(whole run {time.perf_counter() - started:.0f} s, corpora generated and cached in {OUT})",
          file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
