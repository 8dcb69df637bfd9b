"""Fixtures of the core tests: a village, a saved household, a demo commune copied per test."""

from __future__ import annotations

import shutil

import pytest

from desktop.core import households as hh
from desktop.core.assessments import AssessmentDraft
from desktop.core.db import create_database, open_database
from desktop.core.demo import generate
from desktop.core.store import Store
from tests.core.households_data import family


@pytest.fixture
def village(store):
    return store.insert("villages", {"name": "Bản Co Muông"})


@pytest.fixture
def saved(store, village):
    """A household of five saved through the draft, with an assessment for 2025."""
    draft = family(village)
    assessment = AssessmentDraft(year=2025, income_per_person=1_200_000,
                                 deprivations=["employment", "health_insurance", "latrine"], causes=["thieu_von"])
    household_id = hh.save(store, draft, assessment)
    return household_id, draft, assessment


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = create_database(path, "commune", "03274")
    generate(db, 400, seed=3)
    db.close()
    return path


@pytest.fixture
def demo(demo_db, tmp_path):
    shutil.copyfile(demo_db, tmp_path / "demo.db")
    db = open_database(tmp_path / "demo.db")
    yield Store(db, actor="tester")
    db.close()
