"""Applying an export of annotations to this store: each item found by its text, its marks merged
with those already there rather than added twice.

An item is found by its text key (the same normalised text), else as the dedup does it: an item
sharing a sentence start that contains the exported text, is contained in it, or is a near-duplicate
of it. A highlight is placed only where it surely stands on the same words (``marks.find_again``);
one that cannot be is kept as an orphan and reported.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from reader.ingest.dedup import Fingerprint, contains, near_duplicate
from reader.model import Changes, ItemMarks, MarksApplied, QuoteMark
from reader.store.db import chunks, placeholders, transaction
from reader.store.marks import find_again, insert_highlight, now

_KEY = re.compile(r"[0-9a-f]{16}")  # as ``marked.text_key`` writes it


def apply_marks(conn: sqlite3.Connection, exported: Iterable[ItemMarks]) -> MarksApplied:
    """Attach every item's marks of ``exported`` to its item in this store, in one transaction."""
    unmatched: list[ItemMarks] = []
    orphaned: list[tuple[int, QuoteMark]] = []
    touched: set[int] = set()
    matched = added = 0
    tags = False
    with transaction(conn):
        stamp = now()
        for marks in exported:
            item_id = find_item(conn, marks)
            if item_id is None:
                unmatched.append(marks)
                continue
            matched += 1
            count = _bookmark(conn, item_id, marks, stamp) + _note(conn, item_id, marks, stamp)
            tagged = _tags(conn, item_id, marks)
            placed, lost = _highlights(conn, item_id, marks, stamp)
            orphaned += [(item_id, mark) for mark in lost]
            count += tagged + placed
            tags |= tagged > 0
            if count:
                touched.add(item_id)
                added += count
    changes = Changes(annotations=frozenset(touched), tags=tags)
    return MarksApplied(changes, matched, tuple(unmatched), tuple(orphaned), added)


def find_item(conn: sqlite3.Connection, marks: ItemMarks) -> int | None:
    """The item of this store that ``marks`` were made on, or None."""
    fp = Fingerprint.of(marks.title, marks.text)
    keys = [fp.text_key]
    if _KEY.fullmatch(marks.key):
        keys.insert(0, _signed(int(marks.key, 16)))
    for key in keys:
        row = conn.execute("SELECT min(id) FROM items WHERE text_key = ?", (key,)).fetchone()
        if row[0] is not None:
            found: int = row[0]
            return found
    for candidate in _candidates(conn, fp):
        title, body = conn.execute("SELECT title, body FROM items WHERE id = ?", (candidate,)).fetchone()
        stored = Fingerprint.of(title, body)
        if contains(stored, fp) or contains(fp, stored) or near_duplicate(stored, fp):
            return candidate
    return None


def _signed(key: int) -> int:
    return key - (1 << 64) if key >= 1 << 63 else key


def _candidates(conn: sqlite3.Connection, fp: Fingerprint) -> list[int]:
    """Items sharing a sentence start with ``fp``, those sharing the most first."""
    shared: dict[int, int] = {}
    keys = fp.sentence_keys
    for chunk in chunks(keys):
        sql = f"SELECT item_id FROM dedup_keys WHERE key IN ({placeholders(chunk)})"
        for (item_id,) in conn.execute(sql, chunk):
            shared[item_id] = shared.get(item_id, 0) + 1
    return sorted(shared, key=lambda i: (-shared[i], i))


def _bookmark(conn: sqlite3.Connection, item_id: int, marks: ItemMarks, stamp: str) -> int:
    if not marks.bookmarked:
        return 0
    sql = "INSERT OR IGNORE INTO bookmarks (item_id, created) VALUES (?, ?)"
    return conn.execute(sql, (item_id, stamp)).rowcount


def _tags(conn: sqlite3.Connection, item_id: int, marks: ItemMarks) -> int:
    count = 0
    for name in (" ".join(tag.split()) for tag in marks.tags):
        if not name:
            continue
        conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (name,))
        count += conn.execute(
            "INSERT OR IGNORE INTO item_tags (item_id, tag_id) SELECT ?, id FROM tags WHERE name = ?",
            (item_id, name),
        ).rowcount
    return count


def _note(conn: sqlite3.Connection, item_id: int, marks: ItemMarks, stamp: str) -> int:
    """Join the exported note to the item's own, each kept whole; a note already there is not repeated."""
    incoming = marks.note.strip()
    if not incoming:
        return 0
    row = conn.execute("SELECT body FROM notes WHERE item_id = ?", (item_id,)).fetchone()
    current = row[0].strip() if row else ""
    if incoming in current:
        return 0
    joined = incoming if current in incoming else f"{current}\n\n{incoming}"
    conn.execute(
        "INSERT INTO notes (item_id, body, updated) VALUES (?, ?, ?)"
        " ON CONFLICT (item_id) DO UPDATE SET body = excluded.body, updated = excluded.updated",
        (item_id, joined, stamp),
    )
    return 1


def _highlights(
    conn: sqlite3.Connection, item_id: int, marks: ItemMarks, stamp: str
) -> tuple[int, list[QuoteMark]]:
    """Add the exported highlights the item lacks; say how many, and which could not be placed."""
    (body,) = conn.execute("SELECT body FROM items WHERE id = ?", (item_id,)).fetchone()
    sql = "SELECT id, quote, start, end, note FROM highlights WHERE item_id = ?"
    rows = conn.execute(sql, (item_id,)).fetchall()
    placed = {(start, end): (hid, note) for hid, _, start, end, note in rows if start is not None}
    orphans = {quote for _, quote, start, _, _ in rows if start is None}
    count, lost = 0, []
    for mark in marks.highlights:
        span = find_again(body, mark.quote, mark.prefix, mark.suffix, mark.start)
        if span in placed:
            hid, note = placed[span]
            if not note and mark.comment:
                conn.execute("UPDATE highlights SET note = ? WHERE id = ?", (mark.comment, hid))
                count += 1
            continue
        if span is None:
            lost.append(mark)
            if mark.quote in orphans:
                continue
            orphans.add(mark.quote)
        hid = insert_highlight(
            conn,
            item_id,
            body,
            mark.quote,
            span,
            color=mark.color,
            note=mark.comment,
            created=stamp,
            prefix=mark.prefix,
            suffix=mark.suffix,
        )
        if span is not None:
            placed[span] = (hid, mark.comment)
        count += 1
    return count, lost
