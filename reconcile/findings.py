"""Compare the claims of each incident: agreements, contradictions, revisions, unverified, unsourced.

Claims on the same (action, object) and scope are compared as intervals, origin by origin. An
origin is the speaker quoted (three outlets repeating one ministry are one origin); a claim in an
outlet's own voice is that outlet's origin, and is also reported as unsourced.

Precision comes first: a contradiction needs the same scope, action and object, the same time,
two distinct named origins, and both figures in their speaker's own unhedged voice. Anything
less stays visible (unverified, unsourced, the summary) but is never called a contradiction.
"""

from __future__ import annotations

import re
import statistics
import sys
from collections import defaultdict
from datetime import date, datetime, time, timezone
from functools import cache, lru_cache
from itertools import combinations

from .gazetteer import place_by_key
from .lexicons import asserting_hedge, implied_values, opposite_values, read_table, vocabulary
from .models import AsOf, Claim, Figure, Finding, FindingKind, Incident, Interval, Number, Source
from .perf import fewer_collections, shared_fields
from .scopes import ScopeKey, key_label, like_spots, same_spot, scope_key, scope_label


def _origin(claim: Claim, sources: dict[str, Source]) -> str:
    if claim.speaker and not claim.vague:
        return claim.speaker
    source = sources.get(claim.source)
    return f"{source.outlet if source else claim.source} (own voice)"


def _source_time(source: Source | None) -> datetime:
    """When a source was published, as a naive UTC datetime (midnight when only the day is known)."""
    if source and source.published_at:
        at = source.published_at
        if at.tzinfo is not None:  # compare instants, not wall clocks
            at = at.astimezone(timezone.utc)
        return at.replace(tzinfo=None)
    if source and source.published:
        return datetime.combine(source.published, time.min)
    return datetime.min


def _timed(claim: Claim, sources: dict[str, Source]) -> bool:
    source = sources.get(claim.source)
    return bool(source and source.published_at)


def counts_as_origin(claim: Claim, sources: dict[str, Source]) -> bool:
    """A named speaker, not vague, with its quote found in a loaded source: an origin that can
    corroborate or be the only one to say something."""
    return bool(claim.speaker) and not claim.vague and claim.start is not None and claim.source in sources


def can_contradict(claim: Claim, sources: dict[str, Source]) -> bool:
    """A named origin asserting the figure itself: not the outlet's voice, not vague, and not hedged
    beyond "X claimed" (which still says X asserted it)."""
    return counts_as_origin(claim, sources) and (not claim.hedge or asserting_hedge(claim.hedge))


def _same_time(a: Claim, b: Claim) -> bool:
    """Whether A and B may describe the same moment: days the text states must agree, the day of
    a statement among them ("had reported at 9:00 pm on January 16" is not the next day's count)."""
    if a.date_basis in _TEXT_DAYS and b.date_basis in _TEXT_DAYS and a.event_date and b.event_date and \
            "statement" in (a.date_basis, b.date_basis):
        return a.event_date == b.event_date
    if a.date_basis == "stated" and b.date_basis == "stated" and a.event_date and b.event_date:
        return a.event_date == b.event_date
    return True


_TEXT_DAYS = ("stated", "statement")
"""Date bases of a day the text itself gives (not publication, not a weekday's reckoning)."""


def _reported_together(a: Claim, b: Claim, sources: dict[str, Source]) -> bool:
    """Whether two tolls were given at one time: in one article, or in articles of the same day.
    A count that rises (deaths, injuries) is compared across days only as a revision: a lower
    figure in another day's report may simply be older or newer, not at odds."""
    if a.source == b.source:
        return True
    sa, sb = sources.get(a.source), sources.get(b.source)
    if sa is None or sb is None or sa.published is None or sb.published is None:
        return True  # undated: the stated days (`_same_time`) decide
    return sa.published == sb.published


def _loosened(iv: Interval) -> Interval:
    """An approximate figure read loosely: "about 25" [22.5, 27.5] as [20, 30], so it is not at odds
    with 28. The margin is at most a tenth of the figure, so a study's wide range stays itself. An
    open approximate figure ("dozens" [24, ∞)) reaches down to half its floor."""
    if not iv.approx:
        return iv
    if iv.high is None:
        # "dozens", "hundreds": news text uses them loosely, so "dozens" is not at odds with 18
        return Interval.model_construct(low=iv.low / 2, high=None, approx=True)
    middle, half = (iv.low + iv.high) / 2, (iv.high - iv.low) / 2
    margin = min(half, abs(middle) / 10)
    return Interval.model_construct(low=max(0, iv.low - margin), high=iv.high + margin, approx=True)


def _vague_figure(claim: Claim) -> bool:
    """A figure given by a vague word ("dozens", "hundreds", "several", "up to 25"): consistent
    with a count that falls in it, but no corroboration of it. (A study's stated range, "793 to
    8,498", is an estimate's interval, not a vague word.)"""
    iv = claim.interval
    return iv.approx and not claim.estimate and (iv.high is None or iv.high >= 2 * max(iv.low, 1))


def _close(a: Interval, b: Interval) -> bool:
    """Exact figures a tenth apart at most: 49 and 50, not 3 and 4, nor 18 and 24."""
    if a.high is None or b.high is None:
        return False
    return abs(a.low - b.low) <= max(a.high, b.high) / 10


_INDEFINITE = re.compile(r"^(?:a|an|one)\s", re.IGNORECASE)


@cache
def _plain_words() -> frozenset[str]:
    """Words of an unnamed speaker's description that name no body: "a senior official there"."""
    return frozenset(read_table("attribution")["one_person"]["plain_words"])


