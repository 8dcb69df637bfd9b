"""The small forms of a housing support's steps: register, approve, start, stage, accept, pay,
reject or cancel, and record a support received before.

Each is a `StepForm` (desktop.ui.step_form): its `check` is the core's `check_x` (messages beside
the fields as the official types, Save enabled only when the step would be accepted), its
`commit` the core's `x`. The support dialog shows one at a time under the support.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from desktop.core import choices, formats, housing
from desktop.core.errors import Checked
from desktop.core.housing import queries
from desktop.core.rules import class_label
from desktop.core.store import Store
from desktop.ui import style
from desktop.ui.forms import set_message
from desktop.ui.step_form import StepForm, area_box, area_value, money_text
from desktop.ui.widgets import ChoiceBox, DateEdit, MoneyEdit

# Registration ----------------------------------------------------------------------------------

class RegisterForm(StepForm):
    """Register a household: who, which program and kind, the house's condition, the day."""

    step = "register"

    def __init__(self, store: Store, household_id: int | None, parent: QWidget | None = None):
        self.household_id = household_id
        super().__init__(store, None, self.tr("Đăng ký hỗ trợ nhà ở"), parent)

    def build(self) -> None:
        conn = self.store.conn
        ident = self.store.db.identity
        self.household_box = ChoiceBox(self, choices.household_choices(conn, ident.unit_code),
                                       placeholder=self.tr("— gõ mã hộ hoặc tên chủ hộ —"))
        self.household_box.setObjectName("field_household_id")
        self.household_box.setEditable(True)
        self.household_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.household_box.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.household_box.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.household_box.setMinimumWidth(420)
        if self.household_id is not None:
            self.household_box.set_code(self.household_id)
            self.household_box.setEnabled(False)
        self.form.add_row("household_id", self.tr("Hộ"), self.household_box, required=True)
        self.facts = QLabel(self)
        self.facts.setObjectName("householdFacts")
        self.facts.setWordWrap(True)
        self.facts.setStyleSheet(style.text_style(style.MUTED))
        self.form.layout.addRow("", self.facts)
        self.registered_on = self.date("registered_on", self.tr("Ngày đăng ký"))
        self.program_box = ChoiceBox(self)
        self.program_box.setObjectName("field_program")
        self.form.add_row("program", self.tr("Chương trình"), self.program_box, required=True)
        self.kind_box = ChoiceBox(self, [(k, housing.kind_label(k)) for k in housing.KINDS])
        self.kind_box.setObjectName("field_kind")
        self.kind_box.set_code("new")
        self.form.add_row("kind", self.tr("Loại hỗ trợ"), self.kind_box, required=True)
        self.condition_box = ChoiceBox(self, [(c, housing.condition_label(c)) for c in housing.CONDITIONS])
        self.condition_box.setObjectName("field_condition")
        self.form.add_row("condition", self.tr("Nhà ở hiện tại"), self.condition_box, required=True)
        structures = QWidget(self)
        row = QHBoxLayout(structures)
        row.setContentsMargins(0, 0, 0, 0)
        self.weak = {}
        for key, text in (("floor", self.tr("Nền, móng")), ("walls", self.tr("Khung, tường")), ("roof", self.tr("Mái"))):
            box = QCheckBox(text, structures)
            box.setObjectName(f"weak_{key}")
            row.addWidget(box)
            self.weak[key] = box
        row.addStretch(1)
        self.form.add_row("weak_structures", self.tr("Kết cấu không bền chắc"), structures)
        self.watch(*self.weak.values(), key="weak_structures")
        self.current_area = area_box(self)
        self.current_area.setObjectName("field_current_area_m2")
        self.form.add_row("current_area_m2", self.tr("Diện tích nhà hiện tại"), self.current_area)
        self.watch(self.current_area, key="current_area_m2")
        self.persons = QSpinBox(self)
        self.persons.setObjectName("field_persons")
        self.persons.setRange(0, 60)
        self.persons.setSpecialValueText("—")
        self.persons.setMaximumWidth(style.FIELD_WIDTH // 2)
        self.form.add_row("persons", self.tr("Số người trong hộ"), self.persons)
        self.watch(self.persons, key="current_area_m2")
        self.household_money = MoneyEdit(self, what=self.tr("Hộ tự góp"))
        self.household_money.setObjectName("field_amount_household")
        self.form.add_row("amount_household", self.tr("Hộ tự góp (dự kiến)"), self.household_money)
        self.by = self.line("registered_by", self.tr("Người lập hồ sơ"), placeholder=self.tr("họ tên, chức vụ"))
        self.notes = self.line("notes", self.tr("Ghi chú"))
        self.household_box.currentIndexChanged.connect(self._household_changed)
        self.registered_on.textChanged.connect(self._programs)
        self.condition_box.currentIndexChanged.connect(self._condition_changed)
        self._programs()
        self._household_changed()
        self._condition_changed()

    def _year(self) -> int:
        day = self.registered_on.date()
        return day.year if day else dt.date.today().year

    def _programs(self) -> None:
        offered = [(p["program"], housing.program_name(p["program"])) for p in self.store.rules.housing_programs(self._year())]
        keep = self.program_box.code()
        self.program_box.set_choices(offered)
        if keep is None and offered:
            self.program_box.set_code("P5" if any(c == "P5" for c, _ in offered) else offered[0][0])

    def _household_changed(self) -> None:
        household_id = self.household_box.code()
        facts = queries.household_facts(self.store.conn, household_id, self._year()) if household_id else None
        if facts is None:
            self.facts.setText("")
            return
        if not self.persons.value():
            self.persons.setValue(facts.persons)
        earlier = queries.of_household(self.store.conn, household_id)
        prior = queries.prior_of_household(self.store.conn, household_id)
        lines = [self.tr("{head} · {village} · {n} người đang ở").format(
            head=facts.head_name or self.tr("(chưa có chủ hộ)"), village=facts.village_name, n=facts.persons)]
        lines.append(self.tr("Rà soát gần nhất: năm {year}, {cls}").format(year=facts.latest_year, cls=class_label(facts.latest_class))
                     if facts.latest_year else self.tr("Chưa có kết quả rà soát."))
        for s in earlier:
            lines.append(self.tr("Đã có hỗ trợ: {program}, {status}, đăng ký {day}").format(
                program=housing.program_name(s["program"]), status=housing.status_label(s["status"]),
                day=formats.date_text(s["registered_on"])))
        for p in prior:
            lines.append(self.tr("Đã nhận trước đây: {program} năm {year}").format(
                program=housing.program_name(p["program"]), year=p["year"]))
        self.facts.setText("\n".join(lines))

    def _condition_changed(self) -> None:
        condition = self.condition_box.code()
        self.form.set_row_visible("weak_structures", condition == "non_durable")
        self.form.set_row_visible("current_area_m2", condition == "cramped")
        self.form.set_row_visible("persons", condition == "cramped")

    def registration(self) -> housing.Registration:
        return housing.Registration(
            household_id=self.household_box.code(), program=self.program_box.code() or "",
            kind=self.kind_box.code() or "", registered_on=self.typed(self.registered_on),
            condition=self.condition_box.code() or "", weak_structures=sum(b.isChecked() for b in self.weak.values()),
            current_area_m2=area_value(self.current_area), persons=self.persons.value() or None,
            amount_household=self.household_money.value() or 0, registered_by=self.by.text(), notes=self.notes.text())

    def check(self) -> Checked:
        checked = housing.check_register(self.store, self.registration())
        return self.unreadable(checked, [("registered_on", self.registered_on), ("amount_household", self.household_money)])

    def commit(self) -> int:
        self.support_id = housing.register(self.store, self.registration())
        return self.support_id


# Approval --------------------------------------------------------------------------------------

class ApproveForm(StepForm):
    step = "approve"

    def __init__(self, store: Store, support: dict[str, Any], parent: QWidget | None = None):
        super().__init__(store, support, self.tr("Phê duyệt"), parent)

    def build(self) -> None:
        s = self.support
        self.approved_on = self.date("approved_on", self.tr("Ngày phê duyệt"))
        self.decision = self.line("decision_no", self.tr("Số quyết định"), required=True, placeholder="123/QĐ-UBND")
        program = self.store.rules.housing_program(s["program"], dt.date.today().year) or \
            self.store.rules.housing_program(s["program"], int(s["registered_on"][:4]))
        caps = (program or {}).get("kinds", {}).get(s["kind"], {})
        self.central = self.money("amount_central", self.tr("Vốn trung ương"), also=("first_tranche",))
        self.local = self.money("amount_local", self.tr("Vốn địa phương, xã hội hóa"))
        self.central.set_value(caps.get("central_max") or (caps.get("total_max") or 0))
        self.local.set_value(caps.get("local_max") or 0)
        self.total = QLabel(self)
        self.total.setObjectName("approvedTotal")
        self.form.layout.addRow(self.tr("Tổng được duyệt"), self.total)
        self.by = self.line("approved_by", self.tr("Người / cơ quan phê duyệt"), placeholder=self.tr("UBND huyện"))
        self.percent = int((program or {}).get("first_tranche_percent") or 70)
        norm = [f"{housing.source_label(k2)}: {money_text(caps.get(k1))}" for k1, k2 in
                (("central_max", "central"), ("local_max", "local")) if caps.get(k1)]
        if caps.get("total_max"):
            norm.append(self.tr("tổng tối đa {amount}").format(amount=money_text(caps["total_max"])))
        set_message(self.explain, self.tr("Định mức {program} ({kind}): {norm}.").format(
            program=housing.program_name(s["program"]), kind=housing.kind_label(s["kind"]).lower(),
            norm="; ".join(norm) or self.tr("không có mức trần")))
        self.central.textChanged.connect(self._total)
        self.local.textChanged.connect(self._total)
        self._total()

    def _total(self) -> None:
        total = (self.central.value() or 0) + (self.local.value() or 0)
        self.total.setText(self.tr("{total} — đợt 1 ({percent}%): {first}").format(
            total=money_text(total), percent=self.percent, first=money_text(total * self.percent // 100)))

    def approval(self) -> housing.Approval:
        return housing.Approval(approved_on=self.typed(self.approved_on), decision_no=self.decision.text(),
                                amount_central=self.typed(self.central), amount_local=self.typed(self.local),
                                approved_by=self.by.text())

    def check(self) -> Checked:
        checked = housing.check_approve(self.store, self.support["id"], self.approval())
        return self.unreadable(checked, [("approved_on", self.approved_on), ("amount_central", self.central),
                                         ("amount_local", self.local)])

    def commit(self) -> None:
        housing.approve(self.store, self.support["id"], self.approval())


# Construction ----------------------------------------------------------------------------------

class DatedStepForm(StepForm):
    """A step that is a day and who: the start of the work, the stage of the first tranche."""

    def __init__(self, store: Store, support: dict[str, Any], step: str, parent: QWidget | None = None):
        self.step = step
        titles = {"start": self.tr("Khởi công"), "stage": self.tr("Đạt giai đoạn tạm ứng đợt 1")}
        super().__init__(store, support, titles[step], parent)

    def build(self) -> None:
        key = "started_on" if self.step == "start" else "stage_on"
        self.key = key
        self.day = self.date(key, self.tr("Ngày khởi công") if self.step == "start" else self.tr("Ngày đạt giai đoạn"))
        self.by = self.line("started_by" if self.step == "start" else "stage_by", self.tr("Người xác nhận"),
                            placeholder=self.tr("họ tên, chức vụ"))
        if self.step == "stage":
            set_message(self.explain, self.tr("{stage}: từ ngày này được chi đợt 1.").format(
                stage=housing.stage_label(self.support["kind"])))

    def check(self) -> Checked:
        do = housing.check_start if self.step == "start" else housing.check_reach_stage
        return self.unreadable(do(self.store, self.support["id"], self.typed(self.day), self.by.text()),
                               [(self.key, self.day)])

    def commit(self) -> None:
        do = housing.start if self.step == "start" else housing.reach_stage
        do(self.store, self.support["id"], self.typed(self.day), self.by.text())


class AcceptForm(StepForm):
    step = "accept"

    def __init__(self, store: Store, support: dict[str, Any], parent: QWidget | None = None):
        super().__init__(store, support, self.tr("Nghiệm thu"), parent)

    def build(self) -> None:
        self.completed_on = self.date("completed_on", self.tr("Ngày nghiệm thu"))
        self.area = area_box(self)
        self.area.setObjectName("field_floor_area_m2")
        self.form.add_row("floor_area_m2", self.tr("Diện tích sàn"), self.area, required=True)
        self.watch(self.area, key="floor_area_m2")
        hard = QWidget(self)
        row = QHBoxLayout(hard)
        row.setContentsMargins(0, 0, 0, 0)
        self.hard = {}
        for key, text in (("hard_floor", self.tr("Nền cứng")), ("hard_walls", self.tr("Khung-tường cứng")),
                          ("hard_roof", self.tr("Mái cứng"))):
            box = QCheckBox(text, hard)
            box.setObjectName(f"field_{key}")
            row.addWidget(box)
            self.hard[key] = box
        row.addStretch(1)
        self.form.add_row("hard_floor", self.tr("\u201c3 cứng\u201d"), hard, required=True, also=("hard_walls", "hard_roof"))
        self.watch(*self.hard.values(), key="hard_floor")
        self.life = QSpinBox(self)
        self.life.setObjectName("field_life_years")
        self.life.setRange(0, 100)
        self.life.setSuffix(self.tr(" năm"))
        self.life.setValue(20)
        self.life.setMaximumWidth(style.FIELD_WIDTH // 2)
        self.form.add_row("life_years", self.tr("Tuổi thọ dự kiến"), self.life, required=True)
        self.watch(self.life, key="life_years")
        self.by = self.line("accepted_by", self.tr("Tổ / người nghiệm thu"), placeholder=self.tr("Tổ nghiệm thu xã"))
        set_message(self.explain, self.tr("Nhà đạt chuẩn khi diện tích sàn từ 30 m², đủ \u201c3 cứng\u201d "
                                          "(nền, khung-tường, mái) và tuổi thọ từ 20 năm."))

    def acceptance(self) -> housing.Acceptance:
        return housing.Acceptance(
            completed_on=self.typed(self.completed_on), floor_area_m2=area_value(self.area),
            hard_floor=self.hard["hard_floor"].isChecked(), hard_walls=self.hard["hard_walls"].isChecked(),
            hard_roof=self.hard["hard_roof"].isChecked(), life_years=self.life.value(), accepted_by=self.by.text())

    def check(self) -> Checked:
        return self.unreadable(housing.check_accept(self.store, self.support["id"], self.acceptance()),
                               [("completed_on", self.completed_on)])

    def commit(self) -> None:
        housing.accept(self.store, self.support["id"], self.acceptance())


# Payment ---------------------------------------------------------------------------------------

class PayForm(StepForm):
    step = "pay"

    def __init__(self, store: Store, support: dict[str, Any], parent: QWidget | None = None):
        super().__init__(store, support, self.tr("Chi tiền hỗ trợ"), parent)

    def build(self) -> None:
        suggested = housing.workflow.suggested_payment(self.store, self.support)
        self.tranche = ChoiceBox(self, [(1, self.tr("Đợt 1 (tạm ứng)")), (2, self.tr("Đợt 2 (sau nghiệm thu)"))])
        self.tranche.setObjectName("field_tranche")
        self.tranche.set_code(suggested.tranche)
        self.form.add_row("tranche", self.tr("Đợt"), self.tranche, required=True)
        self.source = ChoiceBox(self, [(s, housing.source_label(s)) for s in housing.SOURCES])
        self.source.setObjectName("field_source")
        self.source.set_code(suggested.source)
        self.form.add_row("source", self.tr("Nguồn vốn"), self.source, required=True)
        self.amount = self.money("amount", self.tr("Số tiền"))
        self.amount.set_value(suggested.amount)
        self.paid_on = self.date("paid_on", self.tr("Ngày chi"), also=("support", "status"))
        self.voucher = self.line("voucher_no", self.tr("Số phiếu chi"))
        self.by = self.line("paid_by", self.tr("Người chi"))
        done = housing.workflow.paid(self.store, self.support["id"])
        set_message(self.explain, self.tr(
            "Được duyệt {approved} (đợt 1: {first}); đã chi {paid}, còn {left}.").format(
            approved=money_text(self.support["amount_central"] + self.support["amount_local"]),
            first=money_text(self.support["first_tranche"]), paid=money_text(done["total"]),
            left=money_text(self.support["amount_central"] + self.support["amount_local"] - done["total"])))

    def payment(self) -> housing.Payment:
        return housing.Payment(tranche=self.tranche.code() or 0, paid_on=self.typed(self.paid_on),
                               amount=self.typed(self.amount), source=self.source.code() or "",
                               voucher_no=self.voucher.text(), paid_by=self.by.text())

    def check(self) -> Checked:
        return self.unreadable(housing.check_pay(self.store, self.support["id"], self.payment()),
                               [("paid_on", self.paid_on), ("amount", self.amount)])

    def commit(self) -> int:
        return housing.pay(self.store, self.support["id"], self.payment())


# Rejection, cancellation -----------------------------------------------------------------------

class EndForm(StepForm):
    def __init__(self, store: Store, support: dict[str, Any], status: str, parent: QWidget | None = None):
        self.status = status
        self.step = "reject" if status == "rejected" else "cancel"
        title = self.tr("Không được duyệt") if status == "rejected" else self.tr("Hủy hỗ trợ")
        super().__init__(store, support, title, parent)

    def build(self) -> None:
        self.ended_on = self.date("ended_on", self.tr("Ngày"))
        self.reason = self.line("status_reason", self.tr("Lý do"), required=True)
        self.by = self.line("ended_by", self.tr("Người quyết định"))

    def check(self) -> Checked:
        return self.unreadable(housing.check_end(self.store, self.support["id"], self.status, self.typed(self.ended_on),
                                                 self.reason.text(), self.by.text()), [("ended_on", self.ended_on)])

    def commit(self) -> None:
        housing.end(self.store, self.support["id"], self.status, self.typed(self.ended_on), self.reason.text(),
                    self.by.text())


# Prior supports --------------------------------------------------------------------------------

class PriorForm(StepForm):
    step = "prior"

    def __init__(self, store: Store, household_id: int, parent: QWidget | None = None):
        self.household_id = household_id
        super().__init__(store, None, self.tr("Ghi hỗ trợ nhà ở đã nhận trước đây"), parent)

    def build(self) -> None:
        self.program = ChoiceBox(self, [(p["code"], housing.program_name(p["code"]))
                                        for p in self.store.rules.housing_prior_programs()])
        self.program.setObjectName("field_program")
        self.form.add_row("program", self.tr("Chương trình"), self.program, required=True)
        self.year = QSpinBox(self)
        self.year.setObjectName("field_year")
        self.year.setRange(1990, dt.date.today().year)
        self.year.setValue(dt.date.today().year - 3)
        self.year.setMaximumWidth(style.FIELD_WIDTH // 2)
        self.form.add_row("year", self.tr("Năm nhận"), self.year, required=True)
        self.watch(self.year, key="year")
        self.notes = self.line("notes", self.tr("Ghi chú"), placeholder=self.tr("số quyết định, số tiền…"))
        set_message(self.explain, self.tr("Hộ đã được hỗ trợ nhà ở từ chương trình nào thì không được hỗ trợ lần nữa."))

    def prior(self) -> housing.PriorSupport:
        return housing.PriorSupport(household_id=self.household_id, program=self.program.code() or "",
                                    year=self.year.value(), notes=self.notes.text())

    def check(self) -> Checked:
        return housing.check_record_prior(self.store, self.prior())

    def commit(self) -> int:
        return housing.record_prior(self.store, self.prior())


def step_form(store: Store, support: dict[str, Any], step: str, parent: QWidget | None = None) -> StepForm:
    """The form of one of `housing.next_steps(support)`."""
    makers: dict[str, Callable[[], StepForm]] = {
        housing.workflow.APPROVE: lambda: ApproveForm(store, support, parent),
        housing.workflow.START: lambda: DatedStepForm(store, support, "start", parent),
        housing.workflow.STAGE: lambda: DatedStepForm(store, support, "stage", parent),
        housing.workflow.ACCEPT: lambda: AcceptForm(store, support, parent),
        housing.workflow.PAY: lambda: PayForm(store, support, parent),
        housing.workflow.REJECT: lambda: EndForm(store, support, "rejected", parent),
        housing.workflow.CANCEL: lambda: EndForm(store, support, "cancelled", parent),
    }
    return makers[step]()


# Corrections -----------------------------------------------------------------------------------

class CorrectForm(StepForm):
    """Correct what was entered at the steps done (a mistyped decision number, a date, who), with
    the reason the history keeps; the support stays at its step and every rule still holds."""

    step = "correct"

    def __init__(self, store: Store, support: dict[str, Any], parent: QWidget | None = None):
        super().__init__(store, support, self.tr("Sửa thông tin đã ghi"), parent)

    def build(self) -> None:
        s = self.support
        self.fields: dict[str, Any] = {}
        self._date("registered_on", self.tr("Ngày đăng ký"))
        self._text("registered_by", self.tr("Người lập hồ sơ"))
        if s["approved_on"]:
            self._date("approved_on", self.tr("Ngày phê duyệt"))
            self._text("decision_no", self.tr("Số quyết định"))
            for key, text in (("amount_central", self.tr("Vốn trung ương")),
                              ("amount_local", self.tr("Vốn địa phương, xã hội hóa"))):
                edit = self.money(key, text, also=("first_tranche",) if key == "amount_central" else ())
                edit.set_value(s[key])
                self.fields[key] = edit
            self._text("approved_by", self.tr("Người / cơ quan phê duyệt"))
        if s["started_on"]:
            self._date("started_on", self.tr("Ngày khởi công"))
            self._text("started_by", self.tr("Người xác nhận khởi công"))
        if s["stage_on"]:
            self._date("stage_on", self.tr("Ngày đạt giai đoạn"))
        if s["completed_on"]:
            self._date("completed_on", self.tr("Ngày nghiệm thu"))
            self._text("accepted_by", self.tr("Tổ / người nghiệm thu"))
        if s["ended_on"]:
            self._date("ended_on", self.tr("Ngày dừng"))
            self._text("status_reason", self.tr("Lý do dừng"))
        self._text("notes", self.tr("Ghi chú"))
        self.reason = self.line("reason", self.tr("Vì sao sửa"), required=True,
                                placeholder=self.tr("ví dụ: nhập nhầm số quyết định"))

    def _date(self, key: str, text: str) -> None:
        edit = self.date(key, text, today=False)
        edit.set_value(self.support[key])
        self.fields[key] = edit

    def _text(self, key: str, text: str) -> None:
        edit = self.line(key, text)
        edit.setText(self.support[key] or "")
        self.fields[key] = edit

    def changes(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.fields.items():
            value = self.typed(widget) if isinstance(widget, DateEdit | MoneyEdit) else widget.text()
            if isinstance(widget, DateEdit) and isinstance(value, dt.date):
                value = value.isoformat()
            if value != self.support[key]:
                out[key] = value
        return out

    def check(self) -> Checked:
        checked = housing.check_correct(self.store, self.support["id"], self.changes())
        if not self.reason.text().strip():
            checked.error("reason", self.tr("Cần ghi lý do sửa."))
        return self.unreadable(checked, [(k, w) for k, w in self.fields.items() if isinstance(w, DateEdit | MoneyEdit)])

    def commit(self) -> None:
        housing.correct(self.store, self.support["id"], self.changes(), self.reason.text().strip())
