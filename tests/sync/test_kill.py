"""A merge killed (SIGKILL) at 100+ points leaves the office passing `check` and equal either to
before or to after the file; merging again finishes the job.

Kill points are counted, not timed: the merging child counts SQLite's progress ticks (every
TICK virtual-machine steps on the merge's connection, so inside its set-based statements too)
and kills itself at the chosen tick, or once the merge has returned. A reference run counts the
ticks of a whole merge; the points spread over them, whatever the machine's speed."""

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
from desktop.core.sync import runtime
from desktop.core.sync.export import export
from desktop.core.sync.merge import merge_files
from desktop.core.sync.package import init_from_package, write_setup_package
from tests.sync.conftest import dump

POINTS = 110

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL")]


TICK = 1000
AFTER = -1  # a kill point once merge_files has returned (the commit is durable by then)


def _merge_in_child(office: Path, *files: Path, helper_process: bool = False, kill_at: int | None = None,
                    report: Path | None = None) -> int:
    """Fork a merge of `files` into `office`; with `kill_at`, the child SIGKILLs itself at that
    progress tick (or after the merge with AFTER); `report` receives the ticks counted and, at the
    kill, whether a helper process was running."""
    pid = os.fork()
    if pid == 0:  # child: merge and leave without cleanup (a killed merge's staging folder stays beside the office)
        try:
            if helper_process:
                runtime.PROCESS_FROM_BYTES = 0
                os.environ[HELPER_MARK] = str(office)  # inherited by the helper process
            db = open_database(office)
            ticks = 0

            def die() -> None:
                if report is not None:
                    report.write_text(f"{ticks} {int(bool(_helpers_of(office)))}", encoding="ascii")
                os.kill(os.getpid(), signal.SIGKILL)

            def tick() -> int:
                nonlocal ticks
                ticks += 1
                if ticks == kill_at:
                    die()
                return 0

            db.conn.set_progress_handler(tick, TICK)
            merge_files(db, list(files))
            if kill_at == AFTER:
                die()
            db.conn.set_progress_handler(None, 0)
            db.close()
            if report is not None:
                report.write_text(f"{ticks} 0", encoding="ascii")
        finally:
            os._exit(0)
    return pid


def _killed(pid: int) -> bool:
    """Wait for the child; True when it died by SIGKILL."""
    _pid, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def _kill_points(total: int, points: int, rng: random.Random) -> list[int]:
    """`points` - 1 ticks spread over a merge of `total` ticks (one drawn in each slice), then AFTER."""
    return [1 + (total * p) // (points - 1) + rng.randrange(max(1, total // (points - 1)))
            for p in range(points - 1)] + [AFTER]


HELPER_MARK = "GIAMNGHEO_KILL_TEST_OFFICE"


def _helpers_of(office: Path) -> list[int]:
    """Processes started by a merge of `office` (they carry the mark in their environment)."""
    mark = f"{HELPER_MARK}={office}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if mark in (proc / "environ").read_bytes().split(b"\0"):
                    found.append(int(proc.name))
            except OSError:
                pass
    return found


def _schema(path: Path) -> list:
    import sqlite3

    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    conn.close()
    return rows


def test_kill_anywhere(tmp_path):
    template = tmp_path / "office-template.db"
    office = create_database(template, "office", "099")
    issued = write_setup_package(office, "03274", tmp_path / "p.gnsetup")
    office.close()
    commune = init_from_package(tmp_path / "c.db", issued.path, issued.code)
    generate(commune, 250, seed=8)
    file = export(commune, tmp_path / "out")
    commune.close()
    open_database(template).close()
    before = dump(template, "03274")
    after_path = tmp_path / "after.db"
    shutil.copyfile(template, after_path)
    open_database(after_path).close()
    report = tmp_path / "ticks.txt"
    assert not _killed(_merge_in_child(after_path, file, report=report))
    total = int(report.read_text(encoding="ascii").split()[0])
    assert total >= POINTS, "the merge must be long enough to kill at every point"
    after = dump(after_path, "03274")
    assert after != before

    triggers = _schema(template)
    rng = random.Random(5)
    outcomes = {"before": 0, "after": 0}
    target = tmp_path / "office.db"
    kills = 0
    for point, kill_at in enumerate(_kill_points(total, POINTS, rng)):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(template, target)
        open_database(target).close()
        kills += _killed(_merge_in_child(target, file, kill_at=kill_at))
        db = open_database(target)
        try:
            report = check.run(db)
            assert report.ok, (point, report.problems)
        finally:
            db.close()
        state = dump(target, "03274")
        assert state in (before, after), f"kill at tick {kill_at} left a partial merge"
        assert _schema(target) == triggers, "the triggers the merge suspends are back"
        outcomes["after" if state == after else "before"] += 1
        if state == before and point % 10 == 0:
            db = open_database(target)  # merging again finishes the job
            merge_files(db, [file])
            db.close()
            assert dump(target, "03274") == after
    # The kills spanned the merge: nearly all landed inside it, some before the commit, some after.
    assert kills >= POINTS - 2, f"only {kills} of {POINTS} kill points were reached"
    assert outcomes["before"] >= 10 and outcomes["after"] >= 1, outcomes


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the helper through /proc")
def test_kill_with_a_helper_process(tmp_path):
    """A merge staging its files in a helper process, killed at many points: the office is left
    before or after each file, and the helper does not outlive the merge."""
    template = tmp_path / "office-template.db"
    office = create_database(template, "office", "099")
    files = []
    for n, code in enumerate(("03274", "03271")):
        issued = write_setup_package(office, code, tmp_path / f"{code}.gnsetup")
        commune = init_from_package(tmp_path / f"{code}.db", issued.path, issued.code)
        generate(commune, 150, seed=20 + n)
        files.append(export(commune, tmp_path / "out"))
        commune.close()
    office.close()
    open_database(template).close()
    empty = [dump(template, code) for code in ("03274", "03271")]
    full_path = tmp_path / "full.db"
    shutil.copyfile(template, full_path)
    open_database(full_path).close()
    report = tmp_path / "ticks.txt"
    assert not _killed(_merge_in_child(full_path, *files, helper_process=True, report=report))
    total = int(report.read_text(encoding="ascii").split()[0])
    full = [dump(full_path, code) for code in ("03274", "03271")]
    assert full[0] != empty[0] and full[1] != empty[1]

    target = tmp_path / "office.db"
    rng = random.Random(9)
    helper_seen = 0
    points = 12
    for point, kill_at in enumerate(_kill_points(total, points, rng)):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(template, target)
        open_database(target).close()
        report.unlink(missing_ok=True)
        assert _killed(_merge_in_child(target, *files, helper_process=True, kill_at=kill_at, report=report)), point
        helper_seen += report.read_text(encoding="ascii").split()[1] == "1"
        deadline = time.monotonic() + 10
        while _helpers_of(target) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _helpers_of(target), f"kill {point}: the helper process outlived the merge"
        db = open_database(target)
        try:
            assert check.run(db).ok
        finally:
            db.close()
        for n, code in enumerate(("03274", "03271")):
            assert dump(target, code) in (empty[n], full[n]), f"kill {point}: a partial file"
    assert helper_seen >= points // 2, "the kills must land while a helper process runs"
    db = open_database(target)  # merging again finishes the job
    try:
        merge_files(db, files)
    finally:
        db.close()
    assert [dump(target, code) for code in ("03274", "03271")] == full
