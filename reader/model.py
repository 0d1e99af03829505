"""Plain values shared by the engine and the window, and the errors a user can act on. No Qt, no
database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path


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
    text: str = ""  # the decoded page the items were cut from, before normalising


@dataclass(frozen=True, slots=True)
class Changes:
    """What a store mutation changed, so each panel can decide whether to refresh."""

    items_added: frozenset[int] = frozenset()
    items_changed: frozenset[int] = frozenset()
    # Items merged into another one: old id -> surviving id.
    items_merged: tuple[tuple[int, int], ...] = ()
    sources: bool = False  # the list of sources, or which items a source holds
    # The only sources touched (items added, changed or merged, a name changed), where the mutation
    # knows them; with ``sources`` and none named, any source may have changed or gone.
    source_ids: frozenset[int] = frozenset()
    annotations: frozenset[int] = frozenset()
    tags: bool = False
    items_removed: frozenset[int] = frozenset()  # gone with an import taken back

    @property
    def any(self) -> bool:
        return bool(
            self.items_removed
            or self.items_added
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
            source_ids=self.source_ids | other.source_ids,
            annotations=self.annotations | other.annotations,
            tags=self.tags or other.tags,
            items_removed=self.items_removed | other.items_removed,
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


# The colours a highlight can have, the default first; the reading pane draws each in its own shade.
HIGHLIGHT_COLORS = ("yellow", "green", "blue", "pink")
DEFAULT_HIGHLIGHT_COLOR = HIGHLIGHT_COLORS[0]


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

    @property
    def heading(self) -> str:
        """The title, or the first words of the text."""
        return (self.title or "").strip() or first_words(self.body)


def first_words(text: str, limit: int = 12) -> str:
    """The first ``limit`` words of ``text``, with an ellipsis when there are more: what stands for
    the title of an item that has none."""
    words = text.split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")


# Annotations: what the side panel lists, and what an export of annotations holds.


@dataclass(frozen=True, slots=True)
class Annotation:
    """One note or one highlight, with the item it belongs to: a line of the annotations panel.

    Exactly one of ``note`` and ``highlight`` is set. A highlight whose ``start`` is None is an
    orphan: its quote is no longer in the item's text, and it is kept so that it can be shown.
    """

    item_id: int
    heading: str  # the item's title, or its first words
    date: date | None
    tags: tuple[str, ...]
    note: str | None = None
    highlight: Highlight | None = None

    @property
    def orphan(self) -> bool:
        return self.highlight is not None and self.highlight.start is None

    def mentions(self, wanted: str) -> bool:
        """Whether ``wanted`` (case folded) is in the note, or in the highlight's quote or comment."""
        return wanted in self.searched()

    def searched(self) -> str:
        """The text ``mentions`` looks in, case folded: the note, or the quote and the comment
        (apart, so that nothing is found across the two)."""
        if self.highlight is not None:
            return f"{self.highlight.quote}\x00{self.highlight.note}".casefold()
        return (self.note or "").casefold()


@dataclass(frozen=True, slots=True)
class AnnotationFilter:
    """Which notes and highlights to list: of one item or of the whole store, narrowed by text (in
    the note, the quote or the comment, ignoring case), by a tag of the item, or by a colour (which
    keeps highlights only)."""

    item_id: int | None = None
    text: str = ""
    tag: str | None = None
    color: str | None = None


@dataclass(frozen=True, slots=True)
class MarkedItem:
    """An item with a mark of the user's, for an export of annotations. ``key`` names the item by
    its text (a hash of its normalised title and text), so that another store can find it."""

    key: str
    detail: ItemDetail


@dataclass(frozen=True, slots=True)
class QuoteMark:
    """A highlight as an export carries it: the quote with the text around it, and where it stood
    (None for an orphan)."""

    quote: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    color: str = DEFAULT_HIGHLIGHT_COLOR
    comment: str = ""


@dataclass(frozen=True, slots=True)
class ItemMarks:
    """The marks an export holds for one item, and the text that identifies the item."""

    key: str
    title: str | None
    text: str
    bookmarked: bool = False
    note: str = ""
    tags: tuple[str, ...] = ()
    highlights: tuple[QuoteMark, ...] = ()

    @property
    def heading(self) -> str:
        return (self.title or "").strip() or first_words(self.text)


@dataclass(frozen=True, slots=True)
class MarksApplied:
    """What applying an export's marks did: the items it found, the ones it could not, and the
    highlights whose quote was not in the item found (kept as orphans)."""

    changes: Changes
    matched: int
    unmatched: tuple[ItemMarks, ...] = ()
    orphaned: tuple[tuple[int, QuoteMark], ...] = ()  # (item id, highlight)
    added: int = 0  # bookmarks, tags, notes and highlights that were not there yet


# What the window browses: tree nodes, the filter a node stands for, sorts and list rows.


