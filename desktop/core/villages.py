"""Villages (thôn/bản) of a commune: the list the commune keeps, its ĐBKK periods, its population.

No official list of villages exists, so each commune maintains its own: add, rename, merge two
villages into one (the households of the source move to the target, the source becomes a
tombstone with its reason; nothing is erased). Especially difficult areas (ĐBKK) are flags with a
period (`area_flags`: a village's, or the commune's with `village_id` NULL). Each village records
its total households and population per year (`village_populations`), the denominators of the
poverty rate: one live row per village and year.

Every write goes through `Store`, so it is validated and audited; each operation is one
transaction and a refused one changes nothing. The record rules of the three tables are
registered at the end of this module; the `check_*` functions add what only typed input can get
wrong (a year written "21", a count with letters) and then ask the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop.core import records
from desktop.core import validators as v
from desktop.core.errors import Checked, NotFound, Refusal
from desktop.core.i18n import tr
from desktop.core.records import RowContext, SetRule
from desktop.core.store import Store
from desktop.core.text import collate_key, collate_string, fold
from desktop.core.text import normalize as norm_text

DBKK = "dbkk"
# A ĐBKK period is decided by the government for a programme phase (e.g. 2021–2025); earlier
# phases (Programme 135 began in 1998) can be recorded as history, later ones a few years ahead.
FLAG_FIRST_YEAR = 1990
FLAG_YEARS_AHEAD = 10
DECISION_MAX = 200


@dataclass(frozen=True)
class AreaFlag:
    """A ĐBKK period of a village (or of the whole commune when `village_id` is None)."""

    id: int
    village_id: int | None
    from_year: int
    to_year: int | None
    decision: str

    def covers(self, year: int) -> bool:
        return self.from_year <= year and (self.to_year is None or year <= self.to_year)

    def period(self) -> str:
        """“2021–2025”, or “từ 2021” while the end is not known."""
        if self.to_year is None:
            return tr("từ {year}", year=self.from_year)
        if self.to_year == self.from_year:
            return str(self.from_year)
        return f"{self.from_year}–{self.to_year}"


@dataclass(frozen=True)
class Population:
    """A village's total households and population (every household, not only reviewed ones)."""

    id: int
    village_id: int
    year: int
    households_total: int
    population_total: int


@dataclass(frozen=True)
class VillageSummary:
    id: int
    name: str
    notes: str
    households: int  # live households in the registry that still live there (status active)
    population: Population | None  # the chosen year's row, or the latest when no year is chosen
    dbkk: AreaFlag | None  # the village's ĐBKK period covering the chosen (or current) year


def _this_year() -> int:
    return dt.date.today().year


def _require_commune(store: Store) -> None:
    if store.db.identity.is_office:
        raise Refusal(tr("Danh sách thôn/bản do xã quản lý; cơ sở dữ liệu tổng hợp không sửa được."))


def live_village(store: Store, village_id: int | None) -> dict[str, Any] | None:
    """The village's row, or None when there is no such village or it was merged or deleted."""
    if village_id is None:
        return None
    row = store.conn.execute("SELECT * FROM villages WHERE id = ? AND deleted = 0", (village_id,)).fetchone()
    return dict(row) if row else None


def require_village(store: Store, village_id: int) -> dict[str, Any]:
    """A live village of this database, or NotFound."""
    village = live_village(store, village_id)
    if village is None:
        raise NotFound(tr("Không tìm thấy thôn/bản (có thể đã bị gộp hoặc xóa)."))
    return village


# Villages ------------------------------------------------------------------------------------

def villages(store: Store) -> list[dict[str, Any]]:
    """Live villages in Vietnamese alphabetical order."""
    rows = [dict(r) for r in store.conn.execute("SELECT * FROM villages WHERE deleted = 0")]
    return sorted(rows, key=lambda r: collate_key(r["name"]))


def check_village(store: Store, name: str, village_id: int | None = None) -> Checked:
    """What `add_village` (or, with `village_id`, `rename_village`) would refuse: an empty or odd
    name, one the commune has already."""
    values = {"name": name, "notes": ""}
    if village_id is not None:
        values["id"] = village_id
    return store.check("villages", values)


