"""Bad luck without damage (issue #13): backup and restore as the accidents happened.

Two restores in one second, another commune's backup, a window still open on the database, a
database with a damaged page, a copy that did not read back, a kill that left committed work in
the -wal: each is refused with its message (nothing changed) or done without losing a database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core import backup as backup_module
from tests.helpers import unchanged

POSIX = os.name == "posix"


def cli(*args) -> int:
    return main([str(a) for a in args])


def households(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM households WHERE deleted = 0").fetchone()[0]
    finally:
        conn.close()


def unit_of(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT unit_code FROM identity").fetchone()[0]
    finally:
        conn.close()


def restore_log(path: Path) -> list[dict]:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = 'restore_log'").fetchone()
    finally:
        conn.close()
    return json.loads(row[0]) if row else []


def mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777


@pytest.fixture
def commune(tmp_path) -> Path:
    """Xã Quài Nưa (03274) with three households, in its own folder (backups go elsewhere)."""
    db = tmp_path / "may-xa" / "xa.db"
    assert cli("--db", db, "init", "--commune", "03274") == 0
    assert cli("--db", db, "demo", "--households", 3, "--seed", 1) == 0
    return db


@pytest.fixture
def stick(tmp_path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def test_two_restores_in_one_second_keep_both_safety_copies(commune, stick, monkeypatch, capsys):
    """The safety copy was named to the second: the second restore overwrote the first copy, and
    with it the only copy of the database as it was before."""
    first, second = stick / "ba-ho.db", stick / "nam-ho.db"
    assert cli("--db", commune, "backup", "--out", first) == 0
    assert cli("--db", commune, "demo", "--households", 2, "--seed", 2) == 0
    assert cli("--db", commune, "backup", "--out", second) == 0
    assert cli("--db", commune, "demo", "--households", 4, "--seed", 3) == 0  # today's work: 9 households
    stopped = dt.datetime(2026, 12, 7, 9, 30, 15)
    monkeypatch.setattr(backup_module, "_now", lambda: stopped)

    assert cli("--db", commune, "restore", first) == 0
    assert cli("--db", commune, "restore", second) == 0

    copies = sorted(commune.parent.glob("xa.truoc-khoi-phuc-*.db"))
    assert [p.name for p in copies] == ["xa.truoc-khoi-phuc-20261207-093015-2.db",
                                        "xa.truoc-khoi-phuc-20261207-093015.db"]
    assert households(commune.parent / "xa.truoc-khoi-phuc-20261207-093015.db") == 9  # the day's work is kept
    assert households(commune.parent / "xa.truoc-khoi-phuc-20261207-093015-2.db") == 3
    assert households(commune) == 5
    err = capsys.readouterr().err
    assert "Bản cũ được giữ tại" in err and "xa.truoc-khoi-phuc-20261207-093015-2.db" in err
    if POSIX:
        assert {mode(p) for p in [commune, *copies]} == {0o600}


def test_a_safety_copy_never_takes_a_name_already_used(commune, stick, monkeypatch):
    """A file (or a stray -wal) already at the copy's name is left alone: the copy takes the next."""
    bak = stick / "sao-luu.db"
    assert cli("--db", commune, "backup", "--out", bak) == 0
    monkeypatch.setattr(backup_module, "_now", lambda: dt.datetime(2026, 12, 7, 9, 30, 15))
    taken = commune.parent / "xa.truoc-khoi-phuc-20261207-093015.db"
    taken.write_bytes(b"an earlier copy")
    Path(f"{commune.parent / 'xa.truoc-khoi-phuc-20261207-093015-2.db'}-wal").write_bytes(b"a stray log")
    assert cli("--db", commune, "restore", bak) == 0
    assert taken.read_bytes() == b"an earlier copy"
    assert households(commune.parent / "xa.truoc-khoi-phuc-20261207-093015-3.db") == 3


def test_committed_work_left_in_the_wal_by_a_killed_app_goes_into_the_safety_copy(commune, stick):
    bak = stick / "sao-luu.db"
    assert cli("--db", commune, "backup", "--out", bak) == 0
    killed = ("import os, sqlite3, sys\n"
              "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "c.execute(\"INSERT INTO settings VALUES ('viec-cuoi-ngay', 'da luu')\")\n"
              "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", killed, str(commune)], check=True)
    assert Path(f"{commune}-wal").stat().st_size > 0  # the commit is in the log only
    assert cli("--db", commune, "restore", bak) == 0
    (saved,) = commune.parent.glob("xa.truoc-khoi-phuc-*.db")
    conn = sqlite3.connect(saved)
    assert conn.execute("SELECT value FROM settings WHERE key = 'viec-cuoi-ngay'").fetchone() == ("da luu",)
    conn.close()
    assert not Path(f"{saved}-wal").exists()
    assert households(commune) == 3


