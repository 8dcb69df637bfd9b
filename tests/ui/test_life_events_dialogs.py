"""The life-event dialogs: typed into and saved, messages beside the fields as the user types,
Save disabled while an error stands, refusals shown in place."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox

from desktop.core import life_events
from desktop.ui.life_events_dialogs import (
    BirthDialog,
    DeathDialog,
    LifeEventDialog,
    MarryInDialog,
    MoveAwayDialog,
    MoveOutDialog,
    SplitDialog,
    make_dialog,
    open_life_event,
)
from tests.ui.keyboard import type_text

pytestmark = pytest.mark.gui




def pick(qtbot, combo, text: str) -> None:
    """Choose a combo item with the arrow keys, as from the keyboard."""
    if combo.currentIndex() < 0:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    for _ in range(combo.count()):
        qtbot.keyClick(combo, Qt.Key.Key_Up)
    for _ in range(combo.count()):
        if combo.currentText().startswith(text):
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{text!r} not in {[combo.itemText(i) for i in range(combo.count())]}")


@pytest.fixture
def family(store):
    """A household with a head, his wife, a son and a granddaughter: (household, ids by role)."""
    village = store.insert("villages", {"name": "Bản Phiêng Pi Mường Khong"})
    hid = store.insert("households", {"village_id": village, "code": "QN-00001", "address": "Bản Phiêng Pi"})

    def add(name, relationship, sex, year):
        return store.insert("members", {"household_id": hid, "full_name": name, "sex": sex, "birth_year": year,
                                        "ethnicity_code": "03", "relationship": relationship})

    return hid, {
        "head": add("Lò Văn Thượng", "head", "M", 1962),
        "wife": add("Quàng Thị Thanh Huyền", "spouse", "F", 1966),
        "son": add("Lò Văn Khánh", "child", "M", 1988),
        "grandchild": add("Lò Thị Mai", "grandchild", "F", 2012),
    }


@pytest.fixture
def show(gui_app, qtbot, store, family):
    def make(kind: str) -> LifeEventDialog:
        dialog = make_dialog(None, store, family[0], kind)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog
    return make


def test_each_kind_has_its_dialog(show):
    classes = {"birth": BirthDialog, "death": DeathDialog, "marry_in": MarryInDialog, "move_out": MoveOutDialog,
               "split": SplitDialog, "move_away": MoveAwayDialog}
    for kind, cls in classes.items():
        dialog = show(kind)
        assert type(dialog) is cls
        assert dialog.intro.text() and "QN-00001" in dialog.heading.text()
        assert "Lò Văn Thượng" in dialog.heading.text() and "Phiêng Pi Mường Khong" in dialog.heading.text()
        assert not dialog.save_button.isEnabled()
        dialog.close()
    with pytest.raises(ValueError):
        make_dialog(None, dialog.store, dialog.household_id, "adoption")


def test_birth(show, qtbot, store, family, today):
    hid, _ = family
    dialog = show("birth")
    assert dialog.focusWidget() is dialog.name_edit
    assert dialog.ethnicity_combo.currentText() == "Thái"  # the head's
    assert dialog.relationship_combo.value() == "child"
    type_text(qtbot, dialog.name_edit, "Lò Thị Ngọc Ánh")
    pick(qtbot, dialog.sex_combo, "Nữ")
    tomorrow = (today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    type_text(qtbot, dialog.birth_edit, tomorrow)
    assert "tương lai" in dialog.error_text("birth_date")
    assert not dialog.save_button.isEnabled()
    dialog.birth_edit.clear()
    born = today - dt.timedelta(days=3)
    type_text(qtbot, dialog.birth_edit, born.strftime("%d/%m/%Y"))
    assert dialog.error_text("birth_date") == ""
    type_text(qtbot, dialog.note_edit, "Giay chung sinh 12")
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    member = store.get("members", dialog.result_id)
    assert (member["full_name"], member["sex"], member["birth_date"], member["relationship"]) == (
        "Lò Thị Ngọc Ánh", "F", born.isoformat(), "child")
    assert member["household_id"] == hid


def test_untouched_fields_only_hint(show, qtbot):
    dialog = show("birth")
    assert dialog.error_text("full_name") == "" and "*" in dialog.hint_label.text()
    type_text(qtbot, dialog.name_edit, "L")
    assert "quá ngắn" in dialog.error_text("full_name")


def test_death_of_the_head_names_a_new_head(show, qtbot, store, family):
    hid, who = family
    dialog = show("death")
    assert not dialog.row_visible("new_head_id")
    pick(qtbot, dialog.member_combo, "Lò Văn Thượng")
    assert dialog.row_visible("new_head_id")
    assert "chủ hộ" in dialog.info_label.text()
    choices = [dialog.new_head_combo.itemText(i) for i in range(dialog.new_head_combo.count())]
    assert len(choices) == 3 and not any(c.startswith("Lò Văn Thượng") for c in choices)
    type_text(qtbot, dialog.date_edit, "02/03/2024")
    assert not dialog.save_button.isEnabled()  # the new head is still missing
    assert dialog.hint_label.isVisible() and dialog.error_text("new_head_id") == ""
    dialog.new_head_combo.setCurrentIndex(0)
    dialog.new_head_combo.setCurrentIndex(-1)  # chosen, then unchosen: now the message shows
    assert "chủ hộ mới" in dialog.error_text("new_head_id")
    pick(qtbot, dialog.new_head_combo, "Quàng Thị Thanh Huyền")
    assert dialog.save_button.isEnabled()
    qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Return)  # Enter saves
    assert dialog.result() == dialog.DialogCode.Accepted
    assert store.get("members", who["head"])["status"] == "deceased"
    assert store.get("members", who["head"])["status_date"] == "2024-03-02"
    assert life_events.present_head(store, hid)["id"] == who["wife"]


def test_death_of_another_member_needs_no_new_head(show, qtbot, store, family):
    _hid, who = family
    dialog = show("death")
    pick(qtbot, dialog.member_combo, "Lò Thị Mai")
    assert not dialog.row_visible("new_head_id")
    type_text(qtbot, dialog.date_edit, "01/01/2011")
    assert "năm sinh 2012" in dialog.error_text("date")
    dialog.date_edit.clear()
    type_text(qtbot, dialog.date_edit, "2024-05-01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert store.get("members", who["grandchild"])["status"] == "deceased"


def test_marry_in(show, qtbot, store, family):
    _hid, _ = family
    dialog = show("marry_in")
    type_text(qtbot, dialog.name_edit, "Tòng Thị Phương Thảo")
    pick(qtbot, dialog.sex_combo, "Nữ")
    type_text(qtbot, dialog.birth_edit, "1991")
    pick(qtbot, dialog.relationship_combo, "Con dâu")
    type_text(qtbot, dialog.date_edit, "20/01/2024")
    type_text(qtbot, dialog.origin_edit, "Xã Mường Thín")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    member = store.get("members", dialog.result_id)
    assert (member["birth_year"], member["birth_date"], member["relationship"], member["status_date"]) == (
        1991, None, "child_in_law", "2024-01-20")
    assert "Mường Thín" in member["notes"]


def test_move_out(show, qtbot, store, family):
    _hid, who = family
    dialog = show("move_out")
    pick(qtbot, dialog.member_combo, "Lò Văn Khánh")
    qtbot.mouseClick(dialog.married_radio, Qt.MouseButton.LeftButton)
    type_text(qtbot, dialog.date_edit, "10/02/2024")
    type_text(qtbot, dialog.destination_edit, "Bản Hua Sát, xã Nà Sáy")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    row = store.get("members", who["son"])
    assert (row["status"], row["status_date"]) == ("married_out", "2024-02-10")


def test_split(show, qtbot, store, family):
    hid, who = family
    dialog = show("split")
    assert "rà soát lại" in dialog.intro.text()  # assessments are not copied
    assert not dialog.row_visible("remaining_head_id")
    table = dialog.table
    # Space ticks the current member (the table starts on the first row: the head; move down).
    table.setFocus()
    for row, _name in ((2, "son"), (3, "grandchild")):
        table.setCurrentCell(row, 0)
        qtbot.keyClick(table.viewport(), Qt.Key.Key_Space)
    assert dialog.leaving() == [who["son"], who["grandchild"]]
    assert dialog.head_combo.currentText() == "Lò Văn Khánh"  # the first one ticked, until changed
    pick(qtbot, dialog.head_combo, "Lò Thị Mai")
    assert table.item(2, dialog.COL_NEW).text() == "Con"  # his relationship, to be checked
    pick(qtbot, dialog.head_combo, "Lò Văn Khánh")
    assert table.item(3, dialog.COL_NEW).text() == "Cháu"
    dialog.set_relationship(who["grandchild"], "child")  # as the delegate's combo would (F2)
    type_text(qtbot, dialog.code_edit, "QN-00001")
    assert "đã được dùng" in dialog.error_text("code")
    dialog.code_edit.clear()
    type_text(qtbot, dialog.code_edit, "QN-00002")
    type_text(qtbot, dialog.date_edit, "01/04/2024")
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    new = dialog.result_id
    assert store.get("households", new)["code"] == "QN-00002"
    assert life_events.present_head(store, new)["id"] == who["son"]
    assert store.get("members", who["grandchild"])["relationship"] == "child"
    assert life_events.present_head(store, hid)["id"] == who["head"]


def test_split_with_the_head_leaving_asks_for_the_old_households_head(show, qtbot, family):
    _hid, who = family
    dialog = show("split")
    dialog.set_leaving(who["head"])
    assert dialog.head_combo.currentText() == "Lò Văn Thượng"  # alone: chosen for the user
    assert dialog.row_visible("remaining_head_id")
    dialog.set_leaving(who["son"])
    pick(qtbot, dialog.head_combo, "Lò Văn Khánh")
    # The old head now joins as someone else: the table asks for his relationship.
    assert "F2" in dialog.table.item(0, dialog.COL_NEW).text()
    type_text(qtbot, dialog.code_edit, "QN-00002")
    type_text(qtbot, dialog.date_edit, "01/04/2024")
    pick(qtbot, dialog.remaining_head_combo, "Quàng Thị Thanh Huyền")
    assert "Lò Văn Thượng" in dialog.error_text("member_ids")
    # F2 on his "relationship in the new household" opens a combo; arrows choose, Enter commits.
    table = dialog.table
    table.setFocus()
    table.setCurrentCell(0, dialog.COL_NEW)
    qtbot.keyClick(table.viewport(), Qt.Key.Key_F2)
    editor = table.viewport().findChild(QComboBox)
    assert editor is not None and editor.currentText() == "Vợ/chồng"  # the first choice
    pick(qtbot, editor, "Bố/mẹ")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() == QAbstractItemView.State.NoState)  # Qt commits on its next turn
    assert dialog.relationships()[who["head"]] == "parent"
    assert table.item(0, dialog.COL_NEW).text() == "Bố/mẹ"
    assert dialog.error_text("member_ids") == "" and dialog.save_button.isEnabled()


def test_move_away(show, qtbot, store, family):
    hid, _ = family
    dialog = show("move_away")
    type_text(qtbot, dialog.date_edit, "15/05/2024")
    assert not dialog.save_button.isEnabled()
    type_text(qtbot, dialog.destination_edit, "Xã Mường Mươn, huyện Mường Chà")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert store.get("households", hid)["status"] == "moved_away"


def test_refusal_is_shown_and_nothing_can_be_saved(gui_app, qtbot, store, family, today):
    hid, _ = family
    life_events.move_away(store, hid, today, "Hà Nội")
    dialog = make_dialog(None, store, hid, "birth")
    qtbot.addWidget(dialog)
    dialog.show()
    assert "chuyển đi xã khác" in dialog.message_label.text() and dialog.message_label.isVisible()
    assert not dialog.save_button.isEnabled() and not dialog.name_edit.isEnabled()


def test_a_refusal_on_saving_keeps_the_dialog_open(show, qtbot, store, family):
    _hid, who = family
    dialog = show("death")
    pick(qtbot, dialog.member_combo, "Lò Thị Mai")
    type_text(qtbot, dialog.date_edit, "01/05/2024")
    life_events.death(store, who["grandchild"], "2024-05-01")  # meanwhile, in another window
    dialog.save()
    assert dialog.isVisible()
    assert "không còn ở trong hộ" in dialog.error_text("member_id")


def test_open_life_event_returns_whether_saved(gui_app, qtbot, store, family):
    hid, _ = family

    def fill_and_save():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, MoveAwayDialog)
        type_text(qtbot, dialog.date_edit, "15/05/2024")
        type_text(qtbot, dialog.destination_edit, "Ha Noi")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill_and_save)
    assert open_life_event(None, store, hid, "move_away") is True

    def cancel():
        QApplication.activeModalWidget().reject()

    QTimer.singleShot(0, cancel)
    assert open_life_event(None, store, hid, "birth") is False


def test_dialogs_fit_a_small_laptop_screen(show, qtbot, family):
    for kind in life_events.KINDS:
        dialog = show(kind)
        if kind == "split":
            dialog.set_leaving(family[1]["head"])
        hint = dialog.sizeHint()
        assert hint.width() <= 1366 - 40 and hint.height() <= 768 - 90, (kind, hint)
        dialog.close()
