"""The staging step: a helper process (large batches) or thread stages each file into a temporary
SQLite file that the merge applies with set-based SQL; references are resolved within the commune."""

from __future__ import annotations

import copy
import multiprocessing
import os
import shutil
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

import pytest

from desktop.core.db import open_database
from desktop.core.i18n import set_language
from desktop.core.portable import values_digest
from desktop.core.sync import merge, runtime
from desktop.core.sync.merge import ALREADY, APPLIED, DRY_RUN, REFUSED, merge_files
from desktop.core.sync.plan import stage
from tests.sync.conftest import cli, dump
from tests.sync.fuzzing import COMMUNE, Campaign, rechain, tables_of, vouch

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


def _helpers(monkeypatch) -> tuple[list[str], list[bool]]:
    """Record which kind of helper each merge_files call starts, and for each file staged whether
    another process staged it (a broken helper would quietly leave the work to the merge itself)."""
    kinds: list[str] = []
    helped: list[bool] = []
    real, real_staged = merge.helper, merge._Batch.staged

    def spy(files):
        pool = real(files)
        kinds.append(type(pool).__name__)
        return pool

    def staged(batch, *args):
        result = real_staged(batch, *args)
        helped.append(result.pid != os.getpid())
        return result

    monkeypatch.setattr(merge, "helper", spy)
    monkeypatch.setattr(merge._Batch, "staged", staged)
    return kinds, helped


def test_a_helper_process_and_a_helper_thread_give_the_same_office(district, capsys, tmp_path, monkeypatch):
    communes = {code: district.commune(code, 5, seed) for code, seed in (("03274", 81), ("03271", 82))}
    files = [district.export(db, capsys) for db in communes.values()]
    broken = tmp_path / "03289_000001_broken.gnsync"
    broken.write_bytes(b"not a sync file")
    batch = [files[0], broken, files[1], files[0]]
    by_thread = tmp_path / "by-thread.db"
    shutil.copyfile(district.office, by_thread)
    kinds, helped = _helpers(monkeypatch)

    monkeypatch.setattr(runtime, "PROCESS_FROM_BYTES", 0)
    db = open_database(district.office)
    try:
        assert [r.status for r in merge_files(db, batch, dry_run=True)] == [DRY_RUN, REFUSED, DRY_RUN, DRY_RUN]
        process_results = merge_files(db, batch)
    finally:
        db.close()
    monkeypatch.setattr(runtime, "PROCESS_FROM_BYTES", 10**12)
    db = open_database(by_thread)
    try:
        thread_results = merge_files(db, batch)
    finally:
        db.close()

    assert kinds == ["ProcessPoolExecutor", "ProcessPoolExecutor", "ThreadPoolExecutor"]
    assert helped == [True] * 6 + [False] * 3  # dry run and merge (3 files each) in the helper process
    assert [r.status for r in process_results] == [APPLIED, REFUSED, APPLIED, ALREADY]
    assert [(r.status, r.message, r.summary) for r in process_results] == \
        [(r.status, r.message, r.summary) for r in thread_results]
    assert process_results[0].summary["members"]["new"] > 0
    assert _content(district.office) == _content(by_thread)
    for code, commune_db in communes.items():
        assert dump(district.office, code) == dump(commune_db, code)
    assert not multiprocessing.active_children()
    assert not list(tmp_path.glob(".*-gop-*"))  # the staging files and their folders are gone


def test_the_helper_process_answers_in_the_users_language(tmp_path, monkeypatch):
    campaign = Campaign(tmp_path, households=2)
    good = campaign.file_for(campaign.payload)
    bad = campaign.file_for(dict(campaign.payload, commune_code="03271"))  # disagrees with the manifest
    monkeypatch.setattr(runtime, "PROCESS_FROM_BYTES", 0)
    kinds, helped = _helpers(monkeypatch)
    office = _office(campaign, tmp_path)
    db = open_database(office)
    set_language("en")
    try:
        results = merge_files(db, [good, bad])
    finally:
        set_language("vi")
        db.close()
    assert kinds == ["ProcessPoolExecutor"] and helped == [True, True]
    assert [r.status for r in results] == [APPLIED, REFUSED]
    assert results[1].message.startswith(f"File {bad.name} refused:"), results[1].message
    assert "another commune" in results[1].message


