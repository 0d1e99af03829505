"""The least work any importer must do: read, decode, split on blank lines, hash, insert each block
once and build the full-text index, all in one transaction. Its time is the unit the project's
import time is reported in.

    python -m bench.floor --db FLOOR.db DUMPS_FOLDER

prints one JSON object: seconds, files, bytes, blocks, unique blocks.
"""

from __future__ import annotations

import argparse
import codecs
import hashlib
import json
import re
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

_BLANK = re.compile(r"\n[ \t]*\n")
_SCHEMA = """
CREATE TABLE blocks (id INTEGER PRIMARY KEY, key BLOB NOT NULL UNIQUE, text TEXT NOT NULL);
CREATE VIRTUAL TABLE blocks_fts USING fts5(
    text, content='blocks', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
"""


@dataclass(frozen=True)
class FloorResult:
    seconds: float
    files: int
    bytes: int
    blocks: int
    unique_blocks: int


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1251: the encodings dumps come in."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def blocks(text: str) -> Iterator[str]:
    text = text.replace("\r\n", "\n")
    return (block.strip() for block in _BLANK.split(text) if block.strip())


def _rows(paths: Iterable[Path], counts: dict[str, int]) -> Iterator[tuple[bytes, str]]:
    seen: set[bytes] = set()
    for path in paths:
        data = path.read_bytes()
        counts["files"] += 1
        counts["bytes"] += len(data)
        for block in blocks(decode(data)):
            counts["blocks"] += 1
            key = hashlib.blake2b(block.encode(), digest_size=8).digest()
            if key not in seen:
                seen.add(key)
                yield key, block


def run(db: Path, paths: list[Path]) -> FloorResult:
    """Import ``paths`` into a fresh store at ``db`` and time it, connection and schema included."""
    db.unlink(missing_ok=True)
    counts = {"files": 0, "bytes": 0, "blocks": 0}
    start = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.executemany("INSERT INTO blocks(key, text) VALUES (?, ?)", _rows(paths, counts))
    conn.execute("INSERT INTO blocks_fts(blocks_fts) VALUES ('rebuild')")
    conn.execute("COMMIT")
    conn.close()
    seconds = time.perf_counter() - start
    unique = sqlite3.connect(db).execute("SELECT count(*) FROM blocks").fetchone()[0]
    return FloorResult(seconds, counts["files"], counts["bytes"], counts["blocks"], unique)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    result = run(args.db, sorted(args.folder.rglob("*.txt")))
    print(json.dumps(asdict(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
