"""The workflow of a housing support, step by step, each a `check_x` (never raises) and an `x`.

registered → approved (decision, amounts by source within the norm) → under construction → the
stage that opens the first tranche (foundation done for a new build, 30 % of the work for a
repair) → completed and accepted (≥ 30 m², "3 cứng", ≥ 20 years) → fully paid. Payments follow
the tranche rule; a support may be rejected or cancelled, with a reason, from any open step.

Each step records its date and who did it. The rules themselves (`housing.rules`) are record
rules, so the office's merge enforces them too; what this module adds is the order of the steps
(only the next valid steps are offered) and the writing of each through `Store`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from desktop.core import validators as v
from desktop.core.errors import Checked
from desktop.core.formats import date_text
from desktop.core.housing.rules import (
    ENDED,
    OPEN,
    first_tranche_for,
    program_of,
    status_label,
    total,
)
from desktop.core.i18n import tr
from desktop.core.store import Store

# The steps a form offers, by what they do.
APPROVE, START, STAGE, ACCEPT, PAY, REJECT, CANCEL = "approve", "start", "stage", "accept", "pay", "reject", "cancel"


def next_steps(support: Mapping[str, Any]) -> list[str]:
    """The steps that may follow, in the order a form shows them."""
    status = support.get("status")
    if support.get("deleted"):
        return []
    if status == "registered":
        return [APPROVE, REJECT, CANCEL]
    if status == "approved":
        return [START, CANCEL]
    if status == "under_construction":
        steps = [ACCEPT, CANCEL] if support.get("stage_on") else [STAGE, ACCEPT, CANCEL]
        return ([PAY] if support.get("stage_on") else []) + steps
    if status == "completed":
        return [PAY]
    return []


def _at_office(store: Store, checked: Checked) -> bool:
    """Supports belong to the commune's data (they come to the office in sync files): an office
    reads them and writes none."""
    if not store.db.identity.is_office:
        return False
    checked.error("support", tr("Hỗ trợ nhà ở thuộc dữ liệu của xã và được gửi lên bằng tệp đồng bộ; ở văn phòng "
                                "tổng hợp chỉ xem, không sửa."))
    return True


def _support(store: Store, support_id: int | None, checked: Checked) -> dict[str, Any] | None:
    if _at_office(store, checked):
        return None
    row = store.get("housing_supports", support_id) if support_id is not None else None
    if row is None or row["deleted"]:
        checked.error("support", tr("Không tìm thấy hỗ trợ nhà ở này (có thể đã bị xóa)."))
        return None
    return row


def _at_step(support: Mapping[str, Any], step: str, checked: Checked) -> bool:
    if step in next_steps(support):
        return True
    checked.error("status", tr("Hỗ trợ đang ở bước \u201c{status}\u201d: bước này chưa làm được hoặc đã làm rồi.",
                               status=status_label(support["status"])))
    return False


def _changed(store: Store, support: Mapping[str, Any], changes: Mapping[str, Any]) -> Checked:
    """The record rules' verdict on the support as the step would leave it."""
    return store.check("housing_supports", {**support, **changes})


# Registration ----------------------------------------------------------------------------------

@dataclass
class Registration:
    """What registers a household for a support: the program, the kind of work, the house's
    condition that makes it eligible, the day and who registered it."""

    household_id: int | None = None
    program: str = "P5"
    kind: str = "new"
    registered_on: Any = None
    condition: str = ""
    weak_structures: int = 0
    current_area_m2: float | None = None
    persons: int | None = None
    amount_household: int = 0
    registered_by: str = ""
    notes: str = ""

    def values(self) -> dict[str, Any]:
        values = asdict(self)
        values["registered_on"] = v.stored_date(self.registered_on)
        values["status"] = "registered"
        if self.condition != "non_durable":
            values["weak_structures"] = 0 if self.condition else self.weak_structures
        if self.condition != "cramped":
            values["current_area_m2"] = None
        return values


