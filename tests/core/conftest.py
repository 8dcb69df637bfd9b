"""Fixtures for core tests: fresh databases copied from templates made once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.core.db import create_database, open_database
from desktop.core.store import Store


@pytest.fixture(scope="session")
def _templates(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("templates")
    made = {}
    for name, kind, code in (("commune", "commune", "03274"), ("office", "office", "099")):
        path = root / f"{name}.db"
        create_database(path, kind, code).close()
        made[name] = path
    return made


def _copy(template: Path, target: Path):
    shutil.copyfile(template, target)
    return open_database(target)


@pytest.fixture
def cdb(_templates, tmp_path):
    """An empty commune database (Xã Quài Nưa, 03274)."""
    db = _copy(_templates["commune"], tmp_path / "commune.db")
    yield db
    db.close()


@pytest.fixture
def odb(_templates, tmp_path):
    db = _copy(_templates["office"], tmp_path / "office.db")
    yield db
    db.close()


@pytest.fixture
def store(cdb) -> Store:
    return Store(cdb, actor="tester")


@pytest.fixture
def household(store):
    """A village, a household and its head; returns (village_id, household_id, head_id)."""
    village = store.insert("villages", {"name": "Bản Co Muông"})
    household = store.insert("households", {"village_id": village, "code": "QN-00001"})
    head = store.insert("members", {
        "household_id": household, "full_name": "Lò Văn Thượng", "sex": "M", "birth_year": 1980,
        "ethnicity_code": "03", "citizen_id": "011080001234", "relationship": "head",
    })
    return village, household, head
