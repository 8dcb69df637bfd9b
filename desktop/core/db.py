"""Opening, creating and upgrading a database file; the one connection the core writes through.

WAL mode and foreign keys are on; synchronous=FULL so that a power cut never loses a committed
transaction. A database made by a newer version of the app is refused; an older one is backed
up next to itself before its migrations run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import hashlib
import os
import secrets
import socket
import sqlite3
import time
import uuid as uuidlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nacl.public import PrivateKey
from nacl.signing import SigningKey
from sqlite_utils import Database as SUDatabase

from desktop import __version__
from desktop.core import files, storage
from desktop.core.errors import Refusal
from desktop.core.i18n import tr
from desktop.core.reference import Unit, office_levels, units
from desktop.core.schema import known_migration_names, migrations

SQLITE_MAGIC = b"SQLite format 3\x00"


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_uuid(unit_code: str | None = None) -> str:
    """A record's UUID: random, or, given the commune (unit) it belongs to, laid out for locality.

    With a unit code the UUID is RFC 9562 version 8: the code's five digits first (read as hex),
    then the time in hundredths of a second (40 bits, around the version nibble), then 62 random
    bits. Every index keyed by UUID (each table's own, the audit log's) then keeps one commune's
    records together, newest last, so merging a commune's file into a district database touches
    that commune's part of each index instead of every page of it; a commune's own database
    appends. Uniqueness rests on the random bits, as with version 4: 62 bits within one commune
    and one hundredth of a second. Nothing may read meaning from a UUID: older records have random
    (version 4) ones, and a file from another program may carry any.
    """
    if unit_code is None:
        return str(uuidlib.uuid4())
    prefix = int(unit_code.zfill(5), 16) if unit_code.isdigit() and len(unit_code) <= 5 else \
        int.from_bytes(hashlib.blake2b(unit_code.encode(), digest_size=3).digest()) >> 4
    ticks = time.time_ns() // 10_000_000 & (1 << 40) - 1
    value = (prefix << 108 | (ticks >> 12) << 80 | 0x8 << 76 | (ticks & 0xFFF) << 64
             | 0b10 << 62 | secrets.randbits(62))
    return str(uuidlib.UUID(int=value))


@dataclass(frozen=True)
class Identity:
    kind: str  # commune | office
    unit_code: str
    unit_name: str
    units_list: str
    parent_code: str
    parent_name: str
    device_id: str
    created_at: str

    @property
    def is_office(self) -> bool:
        return self.kind == "office"


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the database at `path`, foreign keys on, waiting a few seconds for a lock.

    A file this process may not write (a read-only copy, a CD, a folder it may not write into) is
    opened for reading only, with `PRAGMA query_only` on: code that would write can ask for it
    (`is_read_only`), and a write is refused by SQLite instead of half done.
    """
    return _open_connection(Path(path))[0]


def _set_up(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(storage.LOCK_WAIT_SECONDS * 1000)}")
    # 64 MB of page cache (the default is 2 MB): merges and large imports touch pages all over the
    # indexes (older records' UUIDs are random); a modest laptop spares this easily.
    conn.execute("PRAGMA cache_size = -65536")
    # After a large merge the write-ahead log is cut back to 64 MB when it restarts, rather than
    # keeping its largest size on the disk.
    conn.execute("PRAGMA journal_size_limit = 67108864")


def _first_read(conn: sqlite3.Connection) -> None:
    """Read the first page: where SQLite finds out whether it can use the file (and its WAL)."""
    conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()


def _tried(target: str, *, uri: bool = False, read: bool = True) -> sqlite3.Connection:
    """A connection that has read the file's first page (closed again if it could not)."""
    conn = sqlite3.connect(target, uri=uri, isolation_level=None, timeout=storage.LOCK_WAIT_SECONDS,
                           check_same_thread=False)
    try:
        if read:
            _first_read(conn)
        _set_up(conn)
    except BaseException:
        conn.close()
        raise
    return conn


# Why SQLite may fail to read a file it could open: it cannot make its lock files (-wal, -shm)
# beside it, or it may not write the file while its log needs writing.
_CANNOT_LOCK = (storage.FOLDER_READ_ONLY, storage.MISSING, storage.READ_ONLY)


