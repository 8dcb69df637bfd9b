"""Files readable by everyone (issue #13): databases, backups, setup packages, sync files and
staging files were created 0644; a symbolic link planted at the predictable `.<name>.tmp` made
`export-sync` overwrite the link's target; a killed merge's staging folder (a plaintext SQLite
file of names and citizen IDs) stayed for six hours.

Now every such file is private (0600) from its first byte, a link at a temporary name refuses
the write with a message (the link's target unchanged, the export's number given back), and a
staging folder whose merge is gone is removed by the next merge whatever its age.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.core import files
from desktop.core.db import create_database, open_database
from desktop.core.errors import Refusal
from desktop.core.sync import export as export_module
from desktop.core.sync import format as fmt
from desktop.core.sync import merge, runtime
from tests.helpers import unchanged
from tests.sync.conftest import cli

POSIX = os.name == "posix"
needs_modes = pytest.mark.skipif(not POSIX, reason="file modes are POSIX")
needs_links = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="symbolic links")
CREATED = "2026-12-07T05:40:00.000000Z"


def mode(path: Path) -> int:
    return os.stat(path).st_mode & 0o777


@needs_modes
def test_packages_databases_sync_files_and_staging_files_are_private(district, capsys, monkeypatch):
    commune = district.commune("03274", households=2, seed=1)
    package = district.root / "03274.gnsetup"
    assert mode(package) == 0o600
    assert mode(district.office) == 0o600 and mode(commune) == 0o600
    sent = district.export(commune, capsys)
    assert mode(sent) == 0o600

    seen = []
    real = merge.stage

    def spy(conn, path, code, staged):
        target = Path(staged.target)
        seen.append((mode(target), mode(target.parent)))
        return real(conn, path, code, staged)

    monkeypatch.setattr(merge, "stage", spy)
    assert cli("--db", district.office, "merge", sent) == 0
    assert seen == [(0o600, 0o700)]


def _planted(tmp_path: Path) -> tuple[Path, bytes]:
    victim = tmp_path / "khong-lien-quan.txt"
    victim.write_bytes(b"a file the app must never write\n")
    return victim, victim.read_bytes()


@needs_links
def test_a_link_at_the_exports_temporary_name_refuses_the_export(district, capsys, monkeypatch, tmp_path):
    commune = district.commune("03274", households=2, seed=1)
    monkeypatch.setattr(export_module, "utc_now", lambda: CREATED)
    db = open_database(commune)
    device = db.identity.device_id
    db.close()
    outbox = tmp_path / "usb"
    outbox.mkdir()
    name = fmt.file_name("03274", 1, CREATED, device)
    victim, before = _planted(tmp_path)
    link = outbox / f".{name}.tmp"
    link.symlink_to(victim)
    capsys.readouterr()

    assert cli("--db", commune, "export-sync", "--out", outbox) == 1
    err = capsys.readouterr().err
    assert "không ghi qua liên kết" in err and link.name in err and "Chưa có gì được ghi" in err
    assert victim.read_bytes() == before and link.is_symlink()
    assert sorted(p.name for p in outbox.iterdir()) == [link.name]
    conn = sqlite3.connect(commune)
    assert conn.execute("SELECT COUNT(*) FROM sync_exports").fetchone()[0] == 0  # the number given back
    conn.close()

    link.unlink()  # once the link is gone the same file is written, with number 1
    assert cli("--db", commune, "export-sync", "--out", outbox) == 0
    assert sorted(p.name for p in outbox.iterdir()) == [name]
    assert victim.read_bytes() == before


@needs_links
def test_a_link_at_the_backups_temporary_name_refuses_the_backup(tmp_path, capsys):
    db = tmp_path / "xa.db"
    assert cli("--db", db, "init", "--commune", "03274") == 0
    victim, before = _planted(tmp_path)
    out = tmp_path / "usb" / "sao-luu.db"
    out.parent.mkdir()
    (out.parent / ".sao-luu.db.tmp").symlink_to(victim)
    capsys.readouterr()
    with unchanged(out.parent):
        assert cli("--db", db, "backup", "--out", out) == 1
    assert "không ghi qua liên kết" in capsys.readouterr().err
    assert victim.read_bytes() == before and not out.exists()


@needs_links
def test_a_link_at_a_new_databases_temporary_name_refuses_init(tmp_path, capsys):
    victim, before = _planted(tmp_path)
    db = tmp_path / "xa.db"
    (tmp_path / f".xa.db.{os.getpid()}.tmp").symlink_to(victim)
    assert cli("--db", db, "init", "--commune", "03274") == 1
    assert "không ghi qua liên kết" in capsys.readouterr().err
    assert victim.read_bytes() == before and not db.exists()


def test_a_temporary_file_left_by_an_interrupted_write_does_not_block_the_next(tmp_path):
    target = tmp_path / "goi.gnsetup"
    leftover = tmp_path / ".goi.gnsetup.tmp"
    leftover.write_bytes(b"half a file, from before the power cut")
    fmt.write_new(target, b"the whole file")
    assert target.read_bytes() == b"the whole file" and not leftover.exists()
    if POSIX:
        assert mode(target) == 0o600


def test_write_new_never_replaces_a_file(tmp_path):
    target = tmp_path / "tep.gnsync"
    target.write_bytes(b"an earlier file")
    with pytest.raises(Refusal, match="đã có; không ghi đè"):
        fmt.write_new(target, b"new")
    assert target.read_bytes() == b"an earlier file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tep.gnsync"]


def test_write_new_never_replaces_a_file_that_appears_while_it_writes(tmp_path, monkeypatch):
    target = tmp_path / "tep.gnsync"
    real = files.open_scratch

    def meanwhile(path, tag="tmp"):
        opened = real(path, tag)
        target.write_bytes(b"another writer's file")
        return opened

    monkeypatch.setattr(files, "open_scratch", meanwhile)
    with pytest.raises(Refusal, match="đã có; không ghi đè"):
        files.write_new(target, b"new")
    assert target.read_bytes() == b"another writer's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tep.gnsync"]


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(done.stdout)


def _work_folder(database: Path, pid: int, age: float = 0.0, host: str | None = None) -> Path:
    """A staging folder as a merge of process `pid` makes it, holding a plaintext staging file."""
    host = host or runtime._host_tag()
    folder = database.parent / f".{database.name}-gop-{host}-{pid}-x1y2z3"
    folder.mkdir()
    (folder / "0.db").write_bytes(b"SQLite format 3\x00 names and citizen IDs")
    if age:
        then = time.time() - age
        os.utime(folder, (then, then))
    return folder


def test_a_killed_merges_staging_folder_goes_at_the_next_merge_whatever_its_age(district, capsys):
    commune = district.commune("03274", households=2, seed=1)
    sent = district.export(commune, capsys)
    killed = _work_folder(district.office, _dead_pid())  # killed a minute ago: young, and gone
    assert runtime.work_prefix(district.office).startswith(f".{district.office.name}-gop-{runtime._host_tag()}-")
    assert cli("--db", district.office, "merge", sent) == 0
    assert not killed.exists()
    assert not list(district.root.glob(".office.db-gop-*"))


def test_a_killed_merges_staging_folder_goes_when_the_database_is_next_opened(district, capsys):
    killed = _work_folder(district.office, _dead_pid())
    capsys.readouterr()
    assert cli("--db", district.office, "stats", "--json") == 0  # any command: the database is opened
    assert not killed.exists()


def test_which_staging_folders_are_removed(tmp_path):
    """What `remove_stale_work` (each merge's start, and the app's once wired) removes: a folder
    whose merge's process is gone, at once; a folder whose owner cannot be told (another computer,
    a folder named by an older version, a process id still alive) once left alone for half an
    hour; never a running merge's folder, never through a link."""
    database = tmp_path / "office.db"
    database.write_bytes(b"")
    dead = _work_folder(database, _dead_pid())
    mine = _work_folder(database, os.getpid(), age=10 * 60)  # this process's merge, running
    other_host_young = _work_folder(database, 12345, age=5 * 60, host="0badf00d")
    other_host_old = _work_folder(database, 12346, age=31 * 60, host="0badf00d")
    legacy_young = database.parent / ".office.db-gop-abcd1234"
    legacy_young.mkdir()
    legacy_old = database.parent / ".office.db-gop-efgh5678"
    legacy_old.mkdir()
    then = time.time() - 7 * 3600
    os.utime(legacy_old, (then, then))
    another_db = _work_folder(tmp_path / "other.db", _dead_pid())
    kept_dir = tmp_path / "du-lieu-quan-trong"
    kept_dir.mkdir()
    (kept_dir / "giu.txt").write_text("giữ")
    if POSIX:
        (database.parent / ".office.db-gop-link").symlink_to(kept_dir)

    removed = runtime.remove_stale_work(database)

    assert sorted(p.name for p in removed) == sorted(p.name for p in (dead, other_host_old, legacy_old))
    for folder in (mine, other_host_young, legacy_young, another_db):
        assert folder.is_dir()
    assert (kept_dir / "giu.txt").read_text() == "giữ"


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_a_database_made_before_files_were_private_becomes_private_when_opened(tmp_path):
    path = tmp_path / "xa-cu.db"
    create_database(path, "commune", "03274").close()
    os.chmod(path, 0o644)  # as an older version made it
    open_database(path).close()
    assert path.stat().st_mode & 0o777 == 0o600
