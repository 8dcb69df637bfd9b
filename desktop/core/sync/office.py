"""The office's view of its communes, for its screens (Qt-free; no SQL in the UI).

`communes_status` answers the district officer's first questions: which communes have sent, when
last, which files are missing from which device, who has sent nothing for too long, how much each
holds (live households, housing supports, training enrolments) and where its key stands.
`preview_revoke` shows what `keys revoke` would roll back and quarantine before anyone confirms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from desktop.core.db import Database
from desktop.core.errors import Refusal
from desktop.core.i18n import tr
from desktop.core.reference import communes_of
from desktop.core.sync import received, revoke

LATE_AFTER_DAYS = 30  # the default: a commune with no file for a month is shown as late


@dataclass
class CommuneStatus:
    code: str
    name: str
    last_received: str | None  # UTC, ISO 8601
    days_since: int | None     # whole days since the last file; None when none ever came
    late: bool                 # nothing for more than the setting's days (or never)
    missing: list[dict[str, Any]] = field(default_factory=list)  # {"device", "sequence"}
    households: int = 0
    housing_supports: int = 0
    training_enrolments: int = 0
    key: str = ""              # the bound key's fingerprint, or ""
    held_keys: int = 0         # keys seen in files and held for approval
    files: int = 0             # files received


def _count(db: Database, table: str, join: str = "") -> dict[str, int]:
    return dict(db.conn.execute(f"SELECT t.commune_code, COUNT(*) FROM {table} t {join} WHERE t.deleted = 0 "
                                "GROUP BY t.commune_code").fetchall())


def communes_status(db: Database, late_after_days: int = LATE_AFTER_DAYS,
                    now: dt.datetime | None = None) -> list[CommuneStatus]:
    """Every commune of the office's area, in the order of the administrative list."""
    if not db.identity.is_office:
        raise Refusal(tr("Chỉ văn phòng tổng hợp mới xem được tình hình gửi tệp của các xã."))
    now = now or dt.datetime.now(dt.UTC)
    conn = db.conn
    units = communes_of(db.identity.unit_code, db.identity.units_list)
    gaps = received.status(conn, [u.code for u in units])
    households = _count(db, "households")
    supports = _count(db, "housing_supports")
    enrolments = _count(db, "training_enrolments")
    files = dict(conn.execute("SELECT commune_code, COUNT(*) FROM received_files GROUP BY commune_code").fetchall())
    bound = dict(conn.execute("SELECT commune_code, fingerprint FROM commune_keys WHERE status = 'bound'").fetchall())
    held = dict(conn.execute("SELECT commune_code, COUNT(*) FROM commune_keys WHERE status = 'pending' "
                             "GROUP BY commune_code").fetchall())
    out = []
    for unit in units:
        state = gaps.get(unit.code, {})
        last = state.get("last_received")
        days = None
        if last:
            try:
                days = max((now - dt.datetime.fromisoformat(last.replace("Z", "+00:00"))).days, 0)
            except ValueError:
                days = None
        out.append(CommuneStatus(
            unit.code, unit.name, last, days, days is None or days > late_after_days, state.get("missing", []),
            households.get(unit.code, 0), supports.get(unit.code, 0), enrolments.get(unit.code, 0),
            bound.get(unit.code, ""), held.get(unit.code, 0), files.get(unit.code, 0)))
    return out


def preview_revoke(db: Database, commune: str, fp: str, after_sequence: int | None = None) -> revoke.Revocation:
    """What `keys revoke` would do — files taken back, records rolled back, records quarantined —
    worked out in a transaction that is then rolled back: nothing changes."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        return revoke.revoke(db, commune, fp, after_sequence)  # (its transaction is a savepoint of this one)
    finally:
        conn.execute("ROLLBACK")
