"""The reader refuses bad files cleanly, before any database write — signed with a test key, so
the checks behind the signature are reached too."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from nacl.signing import SigningKey

from desktop.core.sync import format as fmt
from desktop.core.sync.format import SyncFileRefused, read_verified


def manifest(**over):
    base = {"format": "gnsync", "format_version": fmt.FORMAT_VERSION, "schema_version": 2, "commune_code": "03274",
            "device_id": "d", "sequence": 1, "previous_sha256": "", "created_at": "2026-11-29T10:00:00Z",
            "record_counts": {}, "encrypted": False}
    return base | over


def write(tmp_path, data: bytes, name="03274_000001_20261129T1000.gnsync"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


KEY = SigningKey(b"\x01" * 32)


def test_good_file_round_trip(tmp_path):
    payload = fmt.encode_payload({"commune_code": "03274", "tables": {}})
    path = write(tmp_path, fmt.build(manifest(), payload, KEY))
    verified = read_verified(path)
    assert fmt.decode_payload(verified, None) == {"commune_code": "03274", "tables": {}}


def test_newer_format_refused(tmp_path):
    path = write(tmp_path, fmt.build(manifest(format_version=fmt.FORMAT_VERSION + 1), b"", KEY))
    with pytest.raises(SyncFileRefused, match="mới hơn"):
        read_verified(path)


def test_a_format_1_file_is_refused_with_a_request_to_update(tmp_path):
    path = write(tmp_path, fmt.build(manifest(format_version=1), b"", KEY))
    with pytest.raises(SyncFileRefused, match=r"phiên bản cũ của phần mềm.*cập nhật phần mềm rồi xuất lại"):
        read_verified(path)


def test_manifest_fields_checked(tmp_path):
    for bad in (manifest(sequence="1"), manifest(sequence=0), manifest(record_counts={"x": -1}), manifest(encrypted="yes")):
        with pytest.raises(SyncFileRefused, match="bản kê khai"):
            read_verified(write(tmp_path, fmt.build(bad, b"", KEY)))


def zip_with(members: dict[str, bytes], compress=zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compress) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_slip_and_extra_members_refused(tmp_path):
    good = zipfile.ZipFile(io.BytesIO(fmt.build(manifest(), b"", KEY)))
    parts = {n: good.read(n) for n in good.namelist()}
    for extra in ("../../etc/passwd", "/abs/path", "C:evil", "notes.txt"):
        path = write(tmp_path, zip_with(parts | {extra: b"x"}))
        with pytest.raises(SyncFileRefused):
            read_verified(path)
    slipped = {("../" + n if n == "payload.bin" else n): d for n, d in parts.items()}
    with pytest.raises(SyncFileRefused, match="đường dẫn"):
        read_verified(write(tmp_path, zip_with(slipped)))


def test_compressed_member_refused(tmp_path):
    good = zipfile.ZipFile(io.BytesIO(fmt.build(manifest(), b"", KEY)))
    parts = {n: good.read(n) for n in good.namelist()}
    with pytest.raises(SyncFileRefused, match="nén bất thường"):
        read_verified(write(tmp_path, zip_with(parts, zipfile.ZIP_DEFLATED)))


def test_gzip_bomb_refused(tmp_path):
    import gzip

    bomb = gzip.compress(b"[" + b"0," * (30 * 1024 * 1024) + b"0]", compresslevel=9)
    path = write(tmp_path, fmt.build(manifest(), bomb, KEY))
    with pytest.raises(SyncFileRefused, match="quá lớn"):
        fmt.decode_payload(read_verified(path), None)


def test_payload_not_json_or_not_gzip(tmp_path):
    import gzip

    # Not JSON in the strict sense (NaN, a number beyond a double) is refused as unreadable too.
    for payload in (b"plain bytes", gzip.compress(b"\xff\xfe not utf8"), gzip.compress(b"[1, 2]"), gzip.compress(b"{"),
                    gzip.compress(b'{"x": NaN}'), gzip.compress(b'{"x": 1e400}'), gzip.compress(b"[" * 1500 + b"]" * 1500)):
        with pytest.raises(SyncFileRefused, match="không đọc được"):
            fmt.decode_payload(read_verified(write(tmp_path, fmt.build(manifest(), payload, KEY))), None)


def test_encrypted_payload_needs_the_office_key(tmp_path):
    from nacl.public import PrivateKey

    from desktop.core.sync.keys import seal

    office = PrivateKey.generate()
    sealed = seal(fmt.encode_payload({"commune_code": "03274"}), office.public_key.encode().hex())
    path = write(tmp_path, fmt.build(manifest(encrypted=True), sealed, KEY))
    with pytest.raises(SyncFileRefused, match="mã hóa"):
        fmt.decode_payload(read_verified(path), None)
    with pytest.raises(SyncFileRefused, match="giải mã"):
        fmt.decode_payload(read_verified(path), PrivateKey.generate())
    assert fmt.decode_payload(read_verified(path), office) == {"commune_code": "03274"}


def test_signature_covers_manifest(tmp_path):
    data = fmt.build(manifest(), b"", KEY)
    z = zipfile.ZipFile(io.BytesIO(data))
    parts = {n: z.read(n) for n in z.namelist()}
    parts["manifest.json"] = parts["manifest.json"].replace(b'"03274"', b'"03271"')
    with pytest.raises(SyncFileRefused, match="chữ ký"):
        read_verified(write(tmp_path, zip_with(parts)))
    parts = {n: z.read(n) for n in z.namelist()}
    parts["payload.bin"] = b"other"
    with pytest.raises(SyncFileRefused, match="mã băm"):
        read_verified(write(tmp_path, zip_with(parts)))
    doc = json.loads(z.read("manifest.json"))
    assert doc["signer_key"] == KEY.verify_key.encode().hex()


def test_missing_file_and_wrong_kind_refused(tmp_path):
    with pytest.raises(SyncFileRefused, match="không tìm thấy tệp"):
        read_verified(tmp_path / "03274_000001_20261129T1000.gnsync")
    package = write(tmp_path, fmt.build(manifest(format="gnsetup"), fmt.encode_payload({}), KEY), "p.gnsetup")
    with pytest.raises(SyncFileRefused, match="không phải tệp đồng bộ của Sổ Giảm Nghèo"):
        read_verified(package)
    sync_file = write(tmp_path, fmt.build(manifest(), fmt.encode_payload({}), KEY))
    with pytest.raises(SyncFileRefused, match="không phải gói cài đặt"):
        read_verified(sync_file, kind="gnsetup")
    not_json = io.BytesIO()
    with zipfile.ZipFile(not_json, "w") as zf:
        for name in ("manifest.json", "manifest.sig", "payload.bin"):
            zf.writestr(name, b"\x00not json")
    with pytest.raises(SyncFileRefused, match="bản kê khai"):
        read_verified(write(tmp_path, not_json.getvalue(), "x.gnsync"))
