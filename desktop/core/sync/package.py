"""Setup packages (office → commune) and the office's register of commune keys.

A setup package carries the office's public keys, the commune's identity, the rule documents and
the plans, and a one-time enrolment secret. The commune database made from it puts a proof of
that secret in every file it exports, so the office binds the commune's key on the first file
that arrives, without asking, and then voids the secret (apply.py): one package enrols one
computer.

The package is encrypted and authenticated with a key derived (Argon2id) from a one-time code the
office prints when it writes the package and reads to the commune over the phone (setup_code.py).
Without the code the file reveals neither the secret nor the office's keys, and a package made by
anyone else — another office's keys, a changed byte — does not open with it. Layout (all
cryptography is PyNaCl's; docs/sync-format.md, "Setup package"):

    header    "GNSETUP", a zero byte · format version (1 byte, 2) · Argon2id salt (16 random bytes)
    box       SecretBox(key): 24-byte nonce, then the encrypted and authenticated
              header again · the office's Ed25519 signature (64 bytes) · gzip JSON payload

The key is Argon2id(the code's 13 digits, salt) with opslimit 3 and memlimit 256 MiB, fixed here
for version 2 (never read from the file). The payload's `created_at` (inside the box) dates the
package; it expires after 30 days.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
from nacl.exceptions import BadSignatureError, CryptoError
from nacl.pwhash import argon2id
from nacl.secret import SecretBox
from nacl.signing import SigningKey
from nacl.utils import random as random_bytes

from desktop import __version__
from desktop.core import features  # noqa: F401  (every table's record rules registered)
from desktop.core.db import Database, create_database, open_database, utc_now
from desktop.core.errors import Refusal
from desktop.core.i18n import tr
from desktop.core.plan import load_plan
from desktop.core.reference import units
from desktop.core.rules import RuleBook
from desktop.core.store import Store
from desktop.core.sync import format as fmt
from desktop.core.sync.keys import (
    fingerprint,
    normalize_fingerprint,
    public_box_hex,
    public_sign_hex,
    signing_key,
    verify_key,
)
from desktop.core.sync.setup_code import new_code, parse_code

PACKAGE = "gnsetup"
MAGIC = b"GNSETUP\x00"
PACKAGE_VERSION = 2  # version 1 was a signed, unencrypted ZIP (the .gnsync container): no longer read
SALT_BYTES = argon2id.SALTBYTES  # 16
HEADER_BYTES = len(MAGIC) + 1 + SALT_BYTES
# Argon2id's cost for each package version: part of the format, never taken from the file (a
# forged header must not be able to make a reader derive a weak key or exhaust its memory).
KDF_LIMITS = {2: (3, 268_435_456)}  # opslimit, memlimit (256 MiB): libsodium's "moderate"
EXPIRES_AFTER = dt.timedelta(days=30)
MAX_PACKAGE = 64 * 1024 * 1024  # rules and plans: a few hundred KB
_SIGNATURE_BYTES = 64
_WANTED = {"commune_code": str, "commune_name": str, "units_list": str, "office_code": str, "office_name": str,
           "office_sign_key": str, "office_box_key": str, "enrolment_secret": str, "created_at": str,
           "rules": list, "plans": list}


def _clock() -> dt.datetime:
    """Now, in UTC (a function, so tests can move the clock)."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class IssuedPackage:
    """What `write_setup_package` made: the file, the one-time code to read to the commune over
    the phone, and the office's key fingerprint the commune will see."""

    path: Path
    code: str
    office_fingerprint: str


@dataclass(frozen=True)
class SetupPackage:
    """An opened package: its file, the SHA-256 of its bytes and its payload."""

    path: Path
    sha256: str
    payload: dict[str, Any]


def _derive_key(digits: str, salt: bytes, version: int) -> bytes:
    opslimit, memlimit = KDF_LIMITS[version]
    return argon2id.kdf(SecretBox.KEY_SIZE, digits.encode("ascii"), salt, opslimit=opslimit, memlimit=memlimit)


def seal_package(payload: dict[str, Any], key: SigningKey, code: str) -> bytes:
    """The bytes of a package holding `payload`, signed by `key`, opened by `code`."""
    digits = parse_code(code)
    salt = random_bytes(SALT_BYTES)
    header = MAGIC + bytes([PACKAGE_VERSION]) + salt
    body = fmt.encode_payload(payload)
    signature = key.sign(body).signature
    box = SecretBox(_derive_key(digits, salt, PACKAGE_VERSION))
    return header + bytes(box.encrypt(header + signature + body))


