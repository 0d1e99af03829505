"""The layouts of real news pages, one rule a test, each on a small page of its own."""

from datetime import date

import pytest

from reader.ingest import chrome, dates
from reader.ingest.parse import parse_text
from reader.model import DateMethod

BODY = "The water board said the pipes under the market square would be replaced before the summer."
MORE = "Residents were asked to keep their cars off the square while the crews are at work there."


def items(text):
    return parse_text(text).items


def words(dump):
    return " ".join(" ".join(filter(None, [i.title, *i.paragraphs])) for i in dump.items)


# 1. The header zone.


def test_the_header_zone_above_the_first_title_is_chrome_and_dates_nothing():
    text = (
        "Skip to main content\nLakeside Herald\nYour town's paper since 1950\nFont size: A A A\n"
        "DE | EN | FR\nLakeside: -2 °C\nMonday, 2 March 2026\nHot topics: Ferry • Schools • Roads\n"
        "Home / Town / Water\n\nPipes under the market square to be replaced\n\n1 March 2026, 10:15\n\n"
        f"{BODY}\n\n{MORE}\n"
    )
    dump = parse_text(text)
    (item,) = dump.items
    assert item.title == "Pipes under the market square to be replaced"
    assert item.date == date(2026, 3, 1) and item.date_method is DateMethod.LINE
    for gone in ("Lakeside Herald", "since 1950", "Font size", "FR", "°C", "Monday", "Hot topics", "Home"):
        assert gone not in words(dump)
    assert {c.reason for c in dump.chrome} >= {"header"}


def test_a_header_zone_holding_running_text_is_left_alone():
    text = f"An early teaser that is a whole sentence of news about the town hall.\n01.03.2026\n{BODY}\n"
    assert len(items(text)) == 2


# 2 and 3. Titles, leads, bylines, subheadings and speech openers inside an article.


def test_lead_byline_subheadings_speech_opener_and_a_cut_off_end_stay_in_one_article():
    text = (
        "Pipes under the market square to be replaced\n\n1 March 2026\n\n"
        "The work will take six weeks and cost less than planned.\n\n"
        "By Jane Miller, city reporter\n\n"
        f"{BODY}\n\nHow traffic will be diverted\n\n{MORE}\n\n"
        "Dear neighbours,\n\nThank you for your patience while we work on the square this spring.\n\n"
        "The second stage of the work includes new lamps and benches, and the board says it will be"
    )
    (item,) = items(text)
    assert item.title == "Pipes under the market square to be replaced"
    assert "How traffic will be diverted" in item.paragraphs
    assert "Dear neighbours," in item.paragraphs
    assert "By Jane Miller, city reporter" in item.paragraphs
    assert item.paragraphs[-1].endswith("it will be")


def test_the_title_is_the_line_just_above_the_date_line_and_a_byline():
    text = f"Old teaser. {BODY}\nBridge repairs start on Monday\nBy Tom Reed\n02.03.2026\n{MORE}\n"
    found = items(text)
    assert found[1].title == "Bridge repairs start on Monday"
    assert found[1].date == date(2026, 3, 2)


# 4. Date lines with something glued in front.


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("By Anna Smith | 19:19 Mar. 9, 2026", date(2026, 3, 9)),
        ("Иван Петров | 08:05 Мар. 9, 2026", date(2026, 3, 9)),
        ("date 2026-02-12", date(2026, 2, 12)),
        ("Updated at 18:49,15-10-2021", date(2021, 10, 15)),
        ("Published: 23.11.2023 14:05", date(2023, 11, 23)),
    ],
)
def test_a_date_line_counts_behind_a_byline_or_a_metadata_prefix(line, day):
    (item,) = items(f"Pipes under the market square to be replaced\n{line}\n{BODY}\n")
    assert item.date == day and item.date_method is DateMethod.LINE
    assert item.title == "Pipes under the market square to be replaced"


def test_a_sentence_ending_in_a_date_is_not_a_byline():
    assert dates.date_line("The board met on Friday. | 12.03.2025") is None


# 5. Precedence of an item's own date line over dates in its text; background dates.


def test_the_date_line_beats_dates_mentioned_in_the_text():
    text = (
        "School marks its jubilee with a concert\n2 March 2026\n"
        "The school, founded on 15 May 1962, will hold a concert from 1 April 2026 in its hall.\n"
    )
    (item,) = items(text)
    assert item.date == date(2026, 3, 2)


