"""Reading, hashing and parsing one file: the part of an import that needs no store.

For a folder it runs in a worker process ahead of the writer (see ``importer.import_ahead``), so
everything here takes and returns plain values that pickle.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import signal
import stat
import sys
import threading
import time
import zlib
from collections.abc import Container
from dataclasses import dataclass, replace
from pathlib import Path

from reader.ingest.dedup import Fingerprint
from reader.ingest.parse import parse_dump
from reader.model import MAX_FILE_BYTES, ParsedDump, RefusedFile
from reader.store.fts import item_stems

# Files above this size are refused (``reader import --max-size`` sets another limit): the file is
# held in memory while it is parsed, and the parse takes a few times its size.
# A line this long is not a news page's text; parsing and showing it would take minutes.
MAX_LINE_BYTES = 4 * 2**20
# How often the worker looks whether the importer that started it is still there.
PARENT_POLL_SECONDS = 0.5
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file read, hashed and parsed, ready to be written; or why it will not be."""

    path: Path
    digest: str = ""
    size: int = 0
    parsed: ParsedDump | None = None  # None when the file was imported before or is refused
    fingerprints: tuple[Fingerprint, ...] = ()
    stems: tuple[str, ...] = ()  # each item's index stems (``fts.item_stems``)
    refusal: str | None = None
    page: bytes = b""  # the decoded page, compressed, as the store keeps it


@dataclass(frozen=True, slots=True)
class Rules:
    """What a user decided about a source's lines, in ``chrome.key`` form: the lines confirmed as
    boilerplate, and those kept as content whatever a rule says."""

    boilerplate: frozenset[str] = frozenset()
    keep: frozenset[str] = frozenset()


def prepare(
    path: Path,
    rules: Rules,
    imported: Container[str],
    encoding: str | None = None,
    max_bytes: int = MAX_FILE_BYTES,
    year: int | None = None,
) -> Prepared:
    """Everything about one file that needs no store. A file whose digest is in ``imported`` is
    not parsed; ``year`` goes to its dates without one when the page has none to lend."""
    read = read_file(path, max_bytes)
    if isinstance(read, Prepared):
        return read
    data, digest = read
    if digest in imported:
        return Prepared(path, digest, len(data))
    return parse_file(path, data, digest, rules, encoding, year)


def read_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes, str] | Prepared:
    """The file's bytes and digest, or the refusal of a file that cannot or should not be read.

    Only regular files are read: a device, FIFO or socket could block or never end. Memory is
    bounded by ``max_bytes``, and a file with a line longer than ``MAX_LINE_BYTES`` is refused
    here, before it costs the parser many times its size.
    """
    try:
        data = _read(path, max_bytes)
    except _NotRead as refused:
        return Prepared(path, refusal=f"refused {shown(path.name)}: {refused}")
    except OSError as error:
        return Prepared(path, refusal=f"cannot read {shown(path)}: {reason(error)}")
    except MemoryError:
        return Prepared(path, refusal=f"refused {shown(path.name)}: too large to read into memory")
    if _has_long_line(data):
        return Prepared(
            path,
            refusal=f"refused {shown(path.name)}: it has a line longer than {_mb(MAX_LINE_BYTES)}",
        )
    return data, hashlib.sha256(data).hexdigest()


def parse_file(
    path: Path,
    data: bytes,
    digest: str,
    rules: Rules,
    encoding: str | None = None,
    year: int | None = None,
) -> Prepared:
    """Parse and fingerprint a file's items: the part that runs in the worker process for folders."""
    try:
        parsed = parse_dump(
            data,
            shown(path.name),
            boilerplate=rules.boilerplate,
            keep=rules.keep,
            encoding=encoding,
            year=year,
        )
    except RefusedFile as error:
        return Prepared(path, digest, len(data), refusal=f"refused {shown(path.name)}: {error}")
    except MemoryError:
        return Prepared(path, digest, len(data), refusal=f"refused {shown(path.name)}: too large to parse")
    fingerprints = tuple(Fingerprint.of(item.title, item.body) for item in parsed.items)
    for fp in fingerprints:
        # The writer needs these of most items; computed here, they pickle along with the
        # fingerprint, so the worker takes this work off the writer.
        fp.sentence_keys  # noqa: B018
        fp.near_key  # noqa: B018
        fp.piece_keys  # noqa: B018
        fp.overlap_keys  # noqa: B018
        fp.overlap_probes  # noqa: B018
    # Most items of a first import are new and indexed: their stems are the index's costliest part.
    stems = tuple(item_stems(item.title, item.body) for item in parsed.items)
    # Compressed here, the page costs the writer nothing and crosses from the worker once.
    page = zlib.compress(parsed.text.encode("utf-8"))
    return Prepared(path, digest, len(data), replace(parsed, text=""), fingerprints, stems, page=page)


class _NotRead(Exception):
    """A file refused before reading its contents; the message says why."""


def _read(path: Path, max_bytes: int) -> bytes:
    # Opened without blocking, then checked on the descriptor: a FIFO would otherwise wait for a
    # writer, and a path checked before opening could be swapped for one in between.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb") as file:
        info = os.fstat(fd)
        if (kind := special_kind(info.st_mode)) is not None:
            raise _NotRead(f"it is {kind}, not a file")
        if info.st_size > max_bytes:
            raise _NotRead(f"it is larger than the limit of {_mb(max_bytes)}")
        # A size the system does not know (some virtual files say 0) is bounded by the read.
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _NotRead(f"it is larger than the limit of {_mb(max_bytes)}")
    return data


def special_kind(mode: int) -> str | None:
    """What a path that is neither a regular file nor a folder is, in words; None for those two."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _has_long_line(data: bytes) -> bool:
    """Whether any line is longer than ``MAX_LINE_BYTES``, in about ``len(data) / MAX_LINE_BYTES``
    steps: each step jumps to the last line break within the limit."""
    if len(data) <= MAX_LINE_BYTES:
        return False
    start = 0
    while len(data) - start > MAX_LINE_BYTES:
        end = start + MAX_LINE_BYTES + 1
        last = max(data.rfind(b"\n", start, end), data.rfind(b"\r", start, end))
        if last < 0:
            return True
        start = last + 1
    return False


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size:,} bytes"


def shown(path: os.PathLike[str] | str) -> str:
    """A path as text that can be printed and stored: bytes that are not valid UTF-8 (a name
    such as ``caf\\xe9.txt`` from another system) appear as ``\\xe9`` escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error)).lower()


def start_worker(parent: int) -> None:
    """Set up the worker process of the importer whose process id is ``parent``.

    Ctrl+C and a hang-up reach the whole process group: the importer stops the worker, which must
    not print a traceback of its own or die first. If the importer itself is killed, the worker
    ends too instead of parsing on for nobody (and holding the caller's pipes open).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    _die_with(parent)


def _die_with(parent: int) -> None:
    # Linux delivers a signal the moment the parent dies; elsewhere, and as a second line, a thread
    # sees the worker handed to another parent. The check after prctl catches a parent that died
    # before it took effect.
    _set_parent_death_signal(signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="parent-watch", daemon=True).start()


def _set_parent_death_signal(signum: int) -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the watch thread still ends the worker, within PARENT_POLL_SECONDS


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)
