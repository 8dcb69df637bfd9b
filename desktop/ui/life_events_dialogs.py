"""Guided dialogs for a household's life events: birth, death, marrying in, moving out, splitting
(tách hộ) and moving to another commune.

`open_life_event(parent, store, household_id, kind)` opens the right one and returns True when it
was saved. Each dialog says in one sentence what will happen, checks what is typed with the
core's own checks (desktop.core.life_events) as the user types, shows each message beside its
field and keeps Save disabled while an error stands; a refusal from the core on saving is shown
the same way and the dialog stays open with nothing changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import life_events, villages
from desktop.core.errors import Checked
from desktop.core.labels import relationship_label
from desktop.core.reference import ethnic_groups
from desktop.core.store import Store
from desktop.ui import style
from desktop.ui.forms import Form, message_label, set_message
from desktop.ui.widgets import ChoiceBox, DateEdit

log = logging.getLogger(__name__)

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class LifeEventDialog(QDialog):
    """What every life-event dialog shares: heading, one-sentence explanation, a `Form` (rows with a
    message under each field, validation as the user types), Save/Cancel."""

    kind = ""

    def __init__(self, store: Store, household_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.household_id = household_id
        self.household = life_events.household(store, household_id) or {}
        self.result_id: int | None = None

        self.setWindowTitle(self.tr("{event} — hộ {code}").format(
            event=life_events.kind_label(self.kind), code=self.household.get("code", "?")))
        self.setMinimumWidth(640)

        self.heading = QLabel(self._heading_text(), self)
        self.heading.setObjectName("eventHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        self.intro = QLabel(self.explanation(), self)
        self.intro.setObjectName("eventIntro")
        self.intro.setWordWrap(True)

        buttons = QDialogButtonBox(self)
        # Our own button texts: Qt ships no Vietnamese translation of its standard buttons.
        self.save_button = buttons.addButton(self.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

        self.form = Form(self, self.check, self.save_button)
        self.form.ready = False
        self.form.validated.connect(self._make_room)
        self.info_label = message_label(self, style.MUTED, name="infoLabel")
        self.message_label = self.form.message_label
        self.hint_label = self.form.hint_label

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*style.FORM_MARGINS)
        layout.setSpacing(style.FORM_SPACING)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addSpacing(4)
        layout.addLayout(self.form.layout)
        layout.addWidget(self.info_label)
        layout.addStretch(1)
        layout.addWidget(self.message_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint_label, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

        self.build_form()
        self.form.fix_tab_order([self.save_button, self.cancel_button], focus_first=True)
        self.refusal = life_events.refusal(store, household_id, self.kind)
        self.form.ready = True
        if self.refusal:
            self.form.block(self.refusal)
            for row in self.form.rows.values():
                row.widget.setEnabled(False)
        self.validate()
        self.fit_to_contents()

    def fit_to_contents(self) -> None:
        """Grow to show every row (a row may appear as the user chooses), within the screen.

        Qt sizes a new window to at most 2/3 of the screen, which on a 1366×768 laptop would
        squeeze the longer forms; they are sized here to what they need instead.
        """
        wanted = self.sizeHint().expandedTo(self.size() if self.isVisible() else QSize(0, 0))
        screen = self.screen()
        if screen is not None:
            wanted = wanted.boundedTo(screen.availableGeometry().size() - QSize(20, 50))
        self.resize(wanted.expandedTo(self.minimumSizeHint()))

    @Slot()
    def _make_room(self, *_args: object) -> None:
        if self.isVisible() and self.sizeHint().height() > self.height():
            self.fit_to_contents()  # a message appeared: make room rather than squeeze the fields

    # -- what subclasses provide --------------------------------------------------------------

    def explanation(self) -> str:
        raise NotImplementedError

    def build_form(self) -> None:
        raise NotImplementedError

    def check(self) -> Checked:
        raise NotImplementedError

    def commit(self) -> int | None:
        raise NotImplementedError

    # -- building -----------------------------------------------------------------------------

    def _heading_text(self) -> str:
        head = life_events.present_head(self.store, self.household_id) if self.household else None
        village = villages.live_village(self.store, self.household.get("village_id"))
        text = self.tr("Hộ {code}").format(code=self.household.get("code", "?"))
        if head:
            text += " · " + self.tr("chủ hộ {name}").format(name=head["full_name"])
        if village:
            text += " · " + village["name"]
        return text

    def add_row(self, key: str, text: str, widget: QWidget, *, required: bool = False,
                also: tuple[str, ...] = (), wide: bool = False) -> QLabel:
        """A labelled field with its message below (see `Form.add_row`)."""
        return self.form.add_row(key, text, widget, required=required, also=also, wide=wide)

    def set_row_visible(self, key: str, visible: bool) -> None:
        if self.row_visible(key) == visible:
            return
        self.form.set_row_visible(key, visible)
        if visible and self.form.ready and self.isVisible():
            self.fit_to_contents()

    def row_visible(self, key: str) -> bool:
        return self.form.row_visible(key)

    def error_text(self, key: str) -> str:
        """The message shown beside a field ("" when none)."""
        return self.form.error_text(key)

    def touch(self, key: str) -> None:
        self.form.touch(key)

    # -- checking and saving ------------------------------------------------------------------

    @Slot()
    def validate(self) -> bool:
        """Run the core's checks on what is typed; show messages; enable Save when all is well."""
        return self.form.validate()

    @Slot()
    def save(self) -> None:
        submitted = self.form.submit(self.commit)
        if submitted.ok:
            self.result_id = submitted.result
            self.accept()

    # -- helpers for subclasses ---------------------------------------------------------------

    def member_choices(self, exclude: set[int] | None = None) -> list[tuple[int, str]]:
        exclude = exclude or set()
        return [(m["id"], life_events.member_label(m)) for m in life_events.present_members(self.store, self.household_id)
                if m["id"] not in exclude]

    def relationship_box(self, codes: tuple[str, ...], default: str | None) -> ChoiceBox:
        box = ChoiceBox(self)
        box.set_choices([(c, relationship_label(c)) for c in codes], keep=False)
        if default:
            box.set_code(default)
        return box

    def ethnicity_box(self) -> ChoiceBox:
        box = ChoiceBox(self)
        box.set_choices([(e.code, e.name) for e in ethnic_groups().values()], keep=False)
        head = life_events.present_head(self.store, self.household_id) if self.household else None
        if head:
            box.set_code(head["ethnicity_code"])
        return box

    def sex_box(self) -> ChoiceBox:
        box = ChoiceBox(self)
        box.set_choices([("M", self.tr("Nam")), ("F", self.tr("Nữ"))], keep=False)
        return box


