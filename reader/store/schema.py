"""Tables, indexes and the full-text index of the store, and forward migrations by ``user_version``.

Every version a store was ever written with has a migration to the next one here; ``migrate`` runs
the missing ones in one transaction, so a store is never left half-migrated.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Callable

from reader.ingest.dedup import Fingerprint
from reader.model import StoreError
from reader.store.fts import register_functions

# Items are the deduplicated unit; occurrences record every place an item was seen. Bookmarks,
# notes, tags and highlights live in tables of their own that imports never write to.
_V1 = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
);
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    path TEXT NOT NULL,
    file_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    encoding TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    items_total INTEGER NOT NULL DEFAULT 0,
    items_new INTEGER NOT NULL DEFAULT 0,
    items_merged INTEGER NOT NULL DEFAULT 0,
    items_known INTEGER NOT NULL DEFAULT 0,
    chrome_lines INTEGER NOT NULL DEFAULT 0,
    outcome TEXT NOT NULL CHECK (outcome IN ('imported', 'empty'))
);
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    title TEXT,
    body TEXT NOT NULL,
    date TEXT,
    date_method TEXT CHECK (date_method IN ('line', 'dateline', 'text', 'inferred')),
    place TEXT,
    text_key INTEGER NOT NULL,
    norm_len INTEGER NOT NULL,
    seen_count INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX items_date ON items(date, id);
CREATE INDEX items_text_key ON items(text_key);
CREATE TABLE item_aliases (
    old_id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    merged_at TEXT NOT NULL
);
CREATE INDEX item_aliases_item ON item_aliases(item_id);
CREATE TABLE occurrences (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    import_id INTEGER NOT NULL REFERENCES imports(id),
    first_line INTEGER NOT NULL,
    last_line INTEGER NOT NULL,
    title TEXT,
    body BLOB,
    date TEXT,
    date_method TEXT,
    place TEXT,
    text_key INTEGER NOT NULL,
    norm_len INTEGER NOT NULL,
    raw BLOB NOT NULL
);
CREATE INDEX occurrences_item ON occurrences(item_id);
CREATE INDEX occurrences_import ON occurrences(import_id);
CREATE TABLE item_sources (
    source_id INTEGER NOT NULL REFERENCES sources(id),
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    PRIMARY KEY (source_id, item_id)
) WITHOUT ROWID;
CREATE INDEX item_sources_item ON item_sources(item_id);
CREATE TABLE chrome_lines (
    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    text TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (import_id, line, text)
) WITHOUT ROWID;
CREATE TABLE boilerplate (
    source_id INTEGER NOT NULL REFERENCES sources(id),
    key INTEGER NOT NULL,
    text TEXT NOT NULL,
    dumps INTEGER NOT NULL DEFAULT 0,
    status TEXT CHECK (status IN ('candidate', 'confirmed', 'rejected')),
    PRIMARY KEY (source_id, key)
) WITHOUT ROWID;
CREATE TABLE dedup_keys (
    key INTEGER NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    lead INTEGER NOT NULL,
    PRIMARY KEY (key, item_id)
) WITHOUT ROWID;
CREATE INDEX dedup_keys_item ON dedup_keys(item_id);
CREATE TABLE bookmarks (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    created TEXT NOT NULL
);
CREATE TABLE notes (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE item_tags (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX item_tags_tag ON item_tags(tag_id);
CREATE TABLE highlights (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    quote TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    start INTEGER,
    end INTEGER,
    color TEXT NOT NULL DEFAULT 'yellow',
    note TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL
);
CREATE INDEX highlights_item ON highlights(item_id);
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, body,
    content='items', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF title, body ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO items_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
"""


def _to_v1(conn: sqlite3.Connection) -> None:
    for statement in _statements(_V1):
        conn.execute(statement)


def _statements(script: str) -> list[str]:
    """Split a script into statements; ``executescript`` would commit the open transaction."""
    out, buf = [], []
    for line in script.splitlines(keepends=True):
        buf.append(line)
        chunk = "".join(buf)
        if sqlite3.complete_statement(chunk):
            out.append(chunk.strip())
            buf = []
    return [s for s in out if s]


# Sort orders of the item list that would otherwise sort a million rows on every click.
# The title expression must stay the same text as ``reader.store.browse.TITLE_KEY``.
_V2 = """
CREATE INDEX items_title ON items(substr(coalesce(title, body), 1, 60) COLLATE NOCASE, id);
CREATE INDEX items_seen ON items(seen_count, id);
"""


def _to_v2(conn: sqlite3.Connection) -> None:
    for statement in _statements(_V2):
        conn.execute(statement)


