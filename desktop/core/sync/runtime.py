"""The merge's process and thread machinery: the helper that stages files, the background
checkpoints, the paused cycle collector, memory given back between files, and the staging folder
beside the database (its name, and the removal of folders a killed merge left)."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import shutil
import sqlite3
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


def work_prefix(database: Path) -> str:
    return f".{database.name}-gop-"


def remove_stale_work(database: Path, older_than: float = 6 * 3600) -> None:
    """Staging folders that a merge killed midway (power cut) left beside the database. A running
    merge writes a new staging file into its folder for every file, so its folder is never old."""
    now = time.time()
    for folder in database.parent.glob(f"{work_prefix(database)}*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and now - folder.stat().st_mtime > older_than:
                shutil.rmtree(folder, ignore_errors=True)


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
