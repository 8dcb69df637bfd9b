"""Vocational training (Project 4): every rule of a course and an enrolment, the workflow and its
queries.

Each refusal names what is wrong (the message, or its key part, beside its field) and writes
nothing; the rules are judged as of the enrolment's own dates (age at the course's start, an
enrolment before the course's end), so a finished course never makes its enrolments invalid; the
workflow runs from the course to the outcome after it; the queries add up what was written.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desktop.cli import main
from desktop.core import assessments, check, housing, plan, training, villages
from desktop.core import households as hh
from desktop.core.assessments import AssessmentDraft
from desktop.core.errors import ValidationFailed
from desktop.core.households import HouseholdDraft
from desktop.core.housing import PriorSupport
from desktop.core.store import Store
from desktop.core.training import (
    Completion,
    CourseDraft,
    Enrolment,
    Outcome,
    PriorTraining,
    queries,
)
from tests.core.households_data import member
from tests.helpers import refuse_call

# Reviews (Decree 07/2021, rural: line 1 500 000 a month, poor from 3 deprivations).
POOR = {"income_per_person": 1_200_000, "deprivations": ["employment", "health_insurance", "latrine"]}
NEAR_POOR = {"income_per_person": 1_200_000, "deprivations": ["employment"]}
MIDDLE = {"income_per_person": 2_000_000}

THAI, KINH = "03", "01"
# A course of 88 days, from 04/09/2023 to 30/11/2023.
START, END = "2023-09-04", "2023-11-30"
ENROLLED, CERTIFIED, OUTCOME_ON, DROPPED = "2023-08-28", "2023-11-30", "2023-12-15", "2023-10-02"
OCCUPATION = "Trồng và chăm sóc cà phê"


def person(store: Store, village: int, code: str, *, name: str = "Lò Văn Thượng", birth: str = "12/03/1980",
           ethnicity: str = THAI, reviews: dict[int, dict] | None = None, cid: str = "", sex: str = "M",
           disability: bool = False) -> int:
    """A household of one (its head) saved through the draft, with its reviews {year: figures};
    returns the member's id."""
    household = hh.save(store, HouseholdDraft(village_id=village, code=code, members=[
        member(name, sex=sex, birth=birth, relationship="head", cid=cid, ethnicity=ethnicity, disability=disability)]))
    for year, figures in (reviews or {}).items():
        assessments.save(store, household, AssessmentDraft(year=year, **figures))
    return store.conn.execute("SELECT id FROM members WHERE household_id = ?", (household,)).fetchone()[0]


def course_draft(**over) -> CourseDraft:
    return CourseDraft(**{"occupation": OCCUPATION, "level": "under_3_months",
                          "provider": "Trung tâm GDNN-GDTX huyện Tuần Giáo", "place": "Nhà văn hóa bản Co Muông",
                          "start_date": START, "end_date": END, "seats": 3, "cost_per_learner": 5_000_000,
                          "study_days": 60, "funding_source": "central"} | over)


def enrolment(course_id: int | None, member_id: int | None, /, **over) -> Enrolment:
    """A poor Thái learner's enrolment (cap 4 000 000), 3 km from the site, as the data proposes."""
    return Enrolment(**{"course_id": course_id, "member_id": member_id, "enrolled_on": ENROLLED,
                        "learner_group": "poor_ethnic_minority", "proposed_group": "poor_ethnic_minority",
                        "distance_km": 3.0} | over)


@pytest.fixture
def learner(store, village) -> int:
    """A Thái man born 12/03/1980 of a household poor in the 2023 review."""
    return person(store, village, "QN-04001", reviews={2023: POOR}, cid="011080001234")


@pytest.fixture
def course(store) -> int:
    """A course of three seats, 5 000 000 đồng a learner, 60 study days, 04/09–30/11/2023."""
    return training.save_course(store, course_draft())


STEPS = ("registered", "studying", "completed", "outcome")


def enrolled_at(store: Store, course_id: int, member_id: int, step: str, **over) -> int:
    """An enrolment taken through the workflow up to `step` (a status, "outcome" or "dropped")."""
    enrolment_id = training.enrol(store, enrolment(course_id, member_id, **over))
    if step == "dropped":
        training.drop(store, enrolment_id, DROPPED, "Đi làm ăn xa")
        return enrolment_id
    todo = STEPS[1:STEPS.index(step) + 1]
    if "studying" in todo:
        training.start(store, enrolment_id)
    if "completed" in todo:
        training.complete(store, enrolment_id, Completion("CC-2023-001", CERTIFIED))
    if "outcome" in todo:
        training.record_outcome(store, enrolment_id, Outcome("enterprise", OUTCOME_ON))
    return enrolment_id


def row(store: Store, enrolment_id: int) -> dict:
    return store.get("training_enrolments", enrolment_id)


def refused_with(store: Store, call, *args, key: str, message: str, **kwargs) -> ValidationFailed:
    """`call` is refused (ValidationFailed, never a database error) with `message` (or a key part
    of it) beside `key`, and nothing is written."""
    error = refuse_call(store, ValidationFailed, call, *args, **kwargs)
    assert key in error.errors, error.errors
    assert message in error.errors[key], error.errors
    return error


# Courses ---------------------------------------------------------------------------------------

def test_a_course_is_saved_and_corrected(store):
    course_id = training.save_course(store, course_draft())
    saved = store.get("training_courses", course_id)
    assert (saved["occupation"], saved["start_date"], saved["end_date"], saved["seats"], saved["cost_per_learner"],
            saved["study_days"], saved["funding_source"]) == (OCCUPATION, START, END, 3, 5_000_000, 60, "central")
    assert store.history(saved["uuid"])[-1]["reason"] == "Mở lớp đào tạo nghề"
    draft = training.load_course(store, course_id)
    assert (draft.id, draft.occupation, draft.seats) == (course_id, OCCUPATION, 3)
    draft.seats, draft.funding_source, draft.start_date = 25, "local", "04/09/2023"
    assert training.save_course(store, draft) == course_id
    saved = store.get("training_courses", course_id)
    assert (saved["seats"], saved["funding_source"], saved["start_date"], saved["revision"]) == (25, "local", START, 2)
    assert store.history(saved["uuid"])[-1]["reason"] == "Sửa thông tin lớp"


@pytest.mark.parametrize(("over", "key", "message"), [
    ({"occupation": "  "}, "occupation", "Nghề đào tạo không được để trống."),
    ({"end_date": "2023-09-03"}, "end_date", "Ngày kết thúc trước ngày khai giảng."),
    ({"start_date": None}, "start_date", "Cần ghi ngày khai giảng."),
    ({"end_date": ""}, "end_date", "Cần ghi ngày kết thúc."),
    ({"start_date": "31/02/2023"}, "start_date", "không đúng dạng ngày/tháng/năm"),
    ({"level": "university"}, "level", "Trình độ đào tạo không hợp lệ."),
    ({"funding_source": "bank"}, "funding_source", "Nguồn kinh phí không hợp lệ."),
    ({"seats": 0}, "seats", "Số chỗ của lớp phải từ 1 trở lên."),
    ({"seats": None}, "seats", "Số chỗ của lớp phải từ 1 trở lên."),
    ({"cost_per_learner": -1}, "cost_per_learner", "Chi phí/học viên không được âm."),
    ({"study_days": -1}, "study_days", "Số ngày học không được âm."),
    ({"study_days": 89}, "study_days", "Lớp từ 04/09/2023 đến 30/11/2023 có nhiều nhất 88 ngày học."),
])
def test_a_course_that_breaks_a_rule_is_refused(store, over, key, message):
    assert message in training.check_save_course(store, course_draft(**over)).errors.get(key, "")
    refused_with(store, training.save_course, store, course_draft(**over), key=key, message=message)


@pytest.mark.parametrize("over", [{"study_days": 88}, {"study_days": None}, {"cost_per_learner": None},
                                  {"level": "elementary", "funding_source": "other"},
                                  {"start_date": "2023-09-04", "end_date": "2023-09-04", "study_days": 1}])
