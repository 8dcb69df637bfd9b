"""Lists of records every feature's screens show: a read-only table model over rows (dicts) the
core returned, the table view as every list has it, and the pieces of a pane around it.

A feature's model subclasses `RecordsModel`, names its `columns` (keys), gives their `headers()`
and how a cell reads (`text`), and optionally its alignment, colour and tooltip; the rows come from
one of the core's queries (no SQL here). `records_view` makes the view (whole rows selected, one at
a time, not editable, alternating colours, Enter and a double click open the record);
`fit_columns` sizes the columns to their contents, caps the wide ones and lets one take what is
left. `pane_heading` and `office_note` are the heading and the read-only note of a pane.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

ID_ROLE = Qt.ItemDataRole.UserRole + 1
_ROOT = QModelIndex()
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RecordsModel(QAbstractTableModel):
    """Rows the core returned (a few thousand at most: held in memory), one column per key."""

    columns: Sequence[str] = ()
    numeric: frozenset[str] = frozenset()  # columns aligned right

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    # What a feature defines.
    def headers(self) -> Mapping[str, str]:
        raise NotImplementedError

    def text(self, row: dict[str, Any], column: str) -> str:
        value = row.get(column)
        return "" if value is None else str(value)

    def foreground(self, row: dict[str, Any], column: str) -> Any:
        return None

    def tooltip(self, row: dict[str, Any], column: str) -> str | None:
        return None

    # The model.
    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[self.columns[section]]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == ID_ROLE:
            return row["id"]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.numeric:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        return None


def records_view(parent: QWidget, model: RecordsModel, name: str, open_record: Callable[[], object] | None = None) -> QTableView:
    """The table of a list: whole rows, one at a time, read-only; Enter and a double click call
    `open_record`."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    if open_record is not None:
        view.doubleClicked.connect(lambda _index: open_record())
        QShortcut(QKeySequence(Qt.Key.Key_Return), view, open_record)
        QShortcut(QKeySequence(Qt.Key.Key_Enter), view, open_record)
    return view


def fit_columns(view: QTableView, columns: Sequence[str], *, stretch: str, widest: Mapping[str, int] | None = None) -> None:
    """Columns sized to their contents, the wide ones capped (their text cut, the tooltip whole),
    `stretch` taking what is left."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.resizeColumnsToContents()
    for column, width in (widest or {}).items():
        if column in columns:
            index = list(columns).index(column)
            view.setColumnWidth(index, min(view.columnWidth(index), width))
    header.setSectionResizeMode(list(columns).index(stretch), QHeaderView.ResizeMode.Stretch)


def selected_id(view: QTableView) -> int | None:
    rows = view.selectionModel().selectedRows()
    return view.model().data(rows[0], ID_ROLE) if rows else None


def pane_heading(parent: QWidget, text: str) -> QLabel:
    """A pane's title, large and bold."""
    heading = QLabel(text, parent)
    heading.setObjectName("paneHeading")
    font = heading.font()
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    heading.setFont(font)
    return heading


def office_note(parent: QWidget, text: str) -> QLabel:
    """The note a consolidating office's pane shows: what it lists, and that it is read-only."""
    note = QLabel(text, parent)
    note.setObjectName("officeNote")
    note.setWordWrap(True)
    return note
