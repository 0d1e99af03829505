"""The benchmark's generator and the importer agree: the importer finds exactly the unique items the
generator wrote, with no false merges and no missed duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> None:
    # bench/ is a folder of the repository, not an installed package.
    monkeypatch.syspath_prepend(str(ROOT))


@pytest.mark.usefixtures("bench")
def test_importer_finds_exactly_the_generated_items(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench.check import check
    from bench.generate import generate, source_folders

    summary = generate(tmp_path / "corpus", items=200, seed=11, page_kb=(3, 9))
    db = str(tmp_path / "store.db")
    for source, folder in source_folders(tmp_path / "corpus").items():
        assert main(["import", "--db", db, "--source", source, str(folder)]) == 0
    capsys.readouterr()

    assert main(["export", "items", "--db", db, "--format", "jsonl"]) == 0
    result = check(capsys.readouterr().out.splitlines(), summary.items)

    assert summary.items == 200
    assert summary.occurrences > summary.items, "the corpus must hold re-dumped items"
    assert result.ok, result.describe()


@pytest.mark.usefixtures("bench")
def test_generator_is_deterministic(tmp_path: Path) -> None:
    from bench.generate import generate

    first = generate(tmp_path / "a", items=120, seed=5, page_kb=(3, 9))
    second = generate(tmp_path / "b", items=120, seed=5, page_kb=(3, 9))

    assert first == second
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.txt"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.txt"))
    assert files_a == files_b
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)


@pytest.mark.usefixtures("bench")
def test_generated_layouts_include_what_real_dumps_show(tmp_path: Path) -> None:
    from bench.generate import generate

    generate(tmp_path, items=400, seed=2, page_kb=(3, 9))
    data = [p.read_bytes() for p in tmp_path.rglob("*.txt")]

    assert any(b"\r\n" in d for d in data), "CRLF"
    assert any(d.startswith(b"\xef\xbb\xbf") for d in data), "a byte-order mark"
    assert any(_is_cp1251_russian(d) for d in data), "Windows-1251"
    assert any(b"\n\n" not in d.replace(b"\r\n", b"\n") for d in data), "blank lines lost"


def _is_cp1251_russian(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "Назад" in data.decode("cp1251")
    return False


@pytest.mark.usefixtures("bench")
def test_a_kept_run_is_measured_again_and_names_both_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from bench import report, run
    from bench.generate import generate, source_folders

    monkeypatch.setattr(run, "WORK", tmp_path / "work")
    monkeypatch.setattr(run, "RESULTS", tmp_path / "results")
    summary = generate(tmp_path / "corpus", items=60, seed=3, page_kb=(3, 9))
    work = tmp_path / "work" / "run-people-n60"
    work.mkdir(parents=True)
    db = work / "store.db"
    for source, folder in source_folders(tmp_path / "corpus").items():
        assert main(["import", "--db", str(db), "--source", source, str(folder)]) == 0
    (work / "queries.json").write_text(json.dumps(summary.queries[:5]), encoding="utf-8")
    (tmp_path / "results").mkdir()
    earlier = {
        "commit": "0123456789",
        "when": "2026-01-01 10:00",
        "corpus": {"items": 60},
        "machine": {"cores": 2, "memory_gb": 1, "cpu": "x", "system": "y", "python": "3", "sqlite": "3"},
        "search": {"p95_ms": -1.0},
    }
    (tmp_path / "results" / "60.json").write_text(json.dumps(earlier), encoding="utf-8")
    capsys.readouterr()

    result = run.again("people", 60, skip_window=True)

    assert result["search"]["queries"] == 5 and result["search"]["p95_ms"] >= 0
    assert result["commit"] == "0123456789" and result["read_side"]["commit"]
    assert "measured again on its store with commit" in report._machine_line(result)
    with pytest.raises(run.BenchError, match="no kept run"):
        run.again("news", 60, skip_window=True)