def _to_v3(conn: sqlite3.Connection) -> None:
    # The item a boilerplate line was last seen in: a line is counted again only beside other news.
    conn.execute("ALTER TABLE boilerplate ADD COLUMN context INTEGER")


# Indexing a row from the insert trigger costs about twice what indexing a file's new items in one
# statement does, so an import puts a row in ``fts_deferred`` while it writes and indexes its new
# items itself before it commits. Any other insert is indexed by the trigger as before.
_V4 = """
CREATE TABLE fts_deferred (one INTEGER PRIMARY KEY CHECK (one = 1));
DROP TRIGGER items_fts_insert;
CREATE TRIGGER items_fts_insert AFTER INSERT ON items WHEN NOT EXISTS (SELECT 1 FROM fts_deferred) BEGIN
    INSERT INTO items_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
"""


def _to_v4(conn: sqlite3.Connection) -> None:
    for statement in _statements(_V4):
        conn.execute(statement)


def _to_v5(conn: sqlite3.Connection) -> None:
    """``occurrences.raw`` held every occurrence's raw lines compressed; it now holds only what the
    occurrence's title and body do not (as ``items.raw_rest`` did at version 5), as text, in the
    same column."""
    last = 0
    while rows := conn.execute(
        "SELECT o.id, o.raw, o.title, o.body, i.body FROM occurrences o JOIN items i ON i.id = o.item_id"
        " WHERE o.id > ? ORDER BY o.id LIMIT 1000",
        (last,),
    ).fetchall():
        conn.executemany(
            "UPDATE occurrences SET raw = ? WHERE id = ?",
            [
                (_v5_raw_rest(_inflate(raw), title, item_body if body is None else _inflate(body)), occ)
                for occ, raw, title, body, item_body in rows
            ],
        )
        last = rows[-1][0]


# A copy of ``items.raw_rest`` and its markers as they were at version 5, so that this migration
# does the same whatever later versions of the live code do.
_V5_PART, _V5_LITERAL = "\x1f", "\x1e"


def _v5_raw_rest(raw: str, title: str | None, body: str) -> str:
    paragraphs = body.split("\n\n")
    parts = paragraphs if title is None else [title, *paragraphs]
    k = 0
    out = []
    for line in raw.split("\n"):
        if k < len(parts) and line == parts[k]:
            out.append(_V5_PART)
            k += 1
        elif line[:1] in (_V5_PART, _V5_LITERAL):
            out.append(_V5_LITERAL + line)
        else:
            out.append(line)
    return "\n".join(out)


