"""The record rules of housing support: supports, their payments and supports received before.

Registered once (at import) and run by `Store` before and after every write, by `check` and by
the office's merge on the records a file brings, with the same messages:

- a support's own fields (row rules): the house's condition that makes it eligible, amounts within
  the norms of its program and year, each step's date after the one before, the fields of a step
  not filled before the step, the acceptance standards (≥ 30 m², "3 cứng", ≥ 20 years);
- a support among the data (set rules): the household poor or near-poor in its latest review up
  to the registration, supported once only (any program, prior supports included), not split off
  in the three years before; payments never above what was approved, by source and for the first
  tranche; a payment only once its tranche is open.

Norms, tranche shares and completion standards are rule data (`resources/rules/housing_norms.json`)
read through the rule book of the support's own year (approved, else registered), so a later
change of norms does not turn an old support into an error; so are the three years after a split
(a set rule `with_rules`). The classes that may be supported (poor, near-poor) are written in the
SQL of ELIGIBLE_CLASS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from desktop.core import records
from desktop.core import validators as v
from desktop.core.assessments import held_by
from desktop.core.errors import Checked
from desktop.core.formats import date_text, decimal, money
from desktop.core.i18n import language, tr, tr_noop
from desktop.core.labels import label
from desktop.core.records import RowContext, SetRule
from desktop.core.rules import RuleBook, class_label, shipped_rules

KINDS = ("new", "repair")
STEPS = ("registered", "approved", "under_construction", "completed", "paid")
ENDED = ("rejected", "cancelled")  # a support that stops before acceptance, with its reason
STATUSES = STEPS + ENDED
OPEN = ("registered", "approved", "under_construction")  # the steps a support may end from
CONDITIONS = ("no_house", "non_durable", "cramped")
SOURCES = ("central", "local")
TRANCHES = (1, 2)
# Thông tư 01/2022/TT-BXD: the classes that may be supported (written in the SQL of ELIGIBLE_CLASS).
ELIGIBLE_CLASSES = ("poor", "near_poor")

KIND_LABELS = {"new": tr_noop("Xây mới"), "repair": tr_noop("Sửa chữa")}
STATUS_LABELS = {
    "registered": tr_noop("Đã đăng ký"), "approved": tr_noop("Đã phê duyệt"),
    "under_construction": tr_noop("Đang thi công"), "completed": tr_noop("Đã nghiệm thu"),
    "paid": tr_noop("Đã chi đủ"), "rejected": tr_noop("Không được duyệt"), "cancelled": tr_noop("Đã hủy"),
}
CONDITION_LABELS = {
    "no_house": tr_noop("Chưa có nhà ở"),
    "non_durable": tr_noop("Nhà có ít nhất 2 trong 3 kết cấu chính (nền-móng, khung-tường, mái) không bền chắc"),
    "cramped": tr_noop("Diện tích nhà bình quân dưới 8 m²/người"),
}
SOURCE_LABELS = {"central": tr_noop("Ngân sách trung ương"), "local": tr_noop("Ngân sách địa phương, xã hội hóa")}
STAGE_LABELS = {"new": tr_noop("Xong phần móng"), "repair": tr_noop("Xong 30% khối lượng sửa chữa")}


def kind_label(code: str | None) -> str:
    return label(KIND_LABELS, code)


def status_label(code: str | None) -> str:
    return label(STATUS_LABELS, code)


def condition_label(code: str | None) -> str:
    return label(CONDITION_LABELS, code)


def source_label(code: str | None) -> str:
    return label(SOURCE_LABELS, code)


def stage_label(kind: str | None) -> str:
    return label(STAGE_LABELS, kind)


def program_name(code: str | None) -> str:
    """A program's name (a current program or one of the programs of earlier supports)."""
    book = shipped_rules()
    for doc in book.of_kind("housing_norms"):
        for prog in (*doc["programs"], *doc.get("prior_programs", [])):
            if prog.get("code", prog.get("program")) == code:
                return prog["name_vi"] if language() == "vi" else prog.get("name_en") or prog["name_vi"]
    return code or ""


