"""Personal names that are a bijection of an integer, so every sentence can carry a name no other
sentence has, and a name found in an exported item tells which generated item it came from.

A name is ``First Surname``: a first name from a list, and a surname of three consonant-vowel
syllables and an ending. Syllables have a fixed width, so a surname splits back unambiguously.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# Sentences of one item take codes item * SLOTS + k, k < SLOTS; the title takes the last slot.
SLOTS = 16
TITLE_SLOT = SLOTS - 1


@dataclass(frozen=True)
class Alphabet:
    firsts: tuple[str, ...]  # 64
    syllables: tuple[str, ...]  # 64, two letters each
    endings: tuple[str, ...]  # 8

    @property
    def size(self) -> int:
        return len(self.firsts) * len(self.syllables) ** 3 * len(self.endings)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _syllables(consonants: str, vowels: str) -> tuple[str, ...]:
    out = tuple(c + v for c in consonants for v in vowels)
    return out[:64]


EN = Alphabet(
    firsts=_words(
        "Adam Alan Albert Alice Amir Anna Arthur Boris Carl Clara Daniel David Diana Edgar Elena Emil "
        "Erik Eva Felix Frank George Hanna Hugo Ivan Jacob Jan Julia Karl Laura Leon Lena Linda "
        "Louis Lucas Maria Mark Marta Martin Max Mila Nadia Nina Nora Oleg Oscar Paul Peter Petra "
        "Rita Robert Roman Rosa Ruth Sara Simon Sofia Stefan Tanya Theo Tomas Vera Victor Walter Zara"
    ),
    syllables=_syllables("bdgklmnprstvz", "aeiou"),
    endings=("ov", "in", "ski", "man", "ez", "ani", "sen", "ard"),
)
RU = Alphabet(
    firsts=_words(
        "Александр Алексей Алина Анатолий Андрей Анна Антон Арсений Борис Вадим Валентин Валерий "
        "Василий Вера Виктор Виталий Владимир Галина Геннадий Георгий Григорий Дарья Денис Дмитрий "
        "Евгений Екатерина Елена Иван Игорь Илья Ирина Кирилл Константин Лариса Леонид Людмила Максим "
        "Марина Мария Михаил Надежда Наталья Никита Николай Нина Олег Ольга Павел Пётр Роман Руслан "
        "Светлана Семён Сергей Станислав Степан Тамара Татьяна Тимур Фёдор Юлия Юрий Яков Ярослав"
    ),
    syllables=_syllables("бвгдзклмнпрстфх", "аеиоу"),
    endings=("ов", "ин", "ский", "енко", "ян", "ук", "ев", "ич"),
)
ALPHABETS = {"en": EN, "ru": RU}
# Odd, so multiplying by it permutes the codes: neighbouring codes get unrelated names.
_SCRAMBLE = 0x2545F491


@dataclass(frozen=True)
class _Digits:
    first: int
    ending: int
    syllables: tuple[int, int, int]


def _split(value: int, alphabet: Alphabet) -> _Digits:
    value, first = divmod(value, len(alphabet.firsts))
    value, ending = divmod(value, len(alphabet.endings))
    value, s1 = divmod(value, 64)
    value, s2 = divmod(value, 64)
    return _Digits(first, ending, (s1, s2, value % 64))


def name(code: int, lang: str) -> str:
    """The name for ``code``; distinct codes below ``Alphabet.size`` give distinct names."""
    alphabet = ALPHABETS[lang]
    d = _split((code * _SCRAMBLE) % alphabet.size, alphabet)
    stem = "".join(alphabet.syllables[s] for s in d.syllables)
    return f"{alphabet.firsts[d.first]} {stem.capitalize()}{alphabet.endings[d.ending]}"


def code_of(first: str, surname: str, lang: str) -> int | None:
    """The code ``name`` was called with, or None when the words are not a generated name."""
    alphabet = ALPHABETS[lang]
    lookup = _lookup(lang)
    stem, ending = surname[:6].lower(), surname[6:]
    if first not in lookup.firsts or ending not in lookup.endings or len(stem) != 6:
        return None
    try:
        s1, s2, s3 = (lookup.syllables[stem[i : i + 2]] for i in (0, 2, 4))
    except KeyError:
        return None
    value = ((s3 * 64 + s2) * 64 + s1) * len(alphabet.endings) + lookup.endings[ending]
    value = value * len(alphabet.firsts) + lookup.firsts[first]
    return (value * _inverse(alphabet.size)) % alphabet.size


@dataclass(frozen=True)
class _Lookup:
    firsts: dict[str, int]
    syllables: dict[str, int]
    endings: dict[str, int]


@cache
def _lookup(lang: str) -> _Lookup:
    a = ALPHABETS[lang]
    index = lambda seq: {s: i for i, s in enumerate(seq)}  # noqa: E731
    return _Lookup(index(a.firsts), index(a.syllables), index(a.endings))


@cache
def _inverse(size: int) -> int:
    return pow(_SCRAMBLE, -1, size)


@cache
def name_pattern() -> re.Pattern[str]:
    """Matches ``First Surname`` pairs of either alphabet."""
    firsts = sorted({*EN.firsts, *RU.firsts}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(firsts) + r") ([A-ZА-ЯЁ][a-zа-яё]{6,9})\b")


def items_named(text: str) -> set[int]:
    """The generated items whose names appear in ``text``."""
    found: set[int] = set()
    for first, surname in name_pattern().findall(text):
        lang = "ru" if surname[0] >= "А" else "en"
        code = code_of(first, surname, lang)
        if code is not None:
            found.add(code // SLOTS)
    return found
