"""The commune's villages (thôn/bản): the list with households, ĐBKK period and population, and
the forms that add, rename, merge, flag ĐBKK and record population.

`VillagesDialog(store, parent)` is self-contained. The table shows, for a chosen year, each
village's households in the register, its ĐBKK period and its total households and population
(the denominators of the poverty rate). Each action opens a small form under the table (no
dialog over a dialog): its messages show beside the field as the user types, Save stays disabled
while an error stands, Enter saves and Esc closes the form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import formats, villages
from desktop.core.errors import Checked, Refusal, ValidationFailed
from desktop.core.store import Store
from desktop.core.villages import AreaFlag, VillageSummary
from desktop.ui import style
from desktop.ui.forms import Form, set_message

ID_ROLE = Qt.ItemDataRole.UserRole + 1
_ROOT = QModelIndex()


class VillagesModel(QAbstractTableModel):
    """The villages of the commune for one year (a few dozen rows: all held in memory)."""

    COL_NAME, COL_HOUSEHOLDS, COL_DBKK, COL_TOTAL, COL_POPULATION = range(5)

    def __init__(self, store: Store, year: int, parent: Any = None):
        super().__init__(parent)
        self.store = store
        self.year = year
        self.rows: list[VillageSummary] = []
        self.reload()

    def reload(self, year: int | None = None) -> None:
        self.beginResetModel()
        if year is not None:
            self.year = year
        self.rows = villages.list_villages(self.store, self.year)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [
            self.tr("Thôn/bản"), self.tr("Hộ trong sổ"), self.tr("ĐBKK"),
            self.tr("Tổng số hộ {year}").format(year=self.year),
            self.tr("Nhân khẩu {year}").format(year=self.year),
        ][section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.COL_HOUSEHOLDS, self.COL_TOTAL,
                                                                    self.COL_POPULATION):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_DBKK and row.dbkk and row.dbkk.decision:
            return row.dbkk.decision
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_NAME and row.notes:
            return row.notes
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.COL_NAME:
            return row.name
        if column == self.COL_HOUSEHOLDS:
            return formats.count(row.households)
        if column == self.COL_DBKK:
            return row.dbkk.period() if row.dbkk else ""
        population = row.population
        if column == self.COL_TOTAL:
            return formats.count(population.households_total if population else None)
        return formats.count(population.population_total if population else None)

    def row_of(self, village_id: int) -> int:
        return next((n for n, row in enumerate(self.rows) if row.id == village_id), -1)


class _Form(QWidget):
    """One action's fields (a `Form`: each message below its field) and the Save/Cancel buttons."""

    def __init__(self, dialog: VillagesDialog, title: str):
        super().__init__(dialog)
        self.dialog = dialog
        self.title = title
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(style.text_style(style.MUTED))
        self.save_button = QPushButton(self.tr("Lưu"), self)
        self.cancel_button = QPushButton(self.tr("Hủy"), self)
        for button in (self.save_button, self.cancel_button):
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(96)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(dialog.close_form)
        self.form = Form(self, self.check, self.save_button, hints=False)
        self.message = self.form.message_label
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.message, 1)
        self.buttons.addStretch(0)
        self.buttons.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.buttons.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.heading = QLabel(self)
        self.heading.setObjectName("formHeading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(self.form.layout)
        layout.addLayout(self.buttons)

    @property
    def store(self) -> Store:
        return self.dialog.store

    def add_row(self, key: str, text: str, widget: QWidget, *, required: bool = False,
                also: tuple[str, ...] = ()) -> Any:
        self.form.add_row(key, text, widget, required=required, also=also)
        return widget

    def touch(self, key: str) -> None:
        self.form.touch(key)

    def reset(self) -> None:
        """Errors hidden again until the fields are touched (the form opens anew)."""
        self.form.reset()

    def error_text(self, key: str) -> str:
        return self.form.error_text(key)

    def check(self) -> Checked:
        return Checked(errors=self.errors(), warnings=self.warnings())

    @Slot()
    def validate(self) -> bool:
        return self.form.validate()

    @Slot()
    def save(self) -> None:
        submitted = self.form.submit(self.commit)
        if submitted.ok:
            village_id, done = submitted.result
            self.dialog.form_saved(village_id, done)

    def first_field(self) -> QWidget:
        return self.form.first_field()

    def fix_tab_order(self) -> None:
        """Tab goes through the fields in the order shown, then the buttons."""
        buttons = [self.buttons.itemAt(i).widget() for i in range(self.buttons.count())]
        self.form.fix_tab_order([b for b in buttons if isinstance(b, QPushButton)])

    # Subclasses --------------------------------------------------------------------------------

    def open_for(self, village: VillageSummary | None) -> None:
        raise NotImplementedError

    def errors(self) -> dict[str, str]:
        raise NotImplementedError

    def warnings(self) -> dict[str, str]:
        return {}

    def commit(self) -> tuple[int | None, str]:
        raise NotImplementedError


class AddForm(_Form):
    def __init__(self, dialog: VillagesDialog):
        super().__init__(dialog, "")
        self.title = self.tr("Thêm thôn/bản")
        self.intro.setText(self.tr("Thôn/bản mới được thêm vào danh sách của xã."))
        self.name_edit = self.add_row("name", self.tr("Tên thôn/bản"), QLineEdit(self), required=True)
        self.name_edit.setPlaceholderText(self.tr("ví dụ: Bản Phiêng Pi"))
        self.name_edit.setMaxLength(80)
        self.notes_edit = self.add_row("notes", self.tr("Ghi chú"), QLineEdit(self))

    def open_for(self, village: VillageSummary | None) -> None:
        self.name_edit.clear()
        self.notes_edit.clear()
        self.reset()

    def errors(self) -> dict[str, str]:
        return villages.check_village(self.store, self.name_edit.text()).errors

    def commit(self) -> tuple[int | None, str]:
        village_id = villages.add_village(self.store, self.name_edit.text(), self.notes_edit.text())
        name = self.store.get("villages", village_id)["name"]
        return village_id, self.tr("Đã thêm “{name}”.").format(name=name)


class RenameForm(_Form):
    def __init__(self, dialog: VillagesDialog):
        super().__init__(dialog, "")
        self.name_edit = self.add_row("name", self.tr("Tên mới"), QLineEdit(self), required=True)
        self.name_edit.setMaxLength(80)
        self.reason_edit = self.add_row("reason", self.tr("Lý do"), QLineEdit(self))
        self.reason_edit.setPlaceholderText(self.tr("ví dụ: số quyết định đổi tên"))
        self.village: VillageSummary | None = None

    def open_for(self, village: VillageSummary | None) -> None:
        self.village = village
        assert village is not None
        self.title = self.tr("Đổi tên “{name}”").format(name=village.name)
        self.intro.setText(self.tr("Tên cũ vẫn được giữ trong nhật ký thay đổi; các hộ của thôn/bản không đổi."))
        self.reset()
        self.name_edit.setText(village.name)
        self.name_edit.selectAll()
        self.reason_edit.clear()

    def errors(self) -> dict[str, str]:
        assert self.village is not None
        return villages.check_village(self.store, self.name_edit.text(), self.village.id).errors

    def commit(self) -> tuple[int | None, str]:
        assert self.village is not None
        changed = villages.rename_village(self.store, self.village.id, self.name_edit.text(), self.reason_edit.text())
        if not changed:
            return self.village.id, self.tr("Tên không thay đổi.")
        name = self.store.get("villages", self.village.id)["name"]
        return self.village.id, self.tr("Đã đổi tên “{old}” thành “{new}”.").format(old=self.village.name, new=name)


class MergeForm(_Form):
    def __init__(self, dialog: VillagesDialog):
        super().__init__(dialog, "")
        self.target_combo = QComboBox(self)
        self.target_combo.setPlaceholderText(self.tr("— chọn —"))
        self.add_row("target_id", self.tr("Gộp vào"), self.target_combo, required=True)
        self.reason_edit = self.add_row("reason", self.tr("Lý do"), QLineEdit(self))
        self.reason_edit.setPlaceholderText(self.tr("ví dụ: Nghị quyết sáp nhập thôn, bản số …"))
        self.village: VillageSummary | None = None

    def open_for(self, village: VillageSummary | None) -> None:
        assert village is not None
        self.village = village
        self.title = self.tr("Gộp “{name}” vào thôn/bản khác").format(name=village.name)
        moved = villages.household_count(self.store, village.id, active_only=False)
        self.intro.setText(self.tr(
            "{count} hộ của “{name}” sẽ chuyển sang thôn/bản được chọn; “{name}” được đánh dấu đã gộp "
            "(không xóa hẳn, số liệu cũ vẫn giữ). Hãy cập nhật lại dân số của thôn/bản nhận."
        ).format(count=moved, name=village.name))
        self.target_combo.blockSignals(True)
        self.target_combo.clear()
        for other in villages.villages(self.store):
            if other["id"] != village.id:
                self.target_combo.addItem(other["name"], other["id"])
        self.target_combo.setCurrentIndex(-1)
        self.target_combo.blockSignals(False)
        self.reason_edit.clear()
        self.reset()

    def target(self) -> int | None:
        return self.target_combo.currentData() if self.target_combo.currentIndex() >= 0 else None

    def errors(self) -> dict[str, str]:
        assert self.village is not None
        return villages.check_merge(self.store, self.village.id, self.target()).errors

    def commit(self) -> tuple[int | None, str]:
        assert self.village is not None
        target = self.target()
        moved = villages.merge_villages(self.store, self.village.id, target, self.reason_edit.text())
        return target, self.tr("Đã gộp “{source}” vào “{target}”: {count} hộ được chuyển.").format(
            source=self.village.name, target=self.target_combo.currentText(), count=moved)


class DbkkForm(_Form):
    """Add a ĐBKK period to the selected village or the commune, or change or remove one."""

    def __init__(self, dialog: VillagesDialog):
        super().__init__(dialog, "")
        scope = QWidget(self)
        row = QHBoxLayout(scope)
        row.setContentsMargins(0, 0, 0, 0)
        self.village_radio = QRadioButton(scope)
        self.commune_radio = QRadioButton(self.tr("Cả xã"), scope)
        row.addWidget(self.village_radio)
        row.addWidget(self.commune_radio)
        row.addStretch(1)
        self.add_row("village_id", self.tr("Áp dụng cho"), scope)
        self.village_radio.toggled.connect(self._scope_changed)
        self.period_combo = QComboBox(self)
        self.add_row("period", self.tr("Giai đoạn"), self.period_combo)
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        years = QWidget(self)
        year_row = QHBoxLayout(years)
        year_row.setContentsMargins(0, 0, 0, 0)
        self.from_edit = QLineEdit(years)
        self.to_edit = QLineEdit(years)
        for edit in (self.from_edit, self.to_edit):
            edit.setMaxLength(4)
            edit.setMaximumWidth(90)
        self.to_edit.setPlaceholderText(self.tr("chưa rõ"))
        to_label = QLabel(self.tr("đến năm"), years)
        to_label.setBuddy(self.to_edit)
        year_row.addWidget(self.from_edit)
        year_row.addWidget(to_label)
        year_row.addWidget(self.to_edit)
        year_row.addStretch(1)
        # The end year has no line of its own: its message shows under the years.
        self.add_row("from_year", self.tr("Từ năm"), years, required=True, also=("to_year",))
        self.from_edit.textChanged.connect(lambda _t: self.touch("from_year"))
        self.to_edit.textChanged.connect(lambda _t: self.touch("to_year"))
        self.decision_edit = self.add_row("decision", self.tr("Quyết định"), QLineEdit(self))
        self.decision_edit.setPlaceholderText(self.tr("số, ngày, cơ quan ban hành; ví dụ 612/QĐ-UBDT ngày 16/9/2021"))
        self.reason_edit = self.add_row("reason", self.tr("Lý do sửa, bỏ"), QLineEdit(self))
        self.remove_button = QPushButton(self.tr("Bỏ giai đoạn này"), self)
        self.remove_button.setToolTip(self.tr("Dùng khi giai đoạn được nhập nhầm; cần ghi lý do."))
        self.remove_button.clicked.connect(self.remove)
        self.buttons.insertWidget(1, self.remove_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.village: VillageSummary | None = None
        self.flags: list[AreaFlag] = []

    def first_field(self) -> QWidget:
        return self.period_combo

    def scope(self) -> int | None:
        return self.village.id if self.village is not None and self.village_radio.isChecked() else None

    def open_for(self, village: VillageSummary | None) -> None:
        self.village = village
        self.title = self.tr("Thôn/bản, xã đặc biệt khó khăn (ĐBKK)")
        self.intro.setText(self.tr("Giai đoạn ĐBKK theo quyết định của cấp có thẩm quyền; để trống năm kết thúc "
                                   "khi chưa có quyết định mới."))
        self.village_radio.setEnabled(village is not None)
        self.village_radio.setText(village.name if village else self.tr("Thôn/bản (chưa chọn)"))
        self.village_radio.blockSignals(True)
        self.commune_radio.blockSignals(True)
        (self.village_radio if village is not None else self.commune_radio).setChecked(True)
        self.village_radio.blockSignals(False)
        self.commune_radio.blockSignals(False)
        self._scope_changed()

    @Slot()
    def _scope_changed(self, *_args: object) -> None:
        self.flags = villages.area_flags(self.store, self.scope())
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        self.period_combo.addItem(self.tr("Thêm giai đoạn mới"), None)
        for flag in self.flags:
            text = flag.period() + (f" — {flag.decision}" if flag.decision else "")
            self.period_combo.addItem(text, flag.id)
        self.period_combo.setCurrentIndex(0)
        self.period_combo.blockSignals(False)
        self._period_changed()

    def flag(self) -> AreaFlag | None:
        flag_id = self.period_combo.currentData()
        return next((f for f in self.flags if f.id == flag_id), None)

    @Slot()
    def _period_changed(self, *_args: object) -> None:
        flag = self.flag()
        for edit, value in ((self.from_edit, flag.from_year if flag else ""),
                            (self.to_edit, flag.to_year if flag and flag.to_year else ""),
                            (self.decision_edit, flag.decision if flag else ""),
                            (self.reason_edit, "")):
            edit.blockSignals(True)
            edit.setText(str(value))
            edit.blockSignals(False)
        self.remove_button.setVisible(flag is not None)
        self.form.set_row_visible("reason", flag is not None)
        self.reset()
        self.validate()

    def errors(self) -> dict[str, str]:
        flag = self.flag()
        return villages.check_dbkk(self.store, self.scope(), self.from_edit.text(), self.to_edit.text(),
                                   self.decision_edit.text(), flag.id if flag else None).errors

    def commit(self) -> tuple[int | None, str]:
        flag = self.flag()
        args = (self.from_edit.text(), self.to_edit.text(), self.decision_edit.text())
        if flag is None:
            villages.add_dbkk(self.store, self.scope(), *args)
            done = self.tr("Đã ghi giai đoạn ĐBKK.")
        elif villages.update_dbkk(self.store, flag.id, *args, reason=self.reason_edit.text()):
            done = self.tr("Đã sửa giai đoạn ĐBKK.")
        else:
            done = self.tr("Giai đoạn ĐBKK không thay đổi.")
        return (self.village.id if self.village else None), done

    @Slot()
    def remove(self) -> None:
        flag = self.flag()
        if flag is None:
            return
        try:
            villages.remove_dbkk(self.store, flag.id, self.reason_edit.text())
        except ValidationFailed as failed:
            self.form.show_all = True
            self.form.show(Checked(errors=failed.errors))
            self.reason_edit.setFocus()
            return
        except Refusal as refusal:
            set_message(self.message, refusal.message)
            return
        self.dialog.form_saved(self.village.id if self.village else None,
                               self.tr("Đã bỏ giai đoạn ĐBKK {period}.").format(period=flag.period()))


class PopulationForm(_Form):
    def __init__(self, dialog: VillagesDialog):
        super().__init__(dialog, "")
        self.year_edit = self.add_row("year", self.tr("Năm"), QLineEdit(self), required=True)
        self.year_edit.setMaxLength(4)
        self.year_edit.setMaximumWidth(90)
        self.households_edit = self.add_row("households_total", self.tr("Tổng số hộ"), QLineEdit(self), required=True)
        self.population_edit = self.add_row("population_total", self.tr("Tổng số nhân khẩu"), QLineEdit(self),
                                            required=True)
        for edit in (self.households_edit, self.population_edit):
            edit.setMaximumWidth(160)
        self.year_edit.textChanged.connect(self._load_year)
        self.village: VillageSummary | None = None
        self._loaded = False  # the numbers shown came from a stored row

    def open_for(self, village: VillageSummary | None) -> None:
        assert village is not None
        self.village = village
        self.title = self.tr("Dân số của “{name}”").format(name=village.name)
        self.intro.setText(self.tr("Tổng số hộ và nhân khẩu của cả thôn/bản (mọi hộ, không chỉ hộ trong sổ): mẫu số "
                                   "của tỷ lệ hộ nghèo. Sổ đang có {n} hộ ở đây.").format(n=village.households))
        self._loaded = True  # whatever the last village showed goes
        self.year_edit.setText(str(self.dialog.year()))
        self._load_year()
        self.reset()
        self.validate()

    @Slot()
    def _load_year(self, *_args: object) -> None:
        """Show the year's row when there is one (saving then updates it)."""
        if self.village is None:
            return
        text = self.year_edit.text().strip()
        row = villages.population(self.store, self.village.id, int(text)) if text.isdigit() and len(text) == 4 else None
        if row is not None or self._loaded:
            for edit, value in ((self.households_edit, row.households_total if row else ""),
                                (self.population_edit, row.population_total if row else "")):
                edit.blockSignals(True)
                edit.setText(str(value))
                edit.blockSignals(False)
        self._loaded = row is not None
        self.validate()

    def errors(self) -> dict[str, str]:
        assert self.village is not None
        return self._checked().errors

    def warnings(self) -> dict[str, str]:
        return self._checked().warnings

    def _checked(self) -> Checked:
        assert self.village is not None
        return villages.check_population(self.store, self.village.id, self.year_edit.text(),
                                         self.households_edit.text(), self.population_edit.text())

    def commit(self) -> tuple[int | None, str]:
        assert self.village is not None
        villages.set_population(self.store, self.village.id, self.year_edit.text(), self.households_edit.text(),
                                self.population_edit.text())
        return self.village.id, self.tr("Đã ghi dân số năm {year} của “{name}”.").format(
            year=self.year_edit.text().strip(), name=self.village.name)


class VillagesDialog(QDialog):
    """The commune's villages with their households, ĐBKK period and population for a year."""

    def __init__(self, store: Store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.changed = False
        self.setWindowTitle(self.tr("Thôn/bản của {unit}").format(unit=store.db.identity.unit_name))
        self.setMinimumSize(760, 520)
        self.resize(900, 640)

        heading = QLabel(self.tr("Thôn/bản của {unit}").format(unit=store.db.identity.unit_name), self)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)
        self.commune_label = QLabel(self)
        self.commune_label.setObjectName("communeDbkk")
        self.commune_label.setWordWrap(True)  # a long decision must not push the year away
        self.year_spin = QSpinBox(self)
        this_year = dt.date.today().year
        self.year_spin.setRange(2000, this_year + 1)
        self.year_spin.setValue(villages.latest_population_year(store) or this_year)
        year_label = QLabel(self.tr("Số liệu &năm"), self)
        year_label.setBuddy(self.year_spin)
        top = QHBoxLayout()
        top.addWidget(self.commune_label, 1)
        top.addWidget(year_label)
        top.addWidget(self.year_spin)

        self.model = VillagesModel(store, self.year_spin.value(), self)
        self.table = QTableView(self)
        self.table.setObjectName("villagesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)  # a bold section would no longer fit its text
        header.setSectionResizeMode(VillagesModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.open_form(self.rename_form))

        self.add_button = QPushButton(self.tr("&Thêm…"), self)
        self.rename_button = QPushButton(self.tr("Đổi t&ên…"), self)
        self.merge_button = QPushButton(self.tr("&Gộp vào…"), self)
        self.dbkk_button = QPushButton(self.tr("Đ&BKK…"), self)
        self.population_button = QPushButton(self.tr("&Dân số…"), self)
        side = QVBoxLayout()
        for button in (self.add_button, self.rename_button, self.merge_button, self.dbkk_button,
                       self.population_button):
            button.setAutoDefault(False)
            side.addWidget(button)
        side.addStretch(1)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet(style.text_style(style.OK))

        self.add_form = AddForm(self)
        self.rename_form = RenameForm(self)
        self.merge_form = MergeForm(self)
        self.dbkk_form = DbkkForm(self)
        self.population_form = PopulationForm(self)
        self.forms: list[_Form] = [self.add_form, self.rename_form, self.merge_form, self.dbkk_form,
                                   self.population_form]
        for form in self.forms:
            form.fix_tab_order()
        self.form_box = QFrame(self)
        self.form_box.setObjectName("formBox")
        self.form_box.setFrameShape(QFrame.Shape.StyledPanel)
        box_layout = QVBoxLayout(self.form_box)
        box_layout.setContentsMargins(12, 10, 12, 10)
        for form in self.forms:  # one shown at a time; hidden ones take no room
            box_layout.addWidget(form)
            form.hide()
        self.form_box.hide()

        self.close_button = QPushButton(self.tr("Đóng"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.close_button)

        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(self.form_box)
        layout.addLayout(bottom)

        self.add_button.clicked.connect(lambda: self.open_form(self.add_form))
        self.rename_button.clicked.connect(lambda: self.open_form(self.rename_form))
        self.merge_button.clicked.connect(lambda: self.open_form(self.merge_form))
        self.dbkk_button.clicked.connect(lambda: self.open_form(self.dbkk_form))
        self.population_button.clicked.connect(lambda: self.open_form(self.population_form))
        self.year_spin.valueChanged.connect(self._year_changed)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.read_only = store.db.identity.is_office
        self.refresh()
        if self.model.rowCount():
            self.select_village(self.model.rows[0].id)
        self.table.setFocus()

    # -- reading ------------------------------------------------------------------------------

    def year(self) -> int:
        return self.year_spin.value()

    def current_village(self) -> VillageSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.rows[rows[0].row()]

    def select_village(self, village_id: int | None) -> None:
        row = self.model.row_of(village_id) if village_id is not None else -1
        if row < 0:
            self.table.clearSelection()
            return
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, 0))

    def refresh(self) -> None:
        selected = self.current_village()
        self.model.reload(self.year())
        self.select_village(selected.id if selected else None)
        commune = villages.current_dbkk(self.store, None, self.year())
        if commune:
            text = self.tr("Xã thuộc diện ĐBKK năm {year}: giai đoạn {period}").format(
                year=self.year(), period=commune.period())
            if commune.decision:
                text += f" ({commune.decision})"
        else:
            text = self.tr("Xã không thuộc diện ĐBKK năm {year}.").format(year=self.year())
        self.commune_label.setText(text)
        self._update_buttons()

    @Slot()
    def _year_changed(self, *_args: object) -> None:
        self.refresh()

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        chosen = self.current_village() is not None
        writable = not self.read_only
        self.add_button.setEnabled(writable)
        self.rename_button.setEnabled(writable and chosen)
        self.merge_button.setEnabled(writable and chosen and self.model.rowCount() > 1)
        self.dbkk_button.setEnabled(writable)
        self.population_button.setEnabled(writable and chosen)

    # -- the forms ----------------------------------------------------------------------------

    def current_form(self) -> _Form | None:
        if self.form_box.isHidden():
            return None
        return next((form for form in self.forms if not form.isHidden()), None)

    def open_form(self, form: _Form) -> None:
        buttons = {self.add_form: self.add_button, self.rename_form: self.rename_button,
                   self.merge_form: self.merge_button, self.dbkk_form: self.dbkk_button,
                   self.population_form: self.population_button}
        if not buttons[form].isEnabled():
            return
        self.status_label.clear()
        form.open_for(self.current_village())
        form.reset()
        form.validate()
        for other in self.forms:
            other.setVisible(other is form)
        form.heading.setText(form.title)
        self.form_box.show()
        for other in buttons:
            other.save_button.setDefault(other is form)
        field = form.first_field()
        field.setFocus()

    @Slot()
    def close_form(self) -> None:
        self.form_box.hide()
        self.table.setFocus()

    def form_saved(self, village_id: int | None, message: str) -> None:
        self.changed = True
        self.form_box.hide()
        self.refresh()
        if village_id is not None:
            self.select_village(village_id)
        self.status_label.setText(message)
        self.table.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc closes an open form first; only then the dialog.
        if event.key() == Qt.Key.Key_Escape and self.form_box.isVisible():
            self.close_form()
            event.accept()
            return
        super().keyPressEvent(event)
