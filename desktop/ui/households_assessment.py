"""The assessment tab of the household editor: one year's review (Phiếu B), classified live.

The deprivation indicators shown are those of the standard in force in the chosen year, grouped
by their dimensions (12 in six dimensions for 2022–2026; the 2027–2030 set differs), each with
its definition as a tooltip. B2 and the classification follow every keystroke, by the rules of
that year (`desktop.core.assessments.evaluate`); an override needs a reason. Earlier years are
listed with their movement (escaped poverty, newly poor, fell back …).
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import assessments, formats, labels
from desktop.core.assessments import AssessmentDraft
from desktop.core.rules import CLASSES, class_label
from desktop.core.store import Store
from desktop.ui import dialogs, style
from desktop.ui.widgets import MoneyEdit


def localized_numbers(text: str) -> str:
    """1,500,000 → 1.500.000 in Vietnamese (the core writes Python's thousands separator)."""
    if QLocale().language() != QLocale.Language.Vietnamese:
        return text
    return re.sub(r"(?<=\d),(?=\d{3})", ".", text)


class AssessmentTab(QWidget):
    """One year's assessment of a household; `draft()` is what would be saved."""

    changed = Signal()
    year_changed = Signal(int)

    def __init__(self, store: Store, household_id: int | None, area_type: str = "rural",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.household_id = household_id
        self.area_type = area_type
        self.read_only = False
        self._loading = False
        self._loaded = AssessmentDraft(year=0)
        self._parse_errors: dict[str, str] = {}
        self._messages: dict[str, str] = {}
        self.indicator_boxes: dict[str, QCheckBox] = {}
        self._standard_code = None

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)

        # The year and its standard.
        top = QHBoxLayout()
        year_label = QLabel(self.tr("&Năm rà soát:"), body)
        self.year_combo = QComboBox(body)
        self.year_combo.setObjectName("assessmentYear")
        year_label.setBuddy(self.year_combo)
        self.standard_label = QLabel(body)
        self.standard_label.setObjectName("standardLabel")
        self.state_label = QLabel(body)
        self.state_label.setObjectName("assessmentState")
        self.year_error = self._error_label(body, "yearError")
        top.addWidget(year_label)
        top.addWidget(self.year_combo)
        top.addSpacing(12)
        top.addWidget(self.standard_label)
        top.addSpacing(12)
        top.addWidget(self.state_label)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.year_error)

        middle = QHBoxLayout()
        middle.setSpacing(12)
        left_panel = QWidget(body)
        left_panel.setMaximumWidth(460)  # long results wrap rather than push the indicators away
        left = QVBoxLayout(left_panel)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(4)
        form = QGridLayout()
        form.setHorizontalSpacing(8)
        income_label = QLabel(self.tr("&Thu nhập bình quân:"), body)
        self.income_edit = MoneyEdit(body, what=self.tr("Thu nhập"))
        self.income_edit.setObjectName("incomeEdit")
        self.income_edit.setPlaceholderText(self.tr("đồng/người/tháng"))
        self.income_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        income_label.setBuddy(self.income_edit)
        b1_label = QLabel(self.tr("hoặc điểm &B1:"), body)
        self.b1_edit = QLineEdit(body)
        self.b1_edit.setObjectName("b1Edit")
        self.b1_edit.setPlaceholderText(self.tr("điểm ước tính thu nhập"))
        self.b1_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        b1_label.setBuddy(self.b1_edit)
        self.income_error = self._error_label(body, "incomeError")
        self.b1_error = self._error_label(body, "b1Error")
        form.addWidget(income_label, 0, 0)
        form.addWidget(self.income_edit, 0, 1)
        form.addWidget(self.income_error, 1, 1)
        form.addWidget(b1_label, 2, 0)
        form.addWidget(self.b1_edit, 2, 1)
        form.addWidget(self.b1_error, 3, 1)
        left.addLayout(form)

        result = QGroupBox(self.tr("Kết quả theo chuẩn của năm"), body)
        result_layout = QVBoxLayout(result)
        self.b2_label = QLabel(result)
        self.b2_label.setObjectName("b2Label")
        self.class_label = QLabel(result)
        self.class_label.setObjectName("classLabel")
        font = self.class_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.class_label.setFont(font)
        self.class_label.setMargin(6)
        self.class_label.setWordWrap(True)
        self.explanation_label = QLabel(result)
        self.explanation_label.setObjectName("explanationLabel")
        self.explanation_label.setWordWrap(True)
        result_layout.addWidget(self.class_label)
        result_layout.addWidget(self.b2_label)
        result_layout.addWidget(self.explanation_label)
        left.addWidget(result)

        override = QGridLayout()
        override_label = QLabel(self.tr("Điều &chỉnh phân loại:"), body)
        self.override_combo = QComboBox(body)
        self.override_combo.setObjectName("overrideCombo")
        self.override_combo.addItem(self.tr("Không (theo kết quả tính)"), None)
        for code in CLASSES:
            self.override_combo.addItem(class_label(code), code)
        override_label.setBuddy(self.override_combo)
        reason_label = QLabel(self.tr("Lý &do điều chỉnh:"), body)
        self.reason_edit = QLineEdit(body)
        self.reason_edit.setObjectName("overrideReason")
        self.reason_edit.setPlaceholderText(self.tr("bắt buộc khi điều chỉnh (ví dụ: theo biên bản họp thôn)"))
        reason_label.setBuddy(self.reason_edit)
        self.reason_error = self._error_label(body, "overrideReasonError")
        override.addWidget(override_label, 0, 0)
        override.addWidget(self.override_combo, 0, 1)
        override.addWidget(reason_label, 1, 0)
        override.addWidget(self.reason_edit, 1, 1)
        override.addWidget(self.reason_error, 2, 1)
        left.addLayout(override)
        self.escape_check = QCheckBox(self.tr("Hộ đăng ký thoát nghèo"), body)
        self.escape_check.setObjectName("escapeCheck")
        left.addWidget(self.escape_check)
        left.addStretch(1)
        middle.addWidget(left_panel, 4)

        self.indicators_box = QGroupBox(self.tr("Chỉ số thiếu hụt (đánh dấu chỉ số hộ bị thiếu hụt)"), body)
        self.indicators_box.setObjectName("indicatorsBox")
        self.indicators_layout = QGridLayout(self.indicators_box)
        self.indicators_layout.setHorizontalSpacing(10)
        self.indicators_layout.setVerticalSpacing(6)
        self.deprivation_error = self._error_label(body, "deprivationError")
        right = QVBoxLayout()
        right.addWidget(self.indicators_box)
        right.addWidget(self.deprivation_error)
        right.addStretch(1)
        middle.addLayout(right, 7)
        layout.addLayout(middle)

        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        causes_box = QGroupBox(self.tr("Nguyên nhân nghèo"), body)
        causes_layout = QVBoxLayout(causes_box)
        self.causes_list = QListWidget(causes_box)
        self.causes_list.setObjectName("causesList")
        for code, _label in labels.CAUSES:
            item = QListWidgetItem(labels.cause_label(code), self.causes_list)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.causes_list.setMaximumHeight(self.causes_list.sizeHintForRow(0) * len(labels.CAUSES) + 8)
        causes_layout.addWidget(self.causes_list)
        bottom.addWidget(causes_box, 4)
        years_box = QGroupBox(self.tr("Các năm đã rà soát"), body)
        years_layout = QVBoxLayout(years_box)
        self.years_table = QTableWidget(0, 6, years_box)
        self.years_table.setObjectName("yearsTable")
        self.years_table.setHorizontalHeaderLabels([
            self.tr("Năm"), self.tr("Phân loại"), self.tr("Thu nhập / B1"), self.tr("B2"), self.tr("Biến động"),
            self.tr("ĐK thoát nghèo")])
        self.years_table.verticalHeader().setVisible(False)
        self.years_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.years_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.years_table.setTabKeyNavigation(False)
        for column, width in enumerate((60, 200, 110, 50, 150)):
            self.years_table.setColumnWidth(column, width)
        self.years_table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.years_table.setMaximumHeight(self.causes_list.maximumHeight() + 10)
        years_layout.addWidget(self.years_table)
        bottom.addWidget(years_box, 7)
        layout.addLayout(bottom)
        layout.addStretch(1)

        self._fill_years()
        self.year_combo.currentIndexChanged.connect(self._on_year)
        self.income_edit.textChanged.connect(self._on_edit)
        self.b1_edit.textChanged.connect(self._on_edit)
        self.override_combo.currentIndexChanged.connect(self._on_edit)
        self.reason_edit.textChanged.connect(self._on_edit)
        self.escape_check.toggled.connect(self._on_edit)
        self.causes_list.itemChanged.connect(self._on_edit)
        self.setTabOrder(self.year_combo, self.income_edit)
        self.setTabOrder(self.income_edit, self.b1_edit)
        self.load_year(self.year_combo.currentData())

    def _error_label(self, parent: QWidget, name: str) -> QLabel:
        label = QLabel(parent)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(style.text_style(style.ERROR))
        label.setVisible(False)
        return label

    # Years ----------------------------------------------------------------------------------

    def _fill_years(self) -> None:
        """The years a standard covers up to next year, newest first; those assessed are marked."""
        done = {r.year for r in assessments.year_results(self.store, self.household_id)} if self.household_id else set()
        first = min(s.valid_from_year for s in self.store.rules.standards())
        last = date.today().year + 1
        years = sorted(set(range(first, last + 1)) | done, reverse=True)
        default = max(done) if done else date.today().year
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in years:
            text = self.tr("{year} (đã có phiếu)").format(year=year) if year in done else str(year)
            self.year_combo.addItem(text, year)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(default), 0))
        self.year_combo.blockSignals(False)

    def year(self) -> int:
        return self.year_combo.currentData()

    def _on_year(self) -> None:
        year = self.year_combo.currentData()
        if year == self._loaded.year:
            return
        if self.is_dirty():
            answer = dialogs.ask(
                self, self.tr("Đổi năm rà soát"),
                self.tr("Phiếu rà soát năm {year} có thay đổi chưa lưu. Bỏ các thay đổi đó?").format(
                    year=self._loaded.year),
                [("discard", self.tr("Bỏ thay đổi")), ("stay", self.tr("Ở lại năm {year}").format(
                    year=self._loaded.year))], default="stay")
            if answer != "discard":
                self.year_combo.blockSignals(True)
                self.year_combo.setCurrentIndex(self.year_combo.findData(self._loaded.year))
                self.year_combo.blockSignals(False)
                return
        self.load_year(year)
        self.year_changed.emit(year)
        self.changed.emit()

    def set_year(self, year: int) -> None:
        self.year_combo.setCurrentIndex(self.year_combo.findData(year))

    def load_year(self, year: int) -> None:
        """Show the household's assessment of `year` (blank when there is none)."""
        self._loading = True
        try:
            draft = assessments.load(self.store, self.household_id, year)
            self._loaded = draft
            self._build_indicators(year)
            self.income_edit.set_value(draft.income_per_person)
            self.b1_edit.setText("" if draft.b1_score is None else str(draft.b1_score))
            for code, box in self.indicator_boxes.items():
                box.setChecked(code in draft.deprivations)
            self.override_combo.setCurrentIndex(max(self.override_combo.findData(draft.override_class), 0))
            self.reason_edit.setText(draft.override_reason)
            self.escape_check.setChecked(draft.registered_escape)
            for row in range(self.causes_list.count()):
                item = self.causes_list.item(row)
                checked = item.data(Qt.ItemDataRole.UserRole) in draft.causes
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.state_label.setText(self.tr("Phiếu đã lưu") if draft.id else self.tr("Chưa có phiếu năm này"))
        finally:
            self._loading = False
        self._fill_years_table()
        self._update_result()
        self._update_enabled()

    def _build_indicators(self, year: int) -> None:
        standard = assessments.standard_for(self.store, year)
        code = standard.code if standard else None
        if code == self._standard_code and self.indicator_boxes:
            return
        self._standard_code = code
        while self.indicators_layout.count():
            item = self.indicators_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.indicator_boxes = {}
        if standard is None:
            self.standard_label.setText(self.tr("Không có chuẩn nghèo cho năm này"))
            return
        self.standard_label.setText(standard.name)
        self.standard_label.setToolTip(standard.legal_basis)
        columns = 3
        for n, (dimension, indicators) in enumerate(standard.indicators_by_dimension()):
            group = QGroupBox(dimension.name, self.indicators_box)
            group.setObjectName(f"dimension_{dimension.code}")
            group_layout = QVBoxLayout(group)
            group_layout.setSpacing(2)
            for indicator in indicators:
                box = QCheckBox(indicator.name, group)
                box.setObjectName(f"indicator_{indicator.code}")
                box.setToolTip(f"<p><b>{indicator.name}</b></p><p>{indicator.definition_vi}</p>"
                               if indicator.definition_vi else indicator.name)
                box.toggled.connect(self._on_edit)
                group_layout.addWidget(box)
                self.indicator_boxes[indicator.code] = box
            group_layout.addStretch(1)
            self.indicators_layout.addWidget(group, n // columns, n % columns)

    def _fill_years_table(self) -> None:
        results = assessments.year_results(self.store, self.household_id) if self.household_id else []
        self.years_table.setRowCount(len(results))
        for row, result in enumerate(results):
            income = (formats.money(result.income_per_person) if result.income_per_person is not None
                      else (self.tr("B1 = {score}").format(score=result.b1_score) if result.b1_score is not None else ""))
            klass = result.class_text + (self.tr(" (điều chỉnh)") if result.overridden else "")
            values = (str(result.year), klass, income, str(result.b2_score), result.movement_text,
                      self.tr("Có") if result.registered_escape else "")
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.years_table.setItem(row, column, item)

    # The draft ------------------------------------------------------------------------------

    def draft(self) -> AssessmentDraft:
        income = self.income_edit.value()
        b1, _message = formats.parse_money(self.b1_edit.text())
        causes = [self.causes_list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.causes_list.count())
                  if self.causes_list.item(r).checkState() == Qt.CheckState.Checked]
        return AssessmentDraft(
            year=self._loaded.year, income_per_person=income, b1_score=b1,
            deprivations=sorted(code for code, box in self.indicator_boxes.items() if box.isChecked()),
            override_class=self.override_combo.currentData(), override_reason=self.reason_edit.text().strip(),
            causes=causes, registered_escape=self.escape_check.isChecked(), assessed_on=self._loaded.assessed_on,
            notes=self._loaded.notes, id=self._loaded.id,
        )

    def is_dirty(self) -> bool:
        current = self.draft()
        loaded = self._loaded
        return (current.income_per_person, current.b1_score, sorted(current.deprivations), current.override_class,
                current.override_reason, sorted(current.causes), current.registered_escape) != (
            loaded.income_per_person, loaded.b1_score, sorted(loaded.deprivations), loaded.override_class or None,
            loaded.override_reason, sorted(loaded.causes), loaded.registered_escape) or bool(self._parse_errors)

    def parse_errors(self) -> dict[str, str]:
        """Fields that are not numbers (the draft cannot hold them)."""
        return dict(self._parse_errors)

    def _on_edit(self, *_args) -> None:
        if self._loading:
            return
        self._update_result()
        self._update_enabled()
        self.changed.emit()

    def set_area_type(self, area_type: str) -> None:
        self.area_type = area_type
        self._update_result()

    def _update_result(self) -> None:
        self._parse_errors = {}
        if self.income_edit.error():
            self._parse_errors["income_per_person"] = self.income_edit.error()
        if formats.parse_money(self.b1_edit.text())[1]:
            self._parse_errors["b1_score"] = self.tr("Điểm B1 phải là số.")
        draft = self.draft()
        result = assessments.evaluate(self.store, draft, self.area_type)
        count = len(draft.deprivations)
        if result is None:
            standard = assessments.standard_for(self.store, draft.year)
            points = standard.b2_points_per_deprivation if standard else 10
            self.b2_label.setText(self.tr("Điểm B2 (thiếu hụt): {b2} — {n} chỉ số").format(b2=count * points, n=count))
            self.class_label.setText(self.tr("Chưa phân loại được"))
            self.class_label.setStyleSheet(style.class_style(None))
            self.explanation_label.setText(self.tr("Nhập thu nhập bình quân hoặc điểm B1 để phân loại."))
            return
        self.b2_label.setText(self.tr("Điểm B2 (thiếu hụt): {b2} — {n} chỉ số").format(
            b2=result.b2_score, n=result.deprivation_count))
        final = draft.override_class or result.classification
        text = class_label(final)
        if draft.override_class and draft.override_class != result.classification:
            text = self.tr("{final} (điều chỉnh; theo tính toán: {computed})").format(
                final=class_label(final), computed=class_label(result.classification))
        self.class_label.setText(text)
        self.class_label.setStyleSheet(style.class_style(final))
        self.explanation_label.setText(localized_numbers(result.explanation))

    def _update_enabled(self) -> None:
        writable = not self.read_only  # the year stays choosable: earlier years can be read
        for widget in (self.income_edit, self.b1_edit, self.override_combo, self.escape_check, self.causes_list,
                       *self.indicator_boxes.values()):
            widget.setEnabled(writable)
        self.reason_edit.setEnabled(writable and self.override_combo.currentData() is not None)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update_enabled()

    def set_household(self, household_id: int | None) -> None:
        """After the household was saved for the first time, or after a life event: read again."""
        self.household_id = household_id
        year = self.year()
        self.year_combo.blockSignals(True)
        self._fill_years()
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(year), 0))
        self.year_combo.blockSignals(False)
        self.load_year(self.year())

    def set_messages(self, errors: dict[str, str]) -> None:
        """Show the messages of the assessment's fields (keys without the "assessment." prefix)."""
        merged = {**errors, **self._parse_errors}
        self._messages = merged
        for key, label in (("year", self.year_error), ("income_per_person", self.income_error),
                           ("b1_score", self.b1_error), ("override_reason", self.reason_error),
                           ("deprivations", self.deprivation_error)):
            message = merged.get(key, "")
            if key == "override_reason" and not message:
                message = merged.get("override_class", "")
            label.setText(message)
            label.setVisible(bool(message))
        for key, widget in (("income_per_person", self.income_edit), ("b1_score", self.b1_edit),
                            ("override_reason", self.reason_edit)):
            widget.setStyleSheet(style.background_style(style.ERROR_BACKGROUND if key in merged else None))
