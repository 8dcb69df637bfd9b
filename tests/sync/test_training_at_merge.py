"""Vocational training at the office's merge: a commune's course or enrolment (or prior training
support) that breaks a rule — written behind the write path's back — refuses its file, naming the
record, with nothing written; the commune's own `check` lists the same record. A valid course
with its enrolments merges, and so do its later steps.

The commune is built through the core (households.save, the training workflow), not the demo.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from pathlib import Path

import pytest

from desktop.core import households as hh
from desktop.core import training
from desktop.core.assessments import AssessmentDraft
from desktop.core.db import open_database
from desktop.core.households import HouseholdDraft
from desktop.core.store import Store
from desktop.core.training import Completion, CourseDraft, Enrolment, Outcome
from tests.core.households_data import member
from tests.sync.conftest import Pair, dump, office_and_commune
from tests.sync.fuzzing import tables_of

COMMUNE = "03274"
POOR = {"income_per_person": 1_200_000, "deprivations": ["employment", "health_insurance", "latrine"]}
OCCUPATION = "Trồng và chăm sóc cà phê"
COURSE = f"lớp {OCCUPATION}"
ENROLMENT = "học viên đăng ký ngày 28/08/2023"
# The learners, each the head of a poor Thái household: one completes the course and works for an
# enterprise, one is studying, one dropped.
LEARNERS = {"completed": ("QN-04001", "Lò Văn Thượng", "011080001234"),
            "studying": ("QN-04002", "Quàng Thị Ánh", "011182004321"),
            "dropped": ("QN-04003", "Cà Văn Pâng", "011095002468")}


def _learner(store: Store, village: int, code: str, name: str, citizen_id: str) -> int:
    """The head of a household of one, born in the year the citizen ID gives, poor in 2023."""
    household = hh.save(store, HouseholdDraft(village_id=village, code=code, members=[
        member(name, sex="F" if "Thị" in name else "M", birth=f"19{citizen_id[4:6]}", relationship="head",
               cid=citizen_id)]),
        AssessmentDraft(year=2023, **POOR))
    return store.conn.execute("SELECT id FROM members WHERE household_id = ?", (household,)).fetchone()[0]


def _commune_data(db_path: Path) -> None:
    """A course of three seats (04/09–30/11/2023, 5 000 000 đồng a learner, 60 days) and its three
    learners, 16 km from the site: completed with an outcome, studying, dropped."""
    db = open_database(db_path)
    try:
        store = Store(db, actor="cán bộ xã")
        village = store.insert("villages", {"name": "Bản Co Muông"})
        course = training.save_course(store, CourseDraft(
            occupation=OCCUPATION, provider="Trung tâm GDNN-GDTX huyện Tuần Giáo", start_date="2023-09-04",
            end_date="2023-11-30", seats=3, cost_per_learner=5_000_000, study_days=60))
        for step, (code, name, citizen_id) in LEARNERS.items():
            learner = _learner(store, village, code, name, citizen_id)
            group = training.propose(store, learner, dt.date(2023, 8, 28), course).group
            enrolment = training.enrol(store, Enrolment(course, learner, "2023-08-28", group, group, distance_km=16.0))
            training.start(store, enrolment)
            if step == "completed":
                training.complete(store, enrolment, Completion("CC-2023-001", "2023-11-30"))
                training.record_outcome(store, enrolment, Outcome("enterprise", "2023-12-15"))
            elif step == "dropped":
                training.drop(store, enrolment, "2023-10-02", "Đi làm ăn xa")
    finally:
        db.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict[str, Path]:
    """An office and a commune made from its setup package, with the course; copied by each test."""
    root = tmp_path_factory.mktemp("training-merge")
    office, commune = office_and_commune(root, COMMUNE)
    _commune_data(commune)
    return {"office": office, "commune": commune}


class Setting(Pair):
    def __init__(self, base: dict[str, Path], root: Path):
        super().__init__(base["office"], base["commune"], root, COMMUNE)

    def step(self, call) -> None:
        """A step of the workflow on the commune (through the write path): `call(store, ids)`, ids
        of the enrolments by their learner's step."""
        db = open_database(self.commune)
        try:
            ids = {step: db.conn.execute("SELECT e.id FROM training_enrolments e JOIN members m ON m.id = e.member_id "
                                         "WHERE m.full_name = ?", (name,)).fetchone()[0]
                   for step, (_code, name, _cid) in LEARNERS.items()}
            call(Store(db, actor="cán bộ xã"), ids)
        finally:
            db.close()


