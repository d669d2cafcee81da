"""Curated [[claim]] tables as Claims: quote anchored in the source, speaker resolved, value parsed."""

from __future__ import annotations

from .anchor import find_quote
from .claimsfile import ClaimsFile, CuratedClaim
from .errors import DataError
from .lexicons import is_estimate, packs_for, vocabulary
from .models import Claim, Source
from .quantities import interval_problem, out_of_range, parse_quantity
from .speakers import SpeakerIndex, is_vague


def _interval_fields(claim: CuratedClaim, width: float, path: str | None) -> dict:
    """low/high/approx/value of a curated claim, from `value` or `low`/`high`."""
    kind = vocabulary().actions[claim.action].kind
    line = claim.field_lines.get("value", claim.line)
    if kind == "category":
        if not isinstance(claim.value, str):
            raise DataError(f"[[claim]] '{claim.id}': a '{claim.action}' claim needs a text value",
                            path=path, line=line)
        allowed = vocabulary().actions[claim.action].values
        if claim.value not in allowed:
            raise DataError(f"[[claim]] '{claim.id}': '{claim.value}' is not one of {', '.join(allowed)}",
                            path=path, line=line)
        return {"value": claim.value}
    if claim.value is not None:
        interval = parse_quantity(claim.value, width)
        if interval is None:
            raise DataError(f"[[claim]] '{claim.id}': cannot read the quantity {_shown(claim.value)}",
                            path=path, line=line)
        problem = interval_problem(interval)
        if problem:
            raise DataError(f"[[claim]] '{claim.id}': 'value': the figure {_shown(claim.value)} {problem}",
                            path=path, line=line)
        approx = interval.approx if claim.approx is None else claim.approx
        return {"low": interval.low, "high": interval.high, "approx": approx}
    if claim.low is None and claim.high is None:
        raise DataError(f"[[claim]] '{claim.id}': a '{claim.action}' claim needs `value`, or `low`/`high`",
                        path=path, line=claim.line)
    for key in ("low", "high"):
        problem = out_of_range(getattr(claim, key))
        if problem:
            hint = " (leave `high` out for no upper bound)" if key == "high" and "infinite" in problem else ""
            raise DataError(f"[[claim]] '{claim.id}': '{key}': {_shown(getattr(claim, key))} {problem}{hint}",
                            path=path, line=claim.field_lines.get(key, claim.line))
    low = _exact(claim.low) if claim.low is not None else 0
    high = _exact(claim.high) if claim.high is not None else None
    if high is not None and high < low:
        raise DataError(f"[[claim]] '{claim.id}': high is below low", path=path,
                        line=claim.field_lines.get("high", claim.line))
    return {"low": low, "high": high, "approx": bool(claim.approx)}


def _shown(value: object, limit: int = 40) -> str:
    """VALUE as written in claims.toml, cut short: a 309-digit figure makes no one-line message."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else f"{text[:limit - 12]}…({len(text)} characters)"


def _exact(value: int | float) -> int | float:
    """A whole float as an int: `low = 14.0` is the figure 14."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def curated_claims(claims_file: ClaimsFile, sources: dict[str, Source], index: SpeakerIndex) -> list[Claim]:
    """The file's claims whose source is loaded, as Claims (quotes not found keep start None)."""
    width = claims_file.settings.approx_width
    packs = None if claims_file.settings.packs is None else tuple(claims_file.settings.packs)
    events: dict[str, object] = {}
    out = []
    for n, entry in enumerate(claims_file.claims):
        fields = _interval_fields(entry, width, claims_file.path)
        source = sources.get(entry.source)
        if source is None:
            continue
        span = find_quote(source.text, entry.quote)
        # "some media reports" names nobody: such a claim is unsourced, like one with no speaker
        vague = bool(entry.speaker) and is_vague(entry.speaker)
        speaker = index.canonical(entry.speaker, entry.party) if entry.speaker and not vague else None
        party = entry.party or (speaker.party if speaker else None)
        if entry.source not in events:
            from .extract.events import Events  # the extractor's lexicons load only when needed

            events[entry.source] = Events(source.title, source.text,
                                          packs_for(f"{source.title or ''}\n{source.text}", packs))
        # the event the quote names, else its article's lasting event (each quote a paragraph of its own)
        event = entry.event or events[entry.source].event_for(entry.quote, -2 - n)
        out.append(Claim(
            id=entry.id,
            source=entry.source,
            speaker=speaker.name if speaker else None,
            party=party,
            estimate=is_estimate(entry.quote, party) if entry.estimate is None else entry.estimate,
            event=event,
            quote=source.text[span[0]:span[1]] if span else entry.quote,
            start=span[0] if span else None,
            end=span[1] if span else None,
            action=entry.action,
            object=entry.object,
            polarity=entry.polarity,
            hedge=entry.hedge,
            places=list(entry.places),
            event_date=entry.date,
            # an editor's date is the event's; without one the publication date bounds it
            date_basis="stated" if entry.date else "published",
            origin="curated",
            speaker_text=entry.speaker,
            vague=vague,
            incident_hint=entry.incident,
            line=entry.line,
            **fields,
        ))
    return out
