"""Questions and messages every screen asks and shows: modal boxes with Vietnamese button texts
(not Qt's "Yes/No", which a commune official may not read), answered by clicking or by the keyboard.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget | None, title: str, text: str, buttons: Sequence[tuple[str, str]],
        default: str | None = None, icon: QMessageBox.Icon = QMessageBox.Icon.Question,
        details: str = "") -> str | None:
    """A modal question; returns the key of the button chosen (None if closed with Esc).

    `buttons` are (key, label) pairs, the first being the main answer.
    """
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setInformativeText(details)
    chosen: dict[object, str] = {}
    for n, (key, label) in enumerate(buttons):
        role = QMessageBox.ButtonRole.AcceptRole if n == 0 else QMessageBox.ButtonRole.RejectRole
        if key == "destructive":
            role = QMessageBox.ButtonRole.DestructiveRole
        button = box.addButton(label, role)
        button.setObjectName(f"answer_{key}")
        chosen[button] = key
        if key == default:
            box.setDefaultButton(button)
    box.exec()
    return chosen.get(box.clickedButton())


def inform(parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
    """A modal message with a Close button."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.addButton(QCoreApplication.translate("households", "Đóng"), QMessageBox.ButtonRole.AcceptRole).setObjectName("answer_close")
    box.exec()