def _of(step: str) -> str:
    """The enrolments of the learner at `step` (a WHERE clause)."""
    return f"member_id = (SELECT id FROM members WHERE full_name = '{LEARNERS[step][1]}')"


def test_a_valid_course_with_its_enrolments_merges_and_so_do_its_later_steps(base, tmp_path, capsys):
    setting = Setting(base, tmp_path)
    assert setting.check(setting.commune).ok
    code, err = setting.merge(setting.export(capsys), capsys)
    assert code == 0, err
    for table in ("households", "members", "assessments", "training_courses", "training_enrolments"):
        assert dump(setting.office, COMMUNE)[table] == dump(setting.commune, COMMUNE)[table], table
    office = sqlite3.connect(setting.office)
    assert office.execute("SELECT status, learner_group, cost_support, travel_support, meal_days, outcome, "
                          "job_connection_support FROM training_enrolments ORDER BY status").fetchall() == [
        ("completed", "poor_ethnic_minority", 4_000_000, 200_000, 60, "enterprise", 400_000),
        ("dropped", "poor_ethnic_minority", 4_000_000, 200_000, 0, "", 0),
        ("studying", "poor_ethnic_minority", 4_000_000, 200_000, 0, "", 0)]
    office.close()

    # The studying learner completes and finds a job abroad, in the next file: the changed
    # enrolment is judged, and passes.
    def finish(store: Store, ids: dict[str, int]) -> None:
        training.complete(store, ids["studying"], Completion("CC-2023-002", "2023-12-01", meal_days=55))
        training.record_outcome(store, ids["studying"], Outcome("abroad", "2024-02-15"))

    setting.step(finish)
    code, err = setting.merge(setting.export(capsys), capsys)
    assert code == 0, err
    office = sqlite3.connect(setting.office)
    assert office.execute("SELECT status, certificate_no, meal_days, outcome, job_connection_support "
                          "FROM training_enrolments WHERE status <> 'dropped' ORDER BY certificate_no").fetchall() == [
        ("completed", "CC-2023-001", 60, "enterprise", 400_000), ("completed", "CC-2023-002", 55, "abroad", 400_000)]
    office.close()
    assert dump(setting.office, COMMUNE) == dump(setting.commune, COMMUNE)
    report = setting.check(setting.office)
    assert report.ok, report.lines()