# Births and people joining ---------------------------------------------------------------------

class _NewMemberDialog(LifeEventDialog):
    """Name, sex, birth, ethnicity, relationship, citizen ID: the person being added."""

    relationships: tuple[str, ...] = ()
    default_relationship = ""

    def build_member_rows(self, birth_text: str, birth_required_date: bool) -> None:
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(80)
        self.name_edit.setPlaceholderText(self.tr("Họ và tên đầy đủ, có dấu"))
        self.add_row("full_name", self.tr("Họ và tên"), self.name_edit, required=True)
        self.sex_combo = self.sex_box()
        self.add_row("sex", self.tr("Giới tính"), self.sex_combo, required=True)
        self.birth_edit = DateEdit(self, year_allowed=not birth_required_date)
        self.add_row("birth_date", birth_text, self.birth_edit, required=True, also=("birth_year",))
        self.ethnicity_combo = self.ethnicity_box()
        self.add_row("ethnicity_code", self.tr("Dân tộc"), self.ethnicity_combo, required=True)
        self.relationship_combo = self.relationship_box(self.relationships, self.default_relationship)
        self.add_row("relationship", self.tr("Quan hệ với chủ hộ"), self.relationship_combo, required=True)

    def member_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "full_name": self.name_edit.text(),
            "sex": self.sex_combo.value(),
            "ethnicity_code": self.ethnicity_combo.value(),
            "relationship": self.relationship_combo.value() or "",
        }
        birth = self.birth_edit.text().strip()
        if self.birth_edit.year_only() is not None:
            values["birth_year"] = self.birth_edit.year_only()
        elif birth:
            values["birth_date"] = birth
        return values


