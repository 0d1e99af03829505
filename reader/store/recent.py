"""The items of the last import: what the most recent run of ``reader import`` or the wizard added
to the store or changed in it, kept in the store so that the tree's "Last import" survives a restart.

A run starts replacing the list with its first file written; a run that writes nothing (every file
refused or imported before) leaves the previous list as it was. Items deleted later leave it too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from reader.store.conditions import scalar


def last_import_id(conn: sqlite3.Connection) -> int:
    """The id of the newest import, 0 in a store without any: a run's files have larger ids."""
    return scalar(conn, "SELECT coalesce(max(id), 0) FROM imports")


def record(conn: sqlite3.Connection, import_id: int, run_after: int, items: Iterable[int]) -> None:
    """Add the items import ``import_id`` brought to the list, emptied first when it is the first
    import written by the run that started after import ``run_after``."""
    earlier = scalar(conn, "SELECT count(*) FROM imports WHERE id > ? AND id != ?", (run_after, import_id))
    if not earlier:
        conn.execute("DELETE FROM recent_items")
    conn.executemany(
        "INSERT OR IGNORE INTO recent_items (item_id) VALUES (?)", [(item,) for item in sorted(items)]
    )
