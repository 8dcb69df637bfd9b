"""An export that cannot be written (a full or pulled-out USB stick) changes nothing: no file, and
no file number used up (the office would otherwise wait for ever for a file that never existed)."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from desktop.core.db import open_database
from desktop.core.errors import Refusal
from desktop.core.sync import export as export_module
from desktop.core.sync import format as fmt
from tests.sync.conftest import cli


def test_a_full_stick_refuses_the_export_and_gives_the_number_back(tmp_path, monkeypatch):
    db_path = tmp_path / "xa.db"
    assert cli("--db", db_path, "init", "--commune", "03274") == 0
    assert cli("--db", db_path, "demo", "--households", 2, "--seed", 1) == 0
    stick = tmp_path / "usb"

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fmt, "write_new", full)
    db = open_database(db_path)
    try:
        with pytest.raises(Refusal, match=r"Không ghi được tệp đồng bộ.*ổ đĩa đã đầy.*Không có gì thay đổi"):
            export_module.export(db, stick, unencrypted=True)
        assert db.conn.execute("SELECT COUNT(*) FROM sync_exports").fetchone()[0] == 0
        assert not list(stick.glob("*"))
        monkeypatch.undo()
        written = export_module.export(db, stick, unencrypted=True)  # once there is room: number 1
    finally:
        db.close()
    assert written.name.split("_")[1] == "000001"
    assert sqlite3.connect(db_path).execute("SELECT sequence FROM sync_exports").fetchall() == [(1,)]