def test_a_course_at_the_limits_is_saved(store, over):
    assert training.check_save_course(store, course_draft(**over)).errors == {}
    assert store.get("training_courses", training.save_course(store, course_draft(**over)))["deleted"] == 0


def test_a_missing_course_is_not_corrected(store):
    refused_with(store, training.save_course, store, course_draft(id=999), key="course",
                 message="Không tìm thấy lớp học này (có thể đã bị xóa).")


def test_seats_cannot_be_reduced_below_the_learners(store, village, course, learner):
    other = person(store, village, "QN-04002", name="Quàng Văn Pâng", birth="1990", cid="011090002222",
                   reviews={2023: POOR})
    enrolled_at(store, course, learner, "studying")
    dropping = enrolled_at(store, course, other, "registered")
    draft = training.load_course(store, course)
    draft.seats = 1
    refused_with(store, training.save_course, store, draft, key="seats",
                 message="Lớp đã có 2 học viên: không giảm số chỗ xuống 1 được.")
    training.drop(store, dropping, DROPPED, "Đi làm ăn xa")  # a dropped learner leaves a seat
    training.save_course(store, draft)
    assert store.get("training_courses", course)["seats"] == 1


@pytest.mark.parametrize(("step", "changes", "key", "message"), [
    ("completed", {"end_date": "2023-12-01"}, "end_date",
     "Đã có chứng chỉ cấp ngày 30/11/2023: ngày kết thúc lớp không thể sau ngày đó."),
    ("late outcome", {"end_date": "2023-12-18"}, "end_date",
     "Đã có kết quả sau học ngày 15/12/2023: ngày kết thúc lớp không thể sau ngày đó."),
    ("late enrolment", {"end_date": "2023-11-29"}, "end_date",
     "Đã có học viên đăng ký ngày 30/11/2023: ngày kết thúc lớp không thể trước ngày đó."),
    ("dropped", {"end_date": "2023-10-01", "study_days": 20}, "end_date",
     "Đã có học viên bỏ học ngày 02/10/2023: ngày kết thúc lớp không thể trước ngày đó."),
    ("registered", {"cost_per_learner": 3_999_999}, "cost_per_learner",
     "Đã có học viên được hỗ trợ 4.000.000 đồng chi phí đào tạo: chi phí/học viên không thể ít hơn."),
    ("completed", {"study_days": 59}, "study_days",
     "Đã có học viên được hỗ trợ tiền ăn 60 ngày: số ngày học của lớp không thể ít hơn."),
    ("aged 15", {"start_date": "2023-08-31"}, "start_date",
     "Lò Văn Thượng: Ngày khai giảng (31/08/2023) học viên mới 14 tuổi: phải từ đủ 15 tuổi."),
])
def test_a_course_correction_that_would_break_an_enrolment_is_refused(store, village, course, step, changes, key,
                                                                      message):
    """Correcting a course keeps each of its enrolments valid (the rules of an enrolment, judged
    from the course's side)."""
    learner = person(store, village, "QN-04001", birth="01/09/2008" if step == "aged 15" else "12/03/1980",
                     reviews={2023: POOR})
    if step == "late outcome":
        enrolment_id = enrolled_at(store, course, learner, "registered")
        training.complete(store, enrolment_id, Completion("CC-2023-001", "2023-12-20"))
        training.record_outcome(store, enrolment_id, Outcome("new_job", OUTCOME_ON))
    elif step == "late enrolment":
        enrolled_at(store, course, learner, "registered", enrolled_on=END)
    else:
        enrolled_at(store, course, learner, "registered" if step == "aged 15" else step)
    draft = training.load_course(store, course)
    for name, value in changes.items():
        setattr(draft, name, value)
    assert training.check_save_course(store, draft).errors == {key: message}
    refused_with(store, training.save_course, store, draft, key=key, message=message)
    assert check.run(store.db).ok


@pytest.mark.parametrize("changes", [
    {"end_date": "2023-11-30", "seats": 30, "cost_per_learner": 4_000_000, "study_days": 60},
    {"start_date": "2023-09-01", "provider": "Trường Cao đẳng nghề Điện Biên", "funding_source": "local"},
    {"end_date": "2023-11-30", "cost_per_learner": 0},  # a course whose cost is not known limits nothing
])
def test_a_course_correction_that_keeps_its_enrolments_valid_is_saved(store, course, learner, changes):
    enrolled_at(store, course, learner, "outcome")
    draft = training.load_course(store, course)
    for name, value in changes.items():
        setattr(draft, name, value)
    training.save_course(store, draft)
    assert check.run(store.db).ok


# Proposing a learner group -----------------------------------------------------------------------

@pytest.mark.parametrize(("facts", "dbkk", "group", "difficult", "cost_max"), [
    ({"disability": True, "ethnicity": KINH, "reviews": {2023: MIDDLE}}, None, "disabled", False, 6_000_000),
    ({"disability": True, "reviews": {2023: POOR}}, "village", "disabled", True, 6_000_000),
    ({"reviews": {2023: POOR}}, None, "poor_ethnic_minority", False, 4_000_000),
    ({"ethnicity": KINH, "reviews": {2023: POOR}}, "village", "poor_ethnic_minority", True, 4_000_000),
    ({"ethnicity": KINH, "reviews": {2023: POOR}}, "commune", "poor_ethnic_minority", True, 4_000_000),
    ({"ethnicity": KINH, "reviews": {2023: POOR}}, None, "ethnic_minority_or_poor", False, 3_000_000),
    ({"ethnicity": KINH, "reviews": {2023: POOR}}, "ended", "ethnic_minority_or_poor", False, 3_000_000),
    ({"reviews": {2023: MIDDLE}}, None, "ethnic_minority_or_poor", False, 3_000_000),
    ({"reviews": {2023: NEAR_POOR}}, "village", "ethnic_minority_or_poor", True, 3_000_000),
    ({"reviews": {}}, None, "ethnic_minority_or_poor", False, 3_000_000),
    ({"ethnicity": KINH, "reviews": {2023: NEAR_POOR}}, None, "near_poor", False, 2_500_000),
    ({"ethnicity": KINH, "reviews": {2023: MIDDLE}}, None, "other_rural", False, 2_000_000),
    ({"ethnicity": KINH, "reviews": {2023: MIDDLE}}, "village", "other_rural", True, 2_000_000),
    ({"ethnicity": KINH, "reviews": {}}, None, "other_rural", False, 2_000_000),
    # the latest review up to the day counts, not a later one
    ({"ethnicity": KINH, "reviews": {2022: POOR, 2023: NEAR_POOR}}, None, "near_poor", False, 2_500_000),
    ({"ethnicity": KINH, "reviews": {2023: MIDDLE, 2025: POOR}}, None, "other_rural", False, 2_000_000),
])
def test_the_proposed_group_follows_the_household_data(store, village, facts, dbkk, group, difficult, cost_max):
    learner = person(store, village, "QN-04001", **facts)
    if dbkk == "village":
        villages.add_dbkk(store, village, 2021, 2025, "433/QĐ-UBDT")
    elif dbkk == "commune":
        villages.add_dbkk(store, None, 2021)
    elif dbkk == "ended":
        villages.add_dbkk(store, village, 2016, 2020)
    found = training.propose(store, learner, dt.date(2023, 8, 28))
    assert (found.member_id, found.name, found.household_code, found.group, found.difficult_area,
            found.cost_max) == (learner, "Lò Văn Thượng", "QN-04001", group, difficult, cost_max)


def test_the_proposal_gives_the_age_at_the_course_start_and_its_facts(store, village, course):
    learner = person(store, village, "QN-04001", birth="01/09/2008", reviews={2023: POOR})
    villages.add_dbkk(store, village, 2021)
    on_enrolment = training.propose(store, learner, dt.date(2023, 8, 28))
    assert on_enrolment.age == 14
    found = training.propose(store, learner, dt.date(2023, 8, 28), course)
    assert found.age == 15  # at the course's start
    assert found.facts == ["người dân tộc thiểu số", "hộ nghèo (rà soát 2023)", "ở thôn/xã ĐBKK"]
    disabled = person(store, village, "QN-04002", ethnicity=KINH, disability=True)
    assert training.propose(store, disabled, dt.date(2023, 8, 28)).facts == ["người khuyết tật", "ở thôn/xã ĐBKK"]
    assert training.propose(store, 999, dt.date(2023, 8, 28)) is None