def _open_connection(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """A connection and, when the file cannot be written, why (a storage kind): then it is open
    for reading only. SQLite itself would open a write-protected file read-only without saying so
    and fail at the first write; a folder it cannot make its lock files in fails even to read."""
    reason = storage.write_access(path)
    if reason is None:
        try:
            return _tried(str(path), read=path.exists()), None  # a new file (create_database): nothing to read
        except sqlite3.OperationalError as exc:
            if storage.kind_of(exc) not in _CANNOT_LOCK:
                raise
            reason = storage.folder_access(path.parent)
            if reason is None:
                raise
    return _open_read_only(path), reason


def _open_read_only(path: Path) -> sqlite3.Connection:
    """Read-only: first as SQLite normally reads a shared file (its WAL respected); when the
    folder cannot hold SQLite's lock files either, as an immutable file (nobody can write it)."""
    try:
        conn = _tried(storage.read_only_uri(path), uri=True)
    except sqlite3.OperationalError as exc:
        if storage.kind_of(exc) not in _CANNOT_LOCK:
            raise
        if storage.has_pending_log(path):
            raise storage.StorageRefusal(storage.pending_log_message(path), storage.FOLDER_READ_ONLY, path) from None
        conn = _tried(storage.read_only_uri(path, immutable=True), uri=True)
    conn.execute("PRAGMA query_only = ON")
    return conn


def is_read_only(conn: sqlite3.Connection) -> bool:
    """Whether this connection was opened for reading only (see `connect`)."""
    return bool(conn.execute("PRAGMA query_only").fetchone()[0])


def _configure(conn: sqlite3.Connection) -> None:
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":  # pragma: no cover - file systems without shared memory
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")


def _device_marker(path: Path) -> str:
    """Changes when the file is copied or restored elsewhere (new inode, path or machine)."""
    st = path.stat()
    raw = f"{path.resolve()}|{st.st_dev}|{st.st_ino}|{socket.gethostname()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


class Database:
    """An open database file with its identity."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: str | None = None):
        self.path = path
        self.conn = conn
        # Why the file cannot be written (storage.READ_ONLY, READ_ONLY_MEDIUM, FOLDER_READ_ONLY),
        # or None: then it is open for reading only and every write is refused with the reason.
        self.read_only = read_only
        self.identity = self._read_identity()

    def require_writable(self) -> None:
        """Refuse, saying why and what to do, when this database was opened for reading only."""
        if self.read_only:
            raise storage.StorageRefusal(storage.read_only_message(self.path, self.read_only), self.read_only, self.path)

    def _read_identity(self) -> Identity:
        row = self.conn.execute(
            "SELECT kind, unit_code, unit_name, units_list, parent_code, parent_name, device_id, "
            "created_at FROM identity WHERE id = 1"
        ).fetchone()
        if row is None:
            raise Refusal(tr("Tệp {path} chưa được khởi tạo (thiếu thông tin đơn vị).", path=self.path))
        return Identity(*row)

    def refresh_identity(self) -> None:
        self.identity = self._read_identity()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work; nested calls become savepoints."""
        if self.conn.in_transaction:
            name = f"sp_{uuidlib.uuid4().hex}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
        else:
            # A storage error (locked, read-only, disk full, damaged) leaves as a StorageRefusal
            # saying what to do; anything else as it is. Either way nothing stays half written.
            self.require_writable()
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                self._raise_storage(exc)
                raise
            try:
                yield self.conn
            except BaseException as exc:
                self._roll_back()
                if isinstance(exc, sqlite3.Error):
                    self._raise_storage(exc)
                raise
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:  # the disk filled up, or failed, as the changes were written
                self._roll_back()
                self._raise_storage(exc)
                raise

    def _roll_back(self) -> None:
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:  # SQLite rolled back by itself (a full disk, an I/O error)
                if self.conn.in_transaction:
                    raise

    def _raise_storage(self, error: sqlite3.Error) -> None:
        """Raise the StorageRefusal for `error` when it is about the storage; else return."""
        translated = storage.refusal(error, self.path)
        if translated is not None:
            raise translated from error

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def actor(self) -> str:
        return self.setting("operator_name") or _login_name()

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA optimize")
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no login name on some Windows setups
        return "?"


def _looks_like_sqlite(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == SQLITE_MAGIC


def _applied_names(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return []
    return [r[0] for r in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id", (migrations.name,)
    )]


def schema_version(conn: sqlite3.Connection) -> int:
    return len(_applied_names(conn))


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy a live database with SQLite's online backup (consistent even while in use) into a new
    private file: `target`, or `target` with -2, -3 … when that name is taken (never overwritten).
    Returns the copy's path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    candidate, n = target, 1
    while True:
        try:
            files.new_private(candidate)
            break
        except FileExistsError:
            n += 1
            candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
    target = candidate
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


def open_database(path: Path | str, *, upgrade: bool = True) -> Database:
    """Open an existing database: refuse a newer one, back up and upgrade an older one.

    A file that cannot be written is opened for reading only (`Database.read_only` says why) and
    changes nothing, not even its device marker. Storage trouble — locked, damaged, a disk gone —
    is a `storage.StorageRefusal` saying what to do.
    """
    path = Path(path)
    try:
        _refuse_what_is_not_a_database(path)
        conn, read_only = _open_connection(path)
    except (OSError, sqlite3.Error) as exc:
        raise storage.refusal(exc, path) or exc from None
    try:
        try:
            applied = _applied_names(conn)
            _first_read(conn)
        except sqlite3.Error as exc:
            raise storage.refusal(exc, path) or storage.StorageRefusal(
                storage.corrupt_message(path, storage.find_backups(path)), storage.CORRUPT, path) from None
        if not applied:
            raise Refusal(tr("Tệp {path} không phải cơ sở dữ liệu của Sổ Giảm Nghèo.", path=path))
        known = known_migration_names()
        unknown = [name for name in applied if name not in known]
        if unknown:
            raise Refusal(
                tr(
                    "Cơ sở dữ liệu {path} được tạo bởi phiên bản mới hơn của phần mềm (phiên bản dữ liệu {theirs}, "
                    "phần mềm này hiểu đến {ours}). Hãy cài phiên bản mới rồi mở lại; dữ liệu không bị thay đổi.",
                    path=path, theirs=len(applied), ours=len(known),
                )
            )
        pending = [name for name in known if name not in applied]
        if pending and upgrade and read_only:
            raise storage.StorageRefusal(tr(
                "Cơ sở dữ liệu {path} do phiên bản cũ của phần mềm tạo ra và cần được nâng cấp, nhưng tệp chỉ đọc "
                "nên không nâng cấp được. Hãy chép tệp vào máy (hoặc bỏ khóa chống ghi) rồi mở lại.", path=path),
                storage.OLD_READ_ONLY, path)
        if not read_only:
            _configure(conn)
        if pending and upgrade:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            backup_to(conn, path.with_name(f"{path.stem}.truoc-nang-cap-v{len(applied)}-{stamp}{path.suffix}"))
            migrations.apply(SUDatabase(conn))
        db = Database(path, conn, read_only)
        _ensure_device(db)
        if not read_only:
            # A merge killed midway left its staging folder (decrypted records) beside the
            # database: it goes as soon as the database is opened again, not at the next merge.
            # (Imported here: the sync package imports this module.)
            from desktop.core.sync.runtime import remove_stale_work

            with contextlib.suppress(OSError):
                remove_stale_work(path)
            files.make_private(path)  # a database made before files were private
        return db
    except BaseException as exc:
        conn.close()
        if isinstance(exc, (OSError, sqlite3.Error)):
            translated = storage.refusal(exc, path)
            if translated is not None:
                raise translated from exc
        raise


def _refuse_what_is_not_a_database(path: Path) -> None:
    """A missing file, a folder, an empty file or another kind of file, each named as such."""
    if not path.exists():
        raise Refusal(
            tr(
                "Chưa có cơ sở dữ liệu tại {path}. Hãy tạo bằng lệnh init (hoặc mở phần mềm để tạo).",
                path=path,
            )
        )
    if path.is_dir():
        raise storage.StorageRefusal(storage.not_database_message(path), storage.NOT_DATABASE, path)
    if path.stat().st_size == 0:
        raise storage.StorageRefusal(tr("Tệp {path} rỗng (0 byte), không phải cơ sở dữ liệu của Sổ Giảm Nghèo; có thể "
                                        "tệp chép chưa xong. Hãy chép lại tệp, hoặc khôi phục từ bản sao lưu.",
                                        path=path), storage.NOT_DATABASE, path)
    if not _looks_like_sqlite(path):
        raise storage.StorageRefusal(storage.not_database_message(path), storage.NOT_DATABASE, path)


def _ensure_device(db: Database) -> None:
    """A copied or restored file takes a new device id, so (device, revision) never repeats.

    A file opened for reading only is left as it is: it writes nothing, so it needs no new id
    until it can be written — and then, at its new place, its marker differs and it takes one."""
    if db.read_only:
        return
    marker = _device_marker(db.path)
    row = db.conn.execute("SELECT device_marker FROM identity WHERE id = 1").fetchone()
    if row[0] == marker:
        return
    reason = "first_start" if not row[0] else "copied_or_restored"
    with db.transaction():
        if reason == "first_start":
            db.conn.execute("UPDATE identity SET device_marker = ? WHERE id = 1", (marker,))
        else:
            device = new_uuid()
            db.conn.execute("UPDATE identity SET device_marker = ?, device_id = ? WHERE id = 1", (marker, device))
            db.conn.execute("INSERT INTO devices VALUES (?, ?, ?)", (device, utc_now(), reason))
    db.refresh_identity()


def resolve_unit(kind: str, code: str, units_list: str) -> tuple[Unit, Unit | None]:
    """Check a commune or office code against one administrative-unit list."""
    if units_list not in ("2023", "2025"):
        raise Refusal(tr("Danh mục đơn vị hành chính “{units}” không có (chọn 2023 hoặc 2025).", units=units_list))
    table = units(units_list)
    unit = table.get(code)
    if kind == "commune":
        if unit is None or not unit.is_commune:
            raise Refusal(
                tr(
                    "Mã xã {code} không có trong danh mục đơn vị hành chính {units} của tỉnh Điện Biên.",
                    code=code, units=units_list,
                )
            )
        return unit, table.get(unit.parent_code)
    if unit is None or unit.level not in office_levels(units_list):
        expected = tr("huyện (ví dụ 099)") if units_list == "2023" else tr("tỉnh (11)")
        raise Refusal(
            tr(
                "Mã {code} không phải đơn vị tổng hợp trong danh mục {units}: cần mã {expected}.",
                code=code, units=units_list, expected=expected,
            )
        )
    return unit, table.get(unit.parent_code) if unit.parent_code else None


def create_database(path: Path | str, kind: str, code: str, units_list: str = "2023") -> Database:
    """Create a new commune or office database. Refuses an existing file; on failure leaves nothing."""
    path = Path(path)
    unit, parent = resolve_unit(kind, code, units_list)
    if path.exists() and path.stat().st_size > 0:
        raise Refusal(tr("Tệp {path} đã có; không ghi đè. Hãy chọn tên tệp khác.", path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    # Private from its first byte (SQLite gives its -wal and -shm the same mode), created
    # exclusively: a link planted at the temporary name refuses the init (files.py).
    tmp = files.scratch_beside(path, f"{os.getpid()}.tmp")
    conn = connect(tmp)
    try:
        _configure(conn)
        migrations.apply(SUDatabase(conn))
        device = new_uuid()
        now = utc_now()
        with contextlib.closing(conn.cursor()) as cur:
            cur.execute("BEGIN IMMEDIATE")
            cur.execute(
                "INSERT INTO identity (id, kind, unit_code, unit_name, units_list, parent_code, parent_name, "
                "device_id, sign_secret_key, box_secret_key, created_at, app_version) "
                "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    kind, unit.code, unit.name, units_list,
                    parent.code if parent else "", parent.name if parent else "",
                    device, bytes(SigningKey.generate()), bytes(PrivateKey.generate()), now, __version__,
                ),
            )
            cur.execute("INSERT INTO devices VALUES (?, ?, 'created')", (device, now))
            cur.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        if path.exists() and path.stat().st_size > 0:  # lost a race with another init
            raise Refusal(tr("Tệp {path} đã có; không ghi đè. Hãy chọn tên tệp khác.", path=path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(Exception):
            conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        raise
    return open_database(path)
