"""The record rules of vocational training: courses and enrolments (and the training supports a
person received before, kept in `prior_supports`, registered by housing).

Registered once (at import) and run by `Store` before and after every write, by `check` and by
the office's merge on the records a file brings, with the same messages:

- a course alone: its occupation, level and funding source (rule data), dates in order, seats;
- a course among the data (corrected after learners enrolled): seats not below its learners, and
  its end, cost, study days and start keeping each of its enrolments valid;
- an enrolment alone: the learner group and the caps of its year's norms (cost, travel by the
  distance to the site, job-connection support), the group the household data proposed (another
  needs a reason), a certificate for a completed enrolment, a reason for a dropped one, an
  outcome only after completing;
- an enrolment among the data: working age at the course's start (bounds as rule data), a seat
  left in the course, enrolled before the course ends, certificate and outcome not before it
  ends, support not above the course's cost, meal days not above its study days, a person
  supported once (prior training supports included), born before the enrolment.

Everything is judged as of the enrolment's own dates (the course's start, the enrolment day), never
today's, so a finished course never makes its enrolments invalid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from desktop.core import records
from desktop.core import validators as v
from desktop.core.errors import Checked
from desktop.core.formats import date_text, decimal, money
from desktop.core.i18n import language, tr, tr_noop
from desktop.core.labels import label
from desktop.core.records import RowContext, SetRule
from desktop.core.rules import RuleBook, shipped_rules

STATUSES = ("registered", "studying", "completed", "dropped")
OUTCOMES = ("new_job", "self_employed", "enterprise", "abroad", "none")
# Outcomes that count as a job after the course, and those placed with a labour contract (the
# job-connection support of sub-project 4.3 is paid for them only).
EMPLOYED = ("new_job", "self_employed", "enterprise", "abroad")
CONTRACT = ("enterprise", "abroad")

STATUS_LABELS = {"registered": tr_noop("Đã đăng ký"), "studying": tr_noop("Đang học"),
                 "completed": tr_noop("Đã hoàn thành"), "dropped": tr_noop("Bỏ học")}
OUTCOME_LABELS = {"": tr_noop("(chưa ghi)"), "new_job": tr_noop("Có việc làm mới"),
                  "self_employed": tr_noop("Tự tạo việc làm"), "enterprise": tr_noop("Làm việc tại doanh nghiệp"),
                  "abroad": tr_noop("Đi làm việc ở nước ngoài theo hợp đồng"), "none": tr_noop("Chưa có việc làm")}


def status_label(code: str | None) -> str:
    return label(STATUS_LABELS, code)


def outcome_label(code: str | None) -> str:
    return label(OUTCOME_LABELS, code)


def _named(items: list[dict], code: str | None) -> str:
    for item in items:
        if item.get("code") == code:
            return item["name_vi"] if language() == "vi" else item.get("name_en") or item["name_vi"]
    return code or ""


def norms(year: int | None = None, rules: RuleBook | None = None) -> dict:
    book = rules or shipped_rules()
    return book.training_norms(year or dt.date.today().year) or {}


def group_label(code: str | None, year: int | None = None) -> str:
    return _named(norms(year).get("learner_groups", []), code)


def group_short_label(code: str | None, year: int | None = None) -> str:
    """A learner group as a table column shows it (the full name in its tooltip)."""
    for item in norms(year).get("learner_groups", []):
        if item.get("code") == code:
            short = item.get("short_vi") if language() == "vi" else item.get("short_en")
            return short or group_label(code, year)
    return code or ""


def level_label(code: str | None) -> str:
    return _named(norms().get("levels", []), code)


def source_label(code: str | None) -> str:
    return _named(norms().get("funding_sources", []), code)


def prior_program_name(code: str | None) -> str:
    return _named(norms().get("prior_programs", []), code)


def proposed_group(disabled: bool, minority: bool, cls: str | None, difficult: bool) -> str:
    """The learner group a person's data propose (Decision 46/2015): disability; poor and an
    ethnic minority or living in an especially difficult area (ĐBKK); an ethnic minority or poor;
    near-poor; else another rural worker."""
    if disabled:
        return "disabled"
    if cls == "poor" and (minority or difficult):
        return "poor_ethnic_minority"
    if minority or cls == "poor":
        return "ethnic_minority_or_poor"
    if cls == "near_poor":
        return "near_poor"
    return "other_rural"


def travel_allowed(norm: Mapping[str, Any], group: str | None, difficult_area: bool, distance_km: float | None) -> int:
    """The travel allowance the norms give for the distance to the site (0 when none)."""
    travel = norm.get("travel") or {}
    distance = distance_km or 0
    special = group == "disabled" or difficult_area
    near, far = travel.get("disabled_or_difficult_min_km"), travel.get("standard_min_km")
    if special and distance >= (5 if near is None else near):
        return int(travel.get("disabled_or_difficult") or 0)
    if distance >= (15 if far is None else far):
        return int(travel.get("standard") or 0)
    return 0


def _int(value: Any) -> int:
    return value if type(value) is int else 0


# Courses ---------------------------------------------------------------------------------------

def _course_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    checked.error("occupation", v.required_text(r.get("occupation"), tr("Nghề đào tạo")))
    start, message_start = v.parse_date(r.get("start_date"))
    end, message_end = v.parse_date(r.get("end_date"))
    checked.error("start_date", message_start or (None if start else tr("Cần ghi ngày khai giảng.")))
    checked.error("end_date", message_end or (None if end else tr("Cần ghi ngày kết thúc.")))
    if start and end and end < start:
        checked.error("end_date", tr("Ngày kết thúc trước ngày khai giảng."))
    norm = context.rules.training_norms((start or context.as_of).year) or {}
    levels = [lv["code"] for lv in norm.get("levels", [])]
    if levels and r.get("level") not in levels:
        checked.error("level", tr("Trình độ đào tạo không hợp lệ."))
    sources = [s["code"] for s in norm.get("funding_sources", [])]
    if sources and (r.get("funding_source") or "central") not in sources:
        checked.error("funding_source", tr("Nguồn kinh phí không hợp lệ."))
    seats = r.get("seats")
    if seats is None or type(seats) is not int or seats < 1:
        checked.error("seats", tr("Số chỗ của lớp phải từ 1 trở lên."))
    checked.error("cost_per_learner", v.amount(r.get("cost_per_learner") or 0, what=tr("Chi phí/học viên")))
    days = r.get("study_days")
    if days is not None and (type(days) is not int or days < 0):
        checked.error("study_days", tr("Số ngày học không được âm."))
    elif days and start and end and days > (end - start).days + 1:
        checked.error("study_days", tr("Lớp từ {start} đến {end} có nhiều nhất {n} ngày học.",
                                       start=date_text(start), end=date_text(end), n=(end - start).days + 1))


COURSE_SEATS = SetRule(
    "training_course_seats", "seats",
    "SELECT c.id, c.seats AS seats, (SELECT COUNT(*) FROM {training_enrolments} e WHERE e.course_id = c.id "
    "AND e.deleted = 0 AND e.status <> 'dropped') AS taken FROM cand c WHERE c.seats < "
    "(SELECT COUNT(*) FROM {training_enrolments} e WHERE e.course_id = c.id AND e.deleted = 0 AND e.status <> 'dropped')",
    lambda seats, taken: tr("Lớp đã có {taken} học viên: không giảm số chỗ xuống {seats} được.", taken=taken, seats=seats),
    indexes=("training_enrolments (course_id)",))


# A course corrected after learners enrolled keeps every enrolment valid: its end not before an
# enrolment or a drop, not after a certificate or an outcome; its cost and study days not below
# what a learner was given; its start not moving a learner out of working age.

def _course_end_message(problem: str, day: str) -> str:
    if problem == "certificate":
        return tr("Đã có chứng chỉ cấp ngày {day}: ngày kết thúc lớp không thể sau ngày đó.", day=date_text(day))
    if problem == "outcome":
        return tr("Đã có kết quả sau học ngày {day}: ngày kết thúc lớp không thể sau ngày đó.", day=date_text(day))
    if problem == "enrolled":
        return tr("Đã có học viên đăng ký ngày {day}: ngày kết thúc lớp không thể trước ngày đó.", day=date_text(day))
    return tr("Đã có học viên bỏ học ngày {day}: ngày kết thúc lớp không thể trước ngày đó.", day=date_text(day))


def _course_end_sql(problem: str, day: str, condition: str) -> str:
    return (f"SELECT c.id AS id, '{problem}' AS problem, {day} AS day FROM cand c JOIN {{training_enrolments}} e "
            f"ON e.course_id = c.id AND e.deleted = 0 WHERE {condition} GROUP BY c.id")


COURSE_END_AND_ENROLMENTS = SetRule(
    "training_course_end_and_enrolments", "end_date",
    "SELECT id, problem, day FROM ("
    + " UNION ALL ".join([
        _course_end_sql("certificate", "MIN(e.certificate_date)", "e.certificate_date < c.end_date"),
        _course_end_sql("outcome", "MIN(e.outcome_date)", "e.outcome_date < c.end_date"),
        _course_end_sql("enrolled", "MAX(e.enrolled_on)", "e.enrolled_on > c.end_date"),
        _course_end_sql("dropped", "MAX(e.ended_on)", "e.ended_on > c.end_date")])
    + ")",
    _course_end_message, indexes=("training_enrolments (course_id)",))

COURSE_COST_AND_ENROLMENTS = SetRule(
    "training_course_cost_above_supports", "cost_per_learner",
    "SELECT c.id, MAX(e.cost_support) AS value FROM cand c JOIN {training_enrolments} e ON e.course_id = c.id "
    "AND e.deleted = 0 WHERE c.cost_per_learner > 0 AND e.cost_support > c.cost_per_learner GROUP BY c.id",
    lambda value: tr("Đã có học viên được hỗ trợ {value} đồng chi phí đào tạo: chi phí/học viên không thể ít hơn.",
                     value=money(value)),
    indexes=("training_enrolments (course_id)",))

COURSE_DAYS_AND_ENROLMENTS = SetRule(
    "training_course_days_above_meals", "study_days",
    "SELECT c.id, MAX(e.meal_days) AS value FROM cand c JOIN {training_enrolments} e ON e.course_id = c.id "
    "AND e.deleted = 0 WHERE c.study_days IS NOT NULL AND e.meal_days > c.study_days GROUP BY c.id",
    lambda value: tr("Đã có học viên được hỗ trợ tiền ăn {value} ngày: số ngày học của lớp không thể ít hơn.",
                     value=value),
    indexes=("training_enrolments (course_id)",))


# Enrolments, one by one ------------------------------------------------------------------------

def _enrolment_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    enrolled, message = v.past_date_field(r.get("enrolled_on"), tr("Ngày đăng ký"), context.as_of)
    checked.error("enrolled_on", message or (None if enrolled else tr("Cần ghi ngày đăng ký.")))
    status = r.get("status") or "registered"
    if status not in STATUSES:
        checked.error("status", tr("Tình trạng học viên không hợp lệ."))
        return
    norm = context.rules.training_norms((enrolled or context.as_of).year) or {}
    groups = {g["code"]: g for g in norm.get("learner_groups", [])}
    group = groups.get(r.get("learner_group", ""))
    if group is None:
        checked.error("learner_group", tr("Nhóm đối tượng học nghề không hợp lệ."))
    else:
        checked.error("cost_support", v.amount(r.get("cost_support") or 0, group["cost_max"],
                                               tr("Hỗ trợ chi phí đào tạo")))
    proposed = r.get("proposed_group") or ""
    if proposed and r.get("learner_group") != proposed and not (r.get("group_reason") or "").strip():
        checked.error("group_reason", tr("Nhóm đối tượng khác với nhóm theo dữ liệu của hộ ({group}): cần ghi lý do.",
                                         group=_named(norm.get("learner_groups", []), proposed)))
    distance = r.get("distance_km")
    if distance is not None and (not isinstance(distance, int | float) or distance < 0):
        checked.error("distance_km", tr("Khoảng cách không được âm."))
    else:
        allowed = travel_allowed(norm, r.get("learner_group"), bool(r.get("difficult_area")), distance)
        travel = r.get("travel_support") or 0
        if type(travel) is int and travel > 0 and not allowed:
            checked.error("travel_support", tr(
                "Nơi học cách nhà {km} km: chưa đủ xa để được hỗ trợ đi lại.", km=decimal(distance)))
        else:
            checked.error("travel_support", v.amount(travel, allowed, tr("Hỗ trợ đi lại")))
    meal_days = r.get("meal_days") or 0
    if type(meal_days) is not int or meal_days < 0:
        checked.error("meal_days", tr("Số ngày hỗ trợ tiền ăn không được âm."))
    _status(context, r, status, norm, checked)


def _status(context: RowContext, r: Mapping[str, Any], status: str, norm: Mapping[str, Any], checked: Checked) -> None:
    certificate, message = v.past_date_field(r.get("certificate_date"), tr("Ngày cấp chứng chỉ"), context.as_of)
    checked.error("certificate_date", message)
    ended, message = v.past_date_field(r.get("ended_on"), tr("Ngày bỏ học"), context.as_of)
    checked.error("ended_on", message)
    outcome_day, message = v.past_date_field(r.get("outcome_date"), tr("Ngày có kết quả"), context.as_of)
    checked.error("outcome_date", message)
    has_certificate = bool((r.get("certificate_no") or "").strip()) or certificate is not None
    if status == "completed":
        if not (r.get("certificate_no") or "").strip():
            checked.error("certificate_no", tr("Cần ghi số chứng chỉ khi hoàn thành khóa học."))
        if certificate is None and "certificate_date" not in checked.errors:
            checked.error("certificate_date", tr("Cần ghi ngày cấp chứng chỉ."))
    elif has_certificate:
        checked.error("certificate_no", tr("Chỉ học viên đã hoàn thành mới có chứng chỉ."))
    if status == "dropped":
        if ended is None and "ended_on" not in checked.errors:
            checked.error("ended_on", tr("Cần ghi ngày bỏ học."))
        if not (r.get("status_reason") or "").strip():
            checked.error("status_reason", tr("Cần ghi lý do bỏ học."))
    elif ended is not None or (r.get("status_reason") or "").strip():
        checked.error("ended_on", tr("Chỉ học viên bỏ học mới có ngày và lý do bỏ học."))
    enrolled = v.parse_date(r.get("enrolled_on"))[0]
    for key, day in (("certificate_date", certificate), ("ended_on", ended), ("outcome_date", outcome_day)):
        if day is not None and enrolled is not None and day < enrolled and key not in checked.errors:
            checked.error(key, tr("Ngày này phải từ ngày đăng ký ({day}) trở đi.", day=date_text(enrolled)))
    outcome = r.get("outcome") or ""
    if outcome and outcome not in OUTCOMES:
        checked.error("outcome", tr("Kết quả sau học không hợp lệ."))
    elif outcome and status != "completed":
        checked.error("outcome", tr("Chỉ ghi kết quả sau học cho học viên đã hoàn thành khóa học."))
    elif outcome and outcome_day is None and "outcome_date" not in checked.errors:
        checked.error("outcome_date", tr("Cần ghi ngày có kết quả."))
    elif not outcome and outcome_day is not None:
        checked.error("outcome", tr("Cần chọn kết quả sau học."))
    job = r.get("job_connection_support") or 0
    if type(job) is int and job > 0 and outcome not in CONTRACT:
        checked.error("job_connection_support", tr(
            "Hỗ trợ kết nối việc làm chỉ chi cho người có việc làm theo hợp đồng (doanh nghiệp, đi làm việc ở "
            "nước ngoài)."))
    else:
        checked.error("job_connection_support", v.amount(job, norm.get("job_connection_per_worker_max"),
                                                         tr("Hỗ trợ kết nối việc làm")))


# Enrolments among the data ---------------------------------------------------------------------

ENROLMENT_COURSE_GONE = records.live_parent(
    "training_enrolments", "course_id", "training_courses", lambda: tr("Lớp học không tồn tại hoặc đã bị xóa."))
ENROLMENT_MEMBER_GONE = records.live_parent(
    "training_enrolments", "member_id", "members", lambda: tr("Học viên không tồn tại hoặc đã bị xóa."))
BORN_AFTER_ENROLMENT = SetRule(
    "learner_born_before", "enrolled_on",
    "SELECT c.id FROM cand c JOIN {members} m ON m.id = c.member_id WHERE COALESCE(c.enrolled_on, '') <> '' "
    "AND (COALESCE(m.birth_date, '') >= c.enrolled_on "
    "OR (COALESCE(m.birth_date, '') = '' AND m.birth_year > CAST(substr(c.enrolled_on, 1, 4) AS INTEGER)))",
    lambda: tr("Ngày sinh phải trước {label}.", label=tr("ngày đăng ký")))


def age_at(birth_date: str | None, birth_year: int | None, day: dt.date) -> int | None:
    """A person's age on `day` (from the birth year alone when the date is not known)."""
    born = v.parse_date(birth_date)[0] if birth_date else None
    if born is not None:
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return day.year - birth_year if birth_year else None


