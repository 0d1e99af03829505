"""Bytes to text: byte-order marks, UTF-8, UTF-16 and UTF-32 (with or without a mark), and the
single-byte code pages of Cyrillic and Western pages. Binary data is refused.

Every single-byte candidate reads ASCII alike, so only the other bytes tell them apart: each
candidate's reading of them is scored by how much it looks like running text (common letters of
one script inside words, sane capitals, punctuation only at the edges of words), and the best
reading wins. Where two readings score alike, charset-normalizer breaks the tie.
"""

from __future__ import annotations

import codecs
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from reader.model import RefusedFile

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Magic numbers of files people save with a .txt name by mistake.
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
)
# Code pages users meet, in the order that wins a tie between equal readings.
SINGLE_BYTE = ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "mac_cyrillic", "cp1252", "cp1250", "latin_1")
# Text has few control characters besides tab, line feed, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HIGH = re.compile(rb"[\x80-\xff]")
# How much of a file the candidates are scored on: enough words for a clear lead, little time.
_SAMPLE_BYTES = 6000
# Readings closer than this (in the score's units, about one rare letter) are a tie.
_TIE_MARGIN = 0.5


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes) -> Decoded:
    """Decode a dump; raise RefusedFile (with the reason as a sentence) for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :].decode(encoding.removesuffix("-sig"), errors="replace")
            return _checked(body, encoding)
    _refuse_binary(data)
    if b"\x00" in data:
        wide = _bomless_wide(data)
        if wide:
            return _checked(data.decode(wide, errors="replace"), wide)
        raise RefusedFile("binary data (it contains NUL bytes), not a text dump")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    best = best_single_byte(data)
    return _checked(data.decode(best, errors="replace"), best)


def _refuse_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise RefusedFile(f"{what}, not a text dump")


def _zero_share(sample: bytes, phase: int, step: int) -> float:
    lane = sample[phase::step]
    return lane.count(0) / len(lane) if lane else 0.0


def _bomless_wide(data: bytes) -> str | None:
    """UTF-32 or UTF-16 without a byte-order mark, told by where the zero bytes fall.

    Text in either keeps the high bytes of its characters in fixed lanes: for UTF-32 two lanes of
    every four are all zero; for UTF-16 one lane of two holds the zeros of every ASCII character
    (spaces and punctuation even in Cyrillic text) while the other almost never is zero. Binary
    data has zeros everywhere or nowhere in particular.
    """
    sample = data[:8192]
    if len(sample) < 4:
        return None
    if len(data) % 4 == 0:
        lanes = [_zero_share(sample, k, 4) for k in range(4)]
        if lanes[2] == lanes[3] == 1.0 and lanes[0] < 0.05:
            return _valid(data, "utf-32-le")
        if lanes[0] == lanes[1] == 1.0 and lanes[3] < 0.05:
            return _valid(data, "utf-32-be")
    if len(data) % 2:
        return None
    even, odd = _zero_share(sample, 0, 2), _zero_share(sample, 1, 2)
    if odd > 0.05 and even < 0.02 and odd > 5 * even:
        return _valid(data, "utf-16-le")
    if even > 0.05 and odd < 0.02 and even > 5 * odd:
        return _valid(data, "utf-16-be")
    return None


def _valid(data: bytes, encoding: str) -> str | None:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding


def _checked(text: str, encoding: str) -> Decoded:
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > 0.02:
        raise RefusedFile("binary data (too many control characters), not a text dump")
    if sample and sample.count("\ufffd") / len(sample) > 0.1:
        raise RefusedFile(f"not readable as text in {encoding} or any other known encoding")
    return Decoded(text, encoding)


def best_single_byte(data: bytes) -> str:
    """The single-byte code page whose reading of ``data`` looks most like running text."""
    sample = _sample(data)
    byte_counts = Counter(sample)
    letters = {enc: _letter_score(_char_counts(byte_counts, enc)) for enc in SINGLE_BYTE}
    # Context costs only lower a score, so a candidate whose letters alone score below the best
    # whole score so far cannot win: most candidates are never decoded.
    scores: dict[str, float] = {}
    readings: set[str] = set()
    for encoding in sorted(SINGLE_BYTE, key=lambda enc: -letters[enc]):
        if scores and letters[encoding] < max(scores.values()) - _TIE_MARGIN:
            break
        text = sample.decode(encoding, errors="replace")
        if text not in readings:  # an earlier candidate reads these bytes the same
            readings.add(text)
            scores[encoding] = letters[encoding] + _context_score(text)
    top = max(scores.values())
    tied = [enc for enc in SINGLE_BYTE if enc in scores and top - scores[enc] < _TIE_MARGIN]
    return _tie_break(sample, tied) if len(tied) > 1 else tied[0]


def _sample(data: bytes) -> bytes:
    """Up to ``_SAMPLE_BYTES`` from a little before the first byte outside ASCII, cut at spaces."""
    first = _HIGH.search(data)
    if first is None:
        return data[:_SAMPLE_BYTES]
    start = data.rfind(b" ", 0, max(0, first.start() - 200)) + 1
    end = start + _SAMPLE_BYTES
    if end < len(data) and (cut := data.rfind(b" ", first.start(), end)) > 0:
        end = cut
    return data[start:end]


def _tie_break(sample: bytes, tied: list[str]) -> str:
    """Among readings that score alike, the one charset-normalizer finds least messy."""
    from charset_normalizer import from_bytes  # its import costs 40 ms: only when a tie needs it

    best = from_bytes(sample, cp_isolation=tied, explain=False).best()
    if best is None:
        return tied[0]
    found = codecs.lookup(best.encoding).name
    return next((enc for enc in tied if codecs.lookup(enc).name == found), tied[0])


# Letters of Cyrillic languages by how common they are in running Russian, Ukrainian and Belarusian
# text (per mille); the Cyrillic letters of other languages (Serbian, Macedonian) are rare here.
_CYRILLIC_PER_MILLE = {
    "о": 105, "е": 82, "а": 78, "и": 66, "н": 64, "т": 60, "с": 52, "р": 46, "в": 44, "л": 42,
    "к": 34, "м": 31, "д": 29, "п": 27, "у": 26, "я": 19, "ы": 17, "ь": 16, "г": 16, "з": 16,
    "б": 15, "ч": 13, "й": 11, "х": 9, "ж": 9, "ш": 7, "ю": 6, "ц": 5, "щ": 4, "э": 3, "ф": 3,
    "і": 30, "ў": 6, "ї": 5, "є": 4, "ё": 2, "ъ": 1, "ґ": 0.1,
    "ә": 3, "ғ": 3, "қ": 4, "ң": 3, "ө": 3, "ұ": 3, "ү": 3, "һ": 0.5,
}  # fmt: skip
_LATIN_PER_MILLE = {
    "é": 20, "è": 4, "à": 4, "ä": 5, "ö": 4, "ü": 5, "ß": 2, "ç": 2, "ê": 2, "â": 1, "ô": 1,
    "î": 1, "û": 0.5, "ù": 0.5, "ë": 0.5, "ï": 0.5, "œ": 0.5, "æ": 0.5, "ñ": 2, "á": 2,
    "í": 2, "ó": 2, "ú": 1, "å": 1, "ø": 1, "ã": 0.5, "õ": 0.3, "ÿ": 0.1,
    "č": 1, "ě": 1, "ř": 1, "š": 1, "ž": 1, "ů": 0.5, "ł": 1, "ą": 1, "ę": 1, "ś": 0.5,
    "ć": 0.5, "ń": 0.5, "ź": 0.2, "ż": 0.5, "ő": 0.3, "ű": 0.2, "ý": 0.5, "ť": 0.2,
    "ď": 0.2, "ň": 0.2, "ľ": 0.2, "ĺ": 0.1, "ŕ": 0.1, "ă": 0.5, "ş": 0.5, "ţ": 0.3,
}  # fmt: skip
# Punctuation of running text, then signs that turn up now and then.
_COMMON_SIGNS = "«»—–“”„’…\u00a0№"
_OCCASIONAL_SIGNS = "‘•€©®°§±×‚‹›™£·"
_CAPITAL_COST = 1.0  # capitals are rarer than small letters
_RARE_LETTER = -10.0
_RARE_SIGN = -7.0
_PSEUDOGRAPHIC = -10.0  # box drawing, blocks: what KOI8 gives for the bytes of other code pages
_CONTROL_CHAR = -15.0
_REPLACEMENT = -25.0

# The cost of each pattern in a reading, per occurrence.
_LETTER = r"[^\W\d_]"
_SIGN = r"[^\w\s\x00-\x7f]"
_CONTEXT = (
    # A sign glued to a letter: ``—овместна€`` (cp1251 read as Mac Cyrillic). Closing marks may
    # follow a letter and opening marks precede one; an apostrophe stands between letters.
    (re.compile(rf"(?<={_LETTER})(?![»”’“…\u00a0]){_SIGN}"), -5.0),
    (re.compile(rf"(?:(?![«“„‘’\u00a0]){_SIGN}|(?<!{_LETTER})[’ʼ])(?={_LETTER})"), -5.0),
    # A sentence or line that starts with a small letter, bare or behind a sign: the capitals of
    # one Cyrillic code page are signs or small letters in another (Д of Mac Cyrillic is „ in
    # Windows-1251, Я of Windows-1251 is я in Mac Cyrillic), and they open sentences.
    (re.compile(rf"(?:^|(?<=[.!?] ))(?:{_SIGN}|\u00a0)?[a-z\u00df-\u00ff\u0430-\u045f]", re.M), -5.0),
    # An opening quote before a space opens nothing, and a closing one opens no sentence: the
    # capital У of Mac Cyrillic read in Windows-1251 as “, and of Windows-1251 in Mac Cyrillic as ”.
    (re.compile(r"(?:[“„]|(?:^|(?<=[.!?] ))[”’])(?=\s)", re.M), -5.0),
    # Latin and Cyrillic letters in one word: a Western page read in a Cyrillic code page.
    (re.compile(r"[A-Za-z\u00c0-\u024f][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z\u00c0-\u024f]"), -10.0),
    # A capital after a small letter: KOI8-R read as Windows-1251 swaps the cases.
    (re.compile(r"[a-z\u00df-\u00ff\u0430-\u045f][A-Z\u00c0-\u00de\u0400-\u042f]"), -5.0),
    # Accented Latin letters in a row: a Cyrillic page read in a Western code page.
    (re.compile(r"[\u00c0-\u024f]{2}"), -3.0),
    # A short Cyrillic word among Latin ones: ``à`` of a French page read as ``а``.
    (re.compile(r"[A-Za-z]{2}[\s,.;:]+[\u0400-\u04ff]{1,3}[\s,.;:]+[A-Za-z]{2}"), -8.0),
)
# Letters of one Cyrillic alphabet that the other never uses: Ukrainian has ї, є, ґ and no ы, э,
# ъ, ў; Belarusian has ў and no и, щ, ъ. A reading holding both sides is in the wrong code page.
_EXCLUSIVE_LETTERS = (("їєґЇЄҐ", "ыэъўЫЭЪЎ"), ("ўЎ", "иъщИЪЩ"))
_MIXED_ALPHABET = -6.0


@cache
def _weights() -> dict[str, float]:
    weights: dict[str, float] = {}
    for table in (_CYRILLIC_PER_MILLE, _LATIN_PER_MILLE):
        for letter, per_mille in table.items():
            weights[letter] = math.log(per_mille / 1000)
            weights[letter.upper()] = math.log(per_mille / 1000) - _CAPITAL_COST
    weights.update(dict.fromkeys(_COMMON_SIGNS, -1.5))
    weights.update(dict.fromkeys(_OCCASIONAL_SIGNS, -4.0))
    weights["\ufffd"] = _REPLACEMENT
    return weights


def _weight(char: str) -> float:
    """The score of a character outside the tables."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return _CONTROL_CHAR
    if 0x2500 <= code < 0x2600:
        return _PSEUDOGRAPHIC
    return _RARE_LETTER if char.isalpha() else _RARE_SIGN


