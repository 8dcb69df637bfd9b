"""The household editor, driven from the keyboard: a household of five with its assessment typed,
saved, found again without accents, corrected, deleted, restored and seen in its history; and
every refusal (bad citizen ID, future birth date, empty name, two heads, override without a
reason) shown beside its field, with Save disabled and nothing written."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from desktop.core import households
from desktop.core.store import Store
from desktop.ui.households_editor import HouseholdEditor
from desktop.ui.households_members import COLUMNS
from tests.helpers import dated, unchanged
from tests.ui.keyboard import type_text

pytestmark = pytest.mark.gui


# name, sex key, birth, ethnicity key, citizen ID, relationship key: ASCII keys pick a choice as
# a keyboard user does ("" keeps what the editor proposes: the first person is the head, the
# others take the first person's ethnic group).
FAMILY = [
    ("Lò Văn Thượng", "Na", "12/03/1980", "Th", "011080001234", ""),
    ("Quàng Thị Ánh", "N\x1b", "1982", "", "011182004321", "V"),
    ("Lò Văn Đức", "Na", "05/09/2006", "", "011206000777", "Co"),
    ("Lò Thị Hoa", "N\x1b", "2010", "", "", "Co"),
    ("Lò Văn Bình", "Na", "2015", "", "", "Co"),
]



def focused() -> QWidget:
    return QApplication.focusWidget()


def answer_next(qtbot, key: str, *, text: str | None = None) -> list[str]:
    """Answer the next modal box by clicking its button `key` (or type `text` into a reason dialog).

    Returns a list that receives the box's text, for the test to check.
    """
    seen: list[str] = []

    def handle() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(10, handle)
            return
        if isinstance(box, QMessageBox):
            seen.append(box.text() + "\n" + box.informativeText())
            button = next(b for b in box.buttons() if b.objectName() == f"answer_{key}")
            button.click()
        elif box.objectName() == "reasonDialog":
            seen.append(box.windowTitle())
            if text:
                box.reason_edit.setFocus()
                type_text(qtbot, box.reason_edit, text)
            button = box.ok_button if key == "ok" else box.cancel_button
            button.click()
        else:  # pragma: no cover - an unexpected dialog: close it so the test fails cleanly
            seen.append(f"unexpected {box!r}")
            box.close()

    QTimer.singleShot(0, handle)
    return seen


def type_member(qtbot, editor: HouseholdEditor, row: int, name, sex, birth, ethnicity, cid, relationship) -> None:
    """Fill one row of the members table, cell after cell with Tab, as an official types it."""
    if row >= len(editor.draft.members):
        qtbot.mouseClick(editor.add_member_button, Qt.MouseButton.LeftButton)
    else:
        editor.focus_cell(row, "full_name", edit=True)
    cell = focused()
    qtbot.keyClick(cell, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, cell, name)
    for value in (sex, birth, ethnicity, cid, relationship):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        cell = focused()
        if value.endswith("\x1b"):  # the second choice of a letter: its key, then Down
            qtbot.keyClicks(cell, value[:-1])
            qtbot.keyClick(cell, Qt.Key.Key_Down)
        else:
            type_text(qtbot, cell, value)
    commit(qtbot)


def commit(qtbot) -> None:
    """Enter in a cell: the view commits what was typed once back in the event loop."""
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.wait(1)


@pytest.fixture
def village(store):
    return store.insert("villages", {"name": "Bản Co Muông"})


@pytest.fixture
def editor(gui_app, qtbot, store, village):
    dialog = HouseholdEditor(store, None)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.discard())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def count(store, table: str) -> int:
    return store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_type_five_members_and_an_assessment_then_save(editor, qtbot, store):
    assert editor.code_edit.text() == "QN-00001" and editor.village_combo.currentText() == "Bản Co Muông"
    # A new household may be saved before its members are typed: no members is a warning, not an error.
    assert not editor.draft.members and editor.save_button.isEnabled()
    assert editor.checked.warnings["members"] == "Hộ chưa có nhân khẩu nào."
    editor.address_edit.setFocus()
    type_text(qtbot, editor.address_edit, "Bản Co Muông, xã Quài Nưa")
    for row, member in enumerate(FAMILY):
        type_member(qtbot, editor, row, *member)
    members = editor.draft.members
    assert [(m.full_name, m.sex, m.relationship) for m in members] == [
        ("Lò Văn Thượng", "M", "head"), ("Quàng Thị Ánh", "F", "spouse"), ("Lò Văn Đức", "M", "child"),
        ("Lò Thị Hoa", "F", "child"), ("Lò Văn Bình", "M", "child")]
    assert all(m.ethnicity_code == "03" for m in members)
    assert editor.checked.errors == {} and editor.checked.warnings == {}

    # The assessment of the year: income, three deprivations, classified live as the rules say.
    qtbot.keyClick(editor, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    tab = editor.assessment_tab
    assert editor.tabs.currentWidget() is tab
    tab.set_year(2025)
    assert len(tab.indicator_boxes) == 12
    assert "tiếp cận" in tab.indicator_boxes["information_access"].text().lower()
    assert tab.indicator_boxes["latrine"].toolTip()  # the definition
    tab.income_edit.setFocus()
    qtbot.keyClicks(tab.income_edit, "1200000")
    assert tab.class_label.text() == "Hộ cận nghèo"
    for code in ("employment", "health_insurance", "latrine"):
        tab.indicator_boxes[code].setFocus()
        qtbot.keyClick(tab.indicator_boxes[code], Qt.Key.Key_Space)
    assert tab.class_label.text() == "Hộ nghèo"
    assert "30" in tab.b2_label.text()
    tab.causes_list.item(0).setCheckState(Qt.CheckState.Checked)
    assert editor.save_button.isEnabled()

    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    household_id = editor.draft.id
    assert household_id is not None
    assert count(store, "households") == 1 and count(store, "members") == 5 and count(store, "assessments") == 1
    row = store.conn.execute("SELECT classification, income_per_person, causes FROM assessments").fetchone()
    assert tuple(row) == ("poor", 1_200_000, '["thieu_von"]')
    assert store.conn.execute("SELECT address FROM households").fetchone()[0] == "Bản Co Muông, xã Quài Nưa"
    assert "Đã lưu" in editor.status_label.text() and not editor.is_dirty()
    assert editor.windowTitle() == "Hộ QN-00001 — Lò Văn Thượng"
    # Esc on a saved household closes without a question.
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_reorder_mark_head_and_remove(editor, qtbot, store):
    for row, member in enumerate(FAMILY[:3]):
        type_member(qtbot, editor, row, *member)
    editor.focus_cell(1, "full_name")
    qtbot.mouseClick(editor.head_button, Qt.MouseButton.LeftButton)
    # The former head must be given a relationship again: an error beside his cell.
    assert editor.checked.errors["members[0].relationship"] == "Chưa chọn quan hệ với chủ hộ."
    assert not editor.save_button.isEnabled()
    editor.focus_cell(0, "relationship", edit=True)
    qtbot.keyClicks(focused(), "V")
    commit(qtbot)
    editor.focus_cell(1, "full_name")
    qtbot.keyClick(editor.members_table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [m.full_name for m in editor.draft.members][:2] == ["Quàng Thị Ánh", "Lò Văn Thượng"]
    editor.focus_cell(2, "full_name")
    qtbot.mouseClick(editor.remove_member_button, Qt.MouseButton.LeftButton)  # not saved yet: no question
    assert len(editor.draft.members) == 2
    assert editor.save()
    loaded = households.load(store, editor.draft.id)
    assert [(m.full_name, m.relationship) for m in loaded.members] == [
        ("Quàng Thị Ánh", "head"), ("Lò Văn Thượng", "spouse")]


@pytest.mark.parametrize(("column", "keys", "key", "needle"), [
    ("citizen_id", "01108000123", "citizen_id", "12 chữ số"),
    ("citizen_id", "999080001234", "citizen_id", "Mã tỉnh 999"),
    ("birth", lambda today: f"01/01/{today.year + 1}", "birth", "tương lai"),
    ("birth", "32/13/1980", "birth", "không đúng dạng"),
    ("full_name", "", "full_name", "không được để trống"),
    ("full_name", "Lò Văn 3", "full_name", "chữ số"),
])
def test_member_refusals_are_shown_in_the_cell_and_nothing_is_saved(editor, qtbot, store, column, keys, key,
                                                                    needle, today):
    keys = dated(keys, today)
    type_member(qtbot, editor, 0, *FAMILY[0])
    assert editor.save_button.isEnabled()
    editor.focus_cell(0, column, edit=True)
    cell = focused()
    qtbot.keyClick(cell, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(cell, Qt.Key.Key_Delete)
    type_text(qtbot, cell, keys)
    commit(qtbot)
    message = editor.checked.errors[f"members[0].{key}"]
    assert needle in message
    index = editor.members_model.index(0, COLUMNS.index(key))
    assert index.data(Qt.ItemDataRole.ToolTipRole) == message  # beside the field: the cell itself
    assert message in editor.members_messages.text()  # and under the table, in words
    assert "Dòng 1" in editor.members_messages.text()
    assert not editor.save_button.isEnabled()
    assert "lỗi" in editor.status_label.text()
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert count(store, "households") == 0 and count(store, "members") == 0
    assert editor.draft.id is None


def test_two_heads_is_an_error(editor, qtbot, store):
    type_member(qtbot, editor, 0, *FAMILY[0])
    type_member(qtbot, editor, 1, "Lò Văn Ơn", "Na", "1985", "", "", "Ch")
    assert "2 chủ hộ" in editor.checked.errors["members[0].relationship"]
    assert "2 chủ hộ" in editor.checked.errors["members[1].relationship"]
    assert not editor.save_button.isEnabled()
    assert not editor.save()
    assert count(store, "households") == 0


def test_override_without_reason_is_refused(editor, qtbot, store):
    type_member(qtbot, editor, 0, *FAMILY[0])
    tab = editor.assessment_tab
    editor.tabs.setCurrentWidget(tab)
    tab.set_year(2025)
    tab.income_edit.setFocus()
    qtbot.keyClicks(tab.income_edit, "900000")
    assert tab.class_label.text() == "Hộ cận nghèo"
    tab.override_combo.setFocus()
    qtbot.keyClicks(tab.override_combo, "H")  # the first "Hộ …": Hộ nghèo
    assert tab.override_combo.currentData() == "poor"
    assert tab.reason_edit.isEnabled()
    assert tab.isVisible() and tab.reason_error.isVisible()
    assert tab.reason_error.text() == "Phân loại khác kết quả tính cần ghi lý do."
    assert not editor.save_button.isEnabled()
    assert not editor.save()
    assert count(store, "assessments") == 0 and count(store, "households") == 0
    tab.reason_edit.setFocus()
    type_text(qtbot, tab.reason_edit, "Theo biên bản họp thôn")
    assert tab.reason_error.text() == "" and editor.save_button.isEnabled()
    assert "điều chỉnh" in tab.class_label.text()
    assert editor.save()
    row = store.conn.execute("SELECT computed_class, classification, override_reason FROM assessments").fetchone()
    assert tuple(row) == ("near_poor", "poor", "Theo biên bản họp thôn")


def test_income_that_is_not_a_number_and_a_year_without_standard(editor, qtbot, store):
    type_member(qtbot, editor, 0, *FAMILY[0])
    tab = editor.assessment_tab
    editor.tabs.setCurrentWidget(tab)
    tab.income_edit.setFocus()
    qtbot.keyClicks(tab.income_edit, "1tr2")
    assert "số tiền" in tab.income_error.text() and not editor.save_button.isEnabled()
    tab.income_edit.clear()
    qtbot.keyClicks(tab.income_edit, "1.200.000")
    assert tab.income_error.text() == "" and editor.save_button.isEnabled()
    assert tab.draft().income_per_person == 1_200_000


def test_the_2027_standard_shows_its_own_indicators(editor):
    tab = editor.assessment_tab
    if tab.year_combo.findData(2027) < 0:
        pytest.skip("2027 not offered before 2026")
    tab.set_year(2027)
    assert "digital_services" in tab.indicator_boxes and "information_access" not in tab.indicator_boxes
    assert "2027" in tab.standard_label.text()
    tab.set_year(2025)
    assert "information_access" in tab.indicator_boxes and "digital_services" not in tab.indicator_boxes


def test_warnings_are_confirmed_before_saving(editor, qtbot, store, village):
    from desktop.core.households import HouseholdDraft, MemberDraft

    households.save(store, HouseholdDraft(village_id=village, code="QN-00900", members=[MemberDraft(
        full_name="Lò Văn Thượng", sex="M", birth="1980", ethnicity_code="03", citizen_id="011080001234",
        relationship="head")]))
    editor.code_edit.setFocus()
    editor.code_edit.clear()
    qtbot.keyClicks(editor.code_edit, "QN-00901")
    type_member(qtbot, editor, 0, "Lò Văn Thượng", "Na", "1980", "Th", "011080001234", "Co")
    assert "QN-00900" in editor.checked.warnings["members[0].citizen_id"]
    assert "chủ hộ" in editor.checked.warnings["members"]
    assert editor.save_button.isEnabled()
    seen = answer_next(qtbot, "back")
    assert not editor.save()
    assert "QN-00900" in seen[0] and count(store, "households") == 1
    seen = answer_next(qtbot, "save")
    assert editor.save()
    assert count(store, "households") == 2


def test_escape_asks_before_discarding(editor, qtbot, store):
    type_member(qtbot, editor, 0, *FAMILY[0])
    seen = answer_next(qtbot, "back")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert seen and "chưa lưu" in seen[0]
    assert editor.isVisible()
    answer_next(qtbot, "destructive")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert editor.result() == QDialog.DialogCode.Rejected
    assert count(store, "households") == 0


def test_escape_can_save_on_the_way_out(editor, qtbot, store):
    type_member(qtbot, editor, 0, *FAMILY[0])
    answer_next(qtbot, "save")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert count(store, "households") == 1


def test_tab_order_follows_the_form(editor, qtbot):
    editor.code_edit.setFocus()
    seen = []
    for _ in range(7):
        seen.append(focused().objectName())
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert seen == ["codeEdit", "villageCombo", "areaCombo", "addressEdit", "phoneEdit", "notesEdit",
                    "addMemberButton"]


def test_office_opens_households_read_only(gui_app, qtbot, office_db):
    from desktop.core.households import MemberDraft

    store = Store(office_db, actor="văn phòng")
    dialog = HouseholdEditor(store, None)
    qtbot.addWidget(dialog)
    assert dialog.read_only and not dialog.save_button.isVisible()
    assert "văn phòng tổng hợp" in dialog.findChild(QWidget, "readOnlyNote").text()
    assert not dialog.code_edit.isEnabled() and not dialog.add_member_button.isEnabled()
    assert dialog.draft.id is None and not dialog.draft.members  # a blank draft, never saved
    dialog.draft.members.append(MemberDraft(full_name="Lò Văn Thượng", sex="M", birth="1980",
                                            ethnicity_code="03", relationship="head"))
    with unchanged(office_db):
        assert not dialog.save()  # even with something in it, the office writes nothing
