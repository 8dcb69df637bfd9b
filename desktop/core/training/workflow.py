"""Courses and enrolments, step by step, each a `check_x` (never raises) and an `x` that raises
`ValidationFailed` and writes through `Store`.

A course is saved (created or corrected); a person is enrolled with the learner group their
household's data proposes (`propose`: disability, ethnic group, the household's classification,
whether they live in an especially difficult area — another group needs a reason); the enrolment
then starts (studying), completes with a certificate, or is dropped with a reason; once completed,
its outcome is recorded with the job-connection support. Training received earlier under other
programs is recorded so that "supported once" holds for it too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from desktop.core import validators as v
from desktop.core import villages
from desktop.core.assessments import held_by
from desktop.core.errors import Checked, ValidationFailed
from desktop.core.i18n import tr
from desktop.core.rules import class_label
from desktop.core.store import Store
from desktop.core.training.rules import (
    CONTRACT,
    age_at,
    proposed_group,
    status_label,
    travel_allowed,
)

KINH = "01"  # the ethnic group's code (resources/reference/ethnic_groups.csv): not a minority


def _at_office(store: Store, checked: Checked) -> bool:
    if store.db.identity.is_office:
        checked.error("office", tr("Đào tạo nghề thuộc dữ liệu của xã và được gửi lên bằng tệp đồng bộ; ở văn phòng "
                                   "tổng hợp chỉ xem, không sửa."))
        return True
    return False


# Courses ---------------------------------------------------------------------------------------

@dataclass
class CourseDraft:
    occupation: str = ""
    level: str = "under_3_months"
    provider: str = ""
    place: str = ""
    start_date: Any = None
    end_date: Any = None
    seats: int | None = None
    cost_per_learner: int | None = 0
    study_days: int | None = None
    funding_source: str = "central"
    notes: str = ""
    id: int | None = None

    def values(self) -> dict[str, Any]:
        values = asdict(self)
        values.pop("id")
        values["start_date"], values["end_date"] = v.stored_date(self.start_date), v.stored_date(self.end_date)
        values["cost_per_learner"] = self.cost_per_learner or 0
        return values


def check_save_course(store: Store, draft: CourseDraft) -> Checked:
    checked = Checked()
    if _at_office(store, checked):
        return checked
    values = draft.values()
    if draft.id is not None:
        row = store.get("training_courses", draft.id)
        if row is None or row["deleted"]:
            checked.error("course", tr("Không tìm thấy lớp học này (có thể đã bị xóa)."))
            return checked
        values["id"] = draft.id
    checked.merge(store.check("training_courses", values))
    return checked


def save_course(store: Store, draft: CourseDraft) -> int:
    """Create the course, or correct it (`draft.id`); returns its id."""
    with store.db.transaction():
        check_save_course(store, draft).raise_errors()
        if draft.id is None:
            return store.insert("training_courses", draft.values(), reason=tr("Mở lớp đào tạo nghề"))
        store.update("training_courses", draft.id, draft.values(), reason=tr("Sửa thông tin lớp"))
        return draft.id


def load_course(store: Store, course_id: int) -> CourseDraft:
    row = store.require("training_courses", course_id)
    return CourseDraft(**{k: row[k] for k in CourseDraft.__dataclass_fields__ if k in row})


# Proposing a learner group ---------------------------------------------------------------------

@dataclass
class Proposal:
    """What the household's data says about a learner: the group, its caps, the facts behind it."""

    member_id: int
    name: str
    household_code: str
    age: int | None
    group: str
    difficult_area: bool
    cost_max: int
    facts: list[str] = field(default_factory=list)


