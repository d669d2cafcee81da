"""Extraction over a pool of worker processes: articles shared out, results put back in source order.

Extraction is the slow stage and each article is extracted on its own, so articles can go to any
process: the claims come out the same for any number of jobs, byte for byte. Every cache reading
fills is a pure memo but one: the places made for minor towns and named sites, which a worker
sends back with its claims so that their place keys resolve in this process too. See
docs/performance.md.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable

from .errors import ReconcileError
from .models import Source
from .speakers import SpeakerIndex

POOL_MIN_CHARS = 200_000
"""Less text than this in all (about 50 articles, a second of work on one core) is extracted in
this process: starting workers would cost more than they save."""
_CHUNK_MAX_ARTICLES = 32
_CHUNKS_PER_JOB = 12
"""Tasks per worker: enough that a slow one does not leave the others idle at the end, and that
the progress bar moves, few enough that handing them out costs nothing."""


class ExtractionError(ReconcileError):
    """An article could not be extracted"""


def available_cores() -> int:
    """The cores this process may run on (its affinity mask, not the machine's count)."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if count is not None:
        return max(1, count() or 1)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def extract_sources(sources: list[Source], index: SpeakerIndex, width: float = 0.1, jobs: int = 1,
                    progress: Callable[[int, int], None] | None = None, min_chars: int = POOL_MIN_CHARS,
                    start_method: str | None = None, packs: tuple[str, ...] | None = None,
                    notes: list[str] | None = None) -> list:
    """One `Extraction` per source, in the order of SOURCES, the same whatever JOBS.

    Args:
        sources: loaded articles.
        index: speaker aliases.
        width: relative half-width of approximate figures.
        jobs: processes to extract with; 1 extracts here, in this process.
        progress: called as (articles done, total) while extracting.
        min_chars: below this much text in all, extract here whatever JOBS.
        start_method: "fork" or "spawn"; None picks fork where the platform has it and this
            process runs a single thread (the workers then inherit the loaded gazetteer), else spawn.
        packs: the domain packs to read with ([settings] packs); None for all.
        notes: gets one line when figures out of range (negative, past `MAX_FIGURE`) were skipped.

    Example:
        >>> claims = [c for e in extract_sources(sources, SpeakerIndex(), jobs=2) for c in e.claims]
    """
    chunks = _chunks(sources, jobs) if jobs > 1 and len(sources) > 1 and \
        sum(len(s.text) for s in sources) >= min_chars else []
    if len(chunks) < 2:
        results = _extract_here(sources, index, width, progress, packs)
    else:
        results = _extract_in_pool(sources, chunks, index, width, min(jobs, len(chunks)), progress, start_method,
                                   packs)
    skipped = [(source.path, figures) for source, (_, figures) in zip(sources, results, strict=True) if figures]
    if skipped and notes is not None:
        notes.append(skipped_note(skipped))
    return [extraction for extraction, _ in results]


def skipped_note(skipped: list[tuple[str, list[str]]]) -> str:
    """One note for the figures left out of every article: how many, and where."""
    from .quantities import MAX_FIGURE

    def short(figure: str) -> str:
        figure = " ".join(figure.split())
        return figure if len(figure) <= 24 else f"{figure[:20]}…"

    total = sum(len(figures) for _, figures in skipped)
    shown = ", ".join(f"{path} ({', '.join(short(f) for f in figures[:2])}{', ...' if len(figures) > 2 else ''})"
                      for path, figures in skipped[:3])
    more = ", ..." if len(skipped) > 3 else ""
    return (f"{total} figure(s) out of range (negative, or larger than {MAX_FIGURE:,}) were skipped, with their "
            f"claims: {shown}{more}")


def _extract_here(sources: list[Source], index: SpeakerIndex, width: float,
                  progress: Callable[[int, int], None] | None, packs: tuple[str, ...] | None = None) -> list:
    out = []
    for n, source in enumerate(sources, start=1):
        out.append(_extract_one(source, index, width, packs))
        if progress:
            progress(n, len(sources))
    return out


def _extract_one(source: Source, index: SpeakerIndex, width: float,
                 packs: tuple[str, ...] | None = None) -> tuple[object, list[str]]:
    """The article's Extraction, and the figures left out of it as out of range (see `checked`)."""
    from .extract import extract_source  # the extractor's lexicons and gazetteer load only when needed
    from .quantities import take_skipped

    take_skipped()
    try:
        extraction = extract_source(source, index, width, packs)
        return checked(extraction, take_skipped())
    except ReconcileError:
        raise
    except RecursionError:
        raise ExtractionError("cannot extract claims: the text nests too deeply", path=source.path) from None
    except Exception as err:
        # A bug met on this input: name the article, so it can be set aside or reported
        raise ExtractionError(f"cannot extract claims ({type(err).__name__}: {err})", path=source.path) from err


def _chunks(sources: list[Source], jobs: int) -> list[list[int]]:
    """Source indices in consecutive runs of about the same amount of text."""
    total = sum(len(s.text) for s in sources)
    target = max(1, total // (jobs * _CHUNKS_PER_JOB))
    chunks: list[list[int]] = []
    current: list[int] = []
    size = 0
    for i, source in enumerate(sources):
        current.append(i)
        size += len(source.text)
        if size >= target or len(current) >= _CHUNK_MAX_ARTICLES:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks


def checked(extraction, skipped: list[str]):
    """EXTRACTION without claims it must not hand on, and every figure left out (SKIPPED, as written).

    Whatever the extractor did with a figure (a sum, a conversion from miles), a claim's bounds
    must be counts: a negative, infinite or too-large bound drops the claim, and a whole float
    (a sum with a decimal in it) becomes an int. A claim equal to an earlier one of the same
    article in everything but its id is the same assertion read twice (the extractor counts "One
    child, a 14-year-old boy" as two mentions of one child): it is dropped, and a part of a
    breakdown that named it names the first instead, which may make two parts one in turn.
    """
    import dataclasses

    from .models import Interval
    from .quantities import interval_problem

    claims = []
    for claim in extraction.claims:
        if claim.low is not None and interval_problem(Interval.model_construct(low=claim.low, high=claim.high)):
            skipped.append(str(claim.high if claim.high is not None and claim.low <= claim.high else claim.low))
            continue
        whole = {k: int(v) for k, v in (("low", claim.low), ("high", claim.high))
                 if isinstance(v, float) and v.is_integer()}
        claims.append(claim.model_copy(update=whole) if whole else claim)
    while True:
        kept, renamed = _once(claims)
        if not renamed:
            break
        claims = [c.model_copy(update={"part_of": renamed[c.part_of]}) if c.part_of in renamed else c for c in kept]
    # by identity: pydantic's == takes a claim of 14.0 for the one of 14 it replaces
    if len(kept) != len(extraction.claims) or any(a is not b for a, b in zip(kept, extraction.claims, strict=True)):
        extraction = dataclasses.replace(extraction, claims=kept)
    return extraction, list(dict.fromkeys(skipped))


def _once(claims: list) -> tuple[list, dict[str, str]]:
    """CLAIMS without repeats of an earlier claim, and {dropped id: the id it repeats}."""
    kept, renamed = [], {}
    # by span and figure first: only claims alike in those are compared field by field
    alike: dict[tuple, list] = {}
    for claim in claims:
        others = alike.setdefault((claim.start, claim.end, claim.action, claim.object, claim.low, claim.high,
                                   claim.value), [])
        key = _identity(claim) if others else None
        same = next((other.id for other in others if _identity(other) == key), None) if others else None
        if same is not None:
            renamed[claim.id] = same
            continue
        others.append(claim)
        kept.append(claim)
    return kept, renamed


_NOT_IDENTITY = frozenset({"id", "figure_span", "cue_span"})
"""Fields that do not make two claims different: the id, and where in the quote a window centres."""


def _identity(claim) -> tuple:
    """Everything a claim asserts, and where: all its fields but the id and the display spans."""
    return tuple(repr(getattr(claim, name)) for name in type(claim).model_fields if name not in _NOT_IDENTITY)


# -- in the workers

_WORKER: tuple[SpeakerIndex, float, tuple[str, ...] | None] | None = None


def _start_worker(index: SpeakerIndex, width: float, packs: tuple[str, ...] | None = None) -> None:
    global _WORKER
    _WORKER = (index, width, packs)


def _work(chunk: list[Source]) -> tuple[list, list]:
    """The chunk's (extraction, skipped figures), and the places made while reading it."""
    from .gazetteer import minted_count, minted_since

    index, width, packs = _WORKER  # type: ignore[misc]
    mark = minted_count()
    extractions = [_extract_one(source, index, width, packs) for source in chunk]
    return extractions, minted_since(mark)


# -- in this process

def _warm_up() -> None:
    """Load the gazetteer, lexicons and patterns here, once, for forked workers to inherit."""
    from .extract import extract_source

    extract_source(Source(id="warm-up", path="warm-up", outlet="warm-up",
                          text="Officials in Kharkiv said two drones were shot down on Monday."), SpeakerIndex())


def _context(start_method: str | None):
    import multiprocessing

    if start_method is None:
        forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
        start_method = "fork" if forkable else "spawn"
    return multiprocessing.get_context(start_method)


def _extract_in_pool(sources: list[Source], chunks: list[list[int]], index: SpeakerIndex, width: float, jobs: int,
                     progress: Callable[[int, int], None] | None, start_method: str | None,
                     packs: tuple[str, ...] | None = None) -> list:
    # imported here: most runs never start a pool, and these cost start-up time
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    from .gazetteer import adopt_places

    context = _context(start_method)
    frozen = context.get_start_method() == "fork"
    if frozen:
        _warm_up()
        # Move what is loaded by now out of the collector's sight: forked workers then share its
        # pages instead of copying them when a collection touches them, and collect faster
        gc.freeze()
    results: list[list | None] = [None] * len(chunks)
    done = 0
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                                   initargs=(index, width, packs))
    try:
        # the largest chunks first, so that no long article is left to run alone at the end
        order = sorted(range(len(chunks)), key=lambda c: -sum(len(sources[i].text) for i in chunks[c]))
        pending: dict[Future, int] = {executor.submit(_work, [sources[i] for i in chunks[c]]): c for c in order}
        if frozen:
            gc.unfreeze()
            frozen = False
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                c = pending.pop(future)
                try:
                    results[c], minted = future.result()
                except BrokenProcessPool:
                    first = sources[chunks[c][0]]
                    raise ExtractionError(
                        f"a worker process died while extracting this or one of {len(chunks[c]) - 1} other "
                        f"article(s) (out of memory?); try --jobs 1", path=first.path) from None
                adopt_places(minted)
                done += len(chunks[c])
                if progress:
                    progress(done, len(sources))
    finally:
        if frozen:
            gc.unfreeze()
        executor.shutdown(wait=True, cancel_futures=True)
    return [result for chunk in results for result in chunk or []]


__all__ = ["POOL_MIN_CHARS", "ExtractionError", "available_cores", "extract_sources"]
