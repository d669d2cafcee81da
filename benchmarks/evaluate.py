"""Score a grouping of claims against the known incidents: pairwise F1 and what went wrong.

Pairwise scores count pairs of claims: a predicted pair is right when both claims belong to one
true incident. They come from the contingency table of (predicted, true) labels, never from
enumerating pairs, so they cost O(n).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from reconcile.gazetteer import place_by_key
from reconcile.models import Claim


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    right_pairs: int


def pairwise(predicted: list, truth: list) -> Scores:
    """Pairwise precision, recall and F1 of PREDICTED labels against TRUTH labels (index-aligned)."""
    both = Counter(zip(predicted, truth, strict=True))
    right = sum(_pairs(n) for n in both.values())
    said = sum(_pairs(n) for n in Counter(predicted).values())
    real = sum(_pairs(n) for n in Counter(truth).values())
    precision = right / said if said else 1.0
    recall = right / real if real else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, real, said, right)


# ---------------------------------------------------------------------------- diagnosis


def _allowed(incident: dict) -> set[str]:
    """Keys a claim about INCIDENT may resolve to: the place, the places around it, its regions."""
    keys = {incident["place"], *incident["regions"]}
    place = place_by_key(incident["place"])
    if place is not None:
        keys.update(place.parents)
    return keys


def resolution(claim: Claim, incident: dict) -> str:
    """How CLAIM's names resolved: right, unresolved (a 'name:' key), wrong, or unplaced."""
    if not claim.places:
        return "unplaced"
    if any(k.startswith("name:") for k in claim.place_keys):
        return "unresolved"
    return "right" if set(claim.place_keys) <= _allowed(incident) else "wrong"


def resolution_table(claims: list[Claim], truth: dict) -> list[list[object]]:
    """Rows (noise tag, claims, % right, % unresolved, % wrong) over the spelling noise of the corpus."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for claim in claims:
        incident = truth["incidents"][truth["incident_of"][claim.id]]
        tag = truth["noise"][claim.id]
        counts[tag][resolution(claim, incident)] += 1
    rows = []
    for tag, c in sorted(counts.items(), key=lambda kv: -sum(kv[1].values())):
        n = sum(c.values())
        rows.append([tag, n, 100 * c["right"] / n, 100 * c["unresolved"] / n, 100 * c["wrong"] / n])
    return rows


def _merge_cause(a: dict, b: dict) -> str:
    gap = abs(_day(a) - _day(b))
    if "nationwide" in (a["kind"], b["kind"]):
        return "nationwide + " + ("nationwide" if a["kind"] == b["kind"] else "regional")
    if a["place"] == b["place"]:
        return f"same place, {gap} day(s) apart"
    if set(a["regions"]) & set(b["regions"]):
        return f"same region, other place, {gap} day(s) apart"
    return f"other region, {gap} day(s) apart"


def _day(incident: dict) -> int:
    from datetime import date

    return date.fromisoformat(incident["day"]).toordinal()


@dataclass
class Diagnosis:
    merges: Counter
    """Cause -> wrongly joined pairs of claims."""
    merge_examples: dict[str, tuple[str, str]]
    """Cause -> (incident id, incident id) of one example."""
    splits: Counter
    """(noise tag, resolution) of a claim cut off from its incident's main group -> claims."""
    split_examples: dict[tuple[str, str], str]
    """(noise tag, resolution) -> claim id of one example."""


def diagnose(claims: list[Claim], predicted: list, truth: dict, max_groups: int = 200) -> Diagnosis:
    """Why pairs were wrongly joined (false merges) and which claims were cut off (false splits)."""
    incidents = truth["incidents"]
    true_of = [truth["incident_of"][c.id] for c in claims]
    by_pred: dict[object, Counter] = defaultdict(Counter)
    for p, t in zip(predicted, true_of, strict=True):
        by_pred[p][t] += 1
    merges: Counter = Counter()
    merge_examples: dict[str, tuple[str, str]] = {}
    for groups in by_pred.values():
        if len(groups) < 2:
            continue
        for (a, na), (b, nb) in combinations(groups.most_common(max_groups), 2):
            cause = _merge_cause(incidents[a], incidents[b])
            merges[cause] += na * nb
            merge_examples.setdefault(cause, (a, b))
    by_true: dict[str, Counter] = defaultdict(Counter)
    for p, t in zip(predicted, true_of, strict=True):
        by_true[t][p] += 1
    main = {t: groups.most_common(1)[0][0] for t, groups in by_true.items()}
    splits: Counter = Counter()
    split_examples: dict[tuple[str, str], str] = {}
    for claim, p, t in zip(claims, predicted, true_of, strict=True):
        if p != main[t]:
            key = (truth["noise"][claim.id], resolution(claim, incidents[t]))
            splits[key] += 1
            split_examples.setdefault(key, claim.id)
    return Diagnosis(merges, merge_examples, splits, split_examples)
