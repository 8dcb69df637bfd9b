"""The staging step: a helper process (large batches) or thread stages each file into a temporary
SQLite file that the merge applies with set-based SQL; references are resolved within the commune."""

from __future__ import annotations

import copy
import multiprocessing
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import pytest

from desktop.core.db import open_database
from desktop.core.i18n import set_language
from desktop.core.sync import merge
from desktop.core.sync.merge import ALREADY, APPLIED, DRY_RUN, REFUSED, merge_files
from tests.sync.conftest import dump
from tests.sync.fuzzing import COMMUNE, Campaign, tables_of

# The office tables a merge writes, compared with their local ids: both ways must assign the same.
COMPARED = ("villages", "households", "members", "assessments", "assessment_deprivations", "search_dirty",
            "duplicate_candidates", "commune_keys")


def _content(path: Path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        out = {}
        for table in COMPARED:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                       if r[1] not in ("detected_at", "first_seen", "bound_at")]
            order = ", ".join(str(n) for n in range(1, len(columns) + 1))
            out[table] = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}").fetchall()
        out["audit_log"] = conn.execute("SELECT * FROM audit_log ORDER BY uuid").fetchall()
        out["received"] = conn.execute("SELECT sha256, file_name, summary FROM received_files ORDER BY id").fetchall()
        return out
    finally:
        conn.close()


def _helpers(monkeypatch) -> list[str]:
    """Record which kind of helper each merge_files call starts."""
    kinds: list[str] = []
    real = merge._helper

    def spy(files):
        pool = real(files)
        kinds.append(type(pool).__name__)
        return pool

    monkeypatch.setattr(merge, "_helper", spy)
    return kinds


def test_a_helper_process_and_a_helper_thread_give_the_same_office(district, capsys, tmp_path, monkeypatch):
    communes = {code: district.commune(code, 5, seed) for code, seed in (("03274", 81), ("03271", 82))}
    files = [district.export(db, capsys) for db in communes.values()]
    broken = tmp_path / "03289_000001_broken.gnsync"
    broken.write_bytes(b"not a sync file")
    batch = [files[0], broken, files[1], files[0]]
    by_thread = tmp_path / "by-thread.db"
    shutil.copyfile(district.office, by_thread)
    kinds = _helpers(monkeypatch)
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))

    monkeypatch.setattr(merge, "PROCESS_FROM_BYTES", 0)
    db = open_database(district.office)
    try:
        assert [r.status for r in merge_files(db, batch, dry_run=True)] == [DRY_RUN, REFUSED, DRY_RUN, DRY_RUN]
        process_results = merge_files(db, batch)
    finally:
        db.close()
    monkeypatch.setattr(merge, "PROCESS_FROM_BYTES", 10**12)
    db = open_database(by_thread)
    try:
        thread_results = merge_files(db, batch)
    finally:
        db.close()

    assert kinds == ["ProcessPoolExecutor", "ProcessPoolExecutor", "ThreadPoolExecutor"]
    assert [r.status for r in process_results] == [APPLIED, REFUSED, APPLIED, ALREADY]
    assert [(r.status, r.message, r.summary) for r in process_results] == \
        [(r.status, r.message, r.summary) for r in thread_results]
    assert process_results[0].summary["members"]["new"] > 0
    assert _content(district.office) == _content(by_thread)
    for code, commune_db in communes.items():
        assert dump(district.office, code) == dump(commune_db, code)
    assert not multiprocessing.active_children()
    assert not list((tmp_path / "tmp").iterdir())  # the staging files and their folders are gone


def test_the_helper_process_answers_in_the_users_language(tmp_path, monkeypatch):
    campaign = Campaign(tmp_path, households=2)
    good = campaign.file_for(campaign.payload)
    bad = campaign.file_for(dict(campaign.payload, commune_code="03271"))  # disagrees with the manifest
    monkeypatch.setattr(merge, "PROCESS_FROM_BYTES", 0)
    kinds = _helpers(monkeypatch)
    office = tmp_path / "office.db"
    shutil.copyfile(campaign.office_template, office)
    db = open_database(office)
    set_language("en")
    try:
        results = merge_files(db, [good, bad])
    finally:
        set_language("vi")
        db.close()
    assert kinds == ["ProcessPoolExecutor"]
    assert [r.status for r in results] == [APPLIED, REFUSED]
    assert results[1].message.startswith(f"File {bad.name} refused:"), results[1].message
    assert "another commune" in results[1].message


