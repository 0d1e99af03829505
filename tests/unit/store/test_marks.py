import pytest

from reader.model import AnnotationFilter, Highlight, UnknownItem, UserError
from reader.store.marks import anchor, find_again
from tests.conftest import import_one

A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
A_LONG = f"Ahead of the summit, the council met twice. {A}"
B = "Delegations from six countries signed a new agreement on border cooperation and trade lasting four hours."


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


BASE = (
    "The council of ministers met in Astana on Tuesday to discuss regional security matters. The talks"
    " lasted four hours and ended with a joint statement on border cooperation and trade."
)
# A longer version of BASE with words added and one changed: it replaces BASE's text.
EDITED = (
    "The council of ministers met in Astana on Tuesday to discuss regional security matters at length."
    " The talks lasted four hours and ended with a joint declaration on border cooperation and trade."
)


def quoted(body, highlight):
    return None if highlight.start is None else body[highlight.start : highlight.end]


def test_a_longer_version_moves_each_highlight_with_its_words_or_orphans_it(store, write_dump):
    import_one(store, write_dump("base.txt", BASE), "News")
    store.add_highlight(1, "regional security matters", note="the agenda")
    store.add_highlight(1, "four hours", color="green")
    store.add_highlight(1, "joint statement", note="what was signed")
    result = import_one(store, write_dump("edited.txt", EDITED), "News")
    assert result.items_merged == 1 and 1 in result.changes.annotations
    detail = store.item(1)
    assert detail.body == EDITED
    by_quote = {h.quote: h for h in detail.highlights}
    assert set(by_quote) == {"regional security matters", "four hours", "joint statement"}
    for h in detail.highlights:
        # Each highlight stands on its own words, or on none: never on other words.
        assert quoted(EDITED, h) in (h.quote, None)
    assert quoted(EDITED, by_quote["regional security matters"]) == "regional security matters"
    assert quoted(EDITED, by_quote["four hours"]) == "four hours"
    orphan = by_quote["joint statement"]
    assert orphan.start is None and orphan.note == "what was signed"
    (listed,) = [a for a in store.annotations() if a.orphan]
    assert (listed.item_id, listed.highlight.quote, listed.highlight.note) == (
        1,
        "joint statement",
        "what was signed",
    )


def test_find_again_never_lands_on_other_words():
    before = "The minister said the talks went well. The deputy said the talks went well."
    start = before.rindex("the talks went well")
    prefix, suffix = before[max(0, start - 32) : start], before[start + 19 :]
    # The deputy's sentence is gone; the minister's reads the same but is other words.
    assert (
        find_again("The minister said the talks went well.", "the talks went well", prefix, suffix, start)
        is None
    )
    # Still there, its context intact: found, even with a sentence added before it.
    after = "Talks opened on Monday. " + before
    assert find_again(after, "the talks went well", prefix, suffix, start) == (start + 24, start + 43)
    # A long quote keeps its place when its context changed but it stands once.
    long_quote = "the talks went well, the deputy minister added"
    moved = "Late on Monday, the talks went well, the deputy minister added after the meeting."
    assert find_again(moved, long_quote, "X said ", " today.", 3) == (16, 16 + len(long_quote))
    # Two places equally unsure: neither.
    twice = "A: the talks went well, the deputy minister added. B: the talks went well, the deputy minister added."
    assert find_again(twice, long_quote, "X said ", " today.", 3) is None


def test_a_quote_not_in_the_text_is_refused_and_the_stored_quote_is_the_texts(store, item_id):
    with pytest.raises(UserError, match="not in the text of item 1"):
        store.add_highlight(item_id, "parliament")
    assert store.item(item_id).highlights == []
    store.add_highlight(item_id, "COUNCIL  of ministers")
    (h,) = store.item(item_id).highlights
    assert (h.quote, h.prefix, h.suffix[:9]) == ("council of ministers", "The ", " met in A")


def test_update_highlight_changes_colour_and_comment(store, item_id):
    store.add_highlight(item_id, "Astana")
    (h,) = store.item(item_id).highlights
    assert store.update_highlight(h.id, color="blue").annotations == {item_id}
    assert store.update_highlight(h.id, note="the capital").annotations == {item_id}
    assert not store.update_highlight(h.id, color="blue").any
    (h,) = store.item(item_id).highlights
    assert (h.color, h.note) == ("blue", "the capital")
    with pytest.raises(UserError, match="highlight 99"):
        store.update_highlight(99, note="x")


def test_tags_on_many_items_rename_and_delete(store, write_dump):
    import_one(store, write_dump("two.txt", A, B), "News")
    changes = store.tag_items([1, 2], add=["Summit", "summit", "Astana"])
    assert changes.tags and changes.annotations == {1, 2}
    assert store.tag_names() == ["Astana", "Summit"]
    assert store.tag_items([2], remove=["ASTANA"]).annotations == {2}
    assert [store.item(i).tags for i in (1, 2)] == [["Astana", "Summit"], ["Summit"]]

    assert store.rename_tag("summit", "Meetings").annotations == {1, 2}
    assert store.tag_names() == ["Astana", "Meetings"]
    # Renaming onto another tag's name makes the two one.
    assert store.rename_tag("Astana", "meetings").annotations == {1}
    assert store.tag_names() == ["Meetings"]
    assert [store.item(i).tags for i in (1, 2)] == [["Meetings"], ["Meetings"]]

    assert store.delete_tag("MEETINGS").annotations == {1, 2}
    assert store.tag_names() == [] and store.item(1).tags == []
    with pytest.raises(UserError, match="no tag 'gone'"):
        store.delete_tag("gone")


