"""Texts of the news corpus: one organisation's news in English and Russian, written from a few
dozen formulaic sentences, as a press office writes them.

Items share their openings ("On 3 October, Secretary General ... met with ...") and whole sentences
("The participants also discussed issues of ..."), so many items share a sentence start. What tells
one story from another is its guest, a person named after the story's number (``names.name``), and
its numbers and dates; ``signature`` reads exactly those from a text.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from datetime import date

from bench.names import SLOTS, name, name_pattern
from bench.texts import Item

_EN_MONTHS = "January February March April May June July August September October November December"
_RU_MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
MONTHS = {"en": _EN_MONTHS.split(), "ru": _RU_MONTHS.split()}


@dataclass(frozen=True)
class Vocabulary:
    officials: tuple[str, ...]  # the organisation's own people, in every other item
    roles: tuple[str, ...]
    bodies: tuple[str, ...]
    cities: tuple[str, ...]
    topics: tuple[str, ...]
    openings: tuple[str, ...]  # first sentences: a date and the guest
    formulaic: tuple[str, ...]  # sentences any item may hold
    guest: tuple[str, ...]  # later sentences naming the guest
    titles: tuple[str, ...]
    added: tuple[str, ...]  # sentences with no name and no number, for edited versions
    synonyms: dict[str, str]  # word swaps for edited versions, lower case, no digits


EN = Vocabulary(
    officials=("Secretary General Imangali Tasmagambetov", "Deputy Secretary General Valery Semerikov"),
    roles=(
        "Ambassador",
        "Deputy Minister",
        "Chief of the General Staff",
        "Head of the delegation",
        "Director",
    ),
    bodies=(
        "CSTO",
        "Collective Security Council",
        "Joint Staff",
        "Council of Foreign Ministers",
        "Secretariat",
    ),
    cities=("Moscow", "Minsk", "Yerevan", "Astana", "Bishkek", "Dushanbe", "Almaty", "Tashkent"),
    topics=(
        "countering international terrorism",
        "border security",
        "information security",
        "peacekeeping activities",
        "combating drug trafficking",
        "emergency response",
        "military and technical cooperation",
        "illegal migration",
    ),
    openings=(
        "On {date}, {official} met with {role} {who}.",
        "On {date}, {role} {who} took part in a meeting of the {body} in {city}.",
        "On {date}, the {body} hosted a working meeting with {role} {who}.",
        "On {date}, {official} held talks with {role} {who} in {city}.",
        "A delegation headed by {role} {who} arrived in {city} on {date}.",
        "On {date}, a meeting of the working group on {topic} chaired by {who} was held in {city}.",
    ),
    formulaic=(
        "The participants also discussed issues of {topic}.",
        "The parties discussed the state and prospects of cooperation in the field of {topic}.",
        "During the meeting, the parties exchanged views on {topic}.",
        "The sides noted the importance of joint efforts in {topic}.",
        "The meeting was attended by representatives of {n} member states.",
        "Following the talks, the parties signed {n} documents on {topic}.",
        "Special attention was paid to {topic} and to the preparation of the joint exercise in {city}.",
        "The next meeting is scheduled to take place in {city} on {date2}.",
        "{official} stressed that {topic} remains a priority of the {body}.",
        "The {body} approved a plan of {n} measures on {topic} for {year}.",
        "It was noted that more than {n} specialists have been trained in {topic} since {year}.",
        "The exercise involved {n} servicemen and {m} units of military equipment.",
    ),
    guest=(
        "{who} thanked the {body} for its support in {topic}.",
        "According to {who}, {n} experts will join the working group on {topic}.",
        "{who} also informed the participants about the situation in {city}.",
        "In his speech, {who} proposed to hold a conference on {topic} in {city} in {year}.",
    ),
    titles=(
        "{official} met with {role} {who}",
        "{role} {who} visited {city}",
        "{who} and the {body} discussed {topic}",
        "Working meeting with {who} held in {city}",
    ),
    added=(
        "The talks were held in a constructive and friendly atmosphere.",
        "The parties agreed to continue the dialogue at the expert level.",
        "The event was covered by the press service of the organisation.",
    ),
    synonyms={
        "discussed": "considered",
        "noted": "emphasised",
        "importance": "significance",
        "meeting": "session",
        "issues": "questions",
        "stressed": "underlined",
        "approved": "adopted",
    },
)
RU = Vocabulary(
    officials=(
        "Генеральный секретарь Имангали Тасмагамбетов",
        "заместитель Генерального секретаря Валерий Семериков",
    ),
    roles=("Посол", "Заместитель министра", "Начальник Генерального штаба", "Глава делегации", "Директор"),
    bodies=("ОДКБ", "Совета коллективной безопасности", "Объединённого штаба", "Секретариата"),
    cities=("Москве", "Минске", "Ереване", "Астане", "Бишкеке", "Душанбе", "Алматы", "Ташкенте"),
    topics=(
        "противодействия международному терроризму",
        "пограничной безопасности",
        "информационной безопасности",
        "миротворческой деятельности",
        "борьбы с незаконным оборотом наркотиков",
        "реагирования на чрезвычайные ситуации",
        "военно-технического сотрудничества",
        "противодействия незаконной миграции",
    ),
    openings=(
        "{date} {official} провёл встречу, в которой принял участие {role} {who}.",
        "{date} {role} {who} принял участие в заседании {body} в {city}.",
        "{date} в {city} состоялась рабочая встреча, в которой участвовал {role} {who}.",
        "{date} делегация во главе с {who} провела переговоры в {city}.",
        "{date} в {city} под председательством {who} прошло заседание рабочей группы по вопросам {topic}.",
    ),
    formulaic=(
        "Участники также обсудили вопросы {topic}.",
        "Стороны обсудили состояние и перспективы сотрудничества в области {topic}.",
        "В ходе встречи стороны обменялись мнениями по вопросам {topic}.",
        "Стороны отметили важность совместных усилий в сфере {topic}.",
        "Во встрече приняли участие представители {n} государств.",
        "По итогам переговоров стороны подписали {n} документов по вопросам {topic}.",
        "Особое внимание было уделено вопросам {topic}.",
        "Следующее заседание планируется провести в {city} {date2}.",
        "{official} подчеркнул, что вопросы {topic} остаются приоритетом {body}.",
        "Было отмечено, что с {year} года по вопросам {topic} подготовлено более {n} специалистов.",
        "В учении были задействованы {n} военнослужащих и {m} единиц техники.",
    ),
    guest=(
        "{who} поблагодарил {body} за поддержку в вопросах {topic}.",
        "По словам {who}, к рабочей группе присоединятся {n} экспертов.",
        "{who} также проинформировал участников о ситуации в {city}.",
        "В своём выступлении {who} предложил провести в {year} году конференцию по вопросам {topic}.",
    ),
    titles=(
        "{official} провёл встречу с {who}",
        "{role} {who} посетил {city}",
        "В {city} прошло совещание по вопросам {topic} с участием {who}",
    ),
    added=(
        "Переговоры прошли в конструктивной и дружественной атмосфере.",
        "Стороны договорились продолжить диалог на уровне экспертов.",
        "Мероприятие освещала пресс-служба организации.",
    ),
    synonyms={
        "обсудили": "рассмотрели",
        "отметили": "подчеркнули",
        "важность": "значимость",
        "встречи": "совещания",
        "вопросы": "темы",
        "подчеркнул": "отметил",
    },
)
VOCABULARIES = {"en": EN, "ru": RU}


@dataclass(frozen=True)
class Slots:
    """What one story fills its templates with; a look-alike changes one of them."""

    who: str
    day: date  # of the event, named in the opening
    numbers: tuple[int, ...]
    official: str
    role: str
    body: str
    city: str
    topic: str
    year: int


def slots(rng: random.Random, uid: int, lang: str, day: date) -> Slots:
    vocab = VOCABULARIES[lang]
    return Slots(
        who=guest_name(uid, lang),
        day=day,
        numbers=tuple(rng.randint(3, 950) for _ in range(6)),
        official=rng.choice(vocab.officials),
        role=rng.choice(vocab.roles),
        body=rng.choice(vocab.bodies),
        city=rng.choice(vocab.cities),
        topic=rng.choice(vocab.topics),
        year=rng.randint(2008, 2026),
    )


def guest_name(uid: int, lang: str) -> str:
    return name(uid * SLOTS, lang)


def _day(day: date, lang: str) -> str:
    return f"{day.day} {MONTHS[lang][day.month - 1]}"


def _fill(template: str, s: Slots, lang: str, k: int) -> str:
    """``k`` picks the sentence's numbers, so a story's sentences do not all repeat one number."""
    vocab = VOCABULARIES[lang]
    text = template.format(
        who=s.who,
        date=_day(s.day, lang),
        date2=_day(date.fromordinal(s.day.toordinal() + 30 + s.numbers[5] % 60), lang),
        n=s.numbers[k % 5],
        m=s.numbers[(k + 1) % 5],
        official=s.official,
        role=s.role,
        body=s.body,
        city=s.city,
        topic=vocab.topics[(vocab.topics.index(s.topic) + k) % len(vocab.topics)],
        year=s.year,
    )
    # An official in the middle of a sentence may start with a lower-case office ("заместитель").
    return text[0].upper() + text[1:]


@dataclass(frozen=True)
class Plan:
    """The templates of one story: kept, so that a look-alike can be written from other slots."""

    opening: str
    paragraphs: tuple[tuple[str, ...], ...]  # templates of the paragraphs after the opening's
    title: str | None


def plan(rng: random.Random, lang: str, paragraphs: int) -> Plan:
    """``paragraphs`` 1 gives a short news item: its opening and a sentence or two."""
    vocab = VOCABULARIES[lang]
    lead = [*rng.sample(vocab.formulaic, rng.randint(1, 2))]
    rest = []
    for k in range(paragraphs - 1):
        pool = vocab.guest if k % 2 == 0 else vocab.formulaic
        count = rng.randint(2, 3)
        rest.append(tuple([rng.choice(pool), *rng.sample(vocab.formulaic, count - 1)]))
    title = rng.choice(vocab.titles) if paragraphs > 1 else None
    return Plan(rng.choice(vocab.openings), (tuple(lead), *rest), title)


def write(p: Plan, s: Slots, uid: int, lang: str, day: date) -> Item:
    """The item ``p`` gives with ``s``."""
    first = " ".join(
        [_fill(p.opening, s, lang, 0), *(_fill(t, s, lang, 1 + i) for i, t in enumerate(p.paragraphs[0]))]
    )
    later = [
        " ".join(_fill(t, s, lang, 3 + 2 * n + i) for i, t in enumerate(templates))
        for n, templates in enumerate(p.paragraphs[1:])
    ]
    title = _fill(p.title, s, lang, 0) if p.title else None
    return Item(uid, lang, day, title, (first, *later))


_TOKEN = re.compile(r"\d+")


def signature(text: str) -> str:
    """What tells a story from every other: its generated names and its numbers, in any order."""
    tokens = sorted([" ".join(m) for m in name_pattern().findall(text)] + _TOKEN.findall(text))
    return hashlib.blake2b("\x1f".join(tokens).encode("utf-8"), digest_size=8).hexdigest()


def item_signature(item: Item) -> str:
    return signature("\n".join([item.title or "", *item.paragraphs]))