def _age_message(rules: RuleBook, birth_date: str | None, birth_year: int | None, start_date: str) -> str:
    start = v.parse_date(start_date)[0]
    if start is None:
        return ""
    bounds = (rules.training_norms(start.year) or {}).get("working_age") or {}
    age = age_at(birth_date, birth_year, start)
    low, high = bounds.get("min"), bounds.get("max")
    if age is None:
        return tr("Chưa biết năm sinh của học viên: không xác định được tuổi lao động.")
    if low is not None and age < low:
        return tr("Ngày khai giảng ({day}) học viên mới {age} tuổi: phải từ đủ {low} tuổi.", day=date_text(start),
                  age=age, low=low)
    if high is not None and age > high:
        return tr("Ngày khai giảng ({day}) học viên đã {age} tuổi, quá tuổi lao động được hỗ trợ ({high}).",
                  day=date_text(start), age=age, high=high)
    return ""


WORKING_AGE = SetRule(
    "training_working_age", "member_id",
    "SELECT c.id, m.birth_date AS birth_date, m.birth_year AS birth_year, k.start_date AS start_date FROM cand c "
    "JOIN {members} m ON m.id = c.member_id JOIN {training_courses} k ON k.id = c.course_id "
    "WHERE k.start_date IS NOT NULL",
    _age_message, with_rules=True)