class BirthDialog(_NewMemberDialog):
    kind = "birth"
    relationships = life_events.BIRTH_RELATIONSHIPS
    default_relationship = "child"

    def explanation(self) -> str:
        return self.tr("Trẻ được thêm vào hộ như một nhân khẩu mới; các nhân khẩu khác giữ nguyên.")

    def build_form(self) -> None:
        self.build_member_rows(self.tr("Ngày sinh"), birth_required_date=True)
        self.citizen_edit = QLineEdit(self)
        self.citizen_edit.setMaxLength(12)
        self.citizen_edit.setMaximumWidth(260)
        self.citizen_edit.setPlaceholderText(self.tr("thường để trống với trẻ mới sinh"))
        self.add_row("citizen_id", self.tr("Số CCCD"), self.citizen_edit)
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText(self.tr("ví dụ: số giấy chứng sinh"))
        self.add_row("note", self.tr("Ghi chú"), self.note_edit)

    def values(self) -> dict[str, Any]:
        values = self.member_values()
        values.pop("birth_year", None)  # a birth needs the full date
        if self.birth_edit.text().strip() and "birth_date" not in values:
            values["birth_date"] = self.birth_edit.text().strip()
        values["citizen_id"] = self.citizen_edit.text().strip()
        return values

    def check(self) -> Checked:
        return life_events.check_birth(self.store, self.household_id, self.values())

    def commit(self) -> int:
        return life_events.birth(self.store, self.household_id, self.values(), note=self.note_edit.text())


class MarryInDialog(_NewMemberDialog):
    kind = "marry_in"
    relationships = life_events.JOIN_RELATIONSHIPS
    default_relationship = "spouse"

    def explanation(self) -> str:
        return self.tr("Người đến ở (lấy vợ, lấy chồng, về ở với người thân) được thêm vào hộ như một "
                       "nhân khẩu mới, ghi ngày nhập khẩu và nơi ở trước.")

    def build_form(self) -> None:
        self.build_member_rows(self.tr("Ngày hoặc năm sinh"), birth_required_date=False)
        self.citizen_edit = QLineEdit(self)
        self.citizen_edit.setMaxLength(12)
        self.citizen_edit.setMaximumWidth(260)
        self.citizen_edit.setPlaceholderText(self.tr("12 chữ số"))
        self.add_row("citizen_id", self.tr("Số CCCD"), self.citizen_edit)
        self.insurance_edit = QLineEdit(self)
        self.insurance_edit.setMaxLength(20)
        self.insurance_edit.setMaximumWidth(260)
        self.add_row("health_insurance_card", self.tr("Số thẻ BHYT"), self.insurance_edit)
        self.date_edit = DateEdit(self)
        self.add_row("date", self.tr("Ngày nhập khẩu"), self.date_edit, required=True)
        self.origin_edit = QLineEdit(self)
        self.origin_edit.setPlaceholderText(self.tr("thôn/bản, xã, huyện, tỉnh"))
        self.add_row("origin", self.tr("Nơi ở trước"), self.origin_edit)
        self.note_edit = QLineEdit(self)
        self.add_row("note", self.tr("Ghi chú"), self.note_edit)

    def values(self) -> dict[str, Any]:
        values = self.member_values()
        values["citizen_id"] = self.citizen_edit.text().strip()
        values["health_insurance_card"] = self.insurance_edit.text().strip()
        return values

    def check(self) -> Checked:
        return life_events.check_marry_in(self.store, self.household_id, self.values(), self.date_edit.text())

    def commit(self) -> int:
        return life_events.marry_in(self.store, self.household_id, self.values(), date=self.date_edit.text(),
                                    origin=self.origin_edit.text(), note=self.note_edit.text())


