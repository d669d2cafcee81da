"""The quantity parser on other projects' own English test cases, beside each project's own score.

The peers' test suites are not copied into this repository: their source distributions, which
ship the tests, are fetched at run time with `pip download --no-deps --no-binary :all:` into a
cache (benchmarks/out/peers, which git ignores), and the English cardinal, bound and range cases
are read from the test files there (with `ast` and `csv`, never by importing the tests).

    python -m benchmarks.bench_quantities             # the table
    python -m benchmarks.bench_quantities --misses    # also every case we get wrong
    python -m benchmarks.bench_quantities --no-peers  # our score only (does not install the peers)

A case is a text and what the peer's test expects of it: one number ("single"), or the numbers
a sentence holds, in order ("sentence"). Our answer is `parse_quantity` for a single number and
`find_quantities` for a sentence. The peer's own score runs the function its test calls, with the
peer installed into the cache (`pip install --target`); "n/a" when it cannot be installed.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import math
import re
import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reconcile.quantities import MAX_FIGURE, find_quantities, parse_quantity

CACHE = Path(__file__).parent / "out" / "peers"

# Pinned so that the cases do not move under the scores. text2num's later source distributions
# need a Rust toolchain to build even their metadata, which `pip download` does; 2.5.1 is pure Python.
PEERS = {"number-parser": "0.3.2", "text2num": "2.5.1", "quantulum3": "0.10.0"}

# The kinds of case the target counts: whole numbers, bounds and ranges.
COUNTED = ("cardinal", "range")


@dataclass(frozen=True)
class Case:
    peer: str
    where: str
    """The test file (and function) the case comes from."""
    call: str
    """The peer function the test calls: parse_number, parse, text2num, alpha2digit, quantulum."""
    kind: str
    """cardinal, range, decimal, ordinal, signed, fraction, formal (zero-padded), measure, too large."""
    text: str
    expected: tuple
    """The numbers expected, in order (one for a single number; empty: none)."""


# --- fetching -------------------------------------------------------------------------------


def fetch(name: str, version: str) -> Path:
    """The unpacked source distribution of NAME==VERSION, downloaded once into the cache."""
    CACHE.mkdir(parents=True, exist_ok=True)
    unpacked = CACHE / f"{name.replace('-', '_')}-{version}"
    if unpacked.is_dir():
        return unpacked
    done = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                           f"{name}=={version}", "-d", str(CACHE)], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench_quantities: pip could not download {name}=={version}:\n{done.stderr}")
    stem = f"{name}_{version}".replace("-", "_")
    archive = next(p for p in CACHE.iterdir()
                   if p.name.lower().replace("-", "_").startswith(stem) and p.name.endswith(".tar.gz"))
    with tarfile.open(archive) as tar:
        top = tar.getnames()[0].split("/")[0]
        tar.extractall(CACHE, filter="data")
    (CACHE / top).rename(unpacked)
    return unpacked


def install(name: str, version: str) -> Path | None:
    """A directory to put on sys.path with NAME installed, or None when it cannot be installed."""
    target = CACHE / f"site-{name}-{version}"
    if not target.is_dir():
        done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", str(target),
                               f"{name}=={version}"], capture_output=True)
        if done.returncode != 0:
            return None
    return target


# --- reading the peers' tests ---------------------------------------------------------------


def _kind(expected_text: str) -> str:
    """The kind of an expected output written in digits: what sort of number it holds."""
    if re.search(r"\d(?:st|nd|rd|th)\b", expected_text):
        return "ordinal"
    if re.search(r"(?<![\w])[+-]\d", expected_text):
        return "signed"
    if re.search(r"\d\.\d", expected_text):
        return "decimal"
    if re.search(r"(?<!\d)0\d", expected_text):
        return "formal"
    return "cardinal"


def _numbers(expected_text: str) -> tuple:
    return tuple(float(n) if "." in n else int(n) for n in re.findall(r"\d+(?:\.\d+)?", expected_text))


def _parametrized(tree: ast.Module) -> Iterator[tuple[str, dict]]:
    """(function name, row) for each row of each `pytest.mark.parametrize` list of constants."""
    for fn in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
        for deco in fn.decorator_list:
            if not (isinstance(deco, ast.Call) and getattr(deco.func, "attr", "") == "parametrize"):
                continue
            names = [n.strip() for n in ast.literal_eval(deco.args[0]).split(",")]
            for node in getattr(deco.args[1], "elts", []):
                try:
                    row = ast.literal_eval(node)
                except ValueError:  # a row computed by an expression ("1/3") is no written case
                    continue
                yield fn.name, dict(zip(names, row, strict=True))


def number_parser_cases(root: Path) -> Iterator[Case]:
    """number-parser: its English parametrized tests and its CSV tables of cardinals."""
    # the other test_language_*.py files are other languages
    for path in (root / "tests" / "test_language_en.py", root / "tests" / "test_number_parsing.py"):
        for fn, row in _parametrized(ast.parse(path.read_text(encoding="utf-8"))):
            if row.get("lang", "en") not in ("en", None) or "ordinal" in fn or "fraction" in fn:
                continue
            text, expected = row["test_input"], row["expected"]
            where = f"{path.name}::{fn}"
            if fn.startswith("test_parse_number"):
                yield Case("number-parser", where, "parse_number", "cardinal", text,
                           () if expected is None else (expected,))
            else:
                yield Case("number-parser", where, "parse", _kind(expected), text, _numbers(expected))
    for folder in ("hundreds", "permutations"):
        for path in sorted((root / "tests" / "data" / folder).glob("en_*.csv")):
            with path.open(encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    yield Case("number-parser", f"tests/data/{folder}/{path.name}", "parse_number", "cardinal",
                               row["text"], (int(row["number"]),))


def text2num_cases(root: Path) -> Iterator[Case]:
    """text2num: `assertEqual(text2num(...)/alpha2digit(...), expected)` in its English tests,
    with the strings the test assigns to names before the call; calls with options are left out."""
    path = root / "tests" / "test_text_to_num_en.py"
    for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(fn, ast.FunctionDef):
            continue
        names: dict[str, object] = {}
        # in the order written: a test reassigns `source` between its assertions
        for node in (n for stmt in fn.body for n in ast.walk(stmt)):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                try:
                    names[node.targets[0].id] = ast.literal_eval(node.value)
                except ValueError:
                    pass
            if not (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "assertEqual"):
                continue
            call, want = node.args
            if not isinstance(call, ast.Call) or call.keywords or getattr(call.func, "id", "") not in (
                    "text2num", "alpha2digit"):
                continue
            arg = call.args[0]
            text = names.get(arg.id) if isinstance(arg, ast.Name) else ast.literal_eval(arg)
            expected = names.get(want.id) if isinstance(want, ast.Name) else ast.literal_eval(want)
            where = f"{path.name}::{fn.name}"
            if call.func.id == "text2num":
                yield Case("text2num", where, "text2num", "cardinal", text, (expected,))
            else:
                yield Case("text2num", where, "alpha2digit", _kind(expected), text, _numbers(expected))


def quantulum_cases(root: Path) -> Iterator[Case]:
    """quantulum3: the sentences of its English quantities.json, with their unitless figures
    (a figure with a unit is a measure; a fraction or a power of ten is no count)."""
    path = root / "quantulum3" / "_lang" / "en_US" / "tests" / "quantities.json"
    for row in json.loads(path.read_text(encoding="utf-8")):
        res = row["res"]
        plain = [r for r in res if r["unit"] == "dimensionless"]
        if not plain:
            continue
        if any(re.search(r"[/×]|\b(?:sixth|thirds?|halves)\b", r["surface"]) for r in plain):
            kind = "fraction"
        elif any(r.get("uncertainty") for r in plain):
            kind = "range"
        elif any(not float(r["value"]).is_integer() for r in plain):
            kind = "decimal"
        else:
            kind = "cardinal" if len(plain) == len(res) else "measure"
        expected = tuple(_range(r) if r.get("uncertainty") else _whole(r["value"]) for r in plain)
        yield Case("quantulum3", path.name, "quantulum", kind, row["req"], expected)


def _whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _range(r: dict) -> tuple:
    return (_whole(r["value"] - r["uncertainty"]), _whole(r["value"] + r["uncertainty"]))


READERS: dict[str, Callable[[Path], Iterator[Case]]] = {
    "number-parser": number_parser_cases, "text2num": text2num_cases, "quantulum3": quantulum_cases}


# --- answers --------------------------------------------------------------------------------


def _value(interval) -> int | float | tuple:
    """A mention's interval as the peers write it: a number when exact, else (low, high)."""
    if interval.high is not None and interval.low == interval.high:
        return interval.low
    return (interval.low, interval.high)


