"""Migrations, the generated schema file, refusal of newer databases, backup before upgrade."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from desktop.core import schema
from desktop.core.db import create_database, open_database
from tests.helpers import from_the_future, refused

ROOT = Path(__file__).resolve().parents[2]


def test_db_schema_sql_matches_migrations():
    """db_schema.sql is generated; regenerate with `python -m desktop.core.schema > db_schema.sql`."""
    assert (ROOT / "db_schema.sql").read_text(encoding="utf-8") == schema.build_schema_sql()


def test_every_sync_table_has_sync_columns(commune_db):
    for table in schema.SYNC_TABLES:
        cols = {r[1] for r in commune_db.conn.execute(f"PRAGMA table_info({table})")}
        assert set(schema.SYNC_COLUMNS) <= cols, table


def test_wal_and_foreign_keys(commune_db):
    assert commune_db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert commune_db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        commune_db.conn.execute("INSERT INTO members (uuid, commune_code, device_id, updated_at, household_id, "
                         "full_name, sex, birth_year, ethnicity_code) VALUES ('u', 'c', 'd', 't', 999, 'A B', 'M', 1, '01')")


def test_newer_database_refused_and_unchanged(tmp_path):
    path = from_the_future(tmp_path / "c.db")
    before = path.read_bytes()
    with refused(tmp_path, match="phiên bản mới hơn"):
        open_database(path)
    assert path.read_bytes() == before


def test_not_a_database_refused(tmp_path):
    junk = tmp_path / "ghi-chu.db"
    junk.write_text("không phải SQLite", encoding="utf-8")
    with refused(tmp_path, match="không phải cơ sở dữ liệu"):
        open_database(junk)
    with refused(tmp_path, match="Chưa có cơ sở dữ liệu"):
        open_database(tmp_path / "missing.db")


def test_upgrade_backs_up_then_applies_pending_step(tmp_path, monkeypatch):
    path = tmp_path / "c.db"
    create_database(path, "commune", "03274").close()

    def m9000_add_column(db):
        db.execute("ALTER TABLE villages ADD COLUMN elevation_m INTEGER")

    steps = [*schema.migrations._migrations, schema.migrations._Migration("9000_test_step", m9000_add_column)]
    monkeypatch.setattr(schema.migrations, "_migrations", steps)
    db = open_database(path)
    try:
        cols = {r[1] for r in db.conn.execute("PRAGMA table_info(villages)")}
        assert "elevation_m" in cols
    finally:
        db.close()
    backups = list(tmp_path.glob("c.truoc-nang-cap-v*-*.db"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert "elevation_m" not in {r[1] for r in old.execute("PRAGMA table_info(villages)")}
    old.close()
    if os.name == "posix":
        assert backups[0].stat().st_mode & 0o777 == 0o600  # names and citizen IDs: the user's alone


def test_an_upgrade_copy_never_overwrites_one_of_the_same_name(tmp_path):
    from desktop.core.db import backup_to

    source = create_database(tmp_path / "c.db", "commune", "03274")
    try:
        taken = tmp_path / "c.truoc-nang-cap-v9-20261207-101500.db"
        taken.write_bytes(b"an earlier copy")
        made = backup_to(source.conn, taken)
    finally:
        source.close()
    assert made.name == "c.truoc-nang-cap-v9-20261207-101500-2.db"
    assert taken.read_bytes() == b"an earlier copy"
    assert sqlite3.connect(made).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    path = tmp_path / "c.db"
    create_database(path, "commune", "03274").close()

    def m9001_broken(db):
        db.execute("ALTER TABLE villages ADD COLUMN half_done INTEGER")
        raise RuntimeError("power cut in the middle of a step")

    steps = [*schema.migrations._migrations, schema.migrations._Migration("9001_broken", m9001_broken)]
    monkeypatch.setattr(schema.migrations, "_migrations", steps)
    with pytest.raises(RuntimeError):
        open_database(path)
    conn = sqlite3.connect(path)
    assert "half_done" not in {r[1] for r in conn.execute("PRAGMA table_info(villages)")}
    assert "9001_broken" not in {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
    conn.close()


def test_copied_database_takes_new_device_id(tmp_path):
    import shutil

    path = tmp_path / "a.db"
    db = create_database(path, "commune", "03274")
    device = db.identity.device_id
    db.close()
    assert open_database(path).identity.device_id == device  # same file: same device
    shutil.copyfile(path, tmp_path / "b.db")
    copy = open_database(tmp_path / "b.db")
    assert copy.identity.device_id != device
    assert copy.conn.execute("SELECT reason FROM devices WHERE device_id = ?", (copy.identity.device_id,)).fetchone()[0] == "copied_or_restored"
    copy.close()


def test_create_refuses_bad_codes_and_existing_file(tmp_path):
    path = tmp_path / "c.db"
    with refused(tmp_path, match="099"):
        create_database(path, "commune", "099")  # a district is not a commune
    with refused(tmp_path, match="03274"):
        create_database(path, "office", "03274")
    with refused(tmp_path, match="099"):
        create_database(path, "office", "099", "2025")  # no districts after 2025
    assert not path.exists() and not list(tmp_path.iterdir())
    create_database(path, "office", "11", "2025").close()
    before = path.read_bytes()
    with refused(tmp_path, match="đã có"):
        create_database(path, "commune", "03274")
    assert path.read_bytes() == before


def test_units_2025_reads_codes_against_its_own_list(tmp_path):
    # 03260 was Xã Rạng Đông before 1/7/2025 and is Xã Pú Nhung after.
    old = create_database(tmp_path / "a.db", "commune", "03260", "2023")
    new = create_database(tmp_path / "b.db", "commune", "03260", "2025")
    assert old.identity.unit_name == "Xã Rạng Đông" and old.identity.parent_code == "099"
    assert new.identity.unit_name == "Xã Pú Nhung" and new.identity.parent_code == "11"
    old.close()
    new.close()


def test_damaged_database_refused_with_message(tmp_path):
    path = tmp_path / "c.db"
    create_database(path, "commune", "03274").close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # header intact, first page garbage
    path.write_bytes(bytes(data))
    with refused(tmp_path, match="bị hỏng"):
        open_database(path)


@pytest.mark.parametrize("drift", [
    "CREATE INDEX extra_by_hand ON households (phone)",
    "ALTER TABLE villages ADD COLUMN elevation_m INTEGER",
    "DROP INDEX IF EXISTS " + "{index}",
])
def test_check_reports_schema_drift(commune_db, drift):
    from desktop.core import check

    assert check.run(commune_db).ok
    index = commune_db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                    "ORDER BY name LIMIT 1").fetchone()[0]
    commune_db.conn.execute(drift.format(index=index))  # a change made by hand, outside any migration
    report = check.run(commune_db)
    assert "Cấu trúc bảng khác với cấu trúc chuẩn của phiên bản này." in report.problems
