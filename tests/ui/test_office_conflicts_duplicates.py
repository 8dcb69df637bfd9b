"""The office's "Xung đột" and "Trùng lặp" tabs, clicked through: a restored backup's edit shown
against the version it parted from, field by field; the same citizen ID in two communes listed,
marked not the same person with a reason (an empty reason refused with the core's message); both
tabs rendered at 1366×768 for a look."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.db import open_database
from desktop.core.store import Store
from desktop.ui.office_sync.pane import OfficeSync
from desktop.ui.sync_pane import SyncPane
from tests.sync.conftest import District, cli, edit_household, first_household
from tests.ui.conftest import open_window
from tests.ui.test_office_sync import when

pytestmark = pytest.mark.gui

QUAI_NUA, PU_NHUNG = "03274", "03271"


def same_person_in(source: Path, target: Path) -> str:
    """The first member with a citizen ID of `source`, copied into a household of `target`."""
    src = open_database(source)
    person = dict(src.conn.execute("SELECT full_name, sex, birth_year, citizen_id FROM members "
                                   "WHERE citizen_id <> '' AND deleted = 0 ORDER BY id LIMIT 1").fetchone())
    src.close()
    dst = open_database(target)
    try:
        household = dst.conn.execute("SELECT id FROM households WHERE deleted = 0 LIMIT 1").fetchone()[0]
        Store(dst).insert("members", person | {"household_id": household, "ethnicity_code": "03",
                                               "relationship": "other"})
    finally:
        dst.close()
    return person["citizen_id"]


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> dict:
    """An office holding one conflict set (Quài Nưa: a backup restored, then edited) and one pair
    (the same citizen ID in Quài Nưa and Pú Nhung)."""
    import contextlib
    import io

    root = tmp_path_factory.mktemp("office-tabs")
    district = District(root)

    def export(commune: Path) -> Path:
        with contextlib.redirect_stdout(io.StringIO()) as out:
            assert cli("--db", commune, "export-sync", "--out", root / f"outbox-{commune.stem}") == 0
        return Path(out.getvalue().strip())

    def merge(*files: Path) -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            assert cli("--db", district.office, "merge", *files) == 0

    quai_nua = district.commune(QUAI_NUA, 3, 51)
    pu_nhung = district.commune(PU_NHUNG, 3, 52)
    citizen_id = same_person_in(quai_nua, pu_nhung)
    merge(export(quai_nua), export(pu_nhung))
    before = first_household(quai_nua)
    household = before["id"]
    saved = root / "sao-luu.db"
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli("--db", quai_nua, "backup", "--out", saved) == 0
    edit_household(quai_nua, household, address="Bản Co Sáng")
    edit_household(quai_nua, household, notes="Nhà sàn gỗ")
    merge(export(quai_nua))
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli("--db", quai_nua, "restore", saved) == 0
    edit_household(quai_nua, household, address="Bản Pá Sát")
    merge(export(quai_nua))
    return {"path": district.office, "before": before, "citizen_id": citizen_id}


@pytest.fixture
def window(gui_app, qtbot, office, tmp_path):
    import shutil

    path = tmp_path / "van-phong.db"
    shutil.copyfile(office["path"], path)
    window, db = open_window(qtbot, path)
    yield window
    window.close()
    db.close()


def office_of(window) -> OfficeSync:
    window.show_section("sync")
    pane = window.current_pane()
    assert isinstance(pane, SyncPane) and pane.office_view is not None
    return pane.office_view


def texts(model, column: str) -> list[str]:
    return [model.index(n, model.columns.index(column)).data() for n in range(model.rowCount())]


def test_conflict_set_side_by_side_against_its_ancestor(window, office):
    view = office_of(window)
    assert [view.tabText(n) for n in range(view.count())][2:5] == ["Khóa", "Xung đột", "Trùng lặp"]
    view.setCurrentWidget(view.conflicts)
    tab = view.conflicts
    assert texts(tab.model, "commune") == ["Xã Quài Nưa"]
    assert office["before"]["code"] in texts(tab.model, "record")[0]
    assert texts(tab.model, "versions") == ["2"]
    fields = tab.fields
    headers = [fields.headerData(n, fields_orientation()) for n in range(fields.columnCount())]
    assert headers[1] == "Trước khi tách"
    assert headers[2].startswith("Đang dùng — máy ") and "cán bộ 03274" in headers[2]
    assert headers[3].startswith("Phiên bản khác — máy ")
    rows = {fields.rows[n]["choice"].field: n for n in range(fields.rowCount())}
    assert set(rows) == {"address", "notes"}
    address, notes = rows["address"], rows["notes"]

    def cell(row: int, column: int):
        return fields.index(row, column)

    assert cell(address, 0).data() != "address"  # its Vietnamese label
    assert cell(address, 1).data() == (office["before"]["address"] or "")
    assert (cell(address, 2).data(), cell(address, 3).data()) == ("✓ Bản Co Sáng", "Bản Pá Sát")
    from PySide6.QtCore import Qt

    amber = {n: cell(notes, n).data(Qt.ItemDataRole.BackgroundRole) for n in (1, 2, 3)}
    assert amber[1] is None and amber[2] is not None and amber[3] is None  # only the live version changed notes
    assert cell(address, 3).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert cell(notes, 2).data() == "✓ Nhà sàn gỗ"
    # Nothing chosen yet: the live version is kept, its cells ticked (choosing: test_receipts_gui.py).
    assert texts(tab.model, "state") == ["Chưa xử lý"] and tab.keep.currentIndex() == 0
    assert cell(address, 2).data(Qt.ItemDataRole.DisplayRole) == "✓ Bản Co Sáng" and not tab.decided.isVisible()

    tab.select_commune(PU_NHUNG)
    assert tab.model.rowCount() == 0 and fields.rowCount() == 0
    tab.select_commune(None)
    assert tab.model.rowCount() == 1

    view.setCurrentWidget(view.conflicts)
    window.grab().save("/tmp/tabs-conflicts.png")


def fields_orientation():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_pair_marked_not_the_same_person_with_a_reason(window, office):
    view = office_of(window)
    view.setCurrentWidget(view.duplicates)
    tab = view.duplicates
    ids = [row["pair"].a.citizen_id for row in tab.model.rows]
    assert office["citizen_id"] in ids
    n = ids.index(office["citizen_id"])
    pair = tab.model.rows[n]["pair"]
    assert texts(tab.model, "kind")[n] == "cùng số CCCD"
    assert texts(tab.model, "state")[n] == "Chưa xử lý"
    people = {texts(tab.model, "a")[n].split("\n")[1].split(" · ")[0], texts(tab.model, "b")[n].split("\n")[1].split(" · ")[0]}
    assert people == {"Xã Quài Nưa", "Xã Pú Nhung"}
    assert pair.a.name in texts(tab.model, "a")[n]
    window.grab().save("/tmp/tabs-duplicates.png")

    # An empty reason: the core's message under the text, nothing changed.
    tab.select_pair(pair.id)
    assert tab.not_same_button.isEnabled() and not tab.reopen_button.isEnabled()
    seen: dict = {}

    def empty(dialog) -> None:
        def click() -> None:
            dialog.save_button.click()
            seen["error"] = dialog.error_label.text()
            seen["visible"] = dialog.isVisible()
            dialog.reject()
        when(dialog.isVisible, click)

    dialog = tab.mark_not_duplicate(after=empty)
    assert dialog is not None and not dialog.decided
    assert seen["visible"] and "lý do" in seen["error"]
    assert texts(tab.model, "state")[n] == "Chưa xử lý"

    # With a reason: recorded, shown, and found by the state filter.
    def reason(dialog) -> None:
        def click() -> None:
            dialog.note.setPlainText("Khác cha mẹ, khác quê")
            dialog.save_button.click()
        when(dialog.isVisible, click)

    dialog = tab.mark_not_duplicate(after=reason)
    assert dialog is not None and dialog.decided
    row = next(n for n, r in enumerate(tab.model.rows) if r["id"] == pair.id)
    assert texts(tab.model, "state")[row] == "Không phải cùng người"
    assert texts(tab.model, "note")[row] == "Khác cha mẹ, khác quê"
    tab.select_state("not_duplicate")
    assert [r["id"] for r in tab.model.rows] == [pair.id]
    tab.select_state("open")
    assert pair.id not in [r["id"] for r in tab.model.rows]

    # Open again.
    tab.select_state(None)
    tab.select_pair(pair.id)
    assert tab.reopen_button.isEnabled()
    assert tab.reopen()
    row = next(n for n, r in enumerate(tab.model.rows) if r["id"] == pair.id)
    assert texts(tab.model, "state")[row] == "Chưa xử lý"
