"""Fixtures for GUI tests: the configured application and the main window on a fresh database."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def gui_app(qapp):
    """pytest-qt's QApplication, styled as the real one, in Vietnamese (restored afterwards)."""
    from desktop.ui.app import apply_language, configure_application

    configure_application(qapp)
    apply_language("vi")
    yield qapp
    apply_language("vi")


@pytest.fixture
def english(gui_app):
    """The interface in English for the test (Qt translator and core messages)."""
    from desktop.ui.app import apply_language

    apply_language("en")
    yield


def open_window(qtbot, path: Path):
    """The main window over the database at `path`, in Vietnamese at 1366×768: (window, database)."""
    from desktop.core.db import open_database
    from desktop.ui.app import apply_language, create_main_window

    apply_language("vi")  # the command line that made the database may have set the core's language
    db = open_database(path)
    window = create_main_window(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window, db


def _window(qtbot, db):
    from desktop.ui.app import create_main_window

    window = create_main_window(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def main_window(gui_app, qtbot, commune_db):
    """The main window over an empty commune database (03274)."""
    return _window(qtbot, commune_db)


@pytest.fixture
def office_window(gui_app, qtbot, office_db):
    """The main window over an empty consolidating-office database (099)."""
    return _window(qtbot, office_db)
