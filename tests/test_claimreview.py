"""`reconcile report --format claimreview`: schema.org ClaimReview JSON-LD for each reviewed claim.

The corpus is invented: two outlets cover a strike on Zaporizhzhia, one of them again the next
day. The claims make one finding of each kind, and one quote and one outlet name carry markup
meant to break out of a `<script type="application/ld+json">` block.
"""

from __future__ import annotations

import json
import textwrap
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from reconcile.cli import ReportFormat, cli
from reconcile.models import Claim, Finding, FindingKind, Report, Source
from reconcile.render.claimreview import ClaimReviewRenderer

HOSTILE_OUTLET = 'North </script><b>Dispatch</b> "X"'

TRIBUNE = """\
+++
outlet = "Lakeside Tribune"
published = 2024-09-10
title = "Strike on Zaporizhzhia kills five"
url = "https://lakeside.example/2024/09/10/strike"
+++
Governor Ivan Fedorov said five people were killed and that rescuers were still searching the rubble in Zaporizhzhia.

He said 20 people were injured.

The blast shattered windows in 40 homes along the river.
"""

DISPATCH = f"""\
+++
outlet = {json.dumps(HOSTILE_OUTLET)}
published = 2024-09-10
title = "Kremlin disputes toll"
url = "javascript:alert(1)"
+++
The Kremlin said only one person died in Zaporizhzhia.

Regional doctors counted about 20 injured and said two people were still missing.

Dmitry Peskov said four drones were allegedly downed near the city.

A resident posted: </script><script>alert("pwned")</script> then went quiet.
"""

FOLLOW_UP = """\
+++
outlet = "Lakeside Tribune"
published = 2024-09-11
title = "Four missing after Zaporizhzhia strike"
url = "https://lakeside.example/2024/09/11/missing"
+++
Fedorov said four people were missing a day after the strike.
"""

PUBLISHER = {"@type": "Organization", "name": "Riverside Fact Desk", "url": "https://factdesk.example/"}
SETTINGS = """\
[settings]
publisher = { name = "Riverside Fact Desk", url = "https://factdesk.example/" }
review_url = "https://factdesk.example/checks/{incident}/{claim}.html"

"""

CLAIMS = textwrap.dedent("""\
    [[speaker]]
    name = "Regional doctors"
    party = "other"

    [[claim]]
    id = "fedorov-killed"
    source = "tribune-0910"
    quote = "Governor Ivan Fedorov said five people were killed and that rescuers were still searching the rubble"
    speaker = "Ivan Fedorov"
    party = "ukraine-official"
    action = "killed"
    object = "people"
    value = 5

    [[claim]]
    id = "kremlin-killed"
    source = "dispatch-0910"
    quote = "only one person died"
    speaker = "Kremlin"
    party = "russia-official"
    action = "killed"
    object = "people"
    value = 1

    [[claim]]
    id = "fedorov-injured"
    source = "tribune-0910"
    quote = "He said 20 people were injured."
    speaker = "Ivan Fedorov"
    party = "ukraine-official"
    action = "injured"
    object = "people"
    value = 20

    [[claim]]
    id = "doctors-injured"
    source = "dispatch-0910"
    quote = "Regional doctors counted about 20 injured"
    speaker = "Regional doctors"
    action = "injured"
    object = "people"
    value = "about 20"

    [[claim]]
    id = "doctors-missing"
    source = "dispatch-0910"
    quote = "two people were still missing"
    speaker = "Regional doctors"
    action = "missing"
    object = "people"
    value = 2

    [[claim]]
    id = "fedorov-missing"
    source = "tribune-0911"
    quote = "Fedorov said four people were missing"
    speaker = "Ivan Fedorov"
    party = "ukraine-official"
    action = "missing"
    object = "people"
    value = 4
    date = 2024-09-10

    [[claim]]
    id = "peskov-downed"
    source = "dispatch-0910"
    quote = "four drones were allegedly downed"
    speaker = "Dmitry Peskov"
    party = "russia-official"
    action = "downed"
    object = "drones"
    value = 4
    hedge = "allegedly"

    [[claim]]
    id = "windows-homes"
    source = "tribune-0910"
    quote = "The blast shattered windows in 40 homes"
    action = "damaged"
    object = "homes"
    value = 40

    [[claim]]
    id = "resident-post"
    source = "dispatch-0910"
    quote = "</script><script>alert(\\"pwned\\")</script>"
    speaker = "A resident"
    party = "other"
    action = "damaged"
    object = "homes"
    value = 1
    hedge = "unverified"
    """)