def propose(store: Store, member_id: int, on: dt.date, course_id: int | None = None) -> Proposal | None:
    """The learner group the person's data proposes on `on` (disability; an ethnic minority; the
    household's classification in its latest review up to that year; ĐBKK where they live) and
    whether they live in an especially difficult area (travel allowance from 5 km)."""
    row = store.conn.execute(
        "SELECT m.id, m.full_name, m.ethnicity_code, m.disability, m.birth_date, m.birth_year, h.id AS household_id, "
        "h.code, h.village_id FROM members m JOIN households h ON h.id = m.household_id WHERE m.id = ?",
        (member_id,)).fetchone()
    if row is None:
        return None
    cls_row = store.conn.execute(
        f"SELECT a.classification, a.year FROM assessments a WHERE a.household_id = :household AND a.deleted = 0 "
        f"AND {held_by('a', ':day')} ORDER BY a.year DESC LIMIT 1",
        {"household": row["household_id"], "day": on.isoformat()}).fetchone()
    cls = cls_row["classification"] if cls_row else None
    start = on
    if course_id is not None:
        course = store.get("training_courses", course_id)
        start = v.parse_date(course["start_date"])[0] if course and course["start_date"] else on
    difficult = (villages.current_dbkk(store, row["village_id"], on.year) is not None
                 or villages.current_dbkk(store, None, on.year) is not None)
    minority = (row["ethnicity_code"] or "") not in ("", KINH)
    group = proposed_group(bool(row["disability"]), minority, cls, difficult)
    norm = store.rules.training_norms(on.year) or {}
    caps = {g["code"]: g["cost_max"] for g in norm.get("learner_groups", [])}
    facts = []
    if row["disability"]:
        facts.append(tr("người khuyết tật"))
    if minority:
        facts.append(tr("người dân tộc thiểu số"))
    if cls_row:
        facts.append(tr("{cls} (rà soát {year})", cls=class_label(cls).lower(), year=cls_row["year"]))
    if difficult:
        facts.append(tr("ở thôn/xã ĐBKK"))
    return Proposal(member_id, row["full_name"], row["code"], age_at(row["birth_date"], row["birth_year"], start),
                    group, difficult, caps.get(group, 0), facts)


# Enrolment -------------------------------------------------------------------------------------

@dataclass
class Enrolment:
    """An enrolment as the form gives it (the support amounts may be left to the norms)."""

    course_id: int | None = None
    member_id: int | None = None
    enrolled_on: Any = None
    learner_group: str = ""
    proposed_group: str = ""
    group_reason: str = ""
    distance_km: float | None = None
    difficult_area: bool = False
    cost_support: int | None = None  # None: the course's cost up to the group's cap
    travel_support: int | None = None  # None: what the distance gives
    notes: str = ""

    def values(self, store: Store) -> dict[str, Any]:
        values = asdict(self)
        values["enrolled_on"] = v.stored_date(self.enrolled_on)
        values["difficult_area"] = int(bool(self.difficult_area))
        day = v.parse_date(values["enrolled_on"])[0] if isinstance(values["enrolled_on"], str) else None
        norm = store.rules.training_norms((day or dt.date.today()).year) or {}
        if self.cost_support is None:
            course = store.get("training_courses", self.course_id) if self.course_id else None
            caps = {g["code"]: g["cost_max"] for g in norm.get("learner_groups", [])}
            values["cost_support"] = min((course or {}).get("cost_per_learner") or 0, caps.get(self.learner_group, 0))
        if self.travel_support is None:
            values["travel_support"] = travel_allowed(norm, self.learner_group, self.difficult_area, self.distance_km)
        values["status"] = "registered"
        return values


def check_enrol(store: Store, enrolment: Enrolment) -> Checked:
    checked = Checked()
    if _at_office(store, checked):
        return checked
    course = store.get("training_courses", enrolment.course_id) if enrolment.course_id else None
    if course is None or course["deleted"]:
        checked.error("course_id", tr("Hãy chọn lớp học."))
    member = store.get("members", enrolment.member_id) if enrolment.member_id else None
    if member is None or member["deleted"]:
        checked.error("member_id", tr("Hãy chọn người học."))
    elif member["status"] != "present":
        checked.error("member_id", tr("{name} không còn ở trong hộ: không đăng ký học được.", name=member["full_name"]))
    if checked.errors:
        return checked
    checked.merge(store.check("training_enrolments", enrolment.values(store)))
    return checked


