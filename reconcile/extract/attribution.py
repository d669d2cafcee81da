"""Who says each sentence: "X said", "said X", "according to X", quoted passages, and coreference."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from ..anchor import fold
from ..gazetteer import contains, is_capital, place_by_key, place_candidates, resolve_place
from ..lexicons import read_table
from ..patterns import alternation
from ..roles import at_level, parse_role
from ..speakers import Speaker, SpeakerIndex, is_vague, speaker_key
from .text import Sentence
from .when import is_date_phrase, month_names, weekday_names
from .where import dateline_end


@dataclass(frozen=True)
class Attribution:
    """The speaker of a sentence, as written and as resolved."""

    text: str
    speaker: Speaker | None
    """None for a vague attribution."""
    vague: bool = False
    start: int = -1
    """Offset of the attribution phrase in the body; place mentions inside it are not the event's."""
    end: int = -1
    via: str | None = None
    """The medium that relays the speaker's words ("TASS quoted the minister as saying")."""
    group: str | None = None
    """For a vague attribution to a group of people ("officials", "doctors at the hospital"): the
    group as written. It names who spoke, though no origin a reader could check."""


@dataclass(frozen=True)
class _Lexicon:
    verb: re.Pattern
    lead_in: re.Pattern
    pronouns: dict[str, str]
    roles: frozenset[str]
    vague: frozenset[str]
    group_heads: frozenset[str]
    speaker_heads: frozenset[str]
    also_nouns: frozenset[str]
    """Reporting verbs that are nouns after a possessive: "the ministry's new report stated"."""
    media_heads: frozenset[str]
    name_particles: frozenset[str]
    name_after: re.Pattern
    """A name after the reporting verb: "..., said Vivian van de Perre", "..., says the Kremlin"."""
    informed: re.Pattern
    """Unnamed people who know: "people aware of the developments"."""
    not_kinds: frozenset[str]
    """Words before "reports" that say when or how sure, not what kind: "first reports"."""
    direction_of: re.Pattern
    """ "a short way south of Seoul": where, not who."""
    tallied: re.Pattern
    """Verbs of counting whose place subject is where, not who: "Kathmandu recorded 920 deaths"."""
    account: re.Pattern
    quantifiers: frozenset[str]
    side_cues: dict[str, frozenset[str]]
    media_cues: frozenset[str]
    collectives: dict[str, str]
    continuation: re.Pattern
    not_speech: re.Pattern
    impersonal: frozenset[str]
    published: re.Pattern
    publishes: re.Pattern
    put_out: frozenset[str]
    leading: re.Pattern
    """Lead-ins before a speaker's name: "Later,", "In its statement the ministry"."""
    source_label: re.Pattern = re.compile(r"(?!)")
    """A line naming the source of the quotes under it: "Source: Ihor Terekhov, on Telegram"."""
    quote_label: re.Pattern = re.compile(r"(?!)")
    """A label opening a quote or a detail of that source: "Quote:", "Details:"."""
    study: re.Pattern = re.compile(r"(?!)")
    owned_study: re.Pattern = re.compile(r"(?!)")
    """A study named by its owner: "An Associated Press investigation", "a UN review"."""
    """ "a study by X", "a study published in X": X names the study's origin (group "by")."""
    descriptive: re.Pattern = re.compile(r"(?!)")
    """Verbs that describe a study rather than report speech: "published in", "led by"."""
    revises: re.Pattern = re.compile(r"(?!)")
    """ "X raised its death toll": X, who gives the figure (group "who")."""
    study_verbs: frozenset[str] = frozenset()
    """Verbs that report speech only of research ("a study found"), not of anyone ("rescuers found")."""
    adjective: re.Pattern = re.compile(r"(?!)")
    """Count nouns after which a verb is an adjective: "the number of confirmed deaths"."""
    institutions: tuple[tuple[str, re.Pattern], ...] = ()
    """(party, cue pattern) for speakers of no side: "the county mayor" is official, "a study" research."""
    titles: frozenset[str] = frozenset()
    """Titles before a person's name ("Dr", "Rear Adm."), not part of it."""
    describing: re.Pattern = re.compile(r"(?!)")
    """Roles and trades that describe a person in apposition: "Anna Berg, a nurse at the clinic"."""
    role_word: re.Pattern = re.compile(r"(?!)")
    """Any of the roles, as a whole word: no person's name holds one."""
    titled: re.Pattern = re.compile(r"(?!)")
    """An office before a capitalised name: "Governor Ivan Petrenko"."""
    opener: re.Pattern = re.compile(r"(?!)")
    """Conjunctions and times before a speaker: "Though officials", "Last week the ISF"."""
    preposition: re.Pattern = re.compile(r"(?!)")
    """A phrase opening with a preposition is an adverbial: "In Dnipro", "At the district hospital"."""
    clause: re.Pattern = re.compile(r"(?!)")
    """Where a clause begins inside a subject: "Russia has consistently", "signed a declaration"."""
    counted: frozenset[str] = frozenset()
    """Heads that name what is counted: "Nine deaths from the fire"."""
    clause_words: frozenset[str] = frozenset()
    """Words that begin a clause ("went", "has"): a phrase opening with one is no subject."""
    described_ref: re.Pattern = re.compile(r"(?!)")
    """"the updated " of "the updated report": a described reference to what was named before."""


def _clock_or_date() -> str:
    """A clock time or a date before the speaker: "At 09:27 Klymenko said", "On January 16 the
    service said", "On Monday evening officials said" (months and weekdays from dates.toml)."""
    month, weekday = month_names(), weekday_names()
    return (r"(?:at|by|as\s+of|around|shortly\s+after|shortly\s+before)\s+\d{1,2}(?:[:.]\d{2})?"
            r"(?:\s*(?:a\.m|p\.m|am|pm|hours|GMT|UTC|local\s+time)\.?)?"
            rf"|on\s+(?:(?:{month})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{month}))(?:,?\s+\d{{4}})?"
            rf"|(?:(?:early|late)\s+)?(?:on\s+)?(?:{weekday})\s+(?:morning|afternoon|evening|night)"
            # "Late on Wednesday the AP put", "Since 25 September Saudi officials have"
            rf"|(?:early|late|earlier|later)\s+(?:on\s+)?(?:{weekday})"
            rf"|(?:(?:since|by|until|till|from|as\s+of)\s+)?(?:(?:{month})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?:{month}))"
            rf"(?:,?\s+\d{{4}})?")


@cache
def hearsay_heads() -> frozenset[str]:
    """Heads of hearsay ("reports", "sources"), from hedges.toml: vague, and a hedge as "reportedly" is."""
    return frozenset(w.lower() for w in read_table("hedges").get("hearsay", {}).get("heads", []))


def _words(items, ignorecase: bool = True) -> str:
    # one trie per word list: the same matches as the list longest first, at a fraction of the cost
    # (IGNORECASE: whether the pattern is compiled with re.IGNORECASE)
    return alternation(items, ignorecase)


