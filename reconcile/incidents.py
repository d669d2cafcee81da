"""Group claims into incidents: one event at one place on one day, matched through blocks.

A claim is placed by its most specific gazetteer places and dated by its event date (else its
source's publication date). Claims are blocked by area (the region, or the country for claims
that span several regions) and only compared within a block, in date order, so matching grows
with the size of the blocks, not with the square of the corpus.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from rapidfuzz import fuzz, process

from .claimsfile import IncidentPin, Settings
from .gazetteer import Place, normalize, place_by_key, region_of, related, resolve_place
from .lexicons import vocabulary
from .models import Claim, Incident, Source
from .perf import fewer_collections, shared_fields


@dataclass(slots=True)  # one for every claim, all alive while matching: no dict each
class _Ref:
    """A claim as the matcher sees it."""

    claim: Claim
    day: date | None
    places: list[Place]
    area: str
    """Block key: a region key, a country key, 'name:...' for places not in the gazetteer, or ''."""
    wide: bool = False
    published: date | None = None
    """The publication date of the claim's article."""
    covers: frozenset[str] = frozenset()
    """For a claim over several regions: the region keys it covers."""

    @property
    def loose(self) -> bool:
        """Dated only by publication or an overnight span: it may belong to the day before."""
        return self.claim.date_basis in ("published", "overnight", "statement", "none")


@dataclass
class _Cluster:
    area: str
    first: date | None
    last: date | None
    refs: list[_Ref] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    loose: bool = False
    """The first claim was dated loosely, so the cluster may span the day before or after."""

    @property
    def sources(self) -> set[str]:
        return {r.claim.source for r in self.refs}


def slug(text: str) -> str:
    """TEXT as a lowercase ASCII id fragment."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "incident"


def place_keys(names: list[str]) -> list[str]:
    """Gazetteer keys of place NAMES; a name the gazetteer lacks keeps a 'name:' key."""
    keys = []
    for name in names:
        place = resolve_place(name)
        key = place.key if place else "name:" + slug(name)
        if key not in keys:
            keys.append(key)
    return keys


def _country_of(place: Place) -> str:
    return f"country:{place.country}" if place.country else place.key


def _site_towns(claims: list[Claim]) -> dict[str, Place]:
    """Named sites the data places nowhere ("Champlain Towers South"): the town the reports name
    with them most often, else a town some report names that opens the site's name ("Muan
    International Airport" and "Muan")."""
    counts: dict[str, Counter] = defaultdict(Counter)
    by_name: dict[str, Counter] = defaultdict(Counter)
    sites: dict[str, Place] = {}
    for claim in claims:
        places = [p for p in (place_by_key(k) for k in claim.place_keys if not k.startswith("name:")) if p]
        towns = [p.key for p in places if p.kind == "city"]
        for town in (p for p in places if p.kind == "city"):
            by_name[normalize(town.name)][town.key] += 1
        for site in (p for p in places if p.kind == "facility" and not p.parents):
            counts[site.key].update(towns)
            sites[site.key] = site
    out = {}
    for key, towns in counts.items():
        words = normalize(sites[key].name).split()
        opening = next((by_name[k] for k in (" ".join(words[:n]) for n in range(len(words) - 1, 0, -1))
                        if k in by_name), None)
        chosen = towns or opening
        if chosen:
            out[key] = place_by_key(chosen.most_common(1)[0][0])
    return out


def _reference(claim: Claim, source: Source | None, site_towns: dict[str, Place] | None = None) -> _Ref:
    # a claim the text puts in the past ("two days earlier", "since November") has no day of its
    # own, and is not given its article's: it must not join the article's incident by date
    background = claim.date_basis == "none" and claim.origin == "extracted"
    day = claim.event_date or (source.published if source and not background else None)
    places = [p for p in (place_by_key(k) for k in claim.place_keys if not k.startswith("name:")) if p]
    # a site placed nowhere lies in the town reports name with it
    places += [t for t in dict.fromkeys((site_towns or {}).get(p.key) for p in places) if t and t not in places]
    names = [k for k in claim.place_keys if k.startswith("name:")]
    specific = [p for p in places if p.kind != "country"]
    if specific:
        located = [p for p in specific if p.parents or p.kind != "facility"] or specific
        regions = {region_of(p).key for p in located}
        if len(regions) == 1:
            return _Ref(claim, day, specific, regions.pop())
        countries = {_country_of(p) for p in specific}
        return _Ref(claim, day, specific, sorted(countries)[0], wide=True, covers=frozenset(regions))
    if names:
        return _Ref(claim, day, [], names[0])
    if places:
        return _Ref(claim, day, places, _country_of(places[0]), wide=True)
    return _Ref(claim, day, [], "")


