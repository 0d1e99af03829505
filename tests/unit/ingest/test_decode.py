import codecs

import pytest

from reader.ingest.decode import decode, plausibility
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


# A sentence heavy in я, ю, ё and capitals: the bytes where Windows-1251 and Mac Cyrillic differ.
RU_YA = "Совместная декларация принята. Я знаю, что съезд объявят в январе. Юбилей, ёлка, Щедрость"


def test_windows_1251_with_ya_is_not_read_as_mac_cyrillic():
    decoded = decode(RU_YA.encode("cp1251"))
    assert (decoded.text, decoded.encoding) == (RU_YA, "cp1251")


def test_mac_cyrillic_is_still_recognised():
    assert decode(RU_YA.encode("mac_cyrillic")).text == RU_YA


def test_a_sign_glued_to_letters_costs_more_than_the_letter_it_stands_for():
    """``—овместна€`` has as many words as ``Совместная``; the glued signs give it away."""
    assert plausibility("Совместная декларация") > plausibility("—овместна€ деклараци€")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_cyrillic_in_wide_encodings_without_a_byte_order_mark_is_text(encoding):
    decoded = decode(RU_YA.encode(encoding))
    assert (decoded.text, decoded.encoding) == (RU_YA, encoding)


def test_ukrainian_in_koi8_u_reads_back():
    text = "Їхня пропозиція ґрунтується на досвіді європейських міст і селищ."
    assert decode(text.encode("koi8_u")).text == text


@pytest.mark.parametrize(
    "data", [bytes(4096), b"\x00\x01\x02\x03" * 512, bytes(range(256)) * 16, b"ab\x00" * 300]
)
def test_nul_filled_and_other_binary_data_is_refused(data):
    with pytest.raises(RefusedFile, match=r"binary|not readable"):
        decode(data)


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_charset_normalizer_breaks_a_tie_between_candidates(encoding):
    from reader.ingest.decode import _tie_break

    assert _tie_break(RU_YA.encode(encoding), ["cp1251", "koi8_r"]) == encoding


def test_capitals_that_mac_cyrillic_reads_as_quotes_stay_letters():
    # Ф, Ё and я of Windows-1251 are ‘, ® and € in Mac Cyrillic, which look like punctuation.
    text = (
        "Ёлочные игрушки распродали за два дня. "
        + "Фестиваль объединил музыкантов из двенадцати городов страны. " * 3
    )
    decoded = decode(text.encode("cp1251"))
    assert (decoded.encoding, decoded.text) == ("cp1251", text)


@pytest.mark.parametrize(
    "text",
    [
        # Every sentence opens with a capital that Windows-1251 reads as a closing quote (Ф) or
        # an opening quote before a space (У); the small letters read alike in both code pages.
        "Фестиваль собрал музыкантов из многих городов страны. " * 4,
        "Фестиваль собрал музыкантов из многих городов страны\n" * 4,
        "У нас прошла встреча с делегацией соседней области. " * 4,
    ],
)
def test_sentences_opening_with_capitals_that_another_code_page_reads_as_signs(text):
    assert decode(text.encode("mac_cyrillic")).text == text
    assert decode(text.encode("cp1251")).text == text


def test_a_sentence_opening_with_a_small_letter_costs_more_than_one_opening_with_a_capital():
    assert plausibility("Работа идёт. Встреча прошла.") > plausibility("Работа идёт. „стреча прошла.")
