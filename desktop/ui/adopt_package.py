""""Áp dụng gói cài đặt…": the office's setup package applied to this commune's database, which
has households already but no office key (`desktop.core.sync.adopt.adopt_package`).

The dialog asks for the package file and its one-time code (checked as typed: a typo shows at
once, before the second the key derivation takes); *Áp dụng* runs the work in the background and
a refusal from the core (a package for another commune, a code that does not open it, an expired
package, a database with an office key already) is shown under the fields, the dialog staying
open with nothing changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.sync.adopt import adopt_package
from desktop.core.sync.setup_code import EXAMPLE, check_code
from desktop.ui import style
from desktop.ui.office_sync.common import on_own_connection
from desktop.ui.operations import Operation, error_message


class AdoptPackageDialog(QDialog):
    """Package file and one-time code; applied in the background on *Áp dụng*."""

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Áp dụng gói cài đặt"))
        self.setObjectName("adoptPackageDialog")
        self.db_path = db_path
        self.adopted: Any = None
        self.operation: Operation | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*style.FORM_MARGINS)
        intro = QLabel(self.tr(
            "Gói cài đặt văn phòng tổng hợp gửi cho xã mang khóa của văn phòng: sau khi áp dụng, các tệp đồng bộ của "
            "xã được mã hóa, chỉ văn phòng đọc được. Dữ liệu của xã không thay đổi. Mã dùng một lần do văn phòng đọc "
            "qua điện thoại."), self)
        intro.setWordWrap(True)
        intro.setMaximumWidth(560)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setVerticalSpacing(style.FORM_SPACING)
        row = QHBoxLayout()
        self.package_edit = QLineEdit(self)
        self.package_edit.setObjectName("adoptPackageFile")
        browse = QPushButton(self.tr("Chọn…"), self)
        browse.clicked.connect(self._browse)
        row.addWidget(self.package_edit, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Gói cài đặt:"), row)
        self.code_edit = QLineEdit(self)
        self.code_edit.setObjectName("adoptPackageCode")
        self.code_edit.setPlaceholderText(EXAMPLE)
        form.addRow(self.tr("Mã dùng một lần:"), self.code_edit)
        layout.addLayout(form)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("adoptPackageError")
        self.error_label.setWordWrap(True)
        self.error_label.setMaximumWidth(560)
        self.error_label.setStyleSheet(style.text_style(style.ERROR))
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton(self.tr("Áp dụng"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("adoptPackageApply")
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for edit in (self.package_edit, self.code_edit):
            edit.textChanged.connect(self._update)
        self._update()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn gói cài đặt"), self.package_edit.text(),
                                              self.tr("Gói cài đặt Sổ Giảm Nghèo (*.gnsetup);;Tất cả các tệp (*)"))
        if path:
            self.package_edit.setText(path)

    def _update(self, *_args: object) -> None:
        """As the fields are typed in: a typo in the code at once, the last refusal gone."""
        typo = check_code(self.code_edit.text(), typing=True)
        self.show_error(typo or "")
        self._enable()

    def _enable(self) -> None:
        ready = bool(self.package_edit.text().strip()) and check_code(self.code_edit.text()) is None
        self.apply_button.setEnabled(ready and self.operation is None)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def apply(self) -> Operation | None:
        if not self.apply_button.isEnabled():
            return None
        package, code, path = Path(self.package_edit.text().strip()).expanduser(), self.code_edit.text(), self.db_path
        operation = Operation(self, lambda _p: on_own_connection(path, lambda db: adopt_package(db, package, code)),
                              success=self._done, failure=self._failed, title=self.tr("Áp dụng gói cài đặt"))
        operation.with_progress(self.tr("Đang mở gói cài đặt…"), cancellable=False)
        operation.finished.connect(self._ended)
        self.operation = operation
        self.apply_button.setEnabled(False)
        operation.run()
        return operation

    def _ended(self) -> None:
        self.operation = None
        self._enable()

    def _done(self, adopted: Any) -> None:
        self.adopted = adopted
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.show_error(error_message(error))  # a refusal in plain words; anything else named a fault
