"""Learnt boilerplate: short lines that recur across dumps of one source.

The importer counts them; once a line reaches the threshold it is a *candidate* that the user
confirms (dropped from later imports of that source) or rejects (never offered again, and kept as
content wherever it stands, whatever a rule says).
"""

from __future__ import annotations

import sqlite3

from reader.ingest.chrome import key
from reader.ingest.dedup import key64
from reader.model import Boilerplate, Changes, UserError
from reader.store.db import transaction

STATUSES = ("candidate", "confirmed", "rejected")


def listed(
    conn: sqlite3.Connection, source: str | None = None, status: str | None = "candidate"
) -> list[Boilerplate]:
    """Lines with a status (candidates by default; None for every counted line with one), most frequent first."""
    sql = (
        "SELECT s.name, b.text, b.dumps, b.status FROM boilerplate b JOIN sources s ON s.id = b.source_id"
        " WHERE b.status IS NOT NULL AND (? IS NULL OR s.name = ?) AND (? IS NULL OR b.status = ?)"
        " ORDER BY b.dumps DESC, s.name, b.text"
    )
    rows = conn.execute(sql, (source, source, status, status))
    return [Boilerplate(*row) for row in rows]


def status_of(conn: sqlite3.Connection, source_id: int, text: str) -> str | None:
    """The status of a line for a source; None when it has none."""
    row = conn.execute(
        "SELECT status FROM boilerplate WHERE source_id = ? AND key = ?", (source_id, key64(key(text)))
    ).fetchone()
    return None if row is None else row[0]


def set_status(conn: sqlite3.Connection, source: str, text: str, status: str | None) -> Changes:
    """Confirm or reject a line for ``source``; a line not yet counted is added with that status.
    None takes a decision back: the line is counted as before, with no status."""
    if status is not None and status not in STATUSES:
        raise UserError(f"unknown boilerplate status {status!r}; use one of {', '.join(STATUSES)}")
    line = key(text)
    if not line:
        raise UserError(f"{text!r} has no words to match")
    with transaction(conn):
        row = conn.execute("SELECT id FROM sources WHERE name = ?", (source,)).fetchone()
        if row is None:
            raise UserError(f"there is no source named {source!r}")
        conn.execute(
            "INSERT INTO boilerplate (source_id, key, text, dumps, status) VALUES (?, ?, ?, 0, ?)"
            " ON CONFLICT (source_id, key) DO UPDATE SET status = excluded.status",
            (row[0], key64(line), line, status),
        )
        # A decision taken back on a line never counted leaves no trace.
        conn.execute(
            "DELETE FROM boilerplate WHERE source_id = ? AND key = ? AND dumps = 0 AND status IS NULL",
            (row[0], key64(line)),
        )
    return Changes(sources=True)
