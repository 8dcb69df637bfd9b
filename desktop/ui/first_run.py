"""The dialog that creates a new database: kind, administrative-unit list, unit and file — or,
for a commune, the setup package its office sent and the package's one-time code.

Shown at the first start (no database yet) and from File → New database. The unit is picked
from a searchable list: typing "quai nua" or "03274" finds "03274 — Xã Quài Nưa (Huyện Tuần
Giáo)", with or without diacritics. The one-time code (`4821-0937-5512-2`, read by the office over
the phone) is checked as it is typed: a typo shows at once, before the package is opened. Once
made from a package, the dialog shows both keys' fingerprints to compare with the office. A
refusal from the core (the file exists, the code does not open the package, …) is shown in the
dialog, which stays open with nothing changed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Slot,
)
from PySide6.QtGui import QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import storage
from desktop.core.db import Database, create_database
from desktop.core.errors import Refusal
from desktop.core.paths import default_db_path
from desktop.core.reference import Unit, office_levels, units
from desktop.core.sync.package import fingerprints, init_from_package
from desktop.core.sync.setup_code import EXAMPLE, check_code
from desktop.core.text import fold
from desktop.ui import style
from desktop.ui.dialogs import inform

log = logging.getLogger(__name__)

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


def unit_choices(kind: str, units_list: str) -> list[tuple[str, str]]:
    """(code, label) of the units a database of this kind can be made for, in list order.

    Communes read "03274 — Xã Quài Nưa (Huyện Tuần Giáo)"; the parent is left out when it is
    the province (every commune of the 2025 list), where it would say nothing.
    """
    table = units(units_list)
    if kind == "commune":
        chosen = [u for u in table.values() if u.is_commune]
    else:
        levels = office_levels(units_list)
        chosen = [u for u in table.values() if u.level in levels]
    return [(u.code, _unit_label(u, table)) for u in chosen]


def _unit_label(unit: Unit, table: dict[str, Unit]) -> str:
    parent = table.get(unit.parent_code)
    if parent is None or (unit.is_commune and parent.level == "province"):
        return f"{unit.code} — {unit.name}"
    return f"{unit.code} — {unit.name} ({parent.name})"


def suggest_free_path(path: Path) -> Path:
    """`path` if no file is there yet, else the first free "name-2.db", "name-3.db", …"""
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


class _FoldedFilter(QSortFilterProxyModel):
    """Keeps the rows whose folded text contains every folded word typed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._words: list[str] = []

    def set_query(self, text: str) -> None:
        if not hasattr(self, "endFilterChange"):  # Qt before 6.10, where this is not deprecated yet
            self._words = fold(text).split()
            self.invalidateRowsFilter()
            return
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        key = self.sourceModel().index(source_row, 0, source_parent).data(SEARCH_ROLE) or ""
        return all(word in key for word in self._words)


class UnitComboBox(QComboBox):
    """An editable combo whose completer finds units by any part of the code or name."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)

        self._filter = _FoldedFilter(self)
        self._filter.setSourceModel(self._model)
        completer = QCompleter(self._filter, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self.lineEdit().textEdited.connect(self._on_text_edited)
        self.lineEdit().installEventFilter(self)

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        self._model.clear()
        for code, label in choices:
            item = QStandardItem(label)
            item.setData(code, CODE_ROLE)
            item.setData(fold(label), SEARCH_ROLE)
            self._model.appendRow(item)
        self._filter.set_query("")
        self.setCurrentIndex(-1)
        self.clearEditText()

    def selected_code(self) -> str | None:
        """The chosen unit's code, or None while the text is not exactly one of the items."""
        row = self.currentIndex()
        if row < 0 or self.currentText() != self.itemText(row):
            return None
        return self.itemData(row, CODE_ROLE)

    def select_code(self, code: str) -> bool:
        row = self.findData(code, CODE_ROLE)
        if row >= 0:
            self._select_row(row)
        return row >= 0

    def _select_row(self, row: int) -> None:
        self.setCurrentIndex(row)
        # Also when the row was current already but its text had been edited since.
        self.setEditText(self.itemText(row))
        self.completer().popup().hide()

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        self._filter.set_query(text)
        if self._filter.rowCount() and text.strip():
            self.completer().complete()
        else:
            self.completer().popup().hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.lineEdit()
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.selected_code() is None
        ):
            # Enter while choosing picks the unit (the exact text or the single match left) and
            # stops there: it must not also press the dialog's default button.
            self._pick_typed_unit()
            return True
        return super().eventFilter(watched, event)

    def _pick_typed_unit(self) -> None:
        row = self.findText(self.currentText().strip(), Qt.MatchFlag.MatchFixedString)
        if row < 0 and self._filter.rowCount() == 1:
            row = self._filter.mapToSource(self._filter.index(0, 0)).row()
        if row >= 0:
            self._select_row(row)