LATER_REPORT_DAYS = 7
"""How many days after an incident a report that gives only a toll, dated by its publication or
its statement, is taken for an update of that incident rather than a new event."""


FIRM_BASES = ("stated", "relative")
"""Date bases that give the event's own day (a date or weekday the text ties to the event)."""


def _days_apart(a: date | None, b: date | None) -> int | None:
    if a is None or b is None:
        return None if a is not b else 0
    return abs((a - b).days)


def _fine(places: list[Place]) -> list[Place]:
    return [p for p in places if p.kind in ("city", "facility")]


def _towns_of(cluster: _Cluster) -> list[Place]:
    """The towns and facilities of CLUSTER's claims, each once, in the order first named."""
    return list({p.key: p for r in cluster.refs for p in _fine(r.places)}.values())


def _places_compatible(ref: _Ref, others: list[Place], max_km: float) -> tuple[bool, str]:
    """Whether REF's places fit a cluster's towns and facilities OTHERS (each once, in the order
    first named): related by containment or distance, or too coarse to tell."""
    fine = _fine(ref.places)
    if not fine or not others:
        return True, "same area"
    for a in fine:
        for b in others:
            if related(a, b, max_km):
                return True, f"{a.name} ~ {b.name}"
    return False, ""


def _cluster_refs(refs: list[_Ref], settings: Settings) -> list[_Cluster]:
    """Greedy date-ordered clustering within each area block."""
    blocks: dict[str, list[_Ref]] = defaultdict(list)
    for ref in refs:
        blocks[ref.area].append(ref)
    clusters: list[_Cluster] = []
    window = settings.date_window_days
    for area, members in blocks.items():
        members.sort(key=lambda r: (r.day or date.min, r.claim.source, r.claim.start or 0))
        open_clusters: list[_Cluster] = []
        # each cluster's distinct towns and facilities, kept as claims join: a cluster may hold
        # thousands of claims naming the same few places
        fine_of: dict[int, dict[str, Place]] = {}
        # and each cluster's sources, kept likewise (`_Cluster.sources` walks all its claims)
        sources_of: dict[int, set[str]] = {}
        for ref in members:
            best = None
            for cluster in reversed(open_clusters):
                if ref.day is None and ref.claim.date_basis == "none" and \
                        ref.claim.source not in sources_of[id(cluster)]:
                    continue  # two articles' recollections of an undated past are no evidence of one event
                apart = _days_apart(ref.day, cluster.first)
                # a publication date is an upper bound: the event may be the day before, never after
                # (claims come in date order, so a loose claim can only be the later one here)
                allowed = window + (1 if ref.loose else 0)
                if apart is None or apart > allowed:
                    continue
                fits, why = _places_compatible(ref, list(fine_of.get(id(cluster), {}).values()),
                                               settings.place_distance_km)
                if fits:
                    best = cluster
                    cluster.evidence.append(
                        f"{ref.claim.id}: area {area}; {why}; {apart} day(s) from {cluster.first}")
                    break
            if best is None:
                best = _Cluster(area, ref.day, ref.day, loose=ref.loose)
                open_clusters.append(best)
                clusters.append(best)
            best.refs.append(ref)
            sources_of.setdefault(id(best), set()).add(ref.claim.source)
            known = fine_of.setdefault(id(best), {})
            for place in _fine(ref.places):
                known.setdefault(place.key, place)
            if ref.day and (best.last is None or ref.day > best.last):
                best.last = ref.day
            # Clusters that can no longer take a claim are closed, so each block stays small.
            if ref.day:
                open_clusters = [c for c in open_clusters if c.first is None or (ref.day - c.first).days <= window + 1]
    return clusters


