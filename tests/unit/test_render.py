"""The reading pane's HTML: escaping, search marks, the occurrences and version differences."""

from __future__ import annotations

from datetime import date

from reader.model import DateMethod, Highlight, ItemDetail, Occurrence
from reader.query import parse_query
from reader.render import ENGLISH, highlight_id, plain_text, render_item, render_message, word_diff


def _occurrence(
    body: str, file: str = "a.txt", line: int = 3, title: str | None = "Minsk summit"
) -> Occurrence:
    return Occurrence(
        source="CSTO",
        file=file,
        line=line,
        last_line=line + 2,
        import_id=1,
        imported_at="2024-01-02T10:11:12",
        title=title,
        body=body,
        date=date(2023, 11, 23),
        date_method=DateMethod.LINE,
    )


def _item(**changes) -> ItemDetail:
    fields = dict(
        id=1,
        title="Minsk summit",
        body="Leaders met in Minsk.\n\nThey talked about security.",
        date=date(2023, 11, 23),
        date_method=DateMethod.DATELINE,
        place="Minsk",
        sources=["CSTO"],
        occurrences=[_occurrence("Leaders met in Minsk.\n\nThey talked about security.")],
    )
    fields.update(changes)
    return ItemDetail(**fields)


def test_shows_title_meta_paragraphs_and_where_seen():
    out = render_item(_item())
    assert "<h1>Minsk summit</h1>" in out
    assert "23 November 2023 · dated by its dateline · Minsk · CSTO" in out
    assert "<p>Leaders met in Minsk.</p>" in out
    assert "<p>They talked about security.</p>" in out
    assert "Seen in" in out
    assert "a.txt" in out and "lines 3–5" in out and "imported 2024-01-02 10:11" in out
    assert "Versions" not in out


def test_dump_text_is_always_text():
    body = "<script>alert(1)</script> <img src=http://example.com/x.png> &amp; &lt;b&gt;"
    out = render_item(_item(title="<b>bold</b>", body=body, occurrences=[_occurrence(body, file="<i>.txt")]))
    assert "<script>" not in out and "<img" not in out and "<b>bold" not in out and "<i>.txt" not in out
    assert "&lt;script&gt;" in out
    assert "&amp;amp;" in out and "&amp;lt;b&amp;gt;" in out
    assert "&lt;img src=http://example.com/x.png&gt;" in out


def test_search_terms_are_marked():
    query = parse_query('mins* "talked about" -security')
    out = render_item(_item(), query.terms)
    assert "<span class='match'>Minsk</span> summit" in out
    assert "They <span class='match'>talked about</span> security" in out


def test_whole_words_only_unless_prefix():
    out = render_item(_item(body="Minsker Minsk"), parse_query("minsk").terms)
    assert "Minsker <span class='match'>Minsk</span>" in out


def test_no_title_opens_with_the_text_and_undated_items():
    out = render_item(_item(title=None, date=None, date_method=None, body="one two three"))
    assert "<h1>" not in out and "<p>one two three</p>" in out
    assert "Undated" in out


def test_inferred_dates_say_so():
    assert "date inferred" in render_item(_item(date_method=DateMethod.INFERRED))


def test_versions_show_words_added_and_removed():
    item = _item(
        occurrences=[
            _occurrence("Leaders met in Minsk.\n\nThey talked about security."),
            _occurrence("Leaders met in Minsk today.\n\nThey talked security.", file="b.txt", line=9),
        ]
    )
    out = render_item(item)
    assert "Versions" in out
    assert "b.txt, lines 9–11: 2 words added, 2 removed" in out
    assert "<span class='removed'>Minsk.</span> <span class='added'>Minsk today.</span>" in out
    assert "<span class='removed'>about</span>" in out


def test_word_diff_keeps_little_unchanged_context():
    old = [f"w{i}" for i in range(40)]
    new = [*old[:20], "new", *old[20:]]
    html, added, removed = word_diff(old, new)
    assert (added, removed) == (1, 0)
    assert html.startswith("… w12")
    assert html.endswith("w27 …")


