"""The commune's record rules run at the office's merge: a record that breaks one refuses its file,
named, with nothing written; the commune's own `check` lists the same record; once corrected,
the next file is merged and the office's `check` stays clean."""

from __future__ import annotations

import sqlite3

from desktop.core import check
from desktop.core.db import open_database
from desktop.core.store import Store
from tests.sync.conftest import cli, vouch_for_changes
from tests.sync.fuzzing import tables_of


def _break(db_path, sql: str, params=()) -> None:
    """Change the commune's data behind the forms' rules, as a write path that skipped them would
    (the audit log accounts for the change: see vouch_for_changes)."""
    conn = sqlite3.connect(db_path)
    conn.execute(sql, params)
    conn.commit()
    conn.close()
    vouch_for_changes(db_path)


def _check(db_path) -> check.Report:
    db = open_database(db_path)
    try:
        return check.run(db)
    finally:
        db.close()


def _first_member(db_path) -> tuple[int, str]:
    conn = sqlite3.connect(db_path)
    row = conn.execute("SELECT id, full_name FROM members WHERE deleted = 0 AND citizen_id <> '' ORDER BY id LIMIT 1").fetchone()
    conn.close()
    return row


def test_a_member_born_in_3000_refuses_the_file_names_the_record_and_changes_nothing(district, capsys):
    commune = district.commune("03274", 4, 1)
    member_id, name = _first_member(commune)
    _break(commune, "UPDATE members SET birth_year = 3000, birth_date = NULL, citizen_id = 'NOT-A-CCCD' WHERE id = ?",
           (member_id,))
    listed = _check(commune)
    assert not listed.ok and any(name in p and "Năm sinh" in p for p in listed.problems), listed.problems
    sent = district.export(commune, capsys)
    before = tables_of(district.office)

    for dry in ((), ("--dry-run",)):
        assert cli("--db", district.office, "merge", *dry, sent) == 1
        err = capsys.readouterr().err
        assert name in err and "Năm sinh" in err and "3000" in err and "Xã cần sửa" in err, err
        assert tables_of(district.office) == before
    assert _check(district.office).ok

    db = open_database(commune)
    Store(db).update("members", member_id, {"birth_year": 1980, "citizen_id": ""}, reason="sửa năm sinh")
    db.close()
    assert _check(commune).ok
    corrected = district.export(commune, capsys)
    assert cli("--db", district.office, "merge", corrected) == 0
    report = _check(district.office)
    assert report.ok, report.lines()
    office = sqlite3.connect(district.office)
    assert office.execute("SELECT birth_year FROM members WHERE full_name = ? AND citizen_id = ''", (name,)).fetchone()[0] == 1980
    office.close()


def test_two_households_with_one_code_in_a_file_are_refused_by_the_set_rule(district, capsys):
    commune = district.commune("03274", 4, 2)
    conn = sqlite3.connect(commune)
    first, second = [r[0] for r in conn.execute("SELECT code FROM households ORDER BY id LIMIT 2")]
    conn.close()
    _break(commune, "UPDATE households SET code = ? WHERE code = ?", (first, second))
    assert any(first in p and "Mã hộ" in p for p in _check(commune).problems)
    sent = district.export(commune, capsys)
    before = tables_of(district.office)
    assert cli("--db", district.office, "merge", sent) == 1
    err = capsys.readouterr().err
    assert f"hộ {first}" in err and "đã được dùng cho hộ khác" in err, err
    assert tables_of(district.office) == before


def test_records_the_office_has_already_are_not_judged_again(district, capsys, monkeypatch):
    """Only new and changed records are judged: an unchanged record that a later rule update would
    refuse does not stop the commune's next file."""
    from desktop.core.sync import judge

    commune = district.commune("03274", 3, 3)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    db = open_database(commune)
    store = Store(db)
    village = db.conn.execute("SELECT id FROM villages ORDER BY id LIMIT 1").fetchone()[0]
    store.insert("households", {"village_id": village, "code": "QN-MOI-01"})
    db.close()
    judged: list[int] = []
    real = judge.judge_rows

    def spy(path, rules, table, columns, rows, changed):
        if table == "households":
            judged.append(len(changed))
        return real(path, rules, table, columns, rows, changed)

    monkeypatch.setattr(judge, "judge_rows", spy)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    assert judged == [1]  # the new household only; the office holds the others' versions already
