"""The .gnsync container: writing it, and verifying it before anything else reads it.

A file is a ZIP archive with exactly three members, stored uncompressed:

    manifest.json   plaintext, no personal data (versions, commune, device, sequence, counts,
                    SHA-256 of the payload, the signer's public key, the enrolment proof)
    manifest.sig    Ed25519 signature of the exact bytes of manifest.json
    payload.bin     the gzip-compressed JSON snapshot, sealed (X25519) to the office's key
                    when the commune has it

Encrypt, then sign: the manifest names the hash of the (encrypted) payload and the signature
covers the manifest, so `verify` needs no database and no secret key. See docs/sync-format.md.

The signature covers the manifest (and through it the payload), not the ZIP container around
them, so the container must be exactly its three members, back to back, with nothing before,
between or after them; and a file is known by the SHA-256 of its signed manifest
(`VerifiedFile.manifest_sha256`), which no change to the container can alter.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
from nacl.encoding import HexEncoder
from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import PrivateKey
from nacl.signing import SigningKey

from desktop.core import files
from desktop.core.errors import Refusal
from desktop.core.i18n import tr
from desktop.core.schema import known_migration_names
from desktop.core.sync.keys import fingerprint, unseal, verify_key

FORMAT = "gnsync"
FORMAT_VERSION = 2  # 2: audit entries carry their version, its base and the digest of the values
MEMBERS = ("manifest.json", "manifest.sig", "payload.bin")
MAX_FILE = 512 * 1024 * 1024          # a commune snapshot is a few MB; far above any real one
MAX_MANIFEST = 256 * 1024
MAX_PLAIN_PAYLOAD = 1024 * 1024 * 1024  # decompressed JSON
MAX_RATIO = 200                         # decompressed / compressed, against zip bombs
# What a payload may hold for the records its signed manifest declares (a real commune: ~92
# compressed and ~530 decompressed bytes, 1.5 "[" and 26 "," a record). Far above any real file,
# they keep the reader's memory in proportion to the file: a 300 KB file cannot make the parser
# build millions of objects before the counts are checked.
MIN_DECLARED = 20_000                   # records any file may declare, however small
COMPRESSED_BYTES_PER_RECORD = 8         # at most one declared record per 8 bytes of payload beyond that
PLAIN_BYTES_PER_RECORD = 4096           # decompressed
ARRAYS_PER_RECORD, ITEMS_PER_RECORD = 4, 100  # "[" and "," per declared record
MAX_SEQUENCE = 10**9                    # a commune exporting every day for a lifetime stays far below


class SyncFileRefused(Refusal):
    pass


@dataclass(frozen=True)
class VerifiedFile:
    path: Path
    sha256: str  # of the whole file, as the sender computed it (its next file's previous_sha256)
    manifest: dict[str, Any]
    payload: bytes  # as stored (sealed when manifest["encrypted"])
    manifest_sha256: str = ""  # of the signed manifest's bytes: what the file is known by

    @property
    def commune_code(self) -> str:
        return self.manifest["commune_code"]

    @property
    def signer_key(self) -> str:
        return self.manifest["signer_key"]


def device_tag(device_id: str) -> str:
    """Four hex digits naming a device in file names and the office's reports of gaps."""
    return "".join(ch for ch in device_id.lower() if ch in "0123456789abcdef")[:4].ljust(4, "0")


def file_name(commune_code: str, sequence: int, created: str, device_id: str) -> str:
    """<commune>_<sequence 6 digits>_<YYYYMMDDTHHMM>_<device tag>.gnsync (created: ISO time, UTC).
    A restored database numbers on from its backup under a new device id: the device's tag keeps
    its names apart from the files the database made before it was restored."""
    stamp = created[:16].replace("-", "").replace(":", "")
    return f"{commune_code}_{sequence:06d}_{stamp}_{device_tag(device_id)}.gnsync"


def encode_payload(payload: dict[str, Any]) -> bytes:
    raw = msgspec.json.encode(payload)  # compact UTF-8 JSON, five times faster than json.dumps
    return gzip.compress(raw, compresslevel=1, mtime=0)  # speed over size: files are a few MB


