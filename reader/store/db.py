"""A thin wrapper over sqlite3: open a store, run its migrations, transactions, readable errors.

SQLite errors the user can act on (locked, damaged, disk full, read-only) become ``StoreError`` with
one sentence naming the file; any other sqlite3 error is a bug and propagates unchanged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from reader.model import StoreBusy, StoreError
from reader.store import schema

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000
_PRAGMAS = (f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}", "PRAGMA foreign_keys = ON")
# Switching to WAL writes the file's header, so it waits until the store has been checked and
# known to be Dump Reader's.
_WRITING_PRAGMAS = ("PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL")

# Stores up to this size are checked whole when opened; quick_check costs about 2.4 ms per MB
# (80 ms for 33 MB measured here) and runs as one step SQLite cannot interrupt, so a larger store
# is checked before an import writes to it instead of at every start.
OPEN_CHECK_BYTES = 16 * 2**20
_PROBLEMS_SHOWN = 5

# Primary result codes (https://www.sqlite.org/rescode.html).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
_SENTENCES = {
    _BUSY: "{path} is in use by another program; close it and try again",
    _LOCKED: "{path} is in use by another program; close it and try again",
    _CORRUPT: "{path} is damaged or not a Dump Reader store",
    _NOTADB: "{path} is damaged or not a Dump Reader store",
    _FULL: "the disk holding {path} is full; free some space and try again",
    _READONLY: "{path} is read-only; Dump Reader cannot write to it",
    _CANTOPEN: "{path} cannot be opened; check that its folder exists and is writable",
    _IOERR: "{path} could not be read or written (a disk or file-system error)",
}


class Connection(sqlite3.Connection):
    """A store connection that remembers whether its file passed a whole quick check, and the
    damage a later check found (it then refuses every write)."""

    checked = False
    damaged: str | None = None
    # Called once, outside any transaction, just before the next write transaction begins.
    before_write: Callable[[sqlite3.Connection], None] | None = None


def connect(
    path: str | Path,
    *,
    create: bool = True,
    check: bool = True,
    before_migration: Callable[[Path], object] | None = None,
) -> sqlite3.Connection:
    """Open the store at ``path`` and bring its schema up to date; a missing store is created, or
    with ``create=False`` is a ``StoreError`` ("no store at PATH") and nothing is made.

    A damaged store is refused before anything is written to it: opening runs ``quick_check`` on
    a store up to ``OPEN_CHECK_BYTES``, and ``ensure_sound`` checks a larger one before an import
    writes. ``check=False`` skips the opening check, for further connections to a store already
    opened. ``before_migration`` is called with the path of a store of an earlier schema version
    (a backup is taken there) before it is migrated.
    """
    name = str(path)
    if not create and not Path(path).exists():
        raise StoreError(f"no store at {name}")
    with translated(name):
        conn = sqlite3.connect(name, isolation_level=None, check_same_thread=True, factory=Connection)
        try:
            for pragma in _PRAGMAS:
                conn.execute(pragma).fetchall()
            if check and _size(path) <= OPEN_CHECK_BYTES:
                _quick_check(conn, name)
            if before_migration is not None and 0 < schema.version(conn) < schema.VERSION:
                before_migration(Path(path))
            schema.migrate(conn, path=name)
            for pragma in _WRITING_PRAGMAS:
                conn.execute(pragma).fetchall()
        except BaseException:
            conn.close()
            raise
    return conn


def ensure_sound(conn: sqlite3.Connection) -> None:
    """Raise ``StoreError`` unless the whole store passes ``quick_check`` (run once per connection)."""
    if not getattr(conn, "checked", False):
        path = path_of(conn)
        with translated(path):
            _quick_check(conn, path)


def refuse_writes(conn: sqlite3.Connection, problem: str) -> None:
    """From now on ``conn`` writes nothing: a check found ``problem`` in its store. A transaction
    says so; ``query_only`` stops any write that would not start one."""
    if isinstance(conn, Connection):
        conn.damaged = problem
    conn.execute("PRAGMA query_only = ON")


@contextmanager
def before_first_write(
    conn: sqlite3.Connection, call: Callable[[sqlite3.Connection], None]
) -> Iterator[None]:
    """Within this block, ``call(conn)`` runs once, just before the first write transaction begins
    (not at all when the block writes nothing)."""
    if not isinstance(conn, Connection):
        yield
        return
    conn.before_write = call
    try:
        yield
    finally:
        conn.before_write = None


def _size(path: str | Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # a new store; opening it says why if it cannot be made


def _quick_check(conn: sqlite3.Connection, path: str) -> None:
    """Run ``PRAGMA quick_check``; raise ``StoreError`` when it finds damage."""
    problems = [row[0] for row in conn.execute(f"PRAGMA quick_check({_PROBLEMS_SHOWN})")]
    if problems != ["ok"]:
        raise StoreError(
            f"{path} is damaged ({problems[0]}); Dump Reader will not write to it:"
            " restore a backup (reader restore) or run reader check"
        )
    if isinstance(conn, Connection):
        conn.checked = True


def store_error(error: sqlite3.Error, path: str) -> StoreError | None:
    """The user-facing error for ``error``, or None when it is a bug rather than a state of the file."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return None
    sentence = _SENTENCES.get(code & 0xFF)
    if sentence is None:
        return None
    kind = StoreBusy if code & 0xFF in (_BUSY, _LOCKED) else StoreError
    return kind(sentence.format(path=path))


