"""The household editor: the household's fields, its members in a table, the year's assessment, history.

Everything typed is checked as it is typed (`desktop.core.households.check_save`, no writes): an
error appears beside the field or in the member's cell (red, with the message under the table),
a warning in amber. Save (Ctrl+S) stays disabled while an error stands; warnings are listed and
confirmed when saving. The household, its members (order, head, removals) and the assessment
are saved in one transaction. Esc asks before discarding unsaved changes.

Members: Tab moves from cell to cell and typing starts editing; "Thêm người" adds a row, "Làm
chủ hộ" marks the head, Lên/Xuống reorder. Deaths, births, moves and splits are life events
(Sự kiện menu), recorded with their dates rather than by editing the list.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QObject,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import choices, households, labels
from desktop.core.errors import Checked, Refusal, ValidationFailed
from desktop.core.households import MemberDraft
from desktop.core.store import Store
from desktop.ui import dialogs, style
from desktop.ui import households_common as common
from desktop.ui.forms import confirm_warnings
from desktop.ui.households_assessment import AssessmentTab
from desktop.ui.households_history import HistoryView
from desktop.ui.households_members import (
    COLUMN_WIDTHS,
    COLUMNS,
    MemberDelegate,
    MembersModel,
)
from desktop.ui.housing.household_tab import HousingTab


class HouseholdEditor(QDialog):
    """Create or edit one household (read-only at an office or for a deleted household)."""

    saved = Signal(int)

    def __init__(self, store: Store, household_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.setObjectName("householdEditor")
        self.setModal(True)
        self.office = store.db.identity.is_office
        self.draft = households.load(store, household_id) if household_id is not None else households.new_draft(store)
        self.read_only = self.office or self.draft.deleted
        self._initial = copy.deepcopy(self.draft)
        self._loading = False
        self.checked = Checked()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        head = QHBoxLayout()
        self.title_label = QLabel(self)
        self.title_label.setObjectName("editorTitle")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title_label.setFont(font)
        head.addWidget(self.title_label, 1)
        self.events_button = QToolButton(self)
        self.events_button.setObjectName("editorEventsButton")
        self.events_button.setText(self.tr("Sự kiện"))
        self.events_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.events_menu, self.event_actions = common.life_event_menu(self, self.life_event, "editor_event_")
        self.events_button.setMenu(self.events_menu)
        head.addWidget(self.events_button)
        layout.addLayout(head)
        if self.read_only:
            note = QLabel(self)
            note.setObjectName("readOnlyNote")
            note.setWordWrap(True)
            note.setStyleSheet(style.text_style(style.WARNING))
            note.setText(households.office_refusal() if self.office else self.tr(
                "Hộ này đang ở thùng rác (lý do: {reason}); chỉ xem. Khôi phục hộ để sửa.").format(
                    reason=self.draft.deleted_reason))
            layout.addWidget(note)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("editorTabs")
        self.tabs.addTab(self._build_household_tab(), self.tr("&1. Hộ và nhân khẩu"))
        self.assessment_tab = AssessmentTab(store, self.draft.id, self.draft.area_type, self)
        self.assessment_tab.set_read_only(self.read_only)
        self.tabs.addTab(self.assessment_tab, self.tr("&2. Rà soát hằng năm"))
        self.history_view = HistoryView(store, self)
        self.tabs.addTab(self.history_view, self.tr("&3. Lịch sử thay đổi"))
        self.housing_tab: HousingTab | None = None
        self._ensure_housing_tab()
        self.tabs.currentChanged.connect(self._on_tab)
        layout.addWidget(self.tabs, 1)

        bottom = QHBoxLayout()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("editorStatus")
        self.status_label.setWordWrap(True)
        bottom.addWidget(self.status_label, 1)
        self.save_button = QPushButton(self.tr("&Lưu (Ctrl+S)"), self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setAutoDefault(False)
        self.close_button = QPushButton(self.tr("Đón&g"), self)
        self.close_button.setObjectName("closeButton")
        self.close_button.setAutoDefault(False)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        self.save_button.setVisible(not self.read_only)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.save_action = QAction(self.tr("Lưu"), self)
        self.save_action.setShortcut(QKeySequence("Ctrl+S"))
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)

        self.assessment_tab.changed.connect(self.revalidate)
        self._fill_fields()
        self._apply_tab_order()
        self._size_for_screen()
        self.revalidate()
        self.code_edit.setFocus()

    # Building ------------------------------------------------------------------------------

    def _field(self, grid: QGridLayout, row: int, column: int, text: str, widget: QWidget, key: str,
               span: int = 1) -> None:
        label = QLabel(text, widget.parentWidget())
        label.setBuddy(widget)
        error = QLabel(widget.parentWidget())
        error.setObjectName(f"error_{key}")
        error.setWordWrap(True)
        error.setVisible(False)
        grid.addWidget(label, row * 2, column * 2)
        grid.addWidget(widget, row * 2, column * 2 + 1, 1, span)
        grid.addWidget(error, row * 2 + 1, column * 2 + 1, 1, span)
        self.field_errors[key] = error
        self.field_widgets[key] = widget

    def _build_household_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)
        self.field_errors: dict[str, QLabel] = {}
        self.field_widgets: dict[str, QWidget] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(0)
        self.code_edit = QLineEdit(page)
        self.code_edit.setObjectName("codeEdit")
        self.code_edit.setMaxLength(30)
        self.village_combo = QComboBox(page)
        self.village_combo.setObjectName("villageCombo")
        self.village_combo.addItem(self.tr("— chọn thôn/bản —"), None)
        for village_id, name in choices.village_choices(self.store.conn, self.draft.commune_code or None):
            self.village_combo.addItem(name, village_id)
        self.area_combo = QComboBox(page)
        self.area_combo.setObjectName("areaCombo")
        for code, text in labels.labelled(("rural", "urban"), labels.AREA_LABELS):
            self.area_combo.addItem(text, code)
        self.address_edit = QLineEdit(page)
        self.address_edit.setObjectName("addressEdit")
        self.address_edit.setMaxLength(200)
        self.phone_edit = QLineEdit(page)
        self.phone_edit.setObjectName("phoneEdit")
        self.phone_edit.setMaxLength(16)
        self.notes_edit = QLineEdit(page)
        self.notes_edit.setObjectName("notesEdit")
        self.notes_edit.setMaxLength(500)
        self._field(grid, 0, 0, self.tr("&Mã hộ:"), self.code_edit, "code")
        self._field(grid, 0, 1, self.tr("&Thôn/bản:"), self.village_combo, "village_id")
        self._field(grid, 0, 2, self.tr("Đị&a bàn:"), self.area_combo, "area_type")
        self._field(grid, 1, 0, self.tr("Địa &chỉ:"), self.address_edit, "address", span=3)
        self._field(grid, 1, 2, self.tr("Điện th&oại:"), self.phone_edit, "phone")
        self._field(grid, 2, 0, self.tr("Gh&i chú:"), self.notes_edit, "notes", span=5)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 3)
        grid.setColumnStretch(5, 2)
        layout.addLayout(grid)

        self.members_box = QGroupBox(page)
        self.members_box.setObjectName("membersBox")
        box_layout = QVBoxLayout(self.members_box)
        box_layout.setSpacing(4)
        buttons = QHBoxLayout()
        self.add_member_button = QPushButton(self.tr("Thêm &người"), self.members_box)
        self.add_member_button.setObjectName("addMemberButton")
        self.remove_member_button = QPushButton(self.tr("&Bỏ người khỏi danh sách"), self.members_box)
        self.remove_member_button.setObjectName("removeMemberButton")
        self.head_button = QPushButton(self.tr("Làm chủ &hộ"), self.members_box)
        self.head_button.setObjectName("headButton")
        self.up_button = QPushButton(self.tr("Lên"), self.members_box)
        self.up_button.setObjectName("upButton")
        self.down_button = QPushButton(self.tr("&Xuống"), self.members_box)
        self.down_button.setObjectName("downButton")
        self.add_member_button.setToolTip(self.tr("Thêm một người vào cuối danh sách (Ctrl+Insert)"))
        self.remove_member_button.setToolTip(self.tr(
            "Bỏ người nhập nhầm. Người mất hoặc chuyển đi: dùng menu Sự kiện để ghi biến động."))
        self.up_button.setToolTip(self.tr("Chuyển người đang chọn lên trên (Ctrl+Up)"))
        self.down_button.setToolTip(self.tr("Chuyển người đang chọn xuống dưới (Ctrl+Down)"))
        for button in (self.add_member_button, self.remove_member_button, self.head_button, self.up_button,
                       self.down_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        box_layout.addLayout(buttons)
        self.members_model = MembersModel(self.draft.members, self)
        self.members_model.read_only = self.read_only
        self.members_table = QTableView(self.members_box)
        self.members_table.setObjectName("membersTable")
        self.members_table.setModel(self.members_model)
        self.members_table.setItemDelegate(MemberDelegate(self.members_table))
        self.members_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.members_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.members_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked)
        self.members_table.setTabKeyNavigation(True)
        self.members_table.setWordWrap(False)
        self.members_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.members_table.horizontalHeader()
        for column, key in enumerate(COLUMNS):
            self.members_table.setColumnWidth(column, COLUMN_WIDTHS[key])
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        box_layout.addWidget(self.members_table, 1)
        self.members_messages = QLabel(self.members_box)
        self.members_messages.setObjectName("membersMessages")
        self.members_messages.setWordWrap(True)
        self.members_messages.setTextFormat(Qt.TextFormat.RichText)
        box_layout.addWidget(self.members_messages)
        layout.addWidget(self.members_box, 1)

        self.add_member_button.clicked.connect(self.add_member)
        self.remove_member_button.clicked.connect(self.remove_member)
        self.head_button.clicked.connect(self.make_head)
        self.up_button.clicked.connect(lambda: self.move_member(-1))
        self.down_button.clicked.connect(lambda: self.move_member(1))
        for key, handler in (("Ctrl+Ins", self.add_member), ("Ctrl+Up", lambda: self.move_member(-1)),
                             ("Ctrl+Down", lambda: self.move_member(1))):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(handler)
            self.members_box.addAction(action)
        self.members_model.edited.connect(self.revalidate)
        self.members_table.selectionModel().currentChanged.connect(self._update_member_buttons)
        self.members_table.installEventFilter(self)

        self.code_edit.textChanged.connect(self._on_field)
        self.village_combo.currentIndexChanged.connect(self._on_field)
        self.area_combo.currentIndexChanged.connect(self._on_field)
        self.address_edit.textChanged.connect(self._on_field)
        self.phone_edit.textChanged.connect(self._on_field)
        self.notes_edit.textChanged.connect(self._on_field)
        return page

    def _apply_tab_order(self) -> None:
        chain = [self.code_edit, self.village_combo, self.area_combo, self.address_edit, self.phone_edit,
                 self.notes_edit, self.add_member_button, self.members_table, self.remove_member_button,
                 self.head_button, self.up_button, self.down_button, self.save_button, self.close_button]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

    def _size_for_screen(self) -> None:
        width, height = 1260, 700
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, available.width() - 20)
            height = min(height, available.height() - 40)
        self.resize(width, height)

    def _fill_fields(self) -> None:
        self._loading = True
        try:
            self.code_edit.setText(self.draft.code)
            self.village_combo.setCurrentIndex(max(self.village_combo.findData(self.draft.village_id), 0))
            self.area_combo.setCurrentIndex(max(self.area_combo.findData(self.draft.area_type), 0))
            self.address_edit.setText(self.draft.address)
            self.phone_edit.setText(self.draft.phone)
            self.notes_edit.setText(self.draft.notes)
            for widget in self.field_widgets.values():
                widget.setEnabled(not self.read_only)
        finally:
            self._loading = False
        self._update_title()
        self._update_member_buttons()

    def _update_title(self) -> None:
        if self.draft.id is None:
            self.setWindowTitle(self.tr("Thêm hộ mới"))
            self.title_label.setText(self.tr("Hộ mới — mã {code}").format(code=self.draft.code or "…"))
            return
        head = next((m.full_name for m in self.draft.members if m.relationship == "head" and m.status == "present"),
                    "")
        title = self.tr("Hộ {code}").format(code=self.draft.code) + (f" — {head}" if head else "")
        self.setWindowTitle(title)
        self.title_label.setText(title)

    # Editing --------------------------------------------------------------------------------

    def _on_field(self) -> None:
        if self._loading:
            return
        self.draft.code = self.code_edit.text()
        self.draft.village_id = self.village_combo.currentData()
        self.draft.area_type = self.area_combo.currentData()
        self.draft.address = self.address_edit.text()
        self.draft.phone = self.phone_edit.text()
        self.draft.notes = self.notes_edit.text()
        self.assessment_tab.set_area_type(self.draft.area_type)
        self.revalidate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Delete on a member's cell clears it (rather than removing the person).
        if watched is self.members_table and event.type() == QEvent.Type.KeyPress \
                and event.key() == Qt.Key.Key_Delete and not self.read_only:
            index = self.members_table.currentIndex()
            if index.isValid() and COLUMNS[index.column()] in ("full_name", "birth", "citizen_id",
                                                               "health_insurance_card", "notes"):
                self.members_model.setData(index, "")
                return True
        return super().eventFilter(watched, event)

    def current_row(self) -> int:
        index = self.members_table.currentIndex()
        return index.row() if index.isValid() else -1

    def focus_cell(self, row: int, column: str, edit: bool = False) -> None:
        index = self.members_model.index(row, COLUMNS.index(column))
        self.members_table.setFocus()
        self.members_table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.members_table.scrollTo(index)
        if edit:
            self.members_table.edit(index)

    @Slot()
    def add_member(self) -> None:
        if self.read_only:
            return
        first = self.draft.members[0] if self.draft.members else None
        relationship = "" if any(m.relationship == "head" for m in self.draft.members) else "head"
        member = MemberDraft(ethnicity_code=first.ethnicity_code if first else "", relationship=relationship)
        row = self.members_model.add(member)
        self.focus_cell(row, "full_name", edit=True)

    @Slot()
    def remove_member(self) -> None:
        row = self.current_row()
        if self.read_only or row < 0:
            return
        member = self.draft.members[row]
        if member.id is not None:
            answer = dialogs.ask(
                self, self.tr("Bỏ người khỏi danh sách"),
                self.tr("Bỏ {name} khỏi danh sách nhân khẩu của hộ? Chỉ dùng khi nhập nhầm; người mất hoặc "
                        "chuyển đi thì ghi bằng menu Sự kiện. Việc bỏ được ghi vào lịch sử khi lưu.").format(
                    name=member.full_name or self.tr("người này")),
                [("remove", self.tr("Bỏ khỏi danh sách")), ("keep", self.tr("Không bỏ"))], default="keep")
            if answer != "remove":
                return
        self.members_model.remove(row)
        if self.draft.members:
            self.focus_cell(min(row, len(self.draft.members) - 1), "full_name")

    @Slot()
    def make_head(self) -> None:
        row = self.current_row()
        if self.read_only or row < 0:
            return
        self.members_model.make_head(row)
        self.focus_cell(row, "relationship")

    def move_member(self, delta: int) -> None:
        row = self.current_row()
        if self.read_only or row < 0:
            return
        column = COLUMNS[self.members_table.currentIndex().column()]
        target = self.members_model.move(row, delta)
        self.focus_cell(target, column)

    def _update_member_buttons(self) -> None:
        row = self.current_row()
        writable = not self.read_only
        self.add_member_button.setEnabled(writable)
        self.remove_member_button.setEnabled(writable and row >= 0)
        self.head_button.setEnabled(writable and row >= 0)
        self.up_button.setEnabled(writable and row > 0)
        self.down_button.setEnabled(writable and 0 <= row < len(self.draft.members) - 1)
        count = len(self.draft.members)
        present = sum(1 for m in self.draft.members if m.status == "present")
        self.members_box.setTitle(self.tr("Nhân khẩu ({present} đang ở trong hộ, {count} trong danh sách)").format(
            present=present, count=count))
        saved_once = self.draft.id is not None
        self.events_button.setEnabled(writable and saved_once)
        self.events_button.setToolTip("" if saved_once else self.tr("Lưu hộ trước khi ghi biến động."))
        self.tabs.setTabEnabled(2, saved_once)

    # Validation -----------------------------------------------------------------------------

    def assessment_draft(self):
        return self.assessment_tab.draft()

    @Slot()
    def revalidate(self) -> None:
        """Check the whole draft (no writes) and show each message where it belongs."""
        if self.read_only:
            self.checked = Checked()
            self._show_status()
            return
        self.checked = households.check_save(self.store, self.draft, self.assessment_draft())
        errors, warnings = self.checked.errors, self.checked.warnings
        for key, label in self.field_errors.items():
            message = errors.get(key) or warnings.get(key) or ""
            label.setText(message)
            label.setStyleSheet(style.text_style(style.ERROR if key in errors else style.WARNING))
            label.setVisible(bool(message))
            self.field_widgets[key].setStyleSheet(
                style.background_style(style.ERROR_BACKGROUND if key in errors else None))
        cell_errors, cell_warnings = _cells(errors), _cells(warnings)
        self.members_model.set_messages(cell_errors, cell_warnings)
        self.members_messages.setText(common.message_html(
            [self._member_message(k, m) for k, m in cell_errors.items()] + [errors[k] for k in errors if k == "members"],
            [self._member_message(k, m) for k, m in cell_warnings.items()]
            + [warnings[k] for k in warnings if k == "members"]))
        self.assessment_tab.set_messages({k.split(".", 1)[1]: m for k, m in errors.items()
                                          if k.startswith("assessment.")})
        self._update_member_buttons()
        self._update_title()
        self._show_status()

    def _member_message(self, key: tuple[int, str], message: str) -> str:
        row, column = key
        member = self.draft.members[row] if row < len(self.draft.members) else None
        who = member.full_name if member and member.full_name else self.tr("người thứ {n}").format(n=row + 1)
        column_name = self.members_model.headerData(COLUMNS.index(column), Qt.Orientation.Horizontal) \
            if column in COLUMNS else column
        return self.tr("Dòng {n} ({who}) — {column}: {message}").format(n=row + 1, who=who, column=column_name,
                                                                        message=message)

    def all_errors(self) -> dict[str, str]:
        errors = dict(self.checked.errors)
        for key, message in self.assessment_tab.parse_errors().items():
            errors.setdefault(f"assessment.{key}", message)
        return errors

    def is_dirty(self) -> bool:
        return self.draft != self._initial or self.assessment_tab.is_dirty()

    def _show_status(self) -> None:
        errors = self.all_errors()
        warnings = self.checked.warnings
        dirty = self.is_dirty()
        self.save_button.setEnabled(not self.read_only and not errors and (dirty or self.draft.id is None))
        self.save_action.setEnabled(self.save_button.isEnabled())
        if self.read_only:
            text, colour = self.tr("Chỉ xem."), style.WARNING
        elif errors:
            text = self.tr("Còn %n lỗi cần sửa trước khi lưu (ô tô đỏ; rê chuột lên ô để xem).", "", len(errors))
            colour = style.ERROR
        elif warnings:
            text = self.tr("%n cảnh báo (ô tô vàng) — sẽ hỏi lại khi lưu.", "", len(warnings))
            colour = style.WARNING
        elif dirty:
            text, colour = self.tr("Có thay đổi chưa lưu."), style.TEXT
        else:
            text, colour = "", style.TEXT
        self.status_label.setStyleSheet(style.text_style(colour))
        self.status_label.setText(text)

    # Saving and closing ---------------------------------------------------------------------

    @Slot()
    def save(self) -> bool:
        """Save everything in one transaction; True when saved."""
        if self.read_only:
            return False
        self._commit_open_editor()
        self.revalidate()
        if self.all_errors():
            self.save_button.setEnabled(False)
            return False
        if not self.is_dirty() and self.draft.id is not None:
            return False
        if not confirm_warnings(self, self.checked, title=self.tr("Lưu hộ — có cảnh báo"),
                                describe=self._warning_text):
            return False
        assessment = self.assessment_draft()
        try:
            household_id = households.save(self.store, self.draft, assessment)
        except ValidationFailed as failed:
            self._show_refused(failed.errors)
            return False
        except Refusal as refusal:
            dialogs.inform(self, self.tr("Không lưu được"), refusal.message, QMessageBox.Icon.Warning)
            return False
        self._after_save(household_id)
        self.saved.emit(household_id)
        return True

    def _warning_text(self, key: str, message: str) -> str:
        cells = _cells({key: message})
        if cells:
            ((row, column), text), = cells.items()
            return self._member_message((row, column), text)
        return message

    def _show_refused(self, errors: dict[str, str]) -> None:
        """A refusal from the write path (e.g. a code taken meanwhile): shown where it belongs."""
        self.checked = Checked(errors=dict(errors), warnings=dict(self.checked.warnings))
        for key, label in self.field_errors.items():
            if key in errors:
                label.setText(errors[key])
                label.setVisible(True)
        self.members_model.set_messages(_cells(errors), _cells(self.checked.warnings))
        self.assessment_tab.set_messages({k.split(".", 1)[1]: m for k, m in errors.items() if k.startswith("assessment.")})
        dialogs.inform(self, self.tr("Không lưu được"), "\n".join(errors.values()), QMessageBox.Icon.Warning)
        self._show_status()

    def _after_save(self, household_id: int) -> None:
        self.draft = households.load(self.store, household_id)
        self._initial = copy.deepcopy(self.draft)
        self.members_model.set_members(self.draft.members)
        self._fill_fields()
        self.assessment_tab.set_household(household_id)
        self._ensure_housing_tab()
        if self.tabs.currentIndex() == 2:
            self.history_view.load(household_id)
        self.revalidate()
        self.status_label.setText(self.tr("Đã lưu lúc {time}.").format(time=dt.datetime.now().strftime("%H:%M")))

    def _commit_open_editor(self) -> None:
        """Ctrl+S while a cell is being edited: keep what was typed in it."""
        focus = self.focusWidget()
        if focus is not None and self.members_table.isAncestorOf(focus) and focus is not self.members_table:
            self.members_table.commitData(focus)
            self.members_table.closeEditor(focus, QStyledItemDelegate.EndEditHint.NoHint)

    def reject(self) -> None:
        """Esc or Close: ask before losing unsaved changes."""
        if not self.read_only and self.is_dirty():
            answer = dialogs.ask(
                self, self.tr("Đóng mà chưa lưu?"),
                self.tr("Hộ có thay đổi chưa lưu. Lưu trước khi đóng?"),
                [("save", self.tr("Lưu")), ("destructive", self.tr("Bỏ thay đổi")), ("back", self.tr("Quay lại"))],
                default="back", icon=QMessageBox.Icon.Warning)
            if answer == "save":
                if not self.save():
                    return
            elif answer != "destructive":
                return
        super().reject()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # The keyboard goes to the form at once (the list's window keeps it otherwise on some systems).
        self.activateWindow()
        self.raise_()

    def discard(self) -> None:
        """Close without asking, dropping unsaved changes (the window is closing, or a test ends)."""
        self._initial = copy.deepcopy(self.draft)
        self.assessment_tab.load_year(self.assessment_tab.year())
        super().reject()

    def closeEvent(self, event) -> None:
        if not self.read_only and self.is_dirty():
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    # Tabs and life events -------------------------------------------------------------------

    def _ensure_housing_tab(self) -> None:
        """The household's housing supports, once it is saved (a support needs a household)."""
        if self.housing_tab is None and self.draft.id is not None:
            self.housing_tab = HousingTab(self.store, self.draft.id, self, read_only=self.read_only)
            self.tabs.addTab(self.housing_tab, self.tr("&4. Hỗ trợ nhà ở"))

    def _on_tab(self, index: int) -> None:
        if index == 2 and self.draft.id is not None:
            self.history_view.load(self.draft.id)

    def life_event(self, kind: str) -> None:
        if self.read_only or self.draft.id is None:
            return
        if self.is_dirty():
            answer = dialogs.ask(
                self, self.tr("Ghi biến động"),
                self.tr("Hộ có thay đổi chưa lưu. Lưu trước rồi ghi biến động?"),
                [("save", self.tr("Lưu rồi tiếp tục")), ("back", self.tr("Quay lại"))], default="save")
            if answer != "save" or not self.save():
                return
        if common.open_life_event(self, self.store, self.draft.id, kind):
            self._after_save(self.draft.id)
            self.saved.emit(self.draft.id)


def _cells(messages: dict[str, str]) -> dict[tuple[int, str], str]:
    """"members[2].citizen_id" → (2, "citizen_id")."""
    out: dict[tuple[int, str], str] = {}
    for key, message in messages.items():
        if key.startswith("members[") and "]." in key:
            index, column = key[len("members["):].split("].", 1)
            if index.isdigit():
                out[(int(index), column)] = message
    return out