def ours(case: Case) -> tuple:
    """What reconcile reads in the case's text, in the case's terms."""
    if case.call in ("parse_number", "text2num"):
        parsed = parse_quantity(case.text)
        return () if parsed is None else (_value(parsed),)
    values = tuple(_value(q.interval) for q in find_quantities(case.text))
    if case.call == "quantulum":
        # quantulum3's cases list only the unitless figures: ours that the case names, in order
        return tuple(v for v in values if any(same((v,), (e,)) for e in case.expected))
    return values


def theirs(case: Case) -> tuple | None:
    """What the peer itself gives for the case, or None when it is not installed."""
    try:
        if case.peer == "number-parser":
            import number_parser
            if case.call == "parse_number":
                got = number_parser.parse_number(case.text, "en")
                return () if got is None else (got,)
            return _numbers(number_parser.parse(case.text, "en"))
        if case.peer == "text2num":
            import text_to_num
            if case.call == "text2num":
                return (text_to_num.text2num(case.text, "en"),)
            return _numbers(text_to_num.alpha2digit(case.text, "en"))
        from quantulum3 import parser
        got = [q for q in parser.parse(case.text) if q.unit.name == "dimensionless"]
        return tuple((_whole(q.value - q.uncertainty), _whole(q.value + q.uncertainty)) if q.uncertainty
                     else _whole(q.value) for q in got)
    except ImportError:
        return None
    except Exception:  # a peer that raises on its own case got it wrong
        return ("error",)