def _refuse(path: Path, why: str) -> Refusal:
    return Refusal(tr("Tệp {name} bị từ chối: {why}", name=path.name, why=why))


def plans_for(db: Database, commune: str) -> list[dict[str, Any]]:
    """The plans the office holds for its own scope and for this commune, as plan documents."""
    plans: dict[tuple[int, str], dict[str, Any]] = {}
    for row in db.conn.execute(
        "SELECT plan_code, year, scope_code, key, name_vi, name_en, value, value_max, unit, comparison, computed_from "
        "FROM plan_targets WHERE deleted = 0 AND scope_code IN (?, ?) ORDER BY id", (db.identity.unit_code, commune)):
        plan = plans.setdefault((row["year"], row["scope_code"]), {"code": row["plan_code"], "year": row["year"],
                                                                   "scope_code": row["scope_code"], "targets": [], "budgets": []})
        plan["targets"].append({k: row[k] for k in ("key", "name_vi", "name_en", "value", "value_max", "unit", "comparison", "computed_from")})
    for row in db.conn.execute(
        "SELECT plan_code, year, scope_code, project, name_vi, source, amount FROM plan_budgets "
        "WHERE deleted = 0 AND scope_code IN (?, ?) ORDER BY id", (db.identity.unit_code, commune)):
        plan = plans.setdefault((row["year"], row["scope_code"]), {"code": row["plan_code"], "year": row["year"],
                                                                   "scope_code": row["scope_code"], "targets": [], "budgets": []})
        budget = next((b for b in plan["budgets"] if b["project"] == row["project"]), None)
        if budget is None:
            budget = {"project": row["project"], "name_vi": row["name_vi"], "sources": {}}
            plan["budgets"].append(budget)
        budget["sources"][row["source"]] = row["amount"]
    return list(plans.values())


def write_setup_package(db: Database, commune: str, out: Path | str) -> IssuedPackage:
    """Write a new package for a commune of this office and record its enrolment secret (a new
    package replaces the previous one's). Returns the file, its one-time code and the office's
    key fingerprint."""
    ident = db.identity
    out = Path(out)
    if not ident.is_office:
        raise Refusal(tr("Chỉ văn phòng tổng hợp mới tạo được gói cài đặt cho xã."))
    unit = units(ident.units_list).get(commune)
    if unit is None or not unit.is_commune or unit.parent_code != ident.unit_code:
        raise Refusal(tr("Mã xã {code} không thuộc địa bàn {office}.", code=commune, office=ident.unit_name))
    if out.exists():
        raise Refusal(tr("Tệp {path} đã có; không ghi đè. Hãy chọn tên tệp khác.", path=out))
    secret = random_bytes(32)
    created = _clock().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    # Only the office's own rule updates travel: the commune's app has the shipped rules already,
    # and copies of them in its rule_tables would shadow the corrected rules of a later release.
    rules = [json.loads(r[0]) for r in db.conn.execute("SELECT document FROM rule_tables ORDER BY id")]
    payload = {
        "format": PACKAGE, "format_version": PACKAGE_VERSION, "app_version": __version__, "created_at": created,
        "commune_code": unit.code, "commune_name": unit.name, "units_list": ident.units_list,
        "office_code": ident.unit_code, "office_name": ident.unit_name,
        "office_sign_key": public_sign_hex(db.conn), "office_box_key": public_box_hex(db.conn),
        "enrolment_secret": secret.hex(), "rules": rules, "plans": plans_for(db, commune),
    }
    code = new_code()
    data = seal_package(payload, signing_key(db.conn), code)
    out.parent.mkdir(parents=True, exist_ok=True)
    with db.transaction():
        db.conn.execute(
            "INSERT INTO enrolments (commune_code, secret, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (commune_code) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, used_at = NULL",
            (unit.code, secret, created))
        fmt.write_new(out, data)
    return IssuedPackage(out, code, fingerprint(payload["office_sign_key"]))


