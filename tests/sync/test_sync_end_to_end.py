"""Sync end to end through the command line, with full table comparisons.

An office, three communes made from setup packages, demo data, exports and merges; then edits
and deletions, a second export merged in either order and twice; damaged, truncated, foreign-key
and wrong-commune files refused with no change.
"""

from __future__ import annotations

import shutil
import sqlite3
import zipfile

import pytest

from desktop.core.assessments import AssessmentDraft, save
from desktop.core.db import open_database
from desktop.core.store import Store
from tests.helpers import REFUSAL_LOG
from tests.sync.conftest import cli, dump, give_office_key

pytestmark = pytest.mark.slow

COMMUNES = {"03274": (30, 1), "03271": (25, 2), "03289": (20, 3)}


def data_tables(db_path):
    """The office's data, for before/after comparisons (everything but its own logs)."""
    conn = sqlite3.connect(db_path)
    out = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        if name not in REFUSAL_LOG:
            out[name] = sorted(map(repr, conn.execute(f"SELECT * FROM {name}")))
    conn.close()
    return out


def test_three_communes_edit_reorder_repeat_and_refusals(district, capsys, tmp_path):
    dbs = {code: district.commune(code, n, seed) for code, (n, seed) in COMMUNES.items()}
    first = {code: district.export(db, capsys) for code, db in dbs.items()}
    capsys.readouterr()
    assert cli("--db", district.office, "merge", *first.values()) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3 and all(" applied " in line for line in lines)
    for code, db in dbs.items():
        assert dump(district.office, code) == dump(db, code), code

    # Edits and deletions in one commune, through the core's write path.
    a = dbs["03274"]
    db = open_database(a)
    store = Store(db, actor="cán bộ xã")
    member = db.conn.execute("SELECT id FROM members WHERE relationship = 'spouse' LIMIT 1").fetchone()[0]
    store.update("members", member, {"full_name": "Lò Thị Ún", "notes": "sửa tên theo CCCD"})
    households = [r[0] for r in db.conn.execute("SELECT id FROM households ORDER BY id LIMIT 3")]
    store.delete("households", households[0], "Nhập trùng")
    store.delete("households", households[1], "Chuyển đi xã khác")
    store.restore("households", households[1], "Nhầm, hộ vẫn ở bản")
    assessment = db.conn.execute("SELECT id FROM assessments WHERE household_id = ? AND year = 2025", (households[2],)).fetchone()[0]
    save(store, households[2], AssessmentDraft(2025, 900_000, deprivations=["employment", "latrine", "water_source", "nutrition"],
                                               id=assessment))
    db.close()
    second = district.export(a, capsys)
    assert second.name.startswith("03274_000002_")

    # Either order, and twice, on copies of the office as it was after the first merges.
    base = tmp_path / "base.db"
    shutil.copyfile(district.office, base)
    finals = []
    for order in ([first["03274"], second], [second, first["03274"]], [second, first["03274"], second, first["03274"]]):
        office = tmp_path / f"office-{len(finals)}.db"
        shutil.copyfile(base, office)
        assert cli("--db", office, "merge", *order) == 0
        finals.append(dump(office, "03274"))
        assert cli("--db", office, "check") == 0
    assert finals[0] == finals[1] == finals[2] == dump(a, "03274")
    office = tmp_path / "office-0.db"
    row = sqlite3.connect(office).execute("SELECT deleted, deleted_reason FROM households WHERE uuid = "
                                          "(SELECT uuid FROM households ORDER BY id LIMIT 1)").fetchone()
    assert row == (1, "Nhập trùng")

    # Refusals: each exits 1 and changes nothing.
    before = data_tables(office)
    raw = second.read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    flipped = bytearray(raw)
    flipped[len(raw) // 2] ^= 0x01
    (bad / "03274_000003_flip.gnsync").write_bytes(bytes(flipped))
    manifest_flip = bytearray(raw)
    pos = raw.index(b'"sequence"')
    manifest_flip[pos + 14] ^= 0x01
    (bad / "03274_000004_manifest.gnsync").write_bytes(bytes(manifest_flip))
    (bad / "03274_000005_cut.gnsync").write_bytes(raw[: len(raw) * 2 // 3])
    (bad / "empty.gnsync").write_bytes(b"")
    for path in sorted(bad.iterdir()):
        capsys.readouterr()
        assert cli("--db", office, "merge", path) == 1, path.name
        assert " refused" in capsys.readouterr().out
        assert data_tables(office) == before, path.name

    # Signed by another key: a second database made for the same commune without the package (but
    # with the office's encryption key: an enrolled commune's plaintext file is refused outright).
    rogue = tmp_path / "rogue.db"
    assert cli("--db", rogue, "init", "--commune", "03274") == 0
    assert cli("--db", rogue, "demo", "--households", "3", "--seed", "7") == 0
    give_office_key(rogue, district.office)
    rogue_file = district.export(rogue, capsys)
    assert cli("--db", office, "merge", rogue_file) == 1
    assert "held" in capsys.readouterr().out
    after = data_tables(office)
    assert {k: v for k, v in after.items() if k != "commune_keys"} == {k: v for k, v in before.items() if k != "commune_keys"}
    assert cli("--db", office, "merge", "--trust-new", rogue_file) == 1  # --trust-new never replaces a bound key

    # Claiming another commune's code: commune 03271's database relabelled as 03289.
    liar = tmp_path / "liar.db"
    shutil.copyfile(dbs["03271"], liar)
    conn = sqlite3.connect(liar)
    conn.execute("UPDATE identity SET unit_code = '03289'")
    conn.commit()
    conn.close()
    liar_file = district.export(liar, capsys, unencrypted=True)
    before = data_tables(office)
    assert cli("--db", office, "merge", liar_file) == 1
    assert {k: v for k, v in data_tables(office).items() if k != "commune_keys"} == \
        {k: v for k, v in before.items() if k != "commune_keys"}

    # A mixed batch in one call (the next file is decoded while one is written): each file gets
    # its own outcome, in order; the good file is applied, exit 1.
    office2 = tmp_path / "office-mixed.db"
    shutil.copyfile(base, office2)
    capsys.readouterr()
    batch = [bad / "03274_000005_cut.gnsync", second, bad / "03274_000003_flip.gnsync", rogue_file, second,
             bad / "03274_000004_manifest.gnsync"]
    assert cli("--db", office2, "merge", *batch) == 1
    out = capsys.readouterr()
    statuses = [line.split(" ")[1] for line in out.out.splitlines()]
    assert statuses == ["refused", "applied", "refused", "held", "unchanged", "refused"]
    assert [line.split(" ")[0] for line in out.out.splitlines()] == [p.name for p in batch]
    assert out.err.count("03274_000005_cut.gnsync") == 1 and out.err.count("03274_000003_flip.gnsync") == 1
    assert dump(office2, "03274") == dump(a, "03274")


def test_encrypted_file_has_no_names_or_citizen_ids(district, capsys):
    db = district.commune("03274", 40, 5)
    path = district.export(db, capsys)
    raw = path.read_bytes()
    conn = sqlite3.connect(db)
    names = [r[0] for r in conn.execute("SELECT full_name FROM members")]
    ids = [r[0] for r in conn.execute("SELECT citizen_id FROM members WHERE citizen_id <> ''")]
    conn.close()
    assert names and ids
    for text in names + ids + ["Giàng", "Lò Văn"]:
        assert text.encode("utf-8") not in raw and text.encode("utf-16-le") not in raw
    manifest = zipfile.ZipFile(path).read("manifest.json").decode()
    assert '"encrypted": true' in manifest
    for text in names[:50]:
        assert text not in manifest


def test_dry_run_changes_nothing_and_verify_needs_no_database(district, capsys, tmp_path):
    db = district.commune("03274", 10, 9)
    path = district.export(db, capsys)
    before = data_tables(district.office)
    assert cli("--db", district.office, "merge", "--dry-run", path) == 0
    out = capsys.readouterr().out
    assert "dry-run" in out and "households=new:10/" in out
    assert data_tables(district.office) == before
    assert cli("--db", tmp_path / "nothing-here.db", "verify", path) == 0
    assert '"sequence": 1' in capsys.readouterr().out
    assert not (tmp_path / "nothing-here.db").exists()
    broken = tmp_path / "x.gnsync"
    broken.write_bytes(path.read_bytes()[:-10])
    assert cli("verify", broken) == 1
