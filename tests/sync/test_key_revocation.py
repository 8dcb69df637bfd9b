"""A stolen key's work taken back (issue "Sync, part 2: trust", finding 5), written as the theft:

A commune's laptop sends file 1; it is stolen; the thief, with the laptop's database and key,
edits a household, deletes another, adds a village and a household with a member, and sends
file 2, which the office merges. The commune gets a new laptop from its backup with a new key,
the office approves that key and merges its file. Then `keys revoke 03274 <stolen key>
--after-sequence 1`: what file 2 brought is rolled back to the last trusted versions, what only
file 2 created is quarantined (hidden from the counts, listed), earlier files stay trusted, the
stolen key's files are refused from then on, `check` stays clean — and `keys undo-revoke` puts
everything back as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

from desktop.core.db import open_database
from desktop.core.store import Store
from tests.helpers import unchanged
from tests.sync.conftest import cli, dump

CODE = "03274"


def _stats(office: Path, capsys) -> dict:
    capsys.readouterr()
    assert cli("--db", office, "stats", "--json") == 0
    return json.loads(capsys.readouterr().out)


def _household(db: Path, order: str = "ASC") -> tuple[int, str, str, str]:
    conn = sqlite3.connect(db)
    row = conn.execute(f"SELECT id, uuid, code, address FROM households WHERE deleted = 0 ORDER BY id {order} LIMIT 1"
                       ).fetchone()
    conn.close()
    return row


def _office_household(office: Path, uuid: str) -> tuple:
    conn = sqlite3.connect(office)
    row = conn.execute("SELECT address, deleted, revision FROM households WHERE uuid = ?", (uuid,)).fetchone()
    conn.close()
    return row


def _fingerprint(db: Path, capsys) -> str:
    office_keys = sqlite3.connect(db).execute("SELECT fingerprint FROM commune_keys WHERE status = 'bound'").fetchone()
    return office_keys[0]


def _theft(commune: Path, n: int = 1) -> dict[str, str]:
    """The thief's work on the stolen laptop, through the software (real, vouched versions)."""
    db = open_database(commune)
    try:
        store = Store(db, actor="kẻ gian")
        first = db.conn.execute("SELECT id, uuid FROM households WHERE deleted = 0 ORDER BY id LIMIT 1").fetchone()
        last = db.conn.execute("SELECT id, uuid FROM households WHERE deleted = 0 ORDER BY id DESC LIMIT 1").fetchone()
        store.update("households", first[0], {"address": "Địa chỉ giả của kẻ gian"}, reason="sửa")
        store.delete("households", last[0], "xóa trộm")
        village = store.insert("villages", {"name": "Bản Ma" + " II" * (n - 1)})
        household = store.insert("households", {"village_id": village, "code": f"MA-{n:05d}"})
        member = store.insert("members", {"household_id": household, "full_name": "Người Không Có Thật", "sex": "M",
                                          "birth_year": 1990, "ethnicity_code": "01", "relationship": "head"})
        uuid_of = {table: db.conn.execute(f"SELECT uuid FROM {table} WHERE id = ?", (rid,)).fetchone()[0]
                   for table, rid in (("villages", village), ("households", household), ("members", member))}
    finally:
        db.close()
    return {"edited": first[1], "deleted": last[1]} | uuid_of


def _new_laptop(backup: Path, target: Path) -> None:
    """The commune's new laptop: its backup put back, with a key of its own (set up by the office's
    technician: no enrolment secret of the old package)."""
    shutil.copyfile(backup, target)
    conn = sqlite3.connect(target)
    conn.execute("UPDATE identity SET sign_secret_key = ?", (os.urandom(32),))
    conn.execute("UPDATE sync_config SET enrolment_secret = NULL")
    conn.commit()
    conn.close()
    open_database(target).close()  # at its new path: a new device


