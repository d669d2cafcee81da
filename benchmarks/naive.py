"""The baseline: compare every pair of claims (rapidfuzz on place names, days apart), then union-find.

No gazetteer and no blocking: two claims are one incident when their place names score at least
SCORE with `fuzz.token_set_ratio` (so "Shebekino" matches "Shebekino, Belgorod region") and their
dates are at most WINDOW days apart; incidents are the connected components. It makes n(n-1)/2
comparisons, each in rapidfuzz's C code (`process.extract` over the claims after it), so it is
a fair all-pairs baseline rather than a slow Python double loop.
"""

from __future__ import annotations

from datetime import date

from rapidfuzz import fuzz, process, utils

from reconcile.models import Claim, Source

SCORE = 85.0


class UnionFind:
    """Disjoint sets over 0..n-1 with path halving and union by size."""

    def __init__(self, n: int):
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]


def _day(claim: Claim, published: dict[str, date | None]) -> int | None:
    day = claim.event_date or published.get(claim.source)
    return day.toordinal() if day else None


def naive_match(claims: list[Claim], sources: list[Source], window: int = 1, score: float = SCORE) -> list[int]:
    """The incident number of each claim (index-aligned with CLAIMS), from all-pairs comparison.

    Example:
        >>> labels = naive_match(claims, sources)
    """
    published = {s.id: s.published for s in sources}
    names = [utils.default_process(" ".join(c.places)) for c in claims]
    days = [_day(c, published) for c in claims]
    sets = UnionFind(len(claims))
    for i, name in enumerate(names):
        if not name or i + 1 == len(names):
            continue
        hits = process.extract(name, names[i + 1:], scorer=fuzz.token_set_ratio, processor=None,
                               score_cutoff=score, limit=None)
        for _, _, k in hits:
            j = i + 1 + k
            if days[i] is not None and days[j] is not None and abs(days[i] - days[j]) <= window:
                sets.union(i, j)
    return [sets.find(i) for i in range(len(claims))]