def _learner_age_message(rules: RuleBook, name: str, birth_date: str | None, birth_year: int | None,
                         start_date: str) -> str:
    problem = _age_message(rules, birth_date, birth_year, start_date)
    return tr("{name}: {problem}", name=name, problem=problem) if problem else ""


# The course's start moved (corrected) after learners enrolled: each of them still of working age.
COURSE_START_AND_AGES = SetRule(
    "training_course_start_working_age", "start_date",
    "SELECT c.id, m.full_name AS name, m.birth_date AS birth_date, m.birth_year AS birth_year, "
    "c.start_date AS start_date FROM cand c JOIN {training_enrolments} e ON e.course_id = c.id AND e.deleted = 0 "
    "JOIN {members} m ON m.id = e.member_id WHERE c.start_date IS NOT NULL",
    _learner_age_message, with_rules=True, indexes=("training_enrolments (course_id)",))

COURSE_FULL = SetRule(
    "training_course_full", "course_id",
    "SELECT c.id, k.seats AS seats FROM cand c JOIN {training_courses} k ON k.id = c.course_id "
    "WHERE c.status <> 'dropped' AND k.seats IS NOT NULL AND k.seats < 1 + (SELECT COUNT(*) FROM {training_enrolments} o "
    "WHERE o.course_id = c.course_id AND o.deleted = 0 AND o.status <> 'dropped' AND o.id IS NOT c.id)",
    lambda seats: tr("Lớp đã đủ {seats} chỗ: không nhận thêm học viên.", seats=seats),
    indexes=("training_enrolments (course_id)",))


