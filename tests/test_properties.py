"""Properties over generated input (#21): the quantity parser, the extractor, and whole reports.

Whatever the text, nothing raises, every figure is a count (0 <= low <= high <= MAX_FIGURE, exact
ints where the text gives whole numbers), every quote is the span it claims to be, and every
JSON report validates against `reconcile schema`. Input that reconcile refuses is refused with
exit 2 and one line, never a traceback.

The default profile runs a few hundred examples per property, for CI. The long one runs 10,000:

    python -m pytest tests/test_properties.py --hypothesis-profile long -p no:randomly
    python -m benchmarks.properties              # the same, timed (see benchmarks/README.md)

Profiles are registered in tests/conftest.py (where `--hypothesis-profile` can find them).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from reconcile.cli import ClaimsFormat, ReportFormat, cli  # noqa: E402
from reconcile.export import export_sqlite  # noqa: E402
from reconcile.lexicons import read_table  # noqa: E402
from reconcile.models import Interval, Source  # noqa: E402
from reconcile.parallel import extract_sources  # noqa: E402
from reconcile.pipeline import Config, run  # noqa: E402
from reconcile.quantities import (  # noqa: E402
    MAX_FIGURE,
    find_quantities,
    interval_problem,
    number_value,
    parse_quantity,
    shaped,
)
from reconcile.speakers import SpeakerIndex  # noqa: E402

QUANTITIES = read_table("quantities")
SLOW_INPUT_SECONDS = 5.0
"""No input of about 10 KB may take longer than this to extract."""

# -- building blocks of text

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spelled(n: int, and_after_hundred: bool = False) -> str:
    """N (0 <= N < 10**9) in English number words: 1212 -> 'one thousand two hundred twelve'."""
    def below_thousand(k: int) -> list[str]:
        words = []
        if k >= 100:
            words += [_UNITS[k // 100], "hundred"]
            k %= 100
            if k and and_after_hundred:
                words.append("and")
        if k >= 20:
            words.append(_TENS[k // 10] + (f"-{_UNITS[k % 10]}" if k % 10 else ""))
        elif k or not words:
            words.append(_UNITS[k])
        return words

    if n == 0:
        return "zero"
    words: list[str] = []
    for scale, name in ((10**6, "million"), (10**3, "thousand")):
        if n >= scale:
            words += below_thousand(n // scale) + [name]
            n %= scale
    if n:
        words += below_thousand(n)
    return " ".join(words)


def grouped(n: int, sep: str = ",") -> str:
    return f"{n:,}".replace(",", sep)


digits = st.one_of(
    st.integers(0, 1000).map(str),
    st.integers(0, 10**7).map(grouped),
    st.integers(0, 2**70).map(str),
    st.integers(2**53 - 5, 2**63 + 5).map(str),
    st.integers(2**62, 2**66).map(grouped),
    st.integers(1, 400).map(lambda k: "9" * k),
    st.tuples(st.integers(0, 10**6), st.integers(0, 99)).map(lambda t: f"{t[0]}.{t[1]}"),
)
figure_words = st.one_of(
    st.integers(0, 999_999_999).map(spelled),
    st.integers(0, 999_999).map(lambda n: spelled(n, and_after_hundred=True)),
    st.sampled_from(sorted(QUANTITIES["numbers"])),
    st.lists(st.sampled_from(sorted(QUANTITIES["multipliers"])), min_size=1, max_size=25).map(" ".join),
)
figure = st.one_of(
    digits, figure_words,
    st.tuples(digits, st.sampled_from(sorted(QUANTITIES["multipliers"]))).map(" ".join),
    st.sampled_from(sorted(QUANTITIES["vague"])),
    st.tuples(digits, st.sampled_from(["-", " to ", "\u2013"]), digits).map("".join),
    st.tuples(digits, digits).map(lambda t: f"between {t[0]} and {t[1]}"),
    digits.map(lambda d: f"-{d}"),
)
quantity_phrase = st.tuples(
    st.none() | st.sampled_from(sorted(QUANTITIES["qualifiers"])),
    figure,
    st.none() | st.sampled_from(sorted(QUANTITIES["post_qualifiers"])),
).map(lambda t: " ".join(p for p in t if p))

SPEAKERS = ["Governor Oleh Kiper", "Mayor Petra Danko", "the Russian defence ministry", "the Ukrainian Air Force",
            "local officials", "Russian MoD", "Some media reports", "He", "the governor", "ASTRA"]
PLACES = ["Odesa", "Kharkiv", "Kharkov", "Belgorod", "Kursk", "Kurst", "Izhevsk", "Kyiv", "Kiev", "Sumy",
          "the Kaluga region", "Pervyi Zavod", "Malokaterynivka", "Zaporizhzhia", "Novaya Zemlya"]
OBJECTS = ["drones", "missiles", "people", "children", "civilians", "soldiers", "homes", "apartments", "buildings",
           "vehicles", "km", "miles", "rockets", "Shahed drones", "acres", "aftershocks", "of them"]
VERBS = ["were killed", "were injured", "were wounded", "were shot down", "were launched", "were damaged",
         "were destroyed", "were evacuated", "were hit", "died", "were hospitalised", "are missing", "away"]
HEDGES = ["", "allegedly ", "reportedly ", "", ""]
DAYS = ["", " on Monday", " last night", " overnight", " on 15 March", " yesterday", " on Saturday morning"]
NOISE = ["\u202e", "\u2066", "\u200f", "\x1b[31m", "\u2028", "\r", "\t", "  ", "\u00a0", "\ufeff", "\x07", "*", "[b]",
         "<script>", "|", "#", "\\", '"', "'", "’", "—", "…", "Ё", "🙂", "\u0301"]

sentence = st.one_of(
    st.builds(lambda sp, h, q, o, v, p, d: f"{sp} said {h}{q} {o} {v} in {p}{d}.",
              st.sampled_from(SPEAKERS), st.sampled_from(HEDGES), quantity_phrase, st.sampled_from(OBJECTS),
              st.sampled_from(VERBS), st.sampled_from(PLACES), st.sampled_from(DAYS)),
    st.builds(lambda q, o, v, p, sp: f"{q} {o} {v} over {p}, according to {sp}.",
              quantity_phrase, st.sampled_from(OBJECTS), st.sampled_from(VERBS), st.sampled_from(PLACES),
              st.sampled_from(SPEAKERS)),
    st.builds(lambda q1, q2, o, p: f"{q1} adults and {q2} {o} were killed in {p}, including {q2} children.",
              quantity_phrase, quantity_phrase, st.sampled_from(OBJECTS), st.sampled_from(PLACES)),
    st.builds(lambda sp, p: f"{sp} denied that civilian targets in {p} were hit. One child, a 14-year-old boy, "
                            f"was killed, and a man he described as a member of the defence force.",
              st.sampled_from(SPEAKERS), st.sampled_from(PLACES)),
    st.text(min_size=0, max_size=40),
    st.lists(st.sampled_from(NOISE + ["12", " drones ", "killed", ".", ",", "Odesa", "said", "at least"]),
             max_size=30).map("".join),
)
paragraph = st.lists(sentence, min_size=1, max_size=5).map(" ".join)
body = st.lists(paragraph, min_size=1, max_size=5).map("\n\n".join)


def examples(in_ci: int) -> int:
    """IN_CI examples under the default profile ("ci"), to keep this file near 30 s; any other
    profile's own number (the long one's 10,000) for every property alike."""
    return in_ci if settings.get_current_profile_name() == "ci" else settings().max_examples


@contextmanager
def timed(limit: float, what: str):
    """The block must finish within LIMIT seconds, checked in the long run of the benchmark
    (`python -m benchmarks.properties`) only: speed is measured there, never in a timed test
    that a busy CI machine could fail."""
    start = time.perf_counter()
    yield
    took = time.perf_counter() - start
    if settings.get_current_profile_name() != "ci":
        assert took < limit, f"{what} took {took:.1f} s (limit {limit:g} s)"


# -- the quantity parser


def assert_count(interval: Interval) -> None:
    """INTERVAL is a count: 0 <= low <= high <= MAX_FIGURE, no NaN, whole bounds as ints."""
    assert interval_problem(interval) is None, interval
    assert 0 <= interval.low and (interval.high is None or interval.low <= interval.high <= MAX_FIGURE), interval
    for bound in (interval.low, interval.high):
        assert not isinstance(bound, float) or not bound.is_integer(), f"{bound!r} should be an int"


@given(st.one_of(quantity_phrase, st.text(max_size=60)))
def test_parse_quantity_never_raises(text):
    interval = parse_quantity(text)
    if interval is not None and interval_problem(interval) is None:
        assert_count(interval)


@given(st.one_of(sentence, paragraph, st.text(max_size=200)))
def test_every_figure_found_is_a_count_at_its_place(text):
    for mention in find_quantities(text):
        assert 0 <= mention.start <= mention.number_start < mention.end <= len(text)
        assert_count(mention.interval)


@given(st.integers(0, MAX_FIGURE), st.sampled_from(["", ",", " ", "\u00a0"]))
def test_whole_figures_read_back_exactly(n, sep):
    written = grouped(n, sep) if sep else str(n)
    assert parse_quantity(written) == Interval(low=n, high=n)
    assert type(parse_quantity(written).low) is int
    assert parse_quantity(f"at least {written}") == Interval(low=n, high=None)
    assert parse_quantity(f"up to {written}") == Interval(low=0, high=n)


@given(st.integers(MAX_FIGURE + 1, 10**60), st.sampled_from(["{}", "{:,}", "about {}", "over {:,}", "{} or more"]))
def test_figures_past_the_range_are_refused_not_wrapped(n, form):
    text = form.format(n)
    assert interval_problem(parse_quantity(text)) is not None
    assert find_quantities(f"Officials said {text} drones were shot down.") == []


@given(st.integers(0, 999_999_999), st.booleans())
def test_number_words_read_as_their_number(n, joined_by_and):
    words = spelled(n, and_after_hundred=joined_by_and)
    assert number_value(words) == n, words
    found = find_quantities(f"Officials said {words} drones were shot down.")
    assert [(q.interval.low, q.interval.high) for q in found] == [(n, n)], words


@given(st.one_of(st.integers(0, MAX_FIGURE // 2), st.decimals(0, 10**9, places=2).map(float)),
       st.sampled_from(["at_least", "over", "up_to", "under", "nearly", "about", None]),
       st.floats(0, 0.99))
def test_a_shape_keeps_its_figure_where_it_belongs(value, shape, width):
    interval = shaped(value, shape, width)
    assert_count(interval)
    high = float("inf") if interval.high is None else interval.high
    if shape == "over":
        assert interval.low > value
    elif shape == "under":
        assert high < value or value <= 0
    else:
        assert interval.low <= value <= high


# -- the extractor


@pytest.fixture(autouse=True, scope="module")
def _warm():
    """Load the gazetteer and lexicons before any example is timed: that is start-up, not extraction."""
    extract_sources([_source("Governor Oleh Kiper said 12 drones were shot down over Odesa.")], SpeakerIndex())


def _source(text: str, published: date | None = date(2024, 3, 15)) -> Source:
    return Source(id="generated", path="sources/generated.md", outlet="Generated", published=published, text=text)


def assert_sound_claims(source: Source, claims) -> None:
    seen = set()
    for claim in claims:
        assert claim.source == source.id
        if claim.start is not None:
            assert 0 <= claim.start < claim.end <= len(source.text)
            assert source.text[claim.start:claim.end] == claim.quote
        if claim.low is not None:
            assert_count(Interval(low=claim.low, high=claim.high))
        key = tuple(repr(getattr(claim, f)) for f in type(claim).model_fields if f != "id")
        assert key not in seen, f"the same claim twice: {claim}"
        seen.add(key)
    assert len({c.id for c in claims}) == len(claims)


@given(body, st.none() | st.just(date(2024, 3, 15)))
def test_extraction_never_fails_and_every_claim_is_sound(text, published):
    assume(text.strip())
    source = _source(text, published)
    notes: list[str] = []
    with timed(SLOW_INPUT_SECONDS, "extraction"):
        [extraction] = extract_sources([source], SpeakerIndex(), notes=notes)
    assert_sound_claims(source, extraction.claims)
    assert len(notes) <= 1


TEN_KB = 10_000


@st.composite
def long_text(draw) -> str:
    """About 10 KB: generated sentences repeated, or one adversarial pattern run on and on."""
    kind = draw(st.sampled_from(["sentences", "one-run", "no-ends"]))
    if kind == "sentences":
        pieces = draw(st.lists(sentence, min_size=1, max_size=8))
        unit = " ".join(pieces) + "\n\n"
    elif kind == "one-run":
        unit = draw(st.sampled_from([
            "1 ", "1,000 ", "9", "hundred ", "twenty-one ", "at least ", "drones ", "said ", "Odesa, ", "the ",
            "12 of the ", "a ", "and ", " ", ".", "(", "\u202e", "killed ", "One child, a boy, ", "'", "- ",
        ]))
    else:
        unit = draw(sentence).rstrip(".") + " and "
    text = (unit * (TEN_KB // max(len(unit), 1) + 1))[:TEN_KB]
    assume(text.strip())
    return text


@settings(max_examples=examples(40))
@given(long_text())
def test_no_input_of_10_kb_takes_long(text):
    source = _source(text)
    with timed(SLOW_INPUT_SECONDS, f"extracting {len(text):,} characters"):
        [extraction] = extract_sources([source], SpeakerIndex())
    assert_sound_claims(source, extraction.claims)


# -- whole reports of generated corpora, in every format


@cache
def report_validator():
    """A validator of `reconcile schema`, built once (jsonschema.validate checks the schema on every call)."""
    schema = json.loads(CliRunner().invoke(cli, ["schema"], catch_exceptions=False).stdout)
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    return validator(schema)


curated_value = st.one_of(
    st.integers(0, 10**6).map(str),
    st.integers(-10, MAX_FIGURE + 10).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda f: repr(f).replace("inf", "inf").replace("nan", "nan")),
    quantity_phrase.map(lambda q: json.dumps(q)),
    st.just("1e400"), st.just("-0.0"), st.just("true"),
)


@st.composite
def corpus(draw) -> tuple[dict[str, bytes], str | None]:
    """A few articles (name -> bytes) and maybe a claims.toml quoting them."""
    files: dict[str, bytes] = {}
    texts = {}
    for i in range(draw(st.integers(1, 3))):
        text = draw(body)
        front = draw(st.sampled_from(["", '+++\noutlet = "Wire {i}"\npublished = 2024-03-{d:02d}\n+++\n']))
        encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16"]))
        name = f"wire-{i}"
        texts[name] = text
        files[f"{name}.md"] = (front.format(i=i, d=draw(st.integers(1, 28))) + text).encode(encoding)
    claims = None
    if draw(st.booleans()):
        rows = []
        for n in range(draw(st.integers(1, 3))):
            name = draw(st.sampled_from(sorted(texts)))
            text = texts[name]
            start = draw(st.integers(0, max(len(text) - 1, 0)))
            quote = text[start:start + draw(st.integers(1, 60))] or "x"
            rows.append(f'[[claim]]\nid = "c{n}"\nsource = "{name}"\nquote = {json.dumps(quote, ensure_ascii=False)}\n'
                        f'speaker = "Governor Oleh Kiper"\naction = "killed"\nobject = "people"\n'
                        f"value = {draw(curated_value)}\n")
        claims = "\n".join(rows)
    return files, claims


@contextmanager
def in_folder(files: dict[str, bytes], claims: str | None):
    old = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "sources").mkdir()
        for name, data in files.items():
            (Path(folder) / "sources" / name).write_bytes(data)
        if claims is not None:
            (Path(folder) / "claims.toml").write_text(claims, encoding="utf-8")
        os.chdir(folder)
        try:
            yield Path(folder)
        finally:
            os.chdir(old)


def _no_constant(name: str):
    raise AssertionError(f"the JSON holds {name}, which JSON does not allow")


def assert_refused_cleanly(result) -> None:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
          max_examples=examples(60))
@given(corpus())
def test_a_report_of_any_corpus_renders_in_every_format(generated):
    files, claims = generated
    runner = CliRunner()
    with in_folder(files, claims) as folder:
        result = runner.invoke(cli, ["report", "--format", "json", "-j", "1"], catch_exceptions=False)
        if result.exit_code == 2:
            # only a curated figure, or an article with NUL characters, may be refused: in one line
            assert_refused_cleanly(result)
            binary = any("\x00" in data.decode("utf-8", "replace") for data in files.values())
            assert "claims.toml:" in result.stderr or (binary and "binary" in result.stderr), result.stderr
            return
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout, parse_constant=_no_constant)
        report_validator().validate(data)
        bodies = {s["id"]: s for s in data["sources"]}
        for claim in data["claims"]:
            assert claim["source"] in bodies
            if claim["low"] is not None:
                assert_count(Interval(low=claim["low"], high=claim["high"]))
        # the other formats from one run of the pipeline (the CLI's own path is the JSON's above)
        report = run(Config(paths=[Path("sources")], jobs=1))
        for fmt in ReportFormat:
            if fmt is not ReportFormat.json:
                assert fmt.to_renderer().render(report)
        for fmt in ClaimsFormat:
            assert fmt.to_renderer().render(report)
        export_sqlite(report, folder / "out.db")
        checked = runner.invoke(cli, ["check", "--format", "json", "--exit-zero", "-o", "check.json"],
                                catch_exceptions=False)
        assert checked.exit_code == 0, checked.output
        assert not [p for p in folder.iterdir() if ".tmp" in p.name], "a temporary file was left"
