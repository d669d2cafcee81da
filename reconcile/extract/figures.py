"""What each figure in a sentence counts: "shot down 11 drones" -> (downed, drones, [11, 11])."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..gazetteer import find_places
from ..lexicons import events_table, read_table, vocabulary
from ..models import Interval
from ..patterns import WordScan, alternation
from ..quantities import QuantityMention, find_quantities, shaped

PROJECTILES = {"drones", "missiles", "rockets", "bombs", "munitions"}
PERSONS = {"people", "children", "soldiers", "civilians"}
# "the number of dead", "the number of miners killed", "the number of people known to have died"
# (any one word naming who) (#18)
_NUMBER_OF = (r"number of (?:the )?(?:confirmed |known |reported |recorded |official )?(?:(?P<who>[a-z-]+) )?"
              r"(?:dead|deaths|victims|casualties|injured|wounded|hurt|killed|died)")
# A toll named before its figure: "the death toll rose to 14", "the number of victims reached 19",
# "the toll had gone up from 30 to 35" (the figure it rose from was the toll before)
_TOLL = re.compile(rf"\b(?P<noun>death toll|toll|deaths|{_NUMBER_OF}|casualty (?:toll|count)|injury toll|"
                   r"(?:official |death )?count|(?:official |death )?tally)\b"
                   # a decimal point ("the magnitude 7.8 earthquake") does not end the phrase;
                   # "could climb to 3,000" is a forecast, which the hedges mark
                   r"(?:[^.;]|\.\d){0,140}?\b(?:rose|risen|climbed|increased|reached|stands|stood|grew|grown|jumped|"
                   r"is now|climb|rise|reach|was|is|has risen|had risen|remains|remained|has stood|had stood|"
                   r"gone up|went up)"
                   r"\s+(?:to|at|from)?\s*$",
                   re.IGNORECASE)
# "raised its official death toll from the storm to 2,975", "put the number of casualties caused
# by the fire at 10": the verb before the toll
# ("puts the toll at 3,958", "put the eventual toll at somewhere around 18,000", "put the dead at 500")
_RAISED_TOLL = re.compile(r"\b(?:raised|revised|lifted|increased|updated|upped|lowered|put|set|cut|reduced|"
                          r"corrected|raises|revises|lifts|increases|updates|lowers|puts|sets|cuts|reduces|"
                          r"corrects|brought|brings|bringing|took|takes|taking|pushed|pushes|pushing|"
                          r"raising|lifting|gave|gives|giving|given)\s+"
                          # ("put Florida's death toll from the storm at 74": a possessive name too)
                          r"(?:its|their|the|his|her|(?-i:[A-Z][\w.-]*)(?:'s|’s))\s+(?:[a-z]+\s+)?"
                          rf"(?P<noun>death toll|toll|count|tally|death count|{_NUMBER_OF}|dead|injured|wounded)\b"
                          # ("gave the toll so far as more than 80")
                          r"(?:[^.;]|\.\d){0,100}?\b(?:to|at|as)(?:\s+somewhere)?\s*$", re.IGNORECASE)
# "the death toll had already passed 30,000", "pushed the number of dead since the war began past
# 30,000", "put the number of confirmed deaths in the county at 94": a toll that a figure passes
_PASSING = re.compile(r"(?:past|passed|surpassed|exceeded|topped)\b", re.IGNORECASE)
_TOLL_PASSING = re.compile(r"\b(?P<noun>death toll|toll|number of (?:the )?(?:confirmed |known )?(?:dead|deaths))\b"
                           r"(?:[^.;]|\.\d){0,100}?\s*$", re.IGNORECASE)
# "a toll of 55", "a death count of 1,240": the toll named just before its figure (#18)
_TOLL_OF = re.compile(r"\b(?P<noun>death toll|toll|casualty toll|death count)\s+of\s+$", re.IGNORECASE)
_TOLL_ACTION = {"death": "killed", "dead": "killed", "deaths": "killed", "victims": "casualties", "hurt": "injured",
                "casualties": "casualties", "casualty": "casualties", "injured": "injured", "wounded": "injured",
                "injury": "injured", "killed": "killed", "toll": "killed", "died": "killed"}
STRUCTURES = {"homes", "apartments", "buildings", "vehicles"}
SETTLEMENTS = {"settlements"}
CASUALTY_ACTIONS = {"killed", "injured", "seriously_injured", "missing", "evacuated", "casualties"}
ALLOWED = {
    "persons": CASUALTY_ACTIONS,
    "projectiles": {"launched", "downed", "hit"},
    "structures": {"damaged", "destroyed", "hit"},
    "settlements": {"captured"},
}
MILES_TO_KM = 1.609344


@dataclass(frozen=True)
class Figure:
    """A counted figure found in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    action: str
    object: str | None
    """None for a measure with no object ("a magnitude 7.8 earthquake")."""
    interval: Interval
    object_word: str = ""
    increment: bool = False
    """"Two more children were hurt": added to a count given before, so no total of its own."""


@dataclass(frozen=True)
class Category:
    start: int
    end: int
    action: str
    value: str


@dataclass(frozen=True)
class _Lexicon:
    objects: list[tuple[str, str]]          # (phrase, object), longest first
    object_re: re.Pattern
    not_counts: re.Pattern
    triggers: list[tuple[re.Pattern, str, str | None]]   # (pattern, action, projectile action)
    zeros: list[tuple[re.Pattern, tuple[str, ...]]]
    categories: list[tuple[re.Pattern, str, str]]
    trigger_scan: WordScan
    """The trigger patterns, run together."""
    category_scan: WordScan
    denial: re.Pattern
    attack_target: re.Pattern
    debris: re.Pattern
    groups: dict[str, tuple[frozenset[str], frozenset[str], str | None]]
    """[[group]] tables: name -> (objects, actions, default action)."""
    conversions: dict[str, tuple[str, float]]
    """Units read as another object: "acres" -> ("hectares", 0.404686)."""
    measures: list[tuple[str, re.Pattern]]
    """(action, pattern with groups "a" or "b" for the figure): "a magnitude 7.8 earthquake"."""
    interval_cue: re.Pattern
    """Words between an estimate and its interval: "(95% confidence interval,", "with a range of"."""
    left_over: re.Pattern
    found_dead: re.Pattern
    """A figure's own predicate that counts nobody in a toll: "(of whom) 793 had been discharged"."""
    left_over_before: re.Pattern
    """A verb before the figure's noun phrase that counts nobody in a toll: "had identified remains
    belonging to 33 people reported missing" (the words after the noun do not give it an action)."""
    bodies_before: re.Pattern
    """ "the bodies of two children": the people after it are dead, whatever the verb."""
    partitives: dict[str, str]
    """A part of the dead or the hurt and the action it carries: "of the dead" -> killed."""
    aboard_before: re.Pattern
    aboard_after: re.Pattern
    """Who was aboard, before and after the figure: "carrying 181 people", "181 people on board"."""
    unrealised: re.Pattern
    """ "tried to ", "failed to " right before an action word: the action was not done."""


def _alt(words) -> str:
    """WORDS as one alternation, longest first, written as a trie (`reconcile.patterns`)."""
    return alternation(set(words))


def _alt_or_never(words) -> str:
    """`_alt` of WORDS, or a pattern that matches nothing when a pack leaves them out."""
    return _alt(words) if words else "(?!)"


