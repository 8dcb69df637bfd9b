"""Life events: birth, death, marrying in, moving out, splitting, moving away.

Each keeps the history (statuses and dates instead of deletions, audit entries with the reason
and the event), keeps a household's head right, and changes nothing when refused.
"""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import check, life_events
from desktop.core.errors import Refusal, ValidationFailed
from desktop.core.formats import date_text
from desktop.core.store import Store
from tests.helpers import dated, refuse_call


def add(store: Store, household_id: int, name: str, relationship: str, sex: str = "F", year: int = 1990,
        **more) -> int:
    return store.insert("members", {"household_id": household_id, "full_name": name, "sex": sex,
                                    "birth_year": year, "ethnicity_code": "03", "relationship": relationship,
                                    **more})


@pytest.fixture
def family(store, household):
    """The household of fixture `household` with a wife and two children: (household, ids by role)."""
    _village, hid, head = household
    wife = add(store, hid, "Quàng Thị Thanh Huyền", "spouse", year=1984)
    son = add(store, hid, "Lò Văn Khánh", "child", sex="M", year=2004, birth_date="2004-05-17")
    daughter = add(store, hid, "Lò Thị Mai", "child", year=2008)
    return hid, {"head": head, "wife": wife, "son": son, "daughter": daughter}


def last_audit(store: Store, table: str, record_id: int) -> dict:
    return store.history(store.get(table, record_id)["uuid"])[-1]


def members_of(store: Store, household_id: int) -> dict[str, tuple[str, str]]:
    rows = store.conn.execute("SELECT full_name, relationship, status FROM members WHERE household_id = ?",
                              (household_id,))
    return {r[0]: (r[1], r[2]) for r in rows}


# Birth -----------------------------------------------------------------------------------------

def test_birth_adds_a_child_with_the_event_in_the_audit(store, family, today):
    hid, _ = family
    born = (today - dt.timedelta(days=20)).strftime("%d/%m/%Y")
    mid = life_events.birth(store, hid, {"full_name": "Lò Thị Ngọc Ánh", "sex": "F", "birth_date": born,
                                         "ethnicity_code": "03"}, note="Giấy chứng sinh 123")
    row = store.get("members", mid)
    assert row["relationship"] == "child" and row["status"] == "present"
    assert row["birth_date"] == (today - dt.timedelta(days=20)).isoformat()
    assert row["birth_year"] == (today - dt.timedelta(days=20)).year
    assert row["position"] == 5 and row["citizen_id"] == ""
    entry = last_audit(store, "members", mid)
    assert entry["action"] == "insert" and entry["new_values"]["event"] == "birth"
    assert entry["reason"] == f"Sinh ngày {born} — Giấy chứng sinh 123"


@pytest.mark.parametrize(("member", "field"), [
    ({"full_name": "Lò Văn Bé", "sex": "M", "ethnicity_code": "03"}, "birth_date"),
    ({"full_name": "Lò Văn Bé", "sex": "M", "ethnicity_code": "03", "birth_date": lambda today: (today + dt.timedelta(days=1)).isoformat()}, "birth_date"),
    ({"full_name": "Lò Văn Bé", "sex": "M", "ethnicity_code": "03", "birth_date": "31/02/2024"}, "birth_date"),
    ({"full_name": "", "sex": "M", "ethnicity_code": "03", "birth_date": dt.date.isoformat}, "full_name"),
    ({"full_name": "Lò Văn Bé", "ethnicity_code": "03", "birth_date": dt.date.isoformat}, "sex"),
    ({"full_name": "Lò Văn Bé", "sex": "M", "ethnicity_code": "03", "birth_date": dt.date.isoformat,
      "relationship": "spouse"}, "relationship"),
    ({"full_name": "Lò Văn Bé", "sex": "M", "ethnicity_code": "03", "birth_date": dt.date.isoformat,
      "relationship": "head"}, "relationship"),
])
def test_birth_refused(store, family, member, field, today):
    hid, _ = family
    member = dated(member, today)
    error = refuse_call(store, ValidationFailed, life_events.birth, store, hid, member)
    assert field in error.errors


def test_late_birth_is_a_warning_only(store, family):
    hid, _ = family
    checked = life_events.check_birth(store, hid, {"full_name": "Lò Văn Bé", "sex": "M", "ethnicity_code": "03",
                                                   "birth_date": "2020-01-01"})
    assert not checked.errors and "hơn một năm" in checked.warnings["birth_date"]


# Death -----------------------------------------------------------------------------------------

def test_death_of_a_member(store, family, today):
    hid, who = family
    life_events.death(store, who["daughter"], today.strftime("%d/%m/%Y"), note="Giấy báo tử 7")
    row = store.get("members", who["daughter"])
    assert (row["status"], row["status_date"], row["deleted"]) == ("deceased", today.isoformat(), 0)
    entry = last_audit(store, "members", who["daughter"])
    assert entry["old_values"] == {"status": "present", "status_date": None}
    assert entry["new_values"]["event"] == "death" and "Giấy báo tử 7" in entry["reason"]
    assert life_events.present_head(store, hid)["id"] == who["head"]


