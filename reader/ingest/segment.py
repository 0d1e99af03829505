"""Normalised lines to items.

An item opens at a header: a title line, a date or timestamp line, a dateline line, or a paragraph
that starts with a dateline. An item opened by a header is an article and keeps the paragraphs that
follow it until the next header. A paragraph with no header above it is a teaser and stands alone,
except where a dump separates items by two or more blank lines: there a single blank line joins
paragraphs of one item and a double one ends it (a titled article goes on across it).

Site chrome is dropped and reported: lines named by the phrase lists or caught by the patterns in
``chrome``, and the short labels with no sentence punctuation that stand above the first header
or below the last text of a page.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import Enum, auto

from reader.ingest import chrome, dates
from reader.ingest.dates import DateMatch
from reader.ingest.dedup import key64, normalize
from reader.ingest.normalize import Line
from reader.ingest.sentences import ends_with_punctuation
from reader.model import ChromeLine

_WORD = re.compile(r"\w+")
# A title is one sentence: a paragraph cut off after its first sentences is not one.
_INNER_SENTENCE_END = re.compile(r"[a-zа-яё]{2}[.!?…][\"'»”’)]*\s+[\"«“„]?[A-ZА-ЯЁ]")
_TITLE_MAX_CHARS = 300
_TITLE_MIN_WORDS = 3
_QUESTION_TITLE_CHARS = 200
_LABEL_MAX_WORDS = 6
_LABEL_MAX_CHARS = 60
# Boilerplate the phrase lists miss is short: promos, credits, desk names. Longer lines are
# titles, and counting every title would grow the store by a row per article.
_SHORT_LINE_CHARS = 80
_SHORT_LINE_WORDS = 8
# Between a title and its date a subtitle, a byline or a photo caption may stand.
_TITLE_LOOKAHEAD = 3
_INTERPOSED_MAX_CHARS = 300
# A page's header zone is made of short lines: site name, slogan, switchers, weather, tickers.
_HEADER_LINE_WORDS = 12
_HEADER_LINE_CHARS = 100
_LIST_HEADING_WORDS = 3


class Kind(Enum):
    CHROME = auto()
    DATE = auto()  # a date or timestamp line
    DATELINE = auto()  # a line with only a date and a place
    TEXT = auto()


@dataclass(slots=True)
class Para:
    """One paragraph (a non-blank line, or a glued part of one) with what it is."""

    line: int
    last: int
    text: str
    gap: int  # blank lines before it
    kind: Kind = Kind.TEXT
    date: DateMatch | None = None
    place: str | None = None
    reason: str | None = None  # why it is chrome
    dateline_end: int = 0  # > 0: the paragraph opens with a dateline ending here
    date_checked: bool = False  # whether ``kind`` already says if it is a date line
    kept: bool = False  # a line the user keeps as content: no rule makes it chrome

    @property
    def ends_sentence(self) -> bool:
        return ends_with_punctuation(self.text)

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


@dataclass(slots=True)
class Draft:
    """An item while it is being built."""

    first_line: int
    last_line: int
    headed: bool
    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    line_date: DateMatch | None = None
    dateline_date: DateMatch | None = None
    place: str | None = None
    awaiting_date: int = -1  # index of the date line a title looked ahead to
    # Subtitles, bylines and captions between a title and its date: kept as text, but the item's
    # header is not over until its date line.
    preamble: int = 0

    def add(self, para: Para) -> None:
        self.paragraphs.append(para.text)
        self.last_line = max(self.last_line, para.last)
        if self.awaiting_date >= 0:
            self.preamble = len(self.paragraphs)

    @property
    def has_body(self) -> bool:
        return len(self.paragraphs) > self.preamble


@dataclass(frozen=True, slots=True)
class Segmented:
    drafts: list[Draft]
    chrome: list[ChromeLine]
    short_lines: tuple[tuple[str, int | None], ...]


def segment(lines: list[Line], boilerplate: Collection[str] = (), keep: Collection[str] = ()) -> Segmented:
    """Split lines into items and chrome. ``boilerplate`` and ``keep`` hold lines (in
    ``chrome.key`` form) a user named as chrome, and as content, of this source."""
    paras = _paragraphs(lines)
    for para in paras:
        para.kept = bool(keep) and chrome.key(para.text) in keep
        _classify(para, boilerplate)
    _mark_page_edges(paras)
    return _Builder(paras).build()


def _paragraphs(lines: list[Line]) -> list[Para]:
    """Non-blank lines with the blank lines before them; glued dates are split off."""
    out: list[Para] = []
    gap = 0
    for line in lines:
        if not line.text:
            gap += 1
            continue
        out.extend(_unglue(Para(line.number, line.last, line.text, gap)))
        gap = 0
    return out


def _unglue(para: Para) -> list[Para]:
    """``21.05.2020On May 26`` is a date line and a paragraph; ``Title 14.09.2022`` a title and a date."""
    # ``_classify`` would look for the same date line again: keep the answer on the paragraph.
    para.date_checked = True
    if match := dates.date_line(para.text):
        para.kind, para.date = Kind.DATE, match
        return [para]
    lead = dates.leading_date(para.text)
    if lead:
        match, rest = lead
        return [
            Para(para.line, para.line, para.text[: match.end], para.gap),
            Para(para.line, para.last, rest, 0),
        ]
    trail = dates.trailing_date(para.text)
    if trail:
        head, match = trail
        return [
            Para(para.line, para.last, head, para.gap),
            Para(para.last, para.last, para.text[match.start :].strip(), 0),
        ]
    return [para]


def _classify(para: Para, boilerplate: Collection[str]) -> None:
    if para.kind is Kind.DATE:
        return
    if not para.date_checked and (match := dates.date_line(para.text)):
        para.kind, para.date = Kind.DATE, match
        return
    para.reason = None if para.kept else chrome.reason(para.text, boilerplate)
    if para.reason:
        para.kind = Kind.CHROME
        return
    if dl := dates.dateline_line(para.text):
        para.kind, para.date, para.place = Kind.DATELINE, dl.date, _place(dl.place)
        return
    if dl := dates.dateline_start(para.text):
        para.date, para.place, para.dateline_end = dl.date, _place(dl.place), dl.end


def _place(name: str) -> str:
    return name.title() if name.isupper() else name


def _is_label(para: Para) -> bool:
    """A short line with no sentence punctuation and no date: a section label, a tag, a credit."""
    return (
        para.kind is Kind.TEXT
        and not para.kept
        and not para.dateline_end
        and not para.ends_sentence
        and para.words <= _LABEL_MAX_WORDS
        and len(para.text) <= _LABEL_MAX_CHARS
        and not dates.find_dates(para.text)
    )


def _mark_page_edges(paras: list[Para]) -> None:
    """The header zone, labels above the first header or sentence, labels heading a list of
    items, and labels below the last text are page chrome."""
    _mark_header_zone(paras)
    for i, para in enumerate(paras):
        if para.kind is Kind.CHROME:
            continue
        if not _is_label(para) or _title_target(paras, i) is not None:
            break
        para.kind, para.reason = Kind.CHROME, "label"
    _mark_list_headings(paras)
    for i in range(len(paras) - 1, -1, -1):
        para = paras[i]
        if para.kind is Kind.CHROME:
            continue
        if not _is_label(para) or _follows_bare_header(paras, i):
            break
        para.kind, para.reason = Kind.CHROME, "label"


def _header_zone_line(para: Para) -> bool:
    """What a page header holds: site names, slogans, switchers, tickers; short, no sentences."""
    return (
        para.kind is Kind.TEXT
        and not para.dateline_end
        and not para.ends_sentence
        and para.words <= _HEADER_LINE_WORDS
        and len(para.text) <= _HEADER_LINE_CHARS
    )


def _mark_header_zone(paras: list[Para]) -> None:
    """Everything above the page's first header is its header zone, and chrome.

    The first header is found from the first running text (or dateline) back: its date line and
    the title above that. The zone counts only when it is made of header furniture: short lines
    without sentences, and dates that head nothing (the site's "today").
    """
    anchor = next((i for i, p in enumerate(paras) if _anchors(p)), None)
    if anchor is None:
        return
    head = _head_of(paras, anchor)
    zone = [i for i in range(head) if paras[i].kind is not Kind.CHROME]
    # Without a known piece of furniture or a date above the first header, short lines there may
    # as well be bare headlines: only the labels rule (``_mark_page_edges``) applies then.
    if len(zone) == head or not zone:
        return
    for i in zone:
        para = paras[i]
        if para.kind is Kind.DATE:
            # A date over text heads an item, unless it names the weekday: the site's "today".
            j = _next_content(paras, i)
            if (
                j is not None
                and j < head
                and paras[j].kind is Kind.TEXT
                and not dates.names_weekday(para.text)
            ):
                return
        elif not _header_zone_line(para):
            return
    for i in zone:
        if not paras[i].kept:
            paras[i].kind, paras[i].reason = Kind.CHROME, "header"


def _anchors(para: Para) -> bool:
    return para.kind is Kind.DATELINE or (
        para.kind is Kind.TEXT and (bool(para.dateline_end) or _is_body(para))
    )


def _head_of(paras: list[Para], anchor: int) -> int:
    """Where the item whose text starts at ``anchor`` opens: its date line, or the title above it."""
    head = anchor
    j = _previous_content(paras, anchor)
    for _ in range(_TITLE_LOOKAHEAD + 1):
        if j is None:
            break
        para = paras[j]
        if para.kind in (Kind.DATE, Kind.DATELINE):
            head = j
        elif para.kind is Kind.TEXT and _title_target(paras, j) is not None:
            if not dates.is_byline(para.text):
                return j
            head = j  # a byline between the title and its date
        elif head == anchor or len(para.text) > _INTERPOSED_MAX_CHARS:
            break
        j = _previous_content(paras, j)
    return head


def _previous_content(paras: list[Para], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if paras[j].kind is not Kind.CHROME:
            return j
    return None


def _mark_list_headings(paras: list[Para]) -> None:
    """``Top stories``, ``Related news``: a label right above a titled item heads a list of items."""
    for i, para in enumerate(paras):
        short = para.kind is Kind.TEXT and len(para.text) <= _LABEL_MAX_CHARS
        if not short or para.words > _LIST_HEADING_WORDS or not _is_label(para):
            continue
        j = _next_content(paras, i)
        if j is None or not (_title_shape(paras[j]) or _question_title(paras[j])):
            continue
        target = _title_target(paras, j)
        if target is not None and paras[target].kind in (Kind.DATE, Kind.DATELINE):
            para.kind, para.reason = Kind.CHROME, chrome.LIST_HEADING


def _follows_bare_header(paras: list[Para], i: int) -> bool:
    """True when the paragraph is the first text under a date line, so it is that item's body."""
    for j in range(i - 1, -1, -1):
        if paras[j].kind is Kind.CHROME:
            continue
        return paras[j].kind in (Kind.DATE, Kind.DATELINE)
    return False


def _next_content(paras: list[Para], i: int) -> int | None:
    for j in range(i + 1, len(paras)):
        if paras[j].kind is not Kind.CHROME:
            return j
    return None


def _title_target(paras: list[Para], i: int) -> int | None:
    """If ``paras[i]`` is a title, the index of what confirms it (its date line or first body
    paragraph); else None."""
    if _question_title(paras[i]):
        j = _next_in_item(paras, i)
        return j if j is not None and paras[j].kind in (Kind.DATE, Kind.DATELINE) else None
    if not _title_shape(paras[i]):
        return None
    j = _next_in_item(paras, i)
    steps = 0
    while j is not None and steps < _TITLE_LOOKAHEAD:
        nxt = paras[j]
        if nxt.kind in (Kind.DATE, Kind.DATELINE):
            return j
        if nxt.kind is Kind.TEXT and steps == 0 and (nxt.dateline_end or _is_body(nxt)):
            return j
        if nxt.kind is not Kind.TEXT or len(nxt.text) > _INTERPOSED_MAX_CHARS:
            return None
        j = _next_in_item(paras, j)
        steps += 1
    return None


def _next_in_item(paras: list[Para], i: int) -> int | None:
    """The next paragraph that is not chrome, unless a list heading stands before it: a title
    never reaches over one to its date."""
    for j in range(i + 1, len(paras)):
        if paras[j].kind is not Kind.CHROME:
            return j
        if paras[j].reason == chrome.LIST_HEADING:
            return None
    return None


def _title_shape(para: Para) -> bool:
    """A line that can be a title: some words, no sentence punctuation, not too long."""
    return not (
        para.kind is not Kind.TEXT
        or para.dateline_end
        or para.ends_sentence
        or len(para.text) > _TITLE_MAX_CHARS
        or para.words < _TITLE_MIN_WORDS
        or para.text[:1].islower()
        or bool(_INNER_SENTENCE_END.search(para.text))
    )


def _question_title(para: Para) -> bool:
    """``Will the treaty be extended?``: a title may end in ? or !, but only its date line shows it."""
    return (
        para.kind is Kind.TEXT
        and not para.dateline_end
        and para.text.rstrip("\"'»”’)").endswith(("?", "!"))
        and len(para.text) <= _QUESTION_TITLE_CHARS
        and para.words >= _TITLE_MIN_WORDS
        and not para.text[:1].islower()
    )


def _titles_body(paras: list[Para], i: int) -> bool:
    """A title-shaped line directly under a date line is that item's title when text follows it."""
    j = _next_content(paras, i)
    return _title_shape(paras[i]) and j is not None and (bool(paras[j].dateline_end) or _is_body(paras[j]))


def _is_body(para: Para) -> bool:
    """A paragraph of running text: whole sentences of some length."""
    return para.ends_sentence and para.words >= 12


def _dates_trail(content: list[Para]) -> bool:
    """Whether a page puts each item's date line below its teaser, consistently.

    The page ends with a date line, every date line stands right under text, and none stands
    further from the text above it than from the text below it.
    """
    stamps = [i for i, p in enumerate(content) if p.kind is Kind.DATE]
    if len(stamps) < 2 or stamps[-1] != len(content) - 1:
        return False
    for i in stamps:
        if i == 0 or content[i - 1].kind is not Kind.TEXT:
            return False
        if i + 1 < len(content) and content[i].gap > content[i + 1].gap:
            return False
    return True


class _Builder:
    def __init__(self, paras: list[Para]) -> None:
        self.paras = paras
        self.drafts: list[Draft] = []
        self.chrome: list[ChromeLine] = []
        self.current: Draft | None = None
        content = [p for p in paras if p.kind is not Kind.CHROME]
        # Items are separated by double blank lines when any two paragraphs are.
        self.double = any(p.gap >= 2 for p in content[1:])
        self.trailing = _dates_trail(content)

    def build(self) -> Segmented:
        for i, para in enumerate(self.paras):
            if para.kind is Kind.CHROME:
                self.chrome.append(ChromeLine(para.line, para.text, para.reason or "chrome"))
                if para.reason == chrome.LIST_HEADING:
                    self.current = None  # what follows is a list of other items, never the article
            elif para.kind is Kind.DATE:
                self._date(i, para)
            elif para.kind is Kind.DATELINE:
                self._dateline(i, para)
            else:
                self._text(i, para)
        drafts = [d for d in self.drafts if d.title or d.paragraphs]
        for draft in self.drafts:
            if not (draft.title or draft.paragraphs):
                self.chrome.extend(
                    ChromeLine(p.line, p.text, "date without an item")
                    for p in self.paras
                    if draft.first_line <= p.line <= draft.last_line and p.kind is not Kind.CHROME
                )
        return Segmented(drafts, sorted(self.chrome, key=lambda c: c.line), self._short_lines(drafts))

    def _short_lines(self, drafts: list[Draft]) -> tuple[tuple[str, int | None], ...]:
        """Short lines that may be boilerplate, each with the item it stood in (its context).

        Boilerplate recurs beside different news; a title or a teaser that recurs because the same
        news was dumped again recurs beside the same item, so the store counts a line again only
        when its context changed. Lines outside every item have no context and always count.
        """
        starts = [d.first_line for d in drafts]
        contexts: dict[int, int] = {}

        def context(k: int) -> int:
            if k not in contexts:
                draft = drafts[k]
                contexts[k] = key64(normalize(" ".join(filter(None, [draft.title, *draft.paragraphs]))))
            return contexts[k]

        found: dict[str, int | None] = {}
        for para in self.paras:
            if para.kind not in (Kind.TEXT, Kind.CHROME) or len(para.text) > _SHORT_LINE_CHARS:
                continue
            if para.words > _SHORT_LINE_WORDS:
                continue
            if para.ends_sentence or not (line := chrome.key(para.text)):
                continue
            k = bisect_right(starts, para.line) - 1
            inside = k >= 0 and para.line <= drafts[k].last_line
            found.setdefault(line, context(k) if inside else None)
        return tuple(found.items())

    def _open(self, para: Para, *, headed: bool) -> Draft:
        self.current = Draft(para.line, para.last, headed)
        self.drafts.append(self.current)
        return self.current

    def _bare(self) -> Draft | None:
        """The current item while it has a header but no text yet."""
        cur = self.current
        return cur if cur is not None and cur.headed and not cur.has_body else None

    def _date(self, i: int, para: Para) -> None:
        cur = self.current
        if self.trailing and cur is not None and cur.line_date is None and (cur.has_body or cur.title):
            # On a page whose dates follow their teasers, a date line ends the item above it; a
            # bare headline there is the item's text.
            if cur.title and not cur.paragraphs:
                cur.paragraphs.append(cur.title)
                cur.title = None
            cur.line_date = para.date
            cur.awaiting_date = -1
            cur.last_line = max(cur.last_line, para.last)
            self.current = None
            return
        awaited = cur is not None and cur.awaiting_date == i
        if cur is not None and (awaited or (self._bare() and cur.line_date is None)):
            cur.line_date = para.date
            cur.awaiting_date = -1
            cur.last_line = max(cur.last_line, para.last)
            return
        self._open(para, headed=True).line_date = para.date

    def _dateline(self, i: int, para: Para) -> None:
        cur = self.current
        awaited = cur is not None and cur.awaiting_date == i
        if not awaited and (self._bare() is None or cur is None or cur.place is not None):
            cur = self._open(para, headed=True)
        assert cur is not None
        cur.awaiting_date = -1
        cur.dateline_date, cur.place = para.date, para.place
        cur.last_line = max(cur.last_line, para.last)

    def _text(self, i: int, para: Para) -> None:
        cur = self.current
        if para.dateline_end:
            if cur is None or not (self._bare() or cur.awaiting_date >= 0):
                cur = self._open(para, headed=True)
            cur.dateline_date = cur.dateline_date or para.date
            cur.place = cur.place or para.place
            cur.add(para)
            return
        if (
            cur is not None
            and cur.title
            and not cur.has_body
            and normalize(para.text) == normalize(cur.title)
        ):
            cur.last_line = max(cur.last_line, para.last)  # a title repeated above its date
            return
        in_header = cur is not None and (self._bare() is not None or cur.awaiting_date >= 0)
        untitled = in_header and cur is not None and cur.title is None and not cur.paragraphs
        if untitled and cur is not None and _titles_body(self.paras, i):
            cur.title = para.text
            cur.last_line = max(cur.last_line, para.last)
            return
        target = None if in_header else _title_target(self.paras, i)
        if target is not None and self._subheading(cur, target):
            target = None
        if target is not None:
            draft = self._open(para, headed=True)
            draft.title = para.text
            if self.paras[target].kind in (Kind.DATE, Kind.DATELINE):
                draft.awaiting_date = target
            return
        if cur is None or not self._joins(cur, para):
            cur = self._open(para, headed=False)
        cur.add(para)

    def _subheading(self, cur: Draft | None, target: int) -> bool:
        """Inside a titled, dated article a title-shaped line over running text is a subheading;
        only a line over a date line of its own opens the next item."""
        dated = cur is not None and (cur.line_date is not None or cur.dateline_date is not None)
        return (
            cur is not None
            and cur.title is not None
            and dated
            and cur.has_body
            and self.paras[target].kind is Kind.TEXT
        )

    def _joins(self, cur: Draft, para: Para) -> bool:
        """Whether a plain paragraph belongs to the current item."""
        if cur.headed:
            # A double blank line ends an untitled item of a list; a titled article goes on.
            return not (self.double and para.gap >= 2 and cur.title is None and cur.has_body)
        return self.double and para.gap <= 1
