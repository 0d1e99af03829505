"""Where sentences end: the one place the engine's modules ask.

A sentence ends at a full stop, a question or exclamation mark or an ellipsis, closed perhaps by
quotation marks or brackets. Colons and semicolons end a line's thought too (``Dear colleagues,``
does not, ``He said:`` does), which is what the checks of final punctuation count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

CLOSERS = "\"'»”’)]"
_FULL_STOP = "[.!?\u2026]"
_FINAL = re.compile(r"[.!?\u2026:;][\"'»”’)\]]*$")
_SENTENCE = re.compile(_FULL_STOP + r"[\"'»”’)\]]*$")
# The break between two sentences of a paragraph. Its closers are the ones dedup keys were first
# built with: stored keys depend on this split, so it must not change.
_BREAK = re.compile(r"(?<=[.!?\u2026])[\"')\]]*\s+")


def ends_with_punctuation(text: str) -> bool:
    """``text`` ends with sentence punctuation, a colon or a semicolon (closers allowed after it)."""
    return _FINAL.search(text) is not None


def ends_sentence(text: str) -> bool:
    """``text`` ends a whole sentence: a full stop, ? ! or … (closers allowed after it)."""
    return _SENTENCE.search(text) is not None


def split_sentences(text: str) -> list[str]:
    """The sentences of a paragraph, in order (the break's white space dropped)."""
    return _BREAK.split(text)


def sentence_breaks(text: str) -> Iterator[re.Match[str]]:
    """The breaks between the sentences of a paragraph (a closer and the white space after it)."""
    return _BREAK.finditer(text)
