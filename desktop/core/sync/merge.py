"""The office's merge: verify → authorise the signer → validate and stage → apply in one transaction.

Convergence: for each record the version with the highest (revision, device id) wins. That is
a total order, so applying any set of files, in any order, any number of times, gives the same
records; an older file changes nothing. Two versions with the same revision from different
devices of one commune are edits from the same base: both are kept in `sync_conflicts` (the
higher device id stays in place until someone resolves it).
"""

from __future__ import annotations

import contextlib
import gc
import json
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.db import Database, utc_now
from desktop.core.duplicates import detect_duplicates
from desktop.core.errors import Refusal
from desktop.core.households import note_changed, noting_suspended, optimize_search, refresh_search
from desktop.core.i18n import language, tr
from desktop.core.schema import FOREIGN_KEYS
from desktop.core.sync import format as fmt
from desktop.core.sync import staging
from desktop.core.sync.export import AUDIT_COLUMNS, EXPORTED_TABLES, portable_record
from desktop.core.sync.keys import box_key, fingerprint
from desktop.core.sync.runtime import (
    BackgroundCheckpoints,
    helper,
    release_memory,
    remove_stale_work,
    without_cycle_collector,
    work_prefix,
)
from desktop.core.sync.staging import NAME_SOURCES, FileRefused, quoted, refuse, stage_file
from desktop.core.sync.trust import authorise, hold

KINDS = ("new", "updated", "unchanged", "deleted", "conflicts")


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


def merge_files(db: Database, paths: Iterable[Path | str], *, dry_run: bool = False, trust_new: bool = False,
                progress: Callable[[str], None] | None = None) -> list[FileResult]:
    """Merge files one by one, each in its own transaction.

    Each file is verified and its signer authorised on this thread; then a helper (a process for
    large batches, else a thread) decrypts, parses and checks it and writes its records into a
    temporary staging file (staging.py), which this thread attaches and applies with set-based
    SQL. While this thread applies one file, the helper prepares the next (only once its signer
    is authorised: a file nobody vouches for is never decoded ahead), so the two cores of a modest
    laptop share the load and this thread never holds a payload. The helper never touches the
    database; its failures surface in file order. (A script calling this needs the usual
    `if __name__ == "__main__":` guard: the helper process imports the script's main module.)
    """
    if not db.identity.is_office:
        raise Refusal(tr("Chỉ cơ sở dữ liệu của văn phòng tổng hợp mới gộp được tệp đồng bộ."))
    files = [Path(p) for p in paths]
    results: list[FileResult] = []
    applied = 0
    checkpoints = BackgroundCheckpoints(db)
    remove_stale_work(db.path)
    # The staging files hold the decrypted records: they go beside the database (same disk, same
    # protection as the data itself), never to a shared temporary folder.
    work = tempfile.TemporaryDirectory(prefix=work_prefix(db.path), dir=db.path.parent, ignore_cleanup_errors=True)
    with without_cycle_collector(), work as workdir, helper(files) as pool, contextlib.closing(checkpoints):
        batch = _Batch(db, box_key(db.conn).encode(), staging.specs(db.conn), pool, trust_new, Path(workdir))
        for n, path in enumerate(files):
            if progress:
                progress(path.name)
            batch.look_ahead(files, n)  # unless done already, while the previous file was applied
            ahead = batch.ahead.pop(n, None)
            checkpoints.before_write()
            try:
                results.append(_merge_one(batch, n, path, ahead, dry_run=dry_run,
                                          staged=lambda n=n: batch.look_ahead(files, n + 1)))
                if results[-1].status == APPLIED:
                    applied += 1
                    checkpoints.after_commit()
            except (fmt.SyncFileRefused, FileRefused) as exc:
                results.append(FileResult(path, REFUSED, exc.message))
            finally:
                del ahead
            if results[-1].status != APPLIED:
                gc.collect()  # whatever a refused or held file left in reference cycles
            release_memory()
    if applied:
        with db.transaction():
            optimize_search(db.conn)  # once for the whole batch: its cost grows with the database
    return results


@dataclass
class _Ahead:
    """The next file, looked at while the previous one is applied."""

    verified: fmt.VerifiedFile | None = None
    staging: Future[staging.Staged] | None = None


