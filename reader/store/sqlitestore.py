"""The SQLite implementation of ``reader.storage.Store``.

A ``SqliteStore`` owns one connection, which belongs to the thread that opened it; ``session()``
opens another for a worker thread. Every call runs inside ``_guard``, so no sqlite3 exception leaves:
what a user can act on becomes ``StoreError``, an interrupted read ``Interrupted``, and any other
database error propagates as the bug it is.
"""

from __future__ import annotations

import os
import sqlite3
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Self

from reader.model import (
    DEFAULT_HIGHLIGHT_COLOR,
    MAX_FILE_BYTES,
    TOP_KINDS,
    Annotation,
    AnnotationFilter,
    Boilerplate,
    Cancelled,
    Changes,
    CheckReport,
    DumpFile,
    FilePreview,
    Filter,
    Highlight,
    ImportRecord,
    ImportResult,
    Interrupted,
    ItemDetail,
    ItemMarks,
    Kind,
    ListRow,
    MarkedItem,
    MarksApplied,
    MonthCount,
    Query,
    RemovalPlan,
    SavedPage,
    Selection,
    Sort,
    SourcePlan,
    TreeNode,
)
from reader.store import (
    applymarks,
    autobackup,
    backup,
    boilerplate,
    browse,
    dateorder,
    db,
    history,
    idlists,
    importer,
    items,
    marked,
    marks,
    removal,
    savedpage,
    sitenames,
    sources,
)

_INTERRUPT = 9  # SQLITE_INTERRUPT (https://www.sqlite.org/rescode.html)


