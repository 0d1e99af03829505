from hypothesis import given
from hypothesis import strategies as st

from reader.store.items import iter_export_rows, load_item, raw_rest, rebuild_raw
from tests.conftest import import_one

A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
B = "Delegations from six countries signed a new agreement on border cooperation and trade."
C = "A new training centre for rescue teams opened in the northern province last week."


def test_an_item_shows_where_it_was_seen(store, write_dump):
    import_one(store, write_dump("one.txt", A, B), "News")
    import_one(store, write_dump("two.txt", C, B), "Agency")
    item = load_item(store.conn, 2)
    assert (item.body, item.sources) == (B, ["Agency", "News"])
    assert [(o.source, o.file, o.line, o.import_id) for o in item.occurrences] == [
        ("News", "one.txt", 4, 1),
        ("Agency", "two.txt", 4, 2),
    ]
    assert all(o.body == B and o.imported_at for o in item.occurrences)


def test_export_rows_stream_by_date_then_id(store, write_dump):
    import_one(store, write_dump("one.txt", f"12 March 2024\n\n{A}", B, f"1 February 2024\n\n{C}"), "News")
    rows = list(iter_export_rows(store.conn, batch=1))
    assert [(str(r.date) if r.date else None, r.body) for r in rows] == [
        (None, B),
        ("2024-02-01", C),
        ("2024-03-12", A),
    ]


odd_line = st.text(alphabet=st.sampled_from(["a", " ", "\x1e", "\x1f", "é"]), max_size=4)


@given(
    title=st.none() | odd_line,
    paragraphs=st.lists(odd_line, min_size=1, max_size=4),
    others=st.lists(odd_line, max_size=6),
    data=st.data(),
)
def test_raw_lines_rebuild_exactly_whatever_they_hold(title, paragraphs, others, data):
    body = "\n\n".join(paragraphs)
    lines = [*([] if title is None else [title]), *body.split("\n\n"), *others]
    raw = "\n".join(data.draw(st.permutations(lines)))
    assert rebuild_raw(raw_rest(raw, title, body), title, body) == raw


def test_an_article_keeps_only_its_date_line_and_blank_lines():
    raw = "Talks in Minsk\n12.03.2024\n\nFirst paragraph.\n\nSecond paragraph."
    rest = raw_rest(raw, "Talks in Minsk", "First paragraph.\n\nSecond paragraph.")
    assert rest == "\x1f\n12.03.2024\n\n\x1f\n\n\x1f"
