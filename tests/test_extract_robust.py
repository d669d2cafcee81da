"""Extraction never fails on odd text, and every claim's quote is the text at its span."""

from __future__ import annotations

import random
from datetime import date

import pytest

from reconcile.extract import extract_claims
from reconcile.findings import reconcile
from reconcile.incidents import match_incidents
from reconcile.models import Source
from reconcile.speakers import SpeakerIndex

WORDS = (
    "said Russia Ukraine killed 12 drones over the Kyiv region at least ; , . \" ' “ ” according to governor "
    "he she it they no one several dozens 1,300 km miles overnight Monday 15 March 2024 denied allegedly "
    "[bold] \x1b[31m | < > ( ) Kharkov Belgorod oblast Kurst of the which : - — his its their Izhevsk Kupol "
    "plant 14-year-old aged of them including and up to nearly"
).split()


@pytest.mark.parametrize("seed", range(4))
def test_word_salad_extracts_anchored_claims_and_matches_without_error(seed):
    rnd = random.Random(seed)
    sources, claims = [], []
    for n in range(150):
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 60)))
        if rnd.random() < 0.3:
            text = text.replace(". ", ".\n\n")
        source = Source(id=f"s{n}", path=f"s{n}.md", outlet="Salad", text=text,
                        published=date(2024, 3, 15) if rnd.random() < 0.7 else None)
        sources.append(source)
        for claim in extract_claims(source, SpeakerIndex()):
            assert source.text[claim.start:claim.end] == claim.quote
            claims.append(claim)
    incidents, claims = match_incidents(claims, sources)
    findings, _ = reconcile(incidents, claims, sources)
    assert {c.incident for c in claims} <= {i.id for i in incidents}
    assert all(set(f.claims) <= {c.id for c in claims} for f in findings)


# -- text without sentence ends: read in pieces, in time linear in its length

from reconcile.extract import MAX_SENTENCE, extract_source  # noqa: E402
from reconcile.extract.attribution import Attributor, _quoted_passages  # noqa: E402
from reconcile.extract.text import split_text  # noqa: E402

UNPUNCTUATED = ("said Russia Ukraine killed 12 drones over the Kyiv region at least according to governor he "
                "several dozens overnight Monday denied allegedly Kharkov Belgorod oblast Izhevsk plant of them "
                "including and up to nearly injured people homes damaged").split()


def _salad(words: int, seed: int = 0, vocabulary=UNPUNCTUATED) -> str:
    rnd = random.Random(seed)
    return " ".join(rnd.choice(vocabulary) for _ in range(words))


def test_a_run_without_sentence_ends_is_read_in_pieces_at_spaces():
    body = _salad(6000)
    sentences = split_text(body)
    assert len(sentences) > 1 and all(s.cut for s in sentences)
    assert all(len(s.text) <= MAX_SENTENCE and body[s.start:s.end] == s.text for s in sentences)
    # nothing lost, no word cut in two
    assert " ".join(s.text for s in sentences).split() == body.split()


def test_a_word_longer_than_the_limit_is_cut_inside():
    body = "x" * (MAX_SENTENCE * 2 + 5)
    sentences = split_text(body)
    assert [len(s.text) for s in sentences] == [MAX_SENTENCE, MAX_SENTENCE, 5]


def test_ordinary_sentences_are_not_cut():
    body = "Governor Kiper said four people were injured in Odesa. " * 40
    assert not any(s.cut for s in split_text(body))


def test_long_unpunctuated_text_extracts_anchored_claims():
    source = Source(id="long", path="long.md", outlet="Salad", text=_salad(30_000, seed=1),
                    published=date(2024, 3, 15))
    found = extract_source(source, SpeakerIndex())
    assert found.cut_sentences > 100
    assert found.claims
    assert all(source.text[c.start:c.end] == c.quote and len(c.quote) <= MAX_SENTENCE for c in found.claims)