def test_notes_highlights_tags():
    item = _item(
        note="Follow <up>",
        tags=["security"],
        bookmarked=True,
        highlights=[Highlight(1, "talked about", "", "", 28, 40, "yellow", "key point")],
    )
    assert item.body[28:40] == "talked about"
    out = render_item(item)
    assert "Follow &lt;up&gt;" in out
    assert "#security" in out and "Bookmarked" in out
    # A link to itself, so the pane can show its comment on hover and edit it on a click.
    assert "<a class='highlight' href='highlight:1'>talked about</a>" in out
    assert highlight_id("highlight:1") == 1 and highlight_id("https://example.com/1") is None
    assert "key point" in out


def test_highlights_are_drawn_where_they_are_anchored_and_orphans_nowhere():
    body = "Minsk hosted it.\n\nThen Minsk again, and Minsk once more."
    second = body.index("Minsk", body.index("Then"))
    item = _item(
        body=body,
        highlights=[
            Highlight(1, "Minsk", "", "", second, second + 5, "yellow", ""),
            Highlight(2, "Minsk hosted", "", "", None, None, "yellow", "lost words"),
        ],
    )
    out = render_item(item)
    assert out.count("<a class='highlight'") == 1
    assert "<p>Then <a class='highlight' href='highlight:1'>Minsk</a> again, and Minsk once more.</p>" in out
    assert "<p>Minsk hosted it.</p>" in out


def test_plain_text_and_messages():
    assert plain_text(_item()) == "Minsk summit\n\nLeaders met in Minsk.\n\nThey talked about security.\n"
    assert "&lt;x&gt;" in render_message("<x>", "y")


def test_a_plain_word_marks_every_form_of_it():
    body = "Талгат прибыл в Минск. Встреча в Минске прошла перед Минском. The meetings met."
    out = render_item(_item(title="Meeting in Minsk", body=body), parse_query("минск meeting").terms)
    assert "в <span class='match'>Минск</span>." in out
    assert "в <span class='match'>Минске</span> прошла" in out
    assert "перед <span class='match'>Минском</span>." in out
    assert "<h1><span class='match'>Meeting</span> in Minsk</h1>" in out
    assert "The <span class='match'>meetings</span> <span class='match'>met</span>." not in out
    assert "The <span class='match'>meetings</span> met." in out


def test_an_exact_form_marks_only_that_form():
    body = "Встреча в Минске прошла перед Минском."
    for text in ('"Минске"', "=Минске"):
        out = render_item(_item(body=body), parse_query(text).terms)
        assert "в <span class='match'>Минске</span> прошла перед Минском." in out


class _Loud:
    """Words of another language, told apart from the English by their capitals."""

    def phrase(self, text: str, n: int = -1) -> str:
        return ENGLISH.phrase(text, n).upper()

    def date(self, day: date) -> str:
        return f"{day:%d.%m.%Y}"


def test_the_panes_own_words_and_days_come_from_the_words_it_is_given():
    out = render_item(_item(bookmarked=True, note="see"), words=_Loud())
    assert "23.11.2023 · DATED BY ITS DATELINE" in out
    assert (
        "SEEN IN" in out
        and "SEEN 1 TIME." in out
        and "LINES 3–5" in out
        and "IMPORTED 2024-01-02 10:11" in out
    )
    assert "★ BOOKMARKED" in out and "<b>NOTE</b>" in out
    assert "Leaders met in Minsk." in out  # the item's own text is never translated
    assert "Undated" in render_item(_item(date=None, date_method=None))
    assert "UNDATED" in render_item(_item(date=None, date_method=None), words=_Loud())


def test_plural_endings_follow_the_number():
    assert ENGLISH.phrase("Seen %Ln time(s).", 1) == "Seen 1 time."
    assert ENGLISH.phrase("Seen %Ln time(s).", 3) == "Seen 3 times."
    assert ENGLISH.phrase("Show %Ln more", 100_000) == "Show 100,000 more"
