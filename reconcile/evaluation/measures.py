"""Score a report (its JSON contract, as plain data) against a gold file.

The measures are those of ../shared/eval/README.md: facts and attribution, incident grouping,
incidents kept apart, contradictions found and their precision, look-alikes not called
contradictions, revisions, agreements, unsourced and unverified assertions, and agreements a
source makes with itself. docs/eval.md says what each one counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations

from .gold import Gold, GoldFact, action_and_object, metric_table

MEASURES = ("facts", "attributed", "grouping", "distinct", "contradictions", "contra_precision", "consistent",
            "revisions", "agreements", "unsourced", "unverified")
"""Every measure, in the order they are shown; self_agreements (a count) comes last."""

UNATTRIBUTED = "unattributed"


@dataclass
class Miss:
    """A gold entry the report did not meet, or a finding the gold does not back (a false alarm)."""

    measure: str
    incident: str | None
    what: str
    quotes: list[str] = field(default_factory=list)
    """The claims behind it, as "speaker (source): quote"."""
    false_alarm: bool = False


@dataclass
class IncidentScore:
    """How one gold incident fared."""

    id: str
    facts: int = 0
    found: int = 0
    attributed: int = 0
    predicted: set[str] = field(default_factory=set)
    """The report's incidents its found facts landed in (one is right; more is a split)."""
    contradictions: list[int] = field(default_factory=lambda: [0, 0])
    revisions: list[int] = field(default_factory=lambda: [0, 0])
    agreements: list[int] = field(default_factory=lambda: [0, 0])


@dataclass
class Evaluation:
    scores: dict[str, float] = field(default_factory=dict)
    counts: dict[str, str] = field(default_factory=dict)
    self_agreements: int = 0
    size: dict[str, int] = field(default_factory=dict)
    incidents: list[IncidentScore] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)

    def failed_bars(self, bars: dict[str, float]) -> list[str]:
        """The bars not met, as "name got (bar value)"; self_agreements is a most, the rest a least."""
        failed = []
        for name, bar in bars.items():
            if name == "self_agreements":
                if self.self_agreements > bar:
                    failed.append(f"self_agreements {self.self_agreements} (bar {bar:g})")
            elif name not in self.scores:
                failed.append(f"{name} not measured (the gold has no rows for it; bar {bar:g})")
            elif self.scores[name] < bar:
                failed.append(f"{name} {self.scores[name]:.2f} (bar {bar:g})")
        return failed


def _lower_words(name: str) -> list[str]:
    """The words of a name that identify it: longer than three letters, lower case."""
    return [w.lower() for w in name.replace(",", " ").split() if len(w) > 3]


def _fold(text: str) -> str:
    return text.lower().translate(str.maketrans("‘’“”–—", "''\"\"--"))


def _without_article(name: str) -> str:
    name = name.lower().strip()
    return name[4:] if name.startswith("the ") else name


def speaker_matches(keys: list[str], claim: dict) -> bool:
    """KEYS name the claim's speaker; ["unattributed"] names the outlet's own voice (no speaker)."""
    speaker = (claim.get("speaker") or "").lower()
    lowered = [k.lower() for k in keys]
    if lowered == [UNATTRIBUTED]:
        return not speaker
    return bool(speaker) and any(k in speaker for k in lowered)


def _bounds(claim: dict) -> tuple[float, float] | None:
    low, high = claim.get("low"), claim.get("high")
    if low is None and high is None:
        return None
    return (0 if low is None else low), (math.inf if high is None else high)


def _holds(claim: dict, value: float | None) -> bool:
    if value is None:
        return True
    low = claim.get("low") if claim.get("low") is not None else 0
    high = claim.get("high") if claim.get("high") is not None else math.inf
    return low <= value <= high


def _side_value(side: object) -> float | None:
    """The figure of a contradiction side written "Speaker: 1,200 ..."."""
    if not isinstance(side, str) or ":" not in side:
        return None
    words = side.split(":", 1)[1].split()
    try:
        return float(words[0].replace(",", "")) if words else None
    except ValueError:
        return None


