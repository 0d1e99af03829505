"""The user's marks as undoable commands: redo hands one store mutation (a ``Store -> Changes``
callable) to the window's writer, and undo hands it the mutation that puts the mark back as it was.
The writer runs them in order off the GUI thread and applies each one's ``Changes`` when it lands.

A mutation reads what it needs from the command when it is made, not when it runs (a note's
text goes on changing as the user types), and anything a later mutation needs from an earlier one
(the id of a new highlight) is kept in a holder the writer fills in order."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from reader.model import Changes, Highlight
from reader.storage import Store
from reader.ui.writer import Submit

# Show a mark at once, before its write lands: an item's bookmark, an item's note.
Shown = Callable[[int, bool], None]
NoteShown = Callable[[int, str], None]
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
    """A bookmark set or taken off; ``shown`` puts the star on the screen at once, before it lands."""

    def __init__(self, write: Submit, item_id: int, on: bool, shown: Shown | None = None) -> None:
        super().__init__(_tr("Bookmark") if on else _tr("Remove bookmark"))
        self._write, self._item, self._on, self._shown = write, item_id, on, shown

    def redo(self) -> None:
        self._set(self._on)

    def undo(self) -> None:
        self._set(not self._on)

    def _set(self, on: bool) -> None:
        item = self._item
        if self._shown is not None:
            self._shown(item, on)
        self._write(lambda store: store.set_bookmark(item, on))


class SetNote(QUndoCommand):
    """A note's text from ``old`` to ``new``; edits of one item's note in a row merge into one step."""

    def __init__(
        self, write: Submit, item_id: int, old: str, new: str, shown: NoteShown | None = None
    ) -> None:
        super().__init__(_tr("Edit note"))
        self._write, self._item, self._old, self._new, self._shown = write, item_id, old, new, shown

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
        self._set(self._new)

    def undo(self) -> None:
        self._set(self._old)

    def _set(self, text: str) -> None:
        item = self._item
        if self._shown is not None:
            self._shown(item, text)
        self._write(lambda store: store.set_note(item, text))


@dataclass(slots=True)
class _Made:
    """The id a mutation gave a new mark, filled in on the writer's thread for the mutations after it."""

    id: int | None = None


class AddHighlight(QUndoCommand):
    """A highlight of the words selected in the reading pane; undo removes it again."""

    def __init__(self, write: Submit, item_id: int, quote: Quote, color: str, note: str) -> None:
        super().__init__(_tr("Highlight"))
        self._write, self._item, self._quote, self._color, self._note = write, item_id, quote, color, note
        self._made = _Made()

    def redo(self) -> None:
        item, q, color, note, made = self._item, self._quote, self._color, self._note, self._made

        def add(store: Store) -> Changes:
            before = {h.id for h in _highlights(store, item)}
            changes = store.add_highlight(
                item,
                q.text,
                prefix=q.prefix,
                suffix=q.suffix,
                start=q.start,
                end=q.end,
                color=color,
                note=note,
            )
            made.id = next((h.id for h in _highlights(store, item) if h.id not in before), None)
            return changes

        self._write(add)

    def undo(self) -> None:
        made = self._made

        def remove(store: Store) -> Changes:
            return store.remove_highlight(made.id) if made.id is not None else Changes()

        self._write(remove)


def _highlights(store: Store, item_id: int) -> list[Highlight]:
    item = store.item(item_id)
    return item.highlights if item is not None else []


class SetTag(QUndoCommand):
    """Add a tag to an item (``on``) or take it off; undo does the other."""

    def __init__(self, write: Submit, item_id: int, tag: str, on: bool) -> None:
        super().__init__((_tr("Tag %1") if on else _tr("Untag %1")).replace("%1", tag))
        self._write, self._item, self._tag, self._on = write, item_id, tag, on

    def redo(self) -> None:
        self._set(self._on)

    def undo(self) -> None:
        self._set(not self._on)

    def _set(self, on: bool) -> None:
        item, tag = self._item, self._tag
        self._write(lambda store: store.add_tag(item, tag) if on else store.remove_tag(item, tag))


