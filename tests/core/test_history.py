"""A household's history as people read it: who, when, which record, which field, old → new."""

from __future__ import annotations

from desktop.core import assessments
from desktop.core import history as history_core
from desktop.core import households as hh


def test_history_lists_changes_of_the_household_its_members_and_assessments(store, saved):
    household_id, _draft, _a = saved
    loaded = hh.load(store, household_id)
    loaded.members[2].full_name = "Lò Văn Đực"
    loaded.address = "Bản Co Muông, xã Quài Nưa"
    assessment = assessments.load(store, household_id, 2025)
    assessment.income_per_person = 1_600_000
    hh.save(store, loaded, assessment)
    hh.delete(store, household_id, "Thử xóa")
    hh.restore(store, household_id, "Xóa nhầm")
    entries = history_core.history(store, household_id)
    actions = [(e.action, e.subject, e.field, e.old, e.new) for e in entries]
    assert ("update", "Nhân khẩu Lò Văn Đực", "Họ và tên", "Lò Văn Đức", "Lò Văn Đực") in actions
    assert ("update", "Hộ QN-09001", "Địa chỉ", "—", "Bản Co Muông, xã Quài Nưa") in actions
    assert ("update", "Rà soát năm 2025", "Thu nhập bình quân", "1.200.000", "1.600.000") in actions
    assert ("update", "Rà soát năm 2025", "Phân loại", "Hộ nghèo", "Hộ có mức sống trung bình") in actions
    assert not any(e.field == "Chỉ số thiếu hụt" for e in entries)  # unchanged, so not listed
    assert [e.reason for e in entries if e.action in ("delete", "restore")] == ["Thử xóa", "Xóa nhầm"]
    assert entries[0].action == "insert" and entries[0].subject == "Hộ QN-09001"
    assert all(e.actor == "tester" for e in entries)
    assert len(entries[0].when) == 16
