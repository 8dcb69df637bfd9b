"""Step 4 of the merge: compare the staged file with the office, without changing the office.

The file's records sit in the attached staging file (schema `st`, tables `s_<table>`, written by
staging.py). Staging compares them with the office's by UUID into `p_<table>` (one row per
record: the local id when the record is already here, and whether it is inserted, updated or
left) and checks references; applying (apply.py) then writes each table with one INSERT … SELECT
(new records) and one UPDATE (edits), references resolved by UUID within the commune, parents
before children.

Which version stays (see lineage.py for how one version descends from another):
- a record the office does not have is inserted;
- a version from the device of the office's version is later (fast-forward) or earlier (left);
- a version from another device is placed by its lineage (`_place`): one the office has, or an
  ancestor of one it has, changes nothing; one that descends from the office's live version
  fast-forwards; otherwise it is concurrent, and joins the record's conflict set
  (`sync_conflicts`: every concurrent version that is not live, until someone resolves it) while
  the highest (revision, device) of the set stays live. A version that descends from one in the
  set takes its place there.
The conflict set is thus the record's versions that no other known version descends from, and the
live one its highest: both depend only on which versions the office has seen, never on the order
files came in.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.db import utc_now
from desktop.core.i18n import tr
from desktop.core.portable import portable_record
from desktop.core.schema import FOREIGN_KEYS
from desktop.core.sync import staging
from desktop.core.sync.export import EXPORTED_TABLES
from desktop.core.sync.lineage import Lineage, Version
from desktop.core.sync.staging import quoted, refuse

# The kinds of record a file's summary counts, per table, in this order.
KINDS = ("new", "updated", "unchanged", "deleted", "conflicts")

# 'place': from another device than the office's version — placed by its lineage (_place).
_STAGE_SQL = """
CREATE TABLE st.p_{t} AS
{quarantined}SELECT s.rowid AS srow, s.uuid AS uuid, e.id AS local_id, e.commune_code AS have_commune,
       e.revision AS have_rev, e.device_id AS have_dev, e.deleted AS have_deleted,
       s.revision AS rev, s.device_id AS dev, s.deleted AS deleted,
       CASE WHEN e.id IS NULL THEN 'insert'
            WHEN s.device_id <> e.device_id THEN 'place'
            WHEN s.revision > e.revision THEN 'update'
            WHEN s.revision = e.revision AND e.deleted AND NOT s.deleted AND e.uuid IN quarantined THEN 'update'
       END AS action, 0 AS conflict
FROM st.s_{t} s LEFT JOIN main.{t} e ON e.uuid = s.uuid
"""
# Records a revocation quarantined (revoke.py): a trusted file that carries the same version brings
# the record back (honest work the stolen laptop had made before the theft, first sent in the
# thief's file, and carried by the commune's restored laptop too).
_QUARANTINED = """
WITH quarantined (uuid) AS (SELECT c.record_uuid FROM main.revocation_changes c
    JOIN main.revocations r ON r.id = c.revocation_id WHERE c.kind = 'quarantined' AND r.undone_at IS NULL)
"""

# The counts of one table (KINDS, then records to insert and to update): a concurrent version
# counts as a conflict (whether or not it is the one that stays live), an incoming deletion as
# deleted.
_COUNT_SQL = """
SELECT
  COALESCE(SUM(action = 'insert' AND NOT deleted), 0),
  COALESCE(SUM(action = 'update' AND NOT conflict AND NOT (deleted AND NOT have_deleted)), 0),
  COALESCE(SUM(local_id IS NOT NULL AND action IS NULL AND NOT conflict), 0),
  COALESCE(SUM((action = 'insert' AND deleted) OR (action = 'update' AND deleted AND NOT have_deleted)), 0),
  COALESCE(SUM(conflict), 0),
  COALESCE(SUM(action = 'insert'), 0),
  COALESCE(SUM(action = 'update'), 0)
