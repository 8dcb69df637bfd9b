"""The office's merge: verify → authorise the signer → validate and stage → apply in one transaction.

Convergence: for each record the version with the highest (revision, device id) wins. That is
a total order, so applying any set of files, in any order, any number of times, gives the same
records; an older file changes nothing. Two versions with the same revision from different
devices of one commune are edits from the same base: both are kept in `sync_conflicts` (the
higher device id stays in place until someone resolves it).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import itertools
import json
import math
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.db import Database, utc_now
from desktop.core.errors import Refusal
from desktop.core.households import note_changed, noting_suspended, optimize_search, refresh_search
from desktop.core.i18n import tr
from desktop.core.reference import units
from desktop.core.schema import DERIVED_COLUMNS, FOREIGN_KEYS
from desktop.core.sync import format as fmt
from desktop.core.sync.export import (
    AUDIT_COLUMNS,
    EXPORTED_TABLES,
    portable_columns,
    portable_record,
)
from desktop.core.sync.keys import box_key, fingerprint, proof_matches
from desktop.core.text import collate_string, fold, name_sort_string

KINDS = ("new", "updated", "unchanged", "deleted", "conflicts")


def _release_memory() -> None:
    """Give the previous file's freed memory back to the system before the next file.

    A file's payload is a few hundred MB of short-lived objects; without this, glibc keeps the
    freed heap and the process's footprint creeps up file after file. Elsewhere it is a no-op.
    """
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):
            pass


@contextlib.contextmanager
def _without_cycle_collector() -> Iterator[None]:
    """Pause Python's cycle collector while files are decoded and written.

    A payload is a million small lists; building them triggers the collector again and again,
    each time walking everything alive (the payload itself included): decoding took up to three
    times longer. The payload holds no cycles, so reference counting frees it all the same; the
    collector runs once at the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()


APPLIED, DRY_RUN, ALREADY, REFUSED, HELD = "applied", "dry-run", "unchanged", "refused", "held"


@dataclass
class FileResult:
    path: Path
    status: str
    message: str = ""
    commune_code: str = ""
    sequence: int | None = None
    summary: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status in (APPLIED, DRY_RUN, ALREADY)

    def line(self) -> str:
        """One summary line for standard output."""
        parts = [self.path.name, self.status]
        for table, counts in self.summary.items():
            if any(counts.values()):
                parts.append(f"{table}=" + "/".join(f"{k}:{counts[k]}" for k in KINDS))
        return " ".join(parts)


class _FileRefused(Refusal):
    pass


def _refuse(path: Path, why: str) -> _FileRefused:
    return _FileRefused(tr("Tệp {name} bị từ chối: {why}", name=path.name, why=why))


def merge_files(db: Database, paths: Iterable[Path | str], *, dry_run: bool = False, trust_new: bool = False,
                progress: Callable[[str], None] | None = None) -> list[FileResult]:
    """Merge files one by one, each in its own transaction.

    While a file's last steps run inside SQLite (search documents, duplicates, the commit, where
    Python is idle), a helper thread decrypts and decodes the next one, which is Python work: the
    two cores of a modest laptop share the load. The next file is verified and its signer
    authorised first, on this thread (a file nobody vouches for is never decoded ahead); it is
    decoded only once the previous file's records are written and released, so two payloads are
    never held at once. The helper never touches the database; its failures surface in file order.
    """
    if not db.identity.is_office:
        raise Refusal(tr("Chỉ cơ sở dữ liệu của văn phòng tổng hợp mới gộp được tệp đồng bộ."))
    files = [Path(p) for p in paths]
    results: list[FileResult] = []
    applied = 0
    checkpoints = _BackgroundCheckpoints(db)
    with _without_cycle_collector(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="merge-decode") as pool, \
            contextlib.closing(checkpoints):
        batch = _Batch(db, box_key(db.conn), _specs(db.conn), pool, trust_new)
        for n, path in enumerate(files):
            if progress:
                progress(path.name)
            ahead = batch.ahead.pop(n, None)
            checkpoints.before_write()
            try:
                results.append(_merge_one(batch, path, ahead, dry_run=dry_run,
                                          written=lambda n=n: batch.look_ahead(files, n + 1)))
                if results[-1].status == APPLIED:
                    applied += 1
                    checkpoints.after_commit()
            except (fmt.SyncFileRefused, _FileRefused) as exc:
                results.append(FileResult(path, REFUSED, exc.message))
            finally:
                del ahead
            if results[-1].status != APPLIED:
                gc.collect()  # whatever a refused or held file left in reference cycles
            _release_memory()
    if applied:
        with db.transaction():
            optimize_search(db.conn)  # once for the whole batch: its cost grows with the database
    return results


