"""The office's decision on a conflict set: which version (or which value of each field) the record
keeps. Qt-free; the office's Xung đột tab and its receipts ask here.

The office does not write the chosen values itself: its record's versions are the commune's, made
on the commune's computers. A decision is sent in the commune's next receipt (receipt.py); the
commune applies it as an edit of its own, made from its version and from every version the
decision resolves (Store.resolve), and its next file carries that edit. When it arrives, the
office's live version descends from every version of the set, so the set closes like any
fast-forward (plan.py) — and the same versions, merged again from an old file, are older than a
version the office has: the conflict is not raised again.

A decision's state is worked out from what the office holds, never stored:
- `awaiting`: the set is as it was when decided (the same versions); shown "chosen, awaiting the
  commune" and sent in each receipt until the commune's edit arrives;
- `applied`: the commune's edit naming the decision has arrived;
- `superseded`: the set changed before that (the commune edited the record again, or another
  version arrived): the office decides again. A new decision on a record withdraws the older one.
"""

from __future__ import annotations

import json
import uuid as uuidlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop.core.db import Database, utc_now
from desktop.core.errors import Checked, Refusal
from desktop.core.i18n import tr
from desktop.core.portable import VERSION_COLUMNS, portable_record
from desktop.core.sync.conflicts import ConflictSet, open_conflicts
from desktop.core.sync.lineage import Version

AWAITING, APPLIED, SUPERSEDED = "awaiting", "applied", "superseded"
# What a decision leaves as the record is: its identity and its version's bookkeeping.
_KEPT = frozenset({"uuid", "commune_code", *VERSION_COLUMNS})
MAX_NOTE = 500


@dataclass
class Decision:
    id: int
    uuid: str
    table: str
    record_uuid: str
    commune_code: str
    resolves: list[Version]
    keep: Version                                   # the version whose values are kept …
    fields: dict[str, Version]                      # … but for these fields, taken from these versions
    values: dict[str, Any]                          # the record's chosen values (portable form)
    note: str
    decided_at: str
    decided_by: str
    state: str = AWAITING
    record: str = ""                                # the record in words (set by `decisions`)

    def portable(self) -> dict[str, Any]:
        """As a receipt carries it."""
        return {"uuid": self.uuid, "table": self.table, "record_uuid": self.record_uuid, "record": self.record,
                "resolves": [list(v) for v in self.resolves], "values": self.values, "note": self.note,
                "decided_at": self.decided_at, "decided_by": self.decided_by}


def _set_of(db: Database, table: str, record_uuid: str) -> ConflictSet | None:
    found = open_conflicts(db, record=(table, record_uuid)) if db.identity.is_office else []
    return found[0] if found else None


def check_decision(db: Database, table: str, record_uuid: str, keep: Version,
                   fields: Mapping[str, Version] | None = None, note: str = "") -> Checked:
    """Whether the choice can be recorded (never raises): the record has an open conflict set, the
    kept version and each field's version are among its versions, each field is one that differs."""
    return _check(_set_of(db, table, record_uuid), keep, fields, note)


def _check(conflict: ConflictSet | None, keep: Version, fields: Mapping[str, Version] | None, note: str) -> Checked:
    checked = Checked()
    if conflict is None:
        checked.error("record", tr("Bản ghi này không còn xung đột nào để xử lý (có thể xã đã gửi bản sửa mới)."))
        return checked
    versions = {(v.revision, v.device) for v in conflict.versions}
    if tuple(keep) not in versions:
        checked.error("keep", tr("Phiên bản được chọn không thuộc các phiên bản đang xung đột của bản ghi này."))
    differing = {f.field for f in conflict.fields}
    for name, version in (fields or {}).items():
        if name not in differing:
            checked.error(name, tr("Trường {field} không khác nhau giữa các phiên bản; không cần chọn.", field=name))
        elif tuple(version) not in versions:
            checked.error(name, tr("Phiên bản được chọn không thuộc các phiên bản đang xung đột của bản ghi này."))
    if len((note or "").strip()) > MAX_NOTE:
        checked.error("note", tr("Ghi chú dài quá {n} ký tự.", n=MAX_NOTE))
    return checked


