"""The office's "Trùng lặp" tab: the same person perhaps registered in two communes
(`desktop.core.duplicates.candidates`: the same citizen ID, or the same name, birth year and
village), people supported twice (housing, training) first, filtered by state and by commune (a
pair shows under either person's commune), and the office's decision on a pair
(`duplicates.decide`): not the same person (with the reason, which the core requires), dealt with
(an optional note), or open again. A decision is one quick write: it runs on the GUI thread, a
refusal shown in the dialog or in a message box.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import duplicates, formats
from desktop.core.db import Database
from desktop.core.duplicates import Candidate, Person
from desktop.core.errors import Refusal, ValidationFailed
from desktop.ui import style
from desktop.ui.dialogs import inform
from desktop.ui.office_sync.common import ShadedModel, commune_names, paragraph
from desktop.ui.tables import fit_columns, records_view


def _person_name(person: Person) -> str:
    return f"{person.name} ({person.birth_year})" if person.birth_year else person.name


class DuplicatesModel(ShadedModel):
    columns = ("kind", "a", "b", "twice", "state", "note")

    def headers(self) -> dict[str, str]:
        return {"kind": self.tr("Lý do ghép"), "a": self.tr("Người thứ nhất"), "b": self.tr("Người thứ hai"),
                "twice": self.tr("Hỗ trợ"), "state": self.tr("Tình trạng"), "note": self.tr("Ghi chú")}

    def kind_text(self, kind: str) -> str:
        return {"citizen_id": self.tr("cùng số CCCD"),
                "name_birth_village": self.tr("cùng họ tên, năm sinh và thôn")}.get(kind, kind)

    def state_text(self, state: str) -> str:
        return {"open": self.tr("Chưa xử lý"), "not_duplicate": self.tr("Không phải cùng người"),
                "resolved": self.tr("Đã xử lý")}.get(state, state)

    def twice_text(self, what: list[str]) -> str:
        if not what:
            return ""
        words = {"housing": self.tr("nhà ở"), "training": self.tr("học nghề")}
        return self.tr("Hỗ trợ hai nơi: {what}").format(what=", ".join(words.get(w, w) for w in what))

    def person_text(self, person: Person) -> str:
        where = [person.commune_name]
        if person.household_code:
            where.append(self.tr("hộ {code}").format(code=person.household_code))
        if person.village:
            where.append(person.village)
        return _person_name(person) + "\n" + " · ".join(where)

    def text(self, row: dict[str, Any], column: str) -> str:
        pair: Candidate = row["pair"]
        if column == "kind":
            return self.kind_text(pair.kind)
        if column in ("a", "b"):
            return self.person_text(pair.a if column == "a" else pair.b)
        if column == "twice":
            return self.twice_text(pair.supported_twice)
        if column == "state":
            return self.state_text(pair.state)
        if column == "note":
            return pair.note or ""
        return ""

    def background(self, row: dict[str, Any], column: str) -> Any:
        pair: Candidate = row["pair"]
        if pair.supported_twice and column in ("twice", "kind") and pair.state == "open":
            return style.brush(style.WARNING_BACKGROUND)
        return None

    def foreground(self, row: dict[str, Any], column: str) -> Any:
        pair: Candidate = row["pair"]
        if column == "twice" and pair.supported_twice:
            return style.brush(style.WARNING_DARK)
        return style.brush(style.MUTED) if pair.state != "open" else None

    def tooltip(self, row: dict[str, Any], column: str) -> str | None:
        pair: Candidate = row["pair"]
        if column in ("a", "b"):
            person = pair.a if column == "a" else pair.b
            return self.tr("Số CCCD: {id}").format(id=person.citizen_id) if person.citizen_id else None
        if column == "state" and pair.state != "open" and pair.decided_at:
            return self.tr("{who}, {when}").format(who=pair.decided_by, when=formats.moment_text(pair.decided_at))
        if column == "note" and pair.note:
            return pair.note
        return None


class NoteDialog(QDialog):
    """Ask for the reason (or an optional note) and record the decision through `decide(note)`;
    the core's refusal is shown under the text and the dialog stays open."""

    def __init__(self, parent: QWidget | None, title: str, question: str, decide: Callable[[str], None],
                 button: str):
        super().__init__(parent)
        self.setObjectName("duplicateNoteDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.decided = False
        self._decide = decide
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        label = QLabel(question, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("duplicateNote")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 16)
        layout.addWidget(self.note)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("noteError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(style.text_style(style.ERROR))
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveButton")
        self.cancel_button = buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancelButton")
        self.save_button.clicked.connect(self._save)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.note.setFocus()

    def _save(self) -> None:
        try:
            self._decide(self.note.toPlainText())
        except ValidationFailed as failed:
            self.error_label.setText(failed.errors.get("note") or failed.message)
            self.error_label.show()
            return
        except Refusal as refusal:
            self.error_label.setText(refusal.message)
            self.error_label.show()
            return
        self.decided = True
        self.accept()


class DuplicatesTab(QWidget):
    """The pairs, filtered by their state and commune, and the office's decision on the selected one."""

    def __init__(self, db: Database, parent: QWidget | None = None, names: dict[str, str] | None = None):
        super().__init__(parent)
        self.db = db
        names = commune_names(db) if names is None else names
        self.pairs: list[Candidate] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 8, 6)
        layout.setSpacing(8)
        layout.addWidget(paragraph(self, self.tr(
            "Những người có thể đang có tên ở hai xã: cùng số CCCD, hoặc cùng họ tên, năm sinh và thôn. Người được hỗ "
            "trợ ở cả hai nơi (nhà ở, học nghề) được xếp lên đầu và tô màu vàng. Kiểm tra với hai xã, rồi ghi kết luận: "
            "không phải cùng người (ghi rõ lý do) hoặc đã xử lý."), "duplicatesIntro"))
        row = QHBoxLayout()
        label = QLabel(self.tr("Tình trạng:"), self)
        self.state = QComboBox(self)
        self.state.setObjectName("duplicatesState")
        for text, state in ((self.tr("Tất cả"), None), (self.tr("Chưa xử lý"), "open"),
                            (self.tr("Không phải cùng người"), "not_duplicate"), (self.tr("Đã xử lý"), "resolved")):
            self.state.addItem(text, state)
        label.setBuddy(self.state)
        self.state.currentIndexChanged.connect(lambda _n: self.refresh())
        row.addWidget(label)
        row.addWidget(self.state)
        row.addSpacing(16)
        commune_label = QLabel(self.tr("Xã:"), self)
        self.commune = QComboBox(self)
        self.commune.setObjectName("duplicatesCommune")
        self.commune.addItem(self.tr("Tất cả các xã"), None)
        for code, name in names.items():
            self.commune.addItem(name, code)
        commune_label.setBuddy(self.commune)
        self.commune.currentIndexChanged.connect(lambda _n: self.refresh())
        row.addWidget(commune_label)
        row.addWidget(self.commune)
        row.addSpacing(16)
        self.summary = QLabel(self)
        self.summary.setObjectName("duplicatesSummary")
        self.summary.setStyleSheet(style.text_style(style.TEXT, True))
        row.addWidget(self.summary)
        row.addStretch(1)
        layout.addLayout(row)

        buttons = QHBoxLayout()
        self.not_same_button = QPushButton(self.tr("Không phải cùng người…"), self)
        self.not_same_button.setObjectName("notDuplicate")
        self.not_same_button.clicked.connect(lambda: self.mark_not_duplicate())
        self.resolved_button = QPushButton(self.tr("Đã xử lý…"), self)
        self.resolved_button.setObjectName("markResolved")
        self.resolved_button.clicked.connect(lambda: self.mark_resolved())
        self.reopen_button = QPushButton(self.tr("Mở lại"), self)
        self.reopen_button.setObjectName("reopenDuplicate")
        self.reopen_button.clicked.connect(lambda: self.reopen())
        for button in (self.not_same_button, self.resolved_button, self.reopen_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.model = DuplicatesModel(self)
        self.table = records_view(self, self.model, "duplicatesTable")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_buttons())
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        chosen = self.selected()
        try:
            self.pairs = duplicates.candidates(self.db, self.state.currentData(), self.commune.currentData())
        except Refusal as refusal:
            self.pairs = []
            self.summary.setText(refusal.message)
        else:
            open_ = sum(1 for p in self.pairs if p.state == "open")
            twice = sum(1 for p in self.pairs if p.supported_twice and p.state == "open")
            self.summary.setText(self.tr("{n} cặp — {open} cặp chưa xử lý, {twice} cặp được hỗ trợ hai nơi").format(
                n=formats.count(len(self.pairs)), open=formats.count(open_), twice=formats.count(twice)))
        self.model.set_rows([{"id": p.id, "pair": p} for p in self.pairs])
        fit_columns(self.table, self.model.columns, stretch="note", widest={"a": 300, "b": 300, "twice": 220})
        self.table.resizeRowsToContents()
        again = next((n for n, p in enumerate(self.pairs) if chosen is not None and p.id == chosen.id), 0)
        if self.pairs:
            self.table.selectRow(again)
        self._show_buttons()

    def selected(self) -> Candidate | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()]["pair"] if index.isValid() and index.row() < len(self.model.rows) else None

    def select_pair(self, candidate_id: int) -> None:
        for n, row in enumerate(self.model.rows):
            if row["id"] == candidate_id:
                self.table.selectRow(n)
                return

    def select_state(self, state: str | None) -> None:
        self.state.setCurrentIndex(max(0, self.state.findData(state)))

    def select_commune(self, code: str | None) -> None:
        """Show the pairs with a person of commune `code` (None: every commune)."""
        self.commune.setCurrentIndex(max(0, self.commune.findData(code)))

    def _show_buttons(self) -> None:
        pair = self.selected()
        self.not_same_button.setEnabled(pair is not None and pair.state != "not_duplicate")
        self.resolved_button.setEnabled(pair is not None and pair.state != "resolved")
        self.reopen_button.setEnabled(pair is not None and pair.state != "open")

    def _pair_words(self, pair: Candidate) -> str:
        return self.tr("{a} ({commune_a}) và {b} ({commune_b})").format(
            a=_person_name(pair.a), commune_a=pair.a.commune_name, b=_person_name(pair.b),
            commune_b=pair.b.commune_name)

    def _ask(self, state: str, title: str, question: str, button: str,
             after: Callable[[NoteDialog], None] | None) -> NoteDialog | None:
        pair = self.selected()
        if pair is None:
            return None
        dialog = NoteDialog(self, title, question.format(pair=self._pair_words(pair)),
                            lambda note: duplicates.decide(self.db, pair.id, state, note), button)
        if after is not None:
            after(dialog)
        dialog.exec()
        if dialog.decided:
            self.refresh()
        return dialog

    def mark_not_duplicate(self, after: Callable[[NoteDialog], None] | None = None) -> NoteDialog | None:
        return self._ask("not_duplicate", self.tr("Không phải cùng người"), self.tr(
            "{pair}: ghi lý do kết luận đây là hai người khác nhau (ví dụ: khác cha mẹ, khác quê)."),
            self.tr("Ghi nhận"), after)

    def mark_resolved(self, after: Callable[[NoteDialog], None] | None = None) -> NoteDialog | None:
        return self._ask("resolved", self.tr("Đã xử lý"), self.tr(
            "{pair}: đã xử lý trùng lặp (ví dụ: xã đã xóa tên ở một nơi). Ghi chú (không bắt buộc):"),
            self.tr("Ghi nhận"), after)

    def reopen(self) -> bool:
        pair = self.selected()
        if pair is None or pair.state == "open":
            return False
        try:
            duplicates.decide(self.db, pair.id, "open")
        except Refusal as refusal:
            inform(self, self.tr("Mở lại"), refusal.message, QMessageBox.Icon.Warning)
            return False
        self.refresh()
        return True