def _inflate(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


# Each item's near-duplicate key (``dedup.Fingerprint.near_key``), so that the candidates of a
# near-duplicate are the few items with the same names and numbers, however many share its
# sentences. Items stored before have none; the importer fills them in (``merge.fill_near_keys``).
_V6 = """
ALTER TABLE items ADD COLUMN near_key INTEGER;
CREATE INDEX items_near_key ON items(near_key);
"""


def _to_v6(conn: sqlite3.Connection) -> None:
    for statement in _statements(_V6):
        conn.execute(statement)


# Each import's page as decoded (compressed), so the window can show it as it was saved and the
# importer can parse it again when a user keeps or drops one of its lines. Imports stored before
# have none; their page is read from the file while it is still where it was, unchanged.
_V7 = """
CREATE TABLE pages (
    import_id INTEGER PRIMARY KEY REFERENCES imports(id) ON DELETE CASCADE,
    text BLOB NOT NULL
);
"""


def _to_v7(conn: sqlite3.Connection) -> None:
    for statement in _statements(_V7):
        conn.execute(statement)


# The items the last import added or changed (``reader.store.recent``): the tree's "Last import".
_V8 = """
CREATE TABLE recent_items (item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE);
"""


def _to_v8(conn: sqlite3.Connection) -> None:
    for statement in _statements(_V8):
        conn.execute(statement)


# Word forms: the full-text index gets a third column, the stems of the title and body words
# (``reader.stems``), which a search for a plain word looks in; title and body keep the exact forms
# for quoted words and prefixes. SQLite's Python module cannot register an FTS5 tokenizer, so the
# stems come from a view over the items that calls the ``reader_stems`` function, which every
# connection registers (``fts.register_functions``); the triggers give FTS5 the same text.
_V9_STEMS = "reader_stems(coalesce({row}title, '') || ' ' || {row}body)"
_V9 = f"""
DROP TRIGGER items_fts_insert;
DROP TRIGGER items_fts_delete;
DROP TRIGGER items_fts_update;
DROP TABLE items_fts;
CREATE VIEW items_fts_content AS SELECT id, title, body, {_V9_STEMS.format(row="")} AS stems FROM items;
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, body, stems,
    content='items_fts_content', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER items_fts_insert AFTER INSERT ON items WHEN NOT EXISTS (SELECT 1 FROM fts_deferred) BEGIN
    INSERT INTO items_fts(rowid, title, body, stems)
    VALUES (new.id, new.title, new.body, {_V9_STEMS.format(row="new.")});
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, title, body, stems)
    VALUES ('delete', old.id, old.title, old.body, {_V9_STEMS.format(row="old.")});
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF title, body ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, title, body, stems)
    VALUES ('delete', old.id, old.title, old.body, {_V9_STEMS.format(row="old.")});
    INSERT INTO items_fts(rowid, title, body, stems)
    VALUES (new.id, new.title, new.body, {_V9_STEMS.format(row="new.")});
END;
INSERT INTO items_fts(items_fts) VALUES ('rebuild');
"""


def _to_v9(conn: sqlite3.Connection) -> None:
    register_functions(conn)  # the rebuild reads the view
    for statement in _statements(_V9):
        conn.execute(statement)


# How many items each source holds on each day, kept by triggers, so that the tree and the timeline
# of a large store are read from a few thousand rows instead of counted from every item at start-up.
# Source 0 stands for all items and -1 for the items that have a source (day '' only); day '' is
# undated. Rows are kept when their count falls to 0. An item's own row goes when the item goes, and
# its sources' rows before it (``BEFORE DELETE``): by the time its ``item_sources`` rows are deleted
# by the cascade, the item and its date are gone, and their triggers change nothing.
# The rows ``day_counts`` should hold, counted from the items (a ``check`` compares and refills it).
# A migration that changes what it holds takes a copy of this into ``_V10`` first.
DAY_COUNTS = """SELECT 0 AS source_id, coalesce(date, '') AS day, count(*) AS n FROM items GROUP BY coalesce(date, '')
    UNION ALL SELECT x.source_id, coalesce(i.date, ''), count(*)
    FROM items i CROSS JOIN item_sources x ON x.item_id = i.id GROUP BY coalesce(i.date, ''), x.source_id
    UNION ALL SELECT -1, '', count(DISTINCT item_id) FROM item_sources"""
_V10 = f"""
CREATE TABLE day_counts (
    source_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (source_id, day)
) WITHOUT ROWID;
INSERT INTO day_counts {DAY_COUNTS};
CREATE TRIGGER day_counts_item_insert AFTER INSERT ON items BEGIN
    INSERT INTO day_counts VALUES (0, coalesce(new.date, ''), 1) ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER day_counts_item_delete BEFORE DELETE ON items BEGIN
    UPDATE day_counts SET n = n - 1 WHERE day = coalesce(old.date, '')
        AND (source_id = 0 OR source_id IN (SELECT source_id FROM item_sources WHERE item_id = old.id));
    UPDATE day_counts SET n = n - 1 WHERE source_id = -1 AND day = ''
        AND EXISTS (SELECT 1 FROM item_sources WHERE item_id = old.id);
END;
CREATE TRIGGER day_counts_item_date AFTER UPDATE OF date ON items
WHEN coalesce(old.date, '') != coalesce(new.date, '') BEGIN
    UPDATE day_counts SET n = n - 1 WHERE day = coalesce(old.date, '')
        AND (source_id = 0 OR source_id IN (SELECT source_id FROM item_sources WHERE item_id = old.id));
    INSERT INTO day_counts SELECT 0, coalesce(new.date, ''), 1 WHERE true ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO day_counts SELECT source_id, coalesce(new.date, ''), 1 FROM item_sources WHERE item_id = new.id
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER day_counts_source_insert AFTER INSERT ON item_sources BEGIN
    INSERT INTO day_counts SELECT new.source_id, coalesce(date, ''), 1 FROM items WHERE id = new.item_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO day_counts SELECT -1, '', 1 WHERE (SELECT count(*) FROM item_sources WHERE item_id = new.item_id) = 1
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER day_counts_source_delete AFTER DELETE ON item_sources BEGIN
    UPDATE day_counts SET n = n - 1
        WHERE source_id = old.source_id AND day = (SELECT coalesce(date, '') FROM items WHERE id = old.item_id);
    UPDATE day_counts SET n = n - 1 WHERE source_id = -1 AND day = ''
        AND EXISTS (SELECT 1 FROM items WHERE id = old.item_id)
        AND NOT EXISTS (SELECT 1 FROM item_sources WHERE item_id = old.item_id);
END;
CREATE TRIGGER day_counts_source_update AFTER UPDATE ON item_sources BEGIN
    UPDATE day_counts SET n = n - 1
        WHERE source_id = old.source_id AND day = (SELECT coalesce(date, '') FROM items WHERE id = old.item_id);
    UPDATE day_counts SET n = n - 1 WHERE source_id = -1 AND day = ''
        AND EXISTS (SELECT 1 FROM items WHERE id = old.item_id)
        AND NOT EXISTS (SELECT 1 FROM item_sources WHERE item_id = old.item_id);
    INSERT INTO day_counts SELECT new.source_id, coalesce(date, ''), 1 FROM items WHERE id = new.item_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO day_counts SELECT -1, '', 1 WHERE old.item_id != new.item_id
        AND (SELECT count(*) FROM item_sources WHERE item_id = new.item_id) = 1
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
"""


def _to_v10(conn: sqlite3.Connection) -> None:
    for statement in _statements(_V10):
        conn.execute(statement)


# Each item's overlap keys (``dedup.Fingerprint.overlap_keys``), so that the captures a new one
# only overlaps are the few items keyed by its edge paragraphs, not every item sharing a sentence.
_V11 = """
CREATE TABLE overlap_keys (
    key INTEGER NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    PRIMARY KEY (key, item_id)
) WITHOUT ROWID;
CREATE INDEX overlap_keys_item ON overlap_keys(item_id);
"""


def _to_v11(conn: sqlite3.Connection) -> None:
    for statement in _statements(_V11):
        conn.execute(statement)
    last = 0
    while rows := conn.execute(
        "SELECT id, body FROM items WHERE id > ? ORDER BY id LIMIT 1000", (last,)
    ).fetchall():
        conn.executemany(
            "INSERT INTO overlap_keys (key, item_id) VALUES (?, ?)",
            [(key, item_id) for item_id, body in rows for key in Fingerprint.of(None, body).overlap_keys],
        )
        last = rows[-1][0]


# A stamp of the order of items, for the id list a reader keeps in memory (``dateorder``): any
# insert, delete or change of date, by any connection, sets a new random one, so a kept list whose
# stamp is still the store's is of this state of the store, even after a backup is restored. An
# import leaves the list of the state it made in ``item_order`` (with each id's place in it), under
# that state's stamp, so the next window to open the store reads it at once instead of from the
# date index.
_V12 = """
CREATE TABLE item_order (stamp INTEGER NOT NULL, ids BLOB NOT NULL, places BLOB NOT NULL);
CREATE TABLE order_stamp (stamp INTEGER NOT NULL);
INSERT INTO order_stamp VALUES (random());
CREATE TRIGGER order_stamp_insert AFTER INSERT ON items BEGIN
    UPDATE order_stamp SET stamp = random();
END;
CREATE TRIGGER order_stamp_delete AFTER DELETE ON items BEGIN
    UPDATE order_stamp SET stamp = random();
END;
CREATE TRIGGER order_stamp_date AFTER UPDATE OF date ON items BEGIN
    UPDATE order_stamp SET stamp = random();
END;
"""


def _to_v12(conn: sqlite3.Connection) -> None:
    for statement in _statements(_V12):
        conn.execute(statement)


# MIGRATIONS[n] takes a store at version n to version n + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _to_v1,
    _to_v2,
    _to_v3,
    _to_v4,
    _to_v5,
    _to_v6,
    _to_v7,
    _to_v8,
    _to_v9,
    _to_v10,
    _to_v11,
    _to_v12,
]
VERSION = len(MIGRATIONS)


def version(conn: sqlite3.Connection) -> int:
    value: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return value


def migrate(conn: sqlite3.Connection, *, path: str = "") -> bool:
    """Bring the store to ``VERSION``; return True when anything was run. Registers the SQL
    functions the schema's view and triggers call, so every connection that migrates can write."""
    register_functions(conn)
    current = version(conn)
    if current > VERSION:
        raise StoreError(
            f"{path or 'the store'} was written by a newer Dump Reader (schema {current}, "
            f"this one knows {VERSION}); update Dump Reader to open it"
        )
    if current == VERSION:
        return False
    if current == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise StoreError(
            f"{path or 'the store'} holds tables but no Dump Reader schema version;"
            " it was not written by Dump Reader, or its header is damaged"
        )
    conn.execute("BEGIN IMMEDIATE")
    try:
        for step in MIGRATIONS[current:]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return True
