"""The tree's context menus: a source renamed, merged into another or deleted, a tag renamed or
deleted (undoably: through the window's undo stack)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMenu, QMessageBox, QWidget

from reader.model import Kind, TreeNode
from reader.storage import Store
from reader.ui.markcommands import DeleteTag, RenameTag
from reader.ui.writer import Submit, Write


def _ask_renamed(parent: QWidget, title: str, name: str) -> str | None:
    """A new name for ``name``, asked in a dialog titled ``title``; None when the user cancels."""
    prompt = parent.tr("New name for “%1”:").replace("%1", name)
    text, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Normal, name)
    return text if ok else None


def ask_new_name(parent: QWidget, name: str) -> str | None:
    return _ask_renamed(parent, parent.tr("Rename source"), name)


def ask_target(parent: QWidget, name: str, others: Sequence[str]) -> str | None:
    text, ok = QInputDialog.getItem(
        parent,
        parent.tr("Merge source"),
        parent.tr("Merge “%1” into:").replace("%1", name),
        list(others),
        0,
        False,
    )
    return text if ok else None


def ask_tag(parent: QWidget, existing: list[str]) -> str | None:
    """A tag to add: one of ``existing`` (completed as the user types) or a new one."""
    text, ok = QInputDialog.getItem(parent, parent.tr("Add tag"), parent.tr("Tag:"), existing, -1, True)
    return text if ok else None


def ask_tag_name(parent: QWidget, name: str) -> str | None:
    return _ask_renamed(parent, parent.tr("Rename tag"), name)


def say_refused(parent: QWidget, message: str) -> None:
    QMessageBox.warning(parent, parent.tr("Dump Reader"), message)


class SourceMenu:
    """Builds the menu for a source node and hands what the user picks to the window's writer;
    ``store`` only answers the questions the menu asks (the other sources)."""

    def __init__(
        self,
        store: Store,
        write: Submit,
        push: Callable[[QUndoCommand], None],
        *,
        ask_name: Callable[[QWidget, str], str | None] = ask_new_name,
        ask_into: Callable[[QWidget, str, Sequence[str]], str | None] = ask_target,
        refused: Callable[[QWidget, str], None] = say_refused,
        ask_tag_name: Callable[[QWidget, str], str | None] = ask_tag_name,
        delete: Callable[[str], None] | None = None,
    ) -> None:
        """``delete`` deletes a source, asking first (the window's, which can undo it)."""
        self._ask_tag_name = ask_tag_name
        self._delete = delete
        self._store, self._write, self._push = store, write, push
        self._ask_name, self._ask_into, self._refused = ask_name, ask_into, refused

    def menu(self, parent: QWidget, node: TreeNode) -> QMenu:
        if node.kind is Kind.TAG:
            return self._tag_menu(parent, node.name or "")
        menu = QMenu(parent)
        name = node.name or ""
        menu.addAction(parent.tr("&Rename source…"), lambda: self.rename(parent, name))
        merge = menu.addAction(parent.tr("&Merge into another source…"), lambda: self.merge(parent, name))
        merge.setEnabled(len(self._store.sources()) > 1)
        if self._delete is not None:
            delete = self._delete
            menu.addSeparator()
            menu.addAction(parent.tr("&Delete source…"), lambda: delete(name))
        return menu

    def _tag_menu(self, parent: QWidget, name: str) -> QMenu:
        menu = QMenu(parent)
        menu.addAction(parent.tr("&Rename tag…"), lambda: self.rename_tag(parent, name))
        menu.addAction(parent.tr("&Delete tag"), lambda: self._push(DeleteTag(self._write, name)))
        return menu

    def rename_tag(self, parent: QWidget, name: str) -> None:
        new = " ".join((self._ask_tag_name(parent, name) or "").split())
        if not new or new == name:
            return
        # Onto another tag's name the two become one; undo needs to know who had that one.
        had_new = None
        if new.casefold() != name.casefold():
            had_new = tagged_items(self._store, new)
        self._push(RenameTag(self._write, name, new, had_new))

    def rename(self, parent: QWidget, name: str) -> None:
        new = self._ask_name(parent, name)
        if new is not None and new.strip() and new.strip() != name:
            self._run(parent, lambda store: store.rename_source(name, new))

    def merge(self, parent: QWidget, name: str) -> None:
        others = [s for s in self._store.sources() if s != name]
        into = self._ask_into(parent, name, others) if others else None
        if into:
            self._run(parent, lambda store: store.merge_sources(name, into))

    def _run(self, parent: QWidget, mutation: Write) -> None:
        self._write(mutation, failed=lambda message: self._refused(parent, message))


def tagged_items(store: Store, name: str) -> frozenset[int] | None:
    """The items that carry the tag ``name`` (in any case), or None when there is no such tag."""
    (tags,) = store.tree([Kind.TAGS], periods=False)
    node = next((n for n in tags.children if n.name and n.name.casefold() == name.casefold()), None)
    return None if node is None else frozenset(store.item_ids(node.filter))