@cache
def _lexicon(packs: tuple[str, ...] | None = None) -> _Lexicon:
    """The core vocabulary and the domain PACKS (all when None)."""
    data = events_table(packs)
    objects = sorted(((w.lower(), obj) for obj, words in data["objects"].items() for w in words),
                     key=lambda x: -len(x[0]))
    # (a unit may be glued to its figure's digits: "35km")
    object_re = re.compile(rf"(?<![^\W\d])(?<!-)(?:{_alt(w for w, _ in objects)})(?![\w-])", re.IGNORECASE)
    # every list's words found in one pass over a sentence (WordScan), not one pass per list
    trigger_scan = WordScan([t["words"] for t in data["trigger"]])
    triggers = [(pattern, t["action"], t.get("projectile_action"))
                for pattern, t in zip(trigger_scan.patterns, data["trigger"], strict=True)]
    zeros = [(re.compile(rf"\b(?:{_alt(z['phrases'])})\b", re.IGNORECASE), tuple(z["actions"])) for z in data["zero"]]
    category_scan = WordScan([c["phrases"] for c in data.get("category", [])])
    categories = [(pattern, c["action"], c["value"])
                  for pattern, c in zip(category_scan.patterns, data.get("category", []), strict=True)]
    # (an arrest counts nobody hurt, as "identified" counts nobody newly dead)
    left_over_before = [*data.get("left_over_before", []), *data.get("arrest_before", [])]
    return _Lexicon(
        objects=objects,
        object_re=object_re,
        not_counts=re.compile(rf"^[\s-]*(?:{_alt(data['not_counts'])})(?![\w])"
                              # "630 above the official count": a difference between counts
                              rf"|^\s+(?:{_alt(data['difference_comparatives'])})\s+(?:[\w'’-]+\s+){{0,4}}?"
                              rf"(?:{_alt(data['difference_counts'])})\b", re.IGNORECASE),
        triggers=triggers,
        trigger_scan=trigger_scan,
        zeros=zeros,
        categories=categories,
        category_scan=category_scan,
        denial=re.compile(rf"\b(?:{_alt(data['denials'])})\b", re.IGNORECASE),
        attack_target=re.compile(rf"^\s+(?:had\s+|have\s+|has\s+)?attack(?:ed|s)?\s+(?:the|a|an)\s+"
                                 rf"(?:[\w-]+\s+){{0,3}}?(?:{_alt_or_never(data.get('attack_targets', []))})\b",
                                 re.IGNORECASE),
        debris=re.compile(rf"\b(?:{_alt_or_never(data.get('debris', []))})\b", re.IGNORECASE),
        groups=_groups(data.get("group", [])),
        conversions={unit: (row["object"], float(row["factor"])) for unit, row in data.get("conversions", {}).items()},
        measures=[(m["action"], _measure_pattern(m)) for m in data.get("measure", [])],
        interval_cue=re.compile(rf"(?:\(|\b(?:{_alt_or_never(data.get('interval_cues', []))})\b)", re.IGNORECASE),
        # one word may name what the figure counts when no object noun does: "40 bodies have been identified"
        left_over=re.compile(rf"^\s*(?:[^\W\d]+\s+(?=(?:were|was|had|have|has|are|is)\b))?"
                             rf"(?:,\s*)?(?:who|which|that)?\s*(?:were|was|had been|have been|has been|are|is|"
                             rf"had|have|has)\s+(?:\w+ly\s+|since\s+|now\s+|already\s+|later\s+|then\s+)?"
                             rf"(?:{_alt_or_never(data.get('left_over', []))})\b", re.IGNORECASE),
        # "44 bodies had been recovered": bodies recovered are the dead found, not people who recovered
        found_dead=re.compile(rf"^\s*(?:{_alt_or_never(data.get('found_dead', []))})\s+(?:[\w,]+\s+){{0,4}}?"
                              rf"(?:recovered|retrieved|pulled out|found)\b", re.IGNORECASE),
        left_over_before=re.compile(rf"\b(?:{_alt_or_never(left_over_before)})\s+"
                                    rf"(?:(?:{_alt_or_never(data.get('noun_phrase_words', []))})\s+){{0,5}}$",
                                    re.IGNORECASE),
        bodies_before=re.compile(rf"\b(?:{_alt_or_never(data.get('found_dead', []))})\s+of\s+(?:the\s+|all\s+)?$",
                                 re.IGNORECASE),
        partitives={phrase.lower(): action for phrase, action in data.get("partitives", {}).items()},
        aboard_before=re.compile(rf"\b(?:{_alt_or_never(data.get('aboard_before', []))})\s+"
                                 rf"(?:(?:{_alt(read_table('quantities')['qualifiers'])})\s+)?$", re.IGNORECASE),
        unrealised=re.compile(rf"\b(?:{_alt_or_never(data.get('unrealised', []))})\s+to\s+$", re.IGNORECASE),
        aboard_after=re.compile(rf"^\s*(?:(?:had\s+been|were|was)\s+)?"
                                rf"(?:{_alt_or_never(data.get('aboard_after', []))})\b", re.IGNORECASE),
    )


def _groups(rows: list[dict]) -> dict[str, tuple[frozenset[str], frozenset[str], str | None]]:
    out: dict[str, tuple[frozenset[str], frozenset[str], str | None]] = {}
    for row in rows:
        objects, actions, default = out.get(row["name"], (frozenset(), frozenset(), None))
        out[row["name"]] = (objects | set(row.get("objects", [])), actions | set(row.get("actions", [])),
                            row.get("default_action") or default)
    return out


def _measure_pattern(row: dict) -> re.Pattern:
    """ "magnitude 7.8" (a `before` word) or "7.8-magnitude" (an `after` word): the figure is group "a" or "b"."""
    parts = []
    if row.get("before"):
        parts.append(rf"(?<![\w-])(?:{_alt(row['before'])})[\s-]*(?P<a>\d+(?:\.\d+)?)(?![\w.]*\d)")
    if row.get("after"):
        after = alternation(w.lstrip("-") for w in row["after"])
        parts.append(rf"(?<![\w.])(?P<b>\d+(?:\.\d+)?)[\s-]*(?:{after})(?![\w-])")
    return re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)


# Spans that hold digits but no counts: times, dates, years, ages, ordinals, model names.
_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_NOT_FIGURES = re.compile(
    # a clock time, but not "1.25 million": a decimal before a scale word is a figure
    rf"\b\d{{1,2}}[:.]\d{{2}}(?!\d|\s*(?:thousand|million|billion|trillion)\b)(?:\s?[ap]\.?m\.?)?"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}(?:,?\s+\d{{4}})?"
    rf"|\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?|\b(?:19|20)\d{{2}}\b(?!\s*(?:people|drones|km))"
    rf"|\b\d+(?:st|nd|rd|th)\b|\b\d+\s*-?\s*years?[\s-]old\b|\b(?:aged|ages|age)\s+[\d,\sand]+"
    rf"|\bage\b[^.;\d]{{0,40}}?\b(?:as|at)\s+\d+"
    rf"|\b(?:of|,)\s+\d{{1,2}}(?!,\d{{3}})(?=\s*(?:,|and|\)|$|\.|;))(?<=of \d)"
    # codes such as "S300" or "5G", not a unit glued to its figure ("35km")
    rf"|\b[A-Z][\w]*-\d[\w-]*|\b\d+(?!(?:km|kg|mi|ft|mph|kmh)\b)[A-Za-z]+\d*\b"
    rf"|\bNo\.\s*\d+|\b\d+\s+(?:[A-Z][a-z]+\s+)?(?:Street|St\.|Avenue|Prospekt|Lane|Road)\b",
    re.IGNORECASE)
# "close to two in three", "one in five of the dead": a proportion, not a count (#18)
_PROPORTION = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine)\s+(?:in|out of)\s+(?:every\s+)?"
                         r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b(?=\s*(?:[,.;)]|$|of\b))",
                         re.IGNORECASE)
# "children of 11, 14, 15 and 17", "a girl of 18": ages, not counts
_PERSON_AGE = re.compile(r"\b(?:boy|girl|man|woman|child|children|teenager|son|daughter|men|women|boys|girls)s?"
                         r"\s+(?:of|aged)\s+\d{1,3}(?:\s*(?:,|and)\s*\d{1,3})*\b"
                         # "a mother, 27, and her twins, aged one": an age set off by commas after
                         # one person, or after "aged"
                         r"|\b(?:a|an|the|his|her|their)\s+(?:[a-z]+\s+){0,2}?(?:man|woman|boy|girl|mother|father|"
                         r"son|daughter|wife|husband|grandmother|grandfather|teenager|resident|driver|pensioner|"
                         r"nurse|doctor|farmer|worker|student|volunteer|firefighter|officer|soldier|neighbou?r)"
                         r",\s+\d{1,3}(?=\s*,)|\baged\s+\d{1,3}\b",
                         re.IGNORECASE)