def check_register(store: Store, registration: Registration) -> Checked:
    checked = Checked()
    if _at_office(store, checked):
        return checked
    household = store.get("households", registration.household_id) if registration.household_id else None
    if household is None or household["deleted"]:
        checked.error("household_id", tr("Hãy chọn hộ được hỗ trợ."))
        return checked
    if household["status"] != "active":
        checked.error("household_id", tr("Hộ {code} không còn ở địa phương: không đăng ký hỗ trợ được.",
                                         code=household["code"]))
        return checked
    checked.merge(store.check("housing_supports", registration.values()))
    return checked


def register(store: Store, registration: Registration) -> int:
    """Register a support; returns its id. Refused (ValidationFailed) when the household is not
    eligible as of the registration date, with the condition that failed."""
    with store.db.transaction():
        check_register(store, registration).raise_errors()
        return store.insert("housing_supports", registration.values(), reason=tr("Đăng ký hỗ trợ nhà ở"))


# Approval --------------------------------------------------------------------------------------

@dataclass
class Approval:
    approved_on: Any = None
    decision_no: str = ""
    amount_central: int | None = None
    amount_local: int | None = None
    approved_by: str = ""


def _approval_changes(store: Store, support: Mapping[str, Any], approval: Approval) -> dict[str, Any]:
    changes: dict[str, Any] = {
        "status": "approved", "approved_on": v.stored_date(approval.approved_on), "decision_no": approval.decision_no,
        "amount_central": approval.amount_central or 0, "amount_local": approval.amount_local or 0,
        "approved_by": approval.approved_by,
    }
    program = program_of({**support, **changes}, store.context())
    changes["first_tranche"] = first_tranche_for(total(changes), program) if program else 0
    return changes


def check_approve(store: Store, support_id: int, approval: Approval) -> Checked:
    checked = Checked()
    support = _support(store, support_id, checked)
    if support is None or not _at_step(support, APPROVE, checked):
        return checked
    checked.merge(_changed(store, support, _approval_changes(store, support, approval)))
    return checked


def approve(store: Store, support_id: int, approval: Approval) -> None:
    with store.db.transaction():
        check_approve(store, support_id, approval).raise_errors()
        support = store.require("housing_supports", support_id)
        store.update("housing_supports", support_id, _approval_changes(store, support, approval),
                     reason=tr("Phê duyệt hỗ trợ nhà ở, quyết định {no}", no=approval.decision_no))


# Construction ---------------------------------------------------------------------------------

def _simple_step(step: str, status: str | None, date_key: str, by_key: str):
    def changes(day: Any, by: str) -> dict[str, Any]:
        found = {date_key: v.stored_date(day), by_key: by}
        return found | ({"status": status} if status else {})

    def check(store: Store, support_id: int, day: Any, by: str = "") -> Checked:
        checked = Checked()
        support = _support(store, support_id, checked)
        if support is None or not _at_step(support, step, checked):
            return checked
        if not v.stored_date(day):
            checked.error(date_key, tr("Cần ghi ngày."))
            return checked
        checked.merge(_changed(store, support, changes(day, by)))
        return checked

    def write(store: Store, support_id: int, day: Any, by: str = "", *, reason: str = "") -> None:
        with store.db.transaction():
            check(store, support_id, day, by).raise_errors()
            store.update("housing_supports", support_id, changes(day, by), reason=reason)

    return check, write


_check_start, _start = _simple_step(START, "under_construction", "started_on", "started_by")
_check_stage, _stage = _simple_step(STAGE, None, "stage_on", "stage_by")


def check_start(store: Store, support_id: int, started_on: Any, started_by: str = "") -> Checked:
    """Construction starts (the support must be approved)."""
    return _check_start(store, support_id, started_on, started_by)


def start(store: Store, support_id: int, started_on: Any, started_by: str = "") -> None:
    _start(store, support_id, started_on, started_by, reason=tr("Khởi công ngày {day}", day=date_text(v.stored_date(started_on))))


def check_reach_stage(store: Store, support_id: int, stage_on: Any, stage_by: str = "") -> Checked:
    """The stage that opens the first tranche: foundation done (new build), 30 % of the work (repair)."""
    return _check_stage(store, support_id, stage_on, stage_by)


