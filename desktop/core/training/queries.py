"""What vocational training adds up to: courses with their seats, a course's learners, people to
enrol, results against the plan, counts by status, outcome, learner group, sex, ethnic group and
village, support paid by source, and people supported twice across communes.

The screens, sync and reports read through these functions (no SQL outside the core). At a
commune they cover its own records; at an office, every commune's (a filter picks one).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.core import search
from desktop.core.rules import RuleBook, shipped_rules
from desktop.core.text import fold
from desktop.core.training.rules import CONTRACT, EMPLOYED, OUTCOMES, STATUSES

BY = ("status", "outcome", "learner_group", "sex", "ethnicity", "village", "commune", "course")
# The plan's targets this feature answers (resources/plans: `computed_from` "training:…").
PLAN_KEYS = {"workers_trained": "completed", "jobs_created": "employed", "job_connections": "job_connected",
             "workers_abroad": "abroad"}

_LIVE = ("FROM training_enrolments e JOIN training_courses k ON k.id = e.course_id "
         "JOIN members m ON m.id = e.member_id JOIN households h ON h.id = m.household_id "
         "WHERE e.deleted = 0 AND k.deleted = 0 AND m.deleted = 0 AND h.deleted = 0")
_TAKEN = ("(SELECT COUNT(*) FROM training_enrolments e WHERE e.course_id = k.id AND e.deleted = 0 "
          "AND e.status <> 'dropped')")


@dataclass
class Filter:
    """Which courses (by the year they start) and which commune (None: all)."""

    year: int | None = None
    commune_code: str | None = None
    course_id: int | None = None
    village_id: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        parts, params = [], []
        if self.year is not None:
            parts.append("substr(k.start_date, 1, 4) = ?")
            params.append(f"{self.year:04d}")
        for column, value in (("k.commune_code", self.commune_code), ("k.id", self.course_id),
                              ("h.village_id", self.village_id)):
            if value is not None:
                parts.append(f"{column} = ?")
                params.append(value)
        return "".join(f" AND {p}" for p in parts), params


def list_courses(conn: sqlite3.Connection, flt: Filter | None = None) -> list[dict[str, Any]]:
    """Courses, the latest first, with seats taken and their learners by status."""
    flt = flt or Filter()
    parts, params = [], []
    if flt.year is not None:
        parts.append("substr(k.start_date, 1, 4) = ?")
        params.append(f"{flt.year:04d}")
    if flt.commune_code is not None:
        parts.append("k.commune_code = ?")
        params.append(flt.commune_code)
    where = "".join(f" AND {p}" for p in parts)
    counts = ", ".join(
        f"(SELECT COUNT(*) FROM training_enrolments e WHERE e.course_id = k.id AND e.deleted = 0 "
        f"AND e.status = '{s}') AS n_{s}" for s in STATUSES)
    return [dict(r) for r in conn.execute(
        f"SELECT k.*, {_TAKEN} AS taken, {counts} FROM training_courses k WHERE k.deleted = 0{where} "
        "ORDER BY k.start_date DESC, k.id DESC", params)]


def course_years(conn: sqlite3.Connection) -> list[int]:
    return [int(r[0]) for r in conn.execute(
        "SELECT DISTINCT substr(start_date, 1, 4) FROM training_courses WHERE deleted = 0 AND start_date IS NOT NULL "
        "ORDER BY 1 DESC")]


def enrolments(conn: sqlite3.Connection, flt: Filter | None = None) -> list[dict[str, Any]]:
    """Enrolments with their learner (name, sex, birth, ethnic group), household, village, course."""
    where, params = (flt or Filter()).where()
    live = _LIVE.replace("WHERE e.deleted = 0", "JOIN villages v ON v.id = h.village_id WHERE e.deleted = 0", 1)
    return [dict(r) for r in conn.execute(
        "SELECT e.*, m.full_name, m.sex, m.birth_date, m.birth_year, m.ethnicity_code, m.citizen_id, "
        "h.code AS household_code, h.village_id, v.name AS village_name, k.occupation, k.start_date, k.end_date "
        f"{live}{where} ORDER BY m.name_sort, e.id", params)]


def of_member(conn: sqlite3.Connection, member_id: int) -> list[dict[str, Any]]:
    """A person's enrolments (with the course) and training supports received before."""
    rows = [dict(r) for r in conn.execute(
        "SELECT e.*, k.occupation, k.start_date, k.end_date FROM training_enrolments e "
        "JOIN training_courses k ON k.id = e.course_id WHERE e.member_id = ? AND e.deleted = 0 ORDER BY e.enrolled_on",
        (member_id,))]
    return rows


