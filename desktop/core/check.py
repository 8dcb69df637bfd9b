"""`giamngheo check`: integrity, schema version, consistency of the data with its rules, audit chain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.core.db import Database, schema_version
from desktop.core.i18n import tr
from desktop.core.rules import classify
from desktop.core.schema import (
    FOREIGN_KEYS,
    SYNC_COLUMNS,
    SYNC_TABLES,
    build_schema_sql,
    known_migration_names,
    schema_sql,
)
from desktop.core.store import GENESIS, Store, audit_hash

MAX_LISTED = 20  # problems listed per kind; the rest are counted


@dataclass
class Report:
    passed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"OK  {p}" for p in self.passed]
        out += [f"LỖI {p}" if not p.startswith("  ") else p for p in self.problems]
        return out


def run(db: Database, progress: Callable[[str], None] | None = None) -> Report:
    report = Report()
    steps: list[tuple[str, Callable[[Database, Report], None]]] = [
        (tr("Toàn vẹn tệp SQLite"), _integrity),
        (tr("Khóa ngoại"), _foreign_keys),
        (tr("Phiên bản cấu trúc dữ liệu"), _schema),
        (tr("Dữ liệu theo quy tắc nghiệp vụ"), _rules),
        (tr("Phân loại hộ theo chuẩn nghèo"), _classifications),
        (tr("Chuỗi nhật ký thay đổi"), _audit_chain),
    ]
    for label, step in steps:
        if progress:
            progress(label)
        before = len(report.problems)
        step(db, report)
        if len(report.problems) == before:
            report.passed.append(label)
    return report


def _listed(report: Report, header: str, items: list[str]) -> None:
    if not items:
        return
    report.problems.append(header)
    report.problems.extend(f"  - {item}" for item in items[:MAX_LISTED])
    if len(items) > MAX_LISTED:
        report.problems.append("  " + tr("… và {n} lỗi khác.", n=len(items) - MAX_LISTED))


def _integrity(db: Database, report: Report) -> None:
    rows = [r[0] for r in db.conn.execute("PRAGMA integrity_check")]
    if rows != ["ok"]:
        _listed(report, tr("Tệp cơ sở dữ liệu bị hỏng:"), rows)


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
    store = Store(db)
    meta = {"id", *SYNC_COLUMNS}
    for table in SYNC_TABLES:
        found: list[str] = []
        # Records under a deleted parent (members of a deleted household …) are inactive with it.
        live_parents = "".join(
            f" AND (t.{col} IS NULL OR EXISTS (SELECT 1 FROM {parent} p WHERE p.id = t.{col} AND p.deleted = 0))"
            for col, parent in FOREIGN_KEYS.get(table, {}).items())
        for row in db.conn.execute(f"SELECT t.* FROM {table} t WHERE t.deleted = 0{live_parents}"):
            record = dict(row)
            values = {k: v for k, v in record.items() if k not in meta} | {"id": record["id"], "commune_code": record["commune_code"]}
            checked = store.check(table, values, record, warnings=False)
            for key, message in checked.errors.items():
                found.append(f"{table} #{record['id']} ({key}): {message}")
        _listed(report, tr("Bảng {table} có dữ liệu sai quy tắc:", table=table), found)


def _classifications(db: Database, report: Report) -> None:
    store = Store(db)
    found: list[str] = []
    deprivations: dict[int, list[str]] = {}
    for assessment_id, code in db.conn.execute("SELECT assessment_id, indicator_code FROM assessment_deprivations"):
        deprivations.setdefault(assessment_id, []).append(code)
    standards = {}
    for row in db.conn.execute(
        "SELECT id, year, standard_code, area_type, income_per_person, b1_score, b2_score, computed_class, "
        "override_class, classification FROM assessments WHERE deleted = 0"
    ):
        try:
            standard = standards.get(row["year"]) or store.rules.standard_for_year(row["year"])
            standards[row["year"]] = standard
            result = classify(standard, row["area_type"], deprivations.get(row["id"], []),
                              row["income_per_person"], row["b1_score"])
        except Exception as exc:  # a Refusal: the stored data cannot be classified any more
            found.append(f"assessments #{row['id']}: {getattr(exc, 'message', exc)}")
            continue
        expected_final = row["override_class"] or result.classification
        if (row["standard_code"], row["computed_class"], row["b2_score"], row["classification"]) != (
            result.standard_code, result.classification, result.b2_score, expected_final
        ):
            found.append(tr("phiếu #{id} năm {year}: lưu “{stored}”, theo quy tắc phải là “{expected}”.",
                            id=row["id"], year=row["year"], stored=row["computed_class"], expected=result.classification))
    _listed(report, tr("Phân loại đã lưu khác kết quả tính theo chuẩn nghèo:"), found)


def _audit_chain(db: Database, report: Report) -> None:
    found: list[str] = []
    last: dict[tuple[str, str], str] = {}
    for row in db.conn.execute("SELECT * FROM audit_log ORDER BY id"):
        entry = dict(row)
        chain = (entry["device_id"], entry["commune_code"])
        prev = last.get(chain, GENESIS)
        if entry["prev_hash"] != prev or audit_hash(prev, entry) != entry["hash"]:
            found.append(tr("mục nhật ký #{id} ({table}, {at}) đã bị sửa hoặc thiếu mục trước nó.",
                            id=entry["id"], table=entry["table_name"], at=entry["at"]))
        last[chain] = entry["hash"]
    _listed(report, tr("Nhật ký thay đổi không còn nguyên vẹn:"), found)
