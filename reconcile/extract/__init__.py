"""Claims from article text: sentences -> speaker, figures, categories, hedges, places, dates.

    >>> claims = extract_claims(source, SpeakerIndex())
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..anchor import fold
from ..gazetteer import PlaceMention, contains, find_places, nationals_country, normalize, place_by_key, resolve_place
from ..lexicons import is_estimate, packs_for, read_table, verification_grammar, vocabulary
from ..models import Claim, Source
from ..patterns import Screened, alternation
from ..perf import shared_fields
from ..speakers import SpeakerIndex
from .attribution import Attribution, Attributor, hearsay_heads, in_background, names_what_came_before
from .events import Events
from .figures import PERSONS, denial_at, estimate_intervals, find_categories, find_figures
from .scope import figure_scopes
from .text import MAX_SENTENCE, Sentence, split_text
from .when import When, dates_an_event, find_date, is_stamp
from .where import OWN_PEOPLE, Focus, Located, dateline_end, venues

__all__ = ["MAX_CLAIMS", "MAX_SENTENCE", "Extraction", "extract_claims", "extract_source"]

MAX_CLAIMS = 8
"""Claims one sentence may yield; the rest of its figures are left out (and counted for a note).

A sentence of news has at most 5 claims in the evaluation articles. Text of figures with no
sentence ends comes in pieces of MAX_SENTENCE characters with a dozen figures or more each, and
every claim of a piece quotes all of it: bounded here, so memory stays in proportion to the text."""


@cache
def _office_after() -> re.Pattern:
    """What stands between a place and the name of the office holder who speaks: a role word of
    attribution.toml, then the rest of the office's name ("Sumy [regional military
    administration], Volodymyr Artiukh, said")."""
    roles = alternation(read_table("attribution")["roles"])
    return re.compile(rf"^\s+(?:[\w-]+\s+){{0,2}}(?:{roles})\b[^.;:]*,\s*$", re.IGNORECASE)


@cache
def _hedges() -> tuple[Screened, Screened]:
    """(a hedge anywhere in the sentence, one that points back at the sentence before).

    Each is searched only from where a hedge phrase or a modal stands as words: most sentences
    hold none, and the full pattern (with its unless-clauses and forecasts) costs a dozen
    comparisons a character."""
    rows = read_table("hedges")["hedge"]

    def alt(rs) -> str:
        phrases = []
        for r in sorted(rs, key=lambda r: -len(r["phrase"])):
            unless = "|".join(re.escape(u) for u in r.get("unless_followed_by", []))
            phrases.append(re.escape(r["phrase"]) + (rf"(?!\s+(?:{unless})\b)" if unless else ""))
        return "|".join(phrases)

    forecast = read_table("hedges").get("forecast")
    reaching = ""
    modals: list[str] = []
    if forecast:  # "could exceed", "might in the end top": a modal, a few words, a verb of reaching
        modals = list(forecast["modals"])
        verbs = alternation(forecast["verbs"])
        # ... and a figure right after it: "could reach 3,000", not "could reach the village"
        quantities = read_table("quantities")
        figures = "|".join(re.escape(w) for w in sorted(
            [w for w, n in quantities["numbers"].items() if n >= 2] +
            [w for w, (low, _) in quantities["vague"].items() if low >= 20], key=len, reverse=True))
        modal = "|".join(re.escape(m) for m in modals)
        reaching = (rf"|(?:{modal})(?:\s+[\w'’-]+){{0,{int(forecast['gap'])}}}?\s+(?:{verbs})"
                    rf"(?=\s+(?:[\w'’-]+\s+){{0,2}}?(?:\d|(?:{figures})\b))")
    # "could not independently verify", "has not yet been confirmed": however worded
    grammar = verification_grammar()
    unchecked = f"|{grammar}" if grammar else ""
    negations = list(read_table("hedges")["verification"]["negations"]) if grammar else []
    doubt = read_table("hedges").get("uncertain")
    doubted, counts = "", []
    if doubt:  # "the exact figures remained uncertain", "the toll is still unclear"
        counts = list(doubt["nouns"])
        doubted = (rf"|(?:{alternation(counts)})\s+(?:{alternation(doubt['verbs'])})\s+(?:still\s+)?"
                   rf"(?:{alternation(doubt['adjectives'])})")
    inline = re.compile(rf"\b(?:{alt(rows)}{reaching}{unchecked}{doubted})\b", re.IGNORECASE)
    back = re.compile(rf"\b(?:{alt([r for r in rows if r.get('back')])}{unchecked}{doubted})\b", re.IGNORECASE)
    # (each searched only from where one of its first words stands: a phrase, a modal, a negation)
    return (Screened(inline, [r["phrase"] for r in rows] + modals + negations + counts),
            Screened(back, [r["phrase"] for r in rows if r.get("back")] + negations + counts))