@cache
def _lexicon() -> _Lexicon:
    data = read_table("attribution")
    cues = data["party_cues"]
    phrase = data["noun_phrase"]
    describing = [w.lower() for w in [*data["roles"], *data.get("describing", [])]]
    return _Lexicon(
        verb=re.compile(rf"\b(?:{_words([*data['verbs'], *data['studies']['verbs']])})\b", re.IGNORECASE),
        # ("Harsh Sanghavi, the minister, puts the toll at": a description set off by commas)
        revises=re.compile(rf"(?:^|[,;:]\s*)(?P<who>[^,;:]{{2,80}}?),?\s+(?:has\s+|had\s+)?(?:{_words(data['revises'])})\s+"
                           rf"(?:its|their|the|his|her|a|an)\s+(?:new\s+|latest\s+|official\s+|confirmed\s+|earlier\s+|previous\s+|"
                           rf"initial\s+|provisional\s+)?(?:death\s+)?"
                           rf"(?:toll|count|tally|figure|total)\b", re.IGNORECASE),
        study_verbs=frozenset(v.lower() for v in data["studies"]["verbs"]),
        source_label=re.compile(rf"^[^\w\n]*(?:{_words(data['labels']['source'], False)})[ \t]*:[ \t]*"
                                rf"(?P<who>\S[^\n]{{1,150}})$", re.MULTILINE),
        quote_label=re.compile(rf"^\W*(?:{_words(data['labels']['quote'], False)})\s*:"),
        lead_in=re.compile(rf"(?:^|[\s,;(])(?:{_words(data['lead_ins'])})\s+", re.IGNORECASE),
        pronouns={k.lower(): v for k, v in data["pronouns"].items()},
        roles=frozenset(r.lower() for r in data["roles"]),
        vague=frozenset(v.lower() for v in data["vague"]),
        group_heads=frozenset(v.lower() for v in data["group_heads"]),
        speaker_heads=frozenset(v.lower() for v in data["speaker_heads"]),
        also_nouns=frozenset(v.lower() for v in data["also_nouns"]),
        media_heads=frozenset(v.lower() for v in data["media_heads"]),
        quantifiers=frozenset(v.lower() for v in read_table("rules")["vague"]["qualifiers"]),
        side_cues={side: frozenset(w.lower() for w in cues[side]) for side in ("russia", "ukraine")},
        media_cues=frozenset(w.lower() for w in cues["media"]),
        collectives={k.lower(): v for k, v in data["collectives"].items()},
        continuation=re.compile(rf"^\W*(?:{_words(data['continuations'])})\b", re.IGNORECASE),
        not_speech=re.compile(rf"^\s+(?:{_words(data['not_speech_after'])})\b", re.IGNORECASE),
        impersonal=frozenset(w.lower() for w in data["impersonal"]),
        put_out=frozenset(w.lower() for w in [*data["published_nouns"], *data["statement_nouns"]]),
        publishes=re.compile(rf"\b(?:{_words([*data['published_nouns'], *data['statement_nouns'], 'toll'])})\b",
                             re.IGNORECASE),
        described_ref=re.compile(rf"^the\s+(?:(?:{_words(data['published_adjectives'])})\s+){{1,3}}(?=[\w-]+$)",
                                 re.IGNORECASE),
        published=re.compile(rf"^\W*(?P<owner>the|these|those|his|her|its|their)\s+"
                             rf"(?:(?:{_words(data['published_adjectives'])})\s+){{0,3}}"
                             rf"(?:{_words(data['published_nouns'])})\b", re.IGNORECASE),
        # "In its statement the ministry": where it was said, not who said it
        leading=re.compile(rf"^(?:(?:{_LEADING_WORDS}|(?:in|on|at|through|via|during|with)\s+"
                           rf"(?:its|his|her|their|a|an|the|this|that|one)\s+(?:[\w-]+\s+){{0,2}}?"
                           rf"(?:{_words(data['statement_nouns'])})"
                           # "a statement from the prosecutor's office": the office
                           rf"|(?:a|an|the)\s+(?:[\w-]+\s+)?(?:{_words(data['statement_nouns'])})"
                           rf"(?:\s+(?:{_words(data['put_out_by'])}))?\s+(?:from|by|of)(?=\s)"
                           # "preliminary information from emergency services": the services
                           rf"|(?:(?:a|an|the)\s+)?(?:[\w-]+\s+)?(?:{_words(data['impersonal'])})"
                           rf"(?:\s+(?:{_words(data['put_out_by'])}))?"
                           rf"\s+(?:from|by)(?=\s))"
                           rf"(?:\b|(?<=\.))[\s,]*)+", re.IGNORECASE),
        # "In Brechalov's account, ...", "By his count, ...": whose account the sentence gives
        account=re.compile(rf"\W*(?:in|by)\s+(?:(.{{2,60}}?)(?:'s|’s|')|(his|her|its|their))\s+"
                           rf"(?:(?:own|latest|new|updated|official)\s+)?(?:{_words(data['account_nouns'])})\b",
                           re.IGNORECASE),
        study=re.compile(rf"^(?:(?:a|an|the)\s+)?(?:(?:new|recent|peer-reviewed|independent|separate|later)\s+)?"
                         rf"(?:{_words(data['studies']['nouns'])})\s+(?:{_words(data['studies']['by'])})\s+(?P<by>.+)$",
                         re.IGNORECASE),
        owned_study=re.compile(rf"^(?:(?:a|an|the)\s+)?(?:new\s+|recent\s+|separate\s+|later\s+)?"
                               rf"(?P<by>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,4}})(?:'s|’s)?\s+"
                               rf"(?:{_words(data['studies']['nouns'])})$"),
        adjective=re.compile(rf"^\s+(?:{_words(data['adjective_before'])})\b", re.IGNORECASE),
        descriptive=re.compile(rf"(?:{_words(data['studies']['by'])})\b", re.IGNORECASE),
        institutions=tuple((party, re.compile(rf"\b(?:{_words(words)})\b", re.IGNORECASE))
                           for party, words in data.get("institution_cues", {}).items()),
        titles=frozenset(t.lower() for t in data.get("person_titles", [])),
        name_particles=frozenset(data["name_particles"]),
        # a name after the verb: "..., said Vivian van de Perre", "..., says the Kremlin"
        name_after=re.compile(rf"^(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+the\s+|of\s+|for\s+the\s+|and\s+|"
                              rf"(?:(?:{_words(data['name_particles'], False)})\s+){{1,2}})?[A-Z][\w'’.-]*){{0,6}}$"),
        informed=re.compile(rf"^(?:(?:a|an|the|two|three|several|some)\s+)?(?:{_words(data['informed']['heads'])})\s+"
                            rf"(?:{_words(data['informed']['after'])})\b", re.IGNORECASE),
        not_kinds=frozenset(w.lower() for w in data["hearsay_not_kinds"]),
        direction_of=re.compile(rf"\b(?:{_words(data['directions'])})(?:ern)?(?:wards?)?\s+of\b", re.IGNORECASE),
        tallied=re.compile(rf"(?:{_words(data['tallying_verbs'])})$", re.IGNORECASE),
        describing=re.compile(rf"\b(?:{_words(describing, False)}|"
                              rf"{_words(_PERSON_ROLES, False)})\b"),
        titled=re.compile(rf"\b(?i:(?P<title>{_words(r.lower() for r in data['roles'])}))\s+"
                          rf"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{1,2}})"),
        role_word=re.compile(rf"\b(?:{_words((r.lower() for r in data['roles']), False)})\b"),
        opener=re.compile(rf"^(?:(?:{_words([*phrase['conjunctions'], *phrase['time_openers']])}|{_clock_or_date()})"
                          rf"(?:\b|(?<=\.))[\s,]*)+", re.IGNORECASE),
        preposition=re.compile(rf"^(?:{_words(phrase['prepositions'])})\s", re.IGNORECASE),
        # a clause word, or a past tense taking an object ("signed a", "denounced what")
        clause=re.compile(rf"\s(?:(?:{_words(phrase['clause_words'], False)})\b|[a-z]+ed\s+"
                          rf"(?:a|an|the|what|this|that|his|her|its|their)\b)"),
        counted=frozenset(w.lower() for w in phrase["counted_heads"]),
        clause_words=frozenset(w.lower() for w in phrase["clause_words"]),
    )


# Words that open a clause but are not part of the speaker's name; with "In its statement", "In a
# later update" and the like (statement nouns in attribution.toml), built in `_lexicon`.
_LEADING_WORDS = (
    r"later|earlier|but|and|however|meanwhile|instead|also|then|in all|all told|in total|overall|altogether|all in all|"
    r"in turn|in addition|separately|"
    r"subsequently|previously|initially|first|finally|now|so|yet|still|despite this|at the same time|"
    r"in a statement|in a telegram post|on telegram|on monday|on tuesday|on wednesday|on thursday|on friday|"
    r"on saturday|on sunday|this morning|last night|overnight|today|yesterday|morning|evening|afternoon|night")
_TRAILING = re.compile(
    r"(?:[\s,]+(?:also|later|further|earlier|meanwhile|then|subsequently|previously|initially|first|has|have|had|"
    r"was|were|is|are|had been|has been|(?-i:which|who)|separately|now|again|in turn|once again|too|both|"
    r"in a statement|on telegram|in a telegram post|on monday|on tuesday|on wednesday|on thursday|on friday|"
    r"on saturday|on sunday|this morning|last night|(?-i:today|yesterday|it|that)|"
    # adverbs before the verb: "On Thursday Iran nearly doubled its count"
    r"nearly|almost|quickly|swiftly|promptly|recently|repeatedly|officially|publicly|formally|ultimately|"
    r"immediately|briefly|since|"
    # (lower case only: "the head of the WHO", "the head of IT" end in a name)
    # "Footage shared online seems to show": the subject is before the raising verb
    r"seems?\s+to|seemed\s+to|appears?\s+to|appeared\s+to)\b)+$", re.IGNORECASE)
_QUOTE_OPEN = "\"“«‘"
_QUOTE_CLOSE = "\"”»’"
_NAMEISH = re.compile(r"[A-Z]")
# Clause fragments that are never a speaker: relative clauses, participles, adverbials.
_SKIP_PART = re.compile(r"^(?:who|which|whose|where|when|while|as|after|before|with|without|despite|amid|following|"
                        r"speaking|writing|citing|relying|"
                        r"quoting|referring|commenting|according|(?:in\s+an?\s+\w+(?:\s+\w+)?|on\s+\w+day(?:\s+(?:morning|afternoon|evening|night))?|"
                        r"for\s+(?:their|his|her|its)\s+part|in\s+turn)$)\b",
                        re.IGNORECASE)
# A fragment with a figure or a finite verb is a clause, not a name ("Two workers were injured, he added").
_CLAUSE = re.compile(r"\d|\b(?:were|was|is|are|has been|have been|had been|had|launched|killed|injured|shot|"
                     r"struck|hit|attacked|died)\b", re.IGNORECASE)
# Where a subject cannot reach back past: a semicolon, a colon (not a clock's, "At 10:40 Klymenko
# said") or a closing quote (not a possessive's apostrophe, "the ministry’s report")
_CLAUSE_END = re.compile(rf";|:(?!\d)|(?!’s\b)[{_QUOTE_CLOSE}]")
_AGENT_END = re.compile(r"\s+(?:[Tt]o|[Tt]hat|[Aa]s|[Ww]ho|[Ww]hich|[Ww]hen|[Ww]hile|[Aa]fter)\s")
# A word of a person's name: "Kyrylo", "PK", "al-Qudra", "O'Brien"
_NAME_WORD = re.compile(r"^(?:(?:al|el|ad|ash|as|bin|ibn|abu)-)?[A-Z][\w'’.-]*$")
_ANONYMOUS = re.compile(r"\b(?:asked|declined|requested)\s+not\s+to\s+be\s+(?:named|identified)|"
                        r"\b(?:declined|refused)\s+to\s+be\s+(?:named|identified)|"
                        r"\bon\s+(?:the\s+)?condition\s+of\s+anonymity|\bwho\s+(?:was|were)\s+not\s+named|"
                        r"\bnot\s+authori[sz]ed\s+to\s+(?:speak|talk|comment)", re.IGNORECASE)
# An appositive's opening: "another department run by Hamas", "a body that coordinates rescue work"
_INDEFINITE = re.compile(r"^\s*(?:a|an|another|one\s+of)\s", re.IGNORECASE)
_THE = re.compile(r"^\s*the\s", re.IGNORECASE)
# A conjunction that opens the speaker's own clause: "..., while local media put the toll at 100"
_CONJUNCTION = re.compile(r"^\s*(?:while|whereas|although|though|but|and|as|after|once|because|since)\s+(?=\S)",
                          re.IGNORECASE)
# ("the head of the WHO said": the acronym is no relative pronoun)
_RELATIVE = re.compile(r"(?<=\w)\s+(?:[Ww]ho|[Ww]hose)\s+")
_AUXILIARY = re.compile(r"(?:\s+(?:has|have|had|was|were|is|are|also|previously|earlier|later|been|already|not|"
                        r"reportedly|allegedly|further|repeatedly|again))+\s*$", re.IGNORECASE)
# "have been confirmed", "was reported": the verb after it is passive
_PASSIVE_BEFORE = re.compile(r"\b(?:been|was|were|is|are|be|being)(?:\s+(?:also|later|officially|now|since|first|"
                             r"formally|independently|not|so\s+far))?\s+$", re.IGNORECASE)
