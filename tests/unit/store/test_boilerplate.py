"""Learnt boilerplate: counted across a source's dumps, offered, confirmed or rejected."""

import pytest

from reader.model import UserError

BODY = "The council met in Minsk on day {n} to discuss security and cooperation between the states."


def page(n: int, promo: str = "Listen to our weekly podcast") -> str:
    return (
        f"19.05.202{n}\n\n{BODY.format(n=n)}\n\n{promo}\n\nIt agreed on a plan for day {n} of the session.\n"
    )


def import_pages(store, tmp_path, numbers, source="Site"):
    for n in numbers:
        path = tmp_path / f"page{n}.txt"
        path.write_text(page(n), encoding="utf-8")
        list(store.import_paths([path], source))


def test_a_short_line_in_three_dumps_becomes_a_candidate(store, tmp_path):
    import_pages(store, tmp_path, [1, 2])
    assert store.boilerplate() == []
    import_pages(store, tmp_path, [3])
    (line,) = store.boilerplate()
    assert (line.source, line.text, line.dumps, line.status) == (
        "Site",
        "listen to our weekly podcast",
        3,
        "candidate",
    )


def test_a_confirmed_line_is_dropped_from_later_imports_of_that_source(store, tmp_path):
    import_pages(store, tmp_path, [1, 2, 3])
    store.set_boilerplate("Site", "Listen to our weekly podcast", "confirmed")
    import_pages(store, tmp_path, [4])
    bodies = [item.body for item in store.export_items()]
    assert sum("podcast" in body for body in bodies) == 3
    assert store.boilerplate() == []
    assert [b.status for b in store.boilerplate(status="confirmed")] == ["confirmed"]


def test_a_rejected_line_is_not_offered_again(store, tmp_path):
    import_pages(store, tmp_path, [1, 2, 3])
    store.set_boilerplate("Site", "listen to our weekly podcast", "rejected")
    import_pages(store, tmp_path, [4, 5])
    assert store.boilerplate() == []
    (line,) = store.boilerplate(status="rejected")
    assert line.dumps == 5


def test_titles_and_teasers_of_news_dumped_again_are_content_not_boilerplate(store, tmp_path):
    article = f"Summit of the heads of state opens\n19.05.2021\n{BODY.format(n=1)}\n"
    for n in range(1, 5):
        path = tmp_path / f"again{n}.txt"
        # The same news dumped again, each time beside a different teaser.
        path.write_text(f"Other news of day {n} is a teaser of some length here.\n\n\n{article}", "utf-8")
        list(store.import_paths([path], "Site"))
    assert store.boilerplate() == []


def test_unknown_source_or_empty_line_is_a_user_error(store):
    with pytest.raises(UserError, match="no source named"):
        store.set_boilerplate("Nowhere", "Share", "confirmed")
    with pytest.raises(UserError, match="no words"):
        store.set_boilerplate("Nowhere", " -- ", "confirmed")
