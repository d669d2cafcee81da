"""Speakers named by office: "Moscow's mayor", "the mayor of Moscow", "the Kaluga governor".

A role mention is an office (data/roles.toml) at a place: written out ("of Moscow", "Kaluga's")
or left to the context ("the region's governor", "the local mayor", a bare "the governor").
`SpeakerIndex.holder` turns an office at a place on a day into the person who held it; when
nobody is known, the office itself is the speaker ("Governor of Kaluga Oblast"), so that the
same office matches across articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .anchor import speaker_key
from .gazetteer import Place, place_by_key, region_of, resolve_place
from .lexicons import RoleEntry, role_table


@dataclass(frozen=True)
class RoleMention:
    """An office named in a speaker phrase, and the place written with it (None: from context)."""

    role: RoleEntry
    place: Place | None


@cache
def _aliases() -> dict[str, RoleEntry]:
    return {alias.lower(): entry for entry in role_table().role for alias in [entry.name, *entry.aliases]}


@cache
def _context_words() -> dict[str, str]:
    return {w.lower(): c.level for c in role_table().context for w in c.words}


def role_by_name(name: str) -> RoleEntry | None:
    return next((r for r in role_table().role if r.name == name), None)


def _contextual(words: str) -> bool:
    """Whether WORDS only point at the place in focus: "region", "the city", "regional"."""
    parts = speaker_key(words).split()
    return bool(parts) and all(p in _context_words() for p in parts)


def _owner(words: str) -> tuple[bool, Place | None]:
    """(recognised, place) for the owner of an office: contextual words, else a gazetteer place."""
    if _contextual(words):
        return True, None
    place = resolve_place(speaker_key(words))
    return place is not None, place


def parse_role(phrase: str) -> RoleMention | None:
    """The office PHRASE names, with its place, or None when PHRASE is no role at a place.

    Example:
        >>> parse_role("Moscow's mayor").role.name
        'mayor'
    """
    key = speaker_key(phrase)
    aliases = _aliases()
    if not key or len(key.split()) > 10:
        return None
    if key in aliases:
        return RoleMention(aliases[key], None)
    possessive = re.match(r"^(.+?)['’]s\s+(.+)$", key)
    if possessive:
        owner, rest = possessive.groups()
        # "the regional military administration's head" is "head of the regional military administration"
        for inverted in (f"{rest} of the {owner}", f"{rest} of {owner}"):
            if inverted in aliases:
                return RoleMention(aliases[inverted], None)
        if rest in aliases:
            ok, place = _owner(owner)
            return RoleMention(aliases[rest], place) if ok else None
        return None
    of = re.match(r"^(.+?)\s+of\s+(?:the\s+)?(.+)$", key)
    if of and of.group(1) in aliases:
        ok, place = _owner(of.group(2))
        return RoleMention(aliases[of.group(1)], place) if ok else None
    # "Kaluga governor", "the Belgorod regional governor": the place before the office
    words = key.split()
    for n in range(min(len(words) - 1, 6), 0, -1):
        tail = " ".join(words[-n:])
        if tail in aliases:
            ok, place = _owner(" ".join(words[:-n]))
            return RoleMention(aliases[tail], place) if ok else None
    return None


def at_level(place: Place | None, level: str) -> Place | None:
    """The place an office of LEVEL belongs to, given a place at or inside it."""
    if place is None:
        return None
    if level == "country":
        if place.kind == "country":
            return place
        return place_by_key(f"country:{place.country}") if place.country else None
    if level == "region":
        found = region_of(place)
        return found if found.kind == "region" else None
    return place if place.kind in ("city", "region") else None


__all__ = ["RoleMention", "at_level", "parse_role", "role_by_name"]
