"""Receipts (office → commune): what the office holds of a commune, its conflict decisions, and its
newer rules and plan targets. Qt-free; `giamngheo receipt` / `apply-receipt` and both Sync panes
call here.

A receipt is a numbered file (per commune, from 1) in the sync container (format.py: a signed
manifest, `manifest.sig`, `payload.bin`) of format `gnreceipt`. The office signs it with its own
key and seals the payload to the commune's encryption key — the public key each of the commune's
sync files names in its signed manifest (`box_key`), kept with the commune's bound key — so only
that commune's computer reads it, and only the office it enrolled with could have written it.

The payload says:
- `received`: per device of the commune, the files the office holds (count, first and last
  number, when the last came) and `missing`: the numbers it lacks;
- `refused`: files the office refused (and not received since), with why;
- `records`: how many of the commune's records the office holds, by table;
- `decisions`: the office's conflict decisions awaiting the commune (decisions.py);
- `rules`, `plans`: the office's rule documents and the plans of the office and this commune.

The commune applies it whole or not at all (`apply_receipt`): it refuses a receipt of another
commune, one signed by another key than its office's (from the setup package), one not sealed to
it, and one no newer than the last it applied. Each decision becomes a local edit made from the
versions it resolves (Store.resolve), unless the record changed here since (`stale`: the newer
version reaches the office, which decides again) or is not here (`missing`); rule documents that
differ replace this database's, and plan targets are added or updated through the write path
(audited). What changed is kept with the receipt (`applied_receipts.changes`) and shown.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
from nacl.exceptions import CryptoError

from desktop import __version__
from desktop.core.db import Database, utc_now
from desktop.core.errors import Refusal, ValidationFailed
from desktop.core.i18n import tr
from desktop.core.plan import load_plan
from desktop.core.reference import communes_of
from desktop.core.schema import FOREIGN_KEYS
from desktop.core.storage import os_reason
from desktop.core.store import Store
from desktop.core.sync import decisions as decisions_mod
from desktop.core.sync import format as fmt
from desktop.core.sync import received
from desktop.core.sync.export import EXPORTED_TABLES
from desktop.core.sync.keys import box_key, fingerprint, seal, signing_key, unseal
from desktop.core.sync.lineage import MAX_RESOLVED
from desktop.core.sync.package import check_documents, install_rules, plans_for

RECEIPT = "gnreceipt"
RECEIPT_VERSION = 1
SUFFIX = ".gnreceipt"
MAX_REFUSED = 100  # the latest refusals a receipt lists
_TARGET_FIELDS = ("name_vi", "name_en", "value", "value_max", "unit", "comparison", "computed_from")


@dataclass(frozen=True)
class IssuedReceipt:
    path: Path
    commune_code: str
    commune_name: str
    sequence: int
    decisions: int
    files: int
    missing: int
    refused: int


@dataclass
class AppliedReceipt:
    """A receipt as the commune applied it (or as it was kept: `last_receipt`)."""

    sequence: int
    created_at: str
    applied_at: str
    file_name: str
    office_name: str
    contents: dict[str, Any]
    outcomes: list[dict[str, Any]] = field(default_factory=list)   # per decision: record, outcome, message
    rules: list[str] = field(default_factory=list)                 # rule documents replaced (kind/code)
    targets: list[dict[str, Any]] = field(default_factory=list)    # plan rows added or changed

    @property
    def received(self) -> list[dict[str, Any]]:
        return self.contents.get("received", [])

    @property
    def missing(self) -> list[dict[str, Any]]:
        return self.contents.get("missing", [])

    @property
    def refused(self) -> list[dict[str, Any]]:
        return self.contents.get("refused", [])

    @property
    def records(self) -> dict[str, int]:
        return self.contents.get("records", {})


def _names(db: Database) -> dict[str, str]:
    ident = db.identity
    return {u.code: u.name for u in communes_of(ident.unit_code, ident.units_list)}


def file_name(commune: str, sequence: int, created: str) -> str:
    stamp = created[:16].replace("-", "").replace(":", "")
    return f"{commune}_bien-nhan_{sequence:04d}_{stamp}{SUFFIX}"


# The office ------------------------------------------------------------------------------------

def contents(db: Database, commune: str) -> dict[str, Any]:
    """What the office holds of a commune, as a receipt tells it (without rules and plans)."""
    conn = db.conn
    tags = received.device_tags(r[0] for r in conn.execute(
        "SELECT DISTINCT device_id FROM received_files WHERE commune_code = ?", (commune,)))
    devices = []
    for device, files, first, last in conn.execute(
            "SELECT device_id, COUNT(*), MIN(sequence), MAX(sequence) FROM received_files WHERE commune_code = ? "
            "GROUP BY device_id ORDER BY MAX(received_at)", (commune,)).fetchall():
        newest = conn.execute("SELECT file_name, created_at, received_at FROM received_files WHERE commune_code = ? "
                              "AND device_id = ? ORDER BY sequence DESC, id DESC LIMIT 1", (commune, device)).fetchone()
        devices.append({"device": tags[device], "device_id": device, "files": files, "first_sequence": first,
                        "last_sequence": last, "last_file": newest[0], "last_created_at": newest[1],
                        "last_received_at": newest[2]})
    missing = received.status(conn, [commune]).get(commune, {}).get("missing", [])
    refused = [dict(zip(("file_name", "device_id", "sequence", "reason", "refused_at"), r, strict=True))
               for r in conn.execute(
                   "SELECT file_name, device_id, sequence, reason, refused_at FROM refused_files f WHERE commune_code = ? "
                   "AND NOT EXISTS (SELECT 1 FROM received_files r WHERE r.manifest_sha256 = f.manifest_sha256) "
                   "ORDER BY refused_at DESC, id DESC LIMIT ?", (commune, MAX_REFUSED))]
    records = {t: conn.execute(f"SELECT COUNT(*) FROM {t} WHERE commune_code = ? AND deleted = 0", (commune,)).fetchone()[0]
               for t in EXPORTED_TABLES}
    return {"received": devices, "missing": missing, "refused": refused, "records": records}


def write_receipt(db: Database, commune: str, out: Path | str) -> IssuedReceipt:
    """Write the commune's next receipt to `out` (a file name, or a folder to put it in); the number
    is recorded first and given back when the file cannot be written."""
    ident = db.identity
    if not ident.is_office:
        raise Refusal(tr("Chỉ văn phòng tổng hợp mới tạo được biên nhận cho xã."))
    names = _names(db)
    if commune not in names:
        raise Refusal(tr("Mã xã {code} không thuộc địa bàn {office}.", code=commune, office=ident.unit_name))
    conn = db.conn
    key = conn.execute("SELECT sign_key, box_key FROM commune_keys WHERE commune_code = ? AND status = 'bound'",
                       (commune,)).fetchone()
    if key is None:
        raise Refusal(tr("Xã {name} chưa có khóa được công nhận (chưa gửi tệp nào, hoặc khóa đang bị tạm giữ hay đã "
                         "thu hồi): chưa tạo được biên nhận cho xã.", name=names[commune]))
    if not key["box_key"]:
        raise Refusal(tr("Chưa có khóa mã hóa của xã {name}: các tệp đã nhận được tạo bởi phiên bản cũ của phần mềm. "
                         "Biên nhận được tạo sau khi nhận tệp tiếp theo của xã.", name=names[commune]))
    held = contents(db, commune)
    awaiting = decisions_mod.decisions(db, commune, decisions_mod.AWAITING)
    created = utc_now()
    last = conn.execute("SELECT MAX(sequence) FROM issued_receipts WHERE commune_code = ?", (commune,)).fetchone()[0]
    sequence = (last or 0) + 1
    payload = held | {
        "commune_code": commune, "sequence": sequence, "created_at": created,
        "decisions": [d.portable() for d in awaiting],
        "rules": [json.loads(r[0]) for r in conn.execute("SELECT document FROM rule_tables ORDER BY id")],
        "plans": plans_for(db, commune),
    }
    manifest = {"format": RECEIPT, "format_version": RECEIPT_VERSION, "app_version": __version__,
                "office_code": ident.unit_code, "office_name": ident.unit_name, "commune_code": commune,
                "commune_name": names[commune], "sequence": sequence, "created_at": created,
                "recipient": fingerprint(key["sign_key"]), "encrypted": True}
    data = fmt.build(manifest, seal(fmt.encode_payload(payload), key["box_key"]), signing_key(conn))
    out = Path(out)
    path = out / file_name(commune, sequence, created) if out.is_dir() else out
    if path.exists():
        raise Refusal(tr("Tệp {path} đã có; không ghi đè. Hãy chọn tên tệp khác.", path=path))
    with db.transaction():
        conn.execute("INSERT INTO issued_receipts (commune_code, sequence, file_name, sha256, created_at, decisions) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (commune, sequence, path.name, hashlib.sha256(data).hexdigest(),
                                                   created, len(awaiting)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fmt.write_new(path, data)
    except (OSError, Refusal) as exc:
        with db.transaction():  # nothing written: the number goes back
            conn.execute("DELETE FROM issued_receipts WHERE commune_code = ? AND sequence = ?", (commune, sequence))
        if isinstance(exc, Refusal):
            raise
        raise Refusal(tr("Không ghi được biên nhận vào {path}: {error}. Không có gì thay đổi; hãy xử lý rồi tạo lại.",
                         path=path, error=os_reason(exc))) from exc
    return IssuedReceipt(path, commune, names[commune], sequence, len(awaiting),
                         sum(d["files"] for d in held["received"]), len(held["missing"]), len(held["refused"]))


def issued(db: Database, commune: str | None = None) -> list[dict[str, Any]]:
    """The receipts this office wrote (of one commune, or all), newest first."""
    sql = ("SELECT commune_code, sequence, file_name, created_at, decisions FROM issued_receipts"
           + (" WHERE commune_code = ?" if commune else "") + " ORDER BY created_at DESC, id DESC")
    return [dict(r) for r in db.conn.execute(sql, (commune,) if commune else ())]


# The commune -----------------------------------------------------------------------------------

def _refuse(path: Path, why: str) -> Refusal:
    return Refusal(tr("Biên nhận {name} bị từ chối: {why}", name=path.name, why=why))


def _malformed(path: Path, what: str) -> Refusal:
    return _refuse(path, tr("biên nhận có dữ liệu sai cấu trúc ({what}); không áp dụng gì. Hãy xin văn phòng tổng hợp "
                            "tạo biên nhận mới.", what=what))


def _open(db: Database, path: Path) -> tuple[fmt.VerifiedFile, dict[str, Any], Any]:
    ident = db.identity
    if ident.is_office:
        raise Refusal(tr("Biên nhận do văn phòng tổng hợp gửi cho xã; chỉ cơ sở dữ liệu của xã mới áp dụng được."))
    config = db.conn.execute("SELECT office_code, office_name, office_sign_key FROM sync_config WHERE id = 1").fetchone()
    if config is None or not config["office_sign_key"]:
        raise Refusal(tr("Cơ sở dữ liệu này không được tạo từ gói cài đặt nên không có khóa của văn phòng tổng hợp: "
                         "không xác minh được biên nhận. Hãy xin văn phòng gói cài đặt."))
    verified = fmt.read_verified(path, RECEIPT)
    manifest = verified.manifest
    if verified.signer_key != config["office_sign_key"]:
        raise _refuse(path, tr("biên nhận không được ký bằng khóa của văn phòng {office} (khóa trong gói cài đặt): "
                               "có thể của văn phòng khác hoặc đã bị sửa. Không áp dụng gì.", office=config["office_name"]))
    if manifest.get("commune_code") != ident.unit_code:
        raise _refuse(path, tr("biên nhận dành cho xã {theirs}, không phải xã {name} ({code}) của cơ sở dữ liệu này.",
                               theirs=str(manifest.get("commune_code"))[:20], name=ident.unit_name, code=ident.unit_code))
    sequence = manifest.get("sequence")
    if type(sequence) is not int or not 1 <= sequence <= fmt.MAX_SEQUENCE:
        raise _malformed(path, "sequence")
    last = db.conn.execute("SELECT MAX(sequence) FROM applied_receipts").fetchone()[0] or 0
    if sequence <= last:
        raise _refuse(path, tr("đây là biên nhận số {n}, không mới hơn biên nhận số {last} máy này đã áp dụng; không "
                               "áp dụng lại. Hãy dùng biên nhận mới nhất của văn phòng.", n=sequence, last=last))
    try:
        plain = unseal(verified.payload, box_key(db.conn))
    except CryptoError:
        raise _refuse(path, tr("không giải mã được: biên nhận không được mã hóa cho máy này (có thể cho máy cũ của xã, "
                               "trước khi khôi phục hay cài lại). Hãy gửi tệp đồng bộ mới cho văn phòng rồi xin biên "
                               "nhận mới.")) from None
    payload = _decode(path, plain)
    if payload.get("sequence") != sequence or payload.get("commune_code") != ident.unit_code:
        raise _malformed(path, "sequence")
    return verified, payload, config



def _decode(path: Path, blob: bytes) -> dict[str, Any]:
    raw = fmt._gunzip_limited(path, blob)  # the sync reader's limits, against a gzip bomb
    try:
        payload = msgspec.json.decode(raw)
    except (msgspec.MsgspecError, ValueError, RecursionError):
        raise _malformed(path, "payload") from None
    if not isinstance(payload, dict):
        raise _malformed(path, "payload")
    for key, kind in (("received", list), ("missing", list), ("refused", list), ("records", dict),
                      ("decisions", list), ("rules", list), ("plans", list), ("created_at", str)):
        if not isinstance(payload.get(key), kind):
            raise _malformed(path, key)
    for n, d in enumerate(payload["decisions"]):
        if not _decision_ok(d):
            raise _malformed(path, f"decisions[{n}]")
    check_documents(payload["rules"], payload["plans"], lambda what: _malformed(path, what))
    return payload


def _decision_ok(d: Any) -> bool:
    if not (isinstance(d, dict) and all(isinstance(d.get(k), str) and d.get(k) for k in ("uuid", "table", "record_uuid"))
            and d["table"] in EXPORTED_TABLES and len(d["uuid"]) <= 64 and isinstance(d.get("values"), dict)
            and isinstance(d.get("resolves"), list) and 0 < len(d["resolves"]) <= MAX_RESOLVED):
        return False
    return all(isinstance(v, list) and len(v) == 2 and type(v[0]) is int and v[0] >= 1 and isinstance(v[1], str)
               and 0 < len(v[1]) <= 64 for v in d["resolves"])


def _local_values(store: Store, table: str, values: dict[str, Any]) -> dict[str, Any]:
    """A decision's values (portable: references by UUID) as this table's columns; ValueError
    naming a reference this database lacks. Values that are not columns here are left out."""
    writable = set(store.writable(table)) | {"deleted", "deleted_reason"}
    fks = FOREIGN_KEYS.get(table, {})
    out = {}
    for key, value in values.items():
        local = key[:-5] + "_id" if key.endswith("_uuid") else None
        if local in fks:
            if value is None:
                out[local] = None
                continue
            found = store.id_of(fks[local], value)
            if found is None:
                raise ValueError(tr("bản ghi này trỏ tới một bản ghi ({uuid}) không có trên máy này.", uuid=str(value)[:8]))
            out[local] = found
        elif key in writable:
            out[key] = value
    return out


def _apply_decision(store: Store, d: dict[str, Any], sequence: int) -> dict[str, Any]:
    from desktop.core import records

    conn, table = store.conn, d["table"]
    outcome: dict[str, Any] = {"uuid": d["uuid"], "table": table, "record": d.get("record") or d["record_uuid"][:8],
                               "outcome": "applied", "message": ""}
    record_id = store.id_of(table, d["record_uuid"])
    resolves = sorted((r, dev) for r, dev in d["resolves"])
    if record_id is None:
        outcome |= {"outcome": "missing", "message": tr("máy này không có bản ghi này.")}
    else:
        here = store.require(table, record_id)
        outcome["record"] = records.of(table).describe(here)
        if (here["revision"], here["device_id"]) not in resolves:
            outcome["outcome"] = "stale"  # (outcome_text says why)
        else:
            try:
                store.resolve(table, record_id, _local_values(store, table, d["values"]), decision=d["uuid"],
                              resolves=resolves, reason=tr("Theo quyết định xử lý xung đột của văn phòng tổng hợp"))
            except (ValidationFailed, Refusal, ValueError) as exc:
                message = exc.message if isinstance(exc, Refusal) else str(exc)
                if isinstance(exc, ValidationFailed) and exc.errors:
                    message = "; ".join(exc.errors.values())
                outcome |= {"outcome": "refused", "message": message}
    conn.execute("INSERT INTO applied_decisions (decision_uuid, receipt_sequence, table_name, record_uuid, outcome, "
                 "message, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (d["uuid"], sequence, table, d["record_uuid"], outcome["outcome"], outcome["message"], utc_now()))
    return outcome


def _install_plans(store: Store, plans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Targets and budgets added, and those whose values the office changed, through the write path."""
    conn, changed = store.conn, []
    for plan in plans:
        year, scope = int(plan["year"]), plan["scope_code"]
        have = {r["key"]: dict(r) for r in conn.execute(
            "SELECT * FROM plan_targets WHERE year = ? AND scope_code = ? AND deleted = 0", (year, scope))}
        for target in plan["targets"]:
            row = have.get(target["key"])
            if row is None:
                changed.append({"year": year, "scope": scope, "key": target["key"], "name": target["name_vi"],
                                "old": None, "new": target["value"]})
                continue
            wanted = {k: target.get(k, row[k] if k in ("name_en", "comparison", "computed_from") else None)
                      for k in _TARGET_FIELDS}
            if store.update("plan_targets", row["id"], {k: v for k, v in wanted.items() if v != row[k]},
                            reason=tr("Theo biên nhận của văn phòng tổng hợp")):
                changed.append({"year": year, "scope": scope, "key": target["key"], "name": target["name_vi"],
                                "old": row["value"], "new": target["value"]})
        budgets = {(r["project"], r["source"]): dict(r) for r in conn.execute(
            "SELECT * FROM plan_budgets WHERE year = ? AND scope_code = ? AND deleted = 0", (year, scope))}
        for budget in plan["budgets"]:
            for source, amount in budget["sources"].items():
                row = budgets.get((budget["project"], source))
                if row is not None and amount is not None and row["amount"] != amount:
                    store.update("plan_budgets", row["id"], {"amount": amount},
                                 reason=tr("Theo biên nhận của văn phòng tổng hợp"))
                    changed.append({"year": year, "scope": scope, "key": f"{budget['project']}/{source}",
                                    "name": budget["name_vi"], "old": row["amount"], "new": amount})
        load_plan(store, plan)  # the targets and budgets not here yet
    return changed


