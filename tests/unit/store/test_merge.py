"""Item fields come from the item's versions, never from the order its dumps were imported in."""

import itertools
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.model import DateMethod, ParsedDump, ParsedItem
from reader.store import prepare
from reader.store.sqlitestore import SqliteStore
from tests.conftest import import_one

A = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
A_LONG = f"{A} The talks lasted four hours and ended with a joint statement on border cooperation."


def item(body, *, title=None, day=None, method=None, place=None):
    text = "\n".join(filter(None, [title, body]))
    return ParsedItem(title, (body,), day, method, place, 1, 1 + text.count("\n"), text)


DUMPS = {
    b"teaser": ParsedDump("utf-8", (item(A, day=date(2024, 3, 12), method=DateMethod.LINE),), ()),
    b"article": ParsedDump(
        "utf-8",
        (
            item(
                A_LONG, title="Ministers meet", day=date(2024, 3, 10), method=DateMethod.TEXT, place="Astana"
            ),
        ),
        (),
    ),
    b"again": ParsedDump("utf-8", (item(A, day=date(2024, 3, 11), method=DateMethod.LINE),), ()),
}


@pytest.fixture
def fake_parse(monkeypatch):
    monkeypatch.setattr(prepare, "parse_dump", lambda data, name, **options: DUMPS[data])


def fields(store):
    return [
        (i.title, i.body, i.date, i.date_method, i.place, len(i.occurrences)) for i in store.export_items()
    ]


@pytest.mark.usefixtures("fake_parse")
def test_fields_do_not_depend_on_import_order(tmp_path):
    results = set()
    for n, order in enumerate(itertools.permutations(DUMPS)):
        with SqliteStore.open(tmp_path / f"{n}.db") as store:
            for name in order:
                path = tmp_path / f"{n}-{name.decode()}.txt"
                path.write_bytes(name)
                import_one(store, path, "News")
            results.add(tuple(fields(store)))
    assert results == {(("Ministers meet", A_LONG, date(2024, 3, 11), DateMethod.LINE, "Astana", 3),)}


COPIES = {
    b"plain": ParsedDump("utf-8", (item(A, day=date(2024, 3, 12), method=DateMethod.TEXT),), ()),
    # The same text once folded: a copy of the item, whose version competes for its fields.
    b"capitals": ParsedDump("utf-8", (item(A.upper(), day=date(2024, 3, 11), method=DateMethod.LINE),), ()),
    b"placed": ParsedDump("utf-8", (item(A, place="Astana"),) * 3, ()),
}


def test_copies_of_one_text_give_the_same_fields_in_any_order(tmp_path, monkeypatch):
    monkeypatch.setattr(prepare, "parse_dump", lambda data, name, **options: COPIES[data])
    results = set()
    for n, order in enumerate(itertools.permutations(COPIES)):
        with SqliteStore.open(tmp_path / f"{n}.db") as store:
            for name in order:
                path = tmp_path / f"{n}-{name.decode()}.txt"
                path.write_bytes(name)
                import_one(store, path, "News")
            (seen,) = store.conn.execute("SELECT seen_count FROM items").fetchone()
            results.add((*fields(store), seen))
    assert results == {((None, A.upper(), date(2024, 3, 11), DateMethod.LINE, None, 5), 5)}


def test_a_dump_of_one_item_many_times_gives_one_item_seen_that_often(tmp_path):
    with SqliteStore.open(tmp_path / "s.db") as store:
        import_one(store, _write(tmp_path, "copies.txt", "\n\n\n".join([NEWS] * 300)), "News")
        (item,) = list(store.export_items())
        assert len(item.occurrences) == 300
        assert store.conn.execute("SELECT seen_count FROM items").fetchone() == (300,)


# Small stories of distinct sentences; a dump holds runs of consecutive sentences of some stories,
# so versions of one story contain each other, as teasers and articles do.
STORIES = [
    [
        f"Story {s} reports that delegation {s}{k} arrived in the capital for talks number {k}."
        for k in range(3)
    ]
    for s in range(4)
]
runs = st.tuples(st.integers(0, len(STORIES) - 1), st.integers(0, 2), st.integers(1, 3)).map(
    lambda t: " ".join(STORIES[t[0]][t[1] : t[1] + t[2]])
)
dumps = st.lists(st.lists(runs, min_size=1, max_size=4), min_size=1, max_size=4)


def import_all(store, folder: Path, texts: list[list[str]], order: list[int]) -> None:
    for i in order:
        path = folder / f"dump-{i}.txt"
        path.write_text("\n\n\n".join(texts[i]) + "\n", encoding="utf-8")
        import_one(store, path, "News")


def assert_index_matches(store):
    """The full-text index holds exactly the items' current text (raises when it does not)."""
    store.conn.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)")


