"""Importing dump files: one file is one transaction, so a file lands whole or not at all.

A file whose bytes were imported before is skipped; a file that is not text is refused and leaves no
trace. The rest is parsed, its chrome and short lines recorded for the source, and each item placed
among the stored ones (see ``merge``). Folders are walked one file at a time; from three files on,
the next few are read and parsed in a worker process (``prepare``) while one is written.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import stat
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import chain, islice
from pathlib import Path

from reader.ingest.dedup import key64
from reader.model import (
    MAX_FILE_BYTES,
    Cancelled,
    Changes,
    DumpFile,
    FilePreview,
    ImportResult,
    Interrupted,
    MarkedItems,
    Outcome,
    ParsedDump,
    PreviewItem,
    StoreBusy,
    first_words,
)
from reader.store import dateorder, recent, removal
from reader.store.db import chunks, ensure_sound, placeholders, transaction, utils
from reader.store.merge import KNOWN, MERGED, NEW, MergeCache, Merger
from reader.store.prepare import (
    Prepared,
    Rules,
    parse_file,
    prepare,
    read_file,
    reason,
    shown,
    special_kind,
    start_worker,
)

IMPORTED, ALREADY, EMPTY, REFUSED = Outcome.IMPORTED, Outcome.ALREADY, Outcome.EMPTY, Outcome.REFUSED
# A short line seen in this many dumps of one source is offered to the user as boilerplate.
BOILERPLATE_DUMPS = 3
# A folder of at least this many files is parsed ahead in a worker process; fewer files would not
# win back the worker's start-up (about 0.3 s).
AHEAD_MIN_FILES = 3
# Files prepared ahead of the one being written, at most.
AHEAD = 2
# Times a file waits out the store's busy timeout for another program's write before it is left
# for a later import; the next file tries again.
BUSY_ATTEMPTS = 3
IMPORT_CACHE_KIB = 64 * 1024
IMPORT_CHECKPOINT_PAGES = 20_000
# An earlier import's digest while a re-import of its file takes its place (digests are unique).
_REPLACED = ":replaced"


@dataclass(frozen=True, slots=True)
class Run:
    """What holds for every file of one import: the year for dates without one when a page has
    none, whether files imported before are imported again, and the newest import before the run
    began (a re-import replaces imports up to it, never a file of the same run)."""

    year: int | None = None
    reimport: bool = False
    after: int = 0
    detail: bool = False  # each result holds its file's items and dropped lines

    @classmethod
    def start(
        cls, conn: sqlite3.Connection, year: int | None = None, reimport: bool = False, detail: bool = False
    ) -> Run:
        return cls(year, reimport, recent.last_import_id(conn), detail)

    @property
    def known_after(self) -> int:
        """Imports with a larger id make a file "already imported"."""
        return self.after if self.reimport else 0


def import_file(
    conn: sqlite3.Connection,
    path: str | os.PathLike[str],
    source: str,
    cancelled: Cancelled | None = None,
    encoding: str | None = None,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    run: Run | None = None,
) -> ImportResult:
    """Import one dump file into the store as ``source`` (read as ``encoding`` when one is given);
    a file over ``max_bytes`` is refused. Without ``run`` the file is a run of its own; with
    ``run.detail`` the result holds the file's items and dropped lines."""
    ensure_sound(conn)
    run = Run.start(conn) if run is None else run
    # Parsing runs before the write lock is taken, so other readers and writers wait less.
    prepared = prepare(
        Path(path), source_rules(conn, source), _Imported(conn, run), encoding, max_bytes, run.year
    )
    return _store(conn, prepared, source, run, cancelled)


class _DryRun(Exception):
    """Raised inside a preview's transaction so that it rolls back."""


