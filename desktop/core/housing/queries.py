"""What housing support adds up to: the list, counts and sums, progress against the plan, a
household's supports, and households supported twice across communes.

The screens, sync and reports read through these functions (no SQL outside the core). At a
commune they cover its own records; at an office, every commune's (a filter picks one).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.core.housing.rules import ENDED, SOURCES, STATUSES

BY = ("status", "source", "village", "year", "commune", "program", "kind")


@dataclass
class SupportFilter:
    """Which supports a list or a summary covers (None: all)."""

    status: str | None = None  # a status, or "open" (registered to under construction)
    village_id: int | None = None
    program: str | None = None
    year: int | None = None  # the year registered
    commune_code: str | None = None
    household_id: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        parts, params = ["s.deleted = 0", "h.deleted = 0"], []
        if self.status == "open":
            parts.append("s.status IN ('registered', 'approved', 'under_construction')")
        elif self.status:
            parts.append("s.status = ?")
            params.append(self.status)
        for column, value in (("h.village_id", self.village_id), ("s.program", self.program),
                              ("s.commune_code", self.commune_code), ("s.household_id", self.household_id)):
            if value is not None:
                parts.append(f"{column} = ?")
                params.append(value)
        if self.year is not None:
            parts.append("substr(s.registered_on, 1, 4) = ?")
            params.append(f"{self.year:04d}")
        return " AND ".join(parts), params


_FROM = "FROM housing_supports s JOIN households h ON h.id = s.household_id"
_PAID = ("(SELECT COALESCE(SUM(p.amount), 0) FROM housing_payments p WHERE p.support_id = s.id AND p.deleted = 0"
         "{extra})")


def _paid(source: str | None = None) -> str:
    return _PAID.format(extra=f" AND p.source = '{source}'" if source else "")


def list_supports(conn: sqlite3.Connection, flt: SupportFilter | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """The supports with their household, village, head, amounts approved and paid; the newest
    registration first."""
    where, params = (flt or SupportFilter()).where()
    sql = (f"SELECT s.*, h.code AS household_code, h.village_id AS village_id, v.name AS village_name, "
           f"COALESCE(m.full_name, '') AS head_name, s.amount_central + s.amount_local AS approved, "
           f"{_paid()} AS paid {_FROM} JOIN villages v ON v.id = h.village_id "
           f"LEFT JOIN members m ON m.id = h.head_member_id WHERE {where} "
           f"ORDER BY s.registered_on DESC, h.code")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [dict(r) for r in conn.execute(sql, params)]


@dataclass
class Summary:
    """Counts by status, money approved and paid by source, for the supports of a filter."""

    counts: dict[str, int] = field(default_factory=dict)
    approved: dict[str, int] = field(default_factory=dict)  # by source, of supports not ended
    paid: dict[str, int] = field(default_factory=dict)  # by source
    household_share: int = 0  # what the households put in themselves (not ended)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def live(self) -> int:
        return sum(n for status, n in self.counts.items() if status not in ENDED)


def summary(conn: sqlite3.Connection, flt: SupportFilter | None = None) -> Summary:
    where, params = (flt or SupportFilter()).where()
    out = Summary(counts={s: 0 for s in STATUSES}, approved={s: 0 for s in SOURCES}, paid={s: 0 for s in SOURCES})
    for status, n in conn.execute(f"SELECT s.status, COUNT(*) {_FROM} WHERE {where} GROUP BY s.status", params):
        out.counts[status] = n
    row = conn.execute(
        f"SELECT COALESCE(SUM(CASE WHEN s.status NOT IN ('rejected', 'cancelled') THEN s.amount_central END), 0), "
        f"COALESCE(SUM(CASE WHEN s.status NOT IN ('rejected', 'cancelled') THEN s.amount_local END), 0), "
        f"COALESCE(SUM(CASE WHEN s.status NOT IN ('rejected', 'cancelled') THEN s.amount_household END), 0) "
        f"{_FROM} WHERE {where}", params).fetchone()
    out.approved, out.household_share = {"central": row[0], "local": row[1]}, row[2]
    for source, amount in conn.execute(
            f"SELECT p.source, COALESCE(SUM(p.amount), 0) FROM housing_payments p JOIN housing_supports s "
            f"ON s.id = p.support_id JOIN households h ON h.id = s.household_id WHERE p.deleted = 0 AND {where} "
            f"GROUP BY p.source", params):
        out.paid[source] = amount
    return out


def breakdown(conn: sqlite3.Connection, by: str, flt: SupportFilter | None = None) -> list[dict[str, Any]]:
    """Counts and sums grouped by status, source, village, year (registered), commune, program or
    kind: rows of key, label (a village's name), supports, completed (accepted or fully paid),
    approved and paid (by the supports not ended)."""
    if by not in BY:
        raise ValueError(f"unknown grouping: {by}")
    where, params = (flt or SupportFilter()).where()
    live = "s.status NOT IN ('rejected', 'cancelled')"
    if by == "source":
        rows = []
        for source in SOURCES:
            row = conn.execute(
                f"SELECT COUNT(*), COALESCE(SUM(CASE WHEN {live} THEN s.amount_{source} END), 0), "
                f"COALESCE(SUM({_paid(source)}), 0) {_FROM} WHERE {where} AND s.amount_{source} > 0", params).fetchone()
            rows.append({"key": source, "label": source, "supports": row[0], "completed": None,
                         "approved": row[1], "paid": row[2]})
        return rows
    key, label, join = {
        "status": ("s.status", "s.status", ""),
        "village": ("h.village_id", "v.name", "JOIN villages v ON v.id = h.village_id"),
        "year": ("substr(s.registered_on, 1, 4)", "substr(s.registered_on, 1, 4)", ""),
        "commune": ("s.commune_code", "s.commune_code", ""),
        "program": ("s.program", "s.program", ""),
        "kind": ("s.kind", "s.kind", ""),
    }[by]
    sql = (f"SELECT {key} AS key, {label} AS label, COUNT(*) AS supports, "
           f"SUM(s.status IN ('completed', 'paid')) AS completed, "
           f"COALESCE(SUM(CASE WHEN {live} THEN s.amount_central + s.amount_local END), 0) AS approved, "
           f"COALESCE(SUM({_paid()}), 0) AS paid {_FROM} {join} WHERE {where} GROUP BY {key} ORDER BY {label}")
    return [dict(r) for r in conn.execute(sql, params)]


@dataclass
class Progress:
    """A year's progress against the plan: houses and money, by source."""

    year: int | None  # None: the whole period
    target_houses: int | None
    completed_houses: int
    budget: dict[str, int]  # by source (central: current and carried over)
    approved: dict[str, int]
    paid: dict[str, int]


def progress(conn: sqlite3.Connection, year: int | None, scope_code: str, commune_code: str | None = None) -> Progress:
    """Houses accepted in `year` against the plan's target; money approved in `year` and paid in
    `year`, by source, against Project 5's budget of the plan of `scope_code` (the district).
    With `year` None: the whole period, against the sum of every year's plan."""
    in_year = "" if year is None else "AND year = ?"
    plan_params: list[Any] = [scope_code] + ([] if year is None else [year])
    budget = {"central": 0, "local": 0}
    for source, amount in conn.execute(
            f"SELECT source, SUM(amount) FROM plan_budgets WHERE scope_code = ? {in_year} AND project = 'P5' "
            "AND deleted = 0 GROUP BY source", plan_params):
        budget["local" if source == "local" else "central"] += amount
    target = conn.execute(
        f"SELECT SUM(value) FROM plan_targets WHERE scope_code = ? {in_year} AND key = 'houses_supported' "
        "AND deleted = 0", plan_params).fetchone()[0]
    commune, params = ("AND s.commune_code = ?", [commune_code]) if commune_code else ("", [])

    def dated(column: str) -> tuple[str, list[Any]]:
        return ("", params) if year is None else (f"AND substr({column}, 1, 4) = ?", [f"{year:04d}", *params])

    when, when_params = dated("s.completed_on")
    completed = conn.execute(
        f"SELECT COUNT(*) {_FROM} WHERE s.deleted = 0 AND h.deleted = 0 AND s.status IN ('completed', 'paid') "
        f"{when} {commune}", when_params).fetchone()[0]
    when, when_params = dated("s.approved_on")
    row = conn.execute(
        f"SELECT COALESCE(SUM(s.amount_central), 0), COALESCE(SUM(s.amount_local), 0) {_FROM} "
        f"WHERE s.deleted = 0 AND h.deleted = 0 AND s.status NOT IN ('rejected', 'cancelled') "
        f"AND s.approved_on IS NOT NULL {when} {commune}", when_params).fetchone()
    paid = {"central": 0, "local": 0}
    when, when_params = dated("p.paid_on")
    for source, amount in conn.execute(
            f"SELECT p.source, SUM(p.amount) FROM housing_payments p JOIN housing_supports s ON s.id = p.support_id "
            f"JOIN households h ON h.id = s.household_id WHERE p.deleted = 0 AND s.deleted = 0 AND h.deleted = 0 "
            f"{when} {commune} GROUP BY p.source", when_params):
        paid[source] = amount
    return Progress(year, int(target) if target is not None else None, completed, budget,
                    {"central": row[0], "local": row[1]}, paid)


def plan_years(conn: sqlite3.Connection, scope_code: str) -> list[int]:
    """The years the plan of `scope_code` has a Project 5 budget or a housing target for."""
    return [r[0] for r in conn.execute(
        "SELECT year FROM plan_budgets WHERE scope_code = ? AND project = 'P5' AND deleted = 0 UNION "
        "SELECT year FROM plan_targets WHERE scope_code = ? AND key = 'houses_supported' AND deleted = 0 "
        "ORDER BY 1", (scope_code, scope_code))]


def years(conn: sqlite3.Connection) -> list[int]:
    """The years supports were registered in, newest first."""
    return [int(r[0]) for r in conn.execute(
        "SELECT DISTINCT substr(registered_on, 1, 4) FROM housing_supports WHERE deleted = 0 "
        "AND registered_on IS NOT NULL ORDER BY 1 DESC")]


def programs(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT program FROM housing_supports WHERE deleted = 0 ORDER BY 1")]


def payments(conn: sqlite3.Connection, support_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        "SELECT * FROM housing_payments WHERE support_id = ? AND deleted = 0 ORDER BY paid_on, id", (support_id,))]


def of_household(conn: sqlite3.Connection, household_id: int) -> list[dict[str, Any]]:
    """A household's supports (the live one first), with what was paid."""
    return [dict(r) for r in conn.execute(
        f"SELECT s.*, s.amount_central + s.amount_local AS approved, {_paid()} AS paid FROM housing_supports s "
        "WHERE s.household_id = ? AND s.deleted = 0 "
        "ORDER BY s.status IN ('rejected', 'cancelled'), s.registered_on DESC", (household_id,))]


def prior_of_household(conn: sqlite3.Connection, household_id: int, kind: str = "housing") -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        "SELECT * FROM prior_supports WHERE household_id = ? AND kind = ? AND deleted = 0 ORDER BY year",
        (household_id, kind))]


