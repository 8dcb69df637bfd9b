"""Fuzzing the merge: mutated payloads, signed with a bound test key, must be refused cleanly or
accepted whole — never a crash, a hang or a partial write.

Used by tests/sync/test_fuzz.py (a short run) and bench/fuzz_sync.py (the long run).
"""

from __future__ import annotations

import copy
import json
import random
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from nacl.signing import SigningKey

from desktop.core.db import create_database, open_database, utc_now
from desktop.core.demo import generate
from desktop.core.portable import canonical, record_values, values_digest
from desktop.core.store import GENESIS, audit_hash
from desktop.core.sync import format as fmt
from desktop.core.sync.export import snapshot
from desktop.core.sync.keys import fingerprint
from desktop.core.sync.merge import APPLIED, REFUSED, merge_files
from tests.helpers import REFUSAL_LOG

TEST_KEY = SigningKey(b"\x07" * 32)
COMMUNE = "03274"


class Campaign:
    """A commune snapshot to mutate and an office template with the test key bound."""

    def __init__(self, root: Path, households: int = 6):
        self.root = root
        commune = create_database(root / "commune.db", "commune", COMMUNE)
        generate(commune, households, seed=3)
        self.payload = json.loads(json.dumps(snapshot(commune)))  # as a reader sees it: lists, not tuples
        commune.close()
        self.office_template = root / "office-template.db"
        office = create_database(self.office_template, "office", "099")
        sign_hex = TEST_KEY.verify_key.encode().hex()
        with office.transaction():
            office.conn.execute(
                "INSERT INTO commune_keys (commune_code, sign_key, fingerprint, status, via, first_seen, bound_at) "
                "VALUES (?, ?, ?, 'bound', 'approved', ?, ?)", (COMMUNE, sign_hex, fingerprint(sign_hex), utc_now(), utc_now()))
        office.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        office.close()
        self.n = 0

    def file_for(self, payload: Any, manifest_over: dict | None = None) -> Path:
        tables = payload.get("tables") if isinstance(payload, dict) else None
        counts = {}
        if isinstance(tables, dict):
            for name, block in tables.items():
                if isinstance(block, dict) and isinstance(block.get("rows"), list):
                    counts[str(name)] = len(block["rows"])
        if isinstance(payload, dict) and isinstance(payload.get("audit"), dict) and isinstance(payload["audit"].get("rows"), list):
            counts["audit_log"] = len(payload["audit"]["rows"])
        # Each file is the first of its own device: the files a test makes are not one commune's history.
        manifest = {"format": "gnsync", "format_version": fmt.FORMAT_VERSION, "schema_version": 2, "commune_code": COMMUNE,
                    "office_code": "099", "device_id": f"fuzz-device-{self.n + 1}", "sequence": 1,
                    "previous_sha256": "", "created_at": utc_now(), "record_counts": counts,
                    "encrypted": False} | (manifest_over or {})
        # Lone surrogates become invalid UTF-8 on purpose: the reader must refuse that too.
        raw = json.dumps(payload, ensure_ascii=False).encode("utf-8", "surrogatepass")
        import gzip

        self.n += 1
        path = self.root / f"{COMMUNE}_{self.n:06d}_20261129T1000.gnsync"
        path.unlink(missing_ok=True)
        path.write_bytes(fmt.build(manifest, gzip.compress(raw, compresslevel=1), TEST_KEY))
        return path

    def run(self, payload: Any, manifest_over: dict | None = None) -> str:
        """Merge one mutated file into a fresh office; assert the all-or-nothing property."""
        office_path = self.root / "office.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{office_path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.office_template, office_path)
        open_database(office_path).close()  # a copied file takes its new device id on first open
        before = tables_of(office_path)
        path = self.file_for(payload, manifest_over)
        office = open_database(office_path)
        try:
            (result,) = merge_files(office, [path])
        finally:
            office.close()
        path.unlink()
        after = tables_of(office_path)
        if result.status == REFUSED:
            assert after == before, f"refused but changed: {result.message}"
            assert result.message
        else:
            assert result.status == APPLIED, result
            conn = sqlite3.connect(office_path)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            assert conn.execute("SELECT COUNT(*) FROM received_files").fetchone()[0] == 1
            for table, block in payload["tables"].items():
                # Accepted whole: every record of the file is at the office.
                have = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE commune_code = ?", (COMMUNE,)).fetchone()[0]
                assert have == len(block["rows"]), table
            conn.close()
        return result.status


