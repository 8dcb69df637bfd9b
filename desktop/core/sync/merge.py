"""The office's merge: verify → authorise the signer → validate and stage → apply in one transaction.

This module runs the batch: each file in its own transaction, the next file looked at (and staged
by the helper) while the previous one is applied. The steps live beside it: trust.py (the
signer), received.py (the file against the commune's files the office holds, and the gaps),
staging.py (decode and check into a staging file), plan.py (compare with the office), apply.py
(write), runtime.py (the helper, checkpoints, memory); duplicates across communes in
desktop/core/duplicates.py.

Convergence: every version a file brings is vouched for by its audit entries and placed by its
lineage (lineage.py, plan.py): a later version of the same line fast-forwards, an earlier one
changes nothing, and concurrent versions (a restored or copied database edited beside the
original) form the record's conflict set, whose highest (revision, device id) stays live. Both
depend only on which versions the office has seen, so any files, in any order, any number of
times, give the same records and the same conflicts; nothing an official saved is lost without
a trace.
"""

from __future__ import annotations

import contextlib
import gc
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core import storage
from desktop.core.db import Database
from desktop.core.errors import Refusal
from desktop.core.i18n import language, tr
from desktop.core.rules import rules_for
from desktop.core.search import optimize_search
from desktop.core.sync import format as fmt
from desktop.core.sync import lineage, received, staging
from desktop.core.sync.apply import apply
from desktop.core.sync.judge import Judging, known_versions
from desktop.core.sync.keys import box_key, fingerprint
from desktop.core.sync.plan import KINDS, stage
from desktop.core.sync.runtime import (
    BackgroundCheckpoints,
    helper,
    release_memory,
    remove_stale_work,
    without_cycle_collector,
    work_prefix,
)
from desktop.core.sync.staging import FileRefused, refuse, stage_file
from desktop.core.sync.trust import authorise, binding_note, hold

APPLIED, DRY_RUN, ALREADY, REFUSED, HELD, CANCELLED = "applied", "dry-run", "unchanged", "refused", "held", "cancelled"


