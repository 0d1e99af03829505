"""Items to JSON Lines, CSV or Markdown: pure functions over ``ItemDetail``, streamed to a text stream.

Dump text is data in every format: Markdown escapes markup, so ``<script>`` stays those characters
when the file is rendered, and CSV keeps a spreadsheet from running a cell as a formula.
"""

from __future__ import annotations

import csv
import html
import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from reader.model import Highlight, ItemDetail

LIST_SEPARATOR = "; "
# Excel reads a CSV file as the system's ANSI code page unless it opens with a byte-order mark.
CSV_BOM = "\ufeff"
# A cell starting with one of these is a formula to a spreadsheet (CSV injection); a leading
# apostrophe makes it text there (https://owasp.org/www-community/attacks/CSV_Injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "id",
    "title",
    "text",
    "date",
    "date_method",
    "place",
    "sources",
    "occurrences",
    "bookmarked",
    "note",
    "tags",
    "highlights",
    "seen",
)


def as_record(item: ItemDetail) -> dict[str, Any]:
    """The item as plain JSON values; ``text`` is the body, paragraphs separated by a blank line."""
    return {
        "id": item.id,
        "title": item.title,
        "text": item.body,
        "date": item.date.isoformat() if item.date else None,
        "date_method": item.date_method.value if item.date_method else None,
        "place": item.place,
        "sources": list(item.sources),
        "occurrences": [{"source": o.source, "file": o.file, "line": o.line} for o in item.occurrences],
        "bookmarked": item.bookmarked,
        "note": item.note,
        "tags": list(item.tags),
        "highlights": [{"quote": h.quote, "note": h.note, "color": h.color} for h in item.highlights],
        "seen": len(item.occurrences),
    }


def _stream(items: Iterable[ItemDetail], write: Callable[[ItemDetail], object]) -> int:
    """Write items one at a time, never holding more than one; return how many were written."""
    count = 0
    for item in items:
        write(item)
        count += 1
    return count


def write_jsonl(items: Iterable[ItemDetail], out: TextIO) -> int:
    return _stream(items, lambda item: out.write(json.dumps(as_record(item), ensure_ascii=False) + "\n"))


def as_csv_row(item: ItemDetail) -> dict[str, str]:
    """The item's CSV cells, each one safe to open in a spreadsheet."""
    return {column: spreadsheet_safe(cell) for column, cell in _csv_cells(item).items()}


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as a spreadsheet will show it, never run it: text that would start a formula gets
    a leading apostrophe."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _csv_cells(item: ItemDetail) -> dict[str, str]:
    record = as_record(item)
    return {
        **{k: "" if record[k] is None else str(record[k]) for k in ("id", "title", "text", "date")},
        "date_method": record["date_method"] or "",
        "place": record["place"] or "",
        "sources": LIST_SEPARATOR.join(item.sources),
        "occurrences": LIST_SEPARATOR.join(f"{o.source}/{o.file}:{o.line}" for o in item.occurrences),
        "bookmarked": "yes" if item.bookmarked else "",
        "note": item.note,
        "tags": LIST_SEPARATOR.join(item.tags),
        "highlights": LIST_SEPARATOR.join(
            f"{h.quote} ({h.note})" if h.note else h.quote for h in item.highlights
        ),
        "seen": str(record["seen"]),
    }


def write_csv(items: Iterable[ItemDetail], out: TextIO) -> int:
    out.write(CSV_BOM)
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    return _stream(items, lambda item: writer.writerow(as_csv_row(item)))


def as_markdown(item: ItemDetail) -> str:
    """The item as Markdown; its text is escaped, so a renderer shows markup in it as characters."""
    heading = item.heading
    about = " · ".join(filter(None, [item.date.isoformat() if item.date else "", ", ".join(item.sources)]))
    parts = [
        f"## {markdown_text(heading)}",
        f"*{markdown_text(about)}*" if about else "",
        markdown_text(item.body),
    ]
    if item.note:
        parts.append(f"**Note:** {markdown_text(item.note)}")
    if item.tags:
        parts.append("**Tags:** " + markdown_text(", ".join(item.tags)))
    return "\n\n".join(p for p in parts if p) + "\n\n"


def write_markdown(items: Iterable[ItemDetail], out: TextIO) -> int:
    return _stream(items, lambda item: out.write(as_markdown(item) + highlights_markdown(item.highlights)))


def highlights_markdown(highlights: Iterable[Highlight]) -> str:
    """Each highlight as a block quote, its comment and colour after it; a highlight whose words
    are no longer in the text says so."""
    parts = []
    for h in highlights:
        parts.append(quote_markdown(h.quote))
        about = f"*{h.color}*" + ("" if h.start is not None else ", *no longer in the text*")
        parts.append(f"**Comment** ({about}): {markdown_text(h.note)}" if h.note else f"({about})")
    return "".join(part + "\n\n" for part in parts)


def quote_markdown(text: str) -> str:
    """``text`` as a Markdown block quote, a blank quoted line between its paragraphs."""
    return "\n".join(f"> {line}".rstrip() for line in markdown_text(text).split("\n"))


def markdown_text(text: str) -> str:
    """Dump or user text for Markdown: a renderer passes HTML through and reads entities, so &, <
    and > are escaped to stay characters."""
    return html.escape(text, quote=False)


WRITERS: dict[str, Callable[[Iterable[ItemDetail], TextIO], int]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "md": write_markdown,
}
FORMATS = tuple(WRITERS)
