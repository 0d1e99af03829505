"""Properties of the whole parse: never raises, loses no line and no word of running text."""

import contextlib
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest.normalize import lines
from reader.ingest.parse import parse_dump, parse_text
from reader.model import RefusedFile

word = st.sampled_from(
    [
        "the",
        "council",
        "of",
        "ministers",
        "met",
        "in",
        "Minsk",
        "on",
        "security",
        "and",
        "cooperation",
        "delegation",
        "Moscow",
        "совет",
        "министров",
        "провёл",
        "заседание",
        "в",
        "Москве",
        "по",
        "вопросам",
        "безопасности",
    ]
)
sentence = st.lists(word, min_size=12, max_size=25).map(lambda ws: " ".join(ws).capitalize() + ".")
header = st.sampled_from(
    [
        "19.05.2021",
        "12 Mar 2025, 14:05",
        "14 октября 2025 / 11:59",
        "May 19, 2021, Dushanbe",
        "Go back",
        "Назад",
    ]
)
title = st.lists(word, min_size=4, max_size=10).map(lambda ws: " ".join(ws).capitalize())
line = st.one_of(sentence, header, title)
gap = st.sampled_from(["\n", "\n\n", "\n\n\n"])
dump = st.lists(st.tuples(line, gap), max_size=25).map(lambda parts: "".join(a + b for a, b in parts))


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=200)
@given(st.binary(max_size=2000))
def test_import_never_raises_on_arbitrary_bytes(data):
    with contextlib.suppress(RefusedFile):
        parse_dump(data, "x.txt")


@given(st.text(max_size=2000))
def test_parse_never_raises_on_arbitrary_text(text):
    parse_text(text)


@settings(max_examples=300)
@given(dump)
def test_every_line_lands_in_an_item_or_in_the_chrome_report(text):
    parsed = parse_text(text)
    covered = set()
    for item in parsed.items:
        covered.update(range(item.first_line, item.last_line + 1))
    covered.update(c.line for c in parsed.chrome)
    for line_ in lines(text):
        if line_.text:
            assert line_.number in covered, line_


@settings(max_examples=300)
@given(dump)
def test_no_word_of_running_text_is_lost(text):
    parsed = parse_text(text)
    kept = " ".join(f"{i.title or ''} {i.body}" for i in parsed.items)
    kept_words = set(re.findall(r"\w+", kept))
    for line_ in lines(text):
        if line_.text.endswith("."):
            assert set(re.findall(r"\w+", line_.text)) <= kept_words, line_.text


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=200)
@given(dump)
def test_an_items_raw_lines_rebuild_from_its_text_and_what_the_store_keeps(text):
    from reader.store.items import raw_rest, rebuild_raw

    for item in parse_text(text).items:
        rest = raw_rest(item.raw, item.title, item.body)
        assert rebuild_raw(rest, item.title, item.body) == item.raw
        assert len(rest) <= len(item.raw)