def apply_receipt(db: Database, path: Path | str) -> AppliedReceipt:
    """Check and apply the office's receipt, whole or not at all (see the module)."""
    path = Path(path)
    verified, payload, config = _open(db, path)
    manifest = verified.manifest
    store = Store(db)
    sequence = manifest["sequence"]
    applied = AppliedReceipt(sequence, payload["created_at"], utc_now(), path.name, config["office_name"],
                             {k: payload[k] for k in ("received", "missing", "refused", "records")})
    with db.transaction():
        done = {r[0] for r in db.conn.execute("SELECT decision_uuid FROM applied_decisions")}
        for d in payload["decisions"]:
            if d["uuid"] not in done:
                applied.outcomes.append(_apply_decision(store, d, sequence))
        applied.rules = install_rules(db.conn, payload["rules"])
        applied.targets = _install_plans(store, payload["plans"])
        db.conn.execute(
            "INSERT INTO applied_receipts (sequence, office_fingerprint, created_at, applied_at, file_name, sha256, "
            "contents, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (sequence, fingerprint(verified.signer_key), applied.created_at, applied.applied_at, path.name,
             verified.sha256, json.dumps(applied.contents, ensure_ascii=False),
             json.dumps({"decisions": applied.outcomes, "rules": applied.rules, "targets": applied.targets},
                        ensure_ascii=False, default=str)))
    return applied


