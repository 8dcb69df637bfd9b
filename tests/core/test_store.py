"""The write path: validation, sync metadata, soft delete and restore, the audit log and its chain."""

from __future__ import annotations

import json

import pytest

from desktop.core import assessments, check
from desktop.core.assessments import AssessmentDraft
from desktop.core.errors import ValidationFailed
from tests.helpers import refused


def test_insert_sets_sync_metadata(store, household):
    _v, _h, head = household
    row = store.get("members", head)
    assert row["revision"] == 1 and row["deleted"] == 0
    assert row["device_id"] == store.db.identity.device_id
    assert row["commune_code"] == "03274" and len(row["uuid"]) == 36
    # Laid out for index locality: the commune first, then the time (see new_uuid).
    assert row["uuid"].startswith("03274") and row["uuid"][14] == "8"
    entries = store.conn.execute("SELECT uuid FROM audit_log WHERE record_uuid = ?", (row["uuid"],)).fetchall()
    assert entries and all(e[0].startswith("03274") for e in entries)


def test_record_uuids_keep_a_commune_together_in_time_order(monkeypatch):
    import time
    import uuid

    from desktop.core.db import new_uuid

    clock = iter(range(1_780_000_000_000_000_000, 1_790_000_000_000_000_000, 10_000_000))
    monkeypatch.setattr(time, "time_ns", lambda: next(clock))
    made = [new_uuid("03253") for _ in range(5000)]
    assert made == sorted(made) and len(set(made)) == len(made)  # later records sort after earlier ones
    parsed = [uuid.UUID(u) for u in made]
    assert {p.version for p in parsed} == {8} and {p.variant for p in parsed} == {uuid.RFC_4122}
    assert all(u.startswith("03253") for u in made)
    assert new_uuid("099").startswith("00099")  # an office's own records (plan rows)
    assert uuid.UUID(new_uuid("khác")).version == 8  # any other scope still gets a valid UUID
    monkeypatch.undo()
    same_tick = {new_uuid("03253") for _ in range(10_000)}
    assert len(same_tick) == 10_000  # the random part keeps records made together apart
    assert uuid.UUID(new_uuid()).version == 4


def test_update_bumps_revision_and_audits_old_and_new(store, household):
    _v, _h, head = household
    assert store.update("members", head, {"full_name": "Lò Văn Thương"})
    row = store.get("members", head)
    assert row["revision"] == 2
    last = store.history(row["uuid"])[-1]
    assert last["action"] == "update" and last["actor"] == "tester"
    assert last["old_values"] == {"full_name": "Lò Văn Thượng"}
    assert last["new_values"] == {"full_name": "Lò Văn Thương"}
    assert not store.update("members", head, {"full_name": "Lò Văn Thương"})  # no change, no write
    assert store.get("members", head)["revision"] == 2


def test_names_stored_nfc_and_trimmed(store, household):
    _v, hid, _h = household
    mid = store.insert("members", {"household_id": hid, "full_name": "  Lo\u0300   Thi\u0323 In  ", "sex": "F",
                                   "birth_year": 1985, "ethnicity_code": "03", "relationship": "spouse"})
    assert store.get("members", mid)["full_name"] == "Lò Thị In"


@pytest.mark.parametrize("changes,field", [
    ({"citizen_id": "011180001234"}, "citizen_id"),   # female digit for a man
    ({"full_name": ""}, "full_name"),
    ({"birth_year": 2999}, "birth_year"),
    ({"birth_date": "2999-01-01", "birth_year": 2999}, "birth_date"),
    ({"ethnicity_code": "77"}, "ethnicity_code"),
])
def test_refused_update_changes_nothing(store, household, changes, field):
    _v, _h, head = household
    with refused(store, exception=ValidationFailed) as info:
        store.update("members", head, changes)
    assert field in info.value.errors


def test_two_heads_is_an_error_and_duplicate_cccd_a_warning(store, household):
    _v, hid, _head = household
    second = {"household_id": hid, "full_name": "Lò Văn Ún", "sex": "M", "birth_year": 1990,
              "ethnicity_code": "03", "relationship": "head"}
    with refused(store, exception=ValidationFailed) as info:
        store.insert("members", second)
    assert "một chủ hộ" in info.value.errors["relationship"]
    dup = second | {"relationship": "sibling", "citizen_id": "011080001234", "birth_year": 1980}
    checked = store.check("members", dup)
    assert not checked.errors and "011080001234" in checked.warnings["citizen_id"]


def test_unknown_field_refused(store, household):
    with refused(store, match="revision"):
        store.update("households", household[1], {"revision": 99})


def test_household_code_unique_in_commune(store, household):
    village = household[0]
    with refused(store, exception=ValidationFailed) as info:
        store.insert("households", {"village_id": village, "code": "QN-00001"})
    assert "đã được dùng" in info.value.errors["code"]