def test_another_communes_backup_is_refused_unless_forced_with_a_reason(commune, stick, tmp_path, capsys):
    other = tmp_path / "xa-ben" / "xa-03271.db"
    assert cli("--db", other, "init", "--commune", "03271") == 0
    assert cli("--db", other, "demo", "--households", 1, "--seed", 5) == 0
    theirs = stick / "sao-luu-03271.db"
    assert cli("--db", other, "backup", "--out", theirs) == 0
    capsys.readouterr()

    with unchanged(commune.parent, stick):
        assert cli("--db", commune, "restore", theirs) == 1
    err = capsys.readouterr().err
    assert "là dữ liệu của" in err and "(03271)" in err and "(03274)" in err and "không khôi phục" in err
    assert "--force --reason" in err

    with unchanged(commune.parent, stick):
        with pytest.raises(SystemExit) as usage:
            cli("--db", commune, "restore", theirs, "--force")
        assert usage.value.code == 2
        assert "--force cần --reason" in capsys.readouterr().err
        with pytest.raises(SystemExit) as usage:
            cli("--db", commune, "restore", theirs, "--reason", "thử")
        assert usage.value.code == 2
        assert "--reason chỉ dùng cùng --force" in capsys.readouterr().err

    reason = "Xã Quài Nưa nhận địa bàn xã Quài Cang sau sáp nhập; dùng dữ liệu của xã bên"
    assert cli("--db", commune, "restore", theirs, "--force", "--reason", reason) == 0
    assert reason in capsys.readouterr().err
    assert unit_of(commune) == "03271" and households(commune) == 1
    (saved,) = commune.parent.glob("xa.truoc-khoi-phuc-*.db")
    assert unit_of(saved) == "03274" and households(saved) == 3  # Quài Nưa's own data kept aside
    entry = restore_log(commune)[-1]
    assert entry["forced"] is True and entry["reason"] == reason
    assert entry["replaced"]["unit_code"] == "03274" and entry["restored"]["unit_code"] == "03271"
    assert entry["saved_copy"] == saved.name and entry["source"] == str(theirs.resolve())


def test_an_offices_backup_is_refused_on_a_commune(commune, stick, tmp_path, capsys):
    office = tmp_path / "huyen" / "huyen.db"
    assert cli("--db", office, "init", "--district", "099") == 0
    with unchanged(commune.parent):
        assert cli("--db", commune, "restore", office) == 1
    assert "(099)" in capsys.readouterr().err


def test_a_plain_restore_is_recorded_too(commune, stick):
    bak = stick / "sao-luu.db"
    assert cli("--db", commune, "backup", "--out", bak) == 0
    assert cli("--db", commune, "restore", bak) == 0
    (entry,) = restore_log(commune)
    assert entry["forced"] is False and entry["reason"] == "" and entry["restored"]["unit_code"] == "03274"


HOLDERS = {
    # another window of the app, open on the database and idle
    "idle window": "c.execute('SELECT COUNT(*) FROM households').fetchone()",
    # another program in the middle of writing
    "writing": "c.execute('BEGIN IMMEDIATE'); c.execute(\"INSERT INTO settings VALUES ('dang-ghi', '1')\")",
}


