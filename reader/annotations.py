"""A user's annotations out to JSON, Markdown or CSV, and back in from JSON: pure functions over
``MarkedItem`` and ``ItemMarks``.

The JSON file names each item by its text (``urn:dump-reader:text:`` and a hash of the normalised
title and text) and carries the text itself, so another store can find the item however it numbers
its rows; each highlight is a W3C Web Annotation (https://www.w3.org/TR/annotation-model/) whose
target holds a TextQuoteSelector (the quote with the text around it) and, while the quote stands in
the text, a TextPositionSelector. README.md shows an example.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from reader import __version__
from reader.export import CSV_BOM, highlights_markdown, markdown_text, spreadsheet_safe
from reader.model import (
    DEFAULT_HIGHLIGHT_COLOR,
    Highlight,
    ItemMarks,
    MarkedItem,
    QuoteMark,
    UserError,
    first_words,
)

FORMAT = "dump-reader-annotations"
VERSION = 1
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ITEM_URN = "urn:dump-reader:text:"
EXCERPT_WORDS = 40
# Excel reads a CSV file as the system's ANSI code page unless it opens with a byte-order mark.
# A cell starting with one of these is a formula to a spreadsheet; a leading apostrophe keeps it
# text (https://owasp.org/www-community/attacks/CSV_Injection).
CSV_COLUMNS = (
    "kind",
    "item",
    "title",
    "date",
    "sources",
    "tags",
    "bookmarked",
    "text",
    "comment",
    "colour",
    "in_text",
)


def excerpt(body: str) -> str:
    return first_words(body, EXCERPT_WORDS)


# JSON.


def as_json(marked: Iterable[MarkedItem], generated: datetime | None = None) -> dict[str, Any]:
    when = (generated or datetime.now(UTC)).isoformat(timespec="seconds")
    return {
        "format": FORMAT,
        "version": VERSION,
        "generator": f"Dump Reader {__version__}",
        "generated": when,
        "items": [item_record(m) for m in marked],
    }


def item_record(marked: MarkedItem) -> dict[str, Any]:
    item, urn = marked.detail, ITEM_URN + marked.key
    return {
        "id": urn,
        "title": item.title,
        "date": item.date.isoformat() if item.date else None,
        "sources": list(item.sources),
        "excerpt": excerpt(item.body),
        "text": item.body,
        "bookmarked": item.bookmarked,
        "tags": list(item.tags),
        "note": item.note,
        "highlights": [highlight_annotation(urn, h) for h in item.highlights],
    }


def highlight_annotation(urn: str, h: Highlight) -> dict[str, Any]:
    """A highlight as a W3C Web Annotation on the item named ``urn``."""
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": h.quote, "prefix": h.prefix, "suffix": h.suffix}
    ]
    if h.start is not None and h.end is not None:
        selectors.append({"type": "TextPositionSelector", "start": h.start, "end": h.end})
    annotation: dict[str, Any] = {"@context": W3C_CONTEXT, "type": "Annotation", "motivation": "highlighting"}
    if h.note:
        annotation["body"] = {
            "type": "TextualBody",
            "purpose": "commenting",
            "value": h.note,
            "format": "text/plain",
        }
    annotation["target"] = {"source": urn, "styleClass": h.color, "selector": selectors}
    return annotation


def write_json(marked: Iterable[MarkedItem], out: TextIO) -> int:
    document = as_json(marked)
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(document["items"])


def read_json(text: str, name: str) -> list[ItemMarks]:
    """The marks of an export; ``UserError`` naming ``name`` and the place when it is not one."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(f"{name}: not JSON ({error.msg}, line {error.lineno})") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UserError(f"{name}: not an export of Dump Reader annotations")
    if document.get("version") != VERSION:
        raise UserError(
            f"{name}: version {document.get('version')!r} of the format is not one this reader knows"
        )
    records = document.get("items")
    if not isinstance(records, list):
        raise UserError(f"{name}: no list of items")
    return [_item_marks(record, f"{name}: item {n}") for n, record in enumerate(records, 1)]


def _item_marks(record: object, where: str) -> ItemMarks:
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise UserError(f"{where} has no text")
    ident = record.get("id")
    key = ident.removeprefix(ITEM_URN) if isinstance(ident, str) and ident.startswith(ITEM_URN) else ""
    title = record.get("title")
    tags = record.get("tags") or []
    highlights = record.get("highlights") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise UserError(f"{where}: tags are not a list of names")
    if not isinstance(highlights, list):
        raise UserError(f"{where}: highlights are not a list")
    return ItemMarks(
        key=key,
        title=title if isinstance(title, str) else None,
        text=record["text"],
        bookmarked=record.get("bookmarked") is True,
        note=_text(record.get("note"), f"{where}: note"),
        tags=tuple(tags),
        highlights=tuple(_quote_mark(h, f"{where}, highlight {n}") for n, h in enumerate(highlights, 1)),
    )


