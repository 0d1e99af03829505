"""Word stems for the search: Snowball's Russian stemmer for Cyrillic words, its English one for the
rest, so that a search for ``минск`` finds "Минске" and ``meeting`` finds "meetings".

The same function stems the text the full-text index holds and the words a user types, so both sides
always agree. Words are split as FTS5's unicode61 tokenizer splits them (letters and digits; the
underscore separates words).
"""

from __future__ import annotations

import re

import Stemmer

WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_STEMMERS = {"ru": Stemmer.Stemmer("russian"), "en": Stemmer.Stemmer("english")}
# News repeats a vocabulary of some tens of thousands of words; names make it grow without end, so
# the cache is emptied when full rather than kept in order.
_CACHE_SIZE = 200_000
_cache: dict[str, str] = {}


def stem(word: str) -> str:
    """The stem of one lower-case word; the language is chosen by its script."""
    found = _cache.get(word)
    if found is None:
        language = "ru" if _CYRILLIC.search(word) else "en"
        found = _STEMMERS[language].stemWord(word)
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[word] = found
    return found


def stems(text: str | None) -> str:
    """``text`` as the stems of its words, separated by spaces, in order (empty for None)."""
    if not text:
        return ""
    return " ".join(map(stem, WORD.findall(text.lower())))
