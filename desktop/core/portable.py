"""Records as they travel and as the audit log vouches for them.

A record's portable form has no local id, names its references by UUID (`household_uuid`, not
`household_id`), leaves derived columns out and carries an assessment's deprivations as a sorted
list. Its *values* are that form without the three columns that say which version it is
(`revision`, `device_id`, `updated_at`); the SHA-256 of their canonical JSON (`values_digest`) is
what each audit entry records after its write, what a sync file's records are checked against at
the office, and what `check` compares — the same function on both sides.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from desktop.core.schema import DERIVED_COLUMNS, FOREIGN_KEYS

VERSION_COLUMNS = frozenset({"revision", "device_id", "updated_at"})


_encode = msgspec.json.Encoder(order="sorted", enc_hook=str).encode


def canonical(value: Any) -> str:
    """Canonical JSON: keys sorted, no spaces, UTF-8 as is (what every digest and audit link is
    computed over, on the commune's side and the office's alike)."""
    return _encode(value).decode()


def record_values(record: Mapping[str, Any]) -> dict[str, Any]:
    """A portable record's values: everything but the columns naming its version (a list, such as
    an assessment's deprivations, is a set of codes: sorted, each once)."""
    values = {k: v for k, v in record.items() if k not in VERSION_COLUMNS}
    if "deprivations" in values and isinstance(values["deprivations"], list):
        values["deprivations"] = sorted(set(values["deprivations"]))
    return values


def values_digest(record: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of a portable record's values, as its audit entry records it."""
    return hashlib.sha256(_encode(record_values(record))).hexdigest()


def digest_of_row(columns: list[str], row: Iterable[Any]) -> str:
    """`values_digest` of a row of a sync file (its `columns`, in the file's order)."""
    values = dict(zip(columns, row, strict=False))
    del values["revision"], values["device_id"], values["updated_at"]
    if "deprivations" in values and isinstance(values["deprivations"], list):
        values["deprivations"] = sorted(set(values["deprivations"]))
    return hashlib.sha256(_encode(values)).hexdigest()


def portable_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """Columns as they travel: no local id, references named <parent>_uuid, no derived columns."""
    cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    fks = FOREIGN_KEYS.get(table, {})
    out = []
    for col in cols:
        if col == "id" or col in DERIVED_COLUMNS.get(table, ()):
            continue
        out.append(col[:-3] + "_uuid" if col in fks else col)
    if table == "assessments":
        out.append("deprivations")
    return out


def select_sql(conn: sqlite3.Connection, table: str, where: str = "t.commune_code = ?", also: str = "") -> str:
    """SELECT of the table's records in portable form (in `portable_columns` order, then `also`), by id."""
    fks = FOREIGN_KEYS.get(table, {})
    cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    parts, joins = [], []
    for col in cols:
        if col == "id" or col in DERIVED_COLUMNS.get(table, ()):
            continue
        if col in fks:
            alias = f"p_{col}"
            joins.append(f"LEFT JOIN {fks[col]} {alias} ON {alias}.id = t.{col}")
            parts.append(f"{alias}.uuid")
        else:
            parts.append(f"t.{col}")
    if table == "assessments":
        parts.append("(SELECT json_group_array(indicator_code) FROM (SELECT indicator_code FROM assessment_deprivations d "
                     "WHERE d.assessment_id = t.id ORDER BY indicator_code))")
    if also:
        parts.append(also)
    return f"SELECT {', '.join(parts)} FROM {table} t {' '.join(joins)} WHERE {where} ORDER BY t.id"


def _record(columns: list[str], row: Iterable[Any]) -> dict[str, Any]:
    record = dict(zip(columns, row, strict=True))
    if "deprivations" in record:
        record["deprivations"] = json.loads(record["deprivations"])
    return record


def portable_record(conn: sqlite3.Connection, table: str, uuid: str) -> dict[str, Any] | None:
    """One record as it would travel (references as UUIDs), or None."""
    row = conn.execute(select_sql(conn, table, "t.uuid = ?"), (uuid,)).fetchone()
    return None if row is None else _record(portable_columns(conn, table), row)


class Reader:
    """Portable records by local id, for the write path (its SQL made once per table)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    @functools.cache  # noqa: B019 (one reader per Store, as long-lived as its connection)
    def _sql(self, table: str, count: int) -> tuple[list[str], str]:
        where = f"t.id IN ({', '.join('?' * count)})"
        return portable_columns(self.conn, table), select_sql(self.conn, table, where).replace(
            "SELECT ", "SELECT t.id, ", 1)

    def by_id(self, table: str, ids: list[int]) -> dict[int, dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            columns, sql = self._sql(table, len(chunk))
            for row in self.conn.execute(sql, chunk):
                out[row[0]] = _record(columns, tuple(row)[1:])
        return out