def _maybe_one_person(a: Claim, b: Claim) -> bool:
    """Whether the speakers of A and B, in one article, may be one person: an unnamed one ("a
    senior U.N. official there") beside a named one, or an office ("Health Minister of North
    Macedonia") beside the person the other quote gives that office ("Health Minister Arben
    Taravari said"). Two origins must be told apart before they can contradict each other."""
    if a.source != b.source or not a.speaker or not b.speaker:
        return False
    for one, other in ((a, b), (b, a)):
        if _INDEFINITE.match(one.speaker) and other.quote:
            # "a senior U.N. official there" beside "X, deputy chief of the U.N. mission": the same
            # body named in both; "a senior police officer" beside a minister is someone else
            named = {w for w in re.findall(r"[\w.]+", one.speaker.lower()) if w not in _plain_words()}
            if named & set(re.findall(r"[\w.]+", other.quote.lower())):
                return True
        office = one.speaker.split(" of ")[0].strip().lower()
        if len(office.split()) >= 2 and other.quote and \
                f"{office} {other.speaker.lower()}" in other.quote.lower():
            return True
    return False


@cache
def _recovery() -> re.Pattern:
    data = read_table("events")
    bodies = "|".join(re.escape(w) for w in data.get("found_dead", []))
    verbs = "|".join(re.escape(w) for w in sorted(data.get("recovery_verbs", []), key=len, reverse=True))
    return re.compile(rf"\b(?:{bodies})\b[^.;:]{{0,60}}?\b(?:{verbs})\b|\b(?:{verbs})\b[^.;:]{{0,30}}?\b(?:{bodies})\b",
                      re.IGNORECASE)


def _found_so_far(lower: Claim, higher: Claim) -> bool:
    """LOWER counts the bodies found so far ("had pulled the bodies of 20 people out of the
    rubble"): no more than the dead, so HIGHER's toll above it is no dispute."""
    return lower.action == "killed" and bool(lower.quote) and bool(_recovery().search(lower.quote))


def _guessed(claim: Claim) -> bool:
    """A figure the text hedges beyond "X claimed" or "could not verify": a forecast, a guess, hearsay."""
    return bool(claim.hedge) and not asserting_hedge(claim.hedge)


def _clearly_apart(a: Interval, b: Interval, tolerance: float = 0.0) -> bool:
    """Disjoint even when approximate figures ("about", "some", "several") are read loosely, and
    more than TOLERANCE apart."""
    a, b = _loosened(a), _loosened(b)
    if a.overlaps(b):
        return False
    lower, higher = sorted((a, b), key=lambda iv: iv.low)
    return lower.high is None or higher.low - lower.high > tolerance


_FROM = re.compile(r"\bfrom\s+(?:the\s+)?((?:[\w'’-]+\s*){1,3})", re.IGNORECASE)


@cache
def _reference_stopwords() -> frozenset[str]:
    return frozenset(w.lower() for w in read_table("scopes")["reference_stopwords"])


def _references(quote: str) -> set[str]:
    """What distances in QUOTE are measured from: "1,200 km from the Ukrainian border" -> {ukrainian, border}."""
    words = set()
    for m in _FROM.finditer(quote):
        words |= {w.lower().strip("'’") for w in m.group(1).split()} - _reference_stopwords()
    return words


def _same_reference(a: Claim, b: Claim) -> bool:
    """Distances compare only when measured from the same point (the border, not the capital)."""
    if a.action != "distance":
        return True
    ra, rb = _references(a.quote), _references(b.quote)
    return bool(ra & rb)


@cache
def _succession() -> re.Pattern:
    words = read_table("dates").get("succession", [])
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


@cache
def _precedence() -> re.Pattern:
    words = read_table("dates").get("precedence", [])
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


# A figure-dense passage of 1,000 characters quotes up to 8 claims, and the pairs of an
# incident's claims ask about the same quotes again and again: each is read once.
_QUOTES_REMEMBERED = 1 << 14


@lru_cache(maxsize=_QUOTES_REMEMBERED)
def _says_earlier(quote: str) -> bool:
    """The passage presents itself as the earlier news ("first reported", "earlier reports")."""
    return bool(_precedence().search(quote))


@lru_cache(maxsize=_QUOTES_REMEMBERED)
def _says_later(quote: str) -> bool:
    """The passage presents itself as an update ("later", "has risen to", "UPDATE")."""
    return bool(_succession().search(quote))


# "as of 07:35", "by 09:46 that morning", "at 9:00 pm": the moment a count was given
_CLOCK = re.compile(r"\b(?:as\s+(?:of|at)|by|at|until|up\s+to)\s+(\d{1,2})[:.](\d{2})\b\s*"
                    r"(a\.?\s?m\b\.?|p\.?\s?m\b\.?)?", re.IGNORECASE)


def _clock(claim: Claim) -> int | None:
    """The minute of the day CLAIM's sentence says its count was given at, if it says one."""
    return _clock_in(claim.quote or "")


@lru_cache(maxsize=_QUOTES_REMEMBERED)
def _clock_in(quote: str) -> int | None:
    found = _CLOCK.search(quote)
    if found is None:
        return None
    hour, minute = int(found.group(1)), int(found.group(2))
    if hour > 23 or minute > 59:
        return None
    meridiem = (found.group(3) or "").lower()
    if meridiem.startswith("p") and hour < 12:
        hour += 12
    elif meridiem.startswith("a") and hour == 12:
        hour = 0
    return hour * 60 + minute


