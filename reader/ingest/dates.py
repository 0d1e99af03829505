"""Date phrases in English and Russian: numeric day-first dates, ISO dates and timestamps, month names
in either order, with or without a year. Lines that hold only a date (a date line or a timestamp
line) and datelines (a place with a date) are recognised here too."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from dateutil.parser import isoparse


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date phrase found in a text; ``year`` is None when the text gave none."""

    start: int
    end: int
    day: int
    month: int
    year: int | None

    @property
    def full(self) -> bool:
        return self.year is not None

    def as_date(self, year: int | None = None) -> date | None:
        """The date, with ``year`` standing in for a missing one; None when it is no real day."""
        try:
            return date(self.year or year or 0, self.month, self.day)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Dateline:
    """A place and a date that open a report: ``May 19, 2021, Dushanbe``, ``ASTANA, March 12. /TASS/.``"""

    date: DateMatch
    place: str
    end: int  # where the report's own text starts (the line's length for a dateline line)


@cache
def _months() -> dict[str, int]:
    data = json.loads(files("reader.resources").joinpath("months.json").read_text(encoding="utf-8"))
    return {
        name: int(number) for lang in ("en", "ru") for number, names in data[lang].items() for name in names
    }


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    names = sorted(_months(), key=len, reverse=True)
    month = "(?P<month>" + "|".join(map(re.escape, names)) + r")\.?"
    year = r"(?P<year>(?:1[89]|2\d)\d\d)"
    ordinal = r"(?:st|nd|rd|th|-?го|-?е)?"
    year_after = rf"(?:(?:,\s*|\s+){year})"
    suffix = r"(?:\s*(?:года|г\.|г\b))?"
    # The second day of a range: ``17–20 марта``, ``from 17 to 20 March``; the range dates by its start.
    second = rf"(?:\s*[-–—]\s*|\s+(?:to|till|until|and|по|до|и)\s+)\d{{1,2}}{ordinal}"
    return {
        "numeric": re.compile(
            r"(?<![\d.\-])(?P<day>\d{1,2})(?P<sep>[./-])(?P<mon>\d{1,2})(?P=sep)(?P<year>(?:1[89]|2\d)\d\d|\d\d)(?![\d])"
        ),
        "iso": re.compile(r"(?<!\d)(?P<year>(?:1[89]|2\d)\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)(?!\d)"),
        "day_month": re.compile(
            rf"(?<![\w.:])(?:(?:from|с|со)\s+)?(?P<day>\d{{1,2}}){ordinal}(?:{second})?\s+(?:of\s+)?{month}"
            rf"{year_after}?{suffix}(?!\w)",
            re.IGNORECASE,
        ),
        "month_day": re.compile(
            rf"(?<!\w){month}\s+(?P<day>\d{{1,2}}){ordinal}(?:{second})?(?!\d){year_after}?(?!\w)",
            re.IGNORECASE,
        ),
    }


_DIGIT = re.compile(r"\d")


def find_dates(text: str) -> list[DateMatch]:
    """Every date phrase in ``text``, in order; overlapping phrases keep the longest."""
    # Every pattern needs a digit: most lines have none and are done after one quick scan.
    if not _DIGIT.search(text):
        return []
    found: list[DateMatch] = []
    for kind, pattern in _patterns().items():
        for m in pattern.finditer(text):
            match = _to_match(kind, m)
            if match is not None and match.as_date(2000) is not None:
                found.append(match)
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMatch] = []
    for match in found:
        if out and match.start < out[-1].end:
            continue
        out.append(match)
    return out


def _to_match(kind: str, m: re.Match[str]) -> DateMatch | None:
    groups = m.groupdict()
    month = _months()[groups["month"].lower()] if "month" in groups else int(groups["mon"])
    year_text = groups.get("year")
    year = int(year_text) if year_text else None
    if year is not None and year < 100:
        year += 2000
    if kind == "numeric" and (not year_text or (groups["sep"] == "-" and len(year_text) < 4)):
        return None
    day = int(groups["day"])
    if kind == "numeric" and groups["sep"] == "/" and month > 12 >= day:
        day, month = month, day  # a US month/day/year date: only the day can exceed 12
    return DateMatch(m.start(), m.end(), day, month, year)


@cache
def _background_words() -> re.Pattern[str]:
    text = files("reader.resources").joinpath("phrases", "background-dates.txt").read_text(encoding="utf-8")
    words = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    alternatives = sorted(
        (re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words), key=len
    )
    # A word, perhaps a few more (``founded on``, ``основанный 15 мая``), then the date.
    return re.compile(
        r"(?<!\w)(?:" + "|".join(reversed(alternatives)) + r")(?:\s+(?:on|in|the|of|в|году?))*\s*$",
        re.IGNORECASE,
    )


def is_background(text: str, match: DateMatch) -> bool:
    """Whether the words before a date in a text mark it as background: ``founded on 15 May
    1992``, ``since``, ``from 1 January``, ``until``, a forecast ``for 26 January``."""
    return bool(_background_words().search(text[max(0, match.start - 40) : match.start]))