_COUNTRY_NOUN = re.compile(r"\b(Ukraine|Kyiv|Kiev|Russia|Moscow|Kremlin)\b(?!['’]s)")
_COUNTRY_SIDE = {"ukraine": "ukraine", "kyiv": "ukraine", "kiev": "ukraine", "russia": "russia", "moscow": "russia",
                 "kremlin": "russia"}


@cache
def _number_words() -> frozenset[str]:
    """Number words ("nine", "dozens"): a phrase opening with one counts something, it is no speaker."""
    quantities = read_table("quantities")
    # not "a", "an", "one": "a study by ...", "one official said" name speakers
    numbers = [w for w, n in quantities["numbers"].items() if n != 1]
    return frozenset(w.lower() for w in [*numbers, *quantities["vague"]] if " " not in w)


def _possessor_side(context: str) -> str | None:
    """The side of the last country named as a noun in CONTEXT ("what Ukraine called ... its")."""
    found = _COUNTRY_NOUN.findall(context)
    return _COUNTRY_SIDE[found[-1].lower()] if found else None


_DETERMINER = re.compile(r"\b(?:of|the|its|their|his|her|an|a|official|newly)\s+$", re.IGNORECASE)
# Head nouns of attributions that name no origin: "eyewitness footage", "Ukrainian media sources".
_VAGUE_HEADS = {"sources", "source", "reports", "report", "rumours", "rumors", "footage", "videos", "video", "posts",
                "pictures", "images", "photos", "photographs",
                "outlets", "media",
                "accounts", "witnesses", "eyewitnesses", "residents", "locals", "bloggers", "users", "insiders",
                "updates", "information"}
_PARTICIPLE = re.compile(r"\s(?:[a-z]{3,}ing|involved|based|stationed|deployed)\s")
_GROUP_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# "the ministry's new report": a possessive, perhaps an adjective, before the word
_POSSESSIVE_BEFORE = re.compile(r"(?:['’]s|s['’])\s+(?:[\w-]+\s+)?$")
# "Various reports say", "unconfirmed claims": a word like these makes a verb that may be a noun one
_QUANTIFIER_BEFORE = re.compile(r"(?:^|[^\w'’])(?:various|some|several|many|other|unconfirmed|conflicting|initial|"
                                r"local|media|news|press|multiple|numerous|separate|recent|latest|further|early|"
                                r"earlier|preliminary|unverified|official)\s+$", re.IGNORECASE)
# "rejected Palestinian claims", "dismissed Russian reports": the object of a verb before it
_OBJECT_OF_VERB = re.compile(r"\s(?:[a-z]+ed|denies|rejects|dismisses|disputes)\s+(?:[\w-]+\s+)?$")
_THAT_AFTER = re.compile(r"\s+that\b")
_ARTICLE_BEFORE = re.compile(r"(?:^|[^\w'’])(?:a|an|the|its|their|his|her|this|that)\s+$", re.IGNORECASE)
# Officials of a body that has a name speak for it: "officials from the Ministry of Health"
_OFFICIALS_OF = re.compile(r"^(?:the\s+)?(?:senior\s+|local\s+|other\s+)?(?:officials?|representatives?)\s+"
                           r"(?:from|of|at|with)\s+(?P<body>(?:the\s+)?[A-Z].*)$", re.IGNORECASE)
_UNOWNED = re.compile(r"(?:a|an|another|one|some|previous|earlier|prior|an\s+earlier|a\s+previous|a\s+prior)\s",
                      re.IGNORECASE)
_BAD_SUBJECT = re.compile(r"^(?:this|that|there|which|what|who|as|if|when|one|some|many|all|the|a|an)$", re.IGNORECASE)
# "the regional governor", "Libya's UN ambassador": a definite phrase after a reporting verb
_DEFINITE_AFTER = re.compile(r"^(?:the\s+|[A-Z][\w.-]*['’]s\s+)(?:[\w'’.-]+\s+){0,4}[\w'’.-]+$")
_PERSON_ROLES = {"governor", "mayor", "head", "official", "spokesman", "spokeswoman", "spokesperson", "president",
                 "minister", "chief", "commander", "leader", "director", "adviser", "advisor", "deputy", "source",
                 "ambassador", "envoy"}


def _places_only(phrase: str) -> bool:
    """Whether PHRASE lists places and nothing else ("Hama and Tartus", "Kursk, Bryansk and
    Belgorod"): where, not who (a single capital may stand for its government)."""
    parts = [p.strip() for p in re.split(r"\s*,\s*|\s+and\s+", phrase) if p.strip()]
    if len(parts) < 2 or any(len(p.split()) > 3 for p in parts):
        return False
    for part in parts:
        found = place_candidates(part)
        if not found or found[0].kind not in ("city", "region", "county", "country"):
            return False
    return True


_RECENT = 32
"""Speakers remembered for coreference: "he", "the governor" refer to one of the last this many."""
_INTRO_REACH = 2_000
"""Characters before a quoted passage, on its line, read for its speaker ("The governor said: ...");
the longest line of the evaluation articles has 495."""
_INTRO_CLAUSE = 400
"""Of that, what the speaker can stand in: the last sentence before the quote, at most this long."""
_OUTRO_REACH = 200
"""Characters after a quoted passage read for its speaker (only a phrase under 150 is used)."""
_LABEL_REACH = 3_000
"""How far (characters) after a "Source:" line its "Quote:" and "Details:" labels still quote it."""


# Relays: a medium passing on an origin's words. "TASS quoted the minister as saying", "the media
# office, as cited by AFP, says", "..., according to the broadcaster", "the UN, citing X, said".
# ("TASS, the Russian state-run news agency, cited military police as saying": the medium with
# its description)
_QUOTED_AS = re.compile(r"(?P<via>[A-Z][^.;:]{1,80}?)\s+(?:quoted|cited|quote|quotes|cite|cites)\s+"
                        r"(?P<who>[^.;:]{2,80}?),?\s+as\s+(?:saying|telling|stating|writing|putting|giving|placing)\b")
_RELAYED_BY = re.compile(r"\b(?:as\s+)?(?:cited|quoted|reported|relayed|carried)\s+by\s+(?P<via>[^,.;:()]{2,60}?)"
                         r"(?=\s*[,.;:)]|\s+(?:that|as)\b|\s*$)", re.IGNORECASE)
# A name set before its description: "Harsh Sanghavi, " in "Harsh Sanghavi, the minister, puts ..."
_NAME_BEFORE_APPOSITION = re.compile(r"(?:^|[.;:]\s*)\s*(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3})\s*,\s*$")
# "the ministry claimed to have shot down 337": the subject claims its own act (where "are said to
# have died" is hearsay by nobody named)
_CLAIMS_OWN_ACT = re.compile(r"(?:claimed|claims|claim|boasted|boasts)\s+to\s+(?:have|be)\b", re.IGNORECASE)
# Where a clause gives way to another that a lead-in before it does not reach
_LATER_CLAUSE = re.compile(r";|\bbut\b|,\s*(?:and|while|whereas|although|though)\b", re.IGNORECASE)
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?P<via>[^,.;:()]{2,60}?)(?=\s*[,.;:)]|\s*$)", re.IGNORECASE)
# "relatives told CNN that ...": the medium spoken to relays the speaker's words
_TOLD = re.compile(r"\btold\s+(?:the\s+)?(?P<via>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3})")
# ", citing local officials," or at the sentence's end: ", citing local officials."
_CITING = re.compile(r",\s*(?:citing|quoting)\s+(?P<who>[^,]{2,80}?)(?:,|[.!?]?[\"”’]?\s*$)", re.IGNORECASE)
# "the ministry's figures", "the ministry's latest data": the ministry
_WHOSE = re.compile(r"(?:'s|’s)\s+(?:[\w-]+\s+)?(?:figures|data|numbers|count|tally|statement|report|estimates?|"
                    r"updates?|briefing|bulletin|post|figure|claims?|allegations?|account|assertion|remarks?)$",
                    re.IGNORECASE)


# A figure counting something inside a phrase ("... up to 25 people ..."): no name goes on past it
# ("Channel 4", "Unit 8200" end at their number)
_COUNT_IN_PHRASE = re.compile(r"\s+(?:(?:up\s+to|at\s+least|at\s+most|more\s+than|fewer\s+than|less\s+than|about|"
                              r"around|nearly|almost|some|over|as\s+many\s+as|no\s+fewer\s+than|no\s+more\s+than)"
                              r"\s+\d|\d[\d,.]*\s+(?!(?:the|a|an|and|or|of|in|on|at|to)\b)[a-z])")


def _is_medium(speaker: Speaker) -> bool:
    """A news outlet or agency: it relays others' words rather than being their origin."""
    return speaker.kind == "media" or (speaker.party or "").endswith("-media")


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _by_phrase(method):
    """METHOD memoised by its phrase: one that reads only the shared lexicon, never the article."""
    memo: dict[str, object] = {}

    @functools.wraps(method)
    def wrapper(self, phrase: str):
        if phrase not in memo:
            if len(memo) >= 8192:
                memo.clear()
            memo[phrase] = method(self, phrase)
        return memo[phrase]

    return wrapper


