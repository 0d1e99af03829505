"""Segmenting rules, each on a small dump of its own."""

from datetime import date

from reader.ingest import chrome
from reader.ingest.parse import parse_text
from reader.model import DateMethod

LONG = "The delegation discussed cooperation in countering cross-border threats and drug trafficking."


def items(text):
    return parse_text(text).items


def test_lines_without_headers_are_teasers_that_stand_alone():
    found = items(f"First teaser {LONG}\nSecond teaser {LONG}\nThird teaser {LONG}\n")
    assert [i.body.split()[0:2] for i in found] == [
        ["First", "teaser"],
        ["Second", "teaser"],
        ["Third", "teaser"],
    ]


def test_date_lines_open_items_in_a_list_without_blank_lines():
    found = items(f"09.12.2025\nOne {LONG}\n08.12.2025\nTwo {LONG}\n")
    assert [(i.date, i.body[:3]) for i in found] == [(date(2025, 12, 9), "One"), (date(2025, 12, 8), "Two")]
    assert all(i.date_method is DateMethod.LINE for i in found)


def test_double_blank_lines_separate_items_and_single_ones_join_paragraphs():
    text = f"Alpha {LONG}\n\nAlpha continued {LONG}\n\n\nBeta {LONG}\n"
    found = items(text)
    assert len(found) == 2
    assert found[0].paragraphs[1].startswith("Alpha continued")
    assert found[0].body.count("\n\n") == 1


def test_a_title_opens_an_item_whatever_the_blank_lines_say():
    text = (
        f"Teaser {LONG}\n\nCondolences of the Secretariat for the victims of clashes\n\n\n"
        f"The leadership {LONG}\n\nWe consider {LONG}\n\nGo back\n"
    )
    found = items(text)
    assert [i.title for i in found] == [None, "Condolences of the Secretariat for the victims of clashes"]
    assert len(found[1].paragraphs) == 2


def test_title_date_line_and_dateline_form_one_article():
    text = (
        "Statement by the Ministers on the extension of the Treaty\n19.05.2021\nMay 19, 2021, Dushanbe\n"
        f"The States {LONG}\nThe extension {LONG}\n"
    )
    (item,) = items(text)
    assert item.title.startswith("Statement by the Ministers")
    assert item.date == date(2021, 5, 19) and item.date_method is DateMethod.LINE
    assert item.place == "Dushanbe"
    assert len(item.paragraphs) == 2 and "Dushanbe" not in item.body


def test_a_title_with_a_subtitle_before_its_date():
    text = (
        f"Old teaser {LONG}\nSummit of the heads of state opens in Minsk\n"
        "Leaders to sign a declaration on security\n23.11.2023\n"
        f"Body {LONG}\n"
    )
    found = items(text)
    assert found[1].title == "Summit of the heads of state opens in Minsk"
    assert found[1].date == date(2023, 11, 23)
    assert found[1].paragraphs[0] == "Leaders to sign a declaration on security"


def test_title_repeated_and_glued_to_its_date_is_kept_once():
    title = "The advance team will be sent to Armenia on September 15"
    (item,) = items(f"{title}\n\n{title} 14.09.2022\n\nThe team {LONG}\n")
    assert item.title == title and title not in item.body
    assert item.date == date(2022, 9, 14)


def test_date_glued_to_the_text():
    (item,) = items(
        "Meeting by videoconference on May 26\n21.05.2020On May 26, 2020, the Council will meet.\n"
    )
    assert item.date == date(2020, 5, 21)
    assert item.body == "On May 26, 2020, the Council will meet."


def test_download_line_after_a_date_is_chrome():
    dump = parse_text(
        f"Statement on security issues\n\n10.06.2022 Download document ab12.docx\n\nText {LONG}\n"
    )
    (item,) = dump.items
    assert item.date == date(2022, 6, 10) and "Download" not in item.body
    assert any("Download document" in c.text for c in dump.chrome)


