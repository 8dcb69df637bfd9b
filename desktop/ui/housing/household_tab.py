"""The housing tab of the household editor: the household's supports and the supports it received
before, with the actions on them (register, open, record an earlier support)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import formats, housing
from desktop.core.housing import queries
from desktop.core.store import Store
from desktop.ui import style
from desktop.ui.households_common import ask_reason, call_safely
from desktop.ui.housing.dialog import SupportDialog
from desktop.ui.housing.steps import PriorForm
from desktop.ui.step_form import money_text


class PriorDialog(QDialog):
    """Record a housing support the household received before (another program)."""

    def __init__(self, store: Store, household_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("priorDialog")
        self.setWindowTitle(self.tr("Hỗ trợ nhà ở đã nhận trước đây"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*style.FORM_MARGINS)
        self.form = PriorForm(store, household_id, self)
        layout.addWidget(self.form)
        self.form.done.connect(self.accept)
        self.form.closed.connect(self.reject)
        self.resize(560, self.sizeHint().height())


class HousingTab(QWidget):
    """A household's supports and earlier supports; `changed` after anything was recorded."""

    changed = Signal()

    def __init__(self, store: Store, household_id: int, parent: QWidget | None = None, *, read_only: bool = False):
        super().__init__(parent)
        self.setObjectName("housingTab")
        self.store = store
        self.household_id = household_id
        self.read_only = read_only or store.db.identity.is_office
        layout = QVBoxLayout(self)
        self.supports = QTableWidget(0, 6, self)
        self.supports.setObjectName("householdSupports")
        self.supports.setHorizontalHeaderLabels([self.tr("Chương trình"), self.tr("Loại"), self.tr("Bước"),
                                                 self.tr("Ngày đăng ký"), self.tr("Được duyệt"), self.tr("Đã chi")])
        for table in (self.supports,):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.verticalHeader().hide()
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.supports.doubleClicked.connect(lambda _i: self.open_support())
        layout.addWidget(QLabel(self.tr("Hỗ trợ nhà ở (Dự án 5 và các chương trình đang theo dõi)"), self))
        layout.addWidget(self.supports, 2)
        self.prior_label = QLabel(self)
        self.prior_label.setObjectName("priorSupports")
        self.prior_label.setWordWrap(True)
        self.prior_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.prior_label)
        buttons = QHBoxLayout()
        self.register_button = QPushButton(self.tr("Đăng ký hỗ trợ…"), self)
        self.register_button.setObjectName("registerHousing")
        self.open_button = QPushButton(self.tr("Mở hỗ trợ…"), self)
        self.open_button.setObjectName("openHousing")
        self.prior_button = QPushButton(self.tr("Ghi hỗ trợ đã nhận trước đây…"), self)
        self.prior_button.setObjectName("recordPrior")
        self.remove_prior_button = QPushButton(self.tr("Xóa hỗ trợ trước đây ghi nhầm…"), self)
        self.remove_prior_button.setObjectName("removePrior")
        for button in (self.register_button, self.open_button, self.prior_button, self.remove_prior_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.register_button.clicked.connect(self.register)
        self.open_button.clicked.connect(self.open_support)
        self.prior_button.clicked.connect(self.record_prior)
        self.remove_prior_button.clicked.connect(self.remove_prior)
        self.refresh()

    def refresh(self) -> None:
        rows = queries.of_household(self.store.conn, self.household_id)
        self.rows = rows
        self.supports.setRowCount(len(rows))
        for r, s in enumerate(rows):
            values = (housing.program_name(s["program"]), housing.kind_label(s["kind"]), housing.status_label(s["status"]),
                      formats.date_text(s["registered_on"]), money_text(s["approved"]) if s["approved"] else "",
                      money_text(s["paid"]) if s["paid"] else "")
            for c, value in enumerate(values):
                self.supports.setItem(r, c, QTableWidgetItem(value))
        self.supports.resizeColumnsToContents()
        self.supports.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if rows:
            self.supports.selectRow(0)
        self.prior = queries.prior_of_household(self.store.conn, self.household_id)
        if self.prior:
            self.prior_label.setText(self.tr("Đã nhận trước đây: {list}").format(list="; ".join(
                f"{housing.program_name(p['program'])} ({p['year']})" + (f" — {p['notes']}" if p["notes"] else "")
                for p in self.prior)))
        else:
            self.prior_label.setText(self.tr("Chưa ghi hỗ trợ nhà ở nào nhận trước đây."))
        live = any(s["status"] not in housing.ENDED for s in rows)
        self.register_button.setEnabled(not self.read_only and not live and not self.prior)
        self.register_button.setToolTip(
            self.tr("Hộ đã có hỗ trợ nhà ở: mỗi hộ chỉ được hỗ trợ một lần.") if live or self.prior else "")
        self.open_button.setEnabled(bool(rows))
        self.prior_button.setEnabled(not self.read_only)
        self.remove_prior_button.setVisible(bool(self.prior) and not self.read_only)

    def _dialog(self, dialog: QDialog) -> QDialog:
        if isinstance(dialog, SupportDialog):
            dialog.changed.connect(self._changed)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()

    def register(self) -> SupportDialog | None:
        if self.read_only:
            return None
        return self._dialog(SupportDialog(self.store, household_id=self.household_id, parent=self))

    def open_support(self) -> SupportDialog | None:
        row = self.supports.currentRow()
        if row < 0 or row >= len(self.rows):
            return None
        return self._dialog(SupportDialog(self.store, self.rows[row]["id"], parent=self))

    def record_prior(self) -> PriorDialog | None:
        if self.read_only:
            return None
        dialog = PriorDialog(self.store, self.household_id, self)
        dialog.accepted.connect(self._changed)
        return self._dialog(dialog)

    def remove_prior(self) -> None:
        if not self.prior:
            return
        prior = self.prior[-1]
        reason = ask_reason(self, self.tr("Xóa hỗ trợ trước đây"), self.tr(
            "Xóa \u201c{program} ({year})\u201d? Vì sao (ghi nhầm hộ, nhầm chương trình…)?").format(
            program=housing.program_name(prior["program"]), year=prior["year"]), self.tr("Xóa"))
        if reason is None:
            return
        if call_safely(self, lambda: housing.remove_prior(self.store, prior["id"], reason) or True,
                       self.tr("Xóa hỗ trợ trước đây")):
            self._changed()
