"""Setup packages: opened only with the one-time code the office printed with them.

A package with another package's code, a changed byte, a package another office made, a code
with a typo, an expired package, a damaged file or the wrong kind of file is refused whole,
naming the problem and writing nothing (no database, no temporary file). Without the code the
file shows neither the enrolment secret nor the office's keys. Once the commune's key is bound,
the package's secret is void: a second computer set up from it cannot enrol. Both sides print the
other's key fingerprint."""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import io
import json
import re
import sqlite3
import zipfile
import zlib

import pytest
from nacl.signing import SigningKey

from desktop.core.db import create_database, open_database
from desktop.core.errors import Refusal
from desktop.core.i18n import set_language
from desktop.core.sync import format as fmt
from desktop.core.sync import package as package_module
from desktop.core.sync.keys import fingerprint, public_box_hex, public_sign_hex, signing_key
from desktop.core.sync.package import (
    HEADER_BYTES,
    MAGIC,
    PACKAGE_VERSION,
    init_from_package,
    read_setup_package,
    seal_package,
    write_setup_package,
)
from desktop.core.sync.setup_code import damm, format_code, normalize_code
from tests.helpers import refused, unchanged
from tests.sync.conftest import cli, init_from_setup, setup_package

WRONG_CODE = "không mở được gói này"


@pytest.fixture(autouse=True)
def _vietnamese_after():
    """Tests that run the command line in English leave the core speaking Vietnamese again."""
    yield
    set_language("vi")


@pytest.fixture
def issued(office_db, tmp_path):
    return write_setup_package(office_db, "03274", tmp_path / "packages" / "03274.gnsetup")


def _payload(issued):
    return read_setup_package(issued.path, issued.code).payload


def _refused_init(tmp_path, package, code, match):
    folder = tmp_path / "commune"
    folder.mkdir(exist_ok=True)
    with refused(folder, package.parent, match=match):
        init_from_package(folder / "xa.db", package, code)
    assert list(folder.iterdir()) == []


def _with_typo(code: str) -> str:
    """The code with its last random digit changed: a typo the check digit catches."""
    digits = normalize_code(code)
    wrong = digits[:11] + str((int(digits[11]) + 1) % 10) + digits[12]
    assert damm(wrong) != 0
    return format_code(wrong)


