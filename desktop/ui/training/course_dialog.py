"""One course: its details, its learners and what happens to them.

`CourseDialog(store, course_id)` shows the course (occupation, provider, place, dates, seats taken,
cost and source) and its learners — group, status, certificate, outcome, support — with the
actions on them: enrol a person, start the course for those registered, complete with
certificates, drop one, record an outcome, record training received before. Each action opens its
small form (`desktop.ui.training.forms`) under the list. `CourseDialog(store)` opens on a new
course's form. At an office the dialog is read-only: records belong to the communes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import formats, training
from desktop.core.store import Store
from desktop.core.training import queries
from desktop.ui import style
from desktop.ui.households_common import call_safely
from desktop.ui.step_form import StepForm, money_text
from desktop.ui.tables import RecordsModel, fit_columns, records_view
from desktop.ui.training.forms import (
    CompleteForm,
    CourseForm,
    DropForm,
    EnrolForm,
    OutcomeForm,
    PriorTrainingForm,
)


class LearnersModel(RecordsModel):
    """A course's learners."""

    columns = ("full_name", "birth", "household_code", "village_name", "learner_group", "status", "certificate",
               "outcome", "support")
    numeric = frozenset({"support"})

    def headers(self) -> dict[str, str]:
        return dict(zip(self.columns, (
            self.tr("Họ và tên"), self.tr("Năm sinh"), self.tr("Hộ"), self.tr("Thôn/bản"), self.tr("Nhóm đối tượng"),
            self.tr("Tình trạng"), self.tr("Chứng chỉ"), self.tr("Kết quả sau học"), self.tr("Hỗ trợ")), strict=True))

    def text(self, row: dict[str, Any], column: str) -> str:
        if column == "birth":
            return row["birth_date"][:4] if row["birth_date"] else str(row["birth_year"] or "")
        if column == "learner_group":
            return training.group_short_label(row["learner_group"])
        if column == "status":
            return training.status_label(row["status"])
        if column == "certificate":
            return row["certificate_no"]
        if column == "outcome":
            return training.outcome_label(row["outcome"]) if row["outcome"] else ""
        if column == "support":
            return formats.money(row["cost_support"] + row["travel_support"] + row["job_connection_support"])
        return super().text(row, column)

    def foreground(self, row: dict[str, Any], column: str) -> Any:
        return style.brush(style.MUTED) if row["status"] == "dropped" else None

    def tooltip(self, row: dict[str, Any], column: str) -> str | None:
        if row["status"] == "dropped":
            return row["status_reason"]
        if column == "certificate" and row["certificate_no"]:
            return self.tr("Cấp ngày {day}").format(day=formats.date_text(row["certificate_date"]))
        if column == "outcome" and row["outcome"]:
            return self.tr("Từ ngày {day}").format(day=formats.date_text(row["outcome_date"]))
        if column == "learner_group":
            return "\n".join(p for p in (training.group_label(row["learner_group"]), row["group_reason"]) if p)
        return None


