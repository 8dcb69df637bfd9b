"""Input widgets every form uses: a date (or a year alone), a choice among coded values, a sum of money.

Each reads what the official typed with the core's own helpers (`desktop.core.formats`,
`desktop.core.validators`), so a form, the Excel import and the CLI agree on what is valid, and
each offers the same three things to a form (`desktop.ui.forms`): its parsed value, the message
for text it cannot read (`error()`, None when fine), and the usual Qt signals to watch.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desktop.core import formats, validators
from desktop.ui import style


class DateEdit(QLineEdit):
    """A date typed as Vietnamese write it (15/03/2024; ISO 2024-03-15 too), or, when `year_allowed`,
    a year alone (1998): many people's papers give only their birth year.

    `value()` is a `datetime.date`, an `int` year, or None (empty or unreadable); `error()` says
    why text is unreadable. The core checks the meaning (not in the future, after the birth …).
    """

    def __init__(self, parent: QWidget | None = None, *, year_allowed: bool = False):
        super().__init__(parent)
        self.year_allowed = year_allowed
        self.setMaximumWidth(style.FIELD_WIDTH)
        self.setPlaceholderText(self.tr("15/03/1998, hoặc chỉ năm: 1998") if year_allowed
                                else self.tr("ngày/tháng/năm, ví dụ 15/03/2024"))

    def year_only(self) -> int | None:
        """The year when the text is a year alone (four digits), else None."""
        text = self.text().strip()
        return int(text) if text.isascii() and text.isdigit() and len(text) == 4 else None

    def _parsed(self) -> tuple[dt.date | int | None, str | None]:
        year = self.year_only()
        if year is not None and self.year_allowed:
            return year, validators.birth_year(year)
        if year is not None:
            return None, self.tr("Cần ngày đầy đủ (ngày/tháng/năm), không chỉ năm {year}.").format(year=year)
        return validators.parse_date(self.text())

    def value(self) -> dt.date | int | None:
        value, message = self._parsed()
        return None if message else value

    def date(self) -> dt.date | None:
        value = self.value()
        return value if isinstance(value, dt.date) else None

    def error(self) -> str | None:
        return self._parsed()[1]

    def set_value(self, value: dt.date | str | int | None) -> None:
        """Show a date (or ISO text) as dd/mm/yyyy, or a year."""
        self.setText(str(value) if isinstance(value, int) else formats.date_text(value))


class ChoiceBox(QComboBox):
    """A combo over (code, label) pairs, with no choice made until the user picks one.

    `code()` is the code chosen (None when none); `set_code(code)` chooses one.
    """

    def __init__(self, parent: QWidget | None = None, choices: Sequence[tuple[Any, str]] = (),
                 placeholder: str = ""):
        super().__init__(parent)
        self.setPlaceholderText(placeholder or self.tr("— chọn —"))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow)
        if choices:
            self.set_choices(choices, keep=False)

    def set_choices(self, choices: Sequence[tuple[Any, str]], keep: bool = True) -> None:
        """Offer `choices`; keep the current code when it is still offered (and `keep`), without signals."""
        current = self.code() if keep else None
        self.blockSignals(True)
        self.clear()
        for code, label in choices:
            self.addItem(label, code)
        self.setCurrentIndex(self.findData(current) if current is not None else -1)
        self.blockSignals(False)

    def code(self) -> Any:
        return self.currentData() if self.currentIndex() >= 0 else None

    value = code  # what a form asks every field for

    def set_code(self, code: Any) -> None:
        """Choose `code` (no choice when it is None or not offered)."""
        self.setCurrentIndex(self.findData(code) if code is not None else -1)


_MONEY_TYPING = re.compile(r"[\d.,\s\u00a0]*\d[\d.,\s\u00a0]*")


class MoneyEdit(QLineEdit):
    """A sum in đồng, shown grouped (1.200.000) as it is typed and after; "1.450.000" and "1450000"
    both read as 1450000.

    `value()` is an int or None (empty or unreadable); `error()` names the field (`what`) in its
    message for text that is not a whole sum ("12a", "1,5").
    """

    def __init__(self, parent: QWidget | None = None, *, what: str = ""):
        super().__init__(parent)
        self.what = what
        self.setMaximumWidth(style.FIELD_WIDTH)
        self.textEdited.connect(self._regroup)  # typing only: setText shows what it is given
        self.editingFinished.connect(self._regroup)

    def _regroup(self, *_args: object) -> None:
        """Group the digits again, the caret staying after the same digit.

        Only text of digits and separators is regrouped (the separators are the field's own: the
        official types digits); anything else stays as typed, for `error()` to explain.
        """
        text = self.text()
        if not _MONEY_TYPING.fullmatch(text):
            return
        digits_before = sum(c.isdigit() for c in text[:self.cursorPosition()])
        value, message = formats.parse_money(re.sub(r"\D", "", text))
        if message or value is None:
            return
        grouped = formats.money(value)
        if grouped == text:
            return
        position, seen = 0, 0
        while position < len(grouped) and seen < digits_before:
            seen += grouped[position].isdigit()
            position += 1
        self.setText(grouped)
        self.setCursorPosition(position)

    def value(self) -> int | None:
        value, message = formats.parse_money(self.text(), self.what or None)
        return None if message else value

    def error(self) -> str | None:
        return formats.parse_money(self.text(), self.what or None)[1]

    def set_value(self, value: int | None) -> None:
        self.setText(formats.money(value))