def vouch(payload: dict, changed: list[tuple[str, int]]) -> None:
    """Audit entries, made and chained as the write path makes them, for rows a test changed (by
    table and index): a file whose records break some other rule than being accounted for. A row
    whose version has an entry already becomes the record's next version."""
    audit = payload["audit"]
    at = {c: i for i, c in enumerate(audit["columns"])}
    entries = audit["rows"]
    for table, n in changed:
        block = payload["tables"][table]
        columns = block["columns"]
        row = block["rows"][n]
        uuid, device = row[columns.index("uuid")], row[columns.index("device_id")]
        mine = [e for e in entries if e[at["record_uuid"]] == uuid]
        if any(e[at["revision"]] == row[columns.index("revision")] and e[at["device_id"]] == device for e in mine):
            row[columns.index("revision")] = max(e[at["revision"]] for e in mine) + 1
        revision = row[columns.index("revision")]
        base = next((e[at["device_id"]] for e in reversed(mine) if e[at["revision"]] == revision - 1), None)
        record = dict(zip(columns, row, strict=True))
        entry = {"uuid": f"{COMMUNE}{len(entries):03d}-0000-8000-8000-{n:012d}", "at": utc_now(), "actor": "kiểm thử",
                 "device_id": device, "commune_code": COMMUNE, "action": "insert" if revision == 1 else "update",
                 "table_name": table, "record_uuid": uuid, "revision": revision,
                 "base_device": None if revision == 1 else base, "values_sha256": values_digest(record),
                 "old_values": None, "new_values": canonical(record_values(record)), "extras": None, "reason": "",
                 "prev_hash": next((e[at["hash"]] for e in reversed(entries) if e[at["device_id"]] == device), GENESIS)}
        entry["hash"] = audit_hash(entry["prev_hash"], entry)
        entries.append([entry[c] for c in audit["columns"]])


def rechain(payload: dict) -> None:
    """Every device's audit chain in the payload hashed again from its first entry (a patched app
    that rewrote its history consistently)."""
    audit = payload["audit"]
    at = {c: i for i, c in enumerate(audit["columns"])}
    last: dict[str, str] = {}
    for row in audit["rows"]:
        device = row[at["device_id"]]
        row[at["prev_hash"]] = last.get(device, GENESIS)
        row[at["hash"]] = audit_hash(row[at["prev_hash"]], dict(zip(audit["columns"], row, strict=True)))
        last[device] = row[at["hash"]]


def tables_of(path: Path) -> dict[str, list]:
    """Every row of every table but the office's log of refused files (a refusal writes there only)."""
    conn = sqlite3.connect(path)
    out = {name: sorted(map(repr, conn.execute(f"SELECT * FROM {name}")))
           for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
           if name not in REFUSAL_LOG}
    conn.close()
    return out


# Mutations ---------------------------------------------------------------------------------------

ODD_VALUES = [None, 0, -1, 1, 2**63, -(2**63), 1.5, float("nan"), "", "x" * 20000, "Lò Văn Thượng", "\x00", "\ud800x",
              [], {}, [1, 2], True, False, "0000-00-00", "03271", "deleted", "'; DROP TABLE households; --"]


