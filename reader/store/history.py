"""The import history: every file that went into the store, newest first."""

from __future__ import annotations

import sqlite3

from reader.model import ImportRecord


def imports(conn: sqlite3.Connection, source: str | None = None) -> list[ImportRecord]:
    """The imports of one source (or of all), newest first."""
    rows = conn.execute(
        "SELECT m.id, s.name, m.path, m.size, m.encoding, m.imported_at, m.items_total, m.items_new,"
        " m.items_merged, m.items_known, m.chrome_lines FROM imports m JOIN sources s ON s.id = m.source_id"
        " WHERE ? IS NULL OR s.name = ? ORDER BY m.id DESC",
        (source, source),
    )
    return [ImportRecord(*row) for row in rows]
