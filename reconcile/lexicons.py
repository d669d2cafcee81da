"""Load the hand-edited data tables in reconcile/data/, validated and cached."""

from __future__ import annotations

import re
import sys
from datetime import date
from functools import cache, cached_property, lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import DataError
from .patterns import alternation

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ActionEntry(_Row):
    name: str
    kind: str
    description: str = ""
    accumulates: bool = False
    """A toll that later reports may raise (deaths, injuries) rather than a fixed fact."""
    tolerance: float = 0.0
    """Figures this close are not apart: agencies measure a magnitude a few tenths differently."""
    values: list[str] = Field(default_factory=list)
    opposites: list[tuple[str, str]] = Field(default_factory=list)
    implies: list[tuple[str, str]] = Field(default_factory=list)
    part_of: str | None = None
    """The action this one is a kind of: the seriously injured are among the injured."""
    counted_in: list[str] = Field(default_factory=list)
    """Tolls that always count this one's people too, whatever the outlet means by them: the
    killed are among the casualties. Used only to compare origins (findings), never to relabel."""


class ObjectEntry(_Row):
    name: str
    people: bool = False
    continuous: bool = False
    part_of: str | None = None


class PartyEntry(_Row):
    name: str
    side: str
    official: bool = False
    separate: bool = False
    """Each origin of this party speaks for itself (two universities, two aid groups): their
    agreement is independent corroboration though the party is one."""


class SideEntry(_Row):
    name: str
    countries: list[str]
    opponent: str | None = None


class Vocabulary(_Row):
    action: list[ActionEntry]
    object: list[ObjectEntry]
    party: list[PartyEntry]
    side: list[SideEntry] = Field(default_factory=list)

    @cached_property
    def actions(self) -> dict[str, ActionEntry]:
        return {a.name: a for a in self.action}

    @cached_property
    def objects(self) -> dict[str, ObjectEntry]:
        return {o.name: o for o in self.object}

    @cached_property
    def parties(self) -> dict[str, PartyEntry]:
        return {p.name: p for p in self.party}


class SpeakerEntry(_Row):
    name: str
    aliases: list[str] = Field(default_factory=list)
    party: str | None = None
    kind: str = "organisation"
    """person | organisation | media | group; guides coreference ("he" vs "the ministry")."""
    roles: list[str] = Field(default_factory=list)
    """Role nouns that refer back to this speaker ("governor", "ministry")."""
    role: str | None = None
    """The office the speaker holds (a name in data/roles.toml): "Moscow's mayor" resolves to them."""
    place: str | None = None
    """Where the office is, and the place a regional official speaks for: their figures happened
    there unless they say otherwise."""
    home: str | None = None
    """Older name of `place`, still read."""
    since: date | None = None
    """First day in office, when the office changed hands ("the Kursk governor" of 2024 vs 2025)."""
    until: date | None = None
    """Last day in office."""

    @model_validator(mode="before")
    @classmethod
    def _place_from_home(cls, row):
        if isinstance(row, dict) and row.get("home") and not row.get("place"):
            return {**row, "place": row["home"]}
        return row


class SpeakerTable(_Row):
    speaker: list[SpeakerEntry]


class RoleEntry(_Row):
    name: str
    title: str
    """How a speaker with no known holder is named: "Governor" of Kaluga Oblast."""
    level: str = Field(pattern=r"^(?:region|city|country)$")
    """The kind of place the office belongs to."""
    aliases: list[str]


class RoleContext(_Row):
    words: list[str]
    level: str = Field(pattern=r"^(?:region|city|country)$")


class RoleTable(_Row):
    role: list[RoleEntry]
    context: list[RoleContext] = Field(default_factory=list)


def read_table(name: str) -> dict:
    """The raw TOML of reconcile/data/NAME.toml."""
    path = resources.files("reconcile") / "data" / f"{name}.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise DataError(f"cannot read data table: {err}", path=f"reconcile/data/{name}.toml") from err


def _validated(model: type[BaseModel], name: str) -> BaseModel:
    try:
        return model.model_validate(read_table(name))
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise DataError(f"{field}: {first['msg']}", path=f"reconcile/data/{name}.toml") from err


# ---------------------------------------------------------------------------- domain packs
#
# events.toml holds the core vocabulary of casualty and damage reporting; each file in data/packs/
# adds the words of one domain (war, disasters) in the same layout. Every pack loads unless
# [settings] packs names a narrower set, and an article uses a pack only when it says one of the
# pack's `cues` (a flood report that mentions a "residential building" names no attack target);
# an article that says no pack's cues uses every pack.


def _packs_folder():
    return resources.files("reconcile") / "data" / "packs"


@cache
def pack_names() -> tuple[str, ...]:
    """The domain packs in reconcile/data/packs/, by name ("conflict", "disaster")."""
    return tuple(sorted(p.name.removesuffix(".toml") for p in _packs_folder().iterdir() if p.name.endswith(".toml")))


@cache
def pack_table(name: str) -> dict:
    """The raw TOML of the domain pack NAME."""
    path = _packs_folder() / f"{name}.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise DataError(f"cannot read domain pack: {err}", path=f"reconcile/data/packs/{name}.toml") from err


