"""Step 3 of the merge, away from the database: decrypt, parse and check one file's payload, then
write its records into a temporary SQLite *staging file* that the merge attaches and applies with
set-based SQL (`INSERT … SELECT`, `UPDATE … FROM`).

Runs in a helper process for large batches (see runtime.PROCESS_FROM_BYTES), else in a helper
thread; either way it never opens the office database and returns only small, picklable values:
the staging file's name and columns, or the refusal's message. The staging file holds, for each
exported table `T`, a table `s_T` with the file's columns as they travel (references as UUIDs,
deprivations as JSON) plus the derived sort and search columns computed here (the same functions
the write path uses); `s_deprivations` (assessment UUID, indicator code), deduplicated; and
`s_audit`, the audit entries.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import math
import multiprocessing
import multiprocessing.connection
import os
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
from nacl.public import PrivateKey

from desktop.core import files, records
from desktop.core.errors import Refusal
from desktop.core.i18n import language, set_language, tr
from desktop.core.portable import portable_columns
from desktop.core.rules import RuleBook
from desktop.core.schema import DERIVED_COLUMNS, FOREIGN_KEYS
from desktop.core.sync import format as fmt
from desktop.core.sync import judge
from desktop.core.sync.export import AUDIT_COLUMNS, EXPORTED_TABLES
from desktop.core.sync.judge import Judging
from desktop.core.text import collate_string, fold, name_sort_string


class FileRefused(Refusal):
    pass


def refuse(path: Path, why: str) -> FileRefused:
    return FileRefused(tr("Tệp {name} bị từ chối: {why}", name=path.name, why=why))


@dataclass
class Staged:
    """What the helper hands back: the staging file and the file's columns per table, or why the
    file is refused (a message: exceptions with tracebacks would keep the payload alive)."""

    target: str = ""
    columns: dict[str, list[str]] = field(default_factory=dict)
    failure: str | None = None
    keys_only: bool = False  # only what the summary needs (a file merged before is not applied again)
    pid: int = field(default_factory=os.getpid)  # the process that staged it
    seconds: float = 0.0  # the helper's time on it: decrypt, decode, check, judge, write


def watch_parent() -> None:
    """Run in a helper process as it starts: leave as soon as the merge that started it is gone
    (killed, or its session ended) instead of lingering on a queue nobody writes to again."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def wait() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=wait, name="merge-watch-parent", daemon=True).start()


def stage_file(verified: fmt.VerifiedFile, box_secret: bytes | None, specs: dict[str, Spec], target: str,
               lang: str | None = None, keys_only: bool = False, judging: Judging | None = None) -> Staged:
    """Decrypt, decode and check `verified`'s payload and write it to the staging file `target`
    (with `keys_only`, only each record's UUID, commune, revision, device and deletion flag).

    With `judging`, the records the merge would write are judged by the record rules (judge.py):
    row rules before anything is written, set rules once the staging file holds the snapshot."""
    if lang is not None and lang != language() and multiprocessing.parent_process() is not None:
        set_language(lang)  # a helper process starts in the default language (a thread shares the caller's)
    collecting = gc.isenabled()
    gc.disable()  # a payload is a million small lists with no cycles: see runtime.without_cycle_collector
    started = time.perf_counter()
    try:
        box = PrivateKey(box_secret) if box_secret is not None else None
        payload = fmt.decode_payload(verified, box)
        tables, audit_rows = validate(specs, verified, payload)
        del payload  # the rows stay alive through `tables` only, and are freed table by table
        changed: dict[str, list[int]] = {}
        if judging is not None and not keys_only:
            from desktop.core.sync import lineage  # (it refuses with this module's FileRefused)

            carried = {name: {r[at] for r in t.rows} for name, t, at in
                       ((name, t, t.columns.index("uuid")) for name, t in tables.items())}
            made = lineage.verify_entries(verified.path, audit_rows, carried)
            del carried
            rules = RuleBook(judging.rule_documents)  # one book for the whole file: it keeps its look-ups
            for name, t in tables.items():
                changed[name] = judge.changed_rows(t.columns, t.rows, judging.known.get(name, {}))
                # Every record, not only those the merge would write: a file carries nothing its
                # audit log does not account for.
                lineage.account_for(verified.path, name, t.columns, t.rows, range(len(t.rows)), made,
                                    records.of(name).describe)
                message = judge.judge_rows(verified.path, rules, name, t.columns, t.rows, changed[name])
                if message:
                    return Staged(failure=message)
            del made
        columns = _write_staging(target, tables, audit_rows, keys_only,
                                 judging=judging if changed else None, changed=changed, path=verified.path,
                                 defaults={table: spec.defaults for table, spec in specs.items()})
        return Staged(target, columns, keys_only=keys_only, seconds=time.perf_counter() - started)
    except Refusal as exc:
        return Staged(failure=exc.message)
    except sqlite3.Error as exc:  # the disk is full or the folder unwritable: not the file's fault
        return Staged(failure=temporary_file_failure(verified.path, exc))
    finally:
        if collecting:
            gc.enable()


