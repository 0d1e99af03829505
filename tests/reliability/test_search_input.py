"""Whatever a user types into the search box (or ``--search``) gives results or a short message,
never an exception: each string goes through ``reader.query`` and the store's search (the list's
ids, its rows, the timeline's months, an export's selection) over every kind of node and sort."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reader.model import Filter, Kind, Selection, Sort, SortKey, UserError
from reader.query import QueryError, parse_query
from reader.store.sqlitestore import SqliteStore
from tests.conftest import ITEM_BREAK

DUMP = ITEM_BREAK.join(
    [
        "12 March 2024\nThe council of ministers met in Astana on Tuesday to discuss regional security.",
        "13 March 2024\nДелегации шести стран подписали соглашение о приграничном сотрудничестве.",
        "14 March 2024\nA new training centre for rescue teams opened near Minsk, said the ministry.",
        "Undated news: the summit in Bishkek will be held in October, the organisers said.",
    ]
)

# Pieces of FTS5's own syntax, of the box's syntax, and characters that reach neither as text.
PIECES = [
    '"', "'", "*", "-", "+", "^", ":", "(", ")", "{", "}", "[", "]", ",", ".", "\\", "/", "NEAR(",
    "NEAR", "OR", "AND", "NOT", "title:", "body:", "items_fts:", "{title body}:", "rank", "\x00",
    "\t", "\n", "\r", "\x1b", "\u200b", "\ufeff", "\u202e", "minsk", "Минск", "ё", "bish*", "-astana",
    '"council of', "stran", "😀", "ﬁ", "İ", "ß",
]  # fmt: skip
TYPED = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=12).map(" ".join),
)
LONG = [
    "a" * 10_000,
    "a " * 5_000,
    "a OR " * 2_000 + "b",
    "-a " * 3_000 + "b",
    '"' + "word " * 2_000 + '"',
    "мир* " * 2_000,
    "NEAR(" * 2_000,
]
NODES = [
    Filter(),
    Filter(Kind.BOOKMARKED),
    Filter(Kind.UNDATED),
    Filter(Kind.SOURCE, 1),
    Filter(Kind.DATE, None, "2024-03"),
]
SORTS = [Sort(), Sort(SortKey.TITLE, descending=False), Sort(SortKey.SEEN)]


@pytest.fixture(scope="module")
def searched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteStore]:
    folder = tmp_path_factory.mktemp("search-input")
    dump = folder / "news.txt"
    dump.write_text(DUMP + "\n", encoding="utf-8")
    with SqliteStore.open(folder / "store.db") as store:
        list(store.import_paths([dump], "News"))
        store.set_bookmark(1)
        yield store


def search(store: SqliteStore, text: str) -> None:
    """Search as the window does; a message is what a user may get, any other exception fails."""
    try:
        query = parse_query(text)
    except QueryError as error:
        assert str(error) and "\n" not in str(error)
        return
    for node in NODES:
        for sort in SORTS:
            try:
                screens = []
                ids = store.item_ids(node, sort, query, first=screens.append)
                rows = store.rows(ids)
                assert all(set(head) <= set(ids) for head in screens)
                months = store.histogram(node, query)
            except UserError as error:
                assert str(error) and "\n" not in str(error)
                continue
            assert set(rows) == set(ids)
            assert sum(m.items for m in months) <= len(ids)
    exported = [item.id for item in store.export_selection(Selection(query=query))]
    assert set(exported) == set(store.item_ids(Filter(), Sort(), query))


@settings(max_examples=300, deadline=None)
@given(text=TYPED)
@example(text="*")
@example(text="-")
@example(text='"')
@example(text="NEAR(")
@example(text="title:minsk")
@example(text="\x00")
@example(text="минск -")
def test_any_typed_search_gives_results_or_a_message(searched: SqliteStore, text: str):
    search(searched, text)


@pytest.mark.parametrize("text", LONG, ids=lambda t: f"{t[:8]!r}x{len(t)}")
def test_a_search_of_ten_thousand_characters_gives_results_or_a_message(searched: SqliteStore, text: str):
    search(searched, text)


def test_the_searches_find_what_they_should(searched: SqliteStore):
    def found(text: str) -> list[int]:
        query = parse_query(text)
        return sorted(searched.item_ids(Filter(), Sort(), query))

    assert found("минск OR minsk") == [3]
    assert found("стран*") == [2]
    assert found("title:council") == []  # a column filter is two words to the box, "title" one of them
    assert found("council:of") == [1]  # punctuation joins words into a phrase, as the index splits them
    assert found('"council of ministers" -minsk') == [1]