def norm_year(r: Mapping[str, Any], context: RowContext) -> int:
    """The year whose norms judge a support: approved, else registered, else as of."""
    for key in ("approved_on", "registered_on"):
        day, _message = v.parse_date(r.get(key))
        if day is not None:
            return day.year
    return context.as_of.year


def program_of(r: Mapping[str, Any], context: RowContext) -> dict | None:
    return context.rules.housing_program(r.get("program", ""), norm_year(r, context))


def total(r: Mapping[str, Any]) -> int:
    """The approved amount from the budgets (the household's own contribution apart)."""
    return _int(r.get("amount_central")) + _int(r.get("amount_local"))


def first_tranche_for(approved: int, program: Mapping[str, Any]) -> int:
    """The first tranche: its share (70 %) of the approved amount, in whole đồng."""
    return approved * int(program.get("first_tranche_percent") or 70) // 100


def _int(value: Any) -> int:
    return value if type(value) is int else 0


# Supports, one by one -------------------------------------------------------------------------

_DATES = (("registered_on", tr_noop("Ngày đăng ký")), ("approved_on", tr_noop("Ngày phê duyệt")),
          ("started_on", tr_noop("Ngày khởi công")), ("stage_on", tr_noop("Ngày đạt giai đoạn")),
          ("completed_on", tr_noop("Ngày nghiệm thu")))


def _support_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    if r.get("kind") not in KINDS:
        checked.error("kind", tr("Loại hỗ trợ phải là xây mới hoặc sửa chữa."))
    status = r.get("status") or "registered"
    if status not in STATUSES:
        checked.error("status", tr("Bước của hỗ trợ không hợp lệ."))
        return
    days: dict[str, dt.date | None] = {}
    for key, what in (*_DATES, ("ended_on", tr_noop("Ngày dừng"))):
        days[key], message = v.past_date_field(r.get(key), tr(what), context.as_of)
        checked.error(key, message)
    if days["registered_on"] is None and "registered_on" not in checked.errors:
        checked.error("registered_on", tr("Cần ghi ngày đăng ký."))
    _condition(context, r, status, checked)
    program = program_of(r, context)
    caps = program["kinds"].get(r.get("kind", "")) if program else None
    if caps is None:
        checked.error("program", tr("Không có định mức hỗ trợ nhà ở của chương trình {program} cho năm này.",
                                    program=r.get("program")))
        return
    checked.error("amount_central", v.amount(r.get("amount_central", 0), caps.get("central_max"), tr("Vốn trung ương")))
    checked.error("amount_local", v.amount(r.get("amount_local", 0), caps.get("local_max"), tr("Vốn địa phương")))
    checked.error("amount_central", v.amount(total(r), caps.get("total_max"), tr("Tổng hỗ trợ")))
    checked.error("amount_household", v.amount(r.get("amount_household", 0), what=tr("Hộ tự góp")))
    _steps(r, status, days, program, checked)


def _condition(context: RowContext, r: Mapping[str, Any], status: str, checked: Checked) -> None:
    """The house's condition at registration: what makes the household eligible."""
    rule = context.rules.housing_eligibility()
    condition = r.get("condition") or ""
    weak = r.get("weak_structures")
    if weak is not None and (type(weak) is not int or not 0 <= weak <= 3):
        checked.error("weak_structures", tr("Số kết cấu chính không bền chắc phải từ 0 đến 3."))
        return
    area, persons = r.get("current_area_m2"), r.get("persons")
    if area is not None and (not isinstance(area, int | float) or area < 0):
        checked.error("current_area_m2", tr("Diện tích nhà hiện tại không được âm."))
        return
    if persons is not None and (type(persons) is not int or persons < 1):
        checked.error("persons", tr("Số người trong hộ phải từ 1 trở lên."))
        return
    if condition not in CONDITIONS:
        if status not in ENDED:
            checked.error("condition", tr("Cần chọn tình trạng nhà ở hiện tại của hộ (điều kiện được hỗ trợ)."))
        return
    if condition == "non_durable":
        needed = int(rule.get("non_durable_structures_min") or 2)
        if (weak or 0) < needed:
            checked.error("weak_structures", tr(
                "Nhà chỉ có {n} kết cấu chính không bền chắc: cần ít nhất {needed} trong 3 (nền-móng, "
                "khung-tường, mái) mới thuộc diện hỗ trợ.", n=weak or 0, needed=needed))
    elif condition == "cramped":
        below = float(rule.get("area_per_capita_below_m2") or 8)
        if not area or not persons:
            checked.error("current_area_m2", tr("Cần ghi diện tích nhà hiện tại và số người trong hộ."))
        elif area / persons >= below:
            checked.error("current_area_m2", tr(
                "Nhà {area} m² cho {persons} người là {each} m²/người, không dưới {below} m²/người: "
                "hộ không thuộc diện hỗ trợ vì diện tích.", area=decimal(area), persons=persons,
                each=decimal(area / persons), below=decimal(below)))