class EditHighlight(QUndoCommand):
    """A highlight's colour and comment changed from the ``highlight`` given to ``color`` and ``note``."""

    def __init__(self, write: Submit, highlight: Highlight, color: str, note: str) -> None:
        super().__init__(_tr("Edit highlight"))
        self._write, self._old, self._color, self._note = write, highlight, color, note

    def redo(self) -> None:
        self._set(self._color, self._note)

    def undo(self) -> None:
        self._set(self._old.color, self._old.note)

    def _set(self, color: str, note: str) -> None:
        ident = self._old.id
        self._write(lambda store: store.update_highlight(ident, color=color, note=note))


class RemoveHighlight(QUndoCommand):
    """A highlight deleted; undo puts it back as it was, under its own id."""

    def __init__(self, write: Submit, item_id: int, highlight: Highlight) -> None:
        super().__init__(_tr("Delete highlight"))
        self._write, self._item, self._highlight = write, item_id, highlight

    def redo(self) -> None:
        ident = self._highlight.id
        self._write(lambda store: store.remove_highlight(ident))

    def undo(self) -> None:
        item, highlight = self._item, self._highlight
        self._write(lambda store: store.restore_highlight(item, highlight))


@dataclass(slots=True)
class _Touched:
    """The items a mutation changed, filled in on the writer's thread for the undo after it."""

    ids: frozenset[int] = frozenset()


def _tag_items(store: Store, item_ids: Collection[int], tag: str, on: bool) -> Changes:
    return store.tag_items(item_ids, add=(tag,) if on else (), remove=() if on else (tag,))


class TagItems(QUndoCommand):
    """Add a tag to several items (``on``) or take it off them, in one step. Undo changes back only
    the items this step changed: an item that had the tag before keeps it, one without it stays so."""

    def __init__(self, write: Submit, item_ids: Collection[int], tag: str, on: bool) -> None:
        super().__init__((_tr("Tag items %1") if on else _tr("Untag items %1")).replace("%1", tag))
        self._write, self._items, self._tag, self._on = write, tuple(item_ids), tag, on
        self._changed = _Touched()

    def redo(self) -> None:
        items, tag, on, changed = self._items, self._tag, self._on, self._changed

        def tag_them(store: Store) -> Changes:
            changes = _tag_items(store, items, tag, on)
            changed.ids = changes.annotations
            return changes

        self._write(tag_them)

    def undo(self) -> None:
        tag, on, changed = self._tag, self._on, self._changed
        self._write(lambda store: _tag_items(store, changed.ids, tag, not on))


class RenameTag(QUndoCommand):
    """A tag renamed everywhere. Renamed onto another tag's name the two become one, and undo parts
    them again: ``had_new`` are the items that carried that other tag before."""

    def __init__(self, write: Submit, old: str, new: str, had_new: frozenset[int] | None = None) -> None:
        super().__init__(_tr("Rename tag %1").replace("%1", old))
        self._write, self._old, self._new, self._had_new = write, old, new, had_new
        self._had_old = _Touched()

    def redo(self) -> None:
        old, new, had_old = self._old, self._new, self._had_old

        def rename(store: Store) -> Changes:
            changes = store.rename_tag(old, new)
            had_old.ids = changes.annotations
            return changes

        self._write(rename)

    def undo(self) -> None:
        old, new, had_old, had_new = self._old, self._new, self._had_old, self._had_new

        def back(store: Store) -> Changes:
            if had_new is None:
                return store.rename_tag(new, old)
            restored = store.tag_items(had_old.ids, add=(old,))
            return restored | store.tag_items(had_old.ids - had_new, remove=(new,))

        self._write(back)


class DeleteTag(QUndoCommand):
    """A tag deleted and taken off every item; undo puts it back on exactly the items that had it."""

    def __init__(self, write: Submit, tag: str) -> None:
        super().__init__(_tr("Delete tag %1").replace("%1", tag))
        self._write, self._tag = write, tag
        self._had = _Touched()

    def redo(self) -> None:
        tag, had = self._tag, self._had

        def delete(store: Store) -> Changes:
            changes = store.delete_tag(tag)
            had.ids = changes.annotations
            return changes

        self._write(delete)

    def undo(self) -> None:
        tag, had = self._tag, self._had
        self._write(lambda store: store.tag_items(had.ids, add=(tag,)))
