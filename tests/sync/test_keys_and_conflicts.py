"""Trust on first use, held files and key approval, conflicts between devices, duplicates across communes."""

from __future__ import annotations

import json
import shutil
import sqlite3

from desktop.core.db import open_database
from desktop.core.store import Store
from tests.helpers import unchanged
from tests.sync.conftest import cli, dump


def test_trust_new_hold_and_approve(district, capsys, tmp_path):
    plain = tmp_path / "plain.db"
    assert cli("--db", plain, "init", "--commune", "03298") == 0
    assert cli("--db", plain, "demo", "--households", "8", "--seed", "4") == 0
    first = district.export(plain, capsys, unencrypted=True)
    # Not made from a setup package: refused, naming the fingerprint and the option.
    with unchanged(district.office):
        assert cli("--db", district.office, "merge", first) == 1
    err = capsys.readouterr().err
    assert "--trust-new" in err and "-" in err.split("khóa của tệp: ")[1][:19]
    assert cli("--db", district.office, "merge", "--trust-new", first) == 0
    assert dump(district.office, "03298") == dump(plain, "03298")
    capsys.readouterr()
    assert cli("--db", district.office, "keys", "list") == 0
    listed = capsys.readouterr().out
    assert "03298" in listed and "bound" in listed and "trust_new" in listed

    # A replaced laptop: a new database for the same commune, another key → held.
    laptop = tmp_path / "laptop.db"
    assert cli("--db", laptop, "init", "--commune", "03298") == 0
    assert cli("--db", laptop, "demo", "--households", "2", "--seed", "5") == 0
    held = district.export(laptop, capsys, unencrypted=True)
    assert cli("--db", district.office, "merge", "--trust-new", held) == 1
    assert "held" in capsys.readouterr().out
    fp = sqlite3.connect(district.office).execute(
        "SELECT fingerprint FROM commune_keys WHERE commune_code = '03298' AND status = 'pending'").fetchone()[0]
    capsys.readouterr()
    with unchanged(district.office):
        assert cli("--db", district.office, "keys", "approve", "03298", "0000-0000-0000-0000") == 1
    assert capsys.readouterr().err
    assert cli("--db", district.office, "keys", "approve", "03298", fp.lower().replace("-", "")) == 0
    assert cli("--db", district.office, "merge", held) == 0
    capsys.readouterr()
    with unchanged(district.office):
        assert cli("--db", district.office, "merge", first) == 1  # the old key is retired now
    assert "held" in capsys.readouterr().out
    capsys.readouterr()
    assert cli("--db", district.office, "keys", "list") == 0
    assert "retired" in capsys.readouterr().out


def test_keys_commands_refused_at_a_commune(district, capsys):
    db = district.commune("03274", 3, 1)
    exported = district.export(db, capsys)
    with unchanged(db, district.office, district.root / "03274.gnsetup", exported):
        for args, needle in [
            (("--db", db, "keys", "list"), "văn phòng"),
            (("--db", db, "merge", exported), "văn phòng tổng hợp"),
            (("--db", district.office, "export-sync", "--out", district.root / "x"), ""),
            (("--db", district.office, "setup-package", "--commune", "03145", "--out", district.root / "p"),
             "không thuộc"),  # not in 099
            (("--db", district.office, "setup-package", "--commune", "03274", "--out",
              district.root / "03274.gnsetup"), "đã có"),  # exists
        ]:
            capsys.readouterr()
            assert cli(*args) == 1, args
            err = capsys.readouterr().err
            assert err and needle in err, (args, err)
    assert not (district.root / "x").exists() and not (district.root / "p").exists()


def test_edits_on_two_devices_from_same_base_kept_as_conflict(district, capsys, tmp_path):
    a = district.commune("03274", 6, 2)
    assert cli("--db", district.office, "merge", district.export(a, capsys)) == 0
    b = tmp_path / "copy-on-second-laptop.db"
    shutil.copyfile(a, b)  # opened at its new path, it takes a new device id
    dbs = []
    for path, name in ((a, "Lò Văn Pản"), (b, "Lò Văn Páng")):
        db = open_database(path)
        member = db.conn.execute("SELECT id FROM members ORDER BY id LIMIT 1").fetchone()[0]
        Store(db).update("members", member, {"full_name": name})
        dbs.append(db.identity.device_id)
        db.close()
    assert dbs[0] != dbs[1]
    files = [district.export(a, capsys), district.export(b, capsys)]
    finals = []
    for order in (files, files[::-1]):
        office = tmp_path / f"o{len(finals)}.db"
        shutil.copyfile(district.office, office)
        capsys.readouterr()
        assert cli("--db", office, "merge", *order) == 0
        assert "conflicts:1" in capsys.readouterr().out
        conn = sqlite3.connect(office)
        # The conflict set: the live version (the higher device id) and the other, kept for review.
        (kept,) = conn.execute("SELECT table_name, record_uuid, revision, device_id, version FROM sync_conflicts").fetchall()
        live = conn.execute("SELECT full_name, revision, device_id FROM members WHERE uuid = ?", (kept[1],)).fetchone()
        conn.close()
        assert kept[0] == "members" and kept[2] == live[1] == 2
        assert kept[3] == min(dbs) and live[2] == max(dbs)
        assert {json.loads(kept[4])["full_name"], live[0]} == {"Lò Văn Pản", "Lò Văn Páng"}
        finals.append((dump(office, "03274"), kept))
    assert finals[0] == finals[1]


def test_duplicates_across_communes_detected(district, capsys):
    a = district.commune("03274", 5, 11)
    b = district.commune("03271", 5, 12)
    # The same person registered in both communes: copy a member's citizen ID into commune B.
    src = open_database(a)
    person = dict(src.conn.execute("SELECT full_name, sex, birth_year, citizen_id FROM members WHERE citizen_id <> '' LIMIT 1").fetchone())
    src.close()
    dst = open_database(b)
    store = Store(dst)
    household = dst.conn.execute("SELECT id FROM households LIMIT 1").fetchone()[0]
    store.insert("members", {"household_id": household, "full_name": person["full_name"], "sex": person["sex"],
                             "birth_year": person["birth_year"], "citizen_id": person["citizen_id"],
                             "ethnicity_code": "03", "relationship": "other"})
    dst.close()
    assert cli("--db", district.office, "merge", district.export(a, capsys), district.export(b, capsys)) == 0
    conn = sqlite3.connect(district.office)
    kinds = {r[0] for r in conn.execute("SELECT kind FROM duplicate_candidates WHERE commune_a <> commune_b")}
    conn.close()
    assert "citizen_id" in kinds


def test_setup_package_carries_only_the_offices_rule_updates(district, tmp_path):
    import json

    from desktop.core.rules import shipped_rules

    plain = district.commune("03274", 1, 1)
    conn = sqlite3.connect(plain)
    assert conn.execute("SELECT COUNT(*) FROM rule_tables").fetchone()[0] == 0  # the app's own rules stay in force
    conn.close()
    update = dict(next(d for d in shipped_rules().documents if d["kind"] == "program_rules"), newly_escaped_months=24)
    office = sqlite3.connect(district.office)
    office.execute("INSERT INTO rule_tables (kind, code, document, received_at) VALUES (?, ?, ?, '2026-11-29')",
                   (update["kind"], update["code"], json.dumps(update)))
    office.commit()
    office.close()
    updated = district.commune("03271", 1, 2)
    db = open_database(updated)
    try:
        assert Store(db).rules.newly_escaped_months(2025) == 24
    finally:
        db.close()
