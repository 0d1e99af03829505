"""The news corpus: items sharing their openings and sentences, with pairs that must merge and
look-alikes that must not, imported with exactly the unique items the generator wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> None:
    # bench/ is a folder of the repository, not an installed package.
    monkeypatch.syspath_prepend(str(ROOT))


def _import_and_export(corpus: Path, db: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    from bench.generate import source_folders

    for source, folder in source_folders(corpus).items():
        assert main(["import", "--db", db, "--source", source, str(folder)]) == 0
    capsys.readouterr()
    assert main(["export", "items", "--db", db, "--format", "jsonl"]) == 0
    return capsys.readouterr().out.splitlines()


@pytest.mark.usefixtures("bench")
def test_importer_finds_exactly_the_news_items(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bench.check import by_signature, check
    from bench.news import generate, signatures

    summary = generate(tmp_path / "corpus", items=400, seed=7, page_kb=(12, 30))
    lines = _import_and_export(tmp_path / "corpus", str(tmp_path / "store.db"), capsys)
    result = check(lines, summary.items, by_signature(signatures(tmp_path / "corpus")))

    assert summary.items == 400
    assert set(summary.pairs) == {
        "teaser",
        "cut teaser",
        "split",
        "word changed",
        "sentence added",
        "other name",
        "other number",
        "other date",
    }
    assert summary.occurrences > summary.items + sum(summary.pairs.values()) // 2
    assert result.ok, result.describe()


@pytest.mark.usefixtures("bench")
def test_news_check_sees_false_merges_and_teasers_left_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench.check import by_signature, check
    from bench.news import generate, signatures

    out = tmp_path / "corpus"
    summary = generate(out, items=60, seed=3, page_kb=(12, 30))
    identify = by_signature(signatures(out))
    items = [json.loads(line) for line in _import_and_export(out, str(tmp_path / "store.db"), capsys)]
    article = next(i for i in items if i["title"])
    teaser = {"title": None, "text": article["text"].split("\n\n")[0]}

    exact = check(map(json.dumps, items), summary.items, identify)
    merged = check(map(json.dumps, [i for i in items if i is not article]), summary.items, identify)
    apart = check(map(json.dumps, [*items, teaser]), summary.items, identify)

    assert exact.ok, exact.describe()
    assert (merged.ok, merged.missing) == (False, 1)
    assert (apart.ok, apart.unknown) == (False, 1)


@pytest.mark.usefixtures("bench")
def test_news_generator_is_deterministic(tmp_path: Path) -> None:
    from bench.news import generate

    first = generate(tmp_path / "a", items=150, seed=5, page_kb=(12, 30))
    second = generate(tmp_path / "b", items=150, seed=5, page_kb=(12, 30))

    assert first == second
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.txt"))
    assert files
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