# Every claim is about the same strike
CLAIMS = CLAIMS.replace('[[claim]]\n', '[[claim]]\nincident = "zap-strike"\nplaces = ["Zaporizhzhia"]\n')


@pytest.fixture
def reviews(tmp_path, monkeypatch) -> tuple[str, list[dict]]:
    """The raw output and the parsed reviews of the corpus."""
    monkeypatch.chdir(tmp_path)
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, text in (("tribune-0910", TRIBUNE), ("dispatch-0910", DISPATCH), ("tribune-0911", FOLLOW_UP)):
        (sources / f"{name}.md").write_text(text, encoding="utf-8")
    (tmp_path / "claims.toml").write_text(SETTINGS + CLAIMS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", "--format", "claimreview", "--no-extract"])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    return result.stdout, json.loads(result.stdout)


def by_claim(reviews: list[dict]) -> dict[str, dict]:
    return {claim_id: review for review in reviews for claim_id in review["identifier"]}


def test_format_maps_to_the_renderer():
    assert isinstance(ReportFormat.claimreview.to_renderer(), ClaimReviewRenderer)


def test_every_review_is_a_claimreview(reviews):
    _, data = reviews
    assert isinstance(data, list) and data
    for review in data:
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        assert review["author"] == PUBLISHER
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"]["@type"] in ("Person", "Organization") and item["author"]["name"]
        assert item["appearance"] and all(a["@type"] == "CreativeWork" for a in item["appearance"])
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        date.fromisoformat(review["datePublished"])


def test_rating_mapping(reviews):
    ratings = {claim_id: review["reviewRating"]["alternateName"] for claim_id, review in by_claim(reviews[1]).items()}
    assert ratings == {
        "fedorov-killed": "contradicted", "kremlin-killed": "contradicted",   # 5 against 1, opposing sides
        "windows-homes": "unsourced",                                          # the outlet's own voice
        "peskov-downed": "unverified", "resident-post": "unverified",          # hedged
        "doctors-missing": "revised", "fedorov-missing": "revised",            # 2, then 4 the next day
        "fedorov-injured": "corroborated", "doctors-injured": "corroborated",  # 20 and about 20
    }
    values = {review["reviewRating"]["alternateName"]: review["reviewRating"]["ratingValue"] for review in reviews[1]}
    assert values == {"contradicted": 1, "unsourced": 2, "unverified": 3, "revised": 4, "corroborated": 5}
    # Most severe first
    assert [r["reviewRating"]["ratingValue"] for r in reviews[1]] == sorted(values[r["reviewRating"]["alternateName"]]
                                                                           for r in reviews[1])


def test_most_severe_rating_wins():
    """A claim in an agreement and a contradiction is rated contradicted."""
    source = Source(id="s", path="s.md", outlet="S", published=date(2024, 1, 2), text="x")
    claims = [Claim(id=c, source="s", speaker=f"Speaker {c}", quote=f"quote {c}", start=0, end=1, action="killed",
                    object="people", low=3, high=3, incident="i") for c in ("a", "b", "c")]
    findings = [
        Finding(kind=FindingKind.agreement, incident="i", claims=["a", "b"], summary="agree"),
        Finding(kind=FindingKind.revision, incident="i", claims=["b", "c"], summary="rose"),
        Finding(kind=FindingKind.contradiction, incident="i", claims=["a", "c"], summary="differ"),
        Finding(kind=FindingKind.unsourced, incident="i", claims=["c"], summary="own voice"),
    ]
    report = Report(sources=[source], claims=claims, incidents=[], findings=findings)
    ratings = {r["identifier"][0]: (r["reviewRating"]["alternateName"], r["reviewBody"])
               for r in ClaimReviewRenderer().reviews(report)}
    assert ratings == {"a": ("contradicted", "differ"), "b": ("revised", "rose"), "c": ("contradicted", "differ")}


def test_claim_reviewed_is_the_whole_claim(reviews):
    found = by_claim(reviews[1])
    assert found["fedorov-killed"]["claimReviewed"] == ("Governor Ivan Fedorov said five people were killed and "
                                                        "that rescuers were still searching the rubble")
    assert found["kremlin-killed"]["claimReviewed"] == "only one person died"
    assert not any(r["claimReviewed"].endswith("…") for r in reviews[1])


def test_authors_and_appearances(reviews):
    found = by_claim(reviews[1])
    assert found["fedorov-killed"]["itemReviewed"]["author"] == {"@type": "Person", "name": "Ivan Fedorov"}
    assert found["peskov-downed"]["itemReviewed"]["author"] == {"@type": "Person", "name": "Dmitry Peskov"}
    assert found["kremlin-killed"]["itemReviewed"]["author"] == {"@type": "Organization", "name": "Kremlin"}
    # In the outlet's own voice, the outlet is the author
    assert found["windows-homes"]["itemReviewed"]["author"] == {"@type": "Organization", "name": "Lakeside Tribune"}

    [appearance] = found["fedorov-killed"]["itemReviewed"]["appearance"]
    assert appearance["url"] == "https://lakeside.example/2024/09/10/strike"
    assert appearance["publisher"] == {"@type": "Organization", "name": "Lakeside Tribune"}
    assert appearance["datePublished"] == "2024-09-10"
    assert found["fedorov-missing"]["itemReviewed"]["appearance"][0]["url"] == \
        "https://lakeside.example/2024/09/11/missing"
    # A javascript: URL is not passed on as a link
    assert "url" not in found["kremlin-killed"]["itemReviewed"]["appearance"][0]
    # The review is dated by the latest article its finding rests on
    assert found["doctors-missing"]["datePublished"] == "2024-09-11"
    assert found["kremlin-killed"]["datePublished"] == "2024-09-10"


def test_one_statement_in_two_outlets_is_one_review():
    sources = [Source(id=s, path=f"{s}.md", outlet=s.title(), published=date(2024, 3, day), url=f"https://{s}.example/",
                      text="x") for s, day in (("alpha", 1), ("beta", 2))]
    claims = [Claim(id=f"{s}-c", source=s, speaker="Kremlin", quote=f"the Kremlin said three drones ({s})", start=0,
                    end=1, action="downed", object="drones", low=3, high=3, incident="i") for s in ("alpha", "beta")]
    report = Report(sources=sources, claims=claims, incidents=[], findings=[
        Finding(kind=FindingKind.unverified, incident="i", claims=["alpha-c", "beta-c"], summary="only the Kremlin")])
    [review] = ClaimReviewRenderer(date_published=date(2024, 4, 1)).reviews(report)
    assert review["identifier"] == ["alpha-c", "beta-c"]
    assert [a["url"] for a in review["itemReviewed"]["appearance"]] == ["https://alpha.example/", "https://beta.example/"]
    assert review["datePublished"] == "2024-04-01"


def test_untrusted_text_is_kept_as_data(reviews):
    raw, data = reviews
    # Nothing that could end a script block or open a tag reaches the output raw
    for unsafe in ("</script>", "<script>", "<b>"):
        assert unsafe not in raw
    assert "\\u003c/script\\u003e" in raw
    found = by_claim(data)
    # ... yet the parsed JSON holds the text exactly as written
    assert found["resident-post"]["claimReviewed"] == '</script><script>alert("pwned")</script>'
    assert found["kremlin-killed"]["itemReviewed"]["appearance"][0]["publisher"]["name"] == HOSTILE_OUTLET
    # The hostile quote did not add keys or objects of its own
    assert set(found["resident-post"]) == set(found["kremlin-killed"])


def test_controls_and_escapes_never_reach_the_output():
    hostile = "Ministry\x1b[31m red\u2028next\u202eevil\x9b2J"
    source = Source(id="s", path="s.md", outlet=hostile, published=date(2024, 1, 2), text="x")
    claim = Claim(id="a", source="s", speaker=hostile, quote=f"said {hostile} & more", start=0, end=1,
                  action="killed", object="people", low=1, high=1)
    report = Report(sources=[source], claims=[claim], incidents=[], findings=[
        Finding(kind=FindingKind.unsourced, incident=None, claims=["a"], summary=hostile)])
    raw = ClaimReviewRenderer().render(report)
    for char in ("\x1b", "\u2028", "\u202e", "\x9b", "&"):
        assert char not in raw
    [review] = json.loads(raw)
    assert review["itemReviewed"]["author"]["name"] == hostile
    assert review["reviewBody"] == hostile
    assert "\x1b" not in review["claimReviewed"]


def test_empty_report_is_an_empty_array():
    assert json.loads(ClaimReviewRenderer().render(Report(sources=[], claims=[], incidents=[], findings=[]))) == []


def test_writes_to_a_file(reviews, tmp_path):
    result = CliRunner().invoke(cli, ["report", "--format", "claimreview", "--no-extract", "-o", "reviews.jsonld"])
    assert result.exit_code == 0
    assert json.loads(Path("reviews.jsonld").read_text(encoding="utf-8")) == reviews[1]


# Google's fact-check markup (developers.google.com/search/docs/appearance/structured-data/factcheck):
# ClaimReview requires claimReviewed, reviewRating and url, and recommends author and itemReviewed;
# the Rating requires alternateName (ratingValue, bestRating and worstRating go together); the
# reviewed Claim is recommended to have author, datePublished and appearance (or firstAppearance).
def google_problems(review: dict) -> list[str]:
    """What REVIEW lacks of Google's required and recommended ClaimReview properties."""
    problems = []
    for key in ("claimReviewed", "reviewRating", "url", "author", "itemReviewed"):
        if not review.get(key):
            problems.append(f"no {key}")
    if isinstance(review.get("claimReviewed"), str) and review["claimReviewed"].endswith("…"):
        problems.append("claimReviewed is cut")
    url = review.get("url", "")
    if url and not url.startswith(("https://", "http://")):
        problems.append("url is not absolute")
    author = review.get("author") or {}
    if author.get("@type") not in ("Organization", "Person") or not author.get("name"):
        problems.append("author is not a named Organization or Person")
    rating = review.get("reviewRating") or {}
    if rating.get("@type") != "Rating" or not rating.get("alternateName"):
        problems.append("reviewRating has no alternateName")
    numbers = [rating.get(k) for k in ("ratingValue", "bestRating", "worstRating")]
    if any(n is not None for n in numbers):
        if not all(isinstance(n, int) for n in numbers) or not numbers[2] <= numbers[0] <= numbers[1]:
            problems.append("ratingValue is not between worstRating and bestRating")
    item = review.get("itemReviewed") or {}
    if item.get("@type") != "Claim":
        problems.append("itemReviewed is not a Claim")
    if not (item.get("author") or {}).get("name"):
        problems.append("itemReviewed has no author")
    try:
        date.fromisoformat(str(item.get("datePublished"))[:10])
    except ValueError:
        problems.append("itemReviewed has no datePublished")
    if not item.get("appearance") and not item.get("firstAppearance"):
        problems.append("itemReviewed has no appearance")
    return problems


def test_every_review_passes_googles_required_and_recommended_properties(reviews):
    assert reviews[1]
    for review in reviews[1]:
        assert google_problems(review) == [], review["identifier"]


def test_the_validator_can_fail():
    """The check above is real: the pre-#22 output (no url, cut claim, no claim date) fails it."""
    review = {"claimReviewed": "Governor said…", "reviewRating": {"@type": "Rating", "ratingValue": 9,
                                                                  "bestRating": 5, "worstRating": 1},
              "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A"}}}
    assert google_problems(review) == [
        "no url", "no author", "claimReviewed is cut", "author is not a named Organization or Person",
        "reviewRating has no alternateName", "ratingValue is not between worstRating and bestRating",
        "itemReviewed has no datePublished", "itemReviewed has no appearance"]


