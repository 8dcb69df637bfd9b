"""`keys revoke`: take back what a commune key's files brought, once the key is known to be stolen.

The files revoked are those the office received signed by that key (with `--after-sequence N`,
only those numbered after N: earlier files stay trusted). An audit entry is untrusted when one of
those files first brought it (`audit_log.file_id`). For every record an untrusted entry touched:
- each of its versions (the live one and those in its conflict set) that an untrusted entry made
  is replaced by the last version it was made from that a trusted entry made — its values given
  back by undoing the untrusted entries' changes (their old values), and checked against the
  digest that trusted entry vouched for;
- the live version and the conflict set are then worked out again from what is left, as a merge
  would (the highest version no other was made from is live);
- a record that only revoked files ever made has no trusted version: it is quarantined — a
  tombstone (hidden from counts, lists and reports) marked with the revocation, and listed.
The key's status becomes 'revoked': files it signs are refused from then on. The entries those
files first brought are withdrawn (`audit_log.withdrawn`): each device's chain ends at its last
trusted entry again, so the commune's restored laptop — carrying, say, an edit the stolen laptop
made before the theft, which the thief re-wrote — is not taken for a forked history, and its
entries replace the withdrawn ones. Everything revoke changed is kept (`revocation_changes`, the
chains' old ends), so `undo` puts it all back, unless later merges have built on it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop.core import records
from desktop.core.db import Database, utc_now
from desktop.core.errors import Refusal
from desktop.core.i18n import tr
from desktop.core.portable import portable_record, record_values, values_digest
from desktop.core.schema import FOREIGN_KEYS
from desktop.core.search import refresh_search
from desktop.core.sync.export import EXPORTED_TABLES
from desktop.core.sync.keys import normalize_fingerprint
from desktop.core.sync.lineage import RecordHistory, Version


@dataclass
class Revocation:
    id: int
    commune_code: str
    fingerprint: str
    after_sequence: int | None
    files: list[str]
    revoked_at: str
    undone_at: str | None = None
    changes: dict[str, int] = field(default_factory=dict)  # kind → records
    quarantined: list[str] = field(default_factory=list)  # what each quarantined record was


def _require_office(db: Database) -> None:
    if not db.identity.is_office:
        raise Refusal(tr("Chỉ văn phòng tổng hợp mới quản lý khóa của các xã."))


def _untrusted_files(conn: sqlite3.Connection, commune: str, fp: str, after: int | None) -> list[tuple[int, str]]:
    sql = "SELECT id, file_name FROM received_files WHERE commune_code = ? AND signer = ?"
    params: list[Any] = [commune, fp]
    if after is not None:
        sql += " AND sequence > ?"
        params.append(after)
    return [(r[0], r[1]) for r in conn.execute(sql + " ORDER BY id", params)]


def _local(conn: sqlite3.Connection, table: str, values: dict[str, Any]) -> dict[str, Any]:
    """Portable values as the table stores them (references by local id, derived columns filled)."""
    out: dict[str, Any] = {}
    fks = FOREIGN_KEYS.get(table, {})
    for key, value in values.items():
        if key == "deprivations":
            continue
        local = key[:-5] + "_id" if key.endswith("_uuid") else None
        if local in fks:
            row = conn.execute(f"SELECT id FROM {fks[local]} WHERE uuid = ?", (value,)).fetchone() if value else None
            out[local] = row[0] if row else None
        else:
            out[key] = value
    return records.normalize(table, out)


def _write(conn: sqlite3.Connection, table: str, uuid: str, state: dict[str, Any]) -> None:
    """Put a record in `state` (its values, version and update time) as it was or is to be."""
    values = _local(conn, table, state["values"])
    values |= {"revision": state["version"][0], "device_id": state["version"][1], "updated_at": state["updated_at"]}
    conn.execute(f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in values)} WHERE uuid = ?", [*values.values(), uuid])
    if table == "assessments":
        conn.execute("DELETE FROM assessment_deprivations WHERE assessment_id = (SELECT id FROM assessments WHERE uuid = ?)",
                     (uuid,))
        conn.executemany("INSERT INTO assessment_deprivations (assessment_id, indicator_code) "
                         "SELECT id, ? FROM assessments WHERE uuid = ?",
                         [(code, uuid) for code in state["values"].get("deprivations") or []])


def _state(conn: sqlite3.Connection, table: str, uuid: str) -> dict[str, Any]:
    record = portable_record(conn, table, uuid) or {}
    return {"version": [record.get("revision"), record.get("device_id")], "updated_at": record.get("updated_at"),
            "values": {k: v for k, v in record.items() if k not in ("revision", "device_id", "updated_at")}}


def _same(state: dict[str, Any], recorded: dict[str, Any]) -> bool:
    """Whether a record is still in the state a revocation left it in (its version and values)."""
    def values(of: dict[str, Any]) -> Any:
        return json.loads(json.dumps(record_values(of["values"]), default=str, sort_keys=True))
    return list(state["version"]) == list(recorded["version"]) and values(state) == values(recorded)


def _change(conn: sqlite3.Connection, revocation: int, table: str, uuid: str, kind: str,
            before: Any, after: Any) -> None:
    conn.execute("INSERT INTO revocation_changes (revocation_id, table_name, record_uuid, kind, before, after) "
                 "VALUES (?, ?, ?, ?, ?, ?)", (revocation, table, uuid, kind,
                                               json.dumps(before, ensure_ascii=False, default=str) if before else None,
                                               json.dumps(after, ensure_ascii=False, default=str) if after else None))


def _revoke_record(conn: sqlite3.Connection, revocation: int, table: str, uuid: str, untrusted: set[int],
                   reason: str) -> None:
    entries = RecordHistory(conn, uuid, untrusted)
    live = _state(conn, table, uuid)
    kept = [dict(r) for r in conn.execute(
        "SELECT id, table_name, record_uuid, commune_code, revision, device_id, version, detected_at FROM sync_conflicts "
        "WHERE table_name = ? AND record_uuid = ? AND resolved_at IS NULL", (table, uuid))]
    members: list[tuple[Version, dict[str, Any], str | None]] = [
        ((live["version"][0], live["version"][1]), live["values"], live["updated_at"])]
    for k in kept:
        values = json.loads(k["version"])
        members.append(((k["revision"], k["device_id"]), values, values.get("updated_at")))
    candidates: dict[Version, tuple[dict[str, Any], str | None]] = {}
    for version, values, updated_at in members:
        if entries.trusted(version):
            candidates.setdefault(version, (values, updated_at))
            continue
        found = entries.walk_back(version, values, until=entries.trusted)
        if found is None:
            continue
        ancestor, old_values = found
        vouched = entries.by_version.get(ancestor, {}).get("values_sha256")
        if vouched and vouched != values_digest(old_values):
            # The untrusted entries do not give the trusted values back (their old values lie):
            # that version cannot be put back; the record is quarantined if nothing else is left.
            continue
        candidates.setdefault(ancestor, (old_values, entries.by_version.get(ancestor, {}).get("at")))
    heads = [v for v in candidates if not any(o != v and entries.is_ancestor(v, o) for o in candidates)]
    for k in kept:  # the conflict set is worked out again from the heads
        if (k["revision"], k["device_id"]) not in heads or (k["revision"], k["device_id"]) == max(heads, default=None):
            _change(conn, revocation, table, uuid, "conflict_dropped", k, None)
            conn.execute("DELETE FROM sync_conflicts WHERE id = ?", (k["id"],))
    if not heads:  # nothing trusted ever made it: quarantined
        after = dict(live, values=live["values"] | {"deleted": 1, "deleted_reason": reason})
        _change(conn, revocation, table, uuid, "quarantined", live, after)
        _write(conn, table, uuid, after)
        return
    top = max(heads)
    if top != (live["version"][0], live["version"][1]):
        values, updated_at = candidates[top]
        after = {"version": list(top), "updated_at": updated_at or live["updated_at"], "values": values}
        _change(conn, revocation, table, uuid, "rolled_back", live, after)
        _write(conn, table, uuid, after)
    have = {(k["revision"], k["device_id"]) for k in kept}
    for version in heads:
        if version != top and version not in have:
            row = {"table_name": table, "record_uuid": uuid, "commune_code": live["values"].get("commune_code"),
                   "revision": version[0], "device_id": version[1],
                   "version": json.dumps(candidates[version][0], ensure_ascii=False, default=str),
                   "detected_at": utc_now()}
            conn.execute(f"INSERT OR IGNORE INTO sync_conflicts ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                         list(row.values()))
            _change(conn, revocation, table, uuid, "conflict_added", None, row)


def revoke(db: Database, commune: str, fp: str, after_sequence: int | None = None) -> Revocation:
    """Revoke a commune's key and take back what its files (after `after_sequence`) brought."""
    _require_office(db)
    wanted = normalize_fingerprint(fp)
    conn = db.conn
    key = conn.execute("SELECT id, status FROM commune_keys WHERE commune_code = ? AND fingerprint = ?",
                       (commune, wanted)).fetchone()
    if key is None:
        raise Refusal(tr("Văn phòng không biết khóa {fp} của xã {code}; xem danh sách bằng lệnh keys list.",
                         fp=wanted, code=commune))
    if key["status"] == "revoked":
        raise Refusal(tr("Khóa {fp} của xã {code} đã bị thu hồi trước đó.", fp=wanted, code=commune))
    if after_sequence is not None and after_sequence < 0:
        raise Refusal(tr("Số thứ tự tệp phải từ 0 trở lên."))
    files = _untrusted_files(conn, commune, wanted, after_sequence)
    untrusted = {file_id for file_id, _name in files}
    reason = tr("Cách ly: khóa {fp} của xã bị thu hồi", fp=wanted)
    now = utc_now()
    with db.transaction():
        revocation = conn.execute(
            "INSERT INTO revocations (commune_code, fingerprint, after_sequence, key_status, files, revoked_at, revoked_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (commune, wanted, after_sequence, key["status"],
                                             json.dumps([name for _id, name in files], ensure_ascii=False), now,
                                             db.actor())).lastrowid
        conn.execute("UPDATE commune_keys SET status = 'revoked' WHERE id = ?", (key["id"],))
        _withdraw(conn, revocation, commune, untrusted)
        touched = _touched(conn, untrusted)
        for table in EXPORTED_TABLES:  # parents first: a quarantined household before its members
            for uuid in touched.get(table, []):
                _revoke_record(conn, revocation, table, uuid, untrusted, reason)
        refresh_search(conn, optimize=False)
    return describe(db, revocation)