def test_news_agency_dateline_paragraph_and_chrome_around_it():
    text = (
        "Defense\nCSTO to hold three joint drills in Kazakhstan this autumn\n12 Mar 2025, 14:05\n"
        f"ASTANA, March 12. /TASS/. Troops {LONG}\nMore {LONG}\nTags\nCSTO\nKazakhstan\nShare\n"
    )
    dump = parse_text(text)
    (item,) = dump.items
    assert item.place == "Astana" and item.date == date(2025, 3, 12)
    assert item.paragraphs[0].startswith("ASTANA, March 12. /TASS/. Troops")
    assert {c.text for c in dump.chrome} == {"Defense", "Tags", "CSTO", "Kazakhstan", "Share"}


def test_russian_site_chrome_ticker_credit_and_promos():
    text = (
        "20:17\n\nUSD 91.20\n\nEUR 99.45\n\nПолитика\n\nВ Бишкеке прошло заседание комитета секретарей\n\n"
        "14 октября 2025 / 11:59\n\nФото: пресс-служба\n\nВ Бишкеке состоялось заседание комитета, "
        "участники обсудили противодействие незаконному обороту наркотиков.\n\nИсточник - пресс-служба\n\n"
        "Подписывайтесь на наш канал\n\nПопулярные новости\n"
    )
    dump = parse_text(text)
    (item,) = dump.items
    assert item.title == "В Бишкеке прошло заседание комитета секретарей"
    assert item.date == date(2025, 10, 14)
    assert len(item.paragraphs) == 1
    assert len(dump.chrome) == 8


def test_untitled_list_item_ends_at_a_double_blank_line():
    text = f"23.11.2023\n\nFirst {LONG}\n\nSecond {LONG}\n\n\n22 ноября 2023 года прошло заседание, {LONG}\n"
    found = items(text)
    assert len(found) == 2 and len(found[0].paragraphs) == 2
    assert found[1].date == date(2023, 11, 22) and found[1].date_method is DateMethod.TEXT


def test_date_without_year_takes_the_year_of_the_nearest_dated_item():
    text = f"On 13 November 2023 the council met. {LONG}\nA summit was held in Minsk on 23 November. {LONG}\n"
    found = items(text)
    assert found[1].date == date(2023, 11, 23) and found[1].date_method is DateMethod.INFERRED


def test_undated_items_stay_undated():
    (item,) = items(f"Nothing here says when. {LONG}\n")
    assert item.date is None and item.date_method is None


def test_short_teaser_under_a_date_at_the_end_of_a_page_is_kept():
    (item,) = items("27.02.2025\nThe Assembly approved a model law on drone threats\n")
    assert item.body == "The Assembly approved a model law on drone threats"


def test_navigation_only_and_empty_dumps_have_no_items():
    assert items("") == ()
    assert items("Go back\n\nBack to the section\n\nНазад\n") == ()


def test_confirmed_boilerplate_is_dropped():
    text = f"Breaking from the region\n23.11.2023\nBody {LONG}\nOur weekly digest arrives soon\n"
    dump = parse_text(text, boilerplate={"our weekly digest arrives soon"})
    assert "digest" not in dump.items[0].body
    assert any(c.reason == "boilerplate" for c in dump.chrome)


def test_hard_wrapped_paragraphs_are_rejoined():
    text = (
        "The Council of Foreign Ministers met in Minsk on Thursday and discussed\n"
        "the situation on the borders of the member states, as well as measures\n"
        "to counter international terrorism and extremism in the region today.\n"
        "The ministers also adopted a statement on the extension of the treaty\n"
        "and agreed to meet again in spring.\n"
    )
    first, second = items(text)
    assert first.body == (
        "The Council of Foreign Ministers met in Minsk on Thursday and discussed the situation on the "
        "borders of the member states, as well as measures to counter international terrorism and "
        "extremism in the region today."
    )
    assert second.body.endswith("treaty and agreed to meet again in spring.")
    assert (first.first_line, first.last_line) == (1, 3)


def test_raw_text_and_lines_are_kept_for_each_item():
    (a, b) = items(f"09.12.2025\nOne {LONG}\n08.12.2025\nTwo {LONG}\n")
    assert (a.first_line, a.last_line, b.first_line, b.last_line) == (1, 2, 3, 4)
    assert a.raw == f"09.12.2025\nOne {LONG}"


