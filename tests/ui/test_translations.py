"""The English translation: complete, placeholders intact, compiled, up to date, and used."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from PySide6.QtCore import QTranslator

from desktop.core import i18n
from desktop.ui import i18n_tools
from desktop.ui.app import apply_language, translation_file

TS = i18n_tools.ts_path("en")
# Qt's %1…%99 and %n/%Ln, Python's {name}, and HTML tags (a lost tag breaks the layout).
PLACEHOLDER = re.compile(r"%L?\d{1,2}|%L?n|\{[A-Za-z_]\w*\}|</?[a-z0-9]+>")


def messages() -> list[tuple[str, ET.Element]]:
    root = ET.parse(TS).getroot()
    return [(ctx.findtext("name"), msg) for ctx in root.iter("context") for msg in ctx.iter("message")]


def translations_of(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.findall("numerusform")]
    return [translation.text or ""]


def test_the_ts_and_qm_files_exist():
    assert TS.exists()
    assert translation_file("en").exists()
    assert len(messages()) >= 40


@pytest.mark.parametrize(("context", "message"), messages(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_message_is_translated_with_the_same_placeholders(context, message):
    source = message.findtext("source")
    translation = message.find("translation")
    assert translation.get("type") not in ("unfinished", "vanished", "obsolete"), (context, source)
    texts = translations_of(message)
    if message.get("numerus") == "yes":
        assert len(texts) == 2, source  # English: singular and plural
    for text in texts:
        assert text.strip(), (context, source)
        assert Counter(PLACEHOLDER.findall(text)) == Counter(PLACEHOLDER.findall(source)), (source, text)
        assert source.count("&") - source.count("&&") == text.count("&") - text.count("&&"), (source, text)


def test_the_qm_file_matches_the_ts():
    translator = QTranslator()
    assert translator.load(str(translation_file("en")))
    for context, message in messages():
        source = message.findtext("source")
        texts = translations_of(message)
        if message.get("numerus") == "yes":
            assert translator.translate(context, source, None, 1) == texts[0]
            assert translator.translate(context, source, None, 2) == texts[1]
        else:
            assert translator.translate(context, source) == texts[0], (context, source)


def test_the_ts_file_is_up_to_date_with_the_code(tmp_path):
    """Running lupdate again finds no new string: every tr() in desktop/ui is in the .ts."""
    copy = tmp_path / TS.name
    shutil.copyfile(TS, copy)
    i18n_tools.update_ts(copy)
    assert i18n_tools.unfinished(copy) == []
    fresh = {(c.findtext("name"), m.findtext("source")) for c in ET.parse(copy).getroot().iter("context") for m in c.iter("message")}
    assert fresh == {(context, m.findtext("source")) for context, m in messages()}


@pytest.mark.gui
def test_english_window(english, office_window, qtbot):
    window = office_window
    assert i18n.language() == "en"
    assert window.windowTitle() == "Sổ Giảm Nghèo — Huyện Tuần Giáo (consolidating office)"
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&View", "&Language", "&Help"]
    file_menu = window.menuBar().actions()[0].menu()
    assert [a.text() for a in file_menu.actions() if not a.isSeparator()] == [
        "&Open database…", "&New database…", "&Quit",
    ]
    labels = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert labels == ["Households", "Housing support", "Vocational training", "Sync", "Reports"]
    assert window.version_label.text().startswith("Version ")
    pane = window.pane("households")
    qtbot.waitUntil(lambda: not pane.model.is_searching())
    assert window.pane_status_label.text() == "Showing 0 / 0 households"


@pytest.mark.gui
def test_english_first_run_dialog(english, qtbot, tmp_path):
    from desktop.ui.first_run import FirstRunDialog

    dialog = FirstRunDialog(None, tmp_path / "x.db")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "New database"
    assert dialog.create_button.text() == "Create database"
    assert dialog.kind_office.text().startswith("Consolidating office")
    assert dialog.kind_package.text().startswith("Commune — from a setup package")
    dialog.kind_package.click()
    dialog.code_edit.setText("4821-0937-5512-7")
    assert dialog.code_error.text().startswith("The code has a typo")  # the core's message, in English too


@pytest.mark.gui
def test_switching_back_to_vietnamese(gui_app, qtbot, commune_db):
    from desktop.ui.app import create_main_window

    assert apply_language("en") == "en"
    assert apply_language("vi") == "vi"
    window = create_main_window(commune_db)
    qtbot.addWidget(window)
    assert window.menuBar().actions()[0].text() == "&Tệp"
    assert i18n.language() == "vi"


@pytest.mark.gui
def test_unknown_language_falls_back_to_vietnamese(gui_app):
    assert apply_language("fr") == "vi"
    assert i18n.language() == "vi"
