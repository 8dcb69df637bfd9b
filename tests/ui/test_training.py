"""The training screens, clicked and typed through: a course created, three members of different
households enrolled after finding them by name, the course completed with certificates, outcomes
recorded, and the results summary counting them; refusals beside their field with nothing written."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop.core import households as hh
from desktop.core import training
from desktop.core.assessments import AssessmentDraft
from desktop.core.households import HouseholdDraft
from tests.core.households_data import member
from tests.helpers import snapshot
from tests.ui.keyboard import type_text

pytestmark = pytest.mark.gui

PEOPLE = (("Lò Văn Thượng", "M", "1990"), ("Quàng Thị Ánh", "F", "1995"), ("Tòng Văn Xôm", "M", "1988"))


@pytest.fixture
def villagers(store):
    """Three poor households of Bản Co Muông, one adult each, and a child born in 2012 in the first."""
    village = store.insert("villages", {"name": "Bản Co Muông"})
    review = {"income_per_person": 1_000_000, "deprivations": ["employment", "health_insurance", "latrine"]}
    for n, (name, sex, born) in enumerate(PEOPLE):
        members = [member(name, sex=sex, birth=born, relationship="head")]
        if n == 0:
            members.append(member("Lò Văn Nhỏ", birth="2012", relationship="child"))
        hh.save(store, HouseholdDraft(village_id=village, code=f"QN-0{n}", members=members),
                AssessmentDraft(year=2024, **review))
    return village


def _type(qtbot, widget, text: str) -> None:
    widget.clear()
    type_text(qtbot, widget, text)


def _save(qtbot, form) -> None:
    assert form.save_button.isEnabled(), form.form.checked.errors
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)


def _pane(main_window, qtbot):
    from desktop.ui.training.pane import TrainingPane

    main_window.show_section("training")
    pane = main_window.findChild(TrainingPane)
    pane.loaded = None
    pane.refresh()  # what the test wrote before showing it
    qtbot.waitUntil(lambda: pane.loaded is not None)
    return pane


def test_a_course_from_creation_to_outcomes_through_the_screens(main_window, qtbot, store, villagers):
    pane = _pane(main_window, qtbot)
    dialog = pane.new_course()
    form = dialog.form
    _type(qtbot, form.occupation, "Kỹ thuật chăn nuôi lợn")
    _type(qtbot, form.start_date, "01/03/2025")
    _type(qtbot, form.end_date, "15/02/2025")
    assert "trước ngày khai giảng" in form.form.error_text("end_date")
    _type(qtbot, form.end_date, "30/05/2025")
    form.study_days.setValue(60)
    form.seats.setValue(3)
    _type(qtbot, form.cost, "3500000")
    _save(qtbot, form)
    assert dialog.course_id is not None and dialog.form is None
    assert "0/3 chỗ" in dialog.details.text()

    for name, _sex, _born in PEOPLE:
        enrol = dialog.act("enrol")
        _type(qtbot, enrol.search, name.split()[-1].lower().replace("ô", "o").replace("ư", "u").replace("á", "a")
              .replace("ợ", "o"))  # typed without accents
        qtbot.waitUntil(lambda e=enrol: e.people.rowCount() >= 1)
        row = next(r for r, p in enumerate(enrol.found) if p["full_name"] == name)
        enrol.people.selectRow(row)
        assert "nhóm đề xuất" in enrol.facts.text()
        _type(qtbot, enrol.enrolled_on, "20/02/2025")
        _save(qtbot, enrol)
    assert len(dialog.model.rows) == 3 and "3/3 chỗ" in dialog.details.text()

    dialog.act("start")
    assert {r["status"] for r in dialog.model.rows} == {"studying"}
    complete = dialog.act("complete")
    assert complete.certificate_date.text() == "30/05/2025"
    for r in range(3):
        complete.table.item(r, 1).setText(f"00{r + 1}/2025/CCSC")
    _save(qtbot, complete)
    assert {r["status"] for r in dialog.model.rows} == {"completed"}

    outcomes = {"Lò Văn Thượng": "enterprise", "Quàng Thị Ánh": "self_employed", "Tòng Văn Xôm": "abroad"}
    for r, row in enumerate(list(dialog.model.rows)):
        dialog.table.selectRow(r)
        form = dialog.act("outcome")
        form.outcome.set_code(outcomes[row["full_name"]])
        _type(qtbot, form.outcome_date, "01/08/2025")
        _save(qtbot, form)
    dialog.close()

    qtbot.waitUntil(lambda: pane.loaded.results.completed == 3)
    results = pane.loaded.results
    assert (results.enrolled, results.certified, results.employed, results.job_connected, results.abroad) == (3, 3, 3, 2, 1)
    assert pane.figures["completed"].text() == "3" and pane.figures["abroad"].text() == "1"
    # 3 × 3 000 000 (poor ethnic-minority cap 4 M, the course costs 3.5 M: 3.5 M each), 3 × 60 days of
    # meals at 30 000, job connection 400 000 for the two contract jobs.
    assert results.support["central"] == {"cost": 10_500_000, "meals": 5_400_000, "travel": 0,
                                          "job_connection": 800_000}
    assert "16.700.000 đ" in pane.findChild(QLabel, "supportBySource").text()


def test_a_child_and_a_full_course_are_refused_beside_the_person(main_window, qtbot, store, villagers):
    course = training.save_course(store, training.CourseDraft(
        occupation="May công nghiệp", start_date="2025-03-01", end_date="2025-05-30", seats=1, cost_per_learner=2_000_000))
    pane = _pane(main_window, qtbot)
    pane.table.selectRow(0)
    dialog = pane.open_selected()
    before = snapshot(store.db)
    enrol = dialog.act("enrol")
    _type(qtbot, enrol.search, "lo van nho")
    qtbot.waitUntil(lambda: enrol.people.rowCount() == 1)
    _type(qtbot, enrol.enrolled_on, "20/02/2025")
    assert "mới 13 tuổi" in enrol.form.error_text("member_id")
    assert not enrol.save_button.isEnabled()
    assert snapshot(store.db) == before
    _type(qtbot, enrol.search, "Quàng Thị Ánh")
    qtbot.waitUntil(lambda: enrol.people.rowCount() == 1 and enrol.found[0]["full_name"] == "Quàng Thị Ánh")
    enrol.people.selectRow(0)
    _save(qtbot, enrol)
    enrol = dialog.act("enrol")
    _type(qtbot, enrol.search, "xom")
    qtbot.waitUntil(lambda: enrol.people.rowCount() == 1)
    _type(qtbot, enrol.enrolled_on, "20/02/2025")
    assert "đã đủ 1 chỗ" in enrol.form.message_label.text()
    assert not enrol.save_button.isEnabled()
    assert course == dialog.course_id
    dialog.close()


def test_a_group_other_than_proposed_needs_a_reason(main_window, qtbot, store, villagers):
    training.save_course(store, training.CourseDraft(
        occupation="Trồng rau", start_date="2025-03-01", end_date="2025-05-30", seats=10, cost_per_learner=2_000_000))
    pane = _pane(main_window, qtbot)
    pane.table.selectRow(0)
    dialog = pane.open_selected()
    enrol = dialog.act("enrol")
    _type(qtbot, enrol.search, "thuong")
    qtbot.waitUntil(lambda: enrol.people.rowCount() >= 1)
    enrol.people.selectRow(0)
    _type(qtbot, enrol.enrolled_on, "20/02/2025")
    proposed = enrol.proposal.group
    enrol.group.set_code("disabled")
    assert enrol.form.row_visible("group_reason")
    enrol.form.touch("group_reason")
    assert "cần ghi lý do" in enrol.form.error_text("group_reason")
    _type(qtbot, enrol.group_reason, "Có giấy xác nhận khuyết tật mới cấp")
    _save(qtbot, enrol)
    row = dialog.model.rows[0]
    assert (row["learner_group"], row["proposed_group"]) == ("disabled", proposed)
    dialog.close()


def test_at_the_office_the_pane_is_read_only(office_window, qtbot):
    from desktop.ui.training.pane import TrainingPane

    office_window.show_section("training")
    pane = office_window.findChild(TrainingPane)
    qtbot.waitUntil(lambda: pane.loaded is not None)
    assert pane.new_course() is None and not hasattr(pane, "new_button")
    assert pane.commune_combo is not None