# A clause that turns to another event ("..., while Russian shelling killed three") is not the
# previous speaker's account
_CONTRAST = re.compile(r"^\W*(?:while|whereas|meanwhile|elsewhere|separately|in\s+other\s+news)\b", re.IGNORECASE)

# ("speaking to reporters on June 28", "had reported at 9:00 pm on January 16": the statement's day)
_STATEMENT_DATE = re.compile(r"\b(?:said|says|told|wrote|reported|announced|added|stated|confirmed|posted|"
                             r"updated|tweeted|speaking)\b(?:\s+[\w'’:.-]+){0,4}?\s*$"
                             # "According to the State Emergency Service on Monday, 24 had died"
                             r"|\baccording\s+to(?:\s+[\w'’:.-]+){1,6}?\s*$", re.IGNORECASE)

# The time a count was made, not the day of the event: "his figures as of 07:35 on January 17",
# "by 09:46 that morning, January 17", "as of Wednesday afternoon"
_COUNT_TIME = re.compile(r"\b(?:as\s+(?:of|at)|(?:by|until|up\s+to)(?=\s+(?:\d|midday|noon|the\s+morning|"
                         r"the\s+evening|late|early|this|that)))(?:\s+[\w:'’.,-]+){0,4}?\s*$", re.IGNORECASE)
# "On Monday officials said that ...": a day opening a statement dates the statement
_DATED_STATEMENT = re.compile(r"(?:on\s+)?[\w-]+(?:\s+(?:morning|afternoon|evening|night))?(?P<comma>,)?\s+"
                              r"(?:[\w'’.-]+\s+){1,4}?(?:said|says|told|reported|announced|confirmed|added|stated)\b",
                              re.IGNORECASE)

def _dated_statement(text: str, at: int) -> bool:
    """A day opening a statement at AT; set off by a comma only at the sentence's start ("On Friday,
    the minister said"), since "... early on Sunday, Prokudin said" dates the event."""
    m = _DATED_STATEMENT.match(text, at)
    return m is not None and (not m.group("comma") or _OPENING.fullmatch(text, 0, at) is not None)


_OPENING = re.compile(r"\s*(?:[\w'’]+\s+)?")
"""At most one word before a date that opens its sentence ("By Sunday afternoon, Zelensky said")."""

# "the toll reached 270 on Saturday": the day the count was reached, not the event's
_TOLL_DAY = re.compile(r"\b(?:reached|rose\s+to|risen\s+to|climbed\s+to|stood\s+at|grew\s+to|went\s+up\s+to)\s+"
                       r"[\d,.]+\s*$", re.IGNORECASE)


# A denial reaches to the end of its clause: "denied targeting civilians and said it hit only military sites"
_CLAUSE_BREAK = re.compile(r"\b(?:but|and said|and says|and insisted|while|whereas|however|instead|saying)\b|;|"
                           # "denied involvement, and 30 people died": a comma and "and" open a new clause
                           r",\s+and\s+(?!\d)(?!(?:another|a\s+further|\w+\s+(?:more|others?))\b)",
                           re.IGNORECASE)

@cache
def _nobody_speaks() -> re.Pattern:
    """Hearsay by nobody named, so no speaker carries into it: the hearsay passives of hedges.toml
    after a form of "be" ("Four people are said to have died"), and a report with no agent ("At
    least three deaths have been reported.")."""
    passives = [r["phrase"] for r in read_table("hedges")["hedge"] if re.search(r"\sto\s+(?:have|be)$", r["phrase"])]
    return re.compile(rf"\b(?:is|are|was|were|been)\s+(?:\w+ly\s+)?(?:{alternation(passives)})\b"
                      r"|\b(?:have|has|had)\s+(?:so\s+far\s+|now\s+|also\s+)?been\s+(?:reported|confirmed|"
                      r"recorded|registered)\s*[.,;]?\s*$", re.IGNORECASE)

_LATER_LEAD_IN = re.compile(r"(?:,\s*(?:and|but|while|whereas)|;)\s+according\s+to\s+$", re.IGNORECASE)


def _leads_later_clause(text: str, figure_end: int, skip: tuple[int, int], found: list) -> bool:
    """Whether the attribution at SKIP is an "according to" that opens a later clause of TEXT
    (", and according to X ...") with a figure of its own, so that it does not reach back to the
    figure ending at FIGURE_END."""
    lead = _LATER_LEAD_IN.search(text, max(figure_end, skip[0] - 40), skip[0])
    return lead is not None and any(start > skip[0] for start, *_ in found)


