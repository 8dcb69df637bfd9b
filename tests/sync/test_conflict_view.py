"""The office's conflict sets as a person reads them (desktop/core/sync/conflicts.py): each version
side by side, field by field against their common ancestor."""

from __future__ import annotations

import pytest

from desktop.core.db import open_database
from desktop.core.errors import Refusal
from desktop.core.sync.conflicts import open_conflicts
from tests.sync.conftest import cli, edit_household, first_household


def test_a_restore_and_an_edit_shown_side_by_side_against_what_both_came_from(district, tmp_path, capsys):
    commune = district.commune("03274", 3, 51)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    before = first_household(commune)
    household = before["id"]
    saved = tmp_path / "sao-luu.db"
    assert cli("--db", commune, "backup", "--out", saved) == 0
    edit_household(commune, household, address="Bản Co Sáng")
    edit_household(commune, household, notes="Nhà sàn gỗ")
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    assert cli("--db", commune, "restore", saved) == 0
    edit_household(commune, household, address="Bản Pá Sát")
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0

    db = open_database(district.office)
    try:
        (conflict,) = open_conflicts(db)
        assert open_conflicts(db, "03271") == []
    finally:
        db.close()
    assert (conflict.table, conflict.commune_name) == ("households", "Xã Quài Nưa")
    assert before["code"] in conflict.record
    live, other = conflict.versions
    assert (live.live, live.revision, other.live, other.revision) == (True, 3, False, 2)
    assert live.device != other.device and live.device_tag != other.device_tag
    assert live.made_by and other.made_by and live.made_at and other.made_at
    assert conflict.ancestor is not None and conflict.ancestor[0] == 1
    fields = {f.field: f for f in conflict.fields}
    assert set(fields) == {"address", "notes"}
    address, notes = fields["address"], fields["notes"]
    assert (address.ancestor, address.values, address.changed) == (
        before["address"], ["Bản Co Sáng", "Bản Pá Sát"], [True, True])
    assert (notes.ancestor, notes.values, notes.changed) == (before["notes"], ["Nhà sàn gỗ", before["notes"]],
                                                            [True, False])
    assert address.label and address.label != "address"


def test_a_commune_database_has_no_conflict_view(district):
    db = open_database(district.commune("03274", 1, 52))
    try:
        with pytest.raises(Refusal, match="văn phòng tổng hợp"):
            open_conflicts(db)
    finally:
        db.close()
