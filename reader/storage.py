"""The one interface through which the window and the command line use a store.

``Store`` is what they hold: reads of the tree, the ordered item ids of a node, rows and items, the
timeline and the import history, and mutations that each run in one transaction and return the
``Changes`` they made. Values crossing it live in ``reader.model``; no database type or exception
does: a store raises ``UserError`` for what a user can act on, ``Interrupted`` for a read whose
result is no longer wanted, and anything else is a bug. ``open_store`` gives the SQLite store; a
second backend would implement the same protocol (see docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self

from reader.model import (
    DEFAULT_HIGHLIGHT_COLOR,
    MAX_FILE_BYTES,
    TOP_KINDS,
    Annotation,
    AnnotationFilter,
    BackupInfo,
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

PathLike = str | os.PathLike[str]


class Store(Protocol):
    """A user's store of items, sources and marks."""

    @property
    def path(self) -> Path:
        """Where the store lives, to show the user."""
        ...

    def session(self, *, busy_wait_ms: int | None = None) -> Store:
        """Another handle on the same store for the calling thread only (a worker's own). With
        ``busy_wait_ms`` its writes wait that long for another program's write before they raise
        ``StoreBusy`` (instead of the store's usual few seconds)."""
        ...

    def changed_elsewhere(self) -> bool:
        """Whether anything was committed to the store through another handle or program since the
        previous call on this handle; the first call only takes note. Cheap enough to poll."""
        ...

    def interrupt(self) -> None:
        """Stop a read running in this handle's thread; it raises ``Interrupted``. Thread-safe."""
        ...

    def close(self) -> None: ...

    def refuse_writes(self, problem: str) -> None:
        """Write nothing from now on, in this handle and the sessions it opens: a check found
        ``problem``. A mutation raises ``StoreError`` saying so."""
        ...

    def reopen(self) -> None:
        """Open the store's file again, checked and migrated as when first opened: after a restore
        replaced it."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def verify(self) -> CheckReport:
        """The check after an import, on this handle so that ``interrupt`` stops it, writing
        nothing: every page of the file, its tables and columns and the counts of items by day
        (``index_ok`` is None: the full-text index is compared with the items by ``check_store``).
        A store too damaged for the check to read on raises ``StoreError``."""
        ...

    def check(self, *, repair: bool = True) -> CheckReport:
        """``check_store`` on this handle, so that ``interrupt`` stops it: the whole integrity
        check, and the full-text index and the counts of items by day compared with the items and
        rebuilt when only they differ (``repair=False`` only looks). It grows with the store (26 s
        at 100,000 news items), and the store's other writers wait for it."""
        ...

    def recount(self) -> bool:
        """Count the items by day again when the kept counts differ from the items (what
        ``verify`` found); True when they were counted again."""
        ...

    # Reads.

    def is_empty(self) -> bool: ...

    def tree(
        self,
        kinds: Collection[Kind] = TOP_KINDS,
        *,
        sources: Collection[int] | None = None,
        periods: bool = True,
    ) -> tuple[TreeNode, ...]:
        """Top-level nodes of ``kinds`` with their counts, in display order. With ``sources`` the
        Sources node holds only those sources; without ``periods`` no source has day nodes."""
        ...

    def item_ids(
        self,
        flt: Filter,
        sort: Sort = Sort(),
        query: Query | None = None,
        *,
        first: Callable[[array[int]], None] | None = None,
    ) -> array[int]:
        """The ids of a node's items matching ``query``, in ``sort`` order; ``first`` is called
        with the first screen of them as soon as it is known."""
        ...

    def rows(self, ids: Collection[int]) -> dict[int, ListRow]:
        """The list's rows of ``ids`` (ids no longer stored are left out)."""
        ...

    def item(self, item_id: int) -> ItemDetail | None:
        """Everything the reading pane shows of an item; an id merged away gives its survivor."""
        ...

    def resolve(self, item_id: int) -> int | None:
        """The id an item has now (items merge), or None when it never existed."""
        ...

    def histogram(self, flt: Filter, query: Query | None = None) -> list[MonthCount]: ...

    def place_of(self, item_id: int) -> Filter | None:
        """The node of the item's first source and day: where "show in tree" goes."""
        ...

    def imports(self, source: str | None = None) -> list[ImportRecord]: ...

    def export_items(self) -> Iterator[ItemDetail]:
        """Every item, oldest first, read a batch at a time."""
        ...

    def boilerplate(
        self, source: str | None = None, status: str | None = "candidate"
    ) -> list[Boilerplate]: ...

    def files(self, paths: Iterable[PathLike]) -> Iterator[DumpFile]:
        """The files an import of ``paths`` would read (folders walked), in the order it reads them."""
        ...

    def preview(
        self,
        path: PathLike,
        source: str,
        encoding: str | None = None,
        *,
        year: int | None = None,
        reimport: bool = False,
    ) -> FilePreview:
        """What importing one file as ``source`` (with ``import_paths``'s ``year`` and
        ``reimport``) would do, leaving the store as it is."""
        ...

    def sources(self) -> list[str]:
        """The names of the sources, in name order."""

    def site_name(self, paths: Sequence[PathLike]) -> str | None:
        """The site name most of these dump files carry (a domain, a header line), read from the
        first part of a few of them; None when they do not tell or do not agree."""
        ...

    def export_selection(self, selection: Selection) -> Iterator[ItemDetail]:
        """The items ``selection`` keeps, oldest first; a tag or source it names that does not
        exist is a ``UserError``."""
        ...

    def annotations(self, flt: AnnotationFilter = AnnotationFilter()) -> list[Annotation]:
        """The notes and highlights of one item or of the whole store, narrowed by ``flt``: newest
        item first, each item's note, then its highlights in text order, orphans last."""
        ...

    def tag_names(self) -> list[str]:
        """Every tag, used or not, in alphabetical order."""
        ...

    def tags_of(self, item_ids: Collection[int]) -> list[str]:
        """The tags any of ``item_ids`` carry, in alphabetical order."""
        ...

    def marked_items(self) -> Iterator[MarkedItem]:
        """Every bookmarked, tagged, noted or highlighted item, oldest first, named by its text."""
        ...

    def saved_page(self, item_id: int, import_id: int | None = None) -> SavedPage | None:
        """The page the item's occurrence in ``import_id`` (its first by default) was cut from, as
        it was saved, each line with what the import made of it; None when the page was not kept
        and its file is gone or changed."""
        ...

    # Mutations: each one transaction, returning what it changed.

    def import_paths(
        self,
        paths: Iterable[PathLike],
        source: str | None = None,
        *,
        cancelled: Cancelled | None = None,
        encodings: Mapping[Path, str] | None = None,
        max_bytes: int = MAX_FILE_BYTES,
        year: int | None = None,
        reimport: bool = False,
        detail: bool = False,
    ) -> Iterator[ImportResult]:
        """Import files and folders, one transaction per file, yielding each file's result (with its
        ``Changes``) as it lands. Without ``source`` each path gives its own source name;
        ``encodings`` forces the encoding of some files; a file over ``max_bytes`` is refused.
        ``year`` is the year of dates without one on pages that give none. With ``reimport`` a
        file imported before is imported again in place of its earlier import (no item twice);
        without, it is reported as already imported. The items the run added or merged into
        become the "Last import" node. ``detail`` puts each file's items and dropped lines in its
        result, as a preview shows them. When ``cancelled`` answers True the import stops, rolling
        back the file in progress."""
        ...

    def set_bookmark(self, item_id: int, on: bool = True) -> Changes: ...

    def set_note(self, item_id: int, text: str) -> Changes: ...

    def add_tag(self, item_id: int, name: str) -> Changes: ...

    def remove_tag(self, item_id: int, name: str) -> Changes: ...

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
    ) -> Changes: ...

    def remove_highlight(self, highlight_id: int) -> Changes: ...

    def restore_highlight(self, item_id: int, highlight: Highlight) -> Changes:
        """Put a removed highlight back on the item as it was, under its own id while that is free."""
        ...

    def set_boilerplate(self, source: str, text: str, status: str) -> Changes: ...

    def removal_plan(self, import_id: int) -> RemovalPlan:
        """What removing an import would do, and which marked items it would take away."""
        ...

    def remove_import(self, import_id: int, *, drop_marked: bool = False) -> Changes:
        """The store as if the import had never been: raises ``MarkedItems`` when items only it
        brought carry marks, unless ``drop_marked``."""
        ...

    def rename_source(self, old: str, new: str) -> Changes:
        """Rename a source; a name another source has is refused."""
        ...

    def merge_sources(self, name: str, into: str) -> Changes:
        """Move the imports and items of source ``name`` into ``into`` and remove ``name``."""

    def source_deletion_plan(self, name: str) -> SourcePlan:
        """What deleting source ``name`` would do, and which marked items it would take away."""
        ...

    def delete_source(self, name: str, *, drop_marked: bool = False) -> Changes:
        """Delete a source with all its imports, as removing each of them does; raises
        ``MarkedItems`` when items only it brought carry marks, unless ``drop_marked``."""
        ...

    def update_highlight(
        self, highlight_id: int, *, color: str | None = None, note: str | None = None
    ) -> Changes:
        """Change a highlight's colour or comment; None leaves either as it is."""
        ...

    def tag_items(
        self, item_ids: Collection[int], add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> Changes:
        """Add tags to many items and take others off them, in one transaction."""
        ...

    def rename_tag(self, old: str, new: str) -> Changes:
        """Rename a tag everywhere; a name another tag has makes the two one."""
        ...

    def delete_tag(self, name: str) -> Changes:
        """Delete a tag and take it off every item."""
        ...

    def keep_line(self, import_id: int, line: int) -> Changes:
        """Keep a line of an import's page that was dropped as chrome: as content of the page's
        items now (the page is parsed again), and of its source in later imports."""
        ...

    def drop_line(self, import_id: int, line: int) -> Changes:
        """Drop a line of an import's page as boilerplate of its source: from the page's items now
        (the page is parsed again) and from later imports."""
        ...

    def line_status(self, import_id: int, line: int) -> str | None:
        """The boilerplate status a line of an import's page has for its source (``candidate``,
        ``confirmed``, ``rejected``), None when it has none."""
        ...

    def restore_line(self, import_id: int, line: int, status: str | None) -> Changes:
        """Give a line of an import's page back ``status`` for its source (None: none) and parse
        the page again: what undoes ``keep_line`` or ``drop_line``."""
        ...

    def apply_marks(self, marks: Iterable[ItemMarks]) -> MarksApplied:
        """Attach an export's marks to the matching items of this store, merging with what is there,
        in one transaction; say what could not be matched or placed."""
        ...


def open_store(path: PathLike, *, create: bool = True) -> Store:
    """Open the SQLite store at ``path``; without ``create``, a missing store is a ``UserError``."""
    from reader.store.sqlitestore import SqliteStore

    return SqliteStore.open(path, create=create)


def check_store(path: PathLike, *, repair: bool = True) -> CheckReport:
    """The integrity check of a store file, its full-text index and its counts of items by day
    checked against the items and rebuilt when only they are wrong (``repair=False`` only looks,
    writing nothing)."""
    from reader.store import backup

    return backup.check(Path(path), repair=repair)


def list_backups(path: PathLike) -> list[BackupInfo]:
    """The backups in the ``backups/`` folder beside the store, newest first, as their names and
    sizes tell; ``examine_backup`` opens one to count its items and check it."""
    from reader.store import backup

    return backup.backups_of(Path(path))


def examine_backup(info: BackupInfo) -> BackupInfo:
    """``info`` with its item count and whether the backup passes ``quick_check`` now."""
    from reader.store import backup

    return backup.examined(info)


def backup_store(path: PathLike, output: PathLike | None = None) -> Path:
    """An online backup of the store, verified, into ``backups/`` beside it or ``output``."""
    from reader.store import backup

    return backup.backup(Path(path), Path(output) if output is not None else None)


def restore_store(path: PathLike, backup_file: PathLike) -> Path | None:
    """Replace the store by a backup, after backing up the store it replaces (that backup's path)."""
    from reader.store import backup

    return backup.restore(Path(path), Path(backup_file))