def decide(db: Database, table: str, record_uuid: str, keep: Version,
           fields: Mapping[str, Version] | None = None, note: str = "") -> Decision:
    """Record the office's choice for a record's conflict set: the values of `keep`, except the
    `fields` taken from other versions. Raises ValidationFailed (check_decision's messages)."""
    if not db.identity.is_office:
        raise Refusal(tr("Chỉ văn phòng tổng hợp mới xử lý được xung đột giữa các phiên bản."))
    conflict = _set_of(db, table, record_uuid)
    _check(conflict, keep, fields, note).raise_errors()
    assert conflict is not None  # (_check refuses a record without one)
    by_version = {(v.revision, v.device): v.values for v in conflict.versions}
    fields = {k: tuple(v) for k, v in (fields or {}).items() if tuple(v) != tuple(keep)}
    values = {k: v for k, v in by_version[tuple(keep)].items() if k not in _KEPT}
    for name, version in fields.items():
        values[name] = by_version[version].get(name)
    resolves = sorted(by_version)
    made = Decision(0, str(uuidlib.uuid4()), table, record_uuid, conflict.commune_code, resolves, tuple(keep),
                    fields, values, (note or "").strip(), utc_now(), db.actor(), record=conflict.record)
    with db.transaction():
        db.conn.execute("UPDATE conflict_decisions SET withdrawn_at = ? WHERE record_uuid = ? AND table_name = ? "
                        "AND withdrawn_at IS NULL", (made.decided_at, record_uuid, table))
        made.id = db.conn.execute(
            "INSERT INTO conflict_decisions (uuid, table_name, record_uuid, commune_code, resolves, choice, chosen_values, "
            "note, decided_at, decided_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (made.uuid, table, record_uuid, made.commune_code, json.dumps([list(v) for v in resolves]),
             json.dumps({"keep": list(made.keep), "fields": {k: list(v) for k, v in fields.items()}},
                        ensure_ascii=False), json.dumps(values, ensure_ascii=False, default=str),
             made.note, made.decided_at, made.decided_by)).lastrowid
    return made


def _state(conn, decision: Decision, live: dict[str, Any] | None) -> str:
    if conn.execute("SELECT 1 FROM audit_log WHERE record_uuid = ? AND extras LIKE ? LIMIT 1",
                    (decision.record_uuid, f'%"{decision.uuid}"%')).fetchone():
        return APPLIED
    now = {(r, d) for r, d in conn.execute("SELECT revision, device_id FROM sync_conflicts WHERE table_name = ? "
                                           "AND record_uuid = ? AND resolved_at IS NULL",
                                           (decision.table, decision.record_uuid))}
    if live is not None:
        now.add((live["revision"], live["device_id"]))
    return AWAITING if now == set(decision.resolves) else SUPERSEDED


def decisions(db: Database, commune: str | None = None, state: str | None = None) -> list[Decision]:
    """The office's decisions not withdrawn (of one commune, or all; in one state, or all), oldest first."""
    conn = db.conn
    # A decision awaits its commune only while its record's set is open: the decisions applied long
    # ago are not looked at each time the conflicts are listed.
    still_open = (" AND EXISTS (SELECT 1 FROM sync_conflicts c WHERE c.table_name = d.table_name AND "
                  "c.record_uuid = d.record_uuid AND c.resolved_at IS NULL)")
    sql = ("SELECT id, uuid, table_name, record_uuid, commune_code, resolves, choice, chosen_values, note, decided_at, "
           "decided_by FROM conflict_decisions d WHERE withdrawn_at IS NULL" + (" AND commune_code = ?" if commune else "")
           + (still_open if state == AWAITING else "") + " ORDER BY id")
    out = []
    from desktop.core import records  # (every table's description)

    for row in conn.execute(sql, (commune,) if commune else ()).fetchall():
        choice = json.loads(row[6])
        made = Decision(row[0], row[1], row[2], row[3], row[4], [tuple(v) for v in json.loads(row[5])],
                        tuple(choice["keep"]), {k: tuple(v) for k, v in choice["fields"].items()},
                        json.loads(row[7]), row[8], row[9], row[10])
        live = portable_record(conn, made.table, made.record_uuid)
        made.state = _state(conn, made, live)
        made.record = records.of(made.table).describe(live) if live else made.record_uuid[:8]
        if state is None or made.state == state:
            out.append(made)
    return out


def awaiting_by_record(db: Database) -> dict[tuple[str, str], Decision]:
    """The decisions awaiting their commune, by (table, record UUID)."""
    return {(d.table, d.record_uuid): d for d in decisions(db, state=AWAITING)}
