"""Fixtures shared by all tests: headless Qt, fresh databases, isolated GUI state.

PySide6 is imported only inside GUI fixtures, so core and CLI tests run without Qt loaded.
"""

from __future__ import annotations

import os

import pytest

from desktop.core import features  # noqa: F401  (every table's record rules registered)
from desktop.core.db import create_database

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def commune_db(tmp_path):
    """A new, empty commune database (Xã Quài Nưa, 03274), closed after the test."""
    db = create_database(tmp_path / "xa-03274.db", "commune", "03274")
    yield db
    db.close()


@pytest.fixture
def office_db(tmp_path):
    """A new, empty consolidating-office database (Huyện Tuần Giáo, 099), closed after the test."""
    db = create_database(tmp_path / "huyen-099.db", "office", "099")
    yield db
    db.close()


@pytest.fixture(autouse=True)
def _gui_isolation(request):
    """For tests marked `gui`: Qt's test paths, settings in a temporary folder, no dialog left open."""
    if request.node.get_closest_marker("gui") is None:
        yield
        return
    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtWidgets import QApplication, QDialog

    QStandardPaths.setTestModeEnabled(True)
    settings_dir = request.getfixturevalue("tmp_path") / "qt-settings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    yield
    # pytest-qt has closed the widgets registered with qtbot by now; anything still shown leaked.
    leaked = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    for widget in leaked:
        widget.close()
        widget.deleteLater()
    if leaked:
        pytest.fail(f"dialogs left open: {[type(w).__name__ + ' ' + w.windowTitle() for w in leaked]}")
