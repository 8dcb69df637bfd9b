"""Backups: a checked copy of a live database, and restoring one in place without losing either.

`backup`: SQLite's integrity check runs on the database first — a damaged database is refused,
since its copy would be damaged too and `restore` would refuse it on the day it is needed — then
SQLite's online backup (consistent while the app is in use) fills a private temporary file
beside the target, the copy passes the integrity check itself, and only then takes its name,
never over an existing file. A failed copy is removed.

`restore`: the backup is checked whole in a private copy beside the database (integrity, a Sổ
Giảm Nghèo database, not from a newer version; an older one is upgraded there). A backup of
another unit (another commune, an office) is refused unless forced with a reason, which is
recorded in the restored database (`restore_log`). The database must not be open in another
window or program: SQLite's exclusive lock on it proves that, and is held until the swap, so no
one opens it meanwhile. The current database is copied first, under that lock, to a safety copy
`<name>.truoc-khoi-phuc-<time>[-N].db` — a name no file has, created exclusively, checked
complete — and only then replaced. Files are private to the user (files.py).

A restored database takes a new device id at its next start (db._ensure_device), so a
(device, revision) pair never repeats after a restore.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import getpass
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from desktop.core import files, storage
from desktop.core.db import Database, _looks_like_sqlite, open_database, utc_now
from desktop.core.errors import Refusal
from desktop.core.i18n import tr

# How long a restore waits for another program's transaction to end before it calls the
# database in use (an open window that is not writing holds it for as long as it is open).
LOCK_WAIT = 2.0
RESTORE_LOG = "restore_log"  # settings key: the restores that made this database, as JSON
_BUSY = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED


def _now() -> dt.datetime:
    """The local time that names a safety copy (a test stops the clock here)."""
    return dt.datetime.now()


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _first_problem(conn: sqlite3.Connection, pragma: str = "integrity_check") -> str:
    """'ok', or the first thing SQLite's integrity check (or quick check) finds wrong."""
    try:
        row = conn.execute(f"PRAGMA {pragma}(1)").fetchone()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    # SQLite's heading for the main file says nothing to a reader; its lines become one.
    lines = [line for line in str(row[0] if row else "?").splitlines() if line != "*** in database main ***"]
    return "; ".join(lines) or "?"


def _copy(conn: sqlite3.Connection, target: Path) -> None:
    """SQLite's online backup of `conn` into the empty private file `target`, left in rollback
    mode: a file that stands alone, with no -wal beside it (the app turns WAL on when it opens it)."""
    dest = sqlite3.connect(str(target), isolation_level=None)
    try:
        conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()


def backup(db: Database, out: Path) -> Path:
    out = Path(out)
    if files.exists(out):
        raise Refusal(tr("Tệp {path} đã có; không ghi đè. Hãy chọn tên tệp khác.", path=out))
    problem = _first_problem(db.conn)
    if problem != "ok":
        raise Refusal(tr("Cơ sở dữ liệu {path} bị hỏng (SQLite báo: {problem}); không sao lưu, vì bản sao lưu sẽ hỏng "
                         "theo và không khôi phục được. Hãy chạy lệnh giamngheo check để xem chi tiết, rồi khôi phục "
                         "từ một bản sao lưu tốt hoặc nhờ hỗ trợ kỹ thuật.", path=db.path, problem=problem))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = files.scratch_beside(out)
    except OSError as exc:
        raise _write_failed(out, exc) from exc
    try:
        _copy(db.conn, tmp)
        with contextlib.closing(_read_only(tmp)) as copy:
            problem = _first_problem(copy)
        if problem != "ok":
            raise Refusal(tr("Bản sao vừa ghi vào {path} đọc lại không nguyên vẹn ({problem}); đã xóa bản sao đó. Ổ đĩa "
                             "có thể bị lỗi; hãy sao lưu vào nơi khác.", path=out, problem=problem))
        files.place_new(tmp, out)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise _write_failed(out, exc) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out


def _write_failed(out: Path, exc: Exception) -> Refusal:
    error = storage.os_reason(exc) if isinstance(exc, OSError) else exc
    return Refusal(tr("Không ghi được bản sao lưu {path} ({error}); không có tệp sao lưu nào được tạo. Hãy kiểm tra "
                      "chỗ trống và quyền ghi của ổ đĩa, hoặc chọn nơi khác.", path=out, error=error))


def restore(source: Path, target: Path, *, force_reason: str | None = None) -> Path | None:
    """Replace `target` with a checked copy of `source`; returns the safety copy of the old
    target (None when there was none). `force_reason` lets a backup of another unit replace it."""
    source, target = Path(source), Path(target)
    _check_backup_file(source)
    try:
        return _restore(source, target, force_reason)
    except (OSError, sqlite3.Error) as exc:
        if isinstance(exc, PermissionError) and os.name == "nt":  # the file is open elsewhere
            raise _in_use(target) from exc
        error = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise Refusal(tr("Không khôi phục được {path} ({error}); dữ liệu hiện tại giữ nguyên. Hãy kiểm tra chỗ trống "
                         "và quyền ghi của ổ đĩa rồi làm lại.", path=target, error=error)) from exc


