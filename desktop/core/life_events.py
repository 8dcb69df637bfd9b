"""Life events of a household (biến động): each a guided change that keeps the history.

Births, deaths, marriage or moving in, a member leaving, a household splitting in two (tách hộ)
and a whole household moving to another commune. Nothing is erased: a person who dies or leaves
stays in the register with a status and its date, a household that moves away stays with status
`moved_away`, and every write goes through `Store`, so it is validated and audited; the audit
entries carry the event's reason and an `event` key naming it. Each event is one transaction:
refused, it changes nothing.

The head rule: a household is never left with a head who died or left while others remain — the
event names the new head among the members who stay. A household whose last member dies or
leaves is marked `dissolved`.

Each event has a `check_*` function returning a `Checked` — errors (field → message) and warnings
the forms show as the user types; when the event cannot apply to this household at all (it moved
away, it is not in this database) the reason is the error under "household" — and a function
that writes, raising `ValidationFailed` with the same errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from desktop.core import validators as v
from desktop.core.errors import Checked
from desktop.core.formats import date_text
from desktop.core.i18n import tr
from desktop.core.labels import (
    LIFE_EVENT_LABELS,
    MEMBER_STATUS_LABELS,
    RELATIONSHIPS,
    label,
    relationship_label,
)
from desktop.core.store import Store
from desktop.core.text import normalize as norm_text

KINDS = ("birth", "death", "marry_in", "move_out", "split", "move_away")
# A newborn is the head's child or grandchild, sometimes a younger sibling or another relative.
BIRTH_RELATIONSHIPS = ("child", "grandchild", "sibling", "other")
# Anyone may join a household except as its head (a change of head is its own step).
JOIN_RELATIONSHIPS = tuple(r for r in RELATIONSHIPS if r != "head")
LEAVE_STATUSES = ("married_out", "moved_out")
# A “birth” recorded long after the fact is more likely a member forgotten on the list.
LATE_BIRTH_DAYS = 366


def kind_label(kind: str) -> str:
    return label(LIFE_EVENT_LABELS, kind)


def status_label(status: str) -> str:
    return label(MEMBER_STATUS_LABELS, status)


# Reading -------------------------------------------------------------------------------------

def household(store: Store, household_id: int) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT * FROM households WHERE id = ? AND deleted = 0", (household_id,)).fetchone()
    return dict(row) if row else None


def present_members(store: Store, household_id: int) -> list[dict[str, Any]]:
    """Live members who still live in the household, in list order (head first)."""
    rows = store.conn.execute(
        "SELECT * FROM members WHERE household_id = ? AND deleted = 0 AND status = 'present' "
        "ORDER BY relationship <> 'head', position, id", (household_id,))
    return [dict(r) for r in rows]


def present_head(store: Store, household_id: int) -> dict[str, Any] | None:
    return next((m for m in present_members(store, household_id) if m["relationship"] == "head"), None)


def member_label(member: Mapping[str, Any]) -> str:
    """“Quàng Thị Thanh Huyền (1990, Vợ/chồng)”."""
    return f"{member['full_name']} ({member['birth_year']}, {relationship_label(member['relationship'])})"


def needs_new_head(store: Store, household_id: int, leaving: Collection[int]) -> bool:
    """True when the present head is among `leaving` and someone else stays."""
    head = present_head(store, household_id)
    remaining = [m for m in present_members(store, household_id) if m["id"] not in leaving]
    return head is not None and head["id"] in leaving and bool(remaining)


def may_name_new_head(store: Store, household_id: int, leaving: Collection[int]) -> bool:
    """A new head is needed (the head leaves), or allowed (the household has no head yet)."""
    remaining = [m for m in present_members(store, household_id) if m["id"] not in leaving]
    return bool(remaining) and (needs_new_head(store, household_id, leaving)
                                or present_head(store, household_id) is None)


def refusal(store: Store, household_id: int, kind: str) -> str | None:
    """Why the event `kind` cannot be recorded for this household at all, or None."""
    if kind not in KINDS:
        raise ValueError(f"unknown life event: {kind}")
    if store.db.identity.is_office:
        return tr("Biến động của hộ được ghi ở cơ sở dữ liệu của xã, không ghi ở cơ sở dữ liệu tổng hợp.")
    row = household(store, household_id)
    if row is None:
        return tr("Không tìm thấy hộ này (có thể đã bị xóa).")
    if row["status"] == "moved_away":
        return tr("Hộ {code} đã chuyển đi xã khác; không ghi thêm biến động được.", code=row["code"])
    if row["status"] == "dissolved":
        return tr("Hộ {code} đã giải thể (không còn nhân khẩu); không ghi thêm biến động được.", code=row["code"])
    present = len(present_members(store, household_id))
    if kind in ("death", "move_out") and present == 0:
        return tr("Hộ {code} không còn nhân khẩu nào đang ở.", code=row["code"])
    if kind == "split" and present < 2:
        return tr("Hộ {code} chỉ có {n} nhân khẩu đang ở; cần ít nhất hai người để tách hộ.",
                  code=row["code"], n=present)
    return None


def _closed(store: Store, household_id: int, kind: str, checked: Checked) -> bool:
    """True (with the reason under "household") when the event cannot apply to this household."""
    message = refusal(store, household_id, kind)
    checked.error("household", message)
    return message is not None


# Checking pieces -----------------------------------------------------------------------------

def _parse(value: Any) -> tuple[dt.date | None, str | None]:
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    return v.parse_date(None if value is None else str(value))


def _event_date(checked: Checked, key: str, value: Any, label: str,
                member: Mapping[str, Any] | None = None) -> dt.date | None:
    """A required date that has happened, not before the member's birth."""
    parsed, message = _parse(value)
    if message:
        checked.error(key, message)
        return None
    if parsed is None:
        checked.error(key, tr("Chưa nhập {label}.", label=label.lower()))
        return None
    message = v.past_date(parsed, label)
    if message:
        checked.error(key, message)
        return None
    if member is not None:
        birth = _parse(member.get("birth_date"))[0]
        if birth is not None and parsed < birth:
            checked.error(key, tr("{label} {date} trước ngày sinh {birth} của {name}.", label=label,
                                  date=date_text(parsed), birth=date_text(birth), name=member["full_name"]))
            return None
        year = member.get("birth_year")
        if birth is None and isinstance(year, int) and parsed.year < year:
            checked.error(key, tr("{label} {date} trước năm sinh {year} của {name}.", label=label,
                                  date=date_text(parsed), year=year, name=member["full_name"]))
            return None
    return parsed