_SINGULAR = re.compile(r"\b(?:a|an|one|the first)\s+[\"“']?(?:(?:[\w#]+(?:-[\w#]+)*)\s+){0,3}?"
                       r"(person|man|woman|child|boy|girl|teenager|teen|"
                       r"resident|civilian|soldier|serviceman|pensioner|worker|baby|infant|member|victim|individual|"
                       r"building|house|home|car|bus|truck|vehicle|ambulance|village|settlement)\b", re.IGNORECASE)


def _masked(text: str) -> str:
    """TEXT with non-count spans blanked (same length), so offsets stay valid: digits in times,
    dates and ages, and "no one" (a zero statement, not the figure one)."""
    def blank(m: re.Match) -> str:
        return _DIGIT.sub("#", m.group(0))
    # (both blank only digits: a sentence of number words alone has nothing for them to change)
    masked = text
    if _DIGIT.search(text):
        # (the size of a place first: "a city of 1.3 million" is no clock time either)
        masked = _not_count_before().sub(lambda m: re.sub(r"[^\W\d]", "_", blank(m)), masked)
        masked = _PERSON_AGE.sub(blank, _NOT_FIGURES.sub(blank, masked))
        masked = _NAME_AGE.sub(lambda m: blank(m) if not find_places(m.group("name")) else m.group(0), masked)
    masked = _PROPORTION.sub(lambda m: "_" * len(m.group(0)), masked)
    # "every one of the drones", "each one": all of them, not a count of one
    masked = _EVERY_ONE.sub(lambda m: "_" * len(m.group(0)), masked)
    return _NO_ONE.sub(lambda m: "~" * len(m.group(0)), masked)


@cache
def _not_count_before() -> re.Pattern:
    """A currency, the size of a place or a superlative's age right before digits ("Rs 10 lakh",
    "a city of 1.3 million", "the youngest of the dead was 14"): the digits count nobody."""
    data = events_table()
    words = alternation(data.get("not_count_before", []))
    ages = alternation(data.get("superlative_ages", []))
    return re.compile(rf"(?:(?<![\w$€£¥₹₦₴₽])(?:{words})\s*"
                      rf"|\b(?:{ages})\b[^.;,\d]{{0,40}}?\b(?:was|were|is|aged|at)\s+)"
                      rf"(?:about\s+|some\s+|nearly\s+|around\s+|roughly\s+|over\s+|more\s+than\s+)?"
                      rf"\d[\d,.]*(?:\s+(?:thousand|million|billion|lakh|crore)\b)?", re.IGNORECASE)


# "Among the dead was Bhumik, 19, a student": an age set off by commas after a person's name (not
# after a place: "Bryansk, 12, Kursk, 7" lists counts by region)
# ("Maksym, 11, and Valeriya, 14." ends a list of named children too)
_NAME_AGE = re.compile(r"(?<![\w-])(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2}),\s+\d{1,2}"
                       r"(?=\s*,\s+[a-z]|\s*[.;)]\s*$|\s*[.;)]\s+[A-Z])")


_EVERY_ONE = re.compile(r"\b(?:every|each|any)[\s-]+one\b", re.IGNORECASE)
_NO_ONE = re.compile(r"\b(?:no|not a single|not one)[\s-]+one\b", re.IGNORECASE)


def _continuous(obj: str) -> bool:
    entry = vocabulary().objects.get(obj)
    return bool(entry and entry.continuous)


def _miles_to_km(interval: Interval, width: float) -> Interval:
    """A distance in miles as kilometres; converted figures are approximate."""
    return _scaled(interval, MILES_TO_KM, width)


def _scaled(interval: Interval, factor: float, width: float) -> Interval:
    """A figure in another unit converted by FACTOR; converted figures are approximate."""
    if interval.high is not None and interval.low == interval.high:
        return shaped(interval.low * factor, "about", width)
    return Interval(low=round(interval.low * factor),
                    high=None if interval.high is None else round(interval.high * factor), approx=True)


def _measures(sentence: str, packs: tuple[str, ...] | None) -> list[Figure]:
    """Measures named by a word beside the figure: "a magnitude 7.8 earthquake" (no object)."""
    found = []
    for action, pattern in _lexicon(packs).measures:
        for m in pattern.finditer(sentence):
            text = next(v for v in m.groupdict().values() if v)
            found.append(Figure(m.start(), m.end(), action, None, _measured(text)))
            # "magnitude 7.1 and 5.9": the figures listed after it measure the same
            for more in _MEASURE_LIST.finditer(sentence, m.end()):
                # a whole number before a noun counts it: "magnitude 7 and 30 people died"
                if more.start() != found[-1].end or "." not in more.group("n") and \
                        _lexicon(packs).object_re.match(sentence[more.end():].lstrip()):
                    break
                found.append(Figure(more.start("n"), more.end("n"), action, None, _measured(more.group("n"))))
    return found


# a figure listed right after a measure's: ", 6.2 and 5.9" (not "and 30 people": a count follows)
_MEASURE_LIST = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)(?P<n>\d+(?:\.\d+)?)(?![\w.,]*\d)",
                           re.IGNORECASE)


def _measured(text: str) -> Interval:
    value = float(text) if "." in text else int(text)
    return Interval(low=value, high=value)


@cache
def _object_of(packs: tuple[str, ...] | None = None) -> dict[str, str]:
    """Object word -> the object it counts, the first of `_lexicon(packs).objects` (a look-up for
    every figure, not a walk down the list)."""
    found: dict[str, str] = {}
    for word, obj in _lexicon(packs).objects:
        found.setdefault(word, obj)
    return found


@cache
def _counted_nouns(packs: tuple[str, ...] | None = None) -> frozenset[str]:
    """Nouns that count the people after their "of": "70 bodies of people killed", "five members of
    the crew" (object words and the dead found)."""
    data = events_table(packs)
    return frozenset({w for w, _ in _lexicon(packs).objects if " " not in w} |
                     {w.lower() for w in (*data.get("found_dead", []), *data.get("counting_nouns", []))})


def _object_after(text: str, at: int, limit: int,
                  packs: tuple[str, ...] | None = None) -> tuple[str | None, int, str]:
    """The object counted by a figure ending at AT: the first object noun within a few words.

    LIMIT is where the next figure starts; "five drones and two rockets" are two counts, while
    "158 missiles and drones" is one count of mixed projectiles.
    """
    lex = _lexicon(packs)
    # model names are modifiers, however many: "23 Kh-101 and Kh-555 cruise missiles"
    window = _MODELS.sub(lambda m: " " * len(m.group(0)), text[at:min(at + 70, limit)])
    stop = _OBJECT_STOP.search(window)
    scope = window[: stop.start()] if stop else window
    # the first object noun within a few words, extended over adjacent ones: "6 US-made JDAM guided
    # air bombs" counts bombs up to "bombs"
    matches = list(lex.object_re.finditer(scope))
    match = matches[0] if matches and len(scope[: matches[0].start()].split()) <= 4 else None
    for nxt in matches[1:]:
        between = scope[match.end():nxt.start()].strip().lower() if match else "x"
        # "one of them a child": the noun after a partitive pronoun names who the part is
        if not between or (between in ("a", "an") and match.group(0).lower().startswith("of ")):
            match = nxt
    own_noun = _MEASURE_NOUN.match(scope) if match else None
    noun = own_noun.group(0).split()[0].lower() if own_noun else ""
    if own_noun and own_noun.end() <= match.start() + 3 and noun not in _counted_nouns(packs):
        # "five reports of people who disappeared", "three busloads of pilgrims": the figure counts
        # its own noun, not the people after "of"
        return None, at, ""
    if match:
        phrase = match.group(0).lower()
        obj = _object_of(packs)[phrase]
        end = at + match.end()
        rest = text[end:min(end + 40, limit)]
        mixed = _other_projectiles(obj, packs).match(rest) if obj in PROJECTILES else None
        if mixed:
            return "munitions", end + mixed.end(), phrase
        # "an 18-year-old girl": an adult, whatever the noun
        age = _YEARS_OLD.search(text[at:end])
        if obj == "children" and age and int(age.group(1)) >= 18:
            obj = "people"
        return obj, end, phrase
    # "ten of the injured", "one of them"
    match = _OF_GROUP.match(text[at:at + 30])
    if match:
        return "people", at + match.end(), match.group(1).lower()
    return None, at, ""