# Figures that continue a speaker's account of an event (not background like distances)
_EVENT_ACTIONS = {"killed", "injured", "seriously_injured", "missing", "evacuated", "casualties", "launched",
                  "downed", "hit", "damaged", "destroyed"}


_NATIONALS = re.compile(rf"\b(?:{OWN_PEOPLE}|nationals|"
                        r"([A-Z][a-z]+s|[A-Z][a-z]+ese)|"
                        # "of the Pakistani dead", "Egyptian pilgrims", "four Iranian diplomats" (the
                        # word must name a nationality: `nationals_country`)
                        r"([A-Z][a-z]+)\s+(?:dead|[a-z]{3,}(?:s|men|people|children)))\b")


_UNTIL_COMMA = re.compile(r"[^,;:.]{0,30}")
# "31 deaths among officially registered pilgrims": a count within a group (not "among the dead")
_AMONG_GROUP = re.compile(r"\s+among\s+(?!(?:the\s+|those\s+)?(?:dead|killed|victims|injured|wounded|hurt|missing|"
                          r"casualties|them|whom|those|others)\b)", re.IGNORECASE)


# "gave the number of Indian casualties as two", "put the Egyptian toll at 672": whose dead a
# figure counts, named before it
_NATIONALS_TOLL = re.compile(r"\b([A-Z][a-z]+)\s+(?:dead|casualties|victims|deaths|death\s+toll|toll)\s+"
                             r"(?:as|at|to|of|stood\s+at|stands\s+at|had\s+climbed\s+to|rose\s+to|climbed\s+to)\s+$")


def _foreign_nationals(span: str, claim: Claim, before: str = "") -> bool:
    """Whether the figure SPAN (after BEFORE) counts the people of one country other than where
    CLAIM happened ("236 Indonesians died" in Mecca; "212 Yemenis" in Yemen are the whole toll)."""
    m = _NATIONALS.search(span) or _NATIONALS_TOLL.search(before[-80:])
    if m is None:
        return False
    word = m.group(1) or m.group(2)
    if word is None:
        return True
    country = nationals_country(word)
    if country is None:
        return False
    here = {p.country for p in (place_by_key(k) for k in claim.place_keys) if p and p.country}
    return bool(here) and country not in here


def _claim_id(source: Source, start: int, action: str, obj: str | None, n: int) -> str:
    digest = hashlib.sha1(f"{source.id}:{start}:{action}:{obj}:{n}".encode()).hexdigest()[:6]
    return f"{source.id}:{start}:{action}{'-' + obj if obj else ''}-{digest}"


@dataclass(frozen=True)
class Extraction:
    """What `extract_source` found in one article."""

    claims: list[Claim]
    cut_sentences: int = 0
    """Runs of text longer than MAX_SENTENCE characters without a sentence end, read in pieces."""
    capped_sentences: int = 0
    """Sentences with more than MAX_CLAIMS claims, of which only the first MAX_CLAIMS were kept."""


def extract_claims(source: Source, index: SpeakerIndex, width: float = 0.1,
                   packs: tuple[str, ...] | None = None) -> list[Claim]:
    """Claims found in SOURCE's text, anchored to the sentences that make them.

    Args:
        source: a loaded article.
        index: speaker aliases (built-in and claims.toml).
        width: relative half-width of approximate figures ("about 25").
        packs: the domain packs to use ([settings] packs; all when None); of these, the article
            uses those whose cues it says.

    Example:
        >>> [c.action for c in extract_claims(source, SpeakerIndex())]
    """
    return extract_source(source, index, width, packs).claims


def extract_source(source: Source, index: SpeakerIndex, width: float = 0.1,
                   packs: tuple[str, ...] | None = None) -> Extraction:
    """See `extract_claims`; also counts the over-long sentences read in pieces."""
    sentences = split_text(source.text)
    capped: list[int] = []
    claims = _claims(source, sentences, index, width, packs, capped)
    return Extraction(claims, sum(s.cut for s in sentences), len(capped))


