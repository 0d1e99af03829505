"""Taking an import back from the window, or a source with all its imports: asking, removing on the
window's writer, and undoing it.

Undo imports the same files again (when they are still where they were, unchanged), which gives back
what the removal took, since the store is a function of the dumps it holds. Marks that went with
items the user chose to remove do not come back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from reader.model import Changes, ImportRecord, Outcome, RemovalPlan, SourcePlan
from reader.storage import Store
from reader.ui.writer import Writer


def _tr(text: str) -> str:
    return QCoreApplication.translate("RemoveImport", text)


# Asked before a removal: None to cancel, else whether items with marks may go too.
Confirm = Callable[[QWidget, ImportRecord, RemovalPlan], bool | None]


# Asked before a source is deleted: None to cancel, else whether items with marks may go too.
ConfirmDeletion = Callable[[QWidget, SourcePlan], bool | None]


def confirm_removal(parent: QWidget, record: ImportRecord, plan: RemovalPlan) -> bool | None:
    name = Path(record.path).name
    text = parent.tr("Remove the import of “%1” into %2?").replace("%1", name).replace("%2", record.source)
    detail = parent.tr(
        "Items only it brought go away (%1); the items it also held (%2) get back the text they had without it."
    )
    detail = detail.replace("%1", str(plan.items_lost)).replace(
        "%2", str(plan.items_touched - plan.items_lost)
    )
    return _confirm(parent, parent.tr("Remove import"), text, detail, plan.marked_lost)


def confirm_deletion(parent: QWidget, plan: SourcePlan) -> bool | None:
    """The confirmation of removing an import, for all the imports of a source at once."""
    text = parent.tr("Delete the source “%1” and its %Ln import(s)?", "", plan.imports).replace(
        "%1", plan.source
    )
    detail = parent.tr(
        "Items only it brought go away (%1); the items it also held (%2) get back the text they had without it."
        " Edit › Undo imports its files again while they are where they were."
    )
    detail = detail.replace("%1", str(plan.items_lost)).replace(
        "%2", str(plan.items_touched - plan.items_lost)
    )
    return _confirm(parent, parent.tr("Delete source"), text, detail, plan.marked_lost)


def _confirm(
    parent: QWidget, title: str, text: str, detail: str, marked_lost: tuple[tuple[int, str], ...]
) -> bool | None:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setInformativeText(detail)
    if marked_lost:
        box.setIcon(QMessageBox.Icon.Warning)
        listed = "\n".join(f"• {heading}" for _, heading in marked_lost)
        box.setInformativeText(
            detail
            + "\n\n"
            + parent.tr("These items carry your bookmarks, tags, notes or highlights:")
            + "\n"
            + listed
            + "\n\n"
            + parent.tr("Undo cannot bring back the marks of items removed with them.")
        )
        remove = box.addButton(
            parent.tr("Remove them with their marks"), QMessageBox.ButtonRole.DestructiveRole
        )
    else:
        remove = box.addButton(parent.tr("Remove"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return bool(marked_lost) if box.clickedButton() is remove else None


class RemoveImport(QUndoCommand):
    """Remove an import; undo imports its file again."""

    def __init__(
        self,
        writer: Writer,
        record: ImportRecord,
        drop_marked: bool,
        applied: Callable[[Changes], None],
        said: Callable[[str], None],
    ) -> None:
        super().__init__()
        self.setText(_tr("Remove import of %1").replace("%1", Path(record.path).name))
        self._writer, self._record, self._drop = writer, record, drop_marked
        self._applied, self._said = applied, said
        self._import_id = record.id

    def redo(self) -> None:
        import_id, drop = self._import_id, self._drop

        def remove(store: Store) -> Changes:
            return store.remove_import(import_id, drop_marked=drop)

        self._writer.submit(remove, self._applied, failed=self._said)

    def undo(self) -> None:
        path, source = self._record.path, self._record.source

        def reimport(store: Store) -> tuple[int | None, Changes, str]:
            results = list(store.import_paths([path], source))
            done = [r for r in results if r.outcome is Outcome.IMPORTED]
            found = [h.id for h in store.imports(source) if h.path == path] if done else []
            return (found[0] if found else None), (done[0].changes if done else Changes()), results[0].message

        self._writer.submit(reimport, self._restored, failed=self._said)

    def _restored(self, outcome: tuple[int | None, Changes, str]) -> None:
        import_id, changes, message = outcome
        if import_id is None:
            self._said(_tr("Could not import the file again: %1").replace("%1", message))
            self.setObsolete(True)
            return
        self._import_id = import_id
        self._applied(changes)


class DeleteSource(QUndoCommand):
    """Delete a source with all its imports; undo imports its files again, oldest first."""

    def __init__(
        self,
        writer: Writer,
        source: str,
        drop_marked: bool,
        applied: Callable[[Changes], None],
        said: Callable[[str], None],
    ) -> None:
        super().__init__()
        self.setText(_tr("Delete source %1").replace("%1", source))
        self._writer, self._source, self._drop = writer, source, drop_marked
        self._applied, self._said = applied, said
        self._paths: list[str] = []

    def redo(self) -> None:
        source, drop = self._source, self._drop

        def delete(store: Store) -> tuple[list[str], Changes]:
            paths = [record.path for record in reversed(store.imports(source))]
            return paths, store.delete_source(source, drop_marked=drop)

        self._writer.submit(delete, self._deleted, failed=self._said)

    def _deleted(self, outcome: tuple[list[str], Changes]) -> None:
        self._paths, changes = outcome
        self._applied(changes)

    def undo(self) -> None:
        paths, source = list(self._paths), self._source

        def reimport(store: Store) -> tuple[Changes, list[str]]:
            changes, missed = Changes(), []
            for path in paths:
                for result in store.import_paths([path], source):
                    changes |= result.changes
                    if result.outcome is Outcome.REFUSED:
                        missed.append(result.message)
            return changes, missed

        self._writer.submit(reimport, self._restored, failed=self._said)

    def _restored(self, outcome: tuple[Changes, list[str]]) -> None:
        changes, missed = outcome
        self._applied(changes)
        if missed:
            self._said(_tr("Some files could not be imported again: %1").replace("%1", "; ".join(missed)))