# (compiled once: these run for every figure)
_OBJECT_STOP = re.compile(r"[,;:.!?()\"“”]|\s[-–—]\s|\s(?:and|or|were|was|had|have|has|are|is|in|on|over|at|from|"
                          r"to|who|which|that|after|before|when|as|by|with|during|across|near)\s")
_YEARS_OLD = re.compile(r"\b(\d{1,3})[- ]years?[- ]old\b")
_OF_GROUP = re.compile(r"\s*(?:other\s+)?(of (?:them|whom|those|the \w+))", re.IGNORECASE)


_MODELS = re.compile(r"(?<![\w-])[A-Z][\w]*-\d[\w-]*(?:\s*(?:,|and|or)\s*[A-Z][\w]*-\d[\w-]*)*")


@lru_cache(maxsize=64)
def _other_projectiles(obj: str, packs: tuple[str, ...] | None) -> re.Pattern:
    """ "and drones" after "158 missiles": another kind of projectile joined to OBJ (built once)."""
    return re.compile(r"\s*(?:,|and|or)\s*(?:\w+\s+){0,2}?(" + "|".join(
        re.escape(w) for w, o in _lexicon(packs).objects if o in PROJECTILES and o != obj) + r")\b", re.IGNORECASE)


def _named_before(sentence: str, at: int) -> str | None:
    """The last object noun named (without a figure) before AT in SENTENCE."""
    lex = _lexicon()
    found = list(lex.object_re.finditer(sentence, 0, at))
    if not found:
        return None
    phrase = found[-1].group(0).lower()
    return next((o for w, o in lex.objects if w == phrase), None)


def _group(obj: str) -> str | None:
    if obj in PERSONS:
        return "persons"
    if obj in PROJECTILES:
        return "projectiles"
    if obj in STRUCTURES:
        return "structures"
    if obj in SETTLEMENTS:
        return "settlements"
    # the objects of the data's [[group]] tables (every pack: an object only occurs where its pack is used)
    return next((name for name, (objects, _, _) in _lexicon().groups.items() if obj in objects), None)


def _allowed(group: str) -> set[str]:
    """The actions a figure on an object of GROUP can take."""
    extra = _lexicon().groups.get(group)
    return ALLOWED.get(group, set()) | (extra[1] if extra else set())


def _default_action(obj: str) -> str | None:
    """The action of a figure on OBJ that no verb names ("12,000 hectares": burned)."""
    group = _lexicon().groups.get(_group(obj) or "")
    return group[2] if group else None


def _casualties() -> set[str]:
    return _allowed("persons")


@lru_cache(maxsize=512)
def _trigger_hits(text: str, packs: tuple[str, ...] | None = None) -> tuple[tuple[int, int, str, str | None], ...]:
    """Every action word in TEXT: (start, end, action, projectile action), found once per sentence."""
    lex = _lexicon(packs)
    return tuple((m.start(), m.end(), action, projectile_action)
                 for (_, action, projectile_action), found in zip(lex.triggers, lex.trigger_scan.finditer(text),
                                                                  strict=True)
                 for m in found if not lex.unrealised.search(text, max(0, m.start() - 40), m.start()))


def _trigger(text: str, lo: int, hi: int, obj: str, prefer: int,
             packs: tuple[str, ...] | None = None) -> tuple[str, int] | None:
    """The action nearest PREFER among triggers in text[lo:hi] that can apply to OBJ."""
    group = _group(obj)
    best = None
    for start, end, action, projectile_action in _trigger_hits(text, packs):
        if start < lo or end > hi:
            continue
        act = projectile_action if (projectile_action and obj in PROJECTILES) else action
        if (group and act not in _allowed(group)) or (group is None and act in _casualties()):
            continue
        distance = min(abs(start - prefer), abs(end - prefer))
        # multi-word phrases ("in critical condition") beat their parts ("condition")
        score = distance - (end - start) / 4
        if best is None or score < best[0]:
            best = (score, act, start)
    return (best[1], best[2]) if best else None


# not ";": a new clause, whose figure takes a verb of its own
# ("of which 38 drones were shot down" is a part with a verb of its own, not an item of the list)
_LIST_JOIN = re.compile(r"\s*,?\s*(?:and|or|as well as|plus|including|among them)?\s*$", re.IGNORECASE)
_PASSIVE = re.compile(r"^\s*(?:,\s*)?(?:who|which|that)?\s*(?:were|was|had been|have been|has been|are|is|being|got|"
                      r"had|have|has|remain|remained|are now|were now)?\s*(?:\w+ly\s+)?$", re.IGNORECASE)
_INHERITS = re.compile(r"^\s*(?:over|in|on|at|from|near|above|across|around|elsewhere|more|others?|,|;|\.|and|$)",
                       re.IGNORECASE)
# "two more children", "two further children": an increment on an earlier count
# ("another 108 injured" and "six other children" name a group of their own, not an increment)
_INCREMENT_AFTER = re.compile(r"^\s+(?:more|further|additional|extra)\b(?!\s+than)", re.IGNORECASE)
# "a child's body was found in the rubble": one more find during the search, not the toll of children
_LONE_FIND = re.compile(r"[^,;.]{0,40}?\b(?:was|has\s+been|had\s+been)\s+(?:\w+ly\s+)?(?:found|recovered|retrieved|"
                        r"discovered|pulled\s+out|pulled\s+from|brought\s+out|removed|located)\b", re.IGNORECASE)
_WHICH_ONE = re.compile(r"(?:one|each|any)\s+of\s+(?:the|those|these|its|their)\s+(?:\w+\s+)?"
                        r"(?:villages|towns|settlements|houses|buildings|homes|regions|districts|cities|streets|sites|"
                        r"plants|factories)\b"
                        # "one of the deadliest", "one of the most destructive": a rank, not a count
                        r"|(?:one|among)\s+of\s+the\s+(?:\w+est|most\s+\w+|worst|biggest)\b",
                        re.IGNORECASE)
# A noun of its own after a bare figure, then "of": "8 fragments of bodies", "three pieces of the wreck"
_MEASURE_NOUN = re.compile(r"\s+(?!of\b|more\b|others?\b)[a-z]+\s+of\b")
# "a child's body": the person named before it is dead
_BODY_AFTER = re.compile(r"\S*(?:'s|’s)\s+(?:body|remains|corpse)\b", re.IGNORECASE)
# "gave a figure below 100", "cited a lower number of 12": a toll given again, without its noun
_FIGURE_NOUN_BEFORE = re.compile(r"\b(?:gave|gives|give|giving|put|puts|offered|offers|cited|cites|provided|"
                                 r"released|issued)\s+(?:a|an|its|their|his|her|the)\s+(?:[a-z]+\s+)?"
                                 r"(?:figure|number|count|toll|tally|estimate)\s+(?:of\s+|at\s+|as\s+)?$",
                                 re.IGNORECASE)
# "the fire brigade said three." (after "Police said two people died;"): a count given again
_SAID_BARE = re.compile(r"\b(?:said|says|counted|counts|reported|reports)\s+(?:only\s+|just\s+|at\s+least\s+)?$",
                        re.IGNORECASE)
# Words that may stand between a bare figure and its verb: "17 had since been pulled out alive",
# "300 were said to have been injured" (the hearsay is the hedge's, the verb still the figure's)
_BARE_AFTER = re.compile(r"\s*(?:(?:were|was|had|have|has|been|being|are|is|later|also|more|others?|further|still|"
                         r"whose|who|of whom|(?:said|believed|reported|thought|feared|known)\s+to\s+have|"
                         r"now|then|already|since|reportedly|subsequently|\w+ly)\s+)*", re.IGNORECASE)
_APPENDAGE = re.compile(r"(?:along with|as well as|plus|together with|besides)\s*$", re.IGNORECASE)


