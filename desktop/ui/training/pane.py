"""The vocational-training pane (Project 4): results against the plan, and the course list.

Above the list, the year's results (courses starting that year; or the whole period): learners
enrolled, studying and dropped; trained (completed), certified, employed after the course,
connected to a job with a contract, gone to work abroad — each against the plan's target — and the
support paid by funding source. The list shows each course with its seats taken. Enter or a double
click opens a course (`CourseDialog`); Ctrl+N opens a new one. At a consolidating office the pane
covers every commune (a filter picks one) and courses open read-only.

The list and the results are read in the background (`operations`), on a connection of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
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

from desktop.core import choices, formats, training
from desktop.core import db as dbfile
from desktop.core.db import Database
from desktop.core.reference import units
from desktop.core.rules import rules_for
from desktop.core.store import Store
from desktop.core.training import queries
from desktop.ui import style
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
from desktop.ui.training.course_dialog import CourseDialog
from desktop.ui.widgets import ChoiceBox

# The results shown, in order, with the plan's target they answer (None: no target).
FIGURES = (("enrolled", None), ("completed", "workers_trained"), ("certified", None),
           ("employed", "jobs_created"), ("job_connected", "job_connections"), ("abroad", "workers_abroad"))


@dataclass
class Loaded:
    courses: list[dict[str, Any]]
    results: queries.Results


def _load(path: Path, flt: queries.Filter, scope: str, _progress) -> Loaded:
    conn = dbfile.connect(path)
    try:
        return Loaded(queries.list_courses(conn, flt),
                      queries.results(conn, flt.year, scope, flt.commune_code, rules=rules_for(conn)))
    finally:
        conn.close()


class CoursesModel(RecordsModel):
    """The courses with their seats taken and learners by status."""

    numeric = frozenset({"seats", "n_studying", "n_completed", "n_dropped"})

    def __init__(self, office: bool, parent: Any = None):
        super().__init__(parent)
        self.columns = (["commune"] if office else []) + [
            "occupation", "level", "provider", "start_date", "end_date", "seats", "n_studying", "n_completed", "n_dropped"]

    def headers(self) -> dict[str, str]:
        return {"commune": self.tr("Xã"), "occupation": self.tr("Nghề"), "level": self.tr("Trình độ"),
                "provider": self.tr("Cơ sở đào tạo"), "start_date": self.tr("Khai giảng"), "end_date": self.tr("Kết thúc"),
                "seats": self.tr("Chỗ đã nhận"), "n_studying": self.tr("Đang học"), "n_completed": self.tr("Hoàn thành"),
                "n_dropped": self.tr("Bỏ học")}

    def text(self, row: dict[str, Any], column: str) -> str:
        if column == "commune":
            unit = units().get(row["commune_code"])
            return unit.name if unit else row["commune_code"]
        if column == "level":
            return training.level_label(row["level"])
        if column in ("start_date", "end_date"):
            return formats.date_text(row[column])
        if column == "seats":
            return f"{row['taken']}/{row['seats'] or '—'}"
        return super().text(row, column)

    def foreground(self, row: dict[str, Any], column: str) -> Any:
        full = column == "seats" and row["seats"] and row["taken"] >= row["seats"]
        return style.brush(style.WARNING) if full else None

    def tooltip(self, row: dict[str, Any], column: str) -> str | None:
        if column in ("provider", "level", "occupation"):
            return " · ".join(p for p in (row["occupation"], row["provider"], row["place"]) if p)
        return None


class TrainingPane(QWidget):
    """Vocational training: results, filters, the course list and the course dialog."""

    key = "training"
    status_changed = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.store = Store(db)
        self.office = db.identity.is_office
        self.scope = db.identity.unit_code if self.office else (db.identity.parent_code or db.identity.unit_code)
        self.filter = queries.Filter()
        self.loaded: Loaded | None = None
        self._generation = 0
        self.model = CoursesModel(self.office, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        layout.addLayout(self._build_top_row())
        layout.addWidget(self._build_results())
        if self.office:
            layout.addWidget(office_note(self, self.tr(
                "Văn phòng tổng hợp: lớp học và học viên của tất cả các xã, chỉ xem. Các xã ghi rồi gửi lên bằng tệp "
                "đồng bộ.")))
        self.table = records_view(self, self.model, "coursesTable", self.open_selected)
        layout.addWidget(self.table, 1)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_course)
        self.refresh()

    def _build_top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(pane_heading(self, self.tr("Đào tạo nghề — Dự án 4")))
        row.addSpacing(12)
        years = queries.course_years(self.db.conn)
        self.year_combo = ChoiceBox(self, [(0, self.tr("Mọi năm"))] + [(y, self.tr("Năm {year}").format(year=y))
                                                                       for y in years])
        self.year_combo.setObjectName("yearFilter")
        self.year_combo.set_code(0)  # the whole period: the plan's targets summed over its years
        self.year_combo.currentIndexChanged.connect(self._filters_changed)
        row.addWidget(self.year_combo)
        if self.office:
            table = units()
            communes = [(c, table[c].name if c in table else c) for c in choices.commune_codes(self.db.conn)]
            self.commune_combo = ChoiceBox(self, [("", self.tr("Mọi xã")), *communes])
            self.commune_combo.setObjectName("communeFilter")
            self.commune_combo.set_code("")
            self.commune_combo.currentIndexChanged.connect(self._filters_changed)
            row.addWidget(self.commune_combo)
        row.addStretch(1)
        self.open_button = QPushButton(self.tr("Mở lớp"), self)
        self.open_button.setObjectName("openCourse")
        self.open_button.clicked.connect(self.open_selected)
        row.addWidget(self.open_button)
        if not self.office:
            self.new_button = QPushButton(self.tr("Mở lớp mới… (Ctrl+N)"), self)
            self.new_button.setObjectName("newCourse")
            self.new_button.clicked.connect(self.new_course)
            row.addWidget(self.new_button)
        return row

    def _build_results(self) -> QFrame:
        box = QFrame(self)
        box.setObjectName("trainingResults")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(box)
        grid.setContentsMargins(10, 6, 10, 6)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(2)
        names = {"enrolled": self.tr("Học viên"), "completed": self.tr("Đã đào tạo"), "certified": self.tr("Có chứng chỉ"),
                 "employed": self.tr("Có việc làm"), "job_connected": self.tr("Kết nối việc làm"),
                 "abroad": self.tr("Đi làm ở nước ngoài")}
        self.figures: dict[str, QLabel] = {}
        self.targets: dict[str, QLabel] = {}
        for col, (key, _target) in enumerate(FIGURES):
            title = QLabel(names[key], box)
            title.setStyleSheet(style.text_style(style.MUTED, True))
            grid.addWidget(title, 0, col)
            value = QLabel(box)
            value.setObjectName(f"figure_{key}")
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.4)
            font.setBold(True)
            value.setFont(font)
            grid.addWidget(value, 1, col)
            target = QLabel(box)
            target.setObjectName(f"target_{key}")
            target.setStyleSheet(style.text_style(style.MUTED))
            grid.addWidget(target, 2, col)
            self.figures[key], self.targets[key] = value, target
        self.support_label = QLabel(box)
        self.support_label.setObjectName("supportBySource")
        self.support_label.setWordWrap(True)
        grid.addWidget(self.support_label, 3, 0, 1, len(FIGURES))
        return box

    # Loading --------------------------------------------------------------------------------

    def _filters_changed(self) -> None:
        self.filter = queries.Filter(year=self.year_combo.code() or None,
                                     commune_code=(self.commune_combo.code() or None) if self.office else None)
        self.refresh()

    def refresh(self) -> None:
        self._generation += 1
        Operation(self, partial(_load, self.db.path, self.filter, self.scope),
                  success=partial(self._loaded, self._generation)).run()

    def _loaded(self, generation: int, loaded: Loaded) -> None:
        if generation != self._generation:
            return
        self.loaded = loaded
        self.model.set_rows(loaded.courses)
        fit_columns(self.table, self.model.columns, stretch="occupation",
                    widest={"provider": 200 if self.office else 240, "level": 130, "commune": 140})
        if loaded.courses and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._show_results(loaded.results)
        self.status_changed.emit(self.tr("{n} lớp, {m} học viên").format(n=len(loaded.courses), m=loaded.results.enrolled))

    def _show_results(self, r: queries.Results) -> None:
        for key, target_key in FIGURES:
            value = getattr(r, key)
            self.figures[key].setText(formats.money(value))
            target = r.targets.get(target_key) if target_key else None
            if key == "enrolled":
                text = self.tr("đang học {s}, bỏ học {d}").format(s=r.studying, d=r.dropped)
            elif target is None:
                text = ""
            else:
                low, high = target
                goal = f"{low:g}" if not high else f"{low:g}–{high:g}"
                share = f" ({value * 100 / low:.0f}%)" if low else ""
                text = self.tr("chỉ tiêu {goal}{share}").format(goal=goal, share=share)
            self.targets[key].setText(text)
        parts = []
        for source, kinds in sorted(r.support.items()):
            total = sum(kinds.values())
            parts.append(self.tr("{source}: {total} (đào tạo {cost}, tiền ăn {meals}, đi lại {travel}, kết nối việc làm "
                                 "{job})").format(source=training.source_label(source), total=money_text(total),
                                                  cost=money_text(kinds["cost"]), meals=money_text(kinds["meals"]),
                                                  travel=money_text(kinds["travel"]), job=money_text(kinds["job_connection"])))
        scope = self.tr("Năm {year}").format(year=r.year) if r.year else self.tr("Cả giai đoạn")
        self.support_label.setText(self.tr("{scope} — kinh phí hỗ trợ học viên: {parts}").format(
            scope=scope, parts="; ".join(parts) if parts else self.tr("chưa có")))

    # Actions --------------------------------------------------------------------------------

    def open_selected(self) -> CourseDialog | None:
        course_id = selected_id(self.table)
        if course_id is None:
            return None
        return self._show(CourseDialog(self.store, course_id, parent=self))

    def new_course(self) -> CourseDialog | None:
        if self.office:
            return None
        return self._show(CourseDialog(self.store, parent=self))

    def _show(self, dialog: CourseDialog) -> CourseDialog:
        dialog.changed.connect(self.refresh)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog
