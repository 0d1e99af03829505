"""Reading whole items back: one for the reading pane, or all of them, streamed, for export.

Related rows (sources, occurrences, marks) are fetched for a batch of items at a time, so exporting
a large store costs a handful of queries per batch rather than per item.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from reader.model import DateMethod, Highlight, ItemDetail, Occurrence

BATCH = 500
_ITEM_COLUMNS = "id, title, body, date, date_method, place"


def resolve(conn: sqlite3.Connection, item_id: int) -> int | None:
    """The id ``item_id`` stands for now (itself, or the item it was merged into); None if unknown."""
    if conn.execute("SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone():
        return item_id
    row = conn.execute("SELECT item_id FROM item_aliases WHERE old_id = ?", (item_id,)).fetchone()
    return row[0] if row else None


def load_item(conn: sqlite3.Connection, item_id: int) -> ItemDetail | None:
    found = resolve(conn, item_id)
    if found is None:
        return None
    row = conn.execute(f"SELECT {_ITEM_COLUMNS} FROM items WHERE id = ?", (found,)).fetchone()
    return _details(conn, [row])[0]


def iter_export_rows(conn: sqlite3.Connection, batch: int = BATCH) -> Iterator[ItemDetail]:
    """Every item, ordered by date (undated first) then id, in batches of ``batch``."""
    cursor = conn.execute(f"SELECT {_ITEM_COLUMNS} FROM items ORDER BY date, id")
    while rows := cursor.fetchmany(batch):
        yield from _details(conn, rows)


def load_items(conn: sqlite3.Connection, ids: Sequence[int]) -> list[ItemDetail]:
    """The stored items among ``ids``, in that order."""
    rows = conn.execute(f"SELECT {_ITEM_COLUMNS} FROM items WHERE id IN ({','.join('?' * len(ids))})", ids)
    found = {detail.id: detail for detail in _details(conn, rows.fetchall())} if ids else {}
    return [found[i] for i in ids if i in found]


# An occurrence keeps its raw lines as what its own title and body do not hold: each line that is
# the next of those parts (the title, then the paragraphs) is stored as ``_PART`` alone; date lines,
# datelines and chrome inside the item stay as they were.
_PART = "\x1f"
_LITERAL = "\x1e"  # opens a kept line that starts with either of these two characters


def raw_rest(raw: str, title: str | None, body: str) -> str:
    """What ``rebuild_raw`` needs besides ``title`` and ``body`` to give ``raw`` back exactly."""
    parts = _parts(title, body)
    k = 0
    out = []
    for line in raw.split("\n"):
        if k < len(parts) and line == parts[k]:
            out.append(_PART)
            k += 1
        elif line[:1] in (_PART, _LITERAL):
            out.append(_LITERAL + line)
        else:
            out.append(line)
    return "\n".join(out)


def rebuild_raw(rest: str, title: str | None, body: str) -> str:
    """An occurrence's raw lines, from its stored ``rest`` (see ``raw_rest``) and its version."""
    parts = iter(_parts(title, body))
    out = []
    for line in rest.split("\n"):
        if line == _PART:
            out.append(next(parts))
        elif line[:1] == _LITERAL:
            out.append(line[1:])
        else:
            out.append(line)
    return "\n".join(out)


def _parts(title: str | None, body: str) -> list[str]:
    paragraphs = body.split("\n\n")
    return paragraphs if title is None else [title, *paragraphs]


def _unpack(blob: bytes | None, default: str) -> str:
    return default if blob is None else zlib.decompress(blob).decode("utf-8")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _method(text: str | None) -> DateMethod | None:
    return DateMethod(text) if text else None


def _details(conn: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> list[ItemDetail]:
    details = {
        row[0]: ItemDetail(
            id=row[0], title=row[1], body=row[2], date=_day(row[3]), date_method=_method(row[4]), place=row[5]
        )
        for row in rows
    }
    ids = tuple(details)
    marks = ",".join("?" * len(ids))

    def each(sql: str) -> list[tuple[Any, ...]]:
        return conn.execute(sql.format(ids=marks), ids).fetchall()

    for item_id, name in each(
        "SELECT s.item_id, src.name FROM item_sources s JOIN sources src ON src.id = s.source_id"
        " WHERE s.item_id IN ({ids}) ORDER BY src.name"
    ):
        details[item_id].sources.append(name)
    for item_id, *occ in each(
        "SELECT o.item_id, src.name, i.file_name, o.first_line, o.last_line, o.import_id, i.imported_at,"
        " o.title, o.body, o.date, o.date_method FROM occurrences o JOIN imports i ON i.id = o.import_id"
        " JOIN sources src ON src.id = i.source_id WHERE o.item_id IN ({ids})"
        " ORDER BY i.imported_at, o.import_id, o.first_line"
    ):
        source, file, first, last, import_id, imported_at, title, body, day, method = occ
        details[item_id].occurrences.append(
            Occurrence(
                source=source,
                file=file,
                line=first,
                last_line=last,
                import_id=import_id,
                imported_at=imported_at,
                title=title,
                body=_unpack(body, details[item_id].body),
                date=_day(day),
                date_method=_method(method),
            )
        )
    for (item_id,) in each("SELECT item_id FROM bookmarks WHERE item_id IN ({ids})"):
        details[item_id].bookmarked = True
    for item_id, body in each("SELECT item_id, body FROM notes WHERE item_id IN ({ids})"):
        details[item_id].note = body
    for item_id, name in each(
        "SELECT it.item_id, t.name FROM item_tags it JOIN tags t ON t.id = it.tag_id"
        " WHERE it.item_id IN ({ids}) ORDER BY t.name COLLATE NOCASE"
    ):
        details[item_id].tags.append(name)
    highlights: dict[int, list[Highlight]] = defaultdict(list)
    for item_id, *h in each(
        "SELECT item_id, id, quote, prefix, suffix, start, end, color, note FROM highlights"
        " WHERE item_id IN ({ids}) ORDER BY start IS NULL, start, id"
    ):
        highlights[item_id].append(Highlight(*h))
    for item_id, found in highlights.items():
        details[item_id].highlights = found
    return list(details.values())
