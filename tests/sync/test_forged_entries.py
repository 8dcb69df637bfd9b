"""Audit entries forged by a patched app (the commune's own key, hashes made right), and the
revocation's edge cases — written as the attack or the accident, each asserting the outcome and
that nothing else changed (a review of the trust work found these; each was reproduced first).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.core.db import create_database, open_database, schema_version, utc_now
from desktop.core.demo import generate
from desktop.core.store import GENESIS, Store, audit_hash, values_vouched
from desktop.core.sync import format as fmt
from desktop.core.sync.export import AUDIT_COLUMNS, export, snapshot
from desktop.core.sync.keys import signing_key
from desktop.core.sync.merge import APPLIED, REFUSED, merge_files
from tests.helpers import unchanged
from tests.sync.conftest import cli

CODE = "03274"
AT = {c: i for i, c in enumerate(AUDIT_COLUMNS)}


def _commune(root: Path, name: str = "xa.db") -> Path:
    db = create_database(root / name, "commune", CODE)
    generate(db, 3, seed=3)
    db.close()
    return root / name


def _office(root: Path) -> Path:
    create_database(root / "office.db", "office", "099").close()
    return root / "office.db"


def _export(db_path: Path, out: Path) -> Path:
    db = open_database(db_path)
    try:
        return export(db, out, unencrypted=True)
    finally:
        db.close()


def _merge(office: Path, *paths: Path) -> list:
    db = open_database(office)
    try:
        return merge_files(db, list(paths), trust_new=True)
    finally:
        db.close()


def _edit(db_path: Path, uuid: str, **changes) -> None:
    db = open_database(db_path)
    try:
        rid = db.conn.execute("SELECT id FROM households WHERE uuid = ?", (uuid,)).fetchone()[0]
        Store(db, actor="x").update("households", rid, changes, reason="sửa")
    finally:
        db.close()


def _first_household(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT uuid FROM households WHERE deleted = 0 ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        conn.close()


def _forged(db_path: Path, out: Path, change) -> Path:
    """The commune's snapshot, its last entry changed by `change(entry row)` and every chain hashed
    again, signed with the commune's own key as its next file (a patched app)."""
    db = open_database(db_path)
    try:
        payload = json.loads(json.dumps(snapshot(db)))
        rows = payload["audit"]["rows"]
        change(rows[-1])
        last: dict[str, str] = {}
        for row in rows:
            device = row[AT["device_id"]]
            row[AT["prev_hash"]] = last.get(device, GENESIS)
            row[AT["hash"]] = audit_hash(row[AT["prev_hash"]], dict(zip(AUDIT_COLUMNS, row, strict=True)))
            last[device] = row[AT["hash"]]
        previous = db.conn.execute("SELECT sha256 FROM sync_exports ORDER BY sequence DESC LIMIT 1").fetchone()[0]
        manifest = {"format": fmt.FORMAT, "format_version": fmt.FORMAT_VERSION, "schema_version": schema_version(db.conn),
                    "app_version": "sửa", "commune_code": CODE, "commune_name": db.identity.unit_name,
                    "units_list": db.identity.units_list, "office_code": db.identity.parent_code,
                    "device_id": db.identity.device_id, "sequence": 2, "previous_sha256": previous,
                    "created_at": utc_now(),
                    "record_counts": {t: len(v["rows"]) for t, v in payload["tables"].items()} | {"audit_log": len(rows)},
                    "encrypted": False, "enrolment_proof": ""}
        data = fmt.build(manifest, fmt.encode_payload(payload), signing_key(db.conn))
    finally:
        db.close()
    out.mkdir(exist_ok=True)
    path = out / f"{CODE}_000002_20261207T0900_forged.gnsync"
    path.write_bytes(data)
    return path


def _set(column: str, value):
    def change(row):
        row[AT[column]] = value
    return change


