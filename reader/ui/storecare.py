"""Looking after the store from the window: the check after imports, the bar that says a check
found damage, and File › Restore from backup….

The check runs in the background in a job's session (``Store.verify``: every page of the file and
the counts of items by day, repairing nothing and holding no write lock), so closing the window
interrupts it; when it finds damage the store refuses every write from then on and the bar offers
the backups. A restore backs up the store it replaces, as ``reader restore`` does, then the
window opens the store again and reads everything anew.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.model import BackupInfo, CheckReport, StoreBusy, StoreError, UserError
from reader.storage import Store, examine_backup, list_backups, restore_store
from reader.ui.plaintext import plain
from reader.ui.workers import Jobs, Report

# Asked before a restore: True to go ahead.
ConfirmRestore = Callable[[QWidget, BackupInfo], bool]
# Asked when the store cannot be opened: (why, its sound backups) -> the one to restore, or None.
AskBackup = Callable[[str, list[BackupInfo]], BackupInfo | None]


def confirm_restore(parent: QWidget, info: BackupInfo) -> bool:
    text = parent.tr("Replace the store by the backup of %1?").replace("%1", taken(info))
    box = QMessageBox(QMessageBox.Icon.Warning, parent.tr("Restore from backup"), text, parent=parent)
    box.setInformativeText(
        parent.tr(
            "Everything imported and marked since then is replaced. The store as it is now is backed up first."
        )
    )
    restore = box.addButton(parent.tr("Restore"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is restore


def ask_backup_at_start(problem: str, backups: list[BackupInfo]) -> BackupInfo | None:
    tr = partial(QCoreApplication.translate, "StoreCare")
    locale = QLocale()
    names = [
        tr("%1 · %2 items · %3")
        .replace("%1", taken(b))
        .replace("%2", str(b.items))
        .replace("%3", locale.formattedDataSize(b.size))
        for b in backups
    ]
    text = tr(
        "The store cannot be opened: %1\n\nRestore it from a backup? The store as it is now is kept aside."
    )
    name, ok = QInputDialog.getItem(
        None, tr("Restore from backup"), text.replace("%1", problem), names, 0, False
    )
    return backups[names.index(name)] if ok and name in names else None


def restore_at_start(path: Path, problem: str, ask: AskBackup = ask_backup_at_start) -> Path | None:
    """When the store at ``path`` cannot be opened: offer its backups that pass their check, and
    restore the one chosen (the store as it was is kept aside). The backup restored, or None."""
    sound = [info for info in map(examine_backup, list_backups(path)) if info.sound]
    chosen = ask(problem, sound) if sound else None
    if chosen is None:
        return None
    restore_store(path, chosen.path)
    return chosen.path


def taken(info: BackupInfo) -> str:
    """When the backup was taken, in local time as the user's locale writes it."""
    moment = QDateTime.fromSecsSinceEpoch(int(info.taken.timestamp()))
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


def problem_of(report: CheckReport) -> str | None:
    """What a check found wrong, in one line, or None when the store is sound."""
    tr = partial(QCoreApplication.translate, "StoreCare")
    if report.problems:
        return report.problems[0]
    if report.index_ok is False and not report.index_rebuilt:
        return tr("its full-text index does not match the items")
    return None


class DamageBar(QFrame):
    """A bar over the panes saying the store is damaged, with a way to restore a backup."""

    restoreRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("damageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#damageBar { background: palette(highlight); }")
        self.label = plain(QLabel())
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: palette(highlighted-text);")
        self.button = QPushButton(self.tr("Restore from backup…"))
        self.button.clicked.connect(self.restoreRequested.emit)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()

    def show_damage(self, problem: str) -> None:
        self.label.setText(
            self.tr(
                "The store is damaged (%1). Nothing will be written to it until a backup is restored."
            ).replace("%1", problem)
        )
        self.show()


