"""One item as HTML for the reading pane. Pure: no Qt, no database.

Every piece of text that came from a dump, a file name or the user passes through ``html.escape``
here and nowhere else, so a dump holding ``<script>`` or ``&amp;`` shows exactly those characters.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Protocol

from reader.model import HIGHLIGHT_COLORS, DateMethod, ItemDetail, Occurrence, Term
from reader.stems import WORD, stem

_HOW_DATED = {
    DateMethod.LINE: "dated by a date line",
    DateMethod.DATELINE: "dated by its dateline",
    DateMethod.TEXT: "dated by a date in the text",
    DateMethod.INFERRED: "date inferred: the year comes from a nearby item",
}
# Unchanged words kept on each side of a change when a version's differences are shown.
_CONTEXT_WORDS = 8
# The pane lays out its whole document at once (a 50 MB paragraph took 22 s and 2.3 GB), so a
# longer text is shown this many characters at a time (about 15,000 words; 0.3 s to lay out),
# with a link to the next ones; versions are compared only for texts up to _DIFF_CHARS.
SHOWN_CHARS = 100_000
_DIFF_CHARS = 1_000_000
MORE_URL = "reader:more"

# A highlight is drawn as a link to itself, so the pane can tell which one is pointed at or clicked.
HIGHLIGHT_SCHEME = "highlight"

Span = tuple[int, int, str, str]  # start, end, class, and a link ("" for none)
# Where a search matched in a piece of text, as (start, end) offsets.
Matcher = Callable[[str], list[tuple[int, int]]]


class Words(Protocol):
    """How the pane's own words are said in the reader's language (the window passes Qt's
    translations; render stays free of Qt)."""

    def phrase(self, text: str, n: int = -1) -> str:
        """``text`` translated; with ``n``, in the form for that number, ``%Ln`` replaced by it as
        the locale writes numbers (``%n`` as digits)."""
        ...

    def date(self, day: date) -> str:
        """A day as the reader's locale writes it in running text."""
        ...


class English:
    """The pane's words as written here, for export and tests: ``(s)`` is a plural ending."""

    def phrase(self, text: str, n: int = -1) -> str:
        if n < 0:
            return text
        return text.replace("(s)", "" if n == 1 else "s").replace("%Ln", f"{n:,}").replace("%n", str(n))

    def date(self, day: date) -> str:
        return f"{day.day} {day:%B %Y}"


ENGLISH = English()


def render_item(
    item: ItemDetail, terms: Sequence[Term] = (), shown: int = SHOWN_CHARS, words: Words = ENGLISH
) -> str:
    """The reading pane's HTML for ``item``, with the words of a search marked; of a text longer
    than ``shown`` characters, the first ``shown`` and a link to ``MORE_URL``. The pane's own
    phrases are said by ``words``."""
    matcher = search_matcher(terms)
    # An item without a title opens with its first sentence; repeating it as a heading adds nothing.
    title = (item.title or "").strip()
    cut = len(item.body) > shown
    parts = [
        f"<h1>{_marked(title, matcher)}</h1>" if title else "",
        _meta(item, words),
        *(_paragraph(text, start, matcher, item) for text, start in _paragraphs_at(item.body[:shown])),
        _more(shown, len(item.body), words) if cut else "",
        _note(item, words),
        _seen_in(item.occurrences, words),
        _versions(item, words) if len(item.body) <= _DIFF_CHARS else "",
    ]
    return "\n".join(p for p in parts if p)


def highlight_id(link: str) -> int | None:
    """The id of the highlight a link of the pane stands for; None for any other link."""
    scheme, _, rest = link.partition(":")
    return int(rest) if scheme == HIGHLIGHT_SCHEME and rest.isdigit() else None


def render_message(title: str, text: str = "") -> str:
    """A quiet message for the pane when no item is shown."""
    body = f"<p class='hint'>{html.escape(text)}</p>" if text else ""
    return f"<div class='empty'><p class='section'>{html.escape(title)}</p>{body}</div>"


_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*$)", re.S)


def _paragraphs_at(body: str) -> list[tuple[str, int]]:
    """The paragraphs of ``body`` (split at blank lines, stripped), each with its offset in it."""
    return [(m.group(), m.start()) for m in _PARAGRAPH.finditer(body)]


