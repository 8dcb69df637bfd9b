"""Start-up: run_gui's exits (refused database, cancelled first run, normal run) and the language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.core import i18n
from desktop.core.db import create_database
from desktop.ui import app as app_module
from desktop.ui.first_run import FirstRunDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import gui_language, store_language

pytestmark = pytest.mark.gui


@pytest.fixture
def shown_errors(monkeypatch):
    """Record the start-up error boxes instead of showing them (they would block)."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(app_module, "_show_error", lambda title, text: shown.append((title, text)))
    return shown


def later(callback) -> None:
    """Run `callback` once the event loop of run_gui is running."""
    QTimer.singleShot(0, callback)


def test_refused_database_exits_1_with_its_message(gui_app, tmp_path, shown_errors):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"a spreadsheet, not a database")
    assert app_module.run_gui(junk, "vi") == 1
    assert shown_errors == [(
        "Không mở được cơ sở dữ liệu",
        f"Tệp {junk} không phải cơ sở dữ liệu của Sổ Giảm Nghèo.",
    )]
    assert junk.read_bytes() == b"a spreadsheet, not a database"


def test_damaged_database_exits_1_with_a_message(gui_app, tmp_path, monkeypatch):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    # The damaged-database dialog (its backups, its restore: tests/ui/test_bad_luck_gui.py), closed.
    shown = []
    monkeypatch.setattr(app_module, "_storage_dialog", lambda parent, refusal: shown.append(refusal) or False)
    assert app_module.run_gui(damaged, "vi") == 1
    assert len(shown) == 1
    assert shown[0].message.startswith(f"Tệp {damaged} bị hỏng")
    assert damaged.read_bytes() == b"SQLite format 3\x00" + b"\x00" * 100


def test_refusal_is_shown_in_the_chosen_language(gui_app, tmp_path, shown_errors):
    junk = tmp_path / "junk.db"
    junk.write_text("hello")
    try:
        assert app_module.run_gui(junk, "en") == 1
    finally:
        app_module.apply_language("vi")
    assert shown_errors[0][0] == "Cannot open the database"


def test_missing_database_cancelled_first_run_exits_0(gui_app, tmp_path):
    target = tmp_path / "none-yet.db"
    seen = []

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        dialog.reject()

    later(cancel)
    assert app_module.run_gui(target, "vi") == 0
    assert isinstance(seen[0], FirstRunDialog)
    assert seen[0].path_edit.text() == str(target)  # the --db path is the proposed file
    assert not target.exists()


def test_missing_database_created_then_window_shown(gui_app, tmp_path):
    target = tmp_path / "first.db"
    titles = []

    def create() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.unit_combo.select_code("03274")
        dialog.create_button.click()
        later(close_window)

    def close_window() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        titles.extend(w.windowTitle() for w in windows)
        for window in windows:
            window.close()

    later(create)
    assert app_module.run_gui(target, "vi") == 0
    assert titles == ["Sổ Giảm Nghèo — Xã Quài Nưa — Huyện Tuần Giáo"]
    assert target.exists()


def test_existing_database_opens_the_window(gui_app, tmp_path):
    path = tmp_path / "xa.db"
    create_database(path, "office", "099").close()
    titles = []

    def close_window() -> None:
        for window in QApplication.topLevelWidgets():
            if isinstance(window, MainWindow) and window.isVisible():
                titles.append(window.windowTitle())
                window.close()

    later(close_window)
    assert app_module.run_gui(path, "vi") == 0
    assert titles == ["Sổ Giảm Nghèo — Huyện Tuần Giáo (văn phòng tổng hợp)"]
    assert i18n.language() == "vi"


def test_gui_language_precedence(gui_app, monkeypatch):
    monkeypatch.setenv("GIAMNGHEO_LANG", "en")
    assert gui_language(None) == "en"  # nothing stored: the environment
    store_language("vi")
    assert gui_language(None) == "vi"  # the menu's choice beats the environment
    assert gui_language("en") == "en"  # an explicit --lang beats both


def test_readable_font_and_style(gui_app):
    assert gui_app.font().pointSizeF() >= app_module.MIN_POINT_SIZE
    assert gui_app.style().name().lower() == "fusion"