def test_death_of_the_head_names_the_new_head(store, family):
    hid, who = family
    when = dt.date(2024, 3, 2)
    assert life_events.needs_new_head(store, hid, {who["head"]})
    life_events.death(store, who["head"], when, new_head_id=who["wife"])
    assert store.get("members", who["head"])["status"] == "deceased"
    assert life_events.present_head(store, hid)["id"] == who["wife"]
    promoted = last_audit(store, "members", who["wife"])
    assert promoted["old_values"] == {"relationship": "spouse"} and promoted["new_values"]["relationship"] == "head"
    assert "Lò Văn Thượng" in promoted["reason"] and "02/03/2024" in promoted["reason"]
    assert check.run(store.db).ok


def test_death_of_the_head_without_a_new_head_is_refused(store, family, today):
    _hid, who = family
    error = refuse_call(store, ValidationFailed, life_events.death, store, who["head"], today)
    assert "chủ hộ mới" in error.errors["new_head_id"]


@pytest.mark.parametrize(("case", "field"), [
    ("future", "date"), ("before_birth", "date"), ("bad_date", "date"), ("no_date", "date"),
    ("head_is_leaver", "new_head_id"), ("head_elsewhere", "new_head_id"), ("head_not_needed", "new_head_id"),
    ("already_dead", "member_id"), ("no_member", "member_id"),
])
def test_death_refused(store, family, case, field, today):
    hid, who = family
    other = store.insert("households", {"village_id": store.get("households", hid)["village_id"], "code": "QN-9"})
    stranger = add(store, other, "Lường Văn Panh", "head", sex="M", year=1970)
    if case == "already_dead":
        life_events.death(store, who["daughter"], today)
    member, date, new_head = {
        "future": (who["daughter"], (today + dt.timedelta(days=1)), None),
        "before_birth": (who["son"], "2004-05-16", None),
        "bad_date": (who["son"], "30/02/2024", None),
        "no_date": (who["son"], "", None),
        "head_is_leaver": (who["head"], today, who["head"]),
        "head_elsewhere": (who["head"], today, stranger),
        "head_not_needed": (who["son"], today, who["wife"]),
        "already_dead": (who["daughter"], today, None),
        "no_member": (None, today, None),
    }[case]
    error = refuse_call(store, ValidationFailed, life_events.death, store, member, date, new_head_id=new_head)
    assert field in error.errors


def test_before_birth_year_when_only_the_year_is_known(store, family):
    _hid, who = family
    error = refuse_call(store, ValidationFailed, life_events.death, store, who["daughter"], "31/12/2007")
    assert "năm sinh 2008" in error.errors["date"]


def test_last_member_dying_dissolves_the_household(store, household, today):
    _v, hid, head = household
    life_events.death(store, head, "2024-06-01")
    row = store.get("households", hid)
    assert (row["status"], row["status_date"], row["deleted"]) == ("dissolved", "2024-06-01", 0)
    assert life_events.refusal(store, hid, "birth") and "giải thể" in life_events.refusal(store, hid, "birth")
    refuse_call(store, Refusal, life_events.birth, store, hid, {"full_name": "Lò Văn Bé", "sex": "M", "ethnicity_code": "03",
                                            "birth_date": today.isoformat()}, match="giải thể")


# Marrying in -----------------------------------------------------------------------------------

def test_marry_in_with_full_data(store, family):
    hid, _who = family
    mid = life_events.marry_in(store, hid, {
        "full_name": "Quàng Thị Thanh Huyền", "sex": "F", "birth_date": "12/08/2003", "ethnicity_code": "03",
        "citizen_id": "011303001234", "relationship": "child_in_law", "health_insurance_card": "DT2111100012345",
    }, date="20/01/2024", origin="Bản Phiêng Pi Mường Khong, xã Mường Thín")
    row = store.get("members", mid)
    assert (row["relationship"], row["status"], row["status_date"]) == ("child_in_law", "present", "2024-01-20")
    assert row["birth_date"] == "2003-08-12" and row["birth_year"] == 2003
    assert "Mường Thín" in row["notes"]
    entry = last_audit(store, "members", mid)
    assert entry["new_values"]["event"] == "marry_in" and "20/01/2024" in entry["reason"]