def _clock_order(lower: Claim, higher: Claim) -> int:
    """+1 when HIGHER's count was given at a later hour of the same day than LOWER's, -1 when at
    an earlier one, 0 when the text does not say ("as of 07:35" 40 dead, "by 09:46" 41)."""
    if lower.event_date != higher.event_date:
        return 0
    a, b = _clock(lower), _clock(higher)
    if a is None or b is None or a == b:
        return 0
    return 1 if b > a else -1


def _as_of(claim: Claim, sources: dict[str, Source]) -> date | datetime | None:
    source = sources.get(claim.source)
    if source is None:
        return None
    return source.published_at or source.published


def _other_party(claim: Claim, others: list[Claim]) -> bool:
    """Whether some claim of OTHERS is of another party than CLAIM, or either party is unknown."""
    return claim.party is None or any(o.party is None or o.party != claim.party for o in others)


def _separate(parties: set[str | None], origins: list[str]) -> bool:
    """Whether ORIGINS of one party are independent of one another: two universities are, two
    offices of one government are not (see `separate` in vocabulary.toml)."""
    entry = vocabulary().parties.get(next(iter(parties)) or "") if len(parties) == 1 else None
    return bool(entry and entry.separate and len(origins) > 1)


def _side(party: str | None) -> str | None:
    entry = vocabulary().parties.get(party or "")
    return entry.side if entry else None


def _figure(iv: Interval) -> str:
    if iv.high is None:
        return f"{iv.low}+"
    if iv.low == iv.high:
        return f"{'~' if iv.approx else ''}{iv.low}"
    if iv.low == 0:
        return f"up to {iv.high}"
    return f"{iv.low}-{iv.high}"


def _what(action: str, obj: str | None) -> str:
    return f"{action.replace('_', ' ')} {obj}" if obj else action.replace("_", " ")


def _dedupe(claims: list[Claim], by_hedge: bool = False) -> list[Claim]:
    """A sentence repeated in one article (captions, pull quotes) is one claim; BY_HEDGE: a hedged
    figure and the same figure unhedged are two."""
    seen: set[tuple] = set()
    kept = []
    for claim in claims:
        key = (claim.source, claim.speaker, claim.action, claim.object, claim.low, claim.high,
               claim.value, claim.polarity, claim.hedge if by_hedge else None)
        if key in seen:
            continue
        seen.add(key)
        kept.append(claim)
    return kept


def _by_figure(item: tuple[tuple[str, str | None, ScopeKey], object]) -> tuple:
    """Sort key of a group of claims keyed (action, object, scope): a stable order for findings."""
    (action, obj, (kind, places)), _ = item
    return action, obj or "", kind, sorted(places)


MAX_ORIGINS = 32
"""Origins compared pair by pair on one figure of one incident. The evaluation articles have at
most 8; text that yields hundreds (word lists, scrambled text) would make findings by the square
of their number. Beyond this, the first origins to report (named ones before the rest) are compared."""


