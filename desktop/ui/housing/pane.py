"""The housing pane (Project 5): the supports with filters, and their progress against the plan.

Above the list, a summary of what the filters select: supports by status, money approved and
paid by source, and, for a year of the plan, houses accepted against the plan's target and money
against Project 5's budget. Enter or a double click opens a support (`SupportDialog`); Ctrl+N
registers a new one. At a consolidating office the list covers every commune (a filter picks
one) and supports open read-only.

The list and the sums are read in the background (`operations`), on a connection of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import choices, formats, housing
from desktop.core import db as dbfile
from desktop.core.db import Database
from desktop.core.housing import queries
from desktop.core.housing.queries import SupportFilter
from desktop.core.reference import units
from desktop.core.store import Store
from desktop.ui import style
from desktop.ui.housing.dialog import SupportDialog
from desktop.ui.operations import Operation
from desktop.ui.step_form import money_text
from desktop.ui.tables import (
    RecordsModel,
    fit_columns,
    office_note,
    pane_heading,
    records_view,
    selected_id,
)
from desktop.ui.widgets import ChoiceBox


@dataclass
class Loaded:
    rows: list[dict[str, Any]]
    summary: queries.Summary
    progress: queries.Progress


def _load(path: Path, flt: SupportFilter, plan_year: int | None, scope: str, _progress) -> Loaded:
    """The list, its summary and the plan's progress, on a connection of their own (a worker thread)."""
    conn = dbfile.connect(path)
    try:
        rows = queries.list_supports(conn, flt)
        summary = queries.summary(conn, flt)
        progress = queries.progress(conn, plan_year, scope, flt.commune_code)
        return Loaded(rows, summary, progress)
    finally:
        conn.close()


class SupportsModel(RecordsModel):
    """The supports the filters select."""

    numeric = frozenset({"approved", "paid", "left"})

    def __init__(self, office: bool, parent: Any = None):
        super().__init__(parent)
        self.columns = (["commune"] if office else []) + [
            "household_code", "head_name", "village_name", "program", "kind", "status", "registered_on",
            "approved", "paid", "left"]

    def headers(self) -> dict[str, str]:
        return {
            "commune": self.tr("Xã"), "household_code": self.tr("Mã hộ"), "head_name": self.tr("Chủ hộ"),
            "village_name": self.tr("Thôn/bản"), "program": self.tr("Chương trình"), "kind": self.tr("Loại"),
            "status": self.tr("Bước"), "registered_on": self.tr("Ngày đăng ký"), "approved": self.tr("Được duyệt"),
            "paid": self.tr("Đã chi"), "left": self.tr("Còn lại"),
        }

    def text(self, row: dict[str, Any], column: str) -> str:
        if column == "commune":
            unit = units().get(row["commune_code"])
            return unit.name if unit else row["commune_code"]
        if column == "kind":
            return housing.kind_label(row["kind"])
        if column == "status":
            return housing.status_label(row["status"])
        if column == "registered_on":
            return formats.date_text(row["registered_on"])
        if column in ("approved", "paid"):
            return formats.money(row[column]) if row["approved"] else ""
        if column == "left":
            return formats.money(row["approved"] - row["paid"]) if row["approved"] else ""
        return super().text(row, column)

    def foreground(self, row: dict[str, Any], column: str) -> Any:
        return style.brush(style.MUTED) if row["status"] in housing.ENDED else None

    def tooltip(self, row: dict[str, Any], column: str) -> str | None:
        return row["status_reason"] if row["status"] in housing.ENDED else None