def add_village(store: Store, name: str, notes: str = "") -> int:
    """Add a village to the commune's list; returns its id."""
    _require_commune(store)
    return store.insert("villages", {"name": name, "notes": notes or ""}, reason=tr("Thêm thôn/bản"))


def rename_village(store: Store, village_id: int, name: str, reason: str = "") -> bool:
    """Rename a village (the old name stays in the audit log). False when the name is unchanged."""
    _require_commune(store)
    with store.db.transaction():
        village = require_village(store, village_id)
        why = tr("Đổi tên thôn/bản “{old}”", old=village["name"])
        return store.update("villages", village_id, {"name": name}, reason=_with_note(why, reason))


def household_count(store: Store, village_id: int, active_only: bool = True) -> int:
    """Live households of a village; with `active_only`, those that have not moved away or dissolved."""
    sql = "SELECT COUNT(*) FROM households WHERE village_id = ? AND deleted = 0"
    if active_only:
        sql += " AND status = 'active'"
    return store.conn.execute(sql, (village_id,)).fetchone()[0]


def check_merge(store: Store, source_id: int, target_id: int | None) -> Checked:
    """What `merge_villages` of `source_id` into `target_id` would refuse."""
    checked = Checked()
    if live_village(store, source_id) is None:
        checked.error("source_id", tr("Thôn/bản cần gộp không còn trong danh sách."))
    if target_id is None:
        checked.error("target_id", tr("Chưa chọn thôn/bản để gộp vào."))
    elif target_id == source_id:
        checked.error("target_id", tr("Không thể gộp một thôn/bản vào chính nó."))
    elif live_village(store, target_id) is None:
        checked.error("target_id", tr("Thôn/bản được chọn để gộp vào đã bị gộp hoặc xóa."))
    return checked


def merge_villages(store: Store, source_id: int, target_id: int, reason: str = "") -> int:
    """Merge a village into another: its households move to the target, then the source becomes a
    tombstone whose reason names the target. Returns how many households moved.

    The source's population rows and ĐBKK periods stay with it as history; the target's totals for
    the current year need updating by hand (they are counts of every household, not only ours).
    """
    _require_commune(store)
    with store.db.transaction():
        check_merge(store, source_id, target_id).raise_errors()
        source = require_village(store, source_id)
        target = require_village(store, target_id)
        why = _with_note(tr("Gộp thôn/bản “{source}” vào “{target}”", source=source["name"],
                            target=target["name"]), reason)
        ids = [r[0] for r in store.conn.execute(
            "SELECT id FROM households WHERE village_id = ? AND deleted = 0 ORDER BY id", (source_id,))]
        for household_id in ids:
            store.update("households", household_id, {"village_id": target_id}, reason=why)
        store.delete("villages", source_id, why)
    return len(ids)


# ĐBKK flags ----------------------------------------------------------------------------------

def _flag(row: Any) -> AreaFlag:
    return AreaFlag(row["id"], row["village_id"], row["from_year"], row["to_year"], row["decision"])


def area_flags(store: Store, village_id: int | None) -> list[AreaFlag]:
    """Live ĐBKK periods of a village (or of the commune when `village_id` is None), oldest first."""
    rows = store.conn.execute(
        "SELECT * FROM area_flags WHERE flag = ? AND deleted = 0 AND village_id IS ? ORDER BY from_year, id",
        (DBKK, village_id),
    )
    return [_flag(r) for r in rows]


def current_dbkk(store: Store, village_id: int | None, year: int | None = None) -> AreaFlag | None:
    """The ĐBKK period covering `year` (default: this year), of a village or of the commune."""
    year = year or _this_year()
    covering = [f for f in area_flags(store, village_id) if f.covers(year)]
    return covering[-1] if covering else None


