"""Command line: the window, ``import``, ``export``, ``imports``, ``sources``, ``annotate``,
``annotations``, ``boilerplate``, ``check``, ``backup``, ``backups`` and ``restore``.

Errors the user can act on are one line on stderr (``reader: ...``) and a non-zero exit, never a
traceback. ``import`` and ``export`` never load Qt: the window is imported only when it is asked for.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TextIO

from reader import __version__
from reader.annotations import FORMATS as ANNOTATION_FORMATS
from reader.annotations import WRITERS as ANNOTATION_WRITERS
from reader.annotations import read_json
from reader.export import FORMATS, WRITERS
from reader.importdetail import detail_lines
from reader.model import (
    DEFAULT_HIGHLIGHT_COLOR,
    MAX_FILE_BYTES,
    YEARS,
    ImportResult,
    Kind,
    MarkedItems,
    Outcome,
    Query,
    Selection,
    UserError,
)
from reader.outfile import write_whole
from reader.paths import store_path
from reader.query import QueryError, parse_query
from reader.storage import (
    Store,
    backup_store,
    check_store,
    examine_backup,
    list_backups,
    open_store,
    restore_store,
)

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class _UsageError(Exception):
    pass


class _Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is, so that it ends as Ctrl+C does: the file
    being imported rolled back, the parse worker stopped."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: object) -> None:
    raise _Stopped(signum)


def _stop_on_termination() -> None:
    for name in ("SIGTERM", "SIGHUP"):
        if (signum := getattr(signal, name, None)) is not None:
            signal.signal(signum, _stop)


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line instead of the usage text and an exit."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reader", description="Read, search and annotate text dumps of news pages.")
    parser.add_argument("--version", action="version", version=f"Dump Reader {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="the store file (default: READER_DB or the user data folder)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # SUPPRESS keeps a subcommand's missing --db from overwriting one given before the subcommand.
    db_option: dict[str, Any] = {"metavar": "PATH", "default": argparse.SUPPRESS, "help": "the store file"}

    imp = commands.add_parser("import", help="import dump files or folders of them")
    imp.add_argument("--db", **db_option)
    imp.add_argument("--source", metavar="NAME", help="source name (default: the folder's name)")
    imp.add_argument("paths", metavar="PATH", nargs="+", help="a dump file or a folder of dumps")
    imp.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print each file's items with their dates and how each was found, and the lines dropped",
    )
    imp.add_argument(
        "--max-size",
        metavar="MB",
        type=_megabytes,
        default=MAX_FILE_BYTES,
        help=f"refuse files larger than MB megabytes (default {MAX_FILE_BYTES // 2**20})",
    )
    imp.add_argument(
        "--year",
        metavar="YYYY",
        type=_year,
        help="the year of dates without one on pages that give none (default: they stay undated)",
    )
    imp.add_argument(
        "--reimport",
        action="store_true",
        help="import files imported before again, in place of their earlier import",
    )

    exp = commands.add_parser("export", help="write the items out")
    what = exp.add_subparsers(dest="what", metavar="WHAT", required=True)
    items = what.add_parser("items", help="every item, ordered by date")
    items.add_argument("--db", **db_option)
    items.add_argument("--format", choices=FORMATS, default="jsonl", help="jsonl (default), csv or md")
    items.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    _add_selection_options(items)

    history = commands.add_parser("imports", help="list every file imported, newest first, or remove one")
    history.add_argument("--db", **db_option)
    history.add_argument("--source", metavar="NAME", help="only this source")
    history_actions = history.add_subparsers(dest="action", metavar="ACTION")
    history_list = history_actions.add_parser("list", help="every import, newest first (the default)")
    history_list.add_argument("--db", **db_option)
    history_list.add_argument("--source", metavar="NAME", default=argparse.SUPPRESS, help="only this source")
    remove = history_actions.add_parser("remove", help="take an import back, as if it had never been")
    remove.add_argument("--db", **db_option)
    remove.add_argument("import_id", metavar="ID", type=int, help="the id `reader imports` prints")
    remove.add_argument(
        "--with-marked",
        action="store_true",
        help="also remove items only it brought that carry bookmarks, tags, notes or highlights",
    )

    src = commands.add_parser("sources", help="list, rename, merge or delete sources")
    src.add_argument("--db", **db_option)
    src_actions = src.add_subparsers(dest="action", metavar="ACTION")
    src_list = src_actions.add_parser("list", help="every source with its items and imports (the default)")
    rename = src_actions.add_parser("rename", help="give a source a new name")
    rename.add_argument("old", metavar="NAME")
    rename.add_argument("new", metavar="NEW_NAME")
    merge = src_actions.add_parser("merge", help="move a source's imports and items into another")
    merge.add_argument("old", metavar="NAME")
    merge.add_argument("new", metavar="INTO")
    delete = src_actions.add_parser(
        "delete", help="delete a source with its imports, as `imports remove` does"
    )
    delete.add_argument("old", metavar="NAME")
    delete.add_argument(
        "--with-marked",
        action="store_true",
        help="also delete the items only it brought that carry bookmarks, tags, notes or highlights",
    )
    for action in (src_list, rename, merge, delete):
        action.add_argument("--db", **db_option)

    bp = commands.add_parser(
        "boilerplate", help="short lines that recur across a source's dumps: list, confirm or reject them"
    )
    bp.add_argument("--db", **db_option)
    bp.add_argument("--source", metavar="NAME", help="only this source (required to confirm or reject)")
    bp.add_argument(
        "action", nargs="?", choices=("list", "confirm", "reject"), default="list", help="list (default)"
    )
    bp.add_argument("lines", metavar="LINE", nargs="*", help="the lines to confirm or reject")
    bp.add_argument("--all", action="store_true", help="list confirmed and rejected lines too")
    _add_annotation_commands(commands, db_option)

    chk = commands.add_parser(
        "check", help="check the store and its full-text index, rebuilding the index if needed"
    )
    chk.add_argument("--db", **db_option)
    bak = commands.add_parser("backup", help="back the store up (into backups/ beside it by default)")
    bak.add_argument("--db", **db_option)
    bak.add_argument("--output", metavar="FILE", help="write the backup to FILE")
    baks = commands.add_parser("backups", help="list the backups in backups/ beside the store, checking each")
    baks.add_argument("--db", **db_option)
    res = commands.add_parser("restore", help="replace the store by a backup, backing the store up first")
    res.add_argument("--db", **db_option)
    res.add_argument("backup", metavar="BACKUP", help="the backup file to restore")
    return parser


def _megabytes(text: str) -> int:
    try:
        size = int(text)
    except ValueError:
        size = 0
    if size <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of megabytes above 0")
    return size * 2**20


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        year = 0
    if year not in YEARS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year from {YEARS.start} to {YEARS.stop - 1}")
    return year


def _add_selection_options(items: argparse.ArgumentParser) -> None:
    pick = items.add_argument_group("selection (every condition given must hold)")
    pick.add_argument("--bookmarked", action="store_true", help="only bookmarked items")
    pick.add_argument("--annotated", action="store_true", help="only items with a note or a highlight")
    pick.add_argument("--tag", metavar="TAG", help="only items with this tag")
    pick.add_argument("--source", metavar="NAME", help="only items seen in this source")
    pick.add_argument(
        "--since", metavar="DATE", type=_day, help="only items dated DATE (YYYY-MM-DD) or later"
    )
    pick.add_argument(
        "--search", metavar="QUERY", type=_query, help="only items matching QUERY, as the search box"
    )


def _add_annotation_commands(commands: Any, db_option: dict[str, Any]) -> None:
    notes = commands.add_parser("annotations", help="export or import bookmarks, tags, notes and highlights")
    what = notes.add_subparsers(dest="what", metavar="WHAT", required=True)
    out = what.add_parser("export", help="every marked item with its marks")
    out.add_argument("--db", **db_option)
    out.add_argument("--format", choices=ANNOTATION_FORMATS, default="json", help="json (default), md or csv")
    out.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")
    into = what.add_parser("import", help="attach the annotations of a JSON export to the matching items")
    into.add_argument("--db", **db_option)
    into.add_argument("file", metavar="FILE.json", help="an export made by `reader annotations export`")

    mark = commands.add_parser("annotate", help="bookmark, tag, note or highlight one item")
    mark.add_argument("id", metavar="ID", type=int, help="the item's id, as `reader export items` gives it")
    mark.add_argument("--db", **db_option)
    star = mark.add_mutually_exclusive_group()
    star.add_argument("--bookmark", action="store_true", help="bookmark the item")
    star.add_argument("--unbookmark", action="store_true", help="remove its bookmark")
    mark.add_argument("--tag", metavar="TAG", action="append", default=[], help="add a tag (repeatable)")
    mark.add_argument("--untag", metavar="TAG", action="append", default=[], help="remove a tag (repeatable)")
    mark.add_argument("--note", metavar="TEXT", help="set the item's note (an empty TEXT deletes it)")
    mark.add_argument("--highlight", metavar="EXACT", help="highlight these words of the item's text")
    mark.add_argument("--comment", metavar="TEXT", default="", help="the highlight's comment")
    mark.add_argument(
        "--colour", metavar="NAME", default=DEFAULT_HIGHLIGHT_COLOR, help="the highlight's colour"
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _query(text: str) -> Query:
    try:
        query = parse_query(text)
    except QueryError as error:
        raise argparse.ArgumentTypeError(f"{text!r}: {error}") from None
    if query is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no word to look for")
    return query


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser().parse_args(argv)
        return _run(args, argv)
    except _UsageError as error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    except UserError as error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_ERROR
    except _Stopped as stopped:
        return 128 + stopped.signum
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (``| head``); stop without a second error on exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"reader: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR


def _run(args: argparse.Namespace, argv: list[str]) -> int:
    # Only the window, import and restore may make a store; the rest read one, or say there is none.
    creates = args.command in (None, "import", "restore")
    db_path = store_path(args.db, create=creates)
    if args.command is not None:
        _stop_on_termination()  # the window has its own way to quit
    if args.command == "import":
        return _import(db_path, args)
    if args.command == "check":
        return _check(db_path)
    if args.command == "backup":
        print(backup_store(db_path, Path(args.output) if args.output else None))
        return 0
    if args.command == "restore":
        return _restore(db_path, Path(args.backup))
    if args.command == "backups":
        return _backups(db_path)
    if args.command == "export":
        return _export(db_path, args.format, args.output, _selection(args))
    if args.command == "sources":
        return _sources(db_path, args)
    if args.command == "imports" and args.action == "remove":
        return _remove_import(db_path, args.import_id, args.with_marked)
    if args.command == "imports":
        return _imports(db_path, args.source)
    if args.command == "annotations":
        return _annotations(db_path, args)
    if args.command == "annotate":
        return _annotate(db_path, args)
    if args.command == "boilerplate":
        return _boilerplate(db_path, args)
    return _window(db_path, argv)


def _window(db_path: Path, argv: list[str]) -> int:
    try:
        from reader.app import run
    except ModuleNotFoundError as error:
        if error.name not in {"reader.app", "PySide6"} and not (error.name or "").startswith("PySide6"):
            raise
        what = "PySide6 is not installed" if error.name != "reader.app" else "reader.app is missing"
        print(
            f"reader: the window is not available ({what}); `reader import` and `reader export` work",
            file=sys.stderr,
        )
        return EXIT_ERROR
    return run(db_path, ["reader", *argv])


def _check(db_path: Path) -> int:
    report = check_store(db_path)
    for problem in report.problems:
        print(f"reader: {db_path}: {problem}", file=sys.stderr)
    if report.problems:
        return EXIT_ERROR
    if report.index_ok and report.counts_ok:
        print(f"{db_path}: the store, its full-text index and its counts of items by day are sound")
    derived = (
        ("full-text index", report.index_ok, report.index_rebuilt),
        ("counts of items by day", report.counts_ok, report.counts_rebuilt),
    )
    for name, ok, rebuilt in derived:
        if rebuilt:
            print(f"{db_path}: the store is sound; its {name} did not match the items and was rebuilt")
        elif not ok:
            print(f"reader: {db_path}: the {name} does not match the items", file=sys.stderr)
    return 0 if report.ok else EXIT_ERROR


def _backups(db_path: Path) -> int:
    """One line per backup, newest first, each printed once it has been opened and checked."""
    if not db_path.exists():
        raise UserError(f"no store at {db_path}")
    backups = list_backups(db_path)
    if not backups:
        print(f"{db_path}: no backups yet")
    for info in backups:
        info = examine_backup(info)
        state = f"{info.items} items, verified" if info.sound else "damaged: do not restore it"
        print(f"{info.taken:%Y-%m-%d %H:%M:%S} UTC  {info.size / 2**20:8.1f} MB  {state}  {info.path}")
        sys.stdout.flush()
    return 0


def _restore(db_path: Path, backup_file: Path) -> int:
    before = restore_store(db_path, backup_file)
    if before is not None:
        print(f"backed up the store being replaced to {before}")
    print(f"restored {db_path} from {backup_file}")
    return 0


def _import(db_path: Path, args: argparse.Namespace) -> int:
    refused = False
    with open_store(db_path) as store:
        # Not kept in a name: on Ctrl+C or SIGTERM the import must close before the store does.
        for result in store.import_paths(
            args.paths,
            args.source,
            max_bytes=args.max_size,
            year=args.year,
            reimport=args.reimport,
            detail=args.verbose,
        ):
            refused |= result.outcome == Outcome.REFUSED
            _report(result)
            if args.verbose:
                _report_detail(result)
    return EXIT_ERROR if refused else 0


def _report_detail(result: ImportResult) -> None:
    """Under a file's line: its items and dropped lines, indented, then a blank line."""
    lines = detail_lines(result.items, result.chrome)
    if lines:
        _utf8(sys.stdout)
        print("\n".join(f"    {line}" if line else "" for line in lines), end="\n\n", flush=True)