def test_marry_in_warns_about_a_second_spouse_and_refuses_a_head(store, family, today):
    hid, _ = family
    person = {"full_name": "Lò Văn Sơn", "sex": "M", "birth_year": 1985, "ethnicity_code": "03"}
    checked = life_events.check_marry_in(store, hid, person, today)
    assert not checked.errors and "Quàng Thị Thanh Huyền" in checked.warnings["relationship"]
    error = refuse_call(store, ValidationFailed, life_events.marry_in, store, hid, person | {"relationship": "head"}, date=today)
    assert "relationship" in error.errors
    error = refuse_call(store, ValidationFailed, life_events.marry_in, store, hid, person, date="01/01/1984")
    assert "năm sinh 1985" in error.errors["date"]
    error = refuse_call(store, ValidationFailed, life_events.marry_in, store, hid, person | {"citizen_id": "123"}, date=today)
    assert "citizen_id" in error.errors


# Moving out ------------------------------------------------------------------------------------

def test_move_out_keeps_the_member_with_destination(store, family):
    hid, who = family
    life_events.move_out(store, who["daughter"], "married_out", "2024-02-10", destination="Bản Hua Sát, xã Nà Sáy")
    row = store.get("members", who["daughter"])
    assert (row["status"], row["status_date"], row["household_id"]) == ("married_out", "2024-02-10", hid)
    assert "Nà Sáy" in row["notes"]
    entry = last_audit(store, "members", who["daughter"])
    assert "Kết hôn" in entry["reason"] and "Nà Sáy" in entry["reason"]


def test_move_out_of_the_head(store, family, today):
    hid, who = family
    refuse_call(store, ValidationFailed, life_events.move_out, store, who["head"], "moved_out", today)
    life_events.move_out(store, who["head"], "moved_out", today, destination="Hà Nội", new_head_id=who["son"])
    assert life_events.present_head(store, hid)["id"] == who["son"]
    assert store.get("members", who["head"])["status"] == "moved_out"


def test_move_out_with_a_wrong_status_is_refused(store, family, today):
    _hid, who = family
    error = refuse_call(store, ValidationFailed, life_events.move_out, store, who["son"], "deceased", today)
    assert "status" in error.errors


# Split -----------------------------------------------------------------------------------------

def test_split_moves_members_and_sets_both_heads(store, family):
    hid, who = family
    village = store.get("households", hid)["village_id"]
    before = store.get("households", hid)
    new = life_events.split(store, hid, [who["son"], who["daughter"]], code="QN-00002", village_id=village,
                            head_id=who["son"], relationships={who["daughter"]: "sibling"},
                            date="2024-04-01", address="Bản Co Muông", note="Đơn xin tách hộ")
    assert members_of(store, new) == {"Lò Văn Khánh": ("head", "present"), "Lò Thị Mai": ("sibling", "present")}
    assert members_of(store, hid) == {"Lò Văn Thượng": ("head", "present"),
                                      "Quàng Thị Thanh Huyền": ("spouse", "present")}
    row = store.get("households", new)
    assert (row["code"], row["village_id"], row["status"], row["status_date"]) == ("QN-00002", village, "active", "2024-04-01")
    assert "QN-00001" in row["notes"]
    # The moves are audited updates of the members' household; the original records the split.
    move = last_audit(store, "members", who["daughter"])
    assert move["old_values"]["household_uuid"] == before["uuid"]
    assert move["new_values"]["household_uuid"] == row["uuid"] and move["new_values"]["event"] == "split"
    marker = last_audit(store, "households", hid)
    assert marker["new_values"] == {"event": "split", "new_household_uuid": row["uuid"]}
    assert "Đơn xin tách hộ" in marker["reason"]
    after = store.get("households", hid)
    assert {k: after[k] for k in ("code", "village_id", "status", "notes")} == {
        k: before[k] for k in ("code", "village_id", "status", "notes")}
    assert check.run(store.db).ok


def test_split_with_the_head_leaving(store, family, today):
    hid, who = family
    village = store.get("households", hid)["village_id"]
    error = refuse_call(store, ValidationFailed, life_events.split, store, hid, [who["head"], who["wife"]], code="QN-00002",
                    village_id=village, head_id=who["head"], date=today)
    assert "remaining_head_id" in error.errors
    new = life_events.split(store, hid, [who["head"], who["wife"]], code="QN-00002", village_id=village,
                            head_id=who["head"], remaining_head_id=who["son"], date=today)
    assert life_events.present_head(store, new)["id"] == who["head"]
    assert life_events.present_head(store, hid)["id"] == who["son"]
    assert "Lò Văn Thượng" in last_audit(store, "members", who["son"])["reason"]


def test_split_where_the_old_head_joins_as_a_parent(store, family, today):
    hid, who = family
    village = store.get("households", hid)["village_id"]
    error = refuse_call(store, ValidationFailed, life_events.split, store, hid, [who["head"], who["son"]], code="QN-00002",
                    village_id=village, head_id=who["son"], remaining_head_id=who["wife"], date=today)
    assert "Lò Văn Thượng" in error.errors["relationships"]
    new = life_events.split(store, hid, [who["head"], who["son"]], code="QN-00002", village_id=village,
                            head_id=who["son"], remaining_head_id=who["wife"],
                            relationships={who["head"]: "parent"}, date=today)
    assert members_of(store, new) == {"Lò Văn Khánh": ("head", "present"), "Lò Văn Thượng": ("parent", "present")}