def _claims(source: Source, sentences: list[Sentence], index: SpeakerIndex, width: float,
            packs: tuple[str, ...] | None, capped: list[int] | None = None) -> list[Claim]:
    """The claims of SENTENCES; the start of each sentence cut to MAX_CLAIMS goes to CAPPED."""
    home = vocabulary().parties.get(source.party or "")
    attributor = Attributor(source.text, index, home.side if home and home.side in ("russia", "ukraine") else None,
                            source.published)
    packs = packs_for(f"{source.title or ''}\n{source.text}", packs)
    focus = Focus(source.title, packs)
    events = Events(source.title, source.text, packs)
    dates = _Dates(source)
    inline_hedge, back_hedge = _hedges()
    claims: list[Claim] = []
    previous: list[int] = []
    paragraph_claims: tuple[int, list[int]] | None = None  # the last paragraph with claims, and theirs
    carried: tuple[int, Attribution] | None = None
    last_object: str | None = None
    last_count: tuple[int, str, str] | None = None  # the paragraph, object and action last counted
    previous_paragraph = -1
    open_clause: tuple[int, list[int]] | None = None
    towns: set[str] = set()  # towns the article has shown to be places: a bare "Surfside" later is the town
    clause_cut = False  # the unit before ended at a comma: a clause of the same sentence
    areas: set[str] = set()  # countries and regions named so far: "Valencia" in an article on Spain is Spain's
    seen_paragraph = -1
    for sentence in sentences:
        # "AFP was unable to verify the figure." opening the next paragraph still reads back
        opens_paragraph, seen_paragraph = sentence.paragraph != seen_paragraph, sentence.paragraph
        mentions = _not_in_names(find_places(sentence.text, frozenset(towns), frozenset(areas)), sentence.text, index)
        towns.update(normalize(m.text) for m in mentions if m.place.kind == "city")
        areas.update(m.place.key for m in mentions if m.place.kind in ("country", "region"))
        filed = dateline_end(sentence.text)
        focus.dateline([m for m in mentions if m.start < filed])
        mentions = [m for m in mentions if m.start >= filed]
        when = dates.date_for(sentence, filed)
        if sentence.heading:
            focus.heading(venues(sentence.text, mentions, packs=packs))
            continue
        said_side = _side_of(mentions) or _side_of(focus.current.keys)
        said = attributor.attribute(sentence, said_side,
                                    [m.place.key for m in mentions if m.place.kind != "country"] + focus.current.keys)
        if _is_outlet(said, source):
            # "..., Nordic Wire reports" inside Nordic Wire's own article: the outlet's own voice
            said = None
        figures = find_figures(sentence.text, width, last_object, packs,
                               last_count[1:] if last_count and last_count[0] == sentence.paragraph else None)
        # "Officials said 40 had died, while 75 were wounded": a clause cut from the speaker's own
        # sentence goes on with the account, unless it moves to a place of its own
        goes_on = clause_cut and not any(m.place.kind != "country" for m in mentions)
        clause_cut = sentence.text.rstrip().endswith(",")
        if said is None and carried is not None and carried[0] == sentence.paragraph and figures and \
                all(f.action in _EVENT_ACTIONS for f in figures) and \
                (goes_on or not _CONTRAST.match(sentence.text)) and \
                not _beyond_office(carried[1], mentions) and not attributor.unowned and \
                not _recalls_earlier_year(sentence.text, source.published) and \
                not _nobody_speaks().search(sentence.text):
            # "The child killed was a boy of 14, Fedorov said. Six other children were hurt ...":
            # casualty and attack figures later in the paragraph continue the same account
            said = carried[1]
        carried = (sentence.paragraph, said) if said is not None else (
            carried if carried and carried[0] == sentence.paragraph else None)
        if said is not None and open_clause and open_clause[0] == sentence.paragraph:
            # "Three drones hit a farm; one person was killed, the governor said": the speaker
            # named at the end of the sentence speaks for the clause before the semicolon too
            for i in open_clause[1]:
                claims[i] = _attributed(claims[i], said)
        open_clause = None
        skip = (said.start - sentence.start, said.end - sentence.start) if said and said.start >= 0 else (0, 0)
        own = venues(sentence.text, mentions, skip, packs)
        # the event the sentence reports and whether its figures are estimates, its attribution left out
        # ("Miami-Dade Fire Rescue said" names no fire, "the Institute for the Study of War said" no study)
        unsaid = sentence.text[:skip[0]] + " " * (skip[1] - skip[0]) + sentence.text[skip[1]:]
        event = events.event_for(unsaid, sentence.paragraph)
        speaker_places = [m for m in mentions if skip[0] <= m.start < skip[1] and
                          not _in_person_name(said, sentence, m)] or [
            # "the head of the Sumy regional military administration, Volodymyr Artiukh, said":
            # the office's place, named before the speaker's name
            m for m in mentions if m.start < skip[0] and m.place.kind != "country" and
            _office_after().match(sentence.text[m.end:skip[0]])]
        categories = find_categories(sentence.text, packs) if said and said.speaker else []
        located = focus.locate(sentence.text, own, speaker_places)
        home = _home(said)
        if home and not any(m.place.kind != "country" for m in own + speaker_places) and \
                not _within(focus.current.keys, home.keys[0]):
            # "Gladkov said two were hurt": a regional official's figures are his region's, unless
            # the article is already about a place inside it (the town in the headline)
            located = home
            focus.current = home
        focus.remember([m for m in own if m.place.kind != "country"] or
                       [m for m in speaker_places if m.place.kind != "country"])
        if not figures and not categories:
            if said is not None and said.speaker is not None and not said.vague and paragraph_claims and \
                    0 <= sentence.paragraph - paragraph_claims[0] <= 1 and names_what_came_before(sentence.text):
                # "The blast killed 23. // This was announced by the mayor.": the mayor's figures
                for i in paragraph_claims[1]:
                    if claims[i].speaker is None and not claims[i].vague:
                        claims[i] = _attributed(claims[i], said)
            back = back_hedge.search(sentence.text)
            if back and (previous_paragraph == sentence.paragraph or
                         (opens_paragraph and sentence.paragraph == previous_paragraph + 1)):
                # "Reuters could not verify the claim": the claims just before it, in its paragraph
                # or, when it opens the next one, in the paragraph before
                for i in previous:
                    if claims[i].hedge is None:
                        # the quote reaches to the hedge, so that a reader sees why it is unverified
                        claims[i] = claims[i].model_copy(update={
                            "hedge": back.group(0).lower(), "end": sentence.end,
                            "quote": source.text[claims[i].start:sentence.end]})
            if previous_paragraph == sentence.paragraph:
                # "The researchers said the true number could be anywhere between 793 and 8,498.":
                # the interval of the estimate just before it
                for iv in estimate_intervals(sentence.text, width):
                    for i in previous:
                        c = claims[i]
                        if c.estimate and c.high is not None and iv.low <= c.low and c.high <= iv.high:
                            claims[i] = c.model_copy(update={"low": iv.low, "high": iv.high, "approx": True})
            continue
        if sentence.repeated:
            continue
        # "Two of them": the group the last sentence counted first (its total, not its parts)
        counted = [f.object for f in figures if f.object not in (None, "km")]
        last_object = counted[0] if counted else last_object
        last_count = next(((sentence.paragraph, f.object, f.action) for f in figures
                           if f.object in PERSONS), last_count)
        hedge = inline_hedge.search(sentence.text)
        denial = denial_at(sentence.text)
        found = [(f.start, f.end, f.action, f.object, f.interval, None) for f in figures] + \
                [(c.start, c.end, c.action, None, None, c.value) for c in categories]
        if len(found) > MAX_CLAIMS:
            found = found[:MAX_CLAIMS]
            if capped is not None:
                capped.append(sentence.start)
        previous = []
        previous_paragraph = sentence.paragraph
        scopes = figure_scopes(sentence.text, figures, own)
        first = len(claims)
        for n, (start, _end, action, obj, interval, value) in enumerate(found):
            if _in_speaker_words(said, sentence, skip, start, _end):
                # "according to three police sources": who speaks, not what they count
                continue
            # "23 over Bryansk, six over Belgorod": a figure's own places come first
            segment = [m for m in own if start <= m.start < _next_start(found, start, len(sentence.text))
                       and m.place.kind != "country"]
            subject = [m for m in own if m.start < start and m.place.kind != "country"]
            if action == "distance" and subject:
                # "Belgorod lies 20 miles from the border": the distance is the subject's
                where = Located([subject[0].place.name], [subject[0].place.key])
            elif segment:
                where = Located([m.place.name for m in segment], [m.place.key for m in segment])
            elif (part := _part_placed_after(figures, start, own, sentence.text)) is not None:
                # "35 drones overnight, 20 of them over the Kursk region": the total is wider than
                # its part, so it belongs to the part's country, not to the part's region
                where = part
            elif value is not None and focus.current.keys and not any(m.place.kind != "country" for m in own):
                # a verdict on what happened ("the attack was foiled") is about the incident in focus
                where = focus.current
            else:
                where = located
            polarity = "deny" if denial is not None and denial < start and value != "no_damage" and \
                not _CLAUSE_BREAK.search(sentence.text[denial:start]) else "affirm"
            scope = scopes[n] if n < len(scopes) else None
            if scope is not None and scope.summed and scope.total is not None and \
                    vocabulary().actions[action].part_of != found[scope.total][2]:
                # a part that adds up with the others to its total counts what the total counts
                # (though "4 seriously" among 10 injured stays seriously injured)
                action, obj = found[scope.total][2], found[scope.total][3]
            own_said = said
            if said is not None and skip[1] > 0 and in_background(sentence.text, start, skip[1], action):
                # "the blast, which killed 188," after the speaker: the writer's words, not the speaker's
                own_said = None
            elif said is not None and _end <= skip[0] and _leads_later_clause(sentence.text, _end, skip, found):
                # "There have been 24 deaths, and according to CBS up to 25 are missing": the lead-in
                # speaks for its own clause, not for the one before it
                own_said = None
            elif said is not None and skip[1] > 0 and said.via is None and \
                    (lead := attributor.lead_in_between(sentence.text, skip[1], start, said_side,
                                                        sentence.start)) is not None and lead.speaker is not None:
                # "the ministry denied striking the station, where, according to local authorities,
                # 39 were killed": the lead-in of the figure's own clause speaks for it
                own_said = lead
            claim = _make_claim(source, sentence, own_said, action, obj, interval, value, polarity,
                                hedge.group(0).lower() if hedge else _hearsay(own_said), _anchored(where, focus),
                                when, n, event, unsaid, (start, _end))
            if scope is not None and scope.kind != "local":
                # a local figure keeps scope None: its places say whether it is national after all
                # (a total left out by MAX_CLAIMS names no claim)
                total = claims[first + scope.total].id if scope.total is not None and \
                    first + scope.total < len(claims) else None
                claim = claim.model_copy(update={"scope": scope.kind, "part_of": total})
            if claim.scope is None and obj in PERSONS and (
                    _foreign_nationals(sentence.text[start:_end] + _UNTIL_COMMA.match(sentence.text, _end).group(0),
                                       claim, sentence.text[:start]) or
                    _AMONG_GROUP.search(sentence.text, start, _end + 40) or
                    (previous and claims[previous[-1]].scope == "part" and claims[previous[-1]].action == action)):
                # "236 Indonesians died" at the Hajj, "98 of its citizens", "31 deaths among registered
                # pilgrims": one group's share of the toll, never compared with the toll (nor the
                # items listed after it: "20 of the Pakistani dead, Madina for six")
                claim = claim.model_copy(update={"scope": "part"})
            claims.append(claim)
            previous.append(len(claims) - 1)
            if paragraph_claims and paragraph_claims[0] == sentence.paragraph:
                paragraph_claims[1].append(len(claims) - 1)
            else:
                paragraph_claims = (sentence.paragraph, [len(claims) - 1])
        if said is None and sentence.text.rstrip().endswith(";"):
            open_clause = (sentence.paragraph, list(previous))
    return claims