def preview_file(
    conn: sqlite3.Connection,
    path: str | os.PathLike[str],
    source: str,
    encoding: str | None = None,
    *,
    year: int | None = None,
    reimport: bool = False,
) -> FilePreview:
    """What importing ``path`` as ``source`` would do: the same parse and the same placing of every
    item as an import, in a transaction that is then rolled back, so the store does not change."""
    run = Run.start(conn, year, reimport)
    prepared = prepare(Path(path), source_rules(conn, source), _Imported(conn, run), encoding, year=year)
    parsed = prepared.parsed
    if prepared.refusal is not None or parsed is None:
        result = _store(conn, prepared, source, run)
        return FilePreview(prepared.path, result.outcome, result.message)
    outcome: list[ImportResult] = []
    replaced = _earlier_import(conn, prepared.digest) if reimport else None
    try:
        with transaction(conn):
            outcome.append(_write(conn, prepared, parsed, source, run, replaced=replaced))
            raise _DryRun
    except _DryRun:
        pass
    except MarkedItems as marked:
        return FilePreview(prepared.path, REFUSED, _marked_refusal(prepared.path, replaced, marked))
    (result,) = outcome
    return FilePreview(
        prepared.path,
        result.outcome,
        result.message,
        parsed.encoding,
        preview_items(parsed),
        parsed.chrome,
        result.items_new,
        result.items_merged,
        result.items_known,
        replaced[0] if replaced else None,
    )


def preview_items(parsed: ParsedDump) -> tuple[PreviewItem, ...]:
    """A parsed file's items as the preview and ``reader import -v`` show them."""
    return tuple(
        PreviewItem(i.title, first_words(i.body), i.date, i.date_method, i.first_line, i.last_line)
        for i in parsed.items
    )


def list_files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[DumpFile]:
    """The files an import of ``paths`` would read, in the order it would read them."""
    for task in _tasks(paths, ""):
        if task.error is not None:
            yield DumpFile(task.path, error=task.error)
            continue
        try:
            info = task.path.stat()
        except OSError as error:
            yield DumpFile(task.path, error=f"cannot read {task.path}: {reason(error)}")
            continue
        yield DumpFile(task.path, info.st_size, info.st_mtime)


class _Imported:
    """The digests of the files in the store that ``run`` does not import again, asked one at a time."""

    def __init__(self, conn: sqlite3.Connection, run: Run) -> None:
        self.conn, self.after = conn, run.known_after

    def __contains__(self, digest: object) -> bool:
        return isinstance(digest, str) and _earlier_import(self.conn, digest, self.after) is not None


def _store(
    conn: sqlite3.Connection,
    prepared: Prepared,
    source: str,
    run: Run,
    cancelled: Cancelled | None = None,
    cache: MergeCache | None = None,
) -> ImportResult:
    path = prepared.path
    if prepared.refusal is not None:
        return ImportResult(path, REFUSED, prepared.refusal)
    if prepared.parsed is None:
        earlier = _earlier_import(conn, prepared.digest, run.known_after)
        assert earlier is not None
        return _already(path, earlier)
    result = _write_retrying(conn, prepared, prepared.parsed, source, run, cancelled, cache)
    if run.detail and result.outcome in (IMPORTED, EMPTY):
        return replace(result, items=preview_items(prepared.parsed), chrome=prepared.parsed.chrome)
    return result


def _write_retrying(
    conn: sqlite3.Connection,
    prepared: Prepared,
    parsed: ParsedDump,
    source: str,
    run: Run,
    cancelled: Cancelled | None,
    cache: MergeCache | None,
) -> ImportResult:
    # Another program's write makes only this file wait, and only this file is left out.
    for _ in range(BUSY_ATTEMPTS - 1):
        with suppress(StoreBusy):
            return _write_new(conn, prepared, parsed, source, run, cancelled, cache)
    try:
        return _write_new(conn, prepared, parsed, source, run, cancelled, cache)
    except StoreBusy as busy:
        return ImportResult(prepared.path, REFUSED, f"{shown(prepared.path.name)}: not imported: {busy}")


def _write_new(
    conn: sqlite3.Connection,
    prepared: Prepared,
    parsed: ParsedDump,
    source: str,
    run: Run,
    cancelled: Cancelled | None,
    cache: MergeCache | None,
) -> ImportResult:
    replaced = None
    try:
        with transaction(conn):
            if (earlier := _earlier_import(conn, prepared.digest, run.known_after)) is not None:
                return _already(prepared.path, earlier)
            replaced = _earlier_import(conn, prepared.digest) if run.reimport else None
            return _write(conn, prepared, parsed, source, run, cancelled, cache, replaced)
    except MarkedItems as marked:
        return ImportResult(prepared.path, REFUSED, _marked_refusal(prepared.path, replaced, marked))


