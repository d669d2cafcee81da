"""The scope of each figure in a sentence: local, a part of a breakdown, a total, or nationwide.

"Air defences downed 40 drones overnight: 23 over Bryansk, 11 over Kursk and 6 over Belgorod"
holds a total (40) and three parts, each with its own place; "across the country" makes a
figure national; "in one of the houses" makes it a part of the incident that is never compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..gazetteer import PlaceMention
from ..lexicons import read_table
from ..models import ScopeKind
from ..patterns import alternation
from .figures import PERSONS, Figure, partitive_action

# Words that say a figure counts part of the group counted before it: "20 of them over Kursk"
_PART_WORDS = ("of them", "of which", "of whom", "of those")
# The group named before the figure that counts some of it: "Of the injured, 28 are in hospital"
_FRONTED_PART = re.compile(r"^\W*(?:and\s+|but\s+)?of\s+(?:the|those|these)\s+[\w-]+(?:\s+[\w-]+)?\s*,\s*$",
                           re.IGNORECASE)
_PART_AFTER = re.compile(r"[^,;:]*?\bof\s+(?:them|which|whom|those)\b", re.IGNORECASE)


def _is_part(text: str, figures: list[Figure], i: int) -> bool:
    """Whether figure I is an "N of them" part: "20 of them", or a subgroup described in words of
    the kind the figure before it counts ("seven people, three of them Lebanese"). "75 hurt, 14 of
    them children" counts children, a kind of its own that other reports count too."""
    figure = figures[i]
    if figure.object_word in _PART_WORDS:
        return True
    return i > 0 and figures[i - 1].object == figure.object and bool(_PART_AFTER.match(text, figure.start, figure.end))


@dataclass(frozen=True)
class Scoped:
    """A figure's scope, and for a part the index of its total among the sentence's figures."""

    kind: ScopeKind
    total: int | None = None
    summed: bool = False
    """A part of a breakdown whose parts add up to its total ("30 were killed: 22 at the market and
    8 later in hospital"): it counts what the total counts, whatever words stand near it."""


def _phrases(words: list[str]) -> re.Pattern:
    alt = alternation(words)
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.IGNORECASE)


@cache
def _lexicon() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    data = read_table("scopes")
    # "over several regions", "in five provinces": a quantifier, or a number of two or more
    numbers = [w for w, n in read_table("quantities")["numbers"].items() if n >= 2]
    several = alternation([*data["several"], *numbers])
    areas = "|".join(re.escape(w) for w in data["areas"])
    spread = re.compile(rf"\b(?:{several}|\d+)\s+(?:of\s+the\s+)?(?:\w+\s+)?(?:{areas})\b", re.IGNORECASE)
    return _phrases(data["national"]), _phrases(data["total"]), spread, _phrases(data["subpart"]), \
        _phrases(data.get("to_date", [])), _phrases(list(data.get("among", {})))


def _some_of_the_whole(text: str, figures: list[Figure], i: int, hi: int) -> bool:
    """Whether figure I counts some of the event's whole by what it says of itself: one kind of
    people in a list ("... five civilians and three railway employees died"), an aftershock's
    magnitude ("a magnitude 5.2 tremor"), one named hospital's patients ("admitted to the Skopje
    City Hospital"), or the hurt still in care ("102 people remain in hospital")."""
    figure = figures[i]
    hurt = figure.action in ("injured", "seriously_injured")
    return _people_list_item(text, figures, i) or \
        (figure.action == "magnitude" and _of_aftershock(text, figure)) or \
        (hurt and _part_words().one_hospital.match(text, figure.end, hi) is not None) or \
        (figure.action == "injured" and _part_words().still_in_care.match(text, figure.end, hi) is not None)


_PEOPLE_WORDS = frozenset({"", "people", "persons", "person", "individuals", "others", "dead", "injured"})
_LIST_GAP = re.compile(r"\s*,?\s*(?:and\s+|as well as\s+)?")


