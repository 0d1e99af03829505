"""Opening a store: a store that is not Dump Reader's, a damaged one, or none at all is one line and
a non-zero exit, and nothing is written or created."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from reader.model import StoreError
from reader.store import db
from reader.store.sqlitestore import SqliteStore
from tests.reliability.conftest import garble

A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."


def reader(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=60)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    path = tmp_path / "dump.txt"
    path.write_text(A + "\n", encoding="utf-8")
    return path


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A store of a few hundred pages whose middle 8 KB are garbage, as a failing disk leaves it."""
    path = tmp_path / "damaged.db"
    with SqliteStore.open(path) as store:
        for n in range(300):
            store.conn.execute(
                "INSERT INTO items (title, body, text_key, norm_len, first_seen, updated)"
                " VALUES (?, ?, ?, 0, '', '')",
                (f"Item {n}", f"{A} Number {n}. " * 20, n),
            )
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert path.stat().st_size > 200_000
    garble(path)
    return path


def test_tables_without_a_schema_version_are_one_line(tmp_path: Path, dump: Path):
    path = tmp_path / "other.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE sources (id INTEGER PRIMARY KEY, name TEXT)")
        conn.commit()
    before = digest(path)
    for args in (["import", str(dump)], ["export", "items"], ["boilerplate", "list"]):
        done = (
            reader(*args[:1], "--db", str(path), *args[1:])
            if args[0] != "export"
            else reader("export", "items", "--db", str(path))
        )
        assert done.returncode == 1
        assert done.stderr == (
            f"reader: {path} holds tables but no Dump Reader schema version;"
            " it was not written by Dump Reader, or its header is damaged\n"
        )
    assert digest(path) == before
    with pytest.raises(StoreError, match="no Dump Reader schema version"):
        SqliteStore.open(path)  # the window opens the store the same way, and shows the sentence


def test_a_damaged_store_is_never_written_to(damaged: Path, dump: Path):
    before = digest(damaged)
    for args in (["import", "--db", str(damaged), str(dump)], ["boilerplate", "--db", str(damaged), "list"]):
        done = reader(*args)
        assert done.returncode == 1, done.stdout
        assert done.stderr.startswith(f"reader: {damaged} is damaged")
        assert done.stderr.count("\n") == 1
    assert digest(damaged) == before


def test_a_store_too_big_to_check_at_start_is_checked_before_an_import_writes(
    damaged: Path, dump: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(db, "OPEN_CHECK_BYTES", 0)  # as if it were a store of many gigabytes
    before = digest(damaged)
    try:
        store = SqliteStore.open(damaged)
    except StoreError:
        pytest.fail("a store above the size checked at start was checked at start")
    with store, pytest.raises(StoreError, match="is damaged"):
        list(store.import_paths([dump], "News"))
    assert digest(damaged) == before


def test_a_sound_store_is_checked_once(tmp_path: Path, dump: Path):
    with SqliteStore.open(tmp_path / "store.db") as store:
        assert getattr(store.conn, "checked", False)
        assert [r.outcome for r in store.import_paths([dump], "News")] == ["imported"]


@pytest.mark.parametrize(
    "command",
    [["export", "items"], ["boilerplate", "list"], ["boilerplate", "--source", "S", "confirm", "x"]],
)
def test_reading_a_missing_store_creates_nothing(tmp_path: Path, command: list[str]):
    missing = tmp_path / "mistyped" / "store.db"
    done = reader(
        *command[:2] if command[0] == "export" else command[:1],
        "--db",
        str(missing),
        *(command[2:] if command[0] == "export" else command[1:]),
    )
    assert (done.returncode, done.stderr) == (1, f"reader: no store at {missing}\n")
    assert list(tmp_path.iterdir()) == []
