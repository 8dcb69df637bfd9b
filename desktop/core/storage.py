"""Bad luck with the disk, in words a commune official can act on: one place for every front end.

A database locked by another program, a read-only copy (a CD, a write-protected USB stick, a file
without write permission), a folder the app may not write into, a full disk, a damaged file, a
name too long: SQLite and the operating system report them as `sqlite3.OperationalError`,
`sqlite3.DatabaseError` or `OSError` with an errno, in English. `refusal(error, path)` turns one
into a `StorageRefusal` — a `Refusal` whose message says what happened and what to do, in the
interface language — or returns None for anything else (a bug, which keeps its traceback). The
command line, the GUI (`desktop.ui`, which never imports sqlite3 to catch these) and the office's
merge all go through it; `db.Database.transaction` applies it to every write.

The same module decides how a database is opened when it cannot be written (`write_access`,
`read_only_uri`), and finds the backups a damaged database can be restored from (`find_backups`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.errors import Refusal
from desktop.core.formats import decimal
from desktop.core.i18n import tr

# How long a write waits for another program to finish with the database before it is refused.
# SQLite retries for this long; the app's own short writes (a form's save, the list's index) take
# milliseconds, so a wait this long means another program (or window) holds the file.
LOCK_WAIT_SECONDS = 4.0

SQLITE_MAGIC = b"SQLite format 3\x00"

# What went wrong (StorageRefusal.kind).
LOCKED = "locked"                  # another program is writing
READ_ONLY = "read_only"            # the file may not be written (permissions, read-only attribute)
READ_ONLY_MEDIUM = "read_only_medium"  # the whole disk is read-only (a CD, a write-protected stick)
FOLDER_READ_ONLY = "folder_read_only"  # the file is fine, its folder may not be written into
NO_ACCESS = "no_access"            # the file may not even be read
FULL = "full"                      # no room left on the disk
IO = "io"                          # the disk failed (a stick pulled out, a bad sector)
CORRUPT = "corrupt"                # the file is damaged
NOT_DATABASE = "not_database"      # not a database of this app (or empty)
NAME_TOO_LONG = "name_too_long"
MISSING = "missing"                # the file or its folder is gone
OLD_READ_ONLY = "old_read_only"    # an older version's database on a read-only disk: cannot be upgraded
WRITES = (READ_ONLY, READ_ONLY_MEDIUM, FOLDER_READ_ONLY)


class StorageRefusal(Refusal):
    """A refusal caused by the storage, not by the input: `kind` says which (the GUI picks its
    dialog by it); `backups` lists where a damaged database can be restored from."""

    def __init__(self, message: str, kind: str, path: Path | None = None, backups: list[Backup] | None = None):
        super().__init__(message)
        self.kind = kind
        self.path = path
        self.backups = list(backups or [])


@dataclass(frozen=True)
class Backup:
    """A copy of a database found on this computer: a backup, or the copy kept before an upgrade
    or a restore."""

    path: Path
    modified: dt.datetime
    unit: str = ""  # "Xã Quài Nưa (03274)", when it could be read

    def describe(self) -> str:
        when = self.modified.strftime("%d/%m/%Y %H:%M")
        return f"{self.path} ({when}{', ' + self.unit if self.unit else ''})"


@dataclass
class Damage:
    """What SQLite's integrity check says about a damaged file, and where it can be restored from."""

    lines: list[str] = field(default_factory=list)
    backups: list[Backup] = field(default_factory=list)


# -- what kind of bad luck ---------------------------------------------------------------------


_SQLITE_TEXTS = (  # for errors without a code (raised by hand, older Pythons)
    ("database is locked", LOCKED), ("database table is locked", LOCKED), ("database schema is locked", LOCKED),
    ("readonly database", READ_ONLY), ("read-only", READ_ONLY), ("disk is full", FULL),
    ("disk i/o error", IO), ("file is not a database", NOT_DATABASE), ("malformed", CORRUPT),
    ("unable to open database file", MISSING),
)