class Kind(StrEnum):
    """What a tree node stands for; the window words each kind in the user's language."""

    ALL = "all"
    LAST_IMPORT = "last_import"  # the items the most recent import added or changed
    BOOKMARKED = "bookmarked"
    ANNOTATED = "annotated"
    TAGS = "tags"
    TAG = "tag"
    SOURCES = "sources"
    SOURCE = "source"
    DATES = "dates"
    DATE = "date"
    UNDATED = "undated"


# The kinds of the tree's top level, in the order the tree shows them.
TOP_KINDS = (
    Kind.ALL,
    Kind.LAST_IMPORT,
    Kind.BOOKMARKED,
    Kind.ANNOTATED,
    Kind.TAGS,
    Kind.SOURCES,
    Kind.DATES,
    Kind.UNDATED,
)


@dataclass(frozen=True, slots=True)
class Filter:
    """Which items a tree node stands for. ``period`` is "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""

    kind: Kind = Kind.ALL
    ident: int | None = None
    period: str | None = None

    @property
    def key(self) -> str:
        """A stable text form, kept in the settings to select the same node next time."""
        parts = [self.kind.value]
        if self.ident is not None:
            parts.append(str(self.ident))
        if self.period:
            parts.append(self.period)
        return ":".join(parts)

    @classmethod
    def from_key(cls, key: str) -> Filter:
        """The filter a ``key`` was made from; "all items" for anything unreadable."""
        kind_text, *rest = key.split(":")
        try:
            kind = Kind(kind_text)
            ident = int(rest.pop(0)) if kind in (Kind.TAG, Kind.SOURCE) else None
        except (ValueError, IndexError):
            return cls()
        period = rest[0] if rest else None
        return cls(kind, ident, period)

    def month(self, year: int, month: int) -> Filter:
        """The same scope narrowed to one month: a source's month, or a month over all sources."""
        period = f"{year:04d}-{month:02d}"
        if self.kind is Kind.SOURCE:
            return Filter(Kind.SOURCE, self.ident, period)
        return Filter(Kind.DATE, None, period)

    @property
    def month_shown(self) -> tuple[int, int] | None:
        """The (year, month) this node narrows to, when it narrows to a month or a day."""
        if self.period is None or len(self.period) < 7:
            return None
        return int(self.period[:4]), int(self.period[5:7])


class SortKey(StrEnum):
    """What the item list is sorted on."""

    BOOKMARKED = "bookmarked"
    DATE = "date"
    TITLE = "title"
    SOURCES = "sources"
    SEEN = "seen"
    ANNOTATED = "annotated"


@dataclass(frozen=True, slots=True)
class Sort:
    key: SortKey = SortKey.DATE
    descending: bool = True


@dataclass(frozen=True, slots=True)
class TreeNode:
    """One node of the tree: what it stands for, how many items it holds, and its children.

    ``name`` is the user's own word for a source or a tag; the window words every other node from
    its kind and period.
    """

    filter: Filter
    count: int
    name: str | None = None
    children: tuple[TreeNode, ...] = ()

    @property
    def kind(self) -> Kind:
        return self.filter.kind


@dataclass(frozen=True, slots=True)
class ListRow:
    """What one row of the item list shows."""

    id: int
    title: str | None
    lead: str  # the start of the text, for items without a title
    date: date | None
    inferred: bool
    sources: tuple[str, ...]
    seen: int
    bookmarked: bool
    annotated: bool

    @property
    def heading(self) -> str:
        """The title, or the first words of the text."""
        return self.title or first_words(self.lead)


@dataclass(frozen=True, slots=True)
class MonthCount:
    year: int
    month: int
    items: int


# Search: what a user typed, parsed into terms the store matches (reader.query builds it).