@pytest.mark.parametrize(("what", "change"), [
    ("the uuid of an entry the office holds", None),
    ("an unknown action", _set("action", "purge")),
    ("another table's name", _set("table_name", "villages")),
    ("changes that are not JSON", _set("old_values", "{not json")),
    ("changes that are a list", _set("old_values", "[1, 2]")),
])
def test_an_edit_whose_entry_is_forged_is_refused_and_changes_nothing(tmp_path, what, change):
    office, commune = _office(tmp_path), _commune(tmp_path)
    assert _merge(office, _export(commune, tmp_path / "out"))[0].status == APPLIED
    uuid = _first_household(commune)
    _edit(commune, uuid, address="KẺ GIAN")
    if change is None:  # reuse the first entry's uuid: an INSERT OR IGNORE would have dropped it
        first = sqlite3.connect(commune).execute("SELECT uuid FROM audit_log ORDER BY id LIMIT 1").fetchone()[0]
        change = _set("uuid", first)
    forged = _forged(commune, tmp_path / "out", change)
    with unchanged(office):
        (result,) = _merge(office, forged)
    assert result.status == REFUSED and "nhật ký thay đổi" in result.message, what


def test_an_entry_the_office_holds_carried_with_other_content_is_a_rewritten_history(tmp_path):
    office, commune = _office(tmp_path), _commune(tmp_path)
    assert _merge(office, _export(commune, tmp_path / "out"))[0].status == APPLIED
    _edit(commune, _first_household(commune), address="Bản Mới")
    conn = sqlite3.connect(commune)  # an entry the office holds rewritten, every link after it made again
    conn.execute("UPDATE audit_log SET actor = 'người khác' WHERE id = (SELECT MIN(id) FROM audit_log)")
    conn.commit()
    conn.close()
    forged = _forged(commune, tmp_path / "out", lambda row: None)
    with unchanged(office):
        (result,) = _merge(office, forged)
    assert result.status == REFUSED and "rẽ nhánh" in result.message


def _new_laptop(backup: Path, target: Path) -> Path:
    shutil.copyfile(backup, target)
    conn = sqlite3.connect(target)
    conn.execute("UPDATE identity SET sign_secret_key = ?", (os.urandom(32),))
    conn.commit()
    conn.close()
    open_database(target).close()
    return target


def _office_row(office: Path, uuid: str) -> tuple:
    conn = sqlite3.connect(office)
    try:
        return conn.execute("SELECT address, deleted, revision FROM households WHERE uuid = ?", (uuid,)).fetchone()
    finally:
        conn.close()


def test_honest_work_first_sent_in_the_thiefs_file_comes_back_with_the_new_laptops(tmp_path, capsys):
    """Edits and a household made on the laptop after its last file and before the theft reach the
    office first in the thief's file; revoke takes them back with the thief's, and the commune's
    new laptop (restored from a backup that holds them) brings them back with its next file."""
    office, laptop = _office(tmp_path), _commune(tmp_path)
    assert _merge(office, _export(laptop, tmp_path / "out"))[0].status == APPLIED
    stolen = sqlite3.connect(office).execute("SELECT fingerprint FROM commune_keys").fetchone()[0]
    edited = _first_household(laptop)
    _edit(laptop, edited, address="Sửa thật")
    db = open_database(laptop)
    try:
        village = db.conn.execute("SELECT id FROM villages LIMIT 1").fetchone()[0]
        made = Store(db, actor="cán bộ").insert("households", {"village_id": village, "code": "THAT-001"})
        honest = db.conn.execute("SELECT uuid FROM households WHERE id = ?", (made,)).fetchone()[0]
    finally:
        db.close()
    assert cli("--db", laptop, "backup", "--out", tmp_path / "sao-luu.db") == 0
    _edit(laptop, edited, address="KẺ GIAN")  # the theft
    assert _merge(office, _export(laptop, tmp_path / "out"))[0].status == APPLIED
    laptop_new = _new_laptop(tmp_path / "sao-luu.db", tmp_path / "may-moi.db")
    sent = _export(laptop_new, tmp_path / "out-moi")
    assert _merge(office, sent)[0].status == "held"
    new_key = sqlite3.connect(office).execute("SELECT fingerprint FROM commune_keys WHERE status = 'pending'").fetchone()[0]
    assert cli("--db", office, "keys", "approve", CODE, new_key) == 0
    assert _merge(office, sent)[0].status == APPLIED
    assert cli("--db", office, "keys", "revoke", CODE, stolen, "--after-sequence", "1") == 0
    assert _office_row(office, honest)[1] == 1  # quarantined: only the thief's file had brought it
    assert _merge(office, _export(laptop_new, tmp_path / "out-moi"))[0].status == APPLIED
    assert _office_row(office, honest)[:2] == (_office_row(laptop_new, honest)[0], 0)
    assert _office_row(office, edited)[:2] == ("Sửa thật", 0)
    assert cli("--db", office, "check") == 0