def _read_header(path: Path) -> tuple[bytes, int, bytes]:
    """The file's bytes, its format version and its salt: what is checked before any key is derived."""
    data = fmt.read_limited(path, MAX_PACKAGE)
    if not data.startswith(MAGIC):
        if data.startswith(b"PK\x03\x04") and b'"format": "gnsetup"' in data[:4096]:
            raise _refuse(path, tr("đây là gói cài đặt kiểu cũ, không có mã dùng một lần; phần mềm này không nhận nữa. "
                                   "Hãy xin văn phòng tổng hợp tạo gói mới."))
        raise _refuse(path, tr("không phải gói cài đặt của Sổ Giảm Nghèo."))
    if len(data) < HEADER_BYTES + SecretBox.NONCE_SIZE + SecretBox.MACBYTES:
        raise _refuse(path, tr("gói bị hỏng hoặc bị cắt cụt."))
    version = data[len(MAGIC)]
    if version > PACKAGE_VERSION:
        raise _refuse(path, tr("gói được tạo theo định dạng phiên bản {theirs}, mới hơn phần mềm này ({ours}); "
                               "hãy cập nhật phần mềm.", theirs=version, ours=PACKAGE_VERSION))
    if version not in KDF_LIMITS:
        raise _refuse(path, tr("phiên bản định dạng không hợp lệ."))
    return data, version, data[len(MAGIC) + 1:HEADER_BYTES]


def read_setup_package(path: Path | str, code: str) -> SetupPackage:
    """Open a package with its one-time code: a code with a typo is refused before any key is
    derived; a code that does not open the package (another package's code, a changed byte, a
    package someone else made) is refused; so is an expired package. Touches no database."""
    path = Path(path)
    data, version, salt = _read_header(path)
    digits = parse_code(code)
    try:
        plain = SecretBox(_derive_key(digits, salt, version)).decrypt(data[HEADER_BYTES:])
    except CryptoError:
        raise _refuse(path, tr(
            "mã dùng một lần không mở được gói này. Có thể mã bị đọc hoặc gõ nhầm (hãy đối chiếu lại từng số với "
            "văn phòng tổng hợp), mã là của một gói khác, hoặc tệp gói đã bị hỏng hay bị sửa. Chưa tạo gì cả.")) from None
    header = data[:HEADER_BYTES]
    if plain[:HEADER_BYTES] != header or len(plain) < HEADER_BYTES + _SIGNATURE_BYTES:
        raise _refuse(path, tr("gói bị hỏng hoặc bị cắt cụt."))
    signature = plain[HEADER_BYTES:HEADER_BYTES + _SIGNATURE_BYTES]
    body = plain[HEADER_BYTES + _SIGNATURE_BYTES:]
    payload = _decode(path, body)
    if any(not isinstance(payload.get(k), kind) for k, kind in _WANTED.items()) or payload.get("format") != PACKAGE:
        raise Refusal(tr("Gói cài đặt {name} thiếu thông tin hoặc không nhất quán.", name=path.name))
    _check_contents(path, payload)
    try:
        if len(payload["office_sign_key"]) != 64:
            raise ValueError
        verify_key(payload["office_sign_key"]).verify(body, signature)
    except (BadSignatureError, CryptoError, ValueError, TypeError):
        raise Refusal(tr("Gói cài đặt {name} không được ký bởi chính văn phòng ghi trong gói.", name=path.name)) from None
    try:
        created = dt.datetime.fromisoformat(payload["created_at"].replace("Z", "+00:00"))
        if created.tzinfo is None:
            raise ValueError
    except ValueError:
        raise Refusal(tr("Gói cài đặt {name} thiếu thông tin hoặc không nhất quán.", name=path.name)) from None
    if _clock() - created > EXPIRES_AFTER:
        raise _refuse(path, tr("gói được tạo ngày {date} và đã hết hạn (gói chỉ dùng được trong {days} ngày). "
                               "Hãy xin văn phòng tổng hợp tạo một gói mới, kèm mã mới.",
                               date=created.strftime("%d/%m/%Y"), days=EXPIRES_AFTER.days))
    return SetupPackage(path, hashlib.sha256(data).hexdigest(), payload)


_HEX_KEYS = ("office_sign_key", "office_box_key", "enrolment_secret")  # 32 bytes each, as 64 hex digits


