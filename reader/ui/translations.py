"""The window's translations: the user's language when Dump Reader has it, else English.

English is the language of the source texts; its file holds only the plural forms of messages that
count something ("%Ln item(s)"), which need one even in English.
"""

from __future__ import annotations

from datetime import date
from importlib.resources import files

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTranslator

_NAME = "dump-reader"


def install(app: QCoreApplication, locale: QLocale | None = None) -> QTranslator | None:
    """Load the translation for ``locale`` (the user's by default) into ``app``; the translator
    loaded, or None when there is none at all."""
    folder = str(files("reader.resources").joinpath("translations"))
    translator = QTranslator(app)
    if not translator.load(locale or QLocale(), _NAME, "_", folder) and not translator.load(
        f"{_NAME}_en", folder
    ):
        return None
    app.installTranslator(translator)
    return translator


class PaneWords:
    """The reading pane's own words (``reader.render.Words``) through Qt's translations, and days
    as the user's locale writes them ("23 November 2023", "23 ноября 2023")."""

    def phrase(self, text: str, n: int = -1) -> str:
        return QCoreApplication.translate("Render", text, None, n)

    def date(self, day: date) -> str:
        return QLocale().toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")
