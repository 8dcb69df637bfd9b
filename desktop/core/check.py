"""`giamngheo check`: integrity, schema version, consistency of the data with its rules, audit chain."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core import features, records, storage  # noqa: F401  (features: every table's rules registered)
from desktop.core.db import Database, schema_version
from desktop.core.i18n import tr
from desktop.core.labels import field_label
from desktop.core.portable import portable_columns, select_sql, values_digest
from desktop.core.schema import SYNC_TABLES, build_schema_sql, known_migration_names, schema_sql
from desktop.core.store import GENESIS, Store, audit_hash, values_vouched
from desktop.core.sync.revoke import quarantined

MAX_LISTED = 20  # problems listed per kind; the rest are counted
DAMAGE_LISTED = 8  # what SQLite's integrity check says about a damaged file: a few lines are enough
BACKUPS_LISTED = 10  # the newest backups found; the way out is the first one


@dataclass
class Report:
    passed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    damaged: bool = False  # SQLite found the file itself damaged: the way out is a backup
    notes: list[str] = field(default_factory=list)  # what to do about it, printed last

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"OK  {p}" for p in self.passed]
        out += [f"LỖI {p}" if not p.startswith("  ") else p for p in self.problems]
        return out + self.notes


def run(db: Database, progress: Callable[[str], None] | None = None) -> Report:
    report = Report()
    steps: list[tuple[str, Callable[[Database, Report], None]]] = [
        (tr("Toàn vẹn tệp SQLite"), _integrity),
        (tr("Khóa ngoại"), _foreign_keys),
        (tr("Phiên bản cấu trúc dữ liệu"), _schema),
        (tr("Dữ liệu theo quy tắc nghiệp vụ"), _rules),
        (tr("Phiên bản các bản ghi theo nhật ký"), _revisions),
        (tr("Chuỗi nhật ký thay đổi"), _audit_chain),
    ]
    for label, step in steps:
        if progress:
            progress(label)
        before = len(report.problems)
        try:
            step(db, report)
        except sqlite3.DatabaseError as exc:  # a damaged page met while reading: say so, go no further
            if storage.kind_of(exc) not in (storage.CORRUPT, storage.NOT_DATABASE, storage.IO):
                raise
            report.damaged = True
            report.problems.append(tr("{step}: không đọc được dữ liệu vì tệp bị hỏng ({error}).", step=label, error=exc))
        if len(report.problems) == before:
            report.passed.append(label)
        if report.damaged:  # the other checks would read damaged pages: their findings mean nothing
            break
    if report.damaged:
        report.notes = way_out(db.path, storage.find_backups(db.path))
    return report


def damaged_report(path: Path, backups: list[storage.Backup]) -> Report:
    """The report on a file too damaged to open: what SQLite's integrity check finds, and the way out."""
    report = Report(damaged=True)
    _listed(report, tr("Tệp cơ sở dữ liệu bị hỏng:"), storage.damage_report(path) or [tr("SQLite không mở được tệp.")],
            limit=DAMAGE_LISTED)
    report.notes = way_out(path, backups)
    return report


def way_out(path: Path, backups: list[storage.Backup]) -> list[str]:
    """What to do with a damaged file: restore the newest backup; the backups found, newest first."""
    if not backups:
        return [tr("Cách khắc phục: khôi phục từ bản sao lưu gần nhất bạn có (USB, thư mục khác) bằng lệnh restore "
                   "TỆP hoặc trong phần mềm; không tìm thấy bản sao lưu nào trong thư mục {folder}. Đừng ghi thêm "
                   "vào tệp hỏng.", folder=path.parent)]
    lines = [tr("Cách khắc phục: khôi phục từ bản sao lưu gần nhất bằng lệnh restore TỆP (hoặc trong phần mềm); tệp "
                "hỏng được giữ lại bên cạnh. Đừng ghi thêm vào tệp hỏng."),
             tr("Bản sao lưu tìm thấy (mới nhất trước):"),
             *(f"  - {backup.describe()}" for backup in backups[:BACKUPS_LISTED])]
    if len(backups) > BACKUPS_LISTED:
        lines.append("  " + tr("… và {n} bản sao lưu cũ hơn.", n=len(backups) - BACKUPS_LISTED))
    return lines


def _listed(report: Report, header: str, items: list[str], limit: int = MAX_LISTED) -> None:
    if not items:
        return
    report.problems.append(header)
    report.problems.extend(f"  - {item}" for item in items[:limit])
    if len(items) > limit:
        report.problems.append("  " + tr("… và {n} lỗi khác.", n=len(items) - limit))


def _integrity(db: Database, report: Report) -> None:
    # One finding may hold several lines ("*** in database main ***\nOn tree page …").
    rows = [line for r in db.conn.execute("PRAGMA integrity_check") for line in str(r[0]).splitlines()
            if line != "*** in database main ***"]
    if rows != ["ok"]:
        report.damaged = True
        _listed(report, tr("Tệp cơ sở dữ liệu bị hỏng:"), rows, limit=DAMAGE_LISTED)


def _foreign_keys(db: Database, report: Report) -> None:
    rows = db.conn.execute("PRAGMA foreign_key_check").fetchall()
    _listed(report, tr("Bản ghi trỏ tới bản ghi không tồn tại:"),
            [f"{r[0]} rowid {r[1]} → {r[2]}" for r in rows])


