"""The Qt binding itself: a defect in it is a crash for the official, whatever our code does.

PySide6 6.12.0 released `None` once too often each time a signal called a Python slot; after
some tens of thousands of calls (a working day of typing in forms) Python aborts with "Fatal
Python error: none_dealloc". pyproject.toml excludes that version; this test fails on any
version with the same defect.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLineEdit, QPushButton

pytestmark = pytest.mark.gui


def test_calling_python_slots_leaves_the_reference_counts_of_none_and_true_alone(gui_app):
    button, edit = QPushButton(), QLineEdit()
    button.clicked.connect(lambda: True)
    edit.textChanged.connect(lambda _text: None)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for n in range(500):
        button.click()
        edit.setText(str(n))
    after = sys.getrefcount(None), sys.getrefcount(True)
    # A little slack for objects the loop itself creates or frees; the defect lost 1 000 here.
    assert abs(after[0] - before[0]) < 50 and abs(after[1] - before[1]) < 50, (before, after)
