"""The page an import was cut from, as it was saved, and a user's word on one of its lines.

Each import keeps its decoded page (``pages``); one stored before pages were kept is read from its
file while that is still where it was, unchanged. Keeping a dropped line as content, or dropping a
kept line as boilerplate, records the decision in the source's boilerplate list (a rejected line is
kept whatever a rule says, a confirmed one dropped) and parses the page again through the engine
with it: the items show the change at once, and later imports of the source decide the same way.
"""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from bisect import bisect_right
from datetime import UTC, datetime
from pathlib import Path

from reader.ingest.chrome import key
from reader.ingest.decode import decode_as
from reader.ingest.normalize import Line, lines
from reader.ingest.parse import parse_text
from reader.model import (
    Changes,
    LineRole,
    PageLine,
    ParsedItem,
    SavedPage,
    UnknownItem,
    UserError,
)
from reader.store import boilerplate
from reader.store.db import transaction
from reader.store.importer import record_chrome, source_rules
from reader.store.items import resolve
from reader.store.merge import Merger, unpack
from reader.store.removal import marked_headings


def page_text(conn: sqlite3.Connection, import_id: int) -> str | None:
    """The decoded page of an import; None when it was not kept and its file is gone or changed."""
    row = conn.execute("SELECT text FROM pages WHERE import_id = ?", (import_id,)).fetchone()
    if row is not None:
        return zlib.decompress(row[0]).decode("utf-8")
    found = conn.execute("SELECT path, sha256, encoding FROM imports WHERE id = ?", (import_id,)).fetchone()
    if found is None:
        return None
    path, digest, encoding = found
    try:
        data = Path(path).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            return None
        return decode_as(data, encoding).text
    except (OSError, UserError):
        return None


def saved_page(conn: sqlite3.Connection, item_id: int, import_id: int | None = None) -> SavedPage | None:
    """The page of the item's occurrence in ``import_id`` (its first occurrence by default), each
    line with what the import made of it; None when the page can no longer be read."""
    found = resolve(conn, item_id)
    if found is None:
        raise UnknownItem(f"item {item_id} does not exist")
    row = conn.execute(
        "SELECT i.id, s.name, i.file_name, i.imported_at FROM occurrences o"
        " JOIN imports i ON i.id = o.import_id JOIN sources s ON s.id = i.source_id"
        " WHERE o.item_id = ? AND (? IS NULL OR o.import_id = ?)"
        " ORDER BY i.imported_at, o.import_id, o.first_line LIMIT 1",
        (found, import_id, import_id),
    ).fetchone()
    if row is None:
        raise UserError(f"item {item_id} was not seen in import {import_id}")
    shown_import, source, file, imported_at = row
    text = page_text(conn, shown_import)
    if text is None:
        return None
    return SavedPage(
        shown_import, found, source, file, imported_at, _classified(conn, shown_import, found, text)
    )


def _physical(text: str) -> list[str]:
    """The page's lines as saved, numbered as ``normalize.lines`` numbers them."""
    out = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while out and not out[-1].strip():
        out.pop()
    return out


def _covering(text: str) -> dict[int, Line]:
    """For each saved line, the normalised line (a re-joined paragraph, maybe) it is part of."""
    return {n: line for line in lines(text) for n in range(line.number, line.last + 1)}


def _classified(conn: sqlite3.Connection, import_id: int, item_id: int, text: str) -> tuple[PageLine, ...]:
    spans = conn.execute(
        "SELECT first_line, last_line, item_id FROM occurrences WHERE import_id = ? ORDER BY first_line",
        (import_id,),
    ).fetchall()
    starts = [first for first, _, _ in spans]
    chrome: dict[int, list[tuple[str, str]]] = {}
    for number, dropped, why in conn.execute(
        "SELECT line, text, reason FROM chrome_lines WHERE import_id = ?", (import_id,)
    ):
        chrome.setdefault(number, []).append((dropped, why))
    covering = _covering(text)
    out = []
    for n, saved in enumerate(_physical(text), 1):
        line = covering.get(n)
        if line is None or not line.text:
            out.append(PageLine(n, saved, LineRole.BLANK))
            continue
        k = bisect_right(starts, line.number) - 1
        owner = spans[k][2] if k >= 0 and line.number <= spans[k][1] else None
        # Inside an item, a line is dropped only when all of it was; a date glued to text is
        # split off the line, and the text stays in the item.
        reasons = [
            why for dropped, why in chrome.get(line.number, ()) if owner is None or dropped == line.text
        ]
        if reasons:
            out.append(PageLine(n, saved, LineRole.DROPPED, reasons[0], owner))
        else:
            role = LineRole.ITEM if owner == item_id else LineRole.OTHER
            out.append(PageLine(n, saved, role, None, owner))
    return tuple(out)


def keep_line(conn: sqlite3.Connection, import_id: int, number: int) -> Changes:
    """Keep line ``number`` of an import's page as content: for its source from now on, and in
    this page's items at once."""
    return _decide(conn, import_id, number, "rejected")


def drop_line(conn: sqlite3.Connection, import_id: int, number: int) -> Changes:
    """Drop line ``number`` of an import's page as boilerplate of its source, from this page's
    items at once and from later imports."""
    return _decide(conn, import_id, number, "confirmed")