class _Comparer:
    """The findings of one incident."""

    def __init__(self, incident: Incident, claims: list[Claim], sources: dict[str, Source],
                 covering: list[Claim] = (), times: dict[str, datetime] | None = None):
        self.incident = incident
        self.claims = _dedupe(claims)
        # "35 have died" in the lede and "35 died in an alleged strike" below: the hedge still shows
        self.hedged = [c for c in _dedupe(claims, by_hedge=True) if c.hedge]
        self.covering = list(covering)
        self.sources = sources
        self.findings: list[Finding] = []
        self.crowded = 0
        """Figures with more than MAX_ORIGINS origins, compared among the first of them only."""
        self.times = {sid: _source_time(src) for sid, src in sources.items()} if times is None else times
        self.parties: dict[str, str | None] = {}
        for claim in self.claims:
            self.parties.setdefault(_origin(claim, sources), claim.party)

    def origin(self, claim: Claim) -> str:
        return _origin(claim, self.sources)

    def at(self, claim: Claim) -> tuple[datetime, date, int]:
        """When CLAIM was reported: its source's publication time, then the day the sentence says
        the statement was made ("Fedorov said on Wednesday"), then its place in the text."""
        stated = claim.event_date if claim.event_date and claim.date_basis in ("stated", "relative", "statement") \
            else date.min
        return self.times.get(claim.source, datetime.min), stated, claim.start or 0

    def position(self, side: list[Claim]) -> str:
        """A categorical position and who takes it: "not civilian (Ukrainian Armed Forces)"."""
        value = _value(side[0], side[0].value or "hit")
        return f"{value} ({', '.join(sorted({self.origin(c) for c in side}))})"

    def cite(self, claim: Claim) -> str:
        """Who, where and when: "Baza in Dnipro Daily Digest, 2025-07-01"."""
        source = self.sources.get(claim.source)
        when = _as_of(claim, self.sources)
        stamp = when.isoformat(sep=" ", timespec="minutes") if isinstance(when, datetime) else (
            when.isoformat() if when else "date unknown")
        return f"{self.origin(claim)} in {source.outlet if source else claim.source}, {stamp}"

    def add(self, kind: FindingKind, action, obj, claims: list[Claim], summary: str, **extra) -> None:
        # (one finding for each unverified claim of figure-dense text: see `shared_fields`)
        self.findings.append(shared_fields(Finding(
            kind=kind, incident=self.incident.id, action=action, object=obj,
            claims=[c.id for c in claims], summary=summary, **extra,
        )))

    def run(self) -> list[Finding]:
        groups: dict[tuple[str, str | None], list[Claim]] = defaultdict(list)
        scoped: dict[tuple[str, str | None, ScopeKey], list[Claim]] = defaultdict(list)
        for claim in self.claims:
            if claim.numeric:
                groups[(claim.action, claim.object)].append(claim)
                scoped[(claim.action, claim.object, scope_key(claim))].append(claim)
        for (action, obj, scope), claims in sorted(scoped.items(), key=_by_figure):
            self.compare_counts(action, obj, claims, scope)
        self.wholes_below_parts(scoped)
        self.compare_categories()
        self.flag_single_origins(groups)
        return self.findings

    # -- counts
    def wholes_below_parts(self, scoped: dict[tuple[str, str | None, ScopeKey], list[Claim]]) -> None:
        """One origin's whole bounded below another origin's part of it, at the same place and time:
        "no casualties" against "120 soldiers killed" (soldiers are people: objects' `part_of` in
        vocabulary.toml, compared only against a zero), "fewer than 100 casualties" against "210
        killed" (the dead are casualties too: actions' `counted_in`)."""
        objects, actions = vocabulary().objects, vocabulary().actions
        for (action, obj, scope), parts in sorted(scoped.items(), key=_by_figure):
            kind = objects.get(obj or "")
            wholes = [(action, kind.part_of, True)] if kind is not None and kind.part_of else []
            wholes += [(whole_action, obj, False) for whole_action in actions[action].counted_in]
            for whole_action, whole_obj, zero_only in wholes:
                for whole in scoped.get((whole_action, whole_obj, scope), []):
                    if zero_only and whole.high != 0:
                        continue
                    part = next((p for p in parts if self._exceeds(whole, p)), None)
                    if part is None:
                        continue
                    what, part_what = _what(whole_action, whole_obj), _what(action, obj)
                    self.add(
                        FindingKind.contradiction, action, obj, sorted((whole, part), key=self.at),
                        f"{what}: {self.origin(whole)} says {'none' if whole.high == 0 else _figure(whole.interval)}, "
                        f"{self.origin(part)} says {_figure(part.interval)} {part_what}",
                        reason=f"{_figure(whole.interval)} {what} cannot hold with {_figure(part.interval)} "
                               f"{part_what}, who are {what} too, within {key_label(scope)}: {self.cite(whole)}; "
                               f"{self.cite(part)}",
                    )

    def _exceeds(self, whole: Claim, part: Claim) -> bool:
        """Whether PART, from another origin, counts more than WHOLE allows, both asserted outright."""
        return whole.polarity == part.polarity == "affirm" and whole.high is not None and \
            part.low > whole.high and _clearly_apart(whole.interval, part.interval) and \
            self.origin(part) != self.origin(whole) and can_contradict(whole, self.sources) and \
            can_contradict(part, self.sources) and _same_time(whole, part) and \
            _reported_together(whole, part, self.sources) and like_spots(whole, part)

    def latest_by_origin(self, claims: list[Claim]) -> dict[str, Claim]:
        latest: dict[str, Claim] = {}
        for claim in sorted(claims, key=lambda c: self.at(c)):
            latest[self.origin(claim)] = claim
        return latest

    def compare_counts(self, action: str, obj: str | None, claims: list[Claim],
                       scope: ScopeKey = ("local", frozenset())) -> None:
        accumulates = vocabulary().actions[action].accumulates
        tolerance = vocabulary().actions[action].tolerance
        affirmed = [c for c in claims if c.polarity == "affirm"]
        rising: list[tuple[Claim, Claim]] = []
        # Each origin's own successive figures
        by_origin: dict[str, list[Claim]] = defaultdict(list)
        for claim in sorted(affirmed, key=lambda c: self.at(c)):
            by_origin[self.origin(claim)].append(claim)
        for chain in by_origin.values():
            for earlier, later in zip(chain, chain[1:], strict=False):
                # "at least 30", then 64 in a later report: the count went up, though both hold
                raised = accumulates and earlier.high is None and later.low > earlier.low and \
                    later.source != earlier.source
                if (earlier.interval.overlaps(later.interval) and not raised) or \
                        (earlier.source, earlier.start) == (later.source, later.start):
                    continue
                # one origin's figure going up is an update, and so is a lower figure in a later report
                # (a correction); within one article a lower figure is an update only when the text
                # says so ("revised down"), else it is a part ("one of them was hospitalised")
                if later.low > earlier.low or later.source != earlier.source or _says_later(later.quote):
                    rising.append((earlier, later))
        latest = self.latest_by_origin(affirmed)
        denials = [c for c in claims if c.polarity == "deny"]
        asserted = affirmed
        if len(latest) > MAX_ORIGINS or len(denials) * len(affirmed) > MAX_ORIGINS ** 2:
            self.crowded += 1
            first = sorted(latest.items(), key=lambda kv: (not counts_as_origin(kv[1], self.sources),
                                                           self.at(kv[1]), kv[0]))[:MAX_ORIGINS]
            latest = dict(first)
            asserted = list(latest.values())
            denials = sorted(denials, key=self.at)[:MAX_ORIGINS]
        agreeing: list[tuple[Claim, Claim]] = []
        disputed: set[frozenset[str]] = set()
        for (oa, a), (ob, b) in combinations(sorted(latest.items()), 2):
            if a.interval.overlaps(b.interval):
                # a forecast or a guess ("may climb to 20,000") confirms no count
                if counts_as_origin(a, self.sources) and counts_as_origin(b, self.sources) and \
                        not _vague_figure(a) and not _vague_figure(b) and not _guessed(a) and not _guessed(b):
                    agreeing.append((a, b))
                continue
            earlier, later = sorted((a, b), key=lambda c: self.at(c))
            lower, higher = sorted((a, b), key=lambda c: c.low)
            sure = can_contradict(a, self.sources) and can_contradict(b, self.sources) and _same_time(a, b) \
                and _clearly_apart(a.interval, b.interval, tolerance) and _same_reference(a, b) and like_spots(a, b) \
                and (not accumulates or a.estimate != b.estimate or _reported_together(a, b, self.sources))
            # one article setting two close tolls of allied bodies side by side ("the government
            # says 50", "the defence ministry gave 49") shows two moments of one count, not a dispute
            sure = sure and not (accumulates and a.source == b.source and a.party is not None and
                                 a.party == b.party and _close(a.interval, b.interval))
            # two origins told apart, each giving a count of its own
            sure = sure and not _maybe_one_person(a, b) and not _found_so_far(lower, higher)
            opposed = {_side(a.party), _side(b.party)} == {"russia", "ukraine"}
            # Reports dated to the day cannot be told apart: a rise among them reads as successive
            # updates. Two reports timed to the same instant that disagree contradict each other.
            at_higher, at_lower = self.at(higher), self.at(lower)
            if higher.source == lower.source:
                # one article: a statement dated later, or passages that tell a sequence ("police
                # later said", "Fedorov first spoke of", "has since risen")
                # (in an article that tells a sequence, the higher toll is the later one)
                clocked = _clock_order(lower, higher)
                succeeds = clocked > 0 if clocked else at_higher[1] > at_lower[1] or _says_earlier(lower.quote) or \
                    _says_later(higher.quote) or _says_later(lower.quote)
            elif _timed(higher, self.sources) and _timed(lower, self.sources):
                succeeds = at_higher[0] > at_lower[0]
            else:
                succeeds = at_higher[0] >= at_lower[0]
            # a study's estimate is not a later stage of an official count, nor a count of an estimate
            estimate_vs_count = a.estimate != b.estimate
            if accumulates and not opposed and succeeds and not estimate_vs_count:
                if same_spot(lower, higher):
                    rising.append((lower, higher))
            elif sure:
                disputed.add(frozenset((a.id, b.id)))
                self.add(
                    FindingKind.contradiction, action, obj, [earlier, later],
                    f"{_what(action, obj)}: {oa} says {_figure(a.interval)}, {ob} says {_figure(b.interval)}",
                    reason=f"disjoint intervals within {key_label(scope)}: "
                           f"[{a.low}, {a.high if a.high is not None else '∞'}] from "
                           f"{self.cite(a)}; [{b.low}, {b.high if b.high is not None else '∞'}] from {self.cite(b)}"
                           + ("; opposing parties" if opposed else "")
                           + ("; an estimate against a count" if estimate_vs_count else "")
                           + ("" if accumulates else "; a fixed quantity, not a toll that rises"),
                )
        chain = []
        for claim in sorted({c.id: c for pair in rising for c in pair}.values(),
                            key=lambda c: (self.at(c)[:2], not _says_earlier(c.quote), c.low)):
            # the same origin repeating its figure in a later report is one step, not two
            if chain and ((self.origin(claim), claim.low, claim.high) ==
                          (self.origin(chain[-1]), chain[-1].low, chain[-1].high)):
                continue
            # one pair of figures, one finding: two figures found at odds are no step of a revision
            # (3 against 4, then 6: the revision is 4 -> 6), the later stands for both
            if chain and frozenset((chain[-1].id, claim.id)) in disputed:
                chain[-1] = claim
                continue
            chain.append(claim)
        if len(chain) > 1:
            falls = chain[-1].low < chain[0].low
            steps = " → ".join(f"{_figure(c.interval)} ({self.origin(c)})" for c in chain)
            self.add(
                FindingKind.revision, action, obj, chain,
                # people still missing fall as they are accounted for
                f"{_what(action, obj)} {'fell' if falls else 'rose'} over successive reports: {steps}; "
                f"latest {_figure(chain[-1].interval)}",
                reason=f"later reports {'lower' if falls else 'raise'} an accumulating count; the latest supersedes: " +
                       "; ".join(f"{_figure(c.interval)} from {self.cite(c)}" for c in chain),
                as_of=[AsOf(claim=c.id, as_of=_as_of(c, self.sources), low=c.low, high=c.high) for c in chain],
            )
        if agreeing:
            for component in (group for chained in _components(agreeing) for group in _agreeing_groups(chained)):
                origins = sorted({self.origin(c) for c in component})
                parties = {self.parties.get(o) for o in origins}
                independent = None not in parties and (len(parties) > 1 or _separate(parties, origins))
                figures = ", ".join(f"{self.origin(c)}: {_figure(c.interval)}" for c in component)
                self.add(
                    FindingKind.agreement, action, obj, component,
                    f"{_what(action, obj)}: {len(origins)} origins agree ({figures})",
                    independent=independent,
                    reason=("origins of one party, each its own source: " if independent and len(parties) == 1
                            else "origins of different parties: " if independent else
                            "origins of one party, not independent: ") +
                           "; ".join(f"{self.cite(c)} ({self.parties.get(self.origin(c)) or 'party unknown'}): "
                                     f"{_figure(c.interval)}" for c in component),
                )
        self.estimates_against_counts_of_their_time(action, obj, affirmed, latest, scope)
        # Denials against assertions
        for denial in (c for c in denials if can_contradict(c, self.sources)):
            for claim in asserted:
                # the denial must deny what the claim asserts: "could not have killed 471" is no answer
                # to "hundreds were killed", which 471 merely fits
                if self.origin(claim) != self.origin(denial) and denial.interval.contains(claim.interval) and \
                        not _vague_figure(claim) and can_contradict(claim, self.sources) and _same_time(claim, denial):
                    self.add(FindingKind.contradiction, action, obj, [claim, denial],
                             f"{_what(action, obj)}: {self.origin(claim)} asserts {_figure(claim.interval)}, "
                             f"{self.origin(denial)} denies it",
                             reason=f"an assertion ({self.cite(claim)}) against a denial ({self.cite(denial)}) "
                                    f"within {key_label(scope)}")

    def estimates_against_counts_of_their_time(self, action: str, obj: str | None, affirmed: list[Claim],
                                               latest: dict[str, Claim], scope: ScopeKey) -> None:
        """An estimate contradicts the count another origin stood by when the estimate came out, even
        if that origin later revised it (an official 64 against a study's 793-8,498, before the
        official figure became 2,975). Counts still standing were compared above."""
        chains: dict[str, list[Claim]] = defaultdict(list)
        for claim in sorted(affirmed, key=self.at):
            chains[self.origin(claim)].append(claim)
        for estimate in (c for c in latest.values() if c.estimate and can_contradict(c, self.sources)):
            for origin, chain in sorted(chains.items()):
                # (reports of the estimate's day count as of its time, wherever they stand in an article)
                then = [c for c in chain if not c.estimate and self.at(c)[:2] <= self.at(estimate)[:2]]
                if origin == self.origin(estimate) or not then or then[-1] is latest[origin] or \
                        then[-1].interval.overlaps(estimate.interval):
                    continue
                count = then[-1]
                if not (can_contradict(count, self.sources) and _same_time(count, estimate)):
                    continue
                self.add(
                    FindingKind.contradiction, action, obj, [count, estimate],
                    f"{_what(action, obj)}: {origin} says {_figure(count.interval)}, "
                    f"{self.origin(estimate)} says {_figure(estimate.interval)}",
                    reason=f"disjoint intervals within {key_label(scope)}: "
                           f"[{count.low}, {count.high if count.high is not None else '∞'}] from "
                           f"{self.cite(count)}; [{estimate.low}, "
                           f"{estimate.high if estimate.high is not None else '∞'}] from {self.cite(estimate)}; "
                           f"an estimate against the count of its time (later revised)",
                )

    # -- categorical claims (outcome, target) and the outcomes counts imply
    def categorical(self) -> dict[str, list[tuple[Claim, str]]]:
        values: dict[str, list[tuple[Claim, str]]] = defaultdict(list)
        for claim in self.claims + self.covering:
            if claim.value is not None:
                values[claim.action].append((claim, claim.value))
            elif claim.action == "hit" and claim.low and claim.low >= 1 and claim.polarity == "affirm":
                values["outcome"].append((claim, "hit"))
        return values

    def compare_categories(self) -> None:
        """One contradiction per clash of camps: the positions that agree with each other
        ("foiled", "no damage") against those they clash with ("hit", "fire"), each side listing
        every claim that takes it, rather than one finding per pair of values or claims.

        A verdict on a wider scope (a multi-region night "foiled") speaks for every part of it,
        so covering claims take part; a clash among covering claims alone is reported where they live.
        """
        covering = {c.id for c in self.covering}
        for action, entries in sorted(self.categorical().items()):
            opposites = opposite_values(action)
            positions: dict[tuple[str, str], list[Claim]] = defaultdict(list)
            for claim, value in entries:
                if can_contradict(claim, self.sources):
                    positions[(value, claim.polarity)].append(claim)
            edges: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
            kinds: set[str] = set()
            for pa, pb in combinations(sorted(positions), 2):
                (va, pol_a), (vb, pol_b) = pa, pb
                clash = frozenset({va, vb}) in opposites and pol_a == pol_b == "affirm"
                # a denial of "civilian" meets an assertion of "residential", a kind of civilian target
                denial = pol_a != pol_b and bool(implied_values(action, va) & implied_values(action, vb))
                if clash or denial:
                    edges[pa].add(pb)
                    edges[pb].add(pa)
                    kinds.add("opposite values" if clash else "an assertion against a denial")
            for camp_a, camp_b in _camps(edges):
                ca = [c for p in camp_a for c in positions[p]]
                cb = [c for p in camp_b for c in positions[p]]
                origins_a, origins_b = {self.origin(c) for c in ca}, {self.origin(c) for c in cb}
                # (a claim takes part when the other side has an origin besides its own, of another
                # party: one government's offices taking both positions is more likely a misreading
                # of one of them than a dispute)
                side_a = [c for c in ca if (len(origins_b) > 1 or self.origin(c) not in origins_b)
                          and _other_party(c, cb)]
                side_b = [c for c in cb if (len(origins_a) > 1 or self.origin(c) not in origins_a)
                          and _other_party(c, ca)]
                if not side_a or not side_b or all(c.id in covering for c in side_a + side_b):
                    continue
                first, second = sorted((side_a, side_b), key=lambda side: min(self.at(c) for c in side))
                claims = sorted(first, key=self.at) + sorted(second, key=self.at)
                self.add(
                    FindingKind.contradiction, action, None, claims,
                    f"{action}: {self.positions(first)} against {self.positions(second)}",
                    reason=" and ".join(sorted(kinds)) + " about this incident: " +
                           "; ".join(dict.fromkeys(f"{_value(c, c.value or 'hit')} from {self.cite(c)}"
                                                   for c in claims)),
                )

    def positions(self, side: list[Claim]) -> str:
        """Each categorical position of SIDE with who takes it: "foiled (MoD); no_damage (Shapsha)"."""
        by_value: dict[str, list[Claim]] = defaultdict(list)
        for claim in side:
            by_value[_value(claim, claim.value or "hit")].append(claim)
        return "; ".join(self.position(claims) for claims in by_value.values())

    # -- single origins and hedges
    def flag_single_origins(self, groups: dict[tuple[str, str | None], list[Claim]]) -> None:
        for claim in self.hedged:
            if claim.hedge:
                self.add(FindingKind.unverified, claim.action, claim.object, [claim],
                         f"{_describe(claim)}: the text hedges it ('{claim.hedge}')", reason=f"hedge: {claim.hedge}")
        categorical: dict[tuple[str, str | None], list[Claim]] = defaultdict(list)
        for claim in self.claims:
            if claim.value is not None:
                categorical[(claim.action, None)].append(claim)
        for (action, obj), claims in sorted([*groups.items(), *categorical.items()],
                                            key=lambda kv: (kv[0][0], kv[0][1] or "")):
            sourced = [c for c in claims if counts_as_origin(c, self.sources) and not c.hedge]
            origins = {self.origin(c) for c in sourced}
            others = {self.origin(c) for c in claims if counts_as_origin(c, self.sources)} - origins
            if len(origins) == 1 and not others:
                what = "gives a figure" if obj is not None or action not in ("outcome", "target") else "says so"
                self.add(FindingKind.unverified, action, obj, sourced,
                         f"{_what(action, obj)}: only {origins.pop()} {what}", reason="a single origin")


