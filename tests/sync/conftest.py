"""Fixtures for sync tests: an office, communes made from its setup packages, helpers to compare."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.db import open_database
from desktop.core.sync.export import snapshot


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
    tables["audit_log"] = sorted(tuple(r) for r in snap["audit"]["rows"])
    return tables


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


class District:
    def __init__(self, root: Path):
        self.root = root
        self.office = root / "office.db"
        assert cli("--db", self.office, "init", "--district", "099") == 0

    def commune(self, code: str, households: int, seed: int) -> Path:
        package = self.root / f"{code}.gnsetup"
        db = self.root / f"{code}.db"
        assert cli("--db", self.office, "setup-package", "--commune", code, "--out", package) == 0
        assert cli("--db", db, "init", "--setup", package) == 0
        assert cli("--db", db, "demo", "--households", households, "--seed", seed) == 0
        return db

    def export(self, commune_db: Path, capsys) -> Path:
        capsys.readouterr()
        assert cli("--db", commune_db, "export-sync", "--out", self.root / f"outbox-{commune_db.stem}") == 0
        out = capsys.readouterr().out.strip()
        assert "\n" not in out
        return Path(out)


@pytest.fixture
def district(tmp_path) -> District:
    return District(tmp_path)
