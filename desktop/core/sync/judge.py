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
file was handed to the helper (`known_versions`): new records, later versions from the same
device, and any version from another device (which lineage.py and plan.py place). A version
older than the office's from the same device is never written later either: skipping it is safe.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core import features, records  # noqa: F401  (features: every table's rules registered here too)
from desktop.core.i18n import tr
from desktop.core.labels import field_label
from desktop.core.rules import RuleBook
from desktop.core.schema import FOREIGN_KEYS
from desktop.core.sync.export import EXPORTED_TABLES


@dataclass
class Judging:
    """What the helper needs to judge a file: the office's rule documents (shipped and updated)
    and its version of each of the commune's records, by table and UUID."""

    rule_documents: list[dict[str, Any]] = field(default_factory=list)
    known: dict[str, dict[str, tuple[int, str]]] = field(default_factory=dict)


def known_versions(conn: sqlite3.Connection, commune_code: str) -> dict[str, dict[str, tuple[int, str]]]:
    """The office's (revision, device) of the commune's records, by table and UUID.

    Read through each table's UUID index: a record's UUID begins with its commune's code
    (`db.new_uuid`), so the commune's records are one range of it, found without walking a
    district's tables. Records with UUIDs of the older, random kind are not in that range; they
    are simply judged again (judging more is always safe)."""
    code = commune_code.zfill(5)
    if not (code.isdigit() and len(code) == 5):
        return {}
    upper = f"{int(code) + 1:05d}"
    return {table: {uuid: (rev, dev) for uuid, rev, dev in conn.execute(
        f"SELECT uuid, revision, device_id FROM {table} WHERE uuid >= ? AND uuid < ? AND commune_code = ?",
        (code, upper, commune_code))}
        for table in EXPORTED_TABLES}


def _is_newer(row_version: tuple[int, str], known: tuple[int, str] | None) -> bool:
    """New, later on the same device, or from another device (then perhaps concurrent: lineage.py)."""
    return known is None or row_version[1] != known[1] or row_version[0] > known[0]


def changed_rows(columns: list[str], rows: list[list[Any]], known: Mapping[str, tuple[int, str]]) -> list[int]:
    """Indexes of the rows the merge would write: new records, and newer versions of known ones."""
    at_uuid, at_rev, at_dev = columns.index("uuid"), columns.index("revision"), columns.index("device_id")
    return [n for n, r in enumerate(rows) if _is_newer((r[at_rev], r[at_dev]), known.get(r[at_uuid]))]


def _refusal(path: Path, table: str, record: Mapping[str, Any], key: str, message: str) -> str:
    return tr("Tệp {name} bị từ chối: {record} (bảng {table}, mã {uuid}) không đúng quy tắc — {field}: {message} "
              "Xã cần sửa bản ghi này trên máy của xã (lệnh check của xã liệt kê nó) rồi gửi tệp mới.",
              name=path.name, record=records.of(table).describe(record), table=table,
              uuid=str(record.get("uuid", ""))[:8], field=field_label(key), message=message)


def judge_rows(path: Path, rules: RuleBook, table: str, columns: list[str], rows: list[list[Any]],
               changed: list[int]) -> str | None:
    """The row rules on the changed rows of one table, by `rules` (the office's book, made once
    per file from `Judging.rule_documents`); the first refusal's message, or None."""
    # staging.validate made sure every row has len(columns) values
    found = next(records.row_problems(table, rules, (dict(zip(columns, rows[n], strict=False)) for n in changed)),
                 None)
    return _refusal(path, table, *found) if found else None


class SetColumns:
    """What set rules read that a file does not carry, added to each staged row as it is written
    (no second pass over the staging file): the record's `id` (its row number in its table),
    whether it is `changed`, and its references as those ids (`household_uuid` → `household_id`)."""

    def __init__(self, changed: Mapping[str, list[int]]):
        self.changed = {table: set(rows) for table, rows in changed.items()}
        self.ids: dict[str, dict[str, int]] = {}  # table → UUID → id, for the references of later tables

    def names(self, table: str, columns: list[str]) -> list[str]:
        return ["id", "changed", *(local for local, _at, _parent in self._references(table, columns))]

    def rows(self, table: str, columns: list[str], rows: Iterable[list[Any]]) -> Iterator[list[Any]]:
        at_uuid = columns.index("uuid")
        references = [(at, self.ids.get(parent, {})) for _local, at, parent in self._references(table, columns)]
        mine = self.ids[table] = {}
        changed = self.changed.get(table, set())
        # One branch per number of references, not a generator per row: a file has ~40 000 rows.
        if not references:
            for n, row in enumerate(rows):
                mine[row[at_uuid]] = n + 1
                yield [*row, n + 1, n in changed]
        elif len(references) == 1:
            (at, ids), = references
            for n, row in enumerate(rows):
                mine[row[at_uuid]] = n + 1
                yield [*row, n + 1, n in changed, ids.get(row[at])]
        else:
            for n, row in enumerate(rows):
                mine[row[at_uuid]] = n + 1
                yield [*row, n + 1, n in changed, *[ids.get(row[at]) for at, ids in references]]

    @staticmethod
    def _references(table: str, columns: list[str]) -> list[tuple[str, int, str]]:
        return [(local, columns.index(local[:-3] + "_uuid"), parent)
                for local, parent in FOREIGN_KEYS.get(table, {}).items() if local[:-3] + "_uuid" in columns]


def finish_for_sets(conn: sqlite3.Connection, defaults: Mapping[str, Mapping[str, str | None]],
                    columns: dict[str, list[str]]) -> None:
    """The columns a file left out (with their `defaults`, by table: set rules name them), and the
    indexes the set rules need, once every table is staged."""
    for table in EXPORTED_TABLES:
        present = set(columns[table])
        for column, default in defaults[table].items():
            if column not in present:
                conn.execute(f'ALTER TABLE s_{table} ADD COLUMN "{column}" DEFAULT {default or "NULL"}')
        for n, index in enumerate(i for rule in records.set_rules(table, state_only=True) for i in rule.indexes):
            name, cols = index.split(" ", 1)
            conn.execute(f"CREATE INDEX IF NOT EXISTS s_{name}_rule{n} ON s_{name} {cols}")


def judge_sets(conn: sqlite3.Connection, path: Path, changed: dict[str, list[int]],
               rules: RuleBook | None = None) -> str | None:
    """The set rules (properties of a commune's data, not the guards of local writes) with the
    changed records as candidates, over the file's snapshot; the first refusal, or None."""
    for table in EXPORTED_TABLES:
        if not changed.get(table):
            continue
        for rule in records.set_rules(table, state_only=True):
            found = records.run_set_rule(conn, rule, f"SELECT * FROM s_{table} WHERE changed = 1",
                                         names=lambda name: f"s_{name}", rules=rules)
            if found:
                row = conn.execute(f"SELECT * FROM s_{table} WHERE id = ?", (found[0][0],)).fetchone()
                cursor_columns = [d[1] for d in conn.execute(f"PRAGMA table_info(s_{table})")]
                return _refusal(path, table, dict(zip(cursor_columns, row, strict=True)), rule.field, found[0][1])
    return None
