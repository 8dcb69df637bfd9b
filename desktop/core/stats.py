"""Counts of live records and tombstones (`giamngheo stats --json`)."""

from __future__ import annotations

from typing import Any

from desktop.core.db import Database

# Live = not a tombstone, and for records that belong to a household, the household is live too.
_LIVE = {
    "households": "SELECT COUNT(*) FROM households WHERE deleted = 0",
    "members": "SELECT COUNT(*) FROM members m JOIN households h ON h.id = m.household_id "
               "WHERE m.deleted = 0 AND h.deleted = 0",
    "assessments": "SELECT COUNT(*) FROM assessments a JOIN households h ON h.id = a.household_id "
                   "WHERE a.deleted = 0 AND h.deleted = 0",
    "housing_supports": "SELECT COUNT(*) FROM housing_supports s JOIN households h ON h.id = s.household_id "
                        "WHERE s.deleted = 0 AND h.deleted = 0",
    "training_courses": "SELECT COUNT(*) FROM training_courses WHERE deleted = 0",
    "training_enrolments": "SELECT COUNT(*) FROM training_enrolments e "
                           "JOIN training_courses c ON c.id = e.course_id "
                           "JOIN members m ON m.id = e.member_id JOIN households h ON h.id = m.household_id "
                           "WHERE e.deleted = 0 AND c.deleted = 0 AND m.deleted = 0 AND h.deleted = 0",
}
KEYS = tuple(_LIVE)


def count(db: Database, key: str) -> int:
    """One of the live counts (e.g. "households") without computing the others."""
    return db.conn.execute(_LIVE[key]).fetchone()[0]


def collect(db: Database) -> dict[str, Any]:
    conn = db.conn
    result: dict[str, Any] = {key: conn.execute(sql).fetchone()[0] for key, sql in _LIVE.items()}
    result["deleted"] = {
        key: conn.execute(f"SELECT COUNT(*) FROM {key} WHERE deleted = 1").fetchone()[0] for key in KEYS
    }
    result["villages"] = conn.execute("SELECT COUNT(*) FROM villages WHERE deleted = 0").fetchone()[0]
    result["audit_entries"] = conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    return result
