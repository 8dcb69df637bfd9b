"""The households pane: search as you type, filters, the list, and the actions on a household.

Keyboard first: Ctrl+F goes to the search field (Down or Enter then goes to the list), Ctrl+N
opens a new household, Enter opens the selected one, Delete moves it to the trash (asking
why). The status bar counts what is shown. At a consolidating office the list covers every
commune and households open read-only: their records belong to the communes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import choices, households, search
from desktop.core.db import Database
from desktop.core.reference import units
from desktop.core.rules import CLASSES, class_label
from desktop.core.store import Store
from desktop.ui import households_common as common
from desktop.ui.households_editor import HouseholdEditor
from desktop.ui.households_history import HistoryDialog
from desktop.ui.households_model import (
    COL_CLASS,
    COL_CODE,
    COL_COMMUNE,
    COL_ESCAPE,
    COL_HEAD,
    COL_MATCH,
    COL_MEMBERS,
    COL_REASON,
    COL_VILLAGE,
    HouseholdsModel,
    sort_column,
)

SEARCH_DELAY_MS = 150

# Column widths in pixels at the default font (the last column takes what is left).
_WIDTHS = {COL_COMMUNE: 150, COL_CODE: 100, COL_HEAD: 220, COL_MATCH: 210, COL_VILLAGE: 150, COL_MEMBERS: 84, COL_CLASS: 200,
           COL_ESCAPE: 130, COL_REASON: 220}


class _FlexibleToolBar(QToolBar):
    """A toolbar that asks for little room: what does not fit goes under its » button."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(hint.width(), 420), hint.height())


