"""The Sync pane ("Đồng bộ").

At a commune: what sync is (the commune exports a file and carries it to its consolidating office),
the state (whether this database has the office's key, so that its files are encrypted; the
fingerprints to compare by phone; the last file written), the files exported, and "Xuất tệp đồng
bộ…" (Ctrl+E). Without the office's key the export first asks for consent, the safe answer being
the default; then a folder is chosen (remembered for next time), the export runs in the background
(`operations`, on a connection of its own), and the file written is shown with an offer to open
its folder. A refusal — a folder that is a file, a read-only or full USB stick — is shown in
Vietnamese and nothing is written.

At a consolidating office: the office's tabs (`desktop.ui.office_sync`): receiving the communes'
files (a dry run, then the merge), the communes' status, their keys, and their setup packages.

Everything shown comes from `desktop.core.sync.exports` (no SQL here); it is one small table's
rows, read when the pane is shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import formats
from desktop.core.db import Database
from desktop.core.sync import exports, receipt
from desktop.ui import style
from desktop.ui.adopt_package import AdoptPackageDialog
from desktop.ui.dialogs import ask, choose_remembered_folder, inform, show_message
from desktop.ui.office_sync.common import on_own_connection
from desktop.ui.office_sync.pane import OfficeSync
from desktop.ui.operations import Operation
from desktop.ui.settings import app_settings
from desktop.ui.tables import RecordsModel, fit_columns, pane_heading, records_view

FOLDER_KEY = "sync/export_folder"  # the folder chosen last time (often the USB stick)
TEXT_WIDTH = 900  # the paragraphs' reading width (pixels)


def _paragraph(parent: QWidget, text: str = "", name: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setMaximumWidth(TEXT_WIDTH)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


class ExportsModel(RecordsModel):
    """The files this database exported, newest first."""

    # The file name last: it takes what is left, its text on the left beside the short columns.
    columns = ("sequence", "created_at", "encrypted", "records", "folder", "file_name")
    numeric = frozenset({"sequence", "records"})

    def headers(self) -> dict[str, str]:
        return {"sequence": self.tr("Số"), "file_name": self.tr("Tệp"), "created_at": self.tr("Ngày giờ xuất"),
                "encrypted": self.tr("Mã hóa"), "records": self.tr("Số bản ghi"), "folder": self.tr("Nơi ghi")}

    def text(self, row: dict[str, Any], column: str) -> str:
        if column == "created_at":
            return formats.moment_text(row["created_at"])
        if column == "encrypted":
            return self.tr("Có") if row["encrypted"] else self.tr("Không")
        if column == "records":
            return formats.count(row["records"])
        return super().text(row, column)

    def foreground(self, row: dict[str, Any], column: str) -> Any:
        return style.brush(style.WARNING) if column == "encrypted" and not row["encrypted"] else None

    def tooltip(self, row: dict[str, Any], column: str) -> str | None:
        if column == "encrypted" and not row["encrypted"]:
            return self.tr("Tệp không mã hóa: ai có tệp cũng đọc được họ tên và số CCCD.")
        if column == "file_name":
            return f"{row['file_name']}\nSHA-256: {row['sha256']}"
        if column == "folder":
            return row["folder"] or None
        return None


class SyncPane(QWidget):
    """Sync: at a commune, its state, its files and the export; at an office, the office's tabs."""

    key = "sync"
    status_changed = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.office = db.identity.is_office
        self.state: dict[str, Any] | None = None
        self.export_button: QPushButton | None = None
        self.result_box: QMessageBox | None = None
        self._operation: Operation | None = None
        self._status = ""
        self.office_view: OfficeSync | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        if self.office:
            self._build_office(layout)
        else:
            self._build_commune(layout)
        self.refresh()

    # Building -------------------------------------------------------------------------------

    def _build_office(self, layout: QVBoxLayout) -> None:
        layout.addWidget(pane_heading(self, self.tr("Đồng bộ")))
        self.office_view = OfficeSync(self.db, self)
        self.office_view.status_changed.connect(self._office_status)
        layout.addWidget(self.office_view, 1)

    def _build_commune(self, layout: QVBoxLayout) -> None:
        top = QHBoxLayout()
        top.addWidget(pane_heading(self, self.tr("Đồng bộ")))
        top.addStretch(1)
        self.export_button = QPushButton(self.tr("Xuất tệp đồng bộ…"), self)
        self.export_button.setObjectName("exportSync")
        self.export_button.setToolTip(self.tr("Ghi một tệp đồng bộ để gửi văn phòng tổng hợp (Ctrl+E)"))
        self.export_button.clicked.connect(self.export_file)
        top.addWidget(self.export_button)
        self.receipt_button = QPushButton(self.tr("Áp dụng biên nhận…"), self)
        self.receipt_button.setObjectName("applyReceipt")
        self.receipt_button.setToolTip(self.tr("Đọc biên nhận văn phòng tổng hợp gửi về (tệp .gnreceipt)"))
        self.receipt_button.clicked.connect(self.apply_receipt)
        top.addWidget(self.receipt_button)
        self.adopt_button = QPushButton(self.tr("Áp dụng gói cài đặt…"), self)
        self.adopt_button.setObjectName("adoptPackage")
        self.adopt_button.setToolTip(self.tr(
            "Nhận khóa của văn phòng tổng hợp từ gói cài đặt văn phòng gửi: từ đó tệp đồng bộ được mã hóa."))
        self.adopt_button.clicked.connect(self.adopt_package)
        top.addWidget(self.adopt_button)
        layout.addLayout(top)
        QShortcut(QKeySequence("Ctrl+E"), self, self.export_file)

        layout.addWidget(_paragraph(self, self.tr(
            "Xã gửi dữ liệu lên văn phòng tổng hợp bằng tệp đồng bộ: bấm «Xuất tệp đồng bộ…», chọn thư mục (thường là "
            "USB), rồi mang tệp lên văn phòng — hoặc gửi qua Zalo hay thư điện tử khi có mạng. Mỗi tệp chứa toàn bộ dữ "
            "liệu của xã và được ký bằng khóa của máy này. Khi xã đã có khóa của văn phòng (lấy từ gói cài đặt văn phòng "
            "gửi), tệp còn được mã hóa: chỉ văn phòng đọc được."), "syncIntro"))
        layout.addWidget(self._build_state())

        self.list_heading = QLabel(self)
        self.list_heading.setObjectName("exportsHeading")
        self.list_heading.setStyleSheet(style.text_style(style.TEXT, True))
        layout.addSpacing(4)
        layout.addWidget(self.list_heading)
        self.model = ExportsModel(self)
        self.table = records_view(self, self.model, "exportsTable")
        layout.addWidget(self.table, 1)
        self.receipt_heading = QLabel(self)
        self.receipt_heading.setObjectName("receiptHeading")
        self.receipt_heading.setStyleSheet(style.text_style(style.TEXT, True))
        layout.addWidget(self.receipt_heading)
        self.receipt_text = _paragraph(self, name="receiptText")
        self.receipt_text.setMaximumWidth(16777215)
        layout.addWidget(self.receipt_text)

    def _build_state(self) -> QFrame:
        box = QFrame(self)
        box.setObjectName("syncState")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(box)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        self.state_labels: dict[str, QLabel] = {}
        rows = (("key", self.tr("Mã hóa")), ("office", self.tr("Văn phòng tổng hợp")),
                ("own", self.tr("Khóa của máy này")), ("last", self.tr("Lần xuất gần nhất")),
                ("receipt", self.tr("Biên nhận gần nhất")))
        for n, (key, title) in enumerate(rows):
            name = QLabel(title, box)
            name.setStyleSheet(style.text_style(style.MUTED, True))
            grid.addWidget(name, n, 0, Qt.AlignmentFlag.AlignTop)
            value = _paragraph(box, name=f"state_{key}")
            value.setMaximumWidth(16777215)
            grid.addWidget(value, n, 1)
            self.state_labels[key] = value
        grid.setColumnStretch(1, 1)
        return box

    # Showing --------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.office_view is not None:
            self.office_view.refresh()
            return
        self.state = state = exports.export_state(self.db)
        office = self._office_text(state)
        if state["encrypted"]:
            key_text = self.tr("Có khóa của văn phòng tổng hợp: tệp xuất ra được mã hóa, chỉ văn phòng đọc được.")
            key_style = style.text_style(style.OK)
        else:
            key_text = self.tr("Chưa có khóa của văn phòng tổng hợp: tệp xuất ra chỉ được ký, không được mã hóa. Hãy "
                               "xin văn phòng gói cài đặt của xã và mã dùng một lần, rồi bấm «Áp dụng gói cài đặt…».")
            key_style = style.text_style(style.WARNING, True)
        self.state_labels["key"].setText(key_text)
        self.state_labels["key"].setStyleSheet(key_style)
        if state["office_fingerprint"]:
            office = self.tr("{office} — dấu vân tay khóa của văn phòng (theo gói cài đặt): {fp}").format(
                office=office, fp=state["office_fingerprint"])
        self.state_labels["office"].setText(office)
        self.state_labels["own"].setText(self.tr(
            "Dấu vân tay {fp} — đọc cho văn phòng khi được hỏi, để văn phòng đối chiếu.").format(
                fp=state["own_fingerprint"]))
        last = state["last"]
        if last is None:
            last_text = self.tr("Chưa xuất tệp nào")
        else:
            last_text = self.tr("{time} — tệp số {sequence}: {name}").format(
                time=formats.moment_text(last["created_at"]), sequence=last["sequence"], name=last["file_name"])
        self.state_labels["last"].setText(last_text)

        received, lines = exports.last_receipt_lines(self.db)
        if received is None:
            self.state_labels["receipt"].setText(self.tr(
                "Chưa có — văn phòng gửi biên nhận sau khi nhận tệp của xã; bấm «Áp dụng biên nhận…» để đọc."))
            self.receipt_heading.hide()
            self.receipt_text.hide()
        else:
            self.state_labels["receipt"].setText(self.tr("Số {n}, văn phòng lập lúc {made}, áp dụng lúc {applied}").format(
                n=received.sequence, made=formats.moment_text(received.created_at),
                applied=formats.moment_text(received.applied_at)))
            self.receipt_heading.setText(self.tr("Văn phòng cho biết (biên nhận số {n})").format(n=received.sequence))
            self.receipt_text.setText("\n".join(f"• {line}" for line in lines[1:]))
            self.receipt_heading.show()
            self.receipt_text.show()
        self.adopt_button.setVisible(not state["office_fingerprint"])
        self.receipt_button.setEnabled(bool(state["office_fingerprint"]))
        if not state["office_fingerprint"]:
            self.receipt_button.setToolTip(self.tr(
                "Cơ sở dữ liệu này không được tạo từ gói cài đặt nên chưa có khóa của văn phòng để xác minh biên nhận."))
        rows = exports.list_exports(self.db)
        self.model.set_rows(rows)
        fit_columns(self.table, self.model.columns, stretch="file_name", widest={"folder": 360})
        self.list_heading.setText(self.tr("Các tệp đã xuất ({n})").format(n=formats.count(len(rows))))
        self._status = (self.tr("{n} tệp đã xuất").format(n=formats.count(len(rows))) if rows
                        else self.tr("Chưa xuất tệp nào"))
        self.status_changed.emit(self._status)

    def status_text(self) -> str:
        return self._status

    def _office_status(self, text: str) -> None:
        self._status = text
        self.status_changed.emit(text)

    def _office_text(self, state: dict[str, Any]) -> str:
        name, code = state["office_name"], state["office_code"]
        return f"{name} ({code})" if name and code else (name or code or self.tr("(chưa rõ)"))

    # Exporting ------------------------------------------------------------------------------

    def export_file(self) -> None:
        """Ask (consent without the office's key, then the folder), then export in the background."""
        if self.office or self.is_exporting():
            return
        self.refresh()
        assert self.state is not None
        unencrypted = not self.state["encrypted"]
        if unencrypted and not self.confirm_unencrypted():
            return
        folder = self.choose_folder()
        if not folder:
            return
        path = self.db.path
        operation = Operation(self, lambda _progress: exports.export_to(path, folder, unencrypted=unencrypted),
                              success=lambda written: self._exported(written, unencrypted),
                              title=self.tr("Xuất tệp đồng bộ"))
        operation.with_progress(self.tr("Đang xuất tệp đồng bộ…"), cancellable=False)
        operation.finished.connect(self._export_ended)
        self._operation = operation
        if self.export_button is not None:
            self.export_button.setEnabled(False)
        operation.run()

    def is_exporting(self) -> bool:
        return self._operation is not None

    def confirm_unencrypted(self) -> bool:
        """The risk in plain words; True only when "Vẫn xuất không mã hóa" is chosen (Enter and Esc
        keep the safe answer)."""
        office = self._office_text(self.state or {"office_name": "", "office_code": ""})
        answer = ask(
            self, self.tr("Tệp sẽ không được mã hóa"),
            self.tr("Máy này chưa có khóa của văn phòng tổng hợp, nên tệp đồng bộ sẽ không được mã hóa. Ai có được "
                    "tệp — qua Zalo, thư điện tử, hay một chiếc USB bị mất — cũng đọc được họ tên, số CCCD và thu "
                    "nhập của các hộ trong tệp."),
            # The safe answer last: QMessageBox gives Esc to the one button with the reject role.
            [("unencrypted", self.tr("Vẫn xuất không mã hóa")), ("cancel", self.tr("Không xuất"))],
            default="cancel", icon=QMessageBox.Icon.Warning,
            details=self.tr(
                "Để tệp được mã hóa: xin văn phòng tổng hợp ({office}) gói cài đặt của xã và mã dùng một lần đi kèm "
                "(văn phòng đọc mã qua điện thoại), rồi tạo cơ sở dữ liệu của xã từ gói đó: Tệp → Tạo cơ sở dữ liệu "
                "mới…, chọn «Xã — từ gói cài đặt».\n\nNếu vẫn phải xuất bây giờ: tự mang tệp lên văn phòng bằng USB, "
                "đừng gửi qua mạng, và xóa tệp khỏi USB khi văn phòng đã nhận.").format(office=office))
        return answer == "unencrypted"

    def choose_folder(self) -> str:
        """A folder from the user (starting at the one chosen last time); "" when cancelled."""
        return choose_remembered_folder(self, self.tr("Chọn thư mục để lưu tệp đồng bộ (ví dụ USB)"), FOLDER_KEY)

    def _export_ended(self) -> None:
        self._operation = None
        if self.export_button is not None:
            self.export_button.setEnabled(True)
            self.receipt_button.setEnabled(True)
        self.refresh()  # also after a refusal: a file that failed while being written used its number

    def _exported(self, path: Path, unencrypted: bool) -> None:
        self.refresh()
        row = next((r for r in self.model.rows if r["file_name"] == path.name), None)
        number = row["sequence"] if row else "?"
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Đã xuất tệp đồng bộ"),
                          self.tr("Đã ghi tệp đồng bộ số {sequence}:\n{path}").format(sequence=number, path=path),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("exportDone")
        box.setTextFormat(Qt.TextFormat.PlainText)
        if unencrypted:
            box.setIcon(QMessageBox.Icon.Warning)
            box.setInformativeText(self.tr(
                "Tệp này không được mã hóa: chỉ mang lên văn phòng bằng USB, đừng gửi qua Zalo hay thư điện tử, và "
                "xóa tệp khỏi USB khi văn phòng đã nhận."))
        else:
            box.setInformativeText(self.tr(
                "Tệp đã được ký và mã hóa: chỉ văn phòng tổng hợp đọc được. Hãy mang tệp lên văn phòng bằng USB, "
                "hoặc gửi qua Zalo hay thư điện tử."))
        open_button = box.addButton(self.tr("Mở thư mục"), QMessageBox.ButtonRole.ActionRole)
        open_button.setObjectName("answer_open")
        open_button.clicked.connect(lambda: self.open_folder(path.parent))
        close_button = box.addButton(self.tr("Đóng"), QMessageBox.ButtonRole.RejectRole)
        close_button.setObjectName("answer_close")
        box.setDefaultButton(open_button)
        box.setEscapeButton(close_button)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.result_box = box

    # The office's key ------------------------------------------------------------------------

    def adopt_package(self) -> AdoptPackageDialog | None:
        """Ask for the package and its code, apply it; the pane then shows the office's key."""
        if self.office or self.is_exporting():
            return None
        dialog = AdoptPackageDialog(self.db.path, self)
        self.adopt_dialog = dialog
        dialog.accepted.connect(self._adopted)
        dialog.open()
        return dialog

    def _adopted(self) -> None:
        self.refresh()
        assert self.state is not None
        self.result_box = show_message(self, self.tr("Áp dụng gói cài đặt"), self.tr(
            "Đã nhận khóa của {office}. Từ lần xuất tới, tệp đồng bộ được mã hóa; văn phòng nhận ra máy này ngay từ "
            "tệp đầu tiên.\n\nDấu vân tay khóa của văn phòng: {fp} — đối chiếu với văn phòng qua điện thoại.").format(
                office=self._office_text(self.state), fp=self.state["office_fingerprint"]), "adoptDone")

    # Receipts -------------------------------------------------------------------------------

    def choose_receipt(self) -> str:
        """A receipt file from the user (starting in the export folder: the USB stick); "" when cancelled."""
        last = str(app_settings().value(FOLDER_KEY) or "")
        start = last if last and Path(last).is_dir() else str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Chọn biên nhận của văn phòng tổng hợp"), start,
                                                    self.tr("Biên nhận (*.gnreceipt);;Mọi tệp (*)"))
        return path

    def apply_receipt(self) -> Operation | None:
        """Choose a receipt and apply it in the background; what it said and changed is then shown."""
        if self.office or self.is_exporting():
            return None
        chosen = self.choose_receipt()
        if not chosen:
            return None
        path = self.db.path
        operation = Operation(self, lambda _progress: on_own_connection(path, lambda db: receipt.apply_receipt(db, chosen)),
                              success=self._receipt_applied, title=self.tr("Áp dụng biên nhận"))
        operation.with_progress(self.tr("Đang áp dụng biên nhận…"), cancellable=False)
        operation.finished.connect(self._export_ended)
        self._operation = operation
        self.receipt_button.setEnabled(False)
        operation.run()
        return operation

    def _receipt_applied(self, applied: Any) -> None:
        self.refresh()
        _last, lines = exports.last_receipt_lines(self.db)
        self.result_box = show_message(self, self.tr("Đã áp dụng biên nhận"), "\n".join(lines), "receiptDone")

    def open_folder(self, folder: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            inform(self, self.tr("Xuất tệp đồng bộ"),
                   self.tr("Không mở được thư mục {path}. Hãy mở bằng trình quản lý tệp.").format(path=folder),
                   QMessageBox.Icon.Warning)
