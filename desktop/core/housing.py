"""Housing support (Project 5): the record rules of supports, their payments and prior supports.

The feature's workflow (registration → approval → construction → acceptance → payment by
tranche, the eligibility of a household) is still to be built here; the rules below already run
on every support the demo writes, on `check` and at the office's merge. Amounts are judged by
the norms of the support's own program and year (the year it was approved, else registered), so
a later change of norms does not turn an old support into an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from desktop.core import records
from desktop.core import validators as v
from desktop.core.errors import Checked
from desktop.core.i18n import tr
from desktop.core.records import RowContext, SetRule

KINDS = ("new", "repair")
ENDED = ("rejected", "cancelled")  # a support that stops before payment, with its reason


def norm_year(r: Mapping[str, Any], context: RowContext) -> int:
    """The year whose norms judge a support: approved, else registered, else as of."""
    for key in ("approved_on", "registered_on"):
        day, _message = v.parse_date(r.get(key))
        if day is not None:
            return day.year
    return context.as_of.year


def _support_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    if r.get("kind") not in KINDS:
        checked.error("kind", tr("Loại hỗ trợ phải là xây mới hoặc sửa chữa."))
    for key in ("registered_on", "approved_on", "started_on", "completed_on"):
        checked.error(key, v.past_date_field(r.get(key), tr("Ngày"), context.as_of)[1])
    program = context.rules.housing_program(r.get("program", ""), norm_year(r, context))
    caps = program["kinds"].get(r.get("kind", "")) if program else None
    if caps is None:
        checked.error("program", tr("Không có định mức hỗ trợ nhà ở của chương trình {program} cho năm này.",
                                    program=r.get("program")))
        return
    checked.error("amount_central", v.amount(r.get("amount_central", 0), caps.get("central_max"), tr("Vốn trung ương")))
    checked.error("amount_local", v.amount(r.get("amount_local", 0), caps.get("local_max"), tr("Vốn địa phương")))
    total = int(r.get("amount_central") or 0) + int(r.get("amount_local") or 0)
    checked.error("amount_central", v.amount(total, caps.get("total_max"), tr("Tổng hỗ trợ")))
    if r.get("status") in ENDED and not (r.get("status_reason") or "").strip():
        checked.error("status_reason", tr("Cần ghi lý do từ chối hoặc hủy."))


SUPPORT_HOUSEHOLD_GONE = records.live_parent(
    "housing_supports", "household_id", "households", lambda: tr("Hộ được hỗ trợ không tồn tại hoặc đã bị xóa."))


def _payment_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    checked.error("paid_on", v.past_date_field(r.get("paid_on"), tr("Ngày chi"), context.as_of)[1])
    checked.error("amount", v.amount(r.get("amount"), what=tr("Số tiền chi")))


PAYMENT_SUPPORT_GONE = records.live_parent(
    "housing_payments", "support_id", "housing_supports",
    lambda: tr("Khoản hỗ trợ nhà ở không tồn tại hoặc đã bị xóa."))
OVERPAID = SetRule(
    "payments_within_approved", "amount",
    "SELECT id, amount, remaining FROM (SELECT c.id AS id, c.amount AS amount, "
    "s.amount_central + s.amount_local - (SELECT COALESCE(SUM(o.amount), 0) FROM {housing_payments} o "
    "WHERE o.support_id = c.support_id AND o.deleted = 0 AND o.id IS NOT c.id) AS remaining "
    "FROM cand c JOIN {housing_supports} s ON s.id = c.support_id) WHERE amount > remaining",
    lambda amount, remaining: v.amount(amount, max(remaining, 0), tr("Số tiền chi")) or "",
    indexes=("housing_payments (support_id)",))


def _describe_support(r: Mapping[str, Any]) -> str:
    return tr("hỗ trợ nhà ở {program} ({kind})", program=r.get("program") or "?", kind=r.get("kind") or "?")


def _describe_payment(r: Mapping[str, Any]) -> str:
    return tr("khoản chi hỗ trợ nhà ở ngày {date}", date=r.get("paid_on") or "?")


def _prior_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    if r.get("kind") not in ("housing", "training"):
        checked.error("kind", tr("Loại hỗ trợ đã nhận phải là nhà ở hoặc đào tạo nghề."))


records.register("housing_supports", text=("decision_no", "status_reason", "notes"), row=[_support_row],
                 sets=[SUPPORT_HOUSEHOLD_GONE], describe=_describe_support)
records.register("housing_payments", row=[_payment_row], sets=[PAYMENT_SUPPORT_GONE, OVERPAID],
                 describe=_describe_payment)
# Supports received earlier from other programs (housing or training): the history that makes
# "supported once" enforceable; housing and training (training.py) both read it.
records.register("prior_supports", row=[_prior_row],
                 describe=lambda r: tr("hỗ trợ đã nhận trước đây ({kind})", kind=r.get("kind") or "?"))


