import csv
import io
import json
from datetime import date

from reader.export import CSV_COLUMNS, write_csv, write_jsonl, write_markdown
from reader.model import DateMethod, Highlight, ItemDetail, Occurrence


def sample() -> list[ItemDetail]:
    seen = Occurrence("News", "list.txt", 3, 5, 1, "2026-01-02T10:00:00+00:00", "Title", "Body", None, None)
    return [
        ItemDetail(
            id=7,
            title='Ministers meet, "again"',
            body="First paragraph.\n\nSecond; with a semicolon.",
            date=date(2024, 3, 12),
            date_method=DateMethod.LINE,
            place="Astana",
            sources=["News", "Агентство"],
            occurrences=[seen, seen],
            bookmarked=True,
            note="read later",
            tags=["border", "talks"],
            highlights=[Highlight(1, "Second", "", "", 18, 24, "yellow", "why")],
        ),
        ItemDetail(id=8, title=None, body="A teaser.", date=None, date_method=None, place=None),
    ]


def test_jsonl_reads_back():
    out = io.StringIO()
    assert write_jsonl(sample(), out) == 2
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first == {
        "id": 7,
        "title": 'Ministers meet, "again"',
        "text": "First paragraph.\n\nSecond; with a semicolon.",
        "date": "2024-03-12",
        "date_method": "line",
        "place": "Astana",
        "sources": ["News", "Агентство"],
        "occurrences": [{"source": "News", "file": "list.txt", "line": 3}] * 2,
        "bookmarked": True,
        "note": "read later",
        "tags": ["border", "talks"],
        "highlights": [{"quote": "Second", "note": "why", "color": "yellow"}],
        "seen": 2,
    }
    assert (second["title"], second["date"], second["seen"], second["tags"]) == (None, None, 0, [])
    assert "Агентство" in out.getvalue()


def test_csv_round_trips():
    out = io.StringIO(newline="")
    write_csv(sample(), out)
    assert out.getvalue().startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(out.getvalue().removeprefix("\ufeff"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["text"] == "First paragraph.\n\nSecond; with a semicolon."
    assert rows[0]["title"] == 'Ministers meet, "again"'
    assert rows[0]["sources"] == "News; Агентство"
    assert rows[0]["tags"] == "border; talks"
    assert rows[0]["seen"] == "2"
    assert (rows[1]["title"], rows[1]["date"], rows[1]["bookmarked"]) == ("", "", "")


def test_markdown_has_a_heading_per_item():
    out = io.StringIO()
    write_markdown(sample(), out)
    text = out.getvalue()
    assert '## Ministers meet, "again"' in text
    assert "*2024-03-12 · News, Агентство*" in text
    assert "**Note:** read later" in text
    assert "**Tags:** border, talks" in text
    assert "## A teaser." in text
