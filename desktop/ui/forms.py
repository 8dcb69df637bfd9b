"""The one form framework: labelled rows, messages beside their field, Save enabled when all is well.

A screen builds its fields, hands them to a `Form` with `add_row`, and gives the form a `check`
function returning the core's verdict (`desktop.core.errors.Checked`: errors block saving,
warnings only inform). The form then, on every edit:

- runs `check()` (no writes) and shows each message under its field: errors in red, but only
  for fields the user has touched, or all of them once Save was pressed, so a new form does not
  open covered in red; warnings in amber at once;
- lists the messages that belong to no row (and a `Refusal` raised by `check`) in its
  `message_label`, and says in its `hint_label` that starred fields are missing when errors are
  hidden;
- enables the Save button only while there is no error.

`submit(commit)` saves: it checks once more, asks about warnings when the form was made with
`confirm=True` (`confirm_warnings`), calls `commit()`, and shows a `ValidationFailed` under the
fields or a `Refusal` in the message label, nothing being changed. `fix_tab_order` makes Tab
follow the rows as shown, then the buttons.

`confirm_warnings(parent, checked)` is the question any save path asks before writing a record
that has warnings.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import Checked, Refusal, ValidationFailed
from desktop.ui import style
from desktop.ui.dialogs import ask


def message_label(parent: QWidget, colour: str = style.ERROR, *, bold: bool = False, name: str = "") -> QLabel:
    """A wrapped, selectable label for a message; hidden until it has text (see `set_message`)."""
    label = QLabel(parent)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(style.text_style(colour, bold))
    label.hide()
    return label


def set_message(label: QLabel, text: str | None) -> None:
    """Show `text` in the label, or hide it when there is none."""
    label.setText(text or "")
    label.setVisible(bool(text))


def form_layout() -> QFormLayout:
    """A QFormLayout as every form has it: labels right-aligned at the top of their field."""
    layout = QFormLayout()
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    layout.setVerticalSpacing(style.FORM_SPACING)
    return layout


@dataclass
class Row:
    """One labelled field: its message label shows the first of `keys` with a message."""

    key: str
    widget: QWidget
    label: QLabel | None
    message: QLabel
    box: QWidget
    keys: tuple[str, ...] = field(default_factory=tuple)


class Submitted(NamedTuple):
    ok: bool
    result: Any = None


class Form(QObject):
    """Rows of fields with their messages, the touched state and the Save button; see the module."""

    validated = Signal(bool)  # after every check: True when there is no error

    def __init__(self, owner: QWidget, check: Callable[[], Checked], save_button: QAbstractButton, *,
                 layout: QFormLayout | None = None, confirm: bool = False, hints: bool = True):
        super().__init__(owner)
        self.owner = owner
        self.check = check
        self.save_button = save_button
        self.layout = layout or form_layout()
        self.confirm = confirm
        self.rows: dict[str, Row] = {}
        self.touched: set[str] = set()
        self.show_all = False
        self.ready = True  # False while the owner is still building: edits then check nothing
        self.blocked: str | None = None
        self.checked = Checked()
        self.message_label = message_label(owner, bold=True, name="messageLabel")
        # Says that starred fields are missing while their errors are hidden (not every form has room).
        self.hint_label = message_label(owner, style.MUTED, name="hintLabel") if hints else None

    # -- building -----------------------------------------------------------------------------

    def add_row(self, key: str, text: str, widget: QWidget, *, required: bool = False,
                also: Sequence[str] = (), wide: bool = False) -> QLabel:
        """A labelled field with its message below; `also` are other keys whose messages show there.

        A `wide` field (a table) spans the form under its label. Returns the message label.
        """
        label = QLabel(f"{text} *" if required else text, self.owner)
        label.setBuddy(widget)
        message = message_label(self.owner, name=f"error_{key}")
        box = QWidget(self.owner)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(style.MESSAGE_SPACING)
        if wide:
            column.addWidget(label)
        column.addWidget(widget)
        column.addWidget(message)
        if wide:
            self.layout.addRow(box)
        else:
            self.layout.addRow(label, box)
        self.rows[key] = Row(key, widget, label, message, box, (key, *also))
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(lambda _text, k=key: self.touch(k))
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _index, k=key: self.touch(k))
        return message

    def set_row_visible(self, key: str, visible: bool) -> None:
        self.layout.setRowVisible(self.rows[key].box, visible)

    def row_visible(self, key: str) -> bool:
        return not self.rows[key].box.isHidden()

    def first_field(self) -> QWidget:
        return next(iter(self.rows.values())).widget

    def fix_tab_order(self, tail: Sequence[QWidget] = (), *, focus_first: bool = False) -> None:
        """Tab goes through the fields in the order shown (into a row's own widgets), then `tail`."""
        chain: list[QWidget] = []
        for row in self.rows.values():
            if row.widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                chain.append(row.widget)
            else:
                chain.extend(w for w in row.widget.findChildren(QWidget)
                             if w.focusPolicy() != Qt.FocusPolicy.NoFocus)
        chain += list(tail)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        if focus_first and chain and chain[0].isEnabled():
            chain[0].setFocus()

    # -- state --------------------------------------------------------------------------------

    def touch(self, key: str) -> None:
        """The user changed `key`: its messages may show from now on."""
        self.touched.add(key)
        self.validate()

    def reset(self) -> None:
        """As new: nothing touched, errors hidden until touched (a form opened again)."""
        self.touched.clear()
        self.show_all = False

    def block(self, message: str | None) -> None:
        """Nothing can be saved, and `message` says why (e.g. the household has moved away)."""
        self.blocked = message

    def error_text(self, key: str) -> str:
        """The message shown beside a field ("" when none)."""
        label = self.rows[key].message
        return "" if label.isHidden() else label.text()

    # -- checking -----------------------------------------------------------------------------

    def validate(self) -> bool:
        """Run the check on what is typed; show its messages; enable Save when there is no error."""
        if not self.ready:
            return False
        if self.blocked:
            set_message(self.message_label, self.blocked)
            self._enable(False)
            return False
        try:
            self.checked = self.check()
        except Refusal as refusal:
            set_message(self.message_label, refusal.message)
            self._enable(False)
            return False
        self.show(self.checked)
        ok = not self.checked.errors
        self._enable(ok)
        return ok

    def _enable(self, ok: bool) -> None:
        self.save_button.setEnabled(ok)
        self.validated.emit(ok)

    def show(self, checked: Checked) -> None:
        """Each message under its row (errors once touched); the others in the message label."""
        shown: set[str] = set()
        hidden_errors = False
        for row in self.rows.values():
            error = None
            for key in row.keys:
                if key in checked.errors:
                    if self.show_all or key in self.touched or row.key in self.touched:
                        error = checked.errors[key]
                        break
                    hidden_errors = True
            if error:
                row.message.setStyleSheet(style.text_style(style.ERROR))
                set_message(row.message, error)
            else:
                warning = next((checked.warnings[k] for k in row.keys if k in checked.warnings), None)
                row.message.setStyleSheet(style.text_style(style.WARNING))
                set_message(row.message, warning if row.widget.isEnabled() else None)
            shown.update(row.keys)
        stray = [message for key, message in checked.errors.items() if key not in shown]
        set_message(self.message_label, "\n".join(stray) if stray else None)
        if self.hint_label is not None:
            set_message(self.hint_label, self.tr("Điền các ô có dấu * để lưu.") if hidden_errors else None)

    # -- saving -------------------------------------------------------------------------------

    def submit(self, commit: Callable[[], Any]) -> Submitted:
        """Check, confirm warnings (when `confirm`), then `commit()`; a refusal is shown, not raised."""
        if not self.validate():
            self.show_all = True
            self.validate()
            return Submitted(False)
        if self.confirm and self.checked.warnings and not confirm_warnings(self.owner, self.checked):
            return Submitted(False)
        try:
            result = commit()
        except ValidationFailed as failed:
            self.show_all = True
            self.show(Checked(errors=failed.errors))
            self._enable(False)
            return Submitted(False)
        except Refusal as refusal:
            set_message(self.message_label, refusal.message)
            return Submitted(False)
        return Submitted(True, result)


def confirm_warnings(parent: QWidget | None, checked: Checked, *, title: str = "",
                     describe: Callable[[str, str], str] | None = None) -> bool:
    """Ask whether to save despite the warnings; True to save (also when there are none).

    `describe(key, message)` may say which field or row a warning is about.
    """
    if not checked.warnings:
        return True
    lines = "\n".join(f"• {describe(k, m) if describe else m}" for k, m in checked.warnings.items())
    answer = ask(parent, title or QCoreApplication.translate("forms", "Lưu — có cảnh báo"),
                 QCoreApplication.translate("forms", "Kiểm tra lại trước khi lưu:") + "\n\n" + lines,
                 [("save", QCoreApplication.translate("forms", "Vẫn lưu")),
                  ("back", QCoreApplication.translate("forms", "Quay lại sửa"))],
                 default="back", icon=QMessageBox.Icon.Warning)
    return answer == "save"