def kind_of(error: BaseException) -> str | None:
    """The kind of storage trouble `error` reports, or None when it is something else."""
    if isinstance(error, StorageRefusal):
        return error.kind
    if isinstance(error, sqlite3.Error):
        name = getattr(error, "sqlite_errorname", "") or ""
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return LOCKED
        if name == "SQLITE_READONLY_DIRECTORY":
            return FOLDER_READ_ONLY
        if name.startswith("SQLITE_READONLY"):
            return READ_ONLY
        if name == "SQLITE_FULL":
            return FULL
        if name.startswith("SQLITE_IOERR"):
            return IO
        if name == "SQLITE_NOTADB":
            return NOT_DATABASE
        if name.startswith("SQLITE_CORRUPT"):
            return CORRUPT
        if name.startswith("SQLITE_CANTOPEN"):
            return MISSING
        if name:  # another code (a constraint, a syntax error, "malformed JSON"): not the storage
            return None
        text = str(error).lower()
        return next((kind for words, kind in _SQLITE_TEXTS if words in text), None)
    if isinstance(error, OSError):
        code = error.errno
        if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return FULL
        if code == errno.EROFS:
            return READ_ONLY_MEDIUM
        if code in (errno.EACCES, errno.EPERM):
            return NO_ACCESS
        if code == errno.ENAMETOOLONG or getattr(error, "winerror", None) == 206:
            return NAME_TOO_LONG
        if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.ENOTDIR):
            return MISSING
        if code == errno.EIO:
            return IO
        if getattr(error, "winerror", None) in (32, 33):  # in use (sharing or lock violation)
            return LOCKED
        return None
    return None


def os_reason(error: OSError) -> str:
    """Why the operating system refused to write, as a clause a commune official can act on."""
    code = error.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return tr("ổ đĩa đã đầy; hãy xóa bớt tệp hoặc dùng USB khác")
    if code == errno.EROFS:
        return tr("ổ đĩa chỉ cho đọc (USB có thể đang gạt khóa chống ghi)")
    if code in (errno.EACCES, errno.EPERM):
        return tr("không có quyền ghi vào đây (thư mục hoặc USB bị khóa ghi); hãy chọn thư mục khác")
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        return tr("không tìm thấy thư mục hoặc ổ đĩa (USB có thể đã bị rút ra)")
    if code == errno.EIO:
        return tr("lỗi đọc ghi ổ đĩa (USB có thể bị hỏng hoặc đã bị rút ra)")
    if code in (errno.EEXIST, errno.ENOTDIR):
        return tr("đường dẫn là một tệp, không phải thư mục")
    if code == errno.ENAMETOOLONG:
        return tr("đường dẫn quá dài; hãy chọn thư mục ngắn hơn")
    return tr("lỗi của hệ thống: {error}", error=error.strerror or error)


# -- messages ------------------------------------------------------------------------------------


def size_text(n_bytes: int) -> str:
    """A size as people read it: 850 KB, 12,5 MB, 1,2 GB."""
    if n_bytes < 1024 * 1024:
        return f"{max(1, round(n_bytes / 1024))} KB"
    if n_bytes < 1024 ** 3:
        return f"{decimal(n_bytes / 1024 ** 2)} MB"
    return f"{decimal(n_bytes / 1024 ** 3)} GB"


def free_space(path: Path) -> int | None:
    """Bytes free on the disk holding `path` (its nearest existing folder), or None."""
    folder = Path(path)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder if folder.is_dir() else folder.parent).free
    except OSError:
        return None


def locked_message(path: Path) -> str:
    return tr("Một chương trình khác đang dùng cơ sở dữ liệu {path} (có thể là một cửa sổ Sổ Giảm Nghèo khác hoặc "
              "một lệnh đang chạy). Hãy đóng chương trình đó rồi thử lại; chưa có gì thay đổi.", path=path)


def read_only_message(path: Path, kind: str) -> str:
    """Why a database opened read-only cannot be changed, and what to do about it."""
    if kind == FOLDER_READ_ONLY:
        return tr("Không ghi được vào thư mục {folder} chứa cơ sở dữ liệu (không có quyền ghi vào thư mục); tệp "
                  "{name} không bị hỏng. Phần mềm chỉ mở để xem. Để sửa dữ liệu: chép tệp sang một thư mục của "
                  "bạn (ví dụ Tài liệu) rồi mở tệp đó.", folder=path.parent, name=path.name)
    if kind == READ_ONLY_MEDIUM:
        return tr("Tệp chỉ đọc: {path} nằm trên ổ đĩa chỉ cho đọc (đĩa CD, USB đang gạt khóa chống ghi). Phần mềm "
                  "chỉ mở để xem. Để sửa dữ liệu: chép tệp vào máy hoặc bỏ khóa chống ghi của USB, rồi mở lại.",
                  path=path)
    return tr("Tệp chỉ đọc: không có quyền ghi vào {path} (tệp bị đặt thuộc tính chỉ đọc, hoặc chép từ đĩa CD). "
              "Phần mềm chỉ mở để xem. Để sửa dữ liệu: chép tệp vào máy hoặc bỏ thuộc tính chỉ đọc của tệp, rồi "
              "mở lại.", path=path)