def _restore(source: Path, target: Path, force_reason: str | None) -> Path | None:
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = files.scratch_beside(target, f"{os.getpid()}.restore.tmp")  # two restores never share it
    try:
        with contextlib.closing(_read_only(source)) as src:
            _copy(src, staged)
        restored = _prepare(staged)  # refuses a newer or foreign database; upgrades an older one
        replaced = _unit(target)
        forced = _judge_unit(source, restored, replaced, force_reason)
        lock = _lock(target)
        try:
            saved = _safety_copy(target, lock) if files.exists(target) else None
            try:
                _record(staged, source, restored, replaced, saved, forced, force_reason)
                if lock is not None and os.name == "nt":  # Windows replaces no file that is open
                    lock.close()
                # Elsewhere the lock is held through the swap: no one opens the old file meanwhile.
                os.replace(staged, target)
            except BaseException:
                if saved is not None:  # the database is still the old one: its copy is not needed
                    for side in ("", "-wal"):
                        Path(f"{saved}{side}").unlink(missing_ok=True)
                raise
        finally:
            if lock is not None:
                lock.close()
    except BaseException:
        for side in ("", "-wal", "-shm", "-journal"):
            Path(f"{staged}{side}").unlink(missing_ok=True)
        raise
    return saved


def _check_backup_file(source: Path) -> None:
    if not source.is_file() or not _looks_like_sqlite(source):
        raise Refusal(tr("Tệp {path} không phải bản sao lưu của Sổ Giảm Nghèo.", path=source))
    try:
        with contextlib.closing(_read_only(source)) as probe:
            if probe.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise Refusal(tr("Tệp sao lưu {path} bị hỏng; không khôi phục.", path=source))
    except sqlite3.DatabaseError as exc:
        raise Refusal(tr("Tệp {path} không phải bản sao lưu của Sổ Giảm Nghèo.", path=source)) from exc


def _prepare(staged: Path) -> tuple[str, str, str]:
    """Open the staged copy as the app will (refusing what it cannot open, upgrading an older
    one); returns its unit. The upgrade's own safety copy is of the backup, which the user still
    has: it is not left beside the database."""
    db = open_database(staged)
    try:
        ident = db.identity
    finally:
        db.close()
    for extra in staged.parent.glob(f"{staged.stem}.truoc-nang-cap-*"):
        extra.unlink(missing_ok=True)
    return ident.kind, ident.unit_code, ident.unit_name


def _unit(path: Path) -> tuple[str, str, str] | None:
    """(kind, unit code, unit name) of a database file, read without opening it for writing."""
    if not path.is_file():
        return None
    try:
        with contextlib.closing(_read_only(path)) as conn:
            row = conn.execute("SELECT kind, unit_code, unit_name FROM identity WHERE id = 1").fetchone()
    except sqlite3.DatabaseError:
        return None
    return (str(row[0]), str(row[1]), str(row[2])) if row else None


def _judge_unit(source: Path, theirs: tuple[str, str, str], mine: tuple[str, str, str] | None,
                force_reason: str | None) -> bool:
    """A backup of another commune (or of an office) never silently replaces this one's data:
    refused, unless forced with a reason. Returns whether the restore is forced."""
    if mine is None or mine[:2] == theirs[:2]:
        return False
    if force_reason and force_reason.strip():
        return True
    raise Refusal(tr("Tệp sao lưu {path} là dữ liệu của {other} ({other_code}), không phải của {name} ({code}); "
                     "không khôi phục. Hãy chọn bản sao lưu của chính đơn vị này. Nếu thật sự cần thay bằng dữ liệu "
                     "của đơn vị kia, hãy khôi phục bắt buộc và ghi rõ lý do (lệnh: restore TỆP --force --reason "
                     "\"lý do\"); lý do được ghi lại.", path=source.name,
                     other=theirs[2], other_code=theirs[1], name=mine[2], code=mine[1]))


def _in_use(target: Path) -> Refusal:
    return Refusal(tr("Cơ sở dữ liệu {path} đang được mở trong một cửa sổ hoặc chương trình khác (có thể là một cửa sổ "
                      "Sổ Giảm Nghèo khác). Hãy đóng cửa sổ hoặc chương trình đó trước, rồi khôi phục lại; chưa có gì "
                      "thay đổi.", path=target))


