"""The merge's helpers — the decoding thread, the paused cycle collector, the background
checkpoints — leave the process and the database as they found them."""

from __future__ import annotations

import gc
import shutil
import sqlite3
import threading

from desktop.core.db import open_database
from desktop.core.sync import runtime
from desktop.core.sync.merge import APPLIED, REFUSED, merge_files
from tests.sync.conftest import cli, give_office_key


def test_merge_restores_the_collector_and_checkpoint_settings(district, capsys, tmp_path):
    a = district.export(district.commune("03274", 4, 61), capsys)
    b = district.export(district.commune("03271", 4, 62), capsys)
    broken = tmp_path / "03289_000001_broken.gnsync"
    broken.write_bytes(b"PK\x03\x04 not a sync file")
    db = open_database(district.office)
    try:
        assert db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
        assert gc.isenabled()
        results = merge_files(db, [a, broken, b])
        assert [r.status for r in results] == [APPLIED, REFUSED, APPLIED]
        assert gc.isenabled()
        assert db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
        gc.disable()
        try:
            merge_files(db, [a])
            assert not gc.isenabled()  # a caller's choice is kept
        finally:
            gc.enable()
        # The files' pages reached the database file itself in the background: a copy of that
        # file alone, without the write-ahead log, already holds both communes.
        main_file_only = tmp_path / "main-file-only.db"
        shutil.copyfile(district.office, main_file_only)
        conn = sqlite3.connect(main_file_only)
        assert conn.execute("SELECT COUNT(DISTINCT commune_code) FROM households").fetchone()[0] == 2
        conn.close()
    finally:
        db.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("merge-")]


def test_files_nobody_vouches_for_are_not_decoded_ahead(district, capsys, tmp_path, monkeypatch):
    """Verify → authorise → decode, also when the next file is looked at early."""
    from desktop.core.sync import merge

    good = district.export(district.commune("03274", 3, 71), capsys)
    rogue_db = tmp_path / "rogue.db"  # the same commune, another key: held
    assert cli("--db", rogue_db, "init", "--commune", "03274") == 0
    assert cli("--db", rogue_db, "demo", "--households", "2", "--seed", "72") == 0
    give_office_key(rogue_db, district.office)  # encrypted, as an enrolled commune's files must be
    rogue = district.export(rogue_db, capsys)
    stranger_db = tmp_path / "stranger.db"  # a commune with no package and no --trust-new: refused
    assert cli("--db", stranger_db, "init", "--commune", "03271") == 0
    stranger = district.export(stranger_db, capsys, unencrypted=True)
    decoded = []
    real = merge.stage_file
    monkeypatch.setattr(merge, "stage_file", lambda verified, *a, **kw: decoded.append(verified.path) or real(verified, *a, **kw))
    db = open_database(district.office)
    try:
        results = merge_files(db, [good, rogue, stranger])
    finally:
        db.close()
    assert [r.status for r in results] == [APPLIED, "held", REFUSED]
    assert decoded == [good]


def test_a_refused_payload_is_freed_with_the_collector_paused(tmp_path):
    """The failure kept for the file's turn must not keep the payload alive through its traceback."""
    import weakref

    from desktop.core.sync import format as fmt
    from desktop.core.sync import staging
    from tests.sync.fuzzing import Campaign

    campaign = Campaign(tmp_path, households=2)
    payload = dict(campaign.payload, commune_code="03271")  # disagrees with the manifest: refused
    verified = fmt.read_verified(campaign.file_for(payload))

    class Payload(dict):
        pass

    seen = []

    def decode(_verified, _box):
        seen.append(Payload(payload))
        return seen[-1]

    db = open_database(campaign.office_template)
    specs = staging.specs(db.conn)
    db.close()
    original = fmt.decode_payload
    fmt.decode_payload = decode
    gc.disable()
    try:
        result = staging.stage_file(verified, None, specs, str(tmp_path / "staging.db"))
        alive = weakref.ref(seen.pop())
        assert result.failure and "mã xã khác" in result.failure
        assert alive() is None  # freed by reference counting alone
        assert not (tmp_path / "staging.db").exists()  # nothing staged for a refused file
    finally:
        gc.enable()
        fmt.decode_payload = original


def test_the_merge_waits_for_a_checkpoint_once_the_log_is_long(district, monkeypatch):
    """Synchronised by events, not by timing: each checkpoint is held until the test releases it."""
    import time


    db = open_database(district.office)
    checkpoints = runtime.BackgroundCheckpoints(db)
    order: list[str] = []
    started, release, waiting = threading.Event(), threading.Event(), threading.Event()

    def held_checkpoint():
        started.set()
        assert release.wait(60), "the test never released the checkpoint"
        order.append("checkpoint")

    real_wait = checkpoints._wait

    def noted_wait():
        waiting.set()
        real_wait()

    def write_in_thread() -> threading.Thread:
        worker = threading.Thread(target=lambda: (checkpoints.before_write(), order.append("write")))
        worker.start()
        deadline = time.monotonic() + 60  # until it either waits for the checkpoint or is done
        while not waiting.is_set() and worker.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        return worker

    try:
        monkeypatch.setattr(checkpoints, "_checkpoint", held_checkpoint)
        monkeypatch.setattr(checkpoints, "_wait", noted_wait)
        monkeypatch.setattr(checkpoints, "_log_size", lambda: runtime.BackgroundCheckpoints.LOG_LIMIT + 1)
        checkpoints.after_commit()
        assert started.wait(60)
        worker = write_in_thread()  # a long log: the next write waits, so the log can restart
        assert waiting.is_set() and order == []
        release.set()
        worker.join(60)
        assert order == ["checkpoint", "write"]

        started.clear(), release.clear(), waiting.clear()
        order.clear()
        monkeypatch.setattr(checkpoints, "_log_size", lambda: 0)
        checkpoints.after_commit()
        assert started.wait(60)
        worker = write_in_thread()  # a short log: no waiting
        worker.join(60)
        assert not waiting.is_set() and order == ["write"]
        release.set()
    finally:
        release.set()
        checkpoints.close()
        db.close()
    assert order == ["write", "checkpoint"]  # closing waits for the last one
