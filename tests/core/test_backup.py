"""Restoring a backup: refused whole for a damaged file, a newer schema or another commune's
database; the live database is then unchanged and no temporary file is left beside it."""

from __future__ import annotations

import pytest

from desktop.core import backup
from desktop.core.db import create_database
from tests.helpers import from_the_future, refused


@pytest.fixture
def live(store, household):
    """The live commune database (03274) with a household, closed so restore may replace it."""
    store.db.close()
    return store.db.path


def _refused_restore(live, source, match):
    with refused(live.parent, match=match):
        backup.restore(source, live)


def test_a_good_backup_restores(live, tmp_path):
    saved = backup.restore(live, live)  # restoring a file onto itself through a checked copy
    assert saved is not None and saved.exists()


def test_a_corrupt_backup_is_refused(live, tmp_path):
    corrupt = tmp_path / "other" / "hong.db"
    corrupt.parent.mkdir()
    data = bytearray(live.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    corrupt.write_bytes(bytes(data))
    _refused_restore(live, corrupt, "hỏng|không phải bản sao lưu")


def test_not_a_database_is_refused(live, tmp_path):
    junk = tmp_path / "other" / "ghi-chu.db"
    junk.parent.mkdir()
    junk.write_text("xin chào", encoding="utf-8")
    _refused_restore(live, junk, "không phải bản sao lưu")


def test_a_backup_from_a_newer_app_is_refused(live, tmp_path):
    newer = tmp_path / "other" / "moi.db"
    newer.parent.mkdir()
    _refused_restore(live, from_the_future(newer), "phiên bản mới hơn")


def test_another_communes_backup_is_refused(live, tmp_path):
    other = tmp_path / "other" / "xa-03271.db"
    other.parent.mkdir()
    create_database(other, "commune", "03271").close()
    _refused_restore(live, other, "03271|xã khác")
