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
from reader.model import ParsedDump
from reader.store.errors import RefusedFile


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file read, hashed and parsed, ready to be written; or why it will not be."""

    path: Path
    digest: str = ""
    size: int = 0
    parsed: ParsedDump | None = None  # None when the file was imported before or is refused
    fingerprints: tuple[Fingerprint, ...] = ()
    refusal: str | None = None


def prepare(path: Path, boilerplate: frozenset[str], imported: Container[str]) -> Prepared:
    """Everything about one file that needs no store: runs in a worker process for folders.

    A file whose digest is in ``imported`` is not parsed.
    """
    try:
        data = _read(path)
    except OSError as error:
        return Prepared(path, refusal=f"cannot read {path}: {reason(error)}")
    digest = hashlib.sha256(data).hexdigest()
    if digest in imported:
        return Prepared(path, digest, len(data))
    try:
        parsed = parse_dump(data, path.name, boilerplate=boilerplate)
    except RefusedFile as error:
        return Prepared(path, digest, len(data), refusal=f"refused {path.name}: {error}")
    fingerprints = tuple(Fingerprint.of(item.title, item.body) for item in parsed.items)
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


# Digests of the files the store held when the worker started; set in the worker process only.
_worker_imported: frozenset[str] = frozenset()


def start_worker(imported: frozenset[str]) -> None:
    global _worker_imported
    _worker_imported = imported
    # Ctrl+C reaches the whole process group: the importer stops the worker, which must not print
    # a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def prepare_in_worker(path: Path, boilerplate: frozenset[str]) -> Prepared:
    return prepare(path, boilerplate, _worker_imported)
