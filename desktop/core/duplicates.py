"""Candidate duplicates across communes: one person recorded by two communes.

When a commune's sync file is merged at the office, its new or changed live members are paired
with live members of the district's other communes who share a citizen ID, or a folded name, a
birth year and a village name. Each pair is recorded once per kind (the smaller member UUID
first) in `duplicate_candidates`, where it waits to be resolved; no record is changed.

The office's officer works through them (`candidates`, `decide`): people supported twice — with
housing or training support in two communes, as the housing and training cores find them — come
first; each pair is left open, marked not the same person, or marked resolved (the communes put
it right), with a note, who decided and when. A decision can be changed; the pair stays listed.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from desktop.core.db import Database, utc_now
from desktop.core.errors import Refusal, ValidationFailed
from desktop.core.i18n import tr
from desktop.core.reference import communes_of

STATES = ("open", "not_duplicate", "resolved")


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


@dataclass
class Person:
    uuid: str
    name: str
    birth_year: int | None
    citizen_id: str
    commune_code: str
    commune_name: str
    household_code: str
    village: str


@dataclass
class Candidate:
    id: int
    kind: str                     # citizen_id | name_birth_village
    a: Person
    b: Person
    state: str
    note: str
    decided_by: str
    decided_at: str | None
    detected_at: str
    supported_twice: list[str]    # "housing", "training": the same citizen ID supported in both communes


_PERSON = ("SELECT m.uuid, m.full_name, m.birth_year, m.citizen_id, m.commune_code, h.code, v.name FROM members m "
           "JOIN households h ON h.id = m.household_id LEFT JOIN villages v ON v.id = h.village_id WHERE m.uuid = ?")


def candidates(db: Database, state: str | None = None, commune: str | None = None) -> list[Candidate]:
    """The pairs (in `state`, of `commune`, or all), people supported twice first, then by when found."""
    _require_office(db)
    if state is not None and state not in STATES:
        raise Refusal(tr("Trạng thái không hợp lệ: {state}.", state=state))
    from desktop.core.housing.queries import (
        supported_twice as housing_twice,  # (features import this module)
    )
    from desktop.core.training.queries import supported_twice as training_twice

    conn = db.conn
    names = {u.code: u.name for u in communes_of(db.identity.unit_code, db.identity.units_list)}
    twice: dict[str, list[str]] = {}
    for what, rows in (("housing", housing_twice(conn)), ("training", training_twice(conn))):
        for row in rows:
            twice.setdefault(row["citizen_id"], []).append(what)
    where, params = ["1"], []
    if state is not None:
        where.append("state = ?")
        params.append(state)
    if commune is not None:
        where.append("(commune_a = ? OR commune_b = ?)")
        params += [commune, commune]
    out = []
    for row in conn.execute(f"SELECT * FROM duplicate_candidates WHERE {' AND '.join(where)} ORDER BY detected_at, id",
                            params).fetchall():
        people = []
        for uuid in (row["member_a"], row["member_b"]):
            found = conn.execute(_PERSON, (uuid,)).fetchone()
            if found is None:
                break
            people.append(Person(found[0], found[1], found[2], found[3], found[4], names.get(found[4], found[4]),
                                 found[5], found[6] or ""))
        if len(people) < 2:
            continue
        supported = sorted(set(twice.get(people[0].citizen_id, []) if people[0].citizen_id else []))
        out.append(Candidate(row["id"], row["kind"], people[0], people[1], row["state"], row["note"],
                             row["decided_by"], row["resolved_at"], row["detected_at"], supported))
    out.sort(key=lambda c: (not c.supported_twice, c.detected_at, c.id))
    return out


def decide(db: Database, candidate_id: int, state: str, note: str = "") -> None:
    """Record the office's decision on a pair (`state`: open, not_duplicate or resolved). Marking
    a pair as not the same person needs a note saying why."""
    _require_office(db)
    if state not in STATES:
        raise ValidationFailed({"state": tr("Trạng thái không hợp lệ: {state}.", state=state)})
    note = (note or "").strip()
    if state == "not_duplicate" and not note:
        raise ValidationFailed({"note": tr("Cần ghi lý do khi kết luận đây không phải cùng một người "
                                           "(ví dụ: khác cha mẹ, khác quê).")})
    with db.transaction():
        done = db.conn.execute(
            "UPDATE duplicate_candidates SET state = ?, note = ?, decided_by = ?, resolved_at = ? WHERE id = ?",
            (state, note, db.actor() if state != "open" else "", utc_now() if state != "open" else None,
             candidate_id)).rowcount
        if not done:
            raise Refusal(tr("Không có cặp trùng lặp số {id}.", id=candidate_id))


def _require_office(db: Database) -> None:
    if not db.identity.is_office:
        raise Refusal(tr("Chỉ văn phòng tổng hợp mới xem và xử lý trùng lặp giữa các xã."))

