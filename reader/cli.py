"""Command line: the window, ``import``, ``export``, ``boilerplate``, ``check``, ``backup``, ``restore``.

Errors the user can act on are one line on stderr (``reader: ...``) and a non-zero exit, never a
traceback. ``import`` and ``export`` never load Qt: the window is imported only when it is asked for.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from reader import __version__
from reader.export import FORMATS, WRITERS
from reader.model import UserError
from reader.paths import store_path
from reader.store import backup
from reader.store.importer import ALREADY, EMPTY, REFUSED, ImportResult
from reader.store.prepare import MAX_FILE_BYTES
from reader.store.store import Store

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
        "--max-size",
        metavar="MB",
        type=_megabytes,
        default=MAX_FILE_BYTES,
        help=f"refuse files larger than MB megabytes (default {MAX_FILE_BYTES // 2**20})",
    )

    exp = commands.add_parser("export", help="write the items out")
    what = exp.add_subparsers(dest="what", metavar="WHAT", required=True)
    items = what.add_parser("items", help="every item, ordered by date")
    items.add_argument("--db", **db_option)
    items.add_argument("--format", choices=FORMATS, default="jsonl", help="jsonl (default), csv or md")
    items.add_argument("--output", metavar="FILE", help="write to FILE instead of standard output")

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

    chk = commands.add_parser(
        "check", help="check the store and its full-text index, rebuilding the index if needed"
    )
    chk.add_argument("--db", **db_option)
    bak = commands.add_parser("backup", help="back the store up (into backups/ beside it by default)")
    bak.add_argument("--db", **db_option)
    bak.add_argument("--output", metavar="FILE", help="write the backup to FILE")
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
    # Only the window and import may make a store; the rest read one, or say there is none.
    creates = args.command in (None, "import", "restore")
    db_path = store_path(args.db, create=creates)
    if args.command is not None:
        _stop_on_termination()  # the window has its own way to quit
    if args.command == "import":
        return _import(db_path, args.paths, args.source, args.max_size)
    if args.command == "export":
        return _export(db_path, args.format, args.output)
    if args.command == "boilerplate":
        return _boilerplate(db_path, args)
    if args.command == "check":
        return _check(db_path)
    if args.command == "backup":
        print(backup.backup(db_path, Path(args.output) if args.output else None))
        return 0
    if args.command == "restore":
        return _restore(db_path, Path(args.backup))
    return _window(db_path, argv)


def _check(db_path: Path) -> int:
    report = backup.check(db_path)
    for problem in report.problems:
        print(f"reader: {db_path}: {problem}", file=sys.stderr)
    if report.problems:
        return EXIT_ERROR
    if report.index_ok:
        print(f"{db_path}: the store and its full-text index are sound")
    elif report.index_rebuilt:
        print(f"{db_path}: the store is sound; its full-text index did not match the items and was rebuilt")
    else:
        print(f"reader: {db_path}: the full-text index does not match the items", file=sys.stderr)
    return 0 if report.ok else EXIT_ERROR


def _restore(db_path: Path, backup_file: Path) -> int:
    before = backup.restore(db_path, backup_file)
    if before is not None:
        print(f"backed up the store being replaced to {before}")
    print(f"restored {db_path} from {backup_file}")
    return 0


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


def _import(db_path: Path, paths: list[str], source: str | None, max_bytes: int) -> int:
    refused = False
    with Store.open(db_path) as store:
        for result in store.import_paths(paths, source, max_bytes=max_bytes):
            refused |= result.outcome == REFUSED
            _report(result)
    return EXIT_ERROR if refused else 0


def _report(result: ImportResult) -> None:
    if result.outcome == REFUSED:
        print(f"reader: {result.message}", file=sys.stderr)
    elif result.outcome == EMPTY:
        print(f"{result.message} (warning)", file=sys.stderr)
    else:
        print(result.message, flush=result.outcome == ALREADY)


def _boilerplate(db_path: Path, args: argparse.Namespace) -> int:
    with Store.open(db_path, create=False) as store:
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


def _export(db_path: Path, fmt: str, output: str | None) -> int:
    write = WRITERS[fmt]
    with Store.open(db_path, create=False) as store:
        if output is None:
            _utf8(sys.stdout)
            write(store.iter_export(), sys.stdout)
            sys.stdout.flush()
            return 0
        _write_atomically(Path(output), lambda out: write(store.iter_export(), out))
    return 0


def _utf8(stream: TextIO) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
        reconfigure(encoding="utf-8")


def _write_atomically(target: Path, write: Callable[[TextIO], object]) -> None:
    """Write to a temporary file beside ``target`` and rename it, so a failed export leaves no half file."""
    folder = target.absolute().parent
    if not folder.is_dir():
        raise UserError(f"cannot write {target}: the folder {folder} does not exist")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise UserError(f"cannot write {target}: {error.strerror or error}") from error
    try:
        with open(fd, "w", encoding="utf-8", newline="") as out:
            write(out)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
