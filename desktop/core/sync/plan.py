"""Step 4 of the merge: compare the staged file with the office, without changing the office.

The file's records sit in the attached staging file (schema `st`, tables `s_<table>`, written by
staging.py). Staging compares them with the office's by UUID into `p_<table>` (one row per
record: the local id when the record is already here, and whether it is inserted, updated or
left) and checks references; applying (apply.py) then writes each table with one INSERT … SELECT
(new records) and one UPDATE (edits), references resolved by UUID within the commune, parents
before children. The winner of two versions of a record is the higher (revision, device id): see
merge.py on why that converges.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.db import utc_now
from desktop.core.i18n import tr
from desktop.core.schema import FOREIGN_KEYS
from desktop.core.sync import staging
from desktop.core.sync.export import EXPORTED_TABLES, portable_record
from desktop.core.sync.staging import quoted, refuse

# The kinds of record a file's summary counts, per table, in this order.
KINDS = ("new", "updated", "unchanged", "deleted", "conflicts")

_STAGE_SQL = """
CREATE TABLE st.p_{t} AS
SELECT s.rowid AS srow, s.uuid AS uuid, e.id AS local_id, e.commune_code AS have_commune,
       e.revision AS have_rev, e.device_id AS have_dev, e.deleted AS have_deleted,
       s.revision AS rev, s.device_id AS dev, s.deleted AS deleted,
       CASE WHEN e.id IS NULL THEN 'insert'
            WHEN s.revision > e.revision OR (s.revision = e.revision AND s.device_id > e.device_id) THEN 'update'
       END AS action
FROM st.s_{t} s LEFT JOIN main.{t} e ON e.uuid = s.uuid
"""

# The counts of one table (KINDS, then records to insert and to update): an incoming deletion that
# wins a conflict counts as both.
_COUNT_SQL = """
SELECT
  COALESCE(SUM(local_id IS NULL AND NOT deleted), 0),
  COALESCE(SUM(local_id IS NOT NULL AND rev > have_rev AND NOT (deleted AND NOT have_deleted)), 0),
  COALESCE(SUM(local_id IS NOT NULL AND (rev < have_rev OR (rev = have_rev AND dev = have_dev))), 0),
  COALESCE(SUM((local_id IS NULL AND deleted) OR (action = 'update' AND deleted AND NOT have_deleted)), 0),
  COALESCE(SUM(local_id IS NOT NULL AND rev = have_rev AND dev <> have_dev), 0),
  COALESCE(SUM(action = 'insert'), 0),
  COALESCE(SUM(action = 'update'), 0)
FROM st.p_{t}
"""


@dataclass
class Plan:
    summary: dict[str, dict[str, int]] = field(default_factory=dict)
    inserts: dict[str, int] = field(default_factory=dict)  # table → records to insert
    updates: dict[str, int] = field(default_factory=dict)  # table → records to update
    conflicts: list[tuple] = field(default_factory=list)


def stage(conn: sqlite3.Connection, path: Path, code: str, staged: staging.Staged) -> Plan:
    """Compare the file's records with the office's and check their references (reads the office,
    writes only the staging file), so that a dry run refuses what the merge would refuse."""
    plan = Plan()
    now = utc_now()
    for name in EXPORTED_TABLES:
        conn.execute(_STAGE_SQL.format(t=name))
        conn.execute(f"CREATE INDEX st.p_{name}_action ON p_{name} (action, srow)")
        other = conn.execute(f"SELECT have_commune FROM st.p_{name} WHERE have_commune <> ? LIMIT 1", (code,)).fetchone()
        if other:
            raise refuse(path, tr("bảng {table} có bản ghi trùng mã với dữ liệu của xã {other}.", table=name, other=other[0]))
        *counts, plan.inserts[name], plan.updates[name] = conn.execute(_COUNT_SQL.format(t=name)).fetchone()
        plan.summary[name] = dict(zip(KINDS, counts, strict=True))
        if plan.summary[name]["conflicts"] and not staged.keys_only:  # kept only when the file is applied
            columns = staged.columns[name]
            for row in conn.execute(
                    f"SELECT {', '.join(f's.{c}' for c in quoted(columns))} FROM st.p_{name} p "
                    f"JOIN st.s_{name} s ON s.rowid = p.srow WHERE p.local_id IS NOT NULL AND p.rev = p.have_rev "
                    "AND p.dev <> p.have_dev ORDER BY p.srow").fetchall():
                incoming = dict(zip(columns, row, strict=True))
                if "deprivations" in incoming:
                    incoming["deprivations"] = json.loads(incoming["deprivations"])
                plan.conflicts.append((name, incoming["uuid"], code, incoming["revision"], incoming,
                                       portable_record(conn, name, incoming["uuid"]), now))
    if not staged.keys_only:
        for name in EXPORTED_TABLES:
            _check_references(conn, name, staged.columns[name], path, code)
    return plan


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
