"""A read-only mapping of name keys to record offsets, packed into one string and two arrays.

The minor town index has 270,000 names. As a dict of str to int it took 37 MB, and reading it
back from the user's cache peaked at about 80 MB more; packed it takes about 9 MB. Lookups bisect
the sorted names that share the key's first three letters (a few string slices), and the last
16,384 answers are remembered: the place scanner asks for every capitalised word of every sentence.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping

Offsets = int | list[int]
_PREFIX = 3
_RECENT = 1 << 14
"""Look-ups remembered (about 2 MB at most), forgotten all at once when full."""


class _Names:
    """The I-th sorted name, sliced out of the joined names on demand (for `bisect`)."""

    __slots__ = ("text", "starts")

    def __init__(self, text: str, starts: array):
        self.text, self.starts = text, starts

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, i: int) -> str:
        return self.text[self.starts[i]:self.starts[i + 1] - 1]


class PackedIndex(Mapping[str, Offsets]):
    """Name key -> the offset of its record, or the offsets of its records when several towns bear
    the name. Built from such a dict (`pack`) or from its stored form (`from_stored`)."""

    def __init__(self, text: str, values: array, multi: list[list[int]]):
        # names joined by "\n", each followed by one: the I-th runs from starts[I] to starts[I+1]-1
        starts = array("q", [0])
        at = text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        self._names = _Names(text, starts)
        self._values = values  # an offset, or -(1 + i) for the list multi[i]
        self._multi = multi
        self._spans: dict[str, tuple[int, int]] = {}  # first letters -> the range of names they begin
        self._recent: dict[str, int] = {}  # keys asked lately -> `_find`'s answer

    @classmethod
    def pack(cls, index: Mapping[str, Offsets]) -> PackedIndex:
        keys = sorted(index)
        values, multi = array("q"), []
        for key in keys:
            value = index[key]
            if isinstance(value, int):
                values.append(value)
            else:
                multi.append(list(value))
                values.append(-len(multi))
        return cls("".join(f"{k}\n" for k in keys), values, multi)

    def stored(self) -> dict:
        """The packed index as JSON data: one string, a list of numbers, the lists of offsets."""
        return {"names": self._names.text, "values": self._values.tolist(), "multi": self._multi}

    @classmethod
    def from_stored(cls, data: dict) -> PackedIndex:
        return cls(data["names"], array("q", data["values"]), data["multi"])

    def _value(self, i: int) -> Offsets:
        value = self._values[i]
        return value if value >= 0 else self._multi[-value - 1]

    def _find(self, key: str) -> int:
        """The index of KEY among the names, or -1."""
        # the scanner asks for every capitalised word, and articles repeat their words
        i = self._recent.get(key)
        if i is None:
            if len(self._recent) >= _RECENT:
                self._recent.clear()
            i = self._recent[key] = self._bisect(key)
        return i

    def _bisect(self, key: str) -> int:
        # bisect only among the names that begin with KEY's first three letters: a few slices
        # where the whole list took about 18
        prefix = key[:_PREFIX]
        span = self._spans.get(prefix)
        if span is None:
            lo = bisect_left(self._names, prefix) if prefix else 0
            after = prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix and prefix[-1] < "\U0010ffff" else None
            span = self._spans[prefix] = (lo, bisect_left(self._names, after, lo) if after else len(self._names))
        lo, hi = span
        i = bisect_left(self._names, key, lo, hi)
        return i if i < hi and self._names[i] == key else -1

    def __getitem__(self, key: str) -> Offsets:
        i = self._find(key)
        if i < 0:
            raise KeyError(key)
        return self._value(i)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) >= 0

    def get(self, key: str, default=None):
        # (no KeyError raised and caught for each of the many names that are no town's)
        i = self._find(key)
        return self._value(i) if i >= 0 else default

    def __iter__(self) -> Iterator[str]:
        return (self._names[i] for i in range(len(self._names)))

    def __len__(self) -> int:
        return len(self._names)


def is_stored_index(data: object) -> bool:
    """Whether DATA read back has the stored shape of a packed index."""
    return isinstance(data, dict) and isinstance(data.get("names"), str) and \
        isinstance(data.get("values"), list) and isinstance(data.get("multi"), list) and \
        data["names"].count("\n") == len(data["values"])