def _steps(r: Mapping[str, Any], status: str, days: Mapping[str, dt.date | None], program: Mapping[str, Any],
           checked: Checked) -> None:
    """Each step's fields filled at that step, not before; each date after the one before."""
    reached = _reached(r, status, days)
    needs = {
        "approved_on": tr("Cần ghi ngày phê duyệt."), "started_on": tr("Cần ghi ngày khởi công."),
        "stage_on": tr("Cần ghi ngày đạt giai đoạn được tạm ứng đợt 1 ({stage}).", stage=stage_label(r.get("kind"))),
        "completed_on": tr("Cần ghi ngày nghiệm thu."),
    }
    for key, need in needs.items():
        if key in reached and days[key] is None and key not in checked.errors:
            checked.error(key, need)
        elif key not in reached and days[key] is not None:
            checked.error(key, tr("Hỗ trợ đang ở bước \u201c{status}\u201d: chưa thể có {what}.",
                                  status=status_label(status), what=tr(dict(_DATES)[key]).lower()))
    previous: tuple[str, dt.date] | None = None
    for key, what in _DATES:
        day = days[key]
        if day is None:
            continue
        if previous is not None and day < previous[1]:
            checked.error(key, tr("{what} ({day}) phải từ {before} ({earlier}) trở đi.", what=tr(what),
                                  day=date_text(day), before=tr(dict(_DATES)[previous[0]]).lower(),
                                  earlier=date_text(previous[1])))
        previous = (key, day)
    if "approved_on" in reached:
        if not (r.get("decision_no") or "").strip():
            checked.error("decision_no", tr("Cần ghi số quyết định phê duyệt."))
        approved = total(r)
        if approved <= 0:
            checked.error("amount_central", tr("Cần ghi số tiền được phê duyệt."))
        elif r.get("first_tranche") != first_tranche_for(approved, program):
            checked.error("first_tranche", tr(
                "Đợt 1 phải là {percent}% số được duyệt: {amount} đồng.",
                percent=program.get("first_tranche_percent") or 70, amount=money(first_tranche_for(approved, program))))
    if "completed_on" in reached:
        _accepted(r, program, checked)
    if status in ENDED:
        if days["ended_on"] is None and "ended_on" not in checked.errors:
            checked.error("ended_on", tr("Cần ghi ngày từ chối hoặc hủy."))
        if not (r.get("status_reason") or "").strip():
            checked.error("status_reason", tr("Cần ghi lý do từ chối hoặc hủy."))
        if days["completed_on"] is not None:
            checked.error("status", tr("Nhà đã nghiệm thu: không thể hủy hỗ trợ."))
        latest = max((d for k, d in days.items() if d is not None and k != "ended_on"), default=None)
        if days["ended_on"] is not None and latest is not None and days["ended_on"] < latest:
            checked.error("ended_on", tr("Ngày dừng phải từ ngày của bước trước ({day}) trở đi.", day=date_text(latest)))
    elif days["ended_on"] is not None or (r.get("status_reason") or "").strip():
        checked.error("ended_on", tr("Chỉ hỗ trợ bị từ chối hoặc hủy mới có ngày và lý do dừng."))