def not_database_message(path: Path) -> str:
    if path.is_dir():
        return tr("{path} là một thư mục, không phải tệp cơ sở dữ liệu. Hãy chọn tệp .db trong thư mục đó.", path=path)
    return tr("Tệp {path} không phải cơ sở dữ liệu của Sổ Giảm Nghèo.", path=path)


def full_message(path: Path) -> str:
    free = free_space(path)
    return tr("Ổ đĩa chứa {path} đã đầy (còn trống {free}). Hãy xóa bớt tệp không cần hoặc chuyển cơ sở dữ liệu sang "
              "ổ khác rồi thử lại; chưa có gì thay đổi.", path=path, free=size_text(free) if free is not None else "?")


def corrupt_message(path: Path, backups: list[Backup]) -> str:
    """One line: the file is damaged, restore it from the newest backup (named), how many others."""
    head = tr("Tệp {path} bị hỏng (SQLite không đọc được một phần dữ liệu); đừng ghi thêm vào tệp này.", path=path)
    if not backups:
        return head + " " + tr("Không tìm thấy bản sao lưu nào trong thư mục của tệp; hãy khôi phục từ bản sao lưu "
                               "gần nhất bạn có (USB, thư mục khác) bằng lệnh restore hoặc trong phần mềm.")
    newest = backups[0]
    text = head + " " + tr("Hãy khôi phục từ bản sao lưu gần nhất: {backup}.", backup=newest.describe())
    if len(backups) > 1:
        text += " " + tr("Các bản sao lưu khác: {others}.", others="; ".join(b.path.name for b in backups[1:4])
                         + ("; …" if len(backups) > 4 else ""))
    return text


def _message(kind: str, path: Path | None, error: BaseException) -> str:
    named = getattr(error, "filename", None)
    if path is None and not named and kind in _UNNAMED:  # a job that did not say which file it used
        return _UNNAMED[kind]()
    where = path if path is not None else Path(named or "?")
    if kind == LOCKED:
        return locked_message(where)
    if kind in WRITES:
        return read_only_message(where, kind)
    if kind == NO_ACCESS:
        target = Path(getattr(error, "filename", None) or where)
        return tr("Không có quyền ghi hoặc đọc {path}. Hãy chọn thư mục của bạn (ví dụ Tài liệu) hoặc nhờ người "
                  "quản trị máy cấp quyền; chưa có gì thay đổi.", path=target)
    if kind == FULL:
        return full_message(where)
    if kind == IO:
        return tr("Lỗi đọc ghi ổ đĩa khi dùng {path} (USB có thể đã bị rút ra, hoặc ổ đĩa bị lỗi). Hãy kiểm tra ổ đĩa "
                  "rồi thử lại.", path=where)
    if kind == NAME_TOO_LONG:
        name = getattr(error, "filename", None) or where
        return tr("Tên tệp hoặc đường dẫn quá dài ({length} ký tự): {path}. Hãy chọn tên tệp ngắn hơn hoặc một thư mục "
                  "gần gốc ổ đĩa hơn.", length=len(str(name)), path=_shortened(str(name)))
    if kind == MISSING:
        target = getattr(error, "filename", None) or where
        return tr("Không tìm thấy {path} (tệp, thư mục hoặc ổ đĩa; USB có thể đã bị rút ra).", path=target)
    if kind == NOT_DATABASE:
        return not_database_message(where)
    return corrupt_message(where, [])


_UNNAMED = {
    LOCKED: lambda: tr("Một chương trình khác đang dùng cơ sở dữ liệu (có thể là một cửa sổ Sổ Giảm Nghèo khác hoặc "
                       "một lệnh đang chạy). Hãy đóng chương trình đó rồi thử lại; chưa có gì thay đổi."),
    FULL: lambda: tr("Ổ đĩa chứa cơ sở dữ liệu đã đầy. Hãy xóa bớt tệp không cần rồi thử lại; chưa có gì thay đổi."),
    IO: lambda: tr("Lỗi đọc ghi ổ đĩa (USB có thể đã bị rút ra, hoặc ổ đĩa bị lỗi). Hãy kiểm tra ổ đĩa rồi thử lại."),
    CORRUPT: lambda: tr("Tệp cơ sở dữ liệu bị hỏng (SQLite không đọc được một phần dữ liệu). Hãy đóng phần mềm, mở lại "
                        "để xem cách khôi phục từ bản sao lưu."),
    NOT_DATABASE: lambda: tr("Tệp cơ sở dữ liệu bị hỏng (SQLite không đọc được một phần dữ liệu). Hãy đóng phần mềm, "
                             "mở lại để xem cách khôi phục từ bản sao lưu."),
}
for _kind in WRITES:
    _UNNAMED[_kind] = lambda: tr("Cơ sở dữ liệu đang mở chỉ để xem (tệp chỉ đọc); không ghi được thay đổi nào.")


