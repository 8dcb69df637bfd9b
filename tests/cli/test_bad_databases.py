"""Bad luck at the command line: every command against a missing, empty, folder, read-only, locked,
damaged or corrupt database ends with exit 1 (or 2 for usage) and one line saying what to do on
standard error — never a traceback — and a refused command changes nothing."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core import storage
from tests.bad_luck import (
    can_mount_read_only,
    corrupt_index,
    corrupt_schema,
    locked,
    on_read_only_disk,
    read_only,
)
from tests.helpers import snapshot

STATES = ("missing", "empty", "folder", "read_only", "locked", "damaged", "corrupt")
# What may succeed, by state: reading a read-only or locked file; what creates or replaces the
# database (init where there is none, restore of a good backup — the way out of a damaged file).
MAY_SUCCEED = {
    "missing": {"init", "restore"},
    "empty": {"init", "restore"},
    "folder": {"restore"},
    "read_only": {"stats", "check", "backup"},
    # restore puts the file aside even while another program has it open (backup.py: not refused yet).
    "locked": {"stats", "check", "backup", "restore"},
    # An index page damaged: SQLite notices only where it reads it (no check of every page at each
    # start: minutes at an office); `check` finds it and says what to do.
    "damaged": {"demo", "stats", "export-sync", "backup", "restore"},
    "corrupt": {"restore"},
}
NOT_YET = {"import-xlsx", "report"}  # not in the CLI yet: a usage error
FINGERPRINT = "AAAA-BBBB-CCCC-DDDD"


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIAMNGHEO_LANG": "vi"}
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=timeout)


@pytest.fixture(scope="module")
def healthy(tmp_path_factory) -> Path:
    """A commune database with a few households, its backup, and a junk sync file (made once)."""
    root = tmp_path_factory.mktemp("healthy")
    db = root / "xa.db"
    assert main(["--db", str(db), "init", "--commune", "03274"]) == 0
    assert main(["--db", str(db), "demo", "--households", "3"]) == 0
    assert main(["--db", str(db), "backup", "--out", str(root / "ban-sao-luu.db")]) == 0
    (root / "tep.gnsync").write_bytes(b"PK\x03\x04 not really a sync file")
    return root


def _commands(root: Path) -> list[list[str]]:
    """One call of every command of the CLI contract (DESIGN.md), with its arguments."""
    return [
        ["init", "--commune", "03274"],
        ["demo", "--households", "2"],
        ["stats", "--json"],
        ["check"],
        ["import-xlsx", str(root / "ds.xlsx")],
        ["export-sync", "--out", str(root / "outbox"), "--unencrypted"],
        ["merge", str(root / "tep.gnsync")],
        ["keys", "list"],
        ["keys", "approve", "03274", FINGERPRINT],
        ["keys", "revoke", "03274", FINGERPRINT],
        ["setup-package", "--commune", "03274", "--out", str(root / "goi.gnsetup")],
        ["receipt", "--commune", "03274", "--out", str(root / "bien-nhan")],
        ["apply-receipt", str(root / "bien-nhan")],
        ["verify", str(root / "tep.gnsync")],
        ["report", "households", "--out", str(root / "bao-cao.xlsx")],
        ["backup", "--out", str(root / "sao-luu-moi.db")],
        ["restore", str(root / "ban-sao-luu.db")],  # last: it puts a good database in place
    ]


def _prepare(state: str, healthy: Path, root: Path) -> Path:
    db = root / "xa.db"
    for old in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        if old.is_dir():
            old.rmdir()
        else:
            old.unlink(missing_ok=True)
    shutil.copyfile(healthy / "ban-sao-luu.db", root / "ban-sao-luu.db")
    shutil.copyfile(healthy / "tep.gnsync", root / "tep.gnsync")
    if state == "empty":
        db.write_bytes(b"")
    elif state == "folder":
        db.mkdir()
    elif state != "missing":
        shutil.copyfile(healthy / "xa.db", db)
        assert main(["--db", str(db), "stats"]) == 0  # its first start here: as a file in use looks
        if state == "damaged":
            corrupt_index(db)
        elif state == "corrupt":
            corrupt_schema(db)
    return db


@pytest.mark.slow
@pytest.mark.parametrize("state", STATES)
def test_every_command_on_a_bad_database_ends_with_one_line_and_no_traceback(state, healthy, tmp_path, capsys):
    db = _prepare(state, healthy, tmp_path)
    problems = []
    with contextlib.ExitStack() as bad_luck:
        if state == "locked":
            bad_luck.enter_context(locked(db))
        elif state == "read_only":
            bad_luck.enter_context(read_only(db))
        for command in _commands(tmp_path):
            name = command[0]
            if state not in ("read_only", "locked"):
                _prepare(state, healthy, tmp_path)  # as bad as it was, whatever the command before did
            before = snapshot(tmp_path / "xa.db") if (tmp_path / "xa.db").is_file() else None
            capsys.readouterr()
            start = time.monotonic()
            try:
                code = main(["--lang", "vi", "--db", str(db), *command])
            except SystemExit as exit_:  # argparse's usage errors
                code = exit_.code
            spent = time.monotonic() - start
            err = capsys.readouterr().err
            lines = [line for line in err.splitlines() if line.strip()]
            where = f"{state} {' '.join(command)}: exit {code}, stderr {err!r}"
            if "Traceback" in err or "Lỗi không mong đợi" in err:
                problems.append(where)
            elif name in NOT_YET:
                if code != 2 or not lines or not lines[-1].startswith("giamngheo: lỗi cú pháp lệnh"):
                    problems.append(where)
            elif code == 0:
                if name not in MAY_SUCCEED[state]:
                    problems.append(where + " (should be refused)")
            elif code != 1 or len(lines) != 1 or not (name == "check" or lines[0].startswith("Không thực hiện được: ")):
                problems.append(where + " (one line expected)")
            elif before is not None and name != "restore" and snapshot(tmp_path / "xa.db") != before:
                problems.append(where + " (refused, yet the database changed)")
            if spent > storage.LOCK_WAIT_SECONDS + 4:
                problems.append(where + f" (took {spent:.1f} s)")
    assert not problems, "\n".join(problems)


def test_read_only_database_reads_and_refuses_writes_saying_why(healthy, tmp_path):
    db = tmp_path / "xa.db"
    shutil.copyfile(healthy / "xa.db", db)  # a copy never opened here: opening must write nothing at all
    with read_only(db):
        before = db.read_bytes()
        r = run("--db", str(db), "stats", "--json")
        assert r.returncode == 0 and '"households": 3' in r.stdout, r.stderr
        r = run("--db", str(db), "check")
        assert r.returncode == 0, r.stdout + r.stderr
        r = run("--db", str(db), "backup", "--out", str(tmp_path / "copy.db"))
        assert r.returncode == 0, r.stderr
        for args in (("demo", "--households", "1"), ("export-sync", "--out", str(tmp_path / "out"), "--unencrypted")):
            r = run("--db", str(db), *args)
            assert r.returncode == 1 and "Traceback" not in r.stderr
            assert r.stderr.startswith("Không thực hiện được: Tệp chỉ đọc: không có quyền ghi vào")
            assert "chép tệp vào máy" in r.stderr and len(r.stderr.splitlines()) == 1
        assert db.read_bytes() == before


@pytest.mark.skipif(not can_mount_read_only(), reason="no read-only disk can be mounted here")
def test_a_database_on_a_read_only_disk(healthy):
    r = on_read_only_disk(healthy / "xa.db", "stats", "--json")
    assert r.returncode == 0 and '"households": 3' in r.stdout, r.stderr
    r = on_read_only_disk(healthy / "xa.db", "demo", "--households", "1")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "nằm trên ổ đĩa chỉ cho đọc (đĩa CD, USB đang gạt khóa chống ghi)" in r.stderr
    assert "bỏ khóa chống ghi" in r.stderr


def test_a_folder_without_write_permission_is_not_called_damaged(healthy, tmp_path):
    folder = tmp_path / "chung"
    folder.mkdir()
    db = folder / "xa.db"
    shutil.copyfile(healthy / "xa.db", db)
    with read_only(folder):
        r = run("--db", str(db), "stats", "--json")
        assert r.returncode == 0, r.stderr
        r = run("--db", str(db), "demo", "--households", "1")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"Không ghi được vào thư mục {folder}" in r.stderr and "không bị hỏng" in r.stderr
    assert "hỏng" not in r.stderr.replace("không bị hỏng", "") and "sao lưu" not in r.stderr


def test_locked_database_refuses_demo_export_and_merge_quickly(tmp_path, healthy):
    commune = tmp_path / "xa.db"
    shutil.copyfile(healthy / "xa.db", commune)
    assert run("--db", str(commune), "stats").returncode == 0
    office = tmp_path / "huyen.db"
    assert run("--db", str(office), "init", "--district", "099").returncode == 0
    r = run("--db", str(commune), "export-sync", "--out", str(tmp_path / "outbox"), "--unencrypted")
    assert r.returncode == 0, r.stderr
    sent = Path(r.stdout.strip())
    for db, args in ((commune, ("demo", "--households", "1")),
                     (commune, ("export-sync", "--out", str(tmp_path / "outbox"), "--unencrypted")),
                     (office, ("merge", "--trust-new", str(sent)))):
        with locked(db):
            before = snapshot(db)
            start = time.monotonic()
            r = run("--db", str(db), *args)
            spent = time.monotonic() - start
            assert snapshot(db) == before
        assert r.returncode == 1, (args, r.stdout, r.stderr)
        assert r.stderr.startswith(f"Không thực hiện được: Một chương trình khác đang dùng cơ sở dữ liệu {db}")
        assert "Hãy đóng chương trình đó rồi thử lại" in r.stderr and "Traceback" not in r.stderr
        assert len(r.stderr.splitlines()) == 1 and r.stdout == ""
        assert spent < storage.LOCK_WAIT_SECONDS + 5, spent
    assert sorted(p.name for p in (tmp_path / "outbox").iterdir()) == [sent.name]


def test_check_on_a_damaged_database_lists_the_damage_and_the_backups(healthy, tmp_path):
    db = _prepare("damaged", healthy, tmp_path)
    r = run("--db", str(db), "check")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "LỖI Tệp cơ sở dữ liệu bị hỏng:" in r.stdout and "missing from index households_code" in r.stdout
    assert "khôi phục từ bản sao lưu gần nhất" in r.stdout
    assert f"  - {tmp_path / 'ban-sao-luu.db'} (" in r.stdout
    assert r.stderr.strip() == "Tệp cơ sở dữ liệu bị hỏng: hãy khôi phục từ bản sao lưu (xem danh sách và cách làm ở trên)."
    # The way out works: restore the backup named, and check is happy.
    assert run("--db", str(db), "restore", str(tmp_path / "ban-sao-luu.db")).returncode == 0
    assert run("--db", str(db), "check").returncode == 0


def test_check_on_a_database_too_damaged_to_open(healthy, tmp_path):
    db = _prepare("corrupt", healthy, tmp_path)
    r = run("--db", str(db), "check")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "LỖI Tệp cơ sở dữ liệu bị hỏng:" in r.stdout and f"  - {tmp_path / 'ban-sao-luu.db'} (" in r.stdout
    assert len(r.stderr.splitlines()) == 1
    assert f"Tệp {db} bị hỏng" in r.stderr and f"bản sao lưu gần nhất: {tmp_path / 'ban-sao-luu.db'}" in r.stderr
    r = run("--db", str(db), "stats", "--json")  # opening it elsewhere says the same
    assert r.returncode == 1 and f"bản sao lưu gần nhất: {tmp_path / 'ban-sao-luu.db'}" in r.stderr


def test_over_long_names(tmp_path, healthy):
    long_name = str(tmp_path / ("x" * 300 + ".db"))
    for args in (("--db", long_name, "stats"), ("--db", str(healthy / "xa.db"), "backup", "--out", long_name),
                 ("verify", long_name), ("--db", long_name, "init", "--commune", "03274")):
        r = run(*args)
        assert r.returncode == 1 and "Traceback" not in r.stderr, (args, r.stderr)
        assert "quá dài" in r.stderr and len(r.stderr.splitlines()) == 1, (args, r.stderr)