def test_a_dead_helper_process_does_not_stop_the_batch(district, capsys, tmp_path, monkeypatch):
    communes = [district.commune(code, 3, seed) for code, seed in (("03274", 91), ("03271", 92), ("03289", 93))]
    files = [district.export(db, capsys) for db in communes]
    monkeypatch.setattr(merge, "PROCESS_FROM_BYTES", 0)
    kinds = _helpers(monkeypatch)
    killed = []

    def kill_helper(name):
        if name == files[1].name:  # the second file is already being staged by the helper
            for child in multiprocessing.active_children():
                child.kill()
                child.join()
                killed.append(child.pid)

    db = open_database(district.office)
    try:
        results = merge_files(db, files, progress=kill_helper)
    finally:
        db.close()
    assert kinds == ["ProcessPoolExecutor"] and killed
    assert [r.status for r in results] == [APPLIED] * 3
    for commune_db, code in zip(communes, ("03274", "03271", "03289"), strict=True):
        assert dump(district.office, code) == dump(commune_db, code)


def _office_with_a_neighbour(campaign: Campaign, tmp_path: Path) -> tuple[Path, str, str]:
    """A copy of the office holding one village and household of another commune (03271)."""
    office = tmp_path / "office.db"
    shutil.copyfile(campaign.office_template, office)
    open_database(office).close()  # a copied database takes its own device id when first opened
    conn = sqlite3.connect(office)
    with conn:
        conn.execute("INSERT INTO villages (uuid, commune_code, name, name_fold, revision, device_id, updated_at, deleted) "
                     "VALUES ('neighbour-village', '03271', 'Bản Khác', 'ban khac', 1, 'd', '2026-01-01', 0)")
        conn.execute("INSERT INTO households (uuid, commune_code, village_id, code, revision, device_id, updated_at, deleted) "
                     "SELECT 'neighbour-household', '03271', id, 'HK-1', 1, 'd', '2026-01-01', 0 FROM villages "
                     "WHERE uuid = 'neighbour-village'")
    conn.close()
    return office, "neighbour-village", "neighbour-household"


def _merge_alone(office: Path, path: Path) -> merge.FileResult:
    db = open_database(office)
    try:
        (result,) = merge_files(db, [path])
    finally:
        db.close()
    return result


@pytest.mark.parametrize("target", ["missing", "neighbour"])
def test_a_reference_outside_the_commune_is_refused(tmp_path, target):
    campaign = Campaign(tmp_path, households=2)
    office, _village, neighbour = _office_with_a_neighbour(campaign, tmp_path)
    payload = copy.deepcopy(campaign.payload)
    block = payload["tables"]["members"]
    at = block["columns"].index("household_uuid")
    block["rows"][-1][at] = neighbour if target == "neighbour" else "no-such-household"
    before = tables_of(office)
    result = _merge_alone(office, campaign.file_for(payload))
    assert result.status == REFUSED
    assert "members" in result.message and "household_uuid" in result.message
    assert tables_of(office) == before


def test_a_record_with_another_communes_uuid_is_refused(tmp_path):
    campaign = Campaign(tmp_path, households=2)
    office, village, _household = _office_with_a_neighbour(campaign, tmp_path)
    payload = copy.deepcopy(campaign.payload)
    block = payload["tables"]["villages"]
    block["rows"][0][block["columns"].index("uuid")] = village
    before = tables_of(office)
    result = _merge_alone(office, campaign.file_for(payload))
    assert result.status == REFUSED
    assert "03271" in result.message and "villages" in result.message
    assert tables_of(office) == before


def test_the_staging_file_is_removed_and_stale_folders_are_cleared(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    stale = tmp_path / "tmp" / f"{merge.WORK_PREFIX}killed"
    stale.mkdir()
    (stale / "0.db").write_bytes(b"x" * 100)
    old = time.time() - 3 * 24 * 3600
    os.utime(stale, (old, old))
    recent = tmp_path / "tmp" / f"{merge.WORK_PREFIX}running"
    recent.mkdir()
    campaign = Campaign(tmp_path / "c", households=2)
    office = tmp_path / "office.db"
    shutil.copyfile(campaign.office_template, office)
    assert _merge_alone(office, campaign.file_for(campaign.payload)).status == APPLIED
    assert sorted(p.name for p in (tmp_path / "tmp").iterdir()) == [recent.name]
    conn = sqlite3.connect(office)
    assert conn.execute("SELECT COUNT(*) FROM households WHERE commune_code = ?", (COMMUNE,)).fetchone()[0] == 2
    assert conn.execute("PRAGMA database_list").fetchall()[0][1] == "main"
    conn.close()


def test_a_full_temporary_folder_refuses_the_file_and_changes_nothing(tmp_path, monkeypatch):
    from desktop.core.sync import staging

    def full(*_args):
        raise sqlite3.OperationalError("database or disk is full")

    campaign = Campaign(tmp_path, households=2)
    office = tmp_path / "office.db"
    shutil.copyfile(campaign.office_template, office)
    open_database(office).close()
    before = tables_of(office)
    monkeypatch.setattr(staging, "_write_staging", full)
    result = _merge_alone(office, campaign.file_for(campaign.payload))
    assert result.status == REFUSED
    assert "không ghi được tệp tạm (database or disk is full)" in result.message
    assert tables_of(office) == before
    monkeypatch.undo()
    assert _merge_alone(office, campaign.file_for(campaign.payload)).status == APPLIED  # once there is room
