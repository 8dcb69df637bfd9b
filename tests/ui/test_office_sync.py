"""The office's side of the Sync pane, clicked through: a good file looked at (dry run) then
merged, the communes tab showing its households; a damaged file refused with its message and
nothing applied; a file signed by a commune's new laptop held, its key approved through the dialog
and the file merged again; a batch stopped after its first file; a key revoked after its preview,
then the revocation undone; a setup package and its one-time code."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QTabWidget

from desktop.core.db import open_database
from desktop.core.sync import merge as merge_module
from desktop.core.sync import office
from desktop.core.sync.export import export
from desktop.core.sync.merge import merge_files
from desktop.ui.office_sync.dialogs import ApproveKeyDialog, RevokeDialog
from desktop.ui.office_sync.pane import OfficeSync
from desktop.ui.office_sync.receive import FOLDER_KEY
from desktop.ui.settings import app_settings
from desktop.ui.sync_pane import SyncPane
from tests.sync.conftest import District

pytestmark = pytest.mark.gui

QUAI_NUA, TOA_TINH = "03274", "03280"


def _new_laptop(source: Path, target: Path) -> None:
    """The commune's replaced laptop: its data, a signing key of its own (no enrolment secret)."""
    shutil.copyfile(source, target)
    conn = sqlite3.connect(target)
    conn.execute("UPDATE identity SET sign_secret_key = ?", (os.urandom(32),))
    conn.execute("UPDATE sync_config SET enrolment_secret = NULL")
    conn.commit()
    conn.close()
    open_database(target).close()  # at its new path: a new device


def _export(db_path: Path, folder: Path) -> Path:
    db = open_database(db_path)
    try:
        return export(db, folder)
    finally:
        db.close()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """An office (099) and its files: Quài Nưa's first file, a damaged copy of it, the file of its
    replaced laptop (held until approved), and Tỏa Tình's first file."""
    root = tmp_path_factory.mktemp("office-sync")
    district = District(root)
    quai_nua = district.commune(QUAI_NUA, 3, 11)
    toa_tinh = district.commune(TOA_TINH, 2, 12)
    good = _export(quai_nua, root / "usb")
    other = _export(toa_tinh, root / "usb")
    damaged = root / "hong" / good.name
    damaged.parent.mkdir()
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    laptop = root / "may-moi.db"
    _new_laptop(quai_nua, laptop)
    held = _export(laptop, root / "may-moi")
    return {"office": district.office, "good": good, "other": other, "damaged": damaged, "held": held}


@pytest.fixture
def office_path(files, tmp_path) -> Path:
    path = tmp_path / "van-phong.db"
    shutil.copyfile(files["office"], path)
    open_database(path).close()
    return path


def _open_window(qtbot, path: Path):
    from desktop.ui.app import apply_language, create_main_window

    apply_language("vi")
    db = open_database(path)
    window = create_main_window(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, db


@pytest.fixture
def window(gui_app, qtbot, office_path):
    window, db = _open_window(qtbot, office_path)
    yield window
    window.close()
    db.close()


def office_of(window) -> OfficeSync:
    window.show_section("sync")
    pane = window.current_pane()
    assert isinstance(pane, SyncPane)
    assert pane.office_view is not None
    return pane.office_view


def merged_before(path: Path, *files: Path) -> None:
    db = open_database(path)
    try:
        assert [r.status for r in merge_files(db, files)] == ["applied"] * len(files)
    finally:
        db.close()


def cell(model, row: int, column: str) -> str:
    return model.index(row, model.columns.index(column)).data()


def when(condition: Callable[[], bool], action: Callable[[], None], seconds: float = 60) -> None:
    """Once `condition` holds (checked from the event loop, also inside a modal dialog), do `action`;
    after `seconds`, close whatever modal is open so that the test fails instead of hanging."""
    deadline = time.monotonic() + seconds

    def tick() -> None:
        if condition():
            action()
        elif time.monotonic() > deadline:
            modal = QApplication.activeModalWidget()
            if modal is not None:
                modal.close()
        else:
            QTimer.singleShot(20, tick)

    QTimer.singleShot(0, tick)


def answer_box(key: str, seen: list[dict] | None = None) -> None:
    """Answer the next message box by its button's key (answer_<key>)."""
    def box() -> QMessageBox | None:
        modal = QApplication.activeModalWidget()
        return modal if isinstance(modal, QMessageBox) else None

    def click() -> None:
        found = box()
        assert found is not None
        if seen is not None:
            seen.append({"text": found.text(), "details": found.informativeText(),
                         "default": found.defaultButton().objectName() if found.defaultButton() else ""})
        next(b for b in found.buttons() if b.objectName() == f"answer_{key}").click()

    when(lambda: box() is not None, click)


def wait_idle(qtbot, tab) -> None:
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=120_000)


