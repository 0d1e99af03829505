"""The daily backup before an import writes: taken only when the import changes the store, at
most once a day, verified (a copy that fails is removed and the import does not start), and
followed by removing the backups no longer kept."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.model import StoreError
from reader.store import autobackup, backup
from reader.store.autobackup import KEEP_LAST
from reader.store.sqlitestore import SqliteStore
from tests.conftest import DumpWriter

A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
B = "Delegations from six countries signed a new agreement on border cooperation and trade."


@pytest.fixture
def filled(tmp_path: Path, write_dump: DumpWriter) -> Path:
    path = tmp_path / "store.db"
    with SqliteStore.open(path) as store:
        list(store.import_paths([write_dump("one.txt", A)], "News"))
    return path


def fake_backup(path: Path, when: datetime) -> Path:
    """A sound backup of ``path`` named as if taken at ``when``."""
    target = backup.backup_target(path, when)
    target.parent.mkdir(exist_ok=True)
    backup.backup(path, target)
    return target


def test_an_import_that_changes_the_store_is_preceded_by_a_verified_backup(
    filled: Path, write_dump: DumpWriter
):
    assert backup.backups_of(filled) == []  # the first import into a new store has nothing to lose
    with SqliteStore.open(filled) as store:
        list(store.import_paths([write_dump("two.txt", B)], "News"))
    (made,) = backup.backups_of(filled)
    examined = backup.examined(made)
    assert examined.sound and examined.items == 1  # what the store held before the import
    assert made.path.parent == filled.parent / "backups"


def test_an_import_that_changes_nothing_takes_no_backup(filled: Path, write_dump: DumpWriter):
    with SqliteStore.open(filled) as store:
        (result,) = store.import_paths([write_dump("one.txt", A)], "News")
    assert result.outcome == "already"
    assert backup.backups_of(filled) == []


def test_a_store_is_backed_up_at_most_once_a_day(filled: Path, write_dump: DumpWriter):
    recent = fake_backup(filled, datetime.now(UTC) - timedelta(hours=20))
    with SqliteStore.open(filled) as store:
        list(store.import_paths([write_dump("two.txt", B)], "News"))
    assert [b.path for b in backup.backups_of(filled)] == [recent]

    recent.unlink()
    older = fake_backup(filled, datetime.now(UTC) - timedelta(hours=30))
    with SqliteStore.open(filled) as store:
        list(store.import_paths([write_dump("three.txt", A + " The talks go on.")], "News"))
    made, kept_older = backup.backups_of(filled)
    assert kept_older.path == older and made.taken > datetime.now(UTC) - timedelta(minutes=5)


def test_a_daily_backup_removes_the_backups_no_longer_kept(filled: Path):
    now = datetime.now(UTC)
    for hours in range(26, 26 + 14):
        fake_backup(filled, now - timedelta(hours=hours))
    with closing(sqlite3.connect(filled)) as conn:
        made = autobackup.before_import(conn, filled, now)
    assert made is not None
    left = backup.backups_of(filled)
    assert len(left) == KEEP_LAST  # the new one and nine of the hourly ones, all within a week
    assert left[0].path == made


def test_a_partial_backup_left_by_a_killed_program_is_removed_a_day_later(filled: Path):
    folder = filled.parent / "backups"
    folder.mkdir()
    old, fresh = folder / ".store-20261101-000000-000000.db.part", folder / ".store-now.db.part"
    for partial in (old, fresh):
        partial.write_bytes(b"SQLite format 3\x00")
    day_ago = (datetime.now(UTC) - timedelta(days=2)).timestamp()
    os.utime(old, (day_ago, day_ago))
    assert autobackup.prune(filled, datetime.now(UTC)) == [old]
    assert fresh.exists() and not old.exists()


def test_a_backup_that_fails_its_check_is_removed_and_the_import_does_not_start(
    filled: Path, write_dump: DumpWriter, monkeypatch: pytest.MonkeyPatch
):
    def damaged(path: Path, *, what: str) -> None:
        raise StoreError(f"{what} is damaged; it was not used")

    monkeypatch.setattr(backup, "_verify", damaged)
    with SqliteStore.open(filled) as store:
        with pytest.raises(StoreError, match="could not be backed up before the import"):
            list(store.import_paths([write_dump("two.txt", B)], "News"))
        assert store.conn.execute("SELECT count(*) FROM items").fetchone() == (1,)
    assert backup.backups_of(filled) == []
    assert list((filled.parent / "backups").iterdir()) == []  # nor a partial file