FROM st.p_{t}
"""


@dataclass
class Plan:
    summary: dict[str, dict[str, int]] = field(default_factory=dict)
    inserts: dict[str, int] = field(default_factory=dict)  # table → records to insert
    updates: dict[str, int] = field(default_factory=dict)  # table → records to update
    # Changes to conflict sets: ("add", table, uuid, commune, revision, device, version, detected_at)
    # and ("drop", table, uuid, revision, device) for a version a later one of its line replaces.
    conflicts: list[tuple] = field(default_factory=list)


def stage(conn: sqlite3.Connection, path: Path, code: str, staged: staging.Staged) -> Plan:
    """Compare the file's records with the office's and check their references (reads the office,
    writes only the staging file), so that a dry run refuses what the merge would refuse."""
    plan = Plan()
    now = utc_now()
    lineage = Lineage(conn)
    for name in EXPORTED_TABLES:
        conn.execute(_STAGE_SQL.format(t=name, quarantined=_QUARANTINED))
        conn.execute(f"CREATE INDEX st.p_{name}_action ON p_{name} (action, srow)")
        other = conn.execute(f"SELECT have_commune FROM st.p_{name} WHERE have_commune <> ? LIMIT 1", (code,)).fetchone()
        if other:
            raise refuse(path, tr("bảng {table} có bản ghi trùng mã với dữ liệu của xã {other}.", table=name, other=other[0]))
        _place(conn, name, code, staged, plan, lineage, now)
        *counts, plan.inserts[name], plan.updates[name] = conn.execute(_COUNT_SQL.format(t=name)).fetchone()
        plan.summary[name] = dict(zip(KINDS, counts, strict=True))
    if not staged.keys_only:
        for name in EXPORTED_TABLES:
            _check_references(conn, name, staged.columns[name], path, code)
    return plan


def _place(conn: sqlite3.Connection, name: str, code: str, staged: staging.Staged, plan: Plan,
           lineage: Lineage, now: str) -> None:
    """Decide each version from another device than the office's (see the module)."""
    decided = []
    for srow, uuid, rev, dev, have_rev, have_dev in conn.execute(
            f"SELECT srow, uuid, rev, dev, have_rev, have_dev FROM st.p_{name} WHERE action = 'place'").fetchall():
        version, live = (rev, dev), (have_rev, have_dev)
        kept = conn.execute("SELECT revision, device_id, resolved_at IS NULL FROM main.sync_conflicts "
                            "WHERE record_uuid = ? AND table_name = ?", (uuid, name)).fetchall()
        known = [live, *((r, d) for r, d, _open in kept)]
        if any(lineage.is_ancestor(uuid, version, other) for other in known):
            decided.append((None, 0, srow))  # seen already, or older than a version seen
            continue
        open_set = [(r, d) for r, d, is_open in kept if is_open]
        for replaced in (v for v in open_set if lineage.is_ancestor(uuid, v, version) and not staged.keys_only):
            plan.conflicts.append(("drop", name, uuid, *replaced))
        if lineage.is_ancestor(uuid, live, version):
            decided.append(("update", 0, srow))  # fast-forward
            continue
        if version > live:
            decided.append(("update", 1, srow))
            loser: tuple[Version, dict | None] = (live, portable_record(conn, name, uuid))
        else:
            decided.append((None, 1, srow))
            loser = (version, None if staged.keys_only else _incoming(conn, name, staged, srow))
        if not staged.keys_only:  # (a file merged before is only counted)
            plan.conflicts.append(("add", name, uuid, code, *loser[0], loser[1], now))
    conn.executemany(f"UPDATE st.p_{name} SET action = ?, conflict = ? WHERE srow = ?", decided)


def _incoming(conn: sqlite3.Connection, name: str, staged: staging.Staged, srow: int) -> dict:
    columns = staged.columns[name]
    row = conn.execute(f"SELECT {', '.join(quoted(columns))} FROM st.s_{name} WHERE rowid = ?", (srow,)).fetchone()
    incoming = dict(zip(columns, row, strict=True))
    if "deprivations" in incoming:
        incoming["deprivations"] = json.loads(incoming["deprivations"])
    return incoming


def references(name: str, columns: list[str]) -> list[tuple[str, str, str]]:
    """(column in the file, local column, parent table) of each reference the file carries."""
    fks = FOREIGN_KEYS.get(name, {})
    return [(c, c[:-5] + "_id", fks[c[:-5] + "_id"]) for c in columns if c.endswith("_uuid") and c[:-5] + "_id" in fks]


def _check_references(conn: sqlite3.Connection, name: str, columns: list[str], path: Path, code: str) -> None:
    """Every reference of a record to be written must name a record of this commune: one at the
    office already or one in this file (new records first, then updated ones, column by column)."""
    for action in ("insert", "update"):
        for column, _local, parent in references(name, columns):
            unresolved = conn.execute(
                f"SELECT 1 FROM st.p_{name} p JOIN st.s_{name} s ON s.rowid = p.srow "
                f'WHERE p.action = ? AND s."{column}" IS NOT NULL '
                f'AND NOT EXISTS (SELECT 1 FROM main.{parent} r WHERE r.uuid = s."{column}" AND r.commune_code = ?) '
                f'AND NOT EXISTS (SELECT 1 FROM st.s_{parent} q WHERE q.uuid = s."{column}") LIMIT 1',
                (action, code)).fetchone()
            if unresolved:
                raise refuse(path, tr("bảng {table} trỏ tới bản ghi không có trong tệp ({col}).", table=name, col=column))