def test_the_annotations_panel_lists_notes_and_highlights_filtered(store, write_dump):
    import_one(store, write_dump("two.txt", A, B), "News")
    store.set_note(1, "Ask the desk")
    store.add_highlight(1, "Astana", color="green", note="Капитал")
    store.add_highlight(2, "four hours", note="long")
    store.add_tag(2, "talks")

    def listed(**kw):
        return [(a.item_id, a.note or a.highlight.quote) for a in store.annotations(AnnotationFilter(**kw))]

    assert sorted(listed()) == [(1, "Ask the desk"), (1, "Astana"), (2, "four hours")]
    assert listed(item_id=1) == [(1, "Ask the desk"), (1, "Astana")]
    assert listed(color="green") == [(1, "Astana")]
    assert listed(tag="TALKS") == [(2, "four hours")]
    assert listed(text="капитал") == [(1, "Astana")]  # in the comment, ignoring case beyond ASCII
    assert listed(text="desk") == [(1, "Ask the desk")]
    (note,) = store.annotations(AnnotationFilter(item_id=1, text="desk"))
    assert note.heading.startswith("The council of ministers") and note.tags == ()


def test_marks_of_items_that_merge_all_stay_on_the_merged_item(store, write_dump):
    first = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
    second = "The talks lasted four hours and ended with a joint statement on border cooperation."
    import_one(store, write_dump("halves.txt", first, second), "News")
    store.set_bookmark(2)
    store.add_tag(1, "Astana")
    store.add_tag(2, "border")
    store.set_note(1, "First half.\n\nCheck the date.")
    store.set_note(2, "Second half.")
    store.add_highlight(1, "regional security", note="agenda")
    store.add_highlight(2, "joint statement", color="green")
    result = import_one(store, write_dump("whole.txt", f"{first} {second}"), "Other")
    assert sorted(result.changes.items_merged) == [(2, 1)]
    assert 1 in result.changes.annotations
    merged = store.item(2)  # the old id leads to the merged item
    assert merged.id == 1 and merged.bookmarked
    assert merged.tags == ["Astana", "border"]
    # Notes are joined, each kept whole.
    assert merged.note == "First half.\n\nCheck the date.\n\nSecond half."
    assert {(h.quote, h.note, h.color) for h in merged.highlights} == {
        ("regional security", "agenda", "yellow"),
        ("joint statement", "", "green"),
    }
    for h in merged.highlights:
        assert merged.body[h.start : h.end] == h.quote


def test_tagging_items_that_have_the_tag_changes_nothing(store, item_id):
    assert store.tag_items([item_id], add=["Summit"]).annotations == {item_id}
    assert not store.tag_items([item_id], add=["summit"]).any
    assert not store.tag_items([item_id], remove=["other"]).any
    with pytest.raises(UnknownItem):
        store.tag_items([item_id, 42], add=["Summit"])


def test_a_removed_highlight_is_put_back_as_it_was_under_its_own_id(store, item_id):
    store.add_highlight(item_id, "Astana", color="pink", note="where")
    store.add_highlight(item_id, "Tuesday")
    first, second = store.item(item_id).highlights
    store.remove_highlight(first.id)
    assert store.restore_highlight(item_id, first).annotations == {item_id}
    assert store.item(item_id).highlights == [first, second]
    # Its id taken by another highlight meanwhile: it comes back under a new one, the other untouched.
    store.remove_highlight(second.id)
    store.add_highlight(item_id, "council")
    taker = next(h for h in store.item(item_id).highlights if h.quote == "council")
    assert taker.id == second.id
    store.restore_highlight(item_id, second)
    restored = {h.quote: h for h in store.item(item_id).highlights}
    assert restored["council"] == taker and restored["Tuesday"].id not in {first.id, second.id}
    assert (restored["Tuesday"].start, restored["Tuesday"].end) == (second.start, second.end)


def test_a_highlight_put_back_on_changed_text_moves_with_its_words_or_is_an_orphan(
    store, item_id, write_dump
):
    store.add_highlight(item_id, "regional security", prefix="discuss ", suffix=" matters")
    store.add_highlight(item_id, "Astana")
    short, moving = store.item(item_id).highlights  # in text order
    store.remove_highlight(moving.id)
    store.remove_highlight(short.id)
    import_one(store, write_dump("long.txt", A_LONG), "News")
    store.restore_highlight(item_id, moving)
    store.restore_highlight(item_id, short)
    back = {h.id: h for h in store.item(item_id).highlights}
    assert A_LONG[back[moving.id].start : back[moving.id].end] == "regional security"
    assert A_LONG[back[short.id].start : back[short.id].end] == "Astana"
    gone = Highlight(7, "in Bishkek", "met ", " on", 29, 39, "blue", "other city")
    store.restore_highlight(item_id, gone)
    (orphan,) = [h for h in store.item(item_id).highlights if h.id == 7]
    assert (orphan.quote, orphan.start, orphan.end, orphan.note) == ("in Bishkek", None, None, "other city")


def test_the_tags_of_several_items(store, write_dump):
    import_one(store, write_dump("two.txt", A, B), "News")
    store.tag_items([1], add=["summit", "Astana"])
    store.tag_items([2], add=["Border"])
    store.tag_items([], add=["unused"])
    assert store.tags_of([1, 2]) == ["Astana", "Border", "summit"]
    assert store.tags_of([2]) == ["Border"]
    assert store.tags_of([]) == []