def _check_contents(path: Path, payload: dict[str, Any]) -> None:
    """Everything `init_from_package` reads, of the type it reads it as: a package with a rule
    without a kind, a key that is not hex or a plan with a text where a number goes is refused
    here, before anything is created (the office's app never writes one; another program might)."""
    def malformed(what: str) -> Refusal:
        return _refuse(path, tr("gói có dữ liệu sai cấu trúc ({what}); chưa tạo gì cả. Hãy xin văn phòng tổng hợp "
                                "tạo gói mới.", what=what))

    for key in _HEX_KEYS:
        value = payload[key]
        if len(value) != 64 or any(c not in "0123456789abcdefABCDEF" for c in value):
            raise malformed(key)
    if payload["units_list"] not in ("2023", "2025"):
        raise malformed("units_list")
    check_documents(payload["rules"], payload["plans"], malformed)


def check_documents(rules: list[Any], plans: list[Any], malformed) -> None:
    """Rule documents and plans as the app reads them (a package's, a receipt's); `malformed(what)`
    makes the refusal raised for the first that is not."""
    for n, doc in enumerate(rules):
        if not isinstance(doc, dict) or not all(isinstance(doc.get(k), str) and doc.get(k) for k in ("kind", "code")):
            raise malformed(f"rules[{n}]")
    try:
        book = RuleBook.load(extra_documents=rules)
        book.standards()
        for year in range(2016, 2041):  # every look-up the app makes of a rule document, by year
            book.housing_programs(year)
            book.training_norms(year)
            book.newly_escaped_months(year)
            book.income_bounds(year)
        book.housing_eligibility()
        book.housing_prior_programs()
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise malformed(tr("quy tắc: {error}", error=exc)) from None
    for n, plan in enumerate(plans):
        if not _plan_ok(plan):
            raise malformed(f"plans[{n}]")


def _plan_ok(plan: Any) -> bool:
    """A plan document as `plan.load_plan` reads it."""
    def number(v: Any) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    if not (isinstance(plan, dict) and isinstance(plan.get("code"), str) and isinstance(plan.get("scope_code"), str)
            and isinstance(plan.get("year"), int) and not isinstance(plan.get("year"), bool)
            and isinstance(plan.get("targets"), list) and isinstance(plan.get("budgets"), list)):
        return False
    for t in plan["targets"]:
        if not (isinstance(t, dict) and all(isinstance(t.get(k), str) for k in ("key", "name_vi", "unit"))
                and number(t.get("value")) and (t.get("value_max") is None or number(t.get("value_max")))
                and all(isinstance(t.get(k, ""), str) for k in ("name_en", "comparison", "computed_from"))):
            return False
    for b in plan["budgets"]:
        if not (isinstance(b, dict) and isinstance(b.get("project"), str) and isinstance(b.get("name_vi"), str)
                and isinstance(b.get("sources"), dict)
                and all(isinstance(k, str) and (v is None or number(v)) for k, v in b["sources"].items())):
            return False
    return True


def _decode(path: Path, body: bytes) -> dict[str, Any]:
    raw = fmt._gunzip_limited(path, body)  # the sync reader's size limits, against a gzip bomb
    try:
        payload = msgspec.json.decode(raw)
    except (msgspec.MsgspecError, ValueError, RecursionError):
        raise _refuse(path, tr("dữ liệu bên trong không đọc được.")) from None
    if not isinstance(payload, dict):
        raise _refuse(path, tr("dữ liệu bên trong không đọc được."))
    return payload


def _refuse_existing(path: Path) -> None:
    if path.exists() and path.stat().st_size > 0:
        raise Refusal(tr("Tệp {path} đã có; không ghi đè. Hãy chọn tên tệp khác.", path=path))