class _BackgroundCheckpoints:
    """Copy committed pages from the write-ahead log into the database file in a helper thread.

    SQLite does this inside a commit once the log is long (the "checkpoint"); a file's
    transaction always makes it long, so about half of every commit went on copying pages again.
    Here the merge's own connection stops checkpointing and a second connection does it after
    each file, while the merge goes on with the next. A checkpoint changes no content and SQLite
    keeps it safe against a crash at any point; committed transactions are durable in the log
    before it runs. Not used when the database is not in WAL mode.

    The log restarts from its beginning only when a checkpoint has finished before the next write
    begins; the merge waits for it once the log is past LOG_LIMIT, so the log stays bounded.
    """

    LOG_LIMIT = 64 * 1024 * 1024

    def __init__(self, db: Database):
        self.conn = db.conn
        self.log = Path(f"{db.path}-wal")
        self.previous = self.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        wal = self.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        self.other = sqlite3.connect(db.path, isolation_level=None, check_same_thread=False) if wal else None
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="merge-checkpoint") if wal else None
        self.pending: Future[Any] | None = None
        if wal:
            self.conn.execute("PRAGMA wal_autocheckpoint = 0")

    def after_commit(self) -> None:
        if self.pool and (self.pending is None or self.pending.done()):
            self.pending = self.pool.submit(self._checkpoint)

    def before_write(self) -> None:
        if self.pending is not None and not self.pending.done() and self._log_size() > self.LOG_LIMIT:
            self._wait()

    def _log_size(self) -> int:
        try:
            return self.log.stat().st_size
        except OSError:
            return 0

    def _checkpoint(self) -> None:
        assert self.other is not None
        self.other.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def _wait(self) -> None:
        try:
            if self.pending is not None:
                self.pending.result()
        except sqlite3.Error:
            pass  # a checkpoint that could not run leaves its pages to the next one: nothing is lost

    def close(self) -> None:
        try:
            self._wait()
            self.conn.execute(f"PRAGMA wal_autocheckpoint = {int(self.previous)}")
        finally:
            if self.pool:
                self.pool.shutdown(wait=True)
            if self.other:
                self.other.close()


@dataclass
class _Decoded:
    """A payload decrypted, decoded and checked (by the helper thread or in place)."""

    tables: dict[str, _Table] | None = None
    audit_rows: list[list[Any]] | None = None
    failure: Exception | None = None  # raised by the merge in the file's turn


@dataclass
class _Ahead:
    """The next file, looked at while the previous one finishes."""

    verified: fmt.VerifiedFile | None = None
    decoding: Future[_Decoded] | None = None


@dataclass
class _Batch:
    db: Database
    box: Any
    specs: dict[str, _Spec]
    pool: ThreadPoolExecutor
    trust_new: bool
    ahead: dict[int, _Ahead] = field(default_factory=dict)

    def look_ahead(self, files: list[Path], n: int) -> None:
        """Verify file n and, when its signer is already trusted, start decoding it."""
        if n >= len(files) or n in self.ahead:
            return
        entry = self.ahead[n] = _Ahead()
        try:
            entry.verified = fmt.read_verified(files[n])
            decision, _via = _authorise(self.db, entry.verified, self.trust_new)  # reads only
        except Exception:  # a look ahead only: the file is judged again in its turn, which reports why
            return
        if decision != "held":
            entry.decoding = self.pool.submit(_decode, entry.verified, self.box, self.specs)

    def decoded(self, verified: fmt.VerifiedFile, ahead: _Ahead | None) -> _Decoded:
        if ahead is not None and ahead.decoding is not None:
            return ahead.decoding.result()
        return _decode(verified, self.box, self.specs)


