"""schema.org ClaimReview JSON-LD: one review per reviewed claim, for fact-check publishers.

A claim is reviewed when a finding names it. Its rating comes from the finding; when several
findings name it, the most severe wins:

    contradiction -> contradicted (1)   unsourced -> unsourced (2)   unverified -> unverified (3)
    revision      -> revised (4)        agreement -> corroborated (5)

The number is `ratingValue` on a scale from `worstRating` 1 to `bestRating` 5. Google's fact-check
markup also requires the review's `url` and recommends its `author`: they come from [settings]
review_url and publisher in claims.toml. Without them those keys are left out, never invented,
and `missing_settings` says what is missing (the CLI warns on stderr). The same
statement (speaker, incident, action, object, figure, polarity) repeated by several outlets is
one review whose `appearance` lists each article. Quotes and names are untrusted: they stay
JSON strings, and `<`, `>`, `&` and control characters are written as \\u escapes so the output
can be pasted into an HTML `<script type="application/ld+json">` block as it is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from urllib.parse import quote

from ..claimsfile import Publisher
from ..lexicons import speakers
from ..models import Claim, Finding, FindingKind, Report, Source
from ..speakers import speaker_key
from .base import Renderer, sorted_findings
from .jsontext import indented
from .text import clip, md_url

RATINGS = {
    FindingKind.contradiction: ("contradicted", 1),
    FindingKind.unsourced: ("unsourced", 2),
    FindingKind.unverified: ("unverified", 3),
    FindingKind.revision: ("revised", 4),
    FindingKind.agreement: ("corroborated", 5),
}
"""Finding kind -> (alternateName, ratingValue); a lower value is more severe."""
WORST, BEST = 1, 5
# Characters that could end a <script> block or reach a terminal raw; JSON escapes them fine
_UNSAFE = re.compile(r"[<>&\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps(data: object) -> str:
    """DATA as JSON in which no string can close an HTML script block or carry a raw control character."""
    return _UNSAFE.sub(_escape, indented(data))


def _kinds_by_speaker() -> dict[str, str]:
    return {speaker_key(alias): entry.kind for entry in speakers().speaker for alias in (entry.name, *entry.aliases)}


class ClaimReviewRenderer(Renderer):
    """A JSON array of ClaimReview objects, most severe rating first."""

    def __init__(self, date_published: date | None = None, speaker_kinds: dict[str, str] | None = None,
                 publisher: Publisher | None = None, review_url: str | None = None):
        """
        Args:
            date_published: the reviews' datePublished; None uses, for each review, the latest
                publication date among the articles of its deciding finding (the day the evidence
                was complete), so the same report always gives the same output.
            speaker_kinds: speaker name -> person | organisation | media | group; defaults to the
                built-in speaker table. Speakers found in neither are organisations.
            publisher: the fact-checking organisation, each review's `author`; None leaves it out.
            review_url: each review's `url`, a template with {incident} and {claim} ([settings]
                review_url, already validated); None leaves it out.
        """
        self.date_published = date_published
        self.speaker_kinds = speaker_kinds
        self.publisher = publisher
        self.review_url = review_url

    def missing_settings(self) -> list[str]:
        """The [settings] keys whose absence leaves out a property Google asks for, as messages."""
        missing = []
        if self.review_url is None:
            missing.append("[settings] review_url is not set, so no review has the `url` Google requires")
        if self.publisher is None:
            missing.append("[settings] publisher is not set, so no review has an `author`")
        return missing

    def render(self, report: Report) -> str:
        """See `Renderer.render`."""
        return dumps(self.reviews(report))

    def reviews(self, report: Report) -> list[dict]:
        """The ClaimReview objects, as JSON-ready dicts."""
        claims = report.claim_index()
        sources = report.source_index()
        kinds = {speaker_key(k): v for k, v in self.speaker_kinds.items()} if self.speaker_kinds else \
            _kinds_by_speaker()

        # The most severe finding of each claim; sorted_findings breaks ties the same way every run
        worst: dict[str, Finding] = {}
        for finding in sorted_findings(report):
            for claim_id in finding.claims:
                held = worst.get(claim_id)
                if claim_id in claims and (held is None or RATINGS[finding.kind][1] < RATINGS[held.kind][1]):
                    worst[claim_id] = finding

        groups: dict[tuple, list[Claim]] = defaultdict(list)
        for claim_id in worst:
            groups[_statement(claims[claim_id])].append(claims[claim_id])
        reviews = []
        for members in groups.values():
            members.sort(key=lambda c: _claim_order(c, sources))
            finding = min((worst[c.id] for c in members), key=lambda f: RATINGS[f.kind][1])
            reviews.append((RATINGS[finding.kind][1], _claim_order(members[0], sources),
                            self._review(members, finding, claims, sources, kinds)))
        reviews.sort(key=lambda r: r[:2])
        return [review for _, _, review in reviews]

    def _review(self, members: list[Claim], finding: Finding, claims: dict[str, Claim],
                sources: dict[str, Source], kinds: dict[str, str]) -> dict:
        first = members[0]
        evidence = {claims[c].source for c in finding.claims if c in claims} | {c.source for c in members}
        published = self.date_published or max(
            (sources[s].published for s in evidence if s in sources and sources[s].published), default=None)
        name, rating = RATINGS[finding.kind]
        review: dict = {"@context": "https://schema.org", "@type": "ClaimReview"}
        url = self._url(first)
        if url is not None:
            review["url"] = url
        item = {"@type": "Claim", "author": _author(first, sources.get(first.source), kinds)}
        first_seen = _first_published(members, sources)
        if first_seen is not None:
            item["datePublished"] = first_seen
        item["appearance"] = _appearances(members, sources)
        review |= {
            "identifier": [c.id for c in members],
            # The whole claim on one line, controls made visible: Google shows it as written
            "claimReviewed": clip(first.quote),
            "itemReviewed": item,
            "reviewRating": {
                "@type": "Rating",
                "alternateName": name,
                "name": name,
                "ratingValue": rating,
                "bestRating": BEST,
                "worstRating": WORST,
            },
            "reviewBody": finding.summary,
        }
        if self.publisher is not None:
            review["author"] = {"@type": "Organization", "name": self.publisher.name}
            if self.publisher.url:
                review["author"]["url"] = self.publisher.url
        if published is not None:
            review["datePublished"] = published.isoformat()
        return review

    def _url(self, claim: Claim) -> str | None:
        """The review_url template filled in for CLAIM; ids are percent-encoded as one path segment.

        None when there is no template, or it needs an incident and the claim is in none.
        """
        if self.review_url is None or (claim.incident is None and "{incident}" in self.review_url):
            return None
        return self.review_url.format(incident=quote(claim.incident or "", safe=""), claim=quote(claim.id, safe=""))


def _statement(claim: Claim) -> tuple:
    """What makes two claims one statement; a claim without a named speaker stands alone."""
    if not claim.speaker or claim.vague:
        return ("claim", claim.id)
    return ("said", claim.speaker, claim.incident, claim.action, claim.object, claim.low, claim.high,
            claim.approx, claim.value, claim.polarity)


def _claim_order(claim: Claim, sources: dict[str, Source]) -> tuple:
    source = sources.get(claim.source)
    when = source.published if source else None
    return (when is None, when or date.max, claim.source, claim.start or 0, claim.id)


def _author(claim: Claim, source: Source | None, kinds: dict[str, str]) -> dict:
    """The speaker as a Person or Organization; the outlet itself when no one is named."""
    if claim.speaker and not claim.vague:
        kind = "Person" if kinds.get(speaker_key(claim.speaker)) == "person" else "Organization"
        return {"@type": kind, "name": claim.speaker}
    return {"@type": "Organization", "name": source.outlet if source else claim.source}


def _first_published(members: list[Claim], sources: dict[str, Source]) -> str | None:
    """When the statement was first made: the earliest publication among its articles (ISO 8601)."""
    dates = []
    for claim in members:
        source = sources.get(claim.source)
        when = source and (source.published_at or source.published)
        if when:
            dates.append(when)
    # A date-time and a bare date compare by their day
    return min(dates, key=lambda d: (d.isoformat()[:10], d.isoformat())).isoformat() if dates else None


def _appearances(members: list[Claim], sources: dict[str, Source]) -> list[dict]:
    """One CreativeWork per article the statement appears in."""
    out, seen = [], set()
    for claim in members:
        if claim.source in seen:
            continue
        seen.add(claim.source)
        source = sources.get(claim.source)
        work: dict = {"@type": "CreativeWork"}
        if source is None:
            work["name"] = claim.source
            out.append(work)
            continue
        url = md_url(source.url)  # http(s) with a host only: no javascript: links in a fact-check feed
        if url:
            work["url"] = url
        if source.title:
            work["headline"] = source.title
        work["publisher"] = {"@type": "Organization", "name": source.outlet}
        when = source.published_at or source.published
        if when:
            work["datePublished"] = when.isoformat()
        out.append(work)
    return out