@pytest.mark.parametrize(
    "background",
    [
        "The library, founded on 3 June 1998, opened a new hall today.",
        "Since 1 January 2024 the fares have not changed, the operator said today.",
        "Road works will last until 30 April 2026, the council said today.",
    ],
)
def test_a_date_the_text_marks_as_background_does_not_date_the_item(background):
    (item,) = items(f"{background} {MORE}\n")
    assert item.date is None


def test_without_a_date_line_the_first_plain_full_date_of_the_text_dates_the_item():
    (item,) = items(f"The founders, who met in 1990, signed the charter on 12 March 2026. {MORE}\n")
    assert item.date == date(2026, 3, 12) and item.date_method is DateMethod.TEXT


def test_a_text_date_years_before_the_pages_date_lines_is_history():
    text = (
        f"02.03.2026\n{BODY}\n\n\n"
        f"The old bridge carried its first train on 3 May 1987 and will be closed for good. {MORE}\n\n\n"
    )
    found = items(text)
    assert found[1].date is None


# 6. Formats.


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Фев. 9, 2026", date(2026, 2, 9)),
        ("9 фев. 2026", date(2026, 2, 9)),
        ("March 13,2023 10:33", date(2023, 3, 13)),
        ("18:49,15-10-2021", date(2021, 10, 15)),
        ("6th October 2021", date(2021, 10, 6)),
        ("From 17 to 20 March 2025", date(2025, 3, 17)),
        ("17–20 марта 2025", date(2025, 3, 17)),
        ("с 17 по 20 марта 2025 года", date(2025, 3, 17)),
        ("March 17-20, 2025", date(2025, 3, 17)),
    ],
)
def test_date_line_formats(text, day):
    match = dates.date_line(text)
    assert match is not None and match.as_date() == day


def test_a_date_range_dates_the_item_by_its_start():
    (item,) = items(f"Spring fair opens on the town square\n17–20 марта 2026\n{BODY}\n")
    assert item.date == date(2026, 3, 17)


# 7. Years of dates without one.


def test_a_year_less_date_takes_the_year_that_keeps_a_newest_first_page_in_order():
    text = (
        f"05.01.2026\nOne {BODY}\n\n\n03.01.2026\nTwo {BODY}\n\n\n"
        f"On 28 December the choir gave a concert. {MORE}\n\n\n"
        f"20.12.2025\nFour {BODY}\n"
    )
    found = items(text)
    assert found[2].date == date(2025, 12, 28) and found[2].date_method is DateMethod.INFERRED


def test_a_year_mentioned_in_passing_does_not_give_a_year_less_date_its_year():
    (item,) = items(f"On 28 December the choir that sang in 2019 gave a concert. {MORE}\n")
    assert item.date is None


# 8 and 9. Headlines among teasers, lists after the article's end.


def test_a_bare_headline_among_one_line_teasers_is_an_item_of_its_own():
    text = f"01.03.2026\n{BODY}\n\n\nNew lamps for the old harbour\n\n\n{MORE}\n"
    found = items(text)
    assert any(
        i.body == "New lamps for the old harbour" or i.title == "New lamps for the old harbour" for i in found
    )
    assert not any(BODY in i.body and "New lamps" in i.body for i in found)


def test_a_list_heading_after_the_article_is_chrome_and_its_teasers_are_items():
    text = (
        f"Pipes under the market square to be replaced\n1 March 2026\n{BODY}\n\n"
        "More stories\n\nNew lamps for the old harbour\n28 February 2026\n"
        "The harbour will get forty new lamps before the tourist season starts in May.\n"
    )
    dump = parse_text(text)
    assert [i.title for i in dump.items] == [
        "Pipes under the market square to be replaced",
        "New lamps for the old harbour",
    ]
    assert "More stories" not in words(dump)


def test_bare_headlines_with_a_time_in_a_feed_are_chrome():
    text = (
        f"01.03.2026\n{BODY}\n\nLatest\n11:05 Choir concert moved to Sunday\n09:40 Market closed on Monday\n"
    )
    dump = parse_text(text)
    assert "Choir concert" not in words(dump) and "Market closed" not in words(dump)
    assert "timed headline" in {c.reason for c in dump.chrome}


