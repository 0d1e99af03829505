"""Reading, hashing and parsing one file: the part of an import that needs no store.

For a folder it runs in a worker process ahead of the writer (see ``importer.import_ahead``), so
everything here takes and returns plain values that pickle.
"""

from __future__ import annotations

import hashlib
import signal
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

from reader.ingest.dedup import Fingerprint
from reader.ingest.parse import parse_dump
from reader.model import ParsedDump, RefusedFile


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file read, hashed and parsed, ready to be written; or why it will not be."""

    path: Path
    digest: str = ""
    size: int = 0
    parsed: ParsedDump | None = None  # None when the file was imported before or is refused
    fingerprints: tuple[Fingerprint, ...] = ()
    refusal: str | None = None


def prepare(
    path: Path, boilerplate: frozenset[str], imported: Container[str], encoding: str | None = None
) -> Prepared:
    """Everything about one file that needs no store. A file whose digest is in ``imported`` is
    not parsed."""
    read = read_file(path)
    if isinstance(read, Prepared):
        return read
    data, digest = read
    if digest in imported:
        return Prepared(path, digest, len(data))
    return parse_file(path, data, digest, boilerplate, encoding)


def read_file(path: Path) -> tuple[bytes, str] | Prepared:
    """The file's bytes and digest, or the refusal of a file that cannot be read."""
    try:
        data = _read(path)
    except OSError as error:
        return Prepared(path, refusal=f"cannot read {path}: {reason(error)}")
    return data, hashlib.sha256(data).hexdigest()


def parse_file(
    path: Path, data: bytes, digest: str, boilerplate: frozenset[str], encoding: str | None = None
) -> Prepared:
    """Parse and fingerprint a file's items: the part that runs in the worker process for folders."""
    try:
        parsed = parse_dump(data, path.name, boilerplate=boilerplate, encoding=encoding)
    except RefusedFile as error:
        return Prepared(path, digest, len(data), refusal=f"refused {path.name}: {error}")
    fingerprints = tuple(Fingerprint.of(item.title, item.body) for item in parsed.items)
    for fp in fingerprints:
        # The writer needs these of most items; computed here, they pickle along with the
        # fingerprint, so the worker takes this work off the writer.
        fp.near_key  # noqa: B018
        fp.piece_keys  # noqa: B018
    return Prepared(path, digest, len(data), parsed, fingerprints)


def _read(path: Path) -> bytes:
    if path.is_dir():
        raise IsADirectoryError(21, "it is a folder", str(path))
    return path.read_bytes()


def reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error)).lower()


def start_worker() -> None:
    # Ctrl+C reaches the whole process group: the importer stops the worker, which must not print
    # a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
