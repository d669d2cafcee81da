"""Scale and robustness: both cores, long text without sentence ends, concurrent writers, a big terminal report.

Four cases, each run through the real command line in fresh processes (so each peak memory is
that process's own), repeated, with the median reported:

- `--jobs 1` against `--jobs 2` for `reconcile report --format json` on generated articles, and
  whether the two outputs are byte-identical;
- one long article of shuffled words at several sizes, without punctuation and with it: seconds,
  seconds per MB against the articles above, and peak memory against 150 MB + 20 MB per MB;
- several `reconcile extract --write` at once on one claims.toml: every id once, comments kept;
- the terminal report of ~2,000 incidents (the 10k-claim corpus of bench_match), against Markdown.

    python -m benchmarks.bench_scale                       # about 6 minutes on 2 cores
    python -m benchmarks.bench_scale --quick               # about 2 minutes
    python -m benchmarks.bench_scale --long-sizes 0.66 2.6 10 50 --repeat 5
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import load_note, machine, table, versions
from benchmarks.generate_articles import generate, write

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

OUT = Path(__file__).parent / "out"
TIME_PER_MB = 2.0
"""Goal: a long article costs at most this many times the seconds per MB of ordinary articles."""
BASE_MB, MB_PER_MB = 150.0, 20.0
"""Goal: peak memory under BASE_MB + MB_PER_MB per MB of the largest article."""
SPEEDUP = 1.7
RENDER_S = 1.5


def _reconcile() -> list[str]:
    script = Path(sys.executable).with_name("reconcile")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reconcile"]


def _peak_of(args: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """(wall s, peak RSS MB, exit status, sha1 of stdout) of one command run as a child of this process."""
    env = {**os.environ, "CI": "1"}
    digest = hashlib.sha1()
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    for chunk in iter(lambda: proc.stdout.read(1 << 20), b""):
        digest.update(chunk)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / 1e3 if sys.platform != "darwin" else usage.ru_maxrss / 1e6
    return wall, peak, proc.returncode, digest.hexdigest()


def _articles(n: int, seed: int) -> tuple[Path, float]:
    """benchmarks/out/articles-N: N generated articles (cached), and their bodies' MB."""
    folder = OUT / f"articles-{n}-{seed}"
    sources = generate(n, seed)
    if not folder.is_dir() or len(list(folder.glob("*.md"))) != n:
        shutil.rmtree(folder, ignore_errors=True)
        write(sources, folder)
    return folder, sum(len(s.text.encode()) for s in sources) / 1e6


# ---------------------------------------------------------------------------- 1. jobs


def bench_jobs(n: int, repeat: int) -> dict:
    folder, mb = _articles(n, 7)
    runs: dict[int, list[tuple[float, float, str]]] = {1: [], 2: []}
    for _ in range(repeat):
        for jobs in (1, 2):  # interleaved, so that other load on the machine hits both alike
            wall, peak, code, digest = _peak_of([*_reconcile(), "report", str(folder), "--format", "json",
                                                 "--jobs", str(jobs)], OUT)
            if code != 0:
                sys.exit(f"report --jobs {jobs} failed with status {code}")
            runs[jobs].append((wall, peak, digest))
    one = statistics.median(w for w, _, _ in runs[1])
    two = statistics.median(w for w, _, _ in runs[2])
    identical = len({d for r in runs.values() for _, _, d in r}) == 1
    return {"articles": n, "mb": mb, "one": one, "two": two, "speedup": one / two, "identical": identical,
            "runs": runs, "peak one": max(p for _, p, _ in runs[1]), "peak two": max(p for _, p, _ in runs[2])}


# ---------------------------------------------------------------------------- 2. long articles


def _shuffled(mb: float, punctuated: bool, seed: int = 1) -> str:
    """About MB of words drawn at random from generated articles; without punctuation unless PUNCTUATED."""
    words = [w for s in generate(300, 3) for w in s.text.split()]
    if not punctuated:
        words = [w for w in (re.sub(r"[^\w'-]", "", w) for w in words) if w]
    rng = random.Random(seed)
    out, size = [], 0
    while size < mb * 1e6:
        word = rng.choice(words)
        out.append(word)
        size += len(word) + 1
    return " ".join(out) + "\n"


