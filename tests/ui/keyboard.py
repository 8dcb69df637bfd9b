"""Typing as a user does in GUI tests."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """ASCII keys one by one; Vietnamese letters as an input method (Unikey, …) commits them.

    (qtbot.keyClicks cannot send non-ASCII characters through the offscreen platform.)
    """
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)
