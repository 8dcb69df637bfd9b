"""The shared input widgets: money grouped as it is typed and after, dates or a year alone, coded choices."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from desktop.ui.widgets import ChoiceBox, DateEdit, MoneyEdit

pytestmark = pytest.mark.gui


@pytest.fixture
def window(gui_app, qtbot):
    """A shown window with a money field, a date field and a plain field to move the focus to."""
    widget = QWidget()
    layout = QVBoxLayout(widget)
    widget.money = MoneyEdit(widget, what="Thu nhập")
    widget.date = DateEdit(widget)
    widget.birth = DateEdit(widget, year_allowed=True)
    widget.other = QLineEdit(widget)
    for child in (widget.money, widget.date, widget.birth, widget.other):
        layout.addWidget(child)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_money_is_grouped_while_typing(window, qtbot):
    money = window.money
    money.setFocus()
    shown = []
    for key in "1200000":
        qtbot.keyClicks(money, key)
        shown.append(money.text())
    assert shown == ["1", "12", "120", "1.200", "12.000", "120.000", "1.200.000"]
    assert money.cursorPosition() == len("1.200.000")
    assert money.value() == 1_200_000 and money.error() is None


def test_the_caret_stays_after_the_same_digit(window, qtbot):
    money = window.money
    money.setFocus()
    qtbot.keyClicks(money, "120000")
    assert money.text() == "120.000"
    money.setCursorPosition(3)  # after "120"
    qtbot.keyClicks(money, "5")
    assert money.text() == "1.205.000"
    assert money.text()[:money.cursorPosition()] == "1.205"  # still right after the 5 typed
    qtbot.keyClick(money, Qt.Key.Key_Backspace)
    assert money.text() == "120.000" and money.text()[:money.cursorPosition()] == "120"


def test_money_is_grouped_after_leaving_the_field(window, qtbot):
    money = window.money
    money.setText("1450000")  # set by code (pasted, loaded): not grouped yet
    money.setFocus()
    window.other.setFocus()
    qtbot.waitUntil(lambda: money.text() == "1.450.000")


@pytest.mark.parametrize("text", ["1.450.000", "1450000", "1 450 000"])
def test_grouped_and_plain_sums_read_the_same(window, qtbot, text):
    money = window.money
    money.setFocus()
    qtbot.keyClicks(money, text)
    assert money.value() == 1_450_000
    assert money.text() == "1.450.000"
    assert money.error() is None


def test_money_that_is_not_a_sum_is_kept_and_explained(window, qtbot):
    money = window.money
    money.setFocus()
    qtbot.keyClicks(money, "12a")
    window.other.setFocus()
    assert money.text() == "12a"  # left as typed, for the official to correct
    assert money.value() is None
    assert "Thu nhập" in money.error() and "số tiền" in money.error()


def test_money_empty_and_set_value(window):
    money = window.money
    assert money.value() is None and money.error() is None
    money.set_value(2_500_000)
    assert money.text() == "2.500.000" and money.value() == 2_500_000
    money.set_value(None)
    assert money.text() == ""


def test_money_in_english_groups_with_commas(english, window, qtbot):
    window.money.setFocus()
    qtbot.keyClicks(window.money, "1200000")
    assert window.money.text() == "1,200,000" and window.money.value() == 1_200_000


@pytest.mark.parametrize(("text", "value"), [
    ("15/03/2024", dt.date(2024, 3, 15)),
    ("2024-03-15", dt.date(2024, 3, 15)),
    ("5/3/2024", dt.date(2024, 3, 5)),
])
def test_a_full_date(window, qtbot, text, value):
    window.date.setFocus()
    qtbot.keyClicks(window.date, text)
    assert window.date.value() == value and window.date.date() == value
    assert window.date.error() is None


def test_a_year_alone_where_a_year_is_enough(window, qtbot):
    window.birth.setFocus()
    qtbot.keyClicks(window.birth, "1998")
    assert window.birth.value() == 1998 and window.birth.year_only() == 1998
    assert window.birth.date() is None and window.birth.error() is None


def test_a_year_alone_where_a_date_is_needed(window, qtbot):
    window.date.setFocus()
    qtbot.keyClicks(window.date, "1998")
    assert window.date.value() is None
    assert "1998" in window.date.error()


def test_a_year_in_the_future_is_refused(window, qtbot):
    window.birth.setFocus()
    qtbot.keyClicks(window.birth, str(dt.date.today().year + 1))
    assert window.birth.value() is None and "tương lai" in window.birth.error()


@pytest.mark.parametrize("text", ["abc", "32/13/2024", "15/03"])
def test_garbage_is_not_a_date(window, qtbot, text):
    window.birth.setFocus()
    qtbot.keyClicks(window.birth, text)
    assert window.birth.value() is None
    assert "không đúng dạng" in window.birth.error()


def test_empty_date_and_set_value(window):
    assert window.date.value() is None and window.date.error() is None
    window.date.set_value(dt.date(2024, 3, 15))
    assert window.date.text() == "15/03/2024"
    window.birth.set_value("1980-12-01")
    assert window.birth.text() == "01/12/1980"
    window.birth.set_value(1980)
    assert window.birth.value() == 1980


def test_choice_box_over_codes(gui_app, qtbot):
    box = ChoiceBox(choices=[("M", "Nam"), ("F", "Nữ")])
    qtbot.addWidget(box)
    assert box.code() is None and box.currentIndex() == -1  # nothing chosen until the user picks
    box.set_code("F")
    assert box.code() == "F" and box.currentText() == "Nữ"
    box.set_choices([("X", "Khác"), ("F", "Nữ")])  # the choice stays when still offered
    assert box.code() == "F"
    box.set_choices([("M", "Nam")])
    assert box.code() is None
    box.set_code("nope")
    assert box.code() is None
