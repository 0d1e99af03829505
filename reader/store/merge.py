"""Placing parsed items among stored ones: find the same item, record where it was seen, fold items
that turn out to be one, and derive each item's fields from its occurrences.

An item's title, body and place come from its longest version, its date from its best-dated one, so
the fields do not depend on the order dumps were imported in. Runs inside the importer's transaction.
"""

from __future__ import annotations

import re
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, replace

from reader.ingest.dedup import Fingerprint, contains, join_overlapping, near_duplicate, normalize
from reader.model import Changes, DateMethod, ParsedItem
from reader.store.db import chunks, placeholders
from reader.store.fts import all_words, item_stems
from reader.store.items import raw_rest
from reader.store.marks import reanchor

NEW, MERGED, KNOWN = "new", "merged", "known"


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"))


def unpack(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


_NEXT_ID = "(SELECT max(coalesce((SELECT max(id) FROM items), 0), coalesce((SELECT max(old_id) FROM item_aliases), 0)) + 1)"
# How many items hold each key, counted up to one past ``COMMON``: a formulaic start is held by
# hundreds of thousands of items, and counting them all would cost more than the rest of a placing.
_COUNTS_SQL = (
    "WITH k(key) AS (VALUES {values}) SELECT k.key,"
    " (SELECT count(*) FROM (SELECT 1 FROM dedup_keys d WHERE d.key = k.key LIMIT {most})) FROM k"
)
# A sentence start shared by more items than this is formulaic ("The participants also
# discussed ..."): its items are not fetched, since the candidates of every new item would grow with
# the store. An item holding such a start is found through its rarer ones, its near key or its
# text key, or among the latest items holding it (``WINDOW``) and those of its date.
COMMON = 128
WINDOW = 32
# Other sentence starts a day's candidate is tested for in SQL, at most (the rest in Python).
_DAY_TESTS = 16
_WORD = re.compile(r"\w+")
# Words of an item whose sentence starts are all common that its container is looked up by.
TELLING_WORDS = 2
# The latest items holding those words that are tested for holding it, at most.
WORDS_WINDOW = 64
# Fingerprints kept for items met lately: the items a new one is checked against are mostly those.
FINGERPRINTS_KEPT = 20_000


class MergeCache:
    """What the placing of items learns about the store that stays true across the files of one
    import: the sentence keys known to be common, and the fingerprints of items met lately."""

    def __init__(self) -> None:
        self.common: set[int] = set()
        self.fingerprints: dict[int, tuple[int, Fingerprint]] = {}

    def keep(self, item_id: int, fp: Fingerprint) -> None:
        if len(self.fingerprints) >= FINGERPRINTS_KEPT:
            # Insertion order: the oldest entry goes first.
            del self.fingerprints[next(iter(self.fingerprints))]
        self.fingerprints[item_id] = (fp.text_key, fp)


@dataclass(frozen=True, slots=True)
class _Keyed:
    """A version's sentence keys that stored items hold but are not common, with how many items
    hold each, and its keys that are common."""

    held: dict[int, int]
    common: frozenset[int]


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

    def __init__(
        self,
        conn: sqlite3.Connection,
        import_id: int,
        source_id: int,
        now: str,
        cache: MergeCache | None = None,
    ) -> None:
        self.conn = conn
        self.import_id = import_id
        self.source_id = source_id
        self.now = now
        self.added: set[int] = set()
        self.changed: set[int] = set()
        self.merged: list[tuple[int, int]] = []
        self.annotated: set[int] = set()
        self.grown: set[int] = set()  # stored items this import merged a new version into
        self._cache = cache or MergeCache()
        self._moved_highlights: set[int] = set()
        self._import_time: str | None = None
        # New items not yet in the full-text index (see ``fts_deferred`` in the schema), with the
        # title, body and stems they were stored with when the stems are known already.
        self._unindexed: dict[int, tuple[str | None, str, str] | None] = {}
        fill_near_keys(conn)
        conn.execute("INSERT OR IGNORE INTO fts_deferred (one) VALUES (1)")

    def finish(self) -> None:
        """Index the items this import added; call before the transaction commits."""
        self._index_new()
        self.conn.execute("DELETE FROM fts_deferred")

    def _index_new(self) -> None:
        rows = []
        for chunk in chunks(tuple(sorted(self._unindexed))):
            sql = f"SELECT id, title, body FROM items WHERE id IN ({placeholders(chunk)}) ORDER BY id"
            for item_id, title, body in self.conn.execute(sql, chunk):
                known = self._unindexed[item_id]
                # The entry must hold what the view would give for the item's text as it is now.
                words = (
                    known[2] if known is not None and known[:2] == (title, body) else item_stems(title, body)
                )
                rows.append((item_id, title, body, words))
        self.conn.executemany("INSERT INTO items_fts (rowid, title, body, stems) VALUES (?, ?, ?, ?)", rows)
        self._unindexed.clear()

    def brought(self) -> frozenset[int]:
        """The items this import added or merged a new version into; not those it only saw again."""
        return frozenset(self.added | self.grown)

    def changes(self) -> Changes:
        return Changes(
            items_added=frozenset(self.added),
            items_changed=frozenset(self.changed - self.added),
            items_merged=tuple(self.merged),
            sources=True,
            annotations=frozenset(self.annotated),
        )

    def place(self, item: ParsedItem, fp: Fingerprint | None = None, stems: str | None = None) -> str:
        """Store ``item`` as an occurrence of a known item or as a new one; say which.

        ``fp`` is the item's fingerprint and ``stems`` its index stems (``fts.item_stems``) when
        the caller has them already.
        """
        if fp is None:
            fp = Fingerprint.of(item.title, item.body)
        outcome = MERGED
        folded: tuple[int, ...] = ()
        if (item_id := self._exact(fp)) is not None:
            outcome = KNOWN
        else:
            keyed = self._keyed(fp)
            day = item.date.isoformat() if item.date else None
            if (item_id := self._container(fp, keyed, day)) is not None:
                if self._has_version(item_id, fp.text_key):
                    outcome = KNOWN
            elif contained := self._contained(fp, keyed, day):
                item_id, *rest = sorted(contained)
                folded = tuple(rest)
            elif (item_id := self._near(fp)) is None:
                joined = self._overlapping(item, fp, keyed)
                if joined is None:
                    self._insert_new(item, fp, stems)
                    return NEW
                item_id, item, fp = joined
        if self._unindexed and not self._unindexed.keys().isdisjoint((item_id, *folded)):
            # The triggers that update or delete an item's index entry need the entry to exist.
            self._index_new()
        if folded:
            self._fold(item_id, folded)
            self._add_occurrence(item_id, item, fp)
            self._refresh(item_id)
        else:
            self._add_version(item_id, item, fp)
        self.changed.add(item_id)
        if outcome == MERGED:
            self.grown.add(item_id)
        return outcome

    # Finding the same item.

    def _exact(self, fp: Fingerprint) -> int | None:
        """The oldest item with the same text."""
        (found,) = self.conn.execute(
            "SELECT min(id) FROM items WHERE text_key = ?", (fp.text_key,)
        ).fetchone()
        return found if found is None else int(found)

    def _keyed(self, fp: Fingerprint) -> _Keyed:
        """How many stored items hold each sentence start of ``fp`` that is not common; a start
        found to be common now is remembered as such. The items are counted, not fetched, and
        only up to one past ``COMMON``: most new items are checked against few of them."""
        common = self._cache.common
        keys = tuple(k for k in fp.sentence_keys if k not in common)
        counts: dict[int, int] = {}
        for chunk in chunks(keys):
            values = ",".join("(?)" for _ in chunk)
            counts.update(self.conn.execute(_COUNTS_SQL.format(values=values, most=COMMON + 1), chunk))
        common |= {key for key, n in counts.items() if n > COMMON}
        held = {key: n for key, n in counts.items() if n <= COMMON}
        return _Keyed(held, frozenset(k for k in fp.sentence_keys if k in common))

    def _container(self, fp: Fingerprint, keyed: _Keyed, day: str | None) -> int | None:
        """The oldest item that holds ``fp`` whole (a teaser of it, or part of it).

        A container holds ``fp``'s sentences, so it holds their keys, but for the last one when
        ``fp`` was cut short with an ellipsis.
        """
        lead = fp.lead_key
        if lead is None:
            return None
        cut = fp.body.rstrip().endswith(("\u2026", "..."))
        whole = set(fp.sentence_keys[:-1] if cut else fp.sentence_keys) - keyed.common - {lead}
        if lead not in keyed.common:
            found = self._holding_all(whole | {lead}, keyed)
        elif whole:
            found = self._holding(lead, self._holding_all(whole, keyed))
        else:
            others = set(fp.sentence_keys[1:-1] if cut else fp.sentence_keys[1:])
            found = self._latest(lead, others, day)
            if (container := self._holding_text(found, fp)) is None:
                # Every start is formulaic and the container is neither recent nor of that day (a
                # list page's teaser dated when it was listed, a paragraph whose sentences all
                # start alike): its words find it.
                container = self._holding_text(self._with_words(fp, {lead, *others}) - found, fp)
            return container
        return self._holding_text(found, fp)

    def _holding_text(self, ids: set[int], fp: Fingerprint) -> int | None:
        """The oldest of ``ids`` that holds ``fp`` whole."""
        sized = self._sized(ids, "norm_len > ?", fp.norm_len)
        return next((i for i in sorted(sized) if contains(self._fingerprint(i, sized[i]), fp)), None)

    def _with_words(self, fp: Fingerprint, keys: set[int]) -> set[int]:
        """The latest indexed items longer than ``fp`` that hold its telling words and ``keys``."""
        words = telling_words(fp)
        if not words:
            return set()
        also = sorted(keys)[:_DAY_TESTS]
        tests = ["EXISTS (SELECT 1 FROM dedup_keys d WHERE d.key = ? AND d.item_id = i.id)"] * len(also)
        # The index is asked for the latest items holding the words, a bounded number: words that
        # thousands of items hold would otherwise have every one of them tested.
        sql = (
            "SELECT i.id FROM (SELECT rowid FROM items_fts WHERE items_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f"
            f" JOIN items i ON i.id = f.rowid WHERE i.norm_len > ? {''.join(' AND ' + t for t in tests)}"
        )
        rows = self.conn.execute(sql, (all_words(words), WORDS_WINDOW, fp.norm_len, *also))
        return {i for (i,) in rows}

    def _contained(self, fp: Fingerprint, keyed: _Keyed, day: str | None) -> set[int]:
        """Items that ``fp`` holds whole: their lead is one of its sentence starts.

        Those whose lead is common are the items whose text is a piece of ``fp`` (whole sentences
        from the start of a line), or, for a teaser cut anywhere, among the latest and the same
        day's items sharing its lead.
        """
        leads = self._led_by(tuple(keyed.held))
        if keyed.common:
            leads |= self._with_text(fp.piece_keys)
            # A teaser cut anywhere starts where the text does, or the body after the title.
            for key in keyed.common.intersection(fp.sentence_keys[:2]):
                leads |= self._latest(key, set(), day, lead=True)
        sized = self._sized(leads, "norm_len < ?", fp.norm_len)
        return {i for i, text_key in sized.items() if contains(fp, self._fingerprint(i, text_key))}

    def _near(self, fp: Fingerprint) -> int | None:
        """The oldest near-duplicate of ``fp``: an item with its near key sharing a sentence start."""
        keys = fp.sentence_keys
        if not keys:
            return None
        ids = [
            i
            for (i,) in self.conn.execute(
                "SELECT id FROM items WHERE near_key = ? ORDER BY id", (fp.near_key,)
            ).fetchall()
        ]
        if not ids:
            return None
        sharing = self._sharing(keys, ids)
        return next((i for i in ids if i in sharing and near_duplicate(self._fingerprint(i), fp)), None)

    def _sharing(self, keys: tuple[int, ...], ids: list[int]) -> set[int]:
        """Those of ``ids`` holding one of ``keys``."""
        wanted = set(keys)
        return {i for i, key in self._keys_of(ids) if key in wanted}

    def _holding_all(self, keys: set[int], keyed: _Keyed) -> set[int]:
        """The items holding every one of ``keys``: among those holding the rarest, the ones
        holding the others too."""
        if not keys <= keyed.held.keys():
            return set()
        rarest = min(keys, key=keyed.held.__getitem__)
        ids = {i for (i,) in self.conn.execute("SELECT item_id FROM dedup_keys WHERE key = ?", (rarest,))}
        for chunk in chunks(tuple(keys - {rarest})):
            if not ids:
                break
            marks = placeholders(chunk)
            sql = (
                f"SELECT item_id FROM dedup_keys WHERE key IN ({marks}) AND item_id IN ({placeholders(ids)})"
                " GROUP BY item_id HAVING count(*) = ?"
            )
            ids = {i for (i,) in self.conn.execute(sql, (*chunk, *ids, len(chunk)))}
        return ids

    def _led_by(self, keys: tuple[int, ...]) -> set[int]:
        """The items whose lead is one of ``keys``."""
        found: set[int] = set()
        for chunk in chunks(keys):
            sql = f"SELECT item_id FROM dedup_keys WHERE key IN ({placeholders(chunk)}) AND lead"
            found.update(i for (i,) in self.conn.execute(sql, chunk))
        return found

    def _holding_any(self, keys: tuple[int, ...], ids: set[int]) -> set[int]:
        """Those of ``ids`` holding one of ``keys``."""
        found: set[int] = set()
        for some in chunks(tuple(sorted(ids))):
            for chunk in chunks(keys):
                sql = (
                    f"SELECT item_id FROM dedup_keys WHERE key IN ({placeholders(chunk)})"
                    f" AND item_id IN ({placeholders(some)})"
                )
                found.update(i for (i,) in self.conn.execute(sql, (*chunk, *some)))
        return found

    def _holding(self, key: int, ids: set[int]) -> set[int]:
        """Those of ``ids`` holding ``key``."""
        found: set[int] = set()
        for chunk in chunks(tuple(sorted(ids))):
            sql = f"SELECT item_id FROM dedup_keys WHERE key = ? AND item_id IN ({placeholders(chunk)})"
            found.update(i for (i,) in self.conn.execute(sql, (key, *chunk)))
        return found

    def _keys_of(self, ids: list[int]) -> list[tuple[int, int]]:
        rows: list[tuple[int, int]] = []
        for chunk in chunks(tuple(ids)):
            sql = f"SELECT item_id, key FROM dedup_keys WHERE item_id IN ({placeholders(chunk)})"
            rows += self.conn.execute(sql, chunk).fetchall()
        return rows

    def _sized(self, ids: set[int], fits: str, length: int) -> dict[int, int]:
        """Those of ``ids`` whose normalised length ``fits`` (``norm_len < ?`` or ``norm_len > ?``
        with ``length``: a check before a fingerprint is needed), with their text keys."""
        found: dict[int, int] = {}
        for chunk in chunks(tuple(ids)):
            sql = f"SELECT id, text_key FROM items WHERE id IN ({placeholders(chunk)}) AND {fits}"
            found.update(self.conn.execute(sql, (*chunk, length)))
        return found

    def _with_text(self, keys: frozenset[int]) -> set[int]:
        """The items whose text key is one of ``keys``."""
        found: set[int] = set()
        for chunk in chunks(tuple(keys)):
            sql = f"SELECT id FROM items WHERE text_key IN ({placeholders(chunk)})"
            found.update(i for (i,) in self.conn.execute(sql, chunk))
        return found

    def _window(self, key: int, size: int) -> list[tuple[int, int]]:
        """The latest ``size`` items holding a common ``key``, with whether it is their lead."""
        return self.conn.execute(
            "SELECT item_id, lead FROM dedup_keys WHERE key = ? ORDER BY item_id DESC LIMIT ?", (key, size)
        ).fetchall()

    def _latest(self, key: int, others: set[int], day: str | None, *, lead: bool = False) -> set[int]:
        """Items holding the common ``key`` (as their lead, with ``lead``) and ``others`` too,
        among the latest holding it and those dated ``day``: the versions of one story are mostly
        dumped days apart, and dated alike."""
        rows = self._window(key, WINDOW)
        if day is not None:
            # The items of one day first (CROSS JOIN keeps that order): walking the key's holders
            # instead would visit every item holding the common key, a number that grows with the
            # store. The other starts and the lead are tested before the limit: a busy day holds
            # hundreds of items, more of them holding a formulaic start than the limit takes.
            tests = ["i.date = ?", *(["d.lead"] if lead else [])]
            also = sorted(others - {key})[:_DAY_TESTS]
            tests += ["EXISTS (SELECT 1 FROM dedup_keys o WHERE o.key = ? AND o.item_id = i.id)"] * len(also)
            rows += self.conn.execute(
                "SELECT d.item_id, d.lead FROM items i CROSS JOIN dedup_keys d ON d.key = ? AND d.item_id = i.id"
                f" WHERE {' AND '.join(tests)} LIMIT ?",
                (key, day, *also, COMMON),
            ).fetchall()
        ids = {i for i, is_lead in rows if is_lead or not lead}
        for other in others - {key}:
            ids &= self._holding(other, ids)
        return ids

    def _overlapping(
        self, item: ParsedItem, fp: Fingerprint, keyed: _Keyed
    ) -> tuple[int, ParsedItem, Fingerprint] | None:
        """An item that ``item`` only overlaps (one capture has the start, the other the end),
        with ``item`` made whole: it becomes the longest version, so the item gets the whole text.

        The candidates are the items with one of its overlap probes that share a sentence start
        with it that is not common."""
        if not keyed.held:
            return None
        probes = tuple(fp.overlap_probes)
        found: set[int] = set()
        for chunk in chunks(probes):
            sql = f"SELECT item_id FROM overlap_keys WHERE key IN ({placeholders(chunk)})"
            found.update(i for (i,) in self.conn.execute(sql, chunk))
        if not found:
            return None
        title = normalize(item.title) if item.title else None
        for item_id in sorted(self._holding_any(tuple(keyed.held), found)):
            stored = self._fingerprint(item_id)
            if title and stored.title and title != normalize(stored.title):
                continue
            paragraphs = join_overlapping(stored.body.split("\n\n"), item.paragraphs)
            if paragraphs is not None:
                whole = replace(item, title=item.title or stored.title, paragraphs=paragraphs)
                return item_id, whole, Fingerprint.of(whole.title, whole.body)
        return None

    def _has_version(self, item_id: int, text_key: int) -> bool:
        sql = "SELECT 1 FROM occurrences WHERE item_id = ? AND text_key = ? LIMIT 1"
        return self.conn.execute(sql, (item_id, text_key)).fetchone() is not None

    def _fingerprint(self, item_id: int, text_key: int | None = None) -> Fingerprint:
        """``text_key``, the item's as read just now, saves reading it again."""
        cached = self._cache.fingerprints.get(item_id)
        if text_key is None and cached is not None:
            (text_key,) = self.conn.execute("SELECT text_key FROM items WHERE id = ?", (item_id,)).fetchone()
        if cached is not None and cached[0] == text_key:
            return cached[1]
        sql = "SELECT title, body, text_key FROM items WHERE id = ?"
        title, body, text_key = self.conn.execute(sql, (item_id,)).fetchone()
        # The stored key is the key of this text: it saves hashing it again.
        fp = Fingerprint.of(title, body, text_key)
        self._cache.keep(item_id, fp)
        return fp

    # Writing.

    def _insert_new(self, item: ParsedItem, fp: Fingerprint, stems: str | None) -> None:
        """Store an item seen for the first time, with the fields ``_refresh`` would derive from
        its one occurrence, so it needs no re-reading."""
        day = item.date.isoformat() if item.date else None
        method = item.date_method.value if day and item.date_method else None
        # The id is past every id an item ever had: SQLite would reuse the largest id once its item
        # was folded away, and that id still names the survivor through its alias.
        cur = self.conn.execute(
            "INSERT INTO items (id, title, body, date, date_method, place, text_key, norm_len, near_key,"
            " seen_count, first_seen, updated) VALUES (" + _NEXT_ID + ", ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            (
                item.title,
                item.body,
                day,
                method,
                item.place,
                fp.text_key,
                fp.norm_len,
                fp.near_key,
                self._imported_at(),
                self.now,
            ),
        )
        item_id = cur.lastrowid
        assert item_id is not None
        # A new id has no keys: those of a deleted item went with it (ON DELETE CASCADE).
        self._insert_keys(item_id, fp)
        self._unindexed[item_id] = None if stems is None else (item.title, item.body, stems)
        # Not the keys and counts computed for a new version: a stored item is checked by its text.
        self._cache.keep(item_id, fp.bare())
        self._insert_occurrence(item_id, item, fp, None)
        self.conn.execute(
            "INSERT INTO item_sources (source_id, item_id) VALUES (?, ?)", (self.source_id, item_id)
        )
        self.added.add(item_id)

    def _write_keys(self, item_id: int, fp: Fingerprint) -> None:
        self.conn.execute("UPDATE items SET near_key = ? WHERE id = ?", (fp.near_key, item_id))
        self.conn.execute("DELETE FROM dedup_keys WHERE item_id = ?", (item_id,))
        self.conn.execute("DELETE FROM overlap_keys WHERE item_id = ?", (item_id,))
        self._insert_keys(item_id, fp)

    def _insert_keys(self, item_id: int, fp: Fingerprint) -> None:
        self.conn.executemany(
            "INSERT INTO dedup_keys (key, item_id, lead) VALUES (?, ?, ?)",
            [(key, item_id, int(key == fp.lead_key)) for key in fp.sentence_keys],
        )
        self.conn.executemany(
            "INSERT INTO overlap_keys (key, item_id) VALUES (?, ?)",
            [(key, item_id) for key in fp.overlap_keys],
        )

    def _add_version(self, item_id: int, item: ParsedItem, fp: Fingerprint) -> None:
        """Add an occurrence to an item and derive its fields again from the item's and the new
        version's alone: the item's are those ``_refresh`` derived from all its other occurrences,
        and both choices (the longest text, the best date) can be made two at a time. An item seen
        a thousand times costs no more than one seen twice."""
        conn = self.conn
        row = conn.execute(
            "SELECT title, body, place, text_key, norm_len, date, date_method, seen_count FROM items WHERE id = ?",
            (item_id,),
        ).fetchone()
        title, body, place, text_key, norm_len, day, method, seen = row
        self._insert_occurrence(item_id, item, fp, None if item.body == body else pack(item.body))
        conn.execute(
            "INSERT OR IGNORE INTO item_sources (source_id, item_id) VALUES (?, ?)", (self.source_id, item_id)
        )
        new = _Version(item.title, item.body, item.place, fp.text_key, fp.norm_len)
        best = _longest([_Version(title, body, place, text_key, norm_len), new])
        version_day = item.date.isoformat() if item.date else None
        version_method = item.date_method.value if item.date_method else None
        day, method = _best_date([(day, method), (version_day, version_method)])
        if (best.title, best.body, best.text_key) != (title, body, text_key):
            self._replace_text(item_id, best, fp if best is new else None)
        conn.execute(
            "UPDATE items SET date = ?, date_method = ?, place = ?, seen_count = ?, updated = ?,"
            " first_seen = min(first_seen, ?) WHERE id = ?",
            (day, method, best.place, seen + 1, self.now, self._imported_at(), item_id),
        )

    def _imported_at(self) -> str:
        """When this import was made: the first sight of what it brings."""
        if self._import_time is None:
            row = self.conn.execute(
                "SELECT imported_at FROM imports WHERE id = ?", (self.import_id,)
            ).fetchone()
            self._import_time = self.now if row is None else str(row[0])
        return self._import_time

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
            self._cache.fingerprints.pop(old, None)
            self.merged.append((old, survivor))
            self.added.discard(old)
            self.grown.discard(old)
            self.changed.discard(old)
            self.annotated.discard(old)

    def refresh(self, item_ids: Iterable[int]) -> None:
        """Derive the fields of items that lost occurrences again from the occurrences they hold
        (placing a version only ever weighs it against the item's fields, which the lost ones
        may still carry)."""
        for item_id in item_ids:
            if self.conn.execute("SELECT 1 FROM occurrences WHERE item_id = ?", (item_id,)).fetchone():
                self._refresh(item_id)
                self.changed.add(item_id)

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

    def _replace_text(self, item_id: int, best: _Version, fp: Fingerprint | None = None) -> None:
        """``fp``, the fingerprint of ``best`` when the caller has it, saves computing it again."""
        self._materialise_bodies(item_id)
        self.conn.execute(
            "UPDATE items SET title = ?, body = ?, text_key = ?, norm_len = ? WHERE id = ?",
            (best.title, best.body, best.text_key, best.norm_len, item_id),
        )
        if fp is None:
            fp = Fingerprint.of(best.title, best.body)
        self._write_keys(item_id, fp)
        self._cache.keep(item_id, fp.bare())
        # Versions equal to the new body go back to sharing it.
        rows = self.conn.execute(
            "SELECT id, body FROM occurrences WHERE item_id = ? AND text_key = ? AND body IS NOT NULL",
            (item_id, best.text_key),
        ).fetchall()
        same = [(occ,) for occ, blob in rows if unpack(blob) == best.body]
        self.conn.executemany("UPDATE occurrences SET body = NULL WHERE id = ?", same)
        if reanchor(self.conn, item_id, best.body):
            self.annotated.add(item_id)


def telling_words(fp: Fingerprint) -> list[str]:
    """Up to ``TELLING_WORDS`` words of ``fp`` that few other items hold: its longest names, then
    its longest other words. Every word is letters and digits, as the full-text index splits them."""
    words = _WORD.findall(fp.text)
    if fp.open_end:
        words = words[:-1]  # perhaps cut off mid-word
    whole = {w for w in words if w.isalnum()}
    return sorted(whole, key=lambda w: (_telling_rank(w, fp), -len(w), w))[:TELLING_WORDS]


def _telling_rank(word: str, fp: Fingerprint) -> int:
    """Names first, then figures of three digits or more (days and months recur), then the rest."""
    if word not in fp.significant:
        return 2
    return 0 if word.isalpha() else 1 if len(word) >= 3 else 2


def fill_near_keys(conn: sqlite3.Connection) -> None:
    """Give the items stored before near keys existed (schema 6) theirs, once."""
    sql = "SELECT id, title, body FROM items WHERE near_key IS NULL LIMIT 1000"
    while rows := conn.execute(sql).fetchall():
        conn.executemany(
            "UPDATE items SET near_key = ? WHERE id = ?",
            [(Fingerprint.of(title, body).near_key, item_id) for item_id, title, body in rows],
        )


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