def _present_member(store: Store, checked: Checked, member_id: int | None) -> dict[str, Any] | None:
    if member_id is None:
        checked.error("member_id", tr("Chưa chọn nhân khẩu."))
        return None
    row = store.conn.execute("SELECT * FROM members WHERE id = ? AND deleted = 0", (member_id,)).fetchone()
    if row is None:
        checked.error("member_id", tr("Không tìm thấy nhân khẩu này (có thể đã bị xóa)."))
        return None
    if row["status"] != "present":
        checked.error("member_id", tr("{name} không còn ở trong hộ ({status}).", name=row["full_name"],
                                      status=status_label(row["status"]).lower()))
        return None
    return dict(row)


def _check_new_head(store: Store, checked: Checked, household_id: int, leaving: Collection[int],
                    new_head_id: int | None, key: str = "new_head_id") -> None:
    """The head rule: name a new head (who stays) when the head leaves and others remain."""
    remaining = {m["id"]: m for m in present_members(store, household_id) if m["id"] not in leaving}
    if needs_new_head(store, household_id, leaving):
        if new_head_id is None:
            head = present_head(store, household_id)
            checked.error(key, tr("{name} là chủ hộ: hãy chọn chủ hộ mới trong số người ở lại.",
                                  name=head["full_name"] if head else "?"))
            return
    elif new_head_id is not None and not may_name_new_head(store, household_id, leaving):
        head = present_head(store, household_id)
        checked.error(key, tr("Chủ hộ {name} vẫn ở trong hộ; không cần chọn chủ hộ mới.",
                              name=head["full_name"] if head else "?"))
        return
    if new_head_id is not None and new_head_id not in remaining:
        checked.error(key, tr("Chủ hộ mới phải là người đang ở và ở lại trong hộ."))


