"""The first-run dialog: search a unit, create a commune or office database, refusals shown in place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from desktop.core.db import open_database
from desktop.ui.first_run import FirstRunDialog, suggest_free_path, unit_choices

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(gui_app, qtbot, tmp_path):
    dlg = FirstRunDialog(None, default_path=tmp_path / "new.db")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    yield dlg
    if dlg.database is not None:
        dlg.database.close()


def type_filter(qtbot, dlg: FirstRunDialog, text: str) -> None:
    """Type into the unit box; Vietnamese letters arrive as an input method (Unikey, …) sends them."""
    line_edit = dlg.unit_combo.lineEdit()
    if text.isascii():
        qtbot.keyClicks(line_edit, text)  # QTest can only type ASCII keys
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(line_edit, event)


def popup_labels(dlg: FirstRunDialog) -> list[str]:
    model = dlg.unit_combo.completer().popup().model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def pick_from_popup(qtbot, dlg: FirstRunDialog, code: str) -> None:
    popup = dlg.unit_combo.completer().popup()
    assert popup.isVisible()
    model = popup.model()
    rows = [r for r in range(model.rowCount()) if model.index(r, 0).data().startswith(f"{code} ")]
    assert rows, popup_labels(dlg)
    rect = popup.visualRect(model.index(rows[0], 0))
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_unit_labels():
    communes = dict(unit_choices("commune", "2023"))
    assert communes["03274"] == "03274 — Xã Quài Nưa (Huyện Tuần Giáo)"
    assert len([c for c in communes.values() if "(Huyện Tuần Giáo)" in c]) == 19
    assert dict(unit_choices("office", "2023"))["099"] == "099 — Huyện Tuần Giáo (Tỉnh Điện Biên)"
    assert unit_choices("office", "2025") == [("11", "11 — Tỉnh Điện Biên")]
    # In the 2025 list 03260 is Pú Nhung, no longer Rạng Đông; the province adds nothing.
    assert dict(unit_choices("commune", "2025"))["03260"] == "03260 — Xã Pú Nhung"


def test_defaults(dialog, tmp_path):
    assert dialog.kind() == "commune"
    assert dialog.units_list() == "2023"
    assert dialog.path_edit.text() == str(tmp_path / "new.db")
    assert not dialog.create_button.isEnabled()
    assert dialog.unit_combo.selected_code() is None
    assert not dialog.error_label.isVisible()


def test_create_commune_database_by_searching(dialog, qtbot, tmp_path):
    type_filter(qtbot, dialog, "quai nua")
    assert popup_labels(dialog) == ["03274 — Xã Quài Nưa (Huyện Tuần Giáo)"]
    assert not dialog.create_button.isEnabled()
    pick_from_popup(qtbot, dialog, "03274")
    assert dialog.unit_combo.selected_code() == "03274"
    assert dialog.create_button.isEnabled()
    target = tmp_path / "xa" / "quai-nua.db"
    dialog.path_edit.setText(str(target))
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.database is not None
    assert dialog.database.path == target
    assert dialog.database.identity.unit_code == "03274"
    assert dialog.database.identity.kind == "commune"
    with open_database(target) as again:
        assert again.identity.unit_code == "03274"
        assert again.identity.units_list == "2023"


def test_create_office_database(dialog, qtbot, tmp_path):
    dialog.kind_office.click()
    assert "099 — Huyện Tuần Giáo (Tỉnh Điện Biên)" in [dialog.unit_combo.itemText(i) for i in range(dialog.unit_combo.count())]
    type_filter(qtbot, dialog, "Tuần Giáo")
    assert popup_labels(dialog) == ["099 — Huyện Tuần Giáo (Tỉnh Điện Biên)"]
    pick_from_popup(qtbot, dialog, "099")
    dialog.path_edit.setText(str(tmp_path / "huyen.db"))
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.database.identity.kind == "office"
    assert dialog.database.identity.unit_code == "099"


def test_enter_picks_a_single_match(dialog, qtbot):
    type_filter(qtbot, dialog, "03274")
    qtbot.keyClick(dialog.unit_combo.lineEdit(), Qt.Key.Key_Return)
    assert dialog.unit_combo.selected_code() == "03274"
    assert dialog.unit_combo.currentText() == "03274 — Xã Quài Nưa (Huyện Tuần Giáo)"
    assert dialog.database is None  # Enter chose the unit; it did not create yet
    qtbot.keyClick(dialog.unit_combo.lineEdit(), Qt.Key.Key_Return)  # the second one creates
    assert dialog.database is not None
    assert dialog.database.identity.unit_code == "03274"


def test_enter_with_several_matches_does_nothing(dialog, qtbot):
    type_filter(qtbot, dialog, "quai")
    assert len(popup_labels(dialog)) == 3
    dialog.unit_combo.completer().popup().hide()
    qtbot.keyClick(dialog.unit_combo.lineEdit(), Qt.Key.Key_Return)
    assert dialog.unit_combo.selected_code() is None
    assert dialog.isVisible() and dialog.database is None


def test_search_ignores_diacritics_and_case(dialog, qtbot):
    for text in ("QUAI", "Quài", "quài nưa", "tuan giao quai"):
        dialog.unit_combo.lineEdit().clear()
        type_filter(qtbot, dialog, text)
        assert "03274 — Xã Quài Nưa (Huyện Tuần Giáo)" in popup_labels(dialog), text


def test_editing_the_text_after_choosing_disables_create(dialog, qtbot):
    assert dialog.unit_combo.select_code("03274")
    assert dialog.create_button.isEnabled()
    qtbot.keyClicks(dialog.unit_combo.lineEdit(), "x")
    assert dialog.unit_combo.selected_code() is None
    assert not dialog.create_button.isEnabled()


def test_retyping_a_code_after_editing_selects_again(dialog, qtbot):
    dialog.unit_combo.select_code("03274")
    dialog.unit_combo.lineEdit().clear()
    type_filter(qtbot, dialog, "03274")
    assert dialog.unit_combo.selected_code() is None
    qtbot.keyClick(dialog.unit_combo.lineEdit(), Qt.Key.Key_Return)
    assert dialog.unit_combo.selected_code() == "03274"


def test_2025_list_offers_the_province_as_office(dialog, qtbot, tmp_path):
    dialog.units_2025.click()
    dialog.kind_office.click()
    assert [dialog.unit_combo.itemText(i) for i in range(dialog.unit_combo.count())] == ["11 — Tỉnh Điện Biên"]
    assert dialog.unit_combo.selected_code() == "11"  # the only choice is made already
    assert dialog.create_button.isEnabled()
    dialog.path_edit.setText(str(tmp_path / "tinh.db"))
    dialog.create_button.click()
    assert dialog.database.identity.unit_code == "11"
    assert dialog.database.identity.units_list == "2025"


def test_changing_kind_clears_the_choice(dialog):
    dialog.unit_combo.select_code("03274")
    dialog.kind_office.click()
    assert dialog.unit_combo.selected_code() is None
    assert not dialog.create_button.isEnabled()


def test_existing_file_is_refused_and_left_alone(dialog, qtbot, tmp_path):
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"somebody's precious file \x00\x01")
    before = sorted(p.name for p in tmp_path.iterdir())
    dialog.unit_combo.select_code("03274")
    dialog.path_edit.setText(str(existing))
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.database is None
    assert dialog.error_label.isVisible()
    assert "đã có" in dialog.error_label.text() and str(existing) in dialog.error_label.text()
    assert existing.read_bytes() == b"somebody's precious file \x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    # Correcting the input clears the message.
    dialog.path_edit.setText(str(tmp_path / "other.db"))
    assert not dialog.error_label.isVisible()


def test_unwritable_location_is_reported_in_the_dialog(dialog, qtbot, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    dialog.unit_combo.select_code("03274")
    dialog.path_edit.setText(str(blocker / "inside" / "db.db"))  # a folder below a file
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.database is None
    assert dialog.error_label.isVisible() and "Không tạo được" in dialog.error_label.text()


def test_cancel_creates_nothing(dialog, qtbot, tmp_path):
    dialog.unit_combo.select_code("03274")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not (tmp_path / "new.db").exists()


def test_suggest_free_path(tmp_path):
    path = tmp_path / "so-giam-ngheo.db"
    assert suggest_free_path(path) == path
    path.write_bytes(b"x")
    assert suggest_free_path(path) == tmp_path / "so-giam-ngheo-2.db"
    (tmp_path / "so-giam-ngheo-2.db").write_bytes(b"x")
    assert suggest_free_path(path) == tmp_path / "so-giam-ngheo-3.db"


def test_default_path_is_made_free(gui_app, qtbot, tmp_path):
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"x")
    dlg = FirstRunDialog(None, default_path=taken)
    qtbot.addWidget(dlg)
    assert dlg.path_edit.text() == str(tmp_path / "taken-2.db")


def test_keyboard_only_choice_from_the_list(dialog, qtbot):
    type_filter(qtbot, dialog, "quai")
    popup = dialog.unit_combo.completer().popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.unit_combo.selected_code() == "03274"
    assert not popup.isVisible()
    assert dialog.database is None


# A commune made from its office's setup package and the package's one-time code.

@pytest.fixture
def packages(office_db, tmp_path):
    """Two packages of office 099, for 03274 and 03271 (each: its path, code and office fingerprint)."""
    from desktop.core.sync.package import write_setup_package

    made = [write_setup_package(office_db, code, tmp_path / "usb" / f"{code}.gnsetup") for code in ("03274", "03271")]
    return made


@pytest.fixture
def shown(monkeypatch):
    """The messages the dialog shows in a box (title, text), instead of a modal box."""
    seen = []
    monkeypatch.setattr("desktop.ui.first_run.inform", lambda parent, title, text, *a: seen.append((title, text)))
    return seen


def choose_package(qtbot, dlg: FirstRunDialog, package) -> None:
    dlg.kind_package.click()
    dlg.package_edit.setText(str(package))


def test_the_package_steps_replace_the_unit_steps(dialog):
    assert not dialog.package_step.isVisible() and dialog.unit_step.isVisible()
    dialog.kind_package.click()
    assert dialog.kind() == "package"
    assert dialog.package_step.isVisible()
    assert not dialog.units_step.isVisible() and not dialog.unit_step.isVisible()
    assert dialog.code_edit.placeholderText() == "4821-0937-5512-2"
    assert "13 chữ số" in dialog.code_hint.text() and "4821-0937-5512-2" in dialog.code_hint.text()
    headings = [w.text() for w in dialog.findChildren(QLabel, "stepHeading") if w.isVisible()]
    assert headings == ["1. Loại cơ sở dữ liệu", "2. Gói cài đặt và mã dùng một lần", "3. Nơi lưu tệp dữ liệu"]
    assert not dialog.create_button.isEnabled()
    dialog.kind_commune.click()
    assert dialog.unit_step.isVisible() and not dialog.package_step.isVisible()
    assert [w.text() for w in dialog.findChildren(QLabel, "stepHeading") if w.isVisible()][-1] == "4. Nơi lưu tệp dữ liệu"


def test_create_a_commune_from_a_setup_package(dialog, qtbot, tmp_path, packages, shown, office_db):
    package = packages[0]
    choose_package(qtbot, dialog, package.path)
    target = tmp_path / "xa" / "quai-nua.db"
    dialog.path_edit.setText(str(target))
    qtbot.keyClicks(dialog.code_edit, package.code.replace("-", " ")[:-1])
    assert not dialog.create_button.isEnabled()  # one digit still missing
    assert not dialog.code_error.isVisible()
    qtbot.keyClicks(dialog.code_edit, package.code[-1])
    assert dialog.create_button.isEnabled() and not dialog.code_error.isVisible()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.database.path == target
    assert (dialog.database.identity.unit_code, dialog.database.identity.parent_code) == ("03274", "099")
    from desktop.core.sync.keys import fingerprint, public_sign_hex

    own = fingerprint(public_sign_hex(dialog.database.conn))
    [(title, text)] = shown
    assert title == "Đối chiếu khóa với văn phòng tổng hợp"
    assert package.office_fingerprint in text and own in text and "Xã Quài Nưa" in text


def test_the_code_is_checked_as_it_is_typed(dialog, qtbot, packages):
    package = packages[0]
    choose_package(qtbot, dialog, package.path)
    digits = package.code.replace("-", "")
    typo = digits[:5] + str((int(digits[5]) + 3) % 10) + digits[6:]
    qtbot.keyClicks(dialog.code_edit, typo[:12])
    assert not dialog.code_error.isVisible()  # not wrong yet: still being typed
    qtbot.keyClicks(dialog.code_edit, typo[12])
    assert dialog.code_error.isVisible() and "lỗi đánh máy" in dialog.code_error.text()
    assert not dialog.create_button.isEnabled()
    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, "48a")
    assert dialog.code_error.isVisible() and "chỉ gồm chữ số" in dialog.code_error.text()
    dialog.code_edit.clear()
    assert not dialog.code_error.isVisible()
    qtbot.keyClicks(dialog.code_edit, package.code)
    assert not dialog.code_error.isVisible() and dialog.create_button.isEnabled()
    qtbot.keyClicks(dialog.code_edit, "7")  # a fourteenth digit
    assert "14 chữ số" in dialog.code_error.text() and not dialog.create_button.isEnabled()
    dialog.package_edit.clear()
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Backspace)
    assert not dialog.create_button.isEnabled()  # no package chosen


def test_a_code_that_does_not_open_the_package_is_refused_in_place(dialog, qtbot, tmp_path, packages, shown):
    first, second = packages
    before = sorted(p.name for p in tmp_path.iterdir())
    choose_package(qtbot, dialog, first.path)
    qtbot.keyClicks(dialog.code_edit, second.code)  # a valid code, but another package's
    assert dialog.create_button.isEnabled()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.database is None and shown == []
    assert dialog.error_label.isVisible()
    assert "mã dùng một lần không mở được gói này" in dialog.error_label.text()
    assert "đối chiếu lại từng số với văn phòng tổng hợp" in dialog.error_label.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no database, no temporary file
    # Typing the right code clears the message, and then the package opens.
    dialog.code_edit.clear()
    assert not dialog.error_label.isVisible()
    qtbot.keyClicks(dialog.code_edit, first.code)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.database is not None and dialog.database.identity.unit_code == "03274"
    assert len(shown) == 1
