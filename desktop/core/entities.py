"""Per-table normalisation and validation of records: the domain's rules for each entity.

`check()` returns errors (which block the write) and warnings (which the user confirms). The
same checks run from the forms, the importer, the command line and `check` on stored data.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desktop.core import validators as v
from desktop.core.i18n import tr
from desktop.core.text import collate_string, fold, name_sort_string
from desktop.core.text import normalize as norm_text

if TYPE_CHECKING:
    from desktop.core.errors import Checked
from desktop.core.store import Store

RELATIONSHIPS = ("head", "spouse", "child", "parent", "parent_in_law", "child_in_law", "grandchild",
                 "grandparent", "sibling", "other")
SCHOOLING = ("", "none", "preschool", "primary", "lower_secondary", "upper_secondary", "vocational",
             "college", "university", "studying")
WORK_STATUS = ("", "farming", "employed", "self_employed", "unemployed", "student", "retired",
               "unable", "child", "abroad")
MEMBER_STATUS = ("present", "deceased", "moved_out", "married_out")
HOUSING_FLOW = ("registered", "approved", "under_construction", "completed", "paid")
HOUSING_END = ("rejected", "cancelled")


def relationship_label(code: str) -> str:
    return {
        "head": tr("Chủ hộ"), "spouse": tr("Vợ/chồng"), "child": tr("Con"), "parent": tr("Bố/mẹ"),
        "parent_in_law": tr("Bố/mẹ vợ/chồng"), "child_in_law": tr("Con dâu/rể"),
        "grandchild": tr("Cháu"), "grandparent": tr("Ông/bà"), "sibling": tr("Anh/chị/em"),
        "other": tr("Khác"),
    }.get(code, code)


_TEXT_FIELDS = {
    "villages": ("name", "notes"),
    "households": ("code", "address", "phone", "notes"),
    "members": ("full_name", "citizen_id", "health_insurance_card", "notes"),
    "training_courses": ("occupation", "provider", "place", "notes"),
    "housing_supports": ("decision_no", "status_reason", "notes"),
}


def normalize(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """NFC, trimmed text; derived columns filled (folded names for search, sort keys)."""
    for key in _TEXT_FIELDS.get(table, ()):
        if key in values and isinstance(values[key], str):
            values[key] = norm_text(values[key])
    if table == "villages" and "name" in values:
        values["name_fold"] = fold(values["name"])
        values["name_sort"] = collate_string(values["name"])
    if table == "members" and "full_name" in values:
        values["name_fold"] = fold(values["full_name"])
        values["name_sort"] = name_sort_string(values["full_name"])
    if table == "members" and values.get("citizen_id"):
        values["citizen_id"] = values["citizen_id"].replace(" ", "")
    return values


def _live(store: Store, table: str, record_id: Any) -> dict | None:
    if record_id is None:
        return None
    row = store.conn.execute(f"SELECT * FROM {table} WHERE id = ? AND deleted = 0", (record_id,)).fetchone()
    return dict(row) if row else None


def _date(checked: Checked, key: str, value: Any, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    parsed, message = v.parse_date(str(value))
    checked.error(key, message or v.past_date(parsed, label))
    return parsed


def _check_village(store: Store, r: dict, before: dict | None, checked: Checked, restoring: bool) -> None:
    checked.error("name", v.place_name(r.get("name"), tr("Tên thôn/bản")))
    dup = store.conn.execute(
        "SELECT 1 FROM villages WHERE commune_code = ? AND name_fold = ? AND deleted = 0 AND id IS NOT ?",
        (r.get("commune_code") or store.db.identity.unit_code, fold(r.get("name")), r.get("id")),
    ).fetchone()
    if dup:
        checked.error("name", tr("Thôn/bản “{name}” đã có trong xã.", name=r.get("name")))


def _check_household(store: Store, r: dict, before: dict | None, checked: Checked, restoring: bool) -> None:
    checked.error("code", v.household_code(r.get("code")))
    commune = r.get("commune_code") or store.db.identity.unit_code
    dup = store.conn.execute(
        "SELECT 1 FROM households WHERE commune_code = ? AND code = ? AND deleted = 0 AND id IS NOT ?",
        (commune, r.get("code"), r.get("id")),
    ).fetchone()
    if dup:
        checked.error("code", tr("Mã hộ {code} đã được dùng cho hộ khác trong xã.", code=r.get("code")))
    if not _live(store, "villages", r.get("village_id")):
        checked.error("village_id", tr("Chưa chọn thôn/bản (hoặc thôn/bản đã bị xóa)."))
    if r.get("area_type", "rural") not in ("rural", "urban"):
        checked.error("area_type", tr("Loại địa bàn phải là nông thôn hoặc thành thị."))
    checked.error("phone", v.phone(r.get("phone")))


def _check_member(store: Store, r: dict, before: dict | None, checked: Checked, restoring: bool) -> None:
    checked.error("full_name", v.name(r.get("full_name")))
    checked.error("sex", v.sex(r.get("sex")))
    birth = _date(checked, "birth_date", r.get("birth_date"), tr("Ngày sinh"))
    year = r.get("birth_year")
    if year is None and birth:
        year = birth.year
    checked.error("birth_year", v.birth_year(year))
    if birth and year and birth.year != year:
        checked.error("birth_year", tr("Năm sinh {year} không khớp ngày sinh {date}.", year=year, date=birth.strftime("%d/%m/%Y")))
    checked.error("ethnicity_code", v.ethnicity(r.get("ethnicity_code")))
    checked.error("citizen_id", v.citizen_id(r.get("citizen_id"), r.get("sex"), year))
    if r.get("relationship") not in RELATIONSHIPS:
        checked.error("relationship", tr("Quan hệ với chủ hộ không hợp lệ."))
    if r.get("status", "present") not in MEMBER_STATUS:
        checked.error("status", tr("Tình trạng nhân khẩu không hợp lệ."))
    checked.error("social_allowance", v.amount(r.get("social_allowance") or 0, what=tr("Trợ cấp xã hội")))
    household = _live(store, "households", r.get("household_id"))
    if household is None:
        # Still give the warnings below: the household editor checks the members of a new household.
        checked.error("household_id", tr("Hộ của nhân khẩu không tồn tại hoặc đã bị xóa."))
    elif r.get("relationship") == "head" and r.get("status", "present") == "present":
        other = store.conn.execute(
            "SELECT full_name FROM members WHERE household_id = ? AND relationship = 'head' "
            "AND status = 'present' AND deleted = 0 AND id IS NOT ?",
            (r["household_id"], r.get("id")),
        ).fetchone()
        if other:
            checked.error("relationship", tr("Hộ đã có chủ hộ ({name}); một hộ chỉ có một chủ hộ.", name=other[0]))
    if not checked.want_warnings:
        return
    cid = r.get("citizen_id")
    if cid and not checked.errors.get("citizen_id"):
        dup = store.conn.execute(
            "SELECT m.full_name, h.code FROM members m JOIN households h ON h.id = m.household_id "
            "WHERE m.citizen_id = ? AND m.citizen_id <> '' AND m.deleted = 0 AND h.deleted = 0 AND m.id IS NOT ? LIMIT 1",
            (cid, r.get("id")),
        ).fetchone()
        if dup:
            checked.warn("citizen_id", tr("Số CCCD {cid} đã có ở {name} (hộ {code}).", cid=cid, name=dup[0], code=dup[1]))
    if year is not None and not checked.errors.get("birth_year"):
        age = dt.date.today().year - int(year)
        if r.get("relationship") == "head" and age < 16:
            checked.warn("birth_year", tr("Chủ hộ mới {age} tuổi; hãy kiểm tra lại năm sinh.", age=age))
        if age > 105:
            checked.warn("birth_year", tr("Nhân khẩu {age} tuổi; hãy kiểm tra lại năm sinh.", age=age))


def _check_assessment(store: Store, r: dict, before: dict | None, checked: Checked, restoring: bool) -> None:
    checked.error("year", v.year(r.get("year")))
    if not _live(store, "households", r.get("household_id")):
        checked.error("household_id", tr("Hộ của phiếu rà soát không tồn tại hoặc đã bị xóa."))
    if r.get("income_per_person") is None and r.get("b1_score") is None:
        checked.error("income_per_person", tr("Cần nhập thu nhập bình quân hoặc điểm B1."))
    checked.error("income_per_person", v.amount(r.get("income_per_person"), what=tr("Thu nhập bình quân")))
    if r.get("override_class") and not (r.get("override_reason") or "").strip():
        checked.error("override_reason", tr("Phân loại khác kết quả tính cần ghi lý do."))
    try:
        causes = json.loads(r.get("causes") or "[]")
        if not isinstance(causes, list):
            raise ValueError
    except ValueError:
        checked.error("causes", tr("Nguyên nhân nghèo không đúng định dạng."))
    dup = store.conn.execute(
        "SELECT 1 FROM assessments WHERE household_id = ? AND year = ? AND deleted = 0 AND id IS NOT ?",
        (r.get("household_id"), r.get("year"), r.get("id")),
    ).fetchone()
    if dup:
        checked.error("year", tr("Hộ đã có phiếu rà soát năm {year}.", year=r.get("year")))


def _housing_caps(store: Store, r: dict) -> dict | None:
    year_src = r.get("approved_on") or r.get("registered_on") or dt.date.today().isoformat()
    program = store.rules.housing_program(r.get("program", ""), int(str(year_src)[:4]))
    return program["kinds"].get(r.get("kind", "")) if program else None


def _check_housing(store: Store, r: dict, before: dict | None, checked: Checked, restoring: bool) -> None:
    if not _live(store, "households", r.get("household_id")):
        checked.error("household_id", tr("Hộ được hỗ trợ không tồn tại hoặc đã bị xóa."))
    if r.get("kind") not in ("new", "repair"):
        checked.error("kind", tr("Loại hỗ trợ phải là xây mới hoặc sửa chữa."))
    for key in ("registered_on", "approved_on", "started_on", "completed_on"):
        _date(checked, key, r.get(key), tr("Ngày"))
    caps = _housing_caps(store, r)
    if caps is None:
        checked.error("program", tr("Không có định mức hỗ trợ nhà ở của chương trình {program} cho năm này.", program=r.get("program")))
        return
    checked.error("amount_central", v.amount(r.get("amount_central", 0), caps.get("central_max"), tr("Vốn trung ương")))
    checked.error("amount_local", v.amount(r.get("amount_local", 0), caps.get("local_max"), tr("Vốn địa phương")))
    total = int(r.get("amount_central") or 0) + int(r.get("amount_local") or 0)
    checked.error("amount_central", v.amount(total, caps.get("total_max"), tr("Tổng hỗ trợ")))
    if r.get("status") in HOUSING_END and not (r.get("status_reason") or "").strip():
        checked.error("status_reason", tr("Cần ghi lý do từ chối hoặc hủy."))


def _check_payment(store: Store, r: dict, before: dict | None, checked: Checked, restoring: bool) -> None:
    support = _live(store, "housing_supports", r.get("support_id"))
    if support is None:
        checked.error("support_id", tr("Khoản hỗ trợ nhà ở không tồn tại hoặc đã bị xóa."))
        return
    _date(checked, "paid_on", r.get("paid_on"), tr("Ngày chi"))
    approved = support["amount_central"] + support["amount_local"]
    paid = store.conn.execute(
        "SELECT COALESCE(SUM(amount), 0) FROM housing_payments WHERE support_id = ? AND deleted = 0 AND id IS NOT ?",
        (support["id"], r.get("id")),
    ).fetchone()[0]
    checked.error("amount", v.amount(r.get("amount"), max(approved - paid, 0), tr("Số tiền chi")))


def _check_course(store: Store, r: dict, before: dict | None, checked: Checked, restoring: bool) -> None:
    checked.error("occupation", v.required_text(r.get("occupation"), tr("Nghề đào tạo")))
    parsed_start, message_start = v.parse_date(r.get("start_date"))
    parsed_end, message_end = v.parse_date(r.get("end_date"))
    checked.error("start_date", message_start)
    checked.error("end_date", message_end)
    if parsed_start and parsed_end and parsed_end < parsed_start:
        checked.error("end_date", tr("Ngày kết thúc trước ngày khai giảng."))
    checked.error("cost_per_learner", v.amount(r.get("cost_per_learner") or 0, what=tr("Chi phí/học viên")))


def _check_enrolment(store: Store, r: dict, before: dict | None, checked: Checked, restoring: bool) -> None:
    course = _live(store, "training_courses", r.get("course_id"))
    member = _live(store, "members", r.get("member_id"))
    if course is None:
        checked.error("course_id", tr("Lớp học không tồn tại hoặc đã bị xóa."))
    if member is None:
        checked.error("member_id", tr("Học viên không tồn tại hoặc đã bị xóa."))
    enrolled = _date(checked, "enrolled_on", r.get("enrolled_on"), tr("Ngày đăng ký"))
    if member and enrolled:
        birth = v.parse_date(member.get("birth_date"))[0] or member["birth_year"]
        checked.error("enrolled_on", v.birth_before(birth, enrolled))
    year = (enrolled or dt.date.today()).year
    norms = store.rules.training_norms(year)
    groups = {g["code"]: g for g in (norms or {}).get("learner_groups", [])}
    group = groups.get(r.get("learner_group", ""))
    if group is None:
        checked.error("learner_group", tr("Nhóm đối tượng học nghề không hợp lệ."))
    else:
        checked.error("cost_support", v.amount(r.get("cost_support") or 0, group["cost_max"], tr("Hỗ trợ chi phí đào tạo")))
    if norms:
        checked.error("job_connection_support", v.amount(
            r.get("job_connection_support") or 0, norms.get("job_connection_per_worker_max"), tr("Hỗ trợ kết nối việc làm")))
    if member:
        other = store.conn.execute(
            "SELECT 1 FROM training_enrolments WHERE member_id = ? AND deleted = 0 AND status <> 'dropped' "
            "AND id IS NOT ?", (member["id"], r.get("id")),
        ).fetchone()
        if other and r.get("status") != "dropped":
            checked.error("member_id", tr("Người này đã được hỗ trợ đào tạo nghề; mỗi người chỉ được hỗ trợ một lần."))


def _check_population(store: Store, r: dict, before: dict | None, checked: Checked, restoring: bool) -> None:
    checked.error("year", v.year(r.get("year")))
    if not _live(store, "villages", r.get("village_id")):
        checked.error("village_id", tr("Thôn/bản không tồn tại hoặc đã bị xóa."))
    for key in ("households_total", "population_total"):
        value = r.get(key)
        if not isinstance(value, int) or value < 0:
            checked.error(key, tr("Số liệu phải là số nguyên không âm."))
    if not checked.errors and r["population_total"] < r["households_total"]:
        checked.error("population_total", tr("Số nhân khẩu không thể ít hơn số hộ."))
    dup = store.conn.execute(
        "SELECT 1 FROM village_populations WHERE village_id = ? AND year = ? AND deleted = 0 AND id IS NOT ?",
        (r.get("village_id"), r.get("year"), r.get("id"))).fetchone()
    if dup:
        checked.error("year", tr("Thôn/bản đã có số liệu dân số năm {year}; hãy sửa dòng đó.", year=r.get("year")))


def _check_area_flag(store: Store, r: dict, before: dict | None, checked: Checked, restoring: bool) -> None:
    from desktop.core.villages import check_dbkk

    for key, message in check_dbkk(store, r.get("village_id"), r.get("from_year"), r.get("to_year"),
                                   r.get("decision") or "", flag_id=r.get("id")).items():
        checked.error(key, message)


def _check_nothing(store: Store, r: dict, before: dict | None, checked: Checked, restoring: bool) -> None:
    return None


_CHECKS: dict[str, Callable[..., None]] = {
    "villages": _check_village,
    "households": _check_household,
    "members": _check_member,
    "assessments": _check_assessment,
    "housing_supports": _check_housing,
    "housing_payments": _check_payment,
    "training_courses": _check_course,
    "training_enrolments": _check_enrolment,
    "village_populations": _check_population,
    "area_flags": _check_area_flag,
}


def check(store: Store, table: str, values: dict[str, Any], before: dict[str, Any] | None, restoring: bool = False,
          warnings: bool = True) -> Checked:
    from desktop.core.errors import Checked

    checked = Checked(want_warnings=warnings)
    _CHECKS.get(table, _check_nothing)(store, values, before, checked, restoring)
    return checked
