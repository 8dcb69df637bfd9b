"""Fixtures for GUI tests: the configured application and the main window on a fresh database."""

from __future__ import annotations

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
