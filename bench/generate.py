"""Write a folder of realistic dumps with a known number of unique items.

Four streams of pages (English and Russian list pages, English and Russian article pages) move
forward in time. A page is a re-dump now and then: it shows its new items on top and then repeats a
run of the previous page's items verbatim, as a list saved again a few days later does. Pages vary
the way users' files do: CRLF, Windows-1251 for Russian, a UTF-8 byte-order mark, blank lines lost,
navigation lines at the bottom and at the top.

The list pages in English come from one site and the rest from another, so each source holds
about half the items, as a node of the window's tree must for the benchmark.

    python -m bench.generate --items 10000 --seed 1 --out DIR

writes DIR/dumps/<source>/*.txt and DIR/corpus.json and prints the number of unique items.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

from bench.queries import QueryMaker
from bench.texts import Item, article, teaser

VERSION = 1
DUMPS = "dumps"
MANIFEST = "corpus.json"
REDUMP_SHARE = 0.4
_DAYS = 7000
_NAV = {
    "en": ["Go back", "Back to the section", "Back to the all news"],
    "ru": ["Назад", "Вернуться в раздел", "Вернуться ко всем новостям"],
}
_TOP = {"en": ["Home", "All news"], "ru": ["Главная", "Все новости"]}


@dataclass
class Stream:
    """Pages of one kind and language; ``previous`` is what the last page showed, newest first."""

    source: str
    kind: str  # "list" or "articles"
    lang: str
    weight: float
    day: date
    per_day: int = 1  # items a day, so that any corpus size spans about twenty years
    produced: int = 0
    previous: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Layout:
    crlf: bool
    encoding: str
    blank_lines_lost: bool
    gap_after_date: bool
    gap_after_title: bool
    top_chrome: bool


@dataclass(frozen=True)
class Summary:
    seed: int
    items: int  # unique items written: what the importer must find
    sources: dict[str, int]  # unique items by source
    files: int
    occurrences: int  # items as the dumps show them, repeats included
    dump_bytes: int
    unique_text_bytes: int
    queries: list[str]
    version: int = VERSION
    corpus: str = "people"  # which generator wrote it: this module, or ``news``
    pairs: dict[str, int] = field(default_factory=dict)  # known pairs written, by kind (news only)


@dataclass
class _Counters:
    next_uid: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    occurrences: int = 0
    dump_bytes: int = 0
    unique_text_bytes: int = 0
    files: int = 0


def _streams(items: int) -> list[Stream]:
    start = date(2006, 1, 2)
    streams = [
        Stream("site-a", "list", "en", 0.5, start),
        Stream("site-b", "list", "ru", 0.2, start),
        Stream("site-b", "articles", "en", 0.2, start),
        Stream("site-b", "articles", "ru", 0.1, start),
    ]
    for stream in streams:
        stream.per_day = max(1, round(stream.weight * items / _DAYS))
    return streams


def _next_stream(rng: random.Random, streams: list[Stream]) -> Stream:
    """The stream furthest behind its share of the items, give or take, so shares hold by item
    count although an article page holds fewer items than a list page."""
    return min(streams, key=lambda s: (s.produced + 1) / s.weight * rng.uniform(0.7, 1.3))


def page_layout(rng: random.Random, kind: str, lang: str) -> Layout:
    """How one page of ``kind`` ("list" or "articles") in ``lang`` is laid out."""
    if lang == "ru":
        encoding = "cp1251" if rng.random() < 0.7 else "utf-8"
    else:
        encoding = "utf-8-sig" if rng.random() < 0.1 else "utf-8"
    return Layout(
        crlf=rng.random() < 0.25,
        encoding=encoding,
        blank_lines_lost=kind == "list" and rng.random() < 0.2,
        gap_after_date=rng.random() < 0.7,
        gap_after_title=rng.random() < 0.5,
        top_chrome=rng.random() < 0.3,
    )


def _render_item(item: Item, layout: Layout) -> str:
    day = f"{item.day:%d.%m.%Y}"
    if layout.blank_lines_lost:
        return f"{day}\n{item.paragraphs[0]}\n"
    body = "\n\n".join(item.paragraphs)
    date_gap = "\n" if layout.gap_after_date else ""
    if item.title is None:
        return f"{day}\n{date_gap}{body}\n\n\n"
    title_gap = "\n" if layout.gap_after_title else ""
    return f"{item.title}\n{title_gap}{day}\n\n{body}\n\n\n"


def render_page(items: list[Item], layout: Layout, lang: str) -> bytes:
    """The bytes of one dump file showing ``items`` in ``layout``."""
    sep = "\n" if layout.blank_lines_lost else "\n\n"
    parts = (
        [sep.join(_TOP[lang]) + sep + ("" if layout.blank_lines_lost else "\n")] if layout.top_chrome else []
    )
    parts.extend(_render_item(item, layout) for item in items)
    parts.append(sep.join(_NAV[lang]) + "\n")
    text = "".join(parts)
    if layout.crlf:
        text = text.replace("\n", "\r\n")
    return text.encode(layout.encoding)


def _new_items(
    rng: random.Random, stream: Stream, budget: int, page_bytes: int, counters: _Counters
) -> list[Item]:
    """Fresh items for one page, oldest first, until the page is full or the budget is spent."""
    make: Callable[..., Item] = teaser if stream.kind == "list" else article
    out: list[Item] = []
    size = 0
    while size < page_bytes and len(out) < budget:
        if rng.random() < 1 / stream.per_day:
            stream.day += timedelta(days=1)
        item = make(rng, counters.next_uid, stream.lang, stream.day)
        counters.next_uid += 1
        counters.unique_text_bytes += item.text_size
        size += item.text_size + 16
        out.append(item)
    return out


def _page(
    rng: random.Random, stream: Stream, budget: int, page_kb: tuple[int, int], counters: _Counters
) -> list[Item]:
    """The items of the next page of ``stream``, newest first, repeats of the previous page last."""
    page_bytes = rng.randint(*page_kb) * 1000
    repeated: list[Item] = []
    if stream.previous and rng.random() < REDUMP_SHARE:
        count = rng.randint(max(1, len(stream.previous) // 5), max(1, len(stream.previous) * 3 // 5))
        repeated = stream.previous[:count]
        page_bytes -= sum(item.text_size for item in repeated)
    fresh = _new_items(rng, stream, budget, max(page_bytes, 1000), counters)
    counters.by_source[stream.source] = counters.by_source.get(stream.source, 0) + len(fresh)
    stream.produced += len(fresh)
    page = fresh[::-1] + repeated
    stream.previous = page
    return page


def generate(out: Path, items: int, seed: int, page_kb: tuple[int, int] = (100, 300)) -> Summary:
    """Write ``out/dumps/*.txt`` holding exactly ``items`` unique items, and ``out/corpus.json``."""
    rng = random.Random(seed)
    folder = out / DUMPS
    for stale in folder.glob("*/*.txt"):
        stale.unlink()
    streams = _streams(items)
    counters = _Counters()
    queries = QueryMaker(random.Random(seed + 1))
    while counters.next_uid < items:
        stream = _next_stream(rng, streams)
        page = _page(rng, stream, items - counters.next_uid, page_kb, counters)
        data = render_page(page, page_layout(rng, stream.kind, stream.lang), stream.lang)
        counters.files += 1
        counters.occurrences += len(page)
        counters.dump_bytes += len(data)
        name_ = f"{counters.files:05d}-{stream.kind}-{stream.lang}-{page[0].day:%Y-%m-%d}.txt"
        (folder / stream.source).mkdir(parents=True, exist_ok=True)
        (folder / stream.source / name_).write_bytes(data)
        queries.note(page)
    summary = Summary(
        seed=seed,
        items=counters.next_uid,
        sources=dict(sorted(counters.by_source.items())),
        files=counters.files,
        occurrences=counters.occurrences,
        dump_bytes=counters.dump_bytes,
        unique_text_bytes=counters.unique_text_bytes,
        queries=queries.make(),
    )
    (out / MANIFEST).write_text(json.dumps(asdict(summary), ensure_ascii=False, indent=1), encoding="utf-8")
    return summary


def load(out: Path) -> Summary | None:
    """The summary of a corpus generated earlier in ``out``, or None when there is none of this version."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Summary(**data) if data.get("version") == VERSION else None


def source_folders(out: Path) -> dict[str, Path]:
    """The folder of dumps of each source, by source name."""
    return {path.name: path for path in sorted((out / DUMPS).iterdir()) if path.is_dir()}


def _parse_range(text: str) -> tuple[int, int]:
    low, _, high = text.partition("-")
    return int(low), int(high or low)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000, help="unique items to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="folder to write dumps/ and corpus.json into")
    parser.add_argument(
        "--page-kb", type=_parse_range, default=(100, 300), help="page size range, e.g. 100-300"
    )
    parser.add_argument("--json", action="store_true", help="print the whole summary as JSON")
    args = parser.parse_args(argv)
    summary = generate(args.out, args.items, args.seed, args.page_kb)
    if args.json:
        print(json.dumps(asdict(summary), ensure_ascii=False))
    else:
        print(f"{summary.items} unique items in {summary.files} files ({summary.dump_bytes / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