def _value(claim: Claim, value: str) -> str:
    return f"not {value}" if claim.polarity == "deny" else value


def _describe(claim: Claim) -> str:
    if claim.interval:
        return f"{_what(claim.action, claim.object)} {_figure(claim.interval)}"
    return f"{claim.action} {claim.value or ''}".strip()


def _camps(edges: dict) -> list[tuple[list, list]]:
    """The two camps of each connected group of clashing positions (a two-colouring); a group
    that cannot be split in two (three values each clashing with the others) gives one pair of
    camps per clashing pair instead."""
    colour: dict = {}
    out = []
    for start in sorted(edges):
        if start in colour:
            continue
        colour[start] = 0
        group, queue, split = [start], [start], True
        while queue:
            node = queue.pop()
            for other in sorted(edges[node]):
                if other not in colour:
                    colour[other] = 1 - colour[node]
                    group.append(other)
                    queue.append(other)
                elif colour[other] == colour[node]:
                    split = False
        if split:
            out.append((sorted(p for p in group if colour[p] == 0), sorted(p for p in group if colour[p] == 1)))
        else:
            out.extend(([a], [b]) for a in sorted(group) for b in sorted(edges[a]) if a < b)
    return out


def _agreeing_groups(component: list[Claim]) -> list[list[Claim]]:
    """COMPONENT (figures chained by overlaps) as the largest groups whose figures all overlap.

    "At least 3,958" overlaps both 11,000 and about 6,000, which are at odds: the three do not
    agree, but 3,958+ agrees with each. Figures overlap pairwise when they share a point, and the
    points worth trying are the floors."""
    groups: list[list[Claim]] = []
    for point in sorted({c.low for c in component}):
        group = [c for c in component if c.low <= point and (c.high is None or point <= c.high)]
        ids = {c.id for c in group}
        if len(group) < 2 or any(ids <= {c.id for c in other} for other in groups):
            continue
        groups = [other for other in groups if not {c.id for c in other} <= ids] + [group]
    return groups


