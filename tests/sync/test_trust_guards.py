"""Trust, written as the attack or the accident: a key that speaks for two communes, a held key
bound by --trust-new, a file exported in the clear without anyone asking for it.

(Issue "Sync, part 2: trust", findings 4 and 8.)
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.helpers import unchanged
from tests.sync.conftest import cli, dump


def _plain(tmp_path: Path, name: str, code: str, households: int = 3, seed: int = 1) -> Path:
    """A commune database made with plain `init --commune` (no setup package: no office key)."""
    db = tmp_path / f"{name}.db"
    assert cli("--db", db, "init", "--commune", code) == 0
    assert cli("--db", db, "demo", "--households", households, "--seed", seed) == 0
    return db


def _copy_key(source: Path, target: Path) -> None:
    """The attacker puts one database's signing key into another (any SQLite tool does it)."""
    key = sqlite3.connect(source).execute("SELECT sign_secret_key FROM identity").fetchone()[0]
    conn = sqlite3.connect(target)
    conn.execute("UPDATE identity SET sign_secret_key = ?", (key,))
    conn.commit()
    conn.close()


def _exports(db: Path) -> list[tuple]:
    return sqlite3.connect(db).execute("SELECT * FROM sync_exports").fetchall()


def test_a_commune_without_the_office_key_does_not_export_in_the_clear_unless_asked(tmp_path, capsys):
    plain = _plain(tmp_path, "plain", "03274")
    out = tmp_path / "usb"
    capsys.readouterr()
    assert cli("--db", plain, "export-sync", "--out", out) == 1
    err = capsys.readouterr().err
    assert "không được mã hóa" in err and "gói cài đặt" in err and "--unencrypted" in err
    assert not out.exists() or not any(out.iterdir())  # no file written
    assert _exports(plain) == []  # no sequence used up
    assert cli("--db", plain, "export-sync", "--out", out, "--unencrypted") == 0
    captured = capsys.readouterr()
    assert Path(captured.out.strip()).exists() and "không được mã hóa" in captured.err
    assert len(_exports(plain)) == 1


def test_a_commune_made_from_a_setup_package_exports_encrypted_without_asking(district, capsys):
    commune = district.commune("03274", 2, 3)
    sent = district.export(commune, capsys)
    assert sent.exists()
    assert sqlite3.connect(commune).execute("SELECT encrypted FROM sync_exports").fetchone()[0] == 1


def test_trust_new_says_which_key_it_bound_for_which_commune(district, tmp_path, capsys):
    plain = _plain(tmp_path, "plain", "03298")
    sent = district.export(plain, capsys, unencrypted=True)
    assert cli("--db", district.office, "merge", "--trust-new", sent) == 0
    captured = capsys.readouterr()
    fp = sqlite3.connect(district.office).execute(
        "SELECT fingerprint FROM commune_keys WHERE commune_code = '03298' AND status = 'bound'").fetchone()[0]
    assert f"khóa {fp} cho xã 03298" in captured.err and fp not in captured.out


def test_trust_new_never_binds_a_key_that_speaks_for_another_commune(district, tmp_path, capsys):
    a = _plain(tmp_path, "a", "03298", seed=1)
    assert cli("--db", district.office, "merge", "--trust-new", district.export(a, capsys, unencrypted=True)) == 0
    # Commune A's laptop key, put into a database of commune B: B's records signed by A's key.
    b = _plain(tmp_path, "b", "03271", seed=2)
    _copy_key(a, b)
    forged = district.export(b, capsys, unencrypted=True)
    before_a = dump(district.office, "03298")
    with unchanged(district.office):
        assert cli("--db", district.office, "merge", "--trust-new", forged) == 1
    err = capsys.readouterr().err
    assert "đã được công nhận cho xã 03298" in err and "03271" in err
    assert dump(district.office, "03298") == before_a
    assert sqlite3.connect(district.office).execute(
        "SELECT COUNT(*) FROM households WHERE commune_code = '03271'").fetchone()[0] == 0