def _mentions(masked: str, width: float) -> list[QuantityMention]:
    lex = _lexicon()
    mentions = [q for q in find_quantities(masked, width) if not lex.not_counts.match(masked[q.end:])]
    for m in _SINGULAR.finditer(masked):
        if any(q.start <= m.start() < q.end for q in mentions) or _APPENDAGE.search(masked[:m.start()]):
            continue
        mentions.append(QuantityMention(m.start(), m.start() + len(m.group(0).split()[0]),
                                        Interval(low=1, high=1), m.start()))
    mentions.sort(key=lambda q: q.start)
    # "in one of the villages": which one, not how many
    mentions = [q for q in mentions if not _WHICH_ONE.match(masked, q.start)]
    # "1,200 kilometres (745 miles)": the figure in brackets converts the one before it
    mentions = [q for q in mentions if not _CONVERSION.search(masked[:q.start])]
    # Vague amounts ("several people") give way to exact figures in the same sentence.
    if any(not q.interval.approx for q in mentions):
        # ("dozens more wounded" is a group of its own beside the exact figures)
        mentions = [q for q in mentions if not (q.interval.approx and q.number_start == q.start and
                                                q.interval.high in (None, 9, 5) and q.interval.low in (2, 3, 5, 24)
                                                and not _MORE_AFTER.match(masked, q.end))]
    return mentions


_DIGIT = re.compile(r"\d")
_CONVERSION = re.compile(r"\d[\w,.]*\s+(?:kilomet\w+|km|miles?)\s*\(\s*(?:about\s+|some\s+)?$", re.IGNORECASE)
_OF_THEM = re.compile(r"\s+of\s+(?:them|whom|which|those)\b", re.IGNORECASE)
_MORE_AFTER = re.compile(r"\s+(?:more|others?)\b", re.IGNORECASE)
_OF_WHICH_BEFORE = re.compile(r"\bof\s+(?:which|whom|them|those)\s*$")
_OF_WHICH_AFTER = re.compile(r"\s+of\s+which\b")


@cache
def _figure_words() -> frozenset[str]:
    """Words without which a sentence holds no figure: number words, vague amounts, the first words
    of zero statements, and the nouns a singular "a man", "an ambulance" can count."""
    quantities = read_table("quantities")
    words = {w for phrase in [*quantities["numbers"], *quantities["vague"]]
             for w in re.findall(r"[a-z]+", phrase.lower()) if w not in ("a", "an", "of")}
    # a zero statement ends in what it counts: "no casualties", "nobody was hurt"
    words |= {re.findall(r"[a-z]+", p.lower())[-1] for z in read_table("events")["zero"] for p in z["phrases"]}
    singular = re.search(r"\((person\|.*?)\)", _SINGULAR.pattern)
    return frozenset(words | set(singular.group(1).split("|")))


@cache
def _figure_word_re() -> re.Pattern:
    """A figure word standing as a whole run of letters a-z (of the lowered text)."""
    return re.compile(rf"(?<![a-z])(?:{alternation(_figure_words(), ignorecase=False)})(?![a-z])")


def _has_digit(sentence: str) -> bool:
    """Whether any character of SENTENCE is a digit to str.isdigit, without a loop over ASCII text."""
    # (a decimal digit, else any character str.isdigit takes: "²")
    return bool(_DIGIT.search(sentence)) or (not sentence.isascii() and any(ch.isdigit() for ch in sentence))


def _maybe_figure(sentence: str) -> bool:
    """A cheap test for sentences that may hold a figure; most sentences of an article hold none."""
    if _has_digit(sentence):
        return True
    return _figure_word_re().search(sentence.lower()) is not None