def build(manifest: dict[str, Any], stored_payload: bytes, key: SigningKey) -> bytes:
    """The bytes of a signed file (manifest names the payload's hash; the signature covers it)."""
    manifest = dict(manifest)
    manifest["parts"] = {"payload.bin": {"sha256": hashlib.sha256(stored_payload).hexdigest(),
                                         "size": len(stored_payload)}}
    manifest["signer_key"] = key.verify_key.encode(HexEncoder).decode()
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()
    signature = key.sign(manifest_bytes).signature
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, data in (("manifest.json", manifest_bytes), ("manifest.sig", signature), ("payload.bin", stored_payload)):
            zf.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def write_new(path: Path, data: bytes) -> None:
    """Write a new file, private to the user, beside its final name first, flushed to the disk,
    renamed into place; never over an existing file, never through a symbolic link planted at the
    temporary name (refused with a message, nothing written). See desktop/core/files.py."""
    files.write_new(path, data)


def _refuse(path: Path, why: str) -> SyncFileRefused:
    return SyncFileRefused(tr("Tệp {name} bị từ chối: {why}", name=path.name, why=why))


def read_limited(path: Path, limit: int) -> bytes:
    """A file's bytes, refused (named) when missing, larger than `limit` or unreadable."""
    if not path.is_file():
        raise _refuse(path, tr("không tìm thấy tệp."))
    try:
        size = path.stat().st_size
        if size > limit:
            raise _refuse(path, tr("tệp quá lớn ({size} byte).", size=size))
        return path.read_bytes()
    except OSError as exc:  # unreadable: permissions, a USB stick pulled out
        raise _refuse(path, tr("không đọc được tệp ({error}).", error=exc.strerror or exc)) from None


