"""The villages dialog: typing into its forms adds, renames, merges, flags ĐBKK and records
population; messages appear beside the field and Save waits until they are gone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.core import villages
from desktop.ui.villages_dialog import VillagesDialog, VillagesModel
from tests.ui.keyboard import type_text

pytestmark = pytest.mark.gui

LONG_NAME = "Bản Phiêng Pi Mường Khong"



def replace_text(qtbot, widget: QWidget, text: str) -> None:
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    type_text(qtbot, widget, text)


@pytest.fixture
def make_dialog(gui_app, qtbot, store):
    def make() -> VillagesDialog:
        dialog = VillagesDialog(store)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog
    return make


def names(dialog: VillagesDialog) -> list[str]:
    return [row.name for row in dialog.model.rows]


def cell(dialog: VillagesDialog, name: str, column: int) -> str:
    row = names(dialog).index(name)
    return dialog.model.index(row, column).data()


def test_add_a_village_by_typing(make_dialog, qtbot, store):
    dialog = make_dialog()
    assert names(dialog) == [] and not dialog.rename_button.isEnabled()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    form = dialog.current_form()
    assert form is dialog.add_form and dialog.focusWidget() is form.name_edit
    assert not form.save_button.isEnabled()  # nothing typed yet, and no message shouted
    assert form.error_text("name") == ""
    type_text(qtbot, form.name_edit, LONG_NAME)
    assert form.save_button.isEnabled()
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Return)  # Enter saves
    assert names(dialog) == [LONG_NAME]
    assert dialog.current_form() is None and dialog.changed
    assert LONG_NAME in dialog.status_label.text()
    assert dialog.current_village().name == LONG_NAME
    assert [v["name"] for v in villages.villages(store)] == [LONG_NAME]


def test_a_duplicate_name_is_shown_beside_the_field(make_dialog, qtbot, store):
    villages.add_village(store, "Bản Co Muông")
    dialog = make_dialog()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    form = dialog.add_form
    type_text(qtbot, form.name_edit, "ban co muong")
    assert "đã có trong xã" in form.error_text("name")
    assert not form.save_button.isEnabled()
    qtbot.keyClick(form.name_edit, Qt.Key.Key_Return)
    assert names(dialog) == ["Bản Co Muông"]
    type_text(qtbot, form.name_edit, " Hai")  # digits would be refused by the name rule
    assert form.error_text("name") == "" and form.save_button.isEnabled()


def test_rename(make_dialog, qtbot, store):
    vid = villages.add_village(store, "Bản Phiêng Pi")
    dialog = make_dialog()
    qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)
    form = dialog.rename_form
    assert form.name_edit.text() == "Bản Phiêng Pi"
    qtbot.keyClick(form.name_edit, Qt.Key.Key_End)
    type_text(qtbot, form.name_edit, " Mường Khong")
    type_text(qtbot, form.reason_edit, "QD 15/QD-UBND")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert names(dialog) == [LONG_NAME]
    assert store.get("villages", vid)["name"] == LONG_NAME
    assert "QD 15/QD-UBND" in store.history(store.get("villages", vid)["uuid"])[-1]["reason"]


def test_merge_into_another_village(make_dialog, qtbot, store):
    source = villages.add_village(store, "Bản Hua Sát")
    target = villages.add_village(store, "Bản Co Muông")
    households = [store.insert("households", {"village_id": source, "code": f"QN-{n}"}) for n in range(2)]
    dialog = make_dialog()
    dialog.select_village(source)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    form = dialog.merge_form
    assert "2 hộ" in form.intro.text()
    assert not form.save_button.isEnabled()
    qtbot.keyClick(form.target_combo, Qt.Key.Key_Down)
    assert form.target_combo.currentText() == "Bản Co Muông"
    type_text(qtbot, form.reason_edit, "Sáp nhập thôn")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert names(dialog) == ["Bản Co Muông"]
    assert cell(dialog, "Bản Co Muông", VillagesModel.COL_HOUSEHOLDS) == "2"
    assert "2 hộ" in dialog.status_label.text()
    assert {store.get("households", h)["village_id"] for h in households} == {target}
    assert store.get("villages", source)["deleted"] == 1
    assert not dialog.merge_button.isEnabled()  # one village left: nothing to merge into


def test_dbkk_for_a_village_and_for_the_commune(make_dialog, qtbot, store):
    vid = villages.add_village(store, LONG_NAME)
    dialog = make_dialog()
    dialog.year_spin.setValue(2023)
    qtbot.mouseClick(dialog.dbkk_button, Qt.MouseButton.LeftButton)
    form = dialog.dbkk_form
    assert form.village_radio.isChecked() and form.village_radio.text() == LONG_NAME
    type_text(qtbot, form.from_edit, "2021")
    type_text(qtbot, form.to_edit, "2020")
    assert "trước năm bắt đầu" in form.error_text("from_year")
    assert not form.save_button.isEnabled()
    replace_text(qtbot, form.to_edit, "2025")
    type_text(qtbot, form.decision_edit, "612/QĐ-UBDT")
    assert form.save_button.isEnabled()
    qtbot.keyClick(form.decision_edit, Qt.Key.Key_Return)
    assert cell(dialog, LONG_NAME, VillagesModel.COL_DBKK) == "2021–2025"
    assert villages.current_dbkk(store, vid, 2023).decision == "612/QĐ-UBDT"
    # The whole commune, with no end year yet.
    qtbot.mouseClick(dialog.dbkk_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.commune_radio, Qt.MouseButton.LeftButton)
    assert form.period_combo.count() == 1  # no commune period yet
    type_text(qtbot, form.from_edit, "2021")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "2021" in dialog.commune_label.text() and "giai đoạn từ 2021" in dialog.commune_label.text()
    assert villages.current_dbkk(store, None, 2023) is not None
    # An overlapping period is refused beside the field.
    qtbot.mouseClick(dialog.dbkk_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, form.from_edit, "2024")
    assert "Trùng" in form.error_text("from_year")


def test_end_and_remove_a_dbkk_period(make_dialog, qtbot, store):
    vid = villages.add_village(store, LONG_NAME)
    flag = villages.add_dbkk(store, vid, 2021)
    dialog = make_dialog()
    qtbot.mouseClick(dialog.dbkk_button, Qt.MouseButton.LeftButton)
    form = dialog.dbkk_form
    qtbot.keyClick(form.period_combo, Qt.Key.Key_Down)
    assert form.from_edit.text() == "2021" and form.remove_button.isVisible()
    type_text(qtbot, form.to_edit, "2025")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert store.get("area_flags", flag)["to_year"] == 2025
    qtbot.mouseClick(dialog.dbkk_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(form.period_combo, Qt.Key.Key_Down)
    qtbot.mouseClick(form.remove_button, Qt.MouseButton.LeftButton)
    assert "lý do" in form.error_text("reason")  # a removal needs its reason
    type_text(qtbot, form.reason_edit, "nhap nham")
    qtbot.mouseClick(form.remove_button, Qt.MouseButton.LeftButton)
    assert store.get("area_flags", flag)["deleted"] == 1
    assert villages.area_flags(store, vid) == []


def test_population_for_the_chosen_year(make_dialog, qtbot, store):
    vid = villages.add_village(store, LONG_NAME)
    store.insert("households", {"village_id": vid, "code": "QN-1"})
    store.insert("households", {"village_id": vid, "code": "QN-2"})
    dialog = make_dialog()
    dialog.year_spin.setValue(2024)
    qtbot.mouseClick(dialog.population_button, Qt.MouseButton.LeftButton)
    form = dialog.population_form
    assert form.year_edit.text() == "2024" and "2 hộ" in form.intro.text()
    type_text(qtbot, form.households_edit, "1")
    assert "nhiều hơn" in form.error_text("households_total")  # a warning, not an error
    type_text(qtbot, form.households_edit, "2")
    type_text(qtbot, form.population_edit, "9")
    assert "ít hơn số hộ" in form.error_text("population_total")
    assert not form.save_button.isEnabled()
    replace_text(qtbot, form.households_edit, "1234")
    replace_text(qtbot, form.population_edit, "5.678")
    assert form.error_text("households_total") == "" and form.save_button.isEnabled()
    qtbot.keyClick(form.population_edit, Qt.Key.Key_Return)
    assert cell(dialog, LONG_NAME, VillagesModel.COL_TOTAL) == "1.234"
    assert cell(dialog, LONG_NAME, VillagesModel.COL_POPULATION) == "5.678"
    assert villages.population(store, vid, 2024).population_total == 5678
    # Opening it again for the same year shows the stored figures; saving updates the row.
    qtbot.mouseClick(dialog.population_button, Qt.MouseButton.LeftButton)
    assert form.households_edit.text() == "1234"
    replace_text(qtbot, form.households_edit, "1240")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert store.conn.execute("SELECT COUNT(*) FROM village_populations").fetchone()[0] == 1
    dialog.year_spin.setValue(2023)
    assert cell(dialog, LONG_NAME, VillagesModel.COL_TOTAL) == "—"


def test_escape_closes_the_form_first(make_dialog, qtbot):
    dialog = make_dialog()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.add_form.name_edit, Qt.Key.Key_Escape)
    assert dialog.current_form() is None and dialog.isVisible()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_fits_a_small_laptop_screen(make_dialog, qtbot, store):
    for n, name in enumerate([LONG_NAME, "Bản Co Muông", "Bản Hua Sát Nọong Bua"]):
        vid = villages.add_village(store, name)
        villages.set_population(store, vid, 2024, 100 + n, 1000 + n)
    dialog = make_dialog()
    for form in (dialog.add_form, dialog.rename_form, dialog.merge_form, dialog.dbkk_form, dialog.population_form):
        dialog.open_form(form)
        hint = dialog.minimumSizeHint()
        assert hint.width() <= 1366 - 40 and hint.height() <= 768 - 90, (form, hint)
    assert dialog.width() <= 1366 and dialog.height() <= 768 - 90


def test_model(qtmodeltester, gui_app, store):
    vid = villages.add_village(store, LONG_NAME)
    villages.add_village(store, "Bản Co Muông")
    villages.set_population(store, vid, 2024, 12, 50)
    model = VillagesModel(store, 2024)
    qtmodeltester.check(model)
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Tổng số hộ 2024"


def test_english(english, make_dialog, qtbot, store):
    villages.add_village(store, LONG_NAME)
    dialog = make_dialog()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, dialog.add_form.name_edit, "Bản Phiêng Pi Mường khong")
    assert "already" in dialog.add_form.error_text("name")
