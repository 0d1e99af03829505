import pytest

from reader.model import UnknownItem, UserError
from reader.store.marks import anchor
from tests.conftest import import_one

A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
A_LONG = f"Ahead of the summit, the council met twice. {A}"


@pytest.fixture
def item_id(store, write_dump):
    import_one(store, write_dump("one.txt", A), "News")
    return 1


def test_bookmarks_set_and_clear(store, item_id):
    changes = store.set_bookmark(item_id)
    assert changes.annotations == frozenset({item_id})
    assert store.item(item_id).bookmarked
    assert not store.set_bookmark(item_id).any  # already set
    assert store.set_bookmark(item_id, False).annotations == frozenset({item_id})
    assert not store.item(item_id).bookmarked


def test_an_empty_note_deletes_it(store, item_id):
    store.set_note(item_id, "check the figures")
    assert store.item(item_id).note == "check the figures"
    store.set_note(item_id, "  ")
    assert store.item(item_id).note == ""
    assert store.conn.execute("SELECT count(*) FROM notes").fetchone() == (0,)


def test_tags_are_created_on_demand_and_kept_when_unused(store, item_id):
    changes = store.add_tag(item_id, " Border  talks ")
    assert changes.tags
    store.add_tag(item_id, "border talks")  # the same tag: names ignore case
    assert store.item(item_id).tags == ["Border talks"]
    assert store.remove_tag(item_id, "BORDER TALKS").tags
    assert store.item(item_id).tags == []
    assert store.conn.execute("SELECT name FROM tags").fetchall() == [("Border talks",)]
    with pytest.raises(UserError):
        store.add_tag(item_id, "   ")


def test_highlights_are_added_and_removed(store, item_id):
    start = A.index("Astana")
    store.add_highlight(item_id, "Astana", start=start, end=start + 6, color="green", note="where")
    (highlight,) = store.item(item_id).highlights
    assert (highlight.start, highlight.end, highlight.color, highlight.note) == (
        start,
        start + 6,
        "green",
        "where",
    )
    assert store.remove_highlight(highlight.id).annotations == frozenset({item_id})
    assert store.item(item_id).highlights == []
    assert not store.remove_highlight(highlight.id).any


def test_a_highlight_moves_when_a_longer_version_arrives(store, item_id, write_dump):
    store.add_highlight(item_id, "regional security", prefix="discuss ", suffix=" matters")
    result = import_one(store, write_dump("long.txt", A_LONG), "News")
    assert item_id in result.changes.annotations
    detail = store.item(item_id)
    assert detail.body == A_LONG
    (highlight,) = detail.highlights
    assert A_LONG[highlight.start : highlight.end] == "regional security"


def test_unknown_items_are_reported(store):
    with pytest.raises(UnknownItem, match="item 42"):
        store.set_bookmark(42)
    assert store.item(42) is None
    assert store.resolve(42) is None


def test_anchor_prefers_matching_context_then_the_hint():
    body = "the cat sat. a dog ran. the cat slept. the cat sat."
    assert anchor(body, "the cat", "", " slept", None) == (24, 31)
    assert anchor(body, "the cat", "", "", 40) == (39, 46)
    assert anchor(body, "the cat", "", "", 0) == (0, 7)


def test_anchor_tolerates_case_and_white_space_and_reports_a_lost_quote():
    body = "The Council  of\nMinisters met."
    assert anchor(body, "council of ministers", "", "", None) == (4, 25)
    assert anchor(body, "parliament", "", "", 3) is None
    assert anchor(body, "   ", "", "", 3) is None
