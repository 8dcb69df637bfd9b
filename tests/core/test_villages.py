"""Villages: add, rename, merge (households move, the source is a tombstone), ĐBKK periods,
population per year, and the listing; a refused operation changes nothing."""

from __future__ import annotations

import pytest

from desktop.core import check, villages
from desktop.core.errors import Refusal, ValidationFailed
from desktop.core.store import Store
from tests.helpers import dated, refused, snapshot

LONG_NAME = "Bản Phiêng Pi Mường Khong"


def household_in(store: Store, village_id: int, code: str, status: str = "active") -> int:
    hid = store.insert("households", {"village_id": village_id, "code": code})
    if status != "active":
        store.update("households", hid, {"status": status})
    return hid


def test_add_and_list_in_vietnamese_order(store):
    names = ["Bản Xôm", "Bản Co Muông", "Bản Đông", LONG_NAME]
    ids = {name: villages.add_village(store, name) for name in names}
    listed = villages.list_villages(store)
    assert [s.name for s in listed] == ["Bản Co Muông", "Bản Đông", LONG_NAME, "Bản Xôm"]
    assert all(s.households == 0 and s.population is None and s.dbkk is None for s in listed)
    row = store.get("villages", ids[LONG_NAME])
    assert store.history(row["uuid"])[0]["action"] == "insert"


@pytest.mark.parametrize(("name", "fragment"), [
    ("", "không được để trống"),
    ("bản co muông", "đã có trong xã"),  # the same name, whatever the case and diacritics form
])
def test_add_refused_changes_nothing(store, name, fragment):
    villages.add_village(store, "Bản Co Muông")
    before = snapshot(store)
    with pytest.raises(ValidationFailed) as info:
        villages.add_village(store, name)
    assert fragment in info.value.errors["name"]
    assert snapshot(store) == before
    assert villages.check_village(store, name).errors["name"] == info.value.errors["name"]


def test_rename_keeps_the_old_name_in_the_history(store):
    vid = villages.add_village(store, "Bản Phiêng Pi")
    assert villages.rename_village(store, vid, LONG_NAME, reason="Quyết định 15/QĐ-UBND")
    row = store.get("villages", vid)
    assert row["name"] == LONG_NAME and row["name_fold"] == "ban phieng pi muong khong"
    last = store.history(row["uuid"])[-1]
    assert last["old_values"] == {"name": "Bản Phiêng Pi"} and last["new_values"] == {"name": LONG_NAME}
    assert "Bản Phiêng Pi" in last["reason"] and "15/QĐ-UBND" in last["reason"]
    assert not villages.rename_village(store, vid, LONG_NAME)  # unchanged: nothing written
    # Renaming to its own name in another case is fine (the duplicate check skips itself).
    assert not villages.check_village(store, LONG_NAME.upper(), vid).errors


def test_rename_to_an_existing_name_is_refused(store):
    villages.add_village(store, "Bản Co Muông")
    vid = villages.add_village(store, "Bản Xôm")
    before = snapshot(store)
    with pytest.raises(ValidationFailed) as info:
        villages.rename_village(store, vid, "Ban Co Muong")
    assert "đã có" in info.value.errors["name"]
    assert snapshot(store) == before


def test_merge_moves_every_household_and_keeps_the_source_as_a_tombstone(store, today):
    source = villages.add_village(store, "Bản Hua Sát")
    target = villages.add_village(store, "Bản Co Muông")
    moved = [household_in(store, source, "QN-1"), household_in(store, source, "QN-2"),
             household_in(store, source, "QN-3", status="moved_away")]
    stays = household_in(store, target, "QN-4")
    villages.set_population(store, source, today.year, 40, 180)
    assert villages.merge_villages(store, source, target, reason="Nghị quyết sáp nhập thôn") == 3
    assert {store.get("households", h)["village_id"] for h in [*moved, stays]} == {target}
    gone = store.get("villages", source)
    assert gone["deleted"] == 1 and "Bản Co Muông" in gone["deleted_reason"]
    assert "Nghị quyết sáp nhập thôn" in gone["deleted_reason"]
    # Each household's move is an audited update naming the merge.
    entry = store.history(store.get("households", moved[0])["uuid"])[-1]
    assert entry["action"] == "update" and "Bản Hua Sát" in entry["reason"]
    assert entry["old_values"] == {"village_uuid": gone["uuid"]}
    # The source's population stays as history; the list shows only live villages.
    assert villages.population(store, source, today.year).households_total == 40
    assert [s.name for s in villages.list_villages(store)] == ["Bản Co Muông"]
    assert villages.list_villages(store)[0].households == 3  # the moved-away one is not counted
    assert check.run(store.db).ok


