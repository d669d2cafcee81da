"""Names as index keys: case, accents, apostrophes and hyphens folded, and the coarser
transliteration skeleton on which "Pervyi", "Pervy" and "Pervyy" meet."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_ASCII_WORD = re.compile(r"[a-z0-9]+")
TOKEN = re.compile(r"[^\W_]+(?:['’ʼ`][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’ʼ`][sS]$")
_APOSTROPHES = re.compile(r"['’ʼ`]")
_FOLD_TABLE = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                             "æ": "ae", "Æ": "AE", "ı": "i", "œ": "oe", "Œ": "OE", "þ": "th"})


def word_spans(text: str) -> Iterable[tuple[int, int]]:
    """Spans of the words of TEXT, a possessive 's left out ("Ukraine's" -> "Ukraine")."""
    for m in TOKEN.finditer(text):
        start, end = m.span()
        if end - start > 3 and _POSSESSIVE.search(m.group()):
            end -= 2
        yield start, end


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """One word in lowercase ASCII-ish form, accents and apostrophes dropped."""
    if word.isascii():
        # (the common case, for every word of every sentence: no regular expression)
        if "'" in word or "`" in word:
            word = word.replace("'", "").replace("`", "")
        return word.lower()
    word = unicodedata.normalize("NFKD", word.translate(_FOLD_TABLE))
    word = "".join(c for c in word if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", word).casefold()


def normalize(name: str) -> str:
    """NAME as an index key: its words folded and joined by single spaces."""
    if name.isascii() and "'" not in name and "`" not in name:
        return " ".join(_ASCII_WORD.findall(name.lower()))
    words = []
    for word in TOKEN.findall(name):
        if len(word) > 3 and word[-1] in "sS" and word[-2] in "'’ʼ`":
            word = word[:-2]
        words.append(fold(word))
    return " ".join(words)


# Letter groups of romanised Ukrainian and Russian names, rare in English words.
TRANSLITERATED = re.compile(
    r"kh|zh|ts\B|y[aeiouy]|[aeiou]y[^aeiouy\s]|ii|[oe]vka|ivka|sk(?:yi|iy|y|i|e|a)?\b|[oei]v\b")
_DOUBLE = re.compile(r"(.)\1+")
_IOTATED = re.compile(r"i([aeou])")
_OVKA = re.compile(r"ovka\b")
_YJ = str.maketrans("yj", "ii")


def skeleton(key: str) -> str:
    """A coarser key on which transliteration variants meet: Pervyi/Pervy/Pervyy, -ovka/-ivka."""
    key = key.replace("shch", "sh").replace("zhzh", "zh").replace("kh", "h").translate(_YJ)
    key = _IOTATED.sub(r"\1", _DOUBLE.sub(r"\1", key))
    return _OVKA.sub("ivka", key)



def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")


def display_name(name: str) -> str:
    """A GeoNames name without apostrophes and diacritics ("Ryazan’" -> "Ryazan", "Orël" -> "Orel")."""
    if name.isascii() and "'" not in name and "`" not in name:
        return name
    name = unicodedata.normalize("NFKD", name.translate(_FOLD_TABLE))
    return _APOSTROPHES.sub("", "".join(c for c in name if not unicodedata.combining(c)))


_LATIN_NAME = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ɏ][\x20-\x2f\x3a-\u024f\u02bc\u2019]{3,}")


def usable_alternate(alt: str) -> bool:
    """A GeoNames alternate name worth indexing: a capitalised Latin-script name, not a code."""
    return _LATIN_NAME.fullmatch(alt) is not None and not (len(alt) <= 5 and alt.isupper())


def without_article(key: str, articles: frozenset[str]) -> str:
    """An Arabic name's key without its leading article, "al" for an inner one ("al qamishli" ->
    "qamishli", "deir el balah" -> "deir al balah")."""
    words = key.split(" ")
    if len(words) > 1 and words[0] in articles:
        words = words[1:]
    return " ".join("al" if w in articles and i + 1 < len(words) else w for i, w in enumerate(words))


def strip_the(key: str) -> str:
    return key[4:] if key.startswith("the ") and len(key) > 4 else key
