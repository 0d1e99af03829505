"""A parsed search as an FTS5 MATCH expression.

Every word of a ``Term`` is letters and digits only (``reader.query`` makes it so), and each term is
quoted here, so nothing a user typed reaches FTS5's own syntax unquoted.
"""

from __future__ import annotations

from reader.model import Query, Term


def term_expression(term: Term) -> str:
    return '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")


def match_expression(query: Query) -> str:
    """The MATCH expression of ``query`` for the ``items_fts`` table."""
    match = " AND ".join("(" + " OR ".join(term_expression(t) for t in group) + ")" for group in query.groups)
    if query.excluded:
        match = f"({match}) NOT (" + " OR ".join(term_expression(t) for t in query.excluded) + ")"
    return match
