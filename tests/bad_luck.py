"""Bad luck made real for tests: a database another process holds locked, a read-only file or
folder, a damaged page, a read-only disk.

Read-only is the operating system's own refusal, not a simulation, whoever runs the tests: a
normal user gets `chmod`; root, whom permissions do not stop, gets the immutable attribute
(`chattr +i`, which stops root too) — the app then meets EPERM, as on a locked-down Windows file.
Where neither works the test is skipped (and the monkeypatched tests still cover the path).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE settings SET value = value")
print("holding", flush=True)
sys.stdin.read()
"""


@contextlib.contextmanager
def locked(db_path: Path) -> Iterator[subprocess.Popen]:
    """Another process holds a write transaction on the database (as a second window saving would)."""
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(db_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        yield holder
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def _chattr(path: Path, flag: str) -> bool:
    if not shutil.which("chattr"):
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


def _really_read_only(path: Path) -> bool:
    try:
        os.close(os.open(path, os.O_RDWR)) if path.is_file() else os.close(os.open(path / ".probe", os.O_CREAT | os.O_RDWR))
    except OSError:
        return True
    if path.is_dir():
        (path / ".probe").unlink()
    return False


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[str]:
    """Make a file (or a folder: no new file in it) unwritable for this process; yields how."""
    if IS_ROOT:
        if not _chattr(path, "+i"):
            pytest.skip("root without the immutable attribute: no real read-only file here")
        how = "chattr"
    else:
        mode = path.stat().st_mode
        path.chmod(stat.S_IREAD | stat.S_IRGRP | stat.S_IROTH | (stat.S_IEXEC | stat.S_IXGRP | stat.S_IXOTH
                                                                  if path.is_dir() else 0))
        how = "chmod"
    try:
        assert _really_read_only(path), f"{path} is still writable"
        yield how
    finally:
        if how == "chattr":
            _chattr(path, "-i")
        else:
            path.chmod(mode)


def corrupt_index(db_path: Path, index: str = "households_code") -> None:
    """Wipe half of an index's root page: SQLite's integrity check then lists rows missing from it,
    while the tables themselves stay readable (the app still opens the file)."""
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (index,)).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    with db_path.open("r+b") as fh:
        fh.seek(size * (root - 1) + size // 2)
        fh.write(b"\x00" * (size // 2))


def corrupt_schema(db_path: Path) -> None:
    """Damage the first page after its header (the schema's root): the app cannot even open it."""
    with db_path.open("r+b") as fh:
        fh.seek(100)
        fh.write(b"\xff" * 400)


def can_mount_read_only() -> bool:
    """Whether `unshare -m` may mount a read-only disk for one process (root in a VM or container)."""
    if not IS_ROOT or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs none /mnt && mount -o remount,ro /mnt"],
                           capture_output=True)
    return probe.returncode == 0


def on_read_only_disk(database: Path, *command: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `giamngheo --db <copy> COMMAND` with a copy of `database` on a read-only disk (a tmpfs
    mounted read-only in a mount namespace of its own: a CD or a write-protected stick)."""
    mount = database.parent / "read-only-disk"
    mount.mkdir(exist_ok=True)
    target = mount / database.name
    args = " ".join(f"'{a}'" for a in command)
    script = (f"mount -t tmpfs none '{mount}' && cp '{database}' '{target}' && mount -o remount,ro '{mount}' && "
              f"exec '{sys.executable}' -m desktop --db '{target}' {args}")
    env = {**os.environ, "GIAMNGHEO_LANG": "vi", "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=timeout)


def wait_for(condition, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("timed out")
        time.sleep(0.05)