def _shortened(text: str, keep: int = 60) -> str:
    return text if len(text) <= 2 * keep else f"{text[:keep]}…{text[-keep:]}"


def refusal(error: BaseException, path: Path | str | None = None) -> StorageRefusal | None:
    """`error` as a StorageRefusal about the database (or file) at `path`, or None when it is not
    about the storage (a bug: let it keep its traceback)."""
    if isinstance(error, StorageRefusal):
        return error
    kind = kind_of(error)
    if kind is None:
        return None
    where = Path(path) if path is not None else None
    named = getattr(error, "filename", None) if isinstance(error, OSError) else None
    if named and (where is None or not _same_file(Path(named), where)):
        return output_refusal(error, named)  # about another file than the database: one being written
    if where is not None and kind == NO_ACCESS and where.is_file():
        kind = write_access(where) or kind  # the database itself may not be written: say read-only
    if isinstance(error, sqlite3.Error) and where is not None:
        if where.is_dir():
            kind = NOT_DATABASE
        elif kind == MISSING:
            kind = _why_cannot_open(where)
        elif kind == NOT_DATABASE and _is_sqlite(where):  # a database whose first page is damaged
            kind = CORRUPT
    if kind == CORRUPT and where is not None:
        backups = find_backups(where)
        return StorageRefusal(corrupt_message(where, backups), kind, where, backups)
    return StorageRefusal(_message(kind, where, error), kind, where)


_ERRNO_OF = {FULL: errno.ENOSPC, READ_ONLY_MEDIUM: errno.EROFS, READ_ONLY: errno.EACCES,
             FOLDER_READ_ONLY: errno.EACCES, NO_ACCESS: errno.EACCES, IO: errno.EIO, MISSING: errno.ENOENT,
             NAME_TOO_LONG: errno.ENAMETOOLONG}


def output_reason(error: BaseException, target: Path | str) -> str | None:
    """Why a new file could not be written at `target`, as a clause (`os_reason`'s words), or None
    when `error` is not about the storage."""
    target = Path(target)
    kind = kind_of(error)
    if kind is None:
        return None
    if kind in (LOCKED, NAME_TOO_LONG):
        return _message(kind, target, error)
    if not isinstance(error, OSError):
        if kind == MISSING and target.parent.exists():  # SQLite could not make the file
            kind = folder_access(target.parent) or IO
        error = OSError(_ERRNO_OF.get(kind, errno.EIO), str(error))
    return os_reason(error)


def output_refusal(error: BaseException, target: Path | str) -> StorageRefusal | None:
    """`error` met while writing a new file at `target` (a backup, a package), not the database:
    a StorageRefusal naming that file and why, or None when it is not about the storage."""
    reason = output_reason(error, target)
    if reason is None:
        return None
    kind = kind_of(error) or IO
    if kind in (LOCKED, NAME_TOO_LONG):
        return StorageRefusal(reason, kind, Path(target))
    return StorageRefusal(tr("Không ghi được tệp {path}: {reason}. Chưa có gì thay đổi.", path=target, reason=reason),
                          kind, Path(target))


def _why_cannot_open(path: Path) -> str:
    """SQLite could not open a file that exists: its folder cannot take the journal, or the disk is gone."""
    if not path.parent.exists():
        return MISSING
    if path.is_dir():
        return NOT_DATABASE
    return folder_access(path.parent) or (MISSING if not path.exists() else IO)


# -- opening what cannot be written ----------------------------------------------------------------


def write_access(path: Path) -> str | None:
    """None when the file may be written (or does not exist yet); else why not (READ_ONLY,
    READ_ONLY_MEDIUM). Opens the file for writing and closes it, as SQLite would; writes nothing."""
    try:
        handle = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.EROFS:
            return READ_ONLY_MEDIUM
        if exc.errno in (errno.EACCES, errno.EPERM):
            return READ_ONLY
        if exc.errno == errno.EISDIR:
            return None
        raise
    os.close(handle)
    return None


