import codecs

import pytest

from reader.ingest.decode import decode
from reader.model import RefusedFile

RU = "В Минске состоялась сессия Совета коллективной безопасности. Главы государств обсудили итоги."
EN = "The café served crème brûlée; the naïve critic déjà vu. Straße and Größe."


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "utf-8", "mac_cyrillic", "iso8859_5"])
def test_russian_in_any_common_encoding_reads_back(encoding):
    assert decode(RU.encode(encoding)).text == RU


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-8"])
def test_western_text_reads_back(encoding):
    assert decode(EN.encode(encoding)).text == EN


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_byte_order_marks_are_honoured_and_dropped(bom, encoding):
    decoded = decode(bom + RU.encode(encoding))
    assert decoded.text == RU
    assert not decoded.text.startswith("\ufeff")


def test_utf16_without_bom_is_recognised():
    assert decode(EN.encode("utf-16-le")).text == EN


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"PK\x03\x04rest of a zip", "ZIP archive"),
        (b"%PDF-1.7\n", "PDF"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_binary_files_are_refused_with_a_reason(data, words):
    with pytest.raises(RefusedFile, match=words):
        decode(data)


def test_empty_file_is_empty_text():
    assert decode(b"").text == ""