@pytest.mark.parametrize(("breaks", "record", "parts"), [
    # an enrolment's own fields: the caps
    (f"UPDATE training_enrolments SET cost_support = 4500000 WHERE {_of('completed')}", ENROLMENT,
     ["Hỗ trợ chi phí đào tạo 4.500.000 đồng vượt định mức 4.000.000 đồng."]),
    (f"UPDATE training_enrolments SET travel_support = 300000 WHERE {_of('studying')}", ENROLMENT,
     ["Hỗ trợ đi lại 300.000 đồng vượt định mức 200.000 đồng."]),
    (f"UPDATE training_enrolments SET distance_km = 12 WHERE {_of('studying')}", ENROLMENT,
     ["Nơi học cách nhà 12 km: chưa đủ xa để được hỗ trợ đi lại."]),
    (f"UPDATE training_enrolments SET job_connection_support = 500000 WHERE {_of('completed')}", ENROLMENT,
     ["Hỗ trợ kết nối việc làm 500.000 đồng vượt định mức 400.000 đồng."]),
    (f"UPDATE training_enrolments SET outcome = 'new_job' WHERE {_of('completed')}", ENROLMENT,
     ["Hỗ trợ kết nối việc làm chỉ chi cho người có việc làm theo hợp đồng"]),
    # … its group and its status
    (f"UPDATE training_enrolments SET learner_group = 'disabled' WHERE {_of('studying')}", ENROLMENT,
     ["Nhóm đối tượng khác với nhóm theo dữ liệu của hộ", "cần ghi lý do."]),
    (f"UPDATE training_enrolments SET certificate_no = '' WHERE {_of('completed')}", ENROLMENT,
     ["Cần ghi số chứng chỉ khi hoàn thành khóa học."]),
    (f"UPDATE training_enrolments SET status = 'completed' WHERE {_of('studying')}", ENROLMENT,
     ["Cần ghi số chứng chỉ khi hoàn thành khóa học."]),
    (f"UPDATE training_enrolments SET status_reason = '' WHERE {_of('dropped')}", ENROLMENT,
     ["Cần ghi lý do bỏ học."]),
    (f"UPDATE training_enrolments SET outcome = 'new_job', outcome_date = '2023-12-15' WHERE {_of('studying')}",
     ENROLMENT, ["Chỉ ghi kết quả sau học cho học viên đã hoàn thành khóa học."]),
    # … among the data: the course's dates and limits (in a first file the course is judged first)
    (f"UPDATE training_enrolments SET enrolled_on = '2023-12-01' WHERE {_of('studying')}", COURSE,
     ["Đã có học viên đăng ký ngày 01/12/2023: ngày kết thúc lớp không thể trước ngày đó."]),
    (f"UPDATE training_enrolments SET certificate_date = '2023-11-20' WHERE {_of('completed')}", COURSE,
     ["Đã có chứng chỉ cấp ngày 20/11/2023: ngày kết thúc lớp không thể sau ngày đó."]),
    (f"UPDATE training_enrolments SET meal_days = 61 WHERE {_of('completed')}", COURSE,
     ["Đã có học viên được hỗ trợ tiền ăn 61 ngày: số ngày học của lớp không thể ít hơn."]),
    (f"UPDATE members SET birth_date = '2009-01-01', birth_year = 2009, citizen_id = '' "
     f"WHERE full_name = '{LEARNERS['studying'][1]}'",
     COURSE, ["Quàng Thị Ánh: Ngày khai giảng (04/09/2023) học viên mới 14 tuổi: phải từ đủ 15 tuổi."]),
    # … the course's own fields
    ("UPDATE training_courses SET seats = 1", COURSE, ["Lớp đã có 2 học viên: không giảm số chỗ xuống 1 được."]),
    ("UPDATE training_courses SET end_date = '2023-09-01'", COURSE, ["Ngày kết thúc trước ngày khai giảng."]),
    ("UPDATE training_courses SET level = 'university'", COURSE, ["Trình độ đào tạo không hợp lệ."]),
    ("UPDATE training_courses SET cost_per_learner = 3000000", COURSE,
     ["Đã có học viên được hỗ trợ 4.000.000 đồng chi phí đào tạo: chi phí/học viên không thể ít hơn."]),
])
def test_a_record_that_breaks_a_rule_refuses_the_file_named_with_nothing_written(base, tmp_path, capsys, breaks,
                                                                                  record, parts):
    setting = Setting(base, tmp_path)
    setting.execute(breaks)
    listed = setting.check(setting.commune)
    assert not listed.ok and any(all(p in line for p in parts) for line in listed.problems), listed.problems
    sent = setting.export(capsys)
    before = tables_of(setting.office)
    for dry in ((), ("--dry-run",)):
        code, err = setting.merge(sent, capsys, *dry)
        assert code == 1, err
        assert f"Tệp {sent.name} bị từ chối: {record} (bảng training_" in err, err
        assert all(p in err for p in parts) and "Xã cần sửa" in err, err
        assert tables_of(setting.office) == before
    assert setting.check(setting.office).ok


