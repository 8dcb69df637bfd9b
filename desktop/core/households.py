"""Households and their members: drafts the editor holds, their check and save, delete, restore,
and the record rules of the `households` and `members` tables.

A household is edited as a whole: `HouseholdDraft` (fields and members in order, with the head)
and, optionally, the assessment of one year (`assessments.AssessmentDraft`). `check_save` checks
a draft without writing and keys its messages by field ("code", "members[2].citizen_id",
"assessment.income_per_person"), so the editor shows each beside its cell; `save` writes the
household, its members and the assessment in one transaction through `Store`, which runs the
record rules registered at the end of this module on every record it writes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.core import assessments, choices, records
from desktop.core import validators as v
from desktop.core.assessments import AssessmentDraft
from desktop.core.errors import Checked, NotFound, Refusal, ValidationFailed
from desktop.core.formats import birth_text
from desktop.core.i18n import tr, tr_noop
from desktop.core.labels import HOUSEHOLD_STATUS, MEMBER_STATUS, RELATIONSHIPS
from desktop.core.records import RowContext, SetRule
from desktop.core.rules import AREAS
from desktop.core.search import refresh_search
from desktop.core.store import Store
from desktop.core.text import fold, name_sort_string
from desktop.core.text import normalize as norm_text

# Members' fields the editor shows, in table order; "birth" is a date or a year alone.
MEMBER_FIELDS = ("full_name", "sex", "birth", "ethnicity_code", "citizen_id", "relationship",
                 "health_insurance_card", "schooling", "work_status", "disability", "social_allowance", "notes")
# An age that is possible but worth a second look before saving.
HEAD_MIN_AGE, AGE_UNLIKELY = 16, 105


# Drafts: what the editor holds -----------------------------------------------------------------

@dataclass
class MemberDraft:
    """One member as the editor holds it; `birth` is "12/03/1980", "1980-03-12" or "1980"."""

    id: int | None = None
    full_name: str = ""
    sex: str = ""
    birth: str = ""
    ethnicity_code: str = ""
    citizen_id: str = ""
    relationship: str = ""
    health_insurance_card: str = ""
    schooling: str = ""
    work_status: str = ""
    disability: bool = False
    social_allowance: int | None = 0
    notes: str = ""
    status: str = "present"  # changed by life events, not by the editor
    uuid: str = ""


@dataclass
class HouseholdDraft:
    """A household and its members, in order."""

    id: int | None = None
    village_id: int | None = None
    code: str = ""
    address: str = ""
    phone: str = ""
    area_type: str = "rural"
    notes: str = ""
    members: list[MemberDraft] = field(default_factory=list)
    uuid: str = ""
    commune_code: str = ""
    status: str = "active"
    deleted: bool = False
    deleted_reason: str = ""




def parse_birth(text: str) -> tuple[str | None, int | None, str | None]:
    """(ISO date or None, year or None, message or None) from what was typed."""
    text = (text or "").strip()
    if not text:
        return None, None, None
    if re.fullmatch(r"\d{4}", text):
        return None, int(text), None
    parsed, message = v.parse_date(text)
    if parsed is None:
        return None, None, message
    return parsed.isoformat(), parsed.year, None


def new_draft(store: Store) -> HouseholdDraft:
    """An empty household: the next free code, the only village when there is one."""
    villages = choices.village_choices(store.conn, store.db.identity.unit_code)
    return HouseholdDraft(code=next_code(store), village_id=villages[0][0] if len(villages) == 1 else None,
                          commune_code=store.db.identity.unit_code, area_type=_default_area(store))


def _default_area(store: Store) -> str:
    row = store.conn.execute(
        "SELECT area_type FROM households WHERE deleted = 0 GROUP BY area_type ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else "rural"


def next_code(store: Store) -> str:
    """A free household code following the commune's latest (QN-00812 → QN-00813)."""
    commune = store.db.identity.unit_code
    taken = {r[0] for r in store.conn.execute("SELECT code FROM households WHERE commune_code = ?", (commune,))}
    latest = store.conn.execute(
        "SELECT code FROM households WHERE commune_code = ? ORDER BY id DESC LIMIT 1", (commune,)).fetchone()
    prefix, width, number = code_prefix(store.db.identity.unit_name) + "-", 5, 0
    if latest:
        match = re.fullmatch(r"(.*?)(\d+)", latest[0])
        if match:
            prefix, width = match.group(1), len(match.group(2))
            same = [int(m.group(1)) for c in taken if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", c))]
            number = max(same, default=0)
    while True:
        number += 1
        code = f"{prefix}{number:0{width}d}"
        if code not in taken:
            return code


def code_prefix(unit_name: str) -> str:
    """Household-code prefix from the commune's name: "Xã Quài Nưa" → "QN"."""
    words = fold(unit_name).split()
    for kind in (("thi", "tran"), ("xa",), ("phuong",)):
        if tuple(words[: len(kind)]) == kind:
            words = words[len(kind):]
            break
    return "".join(w[0] for w in words if w[0].isalnum()).upper() or "HO"


def load(store: Store, household_id: int) -> HouseholdDraft:
    """A household with its live members, in their order."""
    row = store.get("households", household_id)
    if row is None:
        raise NotFound(tr("Không tìm thấy hộ này (có thể đã bị xóa hẳn)."))
    members = [
        MemberDraft(
            id=m["id"], full_name=m["full_name"], sex=m["sex"], birth=birth_text(m["birth_date"], m["birth_year"]),
            ethnicity_code=m["ethnicity_code"], citizen_id=m["citizen_id"], relationship=m["relationship"],
            health_insurance_card=m["health_insurance_card"], schooling=m["schooling"], work_status=m["work_status"],
            disability=bool(m["disability"]), social_allowance=m["social_allowance"], notes=m["notes"],
            status=m["status"], uuid=m["uuid"],
        )
        for m in store.conn.execute(
            "SELECT * FROM members WHERE household_id = ? AND deleted = 0 ORDER BY position, id", (household_id,))
    ]
    return HouseholdDraft(
        id=row["id"], village_id=row["village_id"], code=row["code"], address=row["address"], phone=row["phone"],
        area_type=row["area_type"], notes=row["notes"], members=members, uuid=row["uuid"],
        commune_code=row["commune_code"], status=row["status"], deleted=bool(row["deleted"]),
        deleted_reason=row["deleted_reason"] or "",
    )


def _household_values(draft: HouseholdDraft) -> dict[str, Any]:
    return {"village_id": draft.village_id, "code": norm_text(draft.code), "address": draft.address,
            "phone": draft.phone, "area_type": draft.area_type, "notes": draft.notes}


def _member_values(member: MemberDraft, household_id: int | None, position: int) -> tuple[dict[str, Any], str | None]:
    birth_date, birth_year, message = parse_birth(member.birth)
    values = {
        "household_id": household_id, "position": position, "full_name": member.full_name, "sex": member.sex,
        "birth_date": birth_date, "birth_year": birth_year, "ethnicity_code": member.ethnicity_code,
        "citizen_id": (member.citizen_id or "").replace(" ", ""), "relationship": member.relationship,
        "health_insurance_card": member.health_insurance_card or "", "schooling": member.schooling or "",
        "work_status": member.work_status or "", "disability": int(bool(member.disability)),
        "social_allowance": member.social_allowance if member.social_allowance is not None else 0,
        "notes": member.notes or "",
    }
    return values, message


# Entity keys that the editor shows in one cell.
_MEMBER_KEY = {"birth_date": "birth", "birth_year": "birth"}


def _member_key(index: int, key: str) -> str:
    return f"members[{index}].{_MEMBER_KEY.get(key, key)}"


def _check_draft(draft: HouseholdDraft, checked: Checked) -> None:
    """What only the draft as a whole can get wrong, which no single record's rules see: a birth
    typed as neither a date nor a year, a relationship left empty, two heads, a citizen ID twice
    in the household. `save` checks this much itself; `Store` judges each record as it writes."""
    heads = [i for i, m in enumerate(draft.members) if m.relationship == "head" and m.status == "present"]
    seen_ids: dict[str, int] = {}
    for index, member in enumerate(draft.members):
        _date, birth_year, birth_message = parse_birth(member.birth)
        checked.error(_member_key(index, "birth"), birth_message)
        if member.relationship not in RELATIONSHIPS:
            checked.error(_member_key(index, "relationship"), tr("Chưa chọn quan hệ với chủ hộ."))
        elif len(heads) > 1 and index in heads:
            checked.error(_member_key(index, "relationship"),
                          tr("Hộ có {n} chủ hộ; một hộ chỉ có một chủ hộ.", n=len(heads)))
        cid = (member.citizen_id or "").replace(" ", "")
        if v.citizen_id(cid, member.sex, birth_year):
            continue  # the member's own rules say what is wrong with it
        if cid in seen_ids:
            other = draft.members[seen_ids[cid]].full_name or tr("dòng {n}", n=seen_ids[cid] + 1)
            checked.error(_member_key(index, "citizen_id"), tr("Số CCCD trùng với {name} trong cùng hộ.", name=other))
        elif cid:
            seen_ids[cid] = index
    if not draft.members:
        checked.warn("members", tr("Hộ chưa có nhân khẩu nào."))
    elif not heads:
        checked.warn("members", tr("Hộ chưa có chủ hộ; hãy đánh dấu một người là chủ hộ."))


def _check_member_records(store: Store, draft: HouseholdDraft, checked: Checked) -> None:
    """Each member's record rules, keyed by its row, as a form shows them before saving."""
    for index, member in enumerate(draft.members):
        values, _message = _member_values(member, draft.id, index + 1)
        result = store.check("members", values | {"id": member.id, "status": member.status})
        for key, message in result.errors.items():
            if key not in ("household_id", "relationship"):  # saved with its household; heads counted by the draft
                checked.error(_member_key(index, key), message)
        for key, message in result.warnings.items():
            checked.warn(_member_key(index, key), message)


def check_save(store: Store, draft: HouseholdDraft, assessment: AssessmentDraft | None = None) -> Checked:
    """Errors and warnings of a draft, keyed by field ("code", "members[2].citizen_id",
    "assessment.income_per_person"), without writing anything: what `save` would refuse."""
    checked = Checked()
    if store.db.identity.is_office:
        checked.error("household", office_refusal())
        return checked
    values = _household_values(draft) | {"id": draft.id, "commune_code": draft.commune_code or None}
    checked.merge(store.check("households", values))
    _check_draft(draft, checked)
    _check_member_records(store, draft, checked)
    if assessment is not None and not assessment.is_blank():
        result = assessments.check_draft(store, assessment, draft.id, draft.area_type)
        for key, message in result.errors.items():
            if key != "household_id":  # saved with its household
                checked.error(f"assessment.{key}", message)
    return checked


def office_refusal() -> str:
    return tr("Hộ gia đình thuộc dữ liệu của xã và được gửi lên bằng tệp đồng bộ; ở văn phòng tổng hợp chỉ xem, "
              "không sửa.")


def _rekey(errors: dict[str, str], prefix: Any) -> dict[str, str]:
    return {(_member_key(prefix, k) if isinstance(prefix, int) else f"{prefix}{k}"): m for k, m in errors.items()}


def save(store: Store, draft: HouseholdDraft, assessment: AssessmentDraft | None = None, *,
         reason: str = "") -> int:
    """Write the household, its members (order, head, removals) and the assessment in one transaction.

    Raises ValidationFailed with errors keyed as `check_save` keys them (the first record refused,
    or what the draft as a whole gets wrong); then nothing is written.
    Members of the household that are no longer in the draft become tombstones.
    """
    if store.db.identity.is_office:
        raise Refusal(office_refusal())
    new_member_ids: dict[int, int] = {}
    assessment_id = assessment.id if assessment is not None else None
    with store.db.transaction():
        checked = Checked()
        _check_draft(draft, checked)  # the records' own rules run in Store, record by record
        checked.raise_errors()
        values = _household_values(draft)
        if draft.id is None:
            household_id = store.insert("households", values, reason=reason)
        else:
            household_id = draft.id
            store.update("households", household_id, values, reason=reason)
        kept = {m.id for m in draft.members if m.id is not None}
        for (member_id,) in store.conn.execute(
                "SELECT id FROM members WHERE household_id = ? AND deleted = 0", (household_id,)).fetchall():
            if member_id not in kept:
                store.delete("members", member_id, reason or tr("Xóa khỏi danh sách nhân khẩu khi sửa hộ."))
        # Whoever stops being head is written before the new head, so there are never two.
        order = sorted(range(len(draft.members)), key=lambda i: draft.members[i].relationship == "head")
        for index in order:
            member = draft.members[index]
            values, _message = _member_values(member, household_id, index + 1)
            try:
                if member.id is None:
                    new_member_ids[index] = store.insert("members", values, reason=reason)
                else:
                    store.update("members", member.id, values, reason=reason)
            except ValidationFailed as failed:
                raise ValidationFailed(_rekey(failed.errors, index)) from None
        if assessment is not None and not assessment.is_blank():
            try:
                assessment_id = assessments.save(store, household_id, assessment, area_type=draft.area_type,
                                                 reason=reason)
            except ValidationFailed as failed:
                raise ValidationFailed(_rekey(failed.errors, "assessment.")) from None
        refresh_search(store.conn)
    # Only now, once committed, does the draft take the new ids (a refused save leaves it as it was).
    draft.id = household_id
    for index, member_id in new_member_ids.items():
        draft.members[index].id = member_id
    if assessment is not None:
        assessment.id = assessment_id
    return household_id


def delete(store: Store, household_id: int, reason: str) -> None:
    """Move a household to the trash (a tombstone with its reason)."""
    if store.db.identity.is_office:
        raise Refusal(office_refusal())
    store.delete("households", household_id, reason)


def restore(store: Store, household_id: int, reason: str = "") -> None:
    """Bring a household back from the trash (refused if its code was given to another meanwhile)."""
    if store.db.identity.is_office:
        raise Refusal(office_refusal())
    store.restore("households", household_id, reason)


# Record rules of the households and members tables -------------------------------------------

def _household_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    checked.error("code", v.household_code(r.get("code")))
    if r.get("area_type", "rural") not in AREAS:
        checked.error("area_type", tr("Loại địa bàn phải là nông thôn hoặc thành thị."))
    if r.get("status", "active") not in HOUSEHOLD_STATUS:
        checked.error("status", tr("Tình trạng hộ không hợp lệ."))
    checked.error("phone", v.phone(r.get("phone")))


CODE_TAKEN = records.unique("households", "code", ("commune_code", "code"),
                            lambda code: tr("Mã hộ {code} đã được dùng cho hộ khác trong xã.", code=code))
VILLAGE_GONE = records.live_parent("households", "village_id", "villages",
                                   lambda: tr("Chưa chọn thôn/bản (hoặc thôn/bản đã bị xóa)."))


def _describe_household(r: Mapping[str, Any]) -> str:
    return tr("hộ {code}", code=r.get("code") or "?")


def _normalize_member(values: dict[str, Any]) -> dict[str, Any]:
    if "full_name" in values:
        values["name_fold"] = fold(values["full_name"])
        values["name_sort"] = name_sort_string(values["full_name"])
    if values.get("citizen_id"):
        values["citizen_id"] = values["citizen_id"].replace(" ", "")
    return values


def _member_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    today = context.as_of
    checked.error("full_name", v.name(r.get("full_name")))
    checked.error("sex", v.sex(r.get("sex")))
    birth, message = v.past_date_field(r.get("birth_date"), tr_noop("Ngày sinh"), today)
    checked.error("birth_date", message)
    year = r.get("birth_year")
    if year is None and birth:
        year = birth.year
    checked.error("birth_year", v.birth_year(year, today))
    if birth and year and birth.year != year:
        checked.error("birth_year", tr("Năm sinh {year} không khớp ngày sinh {date}.", year=year,
                                       date=birth.strftime("%d/%m/%Y")))
    checked.error("ethnicity_code", v.ethnicity(r.get("ethnicity_code")))
    checked.error("citizen_id", v.citizen_id(r.get("citizen_id"), r.get("sex"), year))
    if r.get("relationship") not in RELATIONSHIPS:
        checked.error("relationship", tr("Quan hệ với chủ hộ không hợp lệ."))
    if r.get("status", "present") not in MEMBER_STATUS:
        checked.error("status", tr("Tình trạng nhân khẩu không hợp lệ."))
    checked.error("social_allowance", v.amount(r.get("social_allowance") or 0, what=tr_noop("Trợ cấp xã hội")))
    if not context.warnings or year is None or checked.errors.get("birth_year"):
        return
    age = today.year - int(year)
    if r.get("relationship") == "head" and age < HEAD_MIN_AGE:
        checked.warn("birth_year", tr("Chủ hộ mới {age} tuổi; hãy kiểm tra lại năm sinh.", age=age))
    if age > AGE_UNLIKELY:
        checked.warn("birth_year", tr("Nhân khẩu {age} tuổi; hãy kiểm tra lại năm sinh.", age=age))


MEMBER_HOUSEHOLD_GONE = records.live_parent("members", "household_id", "households",
                                            lambda: tr("Hộ của nhân khẩu không tồn tại hoặc đã bị xóa."))
SECOND_HEAD = SetRule(
    "one_head", "relationship",
    "SELECT c.id, o.full_name AS name FROM cand c JOIN {members} o ON o.household_id = c.household_id "
    "AND o.relationship = 'head' AND o.status = 'present' AND o.deleted = 0 AND o.id IS NOT c.id "
    "WHERE c.relationship = 'head' AND c.status = 'present'",
    lambda name: tr("Hộ đã có chủ hộ ({name}); một hộ chỉ có một chủ hộ.", name=name),
    indexes=("members (household_id)",))
CITIZEN_ID_ELSEWHERE = SetRule(
    "citizen_id_elsewhere", "citizen_id",
    "SELECT c.id, c.citizen_id AS cid, o.full_name AS name, h.code AS code FROM cand c "
    "JOIN {members} o ON o.citizen_id = c.citizen_id AND o.deleted = 0 AND o.id IS NOT c.id "
    "JOIN {households} h ON h.id = o.household_id AND h.deleted = 0 WHERE c.citizen_id <> ''",
    lambda cid, name, code: tr("Số CCCD {cid} đã có ở {name} (hộ {code}).", cid=cid, name=name, code=code),
    warning=True)


def _describe_member(r: Mapping[str, Any]) -> str:
    return tr("nhân khẩu {name} ({year})", name=r.get("full_name") or "?", year=r.get("birth_year") or "?")


records.register("households", text=("code", "address", "phone", "notes"), row=[_household_row],
                 sets=[CODE_TAKEN, VILLAGE_GONE], describe=_describe_household)
records.register("members", text=("full_name", "citizen_id", "health_insurance_card", "notes"),
                 normalize=_normalize_member, row=[_member_row],
                 sets=[MEMBER_HOUSEHOLD_GONE, SECOND_HEAD, CITIZEN_ID_ELSEWHERE], describe=_describe_member)
