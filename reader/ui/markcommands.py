"""The user's marks as undoable commands: each runs one store mutation and hands its ``Changes`` to
the window, and its undo runs the mutation that puts the mark back as it was."""

from __future__ import annotations

from collections.abc import Callable, Collection
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


class EditHighlight(QUndoCommand):
    """A highlight's colour and comment changed from the ``highlight`` given to ``color`` and ``note``."""

    def __init__(self, store: Store, highlight: Highlight, color: str, note: str, applied: Applied) -> None:
        super().__init__(_tr("Edit highlight"))
        self._store, self._old, self._color, self._note = store, highlight, color, note
        self._applied = applied

    def redo(self) -> None:
        self._applied(self._store.update_highlight(self._old.id, color=self._color, note=self._note))

    def undo(self) -> None:
        self._applied(self._store.update_highlight(self._old.id, color=self._old.color, note=self._old.note))


class RemoveHighlight(QUndoCommand):
    """A highlight deleted; undo puts it back as it was, under its own id."""

    def __init__(self, store: Store, item_id: int, highlight: Highlight, applied: Applied) -> None:
        super().__init__(_tr("Delete highlight"))
        self._store, self._item, self._highlight, self._applied = store, item_id, highlight, applied

    def redo(self) -> None:
        self._applied(self._store.remove_highlight(self._highlight.id))

    def undo(self) -> None:
        self._applied(self._store.restore_highlight(self._item, self._highlight))


class TagItems(QUndoCommand):
    """Add a tag to several items (``on``) or take it off them, in one step. Undo changes back only
    the items this step changed: an item that had the tag before keeps it, one without it stays so."""

    def __init__(self, store: Store, item_ids: Collection[int], tag: str, on: bool, applied: Applied) -> None:
        super().__init__((_tr("Tag items %1") if on else _tr("Untag items %1")).replace("%1", tag))
        self._store, self._items, self._tag, self._on, self._applied = store, item_ids, tag, on, applied
        self._changed: frozenset[int] = frozenset()

    def redo(self) -> None:
        changes = self._set(self._items, self._on)
        self._changed = changes.annotations
        # Nothing to change (every item had the tag already): no step for undo to take back.
        self.setObsolete(not self._changed)
        self._applied(changes)

    def undo(self) -> None:
        self._applied(self._set(self._changed, not self._on))

    def _set(self, item_ids: Collection[int], on: bool) -> Changes:
        tags = (self._tag,)
        return self._store.tag_items(item_ids, add=tags if on else (), remove=() if on else tags)


class RenameTag(QUndoCommand):
    """A tag renamed everywhere. Renamed onto another tag's name the two become one, and undo parts
    them again: ``had_new`` are the items that carried that other tag before."""

    def __init__(
        self, store: Store, old: str, new: str, applied: Applied, had_new: frozenset[int] | None = None
    ) -> None:
        super().__init__(_tr("Rename tag %1").replace("%1", old))
        self._store, self._old, self._new, self._applied, self._had_new = store, old, new, applied, had_new
        self._had_old: frozenset[int] = frozenset()

    def redo(self) -> None:
        changes = self._store.rename_tag(self._old, self._new)
        self._had_old = changes.annotations
        self._applied(changes)

    def undo(self) -> None:
        if self._had_new is None:
            self._applied(self._store.rename_tag(self._new, self._old))
            return
        back = self._store.tag_items(self._had_old, add=(self._old,))
        self._applied(back | self._store.tag_items(self._had_old - self._had_new, remove=(self._new,)))


class DeleteTag(QUndoCommand):
    """A tag deleted and taken off every item; undo puts it back on exactly the items that had it."""

    def __init__(self, store: Store, tag: str, applied: Applied) -> None:
        super().__init__(_tr("Delete tag %1").replace("%1", tag))
        self._store, self._tag, self._applied = store, tag, applied
        self._had: frozenset[int] = frozenset()

    def redo(self) -> None:
        changes = self._store.delete_tag(self._tag)
        self._had = changes.annotations
        self._applied(changes)

    def undo(self) -> None:
        self._applied(self._store.tag_items(self._had, add=(self._tag,)))
