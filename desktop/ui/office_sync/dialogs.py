"""The office's key dialogs: approving a commune's new key, and revoking a key (with its preview).

Both ask before anything changes, and their safe answer — Hủy — is the default (Enter and Esc).
Approving is one quick update (`package.approve_key`) made when the dialog is accepted; revoking is
previewed (`office.preview_revoke`, nothing changes) and done (`revoke.revoke`) in the background,
on a connection of its own.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core import formats
from desktop.core.db import Database
from desktop.core.errors import Refusal
from desktop.core.sync import office, package, revoke
from desktop.ui import style
from desktop.ui.office_sync.common import on_own_connection, paragraph
from desktop.ui.operations import Operation, error_message


def _fingerprint_label(parent: QWidget, text: str, name: str) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setFamily("monospace")
    font.setStyleHint(font.StyleHint.Monospace)
    font.setPointSizeF(font.pointSizeF() * 1.2)
    font.setBold(True)
    label.setFont(font)
    return label


def bound_key(db: Database, commune: str) -> str:
    """The commune's bound key's fingerprint, or ""."""
    return next((k["fingerprint"] for k in package.list_keys(db)
                 if k["commune_code"] == commune and k["status"] == "bound"), "")


class ApproveKeyDialog(QDialog):
    """Approve a commune's new key (a replaced laptop) after checking its fingerprint by phone."""

    def __init__(self, parent: QWidget | None, db: Database, commune: str, commune_name: str, fingerprint: str):
        super().__init__(parent)
        self.db = db
        self.commune = commune
        self.fingerprint = fingerprint
        self.approved = False
        self.setObjectName("approveKeyDialog")
        self.setWindowTitle(self.tr("Duyệt khóa mới của xã"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(paragraph(self, self.tr(
            "Tệp của {commune} được ký bằng một khóa khác với khóa văn phòng đã công nhận. Điều này xảy ra khi xã thay "
            "máy hoặc cài lại phần mềm — nhưng cũng có thể là tệp do người khác làm ra.").format(commune=commune_name)))
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.addRow(self.tr("Xã"), QLabel(f"{commune_name} ({commune})", self))
        form.addRow(self.tr("Khóa mới"), _fingerprint_label(self, fingerprint, "newKey"))
        current = bound_key(db, commune)
        form.addRow(self.tr("Khóa đang dùng"), _fingerprint_label(
            self, current or self.tr("(chưa có)"), "boundKey"))
        layout.addLayout(form)
        advice = paragraph(self, self.tr(
            "Chỉ duyệt khi đã gọi điện cho cán bộ xã và nghe xã đọc đúng dấu vân tay của khóa mới (xã xem ở mục Đồng bộ "
            "trên máy của xã). Sau khi duyệt, khóa mới được công nhận, khóa cũ thôi dùng: tệp ký bằng khóa cũ sẽ bị tạm "
            "giữ."), "approveAdvice")
        advice.setStyleSheet(style.text_style(style.WARNING_DARK))
        layout.addWidget(advice)
        self.error_label = paragraph(self, name="approveError")
        self.error_label.setStyleSheet(style.text_style(style.ERROR))
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(self)
        self.approve_button = buttons.addButton(self.tr("Duyệt khóa mới"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.approve_button.setObjectName("approveButton")
        self.approve_button.setAutoDefault(False)
        self.cancel_button = buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setDefault(True)
        self.approve_button.clicked.connect(self._approve)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.cancel_button.setFocus()

    def _approve(self) -> None:
        try:
            package.approve_key(self.db, self.commune, self.fingerprint)
        except Refusal as refusal:
            self.error_label.setText(refusal.message)
            self.error_label.show()
            return
        self.approved = True
        self.accept()


class RevokeDialog(QDialog):
    """Revoke a commune's key: first what it would take back (nothing changes), then, confirmed, do it."""

    def __init__(self, parent: QWidget | None, db: Database, commune: str, commune_name: str, fingerprint: str):
        super().__init__(parent)
        self.db_path = Path(db.path)
        self.commune = commune
        self.commune_name = commune_name
        self.fingerprint = fingerprint
        self.result_revocation: revoke.Revocation | None = None
        self.preview: revoke.Revocation | None = None
        self._generation = 0
        self._busy: Operation | None = None
        self.setObjectName("revokeDialog")
        self.setWindowTitle(self.tr("Thu hồi khóa của xã"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(paragraph(self, self.tr(
            "Thu hồi khóa khi máy của xã bị mất hoặc bị lấy cắp: văn phòng bỏ những gì các tệp ký bằng khóa này "
            "đã mang đến (về bản tin cậy trước đó), cách ly các bản ghi chỉ có trong các tệp đó, và từ chối mọi tệp sau "
            "này ký bằng khóa này. Có thể hoàn tác.")))
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.addRow(self.tr("Xã"), QLabel(f"{commune_name} ({commune})", self))
        form.addRow(self.tr("Khóa"), _fingerprint_label(self, fingerprint, "revokedKey"))
        self.after = QSpinBox(self)
        self.after.setObjectName("afterSequence")
        self.after.setRange(0, 1_000_000_000)
        self.after.setSpecialValueText(self.tr("tất cả các tệp"))
        self.after.setToolTip(self.tr("Chỉ lấy lại các tệp có số lớn hơn số này (các tệp trước đó vẫn được tin cậy). "
                                      "Để trống (tất cả các tệp) khi không biết máy bị mất từ lúc nào."))
        self.after.valueChanged.connect(self.update_preview)
        form.addRow(self.tr("Chỉ các tệp sau số"), self.after)
        layout.addLayout(form)

        self.summary = paragraph(self, name="revokePreview")
        self.summary.setMaximumWidth(16777215)
        layout.addWidget(self.summary)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("revokeDetails")
        self.details.setReadOnly(True)
        self.details.setMinimumHeight(140)
        layout.addWidget(self.details, 1)
        self.error_label = paragraph(self, name="revokeError")
        self.error_label.setStyleSheet(style.text_style(style.ERROR))
        self.error_label.hide()
        layout.addWidget(self.error_label)

        buttons = QDialogButtonBox(self)
        self.revoke_button: QPushButton = buttons.addButton(self.tr("Thu hồi khóa"),
                                                            QDialogButtonBox.ButtonRole.DestructiveRole)
        self.revoke_button.setObjectName("revokeButton")
        self.revoke_button.setAutoDefault(False)
        self.revoke_button.setEnabled(False)
        self.cancel_button = buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setDefault(True)
        self.revoke_button.clicked.connect(self._revoke)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.cancel_button.setFocus()
        self.update_preview()

    def after_sequence(self) -> int | None:
        return self.after.value() or None

    def is_busy(self) -> bool:
        return self._busy is not None

    def update_preview(self) -> None:
        """Work out (in the background) what the revocation would do; the latest request wins."""
        self._generation += 1
        generation = self._generation
        commune, fp, after = self.commune, self.fingerprint, self.after_sequence()
        self.revoke_button.setEnabled(False)
        self.summary.setText(self.tr("Đang xem trước…"))
        self.details.clear()
        self.error_label.hide()
        operation = Operation(self, lambda _p: on_own_connection(
            self.db_path, lambda db: office.preview_revoke(db, commune, fp, after)),
            success=lambda shown: self._previewed(generation, shown),
            failure=lambda error: self._failed(generation, error))
        self._busy = operation
        operation.finished.connect(lambda: self._ended(operation))
        operation.run()

    def _ended(self, operation: Operation) -> None:
        if self._busy is operation:
            self._busy = None

    def _previewed(self, generation: int, preview: revoke.Revocation) -> None:
        if generation != self._generation:
            return
        self.preview = preview
        self.summary.setText(self.describe(preview, preview=True))
        self.details.setPlainText(self.detail_text(preview))
        self.revoke_button.setEnabled(True)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.summary.setText("")
        self.error_label.setText(error_message(error))
        self.error_label.show()

    def describe(self, revocation: revoke.Revocation, *, preview: bool) -> str:
        changes = revocation.changes
        conflicts = changes.get("conflict_dropped", 0) + changes.get("conflict_added", 0)
        text = (self.tr("Sẽ lấy lại {files} tệp đã nhận: {rolled} bản ghi trở về bản tin cậy trước đó, {quarantined} "
                        "bản ghi bị cách ly, {conflicts} thay đổi về xung đột.") if preview else
                self.tr("Đã lấy lại {files} tệp đã nhận: {rolled} bản ghi trở về bản tin cậy trước đó, {quarantined} "
                        "bản ghi bị cách ly, {conflicts} thay đổi về xung đột."))
        return text.format(files=formats.count(len(revocation.files)), rolled=formats.count(changes.get("rolled_back", 0)),
                           quarantined=formats.count(changes.get("quarantined", 0)), conflicts=formats.count(conflicts))

    def detail_text(self, revocation: revoke.Revocation) -> str:
        lines = [self.tr("Các tệp lấy lại:")] + [f"  {name}" for name in revocation.files or [self.tr("(không có)")]]
        if revocation.quarantined:
            lines += ["", self.tr("Các bản ghi bị cách ly:")] + [f"  {q}" for q in revocation.quarantined]
        return "\n".join(lines)

    def _revoke(self) -> None:
        commune, fp, after = self.commune, self.fingerprint, self.after_sequence()
        self.revoke_button.setEnabled(False)
        self.after.setEnabled(False)
        operation = Operation(self, lambda _p: on_own_connection(
            self.db_path, lambda db: revoke.revoke(db, commune, fp, after)),
            success=self._revoked, failure=self._revoke_failed, title=self.windowTitle())
        operation.with_progress(self.tr("Đang thu hồi khóa…"), cancellable=False)
        self._busy = operation
        operation.finished.connect(lambda: self._ended(operation))
        operation.run()

    def _revoked(self, revocation: revoke.Revocation) -> None:
        self.result_revocation = revocation
        self.accept()

    def _revoke_failed(self, error: BaseException) -> None:
        self.after.setEnabled(True)
        self.error_label.setText(error_message(error))
        self.error_label.show()


def show_revoked(parent: QWidget | None, dialog: RevokeDialog) -> None:
    """What the revocation did, in a message."""
    revocation = dialog.result_revocation
    assert revocation is not None
    box = QMessageBox(QMessageBox.Icon.Information, dialog.windowTitle(), dialog.tr(
        "Đã thu hồi khóa {fp} của {commune}.").format(fp=revocation.fingerprint, commune=dialog.commune_name),
        QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("revokeDone")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText(dialog.describe(revocation, preview=False))
    box.setDetailedText(dialog.detail_text(revocation))
    box.addButton(dialog.tr("Đóng"), QMessageBox.ButtonRole.AcceptRole).setObjectName("answer_close")
    box.exec()