def _marked_refusal(path: Path, replaced: tuple[int, str] | None, marked: MarkedItems) -> str:
    earlier = replaced[0] if replaced else 0
    return (
        f"{shown(path.name)}: not imported again: it no longer holds {len(marked.items)} item(s) of"
        f" import {earlier} that carry your marks; remove that import first (`reader imports remove`)"
    )


def _write(
    conn: sqlite3.Connection,
    prepared: Prepared,
    parsed: ParsedDump,
    source: str,
    run: Run,
    cancelled: Cancelled | None = None,
    cache: MergeCache | None = None,
    replaced: tuple[int, str] | None = None,
) -> ImportResult:
    """Write one parsed file; with ``replaced``, the earlier import of the same file then goes,
    as ``reader imports remove`` takes it back, so its items are placed once, not twice."""
    path = prepared.path
    now = datetime.now(UTC).isoformat(timespec="seconds")
    source_id = _source_id(conn, source, now)
    if replaced is not None:
        conn.execute("UPDATE imports SET sha256 = sha256 || ? WHERE id = ?", (_REPLACED, replaced[0]))
    import_id = _insert_import(conn, prepared, parsed, source_id, now)
    conn.execute("INSERT INTO pages (import_id, text) VALUES (?, ?)", (import_id, prepared.page))
    record_chrome(conn, import_id, parsed)
    _learn_boilerplate(conn, source_id, parsed.short_lines)
    merger = Merger(conn, import_id, source_id, now, cache)
    counts = {NEW: 0, MERGED: 0, KNOWN: 0}
    stems = prepared.stems or (None,) * len(parsed.items)
    for item, fp, words in zip(parsed.items, prepared.fingerprints, stems, strict=True):
        if cancelled is not None and cancelled():
            raise Interrupted  # the caller's transaction rolls the file back
        counts[merger.place(item, fp, words)] += 1
    merger.finish()
    outcome = IMPORTED if parsed.items else EMPTY
    conn.execute(
        "UPDATE imports SET items_total = ?, items_new = ?, items_merged = ?, items_known = ?,"
        " outcome = ? WHERE id = ?",
        (len(parsed.items), counts[NEW], counts[MERGED], counts[KNOWN], outcome, import_id),
    )
    changes = _with_sources(conn, merger.changes(), source_id)
    brought = merger.brought()
    message = _summary(shown(path.name), len(parsed.items), counts, parsed.encoding)
    if replaced is not None:
        changes |= removal.remove(conn, replaced[0])
        # Every item of a file imported again was placed again: all of them are the run's.
        rows = conn.execute("SELECT DISTINCT item_id FROM occurrences WHERE import_id = ?", (import_id,))
        brought = frozenset(row[0] for row in rows)
        message += f"; imported again in place of import {replaced[0]}"
    recent.record(conn, import_id, run.after, brought)
    return ImportResult(
        path,
        outcome,
        message,
        items_total=len(parsed.items),
        items_new=counts[NEW],
        items_merged=counts[MERGED],
        items_known=counts[KNOWN],
        encoding=parsed.encoding,
        changes=changes,
    )


def _with_sources(conn: sqlite3.Connection, changes: Changes, source_id: int) -> Changes:
    """``changes`` with the sources whose items they touched: the import's own, and those of every
    item that changed or absorbed another (a fold can take items out of other sources' counts)."""
    touched = set(changes.items_changed) | {survivor for _, survivor in changes.items_merged}
    found = {source_id}
    for chunk in chunks(sorted(touched)):
        sql = f"SELECT DISTINCT source_id FROM item_sources WHERE item_id IN ({placeholders(chunk)})"
        found.update(row[0] for row in conn.execute(sql, chunk))
    return Changes(source_ids=frozenset(found)) | changes


def _summary(name: str, total: int, counts: dict[str, int], encoding: str) -> str:
    if not total:
        return f"{name}: no items found"
    noun = "item" if total == 1 else "items"
    return (
        f"{name}: {total} {noun} ({counts[NEW]} new, {counts[MERGED]} merged, "
        f"{counts[KNOWN]} already known) [{encoding}]"
    )