def test_review_urls_and_claim_dates(reviews):
    found = by_claim(reviews[1])
    assert found["fedorov-killed"]["url"] == "https://factdesk.example/checks/zap-strike/fedorov-killed.html"
    # One review per statement: each has its own page
    assert len({r["url"] for r in reviews[1]}) == len(reviews[1])
    # The claim was first made when its earliest article came out; the review dates from the latest
    assert found["doctors-missing"]["itemReviewed"]["datePublished"] == "2024-09-10"
    assert found["fedorov-missing"]["itemReviewed"]["datePublished"] == "2024-09-11"


def test_ids_are_percent_encoded_in_the_url():
    from reconcile.claimsfile import Publisher

    source = Source(id="s", path="s.md", outlet="S", published=date(2024, 1, 2), text="x")
    claim = Claim(id="a:b/../c", source="s", speaker="Kremlin", quote="q", start=0, end=1, action="killed",
                  object="people", low=1, high=1, incident="inc 1?x")
    report = Report(sources=[source], claims=[claim], incidents=[], findings=[
        Finding(kind=FindingKind.unverified, incident="inc 1?x", claims=["a:b/../c"], summary="s")])
    renderer = ClaimReviewRenderer(publisher=Publisher(name="Desk"), review_url="https://d.example/{incident}/{claim}")
    [review] = renderer.reviews(report)
    assert review["url"] == "https://d.example/inc%201%3Fx/a%3Ab%2F..%2Fc"
    assert review["author"] == {"@type": "Organization", "name": "Desk"}
    assert renderer.missing_settings() == []


