"""The search syntax of the window: what a user types, parsed into a ``Query`` of terms.

Users type words, ``prefix*``, ``"exact phrases"``, ``=exact`` forms, ``-exclusions`` and ``OR``. A
plain word matches every form of the word (the store compares stems); a quoted or ``=`` term matches
only the forms typed. A term keeps only
letters and digits, split as the full-text index splits them, so a store can quote each term for its
own search engine and nothing typed reaches that engine's syntax.
"""

from __future__ import annotations

import re

from reader.model import Query, Term


class QueryError(ValueError):
    """A search the user typed that cannot be run; ``str(error)`` is a short sentence to show."""


# Letters and digits, as FTS5's unicode61 tokenizer splits them (the underscore separates words).
_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r'\s*(-?)(=?)("[^"]*"?\*?|[^\s"]+)')


def parse_query(text: str) -> Query | None:
    """Parse what a user typed; None when there is nothing to search.

    Words must all appear; ``word*`` is a prefix; ``"two words"`` is a phrase; ``-word`` excludes;
    ``a OR b`` matches either; ``"word"`` and ``=word`` match that form of a word only. Raises
    QueryError for a query that cannot mean anything.
    """
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    for negated, token in _tokens(text):
        if token == "OR" and not negated:
            if not groups or pending_or:
                raise QueryError("OR needs a word on each side")
            pending_or = True
            continue
        if token == "AND" and not negated:
            continue
        term = _term(token)
        if term is None:
            continue
        if negated:
            if pending_or:
                raise QueryError("OR cannot join an exclusion")
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    if pending_or:
        raise QueryError("OR needs a word on each side")
    if not groups:
        if excluded:
            raise QueryError("Add a word to look for; exclusions alone match nothing")
        return None
    return Query(tuple(tuple(group) for group in groups), tuple(excluded))


def _tokens(text: str) -> list[tuple[bool, str]]:
    """(negated, token) pairs; a token keeps its ``=`` when it has one."""
    tokens = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        assert m is not None  # the text is stripped, so a token always follows the spaces
        negated, exact, token = bool(m.group(1)), m.group(2), m.group(3)
        if token.startswith('"') and (len(token) == 1 or not token.rstrip("*").endswith('"')):
            raise QueryError("A quotation mark is not closed")
        tokens.append((negated, exact + token))
        pos = m.end()
    return tokens


def _term(token: str) -> Term | None:
    prefix = token.endswith("*")
    exact = token.startswith(('"', "="))
    words = tuple(w.lower() for w in _WORD.findall(token.rstrip("*")))
    return Term(words, prefix, exact) if words else None
