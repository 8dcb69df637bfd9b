"""A version is earned and vouched for; no edit is lost without a trace — written as the attack or
the accident (issue "Sync, part 2: trust", findings 1 and 2, and the forked history).

Each test asserts the outcome and that nothing else changed at the office.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

from desktop.core.db import _device_marker, open_database
from desktop.core.store import GENESIS, Store, audit_hash
from tests.helpers import unchanged
from tests.sync.conftest import cli


def _first_household(db) -> tuple[int, str, str]:
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT id, uuid, code FROM households WHERE deleted = 0 ORDER BY id LIMIT 1").fetchone()
    conn.close()
    return row


def _edit(db, household_id: int, address: str) -> None:
    opened = open_database(db)
    try:
        Store(opened, actor="cán bộ xã").update("households", household_id, {"address": address}, reason="sửa")
    finally:
        opened.close()


def _office_row(office, uuid: str) -> tuple:
    conn = sqlite3.connect(office)
    row = conn.execute("SELECT address, revision, device_id FROM households WHERE uuid = ?", (uuid,)).fetchone()
    conn.close()
    return row


def test_values_edited_with_another_tool_refuse_the_file_and_check_lists_them(district, capsys):
    """Finding 1, its second form: the address changed and another household deleted with an SQLite
    tool, the revisions left alone — the values are not those the audit log vouches for."""
    commune = district.commune("03274", 3, 12)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    _id, uuid, code = _first_household(commune)
    conn = sqlite3.connect(commune)
    conn.execute("UPDATE households SET address = 'PINNED' WHERE uuid = ?", (uuid,))
    conn.execute("UPDATE households SET deleted = 1 WHERE id = (SELECT MAX(id) FROM households)")
    conn.commit()
    conn.close()
    tampered = district.export(commune, capsys)
    with unchanged(district.office):
        assert cli("--db", district.office, "merge", tampered) == 1
    err = capsys.readouterr().err
    assert code in err and "đã bị sửa ngoài phần mềm" in err
    assert cli("--db", commune, "check") == 1
    out = capsys.readouterr()
    assert "phiên bản không khớp nhật ký" in out.out + out.err and code in out.out + out.err


def test_a_forged_entry_cannot_leap_to_a_high_revision(district, capsys):
    """Finding 1, the attacker who also writes the audit entry (nothing secret is needed to hash a
    chain): revision 2^63−1 needs 2^63−2 before it. The file is refused, the entry named."""
    commune = district.commune("03274", 3, 13)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    _id, uuid, _code = _first_household(commune)
    db = open_database(commune)
    try:
        conn = db.conn
        top = 2**63 - 1
        with db.transaction():
            conn.execute("UPDATE households SET revision = ?, address = 'PINNED' WHERE uuid = ?", (top, uuid))
            store = Store(db, actor="kẻ gian")
            from desktop.core.portable import portable_record, record_values, values_digest

            values = record_values(portable_record(conn, "households", uuid))
            last = conn.execute("SELECT hash FROM audit_log WHERE device_id = ? ORDER BY id DESC LIMIT 1",
                                (db.identity.device_id,)).fetchone()
            entry = {"uuid": "03274fff-0000-8000-8000-000000000001", "at": "2026-12-07T00:00:00Z", "actor": store.actor,
                     "device_id": db.identity.device_id, "commune_code": "03274", "action": "update",
                     "table_name": "households", "record_uuid": uuid, "revision": top,
                     "base_device": db.identity.device_id, "values_sha256": values_digest(values),
                     "old_values": json.dumps({"address": ""}), "new_values": json.dumps({"address": "PINNED"}),
                     "extras": None, "reason": "", "prev_hash": last[0] if last else GENESIS}
            entry["hash"] = audit_hash(entry["prev_hash"], entry)
            conn.execute(f"INSERT INTO audit_log ({', '.join(entry)}) VALUES ({', '.join('?' * len(entry))})",
                         list(entry.values()))
    finally:
        db.close()
    forged = district.export(commune, capsys)
    with unchanged(district.office):
        assert cli("--db", district.office, "merge", forged) == 1
    err = capsys.readouterr().err
    assert f"phiên bản {top}" in err and "không dựa trên phiên bản" in err


def test_an_honest_restore_loses_no_edit(district, tmp_path, capsys):
    """Finding 2: backup; two edits; export; merge; restore; one edit; export; merge. The edit made
    after the restore is not reported unchanged and lost: the household's conflict set holds it
    beside the pre-restore edit (the higher revision, live), and the merge says so."""
    commune = district.commune("03274", 3, 14)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    household, uuid, _code = _first_household(commune)
    saved = tmp_path / "sao-luu.db"
    assert cli("--db", commune, "backup", "--out", saved) == 0
    _edit(commune, household, "Bản Co Sáng")
    _edit(commune, household, "Bản Co Sáng, nhà thứ hai")
    capsys.readouterr()
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    assert cli("--db", commune, "restore", saved) == 0
    _edit(commune, household, "Bản Pá Sát (sau khi khôi phục)")
    after_restore = district.export(commune, capsys)
    capsys.readouterr()
    assert cli("--db", district.office, "merge", after_restore) == 0
    assert "households=new:0/updated:0/unchanged:2/deleted:0/conflicts:1" in capsys.readouterr().out
    assert _office_row(district.office, uuid)[:2] == ("Bản Co Sáng, nhà thứ hai", 3)
    conn = sqlite3.connect(district.office)
    kept = conn.execute("SELECT revision, version FROM sync_conflicts WHERE record_uuid = ? AND resolved_at IS NULL",
                        (uuid,)).fetchall()
    conn.close()
    assert [(r, json.loads(v)["address"]) for r, v in kept] == [(2, "Bản Pá Sát (sau khi khôi phục)")]
    # Merged again, or the earlier file again: nothing changes.
    with unchanged(district.office):
        capsys.readouterr()
        assert cli("--db", district.office, "merge", after_restore) == 0


def test_a_later_edit_after_a_restore_replaces_its_own_earlier_one_in_the_conflict_set(district, tmp_path, capsys):
    """The restored laptop edits the household again: its newer version takes its earlier one's place
    in the conflict set (it was made from it); it is higher than the live one now, so it is live,
    and the pre-restore edit is kept in the set instead."""
    commune = district.commune("03274", 3, 15)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    household, uuid, _code = _first_household(commune)
    saved = tmp_path / "sao-luu.db"
    assert cli("--db", commune, "backup", "--out", saved) == 0
    _edit(commune, household, "Trước khôi phục")
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    assert cli("--db", commune, "restore", saved) == 0
    _edit(commune, household, "Sau khôi phục 1")
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    _edit(commune, household, "Sau khôi phục 2")
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    assert _office_row(district.office, uuid)[:2] == ("Sau khôi phục 2", 3)
    conn = sqlite3.connect(district.office)
    kept = conn.execute("SELECT revision, version FROM sync_conflicts WHERE record_uuid = ? AND resolved_at IS NULL",
                        (uuid,)).fetchall()
    conn.close()
    assert [(r, json.loads(v)["address"]) for r, v in kept] == [(2, "Trước khôi phục")]


def test_a_database_copied_without_a_new_device_id_is_refused_as_a_forked_history(district, tmp_path, capsys):
    """Two laptops claiming one device (a copy whose device marker was set by hand so it kept the
    device id): their histories fork. The first file is merged; the second, whose chain for that
    device neither extends nor begins the office's, is refused and changes nothing."""
    commune = district.commune("03274", 3, 16)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    twin = tmp_path / "twin.db"
    shutil.copyfile(commune, twin)
    conn = sqlite3.connect(twin)
    conn.execute("UPDATE identity SET device_marker = ?", (_device_marker(twin),))
    conn.commit()
    conn.close()
    household, _uuid, _code = _first_household(commune)
    _edit(commune, household, "Máy thật")
    _edit(twin, household, "Máy sao chép")
    same = [sqlite3.connect(p).execute("SELECT device_id FROM identity").fetchone()[0] for p in (commune, twin)]
    assert same[0] == same[1]
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    forked = district.export(twin, capsys)
    with unchanged(district.office):
        capsys.readouterr()
        assert cli("--db", district.office, "merge", forked) == 1
    assert "rẽ nhánh" in capsys.readouterr().err


def test_a_fork_whose_file_numbers_do_not_collide_is_still_refused_by_its_audit_chain(district, tmp_path, capsys):
    """The same fork, its file numbered past the original's (the numbering is the attacker's to
    set): the manifest alone cannot tell, the audit chain of the device can."""
    commune = district.commune("03274", 3, 17)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    twin = tmp_path / "twin.db"
    shutil.copyfile(commune, twin)
    conn = sqlite3.connect(twin)
    conn.execute("UPDATE identity SET device_marker = ?", (_device_marker(twin),))
    conn.execute("INSERT INTO sync_exports (device_id, sequence, file_name, sha256, created_at, encrypted, records) "
                 "SELECT device_id, 40, 'x', 'f' || sha256, created_at, encrypted, records FROM sync_exports")
    conn.commit()
    conn.close()
    household, _uuid, _code = _first_household(commune)
    _edit(commune, household, "Máy thật")
    _edit(twin, household, "Máy sao chép")
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    forked = district.export(twin, capsys)
    assert "_000041_" in forked.name
    with unchanged(district.office):
        capsys.readouterr()
        assert cli("--db", district.office, "merge", forked) == 1
    assert "lịch sử thay đổi của máy" in capsys.readouterr().err