@dataclass
class _Batch:
    db: Database
    box_secret: bytes
    specs: dict[str, staging.Spec]
    pool: Executor
    trust_new: bool
    workdir: Path
    ahead: dict[int, _Ahead] = field(default_factory=dict)

    def target(self, n: int, again: bool = False) -> str:
        return str(self.workdir / f"{n}{'-again' if again else ''}.db")

    def look_ahead(self, files: list[Path], n: int) -> None:
        """Verify file n and, when its signer is already trusted, start staging it."""
        if n >= len(files) or n in self.ahead:
            return
        entry = self.ahead[n] = _Ahead()
        try:
            entry.verified = fmt.read_verified(files[n])
            decision, _via = authorise(self.db, entry.verified, self.trust_new)  # reads only
        except Exception:  # a look ahead only: the file is judged again in its turn, which reports why
            return
        if decision != "held":
            with contextlib.suppress(BrokenProcessPool):  # a dead helper: the file is staged here in its turn
                entry.staging = self.pool.submit(stage_file, entry.verified, self.box_secret, self.specs,
                                                 self.target(n), language(), self.seen(entry.verified))

    def seen(self, verified: fmt.VerifiedFile) -> bool:
        """Whether this very file was merged before (it is then only compared, not applied)."""
        return self.db.conn.execute("SELECT 1 FROM received_files WHERE sha256 = ?", (verified.sha256,)).fetchone() is not None

    def staged(self, n: int, verified: fmt.VerifiedFile, ahead: _Ahead | None, seen: bool) -> staging.Staged:
        if ahead is not None and ahead.staging is not None:
            try:
                staged = ahead.staging.result()
                if seen or not staged.keys_only:
                    return staged
            except BrokenProcessPool:  # the helper process died (killed, out of memory): do it here
                pass
        return stage_file(verified, self.box_secret, self.specs, self.target(n, again=True), keys_only=seen)


# Staging and applying ------------------------------------------------------------------------------
#
# The file's records sit in the attached staging file (schema `st`, tables `s_<table>`). Staging
# compares them with the office's by UUID into `p_<table>` (one row per record: the local id when
# the record is already here, and whether it is inserted, updated or left) and checks references;
# applying then writes each table with one INSERT … SELECT (new records) and one UPDATE (edits),
# references resolved by UUID within the commune, parents before children.

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
class _Plan:
    summary: dict[str, dict[str, int]] = field(default_factory=dict)
    inserts: dict[str, int] = field(default_factory=dict)  # table → records to insert
    updates: dict[str, int] = field(default_factory=dict)  # table → records to update
    conflicts: list[tuple] = field(default_factory=list)


def _stage(conn: sqlite3.Connection, path: Path, code: str, staged: staging.Staged) -> _Plan:
    """Compare the file's records with the office's and check their references (reads the office,
    writes only the staging file), so that a dry run refuses what the merge would refuse."""
    plan = _Plan()
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


def _references(name: str, columns: list[str]) -> list[tuple[str, str, str]]:
    """(column in the file, local column, parent table) of each reference the file carries."""
    fks = FOREIGN_KEYS.get(name, {})
    return [(c, c[:-5] + "_id", fks[c[:-5] + "_id"]) for c in columns if c.endswith("_uuid") and c[:-5] + "_id" in fks]


def _check_references(conn: sqlite3.Connection, name: str, columns: list[str], path: Path, code: str) -> None:
    """Every reference of a record to be written must name a record of this commune: one at the
    office already or one in this file (new records first, then updated ones, column by column)."""
    for action in ("insert", "update"):
        for column, _local, parent in _references(name, columns):
            unresolved = conn.execute(
                f"SELECT 1 FROM st.p_{name} p JOIN st.s_{name} s ON s.rowid = p.srow "
                f'WHERE p.action = ? AND s."{column}" IS NOT NULL '
                f'AND NOT EXISTS (SELECT 1 FROM main.{parent} r WHERE r.uuid = s."{column}" AND r.commune_code = ?) '
                f'AND NOT EXISTS (SELECT 1 FROM st.s_{parent} q WHERE q.uuid = s."{column}") LIMIT 1',
                (action, code)).fetchone()
            if unresolved:
                raise refuse(path, tr("bảng {table} trỏ tới bản ghi không có trong tệp ({col}).", table=name, col=column))


