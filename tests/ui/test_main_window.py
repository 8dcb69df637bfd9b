"""The main window: title, status bar, navigation, shortcuts, menus, size, switching databases."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from desktop import __version__
from desktop.core.db import create_database
from desktop.core.demo import generate
from desktop.ui.main_window import MainWindow
from desktop.ui.panes import HouseholdsPane, HousingPane, ReportsPane, SyncPane, TrainingPane
from desktop.ui.settings import stored_language

pytestmark = pytest.mark.gui

PANES = [
    ("households", HouseholdsPane),
    ("housing", HousingPane),
    ("training", TrainingPane),
    ("sync", SyncPane),
    ("reports", ReportsPane),
]


def status_texts(window: MainWindow) -> str:
    """Everything the status bar says, tooltips included (a long path is elided on screen)."""
    labels = window.statusBar().findChildren(QLabel)
    return "\n".join(f"{label.text()}\n{label.toolTip()}" for label in labels)


def open_messages(window: MainWindow) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_title_and_status_bar_name_the_unit_and_database(main_window, commune_db):
    assert main_window.windowTitle().startswith("Sổ Giảm Nghèo")
    assert "Xã Quài Nưa" in main_window.windowTitle()
    status = status_texts(main_window)
    assert "Xã Quài Nưa — Huyện Tuần Giáo" in status
    assert str(commune_db.path) in status
    assert main_window.path_label.full_text() == str(commune_db.path)
    assert __version__ in status


def test_office_is_named_as_consolidating_office(office_window):
    assert "Huyện Tuần Giáo (văn phòng tổng hợp)" in status_texts(office_window)
    assert office_window.windowTitle() == "Sổ Giảm Nghèo — Huyện Tuần Giáo (văn phòng tổng hợp)"


@pytest.mark.parametrize(("row", "key", "pane_class"), [(i, k, c) for i, (k, c) in enumerate(PANES)])
def test_clicking_navigation_shows_the_pane(main_window, qtbot, row, key, pane_class):
    # Start elsewhere so that every click is a change.
    main_window.show_section("reports" if key != "reports" else "households")
    nav = main_window.navigation
    rect = nav.visualItemRect(nav.item(row))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert isinstance(main_window.current_pane(), pane_class)
    assert main_window.current_section() == key
    assert main_window.section_actions[row].isChecked()


def test_ctrl_digits_switch_panes(main_window, qtbot):
    main_window.activateWindow()
    for number, (key, pane_class) in reversed(list(enumerate(PANES, start=1))):
        qtbot.keyClick(main_window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        assert isinstance(main_window.current_pane(), pane_class), key
        assert main_window.navigation.currentRow() == number - 1


def test_ctrl_q_closes_the_window(main_window, qtbot):
    main_window.activateWindow()
    qtbot.keyClick(main_window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not main_window.isVisible()


def test_panes_are_separate_widgets_with_headings(main_window):
    for key, pane_class in PANES:
        pane = main_window.pane(key)
        assert type(pane) is pane_class
        heading = pane.findChild(QLabel, "paneHeading")
        assert heading is not None and heading.text()
        if key not in ("households", "housing", "training", "sync"):  # built: tests/ui/test_households_*.py, …
            assert pane.findChild(QLabel, "paneComing").text().startswith("Phần này đang được xây dựng")


def test_households_pane_counts_live_households(gui_app, qtbot, commune_db):
    generate(commune_db, 3, seed=1)
    window = MainWindow(commune_db)
    qtbot.addWidget(window)
    pane = window.pane("households")
    qtbot.waitUntil(lambda: not pane.model.is_searching())
    assert window.pane_status_label.text() == "Đang hiển thị 3 / 3 hộ"


def test_households_pane_on_empty_database(main_window, qtbot):
    pane = main_window.pane("households")
    qtbot.waitUntil(lambda: not pane.model.is_searching())
    assert main_window.pane_status_label.text() == "Đang hiển thị 0 / 0 hộ"


def test_menus(main_window):
    titles = [action.text() for action in main_window.menuBar().actions()]
    assert titles == ["&Tệp", "&Xem", "&Ngôn ngữ", "Trợ &giúp"]
    file_menu = main_window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts == ["&Mở cơ sở dữ liệu…", "&Tạo cơ sở dữ liệu mới…", "T&hoát"]
    assert main_window.quit_action.shortcut().toString() == "Ctrl+Q"
    shortcuts = [a.shortcut().toString() for a in main_window.section_actions]
    assert shortcuts == ["Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5"]


def test_fits_a_1366x768_screen(main_window):
    screen = QSize(1366, 768)
    small = QSize(1024, 600)
    for size in (main_window.minimumSize(), main_window.minimumSizeHint()):
        assert size.width() <= small.width() and size.height() <= small.height(), size
    for size in (main_window.sizeHint(), main_window.size()):
        assert size.width() <= screen.width() and size.height() <= screen.height(), size
    assert main_window.size().width() >= 960


def test_window_can_shrink_to_its_minimum(main_window, qtbot):
    main_window.resize(main_window.minimumSize())
    qtbot.wait(10)
    assert main_window.width() <= 1024 and main_window.height() <= 600


def test_long_path_does_not_widen_the_window(gui_app, qtbot, tmp_path):
    deep = tmp_path.joinpath(*["thu-muc-rat-dai-cua-xa-quai-nua"] * 8)
    db = create_database(deep / "co-so-du-lieu.db", "commune", "03274")
    try:
        window = MainWindow(db)
        qtbot.addWidget(window)
        assert window.minimumSizeHint().width() <= 1024
        assert window.path_label.full_text() == str(db.path)
    finally:
        db.close()


def test_choosing_a_language_is_stored_and_announced(main_window):
    main_window.language_actions["en"].trigger()
    assert stored_language() == "en"
    boxes = open_messages(main_window)
    assert len(boxes) == 1 and "mở lại" in boxes[0].text()
    boxes[0].close()
    main_window.language_actions["vi"].trigger()  # the language in use: nothing to announce
    assert stored_language() == "vi"
    assert open_messages(main_window) == []


def test_about_box(main_window):
    box = main_window.show_about()
    assert box.isVisible()
    assert __version__ in box.text() and "Sổ Giảm Nghèo" in box.text()
    box.close()


def test_open_another_database(main_window, tmp_path, commune_db):
    other = tmp_path / "other" / "huyen.db"
    create_database(other, "office", "099").close()
    assert main_window.open_database_file(other)
    try:
        assert main_window.database.path == other
        assert main_window.windowTitle() == "Sổ Giảm Nghèo — Huyện Tuần Giáo (văn phòng tổng hợp)"
        assert str(other) in status_texts(main_window)
        assert isinstance(main_window.current_pane(), HouseholdsPane)
        assert main_window.current_pane().db is main_window.database
    finally:
        main_window.database.close()


def test_open_asks_for_the_file(main_window, tmp_path, monkeypatch):
    other = tmp_path / "xa2.db"
    create_database(other, "commune", "03289").close()
    monkeypatch.setattr(main_window, "_choose_file_to_open", lambda: str(other))
    main_window.open_action.trigger()
    try:
        assert "Xã Quài Cang" in main_window.windowTitle()
    finally:
        main_window.database.close()


def test_open_refused_keeps_the_current_database(main_window, tmp_path, commune_db):
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"not a database")
    assert not main_window.open_database_file(junk)
    boxes = open_messages(main_window)
    assert len(boxes) == 1 and "không phải cơ sở dữ liệu" in boxes[0].text()
    boxes[0].close()
    assert main_window.database is commune_db
    assert "Xã Quài Nưa" in main_window.windowTitle()
    assert junk.read_bytes() == b"not a database"


def test_new_database_from_the_menu(main_window, tmp_path, monkeypatch):
    made = create_database(tmp_path / "new.db", "commune", "03277")
    monkeypatch.setattr("desktop.ui.main_window.ask_new_database", lambda *a, **k: made)
    main_window.new_action.trigger()
    try:
        assert main_window.database is made
        assert "Xã Mường Thín" in main_window.windowTitle()
    finally:
        made.close()


def test_new_database_cancelled_changes_nothing(main_window, commune_db, monkeypatch):
    monkeypatch.setattr("desktop.ui.main_window.ask_new_database", lambda *a, **k: None)
    main_window.new_action.trigger()
    assert main_window.database is commune_db
