"""Small pieces the household screens share: the life-event menu, the reason dialog, message
lists, and opening the life-event and villages dialogs."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import Checked, Refusal
from desktop.ui import life_events_dialogs, style, villages_dialog
from desktop.ui.dialogs import inform
from desktop.ui.forms import Form
from desktop.ui.operations import error_message

log = logging.getLogger(__name__)

LIFE_EVENT_KINDS = ("birth", "death", "marry_in", "move_out", "split", "move_away")


def life_event_labels() -> dict[str, str]:
    """The life events' names in the Sự kiện menus."""
    return {
        "birth": QCoreApplication.translate("households", "Sinh con…"),
        "death": QCoreApplication.translate("households", "Báo tử (nhân khẩu mất)…"),
        "marry_in": QCoreApplication.translate("households", "Nhập khẩu (kết hôn, chuyển đến)…"),
        "move_out": QCoreApplication.translate("households", "Một người chuyển đi…"),
        "split": QCoreApplication.translate("households", "Tách hộ…"),
        "move_away": QCoreApplication.translate("households", "Cả hộ chuyển đi xã khác…"),
    }


def life_event_menu(parent: QWidget, open_event: Callable[[str], object],
                    name_prefix: str) -> tuple[QMenu, dict[str, QAction]]:
    """The Sự kiện menu: one action per life event, each calling `open_event(kind)`."""
    menu = QMenu(parent)
    actions: dict[str, QAction] = {}
    for kind, text in life_event_labels().items():
        action = menu.addAction(text)
        action.setObjectName(f"{name_prefix}{kind}")
        action.triggered.connect(lambda _checked=False, k=kind: open_event(k))
        actions[kind] = action
    return menu, actions


class ReasonDialog(QDialog):
    """Asks for a reason (to delete, to restore); OK stays disabled while a required reason is empty."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str, ok_text: str, *, required: bool = True):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("reasonDialog")
        self.required = required
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.setMaxLength(300)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("reasonOk")
        self.cancel_button = self.buttons.addButton(QCoreApplication.translate("households", "Hủy"),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("reasonCancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = Form(self, self._check, self.ok_button, hints=False)
        self.form.add_row("reason", prompt, self.reason_edit, wide=True)  # the prompt above the field
        self.form.rows["reason"].label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form.layout)
        layout.addWidget(self.form.message_label)
        layout.addWidget(self.buttons)
        self.form.fix_tab_order([self.ok_button, self.cancel_button])
        self.resize(460, self.sizeHint().height())
        self.form.validate()

    def _check(self) -> Checked:
        checked = Checked()
        if self.required and not self.reason():
            checked.error("reason", QCoreApplication.translate("households", "Cần ghi lý do."))
        return checked

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def accept(self) -> None:
        if not self.form.validate():
            return
        super().accept()


def ask_reason(parent: QWidget | None, title: str, prompt: str, ok_text: str, *, required: bool = True) -> str | None:
    """The reason typed, or None when cancelled."""
    dialog = ReasonDialog(parent, title, prompt, ok_text, required=required)
    try:
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def message_html(errors: Sequence[str], warnings: Sequence[str], limit: int = 8) -> str:
    """Errors (red) then warnings (amber) as a short HTML list for a label."""
    lines = [f'<span style="color:{style.ERROR}">✖ {html.escape(m)}</span>' for m in errors]
    lines += [f'<span style="color:{style.WARNING}">⚠ {html.escape(m)}</span>' for m in warnings]
    if len(lines) > limit:
        more = len(lines) - limit
        lines = [*lines[:limit], html.escape(QCoreApplication.translate("households", "… và {n} thông báo khác.").format(n=more))]
    return "<br>".join(lines)


def open_life_event(parent: QWidget, store, household_id: int, kind: str) -> bool:
    """Run the life-event dialog of `kind` for a household; True when it was recorded."""
    return bool(life_events_dialogs.open_life_event(parent, store, household_id, kind))


def open_villages(parent: QWidget, store) -> bool:
    """The villages dialog (thôn/bản); True once it has closed."""
    dialog = villages_dialog.VillagesDialog(store, parent)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
    return True


def call_safely(parent: QWidget, action: Callable[[], object], title: str) -> object | None:
    """Run `action` on the GUI thread (a short write); a Refusal becomes a message, anything else is
    logged as a bug and reported. Longer work goes through desktop.ui.operations."""
    try:
        return action()
    except Refusal as refusal:
        inform(parent, title, refusal.message, QMessageBox.Icon.Warning)
    except Exception as exc:  # a bug: log it with its traceback, tell the user briefly (the same words as operations)
        log.exception("%s failed", title)
        inform(parent, title, error_message(exc), QMessageBox.Icon.Critical)
    return None
