"""A parsed search as an FTS5 MATCH expression, and the SQL function the index's stems come from.

Every word of a ``Term`` is letters and digits only (``reader.query`` makes it so), and each term is
quoted here, so nothing a user typed reaches FTS5's own syntax unquoted. A plain word is looked up
by its stem in the ``stems`` column, so it finds every form of the word; a quoted word, an ``=word``
and a prefix look in the exact forms of ``title`` and ``body``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from reader.model import Query, Term
from reader.stems import stem, stems

_EXACT_COLUMNS = "{title body}"
_STEM_COLUMN = "stems"


def item_stems(title: str | None, body: str) -> str:
    """The ``stems`` column of an item's index entry, as the index's view computes it
    (``reader_stems(coalesce(title, '') || ' ' || body)``)."""
    return stems(f"{title or ''} {body}")


def register_functions(conn: sqlite3.Connection) -> None:
    """Give ``conn`` the ``reader_stems`` function that the full-text index's view and triggers call."""
    conn.create_function("reader_stems", 1, stems, deterministic=True)


def term_expression(term: Term) -> str:
    if term.exact or term.prefix:
        phrase = '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")
        return f"{_EXACT_COLUMNS} : {phrase}"
    return f'{_STEM_COLUMN} : "' + " ".join(map(stem, term.words)) + '"'


def all_words(words: Iterable[str]) -> str:
    """The MATCH expression of the items holding every one of ``words`` (letters and digits) in
    their title or body."""
    return f"{_EXACT_COLUMNS} : (" + " AND ".join(f'"{word}"' for word in words) + ")"


def match_expression(query: Query) -> str:
    """The MATCH expression of ``query`` for the ``items_fts`` table."""
    match = " AND ".join("(" + " OR ".join(term_expression(t) for t in group) + ")" for group in query.groups)
    if query.excluded:
        match = f"({match}) NOT (" + " OR ".join(term_expression(t) for t in query.excluded) + ")"
    return match