def _components(edges: list[tuple[Claim, Claim]]) -> list[list[Claim]]:
    parent: dict[str, str] = {}
    by_id: dict[str, Claim] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        by_id[a.id], by_id[b.id] = a, b
        parent[find(a.id)] = find(b.id)
    groups: dict[str, list[Claim]] = defaultdict(list)
    for cid, claim in by_id.items():
        groups[find(cid)].append(claim)
    return [sorted(g, key=lambda c: c.id) for g in groups.values()]


def _summary(claims: list[Claim], sources: dict[str, Source], times: dict[str, datetime],
             parts: dict[str, list[Claim]] | None = None) -> list[Figure]:
    """Low, best and high figure per action/object and scope over each origin's latest figure;
    a total lists its parts beside it."""
    parts = parts or {}
    groups: dict[tuple[str, str | None, ScopeKey], dict[str, Claim]] = defaultdict(dict)
    for claim in sorted(claims, key=lambda c: (times.get(c.source, datetime.min), c.start or 0)):
        if claim.numeric and claim.polarity == "affirm":
            groups[(claim.action, claim.object, scope_key(claim))][_origin(claim, sources)] = claim
    figures = []
    for (action, obj, _key), latest in sorted(groups.items(), key=_by_figure):
        intervals = [c.interval for c in latest.values()]
        points = [(iv.low + iv.high) / 2 if iv.high is not None else iv.low for iv in intervals]
        highs = [iv.high for iv in intervals]
        best = statistics.median(points)
        first = next(iter(latest.values()))
        # a placed part of a breakdown is compared as its place's own figure
        label = "local" if first.part_of else scope_label(first)
        figures.append(shared_fields(Figure(
            action=action, object=obj,
            low=min(iv.low for iv in intervals),
            best=int(best) if float(best).is_integer() else round(best, 1),
            high=None if any(h is None for h in highs) else max(highs),
            conservative=min(_stated_figure(iv) for iv in intervals),
            origins=len(latest), claims=sorted(c.id for c in latest.values()),
            scope=label,
            parts=sorted(p.id for c in latest.values() for p in parts.get(c.id, [])),
            best_basis="median" if len(latest) > 1 else "stated" if intervals[0].low == intervals[0].high or
            intervals[0].high is None else "midpoint",
        )))
    return figures


