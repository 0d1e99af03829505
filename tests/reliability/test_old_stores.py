"""A store of every earlier schema version opens: it is backed up first, migrated, and keeps its
items and marks. The stores are made by ``tests/data/make_old_stores.py``."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from reader.model import Filter
from reader.query import parse_query
from reader.storage import check_store
from reader.store import backup, schema
from reader.store.sqlitestore import SqliteStore
from tests.conftest import DumpWriter

STORES = Path(__file__).resolve().parents[1] / "data" / "stores"
OLD_VERSIONS = range(1, schema.VERSION)


def test_there_is_a_store_of_every_earlier_version():
    assert {p.name for p in STORES.glob("*.db")} == {f"store-v{v}.db" for v in OLD_VERSIONS}


def version_of(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        found: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return found


@pytest.fixture(params=OLD_VERSIONS, ids=lambda v: f"v{v}")
def old_store(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[int, Path]:
    version: int = request.param
    path = tmp_path / "store.db"
    shutil.copyfile(STORES / f"store-v{version}.db", path)
    assert version_of(path) == version
    return version, path


def test_an_old_store_is_backed_up_then_migrated_and_keeps_its_items_and_marks(old_store: tuple[int, Path]):
    version, path = old_store
    with SqliteStore.open(path) as store:
        items = {i.id: i for i in store.export_items()}
        assert sorted(items) == [1, 2, 3]
        assert items[1].title == "Summit in Minsk" and items[1].bookmarked
        assert items[2].note == "Ask the press office about the opening date."
        assert [o.file for o in items[2].occurrences] == ["news-1.txt", "news-2.txt"]
        assert [list(items[i].tags) for i in (1, 2, 3)] == [["summit"], ["Rescue"], ["summit"]]
        (mark,) = items[3].highlights
        assert (mark.quote, mark.start, mark.end, mark.color, mark.note) == (
            "встретились в Бишкеке",
            17,
            38,
            "green",
            "where",
        )
        assert store.resolve(4) == 1  # an id merged away still leads to its item
        query = parse_query("бишкеке")
        assert list(store.item_ids(Filter(), query=query)) == [3]
        assert [b.text for b in store.boilerplate("News")] == ["Subscribe to our newsletter"]
    assert version_of(path) == schema.VERSION
    (saved,) = backup.backups_of(path)
    assert version_of(saved.path) == version
    assert backup.examined(saved).items == 3
    assert check_store(path).ok


def test_an_old_store_takes_new_dumps_after_its_migration(
    old_store: tuple[int, Path], write_dump: DumpWriter
):
    _, path = old_store
    longer = "The new rescue centre opened in the northern province on 4 March. It has forty beds."
    with SqliteStore.open(path) as store:
        (result,) = store.import_paths([write_dump("later.txt", longer)], "News")
        assert (result.items_new, result.items_merged) == (0, 1)
        (item,) = [i for i in store.export_items() if i.note]
        assert item.body == longer and item.id == 2  # the longer text, the same item, its note kept
    assert check_store(path).ok
