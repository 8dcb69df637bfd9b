"""Questions and messages every screen asks and shows: modal boxes with Vietnamese button texts
(not Qt's "Yes/No", which a commune official may not read), answered by clicking or by the keyboard;
and what the app shows when a database cannot be opened (locked by another program, damaged: the
backups to restore from).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.core import storage
from desktop.core.backup import restore
from desktop.core.storage import StorageRefusal
from desktop.ui import style
from desktop.ui.operations import Operation, error_message


def ask(parent: QWidget | None, title: str, text: str, buttons: Sequence[tuple[str, str]],
        default: str | None = None, icon: QMessageBox.Icon = QMessageBox.Icon.Question,
        details: str = "") -> str | None:
    """A modal question; returns the key of the button chosen (None if closed with Esc).

    `buttons` are (key, label) pairs, the first being the main answer.
    """
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setInformativeText(details)
    chosen: dict[object, str] = {}
    for n, (key, label) in enumerate(buttons):
        role = QMessageBox.ButtonRole.AcceptRole if n == 0 else QMessageBox.ButtonRole.RejectRole
        if key == "destructive":
            role = QMessageBox.ButtonRole.DestructiveRole
        button = box.addButton(label, role)
        button.setObjectName(f"answer_{key}")
        chosen[button] = key
        if key == default:
            box.setDefaultButton(button)
    box.exec()
    return chosen.get(box.clickedButton())


def inform(parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
    """A modal message with a Close button."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.addButton(QCoreApplication.translate("households", "Đóng"), QMessageBox.ButtonRole.AcceptRole).setObjectName("answer_close")
    box.exec()


def choose_remembered_folder(parent: QWidget, title: str, key: str) -> str:
    """A folder from the user, starting at the one chosen last time under the setting `key` (a
    USB stick, say), remembered for next time; "" when cancelled."""
    from desktop.ui.settings import app_settings

    settings = app_settings()
    last = str(settings.value(key) or "")
    start = last if last and Path(last).is_dir() else str(Path.home())
    folder = QFileDialog.getExistingDirectory(parent, title, start)
    if folder:
        settings.setValue(key, folder)
        settings.sync()
    return folder