def _note(text: str, note: str | None) -> str:
    """An audit reason: the event's own sentence, then what the user added."""
    note = norm_text(note)
    return f"{text} — {note}" if note else text


def _append(existing: str | None, text: str) -> str:
    existing = norm_text(existing)
    return f"{existing}; {text}" if existing else text


def _event(kind: str, **more: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {"event": kind, **more}


def _promote(store: Store, member_id: int, reason: str, kind: str) -> None:
    store.update("members", member_id, {"relationship": "head"}, reason=reason, extra_audit=_event(kind))


def _after_leaving(store: Store, member: Mapping[str, Any], new_head_id: int | None, when: dt.date,
                   kind: str, note: str) -> None:
    """Promote the new head; mark the household dissolved when nobody is left in it."""
    household_id = member["household_id"]
    if new_head_id is not None:
        reason = _note(tr("Làm chủ hộ thay {name} từ ngày {date}", name=member["full_name"],
                          date=date_text(when)), note)
        _promote(store, new_head_id, reason, kind)
    if not present_members(store, household_id):
        store.update("households", household_id, {"status": "dissolved", "status_date": when.isoformat()},
                     reason=_note(tr("Hộ không còn nhân khẩu nào (từ ngày {date})", date=date_text(when)), note),
                     extra_audit=_event(kind))


# New members (birth, marry_in) ----------------------------------------------------------------

def _next_position(store: Store, household_id: int) -> int:
    return store.conn.execute(
        "SELECT MAX(COALESCE(MAX(position), 0), COUNT(*)) + 1 FROM members WHERE household_id = ?", (household_id,)
    ).fetchone()[0]


def _new_member(store: Store, household_id: int, member: Mapping[str, Any], relationship: str) -> dict[str, Any]:
    record = {k: val for k, val in member.items() if val is not None}
    record.update(household_id=household_id, status="present")
    record.setdefault("relationship", relationship)
    record.setdefault("position", _next_position(store, household_id))
    birth, message = _parse(record.get("birth_date"))
    if birth is not None and not message:
        record["birth_date"] = birth.isoformat()
        record.setdefault("birth_year", birth.year)
    elif not record.get("birth_date"):
        record.pop("birth_date", None)
    return record


def check_birth(store: Store, household_id: int, member: Mapping[str, Any]) -> Checked:
    """Errors and warnings of a birth: the child's data, with a birth date (not in the future)."""
    checked = Checked()
    if _closed(store, household_id, "birth", checked):
        return checked
    record = _new_member(store, household_id, member, "child")
    if not record.get("birth_date") and not _parse(member.get("birth_date"))[1]:
        checked.error("birth_date", tr("Cần có ngày sinh của trẻ."))
    if record["relationship"] not in BIRTH_RELATIONSHIPS:
        checked.error("relationship", tr("Trẻ mới sinh là con, cháu, em hoặc người thân khác của chủ hộ."))
    checked.merge(store.check("members", record))
    birth = _parse(record.get("birth_date"))[0]
    if birth and not checked.errors.get("birth_date") and (dt.date.today() - birth).days > LATE_BIRTH_DAYS:
        checked.warn("birth_date", tr("Trẻ sinh đã hơn một năm: nếu là người có sẵn mà sổ còn thiếu, hãy thêm "
                                      "trong biểu mẫu hộ thay vì ghi biến động sinh."))
    return checked


def birth(store: Store, household_id: int, member: Mapping[str, Any], *, note: str = "") -> int:
    """Add a newborn to the household; returns the new member's id."""
    with store.db.transaction():
        check_birth(store, household_id, member).raise_errors()
        record = _new_member(store, household_id, member, "child")
        reason = _note(tr("Sinh ngày {date}", date=date_text(record["birth_date"])), note)
        return store.insert("members", record, reason=reason, extra_audit={"event": "birth"})


def check_marry_in(store: Store, household_id: int, member: Mapping[str, Any], date: Any) -> Checked:
    """Errors and warnings of a person joining the household (marriage, moving in)."""
    checked = Checked()
    if _closed(store, household_id, "marry_in", checked):
        return checked
    record = _new_member(store, household_id, member, "spouse")
    if record["relationship"] not in JOIN_RELATIONSHIPS:
        checked.error("relationship", tr("Người nhập khẩu không thể là chủ hộ; chọn quan hệ khác "
                                         "(đổi chủ hộ là một bước riêng)."))
    checked.merge(store.check("members", record))
    _event_date(checked, "date", date, tr("Ngày nhập khẩu"),
                record if not (checked.errors.get("birth_date") or checked.errors.get("birth_year")) else None)
    if record["relationship"] == "spouse":
        spouse = next((m for m in present_members(store, household_id) if m["relationship"] == "spouse"), None)
        if spouse:
            checked.warn("relationship", tr("Hộ đã có {name} là vợ/chồng của chủ hộ.", name=spouse["full_name"]))
    return checked


def marry_in(store: Store, household_id: int, member: Mapping[str, Any], *, date: Any,
             origin: str = "", note: str = "") -> int:
    """Add a person who joins the household (spouse, child-in-law, …); returns the new member's id.

    The day they joined is the member's status date; where they came from goes to their notes.
    """
    with store.db.transaction():
        check_marry_in(store, household_id, member, date).raise_errors()
        when = _parse(date)[0]
        record = _new_member(store, household_id, member, "spouse")
        record["status_date"] = when.isoformat()
        origin = norm_text(origin)
        if origin:
            record["notes"] = _append(record.get("notes"), tr("Chuyển đến từ: {place}", place=origin))
        reason = _note(tr("Nhập khẩu ngày {date}", date=date_text(when)), note)
        if origin:
            reason = _note(reason, tr("từ {place}", place=origin))
        return store.insert("members", record, reason=reason, extra_audit={"event": "marry_in"})


# Members leaving (death, move_out) -------------------------------------------------------------

def check_death(store: Store, member_id: int | None, date: Any, new_head_id: int | None = None) -> Checked:
    """Errors of a death: a present member, a date not in the future nor before the birth, and a
    new head when the head died and others remain."""
    checked = Checked()
    member = _present_member(store, checked, member_id)
    if member is None:
        return checked
    if _closed(store, member["household_id"], "death", checked):
        return checked
    _event_date(checked, "date", date, tr("Ngày mất"), member)
    _check_new_head(store, checked, member["household_id"], {member["id"]}, new_head_id)
    return checked


def death(store: Store, member_id: int, date: Any, *, new_head_id: int | None = None, note: str = "") -> None:
    """Record a death: the member stays in the register with status “deceased” and its date."""
    with store.db.transaction():
        check_death(store, member_id, date, new_head_id).raise_errors()
        member = store.require("members", member_id)
        when = _parse(date)[0]
        reason = _note(tr("Mất ngày {date}", date=date_text(when)), note)
        store.update("members", member_id, {"status": "deceased", "status_date": when.isoformat()},
                     reason=reason, extra_audit=_event("death"))
        _after_leaving(store, member, new_head_id, when, "death", note)


def check_move_out(store: Store, member_id: int | None, status: str, date: Any,
                   new_head_id: int | None = None) -> Checked:
    """Errors of a member leaving (married out or moved out); the head rule as for a death."""
    checked = Checked()
    if status not in LEAVE_STATUSES:
        checked.error("status", tr("Chọn lý do: kết hôn chuyển đi, hoặc chuyển đi nơi khác."))
    member = _present_member(store, checked, member_id)
    if member is None:
        return checked
    if _closed(store, member["household_id"], "move_out", checked):
        return checked
    _event_date(checked, "date", date, tr("Ngày chuyển đi"), member)
    _check_new_head(store, checked, member["household_id"], {member["id"]}, new_head_id)
    return checked


def move_out(store: Store, member_id: int, status: str, date: Any, *, destination: str = "",
             new_head_id: int | None = None, note: str = "") -> None:
    """Record a member leaving: status “married_out” or “moved_out” with its date; where they went
    goes to their notes and to the audit reason."""
    with store.db.transaction():
        check_move_out(store, member_id, status, date, new_head_id).raise_errors()
        member = store.require("members", member_id)
        when = _parse(date)[0]
        destination = norm_text(destination)
        if status == "married_out":
            text = tr("Kết hôn, chuyển đi ngày {date}", date=date_text(when))
        else:
            text = tr("Chuyển đi ngày {date}", date=date_text(when))
        changes: dict[str, Any] = {"status": status, "status_date": when.isoformat()}
        if destination:
            text = f"{text}: {destination}"
            changes["notes"] = _append(member["notes"], tr("Chuyển đến: {place} ({date})", place=destination,
                                                           date=date_text(when)))
        store.update("members", member_id, changes, reason=_note(text, note), extra_audit=_event("move_out"))
        _after_leaving(store, member, new_head_id, when, "move_out", note)


# Split (tách hộ) -------------------------------------------------------------------------------

def check_split(store: Store, household_id: int, member_ids: Collection[int], *, code: str,
                village_id: int | None, head_id: int | None, date: Any,
                remaining_head_id: int | None = None, relationships: Mapping[int, str] | None = None,
                address: str = "") -> Checked:
    """Errors of a split: who leaves (some, not all), the new household's code (unique in the
    commune) and village, its head among the leavers, the relationships of the others to that
    head, and the head rule in the household they leave."""
    checked = Checked()
    if _closed(store, household_id, "split", checked):
        return checked
    old = household(store, household_id)
    present = {m["id"]: m for m in present_members(store, household_id)}
    leaving = set(member_ids)
    if not leaving:
        checked.error("member_ids", tr("Chưa chọn người nào chuyển sang hộ mới."))
    elif not leaving <= set(present):
        checked.error("member_ids", tr("Chỉ chọn được những người đang ở trong hộ."))
    elif leaving == set(present):
        checked.error("member_ids", tr("Phải còn ít nhất một người ở lại hộ cũ; nếu cả hộ chuyển đi, hãy dùng "
                                       "“Cả hộ chuyển đi xã khác” hoặc sửa thôn/bản của hộ."))
    if head_id is None:
        checked.error("head_id", tr("Chưa chọn chủ hộ của hộ mới."))
    elif head_id not in leaving:
        checked.error("head_id", tr("Chủ hộ mới phải là một trong những người chuyển sang hộ mới."))
    relationships = relationships or {}
    for member_id in sorted(leaving - {head_id}):
        member = present.get(member_id)
        if member is None:
            continue
        relationship = relationships.get(member_id) or member["relationship"]
        if relationship not in RELATIONSHIPS:
            checked.error("relationships", tr("Quan hệ với chủ hộ không hợp lệ."))
        elif relationship == "head":
            checked.error("relationships", tr("Hãy ghi quan hệ của {name} với chủ hộ mới.", name=member["full_name"]))
    if not checked.errors.get("member_ids"):
        _check_new_head(store, checked, household_id, leaving, remaining_head_id, key="remaining_head_id")
    new = {"village_id": village_id, "code": norm_text(code), "address": address or "",
           "area_type": old["area_type"]}
    checked.merge(store.check("households", new))
    _event_date(checked, "date", date, tr("Ngày tách hộ"))
    return checked


def split(store: Store, household_id: int, member_ids: Collection[int], *, code: str, village_id: int,
          head_id: int, date: Any, remaining_head_id: int | None = None,
          relationships: Mapping[int, str] | None = None, address: str = "", note: str = "") -> int:
    """Split a household: create the new one, move the chosen members to it (each an audited
    update of their household), set the heads of both, and mark the split on the original, which
    keeps its history. Assessments are not copied: both households need a new review.
    Returns the new household's id."""
    with store.db.transaction():
        check_split(store, household_id, member_ids, code=code, village_id=village_id, head_id=head_id,
                              date=date, remaining_head_id=remaining_head_id, relationships=relationships,
                              address=address).raise_errors()
        old = store.require("households", household_id)
        when = _parse(date)[0]
        present = {m["id"]: m for m in present_members(store, household_id)}
        old_head = present_head(store, household_id)
        relationships = relationships or {}
        new_code = norm_text(code)
        reason = _note(tr("Tách hộ {new} từ hộ {old} ngày {date}", new=new_code, old=old["code"],
                          date=date_text(when)), note)
        new_id = store.insert("households", {
            "village_id": village_id, "code": new_code, "address": address or "", "phone": "",
            "area_type": old["area_type"], "status": "active", "status_date": when.isoformat(),
            "split_on": when.isoformat(),
            "notes": tr("Tách từ hộ {code} ngày {date}", code=old["code"], date=date_text(when)),
        }, reason=reason, extra_audit={"event": "split", "from_household_uuid": old["uuid"]})
        # The new head first, so the household never has two heads; then the others in list order.
        others = sorted((present[m] for m in set(member_ids) - {head_id}), key=lambda m: (m["position"], m["id"]))
        store.update("members", head_id, {"household_id": new_id, "relationship": "head", "position": 1},
                     reason=reason, extra_audit=_event("split"))
        for position, member in enumerate(others, start=2):
            changes = {"household_id": new_id, "position": position,
                       "relationship": relationships.get(member["id"]) or member["relationship"]}
            store.update("members", member["id"], changes, reason=reason, extra_audit=_event("split"))
        if remaining_head_id is not None:
            if old_head is not None and old_head["id"] in set(member_ids):
                text = tr("Làm chủ hộ thay {name} (tách hộ ngày {date})", name=old_head["full_name"],
                          date=date_text(when))
            else:  # the household had no head: one is named now
                text = tr("Làm chủ hộ (tách hộ ngày {date})", date=date_text(when))
            _promote(store, remaining_head_id, _note(text, note), "split")
        new_uuid = store.require("households", new_id)["uuid"]
        # The original's own history records the split, though none of its fields change.
        store.update("households", household_id, {}, reason=reason,
                     extra_audit=({}, {"event": "split", "new_household_uuid": new_uuid}))
    return new_id


# Whole household moving away -------------------------------------------------------------------

def check_move_away(store: Store, household_id: int, date: Any, destination: str) -> Checked:
    checked = Checked()
    if _closed(store, household_id, "move_away", checked):
        return checked
    _event_date(checked, "date", date, tr("Ngày chuyển đi"))
    if not norm_text(destination):
        checked.error("destination", tr("Cần ghi nơi chuyển đến (xã, huyện, tỉnh)."))
    return checked


def move_away(store: Store, household_id: int, date: Any, destination: str, *, note: str = "") -> None:
    """The whole household moves to another commune: status “moved_away” with its date and the
    destination in its notes. It stays in the register, its members attached."""
    with store.db.transaction():
        check_move_away(store, household_id, date, destination).raise_errors()
        row = store.require("households", household_id)
        when = _parse(date)[0]
        destination = norm_text(destination)
        store.update("households", household_id, {
            "status": "moved_away", "status_date": when.isoformat(),
            "notes": _append(row["notes"], tr("Chuyển đến: {place} ({date})", place=destination,
                                              date=date_text(when))),
        }, reason=_note(tr("Cả hộ chuyển đi ngày {date}: {place}", date=date_text(when), place=destination), note),
            extra_audit=_event("move_away"))
