"""A real ``reader import`` killed or stopped part-way: the store stays whole, the marks made before
stay, and no process is left behind holding the caller's output open."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import pytest
from conftest import Corpus, Tagged

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
# Files reported before the import is stopped: the parse worker is running by then.
FILES_BEFORE_STOP = 3


def started(tagged: Tagged, db: Path, corpus: Corpus) -> subprocess.Popen[bytes]:
    return tagged.reader(
        "import", "--db", str(db), str(corpus.dumps), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def whole(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")
        conn.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)")


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