def _earlier_import(conn: sqlite3.Connection, digest: str, after: int = 0) -> tuple[int, str] | None:
    """The import (id, when) of a file with this digest, among the imports after ``after``."""
    row: tuple[int, str] | None = conn.execute(
        "SELECT id, imported_at FROM imports WHERE sha256 = ? AND id > ?", (digest, after)
    ).fetchone()
    return row


def _already(path: Path, earlier: tuple[int, str]) -> ImportResult:
    import_id, imported_at = earlier
    return ImportResult(
        path,
        ALREADY,
        f"{shown(path.name)}: already imported (same content as import {import_id}, {imported_at[:10]})",
    )


def source_rules(conn: sqlite3.Connection, source: str) -> Rules:
    """The lines of ``source`` a user confirmed as boilerplate, and those rejected as boilerplate,
    which are kept as content wherever they stand."""
    rows = conn.execute(
        "SELECT b.text, b.status FROM boilerplate b JOIN sources s ON s.id = b.source_id"
        " WHERE s.name = ? AND b.status IN ('confirmed', 'rejected')",
        (source,),
    ).fetchall()
    return Rules(
        frozenset(text for text, status in rows if status == "confirmed"),
        frozenset(text for text, status in rows if status == "rejected"),
    )


def _source_id(conn: sqlite3.Connection, name: str, now: str) -> int:
    conn.execute("INSERT OR IGNORE INTO sources (name, created) VALUES (?, ?)", (name, now))
    source_id: int = conn.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()[0]
    return source_id


def _insert_import(
    conn: sqlite3.Connection, prepared: Prepared, parsed: ParsedDump, source_id: int, now: str
) -> int:
    row = {
        "source_id": source_id,
        "path": shown(prepared.path.absolute()),
        "file_name": shown(prepared.path.name),
        "size": prepared.size,
        "sha256": prepared.digest,
        "encoding": parsed.encoding,
        "imported_at": now,
        "chrome_lines": len(parsed.chrome),
        "outcome": EMPTY,
    }
    last_pk = utils(conn).table("imports").insert(row).last_pk
    assert isinstance(last_pk, int)
    return last_pk


def record_chrome(conn: sqlite3.Connection, import_id: int, parsed: ParsedDump) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO chrome_lines (import_id, line, text, reason) VALUES (?, ?, ?, ?)",
        [(import_id, c.line, c.text, c.reason) for c in parsed.chrome],
    )


def _learn_boilerplate(
    conn: sqlite3.Connection, source_id: int, lines: Iterable[tuple[str, int | None]]
) -> None:
    """Count the dumps of this source each short line appears in beside different news (its
    context); a line that recurs often enough becomes a candidate."""
    new_context = "(excluded.context IS NULL OR context IS NULL OR excluded.context != context)"
    conn.executemany(
        "INSERT INTO boilerplate (source_id, key, text, dumps, context) VALUES (?, ?, ?, 1, ?)"
        f" ON CONFLICT (source_id, key) DO UPDATE SET dumps = dumps + {new_context},"
        " context = excluded.context,"
        f" status = CASE WHEN status IS NULL AND dumps + 1 >= {BOILERPLATE_DUMPS} AND {new_context}"
        " THEN 'candidate' ELSE status END",
        [(source_id, key64(line), line, context) for line, context in sorted(lines, key=lambda p: p[0])],
    )


def default_source(path: str | os.PathLike[str]) -> str:
    """The source name for a path given without one: the folder's name, or the file's folder's."""
    path = Path(path).absolute()
    folder = path if path.is_dir() else path.parent
    return shown(folder.resolve().name or folder)


def _walk(
    folder: Path, root: Path | None = None, seen: set[tuple[int, int]] | None = None
) -> Iterator[tuple[Path, str | None]]:
    """Regular, non-hidden files under ``folder``, sorted, depth first, found as they are needed;
    what cannot be imported comes out with a one-line reason: a folder
    that cannot be listed, a device, FIFO or socket, a link leading outside the folder given.

    Links are followed, each real folder once (known by device and inode), so links to a folder
    above (``a -> .``) cannot make the walk endless.
    """
    root = folder.resolve() if root is None else root
    seen = set() if seen is None else seen
    try:
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in seen:
            return
        seen.add((info.st_dev, info.st_ino))
        with os.scandir(folder) as scan:
            entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as error:
        yield folder, f"cannot read {shown(folder)}: {reason(error)}"
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            mode = entry.stat().st_mode
            outside = entry.is_symlink() and not path.resolve().is_relative_to(root)
        except (OSError, RuntimeError):
            continue  # a dangling link, a loop of links, a file removed while walking: nothing to import
        if outside:
            yield path, f"skipped {shown(path)}: it links outside {shown(root)}"
        elif stat.S_ISDIR(mode):
            yield from _walk(path, root, seen)
        elif stat.S_ISREG(mode):
            yield path, None
        else:
            yield path, f"refused {shown(path)}: it is {special_kind(mode)}, not a file"