def _cli(*args):
    """Run the command line; (exit status, standard output, standard error)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli(*args)
        except SystemExit as usage:  # argparse's way out, as the installed command exits
            status = usage.code
    return status, out.getvalue(), err.getvalue()


def test_a_good_package_makes_the_commune(issued, office_db, tmp_path):
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d", issued.code)
    assert issued.office_fingerprint == fingerprint(public_sign_hex(office_db.conn))
    db = init_from_package(tmp_path / "xa.db", issued.path, issued.code)
    try:
        assert (db.identity.unit_code, db.identity.parent_code) == ("03274", "099")
        config = db.conn.execute("SELECT office_sign_key, office_box_key, enrolment_secret FROM sync_config").fetchone()
        secret = office_db.conn.execute("SELECT secret FROM enrolments WHERE commune_code = '03274'").fetchone()[0]
        assert tuple(config) == (public_sign_hex(office_db.conn), public_box_hex(office_db.conn), secret)
    finally:
        db.close()


@pytest.mark.parametrize("typed", [lambda c: c, lambda c: c.replace("-", ""), lambda c: c.replace("-", " "),
                                   lambda c: f"  {c[:4]} {c[5:9]}-{c[10:]} ", lambda c: c.replace("-", "\u2013")])
def test_the_code_typed_with_or_without_separators(issued, tmp_path, typed):
    db = init_from_package(tmp_path / "xa.db", issued.path, typed(issued.code))
    db.close()


def test_the_code_of_another_package_does_not_open_it(office_db, tmp_path):
    first = write_setup_package(office_db, "03274", tmp_path / "packages" / "03274.gnsetup")
    second = write_setup_package(office_db, "03271", tmp_path / "packages" / "03271.gnsetup")
    _refused_init(tmp_path, first.path, second.code, WRONG_CODE)
    # An attacker's own office makes a package with its own keys and its own code: the commune
    # holding the real office's code cannot open it, nor the attacker's package with the office's.
    attacker = create_database(tmp_path / "attacker.db", "office", "099")
    try:
        forged = write_setup_package(attacker, "03274", tmp_path / "packages" / "forged.gnsetup")
    finally:
        attacker.close()
    _refused_init(tmp_path, forged.path, first.code, WRONG_CODE)
    _refused_init(tmp_path, first.path, forged.code, WRONG_CODE)


@pytest.mark.parametrize("where", ["salt", "nonce", "first encrypted byte", "middle", "last byte"])
def test_a_changed_byte_is_refused(issued, tmp_path, where):
    data = bytearray(issued.path.read_bytes())
    at = {"salt": HEADER_BYTES - 1, "nonce": HEADER_BYTES + 3, "first encrypted byte": HEADER_BYTES + 24 + 16,
          "middle": len(data) // 2, "last byte": len(data) - 1}[where]
    data[at] ^= 0x01
    tampered = issued.path.with_name("tampered.gnsetup")
    tampered.write_bytes(bytes(data))
    _refused_init(tmp_path, tampered, issued.code, WRONG_CODE)


def test_the_header_is_magic_version_and_salt_only_and_the_kdf_is_fixed(issued, monkeypatch, tmp_path):
    data = issued.path.read_bytes()
    assert data[:len(MAGIC)] == MAGIC and data[len(MAGIC)] == PACKAGE_VERSION == 2 and HEADER_BYTES == len(MAGIC) + 1 + 16
    calls = []
    real = package_module.argon2id.kdf

    def spy(size, password, salt, *, opslimit, memlimit):
        calls.append((size, salt, opslimit, memlimit))
        return real(size, password, salt, opslimit=opslimit, memlimit=memlimit)

    monkeypatch.setattr(package_module.argon2id, "kdf", spy)
    read_setup_package(issued.path, issued.code)
    assert calls == [(32, data[len(MAGIC) + 1:HEADER_BYTES], 3, 268_435_456)]
    # Right after the salt: the SecretBox (nonce, MAC, ciphertext), nothing else in the clear.
    assert len(data) > HEADER_BYTES + 24 + 16
    # A forged header cannot change the cost: a version the reader has no parameters for is refused.
    for version, match in ((PACKAGE_VERSION + 1, "mới hơn phần mềm này"), (1, "phiên bản định dạng không hợp lệ")):
        other = bytearray(data)
        other[len(MAGIC)] = version
        path = tmp_path / "packages" / f"v{version}.gnsetup"
        path.write_bytes(bytes(other))
        calls.clear()
        _refused_init(tmp_path, path, issued.code, match)
        assert calls == []


def test_without_the_code_the_package_reveals_no_secret_nor_key(issued, office_db):
    data = issued.path.read_bytes()
    secret = office_db.conn.execute("SELECT secret FROM enrolments WHERE commune_code = '03274'").fetchone()[0]
    box, sign = public_box_hex(office_db.conn), public_sign_hex(office_db.conn)
    hidden = [secret, secret.hex().encode(), bytes.fromhex(box), box.encode(), bytes.fromhex(sign), sign.encode()]
    for value in [*hidden, "Quài Nưa".encode(), "Tuần Giáo".encode(), b"03274", b'"commune_code"']:
        assert value not in data  # nothing personal or secret in the clear, not even the commune's name
    readings = []
    with pytest.raises(zipfile.BadZipFile):  # not a ZIP (the old, readable container) any more
        zipfile.ZipFile(io.BytesIO(data))
    with pytest.raises((OSError, EOFError, zlib.error)):
        gzip.decompress(data)
    for start in range(len(data)):  # any gzip or zlib stream hidden anywhere in the bytes
        for wbits in (31, 15, -15):
            with contextlib.suppress(zlib.error):
                readings.append(zlib.decompressobj(wbits).decompress(data[start:]))
    for reading in readings:
        for value in hidden:
            assert value not in reading


def test_a_code_with_a_typo_is_refused_before_any_key_is_derived(issued, tmp_path, monkeypatch):
    def no_kdf(*args, **kwargs):
        raise AssertionError("a key was derived for a code with a typo")

    monkeypatch.setattr(package_module.argon2id, "kdf", no_kdf)
    _refused_init(tmp_path, issued.path, _with_typo(issued.code), "lỗi đánh máy")
    for bad, match in (("4821-0937-5512", "13 chữ số"), ("4821-0937-5512-66", "13 chữ số"), ("4821-O937-5512-6", "chỉ gồm chữ số"),
                       ("", "Hãy nhập mã")):
        _refused_init(tmp_path, issued.path, bad, match)


def test_the_typo_message_through_the_command_line(office_db, tmp_path):
    office_db.close()
    code = setup_package(office_db.path, "03274", tmp_path / "p.gnsetup")
    folder = tmp_path / "commune"
    folder.mkdir()
    with unchanged(folder, tmp_path / "p.gnsetup"):
        status, out, err = _cli("--db", folder / "xa.db", "init", "--setup", tmp_path / "p.gnsetup", "--code", _with_typo(code))
        assert (status, out) == (1, "")
        assert "lỗi đánh máy" in err
        status, out, err = _cli("--lang", "en", "--db", folder / "xa.db", "init", "--setup", tmp_path / "p.gnsetup",
                                "--code", _with_typo(code))
        assert (status, out) == (1, "") and "typo" in err
        status, out, err = _cli("--db", folder / "xa.db", "init", "--setup", tmp_path / "p.gnsetup")  # no code: usage
        assert (status, out) == (2, "") and "--code" in err
    assert list(folder.iterdir()) == []


def test_an_expired_package_is_refused(issued, tmp_path, monkeypatch):
    made = dt.datetime.now(dt.UTC)
    monkeypatch.setattr(package_module, "_clock", lambda: made + dt.timedelta(days=30, minutes=1))
    _refused_init(tmp_path, issued.path, issued.code, "hết hạn.*xin văn phòng tổng hợp tạo một gói mới")
    monkeypatch.setattr(package_module, "_clock", lambda: made + dt.timedelta(days=29, hours=23))
    init_from_package(tmp_path / "xa.db", issued.path, issued.code).close()


def test_the_expiry_message_in_english(issued, tmp_path, monkeypatch):
    made = dt.datetime.now(dt.UTC)
    monkeypatch.setattr(package_module, "_clock", lambda: made + dt.timedelta(days=45))
    status, out, err = _cli("--lang", "en", "--db", tmp_path / "xa.db", "init", "--setup", issued.path, "--code", issued.code)
    assert (status, out) == (1, "") and "expired" in err and "new package" in err
    assert not (tmp_path / "xa.db").exists()


def _sealed(issued, office_db, out, key=None, **changes):
    """The package's payload changed and sealed again with the same code (as only its maker can)."""
    payload = _payload(issued) | changes
    out.write_bytes(seal_package(payload, key or signing_key(office_db.conn), issued.code))
    return out


