"""Start-up of the GUI: the QApplication and its look, the translator, the first run, the window.

The command line calls `run_gui(db_path, lang)`; tests build the window with
`create_main_window(db)` without running the event loop.
"""

from __future__ import annotations

import logging
import pathlib
import sys

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.core import features, i18n, storage  # noqa: F401  (features: every table's rules registered)
from desktop.core.db import Database, open_database
from desktop.core.errors import Refusal
from desktop.core.paths import resource
from desktop.core.storage import StorageRefusal
from desktop.ui import dialogs
from desktop.ui.first_run import ask_new_database
from desktop.ui.main_window import MainWindow, app_icon
from desktop.ui.operations import error_message
from desktop.ui.settings import APPLICATION, ORGANIZATION

log = logging.getLogger(__name__)

# Smallest point size for the whole interface: Windows' default 9 pt is small on a 14" laptop.
MIN_POINT_SIZE = 10.0

# Translators must stay referenced while installed, or Python frees them.
_translators: list[QTranslator] = []


def translation_file(lang: str) -> pathlib.Path:
    return resource("i18n", f"giamngheo_{lang}.qm")


def apply_language(lang: str) -> str:
    """Install the Qt translator for `lang` and set the core's language; return the language used.

    Vietnamese is the source language, so it needs no translator.
    """
    lang = lang if lang in i18n.SUPPORTED else "vi"
    app = QCoreApplication.instance()
    while _translators:
        translator = _translators.pop()
        if app is not None:
            app.removeTranslator(translator)
    if lang != "vi" and app is not None:
        translator = QTranslator()
        path = translation_file(lang)
        if translator.load(str(path)):
            app.installTranslator(translator)
            _translators.append(translator)
        else:
            log.warning("translation %s could not be loaded; the interface stays in Vietnamese", path)
    i18n.set_language(lang)
    if lang == "vi":
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    return lang


def configure_application(app: QApplication) -> None:
    """Names, style, icon and a readable font size."""
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setStyle("Fusion")
    app.setWindowIcon(app_icon())
    font = app.font()
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
        app.setFont(font)


def create_application(argv: list[str] | None = None, lang: str = "vi") -> QApplication:
    """The QApplication (the existing one if there is one), configured and translated."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    configure_application(app)
    apply_language(lang)
    return app


def create_main_window(db: Database) -> MainWindow:
    """The main window over an open database (needs a QApplication)."""
    return MainWindow(db)


def _show_error(title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, title, text)
    box.addButton(QCoreApplication.translate("app", "Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def run_gui(db_path: pathlib.Path, lang: str = "vi", argv: list[str] | None = None) -> int:
    """Open the GUI on `db_path`, offering to create it when missing. Returns the exit status.

    0 after a normal exit or when the user cancels the first-run dialog; 1 when the database is
    refused (newer than the app, not a database, locked, damaged …) after showing why. A database
    locked by another program can be tried again; a damaged one restored from a backup (the
    dialogs of `dialogs.storage_dialog`). A read-only one opens, read-only, under a banner.
    """
    app = create_application(argv, lang)
    db_path = pathlib.Path(db_path)
    if db_path.exists():
        db = _open_existing(db_path)
        if db is None:
            return 1
    else:
        db = ask_new_database(None, default_path=db_path)
        if db is None:
            return 0
    window = create_main_window(db)
    window.show()
    try:
        return app.exec()
    finally:
        window.database.close()


def _open_existing(db_path: pathlib.Path) -> Database | None:
    title = QCoreApplication.translate("app", "Không mở được cơ sở dữ liệu")
    while True:
        try:
            return open_database(db_path)
        except StorageRefusal as refusal:
            if refusal.kind in _WITH_A_WAY_OUT:
                if _storage_dialog(None, refusal):
                    continue  # the other program was closed, or a backup restored: try again
                return None
            _show_error(title, refusal.message)
            return None
        except Refusal as refusal:
            _show_error(title, refusal.message)
            return None
        except Exception as error:  # a bug: logged with its traceback, the user reads a short sentence
            log.exception("cannot open %s", db_path)
            _show_error(title, error_message(error))
            return None


_WITH_A_WAY_OUT = (storage.LOCKED, storage.CORRUPT)  # a dialog with an action: try again, restore a backup
_storage_dialog = dialogs.storage_dialog  # tests replace it (the dialogs block)