def test_soft_delete_and_restore(store, household):
    _v, hid, _h = household
    with refused(store, exception=ValidationFailed) as info:
        store.delete("households", hid, "  ")
    assert info.value.errors == {"reason": "Cần ghi lý do xóa."}
    store.delete("households", hid, "Nhập trùng")
    row = store.get("households", hid)
    assert row["deleted"] == 1 and row["deleted_reason"] == "Nhập trùng" and row["revision"] == 2
    with refused(store, match="đã bị xóa"):
        store.delete("households", hid, "again")
    store.restore("households", hid, "Nhầm")
    row = store.get("households", hid)
    assert row["deleted"] == 0 and row["revision"] == 3
    actions = [h["action"] for h in store.history(row["uuid"])]
    assert actions == ["insert", "delete", "restore"]


def test_restore_refused_when_code_taken_meanwhile(store, household):
    village, hid, _h = household
    store.delete("households", hid, "Chuyển đi")
    store.insert("households", {"village_id": village, "code": "QN-00001"})
    with refused(store, exception=ValidationFailed) as info:
        store.restore("households", hid)
    assert "đã được dùng" in info.value.errors["code"]


def test_transaction_is_all_or_nothing(store, household):
    village = household[0]
    with refused(store, exception=ValidationFailed) as info:  # the first, valid, row is not kept either
        store.insert_many("households", [{"village_id": village, "code": "QN-1"}, {"village_id": village, "code": ""}])
    assert "code" in str(info.value.errors)


def test_assessment_saved_with_rules_of_its_year(store, household):
    _v, hid, _h = household
    aid = assessments.save(store, hid, AssessmentDraft(2024, 1_400_000, deprivations=["employment", "latrine", "water_source"]))
    row = store.get("assessments", aid)
    assert (row["standard_code"], row["classification"], row["b2_score"]) == ("ND07-2021", "poor", 30)
    assert assessments.deprivations_of(store, aid) == ["employment", "latrine", "water_source"]
    assessments.save(store, hid, AssessmentDraft(2024, 1_400_000, deprivations=["latrine"], id=aid))
    row = store.get("assessments", aid)
    assert row["classification"] == "near_poor" and row["revision"] == 2
    last = store.history(row["uuid"])[-1]
    assert last["old_values"]["deprivations"] == ["employment", "latrine", "water_source"]
    assert last["new_values"]["deprivations"] == ["latrine"]


def test_assessment_refusals_change_nothing(store, household):
    _v, hid, _h = household
    for data, field in [
        (AssessmentDraft(2020, income_per_person=1), "year"),                    # no standard for 2020
        (AssessmentDraft(2024), "income_per_person"),                            # neither income nor B1
        (AssessmentDraft(2024, income_per_person=1, override_class="poor"), "override_reason"),
    ]:
        with refused(store, exception=ValidationFailed) as info:
            assessments.save(store, hid, data)
        assert field in info.value.errors, (data, info.value.errors)
    aid = assessments.save(store, hid, AssessmentDraft(2024, income_per_person=1_000_000,
                                                       override_class="poor", override_reason="Ốm đau kéo dài"))
    row = store.get("assessments", aid)
    assert (row["computed_class"], row["classification"]) == ("near_poor", "poor")
    with refused(store, exception=ValidationFailed) as info:
        assessments.save(store, hid, AssessmentDraft(2024, income_per_person=1))  # second 2024 review
    assert "year" in info.value.errors


def test_housing_amount_above_norm_refused(store, household):
    _v, hid, _h = household
    assessments.save(store, hid, AssessmentDraft(2024, 900_000, deprivations=["housing_quality", "latrine", "health_insurance"]))
    base = {"household_id": hid, "program": "P5", "kind": "new", "registered_on": "2024-03-01", "condition": "no_house"}
    store.insert("housing_supports", base | {"amount_central": 40_000_000, "amount_local": 10_000_000})
    with refused(store, exception=ValidationFailed) as info:
        store.insert("housing_supports", base | {"amount_central": 40_000_001})
    assert "vượt định mức" in info.value.errors["amount_central"]
    with refused(store, exception=ValidationFailed) as info:
        store.insert("housing_supports", base | {"kind": "repair", "amount_central": 25_000_000})
    assert "vượt định mức" in info.value.errors["amount_central"]
    with refused(store, exception=ValidationFailed) as info:
        store.insert("housing_supports", base | {"registered_on": "2019-01-01"})  # no P5 norm in 2019
    assert "Không có định mức" in info.value.errors["program"]


def test_audit_chain_detects_tampering(store, household):
    assert check.run(store.db).ok
    store.conn.execute("UPDATE audit_log SET new_values = ? WHERE id = 2",
                       (json.dumps({"code": "QN-99999"}),))
    report = check.run(store.db)
    assert not report.ok and any("Nhật ký" in p for p in report.problems)


def test_check_finds_rule_breaking_data(store, household):
    _v, hid, _h = household
    aid = assessments.save(store, hid, AssessmentDraft(2024, 1_400_000, deprivations=["latrine"]))
    store.conn.execute("UPDATE assessments SET classification = 'poor', computed_class = 'poor' WHERE id = ?", (aid,))
    store.conn.execute("UPDATE members SET citizen_id = '999' WHERE household_id = ?", (hid,))
    report = check.run(store.db)
    text = "\n".join(report.problems)
    assert "Phân loại đã lưu “Hộ nghèo” khác kết quả tính theo chuẩn" in text and "CCCD" in text