class _Dates:
    """The event date of each sentence: its own, else its paragraph's, else the lede's, else publication."""

    def __init__(self, source: Source):
        self.published = source.published
        self.paragraph = -1
        self.day: When | None = None
        self.lede: When | None = None
        self.section: When | None = None
        """The date a heading gives ("May 29, 2022 - 22 deaths"): it dates the section below it."""

    def date_for(self, sentence: Sentence, filed: int = 0) -> When:
        """FILED: the end of a dateline opening the sentence ("Sanaa, April 19 (IANS)"), whose date
        is the day the story was filed: the day of a report, not of the event."""
        if is_stamp(sentence.text):
            # "January 15 2023, 1.15pm": when the article was filed, so it dates no paragraph or lede
            return When(self.published, "published") if self.published else When(None, "none")
        found = find_date(sentence.text[filed:], self.published) if filed else None
        if found is not None:
            found = When(found.day, found.basis, found.start + filed, found.end + filed)
        elif filed and (dated := find_date(sentence.text[:filed], self.published)) is not None and dated.day:
            found = When(dated.day, "statement", dated.start, dated.end)
        else:
            found = find_date(sentence.text, self.published)
        if found is not None and found.day and (_STATEMENT_DATE.search(sentence.text[:max(found.start, 0)]) or
                                                _COUNT_TIME.search(sentence.text[:max(found.start, 0)]) or
                                                _dated_statement(sentence.text, max(found.start, 0)) or
                                                _TOLL_DAY.search(sentence.text[:max(found.start, 0)])) and \
                not dates_an_event(sentence.text, found):
            # "Lysak said on Saturday that five had died": the day of the statement, which bounds the
            # event from above (it may be earlier) and orders statements, but is not the event's day
            found = When(found.day, "statement", found.start)
        if sentence.paragraph != self.paragraph:
            self.paragraph = sentence.paragraph
            self.day = None
        if sentence.heading:
            self.section = found if found is not None and found.basis == "stated" else None
        if found is not None:
            if found.basis != "background":
                self.day = found
                if self.lede is None and found.day and self.published and \
                        0 <= (self.published - found.day).days <= 2:
                    self.lede = found
            return found
        if self.day is not None:
            return self.day
        if self.section is not None:
            return self.section
        if self.lede is not None:
            return self.lede
        return When(self.published, "published") if self.published else When(None, "none")


