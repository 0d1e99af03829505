"""Checking, backing up and restoring a store file.

Backups use SQLite's online backup API, never a file copy, so a backup taken while another program
writes is still one consistent state of the store; each is verified by ``quick_check`` before it
takes its name. A restore first backs up the store it replaces.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from reader.model import BackupInfo, CheckReport, StoreError
from reader.store import schema
from reader.store.db import snapshot, transaction, translated, utils
from reader.store.fts import register_functions

BACKUP_FOLDER = "backups"
_PROBLEMS_SHOWN = 10
# A backup's name carries the moment it was taken (UTC), so listing and rotating backups never
# depends on file times, which copying a folder changes.
_STAMP = "%Y%m%d-%H%M%S-%f"
_DAMAGED = "-damaged-"  # in the name of a store kept aside by a restore, never taken for a backup
_STAMP_PATTERN = r"\d{8}-\d{6}-\d{6}"


def check(path: Path, *, repair: bool = True) -> CheckReport:
    """``check_open`` on a plain connection to the file at ``path``: no migration and no check
    before, so that a damaged or old store can be looked at."""
    with _opened(path) as conn:
        return check_open(conn, repair=repair)


def check_open(conn: sqlite3.Connection, *, repair: bool = True) -> CheckReport:
    """Run the whole integrity check, check the full-text index and the counts of items by day
    against the items, and rebuild whichever of them is wrong (they hold nothing the items do not);
    ``repair=False`` only looks."""
    if problems := _damage(conn, "integrity_check"):
        return CheckReport(problems, index_ok=None)
    index_ok, counts_ok = _index_ok(conn), _counts_ok(conn)
    report = CheckReport((), index_ok=index_ok, counts_ok=counts_ok)
    if not repair or (index_ok and counts_ok):
        return report
    with transaction(conn):
        if not index_ok:
            conn.execute("INSERT INTO items_fts(items_fts) VALUES ('rebuild')")
        if not counts_ok:
            _refill_counts(conn)
    return replace(
        report,
        index_rebuilt=not index_ok and _index_ok(conn),
        counts_rebuilt=not counts_ok and _counts_ok(conn),
    )


def verify(conn: sqlite3.Connection) -> CheckReport:
    """The check after an import, on ``conn`` and writing nothing: every page of the file
    (``quick_check``), the tables and columns, and the counts of items by day, in one read
    transaction. It leaves out what ``check`` adds, comparing every index with its table and the
    full-text index with the items, which stems every item again (26 s at 100,000 news items, and
    growing with the store) and holds the store's write lock meanwhile, so every mark would wait."""
    with snapshot(conn):
        if problems := _damage(conn, "quick_check"):
            return CheckReport(problems, index_ok=None)
        return CheckReport((), index_ok=None, counts_ok=_counts_ok(conn))


def _damage(conn: sqlite3.Connection, pragma: str) -> tuple[str, ...]:
    """What ``pragma`` (``integrity_check`` or ``quick_check``) finds wrong with the file, or else
    the tables and columns that differ from the schema; empty when the store is sound."""
    problems = tuple(row[0] for row in conn.execute(f"PRAGMA {pragma}({_PROBLEMS_SHOWN})"))
    if problems != ("ok",):
        return problems
    return schema_differences(conn)


def schema_differences(conn: sqlite3.Connection) -> tuple[str, ...]:
    """The tables and columns a store of this version should have and ``conn``'s has not, found by
    comparing it with a new store's (sqlite-utils reads both)."""
    reference = sqlite3.connect(":memory:", isolation_level=None)
    try:
        schema.migrate(reference)
        want = {t.name: set(t.columns_dict) for t in utils(reference).tables}
    finally:
        reference.close()
    have = {t.name: set(t.columns_dict) for t in utils(conn).tables}
    out = []
    for table, columns in sorted(want.items()):
        if table not in have:
            out.append(f"the table {table} is missing")
        elif lacking := sorted(columns - have[table]):
            out.append(f"the table {table} lacks the column(s) {', '.join(lacking)}")
    return tuple(out)