def _merged(into: dict, extra: dict) -> dict:
    """EXTRA's lists appended to INTO's, its tables merged key by key (INTO is not changed)."""
    out = dict(into)
    for key, value in extra.items():
        if key == "cues":
            continue
        if isinstance(value, list):
            out[key] = [*out.get(key, []), *value]
        elif isinstance(value, dict):
            out[key] = _merged(out.get(key, {}), value)
        else:
            out[key] = value
    return out


@cache
def events_table(packs: tuple[str, ...] | None = None) -> dict:
    """events.toml with the domain packs PACKS added (every pack when None)."""
    merged = read_table("events")
    for name in pack_names() if packs is None else packs:
        merged = _merged(merged, pack_table(name))
    return merged


@cache
def _cue_patterns() -> dict[str, re.Pattern | None]:
    out: dict[str, re.Pattern | None] = {}
    for name in pack_names():
        cues = pack_table(name).get("cues", [])
        words = alternation(cues)
        out[name] = re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE) if cues else None
    return out


def packs_for(text: str, packs: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The packs among PACKS (all when None) that TEXT speaks: those whose cues it says, or that
    have none; a text that says no pack's cues uses them all."""
    cues = _cue_patterns()
    wanted = pack_names() if packs is None else packs
    spoken = tuple(name for name in wanted if cues.get(name) is not None and cues[name].search(text))
    return tuple(name for name in wanted if cues.get(name) is None or name in spoken) if spoken else tuple(wanted)


Row = _Row
"""The base of a validated data row: frozen, no unknown keys."""


def validated_table(model: type[BaseModel], name: str) -> BaseModel:
    """reconcile/data/NAME.toml validated by MODEL; a DataError names the file and field."""
    return _validated(model, name)


@cache
def _estimate_words() -> re.Pattern:
    words = read_table("events").get("estimates", [])
    return re.compile(rf"(?<![\w-])(?:{alternation(words)})(?![\w-])", re.IGNORECASE) if words else re.compile(r"(?!)")


def is_estimate(text: str, party: str | None = None) -> bool:
    """Whether a figure in TEXT (said by PARTY) is a statistical estimate rather than a count:
    research says so, or the text calls it a study's, an estimate, excess deaths."""
    return party == "research" or _names_estimate(text)


@lru_cache(maxsize=64)
def _names_estimate(text: str) -> bool:
    # asked again for each of a sentence's claims (up to 8 of one piece of 1,000 characters)
    return bool(_estimate_words().search(text))


@cache
def vocabulary() -> Vocabulary:
    return _validated(Vocabulary, "vocabulary")


SPEAKER_TABLES = ("speakers", "institutions")
"""The built-in speaker files: conflict reporting, then agencies, aid groups and research institutions."""


@cache
def speakers() -> SpeakerTable:
    return SpeakerTable(speaker=[row for name in SPEAKER_TABLES for row in _validated(SpeakerTable, name).speaker])


@cache
def asserting_hedges() -> frozenset[str]:
    """Hedges that still leave the figure in the speaker's voice ("claimed"), lower case."""
    return frozenset(row["phrase"].lower() for row in read_table("hedges")["hedge"] if row.get("asserted"))


@cache
def verification_grammar() -> str:
    """The [verification] table of hedges.toml as a pattern: a negation, up to four fillers and a
    verb of checking ("could not independently verify", "has not yet been confirmed"); "" when
    the table is missing. The extractor hedges with it; findings ask whether a hedge is one."""
    checking = read_table("hedges").get("verification")
    if not checking:
        return ""
    return (rf"(?:{alternation(checking['negations'])})(?:\s+(?:{alternation(checking['fillers'])})){{0,4}}"
            rf"\s+(?:{alternation(checking['verbs'])})")


@cache
def _unchecked() -> re.Pattern | None:
    """The verification grammar when [verification] is marked `asserted`: "could not verify" says
    the outlet could not check the figure, not that the speaker did not give it."""
    grammar = verification_grammar()
    asserted = (read_table("hedges").get("verification") or {}).get("asserted")
    return re.compile(rf"\b{grammar}\b", re.IGNORECASE) if grammar and asserted else None


@lru_cache(maxsize=1024)
def asserting_hedge(hedge: str) -> bool:
    """Whether HEDGE leaves the figure in the speaker's own voice: "claimed", "could not verify"."""
    unchecked = _unchecked()
    return hedge.lower() in asserting_hedges() or bool(unchecked and unchecked.search(hedge))


@cache
def role_table() -> RoleTable:
    return _validated(RoleTable, "roles")


def implied_values(action: str, value: str) -> set[str]:
    """VALUE and the values it is a kind of ("residential" is also "civilian")."""
    entry = vocabulary().actions.get(action)
    return {value} | ({general for specific, general in entry.implies if specific == value} if entry else set())


def opposite_values(action: str) -> set[frozenset[str]]:
    """Pairs of categorical values of ACTION that cannot both hold."""
    entry = vocabulary().actions.get(action)
    return {frozenset(pair) for pair in entry.opposites} if entry else set()