def last_receipt(db: Database) -> AppliedReceipt | None:
    """The newest receipt this database applied, as kept."""
    row = db.conn.execute("SELECT * FROM applied_receipts ORDER BY sequence DESC LIMIT 1").fetchone()
    if row is None:
        return None
    config = db.conn.execute("SELECT office_name FROM sync_config WHERE id = 1").fetchone()
    changes = json.loads(row["changes"] or "{}")
    return AppliedReceipt(row["sequence"], row["created_at"], row["applied_at"], row["file_name"],
                          config["office_name"] if config else "", json.loads(row["contents"]),
                          changes.get("decisions", []), changes.get("rules", []), changes.get("targets", []))


def applied_decision_records(db: Database) -> dict[str, str]:
    """Each record a decision was applied to here, with the outcome (record UUID → outcome)."""
    return {r[0]: r[1] for r in db.conn.execute("SELECT record_uuid, outcome FROM applied_decisions ORDER BY rowid")}


def outcome_text(outcome: str) -> str:
    """What became of a decision at the commune, in words."""
    return {"applied": tr("đã áp dụng"),
            "stale": tr("chưa áp dụng: bản ghi đã được sửa sau khi văn phòng chọn; văn phòng sẽ thấy bản mới và chọn lại"),
            "missing": tr("chưa áp dụng: máy này không có bản ghi"),
            "refused": tr("chưa áp dụng")}.get(outcome, outcome)


