"""The GUI meets bad luck with the database: a read-only one opens under a banner and refuses every
change with the reason; a locked one asks to try again once the other program is closed; a damaged
one lists the backups found and restores the chosen one. The same words as the command line."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit, QPushButton

from desktop.core import storage
from desktop.core.backup import backup
from desktop.core.db import open_database
from desktop.core.storage import StorageRefusal
from desktop.core.store import Store
from desktop.ui import app as app_module
from desktop.ui.dialogs import DamagedDatabaseDialog, LockedDialog, storage_dialog
from desktop.ui.main_window import MainWindow
from desktop.ui.villages_dialog import VillagesDialog
from tests.bad_luck import corrupt_index, corrupt_schema, locked, read_only
from tests.ui.keyboard import type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def commune_file(commune_db, household):
    """The commune database's path (one household), closed, with a backup beside it."""
    path = commune_db.path
    backup(commune_db, path.with_name("sao-luu-thang-11.db"))
    commune_db.close()
    return path


def _window(qtbot, db):
    window = app_module.create_main_window(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_read_only_database_opens_under_a_banner_and_refuses_changes(gui_app, qtbot, commune_file):
    with read_only(commune_file):
        before = commune_file.read_bytes()
        db = open_database(commune_file)
        try:
            window = _window(qtbot, db)
            banner = window.read_only_banner
            assert banner.isVisible() and window.is_read_only()
            assert banner.geometry().top() < window.navigation.geometry().top() + 5  # above everything
            assert "Chỉ xem: không sửa được dữ liệu trong tệp này." in banner.text()
            assert "Tệp chỉ đọc" in banner.text() and "chép tệp vào máy" in banner.text()
            assert window.windowTitle().endswith("— chỉ xem")
            pane = window.pane("households")
            qtbot.waitUntil(lambda: not pane.model.is_searching())
            assert pane.model.rowCount() == 1  # the list reads it (its index as it stands)

            # A change typed into a form is refused, with the banner's reason beside Save.
            dialog = VillagesDialog(Store(db))
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
            form = dialog.current_form()
            type_text(qtbot, form.name_edit, "Bản Mới")
            qtbot.keyClick(form.name_edit, Qt.Key.Key_Return)
            assert "Tệp chỉ đọc" in form.form.message_label.text()
            assert "Bản Mới" not in [row.name for row in dialog.model.rows]
            dialog.close()
            window.close()
        finally:
            db.close()
        assert commune_file.read_bytes() == before


def test_a_writable_database_has_no_banner(main_window):
    assert not main_window.read_only_banner.isVisible() and not main_window.is_read_only()
    assert "chỉ xem" not in main_window.windowTitle()


def _when_shown(kind: type, act) -> None:
    """Once a top-level `kind` is visible (a dialog that blocks in exec, the main window), `act(it)`."""
    def look() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        if shown:
            act(shown[0])
        else:
            QTimer.singleShot(50, look)
    QTimer.singleShot(50, look)


def test_the_locked_dialog_offers_to_try_again(gui_app, qtbot, commune_file):
    refusal = storage.refusal(sqlite3.OperationalError("database is locked"), commune_file)
    box = LockedDialog(None, refusal)
    qtbot.addWidget(box)
    assert box.windowTitle() == "Cơ sở dữ liệu đang bận"
    assert box.text().startswith(f"Một chương trình khác đang dùng cơ sở dữ liệu {commune_file}")
    assert "Thử lại" in box.informativeText()
    assert box.defaultButton() is box.retry_button and box.retry_button.text() == "Thử lại"
    box.open()
    qtbot.mouseClick(box.retry_button, Qt.MouseButton.LeftButton)
    assert box.retry_chosen()


def test_start_up_on_a_locked_database_waits_for_the_other_program(gui_app, qtbot, commune_file, monkeypatch):
    """The device marker must be written at the first start at this place: a lock stops it; the
    user closes the other program, answers Thử lại, and the window opens."""
    copy = commune_file.with_name("ban-chep.db")
    shutil.copyfile(commune_file, copy)
    asked: list[str] = []
    holder = locked(copy)
    holder.__enter__()

    def dialog(parent, refusal):
        asked.append(refusal.kind)
        holder.__exit__(None, None, None)  # the other program is closed
        return True

    monkeypatch.setattr(app_module, "_storage_dialog", dialog)
    shown: list[MainWindow] = []
    _when_shown(MainWindow, lambda window: (shown.append(window), window.close()))
    assert app_module.run_gui(copy, "vi") == 0
    assert asked == [storage.LOCKED] and shown and not shown[0].is_read_only()


def test_the_damaged_database_dialog_lists_the_backups_and_restores_the_newest(gui_app, qtbot, commune_file):
    corrupt_index(commune_file)
    db = open_database(commune_file)  # it opens: the damage is in an index
    db.close()
    dialog = DamagedDatabaseDialog(None, commune_file)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Cơ sở dữ liệu bị hỏng"
    details = dialog.findChild(QPlainTextEdit, "damageDetails")
    assert details is not None and "missing from index households_code" in details.toPlainText()
    assert dialog.backup_list.count() == 1 and "sao-luu-thang-11.db" in dialog.backup_list.item(0).text()
    assert dialog.selected_backup() == commune_file.with_name("sao-luu-thang-11.db")
    assert "khôi phục từ bản sao lưu gần nhất" in dialog.way_label.text()
    assert dialog.restore_button.isDefault()
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.restored == commune_file.with_name("sao-luu-thang-11.db")
    assert list(commune_file.parent.glob("*.truoc-khoi-phuc-*.db"))  # the damaged file kept beside it
    assert storage.damage_report(commune_file) == []


def test_start_up_on_a_corrupt_database_shows_the_way_out_and_opens_once_restored(gui_app, qtbot, commune_file,
                                                                                   monkeypatch):
    corrupt_schema(commune_file)
    seen: list[DamagedDatabaseDialog] = []

    def restore_newest(dialog: DamagedDatabaseDialog) -> None:
        seen.append(dialog)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    _when_shown(DamagedDatabaseDialog, restore_newest)
    _when_shown(MainWindow, lambda window: window.close())
    assert app_module.run_gui(commune_file, "vi") == 0
    assert seen and "sao-luu-thang-11.db" in seen[0].backup_list.item(0).text()
    assert storage.damage_report(commune_file) == []


def test_a_damaged_database_closed_without_restoring_exits_1(gui_app, commune_file, monkeypatch):
    corrupt_schema(commune_file)
    before = commune_file.read_bytes()
    seen: list[StorageRefusal] = []
    monkeypatch.setattr(app_module, "_storage_dialog", lambda parent, refusal: seen.append(refusal) or False)
    assert app_module.run_gui(commune_file, "vi") == 1
    assert seen[0].kind == storage.CORRUPT and seen[0].backups[0].path.name == "sao-luu-thang-11.db"
    assert commune_file.read_bytes() == before


def test_opening_a_read_only_folders_database_from_the_menu(main_window, commune_db, tmp_path, db_templates):
    folder = tmp_path / "chia-se"
    folder.mkdir()
    other = folder / "xa-khac.db"
    shutil.copyfile(db_templates["commune"], other)
    with read_only(folder):
        assert main_window.open_database_file(other)
        try:
            assert main_window.is_read_only()
            text = main_window.read_only_banner.text()
            assert f"Không ghi được vào thư mục {folder}" in text and "không bị hỏng" in text
        finally:
            main_window.set_database(open_database(commune_db.path))
    assert not main_window.read_only_banner.isVisible()


def test_other_storage_refusals_are_shown_as_a_message(gui_app, qtbot, tmp_path):
    empty = tmp_path / "rong.db"
    empty.write_bytes(b"")
    with pytest.raises(StorageRefusal) as info:
        open_database(empty)

    def close_box(box: QMessageBox) -> None:
        assert "rỗng (0 byte)" in box.text()
        box.findChild(QPushButton, "answer_close").click()

    _when_shown(QMessageBox, close_box)
    assert storage_dialog(None, info.value) is False
