"""Fixtures for sync tests: an office, communes made from its setup packages, helpers to compare."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core import check
from desktop.core.db import open_database
from desktop.core.store import Store
from desktop.core.sync.export import AUDIT_COLUMNS, snapshot
from desktop.core.sync.keys import public_box_hex


def cli(*args: str) -> int:
    return main([str(a) for a in args])


def dump(db_path: Path, commune: str) -> dict:
    """Every record of a commune, sorted by UUID, in the portable form (no local ids)."""
    db = open_database(db_path)
    try:
        snap = snapshot(db, commune)
    finally:
        db.close()
    tables = {}
    for name, block in snap["tables"].items():
        tables[name] = sorted(map(tuple, (map(_hashable, r) for r in block["rows"])))
    # An office keeps an insert's values as their digest alone (the chain covers it), and an entry's
    # link to the one before as '' (it follows the chain itself): compared so.
    action, new_values = AUDIT_COLUMNS.index("action"), AUDIT_COLUMNS.index("new_values")
    prev_hash = AUDIT_COLUMNS.index("prev_hash")
    tables["audit_log"] = sorted(tuple(None if (n == new_values and r[action] == "insert") or n == prev_hash else v
                                       for n, v in enumerate(r)) for r in snap["audit"]["rows"])
    return tables


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


def setup_package(office: Path, commune: str, package: Path) -> str:
    """`setup-package` through the command line; returns the one-time code it printed (its only
    line on standard output)."""
    with contextlib.redirect_stdout(io.StringIO()) as out:
        assert cli("--db", office, "setup-package", "--commune", commune, "--out", package) == 0
    code = out.getvalue()
    assert code.count("\n") == 1 and re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d\n", code), code
    return code.strip()


def init_from_setup(db: Path, package: Path, code: str) -> None:
    """`init --setup FILE --code CODE` through the command line."""
    with contextlib.redirect_stdout(io.StringIO()) as out:
        assert cli("--db", db, "init", "--setup", package, "--code", code) == 0
    assert out.getvalue() == f"{db}\n"


class District:
    def __init__(self, root: Path):
        self.root = root
        self.office = root / "office.db"
        assert cli("--db", self.office, "init", "--district", "099") == 0
        self.codes: dict[str, str] = {}  # package's one-time code, by commune

    def commune(self, code: str, households: int, seed: int) -> Path:
        package = self.root / f"{code}.gnsetup"
        db = self.root / f"{code}.db"
        self.codes[code] = setup_package(self.office, code, package)
        init_from_setup(db, package, self.codes[code])
        assert cli("--db", db, "demo", "--households", households, "--seed", seed) == 0
        return db

    def export(self, commune_db: Path, capsys, *, unencrypted: bool = False) -> Path:
        """The commune's next file; `unencrypted` for a commune made without a setup package."""
        capsys.readouterr()
        plain = ("--unencrypted",) if unencrypted else ()
        assert cli("--db", commune_db, "export-sync", "--out", self.root / f"outbox-{commune_db.stem}", *plain) == 0
        out = capsys.readouterr().out.strip()
        assert "\n" not in out
        return Path(out)


@pytest.fixture
def district(tmp_path) -> District:
    return District(tmp_path)


def office_and_commune(root: Path, commune: str) -> tuple[Path, Path]:
    """An office of district 099 and a commune made from its setup package (through the CLI)."""
    office = root / "office.db"
    assert cli("--db", office, "init", "--district", "099") == 0
    package = root / f"{commune}.gnsetup"
    code = setup_package(office, commune, package)
    commune_db = root / "commune.db"
    init_from_setup(commune_db, package, code)
    return office, commune_db


