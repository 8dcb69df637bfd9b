"""The merge's helpers — the decoding thread, the paused cycle collector, the background
checkpoints — leave the process and the database as they found them."""

from __future__ import annotations

import gc
import shutil
import sqlite3

from desktop.core.db import open_database
from desktop.core.sync.merge import APPLIED, REFUSED, merge_files


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
    assert not [t for t in __import__("threading").enumerate() if t.name.startswith("merge-")]
