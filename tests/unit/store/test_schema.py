"""Every schema version a store was written with migrates forward to the current one."""

import sqlite3

import pytest

from reader.store import schema


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
