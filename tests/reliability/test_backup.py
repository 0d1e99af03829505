"""``reader check``, ``reader backup`` and ``reader restore``: a restore gives back exactly what was
backed up, and the store it replaced is kept as a backup first."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader import cli
from reader.model import StoreError
from reader.store import backup
from reader.store.sqlitestore import SqliteStore
from tests.reliability.conftest import garble

A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
B = "Delegations from six countries signed a new agreement on border cooperation and trade."
C = "A new training centre for rescue teams opened in the northern province last week."


def reader(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=60)


def exported(path: Path) -> str:
    done = reader("export", "items", "--db", str(path))
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def filled(tmp_path: Path, write_dump) -> Path:
    path = tmp_path / "data" / "store.db"
    path.parent.mkdir()
    with SqliteStore.open(path) as store:
        list(store.import_paths([write_dump("one.txt", A, B)], "News"))
        store.set_bookmark(1)
        store.set_note(2, "read again")
    return path


def test_a_restore_gives_back_exactly_what_was_backed_up(filled: Path, write_dump):
    done = reader("backup", "--db", str(filled))
    assert done.returncode == 0, done.stderr
    saved = Path(done.stdout.strip())
    assert saved.parent == filled.parent / "backups"
    before = exported(filled)
    with SqliteStore.open(filled) as store:
        list(store.import_paths([write_dump("two.txt", C)], "News"))
        store.set_bookmark(2)
    changed = exported(filled)
    assert changed != before

    done = reader("restore", "--db", str(filled), str(saved))
    assert done.returncode == 0, done.stderr
    assert exported(filled) == before
    kept = Path(done.stdout.splitlines()[0].removeprefix("backed up the store being replaced to "))
    assert kept.parent == saved.parent and kept != saved
    assert exported(kept) == changed
    assert reader("check", "--db", str(filled)).returncode == 0


def test_a_backup_to_a_file_is_a_sound_store(filled: Path, tmp_path: Path):
    target = tmp_path / "copy.db"
    assert reader("backup", "--db", str(filled), "--output", str(target)).returncode == 0
    with closing(sqlite3.connect(target)) as conn:
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    assert exported(target) == exported(filled)
    assert not list(tmp_path.glob(".*.part"))


def test_a_damaged_backup_is_not_restored(filled: Path, tmp_path: Path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 64)
    before = hashlib.sha256(filled.read_bytes()).hexdigest()
    done = reader("restore", "--db", str(filled), str(bad))
    assert done.returncode == 1
    assert done.stderr.startswith("reader: ") and done.stderr.count("\n") == 1
    assert hashlib.sha256(filled.read_bytes()).hexdigest() == before


def test_check_rebuilds_a_full_text_index_that_no_longer_matches(filled: Path):
    with closing(sqlite3.connect(filled)) as conn:
        # Words indexed for an item that does not exist: the index and the items now disagree.
        conn.execute(
            "INSERT INTO items_fts(rowid, title, body, stems) VALUES (99, 'ghost', 'ghost words', 'ghost word')"
        )
        conn.commit()
    done = reader("check", "--db", str(filled))
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("did not match the items and was rebuilt\n")
    assert backup.check(filled) == backup.CheckReport((), index_ok=True)
    with SqliteStore.open(filled) as store:
        search = "SELECT rowid FROM items_fts WHERE items_fts MATCH ?"
        assert store.conn.execute(search, ("ghost",)).fetchall() == []
        assert store.conn.execute(search, ("Astana",)).fetchall() == [(1,)]


def test_check_refills_counts_of_items_by_day_that_no_longer_match(filled: Path):
    with SqliteStore.open(filled) as store:
        want = store.conn.execute("SELECT * FROM day_counts WHERE n != 0 ORDER BY 1, 2").fetchall()
    with closing(sqlite3.connect(filled)) as conn:
        # As a program writing the store without its triggers might leave it: one day overcounted,
        # another gone.
        conn.execute("UPDATE day_counts SET n = n + 5 WHERE source_id = 0")
        conn.execute("DELETE FROM day_counts WHERE source_id != 0 AND day != ''")
        conn.commit()
    assert backup.check(filled, repair=False) == backup.CheckReport((), index_ok=True, counts_ok=False)
    done = reader("check", "--db", str(filled))
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"{filled}: the store is sound; its counts of items by day did not match the items and was rebuilt\n"
    )
    assert backup.check(filled) == backup.CheckReport((), index_ok=True)
    with SqliteStore.open(filled) as store:
        assert store.conn.execute("SELECT * FROM day_counts WHERE n != 0 ORDER BY 1, 2").fetchall() == want


def grow(store: SqliteStore) -> None:
    """A few hundred pages more, written to the file itself."""
    for n in range(200):
        store.conn.execute(
            "INSERT INTO items (title, body, text_key, norm_len, first_seen, updated) VALUES (?, ?, ?, 0, '', '')",
            (f"Item {n}", f"{A} {n}. " * 30, n),
        )
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def test_check_reports_a_damaged_store(filled: Path):
    with SqliteStore.open(filled) as store:
        grow(store)
    garble(filled)
    done = reader("check", "--db", str(filled))
    assert done.returncode == 1
    assert done.stderr.startswith(f"reader: {filled}")


def test_check_of_a_missing_store_creates_nothing(tmp_path: Path):
    done = reader("check", "--db", str(tmp_path / "none" / "store.db"))
    assert (done.returncode, done.stderr) == (1, f"reader: no store at {tmp_path / 'none' / 'store.db'}\n")
    assert list(tmp_path.iterdir()) == []


def test_check_names_a_table_or_column_a_store_lost(tmp_path, capsys):
    path = tmp_path / "store.db"
    SqliteStore.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE bookmarks")
    conn.commit()
    conn.close()
    assert cli.main(["check", "--db", str(path)]) == 1
    assert f"reader: {path}: the table bookmarks is missing" in capsys.readouterr().err


def test_backups_lists_each_backup_with_its_items_and_whether_it_is_sound(filled: Path):
    good = Path(reader("backup", "--db", str(filled)).stdout.strip())
    bad = backup.backup_target(filled, datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    bad.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 64)
    done = reader("backups", "--db", str(filled))
    assert done.returncode == 0, done.stderr
    newest, oldest = done.stdout.splitlines()
    assert newest.endswith(f"2 items, verified  {good}")
    assert oldest.startswith("2026-01-02 03:04:05 UTC") and oldest.endswith(
        f"damaged: do not restore it  {bad}"
    )


def test_backups_of_a_missing_store_creates_nothing(tmp_path: Path):
    done = reader("backups", "--db", str(tmp_path / "none" / "store.db"))
    assert (done.returncode, done.stderr) == (1, f"reader: no store at {tmp_path / 'none' / 'store.db'}\n")
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_store_is_kept_aside_when_a_backup_replaces_it(filled: Path):
    saved = Path(reader("backup", "--db", str(filled)).stdout.strip())
    before = exported(filled)
    with filled.open("r+b") as file:
        file.seek(0, 2)
        size = file.tell()
        file.seek(size // 2 // 4096 * 4096)
        file.write(bytes(range(256)) * 16)
    done = reader("restore", "--db", str(filled), str(saved))
    assert done.returncode == 0, done.stderr
    assert exported(filled) == before
    (aside,) = (filled.parent / "backups").glob("store-damaged-*.db")
    assert done.stdout.splitlines()[0] == f"backed up the store being replaced to {aside}"
    assert [b.path for b in backup.backups_of(filled)] == [saved]  # never listed as a backup


def test_the_check_after_an_import_finds_damaged_pages(filled: Path):
    with SqliteStore.open(filled) as store:
        grow(store)
        garble(filled)  # under an open store, as a disk failing while the window is open
        with store.session() as session, pytest.raises(StoreError, match=f"{filled} is damaged"):
            session.verify()


def test_the_check_after_an_import_finds_wrong_counts_and_writes_nothing(filled: Path):
    with SqliteStore.open(filled) as store:
        assert store.verify() == backup.CheckReport((), index_ok=None)
        store.conn.execute("UPDATE day_counts SET n = n + 5 WHERE source_id = 0")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = hashlib.sha256(filled.read_bytes()).hexdigest()
        assert store.verify() == backup.CheckReport((), index_ok=None, counts_ok=False)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert hashlib.sha256(filled.read_bytes()).hexdigest() == before


def test_marks_are_stored_while_the_check_after_an_import_runs(filled: Path):
    """The check holds no write lock: a bookmark made meanwhile from another handle is stored at
    once, where the full-text index's own check would keep it waiting until the end."""
    stored: list[int] = []
    with SqliteStore.open(filled) as store, store.session(busy_wait_ms=0) as other:

        def mark_once() -> int:
            if not stored:
                stored.append(1)
                other.set_bookmark(2)
            return 0

        store.conn.set_progress_handler(mark_once, 100)
        try:
            assert store.verify().ok
        finally:
            store.conn.set_progress_handler(None, 0)
        assert stored == [1]
    with closing(sqlite3.connect(filled)) as conn:
        assert conn.execute("SELECT item_id FROM bookmarks ORDER BY 1").fetchall() == [(1,), (2,)]
