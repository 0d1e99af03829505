"""The site name read from the dumps: a domain most of them name, else a header line most repeat."""

from __future__ import annotations

import pytest

from reader.ingest.sitename import domains, site_name


def page(header: list[str], story: str, footer: str = "") -> str:
    return "\n".join([*header, "", story, "", footer])


STORIES = [
    "Ministers met in Tashkent\n12.03.2024\nThe ministers of six countries met in Tashkent.",
    "Rescue drill held\n14.03.2024\nRescue teams of five countries held a joint drill.",
    "Forum opens\n15.03.2024\nA forum on trade opened on Friday in the capital.",
]


def test_a_header_line_every_dump_repeats_names_the_site():
    header = ["Home", "News", "Northern Herald", "23 November 2023", "Contacts"]
    assert site_name([page(header, s) for s in STORIES]) == "Northern Herald"


def test_a_domain_most_dumps_carry_wins_and_loses_its_www():
    texts = [page(["Home"], s, "© 2024 www.herald.kz, all rights reserved") for s in STORIES]
    texts[0] += "\nSource: https://www.tass.ru/news/1"  # one page links to another site
    assert site_name(texts) == "herald.kz"


def test_a_domain_in_the_header_beats_one_in_every_footer():
    texts = [page(["herald.kz | Northern Herald"], s, "Printed by typeset.com") for s in STORIES]
    assert site_name(texts) == "herald.kz"


def test_dumps_that_do_not_agree_give_no_name():
    texts = [
        page([name], s) for name, s in zip(["Alpha Times", "Beta Post", "Gamma Daily"], STORIES, strict=True)
    ]
    assert site_name(texts) is None
    assert site_name([]) is None


def test_one_dump_gives_its_domain_but_never_its_headline():
    assert site_name([page(["Northern Herald"], STORIES[0])]) is None
    assert site_name([page(["Northern Herald"], STORIES[0], "herald.kz")]) == "herald.kz"


def test_lines_that_are_dates_menus_or_sentences_are_no_name():
    header = ["Main page", "Friday, 15 March 2024", "Read the latest news of the day."]
    assert site_name([page(header, s) for s in STORIES]) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Visit www.belta.by today", ["belta.by"]),
        ("https://news.site.uz/ru/articles/1?p=2", ["news.site.uz"]),
        ("Сайт президент.рф и m.gazeta.ru", ["президент.рф", "gazeta.ru"]),
        ("Quoted by Site.KZ earlier", []),  # an upper-case ending is a sentence, not a host
        ("They met in Minsk.It was cold", []),
        ("Write to press@belta.by", []),
        ("Download report.pdf or version 2.0.1", []),
        ("St.Petersburg hosted the forum", []),
    ],
)
def test_domains_are_hosts_not_sentences_files_or_addresses(text, found):
    assert domains(text) == found
