"""The store facade: one open store file, and every operation the CLI and the window need.

A ``Store`` owns one connection, which belongs to the thread that opened it; a worker thread calls
``connect()`` for a connection of its own to the same file. Each mutation runs in one transaction and
returns the ``Changes`` it made.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

from reader.model import Changes, ItemDetail
from reader.store import annotations, boilerplate, db, importer, items
from reader.store.importer import ImportResult, Progress


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True) -> Store:
        """Open the store at ``path``, created when missing unless ``create`` is False; raise
        StoreError when it cannot be used (missing and not to be created, damaged, locked)."""
        path = Path(path)
        return cls(db.connect(path, create=create), path)

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("the store is closed")
        return self._conn

    def connect(self) -> sqlite3.Connection:
        """A new connection to the same file, for use in the calling thread only."""
        return db.connect(self.path, check=False)  # checked when the store was opened

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # Importing.

    def import_file(
        self, path: str | os.PathLike[str], source: str, progress: Progress | None = None
    ) -> ImportResult:
        return importer.import_file(self.conn, path, source, progress)

    def import_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        source: str | None = None,
        progress: Progress | None = None,
        *,
        max_bytes: int = importer.MAX_FILE_BYTES,
    ) -> Iterator[ImportResult]:
        return importer.import_paths(self.conn, paths, source, progress, max_bytes=max_bytes)

    # Reading.

    def resolve(self, item_id: int) -> int | None:
        return items.resolve(self.conn, item_id)

    def item(self, item_id: int) -> ItemDetail | None:
        return items.load_item(self.conn, item_id)

    def iter_export(self) -> Iterator[ItemDetail]:
        return items.iter_export_rows(self.conn)

    # The user's marks.

    def set_bookmark(self, item_id: int, on: bool = True) -> Changes:
        return annotations.set_bookmark(self.conn, item_id, on)

    def clear_bookmark(self, item_id: int) -> Changes:
        return annotations.clear_bookmark(self.conn, item_id)

    def set_note(self, item_id: int, text: str) -> Changes:
        return annotations.set_note(self.conn, item_id, text)

    def add_tag(self, item_id: int, name: str) -> Changes:
        return annotations.add_tag(self.conn, item_id, name)

    def remove_tag(self, item_id: int, name: str) -> Changes:
        return annotations.remove_tag(self.conn, item_id, name)

    def add_highlight(
        self,
        item_id: int,
        quote: str,
        *,
        prefix: str = "",
        suffix: str = "",
        start: int | None = None,
        end: int | None = None,
        color: str = annotations.DEFAULT_COLOR,
        note: str = "",
    ) -> Changes:
        return annotations.add_highlight(
            self.conn,
            item_id,
            quote,
            prefix=prefix,
            suffix=suffix,
            start=start,
            end=end,
            color=color,
            note=note,
        )

    def remove_highlight(self, highlight_id: int) -> Changes:
        return annotations.remove_highlight(self.conn, highlight_id)

    # Learnt boilerplate.

    def boilerplate(
        self, source: str | None = None, status: str | None = "candidate"
    ) -> list[boilerplate.Boilerplate]:
        return boilerplate.listed(self.conn, source, status)

    def set_boilerplate(self, source: str, text: str, status: str) -> Changes:
        return boilerplate.set_status(self.conn, source, text, status)