class FirstRunDialog(QDialog):
    """Create a commune or consolidating-office database; `database` holds it once created."""

    def __init__(self, parent: QWidget | None = None, default_path: Path | None = None):
        super().__init__(parent)
        self.database: Database | None = None
        self.setWindowTitle(self.tr("Tạo cơ sở dữ liệu mới"))
        self.setMinimumWidth(640)

        intro = QLabel(
            self.tr(
                "Chọn đơn vị của bạn để tạo cơ sở dữ liệu. Mỗi xã dùng một cơ sở dữ liệu riêng; "
                "văn phòng tổng hợp dùng cơ sở dữ liệu để nhận và gộp dữ liệu của các xã."
            ),
            self,
        )
        intro.setWordWrap(True)

        self.kind_commune = QRadioButton(self.tr("Xã — cơ sở dữ liệu của một xã"), self)
        self.kind_office = QRadioButton(
            self.tr("Văn phòng tổng hợp — nhận và gộp dữ liệu của các xã"), self
        )
        self.kind_package = QRadioButton(
            self.tr("Xã — từ gói cài đặt do văn phòng tổng hợp gửi (kèm mã dùng một lần)"), self
        )
        self.kind_commune.setChecked(True)
        self._kind_group = QButtonGroup(self)
        self._kind_group.addButton(self.kind_commune)
        self._kind_group.addButton(self.kind_package)
        self._kind_group.addButton(self.kind_office)

        self.units_2023 = QRadioButton(self.tr("Trước 1/7/2025 — có cấp huyện (danh mục 2023)"), self)
        self.units_2025 = QRadioButton(
            self.tr("Từ 1/7/2025 — sau sắp xếp, không còn cấp huyện (danh mục 2025)"), self
        )
        self.units_2023.setChecked(True)
        self._units_group = QButtonGroup(self)
        self._units_group.addButton(self.units_2023)
        self._units_group.addButton(self.units_2025)

        self.unit_combo = UnitComboBox(self)
        self.unit_combo.lineEdit().setPlaceholderText(self.tr("Gõ tên hoặc mã để tìm…"))
        self.unit_hint = QLabel(self)
        self.unit_hint.setWordWrap(True)
        hint_font = self.unit_hint.font()
        hint_font.setPointSizeF(hint_font.pointSizeF() * 0.9)
        self.unit_hint.setFont(hint_font)

        self.package_edit = QLineEdit(self)
        self.package_edit.setPlaceholderText(self.tr("Tệp .gnsetup văn phòng tổng hợp gửi (USB)"))
        self.package_button = QPushButton(self.tr("Chọn…"), self)
        self.package_button.clicked.connect(self._browse_package)
        package_row = QHBoxLayout()
        package_row.addWidget(self.package_edit, 1)
        package_row.addWidget(self.package_button)
        self.code_edit = QLineEdit(self)
        self.code_edit.setPlaceholderText(EXAMPLE)
        self.code_edit.setMaxLength(40)
        self.code_hint = QLabel(
            self.tr(
                "Mã dùng một lần gồm 13 chữ số, dạng {example}: văn phòng tổng hợp đọc cho xã qua điện "
                "thoại. Gõ có hay không có dấu gạch ngang đều được; số cuối là số kiểm tra."
            ).format(example=EXAMPLE),
            self,
        )
        self.code_hint.setWordWrap(True)
        self.code_hint.setFont(hint_font)
        self.code_hint.setStyleSheet(style.text_style(style.MUTED))
        self.code_error = QLabel(self)
        self.code_error.setObjectName("codeError")
        self.code_error.setWordWrap(True)
        self.code_error.setStyleSheet(style.text_style(style.ERROR))
        self.code_error.hide()

        self.path_edit = QLineEdit(str(suggest_free_path(Path(default_path or default_db_path()))), self)
        self.browse_button = QPushButton(self.tr("Chọn…"), self)
        self.browse_button.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(style.text_style(style.ERROR, bold=True))
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        buttons = QDialogButtonBox(self)
        # Our own button texts: Qt ships no Vietnamese translation of its standard buttons.
        self.create_button = buttons.addButton(
            self.tr("Tạo cơ sở dữ liệu"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._create)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(6)
        layout.addWidget(intro)
        self._add_step(
            layout, self.tr("1. Loại cơ sở dữ liệu"), [self.kind_commune, self.kind_package, self.kind_office]
        )
        self.units_step = self._add_step(
            layout, self.tr("2. Danh mục đơn vị hành chính"), [self.units_2023, self.units_2025]
        )
        self.unit_step = self._add_step(layout, self.tr("3. Đơn vị"), [self.unit_combo, self.unit_hint])
        self.package_step = self._add_step(
            layout,
            self.tr("2. Gói cài đặt và mã dùng một lần"),
            [package_row, self.code_edit, self.code_hint, self.code_error],
        )
        self.path_step = self._add_step(layout, "", [path_row])
        layout.addSpacing(10)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addSpacing(6)
        layout.addWidget(buttons)

        self._kind_group.buttonToggled.connect(self._reload_units)
        self._units_group.buttonToggled.connect(self._reload_units)
        self.unit_combo.currentIndexChanged.connect(self._update_state)
        self.unit_combo.editTextChanged.connect(self._update_state)
        self.path_edit.textChanged.connect(self._update_state)
        self.package_edit.textChanged.connect(self._update_state)
        self.code_edit.textChanged.connect(self._update_state)
        self._reload_units()

    def _add_step(self, layout: QVBoxLayout, heading: str, fields: list[QWidget | QHBoxLayout]) -> QWidget:
        """A numbered step: its heading and fields, in one widget that can be hidden whole."""
        step = QWidget(self)
        inner = QVBoxLayout(step)
        inner.setContentsMargins(0, 10, 0, 0)
        inner.setSpacing(6)
        label = QLabel(heading, step)
        label.setObjectName("stepHeading")
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        inner.addWidget(label)
        block = QVBoxLayout()
        block.setContentsMargins(16, 0, 0, 0)
        block.setSpacing(4)
        for field in fields:
            if isinstance(field, QWidget):
                block.addWidget(field)
            else:
                block.addLayout(field)
        inner.addLayout(block)
        layout.addWidget(step)
        return step

    def kind(self) -> str:
        """'commune', 'office', or 'package' (a commune made from its office's setup package)."""
        if self.kind_office.isChecked():
            return "office"
        return "package" if self.kind_package.isChecked() else "commune"

    def units_list(self) -> str:
        return "2025" if self.units_2025.isChecked() else "2023"

    @Slot()
    def _reload_units(self, *_args: object) -> None:
        from_package = self.kind() == "package"
        self.units_step.setVisible(not from_package)
        self.unit_step.setVisible(not from_package)
        self.package_step.setVisible(from_package)
        self.path_step.findChild(QLabel, "stepHeading").setText(
            self.tr("3. Nơi lưu tệp dữ liệu") if from_package else self.tr("4. Nơi lưu tệp dữ liệu")
        )
        choices = unit_choices("office" if self.kind() == "office" else "commune", self.units_list())
        self.unit_combo.set_choices(choices)
        if len(choices) == 1:  # the province as office after 2025: nothing to choose
            self.unit_combo.select_code(choices[0][0])
        if self.kind() != "office":
            hint = self.tr("Gõ vài chữ của tên hoặc mã xã để tìm, ví dụ “quai nua” hoặc “03274”.")
        elif self.units_list() == "2023":
            hint = self.tr("Văn phòng tổng hợp theo danh mục 2023 là cấp huyện, ví dụ “099 — Huyện Tuần Giáo”.")
        else:
            hint = self.tr("Sau 1/7/2025 không còn cấp huyện: văn phòng tổng hợp là cấp tỉnh.")
        self.unit_hint.setText(hint)
        self._update_state()

    @Slot()
    def _update_state(self, *_args: object) -> None:
        self.error_label.hide()
        typo = check_code(self.code_edit.text(), typing=True)  # as it is typed: a typo shows at once
        self.code_error.setText(typo or "")
        self.code_error.setVisible(bool(typo))
        if self.kind() == "package":
            chosen = bool(self.package_edit.text().strip()) and check_code(self.code_edit.text()) is None
        else:
            chosen = self.unit_combo.selected_code() is not None
        self.create_button.setEnabled(chosen and bool(self.path_edit.text().strip()))

    @Slot()
    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Chọn nơi lưu cơ sở dữ liệu"),
            self.path_edit.text(),
            self.tr("Cơ sở dữ liệu Sổ Giảm Nghèo (*.db);;Tất cả các tệp (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,  # an existing file is refused anyway
        )
        if path:
            self.path_edit.setText(path)

    @Slot()
    def _browse_package(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Chọn gói cài đặt"),
            self.package_edit.text(),
            self.tr("Gói cài đặt Sổ Giảm Nghèo (*.gnsetup);;Tất cả các tệp (*)"),
        )
        if path:
            self.package_edit.setText(path)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    @Slot()
    def _create(self) -> None:
        if not self.create_button.isEnabled():
            return
        code = self.unit_combo.selected_code()
        text = self.path_edit.text().strip()
        path = Path(text).expanduser()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.kind() == "package":
                # Deriving the key from the code takes about a second, on purpose (Argon2id).
                package = Path(self.package_edit.text().strip()).expanduser()
                self.database = init_from_package(path, package, self.code_edit.text())
            else:
                self.database = create_database(path, self.kind(), code, self.units_list())
        except Refusal as refusal:
            self.show_error(refusal.message)
            return
        except Exception as error:
            # A folder that cannot be written (no permission, a removed USB stick, a full disk, …):
            # the core says why in plain words; anything else is a bug and keeps its traceback.
            reason = storage.output_reason(error, path)
            if reason is None:
                raise
            log.warning("cannot create %s: %s", path, error)
            self.show_error(self.tr("Không tạo được tệp {path}: {error}").format(path=path, error=reason))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        if self.kind() == "package":
            self._show_fingerprints(self.database)
        self.accept()

    def _show_fingerprints(self, db: Database) -> None:
        keys = fingerprints(db)
        inform(
            self,
            self.tr("Đối chiếu khóa với văn phòng tổng hợp"),
            self.tr(
                "Đã tạo cơ sở dữ liệu của {name} từ gói cài đặt.\n\n"
                "Dấu vân tay khóa của văn phòng tổng hợp {office}: {office_fp}\n"
                "Dấu vân tay khóa của máy này: {own_fp}\n\n"
                "Hãy gọi điện cho văn phòng: đối chiếu dấu vân tay của văn phòng, và đọc dấu vân tay "
                "của máy này để văn phòng đối chiếu."
            ).format(name=db.identity.unit_name, office=keys.office_name, office_fp=keys.office, own_fp=keys.own),
        )


def ask_new_database(parent: QWidget | None = None, default_path: Path | None = None) -> Database | None:
    """Run the dialog; the new, open database, or None when the user cancelled."""
    dialog = FirstRunDialog(parent, default_path)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.database
        return None
    finally:
        dialog.deleteLater()
