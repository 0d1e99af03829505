"""Every schema version a store was written with migrates forward to the current one."""

import sqlite3
import zlib

import pytest

from reader.store import schema
from reader.store.items import rebuild_raw


def _at_version(path, n: int) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for step in schema.MIGRATIONS[:n]:
        step(conn)
    conn.execute(f"PRAGMA user_version = {n}")
    return conn


def _layout(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    return {
        (name, sql) for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
    }


@pytest.mark.parametrize("start", range(schema.VERSION))
def test_a_store_at_each_earlier_version_migrates_to_the_current_layout(tmp_path, start):
    old = _at_version(tmp_path / "old.db", start)
    if start >= 1:
        old.execute("INSERT INTO sources (name, created) VALUES ('CSTO', '2025-01-01')")
        old.execute(
            "INSERT INTO items (title, body, text_key, norm_len, first_seen, updated)"
            " VALUES ('Title', 'Body text', 1, 15, '2025-01-01', '2025-01-01')"
        )
    assert schema.migrate(old) is True
    assert schema.version(old) == schema.VERSION
    fresh = _at_version(tmp_path / "fresh.db", 0)
    schema.migrate(fresh)
    assert _layout(old) == _layout(fresh)
    if start >= 1:
        assert old.execute("SELECT name FROM sources").fetchall() == [("CSTO",)]
        hits = old.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH 'body'").fetchall()
        assert hits == [(1,)]


def test_a_failing_migration_leaves_the_store_at_its_version(tmp_path, monkeypatch):
    conn = _at_version(tmp_path / "s.db", schema.VERSION - 1)

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("disk went away")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS[:-1], broken])
    with pytest.raises(RuntimeError):
        schema.migrate(conn)
    assert schema.version(conn) == schema.VERSION - 1
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone() == (0,)


def test_compressed_raw_lines_become_what_the_occurrence_does_not_hold(tmp_path):
    old = _at_version(tmp_path / "old.db", 4)
    raw = "Talks in Minsk\n12.03.2024\n\nLeaders met.\n\nThey talked."
    old.execute("INSERT INTO sources (id, name, created) VALUES (1, 'CSTO', '2025-01-01')")
    old.execute(
        "INSERT INTO imports (id, source_id, path, file_name, size, sha256, encoding, imported_at, outcome)"
        " VALUES (1, 1, '/a.txt', 'a.txt', 1, 'x', 'utf-8', '2025-01-01', 'imported')"
    )
    old.execute(
        "INSERT INTO items (id, title, body, text_key, norm_len, first_seen, updated)"
        " VALUES (1, 'Talks in Minsk', 'Leaders met.\n\nThey talked more.', 1, 15, '2025-01-01', '2025-01-01')"
    )
    for occ, body in ((1, None), (2, zlib.compress(b"Leaders met.\n\nThey talked."))):
        old.execute(
            "INSERT INTO occurrences (id, item_id, import_id, first_line, last_line, title, body, text_key,"
            " norm_len, raw) VALUES (?, 1, 1, 1, 6, 'Talks in Minsk', ?, 1, 15, ?)",
            (
                occ,
                body,
                zlib.compress(
                    raw.replace("They talked.", "They talked more.").encode() if occ == 1 else raw.encode()
                ),
            ),
        )
    schema.migrate(old)
    rows = old.execute("SELECT raw FROM occurrences ORDER BY id").fetchall()
    assert rows == [("\x1f\n12.03.2024\n\n\x1f\n\n\x1f",)] * 2
    body = "Leaders met.\n\nThey talked."
    assert rebuild_raw(rows[1][0], "Talks in Minsk", body) == raw
