"""A conflict resolved through the screens: the office keeps one version and takes one field from
the other (Xung đột), writes the commune's receipt (Các xã), and the commune applies it in its Sync
pane, where the choice is seen; then the commune's next file closes the conflict at the office.
Screens saved at 1366×768 for a look."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop.core.db import open_database
from desktop.core.sync import decisions, receipt
from desktop.core.sync.conflicts import open_conflicts
from desktop.ui.sync_pane import SyncPane
from tests.sync.conftest import cli
from tests.ui.conftest import open_window
from tests.ui.keyboard import type_text
from tests.ui.test_office_conflicts_duplicates import QUAI_NUA, office, office_of, texts  # noqa: F401 (fixture)

pytestmark = pytest.mark.gui


@pytest.fixture
def copies(office, tmp_path) -> dict[str, Path]:  # noqa: F811 (the imported fixture)
    """Copies of the office and of Quài Nưa's database (whose restored backup made the conflict)."""
    office_copy, commune_copy = tmp_path / "van-phong.db", tmp_path / "quai-nua.db"
    shutil.copyfile(office["path"], office_copy)
    shutil.copyfile(Path(office["path"]).parent / f"{QUAI_NUA}.db", commune_copy)
    for copied in (office_copy, commune_copy):
        open_database(copied).close()  # a copy takes its own device id now
    return {"office": office_copy, "commune": commune_copy}


def _cell(model, row: int, column: int):
    return model.index(row, column)


def test_the_office_keeps_a_version_takes_a_field_from_the_other_and_writes_the_receipt(
        gui_app, qtbot, copies, office, monkeypatch, tmp_path):  # noqa: F811
    window, db = open_window(qtbot, copies["office"])
    try:
        view = office_of(window)
        view.setCurrentWidget(view.conflicts)
        tab = view.conflicts
        assert texts(tab.model, "state") == ["Chưa xử lý"]
        fields = tab.fields
        rows = {fields.rows[n]["choice"].field: n for n in range(fields.rowCount())}
        # Keep the live version (the first); take the address of the other one by clicking its cell.
        assert tab.keep.count() == 2 and tab.keep.currentIndex() == 0
        assert _cell(fields, rows["address"], 2).data().startswith("✓ ")
        rect = tab.fields_table.visualRect(_cell(fields, rows["address"], 3))
        qtbot.mouseClick(tab.fields_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert _cell(fields, rows["address"], 3).data() == "✓ Bản Pá Sát"
        assert not _cell(fields, rows["address"], 2).data().startswith("✓ ")
        assert _cell(fields, rows["notes"], 2).data() == "✓ Nhà sàn gỗ"
        type_text(qtbot, tab.note, "Xã xác nhận địa chỉ mới qua điện thoại")
        asked: dict = {}

        def answer(_parent, _title, text, buttons, **_kw):
            asked["text"], asked["buttons"] = text, buttons
            return "decide"

        monkeypatch.setattr("desktop.ui.office_sync.conflicts.ask", answer)
        qtbot.mouseClick(tab.decide_button, Qt.MouseButton.LeftButton)
        assert "Bản Pá Sát" in asked["text"] and "Nhà sàn gỗ" in asked["text"]
        assert asked["buttons"][-1][0] == "cancel"
        assert texts(tab.model, "state") == ["Đã chọn, chờ xã áp dụng"]
        assert tab.decided.isVisible() and "chờ xã áp dụng" in tab.decided.text()
        assert tab.decide_button.text() == "Chọn lại…"
        assert _cell(fields, rows["address"], 3).data() == "✓ Bản Pá Sát"  # the choice, as recorded
        (made,) = decisions.decisions(db)
        assert made.state == decisions.AWAITING and made.note == "Xã xác nhận địa chỉ mới qua điện thoại"
        assert (made.values["address"], made.values["notes"]) == ("Bản Pá Sát", "Nhà sàn gỗ")
        window.grab().save("/tmp/receipt-conflict-chosen.png")

        # Cancelling the question records nothing.
        monkeypatch.setattr("desktop.ui.office_sync.conflicts.ask", lambda *a, **k: "cancel")
        assert not tab.decide()
        assert len(decisions.decisions(db)) == 1

        # Các xã: the selected commune's receipt, into a folder chosen once.
        view.setCurrentWidget(view.communes)
        communes = view.communes
        row = next(n for n, r in enumerate(communes.model.rows) if r["status"].code == QUAI_NUA)
        communes.table.selectRow(row)
        folder = tmp_path / "bien-nhan"
        folder.mkdir()
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
        assert communes.write_receipts(all_communes=False) is not None
        qtbot.waitUntil(lambda: communes.operation is None, timeout=60_000)
        (written,) = communes.written
        assert written[0] == QUAI_NUA and written[1] is not None and written[1].decisions == 1
        assert written[1].path.parent == folder and written[1].path.exists()
        box = communes.result_box
        assert box is not None and "1/1" in box.text() and "Xã Quài Nưa: biên nhận số 1" in box.informativeText()
        box.close()
        # Every commune with a key: Pú Nhung too; a second receipt for Quài Nưa is number 2.
        assert communes.write_receipts(all_communes=True) is not None
        qtbot.waitUntil(lambda: communes.operation is None, timeout=60_000)
        assert sorted((c, m.sequence) for c, m, _w in communes.written) == [("03271", 1), (QUAI_NUA, 2)]
        communes.result_box.close()
    finally:
        window.close()
        db.close()


def test_the_commune_applies_the_receipt_and_sees_the_choice(gui_app, qtbot, copies, monkeypatch, tmp_path, capsys):
    office_db = open_database(copies["office"])
    try:
        (conflict,) = open_conflicts(office_db)
        live, other = conflict.versions
        decisions.decide(office_db, "households", conflict.uuid, (live.revision, live.device),
                         {"address": (other.revision, other.device)})
        sent = receipt.write_receipt(office_db, QUAI_NUA, tmp_path).path
    finally:
        office_db.close()

    window, db = open_window(qtbot, copies["commune"])
    try:
        window.show_section("sync")
        pane = window.current_pane()
        assert isinstance(pane, SyncPane)
        assert "Chưa có" in pane.state_labels["receipt"].text() and not pane.receipt_text.isVisible()
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sent), ""))
        qtbot.mouseClick(pane.receipt_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: pane.result_box is not None and pane.result_box.isVisible(), timeout=60_000)
        box: QMessageBox = pane.result_box
        assert box.objectName() == "receiptDone" and "Biên nhận số 1" in box.text() and "đã áp dụng" in box.text()
        box.close()
        assert pane.state_labels["receipt"].text().startswith("Số 1")
        shown = pane.receipt_text.text()
        assert pane.receipt_text.isVisible() and "Xung đột ở" in shown and "đã áp dụng" in shown
        assert "Văn phòng đã nhận" in shown
        window.grab().save("/tmp/receipt-commune-pane.png")
        row = db.conn.execute("SELECT address, notes FROM households WHERE uuid = ?", (conflict.uuid,)).fetchone()
        assert tuple(row) == ("Bản Pá Sát", "Nhà sàn gỗ")

        # The same receipt again: refused in plain words, nothing changed.
        qtbot.mouseClick(pane.receipt_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: pane._operation is None, timeout=60_000)
        (error,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
                    and w.windowTitle() == "Áp dụng biên nhận"]
        assert "không mới hơn biên nhận số 1" in error.text() + error.informativeText()
        error.close()
        assert db.conn.execute("SELECT COUNT(*) FROM applied_receipts").fetchone()[0] == 1
    finally:
        window.close()
        db.close()

    # The commune's next file closes the conflict at the office.
    with contextlib.redirect_stdout(io.StringIO()) as out:
        assert cli("--db", copies["commune"], "export-sync", "--out", tmp_path / "outbox") == 0
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli("--db", copies["office"], "merge", out.getvalue().strip()) == 0
    office_db = open_database(copies["office"])
    try:
        assert open_conflicts(office_db) == []
        assert [d.state for d in decisions.decisions(office_db)] == [decisions.APPLIED]
    finally:
        office_db.close()