@pytest.mark.parametrize(("breaks", "parts"), [
    # the enrolment judged against the course the office has (unchanged, so not judged again itself)
    (f"UPDATE training_enrolments SET enrolled_on = '2023-12-01', revision = revision + 1 WHERE {_of('studying')}",
     ["Lớp đã kết thúc ngày 30/11/2023: không đăng ký học được nữa."]),
    (f"UPDATE training_enrolments SET certificate_date = '2023-11-20', revision = revision + 1 "
     f"WHERE {_of('completed')}", ["Chứng chỉ chỉ cấp từ ngày kết thúc lớp (30/11/2023) trở đi."]),
    (f"UPDATE training_enrolments SET outcome_date = '2023-11-25', revision = revision + 1 WHERE {_of('completed')}",
     ["Kết quả sau học chỉ ghi từ ngày kết thúc lớp (30/11/2023) trở đi."]),
    (f"UPDATE training_enrolments SET ended_on = '2023-12-05', revision = revision + 1 WHERE {_of('dropped')}",
     ["Ngày bỏ học phải trong thời gian của lớp (đến 30/11/2023)."]),
    (f"UPDATE training_enrolments SET meal_days = 61, revision = revision + 1 WHERE {_of('completed')}",
     ["61 ngày hỗ trợ tiền ăn nhiều hơn số ngày học của lớp (60)."]),
    (f"UPDATE training_enrolments SET status = 'registered', revision = revision + 1 WHERE {_of('dropped')}",
     ["Chỉ học viên bỏ học mới có ngày và lý do bỏ học."]),
])
def test_an_enrolment_changed_after_the_office_has_its_course_is_judged_by_its_own_rules(base, tmp_path, capsys,
                                                                                         breaks, parts):
    setting = Setting(base, tmp_path)
    code, err = setting.merge(setting.export(capsys), capsys)
    assert code == 0, err
    setting.execute(breaks)
    assert any(all(p in line for p in parts) for line in setting.check(setting.commune).problems)
    sent = setting.export(capsys)
    before = tables_of(setting.office)
    code, err = setting.merge(sent, capsys)
    assert code == 1, err
    assert "bị từ chối: học viên đăng ký ngày " in err and "(bảng training_enrolments" in err, err
    assert all(p in err for p in parts), err
    assert tables_of(setting.office) == before


@pytest.mark.parametrize(("breaks", "parts"), [
    ("UPDATE training_courses SET end_date = '2023-12-10', revision = revision + 1",
     ["Đã có chứng chỉ cấp ngày 30/11/2023: ngày kết thúc lớp không thể sau ngày đó."]),
    ("UPDATE training_courses SET end_date = '2023-09-30', study_days = 20, revision = revision + 1",
     ["Đã có học viên bỏ học ngày 02/10/2023: ngày kết thúc lớp không thể trước ngày đó."]),
    ("UPDATE training_courses SET study_days = 50, revision = revision + 1",
     ["Đã có học viên được hỗ trợ tiền ăn 60 ngày: số ngày học của lớp không thể ít hơn."]),
    ("UPDATE training_courses SET cost_per_learner = 3000000, revision = revision + 1",
     ["Đã có học viên được hỗ trợ 4.000.000 đồng chi phí đào tạo"]),
    ("UPDATE training_courses SET seats = 1, revision = revision + 1",
     ["Lớp đã có 2 học viên: không giảm số chỗ xuống 1 được."]),
])
def test_a_course_changed_after_the_office_has_its_enrolments_is_judged_against_them(base, tmp_path, capsys, breaks,
                                                                                   parts):
    """A later file bringing only the corrected course: its enrolments, unchanged, are not judged
    again, so the course's own rules keep them valid."""
    setting = Setting(base, tmp_path)
    code, err = setting.merge(setting.export(capsys), capsys)
    assert code == 0, err
    setting.execute(breaks)
    sent = setting.export(capsys)
    before = tables_of(setting.office)
    code, err = setting.merge(sent, capsys)
    assert code == 1, err
    assert f"bị từ chối: {COURSE} (bảng training_courses" in err, err
    assert all(p in err for p in parts), err
    assert tables_of(setting.office) == before


def test_a_second_supported_enrolment_of_the_same_person_refuses_the_file(base, tmp_path, capsys):
    setting = Setting(base, tmp_path)
    setting.copy_row("training_enrolments", _of("completed"), status="registered", certificate_no="",
                     certificate_date=None, outcome="", outcome_date=None, meal_days=0, job_connection_support=0)
    message = (f"Người này đã được hỗ trợ học lớp {OCCUPATION} (đăng ký ngày 28/08/2023): mỗi người chỉ được hỗ trợ "
               "một lần.")
    assert any(message in line for line in setting.check(setting.commune).problems)
    sent = setting.export(capsys)
    before = tables_of(setting.office)
    code, err = setting.merge(sent, capsys)
    assert code == 1 and f"bị từ chối: {ENROLMENT} (bảng training_enrolments" in err and message in err, err
    assert tables_of(setting.office) == before


