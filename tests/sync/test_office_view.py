"""The office's view of its communes (desktop/core/sync/office.py): who sent what and when, what
is missing, who is late, what each holds; and a revocation previewed without changing anything."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from desktop.core.db import open_database
from desktop.core.errors import Refusal
from desktop.core.sync import office
from tests.helpers import unchanged
from tests.sync.conftest import cli


def test_every_commune_of_the_district_is_listed_with_what_it_sent(district, capsys):
    first = district.commune("03274", 3, 31)
    second = district.commune("03271", 2, 32)
    assert cli("--db", district.office, "merge", district.export(first, capsys)) == 0
    district.export(second, capsys)  # file 1 of the second commune never reaches the office
    assert cli("--db", district.office, "merge", district.export(second, capsys)) == 0
    db = open_database(district.office)
    try:
        now = dt.datetime.now(dt.UTC)
        rows = {s.code: s for s in office.communes_status(db, late_after_days=10, now=now)}
        later = {s.code: s for s in office.communes_status(db, late_after_days=10, now=now + dt.timedelta(days=11))}
    finally:
        db.close()
    assert len(rows) > 10 and all(s.name for s in rows.values())  # the whole district, by name
    quai = rows["03274"]
    assert (quai.households, quai.files, quai.late, quai.days_since, quai.missing) == (3, 1, False, 0, [])
    assert quai.key and quai.held_keys == 0
    assert rows["03271"].households == 2 and [m["sequence"] for m in rows["03271"].missing] == [1]
    silent = next(s for code, s in rows.items() if code not in ("03274", "03271"))
    assert (silent.last_received, silent.late, silent.households, silent.key) == (None, True, 0, "")
    assert later["03274"].late and later["03274"].days_since == 11


def test_a_commune_database_has_no_office_view(district):
    commune = district.commune("03274", 1, 33)
    db = open_database(commune)
    try:
        with pytest.raises(Refusal, match="văn phòng tổng hợp"):
            office.communes_status(db)
    finally:
        db.close()


def test_a_revocation_previewed_changes_nothing(district, capsys):
    commune = district.commune("03274", 3, 34)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    fp = sqlite3.connect(district.office).execute("SELECT fingerprint FROM commune_keys").fetchone()[0]
    with unchanged(district.office):
        db = open_database(district.office)
        try:
            preview = office.preview_revoke(db, "03274", fp)
        finally:
            db.close()
    assert preview.files and preview.changes.get("quarantined", 0) > 3 and len(preview.quarantined) > 3


def test_a_cancelled_batch_stops_between_files_and_changes_nothing_of_the_rest(district, capsys):
    from desktop.core.sync.merge import APPLIED, CANCELLED, merge_files

    files = [district.export(district.commune(code, 2, 40 + n), capsys) for n, code in enumerate(("03274", "03271"))]
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1  # the officer presses Cancel while the first file is merged

    db = open_database(district.office)
    try:
        results = merge_files(db, files, cancelled=cancelled)
        held = [tuple(r) for r in db.conn.execute("SELECT commune_code FROM received_files")]
        households = [tuple(r) for r in db.conn.execute("SELECT DISTINCT commune_code FROM households")]
    finally:
        db.close()
    assert [r.status for r in results] == [APPLIED, CANCELLED]
    assert "đã dừng theo yêu cầu" in results[1].message
    assert held == households == [("03274",)]