# People leaving ----------------------------------------------------------------------------------

class _LeavingDialog(LifeEventDialog):
    """Who leaves, when, and — when the head leaves — who becomes head."""

    date_text = ""

    def build_leaving_rows(self) -> None:
        self.member_combo = ChoiceBox(self)
        self.member_combo.set_choices(self.member_choices(), keep=False)
        self.add_row("member_id", self.member_text(), self.member_combo, required=True)
        self.date_edit = DateEdit(self)
        self.add_row("date", self.date_text, self.date_edit, required=True)

    def build_head_row(self) -> None:
        self.new_head_combo = ChoiceBox(self)
        self.add_row("new_head_id", self.tr("Chủ hộ mới"), self.new_head_combo, required=True)
        self.member_combo.currentIndexChanged.connect(self._update_head_row)
        self._update_head_row()

    def member_text(self) -> str:
        return self.tr("Nhân khẩu")

    @Slot()
    def _update_head_row(self, *_args: object) -> None:
        member = self.member_combo.value()
        leaving = {member} if member is not None else set()
        show = member is not None and life_events.may_name_new_head(self.store, self.household_id, leaving)
        self.new_head_combo.set_choices(self.member_choices(leaving))
        self.set_row_visible("new_head_id", show)
        if not show:
            self.new_head_combo.setCurrentIndex(-1)
        remaining = [m for m in life_events.present_members(self.store, self.household_id) if m["id"] not in leaving]
        if member is not None and not remaining:
            set_message(self.info_label, self.tr("Hộ sẽ không còn ai ở và được ghi là đã giải thể."))
        elif show and life_events.needs_new_head(self.store, self.household_id, leaving):
            set_message(self.info_label, self.tr("Người này là chủ hộ: chọn chủ hộ mới trong số người ở lại. "
                                                  "Quan hệ với chủ hộ của những người khác có thể cần sửa lại "
                                                  "trong biểu mẫu hộ."))
        else:
            set_message(self.info_label, None)
        self.validate()


class DeathDialog(_LeavingDialog):
    kind = "death"

    def explanation(self) -> str:
        return self.tr("Người mất vẫn ở trong sổ với tình trạng “đã mất” và ngày mất, không bị xóa; "
                       "nếu người mất là chủ hộ, hãy chọn chủ hộ mới.")

    def member_text(self) -> str:
        return self.tr("Người mất")

    def build_form(self) -> None:
        self.date_text = self.tr("Ngày mất")
        self.build_leaving_rows()
        self.build_head_row()
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText(self.tr("ví dụ: số giấy báo tử"))
        self.add_row("note", self.tr("Ghi chú"), self.note_edit)

    def check(self) -> Checked:
        return life_events.check_death(self.store, self.member_combo.value(), self.date_edit.text(),
                                       self.new_head_combo.value())

    def commit(self) -> None:
        life_events.death(self.store, self.member_combo.value(), self.date_edit.text(),
                          new_head_id=self.new_head_combo.value(), note=self.note_edit.text())