# A year-less date moves to the year before or after its neighbour's only to stay this close to it.
_NEAR_DAYS = 183


def infer_year(
    match: DateMatch, above: date | None, below: date | None, *, newest_first: bool, nearest: date
) -> int:
    """The year of a date without one, from the nearest dated items above and below it on the page.

    Of the nearest neighbour's year and the years either side of it, the one that keeps the page
    in order wins (in a newest-first list, ``28 December`` below items of 3 January is of the
    year before), as long as it keeps the date within half a year of that neighbour; otherwise
    the neighbour's year.
    """
    late, early = (above, below) if newest_first else (below, above)

    def disorder(year: int) -> tuple[int, int]:
        day = match.as_date(year)
        if day is None or (year != nearest.year and abs((day - nearest).days) > _NEAR_DAYS):
            return (3, 0)
        wrong = int(late is not None and day > late) + int(early is not None and day < early)
        return (wrong, abs(year - nearest.year))

    return min((nearest.year, nearest.year - 1, nearest.year + 1), key=disorder)


def first_full_date(text: str) -> date | None:
    for match in find_dates(text):
        if match.full and (day := match.as_date()):
            return day
    return None


# What may stand beside the date on a date line or a timestamp line.
_TIME = re.compile(r"(?<!\d)\d{1,2}[:.]\d\d(?::\d\d)?(?:\s*[ap]\.?m\.?)?(?!\d)", re.IGNORECASE)
_ZONE = re.compile(
    r"\b(?:UTC|GMT|MSK|МСК|CET|CEST|EET|EEST)\b\s*(?:[+\-−]\s*\d{1,2}(?::?\d\d)?)?|[+\-−]\d\d:?\d\d\b"
)
_WEEKDAY = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|"
    r"понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|пн|вт|ср|чт|пт|сб|вс)\b",
    re.IGNORECASE,
)


def names_weekday(text: str) -> bool:
    """``Tuesday, 17 February 2026``: how sites head their pages with the day's date."""
    return bool(_WEEKDAY.search(text))


_DECOR = re.compile(r"[\s\-–—#|/,.;:()\[\]•·*>]+")
_ISO_STAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+\-]\d\d:?\d\d)?")


# A byline before the date of a date line: ``By Anna Petrova | 19:19 Feb. 9, 2026``.
_BYLINE = re.compile(r"(?P<by>[^\d|•·]{2,60}?)\s+[|•·—–]\s+(?P<rest>.*\d.*)")
_BYLINE_WORDS = 6


def date_line(text: str) -> DateMatch | None:
    """The date of a line that holds nothing but a date, a time, a zone and punctuation, perhaps
    behind a byline or a lead word (``Published:``)."""
    if len(text) > 80:
        return None
    found = _bare_date_line(text)
    bylined = found is None and any(sep in text for sep in "|•·—–")
    if bylined and (m := _BYLINE.fullmatch(text)) and is_byline(m.group("by")):
        found = _bare_date_line(m.group("rest"))
        if found is not None:
            shift = m.start("rest")
            found = DateMatch(found.start + shift, found.end + shift, found.day, found.month, found.year)
    return found


def is_byline(text: str) -> bool:
    """``By Anna Petrova``, ``Автор: Иван Петров``, or a name of two or three capitalised words."""
    words = text.split()
    if len(words) > _BYLINE_WORDS or re.search(r"[.!?…]$", text):
        return False
    if _BYLINE_LEAD.match(text):
        return True
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words)


_BYLINE_LEAD = re.compile(r"(?:by|from|author|от|автор|текст)\b", re.IGNORECASE)


def _bare_date_line(text: str) -> DateMatch | None:
    if _ISO_STAMP.fullmatch(text.strip()):
        try:
            stamp = isoparse(text.strip())
        except ValueError:
            return None
        return DateMatch(0, len(text), stamp.day, stamp.month, stamp.year)
    dates = find_dates(text)
    if len(dates) != 1:
        return None
    rest = text[: dates[0].start] + " " + text[dates[0].end :]
    rest = _WEEKDAY.sub(" ", _TIME.sub(" ", _ZONE.sub(" ", rest)))
    rest = _date_words().sub(" ", rest)
    return dates[0] if not _DECOR.sub("", rest) else None


@cache
def _date_words() -> re.Pattern[str]:
    text = files("reader.resources").joinpath("phrases", "date-words.txt").read_text(encoding="utf-8")
    words = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    words.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE)


def leading_date(text: str) -> tuple[DateMatch, str] | None:
    """A numeric date glued to the text that follows it: ``21.05.2020On May 26, ...``."""
    for kind in ("numeric", "iso"):
        m = _patterns()[kind].match(text)
        if m and (match := _to_match(kind, m)) and match.as_date():
            rest = text[m.end() :].lstrip(" ,.-–—|")
            if rest:
                return match, rest
    return None