def find_figures(sentence: str, width: float = 0.1, context: str | None = None,
                 packs: tuple[str, ...] | None = None, count: tuple[str, str] | None = None) -> list[Figure]:
    """Counted figures in SENTENCE with their action and object.

    CONTEXT is the object last counted before this sentence: "Russia launched 30 missiles.
    The air force said 25 of them were intercepted" counts missiles. PACKS: the domain packs
    whose words count (all when None). COUNT is the object and action of the toll last given in
    the paragraph, which "Israel gave a figure below 100" gives again.
    """
    if not _maybe_figure(sentence):
        return []
    measures = _measures(sentence, packs)
    masked = _masked(sentence)
    for m in measures:
        # a magnitude is not a count: "a 7.8-magnitude quake killed" does not kill 7.8 people
        masked = masked[:m.start] + _DIGIT.sub("#", masked[m.start:m.end]) + masked[m.end:]
    mentions = _mentions(masked, width)
    # Figures with their objects, then grouped into coordinated lists that share one verb
    items = []
    totals: set[int] = set()
    for i, q in enumerate(mentions):
        limit = mentions[i + 1].start if i + 1 < len(mentions) else len(sentence)
        obj, obj_end, word = _object_after(sentence, q.end, limit, packs)
        which_after = _OF_WHICH_AFTER.match(sentence, q.end, limit) if obj is None else None
        if which_after:
            # "eight drones hit the city, five of which struck homes": some of what was just counted
            obj_end, word = which_after.end(), "of which"
        of_which = _OF_WHICH_BEFORE.search(sentence[:q.start])
        pronoun = word in ("of them", "of whom", "of those", "of which")  # not "of those hurt": that names people
        if pronoun or (obj is None and of_which):
            # "25 of them", "of which 51": the thing counted before, else named before ("fired a
            # barrage of rockets ... intercepted seven of them"), else the last sentence's
            earlier = next((it[1] for it in reversed(items) if it[1] is not None), None) or \
                _named_before(sentence, q.start) or context
            if earlier:
                obj = earlier if pronoun or obj is None else obj
        # "13 of the 15 drones", "68 of the plane's 72 occupants"
        partitive = re.match(r"\s+of\s+(?:the\s+)?(?:[\w-]+(?:'s|’s)\s+)?$", sentence[q.end:limit]) \
            if i + 1 < len(mentions) else None
        if partitive:
            totals.add(i + 1)
            # "13 of the 15 Shahed drones": the first figure counts the second's object
            nxt = mentions[i + 1]
            later_limit = mentions[i + 2].start if i + 2 < len(mentions) else len(sentence)
            obj, obj_end, word = _object_after(sentence, nxt.end, later_limit, packs)
        items.append((q, obj, obj_end, word))
    groups: list[list[int]] = []
    for i, (q, obj, _obj_end, _) in enumerate(items):
        if groups and obj is not None and items[groups[-1][-1]][1] is not None:
            prev_end = items[groups[-1][-1]][2]
            # ("60 people, 20 of them seriously": a part is no item of a list, and takes no verb of the whole)
            if _LIST_JOIN.fullmatch(sentence[prev_end:q.start]) and not _OF_THEM.match(sentence, q.end):
                groups[-1].append(i)
                continue
        groups.append([i])
    figures: list[Figure] = []
    previous: Figure | None = None
    for group in groups:
        first, last = items[group[0]], items[group[-1]]
        after_group = group[-1] + 1
        if after_group < len(mentions) and _OF_THEM.match(sentence, mentions[after_group].end) and \
                re.fullmatch(r"\s*,\s*", sentence[items[group[-1]][2]:mentions[after_group].start]):
            # "seven people, three of them Lebanese, are still missing": the head's verb lies past its part
            after_group += 1
        nxt = mentions[after_group].start if after_group < len(mentions) else len(sentence)
        prev_end = figures[-1].end if figures else 0
        for i in group:
            q, obj, obj_end, word = items[i]
            interval = q.interval
            if obj == "miles":
                obj, interval = "km", _miles_to_km(interval, width)
            elif obj in _lexicon(packs).conversions:
                # "4,000 acres" as hectares, like miles as kilometres
                obj, factor = _lexicon(packs).conversions[obj]
                interval = _scaled(interval, factor, width)
            elif obj and q.shape in ("over", "under") and q.value is not None and _continuous(obj):
                # "over 1,300 km": a measure just above 1,300, whose closest closed interval starts at 1,300
                interval = shaped(q.value, "at_least" if q.shape == "over" else "up_to", width)
            action = None
            if obj == "km":
                action = "distance"
            elif obj is not None and i in totals:
                # "38 of the 44 drones Russia launched": the total has a verb of its own, or none
                own = _trigger(sentence, obj_end, min(nxt, obj_end + 30), obj, obj_end, packs)
                action = own[0] if own and (own[0] == "launched" or (
                    # "27 of the 114 people confirmed dead": the whole is counted by its participle
                    own[0] in _casualties() and _PARTICIPLE_GAP.fullmatch(sentence, obj_end, own[1]))) else None
                if action is None and obj in PROJECTILES and previous is not None and \
                        previous.action in ("downed", "hit"):
                    # "shot down 21 of the 23 missiles": those shot down were among those launched
                    action = "launched"
            elif obj is not None and i + 1 in totals:
                # "shot down 12 of the 15 drones launched": the part takes the verb before it
                before = _trigger(sentence, max(prev_end, q.start - 70), q.start, obj, q.start, packs)
                action = before[0] if before else _action_for(sentence, obj, first[0].start, last[2], prev_end,
                                                              nxt, previous, packs)
                if not before and _part_has_other_predicate(sentence, obj_end, obj, packs):
                    # "27 of the 114 confirmed dead have been identified": the part is the identified
                    action = None
            elif obj is not None:
                appended = previous is not None and re.fullmatch(r"\s*,\s*", sentence[previous.end:q.start]) and \
                    _OF_THEM.match(sentence, q.end) and _group(obj) == _group(previous.object)
                own = _trigger(sentence, obj_end, min(nxt, obj_end + 40), obj, obj_end, packs) if appended else None
                if appended and not (own and _PASSIVE.match(sentence[obj_end:own[1]])):
                    # "killed 21 people, three of them children, and wounded 91": the part takes the
                    # verb of its head unless one of its own follows it ("20 of them seriously")
                    action = previous.action
                else:
                    action = _action_for(sentence, obj, first[0].start, last[2], prev_end, nxt, previous, packs) or \
                        _default_action(obj)
                if word in _lexicon(packs).partitives:
                    obj, action = _partitive(sentence, obj_end, obj, action, _lexicon(packs).partitives[word])
                if action is None and previous and re.fullmatch(r"\s*,?\s*(?:including|among them|of whom)\s*",
                                                                sentence[previous.end:q.start]):
                    # "the number of injured at 31, including four children": the part shares the verb
                    action = previous.action if _group(obj) == _group(previous.object) else None
                if previous and re.fullmatch(r"\s*(?:in|across|at|on|inside)\s+", sentence[previous.end:q.start]):
                    # "damaged 40 apartments in two buildings": the buildings share the verb
                    action = previous.action if _group(obj) == _group(previous.object) else action
            elif (toll := _TOLL.search(sentence[max(0, q.start - 200):q.start]) or
                  _RAISED_TOLL.search(sentence[max(0, q.start - 200):q.start]) or
                  _TOLL_OF.search(sentence[max(0, q.start - 30):q.start]) or
                  (_PASSING.match(sentence, q.start) and
                   _TOLL_PASSING.search(sentence[max(0, q.start - 200):q.start]))):
                noun = toll.group("noun").lower().split()[-1]
                obj, action = "people", _TOLL_ACTION.get(noun, "killed")
                # "the number of children injured": a count of children
                who = (toll.groupdict().get("who") or "").lower()
                named = next((o for phrase, o in _lexicon(packs).objects if phrase == who), None)
                if named in PERSONS:
                    obj = named
            else:
                # "35 injured", "killing three": a casualty word right by the figure counts people
                # (the words after may be a phrase: "17 had been pulled out alive"), but a noun of
                # its own between says it counts something else: "8 fragments of bodies were found"
                after = _trigger(sentence, q.end, min(nxt, q.end + 25), "people", q.end, packs)
                if after is None and (longer := _trigger(sentence, q.end, min(nxt, q.end + 40), "people", q.end,
                                                         packs)) and _BARE_AFTER.fullmatch(sentence, q.end, longer[1]):
                    after = longer
                before = _trigger(sentence, max(prev_end, q.start - 25), q.start, "people", q.start, packs)
                # "killed three and wounded 12": a verb after "and" is the next figure's
                if after and before and re.search(r",|\b(?:and|but|while)\b", sentence[q.end:after[1]]):
                    after = None
                pick = after or before
                if _MEASURE_NOUN.match(sentence, q.end):
                    # "8 fragments of human bodies were found": the figure counts its own noun
                    pick = None
                if pick and pick[0] in _casualties():
                    obj, action = "people", pick[0]
                elif count and (_FIGURE_NOUN_BEFORE.search(sentence, max(0, q.start - 60), q.start) and
                                not re.match(r"\s+(?:[a-z]+\s+)?(?:of\s+)?[a-z]", sentence[q.end:q.end + 20]) or
                                _SAID_BARE.search(sentence, max(0, q.start - 30), q.start) and
                                re.fullmatch(r"\s*[.;,]?\s*", sentence[q.end:])):
                    # "...said 200 had died; Israel gave a figure below 100": the same toll, by another
                    obj, action = count
                elif context and re.match(r"\s*(?:were|was|had|have|more|others?|further)\b", sentence[q.end:]) and \
                        re.search(r"\b(?:another|further|more|other)\s*$", sentence[:q.start]) and \
                        (trig := _trigger(sentence, q.end, min(nxt, q.end + 40), context, q.end, packs)):
                    # "another seven were intercepted": more of what the last sentence counted
                    obj, action = context, trig[0]
                elif previous and q.start - previous.end < 60 and \
                        re.search(r"(?:,|\band|\bwhile|\bbut)\s*$", sentence[previous.end:q.start]) and \
                        (trig := _trigger(sentence, q.end, min(nxt, q.end + 16), previous.object, q.end, packs)):
                    # "2,000 homes were destroyed and 10,000 damaged": the object of the figure before
                    obj, action = previous.object, trig[0]
                elif previous and re.fullmatch(r"\s+to\s+", sentence[previous.end:q.start]):
                    # "leapt from 59 to 120": the figure it changed to counts the same thing
                    obj, action = previous.object, previous.action
                elif previous and q.start - previous.end < 80 and _INHERITS.match(sentence[q.end:]) and \
                        (re.search(r"(?:,|:|\band\b|further|another|more)\s*$", sentence[previous.end:q.start][-40:]) or
                         _NAMED_ITEM.fullmatch(sentence, previous.end, q.start)):
                    # "a further 23 over Bryansk, six over Belgorod": a list inherits its head
                    obj, action = previous.object, previous.action
                elif (counted := previous.object if previous else context) and counted not in PERSONS and \
                        (trig := _trigger(sentence, max(prev_end, q.start - 30), q.start, counted, q.start,
                                          packs)) and \
                        _VERB_JUST_BEFORE.fullmatch(sentence, trig[1], q.start):
                    # "destroyed 72 apartments and damaged 164", "launched 30 drones; air defences
                    # destroyed 25": a verb right before a bare figure acts on what was just counted
                    obj, action = counted, trig[0]
            lex = _lexicon(packs)
            after = sentence[max(obj_end, q.end):]
            if obj in PERSONS and action is not None and (lex.bodies_before.search(sentence, 0, q.start) or
                                                          _BODY_AFTER.match(sentence, q.end)):
                # "the bodies of two children were pulled out", "a child's body was found": dead
                action = "killed"
            if obj is None or action is None or (lex.left_over.match(after) and not lex.found_dead.match(after)) or \
                    lex.aboard_before.search(sentence[max(0, q.start - 40):q.start]) or \
                    lex.left_over_before.search(sentence[max(0, q.start - 60):q.start]) or \
                    lex.aboard_after.match(sentence[max(obj_end, q.end):]):
                # "of whom 793 had been discharged", "carrying 181 people": counts of nobody here
                continue
            if action == "hit" and obj in PROJECTILES and lex.debris.search(sentence[q.start:nxt]):
                # "one of them hit a pipe as it fell": wreckage of a downed drone, not a strike
                continue
            # "12 more drones were downed" is twelve more, not more than twelve: an increment on a
            # count given before, unless the figure before it counts something else ("146 died and
            # 150 more were hurt": 150 besides the dead)
            increment = bool(_INCREMENT_AFTER.match(sentence[q.end:])) and (
                previous is None or previous.action == action) or \
                (sentence[q.start:q.end].lower() in ("a", "an", "another") and
                 bool(_LONE_FIND.match(sentence, max(obj_end, q.end))))
            if obj in PERSONS and not word and (named := _predicate_kind(sentence, q.end, packs)) and \
                    named != "people":
                # "Of the 40 people killed, 12 were children": the figure counts the children
                obj = named
            figure = Figure(q.start, max(obj_end, q.end), action, obj, interval, word, increment)
            figures.append(figure)
            previous = figure
    figures = _sum_people(sentence, figures)
    figures = _with_intervals(sentence, figures, mentions)
    figures += measures
    figures += _zeros(sentence, figures)
    figures += _ages_of_dead(sentence, figures)
    return figures


