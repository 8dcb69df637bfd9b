"""What the office's sync tabs share: commune names, a table model with a background per row,
a paragraph, and the background job that opens a database connection of its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop.core.db import Database, open_database
from desktop.core.reference import communes_of
from desktop.ui.tables import RecordsModel

T = TypeVar("T")
TEXT_WIDTH = 900  # the paragraphs' reading width (pixels)


def commune_names(db: Database) -> dict[str, str]:
    """The office's communes, code → name, in the order of the administrative list."""
    return {u.code: u.name for u in communes_of(db.identity.unit_code, db.identity.units_list)}


def paragraph(parent: QWidget, text: str = "", name: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setMaximumWidth(TEXT_WIDTH)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


def on_own_connection(path: Path, work: Callable[[Database], T]) -> T:
    """Run `work` on a connection of its own (in a worker thread: a connection belongs to its thread)."""
    db = open_database(path, upgrade=False)
    try:
        return work(db)
    finally:
        db.close()


class ShadedModel(RecordsModel):
    """A RecordsModel whose rows (or cells) may have a soft background."""

    def background(self, row: dict[str, Any], column: str) -> Any:
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.BackgroundRole:
            return self.background(self.rows[index.row()], self.columns[index.column()])
        return super().data(index, role)
