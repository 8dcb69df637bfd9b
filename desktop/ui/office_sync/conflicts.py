"""The office's "Xung đột" tab: the records that came back from a commune in two versions made
apart (a restored backup, two laptops) — `desktop.core.sync.conflicts.open_conflicts`.

Above, the conflict sets (commune, record, number of versions, when found), filtered by commune;
below, the selected set side by side: one row per field that differs, the value before the
versions parted ("Trước khi tách", their common ancestor) and each version's value, a changed value
on a soft amber background.

The officer chooses: a version to keep (*Giữ phiên bản*), then, for any field, another version's
value by clicking its cell (the chosen cells are green, with a tick); *Ghi quyết định…* shows the
record as it will be and asks. The decision (`desktop.core.sync.decisions.decide`, one quick write
on the GUI thread) goes to the commune in its next receipt; until the commune's edit comes back the
set is listed as "Đã chọn, chờ xã" with the choice shown, and may be chosen again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core import formats
from desktop.core.db import Database
from desktop.core.errors import Refusal, ValidationFailed
from desktop.core.sync import decisions
from desktop.core.sync.conflicts import ConflictSet, ConflictVersion, open_conflicts
from desktop.ui import style
from desktop.ui.dialogs import ask, inform
from desktop.ui.office_sync.common import ShadedModel, paragraph
from desktop.ui.tables import fit_columns, records_view


def value_text(value: Any) -> str:
    """A field's value as text: nothing for None, a list joined by commas."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v) for v in value)
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)


class ConflictSetsModel(ShadedModel):
    columns = ("commune", "record", "versions", "detected", "state")
    numeric = frozenset({"versions"})

    def headers(self) -> dict[str, str]:
        return {"commune": self.tr("Xã"), "record": self.tr("Bản ghi"), "versions": self.tr("Số phiên bản"),
                "detected": self.tr("Phát hiện lúc"), "state": self.tr("Tình trạng")}

    def foreground(self, row: dict[str, Any], column: str) -> Any:
        return style.brush(style.OK) if column == "state" and row["set"].decision is not None else None

    def text(self, row: dict[str, Any], column: str) -> str:
        conflict: ConflictSet = row["set"]
        if column == "commune":
            return conflict.commune_name
        if column == "record":
            return conflict.record
        if column == "versions":
            return formats.count(len(conflict.versions))
        if column == "detected":
            return formats.moment_text(conflict.detected_at)
        if column == "state":
            return self.tr("Đã chọn, chờ xã áp dụng") if conflict.decision is not None else self.tr("Chưa xử lý")
        return ""

    def tooltip(self, row: dict[str, Any], column: str) -> str | None:
        return row["set"].record if column == "record" else None