def plain_text(item: ItemDetail) -> str:
    """The item as a reader would copy it: title, then the body."""
    return "\n\n".join(p for p in [(item.title or "").strip(), item.body.strip()] if p) + "\n"


def _more(shown: int, total: int, words: Words) -> str:
    told = words.phrase("%1 of %Ln character(s) shown.", total).replace("%1", f"{shown:,}")
    more = words.phrase("Show %Ln more", min(SHOWN_CHARS, total - shown))
    return f"<p class='hint'>{html.escape(told)} <a href='{MORE_URL}'>{html.escape(more)}</a></p>"


def format_date(day: date | None, words: Words = ENGLISH) -> str:
    return words.date(day) if day else words.phrase("Undated")


def terms_pattern(terms: Iterable[Term]) -> re.Pattern[str] | None:
    """A regular expression matching the search terms as FTS5 matches them (case-insensitive)."""
    alternatives = []
    for term in terms:
        words = r"[\W_]+".join(re.escape(w) for w in term.words)
        alternatives.append(rf"(?<![^\W_]){words}" + (r"[^\W_]*" if term.prefix else r"(?![^\W_])"))
    if not alternatives:
        return None
    return re.compile("|".join(sorted(alternatives, key=len, reverse=True)), re.IGNORECASE)


def search_matcher(terms: Iterable[Term]) -> Matcher | None:
    """What the search matched in a text, as the store matches it: a quoted or ``=`` term and a
    prefix as they are written, any other word in every form that has its stem."""
    terms = tuple(terms)
    pattern = terms_pattern(t for t in terms if t.exact or t.prefix)
    stemmed = [tuple(_folded(stem(w)) for w in t.words) for t in terms if not (t.exact or t.prefix)]
    if pattern is None and not stemmed:
        return None

    def spans(text: str) -> list[tuple[int, int]]:
        out = [(m.start(), m.end()) for m in pattern.finditer(text)] if pattern is not None else []
        if stemmed:
            words = [(m.start(), m.end(), _folded(stem(m.group().lower()))) for m in WORD.finditer(text)]
            for phrase in stemmed:
                n = len(phrase)
                for i in range(len(words) - n + 1):
                    if all(words[i + k][2] == phrase[k] for k in range(n)):
                        out.append((words[i][0], words[i + n - 1][1]))
        return [(start, end) for start, end in out if end > start]

    return spans


def _folded(word: str) -> str:
    """``word`` without diacritics, as the full-text index compares words (``remove_diacritics``)."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _meta(item: ItemDetail, words: Words) -> str:
    when = format_date(item.date, words)
    if item.date and item.date_method:
        when += f" · {words.phrase(_HOW_DATED[item.date_method])}"
    bits = [when]
    if item.place:
        bits.append(item.place)
    if item.sources:
        bits.append(", ".join(item.sources))
    out = "<p class='meta'>" + " · ".join(html.escape(b) for b in bits) + "</p>"
    if item.tags or item.bookmarked:
        starred = ["★ " + words.phrase("Bookmarked")] if item.bookmarked else []
        marks = starred + [f"#{t}" for t in item.tags]
        out += "<p class='tags'>" + " &nbsp; ".join(html.escape(m) for m in marks) + "</p>"
    return out


def _paragraph(text: str, offset: int, matcher: Matcher | None, item: ItemDetail) -> str:
    """One paragraph, with the highlights that stand in it drawn where they are anchored. An orphan
    (no offsets: its words are gone) is drawn nowhere, never on words that only look alike."""
    end = offset + len(text)
    spans = [
        (
            max(h.start, offset) - offset,
            min(h.end, end) - offset,
            _highlight_class(h.color),
            f"{HIGHLIGHT_SCHEME}:{h.id}",
        )
        for h in item.highlights
        if h.start is not None and h.end is not None and h.start < end and h.end > offset
    ]
    return f"<p>{_marked(text, matcher, spans)}</p>"


def _highlight_class(color: str) -> str:
    """``highlight`` plus the colour's own class; a colour not known is drawn as the default."""
    return (
        "highlight" if color not in HIGHLIGHT_COLORS or color == HIGHLIGHT_COLORS[0] else f"highlight-{color}"
    )