class RestoreDialog(QDialog):
    """The backups beside the store, newest first; each is opened in the background to count its
    items and check it. ``chosen`` carries the one to restore."""

    chosen = Signal(object)  # BackupInfo

    def __init__(self, backups: list[BackupInfo], jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore from backup"))
        self.backups = backups
        self.table = QTableWidget(len(backups), 3)
        self.table.setHorizontalHeaderLabels([self.tr("Taken"), self.tr("Size"), self.tr("Items")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        locale = QLocale()
        for row, info in enumerate(backups):
            self._set(row, 0, taken(info))
            self._set(row, 1, locale.formattedDataSize(info.size))
            self._set(row, 2, self.tr("checking…"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            self.tr("Restore…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self._choose)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._enable)
        hint = self.tr("No backups yet: one is taken before the first import of each day.")
        layout = QVBoxLayout(self)
        layout.addWidget(plain(QLabel(hint if not backups else self.tr("Choose the backup to restore:"))))
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.resize(520, 360)
        if backups:
            self.table.selectRow(0)
            ticket = jobs.submit(
                partial(_examine, list(backups)),
                lambda _none: None,
                failed=self._unexamined,
                progress=self._examined,
            )
            # Closing the dialog drops what is still to come, so nothing reaches a deleted table.
            self.finished.connect(lambda _result: ticket.cancel())

    def _set(self, row: int, column: int, text: str) -> None:
        cell = QTableWidgetItem(text)
        if column:
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, column, cell)

    def _examined(self, found: tuple[int, BackupInfo]) -> None:
        row, info = found
        self.backups[row] = info
        if info.sound:
            self._set(row, 2, QLocale().toString(info.items or 0))
        else:
            self._set(row, 2, self.tr("damaged"))
        self._enable()

    def _unexamined(self, _message: str) -> None:
        for row, info in enumerate(self.backups):
            if info.sound is None:
                self._set(row, 2, "–")

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _enable(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and info.sound is not False)

    def _choose(self) -> None:
        info = self.selected()
        if info is not None:
            self.accept()
            self.chosen.emit(info)


def _examine(backups: list[BackupInfo], _store: Store, report: Report) -> None:
    for row, info in enumerate(backups):
        report((row, examine_backup(info)))


class StoreCare(QObject):
    """The window's check and restore: ``reload`` is called once a restored store is open."""

    def __init__(
        self,
        store: Store,
        jobs: Jobs,
        window: QWidget,
        *,
        reload: Callable[[], None],
        recount: Callable[[], None],
        say: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.store, self.jobs, self.window = store, jobs, window
        self._reload, self._recount, self._say = reload, recount, say
        self.confirm: ConfirmRestore = confirm_restore
        self.bar = DamageBar()
        self.bar.restoreRequested.connect(self.restore_from_backup)

    def check(self) -> None:
        """Check the store in the background after an import (``Store.verify``), in the job's own
        session, so that closing the window interrupts the check instead of waiting for it."""

        def job(session: Store, _report: Report) -> CheckReport | None:
            try:
                return session.verify()
            except StoreBusy:
                return None  # another program holds the store; the next import checks again
            except StoreError as error:
                return CheckReport((str(error),), index_ok=None)

        self.jobs.submit(job, self._checked, failed=self._say)

    def check_whole(self) -> None:
        """File › Check the whole store: ``Store.check`` in the background, rebuilding the
        full-text index or the counts of items by day when only they differ from the items."""

        def job(session: Store, _report: Report) -> CheckReport:
            try:
                return session.check(repair=True)
            except StoreBusy:
                raise  # said in the status bar; nothing was found wrong
            except StoreError as error:
                return CheckReport((str(error),), index_ok=None)

        self._say(self.tr("Checking the whole store; the larger it is, the longer this takes…"))
        self.jobs.submit(job, self._checked_whole, failed=self._say)

    def _checked_whole(self, report: CheckReport | None) -> None:
        if report is None:
            return  # interrupted: the window is closing
        if (problem := problem_of(report)) is not None:
            self._damaged(problem)
            self._say(self.tr("The check found damage: %1").replace("%1", problem))
            return
        rebuilt = [
            name
            for name, done in (
                (self.tr("full-text index"), report.index_rebuilt),
                (self.tr("counts of items by day"), report.counts_rebuilt),
            )
            if done
        ]
        if not report.ok:  # counts of items by day that counting again did not mend
            self._say(self.tr("The counts of items by day do not match the items"))
        elif rebuilt:
            self._recount()
            self._say(
                self.tr("The store is sound; its %1 did not match the items and was rebuilt").replace(
                    "%1", self.tr(" and ").join(rebuilt)
                )
            )
        else:
            self._say(self.tr("The store is sound: every page, index and count matches its items"))

    def _checked(self, report: CheckReport | None) -> None:
        if report is None:
            return
        if (problem := problem_of(report)) is not None:
            self._damaged(problem)
        elif not report.counts_ok:
            self._refill_counts()

    def _refill_counts(self) -> None:
        """Count the items by day again (another program wrote the store without its triggers) and
        show the counts: nothing of the user's is wrong, so the store stays open for writing."""

        def job(session: Store, _report: Report) -> bool:
            try:
                return session.recount()
            except StoreBusy:
                return False

        def done(recounted: bool) -> None:
            if recounted:
                self._recount()
                self._say(
                    self.tr("The counts of items by day did not match the items and were counted again")
                )

        self.jobs.submit(job, done, failed=self._say)

    def _damaged(self, problem: str) -> None:
        self.store.refuse_writes(problem)
        self.bar.show_damage(problem)

    def restore_from_backup(self) -> RestoreDialog:
        dialog = RestoreDialog(list_backups(self.store.path), self.jobs, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.restore)
        dialog.open()
        return dialog

    def restore(self, info: BackupInfo) -> None:
        """Ask, then replace the store by ``info``'s backup and open it again."""
        if not self.confirm(self.window, info):
            return
        self.jobs.shutdown()  # reads still running would see the store change under them
        # On this thread, not in a job: a job opens a session first, which a damaged store may
        # refuse, and nothing else may use the store until it has been replaced and opened again.
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            before = restore_store(self.store.path, info.path)
            self.store.reopen()
        except UserError as error:
            self._say(str(error))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.bar.hide()
        self._reload()
        if before is not None:
            self._say(
                self.tr("Backup restored; the store it replaced was backed up to %1").replace(
                    "%1", str(before)
                )
            )
        else:
            self._say(self.tr("Backup restored."))
