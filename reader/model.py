"""Plain values shared by the engine and the window, and the errors a user can act on. No Qt, no
database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class DateMethod(StrEnum):
    """How an item's date was found, strongest first."""

    LINE = "line"  # a date or timestamp line that heads the item
    DATELINE = "dateline"  # a dateline such as "May 19, 2021, Dushanbe" or "ASTANA, March 12."
    TEXT = "text"  # the first full date in the item's text
    INFERRED = "inferred"  # a date without a year, given the year of the nearest dated item

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {DateMethod.LINE: 0, DateMethod.DATELINE: 1, DateMethod.TEXT: 2, DateMethod.INFERRED: 3}


@dataclass(frozen=True, slots=True)
class ParsedItem:
    """One item as a dump shows it, before deduplication."""

    title: str | None
    paragraphs: tuple[str, ...]
    date: date | None
    date_method: DateMethod | None
    place: str | None
    first_line: int  # 1-based, in the decoded dump
    last_line: int
    raw: str  # the dump's lines first_line..last_line, as decoded and normalised

    @property
    def body(self) -> str:
        """The text without the title, paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class ChromeLine:
    """A line dropped as site chrome (navigation, tickers, credits...), kept so a user can see it."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class ParsedDump:
    """What one dump holds: its items, the chrome that was dropped, and the encoding it was read in."""

    encoding: str
    items: tuple[ParsedItem, ...]
    chrome: tuple[ChromeLine, ...]
    # Short lines without sentence punctuation, each with a key of the item it stood in (None
    # outside items): the importer counts them per source across dumps to learn boilerplate that
    # no phrase list names.
    short_lines: tuple[tuple[str, int | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Changes:
    """What a store mutation changed, so each panel can decide whether to refresh."""

    items_added: frozenset[int] = frozenset()
    items_changed: frozenset[int] = frozenset()
    # Items merged into another one: old id -> surviving id.
    items_merged: tuple[tuple[int, int], ...] = ()
    sources: bool = False
    annotations: frozenset[int] = frozenset()
    tags: bool = False

    @property
    def any(self) -> bool:
        return bool(
            self.items_added
            or self.items_changed
            or self.items_merged
            or self.sources
            or self.annotations
            or self.tags
        )

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            items_added=self.items_added | other.items_added,
            items_changed=self.items_changed | other.items_changed,
            items_merged=self.items_merged + other.items_merged,
            sources=self.sources or other.sources,
            annotations=self.annotations | other.annotations,
            tags=self.tags or other.tags,
        )


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place an item was seen."""

    source: str
    file: str
    line: int
    last_line: int
    import_id: int
    imported_at: str
    title: str | None
    body: str  # the variant text as that dump had it
    date: date | None
    date_method: DateMethod | None


@dataclass(frozen=True, slots=True)
class Highlight:
    id: int
    quote: str
    prefix: str
    suffix: str
    start: int | None  # offset in the item's body when last anchored; None when the quote was lost
    end: int | None
    color: str
    note: str


@dataclass(slots=True)
class ItemDetail:
    """Everything the reading pane and the exports show about one item."""

    id: int
    title: str | None
    body: str
    date: date | None
    date_method: DateMethod | None
    place: str | None
    sources: list[str] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)
    bookmarked: bool = False
    note: str = ""
    tags: list[str] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)


# Errors at the store boundary: ones a user can act on, and everything else (bugs).


class UserError(Exception):
    """Something the user can fix: a missing file, a locked or damaged store, a full disk.

    ``str(error)`` is one sentence fit to show as it is.
    """


class StoreError(UserError):
    """The store cannot be opened or written (locked, damaged, read-only, disk full, too new)."""


class StoreBusy(StoreError):
    """Another program holds the store's write lock for longer than the busy timeout."""


class RefusedFile(UserError):
    """A file that is not a text dump (an image, an archive, binary data). Nothing of it is stored."""


class UnknownItem(UserError):
    """An item id that is neither an item nor an alias of one (it never existed)."""
