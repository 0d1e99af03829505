"""Text to clean lines: line endings, Unicode NFC, spaces and hyphens that only look different,
invisible characters, trailing spaces, and paragraphs hard-wrapped at a fixed width re-joined."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from reader.ingest.sentences import CLOSERS, ends_with_punctuation

_CLEAN = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",  # figure space
        "\u202f": " ",  # narrow no-break space
        "\u2009": " ",  # thin space
        "\u3000": " ",
        "\t": " ",
        "\u2011": "-",  # non-breaking hyphen
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,  # word joiner
        "\ufeff": None,  # a byte-order mark left inside the text
        "\x0c": None,
    }
)


def translator(table: Mapping[int, str | int | None]) -> Callable[[str], str]:
    """``str.translate`` with ``table``, fast where few characters change.

    ``str.translate`` looks every character of a non-ASCII text up in the table (about 10 ms for
    a Russian page of 130,000 characters); a regex finds the few that change in a fifteenth of that.
    """
    mapping = {chr(k): chr(v) if isinstance(v, int) else v or "" for k, v in table.items()}
    chars = re.compile("[" + "".join(map(re.escape, mapping)) + "]")

    def replace(match: re.Match[str]) -> str:
        return mapping[match.group()]

    def translate(text: str) -> str:
        return chars.sub(replace, text)

    return translate


_clean_chars = translator(_CLEAN)
_SPACES = re.compile(r" {2,}")

# A dump is hard-wrapped when most of its long lines end within this many characters of the width.
_WRAP_SLACK = 12
_MAX_WRAP_WIDTH = 100
_MIN_WRAPPED_LINES = 4


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the dump after normalising; ``number`` is 1-based in the decoded file."""

    number: int
    text: str  # empty for a blank line
    end: int = 0  # the last physical line of a re-joined paragraph; 0 when it is ``number``

    @property
    def last(self) -> int:
        return self.end or self.number


def lines(text: str) -> list[Line]:
    """Split a decoded dump into normalised lines, re-joining hard-wrapped paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # ``clean`` once over the whole text: no step of it crosses or makes a line break.
    raw = unicodedata.normalize("NFC", _clean_chars(text)).split("\n")
    out = [
        Line(i, (_SPACES.sub(" ", line) if "  " in line else line).strip()) for i, line in enumerate(raw, 1)
    ]
    while out and not out[-1].text:
        out.pop()
    width = _wrap_width([line.text for line in out])
    return _unwrap(out, width) if width else out


def _wrap_width(texts: list[str]) -> int | None:
    """The width a dump was hard-wrapped at, or None when its lines were not wrapped."""
    lengths = [len(t) for t in texts if t]
    if len(lengths) < _MIN_WRAPPED_LINES:
        return None
    width = max(lengths)
    if width > _MAX_WRAP_WIDTH or width < 40:
        return None
    near = sum(1 for n in lengths if n >= width - _WRAP_SLACK)
    return width if near >= max(_MIN_WRAPPED_LINES - 1, len(lengths) * 0.4) else None


def _unwrap(lines_: list[Line], width: int) -> list[Line]:
    """Join a line that reaches the wrap width with the next one, when the next continues it."""
    out: list[Line] = []
    joining = False
    for line in lines_:
        if joining and line.text and _continues(out[-1].text, line.text):
            prev = out[-1]
            glue = "" if prev.text.endswith("-") and line.text[:1].islower() else " "
            out[-1] = Line(prev.number, prev.text + glue + line.text, line.number)
        else:
            out.append(line)
        # The physical line, not the joined paragraph, tells whether it was cut at the width.
        joining = len(line.text) >= width - _WRAP_SLACK
    return out


_DATE_START = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")


def _continues(previous: str, text: str) -> bool:
    """Whether ``text`` carries on the paragraph that ``previous`` (cut at the width) belongs to.

    A line cut at the width after a sentence and followed by a capital may as well be the end of
    its paragraph; only a lower-case start or an unfinished sentence shows a continuation.
    """
    if _DATE_START.match(text):
        return False
    return text[:1].islower() or not (ends_with_punctuation(previous) or previous.endswith(tuple(CLOSERS)))