def _reached(r: Mapping[str, Any], status: str, days: Mapping[str, dt.date | None]) -> set[str]:
    """The dated steps a support must have at its status (an ended one: those it got to)."""
    if status in ENDED:
        return {k for k in ("approved_on", "started_on", "stage_on") if days[k] is not None} | (
            {"approved_on"} if days["started_on"] is not None else set())
    order = {"registered": 0, "approved": 1, "under_construction": 2, "completed": 4, "paid": 4}[status]
    keys = ("approved_on", "started_on", "stage_on", "completed_on")
    reached = set(keys[:order])
    if status == "under_construction" and days["stage_on"] is not None:
        reached.add("stage_on")  # the stage that opens the first tranche, reached during the work
    return reached


def _accepted(r: Mapping[str, Any], program: Mapping[str, Any], checked: Checked) -> None:
    """Acceptance standards: floor area, the three hard structures, the house's life."""
    minimum = float(program.get("min_floor_area_m2") or 30)
    area = r.get("floor_area_m2")
    if area is None or not isinstance(area, int | float):
        checked.error("floor_area_m2", tr("Cần ghi diện tích sàn khi nghiệm thu."))
    elif area <= 0:
        checked.error("floor_area_m2", tr("Diện tích sàn phải lớn hơn 0."))
    elif area < minimum:
        checked.error("floor_area_m2", tr("Diện tích sàn {area} m² dưới mức tối thiểu {minimum} m²: chưa nghiệm thu được.",
                                          area=decimal(area), minimum=decimal(minimum)))
    weak = [tr(what) for key, what in (("hard_floor", tr_noop("nền cứng")), ("hard_walls", tr_noop("khung-tường cứng")),
                                        ("hard_roof", tr_noop("mái cứng"))) if r.get(key) != 1]
    if weak:
        checked.error("hard_roof" if len(weak) == 1 and r.get("hard_roof") != 1 else "hard_floor",
                      tr("Nhà chưa đạt \u201c3 cứng\u201d, còn thiếu: {weak}. Chưa nghiệm thu được.", weak=", ".join(weak)))
    life = r.get("life_years")
    minimum_life = int(program.get("min_life_years") or 20)
    if life is None or type(life) is not int or life < minimum_life:
        checked.error("life_years", tr("Tuổi thọ nhà phải từ {years} năm trở lên.", years=minimum_life))