def trailing_date(text: str) -> tuple[str, DateMatch] | None:
    """A title glued to its date: ``... on September 15 14.09.2022`` gives the title and the date."""
    if not text.rstrip()[-1:].isdigit():
        return None
    for kind in ("numeric", "iso"):
        for m in _patterns()[kind].finditer(text):
            if m.end() == len(text.rstrip()) and m.start() > 0:
                match = _to_match(kind, m)
                head = text[: m.start()].rstrip(" ,|-–—")
                if match and match.as_date() and head and not re.search(r"[.!?…]$", head):
                    return head, match
    return None


_PLACE_WORD = r"[A-ZА-ЯЁ][\w'\-]*"
_PLACE = re.compile(rf"{_PLACE_WORD}(?:[ -]{_PLACE_WORD}){{0,3}}")
_CAPS_PLACE = re.compile(r"(?P<place>[A-ZА-ЯЁ][A-ZА-ЯЁ'\-]+(?: [A-ZА-ЯЁ][A-ZА-ЯЁ'\-]+){0,2})[,.]\s+")
_TITLE_PLACE = re.compile(r"(?P<place>[A-ZА-ЯЁ][a-zа-яё'\-]+(?: [A-ZА-ЯЁ][a-zа-яё'\-]+){0,2})[,.]\s+")
_AGENCY = re.compile(r"\s*[.,]?\s*(?:/[^/\n]{2,20}/|\([^)\n]{2,20}\))\s*[.,:]?\s*(?:[-–—]\s*)?")
_AFTER_DATE = re.compile(r"\s*[.,:]?\s*(?:[-–—]\s+)?")


def dateline_line(text: str) -> Dateline | None:
    """A line that is only a date and a place: ``May 19, 2021, Dushanbe`` or ``MOSCOW. May 14.``"""
    if len(text) > 60:
        return None
    dates = find_dates(text)
    if len(dates) != 1:
        return None
    match = dates[0]
    before = text[: match.start].strip(" ,.-–—")
    after = _TIME.sub(" ", text[match.end :]).strip(" ,.-–—")
    if bool(before) == bool(after) or _WEEKDAY.fullmatch(before or after):
        return None
    place = before or after
    return Dateline(match, place, len(text)) if _PLACE.fullmatch(place) else None


# A prefixed dateline has its date within this many characters of the paragraph's start.
_PREFIXED_DATELINE_CHARS = 120
_PREFIX_TAIL = re.compile(r"\s*:?\s*(?:\d{1,2}:\d\d\s*)?[|:–—-]?\s*")
_BYLINE_PREFIX = re.compile(r"(?P<by>[^|\d]{2,60}?)\s+[|•·]\s+")


def dateline_start(text: str) -> Dateline | None:
    """A paragraph opening with a dateline, perhaps behind a lead word or a byline:
    ``Published: ASTANA, March 12. /TASS/. ...``, ``By Anna Smith | LONDON, March 12 (Reuters) - ...``."""
    found = _dateline_start(text)
    if found is not None or not _DIGIT.search(text, 0, _PREFIXED_DATELINE_CHARS):
        return found
    skip = _prefix_end(text)
    if not skip or (found := _dateline_start(text[skip:])) is None:
        return None
    d = found.date
    return Dateline(
        DateMatch(d.start + skip, d.end + skip, d.day, d.month, d.year), found.place, found.end + skip
    )


def _prefix_end(text: str) -> int:
    """Where the text after a lead word (``Updated 10:15 |``) or a byline (``By Anna Smith |``) starts; 0
    when there is neither."""
    if (m := _date_words().match(text)) is not None:
        tail = _PREFIX_TAIL.match(text, m.end())
        return tail.end() if tail else m.end()
    if (m := _BYLINE_PREFIX.match(text)) is not None and is_byline(m.group("by")):
        return m.end()
    return 0


def _dateline_start(text: str) -> Dateline | None:
    """A paragraph opening with a dateline: ``ASTANA, March 12. /TASS/. Troops ...``.

    The place must be in capitals, or be followed by an agency tag, so that ordinary sentences
    opening with a name and a date (``Moscow, May 14 was ...``) are not taken for datelines.
    """
    for pattern, needs_agency in ((_CAPS_PLACE, False), (_TITLE_PLACE, True)):
        m = pattern.match(text)
        if not m:
            continue
        dates = find_dates(text[m.end() : m.end() + 40])
        if not dates or dates[0].start != 0:
            continue
        date_end = m.end() + dates[0].end
        agency = _AGENCY.match(text, date_end)
        if needs_agency and not agency:
            continue
        after = _AFTER_DATE.match(text, date_end)  # matches the empty string, so always a match
        end = agency.end() if agency else (after.end() if after else date_end)
        if end >= len(text):
            continue
        shifted = DateMatch(m.end(), date_end, dates[0].day, dates[0].month, dates[0].year)
        return Dateline(shifted, m.group("place"), end)
    return None