def exported(store):
    return sorted((i.title, i.body, i.date) for i in store.export_items())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=dumps, data=st.data())
def test_the_same_dumps_in_any_order_give_the_same_items(texts, data):
    order = data.draw(st.permutations(range(len(texts))))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with SqliteStore.open(folder / "a.db") as first, SqliteStore.open(folder / "b.db") as second:
            import_all(first, folder, texts, list(range(len(texts))))
            import_all(second, folder, texts, list(order))
            assert exported(first) == exported(second)
            assert_index_matches(first)
            before = exported(first)
            import_all(first, folder, texts, list(order))
            assert exported(first) == before


def test_a_new_item_never_takes_the_id_of_one_folded_away(store, write_dump):
    a = "The council of ministers met in Astana on Tuesday to discuss regional security matters."
    a2 = "The talks lasted four hours and ended with a joint statement on border cooperation."
    import_one(store, write_dump("halves.txt", a, a2), "News")  # items 1 and 2
    import_one(store, write_dump("whole.txt", f"{a} {a2}"), "News")  # 2 folds into 1
    assert store.resolve(2) == 1
    fresh = "Delegations from six countries signed a new agreement on border cooperation and trade."
    import_one(store, write_dump("new.txt", fresh), "News")
    (new,) = [i for i in store.export_items() if i.body == fresh]
    assert new.id == 3
    assert store.resolve(2) == 1


NEWS = (
    "On 3 October, Secretary General Imangali Tasmagambetov met with Ambassador Adam Rutereani."
    " The parties discussed the state and prospects of cooperation in the field of border security."
    " The participants also discussed issues of information security."
)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("other", "merges"),
    [
        (NEWS.replace("discussed issues", "considered issues"), True),  # a word changed
        (NEWS.replace("Adam Rutereani", "Adam Pisebiard"), False),  # another name
        (NEWS.replace("3 October", "4 October"), False),  # another date
        (NEWS.replace("issues of information", "2 issues of information"), False),  # a number
    ],
)
def test_near_duplicates_are_decided_alike_when_their_sentences_are_common(
    tmp_path, monkeypatch, other, merges
):
    from reader.store import merge

    # Every start shared by two items is common here, as formulaic sentences are in real news.
    monkeypatch.setattr(merge, "COMMON", 1)
    with SqliteStore.open(tmp_path / "s.db") as store:
        for n in range(3):
            filler = NEWS.replace("Adam Rutereani", f"Guest Number{n}").replace("3 October", f"{n + 10} May")
            import_one(store, _write(tmp_path, f"f{n}.txt", filler), "News")
        import_one(store, _write(tmp_path, "a.txt", NEWS), "News")
        result = import_one(store, _write(tmp_path, "b.txt", other), "News")
        assert (result.items_merged == 1) is merges
        assert len(list(store.export_items())) == (4 if merges else 5)


@pytest.mark.parametrize("teaser_first", [True, False])
def test_a_teaser_of_common_sentences_joins_its_article(tmp_path, monkeypatch, teaser_first):
    from reader.store import merge

    monkeypatch.setattr(merge, "COMMON", 1)
    teaser = NEWS.split(". ")[1] + "."  # the second sentence alone: every start of it is common
    dumps = [("teaser.txt", f"12.03.2024\n\n{teaser}"), ("article.txt", f"12.03.2024\n\n{NEWS}")]
    with SqliteStore.open(tmp_path / "s.db") as store:
        for n in range(3):
            import_one(
                store,
                _write(tmp_path, f"f{n}.txt", NEWS.replace("Adam Rutereani", f"Guest Number{n}")),
                "News",
            )
        for name, text in dumps if teaser_first else dumps[::-1]:
            import_one(store, _write(tmp_path, name, text), "News")
        assert len(list(store.export_items())) == 4


@pytest.mark.parametrize("fillers", [3, 12])
def test_a_paragraph_split_off_joins_its_article_on_a_day_of_many_items_with_its_starts(
    tmp_path, monkeypatch, fillers
):
    # On a busy day more items hold the piece's formulaic starts than a day's lookup takes; the
    # article is among them, after the others, and holds the piece whole.
    from reader.store import merge

    monkeypatch.setattr(merge, "COMMON", 2)
    monkeypatch.setattr(merge, "WINDOW", 1)
    first, second, third = NEWS.split(". ")
    with SqliteStore.open(tmp_path / "s.db") as store:
        for n in range(fillers):
            # The piece's first start with another ending, and not its second: they hold its lead.
            filler = f"{first.replace('Adam Rutereani', f'Guest Number{n}')}. {second} in {n + 2}020."
            import_one(store, _write(tmp_path, f"f{n}.txt", f"12.03.2024\n\n{filler}"), "News")
        import_one(store, _write(tmp_path, "article.txt", f"12.03.2024\n\n{NEWS}"), "News")
        for n in range(3):  # later items of other days holding the starts fill the window
            later = f"{first.replace('Adam Rutereani', f'Late Number{n}')}. {second} in 19{n}5. {third}"
            later = later.replace("information security", f"cyber defence {n}")
            import_one(store, _write(tmp_path, f"l{n}.txt", f"1{n}.04.2024\n\n{later}"), "News")
        result = import_one(store, _write(tmp_path, "piece.txt", f"12.03.2024\n\n{second}. {third}"), "News")
        assert (result.items_new, result.items_merged + result.items_known) == (0, 1), result
        assert len(list(store.export_items())) == fillers + 4