class CourseDialog(QDialog):
    """A course and its learners (see the module)."""

    changed = Signal()

    def __init__(self, store: Store, course_id: int | None = None, *, read_only: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("courseDialog")
        self.store = store
        self.course_id = course_id
        self.read_only = read_only or store.db.identity.is_office
        self.form: StepForm | None = None
        self.buttons_by_name: dict[str, QPushButton] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(*style.FORM_MARGINS)
        self.header = QLabel(self)
        self.header.setObjectName("courseTitle")
        font = self.header.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.header.setFont(font)
        self.header.setWordWrap(True)
        outer.addWidget(self.header)
        self.details = QLabel(self)
        self.details.setObjectName("courseDetails")
        self.details.setWordWrap(True)
        self.details.setStyleSheet(style.text_style(style.MUTED))
        outer.addWidget(self.details)
        self.model = LearnersModel(self)
        self.table = records_view(self, self.model, "learnersTable")
        outer.addWidget(self.table, 1)
        self.actions = QHBoxLayout()
        outer.addLayout(self.actions)
        self.form_area = QVBoxLayout()
        outer.addLayout(self.form_area)
        box = QDialogButtonBox(self)
        self.close_button = box.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setObjectName("closeButton")
        box.rejected.connect(self.reject)
        outer.addWidget(box)
        self._build_actions()
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1000, 680
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)
        self.refresh()
        if self.course_id is None:
            self.open_form(CourseForm(self.store, None, self))

    # Building -------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        if self.read_only:
            return
        for name, text in (("edit", self.tr("Sửa thông tin lớp…")), ("enrol", self.tr("Đăng ký học viên…")),
                           ("start", self.tr("Bắt đầu học")), ("complete", self.tr("Hoàn thành, cấp chứng chỉ…")),
                           ("drop", self.tr("Bỏ học…")), ("outcome", self.tr("Kết quả sau học…")),
                           ("prior", self.tr("Đã học trước đây…"))):
            button = QPushButton(text, self)
            button.setObjectName(f"action_{name}")
            button.clicked.connect(lambda _c=False, n=name: self.act(n))
            self.actions.addWidget(button)
            self.buttons_by_name[name] = button
        self.actions.addStretch(1)

    def refresh(self) -> None:
        """Read the course and its learners again (after every action)."""
        if self.course_id is None:
            self.setWindowTitle(self.tr("Mở lớp đào tạo nghề"))
            self.header.setText(self.tr("Lớp mới"))
            self.details.setText("")
            self.model.set_rows([])
            self._update_actions()
            return
        self.course = self.store.require("training_courses", self.course_id)
        c = self.course
        rows = queries.enrolments(self.store.conn, queries.Filter(course_id=self.course_id))
        self.model.set_rows(rows)
        taken = sum(1 for r in rows if r["status"] != "dropped")
        self.setWindowTitle(self.tr("Lớp {occupation}").format(occupation=c["occupation"]))
        self.header.setText(self.tr("Lớp {occupation}").format(occupation=c["occupation"]))
        self.details.setText(" · ".join(part for part in (
            training.level_label(c["level"]), c["provider"], c["place"],
            self.tr("{start} – {end}").format(start=formats.date_text(c["start_date"]), end=formats.date_text(c["end_date"])),
            self.tr("{n} ngày học").format(n=c["study_days"]) if c["study_days"] else "",
            self.tr("{taken}/{seats} chỗ").format(taken=taken, seats=c["seats"]),
            self.tr("{cost}/học viên").format(cost=money_text(c["cost_per_learner"])),
            training.source_label(c["funding_source"])) if part))
        # The learner's name whole; the group (cut, its tooltip whole) takes what is left.
        fit_columns(self.table, self.model.columns, stretch="learner_group",
                    widest={"village_name": 130, "outcome": 170, "status": 120})
        self._update_actions()

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _update_actions(self) -> None:
        if self.read_only:
            return
        exists = self.course_id is not None
        chosen = self.selected()
        statuses = {r["status"] for r in self.model.rows}
        enable = {
            "edit": exists, "enrol": exists, "start": "registered" in statuses,
            "complete": bool(statuses & {"registered", "studying"}),
            "drop": chosen is not None and chosen["status"] in ("registered", "studying"),
            "outcome": chosen is not None and chosen["status"] == "completed",
            "prior": chosen is not None,
        }
        for name, button in self.buttons_by_name.items():
            button.setEnabled(enable[name] and self.form is None)

    # Actions -------------------------------------------------------------------------------

    def act(self, name: str) -> StepForm | None:
        chosen = self.selected()
        if name == "start":
            self.start_all()
            return None
        if name == "edit":
            return self.open_form(CourseForm(self.store, self.course_id, self))
        if name == "enrol":
            return self.open_form(EnrolForm(self.store, self.course, self))
        if name == "complete":
            learners = [r for r in self.model.rows if r["status"] in ("registered", "studying")]
            return self.open_form(CompleteForm(self.store, self.course, learners, self))
        if chosen is None:
            return None
        if name == "drop":
            return self.open_form(DropForm(self.store, chosen, self))
        if name == "outcome":
            return self.open_form(OutcomeForm(self.store, chosen, self))
        member = {"id": chosen["member_id"], "full_name": chosen["full_name"]}
        return self.open_form(PriorTrainingForm(self.store, member, self))

    def start_all(self) -> None:
        """Every registered learner is studying (the course has opened)."""
        waiting = [r["id"] for r in self.model.rows if r["status"] == "registered"]

        def run() -> bool:
            with self.store.db.transaction():
                for enrolment_id in waiting:
                    training.start(self.store, enrolment_id)
            return True

        if call_safely(self, run, self.tr("Bắt đầu học")):
            self.changed.emit()
            self.refresh()

    def open_form(self, form: StepForm) -> StepForm:
        self.close_form()
        self.form = form
        self.form_area.addWidget(form)
        form.done.connect(self._form_done)
        form.closed.connect(self.close_form)
        form.show()
        form.form.fix_tab_order([form.cancel_button, form.save_button], focus_first=True)
        # The form takes the room of the list while it is open (its title names the learner).
        self.table.hide()
        self._update_actions()
        return form

    def close_form(self) -> None:
        if self.form is not None:
            self.form.hide()
            self.form.deleteLater()
            self.form = None
        self.table.show()
        if self.course_id is None and not self.isHidden():
            self.reject()
            return
        self._update_actions()

    def _form_done(self) -> None:
        if isinstance(self.form, CourseForm):
            self.course_id = self.form.course_id
        self.changed.emit()
        self.close_form()
        self.refresh()