_NAMED_AFTER_PLACES = {"research", "agency", "ngo", "media"}
"""Parties of institutions whose names hold places ("George Washington University", "Harvard")."""


def _not_in_names(mentions: list[PlaceMention], text: str, index: SpeakerIndex) -> list[PlaceMention]:
    """MENTIONS without the places inside the name of a known institution ("George Washington
    University" is not in Washington)."""
    if not mentions:
        return mentions
    names = [(start, end) for start, end, speaker in index.mentions(text) if speaker.party in _NAMED_AFTER_PLACES]
    return [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in names)]


def _anchored(where: Located, focus: Focus) -> Located:
    """A named site the data places nowhere, with the town the article is about: "Champlain Towers
    South" in a report filed from Surfside."""
    places = [place_by_key(k) for k in where.keys]
    if not places or not all(p and p.kind == "facility" and not p.parents for p in places):
        return where
    towns = [(n, k) for n, k in zip(focus.current.names, focus.current.keys, strict=True) if k not in where.keys] or \
        [(n, k) for n, k in zip(focus.filed.names, focus.filed.keys, strict=True) if k not in where.keys]
    return Located(where.names + [n for n, _ in towns], where.keys + [k for _, k in towns])


def _within(keys: list[str], outer_key: str) -> bool:
    """Whether any of the places KEYS lies inside (or is) the place OUTER_KEY."""
    outer = place_by_key(outer_key)
    return bool(outer) and any((p := place_by_key(k)) is not None and contains(outer, p) for k in keys)