@pytest.mark.parametrize("case", ["itself", "deleted_target", "missing_target", "no_target"])
def test_merge_refused_changes_nothing(store, case):
    source = villages.add_village(store, "Bản Hua Sát")
    other = villages.add_village(store, "Bản Co Muông")
    household_in(store, source, "QN-1")
    if case == "deleted_target":
        store.delete("villages", other, "nhập nhầm")
    target = {"itself": source, "deleted_target": other, "missing_target": 999, "no_target": None}[case]
    before = snapshot(store)
    with pytest.raises(ValidationFailed) as info:
        villages.merge_villages(store, source, target)
    assert "target_id" in info.value.errors
    assert snapshot(store) == before


def test_merge_that_fails_half_way_is_rolled_back(store):
    source = villages.add_village(store, "Bản Hua Sát")
    target = villages.add_village(store, "Bản Co Muông")
    household_in(store, source, "QN-1")
    bad = household_in(store, source, "QN-2")
    # Stored data that no longer passes the rules (as an old import might leave it).
    store.conn.execute("UPDATE households SET phone = '12' WHERE id = ?", (bad,))
    before = snapshot(store)
    with pytest.raises(ValidationFailed) as info:
        villages.merge_villages(store, source, target)
    assert "phone" in info.value.errors
    assert snapshot(store) == before


def test_dbkk_periods_for_villages_and_the_commune(store):
    vid = villages.add_village(store, LONG_NAME)
    old = villages.add_dbkk(store, vid, 2016, 2020, "Quyết định 582/QĐ-TTg")
    now = villages.add_dbkk(store, vid, "2021", "", "  Quyết định 612/QĐ-UBDT ")
    commune = villages.add_dbkk(store, None, 2021, 2025, "Quyết định 861/QĐ-TTg")
    flag = villages.current_dbkk(store, vid, 2023)
    assert (flag.id, flag.to_year, flag.decision, flag.period()) == (now, None, "Quyết định 612/QĐ-UBDT", "từ 2021")
    assert villages.current_dbkk(store, vid, 2018).id == old
    assert villages.current_dbkk(store, vid, 2015) is None
    assert villages.current_dbkk(store, None, 2024).id == commune
    assert villages.current_dbkk(store, None, 2026) is None
    assert [f.period() for f in villages.area_flags(store, vid)] == ["2016–2020", "từ 2021"]
    assert villages.list_villages(store, 2019)[0].dbkk.id == old
    # The end of the open period becomes known: an audited update.
    assert villages.update_dbkk(store, now, 2021, 2025, "Quyết định 612/QĐ-UBDT", reason="hết giai đoạn")
    assert villages.current_dbkk(store, vid, 2026) is None
    row = store.get("area_flags", now)
    assert store.history(row["uuid"])[-1]["new_values"] == {"to_year": 2025}
    villages.remove_dbkk(store, old, "nhập nhầm giai đoạn")
    assert [f.id for f in villages.area_flags(store, vid)] == [now]
    assert store.get("area_flags", old)["deleted_reason"] == "nhập nhầm giai đoạn"


@pytest.mark.parametrize(("args", "field", "fragment"), [
    ((2021, 2020), "to_year", "trước năm bắt đầu"),
    ((None, None), "from_year", "Chưa nhập"),
    (("20a1", None), "from_year", "4 chữ số"),
    ((1800, None), "from_year", "trong khoảng"),
    ((2023, 2024), "from_year", "Trùng với giai đoạn ĐBKK 2021–2025"),
    ((2026, None), None, None),
])
def test_dbkk_checks(store, args, field, fragment):
    vid = villages.add_village(store, "Bản Co Muông")
    villages.add_dbkk(store, vid, 2021, 2025)
    errors = villages.check_dbkk(store, vid, *args).errors
    if field is None:
        assert errors == {}
        return
    assert fragment in errors[field]
    before = snapshot(store)
    with pytest.raises(ValidationFailed):
        villages.add_dbkk(store, vid, *args)
    assert snapshot(store) == before


def test_dbkk_of_a_village_does_not_clash_with_the_commune(store):
    vid = villages.add_village(store, "Bản Co Muông")
    villages.add_dbkk(store, None, 2021, 2025)
    assert villages.check_dbkk(store, vid, 2021, 2025).errors == {}
    # Editing a period does not clash with itself.
    flag = villages.add_dbkk(store, vid, 2021, None)
    assert villages.check_dbkk(store, vid, 2021, 2025, flag_id=flag).errors == {}


