"""Candidate duplicates across communes: one person recorded by two communes.

When a commune's sync file is merged at the office, its new or changed live members are paired
with live members of the district's other communes who share a citizen ID, or a folded name, a
birth year and a village name. Each pair is recorded once per kind (the smaller member UUID
first) in `duplicate_candidates`, where it waits to be resolved; no record is changed.
"""

from __future__ import annotations

import json
import sqlite3

from desktop.core.db import utc_now


def detect_duplicates(conn: sqlite3.Connection, commune_code: str, member_ids: list[int]) -> None:
    """Pair this file's new or changed live members with live members of other communes."""
    if not member_ids:
        return
    now = utc_now()
    ids = json.dumps(member_ids)
    live = ("a.deleted = 0 AND b.deleted = 0 AND ha.deleted = 0 AND hb.deleted = 0 "
            "AND a.status = 'present' AND b.status = 'present'")
    pair = ("CASE WHEN a.uuid < b.uuid THEN a.uuid ELSE b.uuid END, CASE WHEN a.uuid < b.uuid THEN b.uuid ELSE a.uuid END, "
            "CASE WHEN a.uuid < b.uuid THEN a.commune_code ELSE b.commune_code END, "
            "CASE WHEN a.uuid < b.uuid THEN b.commune_code ELSE a.commune_code END")
    # CROSS JOIN fixes the join order: start from the file's members, then use the indexes.
    conn.execute(
        f"INSERT OR IGNORE INTO duplicate_candidates (kind, member_a, member_b, commune_a, commune_b, detected_at) "
        f"SELECT 'citizen_id', {pair}, ? FROM json_each(?) j CROSS JOIN members a ON a.id = j.value "
        "JOIN members b ON b.citizen_id = a.citizen_id AND b.commune_code <> a.commune_code AND b.citizen_id <> '' "
        "JOIN households ha ON ha.id = a.household_id JOIN households hb ON hb.id = b.household_id "
        f"WHERE a.citizen_id <> '' AND {live}", (now, ids))
    # Same name + birth year + village (by name: villages belong to one commune; a village's own
    # deletion does not matter, its live households and members do). Common names recur across a
    # district, so rather than follow each member's namesakes everywhere, take the file's members
    # living in a village whose name another commune also has (usually few), and walk only those
    # other villages' households, matching on all three at once.
    conn.execute(
        "WITH shared (id) AS (SELECT va.id FROM villages va WHERE va.commune_code = :code AND EXISTS "
        "(SELECT 1 FROM villages o WHERE o.name_fold = va.name_fold AND o.commune_code <> va.commune_code)), "
        "a AS (SELECT a.uuid, a.commune_code, a.name_fold, a.birth_year, va.name_fold AS village "
        "FROM json_each(:ids) j CROSS JOIN members a ON a.id = j.value JOIN households ha ON ha.id = a.household_id "
        "JOIN villages va ON va.id = ha.village_id WHERE ha.village_id IN shared AND a.deleted = 0 "
        "AND a.status = 'present' AND ha.deleted = 0), "
        "vb AS (SELECT id, name_fold FROM villages WHERE name_fold IN (SELECT village FROM a) AND commune_code <> :code) "
        "INSERT OR IGNORE INTO duplicate_candidates (kind, member_a, member_b, commune_a, commune_b, detected_at) "
        f"SELECT 'name_birth_village', {pair}, :now FROM vb CROSS JOIN households hb ON hb.village_id = vb.id "
        "CROSS JOIN members b ON b.household_id = hb.id CROSS JOIN a ON a.name_fold = b.name_fold "
        "AND a.birth_year = b.birth_year AND a.village = vb.name_fold "
        "WHERE hb.deleted = 0 AND b.deleted = 0 AND b.status = 'present' AND b.commune_code <> a.commune_code",
        {"code": commune_code, "ids": ids, "now": now})
