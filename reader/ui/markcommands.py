"""The user's marks as undoable commands: each runs one store mutation and hands its ``Changes`` to
the window, and its undo runs the mutation that puts the mark back as it was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from reader.model import Changes, Highlight
from reader.storage import Store

Applied = Callable[[Changes], None]
_NOTE_EDIT = 1  # QUndoCommand.id of note edits, so that one typing session is one step


@dataclass(frozen=True, slots=True)
class Quote:
    """Words selected in the reading pane, with some text either side to find them by."""

    text: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None


def _tr(text: str) -> str:
    return QCoreApplication.translate("Marks", text)


class SetBookmark(QUndoCommand):
    def __init__(self, store: Store, item_id: int, on: bool, applied: Applied) -> None:
        super().__init__(_tr("Bookmark") if on else _tr("Remove bookmark"))
        self._store, self._item, self._on, self._applied = store, item_id, on, applied

    def redo(self) -> None:
        self._applied(self._store.set_bookmark(self._item, self._on))

    def undo(self) -> None:
        self._applied(self._store.set_bookmark(self._item, not self._on))


class SetNote(QUndoCommand):
    """A note's text from ``old`` to ``new``; edits of one item's note in a row merge into one step."""

    def __init__(self, store: Store, item_id: int, old: str, new: str, applied: Applied) -> None:
        super().__init__(_tr("Edit note"))
        self._store, self._item, self._old, self._new, self._applied = store, item_id, old, new, applied

    @property
    def item_id(self) -> int:
        return self._item

    def id(self) -> int:
        return _NOTE_EDIT

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetNote) or other._item != self._item:
            return False
        self._new = other._new
        return True

    def redo(self) -> None:
        self._applied(self._store.set_note(self._item, self._new))

    def undo(self) -> None:
        self._applied(self._store.set_note(self._item, self._old))


class AddHighlight(QUndoCommand):
    """A highlight of the words selected in the reading pane; undo removes it again."""

    def __init__(
        self, store: Store, item_id: int, quote: Quote, color: str, note: str, applied: Applied
    ) -> None:
        super().__init__(_tr("Highlight"))
        self._store, self._item, self._quote, self._color, self._note = store, item_id, quote, color, note
        self._applied = applied
        self._id: int | None = None

    def redo(self) -> None:
        q = self._quote
        before = {h.id for h in self._highlights()}
        changes = self._store.add_highlight(
            self._item,
            q.text,
            prefix=q.prefix,
            suffix=q.suffix,
            start=q.start,
            end=q.end,
            color=self._color,
            note=self._note,
        )
        self._id = next((h.id for h in self._highlights() if h.id not in before), None)
        self._applied(changes)

    def undo(self) -> None:
        if self._id is not None:
            self._applied(self._store.remove_highlight(self._id))

    def _highlights(self) -> list[Highlight]:
        item = self._store.item(self._item)
        return item.highlights if item is not None else []


class SetTag(QUndoCommand):
    """Add a tag to an item (``on``) or take it off; undo does the other."""

    def __init__(self, store: Store, item_id: int, tag: str, on: bool, applied: Applied) -> None:
        super().__init__((_tr("Tag %1") if on else _tr("Untag %1")).replace("%1", tag))
        self._store, self._item, self._tag, self._on, self._applied = store, item_id, tag, on, applied

    def redo(self) -> None:
        self._set(self._on)

    def undo(self) -> None:
        self._set(not self._on)

    def _set(self, on: bool) -> None:
        mutate = self._store.add_tag if on else self._store.remove_tag
        self._applied(mutate(self._item, self._tag))
