"""Taking an import back from the window: asking, removing on the window's writer, and undoing it.

Undo imports the same file again (when it is still where it was, unchanged), which gives back what
the removal took, since the store is a function of the dumps it holds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from reader.model import Changes, ImportRecord, Outcome, RemovalPlan
from reader.storage import Store
from reader.ui.writer import Writer


def _tr(text: str) -> str:
    return QCoreApplication.translate("RemoveImport", text)


# Asked before a removal: None to cancel, else whether items with marks may go too.
Confirm = Callable[[QWidget, ImportRecord, RemovalPlan], bool | None]


def confirm_removal(parent: QWidget, record: ImportRecord, plan: RemovalPlan) -> bool | None:
    name = Path(record.path).name
    text = parent.tr("Remove the import of “%1” into %2?").replace("%1", name).replace("%2", record.source)
    detail = parent.tr(
        "Items only it brought go away (%1); the items it also held (%2) get back the text they had without it."
    )
    detail = detail.replace("%1", str(plan.items_lost)).replace(
        "%2", str(plan.items_touched - plan.items_lost)
    )
    box = QMessageBox(QMessageBox.Icon.Question, parent.tr("Remove import"), text, parent=parent)
    box.setInformativeText(detail)
    if plan.marked_lost:
        box.setIcon(QMessageBox.Icon.Warning)
        listed = "\n".join(f"• {heading}" for _, heading in plan.marked_lost)
        box.setInformativeText(
            detail
            + "\n\n"
            + parent.tr("These items carry your bookmarks, tags, notes or highlights:")
            + "\n"
            + listed
        )
        remove = box.addButton(
            parent.tr("Remove them with their marks"), QMessageBox.ButtonRole.DestructiveRole
        )
    else:
        remove = box.addButton(parent.tr("Remove"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return bool(plan.marked_lost) if box.clickedButton() is remove else None


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