# The name each table's derived name_fold and name_sort columns are computed from.
NAME_SOURCES = {"villages": "name", "members": "full_name"}
_PARENTS = frozenset(parent for refs in FOREIGN_KEYS.values() for parent in refs.values())
KEY_COLUMNS = ("uuid", "commune_code", "revision", "device_id", "deleted")


def temporary_file_failure(path: Path, error: Exception) -> str:
    return tr("Tệp {name} chưa gộp được: không ghi được tệp tạm ({error}). Hãy giải phóng "
              "chỗ trống trên ổ đĩa rồi gộp lại.", name=path.name, error=error)


def _write_staging(target: str, tables: dict[str, Table], audit_rows: list[list[Any]],
                   keys_only: bool = False, *, judging: Judging | None = None,
                   changed: dict[str, list[int]] | None = None, path: Path | None = None,
                   defaults: dict[str, dict[str, str | None]] | None = None) -> dict[str, list[str]]:
    columns: dict[str, list[str]] = {}
    if keys_only:
        for t in tables.values():
            at = [t.columns.index(c) for c in KEY_COLUMNS]
            t.rows = [[r[i] for i in at] for r in t.rows]
            t.columns = list(KEY_COLUMNS)
        audit_rows = []
    Path(target).unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # an unwritable folder: SQLite says so just below, as before
        files.new_private(Path(target))  # the decrypted records: private from the first byte
    with contextlib.closing(sqlite3.connect(target, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = OFF")  # a scratch file: rebuilt from the sync file if lost
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("BEGIN")
        extra = judge.SetColumns(changed or {}) if judging is not None else None
        for name in EXPORTED_TABLES:
            t = tables[name]
            columns[name] = list(t.columns)
            cols = list(t.columns)
            rows: Any = t.rows
            if "deprivations" in cols:
                at = cols.index("deprivations")
                uuid_at = cols.index("uuid")
                conn.execute("CREATE TABLE s_deprivations (uuid, code)")
                conn.executemany("INSERT INTO s_deprivations VALUES (?, ?)",
                                 [(r[uuid_at], code) for r in rows for code in sorted(set(r[at]))])
                encode = msgspec.json.encode
                rows = ([*r[:at], encode(r[at]), *r[at + 1:]] for r in rows)
            source = NAME_SOURCES.get(name)
            if source in cols:
                at = cols.index(source)
                key = collate_string if name == "villages" else name_sort_string
                cols += list(DERIVED_COLUMNS[name][:2])  # name_fold, name_sort
                rows = ([*r, fold(r[at]), key(r[at])] for r in rows)
            if extra is not None:
                rows = extra.rows(name, columns[name], rows)
                cols += extra.names(name, columns[name])
            conn.execute(f"CREATE TABLE s_{name} ({', '.join(quoted(cols))})")
            conn.executemany(f"INSERT INTO s_{name} VALUES ({', '.join('?' * len(cols))})", rows)
            if name in _PARENTS and not keys_only:  # the merge checks references against the file's records
                conn.execute(f"CREATE INDEX s_{name}_uuid ON s_{name} (uuid)")
            t.rows = []
        conn.execute(f"CREATE TABLE s_audit ({', '.join(AUDIT_COLUMNS)})")
        conn.executemany(f"INSERT INTO s_audit VALUES ({', '.join('?' * len(AUDIT_COLUMNS))})", audit_rows)
        if judging is not None and path is not None:
            judge.finish_for_sets(conn, defaults or {}, columns)
            message = judge.judge_sets(conn, path, changed or {}, RuleBook(judging.rule_documents))
            if message:
                raise FileRefused(message)
        conn.execute("COMMIT")
    return columns


def quoted(columns: Iterable[str]) -> list[str]:
    return [f'"{c}"' for c in columns]


_NONE = type(None)
_TYPES = {"INTEGER": (int,), "REAL": (int, float), "TEXT": (str,), "BLOB": (bytes, str)}


@dataclass
class Table:
    name: str
    columns: list[str]            # as in the file
    rows: list[list[Any]]
    kinds: list[tuple[type, ...] | None]
    nullable: list[bool]


@dataclass(frozen=True)
class Spec:
    columns: dict[str, tuple[str, bool, bool]]  # portable column → (declared type, nullable, has default)
    portable: list[str]
    defaults: dict[str, str | None]  # a column other than a reference → its default (SQL), for set rules


def specs(conn: sqlite3.Connection) -> dict[str, Spec]:
    """What each exported table's columns must hold, read once from this database's schema."""
    return {table: _table_spec(conn, table) for table in EXPORTED_TABLES}


def _table_spec(conn, table: str) -> Spec:
    fks = FOREIGN_KEYS.get(table, {})
    columns, defaults = {}, {}
    for _cid, name, decl, notnull, default, _pk in conn.execute(f"PRAGMA table_info({table})"):
        if name == "id" or name in DERIVED_COLUMNS.get(table, ()):
            continue
        key = name[:-3] + "_uuid" if name in fks else name
        declared = "TEXT" if name in fks else decl.upper()  # a reference travels as the parent's UUID
        columns[key] = (declared, not notnull, default is not None or not notnull)
        if name not in fks:
            defaults[name] = default
    return Spec(columns, portable_columns(conn, table), defaults)


def validate(specs: dict[str, Spec], verified: fmt.VerifiedFile, payload: Any) -> tuple[dict[str, Table], list[list[Any]]]:
    path, code = verified.path, verified.commune_code
    if payload.get("commune_code") != code:
        raise refuse(path, tr("dữ liệu bên trong ghi mã xã khác với bản kê khai."))
    tables = payload.get("tables")
    if not isinstance(tables, dict) or set(tables) - set(EXPORTED_TABLES):
        raise refuse(path, tr("tệp có bảng dữ liệu không biết (có thể từ phiên bản mới hơn)."))
    counts = verified.manifest["record_counts"]
    out: dict[str, Table] = {}
    for table in EXPORTED_TABLES:
        block = tables.get(table, {"columns": specs[table].portable, "rows": []})
        if not isinstance(block, dict) or not isinstance(block.get("columns"), list) or not isinstance(block.get("rows"), list):
            raise refuse(path, tr("bảng {table} trong tệp sai cấu trúc.", table=table))
        columns, rows = block["columns"], block["rows"]
        spec = specs[table].columns
        if not all(isinstance(c, str) for c in columns):
            raise refuse(path, tr("bảng {table} trong tệp sai cấu trúc.", table=table))
        extra = [c for c in columns if c not in spec and not (table == "assessments" and c == "deprivations")]
        if extra or len(set(columns)) != len(columns):
            raise refuse(path, tr("bảng {table} có cột không biết ({cols}); tệp có thể từ phiên bản mới hơn.",
                                   table=table, cols=", ".join(map(str, extra))))
        missing = [c for c, (_t, _n, has_default) in spec.items() if c not in columns and not has_default]
        required = {"uuid", "commune_code", "revision", "device_id", "updated_at", "deleted"}
        if missing or not required <= set(columns):
            raise refuse(path, tr("bảng {table} thiếu cột {cols}.", table=table,
                                   cols=", ".join(missing or sorted(required - set(columns)))))
        if counts.get(table, 0) != len(rows):
            raise refuse(path, tr("số bản ghi bảng {table} ({n}) khác bản kê khai ({m}).", table=table,
                                   n=len(rows), m=counts.get(table, 0)))
        kinds, nullable = [], []
        for c in columns:
            if c == "deprivations":
                kinds.append(None)
                nullable.append(False)
            else:
                decl, is_null, _d = spec[c]
                kinds.append(_TYPES.get(decl.split("(")[0], (str, int, float)))
                nullable.append(is_null)
        t = Table(table, columns, rows, kinds, nullable)
        _check_rows(path, code, t)
        out[table] = t
    audit = payload.get("audit")
    if not isinstance(audit, dict) or audit.get("columns") != list(AUDIT_COLUMNS) or not isinstance(audit.get("rows"), list):
        raise refuse(path, tr("nhật ký thay đổi trong tệp sai cấu trúc."))
    if counts.get("audit_log", 0) != len(audit["rows"]):
        raise refuse(path, tr("số bản ghi bảng {table} ({n}) khác bản kê khai ({m}).", table="audit_log",
                               n=len(audit["rows"]), m=counts.get("audit_log", 0)))
    rows = audit["rows"]
    if rows:  # column by column, with the checks done by built-ins (a file has ~40 000 entries)
        if set(map(type, rows)) != {list} or set(map(len, rows)) != {len(AUDIT_COLUMNS)}:
            raise refuse(path, tr("nhật ký thay đổi trong tệp sai cấu trúc."))
        columns = list(zip(*rows, strict=True))
        kinds = [{int} if name == "revision" else {str, _NONE} for name in AUDIT_COLUMNS]
        if (not all(set(map(type, values)) <= kind for values, kind in zip(columns, kinds, strict=True))
                or set(columns[AUDIT_COLUMNS.index("commune_code")]) != {code} or not all(columns[0])):
            raise refuse(path, tr("nhật ký thay đổi trong tệp sai cấu trúc."))
    return out, rows


def _check_rows(path: Path, code: str, t: Table) -> None:
    """Shape and types, column by column, with the checks done by built-ins (fast on large files)."""
    if not t.rows:
        return
    if set(map(type, t.rows)) != {list} or set(map(len, t.rows)) != {len(t.columns)}:
        raise refuse(path, tr("bảng {table} có dòng sai số cột.", table=t.name))
    columns = list(zip(*t.rows, strict=True))
    for values, kinds, can_null, col in zip(columns, t.kinds, t.nullable, t.columns, strict=True):
        wrong = refuse(path, tr("bảng {table}, cột {col}: giá trị sai kiểu.", table=t.name, col=col))
        if kinds is None:  # deprivations: lists of indicator codes
            if set(map(type, values)) != {list} or not set(map(type, itertools.chain.from_iterable(values))) <= {str}:
                raise wrong
            continue
        types = set(map(type, values))  # exact types: a bool is not an int here
        if _NONE in types and not can_null:
            raise refuse(path, tr("bảng {table}, cột {col}: thiếu giá trị.", table=t.name, col=col))
        types.discard(_NONE)
        if not types <= set(kinds):
            raise wrong
        present = [v for v in values if v is not None] if can_null else values
        for kind in types:
            same = present if len(types) == 1 else [v for v in present if type(v) is kind]
            if kind is int and (min(same) < -(2**63) or max(same) >= 2**63):
                raise wrong
            if kind is float and not all(map(math.isfinite, same)):
                raise wrong
            if kind is str and max(map(len, same)) > 10_000:
                raise refuse(path, tr("bảng {table}, cột {col}: giá trị quá dài.", table=t.name, col=col))
    idx = {c: i for i, c in enumerate(t.columns)}
    uuids = columns[idx["uuid"]]
    if not all(uuids) or len(set(uuids)) != len(uuids):
        raise refuse(path, tr("bảng {table} có mã bản ghi (UUID) rỗng hoặc trùng.", table=t.name))
    others = set(columns[idx["commune_code"]]) - {code}
    if others:
        raise refuse(path, tr("bảng {table} có bản ghi của xã khác ({other}).", table=t.name, other=", ".join(map(str, sorted(others, key=str)))))
    if (min(columns[idx["revision"]]) < 1 or not set(columns[idx["deleted"]]) <= {0, 1}
            or not all(columns[idx["device_id"]])):
        raise refuse(path, tr("bảng {table}: phiên bản hoặc cờ xóa không hợp lệ.", table=t.name))