# 10. Counters, share, comment and rating lines; "Read more" trailers.


@pytest.mark.parametrize(
    "line",
    [
        "• 312",
        "Share this article:",
        "Leave a comment",
        "Comments: 12",
        "Комментарии (7)",
        "Rate: Bad Poor Fair Good Excellent",
        "Плохо Так себе Нормально Хорошо Отлично",
        "ID :",
        "Page 2 of 30",
        "Read more www.example.org",
        "Read more Lakeside Herald",
    ],
)
def test_counter_share_comment_and_rating_lines_are_chrome(line):
    assert chrome.reason(line) is not None


def test_a_read_more_trailer_does_not_take_the_next_items_title():
    text = (
        f"Pipes under the market square to be replaced\n1 March 2026\n{BODY}\nRead more www.example.org\n\n"
        f"New lamps for the old harbour\n28 February 2026\n{MORE}\nRead more www.example.org\n"
    )
    dump = parse_text(text)
    assert [i.title for i in dump.items] == [
        "Pipes under the market square to be replaced",
        "New lamps for the old harbour",
    ]
    assert "Read more" not in words(dump)


# 12. Date lines below their teasers.


def test_a_page_whose_date_lines_follow_their_teasers_dates_each_teaser_by_the_line_below():
    text = f"{BODY}\n02.03.2026\n\n{MORE}\n01.03.2026\n\nNew lamps for the old harbour\n28.02.2026\n"
    found = items(text)
    assert [(i.body[:8], i.date) for i in found] == [
        (BODY[:8], date(2026, 3, 2)),
        (MORE[:8], date(2026, 3, 1)),
        ("New lamp", date(2026, 2, 28)),
    ]


def test_date_lines_above_their_teasers_still_open_them():
    found = items(f"02.03.2026\n{BODY}\n\n01.03.2026\n{MORE}\n")
    assert [i.date for i in found] == [date(2026, 3, 2), date(2026, 3, 1)]


@pytest.mark.parametrize("prefix", ["Published: ", "Updated 10:15 | ", "By Anna Smith | "])
def test_an_agency_dateline_behind_a_prefix_still_opens_the_article(prefix):
    found = items(f"Old teaser. {BODY}\n{prefix}LONDON, 12 March 2026 (Reuters) - {MORE}\n")
    assert len(found) == 2
    assert (found[1].place, found[1].date) == ("London", date(2026, 3, 12))
    assert found[1].date_method is DateMethod.DATELINE


def test_a_date_over_a_teaser_above_the_first_article_is_an_item_not_a_header():
    found = items(
        f"Home / News\nTown news\n01.03.2026\nNew lamps for the harbour arrived.\n\n02.03.2026\n{BODY}\n"
    )
    assert [(i.date, i.body[:9]) for i in found] == [
        (date(2026, 3, 1), "New lamps"),
        (date(2026, 3, 2), BODY[:9]),
    ]


def test_a_year_less_date_is_not_moved_a_whole_year_to_keep_the_order():
    text = (
        f"05.01.2026\nOne {BODY}\n\n\n03.01.2026\nTwo {BODY}\n\n\n02.01.2026\nThree {BODY}\n\n\n"
        f"On 10 January the choir gave a concert. {MORE}\n"
    )
    assert items(text)[3].date == date(2026, 1, 10)


def test_bare_headlines_under_a_list_heading_are_never_part_of_the_article():
    text = (
        f"Pipes under the market square to be replaced\n1 March 2026\n{BODY}\n{MORE}\n"
        "See also\nForty new lamps for the old harbour before the season\n"
        "The choir concert moves to Sunday because of the storm warning\n"
    )
    dump = parse_text(text)
    article = dump.items[0]
    assert article.paragraphs == (BODY, MORE)
    assert [i.body[:9] for i in dump.items[1:]] == ["Forty new", "The choir"]
    assert "list heading" in {c.reason for c in dump.chrome}


def test_a_site_name_above_a_list_heading_is_not_the_title_of_the_first_item():
    dump = parse_text(f"Harbour Gazette\nLatest news\n\n02.03.2026\n{BODY}\n")
    (item,) = dump.items
    assert item.title is None and item.date == date(2026, 3, 2)