class MoveOutDialog(_LeavingDialog):
    kind = "move_out"

    def explanation(self) -> str:
        return self.tr("Người chuyển đi vẫn ở trong sổ với tình trạng “đã chuyển đi”, ngày và nơi đến; "
                       "nếu người đó là chủ hộ, hãy chọn chủ hộ mới.")

    def member_text(self) -> str:
        return self.tr("Người chuyển đi")

    def build_form(self) -> None:
        self.date_text = self.tr("Ngày chuyển đi")
        self.member_combo = ChoiceBox(self)
        self.member_combo.set_choices(self.member_choices(), keep=False)
        self.add_row("member_id", self.member_text(), self.member_combo, required=True)
        reasons = QWidget(self)
        row = QHBoxLayout(reasons)
        row.setContentsMargins(0, 0, 0, 0)
        self.married_radio = QRadioButton(self.tr("Kết hôn, về nhà chồng/vợ"), reasons)
        self.moved_radio = QRadioButton(self.tr("Chuyển đi nơi khác"), reasons)
        self.moved_radio.setChecked(True)
        row.addWidget(self.married_radio)
        row.addWidget(self.moved_radio)
        row.addStretch(1)
        self.add_row("status", self.tr("Lý do"), reasons, required=True)
        self.moved_radio.toggled.connect(lambda _on: self.touch("status"))
        self.date_edit = DateEdit(self)
        self.add_row("date", self.date_text, self.date_edit, required=True)
        self.destination_edit = QLineEdit(self)
        self.destination_edit.setPlaceholderText(self.tr("thôn/bản, xã, huyện, tỉnh"))
        self.add_row("destination", self.tr("Nơi đến"), self.destination_edit)
        self.build_head_row()
        self.note_edit = QLineEdit(self)
        self.add_row("note", self.tr("Ghi chú"), self.note_edit)

    def status(self) -> str:
        return "married_out" if self.married_radio.isChecked() else "moved_out"

    def check(self) -> Checked:
        return life_events.check_move_out(self.store, self.member_combo.value(), self.status(),
                                          self.date_edit.text(), self.new_head_combo.value())

    def commit(self) -> None:
        life_events.move_out(self.store, self.member_combo.value(), self.status(), self.date_edit.text(),
                             destination=self.destination_edit.text(), new_head_id=self.new_head_combo.value(),
                             note=self.note_edit.text())


# Split ---------------------------------------------------------------------------------------------

