"""Reads of the user's marks: the notes and highlights a panel lists, the marked items an export of
annotations writes, and the selection of items an export of items writes."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator
from datetime import date

from reader.model import (
    Annotation,
    AnnotationFilter,
    Highlight,
    ItemDetail,
    MarkedItem,
    Selection,
    UserError,
    first_words,
)
from reader.store.conditions import ANNOTATED, BOOKMARKED, MATCHED
from reader.store.db import chunks, placeholders
from reader.store.fts import match_expression
from reader.store.items import BATCH, load_items

MARKED = f"({BOOKMARKED} OR {ANNOTATED} OR i.id IN (SELECT item_id FROM item_tags))"
_TAGGED = "i.id IN (SELECT it.item_id FROM item_tags it JOIN tags t ON t.id = it.tag_id WHERE t.name = ?)"
_FROM_SOURCE = "i.id IN (SELECT item_id FROM item_sources WHERE source_id = ?)"


def text_key(key: int) -> str:
    """An item's text key (a signed 64-bit hash of its normalised text) as 16 hex digits."""
    return f"{key & 0xFFFF_FFFF_FFFF_FFFF:016x}"


def list_annotations(conn: sqlite3.Connection, flt: AnnotationFilter) -> list[Annotation]:
    """The notes and highlights ``flt`` asks for: newest item first, then each item's note and its
    highlights in the order of the text, orphans last."""
    notes: dict[int, str] = {}
    if not flt.color:  # a colour is a highlight's: it keeps no note
        where, params = _marks_of(flt, "n.item_id")
        notes = dict(conn.execute(f"SELECT n.item_id, n.body FROM notes n WHERE {where}", params).fetchall())
    marks: dict[int, list[Highlight]] = {}
    where, params = _marks_of(flt, "h.item_id")
    if flt.color:
        where, params = f"{where} AND h.color = ?", [*params, flt.color]
    sql = (
        "SELECT h.item_id, h.id, h.quote, h.prefix, h.suffix, h.start, h.end, h.color, h.note"
        f" FROM highlights h WHERE {where}"
    )
    for item_id, *fields in conn.execute(sql, params):
        marks.setdefault(item_id, []).append(Highlight(*fields))
    for highlights in marks.values():
        highlights.sort(key=lambda h: (h.start is None, h.start or 0, h.id))
    wanted = flt.text.casefold().strip()
    found: list[Annotation] = []
    for item_id, heading, day, tags in _items(conn, {*notes, *marks}):
        note = notes.get(item_id)
        listed = (
            [Annotation(item_id, heading, day, tags, note=note)] if note is not None and note.strip() else []
        )
        listed += [Annotation(item_id, heading, day, tags, highlight=h) for h in marks.get(item_id, [])]
        found += [a for a in listed if a.mentions(wanted)] if wanted else listed
    return found


def _marks_of(flt: AnnotationFilter, item: str) -> tuple[str, list[object]]:
    """The condition on the marks' ``item`` column that ``flt``'s item and tag make. The marks are
    asked by their item ids alone: joining the items would read the pages of their text."""
    clauses, params = ["1"], list[object]()
    if flt.item_id is not None:
        clauses.append(f"{item} = ?")
        params.append(flt.item_id)
    if flt.tag is not None:
        clauses.append(
            f"{item} IN (SELECT it.item_id FROM item_tags it JOIN tags t ON t.id = it.tag_id WHERE t.name = ?)"
        )
        params.append(" ".join(flt.tag.split()))
    return " AND ".join(clauses), params


