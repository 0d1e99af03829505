import re
import sqlite3

import pytest

from reader.model import StoreError
from reader.store import db, schema
from reader.store.sqlitestore import SqliteStore


def test_a_new_file_gets_the_current_schema(tmp_path):
    with SqliteStore.open(tmp_path / "new.db") as store:
        assert schema.version(store.conn) == schema.VERSION
        assert {"items", "occurrences", "imports", "item_aliases"} <= set(db.utils(store.conn).table_names())


def test_an_empty_file_is_migrated(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with SqliteStore.open(path) as store:
        assert schema.version(store.conn) == schema.VERSION


def test_reopening_runs_no_migration(tmp_path):
    SqliteStore.open(tmp_path / "s.db").close()
    conn = sqlite3.connect(tmp_path / "s.db")
    assert schema.migrate(conn) is False
    conn.close()


def test_wal_and_foreign_keys_are_on(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == db.BUSY_TIMEOUT_MS
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_a_store_from_a_newer_version_is_refused_clearly(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer Dump Reader"):
        SqliteStore.open(path)


def test_a_file_that_is_not_a_store_gives_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match=r"notes\.db is damaged or not a Dump Reader store"):
        SqliteStore.open(path)


def test_a_locked_store_says_it_is_in_use(store):
    other = store.session().conn
    other.execute("PRAGMA busy_timeout = 0")
    with (
        db.transaction(store.conn),
        pytest.raises(StoreError, match="in use by another program"),
        db.transaction(other),
    ):
        pass
    other.close()


@pytest.mark.parametrize(
    ("code", "words"),
    [(13, "disk .* is full"), (8, "read-only"), (11, "damaged"), (5, "in use"), (14, "cannot be opened")],
)
def test_errors_a_user_can_act_on_become_sentences_naming_the_file(code, words):
    error = sqlite3.OperationalError("from sqlite")
    error.sqlite_errorcode = code
    known = db.store_error(error, "/data/store.db")
    assert known is not None
    assert "/data/store.db" in str(known)
    assert re.search(words, str(known))


def test_other_sqlite_errors_are_bugs_and_propagate(store):
    with pytest.raises(sqlite3.OperationalError), db.translated(str(store.path)):
        store.conn.execute("SELECT * FROM no_such_table")


def test_a_transaction_is_all_or_nothing(store):
    conn = store.conn
    with pytest.raises(RuntimeError), db.transaction(conn):
        conn.execute("INSERT INTO sources (name, created) VALUES ('a', 'now')")
        raise RuntimeError("failed half-way")
    assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 0
    assert not conn.in_transaction


def test_a_transaction_commits(store):
    with db.transaction(store.conn) as conn:
        conn.execute("INSERT INTO sources (name, created) VALUES ('a', 'now')")
    other = store.session().conn
    assert other.execute("SELECT name FROM sources").fetchall() == [("a",)]
    other.close()


def test_connections_are_new_and_closing_twice_is_harmless(tmp_path):
    store = SqliteStore.open(tmp_path / "s.db")
    second = store.session().conn
    assert second is not store.conn
    second.close()
    store.close()
    store.close()
    with pytest.raises(RuntimeError):
        _ = store.conn


def add_source(conn, name):
    with db.transaction(conn):
        conn.execute("INSERT INTO sources (name, created) VALUES (?, 'now')", (name,))


def test_commits_through_another_handle_are_noticed_and_own_ones_are_not(store):
    other = store.session()
    assert store.changed_elsewhere() is False  # the first call only takes note
    assert store.changed_elsewhere() is False
    add_source(other.conn, "a")
    assert store.changed_elsewhere() is True
    assert store.changed_elsewhere() is False  # noticed once
    add_source(store.conn, "b")
    assert store.changed_elsewhere() is False  # its own commit is not elsewhere
    other.close()


def test_a_session_can_wait_less_for_a_busy_store(store):
    with store.session(busy_wait_ms=120) as short, store.session() as usual:
        assert short.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 120
        assert usual.conn.execute("PRAGMA busy_timeout").fetchone()[0] == db.BUSY_TIMEOUT_MS
