"""The search syntax: what users type becomes a safe FTS5 expression or a short error."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.store import schema
from reader.store.searchsyntax import QueryError, parse_query


def _store() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    schema.migrate(conn)
    return conn


def test_translations():
    assert parse_query("minsk").match == '("minsk")'
    assert parse_query("Mins*").match == '("mins"*)'
    assert parse_query('"exact Phrase"').match == '("exact phrase")'
    assert parse_query("a OR b c").match == '("a" OR "b") AND ("c")'
    assert parse_query("a -b").match == '(("a")) NOT ("b")'
    assert parse_query("covid-19").match == '("covid 19")'
    assert parse_query('say "AND" NEAR(x)').match == '("say") AND ("and") AND ("near x")'


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
        conn.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?", (query.match,)).fetchone()