def test_a_package_signed_by_a_key_other_than_the_office_it_names_refused(issued, office_db, tmp_path):
    other = _sealed(issued, office_db, tmp_path / "packages" / "other.gnsetup", key=SigningKey.generate())
    with pytest.raises(Refusal, match="không được ký bởi chính văn phòng"):
        read_setup_package(other, issued.code)
    _refused_init(tmp_path, other, issued.code, "không được ký bởi chính văn phòng")


def test_a_package_missing_information_refused(issued, office_db, tmp_path):
    for n, changes in enumerate(({"enrolment_secret": None}, {"office_box_key": 7}, {"created_at": "yesterday"},
                                 {"format": "gnsync"})):
        bad = _sealed(issued, office_db, tmp_path / "packages" / f"bad{n}.gnsetup", **changes)
        _refused_init(tmp_path, bad, issued.code, "thiếu thông tin")


def test_a_package_for_a_commune_outside_the_office_refused(issued, office_db, tmp_path):
    outside = _sealed(issued, office_db, tmp_path / "packages" / "outside.gnsetup", commune_code="03145")
    _refused_init(tmp_path, outside, issued.code, "không thuộc văn phòng")


def test_damaged_package_refused(issued, tmp_path):
    cut = issued.path.with_name("cut.gnsetup")
    cut.write_bytes(issued.path.read_bytes()[:-200])
    _refused_init(tmp_path, cut, issued.code, WRONG_CODE)  # authenticated encryption: a cut file does not open
    stub = issued.path.with_name("stub.gnsetup")
    stub.write_bytes(issued.path.read_bytes()[:HEADER_BYTES + 30])
    _refused_init(tmp_path, stub, issued.code, "bị hỏng hoặc bị cắt cụt")


