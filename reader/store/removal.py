"""Taking an import back: the store as if that file had never been imported.

The items the import touched are placed again from the occurrences the other imports gave them,
by the same ``Merger`` an import uses, so an item it lengthened gets its shorter text back and two
items it joined come apart again. Their bookmarks, tags, notes and highlights move to the items
placed again; an item only that import brought goes away, and when it carries marks the removal is
refused unless the caller says they may go.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from reader.ingest.dedup import Fingerprint
from reader.model import Changes, DateMethod, MarkedItems, ParsedItem, RemovalPlan, UserError, first_words
from reader.store.db import ANY_OF, json_ids, transaction
from reader.store.items import rebuild_raw
from reader.store.merge import Merger

_MARKED = (
    "SELECT item_id FROM bookmarks UNION SELECT item_id FROM item_tags"
    " UNION SELECT item_id FROM notes WHERE body != '' UNION SELECT item_id FROM highlights"
)


@dataclass(frozen=True, slots=True)
class _Version:
    """An occurrence of another import, to be placed again."""

    import_id: int
    source_id: int
    old_item: int
    item: ParsedItem


def plan(conn: sqlite3.Connection, import_id: int) -> RemovalPlan:
    """What removing ``import_id`` would do: the items it alone brought, and which of them carry marks."""
    _check(conn, import_id)
    touched, lost, marked = plan_all(conn, (import_id,))
    return RemovalPlan(import_id, touched, lost, marked)


def plan_all(
    conn: sqlite3.Connection, import_ids: Collection[int]
) -> tuple[int, int, tuple[tuple[int, str], ...]]:
    """For removing ``import_ids`` together: how many items they touch, how many only they
    brought, and the (id, heading) of those that carry marks."""
    ids = tuple(import_ids)
    touched = _touched(conn, ids)
    lost = _only_here(conn, ids, touched)
    return len(touched), len(lost), marked_headings(conn, lost)


def remove(conn: sqlite3.Connection, import_id: int, *, drop_marked: bool = False) -> Changes:
    """Remove an import in one transaction; raise ``MarkedItems`` when items it alone brought carry
    marks and ``drop_marked`` is not given."""
    with transaction(conn):
        _check(conn, import_id)
        return remove_all(conn, (import_id,), drop_marked=drop_marked)


def remove_all(
    conn: sqlite3.Connection,
    import_ids: Collection[int],
    *,
    drop_marked: bool = False,
    what: str = "removing this import",
) -> Changes:
    """Remove imports together in one transaction, each item placed again once from what the
    other imports hold; raise ``MarkedItems`` (saying ``what`` would do it) when items only they
    brought carry marks and ``drop_marked`` is not given."""
    ids = tuple(import_ids)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with transaction(conn):
        sources = _sources_of(conn, ids)
        touched = _touched(conn, ids)
        lost = _only_here(conn, ids, touched)
        marked = marked_headings(conn, lost)
        if marked and not drop_marked:
            raise MarkedItems(marked, what)
        versions = _other_versions(conn, ids, touched)
        _detach(conn, touched)
        removed = (json_ids(ids),)
        conn.execute(f"DELETE FROM chrome_lines WHERE import_id IN {ANY_OF}", removed)
        conn.execute(f"DELETE FROM imports WHERE id IN {ANY_OF}", removed)
        changes = _place_again(conn, versions, now)
        survivors = _survivors(conn, versions)
        mergers: dict[int, Merger] = {}
        for old in sorted(touched):
            new = survivors.get(old)
            if new is None:
                conn.execute("DELETE FROM items WHERE id = ?", (old,))
                continue
            merger = mergers.setdefault(new, Merger(conn, ids[0], sources[0], now))
            merger.absorb(new, [old])
        for merger in mergers.values():
            changes |= merger.changes()
        for source_id in sources:
            _forget_empty_source(conn, source_id)
    gone = frozenset(old for old in touched if old not in survivors)
    return changes | Changes(items_removed=gone, sources=True)


def _check(conn: sqlite3.Connection, import_id: int) -> int:
    row = conn.execute("SELECT source_id FROM imports WHERE id = ?", (import_id,)).fetchone()
    if row is None:
        raise UserError(f"there is no import {import_id}; `reader imports` lists them")
    source_id: int = row[0]
    return source_id


def _sources_of(conn: sqlite3.Connection, ids: tuple[int, ...]) -> list[int]:
    sql = f"SELECT DISTINCT source_id FROM imports WHERE id IN {ANY_OF} ORDER BY source_id"
    return [row[0] for row in conn.execute(sql, (json_ids(ids),))]


def _touched(conn: sqlite3.Connection, ids: tuple[int, ...]) -> set[int]:
    sql = f"SELECT DISTINCT item_id FROM occurrences WHERE import_id IN {ANY_OF}"
    return {row[0] for row in conn.execute(sql, (json_ids(ids),))}


def _only_here(conn: sqlite3.Connection, ids: tuple[int, ...], touched: set[int]) -> set[int]:
    """Those of ``touched`` that no import but ``ids`` holds: each item's own occurrences are looked
    at, not the items of every other import (millions of rows in a large store)."""
    rows = conn.execute(
        "SELECT t.value FROM json_each(?) t WHERE NOT EXISTS (SELECT 1 FROM occurrences o"
        f" WHERE o.item_id = t.value AND o.import_id NOT IN {ANY_OF})",
        (json_ids(sorted(touched)), json_ids(ids)),
    )
    return {row[0] for row in rows}


def marked_headings(conn: sqlite3.Connection, items: set[int]) -> tuple[tuple[int, str], ...]:
    if not items:
        return ()
    marked = {row[0] for row in conn.execute(_MARKED)} & items
    out = []
    for item_id in sorted(marked):
        title, body = conn.execute("SELECT title, body FROM items WHERE id = ?", (item_id,)).fetchone()
        out.append((item_id, (title or "").strip() or first_words(body)))
    return tuple(out)


def _other_versions(conn: sqlite3.Connection, ids: tuple[int, ...], touched: set[int]) -> list[_Version]:
    """The other imports' occurrences of the touched items, in import order and line order."""
    versions = []
    gone = json_ids(ids)
    for item_id in touched:
        (item_body,) = conn.execute("SELECT body FROM items WHERE id = ?", (item_id,)).fetchone()
        rows = conn.execute(
            "SELECT o.import_id, m.source_id, o.first_line, o.last_line, o.title, o.body, o.date,"
            " o.date_method, o.place, o.raw FROM occurrences o JOIN imports m ON m.id = o.import_id"
            f" WHERE o.item_id = ? AND o.import_id NOT IN {ANY_OF}",
            (item_id, gone),
        )
        for other, source_id, first, last, title, packed, day, method, place, rest in rows:
            body = item_body if packed is None else zlib.decompress(packed).decode("utf-8")
            raw = rebuild_raw(rest if isinstance(rest, str) else rest.decode("utf-8"), title, body)
            item = ParsedItem(
                title=title,
                paragraphs=tuple(body.split("\n\n")),
                date=datetime.fromisoformat(day).date() if day else None,
                date_method=DateMethod(method) if method else None,
                place=place,
                first_line=first,
                last_line=last,
                raw=raw,
            )
            versions.append(_Version(other, source_id, item_id, item))
    versions.sort(key=lambda v: (v.import_id, v.item.first_line))
    return versions