class SqliteStore:
    def __init__(self, conn: sqlite3.Connection, path: Path, damaged: str | None = None) -> None:
        self._damaged = damaged
        if damaged is not None:
            db.refuse_writes(conn, damaged)
        self._conn: sqlite3.Connection | None = conn
        self._path = path
        self._data_version: int | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True) -> SqliteStore:
        """Open (or, with ``create``, create) the store at ``path``; StoreError when it cannot be used."""
        path = Path(path)
        return cls(db.connect(path, create=create, before_migration=autobackup.before_migration), path)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("the store is closed")
        return self._conn

    def session(self, *, busy_wait_ms: int | None = None) -> SqliteStore:
        # Checked when opened; a session of a damaged store refuses writes as this handle does.
        conn = db.connect(self._path, check=False)
        if busy_wait_ms is not None:
            conn.execute(f"PRAGMA busy_timeout = {int(busy_wait_ms)}")
        return SqliteStore(conn, self._path, self._damaged)

    def changed_elsewhere(self) -> bool:
        # data_version moves only for commits made through other connections, and costs no I/O
        # beyond the WAL index (https://www.sqlite.org/pragma.html#pragma_data_version).
        with self._guard() as conn:
            version = int(conn.execute("PRAGMA data_version").fetchone()[0])
        seen, self._data_version = self._data_version, version
        return seen is not None and seen != version

    def refuse_writes(self, problem: str) -> None:
        self._damaged = problem
        db.refuse_writes(self.conn, problem)

    def reopen(self) -> None:
        self.close()
        self._conn = db.connect(self._path, before_migration=autobackup.before_migration)
        self._damaged = None

    def interrupt(self) -> None:
        if self._conn is not None:
            self._conn.interrupt()

    def verify(self) -> CheckReport:
        with self._guard() as conn:
            return backup.verify(conn)

    def check(self, *, repair: bool = True) -> CheckReport:
        with self._guard() as conn:
            return backup.check_open(conn, repair=repair)

    def recount(self) -> bool:
        with self._guard() as conn:
            return backup.recount(conn)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        try:
            yield conn
        except sqlite3.Error as error:
            if getattr(error, "sqlite_errorcode", None) == _INTERRUPT:
                raise Interrupted() from error
            known = db.store_error(error, str(self._path))
            if known is None:
                raise
            raise known from error

    # Reads.

    def is_empty(self) -> bool:
        with self._guard() as conn:
            return browse.is_empty(conn)

    def tree(
        self,
        kinds: Collection[Kind] = TOP_KINDS,
        *,
        sources: Collection[int] | None = None,
        periods: bool = True,
    ) -> tuple[TreeNode, ...]:
        with self._guard() as conn:
            return browse.load_tree(conn, kinds, sources=sources, source_periods=periods)

    def item_ids(
        self,
        flt: Filter,
        sort: Sort = Sort(),
        query: Query | None = None,
        *,
        first: Callable[[array[int]], None] | None = None,
    ) -> array[int]:
        with self._guard() as conn:
            return idlists.item_ids(conn, flt, sort, query, first=first)

    def rows(self, ids: Collection[int]) -> dict[int, ListRow]:
        with self._guard() as conn:
            return browse.list_rows(conn, list(ids))

    def item(self, item_id: int) -> ItemDetail | None:
        with self._guard() as conn:
            return items.load_item(conn, item_id)

    def resolve(self, item_id: int) -> int | None:
        with self._guard() as conn:
            return items.resolve(conn, item_id)

    def histogram(self, flt: Filter, query: Query | None = None) -> list[MonthCount]:
        with self._guard() as conn:
            return browse.month_histogram(conn, flt, query)

    def place_of(self, item_id: int) -> Filter | None:
        with self._guard() as conn:
            return browse.item_place(conn, item_id)

    def imports(self, source: str | None = None) -> list[ImportRecord]:
        with self._guard() as conn:
            return history.imports(conn, source)

    def export_items(self) -> Iterator[ItemDetail]:
        with self._guard() as conn:
            yield from items.iter_export_rows(conn)

    def boilerplate(self, source: str | None = None, status: str | None = "candidate") -> list[Boilerplate]:
        with self._guard() as conn:
            return boilerplate.listed(conn, source, status)

    def files(self, paths: Iterable[str | os.PathLike[str]]) -> Iterator[DumpFile]:
        return importer.list_files(paths)

    def preview(
        self,
        path: str | os.PathLike[str],
        source: str,
        encoding: str | None = None,
        *,
        year: int | None = None,
        reimport: bool = False,
    ) -> FilePreview:
        with self._guard() as conn:
            return importer.preview_file(conn, path, source, encoding, year=year, reimport=reimport)

    def sources(self) -> list[str]:
        with self._guard() as conn:
            return browse.source_names(conn)

    def site_name(self, paths: Sequence[str | os.PathLike[str]]) -> str | None:
        return sitenames.suggested_name(paths)

    def export_selection(self, selection: Selection) -> Iterator[ItemDetail]:
        with self._guard() as conn:
            yield from marked.selected_items(conn, selection)

    def annotations(self, flt: AnnotationFilter = AnnotationFilter()) -> list[Annotation]:
        with self._guard() as conn:
            return marked.list_annotations(conn, flt)

    def tag_names(self) -> list[str]:
        with self._guard() as conn:
            return marked.tag_names(conn)

    def tags_of(self, item_ids: Collection[int]) -> list[str]:
        with self._guard() as conn:
            return marked.tags_of(conn, item_ids)

    def marked_items(self) -> Iterator[MarkedItem]:
        with self._guard() as conn:
            yield from marked.marked_items(conn)

    # Mutations.

    def saved_page(self, item_id: int, import_id: int | None = None) -> SavedPage | None:
        with self._guard() as conn:
            return savedpage.saved_page(conn, item_id, import_id)

    def keep_line(self, import_id: int, line: int) -> Changes:
        with self._guard() as conn:
            return savedpage.keep_line(conn, import_id, line)

    def drop_line(self, import_id: int, line: int) -> Changes:
        with self._guard() as conn:
            return savedpage.drop_line(conn, import_id, line)

    def line_status(self, import_id: int, line: int) -> str | None:
        with self._guard() as conn:
            return savedpage.line_status(conn, import_id, line)

    def restore_line(self, import_id: int, line: int, status: str | None) -> Changes:
        with self._guard() as conn:
            return savedpage.restore_line(conn, import_id, line, status)

    def import_paths(
        self,
        paths: Iterable[str | os.PathLike[str]],
        source: str | None = None,
        *,
        cancelled: Cancelled | None = None,
        encodings: Mapping[Path, str] | None = None,
        max_bytes: int = MAX_FILE_BYTES,
        year: int | None = None,
        reimport: bool = False,
        detail: bool = False,
    ) -> Iterator[ImportResult]:
        # The store's daily backup, taken before the first file that changes the store is written.
        with self._guard() as conn, db.before_first_write(conn, self._daily_backup):
            yield from importer.import_paths(
                conn,
                paths,
                source,
                cancelled,
                encodings,
                max_bytes=max_bytes,
                year=year,
                reimport=reimport,
                detail=detail,
            )

    def _daily_backup(self, conn: sqlite3.Connection) -> None:
        autobackup.before_import(conn, self._path)

    def set_bookmark(self, item_id: int, on: bool = True) -> Changes:
        with self._guard() as conn:
            return marks.set_bookmark(conn, item_id, on)

    def set_note(self, item_id: int, text: str) -> Changes:
        with self._guard() as conn:
            return marks.set_note(conn, item_id, text)

    def add_tag(self, item_id: int, name: str) -> Changes:
        with self._guard() as conn:
            return marks.add_tag(conn, item_id, name)

    def remove_tag(self, item_id: int, name: str) -> Changes:
        with self._guard() as conn:
            return marks.remove_tag(conn, item_id, name)

    def add_highlight(
        self,
        item_id: int,
        quote: str,
        *,
        prefix: str = "",
        suffix: str = "",
        start: int | None = None,
        end: int | None = None,
        color: str = DEFAULT_HIGHLIGHT_COLOR,
        note: str = "",
    ) -> Changes:
        with self._guard() as conn:
            return marks.add_highlight(
                conn,
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
        with self._guard() as conn:
            return marks.remove_highlight(conn, highlight_id)

    def restore_highlight(self, item_id: int, highlight: Highlight) -> Changes:
        with self._guard() as conn:
            return marks.restore_highlight(conn, item_id, highlight)

    def set_boilerplate(self, source: str, text: str, status: str) -> Changes:
        with self._guard() as conn:
            return boilerplate.set_status(conn, source, text, status)

    def removal_plan(self, import_id: int) -> RemovalPlan:
        with self._guard() as conn:
            return removal.plan(conn, import_id)

    def remove_import(self, import_id: int, *, drop_marked: bool = False) -> Changes:
        with self._guard() as conn:
            before = dateorder.stamp(conn)
            changes = removal.remove(conn, import_id, drop_marked=drop_marked)
            dateorder.keep(conn, before)
            return changes

    def rename_source(self, old: str, new: str) -> Changes:
        with self._guard() as conn:
            return sources.rename(conn, old, new)

    def merge_sources(self, name: str, into: str) -> Changes:
        with self._guard() as conn:
            return sources.merge(conn, name, into)

    def source_deletion_plan(self, name: str) -> SourcePlan:
        with self._guard() as conn:
            return sources.deletion_plan(conn, name)

    def delete_source(self, name: str, *, drop_marked: bool = False) -> Changes:
        with self._guard() as conn:
            before = dateorder.stamp(conn)
            changes = sources.delete(conn, name, drop_marked=drop_marked)
            dateorder.keep(conn, before)
            return changes

    def update_highlight(
        self, highlight_id: int, *, color: str | None = None, note: str | None = None
    ) -> Changes:
        with self._guard() as conn:
            return marks.update_highlight(conn, highlight_id, color=color, note=note)

    def tag_items(
        self, item_ids: Collection[int], add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> Changes:
        with self._guard() as conn:
            return marks.tag_items(conn, item_ids, add, remove)

    def rename_tag(self, old: str, new: str) -> Changes:
        with self._guard() as conn:
            return marks.rename_tag(conn, old, new)

    def delete_tag(self, name: str) -> Changes:
        with self._guard() as conn:
            return marks.delete_tag(conn, name)

    def apply_marks(self, marks: Iterable[ItemMarks]) -> MarksApplied:
        with self._guard() as conn:
            return applymarks.apply_marks(conn, marks)