def _floor_area(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    """A floor area, when given, is positive (the schema's CHECK would otherwise raise)."""
    area = r.get("floor_area_m2")
    if area is not None and (not isinstance(area, int | float) or area <= 0):
        checked.error("floor_area_m2", tr("Diện tích sàn phải lớn hơn 0."))


# Supports among the data ----------------------------------------------------------------------

_LIVE_SUPPORT = "c.status NOT IN ('rejected', 'cancelled')"

SUPPORT_HOUSEHOLD_GONE = records.live_parent(
    "housing_supports", "household_id", "households", lambda: tr("Hộ được hỗ trợ không tồn tại hoặc đã bị xóa."))


def _class_message(year: int | None, cls: str | None) -> str:
    if year is None:
        return tr("Hộ chưa có kết quả rà soát nào đến năm đăng ký: chưa xác định được là hộ nghèo hay cận nghèo, "
                  "nên chưa thuộc diện hỗ trợ nhà ở.")
    return tr("Theo kết quả rà soát gần nhất (năm {year}) hộ là \u201c{cls}\u201d: chỉ hộ nghèo, hộ cận nghèo "
              "được hỗ trợ nhà ở.", year=year, cls=class_label(cls))


ELIGIBLE_CLASS = SetRule(
    "housing_household_poor_or_near_poor", "household_id",
    "SELECT id, year, cls FROM (SELECT c.id AS id, a.year AS year, a.classification AS cls FROM cand c "
    "LEFT JOIN {assessments} a ON a.id = (SELECT o.id FROM {assessments} o WHERE o.household_id = c.household_id "
    f"AND o.deleted = 0 AND {held_by('o', 'c.registered_on')} ORDER BY o.year DESC LIMIT 1) "
    f"WHERE {_LIVE_SUPPORT}) WHERE cls IS NULL OR cls NOT IN ('poor', 'near_poor')",
    _class_message, indexes=("assessments (household_id, year)",))


def _once_message(program: str, registered_on: str | None, status: str | None, year: int | None) -> str:
    if status is None:
        return tr("Hộ đã được hỗ trợ nhà ở từ {program} năm {year}: mỗi hộ chỉ được hỗ trợ nhà ở một lần.",
                  program=program_name(program), year=year)
    return tr("Hộ đã có hỗ trợ nhà ở {program} đăng ký ngày {day} (\u201c{status}\u201d): mỗi hộ chỉ được hỗ trợ "
              "nhà ở một lần.", program=program_name(program), day=date_text(registered_on),
              status=status_label(status))


ONCE = SetRule(
    "housing_once_per_household", "household_id",
    "SELECT c.id, o.program AS program, o.registered_on AS registered_on, o.status AS status, NULL AS year "
    "FROM cand c JOIN {housing_supports} o ON o.household_id = c.household_id AND o.id IS NOT c.id "
    f"AND o.deleted = 0 AND o.status NOT IN ('rejected', 'cancelled') WHERE {_LIVE_SUPPORT} "
    "UNION ALL SELECT c.id, p.program, NULL, NULL, p.year FROM cand c JOIN {prior_supports} p "
    f"ON p.household_id = c.household_id AND p.kind = 'housing' AND p.deleted = 0 WHERE {_LIVE_SUPPORT}",
    _once_message, indexes=("housing_supports (household_id)", "prior_supports (household_id)"))


def _split_message(rules: RuleBook, split_on: str, registered_on: str) -> str:
    years = int(rules.housing_eligibility().get("split_within_years") or 0)
    split, registered = v.parse_date(split_on)[0], v.parse_date(registered_on)[0]
    if not years or split is None or registered is None or registered >= _years_after(split, years):
        return ""
    return tr("Hộ mới tách hộ ngày {day}, chưa đủ {years} năm đến ngày đăng ký: hộ tách hộ trong {years} "
              "năm không thuộc diện hỗ trợ nhà ở.", day=date_text(split), years=years)


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# The years after a split come from the rule data (`split_within_years`): the SQL picks the
# households formed by a split before the registration, the rule book decides.
SPLIT_RECENTLY = SetRule(
    "housing_not_split_recently", "household_id",
    "SELECT c.id, h.split_on AS split_on, c.registered_on AS registered_on FROM cand c "
    "JOIN {households} h ON h.id = c.household_id "
    f"WHERE {_LIVE_SUPPORT} AND h.split_on IS NOT NULL AND c.registered_on IS NOT NULL "
    "AND h.split_on <= c.registered_on",
    _split_message, with_rules=True)


# What the support's payments add up to, by source and for the first tranche.
_PAID = ("SELECT c.*, "
         "(SELECT COALESCE(SUM(p.amount), 0) FROM {housing_payments} p WHERE p.support_id = c.id AND p.deleted = 0 "
         "AND p.source = 'central') AS paid_central, "
         "(SELECT COALESCE(SUM(p.amount), 0) FROM {housing_payments} p WHERE p.support_id = c.id AND p.deleted = 0 "
         "AND p.source = 'local') AS paid_local, "
         "(SELECT COALESCE(SUM(p.amount), 0) FROM {housing_payments} p WHERE p.support_id = c.id AND p.deleted = 0 "
         "AND p.tranche = 1) AS paid_first FROM cand c")


def _payments_message(problem: str, paid: int, approved: int) -> str:
    return {
        "central": tr("Đã chi {paid} đồng vốn trung ương, nhiều hơn số được duyệt ({approved} đồng)."),
        "local": tr("Đã chi {paid} đồng vốn địa phương, nhiều hơn số được duyệt ({approved} đồng)."),
        "first": tr("Đợt 1 đã chi {paid} đồng, nhiều hơn mức đợt 1 ({approved} đồng)."),
        "unpaid": tr("Mới chi {paid} trên {approved} đồng được duyệt: chưa thể ghi là đã chi đủ."),
    }[problem].format(paid=money(paid), approved=money(approved))


SUPPORT_PAYMENTS = SetRule(
    "housing_support_payments", "amount_central",
    "SELECT id, problem, paid, approved FROM (SELECT id, "
    "CASE WHEN paid_central > MAX(amount_central, 0) THEN 'central' WHEN paid_local > MAX(amount_local, 0) THEN 'local' "
    "WHEN paid_first > MAX(first_tranche, 0) THEN 'first' "
    "WHEN status = 'paid' AND paid_central + paid_local <> amount_central + amount_local THEN 'unpaid' END AS problem, "
    "CASE WHEN paid_central > MAX(amount_central, 0) THEN paid_central WHEN paid_local > MAX(amount_local, 0) THEN paid_local "
    "WHEN paid_first > MAX(first_tranche, 0) THEN paid_first ELSE paid_central + paid_local END AS paid, "
    "CASE WHEN paid_central > MAX(amount_central, 0) THEN amount_central WHEN paid_local > MAX(amount_local, 0) THEN amount_local "
    "WHEN paid_first > MAX(first_tranche, 0) THEN first_tranche ELSE amount_central + amount_local END AS approved "
    f"FROM ({_PAID})) WHERE problem IS NOT NULL",
    _payments_message, indexes=("housing_payments (support_id)",))


def _paid_before_message(step: str, day: str, tranche: int, paid_on: str) -> str:
    return {
        "approved_on": tr("Đã có khoản chi đợt {tranche} ngày {paid}: ngày phê duyệt ({day}) không thể sau ngày chi."),
        "stage_on": tr("Đã có khoản chi đợt 1 ngày {paid}: ngày đạt giai đoạn tạm ứng đợt 1 ({day}) không thể sau "
                       "ngày chi."),
        "completed_on": tr("Đã có khoản chi đợt 2 ngày {paid}: ngày nghiệm thu ({day}) không thể sau ngày chi."),
    }[step].format(tranche=tranche, paid=date_text(paid_on), day=date_text(day))


def _paid_before(step: str, tranche: int | None) -> SetRule:
    """A step's date moved (by a correction) after a payment it must come before: the payment's
    own rule (`PAYMENT_TIMING`) is not run again when the support changes, so the support's is."""
    which = f"AND p.tranche = {tranche} " if tranche else ""
    return SetRule(
        f"housing_support_paid_before_{step}", step,
        f"SELECT c.id, '{step}' AS step, c.{step} AS day, p.tranche AS tranche, p.paid_on AS paid_on FROM cand c "
        f"JOIN {{housing_payments}} p ON p.support_id = c.id AND p.deleted = 0 {which}WHERE p.paid_on < c.{step} "
        "ORDER BY p.paid_on",
        _paid_before_message, indexes=("housing_payments (support_id)",))


PAID_BEFORE_APPROVAL = _paid_before("approved_on", None)
PAID_BEFORE_STAGE = _paid_before("stage_on", 1)
PAID_BEFORE_ACCEPTANCE = _paid_before("completed_on", 2)


def _describe_support(r: Mapping[str, Any]) -> str:
    return tr("hỗ trợ nhà ở {program} ({kind})", program=r.get("program") or "?", kind=kind_label(r.get("kind")))


# Payments --------------------------------------------------------------------------------------

def _payment_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    day, message = v.past_date_field(r.get("paid_on"), tr("Ngày chi"), context.as_of)
    checked.error("paid_on", message or (None if day else tr("Cần ghi ngày chi.")))
    checked.error("amount", v.amount(r.get("amount"), what=tr("Số tiền chi")))
    if r.get("amount") == 0:
        checked.error("amount", tr("Số tiền chi phải lớn hơn 0."))
    if r.get("tranche") not in TRANCHES:
        checked.error("tranche", tr("Đợt chi phải là đợt 1 hoặc đợt 2."))
    if r.get("source", "central") not in SOURCES:
        checked.error("source", tr("Nguồn vốn phải là ngân sách trung ương hoặc địa phương."))


PAYMENT_SUPPORT_GONE = records.live_parent(
    "housing_payments", "support_id", "housing_supports",
    lambda: tr("Khoản hỗ trợ nhà ở không tồn tại hoặc đã bị xóa."))

PAYMENT_SUPPORT_ENDED = SetRule(
    "housing_payment_support_ended", "support_id",
    "SELECT c.id, s.status AS status FROM cand c JOIN {housing_supports} s ON s.id = c.support_id "
    "WHERE s.status IN ('rejected', 'cancelled')",
    lambda status: tr("Hỗ trợ này \u201c{status}\u201d: không chi thêm được.", status=status_label(status)),
    state=False)


def _timing_message(problem: str, day: str | None, kind: str) -> str:
    when = date_text(day)
    if problem == "approval":
        return (tr("Ngày chi phải từ ngày phê duyệt ({day}) trở đi.", day=when) if day
                else tr("Hỗ trợ chưa được phê duyệt: chưa chi được."))
    if problem == "stage":
        return (tr("Ngày chi đợt 1 phải từ ngày đạt giai đoạn \u201c{stage}\u201d ({day}) trở đi.",
                   stage=stage_label(kind), day=when) if day
                else tr("Đợt 1 chỉ chi được khi đã đạt giai đoạn \u201c{stage}\u201d.", stage=stage_label(kind)))
    return (tr("Ngày chi đợt 2 phải từ ngày nghiệm thu ({day}) trở đi.", day=when) if day
            else tr("Đợt 2 chỉ chi được sau khi nhà đã nghiệm thu."))


PAYMENT_TIMING = SetRule(
    "housing_payment_tranche_open", "paid_on",
    "SELECT c.id, CASE WHEN s.approved_on IS NULL OR c.paid_on < s.approved_on THEN 'approval' "
    "WHEN c.tranche = 1 AND (s.stage_on IS NULL OR c.paid_on < s.stage_on) THEN 'stage' ELSE 'accepted' END AS problem, "
    "CASE WHEN s.approved_on IS NULL OR c.paid_on < s.approved_on THEN s.approved_on "
    "WHEN c.tranche = 1 THEN s.stage_on ELSE s.completed_on END AS day, s.kind AS kind "
    "FROM cand c JOIN {housing_supports} s ON s.id = c.support_id "
    "WHERE s.approved_on IS NULL OR c.paid_on < s.approved_on "
    "OR (c.tranche = 1 AND (s.stage_on IS NULL OR c.paid_on < s.stage_on)) "
    "OR (c.tranche = 2 AND (s.completed_on IS NULL OR c.paid_on < s.completed_on))",
    _timing_message)


def _within_message(problem: str, paid: int, approved: int, kind: str) -> str:
    if problem == "first":
        return tr("Đợt 1 tối đa {approved} đồng; với khoản này đợt 1 sẽ là {paid} đồng.",
                  approved=money(approved), paid=money(paid))
    return tr("Số tiền chi vượt số được duyệt từ {source}: được duyệt {approved} đồng, với khoản này đã chi {paid} đồng.",
              source=source_label(problem).lower(), approved=money(approved), paid=money(paid))


PAYMENT_WITHIN = SetRule(
    "housing_payment_within_approved", "amount",
    "SELECT id, problem, paid, approved, kind FROM (SELECT c.id AS id, s.kind AS kind, "
    "CASE WHEN by_source > CASE c.source WHEN 'local' THEN s.amount_local ELSE s.amount_central END THEN c.source "
    "WHEN c.tranche = 1 AND first > s.first_tranche THEN 'first' END AS problem, "
    "CASE WHEN by_source > CASE c.source WHEN 'local' THEN s.amount_local ELSE s.amount_central END THEN by_source "
    "ELSE first END AS paid, "
    "CASE WHEN by_source > CASE c.source WHEN 'local' THEN s.amount_local ELSE s.amount_central END "
    "THEN CASE c.source WHEN 'local' THEN s.amount_local ELSE s.amount_central END ELSE s.first_tranche END AS approved "
    "FROM (SELECT c.*, c.amount + (SELECT COALESCE(SUM(o.amount), 0) FROM {housing_payments} o "
    "WHERE o.support_id = c.support_id AND o.deleted = 0 AND o.source = c.source AND o.id IS NOT c.id) AS by_source, "
    "c.amount + (SELECT COALESCE(SUM(o.amount), 0) FROM {housing_payments} o WHERE o.support_id = c.support_id "
    "AND o.deleted = 0 AND o.tranche = 1 AND o.id IS NOT c.id) AS first FROM cand c) c "
    "JOIN {housing_supports} s ON s.id = c.support_id) WHERE problem IS NOT NULL",
    _within_message, indexes=("housing_payments (support_id)",))


def _describe_payment(r: Mapping[str, Any]) -> str:
    return tr("khoản chi hỗ trợ nhà ở đợt {tranche} ngày {date}", tranche=r.get("tranche") or "?",
              date=date_text(r.get("paid_on")) or r.get("paid_on") or "?")


# Supports received before (history) ------------------------------------------------------------

def _prior_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    if r.get("kind") not in ("housing", "training"):
        checked.error("kind", tr("Loại hỗ trợ đã nhận phải là nhà ở hoặc đào tạo nghề."))
    if not (r.get("program") or "").strip():
        checked.error("program", tr("Cần ghi chương trình đã hỗ trợ."))
    year = r.get("year")
    if type(year) is not int or not 1990 <= year <= context.as_of.year:
        checked.error("year", tr("Năm nhận hỗ trợ phải từ 1990 đến năm nay."))


PRIOR_WHILE_SUPPORTED = SetRule(
    "prior_housing_while_supported", "program",
    "SELECT c.id, s.program AS program, s.registered_on AS registered_on FROM cand c "
    "JOIN {housing_supports} s ON s.household_id = c.household_id AND s.deleted = 0 "
    "AND s.status NOT IN ('rejected', 'cancelled') WHERE c.kind = 'housing'",
    lambda program, registered_on: tr(
        "Hộ đang có hỗ trợ nhà ở {program} đăng ký ngày {day}. Nếu hộ đã được hỗ trợ từ chương trình khác, "
        "hãy ghi \u201cKhông được duyệt\u201d hoặc \u201cHủy\u201d cho hỗ trợ đó (kèm lý do) trước.",
        program=program_name(program), day=date_text(registered_on)),
    indexes=("housing_supports (household_id)",))

PRIOR_HOUSEHOLD_GONE = records.live_parent(
    "prior_supports", "household_id", "households", lambda: tr("Hộ không tồn tại hoặc đã bị xóa."))


records.register("housing_supports", text=("decision_no", "status_reason", "notes", "registered_by", "approved_by",
                                           "started_by", "stage_by", "accepted_by", "ended_by"),
                 row=[_floor_area, _support_row],
                 sets=[SUPPORT_HOUSEHOLD_GONE, ELIGIBLE_CLASS, ONCE, SPLIT_RECENTLY, SUPPORT_PAYMENTS,
                       PAID_BEFORE_APPROVAL, PAID_BEFORE_STAGE, PAID_BEFORE_ACCEPTANCE],
                 describe=_describe_support)
records.register("housing_payments", text=("voucher_no", "paid_by", "notes"), row=[_payment_row],
                 sets=[PAYMENT_SUPPORT_GONE, PAYMENT_SUPPORT_ENDED, PAYMENT_TIMING, PAYMENT_WITHIN],
                 describe=_describe_payment)
# Supports received earlier from other programs (housing or training): the history that makes
# "supported once" enforceable; housing and training (training.py) both read it.
records.register("prior_supports", text=("program", "notes"), row=[_prior_row],
                 sets=[PRIOR_HOUSEHOLD_GONE, PRIOR_WHILE_SUPPORTED],
                 describe=lambda r: tr("hỗ trợ đã nhận trước đây ({kind})", kind=r.get("kind") or "?"))