class Attributor:
    """Attributes the sentences of one article in order, remembering speakers for coreference."""

    def __init__(self, body: str, index: SpeakerIndex, home_side: str | None = None, day: date | None = None):
        """HOME_SIDE: the side of the outlet's own party, if known: a Russian outlet's "the Defence
        Ministry" is Russia's, whatever places the sentence names. DAY: the article's date, for who
        held an office then."""
        self.home_side = home_side
        self.day = day
        self.focus: list[str] = []
        """Place keys the current sentence is about, nearest first: "the region's governor" is theirs."""
        self.index = index
        self.lex = _lexicon()
        self.recent: list[Speaker] = []
        self.passages = _quoted_passages(body)
        self._passage_starts = [p[0] for p in self.passages]
        self._passage_ends = [p[1] for p in self.passages]
        self._passage_speakers: dict[int, Attribution | None] = {}
        """Each quoted passage's attribution, read once."""
        self.previous: Attribution | None = None
        self.paragraph = -1
        self.unowned = False
        """The sentence just attributed opens with figures put out by nobody it can name ("The most
        recent figures put ..."), or a place counted them: no speaker carries into it."""
        self.place_counts = False
        """The sentence's subject is a place that counted: "Kathmandu recorded 920 deaths"."""
        self.labelled: Attribution | None = None
        """The speaker of the last "Source: X" line before the sentence, which the "Quote:" and
        "Details:" paragraphs after it quote (a layout of some news sites)."""
        self._source_lines = [(m.start(), m.group("who")) for m in self.lex.source_label.finditer(body)]
        self._source_speakers: dict[int, Attribution | None] = {}
        self.last_named: tuple[int, Attribution, bool] | None = None
        """The paragraph of the last sentence with a named speaker, its attribution, and whether
        that sentence speaks of figures put out ("put out a revised count")."""

    # -- resolution
    def _party(self, phrase: str, kind_media: bool, default_side: str | None) -> str | None:
        words = set(re.findall(r"[a-z']+", fold(phrase).lower()))
        sides = [side for side, cues in self.lex.side_cues.items() if words & cues]
        side = sides[0] if len(sides) == 1 else (None if sides else default_side)
        if side is None and not sides and not kind_media:
            # no side of a conflict: an institution's party ("the fire chief", "a Harvard study")
            # the longest cue decides: "the geological survey" is an agency, "a survey" research
            found = [(len(m.group(0)), party) for party, cue in self.lex.institutions
                     for m in cue.finditer(fold(phrase))]
            return max(found, key=lambda f: f[0])[1] if found else None
        if side is None:
            return "independent-media" if kind_media and not sides else None
        return f"{side}-media" if kind_media else f"{side}-official"

    @_by_phrase
    def noun_phrase(self, phrase: str) -> str | None:
        """PHRASE cut to the noun phrase that can name a speaker, or None when it cannot be one.

        "Though officials" -> "officials", "Last week the ISF" -> "the ISF", "Russia has
        consistently" -> "Russia", "(MENAFN) Russia's Investigative Committee" -> "Russia's
        Investigative Committee"; "In Dnipro", "Nine deaths from the fire" and "Damage" -> None.
        """
        # an unbalanced bracket is site noise or a cut abbreviation: "MENAFN) X", "Service (FSB"
        if phrase.count(")") > phrase.count("("):
            phrase = phrase[phrase.rindex(")") + 1:]
        if phrase.count("(") > phrase.count(")"):
            phrase = phrase[:phrase.rindex("(")]
        # "(MENAFN) Russia's ...": a bracket opening the phrase is the wire's tag
        phrase = re.sub(r"^\s*\([^()]{1,40}\)\s*", "", phrase)
        # "Russia - Russian authorities": the dash sets off what names the speaker
        phrase = re.split(r"\s+[-–—]\s+", phrase)[-1].strip(" ,;:")
        # "sparring in which Moscow and Kyiv each accused": the relative clause has its own subject
        relative = list(re.finditer(r"\b(?:in|during|after|under|by)\s+which\s+", phrase, re.IGNORECASE))
        if relative:
            phrase = phrase[relative[-1].end():]
        phrase = self.lex.opener.sub("", phrase).strip(" ,;:")
        phrase = re.sub(r"\s+(?:each|both|all|themselves|itself)$", "", phrase, flags=re.IGNORECASE)
        first = phrase.split()[0] if phrase else ""
        # (an acronym is a name: "WHO said")
        if not phrase or self.lex.preposition.match(phrase) or \
                (first.lower() in self.lex.clause_words and not first.isupper()):
            return None
        cut = self.lex.clause.search(phrase)
        if cut:
            phrase = _TRAILING.sub("", phrase[:cut.start()]).strip(" ,;:")
        counted = _COUNT_IN_PHRASE.search(phrase)
        if counted:
            # "according to CBS News up to 25 people remain missing": a count starts the clause
            phrase = phrase[:counted.start()].strip(" ,;:")
        words = fold(phrase).lower().split()
        if self.lex.informed.match(phrase):
            return phrase  # "people aware of the developments" speak, unnamed
        # ("The dead include three children, ..., reports say": what is counted is no speaker)
        core = words[1:] if words and words[0] in ("the", "a", "an") else words
        if not core or core[0] in self.lex.counted or words[-1] in self.lex.counted:
            return None
        if (words[0].isdigit() or words[0] in _number_words()) and not (
                len(words) > 1 and (words[-1] in self.lex.group_heads or words[-1] in hearsay_heads())):
            # "Nine deaths from the fire" counts; "three police sources", "two Arab diplomats" speak
            return None
        return phrase

    def resolve(self, phrase: str, default_side: str | None = None, context: str = "") -> Attribution | None:
        """PHRASE as an attribution: a known or new speaker, a coreference, or vague.

        CONTEXT is the sentence before the phrase: "it" and "they" look there first for a
        speaker already named ("The ministry made no statement, though it claimed ...").
        """
        phrase = self.lex.leading.sub("", phrase.strip(" ,;:\"'“”‘’«»")).strip()
        phrase = _TRAILING.sub("", phrase).strip(" ,;:")
        # "the ministry's new report", "the agency's figures": who put them out
        phrase = _WHOSE.sub("", phrase).strip() or phrase
        phrase = self.noun_phrase(phrase) if phrase else None
        if phrase and _NAMEISH.match(phrase):
            # "Tymoshenko said", after "Kyrylo Tymoshenko said": the person named before, though a
            # village bears the name too
            named = self._named_before(phrase)
            if named is not None:
                return Attribution(phrase, named)
        if phrase and self.index.resolve(phrase, fuzzy=False) is None:
            # a town or region on its own is where something happened, not who said so (a
            # capital may stand for its government: "Kyiv said")
            # (exact names only: a fuzzy gazetteer search for every subject costs more than the rest)
            places = place_candidates(phrase) if len(phrase.split()) <= 4 else []
            place = places[0] if places else None
            if place is not None and place.kind in ("city", "region", "county", "facility") and not is_capital(place):
                return None
        if not phrase or len(phrase) > 120 or (_BAD_SUBJECT.match(phrase) and not phrase.isupper()) or \
                self.lex.direction_of.search(phrase) or _places_only(phrase):
            return None
        owned = self.lex.owned_study.match(phrase)
        if owned:
            # "An Associated Press investigation", "a Reuters analysis": its owner speaks
            inner = self.resolve(owned.group("by"), default_side, context)
            if inner and inner.speaker and not inner.vague:
                return Attribution(phrase, inner.speaker)
        study = self.lex.study.match(phrase)
        if study:
            # "a study by Harvard researchers", "a study published in The Lancet": its authors or journal
            inner = self.resolve(study.group("by"), default_side, context)
            if inner and inner.speaker and inner.speaker.known:
                return Attribution(phrase, inner.speaker)
            name = self.index.canonical(phrase, "research")
            return Attribution(phrase, Speaker(name.name, name.party or "research", "organisation", (), known=False))
        if self.lex.informed.match(phrase):
            # "according to people aware of the developments": unnamed, like "sources", they name nobody
            return Attribution(phrase, None, vague=True)
        key = speaker_key(phrase)
        # the head of "reports on Russian channels" is "reports"
        # ... and of "officials running the disaster operation", "officials": a participle (in lower
        # case where written) ends the head's phrase
        participle = _PARTICIPLE.search(phrase)
        head_key = speaker_key(phrase[:participle.start()]) if participle else key
        words = re.split(r"\s+(?:on|in|from|of|by|at|circulating|published|shared)\s+", head_key)[0].split() or \
            key.split()
        if not words:
            return None
        ref = self.lex.described_ref.match(phrase)
        if ref and f"the {phrase[ref.end():]}".lower() in self.lex.pronouns:
            # "the updated report says" refers back as "the report" does
            found = self.resolve(f"the {phrase[ref.end():]}", default_side, context)
            return replace(found, text=phrase) if found is not None else None
        pronoun = fold(phrase).lower().strip(" ,.") in self.lex.pronouns or (
            # "Its report said", "their latest statement": the report of whom the pronoun names
            bool(re.match(r"(?:its|their|his|her)\s", key)) and words[-1] in self.lex.put_out)
        # ("the report", "the statement" refer back to who put them out: see the pronouns)
        vague = not pronoun and (key in self.lex.vague or words[-1] in _VAGUE_HEADS or is_vague(phrase))
        groups = [part.split()[-1] for part in re.split(r"\s+(?:and|&)\s+|,\s*", key) if part.split()]
        if not pronoun and len(groups) > 1 and all(g in self.lex.group_heads for g in groups):
            # "officials and medics", "doctors and rescuers": groups of people, together
            return Attribution(phrase, None, vague=True, group=_GROUP_ARTICLE.sub("", phrase))
        # "Relatives of four girls", "doctors at the hospital": a group of people, however described
        vague = vague or (len(words) == 1 and words[0] in self.lex.group_heads)
        if vague and self.index.resolve(phrase, fuzzy=False) is None:
            body = _OFFICIALS_OF.match(phrase)
            named = self.resolve(body.group("body"), default_side, context) if body else None
            if named is not None and named.speaker is not None and not named.vague:
                # "officials from the Ministry of Health": the ministry speaks
                return Attribution(phrase, named.speaker)
            return Attribution(phrase, None, vague=True, group=self._group(phrase, words[-1]))
        if words[-1] in self.lex.put_out and _UNOWNED.match(phrase) and not _NAMEISH.search(phrase[1:]):
            # "A previous count had put the toll at 120": something put out, by nobody named ("the
            # statement" refers back to its speaker's, so it is left to coreference)
            return Attribution(phrase, None, vague=True)
        bare = fold(phrase).lower().strip(" ,.")
        possessive = re.match(r"^(his|her|its|their)\b\s*(.*)$", bare)
        if possessive and possessive.group(1) in ("its", "their") and possessive.group(2) in self.lex.roles:
            # "its armed forces said": the forces of the country the sentence last named
            side = _possessor_side(context) or default_side
            owner = self.index.with_role(possessive.group(2), side) if side else None
            # "Adiyaman province counted 28 dead, according to its governor": the office of the
            # place the sentence is about
            owner = owner or self._office(possessive.group(2), side)
            return Attribution(phrase, owner) if owner else Attribution(phrase, None, vague=True)
        if possessive:
            # "His first update said ...": the speaker's own statement
            bare = {"his": "he", "her": "she", "its": "it", "their": "they"}[possessive.group(1)]
        if bare in self.lex.pronouns:
            if bare in ("it", "they") and context:
                named = [sp for _, _, sp in self.index.mentions(context)]
                if named:
                    return Attribution(phrase, named[-1])
            # a pronoun with nobody to refer to names no origin
            return self._coreference(phrase, bare, default_side) or Attribution(phrase, None, vague=True)
        known = self.index.resolve(phrase)
        if known is None or known.kind != "person":
            office = self._office(phrase, default_side or self.home_side)
            if office is not None:
                return Attribution(phrase, office)
        head = re.sub(r"\s+of\s+.*$", "", key)  # "ministry of defence" -> "ministry"
        if known is None and (key in self.lex.pronouns or key in self.lex.roles or
                              (head in self.lex.roles and head != key and not _NAMEISH.search(phrase[1:]))):
            found = self._coreference(phrase, key if key in self.lex.roles or key in self.lex.pronouns else head,
                                     default_side)
            if found:
                return found
        if known is None and key in self.lex.collectives:
            known = self.index.canonical(self.lex.collectives[key], self._party(self.lex.collectives[key], False, None))
        if known is None and re.match(r"(?:the|its|their)\s", bare) and len(key.split()) <= 3 and \
                key.split()[-1] in self.lex.speaker_heads:
            # "the airline said" after "Yeti Airlines said": the body named before, when its name
            # holds every word of the phrase ("the Saudi authorities" are not the Turkish ones)
            wanted = [w for w in key.split() if w not in ("the", "its", "their")]
            for speaker in reversed(self.recent):
                named = {w.removesuffix("s") for w in re.findall(r"[\w-]+", fold(speaker.name).lower())}
                if all(w.removesuffix("s") in named for w in wanted):
                    return Attribution(phrase, speaker)
        if known is None:
            words = key.split()
            if len(words) > 9 or not (_NAMEISH.search(phrase) or set(words) & self.lex.roles or
                                      words[-1] in self.lex.speaker_heads):
                return None
            # "the Hamas media office" is an office: media only when no body heads the phrase
            media = bool(set(words) & self.lex.media_cues) and words[-1] not in self.lex.speaker_heads
            known = self.index.canonical(phrase, self._party(phrase, media, default_side))
            if (set(words) & _PERSON_ROLES or words[0].strip(".") in self.lex.titles) and not media:
                # "Mr Marwan Aboud", "Ministry spokesman Ashraf al-Qudra": the person, without the title
                name = self._titled_name(phrase)
                known = Speaker(name or known.name, known.party, "person", tuple(set(words) & self.lex.roles),
                                known=False)
        return Attribution(phrase, known)

    def _titled_name(self, phrase: str) -> str | None:
        """The person's name that ends PHRASE after their title or office ("Deputy Head of the
        Presidential Office Kyrylo Tymoshenko" -> "Kyrylo Tymoshenko"), or None: two to four
        name words ("al-Qudra" is one) after words that hold a title or a person's role."""
        words = phrase.split()
        for cut in range(max(1, len(words) - 4), len(words) - 1):
            head, tail = words[:cut], words[cut:]
            folded = [fold(w).lower().strip(".,") for w in head]
            # the name follows its title or office at once: "spokesman Ashraf al-Qudra", not "an
            # official at a hospital in the central Gaza Strip"
            last = folded[-1]
            if not (set(folded) & (_PERSON_ROLES | self.lex.titles)) or not (
                    last in _PERSON_ROLES or last in self.lex.titles or last in self.lex.roles or
                    self.lex.describing.search(last)):
                continue
            name = " ".join(tail)
            if self._person_name(name) == name and not any(self.lex.describing.search(fold(w).lower()) for w in tail):
                return name
        return None

    def _named_before(self, phrase: str) -> Speaker | None:
        """The person named in full before whose name ends with PHRASE ("Levine Cava" after "Mayor
        Daniella Levine Cava"), if the index knows no one of that name."""
        if self.index.resolve(phrase, fuzzy=False) is not None:
            return None
        tail = " " + fold(phrase).lower()
        return next((speaker for speaker in reversed(self.recent) if speaker.kind == "person" and
                     not speaker.known and fold(speaker.name).lower().endswith(tail)), None)

    def _group(self, phrase: str, head: str) -> str | None:
        """PHRASE without its article when HEAD makes it a group of people ("the authorities"), or
        media a reader can tell apart ("state media", "local media"; bare "media" or "some media"
        name nobody)."""
        bare = _GROUP_ARTICLE.sub("", phrase)
        first = bare.split(maxsplit=1)
        if len(first) == 2 and (first[0].isdigit() or first[0].lower() in _number_words()):
            # "three eyewitnesses told CNN": the group is the eyewitnesses, their number no name
            bare = first[1]
        if head in self.lex.group_heads:
            return bare or None
        words = fold(bare).lower().split()
        if (head in self.lex.media_heads or head in hearsay_heads()) and len(words) > 1 and \
                words[0] not in self.lex.quantifiers and words[0] not in self.lex.not_kinds:
            # "security sources", "local media reports": a kind a reader can tell apart
            return bare
        return None

    def _office(self, phrase: str, side: str | None) -> Speaker | None:
        """The holder of the office PHRASE names ("Moscow's mayor"), else the office itself.

        An office without a place ("the region's governor", "the governor") is first the one
        named earlier in the article, then the office of the place the sentence is about.
        """
        mention = parse_role(phrase)
        if mention is None:
            return None
        role = mention.role
        if mention.place is None:
            for speaker in reversed(self.recent):
                if role.name in speaker.roles or speaker.role == role.name:
                    return speaker
            place = next((p for p in (at_level(place_by_key(k), role.level) for k in self.focus) if p), None)
        else:
            place = at_level(mention.place, role.level)
            # a holder the article names wins over the table: "Governor Ivan Petrenko visited the
            # site. The Kharkiv region governor said ..."
            for speaker in reversed(self.recent):
                if not speaker.known and speaker.kind == "person" and role.name in speaker.roles:
                    return speaker
        if place is None:
            return None
        return self.index.holder(role, place, self.day, side) or self.index.office(role, place)

    def note_titled(self, text: str) -> None:
        """Remember the people TEXT names with their office ("Governor Ivan Petrenko", "Kharkiv
        governor Ivan Petrenko"), though they say nothing there: "the governor" later is them."""
        for m in self.lex.titled.finditer(text):
            mention = parse_role(m.group("title"))
            # ("President William Ruto's claim": the person, not the possessive)
            name = self._person_name(re.sub(r"(?:'s|’s|')$", "", m.group("name")))
            if mention is None or name is None or self.index.resolve(name, fuzzy=False) is not None:
                continue
            if not any(s.name == name for s in self.recent):
                named = Speaker(name, None, "person", (mention.role.name,), known=False)
                self.recent = [*self.recent[-_RECENT:], named]

    def _coreference(self, phrase: str, key: str, side: str | None = None) -> Attribution | None:
        want = self.lex.pronouns.get(key)
        role = key.removeprefix("the ")
        for speaker in reversed(self.recent):
            if want == "media" and _is_medium(speaker):
                # "the outlet said" after "Radio Free Europe said"
                return Attribution(phrase, speaker)
            if role in self.lex.roles:
                if role in speaker.roles or role in speaker.name.lower():
                    return Attribution(phrase, speaker)
                continue
            if want in (None, "any") or speaker.kind == want or (want == "organisation" and speaker.kind == "media"):
                return Attribution(phrase, speaker)
        if role in self.lex.roles:
            # "the air force said", "the ministry said" before any was named: the one known
            # speaker with that role on the side the article is about
            # (in a story of no side, nobody: "the military" of a story from Gaza or Myanmar is not
            # the one army of the speaker table that has the role)
            known = (self.home_side and self.index.with_role(role, self.home_side)) or \
                (side and (self.index.with_role(role, side) or self.index.with_role(role, None)))
            if known:
                return Attribution(phrase, known)
        if role in _PERSON_ROLES and self.recent:
            # "the governor" with no governor named yet: the nearest person of that standing, if
            # no other office is known to be theirs (the president is not "the governor")
            for speaker in reversed(self.recent):
                if speaker.kind == "person" and not (speaker.roles or speaker.role):
                    return Attribution(phrase, speaker)
        return None

    # -- finding the phrase
    def _subjects_before(self, text: str, verb_start: int) -> list[str]:
        """Candidate subjects of the verb at VERB_START, nearest first.

        "Russia, for their part, also complains" -> "also", "for their part", "Russia": the
        caller takes the first that names a speaker. Relative clauses ("who heads the region")
        and participles ("speaking to Reuters") are skipped.
        """
        head = text[:verb_start]
        # (the colon of a clock time, "At 10:40 Klymenko said", ends nothing)
        cut = max([m.start() for m in _CLAUSE_END.finditer(head)], default=-1)
        head = head[cut + 1:] if cut >= 0 else head
        parts = _join_areas(head.split(","))
        out = []
        for part in reversed(parts[-4:]):
            # "The armed forces had cited", "the ministry has also said": the auxiliary is the verb's
            part = _AUXILIARY.sub("", part)
            # a conjunction opens the speaker's clause: "while local media put" -> "local media";
            # "while a chief of the civil defence, another department, told" -> "a chief of ..."
            part = _CONJUNCTION.sub("", part, count=1)
            # "Relatives of four girls who had been at the camp told CNN": the relative clause is no
            # part of the subject's name
            part = _RELATIVE.split(part, maxsplit=1)[0] if _RELATIVE.search(part.strip()) else part
            bare = part.strip()
            # (a time before the subject is no clause: "At 09:27 Klymenko said")
            if not bare or (_SKIP_PART.match(bare) and not bare.isupper()) or \
                    _CLAUSE.search(self.lex.opener.sub("", bare)):
                continue
            out.append(part)
        return out

    def _person_name(self, phrase: str) -> str | None:
        """PHRASE as a person's name without titles ("Dr Minakshi Parikh" -> "Minakshi Parikh"), or
        None when it is not one: two to four capitalised words, none of them a role or an office."""
        words = phrase.split()
        while words and words[0].lower() in self.lex.titles:
            words = words[1:]
        # lower-case particles only inside the name: "Vivian van de Perre", "Mohammed bin Salman"
        inner = sum(w in self.lex.name_particles for w in words[1:-1])
        if not 2 <= len(words) - inner <= 4 or not all(
                (_NAME_WORD.match(w) or (0 < i < len(words) - 1 and w in self.lex.name_particles))
                and not any(ch.isdigit() for ch in w) for i, w in enumerate(words)):
            return None
        if self.lex.role_word.search(" ".join(words).lower()):
            return None
        return " ".join(words)

    def _described(self, phrase: str) -> bool:
        """PHRASE describes someone by role: "chief of the National Police", "the army's spokesman"."""
        return self._person_name(phrase.strip()) is None and bool(self.lex.describing.search(fold(phrase).lower()))

    def _before_indefinite_apposition(self, subjects: list[str], default_side: str | None,
                                      context: str) -> Attribution | None:
        """ "a chief of the civil defence, another department run by the council, told": an indefinite
        phrase set off by commas right before the verb describes the phrase before it, which speaks."""
        if len(subjects) < 2:
            return None
        if not _INDEFINITE.match(subjects[0]):
            # "Hezbollah, the Lebanese group, confirmed": a definite description after a name
            # describes it too (after a place, "In Kharkiv, the governor said", the place is no speaker)
            if not (_THE.match(subjects[0]) and self.lex.name_after.match(subjects[1].strip()) and
                    not _THE.match(subjects[1])):
                return None
        found = self.resolve(subjects[1], default_side, context)
        return found if found is not None and found.speaker is not None and not found.vague else None

    def _named_in_apposition(self, subjects: list[str], default_side: str | None, context: str) -> Attribution | None:
        """ "Ihor Klymenko, chief of the National Police, said": the person named, not the office that
        describes them; the description gives the person's party."""
        if len(subjects) < 2:
            return None
        return self._person_described(subjects[1], subjects[0], default_side, context)

    def _named_after_title(self, subjects: list[str], default_side: str | None, context: str) -> Attribution | None:
        """ "Turkey's Interior Minister, Ali Yerlikaya, confirmed": the person the office names, set
        off by commas right before the verb, speaks (not the office)."""
        if len(subjects) < 2 or self._person_name(subjects[0].strip()) != subjects[0].strip():
            return None
        return self._person_described(subjects[0], subjects[1], default_side, context)

    def _person_described(self, name_part: str, description: str, default_side: str | None,
                          context: str) -> Attribution | None:
        """The person NAME_PART names, beside the DESCRIPTION of their office or trade, which gives an
        unknown person their party and roles; None when the description describes no one."""
        if not self._described(description):
            return None
        name = self._person_name(name_part.strip())
        if name is None:
            return None
        found = self.resolve(name, default_side, context)
        if found is None or found.speaker is None or found.speaker.known:
            return found
        described = self.resolve(description, default_side, context)
        party = found.speaker.party or (described.speaker.party if described and described.speaker else None)
        roles = tuple(sorted({w for w in fold(description).lower().split() if w in self.lex.roles}))
        return Attribution(found.text, Speaker(found.speaker.name, party, "person", roles, known=False))

    def _in_passage(self, sentence: Sentence) -> Attribution | None:
        # Passages do not overlap, so starts and ends both ascend: only those from `lo` to `hi`
        # can hold the sentence (an article may have thousands of passages and sentences)
        hi = bisect.bisect_right(self._passage_starts, sentence.start)
        lo = bisect.bisect_left(self._passage_ends, min(sentence.end - 3, sentence.start + 1), 0, hi)
        for n in range(lo, hi):
            start, end, intro, outro = self.passages[n]
            if start <= sentence.start and sentence.end <= end + 3 or (start <= sentence.start < end):
                if n not in self._passage_speakers:
                    # read once per passage: a long quote holds many sentences, and its intro and
                    # outro may be long too, so reading them for each sentence grows with the square
                    self._passage_speakers[n] = self._passage_speaker(intro, outro)
                if self._passage_speakers[n]:
                    return self._passage_speakers[n]
        return None

    def _passage_speaker(self, intro: str, outro: str) -> Attribution | None:
        # the speaker stands in the sentence that opens the quote, near it
        intro = re.split(r"[.!?]\s", intro)[-1][-_INTRO_CLAUSE:]
        for phrase_text in (outro, intro):
            if phrase_text:
                found = self._from_clause(phrase_text) or self._from_lead_in(phrase_text)
                if found:
                    return found
        if self.labelled is not None and self.lex.quote_label.match(intro.strip()):
            return self.labelled
        return None

    def _from_lead_in(self, text: str, default_side: str | None = None, offset: int = 0) -> Attribution | None:
        """The speaker of "according to X", "Quote from X:" and the like; OFFSET places its span."""
        lead = self.lex.lead_in.search(text)
        if not lead:
            return None
        tail = text[lead.end():]
        phrase = re.split(r"[,;:.!?]|\s+(?:that|which)\s", tail, maxsplit=1)[0]
        # "a statement by the Kharkiv police said 3 died": the name ends where its verb begins
        verb = next((v for v in self.lex.verb.finditer(phrase) if not self._as_noun(phrase, v)), None)
        if verb and verb.start() > 0:
            phrase = phrase[:verb.start()].rstrip()
        # "according to Udmurtia's governor, Aleksandr Bechalov, ...": the name in apposition
        appositive = re.match(r",\s*([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s*,", tail[len(phrase):])
        found = self.resolve(appositive.group(1), default_side) if appositive else None
        if not (found and found.speaker and found.speaker.known):
            found = self.resolve(phrase, default_side)
        if found is None:
            return None
        at = offset + lead.end()
        return replace(found, start=at, end=at + len(phrase))

    def lead_in_between(self, text: str, start: int, end: int, default_side: str | None = None,
                        offset: int = 0) -> Attribution | None:
        """The speaker of the last "according to X," between START and END of TEXT, when nothing but
        its own clause follows it: "the ministry denied striking the station, where, according to
        local authorities, 39 were killed" (the authorities speak for the 39)."""
        leads = list(self.lex.lead_in.finditer(text, start, end))
        if not leads or _LATER_CLAUSE.search(text, leads[-1].end(), end):
            return None
        found = self._from_lead_in(text[leads[-1].start():end], default_side, offset + leads[-1].start())
        # "Officials said, as cited by the BBC, that ...": a medium there relays, it is no origin
        return None if found is None or found.speaker is None or _is_medium(found.speaker) else found

    def _main_clause_first(self, text: str, lead: Attribution, offset: int,
                           default_side: str | None) -> Attribution:
        """ "Officials said 115 died when, according to witnesses, troops fired": a speaker and its
        reporting verb before the lead-in speak for the sentence; the lead-in is the later clause's.
        A medium there only relays ("the toll is 40, Reuters reported, according to the ministry")."""
        before = text[:max(0, lead.start - offset)]
        filed = dateline_end(before)
        main = self._from_clause(" " * filed + _outside_quotes(before)[filed:], default_side) \
            if self.lex.verb.search(before) else None
        if main is None or (main.speaker is not None and _is_medium(main.speaker)):
            return lead
        at = text.find(main.text) if main.text else -1
        return replace(main, start=offset + at, end=offset + at + len(main.text)) if at >= 0 else main

    def _as_noun(self, text: str, verb: re.Match) -> bool:
        """Whether VERB, a reporting verb that may be a noun, is one here: "the ministry's report
        stated", "various reports say", "according to some reports"."""
        before = text[:verb.start()]
        if _THAT_AFTER.match(text, verb.end()) and before.rsplit(None, 1)[-1:] and \
                before.rsplit(None, 1)[-1].lower() in self.lex.media_heads:
            # "German media report that 41 people ...": a verb ("various reports that ..." a noun)
            return False
        return verb.group(0).lower() in self.lex.also_nouns and bool(
            _POSSESSIVE_BEFORE.search(before) or _QUANTIFIER_BEFORE.search(before) or
            _OBJECT_OF_VERB.search(before))

    def _from_clause(self, text: str, default_side: str | None = None) -> Attribution | None:
        """The speaker of a short clause such as "Russia's defense ministry said" or "said police"."""
        for verb in self.lex.verb.finditer(text):
            if (self.lex.not_speech.match(text[verb.end():]) and not _CLAIMS_OWN_ACT.match(text, verb.start())) or \
                    self.lex.descriptive.match(text, verb.start()) or \
                    (self.lex.adjective.match(text[verb.end():]) and _DETERMINER.search(text[:verb.start()])) or \
                    _ARTICLE_BEFORE.search(text[:verb.start()]) or \
                    self._as_noun(text, verb):
                # "A report by the UN mission said": after an article the word is a noun
                continue
            found = None
            if verb.group(0).lower() in self.lex.study_verbs:
                # "a study found": only research speaks so
                subject = next(iter(self._subjects_before(text, verb.start())), None)
                candidate = self.resolve(subject, default_side) if subject else None
                # ("An Associated Press investigation found": whoever investigated speaks)
                if candidate and candidate.speaker and (candidate.speaker.party == "research" or
                                                        self.lex.owned_study.match(subject.strip())):
                    return candidate
                continue
            if _PASSIVE_BEFORE.search(text[:verb.start()]):
                # "Nine deaths have been confirmed by officials": the agent speaks; the subject of a
                # passive is what was reported, never who reported it
                agent = re.match(r"\s+by\s+([^,.;:!?\"“”()]{2,80})", text[verb.end():])
                # "estimated by officials to have lost their homes": the agent ends before its verb
                who = _AGENT_END.split(agent.group(1), maxsplit=1)[0] if agent else None
                found = self.resolve(who, default_side) if who else None
                if found is not None:
                    return found
                continue
            subjects = self._subjects_before(text, verb.start())
            found = self._named_in_apposition(subjects, default_side, text[:verb.start()]) or \
                self._named_after_title(subjects, default_side, text[:verb.start()])
            if found is not None:
                return found
            found = self._before_indefinite_apposition(subjects, default_side, text[:verb.start()])
            if found is not None:
                return found
            # the nearest candidate that names a speaker; a known one anywhere before it wins
            # ("Oleg Synegubov, the head of the regional administration, said")
            for subject in subjects:
                if self.lex.tallied.match(verb.group(0)) and resolve_place(subject) is not None:
                    # "Kathmandu recorded 920 deaths": where they were counted, not who speaks
                    # (a capital stands for its government only when it speaks: "Kyiv said"); nor
                    # does the speaker of the sentence before carry into it
                    self.place_counts = True
                    continue
                candidate = self.resolve(subject, default_side, context=text[:verb.start()])
                if candidate and candidate.speaker is not None and candidate.speaker.known:
                    found = candidate
                    break
                found = found or candidate
            if found is None:
                # "..., said police.", "..., says the Kremlin": a name right after the verb
                after = re.match(r"\s+([^,.;:!?\"“”]{2,80})", text[verb.end():])
                if after and is_date_phrase(after.group(1)):
                    # "..., the airline said Thursday": when it was said, not who said it
                    after = None
                if after and (self.lex.name_after.match(after.group(1).strip()) or
                              after.group(1).strip().lower() in self.lex.vague or
                              re.fullmatch(r"(?:the\s+)?(?:police|prosecutors|officials|authorities)",
                                           after.group(1).strip(), re.IGNORECASE)):
                    found = self.resolve(after.group(1), default_side)
                elif after and _DEFINITE_AFTER.match(after.group(1).strip()):
                    # "..., said Libya's UN ambassador", "..., said the regional governor": a speaker
                    # only when the phrase resolves to one
                    candidate = self.resolve(after.group(1), default_side)
                    found = candidate if candidate is not None and candidate.speaker is not None else None
            if found:
                return found
        return None

    def attribute(self, sentence: Sentence, default_side: str | None = None,
                  focus: list[str] = ()) -> Attribution | None:
        """The attribution of SENTENCE, or None when the outlet speaks in its own voice.

        FOCUS: keys of the places the sentence is about, nearest first.
        """
        self.focus = list(focus)
        self.place_counts = False
        self.note_titled(sentence.text)
        text = sentence.text
        self.labelled = self._source_line(sentence.start, default_side)
        found = self._in_passage(sentence)
        if found is None and self.labelled is not None and self.lex.quote_label.match(text):
            # "Quote: ..." and "Details: ..." paragraphs under a "Source:" line
            found = self.labelled
        if found is None:
            found = self._from_lead_in(text, default_side, sentence.start)
            if found is not None:
                found = self._main_clause_first(text, found, sentence.start, default_side)
        if found is None:
            # "In Brechalov's account, ...", "In the SESU's account, ..."
            account = self.lex.account.match(text)
            if account:
                # "In his words, ...": the speaker named before, as "he said" would be
                found = self.resolve(account.group(1) or {"his": "he", "her": "she", "its": "it", "their": "they"}[
                    account.group(2).lower()], default_side)
        if found is None and (released := _released_by().match(text)):
            # "Figures released by the President, Recep Tayyip Erdogan, raised the number killed to 912"
            known = self.index.resolve(released.group("who"), fuzzy=False)
            found = (released.group("name") and self.resolve(released.group("name"), default_side)) or \
                (Attribution(released.group("who"), known) if known is not None else None) or \
                self.resolve(released.group("who"), default_side)
        if found is None and (back := _came_from().match(text)):
            # "The figures came from the State Emergency Service."
            found = self.resolve(back.group("source"), default_side)
        if found is None:
            # "SURFSIDE, Florida — Four people ...": the dateline is no subject
            filed = dateline_end(text)
            found = self._from_clause(" " * filed + _outside_quotes(text)[filed:], default_side)
            if found and found.text:
                at = text.find(found.text)
                if at >= 0:
                    found = replace(found, start=sentence.start + at, end=sentence.start + at + len(found.text))
        if found is None:
            # "Puerto Rico's government raised its official death toll to 2,975": who revises a toll says it
            plain = " " * dateline_end(text) + _outside_quotes(text)[dateline_end(text):]
            revised = self.lex.revises.search(plain)
            if revised:
                found = self.resolve(revised.group("who"), default_side)
                named = _NAME_BEFORE_APPOSITION.search(plain, 0, revised.start("who"))
                if named and (found is None or found.speaker is None or not found.speaker.known):
                    # "Harsh Sanghavi, the Minister of State for Home, puts the toll at 132": the
                    # name before its description
                    found = self.resolve(named.group("name"), default_side) or found
        if found is None and (tail := _count_from().search(_outside_quotes(text))):
            # "560 people died, a provisional count drawn from the Syrian Ministry of Health": the
            # count's author, named in an apposition
            found = self.resolve(tail.group("source"), default_side)
        if found is None and self.previous is not None and self.lex.continuation.match(text):
            found = self.previous
        elif found is not None and found is not self.previous:
            found = self._relayed(found, _outside_quotes(text), sentence.start, default_side)
        found = self._in_paragraph(found, sentence.paragraph)
        if found is not None and found.speaker is not None and not found.speaker.known and \
                _ANONYMOUS.search(text):
            # "a senior police officer, who asked not to be named, said": nobody a reader can check
            found = replace(found, speaker=None, vague=True, group=found.text)
        self.unowned = False
        if found is None:
            found = self._their_figures(text, sentence)
            self.unowned = self.unowned or self.place_counts
        if found is not None and found.speaker is not None:
            self.recent = [s for s in self.recent[-_RECENT:] if s.name != found.speaker.name] + [found.speaker]
            if not found.vague:
                self.last_named = (sentence.paragraph, found, bool(self.lex.publishes.search(text)))
        self.previous = found
        self.paragraph = sentence.paragraph
        return found

    def _source_line(self, at: int, default_side: str | None) -> Attribution | None:
        """The speaker of the last "Source: X" line within _LABEL_REACH characters before AT."""
        n = bisect.bisect_right(self._source_lines, (at, "")) - 1
        if n < 0 or at - self._source_lines[n][0] > _LABEL_REACH:
            return None
        if n not in self._source_speakers:
            # "Source: Ihor Terekhov, Mayor of Kharkiv, on Telegram": the name, else its description
            who = re.split(r"\s+(?:on|in|via|citing)\s|[;(]", self._source_lines[n][1])[0]
            self._source_speakers[n] = next(
                (found for part in who.split(",") if part.strip() and
                 (found := self.resolve(part, default_side)) is not None and found.speaker is not None), None)
        return self._source_speakers[n]

    def _their_figures(self, text: str, sentence: Sentence) -> Attribution | None:
        """"The new figures give a total of 275", "His figures were 39 rescued": what a speaker
        published, as the subject, is the speaker's last named in this paragraph or the one
        before ("his", "her": a person; "the", "these": one whose sentence spoke of figures)."""
        owned = self.lex.published.match(text)
        self.unowned = owned is not None
        if owned is None or self.last_named is None or not 0 <= sentence.paragraph - self.last_named[0] <= 1:
            return None
        _, last, put_out = self.last_named
        if owned.group("owner").lower() in ("his", "her"):
            if last.speaker is None or last.speaker.kind != "person":
                return None
        elif not put_out:
            # "the most recent figures" after "the FSB chief reported 11 arrests": whose figures the
            # text does not say; after "the department put out a revised count" they are its
            return None
        self.unowned = False
        return replace(last, start=-1, end=-1)

    def _relayed(self, found: Attribution | None, text: str, offset: int,
                 default_side: str | None) -> Attribution | None:
        """FOUND with its relay apart: the origin speaks, the medium is kept as `via`.

        A medium found as the speaker gives way to the origin it quotes ("TASS quoted Murashko as
        saying", "the media office, as cited by AFP, says"); an origin found with a medium beside
        it keeps the medium as its relay ("..., according to the broadcaster", "the UN, citing
        the ministry's figures, said": the ministry speaks, via the UN).
        """
        if found is None or (found.speaker is None and not found.vague):
            return found
        # (the pattern is tried only where its words are: it is costly on every sentence)
        quoter = _QUOTED_AS.search(text) if " as " in text and ("quot" in text or "cite" in text) else None
        # "Sputnik quoted the ministry as saying": whoever quotes another as saying relays them,
        # whether or not it is a medium the lexicon knows
        quotes_another = quoter is not None and bool(found.text) and found.text in quoter.group("via")
        if found.vague or _is_medium(found.speaker) or quotes_another:
            # "State media cite the interior ministry as putting the toll at ...": vague media
            # relaying a named origin give way to it just as a named medium does
            if found.vague and not quoter:
                return self._told(found, text, default_side)
            quoted = quoter
            origin = None
            if quoted:
                # "the health minister, Pavel Orlov,": the name in apposition, else the description
                parts = [p.strip() for p in quoted.group("who").split(",") if p.strip()]
                named = next((n for n in map(self._person_name, parts) if n), None)
                origin = self.resolve(named or parts[0], default_side)
            if origin is None:
                relay = _RELAYED_BY.search(text) or _ACCORDING_TO.search(text)
                rest = _blank(text, relay.start(), relay.end()) if relay else None
                origin = self._from_clause(rest, default_side) if rest else None
                revised = self.lex.revises.search(rest) if rest and origin is None else None
                if revised:
                    # "The agency now puts the toll at 412, according to the broadcaster": who
                    # puts the toll speaks, the broadcaster relays
                    origin = self.resolve(revised.group("who"), default_side)
            if origin is None or (origin.speaker is None and not origin.vague) or \
                    (origin.speaker is not None and _is_medium(origin.speaker)) or (found.vague and origin.vague):
                return found
            at = text.find(origin.text) if origin.text else -1
            start, end = (offset + at, offset + at + len(origin.text)) if at >= 0 else (origin.start, origin.end)
            # "Officials said, as cited by the BBC": still unnamed officials, now with their relay
            return replace(origin, start=start, end=end, via=found.speaker.name if found.speaker else found.text)
        relay = _RELAYED_BY.search(text) or _ACCORDING_TO.search(text)
        medium = self.resolve(relay.group("via"), default_side) if relay else None
        if medium and medium.speaker and _is_medium(medium.speaker) and medium.speaker.name != found.speaker.name:
            return replace(found, via=medium.speaker.name)
        if _TOLD.search(text):
            return self._told(found, text, default_side)
        citing = _CITING.search(text)
        if citing:
            # "the UN, citing the ministry's figures, said": the ministry speaks, via the UN
            relayer = self._from_clause(_blank(text, citing.start(), citing.end()), default_side)
            origin = self.resolve(_WHOSE.sub("", citing.group("who").strip()), default_side)
            if relayer and relayer.speaker and _is_medium(relayer.speaker) and origin and origin.vague:
                # "the state news agency reported, citing local officials": unnamed officials speak,
                # the agency relays them
                at = text.find(citing.group("who"))
                return replace(origin, start=offset + at, end=offset + at + len(origin.text),
                               via=relayer.speaker.name)
            if relayer and relayer.speaker and origin and origin.speaker and not origin.vague and \
                    origin.speaker.name != relayer.speaker.name:
                at = text.find(citing.group("who"))
                return Attribution(origin.text, origin.speaker, False, offset + at, offset + at + len(origin.text),
                                   via=relayer.speaker.name)
        return found

    def _told(self, found: Attribution, text: str, default_side: str | None) -> Attribution:
        """FOUND with the medium it spoke to as its relay: "relatives of the girls told CNN that"."""
        told = _TOLD.search(text)
        medium = self.resolve(told.group("via"), default_side) if told else None
        if medium is None or medium.speaker is None or not _is_medium(medium.speaker) or \
                (found.speaker is not None and medium.speaker.name == found.speaker.name):
            return found
        return replace(found, via=medium.speaker.name)

    def _in_paragraph(self, found: Attribution | None, paragraph: int) -> Attribution | None:
        """FOUND read against the sentence before it in the same paragraph.

        "The fire is out, he said. Preliminary information indicates no casualties": information
        with no owner is the last speaker's. "Russian media reported a fire. According to them,
        ...": a plural pronoun after a vague attribution is just as vague.
        """
        before = self.previous if self.paragraph == paragraph else None
        if found is None or before is None:
            return found
        head = speaker_key(found.text).split()
        if found.vague and before.speaker is not None and not before.vague and head and \
                head[-1] in self.lex.impersonal and len(head) <= 3:
            return Attribution(found.text, before.speaker, False, found.start, found.end)
        if before.vague and speaker_key(found.text) in ("they", "them", "their"):
            return Attribution(found.text, None, True, found.start, found.end, group=before.group)
        return found


