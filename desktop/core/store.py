"""The one write path: validate, write with sync metadata, record the change in the audit log.

Every create, update, soft delete and restore of a syncing record goes through `Store`. Each
write bumps the record's revision, stamps this device and the time, and appends an audit entry
(who, when, table, record, old and new values) chained by hash to the previous entry of the same
device, so tampering with the history is detectable by `check`.

An entry also says which version it made and from what: `revision` (one more than the version it
was made from), `base_device` (the device of that version; none for an insert) and
`values_sha256`, the digest of the record's values after the write (desktop.core.portable). A
revision is thus earned one entry at a time, and a record whose values are not those its last
entry vouches for is visible to `check` and refused at the office. An insert's `new_values` are
exactly the values its digest covers (the digest stands for them in the chain, so an office may
keep the digest alone); what else travels with a new record (the life event that made it) is in
`extras`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from desktop.core import records
from desktop.core.db import Database, new_uuid, utc_now
from desktop.core.errors import Checked, NotFound, Refusal, ValidationFailed
from desktop.core.i18n import tr
from desktop.core.portable import Reader, canonical, record_values, values_digest
from desktop.core.records import RowContext
from desktop.core.rules import RuleBook, rules_for
from desktop.core.schema import DERIVED_COLUMNS, FOREIGN_KEYS, SYNC_COLUMNS, SYNC_TABLES

GENESIS = "0" * 64
_META = {"id", *SYNC_COLUMNS}


__all__ = ["AUDIT_BODY", "GENESIS", "Store", "audit_hash", "canonical", "chain_link"]


# What an entry's link covers, in this order. An insert's new values are covered through their
# digest (`values_sha256`): an office that keeps only the digest can still verify the chain.
AUDIT_BODY = ("uuid", "at", "actor", "device_id", "commune_code", "action", "table_name", "record_uuid", "revision",
              "base_device", "values_sha256", "old_values", "new_values", "extras", "reason")
_NEW_VALUES = AUDIT_BODY.index("new_values")


def chain_link(prev_hash: str, body: list[Any]) -> str:
    """The hash linking an entry (its AUDIT_BODY values, in order) to the one before."""
    if body[5] == "insert":
        body[_NEW_VALUES] = None
    return hashlib.sha256(f"{prev_hash}\n{canonical(body)}".encode()).hexdigest()


def audit_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """The entry's link in its device's chain."""
    return chain_link(prev_hash, [entry[k] for k in AUDIT_BODY])


def values_vouched(entry: Mapping[str, Any]) -> bool:
    """Whether an insert's new values (when kept) are those its digest names. An entry written
    before entries carried digests (`values_sha256` '', set by migration 0011) claims nothing."""
    return (entry["action"] != "insert" or entry["new_values"] is None or entry["values_sha256"] == ""
            or hashlib.sha256(entry["new_values"].encode()).hexdigest() == entry["values_sha256"])


class Store:
    """Reads and writes records of the syncing tables for one open database."""

    def __init__(self, db: Database, actor: str | None = None):
        records.require_complete()  # every table's rules registered (desktop.core.features)
        self.db = db
        self.conn = db.conn
        self.actor = actor or db.actor()
        self._defaults: dict[str, dict[str, str | None]] = {}  # table → its columns and their defaults
        self._rules: RuleBook | None = None
        self.reader = Reader(db.conn)

    @property
    def rules(self) -> RuleBook:
        """The rule book in force for this database (shipped rules and office updates)."""
        if self._rules is None:
            self._rules = rules_for(self.conn)
        return self._rules

    # Reading --------------------------------------------------------------------------------

    def column_defaults(self, table: str) -> dict[str, str | None]:
        """The table's columns with their defaults (SQL), read once per table."""
        if table not in self._defaults:
            if table not in SYNC_TABLES:
                raise ValueError(f"not a syncing table: {table}")
            self._defaults[table] = records.column_defaults(self.conn, table)
        return self._defaults[table]

    def columns(self, table: str) -> tuple[str, ...]:
        return tuple(self.column_defaults(table))

    def writable(self, table: str) -> tuple[str, ...]:
        return tuple(c for c in self.columns(table) if c not in _META)

    def get(self, table: str, record_id: int) -> dict[str, Any] | None:
        self.columns(table)
        row = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (record_id,)).fetchone()
        return dict(row) if row else None

    def require(self, table: str, record_id: int) -> dict[str, Any]:
        row = self.get(table, record_id)
        if row is None:
            raise NotFound(tr("Không tìm thấy bản ghi {id} trong {table}.", id=record_id, table=table))
        return row

    def id_of(self, table: str, uuid: str) -> int | None:
        self.columns(table)
        row = self.conn.execute(f"SELECT id FROM {table} WHERE uuid = ?", (uuid,)).fetchone()
        return row[0] if row else None

    # Validation -----------------------------------------------------------------------------

    def context(self, warnings: bool = True) -> RowContext:
        """What row rules judge a record written now by: this database's rules, today."""
        return RowContext(self.rules, dt.date.today(), warnings)

    def check(self, table: str, values: Mapping[str, Any], warnings: bool = True) -> Checked:
        """The registered rules' verdict on a record before it is written (never raises).

        `values` are the record's columns (with its `id` when it exists already); the set rules
        compare it with the other records, the guards of local writes included.
        """
        record = records.normalize(table, dict(values))
        record["commune_code"] = record.get("commune_code") or self.db.identity.unit_code
        return records.check_record(self.conn, self.context(warnings), table, record, self.column_defaults(table))

    def _check_row(self, table: str, record: Mapping[str, Any]) -> None:
        checked = Checked(want_warnings=False)
        records.check_row(table, self.context(warnings=False), record, checked)
        checked.raise_errors()

    def _check_written(self, table: str, ids: Sequence[int]) -> None:
        """The set rules over records just written, inside the write's transaction: a broken
        rule raises, and the caller's transaction takes the write back."""
        cand, params = records.ids_sql(table, ids)
        for rule in records.set_rules(table):
            found = records.run_set_rule(self.conn, rule, cand, params, rules=self.rules)
            if found:
                raise ValidationFailed({rule.field: found[0][1]})

    def _refuse_unknown(self, table: str, values: Mapping[str, Any], also: tuple[str, ...] = ()) -> None:
        unknown = sorted(set(values) - set(self.writable(table)) - set(also))
        if unknown:
            raise Refusal(tr("Trường không hợp lệ cho {table}: {fields}.", table=table, fields=", ".join(unknown)))

    # Writing --------------------------------------------------------------------------------

    def insert(self, table: str, values: Mapping[str, Any], *, reason: str = "", extra_audit: Mapping[str, Any] | None = None) -> int:
        return self.insert_many(table, [values], reason=reason, extra_audit=[extra_audit or {}])[0]

    def insert_many(
        self,
        table: str,
        rows: Iterable[Mapping[str, Any]],
        *,
        reason: str = "",
        extra_audit: list[Mapping[str, Any]] | None = None,
    ) -> list[int]:
        """Insert records in one transaction; all or nothing.

        Each record's row rules run before anything is written; the set rules run once over the
        whole batch after it is written (so two new records can also be judged against each
        other), and a broken one takes the batch back.
        """
        ident = self.db.identity
        ids: list[int] = []
        # Checks run inside the write transaction (BEGIN IMMEDIATE), so two windows or processes
        # cannot both pass a uniqueness check and then both insert.
        with self.db.transaction():
            # What travels with a record in the audit (an assessment's deprivations) is part of it for
            # the rules, though stored elsewhere; the first records may have some, the rest none.
            extras = list(extra_audit or [])
            prepared: list[dict[str, Any]] = []
            for n, values in enumerate(rows):
                # On creation a record may bring its own UUID and commune (plan rows of an office scope).
                self._refuse_unknown(table, values, also=("uuid", "commune_code"))
                record = records.normalize(table, dict(values))
                record.setdefault("commune_code", ident.unit_code)
                self._check_row(table, record | dict(extras[n] if n < len(extras) else {}))
                record.update(uuid=record.get("uuid") or new_uuid(record["commune_code"]), revision=1, device_id=ident.device_id,
                              updated_at=utc_now(), deleted=0)
                prepared.append(record)
            chain = _AuditChain(self)
            for record in prepared:
                cols = list(record)
                cur = self.conn.execute(
                    f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [record[c] for c in cols],
                )
                ids.append(cur.lastrowid)
            written = self.reader.by_id(table, ids)
            for n, (record_id, record) in enumerate(zip(ids, prepared, strict=True)):
                values, extra = self._values(written[record_id], extras[n] if n < len(extras) else {})
                chain.add("insert", table, record["uuid"], record["commune_code"], None, values, reason,
                          revision=1, base_device=None, values=values, extras=extra)
            self._check_written(table, ids)
            chain.flush()
        return ids

    def update(self, table: str, record_id: int, changes: Mapping[str, Any], *, reason: str = "",
               extra_audit: tuple[Mapping[str, Any], Mapping[str, Any]] | None = None) -> bool:
        """Change some fields of a record. Returns False (and writes nothing) when nothing changed."""
        self._refuse_unknown(table, changes)
        with self.db.transaction():
            before = self.require(table, record_id)
            if before["deleted"]:
                raise Refusal(tr("Không sửa được {record}: đã bị xóa; hãy khôi phục trước khi sửa.",
                                 record=records.of(table).describe(before)))
            after = records.normalize(table, {**before, **changes})
            changed = {k: after[k] for k in changes if after.get(k) != before.get(k)}
            old_extra, new_extra = extra_audit or ({}, {})
            if not changed and old_extra == new_extra:
                return False
            self._check_row(table, after | dict(new_extra))
            # Derived columns (folded name, sort key) follow their source; the audit leaves them out.
            derived = {k: after[k] for k in DERIVED_COLUMNS.get(table, ())
                       if k in after and k not in changed and after[k] != before.get(k)}
            self._write_meta_update(table, record_id, changed | derived)
            self._check_written(table, [record_id])
            chain = _AuditChain(self)
            chain.add("update", table, before["uuid"], before["commune_code"],
                      {k: before[k] for k in changed} | dict(old_extra), changed | dict(new_extra), reason,
                      **self._version_after(table, before, new_extra))
            chain.flush()
        return True

    def resolve(self, table: str, record_id: int, values: Mapping[str, Any], *, decision: str,
                resolves: Sequence[tuple[int, str]], reason: str = "") -> None:
        """Apply the office's decision on a conflict (desktop.core.sync.receipt): the record takes
        the chosen `values` (its columns, references by local id; `deleted` too) in a version made
        from this database's version and from the versions the decision resolves — one more than
        the highest of them — whose entry names the decision. Written even when no value changes:
        the entry is what tells the office the conflict is settled (lineage.py)."""
        self._refuse_unknown(table, values, also=("deleted", "deleted_reason"))
        with self.db.transaction():
            before = self.require(table, record_id)
            after = records.normalize(table, {**before, **values})
            changed = {k: after[k] for k in values if after.get(k) != before.get(k)}
            if not after["deleted"]:
                self._check_row(table, after)
            derived = {k: after[k] for k in DERIVED_COLUMNS.get(table, ())
                       if k in after and k not in changed and after[k] != before.get(k)}
            revision = max(before["revision"], *(r for r, _d in resolves)) + 1
            self._write_meta_update(table, record_id, changed | derived, revision)
            if not after["deleted"]:
                self._check_written(table, [record_id])
            values_after, _extra = self._values(self.reader.by_id(table, [record_id])[record_id], {})
            chain = _AuditChain(self)
            chain.add("update", table, before["uuid"], before["commune_code"], {k: before[k] for k in changed}, changed,
                      reason, revision=revision, base_device=before["device_id"], values=values_after,
                      extras={"decision": decision, "resolves": [[r, d] for r, d in sorted(resolves)],
                              "base_revision": before["revision"]})
            chain.flush()

    def _values(self, written: Mapping[str, Any], extras: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """A record's values after its write (what travels with it, such as an assessment's
        deprivations, stored after the record, taken from `extras`), and the extras that are
        not its columns (the life event that made it)."""
        values = record_values(written)
        own = {k: v for k, v in extras.items() if k in values}
        return values | own, {k: v for k, v in extras.items() if k not in values}

    def _version_after(self, table: str, before: Mapping[str, Any], extras: Mapping[str, Any] = {}) -> dict[str, Any]:
        """The version a write of `before` made: what its audit entry records."""
        values, _extra = self._values(self.reader.by_id(table, [before["id"]])[before["id"]], extras)
        return {"revision": before["revision"] + 1, "base_device": before["device_id"], "values": values}

    def _write_meta_update(self, table: str, record_id: int, changed: Mapping[str, Any],
                           revision: int | None = None) -> None:
        """Write the changed columns and the version's bookkeeping: the next revision (or `revision`,
        for an edit made from more than one version), this device, now."""
        sets = [f"{k} = ?" for k in changed] + ["revision = revision + 1" if revision is None else "revision = ?",
                                                "device_id = ?", "updated_at = ?"]
        self.conn.execute(
            f"UPDATE {table} SET {', '.join(sets)} WHERE id = ?",
            [*changed.values(), *(() if revision is None else (revision,)), self.db.identity.device_id, utc_now(),
             record_id],
        )

    def delete(self, table: str, record_id: int, reason: str) -> None:
        """Soft delete: the record becomes a tombstone with its reason; it can be restored."""
        if not (reason or "").strip():
            raise ValidationFailed({"reason": tr("Cần ghi lý do xóa.")})
        before = self.require(table, record_id)
        if before["deleted"]:
            raise Refusal(tr("Bản ghi này đã bị xóa trước đó."))
        with self.db.transaction():
            self._write_meta_update(table, record_id, {"deleted": 1, "deleted_reason": reason.strip()})
            chain = _AuditChain(self)
            chain.add("delete", table, before["uuid"], before["commune_code"],
                      {"deleted": 0, "deleted_reason": before["deleted_reason"]},
                      {"deleted": 1, "deleted_reason": reason.strip()}, reason.strip(), **self._version_after(table, before))
            chain.flush()

    def restore(self, table: str, record_id: int, reason: str = "") -> None:
        """Bring a tombstone back, once the rules accept it again (its code may have been reused)."""
        before = self.require(table, record_id)
        if not before["deleted"]:
            raise Refusal(tr("Bản ghi này chưa bị xóa."))
        with self.db.transaction():
            self._check_row(table, before)
            self._write_meta_update(table, record_id, {"deleted": 0, "deleted_reason": None})
            self._check_written(table, [record_id])
            chain = _AuditChain(self)
            chain.add("restore", table, before["uuid"], before["commune_code"],
                      {"deleted": 1, "deleted_reason": before["deleted_reason"]},
                      {"deleted": 0, "deleted_reason": None}, reason.strip(), **self._version_after(table, before))
            chain.flush()

    def history(self, record_uuid: str) -> list[dict[str, Any]]:
        """The record's audit entries, oldest first; what travelled with a change besides its
        columns (`extras`: the life event that made a record) is shown with its new values."""
        rows = self.conn.execute(
            "SELECT at, actor, action, table_name, old_values, new_values, extras, reason FROM audit_log "
            "WHERE record_uuid = ? ORDER BY id", (record_uuid,)
        )
        out = []
        for r in rows:
            entry = dict(r)
            extras = json.loads(entry.pop("extras") or "{}")
            new = json.loads(entry["new_values"] or "null")
            entry |= {"old_values": json.loads(entry["old_values"] or "null"),
                      "new_values": (new or {}) | extras if (new is not None or extras) else None}
            out.append(entry)
        return out


class _AuditChain:
    """Appends audit entries for this device, each hash chained to the one before (per commune)."""

    def __init__(self, store: Store):
        self.store = store
        self.device = store.db.identity.device_id
        self.prev: dict[str, str] = {}  # one chain per (device, commune): each commune's entries travel alone
        self.rows: list[tuple] = []
        self._uuids: dict[tuple[str, Any], str | None] = {}

    def _previous(self, commune: str) -> str:
        if commune not in self.prev:
            row = self.store.conn.execute("SELECT hash FROM audit_heads WHERE device_id = ? AND commune_code = ?",
                                          (self.device, commune)).fetchone()
            self.prev[commune] = row[0] if row else GENESIS
        return self.prev[commune]

    def _portable(self, table: str, values: Mapping[str, Any] | None) -> dict[str, Any] | None:
        """Audit values as they can travel: references as UUIDs, derived columns left out."""
        if values is None:
            return None
        out = {k: v for k, v in values.items() if k not in DERIVED_COLUMNS.get(table, ())}
        for column, parent in FOREIGN_KEYS.get(table, {}).items():
            if column in out:
                out[column[:-3] + "_uuid"] = self._uuid_of(parent, out.pop(column))
        return out

    def _uuid_of(self, table: str, record_id: Any) -> str | None:
        if record_id is None:
            return None
        key = (table, record_id)
        if key not in self._uuids:
            row = self.store.conn.execute(f"SELECT uuid FROM {table} WHERE id = ?", (record_id,)).fetchone()
            self._uuids[key] = row[0] if row else None
        return self._uuids[key]

    def add(self, action: str, table: str, record_uuid: str, commune: str,
            old: Mapping[str, Any] | None, new: Mapping[str, Any] | None, reason: str, *,
            revision: int, base_device: str | None, values: Mapping[str, Any],
            extras: Mapping[str, Any] | None = None) -> None:
        """One entry; `values` are the record's portable values after the write (an insert's
        `new` are those values already, in portable form)."""
        if action != "insert":
            old, new = self._portable(table, old), self._portable(table, new)
        entry = {
            "uuid": new_uuid(commune), "at": utc_now(), "actor": self.store.actor, "device_id": self.device,
            "commune_code": commune, "action": action, "table_name": table, "record_uuid": record_uuid,
            "revision": revision, "base_device": base_device, "values_sha256": values_digest(values),
            "old_values": canonical(old) if old is not None else None,
            "new_values": canonical(new) if new is not None else None,
            "extras": canonical(dict(extras)) if extras else None,
            "reason": reason or "",
        }
        previous = self._previous(commune)
        digest = audit_hash(previous, entry)
        self.rows.append((*entry.values(), previous, digest))
        self.prev[commune] = digest

    def flush(self) -> None:
        self.store.conn.executemany(
            "INSERT INTO audit_log (uuid, at, actor, device_id, commune_code, action, table_name, record_uuid, "
            "revision, base_device, values_sha256, old_values, new_values, extras, reason, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.rows,
        )
        last = {row[4]: row for row in self.rows}  # each commune's chain ends at its last entry
        self.store.conn.executemany(
            "INSERT OR REPLACE INTO audit_heads (device_id, commune_code, uuid, hash) VALUES (?, ?, ?, ?)",
            [(row[3], row[4], row[0], row[-1]) for row in last.values()])
        self.rows.clear()