def same(got: tuple, want: tuple) -> bool:
    if len(got) != len(want):
        return False
    for g, w in zip(got, want, strict=True):
        if isinstance(g, tuple) or isinstance(w, tuple):
            if not (isinstance(g, tuple) and isinstance(w, tuple) and same(g, w)):
                return False
        elif not (isinstance(g, (int, float)) and isinstance(w, (int, float)) and math.isclose(g, w)):
            return False
    return True


# --- report ---------------------------------------------------------------------------------


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for name, version in PEERS.items():
        cases.extend(READERS[name](fetch(name, version)))
    # figures past SQLite's largest integer are refused by design (`reconcile.quantities.MAX_FIGURE`)
    return [Case(c.peer, c.where, c.call, "too large", c.text, c.expected)
            if any(isinstance(e, int) and e > MAX_FIGURE for e in c.expected) else c for c in cases]


def score(cases: list[Case], peers: bool) -> list[dict]:
    rows = []
    for name, version in PEERS.items():
        mine = [c for c in cases if c.peer == name]
        site = install(name, version) if peers else None
        if site:
            sys.path.insert(0, str(site))
        for kinds, label in ((COUNTED, "cardinal + range"), (None, "all English")):
            chosen = [c for c in mine if kinds is None or c.kind in kinds]
            ours_right = sum(same(ours(c), c.expected) for c in chosen)
            their_right = sum(same(a, c.expected) for c in chosen if site and (a := theirs(c)) is not None)
            rows.append({"peer": f"{name} {version}", "cases": label, "n": len(chosen),
                         "reconcile": ours_right / len(chosen) if chosen else 0.0,
                         "peer itself": (their_right / len(chosen) if chosen else 0.0) if site else None})
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every counted case reconcile gets wrong")
    parser.add_argument("--no-peers", action="store_true", help="do not install the peers to score them")
    args = parser.parse_args(argv)
    cases = load_cases()
    rows = score(cases, peers=not args.no_peers)
    print(f"{'peer':<22} {'cases':<17} {'n':>4} {'reconcile':>10} {'peer itself':>12}")
    for r in rows:
        peer = "n/a" if r["peer itself"] is None else f"{r['peer itself']:.2f}"
        print(f"{r['peer']:<22} {r['cases']:<17} {r['n']:>4} {r['reconcile']:>10.2f} {peer:>12}")
    counted = [c for c in cases if c.kind in COUNTED]
    right = sum(same(ours(c), c.expected) for c in counted)
    print(f"\ncardinal and range cases of all peers: {right}/{len(counted)} = {right / len(counted):.2f} right")
    if args.misses:
        for c in counted:
            if not same(ours(c), c.expected):
                print(f"  {c.peer} {c.where}: {c.text!r} want {c.expected} got {ours(c)}")


if __name__ == "__main__":
    main()
