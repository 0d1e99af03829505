"""The user's own marks on items: bookmarks, notes, tags and highlights.

Imports never write these tables except to carry marks over when items are folded together. Every
function resolves aliases, so an id of an item that was merged into another keeps working, runs in
one transaction and returns the ``Changes`` it made.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime

from reader.model import Changes, UnknownItem, UserError
from reader.store.db import transaction
from reader.store.items import resolve

DEFAULT_COLOR = "yellow"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _item(conn: sqlite3.Connection, item_id: int) -> int:
    found = resolve(conn, item_id)
    if found is None:
        raise UnknownItem(f"item {item_id} does not exist")
    return found


def set_bookmark(conn: sqlite3.Connection, item_id: int, on: bool = True) -> Changes:
    with transaction(conn):
        item_id = _item(conn, item_id)
        args: tuple[object, ...]
        if on:
            sql, args = "INSERT OR IGNORE INTO bookmarks (item_id, created) VALUES (?, ?)", (item_id, now())
        else:
            sql, args = "DELETE FROM bookmarks WHERE item_id = ?", (item_id,)
        changed = conn.execute(sql, args).rowcount > 0
    return Changes(annotations=frozenset({item_id})) if changed else Changes()


def set_note(conn: sqlite3.Connection, item_id: int, text: str) -> Changes:
    """Set the item's note; an empty (or blank) note deletes it."""
    with transaction(conn):
        item_id = _item(conn, item_id)
        if text.strip():
            conn.execute(
                "INSERT INTO notes (item_id, body, updated) VALUES (?, ?, ?)"
                " ON CONFLICT (item_id) DO UPDATE SET body = excluded.body, updated = excluded.updated",
                (item_id, text, now()),
            )
        else:
            conn.execute("DELETE FROM notes WHERE item_id = ?", (item_id,))
    return Changes(annotations=frozenset({item_id}))


def add_tag(conn: sqlite3.Connection, item_id: int, name: str) -> Changes:
    """Tag the item, creating the tag when it is new (tag names ignore case)."""
    name = " ".join(name.split())
    if not name:
        raise UserError("a tag needs a name")
    with transaction(conn):
        item_id = _item(conn, item_id)
        conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,))
        (tag_id,) = conn.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()
        conn.execute("INSERT OR IGNORE INTO item_tags (item_id, tag_id) VALUES (?, ?)", (item_id, tag_id))
    return Changes(annotations=frozenset({item_id}), tags=True)


def remove_tag(conn: sqlite3.Connection, item_id: int, name: str) -> Changes:
    """Untag the item; the tag itself stays, even when no item uses it."""
    name = " ".join(name.split())
    with transaction(conn):
        item_id = _item(conn, item_id)
        removed = conn.execute(
            "DELETE FROM item_tags WHERE item_id = ? AND tag_id IN (SELECT id FROM tags WHERE name = ?)",
            (item_id, name),
        ).rowcount
    return Changes(annotations=frozenset({item_id}), tags=True) if removed else Changes()


def add_highlight(
    conn: sqlite3.Connection,
    item_id: int,
    quote: str,
    *,
    prefix: str = "",
    suffix: str = "",
    start: int | None = None,
    end: int | None = None,
    color: str = DEFAULT_COLOR,
    note: str = "",
) -> Changes:
    """Highlight ``quote`` in the item's body, at ``start`` when it stands there, else where it fits."""
    if not quote.strip():
        raise UserError("a highlight needs some text")
    with transaction(conn):
        item_id = _item(conn, item_id)
        (body,) = conn.execute("SELECT body FROM items WHERE id = ?", (item_id,)).fetchone()
        if start is None or end is None or body[start:end] != quote:
            start, end = anchor(body, quote, prefix, suffix, start) or (None, None)
        conn.execute(
            "INSERT INTO highlights (item_id, quote, prefix, suffix, start, end, color, note, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (item_id, quote, prefix, suffix, start, end, color, note, now()),
        )
    return Changes(annotations=frozenset({item_id}))


def remove_highlight(conn: sqlite3.Connection, highlight_id: int) -> Changes:
    with transaction(conn):
        row = conn.execute("SELECT item_id FROM highlights WHERE id = ?", (highlight_id,)).fetchone()
        if row is None:
            return Changes()
        conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
    return Changes(annotations=frozenset({row[0]}))


def reanchor(conn: sqlite3.Connection, item_id: int, body: str) -> bool:
    """Find each highlight of the item again in its new ``body``; say whether any moved or was lost.

    A highlight whose quote is gone keeps its row with no offsets: the user's note must not vanish.
    """
    rows = conn.execute(
        "SELECT id, quote, prefix, suffix, start, end FROM highlights WHERE item_id = ?", (item_id,)
    ).fetchall()
    moved = []
    for highlight_id, quote, prefix, suffix, start, end in rows:
        span = anchor(body, quote, prefix, suffix, start) or (None, None)
        if span != (start, end):
            moved.append((*span, highlight_id))
    conn.executemany("UPDATE highlights SET start = ?, end = ? WHERE id = ?", moved)
    return bool(moved)


def anchor(
    body: str, quote: str, prefix: str = "", suffix: str = "", hint_start: int | None = None
) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``body``: the place whose surroundings best match ``prefix`` and
    ``suffix``, then the one nearest ``hint_start``. White space and case may differ when the exact
    quote is not there. None when the quote cannot be found."""
    if not quote.strip():
        return None
    spans = _exact_spans(body, quote) or _loose_spans(body, quote)
    if not spans:
        return None

    def fit(span: tuple[int, int]) -> tuple[int, int, int]:
        start, end = span
        context = _common_tail(body[:start], prefix) + _common_head(body[end:], suffix)
        distance = abs(start - hint_start) if hint_start is not None else 0
        return (-context, distance, start)

    return min(spans, key=fit)


def _exact_spans(body: str, quote: str) -> list[tuple[int, int]]:
    spans, at = [], body.find(quote)
    while at >= 0:
        spans.append((at, at + len(quote)))
        at = body.find(quote, at + 1)
    return spans


def _loose_spans(body: str, quote: str) -> list[tuple[int, int]]:
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    return [m.span() for m in re.finditer(pattern, body, re.IGNORECASE)]


def _common_tail(text: str, prefix: str) -> int:
    """How many characters at the end of ``text`` match the end of ``prefix``."""
    count = 0
    for a, b in zip(reversed(text), reversed(prefix), strict=False):
        if a != b:
            break
        count += 1
    return count


def _common_head(text: str, suffix: str) -> int:
    count = 0
    for a, b in zip(text, suffix, strict=False):
        if a != b:
            break
        count += 1
    return count