def _parts_exceeding_totals(parts: dict[str, list[Claim]], by_id: dict[str, Claim],
                            sources: dict[str, Source]) -> list[Finding]:
    """One origin's breakdown that adds up to more than the same origin's total: "40 drones:
    23 over A, 11 over B and 9 over C" (43). Parts short of the total are normal (not all listed).
    PARTS maps a total's claim id to the claims of its parts."""
    found = []
    for total_id, members in sorted(parts.items()):
        total = by_id.get(total_id)
        if total is None or not total.numeric or total.high is None:
            continue
        same = [p for p in members if p.numeric and _origin(p, sources) == _origin(total, sources)]
        added = sum(p.low for p in same)
        if added <= total.high:
            continue
        listed = " + ".join(f"{_figure(p.interval)} ({', '.join(p.places) or 'unplaced'})" for p in same)
        found.append(Finding(
            kind=FindingKind.unverified, incident=total.incident, action=total.action, object=total.object,
            claims=[total.id, *sorted(p.id for p in same)],
            summary=f"{_what(total.action, total.object)}: {_origin(total, sources)}'s parts add up to {added}, "
                    f"more than its total {_figure(total.interval)}",
            reason=f"parts exceed the total of the same origin: {listed} = {added} > {_figure(total.interval)} "
                   f"({scope_label(total)})",
        ))
    return found


