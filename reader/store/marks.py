"""The user's own marks on items: bookmarks, notes, tags and highlights.

Imports never write these tables except to carry marks over when items are folded together. Every
function resolves aliases, so an id of an item that was merged into another keeps working, runs in
one transaction and returns the ``Changes`` it made.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection, Iterable
from datetime import UTC, datetime

from reader.model import DEFAULT_HIGHLIGHT_COLOR, Changes, Highlight, UnknownItem, UserError
from reader.store.db import transaction
from reader.store.items import resolve

# Characters of text kept before and after a highlight's quote, to find it again (W3C's
# TextQuoteSelector prefix and suffix).
CONTEXT = 32
# A highlight whose context changed is placed again only where its quote and the context still
# around it are this many characters: fewer could be other words that read the same.
SURE_CHARS = 40


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
    name = _name(name)
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
    name = _name(name)
    with transaction(conn):
        item_id = _item(conn, item_id)
        removed = conn.execute(
            "DELETE FROM item_tags WHERE item_id = ? AND tag_id IN (SELECT id FROM tags WHERE name = ?)",
            (item_id, name),
        ).rowcount
    return Changes(annotations=frozenset({item_id}), tags=True) if removed else Changes()


def tag_items(
    conn: sqlite3.Connection, item_ids: Collection[int], add: Iterable[str] = (), remove: Iterable[str] = ()
) -> Changes:
    """Add the tags ``add`` to every item of ``item_ids`` and take ``remove`` off them, at once."""
    adding, removing = _names(add), _names(remove)
    touched: set[int] = set()
    created = False
    with transaction(conn):
        ids = sorted({_item(conn, i) for i in item_ids})
        for name in adding:
            created |= conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,)).rowcount > 0
            (tag_id,) = conn.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()
            for item_id in ids:
                sql = "INSERT OR IGNORE INTO item_tags (item_id, tag_id) VALUES (?, ?)"
                if conn.execute(sql, (item_id, tag_id)).rowcount:
                    touched.add(item_id)
        for name in removing:
            for item_id in ids:
                sql = "DELETE FROM item_tags WHERE item_id = ? AND tag_id IN (SELECT id FROM tags WHERE name = ?)"
                if conn.execute(sql, (item_id, name)).rowcount:
                    touched.add(item_id)
    return Changes(annotations=frozenset(touched), tags=True) if touched or created else Changes()


def rename_tag(conn: sqlite3.Connection, old: str, new: str) -> Changes:
    """Rename a tag everywhere; renaming it to another tag's name makes the two one tag."""
    old, new = _name(old), _name(new)
    if not new:
        raise UserError("a tag needs a name")
    with transaction(conn):
        old_id = _tag_id(conn, old)
        items = _tagged(conn, old_id)
        other = conn.execute("SELECT id FROM tags WHERE name = ?", (new,)).fetchone()
        if other is None or other[0] == old_id:
            conn.execute("UPDATE tags SET name = ? WHERE id = ?", (new, old_id))
        else:
            conn.execute(
                "INSERT OR IGNORE INTO item_tags (item_id, tag_id) SELECT item_id, ? FROM item_tags"
                " WHERE tag_id = ?",
                (other[0], old_id),
            )
            conn.execute("DELETE FROM tags WHERE id = ?", (old_id,))
    return Changes(annotations=items, tags=True)


def delete_tag(conn: sqlite3.Connection, name: str) -> Changes:
    """Delete a tag and take it off every item that had it."""
    with transaction(conn):
        tag_id = _tag_id(conn, _name(name))
        items = _tagged(conn, tag_id)
        conn.execute("DELETE FROM item_tags WHERE tag_id = ?", (tag_id,))
        conn.execute("DELETE FROM tags WHERE id = ?", (tag_id,))
    return Changes(annotations=items, tags=True)


def _name(name: str) -> str:
    return " ".join(name.split())


def _names(names: Iterable[str]) -> list[str]:
    """The names given, each once (ignoring case, as the tags table does), blank ones left out."""
    unique: dict[str, str] = {}
    for name in map(_name, names):
        if name:
            unique.setdefault(name.casefold(), name)
    return list(unique.values())


