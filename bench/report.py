"""Figures as a markdown table, one column per corpus size, each with its target where the issue set
one, and the rewrite of that table between markers in a README."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
Result = dict[str, Any]


@dataclass(frozen=True)
class Figure:
    label: str
    value: Callable[[Result], float | str | None]
    fmt: str
    target: str = ""
    met: Callable[[Result], bool | None] = lambda _r: None


def _get(result: Result, *path: str) -> Any:
    for key in path:
        if not isinstance(result, dict) or key not in result:
            return None
        result = result[key]
    return result


def _window(result: Result, *path: str) -> Any:
    return _get(result, "window", *path) if _get(result, "window", "measured") else None


def _whole_search(r: Result) -> str | None:
    """Until the whole id list is built (in the window's worker, after the first screen shows)."""
    p50, p95 = _get(r, "search", "whole_p50_ms"), _get(r, "search", "whole_p95_ms")
    return None if p50 is None else f"{p50:.1f} / {p95:.1f}"


def _import_s(r: Result) -> float:
    return r["import"]["s"]


def _ratio(r: Result) -> float:
    return _import_s(r) / r["floor"]["seconds"]


def _big(r: Result) -> bool:
    return r["corpus"]["items"] >= 100_000


def _full(r: Result) -> bool:
    return r["corpus"]["items"] >= 1_000_000


def _below(value: float | None, limit: float, applies: bool = True) -> bool | None:
    return None if value is None or not applies else value < limit


FIGURES = [
    Figure(
        "Unique items found / generated",
        lambda r: f"{r['count']['exported']:,} / {r['corpus']['items']:,}",
        "{}",
        "equal",
        lambda r: r["count"]["ok"],
    ),
    Figure("Dump text (MB)", lambda r: r["corpus"]["dump_bytes"] / 1e6, "{:.1f}"),
    Figure("Floor import (s)", lambda r: r["floor"]["seconds"], "{:.2f}"),
    Figure("Import (s)", _import_s, "{:.1f}"),
    Figure(
        "Import ÷ floor",
        _ratio,
        "{:.1f}×",
        "≤ 2× at 100k, 1M",
        lambda r: _below(_ratio(r), 2.0001, _big(r)),
    ),
    Figure("Import (MB/s)", lambda r: r["corpus"]["dump_bytes"] / 1e6 / _import_s(r), "{:.2f}"),
    Figure("Import (items/s)", lambda r: r["corpus"]["items"] / _import_s(r), "{:,.0f}"),
    Figure(
        "Import peak memory (MB)",
        lambda r: r["import"]["peak_rss_mb"],
        "{:.0f}",
        "< 500 at 1M",
        lambda r: _below(r["import"]["peak_rss_mb"], 500, _full(r)),
    ),
    Figure("Re-import (s)", lambda r: r["reimport"]["s"], "{:.2f}"),
    Figure(
        "First import ÷ re-import",
        lambda r: _import_s(r) / r["reimport"]["s"],
        "{:.0f}×",
        "≥ 10×",
        lambda r: _import_s(r) / r["reimport"]["s"] >= 10,
    ),
    Figure("Export (s)", lambda r: r["export"]["s"], "{:.1f}"),
    Figure("Search, first screen of results p50 (ms)", lambda r: r["search"]["p50_ms"], "{:.1f}"),
    Figure(
        "Search, first screen of results p95 (ms)",
        lambda r: r["search"]["p95_ms"],
        "{:.1f}",
        "< 100 at 1M",
        lambda r: _below(r["search"]["p95_ms"], 100, _full(r)),
    ),
    Figure(
        "Search, whole list p50 / p95 (ms)",
        lambda r: _whole_search(r),
        "{}",
        "p95 < 300 at 1M",
        lambda r: _below(r["search"].get("whole_p95_ms"), 300, _full(r)),
    ),
    Figure(
        "Window cold start to first rows (s)",
        lambda r: _window(r, "cold_start_s"),
        "{:.2f}",
        "< 1.5 at 1M",
        lambda r: _below(_window(r, "cold_start_s"), 1.5, _full(r)),
    ),
    Figure(
        "Window settled: tree, list and timeline read (s)",
        lambda r: _window(r, "settled_s"),
        "{:.2f}",
        "< 1.5 at 1M",
        lambda r: _below(_window(r, "settled_s"), 1.5, _full(r)),
    ),
    Figure(
        "Node with half the items: first rows (ms)",
        lambda r: _ms(_window(r, "half_node", "first_rows_s")),
        "{:.0f}",
        "< 150 at 1M",
        lambda r: _below(_ms(_window(r, "half_node", "first_rows_s")), 150, _full(r)),
    ),
    Figure("Scroll to the end (ms)", lambda r: _ms(_window(r, "scroll_to_end", "s")), "{:.0f}"),
    Figure(
        "Row queries while scrolling to the end",
        lambda r: _window(r, "scroll_to_end", "row_queries"),
        "{}",
        "not every row",
    ),
    Figure(
        "Memory with the window open (MB)",
        lambda r: _window(r, "rss_window_open_mb"),
        "{:.0f}",
        "< 400 at 1M",
        lambda r: _below(_window(r, "rss_window_open_mb"), 400, _full(r)),
    ),
    Figure(
        "Store ÷ unique text",
        lambda r: r["store_bytes"] / r["corpus"]["unique_text_bytes"],
        "{:.2f}×",
        "< 2× at 1M",
        lambda r: _below(r["store_bytes"] / r["corpus"]["unique_text_bytes"], 2, _full(r)),
    ),
]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def _cell(figure: Figure, result: Result) -> str:
    value = figure.value(result)
    if value is None:
        return "not measured"
    text = figure.fmt.format(value)
    met = figure.met(result)
    return text if met is None else f"{text} {'✓' if met else '✗'}"


CORPUS_TITLES = {
    "people": "People corpus (every sentence names a person of its own)",
    "news": "News corpus (shared openings and sentences, known pairs)",
}
EXPONENT_LIMIT = 1.1


def corpus_of(r: Result) -> str:
    return str(r["corpus"].get("corpus", "people"))


def table(results: list[Result]) -> str:
    """Markdown: one table per corpus, one row per figure, one column per corpus size, then the
    target; the growth exponent of import time from the smallest size to each larger one."""
    by_corpus: dict[str, list[Result]] = {}
    for r in sorted(results, key=lambda r: r["corpus"]["items"]):
        by_corpus.setdefault(corpus_of(r), []).append(r)
    parts = []
    for kind, group in sorted(by_corpus.items(), key=lambda kv: list(CORPUS_TITLES).index(kv[0])):
        parts.append(f"**{CORPUS_TITLES[kind]}**\n\n{_table(group)}")
    return "\n\n".join(parts)


def _table(results: list[Result]) -> str:
    head = ["Figure", *(f"{r['corpus']['items']:,} items" for r in results), "Target"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for figure in FIGURES:
        cells = [figure.label, *(_cell(figure, r) for r in results), figure.target]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("| " + " | ".join(["Import time growth exponent", *_exponents(results), "≤ 1.1"]) + " |")
    lines.append("")
    lines.extend(_machine_line(r) for r in results)
    notes = [n for r in results for n in _notes(r)]
    return "\n".join(lines + (["", *notes] if notes else []))


def exponent(small: Result, large: Result) -> float:
    """k in time ∝ itemsᵏ between two runs: 1 is linear, 2 quadratic."""
    items = large["corpus"]["items"] / small["corpus"]["items"]
    return math.log(_import_s(large) / _import_s(small)) / math.log(items)


def _exponents(results: list[Result]) -> list[str]:
    """From the smallest run of the same commit to each larger one: runs of two commits time two
    importers, and their ratio says nothing about how one of them grows."""
    cells = []
    for r in results:
        smaller = [s for s in results if s["corpus"]["items"] < r["corpus"]["items"]]
        same = [s for s in smaller if s["commit"] == r["commit"]]
        if not smaller:
            cells.append("")
        elif not same:
            cells.append(f"— (no smaller run of commit {r['commit']})")
        else:
            first = same[0]
            k = exponent(first, r)
            cells.append(f"{k:.2f} from {first['corpus']['items']:,} {'✓' if k <= EXPONENT_LIMIT else '✗'}")
    return cells


def _machine_line(r: Result) -> str:
    m = r["machine"]
    return (
        f"{r['corpus']['items']:,} {corpus_of(r)} items: {m['cores']} cores, {m['memory_gb']} GB, {m['cpu']}, {m['system']}, "
        f"Python {m['python']}, SQLite {m['sqlite']}; commit {r['commit']}, {r['when']}"
        + (
            f"; search and window measured again on its store with commit {r['read_side']['commit']}, "
            f"{r['read_side']['when']}."
            if "read_side" in r
            else "."
        )
    )


def _notes(r: Result) -> list[str]:
    out = []
    if not r["count"]["ok"]:
        out.append(f"- {r['corpus']['items']:,} items: {r['count']['verdict']}")
    if not _get(r, "window", "measured"):
        out.append(f"- {r['corpus']['items']:,} items: window not measured: {_get(r, 'window', 'reason')}")
    if r["search"]["errors"]:
        out.append(
            f"- {r['corpus']['items']:,} items: queries refused: {'; '.join(r['search']['errors'][:5])}"
        )
    return out


def summary_line(r: Result) -> str:
    return (
        f"{r['corpus']['items']:,} {corpus_of(r)} items: import {_import_s(r):.1f} s = {_ratio(r):.1f}× the floor "
        f"({r['floor']['seconds']:.2f} s), peak {r['import']['peak_rss_mb']:.0f} MB; {r['count']['verdict']}"
    )


def load_all(folder: Path) -> list[Result]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def rewrite(path: Path, body: str) -> None:
    """Replace what stands between the markers in ``path`` (appending the markers when missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{START}\n{body}\n{END}"
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    text = (
        pattern.sub(lambda _m: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    )
    path.write_text(text, encoding="utf-8")