def estimate_intervals(sentence: str, width: float = 0.1) -> list[Interval]:
    """Bounded ranges a sentence gives as an interval ("could be anywhere between 793 and 8,498")."""
    if not _has_digit(sentence) or not _lexicon().interval_cue.search(sentence):
        return []
    return [q.interval for q in _mentions(_masked(sentence), width)
            if q.interval.high is not None and q.interval.low < q.interval.high]


def _with_intervals(sentence: str, figures: list[Figure], mentions: list[QuantityMention]) -> list[Figure]:
    """An estimate given with its interval is a claim of that interval: "about 4,645 deaths (95%
    confidence interval, 793 to 8,498)", "4,645 excess deaths, with a range of 793 to 8,498"."""
    cue = _lexicon().interval_cue
    for r in mentions:
        iv = r.interval
        if iv.high is None or iv.low >= iv.high:
            continue
        before = [f for f in figures if f.end <= r.start]
        if not before:
            continue
        f = before[-1]
        gap = sentence[f.end:r.start]
        point = f.interval
        if len(gap) > 120 or re.search(r"[.;]", gap) or not cue.search(gap) or point.high is None or \
                not (iv.low <= point.low and point.high <= iv.high) or (point.low, point.high) == (iv.low, iv.high):
            continue
        merged = Figure(f.start, max(f.end, r.end), f.action, f.object, Interval(low=iv.low, high=iv.high, approx=True),
                        f.object_word)
        figures = [merged if g is f else g for g in figures
                   if g is f or not (g.start == r.start and g.action == f.action and g.object == f.object)]
    return figures


_AGE = re.compile(r"\b(?:(?P<a>\d{1,3})[- ]years?[- ]old"
                  r"|(?:boy|girl|man|woman|child|teenager)\s+(?:of|aged)\s+(?P<b>\d{1,3})"
                  r"|age\b[^.;\d]{0,40}?\bas\s+(?P<c>\d{1,3})|(?:his|her)\s+age\s+at\s+(?P<d>\d{1,3}))\b",
                  re.IGNORECASE)


def _ages_of_dead(sentence: str, figures: list[Figure]) -> list[Figure]:
    """The age of a single person reported dead: "the 15-year-old had died", "the boy killed was 14"."""
    killed = [f for f in figures if f.action == "killed"]
    if len(killed) > 1 or any(f.interval.low != 1 or f.interval.high != 1 for f in killed):
        return []
    ages = list(_AGE.finditer(sentence))
    if not ages:  # (most sentences: the words for a death are looked for only when an age is told)
        return []
    deaths = [m for pattern, action, _ in _lexicon().triggers if action == "killed" for m in pattern.finditer(sentence)]
    if not deaths:
        return []
    # the age told nearest the word for the death ("gave the age of the boy who died as 15")
    distance, age = min(((min(abs(d.start() - a.start()), abs(d.start() - a.end())), a) for a in ages for d in deaths),
                        key=lambda pair: pair[0])
    if distance > 60:
        return []
    value = int(age.group("a") or age.group("b") or age.group("c") or age.group("d"))
    obj = "children" if value < 18 else "people"
    return [Figure(age.start(), age.end(), "age", obj, Interval(low=value, high=value))]


# "64 of those killed were children": the predicate names who the part counts
_PREDICATE_NOUN = re.compile(r"\s+(?:were|was|are|is)\s+(?:all\s+)?([a-z]+)\b", re.IGNORECASE)


def _partitive(sentence: str, end: int, obj: str, action: str | None, noun_action: str) -> tuple[str, str]:
    """A part of the dead or the hurt ("97 of the dead", "13 of the bodies were taken to hospital"):
    the dead stay dead whatever the verb says, the hurt are hurt unless a verb says more ("of the
    injured, 10 later died"); a predicate noun may name their kind ("six of the dead were children")."""
    action = "killed" if noun_action == "killed" else action or noun_action
    return _predicate_kind(sentence, end) or obj, action


def _predicate_kind(sentence: str, end: int, packs: tuple[str, ...] | None = None) -> str | None:
    """The people a figure ending at END is said to be ("12 were children" -> children), if any."""
    said = _PREDICATE_NOUN.match(sentence, end)
    kind = said and next((o for w, o in _lexicon(packs).objects if w == said.group(1).lower()), None)
    return kind if kind in PERSONS else None


def _action_for(sentence: str, obj: str, start: int, obj_end: int, prev_end: int, nxt: int,
                previous: Figure | None, packs: tuple[str, ...] | None = None) -> str | None:
    """The action of a figure (or list of figures) on OBJ spanning START..OBJ_END."""
    inside = _trigger(sentence, start, obj_end, obj, start, packs)
    # (a qualifier's "of" is no partitive: "upward of 100 injured people")
    if inside and not re.search(r"[,;]|\bof\b", _QUALIFIER_OF.sub("", sentence[start:obj_end], count=1)):
        # "three injured children", "15 downed drones": the participle in the phrase says it
        return inside[0]
    # a verb acts within its own clause: "three died, but 20 residents escaped" kills nobody else
    lo, hi = _clause(sentence, max(prev_end, start - 70), start, obj_end, min(nxt, obj_end + 100))
    after = _trigger(sentence, obj_end, hi, obj, obj_end, packs)
    before = _trigger(sentence, lo, start, obj, start, packs)
    # "11 drones were shot down", "35 others hospitalised": a verb right after the object wins;
    # otherwise the verb before it ("shot down 11 drones flying to Moscow")
    attacks_site = _lexicon(packs).attack_target.match(sentence[obj_end:])
    if after and after[0] == "launched" and obj in PROJECTILES and attacks_site:
        return "hit"
    if after and _PASSIVE.match(_without_noun_pp(sentence[obj_end:after[1]])):
        return after[0]
    own = _OWN_PREDICATE.match(sentence, obj_end)
    if own and not (after and after[1] <= own.end() + 12):
        # (a verb whose object names the action is none of its own: "ten sustained serious injuries")
        # "and that 500 people were taking part in the rescue": a subject with a verb of its own
        # takes no verb from the clause before
        return None
    if before:
        # "attacked Ukraine with 35 drones": attacking with projectiles is launching them
        if before[0] == "hit" and obj in PROJECTILES and re.search(r"\bwith\s+(?:\w+\s+){0,2}$", sentence[:start]):
            return "launched"
        return before[0]
    if after:
        return after[0]
    if previous and previous.object == obj and not _CLAUSE_BREAK.search(sentence, previous.end, start):
        return previous.action
    if previous and _APPENDAGE.search(sentence, previous.end, start) and _group(obj) == _group(previous.object):
        # "shot down 21, the air force said, along with two drones": the appended count shares the verb
        return previous.action
    return None


# A list item led by its name: "Al Haouz Province counted 290 dead, Taroudant Province 190"
_NAMED_ITEM = re.compile(r"\s*(?:,|;|\band\b)\s+(?:[A-Z][\w'’-]*\s+){1,4}")
# A prepositional phrase of the counted noun before its verb: "25 residents of the building have not
# been found", "20 people from the camp remain missing"
_NOUN_PP = re.compile(r"\s+(?:of|from|in|at|inside|near)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"
                      r"(?:[\w'’-]+\s+){0,2}?[\w'’-]+(?=\s)", re.IGNORECASE)


def _without_noun_pp(gap: str) -> str:
    """GAP between a counted noun and a verb after it, without a prepositional phrase of the noun
    or a part set off by commas ("seven people, three of them Lebanese, are still missing")."""
    part = _APPOSED_PART.match(gap)
    if part and _PASSIVE.match(gap[part.end():]):
        return gap[part.end():]
    pp = _NOUN_PP.match(gap)
    return gap[pp.end():] if pp and _PASSIVE.match(gap[pp.end():]) else gap


_APPOSED_PART = re.compile(r"\s*,\s*[^,;]*?\bof\s+(?:them|whom)\b[^,;]*(?=,)", re.IGNORECASE)


