"""A real ``reader import`` killed or stopped part-way: the store stays whole, the marks made before
stay, and no process is left behind holding the caller's output open."""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Corpus, Tagged

from reader.store.fts import register_functions
from reader.store.sqlitestore import SqliteStore

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
# Files reported before the import is stopped: the parse worker is running by then.
FILES_BEFORE_STOP = 3


def started(tagged: Tagged, db: Path, corpus: Corpus) -> subprocess.Popen[bytes]:
    return tagged.reader(
        "import", "--db", str(db), str(corpus.dumps), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def whole(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn:
        register_functions(conn)  # the index's view stems the items it checks against
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")
        conn.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)")
        # An import indexes its new items itself while this row is there (schema version 4).
        assert conn.execute("SELECT count(*) FROM fts_deferred").fetchone() == (0,)


@pytest.mark.parametrize(
    ("signum", "status"),
    [
        (signal.SIGKILL, -signal.SIGKILL),
        (signal.SIGTERM, 128 + signal.SIGTERM),
        (signal.SIGHUP, 128 + signal.SIGHUP),
    ],
    ids=["SIGKILL", "SIGTERM", "SIGHUP"],
)
def test_a_stopped_import_leaves_no_process_and_no_open_pipe(
    tagged: Tagged, make_corpus, tmp_path: Path, signum: int, status: int
):
    db = tmp_path / "store.db"
    with started(tagged, db, make_corpus(1_500)) as proc:
        assert proc.stdout is not None
        for _ in range(FILES_BEFORE_STOP):
            assert proc.stdout.readline().endswith(b"]\n")
        assert proc.poll() is None, "the import ended before it could be stopped"
        proc.send_signal(signum)
        # Both pipes reach their end only when every process holding them has gone.
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == status
    assert err == b""
    assert tagged.wait_gone() == []
    whole(db)


# Kills of the trial: in CI on a small corpus, and at the sizes of the original trials with --slow.
SIZES = [
    pytest.param(1_500, 30, id="1,500 items, 30 kills"),
    pytest.param(20_000, 100, id="20,000 items, 100 kills", marks=pytest.mark.slow),
]
SEED = 20261201
READER = [sys.executable, "-m", "reader"]


@dataclass(frozen=True)
class Marks:
    bookmarked: tuple[int, ...]
    notes: dict[int, str]


def marked_store(path: Path, corpus: Corpus) -> Marks:
    """A store holding the first source's dumps, with bookmarks and notes made on some items."""
    first = sorted(p for p in corpus.dumps.iterdir() if p.is_dir())[0]
    with SqliteStore.open(path) as store:
        assert all(r.outcome == "imported" for r in store.import_paths([first], "dumps"))
        ids = [i for (i,) in store.conn.execute("SELECT id FROM items ORDER BY id")]
        marks = Marks(tuple(ids[::40]), {i: f"note on {i}" for i in ids[5::60]})
        for item_id in marks.bookmarked:
            store.set_bookmark(item_id)
        for item_id, text in marks.notes.items():
            store.set_note(item_id, text)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert marks.bookmarked and marks.notes
    return marks


def kept(path: Path, marks: Marks) -> None:
    with SqliteStore.open(path) as store:
        for item_id in marks.bookmarked:
            item = store.item(item_id)
            assert item is not None and item.bookmarked, item_id
        for item_id, text in marks.notes.items():
            item = store.item(item_id)
            assert item is not None and text in item.note, item_id


def items(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT count(*) FROM items").fetchone()[0]


def finished(tagged: Tagged, db: Path, corpus: Corpus) -> float:
    """Import the whole corpus into ``db``; how long it took."""
    start = time.monotonic()
    with started(tagged, db, corpus) as proc:
        _, err = proc.communicate(timeout=1800)
    assert (proc.returncode, err) == (0, b"")
    return time.monotonic() - start


@pytest.mark.parametrize(("size", "kills"), SIZES)
def test_imports_killed_at_random_moments_lose_nothing(
    tagged: Tagged, make_corpus, tmp_path: Path, size: int, kills: int
):
    corpus = make_corpus(size)
    base = tmp_path / "base.db"
    marks = marked_store(base, corpus)
    whole_run = tmp_path / "whole.db"
    shutil.copy(base, whole_run)
    duration = finished(tagged, whole_run, corpus)
    assert items(whole_run) == corpus.items
    rng = random.Random(SEED)
    db = tmp_path / "killed.db"
    for trial in range(kills):
        # Each trial kills an import that resumes where the last killed one stopped, now and then
        # starting again from the marked store, so kills land early, late and in between.
        if trial % 10 == 0:
            for stale in tmp_path.glob("killed.db*"):
                stale.unlink()
            shutil.copy(base, db)
        moment = rng.uniform(0.05, duration)
        with started(tagged, db, corpus) as proc:
            time.sleep(moment)
            proc.kill()
            proc.communicate(timeout=30)
        assert tagged.wait_gone() == [], (
            f"trial {trial}: a process outlived the import killed at {moment:.2f} s"
        )
        whole(db)
        kept(db, marks)
        if trial % 10 == 9 or trial == kills - 1:
            finished(tagged, db, corpus)
            assert items(db) == corpus.items, f"trial {trial}"
            whole(db)
            kept(db, marks)
    done = subprocess.run([*READER, "check", "--db", str(db)], capture_output=True, text=True, timeout=600)
    assert (done.returncode, done.stdout) == (
        0,
        f"{db}: the store, its full-text index and its counts of items by day are sound\n",
    )