def _against_course_end(name: str, field: str, condition: str, message) -> SetRule:
    """An enrolment's date (`field`) on the right side of its course's end; `message(day)`."""
    return SetRule(
        name, field,
        "SELECT c.id, k.end_date AS day FROM cand c JOIN {training_courses} k ON k.id = c.course_id "
        f"WHERE k.end_date IS NOT NULL AND {condition}",
        message)


# Each beside its own field (the form of the step that sets it shows it there).
ENROLLED_BEFORE_END = _against_course_end(
    "training_enrolled_before_course_end", "enrolled_on", "c.enrolled_on > k.end_date",
    lambda day: tr("Lớp đã kết thúc ngày {day}: không đăng ký học được nữa.", day=date_text(day)))
CERTIFICATE_AFTER_END = _against_course_end(
    "training_certificate_after_course_end", "certificate_date", "c.certificate_date < k.end_date",
    lambda day: tr("Chứng chỉ chỉ cấp từ ngày kết thúc lớp ({day}) trở đi.", day=date_text(day)))
OUTCOME_AFTER_END = _against_course_end(
    "training_outcome_after_course_end", "outcome_date", "c.outcome_date < k.end_date",
    lambda day: tr("Kết quả sau học chỉ ghi từ ngày kết thúc lớp ({day}) trở đi.", day=date_text(day)))