def test_the_office_has_six_tabs(window):
    view = office_of(window)
    tabs = view.findChild(QTabWidget, "officeSyncTabs") or view
    assert [tabs.tabText(n) for n in range(tabs.count())] == ["Nhận tệp", "Các xã", "Khóa", "Xung đột", "Trùng lặp",
                                                                    "Gói cài đặt"]


def test_a_good_file_is_looked_at_then_merged(window, files, qtbot, monkeypatch):
    view = office_of(window)
    receive = view.receive
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda parent, title, start, filters: asked.append(start) or ([str(files["good"])], filters))
    receive.choose_button.click()
    wait_idle(qtbot, receive)
    assert app_settings().value(FOLDER_KEY) == str(files["good"].parent)  # remembered for next time
    model = receive.model
    assert cell(model, 0, "commune") == "Xã Quài Nưa"
    assert cell(model, 0, "sequence") == "1"
    assert cell(model, 0, "status") == "Gộp được"
    assert "hộ 3 mới" in cell(model, 0, "changes")
    assert receive.state_label.text().startswith("Xem trước 1 tệp (chưa thay đổi gì)")
    assert office.communes_status(office_of(window).db)[9].households == 0  # a dry run changes nothing

    assert receive.apply_button.isEnabled()
    receive.apply_button.click()
    wait_idle(qtbot, receive)
    assert cell(model, 0, "status") == "Đã gộp"
    assert not receive.apply_button.isEnabled()
    communes = view.communes.model
    row = next(n for n, r in enumerate(communes.rows) if r["status"].code == QUAI_NUA)
    assert cell(communes, row, "name") == "Xã Quài Nưa"
    assert cell(communes, row, "households") == "3"
    assert cell(communes, row, "files") == "1"
    assert cell(communes, row, "key") == "đã công nhận"
    assert communes.background(communes.rows[row], "name") is None  # sent today: not late
    never = next(n for n, r in enumerate(communes.rows) if r["status"].code == TOA_TINH)
    assert cell(communes, never, "last") == "chưa gửi"
    assert communes.background(communes.rows[never], "name") is None  # never sent: muted, not amber
    assert communes.foreground(communes.rows[never], "name") is not None


def test_a_damaged_file_is_refused_and_nothing_applied(window, files, qtbot):
    receive = office_of(window).receive
    receive.add_files([files["damaged"]])
    wait_idle(qtbot, receive)
    assert cell(receive.model, 0, "status") == "Bị từ chối"
    message = cell(receive.model, 0, "message")
    assert files["damaged"].name in message and "từ chối" in message
    assert message in receive.detail.text()
    assert not receive.apply_button.isEnabled()  # nothing in the batch can be merged
    assert all(s.files == 0 for s in office.communes_status(office_of(window).db))


def test_a_held_file_is_approved_through_the_dialog_and_merged(window, files, office_path, qtbot):
    merged_before(office_path, files["good"])
    view = office_of(window)
    receive = view.receive
    receive.add_files([files["held"]])
    wait_idle(qtbot, receive)
    assert cell(receive.model, 0, "status") == "Tạm giữ: khóa mới"
    assert not receive.approve_button.isEnabled()  # a dry run records no key: merge first
    receive.apply_button.click()
    wait_idle(qtbot, receive)
    assert cell(receive.model, 0, "status") == "Tạm giữ: khóa mới"
    assert "khóa khác" in cell(receive.model, 0, "message")
    assert receive.approve_button.isEnabled()

    shown: dict[str, str] = {}
    asked: list[dict] = []

    def approve(dialog: ApproveKeyDialog) -> None:
        def click() -> None:
            shown["new"] = dialog.findChild(type(dialog.error_label), "newKey").text()
            shown["bound"] = dialog.findChild(type(dialog.error_label), "boundKey").text()
            shown["default"] = "cancel" if dialog.cancel_button.isDefault() else "approve"
            dialog.approve_button.click()
            answer_box("merge", asked)  # then: merge the held file again
        when(dialog.isVisible, click)

    dialog = receive.approve_selected(after=approve)
    assert dialog is not None and dialog.approved
    row = receive.model.rows[0]
    assert shown["new"] == row["fingerprint"] and shown["bound"] not in ("", row["fingerprint"])
    assert shown["default"] == "cancel"
    assert "Xã Quài Nưa" in asked[0]["text"] and asked[0]["default"] == "answer_merge"
    wait_idle(qtbot, receive)
    assert cell(receive.model, 0, "status") == "Đã gộp"
    keys = view.keys.model
    statuses = {r["fingerprint"]: r["status"] for r in keys.rows}
    assert statuses[row["fingerprint"]] == "bound" and statuses[shown["bound"]] == "retired"