def test_without_settings_nothing_is_invented_and_stderr_says_what_is_missing(reviews, tmp_path):
    Path("claims.toml").write_text(CLAIMS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", "--format", "claimreview", "--no-extract"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data and not any("url" in r or "author" in r for r in data)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 2
    assert "[settings] review_url" in warnings[0] and "[settings] publisher" in warnings[1]
    # Other formats do not need the settings and do not warn
    result = CliRunner().invoke(cli, ["report", "--format", "json", "--no-extract"])
    assert "warning" not in result.stderr


@pytest.mark.parametrize(("line", "message"), [
    ('review_url = "https://d.example/{claimid}"', "unknown placeholder '{claimid}'"),
    ('review_url = "https://d.example/{claim"', "malformed placeholder"),
    ('review_url = "https://d.example/{claim!r}"', "takes no format or conversion"),
    ('review_url = "d.example/{claim}"', "is not an http(s) URL with a host"),
    ('review_url = "javascript:alert(1)//{claim}"', "is not an http(s) URL with a host"),
    ('publisher = { name = "Desk", url = "ftp://d.example" }', "'publisher.url'"),
    ('publisher = { url = "https://d.example" }', "'publisher.name': required field is missing"),
    ('publisher = "Desk"', "'publisher'"),
])
def test_bad_settings_are_one_line_errors_naming_the_line(reviews, line, message):
    Path("claims.toml").write_text(f"[settings]\ndate_window_days = 1\n{line}\n\n{CLAIMS}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", "--format", "claimreview", "--no-extract"])
    assert result.exit_code == 2
    [error] = result.stderr.strip().splitlines()
    assert error.startswith("Error: claims.toml:3: [settings]:") and message in error, error


def test_publisher_as_a_table_of_its_own(reviews):
    table = ('[settings]\nreview_url = "https://d.example/{claim}"\n\n'
             '[settings.publisher]\nname = "Desk"\nurl = "https://d.example/"\n\n')
    Path("claims.toml").write_text(table + CLAIMS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", "--format", "claimreview", "--no-extract"])
    assert result.exit_code == 0 and "warning" not in result.stderr
    assert all(r["author"] == {"@type": "Organization", "name": "Desk", "url": "https://d.example/"}
               for r in json.loads(result.stdout))
    # A bad value there names its own line
    Path("claims.toml").write_text(table.replace('"https://d.example/"\n', '"mailto:desk@d.example"\n') + CLAIMS,
                                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", "--format", "claimreview", "--no-extract"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: claims.toml:6: [settings]: 'publisher.url':")