def _decode(verified: fmt.VerifiedFile, box: Any, specs: dict[str, _Spec]) -> _Decoded:
    decoded = _Decoded()
    try:
        payload = fmt.decode_payload(verified, box)
        decoded.tables, decoded.audit_rows = _validate(specs, verified, payload)
    except (fmt.SyncFileRefused, _FileRefused) as exc:
        # Kept without its traceback: the frames of the failed decoding hold the whole payload,
        # and with the cycle collector paused nothing else would free them.
        decoded.failure = exc.with_traceback(None)
        exc.__context__ = exc.__cause__ = None
    return decoded


# Authorising the signer ------------------------------------------------------------------------

def _commune_in_area(db: Database, code: str) -> bool:
    unit = units(db.identity.units_list).get(code)
    return bool(unit and unit.is_commune and unit.parent_code == db.identity.unit_code)


def _authorise(db: Database, verified: fmt.VerifiedFile, trust_new: bool) -> tuple[str, str | None]:
    """('ok'|'bind'|'held', via). Raises a refusal for a file that may not be applied."""
    code, signer = verified.commune_code, verified.signer_key
    path = verified.path
    if not _commune_in_area(db, code):
        raise _refuse(path, tr("tệp ghi mã xã {code}, không thuộc địa bàn {office} của cơ sở dữ liệu này.",
                               code=code, office=db.identity.unit_name))
    bound = db.conn.execute("SELECT sign_key FROM commune_keys WHERE commune_code = ? AND status = 'bound'",
                            (code,)).fetchone()
    if bound:
        return ("ok", None) if bound[0] == signer else ("held", None)
    enrolment = db.conn.execute("SELECT secret FROM enrolments WHERE commune_code = ?", (code,)).fetchone()
    if enrolment:
        if proof_matches(enrolment[0], code, signer, verified.manifest.get("enrolment_proof") or ""):
            return "bind", "setup"
        raise _refuse(path, tr("xã {code} đã được cấp gói cài đặt, nhưng tệp này không mang bằng chứng của gói đó "
                               "(khóa {fp}). Không chấp nhận.", code=code, fp=fingerprint(signer)))
    if trust_new:
        return "bind", "trust_new"
    raise _refuse(path, tr("xã {code} chưa có khóa được công nhận (khóa của tệp: {fp}). Nếu đã xác minh với xã, "
                           "chạy lại với --trust-new.", code=code, fp=fingerprint(signer)))


def _hold(db: Database, verified: fmt.VerifiedFile) -> str:
    fp = fingerprint(verified.signer_key)
    with db.transaction():
        db.conn.execute(
            "INSERT OR IGNORE INTO commune_keys (commune_code, sign_key, fingerprint, status, via, first_seen, note) "
            "VALUES (?, ?, ?, 'pending', 'seen', ?, ?)",
            (verified.commune_code, verified.signer_key, fp, utc_now(), verified.path.name))
    return tr("tệp của xã {code} được ký bằng khóa khác ({fp}) với khóa đã công nhận; tạm giữ, chưa áp dụng. "
              "Nếu xã đã thay máy, xác minh rồi chạy: keys approve {code} {fp}", code=verified.commune_code, fp=fp)


# Validating the payload ---------------------------------------------------------------------------

_NONE = type(None)
_TYPES = {"INTEGER": (int,), "REAL": (int, float), "TEXT": (str,), "BLOB": (bytes, str)}


@dataclass
class _Table:
    name: str
    columns: list[str]            # as in the file
    rows: list[list[Any]]
    local_columns: list[str]      # matching local column names (references as *_id)
    kinds: list[tuple[type, ...] | None]
    nullable: list[bool]


@dataclass(frozen=True)
class _Spec:
    columns: dict[str, tuple[str, bool, bool]]  # portable column → (declared type, nullable, has default)
    portable: list[str]


def _specs(conn: sqlite3.Connection) -> dict[str, _Spec]:
    """What each exported table's columns must hold, read once from this database's schema."""
    return {table: _Spec(_table_spec(conn, table), portable_columns(conn, table)) for table in EXPORTED_TABLES}