def _report(result: ImportResult) -> None:
    if result.outcome == Outcome.REFUSED:
        print(f"reader: {result.message}", file=sys.stderr)
    elif result.outcome == Outcome.EMPTY:
        print(f"{result.message} (warning)", file=sys.stderr)
    else:
        print(result.message, flush=result.outcome == Outcome.ALREADY)


def _sources(db_path: Path, args: argparse.Namespace) -> int:
    with open_store(db_path, create=False) as store:
        if args.action == "rename":
            store.rename_source(args.old, args.new)
            print(f"renamed {args.old!r} to {args.new!r}")
        elif args.action == "merge":
            store.merge_sources(args.old, args.new)
            print(f"merged {args.old!r} into {args.new!r}")
        elif args.action == "delete":
            return _delete_source(store, args.old, args.with_marked)
        else:
            imports = Counter(record.source for record in store.imports())
            (node,) = store.tree({Kind.SOURCES}, periods=False)
            for child in node.children:
                print(f"{child.name}\titems: {child.count}\timports: {imports[child.name or '']}")
    return 0


def _delete_source(store: Store, name: str, with_marked: bool) -> int:
    plan = store.source_deletion_plan(name)
    try:
        store.delete_source(name, drop_marked=with_marked)
    except MarkedItems as error:
        print(f"reader: {error} (--with-marked)", file=sys.stderr)
        return EXIT_ERROR
    kept = plan.items_touched - plan.items_lost
    print(
        f"deleted source {name!r}: imports removed: {plan.imports}, items gone: {plan.items_lost},"
        f" items placed again: {kept}"
    )
    return 0


