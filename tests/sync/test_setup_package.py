"""Setup packages refused whole: a damaged file, the wrong kind of file, a package another office
signed or whose contents disagree; and a first sync file without the package's enrolment proof.
Each refusal names the problem and writes nothing (no database, no temporary file)."""

from __future__ import annotations

import json
import zipfile

import pytest
from nacl.signing import SigningKey

from desktop.core.errors import Refusal
from desktop.core.sync import format as fmt
from desktop.core.sync.keys import signing_key
from desktop.core.sync.package import (
    PACKAGE,
    init_from_package,
    read_setup_package,
    write_setup_package,
)
from tests.helpers import refused, unchanged
from tests.sync.conftest import cli


@pytest.fixture
def package(office_db, tmp_path):
    return write_setup_package(office_db, "03274", tmp_path / "packages" / "03274.gnsetup")


def _parts(path):
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json")), zf.read("payload.bin")


def _forged(package, out, key: SigningKey, manifest_changes=None, payload_changes=None):
    """The package rebuilt with changes, signed by `key`."""
    manifest, stored = _parts(package)
    if payload_changes:
        payload = fmt.decode_payload(fmt.read_verified(package, kind=PACKAGE), None) | payload_changes
        stored = fmt.encode_payload(payload)
    manifest = {k: v for k, v in manifest.items() if k not in ("parts", "signer_key")} | (manifest_changes or {})
    out.write_bytes(fmt.build(manifest, stored, key))
    return out


def _refused_init(tmp_path, package, match):
    folder = tmp_path / "commune"
    folder.mkdir(exist_ok=True)
    with refused(folder, package.parent, match=match):
        init_from_package(folder / "xa.db", package)
    assert list(folder.iterdir()) == []


def test_a_good_package_makes_the_commune(package, tmp_path):
    db = init_from_package(tmp_path / "xa.db", package)
    try:
        assert (db.identity.unit_code, db.identity.parent_code) == ("03274", "099")
    finally:
        db.close()


def test_damaged_package_refused(package, tmp_path):
    cut = tmp_path / "packages" / "cut.gnsetup"
    cut.write_bytes(package.read_bytes()[:-200])
    _refused_init(tmp_path, cut, "hỏng, bị cắt cụt")


def test_a_sync_file_is_not_a_setup_package(office_db, tmp_path, package):
    commune = init_from_package(tmp_path / "c.db", package)
    from desktop.core.sync.export import export

    sync_file = export(commune, tmp_path / "packages")
    commune.close()
    _refused_init(tmp_path, sync_file, "không phải gói cài đặt")
    with pytest.raises(fmt.SyncFileRefused, match="không phải tệp đồng bộ"):
        fmt.read_verified(package)  # and the other way round


def test_a_package_signed_by_another_office_refused(package, tmp_path):
    other = _forged(package, tmp_path / "packages" / "other.gnsetup", SigningKey.generate())
    with pytest.raises(Refusal, match="không được ký bởi chính văn phòng"):
        read_setup_package(other)
    _refused_init(tmp_path, other, "không được ký bởi chính văn phòng")


def test_a_package_whose_commune_code_disagrees_refused(package, office_db, tmp_path):
    key = signing_key(office_db.conn)
    wrong = _forged(package, tmp_path / "packages" / "wrong.gnsetup", key, manifest_changes={"commune_code": "03271"})
    _refused_init(tmp_path, wrong, "không nhất quán")


def test_a_package_for_a_commune_outside_the_office_refused(package, office_db, tmp_path):
    key = signing_key(office_db.conn)
    outside = _forged(package, tmp_path / "packages" / "outside.gnsetup", key,
                      manifest_changes={"commune_code": "03145"}, payload_changes={"commune_code": "03145"})
    _refused_init(tmp_path, outside, "không thuộc văn phòng")


def test_an_existing_database_is_never_overwritten(package, commune_db, tmp_path):
    with refused(commune_db, match="đã có"):
        init_from_package(commune_db.path, package)


def test_a_first_file_without_the_enrolment_proof_is_refused(district, capsys):
    commune = district.commune("03274", 3, 7)
    exported = district.export(commune, capsys)
    manifest, stored = _parts(exported)
    from desktop.core.db import open_database

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
