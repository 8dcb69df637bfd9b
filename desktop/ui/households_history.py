"""A household's history for an inspector: who changed what, when, from which value to which.

Read from the audit log (`desktop.core.history_core.history`): the household itself, each of its
members and each of its assessments, newest first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import history as history_core
from desktop.core.store import Store


class HistoryView(QTableWidget):
    """The changes of one household, newest first."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(0, 8, parent)
        self.store = store
        self.setObjectName("historyTable")
        self.setHorizontalHeaderLabels([
            self.tr("Thời gian"), self.tr("Người thực hiện"), self.tr("Thao tác"), self.tr("Đối tượng"),
            self.tr("Thông tin"), self.tr("Giá trị cũ"), self.tr("Giá trị mới"), self.tr("Lý do"),
        ])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)

    def load(self, household_id: int) -> int:
        """Show the household's history; returns how many lines."""
        entries = list(reversed(history_core.history(self.store, household_id)))
        self.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            values = (entry.when, entry.actor, history_core.action_label(entry.action), entry.subject, entry.field,
                      entry.old, entry.new, entry.reason)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (1, 3, 4, 5, 6, 7) and value:
                    item.setToolTip(value)
                self.setItem(row, column, item)
        # As wide as what they hold, within reason; the reason takes the rest.
        self.resizeColumnsToContents()
        for column in range(self.columnCount() - 1):
            self.setColumnWidth(column, min(max(self.columnWidth(column), 70), 220))
        return len(entries)

    def lines(self) -> list[tuple[str, ...]]:
        """What is shown, row by row (for tests and copying)."""
        return [tuple(self.item(r, c).text() for c in range(self.columnCount())) for r in range(self.rowCount())]


class HistoryDialog(QDialog):
    """The history of one household in a window of its own (from the list)."""

    def __init__(self, store: Store, household_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        row = store.require("households", household_id)
        self.setObjectName("historyDialog")
        self.setWindowTitle(self.tr("Lịch sử thay đổi — hộ {code}").format(code=row["code"]))
        layout = QVBoxLayout(self)
        self.view = HistoryView(store, self)
        count = self.view.load(household_id)
        note = QLabel(self.tr("%n thay đổi của hộ, các nhân khẩu và các phiếu rà soát; mới nhất ở trên.", "", count),
                      self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(1180, 560)
        self.setWindowModality(Qt.WindowModality.WindowModal)