def test_revoking_a_stolen_key_takes_back_its_files_and_undo_puts_them_back(district, tmp_path, capsys):
    commune = district.commune(CODE, 4, 21)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    stolen = _fingerprint(district.office, capsys)
    backup = tmp_path / "sao-luu.db"
    assert cli("--db", commune, "backup", "--out", backup) == 0
    before_theft = _stats(district.office, capsys)
    _id, _uuid, _code, original_address = _household(commune)

    made = _theft(commune)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0  # file 2, the thief's
    assert _office_household(district.office, made["edited"])[0] == "Địa chỉ giả của kẻ gian"

    laptop = tmp_path / "may-moi.db"
    _new_laptop(backup, laptop)
    db = open_database(laptop)
    try:  # the commune's own edit on the new laptop, of the household the thief deleted
        Store(db, actor="cán bộ xã").update("households", db.conn.execute(
            "SELECT id FROM households WHERE uuid = ?", (made["deleted"],)).fetchone()[0], {"address": "Bản Mới"})
    finally:
        db.close()
    sent = district.export(laptop, capsys)
    assert cli("--db", district.office, "merge", sent) == 1  # held: another key
    new_key = sqlite3.connect(district.office).execute(
        "SELECT fingerprint FROM commune_keys WHERE status = 'pending'").fetchone()[0]
    assert cli("--db", district.office, "keys", "approve", CODE, new_key) == 0
    assert cli("--db", district.office, "merge", sent) == 0
    # The thief's records are live at the office; the deleted household's fate is a conflict set.
    conn = sqlite3.connect(district.office)
    assert conn.execute("SELECT COUNT(*) FROM sync_conflicts WHERE record_uuid = ?", (made["deleted"],)).fetchone()[0] == 1
    conn.close()
    before_revoke = dump(district.office, CODE)

    capsys.readouterr()
    assert cli("--db", district.office, "keys", "revoke", CODE, stolen, "--after-sequence", "1") == 0
    out, err = capsys.readouterr()
    line = out.strip().split("\t")
    assert line[0] == "1" and line[1] == CODE and line[4] == "1"  # one file taken back
    assert "Người Không Có Thật" in err and "Bản Ma" in err and "MA-00001" in err  # the quarantine, listed
    # Rolled back to the last trusted versions: the address as before the theft.
    assert _office_household(district.office, made["edited"])[:2] == (original_address, 0)
    # The household the thief deleted: the new laptop's edit (made from the trusted version) is live.
    assert _office_household(district.office, made["deleted"])[:2] == ("Bản Mới", 0)
    # What only the thief created is hidden from the counts.
    after = _stats(district.office, capsys)
    assert after["households"] == before_theft["households"]
    assert after["members"] == before_theft["members"]
    conn = sqlite3.connect(district.office)
    for table in ("villages", "households", "members"):
        deleted, reason = conn.execute(f"SELECT deleted, deleted_reason FROM {table} WHERE uuid = ?",
                                       (made[table],)).fetchone()
        assert deleted == 1 and stolen in reason
    assert conn.execute("SELECT status FROM commune_keys WHERE fingerprint = ?", (stolen,)).fetchone()[0] == "revoked"
    assert conn.execute("SELECT COUNT(*) FROM sync_conflicts WHERE resolved_at IS NULL").fetchone()[0] == 0
    conn.close()
    assert cli("--db", district.office, "check") == 0
    capsys.readouterr()
    assert cli("--db", district.office, "keys", "revocations") == 0
    assert capsys.readouterr().out.startswith("1\t03274\t")

    # The thief keeps sending: refused, nothing changes.
    _theft(commune, 2)
    again = district.export(commune, capsys)
    with unchanged(district.office):
        capsys.readouterr()
        assert cli("--db", district.office, "merge", again) == 1
    assert "đã bị thu hồi" in capsys.readouterr().err

    # Undone: exactly the state before the revocation, the key as it was (retired: the new one is bound).
    assert cli("--db", district.office, "keys", "undo-revoke", "1") == 0
    assert dump(district.office, CODE) == before_revoke
    assert sqlite3.connect(district.office).execute(
        "SELECT status FROM commune_keys WHERE fingerprint = ?", (stolen,)).fetchone()[0] == "retired"


def test_undo_puts_back_exactly_what_revoke_changed(district, tmp_path, capsys):
    commune = district.commune(CODE, 3, 22)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    stolen = _fingerprint(district.office, capsys)
    made = _theft(commune)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    before = dump(district.office, CODE)
    conflicts_before = sqlite3.connect(district.office).execute("SELECT * FROM sync_conflicts").fetchall()
    assert cli("--db", district.office, "keys", "revoke", CODE, stolen, "--after-sequence", "1") == 0
    assert _office_household(district.office, made["households"])[1] == 1
    assert cli("--db", district.office, "keys", "undo-revoke", "1") == 0
    assert dump(district.office, CODE) == before
    conn = sqlite3.connect(district.office)
    assert conn.execute("SELECT * FROM sync_conflicts").fetchall() == conflicts_before
    assert conn.execute("SELECT status FROM commune_keys WHERE fingerprint = ?", (stolen,)).fetchone()[0] == "bound"
    conn.close()
    assert cli("--db", district.office, "check") == 0
    # A second undo, an unknown revocation, an unknown key, a negative sequence: refused, nothing changed.
    with unchanged(district.office):
        capsys.readouterr()
        assert cli("--db", district.office, "keys", "undo-revoke", "1") == 1
        assert cli("--db", district.office, "keys", "undo-revoke", "7") == 1
        assert cli("--db", district.office, "keys", "revoke", CODE, "0000-0000-0000-0000") == 1
        assert cli("--db", district.office, "keys", "revoke", CODE, stolen, "--after-sequence", "-1") == 1
        assert cli("--db", commune, "keys", "revoke", CODE, stolen) == 1  # a commune has no keys to revoke
        err = capsys.readouterr().err
    assert "đã được hoàn tác" in err and "số 7" in err and "không biết khóa" in err and "văn phòng" in err


def test_revoking_from_the_first_file_quarantines_everything_that_key_brought(district, capsys):
    """No --after-sequence: every file of the key is taken back; the commune's records, all made
    by that key, are quarantined (counts drop to zero), and undo brings them back."""
    commune = district.commune(CODE, 3, 23)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    stolen = _fingerprint(district.office, capsys)
    assert cli("--db", district.office, "keys", "revoke", CODE, stolen) == 0
    assert _stats(district.office, capsys)["households"] == 0
    assert cli("--db", district.office, "check") == 0
    assert cli("--db", district.office, "keys", "undo-revoke", "1") == 0
    assert _stats(district.office, capsys)["households"] == 3