_LAST_NAME = re.compile(r"([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})\s*$")


def _join_areas(parts: list[str]) -> list[str]:
    """Comma-split PARTS with a town's state or country put back on it: "Police in Surfside,
    Florida, said" has the subject "Police in Surfside, Florida", not "Florida"."""
    out: list[str] = []
    for part in parts:
        bare = part.strip()
        town = _LAST_NAME.search(out[-1]) if out and bare[:1].isupper() and len(bare) < 40 else None
        area = resolve_place(bare) if town else None
        if area is not None and area.kind in ("region", "country", "county"):
            place = resolve_place(f"{town.group(1)}, {bare}")
            if place is not None and place.key != area.key and contains(area, place):
                out[-1] += "," + part
                continue
        out.append(part)
    return out


def _outside_quotes(text: str) -> str:
    """TEXT with quoted speech blanked out (same length), so verbs inside quotes are not attributions."""
    if not _QUOTE_MARK.search(text):  # most sentences: nothing to blank
        return text
    out = list(text)
    depth_char = None
    for i, ch in enumerate(text):
        if depth_char is None and ch in "\"“«" :
            depth_char = {"\"": "\"", "“": "”", "«": "»"}[ch]
            continue
        if depth_char is not None:
            if ch == depth_char:
                depth_char = None
            else:
                out[i] = " "
    return "".join(out)


