"""Search latency, measured in a process of its own: each query runs as the window runs it, giving
the ids of every matching item in date order, with the first screen of them handed over early.

    python -m bench.search_probe --db STORE QUERIES.json

prints one JSON object: the method used, for each query the seconds until its first screen of
results (what the window shows), the seconds until its whole list, and its number of hits.
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

# A search gives its hits and the seconds until its first screen of results was ready.
Search = Callable[[str], tuple[int, float]]
_RAW_SQL = (
    "SELECT i.id FROM items i WHERE i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?) "
    "ORDER BY i.date DESC, i.id DESC"
)


def _project_search(db: Path) -> tuple[str, Search] | None:
    """The project's search: ``query.parse_query`` and ``Store.item_ids``, as the window runs them."""
    try:
        model = importlib.import_module("reader.model")
        syntax = importlib.import_module("reader.query")
        storage = importlib.import_module("reader.storage")
    except ImportError:
        return None
    store = storage.open_store(db, create=False)

    def search(text: str) -> tuple[int, float]:
        start = time.perf_counter()
        first: list[float] = []

        def report(_ids: object) -> None:
            if not first:
                first.append(time.perf_counter() - start)

        ids = store.item_ids(model.Filter(), model.Sort(), syntax.parse_query(text), first=report)
        whole = time.perf_counter() - start
        return len(ids), first[0] if first else whole

    return "reader.storage.Store.item_ids", search


def _raw_search(db: Path) -> tuple[str, Search]:
    conn = sqlite3.connect(db)

    def search(text: str) -> tuple[int, float]:
        start = time.perf_counter()
        hits = len(conn.execute(_RAW_SQL, (text,)).fetchall())
        return hits, time.perf_counter() - start

    return "raw FTS5 MATCH on items_fts", search


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--raw", action="store_true", help="bypass the project's search API")
    parser.add_argument("queries", type=Path)
    args = parser.parse_args(argv)
    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    method, search = (None if args.raw else _project_search(args.db)) or _raw_search(args.db)
    seconds, first, hits, errors = [], [], [], []
    for text in queries:
        start = time.perf_counter()
        try:
            found, first_seconds = search(text)
        except Exception as error:  # a query the parser refuses is a finding, not a crash
            found, first_seconds = -1, time.perf_counter() - start
            errors.append(f"{text!r}: {error}")
        seconds.append(time.perf_counter() - start)
        first.append(first_seconds)
        hits.append(found)
    print(json.dumps({"method": method, "seconds": seconds, "first": first, "hits": hits, "errors": errors}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
