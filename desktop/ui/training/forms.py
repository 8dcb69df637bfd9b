"""The small forms of vocational training: a course, an enrolment (find the person, the proposed
learner group and its support), completing learners with their certificates, a drop, an outcome
after the course, and training received before. Each is a `StepForm` whose `check` is the core's
`check_x` and whose `commit` is the core's `x`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop.core import formats, training
from desktop.core.errors import Checked
from desktop.core.store import Store
from desktop.core.training import queries
from desktop.ui import style
from desktop.ui.forms import set_message
from desktop.ui.step_form import StepForm, money_text
from desktop.ui.widgets import ChoiceBox

SEARCH_DELAY_MS = 200


def _spin(parent: QWidget, maximum: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(0, maximum)
    box.setSuffix(suffix)
    box.setMaximumWidth(style.FIELD_WIDTH // 2)
    return box


# Courses ---------------------------------------------------------------------------------------

class CourseForm(StepForm):
    """A new course, or the corrections of one (`course_id`)."""

    step = "course"

    def __init__(self, store: Store, course_id: int | None = None, parent: QWidget | None = None):
        self.course_id = course_id
        title = self.tr("Mở lớp đào tạo nghề") if course_id is None else self.tr("Sửa thông tin lớp")
        super().__init__(store, None, title, parent)

    def build(self) -> None:
        norm = self.store.rules.training_norms(dt.date.today().year) or {}
        self.occupation = self.line("occupation", self.tr("Nghề đào tạo"), required=True,
                                    placeholder=self.tr("ví dụ: Kỹ thuật chăn nuôi lợn"))
        self.level = ChoiceBox(self, [(lv["code"], training.level_label(lv["code"])) for lv in norm.get("levels", [])])
        self.level.setObjectName("field_level")
        self.level.set_code("under_3_months")
        self.form.add_row("level", self.tr("Trình độ"), self.level, required=True)
        self.provider = self.line("provider", self.tr("Cơ sở đào tạo"),
                                  placeholder=self.tr("ví dụ: Trung tâm GDNN-GDTX huyện"))
        self.place = self.line("place", self.tr("Địa điểm học"))
        self.start_date = self.date("start_date", self.tr("Ngày khai giảng"), today=False)
        self.end_date = self.date("end_date", self.tr("Ngày kết thúc"), today=False)
        self.study_days = _spin(self, 400, self.tr(" ngày"))
        self.study_days.setObjectName("field_study_days")
        self.form.add_row("study_days", self.tr("Số ngày học thực tế"), self.study_days)
        self.watch(self.study_days, key="study_days")
        self.seats = _spin(self, 500)
        self.seats.setObjectName("field_seats")
        self.seats.setValue(30)
        self.form.add_row("seats", self.tr("Số chỗ"), self.seats, required=True)
        self.watch(self.seats, key="seats")
        self.cost = self.money("cost_per_learner", self.tr("Chi phí đào tạo/học viên"))
        self.source = ChoiceBox(self, [(s["code"], training.source_label(s["code"]))
                                       for s in norm.get("funding_sources", [])])
        self.source.setObjectName("field_funding_source")
        self.source.set_code("central")
        self.form.add_row("funding_source", self.tr("Nguồn kinh phí"), self.source, required=True)
        self.notes = self.line("notes", self.tr("Ghi chú"))
        if self.course_id is not None:
            draft = training.load_course(self.store, self.course_id)
            self.occupation.setText(draft.occupation)
            self.level.set_code(draft.level)
            self.provider.setText(draft.provider)
            self.place.setText(draft.place)
            self.start_date.set_value(draft.start_date)
            self.end_date.set_value(draft.end_date)
            self.study_days.setValue(draft.study_days or 0)
            self.seats.setValue(draft.seats or 0)
            self.cost.set_value(draft.cost_per_learner)
            self.source.set_code(draft.funding_source)
            self.notes.setText(draft.notes)

    def draft(self) -> training.CourseDraft:
        return training.CourseDraft(
            occupation=self.occupation.text(), level=self.level.code() or "", provider=self.provider.text(),
            place=self.place.text(), start_date=self.typed(self.start_date), end_date=self.typed(self.end_date),
            seats=self.seats.value() or None, cost_per_learner=self.typed(self.cost),
            study_days=self.study_days.value() or None, funding_source=self.source.code() or "",
            notes=self.notes.text(), id=self.course_id)

    def check(self) -> Checked:
        return self.unreadable(training.check_save_course(self.store, self.draft()),
                               [("start_date", self.start_date), ("end_date", self.end_date),
                                ("cost_per_learner", self.cost)])

    def commit(self) -> int:
        self.course_id = training.save_course(self.store, self.draft())
        return self.course_id


# Enrolment -------------------------------------------------------------------------------------

class EnrolForm(StepForm):
    """Find a person (name with or without accents, or citizen ID), see the group their data
    proposes and its support, enrol them."""

    step = "enrol"

    def __init__(self, store: Store, course: dict[str, Any], parent: QWidget | None = None):
        self.course = course
        self.proposal: training.Proposal | None = None
        super().__init__(store, None, self.tr("Đăng ký học viên"), parent)

    def build(self) -> None:
        self.search = QLineEdit(self)
        self.search.setObjectName("personSearch")
        self.search.setPlaceholderText(self.tr("Gõ tên (có dấu hoặc không) hoặc số CCCD"))
        self.search.setClearButtonEnabled(True)
        self.form.layout.addRow(self.tr("Tìm người học"), self.search)
        self.people = QTableWidget(0, 4, self)
        self.people.setObjectName("peopleFound")
        self.people.setHorizontalHeaderLabels([self.tr("Họ và tên"), self.tr("Năm sinh"), self.tr("Hộ"),
                                               self.tr("Thôn/bản")])
        self.people.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people.verticalHeader().hide()
        self.people.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.people.setMinimumHeight(120)
        self.people.setMaximumHeight(180)
        self.found: list[dict[str, Any]] = []
        self.form.add_row("member_id", self.tr("Người học"), self.people, required=True)
        self.facts = QLabel(self)
        self.facts.setObjectName("proposalFacts")
        self.facts.setWordWrap(True)
        self.facts.setStyleSheet(style.text_style(style.MUTED))
        self.form.layout.addRow("", self.facts)
        self.enrolled_on = self.date("enrolled_on", self.tr("Ngày đăng ký"))
        start = self.course["start_date"]
        if self.course["end_date"] and dt.date.today().isoformat() > self.course["end_date"] and start:
            self.enrolled_on.set_value(start)  # a course of the past entered late: enrolled by its start
        norm = self.store.rules.training_norms(dt.date.today().year) or {}
        self.group = ChoiceBox(self, [(g["code"], training.group_label(g["code"])) for g in norm.get("learner_groups", [])])
        self.group.setObjectName("field_learner_group")
        self.form.add_row("learner_group", self.tr("Nhóm đối tượng"), self.group, required=True)
        self.group_reason = self.line("group_reason", self.tr("Lý do chọn nhóm khác"))
        self.distance = QDoubleSpinBox(self)
        self.distance.setObjectName("field_distance_km")
        self.distance.setDecimals(1)
        self.distance.setRange(0, 500)
        self.distance.setSuffix(" km")
        self.distance.setMaximumWidth(style.FIELD_WIDTH // 2)
        self.form.add_row("distance_km", self.tr("Từ nhà đến nơi học"), self.distance)
        self.watch(self.distance, key="distance_km")
        self.difficult = QCheckBox(self.tr("Ở thôn/xã đặc biệt khó khăn"), self)
        self.difficult.setObjectName("field_difficult_area")
        self.form.layout.addRow("", self.difficult)
        self.watch(self.difficult, key="travel_support")
        self.cost = self.money("cost_support", self.tr("Hỗ trợ chi phí đào tạo"))
        self.support_note = QLabel(self)
        self.support_note.setObjectName("supportNote")
        self.support_note.setWordWrap(True)
        self.form.layout.addRow(self.tr("Hỗ trợ theo định mức"), self.support_note)
        self.notes = self.line("notes", self.tr("Ghi chú"))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.find)
        self.search.textChanged.connect(self.timer.start)
        self.people.itemSelectionChanged.connect(self._person_chosen)
        self.group.currentIndexChanged.connect(self._group_changed)
        self.distance.valueChanged.connect(self._support_note)
        self.difficult.toggled.connect(self._support_note)
        self.form.set_row_visible("group_reason", False)
        set_message(self.explain, self.tr("Lớp {occupation}, khai giảng {start}; chi phí {cost}/học viên.").format(
            occupation=self.course["occupation"], start=formats.date_text(self.course["start_date"]),
            cost=money_text(self.course["cost_per_learner"])))

    def find(self) -> None:
        """The people whose name or citizen ID matches what is typed (a short read)."""
        self.people.clearSelection()  # a new search: no one chosen until picked again
        self.found = queries.find_people(self.store.conn, self.search.text(), self.store.db.identity.unit_code)
        self.people.setRowCount(len(self.found))
        for r, p in enumerate(self.found):
            born = p["birth_date"][:4] if p["birth_date"] else str(p["birth_year"] or "")
            for c, value in enumerate((p["full_name"], born, f"{p['household_code']} ({p['head_name']})", p["village_name"])):
                self.people.setItem(r, c, QTableWidgetItem(value))
        self.people.resizeColumnsToContents()
        self.people.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if len(self.found) == 1:
            self.people.selectRow(0)

    def member_id(self) -> int | None:
        row = self.people.currentRow()
        rows = self.people.selectionModel().selectedRows()
        return self.found[rows[0].row()]["member_id"] if rows and 0 <= row < len(self.found) else None

    def _day(self) -> dt.date:
        return self.enrolled_on.date() or dt.date.today()

    def _person_chosen(self) -> None:
        member_id = self.member_id()
        self.proposal = training.propose(self.store, member_id, self._day(), self.course["id"]) if member_id else None
        if self.proposal is None:
            self.facts.setText("")
        else:
            p = self.proposal
            facts = ", ".join(p.facts) or self.tr("lao động nông thôn")
            earlier = queries.of_member(self.store.conn, member_id) + queries.prior_of_member(self.store.conn, member_id)
            text = self.tr("{name}, {age} tuổi khi khai giảng · {facts} → nhóm đề xuất: {group}").format(
                name=p.name, age=p.age if p.age is not None else "?", facts=facts, group=training.group_label(p.group))
            if earlier:
                text += "\n" + self.tr("Đã học trước đây: {list}").format(list="; ".join(
                    e.get("occupation") or training.prior_program_name(e.get("program")) for e in earlier))
            self.facts.setText(text)
            self.group.set_code(p.group)
            self.difficult.setChecked(p.difficult_area)
            self._group_changed()
        self.form.touch("member_id")

    def _group_changed(self) -> None:
        differs = self.proposal is not None and self.group.code() != self.proposal.group
        self.form.set_row_visible("group_reason", differs)
        norm = self.store.rules.training_norms(self._day().year) or {}
        caps = {g["code"]: g["cost_max"] for g in norm.get("learner_groups", [])}
        cap = caps.get(self.group.code() or "", 0)
        self.cost.set_value(min(self.course["cost_per_learner"] or 0, cap))
        self._support_note()

    def _support_note(self) -> None:
        norm = self.store.rules.training_norms(self._day().year) or {}
        caps = {g["code"]: g["cost_max"] for g in norm.get("learner_groups", [])}
        travel = training.rules.travel_allowed(norm, self.group.code(), self.difficult.isChecked(),
                                               self.distance.value() or None)
        self.support_note.setText(self.tr(
            "chi phí tối đa {cap}; tiền ăn {meal}/ngày học; đi lại {travel}").format(
            cap=money_text(caps.get(self.group.code() or "", 0)), meal=money_text(norm.get("meal_per_day")),
            travel=money_text(travel) if travel else self.tr("không (dưới mức khoảng cách)")))

    def enrolment(self) -> training.Enrolment:
        proposed = self.proposal.group if self.proposal else ""
        return training.Enrolment(
            course_id=self.course["id"], member_id=self.member_id(), enrolled_on=self.typed(self.enrolled_on),
            learner_group=self.group.code() or "", proposed_group=proposed,
            group_reason=self.group_reason.text() if self.form.row_visible("group_reason") else "",
            distance_km=self.distance.value() or None, difficult_area=self.difficult.isChecked(),
            cost_support=self.typed(self.cost), notes=self.notes.text())

    def check(self) -> Checked:
        return self.unreadable(training.check_enrol(self.store, self.enrolment()),
                               [("enrolled_on", self.enrolled_on), ("cost_support", self.cost)])

    def commit(self) -> int:
        return training.enrol(self.store, self.enrolment())


# The course's end for its learners -------------------------------------------------------------

class CompleteForm(StepForm):
    """Learners who finished: each one's certificate number, one date for all (the usual case)."""

    step = "complete"

    def __init__(self, store: Store, course: dict[str, Any], learners: list[dict[str, Any]], parent: QWidget | None = None):
        self.course = course
        self.learners = learners
        super().__init__(store, None, self.tr("Hoàn thành khóa học, cấp chứng chỉ"), parent)

    def build(self) -> None:
        self.certificate_date = self.date("certificate_date", self.tr("Ngày cấp chứng chỉ"), today=False)
        self.certificate_date.set_value(self.course["end_date"])
        self.table = QTableWidget(len(self.learners), 2, self)
        self.table.setObjectName("certificates")
        self.table.setHorizontalHeaderLabels([self.tr("Học viên"), self.tr("Số chứng chỉ")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for r, learner in enumerate(self.learners):
            name = QTableWidgetItem(learner["full_name"])
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, QTableWidgetItem(""))
        self.table.setMinimumHeight(min(300, 40 + 30 * len(self.learners)))
        self.form.add_row("certificate_no", self.tr("Chứng chỉ"), self.table, required=True, wide=True)
        self.table.itemChanged.connect(lambda _i: self.form.touch("certificate_no"))
        set_message(self.explain, self.tr("Ghi số chứng chỉ của từng học viên; người chưa có chứng chỉ thì để trống "
                                          "(không được ghi hoàn thành)."))

    def completions(self) -> dict[int, training.Completion]:
        day = self.typed(self.certificate_date)
        out = {}
        for r, learner in enumerate(self.learners):
            item = self.table.item(r, 1)
            number = item.text().strip() if item else ""
            if number:
                out[learner["id"]] = training.Completion(certificate_no=number, certificate_date=day)
        return out

    def check(self) -> Checked:
        checked = Checked()
        completions = self.completions()
        if not completions:
            checked.error("certificate_no", self.tr("Ghi số chứng chỉ của ít nhất một học viên."))
        names = {learner["id"]: learner["full_name"] for learner in self.learners}
        for enrolment_id, completion in completions.items():
            found = training.check_complete(self.store, enrolment_id, completion)
            for key, message in found.errors.items():
                target = "certificate_date" if key == "certificate_date" else "certificate_no"
                checked.error(target, f"{names[enrolment_id]}: {message}")
        return self.unreadable(checked, [("certificate_date", self.certificate_date)])

    def commit(self) -> None:
        training.complete_many(self.store, self.completions())


class DropForm(StepForm):
    step = "drop"

    def __init__(self, store: Store, enrolment: dict[str, Any], parent: QWidget | None = None):
        self.enrolment = enrolment
        super().__init__(store, None, self.tr("Bỏ học: {name}").format(name=enrolment["full_name"]), parent)

    def build(self) -> None:
        self.ended_on = self.date("ended_on", self.tr("Ngày bỏ học"))
        self.reason = self.line("status_reason", self.tr("Lý do"), required=True)

    def check(self) -> Checked:
        return self.unreadable(training.check_drop(self.store, self.enrolment["id"], self.typed(self.ended_on),
                                                   self.reason.text()), [("ended_on", self.ended_on)])

    def commit(self) -> None:
        training.drop(self.store, self.enrolment["id"], self.typed(self.ended_on), self.reason.text())


class OutcomeForm(StepForm):
    step = "outcome"

    def __init__(self, store: Store, enrolment: dict[str, Any], parent: QWidget | None = None):
        self.enrolment = enrolment
        super().__init__(store, None, self.tr("Kết quả sau học: {name}").format(name=enrolment["full_name"]), parent)

    def build(self) -> None:
        self.outcome = ChoiceBox(self, [(o, training.outcome_label(o)) for o in training.OUTCOMES])
        self.outcome.setObjectName("field_outcome")
        self.outcome.set_code(self.enrolment.get("outcome") or None)
        self.form.add_row("outcome", self.tr("Kết quả"), self.outcome, required=True)
        self.outcome_date = self.date("outcome_date", self.tr("Từ ngày"))
        self.job = self.money("job_connection_support", self.tr("Hỗ trợ kết nối việc làm"))
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self._outcome_changed()

    def _outcome_changed(self) -> None:
        contract = self.outcome.code() in training.rules.CONTRACT
        self.form.set_row_visible("job_connection_support", contract)
        norm = self.store.rules.training_norms(dt.date.today().year) or {}
        self.job.set_value(int(norm.get("job_connection_per_worker_max") or 0) if contract else 0)
        set_message(self.explain, self.tr("Việc làm theo hợp đồng (doanh nghiệp, nước ngoài) được hỗ trợ kết nối việc "
                                          "làm tối đa {amount}.").format(
            amount=money_text(norm.get("job_connection_per_worker_max"))) if contract else None)

    def result(self) -> training.Outcome:
        contract = self.outcome.code() in training.rules.CONTRACT
        return training.Outcome(outcome=self.outcome.code() or "", outcome_date=self.typed(self.outcome_date),
                                job_connection_support=self.typed(self.job) if contract else 0)

    def check(self) -> Checked:
        return self.unreadable(training.check_record_outcome(self.store, self.enrolment["id"], self.result()),
                               [("outcome_date", self.outcome_date), ("job_connection_support", self.job)])

    def commit(self) -> None:
        training.record_outcome(self.store, self.enrolment["id"], self.result())


class PriorTrainingForm(StepForm):
    """Training a person received before under another program."""

    step = "prior"

    def __init__(self, store: Store, member: dict[str, Any], parent: QWidget | None = None):
        self.member = member
        super().__init__(store, None, self.tr("Đào tạo nghề đã được hỗ trợ trước đây: {name}").format(
            name=member["full_name"]), parent)

    def build(self) -> None:
        norm = self.store.rules.training_norms(dt.date.today().year) or {}
        self.program = ChoiceBox(self, [(p["code"], training.prior_program_name(p["code"]))
                                        for p in norm.get("prior_programs", [])])
        self.program.setObjectName("field_program")
        self.form.add_row("program", self.tr("Chương trình"), self.program, required=True)
        self.year = _spin(self, dt.date.today().year)
        self.year.setObjectName("field_year")
        self.year.setRange(1990, dt.date.today().year)
        self.year.setValue(dt.date.today().year - 3)
        self.form.add_row("year", self.tr("Năm"), self.year, required=True)
        self.watch(self.year, key="year")
        self.notes = self.line("notes", self.tr("Ghi chú"), placeholder=self.tr("nghề đã học, nơi học…"))

    def prior(self) -> training.PriorTraining:
        return training.PriorTraining(member_id=self.member["id"], program=self.program.code() or "",
                                      year=self.year.value(), notes=self.notes.text())

    def check(self) -> Checked:
        return training.check_record_prior(self.store, self.prior())

    def commit(self) -> int:
        return training.record_prior(self.store, self.prior())