# Enrolment: working age at the course's start ----------------------------------------------------

AGE = "Ngày khai giảng (04/09/2023) học viên"


@pytest.mark.parametrize(("birth", "message"), [
    ("05/09/2008", AGE + " mới 14 tuổi: phải từ đủ 15 tuổi."),  # 15 the day after the start
    ("2009", AGE + " mới 14 tuổi: phải từ đủ 15 tuổi."),  # a birth year alone
    ("03/09/1962", AGE + " đã 61 tuổi, quá tuổi lao động được hỗ trợ (60)."),
    ("1962", AGE + " đã 61 tuổi, quá tuổi lao động được hỗ trợ (60)."),
])
def test_a_learner_out_of_working_age_at_the_start_is_refused(store, village, course, birth, message):
    learner = person(store, village, "QN-04001", birth=birth, reviews={2023: POOR})
    assert training.check_enrol(store, enrolment(course, learner)).errors == {"member_id": message}
    refused_with(store, training.enrol, store, enrolment(course, learner), key="member_id", message=message)


@pytest.mark.parametrize("birth", [
    "04/09/2008",  # 15 on the day the course starts
    "01/09/2008",  # 14 on the enrolment day, 15 at the start
    "2008",
    "05/09/1962",  # 60 (61 the day after the start)
    "1963",
])
def test_a_learner_of_working_age_at_the_start_is_enrolled(store, village, course, birth):
    learner = person(store, village, "QN-04001", birth=birth, reviews={2023: POOR})
    assert training.check_enrol(store, enrolment(course, learner)).errors == {}
    assert row(store, training.enrol(store, enrolment(course, learner)))["status"] == "registered"


def test_the_upper_age_bound_is_rule_data(store, village, course):
    """An office's rule update (rule_tables) moves the bound: the same learner is then enrolled."""
    learner = person(store, village, "QN-04001", birth="03/09/1962", reviews={2023: POOR})
    assert "quá tuổi lao động được hỗ trợ (60)" in training.check_enrol(store, enrolment(course, learner)).errors[
        "member_id"]
    norms = dict(store.rules.training_norms(2023))
    norms["working_age"] = {"min": 15, "max": 62}
    store.conn.execute("INSERT INTO rule_tables (kind, code, document, received_at) VALUES (?, ?, ?, '2023-08-01')",
                       (norms["kind"], norms["code"], json.dumps(norms, ensure_ascii=False)))
    updated = Store(store.db, actor="tester")
    assert updated.rules.training_norms(2023)["working_age"]["max"] == 62
    assert training.check_enrol(updated, enrolment(course, learner)).errors == {}
    training.enrol(updated, enrolment(course, learner))
    assert check.run(updated.db).ok


def test_a_learner_born_after_the_enrolment_is_refused(store, village, course):
    baby = person(store, village, "QN-04001", birth="2024")
    error = refused_with(store, training.enrol, store, enrolment(course, baby, learner_group="other_rural",
                                                                   proposed_group="other_rural"),
                         key="enrolled_on", message="Ngày sinh phải trước ngày đăng ký.")
    assert "member_id" in error.errors


# Enrolment: supported once -----------------------------------------------------------------------

@pytest.mark.parametrize("earlier", ["registered", "studying", "completed", "outcome"])
def test_a_second_supported_enrolment_is_refused_naming_the_first(store, course, learner, earlier):
    enrolled_at(store, course, learner, earlier)
    later = training.save_course(store, course_draft(occupation="Chăn nuôi gia cầm", start_date="2024-03-04",
                                                     end_date="2024-04-30", study_days=40))
    message = (f"Người này đã được hỗ trợ học lớp {OCCUPATION} (đăng ký ngày 28/08/2023): mỗi người chỉ được hỗ "
               "trợ một lần.")
    for course_id, on in ((later, "2024-02-20"), (course, ENROLLED)):
        assert training.check_enrol(store, enrolment(course_id, learner, enrolled_on=on)).errors == {
            "member_id": message}
        refused_with(store, training.enrol, store, enrolment(course_id, learner, enrolled_on=on), key="member_id",
                     message=message)


def test_a_dropped_enrolment_is_no_support_and_the_person_may_enrol_again(store, course, learner):
    dropped = enrolled_at(store, course, learner, "dropped")
    later = training.save_course(store, course_draft(occupation="Chăn nuôi gia cầm", start_date="2024-03-04",
                                                     end_date="2024-04-30", study_days=40))
    again = training.enrol(store, enrolment(later, learner, enrolled_on="2024-02-20"))
    assert [row(store, e)["status"] for e in (dropped, again)] == ["dropped", "registered"]
    assert [e["id"] for e in queries.of_member(store.conn, learner)] == [dropped, again]
    assert check.run(store.db).ok


@pytest.mark.parametrize(("program", "name"), [
    ("QD1956", "Đào tạo nghề lao động nông thôn (QĐ 1956/QĐ-TTg)"),
    ("CT1719", "Chương trình MTQG vùng đồng bào DTTS và miền núi (QĐ 1719)"),
    ("P4", "Dự án 4 (trước khi dùng phần mềm)"),
])
def test_a_prior_training_support_from_another_program_refuses_the_enrolment(store, course, learner, program, name):
    prior = training.record_prior(store, PriorTraining(member_id=learner, program=program, year=2019, notes="sổ cũ"))
    saved = store.get("prior_supports", prior)
    assert (saved["kind"], saved["member_id"], saved["program"], saved["year"]) == ("training", learner, program, 2019)
    assert [p["program"] for p in queries.prior_of_member(store.conn, learner)] == [program]
    refused_with(store, training.enrol, store, enrolment(course, learner), key="member_id",
                 message=f"Người này đã được hỗ trợ đào tạo nghề từ {name} năm 2019: mỗi người chỉ được hỗ trợ một lần.")


def test_a_prior_housing_support_of_the_household_does_not_count(store, course, learner):
    household = store.get("members", learner)["household_id"]
    housing.record_prior(store, PriorSupport(household_id=household, program="QD33", year=2017))
    assert training.check_enrol(store, enrolment(course, learner)).errors == {}


def test_a_prior_training_support_is_refused_while_the_person_has_a_supported_enrolment(store, course, learner):
    enrolment_id = enrolled_at(store, course, learner, "studying")
    message = (f"Người này đang có hỗ trợ học lớp {OCCUPATION} ở đây. Nếu đã được hỗ trợ đào tạo từ chương trình "
               "khác, hãy ghi bỏ học (kèm lý do) cho lần đăng ký đó trước.")
    refused_with(store, training.record_prior, store, PriorTraining(member_id=learner, program="QD1956", year=2019),
                 key="member_id", message=message)
    training.drop(store, enrolment_id, DROPPED, "Đã học nghề theo QĐ 1956 năm 2019")
    training.record_prior(store, PriorTraining(member_id=learner, program="QD1956", year=2019))
    assert check.run(store.db).ok


@pytest.mark.parametrize(("over", "key", "message"), [
    ({"member_id": None}, "member_id", "Hãy chọn người đã được hỗ trợ."),
    ({"member_id": 999}, "member_id", "Hãy chọn người đã được hỗ trợ."),
    ({"program": " "}, "program", "Cần ghi chương trình đã hỗ trợ."),
    ({"year": 1989}, "year", "Năm nhận hỗ trợ phải từ 1990 đến năm nay."),
    ({"year": 2999}, "year", "Năm nhận hỗ trợ phải từ 1990 đến năm nay."),
])
def test_a_prior_training_support_refused(store, learner, over, key, message):
    prior = PriorTraining(**{"member_id": learner, "program": "QD1956", "year": 2019} | over)
    refused_with(store, training.record_prior, store, prior, key=key, message=message)


