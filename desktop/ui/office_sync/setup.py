"""The office's "Gói cài đặt" tab: a setup package for a commune (`package.write_setup_package`,
in the background), and its one-time code shown large, in groups, with the office's fingerprint,
for reading to the commune over the phone — or packages for many communes at once into one folder
(`setup_batch.write_setup_packages`, a progress per commune, Dừng heard between communes), listed
with each file and code under the office's fingerprint, and "Chép tất cả" for the handover paper.
The codes are shown once: they are kept nowhere but on this screen (and the clipboard, when the
officer copies them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication
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

from desktop.core import formats
from desktop.core.db import Database
from desktop.core.errors import Refusal
from desktop.core.sync import package, setup_batch
from desktop.core.sync.setup_batch import BatchItem
from desktop.ui import style
from desktop.ui.office_sync.common import on_own_connection, paragraph
from desktop.ui.office_sync.setup_batch import BatchModel, ChooseCommunesDialog
from desktop.ui.operations import Cancelled, Operation, Progress, error_message
from desktop.ui.settings import app_settings
from desktop.ui.tables import fit_columns, records_view

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
    """Make a commune's setup package and show its one-time code, or many communes' packages and
    list their codes."""

    def __init__(self, db: Database, names: dict[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.names = names
        self.operation: Operation | None = None
        self.issued: package.IssuedPackage | None = None
        self.batch_made_at = ""
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
        self.batch_button = QPushButton(self.tr("Tạo gói cho nhiều xã…"), self)
        self.batch_button.setObjectName("makePackages")
        self.batch_button.clicked.connect(lambda: self.make_packages())
        row.addWidget(label)
        row.addWidget(self.commune)
        row.addWidget(self.make_button)
        row.addSpacing(24)
        row.addWidget(self.batch_button)
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
        self.batch = self._batch_result()
        self.batch.hide()
        layout.addWidget(self.batch, 1)
        self.error = paragraph(self, name="packageError")
        self.error.setStyleSheet(style.text_style(style.ERROR))
        self.error.hide()
        layout.addWidget(self.error)
        self.stretch = QWidget(self)  # takes the height the batch's list does not show
        layout.addWidget(self.stretch, 1)

    def _batch_result(self) -> QWidget:
        """The packages of a batch: what was made where, the office's fingerprint once, the list."""
        frame = QWidget(self)
        frame.setObjectName("packagesIssued")
        box = QVBoxLayout(frame)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        self.batch_summary = paragraph(frame, name="packagesSummary")
        self.batch_summary.setMaximumWidth(16777215)
        self.batch_summary.setStyleSheet(style.text_style(style.TEXT, True))
        box.addWidget(self.batch_summary)
        row = QHBoxLayout()
        office = QLabel(self.tr("Dấu vân tay khóa của văn phòng"), frame)
        office.setStyleSheet(style.text_style(style.MUTED, True))
        self.batch_fp = _big(frame, "packagesFingerprint", 1.3)
        self.copy_button = QPushButton(self.tr("Chép tất cả"), frame)
        self.copy_button.setObjectName("copyPackages")
        self.copy_button.setToolTip(self.tr("Chép danh sách (xã — tệp — mã) để dán vào giấy bàn giao"))
        self.copy_button.clicked.connect(lambda: self.copy_all())
        row.addWidget(office)
        row.addSpacing(12)
        row.addWidget(self.batch_fp)
        row.addStretch(1)
        row.addWidget(self.copy_button)
        box.addLayout(row)
        self.batch_model = BatchModel(frame)
        self.batch_table = records_view(frame, self.batch_model, "packagesTable")
        # Compact rows, so that a district's ~20 communes fit at 1366×768 (the code's font sets the height).
        self.batch_table.verticalHeader().setDefaultSectionSize(
            QFontMetrics(self.batch_model.code_font).height() + 4)
        box.addWidget(self.batch_table, 1)
        hint = paragraph(frame, self.tr(
            "Gửi mỗi xã đúng tệp của xã, rồi gọi điện đọc mã của xã đó; xã đọc lại dấu vân tay khóa của văn phòng. Các "
            "mã chỉ hiện ở đây, một lần: ghi ra giấy bàn giao và giữ giấy đó riêng, không để cùng các gói."))
        hint.setMaximumWidth(16777215)
        hint.setStyleSheet(style.text_style(style.MUTED))
        box.addWidget(hint)
        return frame

    def is_busy(self) -> bool:
        return self.operation is not None

    def _folder(self) -> Path:
        last = str(app_settings().value(FOLDER_KEY) or "")
        return Path(last) if last and Path(last).is_dir() else Path.home()

    def _remember(self, folder: Path) -> None:
        settings = app_settings()
        settings.setValue(FOLDER_KEY, str(folder))
        settings.sync()

    def choose_target(self, code: str) -> str:
        suggested = self._folder() / setup_batch.package_name(code, self.names.get(code, ""), dt.date.today())
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Lưu gói cài đặt"), str(suggested),
                                                    self.tr("Gói cài đặt (*.gnsetup)"))
        if path:
            self._remember(Path(path).parent)
        return path

    def choose_folder(self) -> str:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Thư mục lưu các gói cài đặt"), str(self._folder()))
        if folder:
            self._remember(Path(folder))
        return folder

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
        return self._start(operation)

    def make_packages(self, after: Callable[[ChooseCommunesDialog], None] | None = None) -> Operation | None:
        """Pick the communes (the dialog), then the folder, then make their packages in the background."""
        if self.operation is not None:
            return None
        self.error.hide()
        try:
            states = setup_batch.setup_states(self.db)
        except Refusal as refusal:
            self._show_error(refusal.message)
            return None
        dialog = ChooseCommunesDialog(self, states)
        if after is not None:
            after(dialog)
        dialog.exec()
        codes = dialog.chosen
        dialog.deleteLater()
        if not codes:
            return None
        chosen = self.choose_folder()
        if not chosen:
            return None
        db_path, folder = Path(self.db.path), Path(chosen)
        done: list[BatchItem] = []
        label = self.tr("Đang tạo gói cài đặt cho {name} ({n}/{total})…")

        def job(progress: Progress) -> list[BatchItem]:
            def report(n: int, total: int, name: str) -> None:
                try:
                    progress(label.format(name=name, n=n + 1, total=total), n / total)
                except Cancelled:
                    pass  # write_setup_packages asks `cancelled` before each commune: the rest are reported

            done.extend(on_own_connection(db_path, lambda db: setup_batch.write_setup_packages(
                db, codes, folder, progress=report, cancelled=lambda: progress.cancelled)))
            return done

        # A stopped batch still shows the packages it made: their codes exist nowhere else.
        operation = Operation(self, job, success=lambda _items: self._batch_done(folder, done),
                              cancelled=lambda: self._batch_done(folder, done),
                              failure=lambda error: self._show_error(error_message(error)),
                              title=self.tr("Gói cài đặt"))
        operation.with_progress(self.tr("Đang tạo gói cài đặt…"))
        return self._start(operation)

    def _start(self, operation: Operation) -> Operation:
        operation.finished.connect(self._ended)
        self.operation = operation
        self.make_button.setEnabled(False)
        self.batch_button.setEnabled(False)
        operation.run()
        return operation

    def _ended(self) -> None:
        self.operation = None
        self.make_button.setEnabled(True)
        self.batch_button.setEnabled(True)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _issued(self, code: str, issued: package.IssuedPackage) -> None:
        self.issued = issued
        self.written.setText(self.tr("Đã tạo gói cài đặt cho {commune}: {path}").format(
            commune=self.names.get(code, code), path=issued.path))
        self.code.setText(issued.code)
        self.office_fp.setText(issued.office_fingerprint)
        self.batch.hide()
        self.stretch.show()
        self.result.show()

    def _batch_done(self, folder: Path, items: list[BatchItem]) -> None:
        self.batch_made_at = formats.date_text(dt.date.today())
        self.batch_model.set_rows([{"id": n, "item": item} for n, item in enumerate(items)])
        fit_columns(self.batch_table, self.batch_model.columns, stretch="status", widest={"commune": 240})
        written = self.batch_model.written()
        refused = sum(1 for i in items if i.status == setup_batch.REFUSED)
        not_begun = sum(1 for i in items if i.status == setup_batch.NOT_BEGUN)
        parts = [self.tr("Đã tạo %n gói cài đặt trong thư mục {folder}.", "", len(written)).format(folder=folder)]
        if refused:
            parts.append(self.tr("%n xã không tạo được gói (xem cột Tình trạng).", "", refused))
        if not_begun:
            parts.append(self.tr("%n xã chưa tạo vì đã dừng.", "", not_begun))
        self.batch_summary.setText(" ".join(parts))
        self.batch_summary.setStyleSheet(style.text_style(style.ERROR if refused else style.TEXT, True))
        self.batch_fp.setText(written[0].issued.office_fingerprint if written and written[0].issued else "")
        self.copy_button.setEnabled(bool(written))
        self.result.hide()
        self.stretch.hide()
        self.batch.show()
        self.layout().activate()  # the list's final width, which the reasons wrap to
        # A refused commune's reason wraps, up to three lines; the others keep their compact row.
        tallest = self.batch_table.fontMetrics().lineSpacing() * 3 + 8
        for n, item in enumerate(items):
            if item.status == setup_batch.REFUSED:
                self.batch_table.resizeRowToContents(n)
                self.batch_table.setRowHeight(n, min(self.batch_table.rowHeight(n), tallest))

    def handover_text(self) -> str:
        return self.batch_model.handover_text(self.db.identity.unit_name, self.batch_made_at)

    def copy_all(self) -> str:
        """Put the list (commune — file — code) on the clipboard, for the handover paper."""
        text = self.handover_text()
        if text:
            QGuiApplication.clipboard().setText(text)
        return text