def bench_long(sizes: list[float], repeat: int) -> list[dict]:
    rows = []
    for punctuated in (False, True):
        for mb in sizes:
            folder = OUT / f"long-{'punct' if punctuated else 'bare'}-{mb:g}"
            path = folder / f"long-{mb:g}.md"
            if not path.is_file():
                folder.mkdir(parents=True, exist_ok=True)
                path.write_text(_shuffled(mb, punctuated), encoding="utf-8")
            size = path.stat().st_size / 1e6
            times, peaks = [], []
            for _ in range(repeat if mb <= 3 else 1):
                wall, peak, code, _ = _peak_of([*_reconcile(), "report", str(folder), "--format", "json",
                                                "--jobs", "1"], OUT)
                if code != 0:
                    sys.exit(f"report on {path} failed with status {code}")
                times.append(wall)
                peaks.append(peak)
            rows.append({"kind": "with punctuation" if punctuated else "no punctuation", "mb": size,
                         "seconds": statistics.median(times), "runs": len(times), "peak": max(peaks)})
    return rows


# ---------------------------------------------------------------------------- 3. writers


CLAIMS = """# Curator's notes: keep me.
[settings]
date_window_days = 0   # stay strict
"""


def bench_writers(writers: int, articles: int) -> dict:
    folder = OUT / f"writers-{articles}"
    shutil.rmtree(folder, ignore_errors=True)
    write(generate(articles, 5), folder / "sources")
    claims = folder / "claims.toml"
    claims.write_text(CLAIMS, encoding="utf-8")
    env = {**os.environ, "CI": "1"}
    started = time.perf_counter()
    procs = [subprocess.Popen([*_reconcile(), "extract", "--write", "--jobs", "1"], cwd=folder, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(writers)]
    results = [(p.wait(), p.stderr.read() if p.stderr else "") for p in procs]
    wall = time.perf_counter() - started
    text = claims.read_text(encoding="utf-8")
    ids = [c["id"] for c in tomllib.loads(text).get("claim", [])]
    appended = sorted(int(m.group(1)) for _, err in results for m in [re.search(r"appended (\d+)", err)] if m)
    return {"writers": writers, "articles": articles, "seconds": wall, "ok": all(c == 0 for c, _ in results),
            "claims": len(ids), "duplicates": len(ids) - len(set(ids)), "comments kept": text.startswith(CLAIMS),
            "appended": appended, "waited": sum("waiting for another writer" in err for _, err in results)}


# ---------------------------------------------------------------------------- 4. terminal report


_RENDER = """
import json, pickle, statistics, sys, time
from benchmarks.bench_match import OUT, load
from benchmarks.generate_claims import ensure
from reconcile.claimsfile import Settings
from reconcile.findings import reconcile
from reconcile.incidents import match_incidents
from reconcile.models import Report
from reconcile.render.markdown import MarkdownRenderer
from reconcile.render.terminal import TerminalRenderer

sources, claims, _, _ = load(ensure(10_000, 1, OUT / "claims-10000"))
incidents, claims = match_incidents(claims, sources, Settings())
findings, incidents = reconcile(incidents, claims, sources)
report = Report(sources=sources, claims=claims, incidents=incidents, findings=findings)
out = {"incidents": len(incidents), "findings": len(findings)}
for name, make in [("terminal", lambda: TerminalRenderer(color=False, width=120)),
                   ("terminal, colour", lambda: TerminalRenderer(color=True, width=120)),
                   ("markdown", lambda: MarkdownRenderer())]:
    walls, cpus = [], []
    for _ in range(int(sys.argv[1])):
        wall, cpu = time.perf_counter(), time.process_time()
        text = make().render(report)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    out[name] = [statistics.median(walls), statistics.median(cpus), len(text.splitlines())]
print(json.dumps(out))
"""


def bench_render(repeat: int) -> dict:
    import json

    done = subprocess.run([sys.executable, "-c", _RENDER, str(repeat)], cwd=Path(__file__).parent.parent,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------- report


def report(args: argparse.Namespace) -> str:
    load_before = os.getloadavg()[0]
    OUT.mkdir(exist_ok=True)
    jobs = bench_jobs(args.articles, args.repeat)
    long = bench_long(args.long_sizes, args.repeat) if args.long_sizes else []
    writers = bench_writers(args.writers, 40)
    render = bench_render(args.repeat + 2)
    per_mb = jobs["one"] / jobs["mb"]
    lines = [f"# Scale and robustness\n\n{machine()}\n{load_note(load_before)}\n"
             f"{versions('parallel', 'extract/text', 'extract/attribution', 'findings', 'render/terminal')}\n",
             f"Medians of {args.repeat} runs each unless said; wall-clock seconds of the whole command "
             "(start-up, loading, extraction, matching, findings and output); peak RSS of that process.\n",
             f"## `reconcile report --format json`, {jobs['articles']:,} generated articles "
             f"({jobs['mb']:.2f} MB)\n"]
    lines.append(table(["jobs", "wall s", "peak RSS MB", "speed-up", "runs (s)"], [
        [1, jobs["one"], jobs["peak one"], 1.0, ", ".join(f"{w:.1f}" for w, _, _ in jobs["runs"][1])],
        [2, jobs["two"], jobs["peak two"], jobs["speedup"], ", ".join(f"{w:.1f}" for w, _, _ in jobs["runs"][2])],
    ]))
    lines.append(f"\nJSON of every run byte-identical: {'yes' if jobs['identical'] else 'NO'}; "
                 f"speed-up {jobs['speedup']:.2f}x (goal >= {SPEEDUP}x): "
                 f"{'met' if jobs['speedup'] >= SPEEDUP and jobs['identical'] else 'MISSED'}. "
                 f"Peak RSS of --jobs 2 is the parent's alone (each worker has its own, about the same).\n")
    lines.append("## One long article of shuffled words, `report --format json --jobs 1`\n")
    rows = []
    for r in long:
        budget = BASE_MB + MB_PER_MB * r["mb"]
        ratio = (r["seconds"] / r["mb"]) / per_mb
        rows.append([r["kind"], r["mb"], r["seconds"], r["seconds"] / r["mb"], ratio, r["peak"], budget,
                     "met" if ratio <= TIME_PER_MB and r["peak"] <= budget else "MISSED", r["runs"]])
    lines.append(table(["text", "MB", "wall s", "s per MB", "x articles' s/MB", "peak RSS MB", "budget MB",
                        "goals", "runs"], rows))
    lines.append(f"\nArticles above: {per_mb:.2f} s per MB with --jobs 1. Goals: at most {TIME_PER_MB:g}x that, "
                 f"and peak memory under {BASE_MB:g} MB + {MB_PER_MB:g} MB per MB of the article.\n")
    lines.append(f"## {writers['writers']} `reconcile extract --write` at once, {writers['articles']} articles\n")
    lines.append(table(["writers", "wall s", "all exit 0", "claims in file", "duplicate ids", "comments kept",
                        "appended by each", "said they waited"], [[
                            writers["writers"], writers["seconds"], "yes" if writers["ok"] else "NO",
                            writers["claims"], writers["duplicates"], "yes" if writers["comments kept"] else "NO",
                            " / ".join(map(str, writers["appended"])), writers["waited"]]]))
    lines.append("")
    lines.append(f"## Rendering {render['incidents']:,} incidents ({render['findings']:,} findings), "
                 f"median of {args.repeat + 2}\n")
    lines.append(table(["renderer", "wall s", "CPU s", "lines"],
                       [[name, *render[name]] for name in ("terminal", "terminal, colour", "markdown")]))
    ok = render["terminal"][0] <= RENDER_S and render["terminal, colour"][0] <= RENDER_S
    lines.append(f"\nterminal report of {render['incidents']:,} incidents in <= {RENDER_S} s: "
                 f"{'met' if ok else 'MISSED'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 articles once, long articles of 0.66 MB")
    parser.add_argument("--articles", type=int, default=1200, help="generated articles for the jobs case")
    parser.add_argument("--long-sizes", type=float, nargs="*", default=[0.66, 2.6, 10.0], metavar="MB",
                        help="sizes of the long article (none: skip that case)")
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if args.quick:
        args.articles, args.long_sizes, args.repeat = 1000, [0.66], 1
    print(report(args))


if __name__ == "__main__":
    main()
