"""Placing parsed items among stored ones: find the same item, record where it was seen, fold items
that turn out to be one, and derive each item's fields from its occurrences.

An item's title, body and place come from its longest version, its date from its best-dated one, so
the fields do not depend on the order dumps were imported in. Runs inside the importer's transaction.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reader.ingest.dedup import Fingerprint, contains, near_duplicate
from reader.model import Changes, DateMethod, ParsedItem
from reader.store.annotations import reanchor

NEW, MERGED, KNOWN = "new", "merged", "known"
# Well under SQLite's limit on bound parameters, which is 999 in builds before 3.32.
_CHUNK = 500


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"))


def unpack(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


def _chunks(values: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _marks(values: tuple[int, ...]) -> str:
    return ",".join("?" * len(values))


@dataclass(frozen=True, slots=True)
class _Version:
    """One occurrence as it competes to give its item's fields."""

    title: str | None
    body: str
    place: str | None
    text_key: int
    norm_len: int


class Merger:
    """Places the items of one import; collects what changed. Lives for one transaction."""

    def __init__(self, conn: sqlite3.Connection, import_id: int, source_id: int, now: str) -> None:
        self.conn = conn
        self.import_id = import_id
        self.source_id = source_id
        self.now = now
        self.added: set[int] = set()
        self.changed: set[int] = set()
        self.merged: list[tuple[int, int]] = []
        self.annotated: set[int] = set()
        self._fingerprints: dict[int, tuple[int, Fingerprint]] = {}
        self._moved_highlights: set[int] = set()

    def changes(self) -> Changes:
        return Changes(
            items_added=frozenset(self.added),
            items_changed=frozenset(self.changed - self.added),
            items_merged=tuple(self.merged),
            sources=True,
            annotations=frozenset(self.annotated),
        )

    def place(self, item: ParsedItem) -> str:
        """Store ``item`` as an occurrence of a known item or as a new one; say which."""
        fp = Fingerprint.of(item.title, item.body)
        outcome = MERGED
        if (item_id := self._exact(fp)) is not None:
            outcome = KNOWN
        elif (item_id := self._container(fp)) is not None:
            if self._has_version(item_id, fp.text_key):
                outcome = KNOWN
        elif contained := self._contained(fp):
            item_id = min(contained)
            self._fold(item_id, sorted(contained - {item_id}))
        elif (item_id := self._near(fp)) is None:
            item_id = self._insert(item, fp)
            outcome = NEW
        self._add_occurrence(item_id, item, fp)
        self._refresh(item_id)
        if outcome != NEW:
            self.changed.add(item_id)
        return outcome

    # Finding the same item.

    def _exact(self, fp: Fingerprint) -> int | None:
        return self.conn.execute("SELECT min(id) FROM items WHERE text_key = ?", (fp.text_key,)).fetchone()[0]

    def _container(self, fp: Fingerprint) -> int | None:
        """The oldest item that holds ``fp`` whole (a teaser of it, or part of it)."""
        if fp.lead_key is None:
            return None
        rows = self.conn.execute(
            "SELECT item_id FROM dedup_keys WHERE key = ? ORDER BY item_id", (fp.lead_key,)
        )
        return next((i for (i,) in rows.fetchall() if contains(self._fingerprint(i), fp)), None)

    def _contained(self, fp: Fingerprint) -> set[int]:
        """Items that ``fp`` holds whole: their lead is one of its sentence starts."""
        found: set[int] = set()
        for chunk in _chunks(fp.sentence_keys):
            sql = f"SELECT DISTINCT item_id FROM dedup_keys WHERE lead = 1 AND key IN ({_marks(chunk)})"
            found.update(i for (i,) in self.conn.execute(sql, chunk))
        return {i for i in found if contains(fp, self._fingerprint(i))}

    def _near(self, fp: Fingerprint) -> int | None:
        found: set[int] = set()
        for chunk in _chunks(fp.sentence_keys):
            sql = f"SELECT DISTINCT item_id FROM dedup_keys WHERE key IN ({_marks(chunk)})"
            found.update(i for (i,) in self.conn.execute(sql, chunk))
        return next((i for i in sorted(found) if near_duplicate(self._fingerprint(i), fp)), None)

    def _has_version(self, item_id: int, text_key: int) -> bool:
        sql = "SELECT 1 FROM occurrences WHERE item_id = ? AND text_key = ? LIMIT 1"
        return self.conn.execute(sql, (item_id, text_key)).fetchone() is not None

    def _fingerprint(self, item_id: int) -> Fingerprint:
        title, body, text_key = self.conn.execute(
            "SELECT title, body, text_key FROM items WHERE id = ?", (item_id,)
        ).fetchone()
        cached = self._fingerprints.get(item_id)
        if cached is None or cached[0] != text_key:
            cached = (text_key, Fingerprint.of(title, body))
            self._fingerprints[item_id] = cached
        return cached[1]

    # Writing.

    def _insert(self, item: ParsedItem, fp: Fingerprint) -> int:
        cur = self.conn.execute(
            "INSERT INTO items (title, body, date, date_method, place, text_key, norm_len, seen_count,"
            " first_seen, updated) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            (
                item.title,
                item.body,
                item.date.isoformat() if item.date else None,
                item.date_method.value if item.date_method else None,
                item.place,
                fp.text_key,
                fp.norm_len,
                self.now,
                self.now,
            ),
        )
        item_id = cur.lastrowid
        assert item_id is not None
        self._write_keys(item_id, fp)
        self.added.add(item_id)
        return item_id

    def _write_keys(self, item_id: int, fp: Fingerprint) -> None:
        self.conn.execute("DELETE FROM dedup_keys WHERE item_id = ?", (item_id,))
        self.conn.executemany(
            "INSERT INTO dedup_keys (key, item_id, lead) VALUES (?, ?, ?)",
            [(key, item_id, int(key == fp.lead_key)) for key in fp.sentence_keys],
        )

    def _add_occurrence(self, item_id: int, item: ParsedItem, fp: Fingerprint) -> None:
        (current,) = self.conn.execute("SELECT body FROM items WHERE id = ?", (item_id,)).fetchone()
        self.conn.execute(
            "INSERT INTO occurrences (item_id, import_id, first_line, last_line, title, body, date,"
            " date_method, place, text_key, norm_len, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                item_id,
                self.import_id,
                item.first_line,
                item.last_line,
                item.title,
                None if item.body == current else pack(item.body),
                item.date.isoformat() if item.date else None,
                item.date_method.value if item.date_method else None,
                item.place,
                fp.text_key,
                fp.norm_len,
                pack(item.raw),
            ),
        )
        self.conn.execute(
            "INSERT OR IGNORE INTO item_sources (source_id, item_id) VALUES (?, ?)", (self.source_id, item_id)
        )

    def _fold(self, survivor: int, others: Iterable[int]) -> None:
        """Make ``others`` part of ``survivor``: their occurrences, annotations and ids move to it."""
        for old in others:
            self._materialise_bodies(old)
            self._move_annotations(old, survivor)
            for sql in (
                "UPDATE occurrences SET item_id = ? WHERE item_id = ?",
                "UPDATE OR IGNORE item_sources SET item_id = ? WHERE item_id = ?",
                "UPDATE item_aliases SET item_id = ? WHERE item_id = ?",
            ):
                self.conn.execute(sql, (survivor, old))
            self.conn.execute(
                "INSERT INTO item_aliases (old_id, item_id, merged_at) VALUES (?, ?, ?)",
                (old, survivor, self.now),
            )
            self.conn.execute("DELETE FROM items WHERE id = ?", (old,))
            self._fingerprints.pop(old, None)
            self.merged.append((old, survivor))
            self.added.discard(old)
            self.changed.discard(old)
            self.annotated.discard(old)

    def _move_annotations(self, old: int, survivor: int) -> None:
        conn = self.conn
        before = conn.total_changes
        conn.execute(
            "INSERT OR IGNORE INTO bookmarks (item_id, created) SELECT ?, created FROM bookmarks"
            " WHERE item_id = ?",
            (survivor, old),
        )
        conn.execute(
            "INSERT OR IGNORE INTO item_tags (item_id, tag_id) SELECT ?, tag_id FROM item_tags"
            " WHERE item_id = ?",
            (survivor, old),
        )
        if conn.execute("UPDATE highlights SET item_id = ? WHERE item_id = ?", (survivor, old)).rowcount:
            self._moved_highlights.add(survivor)
        self._merge_notes(old, survivor)
        if conn.total_changes != before:
            self.annotated.add(survivor)

    def _merge_notes(self, old: int, survivor: int) -> None:
        notes = dict(
            self.conn.execute("SELECT item_id, body FROM notes WHERE item_id IN (?, ?)", (survivor, old))
        )
        parts = [n for n in (notes.get(survivor, ""), notes.get(old, "")) if n.strip()]
        parts = list(dict.fromkeys(parts))
        if old in notes and parts:
            self.conn.execute(
                "INSERT INTO notes (item_id, body, updated) VALUES (?, ?, ?)"
                " ON CONFLICT (item_id) DO UPDATE SET body = excluded.body, updated = excluded.updated",
                (survivor, "\n\n".join(parts), self.now),
            )

    def _materialise_bodies(self, item_id: int) -> None:
        """Give occurrences that share the item's body (NULL) their own copy, before it changes."""
        (body,) = self.conn.execute("SELECT body FROM items WHERE id = ?", (item_id,)).fetchone()
        self.conn.execute(
            "UPDATE occurrences SET body = ? WHERE item_id = ? AND body IS NULL", (pack(body), item_id)
        )

    # Deriving an item's fields from its occurrences.

    def _refresh(self, item_id: int) -> None:
        conn = self.conn
        title, body, text_key = conn.execute(
            "SELECT title, body, text_key FROM items WHERE id = ?", (item_id,)
        ).fetchone()
        dates = conn.execute(
            "SELECT date, date_method, norm_len FROM occurrences WHERE item_id = ?", (item_id,)
        ).fetchall()
        # Only the longest versions compete for the text: leave the others compressed.
        longest = conn.execute(
            "SELECT title, body, place, text_key, norm_len FROM occurrences WHERE item_id = ? AND norm_len = ?",
            (item_id, max(n for *_, n in dates)),
        ).fetchall()
        best = _longest([_Version(t, body if b is None else unpack(b), p, k, n) for t, b, p, k, n in longest])
        day, method = _best_date([(d, m) for d, m, _ in dates])
        if (best.title, best.body, best.text_key) != (title, body, text_key):
            self._replace_text(item_id, best)
        elif item_id in self._moved_highlights:
            reanchor(conn, item_id, body)
        self._moved_highlights.discard(item_id)
        conn.execute(
            "UPDATE items SET date = ?, date_method = ?, place = ?, seen_count = ?, updated = ?,"
            " first_seen = (SELECT min(i.imported_at) FROM occurrences o JOIN imports i"
            " ON i.id = o.import_id WHERE o.item_id = ?) WHERE id = ?",
            (day, method, best.place, len(dates), self.now, item_id, item_id),
        )

    def _replace_text(self, item_id: int, best: _Version) -> None:
        self._materialise_bodies(item_id)
        self.conn.execute(
            "UPDATE items SET title = ?, body = ?, text_key = ?, norm_len = ? WHERE id = ?",
            (best.title, best.body, best.text_key, best.norm_len, item_id),
        )
        self._write_keys(item_id, Fingerprint.of(best.title, best.body))
        # Versions equal to the new body go back to sharing it.
        rows = self.conn.execute(
            "SELECT id, body FROM occurrences WHERE item_id = ? AND text_key = ? AND body IS NOT NULL",
            (item_id, best.text_key),
        ).fetchall()
        same = [(occ,) for occ, blob in rows if unpack(blob) == best.body]
        self.conn.executemany("UPDATE occurrences SET body = NULL WHERE id = ?", same)
        if reanchor(self.conn, item_id, best.body):
            self.annotated.add(item_id)


def _longest(versions: list[_Version]) -> _Version:
    """The longest version; among equally long ones, the smallest normalised text, then raw text."""
    top = max(v.norm_len for v in versions)
    tied = [v for v in versions if v.norm_len == top]
    texts: dict[int, str] = {}
    if len({v.text_key for v in tied}) > 1:
        for v in tied:
            if v.text_key not in texts:
                texts[v.text_key] = Fingerprint.of(v.title, v.body).text
    return min(tied, key=lambda v: (texts.get(v.text_key, ""), v.title or "", v.body, v.place or ""))


def _best_date(dates: list[tuple[str | None, str | None]]) -> tuple[str | None, str | None]:
    """The date found by the strongest method; among those, the earliest."""
    dated = [(DateMethod(m).rank if m else len(DateMethod), d, m) for d, m in dates if d]
    if not dated:
        return None, None
    _, day, method = min(dated)
    return day, method