@cache
def _high_chars(encoding: str) -> tuple[str, ...]:
    """What ``encoding`` reads each byte from 0x80 to 0xFF as."""
    return tuple(bytes([b]).decode(encoding, errors="replace") for b in range(0x80, 0x100))


def _char_counts(byte_counts: Counter[int], encoding: str) -> Counter[str]:
    chars = _high_chars(encoding)
    counts: Counter[str] = Counter()
    for byte, count in byte_counts.items():
        if byte >= 0x80:
            counts[chars[byte - 0x80]] += count
    return counts


def plausibility(text: str) -> float:
    """How much a reading of bytes outside ASCII looks like running text; higher is likelier.

    The sum of each non-ASCII character's log-frequency in the languages users read, less the
    costs of patterns a wrong code page makes (see ``_CONTEXT``). ASCII characters read alike in
    every candidate and add nothing.
    """
    return _letter_score(Counter(c for c in text if c > "\x7f")) + _context_score(text)


def _letter_score(counts: Counter[str]) -> float:
    weights = _weights()
    score = 0.0
    for one, other in _EXCLUSIVE_LETTERS:
        score += _MIXED_ALPHABET * min(sum(counts[c] for c in one), sum(counts[c] for c in other))
    for char, count in counts.items():
        score += count * (weights.get(char) or _weight(char))
    return score


