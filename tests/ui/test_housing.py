"""The housing screens, clicked and typed through: a support from registration to the last
payment, only the next valid steps offered, refusals beside their field with nothing written,
the household editor's housing tab, and the office's read-only view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.core import households as hh
from desktop.core import housing
from desktop.core.assessments import AssessmentDraft
from tests.core.households_data import family
from tests.helpers import snapshot
from tests.ui.keyboard import type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def poor_household(store):
    """A poor household (2025 review, housing deprivation) of Bản Co Muông: its id."""
    village = store.insert("villages", {"name": "Bản Co Muông"})
    draft = family(village)
    review = AssessmentDraft(year=2025, income_per_person=900_000,
                             deprivations=["housing_quality", "health_insurance", "latrine"], causes=["thieu_von"])
    return hh.save(store, draft, review)


def _pane(main_window, qtbot):
    from desktop.ui.housing.pane import HousingPane

    main_window.show_section("housing")
    pane = main_window.findChild(HousingPane)
    qtbot.waitUntil(lambda: pane.loaded is not None)
    return pane


def _type(qtbot, widget, text: str) -> None:
    widget.clear()
    type_text(qtbot, widget, text)


def _save(qtbot, dialog) -> None:
    form = dialog.form
    assert form.save_button.isEnabled(), form.form.checked.errors
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)


def test_a_support_goes_from_registration_to_the_last_payment_through_the_screens(main_window, qtbot, store,
                                                                                  poor_household):
    pane = _pane(main_window, qtbot)
    dialog = pane.register()
    form = dialog.form
    form.household_box.set_code(poor_household)
    _type(qtbot, form.registered_on, "01/03/2025")
    form.condition_box.set_code("non_durable")
    assert form.form.row_visible("weak_structures") and not form.form.row_visible("current_area_m2")
    qtbot.mouseClick(form.weak["walls"], Qt.MouseButton.LeftButton)
    assert "ít nhất 2 trong 3" in form.form.error_text("weak_structures")
    assert not form.save_button.isEnabled()
    qtbot.mouseClick(form.weak["roof"], Qt.MouseButton.LeftButton)
    _type(qtbot, form.by, "Lò Văn Hùng")
    _save(qtbot, dialog)

    support_id = dialog.support_id
    assert support_id is not None
    assert store.get("housing_supports", support_id)["status"] == "registered"
    assert set(dialog.step_buttons) == {"approve", "reject", "cancel"}

    approve = dialog.open_step("approve")
    assert approve.central.value() == 40_000_000 and approve.local.value() == 10_000_000
    _type(qtbot, approve.approved_on, "01/04/2025")
    _type(qtbot, approve.decision, "123/QĐ-UBND")
    _type(qtbot, approve.local, "15000000")  # above the local norm of 10 000 000
    assert "vượt định mức" in approve.form.error_text("amount_local")
    assert not approve.save_button.isEnabled()
    _type(qtbot, approve.local, "10000000")
    assert "50.000.000 đ" in approve.total.text() and "35.000.000 đ" in approve.total.text()
    _save(qtbot, dialog)
    assert set(dialog.step_buttons) == {"start", "cancel"}

    start = dialog.open_step("start")
    _type(qtbot, start.day, "15/04/2025")
    _save(qtbot, dialog)
    assert "pay" not in dialog.step_buttons  # the first tranche opens with the foundation
    stage = dialog.open_step("stage")
    _type(qtbot, stage.day, "10/05/2025")
    _save(qtbot, dialog)

    pay = dialog.open_step("pay")
    assert pay.tranche.code() == 1 and pay.amount.value() == 35_000_000
    _type(qtbot, pay.paid_on, "12/05/2025")
    _type(qtbot, pay.amount, "36000000")
    assert "Đợt 1 tối đa 35.000.000" in pay.form.error_text("amount")
    _type(qtbot, pay.amount, "35000000")
    _save(qtbot, dialog)

    accept = dialog.open_step("accept")
    _type(qtbot, accept.completed_on, "01/08/2025")
    accept.area.setValue(29.5)
    for box in accept.hard.values():
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert "dưới mức tối thiểu 30 m²" in accept.form.error_text("floor_area_m2")
    assert not accept.save_button.isEnabled()
    accept.area.setValue(36)
    _save(qtbot, dialog)
    assert store.get("housing_supports", support_id)["status"] == "completed"

    pay = dialog.open_step("pay")
    assert pay.tranche.code() == 2 and pay.amount.value() == 5_000_000 and pay.source.code() == "central"
    _type(qtbot, pay.paid_on, "10/08/2025")
    _save(qtbot, dialog)
    pay = dialog.open_step("pay")
    assert pay.source.code() == "local" and pay.amount.value() == 10_000_000
    _type(qtbot, pay.paid_on, "10/08/2025")
    _save(qtbot, dialog)

    support = store.get("housing_supports", support_id)
    assert support["status"] == "paid"
    assert dialog.step_buttons == {}
    assert dialog.payments_table.rowCount() == 3
    assert dialog.findChild(QLabel, "supportStatus").text() == "Đã chi đủ"
    dialog.close()
    pane.plan_combo.set_code(0)  # the whole period: what the filters select
    qtbot.waitUntil(lambda: pane.loaded.summary.counts["paid"] == 1)
    assert pane.money_cells[("total", 2)].text() == "50.000.000 đ"
    assert pane.money_cells[("total", 3)].text() == "50.000.000 đ"
    assert pane.model.rowCount() == 1


def test_a_second_registration_is_refused_naming_the_first_and_nothing_is_written(main_window, qtbot, store,
                                                                                    poor_household):
    housing.register(store, housing.Registration(household_id=poor_household, registered_on="2025-03-01",
                                                 condition="no_house"))
    pane = _pane(main_window, qtbot)
    before = snapshot(store.db)
    dialog = pane.register()
    form = dialog.form
    form.household_box.set_code(poor_household)
    _type(qtbot, form.registered_on, "02/03/2025")
    form.condition_box.set_code("no_house")
    form.form.touch("household_id")
    assert "mỗi hộ chỉ được hỗ trợ nhà ở một lần" in form.form.error_text("household_id")
    assert "Đã có hỗ trợ" in form.facts.text()
    assert not form.save_button.isEnabled()
    assert snapshot(store.db) == before
    dialog.close()


def test_the_household_editor_shows_its_support_and_records_an_earlier_one(main_window, qtbot, store, poor_household):
    from desktop.ui.households_editor import HouseholdEditor

    editor = HouseholdEditor(store, poor_household, main_window)
    qtbot.addWidget(editor)
    tab = editor.housing_tab
    assert tab is not None and tab.register_button.isEnabled()
    prior = tab.record_prior()
    prior.form.program.set_code("CT1719")
    prior.form.year.setValue(2019)
    _type(qtbot, prior.form.notes, "QĐ 55/QĐ-UBND")
    qtbot.mouseClick(prior.form.save_button, Qt.MouseButton.LeftButton)
    assert "1719" in tab.prior_label.text() and "2019" in tab.prior_label.text()
    assert not tab.register_button.isEnabled()  # supported once: no new registration offered
    check = housing.check_register(store, housing.Registration(household_id=poor_household, registered_on="2025-03-01",
                                                               condition="no_house"))
    assert "1719" in check.errors["household_id"]
    editor.discard()


def test_at_the_office_the_pane_is_read_only(office_window, qtbot):
    from desktop.ui.housing.pane import HousingPane

    office_window.show_section("housing")
    pane = office_window.findChild(HousingPane)
    qtbot.waitUntil(lambda: pane.loaded is not None)
    assert pane.register() is None
    assert not hasattr(pane, "register_button")
    assert pane.commune_combo is not None
    assert pane.findChild(type(pane.counts_label), "officeNote") is not None


def test_a_read_only_support_offers_no_step(gui_app, qtbot, store, poor_household):
    from desktop.ui.housing.dialog import SupportDialog

    support_id = housing.register(store, housing.Registration(household_id=poor_household, registered_on="2025-03-01",
                                                              condition="no_house"))
    dialog = SupportDialog(store, support_id, read_only=True)
    qtbot.addWidget(dialog)
    assert dialog.step_buttons == {}
    writable = SupportDialog(store, support_id)
    qtbot.addWidget(writable)
    assert set(writable.step_buttons) == {"approve", "reject", "cancel"}


def _approved(store, household_id: int) -> int:
    support_id = housing.register(store, housing.Registration(household_id=household_id, registered_on="2025-03-01",
                                                              condition="no_house"))
    housing.approve(store, support_id, housing.Approval(approved_on="2025-04-01", decision_no="12/QĐ-UBND",
                                                        amount_central=40_000_000, amount_local=10_000_000))
    return support_id


def test_a_mistyped_decision_number_is_corrected_with_a_reason(gui_app, qtbot, store, poor_household):
    from desktop.ui.housing.dialog import SupportDialog

    support_id = _approved(store, poor_household)
    dialog = SupportDialog(store, support_id)
    qtbot.addWidget(dialog)
    form = dialog.open_correction()
    _type(qtbot, form.fields["decision_no"], "21/QĐ-UBND")
    assert not form.save_button.isEnabled()  # no reason yet
    _type(qtbot, form.fields["amount_local"], "12000000")
    _type(qtbot, form.reason, "nhập nhầm số quyết định")
    assert "vượt định mức" in form.form.error_text("amount_local")
    _type(qtbot, form.fields["amount_local"], "10000000")
    _save(qtbot, dialog)
    support = store.get("housing_supports", support_id)
    assert support["decision_no"] == "21/QĐ-UBND" and support["status"] == "approved"
    assert "21/QĐ-UBND" in dialog.findChild(QLabel, "detail_approved_on").text()
    history = store.history(support["uuid"])
    assert history[-1]["reason"] == "nhập nhầm số quyết định"


def test_cancelling_needs_a_reason_and_then_ends_the_support(gui_app, qtbot, store, poor_household):
    from desktop.ui.housing.dialog import SupportDialog

    support_id = _approved(store, poor_household)
    dialog = SupportDialog(store, support_id)
    qtbot.addWidget(dialog)
    assert "reject" not in dialog.step_buttons  # approved: it can only be cancelled
    before = snapshot(store.db)
    form = dialog.open_step("cancel")
    _type(qtbot, form.ended_on, "01/05/2025")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # disabled: nothing happens
    assert snapshot(store.db) == before
    form.form.touch("status_reason")
    assert "Cần ghi lý do" in form.form.error_text("status_reason")
    _type(qtbot, form.reason, "Hộ xin rút, chuyển về ở cùng con")
    _save(qtbot, dialog)
    support = store.get("housing_supports", support_id)
    assert support["status"] == "cancelled" and support["ended_on"] == "2025-05-01"
    assert dialog.step_buttons == {}
    assert "chuyển về ở cùng con" in dialog.findChild(QLabel, "supportReason").text()