def test_a_stopped_batch_merges_nothing_of_the_files_not_begun(window, files, qtbot, monkeypatch):
    view = office_of(window)
    receive = view.receive
    receive.add_files([files["good"], files["other"]])
    wait_idle(qtbot, receive)
    assert [cell(receive.model, n, "status") for n in range(2)] == ["Gộp được", "Gộp được"]

    real = merge_module.merge_files

    def stopped_after_first(db, paths, **options):
        report = options["progress"]

        def first(name: str) -> None:
            report(name)
            receive.operation.progress.cancel()  # as the progress dialog's Dừng button does

        return real(db, paths, **(options | {"progress": first}))

    monkeypatch.setattr(merge_module, "merge_files", stopped_after_first)
    receive.apply_button.click()
    wait_idle(qtbot, receive)
    assert cell(receive.model, 0, "status") == "Đã gộp"
    assert cell(receive.model, 1, "status") == "Chưa gộp (đã dừng)"
    assert "không có gì thay đổi" in cell(receive.model, 1, "message")
    status = {s.code: s for s in office.communes_status(office_of(window).db)}
    assert status[QUAI_NUA].households == 3 and status[TOA_TINH].files == 0


def test_revoke_after_its_preview_then_undo(window, files, office_path, qtbot):
    merged_before(office_path, files["good"])
    view = office_of(window)
    keys = view.keys
    keys.refresh()
    keys.select_key(QUAI_NUA, "bound")
    assert keys.revoke_button.isEnabled() and not keys.approve_button.isEnabled()
    seen: dict[str, object] = {}
    done: list[dict] = []

    def confirm(dialog: RevokeDialog) -> None:
        def click() -> None:
            seen["summary"] = dialog.summary.text()
            seen["details"] = dialog.details.toPlainText()
            seen["default"] = dialog.cancel_button.isDefault()
            dialog.revoke_button.click()
            answer_box("close", done)
        when(lambda: dialog.preview is not None and dialog.revoke_button.isEnabled(), click)

    dialog = keys.revoke_selected(after=confirm)
    assert dialog is not None and dialog.result_revocation is not None
    assert str(seen["summary"]).startswith("Sẽ lấy lại 1 tệp đã nhận")
    assert files["good"].name in str(seen["details"])
    assert seen["default"] is True
    assert "Đã thu hồi khóa" in done[0]["text"]
    assert {r["commune_code"]: r["status"] for r in keys.model.rows}[QUAI_NUA] == "revoked"
    status = {s.code: s for s in office.communes_status(office_of(window).db)}
    assert status[QUAI_NUA].households == 0  # only the revoked file brought them: quarantined
    assert keys.revocations.rowCount() == 1

    keys.revocations_table.selectRow(0)
    assert keys.undo_button.isEnabled()
    asked: list[dict] = []
    answer_box("undo", asked)
    keys.undo_selected()
    answer_box("close")
    qtbot.waitUntil(lambda: keys.operation is None, timeout=60_000)
    assert asked[0]["default"] == "answer_cancel"
    assert cell(keys.revocations, 0, "undone") != ""
    status = {s.code: s for s in office.communes_status(office_of(window).db)}
    assert status[QUAI_NUA].households == 3
    assert {r["commune_code"]: r["status"] for r in keys.model.rows}[QUAI_NUA] == "bound"


def test_a_setup_package_shows_its_one_time_code(window, qtbot, monkeypatch, tmp_path):
    setup = office_of(window).setup
    target = tmp_path / "goi.gnsetup"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    setup.commune.setCurrentIndex(setup.commune.findData(TOA_TINH))
    setup.make_button.click()
    qtbot.waitUntil(lambda: setup.issued is not None, timeout=60_000)
    assert target.exists()
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d", setup.code.text())
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){3}", setup.office_fp.text())
    assert "Xã Tỏa Tình" in setup.written.text()


def test_dropped_files_and_folders_are_taken_other_files_not(files, tmp_path, gui_app):
    from PySide6.QtCore import QUrl

    from desktop.ui.office_sync.receive import ReceiveTab

    (tmp_path / "anh.jpg").write_bytes(b"x")
    shutil.copy(files["good"], tmp_path / files["good"].name)
    urls = [QUrl.fromLocalFile(str(files["other"])), QUrl.fromLocalFile(str(tmp_path)),
            QUrl.fromLocalFile(str(tmp_path / "anh.jpg")), QUrl("https://example.com/a.gnsync")]
    assert ReceiveTab._dropped(urls) == [files["other"], tmp_path / files["good"].name]