def test_restoring_an_enrolment_once_another_is_live_is_refused(store, course, learner):
    first = enrolled_at(store, course, learner, "registered")
    store.delete("training_enrolments", first, "Nhập nhầm lớp")
    later = training.save_course(store, course_draft(occupation="Chăn nuôi gia cầm", start_date="2024-03-04",
                                                     end_date="2024-04-30", study_days=40))
    training.enrol(store, enrolment(later, learner, enrolled_on="2024-02-20"))
    refuse_call(store, ValidationFailed, store.restore, "training_enrolments", first, "Khôi phục",
                match="Người này đã được hỗ trợ học lớp Chăn nuôi gia cầm \\(đăng ký ngày 20/02/2024\\)")


# Enrolment: the caps -----------------------------------------------------------------------------

@pytest.mark.parametrize(("over", "key", "message"), [
    # the cost of training by learner group
    ({"cost_support": 4_000_001}, "cost_support", "Hỗ trợ chi phí đào tạo 4.000.001 đồng vượt định mức 4.000.000 đồng."),
    ({"learner_group": "ethnic_minority_or_poor", "group_reason": "Theo danh sách của xã", "cost_support": 3_000_001},
     "cost_support", "vượt định mức 3.000.000 đồng."),
    ({"learner_group": "near_poor", "proposed_group": "near_poor", "cost_support": 2_500_001}, "cost_support",
     "vượt định mức 2.500.000 đồng."),
    ({"learner_group": "other_rural", "proposed_group": "other_rural", "cost_support": 2_000_001}, "cost_support",
     "vượt định mức 2.000.000 đồng."),
    ({"learner_group": "disabled", "proposed_group": "disabled", "cost_support": 6_000_001}, "cost_support",
     "Hỗ trợ chi phí đào tạo 6.000.001 đồng vượt định mức 6.000.000 đồng."),
    ({"cost_support": -1}, "cost_support", "Hỗ trợ chi phí đào tạo không được âm."),
    # … and never above what the course costs
    ({"learner_group": "disabled", "proposed_group": "disabled", "cost_support": 5_000_001}, "cost_support",
     "Hỗ trợ chi phí 5.000.001 đồng nhiều hơn chi phí đào tạo của lớp (5.000.000 đồng/học viên)."),
    # travel by the distance to the site
    ({"distance_km": 14.9, "travel_support": 200_000}, "travel_support",
     "Nơi học cách nhà 14,9 km: chưa đủ xa để được hỗ trợ đi lại."),
    ({"distance_km": None, "travel_support": 200_000}, "travel_support",
     "Nơi học cách nhà 0 km: chưa đủ xa để được hỗ trợ đi lại."),
    ({"distance_km": 15, "travel_support": 200_001}, "travel_support",
     "Hỗ trợ đi lại 200.001 đồng vượt định mức 200.000 đồng."),
    ({"distance_km": 40, "travel_support": 300_000}, "travel_support", "vượt định mức 200.000 đồng."),
    ({"distance_km": 4.9, "difficult_area": True, "travel_support": 300_000}, "travel_support",
     "Nơi học cách nhà 4,9 km: chưa đủ xa"),
    ({"distance_km": 5, "difficult_area": True, "travel_support": 300_001}, "travel_support",
     "Hỗ trợ đi lại 300.001 đồng vượt định mức 300.000 đồng."),
    ({"distance_km": 5, "learner_group": "disabled", "proposed_group": "disabled", "travel_support": 300_001},
     "travel_support", "vượt định mức 300.000 đồng."),
    ({"distance_km": -2.0}, "distance_km", "Khoảng cách không được âm."),
    # the group: one of the norms', the proposed one unless a reason is given
    ({"learner_group": "disabled"}, "group_reason",
     "Nhóm đối tượng khác với nhóm theo dữ liệu của hộ (Người DTTS thuộc hộ nghèo; hộ nghèo ở xã, thôn ĐBKK): "
     "cần ghi lý do."),
    ({"learner_group": "other_rural", "group_reason": "  "}, "group_reason", "cần ghi lý do."),
    ({"learner_group": "veteran", "proposed_group": ""}, "learner_group", "Nhóm đối tượng học nghề không hợp lệ."),
    # the form
    ({"enrolled_on": None}, "enrolled_on", "Cần ghi ngày đăng ký."),
    ({"enrolled_on": "2099-08-28"}, "enrolled_on", "Ngày đăng ký 28/08/2099 ở tương lai."),
    ({"enrolled_on": "30/02/2023"}, "enrolled_on", "không đúng dạng ngày/tháng/năm"),
    ({"course_id": None}, "course_id", "Hãy chọn lớp học."),
    ({"course_id": 999}, "course_id", "Hãy chọn lớp học."),
    ({"member_id": None}, "member_id", "Hãy chọn người học."),
])
def test_an_enrolment_above_a_cap_or_incomplete_is_refused(store, course, learner, over, key, message):
    assert message in training.check_enrol(store, enrolment(course, learner, **over)).errors.get(key, ""), \
        training.check_enrol(store, enrolment(course, learner, **over)).errors
    refused_with(store, training.enrol, store, enrolment(course, learner, **over), key=key, message=message)


@pytest.mark.parametrize(("over", "cost", "travel"), [
    ({}, 4_000_000, 0),  # the course's 5 M up to the group's cap
    ({"distance_km": 14.9}, 4_000_000, 0),
    ({"distance_km": 15}, 4_000_000, 200_000),
    ({"distance_km": 5, "difficult_area": True}, 4_000_000, 300_000),
    ({"distance_km": 4.9, "difficult_area": True}, 4_000_000, 0),
    ({"distance_km": 15, "difficult_area": True}, 4_000_000, 300_000),
    ({"distance_km": 5, "learner_group": "disabled", "group_reason": "Giấy xác nhận khuyết tật"}, 5_000_000, 300_000),
    ({"learner_group": "near_poor", "proposed_group": "near_poor"}, 2_500_000, 0),
    ({"learner_group": "other_rural", "proposed_group": "other_rural", "distance_km": 20}, 2_000_000, 200_000),
    ({"cost_support": 1_500_000, "travel_support": 100_000, "distance_km": 15}, 1_500_000, 100_000),
    ({"learner_group": "other_rural", "proposed_group": ""}, 2_000_000, 0),  # nothing proposed: no reason asked
])
def test_the_supports_default_to_the_norms_and_may_be_lower(store, course, learner, over, cost, travel):
    assert training.check_enrol(store, enrolment(course, learner, **over)).errors == {}
    saved = row(store, training.enrol(store, enrolment(course, learner, **over)))
    assert (saved["cost_support"], saved["travel_support"], saved["status"]) == (cost, travel, "registered")
    assert store.history(saved["uuid"])[-1]["reason"] == "Đăng ký học nghề"


def test_the_cost_follows_a_cheaper_course(store, learner):
    cheap = training.save_course(store, course_draft(cost_per_learner=1_800_000))
    assert row(store, training.enrol(store, enrolment(cheap, learner)))["cost_support"] == 1_800_000


# Enrolment: the course -----------------------------------------------------------------------------

def test_a_full_course_takes_no_more_learners_until_one_drops(store, village):
    course_id = training.save_course(store, course_draft(seats=2))
    learners = [person(store, village, f"QN-0410{i}", name=name, birth=f"{1980 + i}", cid=f"01108{i}00000{i}",
                       reviews={2023: POOR})
                for i, name in enumerate(("Lò Văn Thượng", "Quàng Văn Pâng", "Cà Thị Ơn"))]
    first = training.enrol(store, enrolment(course_id, learners[0]))
    training.enrol(store, enrolment(course_id, learners[1]))
    message = "Lớp đã đủ 2 chỗ: không nhận thêm học viên."
    assert training.check_enrol(store, enrolment(course_id, learners[2])).errors == {"course_id": message}
    refused_with(store, training.enrol, store, enrolment(course_id, learners[2]), key="course_id", message=message)
    training.drop(store, first, "2023-08-30", "Chuyển đi nơi khác")
    training.enrol(store, enrolment(course_id, learners[2]))
    assert [c["taken"] for c in queries.list_courses(store.conn)] == [2]


