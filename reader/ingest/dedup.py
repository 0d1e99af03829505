"""Recognising the same item across dumps: normalised text, keys, containment and near-duplicates.

Two versions are the same item when their text is equal after folding case, white space, quotes,
dashes and hyphens; when one is contained in the other (a teaser of the full article, half of an
item a dump split in two, a teaser cut short with an ellipsis); or when they are near-duplicates
(small edits of one text, never two texts that differ in a name or a number).

Candidates are found by keys: a 64-bit hash of the first ``LEAD_WORDS`` words at each sentence
start. A contained version starts at a sentence start of its container, so its lead key is among
the container's sentence keys.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property

from reader.ingest.normalize import translator
from reader.ingest.sentences import ends_with_punctuation, sentence_breaks, split_sentences

LEAD_WORDS = 6
# A contained version must be this substantial; shorter texts recur by chance.
MIN_CONTAINED_WORDS = 5
MIN_CONTAINED_CHARS = 25
# A run is keyed from each of an item's first lines and up to this length, so that an item of a
# million hard-wrapped lines costs bounded work; news teasers and halves of split items are far
# shorter, and longer ones are still found by their sentence keys.
MAX_PIECE_STARTS = 256
MAX_PIECE_CHARS = 200_000
NEAR_RATIO = 0.9
NEAR_LENGTH_RATIO = 0.85

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u00ad": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)
_fold_chars = translator(_FOLD)
_ELLIPSIS_END = re.compile(r"\s*(?:\u2026|\.{3,})\s*$")
# A sentence ends at . ! ? or … (optionally followed by closing quotes or brackets) before a space.
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """Fold what differs between copies of one text: case, white space, quotes, dashes, hyphens."""
    # str.split() and re's \s agree on what white space is, and splitting is the faster.
    return " ".join(_fold(text).split())


def _fold(text: str) -> str:
    """The per-character steps of ``normalize``. A line break is a boundary none of them crosses,
    so folding a whole body equals folding each of its lines."""
    return _fold_chars(unicodedata.normalize("NFC", text)).casefold()


def key64(text: str) -> int:
    """A stable signed 64-bit hash, the width of an SQLite integer."""
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _trim_ellipsis(text: str) -> str:
    """A teaser cut with '…' ends in a part word: drop the ellipsis and that last word."""
    # The check first: searching the pattern tries it at every white space of the text.
    if not text.rstrip().endswith(("\u2026", "...")) or not _ELLIPSIS_END.search(text):
        return text
    text = _ELLIPSIS_END.sub("", text)
    head, _, _ = text.rpartition(" ")
    return head or text


def _sentences(blocks: list[str]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        out.extend(s for s in split_sentences(block) if s.strip())
    return out


def _lead(sentence: str) -> str | None:
    words = sentence.split()
    return " ".join(words[:LEAD_WORDS]) if len(words) >= 3 else None


def _significant(title: str | None, body: str) -> Counter[str]:
    """Numbers and capitalised words that do not start a sentence: the names and figures.

    Two texts that differ in one of these are different news, however many words they share.
    """
    found: Counter[str] = Counter()
    for block in [title or "", *body.split("\n")]:
        for sentence in split_sentences(block):
            words = _WORD.findall(sentence)
            for position, word in enumerate(words):
                if _NUMBER.fullmatch(word) or (position > 0 and word[:1].isupper()):
                    found[word.casefold()] += 1
    return found


@dataclass(frozen=True)
class Fingerprint:
    """What deduplication needs to know of one version of an item."""

    text: str  # title and body normalised into one line, ellipsis trimmed
    text_key: int  # equal keys: the same item
    norm_len: int
    title: str | None
    body: str

    @cached_property
    def sentence_keys(self) -> tuple[int, ...]:
        """Keys of every sentence start, the lead first. Checking a stored item against a new
        one needs its text alone, so they are computed when asked for."""
        leads = [lead for s in _sentences(_blocks(self.title, self.body)) if (lead := _lead(s))]
        return tuple(dict.fromkeys(key64(lead) for lead in leads))

    @property
    def lead_key(self) -> int | None:
        """Key of the first sentence start."""
        return self.sentence_keys[0] if self.sentence_keys else None

    def bare(self) -> Fingerprint:
        """A copy holding the fields alone, without the keys and counts computed since."""
        return Fingerprint(self.text, self.text_key, self.norm_len, self.title, self.body)

    @cached_property
    def significant(self) -> Counter[str]:
        # Only near-duplicate checks need it, and most items never get one.
        return _significant(self.title, self.body)

    @cached_property
    def near_key(self) -> int:
        """A key of ``significant``: near-duplicates have equal ones, so it finds their candidates."""
        return key64("\x1f".join(f"{word}\x1e{count}" for word, count in sorted(self.significant.items())))

    @cached_property
    def piece_keys(self) -> frozenset[int]:
        """Keys of each run of ``text`` from the start of a line to the end of a sentence (within
        the bounds above): a version made of whole sentences of this one (a teaser, half of a split
        item) has one of them as its ``text_key``."""
        starts, ends, offset = [], [], 0
        for block in _blocks(self.title, self.body):
            starts.append(offset)
            ends += [offset + m.start() + len(m.group().rstrip()) for m in sentence_breaks(block)]
            offset += len(block)
            ends.append(offset)
            offset += 1
        return frozenset(
            key
            for start in starts[:MAX_PIECE_STARTS]
            for key in _run_keys(self.text, start, ends, self.norm_len)
        )

    @cached_property
    def open_end(self) -> bool:
        """Whether the text stops without sentence punctuation, perhaps cut off mid-word."""
        return _cut_off(self.text)

    @cached_property
    def words(self) -> int:
        # ``text`` has single spaces between words: counting them is splitting without the list.
        return self.text.count(" ") + 1

    @cached_property
    def overlap_keys(self) -> frozenset[int]:
        """Keys by which a capture that only overlaps this one finds it: see ``overlap_probes``."""
        paragraphs = _normalized_paragraphs(self.body)
        keys = {_role_key("first", paragraphs[0])}
        keys.update(_role_key("inner", p) for p in paragraphs[:-1])
        keys.update(_edge_keys(("start", paragraphs[0]), ("end", paragraphs[-1])))
        return frozenset(keys)

    @cached_property
    def overlap_probes(self) -> frozenset[int]:
        """The ``overlap_keys`` an item must have for ``join_overlapping`` to join it with this one.

        Where one capture ends, the other goes on: the first paragraph of the one that goes on is a
        paragraph of the other but its last, or the other's last paragraph, of at least
        ``MIN_OVERLAP_WORDS`` words, starts it (it may be cut off in its last word, so only the
        words before that are keyed). Either may be this one.
        """
        paragraphs = _normalized_paragraphs(self.body)
        keys = {_role_key("inner", paragraphs[0])}
        keys.update(_role_key("first", p) for p in paragraphs[:-1])
        keys.update(_edge_keys(("end", paragraphs[0]), ("start", paragraphs[-1])))
        return frozenset(keys)

    @classmethod
    def of(cls, title: str | None, body: str, text_key: int | None = None) -> Fingerprint:
        """``text_key``, when the caller knows it already, must be ``key64`` of the normalised text."""
        text = " ".join(_blocks(title, body))
        key = key64(text) if text_key is None else text_key
        return cls(text=text, text_key=key, norm_len=len(text), title=title, body=body)


def _run_keys(text: str, start: int, ends: list[int], norm_len: int) -> Iterator[int]:
    """``key64`` of each run of ``text`` from ``start`` to one of ``ends`` long enough to be an
    item and shorter than the whole. One hash is fed run after run, so a paragraph of thousands of
    sentences is hashed once, not once per sentence (blake2b's digest leaves it open to more)."""
    digest = hashlib.blake2b(digest_size=8)
    done = start
    for end in sorted(e for e in ends if start < e <= start + MAX_PIECE_CHARS):
        digest.update(text[done:end].encode("utf-8"))
        done = end
        if MIN_CONTAINED_CHARS <= end - start < norm_len:
            yield int.from_bytes(digest.digest(), "big", signed=True)


def _blocks(title: str | None, body: str) -> list[str]:
    """The title's and body's lines, folded, white space normalised, ellipsis trimmed."""
    lines = [_fold(title or ""), *_fold(body).split("\n")]
    blocks = [block for line in lines if (block := " ".join(line.split()))]
    if blocks:
        blocks[-1] = _trim_ellipsis(blocks[-1])
    return blocks


def contains(outer: Fingerprint, inner: Fingerprint) -> bool:
    """True when ``inner`` is a substantial run of whole words of ``outer``.

    A version that stops without sentence punctuation may have been cut mid-word (a teaser saved
    short, ``... places in the foo``): its last word need only start a word of ``outer``.
    """
    if inner.norm_len > outer.norm_len or inner.norm_len < MIN_CONTAINED_CHARS:
        return False
    if inner.words < MIN_CONTAINED_WORDS:
        return False
    return _find_whole_words(outer.text, inner.text, open_end=inner.open_end)


def _cut_off(text: str) -> bool:
    return not ends_with_punctuation(text)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _find_whole_words(outer: str, inner: str, *, open_end: bool = False) -> bool:
    """``inner`` occurs in ``outer`` with no word character glued to either end (to its start
    only, with ``open_end``)."""
    start = outer.find(inner)
    while start >= 0:
        end = start + len(inner)
        before = outer[start - 1] if start else " "
        after = outer[end] if end < len(outer) else " "
        if not _is_word_char(before) and (open_end or not _is_word_char(after)):
            return True
        start = outer.find(inner, start + 1)
    return False


# Two captures that only overlap must share this much text, so that chance repeats never join.
MIN_OVERLAP_WORDS = 20


def join_overlapping(first: Sequence[str], second: Sequence[str]) -> tuple[str, ...] | None:
    """The whole text of two captures of one article that only overlap, in the order of the text.

    One capture has the start and the other the end: the last paragraphs of the one are the first
    of the other (the one's last paragraph perhaps cut off where the page was saved). Returns the
    paragraphs of the whole, or None when neither order overlaps so.
    """
    for head, tail in ((first, second), (second, first)):
        joined = _joined(head, tail)
        if joined is not None:
            return joined
    return None


def _joined(head: Sequence[str], tail: Sequence[str]) -> tuple[str, ...] | None:
    heads = [normalize(p) for p in head]
    tails = [normalize(p) for p in tail]
    for k in range(min(len(heads), len(tails)), 0, -1):
        start = len(heads) - k
        if start == 0 and k == len(tails):
            continue  # one holds the other: containment, not an overlap
        *same, last = heads[start:]
        if same != tails[: k - 1] or not _starts(tails[k - 1], last):
            continue
        if len(" ".join(heads[start:]).split()) < MIN_OVERLAP_WORDS:
            return None
        return (*head[:start], *tail)
    return None


def _normalized_paragraphs(body: str) -> list[str]:
    """The paragraphs ``join_overlapping`` compares, as it normalises them."""
    return [normalize(p) for p in body.split("\n\n")]


def _role_key(role: str, text: str) -> int:
    return key64(f"{role}\x1f{text}")


def _edge_keys(*edges: tuple[str, str]) -> set[int]:
    """Keys of the words of each paragraph but its last that a cut-off copy of it keeps whole, for
    the paragraphs long enough to be an overlap alone."""
    keys = set()
    for role, paragraph in edges:
        words = paragraph.split()
        if len(words) >= MIN_OVERLAP_WORDS:
            keys.add(_role_key(role, " ".join(words[: MIN_OVERLAP_WORDS - 1])))
    return keys


def _starts(whole: str, part: str) -> bool:
    """``part`` is ``whole``, or its start cut off at the end of a capture."""
    return whole == part or (_cut_off(part) and whole.startswith(part))


def near_duplicate(a: Fingerprint, b: Fingerprint) -> bool:
    """True for small edits of one text; false for texts that differ in a name or a number."""
    short, long = sorted((a.norm_len, b.norm_len))
    if long == 0 or short / long < NEAR_LENGTH_RATIO:
        return False
    if a.significant != b.significant:
        return False
    matcher = SequenceMatcher(None, a.text.split(), b.text.split(), autojunk=False)
    return matcher.quick_ratio() >= NEAR_RATIO and matcher.ratio() >= NEAR_RATIO
