"""A commune's export: a snapshot of every syncing record (tombstones included) and its audit log."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from desktop import __version__
from desktop.core.db import Database, schema_version, utc_now
from desktop.core.errors import Refusal
from desktop.core.i18n import tr
from desktop.core.portable import portable_columns, select_sql
from desktop.core.schema import SYNC_TABLES
from desktop.core.storage import os_reason
from desktop.core.sync import format as fmt
from desktop.core.sync.keys import (
    enrolment_proof,
    public_box_hex,
    public_sign_hex,
    seal,
    signing_key,
)

# An entry as it travels (format 2): who changed which record when, the version it made (`revision`,
# made from `revision - 1` of `base_device`), the SHA-256 of the record's values after it, the
# change itself, and its link in its device's hash chain (desktop.core.store).
AUDIT_COLUMNS = ("uuid", "at", "actor", "device_id", "commune_code", "action", "table_name", "record_uuid",
                 "revision", "base_device", "values_sha256", "old_values", "new_values", "extras", "reason",
                 "prev_hash", "hash")
# Commune records only: plan rows belong to the office's scope and travel the other way.
EXPORTED_TABLES = tuple(t for t in SYNC_TABLES if not t.startswith("plan_"))


def snapshot(db: Database, commune_code: str | None = None) -> dict[str, Any]:
    """Every syncing record of one commune (default: this database's) in its portable form."""
    conn, code = db.conn, commune_code or db.identity.unit_code
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples: JSON writes them as arrays, no conversion needed
    tables: dict[str, Any] = {}
    for table in EXPORTED_TABLES:
        rows: list[Any] = cur.execute(select_sql(conn, table), (code,)).fetchall()
        if table == "assessments":
            rows = [(*r[:-1], json.loads(r[-1])) for r in rows]
        tables[table] = {"columns": portable_columns(conn, table), "rows": rows}
    # An insert's values travel as their digest alone (the chain covers them; the record itself is
    # in the file): a file a third smaller, and the office keeps no more than that anyway.
    sent = ", ".join("CASE WHEN action = 'insert' THEN NULL ELSE new_values END" if c == "new_values" else c
                     for c in AUDIT_COLUMNS)
    audit = cur.execute(f"SELECT {sent} FROM audit_log WHERE commune_code = ? ORDER BY id", (code,)).fetchall()
    cur.close()
    return {"commune_code": code, "tables": tables, "audit": {"columns": list(AUDIT_COLUMNS), "rows": audit}}


def needs_unencrypted_consent(db: Database) -> bool:
    """True when this commune has no office key: its files would carry names and citizen IDs in
    the clear (a commune made with `init --commune`, not from a setup package)."""
    row = db.conn.execute("SELECT office_box_key FROM sync_config WHERE id = 1").fetchone()
    return not (row and row[0])


def export(db: Database, out_dir: Path | str, *, unencrypted: bool = False) -> Path:
    """Write the next sync file into `out_dir` (created if needed); returns its path. Without the
    office's key the file would not be encrypted: refused unless `unencrypted` is asked for."""
    ident = db.identity
    if ident.is_office:
        raise Refusal(tr("Chỉ cơ sở dữ liệu của xã mới xuất tệp đồng bộ; văn phòng tổng hợp nhận tệp bằng lệnh merge."))
    if needs_unencrypted_consent(db) and not unencrypted:
        raise Refusal(tr(
            "Cơ sở dữ liệu này chưa có khóa của văn phòng tổng hợp, nên tệp đồng bộ sẽ không được mã hóa: ai có "
            "tệp (qua Zalo, e-mail, USB bị mất) cũng đọc được họ tên và số CCCD. Hãy xin văn phòng gói cài đặt "
            "(lệnh setup-package ở văn phòng) và tạo lại cơ sở dữ liệu của xã bằng init --setup. Nếu vẫn phải gửi "
            "tệp không mã hóa, chạy lại với --unencrypted."))
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Refusal(tr("Không tạo được thư mục {path}: {error}", path=out_dir, error=os_reason(exc))) from exc
    conn = db.conn
    config = conn.execute("SELECT office_box_key, enrolment_secret, office_code FROM sync_config WHERE id = 1").fetchone()
    office_box = config["office_box_key"] if config else ""
    secret = config["enrolment_secret"] if config else None
    payload = snapshot(db)
    stored = fmt.encode_payload(payload)
    if office_box:
        stored = seal(stored, office_box)
    # The database's numbering goes on across devices: a moved or copied database (a new device id)
    # continues from the last file it knows, so the office sees any file missing in between; its
    # files carry the new device's tag, so no name and no (device, sequence) is used twice.
    last = conn.execute("SELECT sequence, sha256 FROM sync_exports ORDER BY sequence DESC, rowid DESC LIMIT 1").fetchone()
    sequence = (last[0] + 1) if last else 1
    created = utc_now()
    sign_hex = public_sign_hex(conn)
    manifest = {
        "format": fmt.FORMAT, "format_version": fmt.FORMAT_VERSION,
        "schema_version": schema_version(conn), "app_version": __version__,
        "commune_code": ident.unit_code, "commune_name": ident.unit_name, "units_list": ident.units_list,
        "office_code": (config["office_code"] if config and config["office_code"] else ident.parent_code),
        "device_id": ident.device_id, "sequence": sequence,
        "previous_sha256": last[1] if last else "", "created_at": created,
        "record_counts": {t: len(v["rows"]) for t, v in payload["tables"].items()} | {"audit_log": len(payload["audit"]["rows"])},
        "encrypted": bool(office_box),
        "enrolment_proof": enrolment_proof(secret, ident.unit_code, sign_hex) if secret else "",
        # The commune's public encryption key: the office seals its receipts to it (receipt.py).
        "box_key": public_box_hex(conn),
    }
    path = out_dir / fmt.file_name(ident.unit_code, sequence, created, ident.device_id)
    if path.exists():
        raise Refusal(tr("Thư mục {folder} đã có tệp {name} (có thể của một máy khác cùng xã). "
                         "Hãy chọn thư mục khác hoặc chờ một phút rồi xuất lại.", folder=out_dir, name=path.name))
    data = fmt.build(manifest, stored, signing_key(conn))
    digest = hashlib.sha256(data).hexdigest()
    # The sequence is recorded before the file is written: a crash in between burns a number
    # (the office sees a gap) but a (device, sequence) pair can never be used twice.
    with db.transaction():
        conn.execute("INSERT INTO sync_exports (sequence, file_name, sha256, device_id, created_at, encrypted, records, "
                     "folder) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (sequence, path.name, digest, ident.device_id, created, int(bool(office_box)),
                      sum(manifest["record_counts"].values()), str(out_dir.resolve())))
    try:
        fmt.write_new(path, data)
    except (OSError, Refusal) as exc:
        # Nothing was written (write_new leaves no partial file): the number goes back, so the
        # office never waits for a file that does not exist.
        with db.transaction():
            conn.execute("DELETE FROM sync_exports WHERE device_id = ? AND sequence = ?", (ident.device_id, sequence))
        if isinstance(exc, Refusal):  # its temporary name taken by a link: the message says which
            raise
        raise Refusal(tr("Không ghi được tệp đồng bộ vào {folder}: {error}. Không có gì thay đổi; hãy xử lý rồi "
                         "xuất lại.", folder=out_dir, error=os_reason(exc))) from exc
    return path
