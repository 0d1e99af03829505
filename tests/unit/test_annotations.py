"""Annotations out to JSON, Markdown and CSV and back from JSON; applying an export to a store whose
items differ from the one it was made in."""

import json
from dataclasses import replace
from datetime import date

import pytest

from reader.annotations import as_markdown, csv_rows, item_record, read_json
from reader.export import highlights_markdown
from reader.model import Highlight, ItemDetail, ItemMarks, MarkedItem, QuoteMark, UserError
from tests.conftest import import_one

A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
A_LONG = f"{A} The talks lasted four hours and ended with a joint statement on border cooperation."
KEY = "00ff00ff00ff00ff"


def marked(**marks) -> MarkedItem:
    detail = ItemDetail(1, "Ministers <meet>", A, date(2024, 3, 12), None, None, sources=["News"], **marks)
    return MarkedItem(KEY, detail)


HIGHLIGHTS = [
    Highlight(1, "Astana", "ministers met in ", " on Tuesday", 32, 38, "green", "the capital"),
    Highlight(2, "the old words", "", "", None, None, "yellow", ""),
]


def test_json_round_trips_an_items_marks():
    record = item_record(marked(bookmarked=True, note="Check", tags=["Summit"], highlights=HIGHLIGHTS))
    assert record["id"] == f"urn:dump-reader:text:{KEY}"
    placed, orphan = record["highlights"]
    assert placed["target"]["selector"] == [
        {
            "type": "TextQuoteSelector",
            "exact": "Astana",
            "prefix": "ministers met in ",
            "suffix": " on Tuesday",
        },
        {"type": "TextPositionSelector", "start": 32, "end": 38},
    ]
    assert placed["body"]["value"] == "the capital" and placed["target"]["styleClass"] == "green"
    assert [s["type"] for s in orphan["target"]["selector"]] == ["TextQuoteSelector"] and "body" not in orphan
    document = {"format": "dump-reader-annotations", "version": 1, "items": [record]}
    (back,) = read_json(json.dumps(document), "marks.json")
    assert back == ItemMarks(
        key=KEY,
        title="Ministers <meet>",
        text=A,
        bookmarked=True,
        note="Check",
        tags=("Summit",),
        highlights=(
            QuoteMark("Astana", "ministers met in ", " on Tuesday", 32, 38, "green", "the capital"),
            QuoteMark("the old words", "", "", None, None, "yellow", ""),
        ),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "marks.json: not JSON (Expecting property name enclosed in double quotes, line 1)"),
        ("[]", "marks.json: not an export of Dump Reader annotations"),
        ('{"format": "dump-reader-annotations", "version": 7}', "marks.json: version 7 of the format"),
        (
            '{"format": "dump-reader-annotations", "version": 1, "items": [{}]}',
            "marks.json: item 1 has no text",
        ),
        (
            '{"format": "dump-reader-annotations", "version": 1, "items": [{"text": "x", "highlights": [{}]}]}',
            "marks.json: item 1, highlight 1 has no target",
        ),
        (
            '{"format": "dump-reader-annotations", "version": 1,'
            ' "items": [{"text": "x", "highlights": [{"target": {"selector": []}}]}]}',
            "marks.json: item 1, highlight 1 has no TextQuoteSelector",
        ),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_with_where(text, message):
    with pytest.raises(UserError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        read_json(text, "marks.json")


def test_markdown_quotes_highlights_with_comments_and_escapes_markup():
    md = as_markdown(marked(tags=["a&b"], note="See <b>", highlights=HIGHLIGHTS))
    assert md.startswith("## Ministers &lt;meet&gt;\n\n*2024-03-12 · News · tags: a&amp;b*\n\n")
    assert "**Note:** See &lt;b&gt;" in md
    assert "> Astana\n\n**Comment** (*green*): the capital\n\n" in md
    assert "> the old words\n\n(*yellow*, *no longer in the text*)\n\n" in md
    assert highlights_markdown([]) == ""


def test_csv_has_a_row_per_note_and_highlight_with_formulas_neutralised():
    rows = csv_rows(marked(note="=HYPERLINK(1)", highlights=HIGHLIGHTS[:1]))
    assert [(r["kind"], r["text"], r["comment"], r["in_text"]) for r in rows] == [
        ("note", "'=HYPERLINK(1)", "", ""),
        ("highlight", "Astana", "the capital", "yes"),
    ]
    (alone,) = csv_rows(marked(bookmarked=True))
    assert (alone["kind"], alone["bookmarked"], alone["text"]) == ("item", "yes", A)


def test_an_export_finds_a_longer_version_of_its_item(store, write_dump):
    import_one(store, write_dump("long.txt", A_LONG), "News")
    marks = ItemMarks(
        key=KEY,  # not this store's key for the item: its text decides
        title=None,
        text=A,
        note="Teaser",
        highlights=(
            QuoteMark("regional security", "in Astana on Tuesday to discuss ", " matters.", 61, 78),
            QuoteMark("Tuesday", "met in Astana on ", " to discuss regional security m", 42, 49),
        ),
    )
    applied = store.apply_marks([marks])
    assert (applied.matched, applied.unmatched, applied.orphaned, applied.added) == (1, (), (), 3)
    assert applied.changes.annotations == {1}
    detail = store.item(1)
    assert detail.note == "Teaser"
    assert sorted(detail.body[h.start : h.end] for h in detail.highlights) == ["Tuesday", "regional security"]
    # Applied twice, nothing doubles; a comment the store lacked is filled in.
    commented = replace(marks, highlights=(replace(marks.highlights[0], comment="agenda"),))
    again = store.apply_marks(
        [commented, ItemMarks(KEY, None, "Nothing like anything stored, at all, here.")]
    )
    assert (again.matched, again.added, len(again.unmatched)) == (1, 1, 1)
    assert sorted((h.quote, h.note) for h in store.item(1).highlights) == [
        ("Tuesday", ""),
        ("regional security", "agenda"),
    ]


def test_notes_are_joined_each_kept_whole_and_not_repeated(store, write_dump):
    import_one(store, write_dump("one.txt", A), "News")
    store.set_note(1, "Mine")
    store.apply_marks([ItemMarks("", None, A, note="Theirs")])
    store.apply_marks([ItemMarks("", None, A, note="Theirs")])
    assert store.item(1).note == "Mine\n\nTheirs"
