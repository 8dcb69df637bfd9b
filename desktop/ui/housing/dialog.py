"""One housing support: where it stands, what was approved and paid, and its next valid steps.

`SupportDialog(store, support_id)` shows the support's steps as a timeline (each with its day, its
details and who did it), the money (approved by source, the first tranche, paid, left) and the
payments; under them, buttons for the steps that may follow now (`housing.next_steps`), each
opening its small form (`desktop.ui.housing.steps`) in place. `SupportDialog(store,
household_id=…)` or with neither opens on the registration form; once saved, it shows the new
support. At an office the dialog is read-only: records belong to the communes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import formats, housing
from desktop.core.housing import queries
from desktop.core.reference import units
from desktop.core.store import Store
from desktop.ui import style
from desktop.ui.households_common import ask_reason, call_safely
from desktop.ui.housing.steps import (
    CorrectForm,
    PriorForm,
    RegisterForm,
    StepForm,
    money_text,
    step_form,
)


def _m2(value: float | None) -> str:
    return f"{formats.decimal(value)} m²"


def step_button_labels() -> dict[str, str]:
    """The buttons of the next steps."""
    return {
        "approve": QCoreApplication.translate("housing", "Phê duyệt…"),
        "start": QCoreApplication.translate("housing", "Khởi công…"),
        "stage": QCoreApplication.translate("housing", "Đạt giai đoạn đợt 1…"),
        "accept": QCoreApplication.translate("housing", "Nghiệm thu…"),
        "pay": QCoreApplication.translate("housing", "Chi tiền…"),
        "reject": QCoreApplication.translate("housing", "Không được duyệt…"),
        "cancel": QCoreApplication.translate("housing", "Hủy hỗ trợ…"),
    }


class SupportDialog(QDialog):
    """A support's state and its next steps (see the module)."""

    changed = Signal()  # a step was saved: lists showing supports refresh

    def __init__(self, store: Store, support_id: int | None = None, *, household_id: int | None = None,
                 read_only: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("supportDialog")
        self.store = store
        self.support_id = support_id
        self.household_id = household_id
        self.read_only = read_only or store.db.identity.is_office
        self.form: StepForm | None = None
        self.step_buttons: dict[str, QPushButton] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(*style.FORM_MARGINS)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll, 1)
        self.buttons = QDialogButtonBox(self)
        self.close_button = self.buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setObjectName("closeButton")
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 900, 660
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)
        self.rebuild()

    # Building -------------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Lay the dialog out again from the database (after every step)."""
        page = QWidget(self.scroll)
        self.page = QVBoxLayout(page)
        self.page.setContentsMargins(0, 0, 8, 0)
        self.page.setSpacing(10)
        self.step_buttons = {}
        self.form = None
        if self.support_id is None:
            self.setWindowTitle(self.tr("Đăng ký hỗ trợ nhà ở"))
            self._open_form(RegisterForm(self.store, self.household_id, page), page)
        else:
            self.support = self.store.require("housing_supports", self.support_id)
            self._build_header(page)
            self._build_timeline(page)
            self._build_money(page)
            self._build_payments(page)
            self._build_actions(page)
        self.page.addStretch(1)
        self.scroll.setWidget(page)

    def _label(self, parent: QWidget, text: str, *, name: str = "", bold: bool = False, muted: bool = False,
               scale: float = 1.0) -> QLabel:
        label = QLabel(text, parent)
        if name:
            label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if bold or scale != 1.0:
            font = label.font()
            font.setBold(bold)
            font.setPointSizeF(font.pointSizeF() * scale)
            label.setFont(font)
        if muted:
            label.setStyleSheet(style.text_style(style.MUTED))
        return label

    def _build_header(self, page: QWidget) -> None:
        s = self.support
        facts = queries.household_facts(self.store.conn, s["household_id"], int((s["registered_on"] or "0000")[:4]))
        who = f"{facts.code} — {facts.head_name}" if facts else "?"
        self.setWindowTitle(self.tr("Hỗ trợ nhà ở — hộ {who}").format(who=who))
        self.page.addWidget(self._label(page, self.tr("Hộ {who}").format(who=who), name="supportTitle", bold=True, scale=1.3))
        line = " · ".join(part for part in (
            facts.village_name if facts else "", housing.program_name(s["program"]), housing.kind_label(s["kind"]),
            housing.condition_label(s["condition"]) if s["condition"] else "") if part)
        self.page.addWidget(self._label(page, line, muted=True))
        status = self._label(page, housing.status_label(s["status"]), name="supportStatus", bold=True)
        colour = style.ERROR if s["status"] in housing.ENDED else style.OK
        status.setStyleSheet(style.text_style(colour, True))
        self.page.addWidget(status)
        if s["status"] in housing.ENDED:
            self.page.addWidget(self._label(page, self.tr("Lý do: {reason}").format(reason=s["status_reason"]),
                                            name="supportReason"))
        if self.store.db.identity.is_office:
            unit = units().get(s["commune_code"])
            self.page.addWidget(self._label(page, self.tr("Văn phòng tổng hợp: chỉ xem. Hỗ trợ được ghi ở {commune}.").format(
                commune=unit.name if unit else s["commune_code"]), muted=True))

    def _build_timeline(self, page: QWidget) -> None:
        s = self.support
        box = QFrame(page)
        box.setObjectName("timeline")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(14)
        grid.setColumnStretch(3, 1)
        steps = [
            ("registered_on", self.tr("Đăng ký"), s["registered_by"], self._registration_detail()),
            ("approved_on", self.tr("Phê duyệt"), s["approved_by"],
             self.tr("QĐ {no} · {amount}").format(no=s["decision_no"], amount=money_text(housing.rules.total(s)))
             if s["approved_on"] else ""),
            ("started_on", self.tr("Khởi công"), s["started_by"], ""),
            ("stage_on", housing.stage_label(s["kind"]), s["stage_by"], self.tr("mở đợt 1") if s["stage_on"] else ""),
            ("completed_on", self.tr("Nghiệm thu"), s["accepted_by"],
             self.tr("{area}, {hard}, tuổi thọ {life} năm").format(
                 area=_m2(s["floor_area_m2"]), life=s["life_years"],
                 hard=self.tr("đủ 3 cứng") if s["hard_floor"] and s["hard_walls"] and s["hard_roof"] else self.tr("chưa đủ 3 cứng"))
             if s["completed_on"] else ""),
        ]
        current_marked = False
        for row, (key, name, who, detail) in enumerate(steps):
            day = s[key]
            if day:
                mark, colour = "✓", style.OK
            elif s["status"] in housing.ENDED or current_marked:
                mark, colour = "○", style.MUTED
            else:
                mark, colour, current_marked = "●", style.WARNING, True
            icon = QLabel(mark, box)
            icon.setStyleSheet(style.text_style(colour, True))
            grid.addWidget(icon, row, 0)
            title = QLabel(name, box)
            title.setObjectName(f"step_{key}")
            title.setStyleSheet(style.text_style(style.TEXT if day else style.MUTED, bool(day)))
            grid.addWidget(title, row, 1)
            grid.addWidget(QLabel(formats.date_text(day) if day else "", box), row, 2)
            text = " · ".join(part for part in (detail, who) if part)
            grid.addWidget(self._label(box, text, name=f"detail_{key}"), row, 3)
        if s["status"] in housing.ENDED:
            row = len(steps)
            grid.addWidget(QLabel("✖", box), row, 0)
            grid.addWidget(QLabel(housing.status_label(s["status"]), box), row, 1)
            grid.addWidget(QLabel(formats.date_text(s["ended_on"]), box), row, 2)
            grid.addWidget(self._label(box, " · ".join(p for p in (s["status_reason"], s["ended_by"]) if p)), row, 3)
        self.page.addWidget(box)

    def _registration_detail(self) -> str:
        s = self.support
        if s["condition"] == "non_durable":
            return self.tr("{n}/3 kết cấu chính không bền chắc").format(n=s["weak_structures"])
        if s["condition"] == "cramped" and s["current_area_m2"] and s["persons"]:
            return self.tr("{area} cho {n} người").format(area=_m2(s["current_area_m2"]), n=s["persons"])
        return housing.condition_label(s["condition"]) if s["condition"] else ""

    def _build_money(self, page: QWidget) -> None:
        s = self.support
        done = housing.workflow.paid(self.store, s["id"])
        approved = housing.rules.total(s)
        box = QFrame(page)
        box.setObjectName("money")
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        headers = (self.tr("Nguồn"), self.tr("Được duyệt"), self.tr("Đã chi"), self.tr("Còn lại"))
        for col, text in enumerate(headers):
            grid.addWidget(self._label(box, text, bold=True), 0, col, alignment=Qt.AlignmentFlag.AlignRight if col else Qt.AlignmentFlag.AlignLeft)
        rows = [(housing.source_label("central"), s["amount_central"], done["central"]),
                (housing.source_label("local"), s["amount_local"], done["local"]),
                (self.tr("Tổng"), approved, done["total"])]
        for r, (name, amount, paid) in enumerate(rows, start=1):
            grid.addWidget(QLabel(name, box), r, 0)
            for col, value in enumerate((amount, paid, amount - paid), start=1):
                cell = QLabel(money_text(value), box)
                cell.setObjectName(f"money_{r}_{col}")
                cell.setAlignment(Qt.AlignmentFlag.AlignRight)
                grid.addWidget(cell, r, col)
        note = self.tr("Đợt 1 ({percent}%): {first} · đã chi đợt 1: {paid_first}").format(
            percent=(s["first_tranche"] * 100 // approved) if approved else 70, first=money_text(s["first_tranche"]),
            paid_first=money_text(done["first"]))
        if s["amount_household"]:
            note += " · " + self.tr("hộ tự góp: {amount}").format(amount=money_text(s["amount_household"]))
        grid.addWidget(self._label(box, note, muted=True), len(rows) + 1, 0, 1, 4)
        grid.setColumnStretch(0, 1)
        self.page.addWidget(box)

    def _build_payments(self, page: QWidget) -> None:
        rows = queries.payments(self.store.conn, self.support_id)
        if not rows:
            return
        self.payments_table = QTableWidget(len(rows), 6, page)
        self.payments_table.setObjectName("paymentsTable")
        self.payments_table.setHorizontalHeaderLabels([self.tr("Ngày chi"), self.tr("Đợt"), self.tr("Nguồn"),
                                                       self.tr("Số tiền"), self.tr("Phiếu chi"), self.tr("Người chi")])
        self.payments_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.payments_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.payments_table.verticalHeader().hide()
        self.payment_ids = [p["id"] for p in rows]
        for r, p in enumerate(rows):
            values = (formats.date_text(p["paid_on"]), str(p["tranche"]), housing.source_label(p["source"]),
                      money_text(p["amount"]), p["voucher_no"], p["paid_by"])
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.payments_table.setItem(r, c, item)
        self.payments_table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.payments_table.resizeColumnsToContents()
        self.payments_table.setFixedHeight(self.payments_table.horizontalHeader().height()
                                           + sum(self.payments_table.rowHeight(r) for r in range(len(rows))) + 4)
        self.page.addWidget(self._label(page, self.tr("Các khoản đã chi"), bold=True))
        self.page.addWidget(self.payments_table)
        if not self.read_only:
            remove = QPushButton(self.tr("Xóa khoản chi nhập nhầm…"), page)
            remove.setObjectName("removePayment")
            remove.clicked.connect(self.remove_payment)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(remove)
            self.page.addLayout(row)

    def _build_actions(self, page: QWidget) -> None:
        if self.read_only:
            return
        steps = housing.workflow.available_steps(self.store, self.support)
        row = QHBoxLayout()
        if steps:
            row.addWidget(self._label(page, self.tr("Bước tiếp theo:"), bold=True))
        else:
            row.addWidget(self._label(page, self.tr("Hỗ trợ đã xong: không còn bước nào."), muted=True,
                                      name="noNextStep"))
        labels = step_button_labels()
        for step in steps:
            button = QPushButton(labels[step], page)
            button.setObjectName(f"stepButton_{step}")
            button.clicked.connect(lambda _c=False, st=step: self.open_step(st))
            row.addWidget(button)
            self.step_buttons[step] = button
        row.addStretch(1)
        row.addWidget(self._build_correct(page))
        self.page.addLayout(row)

    def _build_correct(self, page: QWidget) -> QPushButton:
        button = QPushButton(self.tr("Sửa thông tin đã ghi…"), page)
        button.setObjectName("correctSupport")
        button.clicked.connect(self.open_correction)
        self.correct_button = button
        return button

    # Steps ---------------------------------------------------------------------------------

    def open_step(self, step: str) -> StepForm:
        """Show the form of `step` under the support (closing any other)."""
        if self.form is not None:
            self.form.deleteLater()
        form = step_form(self.store, self.support, step, self.scroll.widget())
        self._open_form(form, self.scroll.widget())
        for name, button in self.step_buttons.items():
            button.setEnabled(name != step)
        return form

    def open_correction(self) -> StepForm:
        """The form that corrects what the steps done recorded."""
        if self.form is not None:
            self.form.deleteLater()
        form = CorrectForm(self.store, self.support, self.scroll.widget())
        self._open_form(form, self.scroll.widget())
        return form

    def open_prior(self) -> StepForm:
        form = PriorForm(self.store, self.household_id or self.support["household_id"], self.scroll.widget())
        self._open_form(form, self.scroll.widget())
        return form

    def _open_form(self, form: StepForm, page: QWidget) -> None:
        self.form = form
        form.setParent(page)
        frame_index = self.page.count() - (1 if self.page.count() and self.page.itemAt(self.page.count() - 1).spacerItem() else 0)
        self.page.insertWidget(frame_index, form)
        form.done.connect(self._step_done)
        form.closed.connect(self._step_closed)
        form.show()
        form.form.fix_tab_order([form.cancel_button, form.save_button], focus_first=True)
        # Once laid out: the form's buttons in view (the support above scrolls away if need be).
        QTimer.singleShot(0, form, lambda: self.scroll.ensureWidgetVisible(form.save_button, 0, 16))  # not once closed

    def _step_done(self) -> None:
        if self.support_id is None and isinstance(self.form, RegisterForm):
            self.support_id = self.form.support_id
        self.changed.emit()
        self.rebuild()

    def _step_closed(self) -> None:
        if self.support_id is None:
            self.reject()
            return
        self.rebuild()

    def remove_payment(self) -> None:
        row = self.payments_table.currentRow()
        if row < 0:
            return
        payment_id = self.payment_ids[row]
        reason = ask_reason(self, self.tr("Xóa khoản chi"), self.tr("Vì sao xóa khoản chi này (nhập nhầm số tiền, ngày…)?"),
                            self.tr("Xóa"))
        if reason is None:
            return
        if call_safely(self, lambda: housing.delete_payment(self.store, payment_id, reason) or True,
                       self.tr("Xóa khoản chi")):
            self.changed.emit()
            self.rebuild()

    def current(self) -> dict[str, Any] | None:
        return self.store.get("housing_supports", self.support_id) if self.support_id else None