def init_from_package(path: Path | str, package: Path | str, code: str) -> Database:
    """Create a commune database from a setup package and its one-time code; all or nothing."""
    path = Path(path)
    _refuse_existing(path)  # before the key is derived: that takes a second
    opened = read_setup_package(package, code)
    payload = opened.payload
    _refuse_existing(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.setup")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    try:
        db = create_database(tmp, "commune", payload["commune_code"], payload["units_list"])
        try:
            if db.identity.parent_code != payload["office_code"]:
                raise Refusal(tr("Gói cài đặt ghi văn phòng {office}, nhưng xã {code} không thuộc văn phòng đó.",
                                 office=payload["office_code"], code=payload["commune_code"]))
            with db.transaction():
                install(db, opened)
                # The file is about to move: let its first start at the final path count as the first.
                db.conn.execute("UPDATE identity SET device_marker = '' WHERE id = 1")
        finally:
            db.close()
        conn = sqlite3.connect(tmp)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        _refuse_existing(path)
        os.replace(tmp, path)
    finally:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    return open_database(path)


def install_rules(conn: sqlite3.Connection, rules: list[dict[str, Any]]) -> list[str]:
    """The office's rule documents in this database (a package's, a receipt's): each that differs
    from the one held replaces it. Returns those written (kind/code)."""
    changed = []
    for doc in rules:
        have = conn.execute("SELECT document FROM rule_tables WHERE kind = ? AND code = ?", (doc["kind"], doc["code"])).fetchone()
        if have is not None and json.loads(have[0]) == doc:
            continue
        conn.execute("INSERT OR REPLACE INTO rule_tables (kind, code, document, received_at) VALUES (?, ?, ?, ?)",
                     (doc["kind"], doc["code"], json.dumps(doc, ensure_ascii=False), utc_now()))
        changed.append(f"{doc['kind']}/{doc['code']}")
    return changed


def install(db: Database, opened: SetupPackage) -> None:
    """Write what an opened package gives a commune database (inside the caller's transaction):
    the office's keys and the enrolment secret, the office's rule documents, the plans."""
    payload = opened.payload
    db.conn.execute(
        "INSERT OR REPLACE INTO sync_config (id, office_code, office_name, office_sign_key, office_box_key, "
        "enrolment_secret, package_sha256) VALUES (1, ?, ?, ?, ?, ?, ?)",
        (payload["office_code"], payload["office_name"], payload["office_sign_key"],
         payload["office_box_key"], bytes.fromhex(payload["enrolment_secret"]), opened.sha256))
    install_rules(db.conn, payload["rules"])
    store = Store(db)
    for plan in payload["plans"]:
        load_plan(store, plan)


@dataclass(frozen=True)
class Fingerprints:
    """The keys a commune compares with its office by phone: this database's signing key, and the
    office's (from the setup package; empty for a database not made from one)."""

    own: str
    office: str
    office_name: str


def fingerprints(db: Database) -> Fingerprints:
    row = db.conn.execute("SELECT office_name, office_sign_key FROM sync_config WHERE id = 1").fetchone()
    office = fingerprint(row["office_sign_key"]) if row and row["office_sign_key"] else ""
    return Fingerprints(fingerprint(public_sign_hex(db.conn)), office, row["office_name"] if row else "")


def list_keys(db: Database) -> list[dict[str, Any]]:
    if not db.identity.is_office:
        raise Refusal(tr("Chỉ văn phòng tổng hợp mới quản lý khóa của các xã."))
    return [dict(r) for r in db.conn.execute(
        "SELECT commune_code, fingerprint, status, via, first_seen, bound_at, note FROM commune_keys "
        "ORDER BY commune_code, CASE status WHEN 'bound' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END, first_seen")]


def approve_key(db: Database, commune: str, fp: str) -> str:
    """Accept a new key for a commune (a replaced laptop): it becomes the bound key."""
    if not db.identity.is_office:
        raise Refusal(tr("Chỉ văn phòng tổng hợp mới quản lý khóa của các xã."))
    wanted = normalize_fingerprint(fp)
    row = db.conn.execute("SELECT id, status FROM commune_keys WHERE commune_code = ? AND fingerprint = ?",
                          (commune, wanted)).fetchone()
    if row is None:
        raise Refusal(tr("Chưa thấy khóa {fp} của xã {code} trong tệp nào; hãy gộp tệp của xã trước (tệp sẽ bị tạm giữ) rồi duyệt khóa.",
                         fp=wanted, code=commune))
    if row["status"] == "bound":
        raise Refusal(tr("Khóa {fp} đã là khóa được công nhận của xã {code}.", fp=wanted, code=commune))
    with db.transaction():
        db.conn.execute("UPDATE commune_keys SET status = 'retired' WHERE commune_code = ? AND status = 'bound'", (commune,))
        db.conn.execute("UPDATE commune_keys SET status = 'bound', via = 'approved', bound_at = ? WHERE id = ?",
                        (utc_now(), row["id"]))
    return wanted


__all__ = ["Fingerprints", "IssuedPackage", "SetupPackage", "approve_key", "fingerprint", "fingerprints", "init_from_package", "list_keys", "read_setup_package",
           "seal_package", "write_setup_package"]
