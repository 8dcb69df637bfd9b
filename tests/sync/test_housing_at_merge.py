"""Housing support at the office's merge: a commune's support (or payment, or prior support) that
breaks a rule — written behind the write path's back — refuses its file, naming the record, with
nothing written; the commune's own `check` lists the same record. A valid support with its
payments merges, and so do its later steps.

The commune is built through the core (households.save, the housing workflow), not the demo.
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest

from desktop.core import households as hh
from desktop.core import housing
from desktop.core.assessments import AssessmentDraft
from desktop.core.db import open_database
from desktop.core.households import HouseholdDraft
from desktop.core.housing import Acceptance, Approval, Payment, Registration
from desktop.core.store import Store
from tests.core.households_data import member
from tests.sync.conftest import Pair, dump, office_and_commune
from tests.sync.fuzzing import tables_of

COMMUNE = "03274"
POOR = {"income_per_person": 1_200_000, "deprivations": ["employment", "health_insurance", "latrine"]}


def _commune_data(db_path: Path, step: str) -> None:
    """A village, a poor household and its support, taken to `step`: "first_paid" (under
    construction, the first tranche paid) or "paid" (accepted, all paid)."""
    db = open_database(db_path)
    try:
        store = Store(db, actor="cán bộ xã")
        village = store.insert("villages", {"name": "Bản Co Muông"})
        household = hh.save(store, HouseholdDraft(village_id=village, code="QN-05001", members=[
            member("Lò Văn Thượng", birth="1980", relationship="head", cid="011080001234"),
            member("Quàng Thị Ánh", sex="F", birth="1982", relationship="spouse"),
        ]), AssessmentDraft(year=2023, **POOR))
        support = housing.register(store, Registration(household_id=household, registered_on="2024-03-01",
                                                       condition="non_durable", weak_structures=2))
        housing.approve(store, support, Approval("2024-04-01", "125/QĐ-UBND", 40_000_000, 10_000_000))
        housing.start(store, support, "2024-05-02")
        housing.reach_stage(store, support, "2024-06-03")
        housing.pay(store, support, Payment(1, "2024-06-10", 35_000_000, voucher_no="PC-01"))
        if step == "paid":
            _finish(store, support)
    finally:
        db.close()


def _finish(store: Store, support: int) -> None:
    housing.accept(store, support, Acceptance("2024-09-02", 36.5, True, True, True, 25))
    housing.pay(store, support, Payment(2, "2024-09-16", 5_000_000))
    housing.pay(store, support, Payment(2, "2024-09-16", 10_000_000, source="local"))


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict[str, Path]:
    """An office and a commune made from its setup package, with a support under construction
    (first tranche paid) and, in a copy, the same support fully paid; copied by each test."""
    root = tmp_path_factory.mktemp("housing-merge")
    office, commune = office_and_commune(root, COMMUNE)
    _commune_data(commune, "first_paid")
    paid = root / "commune-paid.db"
    shutil.copyfile(commune, paid)
    db = open_database(paid)
    try:
        store = Store(db, actor="cán bộ xã")
        _finish(store, db.conn.execute("SELECT id FROM housing_supports").fetchone()[0])
    finally:
        db.close()
    return {"office": office, "first_paid": commune, "paid": paid}


class Setting(Pair):
    def __init__(self, base: dict[str, Path], root: Path, step: str):
        super().__init__(base["office"], base[step], root, COMMUNE)


def test_a_valid_support_with_its_payments_merges_and_so_do_its_later_steps(base, tmp_path, capsys):
    setting = Setting(base, tmp_path, "first_paid")
    assert setting.check(setting.commune).ok
    code, err = setting.merge(setting.export(capsys), capsys)
    assert code == 0, err
    for table in ("households", "assessments", "housing_supports", "housing_payments"):
        assert dump(setting.office, COMMUNE)[table] == dump(setting.commune, COMMUNE)[table], table
    office = sqlite3.connect(setting.office)
    assert office.execute("SELECT status, first_tranche FROM housing_supports").fetchall() == [
        ("under_construction", 35_000_000)]
    office.close()

    # Acceptance and the second tranche, in the next file: the changed support and the new
    # payments are judged, and pass.
    db = open_database(setting.commune)
    try:
        _finish(Store(db, actor="cán bộ xã"), db.conn.execute("SELECT id FROM housing_supports").fetchone()[0])
    finally:
        db.close()
    code, err = setting.merge(setting.export(capsys), capsys)
    assert code == 0, err
    office = sqlite3.connect(setting.office)
    assert office.execute("SELECT status, floor_area_m2 FROM housing_supports").fetchall() == [("paid", 36.5)]
    assert office.execute("SELECT tranche, source, amount FROM housing_payments WHERE deleted = 0 "
                          "ORDER BY tranche, source").fetchall() == [
        (1, "central", 35_000_000), (2, "central", 5_000_000), (2, "local", 10_000_000)]
    office.close()
    assert dump(setting.office, COMMUNE) == dump(setting.commune, COMMUNE)
    report = setting.check(setting.office)
    assert report.ok, report.lines()


SUPPORT = "hỗ trợ nhà ở P5 (Xây mới)"


@pytest.mark.parametrize(("step", "breaks", "record", "parts"), [
    # the support's own fields
    ("first_paid", "UPDATE housing_supports SET amount_central = 45000000", SUPPORT,
     ["Vốn trung ương 45.000.000 đồng vượt định mức 40.000.000 đồng."]),
    ("first_paid", "UPDATE housing_supports SET kind = 'repair'", "hỗ trợ nhà ở P5 (Sửa chữa)",
     ["Vốn trung ương 40.000.000 đồng vượt định mức 20.000.000 đồng."]),
    ("first_paid", "UPDATE housing_supports SET weak_structures = 1", SUPPORT,
     ["Nhà chỉ có 1 kết cấu chính không bền chắc"]),
    ("paid", "UPDATE housing_supports SET floor_area_m2 = 25", SUPPORT,
     ["Diện tích sàn 25 m² dưới mức tối thiểu 30 m²: chưa nghiệm thu được."]),
    ("paid", "UPDATE housing_supports SET hard_roof = 0", SUPPORT, ["Nhà chưa đạt \u201c3 cứng\u201d", "mái cứng"]),
    ("paid", "UPDATE housing_supports SET life_years = 15", SUPPORT, ["Tuổi thọ nhà phải từ 20 năm trở lên."]),
    ("first_paid", "UPDATE housing_supports SET status = 'cancelled', ended_on = '2024-07-01'", SUPPORT,
     ["Cần ghi lý do từ chối hoặc hủy."]),
    # the support among the data
    ("first_paid", "UPDATE housing_supports SET registered_on = '2022-11-01'", SUPPORT,
     ["Hộ chưa có kết quả rà soát nào đến năm đăng ký"]),
    ("first_paid", "UPDATE households SET split_on = '2023-05-20'", SUPPORT,
     ["Hộ mới tách hộ ngày 20/05/2023, chưa đủ 3 năm đến ngày đăng ký"]),
    ("paid", "UPDATE housing_payments SET deleted = 1, deleted_reason = 'x' WHERE source = 'local'", SUPPORT,
     ["Mới chi 40.000.000 trên 50.000.000 đồng được duyệt: chưa thể ghi là đã chi đủ."]),
    ("first_paid", "UPDATE housing_supports SET stage_on = '2024-06-20'", SUPPORT,
     ["Đã có khoản chi đợt 1 ngày 10/06/2024: ngày đạt giai đoạn tạm ứng đợt 1 (20/06/2024) không thể sau ngày chi."]),
    # payments that break a rule of their support: in a first file the support is judged first
    ("first_paid", "UPDATE housing_payments SET amount = 35000001", SUPPORT,
     ["Đợt 1 đã chi 35.000.001 đồng, nhiều hơn mức đợt 1 (35.000.000 đồng)."]),
    ("paid", "UPDATE housing_payments SET amount = 10000001 WHERE source = 'local'", SUPPORT,
     ["Đã chi 10.000.001 đồng vốn địa phương, nhiều hơn số được duyệt (10.000.000 đồng)."]),
    ("paid", "UPDATE housing_payments SET paid_on = '2024-08-30' WHERE tranche = 2 AND source = 'central'", SUPPORT,
     ["Đã có khoản chi đợt 2 ngày 30/08/2024: ngày nghiệm thu (02/09/2024) không thể sau ngày chi."]),
    ("first_paid", "UPDATE housing_payments SET paid_on = '2024-03-20'", SUPPORT,
     ["Đã có khoản chi đợt 1 ngày 20/03/2024: ngày phê duyệt (01/04/2024) không thể sau ngày chi."]),
    # … and those only a payment's own rules see
    ("first_paid", "UPDATE housing_payments SET tranche = 2", "khoản chi hỗ trợ nhà ở đợt 2 ngày 10/06/2024",
     ["Đợt 2 chỉ chi được sau khi nhà đã nghiệm thu."]),
    ("first_paid", "UPDATE housing_payments SET amount = 0", "khoản chi hỗ trợ nhà ở đợt 1 ngày 10/06/2024",
     ["Số tiền chi phải lớn hơn 0."]),
])
def test_a_support_that_breaks_a_rule_refuses_the_file_named_with_nothing_written(
        base, tmp_path, capsys, step, breaks, record, parts):
    setting = Setting(base, tmp_path, step)
    setting.execute(breaks)
    listed = setting.check(setting.commune)
    assert not listed.ok and any(all(p in line for p in parts) for line in listed.problems), listed.problems
    sent = setting.export(capsys)
    before = tables_of(setting.office)
    for dry in ((), ("--dry-run",)):
        code, err = setting.merge(sent, capsys, *dry)
        assert code == 1, err
        assert f"Tệp {sent.name} bị từ chối: {record}" in err, err
        assert all(p in err for p in parts) and "Xã cần sửa" in err, err
        assert tables_of(setting.office) == before
    assert setting.check(setting.office).ok


@pytest.mark.parametrize(("table", "where", "changes", "parts"), [
    # a second support of the same household
    ("housing_supports", "1", {"status": "registered", "registered_on": "2024-07-01", "approved_on": None,
                               "decision_no": "", "amount_central": 0, "amount_local": 0, "first_tranche": 0,
                               "started_on": None, "stage_on": None},
     ["Hộ đã có hỗ trợ nhà ở Dự án 5", "mỗi hộ chỉ được hỗ trợ nhà ở một lần."]),
    # a payment of the first tranche twice over
    ("housing_payments", "tranche = 1", {"amount": 1}, ["Đợt 1 đã chi 35.000.001 đồng, nhiều hơn mức đợt 1"]),
])
def test_a_second_record_that_breaks_a_set_rule_refuses_the_file(base, tmp_path, capsys, table, where, changes, parts):
    setting = Setting(base, tmp_path, "first_paid")
    setting.copy_row(table, where, **changes)
    assert any(all(p in line for p in parts) for line in setting.check(setting.commune).problems)
    sent = setting.export(capsys)
    before = tables_of(setting.office)
    code, err = setting.merge(sent, capsys)
    assert code == 1 and all(p in err for p in parts) and "bị từ chối" in err, err
    assert tables_of(setting.office) == before


@pytest.mark.parametrize(("breaks", "record", "parts"), [
    ("UPDATE housing_payments SET amount = 35000001, revision = revision + 1", "đợt 1 ngày 10/06/2024",
     ["Đợt 1 tối đa 35.000.000 đồng; với khoản này đợt 1 sẽ là 35.000.001 đồng."]),
    ("UPDATE housing_payments SET source = 'local', revision = revision + 1", "đợt 1 ngày 10/06/2024",
     ["Số tiền chi vượt số được duyệt từ ngân sách địa phương, xã hội hóa: được duyệt 10.000.000 đồng, với khoản "
      "này đã chi 35.000.000 đồng."]),
    ("UPDATE housing_payments SET paid_on = '2024-06-01', revision = revision + 1", "đợt 1 ngày 01/06/2024",
     ["Ngày chi đợt 1 phải từ ngày đạt giai đoạn \u201cXong phần móng\u201d (03/06/2024) trở đi."]),
    ("UPDATE housing_payments SET paid_on = '2024-03-31', revision = revision + 1", "đợt 1 ngày 31/03/2024",
     ["Ngày chi phải từ ngày phê duyệt (01/04/2024) trở đi."]),
])
def test_a_payment_changed_after_the_office_has_its_support_is_judged_by_its_own_rules(
        base, tmp_path, capsys, breaks, record, parts):
    """A later file bringing only a changed payment: the payment's rules judge it against the
    support the file carries (unchanged, so not judged again itself)."""
    setting = Setting(base, tmp_path, "first_paid")
    code, err = setting.merge(setting.export(capsys), capsys)
    assert code == 0, err
    setting.execute(breaks)
    assert any(all(p in line for p in parts) for line in setting.check(setting.commune).problems)
    sent = setting.export(capsys)
    before = tables_of(setting.office)
    code, err = setting.merge(sent, capsys)
    assert code == 1, err
    assert f"bị từ chối: khoản chi hỗ trợ nhà ở {record} (bảng housing_payments" in err, err
    assert all(p in err for p in parts), err
    assert tables_of(setting.office) == before


def test_a_prior_support_recorded_beside_a_live_one_refuses_the_file(base, tmp_path, capsys):
    setting = Setting(base, tmp_path, "first_paid")
    setting.execute(
        "INSERT INTO prior_supports (uuid, commune_code, revision, device_id, updated_at, deleted, household_id, kind, "
        "program, year) SELECT ?, commune_code, 1, device_id, updated_at, 0, id, 'housing', 'QD33', 2016 "
        "FROM households", (f"{COMMUNE}{str(uuid.uuid4())[5:]}",))
    sent = setting.export(capsys)
    before = tables_of(setting.office)
    code, err = setting.merge(sent, capsys)
    assert code == 1, err
    # whichever record is judged first, the message names the clash of the two supports
    assert ("Hộ đã được hỗ trợ nhà ở từ Hỗ trợ nhà ở hộ nghèo theo QĐ 33/2015/QĐ-TTg năm 2016" in err
            or "Hộ đang có hỗ trợ nhà ở Dự án 5" in err), err
    assert tables_of(setting.office) == before


def test_once_corrected_on_the_commune_the_next_file_merges(base, tmp_path, capsys):
    setting = Setting(base, tmp_path, "paid")
    setting.execute("UPDATE housing_supports SET floor_area_m2 = 25")
    code, err = setting.merge(setting.export(capsys), capsys)
    assert code == 1 and "Diện tích sàn 25 m²" in err, err
    db = open_database(setting.commune)
    try:
        store = Store(db, actor="cán bộ xã")
        support = db.conn.execute("SELECT id FROM housing_supports").fetchone()[0]
        housing.correct(store, support, {"floor_area_m2": 32.0}, "Đo lại diện tích sàn")
    finally:
        db.close()
    assert setting.check(setting.commune).ok
    code, err = setting.merge(setting.export(capsys), capsys)
    assert code == 0, err
    office = sqlite3.connect(setting.office)
    assert office.execute("SELECT status, floor_area_m2 FROM housing_supports").fetchall() == [("paid", 32.0)]
    office.close()
    assert setting.check(setting.office).ok