def _people_list_item(text: str, figures: list[Figure], i: int) -> bool:
    """Whether figure I counts one kind of people ("three railway employees") in a list of kinds
    that share its verb: a part of the toll, never the toll itself."""
    figure = figures[i]
    if figure.object != "people" or figure.object_word.lower() in _PEOPLE_WORDS:
        return False
    for j in (i - 1, i + 1):
        if 0 <= j < len(figures):
            other = figures[j]
            lo, hi = (other.end, figure.start) if j < i else (figure.end, other.start)
            if other.action == figure.action and other.object in PERSONS and lo <= hi and \
                    _LIST_GAP.fullmatch(text, lo, hi):
                return True
    return False


@dataclass(frozen=True)
class _PartWords:
    """The patterns of scopes.toml by which a figure says it counts some of the whole."""

    aftershock_after: re.Pattern
    aftershock_before: re.Pattern
    one_hospital: re.Pattern
    still_in_care: re.Pattern


@cache
def _part_words() -> _PartWords:
    data = read_table("scopes")
    shocks = alternation(data.get("aftershock_words", []))
    verbs, heads = alternation(data.get("care_verbs", [])), alternation(data.get("hospital_heads", []), False)
    return _PartWords(
        aftershock_after=re.compile(rf"\s*(?:[\w-]+\s+){{0,2}}?(?:{shocks})\b", re.IGNORECASE),
        aftershock_before=re.compile(rf"\b(?:{shocks})\s+(?:of\s+|measuring\s+|with\s+a\s+)?(?:a\s+)?"
                                     rf"(?:preliminary\s+)?(?:magnitude\s+)?(?:of\s+)?$", re.IGNORECASE),
        one_hospital=re.compile(rf"[^,;.]{{0,60}}?\b(?i:{verbs})\s+(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){{1,5}}"
                                rf"(?:{heads})\b"),
        still_in_care=re.compile(rf"[^,;.]{{0,40}}?\b(?:{alternation(data.get('still_in_care', []))})\b",
                                 re.IGNORECASE),
    )