def line_status(conn: sqlite3.Connection, import_id: int, number: int) -> str | None:
    """The status line ``number`` of an import's page has for its source (``boilerplate``), None
    when it has none."""
    source_id, _, _, _, line = _page_line(conn, import_id, number)
    return boilerplate.status_of(conn, source_id, line)


def restore_line(conn: sqlite3.Connection, import_id: int, number: int, status: str | None) -> Changes:
    """Give line ``number`` of an import's page back ``status`` (None: no decision) for its source
    and parse the page again: what undoes ``keep_line`` or ``drop_line``."""
    return _decide(conn, import_id, number, status)


def _page_line(conn: sqlite3.Connection, import_id: int, number: int) -> tuple[int, str, str, str, str]:
    """The source id, source name and encoding of an import, its page's text and the page's line
    ``number``."""
    row = conn.execute(
        "SELECT s.id, s.name, i.encoding FROM imports i JOIN sources s ON s.id = i.source_id WHERE i.id = ?",
        (import_id,),
    ).fetchone()
    if row is None:
        raise UserError(f"there is no import {import_id}; `reader imports` lists them")
    source_id, source, encoding = row
    text = page_text(conn, import_id)
    if text is None:
        raise UserError(f"the page of import {import_id} was not kept, and its file is gone or changed")
    line = _covering(text).get(number)
    if line is None or not key(line.text):
        raise UserError(f"line {number} of import {import_id} has no words to keep or drop")
    return source_id, source, encoding, text, line.text


def _decide(conn: sqlite3.Connection, import_id: int, number: int, status: str | None) -> Changes:
    with transaction(conn):
        source_id, source, encoding, text, line = _page_line(conn, import_id, number)
        changes = boilerplate.set_status(conn, source, line, status)
        conn.execute(
            "INSERT OR IGNORE INTO pages (import_id, text) VALUES (?, ?)",
            (import_id, zlib.compress(text.encode("utf-8"))),
        )
        rules = source_rules(conn, source)
        parsed = parse_text(text, encoding=encoding, boilerplate=rules.boilerplate, keep=rules.keep)
        changes |= _place_again(conn, import_id, source_id, parsed.items)
        conn.execute("DELETE FROM chrome_lines WHERE import_id = ?", (import_id,))
        record_chrome(conn, import_id, parsed)
        conn.execute(
            "UPDATE imports SET items_total = ?, chrome_lines = ? WHERE id = ?",
            (len(parsed.items), len(parsed.chrome), import_id),
        )
    return changes | Changes(source_ids=frozenset({source_id}))


def _place_again(
    conn: sqlite3.Connection, import_id: int, source_id: int, items: tuple[ParsedItem, ...]
) -> Changes:
    """Give an import the items of a new parse of its page, as if it had been imported so.

    An occurrence the new parse gives back unchanged stays as it is. The others are taken out and
    the new versions placed by the importer's ``Merger``: a version that lengthens or shortens an
    item finds that item, which keeps its id and marks. An item left with no occurrence folds into
    the item now holding its lines, or goes; when one that goes carries marks, a ``UserError`` says
    so and the caller's transaction rolls everything back.
    """
    old = {
        (first, last, title, body if packed is None else unpack(packed)): (occ, item_id)
        for occ, item_id, first, last, title, packed, body in conn.execute(
            "SELECT o.id, o.item_id, o.first_line, o.last_line, o.title, o.body, i.body"
            " FROM occurrences o JOIN items i ON i.id = o.item_id WHERE o.import_id = ?",
            (import_id,),
        )
    }
    fresh = []
    for item in items:
        if old.pop((item.first_line, item.last_line, item.title, item.body), None) is None:
            fresh.append(item)
    spans = {item_id: (first, last) for (first, last, _, _), (_, item_id) in old.items()}
    conn.executemany("DELETE FROM occurrences WHERE id = ?", [(occ,) for occ, _ in old.values()])
    now = datetime.now(UTC).isoformat(timespec="seconds")
    merger = Merger(conn, import_id, source_id, now)
    for item in fresh:
        merger.place(item)
    homeless = {
        item_id
        for item_id in spans
        if conn.execute("SELECT 1 FROM occurrences WHERE item_id = ?", (item_id,)).fetchone() is None
    }
    gone = set()
    for item_id in sorted(homeless):
        first, last = spans[item_id]
        row = conn.execute(
            "SELECT item_id FROM occurrences WHERE import_id = ? AND first_line <= ? AND last_line >= ?"
            " ORDER BY first_line LIMIT 1",
            (import_id, last, first),
        ).fetchone()
        if row is None:
            gone.add(item_id)
        else:
            merger.absorb(row[0], [item_id])
    if marked := marked_headings(conn, gone):
        names = "; ".join(heading for _, heading in marked[:3]) + ("; …" if len(marked) > 3 else "")
        raise UserError(
            f"this would take away {len(marked)} item(s) of the page that carry bookmarks, tags,"
            f" notes or highlights ({names}); nothing was changed"
        )
    conn.executemany("DELETE FROM items WHERE id = ?", [(item_id,) for item_id in sorted(gone)])
    merger.refresh(sorted(set(spans) - homeless))
    merger.finish()
    return merger.changes() | Changes(items_removed=frozenset(gone))