def read_verified(path: Path | str, kind: str = FORMAT) -> VerifiedFile:
    """Open and verify a file completely (structure, signature, hashes). Touches no database."""
    path = Path(path)
    data = read_limited(path, MAX_FILE)
    digest = hashlib.sha256(data).hexdigest()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse(path, tr("không phải tệp đồng bộ (hỏng, bị cắt cụt hoặc sai định dạng).")) from None
    names = [i.filename for i in infos]
    if sorted(names) != sorted(MEMBERS):
        bad = [n for n in names if n not in MEMBERS]
        if any(n.startswith(("/", "\\")) or ".." in n or ":" in n for n in bad):
            raise _refuse(path, tr("tệp chứa đường dẫn không hợp lệ ({names}).", names=", ".join(bad)))
        raise _refuse(path, tr("thành phần tệp không đúng (có: {names}).", names=", ".join(names) or "-"))
    parts: dict[str, bytes] = {}
    try:
        for info in infos:
            limit = MAX_MANIFEST if info.filename != "payload.bin" else MAX_FILE
            if info.file_size > limit or info.compress_type != zipfile.ZIP_STORED:
                raise _refuse(path, tr("thành phần {name} quá lớn hoặc nén bất thường.", name=info.filename))
            with archive.open(info) as fh:
                parts[info.filename] = fh.read(limit + 1)
            if len(parts[info.filename]) > limit:
                raise _refuse(path, tr("thành phần {name} quá lớn hoặc nén bất thường.", name=info.filename))
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError):
        raise _refuse(path, tr("không phải tệp đồng bộ (hỏng, bị cắt cụt hoặc sai định dạng).")) from None
    if not _only_members(data, infos):
        raise _refuse(path, tr("tệp có dữ liệu lạ ngoài các thành phần được ký (trước, giữa hoặc sau chúng): "
                               "tệp đã bị sửa hoặc bị ghép thêm. Hãy lấy lại tệp gốc từ xã."))
    try:
        manifest = json.loads(parts["manifest.json"].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _refuse(path, tr("bản kê khai (manifest) không đọc được.")) from None
    if not isinstance(manifest, dict):
        raise _refuse(path, tr("bản kê khai (manifest) không đọc được."))
    if manifest.get("format") != kind:
        if kind == FORMAT:
            raise _refuse(path, tr("không phải tệp đồng bộ của Sổ Giảm Nghèo."))
        if kind == "gnreceipt":
            raise _refuse(path, tr("không phải biên nhận của Sổ Giảm Nghèo."))
        raise _refuse(path, tr("không phải gói cài đặt của Sổ Giảm Nghèo."))
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise _refuse(path, tr("phiên bản định dạng không hợp lệ."))
    if version > FORMAT_VERSION:
        raise _refuse(path, tr("tệp được tạo theo định dạng phiên bản {theirs}, mới hơn phần mềm này ({ours}); hãy cập nhật phần mềm.",
                               theirs=version, ours=FORMAT_VERSION))
    if kind == FORMAT and version < FORMAT_VERSION:
        raise _refuse(path, tr("tệp được tạo bởi phiên bản cũ của phần mềm (định dạng {theirs}); văn phòng chỉ nhận "
                               "định dạng {ours}. Xã cần cập nhật phần mềm rồi xuất lại tệp.",
                               theirs=version, ours=FORMAT_VERSION))
    signer = manifest.get("signer_key")
    try:
        if not isinstance(signer, str) or len(signer) != 64:
            raise ValueError
        verify_key(signer).verify(parts["manifest.json"], parts["manifest.sig"])
    except (BadSignatureError, CryptoError, ValueError, TypeError):
        raise _refuse(path, tr("chữ ký số không hợp lệ (tệp đã bị sửa hoặc không phải của đơn vị gửi).")) from None
    expected = (manifest.get("parts") or {}).get("payload.bin") or {}
    if (expected.get("sha256") != hashlib.sha256(parts["payload.bin"]).hexdigest()
            or expected.get("size") != len(parts["payload.bin"])):
        raise _refuse(path, tr("mã băm của dữ liệu không khớp bản kê khai (tệp bị sửa hoặc thiếu)."))
    if kind == FORMAT:
        _check_manifest_fields(path, manifest)
    return VerifiedFile(path, digest, manifest, parts["payload.bin"], hashlib.sha256(parts["manifest.json"]).hexdigest())


_LOCAL_HEADER = struct.Struct("<4s5H3L2H")   # a member's local header (30 bytes), then its name and extra field
_END_RECORD = struct.Struct("<4s4H2LH")      # the end of central directory record (22 bytes), then the comment


def _only_members(data: bytes, infos: list[zipfile.ZipInfo]) -> bool:
    """Whether the archive is its members and nothing else: local entries back to back from the
    first byte, then the central directory, then the end record with no comment, at the very end.

    Python's zipfile (like most readers) tolerates bytes before the archive (it shifts every
    offset), after it, between members, and a comment: none of them is signed, so a file with
    them is the same signed file in other bytes. (A data descriptor after a member is refused
    too: this app never writes one.)"""
    try:
        sig, disk, cd_disk, on_disk, count, cd_size, cd_offset, comment = _END_RECORD.unpack_from(
            data, len(data) - _END_RECORD.size)
        if (sig != b"PK\x05\x06" or comment or disk or cd_disk or count != on_disk or count != len(infos)
                or cd_offset + cd_size + _END_RECORD.size != len(data)):
            return False
        at = 0
        for info in sorted(infos, key=lambda i: i.header_offset):
            if info.header_offset != at:
                return False
            sig, _v, flags, _m, _t, _d, _crc, size, _plain, name_len, extra_len = _LOCAL_HEADER.unpack_from(data, at)
            if sig != b"PK\x03\x04" or flags & 0x08:
                return False
            at += _LOCAL_HEADER.size + name_len + extra_len + size
        return at == cd_offset
    except struct.error:
        return False


def parse_utc(value: Any) -> dt.datetime | None:
    """An ISO 8601 time with a UTC offset (`Z` or `+00:00`), as `created_at` is written; else None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None or when.utcoffset() != dt.timedelta(0):
        return None
    return when


def _check_manifest_fields(path: Path, manifest: dict[str, Any]) -> None:
    wanted = {"commune_code": str, "device_id": str, "sequence": int, "created_at": str,
              "record_counts": dict, "encrypted": bool, "schema_version": int, "previous_sha256": str}
    for key, kind in wanted.items():
        value = manifest.get(key)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            raise _refuse(path, tr("bản kê khai thiếu hoặc sai trường {field}.", field=key))
    if not 1 <= manifest["sequence"] <= MAX_SEQUENCE:
        raise _refuse(path, tr("bản kê khai thiếu hoặc sai trường {field}.", field="sequence"))
    schema, ours = manifest["schema_version"], len(known_migration_names())
    if schema < 1:
        raise _refuse(path, tr("bản kê khai ghi phiên bản dữ liệu (schema_version) {value}, không hợp lệ.", value=schema))
    if schema > ours:
        raise _refuse(path, tr("tệp được tạo bởi phần mềm mới hơn (phiên bản dữ liệu {theirs}, phần mềm này hiểu đến "
                               "{ours}); hãy cập nhật phần mềm rồi gộp lại.", theirs=schema, ours=ours))
    if parse_utc(manifest["created_at"]) is None:
        raise _refuse(path, tr("bản kê khai ghi thời điểm tạo tệp (created_at) “{value}”, không phải thời gian "
                               "UTC theo ISO 8601.", value=manifest["created_at"][:40]))
    if not all(isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
               for k, v in manifest["record_counts"].items()):
        raise _refuse(path, tr("bản kê khai thiếu hoặc sai trường {field}.", field="record_counts"))
    box = manifest.get("box_key", "")  # the commune's receipt key (absent from files of earlier releases)
    if not (isinstance(box, str) and (box == "" or (len(box) == 64 and all(c in "0123456789abcdef" for c in box)))):
        raise _refuse(path, tr("bản kê khai thiếu hoặc sai trường {field}.", field="box_key"))


def decode_payload(verified: VerifiedFile, box: PrivateKey | None) -> dict[str, Any]:
    """Decrypt (when sealed) and decompress the payload, within the size limits."""
    path = verified.path
    blob = verified.payload
    if verified.manifest.get("encrypted"):
        if box is None:
            raise _refuse(path, tr("dữ liệu được mã hóa cho văn phòng tổng hợp; chỉ cơ sở dữ liệu của văn phòng mới mở được."))
        try:
            blob = unseal(blob, box)
        except CryptoError:
            raise _refuse(path, tr("không giải mã được: tệp không được mã hóa cho văn phòng này.")) from None
    declared = _declared_records(verified, len(blob)) if "record_counts" in verified.manifest else None
    raw = _gunzip_limited(path, blob, None if declared is None else 64 * 1024 + declared * PLAIN_BYTES_PER_RECORD)
    # The parser's objects in proportion to the declared records, counted in C before parsing.
    if declared is not None and (raw.count(b"[") > 2000 + declared * ARRAYS_PER_RECORD
                                 or raw.count(b",") > 10_000 + declared * ITEMS_PER_RECORD):
        raise _refuse(path, tr("dữ liệu bên trong có cấu trúc bất thường so với số bản ghi khai báo (nghi tệp độc hại)."))
    try:
        # msgspec parses the UTF-8 bytes directly, in half the time of the standard library and
        # with no decoded copy of the text alive meanwhile (an office parses ~45 MB per commune).
        payload = msgspec.json.decode(raw)
    except (msgspec.MsgspecError, ValueError, RecursionError):
        raise _refuse(path, tr("dữ liệu bên trong không đọc được.")) from None
    finally:
        raw = b""
    if not isinstance(payload, dict):
        raise _refuse(path, tr("dữ liệu bên trong không đọc được."))
    return payload


def _declared_records(verified: VerifiedFile, stored_size: int) -> int:
    """The records the signed manifest declares, refused when no file of this size could hold them."""
    counts = verified.manifest.get("record_counts") or {}
    values = list(counts.values()) if isinstance(counts, dict) else [None]
    if not all(type(n) is int and n >= 0 for n in values):
        raise _refuse(verified.path, tr("bản kê khai ghi số bản ghi không hợp lệ."))
    declared = sum(values)
    if declared > max(MIN_DECLARED, stored_size // COMPRESSED_BYTES_PER_RECORD):
        raise _refuse(verified.path, tr("tệp khai báo {n} bản ghi, quá nhiều so với kích thước của nó (nghi tệp độc hại).",
                                        n=declared))
    return declared


def _gunzip_limited(path: Path, blob: bytes, declared_limit: int | None = None) -> bytes:
    limit = min(MAX_PLAIN_PAYLOAD, max(len(blob), 1) * MAX_RATIO, declared_limit or MAX_PLAIN_PAYLOAD)
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(blob, limit + 1)
        if len(out) > limit or inflater.unconsumed_tail:
            raise _refuse(path, tr("dữ liệu giải nén quá lớn (nghi tệp độc hại)."))
        tail = inflater.flush()
        if tail:  # rarely anything left: avoid copying the whole payload for nothing
            out += tail
        if not inflater.eof or inflater.unused_data:
            raise _refuse(path, tr("dữ liệu bên trong không đọc được."))
    except zlib.error:
        raise _refuse(path, tr("dữ liệu bên trong không đọc được.")) from None
    return out


def describe(verified: VerifiedFile) -> dict[str, Any]:
    """The manifest as `verify` prints it, with the signer's fingerprint."""
    out = {k: v for k, v in verified.manifest.items() if k not in ("parts",)}
    out["signer_fingerprint"] = fingerprint(verified.signer_key)
    out["file_sha256"] = verified.sha256
    out["manifest_sha256"] = verified.manifest_sha256
    out["file"] = verified.path.name
    return out