def import_paths(
    conn: sqlite3.Connection,
    paths: Iterable[str | os.PathLike[str]],
    source: str | None = None,
    cancelled: Cancelled | None = None,
    encodings: Mapping[Path, str] | None = None,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    year: int | None = None,
    reimport: bool = False,
    detail: bool = False,
) -> Iterator[ImportResult]:
    """Import files and folders (recursively), yielding one result per file as it is done.

    Without ``source``, each path given is imported under its ``default_source``. With several
    files, the next ones are read and parsed in a worker process while one is written.
    ``encodings`` forces the encoding of some files; files over ``max_bytes`` are refused.
    ``year`` dates the items whose dates have no year when their page has none either. With
    ``reimport``, a file imported before is imported again in place of its earlier import. When
    ``cancelled`` answers True, the import stops: the file in progress is rolled back, and every
    file yielded is in. With ``detail`` each result holds the file's items and dropped lines.
    """
    ensure_sound(conn)
    run = Run.start(conn, year, reimport, detail)
    before = dateorder.stamp(conn)
    try:
        for result in _import_all(conn, paths, source, cancelled, encodings or {}, max_bytes, run):
            yield result
            if cancelled is not None and cancelled():
                return
    except Interrupted:
        if cancelled is None or not cancelled():
            raise
        return
    dateorder.keep(conn, before)


def _import_all(
    conn: sqlite3.Connection,
    paths: Iterable[str | os.PathLike[str]],
    source: str | None,
    cancelled: Cancelled | None,
    encodings: Mapping[Path, str],
    max_bytes: int,
    run: Run,
) -> Iterator[ImportResult]:
    tasks = _tasks(paths, source)
    head = list(islice(tasks, AHEAD_MIN_FILES))
    if len(head) < AHEAD_MIN_FILES:
        for task in head:
            if task.error:
                yield _refused(task)
            else:
                forced = encodings.get(task.path)
                yield import_file(
                    conn, task.path, task.source, cancelled, forced, max_bytes=max_bytes, run=run
                )
    else:
        yield from import_ahead(conn, chain(head, tasks), cancelled, encodings, max_bytes=max_bytes, run=run)


@dataclass(frozen=True, slots=True)
class Task:
    """One file to import under ``source``, or a path that cannot be (``error`` says why)."""

    path: Path
    source: str
    error: str | None = None


def _tasks(paths: Iterable[str | os.PathLike[str]], source: str | None) -> Iterator[Task]:
    for given in map(Path, paths):
        name = source or default_source(given)
        try:
            folder = stat.S_ISDIR(os.stat(given).st_mode)
        except OSError as error:
            yield Task(given, name, f"cannot read {shown(given)}: {reason(error)}")
            continue
        if folder:
            for file, refusal in _walk(given):
                yield Task(file, name, refusal)
        else:
            yield Task(given, name)  # a device or FIFO given by name is refused when read


def _refused(task: Task) -> ImportResult:
    return ImportResult(task.path, REFUSED, task.error or "")


def import_ahead(
    conn: sqlite3.Connection,
    tasks: Iterable[Task],
    cancelled: Cancelled | None = None,
    encodings: Mapping[Path, str] | None = None,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    run: Run | None = None,
) -> Iterator[ImportResult]:
    """Import ``tasks`` in order while one worker process parses the next few files.

    This process reads and hashes each file, so a file imported before is known without the
    worker, which starts only for the first new file. At most ``AHEAD`` files wait at a time, so
    memory does not grow with the folder. A copy of a file met earlier in this run is caught by
    the check inside the write transaction, as for a single file.
    """
    run = Run.start(conn) if run is None else run
    with _bulk_settings(conn):
        yield from _import_ahead(conn, tasks, cancelled, encodings or {}, max_bytes, run)