def _schema(db: Database, report: Report) -> None:
    version, expected = schema_version(db.conn), len(known_migration_names())
    if version != expected:
        report.problems.append(tr("Phiên bản dữ liệu {version}, phần mềm cần {expected}.", version=version, expected=expected))
        return
    live = _body(schema_sql(db.conn))
    if live != _body(build_schema_sql()):
        report.problems.append(tr("Cấu trúc bảng khác với cấu trúc chuẩn của phiên bản này."))


def _body(sql: str) -> list[str]:
    return [line for line in sql.splitlines() if not line.startswith("--")]


def _rules(db: Database, report: Report) -> None:
    """The registered record rules over every live record, each judged as of the day it was
    written (`records.as_of`): the same rules, with the same messages, as a form and the office's
    merge. Guards of local writes (`state=False`) are not properties of stored data and are left
    out; so are warnings."""
    rules = Store(db).rules
    for table in SYNC_TABLES:
        describe = records.of(table).describe
        found = [_problem(table, record, describe, key, message)
                 for record, key, message in records.row_problems(table, rules, _live_records(db, table))]
        for rule in records.set_rules(table, state_only=True):
            for record_id, message in records.run_set_rule(db.conn, rule, f"SELECT * FROM {table}", rules=rules):
                record = dict(db.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (record_id,)).fetchone())
                found.append(_problem(table, record, describe, rule.field, message))
        _listed(report, tr("Bảng {table} có dữ liệu sai quy tắc:", table=table), found)


def _revisions(db: Database, report: Report) -> None:
    """A version is vouched for: every record's (revision, device) is a version an audit entry
    made, and its values are those the entry's digest names. A revision set by hand (which would
    pin the record against every later edit at the office) or values edited with another tool
    are listed."""
    conn = db.conn
    # A record quarantined by `keys revoke` was made a tombstone by the office, not by a commune.
    exempt = quarantined(conn) if db.identity.is_office else set()
    for table in SYNC_TABLES:
        describe = records.of(table).describe
        columns = [*portable_columns(conn, table), "vouched_", "id_"]
        found = []
        sql = select_sql(conn, table, "1", also="(SELECT a.values_sha256 FROM audit_log a WHERE a.record_uuid = t.uuid "
                         "AND a.revision = t.revision AND a.device_id = t.device_id LIMIT 1), t.id")
        for row in conn.execute(sql):
            record = dict(zip(columns, row, strict=True))
            vouched, record_id = record.pop("vouched_"), record.pop("id_")
            if "deprivations" in record:
                record["deprivations"] = json.loads(record["deprivations"])
            if vouched == values_digest(record) or record["uuid"] in exempt:
                continue
            problem = (tr("bản ghi ghi phiên bản {revision} nhưng nhật ký thay đổi không có lần ghi nào tạo ra phiên "
                          "bản đó (có thể đã bị sửa bằng công cụ khác).", revision=record["revision"])
                       if vouched is None else
                       tr("giá trị của bản ghi khác với giá trị lần ghi cuối trong nhật ký xác nhận (đã bị sửa "
                          "ngoài phần mềm)."))
            found.append(_problem(table, record | {"id": record_id}, describe, "revision", problem))
        _listed(report, tr("Bảng {table} có phiên bản không khớp nhật ký thay đổi:", table=table), found)


def _live_records(db: Database, table: str) -> Iterator[dict]:
    """The table's live records one at a time (an office holds half a million members), an
    assessment with its deprivations as the rules read them."""
    if table != "assessments":
        yield from map(dict, db.conn.execute(f"SELECT * FROM {table} WHERE deleted = 0"))
        return
    for row in db.conn.execute(
            "SELECT a.*, (SELECT json_group_array(indicator_code) FROM (SELECT indicator_code FROM "
            "assessment_deprivations d WHERE d.assessment_id = a.id ORDER BY indicator_code)) AS deprivation_codes "
            "FROM assessments a WHERE a.deleted = 0"):
        record = dict(row)
        record["deprivations"] = json.loads(record.pop("deprivation_codes"))
        yield record


def _problem(table: str, record: dict, describe, key: str, message: str) -> str:
    return f"{table} #{record['id']} {describe(record)} ({field_label(key)}): {message}"


def _audit_chain(db: Database, report: Report) -> None:
    found: list[str] = []
    last: dict[tuple[str, str], str] = {}
    for row in db.conn.execute("SELECT * FROM audit_log ORDER BY id"):
        entry = dict(row)
        if entry.get("withdrawn"):  # taken out of its chain by a revocation (sync/revoke.py)
            continue
        chain = (entry["device_id"], entry["commune_code"])
        prev = last.get(chain, GENESIS)
        # (An office keeps the link as '': the chain is followed here in any case.)
        if (entry["prev_hash"] not in (prev, "") or audit_hash(prev, entry) != entry["hash"]
                or not values_vouched(entry)):
            found.append(tr("mục nhật ký #{id} ({table}, {at}) đã bị sửa hoặc thiếu mục trước nó.",
                            id=entry["id"], table=entry["table_name"], at=entry["at"]))
        last[chain] = entry["hash"]
    _listed(report, tr("Nhật ký thay đổi không còn nguyên vẹn:"), found)
