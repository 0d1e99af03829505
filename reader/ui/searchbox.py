"""The search box: parses what is typed as the user pauses, announces each new valid search, and for
a query that cannot be run shows a short message and says so, so that no old results stay shown."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from reader.model import Query
from reader.query import QueryError, parse_query
from reader.ui.plaintext import plain

# Long enough to skip the searches of half-typed words, short enough to feel immediate.
DEBOUNCE_MS = 180


class _Edit(QLineEdit):
    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)


class SearchBox(QWidget):
    searchChanged = Signal(object)  # Query | None
    invalid = Signal(str)  # what cannot be run, and why
    done = Signal()  # Escape or Return: the user wants to go back to the list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _Edit(self)
        self.edit.setObjectName("search")
        self.edit.setPlaceholderText("Search titles and text  (Ctrl+F or /)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip(
            self.tr(
                'Words in any of their forms, =exact form, prefix*, "exact phrase", -exclude, this OR that'
            )
        )
        self.message = plain(QLabel(self))  # the message quotes what was typed
        self.message.setObjectName("searchMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: palette(link); font-size: 9pt;")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._apply)
        self.edit.textChanged.connect(lambda _text: self._timer.start())
        self.edit.returnPressed.connect(self._return)
        self.edit.escaped.connect(self._escape)
        self._query: Query | None = None
        # After an invalid query the list is empty, so even the search before it must run again.
        self._invalid = False

    @property
    def query(self) -> Query | None:
        return self._query

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)
        self._apply()

    def _apply(self) -> None:
        self._timer.stop()
        try:
            query = parse_query(self.edit.text())
        except QueryError as error:
            self.message.setText(str(error))
            self.message.show()
            self._invalid = True
            self.invalid.emit(str(error))
            return
        self.message.hide()
        if query != self._query or self._invalid:
            self._invalid = False
            self._query = query
            self.searchChanged.emit(query)

    def _return(self) -> None:
        self._apply()
        self.done.emit()

    def _escape(self) -> None:
        if self.edit.text():
            self.edit.clear()
            self._apply()
        else:
            self.done.emit()
