"""One dump file to items: decode, normalise, segment, then date every item."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection
from datetime import date
from itertools import pairwise

from reader.ingest import dates
from reader.ingest.decode import decode, decode_as
from reader.ingest.normalize import Line, lines
from reader.ingest.segment import Draft, segment
from reader.model import DateMethod, ParsedDump, ParsedItem


def parse_dump(
    data: bytes,
    name: str = "",
    *,
    boilerplate: Collection[str] = (),
    keep: Collection[str] = (),
    encoding: str | None = None,
    year: int | None = None,
) -> ParsedDump:
    """Parse a dump's bytes; raise RefusedFile when they are not text.

    ``boilerplate`` holds lines (in ``chrome.key`` form) a user confirmed as chrome of this source,
    ``keep`` lines the user keeps as content whatever a rule says. ``encoding`` forces how the bytes
    are read, where a user knows better than the detection. ``year`` is given to dates without one
    when the page itself has no year to lend them.
    """
    decoded = decode(data) if encoding is None else decode_as(data, encoding)
    return parse_text(decoded.text, encoding=decoded.encoding, boilerplate=boilerplate, keep=keep, year=year)


def parse_text(
    text: str,
    *,
    encoding: str = "utf-8",
    boilerplate: Collection[str] = (),
    keep: Collection[str] = (),
    year: int | None = None,
) -> ParsedDump:
    """Parse decoded text; the result keeps ``text``, so the page can be shown and parsed again."""
    all_lines = lines(text)
    seg = segment(all_lines, boilerplate, keep)
    # Line numbers grow with the index, so an item's lines are one slice found by bisection.
    numbers = [line.number for line in all_lines]
    items = _dated([_item(draft, all_lines, numbers) for draft in seg.drafts], seg.drafts, year)
    return ParsedDump(encoding, tuple(items), tuple(seg.chrome), seg.short_lines, text)


def _item(draft: Draft, all_lines: list[Line], numbers: list[int]) -> ParsedItem:
    start = bisect_left(numbers, draft.first_line)
    end = bisect_right(numbers, draft.last_line)
    raw = "\n".join(line.text for line in all_lines[start:end])
    return ParsedItem(
        title=draft.title,
        paragraphs=tuple(draft.paragraphs),
        date=None,
        date_method=None,
        place=draft.place,
        first_line=draft.first_line,
        last_line=draft.last_line,
        raw=raw,
    )


def _dated(items: list[ParsedItem], drafts: list[Draft], fallback: int | None = None) -> list[ParsedItem]:
    """Date each item: its date line, else its dateline, else the first full date of its text that
    is not background.

    A date without a year takes its year from the nearest dated items of the page, the year that
    keeps the page in order; on a page with no full date, ``fallback`` when one is given, else the
    item stays undated.
    """
    strong = [d.line_date or d.dateline_date for d in drafts]
    years = [m.year for m in strong if m is not None and m.year is not None]
    # A date in a text years before every date line of the page is history, not the news's day.
    floor = min(years) - 1 if years else None
    found = [_own_date(draft, item, floor) for draft, item in zip(drafts, items, strict=True)]
    full = [m.as_date() if m is not None and m.full else None for m, _ in found]
    newest_first = _newest_first([d for d in full if d is not None])
    out = []
    for i, (item, (match, method)) in enumerate(zip(items, found, strict=True)):
        day: date | None = None
        if match is not None:
            if match.full:
                day = full[i]
            elif (year := _inferred_year(match, full, i, newest_first) or fallback) is not None:
                day, method = match.as_date(year), DateMethod.INFERRED
        out.append(_with_date(item, day, method if day else None))
    return out


def _inferred_year(
    match: dates.DateMatch, full: list[date | None], i: int, newest_first: bool | None
) -> int | None:
    above = next(((i - j, d) for j in range(i - 1, -1, -1) if (d := full[j]) is not None), None)
    below = next(((j - i, d) for j in range(i + 1, len(full)) if (d := full[j]) is not None), None)
    neighbours = [n for n in (above, below) if n is not None]
    if not neighbours:
        return None
    nearest = min(neighbours, key=lambda n: n[0])[1]
    if newest_first is None:
        return nearest.year  # no order to keep: the nearest neighbour's year
    return dates.infer_year(
        match,
        above[1] if above else None,
        below[1] if below else None,
        newest_first=newest_first,
        nearest=nearest,
    )


def _newest_first(days: list[date]) -> bool | None:
    """Whether a page lists its items newest first; None when its dates do not tell (fewer than
    two steps, or no clear majority of them one way)."""
    falling = sum(a > b for a, b in pairwise(days))
    rising = sum(a < b for a, b in pairwise(days))
    if falling + rising < 2 or falling == rising:
        return None
    if falling >= 2 * rising:
        return True
    return False if rising >= 2 * falling else None


def _own_date(
    draft: Draft, item: ParsedItem, floor: int | None
) -> tuple[dates.DateMatch | None, DateMethod | None]:
    if draft.line_date is not None:
        return draft.line_date, DateMethod.LINE
    if draft.dateline_date is not None:
        return draft.dateline_date, DateMethod.DATELINE
    text = "\n".join(filter(None, [item.title, item.body]))
    found = [m for m in dates.find_dates(text) if not dates.is_background(text, m)]
    for match in found:
        if match.full and match.as_date() and (floor is None or (match.year or 0) >= floor):
            return match, DateMethod.TEXT
    partial = [m for m in found if not m.full]
    return (partial[0], DateMethod.INFERRED) if partial else (None, None)


def _with_date(item: ParsedItem, day: date | None, method: DateMethod | None) -> ParsedItem:
    return ParsedItem(
        item.title, item.paragraphs, day, method, item.place, item.first_line, item.last_line, item.raw
    )
