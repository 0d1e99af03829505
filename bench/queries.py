"""One hundred varied search queries for a generated corpus: rare names, common words, two-word
searches, phrases, prefixes and first names, in English and Russian."""

from __future__ import annotations

import random

from bench.names import SLOTS, name
from bench.texts import Item

_COMMON = {
    "en": ["security", "delegation", "experts", "Minsk", "Geneva", "peacekeeping", "budget", "report"],
    "ru": ["безопасности", "делегацию", "экспертов", "Минске", "Бишкеке", "доклад", "журналистов"],
}
_PAIRS = {
    "en": [
        ("border", "Minsk"),
        ("cyber", "Astana"),
        ("water", "supply"),
        ("air", "defence"),
        ("youth", "Osh"),
    ],
    "ru": [("пограничной", "Минске"), ("медицины", "Ереване"), ("терроризму", "ОДКБ")],
}
_PHRASES = {
    "en": ['"joint exercises"', '"round table"', '"member states"', '"Crisis Response Center"'],
    "ru": ['"круглом столе"', '"по вопросам водоснабжения"', '"ежегодный доклад"'],
}
_PREFIXES = {"en": ["Bishk*", "humanit*", "migrat*", "Tashk*"], "ru": ["погранич*", "миротвор*", "Душан*"]}
_SAMPLE_EVERY = 7
_NAMES_KEPT = 200


class QueryMaker:
    """Collects names of some generated items while pages are written, then makes the queries."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._names: list[str] = []
        self._seen = 0

    def note(self, page: list[Item]) -> None:
        for item in page:
            self._seen += 1
            if self._seen % _SAMPLE_EVERY == 0 and len(self._names) < _NAMES_KEPT:
                self._names.append(name(item.uid * SLOTS, item.lang))

    def make(self) -> list[str]:
        rng = self._rng
        rare = [n.split()[1] for n in rng.sample(self._names, min(25, len(self._names)))]
        firsts = list(dict.fromkeys(n.split()[0] for n in self._names))[:10]
        out = rare + firsts
        for lang in ("en", "ru"):
            out += _COMMON[lang] + [" ".join(p) for p in _PAIRS[lang]] + _PHRASES[lang] + _PREFIXES[lang]
        with_names = [f"{n.split()[1]} {rng.choice(_COMMON['en'])}" for n in self._names[:5]]
        out += with_names
        unique = dict.fromkeys(out)
        combos = [f"{w} {p}" for lang in ("en", "ru") for w in _COMMON[lang] for p in _PREFIXES[lang]]
        rng.shuffle(combos)
        unique.update(dict.fromkeys(combos))
        names = iter(self._names[5:])
        while len(unique) < 100 and (extra := next(names, None)):
            unique[extra.split()[1]] = None
        return list(unique)[:100]
