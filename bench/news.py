"""Write a folder of news-like dumps with a known number of unique items and known pairs.

Two sources, each the news of one organisation (one in English, one in Russian), written from
formulaic sentences (``newstexts``), so thousands of items share their openings and sentences. Each
source has pages of full articles and list pages of teasers; both are re-dumped now and then, as in
``generate``. Besides the repeats, the pages hold the pairs deduplication must decide:

- must merge: a teaser of an article (its first paragraph), a teaser cut short with "…", an article
  a dump split in two, and edited versions of an article (a word changed, a sentence added);
- must not merge: look-alikes, a second article written from the same templates and slots but one
  name, one number or the date of the event.

A story is told from every other by its names and numbers, which ``newstexts.signature`` reads; the
signature of each unique item is written to ``signatures.txt``, one a line, in item order.

    python -m bench.news --items 10000 --seed 1 --out DIR
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

from bench.generate import DUMPS, MANIFEST, REDUMP_SHARE, Summary, page_layout, render_page
from bench.newstexts import VOCABULARIES, Plan, Slots, guest_name, item_signature, plan, slots, write
from bench.queries import QueryMaker
from bench.texts import Item

SIGNATURES = "signatures.txt"
# Stories that are short news, shown on list pages only.
SHORT_SHARE = 0.3
# What becomes of a full article besides its own page, by share of the articles.
PAIRS = {
    "teaser": 0.3,
    "cut teaser": 0.15,
    "split": 0.08,
    "word changed": 0.06,
    "sentence added": 0.06,
    "other name": 0.04,
    "other number": 0.04,
    "other date": 0.04,
}
_DAYS = 7000
_SOURCES = (("org-en", "en", 0.55), ("org-ru", "ru", 0.45))


@dataclass
class _Pages:
    """One kind of page of one source: items waiting for the next page, newest last."""

    kind: str
    lang: str
    size: int = 0  # bytes wanted on the page being filled
    waiting: list[Item] = field(default_factory=list)
    filled: int = 0  # bytes of the waiting items
    later: list[Item] = field(default_factory=list)  # for the page after this one
    previous: list[Item] = field(default_factory=list)


@dataclass
class _Desk:
    """One source: its article and list pages, and the day it has reached."""

    source: str
    lang: str
    weight: float
    day: date
    per_day: int
    articles: _Pages
    lists: _Pages
    produced: int = 0


@dataclass
class _Writer:
    out: Path
    rng: random.Random
    page_kb: tuple[int, int]
    signatures: TextIO
    queries: QueryMaker
    files: int = 0
    occurrences: int = 0
    dump_bytes: int = 0
    unique_text_bytes: int = 0
    next_uid: int = 0
    by_source: Counter[str] = field(default_factory=Counter)
    pairs: Counter[str] = field(default_factory=Counter)

    def unique(self, desk: _Desk, item: Item) -> Item:
        """Count ``item`` as a unique item of ``desk``."""
        self.signatures.write(item_signature(item) + "\n")
        self.unique_text_bytes += item.text_size
        self.by_source[desk.source] += 1
        desk.produced += 1
        return item

    def add(self, desk: _Desk, pages: _Pages, item: Item) -> None:
        pages.waiting.append(item)
        pages.filled += item.text_size + 16
        if pages.filled >= pages.size:
            self.flush(desk, pages)

    def flush(self, desk: _Desk, pages: _Pages) -> None:
        """Write the page of ``pages`` (newest first, then maybe a run of the previous page)."""
        rng = self.rng
        page = pages.waiting[::-1]
        if pages.previous and rng.random() < REDUMP_SHARE:
            count = rng.randint(max(1, len(pages.previous) // 5), max(1, len(pages.previous) * 3 // 5))
            page += pages.previous[:count]
        pages.waiting, pages.later = pages.later, []
        pages.filled = sum(i.text_size + 16 for i in pages.waiting)
        pages.size = rng.randint(*self.page_kb) * 1000
        if not page:
            return
        pages.previous = page
        layout = page_layout(rng, pages.kind, pages.lang)
        if layout.encoding == "cp1251":
            # This corpus measures deduplication: the decoder still reads some Windows-1251 pages
            # of these texts as Mac Cyrillic (the first corpus covers the code pages).
            layout = replace(layout, encoding="utf-8")
        data = render_page(page, layout, pages.lang)
        self.files += 1
        self.occurrences += len(page)
        self.dump_bytes += len(data)
        folder = self.out / DUMPS / desk.source
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{self.files:05d}-{pages.kind}-{pages.lang}-{page[0].day:%Y-%m-%d}.txt").write_bytes(data)
        self.queries.note(page)


def _desks(items: int, rng: random.Random, page_kb: tuple[int, int]) -> list[_Desk]:
    start = date(2006, 1, 2)
    return [
        _Desk(
            source,
            lang,
            weight,
            start,
            max(1, round(weight * items / _DAYS)),
            _Pages("articles", lang, rng.randint(*page_kb) * 1000),
            _Pages("list", lang, rng.randint(*page_kb) * 1000),
        )
        for source, lang, weight in _SOURCES
    ]


def _story(w: _Writer, desk: _Desk, budget: int) -> None:
    """One story of ``desk``: a short item, or an article with what becomes of it."""
    rng = w.rng
    if rng.random() < 1 / desk.per_day:
        desk.day += timedelta(days=1)
    uid, lang, day = w.next_uid, desk.lang, desk.day
    w.next_uid += 1
    s = slots(rng, uid, lang, day - timedelta(days=rng.randint(0, 1)))
    if rng.random() < SHORT_SHARE:
        w.add(desk, desk.lists, w.unique(desk, write(plan(rng, lang, 1), s, uid, lang, day)))
        return
    p = plan(rng, lang, rng.randint(3, 6))
    article = w.unique(desk, write(p, s, uid, lang, day))
    w.add(desk, desk.articles, article)
    kind = rng.choices([*PAIRS, "none"], [*PAIRS.values(), 1 - sum(PAIRS.values())])[0]
    if kind.startswith("other ") and budget < 2:
        kind = "none"
    if kind == "none":
        return
    w.pairs[kind] += 1
    if kind in ("teaser", "cut teaser"):
        first = article.paragraphs[0]
        w.add(
            desk,
            desk.lists,
            replace(article, title=None, paragraphs=(_cut(rng, first) if kind == "cut teaser" else first,)),
        )
    elif kind == "split":
        k = rng.randint(1, len(article.paragraphs) - 1)
        desk.articles.later += [
            replace(article, paragraphs=article.paragraphs[:k]),
            replace(article, title=None, paragraphs=article.paragraphs[k:]),
        ]
    elif kind in ("word changed", "sentence added"):
        desk.articles.later.append(_edited(rng, article, kind))
    else:
        other = w.next_uid
        w.next_uid += 1
        twin = write(p, _other_slots(rng, p, s, kind, other, article), other, lang, day)
        if item_signature(twin) == item_signature(article):
            # Another date can swap two numbers of the text ("13 May ... 31 May"): the same names
            # and numbers, which the importer rightly takes for one story. Another name differs.
            twin = write(p, replace(s, who=guest_name(other, lang)), other, lang, day)
        w.add(desk, desk.articles, w.unique(desk, twin))


def _cut(rng: random.Random, paragraph: str) -> str:
    """A teaser cut short: some words, maybe part of the next, and an ellipsis."""
    words = paragraph.split()
    keep = rng.randint(8, max(8, min(25, len(words) - 2)))
    head = " ".join(words[:keep])
    part = words[keep][: rng.randint(1, max(1, len(words[keep]) - 1))] if rng.random() < 0.5 else ""
    mark = "…" if rng.random() < 0.8 else "..."
    return f"{head} {part}{mark}" if part else f"{head}{mark}"


def _edited(rng: random.Random, article: Item, kind: str) -> Item:
    """A version of ``article`` with one word changed, or a sentence added inside it."""
    vocab = VOCABULARIES[article.lang]
    paragraphs = list(article.paragraphs)
    middle = range(1, len(paragraphs) - 1)
    if kind == "word changed":
        for n in middle:
            for word, other in vocab.synonyms.items():
                changed = re.sub(rf"\b{word}\b", other, paragraphs[n], count=1)
                if changed != paragraphs[n]:
                    paragraphs[n] = changed
                    return replace(article, paragraphs=tuple(paragraphs))
    n = rng.choice(middle)
    paragraphs[n] = f"{paragraphs[n]} {rng.choice(vocab.added)}"
    return replace(article, paragraphs=tuple(paragraphs))


def _other_slots(rng: random.Random, p: Plan, s: Slots, kind: str, uid: int, article: Item) -> Slots:
    """``s`` with one name, one number or the date of the event changed, so the text changes."""
    if kind == "other name":
        return replace(s, who=guest_name(uid, article.lang))
    if kind == "other date":
        return replace(s, day=s.day + timedelta(days=rng.randint(1, 20)))
    for index in rng.sample(range(5), 5):
        numbers = list(s.numbers)
        numbers[index] = numbers[index] % 900 + 17
        other = replace(s, numbers=tuple(numbers))
        if write(p, other, article.uid, article.lang, article.day) != article:
            return other
    return replace(s, day=s.day + timedelta(days=1))


def generate(out: Path, items: int, seed: int, page_kb: tuple[int, int] = (100, 300)) -> Summary:
    """Write ``out/dumps/<source>/*.txt`` holding exactly ``items`` unique items, ``out/corpus.json``
    and ``out/signatures.txt``."""
    rng = random.Random(seed)
    for stale in (out / DUMPS).glob("*/*.txt"):
        stale.unlink()
    out.mkdir(parents=True, exist_ok=True)
    desks = _desks(items, rng, page_kb)
    with (out / SIGNATURES).open("w", encoding="ascii") as signatures:
        w = _Writer(out, rng, page_kb, signatures, QueryMaker(random.Random(seed + 1)))
        while w.next_uid < items:
            desk = min(desks, key=lambda d: (d.produced + 1) / d.weight * rng.uniform(0.9, 1.1))
            _story(w, desk, items - w.next_uid)
        for desk in desks:
            for pages in (desk.articles, desk.lists):
                pages.waiting += pages.later
                pages.later = []
                w.flush(desk, pages)
    summary = Summary(
        seed=seed,
        items=w.next_uid,
        sources=dict(sorted(w.by_source.items())),
        files=w.files,
        occurrences=w.occurrences,
        dump_bytes=w.dump_bytes,
        unique_text_bytes=w.unique_text_bytes,
        queries=w.queries.make(),
        corpus="news",
        pairs=dict(sorted(w.pairs.items())),
    )
    (out / MANIFEST).write_text(json.dumps(asdict(summary), ensure_ascii=False, indent=1), encoding="utf-8")
    return summary


def signatures(out: Path) -> dict[str, int]:
    """The unique item each signature of ``out/signatures.txt`` belongs to."""
    with (out / SIGNATURES).open(encoding="ascii") as lines:
        return {line.strip(): uid for uid, line in enumerate(lines)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000, help="unique items to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="folder to write dumps/ and corpus.json into")
    args = parser.parse_args(argv)
    summary = generate(args.out, args.items, args.seed)
    print(
        f"{summary.items} unique items in {summary.files} files ({summary.dump_bytes / 1e6:.1f} MB); pairs {summary.pairs}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
