"""Bytes to text: byte-order marks, UTF-8, UTF-16, and the single-byte code pages of Russian and
Western pages, told apart by how plausible the words they give are. Binary data is refused."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

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
    (b"BM", None),  # too short to trust alone; checked with the control-byte rule
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
    (b"MZ", None),
)
_SINGLE_BYTE = ("cp1251", "koi8_r", "cp1252", "iso8859_5", "mac_cyrillic")
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ACCENTED = re.compile(r"[\u00c0-\u024f]")
# Text has few control characters besides tab, line feed, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes) -> Decoded:
    """Decode a dump; raise RefusedFile (with the reason as a sentence) for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(
                data[len(bom) :].decode(encoding.removesuffix("-sig"), errors="replace"), encoding
            )
    _refuse_binary(data)
    if b"\x00" in data:
        guessed = _bomless_utf16(data)
        if guessed:
            return _checked(data.decode(guessed, errors="replace"), guessed)
        raise RefusedFile("binary data (it contains NUL bytes), not a text dump")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # Every candidate reads ASCII alike, so only the words with other bytes tell them apart.
    sample = b" ".join(re.findall(rb"[^\s]*[\x80-\xff][^\s]*", data[:262144])[:500])
    best = max(_SINGLE_BYTE, key=lambda enc: _plausibility(sample.decode(enc, errors="replace")))
    return _checked(data.decode(best, errors="replace"), best)


def _refuse_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if what and data.startswith(magic):
            raise RefusedFile(f"{what}, not a text dump")


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark shows NUL in every other byte for Latin text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _checked(text: str, encoding: str) -> Decoded:
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > 0.02:
        raise RefusedFile("binary data (too many control characters), not a text dump")
    if sample and sample.count("\ufffd") / len(sample) > 0.1:
        raise RefusedFile(f"not readable as text in {encoding} or any other known encoding")
    return Decoded(text, encoding)


def _plausibility(text: str) -> float:
    """Score how much a decoding looks like words of one script with sane capitals.

    A wrong code page gives words that mix scripts, accented Latin throughout, or capitals in the
    middle of words (KOI8-R read as Windows-1251 swaps the cases).
    """
    score = 0.0
    for word in _WORD.findall(text[:65536]):
        cyr = len(_CYRILLIC.findall(word))
        lat = len(_LATIN.findall(word))
        if cyr and lat:
            score -= 2
            continue
        if lat and len(_ACCENTED.findall(word)) > len(word) / 2:
            score -= 1
            continue
        if not (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())):
            score -= 1
            continue
        # Other Cyrillic code pages give Cyrillic letters too, but rare ones: weigh by how common
        # the word's letters are in Russian.
        score += _common_share(word) if cyr else 1
    return score - 5 * text.count("\ufffd")


_COMMON_CYRILLIC = frozenset("оеаинтсрвлкмдпуяыОЕАИНТСРВЛКМДПУЯЫ")


def _common_share(word: str) -> float:
    return 2 * sum(ch in _COMMON_CYRILLIC for ch in word) / len(word)


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
