"""Place mentions in news style: how many the gazetteer resolves to the place meant (#19).

Reads ``benchmarks/data/places.toml`` (our own sentences, each with one mention and the place it
means), runs ``find_places`` on each text and counts a mention right when the place found there
is the one expected (same country, and a name GeoNames gives that place). Beside it, a plain
GeoNames lookup: the most populous cities500 town bearing the mention's words as a name or an
alternate name. Goal: >= 0.95 right overall.

    python -m benchmarks.bench_places
    python -m benchmarks.bench_places --wrong      # list the mentions each gets wrong
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import tomllib

from benchmarks.common import table
from reconcile.gazetteer import Place, find_places, normalize
from reconcile.gazetteer.geonames import cities_path

CASES = Path(__file__).parent / "data" / "places.toml"
GOAL = 0.95


@dataclass(frozen=True)
class Case:
    text: str
    mention: str
    name: str
    country: str
    admin1: str | None
    area: str

    @property
    def start(self) -> int:
        return self.text.index(self.mention)


@dataclass(frozen=True)
class Record:
    """What the check needs of a cities500 record."""

    geonameid: int
    names: frozenset[str]
    country: str
    admin1: str
    population: int


def load_cases(path: Path = CASES) -> list[Case]:
    rows = tomllib.loads(path.read_text("utf-8"))["case"]
    return [Case(r["text"], r["mention"], r["name"], r["country"], r.get("admin1"), r.get("area", "world"))
            for r in rows]


def load_records() -> dict[int, Record]:
    """Every cities500 record, parsed whole (a benchmark may spend the seconds this takes)."""
    raw = json.loads(cities_path().read_bytes())
    out = {}
    for r in raw.values():
        names = {r["name"], r.get("asciiname") or "", *(r.get("alternatenames") or ())}
        out[r["geonameid"]] = Record(r["geonameid"], frozenset(normalize(n) for n in names if n), r["countrycode"],
                                     r.get("admin1code") or "", r.get("population") or 0)
    return out


def record_right(case: Case, record: Record | None) -> bool:
    return record is not None and record.country == case.country and normalize(case.name) in record.names and \
        (case.admin1 is None or record.admin1 == case.admin1)


def place_right(case: Case, place: Place | None, records: dict[int, Record]) -> bool:
    if place is None:
        return False
    if place.key.startswith("geo:"):
        return record_right(case, records.get(int(place.key[4:])))
    return place.country == case.country and normalize(place.name) == normalize(case.name) and case.admin1 is None


def found(case: Case) -> Place | None:
    """The place ``find_places`` reads at the case's mention (a mention covering its first word)."""
    start = case.start
    for m in find_places(case.text):
        if m.start <= start < m.end:
            return m.place
    return None


def plain_lookup(records: dict[int, Record]) -> dict[str, Record]:
    """Name key -> the most populous record bearing it as a name or alternate name."""
    best: dict[str, Record] = {}
    for record in records.values():
        for key in record.names:
            if key not in best or record.population > best[key].population:
                best[key] = record
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wrong", action="store_true", help="list the mentions each method gets wrong")
    args = parser.parse_args(argv)
    cases = load_cases()
    records = load_records()
    plain = plain_lookup(records)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    wrong: list[str] = []
    for case in cases:
        place = found(case)
        ours = place_right(case, place, records)
        theirs = record_right(case, plain.get(normalize(case.mention)))
        for group in (case.area, "all"):
            tally[group][0] += 1
            tally[group][1] += ours
            tally[group][2] += theirs
        if args.wrong and not ours:
            got = f"{place.name} ({place.country}, {place.key})" if place else "nothing"
            wrong.append(f"gazetteer: {case.mention!r} -> {got}; expected {case.name} ({case.country})")
        if args.wrong and not theirs:
            wrong.append(f"plain lookup: {case.mention!r}; expected {case.name} ({case.country})")
    rows = [[group, str(n), f"{ok / n:.2f} ({ok})", f"{plain_ok / n:.2f} ({plain_ok})"]
            for group, (n, ok, plain_ok) in sorted(tally.items(), key=lambda kv: kv[0] != "all")]
    print(table(["mentions", "n", "gazetteer right", "plain GeoNames lookup right"], rows))
    for line in wrong:
        print(line)
    n, ok, _ = tally["all"]
    print(f"goal >= {GOAL:.2f}: {'met' if ok / n >= GOAL else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