def test_a_fourth_learner_in_a_course_of_three_seats_refuses_the_file(base, tmp_path, capsys):
    """In a later file: a newcomer enrolled and the dropped learner back, written behind the write
    path's back; the course, unchanged, is not judged again, the enrolments are."""
    setting = Setting(base, tmp_path)
    code, err = setting.merge(setting.export(capsys), capsys)
    assert code == 0, err

    def newcomer(store: Store, ids: dict[str, int]) -> None:
        household = store.get("members", store.get("training_enrolments", ids["dropped"])["member_id"])["household_id"]
        store.insert("members", {"household_id": household, "full_name": "Cà Thị Hoa", "sex": "F", "birth_year": 1990,
                                 "ethnicity_code": "03", "relationship": "spouse"})

    setting.step(newcomer)
    conn = sqlite3.connect(setting.commune)
    hoa = conn.execute("SELECT id FROM members WHERE full_name = 'Cà Thị Hoa'").fetchone()[0]
    conn.close()
    setting.copy_row("training_enrolments", _of("studying"), member_id=hoa)
    setting.execute("UPDATE training_enrolments SET status = 'studying', ended_on = NULL, status_reason = '', "
                    f"revision = revision + 1 WHERE {_of('dropped')}")
    message = "Lớp đã đủ 3 chỗ: không nhận thêm học viên."
    assert any(message in line for line in setting.check(setting.commune).problems)
    sent = setting.export(capsys)
    before = tables_of(setting.office)
    code, err = setting.merge(sent, capsys)
    assert code == 1 and f"bị từ chối: {ENROLMENT} (bảng training_enrolments" in err and message in err, err
    assert tables_of(setting.office) == before


def test_a_prior_training_support_recorded_beside_a_live_enrolment_refuses_the_file(base, tmp_path, capsys):
    setting = Setting(base, tmp_path)
    setting.execute(
        "INSERT INTO prior_supports (uuid, commune_code, revision, device_id, updated_at, deleted, household_id, "
        "member_id, kind, program, year) SELECT ?, commune_code, 1, device_id, updated_at, 0, household_id, id, "
        f"'training', 'QD1956', 2019 FROM members WHERE full_name = '{LEARNERS['completed'][1]}'",
        (f"{COMMUNE}{str(uuid.uuid4())[5:]}",))
    sent = setting.export(capsys)
    before = tables_of(setting.office)
    code, err = setting.merge(sent, capsys)
    assert code == 1, err
    # whichever record is judged first, the message names the clash of the two supports
    assert ("Người này đã được hỗ trợ đào tạo nghề từ Đào tạo nghề lao động nông thôn (QĐ 1956/QĐ-TTg) năm 2019" in err
            or f"Người này đang có hỗ trợ học lớp {OCCUPATION} ở đây." in err), err
    assert tables_of(setting.office) == before


def test_once_corrected_on_the_commune_the_next_file_merges(base, tmp_path, capsys):
    setting = Setting(base, tmp_path)
    setting.execute(f"UPDATE training_enrolments SET learner_group = 'disabled' WHERE {_of('studying')}")
    code, err = setting.merge(setting.export(capsys), capsys)
    assert code == 1 and "Nhóm đối tượng khác với nhóm theo dữ liệu của hộ" in err, err
    setting.step(lambda store, ids: store.update("training_enrolments", ids["studying"],
                                                 {"group_reason": "Giấy xác nhận khuyết tật của UBND xã"},
                                                 reason="Ghi lý do chọn nhóm"))
    assert setting.check(setting.commune).ok
    code, err = setting.merge(setting.export(capsys), capsys)
    assert code == 0, err
    office = sqlite3.connect(setting.office)
    assert office.execute("SELECT learner_group, group_reason FROM training_enrolments WHERE status = 'studying'"
                          ).fetchall() == [("disabled", "Giấy xác nhận khuyết tật của UBND xã")]
    office.close()
    assert setting.check(setting.office).ok