def _write_table(conn: sqlite3.Connection, name: str, columns: list[str], code: str, plan: _Plan) -> None:
    """Insert and update one table's records from the staging file (references checked by _stage)."""
    references = {c: (local, parent) for c, local, parent in _references(name, columns)}
    targets, values = [], []
    for c in columns:
        if c == "deprivations":
            continue
        if c in references:
            local, parent = references[c]
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


def _apply(db: Database, verified: fmt.VerifiedFile, staged: staging.Staged, plan: _Plan,
           bind_via: str | None, bound: Callable[[], None]) -> None:
    """Write the file's records in one transaction; `bound` is called once the signer's key is
    bound (the next file's signer can then be judged: see _merge_one)."""
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
                conn.execute("UPDATE enrolments SET used_at = ? WHERE commune_code = ?", (utc_now(), code))
            bound()
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
        for name, uuid, commune, rev, incoming, current, now in plan.conflicts:
            versions = sorted([(incoming["device_id"], incoming), (current["device_id"], current)], key=lambda p: p[0])
            conn.execute(
                "INSERT OR IGNORE INTO sync_conflicts (table_name, record_uuid, commune_code, revision, device_a, device_b, "
                "version_a, version_b, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (name, uuid, commune, rev, versions[0][0], versions[1][0],
                 json.dumps(versions[0][1], ensure_ascii=False, default=str),
                 json.dumps(versions[1][1], ensure_ascii=False, default=str), now))
        conn.execute(f"INSERT OR IGNORE INTO main.audit_log ({', '.join(AUDIT_COLUMNS)}) "
                     f"SELECT {', '.join(AUDIT_COLUMNS)} FROM st.s_audit ORDER BY rowid")
        conn.execute(
            "INSERT INTO received_files (sha256, file_name, commune_code, device_id, sequence, created_at, received_at, summary) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (verified.sha256, path.name, code, manifest["device_id"], manifest["sequence"], manifest["created_at"],
             utc_now(), json.dumps(plan.summary, sort_keys=True)))
        refresh_search(conn, optimize=False)  # the list's summaries and search documents; merged once per batch
        detect_duplicates(conn, code, changed_members)


def _merge_one(batch: _Batch, n: int, path: Path, ahead: _Ahead | None, *, dry_run: bool,
               staged: Callable[[], None]) -> FileResult:
    db = batch.db
    verified = ahead.verified if ahead is not None and ahead.verified is not None else fmt.read_verified(path)
    manifest = verified.manifest
    result = FileResult(path, DRY_RUN if dry_run else APPLIED, commune_code=verified.commune_code,
                        sequence=manifest["sequence"])
    decision, via = authorise(db, verified, batch.trust_new)
    if decision == "held":
        result.status = HELD
        result.message = hold(db, verified) if not dry_run else tr(
            "tệp được ký bằng khóa khác với khóa đã công nhận ({fp}); sẽ bị tạm giữ.", fp=fingerprint(verified.signer_key))
        return result
    seen = batch.seen(verified)
    prepared = batch.staged(n, verified, ahead, seen)
    if prepared.failure is not None:
        raise FileRefused(prepared.failure)
    if via is None:  # this file binds no key, so the next file's signer is judged the same now as later
        staged()  # the helper may start on the next file while this one is applied
    db.conn.execute("ATTACH DATABASE ? AS st", (prepared.target,))
    try:
        db.conn.execute("PRAGMA st.journal_mode = OFF")
        db.conn.execute("PRAGMA st.synchronous = OFF")
        try:
            plan = _stage(db.conn, path, verified.commune_code, prepared)
        except sqlite3.OperationalError as exc:  # the staging file's disk is full
            raise FileRefused(staging.temporary_file_failure(path, exc)) from None
        result.summary = plan.summary
        if seen:
            result.status = ALREADY
            result.message = tr("tệp này đã được gộp trước đó; không có gì thay đổi.")
        elif not dry_run:
            try:
                _apply(db, verified, prepared, plan, via, staged)
            except (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError, OverflowError) as exc:
                raise refuse(path, tr("dữ liệu vi phạm ràng buộc ({error}); không áp dụng gì.", error=exc)) from None
    finally:
        db.conn.execute("DETACH DATABASE st")
        with contextlib.suppress(OSError):  # still open elsewhere (an antivirus): the folder goes later
            Path(prepared.target).unlink(missing_ok=True)
    return result
