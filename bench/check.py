"""Checking an export against the generator: every generated item exported exactly once, whole.

In the first corpus, each sentence and title of a generated item names a person that belongs to that
item alone, so the names in an exported item tell which generated items it holds: two means a false
merge, a generated item seen in two exported items means a missed duplicate (or an item split in
two), none means the item was lost. In the news corpus an exported item is known by the signature of
its names and numbers (``newstexts.signature``), which only the whole item has: a teaser left apart
is not generated, and a false merge loses one of the two items.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bench.names import items_named
from bench.newstexts import signature


@dataclass(frozen=True)
class Check:
    expected: int
    exported: int
    merged: int  # exported items holding more than one generated item
    duplicated: int  # generated items found in more than one exported item
    missing: int  # generated items found in no exported item
    unknown: int  # exported items holding no generated item

    @property
    def ok(self) -> bool:
        return self.exported == self.expected and not (
            self.merged or self.duplicated or self.missing or self.unknown
        )

    def describe(self) -> str:
        verdict = "exact" if self.ok else "MISMATCH"
        return (
            f"{verdict}: {self.exported} exported, {self.expected} generated; {self.merged} false merges, "
            f"{self.duplicated} missed duplicates, {self.missing} lost, {self.unknown} not generated"
        )


def by_signature(signatures: dict[str, int]) -> Callable[[str], set[int]]:
    """Which news item a text is, from the signatures the generator wrote."""

    def identify(text: str) -> set[int]:
        uid = signatures.get(signature(text))
        return set() if uid is None else {uid}

    return identify


def check(jsonl: Iterable[str], expected: int, identify: Callable[[str], set[int]] = items_named) -> Check:
    """Compare the lines of ``reader export items --format jsonl`` with ``expected`` unique items;
    ``identify`` says which generated items an exported title and text hold."""
    seen = bytearray(expected)  # times each generated item was found, saturating at 2
    exported = merged = unknown = 0
    for line in jsonl:
        if not line.strip():
            continue
        exported += 1
        item = json.loads(line)
        found = identify(f"{item.get('title') or ''}\n{item.get('text') or ''}")
        merged += len(found) > 1
        unknown += not found
        for uid in found:
            if uid < expected:
                seen[uid] = min(seen[uid] + 1, 2)
    return Check(
        expected=expected,
        exported=exported,
        merged=merged,
        duplicated=seen.count(2),
        missing=seen.count(0),
        unknown=unknown,
    )
