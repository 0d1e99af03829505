"""Marks the window shows before the store has them: the bookmarks and notes asked for while their
writes wait for a busy store, so leaving an item and coming back shows what the user did, not what
is stored yet.

It keeps the latest state asked for each item. The writer lands writes in order, so once none is
pending the store holds all of them and this is cleared.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from reader.model import ItemDetail


@dataclass
class Ahead:
    bookmarks: dict[int, bool] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)

    def bookmark(self, item_id: int, on: bool) -> None:
        self.bookmarks[item_id] = on

    def note(self, item_id: int, text: str) -> None:
        self.notes[item_id] = text

    def over(self, detail: ItemDetail) -> ItemDetail:
        """``detail`` as read from the store, with the marks asked for it on top."""
        bookmarked = self.bookmarks.get(detail.id, detail.bookmarked)
        note = self.notes.get(detail.id, detail.note)
        if (bookmarked, note) == (detail.bookmarked, detail.note):
            return detail
        return replace(detail, bookmarked=bookmarked, note=note)

    def clear(self) -> set[int]:
        """Forget everything (all has landed, or failed); the ids that had marks shown ahead."""
        ids = set(self.bookmarks) | set(self.notes)
        self.bookmarks.clear()
        self.notes.clear()
        return ids
