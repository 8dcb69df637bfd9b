"""The office's "Khóa" tab: the communes' keys (`package.list_keys`), approving a held key,
revoking a stolen one (previewed first: `dialogs.RevokeDialog`), and the revocations made, each
undoable (`revoke.undo`, confirmed, in the background).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from desktop.core import formats
from desktop.core.db import Database
from desktop.core.sync import office_text, package, revoke
from desktop.ui import style
from desktop.ui.dialogs import ask, inform
from desktop.ui.office_sync.common import ShadedModel, on_own_connection, paragraph
from desktop.ui.office_sync.dialogs import ApproveKeyDialog, RevokeDialog, show_revoked
from desktop.ui.operations import Operation
from desktop.ui.tables import fit_columns, records_view


class KeysModel(ShadedModel):
    columns = ("commune", "fingerprint", "status", "since", "note")

    def __init__(self, names: dict[str, str], parent: Any = None):
        super().__init__(parent)
        self.names = names

    def headers(self) -> dict[str, str]:
        return {"commune": self.tr("Xã"), "fingerprint": self.tr("Dấu vân tay"), "status": self.tr("Tình trạng"),
                "since": self.tr("Từ ngày"), "note": self.tr("Ghi chú")}

    def text(self, row: dict[str, Any], column: str) -> str:
        if column == "commune":
            return self.names.get(row["commune_code"], row["commune_code"])
        if column == "status":
            return office_text.key_status_text(row["status"])
        if column == "since":
            return formats.moment_text(row["bound_at"] or row["first_seen"])
        if column == "note":
            return row["note"] or ""
        return super().text(row, column)

    def background(self, row: dict[str, Any], column: str) -> Any:
        if column != "status":
            return None
        return {"pending": style.brush(style.WARNING_BACKGROUND),
                "revoked": style.brush(style.ERROR_BACKGROUND)}.get(row["status"])

    def foreground(self, row: dict[str, Any], column: str) -> Any:
        return style.brush(style.MUTED) if row["status"] in ("retired", "revoked") else None


class RevocationsModel(ShadedModel):
    columns = ("revoked_at", "commune", "fingerprint", "after", "files", "rolled", "quarantined", "undone")
    numeric = frozenset({"files", "rolled", "quarantined"})

    def __init__(self, names: dict[str, str], parent: Any = None):
        super().__init__(parent)
        self.names = names

    def headers(self) -> dict[str, str]:
        return {"revoked_at": self.tr("Ngày thu hồi"), "commune": self.tr("Xã"), "fingerprint": self.tr("Khóa"),
                "after": self.tr("Các tệp"), "files": self.tr("Tệp lấy lại"), "rolled": self.tr("Bản ghi trở về"),
                "quarantined": self.tr("Bản ghi cách ly"), "undone": self.tr("Hoàn tác")}

    def text(self, row: dict[str, Any], column: str) -> str:
        r: revoke.Revocation = row["revocation"]
        if column == "revoked_at":
            return formats.moment_text(r.revoked_at)
        if column == "commune":
            return self.names.get(r.commune_code, r.commune_code)
        if column == "fingerprint":
            return r.fingerprint
        if column == "after":
            return self.tr("tất cả") if not r.after_sequence else self.tr("sau số {n}").format(n=r.after_sequence)
        if column == "files":
            return formats.count(len(r.files))
        if column == "rolled":
            return formats.count(r.changes.get("rolled_back", 0))
        if column == "quarantined":
            return formats.count(r.changes.get("quarantined", 0))
        if column == "undone":
            return formats.moment_text(r.undone_at) if r.undone_at else ""
        return ""

    def foreground(self, row: dict[str, Any], column: str) -> Any:
        return style.brush(style.MUTED) if row["revocation"].undone_at else None

    def tooltip(self, row: dict[str, Any], column: str) -> str | None:
        r: revoke.Revocation = row["revocation"]
        if column == "files" and r.files:
            return "\n".join(r.files)
        if column == "quarantined" and r.quarantined:
            return "\n".join(r.quarantined)
        return None


class KeysTab(QWidget):
    """The communes' keys and the revocations."""

    changed = Signal()

    def __init__(self, db: Database, names: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.names = names
        self.operation: Operation | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 8, 6)
        layout.setSpacing(8)
        layout.addWidget(paragraph(self, self.tr(
            "Mỗi máy của xã ký tệp bằng khóa riêng. Văn phòng chỉ nhận tệp ký bằng khóa đã công nhận của xã; tệp ký bằng "
            "khóa khác bị tạm giữ đến khi được duyệt (xã thay máy). Khi máy của xã bị mất hoặc bị lấy cắp, thu hồi khóa "
            "của máy đó."), "keysIntro"))
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("Duyệt…"), self)
        self.approve_button.setObjectName("approveKey")
        self.approve_button.clicked.connect(lambda: self.approve_selected())
        self.revoke_button = QPushButton(self.tr("Thu hồi…"), self)
        self.revoke_button.setObjectName("revokeKey")
        self.revoke_button.clicked.connect(lambda: self.revoke_selected())
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.revoke_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.model = KeysModel(names, self)
        self.table = records_view(self, self.model, "keysTable")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_buttons())
        layout.addWidget(self.table, 3)

        heading = QLabel(self.tr("Các lần thu hồi"), self)
        heading.setStyleSheet(style.text_style(style.TEXT, True))
        undo_row = QHBoxLayout()
        undo_row.addWidget(heading)
        undo_row.addStretch(1)
        self.undo_button = QPushButton(self.tr("Hoàn tác…"), self)
        self.undo_button.setObjectName("undoRevocation")
        self.undo_button.clicked.connect(lambda: self.undo_selected())
        undo_row.addWidget(self.undo_button)
        layout.addLayout(undo_row)
        self.revocations = RevocationsModel(names, self)
        self.revocations_table = records_view(self, self.revocations, "revocationsTable")
        self.revocations_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_buttons())
        layout.addWidget(self.revocations_table, 2)

    def refresh(self) -> None:
        keys = package.list_keys(self.db)
        self.model.set_rows([k | {"id": n} for n, k in enumerate(keys)])
        fit_columns(self.table, self.model.columns, stretch="note", widest={"commune": 200})
        revocations = revoke.list_revocations(self.db)
        self.revocations.set_rows([{"id": r.id, "revocation": r} for r in reversed(revocations)])
        fit_columns(self.revocations_table, self.revocations.columns, stretch="fingerprint")
        self._show_buttons()

    def selected_key(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def selected_revocation(self) -> revoke.Revocation | None:
        index = self.revocations_table.currentIndex()
        return self.revocations.rows[index.row()]["revocation"] if index.isValid() else None

    def _show_buttons(self) -> None:
        key = self.selected_key()
        busy = self.operation is not None
        self.approve_button.setEnabled(not busy and key is not None and key["status"] == "pending")
        self.revoke_button.setEnabled(not busy and key is not None and key["status"] in ("bound", "retired"))
        revocation = self.selected_revocation()
        self.undo_button.setEnabled(not busy and revocation is not None and not revocation.undone_at)

    def select_key(self, commune: str, status: str) -> None:
        """Select the first key of `commune` with `status` (tests and the receive tab use it)."""
        for n, row in enumerate(self.model.rows):
            if row["commune_code"] == commune and row["status"] == status:
                self.table.selectRow(n)
                return

    def approve_selected(self, after: Callable[[ApproveKeyDialog], None] | None = None) -> ApproveKeyDialog | None:
        key = self.selected_key()
        if key is None or key["status"] != "pending":
            return None
        code = key["commune_code"]
        dialog = ApproveKeyDialog(self, self.db, code, self.names.get(code, code), key["fingerprint"])
        if after is not None:
            after(dialog)
        dialog.exec()
        if dialog.approved:
            self.changed.emit()
            self.refresh()
        return dialog

    def revoke_selected(self, after: Callable[[RevokeDialog], None] | None = None) -> RevokeDialog | None:
        key = self.selected_key()
        if key is None or key["status"] not in ("bound", "retired"):
            return None
        code = key["commune_code"]
        dialog = RevokeDialog(self, self.db, code, self.names.get(code, code), key["fingerprint"])
        if after is not None:
            after(dialog)
        dialog.exec()
        if dialog.result_revocation is not None:
            self.refresh()
            self.changed.emit()
            show_revoked(self, dialog)
        return dialog

    def undo_selected(self) -> Operation | None:
        revocation = self.selected_revocation()
        if revocation is None or revocation.undone_at or self.operation is not None:
            return None
        answer = ask(self, self.tr("Hoàn tác lần thu hồi"), self.tr(
            "Hoàn tác lần thu hồi khóa {fp} của {commune} ({when})? Khóa trở lại như trước khi thu hồi, các bản ghi đã "
            "trở về và đã cách ly trở lại như trước.").format(
                fp=revocation.fingerprint, commune=self.names.get(revocation.commune_code, revocation.commune_code),
                when=formats.moment_text(revocation.revoked_at)),
            [("undo", self.tr("Hoàn tác")), ("cancel", self.tr("Hủy"))], default="cancel",
            icon=QMessageBox.Icon.Warning)
        if answer != "undo":
            return None
        db_path, number = Path(self.db.path), revocation.id
        operation = Operation(self, lambda _p: on_own_connection(db_path, lambda db: revoke.undo(db, number)),
                              success=self._undone, title=self.tr("Hoàn tác lần thu hồi"))
        operation.with_progress(self.tr("Đang hoàn tác…"), cancellable=False)
        operation.finished.connect(self._ended)
        self.operation = operation
        self._show_buttons()
        operation.run()
        return operation

    def _ended(self) -> None:
        self.operation = None
        self.refresh()

    def _undone(self, revocation: revoke.Revocation) -> None:
        self.changed.emit()
        inform(self, self.tr("Hoàn tác lần thu hồi"), self.tr(
            "Đã hoàn tác lần thu hồi khóa {fp} của {commune}.").format(
                fp=revocation.fingerprint, commune=self.names.get(revocation.commune_code, revocation.commune_code)))
