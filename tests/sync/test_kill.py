"""A merge killed (SIGKILL) at 100+ points leaves the office passing `check` and equal either to
before or to after the file; merging again finishes the job."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from desktop.core import check
from desktop.core.db import create_database, open_database
from desktop.core.demo import generate
from desktop.core.sync.export import export
from desktop.core.sync.merge import merge_files
from desktop.core.sync.package import init_from_package, write_setup_package
from tests.sync.conftest import dump

POINTS = 110

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL")]


def _merge_in_child(office: Path, file: Path) -> int:
    pid = os.fork()
    if pid == 0:  # child: merge and leave without cleanup
        try:
            db = open_database(office)
            merge_files(db, [file])
            db.close()
        finally:
            os._exit(0)
    return pid


def _schema(path: Path) -> list:
    import sqlite3

    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    conn.close()
    return rows


def test_kill_anywhere(tmp_path):
    template = tmp_path / "office-template.db"
    office = create_database(template, "office", "099")
    write_setup_package(office, "03274", tmp_path / "p.gnsetup")
    office.close()
    commune = init_from_package(tmp_path / "c.db", tmp_path / "p.gnsetup")
    generate(commune, 250, seed=8)
    file = export(commune, tmp_path / "out")
    commune.close()
    open_database(template).close()
    before = dump(template, "03274")
    after_path = tmp_path / "after.db"
    shutil.copyfile(template, after_path)
    open_database(after_path).close()
    start = time.perf_counter()
    pid = _merge_in_child(after_path, file)
    os.waitpid(pid, 0)
    duration = time.perf_counter() - start
    after = dump(after_path, "03274")
    assert after != before

    triggers = _schema(template)
    rng = random.Random(5)
    outcomes = {"before": 0, "after": 0}
    target = tmp_path / "office.db"
    for point in range(POINTS):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(template, target)
        open_database(target).close()
        delay = duration * point / POINTS + rng.uniform(0, duration / POINTS)
        pid = _merge_in_child(target, file)
        time.sleep(delay)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        db = open_database(target)
        try:
            report = check.run(db)
            assert report.ok, (point, report.problems)
        finally:
            db.close()
        state = dump(target, "03274")
        assert state in (before, after), f"kill at {delay:.3f}s left a partial merge"
        assert _schema(target) == triggers, "the triggers the merge suspends are back"
        outcomes["after" if state == after else "before"] += 1
        if state == before and point % 10 == 0:
            db = open_database(target)  # merging again finishes the job
            merge_files(db, [file])
            db.close()
            assert dump(target, "03274") == after
    # The kills spanned the merge: some landed before the commit, some after.
    assert outcomes["before"] >= 10 and outcomes["after"] >= 1, outcomes
