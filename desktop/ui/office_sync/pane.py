"""The consolidating office's side of the Sync pane: one tab per job — receiving the communes'
files ("Nhận tệp"), the communes' status ("Các xã"), their keys ("Khóa"), the records that came in
two versions ("Xung đột"), the same person in two communes ("Trùng lặp") and their setup packages
("Gói cài đặt"). A merge, an approved key, a revocation or its undo refresh the other tabs.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.core.db import Database
from desktop.ui.office_sync.common import commune_names
from desktop.ui.office_sync.communes import CommunesTab
from desktop.ui.office_sync.conflicts import ConflictsTab
from desktop.ui.office_sync.duplicates import DuplicatesTab
from desktop.ui.office_sync.keys import KeysTab
from desktop.ui.office_sync.receive import ReceiveTab
from desktop.ui.office_sync.setup import SetupTab


class OfficeSync(QTabWidget):
    """The office's tabs."""

    status_changed = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("officeSyncTabs")
        self.setDocumentMode(True)
        self.db = db
        names = commune_names(db)
        self.receive = ReceiveTab(db, names, self)
        self.communes = CommunesTab(db, self)
        self.keys = KeysTab(db, names, self)
        self.conflicts = ConflictsTab(db, names, self)
        self.duplicates = DuplicatesTab(db, self)
        self.setup = SetupTab(db, names, self)
        self.addTab(self.receive, self.tr("Nhận tệp"))
        self.addTab(self.communes, self.tr("Các xã"))
        self.addTab(self.keys, self.tr("Khóa"))
        self.addTab(self.conflicts, self.tr("Xung đột"))
        self.addTab(self.duplicates, self.tr("Trùng lặp"))
        self.addTab(self.setup, self.tr("Gói cài đặt"))
        self.receive.changed.connect(self.refresh)
        self.keys.changed.connect(self.refresh)
        self.communes.status_changed.connect(self.status_changed)

    def refresh(self) -> None:
        """Read the communes' status, the keys, the conflicts and the duplicates again (a few rows per
        commune; a conflict set's ancestor is rebuilt from the audit log of that one record)."""
        self.communes.refresh()
        self.keys.refresh()
        self.conflicts.refresh()
        self.duplicates.refresh()
