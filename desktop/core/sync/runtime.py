"""The merge's process and thread machinery: the helper that stages files, the background
checkpoints, the paused cycle collector, memory given back between files, and the staging folder
beside the database (its name, and the removal of folders a killed merge left)."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import glob
import hashlib
import multiprocessing
import os
import re
import shutil
import socket
import sqlite3
import stat
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from desktop.core.db import Database
from desktop.core.sync import staging

# A batch whose files total this much is staged by a helper process (two cores at work, no shared
# interpreter lock); smaller batches by a helper thread, which starts at no cost.
PROCESS_FROM_BYTES = 4 * 1024 * 1024


def release_memory() -> None:
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
def without_cycle_collector() -> Iterator[None]:
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


# A staging folder left by a merge whose process is gone is removed at once; one whose owner cannot
# be told (another computer sharing the folder, a process id reused since, a folder named by an
# older version) once it has been left alone this long. A running merge creates and removes a
# staging file in its folder for every file, which renews the folder's time: no file takes this long.
STALE_AFTER = 30 * 60
_OWNER = re.compile(r"-gop-([0-9a-f]{8})-([0-9]+)-")


def _host_tag() -> str:
    return hashlib.blake2b(socket.gethostname().encode(), digest_size=4).hexdigest()


def _work_base(database: Path) -> str:
    return f".{database.name}-gop-"


def work_prefix(database: Path) -> str:
    """The staging folder's name before its random part: the database's name, then the computer
    and the process that merge, so that a later start can tell a killed merge's folder."""
    return f"{_work_base(database)}{_host_tag()}-{os.getpid()}-"


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would end the process on Windows
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            return not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def _merge_gone(folder: Path) -> bool:
    """Whether the merge that made `folder` is known to have ended (its process on this computer
    is gone); False when that cannot be told."""
    owner = _OWNER.search(folder.name)
    return bool(owner) and owner[1] == _host_tag() and not _process_alive(int(owner[2]))


def remove_stale_work(database: Path, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove the staging folders a killed merge (a power cut, a closed window) left beside the
    database: they hold the decrypted records of the files it merged. A folder whose merge's
    process is gone goes whatever its age; another (its owner unknown) once it has been left alone
    for `older_than` seconds — a running merge renews its folder with every file. Every merge
    calls it before it starts; so should whatever opens the database at the start of the app or
    of a command. Returns the folders removed."""
    now = time.time()
    removed = []
    for folder in database.parent.glob(f"{glob.escape(_work_base(database))}*"):
        with contextlib.suppress(OSError):
            st = folder.lstat()
            if not stat.S_ISDIR(st.st_mode):  # a link or a file by that name is not ours to remove
                continue
            if _merge_gone(folder) or now - st.st_mtime > older_than:
                shutil.rmtree(folder, ignore_errors=True)
                if not folder.exists():
                    removed.append(folder)
    return removed


def helper(files: list[Path]) -> Executor:
    """A process when the batch is large enough to repay starting one (spawned, not forked: this
    process may have threads, a GUI and open databases), else a thread."""
    size = 0
    for path in files:
        with contextlib.suppress(OSError):  # an unreadable file is refused in its turn
            size += path.stat().st_size
    if len(files) > 1 and size >= PROCESS_FROM_BYTES:
        return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=staging.watch_parent)
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="merge-decode")


class BackgroundCheckpoints:
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
