"""What a first start on an empty store shows: a welcome and the two ways to get something to read."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from reader.ui.plaintext import plain

_WELCOME = "Nothing to read yet"
_EXPLAIN = (
    "Dump Reader keeps the news pages you saved as text dumps, each story once however many dumps "
    "it appears in. Import your dumps, or open the two sample dumps to look around first."
)


class EmptyState(QWidget):
    importRequested = Signal()
    samplesRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        title = QLabel(_WELCOME, self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(font.Weight.DemiBold)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(_EXPLAIN, self)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A fixed width lets the wrapped label know its height; the row it sits in (no alignment
        # flag) passes that height-for-width on, where an aligned widget would be clipped.
        text.setFixedWidth(440)
        self.import_button = QPushButton("Import dumps…", self)
        self.import_button.setDefault(True)
        self.samples_button = QPushButton("Open the sample dumps", self)
        for button in (self.import_button, self.samples_button):
            button.setMinimumWidth(180)
            button.setMinimumHeight(34)
        self.import_button.clicked.connect(self.importRequested)
        self.samples_button.clicked.connect(self.samplesRequested)
        self.status = plain(QLabel("", self))  # import messages name files
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout(title, text)

    def _layout(self, title: QLabel, text: QLabel) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.import_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.samples_button)
        buttons.addStretch()
        column = QVBoxLayout(self)
        column.addStretch(2)
        column.addWidget(title)
        column.addSpacing(10)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(text)
        row.addStretch()
        column.addLayout(row)
        column.addSpacing(24)
        column.addLayout(buttons)
        column.addSpacing(12)
        column.addWidget(self.status)
        column.addStretch(3)

    def set_busy(self, message: str) -> None:
        """While an import runs: say so and keep the buttons from starting a second one."""
        self.status.setText(message)
        for button in (self.import_button, self.samples_button):
            button.setEnabled(not message)