def folder_access(folder: Path) -> str | None:
    """None when a file can be made in `folder`; else why not (FOLDER_READ_ONLY, READ_ONLY_MEDIUM).
    Makes a small file and removes it at once: asked only after SQLite could not make its own."""
    try:
        handle, probe = tempfile.mkstemp(prefix=".giamngheo-thu-ghi-", dir=folder)
    except OSError as exc:
        if exc.errno == errno.EROFS:
            return READ_ONLY_MEDIUM
        if exc.errno in (errno.EACCES, errno.EPERM):
            return FOLDER_READ_ONLY
        return None
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return None


def read_only_uri(path: Path, immutable: bool = False) -> str:
    """SQLite's URI to open `path` for reading only. `immutable` also tells SQLite that nobody
    writes the file (it then needs no lock files beside it: a CD, a folder it may not write)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def has_pending_log(path: Path) -> bool:
    """Whether the file's write-ahead log holds changes not yet in the file itself (a copy taken
    while the app was running): reading it as immutable would miss them."""
    wal = Path(f"{path}-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def pending_log_message(path: Path) -> str:
    return tr("Không mở được {path}: các thay đổi cuối cùng còn nằm trong tệp {wal} bên cạnh, mà thư mục này không "
              "cho ghi. Hãy chép cả hai tệp vào một thư mục của bạn trên máy rồi mở từ đó.",
              path=path, wal=f"{path.name}-wal")


# -- damage and the way out -------------------------------------------------------------------------


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _unit_of(path: Path) -> tuple[str, str] | None:
    """(unit name, code) of a database of this app, read without writing anything; None otherwise."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=0.5)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT unit_name, unit_code FROM identity WHERE id = 1").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return (str(row[0]), str(row[1])) if row else None


BACKUP_FOLDERS = ("sao-luu", "sao_luu", "saoluu", "backup", "backups", "Sao lưu")
MAX_CANDIDATES = 200


def find_backups(path: Path | str) -> list[Backup]:
    """Copies of the database at `path` found beside it (and in a backup folder beside it), newest
    first: `backup --out` files, the copies kept before an upgrade (`….truoc-nang-cap-v…`) or a
    restore (`….truoc-khoi-phuc-…`). A copy of another unit is left out when the damaged file
    still says which unit it is."""
    path = Path(path)
    folder = path.parent
    try:
        mine = _unit_of(path)
    except Exception:
        mine = None
    candidates: list[Path] = []
    for where in (folder, *(folder / name for name in BACKUP_FOLDERS)):
        try:
            candidates += [p for p in where.iterdir() if p.is_file()]
        except OSError:
            continue
        if len(candidates) > MAX_CANDIDATES:
            break
    found: list[Backup] = []
    for candidate in candidates[:MAX_CANDIDATES]:
        if candidate.name.endswith(("-wal", "-shm", "-journal")) or candidate.name.startswith(".") \
                or _same_file(candidate, path) or not _is_sqlite(candidate):
            continue
        unit = _unit_of(candidate)
        if unit is None or (mine is not None and unit[1] != mine[1]):
            continue
        found.append(Backup(candidate, dt.datetime.fromtimestamp(candidate.stat().st_mtime), f"{unit[0]} ({unit[1]})"))
    return sorted(found, key=lambda b: b.modified, reverse=True)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return a == b


def damage_report(path: Path, conn: sqlite3.Connection | None = None, limit: int = 100) -> list[str]:
    """What SQLite's integrity check finds in the file (at most `limit` lines), read without
    writing; empty when it finds nothing."""
    own = conn is None
    try:
        if conn is None:
            conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=LOCK_WAIT_SECONDS)
        rows = [line for r in conn.execute(f"PRAGMA integrity_check({int(limit)})") for line in str(r[0]).splitlines()]
    except sqlite3.Error as exc:
        return [tr("SQLite không đọc được tệp: {error}", error=exc)]
    finally:
        if own and conn is not None:
            conn.close()
    # SQLite's heading of its findings for the main file says nothing to a reader.
    return [] if rows == ["ok"] else [r for r in rows if r != "*** in database main ***"]


def damage(path: Path, conn: sqlite3.Connection | None = None) -> Damage:
    return Damage(damage_report(path, conn), find_backups(path))