DROPPED_BEFORE_END = _against_course_end(
    "training_dropped_before_course_end", "ended_on", "c.ended_on > k.end_date",
    lambda day: tr("Ngày bỏ học phải trong thời gian của lớp (đến {day}).", day=date_text(day)))

COST_WITHIN_COURSE = SetRule(
    "training_cost_within_course", "cost_support",
    "SELECT c.id, c.cost_support AS value, k.cost_per_learner AS lim FROM cand c "
    "JOIN {training_courses} k ON k.id = c.course_id "
    "WHERE k.cost_per_learner > 0 AND c.cost_support > k.cost_per_learner",
    lambda value, lim: tr("Hỗ trợ chi phí {value} đồng nhiều hơn chi phí đào tạo của lớp ({limit} đồng/học viên).",
                          value=money(value), limit=money(lim)))
MEALS_WITHIN_COURSE = SetRule(
    "training_meals_within_course", "meal_days",
    "SELECT c.id, c.meal_days AS value, k.study_days AS lim FROM cand c JOIN {training_courses} k ON k.id = c.course_id "
    "WHERE k.study_days IS NOT NULL AND c.meal_days > k.study_days",
    lambda value, lim: tr("{value} ngày hỗ trợ tiền ăn nhiều hơn số ngày học của lớp ({limit}).", value=value,
                          limit=lim))


