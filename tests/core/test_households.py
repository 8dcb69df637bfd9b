"""Households as a whole: drafts, check_save, one-transaction save, refusals that write nothing, the office."""

from __future__ import annotations

import pytest

from desktop.core import assessments
from desktop.core import households as hh
from desktop.core.assessments import AssessmentDraft
from desktop.core.db import open_database
from desktop.core.errors import Checked, ValidationFailed
from desktop.core.households import HouseholdDraft
from desktop.core.store import Store
from desktop.core.text import fold, name_sort_key, name_sort_string
from tests.core.households_data import family, heads, ids_for, member
from tests.helpers import dated, refused

# The index kept by triggers ---------------------------------------------------------------------


# Drafts, validation, save ----------------------------------------------------------------------

def test_new_draft_suggests_the_next_code_and_the_only_village(store, village):
    draft = hh.new_draft(store)
    assert draft.code == "QN-00001" and draft.village_id == village
    hh.save(store, HouseholdDraft(village_id=village, code="QN-00041", members=[member("Lò Văn A", relationship="head")]))
    assert hh.new_draft(store).code == "QN-00042"


def test_save_and_load_a_whole_household(store, saved):
    household_id, draft, assessment = saved
    assert all(m.id for m in draft.members) and assessment.id
    loaded = hh.load(store, household_id)
    assert [m.full_name for m in loaded.members] == [m.full_name for m in draft.members]
    assert loaded.members[0].birth == "12/03/1980" and loaded.members[1].birth == "1982"
    assert [m.relationship for m in loaded.members][:2] == ["head", "spouse"]
    again = assessments.load(store, household_id, 2025)
    assert again.income_per_person == 1_200_000 and again.causes == ["thieu_von"]
    assert sorted(again.deprivations) == ["employment", "health_insurance", "latrine"]
    assert assessments.year_results(store, household_id)[0].classification == "poor"
    # The audit names who did it, one entry per record.
    entries = store.conn.execute("SELECT table_name, actor FROM audit_log").fetchall()
    assert sorted(t for t, _a in entries) == ["assessments", "households", *["members"] * 5, "villages"]


def test_reorder_change_head_and_remove_a_member(store, saved):
    household_id, _draft, _a = saved
    loaded = hh.load(store, household_id)
    loaded.members[0].relationship = "spouse"
    loaded.members[1].relationship = "head"
    loaded.members.insert(0, loaded.members.pop(1))
    removed = loaded.members.pop()
    hh.save(store, loaded)
    again = hh.load(store, household_id)
    assert [m.full_name for m in again.members] == ["Quàng Thị Ánh", "Lò Văn Thượng", "Lò Văn Đức", "Lò Thị Hoa"]
    assert [m.relationship for m in again.members][:2] == ["head", "spouse"]
    gone = store.get("members", removed.id)
    assert gone["deleted"] == 1 and gone["deleted_reason"]


@pytest.mark.parametrize(("index", "changes", "key", "needle"), [
    (2, {"citizen_id": "01120600077"}, "members[2].citizen_id", "12 chữ số"),
    (2, {"birth": lambda today: f"01/01/{today.year + 1}"}, "members[2].birth", "tương lai"),
    (3, {"birth": "31/02/2010"}, "members[3].birth", "không đúng dạng"),
    (1, {"full_name": ""}, "members[1].full_name", "không được để trống"),
    (1, {"sex": ""}, "members[1].sex", "Nam hoặc Nữ"),
    (2, {"relationship": ""}, "members[2].relationship", "quan hệ"),
    (2, {"relationship": "head"}, "members[0].relationship", "2 chủ hộ"),
    (1, {"citizen_id": "011080001234"}, "members[1].citizen_id", "giới tính"),
])
def test_refused_members_name_the_cell_and_nothing_is_written(store, village, index, changes, key, needle, today):
    changes = dated(changes, today)
    draft = family(village)
    for name, value in changes.items():
        setattr(draft.members[index], name, value)
    checked = hh.check_save(store, draft)
    assert key in checked.errors and needle in checked.errors[key], checked.errors
    with refused(store, exception=ValidationFailed) as info:
        hh.save(store, draft)
    assert key in info.value.errors
    assert draft.id is None and all(m.id is None for m in draft.members)


def test_same_citizen_id_twice_in_one_household_is_an_error(store, village):
    draft = family(village)
    draft.members[3].citizen_id = draft.members[2].citizen_id
    draft.members[3].sex, draft.members[3].birth = "M", "2006"
    assert "members[3].citizen_id" in hh.check_save(store, draft).errors


def test_warnings_do_not_block(store, saved, village, today):
    _id, first, _a = saved
    draft = HouseholdDraft(village_id=village, code="QN-09002", members=[
        member("Cà Văn Một", relationship="child", cid=first.members[0].citizen_id, birth="1980"),
        member("Cà Văn Hai", relationship="child", birth=str(today.year - 110)),
    ])
    checked = hh.check_save(store, draft)
    assert not checked.errors, checked.errors
    assert "Lò Văn Thượng" in checked.warnings["members[0].citizen_id"]
    assert "tuổi" in checked.warnings["members[1].birth"]
    assert "chủ hộ" in checked.warnings["members"]
    assert hh.save(store, draft)