def test_undo_after_a_later_merge_is_refused_rather_than_losing_what_came_since(tmp_path, capsys):
    office, laptop = _office(tmp_path), _commune(tmp_path)
    assert _merge(office, _export(laptop, tmp_path / "out"))[0].status == APPLIED
    stolen = sqlite3.connect(office).execute("SELECT fingerprint FROM commune_keys").fetchone()[0]
    assert cli("--db", laptop, "backup", "--out", tmp_path / "sao-luu.db") == 0
    uuid = _first_household(laptop)
    _edit(laptop, uuid, address="KẺ GIAN")
    assert _merge(office, _export(laptop, tmp_path / "out"))[0].status == APPLIED
    laptop_new = _new_laptop(tmp_path / "sao-luu.db", tmp_path / "may-moi.db")
    sent = _export(laptop_new, tmp_path / "out-moi")
    assert _merge(office, sent)[0].status == "held"
    new_key = sqlite3.connect(office).execute("SELECT fingerprint FROM commune_keys WHERE status = 'pending'").fetchone()[0]
    assert cli("--db", office, "keys", "approve", CODE, new_key) == 0
    assert _merge(office, sent)[0].status == APPLIED
    assert cli("--db", office, "keys", "revoke", CODE, stolen, "--after-sequence", "1") == 0
    _edit(laptop_new, uuid, address="Sửa của máy mới")  # the commune's work goes on after the revocation
    assert _merge(office, _export(laptop_new, tmp_path / "out-moi"))[0].status == APPLIED
    with unchanged(office):
        capsys.readouterr()
        assert cli("--db", office, "keys", "undo-revoke", "1") == 1
    assert "đã thay đổi sau đó" in capsys.readouterr().err
    assert _office_row(office, uuid)[0] == "Sửa của máy mới"


def test_an_entry_written_before_digests_claims_nothing():
    entry = {"action": "insert", "new_values": '{"a":1}', "values_sha256": ""}
    assert values_vouched(entry)
    assert not values_vouched(entry | {"values_sha256": "0" * 64})


def test_a_thief_who_rewrites_unsent_work_cannot_lock_the_restored_laptop_out_after_a_revocation(tmp_path, capsys):
    """The thief re-writes an entry the stolen laptop made but had not sent (an honest edit) and
    sends it first; the commune's restored laptop, carrying the entry as it was really made, looks
    like a forked history — until the stolen key is revoked: its entries are then withdrawn, the
    laptop's file is merged, its entries take their place, and `check` is clean."""
    office, laptop = _office(tmp_path), _commune(tmp_path)
    assert _merge(office, _export(laptop, tmp_path / "out"))[0].status == APPLIED
    stolen = sqlite3.connect(office).execute("SELECT fingerprint FROM commune_keys").fetchone()[0]
    uuid = _first_household(laptop)
    _edit(laptop, uuid, address="Sửa thật, chưa gửi")
    assert cli("--db", laptop, "backup", "--out", tmp_path / "sao-luu.db") == 0
    assert _merge(office, _forged(laptop, tmp_path / "out", _set("reason", "viết lại")))[0].status == APPLIED
    laptop_new = _new_laptop(tmp_path / "sao-luu.db", tmp_path / "may-moi.db")
    sent = _export(laptop_new, tmp_path / "out-moi")
    assert _merge(office, sent)[0].status == "held"
    new_key = sqlite3.connect(office).execute("SELECT fingerprint FROM commune_keys WHERE status = 'pending'").fetchone()[0]
    assert cli("--db", office, "keys", "approve", CODE, new_key) == 0
    (refused,) = _merge(office, sent)
    assert refused.status == REFUSED and "rẽ nhánh" in refused.message
    assert cli("--db", office, "keys", "revoke", CODE, stolen, "--after-sequence", "1") == 0
    assert _merge(office, _export(laptop_new, tmp_path / "out-moi"))[0].status == APPLIED
    assert _office_row(office, uuid)[:2] == ("Sửa thật, chưa gửi", 0)
    conn = sqlite3.connect(office)
    assert conn.execute("SELECT COUNT(*) FROM audit_log WHERE reason = 'viết lại'").fetchone()[0] == 0
    conn.close()
    assert cli("--db", office, "check") == 0
    capsys.readouterr()
    with unchanged(office):  # its entries were replaced since: undo would lose them
        assert cli("--db", office, "keys", "undo-revoke", "1") == 1