def _withdraw(conn: sqlite3.Connection, revocation: int, commune: str, untrusted: set[int]) -> None:
    """Withdraw the entries the revoked files first brought: each device's chain ends at its last
    trusted entry again (the old ends kept for undo), so the commune's restored laptop, carrying
    the entries as they were really made, is not taken for a forked history."""
    ids = sorted(untrusted)
    withdrawn = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        withdrawn += conn.execute(f"UPDATE audit_log SET withdrawn = ? WHERE file_id IN ({', '.join('?' * len(chunk))})",
                                  [revocation, *chunk]).rowcount
    heads = []
    for device, code, uuid, digest in conn.execute(
            "SELECT device_id, commune_code, uuid, hash FROM audit_heads WHERE commune_code = ? AND uuid IN "
            "(SELECT uuid FROM audit_log WHERE withdrawn = ?)", (commune, revocation)).fetchall():
        heads.append([device, code, uuid, digest])
        trusted = conn.execute("SELECT uuid, hash FROM audit_log WHERE device_id = ? AND commune_code = ? "
                               "AND withdrawn IS NULL ORDER BY id DESC LIMIT 1", (device, code)).fetchone()
        if trusted is None:
            conn.execute("DELETE FROM audit_heads WHERE device_id = ? AND commune_code = ?", (device, code))
        else:
            conn.execute("UPDATE audit_heads SET uuid = ?, hash = ? WHERE device_id = ? AND commune_code = ?",
                         (trusted[0], trusted[1], device, code))
    conn.execute("UPDATE revocations SET heads = ?, withdrawn_entries = ? WHERE id = ?",
                 (json.dumps(heads), withdrawn, revocation))