@dataclass(frozen=True, slots=True)
class Term:
    """One word or phrase of a search: its words, whether the last one is a prefix, and whether
    only these exact forms match (a quoted or ``=`` term) rather than every form of the words."""

    words: tuple[str, ...]
    prefix: bool = False
    exact: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed search: every group must match (a group matches when one of its terms does), and no
    excluded term may."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        """The terms to mark in the text."""
        return tuple(t for group in self.groups for t in group)


@dataclass(frozen=True, slots=True)
class Selection:
    """Which items an export writes: every condition given must hold (an empty selection is every
    item). ``tag`` and ``source`` are names, matched ignoring case; ``since`` keeps items dated that
    day or later."""

    bookmarked: bool = False
    annotated: bool = False  # a note or a highlight, as the tree's Annotated node
    tag: str | None = None
    source: str | None = None
    since: date | None = None
    query: Query | None = None


# Importing.


class Outcome(StrEnum):
    """What became of one file of an import."""

    IMPORTED = "imported"
    ALREADY = "already"  # its bytes were imported before
    EMPTY = "empty"  # read, but no items in it
    REFUSED = "refused"  # not a text dump, or unreadable


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What became of one file. ``message`` is one line fit to show, naming the file."""

    path: Path
    outcome: Outcome
    message: str
    items_total: int = 0
    items_new: int = 0
    items_merged: int = 0
    items_known: int = 0
    encoding: str | None = None
    changes: Changes = field(default_factory=Changes)
    # With ``detail`` asked of the import: its items as split, and the lines dropped as chrome.
    items: tuple[PreviewItem, ...] = ()
    chrome: tuple[ChromeLine, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One file as the import history keeps it."""

    id: int
    source: str
    path: str
    size: int
    encoding: str
    imported_at: str  # ISO 8601, UTC
    items_total: int
    items_new: int
    items_merged: int
    items_known: int
    chrome_lines: int


@dataclass(frozen=True, slots=True)
class DumpFile:
    """A file an import of some paths would read, as the import wizard lists it."""

    path: Path
    size: int = 0
    modified: float = 0.0  # seconds since the epoch
    error: str | None = None  # why it cannot be read, naming it


@dataclass(frozen=True, slots=True)
class PreviewItem:
    """One item of a file as an import would split it."""

    title: str | None
    lead: str  # the first words of the text
    date: date | None
    date_method: DateMethod | None
    first_line: int
    last_line: int


@dataclass(frozen=True, slots=True)
class FilePreview:
    """What importing one file would do, worked out without changing the store."""

    path: Path
    outcome: Outcome
    message: str
    encoding: str | None = None
    items: tuple[PreviewItem, ...] = ()
    chrome: tuple[ChromeLine, ...] = ()
    items_new: int = 0
    items_merged: int = 0
    items_known: int = 0
    replaces: int | None = None  # the earlier import of this file that a re-import would replace

    @property
    def navigation_only(self) -> bool:
        """Nothing but site chrome: an import would store no item."""
        return not self.items and bool(self.chrome)


class LineRole(StrEnum):
    """What became of one line of a saved page."""

    ITEM = "item"  # a line of the item the page is shown for
    OTHER = "other"  # a line of another item of the page
    DROPPED = "dropped"  # dropped as site chrome
    BLANK = "blank"


@dataclass(frozen=True, slots=True)
class PageLine:
    """One line of a page as it was saved (decoded, not normalised), and what the import made of it."""

    number: int  # 1-based in the decoded file
    text: str
    role: LineRole
    reason: str | None = None  # why it was dropped, as the engine names it
    item_id: int | None = None  # the item it belongs to


@dataclass(frozen=True, slots=True)
class SavedPage:
    """The page one occurrence of an item was cut from, line by line."""

    import_id: int
    item_id: int
    source: str
    file: str
    imported_at: str
    lines: tuple[PageLine, ...]


@dataclass(frozen=True, slots=True)
class RemovalPlan:
    """What taking an import back would do."""

    import_id: int
    items_touched: int  # items with an occurrence from it
    items_lost: int  # items only it brought, which go away
    marked_lost: tuple[tuple[int, str], ...]  # (id, heading) of those that carry marks


@dataclass(frozen=True, slots=True)
class SourcePlan:
    """What deleting a source would do: all its imports taken back together."""

    source: str
    imports: int
    items_touched: int  # items with an occurrence from its imports
    items_lost: int  # items only it brought, which go away
    marked_lost: tuple[tuple[int, str], ...]  # (id, heading) of those that carry marks


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What a check found: the integrity check's problems (none when sound), whether the
    full-text index (None: not compared) and the counts of items by day matched the items, and
    whether each that did not was rebuilt to match."""

    problems: tuple[str, ...]
    index_ok: bool | None
    index_rebuilt: bool = False
    counts_ok: bool = True
    counts_rebuilt: bool = False

    @property
    def ok(self) -> bool:
        return (
            not self.problems
            and (self.index_ok is not False or self.index_rebuilt)
            and (self.counts_ok or self.counts_rebuilt)
        )


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """A backup in the ``backups/`` folder beside a store: when it was taken (UTC), its size in
    bytes, and, once it has been opened, how many items it holds and whether it passes
    ``quick_check`` now (None: not looked at yet)."""

    path: Path
    taken: datetime
    size: int
    items: int | None = None
    sound: bool | None = None


# A file larger than this (1 GB) is refused unless the caller allows more: it is read whole.
MAX_FILE_BYTES = 2**30
# The years a date in a dump can name (``ingest.dates``), and so the years an import may give
# dates that have none.
YEARS = range(1800, 3000)

# Asked between files of an import, and between the items of a file; True stops it there, and the
# file in progress is rolled back.
Cancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """A short line seen in many dumps of one source, offered or decided as boilerplate."""

    source: str
    text: str
    dumps: int
    status: str  # candidate, confirmed or rejected


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


class Interrupted(Exception):
    """A read was interrupted because its result is no longer wanted (a newer search, a closing
    window). Not an error: nothing is shown."""


class MarkedItems(UserError):
    """Removing an import would take away items that carry the user's marks; nothing was changed."""

    def __init__(self, items: tuple[tuple[int, str], ...], what: str = "removing this import") -> None:
        self.items = items
        names = "; ".join(heading for _, heading in items[:3]) + ("; …" if len(items) > 3 else "")
        super().__init__(
            f"{what} would delete {len(items)} item(s) with bookmarks, tags, notes or"
            f" highlights ({names}); confirm to remove them too"
        )
