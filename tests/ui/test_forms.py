"""The shared form framework: errors show once a field is touched (or Save pressed), beside their
field; Save follows the errors; warnings are confirmed before saving; refusals stay in the form."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout

from desktop.core.errors import Checked, Refusal, ValidationFailed
from desktop.ui.forms import Form, confirm_warnings
from desktop.ui.widgets import MoneyEdit
from tests.ui.keyboard import type_text
from tests.ui.test_households_editor import answer_next

pytestmark = pytest.mark.gui


class Sample(QDialog):
    """A name (required, at least 3 letters) and an amount (a warning above 10 million)."""

    def __init__(self, *, confirm: bool = False):
        super().__init__()
        self.setWindowTitle("Mẫu")
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        self.form = Form(self, self.check, self.save_button, confirm=confirm)
        self.name_edit = QLineEdit(self)
        self.amount_edit = MoneyEdit(self, what="Số tiền")
        self.form.add_row("name", "Họ và tên", self.name_edit, required=True)
        self.form.add_row("amount", "Số tiền", self.amount_edit, also=("amount_total",))
        layout = QVBoxLayout(self)
        layout.addLayout(self.form.layout)
        layout.addWidget(self.form.message_label)
        layout.addWidget(self.form.hint_label)
        layout.addWidget(buttons)
        self.form.fix_tab_order([self.save_button, self.cancel_button], focus_first=True)
        self.extra: dict[str, str] = {}
        self.commits: list[str] = []
        self.refuse_with: Exception | None = None
        self.form.validate()

    def check(self) -> Checked:
        checked = Checked()
        name = self.name_edit.text().strip()
        checked.error("name", "Cần có họ và tên." if not name else "Họ và tên quá ngắn." if len(name) < 3 else None)
        checked.error("amount", self.amount_edit.error())
        if (self.amount_edit.value() or 0) > 10_000_000:
            checked.warn("amount", "Số tiền lớn bất thường.")
        for key, message in self.extra.items():
            checked.error(key, message)
        return checked

    def commit(self) -> str:
        if self.refuse_with is not None:
            raise self.refuse_with
        self.commits.append(self.name_edit.text())
        return "saved"


@pytest.fixture
def sample(gui_app, qtbot):
    def make(**kwargs) -> Sample:
        dialog = Sample(**kwargs)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog
    return make


def test_untouched_errors_are_hidden_and_save_waits(sample):
    dialog = sample()
    assert dialog.form.error_text("name") == ""
    assert not dialog.save_button.isEnabled()
    assert dialog.form.hint_label.isVisible() and "*" in dialog.form.hint_label.text()
    assert dialog.focusWidget() is dialog.name_edit


def test_a_touched_field_shows_its_error_beside_it(sample, qtbot):
    dialog = sample()
    type_text(qtbot, dialog.name_edit, "Lò")
    assert dialog.form.error_text("name") == "Họ và tên quá ngắn."
    label = dialog.form.rows["name"].message
    assert label.isVisible() and label.parentWidget() is dialog.name_edit.parentWidget()
    assert label.geometry().top() >= dialog.name_edit.geometry().bottom()  # under its own field
    assert dialog.form.error_text("amount") == ""  # not touched: nothing said
    assert not dialog.save_button.isEnabled()
    type_text(qtbot, dialog.name_edit, " Văn")
    assert dialog.form.error_text("name") == "" and dialog.save_button.isEnabled()
    assert not dialog.form.hint_label.isVisible()


def test_save_with_errors_shows_every_error(sample, qtbot):
    dialog = sample()
    dialog.amount_edit.setFocus()
    result = dialog.form.submit(dialog.commit)
    assert not result.ok and dialog.commits == []
    assert dialog.form.error_text("name") == "Cần có họ và tên."
    assert not dialog.form.hint_label.isVisible()


def test_an_error_of_another_key_shows_in_its_row_or_below_the_form(sample, qtbot):
    dialog = sample()
    type_text(qtbot, dialog.name_edit, "Lò Văn A")
    dialog.extra = {"amount_total": "Tổng vượt định mức.", "elsewhere": "Hộ đã bị xóa."}
    dialog.form.touch("amount")
    assert dialog.form.error_text("amount") == "Tổng vượt định mức."  # an `also` key of the row
    assert dialog.form.message_label.isVisible() and dialog.form.message_label.text() == "Hộ đã bị xóa."
    assert not dialog.save_button.isEnabled()


def test_a_warning_shows_at_once_and_does_not_block(sample, qtbot):
    dialog = sample()
    type_text(qtbot, dialog.name_edit, "Lò Văn A")
    dialog.amount_edit.setText("20000000")
    assert dialog.form.error_text("amount") == "Số tiền lớn bất thường."
    assert dialog.save_button.isEnabled()


def test_warnings_are_confirmed_before_saving(sample, qtbot):
    dialog = sample(confirm=True)
    type_text(qtbot, dialog.name_edit, "Lò Văn A")
    qtbot.keyClicks(dialog.amount_edit, "20000000")
    seen = answer_next(qtbot, "back")
    assert not dialog.form.submit(dialog.commit).ok and dialog.commits == []
    assert "Số tiền lớn bất thường." in seen[0]
    answer_next(qtbot, "save")
    assert dialog.form.submit(dialog.commit) == (True, "saved") and dialog.commits == ["Lò Văn A"]


def test_no_question_without_warnings(sample, qtbot):
    dialog = sample(confirm=True)
    type_text(qtbot, dialog.name_edit, "Lò Văn A")
    assert dialog.form.submit(dialog.commit) == (True, "saved")
    assert confirm_warnings(dialog, Checked()) is True


def test_a_refusal_on_saving_stays_in_the_form(sample, qtbot):
    dialog = sample()
    type_text(qtbot, dialog.name_edit, "Lò Văn A")
    dialog.refuse_with = ValidationFailed({"name": "Tên đã có trong hộ."})
    assert not dialog.form.submit(dialog.commit).ok
    assert dialog.form.error_text("name") == "Tên đã có trong hộ." and not dialog.save_button.isEnabled()
    dialog.refuse_with = Refusal("Cơ sở dữ liệu đang bận.")
    type_text(qtbot, dialog.name_edit, "n")
    assert not dialog.form.submit(dialog.commit).ok
    assert dialog.form.message_label.text() == "Cơ sở dữ liệu đang bận." and dialog.form.message_label.isVisible()


def test_a_blocked_form_never_saves(sample, qtbot):
    dialog = sample()
    type_text(qtbot, dialog.name_edit, "Lò Văn A")
    dialog.form.block("Hộ đã chuyển đi xã khác.")
    assert not dialog.form.validate() and not dialog.save_button.isEnabled()
    assert dialog.form.message_label.text() == "Hộ đã chuyển đi xã khác."


def test_reset_hides_errors_again(sample, qtbot):
    dialog = sample()
    type_text(qtbot, dialog.name_edit, "L")
    assert dialog.form.error_text("name")
    dialog.form.reset()
    dialog.form.validate()
    assert dialog.form.error_text("name") == ""


def test_tab_follows_the_rows_then_the_buttons(sample):
    dialog = sample()
    assert dialog.name_edit.nextInFocusChain() is dialog.amount_edit
    assert dialog.amount_edit.nextInFocusChain() is dialog.save_button
    assert dialog.save_button.nextInFocusChain() is dialog.cancel_button


def test_hidden_rows(sample):
    dialog = sample()
    dialog.form.set_row_visible("amount", False)
    assert not dialog.form.row_visible("amount") and not dialog.amount_edit.isVisible()
    dialog.form.set_row_visible("amount", True)
    assert dialog.form.row_visible("amount") and dialog.amount_edit.isVisible()