def prior_of_member(conn: sqlite3.Connection, member_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        "SELECT * FROM prior_supports WHERE member_id = ? AND kind = 'training' AND deleted = 0 ORDER BY year",
        (member_id,))]


def find_people(conn: sqlite3.Connection, text: str, commune_code: str | None = None,
                limit: int = 50) -> list[dict[str, Any]]:
    """People living here whose name (with or without accents) or citizen ID matches `text`, as
    the household list finds them: member id, name, birth, household code, village, head."""
    tokens = [t for t in fold(text).split(" ") if t]
    if not tokens:
        return []
    ids = search.search_ids(conn, search.HouseholdQuery(text=text, commune_code=commune_code))[:500]
    if not ids:
        return []
    digits = text.strip().isdigit()
    likes = " AND ".join(["(' ' || m.name_fold) LIKE ?"] * len(tokens))
    patterns = [f"% {t}%" for t in tokens]
    condition = f"(m.citizen_id LIKE ? OR ({likes}))" if digits else f"({likes})"
    params = ([f"{text.strip()}%"] if digits else []) + patterns
    return [dict(r) for r in conn.execute(
        "SELECT m.id AS member_id, m.full_name, m.sex, m.birth_date, m.birth_year, m.citizen_id, "
        "h.code AS household_code, v.name AS village_name, COALESCE(hd.full_name, '') AS head_name "
        "FROM json_each(?) j JOIN households h ON h.id = j.value JOIN members m ON m.household_id = h.id "
        "JOIN villages v ON v.id = h.village_id LEFT JOIN members hd ON hd.id = h.head_member_id "
        f"WHERE m.deleted = 0 AND m.status = 'present' AND {condition} ORDER BY m.name_sort LIMIT ?",
        [json.dumps(ids), *params, limit])]


@dataclass
class Results:
    """A year's results (courses starting that year; None: every year) against the plan."""

    year: int | None
    enrolled: int = 0
    studying: int = 0
    dropped: int = 0
    completed: int = 0
    certified: int = 0
    employed: int = 0
    job_connected: int = 0
    abroad: int = 0
    targets: dict[str, tuple[float, float | None]] = field(default_factory=dict)  # plan key → (value, max)
    support: dict[str, dict[str, int]] = field(default_factory=dict)  # funding source → kind → đồng

    def figure(self, key: str) -> int:
        return getattr(self, PLAN_KEYS[key])


def results(conn: sqlite3.Connection, year: int | None, scope_code: str | None = None, commune_code: str | None = None,
            rules: RuleBook | None = None) -> Results:
    """Trained (completed), certified, employed after the course, connected to a job with a
    contract, gone to work abroad — for courses starting in `year` — with the plan's targets for
    that year (of `scope_code`, the district) and the support paid by the course's funding source."""
    flt = Filter(year=year, commune_code=commune_code)
    where, params = flt.where()
    row = conn.execute(
        "SELECT COUNT(*), SUM(e.status = 'studying'), SUM(e.status = 'dropped'), SUM(e.status = 'completed'), "
        "SUM(e.status = 'completed' AND e.certificate_no <> ''), "
        f"SUM(e.outcome IN ({_codes(EMPLOYED)})), SUM(e.outcome IN ({_codes(CONTRACT)})), SUM(e.outcome = 'abroad') "
        f"{_LIVE}{where}", params).fetchone()
    out = Results(year, *[n or 0 for n in row])
    if scope_code is not None:
        plan_where = "" if year is None else " AND year = ?"
        plan_params = [scope_code, *([] if year is None else [year])]
        for key, value, top in conn.execute(
                "SELECT key, SUM(value), SUM(value_max) FROM plan_targets WHERE scope_code = ?" + plan_where +
                f" AND key IN ({_codes(PLAN_KEYS)}) AND deleted = 0 GROUP BY key", plan_params):
            out.targets[key] = (value, top)
    book = rules or shipped_rules()
    for source, year_text, cost, meal_days, travel, job in conn.execute(
            "SELECT k.funding_source, substr(e.enrolled_on, 1, 4), SUM(e.cost_support), SUM(e.meal_days), "
            f"SUM(e.travel_support), SUM(e.job_connection_support) {_LIVE}{where} "
            "GROUP BY k.funding_source, substr(e.enrolled_on, 1, 4)", params):
        meal_rate = int((book.training_norms(int(year_text or 0)) or {}).get("meal_per_day") or 0)
        kinds = out.support.setdefault(source, {"cost": 0, "meals": 0, "travel": 0, "job_connection": 0})
        kinds["cost"] += cost or 0
        kinds["meals"] += (meal_days or 0) * meal_rate
        kinds["travel"] += travel or 0
        kinds["job_connection"] += job or 0
    return out


