"""The members of a household as the editor shows them: a table model over the draft's members
(one row a person, one column a field, errors and warnings per cell) and the delegate that edits
each cell with the right widget (a choice list, a date or a year, a sum of money).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QWidget,
)

from desktop.core import choices, formats, households, labels
from desktop.core.households import MemberDraft
from desktop.ui import style

# Member columns: the fields of households.MEMBER_FIELDS, then the status (changed by life events).
COLUMNS = (*households.MEMBER_FIELDS, "status")
CHOICE_COLUMNS = ("sex", "ethnicity_code", "relationship", "schooling", "work_status")
COLUMN_WIDTHS = {"full_name": 250, "sex": 62, "birth": 100, "ethnicity_code": 90, "citizen_id": 120,
                 "relationship": 132, "health_insurance_card": 150, "schooling": 150, "work_status": 170,
                 "disability": 84, "social_allowance": 110, "notes": 160, "status": 120}


def member_choices(column: str) -> list[tuple[str, str]]:
    """(code, label) of a choice column, in the order offered."""
    if column == "sex":
        return labels.labelled(("M", "F"), labels.SEX_LABELS)
    if column == "ethnicity_code":
        return choices.ethnicity_choices()
    if column == "relationship":
        return [(code, labels.relationship_label(code)) for code in labels.RELATIONSHIPS]
    if column == "schooling":
        return labels.labelled(labels.SCHOOLING, labels.SCHOOLING_LABELS)
    if column == "work_status":
        return labels.labelled(labels.WORK_STATUS, labels.WORK_LABELS)
    return []


class MembersModel(QAbstractTableModel):
    """The members of the household being edited (a list of MemberDraft)."""

    edited = Signal()

    def __init__(self, members: list[MemberDraft], parent: QObject | None = None):
        super().__init__(parent)
        self.members = members
        self.read_only = False
        self.errors: dict[tuple[int, str], str] = {}
        self.warnings: dict[tuple[int, str], str] = {}
        self._labels = {column: dict(member_choices(column)) for column in CHOICE_COLUMNS}

    def set_members(self, members: list[MemberDraft]) -> None:
        self.beginResetModel()
        self.members = members
        self.errors, self.warnings = {}, {}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.members)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return {
            "full_name": self.tr("Họ và tên"), "sex": self.tr("Giới tính"), "birth": self.tr("Ngày/năm sinh"),
            "ethnicity_code": self.tr("Dân tộc"), "citizen_id": self.tr("Số CCCD"),
            "relationship": self.tr("Quan hệ với chủ hộ"), "health_insurance_card": self.tr("Thẻ BHYT"),
            "schooling": self.tr("Học vấn"), "work_status": self.tr("Việc làm"), "disability": self.tr("Khuyết tật"),
            "social_allowance": self.tr("Trợ cấp (đ/tháng)"), "notes": self.tr("Ghi chú"),
            "status": self.tr("Tình trạng"),
        }[COLUMNS[section]]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        member = self.members[index.row()]
        column = COLUMNS[index.column()]
        key = (index.row(), column)
        if role == Qt.ItemDataRole.EditRole:
            return getattr(member, column)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "disability":
                return None
            if column == "social_allowance":
                return formats.money(member.social_allowance) if member.social_allowance else ""
            if column == "status":
                return labels.label(labels.MEMBER_STATUS_LABELS, member.status)
            if column in CHOICE_COLUMNS:
                value = getattr(member, column)
                return self._labels[column].get(value, value) if value else ""
            return getattr(member, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == "disability":
            return Qt.CheckState.Checked if member.disability else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole:
            if key in self.errors:
                return style.brush(style.ERROR_BACKGROUND)
            if key in self.warnings:
                return style.brush(style.WARNING_BACKGROUND)
            if member.status != "present":
                return style.brush(style.INACTIVE_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            # The message, else the whole text of a cell too narrow for a long name or note.
            text = getattr(member, column) if column in ("full_name", "notes", "health_insurance_card") else ""
            return self.errors.get(key) or self.warnings.get(key) or text or None
        if role == Qt.ItemDataRole.FontRole and member.relationship == "head" and column in ("full_name",
                                                                                            "relationship"):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "social_allowance":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = COLUMNS[index.column()]
        if self.read_only or column == "status":
            return flags
        if column == "disability":
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self.read_only:
            return False
        member = self.members[index.row()]
        column = COLUMNS[index.column()]
        if column == "disability" and role == Qt.ItemDataRole.CheckStateRole:
            member.disability = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole and column not in ("disability", "status"):
            if column == "social_allowance":
                value = int(value or 0)
            elif column != "disability":
                value = "" if value is None else str(value)
            if getattr(member, column) == value:
                return False
            setattr(member, column, value)
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1))
        self.edited.emit()
        return True

    def set_messages(self, errors: dict[tuple[int, str], str], warnings: dict[tuple[int, str], str]) -> None:
        changed = errors != self.errors or warnings != self.warnings
        self.errors, self.warnings = errors, warnings
        if changed and self.members:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.members) - 1, len(COLUMNS) - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])

    # Rows ----------------------------------------------------------------------------------

    def add(self, member: MemberDraft) -> int:
        row = len(self.members)
        self.beginInsertRows(QModelIndex(), row, row)
        self.members.append(member)
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove(self, row: int) -> MemberDraft:
        self.beginRemoveRows(QModelIndex(), row, row)
        member = self.members.pop(row)
        self.endRemoveRows()
        self.edited.emit()
        return member

    def move(self, row: int, delta: int) -> int:
        target = row + delta
        if not (0 <= row < len(self.members) and 0 <= target < len(self.members)):
            return row
        destination = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self.members.insert(target, self.members.pop(row))
        self.endMoveRows()
        self.edited.emit()
        return target

    def make_head(self, row: int) -> None:
        """Mark this member as the head; the former head's relationship must then be chosen again."""
        for n, member in enumerate(self.members):
            if n != row and member.relationship == "head" and member.status == "present":
                member.relationship = ""
        self.members[row].relationship = "head"
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.members) - 1, len(COLUMNS) - 1))
        self.edited.emit()


class MemberDelegate(QStyledItemDelegate):
    """Combo boxes for the choice columns, a spin box for the allowance, line edits elsewhere."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        column = COLUMNS[index.column()]
        if column in CHOICE_COLUMNS:
            combo = QComboBox(parent)
            combo.setObjectName(f"editor_{column}")
            if column in ("relationship", "sex", "ethnicity_code"):
                combo.addItem("", "")
            for code, text in member_choices(column):
                combo.addItem(text, code)
            return combo
        if column == "social_allowance":
            spin = QSpinBox(parent)
            spin.setObjectName("editor_social_allowance")
            spin.setRange(0, 50_000_000)
            spin.setSingleStep(50_000)
            spin.setGroupSeparatorShown(True)
            return spin
        edit = QLineEdit(parent)
        edit.setObjectName(f"editor_{column}")
        edit.setMaxLength({"full_name": 80, "citizen_id": 14, "birth": 10}.get(column, 200))
        if column == "birth":
            edit.setPlaceholderText(self.tr("ngày/tháng/năm hoặc năm"))
        return edit

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value or ""), 0))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value or 0))
        else:
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractTableModel, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "")
        elif isinstance(editor, QSpinBox):
            editor.interpretText()
            model.setData(index, editor.value())
        else:
            model.setData(index, editor.text())