_OPENING = re.compile("[\"“«‘]")
_QUOTE_MARK = re.compile("[\"“«]")


def _quoted_passages(body: str) -> list[tuple[int, int, str, str]]:
    """Quoted passages (start, end, text before, text after): speech that may span sentences."""
    passages = []
    pairs = {"\"": "\"", "“": "”", "«": "»", "‘": "’"}
    # close mark -> where the last search for it gave up (a paragraph break, or the end): an
    # opening mark before there has no close either, so it is not searched again
    unclosed: dict[str, int] = {}
    i = 0
    n = len(body)
    while i < n:
        mark = _OPENING.search(body, i)
        if mark is None:
            break
        i = mark.start()
        ch = body[i]
        if ch in pairs and (i == 0 or not body[i - 1].isalnum()):
            close = pairs[ch]
            if i < unclosed.get(close, -1):
                i += 1
                continue
            j = i + 1
            stop = n
            while j < n:
                if body[j] == close and (j + 1 == n or not body[j + 1].isalpha()) and \
                        (close != "’" or body[j - 1] in ".,!?…" or j + 1 == n or body[j + 1] in " \n.,;:"):
                    break
                if body[j] == "\n" and body[j + 1:j + 2] == "\n":
                    stop = j
                    j = n
                    break
                j += 1
            if j >= n:
                unclosed[close] = stop
            if j < n and j - i > 20:
                line_start = max(body.rfind("\n", max(0, i - _INTRO_REACH), i) + 1, i - _INTRO_REACH, 0)
                line_end = body.find("\n", j, j + 1 + _OUTRO_REACH)
                line_end = min(n, j + 1 + _OUTRO_REACH) if line_end < 0 else line_end
                intro = body[line_start:i]
                if not intro.strip():
                    # a quote that opens its paragraph, after a lead ending in a colon ("..., saying:")
                    lead = body[max(0, i - _INTRO_CLAUSE):i].rstrip()
                    intro = lead[lead.rfind("\n") + 1:] if lead.endswith(":") else ""
                intro = intro if intro.rstrip().endswith(":") or intro.rstrip().endswith(",") else ""
                outro_full = body[j + 1:line_end]
                outro = re.split(r"[.!?](?:\s|$)", outro_full, maxsplit=1)[0]
                passages.append((i, j + 1, intro, outro if len(outro) < 150 else ""))
                i = j + 1
                continue
        i += 1
    return passages