def _side_keys(side: object) -> list[str]:
    if isinstance(side, list):
        return side
    name = str(side).split(":")[0]
    return _lower_words(name) or [name.lower()]


class _Scorer:
    """One report against one gold file; each measure a method."""

    def __init__(self, report: dict, gold: Gold):
        self.gold = gold
        self.claims = {c["id"]: c for c in report.get("claims", [])}
        self.findings = report.get("findings", [])
        self.outlets = {s["id"]: str(s.get("outlet") or "") for s in report.get("sources", [])}
        table = metric_table()
        self.scored = set(table.scored_actions)
        self.twins = table.object_twins
        self.people = set(table.people.kinds)
        self.facts = [f for f in gold.facts if action_and_object(f)[0] in self.scored]
        self.found: dict[int, dict] = {}
        self.result = Evaluation(size={
            "sources": len(report.get("sources", [])), "claims": len(self.claims),
            "incidents": len(report.get("incidents", [])), "findings": len(self.findings)})
        self.by_incident = {i.id: IncidentScore(i.id) for i in gold.incidents}
        self.true_alarms: set[int] = set()
        """Indices (among reported contradictions) of those that match a gold contradiction."""
        self.incident_sources = {i.id: set(i.sources) for i in gold.incidents}

    # -- helpers shared by the measures

    def _quote(self, claim: dict) -> str:
        who = claim.get("speaker") or "no speaker"
        return f"{who} ({claim.get('source')}): {claim.get('quote') or ''}"

    def _miss(self, measure: str, incident: str | None, what: str, claims: list[dict] = (), false_alarm=False):
        self.result.misses.append(Miss(measure, incident, what, [self._quote(c) for c in claims], false_alarm))

    def _set(self, name: str, right: int, total: int, count: str | None = None) -> None:
        if total:
            self.result.scores[name] = right / total
            self.result.counts[name] = count or f"{right}/{total}"

    def _objects_match(self, gold: str | None, claim: str | None) -> bool:
        if self.twins.get(gold, gold) == self.twins.get(claim, claim) or (gold is None and not claim):
            return True
        return gold == "people" and claim in self.people

    def _interval_matches(self, fact: GoldFact, claim: dict) -> bool:
        if fact.category is not None:
            wanted = fact.category if isinstance(fact.category, list) else [fact.category]
            return claim.get("value") in wanted
        bounds = _bounds(claim)
        if bounds is None:
            return False
        if fact.value is not None:
            low = high = fact.value
        else:
            low = fact.low if fact.low is not None else 0
            high = fact.high if fact.high is not None else math.inf
        if fact.approx:  # "about 25": any bounded interval that holds the figure
            return bounds[0] <= low <= bounds[1] and bounds[1] != math.inf
        return bounds == (low, high)

    def _predicted(self, gold_incident: str) -> set[str]:
        return self.by_incident[gold_incident].predicted if gold_incident in self.by_incident else set()

    def _finding_claims(self, finding: dict) -> list[dict]:
        return [self.claims[c] for c in finding.get("claims", []) if c in self.claims]

    def _in_incident(self, finding: dict, gold_incident: str) -> bool:
        """The finding is about this gold incident: its incident holds the incident's found facts, or
        (when none were found) all its claims come from the incident's own articles."""
        predicted = self._predicted(gold_incident)
        if finding.get("incident") and finding.get("incident") in predicted:
            return True
        claims = self._finding_claims(finding)
        sources = self.incident_sources.get(gold_incident, set())
        return bool(claims) and all(c.get("source") in sources for c in claims) and not predicted

    # -- the measures

    def facts_and_attribution(self) -> None:
        attributed = 0
        for i, fact in enumerate(self.facts):
            action, obj = action_and_object(fact)
            speaker = fact.speaker
            if any(_without_article(speaker) == _without_article(self.outlets.get(s, "")) for s in fact.source_ids):
                speaker = UNATTRIBUTED  # the outlet's own voice
            keys = fact.speaker_keys or _lower_words(speaker) or [speaker]
            candidates = [c for c in self.claims.values()
                          if c.get("source") in fact.source_ids and c.get("action") == action
                          and (fact.category is not None or self._objects_match(obj, c.get("object")))
                          and self._interval_matches(fact, c)]
            with_speaker = [c for c in candidates if speaker_matches(keys, c)]
            per_incident = self.by_incident.get(fact.incident)
            if per_incident:
                per_incident.facts += 1
            attributed += bool(with_speaker)
            pick = (with_speaker or candidates or [None])[0]
            if pick is None:
                figure = fact.category or (fact.value if fact.value is not None else [fact.low, fact.high])
                self._miss("facts", fact.incident, f"{action}/{obj} {figure} by {fact.speaker or keys} "
                           f"in {', '.join(sorted(fact.source_ids))}")
                continue
            self.found[i] = pick
            if per_incident:
                per_incident.found += 1
                per_incident.attributed += bool(with_speaker)
                if pick.get("incident"):
                    per_incident.predicted.add(pick["incident"])
            if not with_speaker:
                self._miss("attributed", fact.incident, f"{action}/{obj} found, but not with {fact.speaker or keys}",
                           candidates[:2])
        n = len(self.facts)
        skipped = len(self.gold.facts) - n
        self._set("facts", len(self.found), n, f"{len(self.found)}/{n}" + (
            f", {skipped} outside the vocabulary skipped" if skipped else ""))
        self._set("attributed", attributed, n)

    def grouping(self) -> None:
        """Pairwise F1 over found facts: two share a report incident exactly when they share a gold one."""
        def group(fact: GoldFact) -> str | None:
            if fact.part == "-":  # a tally over several places belongs to none of them
                return None
            return fact.incident + (f"/{fact.part}" if fact.part else "")

        tp = fp = fn = 0
        for (i, ci), (j, cj) in combinations(self.found.items(), 2):
            gi, gj = group(self.facts[i]), group(self.facts[j])
            if ci["id"] == cj["id"] or gi is None or gj is None:
                continue
            same_gold = gi == gj
            same_report = ci.get("incident") is not None and ci.get("incident") == cj.get("incident")
            tp += same_gold and same_report
            fp += same_report and not same_gold
            fn += same_gold and not same_report
        if tp + fp + fn:
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            self.result.scores["grouping"] = f1
            self.result.counts["grouping"] = f"P={precision:.2f} R={recall:.2f}"

    def distinct(self) -> None:
        kept = 0
        for row in self.gold.distinct:
            a, b = self._predicted(row.a), self._predicted(row.b)
            if a and b and not a & b:
                kept += 1
            else:
                self._miss("distinct", row.a, f"{row.a} and {row.b} "
                           f"{'merged' if a & b else 'not both found'}")
        self._set("distinct", kept, len(self.gold.distinct))

    def contradictions(self) -> None:
        reported = [f for f in self.findings if f.get("kind") == "contradiction"]
        true_alarms: set[int] = set()
        hit = 0
        for row in self.gold.contradictions:
            keys_a = _side_keys(row.speakers_a if row.speakers_a is not None else row.a)
            keys_b = _side_keys(row.speakers_b if row.speakers_b is not None else row.b)
            value_a, value_b = _side_value(row.a), _side_value(row.b)
            ok = False
            for n, finding in enumerate(reported):
                if not self._in_incident(finding, row.incident):
                    continue
                claims = self._finding_claims(finding)
                if any(speaker_matches(keys_a, c) and _holds(c, value_a) for c in claims) and \
                        any(speaker_matches(keys_b, c) and _holds(c, value_b) for c in claims):
                    ok = True
                    true_alarms.add(n)
            hit += ok
            self._tally(row.incident, "contradictions", ok)
            if not ok:
                self._miss("contradictions", row.incident, row.why or f"{row.a} against {row.b}")
        self._set("contradictions", hit, len(self.gold.contradictions))
        self.true_alarms = true_alarms
        if self.gold.contradictions and reported:
            self._set("contra_precision", len(true_alarms), len(reported),
                      f"{len(true_alarms)}/{len(reported)} reported match the gold")
            for n, finding in enumerate(reported):
                if n not in true_alarms:
                    self._miss("contra_precision", finding.get("incident"), finding.get("summary", ""),
                               self._finding_claims(finding), false_alarm=True)

    def consistent(self) -> None:
        # a contradiction the gold lists is no false alarm over look-alike figures of the same action
        reported = [f for n, f in enumerate(f for f in self.findings if f.get("kind") == "contradiction")
                    if n not in self.true_alarms]
        clean = 0
        for row in self.gold.consistent:
            action = row.action
            bad = [f for f in reported if self._in_incident(f, row.incident) and f.get("action") == action]
            clean += not bad
            if bad:
                self._miss("consistent", row.incident, row.why or f"{action} reported as contradictory",
                           self._finding_claims(bad[0]), false_alarm=True)
        self._set("consistent", clean, len(self.gold.consistent))

    def revisions_and_agreements(self) -> None:
        for kind, rows in (("revision", self.gold.revisions), ("agreement", self.gold.agreements)):
            ok_n = 0
            for row in rows:
                action = row.action or (action_and_object(row)[0] if row.metric else None)
                ok = any(self._meets(kind, row, action, f) for f in self.findings)
                ok_n += ok
                self._tally(row.incident, kind + "s", ok)
                if not ok:
                    self._miss(kind + "s", row.incident, f"{action}: {row.why or ''}".rstrip(": "))
            self._set(kind + "s", ok_n, len(rows))

    def _meets(self, kind: str, row, action: str | None, finding: dict) -> bool:
        if finding.get("kind") != kind or not self._in_incident(finding, row.incident):
            return False
        if action and finding.get("action") not in (None, action):
            return False
        claims = self._finding_claims(finding)
        if kind == "revision":
            def shows(c: dict, v) -> bool:
                return (_holds(c, v) and c.get("low") == c.get("high") == v) or c.get("low") == v

            return sum(any(shows(c, v) for c in claims) for v in row.values) >= 2
        return sum(any(speaker_matches(_side_keys(s), c) for c in claims) for s in row.speakers) >= 2

    def flags(self) -> None:
        for kind, rows in (("unsourced", self.gold.unsourced), ("unverified", self.gold.unverified)):
            ok_n = 0
            for row in rows:
                keys = [_fold(k) for k in row.keys]
                ok = any(f.get("kind") == kind and any(
                    c.get("source") == row.source and any(k in _fold(c.get("quote") or "") for k in keys)
                    for c in self._finding_claims(f)) for f in self.findings)
                ok_n += ok
                if not ok:
                    self._miss(kind, None, f"{row.source}: {', '.join(row.keys)}")
            self._set(kind, ok_n, len(rows))

    def self_agreements(self) -> None:
        """Agreements whose claims all come from one speaker in one source: no corroboration."""
        for finding in self.findings:
            if finding.get("kind") != "agreement":
                continue
            claims = self._finding_claims(finding)
            if len({(c.get("source"), (c.get("speaker") or "").lower()) for c in claims}) < 2:
                self.result.self_agreements += 1
                self._miss("self_agreements", finding.get("incident"), finding.get("summary", ""), claims,
                           false_alarm=True)

    def _tally(self, incident: str, measure: str, ok: bool) -> None:
        if incident in self.by_incident:
            pair = getattr(self.by_incident[incident], measure)
            pair[0] += ok
            pair[1] += 1

    def run(self) -> Evaluation:
        self.facts_and_attribution()
        self.grouping()
        self.distinct()
        self.contradictions()
        self.consistent()
        self.revisions_and_agreements()
        self.flags()
        self.self_agreements()
        order = {name: n for n, name in enumerate(MEASURES)}
        self.result.scores = dict(sorted(self.result.scores.items(), key=lambda kv: order[kv[0]]))
        self.result.incidents = list(self.by_incident.values())
        return self.result


def evaluate(report: dict, gold: Gold) -> Evaluation:
    """Score REPORT (a `reconcile/report@1` document as plain data) against GOLD.

    Args:
        report: the JSON contract of DESIGN.md, parsed.
        gold: a gold file read by `load_gold`.

    Example: `evaluate(report_json(run(config)), load_gold(Path("eval/dev/gold.toml"))).scores["facts"]`
    """
    return _Scorer(report, gold).run()