@pytest.mark.parametrize("holder", HOLDERS)
def test_restore_while_another_program_has_the_database_open_is_refused(commune, stick, holder, monkeypatch, capsys):
    """The restore renamed the database under a running program: that program's later edits went
    into the renamed copy and its -wal. Now it is refused, and nothing changes."""
    bak = stick / "sao-luu.db"
    assert cli("--db", commune, "backup", "--out", bak) == 0
    assert cli("--db", commune, "demo", "--households", 1, "--seed", 9) == 0
    monkeypatch.setattr(backup_module, "LOCK_WAIT", 0.3)
    script = ("import sqlite3, sys\n"
              "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              f"{HOLDERS[holder]}\n"
              "print('ready', flush=True)\n"
              "sys.stdin.read()\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(commune)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        capsys.readouterr()
        with unchanged(commune.parent, stick):
            assert cli("--db", commune, "restore", bak) == 1
        err = capsys.readouterr().err
        assert "đang được mở trong một cửa sổ hoặc chương trình khác" in err
        assert "Hãy đóng cửa sổ hoặc chương trình đó trước" in err and "chưa có gì thay đổi" in err
        assert households(commune) == 4
        assert not list(commune.parent.glob("xa.truoc-khoi-phuc-*"))
        assert not [p for p in commune.parent.iterdir() if p.name.startswith(".")]
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    assert cli("--db", commune, "restore", bak) == 0  # the window closed: now it goes
    assert households(commune) == 3


def _corrupt_a_page(db: Path, table: str = "members") -> None:
    """Garbage over one page in the middle of the file (the root page of a table's b-tree)."""
    conn = sqlite3.connect(db)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    assert 1 < root < pages and not Path(f"{db}-wal").exists()
    with open(db, "r+b") as fh:
        fh.seek(page_size * (root - 1))
        fh.write(bytes(range(256)) * (page_size // 256))


def test_backup_of_a_damaged_database_is_refused(commune, stick, capsys):
    """It used to succeed (exit 0); restore refused that backup later, on the day it was needed."""
    _corrupt_a_page(commune)
    capsys.readouterr()
    with unchanged(stick):
        assert cli("--db", commune, "backup", "--out", stick / "sao-luu.db") == 1
    err = capsys.readouterr().err
    assert "bị hỏng" in err and "không sao lưu" in err and "giamngheo check" in err
    assert not list(stick.iterdir())


def test_a_copy_that_does_not_read_back_whole_is_removed(commune, stick, monkeypatch, capsys):
    real = backup_module._copy

    def faulty_drive(conn, target):
        real(conn, target)
        _corrupt_a_page(target)

    monkeypatch.setattr(backup_module, "_copy", faulty_drive)
    capsys.readouterr()
    assert cli("--db", commune, "backup", "--out", stick / "sao-luu.db") == 1
    err = capsys.readouterr().err
    assert "đọc lại không nguyên vẹn" in err and "đã xóa bản sao đó" in err
    assert not list(stick.iterdir())  # neither the backup nor its temporary file


def test_a_backup_is_checked_and_restores(commune, stick):
    bak = stick / "sao-luu.db"
    assert cli("--db", commune, "backup", "--out", bak) == 0
    conn = sqlite3.connect(f"{bak.resolve().as_uri()}?mode=ro", uri=True)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # stands alone: no -wal to carry
    conn.close()
    assert sorted(p.name for p in stick.iterdir()) == ["sao-luu.db"]
    assert cli("--db", commune, "restore", bak) == 0 and households(commune) == 3


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX")
def test_databases_backups_and_copies_are_private(commune, stick):
    assert mode(commune) == 0o600
    db = sqlite3.connect(commune)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("SELECT COUNT(*) FROM households").fetchone()
    assert mode(Path(f"{commune}-wal")) == 0o600 and mode(Path(f"{commune}-shm")) == 0o600
    db.close()
    bak = stick / "sao-luu.db"
    assert cli("--db", commune, "backup", "--out", bak) == 0
    assert mode(bak) == 0o600
    assert cli("--db", commune, "restore", bak) == 0
    (saved,) = commune.parent.glob("xa.truoc-khoi-phuc-*.db")
    assert mode(commune) == 0o600 and mode(saved) == 0o600


def test_a_restore_that_fails_midway_leaves_the_database_and_its_folder_as_they_were(commune, stick, monkeypatch,
                                                                                      capsys):
    bak = stick / "sao-luu.db"
    assert cli("--db", commune, "backup", "--out", bak) == 0
    assert cli("--db", commune, "demo", "--households", 1, "--seed", 9) == 0
    real = os.replace

    def pulled_out(src, dst):
        if Path(dst) == commune:
            raise OSError(5, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", pulled_out)
    capsys.readouterr()
    with unchanged(commune.parent, stick):
        assert cli("--db", commune, "restore", bak) == 1
    err = capsys.readouterr().err
    assert "Không khôi phục được" in err and "dữ liệu hiện tại giữ nguyên" in err
    assert not [p for p in commune.parent.iterdir() if p.name != "xa.db"]
    assert households(commune) == 4