def _once_message(occupation: str | None, enrolled_on: str | None, program: str | None, year: int | None) -> str:
    if occupation is None:
        return tr("Người này đã được hỗ trợ đào tạo nghề từ {program} năm {year}: mỗi người chỉ được hỗ trợ một lần.",
                  program=prior_program_name(program), year=year)
    return tr("Người này đã được hỗ trợ học lớp {occupation} (đăng ký ngày {day}): mỗi người chỉ được hỗ trợ một lần.",
              occupation=occupation, day=date_text(enrolled_on))


SUPPORTED_ONCE = SetRule(
    "trained_once", "member_id",
    "SELECT c.id, k.occupation AS occupation, o.enrolled_on AS enrolled_on, NULL AS program, NULL AS year FROM cand c "
    "JOIN {training_enrolments} o ON o.member_id = c.member_id AND o.deleted = 0 AND o.status <> 'dropped' "
    "AND o.id IS NOT c.id JOIN {training_courses} k ON k.id = o.course_id WHERE c.status <> 'dropped' "
    "UNION ALL SELECT c.id, NULL, NULL, p.program, p.year FROM cand c JOIN {prior_supports} p "
    "ON p.member_id = c.member_id AND p.kind = 'training' AND p.deleted = 0 WHERE c.status <> 'dropped'",
    _once_message, indexes=("training_enrolments (member_id)", "prior_supports (member_id)"))