@pytest.mark.parametrize(("case", "field"), [
    ("nobody", "member_ids"), ("everybody", "member_ids"), ("stranger", "member_ids"),
    ("code_taken", "code"), ("bad_code", "code"), ("no_head", "head_id"), ("head_stays", "head_id"),
    ("deleted_village", "village_id"), ("future", "date"),
])
def test_split_refused(store, family, case, field, today):
    hid, who = family
    village = store.get("households", hid)["village_id"]
    gone = store.insert("villages", {"name": "Bản Cũ"})
    store.delete("villages", gone, "gộp")
    args = {"member_ids": [who["son"]], "code": "QN-00002", "village_id": village, "head_id": who["son"],
            "date": today}
    args |= {
        "nobody": {"member_ids": []},
        "everybody": {"member_ids": list(who.values()), "head_id": who["head"]},
        "stranger": {"member_ids": [who["son"], 999]},
        "code_taken": {"code": "QN-00001"},
        "bad_code": {"code": "mã hộ"},
        "no_head": {"head_id": None},
        "head_stays": {"head_id": who["wife"]},
        "deleted_village": {"village_id": gone},
        "future": {"date": (today + dt.timedelta(days=1))},
    }[case]
    error = refuse_call(store, ValidationFailed, life_events.split, store, hid, args.pop("member_ids"), **args)
    assert field in error.errors


def test_split_needs_two_present_members(store, household):
    _v, hid, _head = household
    assert "hai người" in life_events.refusal(store, hid, "split")


# Moving away -----------------------------------------------------------------------------------

def test_move_away_marks_the_household_and_keeps_it(store, family, today):
    hid, who = family
    life_events.move_away(store, hid, "15/05/2024", "Xã Mường Mươn, huyện Mường Chà")
    row = store.get("households", hid)
    assert (row["status"], row["status_date"], row["deleted"]) == ("moved_away", "2024-05-15", 0)
    assert "Mường Mươn" in row["notes"]
    assert all(status == "present" for _rel, status in members_of(store, hid).values())
    entry = last_audit(store, "households", hid)
    assert entry["new_values"]["event"] == "move_away" and "Mường Mươn" in entry["reason"]
    # A household that moved away takes no more events.
    for kind in life_events.KINDS:
        assert "chuyển đi xã khác" in life_events.refusal(store, hid, kind)
    refuse_call(store, Refusal, life_events.death, store, who["son"], today, match="chuyển đi xã khác")
    refuse_call(store, Refusal, life_events.move_away, store, hid, today, "Hà Nội", match="chuyển đi xã khác")
    # The checks say so without raising: the reason stands under "household" in their Checked.
    checks = [life_events.check_birth(store, hid, {"full_name": "Lò Văn Mới", "sex": "M", "birth_date": today}),
              life_events.check_death(store, who["son"], today),
              life_events.check_move_away(store, hid, today, "Hà Nội"),
              life_events.check_split(store, hid, [who["son"]], code="QN-9", village_id=None, head_id=who["son"],
                                      date=today)]
    assert all("chuyển đi xã khác" in c.errors["household"] for c in checks)


def test_move_away_refused(store, family, today):
    hid, _ = family
    assert "destination" in refuse_call(store, ValidationFailed, life_events.move_away, store, hid, today, "  ").errors
    assert "date" in refuse_call(store, ValidationFailed, life_events.move_away, store, hid, (today + dt.timedelta(days=1)), "Hà Nội").errors


# Everywhere ------------------------------------------------------------------------------------

def test_events_refused_on_deleted_households_and_at_the_office(store, family, office_db, today):
    hid, _who = family
    store.delete("households", hid, "trùng")
    assert "Không tìm thấy" in life_events.refusal(store, hid, "birth")
    refuse_call(store, Refusal, life_events.move_away, store, hid, today, "Hà Nội", match="Không tìm thấy")
    office = Store(office_db, actor="tester")
    assert "tổng hợp" in life_events.refusal(office, 1, "death")


def test_unknown_kind_is_a_bug(store, family):
    with pytest.raises(ValueError):
        life_events.refusal(store, family[0], "adoption")


def test_labels():
    assert [life_events.kind_label(k) for k in life_events.KINDS][:2] == ["Sinh", "Mất"]
    assert life_events.member_label({"full_name": "Lò Thị Mai", "birth_year": 2008, "relationship": "child"}) == (
        "Lò Thị Mai (2008, Con)")
    assert date_text("2024-03-02") == "02/03/2024" and date_text(None) == ""