def mutate(payload: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """One to three structural or value mutations of a valid payload."""
    doc = copy.deepcopy(payload)
    for _ in range(rng.randint(1, 3)):
        try:
            _mutate_once(doc, rng)
        except (TypeError, IndexError, ValueError, KeyError, AttributeError):
            pass  # an earlier step already broke this part of the structure: fine, keep going
    return doc


def _mutate_once(doc: Any, rng: random.Random) -> None:
    kind = rng.randrange(12)
    tables = doc.get("tables") if isinstance(doc, dict) else None
    if not isinstance(tables, dict):
        tables = None
    names = [n for n in (tables or {}) if isinstance(tables[n], dict) and isinstance(tables[n].get("rows"), list)
             and tables[n]["rows"] and isinstance(tables[n].get("columns"), list)]
    if kind == 0 and names:  # a value changed to an odd one
        block = tables[rng.choice(names)]
        row = rng.choice(block["rows"])
        if isinstance(row, list) and row:
            row[rng.randrange(len(row))] = rng.choice(ODD_VALUES)
    elif kind == 1 and names:  # a row dropped or duplicated
        block = tables[rng.choice(names)]
        if rng.random() < 0.5:
            block["rows"].pop(rng.randrange(len(block["rows"])))
        else:
            block["rows"].append(copy.deepcopy(rng.choice(block["rows"])))
    elif kind == 2 and names:  # a column renamed, dropped or added
        block = tables[rng.choice(names)]
        cols = block["columns"]
        choice = rng.random()
        if choice < 0.33:
            cols[rng.randrange(len(cols))] = rng.choice(["id", "evil", "uuid", "household_id", ""])
        elif choice < 0.66:
            i = rng.randrange(len(cols))
            cols.pop(i)
            for row in block["rows"]:
                if isinstance(row, list) and len(row) > i:
                    row.pop(i)
        else:
            cols.append("extra")
    elif kind == 3 and names:  # references pointed elsewhere
        block = tables[rng.choice(names)]
        cols = block["columns"]
        refs = [i for i, c in enumerate(cols) if c.endswith("_uuid")]
        if refs:
            row = rng.choice(block["rows"])
            row[rng.choice(refs)] = rng.choice(["", "00000000-0000-0000-0000-000000000000", None,
                                                 rng.choice(block["rows"])[cols.index("uuid")]])
    elif kind == 4 and names:  # revision, device or deleted flag tampered
        block = tables[rng.choice(names)]
        cols = block["columns"]
        row = rng.choice(block["rows"])
        col = rng.choice(["revision", "device_id", "deleted", "commune_code", "uuid", "updated_at"])
        if col in cols:
            row[cols.index(col)] = rng.choice(ODD_VALUES)
    elif kind == 5:  # a table removed or an unknown one added
        if tables and rng.random() < 0.5:
            tables.pop(rng.choice(list(tables)))
        elif tables is not None:
            tables[rng.choice(["users", "audit_log", "sqlite_master", "households;"])] = {"columns": ["uuid"], "rows": [["x"]]}
    elif kind == 6:  # the top level broken
        key = rng.choice(["commune_code", "tables", "audit"])
        if isinstance(doc, dict):
            doc[key] = rng.choice(ODD_VALUES)
    elif kind == 7 and isinstance(doc, dict) and isinstance(doc.get("audit"), dict) and isinstance(doc["audit"].get("rows"), list) and doc["audit"]["rows"]:  # audit tampered
        row = rng.choice(doc["audit"]["rows"])
        if isinstance(row, list) and row:
            row[rng.randrange(len(row))] = rng.choice(ODD_VALUES)
    elif kind == 8 and names:  # a row's shape broken
        block = tables[rng.choice(names)]
        i = rng.randrange(len(block["rows"]))
        block["rows"][i] = rng.choice([None, [], {}, "row", block["rows"][i][:-1] if isinstance(block["rows"][i], list) else 1])
    elif kind == 9 and names:  # deprivations tampered
        if "assessments" in names:
            block = tables["assessments"]
            row = rng.choice(block["rows"])
            row[-1] = rng.choice([["not_an_indicator"], "latrine", [1], None, ["latrine", "latrine"]])
    elif kind == 10 and names:  # rows shuffled (order must not matter)
        block = tables[rng.choice(names)]
        rng.shuffle(block["rows"])
    elif kind == 11 and names:  # a record moved to another commune
        block = tables[rng.choice(names)]
        row = rng.choice(block["rows"])
        if "commune_code" in block["columns"]:
            row[block["columns"].index("commune_code")] = "03271"