def test_a_sync_file_or_an_old_package_is_not_a_setup_package(issued, tmp_path):
    commune = init_from_package(tmp_path / "c.db", issued.path, issued.code)
    from desktop.core.sync.export import export

    sync_file = export(commune, tmp_path / "packages")
    commune.close()
    _refused_init(tmp_path, sync_file, issued.code, "không phải gói cài đặt")
    with pytest.raises(fmt.SyncFileRefused, match="không phải tệp đồng bộ"):
        fmt.read_verified(issued.path)  # and the other way round
    old = tmp_path / "packages" / "old.gnsetup"  # the signed, readable ZIP of format version 1
    old.write_bytes(fmt.build({"format": "gnsetup", "format_version": 1, "commune_code": "03274"},
                              fmt.encode_payload({}), SigningKey.generate()))
    _refused_init(tmp_path, old, issued.code, "gói cài đặt kiểu cũ")
    _refused_init(tmp_path, tmp_path / "packages" / "missing.gnsetup", issued.code, "không tìm thấy")


def test_an_existing_database_is_never_overwritten(issued, commune_db):
    with refused(commune_db, match="đã có"):
        init_from_package(commune_db.path, issued.path, issued.code)


def test_both_sides_print_the_others_fingerprint(office_db, tmp_path):
    office_fp = fingerprint(public_sign_hex(office_db.conn))
    office_db.close()
    status, out, err = _cli("--db", office_db.path, "setup-package", "--commune", "03274", "--out", tmp_path / "p.gnsetup")
    assert status == 0
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d\n", out)  # standard output: the code alone
    assert office_fp in err and out.strip() not in err
    status, out2, err2 = _cli("--db", tmp_path / "xa.db", "init", "--setup", tmp_path / "p.gnsetup", "--code", out.strip())
    assert (status, out2) == (0, f"{tmp_path / 'xa.db'}\n")
    with open_database(tmp_path / "xa.db") as commune:
        own_fp = fingerprint(public_sign_hex(commune.conn))
    assert office_fp in err2 and own_fp in err2 and own_fp != office_fp
    assert err2.index(office_fp) < err2.index(own_fp)