def _merge_unresolved_names(refs: list[_Ref], score: float) -> None:
    """Spelling variants of places the gazetteer lacks share one area key."""
    names = sorted({r.area for r in refs if r.area.startswith("name:")})
    canonical: dict[str, str] = {}
    chosen: list[str] = []
    for name in names:
        match = process.extractOne(name, chosen, scorer=fuzz.ratio, score_cutoff=score) if chosen else None
        canonical[name] = match[0] if match else name
        if not match:
            chosen.append(name)
    for ref in refs:
        if ref.area in canonical:
            ref.area = canonical[ref.area]


def grid_cells(place: Place, size: float = 0.5) -> frozenset[tuple[int, int]]:
    """Block keys for a located place: its grid cell and the eight around it (cells of SIZE degrees)."""
    if place.lat is None or place.lon is None:
        return frozenset()
    row, col = int(place.lat // size), int(place.lon // size)
    return frozenset((row + dr, col + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1))


def _merge_neighbours(clusters: list[_Cluster], settings: Settings) -> list[_Cluster]:
    """Merge same-day clusters of neighbouring regions whose towns lie within the set distance
    (a town just across a regional border from a strike reported under the other region's name).

    Clusters are blocked by grid cell and day, so only near neighbours are ever compared.
    """
    blocks: dict[tuple[tuple[int, int], date | None], list[int]] = defaultdict(list)
    fine: list[list[Place]] = []
    for n, cluster in enumerate(clusters):
        places = [] if cluster.area.startswith("country:") else list({
            p.key: p for r in cluster.refs for p in r.places
            if p.kind in ("city", "facility") and p.lat is not None}.values())
        fine.append(places)
        for place in places:
            row, col = int(place.lat // 0.5), int(place.lon // 0.5)
            blocks[((row, col), cluster.first)].append(n)
    areas_near: dict[tuple[int, int], set[str]] = defaultdict(set)
    for (cell, _day), members in blocks.items():
        areas_near[cell].update(clusters[m].area for m in members)
    parent = list(range(len(clusters)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    window = settings.date_window_days
    for n, cluster in enumerate(clusters):
        for place in fine[n]:
            cells = grid_cells(place)
            # only where clusters of more than one region meet is there anything to merge
            if not any(areas_near.get(cell, set()) - {cluster.area} for cell in cells):
                continue
            for cell in cells:
                for day_shift in range(-(window + 1), window + 2):
                    day = cluster.first + timedelta(days=day_shift) if cluster.first else None
                    for m in blocks.get((cell, day), ()):
                        if m <= n or find(m) == find(n) or clusters[m].area == cluster.area:
                            continue
                        other = clusters[m]
                        apart = _days_apart(cluster.first, other.first)
                        # a loose (publication) date may stand for the day before, never after
                        later = other if (other.first or date.min) > (cluster.first or date.min) else cluster
                        if apart is None or apart > window + (1 if later.loose else 0):
                            continue
                        near = next(((a, b) for a in fine[n] for b in fine[m]
                                     if related(a, b, settings.place_distance_km)), None)
                        if near:
                            parent[find(m)] = find(n)
                            cluster.evidence.append(f"{other.area} joined: {near[1].name} lies within "
                                                    f"{settings.place_distance_km:g} km of {near[0].name}")
    merged: dict[int, _Cluster] = {}
    for n, cluster in enumerate(clusters):
        root = find(n)
        if root not in merged:
            merged[root] = clusters[root]
        if root != n:
            merged[root].refs.extend(cluster.refs)
            merged[root].evidence.extend(cluster.evidence)
    return list(merged.values())


def _event_of(cluster: _Cluster) -> str | None:
    """The lasting event most of a cluster's claims report, if any."""
    events = Counter(r.claim.event for r in cluster.refs if r.claim.event)
    return events.most_common(1)[0][0] if events else None


def _firm(cluster: _Cluster) -> bool:
    """Some claim of CLUSTER dates the event itself (not its statement or publication)."""
    return any(r.claim.date_basis in FIRM_BASES for r in cluster.refs)


def _recalled(cluster: _Cluster) -> bool:
    """Every claim of CLUSTER comes from an article published more than LATER_REPORT_DAYS after
    the cluster's day: an earlier event a later article recalls ("May 29, 2022: 22 dead" in a
    recap of past crashes), not one reported as it happened, so a later report that dates an
    event of its own (the crash of "Sunday") does not join it."""
    return cluster.first is not None and all(
        r.published is not None and (r.published - cluster.first).days > LATER_REPORT_DAYS for r in cluster.refs)


def _join_lasting_events(clusters: list[_Cluster], settings: Settings) -> list[_Cluster]:
    """Reports of a lasting event (a collapse, a storm) over the days and months after it struck
    join the incident of the day it struck: the earliest cluster of the same event in the same
    area whose places fit. A different event there (a demolition) keeps its own day.

    Clusters are compared only within an area block and with the same event kind.
    """
    from .extract.events import lasting_days, same_event

    blocks: dict[tuple[str, str], list[_Cluster]] = defaultdict(list)
    events: dict[int, str] = {}
    for cluster in clusters:
        event = _event_of(cluster)
        if event and cluster.area:
            events[id(cluster)] = event
            blocks[(cluster.area, event.split(":")[0])].append(cluster)
    gone: set[int] = set()
    for members in blocks.values():
        members.sort(key=lambda c: (c.first is None, c.first or date.min))
        struck: list[_Cluster] = []
        for cluster in members:
            event = events[id(cluster)]
            target = None
            if cluster.first is None and all(r.claim.date_basis == "none" for r in cluster.refs):
                continue  # the past an article recalls ("three days before"): no day to join by
            for first in struck:
                apart = (cluster.first - first.first).days if cluster.first and first.first else 0
                if same_event(events[id(first)], event) and 0 <= apart <= lasting_days(event) and \
                        not (_recalled(first) and _firm(cluster)) and \
                        _places_compatible(cluster.refs[0], _towns_of(first), settings.place_distance_km)[0]:
                    target = first
                    break
            if target is None:
                struck.append(cluster)
                continue
            target.refs.extend(cluster.refs)
            target.evidence.extend(f"{r.claim.id}: a later report of the {event.split(':')[0]} of "
                                   f"{target.first} ({cluster.first or 'undated'})" for r in cluster.refs)
            if cluster.last and (target.last is None or cluster.last > target.last):
                target.last = cluster.last
            gone.add(id(cluster))
    return [c for c in clusters if id(c) not in gone]


def _country_key(cluster: _Cluster) -> str | None:
    """The country of CLUSTER's area ("country:MA" for a region of Morocco), if known."""
    if cluster.area.startswith("country:"):
        return cluster.area
    place = place_by_key(cluster.area) if cluster.area and not cluster.area.startswith(("name:", "source:")) else None
    return _country_of(place) if place and place.country else None


def _absorb(target: _Cluster, cluster: _Cluster, why: str) -> None:
    """CLUSTER's claims join TARGET, with WHY as the evidence; TARGET's last day reaches CLUSTER's."""
    target.refs.extend(cluster.refs)
    target.evidence.append(why)
    if cluster.last and (target.last is None or cluster.last > target.last):
        target.last = cluster.last


def _join_wide_events(clusters: list[_Cluster], window: int) -> list[_Cluster]:
    """An earthquake, a storm or a flood strikes many regions of a country at once: the accounts of
    one such event across the country (its own figures, each region's) that begin within
    LATER_REPORT_DAYS of the first are one incident (a region's toll is often first told days
    on). An event of one place (a fire, a collapse) is not.

    Clusters are compared only within a (country, event kind) block.
    """
    from .extract.events import same_event, spans_regions

    blocks: dict[tuple[str, str], list[tuple[_Cluster, str]]] = defaultdict(list)
    for cluster in clusters:
        event = _event_of(cluster)
        country = _country_key(cluster) if event and cluster.first and spans_regions(event) else None
        if country:
            blocks[(country, event.split(":")[0])].append((cluster, event))
    gone: set[int] = set()
    for members in blocks.values():
        members.sort(key=lambda ce: ce[0].first)
        struck: list[tuple[_Cluster, str]] = []
        for cluster, event in members:
            target = next((first for first, named in struck if same_event(named, event) and
                           (cluster.first - first.first).days <= max(window, LATER_REPORT_DAYS)), None)
            if target is None:
                struck.append((cluster, event))
                continue
            _absorb(target, cluster, f"{cluster.area} joined: the {event.split(':')[0]} of {target.first} "
                                     f"strikes many regions at once")
            gone.add(id(cluster))
    return [c for c in clusters if id(c) not in gone]


def _only_later_tolls(cluster: _Cluster) -> bool:
    """Every claim of CLUSTER is a toll (deaths, injuries, missing) dated only by when it was
    published or said: "the death toll has risen to 137, authorities said on Sunday"."""
    actions = vocabulary().actions
    return all(r.claim.date_basis in ("published", "statement") and r.claim.action in actions and
               actions[r.claim.action].accumulates for r in cluster.refs)


def _ledes(members: list[_Cluster]) -> dict[str, int]:
    """For each article, the cluster (by id) of its first claim that dates the event itself: the
    event the article is about."""
    first: dict[str, _Ref] = {}
    owner: dict[int, int] = {}
    for cluster in members:
        for ref in cluster.refs:
            if ref.claim.date_basis in FIRM_BASES:
                owner[id(ref)] = id(cluster)
                known = first.get(ref.claim.source)
                if known is None or (ref.claim.start or 0) < (known.claim.start or 0):
                    first[ref.claim.source] = ref
    return {source: owner[id(ref)] for source, ref in first.items()}


def _same_story(later: _Cluster, earlier: _Cluster, ledes: dict[str, int]) -> bool:
    """An article of LATER opens on EARLIER's event, dated days before: its later figures report
    that event, not a new one there."""
    return any(ledes.get(source) == id(earlier) for source in later.sources)


def _join_later_reports(clusters: list[_Cluster], settings: Settings) -> list[_Cluster]:
    """A toll reported days after an incident, at its place, with no day of its own for the event,
    joins the latest earlier incident there within LATER_REPORT_DAYS whose places fit. A report
    that dates its event ("a second strike on Tuesday") keeps its own day.

    Clusters are compared only within an area block.
    """
    blocks: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in clusters:
        if cluster.area and cluster.first:
            blocks[cluster.area].append(cluster)
    gone: set[int] = set()
    for members in blocks.values():
        members.sort(key=lambda c: c.first)
        ledes = _ledes(members)
        for n, cluster in enumerate(members):
            tolls = _only_later_tolls(cluster)
            earlier = [e for e in members[:n] if id(e) not in gone and e.first < cluster.first and
                       (cluster.first - e.first).days <= LATER_REPORT_DAYS and
                       (tolls or _same_story(cluster, e, ledes)) and
                       all(_places_compatible(r, _towns_of(e), settings.place_distance_km)[0] for r in cluster.refs)]
            if not earlier:
                continue
            target = earlier[-1]
            target.refs.extend(cluster.refs)
            target.evidence.extend(f"{r.claim.id}: a later report ({cluster.first}) of the toll of {target.first}"
                                   for r in cluster.refs)
            if cluster.last and (target.last is None or cluster.last > target.last):
                target.last = cluster.last
            gone.add(id(cluster))
    return [c for c in clusters if id(c) not in gone]


def _join_unplaced_events(clusters: list[_Cluster]) -> list[_Cluster]:
    """An article that names no place but a lasting event ("the collapse", "Hurricane Maria")
    joins that event's incident, when exactly one placed incident of it is in reach."""
    from .extract.events import lasting_days, same_event

    placed = [(c, e) for c in clusters if not c.area.startswith("source:") and (e := _event_of(c))]
    gone: set[int] = set()
    for cluster in clusters:
        event = _event_of(cluster) if cluster.area.startswith("source:") else None
        if not event:
            continue
        # an undated incident (the past an article recalls, "the crash in Seoul years ago") has no
        # day to be in reach by, when this one has a day
        reach = [c for c, e in placed if same_event(e, event) and (
            cluster.first is None or (c.first is not None and 0 <= (cluster.first - c.first).days <= lasting_days(e)))]
        if len(reach) == 1:
            target = reach[0]
            target.refs.extend(cluster.refs)
            target.evidence.extend(f"{r.claim.id}: no place; the only incident of the {event.split(':')[0]} in reach"
                                   for r in cluster.refs)
            gone.add(id(cluster))
    return [c for c in clusters if id(c) not in gone]


def _join_country_accounts(clusters: list[_Cluster]) -> list[_Cluster]:
    """An account that names only the country of a one-place disaster ("a crush in northern India
    killed 30") joins the one incident of that kind the reports place in that country, when it
    begins no earlier and within the event's reach. Wide events (a storm, an earthquake) are left
    to `_join_wide_events`; the conflict pack names no event, so strikes never join this way."""
    from .extract.events import lasting_days, same_event, spans_regions

    placed: dict[str, list[tuple[_Cluster, str]]] = defaultdict(list)
    for cluster in clusters:
        event = _event_of(cluster)
        country = _country_key(cluster) if event and not cluster.area.startswith("country:") else None
        if country:
            placed[country].append((cluster, event))
    gone: set[int] = set()
    for cluster in clusters:
        event = _event_of(cluster) if cluster.area.startswith("country:") else None
        if not event or spans_regions(event) or cluster.first is None:
            continue
        reach = [c for c, e in placed.get(cluster.area, []) if same_event(e, event) and c.first is not None and
                 0 <= (cluster.first - c.first).days <= max(1, lasting_days(e))]
        if len(reach) == 1:
            _absorb(reach[0], cluster, f"{cluster.area} joined: the only {event.split(':')[0]} placed in that "
                                       f"country in reach")
            gone.add(id(cluster))
    return [c for c in clusters if id(c) not in gone]


NEAR_CHARS = 1000
"""How close in its article a regional account must be to a nationwide one to be part of it."""


def _near(anchors: list[Claim], other: _Cluster) -> bool:
    """Whether a claim of OTHER stands within NEAR_CHARS of one of ANCHORS in the same article."""
    return any(a.source == r.claim.source and abs((a.start or 0) - (r.claim.start or 0)) <= NEAR_CHARS
               for a in anchors for r in other.refs)


def _absorb_single_region(clusters: list[_Cluster]) -> list[_Cluster]:
    """A nationwide account and the one regional account a report gives of it nearby are one event.

    "Russia launched nearly 150 drones at Ukraine overnight ... 19 were injured in Kharkiv": the
    Kharkiv figure is part of the nationwide attack. Only a country-level account absorbs (a
    claim listing regions covers them instead), and only when exactly one regional account of
    that country and day stands near it in the same article.
    """
    by_country_day: dict[tuple[str, date | None], list[_Cluster]] = defaultdict(list)
    for cluster in clusters:
        if not cluster.area.startswith("country:"):
            country = next((_country_of(p) for p in cluster.refs[0].places), None)
            if country:
                by_country_day[(country, cluster.first)].append(cluster)
    merged_away: set[int] = set()
    for cluster in clusters:
        if not cluster.area.startswith("country:"):
            continue
        anchors = [r.claim for r in cluster.refs if not r.covers and all(p.kind == "country" for p in r.places)]
        if not anchors:
            continue

        regional = [c for c in by_country_day.get((cluster.area, cluster.first), []) if _near(anchors, c)]
        if len(regional) == 1 and regional[0].sources <= cluster.sources:
            other = regional[0]
            cluster.refs.extend(other.refs)
            cluster.evidence.append(f"{other.area} is the only regional account near this nationwide one")
            merged_away.add(id(other))
    return [c for c in clusters if id(c) not in merged_away]


def _attach_unplaced(refs: list[_Ref], clusters: list[_Cluster], window: int) -> list[_Cluster]:
    """Claims with no place join the nearest placed claim of their source and day, else their own."""
    owner: dict[str, _Cluster] = {r.claim.id: c for c in clusters for r in c.refs}
    placed_by_source: dict[str, list[_Ref]] = defaultdict(list)
    for cluster in clusters:
        for ref in cluster.refs:
            placed_by_source[ref.claim.source].append(ref)
    extra: dict[tuple[str, date | None], _Cluster] = {}
    for ref in refs:
        candidates = [r for r in placed_by_source.get(ref.claim.source, [])
                      if (_days_apart(r.day, ref.day) or 0) <= window]
        if candidates:
            near = min(candidates, key=lambda r: abs((r.claim.start or 0) - (ref.claim.start or 0)))
            cluster = owner[near.claim.id]
            cluster.refs.append(ref)
            cluster.evidence.append(f"{ref.claim.id}: no place; nearest placed claim {near.claim.id}")
            continue
        key = (ref.claim.source, ref.day)
        if key not in extra:
            extra[key] = _Cluster("source:" + ref.claim.source, ref.day, ref.day)
        extra[key].refs.append(ref)
    return clusters + list(extra.values())


def _apply_pins(clusters: list[_Cluster], pins: list[IncidentPin], hints: dict[str, list[str]]) -> list[_Cluster]:
    """Editors' [[incident]] merges and splits, and curated incident labels, override the matcher."""
    groups = [p.merge for p in pins if p.merge] + [ids for ids in hints.values() if len(ids) > 1]
    for ids in groups:
        owner = {r.claim.id: c for c in clusters for r in c.refs}
        targets = [owner[i] for i in ids if i in owner]
        if len(targets) < 2:
            continue
        keep = targets[0]
        for other in targets[1:]:
            if other is keep:
                continue
            moving = [r for r in other.refs if r.claim.id in ids]
            other.refs = [r for r in other.refs if r.claim.id not in ids]
            keep.refs.extend(moving)
            keep.evidence.extend(f"{r.claim.id}: merged by claims.toml" for r in moving)
    for pin in pins:
        for claim_id in pin.split[1:]:
            owner = {r.claim.id: c for c in clusters for r in c.refs}
            cluster = owner.get(claim_id)
            if cluster is None:
                continue
            ref = next(r for r in cluster.refs if r.claim.id == claim_id)
            if len(cluster.refs) > 1:
                cluster.refs.remove(ref)
                alone = _Cluster(cluster.area, ref.day, ref.day, [ref], [f"{claim_id}: split by claims.toml"])
                clusters.append(alone)
    return [c for c in clusters if c.refs]


def _covering(clusters: list[_Cluster], window: int) -> dict[int, list[str]]:
    """For each regional cluster, the multi-region claims of its day that name its region.

    "32 drones over Bryansk, Oryol, Kursk and Moscow regions" belongs to its own incident, and
    also covers the Bryansk incident of that day: its verdicts (foiled, hit) are compared there,
    its figure is not counted there. Regional clusters are looked up by (region, day).
    """
    out: dict[int, list[str]] = defaultdict(list)
    by_area_day: dict[tuple[str, date | None], list[_Cluster]] = defaultdict(list)
    for cluster in clusters:
        if cluster.area and not cluster.area.startswith(("country:", "name:", "source:")):
            by_area_day[(cluster.area, cluster.first)].append(cluster)
    for cluster in clusters:
        for ref in cluster.refs:
            if not ref.covers or ref.day is None:
                continue
            reach = window + (1 if ref.loose else 0)
            for area in ref.covers:
                for shift in range(-reach, window + 1):
                    for target in by_area_day.get((area, ref.day + timedelta(days=shift)), ()):
                        if target is not cluster:
                            out[id(target)].append(ref.claim.id)
    return out


def _label(cluster: _Cluster) -> tuple[str, list[str]]:
    names: list[str] = []
    for ref in cluster.refs:
        for place in ref.places:
            if place.name not in names:
                names.append(place.name)
        for name in ref.claim.places:
            if not ref.places and name not in names:
                names.append(name)
    return (names[0] if names else "unplaced"), names


@fewer_collections
def match_incidents(
    claims: list[Claim],
    sources: list[Source],
    settings: Settings | None = None,
    pins: list[IncidentPin] = (),
) -> tuple[list[Incident], list[Claim]]:
    """Group CLAIMS into incidents; returns the incidents and the claims with `incident` set.

    Args:
        claims: claims of every source, extracted and curated.
        sources: the loaded sources (their publication dates date undated claims).
        settings: the date window and place distance.
        pins: [[incident]] tables from claims.toml that force merges or splits.

    Example:
        >>> incidents, claims = match_incidents(claims, sources)
    """
    settings = settings or Settings()
    by_id = {s.id: s for s in sources}
    sites = _site_towns(claims)
    refs = [_reference(c, by_id.get(c.source), sites) for c in claims]
    for ref in refs:
        ref.published = by_id[ref.claim.source].published if ref.claim.source in by_id else None
    _merge_unresolved_names(refs, settings.place_score)
    placed = [r for r in refs if r.area]
    clusters = _cluster_refs(placed, settings)
    clusters = _merge_neighbours(clusters, settings)
    clusters = _join_lasting_events(clusters, settings)
    clusters = _join_wide_events(clusters, settings.date_window_days)
    clusters = _join_later_reports(clusters, settings)
    clusters = _absorb_single_region(clusters)
    clusters = _attach_unplaced([r for r in refs if not r.area], clusters, settings.date_window_days)
    clusters = _join_unplaced_events(clusters)
    clusters = _join_country_accounts(clusters)
    hints: dict[str, list[str]] = defaultdict(list)
    for claim in claims:
        if claim.incident_hint:
            hints[claim.incident_hint].append(claim.id)
    clusters = _apply_pins(clusters, list(pins), hints)

    covering = _covering(clusters, window=settings.date_window_days)
    incidents: list[Incident] = []
    assigned: dict[str, str] = {}
    used: set[str] = set()
    labels = {id(c): _label(c) for c in clusters}
    order = sorted(clusters, key=lambda c: (c.first or date.min, labels[id(c)][0], min(r.claim.id for r in c.refs)))
    for cluster in order:
        main, names = labels[id(cluster)]
        if cluster.area.startswith("country:") and any(r.wide for r in cluster.refs):
            # a claim over several regions: named after its country, its regions listed
            country = place_by_key(cluster.area)
            main = country.name if country else main
        day = min((r.day for r in cluster.refs if r.day), default=None)
        hint = next((r.claim.incident_hint for r in cluster.refs if r.claim.incident_hint), None)
        pin = next((p for p in pins if p.id and set(p.merge) & {r.claim.id for r in cluster.refs}), None)
        base = (pin.id if pin else None) or hint or f"{slug(main)}-{day.isoformat() if day else 'undated'}"
        incident_id, n = base, 2
        while incident_id in used:
            incident_id, n = f"{base}-{n}", n + 1
        used.add(incident_id)
        ordered = sorted(cluster.refs, key=lambda r: (r.claim.source, r.claim.start or 0, r.claim.id))
        actions = sorted({r.claim.action for r in ordered})
        label = (pin.label if pin and pin.label else None) or (
            f"{main}, {day.isoformat() if day else 'date unknown'}: {', '.join(actions)}")
        keys = sorted({p.key for r in cluster.refs for p in r.places})
        incidents.append(Incident(
            id=incident_id, label=label, date=day, places=names,
            sources=sorted({r.claim.source for r in ordered}),
            claims=[r.claim.id for r in ordered], place_keys=keys, evidence=cluster.evidence,
            covering=sorted(covering.get(id(cluster), [])),
        ))
        for ref in ordered:
            assigned[ref.claim.id] = incident_id
    # (a copy of every claim: their sets of field names shared, see `shared_fields`)
    updated = [shared_fields(c.model_copy(update={"incident": assigned.get(c.id)})) for c in claims]
    return incidents, updated