def _of_aftershock(text: str, figure: Figure) -> bool:
    words = _part_words()
    return bool(words.aftershock_after.match(text, figure.end) or
                words.aftershock_before.search(text, max(0, figure.start - 40), figure.start))


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end]: up to the nearest semicolon, colon or dash on each side."""
    left = max(text.rfind(ch, 0, start) for ch in ";:—–")
    right = [i for i in (text.find(ch, end) for ch in ";:—–") if i >= 0]
    return left + 1, min(right) if right else len(text)


@cache
def _among_table() -> dict[str, str]:
    # read once: parsing scopes.toml for every figure was a fifth of extraction time
    return read_table("scopes").get("among", {})


def _among_actions(among: re.Pattern, clause: str) -> list[str]:
    """The actions of the tolls a clause names a subgroup of: "among the dead were ..." -> killed."""
    actions = _among_table()
    return [actions[m.group(0).lower()] for m in among.finditer(clause) if m.group(0).lower() in actions]


# A country acting on projectiles just before the figure: "Ukraine shot down 21", "Ukraine's air
# defences destroyed 40" (up to four words between the country and the figure, no comma)
_COUNTRY_ACTS = re.compile(r"(?:'s|’s)?(?:\s+[\w-]+){1,4}\s+$")


def _country_acts(text: str, figure: Figure, places: list[PlaceMention]) -> bool:
    """Whether a country is the subject of the verb that counts FIGURE's projectiles: a whole
    country's interceptions or launches are national, never one city's ("air defence brought down
    11 over Kyiv" and "Ukraine shot down 21" count different skies)."""
    if figure.object not in ("drones", "missiles", "rockets", "bombs", "munitions"):
        return False
    return any(m.place.kind == "country" and m.end <= figure.start and
               _COUNTRY_ACTS.fullmatch(text, m.end, figure.start) for m in places)


def _own_end(text: str, figures: list[Figure], i: int) -> int:
    """Where the words that may place FIGURE end. An "N of them" part set off by commas ends at its
    closing comma: in "seven people, three of them Lebanese, are missing in Beirut" the place is the
    seven's, and the three are a subgroup of them, not Beirut's own figure."""
    figure = figures[i]
    if not _is_part(text, figures, i):
        return len(text)
    close = re.search(r"[,;:—–]|\.(?!\d)", text[figure.end:])
    return figure.end + close.start() if close else len(text)


def _clause_start(j: int, figures: list[Figure]) -> int:
    """Where the stretch of text that leads up to figure J begins: after the figure before it."""
    return figures[j - 1].end if j > 0 else 0


def figure_scopes(text: str, figures: list[Figure], places: list[PlaceMention]) -> list[Scoped]:
    """The scope of each of FIGURES in sentence TEXT, whose own place mentions are PLACES.

    Args:
        text: the sentence.
        figures: its figures, in order (offsets relative to TEXT).
        places: the place mentions of the sentence that are the event's (not the speaker's).

    Example:
        >>> [s.kind for s in figure_scopes(text, find_figures(text), mentions)]
    """
    if not figures:
        return []
    national, total, spread, subpart, to_date, among = _lexicon()
    bounds = [f.start for f in figures[1:]] + [len(text)]
    ends = [min(nxt, _own_end(text, figures, i)) for i, nxt in enumerate(bounds)]
    own = [[m for m in places if f.start <= m.start < end and m.place.kind != "country"]
           for f, end in zip(figures, ends, strict=True)]
    summed = _summed_parts(text, figures)
    scoped: list[Scoped] = []
    # the figures of one clause search it for the same words: once each (a run-on piece of 1,000
    # characters with no semicolon is one clause of a dozen figures)
    found: dict[tuple[re.Pattern, int, int], bool] = {}

    def says(pattern: re.Pattern, lo: int, hi: int) -> bool:
        key = (pattern, lo, hi)
        if key not in found:
            found[key] = pattern.search(text[lo:hi]) is not None
        return found[key]

    for i, figure in enumerate(figures):
        if i in summed:
            scoped.append(Scoped("part", summed[i], summed=True))
            continue
        lo, hi = _clause(text, figure.start, figure.end)
        if to_date.search(text[figures[i - 1].end if i else 0:figure.start]) or \
                to_date.search(text[figure.end:min(hi, bounds[i], _comma_after(text, figure.end))]):
            # "the number of dead since the war began past 30,000", "37,000 have died in the war":
            # the whole war's toll
            scoped.append(Scoped("national"))
            continue
        before = text[lo:figure.start]
        clause = text[lo:hi]
        head = _total_of(text, figures, own, places, i)
        if head is not None:
            scoped.append(Scoped("part", head))
        elif figure.object_word.lower() in ("member", "members") and re.match(r"\s+of\b", text[figure.end:]):
            # "a member of her crew died": some of a group the text does not count
            scoped.append(Scoped("part"))
        elif figure.increment:
            # "two more children were hurt": added to an earlier count, never compared as a total
            scoped.append(Scoped("part"))
        elif _group_of(text, figures, i) is not None or _of_the_head(text, figures, i):
            # some of the group just counted, at no place of their own: never compared
            scoped.append(Scoped("part"))
        elif subpart.search(before) or _FRONTED_PART.match(before):
            scoped.append(Scoped("part"))
        elif _some_of_the_whole(text, figures, i, hi):
            scoped.append(Scoped("part"))
        elif figure.object == "people" and figure.action in (partitive_action(figure.object_word),
                                                             *_among_actions(among, clause)):
            # "women made up 97 of the dead": a subgroup of the toll, described in the toll's own kind
            scoped.append(Scoped("part"))
        elif any(_total_of(text, figures, own, places, j) == i for j in range(i + 1, len(figures))):
            # its parts follow: a breakdown's total covers every part's place
            scoped.append(Scoped("national" if says(national, lo, hi) else "total"))
        elif not own[i] and _counted_of(text, figures, own, i):
            # "35 drones overnight, 20 of them shot down over Kursk": the group is the country's
            scoped.append(Scoped("national"))
        elif says(national, lo, hi) or (not own[i] and _country_acts(text, figure, places)):
            scoped.append(Scoped("national"))
        elif says(spread, lo, hi) or (says(total, lo, hi) and len({m.place.key for m in places}) > 1):
            scoped.append(Scoped("total"))
        else:
            scoped.append(Scoped("local"))
    return scoped


_BREAKDOWN = re.compile(r"^[^.;]*?(?::|\s[—–]\s|\s-\s|\()\s*[^:;]*$")


def _summed_parts(text: str, figures: list[Figure]) -> dict[int, int]:
    """Parts of a breakdown set off by a colon, dash or bracket whose figures add up to the one
    before it: "30 people were killed: 22 at the market and 8 later in hospital", "a total of 275
    deaths: 241 aboard and 34 on the ground". Part index -> total index."""
    out: dict[int, int] = {}
    for i, head in enumerate(figures[:-2]):
        iv = head.interval
        if iv.approx or iv.high != iv.low or not iv.low or i in out or \
                not _BREAKDOWN.match(text[head.end:figures[i + 1].start]):
            continue
        running, j = 0, i + 1
        while j < len(figures) and running < iv.low:
            part = figures[j].interval
            if part.approx or part.high != part.low or figures[j].increment:
                break
            running += part.low
            j += 1
        if running == iv.low and j - i > 2:
            out.update({k: i for k in range(i + 1, j)})
    return out


def _counted_of(text: str, figures: list[Figure], own: list[list[PlaceMention]], i: int) -> bool:
    """Whether a later "N of them" figure, placed on its own, counts part of figure I's group."""
    return any(_is_part(text, figures, j) and own[j] and figures[j].object == figures[i].object
               for j in range(i + 1, len(figures)))


def _group_of(text: str, figures: list[Figure], i: int) -> int | None:
    """The figure right before an unplaced "N of them" of the same action: "killed 18 people, one
    of whom died in hospital", "seven people, three of them Lebanese, are missing". The part counts
    some of that group and is never set against it."""
    part = figures[i]
    if i == 0 or not _is_part(text, figures, i):
        return None
    head = figures[i - 1]
    return i - 1 if head.action == part.action else None


_OF_THE = re.compile(r"(?:^|[,;:]\s*)of\s+(?:the\s+|those\s+|these\s+|all\s+)?$", re.IGNORECASE)


def _comma_after(text: str, start: int) -> int:
    """Where the figure's own words end: before "..., which pushed the war's toll past 30,000"."""
    comma = text.find(",", start)
    return len(text) if comma < 0 else comma


def _of_the_head(text: str, figures: list[Figure], i: int) -> bool:
    """ "Of the 50 injured, 12 remain in hospital": figure I is some of the group the sentence opens
    with, counted with the same action."""
    if i == 0:
        return False
    head = figures[i - 1]
    return head.action == figures[i].action and bool(_OF_THE.search(text, 0, head.start)) and \
        bool(re.fullmatch(r"[^,;.]*,\s*", text[head.end:figures[i].start]))


def _total_of(text: str, figures: list[Figure], own: list[list[PlaceMention]], places: list[PlaceMention],
              i: int) -> int | None:
    """The figure whose part figure I is, if any: an earlier figure with no place of its own
    that counts the same thing ("40 drones: 23 over Bryansk"), or the group an "of them" refers to."""
    part = figures[i]
    if not own[i]:
        return None
    for j in range(i - 1, -1, -1):
        head = figures[j]
        if own[j] and not _is_part(text, figures, i):
            continue
        if any(m.place.kind != "country" and _clause_start(j, figures) <= m.start and m.end <= head.start
               for m in places):
            return None  # "In Kharkiv, 3 were killed, and in Izium 2": the first figure is Kharkiv's
        if head.object == part.object and (head.action == part.action or _is_part(text, figures, i)):
            if head.action != part.action:
                return None  # "35 launched, 20 of them downed over Kursk": a part of another count
            return j
    return None


__all__ = ["Scoped", "figure_scopes"]