def test_a_commune_without_the_offices_key_cannot_apply_a_receipt(main_window):
    main_window.show_section("sync")
    pane = main_window.current_pane()
    assert isinstance(pane, SyncPane) and not pane.receipt_button.isEnabled()
    assert "gói cài đặt" in pane.receipt_button.toolTip()


def test_a_plain_commune_applies_its_setup_package_from_the_sync_pane(main_window, qtbot, tmp_path):
    from desktop.ui.adopt_package import AdoptPackageDialog
    from tests.sync.conftest import setup_package

    office_path = tmp_path / "van-phong.db"
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli("--db", office_path, "init", "--district", "099") == 0
    package = tmp_path / "goi.gnsetup"
    code = setup_package(office_path, QUAI_NUA, package)
    main_window.show_section("sync")
    pane = main_window.current_pane()
    assert pane.adopt_button.isVisible() and "Áp dụng gói cài đặt" in pane.state_labels["key"].text()
    qtbot.mouseClick(pane.adopt_button, Qt.MouseButton.LeftButton)
    dialog: AdoptPackageDialog = pane.adopt_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.package_edit.setText(str(package))
    qtbot.keyClicks(dialog.code_edit, "1234-x")
    assert dialog.error_label.isVisible() and not dialog.apply_button.isEnabled()  # a typo, shown as typed
    dialog.code_edit.clear()
    wrong = "0000-0000-0000-0"
    qtbot.keyClicks(dialog.code_edit, wrong)
    if dialog.apply_button.isEnabled():  # (a code whose check digit happens to fit: it must not open it)
        dialog.apply()
        qtbot.waitUntil(lambda: dialog.operation is None, timeout=60_000)
        assert dialog.isVisible() and "không mở được" in dialog.error_label.text()
    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, code)
    assert dialog.apply_button.isEnabled()
    dialog.apply()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=60_000)
    assert not pane.adopt_button.isVisible() and pane.receipt_button.isEnabled()
    assert "Có khóa của văn phòng tổng hợp" in pane.state_labels["key"].text()
    done = pane.result_box
    assert done.objectName() == "adoptDone" and "Dấu vân tay khóa của văn phòng" in done.text()
    done.close()
