"""Search latency, measured in a process of its own: each query runs as the window runs it, giving
the ids of every matching item in date order.

    python -m bench.search_probe --db STORE QUERIES.json

prints one JSON object: the method used, the seconds of each query and its number of hits.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

Search = Callable[[str], int]
_RAW_SQL = (
    "SELECT i.id FROM items i WHERE i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?) "
    "ORDER BY i.date DESC, i.id DESC"
)


def _project_search(db: Path) -> tuple[str, Search] | None:
    """The project's search: ``browse.parse_query`` and ``browse.item_ids``, as the window runs them."""
    try:
        browse = importlib.import_module("reader.store.browse")
        store = importlib.import_module("reader.store.db")
    except ImportError:
        return None
    parse = getattr(browse, "parse_query", None)
    if parse is None:
        return None
    conn = store.connect(db)

    def search(text: str) -> int:
        return len(browse.item_ids(conn, browse.Filter(), browse.Sort(), parse(text)))

    return "reader.store.browse.item_ids", search


def _raw_search(db: Path) -> tuple[str, Search]:
    conn = sqlite3.connect(db)

    def search(text: str) -> int:
        return len(conn.execute(_RAW_SQL, (text,)).fetchall())

    return "raw FTS5 MATCH on items_fts", search


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--raw", action="store_true", help="bypass the project's search API")
    parser.add_argument("queries", type=Path)
    args = parser.parse_args(argv)
    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    method, search = (None if args.raw else _project_search(args.db)) or _raw_search(args.db)
    seconds, hits, errors = [], [], []
    for text in queries:
        start = time.perf_counter()
        try:
            hits.append(search(text))
        except Exception as error:  # a query the parser refuses is a finding, not a crash
            hits.append(-1)
            errors.append(f"{text!r}: {error}")
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"method": method, "seconds": seconds, "hits": hits, "errors": errors}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