def enrol(store: Store, enrolment: Enrolment) -> int:
    """Enrol a person in a course; returns the enrolment's id. Refused (ValidationFailed) with the
    rule that failed: age, a full or finished course, supported before, a support above its cap."""
    with store.db.transaction():
        check_enrol(store, enrolment).raise_errors()
        return store.insert("training_enrolments", enrolment.values(store), reason=tr("Đăng ký học nghề"))


# The course's progress for each learner --------------------------------------------------------

def _enrolment(store: Store, enrolment_id: int | None, checked: Checked) -> dict[str, Any] | None:
    if _at_office(store, checked):
        return None
    row = store.get("training_enrolments", enrolment_id) if enrolment_id is not None else None
    if row is None or row["deleted"]:
        checked.error("enrolment", tr("Không tìm thấy lần đăng ký học này (có thể đã bị xóa)."))
        return None
    return row


def _change(store: Store, enrolment_id: int, changes: Mapping[str, Any], allowed_from: Iterable[str]) -> Checked:
    checked = Checked()
    row = _enrolment(store, enrolment_id, checked)
    if row is None:
        return checked
    if row["status"] not in allowed_from:
        checked.error("status", tr("Học viên đang \u201c{status}\u201d: bước này không làm được.",
                                   status=status_label(row["status"])))
        return checked
    checked.merge(store.check("training_enrolments", {**row, **changes}))
    return checked


def _write(store: Store, enrolment_id: int, changes: Mapping[str, Any], allowed_from: Iterable[str], reason: str) -> None:
    with store.db.transaction():
        _change(store, enrolment_id, changes, allowed_from).raise_errors()
        store.update("training_enrolments", enrolment_id, dict(changes), reason=reason)


def check_start(store: Store, enrolment_id: int) -> Checked:
    return _change(store, enrolment_id, {"status": "studying"}, ("registered",))


def start(store: Store, enrolment_id: int) -> None:
    """The learner is studying (the course has opened)."""
    _write(store, enrolment_id, {"status": "studying"}, ("registered",), tr("Bắt đầu học"))


@dataclass
class Completion:
    certificate_no: str = ""
    certificate_date: Any = None
    meal_days: int | None = None  # None: every study day of the course

    def changes(self, store: Store, row: Mapping[str, Any]) -> dict[str, Any]:
        days = self.meal_days
        if days is None:
            course = store.get("training_courses", row["course_id"]) or {}
            days = course.get("study_days") or 0
        return {"status": "completed", "certificate_no": self.certificate_no,
                "certificate_date": v.stored_date(self.certificate_date), "meal_days": days}


def check_complete(store: Store, enrolment_id: int, completion: Completion) -> Checked:
    checked = Checked()
    row = _enrolment(store, enrolment_id, checked)
    if row is None:
        return checked
    return _change(store, enrolment_id, completion.changes(store, row), ("registered", "studying"))


def complete(store: Store, enrolment_id: int, completion: Completion) -> None:
    """The learner finished the course and got a certificate (number, date)."""
    with store.db.transaction():
        check_complete(store, enrolment_id, completion).raise_errors()
        row = store.require("training_enrolments", enrolment_id)
        store.update("training_enrolments", enrolment_id, completion.changes(store, row),
                     reason=tr("Hoàn thành khóa học, chứng chỉ {no}", no=completion.certificate_no))


def complete_many(store: Store, completions: Mapping[int, Completion]) -> None:
    """Several learners of a course complete it at once (one transaction: all or none); a refusal
    names the learner whose certificate is wrong."""
    with store.db.transaction():
        for enrolment_id, completion in completions.items():
            checked = check_complete(store, enrolment_id, completion)
            if checked.errors:
                raise ValidationFailed({f"{enrolment_id}.{k}": m for k, m in checked.errors.items()})
            complete(store, enrolment_id, completion)


