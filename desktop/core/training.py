"""Vocational training (Project 4): the record rules of courses and enrolments.

The feature's screens and workflow (courses, enrolments, certificates, outcomes) are still to be
built here; the rules below already run on every record the demo writes, on `check` and at the
office's merge. An enrolment is judged by the training norms of the year it was made, and a
learner must be born before it: re-judging an old enrolment later gives the same verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop.core import records
from desktop.core import validators as v
from desktop.core.errors import Checked
from desktop.core.i18n import tr
from desktop.core.records import RowContext, SetRule


def _course_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    checked.error("occupation", v.required_text(r.get("occupation"), tr("Nghề đào tạo")))
    start, message_start = v.parse_date(r.get("start_date"))
    end, message_end = v.parse_date(r.get("end_date"))
    checked.error("start_date", message_start)
    checked.error("end_date", message_end)
    if start and end and end < start:
        checked.error("end_date", tr("Ngày kết thúc trước ngày khai giảng."))
    checked.error("cost_per_learner", v.amount(r.get("cost_per_learner") or 0, what=tr("Chi phí/học viên")))


def _enrolment_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    enrolled, message = v.past_date_field(r.get("enrolled_on"), tr("Ngày đăng ký"), context.as_of)
    checked.error("enrolled_on", message)
    norms = context.rules.training_norms((enrolled or context.as_of).year)
    groups = {g["code"]: g for g in (norms or {}).get("learner_groups", [])}
    group = groups.get(r.get("learner_group", ""))
    if group is None:
        checked.error("learner_group", tr("Nhóm đối tượng học nghề không hợp lệ."))
    else:
        checked.error("cost_support", v.amount(r.get("cost_support") or 0, group["cost_max"],
                                               tr("Hỗ trợ chi phí đào tạo")))
    if norms:
        checked.error("job_connection_support", v.amount(
            r.get("job_connection_support") or 0, norms.get("job_connection_per_worker_max"),
            tr("Hỗ trợ kết nối việc làm")))


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
SUPPORTED_ONCE = SetRule(
    "trained_once", "member_id",
    "SELECT c.id FROM cand c WHERE c.status <> 'dropped' AND EXISTS (SELECT 1 FROM {training_enrolments} o "
    "WHERE o.member_id = c.member_id AND o.deleted = 0 AND o.status <> 'dropped' AND o.id IS NOT c.id)",
    lambda: tr("Người này đã được hỗ trợ đào tạo nghề; mỗi người chỉ được hỗ trợ một lần."),
    indexes=("training_enrolments (member_id)",))


records.register("training_courses", text=("occupation", "provider", "place", "notes"), row=[_course_row],
                 describe=lambda r: tr("lớp {occupation}", occupation=r.get("occupation") or "?"))
records.register("training_enrolments", row=[_enrolment_row],
                 sets=[ENROLMENT_COURSE_GONE, ENROLMENT_MEMBER_GONE, BORN_AFTER_ENROLMENT, SUPPORTED_ONCE],
                 describe=lambda r: tr("học viên đăng ký ngày {date}", date=r.get("enrolled_on") or "?"))