def reach_stage(store: Store, support_id: int, stage_on: Any, stage_by: str = "") -> None:
    _stage(store, support_id, stage_on, stage_by, reason=tr("Đạt giai đoạn tạm ứng đợt 1 ngày {day}",
                                                            day=date_text(v.stored_date(stage_on))))


# Acceptance -----------------------------------------------------------------------------------

@dataclass
class Acceptance:
    completed_on: Any = None
    floor_area_m2: float | None = None
    hard_floor: bool = False
    hard_walls: bool = False
    hard_roof: bool = False
    life_years: int | None = None
    accepted_by: str = ""


def _acceptance_changes(support: Mapping[str, Any], acceptance: Acceptance) -> dict[str, Any]:
    changes = {
        "status": "completed", "completed_on": v.stored_date(acceptance.completed_on),
        "floor_area_m2": acceptance.floor_area_m2, "life_years": acceptance.life_years,
        "hard_floor": int(bool(acceptance.hard_floor)), "hard_walls": int(bool(acceptance.hard_walls)),
        "hard_roof": int(bool(acceptance.hard_roof)), "accepted_by": acceptance.accepted_by,
    }
    if not support.get("stage_on"):  # a finished house has passed the stage of the first tranche
        changes["stage_on"], changes["stage_by"] = changes["completed_on"], acceptance.accepted_by
    return changes


def check_accept(store: Store, support_id: int, acceptance: Acceptance) -> Checked:
    """Acceptance: refused below the minimum floor area, without the three hard structures, or
    with a life under the standard's."""
    checked = Checked()
    support = _support(store, support_id, checked)
    if support is None or not _at_step(support, ACCEPT, checked):
        return checked
    checked.merge(_changed(store, support, _acceptance_changes(support, acceptance)))
    return checked


def accept(store: Store, support_id: int, acceptance: Acceptance) -> None:
    with store.db.transaction():
        check_accept(store, support_id, acceptance).raise_errors()
        support = store.require("housing_supports", support_id)
        store.update("housing_supports", support_id, _acceptance_changes(support, acceptance),
                     reason=tr("Nghiệm thu nhà ngày {day}", day=date_text(v.stored_date(acceptance.completed_on))))


# Payments -------------------------------------------------------------------------------------

@dataclass
class Payment:
    tranche: int = 1
    paid_on: Any = None
    amount: int | None = None
    source: str = "central"
    voucher_no: str = ""
    paid_by: str = ""
    notes: str = ""


def paid(store: Store, support_id: int) -> dict[str, int]:
    """What was paid so far: by source, for the first tranche, in total."""
    row = store.conn.execute(
        "SELECT COALESCE(SUM(CASE WHEN source = 'central' THEN amount END), 0), "
        "COALESCE(SUM(CASE WHEN source = 'local' THEN amount END), 0), "
        "COALESCE(SUM(CASE WHEN tranche = 1 THEN amount END), 0) "
        "FROM housing_payments WHERE support_id = ? AND deleted = 0", (support_id,)).fetchone()
    return {"central": row[0], "local": row[1], "first": row[2], "total": row[0] + row[1]}


def suggested_payment(store: Store, support: Mapping[str, Any]) -> Payment:
    """What the next payment most likely is: the open tranche's remainder, from the source that
    still has money (the form starts from it; the official may change it)."""
    done = paid(store, support["id"])
    tranche = 2 if support["status"] == "completed" else 1
    left = (support["first_tranche"] - done["first"]) if tranche == 1 else total(support) - done["total"]
    central_left = support["amount_central"] - done["central"]
    source = "central" if central_left > 0 else "local"
    available = central_left if source == "central" else support["amount_local"] - done["local"]
    return Payment(tranche=tranche, amount=max(0, min(left, available)), source=source,
                   paid_on=dt.date.today().isoformat())


def available_steps(store: Store, support: Mapping[str, Any]) -> list[str]:
    """The next steps of `support` that can be taken now: `next_steps`, without a payment while
    the open tranche has nothing left to pay (tranche 1 paid in full before acceptance)."""
    steps = next_steps(support)
    if PAY in steps and suggested_payment(store, support).amount == 0:
        steps.remove(PAY)
    return steps