@cache
def _background_patterns() -> tuple[re.Pattern, re.Pattern]:
    data = read_table("attribution")["background"]
    # (a comma between digits, "30,000", ends no clause)
    relative = re.compile(rf",\s+(?:{_words(data['openers'])})\b(?:[^,;:—–()]|,(?=\d))*"
                          rf"(?P<close>,(?!\d)\s*\w|[—–(]\s*\w)?", re.IGNORECASE)
    appositive = re.compile(rf"[,(]\s*(?:(?:{_words(data['distance_appositive'])})\s+)?$", re.IGNORECASE)
    return relative, appositive


def in_background(text: str, figure_start: int, speaker_end: int, action: str) -> bool:
    """Whether the figure at FIGURE_START in sentence TEXT is the writer's background, not the speaker's.

    Its speaker is named before SPEAKER_END (an offset in TEXT). A figure in a relative clause set
    off by commas after the speaker ("the army said seven are missing after the blast, which killed
    188, in Beirut") identifies the event for the reader; so does a distance in any relative clause
    or in an appositive ("in Vinnytsia, some 167 miles southwest of Kyiv"). A clause with its own
    reporting verb ("which the ministry said killed 12") is still somebody's account.
    """
    if speaker_end < 0 or figure_start <= speaker_end:
        return False
    relative, appositive = _background_patterns()
    plain = _outside_quotes(text)
    if action == "distance" and appositive.search(plain, speaker_end, figure_start):
        return True
    for clause in relative.finditer(plain, speaker_end):
        if clause.start() > figure_start:
            break
        body_end = clause.start("close") if clause.group("close") else clause.end()
        if body_end <= figure_start or _lexicon().verb.search(clause.group(0)):
            continue
        return bool(clause.group("close")) or action == "distance"
    return False


