"""Resolve a speaker as written ("Russia's defence ministry", "Bechalov") to a canonical name and party."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from .anchor import fold, fold_keep_length, speaker_key
from .gazetteer import Place, nationals_country, resolve_place
from .lexicons import RoleEntry, SpeakerEntry, speakers, vocabulary
from .patterns import alternation
from .roles import at_level, role_by_name


@dataclass(frozen=True)
class Speaker:
    name: str
    party: str | None
    kind: str = "organisation"
    roles: tuple[str, ...] = ()
    known: bool = True
    """False for a speaker named in the text but in no alias table."""
    place: str | None = None
    """The place a regional official speaks for ("Belgorod Oblast" for its governor)."""
    role: str | None = None
    """The office the speaker holds or is ("governor"), from data/roles.toml."""


class SpeakerIndex:
    """Aliases of the built-in table and claims.toml, the latter winning."""

    def __init__(self, extra: list[SpeakerEntry] = ()):
        self._by_key: dict[str, Speaker] = {}
        self._entries = [*extra, *speakers().speaker]
        for entry in self._entries:
            speaker = _speaker(entry)
            for alias in (entry.name, *entry.aliases):
                self._by_key.setdefault(speaker_key(alias), speaker)
        self._holders: dict[tuple[str, str], list[tuple[SpeakerEntry, Speaker]]] | None = None
        self._keys = list(self._by_key)
        self._pattern: re.Pattern | None = None
        self._resolved: dict[tuple[str, bool], Speaker | None] = {}

    def mentions(self, text: str) -> list[tuple[int, int, Speaker]]:
        """Known speakers named in TEXT, in order: (start, end, speaker)."""
        if self._pattern is None:
            # Only distinctive aliases: names of one or two letters ("UP", "AP") match too much prose
            # (a trie: a flat alternation of 300 names took more time than anything else per sentence)
            keys = alternation(k for k in self._keys if len(k) > 3)
            self._pattern = re.compile(r"(?<![\w-])(?:" + keys + r")(?![\w-])", re.IGNORECASE)
        folded = fold_keep_length(text)
        return [(m.start(), m.end(), self._by_key[m.group(0).lower()]) for m in self._pattern.finditer(folded)
                if m.group(0).lower() in self._by_key]

    def resolve(self, text: str, fuzzy: bool = True) -> Speaker | None:
        """The known speaker TEXT names, or None (memoised: articles repeat their speakers)."""
        if (text, fuzzy) not in self._resolved:
            self._resolved[(text, fuzzy)] = self._resolve(text, fuzzy)
        return self._resolved[(text, fuzzy)]

    def _resolve(self, text: str, fuzzy: bool) -> Speaker | None:
        """The known speaker TEXT names, or None.

        Exact aliases first (the whole phrase, then its longest word runs: "Russian state news
        agency TASS" names TASS), then spelling variants ("Bechalov" for "Brechalov").
        """
        key = speaker_key(text)
        if not key:
            return None
        if key in self._by_key:
            return self._by_key[key]
        original = fold(text).replace(",", " ").split()
        words = key.replace(",", " ").split()
        runs = [(size, i) for size in range(min(len(words), 5), 0, -1) for i in range(len(words) - size, -1, -1)]
        if len(words) > 1 and words[-1] in _media_heads():
            # "Kremlin media", "Hamas television": media named after someone are not that someone
            runs = [(size, i) for size, i in runs if i + size == len(words)]
        for size, i in runs:
            part = " ".join(words[i: i + size])
            # short runs only when written as a name or acronym ("TASS", "Baza"), not "the"
            capital = i < len(original) and original[-len(words) + i][:1].isupper() if len(original) >= len(words) \
                else True
            if part in self._by_key and (len(part) >= 5 or (len(part) >= 3 and capital)) and \
                    not (size == 1 and _other_given_name(original, words, i, self._by_key[part])):
                return self._by_key[part]
        if not fuzzy or len(key) < 6:
            return None
        for size, i in runs:
            part = " ".join(words[i: i + size])
            if len(part) < 6:
                continue
            match = process.extractOne(part, self._keys, scorer=fuzz.ratio, score_cutoff=88)
            # a variant must keep every word ("Bechalov" ~ "Brechalov", not "Astra" ~ "Baza", and
            # "Kerman's emergency service" is not "Ukraine's emergency service")
            if match and len(match[0]) >= 6 and len(part.split()) == len(match[0].split()) and \
                    all(fuzz.ratio(a, b) >= 80 for a, b in zip(part.split(), match[0].split(), strict=True)) and \
                    not (size == 1 and _other_given_name(original, words, i, self._by_key[match[0]])):
                return self._by_key[match[0]]
        return None

    def with_role(self, role: str, side: str | None) -> Speaker | None:
        """The one known speaker with ROLE ("air force", "ministry") on SIDE, if exactly one."""
        found = {sp.name: sp for sp in self._by_key.values() if role in sp.roles and
                 (side is None or (sp.party or "").startswith(side))}
        return next(iter(found.values())) if len(found) == 1 else None

    def holder(self, role: RoleEntry, place: Place, day: date | None = None, side: str | None = None) -> Speaker | None:
        """Who held ROLE at PLACE on DAY, from the speaker data; None when nobody is known.

        A term (`since`/`until`) must cover DAY when both are known. Two claimants to one office
        (rival governors of an occupied region) are told apart by SIDE, else neither is chosen.
        """
        if self._holders is None:
            self._holders = defaultdict(list)
            for entry in self._entries:
                office = role_by_name(entry.role) if entry.role else None
                where = at_level(resolve_place(entry.place), office.level) if office and entry.place else None
                if office and where:
                    self._holders[(office.name, where.key)].append((entry, self._by_key[speaker_key(entry.name)]))
        found = [sp for entry, sp in self._holders.get((role.name, place.key), [])
                 if day is None or ((entry.since is None or entry.since <= day) and
                                    (entry.until is None or day <= entry.until))]
        found = list({sp.name: sp for sp in found}.values())
        if len(found) > 1 and side:
            found = [sp for sp in found if (sp.party or "").startswith(side)]
        return found[0] if len(found) == 1 else None

    def office(self, role: RoleEntry, place: Place) -> Speaker:
        """The office itself as a speaker, when nobody is known to hold it: "Governor of Kaluga Oblast"."""
        side = next((s.name for s in vocabulary().side if place.country in s.countries), None)
        party = f"{side}-official" if side and f"{side}-official" in vocabulary().parties else (
            "official" if "official" in vocabulary().parties else None)
        return Speaker(f"{role.title} of {place.name}", party, "person", (role.name, *_heads(role)), known=True,
                       place=place.name, role=role.name)

    def canonical(self, text: str, party: str | None = None) -> Speaker:
        """TEXT resolved, or kept as written (an unknown speaker) with PARTY."""
        known = self.resolve(text)
        if known:
            return known
        name = fold(text).strip(" ,.:;\"'")
        name = re.sub(r"^(?:the)\s+", "", name, flags=re.IGNORECASE)
        # "Kyiv regional governor Ruslan Kravchenko": the person's name, without the title
        person = _person_name_pattern().search(name)
        # "researchers at the University of Puerto Rico": a name after "of" is the institution's;
        # "Nasser Hospital in Khan Younis", "a hospital in the central Gaza Strip": a name after
        # "in", "at" or "near" (and lower-case words) is a place's; after "for", "on" or "and" it
        # ends an organisation's name ("the Syrian Observatory for Human Rights")
        if person and not _ORGANISATION_WORD.search(person.group(0)) and \
                not re.search(r"\b(?:(?:of|in|at|near)\s+(?:[a-z][\w-]*\s+)*|(?:for|on|against|and)\s+)$",
                              name[:person.start()]):
            return Speaker(person.group(0), party, "person", (), known=False)
        return Speaker(name[:1].upper() + name[1:], party, "organisation", (), known=False)


def _other_given_name(original: list[str], words: list[str], i: int, speaker: Speaker) -> bool:
    """Whether a surname matched at word I follows a given name the known person does not have:
    "Dana Kovalenko" is not Andriy Kovalenko."""
    if speaker.kind != "person" or i == 0 or len(original) != len(words):
        return False
    before = original[i - 1]
    own = {w.lower() for w in re.findall(r"[\w'’-]+", fold(speaker.name))}
    word = before.lower().strip(".,")
    return before[:1].isupper() and word not in own and len(word) > 2 and not before.isupper() and \
        word not in _title_words() and word not in _OFFICE_WORDS and not _is_place_word(before)


@cache
def _media_heads() -> frozenset[str]:
    from .lexicons import read_table

    return frozenset(w.lower() for w in read_table("attribution")["media_heads"])


@cache
def _title_words() -> frozenset[str]:
    """Titles and offices that may stand before a surname ("Governor Syniehubov", "Mr Gladkov")."""
    from .lexicons import read_table

    data = read_table("attribution")
    words = {w for phrase in (*data.get("person_titles", []), *data["roles"], *data.get("describing", []))
             for w in phrase.lower().split()}
    return frozenset(words)


def _is_place_word(word: str) -> bool:
    """ "Kharkiv's governor Syniehubov", "Ukrainian President Zelensky": a place, or its adjective or
    possessive, before a surname is no given name."""
    bare = re.sub(r"(?:'s|’s)$", "", word)
    return bare != word or resolve_place(bare) is not None or nationals_country(bare) is not None


# Words that open no personal name, besides the titles and offices of attribution.toml ("Governor
# Ivan Petrenko" is Ivan Petrenko): the adjectives and ministries of offices ("Interior Minister").
_OFFICE_WORDS = ("regional", "kremlin", "ukrainian", "russian", "prime", "acting", "fire", "police", "health",
                 "interior", "defence", "defense", "foreign", "affairs", "internal", "emergency", "emergencies",
                 "situations", "security", "justice", "finance", "energy", "brigadier", "marshal", "sergeant")


@cache
def _person_name_pattern() -> re.Pattern:
    """A personal name at the end of a phrase: two or three capitalised words after lower-case ones
    or a title, none of them a title or an office word."""
    from .lexicons import read_table

    titles = "|".join(sorted((re.escape(w.capitalize()) for w in (*_title_words(), *_OFFICE_WORDS)
                              if w.isalpha()), key=len, reverse=True))
    # lower-case particles inside the name: "Vivian van de Perre", "Mohammed bin Salman"
    particles = alternation(read_table("attribution")["name_particles"], False)
    return re.compile(rf"(?:(?<=^)|(?<=\s))(?!(?:{titles})\b)[A-Z][a-zß-ÿ'’-]+"
                      rf"(?:\s+(?:(?:{particles})\s+){{0,2}}[A-Z][a-zß-ÿ'’-]+){{1,2}}$")


_ORGANISATION_WORD = re.compile(r"\b(?:Ministry|Office|Service|Forces|Force|Agency|Council|Committee|Administration|"
                                r"Police|Army|Guard|Command|Staff|News|Times|Post|Pravda|Channel|Media|Telegram|"
                                r"Republic|Region|Oblast|Center|Centre|Directorate|Department|Government|Court|"
                                r"Network|Headquarters|Institute|University|Hospital|Survey|Brigades|Embassy|"
                                r"Authority|Bureau|Observatory|Association|Society|Foundation|Commission|"
                                r"Organisation|Organization|Group|Company|Corporation|Unit|Programme|Program|Airlines|Airways|Airline|Radio|"
                                r"Television|Broadcasting|Press|Party|Bank|Fund|Alliance|Coalition|Movement|Watch|"
                                r"International|Crescent|Cross)\b")


@cache
def _vague_keys() -> tuple[frozenset[str], tuple[str, ...]]:
    """(phrases, qualifiers longest first) of data/rules.toml [vague], as speaker keys."""
    from .lexicons import read_table

    vague = read_table("rules")["vague"]
    qualifiers = sorted((speaker_key(q) for q in vague["qualifiers"]), key=len, reverse=True)
    return frozenset(speaker_key(p) for p in vague["phrases"]), tuple(qualifiers)


@lru_cache(maxsize=8192)
def is_vague(speaker: str) -> bool:
    """Whether SPEAKER names nobody: "sources", "some media reports", "unnamed officials"."""
    phrases, qualifiers = _vague_keys()
    key = speaker_key(speaker)
    while key and key not in phrases:
        for q in qualifiers:
            if key.startswith(q + " "):
                key = speaker_key(key[len(q) + 1:])
                break
        else:
            return False
    return bool(key)


def _speaker(entry: SpeakerEntry) -> Speaker:
    office = role_by_name(entry.role) if entry.role else None
    roles = tuple(dict.fromkeys([*entry.roles, *([office.name, *_heads(office)] if office else [])]))
    return Speaker(entry.name, entry.party, entry.kind, roles, place=entry.place, role=entry.role)


def _heads(role: RoleEntry) -> list[str]:
    """The nouns that refer back to a holder of ROLE, the head of each alias: "head of the region"
    and "regional head" give "head", "regional governor" gives "governor"."""
    return sorted({alias.split(" of ")[0].split()[-1] for alias in role.aliases})


@cache
def default_index() -> SpeakerIndex:
    return SpeakerIndex()
