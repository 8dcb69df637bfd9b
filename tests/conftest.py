"""Fixtures shared by all tests: headless Qt, databases copied from session templates, GUI state.

PySide6 is imported only inside GUI fixtures, so core and CLI tests run without Qt loaded.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest

from desktop.core import features  # noqa: F401  (every table's record rules registered)
from desktop.core.db import create_database, open_database
from desktop.core.store import Store

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The time budget of one test marked `slow` (fuzz, end-to-end sync, kill tests): generous for a
# slow two-core machine (today each takes well under a minute), so that a suite that grows or a
# merge that slows down fails here instead of creeping towards the 30-minute `make test` limit.
SLOW_TEST_BUDGET = 180.0

KINDS = {"commune": ("xa-03274.db", "03274"), "office": ("huyen-099.db", "099")}


@pytest.fixture(scope="session")
def db_templates(tmp_path_factory) -> dict[str, Path]:
    """One empty database per kind, made once per session (and per xdist worker), never opened by tests."""
    root = tmp_path_factory.mktemp("templates")
    made = {}
    for kind, (name, code) in KINDS.items():
        path = root / name
        create_database(path, kind, code).close()
        made[kind] = path
    return made


def _copy(db_templates: dict[str, Path], kind: str, folder: Path):
    target = folder / KINDS[kind][0]
    shutil.copyfile(db_templates[kind], target)
    return open_database(target)  # a copied file takes a new device id, as a restored one would


@pytest.fixture
def commune_db(db_templates, tmp_path):
    """An empty commune database (Xã Quài Nưa, 03274) at tmp_path/xa-03274.db, closed after the test."""
    db = _copy(db_templates, "commune", tmp_path)
    yield db
    db.close()


@pytest.fixture
def office_db(db_templates, tmp_path):
    """An empty consolidating-office database (Huyện Tuần Giáo, 099) at tmp_path/huyen-099.db."""
    db = _copy(db_templates, "office", tmp_path)
    yield db
    db.close()


@pytest.fixture
def store(commune_db) -> Store:
    """The write path over `commune_db`, acting as "tester"."""
    return Store(commune_db, actor="tester")


@pytest.fixture
def household(store):
    """A village, a household and its head; returns (village_id, household_id, head_id)."""
    village = store.insert("villages", {"name": "Bản Co Muông"})
    household = store.insert("households", {"village_id": village, "code": "QN-00001"})
    head = store.insert("members", {
        "household_id": household, "full_name": "Lò Văn Thượng", "sex": "M", "birth_year": 1980,
        "ethnicity_code": "03", "citizen_id": "011080001234", "relationship": "head",
    })
    return village, household, head


@pytest.fixture
def today() -> dt.date:
    """Today's date, read when the test starts (never at import: a run may cross midnight)."""
    return dt.date.today()


@pytest.fixture(autouse=True)
def _slow_test_budget(request):
    """A test marked `slow` fails when it runs longer than SLOW_TEST_BUDGET seconds."""
    if request.node.get_closest_marker("slow") is None:
        yield
        return
    start = time.monotonic()
    yield
    spent = time.monotonic() - start
    if spent > SLOW_TEST_BUDGET:
        pytest.fail(f"slow test took {spent:.0f} s, over its budget of {SLOW_TEST_BUDGET:.0f} s")


@pytest.fixture(autouse=True)
def _gui_isolation(request):
    """For tests marked `gui`: Qt's test paths, settings in a temporary folder, no dialog left open."""
    if request.node.get_closest_marker("gui") is None:
        yield
        return
    from PySide6.QtCore import QEvent, QSettings, QStandardPaths
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
    # Delete the closed windows now, on the GUI thread. pytest-qt only asks for their deletion
    # (deleteLater), which waits for the next event loop; meanwhile a garbage collection that a
    # later test's background job happens to trigger could free them on its own thread, leaving
    # their timers registered with the GUI thread to fire at freed memory (a crash elsewhere).
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if leaked:
        pytest.fail(f"dialogs left open: {[type(w).__name__ + ' ' + w.windowTitle() for w in leaked]}")