@cache
def _back_reference() -> re.Pattern:
    data = read_table("attribution")["back_reference"]
    verbs = _words(data["verbs"])
    return re.compile(
        rf"^\W*(?:{_words(data['subjects'])})\s+(?:was|is|were|has\s+been|have\s+been|had\s+been)\s+"
        rf"(?:\w+ly\s+)?(?:{verbs})\s+(?:by|in|on)\b"
        rf"|\b(?:{verbs})\s+(?:{_words(data['objects'])})(?=\s*(?:[,.;:]|$|(?:on|in|at|to|via|through)\b))"
        rf"|{_came_from().pattern}",
        re.IGNORECASE)


@cache
def _came_from() -> re.Pattern:
    """ "The figures came from the State Emergency Service.": the source named after the figures."""
    subjects = _words(read_table("attribution")["back_reference"]["subjects"])
    return re.compile(rf"^\W*(?:{subjects})\s+(?:came|come|comes|were\s+provided|was\s+provided)\s+(?:from|by)\s+"
                      rf"(?P<source>[^,.;:]{{2,80}})", re.IGNORECASE)


@cache
def _released_by() -> re.Pattern:
    """Figures named by who put them out, as the subject: "Figures released by the President, X,
    raised ...", "At 09:00 figures from the ministry put ..."."""
    put_out_by = _words(read_table("attribution")["put_out_by"])
    return re.compile(r"\W*(?:(?:at|by|as\s+of)\s+(?:about\s+|around\s+)?[\d:.]+\s*(?:a\.m\.|p\.m\.|am|pm)?,?\s+)?"
                      r"(?:the\s+)?(?:(?:new|latest|official|updated|further|fresh)\s+){0,2}"
                      r"(?:figures|data|numbers|statistics)\s+"
                      rf"(?:(?:{put_out_by})\s+by|from)\s+"
                      r"(?P<who>[^,;:]{2,60}?)"
                      r"(?:,\s*(?P<name>[A-Z][^,;:]{2,40}?),)?\s+(?:raised|put|puts|showed|show|shows|gave|give|"
                      r"lifted|brought|took|listed|list)\b", re.IGNORECASE)


@cache
def _count_from() -> re.Pattern:
    """ ", a provisional count drawn from the health ministry.": the author of a count named in an
    apposition after the figures."""
    data = read_table("attribution")
    return re.compile(rf",\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,2}}?(?:{_words(data['count_nouns'])})\s+"
                      rf"(?:(?:{_words(data['put_out_by'])})\s+)?(?:from|by)\s+(?P<source>[^,.;:]{{2,80}}?)"
                      # "drawn from the ministry and from rescue teams": the first named
                      rf"(?:\s+and\s+(?:from|by)\s+[^,.;:]+)?[.\s]*$",
                      re.IGNORECASE)


def names_what_came_before(text: str) -> bool:
    """Whether sentence TEXT only names who gave the claims before it: "This was announced by the
    mayor", "The police reported this on Telegram"."""
    return bool(_back_reference().search(_outside_quotes(text)))