@contextmanager
def translated(path: str) -> Iterator[None]:
    """Turn sqlite3 errors the user can act on into ``StoreError``."""
    try:
        yield
    except sqlite3.Error as error:
        known = store_error(error, path)
        if known is None:
            raise
        raise known from error


def path_of(conn: sqlite3.Connection) -> str:
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return file or ":memory:"
    return "the store"


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Reads in this block see one state of the store, whatever other connections commit meanwhile
    (one read transaction). A block inside an open transaction joins it."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: all of the block is committed, or none of it.

    ``BEGIN IMMEDIATE`` takes the write lock up front, so a second writer waits (``busy_timeout``)
    instead of failing half-way through. A block inside an open transaction joins it.
    """
    if conn.in_transaction:
        yield conn
        return
    if (problem := getattr(conn, "damaged", None)) is not None:
        raise StoreError(
            f"{path_of(conn)} is damaged ({problem}); Dump Reader will not write to it: restore a backup"
        )
    if isinstance(conn, Connection) and (call := conn.before_write) is not None:
        conn.before_write = None
        call(conn)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise (store_error(error, path_of(conn)) or error) from error
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as error:
        # A failed COMMIT or an error such as SQLITE_FULL may already have ended the transaction.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(error, sqlite3.Error) and (known := store_error(error, path_of(conn))):
            raise known from error
        raise


def utils(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils over an open connection, for row inserts and introspection.

    Its writes use savepoints inside an open transaction, so they join ours.
    """
    # Imported here: sqlite-utils brings in click and dateutil's parser, a tenth of a second of the
    # window's start-up that only writes need.
    import sqlite_utils

    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


# Well under SQLite's limit on bound parameters, which is 999 in builds before 3.32.
CHUNK = 500


def chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    """``values`` in slices of at most ``CHUNK``, each small enough for one ``IN (...)``."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


# ``IN {ANY_OF}`` with one parameter, ``json_ids(ids)``: any number of ids, where ``?`` marks are
# limited (32,766 since SQLite 3.32, 999 before).
ANY_OF = "(SELECT value FROM json_each(?))"


def json_ids(ids: Iterable[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def placeholders(values: Sized) -> str:
    """``?,?,…``, one mark per value, for ``IN (...)``."""
    return ",".join("?" * len(values))