@dataclass
class FileResult:
    path: Path
    status: str
    message: str = ""
    commune_code: str = ""
    sequence: int | None = None
    summary: dict[str, dict[str, int]] = field(default_factory=dict)
    staging_seconds: float = 0.0  # the helper's time on the file (decode, check, judge, stage)

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
                progress: Callable[[str], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> list[FileResult]:
    """Merge files one by one, each in its own transaction.

    Each file is verified and its signer authorised on this thread; then a helper (a process for
    large batches, else a thread) decrypts, parses and checks it and writes its records into a
    temporary staging file (staging.py), which this thread attaches and applies with set-based
    SQL. While this thread applies one file, the helper prepares the next (only once its signer
    is authorised: a file nobody vouches for is never decoded ahead), so the two cores of a modest
    laptop share the load and this thread never holds a payload. The helper never touches the
    database; its failures surface in file order. (A script calling this needs the usual
    `if __name__ == "__main__":` guard: the helper process imports the script's main module.)

    `cancelled` is asked before each file: once it says so, the files not begun are reported
    `cancelled` and nothing of them is written (a file is never stopped halfway: each is one
    transaction, whole or not at all).
    """
    if not db.identity.is_office:
        raise Refusal(tr("Chỉ cơ sở dữ liệu của văn phòng tổng hợp mới gộp được tệp đồng bộ."))
    if not dry_run:
        db.require_writable()  # a read-only copy: say so before any file is looked at
    files = [Path(p) for p in paths]
    results: list[FileResult] = []
    applied = 0
    checkpoints = BackgroundCheckpoints(db)
    remove_stale_work(db.path)
    # The staging files hold the decrypted records: they go beside the database (same disk, same
    # protection as the data itself), never to a shared temporary folder.
    work = tempfile.TemporaryDirectory(prefix=work_prefix(db.path), dir=db.path.parent, ignore_cleanup_errors=True)
    with without_cycle_collector(), work as workdir, helper(files) as pool, contextlib.closing(checkpoints):
        batch = _Batch(db, box_key(db.conn).encode(), staging.specs(db.conn), pool, trust_new, Path(workdir),
                       rule_documents=rules_for(db.conn).documents, files=files)
        for n, path in enumerate(files):
            if cancelled is not None and cancelled():
                results += [FileResult(p, CANCELLED, tr("chưa gộp: đã dừng theo yêu cầu; không có gì thay đổi."))
                            for p in files[n:]]
                break
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
            except OSError as exc:  # the file itself: a name too long, a stick pulled out
                refusal = storage.refusal(exc, path)
                if refusal is None:
                    raise
                results.append(FileResult(path, REFUSED, tr("Tệp {name} bị từ chối: {why}", name=path.name,
                                                            why=refusal.message)))
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
    tried: bool = False  # authorised (and, if trusted, handed to the helper) already


@dataclass
class _Batch:
    db: Database
    box_secret: bytes
    specs: dict[str, staging.Spec]
    pool: Executor
    trust_new: bool
    workdir: Path
    ahead: dict[int, _Ahead] = field(default_factory=dict)
    rule_documents: list[dict[str, Any]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def judging(self, verified: fmt.VerifiedFile) -> Judging:
        """What the helper judges the file's records by: the rules in force here, and the
        office's versions of the commune's records as they are now (see judge.py)."""
        return Judging(self.rule_documents, known_versions(self.db.conn, verified.commune_code))

    def target(self, n: int, again: bool = False) -> str:
        return str(self.workdir / f"{n}{'-again' if again else ''}.db")

    def look_ahead(self, files: list[Path], n: int) -> None:
        """Verify file n and, when its signer is already trusted, start staging it."""
        if n >= len(files):
            return
        entry = self.ahead.setdefault(n, _Ahead())
        if entry.tried:
            return
        entry.tried = True
        try:
            if entry.verified is None:
                entry.verified = fmt.read_verified(files[n])
            decision, _via = authorise(self.db, entry.verified, self.trust_new)  # reads only
        except Exception:  # a look ahead only: the file is judged again in its turn, which reports why
            return
        if decision != "held":
            with contextlib.suppress(BrokenProcessPool):  # a dead helper: the file is staged here in its turn
                seen = self.seen(entry.verified)
                entry.staging = self.pool.submit(stage_file, entry.verified, self.box_secret, self.specs,
                                                 self.target(n), language(), seen,
                                                 None if seen else self.judging(entry.verified))

    def next_is_another_communes(self, n: int, commune_code: str) -> bool:
        """Whether file n + 1 comes from another commune than `commune_code`: then the key that
        file n binds cannot change how its signer is judged, and it may be staged at once."""
        if n + 1 >= len(self.files):
            return False
        entry = self.ahead.setdefault(n + 1, _Ahead())
        if entry.verified is None:
            try:
                entry.verified = fmt.read_verified(self.files[n + 1])
            except Exception:  # judged in its turn, which reports why
                return False
        return entry.verified.commune_code != commune_code

    def seen(self, verified: fmt.VerifiedFile) -> bool:
        """Whether this signed file was merged before (it is then only compared, not applied)."""
        return received.seen(self.db.conn, verified)

    def staged(self, n: int, verified: fmt.VerifiedFile, ahead: _Ahead | None, seen: bool) -> staging.Staged:
        if ahead is not None and ahead.staging is not None:
            try:
                staged = ahead.staging.result()
                if seen or not staged.keys_only:
                    return staged
            except BrokenProcessPool:  # the helper process died (killed, out of memory): do it here
                pass
        return stage_file(verified, self.box_secret, self.specs, self.target(n, again=True), keys_only=seen,
                          judging=None if seen else self.judging(verified))


def _merge_one(batch: _Batch, n: int, path: Path, ahead: _Ahead | None, *, dry_run: bool,
               staged: Callable[[], None]) -> FileResult:
    verified = ahead.verified if ahead is not None and ahead.verified is not None else fmt.read_verified(path)
    try:
        return _merge_verified(batch, n, verified, ahead, dry_run=dry_run, staged=staged)
    except FileRefused as exc:
        if not dry_run:
            received.note_refusal(batch.db, verified, exc.message)  # told back in the commune's receipt
        raise


def _merge_verified(batch: _Batch, n: int, verified: fmt.VerifiedFile, ahead: _Ahead | None, *, dry_run: bool,
                    staged: Callable[[], None]) -> FileResult:
    db, path = batch.db, verified.path
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
    if not seen:
        try:
            received.check(db, verified)  # against the files of its commune this office holds
        except FileRefused:
            if ahead is not None and ahead.staging is not None:
                ahead.staging.cancel()  # staged ahead for nothing: unless it has started, it need not run
            raise
    prepared = batch.staged(n, verified, ahead, seen)
    if prepared.failure is not None:
        raise FileRefused(prepared.failure)
    # The helper may start on the next file while this one is planned and applied, when its signer
    # is judged the same now as later: this file binds no key, or the next is another commune's.
    if via is None or batch.next_is_another_communes(n, verified.commune_code):
        staged()
    db.conn.execute("ATTACH DATABASE ? AS st", (prepared.target,))
    try:
        db.conn.execute("PRAGMA st.journal_mode = OFF")
        db.conn.execute("PRAGMA st.synchronous = OFF")
        if not seen:
            lineage.check_heads(db.conn, path, verified.commune_code)  # a forked history changes nothing
            lineage.check_decisions(db.conn, path, verified.commune_code)
        try:
            plan = stage(db.conn, path, verified.commune_code, prepared)
        except sqlite3.OperationalError as exc:  # the staging file's disk is full
            raise FileRefused(staging.temporary_file_failure(path, exc)) from None
        result.summary = plan.summary
        result.staging_seconds = prepared.seconds
        if seen:
            result.status = ALREADY
            result.message = tr("tệp này đã được gộp trước đó; không có gì thay đổi.")
        elif not dry_run:
            if via == "trust_new":
                result.message = binding_note(verified)
            size = _size(prepared.target)
            try:
                apply(db, verified, prepared, plan, via, staged)
            except (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError, OverflowError) as exc:
                raise refuse(path, tr("dữ liệu vi phạm ràng buộc ({error}); không áp dụng gì.", error=exc)) from None
            except (storage.StorageRefusal, sqlite3.OperationalError) as exc:
                # The disk filled up while this file was written (at its commit, most likely): the
                # transaction took it all back, so only this file is refused; the next may fit.
                # Anything else (locked, read-only, a failing disk) would stop every file: the batch stops.
                if storage.kind_of(exc) != storage.FULL:
                    raise
                raise FileRefused(_disk_full(db, path, size)) from None
    finally:
        db.conn.execute("DETACH DATABASE st")
        with contextlib.suppress(OSError):  # still open elsewhere (an antivirus): the folder goes later
            Path(prepared.target).unlink(missing_ok=True)
    return result


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


# Merging a file grows the database by about its staged size, and the write-ahead log holds the
# changed pages until they are copied into the database: room for a few times the staged data.
ROOM_FACTOR = 3
MIN_ROOM = 8 * 1024 * 1024


def _disk_full(db: Database, path: Path, staged_size: int) -> str:
    free = storage.free_space(db.path)
    return tr("Tệp {name} chưa gộp được: ổ đĩa chứa cơ sở dữ liệu ({folder}) đã đầy khi ghi dữ liệu của tệp, nên không "
              "có gì của tệp được ghi. Cần khoảng {need} trống để gộp tệp này (hiện còn {free}). Hãy giải phóng chỗ "
              "trống rồi gộp lại tệp này; các tệp khác vẫn được gộp.", name=path.name, folder=db.path.parent,
              need=storage.size_text(max(ROOM_FACTOR * staged_size, MIN_ROOM)),
              free=storage.size_text(free) if free is not None else "?")
