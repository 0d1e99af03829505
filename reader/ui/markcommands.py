"""The user's marks as undoable commands: each runs one store mutation and hands its ``Changes`` to
the window, and its undo runs the mutation that puts the mark back as it was."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from reader.model import Changes
from reader.storage import Store

Applied = Callable[[Changes], None]
_NOTE_EDIT = 1  # QUndoCommand.id of note edits, so that one typing session is one step


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