def test_household_fields_are_checked(store, saved, village):
    draft = HouseholdDraft(village_id=None, code="QN-09001", phone="12345",
                           members=[member("Lò Văn A", relationship="head")])
    errors = hh.check_save(store, draft).errors
    assert set(errors) >= {"village_id", "code", "phone"}
    assert "QN-09001" in errors["code"]


def test_assessment_refusals(store, saved):
    household_id, _draft, _a = saved
    loaded = hh.load(store, household_id)
    cases = [
        (AssessmentDraft(year=2025, income_per_person=900_000, override_class="near_poor"), "override_reason"),
        (AssessmentDraft(year=2024, causes=["thieu_von"]), "income_per_person"),
        (AssessmentDraft(year=2019, income_per_person=900_000), "year"),
        (AssessmentDraft(year=2025, income_per_person=1_000_000, id=None), "year"),  # 2025 already exists
        (AssessmentDraft(year=2024, income_per_person=1_000_000, deprivations=["digital_services"]), "deprivations"),
    ]
    for assessment, key in cases:
        errors = hh.check_save(store, loaded, assessment).errors
        assert f"assessment.{key}" in errors, (assessment, errors)
        with refused(store, exception=ValidationFailed) as info:
            hh.save(store, loaded, assessment)
        assert f"assessment.{key}" in info.value.errors, (assessment, info.value.errors)
    assert "2016–2020" in assessments.check_draft(store, AssessmentDraft(year=2019, income_per_person=1), None, "rural").errors["year"]
    assert store.conn.execute("SELECT COUNT(*) FROM assessments").fetchone()[0] == 1


def test_override_with_reason_is_saved(store, saved):
    household_id, _draft, _a = saved
    loaded = hh.load(store, household_id)
    assessment = assessments.load(store, household_id, 2025)
    assessment.override_class, assessment.override_reason = "near_poor", "Hội nghị thôn thống nhất"
    hh.save(store, loaded, assessment)
    row = store.conn.execute("SELECT computed_class, classification FROM assessments").fetchone()
    assert tuple(row) == ("poor", "near_poor")


def test_blank_assessment_is_not_saved(store, village):
    household_id = hh.save(store, family(village), AssessmentDraft(year=2025))
    assert assessments.load(store, household_id, 2025).id is None


def test_restore_refused_when_the_code_was_reused(store, saved, village):
    household_id, _d, _a = saved
    hh.delete(store, household_id, "Nhập trùng")
    hh.save(store, HouseholdDraft(village_id=village, code="QN-09001", members=[member("Cà Văn A", relationship="head")]))
    with refused(store, exception=ValidationFailed) as info:
        hh.restore(store, household_id)
    assert "QN-09001" in info.value.errors["code"]


def test_deleting_needs_a_reason(store, saved):
    household_id, _d, _a = saved
    with refused(store, exception=ValidationFailed) as info:
        hh.delete(store, household_id, "  ")
    assert "lý do" in info.value.errors["reason"]


def test_editing_a_deleted_household_is_refused(store, saved):
    household_id, _d, _a = saved
    draft = hh.load(store, household_id)
    hh.delete(store, household_id, "Nhập trùng")
    draft.address = "Bản Phiêng Pi"
    draft.members[0].full_name = "Lò Văn Thương"
    with refused(store, match="đã bị xóa"):
        hh.save(store, draft)
    assert draft.id == household_id


def test_a_member_refused_after_the_household_row_is_written_leaves_nothing(store, village, monkeypatch):
    # The draft's own check passes (as if it had missed the member's error), so save gets as far as
    # writing the household row before the store refuses the member: the whole transaction must go.
    monkeypatch.setattr(hh, "check_save", lambda *_args, **_kwargs: Checked())
    draft = family(village)
    draft.members[3].full_name = ""
    with refused(store, exception=ValidationFailed) as info:
        hh.save(store, draft)
    assert "members[3].full_name" in info.value.errors, info.value.errors
    assert draft.id is None and all(m.id is None for m in draft.members)
    draft.members[3].full_name = "Lò Thị Hoa"  # the same draft saves once corrected
    assert hh.save(store, draft) == draft.id


def test_office_lists_but_does_not_edit(tmp_path, capsys):
    from tests.sync.conftest import District

    district = District(tmp_path)
    commune = district.commune("03274", 6, 1)
    assert district.export(commune, capsys)
    from desktop.cli import main

    files = list((tmp_path / "outbox-03274").glob("*.gnsync"))
    assert main(["--db", str(district.office), "merge", *map(str, files)]) == 0
    db = open_database(district.office)
    try:
        store = Store(db, actor="văn phòng")
        ids = ids_for(store)
        assert len(ids) == 6
        names = heads(store, ids)
        assert names == sorted(names, key=name_sort_key) and all(names)
        first = store.get("members", store.get("households", ids[0])["head_member_id"])
        assert first["name_sort"] == name_sort_string(first["full_name"])
        assert ids_for(store, text=fold(names[0])) and ids_for(store, commune_code="03274") == ids
        draft = hh.load(store, ids[0])
        assert "văn phòng tổng hợp" in hh.check_save(store, draft).errors["household"]
        with refused(store, match="văn phòng tổng hợp"):
            hh.save(store, draft)
        with refused(store, match="văn phòng tổng hợp"):
            hh.delete(store, ids[0], "x")
    finally:
        db.close()