class HousingPane(QWidget):
    """Housing support: summary, filters, list, and the support dialog."""

    key = "housing"
    status_changed = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.store = Store(db)
        self.office = db.identity.is_office
        self.scope = db.identity.unit_code if self.office else (db.identity.parent_code or db.identity.unit_code)
        self.filter = SupportFilter()
        self._generation = 0
        self.loaded: Loaded | None = None
        self.model = SupportsModel(self.office, self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        layout.addLayout(self._build_top_row())
        layout.addLayout(self._build_filters())
        layout.addWidget(self._build_summary())
        if self.office:
            layout.addWidget(office_note(self, self.tr(
                "Văn phòng tổng hợp: hỗ trợ nhà ở của tất cả các xã, chỉ xem. Hỗ trợ được ghi ở xã, "
                "rồi gửi lên bằng tệp đồng bộ.")))
        self.table = records_view(self, self.model, "supportsTable", self.open_selected)
        layout.addWidget(self.table, 1)
        QShortcut(QKeySequence.StandardKey.New, self, self.register)
        self.refresh()

    # Building -------------------------------------------------------------------------------

    def _build_top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(pane_heading(self, self.tr("Hỗ trợ nhà ở — Dự án 5")))
        row.addStretch(1)
        self.open_button = QPushButton(self.tr("Mở"), self)
        self.open_button.setObjectName("openSupport")
        self.open_button.clicked.connect(self.open_selected)
        row.addWidget(self.open_button)
        if not self.office:
            self.register_button = QPushButton(self.tr("Đăng ký hỗ trợ… (Ctrl+N)"), self)
            self.register_button.setObjectName("registerSupport")
            self.register_button.clicked.connect(self.register)
            row.addWidget(self.register_button)
        return row

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        conn = self.db.conn
        self.status_combo = ChoiceBox(self, [("", self.tr("Mọi bước")), ("open", self.tr("Đang thực hiện"))]
                                      + [(s, housing.status_label(s)) for s in housing.STATUSES])
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.set_code("")
        self.village_combo = ChoiceBox(self, [(0, self.tr("Mọi thôn/bản")), *choices.village_choices(conn, None if self.office else self.db.identity.unit_code)])
        self.village_combo.setObjectName("villageFilter")
        self.village_combo.set_code(0)
        self.program_combo = ChoiceBox(self, [("", self.tr("Mọi chương trình"))]
                                       + [(p, housing.program_name(p)) for p in queries.programs(conn)])
        self.program_combo.setObjectName("programFilter")
        self.program_combo.set_code("")
        self.year_combo = ChoiceBox(self, [(0, self.tr("Mọi năm đăng ký"))] + [(y, str(y)) for y in queries.years(conn)])
        self.year_combo.setObjectName("yearFilter")
        self.year_combo.set_code(0)
        widgets = [self.status_combo, self.village_combo, self.program_combo, self.year_combo]
        if self.office:
            table = units()
            communes = [(c, table[c].name if c in table else c) for c in choices.commune_codes(conn)]
            self.commune_combo = ChoiceBox(self, [("", self.tr("Mọi xã")), *communes])
            self.commune_combo.setObjectName("communeFilter")
            self.commune_combo.set_code("")
            widgets.insert(0, self.commune_combo)
        for widget in widgets:
            # Long village and program names must not widen the window: the list shows them whole.
            widget.setSizeAdjustPolicy(ChoiceBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(10)
            widget.view().setMinimumWidth(260)
            row.addWidget(widget)
            widget.currentIndexChanged.connect(self._filters_changed)
        row.addStretch(1)
        return row

    def _build_summary(self) -> QFrame:
        box = QFrame(self)
        box.setObjectName("housingSummary")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(box)
        grid.setContentsMargins(10, 6, 10, 6)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(2)
        self.counts_label = QLabel(box)
        self.counts_label.setObjectName("statusCounts")
        self.counts_label.setWordWrap(True)
        grid.addWidget(self.counts_label, 0, 0, 1, 6)
        headers = (self.tr("So với kế hoạch"), self.tr("Kế hoạch"), self.tr("Đã phê duyệt"), self.tr("Đã chi"),
                   self.tr("Chi / kế hoạch"))
        for col, text in enumerate(headers):
            label = QLabel(text, box)
            label.setStyleSheet(style.text_style(style.MUTED, True))
            label.setAlignment(Qt.AlignmentFlag.AlignRight if col else Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(label, 1, col)
        self.money_cells: dict[tuple[str, int], QLabel] = {}
        for r, (key, name) in enumerate((("central", self.tr("Vốn trung ương")), ("local", self.tr("Vốn địa phương, XHH")),
                                         ("total", self.tr("Tổng"))), start=2):
            source = QLabel(name, box)
            grid.addWidget(source, r, 0)
            for col in range(1, 5):
                cell = QLabel(box)
                cell.setObjectName(f"sum_{key}_{col}")
                cell.setAlignment(Qt.AlignmentFlag.AlignRight)
                grid.addWidget(cell, r, col)
                self.money_cells[(key, col)] = cell
        years = queries.plan_years(self.db.conn, self.scope)
        self.plan_combo = ChoiceBox(box, [(0, self.tr("Cả giai đoạn"))]
                                    + [(y, self.tr("Năm {year}").format(year=y)) for y in reversed(years)])
        self.plan_combo.setObjectName("planYear")
        self.plan_combo.set_code(0)
        self.plan_combo.currentIndexChanged.connect(self.refresh)
        self.plan_combo.setSizeAdjustPolicy(ChoiceBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.plan_combo.setMinimumContentsLength(14)
        grid.addWidget(self.plan_combo, 1, 5)
        self.houses_label = QLabel(box)
        self.houses_label.setObjectName("housesProgress")
        self.houses_label.setWordWrap(True)
        self.houses_label.setMinimumWidth(160)
        grid.addWidget(self.houses_label, 2, 5, 3, 1, alignment=Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(5, 1)
        return box

    # Loading --------------------------------------------------------------------------------

    def _filters_changed(self) -> None:
        self.filter = replace(
            self.filter, status=self.status_combo.code() or None, village_id=self.village_combo.code() or None,
            program=self.program_combo.code() or None, year=self.year_combo.code() or None,
            commune_code=(self.commune_combo.code() or None) if self.office else None)
        self.refresh()

    def refresh(self) -> None:
        """Read the list and its sums again (after a step, a merge, a change of filter)."""
        self._generation += 1
        plan_year = self.plan_combo.code() or None  # None: the whole period
        Operation(self, partial(_load, self.db.path, self.filter, plan_year, self.scope),
                  success=partial(self._loaded, self._generation)).run()

    def _loaded(self, generation: int, loaded: Loaded) -> None:
        if generation != self._generation:
            return  # a later load is on its way
        self.loaded = loaded
        self.model.set_rows(loaded.rows)
        self._show_summary(loaded)
        # The head's name takes what is left (long Thái and Mông names read whole).
        fit_columns(self.table, self.model.columns, stretch="head_name", widest={"commune": 150})
        if loaded.rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self.status_changed.emit(self.tr("{n} hỗ trợ nhà ở").format(n=formats.money(len(loaded.rows))))

    def _show_summary(self, loaded: Loaded) -> None:
        s, progress = loaded.summary, loaded.progress
        parts = [f"{housing.status_label(status)}: <b>{n}</b>" for status, n in s.counts.items() if n]
        self.counts_label.setText(" · ".join(parts) if parts else self.tr("Chưa có hỗ trợ nào."))
        for key in ("central", "local", "total"):
            def pick(values: dict[str, int], k: str = key) -> int:
                return sum(values.values()) if k == "total" else values.get(k, 0)
            planned, got, spent = pick(progress.budget), pick(progress.approved), pick(progress.paid)
            self.money_cells[(key, 1)].setText(money_text(planned) if planned else "—")
            self.money_cells[(key, 2)].setText(money_text(got))
            self.money_cells[(key, 3)].setText(money_text(spent))
            self.money_cells[(key, 4)].setText(f"{spent * 100 / planned:.1f}%".replace(".", ",") if planned else "—")
        target = f"{progress.target_houses:g}" if progress.target_houses is not None else "—"
        where = (self.tr("xã đã chọn") if self.office and self.filter.commune_code
                 else self.tr("cả huyện") if self.office else self.tr("cả xã"))
        if progress.year is None:
            text = self.tr("Cả giai đoạn ({where}): {done} nhà đã nghiệm thu; chỉ tiêu các năm của kế hoạch: {target} hộ.")
        else:
            text = self.tr("Năm {year} ({where}): {done} nhà nghiệm thu trong năm; chỉ tiêu: {target} hộ. "
                           "Tiền phê duyệt và chi trong năm.")
        self.houses_label.setText(text.format(year=progress.year, where=where, done=progress.completed_houses,
                                              target=target))

    # Actions --------------------------------------------------------------------------------

    def open_selected(self) -> SupportDialog | None:
        support_id = selected_id(self.table)
        if support_id is None:
            return None
        return self._show(SupportDialog(self.store, support_id, parent=self))

    def register(self) -> SupportDialog | None:
        if self.office:
            return None
        return self._show(SupportDialog(self.store, parent=self))

    def _show(self, dialog: SupportDialog) -> SupportDialog:
        dialog.changed.connect(self.refresh)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
