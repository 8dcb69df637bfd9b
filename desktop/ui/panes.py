"""The main window's panes: households (desktop.ui.households_pane), housing support
(desktop.ui.housing.pane), vocational training (desktop.ui.training.pane), sync (desktop.ui.sync_pane:
a commune's exports; the office's side still a note), reports a placeholder for now.

Each pane is its own class with the same small interface — built from an open `Database`,
`refresh()` when it is shown again, and optionally a `status_changed(str)` signal whose text the
main window's status bar shows — so later work replaces them one at a time (housing support,
training, sync, reports).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.db import Database
from desktop.ui.households_pane import HouseholdsPane
from desktop.ui.housing.pane import HousingPane
from desktop.ui.sync_pane import SyncPane
from desktop.ui.training.pane import TrainingPane

__all__ = ["HouseholdsPane", "HousingPane", "ReportsPane", "SyncPane", "TrainingPane"]

# A comfortable reading width for the placeholder paragraphs (pixels).
_TEXT_WIDTH = 760


def _build_placeholder(pane: QWidget, heading: str, paragraphs: list[str], coming: str) -> list[QLabel]:
    """Lay out a heading, some paragraphs and a muted "being built" note; return the paragraphs."""
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(32, 24, 32, 24)
    layout.setSpacing(12)

    title = QLabel(heading, pane)
    title.setObjectName("paneHeading")
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    title.setFont(font)
    title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    layout.addWidget(title)

    labels = []
    for text in paragraphs:
        label = QLabel(text, pane)
        label.setWordWrap(True)
        label.setMaximumWidth(_TEXT_WIDTH)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(label)
        labels.append(label)

    note = QLabel(coming, pane)
    note.setObjectName("paneComing")
    note.setWordWrap(True)
    note.setMaximumWidth(_TEXT_WIDTH)
    palette = note.palette()
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
    note.setPalette(palette)
    layout.addSpacing(8)
    layout.addWidget(note)
    layout.addStretch(1)
    return labels


class ReportsPane(QWidget):
    """Reports and exports (placeholder)."""

    key = "reports"

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        _build_placeholder(
            self,
            self.tr("Báo cáo"),
            [
                self.tr(
                    "Danh sách công khai hộ nghèo, hộ cận nghèo; báo cáo tổng hợp; tiến độ hỗ "
                    "trợ nhà ở và đào tạo nghề; kết quả so với kế hoạch."
                )
            ],
            self.tr(
                "Phần này đang được xây dựng: xuất Excel và PDF theo mẫu văn bản hành chính "
                "sẽ có ở đây."
            ),
        )

    def refresh(self) -> None:
        pass
