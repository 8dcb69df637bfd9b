"""The office's "Các xã" tab: per commune, when it last sent a file, which files are missing, what
the office holds of it, and where its key stands (`desktop.core.sync.office.communes_status`).

A commune that has sent nothing for more than N days (a setting, 30 by default) is shown on a
soft amber background; one that never sent is shown in muted text (in the first weeks most
communes have not sent yet: amber everywhere would hide the ones that went quiet). The list is small (a district's communes) and read when the tab
is shown and after a merge.

Receipts (`desktop.core.sync.receipt`): *Tạo biên nhận…* writes the selected commune's next
receipt, *Biên nhận cho mọi xã…* one for every commune with a recognised key, into a folder chosen
once and remembered; in the background, each written file (or why not) listed at the end.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core import formats
from desktop.core.db import Database
from desktop.core.sync import office, office_text, receipt
from desktop.ui import style
from desktop.ui.dialogs import choose_remembered_folder, show_message
from desktop.ui.office_sync.common import ShadedModel, on_own_connection, paragraph
from desktop.ui.operations import Operation
from desktop.ui.settings import app_settings
from desktop.ui.tables import fit_columns, records_view

LATE_KEY = "sync/late_after_days"
RECEIPT_FOLDER_KEY = "sync/receipt_folder"


def late_after_days() -> int:
    try:
        return max(1, int(app_settings().value(LATE_KEY) or office.LATE_AFTER_DAYS))
    except (TypeError, ValueError):
        return office.LATE_AFTER_DAYS


class CommunesModel(ShadedModel):
    columns = ("name", "last", "days", "files", "missing", "households", "supports", "enrolments", "key")
    numeric = frozenset({"days", "files", "households", "supports", "enrolments"})

    def headers(self) -> dict[str, str]:
        return {"name": self.tr("Xã"), "last": self.tr("Tệp gần nhất"), "days": self.tr("Số ngày"),
                "files": self.tr("Số tệp"), "missing": self.tr("Tệp còn thiếu"), "households": self.tr("Số hộ"),
                "supports": self.tr("Hỗ trợ nhà ở"), "enrolments": self.tr("Học viên"), "key": self.tr("Khóa")}

    def text(self, row: dict[str, Any], column: str) -> str:
        status: office.CommuneStatus = row["status"]
        if column == "name":
            return status.name
        if column == "last":
            return formats.moment_text(status.last_received) if status.last_received else self.tr("chưa gửi")
        if column == "days":
            return "" if status.days_since is None else formats.count(status.days_since)
        if column == "files":
            return formats.count(status.files)
        if column == "missing":
            return office_text.missing_text(status.missing)
        if column == "households":
            return formats.count(status.households)
        if column == "supports":
            return formats.count(status.housing_supports)
        if column == "enrolments":
            return formats.count(status.training_enrolments)
        if column == "key":
            return office_text.commune_key_text(status.key, status.held_keys)
        return ""

    def background(self, row: dict[str, Any], column: str) -> Any:
        # Amber for a commune that has gone quiet; one that never sent is muted instead, so that in
        # the first weeks (most communes not set up yet) the late ones still stand out.
        status: office.CommuneStatus = row["status"]
        return style.brush(style.WARNING_BACKGROUND) if status.late and status.last_received else None

    def foreground(self, row: dict[str, Any], column: str) -> Any:
        status: office.CommuneStatus = row["status"]
        if not status.last_received:
            return style.brush(style.MUTED)
        if column == "missing" and status.missing:
            return style.brush(style.WARNING_DARK)
        if column == "key" and status.held_keys:
            return style.brush(style.WARNING_DARK)
        return None

    def tooltip(self, row: dict[str, Any], column: str) -> str | None:
        status: office.CommuneStatus = row["status"]
        if column == "key" and status.key:
            return self.tr("Dấu vân tay khóa đang dùng: {fp}").format(fp=status.key)
        if column == "name":
            return status.code
        if column == "missing" and status.missing:
            return office_text.missing_text(status.missing)
        return None


class CommunesTab(QWidget):
    """The communes' status, late ones highlighted; the number of days that makes one late."""

    status_changed = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.statuses: list[office.CommuneStatus] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 8, 6)
        layout.setSpacing(8)
        layout.addWidget(paragraph(self, self.tr(
            "Tình hình gửi tệp của từng xã: tệp gần nhất văn phòng nhận được, các tệp còn thiếu (theo số tệp của từng "
            "máy), số liệu văn phòng đang có và khóa của xã. Xã đã quá số ngày dưới đây chưa gửi tệp mới được tô màu "
            "vàng; xã chưa gửi tệp nào hiện chữ mờ."), "communesIntro"))
        row = QHBoxLayout()
        label = QLabel(self.tr("Coi là chậm khi quá"), self)
        self.days = QSpinBox(self)
        self.days.setObjectName("lateAfterDays")
        self.days.setRange(1, 365)
        self.days.setValue(late_after_days())
        self.days.setSuffix(self.tr(" ngày"))
        label.setBuddy(self.days)
        self.days.valueChanged.connect(self._days_changed)
        row.addWidget(label)
        row.addWidget(self.days)
        row.addSpacing(16)
        self.summary = QLabel(self)
        self.summary.setObjectName("communesSummary")
        self.summary.setStyleSheet(style.text_style(style.TEXT, True))
        row.addWidget(self.summary)
        row.addStretch(1)
        self.receipt_button = QPushButton(self.tr("Tạo biên nhận…"), self)
        self.receipt_button.setObjectName("writeReceipt")
        self.receipt_button.setToolTip(self.tr(
            "Biên nhận cho xã đang chọn: tệp văn phòng đã nhận, còn thiếu, bị từ chối, quyết định xử lý xung đột, "
            "quy tắc và chỉ tiêu mới. Gửi cho xã để xã áp dụng."))
        self.receipt_button.clicked.connect(lambda: self.write_receipts(all_communes=False))
        self.all_receipts_button = QPushButton(self.tr("Biên nhận cho mọi xã…"), self)
        self.all_receipts_button.setObjectName("writeAllReceipts")
        self.all_receipts_button.clicked.connect(lambda: self.write_receipts(all_communes=True))
        row.addWidget(self.receipt_button)
        row.addWidget(self.all_receipts_button)
        layout.addLayout(row)
        self.operation: Operation | None = None
        self.written: list[tuple[str, Any, str]] = []
        self.result_box: QMessageBox | None = None
        self.model = CommunesModel(self)
        self.table = records_view(self, self.model, "communesTable")
        self.table.setWordWrap(False)
        layout.addWidget(self.table, 1)

    def _days_changed(self, value: int) -> None:
        settings = app_settings()
        settings.setValue(LATE_KEY, value)
        settings.sync()
        self.refresh()

    def refresh(self) -> None:
        self.statuses = office.communes_status(self.db, self.days.value())
        self.model.set_rows([{"id": n, "status": s} for n, s in enumerate(self.statuses)])
        fit_columns(self.table, self.model.columns, stretch="missing", widest={"key": 260, "name": 180})
        late = sum(1 for s in self.statuses if s.late and s.last_received)
        never = sum(1 for s in self.statuses if not s.last_received)
        missing = sum(1 for s in self.statuses if s.missing)
        text = self.tr("{n} xã — {late} xã chậm gửi, {missing} xã còn thiếu tệp, {never} xã chưa gửi tệp nào").format(
            n=len(self.statuses), late=late, missing=missing, never=never)
        self.summary.setText(text)
        self.status_changed.emit(text)

    def selected(self) -> office.CommuneStatus | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()]["status"] if index.isValid() and index.row() < len(self.model.rows) else None

    def choose_folder(self) -> str:
        return choose_remembered_folder(self, self.tr("Chọn thư mục để lưu biên nhận"), RECEIPT_FOLDER_KEY)

    def write_receipts(self, all_communes: bool) -> Operation | None:
        """The selected commune's receipt, or every commune's that has a recognised key, in the background."""
        if self.operation is not None:
            return None
        if all_communes:
            codes = [s.code for s in self.statuses if s.key]
            if not codes:
                QMessageBox.information(self, self.tr("Biên nhận"), self.tr(
                    "Chưa xã nào có khóa được công nhận: văn phòng tạo biên nhận sau khi nhận tệp đầu tiên của xã."))
                return None
        else:
            chosen = self.selected()
            if chosen is None:
                QMessageBox.information(self, self.tr("Biên nhận"), self.tr("Hãy chọn một xã trong danh sách."))
                return None
            codes = [chosen.code]
        folder = self.choose_folder()
        if not folder:
            return None
        db_path, names = Path(self.db.path), {s.code: s.name for s in self.statuses}

        def job(progress: Any) -> list[tuple[str, Any, str]]:
            return on_own_connection(db_path, lambda db: receipt.write_receipts(
                db, codes, folder, progress=lambda code: progress(names.get(code, code)),
                cancelled=lambda: progress.cancelled))

        operation = Operation(self, job, success=self._written, title=self.tr("Biên nhận"))
        operation.with_progress(self.tr("Đang tạo biên nhận…"), cancellable=len(codes) > 1)
        operation.finished.connect(self._ended)
        self.operation = operation
        for button in (self.receipt_button, self.all_receipts_button):
            button.setEnabled(False)
        operation.run()
        return operation

    def _ended(self) -> None:
        self.operation = None
        for button in (self.receipt_button, self.all_receipts_button):
            button.setEnabled(True)

    def _written(self, written: list[tuple[str, Any, str]]) -> None:
        self.written = written
        names = {s.code: s.name for s in self.statuses}
        lines = []
        for code, made, why in written:
            if made is not None:
                lines.append(self.tr("{name}: biên nhận số {n} — {file}").format(
                    name=names.get(code, code), n=made.sequence, file=made.path.name))
            else:
                lines.append(self.tr("{name}: chưa tạo — {why}").format(name=names.get(code, code), why=why))
        done = sum(1 for _c, made, _w in written if made is not None)
        self.result_box = show_message(
            self, self.tr("Biên nhận"), self.tr("Đã tạo {done}/{total} biên nhận.").format(done=done, total=len(written)),
            "receiptsWritten", icon=QMessageBox.Icon.Information if done == len(written) else QMessageBox.Icon.Warning,
            details="\n".join(lines))