def show_message(parent: QWidget, title: str, text: str, name: str, *,
                 icon: QMessageBox.Icon = QMessageBox.Icon.Information, details: str = "") -> QMessageBox:
    """A message with a Close button that does not block (a result after background work): the
    box is returned open and deletes itself once closed."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setInformativeText(details)
    box.addButton(QCoreApplication.translate("households", "Đóng"),
                  QMessageBox.ButtonRole.AcceptRole).setObjectName("answer_close")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


# -- bad luck with the database file (the core's storage.StorageRefusal) ---------------------------


class LockedDialog(QMessageBox):
    """Another program holds the database: say so, and offer to try again once it is closed."""

    def __init__(self, parent: QWidget | None, refusal: StorageRefusal):
        super().__init__(QMessageBox.Icon.Warning, QCoreApplication.translate("storage", "Cơ sở dữ liệu đang bận"),
                         refusal.message, QMessageBox.StandardButton.NoButton, parent)
        self.setObjectName("lockedDialog")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setInformativeText(QCoreApplication.translate(
            "storage", "Đóng cửa sổ Sổ Giảm Nghèo khác (hoặc chờ lệnh đang chạy xong), rồi bấm Thử lại."))
        self.retry_button = self.addButton(QCoreApplication.translate("storage", "Thử lại"), QMessageBox.ButtonRole.AcceptRole)
        self.retry_button.setObjectName("answer_retry")
        close = self.addButton(QCoreApplication.translate("storage", "Đóng"), QMessageBox.ButtonRole.RejectRole)
        close.setObjectName("answer_close")
        self.setDefaultButton(self.retry_button)

    def retry_chosen(self) -> bool:
        return self.clickedButton() is self.retry_button


class DamagedDatabaseDialog(QDialog):
    """A damaged database: what SQLite found, and the way out — the backups found beside it, newest
    first, one of which is restored (the damaged file is kept beside it) — or another backup chosen."""

    def __init__(self, parent: QWidget | None, path: Path, refusal: StorageRefusal | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self.restored: Path | None = None
        self.setObjectName("damagedDatabaseDialog")
        self.setWindowTitle(self.tr("Cơ sở dữ liệu bị hỏng"))
        self.setMinimumWidth(680)
        damage = storage.damage(self.path)
        backups = refusal.backups if refusal is not None and refusal.backups else damage.backups

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        head = QHBoxLayout()
        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        head.addWidget(icon)
        headline = QLabel(self.tr("Tệp {name} bị hỏng: phần mềm không đọc được một phần dữ liệu trong tệp. Đừng ghi "
                                  "thêm vào tệp này.").format(name=self.path.name), self)
        headline.setObjectName("damageHeadline")
        headline.setWordWrap(True)
        font = headline.font()
        font.setBold(True)
        headline.setFont(font)
        head.addWidget(headline, 1)
        layout.addLayout(head)
        where = QLabel(str(self.path), self)
        where.setStyleSheet(style.text_style(style.MUTED))
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setWordWrap(True)
        layout.addWidget(where)

        if damage.lines:
            layout.addWidget(QLabel(self.tr("SQLite cho biết:"), self))
            shown = damage.lines[:8]
            details = QPlainTextEdit("\n".join(shown), self)
            details.setObjectName("damageDetails")
            details.setReadOnly(True)
            details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            details.setFixedHeight(details.fontMetrics().lineSpacing() * min(len(shown), 5) + 20)
            layout.addWidget(details)

        self.backup_list = QListWidget(self)
        self.backup_list.setObjectName("backupList")
        self.backup_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.backup_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.backup_list.setFixedHeight(self.backup_list.fontMetrics().height() * min(max(len(backups), 2), 6)
                                        + 4 * min(max(len(backups), 2), 6) + 8)
        for backup in backups:
            item = QListWidgetItem(self._backup_text(backup), self.backup_list)
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            item.setToolTip(str(backup.path))
        if backups:
            way = self.tr("Cách khắc phục: khôi phục từ bản sao lưu gần nhất (đã chọn sẵn bên dưới). Tệp hỏng được "
                          "giữ lại bên cạnh, không bị xóa.")
            self.backup_list.setCurrentRow(0)
        else:
            way = self.tr("Không tìm thấy bản sao lưu nào trong thư mục {folder}. Nếu có bản sao lưu ở nơi khác (USB, "
                          "thư mục khác), bấm “Chọn bản sao lưu khác…” để khôi phục từ đó.").format(folder=self.path.parent)
            self.backup_list.hide()
        self.way_label = QLabel(way, self)
        self.way_label.setObjectName("wayOut")
        self.way_label.setWordWrap(True)
        layout.addWidget(self.way_label)
        layout.addWidget(self.backup_list)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("restoreError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(style.text_style(style.ERROR))
        self.error_label.hide()
        layout.addWidget(self.error_label)

        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(self.tr("Khôi phục bản đã chọn"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(bool(backups))
        self.restore_button.setDefault(bool(backups))
        self.other_button = buttons.addButton(self.tr("Chọn bản sao lưu khác…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.other_button.setObjectName("otherBackupButton")
        self.close_button = buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setObjectName("closeButton")
        self.restore_button.clicked.connect(self._restore_selected)
        self.other_button.clicked.connect(self._restore_other)
        self.close_button.clicked.connect(self.reject)
        self.backup_list.itemDoubleClicked.connect(lambda _item: self._restore_selected())
        layout.addWidget(buttons)

    def _backup_text(self, backup: storage.Backup) -> str:
        when = backup.modified.strftime("%d/%m/%Y %H:%M")
        return self.tr("{name} — {when} — {unit}").format(name=backup.path.name, when=when, unit=backup.unit)

    def selected_backup(self) -> Path | None:
        item = self.backup_list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None and not self.backup_list.isHidden() else None

    def _restore_selected(self) -> None:
        chosen = self.selected_backup()
        if chosen is not None:
            self.restore_from(chosen)

    def _restore_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn bản sao lưu"), str(self.path.parent),
            self.tr("Cơ sở dữ liệu Sổ Giảm Nghèo (*.db);;Tất cả các tệp (*)"))
        if path:
            self.restore_from(Path(path))

    def restore_from(self, backup: Path) -> Operation:
        """Put `backup` in place of the damaged file (kept beside it), in the background."""
        self.error_label.hide()
        for button in (self.restore_button, self.other_button):
            button.setEnabled(False)
        target = self.path

        def done(_saved: object) -> None:
            self.restored = backup
            self.accept()

        def failed(error: BaseException) -> None:
            self.error_label.setText(error_message(error))
            self.error_label.show()
            self.restore_button.setEnabled(not self.backup_list.isHidden())
            self.other_button.setEnabled(True)

        return Operation(self, lambda _progress: restore(backup, target), success=done, failure=failed,
                         title=self.windowTitle()).with_progress(self.tr("Đang khôi phục từ {name}…").format(
                             name=backup.name), cancellable=False).run()


def storage_dialog(parent: QWidget | None, refusal: StorageRefusal) -> bool:
    """Show what to do about a database that could not be opened; True when it is worth trying
    again (the user says the other program is closed, or a backup was restored)."""
    if refusal.kind == storage.LOCKED:
        box = LockedDialog(parent, refusal)
        box.exec()
        return box.retry_chosen()
    if refusal.kind == storage.CORRUPT and refusal.path is not None:
        dialog = DamagedDatabaseDialog(parent, refusal.path, refusal)
        return dialog.exec() == QDialog.DialogCode.Accepted and dialog.restored is not None
    inform(parent, QCoreApplication.translate("storage", "Không mở được cơ sở dữ liệu"), refusal.message,
           QMessageBox.Icon.Warning)
    return False