@pytest.mark.parametrize(
    ("guest", "merges"), [("Adam Rutereani", True), ("Adam Ruterean", False), ("Adam Rutereani 2", False)]
)
def test_a_teaser_of_formulaic_starts_listed_days_later_joins_its_article(
    tmp_path, monkeypatch, guest, merges
):
    # Every start of the teaser is common, its article is neither among the latest holding them nor
    # of the date the list gave it; the article's words find it, and a teaser naming someone else
    # (or a figure the article lacks) stays apart.
    from reader.store import merge

    monkeypatch.setattr(merge, "COMMON", 1)
    monkeypatch.setattr(merge, "WINDOW", 1)
    first, second, _ = NEWS.split(". ")
    with SqliteStore.open(tmp_path / "s.db") as store:
        import_one(store, _write(tmp_path, "article.txt", f"12.03.2024\n\n{NEWS}"), "News")
        for n in range(3):
            other = NEWS.replace("Adam Rutereani", f"Guest Number{n}")
            import_one(store, _write(tmp_path, f"f{n}.txt", f"1{n + 4}.03.2024\n\n{other}"), "News")
        teaser = f"{first}. {second}.".replace("Adam Rutereani", guest)
        result = import_one(store, _write(tmp_path, "list.txt", f"20.03.2024\n\n{teaser}"), "News")
        assert (result.items_new, result.items_merged) == ((0, 1) if merges else (1, 0)), result
        assert len(list(store.export_items())) == (4 if merges else 5)


def test_a_paragraph_whose_sentences_start_alike_joins_its_article_on_a_busy_day(tmp_path, monkeypatch):
    # The piece's two sentences share their start, so it has no other start to test the day's
    # holders of it for, and the day holds more of them than a day's lookup takes.
    from reader.store import merge

    monkeypatch.setattr(merge, "COMMON", 2)
    monkeypatch.setattr(merge, "WINDOW", 1)
    signed = "Following the talks, the parties signed {} documents on {}."
    piece = f"{signed.format(274, 'illegal migration')} {signed.format(828, 'countering terrorism')}"
    with SqliteStore.open(tmp_path / "s.db") as store:
        for n in range(4):
            filler = (
                f"{NEWS.replace('Adam Rutereani', f'Guest Number{n}')}\n\n{signed.format(n + 2, 'trade')}"
            )
            import_one(store, _write(tmp_path, f"f{n}.txt", f"12.03.2024\n\n{filler}"), "News")
        import_one(store, _write(tmp_path, "article.txt", f"12.03.2024\n\n{NEWS}\n\n{piece}"), "News")
        for n in range(2):  # later items of other days holding the start fill the window
            later = f"{NEWS.replace('Adam Rutereani', f'Late Number{n}')}\n\n{signed.format(n + 40, 'trade')}"
            import_one(store, _write(tmp_path, f"l{n}.txt", f"1{n}.04.2024\n\n{later}"), "News")
        result = import_one(store, _write(tmp_path, "piece.txt", f"12.03.2024\n\n{piece}"), "News")
        assert (result.items_new, result.items_merged) == (0, 1), result
        assert len(list(store.export_items())) == 7


def test_a_store_of_schema_5_gets_near_keys_and_finds_near_duplicates(tmp_path):
    import sqlite3

    from reader.store import schema

    path = tmp_path / "old.db"
    with SqliteStore.open(path) as store:
        import_one(store, _write(tmp_path, "a.txt", NEWS), "News")
    conn = sqlite3.connect(path, isolation_level=None)
    # As migration 6 leaves the items of a store of schema 5 (tests/unit/store/test_schema.py
    # migrates every version's layout): without near-duplicate keys.
    conn.execute("UPDATE items SET near_key = NULL")
    conn.close()

    with SqliteStore.open(path) as store:
        assert schema.version(store.conn) == schema.VERSION
        assert store.conn.execute("SELECT near_key FROM items").fetchall() == [(None,)]
        result = import_one(
            store, _write(tmp_path, "b.txt", NEWS.replace("discussed issues", "considered issues")), "News"
        )
        assert result.items_merged == 1
        assert store.conn.execute("SELECT count(*) FROM items WHERE near_key IS NULL").fetchone() == (0,)
