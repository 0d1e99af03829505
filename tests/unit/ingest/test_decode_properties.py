"""Texts of every language users read, in every encoding that can hold them, decode back exactly.

The sentence pools are in tests/data/sentences, one file a language (ru, uk, kk, be, en, de, fr).
"""

from __future__ import annotations

import codecs
import random
from collections import Counter
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest.decode import decode

POOLS = Path(__file__).parents[2] / "data" / "sentences"
# Every encoding a user's file may come in; the UTF ones with and without a byte-order mark.
ENCODINGS = (
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "utf-32-le",
    "utf-32-be",
    "cp1251",
    "koi8_r",
    "koi8_u",
    "iso8859_5",
    "mac_cyrillic",
    "cp1252",
    "cp1250",
    "latin_1",
)


@cache
def pools() -> dict[str, tuple[str, ...]]:
    """Sentences by language code (ru, uk, kk, be, en, de, fr)."""
    return {
        path.stem: tuple(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        for path in sorted(POOLS.glob("*.txt"))
    }


def encodings_for(text: str) -> list[str]:
    """The encodings that can represent ``text`` exactly."""
    out = []
    for encoding in ENCODINGS:
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        if codecs.decode(data, encoding) == text:
            out.append(encoding)
    return out


_SEPARATORS = (" ", "\n", "\n\n", "\r\n")


@st.composite
def texts(draw: st.DrawFn, min_chars: int = 200) -> str:
    """Sentences of one language, joined, some with their final punctuation dropped."""
    pool = pools()[draw(st.sampled_from(sorted(pools())))]
    separator = draw(st.sampled_from(_SEPARATORS))
    bare = draw(st.booleans())
    sentences: list[str] = []
    while len(separator.join(sentences)) < min_chars:
        sentence = draw(st.sampled_from(pool))
        sentences.append(sentence.rstrip(".!?") if bare else sentence)
    return separator.join(sentences)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts(), data=st.data())
def test_text_in_any_encoding_that_holds_it_decodes_back_exactly(text: str, data: st.DataObject) -> None:
    encoding = data.draw(st.sampled_from(encodings_for(text)))
    assert decode(text.encode(encoding)).text == text


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts(min_chars=1), data=st.data())
def test_short_texts_read_back_in_the_unicode_encodings(text: str, data: st.DataObject) -> None:
    encoding = data.draw(st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]))
    assert decode(text.encode(encoding)).text == text


def _generated(count: int, seed: int) -> list[tuple[str, str, str]]:
    """``count`` files of one to twenty sentences: (language, encoding, text)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        language = rng.choice(sorted(pools()))
        sentences = [rng.choice(pools()[language]) for _ in range(rng.choice([1, 2, 3, 5, 8, 20]))]
        if rng.random() < 0.3:
            sentences = [s.rstrip(".!?") for s in sentences]
        text = rng.choice(_SEPARATORS).join(sentences)
        out.append((language, rng.choice(encodings_for(text)), text))
    return out


def test_detection_accuracy_over_generated_files_is_total_from_200_characters() -> None:
    """Report the accuracy by text length; every file of 200 characters or more must read back."""
    files = _generated(3000, seed=10)
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    wrong = []
    for language, encoding, text in files:
        bucket = "200+" if len(text) >= 200 else "<200"
        total[bucket] += 1
        if decode(text.encode(encoding)).text == text:
            right[bucket] += 1
        else:
            wrong.append((bucket, language, encoding, text[:60]))
    report = ", ".join(
        f"{b}: {right[b]}/{total[b]} ({100 * right[b] / total[b]:.2f}%)" for b in sorted(total)
    )
    print(f"decoding accuracy over {len(files)} generated files: {report}")
    assert total["200+"] > 1000
    assert [w for w in wrong if w[0] == "200+"] == []