def _marked(text: str, matcher: Matcher | None, extra: Sequence[Span] = ()) -> str:
    """``text`` escaped, with search matches and ``extra`` spans wrapped in classed spans."""
    spans = list(extra)
    if matcher is not None:
        spans += [(start, end, "match", "") for start, end in matcher(text)]
    out, pos = [], 0
    for start, end, cls, link in sorted(spans):
        if start < pos:
            continue  # overlaps the previous mark; the first one wins
        out.append(html.escape(text[pos:start]))
        words = html.escape(text[start:end])
        out.append(
            f"<a class='{cls}' href='{link}'>{words}</a>" if link else f"<span class='{cls}'>{words}</span>"
        )
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _note(item: ItemDetail, words: Words) -> str:
    notes = []
    if item.note.strip():
        notes.append(f"<p class='note'><b>{html.escape(words.phrase('Note'))}</b> — {_lines(item.note)}</p>")
    for h in item.highlights:
        if h.note.strip():
            notes.append(f"<p class='note'>“{html.escape(h.quote)}” — {_lines(h.note)}</p>")
    return "\n".join(notes)


def _lines(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.strip().splitlines())


def _seen_in(occurrences: Sequence[Occurrence], words: Words) -> str:
    if not occurrences:
        return ""
    rows = "".join(
        f"<p class='seen'><b>{html.escape(o.source)}</b> · {html.escape(o.file)}, "
        f"{html.escape(_line_range(o, words))} · "
        f"{html.escape(words.phrase('imported %1').replace('%1', _when(o.imported_at)))}</p>"
        for o in occurrences
    )
    section, times = words.phrase("Seen in"), words.phrase("Seen %Ln time(s).", len(occurrences))
    return f"<p class='section'>{html.escape(section)}</p><p class='hint'>{html.escape(times)}</p>{rows}"


def _line_range(o: Occurrence, words: Words) -> str:
    if o.last_line <= o.line:
        return words.phrase("line %1").replace("%1", str(o.line))
    return words.phrase("lines %1–%2").replace("%1", str(o.line)).replace("%2", str(o.last_line))


def _when(stamp: str) -> str:
    return stamp.replace("T", " ")[:16]


def _versions(item: ItemDetail, words: Words) -> str:
    """Every distinct text the item was seen with, as words added and removed against the item."""
    base = _words(item)
    shown: set[tuple[str, ...]] = {base}
    parts = []
    for o in item.occurrences:
        seen = tuple((o.title or "").split() + o.body.split())
        if not o.body.strip() or seen in shown:
            continue
        shown.add(seen)
        parts.append(_version(o, base, seen, words))
    if not parts:
        return ""
    section = words.phrase("Versions")
    hint = words.phrase("This item was seen in versions that differ.")
    return f"<p class='section'>{html.escape(section)}</p><p class='hint'>{html.escape(hint)}</p>" + "".join(
        parts
    )


def _words(item: ItemDetail) -> tuple[str, ...]:
    return tuple((item.title or "").split() + item.body.split())


def _version(o: Occurrence, base: Sequence[str], seen: Sequence[str], words: Words) -> str:
    diff, added, removed = word_diff(base, seen)
    change = words.phrase("%Ln word(s) added", added) + ", " + words.phrase("%Ln removed", removed)
    head = f"{o.source} · {o.file}, {_line_range(o, words)}: {change}"
    return f"<p class='version'>{html.escape(head)}</p><p class='diff'>{diff}</p>"


def word_diff(old: Sequence[str], new: Sequence[str]) -> tuple[str, int, int]:
    """HTML of ``new`` against ``old`` word by word, with the counts of words added and removed."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out: list[str] = []
    added = removed = 0
    opcodes = matcher.get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            out.append(_context(old[i1:i2], first=n == 0, last=n == len(opcodes) - 1))
            continue
        if i2 > i1:
            removed += i2 - i1
            out.append(f"<span class='removed'>{html.escape(' '.join(old[i1:i2]))}</span>")
        if j2 > j1:
            added += j2 - j1
            out.append(f"<span class='added'>{html.escape(' '.join(new[j1:j2]))}</span>")
    return " ".join(p for p in out if p), added, removed


def _context(words: Sequence[str], *, first: bool, last: bool) -> str:
    """Unchanged words, shortened to a few on each side of the changes around them."""
    keep = _CONTEXT_WORDS
    head = [] if first else list(words[:keep])
    tail = [] if last else list(words[-keep:])
    if len(words) <= len(head) + len(tail) + 1:
        return html.escape(" ".join(words))
    return html.escape(" ".join([*head, "…", *tail]))
