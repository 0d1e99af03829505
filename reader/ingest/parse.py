"""One dump file to items: decode, normalise, segment, then date every item."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection
from datetime import date

from reader.ingest import dates
from reader.ingest.decode import decode, decode_as
from reader.ingest.normalize import Line, lines
from reader.ingest.segment import Draft, segment
from reader.model import DateMethod, ParsedDump, ParsedItem


def parse_dump(
    data: bytes, name: str = "", *, boilerplate: Collection[str] = (), encoding: str | None = None
) -> ParsedDump:
    """Parse a dump's bytes; raise RefusedFile when they are not text.

    ``boilerplate`` holds lines (in ``chrome.key`` form) a user confirmed as chrome of this source.
    ``encoding`` forces how the bytes are read, where a user knows better than the detection.
    """
    decoded = decode(data) if encoding is None else decode_as(data, encoding)
    return parse_text(decoded.text, encoding=decoded.encoding, boilerplate=boilerplate)


def parse_text(text: str, *, encoding: str = "utf-8", boilerplate: Collection[str] = ()) -> ParsedDump:
    all_lines = lines(text)
    seg = segment(all_lines, boilerplate)
    # Line numbers grow with the index, so an item's lines are one slice found by bisection.
    numbers = [line.number for line in all_lines]
    items = _dated([_item(draft, all_lines, numbers) for draft in seg.drafts], seg.drafts)
    return ParsedDump(encoding, tuple(items), tuple(seg.chrome), seg.short_lines)


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


def _dated(items: list[ParsedItem], drafts: list[Draft]) -> list[ParsedItem]:
    """Date each item: its date line, else its dateline, else the first full date of its text.

    A date without a year takes the year of the nearest item whose date has one.
    """
    found = [_own_date(draft, item) for draft, item in zip(drafts, items, strict=True)]
    years = [(i, m.year) for i, (m, _) in enumerate(found) if m is not None and m.year is not None]
    out = []
    for i, (item, (match, method)) in enumerate(zip(items, found, strict=True)):
        day: date | None = None
        if match is not None:
            if match.full:
                day = match.as_date()
            elif years:
                year = min(years, key=lambda pair: (abs(pair[0] - i), pair[0]))[1]
                day, method = match.as_date(year), DateMethod.INFERRED
        out.append(_with_date(item, day, method if day else None))
    return out


def _own_date(draft: Draft, item: ParsedItem) -> tuple[dates.DateMatch | None, DateMethod | None]:
    if draft.line_date is not None:
        return draft.line_date, DateMethod.LINE
    if draft.dateline_date is not None:
        return draft.dateline_date, DateMethod.DATELINE
    text = "\n".join(filter(None, [item.title, item.body]))
    found = dates.find_dates(text)
    for match in found:
        if match.full and match.as_date():
            return match, DateMethod.TEXT
    return (found[0], DateMethod.INFERRED) if found else (None, None)


def _with_date(item: ParsedItem, day: date | None, method: DateMethod | None) -> ParsedItem:
    return ParsedItem(
        item.title, item.paragraphs, day, method, item.place, item.first_line, item.last_line, item.raw
    )
