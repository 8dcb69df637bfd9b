"""The commune's record rules, run at the office on what a sync file brings (inside the staging helper).

A file is a snapshot of one commune's records. The office judges the records it would write —
new ones, and those whose version is newer than the office's — by the same rules a commune's
forms and `check` use (`desktop.core.records`): row rules in Python, each record as of the day it
was written, then the set rules as SQL over the file's whole snapshot in the staging file (so a
household code is compared with the commune's other households as the commune had them, not
with what another device of the commune wrote concurrently: that is kept for review, not
refused). A record that breaks a rule refuses the whole file, with a message that names the
record, the rule and what the commune must correct.

Which records are new or newer is decided against the office's versions as they were when the
file was handed to the helper (`known_versions`). The office's versions only grow, so a record
older than or equal to those is never written later either: skipping it is safe.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core import features, records  # noqa: F401  (features: every table's rules registered here too)
from desktop.core.errors import Checked
from desktop.core.i18n import tr
from desktop.core.labels import field_label
from desktop.core.records import RowContext
from desktop.core.rules import RuleBook
from desktop.core.schema import FOREIGN_KEYS
from desktop.core.sync.export import EXPORTED_TABLES


@dataclass
class Judging:
    """What the helper needs to judge a file: the office's rule documents (shipped and updated)
    and its version of each of the commune's records, by table and UUID."""

    rule_documents: list[dict[str, Any]] = field(default_factory=list)
    known: dict[str, dict[str, tuple[int, str]]] = field(default_factory=dict)
    defaults: dict[str, dict[str, str | None]] = field(default_factory=dict)  # column defaults (SQL)


def known_versions(conn: sqlite3.Connection, commune_code: str) -> dict[str, dict[str, tuple[int, str]]]:
    """The office's (revision, device) of each of the commune's records, by table and UUID."""
    return {table: {uuid: (rev, dev) for uuid, rev, dev in conn.execute(
        f"SELECT uuid, revision, device_id FROM {table} WHERE commune_code = ?", (commune_code,))}
        for table in EXPORTED_TABLES}


def column_defaults(conn: sqlite3.Connection) -> dict[str, dict[str, str | None]]:
    """Each exported table's column defaults as SQL, for columns a file may leave out."""
    return {table: {name: default for _cid, name, _decl, _nn, default, _pk in conn.execute(f"PRAGMA table_info({table})")}
            for table in EXPORTED_TABLES}


def _is_newer(row_version: tuple[int, str], known: tuple[int, str] | None) -> bool:
    return known is None or row_version > known


def changed_rows(columns: list[str], rows: list[list[Any]], known: Mapping[str, tuple[int, str]]) -> list[int]:
    """Indexes of the rows the merge would write: new records, and newer versions of known ones."""
    at_uuid, at_rev, at_dev = columns.index("uuid"), columns.index("revision"), columns.index("device_id")
    return [n for n, r in enumerate(rows) if _is_newer((r[at_rev], r[at_dev]), known.get(r[at_uuid]))]


def _refusal(path: Path, table: str, record: Mapping[str, Any], key: str, message: str) -> str:
    return tr("Tệp {name} bị từ chối: {record} (bảng {table}, mã {uuid}) không đúng quy tắc — {field}: {message} "
              "Xã cần sửa bản ghi này trên máy của xã (lệnh check của xã liệt kê nó) rồi gửi tệp mới.",
              name=path.name, record=records.of(table).describe(record), table=table,
              uuid=str(record.get("uuid", ""))[:8], field=field_label(key), message=message)


def judge_rows(path: Path, judging: Judging, table: str, columns: list[str], rows: list[list[Any]],
               changed: list[int]) -> str | None:
    """The row rules on the changed rows of one table; the first refusal's message, or None."""
    rules = RuleBook(judging.rule_documents)
    for n in changed:
        record = dict(zip(columns, rows[n], strict=True))
        if record.get("deleted"):
            continue  # a tombstone is not judged (as in `check`)
        checked = Checked(want_warnings=False)
        records.check_row(table, RowContext(rules, records.as_of(record), warnings=False), record, checked)
        for key, message in checked.errors.items():
            return _refusal(path, table, record, key, message)
    return None


def prepare_for_sets(conn: sqlite3.Connection, judging: Judging, columns: dict[str, list[str]],
                     changed: dict[str, list[int]]) -> None:
    """Give the staged tables what set rules read: an `id` per record, references as those ids,
    the columns a file left out (their defaults), a `changed` mark, and the rules' indexes."""
    for table in EXPORTED_TABLES:
        present = set(columns[table]) | {"name_fold", "name_sort"}
        conn.execute(f"ALTER TABLE s_{table} ADD COLUMN id INTEGER")
        conn.execute(f"ALTER TABLE s_{table} ADD COLUMN changed INTEGER NOT NULL DEFAULT 0")
        conn.execute(f"UPDATE s_{table} SET id = rowid")
        for column, default in judging.defaults.get(table, {}).items():
            if column != "id" and column not in present and column not in FOREIGN_KEYS.get(table, {}):
                conn.execute(f'ALTER TABLE s_{table} ADD COLUMN "{column}" DEFAULT {default or "NULL"}')
        for column, parent in FOREIGN_KEYS.get(table, {}).items():
            conn.execute(f'ALTER TABLE s_{table} ADD COLUMN "{column}" INTEGER')
            portable = column[:-3] + "_uuid"
            if portable in columns[table]:
                conn.execute(f'UPDATE s_{table} SET "{column}" = (SELECT p.rowid FROM s_{parent} p '
                             f'WHERE p.uuid = s_{table}."{portable}")')
        conn.execute(f"UPDATE s_{table} SET changed = 1 WHERE rowid IN (SELECT value + 1 FROM json_each(?))",
                     (json.dumps(changed.get(table, [])),))
        for n, index in enumerate(i for rule in records.set_rules(table, state_only=True) for i in rule.indexes):
            name, cols = index.split(" ", 1)
            conn.execute(f"CREATE INDEX IF NOT EXISTS s_{name}_rule{n} ON s_{name} {cols}")


def judge_sets(conn: sqlite3.Connection, path: Path, changed: dict[str, list[int]]) -> str | None:
    """The set rules (properties of a commune's data, not the guards of local writes) with the
    changed records as candidates, over the file's snapshot; the first refusal, or None."""
    for table in EXPORTED_TABLES:
        if not changed.get(table):
            continue
        for rule in records.set_rules(table, state_only=True):
            found = records.run_set_rule(conn, rule, f"SELECT * FROM s_{table} WHERE changed = 1",
                                         names=lambda name: f"s_{name}")
            if found:
                row = conn.execute(f"SELECT * FROM s_{table} WHERE id = ?", (found[0][0],)).fetchone()
                cursor_columns = [d[1] for d in conn.execute(f"PRAGMA table_info(s_{table})")]
                return _refusal(path, table, dict(zip(cursor_columns, row, strict=True)), rule.field, found[0][1])
    return None