def check_drop(store: Store, enrolment_id: int, ended_on: Any, reason: str) -> Checked:
    checked = Checked()
    if not (reason or "").strip():
        checked.error("status_reason", tr("Cần ghi lý do bỏ học."))
    if not v.stored_date(ended_on):
        checked.error("ended_on", tr("Cần ghi ngày bỏ học."))
    if checked.errors:
        return checked
    return _change(store, enrolment_id, {"status": "dropped", "ended_on": v.stored_date(ended_on), "status_reason": reason},
                   ("registered", "studying"))


def drop(store: Store, enrolment_id: int, ended_on: Any, reason: str) -> None:
    """The learner left the course (a day, a reason); a dropped enrolment does not count as support."""
    with store.db.transaction():
        check_drop(store, enrolment_id, ended_on, reason).raise_errors()
        store.update("training_enrolments", enrolment_id,
                     {"status": "dropped", "ended_on": v.stored_date(ended_on), "status_reason": reason}, reason=reason)


@dataclass
class Outcome:
    outcome: str = ""
    outcome_date: Any = None
    job_connection_support: int | None = None  # None: the norm's amount for a job with a contract

    def changes(self, store: Store) -> dict[str, Any]:
        job = self.job_connection_support
        if job is None:
            day = v.parse_date(v.stored_date(self.outcome_date) or "")[0] if isinstance(v.stored_date(self.outcome_date), str) else None
            norm = store.rules.training_norms((day or dt.date.today()).year) or {}
            job = int(norm.get("job_connection_per_worker_max") or 0) if self.outcome in CONTRACT else 0
        return {"outcome": self.outcome, "outcome_date": v.stored_date(self.outcome_date), "job_connection_support": job}


def check_record_outcome(store: Store, enrolment_id: int, outcome: Outcome) -> Checked:
    checked = Checked()
    if not outcome.outcome:
        checked.error("outcome", tr("Cần chọn kết quả sau học."))
        return checked
    return _change(store, enrolment_id, outcome.changes(store), ("completed",))


def record_outcome(store: Store, enrolment_id: int, outcome: Outcome) -> None:
    """What happened after the course (a job, self-employment, work abroad, none yet) and its day."""
    with store.db.transaction():
        check_record_outcome(store, enrolment_id, outcome).raise_errors()
        store.update("training_enrolments", enrolment_id, outcome.changes(store), reason=tr("Ghi kết quả sau học"))


# Training received before ----------------------------------------------------------------------

@dataclass
class PriorTraining:
    member_id: int | None = None
    program: str = ""
    year: int | None = None
    notes: str = ""


def _prior_values(store: Store, prior: PriorTraining) -> dict[str, Any] | None:
    member = store.get("members", prior.member_id) if prior.member_id else None
    if member is None:
        return None
    return {"household_id": member["household_id"], "member_id": prior.member_id, "kind": "training",
            "program": prior.program, "year": prior.year, "notes": prior.notes}


def check_record_prior(store: Store, prior: PriorTraining) -> Checked:
    checked = Checked()
    if _at_office(store, checked):
        return checked
    values = _prior_values(store, prior)
    if values is None:
        checked.error("member_id", tr("Hãy chọn người đã được hỗ trợ."))
        return checked
    checked.merge(store.check("prior_supports", values))
    return checked


def record_prior(store: Store, prior: PriorTraining) -> int:
    """Record training a person received before under another program (so they are not supported twice)."""
    with store.db.transaction():
        check_record_prior(store, prior).raise_errors()
        return store.insert("prior_supports", _prior_values(store, prior), reason=tr("Ghi hỗ trợ đào tạo đã nhận trước đây"))
