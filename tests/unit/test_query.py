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
    assert _match("minsk") == '(stems : "minsk")'
    assert _match("Mins*") == '({title body} : "mins"*)'
    assert _match('"exact Phrase"') == '({title body} : "exact phrase")'
    assert _match("a OR b c") == '(stems : "a" OR stems : "b") AND (stems : "c")'
    assert _match("a -b") == '((stems : "a")) NOT (stems : "b")'
    assert _match("covid-19") == '(stems : "covid 19")'
    assert _match('say "AND" NEAR(x)') == '(stems : "say") AND ({title body} : "and") AND (stems : "near x")'


def test_plain_words_are_looked_up_by_their_stems():
    assert _match("meetings") == '(stems : "meet")'
    assert _match("Минске") == '(stems : "минск")'


def test_quotes_and_equals_sign_ask_for_the_exact_form():
    for text in ("=Минске", '="Минске"', '"Минске"'):
        query = parse_query(text)
        assert query is not None
        assert query.terms[0].exact
        assert match_expression(query) == '({title body} : "минске")'
    assert _match("-=Минске minsk") == '((stems : "minsk")) NOT ({title body} : "минске")'
    assert parse_query("a = b") == parse_query("a b")


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


@given(st.text(alphabet=st.sampled_from(list("ab \"*-=ORN()^:+{}.Ä\\'")), max_size=30))
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