def _payment_values(support_id: int, payment: Payment) -> dict[str, Any]:
    values = asdict(payment)
    values["paid_on"] = v.stored_date(payment.paid_on)
    values["support_id"] = support_id
    return values


def check_pay(store: Store, support_id: int, payment: Payment) -> Checked:
    """A payment: its tranche open (stage reached for the first, acceptance for the second), its
    date not before, the amounts never above what was approved (by source, for the first tranche)."""
    checked = Checked()
    support = _support(store, support_id, checked)
    if support is None:
        return checked
    if support["status"] in ("paid", *ENDED) or support["status"] in ("registered", "approved"):
        checked.error("status", {
            "paid": tr("Hỗ trợ này đã chi đủ."),
            "registered": tr("Hỗ trợ chưa được phê duyệt: chưa chi được."),
            "approved": tr("Nhà chưa khởi công: đợt 1 chỉ chi được khi đã đạt giai đoạn tạm ứng."),
        }.get(support["status"], tr("Hỗ trợ này \u201c{status}\u201d: không chi thêm được.",
                                    status=status_label(support["status"]))))
        return checked
    if payment.tranche == 2 and support["status"] != "completed":
        checked.error("tranche", tr("Đợt 2 chỉ chi được sau khi nhà đã nghiệm thu."))
        return checked
    checked.merge(store.check("housing_payments", _payment_values(support_id, payment)))
    return checked


def pay(store: Store, support_id: int, payment: Payment) -> int:
    """Record a payment; once an accepted support has all its approved amount, it is fully paid."""
    with store.db.transaction():
        check_pay(store, support_id, payment).raise_errors()
        payment_id = store.insert("housing_payments", _payment_values(support_id, payment),
                                  reason=tr("Chi hỗ trợ nhà ở đợt {n}", n=payment.tranche))
        support = store.require("housing_supports", support_id)
        if support["status"] == "completed" and paid(store, support_id)["total"] == total(support):
            store.update("housing_supports", support_id, {"status": "paid"}, reason=tr("Đã chi đủ hỗ trợ nhà ở"))
    return payment_id


def check_delete_payment(store: Store, payment_id: int, reason: str) -> Checked:
    checked = Checked()
    if _at_office(store, checked):
        return checked
    row = store.get("housing_payments", payment_id)
    if row is None or row["deleted"]:
        checked.error("payment", tr("Không tìm thấy khoản chi này (có thể đã bị xóa)."))
    if not (reason or "").strip():
        checked.error("reason", tr("Cần ghi lý do xóa khoản chi."))
    return checked


def delete_payment(store: Store, payment_id: int, reason: str) -> None:
    """Take back a payment entered by mistake (with a reason); a fully paid support is then
    accepted but not fully paid again."""
    with store.db.transaction():
        check_delete_payment(store, payment_id, reason).raise_errors()
        support_id = store.require("housing_payments", payment_id)["support_id"]
        support = store.require("housing_supports", support_id)
        if support["status"] == "paid":
            store.update("housing_supports", support_id, {"status": "completed"}, reason=reason)
        store.delete("housing_payments", payment_id, reason)


# Rejection, cancellation -----------------------------------------------------------------------

def _end_changes(status: str, ended_on: Any, reason: str, ended_by: str) -> dict[str, Any]:
    return {"status": status, "ended_on": v.stored_date(ended_on), "status_reason": reason, "ended_by": ended_by}


def check_end(store: Store, support_id: int, status: str, ended_on: Any, reason: str, ended_by: str = "") -> Checked:
    """Reject (not approved: only before approval) or cancel (from any open step), with a reason."""
    checked = Checked()
    support = _support(store, support_id, checked)
    if support is None:
        return checked
    if status not in ENDED:
        checked.error("status", tr("Chỉ có thể ghi không được duyệt hoặc hủy."))
        return checked
    if support["status"] not in OPEN:
        checked.error("status", tr("Hỗ trợ đang ở bước \u201c{status}\u201d: không thể dừng nữa.",
                                   status=status_label(support["status"])))
        return checked
    if status == "rejected" and support["status"] != "registered":
        checked.error("status", tr("Hỗ trợ đã được phê duyệt: chỉ có thể hủy, không còn là không được duyệt."))
        return checked
    if not (reason or "").strip():
        checked.error("status_reason", tr("Cần ghi lý do từ chối hoặc hủy."))
    if not v.stored_date(ended_on):
        checked.error("ended_on", tr("Cần ghi ngày."))
    if checked.errors:
        return checked
    checked.merge(_changed(store, support, _end_changes(status, ended_on, reason, ended_by)))
    return checked