def test_an_enrolment_after_the_course_ended_is_refused_and_on_its_last_day_accepted(store, course, learner):
    message = "Lớp đã kết thúc ngày 30/11/2023: không đăng ký học được nữa."
    assert training.check_enrol(store, enrolment(course, learner, enrolled_on="2023-12-01")).errors == {
        "enrolled_on": message}
    refused_with(store, training.enrol, store, enrolment(course, learner, enrolled_on="01/12/2023"),
                 key="enrolled_on", message=message)
    # enrolled after the start (a late learner) up to the course's last day
    assert row(store, training.enrol(store, enrolment(course, learner, enrolled_on=END)))["enrolled_on"] == END


def test_a_person_who_left_the_household_is_not_enrolled(store, course, learner):
    store.update("members", learner, {"status": "moved_out"})
    refused_with(store, training.enrol, store, enrolment(course, learner), key="member_id",
                 message="Lò Văn Thượng không còn ở trong hộ: không đăng ký học được.")


def test_a_deleted_course_takes_no_learner(store, course, learner):
    store.delete("training_courses", course, "Lớp không mở")
    refused_with(store, training.enrol, store, enrolment(course, learner), key="course_id",
                 message="Hãy chọn lớp học.")


# The course's progress for each learner ------------------------------------------------------------

def test_start_complete_and_outcome_record_each_step(store, course, learner):
    enrolment_id = enrolled_at(store, course, learner, "registered", distance_km=16.0)
    training.start(store, enrolment_id)
    assert row(store, enrolment_id)["status"] == "studying"
    assert training.check_complete(store, enrolment_id, Completion("CC-2023-001", CERTIFIED)).errors == {}
    training.complete(store, enrolment_id, Completion("CC-2023-001", "30/11/2023"))
    saved = row(store, enrolment_id)
    assert (saved["status"], saved["certificate_no"], saved["certificate_date"], saved["meal_days"]) == (
        "completed", "CC-2023-001", CERTIFIED, 60)  # meals for every study day unless told
    training.record_outcome(store, enrolment_id, Outcome("abroad", OUTCOME_ON))
    saved = row(store, enrolment_id)
    assert (saved["outcome"], saved["outcome_date"], saved["job_connection_support"]) == ("abroad", OUTCOME_ON, 400_000)
    # corrected later: a job without a contract takes no job-connection support
    training.record_outcome(store, enrolment_id, Outcome("new_job", "2024-01-05"))
    assert (row(store, enrolment_id)["outcome"], row(store, enrolment_id)["job_connection_support"]) == ("new_job", 0)
    reasons = [h["reason"] for h in store.history(saved["uuid"])]
    assert reasons == ["Đăng ký học nghề", "Bắt đầu học", "Hoàn thành khóa học, chứng chỉ CC-2023-001",
                       "Ghi kết quả sau học", "Ghi kết quả sau học"]


@pytest.mark.parametrize(("outcome", "job"), [
    (Outcome("enterprise", OUTCOME_ON), 400_000), (Outcome("enterprise", OUTCOME_ON, 250_000), 250_000),
    (Outcome("self_employed", OUTCOME_ON), 0), (Outcome("none", OUTCOME_ON), 0), (Outcome("abroad", END), 400_000),
])
def test_the_job_connection_support_goes_with_a_contract_job(store, course, learner, outcome, job):
    enrolment_id = enrolled_at(store, course, learner, "completed")
    training.record_outcome(store, enrolment_id, outcome)
    assert row(store, enrolment_id)["job_connection_support"] == job


def test_completing_from_registered_and_with_fewer_meal_days(store, course, learner):
    enrolment_id = enrolled_at(store, course, learner, "registered")
    training.complete(store, enrolment_id, Completion("CC-2023-002", "2023-12-04", meal_days=45))
    assert (row(store, enrolment_id)["status"], row(store, enrolment_id)["meal_days"]) == ("completed", 45)


@pytest.mark.parametrize(("completion", "key", "message"), [
    (Completion("", CERTIFIED), "certificate_no", "Cần ghi số chứng chỉ khi hoàn thành khóa học."),
    (Completion("  ", CERTIFIED), "certificate_no", "Cần ghi số chứng chỉ khi hoàn thành khóa học."),
    (Completion("CC-2023-001", None), "certificate_date", "Cần ghi ngày cấp chứng chỉ."),
    (Completion("CC-2023-001", "2023-11-29"), "certificate_date",
     "Chứng chỉ chỉ cấp từ ngày kết thúc lớp (30/11/2023) trở đi."),
    (Completion("CC-2023-001", "2099-12-01"), "certificate_date", "Ngày cấp chứng chỉ 01/12/2099 ở tương lai."),
    (Completion("CC-2023-001", CERTIFIED, meal_days=61), "meal_days",
     "61 ngày hỗ trợ tiền ăn nhiều hơn số ngày học của lớp (60)."),
    (Completion("CC-2023-001", CERTIFIED, meal_days=-1), "meal_days", "Số ngày hỗ trợ tiền ăn không được âm."),
])
def test_a_completion_without_its_certificate_or_out_of_order_is_refused(store, course, learner, completion, key,
                                                                         message):
    enrolment_id = enrolled_at(store, course, learner, "studying")
    assert message in training.check_complete(store, enrolment_id, completion).errors.get(key, ""), \
        training.check_complete(store, enrolment_id, completion).errors
    refused_with(store, training.complete, store, enrolment_id, completion, key=key, message=message)
    assert row(store, enrolment_id)["status"] == "studying"


@pytest.mark.parametrize(("ended_on", "reason", "key", "message"), [
    (DROPPED, " ", "status_reason", "Cần ghi lý do bỏ học."),
    (DROPPED, "", "status_reason", "Cần ghi lý do bỏ học."),
    (None, "Đi làm ăn xa", "ended_on", "Cần ghi ngày bỏ học."),
    ("2023-12-01", "Đi làm ăn xa", "ended_on", "Ngày bỏ học phải trong thời gian của lớp (đến 30/11/2023)."),
    ("2023-08-20", "Đi làm ăn xa", "ended_on", "Ngày này phải từ ngày đăng ký (28/08/2023) trở đi."),
    ("2099-10-02", "Đi làm ăn xa", "ended_on", "Ngày bỏ học 02/10/2099 ở tương lai."),
])
def test_a_drop_without_its_reason_or_out_of_the_course_is_refused(store, course, learner, ended_on, reason, key,
                                                                   message):
    enrolment_id = enrolled_at(store, course, learner, "studying")
    assert message in training.check_drop(store, enrolment_id, ended_on, reason).errors.get(key, "")
    refused_with(store, training.drop, store, enrolment_id, ended_on, reason, key=key, message=message)


def test_a_drop_records_its_day_and_reason(store, course, learner):
    enrolment_id = enrolled_at(store, course, learner, "studying")
    training.drop(store, enrolment_id, "02/10/2023", "Đi làm ăn xa")
    saved = row(store, enrolment_id)
    assert (saved["status"], saved["ended_on"], saved["status_reason"]) == ("dropped", DROPPED, "Đi làm ăn xa")
    assert store.history(saved["uuid"])[-1]["reason"] == "Đi làm ăn xa"


@pytest.mark.parametrize(("outcome", "key", "message"), [
    (Outcome("", OUTCOME_ON), "outcome", "Cần chọn kết quả sau học."),
    (Outcome("lottery", OUTCOME_ON), "outcome", "Kết quả sau học không hợp lệ."),
    (Outcome("new_job", None), "outcome_date", "Cần ghi ngày có kết quả."),
    (Outcome("new_job", "2023-11-29"), "outcome_date",
     "Kết quả sau học chỉ ghi từ ngày kết thúc lớp (30/11/2023) trở đi."),
    (Outcome("new_job", "2099-12-15"), "outcome_date", "Ngày có kết quả 15/12/2099 ở tương lai."),
    (Outcome("new_job", OUTCOME_ON, 400_000), "job_connection_support",
     "Hỗ trợ kết nối việc làm chỉ chi cho người có việc làm theo hợp đồng (doanh nghiệp, đi làm việc ở nước ngoài)."),
    (Outcome("self_employed", OUTCOME_ON, 1), "job_connection_support", "chỉ chi cho người có việc làm theo hợp đồng"),
    (Outcome("none", OUTCOME_ON, 100_000), "job_connection_support", "chỉ chi cho người có việc làm theo hợp đồng"),
    (Outcome("enterprise", OUTCOME_ON, 400_001), "job_connection_support",
     "Hỗ trợ kết nối việc làm 400.001 đồng vượt định mức 400.000 đồng."),
    (Outcome("abroad", OUTCOME_ON, 1_000_000), "job_connection_support", "vượt định mức 400.000 đồng."),
    (Outcome("abroad", OUTCOME_ON, -1), "job_connection_support", "Hỗ trợ kết nối việc làm không được âm."),
    (Outcome("new_job", OUTCOME_ON, -1), "job_connection_support", "Hỗ trợ kết nối việc làm không được âm."),
])
def test_an_outcome_out_of_order_or_above_the_cap_is_refused(store, course, learner, outcome, key, message):
    enrolment_id = enrolled_at(store, course, learner, "completed")
    assert message in training.check_record_outcome(store, enrolment_id, outcome).errors.get(key, ""), \
        training.check_record_outcome(store, enrolment_id, outcome).errors
    refused_with(store, training.record_outcome, store, enrolment_id, outcome, key=key, message=message)