@dataclass
class HouseholdFacts:
    """What the registration form shows about a household, as of the registration day."""

    household_id: int
    code: str
    head_name: str
    village_name: str
    persons: int
    latest_year: int | None
    latest_class: str | None


def household_facts(conn: sqlite3.Connection, household_id: int, year: int) -> HouseholdFacts | None:
    row = conn.execute(
        "SELECT h.id, h.code, COALESCE(m.full_name, ''), v.name, "
        "(SELECT COUNT(*) FROM members x WHERE x.household_id = h.id AND x.deleted = 0 AND x.status = 'present'), "
        "a.year, a.classification FROM households h JOIN villages v ON v.id = h.village_id "
        "LEFT JOIN members m ON m.id = h.head_member_id "
        "LEFT JOIN assessments a ON a.id = (SELECT o.id FROM assessments o WHERE o.household_id = h.id "
        "AND o.deleted = 0 AND o.year <= ? ORDER BY o.year DESC LIMIT 1) WHERE h.id = ?", (year, household_id)).fetchone()
    return HouseholdFacts(*row) if row else None


def supported_twice(conn: sqlite3.Connection, communes: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """People with housing support in two communes: the same citizen ID in households with a
    support (not rejected or cancelled) or a prior housing support in more than one commune.
    Rows of citizen ID, name and the places (commune, household code, program, status)."""
    sql = (
        "WITH supported AS ("
        "SELECT s.household_id, s.commune_code, s.program, s.status FROM housing_supports s "
        "WHERE s.deleted = 0 AND s.status NOT IN ('rejected', 'cancelled') "
        "UNION ALL SELECT p.household_id, p.commune_code, p.program, 'prior' FROM prior_supports p "
        "WHERE p.deleted = 0 AND p.kind = 'housing'), "
        "people AS (SELECT m.citizen_id, m.full_name, h.code, x.commune_code, x.program, x.status FROM supported x "
        "JOIN households h ON h.id = x.household_id AND h.deleted = 0 "
        "JOIN members m ON m.household_id = h.id AND m.deleted = 0 AND m.citizen_id <> '') "
        "SELECT citizen_id, full_name, code, commune_code, program, status FROM people WHERE citizen_id IN "
        "(SELECT citizen_id FROM people GROUP BY citizen_id HAVING COUNT(DISTINCT commune_code) > 1) "
        "ORDER BY citizen_id, commune_code")
    found: dict[str, dict[str, Any]] = {}
    for citizen_id, name, code, commune, program, status in conn.execute(sql):
        if communes is not None and commune not in communes:
            continue
        entry = found.setdefault(citizen_id, {"citizen_id": citizen_id, "name": name, "places": []})
        entry["places"].append({"commune_code": commune, "household_code": code, "program": program,
                                "status": status})
    return [e for e in found.values() if len({p["commune_code"] for p in e["places"]}) > 1]