def _stated_figure(iv: Interval) -> Number:
    """The figure an origin gave: the bound of "at least 14" or "up to 158", the centre of "about 25"."""
    if iv.high is None or iv.low == 0:
        return iv.low if iv.high is None else iv.high
    middle = (iv.low + iv.high) / 2 if iv.approx else iv.low
    return int(middle) if float(middle).is_integer() else round(middle, 1)


def _grade(incident: Incident, claims: list[Claim], findings: list[Finding], sources: dict[str, Source]) -> str:
    """contested > confirmed > fair > weak; see docs/grades.md."""
    if any(f.kind == FindingKind.contradiction for f in findings):
        return "contested"
    countries = {place.country for place in (place_by_key(k) for k in incident.place_keys) if place and place.country}
    place_sides = {s.name for s in vocabulary().side if set(s.countries) & countries}
    for claim in claims:
        party = vocabulary().parties.get(claim.party or "")
        attack = claim.action in ("launched", "hit") or (claim.action == "outcome" and claim.value == "hit")
        if party and party.official and attack and claim.polarity == "affirm" and place_sides \
                and party.side not in place_sides and not claim.hedge:
            return "confirmed"
    # independent origins: named speakers of two or more known parties, or two of one party whose
    # members each speak for themselves (two universities)
    origins = [c for c in claims if counts_as_origin(c, sources) and c.party]
    parties = {c.party for c in origins}
    return "fair" if len(parties) >= 2 or _separate(parties, sorted({_origin(c, sources) for c in origins})) \
        else "weak"


@fewer_collections
def reconcile(incidents: list[Incident], claims: list[Claim], sources: list[Source],
              notes: list[str] | None = None) -> tuple[list[Finding], list[Incident]]:
    """The findings of every incident, and the incidents with their grade and figure summary.

    Args:
        incidents: from `match_incidents`.
        claims: the claims, with `incident` set.
        sources: the loaded sources (publication times order revisions).
        notes: gets one line when some figure had more than MAX_ORIGINS origins.

    Example:
        >>> findings, incidents = reconcile(incidents, claims, sources)
    """
    by_source = {s.id: s for s in sources}
    times = {s.id: _source_time(s) for s in sources}
    by_id = {c.id: c for c in claims}
    by_incident: dict[str | None, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_incident[claim.incident].append(claim)
    parts: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.part_of:
            parts[claim.part_of].append(claim)
    findings: list[Finding] = _parts_exceeding_totals(parts, by_id, by_source)
    graded: list[Incident] = []
    crowded: list[str] = []
    for incident in incidents:
        members = by_incident.get(incident.id, [])
        covering = [by_id[c] for c in incident.covering if c in by_id]
        comparer = _Comparer(incident, members, by_source, covering, times)
        found = comparer.run()
        if comparer.crowded:
            crowded.append(incident.id)
        findings.extend(found)
        graded.append(incident.model_copy(update={
            "grade": _grade(incident, members, found, by_source),
            "summary": _summary(members, by_source, times, parts),
        }))
    for claim in claims:
        if claim.source not in by_source:
            findings.append(Finding(kind=FindingKind.unsourced, incident=claim.incident, action=claim.action,
                                    object=claim.object, claims=[claim.id],
                                    summary=f"{_describe(claim)}: its source {claim.source} is not loaded",
                                    reason="no source"))
        elif claim.start is None:
            findings.append(Finding(kind=FindingKind.unsourced, incident=claim.incident, action=claim.action,
                                    object=claim.object, claims=[claim.id],
                                    summary=f"{_describe(claim)}: the quote is not in {claim.source}",
                                    reason="quote not found in its source"))
        elif not claim.speaker or claim.vague:
            voice = f"attributed only to '{claim.speaker_text}'" if claim.vague and claim.speaker_text \
                else "in the outlet's own voice"
            findings.append(shared_fields(Finding(
                kind=FindingKind.unsourced, incident=claim.incident, action=claim.action, object=claim.object,
                # (the same few words for many claims of figure-dense text: held once)
                claims=[claim.id], summary=sys.intern(f"{_describe(claim)}: {voice}"), reason="no speaker")))
    if crowded and notes is not None:
        notes.append(f"{len(crowded)} incident(s) have a figure given by more than {MAX_ORIGINS} origins; only the "
                     f"first {MAX_ORIGINS} to report it were compared ({', '.join(crowded[:3])}"
                     f"{', ...' if len(crowded) > 3 else ''})")
    order = {k: i for i, k in enumerate(FindingKind)}
    findings.sort(key=lambda f: (order[f.kind], f.incident or "", f.action or "", f.object or "", f.claims))
    return findings, graded