@contextmanager
def _bulk_settings(conn: sqlite3.Connection) -> Iterator[None]:
    """Settings for the length of a folder's import, restored after.

    A bigger page cache: the key and text indexes take random inserts, and past the default 2 MB
    most would read their page back from the OS. Rarer checkpoints: each one syncs the store to
    disk, and at the default of 1,000 pages a file's commit triggered one nearly every time.
    """
    (cache,) = conn.execute("PRAGMA cache_size").fetchone()
    (pages,) = conn.execute("PRAGMA wal_autocheckpoint").fetchone()
    conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    conn.execute(f"PRAGMA wal_autocheckpoint = {IMPORT_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {cache}")
        conn.execute(f"PRAGMA wal_autocheckpoint = {pages}")


_Job = Prepared | Future[Prepared] | None


def _import_ahead(
    conn: sqlite3.Connection,
    tasks: Iterable[Task],
    cancelled: Cancelled | None,
    encodings: Mapping[Path, str],
    max_bytes: int,
    run: Run,
) -> Iterator[ImportResult]:
    imported = _Imported(conn, run)
    # What placing items learns about the store holds for the next file: files roll back whole,
    # and a cached fingerprint is checked against its item's text key before use.
    cache = MergeCache()
    rules: dict[str, Rules] = {}
    waiting: deque[tuple[Task, _Job]] = deque()
    with ExitStack() as stack:
        pool: ProcessPoolExecutor | None = None
        try:
            for task in tasks:
                job: _Job = None
                if task.error is None:
                    read = read_file(task.path, max_bytes)
                    if isinstance(read, Prepared):
                        job = read
                    elif read[1] in imported:
                        job = Prepared(task.path, read[1], len(read[0]))
                    else:
                        if pool is None:
                            pool = stack.enter_context(_worker())
                        if task.source not in rules:
                            rules[task.source] = source_rules(conn, task.source)
                        forced = encodings.get(task.path)
                        job = pool.submit(parse_file, task.path, *read, rules[task.source], forced, run.year)
                waiting.append((task, job))
                if len(waiting) > AHEAD:
                    yield _finish(conn, *waiting.popleft(), run, cancelled, cache)
            while waiting:
                yield _finish(conn, *waiting.popleft(), run, cancelled, cache)
        finally:
            for _, job in waiting:
                if isinstance(job, Future):
                    job.cancel()


@contextmanager
def _worker() -> Iterator[ProcessPoolExecutor]:
    """The parse worker, started at once, without the caller's standard streams.

    Spawned, not forked: the window imports from a thread, and forking a threaded process can
    leave the child holding a lock no thread will release. Its streams (and those of
    multiprocessing's resource tracker, started with it) are the null device, so a worker that
    outlives a killed import for a moment never keeps ``reader import ... | cat`` waiting.
    """
    context = multiprocessing.get_context("spawn")
    with _null_stdio():
        pool = ProcessPoolExecutor(1, context, initializer=start_worker, initargs=(os.getpid(),))
        pool.submit(int)  # a submit starts the process, here, while the streams are swapped
    with pool:
        yield pool


@contextmanager
def _null_stdio() -> Iterator[None]:
    """Standard input, output and error on the null device for this block, for the processes it
    starts to inherit; the block must not print."""
    if os.name != "posix":
        yield
        return
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    saved: dict[int, int] = {}
    for fd in (0, 1, 2):
        with suppress(OSError):  # a stream the caller closed stays closed
            saved[fd] = os.dup(fd)
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in saved:
            os.dup2(null, fd)
        yield
    finally:
        for fd, copy in saved.items():
            os.dup2(copy, fd)
            os.close(copy)
        os.close(null)


def _finish(
    conn: sqlite3.Connection,
    task: Task,
    job: _Job,
    run: Run,
    cancelled: Cancelled | None,
    cache: MergeCache,
) -> ImportResult:
    if job is None:
        return _refused(task)
    prepared = job.result() if isinstance(job, Future) else job
    return _store(conn, prepared, task.source, run, cancelled, cache)