def test_a_dead_helper_process_does_not_stop_the_batch(district, capsys, tmp_path, monkeypatch):
    communes = [district.commune(code, 3, seed) for code, seed in (("03274", 91), ("03271", 92), ("03289", 93))]
    files = [district.export(db, capsys) for db in communes]
    monkeypatch.setattr(runtime, "PROCESS_FROM_BYTES", 0)
    kinds, helped = _helpers(monkeypatch)
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
    assert helped[0] and not helped[-1]  # the last file was staged by the merge itself
    assert [r.status for r in results] == [APPLIED] * 3
    for commune_db, code in zip(communes, ("03274", "03271", "03289"), strict=True):
        assert dump(district.office, code) == dump(commune_db, code)


def _office(campaign: Campaign, folder: Path) -> Path:
    """A copy of the campaign's office, opened once (a copied database takes its own device id)."""
    office = folder / "office.db"
    shutil.copyfile(campaign.office_template, office)
    open_database(office).close()
    return office


def _office_with_a_neighbour(campaign: Campaign, tmp_path: Path) -> tuple[Path, str, str]:
    """A copy of the office holding one village and household of another commune (03271)."""
    office = _office(campaign, tmp_path)
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
    vouch(payload, [("members", len(block["rows"]) - 1)])
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
    old = block["rows"][0][block["columns"].index("uuid")]
    block["rows"][0][block["columns"].index("uuid")] = village
    audit = payload["audit"]  # its whole history renamed, consistently (a patched app)
    at = {c: i for i, c in enumerate(audit["columns"])}
    record = dict(zip(block["columns"], block["rows"][0], strict=True))
    for row in audit["rows"]:
        if row[at["record_uuid"]] == old:
            row[at["record_uuid"]] = village
            if (row[at["revision"]], row[at["device_id"]]) == (record["revision"], record["device_id"]):
                row[at["values_sha256"]] = values_digest(record)
    rechain(payload)
    before = tables_of(office)
    result = _merge_alone(office, campaign.file_for(payload))
    assert result.status == REFUSED
    assert "03271" in result.message and "villages" in result.message
    assert tables_of(office) == before


def test_staging_files_stay_beside_the_database_and_are_removed(tmp_path, monkeypatch):
    """The decrypted records never go to a shared temporary folder; after the merge nothing is left,
    the staging file is detached from the merge's connection (also after a refusal), and folders
    left by a merge killed midway are cleared by the next one once they are old."""
    campaign = Campaign(tmp_path / "c", households=2)
    (tmp_path / "office").mkdir()
    office = _office(campaign, tmp_path / "office")
    stale = office.parent / ".office.db-gop-killed"
    stale.mkdir()
    (stale / "0.db").write_bytes(b"x" * 100)
    old = time.time() - 7 * 3600
    os.utime(stale, (old, old))
    recent = office.parent / ".office.db-gop-running"  # another merge of this office, still running
    recent.mkdir()
    seen_folders = []
    real = merge.stage

    def spy(conn, path, code, staged):
        seen_folders.append(Path(staged.target).parent)
        return real(conn, path, code, staged)

    monkeypatch.setattr(merge, "stage", spy)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))  # never used
    bad = copy.deepcopy(campaign.payload)
    bad["tables"]["members"]["rows"][0][bad["tables"]["members"]["columns"].index("household_uuid")] = "nowhere"
    db = open_database(office)
    try:
        results = merge_files(db, [campaign.file_for(bad), campaign.file_for(campaign.payload)])
        assert [r.status for r in results] == [REFUSED, APPLIED]
        assert [r[1] for r in db.conn.execute("PRAGMA database_list")] == ["main"]
    finally:
        db.close()
    assert seen_folders and all(folder.parent == office.parent for folder in seen_folders)
    assert sorted(p.name for p in office.parent.iterdir() if p.is_dir()) == [recent.name]
    conn = sqlite3.connect(office)
    assert conn.execute("SELECT COUNT(*) FROM households WHERE commune_code = ?", (COMMUNE,)).fetchone()[0] == 2
    conn.close()


