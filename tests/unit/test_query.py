"""The search syntax: what users type becomes terms, a safe FTS5 expression, or a short error."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.query import QueryError, parse_query
from reader.store import schema
from reader.store.fts import match_expression


def _store() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    schema.migrate(conn)
    return conn


def _match(text: str) -> str:
    query = parse_query(text)
    assert query is not None
    return match_expression(query)


def test_translations():
    assert _match("minsk") == '("minsk")'
    assert _match("Mins*") == '("mins"*)'
    assert _match('"exact Phrase"') == '("exact phrase")'
    assert _match("a OR b c") == '("a" OR "b") AND ("c")'
    assert _match("a -b") == '(("a")) NOT ("b")'
    assert _match("covid-19") == '("covid 19")'
    assert _match('say "AND" NEAR(x)') == '("say") AND ("and") AND ("near x")'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"open', "quotation"),
        ("OR minsk", "OR"),
        ("minsk OR", "OR"),
        ("minsk OR -moscow", "exclusion"),
        ("-moscow", "exclusions alone"),
    ],
)
def test_malformed_queries_say_why(text, message):
    with pytest.raises(QueryError, match=message):
        parse_query(text)


def test_blank_queries_search_nothing():
    assert parse_query("") is None
    assert parse_query("  - ; ") is None


@given(st.text(alphabet=st.sampled_from(list("ab \"*-ORN()^:+{}.Ä\\'")), max_size=30))
def test_any_text_is_an_error_or_a_valid_match(text):
    conn = _store()
    try:
        query = parse_query(text)
    except QueryError:
        return
    if query is not None:
        conn.execute(
            "SELECT count(*) FROM items_fts WHERE items_fts MATCH ?", (match_expression(query),)
        ).fetchone()
