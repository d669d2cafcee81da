"""Resolve a speaker as written ("Russia's defence ministry", "Bechalov") to a canonical name and party."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from .anchor import fold, fold_keep_length
from .lexicons import SpeakerEntry, speakers


@dataclass(frozen=True)
class Speaker:
    name: str
    party: str | None
    kind: str = "organisation"
    roles: tuple[str, ...] = ()
    known: bool = True
    """False for a speaker named in the text but in no alias table."""


def speaker_key(text: str) -> str:
    """The comparable form of a name: folded, lower case, no leading article or trailing possessive."""
    key = fold(text).lower().strip(" ,.:;\"'")
    key = re.sub(r"^(the|a|an)\s+", "", key)
    key = re.sub(r"'s$|'$", "", key)
    return key


class SpeakerIndex:
    """Aliases of the built-in table and claims.toml, the latter winning."""

    def __init__(self, extra: list[SpeakerEntry] = ()):
        self._by_key: dict[str, Speaker] = {}
        for entry in [*extra, *speakers().speaker]:
            speaker = Speaker(entry.name, entry.party, entry.kind, tuple(entry.roles))
            for alias in (entry.name, *entry.aliases):
                self._by_key.setdefault(speaker_key(alias), speaker)
        self._keys = list(self._by_key)
        self._pattern: re.Pattern | None = None

    def mentions(self, text: str) -> list[tuple[int, int, Speaker]]:
        """Known speakers named in TEXT, in order: (start, end, speaker)."""
        if self._pattern is None:
            # Only distinctive aliases: names of one or two letters ("UP", "AP") match too much prose
            keys = sorted((k for k in self._keys if len(k) > 3), key=len, reverse=True)
            self._pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])",
                                       re.IGNORECASE)
        folded = fold_keep_length(text)
        return [(m.start(), m.end(), self._by_key[m.group(0).lower()]) for m in self._pattern.finditer(folded)
                if m.group(0).lower() in self._by_key]

    def resolve(self, text: str, fuzzy: bool = True) -> Speaker | None:
        """The known speaker TEXT names, or None."""
        key = speaker_key(text)
        if not key:
            return None
        if key in self._by_key:
            return self._by_key[key]
        if fuzzy and len(key) >= 6:
            # Spelling variants of a name ("Bechalov" for "Brechalov"): a close whole-name match
            match = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=88)
            if match:
                return self._by_key[match[0]]
            # A title followed by a known name ("Udmurtia's governor, Aleksandr Bechalov")
            words = key.replace(",", " ").split()
            for size in (3, 2, 1):
                for i in range(len(words) - size, -1, -1):
                    part = " ".join(words[i : i + size])
                    if len(part) < 5:
                        continue
                    if part in self._by_key:
                        return self._by_key[part]
                    match = process.extractOne(part, self._keys, scorer=fuzz.ratio, score_cutoff=90)
                    if match and len(match[0]) >= 6:
                        return self._by_key[match[0]]
        return None

    def canonical(self, text: str, party: str | None = None) -> Speaker:
        """TEXT resolved, or kept as written (an unknown speaker) with PARTY."""
        known = self.resolve(text)
        if known:
            return known
        name = fold(text).strip(" ,.:;\"'")
        name = re.sub(r"^(?:the)\s+", "", name, flags=re.IGNORECASE)
        return Speaker(name[:1].upper() + name[1:], party, "organisation", (), known=False)


@cache
def default_index() -> SpeakerIndex:
    return SpeakerIndex()
