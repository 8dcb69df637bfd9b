"""Setup packages for many communes at once, on the office's "Gói cài đặt" tab: the dialog that
picks the communes (where each stands: its key, its last package — `setup_batch.setup_states`),
the list of the packages made (commune, file, one-time code, or why a commune got none), and the
plain text of that list for the handover paper. The batch itself runs in the tab, in the
background (`setup_batch.write_setup_packages`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import formats
from desktop.core.sync.setup_batch import NOT_BEGUN, REFUSED, WRITTEN, BatchItem, CommuneSetup
from desktop.ui import style
from desktop.ui.office_sync.common import ShadedModel, paragraph

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


def code_font(base: QFont) -> QFont:
    """The one-time code's font in a list: monospace and bold, so that 0 and 8 or 1 and 7 read apart."""
    font = QFont(base)
    font.setFamily("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(base.pointSizeF() * 1.15)
    font.setBold(True)
    return font


class ChooseCommunesDialog(QDialog):
    """Tick the communes to make packages for; those that need one (no key, no package that could
    still enrol a computer) are ticked at first. `chosen` holds their codes once accepted (the order
    of the administrative list)."""

    COL_NAME, COL_KEY, COL_PACKAGE = range(3)

    def __init__(self, parent: QWidget | None, states: Sequence[CommuneSetup]):
        super().__init__(parent)
        self.setObjectName("chooseCommunesDialog")
        self.setWindowTitle(self.tr("Tạo gói cài đặt cho nhiều xã"))
        self.setMinimumWidth(760)
        self.states = list(states)
        self.chosen: list[str] = []
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(paragraph(self, self.tr(
            "Các xã cần gói cài đặt (chưa có khóa, chưa có gói nào còn dùng được) đã được đánh dấu sẵn. Các gói được lưu "
            "vào một thư mục, mỗi xã một tệp và một mã dùng một lần. Gói mới thay gói trước của xã đó: mã của gói trước "
            "không đăng ký được máy nữa. Xã đã có khóa chỉ cần gói mới khi thay máy.")))

        self.table = QTableWidget(len(self.states), 3, self)
        self.table.setObjectName("chooseCommunes")
        self.table.setHorizontalHeaderLabels([self.tr("Xã"), self.tr("Khóa của xã"), self.tr("Gói cài đặt gần nhất")])
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(self.COL_NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COL_KEY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COL_PACKAGE, QHeaderView.ResizeMode.Stretch)
        fixed = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        for row, state in enumerate(self.states):
            name = QTableWidgetItem(state.name)
            name.setFlags(fixed | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Checked if state.needs_package else Qt.CheckState.Unchecked)
            name.setData(CODE_ROLE, state.code)
            key = QTableWidgetItem(self.tr("đã công nhận") if state.bound_key else self.tr("chưa có"))
            key.setFlags(fixed)
            if state.bound_key:
                key.setToolTip(state.bound_key)
            else:
                key.setForeground(style.brush(style.MUTED))
            made = QTableWidgetItem(self.package_text(state))
            made.setFlags(fixed)
            for column, item in enumerate((name, key, made)):
                self.table.setItem(row, column, item)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        # A district's ~20 communes show without scrolling where the screen allows (16 rows at 768 pixels).
        self.table.setMinimumHeight(min(len(self.states), 16) * (self.table.fontMetrics().height() + 10)
                                    + header.sizeHint().height() + 2 * self.table.frameWidth())
        if self.states:
            self.table.setCurrentCell(0, self.COL_NAME)
        self.table.itemChanged.connect(lambda _item: self._count())
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.needed_button = QPushButton(self.tr("Các xã cần gói"), self)
        self.needed_button.setObjectName("chooseNeeded")
        self.needed_button.setToolTip(self.tr("Các xã chưa có khóa và chưa có gói nào còn dùng được"))
        self.needed_button.clicked.connect(lambda: self.choose(lambda s: s.needs_package))
        self.all_button = QPushButton(self.tr("Chọn tất cả"), self)
        self.all_button.setObjectName("chooseAll")
        self.all_button.clicked.connect(lambda: self.choose(lambda s: True))
        self.none_button = QPushButton(self.tr("Bỏ chọn tất cả"), self)
        self.none_button.setObjectName("chooseNone")
        self.none_button.clicked.connect(lambda: self.choose(lambda s: False))
        for button in (self.needed_button, self.all_button, self.none_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("chosenCount")
        self.count_label.setStyleSheet(style.text_style(style.TEXT, True))
        row.addWidget(self.count_label)
        layout.addLayout(row)

        buttons = QDialogButtonBox(self)
        self.make_button = buttons.addButton(self.tr("Chọn thư mục và tạo gói…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.make_button.setObjectName("makePackages")
        self.cancel_button = buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancelButton")
        self.make_button.clicked.connect(self._accept)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._count()
        self.resize(self.sizeHint().width(), self.sizeHint().height())

    def package_text(self, state: CommuneSetup) -> str:
        if not state.package_made:
            return self.tr("chưa tạo")
        made = formats.moment_text(state.package_made)[:10]  # the local date
        if state.package_used:
            return self.tr("tạo ngày {made}, đã đăng ký máy ngày {used}").format(
                made=made, used=formats.moment_text(state.package_used)[:10])
        if state.package_expired:
            return self.tr("tạo ngày {made}, đã hết hạn").format(made=made)
        return self.tr("tạo ngày {made}, chưa dùng").format(made=made)

    def choose(self, wanted: Any) -> None:
        """Tick the communes `wanted(state)` accepts, untick the others."""
        for row, state in enumerate(self.states):
            self.table.item(row, self.COL_NAME).setCheckState(
                Qt.CheckState.Checked if wanted(state) else Qt.CheckState.Unchecked)

    def ticked(self) -> list[str]:
        return [self.states[row].code for row in range(self.table.rowCount())
                if self.table.item(row, self.COL_NAME).checkState() == Qt.CheckState.Checked]

    def _count(self) -> None:
        n = len(self.ticked())
        self.count_label.setText(self.tr("Đã chọn %n xã", "", n))
        self.make_button.setEnabled(n > 0)

    def _accept(self) -> None:
        self.chosen = self.ticked()
        if self.chosen:
            self.accept()


class BatchModel(ShadedModel):
    """The batch's communes, in the order chosen: the package's file and its one-time code, or why
    the commune got none."""

    columns = ("commune", "file", "code", "status")

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.code_font = code_font(QGuiApplication.font())

    def headers(self) -> dict[str, str]:
        return {"commune": self.tr("Xã"), "file": self.tr("Tệp gói cài đặt"), "code": self.tr("Mã dùng một lần"),
                "status": self.tr("Tình trạng")}

    def status_text(self, item: BatchItem) -> str:
        if item.status == WRITTEN:
            return self.tr("Đã tạo")
        if item.status == NOT_BEGUN:
            return self.tr("Chưa tạo (đã dừng)")
        return self.tr("Không tạo được: {why}").format(why=item.message)

    def text(self, row: dict[str, Any], column: str) -> str:
        item: BatchItem = row["item"]
        if column == "commune":
            return item.commune_name
        if column == "file":
            return item.path.name if item.status == WRITTEN else ""
        if column == "code":
            return item.issued.code if item.issued is not None else ""
        if column == "status":
            return self.status_text(item)
        return ""

    def background(self, row: dict[str, Any], column: str) -> Any:
        return style.brush(style.ERROR_BACKGROUND) if column == "status" and row["item"].status == REFUSED else None

    def foreground(self, row: dict[str, Any], column: str) -> Any:
        item: BatchItem = row["item"]
        if column == "code":
            return style.brush(style.OK)
        return style.brush(style.MUTED) if item.status == NOT_BEGUN else None

    def tooltip(self, row: dict[str, Any], column: str) -> str | None:
        item: BatchItem = row["item"]
        if column == "file" and item.status == WRITTEN:
            return str(item.path)
        if column == "status" and item.message:
            return item.message
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.FontRole and self.columns[index.column()] == "code":
            return self.code_font
        return super().data(index, role)

    def written(self) -> list[BatchItem]:
        return [row["item"] for row in self.rows if row["item"].status == WRITTEN and row["item"].issued is not None]

    def handover_text(self, office: str, when: str) -> str:
        """The packages written, as plain text for the paper handed to whoever phones the communes:
        a heading, the office's fingerprint, then one line per commune: name — file — code."""
        written = self.written()
        if not written:
            return ""
        lines = [self.tr("Gói cài đặt của {office}, tạo ngày {when}").format(office=office, when=when),
                 self.tr("Dấu vân tay khóa của văn phòng: {fp}").format(fp=written[0].issued.office_fingerprint),
                 ""]
        lines += [f"{i.commune_name} — {i.path.name} — {i.issued.code}" for i in written]
        return "\n".join(lines) + "\n"