class Pair:
    """Copies of an office and one of its communes for one test: export from the commune, merge
    at the office, check either, and break the commune's data behind the write path's back."""

    def __init__(self, office: Path, commune_db: Path, root: Path, commune: str):
        self.root = root
        self.code = commune
        self.office = root / "office.db"
        self.commune = root / f"{commune}.db"
        shutil.copyfile(office, self.office)
        shutil.copyfile(commune_db, self.commune)
        for copied in (self.office, self.commune):
            open_database(copied).close()  # a copied file takes its new device id now, not during a merge

    def export(self, capsys) -> Path:
        capsys.readouterr()
        assert cli("--db", self.commune, "export-sync", "--out", self.root / "outbox") == 0
        return Path(capsys.readouterr().out.strip())

    def merge(self, sent: Path, capsys, *more: str) -> tuple[int, str]:
        capsys.readouterr()
        code = cli("--db", self.office, "merge", *more, sent)
        return code, capsys.readouterr().err

    def check(self, which: Path) -> check.Report:
        db = open_database(which)
        try:
            return check.run(db)
        finally:
            db.close()

    def execute(self, sql: str, params=(), *, vouched: bool = True) -> None:
        """Change the commune's data behind the forms' rules: by default as a write path that skipped
        them would (`vouch_for_changes`: the audit log accounts for it), else as a hand-edited file."""
        conn = sqlite3.connect(self.commune)
        conn.executescript(sql) if not params else conn.execute(sql, params)
        conn.commit()
        conn.close()
        if vouched:
            vouch_for_changes(self.commune)

    def copy_row(self, table: str, where: str, **changes) -> None:
        """A second record made from the first matching `where`: a new UUID, some fields changed."""
        conn = sqlite3.connect(self.commune)
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "id"]
        row = dict(zip(columns, conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {where}").fetchone(),
                       strict=True))
        row |= {"uuid": f"{self.code}{str(uuid.uuid4())[5:]}", "revision": 1} | changes
        conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
        conn.commit()
        conn.close()
        vouch_for_changes(self.commune)


def vouch_for_changes(db_path: Path) -> None:
    """Record, as the write path would, every change made to the database behind its back: each
    record whose version no audit entry made, or whose values differ from its entry's, becomes a
    new version of this device with an entry of its own. The commune's file then carries records
    the office judges by its rules — as from a version of the software whose forms let them
    through — rather than records its audit log does not account for (refused before any rule)."""
    from desktop.core.portable import portable_columns, select_sql, values_digest
    from desktop.core.schema import SYNC_TABLES
    from desktop.core.store import Store, _AuditChain

    db = open_database(db_path)
    try:
        store = Store(db, actor="phần mềm cũ")
        conn = db.conn
        with db.transaction():
            chain = _AuditChain(store)
            for table in SYNC_TABLES:
                columns = [*portable_columns(conn, table), "vouched_", "id_"]
                sql = select_sql(conn, table, "1", also="(SELECT a.values_sha256 FROM audit_log a WHERE a.record_uuid = "
                                 "t.uuid AND a.revision = t.revision AND a.device_id = t.device_id), t.id")
                for row in conn.execute(sql).fetchall():
                    record = dict(zip(columns, row, strict=True))
                    vouched, record_id = record.pop("vouched_"), record.pop("id_")
                    if "deprivations" in record:
                        record["deprivations"] = json.loads(record["deprivations"])
                    if vouched == values_digest(record):
                        continue
                    last = conn.execute("SELECT revision, device_id FROM audit_log WHERE record_uuid = ? "
                                        "ORDER BY id DESC LIMIT 1", (record["uuid"],)).fetchone()
                    revision, base = (last[0] + 1, last[1]) if last else (1, None)
                    conn.execute(f"UPDATE {table} SET revision = ?, device_id = ? WHERE id = ?",
                                 (revision, db.identity.device_id, record_id))
                    values = {k: v for k, v in record.items() if k not in ("revision", "device_id", "updated_at")}
                    chain.add("insert" if last is None else "update", table, record["uuid"], record["commune_code"],
                              None, values, "", revision=revision, base_device=base, values=values)
            chain.flush()
    finally:
        db.close()


def give_office_key(commune_db: Path, office_db: Path) -> None:
    """Give a commune database made without a setup package the office's encryption key, as a
    package would (its files are then encrypted): another laptop of an enrolled commune, with a
    signing key of its own."""
    office = open_database(office_db)
    try:
        box = public_box_hex(office.conn)
        code, name = office.identity.unit_code, office.identity.unit_name
    finally:
        office.close()
    conn = sqlite3.connect(commune_db)
    conn.execute("INSERT OR REPLACE INTO sync_config (id, office_code, office_name, office_box_key) VALUES (1, ?, ?, ?)",
                 (code, name, box))
    conn.commit()
    conn.close()


def first_household(db_path: Path) -> dict:
    """The commune's first live household, as stored."""
    db = open_database(db_path)
    try:
        return dict(db.conn.execute("SELECT * FROM households WHERE deleted = 0 ORDER BY id LIMIT 1").fetchone())
    finally:
        db.close()


def edit_household(db_path: Path, household_id: int, **changes) -> None:
    """An edit through the write path, by an official named after the database file."""
    db = open_database(db_path)
    try:
        Store(db, actor=f"cán bộ {db_path.stem}").update("households", household_id, changes, reason="sửa")
    finally:
        db.close()
