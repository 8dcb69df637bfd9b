"""Setup packages (office → commune) and the office's register of commune keys.

A setup package is signed by the office and carries its public keys, the commune's identity, the
rule documents and the plan, and a one-time enrolment secret. The commune database made from it
puts a proof of that secret in every file it exports, so the office binds the commune's key on
the first file that arrives, without asking. Hand the package over in person (USB stick): whoever
holds it can enrol a key for that commune until the commune's first file is merged.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from nacl.utils import random as random_bytes

from desktop import __version__
from desktop.core import features  # noqa: F401  (every table's record rules registered)
from desktop.core.db import Database, create_database, open_database, utc_now
from desktop.core.errors import Refusal
from desktop.core.i18n import tr
from desktop.core.plan import load_plan
from desktop.core.reference import units
from desktop.core.store import Store
from desktop.core.sync import format as fmt
from desktop.core.sync.keys import (
    fingerprint,
    normalize_fingerprint,
    public_box_hex,
    public_sign_hex,
    signing_key,
)

PACKAGE = "gnsetup"


def _plans(db: Database, commune: str) -> list[dict[str, Any]]:
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


def write_setup_package(db: Database, commune: str, out: Path | str) -> Path:
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
    # Only the office's own rule updates travel: the commune's app has the shipped rules already,
    # and copies of them in its rule_tables would shadow the corrected rules of a later release.
    rules = [json.loads(r[0]) for r in db.conn.execute("SELECT document FROM rule_tables ORDER BY id")]
    payload = {
        "commune_code": unit.code, "commune_name": unit.name, "units_list": ident.units_list,
        "office_code": ident.unit_code, "office_name": ident.unit_name,
        "office_sign_key": public_sign_hex(db.conn), "office_box_key": public_box_hex(db.conn),
        "enrolment_secret": secret.hex(), "rules": rules, "plans": _plans(db, commune),
    }
    manifest = {
        "format": PACKAGE, "format_version": fmt.FORMAT_VERSION, "app_version": __version__,
        "office_code": ident.unit_code, "office_name": ident.unit_name, "commune_code": unit.code,
        "commune_name": unit.name, "units_list": ident.units_list, "created_at": utc_now(),
    }
    data = fmt.build(manifest, fmt.encode_payload(payload), signing_key(db.conn))
    out.parent.mkdir(parents=True, exist_ok=True)
    with db.transaction():
        db.conn.execute(
            "INSERT INTO enrolments (commune_code, secret, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (commune_code) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, used_at = NULL",
            (unit.code, secret, utc_now()))
        fmt.write_new(out, data)
    return out


def read_setup_package(path: Path | str) -> tuple[fmt.VerifiedFile, dict[str, Any]]:
    verified = fmt.read_verified(path, kind=PACKAGE)
    payload = fmt.decode_payload(verified, None)
    wanted = ("commune_code", "units_list", "office_code", "office_sign_key", "office_box_key", "enrolment_secret", "rules", "plans")
    if any(k not in payload for k in wanted) or payload["commune_code"] != verified.manifest.get("commune_code"):
        raise Refusal(tr("Gói cài đặt {name} thiếu thông tin hoặc không nhất quán.", name=Path(path).name))
    if payload["office_sign_key"] != verified.signer_key:
        raise Refusal(tr("Gói cài đặt {name} không được ký bởi chính văn phòng ghi trong gói.", name=Path(path).name))
    return verified, payload


def init_from_package(path: Path | str, package: Path | str) -> Database:
    """Create a commune database from a setup package; all or nothing."""
    path = Path(path)
    verified, payload = read_setup_package(package)
    if path.exists() and path.stat().st_size > 0:
        raise Refusal(tr("Tệp {path} đã có; không ghi đè. Hãy chọn tên tệp khác.", path=path))
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
                db.conn.execute(
                    "INSERT INTO sync_config (id, office_code, office_name, office_sign_key, office_box_key, "
                    "enrolment_secret, package_sha256) VALUES (1, ?, ?, ?, ?, ?, ?)",
                    (payload["office_code"], payload.get("office_name", ""), payload["office_sign_key"],
                     payload["office_box_key"], bytes.fromhex(payload["enrolment_secret"]), verified.sha256))
                for doc in payload["rules"]:
                    db.conn.execute("INSERT OR REPLACE INTO rule_tables (kind, code, document, received_at) VALUES (?, ?, ?, ?)",
                                    (doc["kind"], doc["code"], json.dumps(doc, ensure_ascii=False), utc_now()))
                store = Store(db)
                for plan in payload["plans"]:
                    load_plan(store, plan)
                # The file is about to move: let its first start at the final path count as the first.
                db.conn.execute("UPDATE identity SET device_marker = '' WHERE id = 1")
        finally:
            db.close()
        conn = sqlite3.connect(tmp)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        if path.exists() and path.stat().st_size > 0:
            raise Refusal(tr("Tệp {path} đã có; không ghi đè. Hãy chọn tên tệp khác.", path=path))
        os.replace(tmp, path)
    finally:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    return open_database(path)


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


__all__ = ["approve_key", "fingerprint", "init_from_package", "list_keys", "read_setup_package", "write_setup_package"]