def test_population_one_live_row_per_year(store):
    vid = villages.add_village(store, "Bản Co Muông")
    first = villages.set_population(store, vid, 2023, 120, 512)
    same = villages.set_population(store, vid, "2023", "125", "1.530")
    assert first == same
    assert store.conn.execute("SELECT COUNT(*) FROM village_populations").fetchone()[0] == 1
    row = villages.population(store, vid, 2023)
    assert (row.households_total, row.population_total) == (125, 1530)
    history = store.history(store.get("village_populations", first)["uuid"])
    assert [h["action"] for h in history] == ["insert", "update"]
    assert history[-1]["old_values"] == {"households_total": 120, "population_total": 512}
    villages.set_population(store, vid, 2024, 130, 560)
    assert villages.population(store, vid).year == 2024  # latest
    assert villages.list_villages(store, 2023)[0].population.households_total == 125
    assert villages.list_villages(store)[0].population.year == 2024


@pytest.mark.parametrize(("values", "field"), [
    ((2023, -1, 10), "households_total"),
    ((2023, "", 10), "households_total"),
    ((2023, 10, 9), "population_total"),
    ((2023, 10, "mười"), "population_total"),
    ((1999, 10, 40), "year"),
    ((lambda today: today.year + 2, 10, 40), "year"),
])
def test_population_refused_changes_nothing(store, values, field, today):
    values = dated(values, today)
    vid = villages.add_village(store, "Bản Co Muông")
    villages.set_population(store, vid, 2023, 100, 400)
    before = snapshot(store)
    with pytest.raises(ValidationFailed) as info:
        villages.set_population(store, vid, *values)
    assert field in info.value.errors
    assert snapshot(store) == before


def test_population_warning_when_below_the_registry(store):
    vid = villages.add_village(store, "Bản Co Muông")
    household_in(store, vid, "QN-1")
    household_in(store, vid, "QN-2")
    assert "2 hộ" in villages.check_population(store, vid, 2025, 1, 5).warnings["households_total"]
    assert not villages.check_population(store, vid, 2025, 2, 5).warnings
    assert not villages.check_population(store, vid, 2025, "x", 5).warnings


def test_list_counts_active_households(store):
    a = villages.add_village(store, "Bản A Lư")
    b = villages.add_village(store, "Bản Co Muông")
    for n in range(3):
        household_in(store, a, f"QN-{n}")
    household_in(store, a, "QN-9", status="dissolved")
    deleted = household_in(store, b, "QN-10")
    store.delete("households", deleted, "trùng")
    counts = {s.name: s.households for s in villages.list_villages(store)}
    assert counts == {"Bản A Lư": 3, "Bản Co Muông": 0}
    assert villages.household_count(store, a, active_only=False) == 4


def test_office_database_cannot_change_villages(office_db):
    store = Store(office_db, actor="tester")
    with refused(office_db, match="tổng hợp"):
        villages.add_village(store, "Bản Co Muông")
    assert villages.list_villages(store) == []


def test_dbkk_change_and_removal_refused_change_nothing(store):
    vid = villages.add_village(store, "Bản Co Muông")
    first = villages.add_dbkk(store, vid, 2016, 2020)
    villages.add_dbkk(store, vid, 2021, None)
    before = snapshot(store)
    with pytest.raises(ValidationFailed) as info:
        villages.update_dbkk(store, first, 2016, 2022)  # would overlap the open period
    assert "Trùng" in info.value.errors["from_year"]
    with pytest.raises(ValidationFailed) as info:
        villages.remove_dbkk(store, first, "  ")
    assert "reason" in info.value.errors
    with pytest.raises(Refusal):
        villages.update_dbkk(store, 999, 2016, 2020)
    assert snapshot(store) == before


def test_numbered_villages_allowed_and_rules_apply_to_every_write(store):
    from desktop.core.errors import ValidationFailed

    thon = store.insert("villages", {"name": "Thôn 3"})
    assert store.get("villages", thon)["name"] == "Thôn 3"
    store.insert("village_populations", {"village_id": thon, "year": 2024, "households_total": 120, "population_total": 540})
    with refused(store, exception=ValidationFailed) as info:  # a second live row for the same village and year
        store.insert("village_populations", {"village_id": thon, "year": 2024, "households_total": 1, "population_total": 5})
    assert "2024" in info.value.errors["year"]
    with refused(store, exception=ValidationFailed) as info:  # a ĐBKK period ending before it starts
        store.insert("area_flags", {"village_id": thon, "flag": "dbkk", "from_year": 2024, "to_year": 2020})
    assert set(info.value.errors) == {"to_year"}, info.value.errors
