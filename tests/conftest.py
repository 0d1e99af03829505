"""Fixtures shared by every test. Qt-free: the window's fixtures live in ``tests/ui/conftest.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.model import ImportResult
from reader.store.sqlitestore import SqliteStore

# Items in the "teaser list" layout: two blank lines end an item.
ITEM_BREAK = "\n\n\n"


@pytest.fixture(autouse=True)
def _private_store_location(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the developer's own store out of reach: a test that forgets ``--db`` gets a scratch one."""
    monkeypatch.setenv("READER_DB", str(tmp_path_factory.mktemp("default-store") / "store.db"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore.open(tmp_path / "store.db") as opened:
        yield opened


def import_one(store: SqliteStore, path: Path, source: str) -> ImportResult:
    """Import one file as ``source`` and give its result."""
    (result,) = store.import_paths([path], source)
    return result


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also run the tests marked slow (full-size trials)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="full-size trial: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


DumpWriter = Callable[..., Path]


@pytest.fixture
def write_dump(tmp_path: Path) -> DumpWriter:
    """Write a dump of the given items (each a paragraph) and return its path."""

    def write(name: str, *items: str, folder: str = "dumps", encoding: str = "utf-8") -> Path:
        path = tmp_path / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((ITEM_BREAK.join(items) + "\n").encode(encoding))
        return path

    return write