def test_byline_and_counter_between_title_and_date_then_a_dateline_paragraph():
    text = (
        "Main page\nNews\nSecretary General holds talks with the Foreign Minister\nBy Press Service\n"
        f"10:46, 3 March 2025\nViews: 1245\nBISHKEK, March 3. The talks {LONG}\nThe parties {LONG}\n"
        "Photo: press service\nShare on Facebook\n"
    )
    dump = parse_text(text)
    (item,) = dump.items
    assert item.title == "Secretary General holds talks with the Foreign Minister"
    assert item.date == date(2025, 3, 3) and item.place == "Bishkek"
    assert item.paragraphs[0] == "By Press Service" and len(item.paragraphs) == 3
    assert {c.reason for c in dump.chrome} >= {"label", "furniture"}


def test_breadcrumb_above_the_title_is_chrome():
    dump = parse_text(
        f"Home / News\n\nHeads of state sign the declaration\n\n23 November 2023\n\nThe heads {LONG}\n"
    )
    (item,) = dump.items
    assert item.title == "Heads of state sign the declaration"
    assert dump.chrome[0].reason == "breadcrumb"


def test_title_under_a_date_line_in_a_list():
    text = (
        "05.12.2025\nExperts discuss information security in Yerevan\nExperts {LONG}\n"
        "04.12.2025\nAssembly adopts migration recommendations\nThe Assembly {LONG}\n"
    ).replace("{LONG}", LONG)
    found = items(text)
    assert [i.title for i in found] == [
        "Experts discuss information security in Yerevan",
        "Assembly adopts migration recommendations",
    ]
    assert [len(i.paragraphs) for i in found] == [1, 1]


def test_list_with_read_more_links_and_a_pager():
    text = (
        f"03.03.2025 | 10:46\nThe talks {LONG}\nRead more\n\n02.03.2025 | 09:15\nExperts {LONG}\nRead more\n\n"
        "Page 1 of 25\nNext\n"
    )
    dump = parse_text(text)
    assert [i.date for i in dump.items] == [date(2025, 3, 3), date(2025, 3, 2)]
    assert all("Read more" not in i.body for i in dump.items)
    assert "Page 1 of 25" in {c.text for c in dump.chrome}


def test_a_title_ending_in_a_question_mark_before_its_date_line():
    text = f"Old teaser {LONG}\nWill the treaty be extended for five more years?\n19.05.2021\nThe States {LONG}\n"
    found = items(text)
    assert found[1].title == "Will the treaty be extended for five more years?"
    assert found[1].date == date(2021, 5, 19) and len(found[1].paragraphs) == 1


def test_a_question_without_a_date_line_after_it_stays_text():
    found = items(f"Will the treaty be extended for five more years?\nThe States {LONG}\n")
    assert all(i.title is None for i in found)


def test_a_line_kept_as_content_is_never_chrome_and_a_confirmed_one_always_is():
    page = (
        "City Daily\nEN | RU\n\nLibrary opens a reading room for children\n12.03.2024\n\n"
        "The town library opened a reading room for children with two thousand new books on Monday.\n\n"
        "Photo: the reading room\n\n"
        + "The room is open every day except Sunday from nine until six. " * 3
        + "\n"
    )
    plain = parse_text(page)
    assert [c.text for c in plain.chrome] == ["City Daily", "EN | RU", "Photo: the reading room"]
    kept = parse_text(page, keep={chrome.key("Photo: the reading room"), chrome.key("City Daily")})
    assert [c.text for c in kept.chrome] == ["EN | RU"]
    assert "Photo: the reading room" in kept.items[-1].paragraphs
    long_line = ("The room is open every day except Sunday from nine until six. " * 3).strip()
    dropped = parse_text(page, boilerplate={chrome.key(long_line)})
    assert (dropped.chrome[-1].text, dropped.chrome[-1].reason) == (long_line, "boilerplate")
    assert long_line not in dropped.items[0].paragraphs