def _context_score(text: str) -> float:
    score = sum(cost * len(pattern.findall(text)) for pattern, cost in _CONTEXT)
    # An opening quote glued to a Cyrillic word that no closing quote answers: Mac Cyrillic reads
    # the capital Ф of Windows-1251 as ‘, which the rule above lets stand before a letter.
    unanswered = len(_OPENED_WORD.findall(text)) - text.count("’")
    # The same for a closing quote that opens a word: Windows-1251 reads the capital Ф of Mac
    # Cyrillic as ”. A page quoting ”like this” closes as many words as it opens.
    unclosed = len(_CLOSING_OPENS.findall(text)) - len(_CLOSING_CLOSES.findall(text))
    return score + _UNANSWERED_QUOTE * (max(0, unanswered) + max(0, unclosed))


_OPENED_WORD = re.compile(r"‘(?=[\u0430-\u045f])")
_CLOSING_OPENS = re.compile(rf"(?<!\S)”(?={_LETTER})")
_CLOSING_CLOSES = re.compile(rf"{_LETTER}[.,;:!?]?”")
_UNANSWERED_QUOTE = -6.0


def decode_as(data: bytes, encoding: str) -> Decoded:
    """Decode a dump in the encoding a user chose; RefusedFile when it is not one, or the bytes are
    binary. A byte-order mark of that encoding is dropped."""
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise RefusedFile(f"{encoding!r} is not an encoding Dump Reader knows") from None
    _refuse_binary(data)
    for bom, name in _BOMS:
        if data.startswith(bom) and codecs.lookup(name.removesuffix("-sig")).name == codec.name:
            data = data[len(bom) :]
            break
    return _checked(data.decode(codec.name, errors="replace"), codec.name)
