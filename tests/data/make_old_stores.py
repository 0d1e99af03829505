"""Write a small store of every earlier schema version into ``tests/data/stores/``.

Each store is made as that version of Dump Reader left it: the schema of its version (the
migrations up to it, which never change once released) and rows in that version's own layout
(raw lines compressed before version 5, only what title and body do not hold from then on):
three items, one of them Russian and one seen twice, a merged item's alias, a bookmark, a note,
tags and a highlight. ``tests/reliability/test_old_stores.py`` opens each of them.

Run it from the repository's root: ``.venv/bin/python tests/data/make_old_stores.py``.
"""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

from reader.ingest.dedup import Fingerprint
from reader.store import schema

OUT = Path(__file__).resolve().parent / "stores"
WHEN = "2024-03-05T10:00:00+00:00"
# (title, body, date, date method, place); the second is seen in both dumps.
ITEMS = (
    ("Summit in Minsk", "Leaders met in Minsk on 23 November.\n\nThey signed a declaration.", "2023-11-23"),
    (None, "The new rescue centre opened in the northern province on 4 March.", "2024-03-04"),
    ("Саммит в Бишкеке", "Главы государств встретились в Бишкеке 13 октября.", "2023-10-13"),
)
BOOKMARKED = 1
NOTE = (2, "Ask the press office about the opening date.")
TAGS = {"summit": (1, 3), "Rescue": (2,)}
HIGHLIGHT = (3, "встретились в Бишкеке", "Главы государств ", " 13 октября.", 17, 38, "green", "where")
MERGED_AWAY = 4  # an id that was folded into item 1


def build(version: int) -> Path:
    path = OUT / f"store-v{version}.db"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        for step in schema.MIGRATIONS[:version]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {version}")
        _fill(conn, version)
        conn.execute("COMMIT")
        conn.execute("VACUUM")
    finally:
        conn.close()
    return path


def _fill(conn: sqlite3.Connection, version: int) -> None:
    conn.execute("INSERT INTO sources (id, name, created) VALUES (1, 'News', ?)", (WHEN,))
    for n in (1, 2):
        conn.execute(
            "INSERT INTO imports (id, source_id, path, file_name, size, sha256, encoding, imported_at,"
            " items_total, items_new, items_merged, items_known, outcome)"
            " VALUES (?, 1, ?, ?, 100, ?, 'utf-8', ?, 2, 2, 0, 0, 'imported')",
            (n, f"/dumps/news-{n}.txt", f"news-{n}.txt", f"{n:064x}", WHEN),
        )
    for item_id, (title, body, day) in enumerate(ITEMS, start=1):
        fp = Fingerprint.of(title, body)
        conn.execute(
            "INSERT INTO items (id, title, body, date, date_method, place, text_key, norm_len, seen_count,"
            " first_seen, updated) VALUES (?, ?, ?, ?, 'line', NULL, ?, ?, ?, ?, ?)",
            (item_id, title, body, day, fp.text_key, fp.norm_len, 2 if item_id == 2 else 1, WHEN, WHEN),
        )
        conn.execute("INSERT INTO item_sources (source_id, item_id) VALUES (1, ?)", (item_id,))
        for position, key in enumerate(fp.sentence_keys):
            conn.execute(
                "INSERT OR IGNORE INTO dedup_keys (key, item_id, lead) VALUES (?, ?, ?)",
                (key, item_id, int(position == 0)),
            )
        for import_id in (1, 2) if item_id == 2 else (1 if item_id == 1 else 2,):
            raw = "\n".join([day, *([title] if title else []), *body.split("\n\n")])
            conn.execute(
                "INSERT INTO occurrences (item_id, import_id, first_line, last_line, title, body, date,"
                " date_method, place, text_key, norm_len, raw) VALUES (?, ?, 1, 4, ?, NULL, ?, 'line', NULL,"
                " ?, ?, ?)",
                (item_id, import_id, title, day, fp.text_key, fp.norm_len, _raw(raw, title, body, version)),
            )
    conn.execute(
        "INSERT INTO item_aliases (old_id, item_id, merged_at) VALUES (?, 1, ?)", (MERGED_AWAY, WHEN)
    )
    conn.execute("INSERT INTO bookmarks (item_id, created) VALUES (?, ?)", (BOOKMARKED, WHEN))
    conn.execute("INSERT INTO notes (item_id, body, updated) VALUES (?, ?, ?)", (*NOTE, WHEN))
    for tag_id, (name, items) in enumerate(TAGS.items(), start=1):
        conn.execute("INSERT INTO tags (id, name) VALUES (?, ?)", (tag_id, name))
        conn.executemany(
            "INSERT INTO item_tags (item_id, tag_id) VALUES (?, ?)", [(i, tag_id) for i in items]
        )
    conn.execute(
        "INSERT INTO highlights (item_id, quote, prefix, suffix, start, end, color, note, created)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*HIGHLIGHT, WHEN),
    )
    context = ", context" if version >= 3 else ""
    conn.execute(
        f"INSERT INTO boilerplate (source_id, key, text, dumps, status{context})"
        f" VALUES (1, 7, 'Subscribe to our newsletter', 3, 'candidate'{', 2' if context else ''})"
    )


def _raw(raw: str, title: str | None, body: str, version: int) -> bytes | str:
    if version < 5:
        return zlib.compress(raw.encode("utf-8"))
    return schema._v5_raw_rest(raw, title, body)  # the layout version 5 introduced


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    for version in range(1, schema.VERSION):
        print(build(version))