def at(step: str) -> str:
    return f"Học viên đang \u201c{step}\u201d: bước này không làm được."


@pytest.mark.parametrize(("step", "call", "message"), [
    ("studying", lambda s, i: training.start(s, i), at("Đang học")),
    ("completed", lambda s, i: training.start(s, i), at("Đã hoàn thành")),
    ("dropped", lambda s, i: training.start(s, i), at("Bỏ học")),
    ("completed", lambda s, i: training.complete(s, i, Completion("CC-2", CERTIFIED)), at("Đã hoàn thành")),
    ("dropped", lambda s, i: training.complete(s, i, Completion("CC-2", CERTIFIED)), at("Bỏ học")),
    ("completed", lambda s, i: training.drop(s, i, DROPPED, "Đi làm ăn xa"), at("Đã hoàn thành")),
    ("dropped", lambda s, i: training.drop(s, i, DROPPED, "Đi làm ăn xa"), at("Bỏ học")),
    ("registered", lambda s, i: training.record_outcome(s, i, Outcome("new_job", OUTCOME_ON)), at("Đã đăng ký")),
    ("studying", lambda s, i: training.record_outcome(s, i, Outcome("new_job", OUTCOME_ON)), at("Đang học")),
    ("dropped", lambda s, i: training.record_outcome(s, i, Outcome("new_job", OUTCOME_ON)), at("Bỏ học")),
])
def test_a_step_out_of_order_is_refused(store, course, learner, step, call, message):
    enrolment_id = enrolled_at(store, course, learner, step)
    refused_with(store, call, store, enrolment_id, key="status", message=message)


@pytest.mark.parametrize("call", [
    lambda s, i: training.start(s, i),
    lambda s, i: training.complete(s, i, Completion("CC-2", CERTIFIED)),
    lambda s, i: training.drop(s, i, DROPPED, "Đi làm ăn xa"),
    lambda s, i: training.record_outcome(s, i, Outcome("new_job", OUTCOME_ON)),
])
def test_a_step_of_a_deleted_enrolment_is_refused(store, course, learner, call):
    enrolment_id = enrolled_at(store, course, learner, "registered")
    store.delete("training_enrolments", enrolment_id, "Nhập nhầm")
    refused_with(store, call, store, enrolment_id, key="enrolment",
                 message="Không tìm thấy lần đăng ký học này (có thể đã bị xóa).")
    refused_with(store, call, store, 999, key="enrolment", message="Không tìm thấy lần đăng ký học này")


@pytest.mark.parametrize(("table", "changes", "key", "message"), [
    ("training_enrolments", {"cost_support": -1}, "cost_support", "Hỗ trợ chi phí đào tạo không được âm."),
    ("training_enrolments", {"meal_days": -1}, "meal_days", "Số ngày hỗ trợ tiền ăn không được âm."),
    ("training_enrolments", {"travel_support": -1}, "travel_support", "Hỗ trợ đi lại không được âm."),
    ("training_enrolments", {"travel_support": 1.5, "distance_km": 20.0}, "travel_support",
     "Hỗ trợ đi lại phải là số nguyên (đồng)."),
    ("training_enrolments", {"status": "graduated"}, "status", "Tình trạng học viên không hợp lệ."),
    ("training_enrolments", {"outcome": "lottery", "outcome_date": OUTCOME_ON}, "outcome",
     "Kết quả sau học không hợp lệ."),
    ("training_courses", {"seats": 0}, "seats", "Số chỗ của lớp phải từ 1 trở lên."),
    ("training_courses", {"study_days": -1}, "study_days", "Số ngày học không được âm."),
    ("training_courses", {"cost_per_learner": -1}, "cost_per_learner", "Chi phí/học viên không được âm."),
])
def test_a_value_the_schema_forbids_gives_a_message_not_a_database_error(store, course, learner, table, changes, key,
                                                                         message):
    target = course if table == "training_courses" else enrolled_at(store, course, learner, "completed")
    refused_with(store, store.update, table, target, changes, key=key, message=message)


# Judged as of the enrolment's own dates ------------------------------------------------------------

def test_a_finished_course_never_makes_its_enrolments_invalid(store, village, course):
    """A learner of 60 at the start (over 60 today), enrolled before the end (long past today):
    every later step is taken, and `check` finds nothing."""
    learner = person(store, village, "QN-04001", birth="05/09/1962", reviews={2023: POOR})
    assert training.propose(store, learner, dt.date.today()).age >= 61
    enrolment_id = enrolled_at(store, course, learner, "outcome")
    training.record_outcome(store, enrolment_id, Outcome("enterprise", "2024-02-01", 300_000))
    assert row(store, enrolment_id)["job_connection_support"] == 300_000
    late = person(store, village, "QN-04002", name="Quàng Văn Pâng", birth="1990", reviews={2023: POOR})
    late_id = enrolled_at(store, course, late, "registered", enrolled_on=END)
    training.drop(store, late_id, END, "Không theo học")
    assert check.run(store.db).ok, check.run(store.db).problems


# complete_many ---------------------------------------------------------------------------------------

@pytest.fixture
def three(store, village, course) -> dict[str, int]:
    """Three learners of different households enrolled in the course: a poor Thái man 16 km
    away, a disabled Kinh woman, a near-poor Kinh man in a ĐBKK village 6 km away."""
    other = store.insert("villages", {"name": "Bản Hua Sát"})
    villages.add_dbkk(store, other, 2021, None, "433/QĐ-UBDT")
    people = {
        "thuong": person(store, village, "QN-04001", reviews={2023: POOR}, cid="011080001234"),
        "hoa": person(store, village, "QN-04002", name="Nguyễn Thị Hoa", sex="F", birth="20/06/1995", ethnicity=KINH,
                      reviews={2023: MIDDLE}, cid="011195002468", disability=True),
        "duc": person(store, other, "QN-04003", name="Trần Văn Đức", birth="2001", ethnicity=KINH,
                      reviews={2023: NEAR_POOR}, cid="011201003579"),
    }
    distances = {"thuong": 16.0, "hoa": 2.0, "duc": 6.0}
    ids = {}
    for key, member_id in people.items():
        proposal = training.propose(store, member_id, dt.date(2023, 8, 28), course)
        ids[key] = training.enrol(store, Enrolment(course, member_id, ENROLLED, proposal.group, proposal.group,
                                                   distance_km=distances[key],
                                                   difficult_area=proposal.difficult_area))
    return {"course": course, "other_village": other, **{f"{k}_member": v for k, v in people.items()}, **ids}


