"""Keep the garbage collector out of the way of stages that build many small objects."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

F = TypeVar("F", bound=Callable)


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
