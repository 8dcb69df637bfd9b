"""Colours and visual constants every screen uses: one place, so a red is the same red everywhere.

Text colours (errors, warnings, muted notes, done), cell backgrounds (a cell in error, a cell
with a warning, a member no longer in the household), the classification colours (the
households list and the assessment tab show the same soft tones), and the navigation's accent.
Colours are hex strings, usable both in style sheets and in `QColor`; `brush()` and the
`*_style()` helpers build what widgets and models need from them.
"""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

# Text.
ERROR = "#b3261e"  # a message that blocks saving
WARNING = "#8a5a00"  # a message that only informs (asked again when saving)
MUTED = "#5f6368"  # explanations, hints
OK = "#1f6f5c"  # "saved", "done"; also the app's accent colour
TEXT = "palette(text)"  # the platform's own text colour, in a style sheet

# Cell and field backgrounds.
ERROR_BACKGROUND = "#fde2e1"
WARNING_BACKGROUND = "#fff1c7"
WARNING_BORDER = "#e3c16f"  # the edge of a warning bar (the read-only banner)
WARNING_DARK = "#5c3d00"  # text on a warning background: darker than WARNING, for long sentences
INACTIVE_BACKGROUND = "#f1f1f1"  # a member who has died or moved out

# The classification of an assessment: soft backgrounds, readable on a cheap screen, not alarming,
# with a dark text of the same hue where the classification is shown large.
CLASS_BACKGROUND = {"poor": "#fbe3e1", "near_poor": "#fdf1d6", "middle": "#e6f2ea", "other": "#eceff1"}
CLASS_TEXT = {"poor": "#7a1712", "near_poor": "#6b4500", "middle": "#1d5230", "other": "#263238"}
UNCLASSIFIED_BACKGROUND = "#eceff1"
UNCLASSIFIED_TEXT = "#455a64"

# The navigation list of the main window.
NAV_HOVER = "#e9f3ef"
NAV_CHOSEN = "#d5ebe3"
NAV_TEXT = "#10231e"
ACCENT = OK

# Spacing of forms (desktop.ui.forms).
FORM_MARGINS = (20, 16, 20, 14)  # left, top, right, bottom of a dialog holding a form
FORM_SPACING = 8  # between rows
MESSAGE_SPACING = 2  # between a field and its message
FIELD_WIDTH = 320  # the most a short field (a date, a code) grows to


def text_style(colour: str, bold: bool = False) -> str:
    """A style sheet giving a label this text colour (and weight)."""
    return f"color: {colour};" + (" font-weight: bold;" if bold else "")


def background_style(colour: str | None) -> str:
    """A style sheet giving a field this background ("" for none)."""
    return f"background: {colour};" if colour else ""


def class_style(classification: str | None) -> str:
    """The style sheet of a large classification label (unclassified when None or unknown)."""
    if classification in CLASS_BACKGROUND:
        return f"background:{CLASS_BACKGROUND[classification]}; color:{CLASS_TEXT[classification]};"
    return f"background:{UNCLASSIFIED_BACKGROUND}; color:{UNCLASSIFIED_TEXT};"


def class_brush(classification: str | None) -> QBrush | None:
    """The background of a classification cell in a list (None: the view's own)."""
    colour = CLASS_BACKGROUND.get(classification or "")
    return brush(colour) if colour and classification != "other" else None


def brush(colour: str) -> QBrush:
    return QBrush(QColor(colour))


def navigation_style() -> str:
    """The style sheet of the main window's navigation list."""
    return (
        "QListWidget#navigation { border: none; border-right: 1px solid palette(mid);"
        " padding-top: 8px; outline: 0; }"
        "QListWidget#navigation::item { padding: 9px 8px; border-left: 4px solid transparent; }"
        f"QListWidget#navigation::item:hover:!selected {{ background: {NAV_HOVER}; color: {NAV_TEXT}; }}"
        f"QListWidget#navigation::item:selected {{ background: {NAV_CHOSEN}; color: {NAV_TEXT};"
        f" border-left: 4px solid {ACCENT}; }}"
    )
