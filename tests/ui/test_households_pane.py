"""The households pane in the main window: the whole daily round from the keyboard (new household,
find it again without accents, correct a member, delete and restore, read its history), the list
model (qtmodeltester, rows read lazily, sorting), filters, the status bar count, the office, and the
other screens' dialogs opened from the Sự kiện menu and the Thôn/bản button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from desktop.core import search
from desktop.core.demo import generate
from desktop.core.store import Store
from desktop.core.text import name_sort_key
from desktop.ui import households_model
from tests.ui.test_households_editor import (
    FAMILY,
    answer_next,
    commit,
    focused,
    type_member,
    type_text,
)

pytestmark = pytest.mark.gui


def wait_search(qtbot, pane) -> None:
    qtbot.waitUntil(lambda: not pane.model.is_searching(), timeout=5000)
    qtbot.wait(1)


def status(window) -> str:
    return window.pane_status_label.text()


@pytest.fixture
def window(main_window, commune_db, qtbot):
    store = Store(commune_db, actor="cán bộ xã")
    store.insert("villages", {"name": "Bản Co Muông"})
    pane = main_window.pane("households")
    pane.refresh()
    wait_search(qtbot, pane)
    yield main_window
    if pane.editor is not None:
        pane.editor.discard()


@pytest.fixture
def demo_window(gui_app, qtbot, commune_db):
    from desktop.ui.app import create_main_window

    generate(commune_db, 120, seed=5)
    window = create_main_window(commune_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_search(qtbot, window.pane("households"))
    return window


def test_the_daily_round_from_the_keyboard(window, qtbot, commune_db):
    pane = window.pane("households")
    assert status(window) == "Đang hiển thị 0 / 0 hộ"
    # Ctrl+N: a new household; five people and the year's assessment typed in; Ctrl+S.
    pane.search_edit.setFocus()
    qtbot.keyClick(pane.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = pane.editor
    assert editor is not None and editor.isVisible() and editor.windowTitle() == "Thêm hộ mới"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    assert focused() is editor.code_edit  # ready to type
    for row, member in enumerate(FAMILY):
        type_member(qtbot, editor, row, *member)
    editor.tabs.setCurrentWidget(editor.assessment_tab)
    tab = editor.assessment_tab
    tab.set_year(2025)
    tab.income_edit.setFocus()
    qtbot.keyClicks(tab.income_edit, "1100000")
    for code in ("employment", "latrine", "water_source"):
        tab.indicator_boxes[code].setFocus()
        qtbot.keyClick(tab.indicator_boxes[code], Qt.Key.Key_Space)
    assert tab.class_label.text() == "Hộ nghèo"
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    household_id = editor.draft.id
    assert household_id is not None
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert pane.editor is None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    wait_search(qtbot, pane)
    assert status(window) == "Đang hiển thị 1 / 1 hộ"
    pane.year_combo.setCurrentIndex(pane.year_combo.findData(2025))  # the year just assessed is offered
    wait_search(qtbot, pane)

    # Ctrl+F, then the name without accents finds it; Enter goes to the list, Enter opens it.
    qtbot.keyClick(pane.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() is pane.search_edit
    qtbot.keyClicks(pane.search_edit, "quang thi anh")
    wait_search(qtbot, pane)
    qtbot.waitUntil(lambda: pane.model.query().text == "quang thi anh")
    wait_search(qtbot, pane)
    assert pane.model.ids() == [household_id]
    assert pane.model.household(0).head_name == "Lò Văn Thượng"
    assert pane.model.household(0).classification == "poor"
    qtbot.keyClick(pane.search_edit, Qt.Key.Key_Return)
    assert focused() is pane.table and pane.selected_id() == household_id
    qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    editor = pane.editor
    assert editor.draft.id == household_id
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)

    # Correct a member's name (Quàng Thị Ánh → Quàng Thị Ánh Mai) and save.
    editor.focus_cell(1, "full_name", edit=True)
    cell = focused()
    qtbot.keyClick(cell, Qt.Key.Key_End)
    type_text(qtbot, cell, " Mai")
    commit(qtbot)
    assert editor.draft.members[1].full_name == "Quàng Thị Ánh Mai"
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    wait_search(qtbot, pane)
    pane.search_edit.clear()
    qtbot.keyClicks(pane.search_edit, "anh mai")
    qtbot.waitUntil(lambda: pane.model.query().text == "anh mai")
    wait_search(qtbot, pane)
    assert pane.model.ids() == [household_id]

    # Delete (asks why), find it in the trash, restore it.
    pane.select_id(household_id)
    pane.table.setFocus()
    seen = answer_next(qtbot, "ok", text="Nhập trùng với hộ khác")
    qtbot.keyClick(pane.table, Qt.Key.Key_Delete)
    assert seen == ["Xóa hộ"]
    wait_search(qtbot, pane)
    assert pane.model.ids() == []
    assert commune_db.conn.execute("SELECT deleted, deleted_reason FROM households").fetchone()[:] == (
        1, "Nhập trùng với hộ khác")
    qtbot.mouseClick(pane.trash_check, Qt.MouseButton.LeftButton, pos=QPoint(5, pane.trash_check.height() // 2))
    wait_search(qtbot, pane)
    assert pane.model.ids() == [household_id]
    assert status(window) == "Thùng rác: 1 / 1 hộ đã xóa"
    assert pane.model.data(pane.model.index(0, pane.model.column_of("deleted_reason"))) == "Nhập trùng với hộ khác"
    pane.select_row(0)
    assert pane.restore_button.isVisible() and not pane.delete_button.isVisible()
    answer_next(qtbot, "ok", text="Xóa nhầm")
    qtbot.mouseClick(pane.restore_button, Qt.MouseButton.LeftButton)
    wait_search(qtbot, pane)
    assert pane.model.ids() == []
    pane.trash_check.click()
    wait_search(qtbot, pane)
    assert pane.model.ids() == [household_id]

    # Its history: who, when, what, old → new.
    pane.select_row(0)
    qtbot.mouseClick(pane.history_button, Qt.MouseButton.LeftButton)
    dialog = pane.history_dialog
    lines = dialog.view.lines()
    dialog.close()
    assert ("Sửa", "Nhân khẩu Quàng Thị Ánh Mai", "Họ và tên", "Quàng Thị Ánh", "Quàng Thị Ánh Mai") in [
        line[2:7] for line in lines]
    actions = [(line[2], line[7]) for line in lines]
    assert ("Xóa", "Nhập trùng với hộ khác") in actions and ("Khôi phục", "Xóa nhầm") in actions
    assert {line[1] for line in lines} == {commune_db.actor()}  # the operator named in the settings, else the login
    assert sum(1 for line in lines if line[2] == "Thêm mới") == 7  # household, five people, the assessment


def test_list_model_passes_qtmodeltester(demo_window, qtmodeltester):
    pane = demo_window.pane("households")
    qtmodeltester.check(pane.model, force_py=True)


def test_rows_are_read_in_batches(demo_window, qtbot, monkeypatch):
    pane = demo_window.pane("households")
    monkeypatch.setattr(households_model, "BATCH", 50)
    pane.model.invalidate_rows()
    calls = []
    real = search.fetch_rows
    monkeypatch.setattr(households_model.search, "fetch_rows",
                        lambda conn, ids, year: calls.append(len(ids)) or real(conn, ids, year))
    assert pane.model.rowCount() == 120
    pane.model.household(0)
    pane.model.household(49)
    assert calls == [50]
    pane.model.household(119)
    assert calls == [50, 20]
    assert pane.model.household(5).code


def test_names_in_vietnamese_order_and_sorting_by_the_header(demo_window, qtbot):
    pane = demo_window.pane("households")
    model = pane.model
    names = [model.household(r).head_name for r in range(model.rowCount())]
    assert names == sorted(names, key=name_sort_key)
    header = pane.table.horizontalHeader()
    members = model.column_of("members")
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(members) + 10, header.height() // 2))
    wait_search(qtbot, pane)
    assert model.query().sort == search.SORT_MEMBERS
    counts = [model.household(r).member_count for r in range(model.rowCount())]
    assert counts == sorted(counts)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(members) + 10, header.height() // 2))
    wait_search(qtbot, pane)
    assert model.query().descending
    counts = [model.household(r).member_count for r in range(model.rowCount())]
    assert counts == sorted(counts, reverse=True)


def test_filters_and_the_status_bar_count(demo_window, qtbot, commune_db):
    pane = demo_window.pane("households")
    assert status(demo_window) == "Đang hiển thị 120 / 120 hộ"
    pane.class_combo.setCurrentIndex(pane.class_combo.findData("poor"))
    wait_search(qtbot, pane)
    year = pane.year_combo.currentData()
    poor = commune_db.conn.execute("SELECT COUNT(*) FROM assessments WHERE year = ? AND classification = 'poor'",
                                   (year,)).fetchone()[0]
    assert pane.model.rowCount() == poor and status(demo_window) == f"Đang hiển thị {poor} / 120 hộ"
    village = pane.village_combo.itemData(1)
    pane.village_combo.setCurrentIndex(1)
    wait_search(qtbot, pane)
    assert all(commune_db.conn.execute("SELECT village_id FROM households WHERE id = ?", (i,)).fetchone()[0] == village
               for i in pane.model.ids())
    pane.class_combo.setCurrentIndex(0)
    pane.village_combo.setCurrentIndex(0)
    pane.ethnicity_combo.setCurrentIndex(pane.ethnicity_combo.findData("08"))
    wait_search(qtbot, pane)
    assert pane.model.rowCount() and all(pane.model.household(r).ethnicity_code == "08"
                                         for r in range(pane.model.rowCount()))
    pane.ethnicity_combo.setCurrentIndex(0)
    pane.escape_combo.setCurrentIndex(pane.escape_combo.findData(True))
    pane.year_combo.setCurrentIndex(pane.year_combo.findData(2024))
    wait_search(qtbot, pane)
    assert all(pane.model.household(r).registered_escape for r in range(pane.model.rowCount()))
    assert pane.model.headerData(pane.model.column_of("classification"), Qt.Orientation.Horizontal) == \
        "Phân loại 2024"


def test_typing_fast_only_searches_once_the_typing_pauses(demo_window, qtbot):
    pane = demo_window.pane("households")
    started = []
    pane.model.search_started.connect(lambda: started.append(pane.model.query().text))
    pane.search_edit.setFocus()
    qtbot.keyClicks(pane.search_edit, "lo van")
    assert started == []  # the 150 ms pause has not come yet
    qtbot.waitUntil(lambda: started == ["lo van"], timeout=2000)
    wait_search(qtbot, pane)
    qtbot.keyClick(pane.search_edit, Qt.Key.Key_Escape)
    assert pane.search_edit.text() == ""


def test_deleting_can_be_cancelled(demo_window, qtbot, commune_db):
    pane = demo_window.pane("households")
    pane.select_row(0)
    answer_next(qtbot, "cancel")
    pane.delete_selected()
    assert commune_db.conn.execute("SELECT COUNT(*) FROM households WHERE deleted = 1").fetchone()[0] == 0


def test_life_events_and_villages_open_the_other_screens(demo_window, qtbot, monkeypatch):
    pane = demo_window.pane("households")
    pane.select_row(3)
    chosen = pane.selected_id()
    calls = []

    import desktop.ui.life_events_dialogs as dialogs

    monkeypatch.setattr(dialogs, "open_life_event",
                        lambda parent, store, household_id, kind: calls.append((household_id, kind)) or True)
    assert [a.text() for a in pane.events_menu.actions()][:2] == ["Sinh con…", "Báo tử (nhân khẩu mất)…"]
    pane.event_actions["birth"].trigger()
    assert calls == [(chosen, "birth")]
    wait_search(qtbot, pane)
    assert pane.selected_id() == chosen

    import desktop.ui.villages_dialog as villages_dialog

    opened = []

    class FakeVillages:
        def __init__(self, store, parent=None):
            opened.append(store)

        def exec(self):
            return 0

        def deleteLater(self):
            pass

    monkeypatch.setattr(villages_dialog, "VillagesDialog", FakeVillages)
    qtbot.mouseClick(pane.villages_button, Qt.MouseButton.LeftButton)
    assert opened == [pane.store]


def test_office_lists_every_commune_read_only(office_window, qtbot):
    pane = office_window.pane("households")
    wait_search(qtbot, pane)
    assert pane.office and not pane.new_button.isEnabled() and not pane.villages_button.isEnabled()
    assert pane.model.column_key(0) == "commune"
    assert "chỉ xem" in pane.office_note.text()
    pane.new_household()
    assert pane.editor is None
    assert status(office_window) == "Đang hiển thị 0 / 0 hộ"
    assert pane.commune_combo is not None


def test_search_failure_is_reported_not_raised(demo_window, qtbot, monkeypatch):
    pane = demo_window.pane("households")

    def broken(conn, query, refresh=True):
        raise RuntimeError("ổ đĩa hỏng")

    monkeypatch.setattr(households_model.search, "search_ids", broken)
    with qtbot.waitSignal(pane.model.search_failed, timeout=3000):
        pane.refresh()
    assert "ổ đĩa hỏng" in status(demo_window)


def test_english(english, demo_window, qtbot):
    pane = demo_window.pane("households")
    pane.refresh()
    wait_search(qtbot, pane)
    assert pane.new_button.text() == "New household"
    assert status(demo_window) == "Showing 120 / 120 households"
    assert pane.model.headerData(0, Qt.Orientation.Horizontal) == "Household code"
    assert QApplication.translate("households", "Tách hộ…") == "Split the household…"
