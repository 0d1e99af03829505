"""The backups taken without being asked: once a day before an import writes to a store, and
before a store of an earlier schema version is migrated; and which backups are kept.

Each is a ``backup.backup``: SQLite's online backup API, verified by ``quick_check`` before it takes
its name (a copy that fails is removed and the import does not start). After a daily backup, the
backups folder keeps the newest ``KEEP_LAST`` backups and the newest of each of the past
``KEEP_WEEKS`` weeks; the rest are removed.
"""

from __future__ import annotations

import glob
import sqlite3
from collections.abc import Iterable
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

from reader.model import StoreError
from reader.store import backup

KEEP_LAST = 10
KEEP_WEEKS = 4
# A store changed by several imports in a day is backed up before the first of them only.
EVERY = timedelta(days=1)
_WEEK = timedelta(weeks=1)


def kept(taken: Iterable[datetime], now: datetime) -> set[datetime]:
    """Which of the backups taken at ``taken`` to keep at ``now``: the newest ``KEEP_LAST``, and the
    newest of each of the past ``KEEP_WEEKS`` weeks (the seven days before ``now``, the seven
    before those, …)."""
    newest = sorted(set(taken), reverse=True)
    keep = set(newest[:KEEP_LAST])
    for week in range(KEEP_WEEKS):
        end = now - week * _WEEK
        in_week = [t for t in newest if end - _WEEK < t <= end]
        if in_week:
            keep.add(in_week[0])
    return keep


def before_import(conn: sqlite3.Connection, path: Path, now: datetime | None = None) -> Path | None:
    """Back up the store at ``path`` unless it holds nothing yet or was backed up in the past day;
    then remove the backups no longer kept. The new backup's path, or None when none was needed.

    Called once per import, just before its first write, on the import's connection ``conn``
    (outside any transaction), so an import that writes nothing takes no backup.
    """
    now = now or datetime.now(UTC)
    if conn.execute("SELECT NOT EXISTS (SELECT 1 FROM imports)").fetchone()[0]:
        return None  # a new store: there is nothing to lose yet
    existing = backup.backups_of(path)
    if existing and existing[0].taken > now - EVERY:
        return None
    made = _backup(path, "the import")
    prune(path, now)
    return made


def before_migration(path: Path) -> Path:
    """Back up a store of an earlier schema version before it is migrated."""
    return _backup(path, "it was brought up to this version of Dump Reader")


def prune(path: Path, now: datetime) -> list[Path]:
    """Remove the backups of the store at ``path`` that ``kept`` does not keep, and the partial
    copies of backups a killed program left more than a day ago; return what was removed."""
    backups = backup.backups_of(path)
    keep = kept((b.taken for b in backups), now)
    gone = [b.path for b in backups if b.taken not in keep]
    stale = (now - EVERY).timestamp()
    for partial in backup.backup_folder(path).glob(f".{glob.escape(path.stem)}-*.part"):
        with suppress(OSError):  # gone already, or another program's backup still writing it
            if partial.stat().st_mtime < stale:
                gone.append(partial)
    for file in gone:
        file.unlink(missing_ok=True)
    return gone


def _backup(path: Path, before: str) -> Path:
    try:
        return backup.backup(path)
    except (StoreError, OSError) as error:
        if isinstance(error, OSError) and error.strerror:
            reason = f"{error.filename}: {error.strerror}" if error.filename else error.strerror
        else:
            reason = str(error)
        raise StoreError(
            f"{path} could not be backed up before {before} ({reason}); nothing was changed"
        ) from error