def _imports(db_path: Path, source: str | None) -> int:
    with open_store(db_path, create=False) as store:
        for r in store.imports(source):
            counts = (
                f"items: {r.items_total} ({r.items_new} new, {r.items_merged} merged, {r.items_known} known)"
            )
            print(f"{r.id}\t{r.imported_at}\t{r.source}\t{r.path}\t{counts}\t{r.encoding}")
    return 0


def _remove_import(db_path: Path, import_id: int, with_marked: bool) -> int:
    with open_store(db_path, create=False) as store:
        plan = store.removal_plan(import_id)
        try:
            store.remove_import(import_id, drop_marked=with_marked)
        except MarkedItems as error:
            print(f"reader: {error} (--with-marked)", file=sys.stderr)
            for item_id, heading in error.items:
                print(f"  {item_id}\t{heading}", file=sys.stderr)
            return EXIT_ERROR
    kept = plan.items_touched - plan.items_lost
    print(f"removed import {import_id}: items gone: {plan.items_lost}, items placed again: {kept}")
    return 0


def _boilerplate(db_path: Path, args: argparse.Namespace) -> int:
    with open_store(db_path, create=False) as store:
        if args.action == "list":
            for line in store.boilerplate(args.source, None if args.all else "candidate"):
                print(f"{line.source}\t{line.dumps} dumps\t{line.status}\t{line.text}")
            return 0
        if not args.source or not args.lines:
            raise _UsageError(f"boilerplate {args.action} needs --source NAME and at least one LINE")
        status = "confirmed" if args.action == "confirm" else "rejected"
        for text in args.lines:
            store.set_boilerplate(args.source, text, status)
            print(f"{args.source}: {status} {text!r}")
    return 0


