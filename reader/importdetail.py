"""How one file was split, worded for people: its items with their dates and how each date was
found, then the lines dropped as site chrome and why.

The wizard's preview and ``reader import -v`` show the same lines; the wizard passes its ``tr`` so
that they read in the user's language, the command line passes none and reads English. No Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reader.model import ChromeLine, DateMethod, PreviewItem

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


def how_dated(method: DateMethod, tr: Translate = _same) -> str:
    return {
        DateMethod.LINE: tr("date line"),
        DateMethod.DATELINE: tr("dateline"),
        DateMethod.TEXT: tr("a date in the text"),
        DateMethod.INFERRED: tr("year inferred"),
    }[method]


def why_dropped(reason: str, tr: Translate = _same) -> str:
    """The engine's reason for dropping a line, in words; a reason without words of its own as it is."""
    words = {
        "header": tr("header zone"),
        "label": tr("label at the page's edge"),
        "boilerplate": tr("boilerplate of this source"),
        "list heading": tr("list heading"),
        "navigation": tr("navigation"),
        "furniture": tr("page furniture"),
        "date without an item": tr("date without an item"),
        "timed headline": tr("headline of a news feed"),
    }
    return words.get(reason, reason)


def detail_lines(
    items: Sequence[PreviewItem], chrome: Sequence[ChromeLine], tr: Translate = _same
) -> list[str]:
    """One line per item (its lines, date and how it was found), its title and first words
    indented below, then the dropped lines with their numbers and reasons."""
    out = []
    for item in items:
        day = item.date.isoformat() if item.date else tr("no date")
        how = f" ({how_dated(item.date_method, tr)})" if item.date_method else ""
        out.append(f"{item.first_line}–{item.last_line}  {day}{how}")
        out.append(f"    {item.title or item.lead}")
        if item.title:
            out.append(f"    {item.lead}")
    if chrome:
        out += ["", tr("Dropped as site chrome:")]
        out += [f"{line.line}  {line.text}    [{why_dropped(line.reason, tr)}]" for line in chrome]
    return out
