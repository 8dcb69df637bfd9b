"""Choice lists the screens offer: villages, ethnic groups, years, communes.

What a filter or a drop-down lists, read from the database here so that no screen runs SQL of
its own. Each function takes a connection and returns plain values.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from desktop.core.reference import ethnic_groups
from desktop.core.text import collate_key


def village_choices(conn: sqlite3.Connection, commune_code: str | None = None) -> list[tuple[int, str]]:
    """Live villages (of one commune, or all at an office) in Vietnamese order: (id, name)."""
    sql = "SELECT id, name FROM villages WHERE deleted = 0"
    params: list[Any] = []
    if commune_code:
        sql += " AND commune_code = ?"
        params.append(commune_code)
    rows = conn.execute(sql, params).fetchall()
    return sorted(((r[0], r[1]) for r in rows), key=lambda r: collate_key(r[1]))


def ethnicity_choices(conn: sqlite3.Connection | None = None) -> list[tuple[str, str]]:
    """Ethnic groups (code, name): those heading households here first, then the others."""
    groups = ethnic_groups()
    used: list[str] = []
    if conn is not None:
        used = [r[0] for r in conn.execute(
            "SELECT head_ethnicity FROM households WHERE deleted = 0 AND head_ethnicity <> '' "
            "GROUP BY head_ethnicity ORDER BY COUNT(*) DESC")]
    rest = sorted((c for c in groups if c not in used), key=lambda c: collate_key(groups[c].name))
    return [(c, groups[c].name) for c in [*used, *rest] if c in groups]


def assessment_years(conn: sqlite3.Connection) -> list[int]:
    """Years with assessments, newest first (the current year too, for a new review)."""
    years = {r[0] for r in conn.execute("SELECT DISTINCT year FROM assessments WHERE deleted = 0")}
    years.add(dt.date.today().year)
    return sorted(years, reverse=True)


def commune_codes(conn: sqlite3.Connection) -> list[str]:
    """The communes that have households in this database (an office's), in code order."""
    return [row[0] for row in conn.execute(
        "SELECT DISTINCT commune_code FROM households ORDER BY commune_code")]


def household_choices(conn: sqlite3.Connection, commune_code: str | None = None) -> list[tuple[int, str]]:
    """Live households still living here, as a form's household picker lists them:
    (id, "code — head's name — village"), by code."""
    sql = ("SELECT h.id, h.code, COALESCE(m.full_name, ''), v.name FROM households h "
           "JOIN villages v ON v.id = h.village_id LEFT JOIN members m ON m.id = h.head_member_id "
           "WHERE h.deleted = 0 AND h.status = 'active'")
    params: list[Any] = []
    if commune_code:
        sql += " AND h.commune_code = ?"
        params.append(commune_code)
    rows = conn.execute(sql + " ORDER BY h.code", params).fetchall()
    return [(r[0], " — ".join(part for part in (r[1], r[2], r[3]) if part)) for r in rows]