def _year_or_error(value: Any, label: str) -> tuple[int | None, str | None]:
    """(year, None), (None, None) when empty, or (None, message) when not a year."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    text = str(value).strip()
    if isinstance(value, bool) or not (text.isascii() and text.isdigit()) or len(text) != 4:
        return None, tr("{label} phải là số có 4 chữ số, ví dụ 2021.", label=label)
    return int(text), None


def check_dbkk(store: Store, village_id: int | None, from_year: Any, to_year: Any = None,
               decision: str = "", flag_id: int | None = None) -> Checked:
    """What `add_dbkk` (or, with `flag_id`, `update_dbkk`) would refuse: years as typed, then the
    period's record rules — sensible years, an end no earlier than the start, no overlap with
    another live period of the same village (or of the commune)."""
    checked = Checked()
    start, message = _year_or_error(from_year, tr("Năm bắt đầu"))
    checked.error("from_year", message)
    end, message = _year_or_error(to_year, tr("Năm kết thúc"))
    checked.error("to_year", message)
    values = {"id": flag_id, "village_id": village_id, "flag": DBKK, "from_year": start, "to_year": end,
              "decision": norm_text(decision)}
    checked.merge(store.check("area_flags", values))
    return checked


def _flag_values(village_id: int | None, from_year: Any, to_year: Any, decision: str) -> dict[str, Any]:
    end = None if to_year in (None, "") or (isinstance(to_year, str) and not to_year.strip()) else int(str(to_year).strip())
    return {"village_id": village_id, "flag": DBKK, "from_year": int(str(from_year).strip()),
            "to_year": end, "decision": norm_text(decision)}


def _scope_name(store: Store, village_id: int | None) -> str:
    if village_id is None:
        return store.db.identity.unit_name
    village = live_village(store, village_id)
    return village["name"] if village else "?"


def add_dbkk(store: Store, village_id: int | None, from_year: Any, to_year: Any = None,
             decision: str = "") -> int:
    """Record a ĐBKK period for a village (`village_id` None: the whole commune); returns its id."""
    _require_commune(store)
    with store.db.transaction():
        check_dbkk(store, village_id, from_year, to_year, decision).raise_errors()
        values = _flag_values(village_id, from_year, to_year, decision)
        return store.insert("area_flags", values,
                            reason=tr("Đánh dấu ĐBKK: {scope}", scope=_scope_name(store, village_id)))


def _require_flag(store: Store, flag_id: int) -> dict[str, Any]:
    row = store.conn.execute("SELECT * FROM area_flags WHERE id = ? AND deleted = 0", (flag_id,)).fetchone()
    if row is None:
        raise NotFound(tr("Không tìm thấy giai đoạn ĐBKK này (có thể đã bị xóa)."))
    return dict(row)


def update_dbkk(store: Store, flag_id: int, from_year: Any, to_year: Any = None, decision: str = "",
                reason: str = "") -> bool:
    """Change a ĐBKK period (e.g. set its end year once known). False when nothing changed."""
    _require_commune(store)
    with store.db.transaction():
        flag = _require_flag(store, flag_id)
        check_dbkk(store, flag["village_id"], from_year, to_year, decision, flag_id=flag_id).raise_errors()
        values = _flag_values(flag["village_id"], from_year, to_year, decision)
        del values["village_id"], values["flag"]
        why = tr("Sửa giai đoạn ĐBKK: {scope}", scope=_scope_name(store, flag["village_id"]))
        return store.update("area_flags", flag_id, values, reason=_with_note(why, reason))


def remove_dbkk(store: Store, flag_id: int, reason: str) -> None:
    """Remove a period entered by mistake (a tombstone with its reason; it can be restored)."""
    _require_commune(store)
    with store.db.transaction():
        _require_flag(store, flag_id)
        store.delete("area_flags", flag_id, reason)


# Population ----------------------------------------------------------------------------------

def _population(row: Any) -> Population:
    return Population(row["id"], row["village_id"], row["year"], row["households_total"], row["population_total"])


def population(store: Store, village_id: int, year: int | None = None) -> Population | None:
    """The village's row for `year`, or its latest row when `year` is None."""
    if year is None:
        row = store.conn.execute(
            "SELECT * FROM village_populations WHERE village_id = ? AND deleted = 0 ORDER BY year DESC, id DESC LIMIT 1",
            (village_id,)).fetchone()
    else:
        row = store.conn.execute(
            "SELECT * FROM village_populations WHERE village_id = ? AND year = ? AND deleted = 0 ORDER BY id DESC LIMIT 1",
            (village_id, year)).fetchone()
    return _population(row) if row else None


def latest_population_year(store: Store) -> int | None:
    """The most recent year any live village has figures for (None when there are none)."""
    return store.conn.execute(
        "SELECT MAX(p.year) FROM village_populations p JOIN villages v ON v.id = p.village_id "
        "WHERE p.deleted = 0 AND v.deleted = 0").fetchone()[0]


