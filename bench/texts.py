"""Texts of generated items: news sentences in English and Russian, each with a name of its own.

Every sentence names a person no other sentence names, within its first words, so no two items are
equal, near-duplicates or contained in one another, and no two sentences share a lead key. Texts
avoid month names, datelines and phrases the importer treats as page furniture.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from bench.names import SLOTS, TITLE_SLOT, name


@dataclass(frozen=True, slots=True)
class Item:
    uid: int
    lang: str
    day: date
    title: str | None
    paragraphs: tuple[str, ...]

    @property
    def text_size(self) -> int:
        """UTF-8 bytes of the title and body, as a store must keep them at least."""
        body = "\n\n".join(self.paragraphs)
        return len(body.encode()) + (len(self.title.encode()) if self.title else 0)


_EN = {
    "role": [
        "Deputy Minister",
        "Ambassador",
        "Colonel General",
        "Secretary General",
        "Chief of Staff",
        "Senior Adviser",
        "Deputy Director",
        "Spokesperson",
        "Professor",
        "Rear Admiral",
    ],
    "org": [
        "Joint Staff",
        "Secretariat",
        "Crisis Response Center",
        "Parliamentary Assembly",
        "Council of Foreign Ministers",
        "Academy of Sciences",
        "Border Service",
        "Emergency Committee",
        "Red Cross mission",
        "Coordination Centre",
    ],
    "city": [
        "Minsk",
        "Bishkek",
        "Dushanbe",
        "Yerevan",
        "Astana",
        "Moscow",
        "Tashkent",
        "Geneva",
        "Vienna",
        "Almaty",
        "Grodno",
        "Khujand",
        "Osh",
        "Gyumri",
        "Kazan",
    ],
    "topic": [
        "border security",
        "cyber incidents",
        "peacekeeping training",
        "drug trafficking",
        "humanitarian cooperation",
        "emergency response",
        "military medicine",
        "information security",
        "counter-terrorism strategies",
        "water supply",
        "regional transport corridors",
        "migration control",
        "air defence",
        "disaster relief",
        "youth exchanges",
    ],
}
_EN_SENTENCES = [
    "{role} {who} met the delegation of the {org} in {city} to discuss {topic}.",
    "{who}, speaking for the {org}, said that {topic} remained a priority for {n} member states.",
    "According to {who}, the {org} will hold {n} joint exercises on {topic} next year.",
    "A delegation led by {who} visited {city} and held talks on {topic} with local officials.",
    "In {city}, {who} presented a report on {topic} to {n} experts of the {org}.",
    "A working group under {who} approved a plan on {topic} for the coming period.",
    "Experts advised by {who} reviewed {n} proposals on {topic} during the session in {city}.",
    "Participants thanked {who} for the preparation of the meeting on {topic}.",
    "Later {who} answered questions from journalists about {topic} and the budget of the {org}.",
    "{who} was joined by representatives of {n} countries at the round table on {topic}.",
]
_EN_TITLES = [
    "{role} {who} held talks on {topic} in {city}",
    "{who} opened a conference on {topic}",
    "{who} and the {org} agreed on {topic}",
    "Delegation of {who} arrived in {city} for talks",
    "{who} presented the annual report on {topic}",
]

_RU = {
    "role": [
        "Заместитель министра",
        "Посол",
        "Генерал-полковник",
        "Генеральный секретарь",
        "Начальник штаба",
        "Советник",
        "Заместитель директора",
        "Официальный представитель",
        "Профессор",
        "Контр-адмирал",
    ],
    "org": ["ОДКБ", "СНГ", "ШОС", "Объединённого штаба", "Секретариата", "Парламентской ассамблеи"],
    "city": ["Минске", "Бишкеке", "Душанбе", "Ереване", "Москве", "Астане", "Ташкенте", "Казани"],
    "topic": [
        "пограничной безопасности",
        "компьютерных инцидентов",
        "миротворческой подготовки",
        "борьбы с наркотрафиком",
        "гуманитарного сотрудничества",
        "реагирования на чрезвычайные ситуации",
        "военной медицины",
        "информационной безопасности",
        "противодействия терроризму",
        "водоснабжения",
        "транспортных коридоров",
        "миграционного контроля",
    ],
}
_RU_SENTENCES = [
    "{role} {who} провёл в {city} встречу по вопросам {topic}.",
    "На заседании в {city} {who} представил доклад по вопросам {topic}, в обсуждении участвовали {n} экспертов.",
    "Как отметил {who}, развитие {topic} остаётся приоритетом для {org}.",
    "Делегацию {org} возглавил {who}, переговоры в {city} касались {topic}.",
    "Эксперты, которых пригласил {who}, подготовили {n} предложений по вопросам {topic}.",
    "Рабочая группа, которую возглавляет {who}, одобрила план по вопросам {topic}.",
    "{who} поблагодарил участников за подготовку дискуссии о проблемах {topic}.",
    "Позже {who} ответил на вопросы журналистов о проблемах {topic} и о бюджете {org}.",
    "Вместе с {who} в круглом столе по вопросам {topic} приняли участие представители {n} государств.",
]
_RU_TITLES = [
    "{role} {who} провёл переговоры в {city}",
    "{who} открыл конференцию по вопросам {topic}",
    "{who} возглавил делегацию {org} на переговорах в {city}",
    "{who} представил ежегодный доклад по вопросам {topic}",
]
_VOCAB = {"en": _EN, "ru": _RU}
_SENTENCE_TEMPLATES = {"en": _EN_SENTENCES, "ru": _RU_SENTENCES}
_TITLE_TEMPLATES = {"en": _EN_TITLES, "ru": _RU_TITLES}


def _fill(template: str, rng: random.Random, lang: str, code: int) -> str:
    vocab = _VOCAB[lang]
    words = {slot: rng.choice(choices) for slot, choices in vocab.items()}
    return template.format(who=name(code, lang), n=rng.randint(3, 950), **words)


def _paragraph(rng: random.Random, lang: str, codes: list[int]) -> str:
    templates = rng.sample(_SENTENCE_TEMPLATES[lang], len(codes))
    return " ".join(_fill(t, rng, lang, code) for t, code in zip(templates, codes, strict=True))


def teaser(rng: random.Random, uid: int, lang: str, day: date) -> Item:
    """A list item: one paragraph of two to four sentences."""
    codes = [uid * SLOTS + k for k in range(rng.randint(2, 4))]
    return Item(uid, lang, day, None, (_paragraph(rng, lang, codes),))


def article(rng: random.Random, uid: int, lang: str, day: date) -> Item:
    """A titled article: two to five paragraphs of one to three sentences."""
    counts = [rng.randint(1, 3) for _ in range(rng.randint(2, 5))]
    paragraphs, code = [], uid * SLOTS
    for count in counts:
        paragraphs.append(_paragraph(rng, lang, list(range(code, code + count))))
        code += count
    title = _fill(rng.choice(_TITLE_TEMPLATES[lang]), rng, lang, uid * SLOTS + TITLE_SLOT)
    return Item(uid, lang, day, title, tuple(paragraphs))