def _export(db_path: Path, fmt: str, output: str | None, selection: Selection) -> int:
    write = WRITERS[fmt]
    with open_store(db_path, create=False) as store:
        items = store.export_items if selection == Selection() else lambda: store.export_selection(selection)
        _write_out(output, lambda out: write(items(), out))
    return 0


def _write_out(output: str | None, write: Callable[[TextIO], object]) -> None:
    """Write to standard output, or atomically to the file ``output``."""
    if output is None:
        _utf8(sys.stdout)
        write(sys.stdout)
        sys.stdout.flush()
    else:
        write_whole(Path(output), write)


def _selection(args: argparse.Namespace) -> Selection:
    return Selection(
        bookmarked=args.bookmarked,
        annotated=args.annotated,
        tag=args.tag,
        source=args.source,
        since=args.since,
        query=args.search,
    )


def _annotations(db_path: Path, args: argparse.Namespace) -> int:
    with open_store(db_path, create=False) as store:
        if args.what == "export":
            write = ANNOTATION_WRITERS[args.format]
            _write_out(args.output, lambda out: write(store.marked_items(), out))
            return 0
        path = Path(args.file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(f"{path}: not UTF-8 text") from error
        applied = store.apply_marks(read_json(text, str(path)))
    print(f"{path.name}: {applied.matched} items matched, {applied.added} marks added")
    for marks in applied.unmatched:
        print(f"not matched: {marks.heading!r}")
    for item_id, mark in applied.orphaned:
        print(f"item {item_id}: the quote {mark.quote!r} is not in its text (kept as an orphan)")
    return EXIT_ERROR if applied.unmatched else 0


def _annotate(db_path: Path, args: argparse.Namespace) -> int:
    if args.highlight is None and (args.comment or args.colour != DEFAULT_HIGHLIGHT_COLOR):
        raise _UsageError("--comment and --colour go with --highlight EXACT")
    with open_store(db_path, create=False) as store:
        item_id = store.resolve(args.id)
        if item_id is None:
            raise UserError(f"item {args.id} does not exist")
        if args.highlight is not None:
            # First: a quote that is not in the text refuses the whole command, before any change.
            store.add_highlight(item_id, args.highlight, color=args.colour, note=args.comment)
        if args.bookmark or args.unbookmark:
            store.set_bookmark(item_id, args.bookmark)
        if args.tag or args.untag:
            store.tag_items([item_id], args.tag, args.untag)
        if args.note is not None:
            store.set_note(item_id, args.note)
    return 0


def _utf8(stream: TextIO) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
        reconfigure(encoding="utf-8")