def _codes(codes: Sequence[str] | dict) -> str:
    return ", ".join(f"'{c}'" for c in codes)


def breakdown(conn: sqlite3.Connection, by: str, flt: Filter | None = None) -> list[dict[str, Any]]:
    """Enrolments grouped by status, outcome, learner group, sex, ethnic group, village, commune or
    course: rows of key, label, enrolled, completed, employed (outcome a job)."""
    if by not in BY:
        raise ValueError(f"unknown grouping: {by}")
    where, params = (flt or Filter()).where()
    key, label, join = {
        "status": ("e.status", "e.status", ""),
        "outcome": ("e.outcome", "e.outcome", ""),
        "learner_group": ("e.learner_group", "e.learner_group", ""),
        "sex": ("m.sex", "m.sex", ""),
        "ethnicity": ("m.ethnicity_code", "m.ethnicity_code", ""),
        "village": ("h.village_id", "v.name", "JOIN villages v ON v.id = h.village_id "),
        "commune": ("e.commune_code", "e.commune_code", ""),
        "course": ("k.id", "k.occupation", ""),
    }[by]
    live = _LIVE.replace("WHERE e.deleted = 0", f"{join}WHERE e.deleted = 0", 1)
    return [dict(r) for r in conn.execute(
        f"SELECT {key} AS key, {label} AS label, COUNT(*) AS enrolled, SUM(e.status = 'completed') AS completed, "
        f"SUM(e.outcome IN ({_codes(EMPLOYED)})) AS employed {live}{where} GROUP BY {key} ORDER BY {label}", params)]


def supported_twice(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """People with supported training in two communes: the same citizen ID with an enrolment that
    was not dropped (or a prior training support) in more than one commune."""
    sql = (
        "WITH supported AS ("
        "SELECT m.citizen_id, m.full_name, e.commune_code, k.occupation AS what, e.status FROM training_enrolments e "
        "JOIN training_courses k ON k.id = e.course_id JOIN members m ON m.id = e.member_id "
        "WHERE e.deleted = 0 AND e.status <> 'dropped' AND m.deleted = 0 AND m.citizen_id <> '' "
        "UNION ALL SELECT m.citizen_id, m.full_name, p.commune_code, p.program, 'prior' FROM prior_supports p "
        "JOIN members m ON m.id = p.member_id WHERE p.deleted = 0 AND p.kind = 'training' AND m.citizen_id <> '') "
        "SELECT * FROM supported WHERE citizen_id IN (SELECT citizen_id FROM supported GROUP BY citizen_id "
        "HAVING COUNT(DISTINCT commune_code) > 1) ORDER BY citizen_id, commune_code")
    found: dict[str, dict[str, Any]] = {}
    for citizen_id, name, commune, what, status in conn.execute(sql):
        entry = found.setdefault(citizen_id, {"citizen_id": citizen_id, "name": name, "places": []})
        entry["places"].append({"commune_code": commune, "what": what, "status": status})
    return list(found.values())


__all__ = ["BY", "OUTCOMES", "PLAN_KEYS", "Filter", "Results", "breakdown", "course_years", "enrolments",
           "find_people", "list_courses", "of_member", "prior_of_member", "results", "supported_twice"]
