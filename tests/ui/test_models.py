"""The UI's table models pass pytest-qt's model tester, and the households list keeps only the
latest search's answer."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop.core import search
from desktop.core.demo import generate
from desktop.core.households import MemberDraft
from desktop.core.store import Store
from desktop.ui import households_model
from desktop.ui.households_members import COLUMNS, MembersModel
from desktop.ui.households_model import HouseholdsModel
from desktop.ui.villages_dialog import VillagesModel

pytestmark = pytest.mark.gui

MEMBERS = [
    MemberDraft(full_name="Lò Văn Thượng", sex="M", birth="12/03/1980", ethnicity_code="04", relationship="head",
                social_allowance=1_200_000),
    MemberDraft(full_name="Quàng Thị Ơn", sex="F", birth="1984", ethnicity_code="04", relationship="spouse",
                disability=True),
    MemberDraft(full_name="Lò Thị Xuân", sex="F", birth="2015", ethnicity_code="04", relationship="child",
                status="moved_out"),
]


@pytest.fixture
def demo_db(commune_db):
    generate(commune_db, 40, seed=7)
    return commune_db


def wait_search(qtbot, model: HouseholdsModel) -> None:
    qtbot.waitUntil(lambda: not model.is_searching(), timeout=5000)


def test_members_model(gui_app, qtmodeltester):
    model = MembersModel([MemberDraft(**vars(m)) for m in MEMBERS])
    model.set_messages({(0, "citizen_id"): "Số CCCD phải có 12 chữ số."}, {(1, "birth"): "Tuổi lớn bất thường."})
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.columnCount() == len(COLUMNS)
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    name = model.index(0, COLUMNS.index("full_name"))
    assert model.data(name) == "Lò Văn Thượng"
    allowance = model.index(0, COLUMNS.index("social_allowance"))
    assert model.data(allowance) == "1.200.000"
    error_cell = model.index(0, COLUMNS.index("citizen_id"))
    assert model.data(error_cell, Qt.ItemDataRole.ToolTipRole) == "Số CCCD phải có 12 chữ số."


def test_members_model_after_a_reset(gui_app, qtmodeltester):
    model = MembersModel([])
    qtmodeltester.check(model)
    model.set_members([MemberDraft(**vars(m)) for m in MEMBERS[:2]])
    qtmodeltester.check(model)
    assert model.rowCount() == 2


def test_households_model(gui_app, qtbot, qtmodeltester, demo_db):
    model = HouseholdsModel(demo_db)
    model.refresh()
    wait_search(qtbot, model)
    assert model.rowCount() == 40 and model.total() == 40
    qtmodeltester.check(model)
    model.update_query(text="lo")
    wait_search(qtbot, model)
    assert 0 < model.rowCount() < 40
    qtmodeltester.check(model)


def test_villages_model(gui_app, qtmodeltester, demo_db):
    model = VillagesModel(Store(demo_db, actor="tester"), 2025)
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_the_search_runs_on_a_connection_with_foreign_keys(gui_app, qtbot, demo_db, monkeypatch):
    seen = []
    real = search.search_ids

    def spy(conn, query, **kwargs):
        seen.append(conn.execute("PRAGMA foreign_keys").fetchone()[0])
        return real(conn, query, **kwargs)

    monkeypatch.setattr(households_model.search, "search_ids", spy)
    model = HouseholdsModel(demo_db)
    model.refresh()
    wait_search(qtbot, model)
    assert seen and set(seen) == {1}  # every search (the first may be superseded by the refresh)


def test_the_latest_search_wins(gui_app, qtbot, demo_db, monkeypatch):
    """A slow older search that finishes after a newer one is dropped."""
    release = threading.Event()
    real = households_model._search

    def search(path, query, progress):
        if query.text == "slow":
            release.wait(5)
            return [1, 2, 3], 40  # what a stale answer would show
        return real(path, query, progress)

    monkeypatch.setattr(households_model, "_search", search)
    model = HouseholdsModel(demo_db)
    finished = []
    model.search_finished.connect(lambda shown, total: finished.append(shown))
    model.update_query(text="slow")
    model.update_query(text="")
    qtbot.waitUntil(lambda: finished == [40], timeout=5000)
    release.set()
    qtbot.wait(300)  # the slow answer arrives now, and must change nothing
    assert finished == [40] and model.rowCount() == 40 and not model.is_searching()
    assert model.index(0, 0).isValid() and not model.index(0, 0).parent().isValid()
    assert model.rowCount(QModelIndex()) == 40


def test_the_office_list_names_each_households_commune(gui_app, qtbot, office_db, tmp_path):
    from desktop.core.sync.merge import merge_files
    from tests.sync.conftest import cli

    commune = tmp_path / "xa.db"
    assert cli("--db", commune, "init", "--commune", "03274") == 0
    assert cli("--db", commune, "demo", "--households", 2, "--seed", 5) == 0
    assert cli("--db", commune, "export-sync", "--out", tmp_path / "usb", "--unencrypted") == 0
    (merged,) = merge_files(office_db, list((tmp_path / "usb").glob("*.gnsync")), trust_new=True)
    assert merged.ok
    model = HouseholdsModel(office_db, office=True)
    model.refresh()
    wait_search(qtbot, model)
    column = model._columns.index(households_model.COL_COMMUNE)
    shown = {model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())}
    assert shown == {"Xã Quài Nưa"}