def test_three_learners_go_through_the_course(store, three):
    rows = {k: row(store, three[k]) for k in ("thuong", "hoa", "duc")}
    assert {k: (r["learner_group"], r["cost_support"], r["travel_support"], r["difficult_area"])
            for k, r in rows.items()} == {
        "thuong": ("poor_ethnic_minority", 4_000_000, 200_000, 0),
        "hoa": ("disabled", 5_000_000, 0, 0),
        "duc": ("near_poor", 2_500_000, 300_000, 1),
    }
    for key in ("thuong", "hoa", "duc"):
        training.start(store, three[key])
    training.complete_many(store, {three["thuong"]: Completion("CC-01", CERTIFIED),
                                   three["hoa"]: Completion("CC-02", CERTIFIED, meal_days=58),
                                   three["duc"]: Completion("CC-03", "2023-12-02")})
    assert [(row(store, three[k])["status"], row(store, three[k])["certificate_no"], row(store, three[k])["meal_days"])
            for k in ("thuong", "hoa", "duc")] == [("completed", "CC-01", 60), ("completed", "CC-02", 58),
                                                   ("completed", "CC-03", 60)]
    training.record_outcome(store, three["thuong"], Outcome("enterprise", OUTCOME_ON))
    training.record_outcome(store, three["hoa"], Outcome("self_employed", OUTCOME_ON))
    training.record_outcome(store, three["duc"], Outcome("abroad", "2024-03-01"))
    assert [row(store, three[k])["job_connection_support"] for k in ("thuong", "hoa", "duc")] == [400_000, 0, 400_000]
    assert check.run(store.db).ok


def test_complete_many_is_all_or_none_and_names_the_learner(store, three):
    for key in ("thuong", "hoa"):
        training.start(store, three[key])
    completions = {three["thuong"]: Completion("CC-01", CERTIFIED), three["hoa"]: Completion("", CERTIFIED),
                   three["duc"]: Completion("CC-03", CERTIFIED)}
    error = refused_with(store, training.complete_many, store, completions, key=f"{three['hoa']}.certificate_no",
                         message="Cần ghi số chứng chỉ khi hoàn thành khóa học.")
    assert list(error.errors) == [f"{three['hoa']}.certificate_no"]
    early = {three["thuong"]: Completion("CC-01", CERTIFIED), three["duc"]: Completion("CC-03", "2023-11-01")}
    refused_with(store, training.complete_many, store, early, key=f"{three['duc']}.certificate_date",
                 message="Chứng chỉ chỉ cấp từ ngày kết thúc lớp (30/11/2023) trở đi.")


# The office --------------------------------------------------------------------------------------------

def test_the_office_writes_no_training(office_db):
    store = Store(office_db, actor="tester")
    village = store.insert("villages", {"name": "Bản Co Muông", "commune_code": "03274"})
    household = store.insert("households", {"village_id": village, "code": "QN-1", "commune_code": "03274"})
    learner = store.insert("members", {"household_id": household, "full_name": "Lò Văn Thượng", "sex": "M",
                                       "birth_year": 1980, "ethnicity_code": THAI, "relationship": "head",
                                       "commune_code": "03274"})
    course_id = store.insert("training_courses", course_draft().values() | {"commune_code": "03274"})
    enrolment_id = store.insert("training_enrolments", enrolment(course_id, learner).values(store)
                                | {"commune_code": "03274"})
    message = "Đào tạo nghề thuộc dữ liệu của xã và được gửi lên bằng tệp đồng bộ"
    for call in (lambda: training.save_course(store, course_draft()),
                 lambda: training.save_course(store, course_draft(id=course_id, seats=10)),
                 lambda: training.enrol(store, enrolment(course_id, learner)),
                 lambda: training.start(store, enrolment_id),
                 lambda: training.complete(store, enrolment_id, Completion("CC-01", CERTIFIED)),
                 lambda: training.complete_many(store, {enrolment_id: Completion("CC-01", CERTIFIED)}),
                 lambda: training.drop(store, enrolment_id, DROPPED, "Đi làm ăn xa"),
                 lambda: training.record_outcome(store, enrolment_id, Outcome("new_job", OUTCOME_ON)),
                 lambda: training.record_prior(store, PriorTraining(member_id=learner, program="QD1956", year=2019))):
        error = refuse_call(store, ValidationFailed, call)
        assert any(message in m for m in error.errors.values()), error.errors


# What `check` finds -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sql", "message"), [
    ("UPDATE training_enrolments SET cost_support = 4500000",
     "Hỗ trợ chi phí đào tạo 4.500.000 đồng vượt định mức 4.000.000 đồng."),
    ("UPDATE training_enrolments SET travel_support = 300000", "Hỗ trợ đi lại 300.000 đồng vượt định mức 200.000"),
    ("UPDATE training_enrolments SET outcome = 'new_job'", "chỉ chi cho người có việc làm theo hợp đồng"),
    ("UPDATE training_enrolments SET certificate_no = ''", "Cần ghi số chứng chỉ khi hoàn thành khóa học."),
    ("UPDATE training_enrolments SET certificate_date = '2023-11-20'",
     "Chứng chỉ chỉ cấp từ ngày kết thúc lớp (30/11/2023) trở đi."),
    ("UPDATE training_enrolments SET learner_group = 'disabled'", "Nhóm đối tượng khác với nhóm theo dữ liệu"),
    ("UPDATE training_enrolments SET enrolled_on = '2023-12-01', certificate_date = '2023-12-01', "
     "outcome_date = '2023-12-15'", "Lớp đã kết thúc ngày 30/11/2023: không đăng ký học được nữa."),
    ("UPDATE members SET birth_date = '2009-01-01', birth_year = 2009", "học viên mới 14 tuổi"),
    ("UPDATE training_enrolments SET status = 'dropped', ended_on = '2023-10-02', certificate_no = '', "
     "certificate_date = NULL, outcome = '', outcome_date = NULL, job_connection_support = 0",
     "Cần ghi lý do bỏ học."),
])
def test_check_lists_an_enrolment_broken_behind_the_write_path(store, course, learner, sql, message):
    enrolled_at(store, course, learner, "outcome", distance_km=16.0)
    assert check.run(store.db).ok
    store.conn.executescript(sql)
    report = check.run(store.db)
    assert not report.ok and any(message in p for p in report.problems), report.problems


# Queries ---------------------------------------------------------------------------------------------

@pytest.fixture
def finished(store, three) -> dict[str, int]:
    """The three learners: two completed with a job (one abroad), one dropped; a second course
    in 2024 with one learner registered."""
    for key in ("thuong", "hoa", "duc"):
        training.start(store, three[key])
    training.complete_many(store, {three["thuong"]: Completion("CC-01", CERTIFIED),
                                   three["duc"]: Completion("CC-03", CERTIFIED)})
    training.drop(store, three["hoa"], DROPPED, "Ốm dài ngày")
    training.record_outcome(store, three["thuong"], Outcome("enterprise", OUTCOME_ON))
    training.record_outcome(store, three["duc"], Outcome("abroad", "2024-03-01"))
    later = training.save_course(store, course_draft(occupation="May công nghiệp", start_date="2024-03-04",
                                                     end_date="2024-05-31", seats=20, cost_per_learner=3_000_000,
                                                     study_days=50, funding_source="local"))
    training.enrol(store, Enrolment(later, three["hoa_member"], "2024-02-26", "disabled", "disabled"))
    return {**three, "later": later}


def test_results_against_the_plan(store, finished):
    assert plan.load_example_plans(store) > 0
    found = queries.results(store.conn, 2023, "099")
    assert (found.enrolled, found.studying, found.dropped, found.completed, found.certified, found.employed,
            found.job_connected, found.abroad) == (3, 0, 1, 2, 2, 2, 2, 1)
    assert found.targets == {"workers_trained": (1000, None), "jobs_created": (1000, None),
                             "job_connections": (250, None), "workers_abroad": (5, 10)}
    assert [found.figure(k) for k in ("workers_trained", "jobs_created", "job_connections", "workers_abroad")] == [
        2, 2, 2, 1]
    # by the course's funding source: 4 M + 5 M + 2.5 M of cost, 120 meal days at 30 000 đồng
    assert found.support == {"central": {"cost": 11_500_000, "meals": 3_600_000, "travel": 500_000,
                                         "job_connection": 800_000}}
    in_2024 = queries.results(store.conn, 2024, "099")
    assert (in_2024.enrolled, in_2024.completed, in_2024.targets) == (1, 0, {})
    assert in_2024.support == {"local": {"cost": 3_000_000, "meals": 0, "travel": 0, "job_connection": 0}}
    every = queries.results(store.conn, None)
    assert (every.enrolled, every.completed, every.employed) == (4, 2, 2)
    assert queries.results(store.conn, 2023, commune_code="03271").enrolled == 0