def _table_spec(conn, table: str) -> dict[str, tuple[str, bool, bool]]:
    """portable column → (declared type, nullable, has default)."""
    fks = FOREIGN_KEYS.get(table, {})
    spec = {}
    for _cid, name, decl, notnull, default, _pk in conn.execute(f"PRAGMA table_info({table})"):
        if name == "id" or name in DERIVED_COLUMNS.get(table, ()):
            continue
        key = name[:-3] + "_uuid" if name in fks else name
        declared = "TEXT" if name in fks else decl.upper()  # a reference travels as the parent's UUID
        spec[key] = (declared, not notnull, default is not None or not notnull)
    return spec


def _validate(specs: dict[str, _Spec], verified: fmt.VerifiedFile, payload: Any) -> tuple[dict[str, _Table], list[list[Any]]]:
    path, code = verified.path, verified.commune_code
    if payload.get("commune_code") != code:
        raise _refuse(path, tr("dữ liệu bên trong ghi mã xã khác với bản kê khai."))
    tables = payload.get("tables")
    if not isinstance(tables, dict) or set(tables) - set(EXPORTED_TABLES):
        raise _refuse(path, tr("tệp có bảng dữ liệu không biết (có thể từ phiên bản mới hơn)."))
    counts = verified.manifest["record_counts"]
    out: dict[str, _Table] = {}
    for table in EXPORTED_TABLES:
        block = tables.get(table, {"columns": specs[table].portable, "rows": []})
        if not isinstance(block, dict) or not isinstance(block.get("columns"), list) or not isinstance(block.get("rows"), list):
            raise _refuse(path, tr("bảng {table} trong tệp sai cấu trúc.", table=table))
        columns, rows = block["columns"], block["rows"]
        spec = specs[table].columns
        extra = [c for c in columns if c not in spec and not (table == "assessments" and c == "deprivations")]
        if extra or len(set(columns)) != len(columns) or not all(isinstance(c, str) for c in columns):
            raise _refuse(path, tr("bảng {table} có cột không biết ({cols}); tệp có thể từ phiên bản mới hơn.",
                                   table=table, cols=", ".join(map(str, extra))))
        missing = [c for c, (_t, _n, has_default) in spec.items() if c not in columns and not has_default]
        required = {"uuid", "commune_code", "revision", "device_id", "updated_at", "deleted"}
        if missing or not required <= set(columns):
            raise _refuse(path, tr("bảng {table} thiếu cột {cols}.", table=table,
                                   cols=", ".join(missing or sorted(required - set(columns)))))
        if counts.get(table, 0) != len(rows):
            raise _refuse(path, tr("số bản ghi bảng {table} ({n}) khác bản kê khai ({m}).", table=table,
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
        fks = FOREIGN_KEYS.get(table, {})
        local = [c[:-5] + "_id" if c.endswith("_uuid") and c[:-5] + "_id" in fks else c for c in columns]
        t = _Table(table, columns, rows, local, kinds, nullable)
        _check_rows(path, code, t)
        out[table] = t
    audit = payload.get("audit")
    if not isinstance(audit, dict) or audit.get("columns") != list(AUDIT_COLUMNS) or not isinstance(audit.get("rows"), list):
        raise _refuse(path, tr("nhật ký thay đổi trong tệp sai cấu trúc."))
    if counts.get("audit_log", 0) != len(audit["rows"]):
        raise _refuse(path, tr("số bản ghi bảng {table} ({n}) khác bản kê khai ({m}).", table="audit_log",
                               n=len(audit["rows"]), m=counts.get("audit_log", 0)))
    rows = audit["rows"]
    if rows:  # column by column, with the checks done by built-ins (a file has ~40 000 entries)
        if set(map(type, rows)) != {list} or set(map(len, rows)) != {len(AUDIT_COLUMNS)}:
            raise _refuse(path, tr("nhật ký thay đổi trong tệp sai cấu trúc."))
        columns = list(zip(*rows, strict=True))
        if (not all(set(map(type, values)) <= {str, _NONE} for values in columns)
                or set(columns[AUDIT_COLUMNS.index("commune_code")]) != {code} or not all(columns[0])):
            raise _refuse(path, tr("nhật ký thay đổi trong tệp sai cấu trúc."))
    return out, rows


def _check_rows(path: Path, code: str, t: _Table) -> None:
    """Shape and types, column by column, with the checks done by built-ins (fast on large files)."""
    if not t.rows:
        return
    if set(map(type, t.rows)) != {list} or set(map(len, t.rows)) != {len(t.columns)}:
        raise _refuse(path, tr("bảng {table} có dòng sai số cột.", table=t.name))
    columns = list(zip(*t.rows, strict=True))
    for values, kinds, can_null, col in zip(columns, t.kinds, t.nullable, t.columns, strict=True):
        wrong = _refuse(path, tr("bảng {table}, cột {col}: giá trị sai kiểu.", table=t.name, col=col))
        if kinds is None:  # deprivations: lists of indicator codes
            if set(map(type, values)) != {list} or not set(map(type, itertools.chain.from_iterable(values))) <= {str}:
                raise wrong
            continue
        types = set(map(type, values))  # exact types: a bool is not an int here
        if _NONE in types and not can_null:
            raise _refuse(path, tr("bảng {table}, cột {col}: thiếu giá trị.", table=t.name, col=col))
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
                raise _refuse(path, tr("bảng {table}, cột {col}: giá trị quá dài.", table=t.name, col=col))
    idx = {c: i for i, c in enumerate(t.columns)}
    uuids = columns[idx["uuid"]]
    if not all(uuids) or len(set(uuids)) != len(uuids):
        raise _refuse(path, tr("bảng {table} có mã bản ghi (UUID) rỗng hoặc trùng.", table=t.name))
    others = set(columns[idx["commune_code"]]) - {code}
    if others:
        raise _refuse(path, tr("bảng {table} có bản ghi của xã khác ({other}).", table=t.name, other=", ".join(map(str, sorted(others, key=str)))))
    if (min(columns[idx["revision"]]) < 1 or not set(columns[idx["deleted"]]) <= {0, 1}
            or not all(columns[idx["device_id"]])):
        raise _refuse(path, tr("bảng {table}: phiên bản hoặc cờ xóa không hợp lệ.", table=t.name))


# Staging and applying ------------------------------------------------------------------------------

@dataclass
class _Plan:
    inserts: dict[str, list[list[Any]]] = field(default_factory=dict)
    updates: dict[str, list[tuple[int, list[Any]]]] = field(default_factory=dict)
    conflicts: list[tuple] = field(default_factory=list)
    summary: dict[str, dict[str, int]] = field(default_factory=dict)
    known: dict[str, dict[str, int]] = field(default_factory=dict)  # uuid → local id already here


def _existing(conn: sqlite3.Connection, table: str, uuids: list[str]) -> dict[str, tuple]:
    """uuid → (uuid, id, revision, device, deleted, commune) of the records already here (one indexed query)."""
    if not uuids:
        return {}
    return {r[0]: tuple(r) for r in conn.execute(
        f"SELECT t.uuid, t.id, t.revision, t.device_id, t.deleted, t.commune_code FROM {table} t "
        "WHERE t.uuid IN (SELECT value FROM json_each(?))", (json.dumps(uuids),))}


def _stage(db: Database, path: Path, code: str, tables: dict[str, _Table]) -> _Plan:
    conn = db.conn
    plan = _Plan()
    now = utc_now()
    for name in EXPORTED_TABLES:
        t = tables[name]
        idx = {c: i for i, c in enumerate(t.columns)}
        existing = _existing(conn, name, [r[idx["uuid"]] for r in t.rows])
        plan.known[name] = {u: have[1] for u, have in existing.items()}
        counts = dict.fromkeys(KINDS, 0)
        inserts, updates = [], []
        for row in t.rows:
            uuid, rev, dev, deleted = row[idx["uuid"]], row[idx["revision"]], row[idx["device_id"]], row[idx["deleted"]]
            have = existing.get(uuid)
            if have is None:
                inserts.append(row)
                counts["deleted" if deleted else "new"] += 1
                continue
            _u, local_id, have_rev, have_dev, have_deleted, have_commune = have
            if have_commune != code:
                raise _refuse(path, tr("bảng {table} có bản ghi trùng mã với dữ liệu của xã {other}.", table=name, other=have_commune))
            if (rev, dev) == (have_rev, have_dev):
                counts["unchanged"] += 1
                continue
            if rev == have_rev:
                counts["conflicts"] += 1
                current = portable_record(conn, name, uuid)
                plan.conflicts.append((name, uuid, code, rev, dict(zip(t.columns, row, strict=True)), current, now))
            if (rev, dev) > (have_rev, have_dev):
                updates.append((local_id, row))
                if deleted and not have_deleted:
                    counts["deleted"] += 1
                elif rev != have_rev:
                    counts["updated"] += 1
            elif rev != have_rev:
                counts["unchanged"] += 1
        plan.inserts[name], plan.updates[name] = inserts, updates
        plan.summary[name] = counts
    return plan


def _local_rows(conn, t: _Table, rows: list[list[Any]], ids: dict[str, dict[str, int]], path: Path,
                code: str) -> tuple[list[str], list[list[Any]], list[Any] | None]:
    """Rows in local form: references as local ids, derived columns added; deprivations apart."""
    fks = FOREIGN_KEYS.get(t.name, {})
    keep = [i for i, c in enumerate(t.columns) if c != "deprivations"]
    cols = [t.local_columns[i] for i in keep]
    out = [[row[i] for i in keep] for row in rows]
    for pos, col in enumerate(cols):
        if col not in fks:
            continue
        parent_ids = ids[fks[col]]
        for values in out:
            ref = values[pos]
            if ref is None:
                continue
            if ref not in parent_ids:
                found = conn.execute(f"SELECT id FROM {fks[col]} WHERE uuid = ? AND commune_code = ?", (ref, code)).fetchone()
                if not found:
                    raise _refuse(path, tr("bảng {table} trỏ tới bản ghi không có trong tệp ({col}).",
                                           table=t.name, col=t.columns[keep[pos]]))
                parent_ids[ref] = found[0]
            values[pos] = parent_ids[ref]
    source = {"villages": "name", "members": "full_name"}.get(t.name)
    if source and source in cols:
        at = cols.index(source)
        sort_key = collate_string if t.name == "villages" else name_sort_string
        cols += ["name_fold", "name_sort"]
        for values in out:
            values += [fold(values[at]), sort_key(values[at])]
    deprivations = [row[t.columns.index("deprivations")] for row in rows] if "deprivations" in t.columns else None
    return cols, out, deprivations


def _write_table(conn: sqlite3.Connection, t: _Table, plan: _Plan, ids: dict[str, dict[str, int]], path: Path,
                 code: str) -> set[int]:
    """Insert and update one table's records; the households whose documents this changes."""
    name = t.name
    inserts, updates = plan.inserts[name], plan.updates[name]
    touched: set[int] = set()
    if inserts:
        # Ids are assigned here (the transaction holds the write lock), so children can
        # refer to parents without reading them back.
        next_id = conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {name}").fetchone()[0]
        uuid_at = t.columns.index("uuid")
        new_ids = list(range(next_id, next_id + len(inserts)))
        ids[name].update((row[uuid_at], new_id) for row, new_id in zip(inserts, new_ids, strict=True))
        cols, values, deprivations = _local_rows(conn, t, inserts, ids, path, code)
        conn.executemany(f"INSERT INTO {name} (id, {', '.join(cols)}) VALUES ({', '.join('?' * (len(cols) + 1))})",
                         [[new_id, *v] for new_id, v in zip(new_ids, values, strict=True)])
        if deprivations is not None:
            conn.executemany("INSERT INTO assessment_deprivations VALUES (?, ?)",
                             [(aid, d) for aid, deps in zip(new_ids, deprivations, strict=True) for d in sorted(set(deps))])
        if name == "households":
            touched.update(new_ids)
        elif name == "members":
            at = cols.index("household_id")
            touched.update(v[at] for v in values)
    if updates:
        local_ids = [local_id for local_id, _row in updates]
        cols, values, deprivations = _local_rows(conn, t, [row for _id, row in updates], ids, path, code)
        if name == "households":
            touched.update(local_ids)
        elif name == "members":  # a member may move: the household it leaves changes too
            touched.update(r[0] for r in conn.execute(
                "SELECT household_id FROM members WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(local_ids),)))
            at = cols.index("household_id")
            touched.update(v[at] for v in values)
        conn.executemany(f"UPDATE {name} SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
                         [[*v, local_id] for local_id, v in zip(local_ids, values, strict=True)])
        if deprivations is not None:
            conn.executemany("DELETE FROM assessment_deprivations WHERE assessment_id = ?", [(i,) for i in local_ids])
            conn.executemany("INSERT INTO assessment_deprivations VALUES (?, ?)",
                             [(aid, d) for aid, deps in zip(local_ids, deprivations, strict=True) for d in sorted(set(deps))])
    return touched


def _apply(db: Database, verified: fmt.VerifiedFile, tables: dict[str, _Table], audit_rows: list[list[Any]],
           plan: _Plan, bind_via: str | None, written: Callable[[], None]) -> None:
    """Write the file's records in one transaction; `written` is called once the rows are written
    and released, before the last steps (search documents, duplicates, commit)."""
    conn, path, code, manifest = db.conn, verified.path, verified.commune_code, verified.manifest
    ids: dict[str, dict[str, int]] = {name: dict(plan.known.get(name, {})) for name in EXPORTED_TABLES}
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
                conn.execute("UPDATE enrolments SET used_at = ? WHERE commune_code = ?", (utc_now(), code))
        touched: set[int] = set()  # households whose search documents and summaries change
        with noting_suspended(conn):
            for name in EXPORTED_TABLES:
                touched |= _write_table(conn, tables[name], plan, ids, path, code)
            note_changed(conn, touched)
        for name, uuid, commune, rev, incoming, current, now in plan.conflicts:
            versions = sorted([(incoming["device_id"], incoming), (current["device_id"], current)], key=lambda p: p[0])
            conn.execute(
                "INSERT OR IGNORE INTO sync_conflicts (table_name, record_uuid, commune_code, revision, device_a, device_b, "
                "version_a, version_b, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (name, uuid, commune, rev, versions[0][0], versions[1][0],
                 json.dumps(versions[0][1], ensure_ascii=False, default=str),
                 json.dumps(versions[1][1], ensure_ascii=False, default=str), now))
        conn.executemany(
            f"INSERT OR IGNORE INTO audit_log ({', '.join(AUDIT_COLUMNS)}) VALUES ({', '.join('?' * len(AUDIT_COLUMNS))})",
            audit_rows)
        conn.execute(
            "INSERT INTO received_files (sha256, file_name, commune_code, device_id, sequence, created_at, received_at, summary) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (verified.sha256, path.name, code, manifest["device_id"], manifest["sequence"], manifest["created_at"],
             utc_now(), json.dumps(plan.summary, sort_keys=True)))
        uuid_at = tables["members"].columns.index("uuid")
        changed = [row[uuid_at] for row in plan.inserts["members"]] + [row[uuid_at] for _id, row in plan.updates["members"]]
        changed_ids = [ids["members"][u] for u in changed]
        del changed, ids
        audit_rows.clear()  # release the payload: the next file may be decoded meanwhile
        plan.inserts.clear()
        plan.updates.clear()
        for t in tables.values():
            t.rows = []
        written()
        refresh_search(conn, optimize=False)  # the list's summaries and search documents; merged once per batch
        _detect_duplicates(conn, code, changed_ids)


def _detect_duplicates(conn: sqlite3.Connection, code: str, member_ids: list[int]) -> None:
    """Pair this file's new or changed live members with live members of other communes."""
    if not member_ids:
        return
    now = utc_now()
    ids = json.dumps(member_ids)
    live = ("a.deleted = 0 AND b.deleted = 0 AND ha.deleted = 0 AND hb.deleted = 0 "
            "AND a.status = 'present' AND b.status = 'present'")
    pair = ("CASE WHEN a.uuid < b.uuid THEN a.uuid ELSE b.uuid END, CASE WHEN a.uuid < b.uuid THEN b.uuid ELSE a.uuid END, "
            "CASE WHEN a.uuid < b.uuid THEN a.commune_code ELSE b.commune_code END, "
            "CASE WHEN a.uuid < b.uuid THEN b.commune_code ELSE a.commune_code END")
    # CROSS JOIN fixes the join order: start from the file's members, then use the indexes.
    conn.execute(
        f"INSERT OR IGNORE INTO duplicate_candidates (kind, member_a, member_b, commune_a, commune_b, detected_at) "
        f"SELECT 'citizen_id', {pair}, ? FROM json_each(?) j CROSS JOIN members a ON a.id = j.value "
        "JOIN members b ON b.citizen_id = a.citizen_id AND b.commune_code <> a.commune_code AND b.citizen_id <> '' "
        "JOIN households ha ON ha.id = a.household_id JOIN households hb ON hb.id = b.household_id "
        f"WHERE a.citizen_id <> '' AND {live}", (now, ids))
    # Same name + birth year + village (by name: villages belong to one commune; a village's own
    # deletion does not matter, its live households and members do). Common names recur across a
    # district, so rather than follow each member's namesakes everywhere, take the file's members
    # living in a village whose name another commune also has (usually few), and walk only those
    # other villages' households, matching on all three at once.
    conn.execute(
        "WITH shared (id) AS (SELECT va.id FROM villages va WHERE va.commune_code = :code AND EXISTS "
        "(SELECT 1 FROM villages o WHERE o.name_fold = va.name_fold AND o.commune_code <> va.commune_code)), "
        "a AS (SELECT a.uuid, a.commune_code, a.name_fold, a.birth_year, va.name_fold AS village "
        "FROM json_each(:ids) j CROSS JOIN members a ON a.id = j.value JOIN households ha ON ha.id = a.household_id "
        "JOIN villages va ON va.id = ha.village_id WHERE ha.village_id IN shared AND a.deleted = 0 "
        "AND a.status = 'present' AND ha.deleted = 0), "
        "vb AS (SELECT id, name_fold FROM villages WHERE name_fold IN (SELECT village FROM a) AND commune_code <> :code) "
        "INSERT OR IGNORE INTO duplicate_candidates (kind, member_a, member_b, commune_a, commune_b, detected_at) "
        f"SELECT 'name_birth_village', {pair}, :now FROM vb CROSS JOIN households hb ON hb.village_id = vb.id "
        "CROSS JOIN members b ON b.household_id = hb.id CROSS JOIN a ON a.name_fold = b.name_fold "
        "AND a.birth_year = b.birth_year AND a.village = vb.name_fold "
        "WHERE hb.deleted = 0 AND b.deleted = 0 AND b.status = 'present' AND b.commune_code <> a.commune_code",
        {"code": code, "ids": ids, "now": now})


def _merge_one(batch: _Batch, path: Path, ahead: _Ahead | None, *, dry_run: bool,
               written: Callable[[], None]) -> FileResult:
    db = batch.db
    verified = ahead.verified if ahead is not None and ahead.verified is not None else fmt.read_verified(path)
    manifest = verified.manifest
    result = FileResult(path, DRY_RUN if dry_run else APPLIED, commune_code=verified.commune_code,
                        sequence=manifest["sequence"])
    decision, via = _authorise(db, verified, batch.trust_new)
    if decision == "held":
        result.status = HELD
        result.message = _hold(db, verified) if not dry_run else tr(
            "tệp được ký bằng khóa khác với khóa đã công nhận ({fp}); sẽ bị tạm giữ.", fp=fingerprint(verified.signer_key))
        return result
    seen = db.conn.execute("SELECT 1 FROM received_files WHERE sha256 = ?", (verified.sha256,)).fetchone()
    decoded = batch.decoded(verified, ahead)
    if decoded.failure is not None:
        raise _taken_failure(decoded)
    tables, audit_rows = decoded.tables or {}, decoded.audit_rows or []
    decoded.tables = decoded.audit_rows = None  # the apply step frees the rows once written
    plan = _stage(db, path, verified.commune_code, tables)
    result.summary = plan.summary
    if seen:
        result.status = ALREADY
        result.message = tr("tệp này đã được gộp trước đó; không có gì thay đổi.")
        return result
    if dry_run:
        return result
    try:
        _apply(db, verified, tables, audit_rows, plan, via, written)
    except (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError, OverflowError) as exc:
        raise _refuse(path, tr("dữ liệu vi phạm ràng buộc ({error}); không áp dụng gì.", error=exc)) from None
    return result


def _taken_failure(decoded: _Decoded) -> Exception:
    """The failure, no longer held by `decoded` (which the raising frame keeps)."""
    failure, decoded.failure = decoded.failure, None
    assert failure is not None
    return failure