def _touched(conn: sqlite3.Connection, untrusted: Iterable[int]) -> dict[str, list[str]]:
    ids = sorted(untrusted)
    out: dict[str, list[str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for table, uuid in conn.execute(
                f"SELECT DISTINCT table_name, record_uuid FROM audit_log WHERE file_id IN ({', '.join('?' * len(chunk))})",
                chunk):
            out.setdefault(table, []).append(uuid)
    return {table: sorted(set(uuids)) for table, uuids in out.items()}


def undo(db: Database, revocation_id: int) -> Revocation:
    """Put back everything a revocation changed, and the key's status before it."""
    _require_office(db)
    conn = db.conn
    row = conn.execute("SELECT * FROM revocations WHERE id = ?", (revocation_id,)).fetchone()
    if row is None:
        raise Refusal(tr("Không có lần thu hồi số {id}.", id=revocation_id))
    if row["undone_at"]:
        raise Refusal(tr("Lần thu hồi số {id} đã được hoàn tác ngày {date}.", id=revocation_id, date=row["undone_at"][:10]))
    if row["key_status"] == "bound" and conn.execute(
            "SELECT 1 FROM commune_keys WHERE commune_code = ? AND status = 'bound'", (row["commune_code"],)).fetchone():
        raise Refusal(tr("Xã {code} đã có khóa khác được công nhận sau lần thu hồi này; hoàn tác sẽ có hai khóa. "
                         "Không thay đổi gì.", code=row["commune_code"]))
    with db.transaction():
        changes = conn.execute("SELECT * FROM revocation_changes WHERE revocation_id = ? ORDER BY id DESC",
                               (revocation_id,)).fetchall()
        moved = [f"{change['table_name']} {change['record_uuid'][:8]}" for change in changes
                 if change["kind"] in ("rolled_back", "quarantined")
                 and not _same(_state(conn, change["table_name"], change["record_uuid"]), json.loads(change["after"]))]
        replaced = row["withdrawn_entries"] - conn.execute("SELECT COUNT(*) FROM audit_log WHERE withdrawn = ?",
                                                           (revocation_id,)).fetchone()[0]
        if replaced:  # a trusted file has since carried some of them as the commune made them
            moved.append(tr("{n} mục nhật ký đã được tệp tin cậy thay thế", n=replaced))
        if moved:  # merged since: putting the old state back would lose those versions
            raise Refusal(tr("Không hoàn tác được lần thu hồi số {id}: {n} bản ghi đã thay đổi sau đó (do các tệp gộp "
                             "sau), hoàn tác sẽ làm mất các thay đổi đó: {records}. Không thay đổi gì.",
                             id=revocation_id, n=len(moved), records=", ".join(moved[:5])))
        for change in changes:
            before = json.loads(change["before"]) if change["before"] else None
            after = json.loads(change["after"]) if change["after"] else None
            if change["kind"] in ("rolled_back", "quarantined"):
                _write(conn, change["table_name"], change["record_uuid"], before)
            elif change["kind"] == "conflict_dropped":
                row_values = {k: v for k, v in before.items() if k != "id"}
                conn.execute(f"INSERT OR IGNORE INTO sync_conflicts ({', '.join(row_values)}) "
                             f"VALUES ({', '.join('?' * len(row_values))})", list(row_values.values()))
            else:  # conflict_added
                conn.execute("DELETE FROM sync_conflicts WHERE table_name = ? AND record_uuid = ? AND revision = ? "
                             "AND device_id = ? AND resolved_at IS NULL",
                             (after["table_name"], after["record_uuid"], after["revision"], after["device_id"]))
        conn.execute("UPDATE audit_log SET withdrawn = NULL WHERE withdrawn = ?", (revocation_id,))
        conn.executemany("INSERT OR REPLACE INTO audit_heads (device_id, commune_code, uuid, hash) VALUES (?, ?, ?, ?)",
                         [tuple(head) for head in json.loads(row["heads"])])
        conn.execute("UPDATE commune_keys SET status = ? WHERE commune_code = ? AND fingerprint = ?",
                     (row["key_status"], row["commune_code"], row["fingerprint"]))
        conn.execute("UPDATE revocations SET undone_at = ?, undone_by = ? WHERE id = ?", (utc_now(), db.actor(), revocation_id))
        refresh_search(conn, optimize=False)
    return describe(db, revocation_id)


def describe(db: Database, revocation_id: int) -> Revocation:
    conn = db.conn
    row = conn.execute("SELECT * FROM revocations WHERE id = ?", (revocation_id,)).fetchone()
    result = Revocation(row["id"], row["commune_code"], row["fingerprint"], row["after_sequence"],
                        json.loads(row["files"]), row["revoked_at"], row["undone_at"])
    for kind, count in conn.execute("SELECT kind, COUNT(*) FROM revocation_changes WHERE revocation_id = ? GROUP BY kind",
                                    (revocation_id,)):
        result.changes[kind] = count
    for table, uuid, before in conn.execute("SELECT table_name, record_uuid, before FROM revocation_changes "
                                            "WHERE revocation_id = ? AND kind = 'quarantined' ORDER BY id", (revocation_id,)):
        values = json.loads(before)["values"]
        result.quarantined.append(f"{records.of(table).describe(values)} ({table}, {uuid[:8]})")
    return result


def list_revocations(db: Database) -> list[Revocation]:
    _require_office(db)
    return [describe(db, r[0]) for r in db.conn.execute("SELECT id FROM revocations ORDER BY id")]


def quarantined(conn: sqlite3.Connection) -> set[str]:
    """UUIDs of records quarantined by a revocation still in force (`check` knows why they changed)."""
    return {r[0] for r in conn.execute(
        "SELECT c.record_uuid FROM revocation_changes c JOIN revocations r ON r.id = c.revocation_id "
        "WHERE c.kind = 'quarantined' AND r.undone_at IS NULL")}
