"""Placing parsed items among stored ones: find the same item, record where it was seen, fold items
that turn out to be one, and derive each item's fields from its occurrences.

An item's title, body and place come from its longest version, its date from its best-dated one, so
the fields do not depend on the order dumps were imported in. Runs inside the importer's transaction.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from reader.ingest.dedup import Fingerprint, contains, join_overlapping, near_duplicate, normalize
from reader.model import Changes, DateMethod, ParsedItem
from reader.store.items import raw_rest
from reader.store.marks import reanchor

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


_NEXT_ID = "(SELECT max(coalesce((SELECT max(id) FROM items), 0), coalesce((SELECT max(old_id) FROM item_aliases), 0)) + 1)"
_KEYS_SQL = "SELECT item_id, key, lead FROM dedup_keys WHERE key IN ({marks})"


@dataclass(frozen=True, slots=True)
class _Candidates:
    """What one lookup found for a version: the oldest item with its text, and every row of
    ``dedup_keys`` (item, key, lead) for one of its sentence keys."""

    exact: int | None
    keyed: list[tuple[int, int, int]]

    @property
    def any(self) -> bool:
        return self.exact is not None or bool(self.keyed)

    @property
    def ids(self) -> set[int]:
        found = {i for i, _, _ in self.keyed}
        if self.exact is not None:
            found.add(self.exact)
        return found


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
        # New items not yet in the full-text index (see ``fts_deferred`` in the schema).
        self._unindexed: list[int] = []
        conn.execute("INSERT OR IGNORE INTO fts_deferred (one) VALUES (1)")

    def finish(self) -> None:
        """Index the items this import added; call before the transaction commits."""
        self._index_new()
        self.conn.execute("DELETE FROM fts_deferred")

    def _index_new(self) -> None:
        for chunk in _chunks(tuple(self._unindexed)):
            self.conn.execute(
                f"INSERT INTO items_fts (rowid, title, body) SELECT id, title, body FROM items"
                f" WHERE id IN ({_marks(chunk)})",
                chunk,
            )
        self._unindexed.clear()

    def changes(self) -> Changes:
        return Changes(
            items_added=frozenset(self.added),
            items_changed=frozenset(self.changed - self.added),
            items_merged=tuple(self.merged),
            sources=True,
            annotations=frozenset(self.annotated),
        )

    def place(self, item: ParsedItem, fp: Fingerprint | None = None) -> str:
        """Store ``item`` as an occurrence of a known item or as a new one; say which.

        ``fp`` is the item's fingerprint when the caller has it already.
        """
        if fp is None:
            fp = Fingerprint.of(item.title, item.body)
        found = self._candidates(fp)
        if not found.any:
            # Nothing shares a sentence start or the text: no check can match, so skip them all.
            self._insert_new(item, fp)
            return NEW
        if self._unindexed and not found.ids.isdisjoint(self._unindexed):
            # The triggers that update or delete an item's index entry need the entry to exist.
            self._index_new()
        outcome = MERGED
        if found.exact is not None:
            item_id = found.exact
            outcome = KNOWN
        elif (item_id := self._container(fp, found)) is not None:
            if self._has_version(item_id, fp.text_key):
                outcome = KNOWN
        elif contained := self._contained(fp, found):
            item_id = min(contained)
            self._fold(item_id, sorted(contained - {item_id}))
        elif (item_id := self._near(fp, found)) is None:
            joined = self._overlapping(item, found)
            if joined is None:
                self._insert_new(item, fp)
                return NEW
            item_id, item, fp = joined
        self._add_occurrence(item_id, item, fp)
        self._refresh(item_id)
        self.changed.add(item_id)
        return outcome

    # Finding the same item.

    def _candidates(self, fp: Fingerprint) -> _Candidates:
        """Every stored item sharing a sentence start with ``fp``, and the oldest with its text."""
        keys = fp.sentence_keys
        exact_sql = "SELECT id, NULL, NULL FROM items WHERE text_key = ?"
        if len(keys) > _CHUNK:
            rows = self.conn.execute(exact_sql, (fp.text_key,)).fetchall()
            for chunk in _chunks(keys):
                rows += self.conn.execute(_KEYS_SQL.format(marks=_marks(chunk)), chunk).fetchall()
        else:
            sql = f"{_KEYS_SQL.format(marks=_marks(keys))} UNION ALL {exact_sql}" if keys else exact_sql
            rows = self.conn.execute(sql, (*keys, fp.text_key)).fetchall()
        exact = [i for i, key, _ in rows if key is None]
        return _Candidates(
            min(exact) if exact else None, [(i, key, lead) for i, key, lead in rows if key is not None]
        )

    def _container(self, fp: Fingerprint, found: _Candidates) -> int | None:
        """The oldest item that holds ``fp`` whole (a teaser of it, or part of it)."""
        if fp.lead_key is None:
            return None
        ids = sorted(i for i, key, _ in found.keyed if key == fp.lead_key)
        return next((i for i in ids if contains(self._fingerprint(i), fp)), None)

    def _contained(self, fp: Fingerprint, found: _Candidates) -> set[int]:
        """Items that ``fp`` holds whole: their lead is one of its sentence starts."""
        leads = {i for i, _, lead in found.keyed if lead}
        return {i for i in leads if contains(fp, self._fingerprint(i))}

    def _near(self, fp: Fingerprint, found: _Candidates) -> int | None:
        ids = sorted({i for i, _, _ in found.keyed})
        return next((i for i in ids if near_duplicate(self._fingerprint(i), fp)), None)

    def _overlapping(
        self, item: ParsedItem, found: _Candidates
    ) -> tuple[int, ParsedItem, Fingerprint] | None:
        """An item that ``item`` only overlaps (one capture has the start, the other the end),
        with ``item`` made whole: it becomes the longest version, so the item gets the whole text."""
        for item_id in sorted(found.ids):
            stored = self._fingerprint(item_id)
            if item.title and stored.title and normalize(item.title) != normalize(stored.title):
                continue
            paragraphs = join_overlapping(stored.body.split("\n\n"), item.paragraphs)
            if paragraphs is not None:
                whole = replace(item, title=item.title or stored.title, paragraphs=paragraphs)
                return item_id, whole, Fingerprint.of(whole.title, whole.body)
        return None

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

    def _insert_new(self, item: ParsedItem, fp: Fingerprint) -> None:
        """Store an item seen for the first time, with the fields ``_refresh`` would derive from
        its one occurrence, so it needs no re-reading."""
        day = item.date.isoformat() if item.date else None
        method = item.date_method.value if day and item.date_method else None
        # The id is past every id an item ever had: SQLite would reuse the largest id once its item
        # was folded away, and that id still names the survivor through its alias.
        cur = self.conn.execute(
            "INSERT INTO items (id, title, body, date, date_method, place, text_key, norm_len, seen_count,"
            " first_seen, updated) VALUES (" + _NEXT_ID + ", ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            (item.title, item.body, day, method, item.place, fp.text_key, fp.norm_len, self.now, self.now),
        )
        item_id = cur.lastrowid
        assert item_id is not None
        # A new id has no keys: those of a deleted item went with it (ON DELETE CASCADE).
        self.conn.executemany(
            "INSERT INTO dedup_keys (key, item_id, lead) VALUES (?, ?, ?)",
            [(key, item_id, int(key == fp.lead_key)) for key in fp.sentence_keys],
        )
        self._unindexed.append(item_id)
        self._insert_occurrence(item_id, item, fp, None)
        self.conn.execute(
            "INSERT INTO item_sources (source_id, item_id) VALUES (?, ?)", (self.source_id, item_id)
        )
        self.added.add(item_id)

    def _write_keys(self, item_id: int, fp: Fingerprint) -> None:
        self.conn.execute("DELETE FROM dedup_keys WHERE item_id = ?", (item_id,))
        self.conn.executemany(
            "INSERT INTO dedup_keys (key, item_id, lead) VALUES (?, ?, ?)",
            [(key, item_id, int(key == fp.lead_key)) for key in fp.sentence_keys],
        )

    def _add_occurrence(self, item_id: int, item: ParsedItem, fp: Fingerprint) -> None:
        (current,) = self.conn.execute("SELECT body FROM items WHERE id = ?", (item_id,)).fetchone()
        self._insert_occurrence(item_id, item, fp, None if item.body == current else pack(item.body))
        self.conn.execute(
            "INSERT OR IGNORE INTO item_sources (source_id, item_id) VALUES (?, ?)", (self.source_id, item_id)
        )

    def _insert_occurrence(self, item_id: int, item: ParsedItem, fp: Fingerprint, body: bytes | None) -> None:
        """One occurrence row; ``body`` is None when the version's body is the item's."""
        self.conn.execute(
            "INSERT INTO occurrences (item_id, import_id, first_line, last_line, title, body, date,"
            " date_method, place, text_key, norm_len, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                item_id,
                self.import_id,
                item.first_line,
                item.last_line,
                item.title,
                body,
                item.date.isoformat() if item.date else None,
                item.date_method.value if item.date_method else None,
                item.place,
                fp.text_key,
                fp.norm_len,
                raw_rest(item.raw, item.title, item.body),
            ),
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

    def absorb(self, survivor: int, others: Iterable[int]) -> None:
        """Fold items that hold no occurrence any more into ``survivor``: their marks and ids move
        to it, and its highlights are found again in its text."""
        self._fold(survivor, others)
        self._refresh(survivor)

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