class RelationshipDelegate(QStyledItemDelegate):
    """Edits a member's relationship to the new head with a combo (F2 or typing opens it)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.codes = tuple(c for c in life_events.JOIN_RELATIONSHIPS)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QComboBox(parent)
        for code in self.codes:
            editor.addItem(relationship_label(code), code)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(CODE_ROLE)), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), CODE_ROLE)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class SplitDialog(LifeEventDialog):
    kind = "split"

    COL_NAME, COL_YEAR, COL_NOW, COL_NEW = range(4)

    def explanation(self) -> str:
        return self.tr("Những người được đánh dấu chuyển sang một hộ mới có mã riêng; hộ cũ giữ nguyên "
                       "lịch sử. Kết quả rà soát không được sao chép: cả hai hộ cần được rà soát lại.")

    def build_form(self) -> None:
        self.setMinimumWidth(780)
        self.members = life_events.present_members(self.store, self.household_id)
        self.table = QTableWidget(len(self.members), 4, self)
        self.table.setObjectName("splitMembers")
        self.table.setHorizontalHeaderLabels([
            self.tr("Họ và tên"), self.tr("Năm sinh"), self.tr("Quan hệ hiện nay"), self.tr("Quan hệ trong hộ mới"),
        ])
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.setItemDelegateForColumn(self.COL_NEW, RelationshipDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)  # a bold section would no longer fit its text
        header.setSectionResizeMode(self.COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column in (self.COL_YEAR, self.COL_NOW, self.COL_NEW):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        fixed = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        for row, member in enumerate(self.members):
            name = QTableWidgetItem(member["full_name"])
            name.setFlags(fixed | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Unchecked)
            name.setData(CODE_ROLE, member["id"])
            name.setToolTip(member["full_name"])
            year = QTableWidgetItem(str(member["birth_year"]))
            year.setFlags(fixed)
            now = QTableWidgetItem(relationship_label(member["relationship"]))
            now.setFlags(fixed)
            new = QTableWidgetItem("")
            new.setFlags(fixed)
            for column, item in enumerate((name, year, now, new)):
                self.table.setItem(row, column, item)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        # Up to eight members show without scrolling; a bigger household scrolls.
        shown = min(len(self.members), 8)
        rows_height = sum(self.table.rowHeight(r) for r in range(shown))
        self.table.setFixedHeight(rows_height + header.sizeHint().height() + 2 * self.table.frameWidth())
        if len(self.members) > shown:
            self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        if self.members:
            self.table.setCurrentCell(0, self.COL_NAME)
        self.table.itemChanged.connect(self._on_item_changed)
        self.add_row("member_ids", self.tr("Những người sang hộ mới (dấu cách để đánh dấu; F2 để sửa quan hệ "
                                           "với chủ hộ mới)"), self.table, required=True, also=("relationships",),
                     wide=True)

        self.code_edit = QLineEdit(self)
        self.code_edit.setMaxLength(30)
        self.code_edit.setMaximumWidth(320)
        self.code_edit.setPlaceholderText(self.tr("không trùng mã hộ khác trong xã"))
        self.add_row("code", self.tr("Mã hộ mới"), self.code_edit, required=True)
        self.village_combo = ChoiceBox(self)
        self.village_combo.set_choices([(v["id"], v["name"]) for v in villages.villages(self.store)], keep=False)
        self.village_combo.set_code(self.household.get("village_id"))
        self.add_row("village_id", self.tr("Thôn/bản"), self.village_combo, required=True)
        self.address_edit = QLineEdit(self.household.get("address", ""), self)
        self.add_row("address", self.tr("Địa chỉ"), self.address_edit)
        self.head_combo = ChoiceBox(self)
        self.add_row("head_id", self.tr("Chủ hộ của hộ mới"), self.head_combo, required=True)
        self.head_combo.currentIndexChanged.connect(self._refresh_members)
        self.remaining_head_combo = ChoiceBox(self)
        self.add_row("remaining_head_id", self.tr("Chủ hộ mới của hộ cũ"), self.remaining_head_combo, required=True)
        self.date_edit = DateEdit(self)
        self.add_row("date", self.tr("Ngày tách hộ"), self.date_edit, required=True)
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText(self.tr("ví dụ: số đơn, quyết định"))
        self.add_row("note", self.tr("Ghi chú"), self.note_edit)
        self._refresh_members()

    # -- the members table --------------------------------------------------------------------

    def leaving(self) -> list[int]:
        return [self.table.item(r, self.COL_NAME).data(CODE_ROLE) for r in range(self.table.rowCount())
                if self.table.item(r, self.COL_NAME).checkState() == Qt.CheckState.Checked]

    def set_leaving(self, member_id: int, leaving: bool = True) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, self.COL_NAME)
            if item.data(CODE_ROLE) == member_id:
                item.setCheckState(Qt.CheckState.Checked if leaving else Qt.CheckState.Unchecked)

    def set_relationship(self, member_id: int, code: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, self.COL_NAME).data(CODE_ROLE) == member_id:
                item = self.table.item(row, self.COL_NEW)
                item.setData(CODE_ROLE, code)
                item.setText(relationship_label(code))

    def relationships(self) -> dict[int, str]:
        out = {}
        for row in range(self.table.rowCount()):
            code = self.table.item(row, self.COL_NEW).data(CODE_ROLE)
            if code:
                out[self.table.item(row, self.COL_NAME).data(CODE_ROLE)] = code
        return out

    @Slot(QTableWidgetItem)
    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == self.COL_NAME:
            self._refresh_members()
            self.touch("member_ids")
        elif item.column() == self.COL_NEW:
            self.touch("member_ids")

    @Slot()
    def _refresh_members(self, *_args: object) -> None:
        """Keep the head choices, the relationship column and the old household's head row in step."""
        if not hasattr(self, "remaining_head_combo"):
            return
        leaving = set(self.leaving())
        by_id = {m["id"]: m for m in self.members}
        self.head_combo.set_choices([(m, by_id[m]["full_name"]) for m in self.leaving()])
        if self.head_combo.value() is None and len(leaving) == 1:
            self.head_combo.set_code(next(iter(leaving)))
        head = self.head_combo.value()
        editable = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            member = by_id[self.table.item(row, self.COL_NAME).data(CODE_ROLE)]
            item = self.table.item(row, self.COL_NEW)
            if member["id"] not in leaving:
                item.setData(CODE_ROLE, None)
                item.setText("")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            elif member["id"] == head:
                item.setData(CODE_ROLE, None)
                item.setText(relationship_label("head"))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            else:
                if not item.data(CODE_ROLE) and member["relationship"] != "head":
                    item.setData(CODE_ROLE, member["relationship"])
                code = item.data(CODE_ROLE)
                item.setText(relationship_label(code) if code else self.tr("— chọn (F2) —"))
                item.setFlags(editable)
        self.table.blockSignals(False)
        show = bool(leaving) and life_events.may_name_new_head(self.store, self.household_id, leaving)
        self.remaining_head_combo.set_choices(self.member_choices(leaving))
        self.set_row_visible("remaining_head_id", show)
        if not show:
            self.remaining_head_combo.setCurrentIndex(-1)
        self.validate()

    # -- checking and saving ------------------------------------------------------------------

    def _arguments(self) -> dict[str, Any]:
        return {
            "code": self.code_edit.text(), "village_id": self.village_combo.value(),
            "head_id": self.head_combo.value(), "date": self.date_edit.text(),
            "remaining_head_id": self.remaining_head_combo.value(), "relationships": self.relationships(),
            "address": self.address_edit.text(),
        }

    def check(self) -> Checked:
        return life_events.check_split(self.store, self.household_id, self.leaving(), **self._arguments())

    def commit(self) -> int:
        return life_events.split(self.store, self.household_id, self.leaving(), note=self.note_edit.text(),
                                 **self._arguments())