def test_trust_new_never_binds_a_held_key(district, tmp_path, capsys):
    a = _plain(tmp_path, "a", "03298", seed=1)
    assert cli("--db", district.office, "merge", "--trust-new", district.export(a, capsys, unencrypted=True)) == 0
    # A second laptop for A, another key: its file is held (the key pending, not bound).
    laptop = _plain(tmp_path, "laptop", "03298", seed=3)
    assert cli("--db", district.office, "merge", "--trust-new", district.export(laptop, capsys, unencrypted=True)) == 1
    assert "held" in capsys.readouterr().out
    # The held key now tries to enrol commune B by --trust-new.
    b = _plain(tmp_path, "b", "03271", seed=2)
    _copy_key(laptop, b)
    with unchanged(district.office):
        assert cli("--db", district.office, "merge", "--trust-new", district.export(b, capsys, unencrypted=True)) == 1
    err = capsys.readouterr().err
    assert "đang bị tạm giữ" in err and "keys approve" in err
    assert sqlite3.connect(district.office).execute(
        "SELECT COUNT(*) FROM commune_keys WHERE commune_code = '03271'").fetchone()[0] == 0


def test_a_restored_commune_numbers_its_files_afresh_and_never_reuses_a_name(district, tmp_path, capsys):
    """Finding 2, the file names: backup, export, restore, export within the same minute — the
    restored database is another device; it numbers on from its backup (here: 1 again), and its
    file's name differs from the earlier one by the device's tag."""
    commune = district.commune("03274", 3, 8)
    saved = tmp_path / "sao-luu.db"
    assert cli("--db", commune, "backup", "--out", saved) == 0
    first = district.export(commune, capsys)
    device_before = sqlite3.connect(commune).execute("SELECT device_id FROM identity").fetchone()[0]
    assert cli("--db", commune, "restore", saved) == 0
    second = district.export(commune, capsys)
    device_after = sqlite3.connect(commune).execute("SELECT device_id FROM identity").fetchone()[0]
    assert device_after != device_before
    assert first.name != second.name
    assert first.name.split("_")[1] == second.name.split("_")[1] == "000001"
    assert first.stem.split("_")[-1] == device_before.replace("-", "")[:4]
    assert second.stem.split("_")[-1] == device_after.replace("-", "")[:4]
    # Both files are kept: the office merges the earlier one, then the restored one's.
    assert cli("--db", district.office, "merge", first, second) == 0


def test_a_device_numbers_its_files_one_after_another(district, capsys):
    commune = district.commune("03274", 2, 9)
    names = [district.export(commune, capsys).name for _ in range(3)]
    assert [n.split("_")[1] for n in names] == ["000001", "000002", "000003"]
    rows = sqlite3.connect(commune).execute("SELECT device_id, sequence FROM sync_exports ORDER BY sequence").fetchall()
    assert len({device for device, _ in rows}) == 1 and [s for _, s in rows] == [1, 2, 3]


def test_a_revision_set_by_hand_to_pin_a_record_is_refused_at_the_merge_and_listed_by_check(district, capsys):
    """Finding 1, its first form: a commune database edited with any SQLite tool — a household's
    revision set to 2^63−1 and its address changed — then exported normally. The office refuses
    the file, naming the household; nothing is applied; the commune's own `check` lists it."""
    commune = district.commune("03274", 3, 12)
    assert cli("--db", district.office, "merge", district.export(commune, capsys)) == 0
    conn = sqlite3.connect(commune)
    uuid, code = conn.execute("SELECT uuid, code FROM households ORDER BY id LIMIT 1").fetchone()
    conn.execute("UPDATE households SET revision = 9223372036854775807, address = 'PINNED' WHERE uuid = ?", (uuid,))
    conn.commit()
    conn.close()
    pinned = district.export(commune, capsys)
    with unchanged(district.office):
        assert cli("--db", district.office, "merge", pinned) == 1
    err = capsys.readouterr().err
    assert code in err and "phiên bản 9223372036854775807" in err and "nhật ký" in err
    capsys.readouterr()
    assert cli("--db", commune, "check") == 1
    out = capsys.readouterr()
    assert "phiên bản không khớp nhật ký" in out.out + out.err and code in out.out + out.err