def _quote_mark(annotation: object, where: str) -> QuoteMark:
    if not isinstance(annotation, dict) or not isinstance(target := annotation.get("target"), dict):
        raise UserError(f"{where} has no target")
    found = target.get("selector")
    selectors = [s for s in (found if isinstance(found, list) else [found]) if isinstance(s, dict)]
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    if quote is None or not isinstance(quote.get("exact"), str) or not quote["exact"].strip():
        raise UserError(f"{where} has no TextQuoteSelector with the quoted text")
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), {})
    start, end = position.get("start"), position.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        start = end = None
    color = target.get("styleClass")
    return QuoteMark(
        quote=quote["exact"],
        prefix=_text(quote.get("prefix"), f"{where}: prefix"),
        suffix=_text(quote.get("suffix"), f"{where}: suffix"),
        start=start,
        end=end,
        color=color if isinstance(color, str) and color.strip() else DEFAULT_HIGHLIGHT_COLOR,
        comment=_comment(annotation.get("body"), where),
    )


def _comment(body: object, where: str) -> str:
    """The commenting text of an annotation's body (one body or a list of them)."""
    bodies = body if isinstance(body, list) else [body] if body is not None else []
    texts = [
        _text(b.get("value"), f"{where}: comment")
        for b in bodies
        if isinstance(b, dict) and b.get("purpose", "commenting") == "commenting"
    ]
    return "\n\n".join(t for t in texts if t)


def _text(value: object, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise UserError(f"{where} is not text")
    return value


# Markdown.


def as_markdown(marked: MarkedItem) -> str:
    """One item's marks as a report section: heading, date and sources, an excerpt, the note, and
    each highlight as a quote with its comment."""
    item = marked.detail
    about = [item.date.isoformat() if item.date else "", ", ".join(item.sources)]
    if item.bookmarked:
        about.append("bookmarked")
    if item.tags:
        about.append("tags: " + ", ".join(item.tags))
    parts = [
        f"## {markdown_text(item.heading)}",
        f"*{markdown_text(' · '.join(filter(None, about)))}*",
        markdown_text(excerpt(item.body)),
    ]
    if item.note:
        parts.append(f"**Note:** {markdown_text(item.note)}")
    return "\n\n".join(parts) + "\n\n" + highlights_markdown(item.highlights)


def write_markdown(marked: Iterable[MarkedItem], out: TextIO) -> int:
    out.write("# Annotations\n\n")
    return _stream(marked, lambda m: out.write(as_markdown(m)))


# CSV.


def csv_rows(marked: MarkedItem) -> list[dict[str, str]]:
    """One row per note and per highlight of the item; one for the item alone when it has only a
    bookmark or tags."""
    item = marked.detail
    common = {
        "item": ITEM_URN + marked.key,
        "title": item.heading,
        "date": item.date.isoformat() if item.date else "",
        "sources": "; ".join(item.sources),
        "tags": "; ".join(item.tags),
        "bookmarked": "yes" if item.bookmarked else "",
    }
    rows = [{**common, "kind": "note", "text": item.note}] if item.note else []
    rows += [
        {
            **common,
            "kind": "highlight",
            "text": h.quote,
            "comment": h.note,
            "colour": h.color,
            "in_text": "yes" if h.start is not None else "no",
        }
        for h in item.highlights
    ]
    if not rows:
        rows = [{**common, "kind": "item", "text": excerpt(item.body)}]
    return [{column: spreadsheet_safe(row.get(column, "")) for column in CSV_COLUMNS} for row in rows]


def write_csv(marked: Iterable[MarkedItem], out: TextIO) -> int:
    out.write(CSV_BOM)
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    return _stream(marked, lambda m: writer.writerows(csv_rows(m)))


def _stream(marked: Iterable[MarkedItem], write: Callable[[MarkedItem], object]) -> int:
    count = 0
    for m in marked:
        write(m)
        count += 1
    return count


WRITERS: dict[str, Callable[[Iterable[MarkedItem], TextIO], int]] = {
    "json": write_json,
    "md": write_markdown,
    "csv": write_csv,
}
FORMATS = tuple(WRITERS)