def _detach(conn: sqlite3.Connection, touched: set[int]) -> None:
    """Take the touched items out of every lookup, keeping their rows (and marks) until they are
    absorbed by the items placed again."""
    for item_id in touched:
        conn.execute("DELETE FROM occurrences WHERE item_id = ?", (item_id,))
        conn.execute("DELETE FROM dedup_keys WHERE item_id = ?", (item_id,))
        conn.execute("DELETE FROM overlap_keys WHERE item_id = ?", (item_id,))
        conn.execute("DELETE FROM item_sources WHERE item_id = ?", (item_id,))
        # No text hashes to this key: the item cannot be found as an exact copy while it waits.
        conn.execute("UPDATE items SET text_key = ? WHERE id = ?", (_DETACHED, item_id))


# The smallest 64-bit integer: a text hashes to it once in 2**64, so no placing finds it by it.
_DETACHED = -(2**63)


def _place_again(conn: sqlite3.Connection, versions: list[_Version], now: str) -> Changes:
    changes = Changes()
    by_import: dict[int, list[_Version]] = {}
    for version in versions:
        by_import.setdefault(version.import_id, []).append(version)
    for other, group in sorted(by_import.items()):
        merger = Merger(conn, other, group[0].source_id, now)
        for version in group:
            merger.place(version.item, Fingerprint.of(version.item.title, version.item.body))
        merger.finish()
        changes |= merger.changes()
    return changes


def _survivors(conn: sqlite3.Connection, versions: list[_Version]) -> dict[int, int]:
    """Each touched item's new home: the item now holding its first other occurrence."""
    out: dict[int, int] = {}
    for version in versions:
        if version.old_item in out:
            continue
        row = conn.execute(
            "SELECT item_id FROM occurrences WHERE import_id = ? AND first_line = ? AND last_line = ?",
            (version.import_id, version.item.first_line, version.item.last_line),
        ).fetchone()
        if row is not None:
            out[version.old_item] = row[0]
    return out


def _forget_empty_source(conn: sqlite3.Connection, source_id: int) -> None:
    """A source with no import left is gone from the tree too (its learnt boilerplate with it)."""
    if conn.execute("SELECT 1 FROM imports WHERE source_id = ?", (source_id,)).fetchone() is None:
        conn.execute("DELETE FROM boilerplate WHERE source_id = ?", (source_id,))
        conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