def _index_ok(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError:
        return False
    return True


def recount(conn: sqlite3.Connection) -> bool:
    """Count the items by day again if ``day_counts`` differs from the items, without the rest of
    a ``check``; True when it was counted again."""
    if _counts_ok(conn):
        return False
    with transaction(conn):
        _refill_counts(conn)
    return True


def _refill_counts(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM day_counts")
    conn.execute(f"INSERT INTO day_counts {schema.DAY_COUNTS}")


def _counts_ok(conn: sqlite3.Connection) -> bool:
    """Whether ``day_counts`` holds what counting the items gives (rows of no items aside)."""
    # A few rows per source and day, so compared here: SQL would count the items twice.
    kept = set(conn.execute("SELECT source_id, day, n FROM day_counts WHERE n != 0"))
    return kept == set(conn.execute(f"SELECT source_id, day, n FROM ({schema.DAY_COUNTS}) WHERE n != 0"))


def backup(path: Path, target: Path | None = None) -> Path:
    """Back the store at ``path`` up into ``target``, by default a new file in ``backups/`` beside
    the store; return the backup's path once it has passed ``quick_check``."""
    if target is None:
        target = backup_target(path, datetime.now(UTC))
        target.parent.mkdir(exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    try:
        _copy(path, partial)
        _verify(partial, what=f"the backup of {path}")
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _copy(path: Path, target: Path) -> None:
    with _opened(path) as source, translated(str(target)), closing(sqlite3.connect(target)) as copy:
        source.backup(copy)


def backup_target(path: Path, when: datetime) -> Path:
    """Where a backup of the store at ``path`` taken at ``when`` (UTC) goes in its backups folder."""
    return backup_folder(path) / f"{path.stem}-{when.strftime(_STAMP)}{path.suffix or '.db'}"


def backup_folder(path: Path) -> Path:
    return path.absolute().parent / BACKUP_FOLDER


def backups_of(path: Path) -> list[BackupInfo]:
    """The backups of the store at ``path`` in its backups folder, newest first, as their names
    and sizes tell (nothing is opened)."""
    name = re.compile(re.escape(path.stem) + f"-({_STAMP_PATTERN})" + re.escape(path.suffix or ".db"))
    found = []
    try:
        entries = list(os.scandir(backup_folder(path)))
    except FileNotFoundError:
        return []
    for entry in entries:
        if (match := name.fullmatch(entry.name)) and entry.is_file():
            taken = datetime.strptime(match[1], _STAMP).replace(tzinfo=UTC)
            found.append(BackupInfo(Path(entry.path), taken, entry.stat().st_size))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def examined(info: BackupInfo) -> BackupInfo:
    """``info`` with the backup's item count and whether it passes ``quick_check`` now."""
    try:
        with _opened(info.path) as conn:
            sound = [row[0] for row in conn.execute("PRAGMA quick_check")] == ["ok"]
            items: int | None = conn.execute("SELECT count(*) FROM items").fetchone()[0] if sound else None
    except (StoreError, sqlite3.DatabaseError):
        return BackupInfo(info.path, info.taken, info.size, None, False)
    return BackupInfo(info.path, info.taken, info.size, items, sound)


def restore(path: Path, backup_file: Path) -> Path | None:
    """Replace the store at ``path`` by ``backup_file``, after backing the current store up; return
    where that backup went (None when there was no store).

    A current store too damaged to pass as a backup is still kept, named ``…-damaged-…`` so that
    it is never taken for a backup, before the backup replaces it.
    """
    _verify(backup_file, what=str(backup_file))
    before = _keep_current(path) if path.exists() else None
    if before is not None and _DAMAGED in before.name and not _readable(path):
        # SQLite cannot write over a file it cannot read: the kept copy is all that stays of it.
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
    with _opened(backup_file) as source, translated(str(path)), closing(sqlite3.connect(path)) as store:
        source.backup(store)
    return before


def _keep_current(path: Path) -> Path:
    try:
        return backup(path)
    except StoreError:
        stamp = datetime.now(UTC).strftime(_STAMP)
        kept = backup_folder(path) / f"{path.stem}{_DAMAGED}{stamp}{path.suffix or '.db'}"
        kept.parent.mkdir(exist_ok=True)
        if _readable(path):
            _copy(path, kept)
        else:  # not a database any more: kept byte for byte, for whoever can read it
            shutil.copyfile(path, kept)
        return kept


def _readable(path: Path) -> bool:
    """Whether SQLite can read the file as a database at all, damaged or not."""
    try:
        with closing(sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        return False
    return True


def _verify(path: Path, *, what: str) -> None:
    """Raise ``StoreError`` unless ``path`` is a sound store this Dump Reader can open."""
    with _opened(path) as conn:
        if [row[0] for row in conn.execute("PRAGMA quick_check")] != ["ok"]:
            raise StoreError(f"{what} is damaged; it was not used")
        version = schema.version(conn)
    if not 0 < version <= schema.VERSION:
        raise StoreError(f"{what} is not a store this Dump Reader can open (schema {version})")


@contextmanager
def _opened(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection to an existing file: no migration and no check, for looking at a store
    that may be damaged or old."""
    if not path.is_file():
        raise StoreError(f"no store at {path}")
    with translated(str(path)):
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True, isolation_level=None)
        # Checking or rebuilding the full-text index reads its view, which stems the items.
        register_functions(conn)
        try:
            yield conn
        finally:
            conn.close()