def test_breakdown_by_status_group_sex_village_and_course(store, finished):
    def rows(by, flt=None):
        return [(r["key"], r["enrolled"], r["completed"], r["employed"]) for r in queries.breakdown(store.conn, by, flt)]

    year = queries.Filter(year=2023)
    assert rows("status", year) == [("completed", 2, 2, 2), ("dropped", 1, 0, 0)]
    assert rows("status") == [("completed", 2, 2, 2), ("dropped", 1, 0, 0), ("registered", 1, 0, 0)]
    assert rows("outcome", year) == [("", 1, 0, 0), ("abroad", 1, 1, 1), ("enterprise", 1, 1, 1)]
    assert rows("learner_group", year) == [("disabled", 1, 0, 0), ("near_poor", 1, 1, 1),
                                           ("poor_ethnic_minority", 1, 1, 1)]
    assert rows("sex") == [("F", 2, 0, 0), ("M", 2, 2, 2)]
    assert rows("ethnicity", year) == [(KINH, 2, 1, 1), (THAI, 1, 1, 1)]
    assert {r["label"]: (r["enrolled"], r["completed"]) for r in queries.breakdown(store.conn, "village", year)} == {
        "Bản Co Muông": (2, 1), "Bản Hua Sát": (1, 1)}
    assert {r["label"]: r["enrolled"] for r in queries.breakdown(store.conn, "course")} == {
        OCCUPATION: 3, "May công nghiệp": 1}
    assert rows("commune") == [("03274", 4, 2, 2)]
    assert rows("status", queries.Filter(village_id=finished["other_village"])) == [("completed", 1, 1, 1)]
    with pytest.raises(ValueError):
        queries.breakdown(store.conn, "colour")


def test_the_course_list_counts_its_seats_and_learners(store, finished):
    listed = queries.list_courses(store.conn)
    assert [(c["occupation"], c["seats"], c["taken"], c["n_registered"], c["n_studying"], c["n_completed"],
             c["n_dropped"]) for c in listed] == [("May công nghiệp", 20, 1, 1, 0, 0, 0),
                                                  (OCCUPATION, 3, 2, 0, 0, 2, 1)]
    assert [c["occupation"] for c in queries.list_courses(store.conn, queries.Filter(year=2023))] == [OCCUPATION]
    assert queries.list_courses(store.conn, queries.Filter(commune_code="03271")) == []
    assert queries.course_years(store.conn) == [2024, 2023]
    learners = queries.enrolments(store.conn, queries.Filter(course_id=finished["course"]))
    # in Vietnamese order: by the given name first
    assert [(e["full_name"], e["household_code"], e["village_name"], e["status"]) for e in learners] == [
        ("Trần Văn Đức", "QN-04003", "Bản Hua Sát", "completed"),
        ("Nguyễn Thị Hoa", "QN-04002", "Bản Co Muông", "dropped"),
        ("Lò Văn Thượng", "QN-04001", "Bản Co Muông", "completed")]


@pytest.mark.parametrize(("text", "found"), [
    ("lo van thuong", ["Lò Văn Thượng"]),
    ("thuong", ["Lò Văn Thượng"]),
    ("Đức", ["Trần Văn Đức"]),
    ("duc", ["Trần Văn Đức"]),
    ("van", ["Trần Văn Đức", "Lò Văn Thượng"]),  # by the given name first
    ("011195002468", ["Nguyễn Thị Hoa"]),
    ("011195", ["Nguyễn Thị Hoa"]),
    ("nguyen thi", ["Nguyễn Thị Hoa"]),
    ("pang", []),
    ("  ", []),
])
def test_find_people_by_name_without_accents_or_citizen_id(store, three, text, found):
    people = queries.find_people(store.conn, text)
    assert [p["full_name"] for p in people] == found
    if found == ["Nguyễn Thị Hoa"]:
        assert (people[0]["member_id"], people[0]["household_code"], people[0]["village_name"]) == (
            three["hoa_member"], "QN-04002", "Bản Co Muông")


def _office_learner(store: Store, commune: str, code: str, citizen_id: str) -> int:
    village = store.conn.execute("SELECT id FROM villages WHERE commune_code = ?", (commune,)).fetchone()
    village = village[0] if village else store.insert("villages", {"name": "Bản Co Muông", "commune_code": commune})
    household = store.insert("households", {"village_id": village, "code": code, "commune_code": commune})
    return store.insert("members", {"household_id": household, "full_name": "Lò Văn Thượng", "sex": "M",
                                    "birth_year": 1980, "ethnicity_code": THAI, "citizen_id": citizen_id,
                                    "relationship": "head", "commune_code": commune})


def _office_course(store: Store, commune: str, occupation: str = OCCUPATION) -> int:
    return store.insert("training_courses", course_draft(occupation=occupation, seats=10).values()
                        | {"commune_code": commune})


def _office_enrolment(store: Store, course_id: int, learner: int, commune: str, status: str = "registered") -> int:
    values = {"course_id": course_id, "member_id": learner, "enrolled_on": ENROLLED, "learner_group": "other_rural",
              "status": status, "commune_code": commune}
    if status == "dropped":
        values |= {"ended_on": DROPPED, "status_reason": "Đi làm ăn xa"}
    return store.insert("training_enrolments", values)


def test_supported_twice_across_communes(office_db):
    """At the office: the same citizen ID supported in two communes (an enrolment not dropped, or
    a prior training support)."""
    store = Store(office_db, actor="tester")
    courses = {c: _office_course(store, c, f"Nghề ở xã {c}") for c in ("03274", "03271", "03289")}
    twice = _office_learner(store, "03274", "QN-1", "011080001234")
    _office_enrolment(store, courses["03274"], twice, "03274")
    elsewhere = _office_learner(store, "03271", "TG-1", "011080001234")
    _office_enrolment(store, courses["03271"], elsewhere, "03271")
    prior = _office_learner(store, "03274", "QN-2", "011080005678")
    store.insert("prior_supports", {"household_id": store.get("members", prior)["household_id"], "member_id": prior,
                                    "kind": "training", "program": "QD1956", "year": 2019, "commune_code": "03274"})
    other = _office_learner(store, "03289", "TB-1", "011080005678")
    _office_enrolment(store, courses["03289"], other, "03289")
    dropped = _office_learner(store, "03271", "TG-2", "011080009999")  # dropped: not supported
    _office_enrolment(store, courses["03271"], dropped, "03271", "dropped")
    once = _office_learner(store, "03274", "QN-3", "011080009999")
    _office_enrolment(store, courses["03274"], once, "03274")
    housing_only = _office_learner(store, "03271", "TG-3", "011080004444")  # a housing support is not training
    store.insert("prior_supports", {"household_id": store.get("members", housing_only)["household_id"],
                                    "kind": "housing", "program": "QD33", "year": 2016, "commune_code": "03271"})
    alone = _office_learner(store, "03289", "TB-2", "011080004444")
    _office_enrolment(store, courses["03289"], alone, "03289")

    found = queries.supported_twice(store.conn)
    assert [(e["citizen_id"], [(p["commune_code"], p["what"], p["status"]) for p in e["places"]]) for e in found] == [
        ("011080001234", [("03271", "Nghề ở xã 03271", "registered"), ("03274", "Nghề ở xã 03274", "registered")]),
        ("011080005678", [("03274", "QD1956", "prior"), ("03289", "Nghề ở xã 03289", "registered")]),
    ]
    assert found[0]["name"] == "Lò Văn Thượng"


def test_stats_counts_courses_and_enrolments(store, finished, capsys):
    store.delete("training_enrolments", finished["thuong"], "Nhập trùng")
    gone = training.save_course(store, course_draft(occupation="Đan lát", seats=5))
    store.delete("training_courses", gone, "Lớp không mở")
    capsys.readouterr()
    assert main(["--db", str(store.db.path), "stats", "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert (counts["training_courses"], counts["training_enrolments"]) == (2, 3)
    assert (counts["deleted"]["training_courses"], counts["deleted"]["training_enrolments"]) == (1, 1)
