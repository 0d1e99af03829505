from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.ingest import dates


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("19.05.2021", date(2021, 5, 19)),
        ("2025-03-12", date(2025, 3, 12)),
        ("16:29, 14 May 2012 | GMT +6", date(2012, 5, 14)),
        ("- 10:46, 3 March 2025", date(2025, 3, 3)),
        ("# 28 February 2025 16:53 (UTC +04:00)", date(2025, 2, 28)),
        ("12 Mar 2025, 14:05", date(2025, 3, 12)),
        ("14 октября 2025 / 11:59", date(2025, 10, 14)),
        ("Wednesday, 5 March 2025", date(2025, 3, 5)),
        ("2025-03-12T14:05:00+03:00", date(2025, 3, 12)),
        ("Published: 23.11.2023 14:05", date(2023, 11, 23)),
        ("Опубликовано: 14 октября 2025, 11:59", date(2025, 10, 14)),
        ("Updated 5 March 2025", date(2025, 3, 5)),
        ("11/23/2023", date(2023, 11, 23)),
        ("23/11/2023", date(2023, 11, 23)),
    ],
)
def test_date_and_timestamp_lines(line, expected):
    match = dates.date_line(line)
    assert match is not None and match.as_date() == expected


@pytest.mark.parametrize(
    "line",
    ["The meeting was held on 19.05.2021.", "Go back", "20:17", "USD 91.20", "31.02.2021", "2026-2029"],
)
def test_lines_that_are_not_date_lines(line):
    assert dates.date_line(line) is None


def test_dateline_lines_give_place_and_date():
    found = dates.dateline_line("May 19, 2021, Dushanbe")
    assert found and found.place == "Dushanbe" and found.date.as_date() == date(2021, 5, 19)
    found = dates.dateline_line("MOSCOW. May 14.")
    assert found and found.place == "MOSCOW" and found.date.year is None


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("ASTANA, March 12. /TASS/. Troops will hold exercises.", "ASTANA"),
        ("МОСКВА, 14 мая. /ТАСС/. Глава ведомства заявил.", "МОСКВА"),
        ("Moscow, May 14 (Reuters) - The ministry said.", "Moscow"),
    ],
)
def test_paragraphs_opening_with_a_dateline(text, place):
    found = dates.dateline_start(text)
    assert found is not None and found.place == place
    assert text[found.end :][:1].isupper()


def test_a_sentence_opening_with_a_date_is_no_dateline():
    assert dates.dateline_start("On May 26, 2020, the Council of Foreign Ministers will meet.") is None


def test_dates_in_running_text_english_and_russian():
    text = (
        "Held in Minsk on 23 November. 22 ноября 2023 года в Минске; 13 ноября 2023 г. в Москве; "
        "On December 4, a delegation; May 26, 2020 was"
    )
    found = [(m.day, m.month, m.year) for m in dates.find_dates(text)]
    assert found == [(23, 11, None), (22, 11, 2023), (13, 11, 2023), (4, 12, None), (26, 5, 2020)]
    assert dates.first_full_date(text) == date(2023, 11, 22)


def test_glued_dates_are_split_off():
    lead = dates.leading_date("21.05.2020On May 26, 2020, the Council met.")
    assert lead and lead[0].as_date() == date(2020, 5, 21) and lead[1].startswith("On May 26")
    trail = dates.trailing_date("The mission will be sent to Armenia on September 15 14.09.2022")
    assert trail and trail[0].endswith("September 15") and trail[1].as_date() == date(2022, 9, 14)
    assert dates.trailing_date("It was signed on 14.09.2022.") is None


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_numeric_and_iso_dates_round_trip(day):
    assert dates.date_line(day.strftime("%d.%m.%Y")).as_date() == day
    assert dates.date_line(day.isoformat()).as_date() == day


@given(st.text(max_size=200))
def test_date_functions_never_raise(text):
    dates.find_dates(text)
    dates.date_line(text)
    dates.dateline_line(text)
    dates.dateline_start(text)
    dates.leading_date(text)
    dates.trailing_date(text)


def test_a_sentence_with_a_lead_word_is_no_date_line():
    assert dates.date_line("Published reports on 23.11.2023 say more") is None
