"""The benchmark: generate (or reuse) a corpus, time the floor, the project's import, re-import,
export and search, measure the window in a real process, check the count, write the figures.

    python -m bench                      # 10,000 items, under a minute
    python -m bench --items 1000000      # the full run
    python -m bench --corpus news        # the news corpus: shared openings and sentences, known pairs
    python -m bench --items 100000 --readme README.md

Figures go to bench/results/<items>.json; ``--readme`` rewrites the table between the markers
``<!-- bench:start -->`` and ``<!-- bench:end -->`` from every result file present.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench import news, report
from bench.check import by_signature, check
from bench.generate import Summary, generate, load, source_folders
from bench.measure import ROOT, Measured, python, run

BENCH = Path(__file__).resolve().parent
WORK = BENCH / "work"
RESULTS = BENCH / "results"


class BenchError(Exception):
    """A step failed; the message says which and why."""


CORPORA = {"people": generate, "news": news.generate}


def corpus(kind: str, items: int, seed: int, keep: Path | None) -> tuple[Path, Summary]:
    """The corpus of ``kind`` for ``items`` and ``seed``: reused from ``keep`` or bench/work when
    already there."""
    folder = keep or WORK / f"corpus-{'' if kind == 'people' else kind + '-'}s{seed}-n{items}"
    summary = load(folder)
    if summary is None or (summary.items, summary.seed, summary.corpus) != (items, seed, kind):
        started = time.perf_counter()
        summary = CORPORA[kind](folder, items, seed)
        print(
            f"generated {summary.items} unique items in {summary.files} files "
            f"({summary.dump_bytes / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s"
        )
    else:
        print(f"reusing {folder}: {summary.items} unique items in {summary.files} files")
    return folder, summary


def _checked(step: str, measured: Measured) -> Measured:
    if not measured.ok:
        raise BenchError(f"{step} failed, {measured.failure()}")
    return measured


def floor(dumps: Path, work: Path) -> dict[str, Any]:
    measured = _checked(
        "the floor", run([python(), "-m", "bench.floor", "--db", str(work / "floor.db"), str(dumps)])
    )
    figures = json.loads(measured.stdout)
    (work / "floor.db").unlink(missing_ok=True)
    return {**figures, "wall_s": measured.seconds, "peak_rss_mb": measured.peak_rss_mb}


def import_all(db: Path, folders: dict[str, Path], step: str) -> dict[str, Any]:
    """Import every source's folder, one command each, as a user would."""
    seconds, peak = 0.0, 0.0
    for source, folder in folders.items():
        measured = _checked(
            f"{step} of {source}",
            run([python(), "-m", "reader", "import", "--db", str(db), "--source", source, str(folder)]),
        )
        seconds += measured.seconds
        peak = max(peak, measured.peak_rss_mb)
    return {"s": seconds, "peak_rss_mb": peak}


def export(db: Path, work: Path, folder: Path, summary: Summary) -> dict[str, Any]:
    out = work / "export.jsonl"
    measured = _checked(
        "export",
        run([python(), "-m", "reader", "export", "items", "--db", str(db), "--format", "jsonl"], stdout=out),
    )
    with out.open(encoding="utf-8") as lines:
        if summary.corpus == "news":
            result = check(lines, summary.items, by_signature(news.signatures(folder)))
        else:
            result = check(lines, summary.items)
    out.unlink()
    return {"s": measured.seconds, "peak_rss_mb": measured.peak_rss_mb, "check": result}


def search(db: Path, work: Path, queries: list[str]) -> dict[str, Any]:
    path = work / "queries.json"
    path.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    measured = _checked("search", run([python(), "-m", "bench.search_probe", "--db", str(db), str(path)]))
    data = json.loads(measured.stdout)
    return search_figures(data)


