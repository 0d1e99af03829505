"""Site chrome: navigation, download lines, tickers, counters, credits. Phrase lists are data in
``resources/phrases``; the patterns here catch the kinds of line no list can name."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache
from importlib.resources import files

from reader.ingest.dedup import normalize
from reader.ingest.sentences import ends_sentence

_EDGES = " \t.,:;!?»«\"'()[]<>›‹→←↑↓•·|*-–—#"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("breadcrumb", re.compile(r"[^\W\d][\w .'-]{0,30}(?:\s+[/>»›→|]\s+[^\W\d][\w .,'-]{0,40}){1,5}")),
    ("time", re.compile(r"\d{1,2}:\d\d(?::\d\d)?")),
    (
        "counter",
        re.compile(r"(?:[👁💬❤♥★•·]|views?:?|просмотр\w*:?)?\s*\d[\d\s,.]*\s*(?:views?|просмотр\w*|k)?", re.I),
    ),
    (
        "counter",
        re.compile(r"(?:comments?|replies|комментари\w*|отзыв\w*|ответ\w*)\s*[:(]?\s*\d+\s*\)?", re.I),
    ),
    ("counter", re.compile(r"(?:id|№)\s*:?\s*\d*", re.I)),
    ("pager", re.compile(r"(?:page|страница|стр\.)\s*\d+\s*(?:of|из|/)\s*\d+", re.I)),
    (
        "rating",
        re.compile(
            r"(?:(?:rate|rating|оцените|оценка)\s*:?\s*)?(?:(?:very bad|bad|poor|fair|average|good|very good|"
            r"excellent|awful|great|очень плохо|плохо|так себе|нормально|средне|хорошо|отлично|ужасно)"
            r"[\s|/•·,]*){3,}",
            re.I,
        ),
    ),
    # A town's weather in a page header: ``Riverton: +4 °C``.
    ("weather", re.compile(r"(?:[^\W\d][\w .'-]{0,30}:?\s*)?[+\-−]?\d{1,2}(?:[.,]\d)?\s*°\s*[CFС]?", re.I)),
    # ``Read more www.site.by``, ``Read more BelTA``: a trailer under an item, naming where it came from.
    (
        "trailer",
        re.compile(
            r"(?i:read more|more at|more on|подробнее|читать далее|читать полностью)\s*(?i:on|at|на)?\s*:?\s*"
            r"(?:(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+\S*|[A-ZА-ЯЁ][\w.-]*(?:\s+[A-ZА-ЯЁ][\w.-]*){0,2})"
        ),
    ),
    (
        "ticker",
        re.compile(
            r"(?:USD|EUR|GBP|CNY|JPY|CHF|RUB|KZT|BYN|UAH|KGS|TJS|AMD|AZN|UZS|BTC|ETH|Brent|WTI|Gold|"
            r"IMOEX|RTS|MOEX|\$|€|₽)\s*[$€₽]?\s*\d[\d\s.,]*\s*[▲▼↑↓+\-−%\d.,\s]*",
            re.I,
        ),
    ),
    (
        "download",
        re.compile(r"(?:download|скачать)\b.*\.(?:docx?|pdf|xlsx?|pptx?|zip|rar|rtf|odt)\b.*", re.I),
    ),
    (
        "file",
        re.compile(
            r"[\w\-]+\.(?:docx?|pdf|xlsx?|pptx?|zip|rar|rtf|odt)(?:\s*\(\s*[\d.,]+\s*\w+\s*\))?", re.I
        ),
    ),
)


@cache
def _phrases(name: str) -> tuple[str, ...]:
    text = files("reader.resources").joinpath("phrases", name).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(normalize(line) for line in lines if line and not line.startswith("#"))


@cache
def _navigation() -> frozenset[str]:
    return frozenset(_phrases("navigation.txt"))


@cache
def _list_headings() -> frozenset[str]:
    return frozenset(_phrases("list-headings.txt"))


LIST_HEADING = "list heading"


def key(text: str) -> str:
    """The form a line is compared in against phrase lists and learnt boilerplate."""
    return normalize(text).strip(_EDGES)


# Furniture is short; a longer line is running text and skips every check below.
_MAX_CHROME_CHARS = 160


BOILERPLATE = "boilerplate"


def reason(text: str, boilerplate: Collection[str] = ()) -> str | None:
    """Why a line is chrome wherever it stands, or None when it may be content."""
    # A line a user named as boilerplate goes however long it is; other furniture is short.
    if boilerplate and len(text) > _MAX_CHROME_CHARS:
        return BOILERPLATE if key(text) in boilerplate else None
    if len(text) > _MAX_CHROME_CHARS:
        return None
    lowered = normalize(text)
    folded = lowered.strip(_EDGES)  # key(text)
    if not folded:
        return "punctuation"
    if folded in _list_headings():
        return LIST_HEADING
    if folded in _navigation():
        return "navigation"
    if folded in boilerplate:
        return BOILERPLATE
    if lowered.startswith(_phrases("prefixes.txt")):
        return "furniture"
    stripped = text.strip()
    for name, pattern in _PATTERNS:
        if pattern.fullmatch(stripped):
            return name
    return "timed headline" if _timed_headline(stripped) else None


_TIMED = re.compile(r"\d{1,2}:\d\d\s+(?=[^\W\d])")
_TIMED_HEADLINE_WORDS = 14


def _timed_headline(text: str) -> bool:
    """``10:42 Road closures on Sunday``: a bare headline of a news feed, listed by its time."""
    m = _TIMED.match(text)
    if not m or ends_sentence(text):
        return False
    return len(text[m.end() :].split()) <= _TIMED_HEADLINE_WORDS