def test_a_first_file_without_the_enrolment_proof_is_refused(district, capsys):
    commune = district.commune("03274", 3, 7)
    exported = district.export(commune, capsys)
    with zipfile.ZipFile(exported) as zf:
        manifest, stored = json.loads(zf.read("manifest.json")), zf.read("payload.bin")
    db = open_database(commune)
    key = signing_key(db.conn)
    db.close()
    manifest = {k: v for k, v in manifest.items() if k not in ("parts", "signer_key")} | {"enrolment_proof": ""}
    bare = exported.with_name("03274_bare.gnsync")
    bare.write_bytes(fmt.build(manifest, stored, key))
    capsys.readouterr()
    with unchanged(district.office):
        assert cli("--db", district.office, "merge", bare) == 1
    assert "không mang bằng chứng của gói" in capsys.readouterr().err
    with unchanged(district.office):  # nor does --trust-new bypass the package's proof
        assert cli("--db", district.office, "merge", "--trust-new", bare) == 1
    assert cli("--db", district.office, "merge", exported) == 0  # the genuine file still binds the key


def _enrolment(office):
    conn = sqlite3.connect(office)
    try:
        return conn.execute("SELECT secret, used_at FROM enrolments WHERE commune_code = '03274'").fetchone()
    finally:
        conn.close()


def _keys(office):
    conn = sqlite3.connect(office)
    try:
        return conn.execute("SELECT fingerprint, status, via FROM commune_keys ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("one_batch", [False, True])
def test_the_secret_is_void_once_the_key_is_bound(district, capsys, one_batch):
    """A second computer set up from the same package (and code) cannot enrol: its first file is
    refused at the merge, with a message, even when it comes in the same batch."""
    first = district.commune("03274", 3, 7)
    second = district.root / "second-laptop.db"
    init_from_setup(second, district.root / "03274.gnsetup", district.codes["03274"])  # the package still opens
    assert cli("--db", second, "demo", "--households", 2, "--seed", 9) == 0
    assert len(_enrolment(district.office)[0]) == 32 and _enrolment(district.office)[1] is None
    first_file, second_file = district.export(first, capsys), district.export(second, capsys)
    with open_database(first) as db:
        first_fp = fingerprint(public_sign_hex(db.conn))
    with open_database(second) as db:
        second_fp = fingerprint(public_sign_hex(db.conn))
    capsys.readouterr()
    if one_batch:
        assert cli("--db", district.office, "merge", first_file, second_file) == 1
        out = capsys.readouterr()
        assert [line.split()[1] for line in out.out.splitlines()] == ["applied", "refused"]
        err = out.err
    else:
        assert cli("--db", district.office, "merge", first_file) == 0
        capsys.readouterr()
        with unchanged(district.office):
            assert cli("--db", district.office, "merge", second_file) == 1
        err = capsys.readouterr().err
    assert "đã được dùng để đăng ký một máy" in err and second_fp in err
    secret, used_at = _enrolment(district.office)
    assert secret == b"" and used_at  # voided: the office no longer holds it
    assert _keys(district.office) == [(first_fp, "bound", "setup")]  # the second key is not even pending
    with unchanged(district.office):  # --trust-new does not let it in either
        assert cli("--db", district.office, "merge", "--trust-new", second_file) == 1
    assert cli("--db", district.office, "merge", district.export(first, capsys)) == 0  # the bound computer goes on


def test_a_new_package_after_binding_is_held_for_approval_not_bound(district, capsys):
    """A replaced laptop with a new package: its key waits for `keys approve`, as any new key
    of a commune with a bound key does; the old package's second computer stays refused."""
    first = district.commune("03274", 3, 7)
    old_package, old_code = district.root / "03274.gnsetup", district.codes["03274"]
    assert cli("--db", district.office, "merge", district.export(first, capsys)) == 0
    stale = district.root / "stale.db"
    init_from_setup(stale, old_package, old_code)
    new_package = district.root / "03274-new.gnsetup"
    replaced = district.root / "replaced.db"
    init_from_setup(replaced, new_package, setup_package(district.office, "03274", new_package))
    capsys.readouterr()
    assert cli("--db", district.office, "merge", district.export(replaced, capsys)) == 1
    assert "held" in capsys.readouterr().out
    with unchanged(district.office):
        assert cli("--db", district.office, "merge", district.export(stale, capsys)) == 1
    assert "không mang bằng chứng của gói" in capsys.readouterr().err
