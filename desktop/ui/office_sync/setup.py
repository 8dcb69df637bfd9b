"""The office's "Gói cài đặt" tab: a setup package for a commune (`package.write_setup_package`,
in the background), and its one-time code shown large, in groups, with the office's fingerprint,
for reading to the commune over the phone. The code is shown once: it is not kept anywhere.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.db import Database
from desktop.core.sync import package
from desktop.ui import style
from desktop.ui.office_sync.common import on_own_connection, paragraph
from desktop.ui.operations import Operation
from desktop.ui.settings import app_settings

FOLDER_KEY = "sync/package_folder"


def _big(parent: QWidget, name: str, scale: float) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setFamily("monospace")
    font.setStyleHint(font.StyleHint.Monospace)
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


class SetupTab(QWidget):
    """Make a commune's setup package; show its one-time code."""

    def __init__(self, db: Database, names: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.names = names
        self.operation: Operation | None = None
        self.issued: package.IssuedPackage | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 8, 6)
        layout.setSpacing(10)
        layout.addWidget(paragraph(self, self.tr(
            "Gói cài đặt giúp xã tạo cơ sở dữ liệu có khóa của văn phòng: tệp của xã khi đó được mã hóa, và văn phòng "
            "nhận ra máy của xã ngay từ tệp đầu tiên. Gửi gói cho xã (USB, Zalo, thư điện tử), rồi gọi điện đọc mã dùng "
            "một lần cho cán bộ xã — đừng gửi mã cùng đường với gói. Tạo gói mới thay thế gói trước của xã đó.")))
        row = QHBoxLayout()
        label = QLabel(self.tr("Xã"), self)
        self.commune = QComboBox(self)
        self.commune.setObjectName("packageCommune")
        for code, name in names.items():
            self.commune.addItem(name, code)
        label.setBuddy(self.commune)
        self.make_button = QPushButton(self.tr("Tạo gói cài đặt…"), self)
        self.make_button.setObjectName("makePackage")
        self.make_button.clicked.connect(lambda: self.make_package())
        row.addWidget(label)
        row.addWidget(self.commune)
        row.addWidget(self.make_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.result = QFrame(self)
        self.result.setObjectName("packageIssued")
        self.result.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self.result)
        grid.setContentsMargins(16, 12, 16, 12)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        self.written = paragraph(self.result, name="packagePath")
        self.written.setMaximumWidth(16777215)
        grid.addWidget(self.written, 0, 0, 1, 2)
        title = QLabel(self.tr("Mã dùng một lần"), self.result)
        title.setStyleSheet(style.text_style(style.MUTED, True))
        self.code = _big(self.result, "packageCode", 2.4)
        self.code.setStyleSheet(style.text_style(style.OK))
        grid.addWidget(title, 1, 0, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.code, 1, 1)
        office = QLabel(self.tr("Dấu vân tay khóa của văn phòng"), self.result)
        office.setStyleSheet(style.text_style(style.MUTED, True))
        self.office_fp = _big(self.result, "officeFingerprint", 1.3)
        grid.addWidget(office, 2, 0, Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.office_fp, 2, 1)
        hint = paragraph(self.result, self.tr(
            "Đọc mã cho cán bộ xã qua điện thoại, từng nhóm một. Xã nhập mã khi tạo cơ sở dữ liệu từ gói, rồi đọc lại "
            "cho văn phòng dấu vân tay khóa của văn phòng mà máy xã hiện ra: phải trùng với dấu vân tay ở trên. Mã "
            "chỉ hiện một lần ở đây."))
        grid.addWidget(hint, 3, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        self.result.hide()
        layout.addWidget(self.result)
        self.error = paragraph(self, name="packageError")
        self.error.setStyleSheet(style.text_style(style.ERROR))
        self.error.hide()
        layout.addWidget(self.error)
        layout.addStretch(1)

    def choose_target(self, code: str) -> str:
        settings = app_settings()
        last = str(settings.value(FOLDER_KEY) or "")
        folder = Path(last) if last and Path(last).is_dir() else Path.home()
        suggested = folder / f"goi-cai-dat-{code}.gnsetup"
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Lưu gói cài đặt"), str(suggested),
                                                    self.tr("Gói cài đặt (*.gnsetup)"))
        if path:
            settings.setValue(FOLDER_KEY, str(Path(path).parent))
            settings.sync()
        return path

    def make_package(self) -> Operation | None:
        if self.operation is not None:
            return None
        code = self.commune.currentData()
        if not code:
            return None
        target = self.choose_target(code)
        if not target:
            return None
        db_path, out = Path(self.db.path), Path(target)
        self.error.hide()
        operation = Operation(self, lambda _p: on_own_connection(
            db_path, lambda db: package.write_setup_package(db, code, out)),
            success=lambda issued: self._issued(code, issued), title=self.tr("Gói cài đặt"))
        operation.with_progress(self.tr("Đang tạo gói cài đặt…"), cancellable=False)
        operation.finished.connect(self._ended)
        self.operation = operation
        self.make_button.setEnabled(False)
        operation.run()
        return operation

    def _ended(self) -> None:
        self.operation = None
        self.make_button.setEnabled(True)

    def _issued(self, code: str, issued: package.IssuedPackage) -> None:
        self.issued = issued
        self.written.setText(self.tr("Đã tạo gói cài đặt cho {commune}: {path}").format(
            commune=self.names.get(code, code), path=issued.path))
        self.code.setText(issued.code)
        self.office_fp.setText(issued.office_fingerprint)
        self.result.show()