def test_one_note_for_all_over_long_runs(run_cli, make_source):
    make_source("long-one", _salad(3000, seed=2), outlet="Salad", published=date(2024, 3, 15))
    make_source("long-two", _salad(3000, seed=3), outlet="Salad", published=date(2024, 3, 15))
    result = run_cli("report", "--format", "json")
    assert result.exit_code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "read in pieces" in line]
    assert len(notes) == 1
    assert "long-one.md" in notes[0] and "long-two.md" in notes[0] and f"{MAX_SENTENCE:,} characters" in notes[0]


def _quoted_passages_reference(body: str) -> list[tuple[int, int, str, str]]:
    """The quadratic original of `_quoted_passages`, for lines under its reach."""
    import re

    passages = []
    pairs = {"\"": "\"", "“": "”", "«": "»", "‘": "’"}
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch in pairs and (i == 0 or not body[i - 1].isalnum()):
            close = pairs[ch]
            j = i + 1
            while j < n:
                if body[j] == close and (j + 1 == n or not body[j + 1].isalpha()) and \
                        (close != "’" or body[j - 1] in ".,!?…" or j + 1 == n or body[j + 1] in " \n.,;:"):
                    break
                if body[j] == "\n" and body[j + 1:j + 2] == "\n":
                    j = n
                    break
                j += 1
            if j < n and j - i > 20:
                line_start = body.rfind("\n", 0, i) + 1
                line_end = body.find("\n", j)
                line_end = n if line_end < 0 else line_end
                intro = body[line_start:i]
                intro = intro if intro.rstrip().endswith(":") or intro.rstrip().endswith(",") else ""
                outro = re.split(r"[.!?](?:\s|$)", body[j + 1:line_end], maxsplit=1)[0]
                passages.append((i, j + 1, intro, outro if len(outro) < 150 else ""))
                i = j + 1
                continue
        i += 1
    return passages


QUOTED = WORDS + ["\"", "“", "”", "«", "»", "‘", "’", "said:", "wrote,", "\n", "\n\n", "it.’", "“We"]


@pytest.mark.parametrize("seed", range(20))
def test_quoted_passages_are_found_as_before(seed):
    rnd = random.Random(seed)
    lines = [" ".join(rnd.choice(QUOTED) for _ in range(rnd.randint(0, 60))) for _ in range(30)]
    body = "\n".join(lines)
    assert _quoted_passages(body) == _quoted_passages_reference(body)


class _ScanningAttributor(Attributor):
    """`_in_passage` as it was: a scan of every passage for every sentence."""

    def _in_passage(self, sentence):
        for start, end, intro, outro in self.passages:
            if start <= sentence.start and sentence.end <= end + 3 or (start <= sentence.start < end):
                found = self._passage_speaker(intro, outro)
                if found:
                    return found
        return None


@pytest.mark.parametrize("seed", range(10))
def test_sentences_in_passages_are_attributed_as_by_a_scan_of_all(seed):
    rnd = random.Random(seed)
    body = " ".join(rnd.choice(QUOTED + ["Governor Kiper said:", "the ministry wrote,"]) for _ in range(3000))
    fast, scanning = Attributor(body, SpeakerIndex()), _ScanningAttributor(body, SpeakerIndex())
    assert fast.passages
    for sentence in split_text(body):
        assert fast.attribute(sentence) == scanning.attribute(sentence)


def test_a_quoted_passage_is_attributed_once_however_many_sentences_it_holds(monkeypatch):
    """A long text of quote marks and reporting verbs (found by the long property run) once read
    each passage's intro for each of its sentences: work that grew with the square of the text."""
    from datetime import date

    from reconcile.extract import attribution
    from reconcile.models import Source
    from reconcile.parallel import extract_sources
    from reconcile.speakers import SpeakerIndex

    calls = []
    original = attribution.Attributor._passage_speaker

    def counted(self, intro, outro):
        calls.append(1)
        return original(self, intro, outro)

    monkeypatch.setattr(attribution.Attributor, "_passage_speaker", counted)
    text = ('<csript>,\u2028"\u202esaid and ' * 600)[:10_000]
    source = Source(id="t", outlet="T", published=date(2023, 9, 10), text=text, path="t.md")
    extract_sources([source], SpeakerIndex())
    passages = len(attribution._quoted_passages(text))
    assert 0 < len(calls) <= passages