class ConflictFieldsModel(ShadedModel):
    """One row per field; columns: the field, the ancestor's value, then one per version."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.conflict: ConflictSet | None = None
        self.columns: Sequence[str] = ("field", "ancestor")

    def show(self, conflict: ConflictSet | None) -> None:
        self.beginResetModel()
        self.conflict = conflict
        versions = conflict.versions if conflict is not None else []
        self.columns = ("field", "ancestor", *(f"v{n}" for n in range(len(versions))))
        self.rows = [{"id": n, "choice": f} for n, f in enumerate(conflict.fields)] if conflict is not None else []
        self.keep, self.picked = 0, {}
        decided = conflict.decision if conflict is not None else None
        if decided is not None:  # the office's choice, as recorded
            at = {(v.revision, v.device): n for n, v in enumerate(versions)}
            self.keep = at.get(tuple(decided.keep), 0)
            self.picked = {k: at[tuple(v)] for k, v in decided.fields.items() if tuple(v) in at}
        self.endResetModel()

    def choose_version(self, n: int) -> None:
        """Keep version `n`: every field from it."""
        self.beginResetModel()
        self.keep, self.picked = n, {}
        self.endResetModel()

    def pick(self, field: str, n: int) -> None:
        """Take this field's value from version `n`."""
        if n == self.keep:
            self.picked.pop(field, None)
        else:
            self.picked[field] = n
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))

    def chosen_version(self, field: str) -> int:
        return self.picked.get(field, self.keep)

    def chosen(self, row: dict[str, Any], column: str) -> bool:
        return column.startswith("v") and self.chosen_version(row["choice"].field) == int(column[1:])

    def version_heading(self, version: ConflictVersion, lines: bool = True) -> str:
        """"Đang dùng — máy 68a3 — Lò Văn A, 07/12/2026 09:30" (who and when on a second line
        in the column's heading, so that three versions still fit side by side)."""
        which = self.tr("Đang dùng") if version.live else self.tr("Phiên bản khác")
        heading = which + " — " + self.tr("máy {tag}").format(tag=version.device_tag)
        made = ", ".join(p for p in (version.made_by, formats.moment_text(version.made_at)) if p)
        return heading + (("\n" if lines else " — ") + made if made else "")

    def headers(self) -> dict[str, str]:
        out = {"field": self.tr("Thông tin"), "ancestor": self.tr("Trước khi tách")}
        if self.conflict is not None:
            if self.conflict.ancestor is None:
                out["ancestor"] = self.tr("Trước khi tách (không rõ)")
            for n, version in enumerate(self.conflict.versions):
                out[f"v{n}"] = self.version_heading(version)
        return out

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        column = self.columns[section] if orientation == Qt.Orientation.Horizontal else ""
        if role == Qt.ItemDataRole.ToolTipRole and column.startswith("v") and self.conflict is not None:
            return self.version_heading(self.conflict.versions[int(column[1:])], lines=False)
        return super().headerData(section, orientation, role)

    def text(self, row: dict[str, Any], column: str) -> str:
        choice = row["choice"]
        if column == "field":
            return choice.label
        if column == "ancestor":
            return value_text(choice.ancestor)
        text = value_text(choice.values[int(column[1:])])
        return "✓ " + text if self.chosen(row, column) and len(self.columns) > 3 else text

    def changed(self, row: dict[str, Any], column: str) -> bool:
        return column.startswith("v") and row["choice"].changed[int(column[1:])]

    def background(self, row: dict[str, Any], column: str) -> Any:
        # Amber says which versions changed a field (what the choice is about); a chosen value
        # that no version changed is green; chosen values are also ticked and bold.
        if self.changed(row, column):
            return style.brush(style.WARNING_BACKGROUND)
        return style.brush(style.NAV_CHOSEN) if self.chosen(row, column) and len(self.columns) > 3 else None

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid() and len(self.columns) > 3:
            if self.chosen(self.rows[index.row()], self.columns[index.column()]):
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)

    def foreground(self, row: dict[str, Any], column: str) -> Any:
        if self.changed(row, column):
            return style.brush(style.WARNING_DARK)
        return style.brush(style.MUTED) if column == "ancestor" else None

    def tooltip(self, row: dict[str, Any], column: str) -> str | None:
        lines = []
        if self.chosen(row, column):
            lines.append(self.tr("Giá trị được chọn giữ lại."))
        elif column.startswith("v"):
            lines.append(self.tr("Bấm để chọn giá trị này."))
        if self.changed(row, column):
            lines.append(self.tr("Phiên bản này đã sửa thông tin này (trước khi tách: “{before}”).").format(
                before=value_text(row["choice"].ancestor)))
        return "\n".join(lines) or None