def _tag_id(conn: sqlite3.Connection, name: str) -> int:
    row = conn.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise UserError(f"there is no tag {name!r}")
    tag_id: int = row[0]
    return tag_id


def _tagged(conn: sqlite3.Connection, tag_id: int) -> frozenset[int]:
    return frozenset(i for (i,) in conn.execute("SELECT item_id FROM item_tags WHERE tag_id = ?", (tag_id,)))


def add_highlight(
    conn: sqlite3.Connection,
    item_id: int,
    quote: str,
    *,
    prefix: str = "",
    suffix: str = "",
    start: int | None = None,
    end: int | None = None,
    color: str = DEFAULT_HIGHLIGHT_COLOR,
    note: str = "",
) -> Changes:
    """Highlight ``quote`` in the item's body, at ``start`` when it stands there, else where it fits
    ``prefix`` and ``suffix`` best. A quote that is not in the body is refused (``UserError``)."""
    if not quote.strip():
        raise UserError("a highlight needs some text")
    with transaction(conn):
        item_id = _item(conn, item_id)
        body = _body(conn, item_id)
        span = anchor(body, quote, prefix, suffix, start)
        if start is not None and end is not None and _stands_at(body, quote, start, end):
            span = (start, end)
        if span is None:
            raise UserError(f"the quote {_short(quote)!r} is not in the text of item {item_id}")
        insert_highlight(conn, item_id, body, quote, span, color=color, note=note, created=now())
    return Changes(annotations=frozenset({item_id}))


def insert_highlight(
    conn: sqlite3.Connection,
    item_id: int,
    body: str,
    quote: str,
    span: tuple[int, int] | None,
    *,
    color: str,
    note: str,
    created: str,
    prefix: str = "",
    suffix: str = "",
    highlight_id: int | None = None,
) -> int:
    """Store a highlight at ``span`` of ``body``, its quote and context taken from the body there
    (an orphan, with no span, keeps the ``quote``, ``prefix`` and ``suffix`` it came with), under
    ``highlight_id`` when given, else a new id."""
    start, end = span or (None, None)
    if start is not None and end is not None:
        quote, prefix, suffix = (
            body[start:end],
            body[max(0, start - CONTEXT) : start],
            body[end : end + CONTEXT],
        )
    cursor = conn.execute(
        "INSERT INTO highlights (id, item_id, quote, prefix, suffix, start, end, color, note, created)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            highlight_id,
            item_id,
            quote,
            prefix,
            suffix,
            start,
            end,
            color or DEFAULT_HIGHLIGHT_COLOR,
            note,
            created,
        ),
    )
    return int(cursor.lastrowid or 0)


def update_highlight(
    conn: sqlite3.Connection, highlight_id: int, *, color: str | None = None, note: str | None = None
) -> Changes:
    """Change a highlight's colour or comment (None leaves it as it is)."""
    with transaction(conn):
        row = conn.execute("SELECT item_id FROM highlights WHERE id = ?", (highlight_id,)).fetchone()
        if row is None:
            raise UserError(f"highlight {highlight_id} does not exist")
        changed = conn.execute(
            "UPDATE highlights SET color = coalesce(?, color), note = coalesce(?, note)"
            " WHERE id = ? AND (color != coalesce(?, color) OR note != coalesce(?, note))",
            (color or None, note, highlight_id, color or None, note),
        ).rowcount
    return Changes(annotations=frozenset({row[0]})) if changed else Changes()


def _body(conn: sqlite3.Connection, item_id: int) -> str:
    body: str = conn.execute("SELECT body FROM items WHERE id = ?", (item_id,)).fetchone()[0]
    return body


def _stands_at(body: str, quote: str, start: int, end: int) -> bool:
    return 0 <= start < end and body[start:end] == quote


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def remove_highlight(conn: sqlite3.Connection, highlight_id: int) -> Changes:
    with transaction(conn):
        row = conn.execute("SELECT item_id FROM highlights WHERE id = ?", (highlight_id,)).fetchone()
        if row is None:
            return Changes()
        conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
    return Changes(annotations=frozenset({row[0]}))