class HouseholdsPane(QWidget):
    """The list of households with its search, filters and actions."""

    key = "households"
    status_changed = Signal(str)

    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.store = Store(db)
        self.office = db.identity.is_office
        self.editor = None  # the open HouseholdEditor, if any
        self._select_after_search: int | None = None
        self._status = ""
        self.model = HouseholdsModel(db, self, office=self.office)

        self._build_top_row()
        self._build_filters()
        self._build_table()
        self._build_actions()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        layout.addLayout(self.top_row)
        layout.addLayout(self.filter_row)
        if self.office:
            self.office_note = QLabel(self.tr(
                "Văn phòng tổng hợp: danh sách hộ của tất cả các xã, chỉ xem. Hộ được nhập và sửa ở xã, "
                "rồi gửi lên bằng tệp đồng bộ."), self)
            self.office_note.setObjectName("officeNote")
            self.office_note.setWordWrap(True)
            layout.addWidget(self.office_note)
        layout.addWidget(self.table, 1)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self._apply_search_text)
        self.search_edit.textChanged.connect(self.search_timer.start)

        self.model.search_started.connect(self._on_search_started)
        self.model.search_finished.connect(self._on_search_finished)
        self.model.search_failed.connect(self._on_search_failed)
        self.model.modelReset.connect(self._update_actions)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)

        self.setTabOrder(self.search_edit, self.village_combo)
        self.setTabOrder(self.village_combo, self.year_combo)
        self.setTabOrder(self.year_combo, self.class_combo)
        self.setTabOrder(self.class_combo, self.ethnicity_combo)
        self.setTabOrder(self.ethnicity_combo, self.escape_combo)
        self.setTabOrder(self.escape_combo, self.trash_check)
        self.setTabOrder(self.trash_check, self.table)
        self._update_actions()
        self.model.refresh()

    # Building -----------------------------------------------------------------------------

    def _build_top_row(self) -> None:
        self.top_row = QHBoxLayout()
        self.top_row.setSpacing(8)
        heading = QLabel(self.tr("Hộ gia đình"), self)
        heading.setObjectName("paneHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        heading.setFont(font)
        self.top_row.addWidget(heading)
        self.top_row.addSpacing(8)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Tìm theo tên, mã hộ, số CCCD… (Ctrl+F)"))
        self.search_edit.setToolTip(self.tr(
            "Tên bất kỳ người nào trong hộ, mã hộ hoặc số CCCD; gõ có dấu hay không dấu đều được "
            "(“lo van thuong” tìm được “Lò Văn Thượng”)."))
        self.search_edit.installEventFilter(self)
        self.search_edit.setMinimumWidth(180)
        self.top_row.addWidget(self.search_edit, 1)
        # Toolbars rather than rows of buttons: on a narrow window what does not fit goes under
        # the » at their end instead of widening the window beyond a small screen.
        self.actions_bar = QToolBar(self)
        self.actions_bar.setObjectName("actionsBar")
        self.actions_bar.setStyleSheet("QToolBar { border: none; spacing: 6px; }")
        self.top_row.addWidget(self.actions_bar)
        self.new_button = QPushButton(self.tr("Thêm hộ"), self)
        self.new_button.setObjectName("newButton")
        self.edit_button = QPushButton(self.tr("Mở"), self)
        self.edit_button.setObjectName("editButton")
        self.delete_button = QPushButton(self.tr("Xóa…"), self)
        self.delete_button.setObjectName("deleteButton")
        self.restore_button = QPushButton(self.tr("Khôi phục…"), self)
        self.restore_button.setObjectName("restoreButton")
        self.history_button = QPushButton(self.tr("Lịch sử"), self)
        self.history_button.setObjectName("historyButton")
        self.events_button = QToolButton(self)
        self.events_button.setObjectName("eventsButton")
        self.events_button.setText(self.tr("Sự kiện"))
        self.events_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.events_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.villages_button = QPushButton(self.tr("Thôn/bản…"), self)
        self.villages_button.setObjectName("villagesButton")
        self.button_actions = {}
        for button in (self.new_button, self.edit_button, self.delete_button, self.restore_button,
                       self.history_button, self.events_button, self.villages_button):
            self.button_actions[button] = self.actions_bar.addWidget(button)

    def _combo(self, name: str, items: list[tuple[str, object]], chars: int) -> QComboBox:
        """A filter: `chars` characters wide (a long village name is shortened in the box, whole
        in the list that drops down), so the row fits a 1366-pixel screen."""
        combo = QComboBox(self)
        combo.setObjectName(name)
        for text, value in items:
            combo.addItem(text, value)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(chars)
        self._fit_popup(combo)
        return combo

    @staticmethod
    def _fit_popup(combo: QComboBox) -> None:
        view = combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)

    def _build_filters(self) -> None:
        self.filter_row = QHBoxLayout()
        self.filters_bar = _FlexibleToolBar(self)
        self.filters_bar.setObjectName("filtersBar")
        self.filters_bar.setStyleSheet("QToolBar { border: none; spacing: 4px; }")
        self.filter_row.addWidget(self.filters_bar, 1)
        if self.office:
            communes = choices.commune_codes(self.db.conn)
            table = units(self.db.identity.units_list)
            self.commune_combo = self._combo("communeCombo", [(self.tr("Mọi xã"), None)] + [
                (table[c].name if c in table else c, c) for c in communes], 10)
            self._add_filter(self.tr("Xã:"), self.commune_combo)
        else:
            self.commune_combo = None
        self.village_combo = self._combo("villageCombo", [], 11)
        self._fill_villages()
        self._add_filter(self.tr("Thôn/&bản:"), self.village_combo)
        self.year_combo = self._combo("yearCombo", [], 4)
        self._fill_years()
        self._add_filter(self.tr("Nă&m:"), self.year_combo)
        self.class_combo = self._combo("classCombo", [(self.tr("Mọi phân loại"), None)]
                                       + [(class_label(c), c) for c in CLASSES]
                                       + [(self.tr("Chưa rà soát năm này"), search.NOT_ASSESSED)], 12)
        self._add_filter(self.tr("&Phân loại:"), self.class_combo)
        self.ethnicity_combo = self._combo("ethnicityCombo", [(self.tr("Mọi dân tộc"), None)] + [
            (name, code) for code, name in choices.ethnicity_choices(self.db.conn)], 7)
        self._add_filter(self.tr("&Dân tộc:"), self.ethnicity_combo)
        self.escape_combo = self._combo("escapeCombo", [(self.tr("Tất cả"), None), (self.tr("Có"), True),
                                                        (self.tr("Không"), False)], 4)
        self.escape_combo.setToolTip(self.tr("Hộ đăng ký thoát nghèo trong năm đã chọn"))
        self._add_filter(self.tr("Thoát ng&hèo:"), self.escape_combo)
        self.trash_check = QCheckBox(self.tr("Thùng &rác"), self)
        self.trash_check.setObjectName("trashCheck")
        self.trash_check.setToolTip(self.tr("Xem các hộ đã xóa (có thể khôi phục)"))
        self.filters_bar.addWidget(self.trash_check)
        # Shown while a search runs (the count in the status bar is then the previous one).
        self.busy_label = QLabel(self.tr("Đang tìm…"), self)
        self.busy_label.setObjectName("busyLabel")
        self.busy_label.setVisible(False)
        self.filter_row.addWidget(self.busy_label)
        for combo in (self.commune_combo, self.village_combo, self.year_combo, self.class_combo,
                      self.ethnicity_combo, self.escape_combo):
            if combo is not None:
                combo.currentIndexChanged.connect(self._apply_filters)
        self.trash_check.toggled.connect(self._apply_filters)

    def _add_filter(self, text: str, combo: QComboBox) -> None:
        label = QLabel(text, self)
        label.setBuddy(combo)
        label.setContentsMargins(6, 0, 0, 0)
        self.filters_bar.addWidget(label)
        self.filters_bar.addWidget(combo)

    def _fill_years(self) -> None:
        """Years with assessments (and this year), newest first; the chosen one kept."""
        current = self.year_combo.currentData() or self.model.query().year
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in choices.assessment_years(self.db.conn):
            self.year_combo.addItem(str(year), year)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(current), 0))
        self.year_combo.blockSignals(False)

    def _fill_villages(self) -> None:
        commune = self.commune_combo.currentData() if self.commune_combo is not None else self.db.identity.unit_code
        current = self.village_combo.currentData()
        self.village_combo.blockSignals(True)
        self.village_combo.clear()
        self.village_combo.addItem(self.tr("Mọi thôn/bản"), None)
        for village_id, name in choices.village_choices(self.db.conn, commune):
            self.village_combo.addItem(name, village_id)
        self.village_combo.setCurrentIndex(max(self.village_combo.findData(current), 0))
        self.village_combo.blockSignals(False)
        self._fit_popup(self.village_combo)

    def _build_table(self) -> None:
        self.table = QTableView(self)
        self.table.setObjectName("householdsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(self.open_selected)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicator(self.model.column_of(COL_HEAD), Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sortIndicatorChanged.connect(self.model.sort)
        self.model.modelReset.connect(self._apply_column_widths)
        self._apply_column_widths()

    def _apply_column_widths(self) -> None:
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, _WIDTHS.get(self.model.column_key(column), 120))
        column = sort_column(self.model, self.model.query())
        header.blockSignals(True)
        order = Qt.SortOrder.DescendingOrder if self.model.query().descending else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(column, order)
        header.blockSignals(False)

    def _build_actions(self) -> None:
        self.new_action = QAction(self.tr("Thêm hộ mới"), self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.triggered.connect(self.new_household)
        self.find_action = QAction(self.tr("Tìm"), self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.find_action.triggered.connect(self.focus_search)
        self.open_action = QAction(self.tr("Mở hộ"), self)
        self.open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.open_action.triggered.connect(self.open_selected)
        self.delete_action = QAction(self.tr("Xóa hộ…"), self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.restore_action = QAction(self.tr("Khôi phục hộ…"), self)
        self.restore_action.triggered.connect(self.restore_selected)
        self.history_action = QAction(self.tr("Lịch sử thay đổi"), self)
        self.history_action.triggered.connect(self.show_history)
        self.villages_action = QAction(self.tr("Thôn/bản…"), self)
        self.villages_action.triggered.connect(self.manage_villages)
        for action in (self.new_action, self.find_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.table.addAction(self.open_action)
        self.table.addAction(self.delete_action)
        self.new_button.clicked.connect(self.new_action.trigger)
        self.edit_button.clicked.connect(self.open_action.trigger)
        self.delete_button.clicked.connect(self.delete_action.trigger)
        self.restore_button.clicked.connect(self.restore_action.trigger)
        self.history_button.clicked.connect(self.history_action.trigger)
        self.villages_button.clicked.connect(self.villages_action.trigger)
        self.new_button.setToolTip(self.tr("Thêm hộ mới (Ctrl+N)"))
        self.edit_button.setToolTip(self.tr("Mở hộ đang chọn để xem và sửa (Enter)"))
        self.delete_button.setToolTip(self.tr("Chuyển hộ đang chọn vào thùng rác (Delete)"))
        self.events_menu, self.event_actions = common.life_event_menu(self, self.life_event, "event_")
        self.events_button.setMenu(self.events_menu)

    # Searching and filtering -----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.model.rowCount():
                if self.search_timer.isActive():
                    self.search_timer.stop()
                    self._apply_search_text()
                self.table.setFocus()
                if not self.table.selectionModel().hasSelection():
                    self.select_row(0)
                return True
            if key == Qt.Key.Key_Escape and self.search_edit.text():
                self.search_edit.clear()
                return True
        return super().eventFilter(watched, event)

    @Slot()
    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    @Slot()
    def _apply_search_text(self) -> None:
        text = self.search_edit.text()
        if text != self.model.query().text:
            self.model.update_query(text=text)

    @Slot()
    def _apply_filters(self) -> None:
        if self.commune_combo is not None and self.sender() is self.commune_combo:
            self._fill_villages()
        deleted = self.trash_check.isChecked()
        self.model.update_query(
            commune_code=self.commune_combo.currentData() if self.commune_combo is not None else None,
            village_id=self.village_combo.currentData(),
            year=self.year_combo.currentData(),
            classification=self.class_combo.currentData(),
            ethnicity_code=self.ethnicity_combo.currentData(),
            registered_escape=self.escape_combo.currentData(),
            deleted=deleted,
        )

    def refresh(self, select_id: int | None = None) -> None:
        """Run the search again, keeping (or moving to) a selected household."""
        self._select_after_search = select_id if select_id is not None else self.selected_id()
        self.model.refresh()

    def _on_search_started(self) -> None:
        self.busy_label.setVisible(True)
        if self._select_after_search is None:
            self._select_after_search = self.selected_id()

    def _on_search_finished(self, shown: int, total: int) -> None:
        self.busy_label.setVisible(False)
        wanted, self._select_after_search = self._select_after_search, None
        row = self.model.row_of(wanted) if wanted is not None else -1
        if row >= 0:
            self.select_row(row)
        self._set_status(self._count_text(shown, total))
        self._update_actions()

    def _on_search_failed(self, message: str) -> None:
        self.busy_label.setVisible(False)
        self._set_status(self.tr("Không tìm được: {error}").format(error=message))

    def _count_text(self, shown: int, total: int) -> str:
        locale = self.locale()
        if self.model.query().deleted:
            return self.tr("Thùng rác: {shown} / {total} hộ đã xóa").format(
                shown=locale.toString(shown), total=locale.toString(total))
        return self.tr("Đang hiển thị {shown} / {total} hộ").format(
            shown=locale.toString(shown), total=locale.toString(total))

    def _set_status(self, text: str) -> None:
        self._status = text
        self.status_changed.emit(text)

    def status_text(self) -> str:
        return self._status

    # Selection ------------------------------------------------------------------------------

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, max(self.model.column_of(COL_HEAD), 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def select_id(self, household_id: int) -> bool:
        row = self.model.row_of(household_id)
        self.select_row(row)
        return row >= 0

    def _update_actions(self) -> None:
        chosen = self.selected_id() is not None
        trash = self.model.query().deleted
        writable = not self.office
        self.new_action.setEnabled(writable)
        self.new_button.setEnabled(writable)
        self.open_action.setEnabled(chosen)
        self.edit_button.setEnabled(chosen)
        self.edit_button.setText(self.tr("Xem") if (self.office or trash) else self.tr("Mở"))
        self.delete_action.setEnabled(chosen and writable and not trash)
        self.button_actions[self.delete_button].setVisible(not trash)
        self.delete_button.setEnabled(chosen and writable and not trash)
        self.restore_action.setEnabled(chosen and writable and trash)
        self.button_actions[self.restore_button].setVisible(trash)
        self.restore_button.setEnabled(chosen and writable and trash)
        self.history_action.setEnabled(chosen)
        self.history_button.setEnabled(chosen)
        self.events_button.setEnabled(chosen and writable and not trash)
        self.villages_button.setEnabled(writable)
        self.villages_action.setEnabled(writable)

    def _context_menu(self, pos) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.select_row(index.row())
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addAction(self.history_action)
        if self.model.query().deleted:
            menu.addAction(self.restore_action)
        else:
            menu.addAction(self.delete_action)
            events = menu.addMenu(self.tr("Sự kiện"))
            events.setEnabled(self.events_button.isEnabled())
            for action in self.event_actions.values():
                events.addAction(action)
        menu.addSeparator()
        menu.addAction(self.new_action)
        menu.addAction(self.villages_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # Actions --------------------------------------------------------------------------------

    @Slot()
    def new_household(self) -> None:
        if self.office:
            return
        self._open_editor(None)

    @Slot()
    def open_selected(self) -> None:
        household_id = self.selected_id()
        if household_id is not None:
            self._open_editor(household_id)

    def _open_editor(self, household_id: int | None) -> None:
        if self.editor is not None:
            self.editor.raise_()
            self.editor.activateWindow()
            return
        editor = HouseholdEditor(self.store, household_id, self)
        editor.saved.connect(self._on_saved)
        editor.finished.connect(self._on_editor_closed)
        self.editor = editor
        editor.open()

    def _on_saved(self, household_id: int) -> None:
        self._fill_villages()
        self._fill_years()
        self.refresh(select_id=household_id)

    def _on_editor_closed(self) -> None:
        editor, self.editor = self.editor, None
        if editor is not None:
            editor.deleteLater()
        self.window().activateWindow()
        self.table.setFocus()

    @Slot()
    def delete_selected(self) -> None:
        household_id = self.selected_id()
        if household_id is None or self.office or self.model.query().deleted:
            return
        row = self.model.household(self.model.row_of(household_id))
        reason = common.ask_reason(
            self, self.tr("Xóa hộ"),
            self.tr("Chuyển hộ {code} ({head}) vào thùng rác. Hộ có thể khôi phục lại sau.\nLý do xóa:").format(
                code=row.code, head=row.head_name or "—"),
            self.tr("Xóa hộ"))
        if reason is None:
            return
        if common.call_safely(self, lambda: households.delete(self.store, household_id, reason) or True,
                              self.tr("Xóa hộ")):
            self.refresh()

    @Slot()
    def restore_selected(self) -> None:
        household_id = self.selected_id()
        if household_id is None or self.office or not self.model.query().deleted:
            return
        row = self.model.household(self.model.row_of(household_id))
        reason = common.ask_reason(
            self, self.tr("Khôi phục hộ"),
            self.tr("Đưa hộ {code} ({head}) trở lại danh sách.\nGhi chú (không bắt buộc):").format(
                code=row.code, head=row.head_name or "—"),
            self.tr("Khôi phục"), required=False)
        if reason is None:
            return
        if common.call_safely(self, lambda: households.restore(self.store, household_id, reason) or True,
                              self.tr("Khôi phục hộ")):
            self.refresh()

    @Slot()
    def show_history(self) -> None:
        household_id = self.selected_id()
        if household_id is None:
            return
        dialog = HistoryDialog(self.store, household_id, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.history_dialog = dialog

    def life_event(self, kind: str) -> None:
        household_id = self.selected_id()
        if household_id is None or self.office:
            return
        if common.open_life_event(self, self.store, household_id, kind):
            self.model.invalidate_rows()
            self.refresh(select_id=household_id)

    @Slot()
    def manage_villages(self) -> None:
        if self.office:
            return
        if common.open_villages(self, self.store):
            self._fill_villages()
            self.model.invalidate_rows()
            self.refresh()
