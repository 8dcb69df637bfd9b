"""The Sync pane, clicked through: a commune made from a setup package exports an encrypted file
without being asked; a commune made with a plain `init` is asked first — "Không xuất" (and Esc)
write nothing and use no sequence number, "Vẫn xuất không mã hóa" writes the file; a folder that
cannot take a file shows a Vietnamese message and writes nothing; the office shows its tabs
(desktop.ui.office_sync, tested in test_office_sync.py)."""

from __future__ import annotations

import errno
import shutil
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QPushButton

from desktop.core.db import open_database
from desktop.core.sync import exports
from desktop.core.sync.format import read_verified
from desktop.core.sync.package import fingerprints
from desktop.ui.settings import app_settings
from desktop.ui.sync_pane import FOLDER_KEY, SyncPane
from tests.helpers import unchanged
from tests.sync.conftest import office_and_commune

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> tuple[Path, Path]:
    """An office (099) and a commune (03274) made from its setup package, once for the module."""
    return office_and_commune(tmp_path_factory.mktemp("district"), "03274")


@pytest.fixture
def enrolled_window(district, gui_app, qtbot, tmp_path):
    """The main window over a copy of the commune made from the setup package."""
    from desktop.ui.app import apply_language, create_main_window

    apply_language("vi")  # the command line that made the databases set the core's language
    path = tmp_path / "xa-tu-goi.db"
    shutil.copyfile(district[1], path)
    db = open_database(path)
    window = create_main_window(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    db.close()


@pytest.fixture
def folders(monkeypatch, tmp_path):
    """The folder dialog answers with `folders.answer` (a USB stick by default) and records its calls;
    opening a folder is recorded, not done."""

    class Folders:
        stick = tmp_path / "usb"
        answer = stick
        asked: list[tuple[str, str]] = []
        opened: list[QUrl] = []

    Folders.stick.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda parent, title, start: Folders.asked.append((title, start)) or str(Folders.answer))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: Folders.opened.append(url) or True)
    return Folders


def sync_pane(window) -> SyncPane:
    window.show_section("sync")
    pane = window.current_pane()
    assert isinstance(pane, SyncPane)
    return pane


def answer_next(qtbot, key: str) -> list[QMessageBox]:
    """Answer the next modal question by its button `key` ("escape": press Esc). Returns a list that
    receives the box (its texts are read after it closed)."""
    seen: list[dict] = []

    def handle() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, handle)
            return
        seen.append({"text": box.text(), "details": box.informativeText(), "title": box.windowTitle(),
                     "default": box.defaultButton().objectName() if box.defaultButton() else "",
                     "buttons": [b.text() for b in box.buttons()]})
        if key == "escape":
            qtbot.keyClick(box, Qt.Key.Key_Escape)
        else:
            next(b for b in box.buttons() if b.objectName() == f"answer_{key}").click()

    QTimer.singleShot(0, handle)
    return seen


def click_export(qtbot, pane: SyncPane) -> None:
    qtbot.mouseClick(pane.export_button, Qt.MouseButton.LeftButton)


def wait_done(qtbot, pane: SyncPane) -> QMessageBox:
    qtbot.waitUntil(lambda: not pane.is_exporting() and pane.result_box is not None and pane.result_box.isVisible())
    return pane.result_box


def error_box(qtbot, pane: SyncPane) -> QMessageBox:
    def shown() -> list[QMessageBox]:
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.objectName() == "operationError" and w.isVisible()]
    qtbot.waitUntil(lambda: not pane.is_exporting() and bool(shown()))
    return shown()[0]


def cell(pane: SyncPane, row: int, column: str) -> str:
    return pane.model.index(row, pane.model.columns.index(column)).data()


def test_an_enrolled_commune_exports_encrypted_without_asking(enrolled_window, qtbot, folders, monkeypatch,
                                                                qtmodeltester):
    monkeypatch.setattr("desktop.ui.sync_pane.ask", lambda *a, **k: pytest.fail("asked for consent"))
    pane = sync_pane(enrolled_window)
    db = enrolled_window.database
    keys = fingerprints(db)
    state = pane.findChild(QLabel, "state_key").text()
    assert state.startswith("Có khóa của văn phòng tổng hợp")
    office = pane.findChild(QLabel, "state_office").text()
    assert "Huyện Tuần Giáo (099)" in office and keys.office in office
    assert keys.own in pane.findChild(QLabel, "state_own").text()
    assert pane.findChild(QLabel, "state_last").text() == "Chưa xuất tệp nào"
    assert "Zalo" in pane.findChild(QLabel, "syncIntro").text()
    assert enrolled_window.pane_status_label.text() == "Chưa xuất tệp nào"

    click_export(qtbot, pane)
    box = wait_done(qtbot, pane)
    written = list(folders.answer.iterdir())
    assert len(written) == 1 and written[0].suffix == ".gnsync"
    assert read_verified(written[0]).manifest["encrypted"] is True
    assert str(written[0]) in box.text() and "mã hóa" in box.informativeText()
    assert [(r["file_name"], r["encrypted"]) for r in exports.list_exports(db)] == [(written[0].name, True)]
    assert pane.model.rowCount() == 1
    assert (cell(pane, 0, "file_name"), cell(pane, 0, "encrypted"), cell(pane, 0, "sequence")) == (written[0].name, "Có", "1")
    assert cell(pane, 0, "folder") == str(folders.answer.resolve())  # where it was written: the stick
    assert "tệp số 1" in pane.findChild(QLabel, "state_last").text()
    assert enrolled_window.pane_status_label.text() == "1 tệp đã xuất"
    qtmodeltester.check(pane.model)

    # "Mở thư mục" opens the folder the file is in; the folder is remembered for the next export.
    box.findChild(QPushButton, "answer_open").click()
    assert folders.opened == [QUrl.fromLocalFile(str(folders.answer))]
    assert not box.isVisible()
    assert app_settings().value(FOLDER_KEY) == str(folders.answer)
    click_export(qtbot, pane)
    wait_done(qtbot, pane).findChild(QPushButton, "answer_close").click()
    assert folders.asked[1][1] == str(folders.answer)
    assert "(ví dụ USB)" in folders.asked[0][0]
    assert len(list(folders.answer.iterdir())) == 2 and pane.model.rowCount() == 2
    assert cell(pane, 0, "sequence") == "2"  # newest first