def _describe_enrolment(r: Mapping[str, Any]) -> str:
    return tr("học viên đăng ký ngày {date}", date=date_text(r.get("enrolled_on")) or "?")


records.register("training_courses", text=("occupation", "provider", "place", "notes"), row=[_course_row],
                 sets=[COURSE_SEATS, COURSE_END_AND_ENROLMENTS, COURSE_COST_AND_ENROLMENTS,
                       COURSE_DAYS_AND_ENROLMENTS, COURSE_START_AND_AGES],
                 describe=lambda r: tr("lớp {occupation}", occupation=r.get("occupation") or "?"))
records.register("training_enrolments", text=("certificate_no", "group_reason", "status_reason", "notes"),
                 row=[_enrolment_row],
                 sets=[ENROLMENT_COURSE_GONE, ENROLMENT_MEMBER_GONE, BORN_AFTER_ENROLMENT, WORKING_AGE, COURSE_FULL,
                       ENROLLED_BEFORE_END, CERTIFICATE_AFTER_END, OUTCOME_AFTER_END, DROPPED_BEFORE_END,
                       COST_WITHIN_COURSE, MEALS_WITHIN_COURSE, SUPPORTED_ONCE],
                 describe=_describe_enrolment)

# A training support received before, recorded while the person has a supported enrolment here:
# the enrolment is to be dropped (with its reason) first, so that "supported once" holds.
PRIOR_WHILE_ENROLLED = SetRule(
    "prior_training_while_enrolled", "member_id",
    "SELECT c.id, k.occupation AS occupation FROM cand c JOIN {training_enrolments} e ON e.member_id = c.member_id "
    "AND e.deleted = 0 AND e.status <> 'dropped' JOIN {training_courses} k ON k.id = e.course_id "
    "WHERE c.kind = 'training'",
    lambda occupation: tr("Người này đang có hỗ trợ học lớp {occupation} ở đây. Nếu đã được hỗ trợ đào tạo từ "
                          "chương trình khác, hãy ghi bỏ học (kèm lý do) cho lần đăng ký đó trước.",
                          occupation=occupation),
    indexes=("training_enrolments (member_id)",))

def _prior_training_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    """Training is supported once per person: an earlier training support names the person, and
    its program is one the rule data knows."""
    if r.get("kind") != "training":
        return
    year = r.get("year") if type(r.get("year")) is int else context.as_of.year
    known = [p["code"] for p in (context.rules.training_norms(year) or norms()).get("prior_programs", [])]
    if known and r.get("program") not in known:
        checked.error("program", tr("Chương trình đào tạo đã nhận trước đây không có trong danh mục."))


def _prior_member_message(problem: str) -> str:
    if problem == "none":
        return tr("Hỗ trợ đào tạo đã nhận trước đây phải ghi rõ người được hỗ trợ.")
    return tr("Người được hỗ trợ không thuộc hộ này.")


# References are set rules' to judge (a row rule sees a sync file's references as UUIDs).
PRIOR_MEMBER_OF_HOUSEHOLD = SetRule(
    "prior_training_member_of_household", "member_id",
    "SELECT c.id, CASE WHEN c.member_id IS NULL THEN 'none' ELSE 'elsewhere' END AS problem FROM cand c "
    "LEFT JOIN {members} m ON m.id = c.member_id WHERE (c.kind = 'training' AND c.member_id IS NULL) "
    "OR (c.member_id IS NOT NULL AND m.household_id IS NOT c.household_id)",
    _prior_member_message)

records.extend("prior_supports", row=[_prior_training_row], sets=[PRIOR_WHILE_ENROLLED, PRIOR_MEMBER_OF_HOUSEHOLD])
