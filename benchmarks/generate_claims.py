"""Synthetic claim corpora with known incidents, for the matching benchmark (deterministic for a seed).

An incident is a real place from the gazetteer (a town, a facility or a region of Ukraine or
European Russia; or, for a nationwide tally, two to four regions of one country) on one day.
Several sources report it, each through a few claims with speakers and figures. The noise the
matcher must see through:

- spelling: GeoNames alternates ("Kharkov"), rule-made transliterations ("Chernigov", "Zaporizhzhya",
  "Ryazan'"), one-letter typos ("Kharkv"), upper case, a town given with its region, or only its region;
- dates: a claim dated by an overnight span or only by its article's publication the next day
  ("published" basis), one day after the event;
- decoys: the same place one, two or more days apart (another incident); where the gap is one day
  every claim of both states its date exactly, so the truth stays decidable;
- multi-region claims (nationwide tallies), unplaced claims, and round-up articles covering two incidents.

Incidents are scheduled so that the truth is decidable: two incidents within two days of each
other are more than 80 km apart (unless they are a same-place decoy pair), a region-level incident
or a region-only mention has its region to itself for those days, and one country has at most
one nationwide tally every two days.

Writes DIR/sources.jsonl and DIR/claims.jsonl (one pydantic model per line, `place_keys` left
empty for the loader to resolve, as the pipeline does for curated claims) and DIR/truth.json.

    python -m benchmarks.generate_claims -n 10000 --out benchmarks/out/claims-10000
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path

from reconcile.gazetteer import Place, distance_km, normalize, place_by_key
from reconcile.lexicons import speakers
from reconcile.models import Claim, Source

VERSION = 6
"""Bump when the corpus changes, so cached corpora are regenerated."""
FIRST_DAY = date(2022, 3, 1)
CLAIMS_PER_DAY = 50
"""Corpus density: the span in days is size / CLAIMS_PER_DAY (about 10 incidents a day)."""
MIN_KM = 80.0
"""Concurrent incidents are further apart than this (the matcher's place_distance_km is 50)."""
MAX_LON = 60.0
"""Places west of the Urals: Ukraine and European Russia."""
OUTLETS = [
    ("Dnipro Evening Courier", "ukraine-media"), ("Kyiv Morning Line", "ukraine-media"),
    ("Carpathian Ledger", "ukraine-media"), ("Volga Review", "russia-media"), ("Don River Gazette", "russia-media"),
    ("Ural Telegraph", "russia-media"), ("Steppe Telegraph", "independent-media"),
    ("Baltic Morning Post", "independent-media"), ("Northern Wire Service", "independent-media"),
    ("Black Sea Dispatch", "independent-media"), ("Danube Monitor", "independent-media"),
]
VAGUE = ["local media", "unnamed sources", "social media posts", "residents"]
DESIGNATORS = ["region", "region", "Oblast", "oblast", "province"]
FIGURES = [("downed", "drones"), ("downed", "missiles"), ("launched", "drones"), ("injured", "people"),
           ("killed", "people"), ("damaged", "homes"), ("damaged", "buildings"), ("evacuated", "people")]
# Rule-made transliterations between Ukrainian-, Russian- and older English-style spellings:
# (pattern, replacement), never touching the first letter except for E/Ye.
TRANSLIT = [
    (r"(?<!y)iv\b", "ov"), (r"yiv\b", "iev"), (r"(?<=[abd-jl-rt-y])h", "g"), (r"ivka\b", "ovka"),
    (r"(?<=\w)y(?=[^aeiou])", "i"),
    (r"(?<=\w)i(?=[aeou])", "y"), (r"ia\b", "iya"), (r"yi\b", "iy"), (r"(?<=\w)([nrl])\b", r"\1'"),
    (r"^Ye", "E"), (r"^E", "Ye"), (r"^H(?=[aeiouy])", "G"), (r"oye\b", "oe"), (r"(?<=\w)oe\b", "oye"), (r"yo", "e"),
]
TYPO_MIN = 7
"""Typos only in words this long: shorter names a letter apart are usually other places."""


# ---------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Pool:
    """The places incidents happen at, and the names they can be written as."""

    towns: list[Place]
    facilities: list[Place]
    regions: list[Place]
    weights: list[float]
    """Sampling weight of each town: the square root of its population."""
    alternates: dict[str, list[str]]
    """Place key -> GeoNames alternate spellings close to the main name (ASCII, folded)."""


def _region_of(place: Place) -> Place | None:
    for key in place.parents:
        parent = place_by_key(key)
        if parent is not None and parent.kind == "region":
            return parent
    return None


def _usable(place: Place) -> bool:
    region = _region_of(place) if place.kind != "region" else place
    return (place.country in ("UA", "RU") and place.lon is not None and place.lon < MAX_LON
            and region is not None and "(" not in region.name)


@cache
def pool(min_population: int = 50_000) -> Pool:
    """Towns of 50,000 or more (not districts of a bigger city), facilities and regions that their own
    name resolves to and that share their name with no other town; alternates that name no other town.

    The gazetteer has no public listing, so this reads its index (`reconcile.gazetteer.index.gazetteer`).
    """
    from rapidfuzz import fuzz

    from reconcile.gazetteer import resolve_place
    from reconcile.gazetteer.index import gazetteer

    g = gazetteer()
    places = [p for p in g.places.values() if _usable(p) and resolve_place(p.name) == p and _unique(p.name)]
    towns = [p for p in places if p.kind == "city" and g.population.get(p.key, 0) >= min_population]
    towns = [p for p in towns if not _district(p, towns, g.population)]
    facilities = [p for p in places if p.kind == "facility"]
    regions = [p for p in places if p.kind == "region"]
    wanted = {p.key: normalize(p.name) for p in towns + facilities}
    alternates: dict[str, list[str]] = defaultdict(list)
    for name, cands in g.exact.items():
        for _, key, src in cands:
            if src == "alt" and key in wanted and name.isascii() and fuzz.ratio(name, wanted[key]) >= 75 \
                    and _unique(name):
                alternates[key].append(name)
    weights = [math.sqrt(g.population.get(p.key, 0)) for p in towns]
    return Pool(towns, facilities, regions, weights, {k: sorted(v) for k, v in alternates.items()})


def _district(town: Place, towns: list[Place], population: dict[str, int]) -> bool:
    """Whether TOWN is a district or suburb of a bigger city (GeoNames lists Kyiv's raions as places)."""
    size = population.get(town.key, 0)
    return any(population.get(o.key, 0) > size and (distance_km(town, o) or 99.0) < 12 for o in towns)


def _unique(name: str) -> bool:
    """Whether NAME, as written, denotes at most one town (many villages share a name)."""
    from reconcile.gazetteer import place_candidates

    return sum(p.kind == "city" for p in place_candidates(name)) <= 1


def region_stem(region: Place) -> str | None:
    """"Belgorod Oblast" -> "Belgorod", "Krasnodar Krai" -> "Krasnodar"; None for republics and okrugs,
    which news names otherwise ("Chechnya", not "Chechen region")."""
    stem = re.sub(r" (?:Oblast|Krai)$", "", region.name)
    return stem if stem != region.name else None


# ---------------------------------------------------------------------------- spelling noise


def _main_length(name: str) -> int:
    return len(next((w for w in name.split(" ") if len(w) >= 5), name.split(" ")[0]))


def _main_word(name: str, change) -> str:
    """NAME with CHANGE applied to its first word of five letters or more ("Kryvyi" of "Kryvyi Rih")."""
    words = name.split(" ")
    i = next((k for k, w in enumerate(words) if len(w) >= 5), 0)
    words[i] = change(words[i])
    return " ".join(words)


def transliterate(rng: random.Random, name: str) -> str:
    """NAME through one or two transliteration rules that apply to it ("Chernihiv" -> "Chernigov")."""

    def change(word: str) -> str:
        rules = [(p, r) for p, r in TRANSLIT if re.search(p, word)]
        for pattern, repl in rng.sample(rules, min(len(rules), rng.choice([1, 1, 2]))):
            word = re.sub(pattern, repl, word, count=1)
        return word

    return _main_word(name, change)


def typo(rng: random.Random, name: str) -> str:
    """NAME with one slip in its main word, never in the first letter: a letter dropped,
    doubled, swapped with the next or a vowel changed ("Kharkiv" -> "Kharkv")."""
    return _main_word(name, lambda word: _slip(rng, word))


def _slip(rng: random.Random, w: str) -> str:
    k = rng.randrange(1, len(w) - 1)
    op = rng.choice(["drop", "double", "swap", "vowel"])
    if op == "drop":
        w = w[:k] + w[k + 1:]
    elif op == "double":
        w = w[:k] + w[k] + w[k:]
    elif op == "swap":
        w = w[:k] + w[k + 1] + w[k] + w[k + 2:]
    else:
        vowels = [j for j in range(1, len(w)) if w[j] in "aeiouy"]
        j = rng.choice(vowels) if vowels else k
        w = w[:j] + rng.choice([v for v in "aeiou" if v != w[j]]) + w[j + 1:]
    return w


def spell(rng: random.Random, place: Place, alternates: dict[str, list[str]]) -> tuple[str, str]:
    """(name as written, noise tag) for a town or facility."""
    roll = rng.random()
    alts = alternates.get(place.key)
    if roll < 0.50:
        return place.name, "canonical"
    if roll < 0.62 and alts:
        return rng.choice(alts).title(), "alternate"
    if roll < 0.95 and (roll < 0.80 or _main_length(place.name) < TYPO_MIN):
        name = transliterate(rng, place.name)
        return name, "translit" if name != place.name else "canonical"
    if roll < 0.95:
        return typo(rng, place.name), "typo"
    return place.name.upper(), "upper"


def spell_region(rng: random.Random, region: Place) -> tuple[str, str]:
    """(region as written, noise tag): "Belgorod region", "Kharkov oblast", "Kurst Oblast"."""
    roll = rng.random()
    stem = region_stem(region)
    if roll < 0.4 or stem is None:
        return region.name, "canonical"
    if roll < 0.75:
        return f"{stem} {rng.choice(DESIGNATORS)}", "designator"
    if roll < 0.9 or _main_length(stem) < TYPO_MIN:
        return f"{transliterate(rng, stem)} {rng.choice(DESIGNATORS)}", "translit"
    return f"{typo(rng, stem)} {rng.choice(DESIGNATORS)}", "typo"


# ---------------------------------------------------------------------------- incidents


@dataclass
class TrueIncident:
    """One real-world event: the truth a claim belongs to."""

    id: str
    kind: str
    """town | facility | region | nationwide"""
    day: date
    place: str
    """Gazetteer key: the town, facility or region; for a nationwide tally, the country."""
    regions: list[str]
    """Region keys: the place's region, or every region of a nationwide tally."""
    exact_dates: bool = False
    """No date jitter: a same-place incident lies a day away."""
    decoy_of: str | None = None
    gap: int | None = None
    region_alone: bool = False
    """No other incident shares the region within two days, so a region-only mention is unambiguous."""


class Schedule:
    """Incidents placed on the calendar so that the truth stays decidable (see the module docstring)."""

    def __init__(self) -> None:
        self.by_day: dict[date, list[TrueIncident]] = defaultdict(list)
        self.incidents: list[TrueIncident] = []

    def nearby(self, day: date, days: int = 2) -> list[TrueIncident]:
        return [i for d in range(-days, days + 1) for i in self.by_day.get(day + timedelta(days=d), [])]

    def fits(self, candidate: TrueIncident, allow: TrueIncident | None = None) -> bool:
        """Whether CANDIDATE can join without making two incidents indistinguishable."""
        here = place_by_key(candidate.place)
        for other in self.nearby(candidate.day):
            if other is allow:
                continue
            if candidate.kind == "nationwide" or other.kind == "nationwide":
                if candidate.kind == other.kind and candidate.place == other.place:
                    return False
                continue
            if set(candidate.regions) & set(other.regions) and "region" in (candidate.kind, other.kind):
                return False
            there = place_by_key(other.place)
            km = distance_km(here, there)
            if km is not None and km <= MIN_KM:
                return False
        return True

    def add(self, incident: TrueIncident) -> None:
        self.by_day[incident.day].append(incident)
        self.incidents.append(incident)

    def finish(self) -> None:
        """Mark which incidents have their region to themselves (region-only mentions allowed)."""
        for incident in self.incidents:
            others = [o for o in self.nearby(incident.day) if o is not incident and o.kind != "nationwide"]
            incident.region_alone = incident.kind != "nationwide" and not any(
                set(o.regions) & set(incident.regions) for o in others)


def _new_incident(rng: random.Random, places: Pool, n: int, day: date) -> TrueIncident:
    roll = rng.random()
    if roll < 0.08:
        country = rng.choice(["UA", "RU", "RU"])
        regions = [r for r in places.regions if r.country == country]
        chosen = rng.sample(regions, rng.randint(2, 4))
        return TrueIncident(f"i{n:06d}", "nationwide", day, f"country:{country}", [r.key for r in chosen])
    if roll < 0.18:
        region = rng.choice(places.regions)
        return TrueIncident(f"i{n:06d}", "region", day, region.key, [region.key])
    if roll < 0.24 and places.facilities:
        place = rng.choice(places.facilities)
    else:
        place = rng.choices(places.towns, weights=places.weights)[0]
    return TrueIncident(f"i{n:06d}", "facility" if place.kind == "facility" else "town", day, place.key,
                    [_region_of(place).key])


def schedule(rng: random.Random, places: Pool, count: int, span_days: int) -> Schedule:
    """COUNT incidents over SPAN_DAYS days; about a quarter have a same-place decoy 1-9 days on."""
    plan = Schedule()
    while len(plan.incidents) < count:
        day = FIRST_DAY + timedelta(days=rng.randrange(span_days))
        incident = _new_incident(rng, places, len(plan.incidents), day)
        if not plan.fits(incident):
            continue
        plan.add(incident)
        if rng.random() < 0.25 and incident.kind != "nationwide" and len(plan.incidents) < count:
            gap = rng.choice([1, 1, 2, 2, 3, 5, 9])
            decoy = TrueIncident(f"i{len(plan.incidents):06d}", incident.kind, day + timedelta(days=gap),
                             incident.place, incident.regions, exact_dates=gap == 1,
                             decoy_of=incident.id, gap=gap)
            if plan.fits(decoy, allow=incident):
                incident.exact_dates = incident.exact_dates or gap == 1
                plan.add(decoy)
    plan.finish()
    return plan


# ---------------------------------------------------------------------------- claims


@dataclass
class Corpus:
    """Sources and claims, with the true incident and spelling noise of every claim."""

    sources: list[Source] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    truth: dict[str, str] = field(default_factory=dict)
    """Claim id -> incident id."""
    noise: dict[str, str] = field(default_factory=dict)
    """Claim id -> how its place is written (canonical, typo, region-only, unplaced, ...)."""
    incidents: list[TrueIncident] = field(default_factory=list)


@dataclass
class _Draft:
    """A source being written: its claims' quotes become its text."""

    id: str
    outlet: str
    party: str
    published: date
    hour: int
    claims: list[dict] = field(default_factory=list)
    roundup: bool = False


@cache
def _speaker_pool() -> list[tuple[str, str | None]]:
    return [(s.name, s.party) for s in speakers().speaker if s.party]


def _names(rng: random.Random, incident: TrueIncident, places: Pool) -> tuple[list[str], str]:
    """The place names one claim gives, and its noise tag."""
    if incident.kind == "nationwide":
        keys = rng.sample(incident.regions, rng.randint(min(2, len(incident.regions)), len(incident.regions)))
        return [spell_region(rng, place_by_key(k))[0] for k in keys], "multi-region"
    place = place_by_key(incident.place)
    if incident.kind == "region":
        name, tag = spell_region(rng, place)
        return [name], "region:" + tag
    region = place_by_key(incident.regions[0])
    roll = rng.random()
    if roll < 0.08 and incident.region_alone:
        return [spell_region(rng, region)[0]], "region-only"
    name, tag = spell(rng, place, places.alternates)
    if roll < 0.18:
        return [name, spell_region(rng, region)[0]], tag + "+region"
    if roll < 0.23 and region_stem(region):
        return [f"{name}, {region_stem(region)} region"], tag + ",region"
    return [name], tag


def _dating(rng: random.Random, incident: TrueIncident, draft: _Draft) -> tuple[date, str]:
    """(event date, basis) of one claim: stated or relative dates are exact; an overnight span or
    only the publication date may fall on the next day."""
    late = draft.published > incident.day
    if incident.exact_dates:
        return incident.day, "relative" if late else "stated"
    basis = rng.choice(["stated", "stated", "relative", "overnight", "published"])
    if basis == "relative" and not late:
        basis = "stated"
    if basis in ("overnight", "published"):
        return draft.published, basis
    return incident.day, basis


def _figure(rng: random.Random, truth: dict[tuple[str, str], int], action: str, obj: str) -> tuple[int, int | None]:
    """(low, high) a speaker gives: mostly the true figure, sometimes another, sometimes "at least"."""
    value = truth.setdefault((action, obj), rng.randint(1, 40))
    roll = rng.random()
    if roll < 0.65:
        return value, value
    if roll < 0.85:
        other = max(0, value + rng.choice([-1, 1]) * rng.randint(2, 10))
        return other, other
    low = max(1, value - rng.randint(0, 5))
    return low, None


def _claim(rng: random.Random, incident: TrueIncident, draft: _Draft, places: Pool,
           figures: dict[tuple[str, str], int], unplaced: bool) -> tuple[dict, str]:
    names, tag = ([], "unplaced") if unplaced else _names(rng, incident, places)
    action, obj = rng.choice(FIGURES)
    low, high = _figure(rng, figures, action, obj)
    day, basis = _dating(rng, incident, draft)
    roll = rng.random()
    speaker, party = rng.choice(_speaker_pool()) if roll < 0.85 else (None, None)
    vague = 0.85 <= roll < 0.9
    said = speaker or (rng.choice(VAGUE) if vague else None)
    where = f" in {' and '.join(names)}" if names else ""
    amount = f"at least {low}" if high is None else str(low)
    quote = f"{amount} {obj} were {action.replace('_', ' ')}{where}" + (f", {said} said." if said else ".")
    quote = quote[0].upper() + quote[1:]
    return {
        "speaker": speaker, "party": party, "quote": quote, "action": action, "object": obj,
        "low": low, "high": high, "places": names, "event_date": day, "date_basis": basis,
        "hedge": "reportedly" if rng.random() < 0.05 else None, "speaker_text": said, "vague": vague,
    }, tag


class _Writer:
    """Turns scheduled incidents into sources and claims."""

    def __init__(self, rng: random.Random, places: Pool):
        self.rng = rng
        self.places = places
        self.drafts: list[_Draft] = []
        self.by_day: dict[date, list[tuple[_Draft, TrueIncident]]] = defaultdict(list)
        self.labels: list[tuple[dict, str, str]] = []
        """(claim fields, incident id, noise tag), in the order the claims are made."""

    def draft(self, incident: TrueIncident) -> _Draft:
        """A new source on INCIDENT, or now and then a round-up that already covers another incident."""
        rng = self.rng
        if incident.kind != "nationwide" and rng.random() < 0.12:
            # never one with an unplaced claim, which must stay nearest to its own incident's claims
            others = [(d, i) for d, i in self.by_day[incident.day]
                      if i.kind != "nationwide" and not set(i.regions) & set(incident.regions)
                      and all(c["places"] for c in d.claims)]
            if others:
                draft = rng.choice(others)[0]
                draft.roundup = True
                return draft
        late = not incident.exact_dates and rng.random() < 0.4
        outlet, party = rng.choice(OUTLETS)
        draft = _Draft(f"s{len(self.drafts):06d}", outlet, party, incident.day + timedelta(days=int(late)),
                       rng.randint(6, 23))
        self.drafts.append(draft)
        self.by_day[incident.day].append((draft, incident))
        return draft

    def write(self, incident: TrueIncident, count: int) -> None:
        """COUNT claims on INCIDENT, spread over one to four sources."""
        rng = self.rng
        drafts = [self.draft(incident) for _ in range(min(count, rng.randint(1, 4)))]
        figures: dict[tuple[str, str], int] = {}
        for k in range(count):
            draft = drafts[k % len(drafts)]
            unplaced = (bool(draft.claims) and not draft.roundup and incident.kind != "nationwide"
                        and rng.random() < 0.04)
            fields, tag = _claim(rng, incident, draft, self.places, figures, unplaced)
            draft.claims.append(fields)
            self.labels.append((fields, incident.id, tag))

    def corpus(self, incidents: list[TrueIncident]) -> Corpus:
        """The finished sources and claims, with claim ids and offsets into each source's text."""
        out = Corpus(incidents=incidents)
        for draft in self.drafts:
            text, offset = [], 0
            for fields in draft.claims:
                n = len(out.claims)
                fields["id"] = f"c{n:07d}"
                fields["start"], fields["end"] = offset, offset + len(fields["quote"])
                offset = fields["end"] + 1
                text.append(fields["quote"])
                out.claims.append(Claim(source=draft.id, **{k: v for k, v in fields.items() if v is not None}))
            out.sources.append(Source(
                id=draft.id, path=f"synthetic/{draft.id}.md", outlet=draft.outlet, party=draft.party,
                published=draft.published, published_at=datetime.combine(draft.published, time(draft.hour)),
                text=" ".join(text),
            ))
        for fields, incident_id, tag in self.labels:
            out.truth[fields["id"]] = incident_id
            out.noise[fields["id"]] = tag
        return out


def generate(n_claims: int, seed: int = 1) -> Corpus:
    """About N_CLAIMS claims (exactly, unless the last incident is cut short) with known incidents."""
    rng = random.Random(seed)
    places = pool()
    span = max(30, n_claims // CLAIMS_PER_DAY)
    sizes: list[int] = []
    while sum(sizes) < n_claims:
        sizes.append(min(rng.randint(1, 4) + rng.randint(0, 5), n_claims - sum(sizes)))
    plan = schedule(rng, places, len(sizes), span)
    writer = _Writer(rng, places)
    for incident, count in zip(sorted(plan.incidents, key=lambda i: (i.day, i.id)), sizes, strict=True):
        writer.write(incident, count)
    return writer.corpus(plan.incidents)


# ---------------------------------------------------------------------------- files


def save(corpus: Corpus, folder: Path, seed: int) -> None:
    """The corpus as DIR/sources.jsonl, DIR/claims.jsonl and DIR/truth.json."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "sources.jsonl", "w", encoding="utf-8") as f:
        f.writelines(s.model_dump_json(exclude_defaults=True) + "\n" for s in corpus.sources)
    with open(folder / "claims.jsonl", "w", encoding="utf-8") as f:
        f.writelines(c.model_dump_json(exclude_defaults=True) + "\n" for c in corpus.claims)
    truth = {
        "version": VERSION, "seed": seed, "claims": len(corpus.claims),
        "incident_of": corpus.truth, "noise": corpus.noise,
        "incidents": {i.id: {**asdict(i), "day": i.day.isoformat()} for i in corpus.incidents},
    }
    (folder / "truth.json").write_text(json.dumps(truth), encoding="utf-8")


def ensure(n_claims: int, seed: int, folder: Path) -> Path:
    """FOLDER holding the corpus of N_CLAIMS and SEED, generated unless already there."""
    meta = folder / "truth.json"
    if meta.is_file():
        head = json.loads(meta.read_text())
        if (head.get("version"), head.get("seed")) == (VERSION, seed) and head.get("claims") == n_claims:
            return folder
    save(generate(n_claims, seed), folder, seed)
    return folder


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="number of claims (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="folder to write (default benchmarks/out/claims-N)")
    args = parser.parse_args(argv)
    folder = args.out or Path(__file__).parent / "out" / f"claims-{args.n}"
    corpus = generate(args.n, args.seed)
    save(corpus, folder, args.seed)
    kinds: dict[str, int] = defaultdict(int)
    for incident in corpus.incidents:
        kinds[incident.kind] += 1
    print(f"{len(corpus.claims)} claims, {len(corpus.sources)} sources, {len(corpus.incidents)} incidents "
          f"({dict(kinds)}) -> {folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