def summary_lines(applied: AppliedReceipt) -> list[str]:
    """The receipt in plain words, a line each (the command line prints them; the Sync pane shows them)."""
    from desktop.core.formats import count, date_text

    lines = [tr("Biên nhận số {n} của {office}, lập ngày {date}.", n=applied.sequence, office=applied.office_name,
                date=date_text(applied.created_at) or applied.created_at[:10])]
    if applied.received:
        for device in applied.received:
            lines.append(tr("Văn phòng đã nhận {files} tệp của máy {device}, đến tệp số {last} (nhận ngày {date}).",
                            files=device["files"], device=device["device"], last=device["last_sequence"],
                            date=date_text(device["last_received_at"]) or "?"))
    else:
        lines.append(tr("Văn phòng chưa nhận được tệp đồng bộ nào của xã."))
    records = applied.records
    if records:
        lines.append(tr("Văn phòng đang có của xã: {households} hộ, {members} nhân khẩu, {supports} hỗ trợ nhà ở, "
                        "{enrolments} học viên học nghề.", households=count(records.get("households", 0)),
                        members=count(records.get("members", 0)), supports=count(records.get("housing_supports", 0)),
                        enrolments=count(records.get("training_enrolments", 0))))
    if applied.missing:
        numbers = ", ".join(f"{m['sequence']} ({tr('máy {device}', device=m['device'])})" for m in applied.missing[:20])
        lines.append(tr("Văn phòng còn thiếu {n} tệp: số {numbers}. Hãy gửi lại các tệp này.", n=len(applied.missing),
                        numbers=numbers + ("…" if len(applied.missing) > 20 else "")))
    for refused in applied.refused:
        lines.append(tr("Tệp {name} bị văn phòng từ chối: {reason}", name=refused["file_name"], reason=refused["reason"]))
    for outcome in applied.outcomes:
        text = outcome_text(outcome["outcome"])
        lines.append(tr("Xung đột ở {record}: {outcome}{why}.", record=outcome["record"], outcome=text,
                        why=f" ({outcome['message']})" if outcome["message"] else ""))
    if applied.rules:
        lines.append(tr("Đã cập nhật quy tắc từ văn phòng: {names}.", names=", ".join(applied.rules)))
    for target in applied.targets:
        if target["old"] is None:
            lines.append(tr("Chỉ tiêu mới năm {year}: {name} = {value}.", year=target["year"], name=target["name"],
                            value=target["new"]))
        else:
            lines.append(tr("Chỉ tiêu năm {year} thay đổi: {name}: {old} → {new}.", year=target["year"],
                            name=target["name"], old=target["old"], new=target["new"]))
    return lines


def write_receipts(db: Database, communes: list[str], folder: Path | str, progress=None,
                   cancelled=None) -> list[tuple[str, IssuedReceipt | None, str]]:
    """A receipt for each commune into `folder`: (code, receipt, "") or (code, None, why not). A
    commune that cannot have one (no key yet) does not stop the others; `cancelled` is asked
    before each commune (those not begun are left out)."""
    out: list[tuple[str, IssuedReceipt | None, str]] = []
    for code in communes:
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(code)
        try:
            out.append((code, write_receipt(db, code, folder), ""))
        except Refusal as refusal:
            out.append((code, None, refusal.message))
    return out