# Moving away -----------------------------------------------------------------------------------

class MoveAwayDialog(LifeEventDialog):
    kind = "move_away"

    def explanation(self) -> str:
        return self.tr("Hộ được đánh dấu “đã chuyển đi xã khác” với ngày và nơi đến; hộ và các nhân khẩu "
                       "vẫn ở trong sổ, không bị xóa.")

    def build_form(self) -> None:
        self.date_edit = DateEdit(self)
        self.add_row("date", self.tr("Ngày chuyển đi"), self.date_edit, required=True)
        self.destination_edit = QLineEdit(self)
        self.destination_edit.setPlaceholderText(self.tr("xã, huyện, tỉnh"))
        self.add_row("destination", self.tr("Nơi chuyển đến"), self.destination_edit, required=True)
        self.note_edit = QLineEdit(self)
        self.add_row("note", self.tr("Ghi chú"), self.note_edit)

    def check(self) -> Checked:
        return life_events.check_move_away(self.store, self.household_id, self.date_edit.text(),
                                           self.destination_edit.text())

    def commit(self) -> None:
        life_events.move_away(self.store, self.household_id, self.date_edit.text(), self.destination_edit.text(),
                              note=self.note_edit.text())


DIALOGS: dict[str, Callable[..., LifeEventDialog]] = {
    "birth": BirthDialog,
    "death": DeathDialog,
    "marry_in": MarryInDialog,
    "move_out": MoveOutDialog,
    "split": SplitDialog,
    "move_away": MoveAwayDialog,
}


def make_dialog(parent: QWidget | None, store: Store, household_id: int, kind: str) -> LifeEventDialog:
    """The dialog for `kind` (one of desktop.core.life_events.KINDS), not yet shown."""
    if kind not in DIALOGS:
        raise ValueError(f"unknown life event: {kind}")
    return DIALOGS[kind](store, household_id, parent)


def open_life_event(parent: QWidget | None, store: Store, household_id: int, kind: str) -> bool:
    """Run the guided dialog for a life event of a household; True when it was saved."""
    dialog = make_dialog(parent, store, household_id, kind)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