def _lock(target: Path) -> sqlite3.Connection | None:
    """SQLite's exclusive lock on the database, held by the returned connection until it closes:
    no other connection may read or write meanwhile. A database open elsewhere (a window or a
    program, writing or not: in WAL mode every open connection holds a shared lock) is refused as
    in use. Leaving WAL for rollback mode needs every other connection gone, and writes the log
    into the database file first; the app turns WAL on again when it opens a database.

    None when the file is no database SQLite can lock (damaged beyond its header, or not there):
    no program can be using it either, and it is copied byte for byte."""
    if not target.is_file():
        return None
    # A connection this process no longer references still holds its lock until the cycle
    # collector frees it (a sqlite3 connection sits in a reference cycle with its statement cache).
    gc.collect()
    try:
        conn = sqlite3.connect(str(target), isolation_level=None, timeout=LOCK_WAIT, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise _in_use(target)
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")  # the lock stays: locking_mode is EXCLUSIVE
        return conn
    except sqlite3.DatabaseError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF in _BUSY:
            raise _in_use(target) from None
        return None
    except BaseException:
        conn.close()
        raise


def _safety_name(target: Path, n: int, stamp: str) -> Path:
    return target.with_name(f"{target.stem}.truoc-khoi-phuc-{stamp}{f'-{n}' if n > 1 else ''}{target.suffix}")


def _new_safety_copy(target: Path) -> Path:
    """A new, empty, private file for the safety copy: a name that no file, and no file's -wal or
    -journal, has (an existing copy is never overwritten, a stray log never joins a new copy)."""
    stamp = _now().strftime("%Y%m%d-%H%M%S")
    for n in range(1, 10_000):
        name = _safety_name(target, n, stamp)
        if any(files.exists(Path(f"{name}{side}")) for side in ("-wal", "-journal", "-shm")):
            continue
        try:
            return files.new_private(name)
        except FileExistsError:
            continue
    raise Refusal(tr("Không đặt được tên cho bản an toàn của {path}; chưa khôi phục.", path=target))


def _safety_copy(target: Path, lock: sqlite3.Connection | None) -> Path:
    """Copy the current database aside, under the lock, and make sure the copy is complete
    before anything replaces it. A database SQLite cannot read is copied byte for byte (its
    -wal too). No -wal or -journal is then left at the database's name: the restored file must
    not take up another file's log."""
    saved = _new_safety_copy(target)
    try:
        if lock is not None:
            _copy(lock, saved)
            _check_safety_copy(target, lock, saved)
            for side in ("-wal", "-journal"):
                if files.exists(Path(f"{target}{side}")):  # cannot be, the lock taken: refuse rather than guess
                    raise _in_use(target)
        else:
            saved.unlink()
            files.copy_new(target, saved)
            wal = Path(f"{target}-wal")
            if wal.is_file():
                files.copy_new(wal, Path(f"{saved}-wal"))
            for side in ("-wal", "-shm", "-journal"):
                Path(f"{target}{side}").unlink(missing_ok=True)
    except OSError as exc:
        for side in ("", "-wal"):
            Path(f"{saved}{side}").unlink(missing_ok=True)
        raise Refusal(tr("Không tạo được bản an toàn của cơ sở dữ liệu hiện tại {path} ({error}); chưa khôi phục, dữ "
                         "liệu hiện tại giữ nguyên. Hãy kiểm tra chỗ trống trên ổ đĩa rồi làm lại.",
                         path=target, error=exc.strerror or exc)) from exc
    except BaseException:
        for side in ("", "-wal"):
            Path(f"{saved}{side}").unlink(missing_ok=True)
        raise
    return saved


def _check_safety_copy(target: Path, lock: sqlite3.Connection, saved: Path) -> None:
    """The safety copy has every page of the database and reads as well as it does (a damaged
    database — often why one restores — gives a copy damaged alike, which is still its copy)."""
    with contextlib.closing(_read_only(saved)) as copy:
        pages = copy.execute("PRAGMA page_count").fetchone()[0]
        problem = _first_problem(copy, "quick_check")
    whole = pages == lock.execute("PRAGMA page_count").fetchone()[0]
    if not whole or (problem != "ok" and _first_problem(lock, "quick_check") == "ok"):
        raise Refusal(tr("Bản an toàn của cơ sở dữ liệu hiện tại ({path}) không trọn vẹn; chưa khôi phục, dữ liệu hiện "
                         "tại giữ nguyên. Hãy kiểm tra ổ đĩa rồi làm lại.", path=saved.name))


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some Windows setups
        return "?"


def _record(staged: Path, source: Path, restored: tuple[str, str, str], replaced: tuple[str, str, str] | None,
            saved: Path | None, forced: bool, reason: str | None) -> None:
    """Write into the restored database how it got here (appended to settings' `restore_log`):
    when, from which file, by whom, what it replaced and where the old one was kept, and, for a
    forced restore, the reason given."""
    entry: dict[str, Any] = {
        "at": utc_now(), "user": _login(), "source": str(source.resolve()), "saved_copy": saved.name if saved else "",
        "replaced": {"kind": replaced[0], "unit_code": replaced[1], "unit_name": replaced[2]} if replaced else None,
        "restored": {"kind": restored[0], "unit_code": restored[1], "unit_name": restored[2]},
        "forced": forced, "reason": (reason or "").strip(),
    }
    conn = sqlite3.connect(str(staged), isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (RESTORE_LOG,)).fetchone()
        log = json.loads(row[0]) if row else []
        log.append(entry)
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
                     "excluded.value", (RESTORE_LOG, json.dumps(log, ensure_ascii=False)))
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = DELETE")  # no -wal to leave behind at the temporary name
    finally:
        conn.close()


def restore_log(db: Database) -> list[dict[str, Any]]:
    """The restores that made this database, oldest first (see `_record`)."""
    value = db.setting(RESTORE_LOG)
    return json.loads(value) if value else []
