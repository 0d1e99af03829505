"""Files and folders a user may point the importer at: each bad one is refused in one line naming
it and why, and the others still import."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from reader.store import prepare
from reader.store.importer import BUSY_ATTEMPTS, IMPORTED, REFUSED
from reader.store.sqlitestore import SqliteStore
from tests.conftest import import_one

A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
B = "Delegations from six countries signed a new agreement on border cooperation and trade."
C = "A new training centre for rescue teams opened in the northern province last week."
D = "The river port of the eastern region reopened after repairs to its two main piers."
posix = pytest.mark.skipif(os.name != "posix", reason="needs POSIX file types and byte file names")


def reader(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``reader`` in a process of its own, so that a hang fails the test instead of the run."""
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        errors="backslashreplace",
    )


def dump(path: Path, *items: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n\n".join(items) + "\n", encoding="utf-8")
    return path


def imported(db: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT file_name, path FROM imports ORDER BY file_name").fetchall()


@posix
@pytest.mark.parametrize("files", [1, 4], ids=["alone", "in a folder read ahead"])
def test_a_file_name_that_is_not_utf8_imports(tmp_path: Path, files: int):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = os.fsdecode(os.path.join(os.fsencode(folder), b"caf\xe9.txt"))
    try:
        Path(bad).write_text(A, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    for n, text in enumerate((B, C, D)[: files - 1]):
        dump(folder / f"{n}.txt", text)
    db = tmp_path / "store.db"
    done = reader("import", "--db", str(db), str(folder))
    assert done.returncode == 0, done.stderr
    assert "caf\\xe9.txt: 1 item (1 new" in done.stdout
    assert done.stdout.count("\n") == files
    assert ("caf\\xe9.txt", str(folder / "caf\\xe9.txt")) in imported(db)


@posix
def test_links_are_followed_once_and_never_out_of_the_folder(tmp_path: Path):
    folder = tmp_path / "in"
    dump(folder / "a.txt", A)
    dump(folder / "deeper" / "b.txt", B)
    dump(tmp_path / "outside.txt", C)
    dump(tmp_path / "elsewhere" / "d.txt", D)
    (folder / "self").symlink_to(".")
    (folder / "self-again").symlink_to(".")
    (folder / "deeper" / "up").symlink_to("..")
    (folder / "same-deeper").symlink_to("deeper")
    (folder / "parent").symlink_to("..")
    (folder / "out.txt").symlink_to("../outside.txt")
    (folder / "far").symlink_to(tmp_path / "elsewhere")
    with SqliteStore.open(tmp_path / "store.db") as store:
        results = list(store.import_paths([folder], "News"))
        names = {name for (name,) in store.conn.execute("SELECT file_name FROM imports")}
    assert names == {"a.txt", "b.txt"}
    assert [r.outcome for r in results].count(IMPORTED) == 2
    refused = sorted(r.message for r in results if r.outcome == REFUSED)
    assert refused == [
        f"skipped {folder / name}: it links outside {folder.resolve()}"
        for name in ("far", "out.txt", "parent")
    ]


@posix
def test_devices_fifos_and_sockets_are_refused_without_waiting(tmp_path: Path):
    fifo = tmp_path / "in" / "pipe.txt"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    dump(tmp_path / "in" / "a.txt", A)
    with socket.socket(socket.AF_UNIX) as server:
        try:
            server.bind(str(tmp_path / "in" / "sock"))
        except OSError:
            pytest.skip("no Unix sockets here")
        db = str(tmp_path / "store.db")
        given = reader("import", "--db", db, "/dev/zero", "/dev/urandom", str(fifo))
        walked = reader("import", "--db", db, str(tmp_path / "in"))
    assert given.returncode == 1
    assert given.stderr.splitlines() == [
        "reader: refused zero: it is a device, not a file",
        "reader: refused urandom: it is a device, not a file",
        "reader: refused pipe.txt: it is a named pipe (FIFO), not a file",
    ]
    assert walked.returncode == 1
    assert walked.stdout.startswith("a.txt: 1 item")
    assert walked.stderr.splitlines() == [
        f"reader: refused {fifo}: it is a named pipe (FIFO), not a file",
        f"reader: refused {tmp_path / 'in' / 'sock'}: it is a socket, not a file",
    ]


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, store: SqliteStore):
    big = dump(tmp_path / "big.txt", A, B, C)
    small = dump(tmp_path / "small.txt", D)
    limit = big.stat().st_size - 1
    results = list(store.import_paths([big, small], "News", max_bytes=limit))
    assert [r.outcome for r in results] == [REFUSED, IMPORTED]
    assert results[0].message == f"refused big.txt: it is larger than the limit of {limit:,} bytes"


def test_the_size_limit_is_an_option_of_the_command(tmp_path: Path):
    big = tmp_path / "big.txt"
    big.write_text((A + "\n\n\n") * 30_000, encoding="utf-8")  # about 2.7 MB
    done = reader("import", "--db", str(tmp_path / "store.db"), "--max-size", "1", str(big))
    assert done.returncode == 1
    assert done.stderr == "reader: refused big.txt: it is larger than the limit of 1 MB\n"
    assert prepare.MAX_FILE_BYTES == 2**30


def test_a_line_of_megabytes_is_refused_and_short_lines_are_not(tmp_path: Path, store: SqliteStore):
    long_line = tmp_path / "long.txt"
    long_line.write_bytes(A.encode() + b"\n" + b"word " * (prepare.MAX_LINE_BYTES // 5 + 1) + b"\n")
    result = import_one(store, long_line, "News")
    assert (result.outcome, result.message) == (REFUSED, "refused long.txt: it has a line longer than 4 MB")
    for newline in (b"\n", b"\r\n", b"\r"):
        many_lines = tmp_path / "many.txt"
        many_lines.write_bytes((A.encode() + newline) * (2 * prepare.MAX_LINE_BYTES // len(A)))
        assert isinstance(prepare.read_file(many_lines), tuple)  # read, to be parsed


def test_a_busy_store_leaves_out_only_the_file_it_could_not_write(tmp_path: Path, store: SqliteStore):
    folder = tmp_path / "in"
    for name, text in zip("abcd", (A, B, C, D), strict=True):
        dump(folder / f"{name}.txt", text)
    store.conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program writing
    results = store.import_paths([folder], "News")
    first = next(results)
    other.execute("ROLLBACK")  # its write ends: the rest of the folder lands
    rest = list(results)
    other.close()
    assert first.outcome == REFUSED
    assert first.message == (
        f"a.txt: not imported: {store.path} is in use by another program; close it and try again"
    )
    assert [r.outcome for r in rest] == [IMPORTED] * 3
    assert store.conn.execute("SELECT count(*) FROM imports").fetchone() == (3,)
    assert BUSY_ATTEMPTS > 1
