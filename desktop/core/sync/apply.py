"""Step 5 of the merge: write a planned file's records into the office in one transaction.

The signer's key when the file binds it, each table's records from the staging file (see plan.py
for the `st` schema), conflicts, audit entries, the file in `received_files`, the households'
summaries and search documents, and the cross-commune duplicate candidates (duplicates.py).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from desktop.core.db import Database, utc_now
from desktop.core.duplicates import detect_duplicates
from desktop.core.search import note_changed, noting_suspended, refresh_search
from desktop.core.sync import format as fmt
from desktop.core.sync import staging
from desktop.core.sync.export import AUDIT_COLUMNS, EXPORTED_TABLES
from desktop.core.sync.keys import fingerprint
from desktop.core.sync.plan import Plan, references
from desktop.core.sync.staging import NAME_SOURCES, quoted


def _write_table(conn: sqlite3.Connection, name: str, columns: list[str], code: str, plan: Plan) -> None:
    """Insert and update one table's records from the staging file (references checked by plan.stage)."""
    by_column = {c: (local, parent) for c, local, parent in references(name, columns)}
    targets, values = [], []
    for c in columns:
        if c == "deprivations":
            continue
        if c in by_column:
            local, parent = by_column[c]
            targets.append(local)
            values.append(f'(SELECT r.id FROM main.{parent} r WHERE r.uuid = s."{c}" AND r.commune_code = :code)')
        else:
            targets.append(c)
            values.append(f's."{c}"')
    if NAME_SOURCES.get(name) in columns:
        targets += ["name_fold", "name_sort"]
        values += ["s.name_fold", "s.name_sort"]
    source = f"st.p_{name} p JOIN st.s_{name} s ON s.rowid = p.srow"
    if plan.inserts[name]:
        # New records get the next ids in the file's order, so children follow their parents.
        conn.execute(f"INSERT INTO main.{name} ({', '.join(quoted(targets))}) SELECT {', '.join(values)} "
                     f"FROM {source} WHERE p.action = 'insert' ORDER BY p.srow", {"code": code})
    if plan.updates[name]:  # edits: few, row by row through an index (no UPDATE … FROM: SQLite 3.33+)
        conn.execute(f"CREATE INDEX IF NOT EXISTS st.p_{name}_local ON p_{name} (local_id)")
        conn.execute(f"UPDATE main.{name} SET ({', '.join(quoted(targets))}) = (SELECT {', '.join(values)} "
                     f"FROM {source} WHERE p.local_id = {name}.id AND p.action = 'update') "
                     f"WHERE id IN (SELECT local_id FROM st.p_{name} WHERE action = 'update')", {"code": code})
    if "deprivations" in columns:
        conn.execute("DELETE FROM main.assessment_deprivations WHERE assessment_id IN "
                     "(SELECT local_id FROM st.p_assessments WHERE action = 'update')")
        conn.execute("INSERT INTO main.assessment_deprivations (assessment_id, indicator_code) "
                     "SELECT a.id, d.code FROM st.p_assessments p JOIN st.s_deprivations d ON d.uuid = p.uuid "
                     "JOIN main.assessments a ON a.uuid = p.uuid WHERE p.action IS NOT NULL")


def _written_ids(conn: sqlite3.Connection, name: str, column: str = "id") -> list[int]:
    """`column` of the table's records this file inserted, then of those it updated, in the file's order."""
    return [r[0] for r in conn.execute(
        f"SELECT t.{column} FROM st.p_{name} p JOIN main.{name} t ON t.uuid = p.uuid "
        "WHERE p.action IS NOT NULL ORDER BY p.action, p.srow")]  # 'insert' before 'update'


