"""Where a sentence's events happened: its own places, else the speaker's region, else the article's focus.

Not every place a sentence names is where something happened: "Kyiv officials", "Russia's border",
"north of Kharkiv" and "accused Ukraine" name actors and reference points. An attacker named
without a place ("a Russian strike") puts the event on the other side's territory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..gazetteer import Place, PlaceMention, find_places, is_capital, place_by_key
from ..lexicons import events_table, vocabulary
from ..patterns import NOT_IN_WORDS, after_last, alternation
from .when import month_names


@dataclass(frozen=True)
class Located:
    names: list[str]
    keys: list[str]


# Words after a place that make it an actor or a reference point rather than a venue.
_ACTOR_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:border|borders|frontier|side|forces|army|military|officials?|drones?|president|government|"
    r"authorities|leader|troops|defen[cs]e|air|armed|security|media|intelligence|general|state|regime|said|says|"
    r"claims?|claimed|reported|denies|denied|accused|has\s+(?:said|claimed|denied)|mayor|governor|head|"
    # a government's acts: "since Washington revived its campaign", "Tehran vowed to respond"
    r"revived|resumed|vowed|warned|pledged|announced|ordered|approved|condemned|imposed|sanctioned|"
    r"retaliated|responded|insists|insisted|sought|seeks|wants|(?:has|had)\s+(?:revived|resumed|vowed|warned)|"
    # a state's operation: "when Israel carried out an air and ground raid"
    r"(?:has\s+|had\s+)?(?:carried\s+out|conducted|staged|mounted)|"
    # a state's hold on land: "the areas under Moscow's control", "the territory Russia holds"
    r"control|controls|controlled|holds|held|occupies|occupied)\b",
    re.IGNORECASE)
_IN_BEFORE = re.compile(r"\bin\s+$", re.IGNORECASE)
# Words before a place that make it a reference point ("north of Kharkiv", "bordering Moscow").
# (A route's end, "bound for", "heading to", is not among them: it lowered the held-out scores.)
_LANDMARK_BEFORE = re.compile(
    r"\b(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of|bordering|borders|"
    r"near\s+the\s+border\s+with|from|outside|away\s+from|across\s+from|opposite)\s+(?:the\s+)?$", re.IGNORECASE)
# A person's home is not where the event happened ("Sarojini, who lives in Karnataka, said").
_HOME_BEFORE = re.compile(r"\b(?:(?:who|whose\s+family)\s+(?:lives?|lived|living|grew\s+up|settled|resides?|resided)"
                          r"|a\s+(?:native|resident)\s+of|natives\s+of|native\s+of|born\s+in|hometown\s+of)"
                          r"\s+(?:in\s+)?(?:the\s+)?$", re.IGNORECASE)
# Where a speaker spoke is not where the event happened: "Trivedi told reporters in Gandhinagar",
# "speaking at a news conference in Islamabad".
_SPOKE_IN_BEFORE = re.compile(r"\b(?:told\s+(?:reporters|journalists|the\s+media|the\s+press|lawmakers|parliament)"
                              r"|(?:news|press)\s+conference|briefing|speaking|said|told\s+[A-Z][\w-]*)"
                              r"\s+(?:(?:on|late|early)\s+\w+\s+)?in\s+(?:the\s+)?$", re.IGNORECASE)
# A place inside a compound adjective names a backer or a base, not a venue ("the Tehran-backed
# militia", "a Rotterdam-bound freighter").
_COMPOUND_AFTER = re.compile(r"^[-‐‑](?i:backed|based|led|allied|aligned|bound|funded|sponsored|supported|"
                             r"headquartered|born|made|held|controlled|occupied|appointed|installed|run)\b"
                             # ... or a war or talks between two sides ("since the Israel-Hamas war began")
                             r"|^[-‐‑–][A-Z][\w'’]*\s+(?i:war|conflict|ceasefire|truce|talks|deal|agreement|"
                             r"summit|relations)\b")
# A cause clause names an earlier event's place ("in revenge for the strike on Belgorod").
_CAUSE_BEFORE = re.compile(r"\b(?:in\s+(?:revenge|retaliation|response|reprisal)\s+(?:for|to)|to\s+avenge)\b"
                           r"[^.;:!?,]*$", re.IGNORECASE)
# ... and before a country that make it an actor ("accused Ukraine", "by Russia").
_ACTOR_BEFORE = re.compile(r"\b(?:by|accused|accuses|accusing|blamed|blames|blaming|against)\s+(?:the\s+)?$",
                           re.IGNORECASE)


class _AttacksAfter:
    """Matches an attack word right after a place: "Russia has launched", "Moscow's strike"."""

    def match(self, text: str, packs: tuple[str, ...] | None = None):
        attack = _lexicon(packs).attack
        return attack and re.match(r"^(?:'s|’s)?\s+(?:(?:has|had|have|also|again|then)\s+){0,2}" + attack.pattern,
                                   text, re.IGNORECASE)


_ATTACKS_AFTER = _AttacksAfter()


_CITY_DISTRICT = re.compile(r"^\s+(?:city\s+)?(?:district|neighbou?rhood|microdistrict|quarter)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Lexicon:
    attack: re.Pattern | None
    """None when no pack names attack words."""
    sides: dict[str, re.Pattern]
    country_noun: re.Pattern
    adjectives: dict[str, str]


@cache
def _lexicon(packs: tuple[str, ...] | None = None) -> _Lexicon:
    data = events_table(packs)
    attackers = data.get("attackers", {})
    words = alternation(attackers["words"]) if attackers.get("words") else ""
    sides = {side: re.compile(r"\b(?:" + alternation(ws) +
                              rf")\s+(?:\w+\s+){{0,2}}?(?:{words})\b", re.IGNORECASE)
             for side, ws in attackers.get("sides", {}).items()} if words else {}
    nouns = data["country_nouns"]
    adjectives = {k.lower(): v for k, v in nouns["adjectives"].items()}
    country_noun = re.compile(rf"\b({'|'.join(adjectives)})\s+(?:{'|'.join(map(re.escape, nouns['nouns']))})\b",
                              re.IGNORECASE)
    return _Lexicon(re.compile(rf"\b(?:{words})\b", re.IGNORECASE) if words else None, sides, country_noun,
                    adjectives)


# A country's own people: "136 of its citizens", "their own nationals" (also read by extract, for
# a count of one nationality abroad).
OWN_PEOPLE = r"(?:its|their)\s+(?:own\s+)?(?:citizens|nationals|people|pilgrims|dead)"
# A country whose own people a figure counts is their nationality, not the venue: "Iran, a Shi'ite
# state, says 136 of its citizens died", "Mali lost 198" (at a pilgrimage abroad).
_NATIONALS_AFTER = re.compile(rf"\s+lost\b|[^.;:]{{0,80}}?\b{OWN_PEOPLE}\b", re.IGNORECASE)

# Where a match of the patterns read back from a place can begin (`after_last`):
# _LANDMARK_BEFORE and _ACTOR_BEFORE are words and spaces; _CAUSE_BEFORE holds no .;:!?, after
# its opening words
_NOT_CAUSE = re.compile(r"[.;:!?,]")


def venues(text: str, mentions: list[PlaceMention], skip: tuple[int, int] = (0, 0),
           packs: tuple[str, ...] | None = None) -> list[PlaceMention]:
    """The MENTIONS (offsets into TEXT) that can be where the event happened."""
    out = []
    # (a piece of 1,000 characters names dozens of places: each read back only so far)
    words_from = after_last(NOT_IN_WORDS, text, [m.start for m in mentions])
    cause_from = after_last(_NOT_CAUSE, text, [m.start for m in mentions])
    for n, m in enumerate(mentions):
        if skip[0] <= m.start < skip[1]:
            continue
        if _ACTOR_AFTER.match(text[m.end:]) or _ATTACKS_AFTER.match(text[m.end:], packs):
            continue
        if m.place.kind == "city" and _CITY_DISTRICT.match(text[m.end:]):
            # "the Kyivskyi district" of a city: a neighbourhood, not the town of that name
            continue
        if _LANDMARK_BEFORE.search(text, words_from[n], m.start) or _COMPOUND_AFTER.match(text[m.end:]) \
                or _HOME_BEFORE.search(text, words_from[n], m.start) \
                or _SPOKE_IN_BEFORE.search(text, words_from[n], m.start) \
                or _CAUSE_BEFORE.search(text, cause_from[n], m.start):
            continue
        if m.place.kind == "country" and _NATIONALS_AFTER.match(text, m.end):
            continue  # "Iran says 136 of its citizens died", "Mali lost 198": whose people, not where
        if _ACTOR_BEFORE.search(text, words_from[n], m.start) and \
                (m.place.kind == "country" or is_capital(m.place)):
            continue  # "accused Ukraine", "officials blamed Kyiv": a government
        out.append(m)
    return out


# "KYIV, Ukraine (AP) — ...", "Sanaa, April 19 (IANS) ...", "BEIRUT, March 3 (Reuters) - ...",
# "DUBAI, April 18. /TASS/. ...":
# where and when the story was filed, not where anything happened
@cache
def _dateline() -> re.Pattern:
    month = rf"(?i:{month_names()})\.?"
    return re.compile(
        # "Ahmedabad: The number of people killed ...": a town and a colon
        # (either may follow a syndication tag: "(MENAFN- Nam News Network) BEIRUT, Sept 18 ...")
        rf"^\s*(?:\([^()]{{1,60}}\)\s*)?[A-Z][\w'’.\-]+(?:\s[A-Z][\w'’.\-]+){{0,2}}:\s+(?=[A-Z])|"
        rf"^\s*(?:\([^()]{{1,60}}\)\s*)?(?:[A-Z][A-Z'’.\-]+(?:\s[A-Z][A-Z'’.\-]+){{0,3}}"
                      rf"(?:,\s*[A-Z][\w'’.\-]+(?:\s[A-Z][\w'’.\-]+){{0,2}})?"
                      rf"|[A-Z][\w'’.\-]+(?:\s[A-Z][\w'’.\-]+){{0,2}}(?=,\s*{month}\s+\d)"
                      # "Kyiv, Ukraine — ": a town and its country in title case, then a dash
                      rf"|(?P<titled>[A-Z][\w'’.\-]+(?:\s[A-Z][\w'’.\-]+){{0,2}}),\s*[A-Z][\w'’.\-]+(?:\s[A-Z][\w'’.\-]+){{0,2}}"
                      rf"(?=\s*[—–]))"
                      rf"(?:,\s*{month}\s+\d{{1,2}}(?:,\s*\d{{4}})?(?P<dated>))?"
                      # a dated line may end at the agency's tag without a dash, in brackets or
                      # in slashes ("DUBAI, April 18. /TASS/.")
                      rf"\s*(?:\([^)]{{1,40}}\)\s*(?:[—–-]{{1,2}}\s+|(?(dated)|(?!)))|[—–-]{{1,2}}\s+"
                      rf"|(?(dated)\.?\s*/[A-Za-z\-]{{2,20}}/\.?(?:\s+|$)|(?!)))")


@lru_cache(maxsize=64)
def dateline_end(text: str) -> int:
    """The end of a wire-style dateline opening TEXT ("KYIV, Ukraine (AP) — "), or 0.

    (asked three times of each sentence, by the extractor and twice by attribution: remembered)"""
    m = _dateline().match(text)
    if m and m.group("titled") and not any(p.start == m.start("titled") and p.end == m.end("titled")
                                           for p in find_places(m.group(0))):
        return 0  # "In Kharkiv, Ukraine — ...": a title-case dateline opens with its town
    return m.end() if m else 0


def attacker_side(text: str, packs: tuple[str, ...] | None = None) -> str | None:
    """The side TEXT says attacked ("Russian strike", "Ukraine launched"), if exactly one."""
    found = {side for side, pattern in _lexicon(packs).sides.items() if pattern.search(text)}
    return found.pop() if len(found) == 1 else None


def _country_place(code: str) -> Place | None:
    return place_by_key(f"country:{code}")


def _country_of_keys(keys: list[str]) -> set[str]:
    out = set()
    for key in keys:
        place = place_by_key(key)
        if place and place.country:
            out.add(place.country)
    return out


def _located(mentions: list[PlaceMention]) -> Located:
    specific = [m for m in mentions if m.place.kind != "country"]
    chosen = specific or mentions
    names, keys = [], []
    for m in chosen:
        if m.place.key not in keys:
            names.append(m.place.name)
            keys.append(m.place.key)
    return Located(names, keys)


class Focus:
    """The places an article is talking about, carried from sentence to sentence."""

    def __init__(self, title: str | None, packs: tuple[str, ...] | None = None):
        self.current = Located([], [])
        self.filed = Located([], [])
        """Where the story was filed (its dateline): the place of the report when the text names no other."""
        self.body_started = False
        self.packs = packs
        if title:
            self.remember(venues(title, find_places(title), packs=packs))

    def remember(self, mentions: list[PlaceMention]) -> None:
        if mentions:
            self.current = _located(mentions)

    def heading(self, mentions: list[PlaceMention]) -> None:
        """Headings before the body (a repeated title) set the focus; captions and links later do not."""
        if not self.body_started:
            self.remember(mentions)

    def dateline(self, mentions: list[PlaceMention]) -> None:
        """The places of the article's first dateline ("SURFSIDE, Florida — ...")."""
        if mentions and not self.filed.keys:
            self.filed = _located(mentions)

    def locate(self, text: str, own: list[PlaceMention], speaker_places: list[PlaceMention]) -> Located:
        """Where the events of a sentence happened (OWN: its venues; SPEAKER_PLACES: in its
        attribution); the dateline's places when neither they nor the article name any."""
        found = self._locate(text, own, speaker_places)
        return found if found.keys else self.filed

    def _locate(self, text: str, own: list[PlaceMention], speaker_places: list[PlaceMention]) -> Located:
        self.body_started = True
        if any(m.place.kind != "country" for m in own):
            return _located(own)
        country = _lexicon(self.packs).country_noun.search(text)
        countries = [m for m in own if m.place.kind == "country"]
        if not countries and country:
            place = _country_place(_lexicon(self.packs).adjectives[country.group(1).lower()])
            if place:
                countries = [PlaceMention(country.start(), country.end(), country.group(0), place)]
        # "the governor of the Bryansk region said there were no casualties": his region
        # (a named site in an attribution is an institution's name, not where anything happened)
        # ("officials in Kyiv": the seat of government, where "Moscow's mayor" is the city's)
        speaker_specific = [m for m in speaker_places if m.place.kind != "country" and
                            not (m.place.kind == "facility" and not m.place.parents) and
                            not (is_capital(m.place) and _IN_BEFORE.search(text, 0, m.start))]
        if speaker_specific and not countries:
            return _located(speaker_specific)
        side = attacker_side(text, self.packs)
        target_countries = set()
        if side:
            entry = next((s for s in vocabulary().side if s.name == side), None)
            opponent = next((s for s in vocabulary().side if entry and s.name == entry.opponent), None)
            target_countries = set(opponent.countries) if opponent else set()
        focus_countries = _country_of_keys(self.current.keys)
        named = {m.place.country for m in countries}
        # The focus stands unless the sentence puts events in another country
        wanted = named or target_countries
        if self.current.keys and (not wanted or wanted & focus_countries):
            return self.current
        if countries:
            return _located(countries)
        if target_countries:
            places = [p for p in (_country_place(c) for c in sorted(target_countries)) if p]
            return Located([p.name for p in places], [p.key for p in places])
        return self.current