def test_a_staging_file_that_cannot_be_deleted_does_not_stop_the_batch(tmp_path, monkeypatch):
    campaign = Campaign(tmp_path, households=2)
    office = _office(campaign, tmp_path)
    real_unlink = Path.unlink

    def locked(self, missing_ok=False):
        if self.suffix == ".db" and "-gop-" in self.parent.name and self.exists():
            raise PermissionError("the file is used by another process")
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", locked)
    other = copy.deepcopy(campaign.payload)
    villages = other["tables"]["villages"]
    villages["rows"][0][villages["columns"].index("notes")] = "Đổi ghi chú"
    vouch(other, [("villages", 0)])  # the new version is accounted for by an entry (a revision is earned)
    db = open_database(office)
    try:
        results = merge_files(db, [campaign.file_for(campaign.payload), campaign.file_for(other)])
    finally:
        db.close()
    assert [r.status for r in results] == [APPLIED, APPLIED]
    assert not list(tmp_path.glob(".*-gop-*"))  # the folder went with everything in it


def test_a_full_temporary_folder_refuses_the_file_and_changes_nothing(tmp_path, monkeypatch):
    from desktop.core.sync import staging

    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    campaign = Campaign(tmp_path, households=2)
    office = _office(campaign, tmp_path)
    before = tables_of(office)
    monkeypatch.setattr(staging, "_write_staging", full)
    result = _merge_alone(office, campaign.file_for(campaign.payload))
    assert result.status == REFUSED
    assert "không ghi được tệp tạm (database or disk is full)" in result.message
    assert tables_of(office) == before
    monkeypatch.undo()
    assert _merge_alone(office, campaign.file_for(campaign.payload)).status == APPLIED  # once there is room


def test_a_file_merged_before_is_compared_on_its_keys_alone(tmp_path):
    """Staging only the keys (for a file already merged) gives the summary a full staging gives."""
    from desktop.core.sync import format as fmt
    from desktop.core.sync import staging

    campaign = Campaign(tmp_path, households=3)
    office = _office(campaign, tmp_path)
    assert _merge_alone(office, campaign.file_for(campaign.payload)).status == APPLIED
    payload = copy.deepcopy(campaign.payload)
    block = payload["tables"]["members"]
    col = {c: i for i, c in enumerate(block["columns"])}
    block["rows"][0][col["notes"]] = "Sửa ghi chú"            # updated
    block["rows"][1][col["deleted"]] = 1                      # deleted
    block["rows"][2][col["device_id"]] = "zz-another-device"  # same revision, another device: conflict
    block["rows"][2][col["notes"]] = "Sửa trên máy khác"
    vouch(payload, [("members", 0), ("members", 1), ("members", 2)])
    verified = fmt.read_verified(campaign.file_for(payload))
    db = open_database(office)
    try:
        specs = staging.specs(db.conn)
        summaries = []
        for keys_only in (False, True):
            staged = staging.stage_file(verified, None, specs, str(tmp_path / f"{keys_only}.db"), keys_only=keys_only)
            assert staged.failure is None and staged.keys_only is keys_only
            db.conn.execute("ATTACH DATABASE ? AS st", (staged.target,))
            try:
                plan = stage(db.conn, verified.path, COMMUNE, staged)
            finally:
                db.conn.execute("DETACH DATABASE st")
            summaries.append(plan.summary)
            assert len(plan.conflicts) == (0 if keys_only else 1)
    finally:
        db.close()
    assert summaries[0] == summaries[1]
    members = summaries[0]["members"]
    assert (members["updated"], members["deleted"], members["conflicts"]) == (1, 1, 1)
    assert members["unchanged"] == len(block["rows"]) - 3


def test_a_full_disk_while_comparing_refuses_the_file_and_the_batch_goes_on(tmp_path, monkeypatch):
    campaign = Campaign(tmp_path, households=2)
    office = _office(campaign, tmp_path)
    before = tables_of(office)
    real = merge.stage
    calls = []

    def full_staging_disk(conn, *args):
        calls.append(1)
        if len(calls) == 1:  # the staging file cannot grow: its disk is full
            conn.execute("PRAGMA st.max_page_count = 1")
        return real(conn, *args)

    monkeypatch.setattr(merge, "stage", full_staging_disk)
    db = open_database(office)
    try:
        first, second = merge_files(db, [campaign.file_for(campaign.payload), campaign.file_for(campaign.payload)])
    finally:
        db.close()
    assert first.status == REFUSED and "không ghi được tệp tạm" in first.message
    assert second.status == APPLIED
    monkeypatch.undo()
    after = tables_of(office)
    assert after != before and after["households"]