def _items(
    conn: sqlite3.Connection, ids: set[int]
) -> Iterator[tuple[int, str, date | None, tuple[str, ...]]]:
    """Each item's heading, date and tags, newest first."""
    ordered = sorted(ids)
    rows: list[tuple[int, str | None, str, str | None]] = []
    tags: dict[int, list[str]] = {}
    for at in range(0, len(ordered), BATCH):
        chunk = ordered[at : at + BATCH]
        marks = ",".join("?" * len(chunk))
        rows += conn.execute(
            f"SELECT id, title, body, date FROM items WHERE id IN ({marks})", chunk
        ).fetchall()
        for item_id, name in conn.execute(
            f"SELECT it.item_id, t.name FROM item_tags it JOIN tags t ON t.id = it.tag_id"
            f" WHERE it.item_id IN ({marks}) ORDER BY t.name COLLATE NOCASE",
            chunk,
        ):
            tags.setdefault(item_id, []).append(name)
    rows.sort(key=lambda r: (r[3] or "", r[0]), reverse=True)
    for item_id, title, body, day in rows:
        heading = (title or "").strip() or first_words(body)
        yield item_id, heading, date.fromisoformat(day) if day else None, tuple(tags.get(item_id, ()))


def marked_items(conn: sqlite3.Connection) -> Iterator[MarkedItem]:
    """Every item with a bookmark, a tag, a note or a highlight, oldest first, with its text key."""
    keys = dict(conn.execute(f"SELECT i.id, i.text_key FROM items i WHERE {MARKED} ORDER BY i.date, i.id"))
    ids = list(keys)
    for at in range(0, len(ids), BATCH):
        for detail in load_items(conn, ids[at : at + BATCH]):
            yield MarkedItem(text_key(keys[detail.id]), detail)


def selected_ids(conn: sqlite3.Connection, selection: Selection) -> list[int]:
    """The ids of the items ``selection`` keeps, oldest first (undated ones first)."""
    clauses: list[str] = []
    params: list[object] = []
    if selection.bookmarked:
        clauses.append(BOOKMARKED)
    if selection.annotated:
        clauses.append(ANNOTATED)
    if selection.tag is not None:
        name = " ".join(selection.tag.split())
        if conn.execute("SELECT 1 FROM tags WHERE name = ?", (name,)).fetchone() is None:
            raise UserError(f"there is no tag {name!r}")
        clauses.append(_TAGGED)
        params.append(name)
    if selection.source is not None:
        clauses.append(_FROM_SOURCE)
        params.append(_source_id(conn, selection.source))
    if selection.since is not None:
        clauses.append("i.date >= ?")
        params.append(selection.since.isoformat())
    if selection.query is not None:
        clauses.append(MATCHED)
        params.append(match_expression(selection.query))
    where = " AND ".join(clauses) or "1"
    return [
        i for (i,) in conn.execute(f"SELECT i.id FROM items i WHERE {where} ORDER BY i.date, i.id", params)
    ]


def _source_id(conn: sqlite3.Connection, name: str) -> int:
    rows = conn.execute("SELECT id, name FROM sources").fetchall()
    wanted = name.strip().casefold()
    for source_id, stored in rows:
        if stored.casefold() == wanted:
            found: int = source_id
            return found
    raise UserError(f"there is no source {name!r}")


def selected_items(conn: sqlite3.Connection, selection: Selection) -> Iterator[ItemDetail]:
    ids = selected_ids(conn, selection)
    for at in range(0, len(ids), BATCH):
        yield from load_items(conn, ids[at : at + BATCH])


def tag_names(conn: sqlite3.Connection) -> list[str]:
    """Every tag's name, in alphabetical order ignoring case, used or not."""
    return [name for (name,) in conn.execute("SELECT name FROM tags ORDER BY name COLLATE NOCASE")]


def tags_of(conn: sqlite3.Connection, item_ids: Collection[int]) -> list[str]:
    """The names of the tags any of ``item_ids`` carry, in alphabetical order ignoring case."""
    names: set[str] = set()
    for chunk in chunks(sorted(set(item_ids))):
        names.update(
            name
            for (name,) in conn.execute(
                "SELECT DISTINCT t.name FROM item_tags it JOIN tags t ON t.id = it.tag_id"
                f" WHERE it.item_id IN ({placeholders(chunk)})",
                chunk,
            )
        )
    return sorted(names, key=str.casefold)
