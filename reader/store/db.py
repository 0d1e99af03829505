"""A thin wrapper over sqlite3: open a store, run its migrations, transactions, readable errors.

SQLite errors the user can act on (locked, damaged, disk full, read-only) become ``StoreError`` with
one sentence naming the file; any other sqlite3 error is a bug and propagates unchanged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from reader.model import StoreBusy, StoreError
from reader.store import schema

BUSY_TIMEOUT_MS = 5000
_PRAGMAS = (
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
)

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


def connect(path: str | Path) -> sqlite3.Connection:
    """Open the store at ``path`` (created when missing) and bring its schema up to date."""
    name = str(path)
    with translated(name):
        conn = sqlite3.connect(name, isolation_level=None, check_same_thread=True)
        try:
            for pragma in _PRAGMAS:
                conn.execute(pragma).fetchall()
            schema.migrate(conn, path=name)
        except BaseException:
            conn.close()
            raise
    return conn


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
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: all of the block is committed, or none of it.

    ``BEGIN IMMEDIATE`` takes the write lock up front, so a second writer waits (``busy_timeout``)
    instead of failing half-way through. A block inside an open transaction joins it.
    """
    if conn.in_transaction:
        yield conn
        return
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
    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