def end(store: Store, support_id: int, status: str, ended_on: Any, reason: str, ended_by: str = "") -> None:
    with store.db.transaction():
        check_end(store, support_id, status, ended_on, reason, ended_by).raise_errors()
        store.update("housing_supports", support_id, _end_changes(status, ended_on, reason, ended_by),
                     reason=reason)


# Corrections ----------------------------------------------------------------------------------

# What a correction may change: the details of the steps done, never the step itself.
CORRECTABLE = ("program", "kind", "registered_on", "condition", "weak_structures", "current_area_m2", "persons",
               "amount_household", "registered_by", "notes", "approved_on", "decision_no", "amount_central",
               "amount_local", "approved_by", "started_on", "started_by", "stage_on", "stage_by", "completed_on",
               "floor_area_m2", "hard_floor", "hard_walls", "hard_roof", "life_years", "accepted_by", "ended_on",
               "ended_by", "status_reason")


def _correction(store: Store, support: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    fixed = {k: (v.stored_date(val) if k.endswith("_on") else val) for k, val in changes.items()}
    merged = {**support, **fixed}
    if merged.get("approved_on"):
        program = program_of(merged, store.context())
        fixed["first_tranche"] = first_tranche_for(total(merged), program) if program else 0
    if support["status"] in ("completed", "paid"):
        # An accepted support is fully paid exactly when its payments reach the corrected amount.
        fixed["status"] = "paid" if paid(store, support["id"])["total"] == total(merged) else "completed"
    return fixed


def check_correct(store: Store, support_id: int, changes: Mapping[str, Any]) -> Checked:
    """A correction of what was entered (a mistyped decision number, a date): the support stays
    at its step and must still satisfy every rule."""
    checked = Checked()
    support = _support(store, support_id, checked)
    if support is None:
        return checked
    for key in changes:
        if key not in CORRECTABLE:
            checked.error(key, tr("Trường này không sửa trực tiếp được."))
    if checked.errors:
        return checked
    checked.merge(_changed(store, support, _correction(store, support, changes)))
    return checked


def correct(store: Store, support_id: int, changes: Mapping[str, Any], reason: str) -> None:
    with store.db.transaction():
        check_correct(store, support_id, changes).raise_errors()
        support = store.require("housing_supports", support_id)
        store.update("housing_supports", support_id, _correction(store, support, changes), reason=reason)


# Supports received before ----------------------------------------------------------------------

@dataclass
class PriorSupport:
    household_id: int | None = None
    program: str = ""
    year: int | None = None
    notes: str = ""
    kind: str = "housing"


def check_record_prior(store: Store, prior: PriorSupport) -> Checked:
    checked = Checked()
    if _at_office(store, checked):
        return checked
    if prior.household_id is None or store.get("households", prior.household_id) is None:
        checked.error("household_id", tr("Hãy chọn hộ."))
        return checked
    checked.merge(store.check("prior_supports", asdict(prior)))
    return checked


def record_prior(store: Store, prior: PriorSupport) -> int:
    """Record a support the household received before (another program, before this software), so
    that "supported once" holds for it too."""
    with store.db.transaction():
        check_record_prior(store, prior).raise_errors()
        return store.insert("prior_supports", asdict(prior), reason=tr("Ghi hỗ trợ đã nhận trước đây"))


def remove_prior(store: Store, prior_id: int, reason: str) -> None:
    """Take back a prior support recorded by mistake (with a reason)."""
    checked = Checked()
    if not _at_office(store, checked) and not (reason or "").strip():
        checked.error("reason", tr("Cần ghi lý do xóa."))
    checked.raise_errors()
    store.delete("prior_supports", prior_id, reason)