# A verb of up to three words (and a qualifier) right before a bare figure: "shot down 21", "damaged 164"
_VERB_JUST_BEFORE = re.compile(r"[\w-]+(?:\s+[\w-]+){0,3}\s+", re.IGNORECASE)
# A finite verb right after the counted noun that names no action: the noun is its subject
# ("200 firefighters battled the blaze, which killed 4": the firefighters did the battling); a
# participle of reporting is no predicate of its own ("12 people reported injured")
# Irregular participles a counted noun may be the subject of ("80 firefighters had been sent")
_IRREGULAR_PARTICIPLES = r"sent|brought|flown|drawn|held|kept|put|seen|shown|given"
_OWN_PREDICATE = re.compile(r"\s+(?:(?:were|was|are|is|have been|has been|had been)\s+(?:\w+ly\s+)?\w+ing\b|"
                            # an irregular participle: "and 80 firefighters had been sent to the site"
                            r"(?:were|was|are|is|have been|has been|had been)\s+(?:\w+ly\s+)?"
                            rf"(?:{_IRREGULAR_PARTICIPLES})\b|"
                            r"(?:\w+ly\s+)?(?!(?:reported|confirmed|believed|feared|thought|listed|presumed|said|"
                            r"declared|counted|recorded|registered|estimated|expected|aged|named|called|based|armed|unarmed|"
                            r"related|dressed|trained)\b)[a-z]+ed\b)",
                            re.IGNORECASE)
_QUALIFIER_OF = re.compile(r"^(?:upwards? of|in excess of|a total of|a maximum of|a minimum of|in the region of)\s+",
                           re.IGNORECASE)
# Where a clause ends, for a verb's reach: ";", ", but", "while", "whereas", ", although"
_CLAUSE_BREAK = re.compile(r";|\bbut\b|,\s*(?:while|whereas|although|though)\b|\bwhereas\b|"
                           # "said two were rescued, and that 80 firefighters had been sent": a new report
                           # (unless it speaks of them: "and that every one of them was killed")
                           r",\s*and\s+that\b(?!\s+(?:all|every|each|most|none|they|those|these)\b)", re.IGNORECASE)


# Between a counted noun and the participle that counts it: "114 people (now) confirmed dead"
_PARTICIPLE_GAP = re.compile(r"\s*(?:(?:now|so\s+far|confirmed|reported|known\s+to\s+be|listed\s+as)\s+)*",
                             re.IGNORECASE)


_PART_PREDICATE = re.compile(r"\s+(?:have|has|had|were|was|are|is)(?:\s+been)?\s+(?:\w+ly\s+)?"
                             # (and those of a find: "were taken to a morgue", "found", "buried")
                             rf"(?:[a-z]+ed|{_IRREGULAR_PARTICIPLES}|taken|found|buried)\b", re.IGNORECASE)


def _part_has_other_predicate(sentence: str, obj_end: int, obj: str, packs: tuple[str, ...] | None) -> bool:
    """Whether the part of a whole ("27 of the 114 people confirmed dead") has a verb of its own that
    is no action on it ("have been identified"), past the whole's own participle."""
    own = _trigger(sentence, obj_end, min(len(sentence), obj_end + 30), obj, obj_end, packs)
    at = obj_end
    if own and own[0] in _casualties() and _PARTICIPLE_GAP.fullmatch(sentence, obj_end, own[1]):
        hit = next((e for s, e, *_ in _trigger_hits(sentence, packs) if s == own[1]), None)
        at = hit if hit is not None else at
    predicate = _PART_PREDICATE.match(sentence, at)
    if predicate is None:
        return False
    after = _trigger(sentence, at, min(len(sentence), predicate.end() + 12), obj, at, packs)
    return after is None


def _clause(sentence: str, lo: int, start: int, end: int, hi: int) -> tuple[int, int]:
    """LO..HI narrowed to the clause of the figure at START..END."""
    for m in _CLAUSE_BREAK.finditer(sentence, lo, start):
        lo = m.end()
    stop = _CLAUSE_BREAK.search(sentence, end, hi)
    return lo, stop.start() if stop else hi


def _list_item_before(sentence: str, start: int) -> bool:
    """Whether a counted item set off by a comma comes right before START ("18 soldiers, "): the
    figure at START continues a list, which the pair after it does not sum up."""
    head = sentence[:start].rstrip()
    if not head.endswith(","):
        return False
    chunk = re.split(r"[,;:.]", head[:-1])[-1].lower()
    return bool(_DIGIT.search(chunk)) or _figure_word_re().search(chunk) is not None


@cache
def _partition_words() -> frozenset[str]:
    """Kinds of people that together make up a toll ("12 adults and two children"), unlike trades
    or groups counted among it ("39 firefighters and five policemen" are two parts, not a total)."""
    return frozenset(w.lower() for w in events_table().get("sum_partition", []))


def _sum_people(sentence: str, figures: list[Figure]) -> list[Figure]:
    """ "12 adults and two children were killed" counts 14 people (and 2 children), not 12 and 2."""
    out: list[Figure] = []
    i = 0
    while i < len(figures):
        a = figures[i]
        b = figures[i + 1] if i + 1 < len(figures) else None
        gap = sentence[a.end:b.start] if b else ""
        kinds = {a.object_word.lower(), b.object_word.lower()} if b else set()
        if b and a.action == b.action and _group(a.object) == _group(b.object) == "persons" and \
                a.object_word != b.object_word and _partition_words() >= kinds and \
                re.fullmatch(r"\s*,?\s*(?:and|as well as|plus)\s*", gap) and \
                a.interval.high is not None and b.interval.high is not None and \
                not _list_item_before(sentence, a.start):
            # (the last two of a longer list, "18 soldiers, five civilians and three railway
            # employees", are not the whole: no total is made of them)
            total = Interval(low=a.interval.low + b.interval.low, high=a.interval.high + b.interval.high,
                             approx=a.interval.approx or b.interval.approx)
            out.append(Figure(a.start, b.end, a.action, "people", total, "people"))
            out.extend(f for f in (a, b) if f.object != "people")
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _zeros(sentence: str, figures: list[Figure]) -> list[Figure]:
    found = []
    taken = {(f.action, f.object) for f in figures}
    for pattern, actions in _lexicon().zeros:
        for m in pattern.finditer(sentence):
            for action in actions:
                if (action, "people") not in taken:
                    taken.add((action, "people"))
                    found.append(Figure(m.start(), m.end(), action, "people", Interval(low=0, high=0)))
    return found


# "no" or "without" right before a category names its absence; a negated verb ("did not target")
# is a denial (events.toml denials), read as polarity
_NEGATED_BEFORE = re.compile(r"\b(?:no|without|nor)\s+(?:[\w'’-]+\s+)?$", re.IGNORECASE)


def find_categories(sentence: str, packs: tuple[str, ...] | None = None) -> list[Category]:
    """Categorical claims: outcome (hit, foiled, no_damage, fire) and target type."""
    lex = _lexicon(packs)
    matches = [Category(m.start(), m.end(), action, value)
               for (_, action, value), found in zip(lex.categories, lex.category_scan.finditer(sentence), strict=True)
               for m in found
               # "places that contain no military targets" says there were none
               if not _NEGATED_BEFORE.search(sentence[max(0, m.start() - 30):m.start()])]
    # "no serious damage" holds "serious damage": the longer phrase says what is meant
    matches = [c for c in matches if not any(o.start <= c.start and c.end <= o.end and (o.end - o.start) >
                                             (c.end - c.start) and o.action == c.action for o in matches)]
    found: dict[tuple[str, str], Category] = {}
    for c in sorted(matches, key=lambda c: c.start):
        found.setdefault((c.action, c.value), c)
    return sorted(found.values(), key=lambda c: c.start)


def partitive_action(word: str) -> str | None:
    """The action of the toll a partitive object names ("of the dead" -> killed), else None."""
    return _lexicon().partitives.get(word.lower())


def denial_at(sentence: str) -> int | None:
    """Offset of a denial word ("denies") in SENTENCE, or None."""
    m = _lexicon().denial.search(sentence)
    return m.start() if m else None


__all__ = ["Category", "Figure", "denial_at", "estimate_intervals", "find_categories", "find_figures",
           "partitive_action"]
