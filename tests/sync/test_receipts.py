"""Conflict decisions and receipts (desktop/core/sync/decisions.py, receipt.py): the office chooses,
the receipt carries the choice to the commune, the commune's edit closes the conflict at the office;
and every receipt that is not the commune's newest from its own office is refused, changing nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.core.db import open_database
from desktop.core.errors import Refusal, ValidationFailed
from desktop.core.store import Store
from desktop.core.sync import decisions, receipt
from desktop.core.sync.conflicts import open_conflicts
from tests.helpers import refused, unchanged
from tests.sync.conftest import District, cli, edit_household, first_household


def _merge(district: District, commune: Path, capsys) -> int:
    return cli("--db", district.office, "merge", district.export(commune, capsys))


def _conflicted(district: District, tmp_path: Path, capsys) -> tuple[Path, dict]:
    """A commune whose restored backup was edited again: the office holds two versions of a household
    (the old laptop's address and notes live; the restored one's address in the conflict set)."""
    commune = district.commune("03274", 3, 51)
    assert _merge(district, commune, capsys) == 0
    before = first_household(commune)
    saved = tmp_path / "sao-luu.db"
    assert cli("--db", commune, "backup", "--out", saved) == 0
    edit_household(commune, before["id"], address="Bản Co Sáng")
    edit_household(commune, before["id"], notes="Nhà sàn gỗ")
    assert _merge(district, commune, capsys) == 0
    assert cli("--db", commune, "restore", saved) == 0
    edit_household(commune, before["id"], address="Bản Pá Sát")
    assert _merge(district, commune, capsys) == 0
    return commune, before


def _receipt(district: District, tmp_path: Path, capsys, commune: str = "03274") -> Path:
    capsys.readouterr()
    assert cli("--db", district.office, "receipt", "--commune", commune, "--out", tmp_path) == 0
    out = capsys.readouterr()
    assert "Đã tạo biên nhận số" in out.err
    return Path(out.out.strip())


def test_a_choice_travels_in_the_receipt_and_the_communes_edit_closes_the_conflict(district, tmp_path, capsys):
    commune, before = _conflicted(district, tmp_path, capsys)
    office = open_database(district.office)
    try:
        (conflict,) = open_conflicts(office)
        live, other = conflict.versions
        # The restored laptop's address, the old laptop's notes.
        made = decisions.decide(office, "households", conflict.uuid, (other.revision, other.device),
                                {"notes": (live.revision, live.device)}, note="Đã gọi điện xác minh với xã")
        assert made.values["address"] == "Bản Pá Sát" and made.values["notes"] == "Nhà sàn gỗ"
        (shown,) = open_conflicts(office)
        assert shown.decision is not None and shown.decision.uuid == made.uuid
        assert open_conflicts(office, include_decided=False) == []
        assert [d.state for d in decisions.decisions(office)] == [decisions.AWAITING]
    finally:
        office.close()

    sent = _receipt(district, tmp_path, capsys)
    assert sent.name.startswith("03274_bien-nhan_0001_") and sent.suffix == ".gnreceipt"
    capsys.readouterr()
    assert cli("--db", commune, "apply-receipt", sent) == 0
    said = capsys.readouterr().out
    assert "Biên nhận số 1" in said and "đã áp dụng" in said and before["code"] in said
    after = first_household(commune)
    assert (after["address"], after["notes"]) == ("Bản Pá Sát", "Nhà sàn gỗ")
    assert after["revision"] == 4  # one more than the highest version it resolves (3, the old laptop's)

    assert _merge(district, commune, capsys) == 0
    office = open_database(district.office)
    try:
        assert open_conflicts(office) == []
        assert [d.state for d in decisions.decisions(office)] == [decisions.APPLIED]
        row = office.conn.execute("SELECT address, notes, revision FROM households WHERE uuid = ?",
                                  (before["uuid"],)).fetchone()
        assert tuple(row) == ("Bản Pá Sát", "Nhà sàn gỗ", 4)
    finally:
        office.close()
    # The old laptop's file again, and the restored one's: older than what the office holds now.
    for old in sorted((district.root / "outbox-03274").glob("*.gnsync"))[:-1]:
        assert cli("--db", district.office, "merge", old) == 0
    office = open_database(district.office)
    try:
        assert open_conflicts(office) == []
    finally:
        office.close()

    # The commune sees the receipt it applied; the same receipt again is refused, changing nothing.
    db = open_database(commune)
    try:
        kept = receipt.last_receipt(db)
        assert kept is not None and kept.sequence == 1 and kept.outcomes[0]["outcome"] == "applied"
        assert kept.records["households"] == 3 and kept.received and kept.received[0]["files"] >= 1
    finally:
        db.close()
    with refused(commune, match="không mới hơn biên nhận số 1"):
        db = open_database(commune)
        try:
            receipt.apply_receipt(db, sent)
        finally:
            db.close()


def test_a_commune_that_edited_the_record_since_leaves_the_decision_and_the_office_decides_again(
        district, tmp_path, capsys):
    commune, before = _conflicted(district, tmp_path, capsys)
    office = open_database(district.office)
    try:
        (conflict,) = open_conflicts(office)
        decisions.decide(office, "households", conflict.uuid, (conflict.versions[0].revision, conflict.versions[0].device))
    finally:
        office.close()
    sent = _receipt(district, tmp_path, capsys)
    edit_household(commune, before["id"], phone="0912345678")  # edited here after the office chose
    capsys.readouterr()
    assert cli("--db", commune, "apply-receipt", sent) == 0
    assert "đã được sửa sau khi văn phòng chọn" in capsys.readouterr().out
    assert first_household(commune)["phone"] == "0912345678"
    assert _merge(district, commune, capsys) == 0
    office = open_database(district.office)
    try:
        (again,) = open_conflicts(office)
        assert again.decision is None  # the set changed: the old choice no longer covers it
        assert [d.state for d in decisions.decisions(office)] == [decisions.SUPERSEDED]
    finally:
        office.close()


def test_a_choice_must_name_versions_of_the_set_and_fields_that_differ(district, tmp_path, capsys):
    _commune, _before = _conflicted(district, tmp_path, capsys)
    office = open_database(district.office)
    try:
        (conflict,) = open_conflicts(office)
        live = (conflict.versions[0].revision, conflict.versions[0].device)
        with refused(district.office, exception=ValidationFailed, match="không thuộc các phiên bản"):
            decisions.decide(office, "households", conflict.uuid, (9, "khác"))
        with refused(district.office, exception=ValidationFailed, match="không khác nhau"):
            decisions.decide(office, "households", conflict.uuid, live, {"code": live})
        checked = decisions.check_decision(office, "households", "không-có", live)
        assert "không còn xung đột" in checked.errors["record"]
    finally:
        office.close()


def test_an_edit_claiming_a_decision_the_office_never_made_is_refused(district, tmp_path, capsys):
    commune, before = _conflicted(district, tmp_path, capsys)
    office = open_database(district.office)
    try:
        (conflict,) = open_conflicts(office)
        resolves = [(v.revision, v.device) for v in conflict.versions]
    finally:
        office.close()
    db = open_database(commune)
    try:  # the commune's own app, asked to apply a decision nobody made
        Store(db).resolve("households", before["id"], {"address": "Bản giả"}, decision="bịa-ra", resolves=resolves)
    finally:
        db.close()
    sent = district.export(commune, capsys)
    capsys.readouterr()
    with unchanged(district.office):
        assert cli("--db", district.office, "merge", sent) == 1
    assert "quyết định xử lý xung đột mà văn phòng này không đưa ra" in capsys.readouterr().err


def test_receipts_not_from_the_communes_office_or_not_for_it_are_refused(district, tmp_path, capsys):
    quai_nua = district.commune("03274", 2, 61)
    other = district.commune("03271", 2, 62)
    for db_path in (quai_nua, other):
        assert _merge(district, db_path, capsys) == 0
    for_other = _receipt(district, tmp_path / "a", capsys, "03271")
    with refused(quai_nua, match="dành cho xã 03271"):
        with open_database(quai_nua) as db:
            receipt.apply_receipt(db, for_other)

    # Another office (its own keys) writing a receipt for this commune.
    rogue = District(tmp_path / "rogue")
    rogue_commune = rogue.commune("03274", 1, 63)
    assert _merge(rogue, rogue_commune, capsys) == 0
    forged = _receipt(rogue, tmp_path / "b", capsys)
    with refused(quai_nua, match="không được ký bằng khóa của văn phòng"):
        with open_database(quai_nua) as db:
            receipt.apply_receipt(db, forged)

    # A receipt sealed to another computer of the commune (made again from a new package).
    mine = _receipt(district, tmp_path / "c", capsys)
    copy = tmp_path / "may-khac.db"
    shutil.copyfile(quai_nua, copy)
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE identity SET box_secret_key = ?", (bytes(range(32)),))
    conn.commit()
    conn.close()
    open_database(copy).close()  # a copied database takes its own device id when first opened
    with refused(copy, match="không giải mã được"):
        with open_database(copy) as db:
            receipt.apply_receipt(db, mine)

    # Not a receipt at all, a changed byte, and the office's database.
    a_sync_file = district.export(quai_nua, capsys)
    with refused(quai_nua, match="không phải biên nhận"):
        with open_database(quai_nua) as db:
            receipt.apply_receipt(db, a_sync_file)
    broken = tmp_path / "hong.gnreceipt"
    data = bytearray(mine.read_bytes())
    data[len(data) // 2] ^= 1
    broken.write_bytes(bytes(data))
    with refused(quai_nua):
        with open_database(quai_nua) as db:
            receipt.apply_receipt(db, broken)
    with refused(district.office, match="chỉ cơ sở dữ liệu của xã"):
        with open_database(district.office) as db:
            receipt.apply_receipt(db, mine)
    # The genuine one still applies.
    with open_database(quai_nua) as db:
        assert receipt.apply_receipt(db, mine).sequence == 1


def test_the_receipt_tells_the_files_missing_and_refused_and_the_new_targets(district, tmp_path, capsys):
    commune = district.commune("03274", 2, 71)
    first = district.export(commune, capsys)
    district.export(commune, capsys)  # number 2 never reaches the office
    third = district.export(commune, capsys)
    assert cli("--db", district.office, "merge", first, third) == 0
    # A damaged copy of a later file: refused, and said so in the receipt.
    fourth = district.export(commune, capsys)
    data = bytearray(fourth.read_bytes())
    cut = tmp_path / fourth.name
    cut.write_bytes(bytes(data[: len(data) - 40]))
    edit_household(commune, first_household(commune)["id"], phone="0987654321")
    signed_but_forked = district.export(commune, capsys)
    conn = sqlite3.connect(district.office)
    conn.execute("UPDATE audit_heads SET hash = 'x' || hash")  # the office now sees a fork in every chain
    conn.commit()
    assert cli("--db", district.office, "merge", signed_but_forked) == 1
    conn.execute("UPDATE audit_heads SET hash = substr(hash, 2)")
    conn.commit()
    conn.close()
    # A new target for the commune and a changed one for the district, at the office.
    office = open_database(district.office)
    try:
        store = Store(office)
        from desktop.core.plan import load_plan

        load_plan(store, {"code": "KH-2026", "year": 2026, "scope_code": "03274", "budgets": [],
                          "targets": [{"key": "ho_thoat_ngheo", "name_vi": "Số hộ thoát nghèo", "unit": "hộ", "value": 12}]})
        target = office.conn.execute("SELECT id, value FROM plan_targets WHERE scope_code = '099' AND deleted = 0 "
                                     "ORDER BY id LIMIT 1").fetchone()
        if target is not None:
            store.update("plan_targets", target["id"], {"value": target["value"] + 1}, reason="điều chỉnh")
    finally:
        office.close()
    sent = _receipt(district, tmp_path, capsys)
    capsys.readouterr()
    assert cli("--db", commune, "apply-receipt", sent) == 0
    said = capsys.readouterr().out
    assert "còn thiếu 1 tệp: số 2" in said, said
    assert f"Tệp {signed_but_forked.name} bị văn phòng từ chối" in said and "rẽ nhánh" in said, said
    assert "Chỉ tiêu mới năm 2026: Số hộ thoát nghèo = 12" in said, said
    if target is not None:
        assert "thay đổi" in said
    with open_database(commune) as db:
        assert db.conn.execute("SELECT value FROM plan_targets WHERE scope_code = '03274' AND key = 'ho_thoat_ngheo'"
                               ).fetchone()[0] == 12
    # The commune's files still merge: plan rows are the office's, not in the commune's chain.
    assert _merge(district, commune, capsys) == 0
    # Once merged, a refused file is no longer told as refused.
    assert cli("--db", district.office, "merge", signed_but_forked) == 0
    again = _receipt(district, tmp_path / "again", capsys)
    capsys.readouterr()
    assert cli("--db", commune, "apply-receipt", again) == 0
    assert "bị văn phòng từ chối" not in capsys.readouterr().out


def test_the_office_refuses_a_receipt_it_cannot_write(district, tmp_path, capsys):
    commune = district.commune("03274", 1, 81)
    with refused(district.office, match="chưa có khóa được công nhận"):
        with open_database(district.office) as db:
            receipt.write_receipt(db, "03274", tmp_path)
    assert _merge(district, commune, capsys) == 0
    with refused(district.office, match="không thuộc địa bàn"):
        with open_database(district.office) as db:
            receipt.write_receipt(db, "99999", tmp_path)
    with refused(commune, match="Chỉ văn phòng tổng hợp"):
        with open_database(commune) as db:
            receipt.write_receipt(db, "03274", tmp_path)
    taken = tmp_path / "taken.gnreceipt"
    taken.write_bytes(b"x")
    with refused(district.office, match="không ghi đè"):
        with open_database(district.office) as db:
            receipt.write_receipt(db, "03274", taken)
    # A place that cannot be written (a file where the folder should be): the number is given back.
    with open_database(district.office) as db:
        with pytest.raises(Refusal, match="Không ghi được biên nhận"):
            receipt.write_receipt(db, "03274", taken / "r.gnreceipt")
        assert receipt.issued(db) == []
        assert receipt.write_receipt(db, "03274", tmp_path).sequence == 1