def apply(db: Database, verified: fmt.VerifiedFile, staged: staging.Staged, plan: Plan,
           bind_via: str | None, bound: Callable[[], None]) -> None:
    """Write the file's records in one transaction; `bound` is called once the signer's key is
    bound (the next file's signer can then be judged: see merge._merge_one)."""
    conn, path, code, manifest = db.conn, verified.path, verified.commune_code, verified.manifest
    with db.transaction():
        if bind_via:
            fp = fingerprint(verified.signer_key)
            conn.execute("UPDATE commune_keys SET status = 'retired' WHERE commune_code = ? AND status = 'bound'", (code,))
            conn.execute(
                "INSERT INTO commune_keys (commune_code, sign_key, fingerprint, status, via, first_seen, bound_at, note) "
                "VALUES (?, ?, ?, 'bound', ?, ?, ?, ?) ON CONFLICT (commune_code, fingerprint) DO UPDATE SET "
                "status = 'bound', via = excluded.via, bound_at = excluded.bound_at",
                (code, verified.signer_key, fp, bind_via, utc_now(), utc_now(), path.name))
            if bind_via == "setup":
                # One package enrols one computer: its secret is voided (erased) here.
                conn.execute("UPDATE enrolments SET used_at = ?, secret = X'' WHERE commune_code = ?", (utc_now(), code))
            bound()
        if manifest.get("box_key"):  # where this key's receipts are sealed to (receipt.py)
            conn.execute("UPDATE commune_keys SET box_key = ? WHERE commune_code = ? AND sign_key = ?",
                         (manifest["box_key"], code, verified.signer_key))
        # Households whose search documents and summaries change: those written, and those a
        # written member joins or leaves.
        touched: set[int] = set()
        if plan.inserts["members"] or plan.updates["members"]:
            touched.update(r[0] for r in conn.execute(
                "SELECT household_id FROM main.members WHERE id IN "
                "(SELECT local_id FROM st.p_members WHERE action = 'update')"))
        with noting_suspended(conn):
            for name in EXPORTED_TABLES:
                if plan.inserts[name] or plan.updates[name]:
                    _write_table(conn, name, staged.columns[name], code, plan)
            changed_members = _written_ids(conn, "members") if plan.inserts["members"] or plan.updates["members"] else []
            if plan.inserts["households"] or plan.updates["households"]:
                touched.update(_written_ids(conn, "households"))
            if changed_members:
                touched.update(_written_ids(conn, "members", "household_id"))
            note_changed(conn, touched)
        for change in plan.conflicts:
            if change[0] == "drop":  # a later version of the same line takes its place (plan.py)
                conn.execute("DELETE FROM sync_conflicts WHERE table_name = ? AND record_uuid = ? AND revision = ? "
                             "AND device_id = ? AND resolved_at IS NULL", change[1:])
                continue
            _add, name, uuid, commune, rev, device, version, now = change
            conn.execute(
                "INSERT OR IGNORE INTO sync_conflicts (table_name, record_uuid, commune_code, revision, device_id, "
                "version, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, uuid, commune, rev, device, json.dumps(version, ensure_ascii=False, default=str), now))
        file_id = conn.execute(
            "INSERT INTO received_files (sha256, file_name, commune_code, device_id, sequence, created_at, received_at, "
            "summary, manifest_sha256, previous_sha256, encrypted, signer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (verified.sha256, path.name, code, manifest["device_id"], manifest["sequence"], manifest["created_at"],
             utc_now(), json.dumps(plan.summary, sort_keys=True), verified.manifest_sha256, manifest["previous_sha256"],
             int(manifest["encrypted"]), fingerprint(verified.signer_key))).lastrowid
        # An insert's values are the record's first version: the office keeps their digest (in the
        # chain) and not the values, which the record and its later entries' old values give back.
        # Each entry remembers the file that first brought it (what `keys revoke` takes back).
        # The link to the previous entry is kept as '': it is the entry before in the same chain,
        # and `check` follows the chain itself.
        kept = ", ".join({"new_values": "CASE WHEN action = 'insert' THEN NULL ELSE new_values END",
                          "prev_hash": "''"}.get(c, c) for c in AUDIT_COLUMNS)
        # Entries a revocation withdrew that this (trusted) file carries are replaced by its own.
        conn.execute("DELETE FROM main.audit_log WHERE withdrawn IS NOT NULL AND uuid IN (SELECT uuid FROM st.s_audit)")
        # Each device's chain ends at the file's last entry of that device when that entry is new
        # here (the file extends the chain; an earlier file come late leaves the end where it is).
        extended = conn.execute(
            "SELECT s.device_id, s.commune_code, s.uuid, s.hash FROM st.s_audit s "
            "JOIN (SELECT MAX(rowid) AS last FROM st.s_audit GROUP BY device_id) m ON m.last = s.rowid "
            "WHERE NOT EXISTS (SELECT 1 FROM main.audit_log a WHERE a.uuid = s.uuid)").fetchall()
        # Only the entries new here (those the office holds were compared by lineage.check_heads);
        # a plain INSERT: an entry the table refuses refuses the file, it is never skipped.
        conn.execute(f"INSERT INTO main.audit_log ({', '.join(AUDIT_COLUMNS)}, file_id) SELECT {kept}, ? "
                     "FROM st.s_audit s WHERE NOT EXISTS (SELECT 1 FROM main.audit_log a WHERE a.uuid = s.uuid) "
                     "ORDER BY rowid", (file_id,))
        conn.executemany("INSERT OR REPLACE INTO main.audit_heads (device_id, commune_code, uuid, hash) "
                         "VALUES (?, ?, ?, ?)", [tuple(r) for r in extended])
        refresh_search(conn, optimize=False)  # the list's summaries and search documents; merged once per batch
        detect_duplicates(conn, code, changed_members)
