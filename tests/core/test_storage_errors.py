"""Bad luck without damage — locked, read-only, full, corrupt, a name too long — gives a message
that says what happened and what to do, and changes nothing (desktop/core/storage.py)."""

from __future__ import annotations

import errno
import hashlib
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from desktop.core import check, storage
from desktop.core.backup import backup
from desktop.core.db import connect, is_read_only, open_database
from desktop.core.errors import Refusal
from desktop.core.i18n import set_language
from desktop.core.search import HouseholdQuery, search_ids
from desktop.core.stats import collect
from desktop.core.storage import StorageRefusal
from desktop.core.store import Store
from tests.bad_luck import corrupt_index, corrupt_schema, locked, read_only
from tests.helpers import snapshot, unchanged


def _bytes(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def closed_commune(commune_db, household) -> Path:
    """The commune database with one household, closed (its path)."""
    path = commune_db.path
    commune_db.close()
    return path


# -- what kind of trouble ----------------------------------------------------------------------


@pytest.mark.parametrize(("error", "kind"), [
    (sqlite3.OperationalError("database is locked"), storage.LOCKED),
    (sqlite3.OperationalError("attempt to write a readonly database"), storage.READ_ONLY),
    (sqlite3.OperationalError("database or disk is full"), storage.FULL),
    (sqlite3.OperationalError("disk I/O error"), storage.IO),
    (sqlite3.DatabaseError("file is not a database"), storage.NOT_DATABASE),
    (sqlite3.DatabaseError("database disk image is malformed"), storage.CORRUPT),
    (OSError(errno.ENOSPC, "No space left on device"), storage.FULL),
    (OSError(errno.EROFS, "Read-only file system"), storage.READ_ONLY_MEDIUM),
    (OSError(errno.EACCES, "Permission denied"), storage.NO_ACCESS),
    (OSError(errno.ENAMETOOLONG, "File name too long"), storage.NAME_TOO_LONG),
    (OSError(errno.EIO, "Input/output error"), storage.IO),
])
def test_kinds(error, kind):
    assert storage.kind_of(error) == kind
    refusal = storage.refusal(error, Path("/data/xa.db"))
    assert isinstance(refusal, StorageRefusal) and isinstance(refusal, Refusal) and refusal.kind in (kind, storage.CORRUPT)
    assert "\n" not in refusal.message  # one line for the command line


def test_other_errors_are_bugs_not_storage():
    assert storage.refusal(sqlite3.IntegrityError("UNIQUE constraint failed: x.y")) is None
    assert storage.refusal(ValueError("x")) is None
    conn = sqlite3.connect(":memory:")
    with pytest.raises(sqlite3.Error) as info:
        conn.execute("SELECT json('{malformed')")  # "malformed JSON": SQLite's words, not a damaged file
    assert storage.refusal(info.value) is None


def test_messages_say_what_to_do_in_both_languages():
    path = Path("/data/xa.db")
    assert "chương trình khác" in storage.refusal(sqlite3.OperationalError("database is locked"), path).message
    try:
        set_language("en")
        assert "Another program is using the database /data/xa.db" in storage.locked_message(path)
        assert "read-only" in storage.read_only_message(path, storage.READ_ONLY_MEDIUM).lower()
        assert "too long" in storage.refusal(OSError(errno.ENAMETOOLONG, "x", "/d/" + "a" * 300)).message
    finally:
        set_language("vi")


# -- locked ---------------------------------------------------------------------------------------


def test_locked_write_waits_briefly_then_says_another_program_has_it(closed_commune):
    db = open_database(closed_commune)
    try:
        with locked(closed_commune):
            before = snapshot(db)
            start = time.monotonic()
            with pytest.raises(StorageRefusal) as info:
                Store(db).insert("villages", {"name": "Bản Mới"})
            waited = time.monotonic() - start
            assert snapshot(db) == before
        assert info.value.kind == storage.LOCKED
        assert "Một chương trình khác đang dùng cơ sở dữ liệu" in info.value.message and "thử lại" in info.value.message
        assert storage.LOCK_WAIT_SECONDS - 0.5 <= waited < storage.LOCK_WAIT_SECONDS + 3
        # Once the other program is done, the same connection writes again.
        Store(db).insert("villages", {"name": "Bản Mới"})
        assert not db.conn.in_transaction
    finally:
        db.close()


def test_reading_a_locked_database_is_not_held_up(closed_commune):
    with locked(closed_commune):
        start = time.monotonic()
        db = open_database(closed_commune)
        try:
            assert collect(db)["households"] == 1
            assert check.run(db).ok
        finally:
            db.close()
        assert time.monotonic() - start < storage.LOCK_WAIT_SECONDS


# -- read-only ----------------------------------------------------------------------------------


def test_a_read_only_copy_is_read_and_never_written(closed_commune, tmp_path):
    copy = tmp_path / "tu-dia-CD.db"
    shutil.copyfile(closed_commune, copy)  # a copy: its device marker differs, it would take a new device id
    with read_only(copy):
        before = _bytes(copy)
        db = open_database(copy)
        try:
            assert db.read_only == storage.READ_ONLY
            assert is_read_only(db.conn)
            device = db.identity.device_id
            assert collect(db)["households"] == 1
            report = check.run(db)
            assert report.ok, report.lines()
            backup(db, tmp_path / "ban-sao.db")
            with pytest.raises(StorageRefusal, match="Tệp chỉ đọc") as info:
                Store(db).insert("villages", {"name": "Bản Mới"})
            assert info.value.kind == storage.READ_ONLY
            assert "chép tệp vào máy" in info.value.message
            # A job on a connection of its own (the households list) reads it too, index as it stands.
            conn = connect(copy)
            try:
                assert is_read_only(conn) and len(search_ids(conn, HouseholdQuery())) == 1
            finally:
                conn.close()
        finally:
            db.close()
        assert _bytes(copy) == before  # not even the device marker was written
    # Writable again (copied into the machine, the protection removed): a copy, so a new device id.
    db = open_database(copy)
    try:
        assert db.read_only is None and db.identity.device_id != device
        Store(db).insert("villages", {"name": "Bản Mới"})
    finally:
        db.close()
    restored = open_database(tmp_path / "ban-sao.db")
    try:
        assert collect(restored)["households"] == 1
    finally:
        restored.close()


def test_a_folder_the_app_may_not_write_into_is_named_as_such_not_as_damage(closed_commune, tmp_path):
    folder = tmp_path / "thu-muc-khoa"
    folder.mkdir()
    copy = folder / "xa.db"
    shutil.copyfile(closed_commune, copy)
    open_database(copy).close()  # its first start at this place: the marker is written, then the folder is locked
    with read_only(folder):
        before = snapshot(folder)
        db = open_database(copy)
        try:
            assert db.read_only == storage.FOLDER_READ_ONLY
            assert collect(db)["households"] == 1
            with pytest.raises(StorageRefusal) as info:
                Store(db).insert("villages", {"name": "Bản Mới"})
        finally:
            db.close()
        assert snapshot(folder) == before
    message = info.value.message
    assert f"Không ghi được vào thư mục {folder}" in message and "không bị hỏng" in message
    assert "sao lưu" not in message  # a healthy file: no advice to restore it


def test_read_only_path_when_the_system_says_so(closed_commune, monkeypatch):
    """Whatever the platform's way of saying it (EROFS here), the file opens read-only and writes
    are refused with the read-only disk's words."""
    monkeypatch.setattr(storage, "write_access", lambda path: storage.READ_ONLY_MEDIUM)
    db = open_database(closed_commune)
    try:
        assert db.read_only == storage.READ_ONLY_MEDIUM and is_read_only(db.conn)
        with pytest.raises(StorageRefusal, match="ổ đĩa chỉ cho đọc"):
            db.set_setting("operator_name", "x")
    finally:
        db.close()


# -- disk full ------------------------------------------------------------------------------------


class _FullAtCommit:
    """A connection whose next COMMIT fails as SQLite does when the disk fills up."""

    def __init__(self, conn):
        self._conn = conn
        self.armed = True

    def execute(self, sql, *args):
        if self.armed and sql == "COMMIT":
            self.armed = False
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def test_disk_full_at_commit_takes_everything_back(commune_db):
    store = Store(commune_db)
    before = snapshot(commune_db)
    real = commune_db.conn
    commune_db.conn = _FullAtCommit(real)
    try:
        with pytest.raises(StorageRefusal) as info:
            store.insert("villages", {"name": "Bản Mới"})
    finally:
        commune_db.conn = real
    assert info.value.kind == storage.FULL and "đã đầy" in info.value.message and "còn trống" in info.value.message
    assert not real.in_transaction
    assert snapshot(commune_db) == before
    store.insert("villages", {"name": "Bản Mới"})  # room again: the next write goes through


# -- damaged --------------------------------------------------------------------------------------


def test_check_reports_a_damaged_page_and_the_backups(closed_commune, tmp_path):
    db = open_database(closed_commune)
    try:
        backup(db, tmp_path / "sao-luu-1.db")
    finally:
        db.close()
    corrupt_index(closed_commune)
    db = open_database(closed_commune)
    try:
        report = check.run(db)
    finally:
        db.close()
    assert not report.ok and report.damaged
    text = "\n".join(report.lines())
    assert "Tệp cơ sở dữ liệu bị hỏng:" in text and "missing from index households_code" in text
    assert "khôi phục từ bản sao lưu gần nhất" in text
    assert str(tmp_path / "sao-luu-1.db") in text
    assert len(report.lines()) < 25  # a few lines, not every page


def test_opening_a_damaged_file_names_the_newest_backup(closed_commune, tmp_path):
    db = open_database(closed_commune)
    try:
        backup(db, tmp_path / "cu.db")
        time.sleep(0.01)
        (tmp_path / "sao-luu").mkdir()
        backup(db, tmp_path / "sao-luu" / "moi.db")
    finally:
        db.close()
    (tmp_path / "ghi-chu.db").write_bytes(b"not a database")
    corrupt_schema(closed_commune)
    with unchanged(closed_commune), pytest.raises(StorageRefusal) as info:
        open_database(closed_commune)
    refusal = info.value
    assert refusal.kind == storage.CORRUPT
    assert [b.path.name for b in refusal.backups] == ["moi.db", "cu.db"]
    assert f"bản sao lưu gần nhất: {tmp_path / 'sao-luu' / 'moi.db'}" in refusal.message
    assert "\n" not in refusal.message
    report = check.damaged_report(closed_commune, refusal.backups)
    assert report.damaged and any("moi.db" in line for line in report.lines())


def test_over_long_name():
    with pytest.raises(StorageRefusal) as info:
        open_database(Path("/tmp") / ("a" * 300 + ".db"))
    assert info.value.kind == storage.NAME_TOO_LONG and "quá dài" in info.value.message


# -- disk full at the office's merge -------------------------------------------------------------


def _district_with_two_files(root: Path, capsys, sizes: tuple[int, int] = (4, 4)) -> tuple[Path, list[Path]]:
    """An office and one sync file from each of two communes (made without setup packages)."""
    from tests.sync.conftest import cli

    office = root / "office.db"
    assert cli("--db", office, "init", "--district", "099") == 0
    files = []
    for n, code in enumerate(("03274", "03277")):
        db = root / f"{code}.db"
        assert cli("--db", db, "init", "--commune", code) == 0
        assert cli("--db", db, "demo", "--households", str(sizes[n]), "--seed", str(n)) == 0
        capsys.readouterr()
        assert cli("--db", db, "export-sync", "--out", root / "outbox", "--unencrypted") == 0
        files.append(Path(capsys.readouterr().out.strip()))
    return office, files


def test_disk_full_at_a_files_commit_refuses_that_file_only(tmp_path, capsys, monkeypatch):
    from desktop.core.sync import merge

    office, files = _district_with_two_files(tmp_path, capsys)
    real_apply = merge.apply
    failed: list[Path] = []

    def full_at_first_commit(db, verified, *args, **kwargs):
        if failed:
            return real_apply(db, verified, *args, **kwargs)
        failed.append(verified.path)
        real_conn, db.conn = db.conn, _FullAtCommit(db.conn)
        try:
            return real_apply(db, verified, *args, **kwargs)
        finally:
            db.conn = real_conn

    monkeypatch.setattr(merge, "apply", full_at_first_commit)
    db = open_database(office)
    try:
        before = snapshot(db)
        results = merge.merge_files(db, files, trust_new=True)
        assert [r.status for r in results] == [merge.REFUSED, merge.APPLIED]
        message = results[0].message
        assert message.startswith(f"Tệp {files[0].name} chưa gộp được: ổ đĩa chứa cơ sở dữ liệu")
        assert "Cần khoảng" in message and "MB trống" in message and "các tệp khác vẫn được gộp" in message
        assert not db.conn.in_transaction
        communes = {r[0] for r in db.conn.execute("SELECT DISTINCT commune_code FROM households")}
        assert communes == {"03277"}  # nothing of the refused file, all of the next one
        assert before["received_files"] == [] and db.conn.execute("SELECT COUNT(*) FROM received_files").fetchone()[0] == 1
        # Room again: the refused file merges as if nothing had happened.
        again = merge.merge_files(db, files[:1], trust_new=True)
        assert [r.status for r in again] == [merge.APPLIED]
    finally:
        db.close()


def test_a_really_full_database_refuses_the_big_file_and_merges_the_small_one(tmp_path, capsys):
    """SQLite's own SQLITE_FULL (the database may not grow past `max_page_count`): the file that
    does not fit is refused whole, the one that fits is merged."""
    from desktop.core.sync import merge

    office, (big, small) = _district_with_two_files(tmp_path, capsys, sizes=(120, 2))
    trial = tmp_path / "trial.db"
    shutil.copyfile(office, trial)
    db = open_database(trial)
    try:
        pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
        assert [r.status for r in merge.merge_files(db, [small], trust_new=True)] == [merge.APPLIED]
        room = db.conn.execute("PRAGMA page_count").fetchone()[0] - pages + 8  # what the small file needs
    finally:
        db.close()
    db = open_database(office)
    try:
        db.conn.execute(f"PRAGMA max_page_count = {db.conn.execute('PRAGMA page_count').fetchone()[0] + room}")
        results = merge.merge_files(db, [big, small], trust_new=True)
        assert [r.status for r in results] == [merge.REFUSED, merge.APPLIED], [r.message for r in results]
        assert "đã đầy" in results[0].message and "Cần khoảng" in results[0].message
        assert {r[0] for r in db.conn.execute("SELECT DISTINCT commune_code FROM households")} == {"03277"}
    finally:
        db.close()


def test_a_locked_office_stops_the_batch_with_the_locked_message(tmp_path, capsys):
    from desktop.core.sync import merge

    office, files = _district_with_two_files(tmp_path, capsys)
    db = open_database(office)
    try:
        with locked(office):
            before = snapshot(db)
            with pytest.raises(StorageRefusal) as info:
                merge.merge_files(db, files, trust_new=True)
            assert snapshot(db) == before
        assert info.value.kind == storage.LOCKED
    finally:
        db.close()


# -- malformed setup packages ------------------------------------------------------------------------


@pytest.fixture
def issued(office_db, tmp_path):
    from desktop.core.sync.package import write_setup_package

    return write_setup_package(office_db, "03274", tmp_path / "packages" / "03274.gnsetup")


@pytest.mark.parametrize(("change", "named"), [
    (lambda p: p["rules"].append({"code": "x", "valid_from_year": 2022}), "rules[0]"),
    (lambda p: p.update(enrolment_secret="zz" * 32), "enrolment_secret"),
    (lambda p: p["plans"].append({"code": "KH", "year": "2023", "scope_code": "03274", "targets": [], "budgets": []}),
     "plans[0]"),
    (lambda p: p["rules"].append({"kind": "poverty_standard", "code": "broken", "name_vi": "x"}), "quy tắc"),
])
def test_a_malformed_setup_package_is_refused_and_creates_nothing(issued, office_db, tmp_path, change, named):
    from desktop.core.sync.keys import signing_key
    from desktop.core.sync.package import init_from_package, read_setup_package, seal_package

    payload = read_setup_package(issued.path, issued.code).payload
    change(payload)
    bad = tmp_path / "packages" / "bad.gnsetup"
    bad.write_bytes(seal_package(payload, signing_key(office_db.conn), issued.code))
    target = tmp_path / "xa" / "xa.db"
    target.parent.mkdir()
    with unchanged(target.parent), pytest.raises(Refusal) as info:
        init_from_package(target, bad, issued.code)
    assert info.value.message.startswith("Tệp bad.gnsetup bị từ chối: gói có dữ liệu sai cấu trúc")
    assert named in info.value.message and "Traceback" not in info.value.message