def test_a_reference_is_checked_by_a_dry_run_and_named_in_the_files_order(tmp_path):
    """New records before updated ones, tables parents first: the message names the first bad
    reference, and a dry run refuses what the merge would refuse."""
    campaign = Campaign(tmp_path, households=3)
    office = _office(campaign, tmp_path)
    assert _merge_alone(office, campaign.file_for(campaign.payload)).status == APPLIED
    payload = copy.deepcopy(campaign.payload)
    members = payload["tables"]["members"]
    col = {c: i for i, c in enumerate(members["columns"])}
    members["rows"][0][col["revision"]] += 1                 # an update with a bad reference...
    members["rows"][0][col["household_uuid"]] = "nowhere"
    new_member = list(members["rows"][1])                    # ...after a new record with one
    new_member[col["uuid"]] = "03274000-0000-8000-8000-000000000001"
    new_member[col["household_uuid"]] = "nowhere-either"
    new_member[col["revision"]] = 1
    members["rows"].append(new_member)
    vouch(payload, [("members", 0), ("members", len(members["rows"]) - 1)])
    path = campaign.file_for(payload)
    before = tables_of(office)
    db = open_database(office)
    try:
        (dry,) = merge_files(db, [path], dry_run=True)
        (real,) = merge_files(db, [path])
    finally:
        db.close()
    assert dry.status == real.status == REFUSED
    assert dry.message == real.message
    assert "members" in real.message and "household_uuid" in real.message
    assert tables_of(office) == before


def test_a_key_bound_by_one_file_is_trusted_before_the_next_file_is_decoded(district, capsys, tmp_path, monkeypatch):
    """--trust-new binds the first file's key; a second file of the same commune signed by
    another key is then held, and is not decoded ahead meanwhile."""
    first_db = tmp_path / "first.db"
    assert cli("--db", first_db, "init", "--commune", "03274") == 0
    assert cli("--db", first_db, "demo", "--households", "2", "--seed", "5") == 0
    other_db = tmp_path / "other.db"
    assert cli("--db", other_db, "init", "--commune", "03274") == 0
    assert cli("--db", other_db, "demo", "--households", "2", "--seed", "6") == 0
    files = [district.export(first_db, capsys, unencrypted=True), district.export(other_db, capsys, unencrypted=True)]
    decoded = []
    real = merge.stage_file
    monkeypatch.setattr(merge, "stage_file", lambda verified, *a, **kw: decoded.append(verified.path) or real(verified, *a, **kw))
    db = open_database(district.office)
    try:
        results = merge_files(db, files, trust_new=True)
    finally:
        db.close()
    assert [r.status for r in results] == [APPLIED, "held"]
    assert decoded == [files[0]]


def test_another_communes_next_file_is_staged_while_a_binding_file_is_applied(district, capsys, monkeypatch):
    """A file that binds its commune's key (the first from a setup package) leaves the next file of
    *another* commune free to be staged at once: that commune's signer is judged the same before
    and after the binding. (The next file of the same commune waits: the test above.)"""
    files = [district.export(district.commune(code, 2, seed), capsys) for code, seed in (("03274", 1), ("03271", 2))]
    events: list[str] = []
    other_staging = threading.Event()
    real_stage, real_apply = merge.stage_file, merge.apply

    def stage_spy(verified, *args, **kwargs):
        events.append(f"stage {verified.commune_code}")
        if verified.commune_code == "03271":
            other_staging.set()
        return real_stage(verified, *args, **kwargs)

    def apply_spy(db, verified, *args, **kwargs):
        if verified.commune_code == "03274":
            # The other commune's file is being staged while this one is applied: its staging
            # starts without waiting for this apply (on a busy machine the thread may take a moment).
            events.append("staged meanwhile" if other_staging.wait(10) else "not staged meanwhile")
        events.append(f"apply {verified.commune_code}")
        return real_apply(db, verified, *args, **kwargs)

    monkeypatch.setattr(merge, "stage_file", stage_spy)
    monkeypatch.setattr(merge, "apply", apply_spy)
    db = open_database(district.office)
    try:
        results = merge_files(db, files)
    finally:
        db.close()
    assert [r.status for r in results] == [APPLIED, APPLIED]
    assert "staged meanwhile" in events and events.index("stage 03271") < events.index("apply 03274"), events
