"""A small form inside a dialog: labelled fields whose messages come from a core `check_x`, a
Save that calls the core's `x`, and Cancel. The steps of housing support and of vocational
training are built on it; a dialog shows one at a time under the record it acts on.

A subclass defines `build()` (its rows, with the helpers `line`, `date`, `money`, `watch`),
`check()` (the core's verdict on what is typed: a `Checked`) and `commit()` (the core's write);
`done` is emitted after a successful save, `closed` on Cancel.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core import formats
from desktop.core.errors import Checked
from desktop.core.store import Store
from desktop.ui import style
from desktop.ui.forms import Form, message_label
from desktop.ui.widgets import DateEdit, MoneyEdit


def money_text(value: int | None) -> str:
    """A sum as officials read it: 50.000.000 đ."""
    return f"{formats.money(value or 0)} đ"


def area_box(parent: QWidget, maximum: float = 1000.0) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setDecimals(1)
    box.setRange(0.0, maximum)
    box.setSuffix(" m²")
    box.setSpecialValueText("—")  # 0: not given
    box.setMaximumWidth(style.FIELD_WIDTH // 2)
    return box


def area_value(box: QDoubleSpinBox) -> float | None:
    return box.value() or None


class StepForm(QWidget):
    """One step's fields, its Save and Cancel buttons; `done` after a successful save."""

    done = Signal()
    closed = Signal()

    step = ""

    def __init__(self, store: Store, support: dict[str, Any] | None, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.support = support
        self.setObjectName(f"step_{self.step}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 8, 0, 0)
        heading = QLabel(title, self)
        heading.setObjectName("stepHeading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        outer.addWidget(heading)
        self.explain = message_label(self, style.MUTED, name="stepExplain")
        outer.addWidget(self.explain)
        self.save_button = QPushButton(self.tr("Lưu"), self)
        self.save_button.setObjectName("stepSave")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Thôi"), self)
        self.cancel_button.setObjectName("stepCancel")
        self.form = Form(self, self.check, self.save_button)
        self.form.ready = False
        self.build()
        outer.addLayout(self.form.layout)
        outer.addWidget(self.form.message_label)
        if self.form.hint_label is not None:
            outer.addWidget(self.form.hint_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.closed)
        self.form.fix_tab_order([self.cancel_button, self.save_button])
        self.form.ready = True
        self.form.validate()

    # What each step defines.
    def build(self) -> None:
        raise NotImplementedError

    def check(self) -> Checked:
        raise NotImplementedError

    def commit(self) -> Any:
        raise NotImplementedError

    # Shared.
    def save(self) -> bool:
        if self.form.submit(self.commit).ok:
            self.done.emit()
            return True
        return False

    def line(self, key: str, text: str, *, required: bool = False, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(f"field_{key}")
        edit.setPlaceholderText(placeholder)
        self.form.add_row(key, text, edit, required=required)
        return edit

    def date(self, key: str, text: str, *, today: bool = True, also: tuple[str, ...] = ()) -> DateEdit:
        edit = DateEdit(self)
        edit.setObjectName(f"field_{key}")
        if today:
            edit.set_value(dt.date.today())
        self.form.add_row(key, text, edit, required=True, also=also)
        return edit

    def money(self, key: str, text: str, *, also: tuple[str, ...] = ()) -> MoneyEdit:
        edit = MoneyEdit(self, what=text)
        edit.setObjectName(f"field_{key}")
        self.form.add_row(key, text, edit, required=True, also=also)
        edit.textChanged.connect(lambda _t: self.form.touch(key))
        return edit

    def watch(self, *widgets: QWidget, key: str) -> None:
        """Widgets the form does not watch by itself (spin boxes, check boxes) touch `key`."""
        for widget in widgets:
            if isinstance(widget, QCheckBox):
                widget.toggled.connect(lambda _v, k=key: self.form.touch(k))
            elif isinstance(widget, QSpinBox | QDoubleSpinBox):
                widget.valueChanged.connect(lambda _v, k=key: self.form.touch(k))
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(lambda _v, k=key: self.form.touch(k))

    @staticmethod
    def typed(edit: DateEdit | MoneyEdit) -> Any:
        """What the core gets: the value when readable, else the text as typed (the core explains)."""
        value = edit.value()
        return value if value is not None else (edit.text().strip() or None)

    def unreadable(self, checked: Checked, pairs: list[tuple[str, DateEdit | MoneyEdit]]) -> Checked:
        for key, edit in pairs:
            message = edit.error()
            if message:
                checked.errors = {key: message, **{k: m for k, m in checked.errors.items() if k != key}}
        return checked