def _quantiles(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    return (
        1000 * statistics.median(ordered),
        1000 * ordered[max(0, round(0.95 * len(ordered)) - 1)],
        1000 * ordered[-1],
    )


def search_figures(data: dict[str, Any]) -> dict[str, Any]:
    """p50/p95 until the first screen of results (what the window shows) and until the whole list."""
    p50, p95, top = _quantiles(data.get("first", data["seconds"]))
    whole50, whole95, _ = _quantiles(data["seconds"])
    return {
        "method": data["method"],
        "queries": len(data["seconds"]),
        "p50_ms": p50,
        "p95_ms": p95,
        "max_ms": top,
        "whole_p50_ms": whole50,
        "whole_p95_ms": whole95,
        "median_hits": statistics.median(data["hits"]),
        "errors": data["errors"],
    }


# The window is started this many times; its figures are those of the launch with the median
# settled time, so one launch slowed by the machine (or by caches a long import emptied) is not
# the figure.
WINDOW_LAUNCHES = 3


def window(db: Path) -> dict[str, Any]:
    # An installed copy runs from byte code compiled at install (pip, the PyInstaller bundle); a
    # machine that sets PYTHONDONTWRITEBYTECODE would otherwise time the compiler on every start.
    compileall.compile_dir(ROOT / "reader", quiet=1)
    launches = []
    for _ in range(WINDOW_LAUNCHES):
        started = time.time()
        measured = run(
            [python(), "-m", "bench.gui_probe", "--db", str(db), "--t0", repr(started)],
            env={"QT_QPA_PLATFORM": "offscreen"},
        )
        if not measured.ok:
            return {"measured": False, "reason": measured.failure()}
        figures = json.loads(measured.stdout.strip().splitlines()[-1])
        if not figures.get("measured"):
            return figures
        launches.append({**figures, "peak_rss_mb": measured.peak_rss_mb})
    launches.sort(key=lambda figures: figures["settled_s"])
    median = launches[len(launches) // 2]
    return {**median, "settled_all_s": [figures["settled_s"] for figures in launches]}


def machine() -> dict[str, Any]:
    import psutil

    return {
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "system": f"{platform.system()} {platform.release()}",
    }


def store_bytes(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def bench(kind: str, items: int, seed: int, keep: Path | None, skip_window: bool) -> dict[str, Any]:
    folder, summary = corpus(kind, items, seed, keep)
    work = WORK / f"run-{kind}-n{items}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db = work / "store.db"
    folders = source_folders(folder)
    corpus_figures = {k: v for k, v in asdict(summary).items() if k != "queries"}
    steps: dict[str, Any] = {"machine": machine(), "corpus": corpus_figures}
    print("floor ...", flush=True)
    steps["floor"] = floor(folder / "dumps", work)
    print("import ...", flush=True)
    steps["import"] = import_all(db, folders, "import")
    steps["store_bytes"] = store_bytes(db)
    print("re-import ...", flush=True)
    steps["reimport"] = import_all(db, folders, "re-import")
    print("export ...", flush=True)
    exported = export(db, work, folder, summary)
    counted = exported.pop("check")
    steps["count"] = {**asdict(counted), "ok": counted.ok, "verdict": counted.describe()}
    steps["export"] = exported
    print(counted.describe(), flush=True)
    print("search ...", flush=True)
    steps["search"] = search(db, work, summary.queries)
    print("window ...", flush=True)
    steps["window"] = {"measured": False, "reason": "skipped (--no-window)"} if skip_window else window(db)
    steps["when"] = time.strftime("%Y-%m-%d %H:%M")
    steps["commit"] = _commit()
    return steps


def again(kind: str, items: int, skip_window: bool) -> dict[str, Any]:
    """Search and the window measured again on the store the last run of this corpus and size kept,
    with the code as it is now; the run's other figures stay, and the result names both commits."""
    path = RESULTS / _result_name(kind, items)
    work = WORK / f"run-{kind}-n{items}"
    db = work / "store.db"
    if not path.exists() or not db.exists():
        raise BenchError(f"no kept run of {items:,} {kind} items to measure again ({path}, {db})")
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    queries = json.loads((work / "queries.json").read_text(encoding="utf-8"))
    print("search ...", flush=True)
    result["search"] = search(db, work, queries)
    print("window ...", flush=True)
    result["window"] = {"measured": False, "reason": "skipped (--no-window)"} if skip_window else window(db)
    result["read_side"] = {"commit": _commit(), "when": time.strftime("%Y-%m-%d %H:%M")}
    return result


def _result_name(kind: str, items: int) -> str:
    return f"{items}.json" if kind == "people" else f"{kind}-{items}.json"


def _commit() -> str:
    # ``git`` itself, since in a worktree .git is a file naming the repository, not a folder.
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short=10", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="people", help="which generator")
    parser.add_argument("--keep", type=Path, help="generate the corpus into (or reuse it from) this folder")
    parser.add_argument("--no-window", action="store_true", help="skip the window's figures")
    parser.add_argument(
        "--again",
        action="store_true",
        help="measure search and the window again on the store the last run kept",
    )
    parser.add_argument(
        "--readme", type=Path, nargs="?", const=BENCH / "README.md", help="file whose table to rewrite"
    )
    args = parser.parse_args(argv)
    try:
        if args.again:
            result = again(args.corpus, args.items, args.no_window)
        else:
            result = bench(args.corpus, args.items, args.seed, args.keep, args.no_window)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / _result_name(args.corpus, args.items)).write_text(
        json.dumps(result, indent=1, ensure_ascii=False) + "\n"
    )
    print(report.summary_line(result))
    print(report.table([result]))
    if args.readme:
        report.rewrite(args.readme, report.table(report.load_all(RESULTS)))
        print(f"rewrote the figures in {args.readme}")
    return 0 if result["count"]["ok"] else 1