def _count_or_error(value: Any, label: str) -> tuple[int | None, str | None]:
    """A whole number ≥ 0; typed text may use dots or spaces between thousands (“1.234”)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, tr("{label}: chưa nhập.", label=label)
    bad = tr("{label} phải là số nguyên không âm.", label=label)
    if isinstance(value, bool):
        return None, bad
    if isinstance(value, int):
        return (value, None) if value >= 0 else (None, bad)
    text = str(value).strip().replace(".", "").replace(" ", "")
    if not (text.isascii() and text.isdigit()):
        return None, bad
    return int(text), None


def check_population(store: Store, village_id: int, year: Any, households_total: Any,
                     population_total: Any) -> Checked:
    """What `set_population` would refuse (counts as typed, then the row's record rules), and a
    warning when the total is below the households the registry has there."""
    checked = Checked()
    number, message = _year_or_error(year, tr("Năm"))
    checked.error("year", message)
    households, message = _count_or_error(households_total, tr("Tổng số hộ"))
    checked.error("households_total", message)
    people, message = _count_or_error(population_total, tr("Tổng số nhân khẩu"))
    checked.error("population_total", message)
    existing = population(store, village_id, number) if number is not None else None
    values = {"id": existing.id if existing else None, "village_id": village_id, "year": number,
              "households_total": households, "population_total": people}
    checked.merge(store.check("village_populations", values))
    registered = household_count(store, village_id)
    if households is not None and households < registered:
        checked.warn("households_total", tr("Sổ đang có {n} hộ ở thôn/bản này, nhiều hơn tổng số hộ đã nhập.",
                                            n=registered))
    return checked


def set_population(store: Store, village_id: int, year: Any, households_total: Any,
                   population_total: Any, reason: str = "") -> int:
    """Record a village's total households and population for a year: updates the year's row if
    there is one, else adds it. Returns the row's id."""
    _require_commune(store)
    with store.db.transaction():
        check_population(store, village_id, year, households_total, population_total).raise_errors()
        values = {
            "year": int(str(year).strip()),
            "households_total": _count_or_error(households_total, "")[0],
            "population_total": _count_or_error(population_total, "")[0],
        }
        existing = population(store, village_id, values["year"])
        why = _with_note(tr("Dân số thôn/bản năm {year}", year=values["year"]), reason)
        if existing is not None:
            store.update("village_populations", existing.id, values, reason=why)
            return existing.id
        return store.insert("village_populations", {"village_id": village_id, **values}, reason=why)


# Listing -------------------------------------------------------------------------------------

def list_villages(store: Store, year: int | None = None) -> list[VillageSummary]:
    """Every live village with its households in the registry, its population row (for `year`, or
    the latest) and its ĐBKK period covering `year` (or this year), in alphabetical order."""
    counts = dict(store.conn.execute(
        "SELECT village_id, COUNT(*) FROM households WHERE deleted = 0 AND status = 'active' GROUP BY village_id"))
    flag_year = year or _this_year()
    flags: dict[int, AreaFlag] = {}
    for row in store.conn.execute(
        "SELECT * FROM area_flags WHERE flag = ? AND deleted = 0 AND village_id IS NOT NULL ORDER BY from_year, id",
        (DBKK,),
    ):
        flag = _flag(row)
        if flag.covers(flag_year):
            flags[flag.village_id] = flag
    populations: dict[int, Population] = {}
    order = "year DESC, id DESC" if year is None else "id DESC"
    sql = f"SELECT * FROM village_populations WHERE deleted = 0{' AND year = ?' if year is not None else ''} ORDER BY {order}"
    for row in store.conn.execute(sql, (year,) if year is not None else ()):
        populations.setdefault(row["village_id"], _population(row))
    return [
        VillageSummary(v["id"], v["name"], v["notes"], counts.get(v["id"], 0), populations.get(v["id"]),
                       flags.get(v["id"]))
        for v in villages(store)
    ]


def _with_note(reason: str, note: str | None) -> str:
    note = norm_text(note)
    return f"{reason}: {note}" if note else reason


# Record rules of the villages, village_populations and area_flags tables ----------------------

def _normalize_village(values: dict[str, Any]) -> dict[str, Any]:
    if "name" in values:
        values["name_fold"] = fold(values["name"])
        values["name_sort"] = collate_string(values["name"])
    return values


def _village_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    checked.error("name", v.place_name(r.get("name"), tr("Tên thôn/bản")))


VILLAGE_NAME_TAKEN = records.unique("villages", "name", ("commune_code", "name_fold"),
                                    lambda name: tr("Thôn/bản “{name}” đã có trong xã.", name=name))


def _population_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    checked.error("year", v.year(r.get("year"), context.as_of))
    for key in ("households_total", "population_total"):
        value = r.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            checked.error(key, tr("Số liệu phải là số nguyên không âm."))
    if not checked.errors and r["population_total"] < r["households_total"]:
        checked.error("population_total", tr("Số nhân khẩu không thể ít hơn số hộ."))


def _village_gone(table: str) -> SetRule:
    """No new figures or periods for a village merged away or deleted (its history stays with it)."""
    return records.live_parent(table, "village_id", "villages", lambda: tr("Thôn/bản không tồn tại hoặc đã bị xóa."),
                               optional=True)


SECOND_POPULATION = records.unique(
    "village_populations", "year", ("village_id", "year"),
    lambda year: tr("Thôn/bản đã có số liệu dân số năm {year}; hãy sửa dòng đó.", year=year))


def _describe_population(r: Mapping[str, Any]) -> str:
    return tr("dân số thôn/bản năm {year}", year=r.get("year") or "?")


def _flag_row(context: RowContext, r: Mapping[str, Any], checked: Checked) -> None:
    last = context.as_of.year + FLAG_YEARS_AHEAD
    start, end = r.get("from_year"), r.get("to_year")
    if r.get("flag", DBKK) != DBKK:
        checked.error("flag", tr("Loại địa bàn đặc biệt không hợp lệ."))
    if start is None:
        checked.error("from_year", tr("Chưa nhập năm bắt đầu."))
    elif not isinstance(start, int) or not FLAG_FIRST_YEAR <= start <= last:
        checked.error("from_year", tr("Năm bắt đầu phải trong khoảng {first}–{last}.", first=FLAG_FIRST_YEAR, last=last))
    if end is not None and (not isinstance(end, int) or not FLAG_FIRST_YEAR <= end <= last):
        checked.error("to_year", tr("Năm kết thúc phải trong khoảng {first}–{last}.", first=FLAG_FIRST_YEAR, last=last))
    elif end is not None and "from_year" not in checked.errors and end < start:
        checked.error("to_year", tr("Năm kết thúc trước năm bắt đầu."))
    if len(norm_text(r.get("decision"))) > DECISION_MAX:
        checked.error("decision", tr("Số, tên quyết định dài quá {max} ký tự.", max=DECISION_MAX))


FLAG_OVERLAP = SetRule(
    "dbkk_no_overlap", "from_year",
    "SELECT c.id, o.from_year AS start, o.to_year AS end FROM cand c JOIN {area_flags} o "
    "ON o.village_id IS c.village_id AND o.flag = c.flag AND o.deleted = 0 AND o.id IS NOT c.id "
    "AND o.from_year <= COALESCE(c.to_year, 10000) AND c.from_year <= COALESCE(o.to_year, 10000) "
    "ORDER BY o.from_year, o.id",
    lambda start, end: tr("Trùng với giai đoạn ĐBKK {period} đã có.",
                          period=AreaFlag(0, None, start, end, "").period()),
    indexes=("area_flags (village_id)",))


def _describe_flag(r: Mapping[str, Any]) -> str:
    return tr("giai đoạn ĐBKK từ {year}", year=r.get("from_year") or "?")


records.register("villages", text=("name", "notes"), normalize=_normalize_village, row=[_village_row], sets=[VILLAGE_NAME_TAKEN],
                 describe=lambda r: tr("thôn/bản {name}", name=r.get("name") or "?"))
records.register("village_populations", row=[_population_row],
                 sets=[_village_gone("village_populations"), SECOND_POPULATION], describe=_describe_population)
records.register("area_flags", row=[_flag_row],
                 sets=[_village_gone("area_flags"), FLAG_OVERLAP], describe=_describe_flag)
