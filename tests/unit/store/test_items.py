from reader.store.items import iter_export_rows, load_item

A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
B = "Delegations from six countries signed a new agreement on border cooperation and trade."
C = "A new training centre for rescue teams opened in the northern province last week."


def test_an_item_shows_where_it_was_seen(store, write_dump):
    store.import_file(write_dump("one.txt", A, B), "News")
    store.import_file(write_dump("two.txt", C, B), "Agency")
    item = load_item(store.conn, 2)
    assert (item.body, item.sources) == (B, ["Agency", "News"])
    assert [(o.source, o.file, o.line, o.import_id) for o in item.occurrences] == [
        ("News", "one.txt", 4, 1),
        ("Agency", "two.txt", 4, 2),
    ]
    assert all(o.body == B and o.imported_at for o in item.occurrences)


def test_export_rows_stream_by_date_then_id(store, write_dump):
    store.import_file(write_dump("one.txt", f"12 March 2024\n\n{A}", B, f"1 February 2024\n\n{C}"), "News")
    rows = list(iter_export_rows(store.conn, batch=1))
    assert [(str(r.date) if r.date else None, r.body) for r in rows] == [
        (None, B),
        ("2024-02-01", C),
        ("2024-03-12", A),
    ]
