"""The name of the site a set of dumps was saved from, read from the dumps themselves.

Sites carry their name in every page they serve: a domain (``www.site.by``, ``https://site.kz/…``,
"© 2024 site.uz") and a header line above the news. Pages saved by hand keep them. A name is
offered only when most of the dumps agree on it, so one page's link to another site, or one
article's title, is not taken for the site.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from reader.ingest import chrome, dates

# The lines at the top of a page where sites put their name.
HEAD_LINES = 12
# A site name is a few words; a longer line is a headline or running text.
MAX_NAME_CHARS = 60
MAX_NAME_WORDS = 6
# Generic top-level domains a news site uses; country domains are any two Latin letters.
_GENERIC_TLDS = (
    "com|org|net|int|info|gov|edu|mil|news|media|online|site|press|today|biz|eu|asia|рф|бел|қаз|укр|срб|мкд"
)


@cache
def _domain() -> re.Pattern[str]:
    label = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
    # Not after an @ (an address's host is its mailbox's, not the site's) nor inside a longer
    # word or path; the domain ends in a lowercase top-level domain, so "Minsk.It was" is no host.
    return re.compile(
        rf"(?<![\w@.\-/])(?:https?://)?((?:{label}\.)+(?-i:[a-z]{{2}}|{_GENERIC_TLDS}))(?![\w\-]|\.[^\W_])",
        re.IGNORECASE,
    )


def domains(text: str) -> list[str]:
    """The domains named in ``text``, lowercased, without a leading ``www.`` or ``m.``."""
    out = []
    for match in _domain().finditer(text):
        host = match.group(1).lower()
        for prefix in ("www.", "m."):
            if host.startswith(prefix) and host.count(".") > 1:
                host = host[len(prefix) :]
        out.append(host)
    return out


@dataclass(frozen=True, slots=True)
class _Page:
    head: tuple[str, ...]  # the header zone's lines, stripped
    hosts: frozenset[str]  # every domain the page names
    head_hosts: frozenset[str]  # those named in its header zone


def _page(text: str) -> _Page:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    head = tuple(line for line in lines if line)[:HEAD_LINES]
    hosts = frozenset(domains(text))
    head_hosts = frozenset(h for line in head for h in domains(line))
    return _Page(head, hosts, head_hosts)


def site_name(texts: Sequence[str]) -> str | None:
    """The site most of these dumps come from: the domain most of them name (one in their header
    zone first), else a short line most of their headers repeat; None when they do not agree."""
    pages = [_page(text) for text in texts]
    if not pages:
        return None
    needed = (len(pages) + 1) // 2  # at least half of the dumps
    return _common_domain(pages, needed) or _common_header(pages, needed)


def _common_domain(pages: list[_Page], needed: int) -> str | None:
    in_head = Counter(h for page in pages for h in page.head_hosts)
    anywhere = Counter(h for page in pages for h in page.hosts)
    agreed = [h for h, n in anywhere.items() if n >= needed]
    if not agreed:
        return None
    return min(agreed, key=lambda h: (-in_head[h], -anywhere[h], h))


def _common_header(pages: list[_Page], needed: int) -> str | None:
    """A line in the header zone of at least two dumps and half of them, that is not a date, a menu
    entry or other furniture; of several, the most repeated, then the highest on the page."""
    if len(pages) < 2:
        return None  # one page cannot tell its site's name from its headline
    seen: Counter[str] = Counter()
    place: dict[str, int] = {}
    for page in pages:
        for position, line in enumerate(dict.fromkeys(page.head)):
            if _could_be_name(line):
                seen[line] += 1
                place[line] = place.get(line, 0) + position
    agreed = [line for line, n in seen.items() if n >= max(needed, 2)]
    if not agreed:
        return None
    return min(agreed, key=lambda line: (-seen[line], place[line] / seen[line], line))


@cache
def _sections() -> frozenset[str]:
    text = files("reader.resources").joinpath("phrases", "sections.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(chrome.key(line) for line in lines if line and not line.startswith("#"))


def _could_be_name(line: str) -> bool:
    if len(line) > MAX_NAME_CHARS or len(line.split()) > MAX_NAME_WORDS:
        return False
    if not any(ch.isalpha() for ch in line) or line.endswith((".", ":", "?", "!")):
        return False
    if chrome.key(line) in _sections() or chrome.reason(line) is not None:
        return False
    return dates.date_line(line) is None and not dates.find_dates(line)