def _beyond_office(said: Attribution, mentions: list[PlaceMention]) -> bool:
    """Whether the sentence's places all lie outside the place SAID's speaker speaks for: the mayor
    of Moscow's account does not reach "a further three drones over Bryansk"."""
    office = _office_place(said)
    places = [m.place for m in mentions if m.place.kind != "country"]
    return bool(office and places) and not any(contains(office, p) or contains(p, office) for p in places)


def _office_place(said: Attribution | None):
    """The place SAID's speaker speaks for (a regional official's region), when the data gives one."""
    speaker = said.speaker if said else None
    return resolve_place(speaker.place) if speaker and speaker.place else None


def _home(said: Attribution | None) -> Located | None:
    """The place a speaker speaks for, as the location of their figures."""
    place = _office_place(said)
    return Located([place.name], [place.key]) if place else None


def _part_placed_after(figures, start: int, own: list[PlaceMention], text: str) -> Located | None:
    """The country of a later "N of them over X" part of the figure at START, if there is one."""
    for figure in figures:
        if figure.start > start and figure.object_word in ("of them", "of which", "of whom", "of those"):
            nxt = min((f.start for f in figures if f.start > figure.start), default=len(text))
            countries = {m.place.country for m in own if figure.start <= m.start < nxt and m.place.country}
            places = [p for p in (place_by_key(f"country:{c}") for c in sorted(countries)) if p]
            if places:
                return Located([p.name for p in places], [p.key for p in places])
    return None


def _next_start(found, start: int, default: int) -> int:
    later = [s for s, *_ in found if s > start]
    return min(later) if later else default


def _side_of(places: list[PlaceMention] | list[str]) -> str | None:
    """The side whose territory PLACES (mentions or keys) lie in, if exactly one."""
    keys = [p.place.key if isinstance(p, PlaceMention) else p for p in places]
    countries = frozenset(place.country for place in (place_by_key(k) for k in keys) if place and place.country)
    return _side_of_countries(countries) if countries else None


@lru_cache(maxsize=4096)
def _side_of_countries(countries: frozenset[str]) -> str | None:
    """(twice a sentence, over a handful of country sets an article names)"""
    sides = {s.name for s in vocabulary().side if set(s.countries) & countries}
    return sides.pop() if len(sides) == 1 else None


@lru_cache(maxsize=4096)
def _outlet_key(name: str) -> str:
    # (asked for the article's outlet and its speakers at every sentence)
    return re.sub(r"^the\s+", "", fold(name).lower().strip(" .,"))


def _is_outlet(said: Attribution | None, source: Source) -> bool:
    """Whether SAID names the article's own outlet: its words are the outlet's own voice."""
    if said is None or said.speaker is None or not source.outlet:
        return False
    outlet = _outlet_key(source.outlet)
    return bool(outlet) and outlet in (_outlet_key(said.speaker.name), _outlet_key(said.text or ""))


def _hearsay(said: Attribution | None) -> str | None:
    """The hedge of a vague attribution to hearsay ("according to some reports", "sources say"):
    its words, as "reportedly" would be."""
    if said is None or not said.vague or not said.text:
        return None
    head = re.split(r"\s+(?:on|in|from|of|at|familiar|close|with|who|that)\s+", said.text.lower())[0].split()
    return said.text.lower() if head and head[-1] in hearsay_heads() else None


_IN_YEAR = re.compile(r"\b(?:in|since|of|during)\s+((?:19|20)\d\d)\b")