class ConflictsTab(QWidget):
    """The open conflict sets and, for the selected one, its versions side by side."""

    def __init__(self, db: Database, names: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.names = names
        self.sets: list[ConflictSet] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 8, 6)
        layout.setSpacing(8)
        layout.addWidget(paragraph(self, self.tr(
            "Bản ghi xã gửi lên ở hai phiên bản sửa riêng rẽ (khôi phục bản sao lưu rồi sửa tiếp, hoặc sửa trên hai "
            "máy). Văn phòng giữ phiên bản đang dùng và lưu lại các phiên bản khác. Chọn một bản ghi để so sánh từng "
            "thông tin: giá trị trước khi tách và giá trị của từng phiên bản; ô tô vàng là thông tin phiên bản đó đã "
            "sửa. Chọn phiên bản giữ lại (và nếu cần, bấm vào ô của phiên bản khác để lấy giá trị đó), rồi ghi "
            "quyết định: quyết định được gửi về xã trong biên nhận tiếp theo, máy của xã áp dụng và gửi lại."),
            "conflictsIntro"))

        row = QHBoxLayout()
        label = QLabel(self.tr("Xã:"), self)
        self.commune = QComboBox(self)
        self.commune.setObjectName("conflictsCommune")
        self.commune.addItem(self.tr("Tất cả các xã"), None)
        for code, name in names.items():
            self.commune.addItem(name, code)
        label.setBuddy(self.commune)
        self.commune.currentIndexChanged.connect(lambda _n: self.refresh())
        row.addWidget(label)
        row.addWidget(self.commune)
        row.addSpacing(16)
        self.summary = QLabel(self)
        self.summary.setObjectName("conflictsSummary")
        self.summary.setStyleSheet(style.text_style(style.TEXT, True))
        row.addWidget(self.summary)
        row.addStretch(1)
        layout.addLayout(row)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        self.model = ConflictSetsModel(self)
        self.table = records_view(splitter, self.model, "conflictsTable")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        below = QWidget(splitter)
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 4, 0, 0)
        self.heading = QLabel(below)
        self.heading.setObjectName("conflictHeading")
        self.heading.setStyleSheet(style.text_style(style.TEXT, True))
        self.heading.setWordWrap(True)
        below_layout.addWidget(self.heading)
        self.fields = ConflictFieldsModel(self)
        self.fields_table = records_view(below, self.fields, "conflictFields")
        self.fields_table.setSelectionMode(self.fields_table.SelectionMode.NoSelection)
        self.fields_table.setAlternatingRowColors(False)
        self.fields_table.clicked.connect(self._cell_clicked)
        below_layout.addWidget(self.fields_table, 1)
        self.decided = QLabel(below)
        self.decided.setObjectName("conflictDecided")
        self.decided.setWordWrap(True)
        self.decided.setStyleSheet(style.text_style(style.OK, True))
        below_layout.addWidget(self.decided)
        choose = QHBoxLayout()
        keep_label = QLabel(self.tr("Giữ phiên bản:"), below)
        self.keep = QComboBox(below)
        self.keep.setObjectName("conflictKeep")
        self.keep.setMinimumContentsLength(28)
        self.keep.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        keep_label.setBuddy(self.keep)
        self.keep.activated.connect(lambda n: self.fields.choose_version(n))
        note_label = QLabel(self.tr("Ghi chú:"), below)
        self.note = QLineEdit(below)
        self.note.setObjectName("conflictNote")
        self.note.setMaxLength(decisions.MAX_NOTE)
        self.note.setPlaceholderText(self.tr("vì sao chọn như vậy (không bắt buộc)"))
        note_label.setBuddy(self.note)
        self.decide_button = QPushButton(self.tr("Ghi quyết định…"), below)
        self.decide_button.setObjectName("decideConflict")
        self.decide_button.clicked.connect(self.decide)
        choose.addWidget(keep_label)
        choose.addWidget(self.keep, 1)
        choose.addSpacing(12)
        choose.addWidget(note_label)
        choose.addWidget(self.note, 1)
        choose.addWidget(self.decide_button)
        below_layout.addLayout(choose)
        splitter.addWidget(self.table)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 4)
        layout.addWidget(splitter, 1)

    def refresh(self) -> None:
        chosen = self.selected()
        try:
            self.sets = open_conflicts(self.db, self.commune.currentData())
        except Refusal as refusal:
            self.sets = []
            self.summary.setText(refusal.message)
        else:
            self.summary.setText(self.tr("{n} bản ghi có nhiều phiên bản").format(n=formats.count(len(self.sets))))
        self.model.set_rows([{"id": n, "set": s} for n, s in enumerate(self.sets)])
        fit_columns(self.table, self.model.columns, stretch="record", widest={"commune": 220})
        again = next((n for n, s in enumerate(self.sets)
                      if chosen is not None and (s.table, s.uuid) == (chosen.table, chosen.uuid)), 0)
        if self.sets:
            self.table.selectRow(again)
        self._show_selected()

    def selected(self) -> ConflictSet | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()]["set"] if index.isValid() and index.row() < len(self.model.rows) else None

    def select_commune(self, code: str | None) -> None:
        self.commune.setCurrentIndex(max(0, self.commune.findData(code)))

    def _show_selected(self) -> None:
        conflict = self.selected()
        self.fields.show(conflict)
        self.keep.clear()
        for control in (self.keep, self.note, self.decide_button):
            control.setEnabled(conflict is not None)
        self.decided.setVisible(conflict is not None and conflict.decision is not None)
        if conflict is None:
            self.heading.setText(self.tr("Không có xung đột nào đang chờ xử lý.") if not self.sets else "")
            return
        for version in conflict.versions:
            self.keep.addItem(self.fields.version_heading(version, lines=False))
        self.keep.setCurrentIndex(self.fields.keep)
        decided = conflict.decision
        self.note.setText(decided.note if decided is not None else "")
        self.decide_button.setText(self.tr("Chọn lại…") if decided is not None else self.tr("Ghi quyết định…"))
        if decided is not None:
            self.decided.setText(self.tr(
                "Đã chọn lúc {when} ({who}), chờ xã áp dụng: gửi trong biên nhận tiếp theo của xã.").format(
                    when=formats.moment_text(decided.decided_at), who=decided.decided_by or "?"))
            self.decided.setToolTip(self.tr("Khi tệp của xã mang bản đã sửa theo quyết định về, xung đột này tự đóng."))
        text = self.tr("{record} — {commune}").format(record=conflict.record, commune=conflict.commune_name)
        if conflict.ancestor is None:
            text += "\n" + self.tr("Nhật ký không còn giữ phiên bản trước khi tách: chỉ so sánh các phiên bản với nhau.")
        self.heading.setText(text)
        # The field's label and the ancestor sized to their contents (capped), the versions sharing
        # what is left equally.
        fit_columns(self.fields_table, self.fields.columns, stretch=self.fields.columns[-1],
                    widest={"field": 220, "ancestor": 300})
        header = self.fields_table.horizontalHeader()
        for n in range(2, len(self.fields.columns)):
            header.setSectionResizeMode(n, QHeaderView.ResizeMode.Stretch)
        self.fields_table.resizeRowsToContents()

    def _cell_clicked(self, index: Any) -> None:
        column = self.fields.columns[index.column()] if index.isValid() else ""
        if column.startswith("v") and index.row() < len(self.fields.rows):
            self.fields.pick(self.fields.rows[index.row()]["choice"].field, int(column[1:]))

    def choice(self) -> tuple[tuple[int, str], dict[str, tuple[int, str]]] | None:
        """The version kept and the fields taken from other versions, as chosen on screen."""
        conflict = self.selected()
        if conflict is None:
            return None
        version = {n: (v.revision, v.device) for n, v in enumerate(conflict.versions)}
        return version[self.fields.keep], {k: version[n] for k, n in self.fields.picked.items()}

    def decide(self) -> bool:
        """Show the record as it will be, ask, and record the decision. True when recorded."""
        conflict, chosen = self.selected(), self.choice()
        if conflict is None or chosen is None:
            return False
        lines = []
        for row in self.fields.rows:
            field = row["choice"]
            n = self.fields.chosen_version(field.field)
            lines.append(self.tr("{field}: {value} (máy {tag})").format(
                field=field.label, value=value_text(field.values[n]) or "—", tag=conflict.versions[n].device_tag))
        answer = ask(self, self.tr("Ghi quyết định"), self.tr(
            "{record} của {commune} sẽ được giữ như sau:\n\n{lines}\n\nQuyết định được gửi về xã trong biên nhận "
            "tiếp theo; máy của xã áp dụng và gửi lại trong tệp đồng bộ sau.").format(
                record=conflict.record, commune=conflict.commune_name, lines="\n".join(lines)),
            [("decide", self.tr("Ghi quyết định")), ("cancel", self.tr("Hủy"))], default="cancel")
        if answer != "decide":
            return False
        try:
            decisions.decide(self.db, conflict.table, conflict.uuid, chosen[0], chosen[1], self.note.text())
        except (ValidationFailed, Refusal) as refusal:
            text = "\n".join(refusal.errors.values()) if isinstance(refusal, ValidationFailed) else refusal.message
            inform(self, self.tr("Không ghi được quyết định"), text, QMessageBox.Icon.Warning)
            return False
        self.refresh()
        return True
