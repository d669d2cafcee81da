"""Keep the garbage collector out of the way of stages that build many small objects."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

F = TypeVar("F", bound=Callable)
M = TypeVar("M")


def fewer_collections(func: F | None = None):
    """Run FUNC with the youngest generation collected every 100,000 allocations, not every 700.

    Matching and reconciling 100k claims create hundreds of thousands of small models that live
    until the report is rendered; with the default threshold the collector re-walks them all
    again and again (measured: about 40 % of the time at 100k claims, benchmarks/README.md).
    Nothing here makes reference cycles, so collecting less often loses nothing.

    Without FUNC, a context manager that does the same for a block (a generator's body, say).
    """
    if func is None:
        return _fewer()

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with _fewer():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@contextmanager
def _fewer() -> Iterator[None]:
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 100_000), old[1], old[2])
    try:
        yield
    finally:
        gc.set_threshold(*old)


_FIELD_SETS: dict[frozenset[str], set[str]] = {}
_MAX_FIELD_SETS = 1024


def shared_fields(model: M) -> M:
    """MODEL (a frozen pydantic model), its set of given field names shared with the models
    given the same names.

    Pydantic keeps that set on every instance: 728 bytes for 5 to 18 names, more than the model's
    own values on a finding. Figure-dense text makes tens of thousands of claims and findings
    with a handful of distinct sets. A frozen model never changes its set (a copy gets its own),
    so sharing an equal one changes nothing but memory."""
    names = model.__pydantic_fields_set__  # type: ignore[attr-defined]
    key = frozenset(names)
    shared = _FIELD_SETS.get(key)
    if shared is None:
        if len(_FIELD_SETS) < _MAX_FIELD_SETS:
            _FIELD_SETS[key] = names
        return model
    object.__setattr__(model, "__pydantic_fields_set__", shared)
    return model
