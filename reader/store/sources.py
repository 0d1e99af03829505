"""Sources a user manages: rename one, merge one into another, or delete one.

A source is only a name over imports; renaming changes the name, merging moves the imports, the
items' memberships and the learnt boilerplate of one source onto the other, in one transaction.
Deleting takes all its imports back together, as removing an import does (``removal``).
"""

from __future__ import annotations

import sqlite3

from reader.model import Changes, SourcePlan, UserError
from reader.store import removal
from reader.store.db import transaction


def _source_id(conn: sqlite3.Connection, name: str) -> int:
    row = conn.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise UserError(f"there is no source named {name!r}")
    found: int = row[0]
    return found


def rename(conn: sqlite3.Connection, old: str, new: str) -> Changes:
    """Give a source a new name; a name another source has already is refused (merge instead)."""
    new = new.strip()
    if not new:
        raise UserError("a source needs a name")
    with transaction(conn):
        ident = _source_id(conn, old)
        if new == old:
            return Changes()
        taken = conn.execute("SELECT 1 FROM sources WHERE name = ?", (new,)).fetchone()
        if taken:
            raise UserError(f"there is a source named {new!r} already; merge {old!r} into it instead")
        conn.execute("UPDATE sources SET name = ? WHERE id = ?", (new, ident))
    return Changes(sources=True, source_ids=frozenset({ident}))


def merge(conn: sqlite3.Connection, name: str, into: str) -> Changes:
    """Move everything of source ``name`` into source ``into`` and remove ``name``."""
    with transaction(conn):
        gone, kept = _source_id(conn, name), _source_id(conn, into)
        if gone == kept:
            raise UserError(f"cannot merge {name!r} into itself")
        conn.execute("UPDATE imports SET source_id = ? WHERE source_id = ?", (kept, gone))
        conn.execute(
            "INSERT OR IGNORE INTO item_sources (source_id, item_id)"
            " SELECT ?, item_id FROM item_sources WHERE source_id = ?",
            (kept, gone),
        )
        conn.execute("DELETE FROM item_sources WHERE source_id = ?", (gone,))
        # Counts of lines seen in dumps add up; a decision already taken for ``into`` stands.
        conn.execute(
            "INSERT INTO boilerplate (source_id, key, text, dumps, status)"
            " SELECT ?, key, text, dumps, status FROM boilerplate WHERE source_id = ? AND true"
            " ON CONFLICT (source_id, key) DO UPDATE SET dumps = dumps + excluded.dumps,"
            " status = coalesce(status, excluded.status)",
            (kept, gone),
        )
        conn.execute("DELETE FROM boilerplate WHERE source_id = ?", (gone,))
        conn.execute("DELETE FROM sources WHERE id = ?", (gone,))
    # No source ids: a source is gone, so the whole list of sources is read again.
    return Changes(sources=True)


def _imports_of(conn: sqlite3.Connection, source_id: int) -> list[int]:
    return [row[0] for row in conn.execute("SELECT id FROM imports WHERE source_id = ?", (source_id,))]


def deletion_plan(conn: sqlite3.Connection, name: str) -> SourcePlan:
    """What deleting source ``name`` would do, and which marked items it would take away."""
    imports = _imports_of(conn, _source_id(conn, name))
    touched, lost, marked = removal.plan_all(conn, imports)
    return SourcePlan(name, len(imports), touched, lost, marked)


def delete(conn: sqlite3.Connection, name: str, *, drop_marked: bool = False) -> Changes:
    """Delete source ``name`` with its imports in one transaction: the store becomes what it would
    be had they never been imported. Raise ``MarkedItems`` when items only it brought carry marks
    and ``drop_marked`` is not given."""
    with transaction(conn):
        ident = _source_id(conn, name)
        changes = removal.remove_all(
            conn, _imports_of(conn, ident), drop_marked=drop_marked, what=f"deleting source {name!r}"
        )
        # A source that had no import left (or never had one) goes too, with what it learnt.
        conn.execute("DELETE FROM boilerplate WHERE source_id = ?", (ident,))
        conn.execute("DELETE FROM item_sources WHERE source_id = ?", (ident,))
        conn.execute("DELETE FROM sources WHERE id = ?", (ident,))
    return changes | Changes(sources=True)