@pytest.mark.parametrize("answer", ["cancel", "escape"])
def test_a_plain_commune_is_asked_first_and_not_exporting_writes_nothing(main_window, qtbot, folders, answer):
    pane = sync_pane(main_window)
    assert pane.findChild(QLabel, "state_key").text().startswith("Chưa có khóa của văn phòng tổng hợp")
    assert pane.findChild(QLabel, "state_office").text() == "Huyện Tuần Giáo (099)"
    db = main_window.database
    with unchanged(db, folders.answer):
        seen = answer_next(qtbot, answer)
        click_export(qtbot, pane)
        qtbot.waitUntil(lambda: bool(seen))
    question = seen[0]
    assert question["default"] == "answer_cancel"
    assert question["buttons"] == ["Vẫn xuất không mã hóa", "Không xuất"]
    words = question["text"] + question["details"]
    for needed in ("không được mã hóa", "họ tên", "CCCD", "Zalo", "thư điện tử", "USB bị mất", "gói cài đặt",
                   "Huyện Tuần Giáo (099)"):
        assert needed in words, needed
    assert folders.asked == []  # not even asked for a folder
    assert exports.list_exports(db) == []  # no sequence number used
    assert not pane.is_exporting() and pane.result_box is None


def test_a_plain_commune_exports_unencrypted_on_the_explicit_choice(main_window, qtbot, folders, store, household):
    pane = sync_pane(main_window)
    seen = answer_next(qtbot, "unencrypted")
    pane.export_button.setFocus()
    qtbot.keyClick(pane, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # the keyboard way
    box = wait_done(qtbot, pane)
    assert seen and seen[0]["title"] == "Tệp sẽ không được mã hóa"
    written = list(folders.answer.iterdir())
    assert len(written) == 1
    manifest = read_verified(written[0]).manifest
    assert manifest["encrypted"] is False
    assert "không được mã hóa" in box.informativeText() and "đừng gửi qua Zalo" in box.informativeText()
    rows = exports.list_exports(main_window.database)
    assert [(r["file_name"], r["encrypted"], r["sequence"]) for r in rows] == [(written[0].name, False, 1)]
    assert cell(pane, 0, "encrypted") == "Không"
    assert cell(pane, 0, "records") == str(sum(manifest["record_counts"].values()))
    box.findChild(QPushButton, "answer_close").click()
    assert not box.isVisible()


def _failing_export(main_window, qtbot, folders) -> QMessageBox:
    pane = sync_pane(main_window)
    db = main_window.database
    with unchanged(db, folders.stick):
        answer_next(qtbot, "unencrypted")
        click_export(qtbot, pane)
        box = error_box(qtbot, pane)
    assert exports.list_exports(db) == []
    assert pane.export_button.isEnabled() and pane.result_box is None
    return box


def test_a_folder_that_is_a_file_shows_a_vietnamese_error_and_writes_nothing(main_window, qtbot, folders):
    folders.answer = folders.answer / "ghi-chu.txt"
    folders.answer.write_text("không phải thư mục")
    box = _failing_export(main_window, qtbot, folders)
    assert "là một tệp, không phải thư mục" in box.text() and str(folders.answer) in box.text()
    box.close()


def test_a_write_protected_stick_shows_a_vietnamese_error_and_writes_nothing(main_window, qtbot, folders,
                                                                               monkeypatch):
    def read_only(*_args, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    box = _failing_export(main_window, qtbot, folders)
    assert "ổ đĩa chỉ cho đọc" in box.text() and "Chưa có tệp nào được xuất" in box.text()
    assert "Read-only" not in box.text()
    box.close()


def test_the_office_shows_its_tabs_and_no_export(office_window):
    from PySide6.QtWidgets import QTabWidget

    pane = sync_pane(office_window)
    assert pane.export_button is None
    assert pane.findChild(QPushButton, "exportSync") is None
    tabs = pane.findChild(QTabWidget, "officeSyncTabs")
    assert [tabs.tabText(n) for n in range(tabs.count())] == ["Nhận tệp", "Các xã", "Khóa", "Xung đột", "Trùng lặp",
                                                              "Gói cài đặt"]
