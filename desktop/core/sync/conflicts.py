"""The office's conflict sets as a person reads them (Qt-free; the office's screens ask here).

A record's conflict set is its live version and the concurrent versions kept in `sync_conflicts`
(plan.py). `open_conflicts` gives each set with its versions side by side — who made each, when,
on which device — and, field by field, the value of their common ancestor (the last version every
one of them was made from, rebuilt from the audit log: lineage.RecordHistory) and each version's
value, marking which versions changed the field. Fields no version changed are left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from desktop.core import records
from desktop.core.db import Database
from desktop.core.errors import Refusal
from desktop.core.i18n import tr
from desktop.core.labels import field_label
from desktop.core.portable import VERSION_COLUMNS, portable_record, values_digest
from desktop.core.reference import communes_of
from desktop.core.sync.lineage import RecordHistory, Version
from desktop.core.sync.received import device_tags

# What a person compares: not the keys and bookkeeping every version shares.
_NOT_COMPARED = frozenset({"uuid", "commune_code", *VERSION_COLUMNS})


@dataclass
class ConflictVersion:
    revision: int
    device: str
    device_tag: str
    live: bool
    made_at: str
    made_by: str
    values: dict[str, Any]


@dataclass
class FieldChoice:
    field: str
    label: str
    ancestor: Any                       # the common ancestor's value (None when unknown)
    values: list[Any]                   # each version's value, in the order of `versions`
    changed: list[bool]                 # whether each version changed it from the ancestor


@dataclass
class ConflictSet:
    table: str
    uuid: str
    commune_code: str
    commune_name: str
    record: str                         # what the record is, in words (household code, member's name …)
    versions: list[ConflictVersion]     # the live one first, then the others by (revision, device)
    ancestor: Version | None            # their common ancestor's version, when the log has it
    fields: list[FieldChoice] = field(default_factory=list)
    detected_at: str = ""
    decision: Any = None                # the office's decision awaiting the commune (decisions.Decision)


def open_conflicts(db: Database, commune: str | None = None, include_decided: bool = True,
                   record: tuple[str, str] | None = None) -> list[ConflictSet]:
    """Every record with concurrent versions not yet resolved (of one commune, or all; or the one
    `record`, as (table, UUID)), each with the office's decision when one awaits the commune
    (without them, `include_decided=False`)."""
    from desktop.core.sync.decisions import awaiting_by_record  # (it builds on this module)

    if not db.identity.is_office:
        raise Refusal(tr("Chỉ văn phòng tổng hợp mới xem được xung đột giữa các phiên bản."))
    conn = db.conn
    names = {u.code: u.name for u in communes_of(db.identity.unit_code, db.identity.units_list)}
    sql = ("SELECT table_name, record_uuid, commune_code, MIN(detected_at) FROM sync_conflicts WHERE resolved_at IS NULL"
           + (" AND commune_code = ?" if commune else "") + (" AND table_name = ? AND record_uuid = ?" if record else "")
           + " GROUP BY table_name, record_uuid ORDER BY MIN(detected_at)")
    params = ((commune,) if commune else ()) + (tuple(record) if record else ())
    out = []
    awaiting = awaiting_by_record(db)
    for table, uuid, code, detected in conn.execute(sql, params).fetchall():
        decided = awaiting.get((table, uuid))
        if decided is not None and not include_decided:
            continue
        live = portable_record(conn, table, uuid)
        if live is None:
            continue
        others = conn.execute("SELECT revision, device_id, version FROM sync_conflicts WHERE table_name = ? "
                              "AND record_uuid = ? AND resolved_at IS NULL ORDER BY revision, device_id",
                              (table, uuid)).fetchall()
        out.append(_conflict_set(conn, table, uuid, code, names.get(code, code), live,
                                 [(r, d, json.loads(v)) for r, d, v in others], detected))
        out[-1].decision = decided
    return out


def _conflict_set(conn, table: str, uuid: str, code: str, name: str, live: dict[str, Any],
                  others: list[tuple[int, str, dict[str, Any]]], detected: str) -> ConflictSet:
    history = RecordHistory(conn, uuid)
    heads: list[tuple[Version, dict[str, Any], bool]] = [((live["revision"], live["device_id"]), live, True)]
    heads += [((r, d), values, False) for r, d, values in others]
    tags = device_tags(d for (_r, d), _v, _l in heads)
    versions = []
    for version, values, is_live in heads:
        entry = history.by_version.get(version, {})
        versions.append(ConflictVersion(version[0], version[1], tags[version[1]], is_live, entry.get("at", ""),
                                        entry.get("actor", ""), values))
    found = history.walk_back(heads[0][0], live,
                              until=lambda v: all(history.is_ancestor(v, other) for other, _x, _y in heads[1:]))
    ancestor, ancestor_values = (found if found is not None else (None, None))
    if ancestor is not None and history.digest_of(ancestor) not in (None, "", values_digest(ancestor_values)):
        ancestor, ancestor_values = None, None  # the log cannot give its values back: compared without it
    result = ConflictSet(table, uuid, code, name, records.of(table).describe(live), versions, ancestor,
                         detected_at=detected)
    keys = [k for k in live if k not in _NOT_COMPARED]
    for key in keys:
        values = [v.values.get(key) for v in versions]
        base = ancestor_values.get(key) if ancestor_values is not None else None
        changed = [value != base for value in values] if ancestor_values is not None else [False] * len(values)
        if len({json.dumps(v, sort_keys=True, default=str) for v in values}) > 1 or any(changed):
            result.fields.append(FieldChoice(key, field_label(key), base, values, changed))
    return result