def restore_highlight(conn: sqlite3.Connection, item_id: int, highlight: Highlight) -> Changes:
    """Put back a removed highlight as it was, under its own id while no other highlight has taken
    it, so that what names it (an undo history) finds it again. It is anchored as ``reanchor``
    would anchor it on the item's text now, or kept as an orphan."""
    with transaction(conn):
        item_id = _item(conn, item_id)
        body = _body(conn, item_id)
        h = highlight
        taken = conn.execute("SELECT 1 FROM highlights WHERE id = ?", (h.id,)).fetchone() is not None
        insert_highlight(
            conn,
            item_id,
            body,
            h.quote,
            find_again(body, h.quote, h.prefix, h.suffix, h.start),
            color=h.color,
            note=h.note,
            created=now(),
            prefix=h.prefix,
            suffix=h.suffix,
            highlight_id=None if taken else h.id,
        )
    return Changes(annotations=frozenset({item_id}))


def reanchor(conn: sqlite3.Connection, item_id: int, body: str) -> bool:
    """Find each highlight of the item again in its new ``body``; say whether any moved or was lost.

    A highlight is found again only where it surely stands on the same words (see ``find_again``);
    otherwise it becomes an orphan with no offsets, keeping its quote and comment: a highlight must
    neither vanish nor land on other words. An orphan whose quote comes back is placed again.
    """
    rows = conn.execute(
        "SELECT id, quote, prefix, suffix, start, end FROM highlights WHERE item_id = ?", (item_id,)
    ).fetchall()
    moved: list[tuple[int | None, int | None, str, str, int]] = []
    for highlight_id, quote, prefix, suffix, start, end in rows:
        span = find_again(body, quote, prefix, suffix, start)
        if span is None:
            if start is not None:
                moved.append((None, None, prefix, suffix, highlight_id))
            continue
        if span != (start, end):
            s, e = span
            moved.append((s, e, body[max(0, s - CONTEXT) : s], body[e : e + CONTEXT], highlight_id))
    conn.executemany("UPDATE highlights SET start = ?, end = ?, prefix = ?, suffix = ? WHERE id = ?", moved)
    return bool(moved)


def find_again(
    body: str, quote: str, prefix: str, suffix: str, hint_start: int | None = None
) -> tuple[int, int] | None:
    """Where a stored highlight stands in a changed ``body``, or None when that is not sure.

    Sure means: the quote (exactly, or differing only in white space and case) with its stored
    context intact on both sides, the one nearest the old place if several are; or else the one
    place that keeps the most of its context, when the quote and that context together are at least
    ``SURE_CHARS`` long. A short quote whose surroundings changed could be other words that read the
    same, so it is not placed.
    """
    spans = _exact_spans(body, quote) or _loose_spans(body, quote)
    context = {span: _context(body, span, prefix, suffix) for span in spans}
    intact = [span for span, kept in context.items() if kept == len(prefix) + len(suffix)]
    if intact:
        return min(intact, key=lambda s: (abs(s[0] - hint_start) if hint_start is not None else 0, s[0]))
    ranked = sorted(spans, key=lambda span: -context[span])
    if not ranked or (len(ranked) > 1 and context[ranked[0]] == context[ranked[1]]):
        return None
    best = ranked[0]
    return best if best[1] - best[0] + context[best] >= SURE_CHARS else None


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
        distance = abs(span[0] - hint_start) if hint_start is not None else 0
        return (-_context(body, span, prefix, suffix), distance, span[0])

    return min(spans, key=fit)


def _context(body: str, span: tuple[int, int], prefix: str, suffix: str) -> int:
    """How many characters of ``prefix`` and ``suffix`` stand around ``span`` in ``body``."""
    start, end = span
    return _common_tail(body[:start], prefix) + _common_head(body[end:], suffix)


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