def _recalls_earlier_year(text: str, published) -> bool:
    """Whether TEXT dates what it tells to an earlier year than the article's ("its worst mining
    accident came in 2014"): a recalled event, which no speaker of this one's account carries into."""
    return published is not None and any(int(m.group(1)) < published.year for m in _IN_YEAR.finditer(text))


def _speaker_name(said: Attribution | None) -> str | None:
    """Who SAID names: the resolved speaker, or for a vague group ("officials") the group as written."""
    if said is None:
        return None
    return said.speaker.name if said.speaker and not said.vague else said.group if said.vague else None


def _attributed(claim: Claim, said: Attribution) -> Claim:
    """CLAIM as said by SAID's speaker."""
    speaker = said.speaker if not said.vague else None
    return claim.model_copy(update={
        "estimate": claim.estimate or (claim.numeric and is_estimate("", speaker.party if speaker else None)),
        "speaker": _speaker_name(said), "party": speaker.party if speaker else None,
        "speaker_text": said.text, "vague": said.vague, "via": said.via})


def _inside_words(text: str, words: str, lo: int, hi: int, start: int, end: int) -> bool:
    """Whether text[START:END] lies inside WORDS, found in text[LO:HI]."""
    at = text.find(words, lo, hi)
    return 0 <= at <= start and end <= at + len(words)


def _in_speaker_words(said: Attribution | None, sentence: Sentence, skip: tuple[int, int], start: int,
                      end: int) -> bool:
    """Whether the figure at START..END is in the words that name the speaker ("three police
    sources"), not merely inside the span the attribution was read from."""
    return said is not None and bool(said.text) and skip[0] <= start < end <= skip[1] and \
        _inside_words(sentence.text, said.text, skip[0], skip[1], start, end)


def _in_person_name(said: Attribution | None, sentence: Sentence, mention) -> bool:
    """Whether MENTION lies inside the name of the person SAID names: "Vaibhav Krishna" holds no
    district of Krishna."""
    return said is not None and said.speaker is not None and said.speaker.kind == "person" and \
        said.start >= sentence.start and _inside_words(sentence.text, said.speaker.name, said.start - sentence.start,
                                                       said.end - sentence.start, mention.start, mention.end)


def _cue_span(said: Attribution | None, sentence: Sentence) -> tuple[int, int] | None:
    """Where SAID's words stand in SENTENCE, when they are in it (not carried from the one before)."""
    if said is None or said.start < sentence.start or said.end > sentence.end or said.end <= said.start:
        return None
    return (said.start - sentence.start, said.end - sentence.start)


@cache
def _claim_defaults() -> dict[str, object]:
    return {name: field.get_default(call_default_factory=True) for name, field in Claim.model_fields.items()
            if not field.is_required()}


def _claim(**fields) -> Claim:
    """A Claim of FIELDS, those equal to their default left for the model to fill in.

    The same claim; but pydantic keeps the names of the fields given in a set on every model
    (and on every copy), and that set of 24 names took 2.3 KB of a claim's 3.4 KB: on figure-dense
    text, tens of thousands of claims."""
    defaults = _claim_defaults()
    return shared_fields(Claim(**{k: v for k, v in fields.items()
                                  if k not in defaults or type(v) is not type(defaults[k]) or v != defaults[k]}))


def _make_claim(source: Source, sentence: Sentence, said: Attribution | None, action: str, obj: str | None,
                interval, value: str | None, polarity: str, hedge: str | None, where: Located,
                when: When, n: int, event: str | None = None, unsaid: str | None = None,
                figure_at: tuple[int, int] | None = None) -> Claim:
    speaker = said.speaker if said and not said.vague else None
    basis = when.basis if when.basis in ("stated", "relative", "overnight", "statement", "published") else "none"
    return _claim(
        id=_claim_id(source, sentence.start, action, obj, n),
        source=source.id,
        speaker=_speaker_name(said),
        party=speaker.party if speaker else None,
        quote=sentence.text,
        start=sentence.start,
        end=sentence.end,
        action=action,
        object=obj,
        low=interval.low if interval else None,
        high=interval.high if interval else None,
        approx=interval.approx if interval else False,
        value=value,
        polarity=polarity,
        hedge=hedge,
        places=where.names,
        place_keys=where.keys,
        event_date=when.day,
        date_basis=basis,
        origin="extracted",
        speaker_text=said.text if said else None,
        via=said.via if said else None,
        vague=bool(said and said.vague),
        estimate=interval is not None and is_estimate(sentence.text if unsaid is None else unsaid,
                                                      speaker.party if speaker else None),
        event=event,
        figure_span=figure_at,
        cue_span=_cue_span(said, sentence),
    )
